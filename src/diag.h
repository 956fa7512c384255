/* diag.h - the only writer to standard error: messages prefixed with the program name,
 * the malformed-line tally, and the terminal progress line. */
#ifndef PR_DIAG_H
#define PR_DIAG_H

#include <stdint.h>
#include <stdio.h>
#include "common.h"

/* With quiet set, notes and the progress line are suppressed; errors never are. */
void diag_set_quiet(bool quiet);

/* "perf-reporter: MESSAGE\n" on standard error. Errors are always printed. */
void diag_error(const char *fmt, ...) PR_PRINTF(1, 2);
/* diag_error, then exit with status 2 (EXIT_TROUBLE): for what stops the run where it
 * stands (a thread that cannot be started, a table that cannot grow). */
PR_NORETURN void diag_fatal(const char *fmt, ...) PR_PRINTF(1, 2);
/* Same form, but suppressed by --quiet (warnings, notes, summaries). */
void diag_note(const char *fmt, ...) PR_PRINTF(1, 2);

/* Malformed-line bookkeeping (SPEC section 2): count every skipped line, keep the first. */
struct malformed_tally {
	uint64_t count;
	char *first; /* "FILE:LINE: reason", heap, or NULL */
};
void tally_add(struct malformed_tally *t, const char *file, uint64_t line, const char *reason);
/* Print the end-of-run summary line (nothing when count is 0). */
void tally_report(const struct malformed_tally *t);
void tally_free(struct malformed_tally *t);

/* Progress on a terminal (SPEC section 7): shown only when standard error is a terminal,
 * not quiet, and the run has lasted more than about a second. total is 0 when unknown. */
struct progress {
	bool enabled;
	bool shown;
	double started;     /* monotonic seconds */
	double last_drawn;
};
void progress_init(struct progress *p);
void progress_update(struct progress *p, const char *name, uint64_t done, uint64_t total);
void progress_clear(struct progress *p);

#endif
