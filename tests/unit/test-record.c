/* test-record.c - one line -> struct record: every malformed class of SPEC section 2, the
 * success derivation, optional fields, number edge cases, and the reasons given. Expected
 * timestamps were computed with Python's datetime (UTC), independently of timeutil. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record-json.h"
#include "xalloc.h"

/* 2026-01-06T13:28:00.191Z in microseconds since the epoch (Python datetime). */
#define TS_0106 INT64_C(1767706080191000)

#define TS "\"timestamp\":\"2026-01-06T13:28:00.191Z\""
#define OP "\"operation_type\":\"db.query\""
#define DUR "\"duration_ms\":12.5"

/* Which path record_parse takes in this test: the fast path (the default) or jansson
 * only. Every test marked BOTH runs once each way (Criterion runs each in its own
 * process, so this static is per test). */
static bool fast_mode = true;

#define BOTH(name) \
	static void test_##name(void); \
	Test(record, name) \
	{ \
		fast_mode = true; \
		test_##name(); \
	} \
	Test(record, name##__jansson_only) \
	{ \
		fast_mode = false; \
		test_##name(); \
	} \
	static void test_##name(void)

/* A parser on the path this test runs. */
static struct record_parser *
new_parser(void)
{
	struct record_parser *p = record_parser_new();

	record_parser_set_fast(p, fast_mode);
	return p;
}

/* Assert that the record string s[0..len) (not NUL-terminated) is exactly want. */
static void
expect_str(const char *s, size_t len, const char *want)
{
	cr_assert_not_null(s);
	cr_assert_eq(len, strlen(want), "length %zu, want %zu (\"%s\")", len, strlen(want),
	    want);
	cr_assert_eq(memcmp(s, want, len), 0, "\"%.*s\", want \"%s\"", (int)len, s, want);
}

/* Parse a NUL-terminated line with a fresh parser; returns record_parse's result. The
 * parser is handed back so that the record's strings stay valid. */
static int
parse(const char *line, struct record *rec, char why[RECORD_WHY_SIZE],
    struct record_parser **pp)
{
	struct record_parser *p = new_parser();
	int rc;

	memset(why, 0, RECORD_WHY_SIZE);
	rc = record_parse(p, line, strlen(line), rec, why);
	*pp = p;
	return rc;
}

/* Assert that line is valid and return its record (parser in *pp). */
static void
valid(const char *line, struct record *rec, struct record_parser **pp)
{
	char why[RECORD_WHY_SIZE];

	cr_assert_eq(parse(line, rec, why, pp), 0, "rejected %s: %s", line, why);
}

/* Assert that line[0..len) is malformed and that the reason contains each of the
 * NULL-terminated list of fragments. */
static void
malformed_n(const char *line, size_t len, const char *frag1, const char *frag2)
{
	struct record_parser *p = new_parser();
	struct record rec;
	char why[RECORD_WHY_SIZE];

	memset(why, 0, sizeof(why));
	cr_assert_eq(record_parse(p, line, len, &rec, why), -1, "accepted: %.*s", (int)len,
	    line);
	cr_assert_neq(why[0], '\0', "no reason given for %.*s", (int)len, line);
	cr_assert_not_null(memchr(why, '\0', sizeof(why)), "reason not terminated");
	cr_assert_null(strchr(why, '\n'), "reason spans lines: %s", why);
	if (frag1 != NULL)
		cr_assert_not_null(strstr(why, frag1), "reason \"%s\" lacks \"%s\" (line %.*s)",
		    why, frag1, (int)len, line);
	if (frag2 != NULL)
		cr_assert_not_null(strstr(why, frag2), "reason \"%s\" lacks \"%s\" (line %.*s)",
		    why, frag2, (int)len, line);
	cr_assert_null(record_context(p));
	record_parser_free(p);
}

static void
malformed(const char *line, const char *frag1, const char *frag2)
{
	malformed_n(line, strlen(line), frag1, frag2);
}

/* Assert that line is malformed with exactly the given reason. */
static void
malformed_exact(const char *line, const char *want)
{
	struct record_parser *p = new_parser();
	struct record rec;
	char why[RECORD_WHY_SIZE];

	cr_assert_eq(record_parse(p, line, strlen(line), &rec, why), -1, "accepted: %s", line);
	cr_assert_str_eq(why, want, "line %s", line);
	record_parser_free(p);
}

/* ---- valid records -------------------------------------------------------- */

BOTH(full_record_fields_exact)
{
	struct record_parser *p;
	struct record r;
	json_t *ctx;

	valid("{\"timestamp\":\"2026-01-06T13:28:00.191Z\",\"operation_type\":\"db.query\","
	    "\"duration_ms\":12.5,\"success\":true,\"session_id\":\"sess-42\",\"error\":null,"
	    "\"context\":{\"k\":1,\"tags\":[\"a\"]},\"host\":\"ignored\"}", &r, &p);
	cr_assert_eq(r.ts_us, TS_0106);
	expect_str(r.op, r.op_len, "db.query");
	cr_assert_eq(r.op_len, 8);
	cr_assert(same_double(r.duration_ms, 12.5));
	cr_assert(r.success);
	cr_assert(r.success_given);
	expect_str(r.session_id, r.session_len, "sess-42");
	cr_assert_eq(r.session_len, 7);
	cr_assert_null(r.error);
	cr_assert_eq(r.error_len, 0);
	ctx = record_context(p);
	cr_assert_not_null(ctx);
	cr_assert(json_is_object(ctx));
	cr_assert_eq(json_integer_value(json_object_get(ctx, "k")), 1);
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(ctx, "tags"), 0)),
	    "a");
	record_parser_free(p);
}

BOTH(minimal_record_defaults)
{
	struct record_parser *p;
	struct record r;

	valid("{" TS "," OP ",\"duration_ms\":0}", &r, &p);
	cr_assert_eq(r.ts_us, TS_0106);
	cr_assert(same_double(r.duration_ms, 0.0));
	cr_assert(r.success, "no error: success derived true");
	cr_assert_not(r.success_given);
	cr_assert_null(r.session_id);
	cr_assert_eq(r.session_len, 0);
	cr_assert_null(r.error);
	cr_assert_null(record_context(p));
	record_parser_free(p);
}

BOTH(field_order_and_whitespace_do_not_matter)
{
	struct record_parser *p;
	struct record r;

	valid("  { \"duration_ms\" : 7 , \"operation_type\" : \"x\" ,\t\"timestamp\" : "
	    "\"2026-01-06T13:28:00.191Z\" }  ", &r, &p);
	cr_assert_eq(r.ts_us, TS_0106);
	expect_str(r.op, r.op_len, "x");
	cr_assert(same_double(r.duration_ms, 7.0));
	record_parser_free(p);
}

BOTH(only_len_bytes_are_parsed)
{
	static const char buf[] = "{" TS "," OP "," DUR "}GARBAGE";
	struct record_parser *p = new_parser();
	struct record r;
	char why[RECORD_WHY_SIZE];

	cr_assert_eq(record_parse(p, buf, sizeof(buf) - 1 - 7, &r, why), 0, "%s", why);
	expect_str(r.op, r.op_len, "db.query");
	cr_assert_eq(record_parse(p, buf, sizeof(buf) - 1, &r, why), -1);
	record_parser_free(p);
}

BOTH(timestamp_forms_of_the_spec)
{
	static const char *const forms[] = {
		"2026-01-06T13:28:00.191Z",
		"2026-01-06T15:28:00.191+02:00",
		"2026-01-06T15:28:00.191+0200",
		"2026-01-06T08:28:00.191-05:00",
		"2026-01-06 13:28:00.191Z",
		"2026-01-06t13:28:00.191z",
		"2026-01-06T13:28:00.191000000Z",
		"2026-01-06T13:28:00.1919Z",     /* past the millisecond: truncated below */
	};
	static const int64_t want[] = {
		TS_0106, TS_0106, TS_0106, TS_0106, TS_0106, TS_0106, TS_0106,
		TS_0106 + 900,
	};

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		char line[256];
		struct record_parser *p;
		struct record r;

		snprintf(line, sizeof(line), "{\"timestamp\":\"%s\"," OP "," DUR "}", forms[i]);
		valid(line, &r, &p);
		cr_assert_eq(r.ts_us, want[i], "%s -> %lld", forms[i], (long long)r.ts_us);
		record_parser_free(p);
	}
}

BOTH(microseconds_kept_and_digits_past_them_truncated)
{
	struct record_parser *p;
	struct record r;

	valid("{\"timestamp\":\"2026-01-06T13:28:00.191234999Z\"," OP "," DUR "}", &r, &p);
	cr_assert_eq(r.ts_us, TS_0106 + 234);
	record_parser_free(p);
	/* Whole seconds, no fraction. */
	valid("{\"timestamp\":\"2026-01-06T13:28:00Z\"," OP "," DUR "}", &r, &p);
	cr_assert_eq(r.ts_us, TS_0106 - 191000);
	record_parser_free(p);
}

BOTH(leap_day_of_a_leap_year_is_valid)
{
	struct record_parser *p;
	struct record r;

	/* 2024-02-29T00:00:00Z = 1709164800 s (Python datetime). */
	valid("{\"timestamp\":\"2024-02-29T00:00:00Z\"," OP "," DUR "}", &r, &p);
	cr_assert_eq(r.ts_us, INT64_C(1709164800000000));
	record_parser_free(p);
}

BOTH(duration_number_forms)
{
	static const char *const text[] = {"0", "0.0", "5", "1e3", "12.5", "0.001",
		"5e-324", "1.7976931348623157e308", "9223372036854775807"};
	static const double want[] = {0.0, 0.0, 5.0, 1000.0, 12.5, 0.001, 5e-324,
		1.7976931348623157e308, 9223372036854775807.0};

	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		char line[256];
		struct record_parser *p;
		struct record r;

		snprintf(line, sizeof(line), "{" TS "," OP ",\"duration_ms\":%s}", text[i]);
		valid(line, &r, &p);
		cr_assert(same_double(r.duration_ms, want[i]), "%s -> %.17g", text[i], r.duration_ms);
		record_parser_free(p);
	}
}

BOTH(negative_zero_duration_becomes_zero)
{
	static const char *const text[] = {"-0", "-0.0", "-0e5"};

	for (size_t i = 0; i < 3; i++) {
		char line[256];
		struct record_parser *p;
		struct record r;

		snprintf(line, sizeof(line), "{" TS "," OP ",\"duration_ms\":%s}", text[i]);
		valid(line, &r, &p);
		cr_assert(same_double(r.duration_ms, 0.0));
		cr_assert_not(signbit(r.duration_ms), "%s kept its sign", text[i]);
		record_parser_free(p);
	}
}

BOTH(integer_duration_below_2_64_is_valid)
{
	/* SPEC 2: only "integers past 2^64" do not fit. 10^19, 2^64 - 1 and 2^64 are not
	 * past it (but above INT64_MAX) and are valid durations; so are reals that round to
	 * 2^64, and a big integer elsewhere (context) changes nothing. */
	static const char *const text[] = {"10000000000000000000",
		"18446744073709551615", "18446744073709551616",
		"18446744073709551616,\"context\":[18446744073709551617]",
		"1,\"context\":{\"duration_ms\":18446744073709551617}",
		"18446744073709551617.0", "1.8446744073709551617e19"};
	static const double want[] = {1e19, 18446744073709551615.0, 18446744073709551616.0,
		18446744073709551616.0, 1.0, 18446744073709551616.0, 18446744073709551616.0};

	for (size_t i = 0; i < ARRAY_SIZE(text); i++) {
		char line[256];
		struct record_parser *p;
		struct record r;

		snprintf(line, sizeof(line), "{" TS "," OP ",\"duration_ms\":%s}", text[i]);
		valid(line, &r, &p);
		cr_assert(same_double(r.duration_ms, want[i]), "%s -> %.17g", text[i], r.duration_ms);
		record_parser_free(p);
	}
}

BOTH(context_may_hold_any_json_number)
{
	/* SPEC 2: context is any JSON value and other fields are ignored: a 64-bit unsigned
	 * id there must not make the record malformed. */
	struct record_parser *p;
	struct record r;

	valid("{" TS "," OP "," DUR ",\"context\":{\"trace_id\":12345678901234567890}}", &r, &p);
	cr_assert_not_null(record_context(p));
	record_parser_free(p);
}

BOTH(big_integer_leaves_other_integers_integers)
{
	/* An integer outside 64 signed bits (a real for jansson) once made every integer of
	 * its line a real: context {"model":42} became {"model":42.0}. Inside strings, digits
	 * are left alone, an escaped quote included. */
	struct record_parser *p;
	struct record r;
	const char *t;
	size_t n;

	valid("{" TS "," OP ",\"duration_ms\":7,\"context\":{\"model\":42,\"s\":\"\\\"1"
	    "8446744073709551617\",\"big\":9223372036854775808,\"neg\":-9223372036854775808,"
	    "\"e\":-99999999999999999999e0}}", &r, &p);
	cr_assert(same_double(r.duration_ms, 7.0));
	t = record_context_text(p, &n);
	expect_str(t, n, "{\"model\":42,\"s\":\"\\\"18446744073709551617\","
	    "\"big\":9.22337203685478e18,\"neg\":-9223372036854775808,\"e\":-1e20}");
	record_parser_free(p);
}

BOTH(error_after_big_integer_is_the_real_error)
{
	/* The line is read again with the big integer marked as a real; an error further on
	 * is that error, at its column in the line as given (not "too big integer"). */
	struct record_parser *p = new_parser();
	struct record r;
	char why[RECORD_WHY_SIZE];
	const char *line = "{\"x\":99999999999999999999,\"y\":[1,}";

	cr_assert_eq(record_parse(p, line, strlen(line), &r, why), -1);
	cr_assert_not_null(strstr(why, "unexpected token near '}' (column 34)"), "%s", why);
	record_parser_free(p);
}

BOTH(unicode_operation_names)
{
	struct record_parser *p;
	struct record r;

	/* An escaped surrogate pair and raw UTF-8 both give the same bytes. */
	valid("{" TS ",\"operation_type\":\"q\\ud83d\\ude00\\u00e9\"," DUR "}", &r, &p);
	expect_str(r.op, r.op_len, "q\xF0\x9F\x98\x80\xC3\xA9");
	cr_assert_eq(r.op_len, 7);
	record_parser_free(p);
	valid("{" TS ",\"operation_type\":\"q\xF0\x9F\x98\x80\xC3\xA9\"," DUR "}", &r, &p);
	expect_str(r.op, r.op_len, "q\xF0\x9F\x98\x80\xC3\xA9");
	record_parser_free(p);
	/* A single space is a non-empty name. */
	valid("{" TS ",\"operation_type\":\" \"," DUR "}", &r, &p);
	expect_str(r.op, r.op_len, " ");
	record_parser_free(p);
}

/* ---- success derivation --------------------------------------------------- */

/* Parse {TS, OP, DUR, extra} and check success and success_given. */
static void
check_success(const char *extra, bool want, bool want_given)
{
	char line[512];
	struct record_parser *p;
	struct record r;

	snprintf(line, sizeof(line), "{" TS "," OP "," DUR "%s%s}", *extra ? "," : "", extra);
	valid(line, &r, &p);
	cr_assert_eq(r.success, want, "%s: success %d, want %d", extra, r.success, want);
	cr_assert_eq(r.success_given, want_given, "%s: success_given %d", extra,
	    r.success_given);
	record_parser_free(p);
}

BOTH(success_derived_from_error)
{
	check_success("", true, false);
	check_success("\"error\":null", true, false);
	check_success("\"error\":\"timeout\"", false, false);
	check_success("\"error\":\"\"", false, false);
}

BOTH(success_given_wins)
{
	check_success("\"success\":true", true, true);
	check_success("\"success\":false", false, true);
	check_success("\"success\":false,\"error\":null", false, true);
	check_success("\"success\":true,\"error\":\"logged but ok\"", true, true);
}

BOTH(success_null_counts_as_absent)
{
	check_success("\"success\":null", true, false);
	check_success("\"success\":null,\"error\":\"x\"", false, false);
	check_success("\"success\":null,\"error\":\"\"", false, false);
	check_success("\"success\":null,\"error\":null", true, false);
}

BOTH(empty_error_string_is_kept)
{
	struct record_parser *p;
	struct record r;

	valid("{" TS "," OP "," DUR ",\"error\":\"\"}", &r, &p);
	cr_assert_not_null(r.error);
	cr_assert_eq(r.error_len, 0);
	expect_str(r.error, r.error_len, "");
	record_parser_free(p);
	valid("{" TS "," OP "," DUR ",\"error\":\"disk full\"}", &r, &p);
	expect_str(r.error, r.error_len, "disk full");
	cr_assert_eq(r.error_len, 9);
	record_parser_free(p);
}

BOTH(session_id_null_or_string)
{
	struct record_parser *p;
	struct record r;

	valid("{" TS "," OP "," DUR ",\"session_id\":null}", &r, &p);
	cr_assert_null(r.session_id);
	cr_assert_eq(r.session_len, 0);
	record_parser_free(p);
	valid("{" TS "," OP "," DUR ",\"session_id\":\"\"}", &r, &p);
	cr_assert_not_null(r.session_id);
	cr_assert_eq(r.session_len, 0);
	record_parser_free(p);
	valid("{" TS "," OP "," DUR ",\"session_id\":\"abc-123\"}", &r, &p);
	expect_str(r.session_id, r.session_len, "abc-123");
	cr_assert_eq(r.session_len, 7);
	record_parser_free(p);
}

BOTH(context_of_any_kind_and_reset_between_lines)
{
	struct record_parser *p = new_parser();
	struct record r;
	char why[RECORD_WHY_SIZE];
	static const char with[] = "{" TS "," OP "," DUR ",\"context\":[1,\"two\",null]}";
	static const char scalar[] = "{" TS "," OP "," DUR ",\"context\":\"text\"}";
	static const char nullctx[] = "{" TS "," OP "," DUR ",\"context\":null}";
	static const char without[] = "{" TS "," OP "," DUR "}";
	static const char bad[] = "{" TS "," OP ",\"duration_ms\":-1,\"context\":{}}";

	cr_assert_eq(record_parse(p, with, strlen(with), &r, why), 0, "%s", why);
	cr_assert(json_is_array(record_context(p)));
	cr_assert_eq(json_array_size(record_context(p)), 3);
	cr_assert_eq(record_parse(p, without, strlen(without), &r, why), 0, "%s", why);
	cr_assert_null(record_context(p));
	cr_assert_eq(record_parse(p, scalar, strlen(scalar), &r, why), 0, "%s", why);
	cr_assert_str_eq(json_string_value(record_context(p)), "text");
	cr_assert_eq(record_parse(p, bad, strlen(bad), &r, why), -1);
	cr_assert_null(record_context(p), "context of a malformed line is exposed");
	cr_assert_eq(record_parse(p, nullctx, strlen(nullctx), &r, why), 0, "%s", why);
	/* A JSON null context is present (the value null). */
	cr_assert(record_context(p) == NULL || json_is_null(record_context(p)));
	record_parser_free(p);
}

BOTH(parser_reused_for_many_lines)
{
	struct record_parser *p = new_parser();
	struct record r;
	char why[RECORD_WHY_SIZE], line[256];

	for (int i = 0; i < 1000; i++) {
		int n = snprintf(line, sizeof(line), "{" TS ",\"operation_type\":\"op%d\","
		    "\"duration_ms\":%d,\"session_id\":\"s%d\"}", i, i, i);
		char want[32];

		cr_assert_eq(record_parse(p, line, (size_t)n, &r, why), 0, "%s", why);
		snprintf(want, sizeof(want), "op%d", i);
		expect_str(r.op, r.op_len, want);
		cr_assert(same_double(r.duration_ms, (double)i));
		/* Every other line is malformed: the parser must recover. */
		cr_assert_eq(record_parse(p, "{", 1, &r, why), -1);
	}
	record_parser_free(p);
}

/* ---- not an object --------------------------------------------------------- */

BOTH(not_json)
{
	malformed("not json", "not valid JSON", NULL);
	malformed("{", "not valid JSON", NULL);
	malformed("{\"timestamp\":}", "not valid JSON", NULL);
	malformed("{'timestamp':'x'}", "not valid JSON", NULL);
	malformed_n("", 0, "not valid JSON", NULL);
	malformed("{" TS "," OP "," DUR "} trailing", "not valid JSON", NULL);
	malformed("{" TS "," OP "," DUR "}{" TS "," OP "," DUR "}", "not valid JSON", NULL);
	malformed("{" TS "," OP "," DUR ",}", "not valid JSON", NULL);
	malformed("{" TS "," OP ",\"duration_ms\":NaN}", "not valid JSON", NULL);
	malformed("{" TS "," OP ",\"duration_ms\":Infinity}", "not valid JSON", NULL);
	malformed("{" TS "," OP ",\"duration_ms\":.5}", "not valid JSON", NULL);
	malformed("{" TS "," OP ",\"duration_ms\":05}", "not valid JSON", NULL);
}

BOTH(json_but_not_an_object)
{
	malformed_exact("[1,2,3]", "not a JSON object");
	malformed_exact("[{" TS "," OP "," DUR "}]", "not a JSON object");
	malformed_exact("\"a string\"", "not a JSON object");
	malformed_exact("42", "not a JSON object");
	malformed_exact("-1.5", "not a JSON object");
	malformed_exact("null", "not a JSON object");
	malformed_exact("true", "not a JSON object");
}

/* ---- required fields ---------------------------------------------------------- */

BOTH(timestamp_missing_null_or_wrong_type)
{
	malformed_exact("{" OP "," DUR "}", "timestamp is missing");
	malformed_exact("{\"timestamp\":null," OP "," DUR "}", "timestamp is null");
	malformed_exact("{\"timestamp\":1767706080," OP "," DUR "}",
	    "timestamp is not a string");
	malformed_exact("{\"timestamp\":true," OP "," DUR "}", "timestamp is not a string");
	malformed_exact("{\"timestamp\":{}," OP "," DUR "}", "timestamp is not a string");
	malformed("{\"timestamp\":\"\"," OP "," DUR "}", "timestamp", NULL);
	/* Keys are case-sensitive. */
	malformed_exact("{\"Timestamp\":\"2026-01-06T13:28:00Z\"," OP "," DUR "}",
	    "timestamp is missing");
}

BOTH(operation_type_missing_null_wrong_type_or_empty)
{
	malformed_exact("{" TS "," DUR "}", "operation_type is missing");
	malformed_exact("{" TS ",\"operation_type\":null," DUR "}", "operation_type is null");
	malformed_exact("{" TS ",\"operation_type\":7," DUR "}",
	    "operation_type is not a string");
	malformed_exact("{" TS ",\"operation_type\":[\"x\"]," DUR "}",
	    "operation_type is not a string");
	malformed_exact("{" TS ",\"operation_type\":\"\"," DUR "}", "operation_type is empty");
}

BOTH(duration_missing_null_or_wrong_type)
{
	malformed("{" TS "," OP "}", "duration_ms", "missing");
	malformed("{" TS "," OP ",\"duration_ms\":null}", "duration_ms", "null");
	malformed("{" TS "," OP ",\"duration_ms\":\"12.5\"}", "duration_ms", NULL);
	malformed("{" TS "," OP ",\"duration_ms\":true}", "duration_ms", NULL);
	malformed("{" TS "," OP ",\"duration_ms\":[1]}", "duration_ms", NULL);
	malformed("{" TS "," OP ",\"duration_ms\":{}}", "duration_ms", NULL);
}

BOTH(negative_duration)
{
	malformed_exact("{" TS "," OP ",\"duration_ms\":-3}", "duration_ms is negative (-3)");
	malformed("{" TS "," OP ",\"duration_ms\":-0.5}", "duration_ms", "negative");
	malformed("{" TS "," OP ",\"duration_ms\":-1e-300}", "duration_ms", "negative");
}

BOTH(duration_that_does_not_fit_a_double)
{
	malformed("{" TS "," OP ",\"duration_ms\":1e400}", NULL, NULL);
	malformed("{" TS "," OP ",\"duration_ms\":-1e400}", NULL, NULL);
	/* Past 2^64, decided on the literal's digits: 2^64 + 1 and 2^64 + 2048 are read as
	 * the double 2^64, yet are past it. */
	malformed_exact("{" TS "," OP ",\"duration_ms\":18446744073709551617}",
	    "duration_ms is an integer past 2^64");
	malformed("{" TS "," OP ",\"duration_ms\":18446744073709553664}", "past 2^64", NULL);
	malformed("{" TS "," OP ",\"duration_ms\":18446744073709555712}", NULL, NULL);
	malformed("{" TS "," OP ",\"duration_ms\":184467440737095516160}", "past 2^64", NULL);
	/* The top-level member, wherever it stands, its key escaped or not. */
	malformed("{" TS ",\"duration\\u005fms\":18446744073709551617," OP "}", "past 2^64",
	    NULL);
	malformed("{" TS "," OP ",\"context\":{\"duration_ms\":1,\"s\":\"}\\\"\"},"
	    "\"duration_ms\" : 18446744073709551617 }", "past 2^64", NULL);
	malformed("{" TS "," OP ",\"duration_ms\":99999999999999999999999}", NULL, NULL);
	malformed("{" TS "," OP ",\"duration_ms\":123456789012345678901234567890}", NULL,
	    NULL);
}

/* ---- timestamps ---------------------------------------------------------------- */

/* A record whose timestamp is ts must be malformed with a reason naming the field. */
static void
bad_ts(const char *ts)
{
	char line[256];

	snprintf(line, sizeof(line), "{\"timestamp\":\"%s\"," OP "," DUR "}", ts);
	malformed(line, "timestamp", NULL);
}

BOTH(impossible_or_incomplete_timestamps)
{
	bad_ts("2026-01-06T13:28:00.191");     /* no zone */
	bad_ts("2026-01-06T13:28:00");         /* no zone */
	bad_ts("2026-01-06");                  /* bare date */
	bad_ts("2026-01-06T24:00:00Z");        /* hour 24 */
	bad_ts("2026-12-31T23:59:60Z");        /* second 60 */
	bad_ts("2026-02-30T00:00:00Z");        /* Feb 30 */
	bad_ts("2026-02-29T00:00:00Z");        /* not a leap year */
	bad_ts("2026-04-31T00:00:00Z");
	bad_ts("2026-13-01T00:00:00Z");
	bad_ts("2026-00-10T00:00:00Z");
	bad_ts("2026-01-00T00:00:00Z");
	bad_ts("2026-01-06T13:60:00Z");
	bad_ts("2026-01-06T13:28:00.Z");
	bad_ts("2026-01-06T13:28:00+24:00");
	bad_ts("2026-01-06X13:28:00Z");
	bad_ts("2026-01-06T13:28:00Z ");
	bad_ts(" 2026-01-06T13:28:00Z");
	bad_ts("yesterday");
}

BOTH(timestamp_reason_says_what_is_wrong)
{
	struct record_parser *p = new_parser();
	struct record r;
	char why[RECORD_WHY_SIZE];
	static const char line[] = "{\"timestamp\":\"2026-01-06T13:28:00\"," OP "," DUR "}";

	cr_assert_eq(record_parse(p, line, strlen(line), &r, why), -1);
	cr_assert_not_null(strstr(why, "timestamp"), "%s", why);
	cr_assert_not_null(strstr(why, "2026-01-06T13:28:00"), "value not quoted: %s", why);
	cr_assert_not_null(strstr(why, "zone"), "%s", why);
	record_parser_free(p);
}

/* ---- JSON-level rules -------------------------------------------------------- */

BOTH(duplicate_keys)
{
	malformed("{" TS "," TS "," OP "," DUR "}", NULL, NULL);
	malformed("{" TS "," OP "," OP "," DUR "}", NULL, NULL);
	malformed("{" TS "," OP "," DUR ",\"duration_ms\":1}", NULL, NULL);
	malformed("{" TS "," OP "," DUR ",\"x\":1,\"x\":2}", NULL, NULL);
	malformed("{" TS "," OP "," DUR ",\"context\":{\"a\":1,\"a\":1}}", NULL, NULL);
}

BOTH(nul_escape_in_any_string)
{
	malformed("{" TS ",\"operation_type\":\"a\\u0000b\"," DUR "}", NULL, NULL);
	malformed("{" TS "," OP "," DUR ",\"error\":\"\\u0000\"}", NULL, NULL);
	malformed("{" TS "," OP "," DUR ",\"session_id\":\"x\\u0000\"}", NULL, NULL);
	/* A raw NUL byte inside the line. */
	malformed_n("{" TS ",\"operation_type\":\"a\0b\"," DUR "}",
	    sizeof("{" TS ",\"operation_type\":\"a\0b\"," DUR "}") - 1, NULL, NULL);
}

BOTH(lone_surrogates)
{
	malformed("{" TS ",\"operation_type\":\"\\ud800\"," DUR "}", NULL, NULL);
	malformed("{" TS ",\"operation_type\":\"a\\udc00b\"," DUR "}", NULL, NULL);
	malformed("{" TS ",\"operation_type\":\"\\ud83d\\u0041\"," DUR "}", NULL, NULL);
	malformed("{" TS "," OP "," DUR ",\"error\":\"\\udfff\"}", NULL, NULL);
}

BOTH(invalid_utf8)
{
	/* A stray continuation / invalid byte. */
	malformed("{" TS ",\"operation_type\":\"a\xff" "b\"," DUR "}", NULL, NULL);
	malformed("{" TS ",\"operation_type\":\"\x80\"," DUR "}", NULL, NULL);
	/* Overlong encodings of '/' and NUL. */
	malformed("{" TS ",\"operation_type\":\"\xc0\xaf\"," DUR "}", NULL, NULL);
	malformed("{" TS ",\"operation_type\":\"\xe0\x80\xaf\"," DUR "}", NULL, NULL);
	malformed("{" TS ",\"operation_type\":\"\xc0\x80\"," DUR "}", NULL, NULL);
	/* A surrogate encoded in UTF-8, a code point past U+10FFFF, a cut sequence. */
	malformed("{" TS ",\"operation_type\":\"\xed\xa0\x80\"," DUR "}", NULL, NULL);
	malformed("{" TS ",\"operation_type\":\"\xf4\x90\x80\x80\"," DUR "}", NULL, NULL);
	malformed("{" TS ",\"operation_type\":\"\xe2\x82\"," DUR "}", NULL, NULL);
	/* Invalid UTF-8 in an ignored field spoils the line too. */
	malformed("{" TS "," OP "," DUR ",\"note\":\"\xff\"}", NULL, NULL);
}

BOTH(raw_control_character_in_string)
{
	malformed("{" TS ",\"operation_type\":\"a\tb\"," DUR "}", NULL, NULL);
}

/* ---- optional fields of the wrong type ------------------------------------------ */

BOTH(success_of_the_wrong_type)
{
	malformed_exact("{" TS "," OP "," DUR ",\"success\":\"true\"}",
	    "success is not a boolean");
	malformed_exact("{" TS "," OP "," DUR ",\"success\":1}", "success is not a boolean");
	malformed_exact("{" TS "," OP "," DUR ",\"success\":[]}", "success is not a boolean");
}

BOTH(session_id_and_error_of_the_wrong_type)
{
	malformed("{" TS "," OP "," DUR ",\"session_id\":42}", "session_id", NULL);
	malformed("{" TS "," OP "," DUR ",\"session_id\":{}}", "session_id", NULL);
	malformed("{" TS "," OP "," DUR ",\"error\":true}", "error", NULL);
	malformed("{" TS "," OP "," DUR ",\"error\":500}", "error", NULL);
	malformed("{" TS "," OP "," DUR ",\"error\":{\"code\":1}}", "error", NULL);
}

BOTH(reason_fits_the_buffer_for_long_values)
{
	/* A huge bad timestamp must still give a short, terminated, one-line reason. */
	size_t n = 5000;
	char *line = xmalloc(n + 128);
	int len = sprintf(line, "{\"timestamp\":\"");

	memset(line + len, '9', n);
	len += (int)n;
	len += sprintf(line + len, "\\n\"," OP "," DUR "}");
	malformed_n(line, (size_t)len, "timestamp", NULL);
	free(line);
}

/* ---- the fast path agrees with jansson ------------------------------------------ */

/* One parsed record with its strings copied out. */
struct parsed {
	int rc;
	struct record r;
	char *op, *session, *error;
	json_t *context; /* a reference, or NULL */
	char why[RECORD_WHY_SIZE];
};

static char *
copy_or_null(const char *s, size_t len)
{
	return s == NULL ? NULL : xstrndup(s, len);
}

/* Parse line on one path and keep what came out. */
static void
parse_on(bool fast, const char *line, struct parsed *out)
{
	struct record_parser *p = record_parser_new();
	json_t *ctx;

	memset(out, 0, sizeof(*out));
	record_parser_set_fast(p, fast);
	out->rc = record_parse(p, line, strlen(line), &out->r, out->why);
	if (out->rc == 0) {
		out->op = copy_or_null(out->r.op, out->r.op_len);
		out->session = copy_or_null(out->r.session_id, out->r.session_len);
		out->error = copy_or_null(out->r.error, out->r.error_len);
		ctx = record_context(p);
		out->context = ctx ? json_incref(ctx) : NULL;
	}
	record_parser_free(p);
}

static void
parsed_free(struct parsed *x)
{
	free(x->op);
	free(x->session);
	free(x->error);
	json_decref(x->context);
}

/* Both paths must give the same verdict and, for a valid line, the same fields (the
 * duration to the bit). */
static void
same_both_ways(const char *line)
{
	struct parsed f, j;

	parse_on(true, line, &f);
	parse_on(false, line, &j);
	cr_assert_eq(f.rc, j.rc, "verdicts differ for %s: fast %d, jansson %d (%s)", line,
	    f.rc, j.rc, j.why);
	if (f.rc == 0) {
		cr_assert_eq(f.r.ts_us, j.r.ts_us, "%s", line);
		cr_assert_eq(memcmp(&f.r.duration_ms, &j.r.duration_ms, sizeof(double)), 0,
		    "%s: duration fast %.17g, jansson %.17g", line, f.r.duration_ms,
		    j.r.duration_ms);
		cr_assert_str_eq(f.op, j.op, "%s", line);
		cr_assert_eq(f.r.op_len, j.r.op_len);
		cr_assert_eq(f.r.success, j.r.success, "%s", line);
		cr_assert_eq(f.r.success_given, j.r.success_given, "%s", line);
		cr_assert_eq(f.session == NULL, j.session == NULL, "%s", line);
		if (f.session != NULL)
			cr_assert_str_eq(f.session, j.session);
		cr_assert_eq(f.r.session_len, j.r.session_len);
		cr_assert_eq(f.error == NULL, j.error == NULL, "%s", line);
		if (f.error != NULL)
			cr_assert_str_eq(f.error, j.error);
		cr_assert_eq(f.r.error_len, j.r.error_len);
		cr_assert_eq(f.context == NULL, j.context == NULL, "%s", line);
		if (f.context != NULL)
			cr_assert(json_equal(f.context, j.context), "context differs: %s", line);
	}
	parsed_free(&f);
	parsed_free(&j);
}

Test(record, fast_path_and_jansson_agree_on_numbers)
{
	static const char *const nums[] = {
		"0", "-0", "0.0", "-0.0", "1", "12.5", "0.1", "0.2", "0.30000000000000004",
		"4.35", "123.456e-2", "1e22", "1e23", "1E5", "1e+5", "2.5e-3",
		"2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308", "1e300",
		"9007199254740993", "123456789012345678", "999999999999999999",
		"1234567890123456789", "9223372036854775807", "1234567890123456789.5",
		"0.000000000000000000000001", "1.00000000000000000000000000001",
		"100000000000000000000000.0", "3.141592653589793238462643383279",
		"-3", "-1e400", "1e400", "18446744073709551616", "1e", "1.", ".1", "01", "+1",
		"-", "1e-400", "-1e-400", "0e0", "7E-0",
	};

	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		char line[256];

		snprintf(line, sizeof(line), "{" TS "," OP ",\"duration_ms\":%s}", nums[i]);
		same_both_ways(line);
	}
}

Test(record, fast_path_and_jansson_agree_on_shapes)
{
	static const char *const lines[] = {
		"{" TS "," OP "," DUR "}",
		"{" OP "," DUR "," TS "}",
		"{}",
		"{ }",
		"[]",
		"{" TS "," OP "," DUR ",\"success\":false}",
		"{" TS "," OP "," DUR ",\"success\":null,\"error\":\"e\"}",
		"{" TS "," OP "," DUR ",\"error\":null,\"success\":null}",
		"{" TS "," OP "," DUR ",\"error\":\"\"}",
		"{" TS "," OP "," DUR ",\"error\":\"tab\\tnew\\nline\"}",
		"{" TS "," OP "," DUR ",\"session_id\":\"s\\u00e9\"}",
		"{" TS ",\"operation_type\":\"a\\/b\"," DUR "}",
		"{" TS ",\"operation_type\":\"\\u0041\"," DUR "}",
		"{" TS ",\"operation_type\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"," DUR "}",
		"{" TS "," OP "," DUR ",\"context\":{\"a\":[1,2,{\"b\":null}],\"c\":\"\\u00e9\"}}",
		"{" TS "," OP "," DUR ",\"context\":[]}",
		"{" TS "," OP "," DUR ",\"context\":null}",
		"{" TS "," OP "," DUR ",\"context\":0.5}",
		"{" TS "," OP "," DUR ",\"context\":{\"a\":1,\"a\":2}}",
		"{" TS "," OP "," DUR ",\"context\":{\"deep\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
		    "1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}",
		"{" TS "," OP "," DUR ",\"x\":1,\"x\":1}",
		"{" TS "," OP "," DUR ",\"\\u0078\":1,\"x\":1}",
		"{\"timestamp\":\"2026-01-06T13:28:00\"," OP "," DUR "}",
		"{\"timestamp\":\"2026-01-06T13:28:00\\u002e191Z\"," OP "," DUR "}",
		"{\"timestamp\":\"2026-02-30T00:00:00Z\"," OP "," DUR "}",
		"{" TS ",\"operation_type\":\"\"," DUR "}",
		"{" TS ",\"operation_type\":\"\\u0000\"," DUR "}",
		"{" TS ",\"operation_type\":\"\\ud800\"," DUR "}",
		"{" TS ",\"operation_type\":\"\\ud800\\udc00\"," DUR "}",
		"{" TS ",\"operation_type\":\"\xed\xa0\x80\"," DUR "}",
		"{" TS ",\"operation_type\":\"\xc0\xaf\"," DUR "}",
		"{" TS ",\"operation_type\":\"\xf4\x90\x80\x80\"," DUR "}",
		"{" TS "," OP "," DUR ",\"success\":\"true\"}",
		"{" TS "," OP "," DUR ",\"session_id\":1}",
		"{" TS "," OP "," DUR "} ",
		" \t{" TS "," OP "," DUR "}\r\n",
		"{" TS "," OP "," DUR "}x",
		"{" TS "," OP "," DUR ",}",
		"{" TS "," OP "," DUR ",\"n\":nul}",
		"{" TS "," OP "," DUR ",\"n\":truex}",
		"{" TS "," OP "," DUR ",\"k1\":1,\"k2\":1,\"k3\":1,\"k4\":1,\"k5\":1,\"k6\":1,"
		    "\"k7\":1,\"k8\":1,\"k9\":1,\"k10\":1,\"k11\":1,\"k12\":1,\"k13\":1,\"k14\":1,"
		    "\"k15\":1,\"k16\":1,\"k17\":1,\"k18\":1,\"k19\":1,\"k20\":1,\"k21\":1,"
		    "\"k22\":1,\"k23\":1,\"k24\":1,\"k25\":1,\"k26\":1,\"k27\":1,\"k28\":1,"
		    "\"k29\":1,\"k30\":1,\"k31\":1,\"k32\":1,\"k33\":1}",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		same_both_ways(lines[i]);
}

Test(record, fast_and_slow_lines_alternate_on_one_parser)
{
	/* A fast-path line, a line only jansson takes (escape in the name), a malformed
	 * one, again: the parser must not mix their contexts up. */
	static const char *const lines[] = {
		"{" TS ",\"operation_type\":\"fast\"," DUR ",\"context\":{\"n\":1}}",
		"{" TS ",\"operation_type\":\"sl\\u006fw\"," DUR ",\"context\":{\"n\":2}}",
		"{" TS ",\"operation_type\":\"bad\",\"duration_ms\":-1,\"context\":{\"n\":3}}",
		"{" TS ",\"operation_type\":\"fast\"," DUR "}",
		"{" TS ",\"operation_type\":\"fast\"," DUR ",\"context\":{\"n\":5}}",
	};
	static const int want_rc[] = {0, 0, -1, 0, 0};
	static const char *const want_op[] = {"fast", "slow", NULL, "fast", "fast"};
	static const int want_n[] = {1, 2, 0, 0, 5};
	struct record_parser *p = record_parser_new();
	struct record r;
	char why[RECORD_WHY_SIZE];

	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < 5; i++) {
			json_t *ctx;

			cr_assert_eq(record_parse(p, lines[i], strlen(lines[i]), &r, why),
			    want_rc[i], "line %zu: %s", i, why);
			ctx = record_context(p);
			if (want_rc[i] != 0 || want_n[i] == 0) {
				cr_assert_null(ctx, "line %zu", i);
				continue;
			}
			expect_str(r.op, r.op_len, want_op[i]);
			cr_assert_not_null(ctx, "line %zu", i);
			cr_assert_eq(json_integer_value(json_object_get(ctx, "n")), want_n[i]);
			/* Asking twice gives the same value. */
			cr_assert_eq(record_context(p), ctx);
		}
	}
	record_parser_free(p);
}
