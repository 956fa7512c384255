/* emit-json.c - the report model as one JSON object (SPEC section 6), built with jansson and
 * dumped with two-space indentation. Keys come in the spec's order (jansson keeps insertion
 * order), every key is always present with null for unknown values, operation rows use the
 * CSV header names. Numbers that print as integers (numfmt_json) become JSON integers, the
 * rest reals with 15 significant digits, so both formats show the same text
 * (emit_json_number, shared with the JSON export). The CI gate adds "targets" (under
 * --targets) and "baseline" (under --baseline) after the spec's keys, then "verdict",
 * which is always there. */
#include "emit-json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "compare.h"
#include "diag.h"
#include "gate.h"
#include "numfmt.h"
#include "utf8.h"
#include "timeutil.h"
#include "xalloc.h"

#define EJSON_SCHEMA_VERSION 1
#define EJSON_DUMP_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(15))

static const char *const ejson_bucket_names[] = {
	[BUCKET_AUTO] = "auto",
	[BUCKET_DAY] = "day",
	[BUCKET_WEEK] = "week",
	[BUCKET_MONTH] = "month",
	[BUCKET_HOUR] = "hour"
};

/* v, or stop when jansson could not allocate it. */
static json_t *
ejson_must(json_t *v)
{
	if (v == NULL)
		xalloc_die();
	return v;
}

/* obj[key] = v, taking the reference. */
static void
ejson_put(json_t *obj, const char *key, json_t *v)
{
	if (json_object_set_new(obj, key, ejson_must(v)) != 0)
		xalloc_die();
}

/* Append v to arr, taking the reference. */
static void
ejson_add(json_t *arr, json_t *v)
{
	if (json_array_append_new(arr, ejson_must(v)) != 0)
		xalloc_die();
}

/* Copy of s[0..n) with every byte that is not part of valid UTF-8 replaced by U+FFFD;
 * *outlen gets its length. The caller frees. */
static char *
ejson_utf8_sanitize(const char *s, size_t n, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)s;
	char *out = xreallocarray(NULL, n + 1, 3);
	size_t i = 0, o = 0, len;

	while (i < n) {
		len = utf8_seq_len(u + i, n - i);
		if (len == 0) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(out + o, s + i, len);
		o += len;
		i += len;
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* A string from the model; null for NULL; invalid UTF-8 (which validated input never
 * yields) is repaired rather than allowed to fail. */
static json_t *
ejson_text(const char *s)
{
	json_t *v;
	char *fixed;
	size_t n;

	if (s == NULL)
		return json_null();
	v = json_stringn(s, strlen(s));
	if (v != NULL)
		return v;
	fixed = ejson_utf8_sanitize(s, strlen(s), &n);
	v = ejson_must(json_stringn(fixed, n));
	free(fixed);
	return v;
}

/* A number as numfmt_json prints it: an integer when that text is one (integral values
 * with |v| < 1e15, and those that 15 significant digits round to one, which jansson would
 * print with a ".0"), else a real; null for NaN and infinities, which JSON cannot hold.
 * Never NULL. Shared with the JSON export. */
json_t *
emit_json_number(double v)
{
	char buf[NUMFMT_BUFSZ];
	const char *p;

	if (!isfinite(v))
		return ejson_must(json_null());
	v = numfmt_fit15(v); /* near DBL_MAX, 15 digits must not round past it */
	if (!(fabs(v) < 1e15))
		return ejson_must(json_real(v));
	numfmt_json(v, buf);
	p = buf[0] == '-' ? buf + 1 : buf;
	if (*p == '\0' || strspn(p, "0123456789") != strlen(p))
		return ejson_must(json_real(v));
	return ejson_must(json_integer((json_int_t)strtoll(buf, NULL, 10)));
}

/* A number, or null when unknown. */
static json_t *
ejson_opt(bool known, double v)
{
	return known ? emit_json_number(v) : json_null();
}

/* A count. */
static json_t *
ejson_count(uint64_t n)
{
	if (n > (uint64_t)INT64_MAX)
		return json_real((double)n);
	return json_integer((json_int_t)n);
}

/* A timestamp: UTC with milliseconds. */
static json_t *
ejson_time(int64_t us)
{
	char buf[TU_BUFSZ];

	tu_format_ms(us, buf);
	return json_string(buf);
}

/* The flag names of a row, in output order. */
static json_t *
ejson_flags(unsigned flags)
{
	json_t *a = ejson_must(json_array());

	for (unsigned i = 0; i < FLAG_COUNT; i++)
		if (flags & (1u << i))
			ejson_add(a, json_string(flag_name(1u << i)));
	return a;
}

/* window / previous_window, with the share of it the input covers (null when unknown). */
static json_t *
ejson_window(int64_t start, int64_t end, bool with_days, double days, bool has_coverage,
    double coverage_pct)
{
	json_t *o = ejson_must(json_object());

	ejson_put(o, "start", ejson_time(start));
	ejson_put(o, "end", ejson_time(end));
	if (with_days)
		ejson_put(o, "days", emit_json_number(days));
	ejson_put(o, "coverage_pct", ejson_opt(has_coverage, coverage_pct));
	return o;
}

/* input: what was read. */
static json_t *
ejson_input(const struct input_counts *in)
{
	json_t *o = ejson_must(json_object());
	json_t *files = ejson_must(json_array());

	for (size_t i = 0; i < in->n_files; i++)
		ejson_add(files, ejson_text(in->files[i]));
	ejson_put(o, "files", files);
	ejson_put(o, "lines", ejson_count(in->lines));
	ejson_put(o, "records", ejson_count(in->records));
	ejson_put(o, "malformed", ejson_count(in->malformed));
	if (in->filtering)
		ejson_put(o, "filtered", ejson_count(in->filtered));
	ejson_put(o, "outside_window", ejson_count(in->outside_window));
	return o;
}

/* totals over every selected operation. */
static json_t *
ejson_totals(const struct totals *t)
{
	json_t *o = ejson_must(json_object());

	ejson_put(o, "count", ejson_count(t->count));
	ejson_put(o, "success", ejson_count(t->success));
	ejson_put(o, "failed", ejson_count(t->failed));
	ejson_put(o, "error_rate_pct", ejson_opt(t->has_error_rate, t->error_rate_pct));
	return o;
}

/* One operation row, keyed by the CSV header names in the same order. */
static json_t *
ejson_row(const struct report *r, const struct op_row *row)
{
	json_t *o = ejson_must(json_object());

	ejson_put(o, "operation", ejson_text(row->operation));
	if (r->n_group_keys > 0) {
		json_t *g = ejson_must(json_object());

		for (size_t k = 0; k < r->n_group_keys; k++)
			ejson_put(g, r->group_keys[k], ejson_text(row->group[k]));
		ejson_put(o, "group", g);
	}
	ejson_put(o, "count", ejson_count(row->count));
	ejson_put(o, "success", ejson_count(row->success));
	ejson_put(o, "failed", ejson_count(row->failed));
	ejson_put(o, "error_rate_pct", emit_json_number(row->error_rate_pct));
	ejson_put(o, "avg_ms", emit_json_number(row->avg_ms));
	ejson_put(o, "stddev_ms", ejson_opt(row->has_stddev, row->stddev_ms));
	for (size_t i = 0; i < r->n_percentiles; i++)
		ejson_put(o, r->pct_names[i], emit_json_number(row->pct_ms[i]));
	if (row->approximate) /* from a summary's histogram (SPEC section 18) */
		ejson_put(o, "approximate", json_true());
	ejson_put(o, "min_ms", emit_json_number(row->min_ms));
	ejson_put(o, "max_ms", emit_json_number(row->max_ms));
	ejson_put(o, "prev_count", ejson_count(row->prev_count));
	ejson_put(o, "prev_avg_ms", ejson_opt(row->has_prev_avg, row->prev_avg_ms));
	ejson_put(o, "avg_change_pct", ejson_opt(row->has_avg_change, row->avg_change_pct));
	ejson_put(o, "p_value", ejson_opt(row->has_p_value, row->p_value));
	ejson_put(o, "q_value", ejson_opt(row->has_q_value, row->q_value));
	ejson_put(o, "flags", ejson_flags(row->flags));
	return o;
}

/* One slowest-list entry. */
static json_t *
ejson_slow(const struct slow_entry *s)
{
	json_t *o = ejson_must(json_object());

	ejson_put(o, "operation", ejson_text(s->operation));
	ejson_put(o, "duration_ms", emit_json_number(s->duration_ms));
	ejson_put(o, "timestamp", ejson_time(s->ts_us));
	ejson_put(o, "session_id", ejson_text(s->session_id));
	return o;
}

/* One most-frequent entry. */
static json_t *
ejson_freq(const struct freq_entry *f)
{
	json_t *o = ejson_must(json_object());

	ejson_put(o, "operation", ejson_text(f->operation));
	ejson_put(o, "count", ejson_count(f->count));
	ejson_put(o, "share_pct", emit_json_number(f->share_pct));
	return o;
}

/* One degradation finding. */
static json_t *
ejson_finding(const struct finding *f, const char *explain_key)
{
	json_t *o = ejson_must(json_object());

	ejson_put(o, "operation", ejson_text(f->operation));
	ejson_put(o, "flag", json_string(flag_name(f->flag)));
	ejson_put(o, "level", json_string(f->level == LEVEL_CRITICAL ? "critical" : "warning"));
	ejson_put(o, "message", ejson_text(f->message));
	ejson_put(o, "value", emit_json_number(f->value));
	ejson_put(o, "threshold", emit_json_number(f->threshold));
	ejson_put(o, "previous", ejson_opt(f->has_previous, f->previous));
	ejson_put(o, "p_value", ejson_opt(f->has_p_value, f->p_value));
	ejson_put(o, "q_value", ejson_opt(f->has_q_value, f->q_value));
	if (f->has_since) {
		char day[TU_BUFSZ];

		tu_format_date(f->since, day);
		ejson_put(o, "since", ejson_must(json_string(day)));
	} else {
		ejson_put(o, "since", ejson_must(json_null()));
	}
	if (explain_key != NULL && f->flag == FLAG_SLOWER) {
		json_t *x = ejson_must(json_object()), *a = ejson_must(json_array());

		ejson_put(x, "key", ejson_text(explain_key));
		for (size_t i = 0; i < f->n_explain; i++) {
			const struct explain_entry *e = &f->explain[i];
			json_t *c = ejson_must(json_object());

			ejson_put(c, "value", ejson_text(e->value));
			ejson_put(c, "cur_count", ejson_count(e->cur_count));
			ejson_put(c, "cur_avg_ms", ejson_opt(e->has_cur_avg, e->cur_avg_ms));
			ejson_put(c, "prev_count", ejson_count(e->prev_count));
			ejson_put(c, "prev_avg_ms", ejson_opt(e->has_prev_avg, e->prev_avg_ms));
			ejson_put(c, "contribution_ms", emit_json_number(e->contribution_ms));
			ejson_put(c, "mix_ms", emit_json_number(e->mix_ms));
			ejson_put(c, "latency_ms", emit_json_number(e->latency_ms));
			ejson_add(a, c);
		}
		ejson_put(x, "contributions", a);
		ejson_put(x, "mix_ms", emit_json_number(f->explain_mix_ms));
		ejson_put(x, "latency_ms", emit_json_number(f->explain_latency_ms));
		ejson_put(o, "explain", x);
	}
	return o;
}

/* One trend series row. */
static json_t *
ejson_series_row(const struct series_row *s)
{
	json_t *o = ejson_must(json_object());

	ejson_put(o, "operation", ejson_text(s->operation));
	ejson_put(o, "bucket_start", ejson_time(s->bucket_start));
	ejson_put(o, "count", ejson_count(s->count));
	ejson_put(o, "avg_ms", emit_json_number(s->avg_ms));
	ejson_put(o, "p95_ms", emit_json_number(s->p95_ms));
	ejson_put(o, "p99_ms", emit_json_number(s->p99_ms));
	ejson_put(o, "error_rate_pct", emit_json_number(s->error_rate_pct));
	return o;
}

/* An array of names. */
static json_t *
ejson_names(char *const *names, size_t n)
{
	json_t *a = ejson_must(json_array());

	for (size_t i = 0; i < n; i++)
		ejson_add(a, ejson_text(names[i]));
	return a;
}

/* "targets": the file, the counts and one result per (operation, metric). */
static json_t *
ejson_targets(const struct gate_results *g)
{
	json_t *o = ejson_must(json_object()), *a = ejson_must(json_array()), *e;

	ejson_put(o, "file", ejson_text(g->targets_file));
	ejson_put(o, "met", ejson_count(g->n_met));
	ejson_put(o, "warning", ejson_count(g->n_target_warning));
	ejson_put(o, "critical", ejson_count(g->n_target_critical));
	ejson_put(o, "no_data", ejson_count(g->n_target_no_data));
	ejson_put(o, "total", ejson_count(g->n_targets));
	for (size_t i = 0; i < g->n_targets; i++) {
		const struct target_result *t = &g->targets[i];

		e = ejson_must(json_object());
		ejson_put(e, "operation", ejson_text(t->operation));
		ejson_put(e, "metric", ejson_text(t->metric));
		ejson_put(e, "value", ejson_opt(t->has_value, t->value));
		ejson_put(e, "target", emit_json_number(t->target));
		ejson_put(e, "critical", ejson_opt(t->has_critical, t->critical));
		ejson_put(e, "status", json_string(gate_target_status_name(t->status)));
		ejson_add(a, e);
	}
	ejson_put(o, "results", a);
	return o;
}

/* "baseline": the file, the counts, one comparison per (operation, metric), and the
 * operations on one side only. */
static json_t *
ejson_baseline(const struct gate_results *g)
{
	json_t *o = ejson_must(json_object()), *a = ejson_must(json_array()), *e;

	ejson_put(o, "file", ejson_text(g->baseline_file));
	ejson_put(o, "regression", ejson_count(g->n_regression));
	ejson_put(o, "warning", ejson_count(g->n_base_warning));
	ejson_put(o, "improved", ejson_count(g->n_improved));
	ejson_put(o, "unchanged", ejson_count(g->n_unchanged));
	for (size_t i = 0; i < g->n_baseline; i++) {
		const struct baseline_result *b = &g->baseline[i];

		e = ejson_must(json_object());
		ejson_put(e, "operation", ejson_text(b->operation));
		ejson_put(e, "metric", ejson_text(b->metric));
		ejson_put(e, "baseline", emit_json_number(b->baseline));
		ejson_put(e, "current", emit_json_number(b->current));
		ejson_put(e, "change_pct", ejson_opt(b->has_change, b->change_pct));
		ejson_put(e, "test", b->has_p_value ? json_string(strcmp(b->metric,
		    "error_rate_pct") == 0 ? "binomial" : "welch") : json_null());
		ejson_put(e, "p_value", ejson_opt(b->has_p_value, b->p_value));
		ejson_put(e, "q_value", ejson_opt(b->has_q_value, b->q_value));
		ejson_put(e, "baseline_count", ejson_count(b->base_count));
		ejson_put(e, "current_count", ejson_count(b->count));
		ejson_put(e, "status", json_string(gate_base_status_name(b->status)));
		ejson_add(a, e);
	}
	ejson_put(o, "results", a);
	ejson_put(o, "only_current", ejson_names(g->only_current, g->n_only_current));
	ejson_put(o, "only_baseline", ejson_names(g->only_baseline, g->n_only_baseline));
	return o;
}

/* "verdict": level and text (text null when no verdict was made). */
static json_t *
ejson_verdict(const struct gate_results *g)
{
	json_t *o = ejson_must(json_object());

	ejson_put(o, "level", json_string(gate_level_name(g->level)));
	ejson_put(o, "text", ejson_text(g->verdict));
	return o;
}

/* The document is written member by member, and the long arrays (operations, series) item
 * by item, each value dumped by jansson and indented to its depth: memory stays that of one
 * row however many operations there are, and the text is exactly what dumping the whole
 * tree with JSON_INDENT(2) would give. */
struct ejson_w {
	FILE *out;
	bool first;     /* no member written yet */
	bool first_item;
	int err;
};

/* jansson's dump of v (consumed), every line after the first indented by indent spaces. */
static void
ejson_w_value(struct ejson_w *w, json_t *v, int indent)
{
	char *text = json_dumps(ejson_must(v), EJSON_DUMP_FLAGS | JSON_ENCODE_ANY);

	json_decref(v);
	/* indent is 2 or 4: within the spaces below. */
	if (text == NULL)
		xalloc_die();
	static const char spaces[] = "        ";
	const char *p = text, *nl;

	while ((nl = strchr(p, '\n')) != NULL) {
		if (fwrite(p, 1, (size_t)(nl - p) + 1, w->out) != (size_t)(nl - p) + 1 ||
		    fwrite(spaces, 1, (size_t)indent, w->out) != (size_t)indent)
			w->err = -1;
		p = nl + 1;
	}
	if (fputs(p, w->out) == EOF)
		w->err = -1;
	free(text);
}

static void
ejson_w_key(struct ejson_w *w, const char *key)
{
	if (fprintf(w->out, "%s\n  \"%s\": ", w->first ? "" : ",", key) < 0)
		w->err = -1;
	w->first = false;
}

static void
ejson_w_member(struct ejson_w *w, const char *key, json_t *v)
{
	ejson_w_key(w, key);
	ejson_w_value(w, v, 2);
}

static void
ejson_w_begin(struct ejson_w *w, const char *key)
{
	ejson_w_key(w, key);
	if (putc('[', w->out) == EOF)
		w->err = -1;
	w->first_item = true;
}

static void
ejson_w_item(struct ejson_w *w, json_t *v)
{
	if (fputs(w->first_item ? "\n    " : ",\n    ", w->out) == EOF)
		w->err = -1;
	w->first_item = false;
	ejson_w_value(w, v, 4);
}

static void
ejson_w_end(struct ejson_w *w)
{
	if (fputs(w->first_item ? "]" : "\n  ]", w->out) == EOF)
		w->err = -1;
}

/* Write the report as one indented JSON object and a final newline. Returns 0, or -1 when
 * a write failed. */
int
emit_json(const struct report *r, const struct emit_opts *eo, FILE *out)
{
	struct ejson_w w = {.out = out, .first = true};
	bool trends = r->series_report;
	size_t i;

	if (putc('{', out) == EOF)
		w.err = -1;
	ejson_w_member(&w, "schema_version", json_integer(EJSON_SCHEMA_VERSION));
	ejson_w_member(&w, "command", json_string(r->command_name));
	ejson_w_member(&w, "generated_at", ejson_time(r->generated_at));
	if (eo->unit != NULL)
		ejson_w_member(&w, "unit", json_string(eo->unit));
	ejson_w_member(&w, "window", ejson_window(r->start, r->end, true, r->days,
	    r->has_coverage, r->coverage_pct));
	ejson_w_member(&w, "previous_window", ejson_window(r->prev_start, r->prev_end, false, 0,
	    r->has_coverage, r->prev_coverage_pct));
	ejson_w_member(&w, "input", ejson_input(&r->input));
	ejson_w_member(&w, "totals", ejson_totals(&r->totals));
	ejson_w_begin(&w, "percentiles");
	for (i = 0; i < r->n_percentiles; i++)
		ejson_w_item(&w, emit_json_number(r->percentiles[i]));
	ejson_w_end(&w);
	if (trends && (size_t)r->bucket < ARRAY_SIZE(ejson_bucket_names))
		ejson_w_member(&w, "bucket", json_string(ejson_bucket_names[r->bucket]));
	ejson_w_begin(&w, "operations");
	for (i = 0; i < r->n_rows; i++)
		ejson_w_item(&w, ejson_row(r, &r->rows[i]));
	ejson_w_end(&w);
	ejson_w_begin(&w, "slowest");
	for (i = 0; i < r->n_slowest; i++)
		ejson_w_item(&w, ejson_slow(&r->slowest[i]));
	ejson_w_end(&w);
	ejson_w_begin(&w, "most_frequent");
	for (i = 0; i < r->n_most_frequent; i++)
		ejson_w_item(&w, ejson_freq(&r->most_frequent[i]));
	ejson_w_end(&w);
	ejson_w_begin(&w, "degradations");
	for (i = 0; i < r->n_findings; i++)
		ejson_w_item(&w, ejson_finding(&r->findings[i], r->explain_key));
	ejson_w_end(&w);
	ejson_w_begin(&w, "previous_only");
	for (i = 0; i < r->n_previous_only; i++)
		ejson_w_item(&w, ejson_text(r->previous_only[i]));
	ejson_w_end(&w);
	if (trends) {
		ejson_w_begin(&w, "series");
		for (i = 0; i < r->n_series; i++)
			ejson_w_item(&w, ejson_series_row(&r->series[i]));
		ejson_w_end(&w);
	}
	if (r->gate.has_targets)
		ejson_w_member(&w, "targets", ejson_targets(&r->gate));
	if (r->gate.has_baseline)
		ejson_w_member(&w, "baseline", ejson_baseline(&r->gate));
	ejson_w_member(&w, "verdict", ejson_verdict(&r->gate));
	if (fputs("\n}\n", out) == EOF || ferror(out))
		w.err = -1;
	return w.err;
}

/* ---- compare (SPEC section 12) ----------------------------------------- */

/* "base" / "current": where a side came from. */
static json_t *
ejson_cmp_source(const struct cmp_side *s)
{
	json_t *o = ejson_must(json_object());

	ejson_put(o, "source", ejson_text(s->source));
	ejson_put(o, "kind", json_string(compare_kind_name(s->kind)));
	ejson_put(o, "records", ejson_count(s->records));
	return o;
}

/* One side's statistics of an operation; null when the operation is not on that side,
 * and a percentile null when the side does not hold it. */
static json_t *
ejson_cmp_stats(const struct comparison *c, bool present, const struct cmp_stats *s)
{
	json_t *o;

	if (!present)
		return ejson_must(json_null());
	o = ejson_must(json_object());
	ejson_put(o, "count", ejson_count(s->count));
	ejson_put(o, "avg_ms", emit_json_number(s->avg_ms));
	ejson_put(o, "stddev_ms", ejson_opt(s->has_stddev, s->stddev_ms));
	for (size_t k = 0; k < c->n_percentiles; k++)
		ejson_put(o, c->pct_names[k], ejson_opt(!s->no_pct[k], s->pct_ms[k]));
	ejson_put(o, "error_rate_pct", emit_json_number(s->error_rate_pct));
	return o;
}

static json_t *
ejson_cmp_row(const struct comparison *c, const struct cmp_row *row)
{
	json_t *o = ejson_must(json_object()), *ch = ejson_must(json_object());
	const char *t = compare_test_name(row->test);

	ejson_put(o, "operation", ejson_text(row->operation));
	if (c->n_group_keys > 0) {
		json_t *g = ejson_must(json_object());

		for (size_t k = 0; k < c->n_group_keys; k++)
			ejson_put(g, c->group_keys[k], ejson_text(row->group[k]));
		ejson_put(o, "group", g);
	}
	ejson_put(o, "status", json_string(compare_status_name(row->status)));
	ejson_put(o, "test", t != NULL ? json_string(t) : json_null());
	ejson_put(o, "p_value", ejson_opt(row->has_p_value, row->p_value));
	ejson_put(o, "q_value", ejson_opt(row->has_q_value, row->q_value));
	ejson_put(o, "base", ejson_cmp_stats(c, row->in_base, &row->base));
	ejson_put(o, "current", ejson_cmp_stats(c, row->in_cur, &row->cur));
	ejson_put(ch, "avg_ms", ejson_opt(row->has_change[0], row->change_pct[0]));
	for (size_t k = 0; k < c->n_percentiles; k++)
		ejson_put(ch, c->pct_names[k], ejson_opt(row->has_change[k + 1],
		    row->change_pct[k + 1]));
	ejson_put(o, "change_pct", ch);
	return o;
}

int
emit_json_compare(const struct comparison *c, const struct emit_opts *eo, FILE *out)
{
	struct ejson_w w = {.out = out, .first = true};
	json_t *v = ejson_must(json_object());
	size_t i;

	if (putc('{', out) == EOF)
		w.err = -1;
	ejson_w_member(&w, "schema_version", json_integer(EJSON_SCHEMA_VERSION));
	ejson_w_member(&w, "command", json_string("compare"));
	ejson_w_member(&w, "generated_at", ejson_time(c->generated_at));
	if (eo->unit != NULL)
		ejson_w_member(&w, "unit", json_string(eo->unit));
	ejson_w_member(&w, "alpha", emit_json_number(c->alpha));
	ejson_w_begin(&w, "percentiles");
	for (i = 0; i < c->n_percentiles; i++)
		ejson_w_item(&w, emit_json_number(c->percentiles[i]));
	ejson_w_end(&w);
	ejson_w_member(&w, "base", ejson_cmp_source(&c->base));
	ejson_w_member(&w, "current", ejson_cmp_source(&c->cur));
	ejson_w_begin(&w, "operations");
	for (i = 0; i < c->n_rows; i++)
		ejson_w_item(&w, ejson_cmp_row(c, &c->rows[i]));
	ejson_w_end(&w);
	ejson_put(v, "level", json_string(gate_level_name(c->level)));
	ejson_put(v, "text", ejson_text(c->verdict));
	ejson_put(v, "regressions", ejson_count(c->n_regression));
	ejson_put(v, "warnings", ejson_count(c->n_warning));
	ejson_put(v, "improved", ejson_count(c->n_improved));
	ejson_w_member(&w, "verdict", v);
	if (fputs("\n}\n", out) == EOF || ferror(out))
		w.err = -1;
	return w.err;
}

/* A model string and a timestamp as the report writes them, for the changes emitter. */
json_t *
emit_json_text(const char *s)
{
	return ejson_text(s);
}

json_t *
emit_json_time(int64_t us)
{
	return ejson_time(us);
}
