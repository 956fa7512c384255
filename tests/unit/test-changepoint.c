/* test-changepoint.c - E-divisive means with the pooled t-test (changepoint.h): a clean
 * step at its index, two steps, a flat and a constant series without any, min_segment and
 * short series, the neighbouring-segment summaries and the t-test's p against SciPy
 * (ttest_ind(..., equal_var=True), values in the comments). The whole generated suite is
 * checked against tests/reference/changepoints.py by tests/e2e/changepoints.sh. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "changepoint.h"
#include "common.h"

/* |got - want| within rel of |want|. */
static int
close_rel(double got, double want, double rel)
{
	return fabs(got - want) <= fabs(want) * rel;
}

/* Deterministic noise in [-0.5, 0.5) (a 64-bit LCG), so no test depends on libc's rand. */
static double
noise(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(*state >> 11) / 9007199254740992.0 - 0.5;
}

/* x[i] = level(i) + noise; level steps from lo to hi at index at (at >= n: no step). */
static void
fill_step(double *x, size_t n, size_t at, double lo, double hi, uint64_t seed)
{
	uint64_t st = seed;
	size_t i;

	for (i = 0; i < n; i++)
		x[i] = (i < at ? lo : hi) + noise(&st);
}

Test(changepoint, clean_step_found_at_its_index)
{
	double x[40];
	uint64_t counts[40];
	struct changepoint *cp;
	size_t i, n;

	fill_step(x, 40, 17, 10.0, 20.0, 1);
	for (i = 0; i < 40; i++)
		counts[i] = i < 17 ? 100 : 10;
	n = changepoint_find(x, counts, 40, 5, 0.0001, &cp);
	cr_assert_eq(n, 1);
	cr_assert_eq(cp[0].index, 17);
	cr_assert(fabs(cp[0].before - 10.0) < 0.5, "before %g", cp[0].before);
	cr_assert(fabs(cp[0].after - 20.0) < 0.5, "after %g", cp[0].after);
	cr_assert(cp[0].has_pct);
	cr_assert(close_rel(cp[0].change_pct, 100.0 * (cp[0].after - cp[0].before) / cp[0].before,
	    1e-12));
	cr_assert(cp[0].p_value >= 0.0 && cp[0].p_value < 0.0001, "p %g", cp[0].p_value);
	cr_assert_eq(cp[0].count_before, 1700);
	cr_assert_eq(cp[0].count_after, 230);
	free(cp);
}

Test(changepoint, two_steps_and_neighbouring_segments)
{
	double x[60];
	struct changepoint *cp;
	uint64_t st = 7;
	size_t i, n;

	for (i = 0; i < 60; i++)
		x[i] = (i < 20 ? 100.0 : i < 45 ? 130.0 : 90.0) + noise(&st);
	n = changepoint_find(x, NULL, 60, 5, 0.0001, &cp);
	cr_assert_eq(n, 2);
	cr_assert_eq(cp[0].index, 20);
	cr_assert_eq(cp[1].index, 45);
	/* The middle segment is the "after" of the first and the "before" of the second. */
	cr_assert(same_double(cp[0].after, cp[1].before));
	cr_assert(fabs(cp[0].before - 100.0) < 0.5);
	cr_assert(fabs(cp[1].after - 90.0) < 0.5);
	cr_assert(cp[1].change_pct < -25.0 && cp[1].change_pct > -35.0);
	cr_assert_eq(cp[0].count_before, 0);
	cr_assert_eq(cp[1].count_after, 0);
	free(cp);
}

Test(changepoint, flat_series_has_none)
{
	double x[365];
	struct changepoint *cp = (struct changepoint *)&x; /* must be reset to NULL */

	fill_step(x, 365, 365, 250.0, 250.0, 42);
	cr_assert_eq(changepoint_find(x, NULL, 365, 5, 0.0001, &cp), 0);
	cr_assert_null(cp);
}

Test(changepoint, constant_series_has_none_and_no_nan)
{
	double x[50];
	struct changepoint *cp;
	size_t i;

	for (i = 0; i < 50; i++)
		x[i] = 42.0;
	cr_assert_eq(changepoint_find(x, NULL, 50, 5, 0.0001, &cp), 0);
	cr_assert_null(cp);
	cr_assert(same_double(changepoint_ttest_p(x, 20, x + 20, 30), 1.0));
}

Test(changepoint, constant_parts_with_a_step_from_zero)
{
	double x[30];
	struct changepoint *cp;
	size_t i;

	for (i = 0; i < 30; i++)
		x[i] = i < 12 ? 0.0 : 5.0;
	cr_assert(same_double(changepoint_ttest_p(x, 12, x + 12, 18), 0.0));
	cr_assert_eq(changepoint_find(x, NULL, 30, 5, 0.0001, &cp), 1);
	cr_assert_eq(cp[0].index, 12);
	cr_assert(!cp[0].has_pct, "no percentage of a zero before");
	cr_assert(same_double(cp[0].change_pct, 0.0));
	cr_assert(!isnan(cp[0].p_value));
	free(cp);
}

Test(changepoint, min_segment_is_respected)
{
	double x[80];
	struct changepoint *cp;
	size_t i, n, prev = 0;

	/* Steps at 3 and 40: the first is closer to the start than any part may be. */
	fill_step(x, 80, 3, 0.0, 50.0, 3);
	for (i = 40; i < 80; i++)
		x[i] += 50.0;
	n = changepoint_find(x, NULL, 80, 10, 0.0001, &cp);
	cr_assert(n >= 1);
	for (i = 0; i < n; i++) {
		cr_assert(cp[i].index - prev >= 10, "index %zu", cp[i].index);
		cr_assert(cp[i].index != 3);
		prev = cp[i].index;
	}
	cr_assert(80 - prev >= 10);
	free(cp);
}

Test(changepoint, shorter_than_two_segments_has_none)
{
	double x[9] = { 1, 1, 1, 1, 1, 100, 100, 100, 100 };
	struct changepoint *cp;

	cr_assert_eq(changepoint_find(x, NULL, 9, 5, 0.5, &cp), 0);
	cr_assert_null(cp);
	cr_assert_eq(changepoint_find(x, NULL, 0, 5, 0.5, &cp), 0);
	/* min_segment below 2 is taken as 2: a split needs a variance on both sides. */
	cr_assert_eq(changepoint_find(x, NULL, 9, 0, 0.5, &cp), 1);
	cr_assert_eq(cp[0].index, 5);
	free(cp);
}

Test(changepoint, ttest_matches_scipy)
{
	double a[] = { 1, 2, 3, 4 }, b[] = { 3, 4, 5, 6, 7 };
	double c[] = { 10.1, 9.9, 10.3, 9.7, 10.0, 10.2 };
	double d[] = { 11.0, 11.4, 10.8, 11.1, 11.2, 10.9, 11.3 };

	/* scipy.stats.ttest_ind(a, b, equal_var=True).pvalue */
	cr_assert(close_rel(changepoint_ttest_p(a, 4, b, 5), 0.03833372883603087, 1e-12));
	cr_assert(close_rel(changepoint_ttest_p(c, 6, d, 7), 2.4025190434676346e-06, 1e-12));
	cr_assert(same_double(changepoint_ttest_p(b, 5, a, 4), changepoint_ttest_p(a, 4, b, 5)));
}
