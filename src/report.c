/* report.c - builds the report model from aggregated observations. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "degrade.h"
#include "group.h"
#include "numfmt.h"
#include "pool.h"
#include "stats.h"
#include "timeutil.h"
#include "window.h"
#include "aggregate.h"
#include "xalloc.h"

static const char *const flag_names[FLAG_COUNT] = {"outlier", "slower", "faster", "errors", "new"};

const char *
flag_name(unsigned flag)
{
	for (unsigned i = 0; i < FLAG_COUNT; i++)
		if (flag == (1u << i))
			return flag_names[i];
	return "?";
}

char *
finding_test_text(const struct finding *f)
{
	char p[NUMFMT_BUFSZ];

	if (!f->has_p_value)
		return NULL;
	numfmt_pq_phrase(f->p_value, f->has_q_value, f->q_value, p);
	if (f->flag == FLAG_SLOWER)
		return xasprintf("; %s, %llu vs %llu records", p,
		    (unsigned long long)f->prev_count, (unsigned long long)f->count);
	return xasprintf("; %s (exact binomial test)", p);
}

char *
explain_entry_split_text(const struct explain_entry *e)
{
	char l[NUMFMT_SIGNED_BUFSZ], m[NUMFMT_SIGNED_BUFSZ];

	numfmt_signed(e->latency_ms, 2, l);
	numfmt_signed(e->mix_ms, 2, m);
	return xasprintf("latency %s ms, mix %s ms", l, m);
}

char *
explain_finding_split_text(const struct finding *f)
{
	char l[NUMFMT_SIGNED_BUFSZ], m[NUMFMT_SIGNED_BUFSZ];
	bool latency = fabs(f->explain_latency_ms) >= fabs(f->explain_mix_ms);

	numfmt_signed(f->explain_latency_ms, 2, l);
	numfmt_signed(f->explain_mix_ms, 2, m);
	return xasprintf("latency %s ms, mix %s ms: %s", l, m, latency ?
	    "mostly latency, the values' own averages changed" :
	    "mostly mix, traffic moved between the values");
}

char *
report_coverage_note(const struct report *r)
{
	char d[TU_BUFSZ], c[NUMFMT_BUFSZ], m[NUMFMT_BUFSZ];

	if (!r->drift_unjudged || r->n_rows == 0) /* no row: nothing was left unjudged */
		return NULL;
	tu_format_date(r->input.first_ts, d);
	numfmt_fixed(r->prev_coverage_pct, 1, c);
	numfmt_shortest(r->min_coverage, m);
	return xasprintf("Drift not judged: the input starts %s, so it covers %s %% of the "
	    "previous window (--min-coverage %s).", d, c, m);
}

/* The CI gate's part of the model (gate.c fills it). */
static void
report_free_gate(struct gate_results *g)
{
	size_t i;

	free(g->targets_file);
	for (i = 0; i < g->n_targets; i++) {
		free(g->targets[i].operation);
		free(g->targets[i].metric);
	}
	free(g->targets);
	free(g->row_target);
	free(g->baseline_file);
	for (i = 0; i < g->n_baseline; i++) {
		free(g->baseline[i].operation);
		free(g->baseline[i].metric);
	}
	free(g->baseline);
	free(g->row_baseline);
	free(g->pcts_note);
	for (i = 0; i < g->n_only_current; i++)
		free(g->only_current[i]);
	free(g->only_current);
	for (i = 0; i < g->n_only_baseline; i++)
		free(g->only_baseline[i]);
	free(g->only_baseline);
	free(g->verdict);
}

void
report_free(struct report *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->label);
	for (i = 0; i < r->n_percentiles; i++)
		free(r->pct_names[i]);
	for (i = 0; i < r->input.n_files; i++)
		free(r->input.files[i]);
	free(r->input.files);
	for (i = 0; i < r->n_rows; i++) {
		free(r->rows[i].operation);
		for (size_t k = 0; r->rows[i].group != NULL && k < r->n_group_keys; k++)
			free(r->rows[i].group[k]);
		free(r->rows[i].group);
		free(r->rows[i].group_key);
	}
	for (i = 0; i < r->n_group_keys; i++)
		free(r->group_keys[i]);
	free(r->group_keys);
	free(r->explain_key);
	free(r->p95_ms);
	free(r->rows);
	for (i = 0; i < r->n_slowest; i++) {
		free(r->slowest[i].operation);
		free(r->slowest[i].session_id);
	}
	free(r->slowest);
	for (i = 0; i < r->n_most_frequent; i++)
		free(r->most_frequent[i].operation);
	free(r->most_frequent);
	degrade_clear(r);
	for (i = 0; i < r->n_previous_only; i++)
		free(r->previous_only[i]);
	free(r->previous_only);
	for (i = 0; i < r->n_series; i++)
		free(r->series[i].operation);
	free(r->series);
	free(r->buckets);
	if (r->histograms != NULL)
		for (i = 0; i < r->n_rows; i++) {
			free(r->histograms[i].edges);
			free(r->histograms[i].counts);
		}
	free(r->histograms);
	free(r->chart_rows);
	report_free_gate(&r->gate);
	free(r);
}

/* ---- building ------------------------------------------------------------ */

struct build {
	const struct aggregate *agg;
	const struct windows *w;
	const struct options *o;
	struct report *r;
	struct dvec *cur;    /* per op id: sorted current-window durations */
	uint64_t *cur_ok;    /* per op id */
	double *p95;         /* per row */
	uint32_t *row_op;    /* per row: its operation id */
	uint32_t *fill_op;   /* while the rows are filled: row i's operation id */
};

/* The current-window durations of every operation, sorted (buckets: joined). */
static void
build_current(struct build *b)
{
	const struct aggregate *agg = b->agg;
	size_t nops = agg->ops.count;

	b->cur = xcalloc(nops + 1, sizeof(*b->cur));
	b->cur_ok = xcalloc(nops + 1, sizeof(uint64_t));
	for (size_t op = 0; op < nops && op < agg->acc_cap; op++) {
		struct op_acc *acc = &agg->acc[op];
		struct dvec *d = &b->cur[op];

		if (acc->selected != 1)
			continue;
		if (acc->sum != NULL) { /* summaries: the values when kept, for the charts */
			if (!acc->sum[0].hist) {
				d->v = acc->sum[0].values;
				d->n = (size_t)acc->sum[0].count;
			}
			continue;
		}
		b->cur_ok[op] = acc->success[0];
		if (!agg->buckets) {
			/* Sorting in place is harmless: only sorted order is ever used. */
			dvec_sort(&acc->win[0]);
			*d = acc->win[0];
			d->cap = 0; /* borrowed */
			continue;
		}
		for (size_t k = 0; k < acc->n_bucket; k++)
			d->n += acc->bucket[k].n;
		d->v = xmalloc((d->n + 1) * sizeof(double));
		d->cap = d->n + 1; /* owned */
		d->n = 0;
		for (size_t k = 0; k < acc->n_bucket; k++) {
			if (acc->bucket[k].n == 0)
				continue;
			memcpy(d->v + d->n, acc->bucket[k].v, acc->bucket[k].n * sizeof(double));
			d->n += acc->bucket[k].n;
		}
		stats_sort(d->v, d->n);
	}
}

/* The display name of aggregate key op (heap): the operation, or with --by the group. */
static char *
build_name(const struct build *b, uint32_t op)
{
	const char *key = intern_str(&b->agg->ops, op);
	char *v[MAX_BY] = {0}, *s;
	size_t n;

	if (!b->o->grouped)
		return xstrdup(key);
	n = group_decode(key, strlen(key), v, MAX_BY);
	if (n == (size_t)-1 || n > MAX_BY)
		abort(); /* every key was made by group_key */
	s = group_display(v, n);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	return s;
}

/* Records of aggregate key op in window win (0 current, 1 previous): its durations, or its
 * merged summary line's count. */
static uint64_t
build_count(const struct build *b, uint32_t op, int win)
{
	const struct op_acc *acc = op < b->agg->acc_cap ? &b->agg->acc[op] : NULL;

	if (acc != NULL && acc->sum != NULL)
		return acc->sum[win].count;
	if (win == 0)
		return b->cur[op].n;
	return acc != NULL ? acc->win[1].n : 0;
}

/* A row's statistics from its merged summary lines (SPEC section 18): exact counters and
 * moments; exact percentiles where every line held values, else from the histogram and
 * marked approximate; Mann-Whitney when both windows hold every value, else Welch. The
 * mean and stddev of values kept come from the values, as from a log's. */
static void
build_fill_summary(struct build *b, struct op_row *row, const struct summary_line *cur,
    const struct summary_line *prev)
{
	uint64_t n = cur->count;
	bool ap = false;

	row->count = n;
	row->failed = cur->failed;
	row->success = n - cur->failed;
	row->error_rate_pct = stats_error_rate_pct(row->failed, n);
	row->avg_ms = cur->hist ? cur->mean : stats_mean(cur->values, (size_t)n);
	if (n >= 2) {
		row->has_stddev = true;
		row->stddev_ms = cur->hist ? summary_line_stddev(cur) :
		    stats_stddev(cur->values, (size_t)n, row->avg_ms);
	}
	for (size_t k = 0; k < b->r->n_percentiles; k++)
		row->pct_ms[k] = summary_line_percentile(cur, b->r->percentiles[k] / 100.0, &ap);
	row->approximate = cur->hist;
	row->min_ms = cur->min;
	row->max_ms = cur->max;
	row->prev_count = prev->count;
	if (prev->count == 0)
		return;
	row->has_prev_avg = true;
	row->prev_avg_ms = prev->hist ? prev->mean : stats_mean(prev->values,
	    (size_t)prev->count);
	if (!cur->hist && !prev->hist) {
		row->has_p_value = true;
		row->p_value = stats_mann_whitney_p(cur->values, (size_t)n, prev->values,
		    (size_t)prev->count);
	} else if (n >= 2 && prev->count >= 2) {
		row->has_p_value = true;
		row->p_value = stats_welch_p((double)n, row->avg_ms, summary_line_stddev(cur),
		    (double)prev->count, row->prev_avg_ms, summary_line_stddev(prev));
	}
	if (row->prev_avg_ms > 0) {
		row->has_avg_change = true;
		row->avg_change_pct = 100.0 * (row->avg_ms - row->prev_avg_ms) / row->prev_avg_ms;
	}
}

static int
build_row_cmp(const void *pa, const void *pb)
{
	const struct op_row *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->group_key != NULL) /* --by: the tuples in order, part by part (group.h) */
		return strcmp(a->group_key, b->group_key);
	return strcmp(a->operation, b->operation);
}

static void
build_fill_row(struct build *b, struct op_row *row, uint32_t op)
{
	const struct dvec *cur = &b->cur[op];
	struct op_acc *acc = &b->agg->acc[op];
	const double *v = cur->v;
	size_t n = cur->n;

	if (b->o->grouped) {
		const char *key = intern_str(&b->agg->ops, op);
		size_t n_keys = b->o->n_by;

		row->group = xcalloc(n_keys, sizeof(char *));
		if (group_decode(key, strlen(key), row->group, n_keys) != n_keys)
			abort(); /* every key was made by group_key for these keys */
		row->operation = group_display(row->group, n_keys);
		row->group_key = xstrdup(key);
	} else
		row->operation = xstrdup(intern_str(&b->agg->ops, op));
	if (acc->sum != NULL) {
		build_fill_summary(b, row, &acc->sum[0], &acc->sum[1]);
		return;
	}
	row->count = n;
	row->success = b->cur_ok[op];
	row->failed = n - row->success;
	row->error_rate_pct = stats_error_rate_pct(row->failed, n);
	row->avg_ms = stats_mean(v, n);
	if (n >= 2) {
		row->has_stddev = true;
		row->stddev_ms = stats_stddev(v, n, row->avg_ms);
	}
	for (size_t k = 0; k < b->r->n_percentiles; k++)
		row->pct_ms[k] = stats_percentile_sorted(v, n, b->r->percentiles[k] / 100.0);
	row->min_ms = v[0];
	row->max_ms = v[n - 1];
	row->prev_count = acc->win[1].n;
	if (acc->win[1].n > 0) {
		/* Sorted first, so that the mean does not depend on the order of arrival. */
		dvec_sort(&acc->win[1]);
		row->has_prev_avg = true;
		row->prev_avg_ms = stats_mean(acc->win[1].v, acc->win[1].n);
		row->has_p_value = true;
		row->p_value = stats_mann_whitney_p(v, n, acc->win[1].v, acc->win[1].n);
		if (row->prev_avg_ms > 0) {
			row->has_avg_change = true;
			row->avg_change_pct = 100.0 * (row->avg_ms - row->prev_avg_ms) / row->prev_avg_ms;
		}
	}
}

/* pool_for's step: row i of the operations in b->fill_op. */
static void
build_fill_one(void *ctx, size_t i)
{
	struct build *b = ctx;

	build_fill_row(b, &b->r->rows[i], b->fill_op[i]);
}

static void
build_rows(struct build *b)
{
	struct report *r = b->r;
	size_t nops = b->agg->ops.count, n = 0;

	for (size_t op = 0; op < nops; op++)
		n += build_count(b, (uint32_t)op, 0) > 0;
	r->rows = xcalloc(n + 1, sizeof(*r->rows));
	b->fill_op = xcalloc(n + 1, sizeof(uint32_t));
	for (size_t op = 0; op < nops; op++)
		if (build_count(b, (uint32_t)op, 0) > 0)
			b->fill_op[r->n_rows++] = (uint32_t)op;
	/* Each row on its own (its own vectors only): stddev, percentiles, the previous
	 * window's sort and the Mann-Whitney test share out over -j threads. */
	pool_for(r->n_rows, pool_threads(b->o->jobs), build_fill_one, b);
	free(b->fill_op);
	b->fill_op = NULL;
	qsort(r->rows, r->n_rows, sizeof(*r->rows), build_row_cmp);

	b->p95 = xcalloc(r->n_rows + 1, sizeof(double));
	b->row_op = xcalloc(r->n_rows + 1, sizeof(uint32_t));
	for (size_t i = 0; i < r->n_rows; i++) {
		/* Sorting moved the rows: find each one's operation once, for every later step. */
		const char *key = r->rows[i].group_key != NULL ? r->rows[i].group_key :
		    r->rows[i].operation;
		uint32_t op = (uint32_t)intern_find(&b->agg->ops, key, strlen(key));

		b->row_op[i] = op;
		if (b->agg->acc[op].sum != NULL) {
			bool ap;

			b->p95[i] = summary_line_percentile(&b->agg->acc[op].sum[0], 0.95, &ap);
		} else
			b->p95[i] = stats_percentile_sorted(b->cur[op].v, b->cur[op].n, 0.95);
		r->totals.count += r->rows[i].count;
		r->totals.success += r->rows[i].success;
	}
	r->totals.failed = r->totals.count - r->totals.success;
	r->totals.has_error_rate = r->totals.count > 0;
	if (r->totals.has_error_rate)
		r->totals.error_rate_pct = stats_error_rate_pct(r->totals.failed, r->totals.count);
}

static int
build_name_cmp(const void *pa, const void *pb)
{
	return strcmp(*(char *const *)pa, *(char *const *)pb);
}

static void
build_previous_only(struct build *b)
{
	struct report *r = b->r;
	const struct aggregate *agg = b->agg;
	size_t nops = agg->ops.count;

	r->previous_only = xcalloc(nops + 1, sizeof(char *));
	for (size_t op = 0; op < nops && op < agg->acc_cap; op++)
		if (build_count(b, (uint32_t)op, 0) == 0 && build_count(b, (uint32_t)op, 1) > 0)
			r->previous_only[r->n_previous_only++] = build_name(b, (uint32_t)op);
	qsort(r->previous_only, r->n_previous_only, sizeof(char *), build_name_cmp);
}

static void
build_most_frequent(struct build *b)
{
	struct report *r = b->r;
	size_t n = r->n_rows < (size_t)b->o->top ? r->n_rows : (size_t)b->o->top;

	r->most_frequent = xcalloc(n + 1, sizeof(*r->most_frequent));
	for (size_t i = 0; i < n; i++) {
		r->most_frequent[i].operation = xstrdup(r->rows[i].operation);
		r->most_frequent[i].count = r->rows[i].count;
		r->most_frequent[i].share_pct = 100.0 * (double)r->rows[i].count /
		    (double)r->totals.count;
	}
	r->n_most_frequent = n;
}

static void
build_slowest(struct build *b)
{
	const struct aggregate *agg = b->agg;
	struct report *r = b->r;
	struct slow_item *v = xmalloc((agg->n_slow + 1) * sizeof(*v));
	size_t *op_row = xcalloc(agg->ops.count + 1, sizeof(*op_row));

	/* A slowest entry is a current-window record of a selected operation: it has a row. */
	for (size_t i = 0; i < r->n_rows; i++)
		op_row[b->row_op[i]] = i;
	agg_slowest_sorted(agg, v);
	r->slowest = xcalloc(agg->n_slow + 1, sizeof(*r->slowest));
	r->n_slowest = agg->n_slow;
	for (size_t i = 0; i < agg->n_slow; i++) {
		struct slow_entry *s = &r->slowest[i];

		s->operation = build_name(b, v[i].op);
		s->row = op_row[v[i].op];
		s->duration_ms = v[i].duration_ms;
		s->ts_us = v[i].ts_us;
		s->session_id = v[i].session ? xstrdup(v[i].session) : NULL;
	}
	free(op_row);
	free(v);
}

/* A row's trend over its series rows s[0..n): the change of p95 from the first to the last
 * in % of the first; none without series rows or when the first p95 is 0. */
static void
build_trend_change(struct op_row *row, const struct series_row *s, size_t n)
{
	double first;

	row->has_trend_change = false;
	row->trend_change_pct = 0.0;
	if (n == 0)
		return;
	first = s[0].p95_ms;
	if (!(first > 0.0 || first < 0.0))
		return;
	row->has_trend_change = true;
	row->trend_change_pct = 100.0 * (s[n - 1].p95_ms - first) / first;
}

/* A series row's statistics from a bucket's merged summary line l (SPEC section 18). */
static void
build_series_summary(struct series_row *s, const struct summary_line *l)
{
	bool ap;

	s->count = l->count;
	s->avg_ms = l->hist ? l->mean : stats_mean(l->values, (size_t)l->count);
	s->p50_ms = summary_line_percentile(l, 0.50, &ap);
	s->p95_ms = summary_line_percentile(l, 0.95, &ap);
	s->p99_ms = summary_line_percentile(l, 0.99, &ap);
	s->error_rate_pct = stats_error_rate_pct(l->failed, l->count);
}

/* Trend series: one row per operation (row order) and non-empty bucket (time order). */
static void
build_series(struct build *b)
{
	const struct aggregate *agg = b->agg;
	struct report *r = b->r;
	size_t total = 0;
	int64_t start;

	for (size_t i = 0; i < r->n_rows; i++) {
		uint32_t op = b->row_op[i];
		for (size_t k = 0; k < agg->acc[op].n_bucket; k++)
			total += agg->acc[op].bucket[k].n > 0 || (agg->acc[op].sum_bucket != NULL &&
			    agg->acc[op].sum_bucket[k].count > 0);
	}
	r->series = xcalloc(total + 1, sizeof(*r->series));
	for (size_t i = 0; i < r->n_rows; i++) {
		struct op_acc *acc = &agg->acc[b->row_op[i]];
		size_t first = r->n_series;

		start = agg->first_bucket;
		for (size_t k = 0; k < acc->n_bucket; k++, start = window_bucket_next(r->bucket, start)) {
			struct dvec *d = &acc->bucket[k];
			struct series_row *s;

			if (acc->sum_bucket != NULL) {
				if (acc->sum_bucket[k].count == 0)
					continue;
				s = &r->series[r->n_series++];
				build_series_summary(s, &acc->sum_bucket[k]);
				s->operation = xstrdup(r->rows[i].operation);
				s->row = i;
				s->bucket_start = start;
				continue;
			}
			if (d->n == 0)
				continue;
			dvec_sort(d);
			s = &r->series[r->n_series++];
			s->operation = xstrdup(r->rows[i].operation);
			s->row = i;
			s->bucket_start = start;
			s->count = d->n;
			s->avg_ms = stats_mean(d->v, d->n);
			s->p50_ms = stats_percentile_sorted(d->v, d->n, 0.50);
			s->p95_ms = stats_percentile_sorted(d->v, d->n, 0.95);
			s->p99_ms = stats_percentile_sorted(d->v, d->n, 0.99);
			s->error_rate_pct = stats_error_rate_pct(d->n - acc->bucket_success[k], d->n);
		}
		build_trend_change(&r->rows[i], r->series + first, r->n_series - first);
	}
}

/* The bucket starts of the current window, ascending. */
static void
build_buckets(struct build *b)
{
	const struct aggregate *agg = b->agg;
	struct report *r = b->r;
	int64_t start = agg->first_bucket;

	r->buckets = xcalloc(agg->n_buckets + 1, sizeof(int64_t));
	for (size_t k = 0; k < agg->n_buckets; k++, start = window_bucket_next(r->bucket, start))
		r->buckets[k] = start;
	r->n_buckets = agg->n_buckets;
}

/*
 * Histogram of the sorted durations v[0..n) (report.h): bins of a tenth of a decade
 * (so edges at lo * 10^(k/10)), from the smallest positive duration lo to the largest hi,
 * at most REPORT_HIST_MAX_BINS bins (wider ones when the span is larger), one bin when
 * every positive duration is the same.
 */
#define REPORT_HIST_PER_DECADE 10
#define REPORT_HIST_MAX_BINS 40
static void
build_histogram(struct histogram *h, const double *v, size_t n)
{
	size_t z = 0, nb, k;
	double lo, hi, llo, decades, step;

	while (z < n && !(v[z] > 0.0))
		z++;
	h->zeros = z;
	if (z == n)
		return;
	lo = v[z];
	hi = v[n - 1];
	/* A difference of logarithms, not log10(hi / lo): from a subnormal lo to a hi near
	 * DBL_MAX the quotient overflows (631 decades at most, always finite). */
	llo = log10(lo);
	decades = log10(hi) - llo;
	nb = (size_t)ceil(decades * REPORT_HIST_PER_DECADE - 1e-9);
	if (nb < 1)
		nb = 1;
	if (nb > REPORT_HIST_MAX_BINS)
		nb = REPORT_HIST_MAX_BINS;
	step = decades / (double)nb;
	h->n_bins = nb;
	h->edges = xcalloc(nb + 1, sizeof(double));
	h->counts = xcalloc(nb, sizeof(uint64_t));
	for (k = 0; k <= nb; k++)
		h->edges[k] = pow(10.0, llo + step * (double)k); /* lo * 10^(step k) overflows */
	h->edges[0] = lo;
	h->edges[nb] = hi;
	/* v is sorted: walk the bins and the values together. */
	k = 0;
	for (size_t i = z; i < n; i++) {
		while (k + 1 < nb && v[i] >= h->edges[k + 1])
			k++;
		h->counts[k]++;
	}
}

/* Rows to chart: those with a degradation first, then the others, each in row order (by
 * count); at most limit of them (0: every row). */
static void
build_chart_rows(struct build *b, size_t limit)
{
	struct report *r = b->r;

	r->chart_rows = xcalloc(r->n_rows + 1, sizeof(size_t));
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->n_rows; i++) {
			bool bad = (r->rows[i].flags & FLAG_DEGRADATIONS) != 0;

			if (bad == (pass == 0) && (limit == 0 || r->n_chart_rows < limit))
				r->chart_rows[r->n_chart_rows++] = i;
		}
}

/* Everything charts need: buckets, histograms, the rows to chart. */
static void
build_charts(struct build *b)
{
	const struct options *o = b->o;
	struct report *r = b->r;
	size_t limit;

	build_buckets(b);
	r->histograms = xcalloc(r->n_rows + 1, sizeof(*r->histograms));
	for (size_t i = 0; i < r->n_rows; i++) {
		const struct dvec *d = &b->cur[b->row_op[i]];

		build_histogram(&r->histograms[i], d->v, d->n);
	}
	switch (o->format) {
	case FMT_MD:
		limit = (size_t)o->charts;
		break;
	case FMT_HTML:
		limit = o->charts_set ? (size_t)o->charts : REPORT_HTML_CHARTS;
		break;
	case FMT_TERM:
	case FMT_CSV:
	case FMT_JSON:
	case FMT_JSONL:
	case FMT_XLSX:
	default:
		limit = 0;
		break;
	}
	if (o->format == FMT_MD && limit == 0)
		return;
	if (o->format == FMT_HTML && o->charts_set && limit == 0)
		return;
	build_chart_rows(b, limit);
}

static char *
build_label(const struct options *o, const struct windows *w)
{
	char a[TU_BUFSZ], z[TU_BUFSZ];

	if (o->window == WINDOW_LAST_DAYS)
		return xasprintf("Last %ld days", window_days_of(o));
	if (!w->bounded_below || !w->bounded_above)
		return xstrdup("All records");
	if (tu_floor_day(w->start) == w->start && tu_floor_day(w->end) == w->end) {
		tu_format_date(w->start, a);
		tu_format_date(w->end, z);
	} else {
		tu_format_human(w->start, a);
		tu_format_human(w->end, z);
	}
	return xasprintf("%s – %s", a, z);
}

static void
build_header(struct build *b, const struct input_counts *input)
{
	struct report *r = b->r;
	const struct options *o = b->o;
	char name[NUMFMT_BUFSZ];

	r->command = o->command;
	r->series_report = o->series_report;
	r->command_name = o->command_name;
	r->label = build_label(o, b->w);
	r->generated_at = b->o->generated_at_us;
	r->start = b->w->start;
	r->end = b->w->end;
	r->prev_start = b->w->prev_start;
	r->prev_end = b->w->prev_end;
	/* In doubles: an open compare window spans the whole int64_t range. */
	r->days = ((double)r->end - (double)r->start) / (double)US_PER_DAY;
	r->bucket = b->w->bucket;
	r->n_percentiles = o->n_percentiles;
	for (size_t k = 0; k < o->n_percentiles; k++) {
		r->percentiles[k] = o->percentiles[k];
		numfmt_shortest(o->percentiles[k], name);
		r->pct_names[k] = xasprintf("p%s_ms", name);
	}
	r->input = *input;
	r->input.files = xcalloc(input->n_files + 1, sizeof(char *));
	for (size_t i = 0; i < input->n_files; i++)
		r->input.files[i] = xstrdup(input->files[i]);
}

/* The share of [start, end) that the input covers from its first valid record on
 * (clamped to [0, 100]); in doubles, so that open windows do not overflow. */
static double
build_cover(int64_t start, int64_t end, int64_t first)
{
	double len = (double)end - (double)start;
	double from = first > start ? (double)first : (double)start;
	double pct;

	if (!(len > 0))
		return 0;
	pct = 100.0 * ((double)end - from) / len;
	return pct < 0 ? 0 : pct > 100 ? 100 : pct;
}

/* Coverage of both windows (SPEC section 5, "A window the input only partly covers") and
 * whether the drift between them is judged. */
static void
build_coverage(struct report *r, const struct options *o)
{
	r->min_coverage = o->min_coverage;
	if (!r->input.has_span)
		return;
	r->has_coverage = true;
	r->coverage_pct = build_cover(r->start, r->end, r->input.first_ts);
	r->prev_coverage_pct = build_cover(r->prev_start, r->prev_end, r->input.first_ts);
	r->drift_unjudged = r->prev_coverage_pct < o->min_coverage;
}

struct report *
report_build(const struct aggregate *agg, const struct windows *w, const struct options *o,
    const struct input_counts *input)
{
	struct build b = {.agg = agg, .w = w, .o = o};
	struct detect_opts d;

	b.r = xcalloc(1, sizeof(*b.r));
	if (o->grouped) {
		b.r->group_keys = xcalloc(o->n_by, sizeof(char *));
		for (size_t i = 0; i < o->n_by; i++)
			b.r->group_keys[i] = xstrdup(o->by_keys[i]);
		b.r->n_group_keys = o->n_by;
	}
	build_header(&b, input);
	b.r->approx_accuracy = agg->sum_accuracy;
	build_coverage(b.r, o);
	b.r->input.outside_window = input->records - agg->in_windows;
	build_current(&b);
	build_rows(&b);
	build_previous_only(&b);
	build_most_frequent(&b);
	build_slowest(&b);
	degrade_opts(o, b.r, &d);
	degrade_apply(b.r, b.p95, &d);
	b.r->p95_ms = b.p95; /* the report's now, for degrade_apply once the baseline's
	                        tests join the family */
	if (agg->buckets) {
		build_series(&b);
		build_charts(&b);
	}
	for (size_t op = 0; op < agg->ops.count; op++)
		if (b.cur[op].cap > 0)
			free(b.cur[op].v);
	free(b.cur);
	free(b.cur_ok);
	free(b.row_op);
	return b.r;
}
