/* gate-regress.c - the baseline judgement of the CI gate (gate-regress.h): each row of a
 * built report against its row in a saved report (gate-baseline.h), metric by metric, by
 * the change rule (change.h) and the significance tests (compare.h); fills r->gate's
 * baseline fields. */
#include "gate-regress.h"

#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "compare.h"
#include "gate-baseline.h"
#include "group.h"
#include "stats.h"
#include "xalloc.h"

/* The limits of a baseline comparison. */
struct gate_limits {
	struct change_limits change; /* worse by more: regression, warning */
	double alpha;                /* a change counts when p < alpha (1: always) */
};

/* The match keys of r's rows (heap, r->n_rows of them): the encoding of a row's group values
 * (group_put, as the saved-report reader makes them) under --by, else the operation; an error
 * when the baseline was grouped by other keys. */
static char **
gate_regress_matches(const struct report *r, const struct gate_baseline *b, char **err)
{
	char **m;

	if (gate_baseline_same_keys(b, r->group_keys, r->n_group_keys, true, err) < 0)
		return NULL;
	m = xcalloc(r->n_rows + 1, sizeof(*m));
	for (size_t i = 0; i < r->n_rows; i++)
		m[i] = r->n_group_keys == 0 ? xstrdup(r->rows[i].operation) :
		    group_encode(r->rows[i].group, r->n_group_keys);
	return m;
}

/* Fill one comparison of current against base by the change rule (change.h). A change
 * counts only when significant: res->q_value (its p-value adjusted over the report's
 * family, SPEC section 5) below alpha, or no test possible (has_p_value false: the size
 * alone decides), or alpha 1 (no test); a test outside the family (has_q_value false: an
 * error rate equal to the baseline's, whose change cannot count) reads its p. A base of 0
 * has no change: the metric is unchanged when the current value is 0 too, else a
 * regression. */
static void
gate_regress_judge(struct baseline_result *res, double base, double cur,
    const struct gate_limits *lim)
{
	static const enum base_status of_class[] = {
		[CHANGE_SAME] = BASE_UNCHANGED,
		[CHANGE_IMPROVED] = BASE_IMPROVED,
		[CHANGE_WARNING] = BASE_WARNING,
		[CHANGE_REGRESSION] = BASE_REGRESSION,
	};
	bool significant = compare_significant(res->has_p_value ? CMP_TEST_WELCH :
	    CMP_TEST_NONE, res->has_q_value ? res->q_value : res->p_value, lim->alpha);

	res->baseline = base;
	res->current = cur;
	res->change_pct = 0;
	res->has_change = change_pct(base, cur, &res->change_pct);
	if (!res->has_change)
		res->status = cur > 0 && significant ? BASE_REGRESSION : BASE_UNCHANGED;
	else
		res->status = of_class[change_classify(res->change_pct, res->change_pct,
		    significant, &lim->change)];
}

/* The test between the baseline row's durations and the report row's: the baseline is a
 * saved report, so compare_test makes it Welch's t-test on the two summaries (none when a
 * side has fewer than 2 records or no standard deviation). */
static bool
gate_regress_welch(const struct gate_brow *br, const size_t *map, const struct report *r,
    const struct op_row *row, double *p)
{
	struct cmp_op b, c;

	gate_baseline_op(br, map, r->n_percentiles, &b);
	compare_op_of_row(&c, row, NULL, 0);
	return compare_test(&b, &c, p) != CMP_TEST_NONE;
}

/* The exact binomial test of the current failures against the baseline's error rate, one
 * sided in the direction of the change: P(X >= failed) when the rate rose, P(X <= failed)
 * when it fell, 1 when it is the same. */
static double
gate_regress_binomial(double base_rate_pct, const struct op_row *row)
{
	double p0 = base_rate_pct / 100.0;

	if (p0 > 1)
		p0 = 1;
	if (row->error_rate_pct > base_rate_pct)
		return stats_binom_upper(row->failed, row->count, p0);
	if (row->error_rate_pct < base_rate_pct)
		/* X <= k  <=>  count - X >= count - k, with count - X ~ B(count, 1 - p0) */
		return stats_binom_upper(row->count - row->failed, row->count, 1 - p0);
	return 1;
}

/* Count res (a result of row i) in the totals and its row's status. */
static void
gate_regress_count(struct gate_results *g, size_t i, const struct baseline_result *res)
{
	if (res->status > g->row_baseline[i])
		g->row_baseline[i] = res->status;
	switch (res->status) {
	case BASE_REGRESSION:
		g->n_regression++;
		break;
	case BASE_WARNING:
		g->n_base_warning++;
		break;
	case BASE_IMPROVED:
		g->n_improved++;
		break;
	case BASE_UNCHANGED:
	case BASE_NEW:
		g->n_unchanged++;
		break;
	}
}

/* Compare one row that the baseline also has: error rate, avg, then each percentile the
 * baseline holds (map[k] not GATE_PCT_NONE). */
static void
gate_regress_row(struct report *r, size_t i, const struct gate_brow *br, const size_t *map,
    const struct gate_limits *lim, size_t *cap)
{
	struct gate_results *g = &r->gate;
	const struct op_row *row = &r->rows[i];
	size_t nk = 2 + r->n_percentiles;
	double welch_p = 0;
	bool has_welch = gate_regress_welch(br, map, r, row, &welch_p);

	g->row_baseline[i] = BASE_UNCHANGED;
	for (size_t k = 0; k < nk; k++) {
		struct baseline_result *res;
		double base, cur;
		const char *name;

		if (k == 0) {
			name = "error_rate_pct";
			base = br->error_rate;
			cur = row->error_rate_pct;
		} else if (k == 1) {
			name = "avg_ms";
			base = br->avg;
			cur = row->avg_ms;
		} else if (map[k - 2] == GATE_PCT_NONE) {
			continue; /* not in the baseline: left out (g->pcts_note) */
		} else {
			name = r->pct_names[k - 2];
			base = br->pct[map[k - 2]];
			cur = row->pct_ms[k - 2];
		}
		xgrow(&g->baseline, cap, g->n_baseline + 1, sizeof(*g->baseline));
		res = &g->baseline[g->n_baseline++];
		res->operation = xstrdup(row->operation);
		res->metric = xstrdup(name);
		res->base_count = br->count;
		res->count = row->count;
		if (k == 0) {
			res->has_p_value = true;
			res->p_value = gate_regress_binomial(base, row);
		} else {
			res->has_p_value = has_welch;
			res->p_value = welch_p;
		}
		/* q = p until the family is known (gate_regress_rejudge) */
		res->has_q_value = res->has_p_value;
		res->q_value = res->p_value;
		gate_regress_judge(res, base, cur, lim);
		gate_regress_count(g, i, res);
	}
}

void
gate_regress_rejudge(struct report *r, double regress_pct, double warn_pct, double alpha)
{
	struct gate_results *g = &r->gate;
	struct gate_limits lim = {{regress_pct, warn_pct}, alpha};
	size_t at = 0;

	g->n_regression = g->n_base_warning = g->n_improved = g->n_unchanged = 0;
	for (size_t i = 0; i < r->n_rows; i++) {
		if (g->row_baseline[i] == BASE_NEW)
			continue;
		g->row_baseline[i] = BASE_UNCHANGED;
		/* row i's results: n_row_metrics in a row, rows in order */
		for (size_t k = 0; k < g->n_row_metrics && at < g->n_baseline; k++, at++) {
			struct baseline_result *res = &g->baseline[at];

			gate_regress_judge(res, res->baseline, res->current, &lim);
			gate_regress_count(g, i, res);
		}
	}
}

/* Ascending order of C strings (for qsort and bsearch over char *). */
static int
gate_regress_str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Operations of the baseline with no row in r (whose match keys are matches), ascending. */
static void
gate_regress_only_baseline(struct report *r, const struct gate_baseline *b, char **matches)
{
	struct gate_results *g = &r->gate;
	size_t i;

	qsort(matches, r->n_rows, sizeof(*matches), gate_regress_str_cmp);
	g->only_baseline = xcalloc(b->n_rows + 1, sizeof(*g->only_baseline));
	for (i = 0; i < b->n_rows; i++) {
		const char *key = b->rows[i].match;

		if (bsearch(&key, matches, r->n_rows, sizeof(*matches),
		    gate_regress_str_cmp) == NULL)
			g->only_baseline[g->n_only_baseline++] = xstrdup(b->rows[i].operation);
	}
	qsort(g->only_baseline, g->n_only_baseline, sizeof(*g->only_baseline),
	    gate_regress_str_cmp);
}

int
gate_regress_apply(struct report *r, const struct gate_baseline *b, double regress_pct,
    double warn_pct, double alpha, char **err)
{
	struct gate_results *g = &r->gate;
	size_t map[MAX_PERCENTILES], cap = 0, i, left_out;
	struct gate_limits lim = {{regress_pct, warn_pct}, alpha};
	char **matches;

	left_out = gate_baseline_match_pcts(r->percentiles, r->n_percentiles, b, map);
	if ((matches = gate_regress_matches(r, b, err)) == NULL)
		return -1;
	g->has_baseline = true;
	g->n_row_metrics = 2 + r->n_percentiles - left_out;
	g->pcts_note = gate_baseline_pcts_note(b, r->percentiles, r->n_percentiles, map,
	    "the baseline");
	g->baseline_file = xstrdup(b->file);
	g->row_baseline = xcalloc(r->n_rows > 0 ? r->n_rows : 1, sizeof(*g->row_baseline));
	g->only_current = xcalloc(r->n_rows + 1, sizeof(*g->only_current));
	for (i = 0; i < r->n_rows; i++) {
		const struct gate_brow *br = gate_baseline_find(b, matches[i]);

		if (br == NULL) {
			g->row_baseline[i] = BASE_NEW;
			g->only_current[g->n_only_current++] = xstrdup(r->rows[i].operation);
		} else
			gate_regress_row(r, i, br, map, &lim, &cap);
	}
	qsort(g->only_current, g->n_only_current, sizeof(*g->only_current), gate_regress_str_cmp);
	gate_regress_only_baseline(r, b, matches);
	for (i = 0; i < r->n_rows; i++)
		free(matches[i]);
	free(matches);
	return 0;
}
