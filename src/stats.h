/* stats.h - pure statistics helpers over arrays of doubles. No I/O, no formatting. */
#ifndef PR_STATS_H
#define PR_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Neumaier-compensated running sum: add values one at a time, read the total at the end. */
struct ksum {
	double sum;
	double comp;
};
void ksum_init(struct ksum *k);
void ksum_add(struct ksum *k, double x);
double ksum_value(const struct ksum *k);

/* Sort v[0..n) ascending in place (doubles, no NaN). */
void stats_sort(double *v, size_t n);

/* Percentile of sorted v[0..n), n >= 1, fraction p in [0,1], by linear interpolation
 * between closest ranks (numpy default, PERCENTILE.INC, quantile_cont, datamash perc):
 * h = (n-1)p, result = v[floor h] + (h - floor h)(v[floor h + 1] - v[floor h]). */
double stats_percentile_sorted(const double *v, size_t n, double p);

/* Mean of v[0..n) with compensated summation; n >= 1. */
double stats_mean(const double *v, size_t n);

/* 100 * failed / count; count >= 1. */
double stats_error_rate_pct(uint64_t failed, uint64_t count);

/* Sample standard deviation (n - 1 in the denominator) of v[0..n) whose mean is given;
 * n >= 2. Two-pass, compensated (Neumaier) sum of squared deviations; values near
 * DBL_MAX are scaled so that the squares do not overflow. */
double stats_stddev(const double *v, size_t n, double mean);

/*
 * Significance tests (SPEC sections 5 and 12). Each returns a two-sided or upper-tail
 * p-value in [0, 1], accurate in relative terms down to the smallest normal doubles (the
 * error is about 1e-15 times |log p|, so at worst about 1e-12 near 1e-300; measured in
 * tests/reference/README), and assumes what its test assumes:
 *
 * - Mann-Whitney: two independent samples, each of independent draws; the p-value comes
 *   from the normal approximation of U, so it is an approximation for small samples
 *   (SciPy's method="exact" differs there) however exactly it is computed.
 * - Welch: two independent samples whose means are approximately normal (large counts or
 *   normal data); unequal variances allowed.
 * - Binomial: count independent trials, each failing with the same probability.
 *
 * Inputs hold no NaN (a NaN gives an unspecified p-value, never a crash).
 */

/* Up to this many values in all (nx + ny), the Mann-Whitney sums are kept exactly in
 * 64-bit integers; past it, in compensated floating point (the same result within about
 * 1e-15 relative, a little slower). */
#define STATS_MW_EXACT_MAX ((size_t)1 << 21)

/* Two-sided p-value of the Mann-Whitney U test between x[0..nx) and y[0..ny), each sorted
 * ascending: the normal approximation with the tie correction and a continuity correction
 * of 0.5, i.e. SciPy's mannwhitneyu(x, y, alternative="two-sided", method="asymptotic",
 * use_continuity=True); 1 when every value is equal or a side is empty (nx or ny 0; that
 * pointer is then not read). One merge pass, O(nx + ny), no allocation (ties found while
 * merging the two sorted arrays), a few instructions per value when values seldom repeat.
 * U and the tie-corrected variance are exact integers up to STATS_MW_EXACT_MAX values,
 * rounded once to double; beyond, U is exact while nx * ny < 2^52 and the variance within
 * a few ulps. Unsorted input gives an unspecified p-value, never a read out of bounds. */
double stats_mann_whitney_p(const double *x, size_t nx, const double *y, size_t ny);

/* Two-sided p-value of Welch's t-test from summaries (n1, n2 >= 2; sd >= 0): t = (m1-m2)/
 * sqrt(sd1^2/n1 + sd2^2/n2), Welch-Satterthwaite degrees of freedom, Student's t tail. When
 * both sd are 0: 1 for equal means, 0 otherwise. SciPy's ttest_ind_from_stats(...,
 * equal_var=False). n1 or n2 below 2 gives NaN (no variance to speak of). */
double stats_welch_p(double n1, double mean1, double sd1, double n2, double mean2, double sd2);

/* P(X >= k) for X ~ Binomial(n, p), 0 <= p <= 1: 1 when k == 0, 0 when k > n. Equal to
 * SciPy's binom.sf(k - 1, n, p). Computed as the regularized incomplete beta I_p(k, n-k+1);
 * k and n are exact up to 2^53. */
double stats_binom_upper(uint64_t k, uint64_t n, double p);

/* Benjamini-Hochberg adjusted p-values (Benjamini & Hochberg 1995; SPEC section 5, "Many
 * rows, one verdict"): q[i] is p[i]'s q-value over the family p[0..k), given in any order.
 * With the p sorted ascending p(1) <= ... <= p(k), q(i) = min over j >= i of
 * min(1, p(j) k / j); tied p-values get the same q. R's p.adjust(p, "BH") and SciPy's
 * false_discovery_control(p, method="bh"). q may be p (in place); k 0 writes nothing.
 * Assumes the tests independent or positively dependent (PRDS), as the procedure does.
 * O(k log k) time, O(k) memory. */
void stats_bh_adjust(const double *p, double *q, size_t k);

/* Building blocks, exported for the tests; NaN outside their domains (a, b > 0 for
 * betainc, whose x is clamped to [0, 1]). */
double stats_normal_sf(double z);              /* 0.5 * erfc(z / sqrt(2)) */
double stats_student_t_sf(double t, double df); /* P(T > t), df > 0 (df may be fractional) */
double stats_betainc(double a, double b, double x); /* regularized incomplete beta I_x(a, b) */

#endif
