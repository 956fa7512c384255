/* cmd-export.h - the export command's run function, for its row in the command table (cmd.c). */
#ifndef PR_CMD_EXPORT_H
#define PR_CMD_EXPORT_H

#include "options.h"

/* export: the records of the window, through the loader, to the output; returns the exit
 * status (enum exit_status). */
int cmd_export_run(const struct options *o);

#endif
