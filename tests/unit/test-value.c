/* test-value.c - the value forms of SPEC section 16 (value.h): numbers as text, Go's
 * duration syntax and the --time-format directives. Expected instants were computed with
 * Python's datetime (UTC) and written here as numbers. */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "value.h"

/* Milliseconds of a duration string in ms (mul 1, div 1). */
static double
dur(const char *s)
{
	const char *why = NULL;
	double ms = NAN;

	cr_assert_eq(value_duration(s, strlen(s), 1, 1, &ms, &why), 0, "%s: %s", s, why);
	return ms;
}

static void
dur_is(const char *s, double want)
{
	double got = dur(s);

	cr_assert(!(got < want || got > want), "%s: %.17g, want %.17g", s, got, want);
}

static void
dur_bad(const char *s)
{
	const char *why = NULL;
	double ms;

	cr_assert_eq(value_duration(s, strlen(s), 1, 1, &ms, &why), -1, "%s accepted", s);
	cr_assert_not_null(why);
}

Test(value, numeric)
{
	double d;
	int64_t i;

	cr_assert(value_numeric("0.041", 5, &d) && !(d < 0.041 || d > 0.041));
	cr_assert(value_numeric("-3", 2, &d) && !(d < -3 || d > -3));
	cr_assert(value_numeric("1e3", 3, &d) && !(d < 1000 || d > 1000));
	cr_assert(value_numeric(".5", 2, &d));
	cr_assert(!value_numeric("", 0, NULL));
	cr_assert(!value_numeric(" 1", 2, NULL));
	cr_assert(!value_numeric("1 ", 2, NULL));
	cr_assert(!value_numeric("1e", 2, NULL));
	cr_assert(!value_numeric("0x10", 4, NULL));
	cr_assert(!value_numeric("inf", 3, NULL));
	cr_assert(!value_numeric("nan", 3, NULL));
	cr_assert(!value_numeric("15ms", 4, NULL));
	cr_assert(value_integer("1700000000123456789", 19, &i) && i == INT64_C(1700000000123456789));
	cr_assert(value_integer("-9223372036854775808", 20, &i) && i == INT64_MIN);
	cr_assert(!value_integer("9223372036854775808", 19, &i));
	cr_assert(!value_integer("1.0", 3, &i));
	cr_assert(!value_integer("-", 1, &i));
}

Test(value, go_durations)
{
	dur_is("15.234ms", 15.234);
	dur_is("1h2m3.5s", 3723500);
	dur_is("250\xc2\xb5s", 0.25);   /* U+00B5 */
	dur_is("250\xce\xbcs", 0.25);   /* U+03BC */
	dur_is("250us", 0.25);
	dur_is("80ns", 80 / 1e6);
	dur_is("2s", 2000);
	dur_is("1.5m", 90000);
	dur_is("0", 0);
	dur_is("-1.5s", -1500);
	dur_is("+3ms", 3);
	dur_is("1m0.5s", 60500);
	dur_is(".5s", 500);
	dur_bad("");
	dur_bad("ms");
	dur_is("15", 15);       /* a plain number: in the unit given (here ms) */
}

Test(value, go_durations_bad)
{
	dur_bad("15 ms");
	dur_bad("15xs");
	dur_bad("1.2.3s");
	dur_bad("5m3");
	dur_bad("-");
	dur_bad("s5");
	dur_bad("1d");
}

Test(value, numeric_duration_takes_the_unit)
{
	const char *why;
	double ms;

	/* "0.041" in seconds: 0.041 * 1000, as --duration-unit s computes. */
	cr_assert_eq(value_duration("0.041", 5, 1000, 1, &ms, &why), 0);
	cr_assert(!(ms < 0.041 * 1000 || ms > 0.041 * 1000), "%.17g", ms);
	cr_assert_eq(value_duration("15234000", 8, 1, 1e6, &ms, &why), 0);
	cr_assert(!(ms < 15.234 || ms > 15.234), "%.17g", ms);
	/* A Go unit wins over the unit for plain numbers. */
	cr_assert_eq(value_duration("2ms", 3, 1000, 1, &ms, &why), 0);
	cr_assert(!(ms < 2 || ms > 2));
}

static int64_t
tp(const char *fmt, const char *s)
{
	const char *why = NULL;
	int64_t us = INT64_MIN;

	cr_assert_eq(value_strptime(fmt, s, strlen(s), &us, &why), 0, "%s / %s: %s", fmt, s, why);
	return us;
}

static void
tp_bad(const char *fmt, const char *s, const char *want)
{
	const char *why = NULL;
	int64_t us;

	cr_assert_eq(value_strptime(fmt, s, strlen(s), &us, &why), -1, "%s / %s accepted", fmt, s);
	cr_assert_str_eq(why, want, "%s / %s", fmt, s);
}

Test(value, strptime_directives)
{
	/* nginx: 25/Feb/2021:16:20:01 -0500 = 2021-02-25T21:20:01Z = 1614288001 s */
	cr_assert_eq(tp("%d/%b/%Y:%H:%M:%S %z", "25/Feb/2021:16:20:01 -0500"),
	    INT64_C(1614288001000000));
	/* full month names, any case; %e with a leading space */
	cr_assert_eq(tp("%b %e %Y", "FEBRUARY  5 2021"), INT64_C(1612483200000000));
	cr_assert_eq(tp("%b %e %Y", "feb 5 2021"), INT64_C(1612483200000000));
	/* %f: microseconds, digits past them truncated */
	cr_assert_eq(tp("%Y-%m-%d %H:%M:%S.%f", "2026-01-06 13:28:00.1912349"),
	    INT64_C(1767706080191234));
	cr_assert_eq(tp("%Y-%m-%dT%H:%M:%S.%f%z", "2026-01-06T13:28:00.5+02:00"),
	    INT64_C(1767698880500000));
	cr_assert_eq(tp("%Y-%m-%dT%H:%M:%S%z", "2026-01-06T13:28:00Z"), INT64_C(1767706080000000));
	cr_assert_eq(tp("%Y-%m-%dT%H:%M:%S%z", "2026-01-06T13:28:00+0530"),
	    INT64_C(1767686280000000));
	cr_assert_eq(tp("%Y-%m-%dT%H:%M:%S%z", "2026-01-06T13:28:00-03"),
	    INT64_C(1767716880000000));
	/* %j: day of the year; 2024 is a leap year, day 60 is Feb 29 */
	cr_assert_eq(tp("%Y %j", "2024 060"), INT64_C(1709164800000000));
	cr_assert_eq(tp("%Y-%m-%d %j", "2024-02-29 60"), INT64_C(1709164800000000));
	/* %% and literal text; no %z means UTC */
	cr_assert_eq(tp("%%%Y%%", "%2026%"), INT64_C(1767225600000000));
	cr_assert_eq(tp("%Y", "1970"), 0);
	cr_assert_eq(tp("%Y", "1"), INT64_C(-62135596800000000));
}

Test(value, strptime_rejects)
{
	tp_bad("%Y-%m-%d", "2026-02-30", "day out of range for month");
	tp_bad("%Y-%m-%d", "2026-13-01", "month out of range");
	tp_bad("%H:%M:%S", "24:00:00", "hour out of range");
	tp_bad("%H:%M:%S", "23:60:00", "minute out of range");
	tp_bad("%H:%M:%S", "23:59:60", "second out of range");
	tp_bad("%Y %j", "2026 366", "day of the year out of range");
	tp_bad("%Y-%m %j", "2024-03 60", "day of the year does not agree with the month and day");
	tp_bad("%b", "Foo", "has no English month name where --time-format has %b");
	tp_bad("%z", "+2400", "bad time zone offset");
	tp_bad("%Y", "2026x", "has text past what --time-format describes");
	tp_bad("%Y-%m", "2026/01", "does not match --time-format");
	tp_bad("%Y", "", "has no year (1 to 4 digits, 0001-9999) where --time-format has %Y");
	tp_bad("%Y-%m-%d%z", "0001-01-01+01:00",
	    "timestamp falls outside the years 0001-9999 in UTC");
	tp_bad("%S.%f", "1.", "does not match --time-format");
}

Test(value, time_format_check)
{
	const char *why;
	size_t col;

	cr_assert_eq(value_time_format_check("%d/%b/%Y:%H:%M:%S %z", &why, &col), 0);
	cr_assert_eq(value_time_format_check("%Y %%", &why, &col), 0);
	cr_assert_eq(value_time_format_check("%Y-%q", &why, &col), -1);
	cr_assert_eq(col, 4);
	cr_assert_eq(value_time_format_check("%Y%", &why, &col), -1);
	cr_assert_eq(col, 3);
	cr_assert_eq(value_time_format_check("", &why, &col), -1);
}

/* The fast decimal case agrees with strtod, digit for digit, near its limits. */
Test(value, numeric_fast_case_is_strtod)
{
	static const char *const nums[] = {"0.041", "15.234", "-0", "0.1", "0.3", "123456789012345",
	    "1234567890123456", "0.000000000000001", "0.0000000000000001", "99999999999999.9",
	    "5.", ".5", "-.5", "0.07", "1.005", "2.675", "9007199254740993", "000012.50",
	    "0.1234567890123456789"};

	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		double d = NAN, want = strtod(nums[i], NULL);

		cr_assert(value_numeric(nums[i], strlen(nums[i]), &d), "%s", nums[i]);
		cr_assert(!(d < want || d > want) && signbit(d) == signbit(want), "%s: %.17g, want %.17g",
		    nums[i], d, want);
	}
}
