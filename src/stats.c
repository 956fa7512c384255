/* stats.c - pure statistics over arrays of doubles: compensated sum, mean, error rate,
 * a radix sort for large sample arrays and the interpolated percentile of SPEC section 4;
 * standard deviation and the p-values of SPEC sections 5 and 12 (Mann-Whitney, Welch,
 * binomial) with the normal, Student's t and incomplete beta functions under them, in
 * libm only. No I/O, no formatting (GNU datamash's src/utils.c plays the same part). */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Below this many values insertion sort beats the radix sort's fixed cost. */
#define STATS_SMALL_SORT 64

/* LSD radix sort digit widths: 8 bits (eight passes, small histograms) up to
 * STATS_WIDE_SORT values, 11 bits (six passes) beyond, where passes cost more than
 * clearing histograms. */
#define STATS_WIDE_SORT 16384
#define STATS_NARROW_BITS 8
#define STATS_WIDE_BITS 11

/* Start an empty sum. */
void
ksum_init(struct ksum *k)
{
	k->sum = 0.0;
	k->comp = 0.0;
}

/* Add x, keeping the low-order bits the addition lost in comp (Neumaier's variant of
 * Kahan summation: unlike Kahan's, it also keeps them when x outweighs the sum). */
void
ksum_add(struct ksum *k, double x)
{
	double t = k->sum + x;

	if (fabs(k->sum) >= fabs(x))
		k->comp += (k->sum - t) + x;
	else
		k->comp += (x - t) + k->sum;
	k->sum = t;
}

/* The compensated total. */
double
ksum_value(const struct ksum *k)
{
	return k->sum + k->comp;
}

/* Map a double's bit pattern to a uint64 that sorts in the same order as the value:
 * non-negative values get the sign bit set, negative ones are bitwise inverted.
 * -0.0 lands just below +0.0, which is a valid order since the two compare equal. */
static uint64_t
stats_key_from_double(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	if (u >> 63)
		return ~u;
	return u | ((uint64_t)1 << 63);
}

/* Inverse of stats_key_from_double. */
static double
stats_double_from_key(uint64_t u)
{
	double d;

	if (u >> 63)
		u &= ~((uint64_t)1 << 63);
	else
		u = ~u;
	memcpy(&d, &u, sizeof(d));
	return d;
}

/* Plain insertion sort for short arrays. */
static void
stats_insertion_sort(double *v, size_t n)
{
	size_t i, j;
	double x;

	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* 64-bit key i of an array whose storage may be declared as double: memcpy keeps the
 * access free of aliasing trouble and compiles to a plain load or store. */
static inline uint64_t
stats_key_load(const void *base, size_t i)
{
	uint64_t u;

	memcpy(&u, (const unsigned char *)base + i * sizeof(u), sizeof(u));
	return u;
}

/* Store key i; the counterpart of stats_key_load. */
static inline void
stats_key_store(void *base, size_t i, uint64_t u)
{
	memcpy((unsigned char *)base + i * sizeof(u), &u, sizeof(u));
}

/* Sort the n doubles of v with the scratch array b: one read of v turns each value into
 * its key in place and fills the histograms of every pass; then LSD passes of bits bits
 * ping-pong between v and b. Returns whichever of the two ends up holding the sorted keys.
 * Inlined with a constant bits, so the per-key histogram loop over the passes unrolls. */
static PR_INLINE void *
stats_radix_sort_keys(double *v, void *b, size_t n, const unsigned int bits)
{
	const unsigned int passes = (64 + bits - 1) / bits;
	const size_t radix = (size_t)1 << bits;
	const uint64_t mask = (uint64_t)radix - 1;
	size_t i, sum, c, *counts, *cnt;
	unsigned int pass, shift;
	void *a = v, *tmp;
	uint64_t u;

	counts = xcalloc((size_t)passes * radix, sizeof(*counts));
	for (i = 0; i < n; i++) {
		u = stats_key_from_double(v[i]);
		stats_key_store(a, i, u);
#pragma GCC unroll 8
		for (pass = 0; pass < passes; pass++)
			counts[pass * radix + ((u >> (pass * bits)) & mask)]++;
	}

	for (pass = 0; pass < passes; pass++) {
		shift = pass * bits;
		cnt = counts + pass * radix;
		/* Every key has the same digit here: the pass would only copy. */
		if (cnt[(stats_key_load(a, 0) >> shift) & mask] == n)
			continue;
		sum = 0;
		for (i = 0; i < radix; i++) {
			c = cnt[i];
			cnt[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++) {
			u = stats_key_load(a, i);
			stats_key_store(b, cnt[(u >> shift) & mask]++, u);
		}
		tmp = a;
		a = b;
		b = tmp;
	}
	free(counts);
	return a;
}

/* Sort v[0..n) ascending: insertion sort when short, else an LSD radix sort on keys
 * made from the IEEE 754 bit patterns (stable, linear, no comparator calls). The keys
 * live in v's own storage plus one scratch array of n keys. */
void
stats_sort(double *v, size_t n)
{
	uint64_t *scratch;
	void *out;
	size_t i;

	if (n < STATS_SMALL_SORT) {
		stats_insertion_sort(v, n);
		return;
	}
	scratch = xreallocarray(NULL, n, sizeof(*scratch));
	if (n < STATS_WIDE_SORT)
		out = stats_radix_sort_keys(v, scratch, n, STATS_NARROW_BITS);
	else
		out = stats_radix_sort_keys(v, scratch, n, STATS_WIDE_BITS);
	for (i = 0; i < n; i++)
		v[i] = stats_double_from_key(stats_key_load(out, i));
	free(scratch);
}

/* Linear interpolation between closest ranks (SPEC section 4, numpy's default). */
double
stats_percentile_sorted(const double *v, size_t n, double p)
{
	double h, fl, frac, lo, hi, r;
	size_t k;

	if (n <= 1 || !(p > 0.0))
		return v[0];
	if (!(p < 1.0))
		return v[n - 1];
	h = (double)(n - 1) * p;
	fl = floor(h);
	k = (size_t)fl;
	if (k >= n - 1)
		return v[n - 1];
	frac = h - fl;
	lo = v[k];
	hi = v[k + 1];
	if (!(frac > 0.0))
		return lo;
	r = lo + frac * (hi - lo);
	/* Rounding may push the result an ulp past its neighbours; keep it between them. */
	if (r < lo)
		r = lo;
	if (r > hi)
		r = hi;
	return r;
}

/* Arithmetic mean, summed with compensation. */
double
stats_mean(const double *v, size_t n)
{
	struct ksum k;
	size_t i;

	ksum_init(&k);
	for (i = 0; i < n; i++)
		ksum_add(&k, v[i]);
	if (isfinite(ksum_value(&k)))
		return ksum_value(&k) / (double)n;
	/* The sum overflowed (values near DBL_MAX): sum the values divided by n instead. */
	ksum_init(&k);
	for (i = 0; i < n; i++)
		ksum_add(&k, v[i] / (double)n);
	return ksum_value(&k);
}

/* Percentage of failed records. */
double
stats_error_rate_pct(uint64_t failed, uint64_t count)
{
	return 100.0 * (double)failed / (double)count;
}

/* ---- spread and significance (SPEC sections 5 and 12) ------------------------------ */

/* Squared deviations are summed with values scaled by 2^-STATS_SD_SHIFT when the plain sum
 * overflows (values near DBL_MAX); the scale is a power of two, so it is exact. */
#define STATS_SD_SHIFT 600

/* From this argument on, lgamma is replaced by Stirling's series, whose terms cancel
 * analytically in the incomplete beta's prefactor (see stats_beta_logkernel). */
#define STATS_STIRLING_MIN 10.0

/* Continued fraction of the incomplete beta: stop when a step changes the value by less
 * than STATS_CF_EPS (relative); it needs O(sqrt(max(a, b))) steps, so STATS_CF_MAXIT
 * covers a and b far beyond 10^9. */
#define STATS_CF_EPS 1e-16
#define STATS_CF_MAXIT 10000000
#define STATS_CF_TINY 1e-300

#define STATS_SQRT1_2 0.70710678118654752440	/* 1 / sqrt(2) */
#define STATS_LN_2PI 1.83787706640934548356	/* log(2 pi) */

/* Sum of squared deviations from mean, each deviation multiplied by scale first. */
static double
stats_sum_sq_dev(const double *v, size_t n, double mean, double scale)
{
	struct ksum k;
	double d;
	size_t i;

	ksum_init(&k);
	for (i = 0; i < n; i++) {
		d = v[i] * scale - mean * scale;
		ksum_add(&k, d * d);
	}
	return ksum_value(&k);
}

/* Sample standard deviation: the second pass of a two-pass algorithm (the caller made the
 * first, the mean), compensated so that many small squares are not lost. */
double
stats_stddev(const double *v, size_t n, double mean)
{
	double ss, scale;

	ss = stats_sum_sq_dev(v, n, mean, 1.0);
	if (isfinite(ss) || !isfinite(mean))
		return sqrt(ss / (double)(n - 1));
	scale = ldexp(1.0, -STATS_SD_SHIFT);
	ss = stats_sum_sq_dev(v, n, mean, scale);
	return ldexp(sqrt(ss / (double)(n - 1)), STATS_SD_SHIFT);
}

/* Upper tail of the standard normal distribution. erfc keeps its relative accuracy far
 * into the tail (z up to about 38 before the result leaves the normal doubles). */
double
stats_normal_sf(double z)
{
	return 0.5 * erfc(z * STATS_SQRT1_2);
}

/* ---- Mann-Whitney U ---------------------------------------------------------------- */

/* What one merge of the samples yields: with yb the number of y values below a value,
 *   s1 = sum over the x values of yb, s2 = sum over groups of equal values of cx cy,
 *   ties = sum over groups of t^3 - t, t = cx + cy (nothing for a value seen once),
 * so that 2 U1 = 2 s1 + s2 and the tie-corrected variance numerator is n^3 - n - ties. */
struct stats_mw_sums {
	uint64_t s1;
	uint64_t s2;
	uint64_t ties;
};

/* t^3 - t: the tie term of a group of t equal values (0 for t = 1). */
static inline uint64_t
stats_tie_term(uint64_t t)
{
	return t * t * t - t;
}

/* Length of the run of values equal to v[0] in v[0..n), n >= 1 (sorted: the run ends at the
 * first greater value). */
static size_t
stats_run_len(const double *v, size_t n)
{
	size_t k = 1;

	while (k < n && !(v[k] > v[0]))
		k++;
	return k;
}

/* The tie terms of the runs in v[0..n), a part of one sample that meets no value of the
 * other: one compare per value where nothing repeats. */
static uint64_t
stats_run_ties(const double *v, size_t n)
{
	uint64_t ties = 0;
	size_t k, t;

	for (k = 0; k + 1 < n; k++) {
		if (v[k + 1] > v[k])
			continue;
		t = stats_run_len(v + k, n - k);
		ties += stats_tie_term(t);
		k += t - 1;
	}
	return ties;
}

/* The sums of one merge in integers, for nx, ny >= 1, y[ny - 1] not a NaN and
 * n = nx + ny <= STATS_MW_EXACT_MAX = 2^21, so that n^3 (and 2 nx ny <= n^2 / 2) fits in
 * 64 bits. For each x value a, the y values below it are skipped (a repeat
 * among them is a run of y alone), then a is either tied with y (a group of both), repeated
 * in x (a run of x alone) or alone, the common case: s1 += j, the number of y below it. The
 * loop runs while a <= y[ny - 1], so y[j] < a leaves y[j + 1] to read; what is left past
 * it meets nothing. Each group is consumed whole, so i and j always stand at the start of
 * one; bounds hold for any order of the values, sorted or not. */
static void
stats_mw_merge_exact(const double *x, size_t nx, const double *y, size_t ny,
    struct stats_mw_sums *s)
{
	const double ylast = y[ny - 1];
	size_t i = 0, j = 0, cx, cy;
	double a, b = y[0], nb;

	s->s1 = s->s2 = s->ties = 0;
	while (i < nx && !(x[i] > ylast)) {
		a = x[i];
		while (b < a) {
			nb = y[j + 1];
			if (nb > b) {
				j++;
				b = nb;
				continue;
			}
			cy = stats_run_len(y + j, ny - j);
			s->ties += stats_tie_term(cy);
			j += cy;
			b = y[j];
		}
		if (!(a < b)) {
			/* a == y[j]: one group of both samples */
			cx = stats_run_len(x + i, nx - i);
			cy = stats_run_len(y + j, ny - j);
			s->s1 += (uint64_t)cx * j;
			s->s2 += (uint64_t)cx * cy;
			s->ties += stats_tie_term(cx + cy);
			i += cx;
			j += cy;
			if (j == ny)
				break;
			b = y[j];
		} else if (i + 1 < nx && !(x[i + 1] > a)) {
			cx = stats_run_len(x + i, nx - i);
			s->s1 += (uint64_t)cx * j;
			s->ties += stats_tie_term(cx);
			i += cx;
		} else {
			s->s1 += j;
			i++;
		}
	}
	s->s1 += (uint64_t)(nx - i) * ny;
	s->ties += stats_run_ties(x + i, nx - i) + stats_run_ties(y + j, ny - j);
}

/* The same merge group by group in floating point, for samples too large for
 * stats_mw_merge_exact: 2 U1 and n^3 - sum of t^3 as compensated sums of non-negative
 * terms (D += 3 m t (m + t) telescopes to it, with m the values below a group). */
static void
stats_mw_merge_float(const double *x, size_t nx, const double *y, size_t ny, double *u2p,
    double *dp)
{
	struct ksum u2, d;
	size_t i = 0, j = 0, cx, cy, m = 0, yb = 0, t;
	double v;

	ksum_init(&u2);
	ksum_init(&d);
	while (i < nx || j < ny) {
		if (j == ny || (i < nx && !(y[j] < x[i])))
			v = x[i];
		else
			v = y[j];
		for (cx = 0; i < nx && same_double(x[i], v); i++)
			cx++;
		for (cy = 0; j < ny && same_double(y[j], v); j++)
			cy++;
		t = cx + cy;
		if (cx > 0)
			ksum_add(&u2, (double)cx * (2.0 * (double)yb + (double)cy));
		ksum_add(&d, 3.0 * (double)m * (double)t * ((double)m + (double)t));
		m += t;
		yb += cy;
	}
	*u2p = ksum_value(&u2);
	*dp = ksum_value(&d);
}

/* Two-sided Mann-Whitney p-value. One merge of the sorted samples visits each group of
 * equal values; for a group of cx values of x and cy of y with yb values of y below it,
 *   2 U1 += cx (2 yb + cy)         (an x beats each smaller y and half of each equal one),
 * and D = n^3 - n - sum of (t^3 - t), t = cx + cy, is the tie-corrected variance
 * numerator. Both are sums of integers, kept exactly in 64 bits up to STATS_MW_EXACT_MAX
 * values (stats_mw_merge_exact); beyond, compensated sums of non-negative terms (no
 * cancellation, unlike SciPy's (n + 1) - tie_term / (n (n - 1))). Then, as SciPy does,
 *   z = (|2 U1 - nx ny| / 2 - 0.5) / sqrt(nx ny / 12 * D / (n (n - 1))),
 *   p = min(1, 2 * normal_sf(z)). */
double
stats_mann_whitney_p(const double *x, size_t nx, const double *y, size_t ny)
{
	struct stats_mw_sums s;
	uint64_t u2, nxy64;
	double u2f, num, d, nxy, n, var, p;

	if (nx == 0 || ny == 0)
		return 1.0;	/* nothing to compare */
	if (nx + ny <= STATS_MW_EXACT_MAX && !isnan(y[ny - 1])) {
		stats_mw_merge_exact(x, nx, y, ny, &s);
		u2 = 2 * s.s1 + s.s2;
		nxy64 = (uint64_t)nx * ny;
		num = ((double)(u2 > nxy64 ? u2 - nxy64 : nxy64 - u2) - 1.0) / 2.0;
		n = (double)(nx + ny);
		d = (double)(stats_tie_term(nx + ny) - s.ties);
	} else {
		stats_mw_merge_float(x, nx, y, ny, &u2f, &d);
		num = fabs(u2f - (double)nx * (double)ny) / 2.0 - 0.5;
		n = (double)nx + (double)ny;
	}
	if (!(d > 0.0))
		return 1.0;	/* one group: every value is equal */
	nxy = (double)nx * (double)ny;
	var = nxy / 12.0 * (d / (n * (n - 1.0)));
	p = 2.0 * stats_normal_sf(num / sqrt(var));
	return p > 1.0 ? 1.0 : p;
}

/* log(1 + u) - u for u >= -1, without the cancellation near 0: with r = u / (2 + u),
 * log(1 + u) = 2 atanh(r) = 2 (r + r^3/3 + r^5/5 + ...) and u - 2 r = r u. */
static double
stats_log1pmx(double u)
{
	double r, r2, pw, sum, term;
	int k;

	if (!(fabs(u) < 0.5))
		return log1p(u) - u;
	r = u / (2.0 + u);
	r2 = r * r;
	pw = r * r2;
	sum = 0.0;
	for (k = 3; k < 200; k += 2) {
		term = pw / k;
		sum += term;
		if (fabs(term) <= 1e-17 * fabs(sum))
			break;
		pw *= r2;
	}
	return 2.0 * sum - r * u;
}

/* a log(1 + d / a) - d, where r = 1 + d / a is also given, computed without loss from the
 * operands: from d when it is small against a (log1pmx), else from r (log). */
static double
stats_log1pmx_scaled(double a, double d, double r)
{
	if (fabs(d) < 0.5 * a)
		return a * stats_log1pmx(d / a);
	return a * log(r) - d;
}

/* Stirling's correction: lgamma(x) - ((x - 1/2) log x - x + log(2 pi) / 2), x >= 10,
 * by the asymptotic series up to B14 (truncation error below 1e-16 at x = 10). */
static double
stats_stirling_delta(double x)
{
	double r = 1.0 / x, r2 = r * r;

	return r * (1.0 / 12 + r2 * (-1.0 / 360 + r2 * (1.0 / 1260 + r2 * (-1.0 / 1680 +
	    r2 * (1.0 / 1188 + r2 * (-691.0 / 360360 + r2 * (1.0 / 156)))))));
}

/* log(x^a y^b / B(a, b)) for a, b > 0 and 0 < x < 1, y = 1 - x, where the smaller of x and
 * y is the accurately known one (the other may be 1 minus it, rounded), and
 * d = (a + b) x - a = b - (a + b) y (stats_beta_d). For large a or b, lgamma's terms
 * would cancel to absolute errors of eps lgamma(a) (1e-9 relative in the result at
 * a = 1e7), so above STATS_STIRLING_MIN the logs are regrouped around d:
 *   a log x + b log y - log B = a log(x c / a) + b log(y c / b) + log(a b / (2 pi c)) / 2
 *                               - delta(a) - delta(b) + delta(c),  c = a + b,
 * with a log(x c / a) = a log1pmx(d / a) + d and b log(y c / b) = b log1pmx(-d / b) - d,
 * the d cancelling exactly. When only a is large:
 *   ... = a log1pmx(d / a) - y c + b log(y c) - lgamma(b) - log1p(b / a) / 2
 *         - delta(a) + delta(c),
 * and the mirror image when only b is. (TOMS 708's brcomp does the same.) */
static double
stats_beta_logkernel(double a, double b, double x, double y, double d)
{
	double c = a + b, lx, ly;

	if (x <= y) {
		lx = log(x);
		ly = log1p(-x);
	} else {
		lx = log1p(-y);
		ly = log(y);
	}
	if (a < STATS_STIRLING_MIN && b < STATS_STIRLING_MIN)
		return a * lx + b * ly - (lgamma(a) + lgamma(b) - lgamma(c));
	if (a >= STATS_STIRLING_MIN && b >= STATS_STIRLING_MIN)
		return stats_log1pmx_scaled(a, d, x * c / a) +
		    stats_log1pmx_scaled(b, -d, y * c / b) +
		    0.5 * (log(a / c) + log(b) - STATS_LN_2PI) -
		    stats_stirling_delta(a) - stats_stirling_delta(b) +
		    stats_stirling_delta(c);
	if (a >= STATS_STIRLING_MIN)
		return stats_log1pmx_scaled(a, d, x * c / a) - y * c + b * (ly + log(c)) -
		    lgamma(b) - 0.5 * log1p(b / a) - stats_stirling_delta(a) +
		    stats_stirling_delta(c);
	return stats_log1pmx_scaled(b, -d, y * c / b) - x * c + a * (lx + log(c)) -
	    lgamma(a) - 0.5 * log1p(a / b) - stats_stirling_delta(b) +
	    stats_stirling_delta(c);
}

/* d = (a + b) x - a = b - (a + b) y, from the smaller (the accurate one) of x and y, with
 * the rounding error of a + b put back (Knuth's two-sum) and one rounding for the product
 * and difference (fma): near the mean of the beta distribution d is a small difference of
 * large numbers, and the prefactor's log depends on it to first order in its parts. */
static double
stats_beta_d(double a, double b, double x, double y)
{
	double c = a + b, bv = c - a, clo = (a - (c - bv)) + (b - bv);

	if (x <= y)
		return fma(x, c, -a) + x * clo;
	return fma(-y, c, b) - y * clo;
}

/* Replace a Lentz denominator that vanished by a tiny one. */
static double
stats_cf_guard(double v)
{
	return fabs(v) < STATS_CF_TINY ? STATS_CF_TINY : v;
}

/* The continued fraction of I_x(a, b) divided by its prefactor x^a y^b / (a B(a, b)),
 *   1 / (1 + d1 / (1 + d2 / (1 + ...))),
 *   d(2m) = m (b - m) x / ((a + 2m - 1) (a + 2m)),
 *   d(2m+1) = -(a + m) (a + b + m) x / ((a + 2m) (a + 2m + 1)),
 * evaluated by the modified Lentz method (Numerical Recipes' betacf); it converges fast
 * for x < (a + 1) / (a + b + 2), where dx = (a + b) x - a < 1. There, when x is near 1
 * (Student's t with a large df) or a and b are large, d(2m+1) is near -1 and each
 * 1 + d(2m+1) D in the recurrences would cancel to an absolute eps; so 1 + d(2m+1) is
 * formed from dx and y = 1 - x as a sum of non-negative terms,
 *   (a (1 + 2m + m y - dx) + m (3m + 2 + m y - dx)) / ((a + 2m) (a + 2m + 1)),
 * and the Lentz factors C and D of the even steps, which stay near 1, are carried as
 * C - 1 and D - 1. */
static double
stats_beta_cf(double a, double b, double x, double y, double dx)
{
	double c = 1.0, d, cm1, dm1, dn, h, aa, e, del, mm, m2;
	long m;

	d = 1.0 / stats_cf_guard((1.0 - dx) / (a + 1.0));
	h = d;
	for (m = 1; m <= STATS_CF_MAXIT; m++) {
		mm = (double)m;
		m2 = 2.0 * mm;
		/* even step */
		aa = mm * (b - mm) * x / ((a - 1.0 + m2) * (a + m2));
		dn = 1.0 / stats_cf_guard(1.0 + aa * d);
		dm1 = -aa * d * dn;
		d = dn;
		cm1 = aa / c;
		c = stats_cf_guard(1.0 + cm1);
		h *= d * c;
		/* odd step: e = 1 + aa without the cancellation */
		aa = -(a + mm) * (a + b + mm) * x / ((a + m2) * (a + 1.0 + m2));
		e = (a * (1.0 + m2 + y * mm - dx) + mm * (3.0 * mm + 2.0 + y * mm - dx)) /
		    ((a + m2) * (a + 1.0 + m2));
		d = 1.0 / stats_cf_guard(e + aa * dm1);
		c = stats_cf_guard((e + cm1) / c);
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) <= STATS_CF_EPS)
			break;
	}
	return h;
}

/* I_x(a, b) with y = 1 - x (the smaller of the two known accurately): the continued
 * fraction where it converges fast, else 1 - I_y(b, a). The switch sits near the mean,
 * so the complement is mostly above 1/2 and the subtraction costs little; only for a
 * or b far below 1 can it be small (I_0.999(50, 0.001) = 0.0025 comes out 1.7e-13 off). */
static double
stats_ibeta(double a, double b, double x, double y)
{
	double d;

	if (isnan(a) || isnan(b) || isnan(x) || isnan(y) || !(a > 0.0) || !(b > 0.0))
		return NAN;
	if (!(x > 0.0))
		return 0.0;
	if (!(y > 0.0))
		return 1.0;
	d = stats_beta_d(a, b, x, y);
	if (x * (a + b + 2.0) < a + 1.0)
		return exp(stats_beta_logkernel(a, b, x, y, d) - log(a)) *
		    stats_beta_cf(a, b, x, y, d);
	return 1.0 - exp(stats_beta_logkernel(b, a, y, x, -d) - log(b)) *
	    stats_beta_cf(b, a, y, x, -d);
}

/* Regularized incomplete beta: 0 for x <= 0, 1 for x >= 1. */
double
stats_betainc(double a, double b, double x)
{
	if (isnan(x))
		return NAN;
	if (!(x < 1.0))
		return stats_ibeta(a, b, 1.0, 0.0);
	return stats_ibeta(a, b, x, 1.0 - x);
}

/* Upper tail of Student's t: for t > 0, P(T > t) = I_x(df/2, 1/2) / 2 with
 * x = df / (df + t^2) = 1 / (1 + u^2), u = t / sqrt(df), and 1 - x = u^2 / (1 + u^2) both
 * formed without subtraction. Past u = 1e150 (u^2 near overflow) the leading term of the
 * continued fraction is the value: x^a / (a B(a, 1/2)) / 2 with log x = -2 log u, to a
 * relative 1e-300. */
double
stats_student_t_sf(double t, double df)
{
	double u, u2, a, q;

	if (isnan(t) || isnan(df) || !(df > 0.0))
		return NAN;
	if (isinf(df))
		return stats_normal_sf(t);
	if (same_double(t, 0.0))
		return 0.5;
	a = 0.5 * df;
	u = fabs(t) / sqrt(df);
	if (isinf(u))
		q = 0.0;
	else if (u > 1e150)
		q = exp(-2.0 * a * log(u) - log(a) -
		    (lgamma(a) + lgamma(0.5) - lgamma(a + 0.5)));
	else {
		u2 = u * u;
		q = stats_ibeta(a, 0.5, 1.0 / (1.0 + u2), u2 / (1.0 + u2));
	}
	return t > 0.0 ? 0.5 * q : 1.0 - 0.5 * q;
}

/* Welch's unequal-variances t-test, two-sided, with SciPy's arithmetic:
 * v_i = sd_i^2 / n_i, t = (m1 - m2) / sqrt(v1 + v2),
 * df = (v1 + v2)^2 / (v1^2 / (n1 - 1) + v2^2 / (n2 - 1)). */
double
stats_welch_p(double n1, double mean1, double sd1, double n2, double mean2, double sd2)
{
	double v1, v2, w, df, t, p;

	if (!(n1 >= 2.0) || !(n2 >= 2.0) || isnan(mean1) || isnan(mean2) || isnan(sd1) ||
	    isnan(sd2))
		return NAN;
	v1 = sd1 * sd1 / n1;
	v2 = sd2 * sd2 / n2;
	if (!(v1 + v2 > 0.0))
		return same_double(mean1, mean2) ? 1.0 : 0.0;
	t = (mean1 - mean2) / sqrt(v1 + v2);
	if (isnan(t))
		return NAN;
	/* df is invariant under scaling both v: divide by the larger, so that tiny
	 * variances do not underflow to 0 / 0 when squared. */
	w = v1 > v2 ? v1 : v2;
	v1 /= w;
	v2 /= w;
	df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1.0) + v2 * v2 / (n2 - 1.0));
	p = 2.0 * stats_student_t_sf(fabs(t), df);
	return p > 1.0 ? 1.0 : p;
}

/* Upper binomial tail through the identity P(X >= k) = I_p(k, n - k + 1). */
double
stats_binom_upper(uint64_t k, uint64_t n, double p)
{
	if (k == 0)
		return 1.0;
	if (k > n)
		return 0.0;
	if (isnan(p))
		return NAN;
	if (!(p > 0.0))
		return 0.0;
	if (!(p < 1.0))
		return 1.0;
	return stats_ibeta((double)k, (double)(n - k + 1), p, 1.0 - p);
}

/* One p-value of a family and its place in the caller's array, for sorting. */
struct stats_ranked {
	double p;
	size_t at;
};

/* Ascending p, then ascending place (a total order, so the result is the same on every
 * libc's qsort). */
static int
stats_ranked_cmp(const void *pa, const void *pb)
{
	const struct stats_ranked *a = pa, *b = pb;

	if (a->p < b->p)
		return -1;
	if (a->p > b->p)
		return 1;
	return a->at < b->at ? -1 : a->at > b->at;
}

/* Walk the ranks from the largest down, keeping the running minimum of p(j) k / j. */
void
stats_bh_adjust(const double *p, double *q, size_t k)
{
	struct stats_ranked *r;
	double run = 1.0;

	if (k == 0)
		return;
	r = xcalloc(k, sizeof(*r));
	for (size_t i = 0; i < k; i++) {
		r[i].p = p[i];
		r[i].at = i;
	}
	qsort(r, k, sizeof(*r), stats_ranked_cmp);
	for (size_t j = k; j > 0; j--) {
		double v = r[j - 1].p * ((double)k / (double)j);

		if (v < run)
			run = v;
		q[r[j - 1].at] = run;
	}
	free(r);
}
