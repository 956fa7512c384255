/* changes.h - the model of `perf-reporter changes` (SPEC section 17): the change points of
 * every row's series (an operation, or a --by group) of one metric per bucket, found by
 * changepoint.h over the report's series (buckets without records are left out). Built
 * once from a report model; emitters read it and never compute. */
#ifndef PR_CHANGES_H
#define PR_CHANGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"

/* One change point of one row. */
struct change_point {
	size_t row;         /* index of its row in report.rows (operation, group) */
	int64_t at;         /* start of the first bucket after the change (microseconds) */
	double before;      /* the metric's mean over the buckets of the segment before */
	double after;       /* ... and of the segment after */
	bool has_pct;       /* false when before is 0 */
	double change_pct;  /* 100 * (after - before) / before */
	double p_value;     /* the accepting t-test's two-sided p */
	uint64_t count_before, count_after; /* records in those buckets */
	bool worse;         /* the metric went up (every metric here is better lower) */
	bool recent;        /* at >= recent_since (the last --days N) */
};

struct changes {
	const struct report *r;      /* the report it was built from (not owned) */
	enum change_metric metric;
	size_t min_segment;
	double alpha;
	long recent_days;            /* --days: the span --fail-on looks at */
	double regress_pct;          /* --regress-pct */
	int64_t recent_since;        /* r->end - recent_days: its start */
	struct change_point *points; /* row order, then time order */
	size_t n_points;
	size_t n_rows_changed;       /* rows with at least one change point */
	size_t n_recent_worse;       /* recent, worse by more than regress_pct (from 0: any
	                                rise counts) */
};

/* The name of a metric as a JSON/CSV key ("p50_ms", "error_rate_pct"), and the word the
 * command line takes ("p50", "error_rate"). */
const char *changes_metric_key(enum change_metric m);
const char *changes_metric_word(enum change_metric m);

/* The value of metric m in one series row. */
double changes_metric_value(const struct series_row *s, enum change_metric m);

/* Find the change points of every row's series in r (r->series, row order then bucket)
 * with changepoint_find(min_segment, alpha); count those in the last recent_days days of
 * the window that made the metric worse by more than regress_pct. The result points at r,
 * which must outlive it; free with changes_free. */
struct changes *changes_build(const struct report *r, enum change_metric m, size_t min_segment,
    double alpha, long recent_days, double regress_pct);
void changes_free(struct changes *c);

/* "Slower since DATE" (SPEC section 17): the change points of a daily series x[0..n) (one
 * value per day with records, starts[k] its day's start, ascending) found with
 * changepoint_find(min_segment, alpha), those that start at or after from (the current
 * window's start); of the last run of consecutive ones that made the value rise (after >
 * before), the first: a rise in steps (a ramp splits into several) is named where it
 * began, and a rise that fell back before the last one is not. True and *at its start
 * when there is one; false (and *at untouched) otherwise. */
bool changes_since(const double *x, const int64_t *starts, size_t n, int64_t from,
    size_t min_segment, double alpha, int64_t *at);

/* Give every slower finding of r its "since" (finding.has_since, .since): the series is
 * the row's average per UTC day over both windows, from the sums agg kept while reading
 * (aggregate.h, days kept; days without records left out), and changes_since names the
 * change point inside the current window with the changes command's defaults
 * (CLI_DEFAULT_MIN_SEGMENT days, CLI_DEFAULT_CHANGES_ALPHA). The average, not p50: the
 * finding is about the average, and sums are all a day keeps. Nothing is named when agg
 * kept no days. Call once the findings are final (after the gate's FDR). */
struct aggregate;
void changes_since_fill(struct report *r, const struct aggregate *agg);

#endif
