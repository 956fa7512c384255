/* test-emit-json.c - the JSON emitter: its output is parsed back with jansson and checked
 * for key order, types (null vs number, integer vs real), values and literal number text.
 * Expected values were worked out by hand (and %.15g in Python for repeating decimals). */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "emit-json.h"
#include "fixture-report.h"
#include "xalloc.h"

/* Run emit_json into a string. */
static char *
run_json(const struct report *r)
{
	struct emit_opts eo = {.top = 10};
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	cr_assert_not_null(out);
	cr_assert_eq(emit_json(r, &eo, out), 0);
	cr_assert_eq(fclose(out), 0);
	return buf;
}

/* Parse text, failing the test when it is not one JSON object. */
static json_t *
parse(const char *text)
{
	json_error_t err;
	json_t *root = json_loads(text, 0, &err);

	cr_assert_not_null(root, "line %d: %s", err.line, err.text);
	cr_assert(json_is_object(root));
	return root;
}

/* Assert obj's keys are exactly names[0..n), in this order. */
static void
assert_keys(json_t *obj, const char *const *names, size_t n, const char *what)
{
	size_t i = 0;

	cr_assert(json_is_object(obj), "%s is not an object", what);
	for (void *it = json_object_iter(obj); it != NULL; it = json_object_iter_next(obj, it)) {
		cr_assert_lt(i, n, "%s: extra key %s", what, json_object_iter_key(it));
		cr_assert_str_eq(json_object_iter_key(it), names[i], "%s: key %zu", what, i);
		i++;
	}
	cr_assert_eq(i, n, "%s: %zu keys, want %zu", what, i, n);
}

/* Member lookup through a path of object keys. */
static json_t *
get(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	cr_assert_not_null(v, "missing key %s", key);
	return v;
}

static void
assert_int(json_t *v, json_int_t want, const char *what)
{
	cr_assert(json_is_integer(v), "%s is not an integer", what);
	cr_assert_eq(json_integer_value(v), want, "%s = %lld", what,
	    (long long)json_integer_value(v));
}

static void
assert_real(json_t *v, double want, const char *what)
{
	cr_assert(json_is_real(v), "%s is not a real", what);
	cr_assert_lt(fabs(json_real_value(v) - want), 1e-12, "%s = %.17g", what,
	    json_real_value(v));
}

static void
assert_str(json_t *v, const char *want, const char *what)
{
	cr_assert(json_is_string(v), "%s is not a string", what);
	cr_assert_str_eq(json_string_value(v), want, "%s", what);
}

static const char *const top_keys[] = {
	"schema_version", "command", "generated_at", "window", "previous_window", "input",
	"totals", "percentiles", "operations", "slowest", "most_frequent", "degradations",
	"previous_only", "verdict"
};
static const char *const top_keys_trends[] = {
	"schema_version", "command", "generated_at", "window", "previous_window", "input",
	"totals", "percentiles", "bucket", "operations", "slowest", "most_frequent",
	"degradations", "previous_only", "series", "verdict"
};
static const char *const row_keys[] = {
	"operation", "count", "success", "failed", "error_rate_pct", "avg_ms", "stddev_ms",
	"p50_ms", "p95_ms", "p99_ms", "min_ms", "max_ms", "prev_count", "prev_avg_ms",
	"avg_change_pct", "p_value", "q_value", "flags"
};

Test(emit_json, top_level_keys_in_spec_order)
{
	struct report *r = fixture_report();
	char *text = run_json(r);
	json_t *root = parse(text);
	static const char *const window_keys[] = {"start", "end", "days", "coverage_pct"};
	static const char *const prev_keys[] = {"start", "end", "coverage_pct"};
	static const char *const input_keys[] = {
		"files", "lines", "records", "malformed", "outside_window"
	};
	static const char *const totals_keys[] = {"count", "success", "failed", "error_rate_pct"};

	assert_keys(root, top_keys, ARRAY_SIZE(top_keys), "root");
	assert_keys(get(root, "window"), window_keys, 4, "window");
	assert_keys(get(root, "previous_window"), prev_keys, 3, "previous_window");
	assert_keys(get(root, "input"), input_keys, 5, "input");
	assert_keys(get(root, "totals"), totals_keys, 4, "totals");
	json_decref(root);
	free(text);
	report_free(r);
}

Test(emit_json, header_values)
{
	struct report *r = fixture_report();
	char *text = run_json(r);
	json_t *root = parse(text);
	json_t *w, *in, *t, *p;

	assert_int(get(root, "schema_version"), 1, "schema_version");
	assert_str(get(root, "command"), "monthly", "command");
	assert_str(get(root, "generated_at"), "2026-01-31T01:00:00.000Z", "generated_at");
	w = get(root, "window");
	assert_str(get(w, "start"), "2026-01-01T00:00:00.000Z", "window.start");
	assert_str(get(w, "end"), "2026-01-31T00:00:00.000Z", "window.end");
	assert_int(get(w, "days"), 30, "window.days");
	assert_int(get(w, "coverage_pct"), 100, "window.coverage_pct");
	w = get(root, "previous_window");
	assert_str(get(w, "start"), "2025-12-02T00:00:00.000Z", "previous_window.start");
	assert_str(get(w, "end"), "2026-01-01T00:00:00.000Z", "previous_window.end");
	assert_int(get(w, "coverage_pct"), 100, "previous_window.coverage_pct");
	in = get(root, "input");
	cr_assert_eq(json_array_size(get(in, "files")), 1);
	assert_str(json_array_get(get(in, "files"), 0), "samples/basic.jsonl", "files[0]");
	assert_int(get(in, "lines"), 1205, "lines");
	assert_int(get(in, "records"), 1200, "records");
	assert_int(get(in, "malformed"), 3, "malformed");
	assert_int(get(in, "outside_window"), 100, "outside_window");
	t = get(root, "totals");
	assert_int(get(t, "count"), 1100, "totals.count");
	assert_int(get(t, "success"), 1090, "totals.success");
	assert_int(get(t, "failed"), 10, "totals.failed");
	assert_real(get(t, "error_rate_pct"), 0.909090909090909, "totals.error_rate_pct");
	p = get(root, "percentiles");
	cr_assert_eq(json_array_size(p), 3);
	assert_int(json_array_get(p, 0), 50, "percentiles[0]");
	assert_int(json_array_get(p, 1), 95, "percentiles[1]");
	assert_int(json_array_get(p, 2), 99, "percentiles[2]");
	cr_assert_null(json_object_get(root, "bucket"));
	cr_assert_null(json_object_get(root, "series"));
	json_decref(root);
	free(text);
	report_free(r);
}

Test(emit_json, operation_rows_use_csv_header_names_and_nulls)
{
	struct report *r = fixture_report();
	char *text = run_json(r);
	json_t *root = parse(text);
	json_t *ops = get(root, "operations");
	json_t *row, *flags;

	cr_assert_eq(json_array_size(ops), 3);
	for (size_t i = 0; i < 3; i++)
		assert_keys(json_array_get(ops, i), row_keys, ARRAY_SIZE(row_keys), "row");

	row = json_array_get(ops, 0);
	assert_str(get(row, "operation"), "api_call", "operation");
	assert_int(get(row, "count"), 600, "count");
	assert_int(get(row, "success"), 590, "success");
	assert_int(get(row, "failed"), 10, "failed");
	assert_real(get(row, "error_rate_pct"), 1.66666666666667, "error_rate_pct");
	assert_real(get(row, "avg_ms"), 120.5, "avg_ms");
	assert_int(get(row, "p50_ms"), 100, "p50_ms");
	assert_real(get(row, "p95_ms"), 300.25, "p95_ms");
	assert_int(get(row, "p99_ms"), 410, "p99_ms");
	assert_int(get(row, "min_ms"), 12, "min_ms");
	assert_real(get(row, "max_ms"), 900.125, "max_ms");
	assert_int(get(row, "prev_count"), 500, "prev_count");
	assert_int(get(row, "prev_avg_ms"), 95, "prev_avg_ms");
	assert_real(get(row, "avg_change_pct"), 26.8421052631579, "avg_change_pct");
	assert_real(get(row, "stddev_ms"), 80.5, "stddev_ms");
	assert_real(get(row, "p_value"), 0.003, "p_value");
	assert_real(get(row, "q_value"), 0.0045, "q_value");
	flags = get(row, "flags");
	cr_assert(json_is_array(flags));
	cr_assert_eq(json_array_size(flags), 3);
	assert_str(json_array_get(flags, 0), "outlier", "flags[0]");
	assert_str(json_array_get(flags, 1), "slower", "flags[1]");
	assert_str(json_array_get(flags, 2), "errors", "flags[2]");

	row = json_array_get(ops, 1);
	assert_int(get(row, "error_rate_pct"), 0, "db error_rate_pct");
	assert_real(get(row, "p50_ms"), 9.5, "db p50_ms");
	assert_int(get(row, "avg_change_pct"), -50, "db avg_change_pct");
	cr_assert_eq(json_array_size(get(row, "flags")), 1);
	assert_str(json_array_get(get(row, "flags"), 0), "faster", "db flags[0]");

	row = json_array_get(ops, 2);
	assert_str(get(row, "operation"), "=evil|op`@team<b>\n", "hostile operation");
	assert_int(get(row, "prev_count"), 0, "new prev_count");
	cr_assert(json_is_null(get(row, "prev_avg_ms")));
	cr_assert(json_is_null(get(row, "avg_change_pct")));
	cr_assert(json_is_null(get(row, "p_value")), "new: no test");
	cr_assert(json_is_null(get(row, "q_value")), "new: no test");
	assert_int(get(row, "stddev_ms"), 0, "new stddev_ms");
	assert_real(get(row, "avg_ms"), 0.1, "new avg_ms");
	cr_assert_eq(json_array_size(get(row, "flags")), 1);
	assert_str(json_array_get(get(row, "flags"), 0), "new", "new flags[0]");
	json_decref(root);
	free(text);
	report_free(r);
}

Test(emit_json, numbers_print_without_noise)
{
	struct report *r = fixture_report();
	char *text = run_json(r);

	cr_assert_not_null(strstr(text, "\"avg_ms\": 0.1,"));
	cr_assert_null(strstr(text, "0.10000000000000001"));
	cr_assert_not_null(strstr(text, "\"error_rate_pct\": 1.66666666666667,"));
	cr_assert_not_null(strstr(text, "\"avg_change_pct\": 26.8421052631579,"));
	cr_assert_not_null(strstr(text, "\"avg_change_pct\": -50,"));
	cr_assert_not_null(strstr(text, "\"prev_avg_ms\": 95,"));
	cr_assert_not_null(strstr(text, "\"days\": 30,\n"));
	cr_assert_not_null(strstr(text, "\"coverage_pct\": 100\n"));
	cr_assert_not_null(strstr(text, "\"prev_avg_ms\": null,"));
	cr_assert_null(strstr(text, ".0,"));
	free(text);
	report_free(r);
}

Test(emit_json, integral_doubles_are_integers_others_reals)
{
	struct report *r = fixture_report();
	char *text;
	json_t *root, *row;

	r->rows[0].avg_ms = 2.0000000000000004; /* prints as 2 at 15 digits */
	r->rows[0].min_ms = 1e15;               /* too large for the integer form */
	r->rows[0].max_ms = 999999999999999;    /* largest integer below 1e15 */
	r->rows[0].pct_ms[0] = -0.5;
	r->rows[0].pct_ms[1] = 123456789012345.6; /* 15 digits round it to an integer */
	text = run_json(r);
	root = parse(text);
	row = json_array_get(get(root, "operations"), 0);
	assert_int(get(row, "avg_ms"), 2, "avg_ms");
	assert_real(get(row, "min_ms"), 1e15, "min_ms");
	assert_int(get(row, "max_ms"), 999999999999999, "max_ms");
	assert_real(get(row, "p50_ms"), -0.5, "p50_ms");
	assert_int(get(row, "p95_ms"), 123456789012346, "p95_ms");
	cr_assert_not_null(strstr(text, "\"avg_ms\": 2,"));
	cr_assert_not_null(strstr(text, "\"p95_ms\": 123456789012346,"));
	/* jansson's own exponent form: no '+', no leading zeros */
	cr_assert_not_null(strstr(text, "\"min_ms\": 1e15,"));
	cr_assert_not_null(strstr(text, "\"max_ms\": 999999999999999,"));
	json_decref(root);
	free(text);
	report_free(r);
}

Test(emit_json, lists_slowest_frequent_degradations_previous_only)
{
	struct report *r = fixture_report();
	char *text = run_json(r);
	json_t *root = parse(text);
	json_t *a, *e;
	static const char *const slow_keys[] = {"operation", "duration_ms", "timestamp", "session_id"};
	static const char *const freq_keys[] = {"operation", "count", "share_pct"};
	static const char *const deg_keys[] = {
		"operation", "flag", "level", "message", "value", "threshold", "previous",
		"p_value", "q_value", "since"
	};

	a = get(root, "slowest");
	cr_assert_eq(json_array_size(a), 2);
	e = json_array_get(a, 0);
	assert_keys(e, slow_keys, 4, "slowest[0]");
	assert_str(get(e, "operation"), "api_call", "slowest[0].operation");
	assert_real(get(e, "duration_ms"), 900.125, "slowest[0].duration_ms");
	assert_str(get(e, "timestamp"), "2026-01-06T00:00:00.191Z", "slowest[0].timestamp");
	assert_str(get(e, "session_id"), "sess-1", "slowest[0].session_id");
	e = json_array_get(a, 1);
	assert_keys(e, slow_keys, 4, "slowest[1]");
	assert_str(get(e, "timestamp"), "2026-01-07T00:00:00.000Z", "slowest[1].timestamp");
	cr_assert(json_is_null(get(e, "session_id")));

	a = get(root, "most_frequent");
	cr_assert_eq(json_array_size(a), 3);
	e = json_array_get(a, 0);
	assert_keys(e, freq_keys, 3, "most_frequent[0]");
	assert_str(get(e, "operation"), "api_call", "most_frequent[0].operation");
	assert_int(get(e, "count"), 600, "most_frequent[0].count");
	assert_real(get(e, "share_pct"), 54.5454545454545, "most_frequent[0].share_pct");
	assert_real(get(json_array_get(a, 2), "share_pct"), 9.09090909090909, "share 2");

	a = get(root, "degradations");
	cr_assert_eq(json_array_size(a), 3);
	for (size_t i = 0; i < 3; i++)
		assert_keys(json_array_get(a, i), deg_keys, 10, "degradation");
	e = json_array_get(a, 0);
	assert_str(get(e, "flag"), "outlier", "deg[0].flag");
	assert_str(get(e, "level"), "warning", "deg[0].level");
	cr_assert(json_is_null(get(e, "p_value")), "outlier: no test");
	cr_assert(json_is_null(get(e, "q_value")), "outlier: no test");
	assert_real(get(e, "value"), 300.25, "deg[0].value");
	assert_int(get(e, "threshold"), 241, "deg[0].threshold");
	cr_assert(json_is_null(get(e, "previous")));
	e = json_array_get(a, 1);
	assert_str(get(e, "operation"), "api_call", "deg[1].operation");
	assert_str(get(e, "flag"), "slower", "deg[1].flag");
	assert_str(get(e, "message"), "average rose 26.8% from 95.00 ms to 120.50 ms (limit 20%)",
	    "deg[1].message");
	assert_real(get(e, "value"), 120.5, "deg[1].value");
	assert_int(get(e, "threshold"), 20, "deg[1].threshold");
	assert_int(get(e, "previous"), 95, "deg[1].previous");
	assert_str(get(e, "level"), "critical", "deg[1].level");
	assert_real(get(e, "p_value"), 0.003, "deg[1].p_value");
	assert_real(get(e, "q_value"), 0.0045, "deg[1].q_value");
	cr_assert(json_is_null(get(e, "since")), "no change point: since is null");
	e = json_array_get(a, 2);
	assert_str(get(e, "flag"), "errors", "deg[2].flag");
	assert_real(get(e, "value"), 1.66666666666667, "deg[2].value");
	cr_assert(json_is_null(get(e, "previous")));
	assert_str(get(e, "level"), "critical", "deg[2].level");
	assert_real(get(e, "p_value"), 0.012, "deg[2].p_value");
	assert_real(get(e, "q_value"), 0.012, "deg[2].q_value");

	a = get(root, "previous_only");
	cr_assert_eq(json_array_size(a), 1);
	assert_str(json_array_get(a, 0), "retired_op", "previous_only[0]");
	json_decref(root);
	free(text);
	report_free(r);
}

Test(emit_json, trends_adds_bucket_and_series)
{
	struct report *r = fixture_trends_report();
	char *text = run_json(r);
	json_t *root = parse(text);
	json_t *s, *e;
	static const char *const series_keys[] = {
		"operation", "bucket_start", "count", "avg_ms", "p95_ms", "p99_ms", "error_rate_pct"
	};

	assert_keys(root, top_keys_trends, ARRAY_SIZE(top_keys_trends), "root");
	assert_str(get(root, "command"), "trends", "command");
	assert_str(get(root, "bucket"), "day", "bucket");
	s = get(root, "series");
	cr_assert_eq(json_array_size(s), 5);
	for (size_t i = 0; i < 5; i++)
		assert_keys(json_array_get(s, i), series_keys, 7, "series row");
	e = json_array_get(s, 3);
	assert_str(get(e, "operation"), "api_call", "series[3].operation");
	assert_str(get(e, "bucket_start"), "2026-01-04T00:00:00.000Z", "series[3].bucket_start");
	assert_int(get(e, "count"), 150, "series[3].count");
	assert_int(get(e, "avg_ms"), 103, "series[3].avg_ms");
	assert_real(get(e, "p95_ms"), 300.25, "series[3].p95_ms");
	assert_real(get(e, "p99_ms"), 310.25, "series[3].p99_ms");
	assert_int(get(e, "error_rate_pct"), 3, "series[3].error_rate_pct");
	e = json_array_get(s, 4);
	assert_str(get(e, "operation"), "db_query", "series[4].operation");
	assert_str(get(e, "bucket_start"), "2026-01-01T00:00:00.000Z", "series[4].bucket_start");
	json_decref(root);
	free(text);
	report_free(r);
}

Test(emit_json, week_and_month_bucket_names)
{
	static const struct {
		enum bucket b;
		const char *name;
	} cases[] = {{BUCKET_WEEK, "week"}, {BUCKET_MONTH, "month"}};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct report *r = fixture_trends_report();
		char *text;
		json_t *root;

		r->bucket = cases[i].b;
		text = run_json(r);
		root = parse(text);
		assert_str(get(root, "bucket"), cases[i].name, "bucket");
		json_decref(root);
		free(text);
		report_free(r);
	}
}

Test(emit_json, empty_report_has_every_key_and_null_error_rate)
{
	struct report *r = fixture_empty_report();
	char *text = run_json(r);
	json_t *root = parse(text);
	json_t *t;

	assert_keys(root, top_keys, ARRAY_SIZE(top_keys), "root");
	t = get(root, "totals");
	assert_int(get(t, "count"), 0, "totals.count");
	cr_assert(json_is_null(get(t, "error_rate_pct")));
	cr_assert(json_is_array(get(root, "operations")));
	cr_assert_eq(json_array_size(get(root, "operations")), 0);
	cr_assert_eq(json_array_size(get(root, "slowest")), 0);
	cr_assert_eq(json_array_size(get(root, "degradations")), 0);
	cr_assert_eq(json_array_size(get(root, "previous_only")), 0);
	json_decref(root);
	free(text);
	report_free(r);
}

Test(emit_json, output_is_indented_and_ends_with_newline)
{
	struct report *r = fixture_report();
	char *text = run_json(r);
	static const char head[] = "{\n  \"schema_version\": 1,\n  \"command\": \"monthly\",\n";
	size_t len = strlen(text);

	cr_assert_eq(strncmp(text, head, strlen(head)), 0);
	cr_assert_geq(len, 4);
	cr_assert_str_eq(text + len - 4, "}\n}\n"); /* the verdict object closes it */
	free(text);
	report_free(r);
}

Test(emit_json, invalid_utf8_is_repaired_not_fatal)
{
	struct report *r = fixture_report();
	char *text;
	json_t *root;

	free(r->rows[0].operation);
	r->rows[0].operation = xstrdup("bad\xff" "name\xed\xa0\x80" "ok\xc3\xa9");
	free(r->slowest[0].session_id);
	r->slowest[0].session_id = xstrdup("\xc0\xaf" "\xe0\x80\xaf" "\xf4\x90\x80\x80"
	    "\xf0\x9f\x98\x80");
	text = run_json(r);
	root = parse(text);
	assert_str(get(json_array_get(get(root, "operations"), 0), "operation"),
	    "bad\xef\xbf\xbd" "name\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "ok\xc3\xa9", "repaired");
	assert_str(get(json_array_get(get(root, "slowest"), 0), "session_id"),
	    "\xef\xbf\xbd\xef\xbf\xbd" /* overlong '/' */
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" /* overlong 3-byte form */
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" /* past U+10FFFF */
	    "\xf0\x9f\x98\x80", "repaired session"); /* U+1F600 kept */
	json_decref(root);
	free(text);
	report_free(r);
}

Test(emit_json, write_error_returns_minus_one)
{
	struct report *r = fixture_report();
	struct emit_opts eo = {.top = 10};
	FILE *full = fopen("/dev/full", "w");

	cr_assert_not_null(full);
	setvbuf(full, NULL, _IONBF, 0);
	cr_assert_eq(emit_json(r, &eo, full), -1);
	fclose(full);
	report_free(r);
}

Test(emit_json, number_text_matches_numfmt_for_every_shape)
{
	static const struct {
		double v;
		const char *text;
		bool integer;
	} cases[] = {
		{0.1, "0.1", false},
		{2.0000000000000004, "2", true},
		{-50, "-50", true},
		{1.0 / 3.0, "0.333333333333333", false},
		{123456789012345.6, "123456789012346", true},
		{999999999999999, "999999999999999", true},
		{1e15, "1e15", false},
		{1e-5, "1e-5", false},
		{-0.0, "0", true},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		json_t *v = emit_json_number(cases[i].v);
		char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));

		cr_assert_not_null(text);
		cr_assert_str_eq(text, cases[i].text, "case %zu", i);
		cr_assert_eq(json_is_integer(v), cases[i].integer, "case %zu", i);
		free(text);
		json_decref(v);
	}
}

Test(emit_json, number_is_null_when_not_finite)
{
	json_t *v = emit_json_number(NAN);

	cr_assert(json_is_null(v));
	json_decref(v);
	v = emit_json_number(-INFINITY);
	cr_assert(json_is_null(v));
	json_decref(v);
}

/* ---- CI gate -------------------------------------------------------------------------- */

static const char *const top_keys_gate[] = {
	"schema_version", "command", "generated_at", "window", "previous_window", "input",
	"totals", "percentiles", "operations", "slowest", "most_frequent", "degradations",
	"previous_only", "targets", "baseline", "verdict"
};

Test(emit_json, verdict_always_present)
{
	struct report *r = fixture_empty_report();
	char *text = run_json(r);
	json_t *root = parse(text), *v = get(root, "verdict");
	static const char *const verdict_keys[] = {"level", "text"};

	assert_keys(v, verdict_keys, 2, "verdict");
	assert_str(get(v, "level"), "no_data", "verdict.level");
	assert_str(get(v, "text"), "no data: no record in the window", "verdict.text");
	json_decref(root);
	free(text);
	report_free(r);

	r = fixture_report();
	text = run_json(r);
	root = parse(text);
	v = get(root, "verdict");
	assert_str(get(v, "level"), "critical", "verdict.level");
	assert_str(get(v, "text"), "3 degradations", "verdict.text");
	json_decref(root);
	free(text);
	report_free(r);
}

Test(emit_json, verdict_text_null_when_not_made)
{
	struct report *r = fixture_report();
	char *text;
	json_t *root;

	free(r->gate.verdict);
	r->gate.verdict = NULL;
	r->gate.level = VERDICT_WARNING;
	text = run_json(r);
	root = parse(text);
	assert_str(get(get(root, "verdict"), "level"), "warning", "verdict.level");
	cr_assert(json_is_null(get(get(root, "verdict"), "text")));
	json_decref(root);
	free(text);
	report_free(r);
}

Test(emit_json, targets_and_baseline_sections)
{
	struct report *r = fixture_gate_report();
	char *text = run_json(r);
	json_t *root = parse(text), *t, *b, *e, *a;
	static const char *const targets_keys[] = {
		"file", "met", "warning", "critical", "no_data", "total", "results"
	};
	static const char *const target_keys[] = {
		"operation", "metric", "value", "target", "critical", "status"
	};
	static const char *const baseline_keys[] = {
		"file", "regression", "warning", "improved", "unchanged", "results",
		"only_current", "only_baseline"
	};
	static const char *const base_keys[] = {
		"operation", "metric", "baseline", "current", "change_pct", "test", "p_value",
		"q_value", "baseline_count", "current_count", "status"
	};

	assert_keys(root, top_keys_gate, ARRAY_SIZE(top_keys_gate), "root");
	t = get(root, "targets");
	assert_keys(t, targets_keys, ARRAY_SIZE(targets_keys), "targets");
	assert_str(get(t, "file"), "perf-targets.json", "targets.file");
	assert_int(get(t, "met"), 2, "targets.met");
	assert_int(get(t, "warning"), 1, "targets.warning");
	assert_int(get(t, "critical"), 1, "targets.critical");
	assert_int(get(t, "no_data"), 0, "targets.no_data");
	assert_int(get(t, "total"), 4, "targets.total");
	a = get(t, "results");
	cr_assert_eq(json_array_size(a), 4);
	for (size_t i = 0; i < 4; i++)
		assert_keys(json_array_get(a, i), target_keys, 6, "target result");
	e = json_array_get(a, 0);
	assert_str(get(e, "operation"), "api_call", "targets[0].operation");
	assert_str(get(e, "metric"), "error_rate_pct", "targets[0].metric");
	assert_real(get(e, "value"), 5.0 / 3.0, "targets[0].value");
	assert_int(get(e, "target"), 1, "targets[0].target");
	assert_real(get(e, "critical"), 1.5, "targets[0].critical");
	assert_str(get(e, "status"), "critical", "targets[0].status");
	assert_str(get(json_array_get(a, 1), "status"), "warning", "targets[1].status");
	assert_str(get(json_array_get(a, 2), "status"), "met", "targets[2].status");
	e = json_array_get(a, 3);
	assert_str(get(e, "operation"), "=evil|op`@team<b>\n", "targets[3].operation");
	cr_assert(json_is_null(get(e, "critical")), "no critical threshold is null");

	b = get(root, "baseline");
	assert_keys(b, baseline_keys, ARRAY_SIZE(baseline_keys), "baseline");
	assert_str(get(b, "file"), "baseline.json", "baseline.file");
	assert_int(get(b, "regression"), 1, "baseline.regression");
	assert_int(get(b, "warning"), 1, "baseline.warning");
	assert_int(get(b, "improved"), 1, "baseline.improved");
	assert_int(get(b, "unchanged"), 2, "baseline.unchanged");
	a = get(b, "results");
	cr_assert_eq(json_array_size(a), 5);
	for (size_t i = 0; i < 5; i++)
		assert_keys(json_array_get(a, i), base_keys, ARRAY_SIZE(base_keys),
		    "baseline result");
	e = json_array_get(a, 0);
	assert_str(get(e, "operation"), "api_call", "baseline[0].operation");
	assert_str(get(e, "metric"), "avg_ms", "baseline[0].metric");
	assert_int(get(e, "baseline"), 100, "baseline[0].baseline");
	assert_real(get(e, "current"), 120.5, "baseline[0].current");
	assert_real(get(e, "change_pct"), 20.5, "baseline[0].change_pct");
	assert_str(get(e, "status"), "regression", "baseline[0].status");
	assert_str(get(e, "test"), "welch", "baseline[0].test");
	assert_real(get(e, "p_value"), 0.0004, "baseline[0].p_value");
	assert_real(get(e, "q_value"), 0.0004, "baseline[0].q_value");
	assert_int(get(e, "baseline_count"), 500, "baseline[0].baseline_count");
	assert_int(get(e, "current_count"), 600, "baseline[0].current_count");
	e = json_array_get(a, 2);
	cr_assert(json_is_null(get(e, "change_pct")), "change from 0 is null");
	assert_str(get(e, "status"), "unchanged", "baseline[2].status");
	assert_str(get(json_array_get(a, 3), "status"), "improved", "baseline[3].status");
	assert_str(get(json_array_get(a, 4), "status"), "warning", "baseline[4].status");
	a = get(b, "only_current");
	cr_assert_eq(json_array_size(a), 1);
	assert_str(json_array_get(a, 0), "=evil|op`@team<b>\n", "only_current[0]");
	a = get(b, "only_baseline");
	cr_assert_eq(json_array_size(a), 1);
	assert_str(json_array_get(a, 0), "retired_op", "only_baseline[0]");
	assert_str(get(get(root, "verdict"), "level"), "critical", "verdict.level");
	json_decref(root);
	free(text);
	report_free(r);
}

Test(emit_json, only_the_given_gate_section)
{
	struct report *r = fixture_gate_report();
	char *text;
	json_t *root;

	r->gate.has_baseline = false;
	text = run_json(r);
	root = parse(text);
	cr_assert_not_null(json_object_get(root, "targets"));
	cr_assert_null(json_object_get(root, "baseline"));
	json_decref(root);
	free(text);
	r->gate.has_baseline = true;
	r->gate.has_targets = false;
	text = run_json(r);
	root = parse(text);
	cr_assert_null(json_object_get(root, "targets"));
	cr_assert_not_null(json_object_get(root, "baseline"));
	json_decref(root);
	free(text);
	report_free(r);
}

Test(emit_json, slower_since_is_an_iso_date)
{
	struct report *r = fixture_report();
	char *text;
	json_t *root, *a;

	r->findings[1].has_since = true;
	r->findings[1].since = (int64_t)1791936000 * 1000000; /* 2026-10-14T00:00:00Z */
	text = run_json(r);
	root = parse(text);
	a = get(root, "degradations");
	assert_str(get(json_array_get(a, 1), "since"), "2026-10-14", "deg[1].since");
	cr_assert(json_is_null(get(json_array_get(a, 0), "since")), "outlier: no since");
	json_decref(root);
	free(text);
	report_free(r);
}
