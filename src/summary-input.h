/* summary-input.h - summaries as input (SPEC section 18): telling a summary from a log by
 * its first non-blank line, reading summaries whole (summary.c's strict reader), reading
 * logs into a summary of the same shape, merging, and handing the merged lines to a
 * report's aggregate on whole buckets.
 *
 * Used by `summarize` (which writes the merged summary) and by the loader (load.c: every
 * report command, compare and changes), which passes its scan in as a function so that
 * this module stays below it. Nothing here exits; errors are printed (diag_error) and come
 * back as -1, a summary's with NAME:LINE. */
#ifndef PR_SUMMARY_INPUT_H
#define PR_SUMMARY_INPUT_H

#include <stdbool.h>

#include "aggregate.h"
#include "diag.h"
#include "input-counts.h"
#include "options.h"
#include "scan.h"
#include "summary.h"
#include "window.h"

/* The inputs, sorted out by their first non-blank line. */
struct summary_input_files {
	char **logs;           /* borrowed names, in input order */
	size_t n_logs;
	const char **sums;     /* the summaries' names, in input order */
	size_t n_sums;
	struct summary *first; /* the first summary's header (no lines), or NULL */
	uint64_t sum_lines;    /* lines of the summaries read (summary_input_merge_all) */
};

/* Sort o's inputs (o->files, or o->default_input) into logs and summaries; standard input,
 * FIFOs and devices are always logs. -1 after a message (a summary whose header is bad, a
 * file that cannot be read). */
int summary_input_split(const struct options *o, struct summary_input_files *in);
void summary_input_files_free(struct summary_input_files *in);

/* Read path whole: *out the summary (the caller's, finished) when it is one, NULL when it
 * is a log. -1 after a message. */
int summary_input_read(const char *path, struct summary **out);

/* The scan a caller lends: o's inputs (o->files) through the loader's rules, records --op
 * selects to add(ctx, ...). */
typedef int (*summary_input_scan_fn)(const struct options *o, scan_fn add, void *ctx,
    struct input_counts *in, struct malformed_tally *t);

/* Read the logs of in into out (its bucket, its "by" keys as the groups), through scan;
 * counts and tally filled as the scan fills them. -1 after a message. */
int summary_input_logs(const struct options *o, const struct summary_input_files *in,
    summary_input_scan_fn scan, struct summary *out, struct input_counts *counts,
    struct malformed_tally *tally);

/* Read and merge the summaries of in into out, in input order, one at a time (--op keeps
 * the lines of the selected operations); keep_values: every value kept (summary_absorb:
 * for a report), else under the smallest exact limit (summary_merge). dst_name names out
 * in a message about a header that does not fit. -1 after a message. */
int summary_input_merge_all(const struct options *o, struct summary_input_files *in,
    const char *dst_name, bool keep_values, struct summary *out);

/* The whole-bucket windows (SPEC section 18) of o at now for bucket b: now moved up to the
 * end of its bucket, --since down to its bucket's start, --until up to its bucket's end, the
 * previous window the same length before; *moved says whether anything moved. */
void summary_input_windows(const struct options *o, enum summary_bucket b, int64_t now,
    struct windows *w, bool *moved);

/* The end of the bucket holding us (us itself on a boundary). */
int64_t summary_input_ceil(enum summary_bucket b, int64_t us);

/* Hand the lines of s (finished) inside w's windows to a (fixed, over w), keyed by the
 * report's grouping (o's --by keys, else operation_type), every merged line's values
 * sorted. -1 after a message: the summary lacks a key the report groups by. */
int summary_input_fill(struct aggregate *a, const struct summary *s, const struct windows *w,
    const struct options *o);

#endif
