/* test-window.c - current and previous windows per command at a fixed now, the "now" of a
 * run, trend bucket selection and bucket arithmetic. Every instant below was computed
 * with Python's datetime in UTC (e.g. datetime(2026,2,1,tzinfo=timezone.utc)), not with
 * timeutil. */
#include <criterion/criterion.h>

#include <string.h>

#include "cli.h"
#include "timeutil.h"
#include "window.h"

#define DAY INT64_C(86400000000)

/* Instants (microseconds since the epoch, UTC). */
#define T_2025_11_03 INT64_C(1762128000000000)
#define T_2025_12_03 INT64_C(1764720000000000)
#define T_2026_01_01 INT64_C(1767225600000000)
#define T_2026_01_02 INT64_C(1767312000000000)
#define T_2026_01_05 INT64_C(1767571200000000) /* a Monday */
#define T_2026_01_06 INT64_C(1767657600000000) /* a Tuesday */
#define T_2026_01_06_132800191 INT64_C(1767706080191000)
#define T_2026_01_11_235959999999 INT64_C(1768175999999999) /* Sunday, last µs */
#define T_2026_01_12 INT64_C(1768176000000000) /* Monday */
#define T_2026_01_17 INT64_C(1768608000000000)
#define T_2026_01_24 INT64_C(1769212800000000)
#define T_2026_01_25 INT64_C(1769299200000000)
#define T_2026_01_31 INT64_C(1769817600000000)
#define T_2026_02_01 INT64_C(1769904000000000) /* a Sunday */
#define T_2026_02_28_12 INT64_C(1772280000000000)
#define T_2026_02_01_00 T_2026_02_01
#define T_2026_03_01 INT64_C(1772323200000000)
#define T_2024_02_01 INT64_C(1706745600000000)
#define T_2024_03_01 INT64_C(1709251200000000)
#define T_2026_12_01 INT64_C(1796083200000000)
#define T_2027_01_01 INT64_C(1798761600000000)
#define T_1969_12_29 INT64_C(-259200000000)    /* Monday */
#define T_1969_12_31 INT64_C(-86400000000)
#define T_1969_12_31_12 INT64_C(-43200000000)

/* Options as cli_parse would leave them for command c, with --now fixed at now. */
static void
opts(struct options *o, enum command c, int64_t now)
{
	memset(o, 0, sizeof(*o));
	o->command = c;
	o->now_mode = NOW_FIXED;
	o->now_us = now;
	o->bucket = BUCKET_AUTO;
	cli_resolve(o); /* the command's window rule and length */
}

/* Resolve and compare all four bounds. */
static void
expect_windows(const struct options *o, int64_t now, int64_t start, int64_t end,
    int64_t prev_start, int64_t prev_end)
{
	struct windows w;

	memset(&w, 0x5a, sizeof(w));
	window_resolve(o, now, &w);
	cr_assert_eq(w.start, start, "start %lld, want %lld", (long long)w.start,
	    (long long)start);
	cr_assert_eq(w.end, end, "end %lld, want %lld", (long long)w.end, (long long)end);
	cr_assert_eq(w.prev_start, prev_start, "prev_start %lld, want %lld",
	    (long long)w.prev_start, (long long)prev_start);
	cr_assert_eq(w.prev_end, prev_end, "prev_end %lld, want %lld", (long long)w.prev_end,
	    (long long)prev_end);
}

/* ---- windows per command ------------------------------------------------------ */

Test(window, weekly_is_seven_days_against_the_seven_before)
{
	struct options o;
	struct windows w;

	opts(&o, CMD_WEEKLY, T_2026_02_01);
	expect_windows(&o, T_2026_02_01, T_2026_01_25, T_2026_02_01, T_2026_01_25 - 7 * DAY,
	    T_2026_01_25);
	window_resolve(&o, T_2026_02_01, &w);
	cr_assert(w.bounded_below);
	cr_assert(w.bounded_above);
	/* 2026-01-18 = 2026-01-25 - 7 days (and 2026-01-17 + 1 day). */
	cr_assert_eq(w.prev_start, T_2026_01_17 + DAY);
	cr_assert_eq(w.bucket, BUCKET_DAY);
}

Test(window, monthly_is_thirty_days_against_the_thirty_before)
{
	struct options o;
	struct windows w;

	opts(&o, CMD_MONTHLY, T_2026_02_01);
	expect_windows(&o, T_2026_02_01, T_2026_01_02, T_2026_02_01, T_2025_12_03,
	    T_2026_01_02);
	window_resolve(&o, T_2026_02_01, &w);
	cr_assert_eq(w.bucket, BUCKET_DAY);
}

Test(window, windows_follow_a_now_that_is_not_midnight)
{
	struct options o;
	int64_t now = T_2026_01_06_132800191;

	opts(&o, CMD_WEEKLY, now);
	expect_windows(&o, now, now - 7 * DAY, now, now - 14 * DAY, now - 7 * DAY);
	opts(&o, CMD_MONTHLY, now);
	expect_windows(&o, now, now - 30 * DAY, now, now - 60 * DAY, now - 30 * DAY);
}

Test(window, trends_defaults_to_ninety_days_and_week_buckets)
{
	struct options o;
	struct windows w;

	opts(&o, CMD_TRENDS, T_2026_02_01);
	/* 2026-02-01 - 90 days = 2025-11-03. */
	expect_windows(&o, T_2026_02_01, T_2025_11_03, T_2026_02_01, T_2025_11_03 - 90 * DAY,
	    T_2025_11_03);
	window_resolve(&o, T_2026_02_01, &w);
	cr_assert_eq(w.bucket, BUCKET_WEEK);
}

Test(window, trends_days_choose_the_bucket)
{
	static const struct {
		long days;
		enum bucket want;
	} cases[] = {
		{1, BUCKET_DAY}, {7, BUCKET_DAY}, {31, BUCKET_DAY}, {32, BUCKET_WEEK},
		{90, BUCKET_WEEK}, {366, BUCKET_WEEK}, {367, BUCKET_MONTH},
		{3652, BUCKET_MONTH},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct options o;
		struct windows w;

		opts(&o, CMD_TRENDS, T_2026_02_01);
		o.days = cases[i].days;
		o.days_set = true;
		window_resolve(&o, T_2026_02_01, &w);
		cr_assert_eq(w.end, T_2026_02_01);
		cr_assert_eq(w.start, T_2026_02_01 - cases[i].days * DAY, "days %ld",
		    cases[i].days);
		cr_assert_eq(w.prev_end, w.start);
		cr_assert_eq(w.prev_start, T_2026_02_01 - 2 * cases[i].days * DAY);
		cr_assert_eq(w.bucket, cases[i].want, "days %ld: bucket %d, want %d",
		    cases[i].days, w.bucket, cases[i].want);
	}
}

Test(window, trends_explicit_bucket_wins)
{
	struct options o;
	struct windows w;

	opts(&o, CMD_TRENDS, T_2026_02_01);
	o.days = 400;
	o.days_set = true;
	o.bucket = BUCKET_DAY;
	window_resolve(&o, T_2026_02_01, &w);
	cr_assert_eq(w.bucket, BUCKET_DAY);
	o.days = 7;
	o.bucket = BUCKET_MONTH;
	window_resolve(&o, T_2026_02_01, &w);
	cr_assert_eq(w.bucket, BUCKET_MONTH);
}

Test(window, report_since_until_and_the_same_length_before)
{
	struct options o;
	struct windows w;

	/* [2026-01-01, 2026-02-01): 31 days; previous [2025-12-01, 2026-01-01). */
	opts(&o, CMD_REPORT, T_2026_03_01);
	o.since_us = T_2026_01_01;
	o.since_set = true;
	o.until_us = T_2026_02_01;
	o.until_set = true;
	expect_windows(&o, T_2026_03_01, T_2026_01_01, T_2026_02_01, T_2026_01_01 - 31 * DAY,
	    T_2026_01_01);
	window_resolve(&o, T_2026_03_01, &w);
	cr_assert(w.bounded_below && w.bounded_above);
	cr_assert_eq(w.bucket, BUCKET_DAY);
}

Test(window, report_until_defaults_to_now)
{
	struct options o;
	int64_t now = T_2026_01_06_132800191;
	int64_t len = now - T_2026_01_01;

	opts(&o, CMD_REPORT, now);
	o.since_us = T_2026_01_01;
	o.since_set = true;
	expect_windows(&o, now, T_2026_01_01, now, T_2026_01_01 - len, T_2026_01_01);
}

Test(window, report_odd_length_window)
{
	struct options o;

	/* One microsecond long. */
	opts(&o, CMD_REPORT, T_2026_03_01);
	o.since_us = T_2026_01_06_132800191;
	o.since_set = true;
	o.until_us = T_2026_01_06_132800191 + 1;
	o.until_set = true;
	expect_windows(&o, T_2026_03_01, T_2026_01_06_132800191, T_2026_01_06_132800191 + 1,
	    T_2026_01_06_132800191 - 1, T_2026_01_06_132800191);
}

Test(window, export_is_all_time_by_default)
{
	struct options o;
	struct windows w;

	opts(&o, CMD_EXPORT, T_2026_02_01);
	window_resolve(&o, T_2026_02_01, &w);
	cr_assert_not(w.bounded_below);
	cr_assert_not(w.bounded_above);
	cr_assert_eq(w.start, INT64_MIN);
	cr_assert_eq(w.end, INT64_MAX);
	cr_assert(window_contains(w.start, w.end, INT64_C(-62135596800000000)));
	cr_assert(window_contains(w.start, w.end, T_2027_01_01));
	/* No previous window: empty. */
	cr_assert_eq(w.prev_start, w.prev_end);
}

Test(window, export_since_only_has_no_upper_bound)
{
	struct options o;
	struct windows w;

	opts(&o, CMD_EXPORT, T_2026_02_01);
	o.since_us = T_2026_01_01;
	o.since_set = true;
	window_resolve(&o, T_2026_02_01, &w);
	cr_assert(w.bounded_below);
	cr_assert_not(w.bounded_above);
	cr_assert_eq(w.start, T_2026_01_01);
	cr_assert_eq(w.end, INT64_MAX);
	/* Not bounded by now either: later records still count. */
	cr_assert(window_contains(w.start, w.end, T_2027_01_01));
	cr_assert_not(window_contains(w.start, w.end, T_2026_01_01 - 1));
}

Test(window, export_until_only_has_no_lower_bound)
{
	struct options o;
	struct windows w;

	opts(&o, CMD_EXPORT, T_2026_02_01);
	o.until_us = T_2026_01_01;
	o.until_set = true;
	window_resolve(&o, T_2026_02_01, &w);
	cr_assert_not(w.bounded_below);
	cr_assert(w.bounded_above);
	cr_assert_eq(w.start, INT64_MIN);
	cr_assert_eq(w.end, T_2026_01_01);
	cr_assert(window_contains(w.start, w.end, T_1969_12_31));
	cr_assert_not(window_contains(w.start, w.end, T_2026_01_01));
}

Test(window, export_since_and_until)
{
	struct options o;
	struct windows w;

	opts(&o, CMD_EXPORT, T_2026_02_01);
	o.since_us = T_2026_01_01;
	o.since_set = true;
	o.until_us = T_2026_01_05;
	o.until_set = true;
	window_resolve(&o, T_2026_02_01, &w);
	cr_assert(w.bounded_below && w.bounded_above);
	cr_assert_eq(w.start, T_2026_01_01);
	cr_assert_eq(w.end, T_2026_01_05);
}

Test(window, export_days_ends_at_now)
{
	struct options o;
	struct windows w;

	opts(&o, CMD_EXPORT, T_2026_02_01);
	o.days = 7;
	o.days_set = true;
	window_resolve(&o, T_2026_02_01, &w);
	cr_assert(w.bounded_below && w.bounded_above);
	cr_assert_eq(w.start, T_2026_01_25);
	cr_assert_eq(w.end, T_2026_02_01);
}

/* ---- now -------------------------------------------------------------------------- */

Test(window, now_fixed_ignores_newest)
{
	struct options o;

	opts(&o, CMD_MONTHLY, T_2026_02_01);
	cr_assert_eq(window_now(&o, false, 0), T_2026_02_01);
	cr_assert_eq(window_now(&o, true, T_2027_01_01), T_2026_02_01);
}

Test(window, now_latest_is_just_past_the_newest)
{
	struct options o;
	struct windows w;
	int64_t now;

	opts(&o, CMD_WEEKLY, 0);
	o.now_mode = NOW_LATEST;
	now = window_now(&o, true, T_2026_01_06_132800191);
	cr_assert_eq(now, T_2026_01_06_132800191 + 1);
	/* The newest record is inside the current window, at its last microsecond. */
	window_resolve(&o, now, &w);
	cr_assert(window_contains(w.start, w.end, T_2026_01_06_132800191));
	cr_assert_not(window_contains(w.start, w.end, T_2026_01_06_132800191 + 1));
	cr_assert_eq(w.start, T_2026_01_06_132800191 + 1 - 7 * DAY);
}

/* The clock is read once, by cli_parse, into o->clock_us (test-cli checks that). */
Test(window, now_latest_without_records_is_the_clock)
{
	struct options o;

	opts(&o, CMD_WEEKLY, 0);
	o.now_mode = NOW_LATEST;
	o.clock_us = T_2026_01_17;
	cr_assert_eq(window_now(&o, false, T_2026_01_01), T_2026_01_17);
}

Test(window, now_clock_is_the_clock)
{
	struct options o;

	opts(&o, CMD_WEEKLY, T_2026_01_01);
	o.now_mode = NOW_CLOCK;
	o.clock_us = T_2026_01_17;
	cr_assert_eq(window_now(&o, true, T_2026_01_01), T_2026_01_17);
	cr_assert_eq(window_now(&o, false, 0), T_2026_01_17);
}

/* ---- window_contains ---------------------------------------------------------------- */

Test(window, contains_is_half_open)
{
	cr_assert(window_contains(T_2026_01_01, T_2026_02_01, T_2026_01_01));
	cr_assert(window_contains(T_2026_01_01, T_2026_02_01, T_2026_02_01 - 1));
	cr_assert_not(window_contains(T_2026_01_01, T_2026_02_01, T_2026_02_01));
	cr_assert_not(window_contains(T_2026_01_01, T_2026_02_01, T_2026_01_01 - 1));
	cr_assert_not(window_contains(T_2026_01_01, T_2026_01_01, T_2026_01_01));
}

/* ---- buckets ------------------------------------------------------------------------ */

Test(window, bucket_auto_by_length)
{
	cr_assert_eq(window_bucket(BUCKET_AUTO, 0, 1), BUCKET_DAY);
	cr_assert_eq(window_bucket(BUCKET_AUTO, 0, 31 * DAY), BUCKET_DAY);
	cr_assert_eq(window_bucket(BUCKET_AUTO, 0, 31 * DAY + 1), BUCKET_WEEK);
	cr_assert_eq(window_bucket(BUCKET_AUTO, 0, 366 * DAY), BUCKET_WEEK);
	cr_assert_eq(window_bucket(BUCKET_AUTO, 0, 366 * DAY + 1), BUCKET_MONTH);
	cr_assert_eq(window_bucket(BUCKET_AUTO, T_2026_01_01, T_2026_02_01), BUCKET_DAY);
	cr_assert_eq(window_bucket(BUCKET_DAY, 0, 1000 * DAY), BUCKET_DAY);
	cr_assert_eq(window_bucket(BUCKET_WEEK, 0, DAY), BUCKET_WEEK);
	cr_assert_eq(window_bucket(BUCKET_MONTH, 0, DAY), BUCKET_MONTH);
}

Test(window, day_bucket_start)
{
	cr_assert_eq(window_bucket_start(BUCKET_DAY, T_2026_01_06_132800191), T_2026_01_06);
	cr_assert_eq(window_bucket_start(BUCKET_DAY, T_2026_01_06), T_2026_01_06);
	cr_assert_eq(window_bucket_start(BUCKET_DAY, T_2026_01_06 - 1), T_2026_01_05);
	cr_assert_eq(window_bucket_start(BUCKET_DAY, T_1969_12_31_12), T_1969_12_31);
	cr_assert_eq(window_bucket_start(BUCKET_DAY, -1), T_1969_12_31);
	cr_assert_eq(window_bucket_start(BUCKET_DAY, 0), 0);
}

Test(window, hour_bucket_start_and_next)
{
	int64_t hour = INT64_C(3600000000);

	/* 13:28:00.191 is in the hour from 13:00 */
	cr_assert_eq(window_bucket_start(BUCKET_HOUR, T_2026_01_06_132800191),
	    T_2026_01_06 + 13 * hour);
	cr_assert_eq(window_bucket_start(BUCKET_HOUR, T_2026_01_06), T_2026_01_06);
	cr_assert_eq(window_bucket_start(BUCKET_HOUR, T_2026_01_06 - 1), T_2026_01_06 - hour);
	/* before the epoch: 11:59:59.999999 on 1969-12-31 is in the hour from 11:00 */
	cr_assert_eq(window_bucket_start(BUCKET_HOUR, T_1969_12_31_12 - 1),
	    T_1969_12_31_12 - hour);
	cr_assert_eq(window_bucket_start(BUCKET_HOUR, -1), -hour);
	cr_assert_eq(window_bucket_next(BUCKET_HOUR, T_2026_01_06 + 23 * hour),
	    T_2026_01_06 + DAY);
}

Test(window, week_bucket_starts_on_monday)
{
	/* 2026-01-06 is a Tuesday: its week began Monday 2026-01-05. */
	cr_assert_eq(window_bucket_start(BUCKET_WEEK, T_2026_01_06_132800191), T_2026_01_05);
	cr_assert_eq(window_bucket_start(BUCKET_WEEK, T_2026_01_05), T_2026_01_05);
	cr_assert_eq(window_bucket_start(BUCKET_WEEK, T_2026_01_11_235959999999),
	    T_2026_01_05);
	cr_assert_eq(window_bucket_start(BUCKET_WEEK, T_2026_01_12), T_2026_01_12);
	cr_assert_eq(window_bucket_start(BUCKET_WEEK, T_2026_01_05 - 1), T_2026_01_05 - 7 * DAY);
	/* 2026-02-01 is a Sunday: Monday 2026-01-26. */
	cr_assert_eq(window_bucket_start(BUCKET_WEEK, T_2026_02_01), T_2026_01_25 + DAY);
	/* Before the epoch: 1970-01-01 was a Thursday, its Monday 1969-12-29. */
	cr_assert_eq(window_bucket_start(BUCKET_WEEK, 0), T_1969_12_29);
	cr_assert_eq(window_bucket_start(BUCKET_WEEK, T_1969_12_31_12), T_1969_12_29);
}

Test(window, month_bucket_starts_on_the_first)
{
	cr_assert_eq(window_bucket_start(BUCKET_MONTH, T_2026_01_06_132800191), T_2026_01_01);
	cr_assert_eq(window_bucket_start(BUCKET_MONTH, T_2026_01_01), T_2026_01_01);
	cr_assert_eq(window_bucket_start(BUCKET_MONTH, T_2026_01_01 - 1),
	    T_2026_01_01 - 31 * DAY);
	cr_assert_eq(window_bucket_start(BUCKET_MONTH, T_2026_02_28_12), T_2026_02_01);
	cr_assert_eq(window_bucket_start(BUCKET_MONTH, T_2026_03_01 - 1), T_2026_02_01);
	cr_assert_eq(window_bucket_start(BUCKET_MONTH, T_1969_12_31_12), T_1969_12_31 - 30 * DAY);
}

Test(window, next_bucket)
{
	cr_assert_eq(window_bucket_next(BUCKET_DAY, T_2026_01_05), T_2026_01_06);
	cr_assert_eq(window_bucket_next(BUCKET_WEEK, T_2026_01_05), T_2026_01_12);
	cr_assert_eq(window_bucket_next(BUCKET_MONTH, T_2026_01_01), T_2026_02_01);
	cr_assert_eq(window_bucket_next(BUCKET_MONTH, T_2026_02_01), T_2026_03_01);
	cr_assert_eq(window_bucket_next(BUCKET_MONTH, T_2024_02_01), T_2024_03_01);
	cr_assert_eq(window_bucket_next(BUCKET_MONTH, T_2026_12_01), T_2027_01_01);
}

Test(window, buckets_tile_a_window)
{
	/* Walking the buckets from the window's first bucket covers every instant exactly
	 * once: each bucket start maps to itself and the next one's start. */
	static const enum bucket kinds[] = {BUCKET_DAY, BUCKET_WEEK, BUCKET_MONTH};

	for (size_t k = 0; k < 3; k++) {
		int64_t b = window_bucket_start(kinds[k], T_2025_11_03 + 12345);
		int n = 0;

		while (b < T_2026_03_01) {
			int64_t next = window_bucket_next(kinds[k], b);

			cr_assert_gt(next, b);
			cr_assert_eq(window_bucket_start(kinds[k], b), b);
			cr_assert_eq(window_bucket_start(kinds[k], next - 1), b);
			b = next;
			n++;
		}
		/* 2025-11-01 .. 2026-03-01: 4 months; 2025-11-03 .. 2026-03-02: 17 weeks;
		 * 2025-11-03 .. 2026-03-01: 118 days. */
		cr_assert_eq(n, kinds[k] == BUCKET_DAY ? 118 : kinds[k] == BUCKET_WEEK ? 17 : 4,
		    "bucket kind %d: %d buckets", kinds[k], n);
	}
}
