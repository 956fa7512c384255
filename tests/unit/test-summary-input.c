/* test-summary-input.c - what a report reads summaries with (SPEC section 18): the fast
 * reader gives what the strict one gives, line by line, and leaves every other shape to it;
 * summary_absorb keeps every value past the exact limit where summary_merge would make a
 * histogram; sketch_set_counts trims; whole-bucket windows. */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "summary-input.h"
#include "summary.h"
#include "timeutil.h"

#define HDR "{\"perf_reporter_summary\": 1, \"bucket\": \"day\", \"accuracy\": 0.01, " \
	"\"exact_limit\": 3, \"by\": [\"operation_type\", \"host\"], \"unit\": \"ms\"}\n"
#define L1 "{\"bucket_start\": \"2026-10-01T00:00:00.000Z\", \"group\": " \
	"{\"operation_type\": \"a\", \"host\": \"h1\"}, \"count\": 3, \"failed\": 1, " \
	"\"min\": 0.5, \"max\": 2.25, \"mean\": 1.25, \"m2\": 1.625, \"values\": [0.5, 1, 2.25]}\n"
#define L2 "{\"bucket_start\": \"2026-10-01T00:00:00.000Z\", \"group\": " \
	"{\"operation_type\": \"b\", \"host\": \"h1\"}, \"count\": 7, \"failed\": 0, " \
	"\"min\": 0, \"max\": 4.0999999999999996, \"mean\": 2, \"m2\": 9, \"histogram\": " \
	"{\"gamma\": 1.0202020202020201, \"offset\": -3, \"counts\": [1, 0, 2, 3], \"zeros\": 1}}\n"

/* text through a reader, fast (the default) or strict: the summary, or NULL and *err. */
static struct summary *
parse(const char *text, bool strict, char **err)
{
	struct summary_reader r;
	struct summary *s;
	const char *p = text;

	summary_reader_init(&r, "t");
	r.strict_only = strict;
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (summary_reader_line(&r, p, n, err) != 0) {
			summary_reader_free(&r);
			return NULL;
		}
		p += n + (nl != NULL);
	}
	s = summary_reader_end(&r, err);
	summary_reader_free(&r);
	return s;
}

/* Both readers agree on text: the same summary, or the same message (returned, heap). */
static char *
agree(const char *text)
{
	char *e1 = NULL, *e2 = NULL;
	struct summary *a = parse(text, false, &e1), *b = parse(text, true, &e2);

	cr_assert_eq(a == NULL, b == NULL, "%s", text);
	if (a == NULL) {
		cr_assert_str_eq(e1, e2);
		free(e2);
		return e1;
	}
	cr_assert(summary_equal(a, b, 0, 0), "%s", text);
	summary_free(a);
	free(a);
	summary_free(b);
	free(b);
	return NULL;
}

Test(summary_input, fast_reader_reads_the_written_shape)
{
	char *err = NULL;
	struct summary *s = parse(HDR L1 L2, false, &err);

	cr_assert_not_null(s, "%s", err);
	cr_assert_eq(s->n, 2);
	cr_assert_str_eq(s->lines[0].group, "{\"operation_type\": \"a\", \"host\": \"h1\"}");
	cr_assert_eq(s->lines[0].values[2], 2.25);
	cr_assert(s->lines[1].hist);
	cr_assert_eq(s->lines[1].sk.offset, -3); /* trimmed: the first count is not 0 */
	cr_assert_eq(s->lines[1].sk.n, 4);
	cr_assert_eq(s->lines[1].sk.zeros, 1);
	summary_free(s);
	free(s);
	cr_assert_null(agree(HDR L1 L2));
}

Test(summary_input, other_shapes_go_to_the_strict_reader)
{
	/* Valid, but not the written shape: keys reordered, an escape, an extra key, a
	   negative zero, white space, an exponent; and invalid lines, whose message is the
	   strict reader's. */
	static const char *const lines[] = {
		"{\"group\": {\"operation_type\": \"a\", \"host\": \"h\"}, \"bucket_start\": "
		"\"2026-10-01T00:00:00.000Z\", \"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
		"\"mean\": 1, \"m2\": 0, \"values\": [1]}\n",
		"{\"bucket_start\": \"2026-10-01T00:00:00.000Z\", \"group\": {\"operation_type\": "
		"\"a\\u00e9\", \"host\": \"h\"}, \"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
		"\"mean\": 1, \"m2\": 0, \"values\": [1]}\n",
		"{\"bucket_start\": \"2026-10-01T00:00:00.000Z\", \"group\": {\"operation_type\": "
		"\"a\", \"host\": \"h\"}, \"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
		"\"mean\": 1, \"m2\": 0, \"values\": [1], \"extra\": true}\n",
		"{\"bucket_start\": \"2026-10-01T00:00:00.000Z\", \"group\": {\"operation_type\": "
		"\"a\", \"host\": \"h\"}, \"count\": 1, \"failed\": 0, \"min\": -0, \"max\": 0, "
		"\"mean\": 0, \"m2\": 0, \"values\": [0]}\n",
		" {\"bucket_start\":\"2026-10-01T00:00:00.000Z\",\"group\":{\"operation_type\":"
		"\"a\",\"host\":\"h\"},\"count\":2,\"failed\":0,\"min\":1e0,\"max\":2E+0,"
		"\"mean\":1.5,\"m2\":0.5,\"values\":[1.0,2.0]} \n",
		"{\"bucket_start\": \"2026-10-01T00:00:00.000Z\", \"group\": {\"operation_type\": "
		"\"a\", \"host\": \"h\"}, \"count\": 05, \"failed\": 0, \"min\": 1, \"max\": 1, "
		"\"mean\": 1, \"m2\": 0, \"values\": [1]}\n",
		"{\"bucket_start\": \"2026-10-01T00:00:00.000Z\", \"group\": {\"operation_type\": "
		"\"a\", \"host\": \"h\"}, \"count\": 2, \"failed\": 0, \"min\": 1, \"max\": 2, "
		"\"mean\": 1.5, \"m2\": 0.5, \"values\": [2, 1]}\n",
		"{\"bucket_start\": \"2026-10-01T00:00:00.000Z\", \"group\": {\"operation_type\": "
		"\"a\", \"host\": \"h\"}, \"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, "
		"\"mean\": 1, \"m2\": 0, \"values\": [123456789012345678901234]}\n",
		"{\"bucket_start\": \"2026-10-01T00:00:00.000Z\", \"group\": {\"operation_type\": "
		"\"a\", \"host\": \"h\"}, \"count\": 2, \"failed\": 0, \"min\": 1, \"max\": 1, "
		"\"mean\": 1, \"m2\": 0, \"histogram\": {\"gamma\": 1.0202020202020201, \"offset\": "
		"39999, \"counts\": [1, 0, 1], \"zeros\": 0}}\n",
	};
	size_t n_err = 0;

	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		char *text = NULL, *e;

		cr_assert(asprintf(&text, "%s%s", HDR, lines[i]) > 0);
		e = agree(text);
		n_err += e != NULL;
		free(e);
		free(text);
	}
	cr_assert_eq(n_err, 4); /* the last four are invalid */
}

Test(summary_input, absorb_keeps_every_value)
{
	char *err = NULL;
	struct summary *a = parse(HDR L1, false, &err), *b = parse(HDR L1, false, &err);
	struct summary m;

	cr_assert_not_null(a);
	cr_assert_not_null(b);
	/* Merged under the exact limit 3, six values make a histogram; absorbed, they stay. */
	summary_init(&m, SUMMARY_DAY, 0.01, 3, a->h.by, a->h.n_by, "ms");
	cr_assert_eq(summary_absorb(&m, a, "m", "a", &err), 0);
	cr_assert_eq(summary_absorb(&m, b, "m", "b", &err), 0);
	cr_assert_eq(m.n, 1);
	cr_assert(!m.lines[0].hist);
	cr_assert_eq(m.lines[0].count, 6);
	summary_line_settle(&m.lines[0]);
	cr_assert_eq(m.lines[0].values[0], 0.5);
	cr_assert_eq(m.lines[0].values[1], 0.5);
	cr_assert_eq(m.lines[0].values[5], 2.25);
	cr_assert_eq(m.lines[0].failed, 2);
	cr_assert_float_eq(m.lines[0].mean, 1.25, 1e-15);
	cr_assert_float_eq(m.lines[0].m2, 2 * 1.625, 1e-12);
	summary_free(&m);
	summary_merge(a, b, "a", "b", &err);
	cr_assert(a->lines[0].hist);
	summary_free(a);
	free(a);
	summary_free(b);
	free(b);
}

Test(summary_input, sketch_set_counts_trims)
{
	struct sketch s;
	uint64_t c[] = {0, 0, 3, 0, 5, 0};

	sketch_init(&s, 0.01);
	sketch_set_counts(&s, 10, c, 6);
	cr_assert_eq(s.offset, 12);
	cr_assert_eq(s.n, 3);
	cr_assert_eq(s.counts[0], 3);
	cr_assert_eq(s.counts[2], 5);
	sketch_free(&s);
	sketch_init(&s, 0.01);
	sketch_set_counts(&s, 10, c, 2);
	cr_assert_eq(s.n, 0);
	sketch_free(&s);
}

Test(summary_input, windows_are_whole_buckets)
{
	struct options o = {.window = WINDOW_LAST_DAYS, .window_days = 30};
	struct windows w;
	int64_t now, end;
	const char *why;
	bool moved;

	cr_assert_eq(tu_parse("2026-10-31T13:00:00Z", 20, 0, &now, &why), 0);
	cr_assert_eq(tu_parse("2026-11-01T00:00:00Z", 20, 0, &end, &why), 0);
	summary_input_windows(&o, SUMMARY_DAY, now, &w, &moved);
	cr_assert(moved);
	cr_assert_eq(w.end, end);
	cr_assert_eq(w.start, end - 30 * US_PER_DAY);
	cr_assert_eq(w.prev_end, w.start);
	cr_assert_eq(w.prev_start, end - 60 * US_PER_DAY);
	summary_input_windows(&o, SUMMARY_DAY, end, &w, &moved);
	cr_assert(!moved);
	cr_assert_eq(w.end, end);
	summary_input_windows(&o, SUMMARY_HOUR, now, &w, &moved);
	cr_assert(!moved); /* 13:00 is an hour's start */
	cr_assert_eq(summary_input_ceil(SUMMARY_HOUR, now + 1), now + 3600000000LL);
}
