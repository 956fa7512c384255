/* test-summary.c - the summary file (SPEC section 18): what the writer prints, byte for
 * byte; the strict reader's answer to hostile summaries (a FILE:LINE message, never a
 * crash); merge refusals; the exact limit under merging. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "timeutil.h"

#define HDR "{\"perf_reporter_summary\": 1, \"bucket\": \"day\", \"accuracy\": 0.01, " \
	"\"exact_limit\": 3, \"by\": [\"operation_type\"], \"unit\": \"ms\"}\n"
#define LINE_START "{\"bucket_start\": \"2026-10-01T00:00:00.000Z\", \"group\": " \
	"{\"operation_type\": \"a\"}, "

/* T0: 2026-10-01 00:00 UTC. */
static int64_t
t0(void)
{
	int64_t us;
	const char *why;

	cr_assert_eq(tu_parse("2026-10-01T00:00:00Z", 20, 0, &us, &why), 0);
	return us;
}

/* s written to a heap string. */
static char *
written(const struct summary *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	summary_write(s, f);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

/* A summary of by operation_type, day buckets, accuracy 0.01, exact_limit lim. */
static void
mk(struct summary *s, uint64_t lim)
{
	char *by[] = {(char *)"operation_type"};

	summary_init(s, SUMMARY_DAY, 0.01, lim, by, 1, "ms");
}

/* Add one record of op at T0 + hours. */
static void
add(struct summary *s, const char *op, int hours, double d, bool failed)
{
	char *by[] = {(char *)"operation_type"}, *vals[] = {(char *)op};
	char *g = summary_group_text(by, vals, 1), *err = NULL;

	cr_assert_eq(summary_add(s, t0() + hours * INT64_C(3600000000), g, strlen(g), d, failed,
	    &err), 0);
	free(g);
}

Test(summary, writes_the_format_of_spec_18)
{
	struct summary s;
	char *out;

	mk(&s, 3);
	add(&s, "b", 1, 0.1, false);
	add(&s, "a", 2, 3.0, true);
	add(&s, "a", 3, 1.0, false);
	add(&s, "a", 30, 2.0, false);
	summary_finish(&s);
	out = written(&s);
	cr_assert_str_eq(out, HDR
	    LINE_START "\"count\": 2, \"failed\": 1, \"min\": 1, \"max\": 3, \"mean\": 2, \"m2\": 2, "
	    "\"values\": [1, 3]}\n"
	    "{\"bucket_start\": \"2026-10-01T00:00:00.000Z\", \"group\": {\"operation_type\": \"b\"}, "
	    "\"count\": 1, \"failed\": 0, \"min\": 0.10000000000000001, \"max\": 0.10000000000000001, "
	    "\"mean\": 0.10000000000000001, \"m2\": 0, \"values\": [0.10000000000000001]}\n"
	    "{\"bucket_start\": \"2026-10-02T00:00:00.000Z\", \"group\": {\"operation_type\": \"a\"}, "
	    "\"count\": 1, \"failed\": 0, \"min\": 2, \"max\": 2, \"mean\": 2, \"m2\": 0, "
	    "\"values\": [2]}\n");
	free(out);
	summary_free(&s);
}

Test(summary, past_the_exact_limit_a_histogram)
{
	struct summary s;
	char *out;

	mk(&s, 2);
	add(&s, "a", 0, 1.0, false);
	add(&s, "a", 0, 1.0, false);
	add(&s, "a", 0, 0.0, false);
	summary_finish(&s);
	cr_assert(s.lines[0].hist);
	out = written(&s);
	cr_assert(strstr(out, "\"histogram\": {\"gamma\": 1.0202020202020201, \"offset\": 0, "
	    "\"counts\": [2], \"zeros\": 1}}\n") != NULL, "%s", out);
	cr_assert_null(strstr(out, "\"values\""));
	free(out);
	summary_free(&s);
}

Test(summary, an_m2_past_the_largest_double_is_an_error)
{
	struct summary s, t;
	char *by[] = {(char *)"operation_type"}, *vals[] = {(char *)"a"};
	char *g = summary_group_text(by, vals, 1), *err = NULL;

	mk(&s, 3);
	cr_assert_eq(summary_add(&s, t0(), g, strlen(g), 1e308, false, &err), 0);
	cr_assert_eq(summary_add(&s, t0(), g, strlen(g), 0.0, false, &err), -1);
	cr_assert_str_eq(err, "durations too large to summarize: the sum of squared deviations "
	    "passes 1.79769e+308");
	free(err);
	summary_free(&s);
	/* two lines of m2 1e308 each, merged */
	mk(&s, 3);
	mk(&t, 3);
	add(&s, "a", 0, 1.0, false);
	add(&t, "a", 0, 1.0, false);
	s.lines[0].m2 = 1e308;
	t.lines[0].m2 = 1e308;
	cr_assert_eq(summary_merge(&s, &t, "a.jsonl", "b.jsonl", &err), -1);
	cr_assert_str_eq(err, "merging b.jsonl into a.jsonl: the sum of squared deviations (m2) "
	    "of one bucket and group passes 1.79769e+308");
	free(err);
	free(g);
	summary_free(&s);
	summary_free(&t);
}

Test(summary, hour_buckets_floor_to_the_hour)
{
	int64_t t = t0();

	cr_assert_eq(summary_bucket_floor(SUMMARY_HOUR, t + 3599999999), t);
	cr_assert_eq(summary_bucket_floor(SUMMARY_HOUR, t - 1), t - INT64_C(3600000000));
	cr_assert_eq(summary_bucket_floor(SUMMARY_DAY, t + 86399999999), t);
}

Test(summary, reads_back_what_it_wrote)
{
	struct summary s, *back;
	char *out, *err = NULL;

	mk(&s, 4);
	for (int i = 0; i < 40; i++)
		add(&s, i % 3 ? "x\"y\\z\xc3\xa9" : "w", i, 0.001 * i * i, i % 5 == 0);
	summary_finish(&s);
	out = written(&s);
	back = summary_parse(out, strlen(out), "mem", &err);
	cr_assert_not_null(back, "%s", err);
	cr_assert(summary_equal(&s, back, 0, 0));
	summary_free(back);
	free(back);
	free(out);
	summary_free(&s);
}

/* The reader's message for text, which must fail. */
static char *
fails(const char *text)
{
	char *err = NULL;
	struct summary *s = summary_parse(text, strlen(text), "f.jsonl", &err);

	cr_assert_null(s, "accepted: %s", text);
	cr_assert_not_null(err);
	return err;
}

#define cr_assert_fails(text, want) do { \
	char *e_ = fails(text); \
	cr_assert_str_eq(e_, (want)); \
	free(e_); \
} while (0)

Test(summary, hostile_headers)
{
	cr_assert_fails("", "f.jsonl: empty: a summary starts with its header line");
	cr_assert_fails("{\"perf_reporter_summary\": 2}\n",
	    "f.jsonl:1: summary version 2; this perf-reporter reads version 1");
	cr_assert_fails("{\"timestamp\": 1}\n",
	    "f.jsonl:1: not a summary: the first line has no \"perf_reporter_summary\" key");
	cr_assert_fails("{\"perf_reporter_summary\": 1, \"bucket\": \"week\"}\n",
	    "f.jsonl:1: \"bucket\" must be \"hour\" or \"day\"");
	cr_assert_fails("{\"perf_reporter_summary\": 1, \"bucket\": \"day\", \"accuracy\": 0.5, "
	    "\"exact_limit\": 3, \"by\": [\"operation_type\"], \"unit\": \"ms\"}",
	    "f.jsonl:1: \"accuracy\" is 0.5, outside 0.005..0.1");
	cr_assert_fails("{\"perf_reporter_summary\": 1, \"bucket\": \"day\", \"accuracy\": 0.01, "
	    "\"exact_limit\": -3, \"by\": [\"operation_type\"], \"unit\": \"ms\"}",
	    "f.jsonl:1: \"exact_limit\" is -3, outside 0..1048576");
	cr_assert_fails("{\"perf_reporter_summary\": 1, \"bucket\": \"day\", \"accuracy\": 0.01, "
	    "\"exact_limit\": 3, \"by\": [\"a\", \"a\"], \"unit\": \"ms\"}",
	    "f.jsonl:1: \"by\" names a key twice");
	cr_assert_fails("{\"perf_reporter_summary\": 1, \"bucket\": \"day\", \"accuracy\": 0.01, "
	    "\"exact_limit\": 3, \"by\": [\"a\"], \"unit\": \"ms\", \"x\": 1}",
	    "f.jsonl:1: the header has the key \"x\", which it may not have");
	cr_assert_fails("{\"perf_reporter_summary\": 1, \"accuracy\": NaN}\n",
	    "f.jsonl:1: not valid JSON: invalid token near 'NaN'");
	cr_assert_fails("[1]\n", "f.jsonl:1: not a JSON object");
}

Test(summary, hostile_lines)
{
	cr_assert_fails(HDR "\n" LINE_START "\"count\": -2, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": 0, \"values\": [1]}\n",
	    "f.jsonl:3: \"count\" is -2, outside 1..9223372036854775807");
	cr_assert_fails(HDR LINE_START "\"count\": 1, \"failed\": 2, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": 0, \"values\": [1]}\n",
	    "f.jsonl:2: \"failed\" is 2, outside 0..1");
	cr_assert_fails(HDR LINE_START "\"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": -1, \"values\": [1]}\n",
	    "f.jsonl:2: \"m2\" is negative (-1)");
	cr_assert_fails(HDR LINE_START "\"count\": 2, \"failed\": 0, \"min\": 1, \"max\": 2, "
	    "\"mean\": 1.5, \"m2\": 0.5, \"values\": [2, 1]}\n",
	    "f.jsonl:2: \"values\" are not in ascending order (item 1)");
	cr_assert_fails(HDR LINE_START "\"count\": 2, \"failed\": 0, \"min\": 1, \"max\": 2, "
	    "\"mean\": 1.5, \"m2\": 0.5, \"values\": [1]}\n",
	    "f.jsonl:2: \"values\" holds 1 numbers for a count of 2");
	cr_assert_fails(HDR LINE_START "\"count\": 4, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": 0, \"values\": [1, 1, 1, 1]}\n",
	    "f.jsonl:2: \"values\" on a line of 4 records, past the header's exact_limit 3 (a "
	    "histogram belongs there)");
	cr_assert_fails(HDR LINE_START "\"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": 0, \"histogram\": {\"gamma\": 1.0202020202020201, "
	    "\"offset\": 39999, \"counts\": [0, 0, 1], \"zeros\": 0}}\n",
	    "f.jsonl:2: \"histogram\" runs past bucket 40000 (offset 39999, 3 counts)");
	cr_assert_fails(HDR LINE_START "\"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": 0, \"histogram\": {\"gamma\": 1.0202020202020201, "
	    "\"offset\": 9000000000, \"counts\": [1], \"zeros\": 0}}\n",
	    "f.jsonl:2: \"offset\" is 9000000000, outside -40000..40000");
	cr_assert_fails(HDR LINE_START "\"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": 0, \"histogram\": {\"gamma\": 1.1, "
	    "\"offset\": 0, \"counts\": [1], \"zeros\": 0}}\n",
	    "f.jsonl:2: \"histogram\".\"gamma\" is 1.1000000000000001, not the header's "
	    "(1 + accuracy) / (1 - accuracy) = 1.0202020202020201");
	cr_assert_fails(HDR LINE_START "\"count\": 5, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": 0, \"histogram\": {\"gamma\": 1.0202020202020201, "
	    "\"offset\": 0, \"counts\": [1, 2], \"zeros\": 1}}\n",
	    "f.jsonl:2: \"histogram\" holds 4 values for a count of 5");
	cr_assert_fails(HDR LINE_START "\"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": 0, \"histogram\": {\"gamma\": 1.0202020202020201, "
	    "\"offset\": 0, \"counts\": [1], \"zeros\": 0, \"sum\": 1}}\n",
	    "f.jsonl:2: \"histogram\" has the key \"sum\", which it may not have");
	cr_assert_fails(HDR LINE_START "\"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": 0}\n",
	    "f.jsonl:2: a line holds either \"values\" or \"histogram\"");
	cr_assert_fails(HDR LINE_START "\"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 9, \"m2\": 0, \"values\": [1]}\n",
	    "f.jsonl:2: \"mean\" lies outside [min, max]");
}

Test(summary, hostile_groups_buckets_and_order)
{
	cr_assert_fails(HDR "{\"bucket_start\": \"2026-10-01T05:00:00Z\", \"group\": "
	    "{\"operation_type\": \"a\"}, \"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": 0, \"values\": [1]}\n",
	    "f.jsonl:2: \"bucket_start\" is not the start of an day (00:00 UTC)");
	cr_assert_fails(HDR "{\"bucket_start\": \"2026-10-01\", \"group\": {}}\n",
	    "f.jsonl:2: \"bucket_start\": timestamp has no time (bare date)");
	cr_assert_fails(HDR LINE_START "\"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": 0, \"values\": [1]}\n"
	    "{\"bucket_start\": \"2026-10-01T00:00:00.000Z\", \"group\": {\"host\": \"a\"}}\n",
	    "f.jsonl:3: \"group\" has the key \"host\", which it may not have");
	cr_assert_fails(HDR "{\"bucket_start\": \"2026-10-01T00:00:00.000Z\", \"group\": "
	    "{\"operation_type\": 7}}\n",
	    "f.jsonl:2: \"group\" must give the key \"operation_type\" a string");
	cr_assert_fails(HDR LINE_START "\"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": 0, \"values\": [1]}\n"
	    LINE_START "\"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": 0, \"values\": [1]}\n",
	    "f.jsonl:3: the bucket and group of the line before again (each appears once)");
	cr_assert_fails(HDR "{\"bucket_start\": \"2026-10-02T00:00:00.000Z\", \"group\": "
	    "{\"operation_type\": \"a\"}, \"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": 0, \"values\": [1]}\n"
	    LINE_START "\"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": 0, \"values\": [1]}\n",
	    "f.jsonl:3: line out of order (lines ascend by bucket_start, then by the group's JSON "
	    "text)");
	cr_assert_fails(HDR HDR, "f.jsonl:2: a second summary header (summaries are merged by "
	    "naming each file, not by concatenating them)");
}

Test(summary, data_lines_may_carry_more_keys)
{
	const char *text = HDR LINE_START "\"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
	    "\"mean\": 1, \"m2\": 0, \"values\": [1], \"host\": \"web-1\"}\r\n\n";
	char *err = NULL;
	struct summary *s = summary_parse(text, strlen(text), "f", &err);

	cr_assert_not_null(s, "%s", err);
	cr_assert_eq(s->n, 1);
	summary_free(s);
	free(s);
}

/* summary_keep's test: the group's operation_type is "a". */
static bool
keep_a(void *ctx, const struct summary_line *l)
{
	char *op = summary_group_value(l, "operation_type");
	bool yes = op != NULL && strcmp(op, "a") == 0;

	(void)ctx;
	cr_assert_null(summary_group_value(l, "host"));
	free(op);
	return yes;
}

Test(summary, keep_selects_lines_by_their_group)
{
	struct summary s;

	mk(&s, 3);
	add(&s, "a", 0, 1.0, false);
	add(&s, "b", 0, 2.0, false);
	add(&s, "a", 30, 3.0, false);
	summary_finish(&s);
	summary_keep(&s, keep_a, NULL);
	cr_assert_eq(s.n, 2);
	cr_assert_str_eq(s.lines[1].group, "{\"operation_type\": \"a\"}");
	/* the hash follows: a record of b makes a new line, one of a joins its own */
	add(&s, "a", 0, 5.0, false);
	add(&s, "b", 0, 5.0, false);
	cr_assert_eq(s.n, 3);
	cr_assert_eq(s.lines[0].count, 2);
	summary_free(&s);
}

Test(summary, merge_refuses_other_buckets_keys_accuracy_units)
{
	struct summary a, b;
	char *by2[] = {(char *)"operation_type", (char *)"host"}, *err = NULL;

	mk(&a, 3);
	summary_init(&b, SUMMARY_HOUR, 0.01, 3, by2, 1, "ms");
	cr_assert_eq(summary_merge(&a, &b, "a.jsonl", "b.jsonl", &err), -1);
	cr_assert_str_eq(err, "a.jsonl has bucket day and b.jsonl bucket hour; summaries merge "
	    "only with the same bucket");
	free(err);
	summary_free(&b);
	summary_init(&b, SUMMARY_DAY, 0.01, 3, by2, 2, "ms");
	cr_assert_eq(summary_merge(&a, &b, "a.jsonl", "b.jsonl", &err), -1);
	cr_assert_str_eq(err, "a.jsonl and b.jsonl are grouped by different keys (\"by\"); "
	    "summaries merge only with the same keys in the same order");
	free(err);
	summary_free(&b);
	summary_init(&b, SUMMARY_DAY, 0.02, 3, by2, 1, "ms");
	cr_assert_eq(summary_merge(&a, &b, "a.jsonl", "b.jsonl", &err), -1);
	cr_assert_str_eq(err, "a.jsonl has accuracy 0.01 and b.jsonl accuracy 0.02; summaries "
	    "merge only with the same accuracy");
	free(err);
	summary_free(&b);
	summary_init(&b, SUMMARY_DAY, 0.01, 3, by2, 1, "s");
	cr_assert_eq(summary_merge(&a, &b, "a.jsonl", "b.jsonl", &err), -1);
	cr_assert_str_eq(err, "a.jsonl has unit \"ms\" and b.jsonl unit \"s\"; summaries merge "
	    "only with the same unit");
	free(err);
	summary_free(&b);
	summary_free(&a);
}

Test(summary, merge_takes_the_smaller_exact_limit)
{
	struct summary a, b;
	char *err = NULL;

	mk(&a, 10);
	mk(&b, 2);
	for (int i = 0; i < 3; i++)
		add(&a, "x", 0, 1.0 + i, false);
	add(&b, "y", 0, 1.0, false);
	cr_assert_eq(summary_merge(&a, &b, "a", "b", &err), 0);
	summary_finish(&a);
	cr_assert_eq(a.h.exact_limit, 2);
	cr_assert(a.lines[0].hist);   /* x: 3 values, past 2 now */
	cr_assert(!a.lines[1].hist);  /* y: 1 value */
	summary_free(&a);
	summary_free(&b);
}

Test(summary, merge_of_values_past_the_limit_becomes_a_histogram)
{
	struct summary a, b;
	char *err = NULL;

	mk(&a, 3);
	mk(&b, 3);
	add(&a, "x", 0, 1.0, false);
	add(&a, "x", 0, 2.0, false);
	add(&b, "x", 0, 3.0, true);
	add(&b, "x", 0, 4.0, false);
	cr_assert_eq(summary_merge(&a, &b, "a", "b", &err), 0);
	summary_finish(&a);
	cr_assert(a.lines[0].hist);
	cr_assert_eq(a.lines[0].count, 4);
	cr_assert_eq(a.lines[0].failed, 1);
	cr_assert_eq(sketch_total(&a.lines[0].sk), 4);
	cr_assert_float_eq(a.lines[0].mean, 2.5, 1e-15);
	cr_assert_float_eq(a.lines[0].m2, 5.0, 1e-12);
	cr_assert_float_eq(summary_line_stddev(&a.lines[0]), 1.2909944487358056, 1e-15);
	summary_free(&a);
	summary_free(&b);
}
