/* report.h - the immutable report model every emitter reads (SPEC sections 4-6). Built once
 * by report_build from the aggregates; emitters never compute a statistic, they only format
 * what is here. All strings are owned by the report; report_free releases everything. */
#ifndef PR_REPORT_H
#define PR_REPORT_H

#include <stdint.h>
#include "cli.h"
#include "common.h"

/* Flags (SPEC section 5), in output order. */
enum flag {
	FLAG_OUTLIER = 1 << 0, /* degradation */
	FLAG_SLOWER = 1 << 1,  /* degradation */
	FLAG_FASTER = 1 << 2,  /* noted */
	FLAG_ERRORS = 1 << 3,  /* degradation */
	FLAG_NEW = 1 << 4      /* noted */
};
#define FLAG_COUNT 5
#define FLAG_DEGRADATIONS (FLAG_OUTLIER | FLAG_SLOWER | FLAG_ERRORS)

/* Name of a single flag bit ("outlier", ...). */
const char *flag_name(unsigned flag);

/* One row per operation of the current window (SPEC section 6 column order). */
struct op_row {
	char *operation;
	uint64_t count, success, failed;
	double error_rate_pct;
	double avg_ms;
	double pct_ms[MAX_PERCENTILES]; /* one per report.percentiles */
	double min_ms, max_ms;
	uint64_t prev_count;       /* 0 when the operation is new */
	bool has_prev_avg;
	double prev_avg_ms;
	bool has_avg_change;       /* false when new or prev_avg is 0 */
	double avg_change_pct;
	unsigned flags;            /* enum flag bits; 0 below --min-samples */
};

struct slow_entry {
	char *operation;
	double duration_ms;
	int64_t ts_us;
	char *session_id; /* NULL when none */
};

struct freq_entry {
	char *operation;
	uint64_t count;
	double share_pct; /* of the window's (selected) records */
};

/* One degradation (outlier, slower, errors). */
struct finding {
	char *operation;
	enum flag flag;
	char *message;      /* human sentence with the numbers, no markup */
	double value;       /* outlier: p95; slower: avg; errors: error rate */
	double threshold;   /* outlier: ratio*avg; slower: drift pct; errors: limit pct */
	bool has_previous;  /* slower only */
	double previous;    /* slower: prev_avg */
};

/* Trend series row (trends only): statistics per operation per bucket. */
struct series_row {
	char *operation;
	int64_t bucket_start;
	uint64_t count;
	double avg_ms, p95_ms, p99_ms, error_rate_pct;
};

struct totals {
	uint64_t count, success, failed;
	bool has_error_rate; /* false when count is 0 */
	double error_rate_pct;
};

struct input_counts {
	char **files; /* names read ("<stdin>" for standard input) */
	size_t n_files;
	uint64_t lines, records, malformed, outside_window;
	bool has_span;                /* at least one valid record */
	int64_t first_ts, last_ts;    /* span of valid timestamps in the input */
};

struct report {
	enum command command;
	char *label;          /* "Last 30 days", "Last 7 days", "Last 90 days", "START – END" */
	int64_t generated_at; /* microseconds; SOURCE_DATE_EPOCH when set */
	int64_t start, end;   /* current window [start, end) */
	int64_t prev_start, prev_end;
	double days;          /* (end - start) in days */
	enum bucket bucket;   /* trends: resolved bucket (never BUCKET_AUTO) */

	double percentiles[MAX_PERCENTILES]; /* e.g. 50, 95, 99 */
	char *pct_names[MAX_PERCENTILES];    /* "p50_ms", "p99.9_ms" */
	size_t n_percentiles;

	struct input_counts input;
	struct totals totals;

	struct op_row *rows; /* count desc, then name asc (bytewise) */
	size_t n_rows;
	struct slow_entry *slowest; /* duration desc, earlier ts, then name */
	size_t n_slowest;
	struct freq_entry *most_frequent;
	size_t n_most_frequent;
	struct finding *findings; /* in row order; per row outlier, slower, errors */
	size_t n_findings;
	char **previous_only; /* names seen only in the previous window, ascending */
	size_t n_previous_only;
	struct series_row *series; /* trends: row (operation) order, then bucket */
	size_t n_series;
};

struct aggregate;
struct windows;

/* Build the model from the aggregated observations for the resolved windows. Applies
 * --op, --percentiles, --top and degradation detection (degrade.h). */
struct report *report_build(const struct aggregate *agg, const struct windows *w,
    const struct options *o, const struct input_counts *input);
void report_free(struct report *r);

#endif
