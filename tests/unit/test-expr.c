/* test-expr.c - the expression language of SPEC section 16 (expr.h): every operator,
 * precedence, the null rules, numeric strings, exact integer differences, timestamp
 * differences, path(), globs, and compile errors with their columns. Expected values are
 * worked out by hand (integers) or with Python (timestamps), not taken from the code. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "expr.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The record most tests run on. */
static const char *const REC =
    "{\"code\":200,\"scode\":\"200\",\"big\":\"1e3\",\"method\":\"GET\",\"url\":\"/a?b=1\","
    "\"request\":\"GET /api/v1?x=1 HTTP/1.1\",\"ok\":true,\"no\":false,\"nil\":null,"
    "\"lat\":15.5,\"data\":{\"tags\":{\"name\":\"login\",\"expected_response\":\"true\"}},"
    "\"exit_codes\":[0,3],\"Content-Type\":\"text/html\",\"@timestamp\":\"t\",\"$x\":1,"
    "\"end\":1700000000123456789,\"start\":1700000000000000001,"
    "\"t1\":\"2026-01-06T13:28:00.191Z\",\"t0\":\"2026-01-06T13:27:59.000Z\","
    "\"nt1\":\"1700000000123456789\",\"nt0\":\"1700000000000000001\","
    "\"neg\":-9223372036854775807,\"pos\":9223372036854775807,\"empty\":\"\"}";

static json_t *root;
static struct expr_ctx ctx;
/* Compiled in a test, freed after it: a literal's string lives in its expression. */
static struct expr *made[64];
static size_t n_made;

static void
setup(void)
{
	json_error_t err;

	root = json_loads(REC, 0, &err);
	cr_assert_not_null(root, "%s", err.text);
	memset(&ctx, 0, sizeof(ctx));
}

static void
teardown(void)
{
	json_decref(root);
	expr_ctx_free(&ctx);
	for (size_t i = 0; i < n_made; i++)
		expr_free(made[i]);
	n_made = 0;
}

TestSuite(expr, .init = setup, .fini = teardown);

/* The value of src on the record. */
static struct expr_val
ev(const char *src)
{
	char why[256];
	struct expr *e = expr_compile(src, why, sizeof(why));
	struct expr_val v;

	cr_assert_not_null(e, "%s: %s", src, why);
	expr_ctx_reset(&ctx);
	expr_eval(e, root, &ctx, &v);
	if (n_made == sizeof(made) / sizeof(made[0])) {
		for (size_t i = 0; i < n_made; i++)
			expr_free(made[i]);
		n_made = 0;
	}
	made[n_made++] = e;
	return v;
}

static void
is_bool(const char *src, bool want)
{
	struct expr_val v = ev(src);

	cr_assert_eq(v.kind, EXPR_BOOL, "%s: kind %d", src, v.kind);
	cr_assert_eq(v.b, want, "%s", src);
}

static void
is_null(const char *src)
{
	cr_assert_eq(ev(src).kind, EXPR_NULL, "%s", src);
}

static void
is_int(const char *src, int64_t want)
{
	struct expr_val v = ev(src);

	cr_assert_eq(v.kind, EXPR_INT, "%s: kind %d", src, v.kind);
	cr_assert_eq(v.i, want, "%s: %lld", src, (long long)v.i);
}

static void
is_real(const char *src, double want)
{
	struct expr_val v = ev(src);

	cr_assert_eq(v.kind, EXPR_REAL, "%s: kind %d", src, v.kind);
	cr_assert(!(v.d < want || v.d > want), "%s: %.17g", src, v.d);
}

static void
is_str(const char *src, const char *want)
{
	struct expr_val v = ev(src);

	cr_assert_eq(v.kind, EXPR_STR, "%s: kind %d", src, v.kind);
	cr_assert_eq(v.len, strlen(want), "%s: %.*s", src, (int)v.len, v.s);
	cr_assert_eq(memcmp(v.s, want, v.len), 0, "%s: %.*s", src, (int)v.len, v.s);
}

/* src must not compile; the message must be want. */
static void
bad(const char *src, const char *want)
{
	char why[256];

	cr_assert_null(expr_compile(src, why, sizeof(why)), "%s compiled", src);
	cr_assert_str_eq(why, want, "%s", src);
}

Test(expr, paths)
{
	is_int("code", 200);
	is_str("data.tags.name", "login");
	is_int("exit_codes.1", 3);
	is_null("exit_codes.2");
	is_null("exit_codes.x");
	is_str("`Content-Type`", "text/html");
	is_str("@timestamp", "t");
	is_int("$x", 1);
	is_null("missing");
	is_null("code.x");
	is_null("data.tags.name.x");
	cr_assert_eq(ev("data.tags").kind, EXPR_JSON);
	is_null("nil");
}

Test(expr, literals)
{
	is_int("42", 42);
	is_real("4.5", 4.5);
	is_real("1e3", 1000);
	is_str("\"a\\\"b\\\\c\\u00e8\\ud83d\\ude00\"", "a\"b\\c\xc3\xa8\xf0\x9f\x98\x80");
	is_bool("true", true);
	is_bool("false", false);
	is_null("null");
	is_real("9223372036854775808", 9223372036854775808.0);
}

Test(expr, comparisons)
{
	is_bool("code == 200", true);
	is_bool("code != 200", false);
	is_bool("code < 400", true);
	is_bool("code <= 200", true);
	is_bool("code > 200", false);
	is_bool("code >= 200", true);
	/* numeric strings compare as numbers, also against each other */
	is_bool("scode == 200", true);
	is_bool("scode < 400", true);
	is_bool("\"10\" > \"9\"", true);
	is_bool("big == 1000", true);
	is_bool("data.tags.expected_response != \"false\"", true);
	/* strings byte by byte */
	is_bool("method == \"GET\"", true);
	is_bool("\"a\" < \"b\"", true);
	is_bool("\"ab\" > \"a\"", true);
	/* booleans and mixed kinds */
	is_bool("ok == true", true);
	is_bool("ok != no", true);
	is_bool("ok < no", false);
	is_bool("code == \"GET\"", false);
	is_bool("code != \"GET\"", true);
	is_bool("ok == 1", false);
	is_bool("data.tags == data.tags", true);
	/* exact integers */
	is_bool("end > start", true);
	is_bool("9007199254740993 > 9007199254740992", true);
	is_bool("9007199254740993 == 9007199254740992.0", false);
}

Test(expr, null_rules)
{
	is_bool("missing == null", true);
	is_bool("nil == null", true);
	is_bool("missing != null", false);
	is_bool("code != null", true);
	is_bool("missing == 0", false);
	is_bool("missing != 0", true);
	is_bool("missing < 1", false);
	is_bool("missing >= 1", false);
	is_bool("missing ~ \"*\"", false);
	is_bool("missing !~ \"*\"", false);
	is_null("missing + 1");
	is_null("missing + \"a\"");
	is_null("missing - 1");
	is_null("1 * missing");
	is_null("-missing");
	is_null("!missing");
	is_null("!code");
	is_bool("missing && true", false);
	is_bool("missing || true", true);
	is_null("path(missing)");
}

Test(expr, logic_and_precedence)
{
	is_bool("code >= 200 && code < 400", true);
	is_bool("code == 500 || method == \"GET\"", true);
	is_bool("!ok", false);
	is_bool("!!ok", true);
	is_bool("!(code == 200)", false);
	/* && binds tighter than || */
	is_bool("true || false && false", true);
	is_bool("(true || false) && false", false);
	/* * / before + -, left to right */
	is_int("2 + 3 * 4", 14);
	is_int("(2 + 3) * 4", 20);
	is_int("10 - 3 - 2", 5);
	is_real("12 / 3 / 2", 2);
	is_int("-2 * 3", -6);
	is_int("- -2", 2);
	/* arithmetic before comparison, comparison before && */
	is_bool("code - 100 == 100 && ok", true);
	/* short circuit: the right side of && is not needed */
	is_bool("false && (1 / 0 == 1)", false);
	/* non-booleans count as false */
	is_bool("code && true", false);
	is_bool("code || \"x\"", false);
}

Test(expr, arithmetic)
{
	is_int("code - 1", 199);
	is_int("scode - 1", 199);
	is_int("code * 2", 400);
	is_real("code / 8", 25);
	is_real("lat * 2", 31);
	is_real("1 / 3", 1.0 / 3.0);
	is_null("1 / 0");
	is_null("1 / 0.0");
	is_null("method - 1");
	is_null("ok * 2");
	is_null("1e308 * 10");
	/* nanosecond epochs subtract exactly, as numbers and as numeric strings */
	is_int("end - start", INT64_C(123456788));
	is_int("nt1 - nt0", INT64_C(123456788));
	is_int("end - nt0", INT64_C(123456788));
	/* past 64 signed bits: exact before the one rounding to double */
	is_real("pos - neg", 18446744073709551614.0);
	is_real("pos + 1", 9223372036854775808.0);
	is_real("pos * 2", 18446744073709551614.0);
}

Test(expr, timestamps)
{
	struct expr_val v = ev("t1 - t0");

	cr_assert_eq(v.kind, EXPR_REAL);
	cr_assert(!(v.d < 1191 || v.d > 1191), "%.17g", v.d);
	cr_assert(v.ms);
	v = ev("t0 - t1");
	cr_assert(!(v.d < -1191 || v.d > -1191) && v.ms);
	cr_assert(!ev("end - start").ms);
	is_null("t1 - method");
	ctx.time_format = "%Y-%m-%dT%H:%M:%S.%fZ";
	v = ev("t1 - t0");
	ctx.time_format = NULL;
	cr_assert(!(v.d < 1191 || v.d > 1191) && v.ms);
}

Test(expr, join)
{
	is_str("method + \" \" + url", "GET /a?b=1");
	is_str("\"n=\" + code", "n=200");
	is_str("\"x\" + lat", "x15.5");
	is_str("ok + \"!\"", "true!");
	is_str("scode + 1", "2001");
	is_int("code + 1", 201);
	is_null("data.tags + \"x\"");
	is_null("ok + 1");
	is_str("empty + empty", "");
}

Test(expr, path_function)
{
	is_str("path(url)", "/a");
	is_str("path(request)", "GET /api/v1");
	is_str("path(\"GET /a HTTP/2.0\")", "GET /a");
	is_str("path(\"/plain\")", "/plain");
	is_str("path(\"?\")", "");
	is_null("path(code)");
	is_str("method + \" \" + path(url)", "GET /a");
}

Test(expr, globs)
{
	is_bool("method ~ \"G*\"", true);
	is_bool("method ~ \"P*\"", false);
	is_bool("method !~ \"P*\"", true);
	is_bool("url ~ \"/a?b=[0-9]\"", true);
	is_bool("code ~ \"2??\"", true);
	is_bool("method ~ \"GET\"", true);
	is_bool("method ~ code", false);
	is_bool("data.tags ~ \"*\"", false);
}

/* The literal of a pattern in the expression language: " and \\ escaped. */
static void
glob_literal(const char *pat, char *out)
{
	*out++ = '"';
	for (; *pat != '\0'; pat++) {
		if (*pat == '"' || *pat == '\\')
			*out++ = '\\';
		*out++ = *pat;
	}
	*out++ = '"';
	*out = '\0';
}

/* A word of fewer than max bytes drawn from alpha[0..n) by the generator *seed, written
 * NUL-terminated to out; returns its length. */
static size_t
rand_word(unsigned *seed, const char *alpha, size_t n, size_t max, char *out)
{
	size_t len;

	*seed = *seed * 1103515245u + 12345u;
	len = (*seed >> 16) % max;
	for (size_t i = 0; i < len; i++) {
		*seed = *seed * 1103515245u + 12345u;
		out[i] = alpha[(*seed >> 16) % n];
	}
	out[len] = '\0';
	return len;
}

/* A pattern written as a literal takes the compiled shortcuts (exact, prefix*, *suffix, *);
 * read from the record it goes through fnmatch: on random names and patterns over a small
 * alphabet (glob characters, a backslash, a dot, a slash, UTF-8 and a stray byte), both,
 * and their !~, agree. */
Test(expr, glob_shortcuts_agree_with_fnmatch)
{
	static const char alpha[] = {'a', 'b', '.', '/', '*', '?', '[', ']', '\\', '"',
	    (char)0xc3, (char)0xa9, (char)0xff};
	static const char *const fixed[] = {"*", "", "a*", "*a", "ab", "a\\*", "*\\a", "**",
	    "a*b", "[a]*", "*?", "\\*", "é*", "*é"};
	unsigned seed = 12345;

	for (int round = 0; round < 4000; round++) {
		char name[8], pat[8], lit[24], src[64], why[256];
		size_t nl, pl;
		json_t *r = json_object();
		struct expr *e1, *e2;
		struct expr_ctx c = {0};

		nl = rand_word(&seed, alpha, sizeof(alpha), 6, name);
		if (round % 3 == 0) {
			snprintf(pat, sizeof(pat), "%s", fixed[(round / 3) % ARRAY_LEN(fixed)]);
		} else {
			pl = rand_word(&seed, alpha, sizeof(alpha), 5, pat);
			/* mostly the shortcut shapes: text*, *text */
			if (round % 3 == 1 && pl < 7)
				strcat(pat, "*");
		}
		json_object_set_new(r, "s", json_stringn_nocheck(name, nl));
		json_object_set_new(r, "p", json_string_nocheck(pat));
		glob_literal(pat, lit);
		for (int neg = 0; neg < 2; neg++) {
			struct expr_val a, b;

			snprintf(src, sizeof(src), "s %s %s", neg ? "!~" : "~", lit);
			e1 = expr_compile(src, why, sizeof(why));
			cr_assert_not_null(e1, "%s: %s", src, why);
			e2 = expr_compile(neg ? "s !~ p" : "s ~ p", why, sizeof(why));
			cr_assert_not_null(e2);
			expr_eval(e1, r, &c, &a);
			expr_eval(e2, r, &c, &b);
			cr_assert(a.kind == EXPR_BOOL && b.kind == EXPR_BOOL);
			cr_assert_eq(a.b, b.b, "name '%s' pattern '%s' %s: %d vs fnmatch %d", name,
			    pat, neg ? "!~" : "~", a.b, b.b);
			expr_free(e1);
			expr_free(e2);
		}
		expr_ctx_free(&c);
		json_decref(r);
	}
}

Test(expr, plain_paths)
{
	cr_assert(expr_plain_path("tool"));
	cr_assert(expr_plain_path("timing.ms"));
	cr_assert(expr_plain_path("@timestamp"));
	cr_assert(expr_plain_path("exit_codes.0"));
	cr_assert(!expr_plain_path("a - b"));
	cr_assert(!expr_plain_path("a-b"));
	cr_assert(!expr_plain_path("0a"));
	cr_assert(!expr_plain_path("a..b"));
	cr_assert(!expr_plain_path("a."));
	cr_assert(!expr_plain_path("null"));
	cr_assert(!expr_plain_path("`a`"));
	cr_assert(expr_plain_key("context.q\"k"));
	cr_assert(expr_plain_key("Content-Type"));
	cr_assert(expr_plain_key("context.<i>\"k\"</i>"));
	cr_assert(expr_plain_key("a+b"));
	cr_assert(!expr_plain_key("path(request)"));
	cr_assert(!expr_plain_key("a + b"));
	cr_assert(!expr_plain_key("`a-b`.c"));
}

Test(expr, errors_with_columns)
{
	bad("", "column 1: expected an operand (a path, a literal or '('), found the end");
	bad("code ==", "column 8: expected an operand (a path, a literal or '('), found the end");
	bad("code >= 200 &&& code", "column 15: expected an operand (a path, a literal or '('), "
	    "found '&'");
	bad("code = 200", "column 6: '=' is not an operator; compare with '=='");
	bad("a & b", "column 3: '&' alone is not an operator; use '&&'");
	bad("(a == 1", "column 8: expected ')' to close the '(' at column 1");
	bad("a < b < c", "column 7: comparisons do not chain; use && or parentheses");
	bad("\"abc", "column 1: a string without its closing '\"'");
	bad("\"a\\qb\"", "column 3: unknown escape in a string (known: \\\" \\\\ \\/ \\b \\f \\n "
	    "\\r \\t \\uXXXX)");
	bad("\"\\u0000\"", "column 2: \\u0000 cannot be in a string");
	bad("\"\\ud800\"", "column 2: a lone surrogate in a string");
	bad("`abc", "column 1: a backquoted segment without its closing '`'");
	bad("a.", "column 3: expected a path segment (letters, digits, _ @ $, or any text in "
	    "backquotes)");
	bad("len(x)", "column 1: unknown function 'len' (the one function is path(x))");
	bad("path(x", "column 7: expected ')' to close path(");
	bad("1.", "column 3: expected a digit after '.'");
	bad("12ab", "column 3: a number runs into a name; a path segment that starts with a "
	    "digit goes in backquotes");
	bad("a b", "column 3: expected an operator or the end of the expression");
	bad("\xc3\xa9 == #", "column 6: expected an operand (a path, a literal or '('), "
	    "found '#'");
	bad("1e999", "column 1: the number does not fit a double");
}

Test(expr, limits)
{
	char deep[400], why[256];
	size_t n = 0;

	for (int i = 0; i < 100; i++)
		deep[n++] = '(';
	deep[n++] = '1';
	for (int i = 0; i < 100; i++)
		deep[n++] = ')';
	deep[n] = '\0';
	cr_assert_null(expr_compile(deep, why, sizeof(why)));
	cr_assert(strstr(why, "nested more than 64 deep") != NULL, "%s", why);
	for (n = 0; n < 300; n++)
		deep[n] = '!';
	deep[n++] = 'a';
	deep[n] = '\0';
	cr_assert_null(expr_compile(deep, why, sizeof(why)));
	cr_assert(strstr(why, "nested more than 64 deep") != NULL, "%s", why);
}

/* The scratch space keeps earlier strings in place while later ones are made. */
Test(expr, scratch_keeps_strings)
{
	struct expr_val v = ev("(method + \"-\" + method + \"-\" + method + \"-\" + method) + "
	    "(url + url + url + url + url + url + url + url + url + url + url + url + url + url)");

	cr_assert_eq(v.kind, EXPR_STR);
	cr_assert_eq(v.len, 15 + 14 * 6);
	cr_assert_eq(memcmp(v.s, "GET-GET-GET-GET/a?b=1/a?b=1", 27), 0);
}

Test(expr, text)
{
	struct expr_val v = ev("lat * 1");
	size_t len;
	const char *t = expr_text(&v, &ctx, &len);

	cr_assert_eq(len, 4);
	cr_assert_eq(memcmp(t, "15.5", 4), 0);
	v = ev("nil");
	cr_assert_null(expr_text(&v, &ctx, &len));
}

/* ---- records through expressions (record.c, fieldmap.c) ------------------------------ */

#include "fieldmap.h"
#include "record.h"

/* A fieldmap from --field items "NAME=EXPR" (NULL-terminated), --where and --success. */
static struct fieldmap *
rec_map(const char *const *fields, const char *where, const char *success, int epoch,
    enum fm_unit unit, const char *tf)
{
	struct fieldmap *fm = fm_new();
	char why[256];

	for (; fields != NULL && *fields != NULL; fields++) {
		const char *eq = strchr(*fields, '=');
		char name[32];

		snprintf(name, sizeof(name), "%.*s", (int)(eq - *fields), *fields);
		cr_assert_eq(fm_set_field(fm, (enum fm_field)fm_field_lookup(name), eq + 1, why,
		    sizeof(why)), 0, "%s: %s", *fields, why);
	}
	if (where != NULL)
		cr_assert_eq(fm_add_where(fm, where, why, sizeof(why)), 0, "%s", why);
	if (success != NULL)
		cr_assert_eq(fm_set_success(fm, success, why, sizeof(why)), 0, "%s", why);
	if (tf != NULL)
		cr_assert_eq(fm_set_time_format(fm, tf, why, sizeof(why)), 0, "%s", why);
	fm->epoch = epoch;
	fm->duration_unit = unit;
	cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
	return fm;
}

/* record_parse of line under fm, with the fast path on (expressions must bypass it). */
static int
rec_parse(struct fieldmap *fm, const char *line, struct record *r, char why[RECORD_WHY_SIZE],
    struct record_parser **pp)
{
	*pp = record_parser_new();
	record_parser_set_fields(*pp, fm);
	return record_parse(*pp, line, strlen(line), r, why);
}

Test(expr, record_vegeta)
{
	static const char *const f[] = {"operation_type=method + \" \" + url",
	    "duration_ms=latency", NULL};
	struct fieldmap *fm = rec_map(f, NULL, "code >= 200 && code < 400", FM_NO_EPOCH,
	    FM_UNIT_NS, NULL);
	struct record_parser *p;
	struct record r;
	char why[RECORD_WHY_SIZE];

	cr_assert_eq(rec_parse(fm, "{\"timestamp\":\"2026-10-05T10:00:00.123456789Z\","
	    "\"method\":\"GET\",\"url\":\"http://x/a\",\"code\":200,\"latency\":15234000,"
	    "\"error\":\"\"}", &r, why, &p), 0, "%s", why);
	cr_assert(r.success && r.success_given);
	cr_assert(!(r.duration_ms < 15.234 || r.duration_ms > 15.234), "%.17g", r.duration_ms);
	cr_assert_eq(r.op_len, 14);
	cr_assert_eq(memcmp(r.op, "GET http://x/a", 14), 0);
	record_parser_free(p);
	cr_assert_eq(rec_parse(fm, "{\"timestamp\":\"2026-10-05T10:00:00Z\",\"method\":\"GET\","
	    "\"url\":\"/\",\"code\":0,\"latency\":1,\"error\":\"refused\"}", &r, why, &p), 0);
	cr_assert(!r.success);
	record_parser_free(p);
	/* a required field that comes out null makes the record malformed */
	cr_assert_eq(rec_parse(fm, "{\"timestamp\":\"2026-10-05T10:00:00Z\",\"url\":\"/\","
	    "\"code\":200,\"latency\":1}", &r, why, &p), -1);
	cr_assert_str_eq(why, "\"method + \" \" + url\" (operation_type) is null");
	record_parser_free(p);
	fm_free(fm);
}

Test(expr, record_where_filters)
{
	struct fieldmap *fm = rec_map(NULL, "type == \"Point\" && metric == \"http_req_duration\"",
	    NULL, FM_NO_EPOCH, FM_UNIT_MS, NULL);
	struct record_parser *p;
	struct record r;
	char why[RECORD_WHY_SIZE];

	cr_assert_eq(rec_parse(fm, "{\"type\":\"Metric\",\"metric\":\"http_reqs\"}", &r, why, &p), 1);
	record_parser_free(p);
	cr_assert_eq(rec_parse(fm, "[1]", &r, why, &p), -1);
	record_parser_free(p);
	cr_assert_eq(rec_parse(fm, "{\"type\":\"Point\",\"metric\":\"http_req_duration\"}", &r, why,
	    &p), -1);
	cr_assert_str_eq(why, "timestamp is missing");
	record_parser_free(p);
	fm_free(fm);
}

Test(expr, record_values)
{
	static const char *const nginx[] = {"timestamp=time_local", "operation_type=path(request)",
	    "duration_ms=request_time", NULL};
	static const char *const cf[] = {"timestamp=EdgeStartTimestamp",
	    "operation_type=ClientRequestPath",
	    "duration_ms=EdgeEndTimestamp - EdgeStartTimestamp", NULL};
	static const char *const go[] = {"duration_ms=latency", NULL};
	struct fieldmap *fm = rec_map(nginx, NULL, "status < 500", FM_NO_EPOCH, FM_UNIT_S,
	    "%d/%b/%Y:%H:%M:%S %z");
	struct record_parser *p;
	struct record r;
	char why[RECORD_WHY_SIZE];

	cr_assert_eq(rec_parse(fm, "{\"time_local\":\"25/Feb/2021:16:20:01 -0500\","
	    "\"request\":\"GET /a?b=1 HTTP/1.1\",\"status\":\"503\",\"request_time\":\"0.041\"}",
	    &r, why, &p), 0, "%s", why);
	cr_assert_eq(r.ts_us, INT64_C(1614288001000000));
	cr_assert(!(r.duration_ms < 41 || r.duration_ms > 41), "%.17g", r.duration_ms);
	cr_assert(!r.success);
	cr_assert_eq(r.op_len, 6);
	record_parser_free(p);
	fm_free(fm);

	/* Cloudflare: nanosecond epochs, the difference exact, then ns -> ms */
	fm = rec_map(cf, NULL, NULL, FM_UNIT_NS, FM_UNIT_NS, NULL);
	cr_assert_eq(rec_parse(fm, "{\"EdgeStartTimestamp\":1700000000000000001,"
	    "\"EdgeEndTimestamp\":1700000000123456789,\"ClientRequestPath\":\"/x\"}", &r, why, &p),
	    0, "%s", why);
	cr_assert(!(r.duration_ms < 123.456788 || r.duration_ms > 123.456788), "%.17g",
	    r.duration_ms);
	cr_assert_eq(r.ts_us, INT64_C(1700000000000000));
	record_parser_free(p);
	/* the same as numeric strings */
	cr_assert_eq(rec_parse(fm, "{\"EdgeStartTimestamp\":\"1700000000000000001\","
	    "\"EdgeEndTimestamp\":\"1700000000123456789\",\"ClientRequestPath\":\"/x\"}", &r, why,
	    &p), 0, "%s", why);
	cr_assert(!(r.duration_ms < 123.456788 || r.duration_ms > 123.456788));
	record_parser_free(p);
	fm_free(fm);

	/* Go durations through a plain key; a timestamp difference is ms whatever the unit */
	fm = rec_map(go, NULL, NULL, FM_NO_EPOCH, FM_UNIT_NS, NULL);
	cr_assert_eq(rec_parse(fm, "{\"timestamp\":\"2026-10-05T10:00:00Z\",\"operation_type\":"
	    "\"a\",\"latency\":\"15.234ms\"}", &r, why, &p), 0, "%s", why);
	cr_assert(!(r.duration_ms < 15.234 || r.duration_ms > 15.234));
	record_parser_free(p);
	cr_assert_eq(rec_parse(fm, "{\"timestamp\":\"2026-10-05T10:00:00Z\",\"operation_type\":"
	    "\"a\",\"latency\":\"soon\"}", &r, why, &p), -1);
	cr_assert_str_eq(why, "\"latency\" (duration_ms) \"soon\" is not a number or a duration "
	    "such as \"15.234ms\"");
	record_parser_free(p);
	fm_free(fm);
}

#define REC_LINE_A "{\"code\":200,\"scode\":\"250\",\"method\":\"GET\",\"s\":\"GET /x?y HTTP/1.1\"," \
	"\"end\":1700000000123456789,\"start\":1700000000000000001,\"d\":{\"x\":[7]}}"
#define REC_LINE_B "{\"k\\\"\":1,\"esc\":\"a\\nb\",\"code\":\"x\"}"

/* expr_eval_raw over a line's text gives what expr_eval gives over its parsed value, or
 * says it cannot (escapes, objects). */
Test(expr, raw_agrees_with_jansson)
{
	static const char *const lines[] = {
		REC_LINE_A, REC_LINE_B,
		"{ \"code\" : 404 , \"d\" : { \"x\" : [ 1 , { \"y\" : \"z\" } , true ] } , "
		"\"s\" : \"a b\" , \"e\" : 1.5e2 , \"n\" : null, \"neg\": -0 }",
		/* integers the digit reader takes (up to 18 digits) and the ones it leaves to
		 * value_integer (19 digits, the int64 ends) or that are reals (1.0, 2e2) */
		"{\"code\":999999999999999999,\"neg\":-999999999999999999,\"e\":1.0,"
		"\"scode\":1000000000000000000,\"end\":9223372036854775807,"
		"\"start\":-9223372036854775808,\"s\":2e2,\"n\":0,\"method\":-7}",
		"{\"code\":399,\"neg\":-1,\"e\":400,\"scode\":200E0,\"n\":-0.0,\"s\":12}",
		/* one object read by several paths of an expression (the memo), past its 16 */
		"{\"d\":{\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,\"k9\":9,\"k10\":10,\"k11\":11,\"k12\":12,\"k13\":13,\"k14\":14,\"k15\":15,\"k16\":16,\"k17\":17,\"k18\":18,\"k19\":19,\"k20\":20,\"e\":{\"x\":\"y\",\"k1\":\"in\"}, \"s\" : \"t\"}}",
		"{\"d\":{\"k2\":2,\"k\\u0039\":9,\"k1\":3}}",
	};
	static const char *const exprs[] = {
		"code >= 200 && code < 400", "code", "d.x.0", "d.x.2", "d.x.1.y", "d.x.5", "s + \"!\"",
		"e * 2", "n == null", "missing == null", "neg", "d.x.1", "esc", "`k\\\"`",
		"path(s)", "method ~ \"G*\"", "scode < 300", "end - start",
		"e", "scode", "start", "end", "s", "n", "code < 400", "code >= 999999999999999999",
		"neg > -1", "method + \" \" + s + \"/\" + code", "e + \"\" + neg", "n == 0",
		"scode == 200", "s * 2", "end > start", "-neg",
		"d.k20 + d.k1 + d.k17 + d.k3", "d.missing == null && d.k19 == 19 && d.k2 == 2",
		"d.e.x + d.k2 + d.e.k1 + d.k1 + d.s", "d.k2 + d.k1", "d.k1 + d.k2",
	};
	for (size_t i = 0; i < ARRAY_LEN(lines); i++) {
		json_t *r = json_loads(lines[i], JSON_REJECT_DUPLICATES, NULL);

		cr_assert_not_null(r, "%s", lines[i]);
		for (size_t k = 0; k < ARRAY_LEN(exprs); k++) {
			char why[256];
			struct expr *e = expr_compile(exprs[k], why, sizeof(why));
			struct expr_ctx c1 = {0}, c2 = {0};
			struct expr_val a, b;

			cr_assert_not_null(e, "%s: %s", exprs[k], why);
			expr_eval(e, r, &c1, &a);
			if (expr_eval_raw(e, lines[i], strlen(lines[i]), &c2, &b) == 0) {
				cr_assert_eq(a.kind, b.kind, "%s on %s", exprs[k], lines[i]);
				cr_assert_eq(a.i, b.i, "%s", exprs[k]);
				cr_assert(!(a.d < b.d || a.d > b.d), "%s", exprs[k]);
				cr_assert_eq(a.b, b.b, "%s", exprs[k]);
				cr_assert_eq(a.len, b.len, "%s", exprs[k]);
				cr_assert(a.len == 0 || memcmp(a.s, b.s, a.len) == 0, "%s", exprs[k]);
			} else {
				/* only escapes and objects or arrays need jansson */
				cr_assert(strchr(lines[i], '\\') != NULL || a.kind == EXPR_JSON,
				    "%s on %s", exprs[k], lines[i]);
			}
			expr_ctx_free(&c1);
			expr_ctx_free(&c2);
			expr_free(e);
		}
		json_decref(r);
	}
}

/* ---- the fast path's top-level members (expr_ctx's top) ------------------------------ */

/* The value at p: the byte after it (strings without escapes, numbers, literals, and
 * objects or arrays of those). */
static const char *
top_skip(const char *p)
{
	int depth = 0;

	do {
		if (*p == '"') {
			p = strchr(p + 1, '"') + 1;
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']')
			depth--;
		else if (depth == 0)
			while (*p != ',' && *p != '}' && *p != ']')
				p++;
		if (depth > 0 || *p == '}' || *p == ']')
			p++;
	} while (depth > 0);
	return p;
}

/* The top-level members of line (compact JSON, no escapes) as the fast path notes them:
 * a string as EXPR_RAW_STR, an integer of 1 to 18 digits without sign or leading zero as
 * EXPR_RAW_INT, the rest EXPR_RAW_ANY. Returns how many. */
static size_t
top_members(const char *line, struct expr_raw_member *top, size_t max)
{
	const char *p = line + 1;
	size_t n = 0;

	while (*p == '"' && n < max) {
		struct expr_raw_member *m = &top[n++];
		const char *d;

		m->key = p + 1;
		m->klen = (size_t)(strchr(p + 1, '"') - m->key);
		m->val = p + 1 + m->klen + 2;
		p = top_skip(m->val);
		m->vend = p;
		m->kind = EXPR_RAW_ANY;
		if (*m->val == '"')
			m->kind = EXPR_RAW_STR;
		for (d = m->val; *d >= '0' && *d <= '9'; d++)
			;
		if (d == p && d - m->val <= 18 && (*m->val != '0' || d - m->val == 1))
			m->kind = EXPR_RAW_INT;
		if (m->kind == EXPR_RAW_ANY)
			m->vend = NULL;
		if (*p == ',')
			p++;
	}
	return n;
}

/* Over the top-level members, the compiled shapes (a path against an integer, either way
 * round; a glob of a path; a chain of + with a string) give what jansson's evaluation
 * gives, for members of every kind and missing ones; expr_true_raw agrees with expr_true. */
Test(expr, top_members_agree_with_jansson)
{
	static const char *const lines[] = {
		"{\"code\":200,\"method\":\"GET\",\"url\":\"/a\",\"n\":0,\"s\":\"200\",\"r\":399.5,"
		"\"b\":true,\"z\":null,\"obj\":{\"code\":1},\"arr\":[1],\"neg\":-5,\"big\":1e2,"
		"\"logger\":\"http.log.access.log0\"}",
		"{\"code\":400,\"method\":\"POST\",\"url\":\"http.log\",\"n\":999999999999999999,"
		"\"s\":\"abc\",\"r\":-0.0,\"b\":false,\"logger\":\"http.log.error\",\"neg\":0}",
		"{\"code\":\"399\",\"method\":7,\"url\":null,\"s\":1000000000000000000,"
		"\"logger\":404,\"n\":\"\"}",
		"{\"method\":\"\",\"url\":\"\",\"code\":199,\"logger\":\"\"}",
		"{}",
		/* pieces of every length a join copies its own way (0 to 3, 4 to 7, 8 to 16, more) */
		"{\"method\":\"abcde\",\"url\":\"abcdefgh\",\"s\":\"abcdefghi\",\"n\":\"ab\","
		"\"logger\":\"abcdefghijklmnop\",\"z\":\"abcdefghijklmnopq\",\"code\":17}",
	};
	static const char *const exprs[] = {
		"code >= 200 && code < 400", "code == 200", "code != 200", "code < 200",
		"code <= 200", "code > 399", "200 <= code", "400 > code", "200 == code",
		"400 != code", "400 >= code", "100 < code", "300 > code", "-1 < neg", "0 >= neg", "n == 999999999999999999", "n > 0",
		"s == 200", "s < 300", "r < 400", "r > -1", "b == 1", "z == 0", "z != 0",
		"obj == 1", "arr != 1", "big == 100", "missing == 0", "missing != 0", "missing < 1",
		"code < 400 || method == \"GET\"", "!(code < 400)", "code >= 200 && code < 400 && n > 0",
		"logger ~ \"http.log.access*\"", "logger !~ \"http.log.access*\"",
		"logger ~ \"*.log0\"", "logger ~ \"http.log.error\"", "url ~ \"http.log*\"",
		"code ~ \"2*\"", "code !~ \"4*\"", "n ~ \"\"", "missing ~ \"*\"", "missing !~ \"*\"",
		"obj ~ \"*\"", "b ~ \"tr*\"", "r ~ \"399*\"",
		"method + \" \" + url", "\"<\" + method + \">\"", "method + \" \" + code",
		"code + 1 + \"!\"", "code + \"\"", "method + \" \" + url + \" \" + s + \"/\" + n",
		"a + b + c + d + e + f + g + \"h\"", "method + (\" \" + url)", "url + \"\" + z",
		"method + \"-\" + obj", "1 + 2 + \"x\" + 3 + 4", "r + \" \" + b + big",
		"path(method + \" \" + url)", "method + \" \" + url == \"GET /a\"",
		"missing != 1 && missing != 2", "missing != 1 && missing < 2", "code > 100 && code <= 200",
		"n >= 0 && n != 999999999999999999", "code == 200 && code != 17", "s > 1 && s < 300",
		"z + n + s + url + method + \"\" + logger + n", "n + \"abc\" + url",
	};
	for (size_t i = 0; i < ARRAY_LEN(lines); i++) {
		json_t *r = json_loads(lines[i], JSON_REJECT_DUPLICATES, NULL);
		struct expr_raw_member top[32];
		size_t n_top = top_members(lines[i], top, ARRAY_LEN(top));

		cr_assert_not_null(r, "%s", lines[i]);
		for (size_t k = 0; k < ARRAY_LEN(exprs); k++) {
			char why[256];
			struct expr *e = expr_compile(exprs[k], why, sizeof(why));
			struct expr_ctx c1 = {0}, c2 = {0};
			struct expr_val a, b;
			int t;

			cr_assert_not_null(e, "%s: %s", exprs[k], why);
			c2.top = top;
			c2.n_top = n_top;
			for (int round = 0; round < 2; round++) { /* the second with the hints set */
				expr_eval(e, r, &c1, &a);
				if (expr_eval_raw(e, lines[i], strlen(lines[i]), &c2, &b) == 0) {
					cr_assert_eq(a.kind, b.kind, "%s on %s: %d, %d", exprs[k],
					    lines[i], a.kind, b.kind);
					cr_assert_eq(a.i, b.i, "%s on %s", exprs[k], lines[i]);
					cr_assert(!(a.d < b.d || a.d > b.d), "%s", exprs[k]);
					cr_assert_eq(a.b, b.b, "%s on %s", exprs[k], lines[i]);
					cr_assert_eq(a.len, b.len, "%s on %s", exprs[k], lines[i]);
					cr_assert(a.len == 0 || memcmp(a.s, b.s, a.len) == 0, "%s on %s",
					    exprs[k], lines[i]);
				} else {
					/* only an object or an array read needs jansson */
					cr_assert(strstr(exprs[k], "obj") != NULL ||
					    strstr(exprs[k], "arr") != NULL, "%s on %s", exprs[k], lines[i]);
				}
				t = expr_true_raw(e, lines[i], strlen(lines[i]), &c2);
				cr_assert(t < 0 || t == (a.kind == EXPR_BOOL && a.b), "%s on %s: %d",
				    exprs[k], lines[i], t);
				cr_assert_eq(expr_true(e, r, &c1), a.kind == EXPR_BOOL && a.b, "%s",
				    exprs[k]);
				expr_ctx_reset(&c1);
				expr_ctx_reset(&c2);
			}
			expr_ctx_free(&c1);
			expr_ctx_free(&c2);
			expr_free(e);
		}
		json_decref(r);
	}
}

/* A chain of + whose first operand is another chain that is no string (method - 1 is null)
 * evaluates each operand once: a hundred such chains, one inside the next, in linear time
 * (evaluating the inner chain again for each outer one took 2^100 steps). */
Test(expr, nested_joins_in_linear_time, .timeout = 10)
{
	static const char line[] = "{\"method\":\"GET\",\"z\":\"/a\",\"n\":5}";
	char src[3000], why[256];
	size_t at = (size_t)snprintf(src, sizeof(src), "method");
	struct expr *e;
	struct expr_ctx c = {0};
	struct expr_val v;

	for (int i = 0; i < 100; i++)
		at += (size_t)snprintf(src + at, sizeof(src) - at, " - 1 + \"a\" + z");
	e = expr_compile(src, why, sizeof(why));
	cr_assert_not_null(e, "%s", why);
	expr_eval(e, root, &c, &v);
	cr_assert_eq(v.kind, EXPR_NULL);
	cr_assert_eq(expr_eval_raw(e, line, strlen(line), &c, &v), 0);
	cr_assert_eq(v.kind, EXPR_NULL);
	expr_ctx_free(&c);
	expr_free(e);
	/* n - 1 is a number: the same chains join from the second on */
	e = expr_compile("n - 1 + \"a\" + z - 1 + \"b\" + z", why, sizeof(why));
	cr_assert_not_null(e, "%s", why);
	cr_assert_eq(expr_eval_raw(e, line, strlen(line), &c, &v), 0);
	cr_assert_eq(v.kind, EXPR_NULL); /* "4a/a" - 1 is null, null + "b" null */
	expr_free(e);
	e = expr_compile("n - 1 + \"a\" + z + (n - 2 + \"b\" + z)", why, sizeof(why));
	cr_assert_not_null(e, "%s", why);
	cr_assert_eq(expr_eval_raw(e, line, strlen(line), &c, &v), 0);
	cr_assert_eq(v.kind, EXPR_STR);
	cr_assert_eq(v.len, 8);
	cr_assert_eq(memcmp(v.s, "4a/a3b/a", 8), 0);
	expr_ctx_free(&c);
	expr_free(e);
}

/* expr_nested_keys: the first key of each path of two or more segments, in the order of
 * the expression's nodes, and max + 1 when there are more than max. */
Test(expr, nested_keys)
{
	char why[200];
	struct expr *e = expr_compile("request.method + \" \" + path(request.uri) + a + b.c.d + "
	    "`x y`.z + 1", why, sizeof(why));
	const char *key[4];
	size_t len[4], n;

	cr_assert_not_null(e, "%s", why);
	n = expr_nested_keys(e, key, len, 4);
	cr_assert_eq(n, 4);
	cr_assert(len[0] == 7 && memcmp(key[0], "request", 7) == 0);
	cr_assert(len[1] == 7 && memcmp(key[1], "request", 7) == 0);
	cr_assert(len[2] == 1 && memcmp(key[2], "b", 1) == 0);
	cr_assert(len[3] == 3 && memcmp(key[3], "x y", 3) == 0);
	cr_assert_eq(expr_nested_keys(e, key, len, 3), 4);
	cr_assert_eq(expr_nested_keys(e, key, len, 0), 1);
	expr_free(e);
	e = expr_compile("a + b * 2 == c", why, sizeof(why));
	cr_assert_not_null(e, "%s", why);
	cr_assert_eq(expr_nested_keys(e, key, len, 4), 0);
	expr_free(e);
}
