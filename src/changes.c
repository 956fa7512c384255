/* changes.c - the changes model (changes.h): each row's series of one metric handed to
 * changepoint.c, the change points placed on the time axis. */
#include "changes.h"

#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "changepoint.h"
#include "common.h"
#include "timeutil.h"
#include "xalloc.h"

/* Key and word per metric, in enum order. */
static const char *const changes_keys[] = {
	[METRIC_P50] = "p50_ms",
	[METRIC_AVG] = "avg_ms",
	[METRIC_P95] = "p95_ms",
	[METRIC_P99] = "p99_ms",
	[METRIC_ERROR_RATE] = "error_rate_pct",
};
static const char *const changes_words[] = {
	[METRIC_P50] = "p50",
	[METRIC_AVG] = "avg",
	[METRIC_P95] = "p95",
	[METRIC_P99] = "p99",
	[METRIC_ERROR_RATE] = "error_rate",
};

/* "p50_ms", ... */
const char *
changes_metric_key(enum change_metric m)
{
	return changes_keys[m];
}

/* "p50", ... */
const char *
changes_metric_word(enum change_metric m)
{
	return changes_words[m];
}

/* The series row's value of metric m. */
double
changes_metric_value(const struct series_row *s, enum change_metric m)
{
	switch (m) {
	case METRIC_P50:
		return s->p50_ms;
	case METRIC_AVG:
		return s->avg_ms;
	case METRIC_P95:
		return s->p95_ms;
	case METRIC_P99:
		return s->p99_ms;
	case METRIC_ERROR_RATE:
		return s->error_rate_pct;
	}
	return s->p50_ms;
}

/* Append the change points of one row's series s[0..n) to c. */
static void
changes_row(struct changes *c, const struct series_row *s, size_t n, double regress_pct,
    size_t *cap)
{
	struct changepoint *cp;
	double *x = xreallocarray(NULL, n, sizeof(*x));
	uint64_t *counts = xreallocarray(NULL, n, sizeof(*counts));
	size_t found, k;

	for (k = 0; k < n; k++) {
		x[k] = changes_metric_value(&s[k], c->metric);
		counts[k] = s[k].count;
	}
	found = changepoint_find(x, counts, n, c->min_segment, c->alpha, &cp);
	if (found > 0)
		c->n_rows_changed++;
	xgrow(&c->points, cap, c->n_points + found, sizeof(*c->points));
	for (k = 0; k < found; k++) {
		struct change_point *p = &c->points[c->n_points++];

		p->row = s[0].row;
		p->at = s[cp[k].index].bucket_start;
		p->before = cp[k].before;
		p->after = cp[k].after;
		p->has_pct = cp[k].has_pct;
		p->change_pct = cp[k].change_pct;
		p->p_value = cp[k].p_value;
		p->count_before = cp[k].count_before;
		p->count_after = cp[k].count_after;
		p->worse = p->after > p->before;
		p->recent = p->at >= c->recent_since;
		/* From 0 every rise is more than any percentage. */
		if (p->recent && p->worse && (!p->has_pct || p->change_pct > regress_pct))
			c->n_recent_worse++;
	}
	free(cp);
	free(x);
	free(counts);
}

/* Build the model (see changes.h). */
struct changes *
changes_build(const struct report *r, enum change_metric m, size_t min_segment,
    double alpha, long recent_days, double regress_pct)
{
	struct changes *c = xcalloc(1, sizeof(*c));
	size_t i = 0, j, cap = 0;

	c->r = r;
	c->metric = m;
	c->min_segment = min_segment;
	c->alpha = alpha;
	c->recent_days = recent_days;
	c->regress_pct = regress_pct;
	c->recent_since = r->end - recent_days * US_PER_DAY;
	while (i < r->n_series) {
		for (j = i + 1; j < r->n_series && r->series[j].row == r->series[i].row; j++)
			;
		changes_row(c, &r->series[i], j - i, regress_pct, &cap);
		i = j;
	}
	return c;
}

/* Free the model (not the report it points at). */
void
changes_free(struct changes *c)
{
	if (c == NULL)
		return;
	free(c->points);
	free(c);
}

/* The first of the last run of rising change points at or after from (see changes.h). */
bool
changes_since(const double *x, const int64_t *starts, size_t n, int64_t from,
    size_t min_segment, double alpha, int64_t *at)
{
	struct changepoint *cp;
	size_t found = changepoint_find(x, NULL, n, min_segment, alpha, &cp), k = found;

	/* the last rising one in the window, then back over the rises just before it */
	while (k > 0 && !(cp[k - 1].after > cp[k - 1].before && starts[cp[k - 1].index] >= from))
		k--;
	if (k == 0) {
		free(cp);
		return false;
	}
	while (k > 1 && cp[k - 2].after > cp[k - 2].before && starts[cp[k - 2].index] >= from)
		k--;
	*at = starts[cp[k - 1].index];
	free(cp);
	return true;
}

/* Every slower finding's change point inside the current window (see changes.h). */
void
changes_since_fill(struct report *r, const struct aggregate *agg)
{
	double *x;
	int64_t *starts;

	if (agg->n_days == 0)
		return;
	x = xcalloc(agg->n_days, sizeof(*x));
	starts = xcalloc(agg->n_days, sizeof(*starts));
	for (size_t i = 0; i < r->n_findings; i++) {
		struct finding *f = &r->findings[i];
		const struct op_row *row = &r->rows[f->row];
		const char *key = row->group_key != NULL ? row->group_key : row->operation;
		int64_t id;
		const struct op_acc *acc;
		size_t n = 0;

		f->has_since = false;
		if (f->flag != FLAG_SLOWER ||
		    (id = intern_find(&agg->ops, key, strlen(key))) < 0 ||
		    (uint64_t)id >= agg->acc_cap)
			continue;
		acc = &agg->acc[id];
		for (size_t k = 0; k < acc->n_days && n < agg->n_days; k++) {
			x[n] = acc->days[k].sum / (double)acc->days[k].count;
			starts[n++] = agg->day0 + (int64_t)acc->days[k].day * US_PER_DAY;
		}
		f->has_since = changes_since(x, starts, n, r->start, CLI_DEFAULT_MIN_SEGMENT,
		    CLI_DEFAULT_CHANGES_ALPHA, &f->since);
	}
	free(x);
	free(starts);
}
