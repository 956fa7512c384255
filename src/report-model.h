/* report-model.h - the types of the report model (SPEC sections 4-6) alone: what
 * report_build fills (report.h), what degrade.c and the gate judge in place, and what every
 * emitter reads. Strings are owned by the report (report_free). */
#ifndef PR_REPORT_MODEL_H
#define PR_REPORT_MODEL_H

#include <stdint.h>
#include "common.h"
#include "input-counts.h"
#include "options.h"

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

/* One row per operation of the current window (SPEC section 6 column order). */
struct op_row {
	char *operation;
	uint64_t count, success, failed;
	double error_rate_pct;
	double avg_ms;
	bool has_stddev;           /* false below 2 records */
	double stddev_ms;          /* sample standard deviation (n - 1) */
	double pct_ms[MAX_PERCENTILES]; /* one per report.percentiles */
	bool approximate;          /* from summaries (SPEC section 18): the percentiles come
	                              from a histogram, within its accuracy */
	double min_ms, max_ms;
	uint64_t prev_count;       /* 0 when the operation is new */
	bool has_prev_avg;
	double prev_avg_ms;
	bool has_avg_change;       /* false when new or prev_avg is 0 */
	double avg_change_pct;
	bool has_p_value;          /* false when the previous window has no record */
	double p_value;            /* two-sided Mann-Whitney U, current against previous */
	bool has_q_value;          /* false when the drift test is not in the report's family
	                              (SPEC section 5: not judged) */
	double q_value;            /* its Benjamini-Hochberg q-value over the family (= p_value
	                              under --fdr off); slower/faster read it */
	unsigned flags;            /* enum flag bits; 0 below --min-samples */
	bool has_trend_change;     /* false without series rows or when the first p95 is 0 */
	double trend_change_pct;   /* p95 of the row's last series row against its first,
	                              in % of the first (build_series) */
	/* --by (SPEC section 14): operation is the display of the whole group (the values
	   joined by " / "); group holds one value per report.group_keys ("(none)" for an
	   absent one, "(other)" for the merged rest); NULL without --by. */
	char **group;
	char *group_key;           /* the group's encoding (group.h), for report.c; NULL
	                              without --by */
};

struct slow_entry {
	char *operation;  /* the display of its row's group */
	size_t row;       /* index of its row in report.rows (an emitter finds the row's
	                     --by values there, never by the display, which two groups can
	                     share) */
	double duration_ms;
	int64_t ts_us;
	char *session_id; /* NULL when none */
};

struct freq_entry {
	char *operation;
	uint64_t count;
	double share_pct; /* of the window's (selected) records */
};

/* How much a finding weighs (SPEC section 5): outlier is a warning (a standing tail, not a
 * change); slower and errors are critical. */
enum finding_level { LEVEL_WARNING, LEVEL_CRITICAL };

/* --explain (SPEC section 14): one value of the KEY within a slower row's group. */
struct explain_entry {
	char *value;             /* as in struct op_row.group: "(none)" when absent */
	uint64_t cur_count, prev_count;
	bool has_cur_avg, has_prev_avg; /* false when the value has no record on that side */
	double cur_avg_ms, prev_avg_ms;
	double contribution_ms;  /* cur_n(v)*cur_avg(v)/cur_n - prev_n(v)*prev_avg(v)/prev_n */
	/* The contribution split (SPEC section 17), with shares cur_n(v)/cur_n and
	 * prev_n(v)/prev_n: mix = prev_avg(v) (cur_share - prev_share), latency = cur_share
	 * (cur_avg(v) - prev_avg(v)); a value on one side only is all mix. mix + latency =
	 * contribution up to rounding. */
	double mix_ms, latency_ms;
};

/* One degradation (outlier, slower, errors). */
struct finding {
	char *operation;
	size_t row;         /* index of its row in report.rows */
	enum flag flag;
	enum finding_level level;
	char *message;      /* human sentence with the numbers, no markup */
	double value;       /* outlier: p95; slower: avg; errors: error rate */
	double threshold;   /* outlier: ratio*avg; slower: drift pct; errors: limit pct */
	bool has_previous;  /* slower only */
	double previous;    /* slower: prev_avg */
	bool has_p_value;   /* slower: Mann-Whitney; errors: exact binomial; outlier: none */
	double p_value;
	bool has_q_value;   /* as has_p_value (every test behind a finding is in the family) */
	double q_value;     /* the test's q-value over the report's family (SPEC section 5) */
	uint64_t count;      /* records of the operation in the current window */
	uint64_t prev_count; /* slower: records in the previous window */
	bool has_since;      /* slower: a rising change point of its daily averages lies in
	                        the current window (SPEC section 17; changes_since_fill) */
	int64_t since;       /* slower: that change point's day (microseconds, UTC midnight) */
	struct explain_entry *explain; /* --explain, slower only: largest |contribution| first
	                                  (then value, bytewise); NULL otherwise */
	size_t n_explain;
	double explain_mix_ms, explain_latency_ms; /* their sums over the entries */
};

/* Trend series row (trends, and any report that draws charts): statistics per operation
 * per bucket. */
struct series_row {
	char *operation;
	size_t row;       /* index of its row in report.rows */
	int64_t bucket_start;
	uint64_t count;
	double avg_ms, p95_ms, p99_ms, error_rate_pct;
	double p50_ms;
};

/* Latency histogram of one operation's current-window durations (SPEC section 13):
 * n_bins log-spaced bins, bin k holding edges[k] <= d < edges[k + 1] (the last bin also
 * holds d == edges[n_bins], the maximum); durations of exactly 0 (no place on a log axis)
 * are counted in zeros, drawn as a bin of their own before the others. n_bins is 0 when
 * every duration is 0. */
struct histogram {
	double *edges;    /* n_bins + 1 edges, ascending; the first is the smallest d > 0 */
	uint64_t *counts; /* n_bins */
	size_t n_bins;
	uint64_t zeros;
};

struct totals {
	uint64_t count, success, failed;
	bool has_error_rate; /* false when count is 0 */
	double error_rate_pct;
};

/* ---- CI gate (SPEC section 10), filled by gate.c after report_build ---- */

/* Status of one (operation, metric) against its target; TARGET_NONE: no target applies. */
enum target_status { TARGET_NONE, TARGET_MET, TARGET_WARNING, TARGET_CRITICAL, TARGET_NO_DATA };
/* Status of one (operation, metric) against the baseline. A row's status is the highest
 * of its metrics' in this order (so a row is "improved" when something improved and
 * nothing got worse); BASE_NEW: the operation is not in the baseline (rows only). */
enum base_status { BASE_NEW, BASE_UNCHANGED, BASE_IMPROVED, BASE_WARNING, BASE_REGRESSION };
/* The verdict: the worst of degradations, targets and baseline; VERDICT_NO_DATA when the
 * current window holds no record (SPEC section 11): never a pass for want of evidence. */
enum verdict_level { VERDICT_OK, VERDICT_WARNING, VERDICT_CRITICAL, VERDICT_NO_DATA };

struct target_result {
	char *operation;
	char *metric;       /* "avg_ms", "p95_ms", "error_rate_pct", ... */
	bool has_value;     /* false for TARGET_NO_DATA */
	double value;       /* this report's value */
	double target;
	bool has_critical;
	double critical;
	enum target_status status; /* never TARGET_NONE; TARGET_NO_DATA: an operation named
	                              exactly in the file has no record in the window */
};

struct baseline_result {
	char *operation;
	char *metric;
	double baseline, current;
	bool has_change;    /* false when the baseline value is 0 */
	double change_pct;  /* 100 * (current - baseline) / baseline */
	bool has_p_value;   /* false when the test cannot be made (then the size alone counts) */
	double p_value;     /* durations: Welch's t-test; error rate: exact binomial */
	bool has_q_value;   /* false when the test is not in the report's family (no p, or
	                       an error rate equal to the baseline's, which cannot count) */
	double q_value;     /* its q-value (SPEC section 5); the status reads it */
	uint64_t base_count, count; /* records behind each side */
	enum base_status status; /* never BASE_NEW */
};

struct gate_results {
	bool has_targets;              /* --targets was given */
	char *targets_file;
	struct target_result *targets; /* row order, then metric column order */
	size_t n_targets;
	size_t n_met, n_target_warning, n_target_critical, n_target_no_data;
	enum target_status *row_target; /* per row: the worst status; NULL without targets */

	bool has_baseline;             /* --baseline was given */
	char *baseline_file;
	struct baseline_result *baseline; /* row order, then metric column order */
	size_t n_baseline;
	size_t n_row_metrics;             /* results per row in the baseline: error rate,
	                                     avg, and each percentile both hold */
	char *pcts_note;                  /* the percentiles the baseline does not hold,
	                                     left out (gate_baseline_pcts_note), or NULL */
	size_t n_regression, n_base_warning, n_improved, n_unchanged;
	enum base_status *row_baseline; /* per row: the worst status; NULL without baseline */
	char **only_current;  /* rows not in the baseline, ascending (bytewise) */
	size_t n_only_current;
	char **only_baseline; /* baseline operations with no row here, ascending */
	size_t n_only_baseline;

	enum verdict_level level;
	char *verdict; /* "2 regressions, 1 critical target · 17 of 20 targets met" (no icon);
	                  NULL until gate_verdict ran */
};

struct report {
	enum command command;
	const char *command_name; /* "weekly", ... (struct options: static text) */
	bool series_report;       /* about its time series (options.series_report: trends):
	                             the emitters lead with the series, not the command */
	char *label;          /* "Last 30 days", "Last 7 days", "Last 90 days", "START – END" */
	int64_t generated_at; /* microseconds; SOURCE_DATE_EPOCH when set */
	int64_t start, end;   /* current window [start, end) */
	int64_t prev_start, prev_end;
	double days;          /* (end - start) in days */
	/* How much of each window the input covers (SPEC section 5): 100 * (end - max(start,
	 * the input's first valid record)) / (end - start), clamped to [0, 100]; unknown
	 * (has_coverage false) when the input holds no valid record. */
	bool has_coverage;
	double coverage_pct, prev_coverage_pct;
	double min_coverage;  /* --min-coverage */
	bool drift_unjudged;  /* prev_coverage_pct < min_coverage: no slower or faster (the
	                         line under Degradation says why) */
	double *p95_ms;       /* per row: its p95 whatever --percentiles says (the outlier
	                         rule's, kept so that degrade_apply can judge again) */
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

	/* Charts (SPEC section 13), when options.wants_buckets: the buckets of the current window
	 * and, per row, the latency histogram; chart_rows lists the rows to chart, most
	 * important first (rows with a degradation, then by count, i.e. row order); at most
	 * --charts of them for Markdown, every row for term, for HTML up to --charts when
	 * given, else up to REPORT_HTML_CHARTS. All empty (0, NULL) when no chart is
	 * wanted. */
	int64_t *buckets;              /* bucket starts, ascending */
	size_t n_buckets;
	struct histogram *histograms;  /* per row (r->n_rows), or NULL */
	size_t *chart_rows;
	size_t n_chart_rows;
	struct gate_results gate; /* zero from report_build; filled by gate.h */
	char **group_keys;        /* --by keys as given, in order; NULL without --by */
	size_t n_group_keys;
	char *explain_key;        /* --explain KEY, or NULL */
	double approx_accuracy;   /* summaries as input (SPEC section 18): the histograms'
	                             relative accuracy behind rows marked approximate; 0 for
	                             logs */
};

/* How many operations an HTML page charts without --charts (the most important first), so
 * that a page of hundreds of operations stays small (issue 23). */
#define REPORT_HTML_CHARTS 12

#endif
