/* cmd-summarize.h - the summarize command's run function, for its row in the command table
 * (cmd.c). */
#ifndef PR_CMD_SUMMARIZE_H
#define PR_CMD_SUMMARIZE_H

#include "options.h"

/* summarize (SPEC section 18): the logs among the inputs read through the loader into a
 * summary, the summaries among them merged into it, written to -o FILE or standard output
 * whole or not at all; returns the exit status (enum exit_status). */
int cmd_summarize_run(const struct options *o);

#endif
