/* compare.h - the comparison of two sets of durations (SPEC section 12): the test that
 * decides whether a change counts, shared by `compare` and the --baseline gate, and the
 * model `compare BASE CURRENT` hands to its emitters.
 *
 * A side is a log (its report model's rows, with the sorted durations behind each) or a
 * JSON report saved by perf-reporter (its rows' summaries only). The test: Mann-Whitney U
 * when both sides have raw durations; Welch's t-test on count, avg_ms and stddev_ms when a
 * side is a saved report (none when a side has fewer than 2 records or no stddev_ms). */
#ifndef PR_COMPARE_H
#define PR_COMPARE_H

#include <stdint.h>
#include "options.h"
#include "report.h"

enum cmp_test { CMP_TEST_NONE, CMP_TEST_MANN_WHITNEY, CMP_TEST_WELCH };
/* Per operation, the first that applies (SPEC section 12). */
enum cmp_status { CMP_SAME, CMP_IMPROVED, CMP_WARNING, CMP_REGRESSION, CMP_NEW, CMP_GONE };
enum cmp_kind { CMP_KIND_LOG, CMP_KIND_REPORT };

/* One operation's statistics on one side. */
struct cmp_stats {
	uint64_t count;
	double avg_ms;
	bool has_stddev; /* false below 2 records, or a saved report without stddev_ms */
	double stddev_ms;
	double pct_ms[MAX_PERCENTILES]; /* in the comparison's percentile order */
	bool no_pct[MAX_PERCENTILES];   /* true: this side does not hold percentile k (a
	                                   summary that names fewer, SPEC section 16); it is
	                                   left out: no change, and null in the outputs */
	double error_rate_pct;
};

/* One operation (with --by, one group) of a side as the builder takes it. */
struct cmp_op {
	const char *operation;   /* its display name */
	char *const *group;      /* --by: its values, one per --by key in order (as struct
	                            op_row.group); NULL without --by */
	struct cmp_stats s;
	const double *v; /* sorted durations (a log), or NULL (a saved report) */
	size_t n;
};

/* A report row as a side: its summaries, and the sorted durations v[0..n) behind it (v
 * NULL for none, as for a saved report). The name and group are borrowed from the row. */
void compare_op_of_row(struct cmp_op *op, const struct op_row *row, const double *v,
    size_t n);

/* Append "N ONE" or "N MANY" to the list in *s (", " between items) when n > 0; *s is a
 * heap string, replaced. Shared by the verdict texts of compare and of the gate. */
void compare_count_item(char **s, size_t n, const char *one, const char *many);

/* The test between two sides of one operation: which one applies and its two-sided
 * p-value in *p (CMP_TEST_NONE: no test can be made; *p untouched). */
enum cmp_test compare_test(const struct cmp_op *base, const struct cmp_op *cur, double *p);

/* Whether a change counts: alpha 1 (no test), no test possible, or p < alpha. */
bool compare_significant(enum cmp_test t, double p, double alpha);

struct cmp_row {
	char *operation; /* the display name (with --by, the group's values joined) */
	char **group;    /* --by: one value per comparison.group_keys; NULL without --by */
	char *match;     /* what the row was matched on: the group's values encoded as
	                    group.h does with --by, else the operation; for compare.c */
	enum cmp_status status;
	enum cmp_test test;
	bool has_p_value;
	double p_value;
	bool has_q_value;        /* as has_p_value: every row's test is in the family */
	double q_value;          /* Benjamini-Hochberg over the rows' tests (SPEC section 5;
	                            = p_value under --fdr off); the status reads it */
	bool in_base, in_cur;    /* which sides have the operation */
	struct cmp_stats base, cur;
	/* change in % of the base value: [0] avg_ms, [1 + k] percentile k; unknown where an
	 * operation is on one side only, a side does not hold the percentile, or the base
	 * value is 0 */
	bool has_change[1 + MAX_PERCENTILES];
	double change_pct[1 + MAX_PERCENTILES];
	int decisive; /* the change that decided a regression, warning (the largest) or
	                 improved (the smallest): 0 avg, 1 + k percentile k; -1 for none */
};

struct cmp_side {
	char *source;   /* the name as given ("<stdin>" for -) */
	enum cmp_kind kind;
	uint64_t records; /* records of the operations compared (after --op and the window) */
};

struct comparison {
	int64_t generated_at;
	double percentiles[MAX_PERCENTILES];
	char *pct_names[MAX_PERCENTILES]; /* "p50_ms", ... */
	size_t n_percentiles;
	double alpha, regress_pct, warn_pct;
	struct cmp_side base, cur;
	struct cmp_row *rows; /* CURRENT's order (count desc, then name), gone ones last by name
	                         (with --by, name is the group's values, key by key) */
	size_t n_rows;
	char **group_keys;    /* --by keys as given, in order; NULL without --by */
	size_t n_group_keys;
	size_t n_regression, n_warning, n_improved, n_same, n_new, n_gone;
	enum verdict_level level; /* no data when CURRENT has no record */
	char *verdict;            /* "1 regression, 2 warnings · 3 improved" (no icon) */
	char *pcts_note;          /* the percentiles left out and why, one sentence per side
	                             (gate_baseline_pcts_note), or NULL: set by the caller,
	                             freed by compare_free */
};

/* Build the comparison of base[0..nb) with cur[0..nc) (any order; each name once per
 * side). With --by (o->grouped) every op carries its group, and rows are matched on the
 * whole group (its values, key by key), never on the display name, which two groups can
 * share. The strings are copied; the model owns everything. */
struct comparison *compare_build(const struct options *o, int64_t generated_at,
    const struct cmp_side *base_side, const struct cmp_op *base, size_t nb,
    const struct cmp_side *cur_side, const struct cmp_op *cur, size_t nc);
void compare_free(struct comparison *c);

/* The test behind a row as the human formats show it: "p = 0.003, 120 vs 130 records,
 * Mann-Whitney U" (the test's name), or "no test: 1 vs 130 records". Caller frees. */
char *compare_test_text(const struct cmp_row *row);

/* "same", "improved", "warning", "regression", "new", "gone"; "mann-whitney", "welch",
 * or NULL for no test; "log", "report". */
const char *compare_status_name(enum cmp_status s);
const char *compare_test_name(enum cmp_test t);
const char *compare_kind_name(enum cmp_kind k);

#endif
