/* degrade.c - the degradation rules of SPEC section 5 as a table applied to report rows,
 * after the Benjamini-Hochberg q-values of the report's family of tests. */
#include "degrade.h"

#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "stats.h"
#include "xalloc.h"

/* One row as the rules see it: the row, its p95, and its errors test when it is in the
 * family (the row holds its drift test's p and q). */
struct degrade_case {
	const struct op_row *row;
	double p95;
	bool has_errors_q;  /* the error rate is above the limit */
	double errors_p, errors_q;
};

/* One rule: decides whether a row raises its flag, and describes the finding. */
struct rule {
	enum flag flag;
	enum finding_level level;
	bool (*test)(const struct degrade_case *c, const struct detect_opts *d);
	void (*describe)(const struct degrade_case *c, const struct detect_opts *d,
	    struct finding *f);
};

static bool
rule_outlier(const struct degrade_case *c, const struct detect_opts *d)
{
	return c->p95 > d->outlier_ratio * c->row->avg_ms;
}

static void
describe_outlier(const struct degrade_case *c, const struct detect_opts *d, struct finding *f)
{
	char a[NUMFMT_BUFSZ], b[NUMFMT_BUFSZ], r[NUMFMT_BUFSZ], t[NUMFMT_BUFSZ];

	f->value = c->p95;
	f->threshold = d->outlier_ratio * c->row->avg_ms;
	numfmt_fixed(c->p95, 2, a);
	numfmt_fixed(c->row->avg_ms, 2, b);
	numfmt_shortest(d->outlier_ratio, r);
	numfmt_fixed(f->threshold, 2, t);
	f->message = xasprintf("p95 %s ms is above %s× the average %s ms (threshold %s ms)", a, r,
	    b, t);
}

/* Whether a test counts: its q-value below alpha, or any value when alpha is 1 (no
 * test). */
static bool
degrade_significant(bool has_q, double q, const struct detect_opts *d)
{
	return d->alpha >= 1 || (has_q && q < d->alpha);
}

/* Whether a row's drift is judged at all: enough records on both sides, the previous
 * window covered (--min-coverage). Its test is then in the family when it has a p. */
static bool
degrade_drift_judged(const struct op_row *row, const struct detect_opts *d)
{
	return !d->drift_unjudged && row->count >= d->min_samples &&
	    row->prev_count >= d->min_samples;
}

/* A drift can be flagged: judged, a change to speak of and a significant difference. */
static bool
degrade_drift_ok(const struct op_row *row, const struct detect_opts *d)
{
	return row->has_avg_change && degrade_drift_judged(row, d) &&
	    degrade_significant(row->has_q_value, row->q_value, d);
}

static bool
rule_slower(const struct degrade_case *c, const struct detect_opts *d)
{
	return degrade_drift_ok(c->row, d) && c->row->avg_change_pct > d->drift_pct;
}

static void
describe_slower(const struct degrade_case *c, const struct detect_opts *d, struct finding *f)
{
	const struct op_row *row = c->row;
	char ch[NUMFMT_BUFSZ], p[NUMFMT_BUFSZ], n[NUMFMT_BUFSZ], t[NUMFMT_BUFSZ];

	f->value = row->avg_ms;
	f->threshold = d->drift_pct;
	f->has_previous = true;
	f->previous = row->prev_avg_ms;
	f->has_p_value = row->has_p_value;
	f->p_value = row->p_value;
	f->has_q_value = row->has_q_value;
	f->q_value = row->q_value;
	f->prev_count = row->prev_count;
	numfmt_fixed(row->avg_change_pct, 1, ch);
	numfmt_fixed(row->prev_avg_ms, 2, p);
	numfmt_fixed(row->avg_ms, 2, n);
	numfmt_shortest(d->drift_pct, t);
	f->message = xasprintf("average rose %s%% from %s ms to %s ms (limit +%s%%)", ch, p, n, t);
}

static bool
rule_faster(const struct degrade_case *c, const struct detect_opts *d)
{
	return degrade_drift_ok(c->row, d) && c->row->avg_change_pct < -d->drift_pct;
}

static bool
rule_errors(const struct degrade_case *c, const struct detect_opts *d)
{
	return c->has_errors_q && degrade_significant(true, c->errors_q, d);
}

static void
describe_errors(const struct degrade_case *c, const struct detect_opts *d, struct finding *f)
{
	const struct op_row *row = c->row;
	char e[NUMFMT_BUFSZ], t[NUMFMT_BUFSZ];

	f->value = row->error_rate_pct;
	f->threshold = d->error_rate_pct;
	f->has_p_value = true;
	f->p_value = c->errors_p;
	f->has_q_value = true;
	f->q_value = c->errors_q;
	numfmt_fixed(row->error_rate_pct, 2, e);
	numfmt_shortest(d->error_rate_pct, t);
	f->message = xasprintf("error rate %s%% is above the %s%% limit (%llu of %llu failed)", e, t,
	    (unsigned long long)row->failed, (unsigned long long)row->count);
}

static bool
rule_new(const struct degrade_case *c, const struct detect_opts *d PR_UNUSED)
{
	return c->row->prev_count == 0;
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
degrade_opts(const struct options *o, const struct report *r, struct detect_opts *d)
{
	memset(d, 0, sizeof(*d));
	d->outlier_ratio = o->outlier_ratio;
	d->drift_pct = o->drift_pct;
	d->error_rate_pct = o->error_rate_pct;
	d->min_samples = (uint64_t)o->min_samples;
	d->alpha = o->alpha;
	d->fdr_off = o->fdr_off;
	d->drift_unjudged = r->drift_unjudged;
}

/* Free the findings of an earlier call. */
void
degrade_clear(struct report *r)
{
	for (size_t i = 0; i < r->n_findings; i++) {
		free(r->findings[i].operation);
		free(r->findings[i].message);
		for (size_t k = 0; k < r->findings[i].n_explain; k++)
			free(r->findings[i].explain[k].value);
		free(r->findings[i].explain);
	}
	free(r->findings);
	r->findings = NULL;
	r->n_findings = 0;
}

/* Gather the family's p-values (drift tests in row order, errors tests in row order, the
 * extra tests), adjust them, and hand each q back: rows' q_value, cases' errors_q,
 * d->extra_q. */
static void
degrade_family(struct report *r, struct degrade_case *cases, const struct detect_opts *d)
{
	size_t k = 0, at = 0;
	double *p = xcalloc(2 * r->n_rows + d->n_extra + 1, sizeof(double));

	for (size_t i = 0; i < r->n_rows; i++) {
		struct op_row *row = &r->rows[i];

		row->has_q_value = row->has_p_value && degrade_drift_judged(row, d);
		if (row->has_q_value)
			p[k++] = row->p_value;
	}
	for (size_t i = 0; i < r->n_rows; i++)
		if (cases[i].has_errors_q)
			p[k++] = cases[i].errors_p;
	for (size_t i = 0; i < d->n_extra; i++)
		p[k++] = d->extra_p[i];
	if (!d->fdr_off)
		stats_bh_adjust(p, p, k);
	for (size_t i = 0; i < r->n_rows; i++)
		if (r->rows[i].has_q_value)
			r->rows[i].q_value = p[at++];
	for (size_t i = 0; i < r->n_rows; i++)
		if (cases[i].has_errors_q)
			cases[i].errors_q = p[at++];
	for (size_t i = 0; i < d->n_extra; i++)
		d->extra_q[i] = p[at++];
	free(p);
}

void
degrade_apply(struct report *r, const double *p95_values, const struct detect_opts *d)
{
	size_t cap = 0;
	struct degrade_case *cases = xcalloc(r->n_rows + 1, sizeof(*cases));

	degrade_clear(r);
	for (size_t i = 0; i < r->n_rows; i++) {
		const struct op_row *row = &r->rows[i];

		cases[i].row = row;
		cases[i].p95 = p95_values[i];
		cases[i].has_errors_q = row->count >= d->min_samples &&
		    row->error_rate_pct > d->error_rate_pct;
		if (cases[i].has_errors_q)
			/* how likely this many failures are if the true error rate were the
			   limit */
			cases[i].errors_p = stats_binom_upper(row->failed, row->count,
			    d->error_rate_pct / 100.0);
	}
	degrade_family(r, cases, d);
	for (size_t i = 0; i < r->n_rows; i++) {
		struct op_row *row = &r->rows[i];

		row->flags = 0;
		if (row->count < d->min_samples)
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(rules); k++) {
			struct finding *f;

			if (!rules[k].test(&cases[i], d))
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
			rules[k].describe(&cases[i], d, f);
		}
	}
	free(cases);
}
