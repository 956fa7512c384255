/* test-timeutil.c - unit tests for timeutil: RFC 3339 parsing, UTC formatting, floors.
 * Expected microsecond values were computed independently with Python's datetime
 * ((datetime.fromisoformat(s) - datetime(1970,1,1,tzinfo=utc)) in microseconds) and
 * checked with `date -u -d STAMP +%s`; weekdays come from `date -u -d STAMP +%A`. */
#include <criterion/criterion.h>

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "timeutil.h"
#include "xalloc.h"

#define SENTINEL INT64_C(0x5eed5eed5eed)

/* Parse s[0..len) from an exact-size heap copy, so ASan catches any read past len. */
static int
parse_n(const char *s, size_t len, int flags, int64_t *out, const char **why)
{
	char *copy = xmalloc(len);
	int rc;

	memcpy(copy, s, len);
	rc = tu_parse(copy, len, flags, out, why);
	free(copy);
	return rc;
}

/* Assert s parses (with flags) to exactly want microseconds. */
static void
expect_us(const char *s, int flags, int64_t want)
{
	int64_t got = SENTINEL;
	const char *why = NULL;
	int rc = parse_n(s, strlen(s), flags, &got, &why);

	cr_assert_eq(rc, 0, "\"%s\" rejected: %s", s, why ? why : "(no reason)");
	cr_assert_eq(got, want, "\"%s\": got %" PRId64 ", want %" PRId64, s, got, want);
}

/* Assert s[0..len) is rejected with exactly the reason want and *out untouched. */
static void
expect_bad_n(const char *s, size_t len, int flags, const char *want)
{
	int64_t got = SENTINEL;
	const char *why = NULL;
	int rc = parse_n(s, len, flags, &got, &why);

	cr_assert_eq(rc, -1, "\"%.*s\" accepted as %" PRId64, (int)len, s, got);
	cr_assert_eq(got, SENTINEL, "\"%.*s\": output written on failure", (int)len, s);
	cr_assert_not_null(why, "\"%.*s\": no reason", (int)len, s);
	cr_assert_str_eq(why, want, "\"%.*s\": reason \"%s\", want \"%s\"", (int)len, s, why,
	    want);
}

/* expect_bad_n for a NUL-terminated string without flags. */
static void
expect_bad(const char *s, const char *want)
{
	expect_bad_n(s, strlen(s), 0, want);
}

/* Format us with fn and compare with want. */
static void
expect_fmt(void (*fn)(int64_t, char *), int64_t us, const char *want)
{
	char buf[TU_BUFSZ];

	memset(buf, 'X', sizeof(buf));
	fn(us, buf);
	cr_assert_str_eq(buf, want, "%" PRId64 ": got \"%s\", want \"%s\"", us, buf, want);
}

/* 2026-01-06T13:28:00Z, the SPEC's example instant (date -u -d ... +%s = 1767706080). */
#define T0 INT64_C(1767706080000000)

Test(timeutil, parses_utc_z_with_milliseconds)
{
	expect_us("2026-01-06T13:28:00.191Z", 0, T0 + 191000);
	expect_us("2026-01-06T13:28:00Z", 0, T0);
}

Test(timeutil, parses_lowercase_t_and_z)
{
	expect_us("2026-01-06t13:28:00.191z", 0, T0 + 191000);
	expect_us("2026-01-06T13:28:00z", 0, T0);
	expect_us("2026-01-06t13:28:00Z", 0, T0);
}

Test(timeutil, parses_space_separator)
{
	expect_us("2026-01-06 13:28:00Z", 0, T0);
	expect_us("2026-01-06 13:28:00.191+00:00", 0, T0 + 191000);
}

Test(timeutil, parses_positive_offsets)
{
	expect_us("2026-01-06T15:28:00.191+02:00", 0, T0 + 191000);
	expect_us("2026-01-06T15:28:00.191+0200", 0, T0 + 191000);
	expect_us("2026-01-06T13:28:00+05:30", 0, INT64_C(1767686280000000));
	expect_us("2026-01-06T13:28:00+0530", 0, INT64_C(1767686280000000));
	expect_us("2026-01-06T13:28:00+23:59", 0, INT64_C(1767619740000000));
}

Test(timeutil, parses_negative_offsets)
{
	expect_us("2026-01-06T08:28:00.191-05:00", 0, T0 + 191000);
	expect_us("2026-01-06T08:28:00.191-0500", 0, T0 + 191000);
	expect_us("2026-01-06T13:28:00-23:59", 0, INT64_C(1767792420000000));
	expect_us("2026-01-06T13:28:00-2359", 0, INT64_C(1767792420000000));
}

Test(timeutil, parses_zero_offsets_as_utc)
{
	expect_us("2026-01-06T13:28:00+00:00", 0, T0);
	expect_us("2026-01-06T13:28:00-00:00", 0, T0);
	expect_us("2026-01-06T13:28:00+0000", 0, T0);
	expect_us("2026-01-06T13:28:00-0000", 0, T0);
}

Test(timeutil, offset_crosses_day_and_year)
{
	/* 2027-01-01T00:30+01:00 is 2026-12-31T23:30Z = 1798759800 s. */
	expect_us("2027-01-01T00:30:00+01:00", 0, INT64_C(1798761599000000) - 1799 * 1000000);
	expect_us("2026-12-31T23:59:59Z", 0, INT64_C(1798761599000000));
	expect_us("2026-12-31T23:00:00-01:00", 0, INT64_C(1798761600000000));
}

Test(timeutil, fraction_lengths)
{
	expect_us("2026-01-06T13:28:00.1Z", 0, T0 + 100000);
	expect_us("2026-01-06T13:28:00.19Z", 0, T0 + 190000);
	expect_us("2026-01-06T13:28:00.191Z", 0, T0 + 191000);
	expect_us("2026-01-06T13:28:00.1912Z", 0, T0 + 191200);
	expect_us("2026-01-06T13:28:00.19123Z", 0, T0 + 191230);
	expect_us("2026-01-06T13:28:00.191234Z", 0, T0 + 191234);
	expect_us("2026-01-06T13:28:00.1912345Z", 0, T0 + 191234);
	expect_us("2026-01-06T13:28:00.191234567Z", 0, T0 + 191234);
	expect_us("2026-01-06T13:28:00.000001Z", 0, T0 + 1);
	expect_us("2026-01-06T13:28:00.0Z", 0, T0);
	expect_us("2026-01-06T13:28:00.000000000000000000000000000001Z", 0, T0);
}

Test(timeutil, fraction_digits_past_microsecond_truncate_not_round)
{
	expect_us("2026-01-06T13:28:00.1912349Z", 0, T0 + 191234);
	expect_us("2026-01-06T13:28:00.191234999999999Z", 0, T0 + 191234);
	expect_us("2026-01-06T13:28:00.0000009Z", 0, T0);
	expect_us("2026-01-06T13:28:00.9999999Z", 0, T0 + 999999);
	/* Truncating digits goes toward the past also before 1970. */
	expect_us("1969-12-31T23:59:59.9999999Z", 0, -1);
}

Test(timeutil, fraction_with_offset)
{
	expect_us("2026-01-06T15:28:00.191234567+02:00", 0, T0 + 191234);
	expect_us("2026-01-06T08:28:00.5-0500", 0, T0 + 500000);
}

Test(timeutil, epoch_and_negative_instants)
{
	expect_us("1970-01-01T00:00:00Z", 0, 0);
	expect_us("1970-01-01T01:00:00+01:00", 0, 0);
	expect_us("1969-12-31T23:59:59.999999Z", 0, -1);
	expect_us("1969-07-20T20:17:40Z", 0, INT64_C(-14182940000000));
	expect_us("1900-03-01T00:00:00Z", 0, INT64_C(-2203891200000000));
}

Test(timeutil, year_range_limits)
{
	expect_us("0001-01-01T00:00:00Z", 0, INT64_C(-62135596800000000));
	expect_us("9999-12-31T23:59:59.999999Z", 0, INT64_C(253402300799999999));
	/* In range as written, but the offset carries the instant outside 0001-9999 in UTC,
	 * where it could not be printed as a timestamp that reads back (found by
	 * fuzz-timeutil): rejected. */
	expect_bad("0001-01-01T00:00:00+23:59", "timestamp falls outside the years 0001-9999 in UTC");
	expect_bad("0001-01-01T00:00:00+01:00", "timestamp falls outside the years 0001-9999 in UTC");
	expect_bad("9999-12-31T23:59:59.999999-23:59",
	    "timestamp falls outside the years 0001-9999 in UTC");
	expect_us("0001-01-01T00:00:00-23:59", 0, INT64_C(-62135596800000000) + 86340 * INT64_C(1000000));
	expect_us("9999-12-31T23:59:59.999999+23:59", 0, INT64_C(253402300799999999) -
	    86340 * INT64_C(1000000));
}

Test(timeutil, leap_days)
{
	expect_us("2024-02-29T12:00:00Z", 0, INT64_C(1709208000000000));
	expect_us("2000-02-29T00:00:00Z", 0, INT64_C(951782400000000));
	expect_bad("2025-02-29T00:00:00Z", "day out of range for month");
	expect_bad("1900-02-29T00:00:00Z", "day out of range for month");
	expect_bad("2100-02-29T00:00:00Z", "day out of range for month");
	expect_bad("2024-02-30T00:00:00Z", "day out of range for month");
}

Test(timeutil, bare_date_with_flag_is_midnight_utc)
{
	expect_us("2026-01-06", TU_ALLOW_DATE, INT64_C(1767657600000000));
	expect_us("2024-02-29", TU_ALLOW_DATE, INT64_C(1709164800000000));
	expect_us("1970-01-01", TU_ALLOW_DATE, 0);
	/* The flag does not change full timestamps. */
	expect_us("2026-01-06T13:28:00Z", TU_ALLOW_DATE, T0);
	expect_bad_n("2025-02-29", 10, TU_ALLOW_DATE, "day out of range for month");
	expect_bad_n("2026-01-06T", 11, TU_ALLOW_DATE, "time is not hh:mm:ss");
	expect_bad_n("2026-01-06Z", 11, TU_ALLOW_DATE,
	    "date and time must be separated by 'T' or a space");
}

Test(timeutil, bare_date_without_flag_rejected)
{
	expect_bad("2026-01-06", "timestamp has no time (bare date)");
}

Test(timeutil, reads_only_len_bytes)
{
	int64_t got = SENTINEL;

	/* The bytes after len are not looked at (parse_n copies only len of them). */
	cr_assert_eq(parse_n("2026-01-06T13:28:00Zjunk", 20, 0, &got, NULL), 0);
	cr_assert_eq(got, T0);
	cr_assert_eq(parse_n("2026-01-06T13:28:00.191Z\"}", 24, 0, &got, NULL), 0);
	cr_assert_eq(got, T0 + 191000);
	cr_assert_eq(parse_n("2026-01-06T13:28:00", 10, TU_ALLOW_DATE, &got, NULL), 0);
	cr_assert_eq(got, INT64_C(1767657600000000));
}

Test(timeutil, why_may_be_null)
{
	int64_t got = SENTINEL;

	cr_assert_eq(parse_n("2026-13-01T00:00:00Z", 20, 0, &got, NULL), -1);
	cr_assert_eq(got, SENTINEL);
}

Test(timeutil, rejects_empty)
{
	expect_bad_n("", 0, 0, "timestamp is empty");
	expect_bad_n("", 0, TU_ALLOW_DATE, "timestamp is empty");
}

Test(timeutil, rejects_missing_zone)
{
	expect_bad("2026-01-06T13:28:00", "timestamp has no time zone");
	expect_bad("2026-01-06T13:28:00.191", "timestamp has no time zone");
	expect_bad("2026-01-06 13:28:00.191234567", "timestamp has no time zone");
}

Test(timeutil, rejects_bad_zone_designator)
{
	expect_bad("2026-01-06T13:28:00 +02:00", "bad time zone (expected Z or +hh:mm)");
	expect_bad("2026-01-06T13:28:00 Z", "bad time zone (expected Z or +hh:mm)");
	expect_bad("2026-01-06T13:28:00UTC", "bad time zone (expected Z or +hh:mm)");
	expect_bad("2026-01-06T13:28:001Z", "bad time zone (expected Z or +hh:mm)");
}

Test(timeutil, rejects_out_of_range_hour_minute_second)
{
	expect_bad("2026-01-06T24:00:00Z", "hour out of range");
	expect_bad("2026-01-06T99:00:00Z", "hour out of range");
	expect_bad("2026-01-06T23:60:00Z", "minute out of range");
	expect_bad("2026-01-06T23:59:60Z", "second out of range");
	expect_bad("2016-12-31T23:59:60Z", "second out of range");
}

Test(timeutil, rejects_out_of_range_month_day_year)
{
	expect_bad("2026-13-01T00:00:00Z", "month out of range");
	expect_bad("2026-00-10T00:00:00Z", "month out of range");
	expect_bad("2026-01-00T00:00:00Z", "day out of range for month");
	expect_bad("2026-01-32T00:00:00Z", "day out of range for month");
	expect_bad("2026-04-31T00:00:00Z", "day out of range for month");
	expect_bad("2026-02-30T00:00:00Z", "day out of range for month");
	expect_bad("0000-01-01T00:00:00Z", "year out of range");
	expect_bad_n("0000-01-01", 10, TU_ALLOW_DATE, "year out of range");
}

Test(timeutil, rejects_bad_offsets)
{
	expect_bad("2026-01-06T13:28:00+24:00", "time zone offset hour out of range");
	expect_bad("2026-01-06T13:28:00+2400", "time zone offset hour out of range");
	expect_bad("2026-01-06T13:28:00-99:00", "time zone offset hour out of range");
	expect_bad("2026-01-06T13:28:00+05:60", "time zone offset minute out of range");
	expect_bad("2026-01-06T13:28:00-0560", "time zone offset minute out of range");
	expect_bad("2026-01-06T13:28:00+5:00", "bad time zone offset");
	expect_bad("2026-01-06T13:28:00+05", "bad time zone offset");
	expect_bad("2026-01-06T13:28:00+05:0", "bad time zone offset");
	expect_bad("2026-01-06T13:28:00+050", "bad time zone offset");
	expect_bad("2026-01-06T13:28:00+05-00", "bad time zone offset");
	expect_bad("2026-01-06T13:28:00+", "bad time zone offset");
	expect_bad("2026-01-06T13:28:00-", "bad time zone offset");
	expect_bad("2026-01-06T13:28:00+ 5:00", "bad time zone offset");
	expect_bad("2026-01-06T13:28:00++5:00", "bad time zone offset");
}

Test(timeutil, rejects_trailing_garbage)
{
	expect_bad("2026-01-06T13:28:00Zjunk", "trailing characters after time zone");
	expect_bad("2026-01-06T13:28:00Z ", "trailing characters after time zone");
	expect_bad("2026-01-06T13:28:00Z\n", "trailing characters after time zone");
	expect_bad("2026-01-06T13:28:00ZZ", "trailing characters after time zone");
	expect_bad("2026-01-06T13:28:00+05:000", "trailing characters after time zone");
	expect_bad("2026-01-06T13:28:00+05:00:00", "trailing characters after time zone");
	expect_bad("2026-01-06T13:28:00+0530x", "trailing characters after time zone");
}

Test(timeutil, rejects_leading_characters)
{
	expect_bad(" 2026-01-06T13:28:00Z", "timestamp is not RFC 3339");
	expect_bad("\t2026-01-06T13:28:00Z", "timestamp is not RFC 3339");
	expect_bad("x2026-01-06T13:28:00Z", "timestamp is not RFC 3339");
	expect_bad("-2026-01-06T13:28:00Z", "timestamp is not RFC 3339");
	expect_bad("+2026-01-06T13:28:00Z", "timestamp is not RFC 3339");
}

Test(timeutil, rejects_embedded_nul)
{
	static const char tail[] = "2026-01-06T13:28:00Z\0";
	static const char mid_time[] = "2026-01-06T13:2\0:00Z";
	static const char mid_date[] = "2026\0-01-06T13:28:00Z";
	static const char mid_frac[] = "2026-01-06T13:28:00.1\0Z";

	expect_bad_n(tail, sizeof(tail) - 1, 0, "trailing characters after time zone");
	expect_bad_n(mid_time, sizeof(mid_time) - 1, 0, "time is not hh:mm:ss");
	expect_bad_n(mid_date, sizeof(mid_date) - 1, 0, "timestamp is not RFC 3339");
	expect_bad_n(mid_frac, sizeof(mid_frac) - 1, 0,
	    "bad time zone (expected Z or +hh:mm)");
}

Test(timeutil, rejects_signs_spaces_and_wrong_widths_in_fields)
{
	expect_bad("2026-+1-06T13:28:00Z", "timestamp is not RFC 3339");
	expect_bad("2026-01- 6T13:28:00Z", "timestamp is not RFC 3339");
	expect_bad("2026-1-06T13:28:00Z", "timestamp is not RFC 3339");
	expect_bad("2026-01-6T13:28:00Z", "timestamp is not RFC 3339");
	expect_bad("26-01-06T13:28:00Z", "timestamp is not RFC 3339");
	expect_bad("12026-01-06T13:28:00Z", "timestamp is not RFC 3339");
	expect_bad("20260106T132800Z", "timestamp is not RFC 3339");
	expect_bad("2026/01/06T13:28:00Z", "timestamp is not RFC 3339");
	expect_bad("hello", "timestamp is not RFC 3339");
	expect_bad("2026-01-06T 1:28:00Z", "time is not hh:mm:ss");
	expect_bad("2026-01-06T+1:28:00Z", "time is not hh:mm:ss");
	expect_bad("2026-01-06T13:28: 0Z", "time is not hh:mm:ss");
	expect_bad("2026-01-06T13:-1:00Z", "time is not hh:mm:ss");
	expect_bad("2026-01-06T1:28:00Z", "time is not hh:mm:ss");
	expect_bad("2026-01-06T13:28Z", "time is not hh:mm:ss");
	expect_bad("2026-01-06T13.28.00Z", "time is not hh:mm:ss");
	expect_bad("2026-01-06T132800Z", "time is not hh:mm:ss");
}

Test(timeutil, rejects_bad_separator)
{
	expect_bad("2026-01-06X13:28:00Z", "date and time must be separated by 'T' or a space");
	expect_bad("2026-01-06_13:28:00Z", "date and time must be separated by 'T' or a space");
	expect_bad("2026-01-06\t13:28:00Z", "date and time must be separated by 'T' or a space");
	expect_bad("2026-01-0613:28:00Z", "date and time must be separated by 'T' or a space");
}

Test(timeutil, rejects_bad_fractions)
{
	expect_bad("2026-01-06T13:28:00,191Z", "fraction separator must be '.', not ','");
	expect_bad("2026-01-06T13:28:00.Z", "fraction has no digits after '.'");
	expect_bad("2026-01-06T13:28:00.", "fraction has no digits after '.'");
	expect_bad("2026-01-06T13:28:00.+01:00", "fraction has no digits after '.'");
	expect_bad("2026-01-06T13:28:00..1Z", "fraction has no digits after '.'");
	expect_bad("2026-01-06T13:28:00.1.2Z", "bad time zone (expected Z or +hh:mm)");
}

Test(timeutil, days_from_civil_known_dates)
{
	/* date(y,m,d).toordinal() - date(1970,1,1).toordinal() in Python. */
	cr_assert_eq(tu_days_from_civil(1970, 1, 1), 0);
	cr_assert_eq(tu_days_from_civil(1969, 12, 31), -1);
	cr_assert_eq(tu_days_from_civil(2000, 3, 1), 11017);
	cr_assert_eq(tu_days_from_civil(2000, 2, 29), 11016);
	cr_assert_eq(tu_days_from_civil(1900, 2, 28), -25509);
	cr_assert_eq(tu_days_from_civil(1900, 3, 1), -25508);
	cr_assert_eq(tu_days_from_civil(2026, 1, 6), 20459);
	cr_assert_eq(tu_days_from_civil(1600, 1, 1), -135140);
	cr_assert_eq(tu_days_from_civil(2400, 2, 29), 157113);
	cr_assert_eq(tu_days_from_civil(1, 1, 1), -719162);
	cr_assert_eq(tu_days_from_civil(9999, 12, 31), 2932896);
}

Test(timeutil, civil_from_days_known_dates)
{
	static const struct {
		int64_t z, y;
		unsigned m, d;
	} cases[] = {
		{0, 1970, 1, 1}, {-1, 1969, 12, 31}, {11016, 2000, 2, 29}, {11017, 2000, 3, 1},
		{-25509, 1900, 2, 28}, {-25508, 1900, 3, 1}, {20459, 2026, 1, 6},
		{-135140, 1600, 1, 1}, {157113, 2400, 2, 29}, {-719162, 1, 1, 1},
		{2932896, 9999, 12, 31},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t y = -1;
		unsigned m = 0, d = 0;

		tu_civil_from_days(cases[i].z, &y, &m, &d);
		cr_assert(y == cases[i].y && m == cases[i].m && d == cases[i].d,
		    "day %" PRId64 ": got %" PRId64 "-%u-%u", cases[i].z, y, m, d);
	}
}

Test(timeutil, every_day_from_year_1_to_9999_walks_the_calendar)
{
	/* Independent stepper: month lengths plus the Gregorian leap rule. */
	static const unsigned len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t y = 1, z = -719162, gy;
	unsigned m = 1, d = 1, gm, gd;

	for (;;) {
		unsigned leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
		unsigned mlen = len[m - 1] + (m == 2 ? leap : 0);

		cr_assert_eq(tu_days_from_civil(y, m, d), z, "%" PRId64 "-%u-%u", y, m, d);
		tu_civil_from_days(z, &gy, &gm, &gd);
		cr_assert(gy == y && gm == m && gd == d, "day %" PRId64, z);
		if (y == 9999 && m == 12 && d == 31)
			break;
		z++;
		if (++d > mlen) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	cr_assert_eq(z, 2932896);
}

Test(timeutil, format_ms_truncates)
{
	expect_fmt(tu_format_ms, T0 + 191234, "2026-01-06T13:28:00.191Z");
	expect_fmt(tu_format_ms, T0 + 191999, "2026-01-06T13:28:00.191Z");
	expect_fmt(tu_format_ms, T0, "2026-01-06T13:28:00.000Z");
	expect_fmt(tu_format_ms, 0, "1970-01-01T00:00:00.000Z");
	expect_fmt(tu_format_ms, INT64_C(-62135596800000000), "0001-01-01T00:00:00.000Z");
	expect_fmt(tu_format_ms, INT64_C(253402300799999999), "9999-12-31T23:59:59.999Z");
}

Test(timeutil, format_sheet_is_format_ms_without_t_and_z)
{
	expect_fmt(tu_format_sheet, T0 + 191999, "2026-01-06 13:28:00.191");
	expect_fmt(tu_format_sheet, 0, "1970-01-01 00:00:00.000");
	expect_fmt(tu_format_sheet, -1, "1969-12-31 23:59:59.999");
	expect_fmt(tu_format_sheet, INT64_C(-62135596800000000), "0001-01-01 00:00:00.000");
	expect_fmt(tu_format_sheet, INT64_C(253402300799999999), "9999-12-31 23:59:59.999");
}

Test(timeutil, format_ms_floors_before_1970)
{
	expect_fmt(tu_format_ms, -1, "1969-12-31T23:59:59.999Z");
	expect_fmt(tu_format_ms, -999, "1969-12-31T23:59:59.999Z");
	expect_fmt(tu_format_ms, -1000, "1969-12-31T23:59:59.999Z");
	expect_fmt(tu_format_ms, -1001, "1969-12-31T23:59:59.998Z");
	expect_fmt(tu_format_ms, -1000000, "1969-12-31T23:59:59.000Z");
	expect_fmt(tu_format_ms, INT64_C(-14182940000001), "1969-07-20T20:17:39.999Z");
}

Test(timeutil, format_us)
{
	expect_fmt(tu_format_us, T0 + 191234, "2026-01-06T13:28:00.191234Z");
	expect_fmt(tu_format_us, T0 + 1, "2026-01-06T13:28:00.000001Z");
	expect_fmt(tu_format_us, 0, "1970-01-01T00:00:00.000000Z");
	expect_fmt(tu_format_us, -1, "1969-12-31T23:59:59.999999Z");
	expect_fmt(tu_format_us, -1001, "1969-12-31T23:59:59.998999Z");
	expect_fmt(tu_format_us, INT64_C(253402300799999999), "9999-12-31T23:59:59.999999Z");
}

Test(timeutil, format_date)
{
	expect_fmt(tu_format_date, T0 + 191234, "2026-01-06");
	expect_fmt(tu_format_date, INT64_C(1767657600000000), "2026-01-06");
	expect_fmt(tu_format_date, INT64_C(1767657600000000) - 1, "2026-01-05");
	expect_fmt(tu_format_date, 0, "1970-01-01");
	expect_fmt(tu_format_date, -1, "1969-12-31");
	expect_fmt(tu_format_date, INT64_C(-86400000000), "1969-12-31");
	expect_fmt(tu_format_date, INT64_C(-86400000001), "1969-12-30");
}

Test(timeutil, format_human)
{
	expect_fmt(tu_format_human, T0 + 191234, "2026-01-06 13:28 UTC");
	expect_fmt(tu_format_human, T0 + 59999999, "2026-01-06 13:28 UTC");
	expect_fmt(tu_format_human, 0, "1970-01-01 00:00 UTC");
	expect_fmt(tu_format_human, -1, "1969-12-31 23:59 UTC");
}

Test(timeutil, format_then_parse_round_trips)
{
	/* A fixed pseudo-random walk over years 0001..9999 (xorshift64). */
	const int64_t lo = INT64_C(-62135596800000000), span = INT64_C(315537897600000000);
	uint64_t x = UINT64_C(88172645463325252);

	for (int i = 0; i < 20000; i++) {
		char buf[TU_BUFSZ];
		int64_t us, back = SENTINEL;
		const char *why = NULL;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		us = lo + (int64_t)(x % (uint64_t)span);
		tu_format_us(us, buf);
		cr_assert_eq(strlen(buf), 27, "%s", buf);
		cr_assert_eq(tu_parse(buf, 27, 0, &back, &why), 0, "%s: %s", buf, why);
		cr_assert_eq(back, us, "%s", buf);
		tu_format_ms(us, buf);
		cr_assert_eq(strlen(buf), 24, "%s", buf);
		cr_assert_eq(tu_parse(buf, 24, 0, &back, &why), 0, "%s: %s", buf, why);
		cr_assert_eq(back, us - (us - lo) % 1000, "%s", buf);
	}
}

Test(timeutil, parse_then_format_round_trips)
{
	static const char *const stamps[] = {
		"2026-01-06T13:28:00.191Z", "1969-12-31T23:59:59.999Z", "2000-02-29T00:00:00.000Z",
		"0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z", "1900-03-01T12:34:56.789Z",
	};

	for (size_t i = 0; i < sizeof(stamps) / sizeof(stamps[0]); i++) {
		char buf[TU_BUFSZ];
		int64_t us;

		cr_assert_eq(tu_parse(stamps[i], strlen(stamps[i]), 0, &us, NULL), 0);
		tu_format_ms(us, buf);
		cr_assert_str_eq(buf, stamps[i]);
	}
}

Test(timeutil, floor_day)
{
	cr_assert_eq(tu_floor_day(T0 + 191234), INT64_C(1767657600000000));
	cr_assert_eq(tu_floor_day(INT64_C(1767657600000000)), INT64_C(1767657600000000));
	cr_assert_eq(tu_floor_day(INT64_C(1767657600000000) - 1), INT64_C(1767571200000000));
	cr_assert_eq(tu_floor_day(0), 0);
	cr_assert_eq(tu_floor_day(-1), INT64_C(-86400000000));
	cr_assert_eq(tu_floor_day(INT64_C(-43200000000)), INT64_C(-86400000000));
	cr_assert_eq(tu_floor_day(INT64_C(-86400000000)), INT64_C(-86400000000));
	cr_assert_eq(tu_floor_day(INT64_C(-86400000001)), INT64_C(-172800000000));
}

Test(timeutil, floor_week_is_monday)
{
	const int64_t mon_0105 = INT64_C(1767571200000000); /* Monday 2026-01-05 */
	const int64_t mon_0112 = INT64_C(1768176000000000); /* Monday 2026-01-12 */

	cr_assert_eq(tu_floor_week(T0), mon_0105);                           /* Tuesday */
	cr_assert_eq(tu_floor_week(mon_0105), mon_0105);                     /* Monday 00:00 */
	cr_assert_eq(tu_floor_week(mon_0105 + US_PER_DAY - 1), mon_0105);    /* Monday 23:59 */
	cr_assert_eq(tu_floor_week(INT64_C(1768089600000000)), mon_0105);    /* Sunday 00:00 */
	cr_assert_eq(tu_floor_week(INT64_C(1768175999999999)), mon_0105);    /* Sunday 23:59 */
	cr_assert_eq(tu_floor_week(mon_0112), mon_0112);
}

Test(timeutil, floor_week_before_1970)
{
	/* 1970-01-01 was a Thursday; its week began on Monday 1969-12-29. */
	cr_assert_eq(tu_floor_week(0), INT64_C(-259200000000));
	cr_assert_eq(tu_floor_week(-1), INT64_C(-259200000000));
	cr_assert_eq(tu_floor_week(INT64_C(-259200000000)), INT64_C(-259200000000));
	cr_assert_eq(tu_floor_week(INT64_C(-259200000001)), INT64_C(-864000000000));
	/* Sunday 1969-12-28 -> Monday 1969-12-22. */
	cr_assert_eq(tu_floor_week(INT64_C(-345600000000)), INT64_C(-864000000000));
	/* Monday 1969-12-15T06:00 -> 1969-12-15T00:00. */
	cr_assert_eq(tu_floor_week(INT64_C(-1447200000000)), INT64_C(-1468800000000));
}

Test(timeutil, floor_month)
{
	cr_assert_eq(tu_floor_month(T0), INT64_C(1767225600000000));
	cr_assert_eq(tu_floor_month(INT64_C(1767225600000000)), INT64_C(1767225600000000));
	cr_assert_eq(tu_floor_month(INT64_C(1767225600000000) - 1), INT64_C(1764547200000000));
	cr_assert_eq(tu_floor_month(INT64_C(1709208000000000)), INT64_C(1706745600000000));
	cr_assert_eq(tu_floor_month(INT64_C(1709251199999999)), INT64_C(1706745600000000));
	cr_assert_eq(tu_floor_month(INT64_C(1709251200000000)), INT64_C(1709251200000000));
	cr_assert_eq(tu_floor_month(0), 0);
	cr_assert_eq(tu_floor_month(-1), INT64_C(-2678400000000));
	cr_assert_eq(tu_floor_month(INT64_C(-31557600000000)), INT64_C(-34214400000000));
}

Test(timeutil, add_months_across_years)
{
	const int64_t jan26 = INT64_C(1767225600000000);

	cr_assert_eq(tu_add_months(jan26, 0), jan26);
	cr_assert_eq(tu_add_months(jan26, 2), INT64_C(1772323200000000));   /* 2026-03-01 */
	cr_assert_eq(tu_add_months(jan26, 12), INT64_C(1798761600000000));  /* 2027-01-01 */
	cr_assert_eq(tu_add_months(jan26, -1), INT64_C(1764547200000000));  /* 2025-12-01 */
	cr_assert_eq(tu_add_months(jan26, -13), INT64_C(1733011200000000)); /* 2024-12-01 */
	cr_assert_eq(tu_add_months(INT64_C(1761955200000000), 3), INT64_C(1769904000000000));
	cr_assert_eq(tu_add_months(INT64_C(1706745600000000), 1), INT64_C(1709251200000000));
	cr_assert_eq(tu_add_months(0, -1), INT64_C(-2678400000000));        /* 1969-12-01 */
	cr_assert_eq(tu_add_months(0, -13), INT64_C(-34214400000000));      /* 1968-12-01 */
	cr_assert_eq(tu_add_months(INT64_C(-34214400000000), 13), 0);
}

Test(timeutil, add_months_steps_agree_with_jumps)
{
	int64_t m = tu_days_from_civil(1960, 1, 1) * US_PER_DAY;
	const int64_t start = m;

	for (int n = 1; n <= 1200; n++) {
		m = tu_add_months(m, 1);
		cr_assert_eq(m, tu_add_months(start, n), "n=%d", n);
		cr_assert_eq(tu_add_months(m, -n), start, "n=%d", n);
		cr_assert_eq(tu_floor_month(m), m, "n=%d", n);
	}
	/* 1200 months after 1960-01-01 is 2060-01-01. */
	cr_assert_eq(m, tu_days_from_civil(2060, 1, 1) * US_PER_DAY);
}

Test(timeutil, now_is_current)
{
	int64_t before = (int64_t)time(NULL) * US_PER_SEC;
	int64_t now = tu_now();
	int64_t after = ((int64_t)time(NULL) + 1) * US_PER_SEC;

	cr_assert(now >= before && now <= after, "tu_now() = %" PRId64, now);
}
