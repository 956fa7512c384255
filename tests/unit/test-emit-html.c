/* test-emit-html.c - the HTML emitter on the hand-built fixtures, by structure: one page,
 * every element that opens closed, the sections a report of its kind has, one line chart and
 * one histogram per charted row (and none without charts), bars and the zero bar as the
 * histogram holds them, and hostile operation names (markup, quotes, an ampersand, a
 * newline) escaped wherever they are written: cells, lists, chart captions and labels. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit-html.h"
#include "fixture-report.h"
#include "timeutil.h"
#include "xalloc.h"

#define DAY_US (INT64_C(86400) * 1000000)

/* A name that breaks out of any element or attribute it is written into raw. */
static const char hostile[] = "</code><script>alert('x')</script>&amp;\"<b>\n";
/* The same escaped as svg_escape writes it (the newline first as the two characters \n). */
static const char hostile_escaped[] = "&lt;/code&gt;&lt;script&gt;alert(&#39;x&#39;)"
	"&lt;/script&gt;&amp;amp;&quot;&lt;b&gt;\\n";

/* Render r into a heap string. */
static char *
render(const struct report *r)
{
	struct emit_opts eo = {.top = 10};
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	cr_assert_not_null(f);
	cr_assert_eq(emit_html(r, &eo, f), 0);
	cr_assert_eq(fclose(f), 0);
	return buf;
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

/* Every element the emitter writes is closed as often as it is opened. */
static void
check_balanced(const char *out)
{
	static const char *const tags[] = {"html", "head", "body", "section", "table", "thead",
		"tbody", "tr", "figure", "figcaption", "svg", "code", "ol", "li", "h1", "h2", "p",
		"style", "title", "div"};

	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		char open_sp[32], open_gt[32], close[32];

		snprintf(open_sp, sizeof(open_sp), "<%s ", tags[i]);
		snprintf(open_gt, sizeof(open_gt), "<%s>", tags[i]);
		snprintf(close, sizeof(close), "</%s>", tags[i]);
		cr_expect_eq(count_of(out, open_sp) + count_of(out, open_gt), count_of(out, close),
		    "<%s> opened %zu times, closed %zu", tags[i],
		    count_of(out, open_sp) + count_of(out, open_gt), count_of(out, close));
	}
}

/* The trends fixture with charts, as report.c leaves them for HTML: the window's four day
 * buckets, a histogram per row (api_call: three bins and two zeros; db_query: none drawn;
 * the third row: every duration 0), and rows 0 and 2 charted. */
static struct report *
charted_report(void)
{
	struct report *r = fixture_trends_report();
	static const double edges[4] = {1, 10, 100, 1000};
	static const uint64_t counts[3] = {5, 10, 3};

	r->n_buckets = 4;
	r->buckets = xcalloc(4, sizeof(*r->buckets));
	for (size_t b = 0; b < 4; b++)
		r->buckets[b] = r->series[0].bucket_start + (int64_t)b * DAY_US;
	r->histograms = xcalloc(r->n_rows, sizeof(*r->histograms));
	r->histograms[0].n_bins = 3;
	r->histograms[0].edges = xmalloc(sizeof(edges));
	memcpy(r->histograms[0].edges, edges, sizeof(edges));
	r->histograms[0].counts = xmalloc(sizeof(counts));
	memcpy(r->histograms[0].counts, counts, sizeof(counts));
	r->histograms[0].zeros = 2;
	r->histograms[2].zeros = 100;
	r->n_chart_rows = 2;
	r->chart_rows = xcalloc(2, sizeof(*r->chart_rows));
	r->chart_rows[0] = 0;
	r->chart_rows[1] = 2;
	return r;
}

/* Rename the fixture's third operation (its row, list entries, findings) to hostile. */
static void
make_hostile(struct report *r)
{
	char *old = r->rows[2].operation;

	for (size_t i = 0; i < r->n_slowest; i++)
		if (strcmp(r->slowest[i].operation, old) == 0) {
			free(r->slowest[i].operation);
			r->slowest[i].operation = xstrdup(hostile);
		}
	for (size_t i = 0; i < r->n_most_frequent; i++)
		if (strcmp(r->most_frequent[i].operation, old) == 0) {
			free(r->most_frequent[i].operation);
			r->most_frequent[i].operation = xstrdup(hostile);
		}
	r->rows[2].operation = xstrdup(hostile);
	free(old);
}

/* One page: the doctype first, the end of the document last, no script, every element
 * closed; the sections of a monthly report, and no chart without charts in the model. */
Test(emit_html, page_structure_without_charts)
{
	struct report *r = fixture_report();
	char *out = render(r);

	cr_expect_eq(strncmp(out, "<!DOCTYPE html>\n", 16), 0);
	cr_expect_eq(strcmp(out + strlen(out) - 16, "</body>\n</html>\n"), 0);
	cr_expect_null(strstr(out, "<script"));
	check_balanced(out);
	cr_expect_eq(count_of(out, "<h2>Operations</h2>"), 1);
	cr_expect_eq(count_of(out, "<h2>Reliability</h2>"), 1);
	cr_expect_eq(count_of(out, "<h2>Trends</h2>"), 0, "a monthly report has no trends");
	cr_expect_eq(count_of(out, "<h2>Charts</h2>"), 0);
	cr_expect_eq(count_of(out, "<svg"), 0);
	/* Three operations: three body rows in the Operations table. */
	cr_expect_eq(count_of(out, "<td><code>api_call</code></td>"), 1);
	free(out);
	report_free(r);
}

/* Two charted rows: two figures, each a line chart and a histogram, so four SVGs; the
 * histogram's three bins as bars, its zeros as one zero bar, and the third row's all-zero
 * histogram as one zero bar and no bar. */
Test(emit_html, svg_count_follows_charted_rows)
{
	struct report *r = charted_report();
	char *out = render(r);

	check_balanced(out);
	cr_expect_eq(count_of(out, "<h2>Trends</h2>"), 1);
	cr_expect_eq(count_of(out, "<h2>Charts</h2>"), 1);
	cr_expect_eq(count_of(out, "<figure>"), 2);
	cr_expect_eq(count_of(out, "<svg "), 4);
	cr_expect_eq(count_of(out, "aria-label=\"p50, p95 and p99 of"), 2);
	cr_expect_eq(count_of(out, "aria-label=\"latency histogram of"), 2);
	cr_expect_eq(count_of(out, "class=\"bar\""), 3);
	cr_expect_eq(count_of(out, "class=\"zero\""), 2);
	/* One p95 line (api_call's four buckets in one run; the third row has no series), and
	 * a legend key in each line chart. */
	cr_expect_eq(count_of(out, "<polyline"), 3);
	cr_expect_eq(count_of(out, "class=\"p95\""), 1);
	cr_expect_eq(count_of(out, "class=\"k95\""), 2);
	free(out);
	report_free(r);
}

/* A name made to break out of the markup is written escaped everywhere: its table cell,
 * the lists, the chart caption and the charts' labels; never raw. */
Test(emit_html, hostile_names_escaped)
{
	struct report *r = charted_report();
	char *out;

	make_hostile(r);
	out = render(r);
	cr_expect_null(strstr(out, "<script"), "a raw <script> in the page");
	cr_expect_null(strstr(out, "alert('x')"));
	cr_expect_null(strstr(out, "<b>"));
	check_balanced(out);
	/* Operations table, Slowest, Most Frequent, the figure caption: as code. */
	cr_expect_geq(count_of(out, hostile_escaped), 6, "%zu escaped copies",
	    count_of(out, hostile_escaped));
	cr_expect_eq(count_of(out, "aria-label=\"latency histogram of "), 2);
	{
		char want[512];

		snprintf(want, sizeof(want), "aria-label=\"latency histogram of %s, logarithmic",
		    hostile_escaped);
		cr_expect_eq(count_of(out, want), 1);
	}
	free(out);
	report_free(r);
}

/* issue 23: the line chart labels its buckets by date (api_call's four days: 01-05 to
 * 01-08 in the fixture's series), a point per bucket with a record carries its numbers
 * as a <title> tooltip, and the histogram's y ticks are whole numbers (counts 5, 10, 3
 * and 2 zeros: steps of 2 up to 10, where a top of 10 in 4 parts would give 2.5). */
Test(emit_html, date_ticks_tooltips_and_whole_ticks)
{
	struct report *r = charted_report();
	char *out = render(r), date[TU_BUFSZ], want[64];
	const char *p, *hist, *end;
	size_t ticks = 0;

	for (size_t b = 0; b < r->n_buckets; b++) {
		tu_format_date(r->buckets[b], date);
		snprintf(want, sizeof(want), "class=\"tick\">%s</text>", date + 5);
		cr_expect_eq(count_of(out, want), 2, "%s", want); /* both line charts */
	}
	cr_expect_eq(count_of(out, "<circle "), 4, "a point per bucket of api_call's series");
	tu_format_date(r->series[0].bucket_start, date);
	snprintf(want, sizeof(want), "<title>%s: p50 ", date);
	cr_expect_not_null(strstr(out, want));
	cr_expect_not_null(strstr(out, " records</title></circle>"));
	hist = strstr(out, "aria-label=\"latency histogram of api_call");
	cr_assert_not_null(hist);
	cr_expect_not_null(strstr(hist, "class=\"tick\">2</text>"));
	cr_expect_not_null(strstr(hist, "class=\"tick\">10</text>"));
	/* Every y tick of the histogram (right-aligned left of the plot, at x 66) is whole. */
	end = strstr(hist, "</svg>");
	for (p = hist; (p = strstr(p, "<text x=\"66.0\"")) != NULL && p < end; p++) {
		const char *v = strchr(p, '>') + 1;

		cr_expect_eq(strspn(v, "0123456789"), (size_t)(strchr(v, '<') - v),
		    "a tick that is not whole: %.12s", v);
		ticks++;
	}
	cr_expect_eq(ticks, 6, "0, 2, 4, 6, 8 and 10");
	free(out);
	report_free(r);
}

/* --targets and --baseline: a dashed line at a p95 target and at a baseline p95 of a
 * charted row, labelled, and the axis tall enough to show it; none for other metrics. */
Test(emit_html, target_and_baseline_lines)
{
	struct report *r = charted_report();
	struct gate_results *g = &r->gate;
	char *out;

	g->has_targets = true;
	g->targets_file = xstrdup("t.json");
	g->n_targets = 2;
	g->targets = xcalloc(2, sizeof(*g->targets));
	g->targets[0].operation = xstrdup("api_call");
	g->targets[0].metric = xstrdup("p95_ms");
	g->targets[0].target = 2000;
	g->targets[0].status = TARGET_MET;
	g->targets[1].operation = xstrdup("api_call");
	g->targets[1].metric = xstrdup("error_rate_pct");
	g->targets[1].target = 1;
	g->targets[1].status = TARGET_MET;
	g->n_met = 2;
	g->row_target = xcalloc(r->n_rows, sizeof(*g->row_target));
	g->has_baseline = true;
	g->baseline_file = xstrdup("b.json");
	g->n_baseline = 1;
	g->baseline = xcalloc(1, sizeof(*g->baseline));
	g->baseline[0].operation = xstrdup("api_call");
	g->baseline[0].metric = xstrdup("p99_ms");
	g->baseline[0].baseline = 250;
	g->baseline[0].current = 260;
	g->baseline[0].status = BASE_UNCHANGED;
	g->n_unchanged = 1;
	g->row_baseline = xcalloc(r->n_rows, sizeof(*g->row_baseline));
	out = render(r);
	check_balanced(out);
	cr_expect_eq(count_of(out, "class=\"target\"/>"), 1);
	cr_expect_eq(count_of(out, "class=\"target\">target p95 2000</text>"), 1);
	cr_expect_eq(count_of(out, "class=\"baseline\"/>"), 1);
	cr_expect_eq(count_of(out, "class=\"baseline\">baseline p99 250</text>"), 1);
	/* The axis reaches the target (2000 above every p99 of the series). */
	cr_expect_not_null(strstr(out, "class=\"tick\">2000</text>"));
	free(out);
	report_free(r);
}
