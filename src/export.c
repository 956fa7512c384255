/* export.c - records -> CSV / JSON array / JSON Lines. The one short cut of the pipeline:
 * records go straight to the writer, without aggregation. The loader (load.c, driven by
 * cmd-export.c) chooses the window, applies --op and runs the threads. */
#include "export.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#ifdef HAVE_STDIO_EXT_H
#include <stdio_ext.h>
#endif

#include "emit-csv.h"
#include "emit-json.h"
#include "record-json.h"
#include "numfmt.h"
#include "record.h"
#include "timeutil.h"
#include "window.h"
#include "xalloc.h"

/* A rendered record held back while the window is not known yet (--now latest --days). */
struct held {
	int64_t ts_us;
	char *text;
	size_t len;
};


static const char *const export_columns[] = {
	"timestamp", "operation_type", "duration_ms", "success", "session_id", "error", "context",
};

/* The duration as numfmt_json prints it: the input's own text when the fast path found it
 * already in that form, else formatted into num. */
static void
export_duration(FILE *f, const struct record *r, char num[NUMFMT_BUFSZ])
{
	if (r->dur_text != NULL) {
		fwrite(r->dur_text, 1, r->dur_text_len, f);
		return;
	}
	numfmt_json(r->duration_ms, num);
	fputs(num, f);
}

static void
export_csv_record(FILE *f, const struct record *r, struct record_parser *p,
    enum csv_dialect d)
{
	char ts[TU_BUFSZ], num[NUMFMT_BUFSZ];
	size_t ctx_len = 0;
	const char *ctx = record_context_text(p, &ctx_len);

	if (!r->timeless) { /* a timeless record (SPEC section 16): an empty cell */
		emit_csv_time(r->ts_us, d, ts);
		fputs(ts, f);
	}
	fputc(',', f);
	emit_csv_cell(f, r->op, r->op_len, true);
	fputc(',', f);
	export_duration(f, r, num);
	fputs(r->success ? ",true," : ",false,", f);
	if (r->session_id)
		emit_csv_cell(f, r->session_id, r->session_len, true);
	fputc(',', f);
	if (r->error)
		emit_csv_cell(f, r->error, r->error_len, true);
	fputc(',', f);
	if (ctx)
		emit_csv_cell(f, ctx, ctx_len, true);
	fputc('\n', f);
}

static json_t *
export_json_string(const char *s, size_t len)
{
	return s ? json_stringn(s, len) : json_null();
}

/* The reference writer: the whole object built and dumped by jansson. */
static void
export_json_record(FILE *f, const struct record *r, struct record_parser *p)
{
	char ts[TU_BUFSZ];
	json_t *obj = json_object(), *ctx = record_context(p);

	tu_format_ms(r->ts_us, ts);
	json_object_set_new(obj, "timestamp", r->timeless ? json_null() : json_string(ts));
	json_object_set_new(obj, "operation_type", json_stringn(r->op, r->op_len));
	json_object_set_new(obj, "duration_ms", emit_json_number(r->duration_ms));
	json_object_set_new(obj, "success", json_boolean(r->success));
	json_object_set_new(obj, "session_id", export_json_string(r->session_id, r->session_len));
	json_object_set_new(obj, "error", export_json_string(r->error, r->error_len));
	json_object_set(obj, "context", ctx ? ctx : json_null());
	json_dumpf(obj, f, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(obj);
}

/* A JSON string: written as it is when jansson would write it so (no '"', '\\' or control
 * character inside), else dumped by jansson. */
static void
export_json_text(FILE *f, const char *s, size_t len)
{
	size_t i;
	json_t *j;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	for (i = 0; i < len; i++)
		if (s[i] == '"' || s[i] == '\\' || (unsigned char)s[i] < 0x20)
			break;
	if (i == len) {
		fputc('"', f);
		fwrite(s, 1, len, f);
		fputc('"', f);
		return;
	}
	j = json_stringn(s, len);
	json_dumpf(j, f, JSON_ENCODE_ANY);
	json_decref(j);
}

/* The fast writer: the same bytes as export_json_record (the end-to-end tests compare the
 * two), written member by member without building an object; the numbers as numfmt_json
 * prints them, which is what jansson prints for emit_json_number's values. */
static void
export_json_fast(FILE *f, const struct record *r, struct record_parser *p)
{
	char ts[TU_BUFSZ], num[NUMFMT_BUFSZ];
	size_t ctx_len = 0;
	const char *ctx = record_context_text(p, &ctx_len);

	tu_format_ms(r->ts_us, ts);
	if (r->timeless)
		fputs("{\"timestamp\":null,\"operation_type\":", f);
	else
		fprintf(f, "{\"timestamp\":\"%s\",\"operation_type\":", ts);
	export_json_text(f, r->op, r->op_len);
	fputs(",\"duration_ms\":", f);
	export_duration(f, r, num);
	fprintf(f, ",\"success\":%s,\"session_id\":", r->success ? "true" : "false");
	export_json_text(f, r->session_id, r->session_len);
	fputs(",\"error\":", f);
	export_json_text(f, r->error, r->error_len);
	fputs(",\"context\":", f);
	if (ctx)
		fwrite(ctx, 1, ctx_len, f);
	else
		fputs("null", f);
	fputc('}', f);
}

static void
export_json_any(FILE *f, const struct record *r, struct record_parser *p)
{
	if (record_parser_fast(p))
		export_json_fast(f, r, p);
	else
		export_json_record(f, r, p);
}

/* Write one record in the chosen format, with the separator the format needs before it. */
static void
export_write(struct export_state *s, FILE *f, const struct record *r, struct record_parser *p)
{
	switch (s->o->format) {
	case FMT_CSV:
		export_csv_record(f, r, p, s->o->csv_dialect);
		break;
	case FMT_JSON:
		fputs(s->written++ == 0 ? "[\n" : ",\n", f);
		export_json_any(f, r, p);
		break;
	case FMT_JSONL:
		export_json_any(f, r, p);
		fputc('\n', f);
		break;
	case FMT_MD:
	case FMT_TERM:
	case FMT_HTML:
	case FMT_XLSX: /* cmd-export.c has JSON Lines written for it */
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
export_hold(struct export_state *s, const struct record *r, struct record_parser *p)
{
	struct held *h;
	FILE *mem;
	uint64_t saved = s->written;

	if (r->timeless)
		return; /* no time: outside every window that moves with the newest record */
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
	if (mem == NULL)
		xalloc_die();
	s->written = 1; /* render JSON array elements without the opening bracket */
	export_write(s, mem, r, p);
	s->written = saved;
	fclose(mem);
}

void
export_record(void *ctx, const struct record *r, struct record_parser *p)
{
	struct export_state *s = ctx;

	if (s->moving) {
		export_hold(s, r, p);
		return;
	}
	if ((s->w.bounded_below && r->ts_us < s->w.start) ||
	    (s->w.bounded_above && r->ts_us >= s->w.end))
		return;
	export_write(s, s->out, r, p);
}

/* Emit the held records that fall in the final window [start, end), in input order. */
static void
export_flush_held(struct export_state *s, int64_t start, int64_t end)
{
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

/* With threads: each worker renders its batch into memory; the batches are written in
 * input order. */
struct export_part {
	struct export_state *shared;
	struct export_state local; /* written = 1: JSON elements always get ",\n" first */
	FILE *mem;
	char *buf;
	size_t len;
};

void *
export_part_new(void *ctx)
{
	struct export_part *w = xcalloc(1, sizeof(*w));

	w->shared = ctx;
	w->local = *w->shared;
	w->local.written = 1;
	return w;
}

void
export_part_join(void *ctx, void *part)
{
	struct export_part *w = part;

	(void)ctx;
	if (w->mem != NULL) {
		fclose(w->mem);
		free(w->buf);
	}
	free(w);
}

void
export_part_record(void *ctx, const struct record *r, struct record_parser *p)
{
	struct export_part *w = ctx;
	const struct export_state *s = &w->local;

	if ((s->w.bounded_below && r->ts_us < s->w.start) ||
	    (s->w.bounded_above && r->ts_us >= s->w.end))
		return;
	if (w->mem == NULL) {
		if ((w->mem = open_memstream(&w->buf, &w->len)) == NULL)
			xalloc_die();
#ifdef HAVE_STDIO_EXT_H
		/* Only this worker writes it: no locking per character (with threads
		 * running, glibc locks every putc otherwise). */
		__fsetlocking(w->mem, FSETLOCKING_BYCALLER);
#endif
	}
	export_write(&w->local, w->mem, r, p);
}

/* A batch is done: write what it rendered (called in input order, one at a time), unless
 * it is not to be kept (it came after a --strict stop or a read error). */
void
export_part_flush(void *ctx, bool keep)
{
	struct export_part *w = ctx;
	struct export_state *s = w->shared;
	size_t skip = 0;

	if (w->mem == NULL)
		return;
	/* The stream is kept for the next batch: flushing sets len to the position, and
	 * seeking back to the start reuses the buffer (no allocation per batch). */
	fflush(w->mem);
	if (w->len > 0 && keep) {
		if (s->o->format == FMT_JSON && s->written == 0) {
			fputs("[\n", s->out);
			skip = 2; /* the ",\n" before the first element */
		}
		fwrite(w->buf + skip, 1, w->len - skip, s->out);
		s->written = 1;
	}
	fseeko(w->mem, 0, SEEK_SET);
}

void
export_begin(struct export_state *s, const struct options *o, FILE *out,
    const struct windows *w, bool moving)
{
	memset(s, 0, sizeof(*s));
	s->o = o;
	s->out = out;
	s->w = *w;
	s->moving = moving;
	s->prune_at = 65536;
	if (o->format == FMT_CSV) {
		emit_csv_start(out, o->csv_dialect);
		for (size_t i = 0; i < ARRAY_SIZE(export_columns); i++)
			fprintf(out, "%s%s", i ? "," : "", export_columns[i]);
		fputc('\n', out);
	}
}

void
export_end(struct export_state *s, const struct windows *w)
{
	if (s->moving)
		export_flush_held(s, w->start, w->end);
	if (s->o->format == FMT_JSON)
		fputs(s->written ? "\n]\n" : "[]\n", s->out);
}
