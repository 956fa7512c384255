/* export.c - records -> CSV / JSON array / JSON Lines. The one short cut of the pipeline:
 * records go straight to the writer, without aggregation. */
#include "export.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "numfmt.h"
#include "record.h"
#include "scan.h"
#include "timeutil.h"
#include "window.h"
#include "xalloc.h"

/* A rendered record held back while the window is not known yet (--now latest --days). */
struct held {
	int64_t ts_us;
	char *text;
	size_t len;
};

struct export_state {
	const struct options *o;
	FILE *out;
	struct windows w;
	bool moving;        /* --now latest with --days: the window follows the newest record */
	int64_t newest;
	bool have_newest;
	struct held *held;
	size_t n_held, cap_held, prune_at;
	uint64_t written;
};

static const char *const export_columns[] = {
	"timestamp", "operation_type", "duration_ms", "success", "session_id", "error", "context",
};

static bool
export_selected(const struct options *o, const struct record *r)
{
	if (o->n_ops == 0)
		return true;
	for (size_t i = 0; i < o->n_ops; i++)
		if (strlen(o->ops[i]) == r->op_len && memcmp(o->ops[i], r->op, r->op_len) == 0)
			return true;
	return false;
}

static void
export_csv_record(FILE *f, const struct record *r, json_t *ctx)
{
	char ts[TU_BUFSZ], num[NUMFMT_BUFSZ];
	char *ctx_text = ctx ? json_dumps(ctx, JSON_COMPACT | JSON_ENCODE_ANY |
	    JSON_REAL_PRECISION(15)) : NULL;

	tu_format_ms(r->ts_us, ts);
	numfmt_json(r->duration_ms, num);
	emit_csv_cell(f, ts, strlen(ts), false);
	fputc(',', f);
	emit_csv_cell(f, r->op, r->op_len, true);
	fputc(',', f);
	emit_csv_cell(f, num, strlen(num), false);
	fputs(r->success ? ",true," : ",false,", f);
	if (r->session_id)
		emit_csv_cell(f, r->session_id, r->session_len, true);
	fputc(',', f);
	if (r->error)
		emit_csv_cell(f, r->error, r->error_len, true);
	fputc(',', f);
	if (ctx_text)
		emit_csv_cell(f, ctx_text, strlen(ctx_text), true);
	fputc('\n', f);
	free(ctx_text);
}

static json_t *
export_json_string(const char *s, size_t len)
{
	return s ? json_stringn(s, len) : json_null();
}

static void
export_json_record(FILE *f, const struct record *r, json_t *ctx)
{
	char ts[TU_BUFSZ];
	json_t *obj = json_object();

	tu_format_ms(r->ts_us, ts);
	json_object_set_new(obj, "timestamp", json_string(ts));
	json_object_set_new(obj, "operation_type", json_stringn(r->op, r->op_len));
	json_object_set_new(obj, "duration_ms", emit_json_number(r->duration_ms));
	json_object_set_new(obj, "success", json_boolean(r->success));
	json_object_set_new(obj, "session_id", export_json_string(r->session_id, r->session_len));
	json_object_set_new(obj, "error", export_json_string(r->error, r->error_len));
	json_object_set(obj, "context", ctx ? ctx : json_null());
	json_dumpf(obj, f, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(obj);
}

/* Write one record in the chosen format, with the separator the format needs before it. */
static void
export_write(struct export_state *s, FILE *f, const struct record *r, json_t *ctx)
{
	switch (s->o->format) {
	case FMT_CSV:
		export_csv_record(f, r, ctx);
		break;
	case FMT_JSON:
		fputs(s->written++ == 0 ? "[\n" : ",\n", f);
		export_json_record(f, r, ctx);
		break;
	case FMT_JSONL:
		export_json_record(f, r, ctx);
		fputc('\n', f);
		break;
	case FMT_MD:
		break;
	}
}

static void
export_prune(struct export_state *s)
{
	int64_t cut = s->newest + 1 - s->o->days * US_PER_DAY;
	size_t j = 0;

	for (size_t i = 0; i < s->n_held; i++) {
		if (s->held[i].ts_us >= cut)
			s->held[j++] = s->held[i];
		else
			free(s->held[i].text);
	}
	s->n_held = j;
	s->prune_at = j * 2 > 65536 ? j * 2 : 65536;
}

/* Render into memory and keep it until the window is known. */
static void
export_hold(struct export_state *s, const struct record *r, json_t *ctx)
{
	struct held *h;
	FILE *mem;
	uint64_t saved = s->written;

	if (!s->have_newest || r->ts_us > s->newest) {
		s->newest = r->ts_us;
		s->have_newest = true;
	}
	if (r->ts_us < s->newest + 1 - s->o->days * US_PER_DAY)
		return;
	if (s->n_held >= s->prune_at)
		export_prune(s);
	xgrow(&s->held, &s->cap_held, s->n_held + 1, sizeof(*s->held));
	h = &s->held[s->n_held++];
	h->ts_us = r->ts_us;
	h->text = NULL;
	mem = open_memstream(&h->text, &h->len);
	if (mem == NULL) {
		diag_error("out of memory");
		exit(EXIT_TROUBLE);
	}
	s->written = 1; /* render JSON array elements without the opening bracket */
	export_write(s, mem, r, ctx);
	s->written = saved;
	fclose(mem);
}

static void
export_record(void *ctx, const struct record *r, struct record_parser *p)
{
	struct export_state *s = ctx;

	if (!export_selected(s->o, r))
		return;
	if (s->moving) {
		export_hold(s, r, record_context(p));
		return;
	}
	if ((s->w.bounded_below && r->ts_us < s->w.start) ||
	    (s->w.bounded_above && r->ts_us >= s->w.end))
		return;
	export_write(s, s->out, r, record_context(p));
}

/* Emit the held records that fall in the final window, in input order. */
static void
export_flush_held(struct export_state *s)
{
	int64_t end = s->newest + 1, start = end - s->o->days * US_PER_DAY;

	for (size_t i = 0; i < s->n_held; i++) {
		struct held *h = &s->held[i];
		if (window_contains(start, end, h->ts_us)) {
			if (s->o->format == FMT_JSON)
				fputs(s->written++ == 0 ? "[\n" : ",\n", s->out);
			/* The held JSON text starts with ",\n"; skip it. */
			if (s->o->format == FMT_JSON)
				fwrite(h->text + 2, 1, h->len - 2, s->out);
			else
				fwrite(h->text, 1, h->len, s->out);
		}
		free(h->text);
	}
	free(s->held);
}

int
export_run(const struct options *o, FILE *out, struct input_counts *in, struct malformed_tally *t)
{
	struct export_state s = {.o = o, .out = out, .prune_at = 65536};
	int rc;

	s.moving = o->now_mode == NOW_LATEST && o->days_set;
	window_resolve(o, window_now(o, false, 0), &s.w);
	if (o->format == FMT_CSV) {
		for (size_t i = 0; i < ARRAY_SIZE(export_columns); i++)
			fprintf(out, "%s%s", i ? "," : "", export_columns[i]);
		fputc('\n', out);
	}
	rc = scan_inputs(o, export_record, &s, in, t);
	if (s.moving) {
		if (!s.have_newest)
			diag_note("no valid record in the input: --now latest falls back to the current time");
		export_flush_held(&s);
	}
	if (o->format == FMT_JSON)
		fputs(s.written ? "\n]\n" : "[]\n", out);
	return rc;
}
