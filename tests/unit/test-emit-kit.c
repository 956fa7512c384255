/* test-emit-kit.c - the series helpers the emitters share (emit-kit.c): a row's series rows
 * found by bisection, the p95 sparkline on the window's time axis (levels worked by hand
 * from round((v - min) / (max - min) * 7)), and a row's trend. */
#include <criterion/criterion.h>

#include <string.h>

#include "emit-kit.h"

#define DAY INT64_C(86400000000)
#define T0 INT64_C(1767225600000000) /* 2026-01-01 */

/* The eight levels of a sparkline, U+2581-U+2588. */
#define L0 "\xe2\x96\x81"
#define L1 "\xe2\x96\x82"
#define L4 "\xe2\x96\x85"
#define L7 "\xe2\x96\x88"

/* Row 0: days 0, 1 and 3 (p95 10, 20, 30); row 1: none; row 2: days 0 and 1; the window
 * has the four day buckets 0-3 when buckets is true, none otherwise. */
static void
kit_fixture(struct report *r, struct series_row s[5], int64_t b[4], bool buckets)
{
	static const size_t row[5] = {0, 0, 0, 2, 2};
	static const int day[5] = {0, 1, 3, 0, 1};
	static const double p95[5] = {10, 20, 30, 5, 5};

	memset(r, 0, sizeof(*r));
	memset(s, 0, 5 * sizeof(*s));
	for (size_t i = 0; i < 5; i++) {
		s[i].row = row[i];
		s[i].bucket_start = T0 + day[i] * DAY;
		s[i].p95_ms = p95[i];
	}
	for (size_t i = 0; i < 4; i++)
		b[i] = T0 + (int64_t)i * DAY;
	r->series = s;
	r->n_series = 5;
	r->n_rows = 3;
	r->buckets = buckets ? b : NULL;
	r->n_buckets = buckets ? 4 : 0;
}

Test(emit_kit, series_of_finds_each_rows_run)
{
	struct report r;
	struct series_row s[5];
	int64_t b[4];
	size_t n = 99;

	kit_fixture(&r, s, b, true);
	cr_assert_eq(emit_kit_series_of(&r, 0, &n), 0);
	cr_assert_eq(n, 3);
	cr_assert_eq(emit_kit_series_of(&r, 1, &n), 0);
	cr_assert_eq(n, 0, "row 1 has no series row");
	cr_assert_eq(emit_kit_series_of(&r, 2, &n), 3);
	cr_assert_eq(n, 2);
	emit_kit_series_of(&r, 7, &n);
	cr_assert_eq(n, 0, "a row past the last has none");
}

Test(emit_kit, series_of_an_empty_series)
{
	struct report r;
	size_t n = 99;

	memset(&r, 0, sizeof(r));
	cr_assert_eq(emit_kit_series_of(&r, 0, &n), 0);
	cr_assert_eq(n, 0);
}

Test(emit_kit, sparkline_on_the_window_time_axis)
{
	struct report r;
	struct series_row s[5];
	int64_t b[4];
	char *line;

	kit_fixture(&r, s, b, true);
	/* 10 -> level 0, 20 -> round(3.5) = 4, 30 -> 7; day 2 has no record. */
	line = emit_kit_sparkline(&r, s, 3);
	cr_assert_str_eq(line, L0 L4 EMIT_SPARK_GAP L7);
	free(line);
	/* Row 2 starts on day 0 and stops after day 1: flat, then two gaps. */
	line = emit_kit_sparkline(&r, s + 3, 2);
	cr_assert_str_eq(line, L0 L0 EMIT_SPARK_GAP EMIT_SPARK_GAP);
	free(line);
}

Test(emit_kit, sparkline_without_buckets_one_cell_per_series_row)
{
	struct report r;
	struct series_row s[5];
	int64_t b[4];
	char *line;

	kit_fixture(&r, s, b, false);
	line = emit_kit_sparkline(&r, s, 3);
	cr_assert_str_eq(line, L0 L4 L7);
	free(line);
	line = emit_kit_sparkline(&r, s, 0);
	cr_assert_str_eq(line, "");
	free(line);
}

Test(emit_kit, sparkline_level_rounds_half_up)
{
	struct report r;
	struct series_row s[3] = {{.p95_ms = 0}, {.p95_ms = 1}, {.p95_ms = 14}};
	char *line;

	memset(&r, 0, sizeof(r));
	/* 1 of 14: 0.5 levels, rounded up to 1. */
	line = emit_kit_sparkline(&r, s, 3);
	cr_assert_str_eq(line, L0 L1 L7);
	free(line);
}

Test(emit_kit, trend_of_a_row_with_series_and_without)
{
	struct report r;
	struct series_row s[5];
	int64_t b[4];
	struct emit_trend t;

	kit_fixture(&r, s, b, true);
	cr_assert_not(emit_kit_trend_of(&r, 1, &t));
	cr_assert(emit_kit_trend_of(&r, 2, &t));
	cr_assert_eq(t.s, s + 3);
	cr_assert_eq(t.n, 2);
	cr_assert_str_eq(t.spark, L0 L0 EMIT_SPARK_GAP EMIT_SPARK_GAP);
	emit_kit_trend_free(&t);
	cr_assert_null(t.spark);
}
