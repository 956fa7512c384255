/* cmd-changes.h - the changes command's run function, for its row in the command table
 * (cmd.c). */
#ifndef PR_CMD_CHANGES_H
#define PR_CMD_CHANGES_H

#include "options.h"

/* changes (SPEC section 17): load the inputs into per-bucket series, find their change
 * points, write them; returns the exit status (enum exit_status): 1 under --fail-on
 * critical when a change point in the last --days made the metric worse by more than
 * --regress-pct. */
int cmd_changes_run(const struct options *o);

#endif
