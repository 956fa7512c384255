/* test-stats.c - compensated sum, mean, error rate, the radix sort and the interpolated
 * percentile. Percentile cases are worked by hand (and match the published examples of
 * Excel's PERCENTILE.INC and Wikipedia's "linear interpolation between closest ranks");
 * the large case is checked against GNU datamash and numpy via tests/reference/. */
#include <criterion/criterion.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "xalloc.h"

/* |got - want| within rel of |want| (absolute rel when want is 0). */
static int
close_rel(double got, double want, double rel)
{
	double tol = fabs(want) > 0.0 ? fabs(want) * rel : rel;

	return fabs(got - want) <= tol;
}

/* Percentile of a heap copy of exactly n values, so ASan sees any read of v[n]. */
static double
pct(const double *vals, size_t n, double p)
{
	double *v, r;

	v = xreallocarray(NULL, n, sizeof(*v));
	memcpy(v, vals, n * sizeof(*v));
	r = stats_percentile_sorted(v, n, p);
	free(v);
	return r;
}

#define cr_assert_pct(vals, p, want) do { \
	double got_ = pct((vals), sizeof(vals) / sizeof((vals)[0]), (p)); \
	cr_assert(close_rel(got_, (want), 1e-12), "p=%g: got %.17g, want %.17g", \
	    (double)(p), got_, (double)(want)); \
} while (0)

Test(stats, percentile_of_one_value)
{
	static const double v[] = { 7.5 };

	cr_assert_pct(v, 0.0, 7.5);
	cr_assert_pct(v, 0.5, 7.5);
	cr_assert_pct(v, 0.95, 7.5);
	cr_assert_pct(v, 0.99, 7.5);
	cr_assert_pct(v, 1.0, 7.5);
}

Test(stats, percentile_of_two_values)
{
	static const double v[] = { 10.0, 20.0 };

	/* h = p: 10 + p * 10 */
	cr_assert_pct(v, 0.5, 15.0);
	cr_assert_pct(v, 0.95, 19.5);
	cr_assert_pct(v, 0.99, 19.9);
	cr_assert_pct(v, 0.0, 10.0);
	cr_assert_pct(v, 1.0, 20.0);
}

Test(stats, percentile_of_five_values)
{
	/* Wikipedia, Percentile, "the linear interpolation between closest ranks method"
	 * with C = 1: the 40th percentile of {15, 20, 35, 40, 50} is 29. */
	static const double v[] = { 15.0, 20.0, 35.0, 40.0, 50.0 };

	cr_assert_pct(v, 0.40, 29.0);	/* h = 1.6: 20 + 0.6 * 15 */
	cr_assert_pct(v, 0.5, 35.0);	/* h = 2 */
	cr_assert_pct(v, 0.75, 40.0);	/* h = 3 */
	cr_assert_pct(v, 0.9, 46.0);	/* h = 3.6: 40 + 0.6 * 10 */
	cr_assert_pct(v, 0.95, 48.0);	/* h = 3.8 */
	cr_assert_pct(v, 0.99, 49.6);	/* h = 3.96 */
	cr_assert_pct(v, 0.1, 17.0);	/* h = 0.4: 15 + 0.4 * 5 */
}

Test(stats, percentile_matches_excel_percentile_inc)
{
	/* Microsoft's PERCENTILE.INC example: =PERCENTILE.INC({1,3,2,4}, 0.3) is 1.9. */
	static const double v[] = { 1.0, 2.0, 3.0, 4.0 };

	cr_assert_pct(v, 0.3, 1.9);
}

Test(stats, percentile_with_ties)
{
	static const double v[] = { 1.0, 2.0, 2.0, 2.0, 3.0 };

	cr_assert_pct(v, 0.5, 2.0);	/* h = 2 */
	cr_assert_pct(v, 0.3, 2.0);	/* h = 1.2, between two 2s */
	cr_assert_pct(v, 0.1, 1.4);	/* h = 0.4 */
	cr_assert_pct(v, 0.9, 2.6);	/* h = 3.6 */
}

Test(stats, percentile_ends_are_min_and_max)
{
	static const double v[] = { 0.25, 1.0, 3.5, 3.5, 8.0, 1e6 };
	double got;

	cr_assert_pct(v, 0.0, 0.25);
	cr_assert_pct(v, 1.0, 1e6);
	/* Just below 1 must neither read v[n] (ASan watches) nor pass the maximum. */
	got = pct(v, 6, nextafter(1.0, 0.0));
	cr_assert(got <= 1e6 && got > 8.0, "got %.17g", got);
}

Test(stats, percentile_never_reads_past_the_end)
{
	double *v, p, got;
	size_t n, i;

	for (n = 1; n <= 40; n++) {
		v = xreallocarray(NULL, n, sizeof(*v));
		for (i = 0; i < n; i++)
			v[i] = (double)i;
		for (p = 0.0; p <= 1.0; p += 1.0 / 64.0) {
			got = stats_percentile_sorted(v, n, p);
			/* on 0, 1, ..., n-1 the percentile is h itself */
			cr_assert(close_rel(got, (double)(n - 1) * p, 1e-12),
			    "n=%zu p=%g got %.17g", n, p, got);
		}
		got = stats_percentile_sorted(v, n, nextafter(1.0, 0.0));
		cr_assert(got <= (double)(n - 1));
		free(v);
	}
}

Test(stats, ksum_keeps_what_naive_summation_loses)
{
	static const double seq[] = { 1e16, 1.0, -1e16 };
	struct ksum k;
	double naive = 0.0;
	size_t i;

	ksum_init(&k);
	for (i = 0; i < 3; i++) {
		ksum_add(&k, seq[i]);
		naive += seq[i];
	}
	/* 1e16 + 1 rounds back to 1e16 (its ulp is 2), so the naive sum ends at 0. */
	cr_assert(same_double(naive, 0.0));
	cr_assert(same_double(ksum_value(&k), 1.0), "got %.17g", ksum_value(&k));
}

Test(stats, ksum_neumaier_beats_kahan)
{
	/* Plain Kahan summation returns 0 here; Neumaier's variant returns 2. */
	static const double seq[] = { 1.0, 1e100, 1.0, -1e100 };
	struct ksum k;
	size_t i;

	ksum_init(&k);
	for (i = 0; i < 4; i++)
		ksum_add(&k, seq[i]);
	cr_assert(same_double(ksum_value(&k), 2.0), "got %.17g", ksum_value(&k));
}

Test(stats, ksum_of_many_tenths)
{
	/* The double nearest 0.1 is 0.1000000000000000055511151231257827...; 1e7 of them
	 * add up to 1000000.000000000055511..., whose nearest double is 1e6. A naive loop
	 * drifts to 999999.9998389754. */
	struct ksum k;
	double naive = 0.0;
	long i;

	ksum_init(&k);
	for (i = 0; i < 10000000L; i++) {
		ksum_add(&k, 0.1);
		naive += 0.1;
	}
	cr_assert(fabs(naive - 1e6) > 1e-4, "naive %.17g", naive);
	cr_assert(same_double(ksum_value(&k), 1e6), "got %.17g", ksum_value(&k));
}

Test(stats, ksum_empty_is_zero)
{
	struct ksum k;

	ksum_init(&k);
	cr_assert(same_double(ksum_value(&k), 0.0));
}

Test(stats, mean_is_compensated)
{
	static const double a[] = { 1.0, 2.0, 3.0, 4.0 };
	static const double b[] = { 1e16, 1.0, -1e16 };
	static const double c[] = { 42.25 };

	cr_assert(same_double(stats_mean(a, 4), 2.5));
	cr_assert(same_double(stats_mean(b, 3), 1.0 / 3.0), "got %.17g", stats_mean(b, 3));
	cr_assert(same_double(stats_mean(c, 1), 42.25));
}

Test(stats, error_rate_pct)
{
	cr_assert(same_double(stats_error_rate_pct(0, 5), 0.0));
	cr_assert(same_double(stats_error_rate_pct(5, 5), 100.0));
	cr_assert(same_double(stats_error_rate_pct(1, 8), 12.5));
	cr_assert(same_double(stats_error_rate_pct(1, 4), 25.0));
	cr_assert(close_rel(stats_error_rate_pct(1, 3), 33.333333333333336, 1e-15));
	cr_assert(close_rel(stats_error_rate_pct(1, 10000000), 1e-5, 1e-15));
}

/* xorshift64*: deterministic pseudo-random bits for the sort tests. */
static uint64_t
rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

/* qsort comparator: the independent reference the radix sort is checked against. */
static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sort v with stats_sort and check it against qsort of a copy: ascending, and the same
 * multiset (equal values compare equal, so -0.0 and 0.0 may trade places). */
static void
check_sort(double *v, size_t n)
{
	double *ref;
	size_t i;

	ref = xreallocarray(NULL, n ? n : 1, sizeof(*ref));
	memcpy(ref, v, n * sizeof(*v));
	qsort(ref, n, sizeof(*ref), cmp_double);
	stats_sort(v, n);
	for (i = 1; i < n; i++)
		cr_assert(v[i - 1] <= v[i], "n=%zu: v[%zu]=%.17g > v[%zu]=%.17g", n, i - 1,
		    v[i - 1], i, v[i]);
	for (i = 0; i < n; i++)
		cr_assert(same_double(v[i], ref[i]), "n=%zu: v[%zu]=%.17g, qsort gives %.17g", n, i,
		    v[i], ref[i]);
	free(ref);
}

Test(stats, sort_random_durations)
{
	uint64_t s = 0x9E3779B97F4A7C15ULL;
	size_t n = 1000000, i;
	double *v;

	v = xreallocarray(NULL, n, sizeof(*v));
	for (i = 0; i < n; i++) {
		/* log-uniform over 1e-3 .. 1e5 ms, rounded to microseconds: many ties */
		double u = (double)(rng_next(&s) >> 11) / 9007199254740992.0;
		v[i] = round(pow(10.0, -3.0 + 8.0 * u) * 1000.0) / 1000.0;
	}
	check_sort(v, n);
	free(v);
}

/* n finite doubles of random bit patterns (both signs, every exponent) drawn from *s, in a
 * new array. */
static double *
random_finite(uint64_t *s, size_t n)
{
	double *v = xreallocarray(NULL, n, sizeof(*v));

	for (size_t i = 0; i < n; i++) {
		do {
			uint64_t u = rng_next(s);

			memcpy(&v[i], &u, sizeof(u));
		} while (!isfinite(v[i]));
	}
	return v;
}

Test(stats, sort_random_bit_patterns)
{
	/* Every finite double, both signs, from random bit patterns. */
	uint64_t s = 12345;
	size_t n = 200000;
	double *v = random_finite(&s, n);

	check_sort(v, n);
	free(v);
}

Test(stats, sort_values_differing_in_the_last_bits)
{
	/* Neighbouring doubles above 1.0: only the lowest radix digits tell them apart. */
	uint64_t s = 777, u, one;
	size_t n = 100000, i;
	double *v, d = 1.0;

	memcpy(&one, &d, sizeof(one));
	v = xreallocarray(NULL, n, sizeof(*v));
	for (i = 0; i < n; i++) {
		u = one + (rng_next(&s) & 0x3FFFFF);
		memcpy(&v[i], &u, sizeof(u));
	}
	check_sort(v, n);
	free(v);
}

Test(stats, sort_sizes_around_the_cutover)
{
	static const size_t sizes[] = {
		0, 1, 2, 3, 31, 63, 64, 65, 255, 256, 257, 4097, 65535, 65536, 65537,
	};
	uint64_t s = 99;
	size_t k, i, n;
	double *v;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		n = sizes[k];
		v = xreallocarray(NULL, n ? n : 1, sizeof(*v));
		for (i = 0; i < n; i++)
			v[i] = (double)(rng_next(&s) % 1000) / 8.0;
		check_sort(v, n);
		free(v);
	}
}

Test(stats, sort_ordered_reversed_and_constant)
{
	size_t n = 5000, i;
	double *v;

	v = xreallocarray(NULL, n, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = (double)(n - i) * 0.5;
	check_sort(v, n);
	check_sort(v, n);	/* already sorted */
	for (i = 0; i < n; i++)
		v[i] = 3.25;
	check_sort(v, n);	/* every radix pass skipped */
	free(v);
}

Test(stats, sort_negative_zero_equals_zero)
{
	size_t n = 1000, i, zeros = 0;
	double *v;

	v = xreallocarray(NULL, n, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = i % 3 == 0 ? -0.0 : i % 3 == 1 ? 0.0 : (double)(i % 17);
	check_sort(v, n);
	for (i = 0; i < n; i++)
		if (same_double(v[i], 0.0))
			zeros++;
	/* i % 3 in {0, 1}: 334 + 333; i % 3 == 2 and i % 17 == 0: i = 17 + 51k, 20 of them */
	cr_assert_eq(zeros, 334 + 333 + 20);
	cr_assert(same_double(v[0], 0.0) && same_double(v[zeros - 1], 0.0) && same_double(v[zeros], 1.0));
	free(v);
}

Test(stats, sort_extremes)
{
	double v[] = {
		DBL_MAX, 0.0, DBL_MIN, 5e-324, INFINITY, -0.0, 1.0, -INFINITY, -DBL_MAX,
		-5e-324, 2.0, 1.5,
	};
	double big[300];
	size_t i;

	check_sort(v, sizeof(v) / sizeof(v[0]));
	/* the same values through the radix path */
	for (i = 0; i < 300; i++)
		big[i] = v[(i * 7) % 12];
	check_sort(big, 300);
	cr_assert(same_double(big[0], -INFINITY) && same_double(big[299], INFINITY));
}

/* Read every line of PATH as a double into a growing array. */
static double *
read_values(const char *path, size_t *np)
{
	double *v = NULL;
	size_t n = 0, cap = 0;
	char line[128], *end;
	FILE *f;

	f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s (set top_srcdir to the source tree)", path);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '\n')
			continue;
		xgrow(&v, &cap, n + 1, sizeof(*v));
		v[n] = strtod(line, &end);
		cr_assert(end != line && (*end == '\n' || *end == '\0'), "%s: bad line %s",
		    path, line);
		n++;
	}
	fclose(f);
	*np = n;
	return v;
}

/* Parse one reference column: "-" means the tool could not compute it. */
static int
parse_ref(const char *s, double *out)
{
	char *end;

	if (strcmp(s, "-") == 0)
		return 0;
	*out = strtod(s, &end);
	cr_assert(end != s && *end == '\0', "bad reference value \"%s\"", s);
	return 1;
}

Test(stats, percentiles_match_datamash_and_numpy)
{
	const char *top = getenv("top_srcdir");
	char *dpath, *ppath, line[512], *f[5], *tok, *save;
	size_t n, nf, rows = 0, checks = 0, k;
	double *v, p, got, want;
	FILE *fp;

	if (top == NULL || *top == '\0')
		top = ".";
	dpath = xasprintf("%s/tests/reference/durations.txt", top);
	ppath = xasprintf("%s/tests/reference/percentiles.tsv", top);
	v = read_values(dpath, &n);
	cr_assert_eq(n, 10000);
	stats_sort(v, n);

	fp = fopen(ppath, "r");
	cr_assert_not_null(fp, "cannot open %s", ppath);
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		nf = 0;
		for (tok = strtok_r(line, "\t", &save); tok != NULL;
		    tok = strtok_r(NULL, "\t", &save)) {
			cr_assert(nf < 5, "percentiles.tsv: more than 5 columns");
			f[nf++] = tok;
		}
		cr_assert_eq(nf, 5, "percentiles.tsv: want 5 columns");
		if (strcmp(f[0], "mean") == 0)
			got = stats_mean(v, n);
		else {
			cr_assert(parse_ref(f[1], &p));
			got = stats_percentile_sorted(v, n, p);
		}
		/* columns 2..4: datamash, numpy, exact rational reference */
		for (k = 2; k < 5; k++) {
			if (!parse_ref(f[k], &want))
				continue;
			cr_assert(close_rel(got, want, 1e-9), "%s (column %zu): got %.17g, "
			    "reference %.17g", f[0], k + 1, got, want);
			checks++;
		}
		rows++;
	}
	fclose(fp);
	cr_assert_eq(rows, 6, "percentiles.tsv: want p50 p90 p95 p99 p99.9 mean");
	cr_assert_eq(checks, 17);
	free(v);
	free(dpath);
	free(ppath);
}

/* Found by fuzz-pipeline: a mean of values near DBL_MAX must not overflow to infinity. */
Test(stats, mean_of_huge_values_is_finite)
{
	double v[3] = {DBL_MAX, DBL_MAX, DBL_MAX / 2};

	cr_assert(isfinite(stats_mean(v, 3)));
	cr_assert_float_eq(stats_mean(v, 3), DBL_MAX / 6 * 5, DBL_MAX * 1e-15);
	cr_assert(isfinite(stats_mean(v, 2)));
	cr_assert(same_double(stats_mean(v, 2), DBL_MAX));
}

/* ---- Mann-Whitney (the merge; test-significance.c checks significance.tsv) ---------- */

/* A heap copy of exactly n values (so that ASan sees any read past its end), sorted as
 * the Mann-Whitney contract wants unless told not to. */
static double *
mw_copy(const double *v, size_t n, int sort)
{
	double *c = xreallocarray(NULL, n ? n : 1, sizeof(*c));

	memcpy(c, v, n * sizeof(*c));
	if (sort)
		stats_sort(c, n);
	return c;
}

/* Mann-Whitney p of mw_copy's copies of x[0..nx) and y[0..ny). */
static double
mw_p_of(const double *xs, size_t nx, const double *ys, size_t ny, int sort)
{
	double *x = mw_copy(xs, nx, sort), *y = mw_copy(ys, ny, sort), p;

	p = stats_mann_whitney_p(x, nx, y, ny);
	free(x);
	free(y);
	return p;
}

/* The same, sorted. */
static double
mw_p(const double *xs, size_t nx, const double *ys, size_t ny)
{
	return mw_p_of(xs, nx, ys, ny, 1);
}

/* The independent reference: U1 by comparing every pair, the tie groups by sorting the
 * pooled values with qsort, then SciPy's normal approximation with continuity and tie
 * correction (scipy.stats.mannwhitneyu(..., method="asymptotic")). */
static double
mw_pairwise_p(const double *x, size_t nx, const double *y, size_t ny)
{
	double *all, u1 = 0.0, d, n = (double)(nx + ny), nxy = (double)nx * (double)ny, z;
	size_t i, j, t;

	for (i = 0; i < nx; i++)
		for (j = 0; j < ny; j++)
			u1 += x[i] > y[j] ? 1.0 : same_double(x[i], y[j]) ? 0.5 : 0.0;
	all = xreallocarray(NULL, nx + ny, sizeof(*all));
	memcpy(all, x, nx * sizeof(*all));
	memcpy(all + nx, y, ny * sizeof(*all));
	qsort(all, nx + ny, sizeof(*all), cmp_double);
	d = n * n * n;
	for (i = 0; i < nx + ny; i += t) {
		for (t = 1; i + t < nx + ny && same_double(all[i + t], all[i]); t++)
			;
		d -= (double)t * (double)t * (double)t;
	}
	free(all);
	if (!(d > 0.0))
		return 1.0;
	z = (fabs(u1 - nxy / 2.0) - 0.5) / sqrt(nxy / 12.0 * d / (n * (n - 1.0)));
	return fmin(1.0, erfc(z / sqrt(2.0)));
}

/* Every path of the merge (a value alone, a run in x or in y alone, a group of both, a
 * group that ends y, what is left past y's last value), on random small samples drawn
 * from a few values (so that all of them repeat, -0.0 with 0.0 among them) or many. */
Test(stats, mann_whitney_matches_pairwise_count)
{
	double x[40], y[40], got, want;
	uint64_t s = 12345;
	size_t nx, ny, i, k, levels;

	for (k = 0; k < 20000; k++) {
		nx = 1 + rng_next(&s) % 40;
		ny = 1 + rng_next(&s) % 40;
		levels = k % 4 == 0 ? 1000000 : 1 + k % 9;
		for (i = 0; i < nx; i++)
			x[i] = (double)(rng_next(&s) % levels) - (double)(k % 3);
		for (i = 0; i < ny; i++)
			y[i] = (double)(rng_next(&s) % levels);
		if (k % 5 == 0)
			x[0] = -0.0;
		got = mw_p(x, nx, y, ny);
		want = mw_pairwise_p(x, nx, y, ny);
		cr_assert(close_rel(got, want, 1e-13), "case %zu (nx %zu, ny %zu): got %.17g, "
		    "pairwise %.17g", k, nx, ny, got, want);
	}
}

Test(stats, mann_whitney_all_values_tied)
{
	static const double x[] = { 3.0, 3.0, 3.0, 3.0, 3.0 }, y[] = { 3.0, 3.0, 3.0 },
	    z[] = { 0.0, -0.0, 0.0 };

	cr_assert(same_double(mw_p(x, 5, y, 3), 1.0));
	cr_assert(same_double(mw_p(x, 1, y, 1), 1.0));
	cr_assert(same_double(mw_p(x, 5, y, 1), 1.0));
	cr_assert(same_double(mw_p(z, 3, z + 1, 2), 1.0));	/* -0.0 equals 0.0 */
}

/* Nothing to compare: 1, and the empty side's pointer is not read (NULL here). */
Test(stats, mann_whitney_one_side_empty)
{
	static const double v[] = { 1.0, 2.0, 3.0 };

	cr_assert(same_double(stats_mann_whitney_p(NULL, 0, v, 3), 1.0));
	cr_assert(same_double(stats_mann_whitney_p(v, 3, NULL, 0), 1.0));
	cr_assert(same_double(stats_mann_whitney_p(NULL, 0, NULL, 0), 1.0));
}

/* SciPy 1.10.1, mannwhitneyu(x, y, alternative="two-sided", method="asymptotic"):
 *   K = 1001
 *   x = [v for v in range(K) for _ in range(2 if v % 2 == 0 else 1)]
 *   y = [float(v) for v in range(300, K + 300) for _ in range(1 if v % 2 == 0 else 3)]
 *   -> 2.3630983922269474e-147 (every shared value a group of both, alternately 2 + 1
 *      and 1 + 3)
 *   x = [v for v in range(0, 2 * K, 2) for _ in range(2)]
 *   y = [v for v in range(1, 2 * K + 200, 2) for _ in range(2)]
 *   -> 2.680960603829928e-07 (pairs within each sample, never shared) */
Test(stats, mann_whitney_alternating_ties)
{
	enum { K = 1001 };
	double *x = xreallocarray(NULL, 3 * K + 200, sizeof(*x));
	double *y = xreallocarray(NULL, 3 * K + 200, sizeof(*y));
	size_t nx = 0, ny = 0, v, c, p;

	for (v = 0; v < K; v++) {
		for (c = 0; c < (v % 2 == 0 ? 2u : 1u); c++)
			x[nx++] = (double)v;
		for (c = 0; c < ((v + 300) % 2 == 0 ? 1u : 3u); c++)
			y[ny++] = (double)(v + 300);
	}
	cr_assert(close_rel(mw_p(x, nx, y, ny), 2.3630983922269474e-147, 1e-12),
	    "got %.17g", mw_p(x, nx, y, ny));
	nx = ny = 0;
	for (v = 0; v < 2 * K; v += 2)
		for (p = 0; p < 2; p++)
			x[nx++] = (double)v;
	for (v = 1; v < 2 * K + 200; v += 2)
		for (p = 0; p < 2; p++)
			y[ny++] = (double)v;
	cr_assert(close_rel(mw_p(x, nx, y, ny), 2.680960603829928e-07, 1e-12), "got %.17g",
	    mw_p(x, nx, y, ny));
	free(x);
	free(y);
}

/* n values ((k * mul) % mod + off + (bump and k % 97 == 0)) / 1000, k = 0, 1, ...: the
 * formula tests/reference's numpy reproduces below. */
static double *
mw_formula_sample(size_t n, uint64_t mul, uint64_t mod, uint64_t off, int bump)
{
	double *v = xreallocarray(NULL, n, sizeof(*v));
	uint64_t k;

	for (k = 0; k < n; k++)
		v[k] = (double)((k * mul) % mod + off + (uint64_t)(bump && k % 97 == 0)) / 1000.0;
	return v;
}

/* Just within STATS_MW_EXACT_MAX values (integer sums) and just past it (compensated
 * floating point), with few ties and with 50 values only (groups of about 40000), both
 * within 1e-12 of SciPy 1.10.1 (so within 2e-12 of each other):
 *   def big(n, mul, mod, off, bump=False):
 *       k = np.arange(n, dtype=np.int64)
 *       return ((k * mul) % mod + off + (bump & (k % 97 == 0))) / 1000.0
 *   H = 1 << 20; for ny in (H, H + 1):
 *   mannwhitneyu(big(H, 2654435761, 1000003, 0), big(ny, 40503, 1000003, 300))
 *   mannwhitneyu(big(H, 2654435761, 50, 0), big(ny, 40503, 50, 0, True)) */
Test(stats, mann_whitney_around_the_exact_limit)
{
	static const struct {
		uint64_t mod, off;
		int bump;
		double want[2];	/* ny = 2^20, 2^20 + 1 */
	} cases[] = {
		{ 1000003, 300, 0, { 0.45726158762350566, 0.4574840129072394 } },
		{ 50, 0, 1, { 0.6118982754704596, 0.611781042786569 } },
	};
	const size_t h = (size_t)1 << 20;
	double *x, *y, got;
	size_t c, e;

	cr_assert_eq(2 * h, STATS_MW_EXACT_MAX);
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		x = mw_formula_sample(h, 2654435761u, cases[c].mod, 0, 0);
		stats_sort(x, h);
		for (e = 0; e < 2; e++) {
			y = mw_formula_sample(h + e, 40503, cases[c].mod, cases[c].off,
			    cases[c].bump);
			stats_sort(y, h + e);
			got = stats_mann_whitney_p(x, h, y, h + e);
			cr_assert(close_rel(got, cases[c].want[e], 1e-12),
			    "mod %llu, n = 2^21 + %zu: got %.17g, SciPy %.17g",
			    (unsigned long long)cases[c].mod, e, got, cases[c].want[e]);
			free(y);
		}
		free(x);
	}
}

/* Outside the contract (a NaN, unsorted values) the p-value is unspecified, but every read
 * stays inside the arrays (ASan checks mw_p's exact-size copies) and the call returns. */
Test(stats, mann_whitney_nan_and_unsorted_stay_in_bounds)
{
	double x[12], y[12], p;
	uint64_t s = 99;
	size_t k, i, nx, ny;

	for (k = 0; k < 5000; k++) {
		nx = 1 + rng_next(&s) % 12;
		ny = 1 + rng_next(&s) % 12;
		for (i = 0; i < nx; i++)
			x[i] = (double)(rng_next(&s) % 5);
		for (i = 0; i < ny; i++)
			y[i] = (double)(rng_next(&s) % 5);
		if (k % 3 == 0)
			x[rng_next(&s) % nx] = NAN;
		if (k % 4 == 0)
			y[rng_next(&s) % ny] = NAN;
		/* sorted (NaNs go to the ends) or not */
		p = mw_p_of(x, nx, y, ny, k % 2 == 0);
		cr_assert(isnan(p) || (p >= 0.0 && p <= 1.0), "case %zu: p = %g", k, p);
	}
}

/* ---- Benjamini-Hochberg q-values ------------------------------------------------- */

/* Worked by hand, the family given out of order with a tie: sorted 0.005 0.01 0.03 0.04
 * 0.04 0.5, p(j) k / j = 0.03 0.03 0.06 0.06 0.048 0.5, running minimum from the top
 * 0.03 0.03 0.048 0.048 0.048 0.5, put back in the caller's order. */
Test(stats, bh_hand_example)
{
	const double p[] = {0.01, 0.04, 0.03, 0.005, 0.5, 0.04};
	const double want[] = {0.03, 0.048, 0.048, 0.03, 0.5, 0.048};
	double q[6];

	stats_bh_adjust(p, q, 6);
	for (size_t i = 0; i < 6; i++)
		cr_expect(close_rel(q[i], want[i], 1e-15), "q[%zu] = %.17g, want %.17g", i,
		    q[i], want[i]);
}

/* The 15 p-values of Benjamini & Hochberg (1995), section 4.1; the q-values are R's
 * p.adjust(p, "BH") (SciPy 1.10 here predates false_discovery_control), which the
 * textbook O(k^2) definition reproduces (min over j >= i of min(1, p(j) 15 / j)). At
 * q < 0.05 the procedure rejects the four smallest, as the paper does. In place (q = p). */
Test(stats, bh_paper_example_in_place)
{
	double v[] = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459,
	    0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000};
	const double want[] = {0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.0298 * 15 / 7,
	    0.0298 * 15 / 7, 0.0645, 0.0765, 0.486, 0.4262 * 15 / 11, 0.714875,
	    0.6528 * 15 / 13, 0.759 * 15 / 14, 1};
	size_t rejected = 0;

	stats_bh_adjust(v, v, 15);
	for (size_t i = 0; i < 15; i++) {
		cr_expect(close_rel(v[i], want[i], 1e-14), "q[%zu] = %.17g, want %.17g", i,
		    v[i], want[i]);
		rejected += v[i] < 0.05;
	}
	cr_expect_eq(rejected, 4);
}

/* One test: q = p. Capped at 1, never above; ties share one q; a family of 400 equal
 * p-values keeps them (k / k = 1). */
Test(stats, bh_edges)
{
	double one = 0.03, q1 = -1, q[400], p[400];
	const double big[] = {0.9, 0.95, 0.99};
	double qb[3];

	stats_bh_adjust(&one, &q1, 1);
	cr_expect_eq(q1, 0.03);
	stats_bh_adjust(big, qb, 3);
	for (size_t i = 0; i < 3; i++)
		cr_expect_eq(qb[i], 0.99, "q[%zu] = %.17g", i, qb[i]);
	for (size_t i = 0; i < 400; i++)
		p[i] = 0.2;
	stats_bh_adjust(p, q, 400);
	for (size_t i = 0; i < 400; i++)
		cr_expect(close_rel(q[i], 0.2, 1e-15));
	stats_bh_adjust(p, q, 0); /* writes nothing, reads nothing */
}

/* Against the O(k^2) definition on pseudo-random families with many ties. */
Test(stats, bh_matches_definition)
{
	static double p[257], q[257];
	uint64_t s = 88172645463325252u;

	for (size_t k = 1; k <= 257; k += 16) {
		for (size_t i = 0; i < k; i++) {
			s ^= s << 13;
			s ^= s >> 7;
			s ^= s << 17;
			p[i] = (double)(s % 1000) / 1000.0;
		}
		stats_bh_adjust(p, q, k);
		for (size_t i = 0; i < k; i++) {
			double best = 1;

			/* each p(j) >= p[i] at its rank j (1-based): the count of values
			 * at or below it (a tie at its largest rank, where p k / j is least) */
			for (size_t m = 0; m < k; m++) {
				size_t j = 0;

				if (p[m] < p[i])
					continue;
				for (size_t n = 0; n < k; n++)
					j += p[n] <= p[m];
				if (p[m] * (double)k / (double)j < best)
					best = p[m] * (double)k / (double)j;
			}
			cr_expect(close_rel(q[i], best, 1e-15), "k %zu: q[%zu] = %.17g, want %.17g",
			    k, i, q[i], best);
		}
	}
}

Test(stats, sort_both_digit_widths_at_their_boundaries)
{
	/* Random bit patterns (both signs) at the sizes where the sort changes method: the
	 * insertion sort below 64, 8-bit digits below 16384, 11-bit digits from there. */
	static const size_t sizes[] = {63, 64, 65, 1000, 5000, 16383, 16384, 16385, 20000};
	uint64_t s = 4242;

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		double *v = random_finite(&s, sizes[k]);

		check_sort(v, sizes[k]);
		free(v);
	}
}
