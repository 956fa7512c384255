/* test-sketch.c - the DDSketch mapping: bucket bounds, zeros and the index range, trimmed
 * counts, merging, rank values within the accuracy, exact ends, count overflow. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdint.h>

#include "sketch.h"

Test(sketch, gamma_of_accuracy)
{
	cr_assert_float_eq(sketch_gamma(0.01), 1.01 / 0.99, 1e-15);
	cr_assert_float_eq(sketch_gamma(0.1), 1.1 / 0.9, 1e-15);
}

Test(sketch, value_goes_to_ceil_of_log_gamma)
{
	struct sketch s;

	sketch_init(&s, 0.01);
	/* 1 is gamma^0 exactly: bucket 0 holds (gamma^-1, 1]. */
	cr_assert_eq(sketch_index_raw(&s, 1.0), 0);
	cr_assert_eq(sketch_index_raw(&s, 1.0001), 1);
	cr_assert_eq(sketch_index_raw(&s, 0.9999), 0);
	cr_assert_eq(sketch_index_raw(&s, 100.0), (int64_t)ceil(log(100.0) / log(s.gamma)));
	sketch_add(&s, 100.0);
	cr_assert_eq(s.n, 1);
	cr_assert_eq(s.offset, 231); /* ln 100 / ln(1.01 / 0.99) = 230.25... */
	sketch_free(&s);
}

Test(sketch, zero_and_tiny_values_are_zeros_huge_ones_clamp)
{
	struct sketch s;

	/* gamma 1.01005..., log(gamma) about 0.01 */
	sketch_init(&s, 0.005);
	sketch_add(&s, 0.0);
	sketch_add(&s, 1e-200); /* bucket about -46,000: below the range, a zero */
	sketch_add(&s, 1e-150); /* about -34,500: inside */
	sketch_add(&s, 1e308);  /* about 70,900: the top bucket */
	cr_assert_eq(s.zeros, 2);
	cr_assert_eq(s.n, 1 + (size_t)(SKETCH_INDEX_MAX - s.offset));
	cr_assert_eq(s.offset + (int32_t)s.n - 1, SKETCH_INDEX_MAX);
	cr_assert_eq(sketch_total(&s), 4);
	/* the clamped top bucket's estimate is held to the exact maximum */
	cr_assert_float_eq(sketch_rank_value(&s, 3, 0.0, 1e308), 1e308, 1e292);
	sketch_free(&s);
}

Test(sketch, counts_stay_trimmed_and_order_does_not_matter)
{
	struct sketch a, b;
	const double v[] = {5.0, 0.25, 900.0, 5.1, 0.0, 33.0, 900.0};
	size_t n = sizeof v / sizeof v[0];

	sketch_init(&a, 0.02);
	sketch_init(&b, 0.02);
	for (size_t i = 0; i < n; i++) {
		sketch_add(&a, v[i]);
		sketch_add(&b, v[n - 1 - i]);
	}
	cr_assert(sketch_equal(&a, &b));
	cr_assert_neq(a.counts[0], 0);
	cr_assert_neq(a.counts[a.n - 1], 0);
	cr_assert_eq(a.zeros, 1);
	sketch_free(&a);
	sketch_free(&b);
}

Test(sketch, merge_equals_adding_everything)
{
	struct sketch a, b, all;

	sketch_init(&a, 0.05);
	sketch_init(&b, 0.05);
	sketch_init(&all, 0.05);
	for (int i = 1; i <= 200; i++) {
		double x = i * 3.7;

		sketch_add(i % 3 ? &a : &b, x);
		sketch_add(&all, x);
	}
	sketch_add(&b, 1e-6);
	sketch_add(&all, 1e-6);
	cr_assert_eq(sketch_merge(&a, &b), 0);
	cr_assert(sketch_equal(&a, &all));
	sketch_free(&a);
	sketch_free(&b);
	sketch_free(&all);
}

Test(sketch, rank_values_within_accuracy)
{
	const double accs[] = {0.005, 0.01, 0.05, 0.1};

	for (size_t k = 0; k < 4; k++) {
		struct sketch s;

		sketch_init(&s, accs[k]);
		for (int i = 0; i < 1000; i++)
			sketch_add(&s, exp(i * 0.013) * 0.01);
		for (uint64_t r = 0; r < 1000; r++) {
			double x = exp((double)r * 0.013) * 0.01;
			double e = sketch_rank_value(&s, r, 0.0, INFINITY);

			cr_assert(fabs(e - x) <= accs[k] * x * (1 + 1e-12),
			    "a=%g rank %llu: %.17g for %.17g", accs[k], (unsigned long long)r, e, x);
		}
		sketch_free(&s);
	}
}

Test(sketch, percentile_ends_are_exact)
{
	struct sketch s;

	sketch_init(&s, 0.1);
	sketch_add(&s, 3.0);
	cr_assert_float_eq(sketch_percentile(&s, 0.5, 3.0, 3.0), 3.0, 0.0);
	sketch_add(&s, 7.0);
	cr_assert_float_eq(sketch_percentile(&s, 0.0, 3.0, 7.0), 3.0, 0.0);
	cr_assert_float_eq(sketch_percentile(&s, 1.0, 3.0, 7.0), 7.0, 0.0);
	cr_assert_float_eq(sketch_percentile(&s, 0.5, 3.0, 7.0), 5.0, 1e-12);
	sketch_free(&s);
}

Test(sketch, count_overflow_is_refused)
{
	struct sketch s;

	sketch_init(&s, 0.01);
	cr_assert_eq(sketch_add_count(&s, 5, UINT64_MAX - 1), 0);
	cr_assert_eq(sketch_add_count(&s, 5, 2), -1);
	cr_assert_eq(s.counts[0], UINT64_MAX - 1);
	cr_assert_eq(sketch_add_count(&s, 5, 1), 0);
	sketch_free(&s);
}
