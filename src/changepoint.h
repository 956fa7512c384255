/* changepoint.h - change points of a series of bucket values (SPEC section 17): where the
 * level of a metric shifted and stayed shifted. Pure: no I/O, no options, no output.
 *
 * Method. E-divisive means (Matteson & James 2014, "A Nonparametric Approach for Multiple
 * Change Point Analysis of Multivariate Data", JASA 109(505), exponent alpha = 1) with the
 * deterministic significance test of Hunter (Fleming et al. 2023, "Hunter: Using Change
 * Point Detection to Hunt for Performance Regressions", ICPE '23) in place of the
 * permutation test. In a segment x[s..e) the candidate is the split t (each part at least
 * min_segment values) maximising
 *
 *   Q(t) = m k / (m + k) * ( 2/(m k) sum_{i<t<=j} |x_i - x_j|
 *                            - 1/C(m,2) sum_{s<=i<l<t} |x_i - x_l|
 *                            - 1/C(k,2) sum_{t<=j<l<e} |x_j - x_l| ),  m = t-s, k = e-t,
 *
 * the first such t when several share the maximum. Three phases, after Hunter (Apache
 * Otava), which runs E-divisive over sliding windows so that a short excursion (up and back
 * within 10..15 buckets) is seen locally instead of diluted in the whole rest of the series:
 *
 * 1. Split. Windows of w = max(CHANGEPOINT_WINDOW, 4 * min_segment) buckets: the first
 *    starts at 0; each next one at the later of (its predecessor's start + w / 2) and its
 *    predecessor's last new split; the window that reaches n is the last. In each window
 *    x[a..b), from the segment [a, b): the candidate t is accepted when Student's t-test
 *    with pooled variance between x[s..t) and x[t..e) gives a two-sided p <
 *    CHANGEPOINT_SPLIT_FACTOR * alpha; then both parts are split again, and a segment
 *    whose candidate is not accepted is final.
 * 2. Merge. The splits in ascending order; each one's p is the same t-test between its
 *    neighbouring segments (from the split before it, or 0, to the split after it, or n);
 *    while the largest p (the first of equals) is not below alpha, that split is dropped
 *    and the p-values are taken again.
 * 3. Refine, then merge again. Left to right, each split moves to the candidate of the
 *    segment its neighbours bound (the one before it already moved); then phase 2 again.
 *
 * So every reported change point has p < alpha between its two neighbouring final
 * segments. SPEC 17 words the search over the whole segment, with the "after" part running
 * to its end; that reading missed short excursions (F1 0.873..0.913 over six seeded
 * suites, bench/changepoints.md); the windows give 0.928..0.972 with no more false
 * positives on unchanged series.
 *
 * Assumptions (what makes p meaningful): the values of one segment are independent draws
 * with roughly equal variance on both sides of a split, their means roughly normal (a
 * bucket's p50 or average over many records is). Seasonality and autocorrelation break
 * independence; the split was chosen to look different, so p is optimistic (hence a small
 * alpha). The record counts are not weights: every bucket counts once.
 *
 * Cost: O(w^2) per window segment examined and O(len^2) per refined segment (pairwise
 * distances accumulated once per segment into per-position sums), O(k) per split dropped
 * by the merge with k splits, plus its neighbours' t-tests; tens of microseconds for 365
 * values.
 */
#ifndef PR_CHANGEPOINT_H
#define PR_CHANGEPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Buckets a window of the split phase spans (at least 4 * min_segment), and the factor
 * on alpha in that phase (see above). */
#define CHANGEPOINT_WINDOW 30
#define CHANGEPOINT_SPLIT_FACTOR 10.0

/* One change point of a series x[0..n). before/after are the means of x over the two final
 * segments that meet at index (not over the parts of the test that accepted it), and
 * count_before/count_after the sums of counts over those same buckets. */
struct changepoint {
	size_t index;          /* first bucket after the change, 1 <= index < n */
	double before;         /* mean of the segment ending at index */
	double after;          /* mean of the segment starting at index */
	double change_pct;     /* 100 * (after - before) / before; 0 when !has_pct */
	bool has_pct;          /* false when before is 0 (no percentage of nothing) */
	double p_value;        /* two-sided p of the t-test between the two final segments
				* that meet at index, in [0, alpha) */
	uint64_t count_before; /* records in the buckets of the segment before */
	uint64_t count_after;  /* records in the buckets of the segment after */
};

/* Find the change points of x[0..n) with per-bucket record counts counts[0..n) (counts may
 * be NULL: the counts are then 0). min_segment >= 2 (a part needs two values for a
 * variance; smaller is treated as 2); 0 < alpha <= 1. Values are finite (a NaN or an
 * infinity gives unspecified change points, never a crash). Returns how many were found
 * and stores them in ascending index order in *out, allocated with xmalloc, which the
 * caller frees with free(); *out is NULL when none is found (n < 2 * min_segment never
 * finds one). */
size_t changepoint_find(const double *x, const uint64_t *counts, size_t n, size_t min_segment,
    double alpha, struct changepoint **out);

/* Two-sided p-value of Student's t-test with pooled variance between a[0..na) and
 * b[0..nb), na, nb >= 1, na + nb >= 3: t = (mean_a - mean_b) / (s_p sqrt(1/na + 1/nb)),
 * s_p^2 = (SS_a + SS_b) / (na + nb - 2), df = na + nb - 2 (SciPy's ttest_ind(a, b,
 * equal_var=True)). When both parts are constant: 1 for equal means, 0 otherwise. */
double changepoint_ttest_p(const double *a, size_t na, const double *b, size_t nb);

#endif
