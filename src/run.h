/* run.h - one command from parsed options to written output. */
#ifndef PR_RUN_H
#define PR_RUN_H

#include "cli.h"

/* Run o's command; returns the exit status (enum exit_status). Messages go to standard
 * error through diag.h. */
int run_command(const struct options *o);

/* ---- shared by run.c and run-compare.c ---- */

#include "aggregate.h"
#include "diag.h"
#include "report.h"
#include "window.h"

/* One set of inputs read into a report model: the aggregate (kept for the sorted
 * durations behind each row), the windows, the input counts, the malformed tally. */
struct run_data {
	struct aggregate agg;
	struct windows w;
	struct input_counts in;
	struct malformed_tally tally;
	struct report *r;
};

/* Read o's inputs (o->files) and build the model into *d (zeroed first); -1 after printing
 * what went wrong. Free *d with run_data_free in either case. */
int run_load(const struct options *o, struct run_data *d);
void run_data_free(struct run_data *d);

/* The --op patterns that match no operation in any of aggs[0..n), each named on standard
 * error with the nearest name there is. */
void run_warn_unmatched(const struct options *o, const struct aggregate *const *aggs,
    size_t n);

/* The note for a window [start, end) with no record: what the input does cover; for
 * compare, side names the input (CURRENT) that has none. */
void run_note_no_data(const struct options *o, const char *side, int64_t start,
    int64_t end, const struct input_counts *in);

/* Whether output gets ANSI colours: Markdown and term only; --color always, or auto with
 * standard output a terminal, no -o, NO_COLOR unset or empty and TERM not dumb. */
bool run_use_color(const struct options *o);

/* compare BASE CURRENT (run-compare.c). */
int run_compare(const struct options *o);

#endif
