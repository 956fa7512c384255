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

/* Malformed-line bookkeeping (SPEC section 2): count every skipped line, grouped by reason,
 * each reason with its count and its first line. */
#define TALLY_SHOWN 3 /* reasons a summary names, commonest first */
#define TALLY_KEY_SIZE 96
struct tally_reason {
	char key[TALLY_KEY_SIZE]; /* tally_reason_key of the reason */
	uint64_t count;
	char *first;              /* "FILE:LINE: reason" of its first line, heap */
};
struct malformed_tally {
	uint64_t count;
	char *first; /* "FILE:LINE: reason" of the first malformed line, heap, or NULL */
	struct tally_reason *reasons; /* in the order first added */
	size_t n_reasons, cap_reasons;
};
/* The class of a reason, for grouping: the text without what changes from line to line
 * (quoted values but a leading field label, parenthesised details, digits), cut to size
 * bytes with a NUL. "not valid JSON: invalid token near 'x' (column 4)" and the same with
 * 'y' (column 9) share one class. */
void tally_reason_key(const char *why, char *key, size_t size);
/* count more lines of reason why, the first of them FILE:LINE: added to the reason's class
 * (and to t->count); the first call for a class names its first line, so callers add in
 * input order. The very first call also sets t->first. */
void tally_add(struct malformed_tally *t, uint64_t count, const char *file, uint64_t line,
    const char *why);
/* The reasons as text, commonest first (ties: first added), at most TALLY_SHOWN of them:
 * "12 like FILE:LINE: reason; 3 like ...; 2 of other reasons" (heap; "" when empty). */
char *tally_reasons_text(const struct malformed_tally *t);
/* Print the end-of-run summary line (nothing when count is 0): with one reason the first
 * line is quoted, with several each one's count and first line (tally_reasons_text). */
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
