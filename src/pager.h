/* pager.h - long output on a terminal through a pager, as git and gh do (SPEC section 13).
 *
 * main.c arms the pager with the command pager_choose picks; the pager starts only when
 * output begins (sink_open of standard output calls pager_begin), so a run that stops with
 * an error before writing a report, and the progress line while the input is read, stay on
 * the terminal itself. From pager_begin on, standard output (and standard error, when it is
 * a terminal) go into a pipe to the pager, SIGPIPE is ignored, so a pager that quits early
 * (q) turns the remaining writes into EPIPE, which the sink ends quietly: the exit status
 * stays the verdict's. pager_end closes the pipe and waits for the pager, so the shell's
 * prompt comes back after it; SIGTERM and SIGHUP wait for it too before they end the
 * process, and SIGINT and SIGQUIT (the keyboard, the pager's while it runs) are ignored
 * from pager_begin on: the report is complete by then, and q is how a person stops.
 *
 * The state is one pager per process, kept in pager.c (a signal handler must find it). */
#ifndef PR_PAGER_H
#define PR_PAGER_H

#include "common.h"

/* The pager when PAGER is not set. */
#define PAGER_DEFAULT "less -FRX"

/* The pager command for a run, or NULL for none: none when standard output is not a
 * terminal (stdout_tty false), the output goes to a file (to_file), --no-pager was given,
 * or env_pager (PAGER, NULL when unset) is empty, white space or "cat"; else env_pager,
 * or PAGER_DEFAULT when it is NULL. Pure: reads nothing else. */
const char *pager_choose(const char *env_pager, bool stdout_tty, bool to_file, bool no_pager);

/* Whether cmd can run without a shell: it has no character a shell gives a meaning to
 * (quotes, $, `, \, redirections, ;, &, |, globs, ~, #, = and the like), only words
 * separated by blanks. Such a command is run directly, so a missing program is noticed
 * before any output goes to it; any other runs as "sh -c cmd". */
bool pager_is_simple(const char *cmd);

/* Remember cmd (NULL: no pager) for pager_begin; the string must outlive the run. */
void pager_arm(const char *cmd);

/* Start the armed pager, once; later calls do nothing. Nothing pending on standard output
 * is lost (it is flushed first). When the pager cannot be started (no such program, no
 * pipe, no process) a note says so and output goes straight to the terminal. LESS is set
 * to "FRX" in the pager's environment when unset (as git does), so PAGER=less keeps the
 * colours and quits on a short report. Returns true when output now goes to a pager. */
bool pager_begin(void);

/* When a pager runs: flush standard output and standard error, give standard error back
 * its terminal, close the pipe and wait for the pager to exit. Harmless otherwise, and
 * when called again. Registered with atexit by pager_begin, so an exit() from anywhere
 * waits for the pager as well. */
void pager_end(void);

#endif
