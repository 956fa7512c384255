/* cmd-report.h - the report command's run function, for its row in the command table (cmd.c). */
#ifndef PR_CMD_REPORT_H
#define PR_CMD_REPORT_H

#include "options.h"

/* weekly, monthly, trends and report: load the inputs and the CI gate's files, judge,
 * write the report; returns the exit status (enum exit_status). */
int cmd_report_run(const struct options *o);

#endif
