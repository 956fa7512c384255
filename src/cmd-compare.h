/* cmd-compare.h - the compare command's run function, for its row in the command table (cmd.c). */
#ifndef PR_CMD_COMPARE_H
#define PR_CMD_COMPARE_H

#include "options.h"

/* compare BASE CURRENT (o->files[0] and [1]), each a log or a saved JSON report; returns
 * the exit status (enum exit_status). */
int cmd_compare_run(const struct options *o);

#endif
