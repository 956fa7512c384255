/* test-chart-axis.c - the axis scales of the charts (chart-axis.h): round tops, the step
 * between x labels (at most 10 labels), whole-number count steps. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart-axis.h"

Test(chart_axis, nice_ceil_is_1_2_5_times_a_power_of_ten)
{
	static const double cases[][2] = {
		{0, 1}, {-3, 1}, {0.03, 0.05}, {1, 1}, {1.01, 2}, {2, 2}, {2.5, 5}, {5, 5},
		{5.5, 10}, {37.5, 50}, {101, 200}, {4321, 5000}, {9999, 10000},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_float_eq(chart_axis_nice_ceil(cases[i][0]), cases[i][1], 1e-9,
		    "nice_ceil(%g)", cases[i][0]);
	cr_expect_float_eq(chart_axis_nice_ceil(NAN), 1.0, 0);
	cr_expect_float_eq(chart_axis_nice_ceil(INFINITY), 1.0, 0);
}

/* Labelled positions 0, step, 2 step, ...: ceil(n / step) of them, never more than 10,
 * and the step is the smallest that does it. */
Test(chart_axis, label_step_keeps_at_most_ten_labels)
{
	for (size_t n = 0; n <= 1000; n++) {
		size_t step = chart_axis_label_step(n), shown = (n + step - 1) / step;

		cr_assert_geq(step, 1);
		cr_assert_leq(shown, CHART_AXIS_MAX_LABELS, "n %zu: %zu labels", n, shown);
		if (step > 1)
			cr_assert_gt((n + step - 2) / (step - 1), CHART_AXIS_MAX_LABELS,
			    "n %zu: step %zu - 1 would do", n, step);
	}
	cr_expect_eq(chart_axis_label_step(10), 1);
	cr_expect_eq(chart_axis_label_step(11), 2);
	cr_expect_eq(chart_axis_label_step(30), 3);
	cr_expect_eq(chart_axis_label_step(91), 10);
}

/* A count axis: a step of 1, 2 or 5 times a power of ten, at most 5 steps to the top. */
Test(chart_axis, count_step_gives_whole_ticks)
{
	static const uint64_t cases[][3] = {
		/* max, step, steps */
		{0, 1, 1}, {1, 1, 1}, {3, 1, 3}, {5, 1, 5}, {6, 2, 3}, {12, 5, 3}, {37, 10, 4},
		{50, 10, 5}, {51, 20, 3}, {1000, 200, 5}, {1001, 500, 3},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t step = chart_axis_count_step(cases[i][0]);

		cr_expect_eq(step, cases[i][1], "step for %llu: %llu",
		    (unsigned long long)cases[i][0], (unsigned long long)step);
		cr_expect_eq(chart_axis_count_steps(cases[i][0], step), (size_t)cases[i][2]);
	}
}

/* Blank x labels: nothing for 0; for 1..1000 only U+200B and U+200C (three bytes each),
 * and no two the same (Mermaid keys the axis by label). */
Test(chart_axis, blank_labels_are_zero_width_and_unique)
{
	static char seen[1001][3 * 64 + 1];
	char *buf;
	size_t len;
	FILE *f;

	for (size_t b = 0; b <= 1000; b++) {
		f = open_memstream(&buf, &len);
		cr_assert_not_null(f);
		chart_axis_put_blank_label(f, b);
		cr_assert_eq(fclose(f), 0);
		cr_assert_eq(len % 3, 0, "label %zu: %zu bytes", b, len);
		cr_assert_eq(len == 0, b == 0, "label %zu: %zu bytes", b, len);
		for (size_t i = 0; i < len; i += 3)
			cr_assert(memcmp(buf + i, "\xe2\x80\x8b", 3) == 0 ||
			    memcmp(buf + i, "\xe2\x80\x8c", 3) == 0, "label %zu: byte %zu", b, i);
		for (size_t a = 0; a < b; a++)
			cr_assert(strcmp(seen[a], buf) != 0, "labels %zu and %zu are the same", a, b);
		cr_assert_lt(len, sizeof(seen[b]));
		memcpy(seen[b], buf, len + 1);
		free(buf);
	}
}
