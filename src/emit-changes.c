/* emit-changes.c - the changes model (changes.h) as JSON, CSV, Markdown, terminal text or
 * HTML (SPEC section 17). Walks the model and writes; computes nothing (axis scales are
 * presentation). */
#include "emit-changes.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "chart-axis.h"
#include "emit-csv.h"
#include "emit-html.h"
#include "emit-json.h"
#include "emit-md.h"
#include "numfmt.h"
#include "svg.h"
#include "term-table.h"
#include "timeutil.h"
#include "window.h"
#include "xalloc.h"

/* Bucket words, by enum bucket. */
static const char *
echg_bucket(enum bucket b)
{
	return b == BUCKET_MONTH ? "month" : b == BUCKET_WEEK ? "week" :
	    b == BUCKET_HOUR ? "hour" : "day";
}

/* A bucket's start t as the outputs show it: "2026-10-14", or by the hour (bucket b is
 * BUCKET_HOUR) "2026-10-14 13:00" (UTC). */
static void
echg_at(enum bucket b, int64_t t, char buf[TU_BUFSZ])
{
	size_t len;

	tu_format_date(t, buf);
	len = strlen(buf);
	if (b == BUCKET_HOUR)
		snprintf(buf + len, TU_BUFSZ - len, " %02d:00",
		    (int)((t - tu_floor_day(t)) / WINDOW_US_PER_HOUR));
}

/* "+39.6%", "-4.2%" (numfmt_signed_pct), or "n/a" without a percentage. */
static void
echg_pct(const struct change_point *p, char buf[NUMFMT_SIGNED_BUFSZ])
{
	if (p->has_pct)
		numfmt_signed_pct(p->change_pct, buf);
	else
		strcpy(buf, "n/a");
}

/* ---- JSON ------------------------------------------------------------------ */

/* v, or exit on allocation failure. */
static json_t *
echg_must(json_t *v)
{
	if (v == NULL)
		xalloc_die();
	return v;
}

/* obj[key] = v (taking the reference). */
static void
echg_put(json_t *o, const char *key, json_t *v)
{
	if (json_object_set_new(o, key, echg_must(v)) != 0)
		xalloc_die();
}

/* operation, and group (one member per --by key) when the report is grouped. */
static void
echg_json_who(json_t *o, const struct report *r, size_t row)
{
	echg_put(o, "operation", emit_json_text(r->rows[row].operation));
	if (r->n_group_keys > 0) {
		json_t *g = echg_must(json_object());

		for (size_t k = 0; k < r->n_group_keys; k++)
			echg_put(g, r->group_keys[k], emit_json_text(r->rows[row].group[k]));
		echg_put(o, "group", g);
	}
}

/* One change point. */
static json_t *
echg_json_point(const struct changes *c, const struct change_point *p)
{
	json_t *o = echg_must(json_object());

	echg_json_who(o, c->r, p->row);
	echg_put(o, "at", emit_json_time(p->at));
	echg_put(o, "before", emit_json_number(p->before));
	echg_put(o, "after", emit_json_number(p->after));
	echg_put(o, "change_pct", p->has_pct ? emit_json_number(p->change_pct) : json_null());
	echg_put(o, "p_value", emit_json_number(p->p_value));
	echg_put(o, "count_before", json_integer((json_int_t)p->count_before));
	echg_put(o, "count_after", json_integer((json_int_t)p->count_after));
	return o;
}

/* One series point: a bucket of a row with its metric value and record count. */
static json_t *
echg_json_series(const struct changes *c, const struct series_row *s)
{
	json_t *o = echg_must(json_object());

	echg_json_who(o, c->r, s->row);
	echg_put(o, "bucket_start", emit_json_time(s->bucket_start));
	echg_put(o, "value", emit_json_number(changes_metric_value(s, c->metric)));
	echg_put(o, "count", json_integer((json_int_t)s->count));
	return o;
}

/* Write "  \"key\": [" then each item on its own line, compact, then "]". */
static int
echg_json_list(FILE *out, const char *key, size_t n, json_t *(*item)(const struct changes *,
    const void *, size_t), const struct changes *c, const void *base, bool last)
{
	int err = 0;

	fprintf(out, "  \"%s\": [", key);
	for (size_t i = 0; i < n; i++) {
		json_t *v = item(c, base, i);

		fputs(i > 0 ? ",\n    " : "\n    ", out);
		if (json_dumpf(v, out, JSON_COMPACT | JSON_REAL_PRECISION(15) |
		    JSON_PRESERVE_ORDER) != 0)
			err = -1;
		json_decref(v);
	}
	fprintf(out, "%s]%s\n", n > 0 ? "\n  " : "", last ? "" : ",");
	return err;
}

/* List adapters for echg_json_list. */
static json_t *
echg_json_point_at(const struct changes *c, const void *base, size_t i)
{
	return echg_json_point(c, (const struct change_point *)base + i);
}
static json_t *
echg_json_series_at(const struct changes *c, const void *base, size_t i)
{
	return echg_json_series(c, (const struct series_row *)base + i);
}

/* {schema_version, command, generated_at, metric, bucket, window, alpha, min_segment,
 * changes, series}. */
static int
echg_json(const struct changes *c, FILE *out)
{
	const struct report *r = c->r;
	char a[NUMFMT_BUFSZ], s[TU_BUFSZ], e[TU_BUFSZ], g[TU_BUFSZ];
	int err;

	numfmt_json(c->alpha, a);
	tu_format_ms(r->generated_at, g);
	tu_format_ms(r->start, s);
	tu_format_ms(r->end, e);
	fprintf(out, "{\n  \"schema_version\": 1,\n  \"command\": \"changes\",\n"
	    "  \"generated_at\": \"%s\",\n  \"metric\": \"%s\",\n  \"bucket\": \"%s\",\n"
	    "  \"window\": {\"start\": \"%s\", \"end\": \"%s\"},\n  \"alpha\": %s,\n"
	    "  \"min_segment\": %zu,\n  \"recent_worse\": %zu,\n", g,
	    changes_metric_key(c->metric), echg_bucket(r->bucket), s, e, a, c->min_segment,
	    c->n_recent_worse);
	err = echg_json_list(out, "changes", c->n_points, echg_json_point_at, c, c->points,
	    false);
	err |= echg_json_list(out, "series", r->n_series, echg_json_series_at, c, r->series,
	    true);
	if (fputs("}\n", out) == EOF || ferror(out))
		err = -1;
	return err;
}

/* ---- CSV ------------------------------------------------------------------- */

/* One number cell (15 significant digits, as JSON prints it), with separator. */
static void
echg_csv_num(FILE *out, double v)
{
	char buf[NUMFMT_BUFSZ];

	numfmt_json(v, buf);
	putc(',', out);
	emit_csv_cell(out, buf, strlen(buf), false);
}

/* One row per change point: operation, the --by values, at, metric, before, after,
 * change_pct (empty when undefined), p_value, count_before, count_after. */
static int
echg_csv(const struct changes *c, const struct emit_opts *eo, FILE *out)
{
	const struct report *r = c->r;
	char t[TU_BUFSZ];

	emit_csv_start(out, eo->csv_dialect);
	fputs("operation", out);
	for (size_t k = 0; k < r->n_group_keys; k++) {
		putc(',', out);
		emit_csv_cell(out, r->group_keys[k], strlen(r->group_keys[k]), true);
	}
	fputs(",at,metric,before,after,change_pct,p_value,count_before,count_after\r\n", out);
	for (size_t i = 0; i < c->n_points; i++) {
		const struct change_point *p = &c->points[i];
		const struct op_row *row = &r->rows[p->row];

		emit_csv_cell(out, row->operation, strlen(row->operation), true);
		for (size_t k = 0; k < r->n_group_keys; k++) {
			putc(',', out);
			emit_csv_cell(out, row->group[k], strlen(row->group[k]), true);
		}
		emit_csv_time(p->at, eo->csv_dialect, t);
		fprintf(out, ",%s,%s", t, changes_metric_key(c->metric));
		echg_csv_num(out, p->before);
		echg_csv_num(out, p->after);
		if (p->has_pct)
			echg_csv_num(out, p->change_pct);
		else
			putc(',', out);
		echg_csv_num(out, p->p_value);
		fprintf(out, ",%llu,%llu\r\n", (unsigned long long)p->count_before,
		    (unsigned long long)p->count_after);
	}
	return ferror(out) ? -1 : 0;
}

/* ---- Markdown and terminal --------------------------------------------------- */

/* "2 change points in 1 of 3 operations", the first line of both human formats. */
static void
echg_summary(const struct changes *c, FILE *out)
{
	char a[NUMFMT_BUFSZ], rp[NUMFMT_BUFSZ];

	numfmt_json(c->alpha, a);
	fprintf(out, "%zu change %s in %zu of %zu %s (%s per %s; E-divisive means, t-test "
	    "p < %s, at least %zu buckets a segment).\n", c->n_points,
	    c->n_points == 1 ? "point" : "points", c->n_rows_changed, c->r->n_rows,
	    c->r->n_group_keys > 0 ? "groups" : "operations", changes_metric_word(c->metric),
	    echg_bucket(c->r->bucket), a, c->min_segment);
	if (c->n_recent_worse > 0) {
		numfmt_shortest(c->regress_pct, rp);
		fprintf(out, "%zu of them in the last %ld %s made %s worse by more than %s%%.\n",
		    c->n_recent_worse, c->recent_days, c->recent_days == 1 ? "day" : "days",
		    changes_metric_word(c->metric), rp);
	}
}

/* The metric's value in a table cell: two decimals (ms or %). */
static void
echg_value(double v, char buf[NUMFMT_BUFSZ])
{
	numfmt_fixed(v, 2, buf);
}

/* The Mermaid chart of one row's series s[0..n), its change points named in the title: a
 * bar per bucket of the window, a bucket without a record keeping its place with no bar
 * (Mermaid draws no gap in a line), the y axis from 0 to a round top in unit (--unit;
 * NULL: ms) or % for the error rate. */
static void
echg_md_chart(const struct changes *c, size_t first, size_t n_pts, const struct series_row *s,
    size_t n, const char *unit, FILE *out)
{
	const struct report *r = c->r;
	char *name = md_chart_label(r->rows[s[0].row].operation);
	char day[TU_BUFSZ], pct[NUMFMT_SIGNED_BUFSZ], v[NUMFMT_BUFSZ];
	size_t step = chart_axis_label_step(r->n_buckets), j = 0;
	double top = 0;

	fprintf(out, "\n```mermaid\nxychart-beta\n    title \"%s: %s, changed", name,
	    changes_metric_word(c->metric));
	free(name);
	for (size_t k = 0; k < n_pts; k++) {
		echg_at(r->bucket, c->points[first + k].at, day);
		echg_pct(&c->points[first + k], pct);
		fprintf(out, "%s %s (%s)", k > 0 ? "," : "", day, pct);
	}
	fputs("\"\n    x-axis [", out);
	/* At most CHART_AXIS_MAX_LABELS dates; the others blank (but unique). */
	for (size_t b = 0; b < r->n_buckets; b++) {
		fputs(b > 0 ? ", \"" : "\"", out);
		if (b % step == 0) {
			echg_at(r->bucket, r->buckets[b], day);
			fputs(day, out);
		} else {
			chart_axis_put_blank_label(out, b);
		}
		fputc('"', out);
	}
	/* From 0, as the report's charts: a rise reads at its true size. */
	for (size_t k = 0; k < n; k++)
		if (changes_metric_value(&s[k], c->metric) > top)
			top = changes_metric_value(&s[k], c->metric);
	numfmt_shortest(chart_axis_nice_ceil(top), v);
	fprintf(out, "]\n    y-axis \"%s\" 0 --> %s\n    bar [", c->metric == METRIC_ERROR_RATE ?
	    "% of records failed" : unit != NULL ? unit : "ms", v);
	for (size_t b = 0; b < r->n_buckets; b++) {
		if (j < n && s[j].bucket_start == r->buckets[b])
			echg_value(changes_metric_value(&s[j++], c->metric), v);
		else
			strcpy(v, "0");
		fprintf(out, "%s%s", b > 0 ? ", " : "", v);
	}
	fputs("]\n```\n", out);
}

/* The series of row (s[0..n) in the report) and its points c->points[first..first+k). */
static void
echg_md_charts(const struct changes *c, const char *unit, FILE *out)
{
	const struct report *r = c->r;
	size_t i = 0, j, p = 0, q;

	while (i < r->n_series) {
		for (j = i + 1; j < r->n_series && r->series[j].row == r->series[i].row; j++)
			;
		while (p < c->n_points && c->points[p].row < r->series[i].row)
			p++;
		for (q = p; q < c->n_points && c->points[q].row == r->series[i].row; q++)
			;
		if (q > p)
			echg_md_chart(c, p, q - p, &r->series[i], j - i, unit, out);
		i = j;
	}
}

/* "# Change points", the summary, a table, then a chart per changed row. */
static int
echg_md(const struct changes *c, const struct emit_opts *eo, FILE *out)
{
	char day[TU_BUFSZ], b[NUMFMT_BUFSZ], a[NUMFMT_BUFSZ], pct[NUMFMT_SIGNED_BUFSZ];
	char pv[NUMFMT_BUFSZ];

	fprintf(out, "# Change points: %s per %s\n\n", changes_metric_word(c->metric),
	    echg_bucket(c->r->bucket));
	echg_summary(c, out);
	if (c->n_points > 0)
		fprintf(out, "\n| %s | At | Before | After | Change | p | Records before | "
		    "Records after |\n|---|---|---:|---:|---:|---:|---:|---:|\n",
		    c->r->n_group_keys > 0 ? "Group" : "Operation");
	for (size_t i = 0; i < c->n_points; i++) {
		const struct change_point *p = &c->points[i];
		const char *op = c->r->rows[p->row].operation;
		char *span = md_code_span(op, strlen(op));

		echg_at(c->r->bucket, p->at, day);
		echg_value(p->before, b);
		echg_value(p->after, a);
		echg_pct(p, pct);
		numfmt_p(p->p_value, pv);
		fprintf(out, "| %s | %s | %s | %s | %s | %s | %llu | %llu |\n", span, day, b, a,
		    pct, pv, (unsigned long long)p->count_before,
		    (unsigned long long)p->count_after);
		free(span);
	}
	echg_md_charts(c, eo->unit, out);
	return ferror(out) ? -1 : 0;
}

/* The summary and one table row per change point, laid out for the terminal. */
static int
echg_term(const struct changes *c, const struct emit_opts *eo, FILE *out)
{
	char day[TU_BUFSZ], buf[NUMFMT_SIGNED_BUFSZ];
	struct tt_table t;
	int err = 0;

	fprintf(out, "Change points: %s per %s\n", changes_metric_word(c->metric),
	    echg_bucket(c->r->bucket));
	echg_summary(c, out);
	if (c->n_points == 0)
		return ferror(out) ? -1 : 0;
	putc('\n', out);
	tt_init(&t, 0);
	tt_col(&t, c->r->n_group_keys > 0 ? "Group" : "Operation", TT_TEXT, 0);
	tt_col(&t, "At", TT_WORDS, 0);
	tt_col(&t, "Before", TT_NUMBER, 2);
	tt_col(&t, "After", TT_NUMBER, 0);
	tt_col(&t, "Change", TT_NUMBER, 0);
	tt_col(&t, "p", TT_NUMBER, 1);
	for (size_t i = 0; i < c->n_points; i++) {
		const struct change_point *p = &c->points[i];

		tt_cell(&t, c->r->rows[p->row].operation, NULL);
		echg_at(c->r->bucket, p->at, day);
		tt_cell(&t, day, NULL);
		echg_value(p->before, buf);
		tt_cell(&t, buf, NULL);
		echg_value(p->after, buf);
		tt_cell(&t, buf, NULL);
		echg_pct(p, buf);
		tt_cell(&t, buf, NULL);
		numfmt_p(p->p_value, buf);
		tt_cell(&t, buf, NULL);
	}
	err = tt_write(&t, out, eo->width > 0 ? eo->width : 80, false);
	tt_free(&t);
	return err != 0 || ferror(out) ? -1 : 0;
}

/* ---- HTML ------------------------------------------------------------------ */

/* The changes page's own style: the metric's line, the change points, the levels, and the
 * grid of charts. */
static const char echg_css[] =
"svg .metric{fill:none;stroke:#0969da;stroke-width:2}svg .km{fill:#0969da}\n"
"svg line.level{stroke:#59636e;stroke-width:2;stroke-dasharray:2 3}\n"
/* one chart keeps a column's width rather than the page's */
".charts{grid-template-columns:repeat(auto-fill,minmax(min(100%,460px),1fr))}\n";

/* The index in r->buckets of the bucket starting at t, from *b on (both ascending);
 * r->n_buckets when there is none. */
static size_t
echg_bucket_index(const struct report *r, int64_t t, size_t *b)
{
	while (*b < r->n_buckets && r->buckets[*b] < t)
		(*b)++;
	return *b < r->n_buckets && r->buckets[*b] == t ? *b : r->n_buckets;
}

/* The metric's line through s[0..n) on the chart: one polyline per run of consecutive
 * buckets (a gap is never drawn as a line; a lone point is a short tick), and a point
 * with its tooltip (date, value, records) per bucket. */
static void
echg_html_line(const struct changes *c, struct svg *svg, const struct series_row *s,
    size_t n, double top, const char *unit)
{
	const struct report *r = c->r;
	double *x = xcalloc(n + 1, sizeof(double)), *y = xcalloc(n + 1, sizeof(double));
	size_t m = 0, prev = SIZE_MAX, b = 0;
	char date[TU_BUFSZ], v[NUMFMT_BUFSZ], *tip;

	for (size_t k = 0; k < n; k++) {
		size_t at = echg_bucket_index(r, s[k].bucket_start, &b);

		if (at == r->n_buckets)
			continue;
		if (prev != SIZE_MAX && at != prev + 1) {
			svg_polyline(svg, x, y, m, "metric");
			if (m == 1)
				svg_rect(svg, x[0] - 2, y[0] - 1, 4, 2, "km", NULL);
			m = 0;
		}
		x[m] = emit_html_chart_x(at, r->n_buckets);
		y[m] = emit_html_chart_y(changes_metric_value(&s[k], c->metric), top);
		m++;
		prev = at;
	}
	svg_polyline(svg, x, y, m, "metric");
	if (m == 1)
		svg_rect(svg, x[0] - 2, y[0] - 1, 4, 2, "km", NULL);
	b = 0;
	for (size_t k = 0; k < n; k++) {
		size_t at = echg_bucket_index(r, s[k].bucket_start, &b);

		if (at == r->n_buckets)
			continue;
		echg_at(r->bucket, s[k].bucket_start, date);
		echg_value(changes_metric_value(&s[k], c->metric), v);
		tip = xasprintf("%s: %s %s %s, %llu %s", date, changes_metric_word(c->metric), v,
		    unit, (unsigned long long)s[k].count, s[k].count == 1 ? "record" : "records");
		svg_circle(svg, emit_html_chart_x(at, r->n_buckets),
		    emit_html_chart_y(changes_metric_value(&s[k], c->metric), top), 3, "pt", tip);
		free(tip);
	}
	free(x);
	free(y);
}

/* The change points p[0..np) of the series s[0..n) on the chart: the level of each
 * segment (the model's before/after) as a dotted line over its buckets, and a dashed line
 * at each change point labelled with its date and change. */
static void
echg_html_marks(const struct changes *c, struct svg *svg, const struct change_point *p,
    size_t np, const struct series_row *s, size_t n, double top)
{
	const struct report *r = c->r;
	size_t b = 0, k = 0;
	double y_top, y_base;
	char day[TU_BUFSZ], pct[NUMFMT_SIGNED_BUFSZ], *label;

	emit_html_chart_plot(&y_top, &y_base);
	for (size_t seg = 0; seg <= np; seg++) {
		/* the buckets of segment seg: s[k..e), up to the next change point */
		size_t e = k, first, last;
		double level = seg == 0 ? p[0].before : p[seg - 1].after;

		while (e < n && (seg == np || s[e].bucket_start < p[seg].at))
			e++;
		if (e > k) {
			first = echg_bucket_index(r, s[k].bucket_start, &b);
			last = echg_bucket_index(r, s[e - 1].bucket_start, &b);
			if (first < r->n_buckets && last < r->n_buckets)
				svg_line(svg, emit_html_chart_x(first, r->n_buckets),
				    emit_html_chart_y(level, top), emit_html_chart_x(last, r->n_buckets),
				    emit_html_chart_y(level, top), "level");
		}
		k = e;
	}
	b = 0;
	for (size_t i = 0; i < np; i++) {
		size_t at = echg_bucket_index(r, p[i].at, &b);
		double x;

		if (at == r->n_buckets)
			continue;
		x = emit_html_chart_x(at, r->n_buckets);
		svg_line(svg, x, y_top, x, y_base, "cp");
		echg_at(r->bucket, p[i].at, day);
		echg_pct(&p[i], pct);
		label = xasprintf("%s %s", day + 5, pct);
		svg_text(svg, x + (at * 2 < r->n_buckets ? 4 : -4), y_top + 14 + 16.0 * (double)(i % 2),
		    at * 2 < r->n_buckets ? "start" : "end", "cp", label);
		free(label);
	}
}

/* The chart of one changed row: its series s[0..n) and its points p[0..np). */
static void
echg_html_chart(const struct changes *c, const struct change_point *p, size_t np,
    const struct series_row *s, size_t n, const char *unit, FILE *out)
{
	const struct report *r = c->r;
	double top = 0;
	struct svg svg;
	char *label;

	for (size_t k = 0; k < n; k++)
		if (changes_metric_value(&s[k], c->metric) > top)
			top = changes_metric_value(&s[k], c->metric);
	top = chart_axis_nice_ceil(top);
	fputs("<figure>\n<figcaption><code>", out);
	svg_escape(out, r->rows[s[0].row].operation);
	fprintf(out, "</code> %zu change %s</figcaption>\n", np, np == 1 ? "point" : "points");
	label = xasprintf("%s of %s per %s, with its change points", changes_metric_word(c->metric),
	    r->rows[s[0].row].operation, echg_bucket(r->bucket));
	emit_html_chart_begin(&svg, out, r, top, unit, label);
	free(label);
	echg_html_marks(c, &svg, p, np, s, n, top);
	echg_html_line(c, &svg, s, n, top, unit);
	svg_end(&svg);
	fputs("</figure>\n", out);
}

/* The page: title, summary, the table of change points, a chart per changed row. */
static int
echg_html(const struct changes *c, const struct emit_opts *eo, FILE *out)
{
	const struct report *r = c->r;
	const char *unit = c->metric == METRIC_ERROR_RATE ? "%" : eo->unit != NULL ? eo->unit :
	    "ms";
	char *title = xasprintf("Change points: %s per %s", changes_metric_word(c->metric),
	    echg_bucket(r->bucket));
	char *summary = NULL, day[TU_BUFSZ], v[NUMFMT_BUFSZ], pct[NUMFMT_SIGNED_BUFSZ];
	size_t size = 0, i = 0, j, p = 0, q;
	FILE *mem = open_memstream(&summary, &size);

	if (mem == NULL)
		xalloc_die();
	echg_summary(c, mem);
	if (fclose(mem) != 0)
		xalloc_die();
	emit_html_page_head(out, title, echg_css);
	fputs("<header>\n<h1>", out);
	svg_escape(out, title);
	fputs("</h1>\n<p class=\"meta\">", out);
	/* its lines as one paragraph */
	for (char *nl = strchr(summary, '\n'); nl != NULL; nl = strchr(nl, '\n'))
		*nl = nl[1] != '\0' ? ' ' : '\0';
	svg_escape(out, summary);
	fputs("</p>\n</header>\n<section>\n<h2>Change points</h2>\n", out);
	free(title);
	free(summary);
	if (c->n_points == 0)
		fputs("<p>None.</p>\n", out);
	else
		fprintf(out, "<div class=\"scroll\"><table>\n<thead><tr><th>%s</th><th>At</th>"
		    "<th class=\"n\">Before</th><th class=\"n\">After</th><th class=\"n\">Change</th>"
		    "<th class=\"n\">p</th><th class=\"n\">Records before</th>"
		    "<th class=\"n\">Records after</th></tr></thead>\n<tbody>\n",
		    r->n_group_keys > 0 ? "Group" : "Operation");
	for (size_t k = 0; k < c->n_points; k++) {
		const struct change_point *cp = &c->points[k];

		fputs("<tr><td><code>", out);
		svg_escape(out, r->rows[cp->row].operation);
		echg_at(r->bucket, cp->at, day);
		fprintf(out, "</code></td><td>%s</td>", day);
		echg_value(cp->before, v);
		fprintf(out, "<td class=\"n\">%s</td>", v);
		echg_value(cp->after, v);
		fprintf(out, "<td class=\"n\">%s</td>", v);
		echg_pct(cp, pct);
		fprintf(out, "<td class=\"n\">%s</td>", pct);
		numfmt_p(cp->p_value, v);
		fputs("<td class=\"n\">", out);
		svg_escape(out, v);
		fprintf(out, "</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td></tr>\n",
		    (unsigned long long)cp->count_before, (unsigned long long)cp->count_after);
	}
	if (c->n_points > 0)
		fputs("</tbody>\n</table></div>\n", out);
	fputs("</section>\n", out);
	if (c->n_rows_changed > 0)
		fprintf(out, "<section>\n<h2>Charts</h2>\n<p class=\"meta\">Per changed %s: the %s "
		    "per %s (UTC; a gap where %s %s has no record), a dashed line at each change "
		    "point with its date and change, and the mean of each segment between them "
		    "dotted.</p>\n<div class=\"charts\">\n", r->n_group_keys > 0 ? "group" :
		    "operation", changes_metric_word(c->metric), echg_bucket(r->bucket),
		    r->bucket == BUCKET_HOUR ? "an" : "a", echg_bucket(r->bucket));
	/* The series of each row (r->series, row order) with its points (c->points, the same
	   order). */
	while (i < r->n_series) {
		for (j = i + 1; j < r->n_series && r->series[j].row == r->series[i].row; j++)
			;
		while (p < c->n_points && c->points[p].row < r->series[i].row)
			p++;
		for (q = p; q < c->n_points && c->points[q].row == r->series[i].row; q++)
			;
		if (q > p)
			echg_html_chart(c, &c->points[p], q - p, &r->series[i], j - i, unit, out);
		i = j;
	}
	if (c->n_rows_changed > 0)
		fputs("</div>\n</section>\n", out);
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}

/* Write c in format f (see emit-changes.h). */
int
emit_changes(const struct changes *c, enum format f, const struct emit_opts *eo, FILE *out)
{
	switch (f) {
	case FMT_JSON:
		return echg_json(c, out);
	case FMT_CSV:
		return echg_csv(c, eo, out);
	case FMT_MD:
		return echg_md(c, eo, out);
	case FMT_TERM:
		return echg_term(c, eo, out);
	case FMT_HTML:
		return echg_html(c, eo, out);
	case FMT_JSONL:
	case FMT_XLSX:
		break;
	}
	return -1;
}
