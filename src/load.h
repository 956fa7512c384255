/* load.h - the one loader every command reads its inputs through: the window (fixed, or
 * following the newest record under --now latest), -j, the --op selection, scanning, and
 * the notes about what was not found. A report command loads into an aggregate and a
 * report model (load_report); export into its own writer (load_scan with a load_sink). */
#ifndef PR_LOAD_H
#define PR_LOAD_H

#include "aggregate.h"
#include "diag.h"
#include "input-counts.h"
#include "options.h"
#include "report.h"
#include "scan.h"
#include "window.h"

/* One set of inputs read into a report model: the aggregate (kept for the sorted
 * durations behind each row), the windows, the input counts, the malformed tally. */
struct load_data {
	struct aggregate agg;
	struct windows w;
	struct input_counts in;
	struct malformed_tally tally;
	struct report *r;
};

/* Read o's inputs (o->files) and build the model into *d (zeroed first); -1 after printing
 * what went wrong. Free *d with load_data_free in either case. */
int load_report(const struct options *o, struct load_data *d);
void load_data_free(struct load_data *d);

/* Where load_scan puts the records. */
struct load_sink {
	scan_fn add;    /* one record, to ctx (one thread) or to a part (-j N) */
	void *ctx;
	/* -j N > 1: a part of its own for each thread (add gets the part), or NULL to read
	 * with one thread. */
	void *(*part_new)(void *ctx);
	scan_fn part_add;         /* a part's records (NULL: add) */
	scan_batch_fn batch_done; /* a part's batch is done, in input order; may be NULL */
	void (*part_join)(void *ctx, void *part); /* after reading, in thread order; frees it */
	bool select_ops; /* the loader passes on only the records --op selects (names_match) */
};

/* For a command that needs single records (export): -1 after a message naming the first
 * input that is a summary (SPEC section 18) or that cannot be sorted out, else 0. */
int load_refuse_summaries(const struct options *o);

/* Read every input into s (one thread, or scan_jobs(o) with parts); 0, or -1 after a
 * fatal input error (already reported). */
int load_scan(const struct options *o, const struct load_sink *s, struct input_counts *in,
    struct malformed_tally *t);

/* True when o's window follows the newest record (--now latest and a window that ends at
 * now): known only once the inputs are read (load_window_settle). */
bool load_window_moves(const struct options *o);
/* The window at the run's now, before reading (not yet final when load_window_moves). */
void load_window(const struct options *o, struct windows *w);
/* After reading with a moving window: the final window, just past the newest valid record
 * of in (with a note when there is none: the clock then); WINDOW_INPUT without --since
 * starts at the first valid record. */
void load_window_settle(const struct options *o, const struct input_counts *in,
    struct windows *w);

/* True when --op selects the operation name[0..len) (no --op: every operation). */
bool load_op_selected(const struct options *o, const char *name, size_t len);

/* The --op patterns that match no operation in any of aggs[0..n), each named on standard
 * error with the nearest name there is. */
void load_warn_unmatched(const struct options *o, const struct aggregate *const *aggs,
    size_t n);

/* The note for a window [start, end) with no record: what the input does cover; for
 * compare, side names the input (CURRENT) that has none. */
void load_note_no_data(const struct options *o, const char *side, int64_t start,
    int64_t end, const struct input_counts *in);

/* Whether output gets ANSI colours: Markdown and term only; --color always, or auto with
 * standard output a terminal, no -o, NO_COLOR unset or empty and TERM not dumb. */
bool load_use_color(const struct options *o);

#endif
