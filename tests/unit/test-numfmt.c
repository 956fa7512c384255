/* test-numfmt.c - numbers to text: JSON form, fixed decimals, shortest round trip, and
 * the same output under a locale whose decimal separator is not '.'. Expected strings
 * come from C printf rules worked by hand, Python's repr (shortest round trip) and
 * jansson's own encoder. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <jansson.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"

/* Assert that numfmt_json(v) is exactly want. */
static void
check_json(double v, const char *want)
{
	char buf[NUMFMT_BUFSZ];

	numfmt_json(v, buf);
	cr_assert_str_eq(buf, want, "numfmt_json(%.17g) = \"%s\", want \"%s\"", v, buf,
	    want);
}

/* Assert that numfmt_fixed(v, d) is exactly want. */
static void
check_fixed(double v, int d, const char *want)
{
	char buf[NUMFMT_BUFSZ];

	numfmt_fixed(v, d, buf);
	cr_assert_str_eq(buf, want, "numfmt_fixed(%.17g, %d) = \"%s\", want \"%s\"", v, d,
	    buf, want);
}

/* Assert that numfmt_shortest(v) is exactly want. */
static void
check_shortest(double v, const char *want)
{
	char buf[NUMFMT_BUFSZ];

	numfmt_shortest(v, buf);
	cr_assert_str_eq(buf, want, "numfmt_shortest(%.17g) = \"%s\", want \"%s\"", v, buf,
	    want);
}

/* Assert that numfmt_signed(v, d) and numfmt_signed_pct(v) are exactly want and
 * want_pct (want_pct NULL: not checked). */
static void
check_signed(double v, int d, const char *want, const char *want_pct)
{
	char buf[NUMFMT_SIGNED_BUFSZ];

	numfmt_signed(v, d, buf);
	cr_assert_str_eq(buf, want, "numfmt_signed(%.17g, %d) = \"%s\", want \"%s\"", v, d,
	    buf, want);
	if (want_pct == NULL)
		return;
	numfmt_signed_pct(v, buf);
	cr_assert_str_eq(buf, want_pct, "numfmt_signed_pct(%.17g) = \"%s\", want \"%s\"", v,
	    buf, want_pct);
}

/* The signed cases, shared by the C-locale and other-locale tests. */
static void
check_signed_cases(void)
{
	check_signed(26.8, 1, "+26.8", "+26.8%");
	check_signed(-50.0, 1, "-50.0", "-50.0%");
	check_signed(0.0, 1, "+0.0", "+0.0%");
	check_signed(-0.04, 1, "+0.0", "+0.0%");	/* no "-0.0": a zero change is "+" */
	check_signed(200.25, 1, "+200.2", "+200.2%");	/* exact tie, to even */
	check_signed(12.345, 2, "+12.35", NULL);	/* 12.3450000000000006394... */
	check_signed(-3.1, 2, "-3.10", NULL);
	check_signed(-0.001, 2, "+0.00", NULL);
	check_signed(1e70, 2, "+1.00e+70", NULL);
}

/* Assert numfmt_p(p) and numfmt_p_phrase(p). */
static void
check_p(double p, const char *want, const char *want_phrase)
{
	char buf[NUMFMT_BUFSZ];

	numfmt_p(p, buf);
	cr_assert_str_eq(buf, want, "numfmt_p(%.17g) = \"%s\", want \"%s\"", p, buf, want);
	numfmt_p_phrase(p, buf);
	cr_assert_str_eq(buf, want_phrase, "numfmt_p_phrase(%.17g) = \"%s\", want \"%s\"", p,
	    buf, want_phrase);
}

/* The cases of the JSON form, shared by the C-locale and other-locale tests. */
static void
check_json_cases(void)
{
	check_json(0.1, "0.1");
	check_json(2.0, "2");
	check_json(1.0 / 3.0, "0.333333333333333");
	check_json(200.0 / 3.0, "66.6666666666667");
	check_json(0.1 + 0.2, "0.3");
	check_json(1e20, "1e20");	/* jansson drops the '+' */
	check_json(1e15, "1e15");
	check_json(123456789012345.0, "123456789012345");
	check_json(123456789012345678.0, "1.23456789012346e17");
	check_json(1e-5, "1e-5");	/* and leading exponent zeros */
	check_json(1e-300, "1e-300");
	check_json(2e100, "2e100");
	check_json(0.0001, "0.0001");
	check_json(156.0, "156");
	check_json(-2.5, "-2.5");
	check_json(0.0, "0");
	check_json(-0.0, "0");
}

Test(numfmt, json_fifteen_significant_digits_no_noise)
{
	check_json_cases();
}

/* jansson with JSON_REAL_PRECISION(15) prints the same text, plus ".0" on integral
 * values (and "-0.0" for negative zero, which we print as "0"), for the value the JSON
 * emitters hand it: numfmt_fit15(v) (which differs from v only near DBL_MAX). */
Test(numfmt, json_agrees_with_jansson)
{
	static const double vals[] = {
		0.1, 2.0, 1.0 / 3.0, 0.1 + 0.2, 1e20, 1e-5, 1e15, 123456789012345.0,
		123456789012345678.0, 99.9, 12.345, 1906.311800000009, 26189.963034000262,
		5e-324, 1.7976931348623157e308, -7.25, 0.0, 40.0, 1e21, 33.333333333333336,
		1e-300, 2e100, -3.5e-7, 1e-5 / 3.0,
	};
	char buf[NUMFMT_BUFSZ], *js;
	json_t *j;
	size_t i, len;

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		j = json_real(numfmt_fit15(vals[i]));
		cr_assert_not_null(j);
		js = json_dumps(j, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
		cr_assert_not_null(js);
		len = strlen(js);
		if (len > 2 && strcmp(js + len - 2, ".0") == 0)
			js[len - 2] = '\0';
		numfmt_json(vals[i], buf);
		cr_expect_str_eq(buf, js, "%.17g: numfmt_json \"%s\", jansson \"%s\"",
		    vals[i], buf, js);
		free(js);
		json_decref(j);
	}
}

/* The cases of the fixed form, shared by the C-locale and other-locale tests. */
static void
check_fixed_cases(void)
{
	check_fixed(3.14159, 2, "3.14");
	check_fixed(156.0, 2, "156.00");
	check_fixed(0.125, 2, "0.12");	/* exact binary tie: round half to even */
	check_fixed(1.005, 2, "1.00");	/* 1.005 is stored as 1.00499999999999989... */
	check_fixed(2.675, 2, "2.67");	/* stored as 2.67499999999999982236... */
	check_fixed(2.5, 0, "2");
	check_fixed(99.95, 1, "100.0");	/* stored as 99.9500000000000028421... */
	check_fixed(-1.5, 1, "-1.5");
	check_fixed(-0.005, 2, "-0.01");	/* -0.005000000000000000104... */
	check_fixed(12.0, 0, "12");
	check_fixed(0.0, 3, "0.000");
	check_fixed(1e70, 2, "1.00e+70");	/* would not fit NUMFMT_BUFSZ as %f */
}

Test(numfmt, fixed_decimals)
{
	check_fixed_cases();
}

Test(numfmt, fixed_never_prints_negative_zero)
{
	check_fixed(-0.0, 2, "0.00");
	check_fixed(-0.001, 2, "0.00");
	check_fixed(-0.004999, 2, "0.00");
	check_fixed(-0.4, 0, "0");
	check_fixed(-1e-300, 1, "0.0");
}

/* The cases of the shortest form, shared by the C-locale and other-locale tests;
 * expected strings are Python's repr() without its ".0" and with plain notation kept
 * up to 1e15 (Python switches to exponents at 1e16). */
static void
check_shortest_cases(void)
{
	check_shortest(50.0, "50");
	check_shortest(99.9, "99.9");
	check_shortest(99.99, "99.99");
	check_shortest(99.999, "99.999");
	check_shortest(0.5, "0.5");
	check_shortest(75.0, "75");
	check_shortest(100.0, "100");	/* not "1e+02" */
	check_shortest(1e14, "100000000000000");
	check_shortest(999999999999999.9, "999999999999999.9");
	check_shortest(0.0001, "0.0001");
	check_shortest(0.00012345, "0.00012345");
	check_shortest(123456.789, "123456.789");
	check_shortest(0.1 + 0.2, "0.30000000000000004");
	check_shortest(1.0 / 3.0, "0.3333333333333333");
	check_shortest(200.0 / 3.0, "66.66666666666667");
	check_shortest(1e20, "1e+20");
	check_shortest(1e-5, "1e-05");
	check_shortest(5e-324, "5e-324");
	check_shortest(1.7976931348623157e308, "1.7976931348623157e+308");
	check_shortest(0.0, "0");
	check_shortest(-0.0, "0");
	check_shortest(-12.5, "-12.5");
}

Test(numfmt, shortest_round_trip)
{
	check_shortest_cases();
}

Test(numfmt, shortest_reads_back_exactly)
{
	char buf[NUMFMT_BUFSZ];
	double v, back;
	int i;

	/* A spread of awkward values: every one must survive the trip through text. */
	v = 0.000123;
	for (i = 0; i < 2000; i++) {
		numfmt_shortest(v, buf);
		back = strtod(buf, NULL);
		cr_assert(memcmp(&back, &v, sizeof(v)) == 0, "%.17g -> \"%s\" -> %.17g", v,
		    buf, back);
		cr_assert_null(strchr(buf, 'e'), "%.17g -> \"%s\" has an exponent", v, buf);
		v = v * 1.0137 + 1e-7;
		if (v >= 1e15)
			break;
	}
}

/* Switch to a locale whose decimal separator is not '.', or skip when the machine has
 * none installed. */
static void
switch_to_comma_locale(void)
{
	static const char *const names[] = {
		"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "nl_NL.UTF-8",
		"ru_RU.UTF-8", "ps_AF.UTF-8", "de_DE", "fr_FR",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (setlocale(LC_ALL, names[i]) != NULL &&
		    strcmp(localeconv()->decimal_point, ".") != 0)
			return;
	}
	setlocale(LC_ALL, "C");
	cr_skip_test("no locale with a decimal separator other than '.' is installed");
}

Test(numfmt, json_ignores_locale)
{
	switch_to_comma_locale();
	check_json_cases();
}

Test(numfmt, fixed_ignores_locale)
{
	switch_to_comma_locale();
	check_fixed_cases();
	check_fixed(-0.001, 2, "0.00");
}

Test(numfmt, shortest_ignores_locale)
{
	switch_to_comma_locale();
	check_shortest_cases();
}

Test(numfmt, signed_and_signed_pct)
{
	check_signed_cases();
}

/* The widest text numfmt_fixed keeps in plain notation (63 characters) still gets its sign
 * and '%' whole. */
Test(numfmt, signed_pct_of_the_widest_fixed_text)
{
	char fixed[NUMFMT_BUFSZ], buf[NUMFMT_SIGNED_BUFSZ];

	numfmt_fixed(1e61, 1, fixed);
	cr_assert_eq(strlen(fixed), 63);
	numfmt_signed_pct(1e61, buf);
	cr_assert_eq(strlen(buf), 65);
	cr_assert_eq(buf[0], '+');
	cr_assert_eq(strncmp(buf + 1, fixed, 63), 0);
	cr_assert_str_eq(buf + 64, "%");
	numfmt_fixed(-1e60, 1, fixed);
	cr_assert_eq(strlen(fixed), 63);
	numfmt_signed_pct(-1e60, buf);
	cr_assert_eq(strlen(buf), 64);
	cr_assert_eq(strncmp(buf, fixed, 63), 0);
	cr_assert_str_eq(buf + 63, "%");
}

Test(numfmt, signed_ignores_locale)
{
	switch_to_comma_locale();
	check_signed_cases();
}

Test(numfmt, p_value_and_phrase)
{
	check_p(0.003, "0.003", "p = 0.003");
	check_p(0.0496, "0.0496", "p = 0.0496");
	check_p(0.12345, "0.123", "p = 0.123");
	check_p(0.05, "0.05", "p = 0.05");
	check_p(0.5, "0.5", "p = 0.5");
	check_p(1.0, "1", "p = 1");
	check_p(0.99999, "1", "p = 1");		/* %.3g rounds to "1", no '.' left */
	check_p(0.0001, "0.0001", "p = 0.0001");	/* not below 1e-4 */
	check_p(0.00009, "< 0.0001", "p < 0.0001");
	check_p(0.0, "< 0.0001", "p < 0.0001");
}

Test(numfmt, p_value_ignores_locale)
{
	switch_to_comma_locale();
	check_p(0.0496, "0.0496", "p = 0.0496");
	check_p(0.5, "0.5", "p = 0.5");
}

/* Found by fuzz-pipeline: DBL_MAX printed with 15 digits rounds up past DBL_MAX and a reader
 * then overflows; the printed number must read back as a finite value. */
Test(numfmt, dbl_max_reads_back_finite)
{
	char buf[NUMFMT_BUFSZ];

	numfmt_json(DBL_MAX, buf);
	cr_assert(isfinite(strtod(buf, NULL)), "%s", buf);
	cr_assert_str_eq(buf, "1.79769313486231e308");
	numfmt_json(-DBL_MAX, buf);
	cr_assert(isfinite(strtod(buf, NULL)), "%s", buf);
	cr_assert_eq(numfmt_fit15(1.5), 1.5);
	cr_assert(numfmt_fit15(DBL_MAX) < DBL_MAX);
}
