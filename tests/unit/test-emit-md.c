/* test-emit-md.c - the Markdown emitter: whole documents for the hand-built fixtures
 * (expected text written from SPEC section 6 and the fixture's numbers), code spans,
 * colour, --top 0, and --max-chars shrinking. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit-md.h"
#include "fixture-report.h"
#include "xalloc.h"

/* Render r with the given options into a heap string. */
static char *
render(const struct report *r, bool color, size_t max_chars, long top)
{
	struct emit_opts eo = {.color = color, .max_chars = max_chars, .top = top};
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	cr_assert_not_null(f);
	cr_assert_eq(emit_md(r, &eo, f), 0);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

/* Characters (UTF-8 code points) in s. */
static size_t
codepoints(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Occurrences of needle in hay. */
static size_t
count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* The code span of a C string. */
static char *
span(const char *s)
{
	return md_code_span(s, strlen(s));
}

/*
 * fixture_report(), by hand: 2026-01-01 + 30 days + 1 h generated; rows api_call
 * (avg 120.5, prev 95: +26.84 %), db_query (10 vs 20: -50 %), the hostile name (new).
 * 900.125 and 0.1 are printed by numfmt_fixed ("%.2f" of the exact binary value:
 * 900.125 is exact, a tie, and rounds to even: 900.12). Totals 10/1100 = 0.909 %.
 * Shares 600/1100 = 54.55 %, 400/1100 = 36.36 %, 100/1100 = 9.09 %.
 */
#define GOLD_HEAD \
	"# Performance Report: Last 30 days\n" \
	"\n" \
	"❌ `api_call` slower +26.8%, errors 1.7%, outlier · 3 degradations\n" \
	"\n" \
	"Generated 2026-01-31 01:00 UTC · window 2026-01-01T00:00:00.000Z – " \
	"2026-01-31T00:00:00.000Z · 1100 records\n" \
	"\n" \
	"## Operations\n" \
	"\n" \
	"| Operation | Success | Avg (ms) | P95 | Δ avg | Flags |\n" \
	"|---|---:|---:|---:|---:|---|\n"
/* The narrow table (issue 23): success of count, avg, the percentile nearest 95, the
 * change and flags. */
#define GOLD_ROW_API \
	"| `api_call` | 590/600 | 120.50 | 300.25 | +26.8% | outlier, slower, errors |\n"
#define GOLD_ROW_DB \
	"| `db_query` | 400/400 | 10.00 | 15.00 | -50.0% | faster |\n"
#define GOLD_ROW_EVIL \
	"| ``=evil\\|op`@team<b>\\n`` | 100/100 | 0.10 | 0.10 | new | new |\n"
/* The full table in its <details> block: stddev 80.5 and 3.25 (the evil row's 0), p
 * 0.003 and 1e-5 (none for the new row). */
#define GOLD_FULL \
	"\n" \
	"<details><summary>Full table: every percentile, min, max, stddev, p, q</summary>\n" \
	"\n" \
	"| Operation | Count | Success | Avg (ms) | P50 | P95 | P99 | Min | Max | Stddev " \
	"| Δ avg | p | q | Flags |\n" \
	"|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n" \
	"| `api_call` | 600 | 590/600 | 120.50 | 100.00 | 300.25 | 410.00 | 12.00 | 900.12 " \
	"| 80.50 | +26.8% | 0.003 | 0.0045 | outlier, slower, errors |\n" \
	"| `db_query` | 400 | 400/400 | 10.00 | 9.50 | 15.00 | 18.00 | 1.00 | 40.00 | 3.25 " \
	"| -50.0% | < 0.0001 | < 0.0001 | faster |\n" \
	"| ``=evil\\|op`@team<b>\\n`` | 100 | 100/100 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 " \
	"| 0.10 | 0.00 | new | — | — | new |\n" \
	"\n" \
	"</details>\n"
/* The line that replaces GOLD_FULL under --max-chars (a format with the limit). */
#define GOLD_FULL_CUT \
	"\n_Full table (every percentile, min, max, stddev, p, q) left out (limit --max-chars " \
	"%zu)._\n"
#define GOLD_TRENDS \
	"\n" \
	"## Trends\n" \
	"\n" \
	"Buckets: day (UTC)\n" \
	"\n" \
	"| Operation | Buckets | P95 trend | First P95 | Last P95 | Change |\n" \
	"|---|---:|---|---:|---:|---:|\n"
/* p95 100, 150, 400, 300.25: levels round(0), round(7/6), round(7), round(4.67) = 0 1 7 5;
 * change 200.25 % is again an exact tie: %.1f gives 200.2. */
#define GOLD_TREND_API "| `api_call` | 4 | ▁▂█▆ | 100.00 | 300.25 | +200.2% |\n"
#define GOLD_TREND_DB "| `db_query` | 1 | ▁ | 15.00 | 15.00 | +0.0% |\n"
#define GOLD_REST \
	"\n" \
	"## Reliability\n" \
	"\n" \
	"- Total operations: 1100\n" \
	"- Successful: 1090\n" \
	"- Failed: 10\n" \
	"- Error rate: 0.91%\n" \
	"\n" \
	"## Degradation\n" \
	"\n" \
	"- ⚠️ `api_call` **outlier**: p95 300.25 ms is more than 2 x the average 120.50 ms\n" \
	"- ❌ `api_call` **slower**: average rose 26.8% from 95.00 ms to 120.50 ms (limit 20%); " \
	"p = 0.003, q = 0.0045, 500 vs 600 records\n" \
	"- ❌ `api_call` **errors**: error rate 1.67% is above 1%; p = 0.012 (exact binomial " \
	"test)\n" \
	"- Seen only in the previous window: `retired_op`\n"
#define GOLD_LISTS \
	"\n" \
	"## Slowest Operations\n" \
	"\n" \
	"1. `api_call`: 900.12 ms at 2026-01-06T00:00:00.191Z (session `sess-1`)\n" \
	"2. ``=evil|op`@team<b>\\n``: 0.10 ms at 2026-01-07T00:00:00.000Z\n" \
	"\n" \
	"## Most Frequent Operations\n" \
	"\n" \
	"1. `api_call`: 600 (54.5%)\n" \
	"2. `db_query`: 400 (36.4%)\n" \
	"3. ``=evil|op`@team<b>\\n``: 100 (9.1%)\n"

static const char gold_monthly[] =
    GOLD_HEAD GOLD_ROW_API GOLD_ROW_DB GOLD_ROW_EVIL GOLD_FULL GOLD_REST GOLD_LISTS;

Test(emit_md, monthly_report_golden)
{
	struct report *r = fixture_report();
	char *out = render(r, false, 0, 10);

	cr_assert_str_eq(out, gold_monthly);
	free(out);
	report_free(r);
}

Test(emit_md, trends_report_golden)
{
	struct report *r = fixture_trends_report();
	char *out = render(r, false, 0, 10);
	/* The hostile operation has no series rows in the fixture: no Trends line. */
	static const char want[] = GOLD_HEAD GOLD_ROW_API GOLD_ROW_DB GOLD_ROW_EVIL GOLD_FULL GOLD_TRENDS
	    GOLD_TREND_API GOLD_TREND_DB GOLD_REST GOLD_LISTS;

	cr_assert_str_eq(out, want);
	free(out);
	report_free(r);
}

/* Input span 2026-01-01 - 214 days = 2025-06-01 to - 184 days = 2025-07-01. */
#define GOLD_EMPTY_HEAD \
	"# Performance Report: Last 30 days\n" \
	"\n" \
	"⚠️ no data: no record in the window\n" \
	"\n" \
	"Generated 2026-01-31 01:00 UTC · window 2026-01-01T00:00:00.000Z – " \
	"2026-01-31T00:00:00.000Z · 0 records\n" \
	"\n" \
	"## Operations\n" \
	"\n" \
	"No performance metrics found for Last 30 days.\n" \
	"\n"
#define GOLD_EMPTY_TAIL \
	"\n" \
	"## Reliability\n" \
	"\n" \
	"- Total operations: 0\n" \
	"- Successful: 0\n" \
	"- Failed: 0\n" \
	"- Error rate: n/a\n" \
	"\n" \
	"## Degradation\n" \
	"\n" \
	"Nothing to check: no record in the window.\n"
#define GOLD_EMPTY_LISTS \
	"\n" \
	"## Slowest Operations\n" \
	"\n" \
	"None.\n" \
	"\n" \
	"## Most Frequent Operations\n" \
	"\n" \
	"None.\n"

Test(emit_md, empty_window_golden)
{
	struct report *r = fixture_empty_report();
	char *out = render(r, false, 0, 10);
	static const char want[] = GOLD_EMPTY_HEAD
	    "The input covers 2025-06-01 00:00 UTC to 2025-07-01 00:00 UTC (10 records); try "
	    "`--now latest`, or `perf-reporter report --since 2025-06-01`.\n"
	    GOLD_EMPTY_TAIL GOLD_EMPTY_LISTS;

	cr_assert_str_eq(out, want);
	free(out);
	report_free(r);
}

Test(emit_md, empty_input_says_no_valid_records)
{
	struct report *r = fixture_empty_report();
	char *out;
	static const char want[] = GOLD_EMPTY_HEAD "The input has no valid records.\n"
	    GOLD_EMPTY_TAIL;

	r->input.has_span = false;
	out = render(r, false, 0, 0); /* --top 0: no list sections at all */
	cr_assert_str_eq(out, want);
	free(out);
	report_free(r);
}

Test(emit_md, empty_trends_window_has_trends_heading)
{
	struct report *r = fixture_empty_report();
	char *out;

	r->command = CMD_TRENDS;
	r->series_report = true;
	out = render(r, false, 0, 10);
	cr_assert_not_null(strstr(out, "\n## Trends\n\nNone.\n\n## Reliability\n"));
	free(out);
	report_free(r);
}

Test(emit_md, top_zero_leaves_lists_out)
{
	struct report *r = fixture_report();
	char *out;
	static const char want[] = GOLD_HEAD GOLD_ROW_API GOLD_ROW_DB GOLD_ROW_EVIL GOLD_FULL
	    GOLD_REST;

	/* What report_build gives for --top 0: empty lists. */
	for (size_t i = 0; i < r->n_slowest; i++) {
		free(r->slowest[i].operation);
		free(r->slowest[i].session_id);
	}
	for (size_t i = 0; i < r->n_most_frequent; i++)
		free(r->most_frequent[i].operation);
	r->n_slowest = r->n_most_frequent = 0;
	out = render(r, false, 0, 0);
	cr_assert_str_eq(out, want);
	free(out);
	report_free(r);
}

Test(emit_md, percentile_headers_follow_the_model)
{
	struct report *r = fixture_report();
	char *out;

	free(r->pct_names[2]);
	r->n_percentiles = 2;
	r->percentiles[1] = 99.9;
	out = render(r, false, 0, 10);
	cr_assert_not_null(strstr(out, "| Avg (ms) | P50 | P99.9 | Min | Max | Stddev | Δ avg | p "
	    "| q | Flags |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n"));
	/* p50 and the second column (pct_ms[1]) only. */
	cr_assert_not_null(strstr(out, "| `api_call` | 600 | 590/600 | 120.50 | 100.00 | 300.25 "
	    "| 12.00 |"));
	/* The narrow table shows the one nearest 95: p99.9 (4.9 away; p50 is 45). */
	cr_assert_not_null(strstr(out, "| Success | Avg (ms) | P99.9 | Δ avg | Flags |\n"
	    "|---|---:|---:|---:|---:|---|\n"));
	cr_assert_not_null(strstr(out, "| `api_call` | 590/600 | 120.50 | 300.25 | +26.8% |"));
	free(out);
	report_free(r);
}

Test(emit_md, unknown_change_and_no_flags)
{
	struct report *r = fixture_report();
	char *out;

	r->rows[1].has_avg_change = false; /* prev_avg 0: no change, not new */
	r->rows[1].flags = 0;
	out = render(r, false, 0, 10);
	cr_assert_not_null(strstr(out, "| `db_query` | 400 | 400/400 | 10.00 | 9.50 | 15.00 | "
	    "18.00 | 1.00 | 40.00 | 3.25 | — | < 0.0001 | < 0.0001 |  |\n"));
	cr_assert_not_null(strstr(out, "| `db_query` | 400/400 | 10.00 | 15.00 | — |  |\n"));
	free(out);
	report_free(r);
}

/* A long name is cut in the narrow table (36 cells, the last an ellipsis; a wide
 * character counts 2, an escape its length) and whole in the full table. */
Test(emit_md, narrow_table_cuts_long_names)
{
	struct report *r = fixture_report();
	char *out;

	free(r->rows[1].operation);
	r->rows[1].operation = xstrdup("abcdefghij\x07klmnopqrstuvwxyz0123456789ABCDEF");
	free(r->rows[2].operation);
	r->rows[2].operation = xstrdup("中中中中中中中中中中中中中中中中中中中中中中中中中中");
	out = render(r, false, 0, 10);
	/* "\x07" is 4 cells: 10 + 4 + 21 = 35 cells, then the ellipsis. */
	cr_assert_not_null(strstr(out, "| `abcdefghij\\x07klmnopqrstuvwxyz01234…` | 400/400 |"), "%s",
	    out);
	cr_assert_not_null(strstr(out, "| `abcdefghij\\x07klmnopqrstuvwxyz0123456789ABCDEF` | 400 "
	    "| 400/400 |"));
	/* 17 wide characters are 34 cells; an 18th would not leave room for the ellipsis. */
	cr_assert_not_null(strstr(out, "| `中中中中中中中中中中中中中中中中中…` | 100/100 |"));
	cr_assert_not_null(strstr(out, "| `中中中中中中中中中中中中中中中中中中中中中中中中中中` | 100 |"));
	free(out);
	report_free(r);
}

Test(emit_md, one_record_is_singular)
{
	struct report *r = fixture_report();
	char *out;

	r->totals.count = 1;
	out = render(r, false, 0, 10);
	cr_assert_not_null(strstr(out, "2026-01-31T00:00:00.000Z · 1 record\n"));
	free(out);
	report_free(r);
}

Test(emit_md, empty_session_id_is_a_space_span)
{
	struct report *r = fixture_report();
	char *out;

	free(r->slowest[0].session_id);
	r->slowest[0].session_id = xstrdup("");
	out = render(r, false, 0, 10);
	cr_assert_not_null(strstr(out, "2026-01-06T00:00:00.191Z (session ` `)\n"));
	free(out);
	report_free(r);
}

Test(emit_md, trends_flat_series_and_zero_first_p95)
{
	struct report *r = fixture_trends_report();
	char *out;

	for (size_t i = 0; i < 4; i++)
		r->series[i].p95_ms = 7;
	r->series[4].p95_ms = 0;
	/* The change as report_build gives it for these series (test-report.c checks it):
	   0 for the flat one, none when the first p95 is 0. */
	r->rows[0].trend_change_pct = 0.0;
	r->rows[1].has_trend_change = false;
	r->bucket = BUCKET_WEEK;
	out = render(r, false, 0, 10);
	cr_assert_not_null(strstr(out, "| `api_call` | 4 | ▁▁▁▁ | 7.00 | 7.00 | +0.0% |\n"));
	cr_assert_not_null(strstr(out, "| `db_query` | 1 | ▁ | 0.00 | 0.00 | — |\n"));
	cr_assert_not_null(strstr(out, "\nBuckets: week (UTC, weeks start on Monday)\n"));
	free(out);
	report_free(r);
}

Test(emit_md, trends_falling_series)
{
	struct report *r = fixture_trends_report();
	static const double p95[4] = {80, 60, 20, 10};
	char *out;

	/* range 70: levels 7, 5 (50/70*7 = 5), 1 (10/70*7 = 1), 0; change -87.5 % */
	for (size_t i = 0; i < 4; i++)
		r->series[i].p95_ms = p95[i];
	r->rows[0].trend_change_pct = -87.5; /* as report_build gives it (test-report.c) */
	out = render(r, false, 0, 10);
	cr_assert_not_null(strstr(out, "| `api_call` | 4 | █▆▂▁ | 80.00 | 10.00 | -87.5% |\n"));
	free(out);
	report_free(r);
}

/* ---- code spans ---------------------------------------------------------------------- */

/* The span must open and close with the same fence and hold no run of exactly that many
 * backticks, so Markdown reads it as one code span whatever is inside. */
static void
assert_one_span(const char *s)
{
	size_t n = strlen(s), fence = strspn(s, "`"), run = 0;

	cr_assert_gt(fence, 0);
	cr_assert_lt(2 * fence, n + 1);
	for (size_t i = 0; i < fence; i++)
		cr_assert_eq(s[n - 1 - i], '`', "%s", s);
	cr_assert_neq(s[n - 1 - fence], '`', "%s", s);
	for (size_t i = fence; i < n - fence; i++) {
		if (s[i] == '`')
			run++;
		else {
			cr_assert_neq(run, fence, "%s", s);
			run = 0;
		}
	}
	cr_assert_neq(run, fence, "%s", s);
}

Test(emit_md, code_span_plain)
{
	char *s = span("api_call");

	cr_assert_str_eq(s, "`api_call`");
	free(s);
}

Test(emit_md, code_span_backticks_lengthen_fence_and_pad)
{
	static const char *const cases[][2] = {
		{"a`b", "``a`b``"},
		{"`", "`` ` ``"},
		{"a``b`", "``` a``b` ```"},
		{"```a", "```` ```a ````"},
		{"x`y``z", "```x`y``z```"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = span(cases[i][0]);

		cr_assert_str_eq(s, cases[i][1]);
		assert_one_span(s);
		free(s);
	}
}

Test(emit_md, code_span_spaces)
{
	static const char *const cases[][2] = {
		{" a", "`  a `"},   /* GFM strips one space each side of a padded span */
		{"a ", "` a  `"},
		{" a ", "`  a  `"},
		{"  ", "`  `"},     /* only spaces: never stripped, never padded */
		{"", "` `"},        /* no empty code span exists in GFM */
		{"a b", "`a b`"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = span(cases[i][0]);

		cr_assert_str_eq(s, cases[i][1]);
		free(s);
	}
}

Test(emit_md, code_span_escapes_pipe_and_controls)
{
	static const char *const cases[][2] = {
		{"a|b", "`a\\|b`"},
		{"||", "`\\|\\|`"},
		{"a\nb", "`a\\nb`"},
		{"\tx\r", "`\\tx\\r`"},
		{"\x01\x1f\x7f", "`\\x01\\x1F\\x7F`"},
		{"\x1b[31mred", "`\\x1B[31mred`"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = span(cases[i][0]);

		cr_assert_str_eq(s, cases[i][1]);
		cr_assert_null(strchr(s, '\n'));
		free(s);
	}
}

Test(emit_md, code_span_embedded_nul_uses_length)
{
	char *s = md_code_span("a\0b", 3);

	cr_assert_str_eq(s, "`a\\x00b`");
	free(s);
}

Test(emit_md, code_span_invalid_utf8)
{
	static const char *const cases[][2] = {
		{"a\xff", "`a\\xFF`"},
		{"\xc3", "`\\xC3`"},                    /* truncated sequence */
		{"\xc0\xaf", "`\\xC0\\xAF`"},           /* overlong '/' */
		{"\xed\xa0\x80", "`\\xED\\xA0\\x80`"},  /* surrogate U+D800 */
		{"\xf4\x90\x80\x80", "`\\xF4\\x90\\x80\\x80`"}, /* past U+10FFFF */
		{"caf\xc3\xa9 \xe2\x9c\x93", "`caf\xc3\xa9 \xe2\x9c\x93`"}, /* valid: kept */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = span(cases[i][0]);

		cr_assert_str_eq(s, cases[i][1]);
		free(s);
	}
}

/* Mentions, HTML and emphasis stay inside the fence untouched: a code span shows its
 * content literally, so they cannot ping, inject or format. */
Test(emit_md, code_span_keeps_markup_inert)
{
	static const char *const cases[][2] = {
		{"@team", "`@team`"},
		{"<b>", "`<b>`"},
		{"*x*", "`*x*`"},
		{"<img src=x onerror=alert(1)>", "`<img src=x onerror=alert(1)>`"},
		{"[a](http://x)", "`[a](http://x)`"},
		{"=evil|op`@team<b>\n", "``=evil\\|op`@team<b>\\n``"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = span(cases[i][0]);

		cr_assert_str_eq(s, cases[i][1]);
		assert_one_span(s);
		free(s);
	}
}

/* Outside tables a '\|' would show its backslash, so lists keep '|' as it is. */
Test(emit_md, lists_do_not_escape_pipe)
{
	struct report *r = fixture_report();
	char *out = render(r, false, 0, 10);

	cr_assert_not_null(strstr(out, "\n2. ``=evil|op`@team<b>\\n``: 0.10 ms"));
	cr_assert_not_null(strstr(out, "\n| ``=evil\\|op`@team<b>\\n`` | 100 |"));
	free(out);
	report_free(r);
}

/* ---- colour ------------------------------------------------------------------------- */

Test(emit_md, no_escape_bytes_without_colour)
{
	struct report *(*const make[])(void) = {fixture_report, fixture_trends_report,
	    fixture_empty_report};

	for (size_t i = 0; i < 3; i++) {
		struct report *r = make[i]();
		char *out = render(r, false, 0, 10);

		cr_assert_null(strchr(out, '\033'));
		free(out);
		report_free(r);
	}
}

Test(emit_md, colour_marks_headings_and_flags)
{
	struct report *r = fixture_report();
	char *out = render(r, true, 0, 10);

	static const char title[] = "\033[1m# Performance Report: Last 30 days\033[0m\n\n";

	cr_assert(strncmp(out, title, strlen(title)) == 0);
	cr_assert_not_null(strstr(out, "\n\033[1m## Operations\033[0m\n"));
	cr_assert_not_null(strstr(out, "\n\033[1m## Reliability\033[0m\n"));
	cr_assert_not_null(strstr(out, "\n\033[1m## Most Frequent Operations\033[0m\n"));
	cr_assert_not_null(strstr(out, "| +26.8% | \033[31moutlier\033[0m, \033[31mslower\033[0m, "
	    "\033[31merrors\033[0m |\n"));
	cr_assert_not_null(strstr(out, "| -50.0% | \033[32mfaster\033[0m |\n"));
	cr_assert_not_null(strstr(out, "| new | \033[33mnew\033[0m |\n"));
	cr_assert_not_null(strstr(out, "- ⚠️ `api_call` **\033[31moutlier\033[0m**: p95 300.25"));
	cr_assert_not_null(strstr(out, "- ❌ `api_call` **\033[31merrors\033[0m**: error rate"));
	/* 1 title + 6 headings */
	cr_assert_eq(count_of(out, "\033[1m"), 6);
	free(out);
	report_free(r);
}

Test(emit_md, colour_no_degradation_green)
{
	struct report *r = fixture_report();
	char *out;

	for (size_t i = 0; i < r->n_findings; i++) {
		free(r->findings[i].operation);
		free(r->findings[i].message);
	}
	r->n_findings = 0;
	out = render(r, true, 0, 10);
	cr_assert_not_null(strstr(out, "\n\033[32mNo degradation detected.\033[0m\n"));
	free(out);
	report_free(r);
}

/* An empty window is never green: no check mark, no green sentence (SPEC section 11). */
Test(emit_md, empty_window_is_never_green)
{
	struct report *r = fixture_empty_report();
	char *out = render(r, true, 0, 10);

	cr_assert_null(strstr(out, "\xe2\x9c\x85"), "a check mark in:\n%s", out);
	cr_assert_null(strstr(out, "\033[32m"), "green in:\n%s", out);
	cr_assert_not_null(strstr(out, "\xe2\x9a\xa0\xef\xb8\x8f no data: no record in the window\n"));
	free(out);
	report_free(r);
}

/* ---- --max-chars -------------------------------------------------------------------- */

Test(emit_md, max_chars_large_enough_changes_nothing)
{
	struct report *r = fixture_report();
	size_t len = codepoints(gold_monthly);
	char *out = render(r, false, len, 10);

	cr_assert_str_eq(out, gold_monthly);
	free(out);
	report_free(r);
}

/* One character short: the full table goes first (a line says so), every row stays. */
Test(emit_md, max_chars_one_short_drops_full_table)
{
	struct report *r = fixture_report();
	size_t limit = codepoints(gold_monthly) - 1;
	char *out = render(r, false, limit, 10);
	char *want = xasprintf("%s%s%s%s" GOLD_FULL_CUT "%s%s", GOLD_HEAD, GOLD_ROW_API,
	    GOLD_ROW_DB, GOLD_ROW_EVIL, limit, GOLD_REST, GOLD_LISTS);

	cr_assert_str_eq(out, want);
	cr_assert_leq(codepoints(out), limit);
	free(want);
	free(out);
	report_free(r);
}

/* The document without the full table, one character short: dropping the hostile row
 * alone (about 70 characters) costs more than the note (about 120) adds, so both
 * unflagged rows go. */
Test(emit_md, max_chars_one_short_keeps_flagged_row)
{
	struct report *r = fixture_report();
	char *narrow = xasprintf("%s%s%s%s" GOLD_FULL_CUT "%s%s", GOLD_HEAD, GOLD_ROW_API,
	    GOLD_ROW_DB, GOLD_ROW_EVIL, (size_t)1000, GOLD_REST, GOLD_LISTS);
	size_t limit = codepoints(narrow) - 1;
	char *out = render(r, false, limit, 10);
	char *want = xasprintf("%s%s\n_2 of 3 operations not shown (limit --max-chars %zu); use "
	    "`--format csv` or a larger `--max-chars` to see them all._\n" GOLD_FULL_CUT "%s%s",
	    GOLD_HEAD, GOLD_ROW_API, limit, limit, GOLD_REST, GOLD_LISTS);

	cr_assert_geq(limit, 1000);
	cr_assert_lt(limit, 10000); /* same digit count as the 1000 measured above */
	cr_assert_str_eq(out, want);
	cr_assert_leq(codepoints(out), limit);
	free(narrow);
	free(want);
	free(out);
	report_free(r);
}

/* Not even the flagged row fits with the lists: the lists go first, and then every row
 * fits again. */
Test(emit_md, max_chars_drops_lists_before_flagged_rows)
{
	struct report *r = fixture_report();
	char *flagged = xasprintf("%s%s%s%s\n_2 of 3 operations not shown (limit --max-chars "
	    "1000); use `--format csv` or a larger `--max-chars` to see them all._\n"
	    GOLD_FULL_CUT, GOLD_HEAD, GOLD_ROW_API, GOLD_REST, GOLD_LISTS, (size_t)1000);
	size_t limit = codepoints(flagged) - 1;
	char *out = render(r, false, limit, 10);
	char *want = xasprintf("%s%s%s%s" GOLD_FULL_CUT "%s\n_Slowest and most frequent "
	    "operations left out (limit --max-chars %zu)._\n", GOLD_HEAD, GOLD_ROW_API,
	    GOLD_ROW_DB, GOLD_ROW_EVIL, limit, GOLD_REST, limit);

	free(flagged);

	cr_assert_geq(limit, 1000);
	cr_assert_lt(limit, 10000); /* same digit count as the 1000 measured above */
	cr_assert_str_eq(out, want);
	cr_assert_leq(codepoints(out), limit);
	free(want);
	free(out);
	report_free(r);
}

/* A limit nothing can meet: degradations are never hidden, so the flagged row, the
 * findings and the notes are printed and the limit is exceeded. */
Test(emit_md, max_chars_tiny_still_shows_degradations)
{
	struct report *r = fixture_report();
	char *out = render(r, false, 10, 10);
	static const char want[] = GOLD_HEAD GOLD_ROW_API
	    "\n_2 of 3 operations not shown (limit --max-chars 10); use `--format csv` or a "
	    "larger `--max-chars` to see them all._\n"
	    "\n_Full table (every percentile, min, max, stddev, p, q) left out (limit --max-chars "
	    "10)._\n" GOLD_REST
	    "\n_Slowest and most frequent operations left out (limit --max-chars 10)._\n";

	cr_assert_str_eq(out, want);
	free(out);
	report_free(r);
}

Test(emit_md, max_chars_applies_to_trends_table)
{
	struct report *r = fixture_trends_report();
	/* With the narrow table, leaving the two unflagged rows out of both tables saves less
	 * than the two notes cost, so only a limit nothing meets cuts them: then the Trends
	 * table keeps the flagged row alone, under the same note. */
	char *out = render(r, false, 10, 10);

	cr_assert_null(strstr(out, "<details>"));
	cr_assert_not_null(strstr(out, GOLD_TRENDS GOLD_TREND_API "\n_2 of 3 operations not "
	    "shown (limit --max-chars 10)._\n"));
	cr_assert_null(strstr(out, GOLD_TREND_DB));
	cr_assert_null(strstr(out, "| `db_query` | 400"));
	free(out);
	report_free(r);
}

/* 1000 operations, a GitHub-sized limit: the four flagged rows (249, 499, 749, 999) stay,
 * the others kept are the most frequent ones (a prefix of the table), the note's numbers
 * match what is shown, and one more row would not have fitted. */
Test(emit_md, max_chars_thousand_rows)
{
	struct report *r = fixture_many_report(1000);
	const size_t limit = 32768;
	char *out = render(r, false, limit, 10);
	char *note, *row;
	size_t shown = 0, len = codepoints(out), prefix = 0, next_len;
	bool seen[1000] = {false};
	const char *p;

	cr_assert_leq(len, limit);
	for (p = out; (p = strstr(p, "\n| `op-")) != NULL; p++) {
		unsigned idx = (unsigned)atoi(p + 7);

		cr_assert_lt(idx, 1000u);
		seen[idx] = true;
		shown++;
	}
	cr_assert(seen[249] && seen[499] && seen[749] && seen[999]);
	while (prefix < 1000 && seen[prefix])
		prefix++;
	for (size_t i = prefix; i < 1000; i++)
		cr_assert(!seen[i] || i % 250 == 249, "row %zu shown out of order", i);
	cr_assert_gt(shown, 100);
	cr_assert_lt(shown, 1000);
	note = xasprintf("\n_%zu of 1000 operations not shown (limit --max-chars 32768); use "
	    "`--format csv` or a larger `--max-chars` to see them all._\n", 1000 - shown);
	cr_assert_not_null(strstr(out, note));
	/* The first row left out, as the narrow table would print it (avg = p95 = 1 + i % 7,
	 * unchanged from the previous window, no flag); the full table is left out. */
	cr_assert_null(strstr(out, "<details><summary>Full table"));
	row = xasprintf("| `op-%04zu` | %zu/%zu | %zu.00 | %zu.00 | +0.0%% |  |\n", prefix,
	    10 * (1000 - prefix) + 1, 10 * (1000 - prefix) + 1, 1 + prefix % 7, 1 + prefix % 7);
	cr_assert_null(strstr(out, row));
	next_len = strlen(row);
	cr_assert_gt(len + next_len - 1, limit, "another row would have fitted");
	/* Findings, totals and lists are all still there. */
	cr_assert_eq(count_of(out, "**outlier**: p95 is far above the average"), 4);
	cr_assert_not_null(strstr(out, "\n## Most Frequent Operations\n"));
	free(row);
	free(note);
	free(out);
	report_free(r);
}

/* ---- write errors ------------------------------------------------------------------- */

Test(emit_md, write_error_returns_minus_one)
{
	struct report *r = fixture_report();
	struct emit_opts eo = {.top = 10};
	FILE *f = fopen("/dev/full", "w");

	if (f == NULL) {
		report_free(r);
		cr_skip_test("no /dev/full");
	}
	setvbuf(f, NULL, _IONBF, 0);
	cr_assert_eq(emit_md(r, &eo, f), -1);
	clearerr(f);
	eo.max_chars = 500;
	cr_assert_eq(emit_md(r, &eo, f), -1);
	fclose(f);
	report_free(r);
}

/* ---- CI gate ------------------------------------------------------------------------ */

/* fixture_gate_report(), by hand: 5/3 = 1.67; the changes -16.25 and 7.25 are exact
 * binary ties that %.1f rounds to even (-16.2, +7.2); 3.5 prints +3.5. */
#define GOLD_GATE_TITLE \
	"# Performance Report: Last 30 days\n" \
	"\n" \
	"❌ `api_call` avg_ms +20.5% vs baseline, error_rate_pct above critical target, slower " \
	"+26.8% · 1 regression, 1 critical target, 3 degradations, 2 warnings · 2 of 4 " \
	"targets met · 1 improved\n"
#define GOLD_TARGETS_HEAD \
	"\n" \
	"## Targets\n" \
	"\n" \
	"2 of 4 targets met (1 warning, 1 critical).\n"
#define GOLD_TABLE_T \
	"\n" \
	"| Operation | Metric | Value | Target | Critical | Status |\n" \
	"|---|---|---:|---:|---:|---|\n"
#define GOLD_T_API_ERR "| `api_call` | error_rate_pct | 1.67 | 1.00 | 1.50 | critical |\n"
#define GOLD_T_API_P95 "| `api_call` | p95_ms | 300.25 | 250.00 | 500.00 | warning |\n"
#define GOLD_T_DB "| `db_query` | p95_ms | 15.00 | 250.00 | 500.00 | met |\n"
#define GOLD_T_EVIL "| ``=evil\\|op`@team<b>\\n`` | p95_ms | 0.10 | 1.00 | — | met |\n"
#define GOLD_BASE_HEAD \
	"\n" \
	"## Baseline\n" \
	"\n" \
	"Compared with `baseline.json`: 1 regression, 1 warning, 1 improved, 2 unchanged.\n"
#define GOLD_TABLE_B \
	"\n" \
	"| Operation | Metric | Baseline | Current | Change | Test | Status |\n" \
	"|---|---|---:|---:|---:|---|---|\n"
#define GOLD_B_API_AVG "| `api_call` | avg_ms | 100.00 | 120.50 | +20.5% | p = 0.0004, 500 vs 600 records | regression |\n"
#define GOLD_B_API_P95 "| `api_call` | p95_ms | 290.00 | 300.25 | +3.5% | p = 0.0004, 500 vs 600 records | unchanged |\n"
#define GOLD_B_DB_ERR "| `db_query` | error_rate_pct | 0.00 | 0.00 | — | no test | unchanged |\n"
#define GOLD_B_DB_AVG "| `db_query` | avg_ms | 12.00 | 10.00 | -16.2% | p = 0.0004, 500 vs 600 records | improved |\n"
#define GOLD_B_DB_P95 "| `db_query` | p95_ms | 14.00 | 15.00 | +7.2% | p = 0.0004, 500 vs 600 records | warning |\n"
#define GOLD_BASE_ONLY \
	"\n" \
	"- Only in this report: ``=evil|op`@team<b>\\n``\n" \
	"- Only in the baseline: `retired_op`\n"

/* GOLD_HEAD without its title and verdict lines: from the blank line before Generated. */
static const char *
gold_head_rest(void)
{
	static const char head[] = GOLD_HEAD;
	const char *p = strstr(head, "\nGenerated");

	cr_assert_not_null(p);
	return p;
}

Test(emit_md, gate_sections_golden)
{
	struct report *r = fixture_gate_report();
	char *out = render(r, false, 0, 10);
	char *want = xasprintf("%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s", GOLD_GATE_TITLE,
	    gold_head_rest(), GOLD_ROW_API GOLD_ROW_DB GOLD_ROW_EVIL GOLD_FULL, GOLD_REST,
	    GOLD_TARGETS_HEAD, GOLD_TABLE_T, GOLD_T_API_ERR, GOLD_T_API_P95, GOLD_T_DB,
	    GOLD_T_EVIL, GOLD_BASE_HEAD, GOLD_TABLE_B, GOLD_B_API_AVG, GOLD_B_API_P95,
	    GOLD_B_DB_ERR, GOLD_B_DB_AVG, GOLD_B_DB_P95, GOLD_BASE_ONLY, GOLD_LISTS);

	cr_assert_str_eq(out, want);
	free(want);
	free(out);
	report_free(r);
}

Test(emit_md, verdict_icons_per_level)
{
	struct report *r = fixture_empty_report();
	char *out;

	out = render(r, false, 0, 10);
	cr_assert_not_null(strstr(out, "\n\n⚠️ no data: no record in the window\n\nGenerated "));
	free(out);
	r->gate.level = VERDICT_OK;
	free(r->gate.verdict);
	r->gate.verdict = xstrdup("no degradation");
	out = render(r, false, 0, 10);
	cr_assert_not_null(strstr(out, "\n\n✅ no degradation\n\nGenerated "));
	free(out);
	r->gate.level = VERDICT_WARNING;
	free(r->gate.verdict);
	r->gate.verdict = xstrdup("2 warnings");
	out = render(r, false, 0, 10);
	/* U+26A0 U+FE0F */
	cr_assert_not_null(strstr(out, "\n\n\xe2\x9a\xa0\xef\xb8\x8f 2 warnings\n\nGenerated "));
	free(out);
	r->gate.level = VERDICT_CRITICAL;
	out = render(r, false, 0, 10);
	cr_assert_not_null(strstr(out, "\n\n❌ 2 warnings\n\nGenerated "));
	free(out);
	/* No verdict in the model: no line (gate_verdict always makes one in a real run). */
	free(r->gate.verdict);
	r->gate.verdict = NULL;
	out = render(r, false, 0, 10);
	cr_assert_eq(strncmp(out, "# Performance Report: Last 30 days\n\nGenerated ", 46), 0);
	free(out);
	report_free(r);
}

Test(emit_md, targets_without_any_result)
{
	struct report *r = fixture_gate_report();
	char *out;

	for (size_t i = 0; i < r->gate.n_targets; i++) {
		free(r->gate.targets[i].operation);
		free(r->gate.targets[i].metric);
	}
	r->gate.n_targets = r->gate.n_met = 0;
	r->gate.n_target_warning = r->gate.n_target_critical = 0;
	out = render(r, false, 0, 10);
	cr_assert_not_null(strstr(out, "\n## Targets\n\n0 of 0 targets met.\n\n"
	    "No target applies to the operations in this window.\n\n## Baseline\n"));
	free(out);
	report_free(r);
}

Test(emit_md, gate_statuses_coloured)
{
	struct report *r = fixture_gate_report();
	char *out = render(r, true, 0, 10);

	cr_assert_not_null(strstr(out, "| 1.50 | \033[31mcritical\033[0m |\n"));
	cr_assert_not_null(strstr(out, "| 500.00 | \033[33mwarning\033[0m |\n"));
	cr_assert_not_null(strstr(out, "| 500.00 | \033[32mmet\033[0m |\n"));
	cr_assert_not_null(strstr(out, "| +20.5% | p = 0.0004, 500 vs 600 records | "
	    "\033[31mregression\033[0m |\n"));
	cr_assert_not_null(strstr(out, "| -16.2% | p = 0.0004, 500 vs 600 records | "
	    "\033[32mimproved\033[0m |\n"));
	cr_assert_not_null(strstr(out, "| +3.5% | p = 0.0004, 500 vs 600 records | unchanged |\n"));
	cr_assert_not_null(strstr(out, "\n\033[1m## Targets\033[0m\n"));
	cr_assert_not_null(strstr(out, "\n\033[1m## Baseline\033[0m\n"));
	free(out);
	report_free(r);
}

/* Length of the gate fixture's full document. */
static size_t
gate_full_len(void)
{
	struct report *r = fixture_gate_report();
	char *out = render(r, false, 0, 10);
	size_t n = codepoints(out);

	free(out);
	report_free(r);
	return n;
}

/* One character short: folding adds characters and cutting the two unflagged operation
 * rows saves too few to pay for it, so the gate tables drop the rows without a problem
 * (with notes) and every operation row and the lists stay. */
Test(emit_md, max_chars_one_short_trims_gate_tables)
{
	struct report *r = fixture_gate_report();
	/* Short of the document without the full table (the line saying so is longer). */
	size_t limit = gate_full_len() - codepoints(GOLD_FULL) - 1;
	char *out = render(r, false, limit, 10), *targets, *base;

	targets = xasprintf("%s%s%s%s\n_2 met targets not shown (limit --max-chars %zu)._\n"
	    "%s", GOLD_TARGETS_HEAD, GOLD_TABLE_T, GOLD_T_API_ERR, GOLD_T_API_P95, limit,
	    GOLD_BASE_HEAD);
	base = xasprintf("%s%s%s%s\n_3 unchanged or improved not shown (limit --max-chars "
	    "%zu)._\n%s", GOLD_BASE_HEAD, GOLD_TABLE_B, GOLD_B_API_AVG, GOLD_B_DB_P95, limit,
	    GOLD_BASE_ONLY);
	cr_assert_leq(codepoints(out), limit);
	cr_assert_not_null(strstr(out, targets), "%s", out);
	cr_assert_not_null(strstr(out, base), "%s", out);
	cr_assert_null(strstr(out, "<details>"));
	cr_assert_not_null(strstr(out, GOLD_ROW_API GOLD_ROW_DB GOLD_ROW_EVIL));
	cr_assert_not_null(strstr(out, GOLD_LISTS));
	free(targets);
	free(base);
	free(out);
	report_free(r);
}

/* 1000 operations and three targets (two met, one critical): over a GitHub-sized limit
 * the operations table shrinks as without a gate, and the met rows fold into a
 * <details> block under the critical one. */
Test(emit_md, max_chars_thousand_rows_folds_gate_tables)
{
	struct report *r = fixture_many_report(1000);
	struct gate_results *g = &r->gate;
	char *out;
	static const char want[] =
	    "\n## Targets\n\n2 of 3 targets met (1 critical).\n" GOLD_TABLE_T
	    "| `op-0249` | p95_ms | 40.00 | 10.00 | 20.00 | critical |\n"
	    "\n<details><summary>2 met targets</summary>\n" GOLD_TABLE_T
	    "| `op-0000` | p95_ms | 1.00 | 10.00 | 20.00 | met |\n"
	    "| `op-0001` | p95_ms | 2.00 | 10.00 | 20.00 | met |\n"
	    "\n</details>\n\n## Slowest Operations\n";
	static const char *const names[3] = {"op-0249", "op-0000", "op-0001"};
	static const double values[3] = {40, 1, 2};

	g->has_targets = true;
	g->targets_file = xstrdup("t.json");
	g->n_targets = 3;
	g->targets = xcalloc(3, sizeof(*g->targets));
	for (size_t i = 0; i < 3; i++) {
		g->targets[i].operation = xstrdup(names[i]);
		g->targets[i].metric = xstrdup("p95_ms");
		g->targets[i].has_value = true;
		g->targets[i].value = values[i];
		g->targets[i].target = 10;
		g->targets[i].has_critical = true;
		g->targets[i].critical = 20;
		g->targets[i].status = i == 0 ? TARGET_CRITICAL : TARGET_MET;
	}
	g->n_met = 2;
	g->n_target_critical = 1;
	g->row_target = xcalloc(1000, sizeof(*g->row_target));
	out = render(r, false, 32768, 10);
	cr_assert_leq(codepoints(out), 32768);
	cr_assert_not_null(strstr(out, want), "%s", strstr(out, "## Targets"));
	cr_assert_not_null(strstr(out, " of 1000 operations not shown (limit --max-chars "
	    "32768); use `--format csv` or a larger `--max-chars` to see them all._\n"));
	cr_assert_not_null(strstr(out, "\n## Most Frequent Operations\n"));
	free(out);
	report_free(r);
}

/* Nothing fits: problem rows of the gate are never hidden. */
Test(emit_md, max_chars_tiny_keeps_gate_problems)
{
	struct report *r = fixture_gate_report();
	char *out = render(r, false, 10, 10);

	cr_assert_not_null(strstr(out, GOLD_T_API_ERR GOLD_T_API_P95 "\n_2 met targets not "
	    "shown (limit --max-chars 10)._\n"));
	cr_assert_not_null(strstr(out, GOLD_B_API_AVG GOLD_B_DB_P95 "\n_3 unchanged or "
	    "improved not shown (limit --max-chars 10)._\n"));
	cr_assert_not_null(strstr(out, "\n_Slowest and most frequent operations left out "
	    "(limit --max-chars 10)._\n"));
	free(out);
	report_free(r);
}
