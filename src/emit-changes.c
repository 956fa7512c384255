/* emit-changes.c - the changes model (changes.h) as JSON, CSV, Markdown or terminal text
 * (SPEC section 17). Walks the model and writes; computes nothing. */
#include "emit-changes.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "chart-axis.h"
#include "emit-csv.h"
#include "emit-json.h"
#include "emit-md.h"
#include "numfmt.h"
#include "term-table.h"
#include "timeutil.h"
#include "xalloc.h"

/* Bucket words, by enum bucket. */
static const char *
echg_bucket(enum bucket b)
{
	return b == BUCKET_MONTH ? "month" : b == BUCKET_WEEK ? "week" : "day";
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

/* The Mermaid chart of one row's series s[0..n), its change points named in the title, the y
 * axis in unit (--unit; NULL: ms) or % for the error rate. */
static void
echg_md_chart(const struct changes *c, size_t first, size_t n_pts, const struct series_row *s,
    size_t n, const char *unit, FILE *out)
{
	char *name = md_chart_label(c->r->rows[s[0].row].operation);
	char day[TU_BUFSZ], pct[NUMFMT_SIGNED_BUFSZ], v[NUMFMT_BUFSZ];
	size_t step = chart_axis_label_step(n);

	fprintf(out, "\n```mermaid\nxychart-beta\n    title \"%s: %s, changed", name,
	    changes_metric_word(c->metric));
	free(name);
	for (size_t k = 0; k < n_pts; k++) {
		tu_format_date(c->points[first + k].at, day);
		echg_pct(&c->points[first + k], pct);
		fprintf(out, "%s %s (%s)", k > 0 ? "," : "", day, pct);
	}
	fputs("\"\n    x-axis [", out);
	/* At most CHART_AXIS_MAX_LABELS dates; the others blank (but unique). */
	for (size_t k = 0; k < n; k++) {
		fputs(k > 0 ? ", \"" : "\"", out);
		if (k % step == 0) {
			tu_format_date(s[k].bucket_start, day);
			fputs(day, out);
		} else {
			chart_axis_put_blank_label(out, k);
		}
		fputc('"', out);
	}
	fprintf(out, "]\n    y-axis \"%s\"\n    line [", c->metric == METRIC_ERROR_RATE ?
	    "% of records failed" : unit != NULL ? unit : "ms");
	for (size_t k = 0; k < n; k++) {
		echg_value(changes_metric_value(&s[k], c->metric), v);
		fprintf(out, "%s%s", k > 0 ? ", " : "", v);
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

		tu_format_date(p->at, day);
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
		tu_format_date(p->at, day);
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
	case FMT_JSONL:
	case FMT_HTML:
	case FMT_XLSX:
		break;
	}
	return -1;
}
