/* test-changes.c - the changes model (changes.h) over a hand-built report, and its four
 * formats (emit-changes.h): where the change is, what it says, what --fail-on counts. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "emit-changes.h"
#include "timeutil.h"
#include "xalloc.h"

#define DAY ((int64_t)86400 * 1000000)
/* 2026-10-01T00:00:00Z */
#define T0 ((int64_t)1790812800 * 1000000)

/* A report of two operations over 40 daily buckets: "api_call" p50 steps from 100 to
 * 150 ms on day 25 (2026-10-26), "db_query" stays at 20 ms. Small deterministic wiggle. */
static struct report *
two_ops(void)
{
	struct report *r = xcalloc(1, sizeof(*r));
	static const double wiggle[4] = { -0.5, 0.25, 0.5, -0.25 };

	r->command = CMD_REPORT;
	r->bucket = BUCKET_DAY;
	r->start = T0;
	r->end = T0 + 40 * DAY;
	r->n_rows = 2;
	r->rows = xcalloc(2, sizeof(*r->rows));
	r->rows[0].operation = xstrdup("api_call");
	r->rows[1].operation = xstrdup("db_query");
	r->n_buckets = 40;
	r->buckets = xcalloc(40, sizeof(*r->buckets));
	for (size_t k = 0; k < 40; k++)
		r->buckets[k] = T0 + (int64_t)k * DAY;
	r->n_series = 80;
	r->series = xcalloc(80, sizeof(*r->series));
	for (size_t i = 0; i < 80; i++) {
		struct series_row *s = &r->series[i];
		size_t k = i % 40;

		s->row = i / 40;
		s->operation = xstrdup(r->rows[s->row].operation);
		s->bucket_start = T0 + (int64_t)k * DAY;
		s->count = 100;
		s->p50_ms = (s->row == 0 ? (k < 25 ? 100.0 : 150.0) : 20.0) + wiggle[k % 4];
		s->avg_ms = s->p50_ms + 1.0;
	}
	return r;
}

/* Everything format f writes for c. */
static char *
written(const struct changes *c, enum format f)
{
	struct emit_opts eo = { .width = 100 };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	cr_assert_not_null(out);
	cr_assert_eq(emit_changes(c, f, &eo, out), 0);
	fclose(out);
	return buf;
}

Test(changes, step_found_at_its_bucket)
{
	struct report *r = two_ops();
	struct changes *c = changes_build(r, METRIC_P50, 5, 0.0001, 7, 10.0);

	cr_assert_eq(c->n_points, 1);
	cr_assert_eq(c->n_rows_changed, 1);
	cr_assert_eq(c->points[0].row, 0);
	cr_assert_eq(c->points[0].at, T0 + 25 * DAY);
	cr_assert(c->points[0].worse);
	cr_assert(c->points[0].has_pct);
	cr_assert(c->points[0].change_pct > 49.0 && c->points[0].change_pct < 51.0);
	cr_assert_eq(c->points[0].count_before, 2500);
	cr_assert_eq(c->points[0].count_after, 1500);
	cr_assert(!c->points[0].recent, "day 25 is before the last 7 days");
	cr_assert_eq(c->n_recent_worse, 0);
	changes_free(c);
	report_free(r);
}

Test(changes, recent_worse_counts_for_fail_on)
{
	struct report *r = two_ops();
	struct changes *c = changes_build(r, METRIC_P50, 5, 0.0001, 15, 10.0);
	char *s;

	cr_assert(c->points[0].recent);
	cr_assert_eq(c->n_recent_worse, 1);
	s = written(c, FMT_MD);
	cr_assert(strstr(s, "\n1 of them in the last 15 days made p50 worse by more than 10%.\n")
	    != NULL, "%s", s);
	free(s);
	s = written(c, FMT_JSON);
	cr_assert(strstr(s, "\"recent_worse\": 1,") != NULL, "%s", s);
	free(s);
	changes_free(c);
	/* +50 % is not worse by more than 60 %. */
	c = changes_build(r, METRIC_P50, 5, 0.0001, 15, 60.0);
	cr_assert_eq(c->n_recent_worse, 0);
	changes_free(c);
	report_free(r);
}

Test(changes, a_rise_from_zero_is_worse_by_any_percentage)
{
	struct report *r = two_ops();
	struct changes *c;

	for (size_t k = 25; k < 40; k++)
		r->series[k].error_rate_pct = 5.0;
	c = changes_build(r, METRIC_ERROR_RATE, 5, 0.0001, 15, 1000.0);
	cr_assert_eq(c->n_points, 1);
	cr_assert_eq(c->points[0].at, T0 + 25 * DAY);
	cr_assert(!c->points[0].has_pct);
	cr_assert_eq(c->n_recent_worse, 1);
	changes_free(c);
	report_free(r);
}

Test(changes, metric_chooses_the_series)
{
	struct report *r = two_ops();
	struct changes *c = changes_build(r, METRIC_ERROR_RATE, 5, 0.0001, 40, 10.0);

	/* Every error rate is 0: nothing changed. */
	cr_assert_eq(c->n_points, 0);
	cr_assert_str_eq(changes_metric_key(METRIC_ERROR_RATE), "error_rate_pct");
	cr_assert_str_eq(changes_metric_word(METRIC_P95), "p95");
	changes_free(c);
	report_free(r);
}

Test(changes, json_csv_md_term)
{
	struct report *r = two_ops();
	struct changes *c = changes_build(r, METRIC_P50, 5, 0.0001, 7, 10.0);
	char *s;

	s = written(c, FMT_JSON);
	cr_assert(strstr(s, "\"command\": \"changes\"") != NULL, "%s", s);
	cr_assert(strstr(s, "\"metric\": \"p50_ms\"") != NULL);
	cr_assert(strstr(s, "{\"operation\":\"api_call\",\"at\":\"2026-10-26T00:00:00.000Z\","
	    "\"before\":") != NULL, "%s", s);
	cr_assert(strstr(s, "\"count_before\":2500,\"count_after\":1500}") != NULL, "%s", s);
	free(s);
	s = written(c, FMT_CSV);
	cr_assert(strncmp(s, "operation,at,metric,before,after,change_pct,p_value,"
	    "count_before,count_after\r\napi_call,2026-10-26T00:00:00.000Z,p50_ms,", 109) == 0,
	    "%s", s);
	free(s);
	s = written(c, FMT_MD);
	cr_assert(strstr(s, "| `api_call` | 2026-10-26 | ") != NULL, "%s", s);
	cr_assert(strstr(s, "title \"api_call: p50, changed 2026-10-26 (+") != NULL, "%s", s);
	cr_assert(strstr(s, "1 change point in 1 of 2 operations") != NULL, "%s", s);
	free(s);
	s = written(c, FMT_TERM);
	cr_assert(strstr(s, "api_call") != NULL && strstr(s, "2026-10-26") != NULL, "%s", s);
	free(s);
	cr_assert_eq(emit_changes(c, FMT_XLSX, &(struct emit_opts){ 0 }, stdout), -1);
	changes_free(c);
	report_free(r);
}

/* Occurrences of needle in s. */
static size_t
count_of(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(s, needle); p != NULL; p = strstr(p + 1, needle))
		n++;
	return n;
}

Test(changes, html_marks_each_change_point_and_md_keeps_gaps)
{
	struct report *r = two_ops();
	struct changes *c;
	char *s;

	/* api_call has no record on day 3: its series skips that bucket. */
	free(r->series[3].operation);
	memmove(&r->series[3], &r->series[4], (80 - 4) * sizeof(*r->series));
	r->n_series = 79; /* the last entry, now a copy of the one before, is not listed */
	c = changes_build(r, METRIC_P50, 5, 0.0001, 7, 10.0);
	cr_assert_eq(c->n_points, 1);
	s = written(c, FMT_HTML);
	cr_assert(strncmp(s, "<!DOCTYPE html>", 15) == 0, "%s", s);
	cr_assert(strstr(s, "<tr><td><code>api_call</code></td><td>2026-10-26</td>") != NULL,
	    "%s", s);
	cr_assert_eq(count_of(s, "<figure>"), 1, "one chart: db_query did not change");
	cr_assert_eq(count_of(s, "class=\"cp\""), 2, "one change point: its line and label");
	cr_assert_eq(count_of(s, "class=\"level\""), 2, "the means of its two segments");
	/* the gap splits the line in two: days 0-2 and 4-39 */
	cr_assert_eq(count_of(s, "class=\"metric\""), 2, "%s", s);
	cr_assert(strstr(s, "p &lt; 0.0001") != NULL, "escaped summary");
	cr_assert(strstr(s, "</body>\n</html>\n") != NULL);
	free(s);
	s = written(c, FMT_MD);
	cr_assert(strstr(s, "y-axis \"ms\" 0 --> 200\n    bar [99.50, 100.25, 100.50, 0, 99.50,")
	    != NULL, "%s", s);
	free(s);
	changes_free(c);
	report_free(r);
}

/* 30 daily values from T0 (some days missing: starts are not evenly spaced): level 10,
 * then 20 from index up; x/starts filled. */
static void
since_series(double *x, int64_t *starts, size_t index, bool up)
{
	static const double wiggle[4] = { -0.5, 0.25, 0.5, -0.25 };

	for (size_t k = 0; k < 30; k++) {
		x[k] = (k >= index ? (up ? 20.0 : 5.0) : 10.0) + wiggle[k % 4];
		starts[k] = T0 + (int64_t)(k + k / 7) * DAY; /* every 7th day skipped */
	}
}

Test(changes, since_names_the_rising_step_inside_the_window)
{
	double x[30];
	int64_t starts[30], at = -1;

	since_series(x, starts, 18, true);
	cr_assert(changes_since(x, starts, 30, starts[10], 5, 0.0001, &at));
	cr_assert_eq(at, starts[18], "at %lld, want %lld", (long long)at, (long long)starts[18]);
	/* The same step before the window's start is not named. */
	at = -1;
	cr_assert_not(changes_since(x, starts, 30, starts[19], 5, 0.0001, &at));
	cr_assert_eq(at, -1);
}

Test(changes, since_ignores_a_fall_and_a_flat_series)
{
	double x[30];
	int64_t starts[30], at = -1;

	since_series(x, starts, 18, false);
	cr_assert_not(changes_since(x, starts, 30, starts[0], 5, 0.0001, &at));
	since_series(x, starts, 30, true);
	cr_assert_not(changes_since(x, starts, 30, starts[0], 5, 0.0001, &at));
	cr_assert_not(changes_since(x, starts, 0, starts[0], 5, 0.0001, &at));
	cr_assert_eq(at, -1);
}

Test(changes, since_names_where_a_rise_in_steps_began)
{
	double x[30];
	int64_t starts[30], at = -1;

	since_series(x, starts, 10, true);
	for (size_t k = 20; k < 30; k++)
		x[k] += 15.0;
	cr_assert(changes_since(x, starts, 30, starts[0], 5, 0.0001, &at));
	cr_assert_eq(at, starts[10], "two rises in a row: since the first");
	/* the first step before the window: since the one inside */
	cr_assert(changes_since(x, starts, 30, starts[11], 5, 0.0001, &at));
	cr_assert_eq(at, starts[20]);
}

Test(changes, since_skips_a_rise_that_fell_back)
{
	static const double wiggle[4] = { -0.5, 0.25, 0.5, -0.25 };
	double x[80];
	int64_t starts[80], at = -1;

	/* 10, up to 20 at 20, back to 10 at 40, up to 20 again at 60 */
	for (size_t k = 0; k < 80; k++) {
		x[k] = ((k >= 20 && k < 40) || k >= 60 ? 20.0 : 10.0) + wiggle[k % 4];
		starts[k] = T0 + (int64_t)k * DAY;
	}
	cr_assert(changes_since(x, starts, 80, starts[0], 5, 0.0001, &at));
	cr_assert_eq(at, starts[60], "at %lld", (long long)at);
}
