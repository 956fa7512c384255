/* degrade.c - the degradation rules of SPEC section 5 as a table applied to report rows. */
#include "degrade.h"

#include <string.h>

#include "numfmt.h"
#include "stats.h"
#include "xalloc.h"

/* One rule: decides whether a row raises its flag, and describes the finding. */
struct rule {
	enum flag flag;
	enum finding_level level;
	bool (*test)(const struct op_row *row, double p95, const struct detect_opts *d);
	void (*describe)(const struct op_row *row, double p95, const struct detect_opts *d,
	    struct finding *f);
};

static bool
rule_outlier(const struct op_row *row, double p95, const struct detect_opts *d)
{
	return p95 > d->outlier_ratio * row->avg_ms;
}

static void
describe_outlier(const struct op_row *row, double p95, const struct detect_opts *d,
    struct finding *f)
{
	char a[NUMFMT_BUFSZ], b[NUMFMT_BUFSZ], r[NUMFMT_BUFSZ], t[NUMFMT_BUFSZ];

	f->value = p95;
	f->threshold = d->outlier_ratio * row->avg_ms;
	numfmt_fixed(p95, 2, a);
	numfmt_fixed(row->avg_ms, 2, b);
	numfmt_shortest(d->outlier_ratio, r);
	numfmt_fixed(f->threshold, 2, t);
	f->message = xasprintf("p95 %s ms is above %s× the average %s ms (threshold %s ms)", a, r,
	    b, t);
}

/* Whether a test's p-value counts: below alpha, or any value when alpha is 1 (no test). */
static bool
degrade_significant(bool has_p, double p, const struct detect_opts *d)
{
	return d->alpha >= 1 || (has_p && p < d->alpha);
}

/* A drift can be judged: enough records on both sides and a significant difference. */
static bool
degrade_drift_ok(const struct op_row *row, const struct detect_opts *d)
{
	return row->has_avg_change && row->prev_count >= d->min_samples &&
	    degrade_significant(row->has_p_value, row->p_value, d);
}

static bool
rule_slower(const struct op_row *row, double p95 PR_UNUSED, const struct detect_opts *d)
{
	return degrade_drift_ok(row, d) && row->avg_change_pct > d->drift_pct;
}

static void
describe_slower(const struct op_row *row, double p95 PR_UNUSED, const struct detect_opts *d,
    struct finding *f)
{
	char c[NUMFMT_BUFSZ], p[NUMFMT_BUFSZ], n[NUMFMT_BUFSZ], t[NUMFMT_BUFSZ];

	f->value = row->avg_ms;
	f->threshold = d->drift_pct;
	f->has_previous = true;
	f->previous = row->prev_avg_ms;
	f->has_p_value = row->has_p_value;
	f->p_value = row->p_value;
	f->prev_count = row->prev_count;
	numfmt_fixed(row->avg_change_pct, 1, c);
	numfmt_fixed(row->prev_avg_ms, 2, p);
	numfmt_fixed(row->avg_ms, 2, n);
	numfmt_shortest(d->drift_pct, t);
	f->message = xasprintf("average rose %s%% from %s ms to %s ms (limit +%s%%)", c, p, n, t);
}

static bool
rule_faster(const struct op_row *row, double p95 PR_UNUSED, const struct detect_opts *d)
{
	return degrade_drift_ok(row, d) && row->avg_change_pct < -d->drift_pct;
}

/* P(X >= failed) for X ~ Binomial(count, limit / 100): how likely this many failures are
 * if the true error rate were the limit. */
static double
degrade_errors_p(const struct op_row *row, const struct detect_opts *d)
{
	return stats_binom_upper(row->failed, row->count, d->error_rate_pct / 100.0);
}

static bool
rule_errors(const struct op_row *row, double p95 PR_UNUSED, const struct detect_opts *d)
{
	return row->error_rate_pct > d->error_rate_pct &&
	    degrade_significant(true, degrade_errors_p(row, d), d);
}

static void
describe_errors(const struct op_row *row, double p95 PR_UNUSED, const struct detect_opts *d,
    struct finding *f)
{
	char e[NUMFMT_BUFSZ], t[NUMFMT_BUFSZ];

	f->value = row->error_rate_pct;
	f->threshold = d->error_rate_pct;
	f->has_p_value = true;
	f->p_value = degrade_errors_p(row, d);
	numfmt_fixed(row->error_rate_pct, 2, e);
	numfmt_shortest(d->error_rate_pct, t);
	f->message = xasprintf("error rate %s%% is above the %s%% limit (%llu of %llu failed)", e, t,
	    (unsigned long long)row->failed, (unsigned long long)row->count);
}

static bool
rule_new(const struct op_row *row, double p95 PR_UNUSED, const struct detect_opts *d PR_UNUSED)
{
	return row->prev_count == 0;
}

/* In output order; describe is NULL for flags that are noted, not degradations. */
static const struct rule rules[] = {
	{FLAG_OUTLIER, LEVEL_WARNING, rule_outlier, describe_outlier},
	{FLAG_SLOWER, LEVEL_CRITICAL, rule_slower, describe_slower},
	{FLAG_FASTER, LEVEL_WARNING, rule_faster, NULL},
	{FLAG_ERRORS, LEVEL_CRITICAL, rule_errors, describe_errors},
	{FLAG_NEW, LEVEL_WARNING, rule_new, NULL},
};

void
degrade_apply(struct report *r, const double *p95_values, const struct detect_opts *d)
{
	size_t cap = r->n_findings;

	for (size_t i = 0; i < r->n_rows; i++) {
		struct op_row *row = &r->rows[i];

		row->flags = 0;
		if (row->count < d->min_samples)
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(rules); k++) {
			struct finding *f;

			if (!rules[k].test(row, p95_values[i], d))
				continue;
			row->flags |= rules[k].flag;
			if (rules[k].describe == NULL)
				continue;
			xgrow(&r->findings, &cap, r->n_findings + 1, sizeof(*r->findings));
			f = &r->findings[r->n_findings++];
			memset(f, 0, sizeof(*f));
			f->operation = xstrdup(row->operation);
			f->row = i;
			f->flag = rules[k].flag;
			f->level = rules[k].level;
			f->count = row->count;
			rules[k].describe(row, p95_values[i], d, f);
		}
	}
}
