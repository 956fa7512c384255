/* changepoint.c - E-divisive means with Hunter's t-test over a series of bucket values, in
 * Hunter's sliding windows, then merged and refined (contract and references in
 * changepoint.h). Segments wait on an explicit stack, so a long window peeled a few buckets
 * at a time cannot exhaust the C stack. */
#include "changepoint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "stats.h"
#include "xalloc.h"

/* An accepted split before the final segments are known. */
struct changepoint_split {
	size_t index;
	double p_value;
};

/* The search's state: the series, its parameters, scratch sums (n each) and the
 * accepted splits so far. */
struct changepoint_ctx {
	const double *x;
	size_t min_segment;
	size_t window;      /* buckets a window of the split phase spans */
	double alpha;       /* the merge phase's threshold: the caller's alpha */
	double split_alpha; /* the split phase's threshold: CHANGEPOINT_SPLIT_FACTOR * alpha */
	double *left;  /* left[j] = sum over s <= i < j of |x_i - x_j| */
	double *right; /* right[j] = sum over j < l < e of |x_j - x_l| */
	double *tail;  /* tail[t] = sum over t <= j < e of right[j] (within-right sum) */
	struct changepoint_split *splits;
	size_t n_splits;
	size_t cap_splits;
};

/* Mean of v[0..n) and its sum of squared deviations (two passes), n >= 1. */
static void
changepoint_moments(const double *v, size_t n, double *mean, double *ss)
{
	double sum = 0.0, dev = 0.0, d;
	size_t i;

	for (i = 0; i < n; i++)
		sum += v[i];
	*mean = sum / (double)n;
	for (i = 0; i < n; i++) {
		d = v[i] - *mean;
		dev += d * d;
	}
	*ss = dev;
}

/* Student's pooled-variance t-test, two-sided (see changepoint.h). */
double
changepoint_ttest_p(const double *a, size_t na, const double *b, size_t nb)
{
	double ma, mb, ssa, ssb, df, sp2, t, p;

	changepoint_moments(a, na, &ma, &ssa);
	changepoint_moments(b, nb, &mb, &ssb);
	df = (double)(na + nb) - 2.0;
	sp2 = (ssa + ssb) / df;
	if (!(sp2 > 0.0))
		return same_double(ma, mb) ? 1.0 : 0.0;
	t = (ma - mb) / sqrt(sp2 * (1.0 / (double)na + 1.0 / (double)nb));
	p = 2.0 * stats_student_t_sf(fabs(t), df);
	return p > 1.0 ? 1.0 : p;
}

/* Fill left, right and tail for the segment x[s..e): every pair once. */
static void
changepoint_pair_sums(struct changepoint_ctx *c, size_t s, size_t e)
{
	const double *restrict x = c->x;
	double *restrict left = c->left;
	double xi, row, acc;
	size_t i, j;

	for (j = s; j < e; j++)
		left[j] = 0.0;
	/* Row i's sum in a register, the column sums in a loop the compiler can vectorise. */
	for (i = s; i < e; i++) {
		xi = x[i];
		row = 0.0;
		for (j = i + 1; j < e; j++) {
			row += fabs(xi - x[j]);
			left[j] += fabs(xi - x[j]);
		}
		c->right[i] = row;
	}
	acc = 0.0;
	for (j = e; j > s; j--) {
		acc += c->right[j - 1];
		c->tail[j - 1] = acc;
	}
}

/* The candidate split of x[s..e), e - s >= 2 * min_segment: the first t maximising the
 * energy statistic Q(t) of changepoint.h. Running sums over j < t: within = sum of left
 * (pairs inside the left part), cross_all = sum of right (pairs with their first member
 * left of t), so the pairs straddling t number cross_all - within. */
static size_t
changepoint_candidate(struct changepoint_ctx *c, size_t s, size_t e)
{
	double within = 0.0, cross_all = 0.0, best = -INFINITY;
	double m, k, between, q;
	size_t t, j, best_t;

	changepoint_pair_sums(c, s, e);
	for (j = s; j < s + c->min_segment; j++) {
		within += c->left[j];
		cross_all += c->right[j];
	}
	best_t = s + c->min_segment;
	for (t = s + c->min_segment; t + c->min_segment <= e; t++) {
		m = (double)(t - s);
		k = (double)(e - t);
		between = cross_all - within;
		q = m * k / (m + k) *
		    (2.0 * between / (m * k) - 2.0 * within / (m * (m - 1.0)) -
			2.0 * c->tail[t] / (k * (k - 1.0)));
		if (q > best) {
			best = q;
			best_t = t;
		}
		within += c->left[t];
		cross_all += c->right[t];
	}
	return best_t;
}

/* Remember an accepted split. */
static void
changepoint_accept(struct changepoint_ctx *c, size_t index, double p)
{
	xgrow(&c->splits, &c->cap_splits, c->n_splits + 1, sizeof(*c->splits));
	c->splits[c->n_splits].index = index;
	c->splits[c->n_splits].p_value = p;
	c->n_splits++;
}

/* Split the window x[ws..we) recursively with the split phase's alpha (segments on an
 * explicit stack of [start, end) pairs); the accepted splits are appended to c. */
static void
changepoint_search(struct changepoint_ctx *c, size_t ws, size_t we)
{
	size_t *stack, top = 0, s, e, t;
	double p;

	/* Every pushed segment holds at least min_segment values and segments do not
	 * overlap, so at most (we - ws) / min_segment + 1 are ever waiting. */
	stack = xreallocarray(NULL, 2 * ((we - ws) / c->min_segment + 2), sizeof(*stack));
	stack[top++] = ws;
	stack[top++] = we;
	while (top > 0) {
		e = stack[--top];
		s = stack[--top];
		if (e - s < 2 * c->min_segment)
			continue;
		t = changepoint_candidate(c, s, e);
		p = changepoint_ttest_p(c->x + s, t - s, c->x + t, e - t);
		if (!(p < c->split_alpha))
			continue;
		changepoint_accept(c, t, p);
		stack[top++] = s;
		stack[top++] = t;
		stack[top++] = t;
		stack[top++] = e;
	}
	free(stack);
}

/* qsort order of splits: ascending index (indices are distinct). */
static int
changepoint_cmp_split(const void *a, const void *b)
{
	const struct changepoint_split *x = a, *y = b;

	return (x->index > y->index) - (x->index < y->index);
}

/* The split phase: windows of c->window buckets, each starting at the later of its
 * predecessor's last new split and half a window on from its predecessor's start, the last
 * one ending at n; every window split recursively. Splits come out in no order, each once
 * (a window starting at a split cannot split there again, and one starting half a window
 * on holds no split of its predecessor). */
static void
changepoint_windows(struct changepoint_ctx *c, size_t n)
{
	size_t start = 0, end, last, k, first;

	for (;;) {
		end = n - start > c->window ? start + c->window : n;
		first = c->n_splits;
		changepoint_search(c, start, end);
		if (end == n)
			break;
		last = start + c->window / 2;
		for (k = first; k < c->n_splits; k++)
			if (c->splits[k].index > last)
				last = c->splits[k].index;
		start = last;
	}
}

/* Student's t-test of split k of the sorted splits between its neighbouring segments. */
static double
changepoint_split_p(const struct changepoint_ctx *c, size_t k, size_t n)
{
	size_t prev = k == 0 ? 0 : c->splits[k - 1].index;
	size_t at = c->splits[k].index;
	size_t next = k + 1 == c->n_splits ? n : c->splits[k + 1].index;

	return changepoint_ttest_p(c->x + prev, at - prev, c->x + at, next - at);
}

/* The merge phase: sort the splits, test each between its neighbouring segments, drop the
 * one with the largest p (the first of equals) while that p is not below alpha, and test
 * its two neighbours again (no other split's segments changed); every kept split carries
 * its final p. */
static void
changepoint_merge(struct changepoint_ctx *c, size_t n)
{
	size_t k, worst;

	if (c->n_splits == 0)
		return; /* splits is NULL: no qsort of nothing */
	qsort(c->splits, c->n_splits, sizeof(*c->splits), changepoint_cmp_split);
	for (k = 0; k < c->n_splits; k++)
		c->splits[k].p_value = changepoint_split_p(c, k, n);
	while (c->n_splits > 0) {
		worst = 0;
		for (k = 1; k < c->n_splits; k++)
			if (c->splits[k].p_value > c->splits[worst].p_value)
				worst = k;
		if (!(c->splits[worst].p_value >= c->alpha))
			break;
		memmove(&c->splits[worst], &c->splits[worst + 1],
		    (c->n_splits - worst - 1) * sizeof(*c->splits));
		c->n_splits--;
		if (worst > 0)
			c->splits[worst - 1].p_value = changepoint_split_p(c, worst - 1, n);
		if (worst < c->n_splits)
			c->splits[worst].p_value = changepoint_split_p(c, worst, n);
	}
}

/* The refine phase: left to right, each split moves to the candidate of the segment its
 * neighbours bound (the split before it already moved). */
static void
changepoint_refine(struct changepoint_ctx *c, size_t n)
{
	size_t k, prev, next;

	for (k = 0; k < c->n_splits; k++) {
		prev = k == 0 ? 0 : c->splits[k - 1].index;
		next = k + 1 == c->n_splits ? n : c->splits[k + 1].index;
		c->splits[k].index = changepoint_candidate(c, prev, next);
	}
}

/* Sum of counts[s..e), 0 without counts. */
static uint64_t
changepoint_count(const uint64_t *counts, size_t s, size_t e)
{
	uint64_t sum = 0;

	if (counts == NULL)
		return 0;
	for (; s < e; s++)
		sum += counts[s];
	return sum;
}

/* Describe the sorted splits by their neighbouring final segments. */
static struct changepoint *
changepoint_describe(const struct changepoint_ctx *c, const uint64_t *counts, size_t n)
{
	struct changepoint *out;
	size_t k, prev, at, next;

	out = xreallocarray(NULL, c->n_splits, sizeof(*out));
	for (k = 0; k < c->n_splits; k++) {
		prev = k == 0 ? 0 : c->splits[k - 1].index;
		at = c->splits[k].index;
		next = k + 1 == c->n_splits ? n : c->splits[k + 1].index;
		out[k].index = at;
		out[k].p_value = c->splits[k].p_value;
		out[k].before = stats_mean(c->x + prev, at - prev);
		out[k].after = stats_mean(c->x + at, next - at);
		out[k].has_pct = !same_double(out[k].before, 0.0);
		out[k].change_pct = out[k].has_pct ?
		    100.0 * (out[k].after - out[k].before) / out[k].before : 0.0;
		out[k].count_before = changepoint_count(counts, prev, at);
		out[k].count_after = changepoint_count(counts, at, next);
	}
	return out;
}

/* Find the change points of x[0..n) (see changepoint.h). */
size_t
changepoint_find(const double *x, const uint64_t *counts, size_t n, size_t min_segment,
    double alpha, struct changepoint **out)
{
	struct changepoint_ctx c = { 0 };
	size_t found;

	*out = NULL;
	if (min_segment < 2)
		min_segment = 2;
	if (n < 2 * min_segment)
		return 0;
	c.x = x;
	c.min_segment = min_segment;
	c.alpha = alpha;
	c.split_alpha = CHANGEPOINT_SPLIT_FACTOR * alpha;
	c.window = CHANGEPOINT_WINDOW > 4 * min_segment ? CHANGEPOINT_WINDOW : 4 * min_segment;
	c.left = xreallocarray(NULL, 3 * n, sizeof(double));
	c.right = c.left + n;
	c.tail = c.right + n;
	changepoint_windows(&c, n);
	changepoint_merge(&c, n);
	changepoint_refine(&c, n);
	changepoint_merge(&c, n);
	free(c.left);
	found = c.n_splits;
	if (found > 0) {
		*out = changepoint_describe(&c, counts, n);
	}
	free(c.splits);
	return found;
}
