/* run.h - one command from parsed options to written output. */
#ifndef PR_RUN_H
#define PR_RUN_H

#include "cli.h"

/* Run o's command; returns the exit status (enum exit_status). Messages go to standard
 * error through diag.h. */
int run_command(const struct options *o);

#endif
