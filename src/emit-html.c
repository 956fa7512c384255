/* emit-html.c - the HTML report (SPEC section 13): one self-contained page, XHTML-compatible
 * (every element closed, so an XML parser reads it), with inline CSS and inline SVG drawn by
 * svg.c; no script, no external resource, and a Content-Security-Policy meta tag that
 * forbids both. It reads on a phone (viewport meta, tables that scroll sideways, charts
 * that scale) and on paper (@media print). Sections: title, verdict, generation line,
 * Operations, Trends (trends), Reliability, Degradation, Targets and Baseline (CI gate),
 * Charts (per charted operation p50/p95/p99 over the window's buckets and a latency
 * histogram on a logarithmic axis), Slowest and Most Frequent. With --by, the Operations
 * and Trends tables have one column per key (headed by the key as given); with --explain,
 * each slower finding carries a table of its breakdown. Every piece of input text
 * goes through svg_escape. The emitter only formats and draws what the model holds; axis
 * ticks and scales are presentation. */
#include "emit-html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart-axis.h"
#include "gate.h"
#include "numfmt.h"
#include "svg.h"
#include "timeutil.h"
#include "window.h"
#include "xalloc.h"

/* Chart geometry (SVG user units; the SVG scales to the page width). */
#define HTML_CW 640.0
#define HTML_CH 260.0
#define HTML_LEFT 72.0
#define HTML_RIGHT 16.0
#define HTML_TOP 34.0
#define HTML_BOTTOM 46.0

#define HTML_DASH "\xe2\x80\x94" /* U+2014, an unknown value */

static const char html_style[] =
":root{color-scheme:light;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;"
"--head:#f6f8fa;--bad:#cf222e;--warn:#9a6700;--good:#1a7f37}\n"
"body{font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:var(--fg);"
"background:var(--bg);margin:0 auto;max-width:1100px;padding:16px}\n"
"h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;border-bottom:1px solid var(--line);"
"padding-bottom:.2em;margin-top:1.6em}h3{font-size:1em;margin:1em 0 .3em}\n"
".meta{color:var(--muted)}.verdict{font-size:1.15em;font-weight:600;padding:.4em .7em;"
"border-radius:6px;border:1px solid var(--line);display:inline-block}\n"
".verdict.ok{color:var(--good)}.verdict.warning{color:var(--warn)}"
".verdict.critical{color:var(--bad)}\n"
".scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}\n"
"table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:.5em 0}\n"
"th,td{border:1px solid var(--line);padding:4px 8px;white-space:nowrap}"
"th{background:var(--head);text-align:left}td.n,th.n{text-align:right}\n"
"table.explain{font-size:.92em;margin:.3em 0 .6em}caption{text-align:left;color:var(--muted)}\n"
"code{font:0.92em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
"word-break:break-all}\n"
".bad{color:var(--bad);font-weight:600}.warn{color:var(--warn);font-weight:600}"
".good{color:var(--good)}\n"
".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,460px),1fr));gap:12px}\n"
"figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px;"
"break-inside:avoid}\nfigcaption{font-weight:600;margin-bottom:4px}\n"
"svg{width:100%;height:auto;display:block}th code{font-weight:600}\n"
"svg text{font:15px system-ui,sans-serif;fill:var(--muted)}\n"
"svg .title{font-weight:600;fill:var(--fg)}\n"
"svg .axis{stroke:#8c959f;stroke-width:1}svg .grid{stroke:#eaeef2;stroke-width:1}\n"
"svg .p50,svg .p95,svg .p99{fill:none;stroke-width:2}\n"
"svg .p50{stroke:#0969da}svg .p95{stroke:#bf8700;stroke-dasharray:6 3}"
"svg .p99{stroke:#cf222e;stroke-dasharray:2 2}\n"
"svg .k50{fill:#0969da}svg .k95{fill:#bf8700}svg .k99{fill:#cf222e}\n"
"svg .bar{fill:#54aeff}svg .zero{fill:#8c959f}svg .pt{fill:#bf8700;fill-opacity:.35}\n"
"svg line.target{stroke:#cf222e;stroke-width:1.5;stroke-dasharray:8 4}"
"svg line.baseline{stroke:#59636e;stroke-width:1.5;stroke-dasharray:1 3}"
"svg text.target{fill:#cf222e}svg text.baseline{fill:#59636e}\n"
"svg line.cp{stroke:#cf222e;stroke-width:1.5;stroke-dasharray:6 3}svg text.cp{fill:#cf222e}\n"
"@media (max-width:600px){body{font-size:14px;padding:8px}th,td{padding:3px 5px}}\n"
"@media print{body{max-width:none;font-size:10pt;padding:0}.scroll{overflow:visible}"
"th,td{white-space:normal}section,figure,table{break-inside:avoid}"
".charts{grid-template-columns:1fr 1fr}a{color:inherit}}\n";

struct html {
	const struct report *r;
	FILE *out;
	long top; /* --top: how many --explain values a finding shows (< 0: all) */
	const char *unit; /* "ms", or --unit LABEL (plain text: cli.c allows no markup) */
};

static void
html_text(const struct html *h, const char *s)
{
	svg_escape(h->out, s);
}

/* Input text as <code>. */
static void
html_code(const struct html *h, const char *s)
{
	fputs("<code>", h->out);
	svg_escape(h->out, s);
	fputs("</code>", h->out);
}

static void
html_ms(const struct html *h, double v)
{
	char buf[NUMFMT_BUFSZ];

	numfmt_fixed(v, 2, buf);
	fputs(buf, h->out);
}

static void
html_signed_pct(const struct html *h, double v)
{
	char buf[NUMFMT_SIGNED_BUFSZ];

	numfmt_signed_pct(v, buf);
	fputs(buf, h->out);
}

/* A numeric table cell with two decimals. */
static void
html_td_ms(const struct html *h, double v)
{
	fputs("<td class=\"n\">", h->out);
	html_ms(h, v);
	fputs("</td>", h->out);
}

/* The verdict's class and mark; a level this emitter does not know reads as a warning. */
static void
html_verdict(const struct html *h)
{
	const struct gate_results *g = &h->r->gate;
	const char *cls = "warning", *mark = "\xe2\x9a\xa0\xef\xb8\x8f";

	if (g->verdict == NULL)
		return;
	if (g->level == VERDICT_OK) {
		cls = "ok";
		mark = "\xe2\x9c\x85";
	} else if (g->level == VERDICT_CRITICAL) {
		cls = "critical";
		mark = "\xe2\x9d\x8c";
	}
	fprintf(h->out, "<p class=\"verdict %s\">%s ", cls, mark);
	html_text(h, g->verdict);
	fputs("</p>\n", h->out);
}

static void
html_head(const struct html *h)
{
	const struct report *r = h->r;
	char gen[TU_BUFSZ], start[TU_BUFSZ], end[TU_BUFSZ];
	char *title = xasprintf("Performance Report: %s", r->label);

	emit_html_page_head(h->out, title, "");
	free(title);
	fputs("<header>\n<h1>Performance Report: ", h->out);
	html_text(h, r->label);
	fputs("</h1>\n", h->out);
	html_verdict(h);
	tu_format_human(r->generated_at, gen);
	tu_format_ms(r->start, start);
	tu_format_ms(r->end, end);
	fprintf(h->out, "<p class=\"meta\">Generated %s \xc2\xb7 window %s \xe2\x80\x93 %s \xc2\xb7 "
	    "%llu %s</p>\n</header>\n", gen, start, end, (unsigned long long)r->totals.count,
	    r->totals.count == 1 ? "record" : "records");
}

static void
html_flags(const struct html *h, unsigned flags)
{
	bool first = true;

	for (unsigned bit = 0; bit < FLAG_COUNT; bit++) {
		unsigned f = 1u << bit;

		if (!(flags & f))
			continue;
		fprintf(h->out, "%s<span class=\"%s\">%s</span>", first ? "" : ", ",
		    f & (FLAG_SLOWER | FLAG_ERRORS) ? "bad" : f == FLAG_FASTER ? "good" : "warn",
		    flag_name(f));
		first = false;
	}
}

/* The cells that name a row, as <tag> elements: one per --by key, values[k] in code
 * (the keys themselves for the heading row), or without --by one cell of name ("Operation"
 * when name is NULL). */
static void
html_key_cells(const struct html *h, const char *tag, char *const *values, const char *name)
{
	size_t n = h->r->n_group_keys;

	for (size_t k = 0; k < n || (k == 0 && n == 0); k++) {
		fprintf(h->out, "<%s>", tag);
		if (n > 0)
			html_code(h, values[k]);
		else if (name != NULL)
			html_code(h, name);
		else
			fputs("Operation", h->out);
		fprintf(h->out, "</%s>", tag);
	}
}

static void
html_operations(const struct html *h)
{
	const struct report *r = h->r;
	char buf[NUMFMT_BUFSZ], first[TU_BUFSZ], last[TU_BUFSZ];

	fputs("<section>\n<h2>Operations</h2>\n", h->out);
	if (r->n_rows == 0) {
		fputs("<p>No performance metrics found for ", h->out);
		html_text(h, r->label);
		fputs(".</p>\n", h->out);
		if (r->input.has_span) {
			tu_format_human(r->input.first_ts, first);
			tu_format_human(r->input.last_ts, last);
			fprintf(h->out, "<p>The input covers %s to %s (%llu %s).</p>\n", first, last,
			    (unsigned long long)r->input.records,
			    r->input.records == 1 ? "record" : "records");
		} else
			fputs("<p>The input has no valid records.</p>\n", h->out);
		fputs("</section>\n", h->out);
		return;
	}
	fputs("<div class=\"scroll\"><table>\n<thead><tr>", h->out);
	html_key_cells(h, "th", h->r->group_keys, NULL);
	fprintf(h->out, "<th class=\"n\">Count</th><th class=\"n\">Success</th>"
	    "<th class=\"n\">Avg (%s)</th>", h->unit);
	for (size_t k = 0; k < r->n_percentiles; k++) {
		numfmt_shortest(r->percentiles[k], buf);
		fprintf(h->out, "<th class=\"n\">P%s</th>", buf);
	}
	fputs("<th class=\"n\">Min</th><th class=\"n\">Max</th><th class=\"n\">\xce\x94 avg</th>"
	    "<th>Flags</th></tr></thead>\n<tbody>\n", h->out);
	for (size_t i = 0; i < r->n_rows; i++) {
		const struct op_row *row = &r->rows[i];

		fputs("<tr>", h->out);
		html_key_cells(h, "td", row->group, row->operation);
		fprintf(h->out, "<td class=\"n\">%llu</td><td class=\"n\">%llu/%llu</td>",
		    (unsigned long long)row->count, (unsigned long long)row->success,
		    (unsigned long long)row->count);
		html_td_ms(h, row->avg_ms);
		for (size_t k = 0; k < r->n_percentiles; k++)
			html_td_ms(h, row->pct_ms[k]);
		html_td_ms(h, row->min_ms);
		html_td_ms(h, row->max_ms);
		fputs("<td class=\"n\">", h->out);
		if (row->flags & FLAG_NEW)
			fputs("new", h->out);
		else if (row->has_avg_change)
			html_signed_pct(h, row->avg_change_pct);
		else
			fputs(HTML_DASH, h->out);
		fputs("</td><td>", h->out);
		html_flags(h, row->flags);
		fputs("</td></tr>\n", h->out);
	}
	fputs("</tbody>\n</table></div>\n</section>\n", h->out);
}

static void
html_reliability(const struct html *h)
{
	const struct totals *t = &h->r->totals;

	fprintf(h->out, "<section>\n<h2>Reliability</h2>\n<ul>\n<li>Total operations: %llu</li>\n"
	    "<li>Successful: %llu</li>\n<li>Failed: %llu</li>\n<li>Error rate: ",
	    (unsigned long long)t->count, (unsigned long long)t->success,
	    (unsigned long long)t->failed);
	if (t->has_error_rate) {
		char buf[NUMFMT_BUFSZ];

		numfmt_fixed(t->error_rate_pct, 2, buf);
		fprintf(h->out, "%s%%", buf);
	} else
		fputs("n/a", h->out);
	fputs("</li>\n</ul>\n</section>\n", h->out);
}

static void
html_names(const struct html *h, const char *label, char *const *names, size_t n)
{
	if (n == 0)
		return;
	fprintf(h->out, "<li>%s: ", label);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fputs(", ", h->out);
		html_code(h, names[i]);
	}
	fputs("</li>\n", h->out);
}

/* A count and an average of one side of an --explain value; a dash for the average of a
 * side without a record. */
static void
html_explain_side(const struct html *h, bool has, uint64_t n, double avg)
{
	fprintf(h->out, "<td class=\"n\">%llu</td>", (unsigned long long)n);
	if (has)
		html_td_ms(h, avg);
	else
		fputs("<td class=\"n\">" HTML_DASH "</td>", h->out);
}

/* --explain (SPEC sections 14 and 17): under a slower finding, a table of the values of
 * the key, largest |contribution| first, at most --top of them, each with its latency and
 * mix parts (the numbers of the Markdown list). */
static void
html_explain(const struct html *h, const struct finding *f)
{
	size_t n = f->n_explain, shown = n;

	if (h->r->explain_key == NULL || f->flag != FLAG_SLOWER)
		return;
	if (h->top >= 0 && (size_t)h->top < n)
		shown = (size_t)h->top;
	fputs("<div class=\"scroll\"><table class=\"explain\">\n<caption>By ", h->out);
	html_code(h, h->r->explain_key);
	fputs(", largest share of the change first</caption>\n<thead><tr><th>", h->out);
	html_code(h, h->r->explain_key);
	fprintf(h->out, "</th><th class=\"n\">Contribution (%s)</th><th class=\"n\">Records "
	    "now</th><th class=\"n\">Avg now (%s)</th><th class=\"n\">Records before</th>"
	    "<th class=\"n\">Avg before (%s)</th><th class=\"n\">Latency (%s)</th>"
	    "<th class=\"n\">Mix (%s)</th></tr></thead>\n<tbody>\n", h->unit, h->unit, h->unit,
	    h->unit, h->unit);
	for (size_t i = 0; i < shown; i++) {
		const struct explain_entry *e = &f->explain[i];
		char buf[NUMFMT_SIGNED_BUFSZ];

		fputs("<tr><td>", h->out);
		html_code(h, e->value);
		numfmt_signed(e->contribution_ms, 2, buf);
		fprintf(h->out, "</td><td class=\"n\">%s</td>", buf);
		html_explain_side(h, e->has_cur_avg, e->cur_count, e->cur_avg_ms);
		html_explain_side(h, e->has_prev_avg, e->prev_count, e->prev_avg_ms);
		numfmt_signed(e->latency_ms, 2, buf);
		fprintf(h->out, "<td class=\"n\">%s</td>", buf);
		numfmt_signed(e->mix_ms, 2, buf);
		fprintf(h->out, "<td class=\"n\">%s</td>", buf);
		fputs("</tr>\n", h->out);
	}
	if (shown < n)
		fprintf(h->out, "<tr><td colspan=\"8\" class=\"meta\">and %zu more (--top)</td>"
		    "</tr>\n", n - shown);
	fputs("</tbody>\n</table></div>\n", h->out);
}

static void
html_degradation(const struct html *h)
{
	const struct report *r = h->r;
	char *note;

	fputs("<section>\n<h2>Degradation</h2>\n", h->out);
	if (r->n_rows == 0)
		/* No evidence either way: never the green sentence (SPEC section 11). */
		fputs("<p class=\"warn\">Nothing to check: no record in the window.</p>\n", h->out);
	else if (r->n_findings == 0)
		fputs("<p class=\"good\">No degradation detected.</p>\n", h->out);
	if ((note = report_coverage_note(r)) != NULL) {
		/* why no slower or faster was judged (SPEC section 5) */
		fputs("<p class=\"warn\">", h->out);
		html_text(h, note);
		fputs("</p>\n", h->out);
		free(note);
	}
	if (r->n_findings > 0 || r->n_previous_only > 0)
		fputs("<ul>\n", h->out);
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];

		char *test;

		fprintf(h->out, "<li>%s ", f->level == LEVEL_CRITICAL ? "\xe2\x9d\x8c" :
		    "\xe2\x9a\xa0\xef\xb8\x8f");
		html_code(h, f->operation);
		fprintf(h->out, " <span class=\"%s\">%s</span>", f->level == LEVEL_CRITICAL ?
		    "bad" : "warn", flag_name(f->flag));
		if (f->has_since) {
			char day[TU_BUFSZ];

			tu_format_date(f->since, day);
			fprintf(h->out, " since %s", day);
		}
		fputs(": ", h->out);
		html_text(h, f->message);
		if ((test = finding_test_text(f)) != NULL) {
			html_text(h, test);
			free(test);
		}
		html_explain(h, f);
		fputs("</li>\n", h->out);
	}
	html_names(h, "Seen only in the previous window", r->previous_only, r->n_previous_only);
	if (r->n_findings > 0 || r->n_previous_only > 0)
		fputs("</ul>\n", h->out);
	fputs("</section>\n", h->out);
}

static const char *
html_target_class(enum target_status s)
{
	return s == TARGET_CRITICAL ? "bad" : s == TARGET_WARNING ? "warn" : "good";
}

static const char *
html_base_class(enum base_status s)
{
	return s == BASE_REGRESSION ? "bad" : s == BASE_WARNING ? "warn" :
	    s == BASE_IMPROVED ? "good" : "";
}

static void
html_targets(const struct html *h)
{
	const struct gate_results *g = &h->r->gate;

	fprintf(h->out, "<section>\n<h2>Targets</h2>\n<p>%zu of %zu targets met (%zu warning, "
	    "%zu critical).</p>\n", g->n_met, g->n_targets, g->n_target_warning,
	    g->n_target_critical);
	if (g->n_targets > 0)
		fputs("<div class=\"scroll\"><table>\n<thead><tr><th>Operation</th><th>Metric</th>"
		    "<th class=\"n\">Value</th><th class=\"n\">Target</th><th class=\"n\">Critical"
		    "</th><th>Status</th></tr></thead>\n<tbody>\n", h->out);
	for (size_t i = 0; i < g->n_targets; i++) {
		const struct target_result *t = &g->targets[i];

		fputs("<tr><td>", h->out);
		html_code(h, t->operation);
		fputs("</td><td>", h->out);
		html_text(h, t->metric);
		fputs("</td>", h->out);
		html_td_ms(h, t->value);
		html_td_ms(h, t->target);
		if (t->has_critical)
			html_td_ms(h, t->critical);
		else
			fputs("<td class=\"n\">" HTML_DASH "</td>", h->out);
		fprintf(h->out, "<td class=\"%s\">%s</td></tr>\n", html_target_class(t->status),
		    gate_target_status_name(t->status));
	}
	if (g->n_targets > 0)
		fputs("</tbody>\n</table></div>\n", h->out);
	fputs("</section>\n", h->out);
}

static void
html_baseline(const struct html *h)
{
	const struct gate_results *g = &h->r->gate;

	fputs("<section>\n<h2>Baseline</h2>\n<p>Compared with ", h->out);
	html_code(h, g->baseline_file);
	fprintf(h->out, ": %zu regressions, %zu warnings, %zu improved, %zu unchanged.</p>\n",
	    g->n_regression, g->n_base_warning, g->n_improved, g->n_unchanged);
	if (g->n_baseline > 0)
		fputs("<div class=\"scroll\"><table>\n<thead><tr><th>Operation</th><th>Metric</th>"
		    "<th class=\"n\">Baseline</th><th class=\"n\">Current</th><th class=\"n\">Change"
		    "</th><th>Status</th></tr></thead>\n<tbody>\n", h->out);
	for (size_t i = 0; i < g->n_baseline; i++) {
		const struct baseline_result *b = &g->baseline[i];

		fputs("<tr><td>", h->out);
		html_code(h, b->operation);
		fputs("</td><td>", h->out);
		html_text(h, b->metric);
		fputs("</td>", h->out);
		html_td_ms(h, b->baseline);
		html_td_ms(h, b->current);
		fputs("<td class=\"n\">", h->out);
		if (b->has_change)
			html_signed_pct(h, b->change_pct);
		else
			fputs(HTML_DASH, h->out);
		fprintf(h->out, "</td><td class=\"%s\">%s</td></tr>\n", html_base_class(b->status),
		    gate_base_status_name(b->status));
	}
	if (g->n_baseline > 0)
		fputs("</tbody>\n</table></div>\n", h->out);
	if (g->n_only_current > 0 || g->n_only_baseline > 0) {
		fputs("<ul>\n", h->out);
		html_names(h, "Only in this report", g->only_current, g->n_only_current);
		html_names(h, "Only in the baseline", g->only_baseline, g->n_only_baseline);
		fputs("</ul>\n", h->out);
	}
	fputs("</section>\n", h->out);
}

/* An axis label: at most 4 significant digits, "1.5k" style past 10000. */
static void
html_axis_label(double v, char buf[NUMFMT_BUFSZ])
{
	if (v >= 10000.0) {
		numfmt_shortest(round(v / 100.0) / 10.0, buf);
		strcat(buf, "k");
	} else if (v >= 100.0 || v - floor(v) < 1e-9)
		numfmt_fixed(v, 0, buf);
	else if (v >= 1.0)
		numfmt_fixed(v, 1, buf);
	else
		numfmt_shortest(round(v * 1000.0) / 1000.0, buf);
}

/* The y axis from 0 to top with a grid line at each of the steps (top / steps apart). */
static void
html_y_axis(struct svg *s, double top, size_t steps, const char *unit)
{
	double ph = HTML_CH - HTML_TOP - HTML_BOTTOM;
	char buf[NUMFMT_BUFSZ];

	for (size_t k = 0; k <= steps; k++) {
		double y = HTML_TOP + ph - ph * (double)k / (double)steps;

		svg_line(s, HTML_LEFT, y, HTML_CW - HTML_RIGHT, y, k == 0 ? "axis" : "grid");
		html_axis_label(top * (double)k / (double)steps, buf);
		svg_text(s, HTML_LEFT - 6, y + 4, "end", "tick", buf);
	}
	svg_text(s, 4, HTML_TOP - 16, "start", "tick", unit);
}

/* The x position of bucket b of nb on a line chart. */
static double
html_bucket_x(size_t b, size_t nb)
{
	double pw = HTML_CW - HTML_LEFT - HTML_RIGHT;

	return HTML_LEFT + (nb > 1 ? pw * (double)b / (double)(nb - 1) : pw / 2);
}

/* Date ticks under a line chart: a tick per bucket, a label ("10-06", or "2026-10" for
 * months) on every chart_axis_label_step-th one from the first. */
static void
html_date_ticks(const struct html *h, struct svg *s)
{
	const struct report *r = h->r;
	size_t nb = r->n_buckets, step = chart_axis_label_step(nb);
	double base = HTML_CH - HTML_BOTTOM;
	char date[TU_BUFSZ], hour[16];
	int64_t day, last_day = INT64_MIN;

	for (size_t b = 0; b < nb; b++) {
		double x = html_bucket_x(b, nb);

		svg_line(s, x, base, x, base + (b % step == 0 ? 5 : 3), "axis");
		if (b % step != 0)
			continue;
		tu_format_date(r->buckets[b], date);
		if (r->bucket == BUCKET_MONTH)
			date[7] = '\0';
		if (r->bucket == BUCKET_HOUR) {
			/* changes --bucket hour: "13h", the day ("10-14") under the first label
			 * of each day */
			day = tu_floor_day(r->buckets[b]);
			snprintf(hour, sizeof(hour), "%dh",
			    (int)((r->buckets[b] - day) / WINDOW_US_PER_HOUR));
			svg_text(s, x, base + 20, "middle", "tick", hour);
			if (day != last_day)
				svg_text(s, x, base + 38, "middle", "tick", date + 5);
			last_day = day;
			continue;
		}
		svg_text(s, x, base + 20, "middle", "tick",
		    r->bucket == BUCKET_MONTH ? date : date + 5);
	}
}

/* A reference line across a line chart at value v of top (a target or a baseline), with
 * its label at the right end. */
static void
html_ref_line(struct svg *s, double v, double top, const char *cls, const char *label)
{
	double ph = HTML_CH - HTML_TOP - HTML_BOTTOM, y = HTML_TOP + ph - ph * v / top;

	svg_line(s, HTML_LEFT, y, HTML_CW - HTML_RIGHT, y, cls);
	svg_text(s, HTML_CW - HTML_RIGHT - 2, y - 4, "end", cls, label);
}

/* Whether metric is one a line chart draws (p50_ms, p95_ms, p99_ms). */
static bool
html_drawn_metric(const char *metric)
{
	return strcmp(metric, "p50_ms") == 0 || strcmp(metric, "p95_ms") == 0 ||
	    strcmp(metric, "p99_ms") == 0;
}

/*
 * The target and baseline lines of row's line chart (--targets, --baseline): one per
 * target or baseline value of a metric the chart draws, labelled "target p95 250" or
 * "baseline p95 290.5". With draw false, only the largest such value is returned (for the
 * axis top); else they are drawn and 0 is returned.
 */
static double
html_ref_lines(const struct html *h, struct svg *s, size_t row, double top, bool draw)
{
	const struct gate_results *g = &h->r->gate;
	const char *name = h->r->rows[row].operation;
	double max = 0.0;
	char buf[NUMFMT_BUFSZ], *label;

	for (size_t i = 0; i < g->n_targets; i++) {
		const struct target_result *t = &g->targets[i];

		if (strcmp(t->operation, name) != 0 || !html_drawn_metric(t->metric))
			continue;
		if (!draw) {
			max = t->target > max ? t->target : max;
			continue;
		}
		html_axis_label(t->target, buf);
		label = xasprintf("target %.*s %s", (int)(strlen(t->metric) - 3), t->metric, buf);
		html_ref_line(s, t->target, top, "target", label);
		free(label);
	}
	for (size_t i = 0; i < g->n_baseline; i++) {
		const struct baseline_result *b = &g->baseline[i];

		if (strcmp(b->operation, name) != 0 || !html_drawn_metric(b->metric))
			continue;
		if (!draw) {
			max = b->baseline > max ? b->baseline : max;
			continue;
		}
		html_axis_label(b->baseline, buf);
		label = xasprintf("baseline %.*s %s", (int)(strlen(b->metric) - 3), b->metric, buf);
		html_ref_line(s, b->baseline, top, "baseline", label);
		free(label);
	}
	return max;
}

/* The change point of row's slower finding (its model's since, SPEC section 17) on its line
 * chart, marked as the changes page marks one: a dashed line at the bucket holding that day,
 * labelled "since MM-DD". Nothing when the finding has no since. */
static void
html_since_mark(const struct html *h, struct svg *s, size_t row)
{
	const struct report *r = h->r;
	size_t b, nb = r->n_buckets;
	char day[TU_BUFSZ], *label;
	double x;

	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];

		if (f->row != row || f->flag != FLAG_SLOWER || !f->has_since || nb == 0 ||
		    f->since < r->buckets[0])
			continue;
		/* the last bucket starting at or before that day */
		for (b = 0; b + 1 < nb && r->buckets[b + 1] <= f->since; b++)
			;
		x = html_bucket_x(b, nb);
		svg_line(s, x, HTML_TOP, x, HTML_CH - HTML_BOTTOM, "cp");
		tu_format_date(f->since, day);
		label = xasprintf("since %s", day + 5);
		svg_text(s, x + (b * 2 < nb ? 4 : -4), HTML_TOP + 14, b * 2 < nb ? "start" : "end",
		    "cp", label);
		free(label);
	}
}

/* A point of a line chart with its tooltip: the bucket's date, p50, p95, p99 and count. */
static void
html_point(const struct html *h, struct svg *s, double x, double y, const struct series_row *row)
{
	char date[TU_BUFSZ], a[NUMFMT_BUFSZ], b[NUMFMT_BUFSZ], c[NUMFMT_BUFSZ], *tip;

	tu_format_date(row->bucket_start, date);
	if (h->r->bucket == BUCKET_MONTH)
		date[7] = '\0';
	numfmt_fixed(row->p50_ms, 2, a);
	numfmt_fixed(row->p95_ms, 2, b);
	numfmt_fixed(row->p99_ms, 2, c);
	tip = xasprintf("%s: p50 %s ms, p95 %s ms, p99 %s ms, %llu %s", date, a, b, c,
	    (unsigned long long)row->count, row->count == 1 ? "record" : "records");
	svg_circle(s, x, y, 3, "pt", tip);
	free(tip);
}

/* The p50/p95/p99 chart of one operation over the window's buckets. */
static void
html_line_chart(const struct html *h, size_t row)
{
	const struct report *r = h->r;
	size_t n, start = emit_kit_series_of(r, row, &n), nb = r->n_buckets;
	const struct series_row *s = r->series + start;
	double top = 0, ref, ph = HTML_CH - HTML_TOP - HTML_BOTTOM;
	double *x = xcalloc(nb + 1, sizeof(double)), *y = xcalloc(nb + 1, sizeof(double));
	static const char *const cls[3] = {"p50", "p95", "p99"};
	static const char *const key[3] = {"k50", "k95", "k99"};
	char *label;
	struct svg svg;

	for (size_t k = 0; k < n; k++)
		if (s[k].p99_ms > top)
			top = s[k].p99_ms;
	ref = html_ref_lines(h, NULL, row, 0, false);
	top = chart_axis_nice_ceil(ref > top ? ref : top);
	label = xasprintf("p50, p95 and p99 of %s per %s", r->rows[row].operation,
	    r->bucket == BUCKET_MONTH ? "month" : r->bucket == BUCKET_WEEK ? "week" : "day");
	svg_begin(&svg, h->out, HTML_CW, HTML_CH, label);
	free(label);
	html_y_axis(&svg, top, 4, h->unit);
	html_date_ticks(h, &svg);
	html_ref_lines(h, &svg, row, top, true);
	html_since_mark(h, &svg, row);
	for (int q = 0; q < 3; q++) {
		/* One polyline per run of consecutive buckets with records; a lone point is a
		 * short tick, so that a gap is never drawn as a line. */
		size_t j = 0, m = 0, prev = SIZE_MAX;

		for (size_t b = 0; b < nb && j < n; b++) {
			double v;

			if (s[j].bucket_start != r->buckets[b])
				continue;
			v = q == 0 ? s[j].p50_ms : q == 1 ? s[j].p95_ms : s[j].p99_ms;
			j++;
			if (prev != SIZE_MAX && b != prev + 1) {
				svg_polyline(&svg, x, y, m, cls[q]);
				if (m == 1)
					svg_rect(&svg, x[0] - 2, y[0] - 1, 4, 2, key[q], NULL);
				m = 0;
			}
			x[m] = html_bucket_x(b, nb);
			y[m] = HTML_TOP + ph - (top > 0 ? ph * v / top : 0);
			m++;
			prev = b;
		}
		svg_polyline(&svg, x, y, m, cls[q]);
		if (m == 1)
			svg_rect(&svg, x[0] - 2, y[0] - 1, 4, 2, key[q], NULL);
		svg_rect(&svg, HTML_LEFT + 8 + 80.0 * q, 10, 18, 5, key[q], NULL);
		svg_text(&svg, HTML_LEFT + 30 + 80.0 * q, 17, "start", "tick", cls[q]);
	}
	/* The points, on the p95 line, each with its bucket's numbers as a tooltip. */
	for (size_t b = 0, j = 0; b < nb && j < n; b++)
		if (s[j].bucket_start == r->buckets[b]) {
			html_point(h, &svg, html_bucket_x(b, nb),
			    HTML_TOP + ph - (top > 0 ? ph * s[j].p95_ms / top : 0), &s[j]);
			j++;
		}
	svg_end(&svg);
	free(x);
	free(y);
}

/* The latency histogram of one operation: bars on a logarithmic duration axis, the
 * durations of exactly 0 as a grey bar of their own at the left. */
static void
html_histogram(const struct html *h, size_t row)
{
	const struct histogram *hg = &h->r->histograms[row];
	double pw = HTML_CW - HTML_LEFT - HTML_RIGHT, ph = HTML_CH - HTML_TOP - HTML_BOTTOM;
	double zw = hg->zeros > 0 ? 24.0 : 0.0, x0 = HTML_LEFT + zw, top = (double)hg->zeros;
	double lo, hi, span;
	char buf[NUMFMT_BUFSZ], *label, *tip;
	struct svg svg;

	size_t step;

	for (size_t k = 0; k < hg->n_bins; k++)
		if ((double)hg->counts[k] > top)
			top = (double)hg->counts[k];
	/* Whole-number ticks: a step of 1, 2 or 5 times a power of ten, at most 5 steps. */
	step = chart_axis_count_step((uint64_t)top);
	top = (double)(step * chart_axis_count_steps((uint64_t)top, step));
	label = xasprintf("latency histogram of %s, logarithmic duration axis",
	    h->r->rows[row].operation);
	svg_begin(&svg, h->out, HTML_CW, HTML_CH, label);
	free(label);
	html_y_axis(&svg, top, chart_axis_count_steps((uint64_t)top, step), "records");
	if (hg->zeros > 0) {
		tip = xasprintf("0 ms: %llu", (unsigned long long)hg->zeros);
		svg_rect(&svg, HTML_LEFT + 2, HTML_TOP + ph - ph * (double)hg->zeros / top, zw - 4,
		    ph * (double)hg->zeros / top, "zero", tip);
		free(tip);
		svg_text(&svg, HTML_LEFT + zw / 2, HTML_CH - HTML_BOTTOM + 20, "middle", "tick", "0");
	}
	if (hg->n_bins > 0) {
		lo = log10(hg->edges[0]);
		hi = log10(hg->edges[hg->n_bins]);
		span = hi > lo ? hi - lo : 1.0;
		for (size_t k = 0; k < hg->n_bins; k++) {
			double a = hi > lo ? (log10(hg->edges[k]) - lo) / span : 0.0;
			double b = hi > lo ? (log10(hg->edges[k + 1]) - lo) / span : 1.0;
			double bh = ph * (double)hg->counts[k] / top;
			char e0[NUMFMT_BUFSZ], e1[NUMFMT_BUFSZ];

			numfmt_fixed(hg->edges[k], 2, e0);
			numfmt_fixed(hg->edges[k + 1], 2, e1);
			tip = xasprintf("%s\xe2\x80\x93%s ms: %llu", e0, e1,
			    (unsigned long long)hg->counts[k]);
			svg_rect(&svg, x0 + (pw - zw) * a + 0.5, HTML_TOP + ph - bh,
			    (pw - zw) * (b - a) - 1.0, bh, "bar", tip);
			free(tip);
		}
		/* Ticks at each power of ten inside the range, and at both ends. */
		for (double d = ceil(lo); d <= floor(hi); d += 1.0) {
			double x = x0 + (pw - zw) * (d - lo) / span;

			svg_line(&svg, x, HTML_TOP + ph, x, HTML_TOP + ph + 4, "axis");
			if (x - x0 > 40 && HTML_CW - HTML_RIGHT - x > 40) {
				html_axis_label(pow(10.0, d), buf);
				svg_text(&svg, x, HTML_CH - HTML_BOTTOM + 20, "middle", "tick", buf);
			}
		}
		html_axis_label(hg->edges[0], buf);
		svg_text(&svg, x0, HTML_CH - HTML_BOTTOM + 20, "start", "tick", buf);
		html_axis_label(hg->edges[hg->n_bins], buf);
		svg_text(&svg, HTML_CW - HTML_RIGHT, HTML_CH - HTML_BOTTOM + 20, "end", "tick", buf);
	}
	svg_text(&svg, HTML_LEFT + pw / 2, HTML_CH - 8, "middle", "tick",
	    "duration (ms, logarithmic)");
	svg_end(&svg);
}

static void
html_charts(const struct html *h)
{
	const struct report *r = h->r;

	if (r->n_chart_rows == 0 || r->histograms == NULL)
		return;
	fputs("<section>\n<h2>Charts</h2>\n<p class=\"meta\">Per operation: p50, p95 and p99 per ",
	    h->out);
	fputs(r->bucket == BUCKET_MONTH ? "month" : r->bucket == BUCKET_WEEK ?
	    "week (weeks start on Monday)" : "day", h->out);
	fputs(" (UTC) over the window, and the histogram of its durations.", h->out);
	if (r->n_chart_rows < r->n_rows)
		fprintf(h->out, " The %zu most important of %zu operations (degraded ones first, "
		    "then by count); <code>--charts N</code> sets how many.", r->n_chart_rows,
		    r->n_rows);
	fputs("</p>\n<div class=\"charts\">\n", h->out);
	for (size_t k = 0; k < r->n_chart_rows; k++) {
		size_t i = r->chart_rows[k];

		fputs("<figure>\n<figcaption>", h->out);
		html_code(h, r->rows[i].operation);
		fputs(" ", h->out);
		html_flags(h, r->rows[i].flags & FLAG_DEGRADATIONS);
		fputs("</figcaption>\n", h->out);
		html_line_chart(h, i);
		html_histogram(h, i);
		fputs("</figure>\n", h->out);
	}
	fputs("</div>\n</section>\n", h->out);
}

static void
html_trends(const struct html *h)
{
	const struct report *r = h->r;

	fputs("<section>\n<h2>Trends</h2>\n", h->out);
	if (r->n_series == 0) {
		fputs("<p>None.</p>\n</section>\n", h->out);
		return;
	}
	fputs("<div class=\"scroll\"><table>\n<thead><tr>", h->out);
	html_key_cells(h, "th", h->r->group_keys, NULL);
	fputs("<th>P95 trend</th><th class=\"n\">First P95</th><th class=\"n\">Last P95</th>"
	    "<th class=\"n\">Change</th></tr></thead>\n<tbody>\n", h->out);
	for (size_t i = 0; i < r->n_rows; i++) {
		struct emit_trend tr;

		if (!emit_kit_trend_of(r, i, &tr))
			continue;
		fputs("<tr>", h->out);
		html_key_cells(h, "td", r->rows[i].group, r->rows[i].operation);
		fprintf(h->out, "<td><code>%s</code></td>", tr.spark);
		html_td_ms(h, tr.s[0].p95_ms);
		html_td_ms(h, tr.s[tr.n - 1].p95_ms);
		fputs("<td class=\"n\">", h->out);
		if (r->rows[i].has_trend_change)
			html_signed_pct(h, r->rows[i].trend_change_pct);
		else
			fputs(HTML_DASH, h->out);
		fputs("</td></tr>\n", h->out);
		emit_kit_trend_free(&tr);
	}
	fputs("</tbody>\n</table></div>\n</section>\n", h->out);
}

static void
html_lists(const struct html *h)
{
	const struct report *r = h->r;
	char ts[TU_BUFSZ], buf[NUMFMT_BUFSZ];

	fputs("<section>\n<h2>Slowest Operations</h2>\n", h->out);
	if (r->n_slowest == 0)
		fputs("<p>None.</p>\n", h->out);
	else
		fputs("<ol>\n", h->out);
	for (size_t i = 0; i < r->n_slowest; i++) {
		const struct slow_entry *e = &r->slowest[i];

		fputs("<li>", h->out);
		html_code(h, e->operation);
		fputs(": ", h->out);
		html_ms(h, e->duration_ms);
		tu_format_ms(e->ts_us, ts);
		fprintf(h->out, " %s at %s", h->unit, ts);
		if (e->session_id != NULL) {
			fputs(" (session ", h->out);
			html_code(h, e->session_id);
			fputs(")", h->out);
		}
		fputs("</li>\n", h->out);
	}
	if (r->n_slowest > 0)
		fputs("</ol>\n", h->out);
	fputs("</section>\n<section>\n<h2>Most Frequent Operations</h2>\n", h->out);
	if (r->n_most_frequent == 0)
		fputs("<p>None.</p>\n", h->out);
	else
		fputs("<ol>\n", h->out);
	for (size_t i = 0; i < r->n_most_frequent; i++) {
		const struct freq_entry *e = &r->most_frequent[i];

		fputs("<li>", h->out);
		html_code(h, e->operation);
		numfmt_fixed(e->share_pct, 1, buf);
		fprintf(h->out, ": %llu (%s%%)</li>\n", (unsigned long long)e->count, buf);
	}
	if (r->n_most_frequent > 0)
		fputs("</ol>\n", h->out);
	fputs("</section>\n", h->out);
}

int
emit_html(const struct report *r, const struct emit_opts *eo, FILE *out)
{
	struct html h = {r, out, eo->top, eo->unit != NULL ? eo->unit : "ms"};

	html_head(&h);
	html_operations(&h);
	if (r->series_report)
		html_trends(&h);
	html_reliability(&h);
	html_degradation(&h);
	if (r->gate.has_targets)
		html_targets(&h);
	if (r->gate.has_baseline)
		html_baseline(&h);
	html_charts(&h);
	if (eo->top != 0 || r->n_slowest > 0 || r->n_most_frequent > 0)
		html_lists(&h);
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}

/* ---- shared with the changes page (emit-html.h) ---------------------------- */

/* The page up to <body> with title and the style sheet plus extra_css. */
void
emit_html_page_head(FILE *out, const char *title, const char *extra_css)
{
	fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n"
	    "<head>\n<meta charset=\"utf-8\"/>\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "style-src 'unsafe-inline'; img-src data:\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
	    "<meta name=\"generator\" content=\"" PROGRAM_NAME "\"/>\n<title>", out);
	svg_escape(out, title);
	fprintf(out, "</title>\n<style>\n%s%s</style>\n</head>\n<body>\n", html_style, extra_css);
}

/* A line chart over r's buckets (see emit-html.h). */
void
emit_html_chart_begin(struct svg *s, FILE *out, const struct report *r, double top,
    const char *unit, const char *label)
{
	struct html h = {r, out, 0, unit};

	svg_begin(s, out, HTML_CW, HTML_CH, label);
	html_y_axis(s, top, 4, unit);
	html_date_ticks(&h, s);
}

/* The x of bucket b of nb on a line chart. */
double
emit_html_chart_x(size_t b, size_t nb)
{
	return html_bucket_x(b, nb);
}

/* The y of value v on a line chart whose axis goes from 0 to top. */
double
emit_html_chart_y(double v, double top)
{
	double ph = HTML_CH - HTML_TOP - HTML_BOTTOM;

	return HTML_TOP + ph - (top > 0 ? ph * v / top : 0);
}

/* The top and bottom of a line chart's plot area. */
void
emit_html_chart_plot(double *y_top, double *y_base)
{
	*y_top = HTML_TOP;
	*y_base = HTML_CH - HTML_BOTTOM;
}
