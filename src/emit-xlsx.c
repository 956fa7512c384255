/* emit-xlsx.c - the report model, and export's records, as an XLSX workbook written with
 * libxlsxwriter (SPEC section 13). Walks the model and writes cells; it computes nothing.
 * Text goes only through worksheet_write_string, which stores a string cell and never a
 * formula, so an operation named "=1+1" stays that text. A timestamp is the spreadsheet's
 * serial day number (days since 1899-12-30, UTC) with a date-time cell format. Rows are
 * written in order in libxlsxwriter's constant-memory mode (each row goes to a temporary
 * file once the next starts; text is stored inline), so a million-record export needs a
 * few megabytes, not hundreds. */
#include "emit-xlsx.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "diag.h"
#include "gate.h"
#include "timeutil.h"
#include "xalloc.h"

/* Excel's limit on the characters of one cell's text. */
#define EXLSX_STR_MAX 32767
/* The serial day number of 1970-01-01 in the 1900 date system. */
#define EXLSX_EPOCH_DAYS 25569.0

/* A workbook being built in a temporary file. */
struct exlsx_book {
	lxw_workbook *wb;
	lxw_format *head;  /* the header row: bold */
	lxw_format *time;  /* date-times, to the millisecond */
	lxw_format *ms;    /* milliseconds and percentages: shown with 2 decimals, stored whole */
	char *path;        /* the temporary file */
	lxw_error err;     /* the first failed cell write, LXW_NO_ERROR: none */
};

/* One sheet being filled row by row. */
struct exlsx_sheet {
	struct exlsx_book *b;
	lxw_worksheet *ws;
	lxw_row_t row;     /* the row being written */
	lxw_col_t col;     /* the next cell of that row */
	lxw_col_t n_cols;  /* the header's width */
};

/* Remember the first error of a cell write. */
static void
exlsx_check(struct exlsx_book *b, lxw_error e)
{
	if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR)
		b->err = e;
}

/* Start a workbook in a new temporary file under TMPDIR (else /tmp); libxlsxwriter's own
 * temporary files go there too. The document's creation time is created_us (the report's
 * generated_at), so that a fixed SOURCE_DATE_EPOCH gives the same bytes. Returns 0, or -1
 * after a message. */
static int
exlsx_open(struct exlsx_book *b, int64_t created_us)
{
	const char *dir = getenv("TMPDIR");
	lxw_workbook_options opts = {0};
	lxw_doc_properties props = {0};
	int fd;

	memset(b, 0, sizeof(*b));
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	b->path = xasprintf("%s/perf-reporter-xlsx-XXXXXX", dir);
	if ((fd = mkstemp(b->path)) < 0) {
		diag_error("%s: cannot create the workbook's temporary file: %s", dir,
		    strerror(errno));
		free(b->path);
		return -1;
	}
	close(fd);
	opts.tmpdir = (char *)dir;
	opts.constant_memory = LXW_TRUE;
	b->wb = workbook_new_opt(b->path, &opts);
	if (b->wb == NULL) {
		diag_error("%s: cannot start the workbook", b->path);
		unlink(b->path);
		free(b->path);
		return -1;
	}
	props.created = (time_t)(created_us / US_PER_SEC);
	exlsx_check(b, workbook_set_properties(b->wb, &props));
	b->head = workbook_add_format(b->wb);
	format_set_bold(b->head);
	b->time = workbook_add_format(b->wb);
	format_set_num_format(b->time, "yyyy-mm-dd hh:mm:ss.000");
	b->ms = workbook_add_format(b->wb);
	format_set_num_format(b->ms, "0.00");
	return 0;
}

/* Copy the finished temporary file to out. Returns 0, -1 when a write to out failed, or
 * EMIT_FAILED after a message. */
static int
exlsx_copy(const char *path, FILE *out)
{
	char buf[65536];
	size_t n;
	FILE *in = fopen(path, "rb");

	if (in == NULL) {
		diag_error("%s: cannot read the workbook back: %s", path, strerror(errno));
		return EMIT_FAILED;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			break;
	if (ferror(in)) {
		diag_error("%s: cannot read the workbook back", path);
		fclose(in);
		return EMIT_FAILED;
	}
	fclose(in);
	return ferror(out) ? -1 : 0;
}

/* Finish the workbook, copy it to out and remove the temporary file. Returns as
 * exlsx_copy. */
static int
exlsx_close(struct exlsx_book *b, FILE *out)
{
	lxw_error e = workbook_close(b->wb); /* frees the workbook */
	int rc;

	if (b->err != LXW_NO_ERROR || e != LXW_NO_ERROR) {
		diag_error("cannot write the XLSX workbook: %s",
		    lxw_strerror(b->err != LXW_NO_ERROR ? b->err : e));
		rc = EMIT_FAILED;
	} else
		rc = exlsx_copy(b->path, out);
	unlink(b->path);
	free(b->path);
	return rc;
}

/* A new sheet named name with the header row names[0..n), frozen; further header cells
 * may follow with exlsx_head before the first exlsx_next. */
static void
exlsx_sheet(struct exlsx_book *b, struct exlsx_sheet *s, const char *name,
    const char *const *names, size_t n)
{
	memset(s, 0, sizeof(*s));
	s->b = b;
	s->ws = workbook_add_worksheet(b->wb, name);
	if (s->ws == NULL) {
		exlsx_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	worksheet_freeze_panes(s->ws, 1, 0);
	for (size_t i = 0; i < n; i++)
		exlsx_check(b, worksheet_write_string(s->ws, 0, s->col++, names[i], b->head));
	s->n_cols = s->col;
}

/* One more header cell. */
static void
exlsx_head(struct exlsx_sheet *s, const char *name)
{
	if (s->ws == NULL)
		return;
	exlsx_check(s->b, worksheet_write_string(s->ws, 0, s->col++, name, s->b->head));
	s->n_cols = s->col;
}

/* Move to the start of the next row. */
static void
exlsx_next(struct exlsx_sheet *s)
{
	s->row++;
	s->col = 0;
}

/* True when s starts with OOXML's escape of one character, "_xHHHH_". */
static bool
exlsx_is_escape(const char *s)
{
	if (s[0] != '_' || s[1] != 'x')
		return false;
	for (int i = 2; i < 6; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return s[6] == '_';
}

/* s with the '_' of every "_xHHHH_" in it written as "_x005F_", so that a spreadsheet
 * reads the text as it is and not as the escaped character U+HHHH (ECMA-376 ST_Xstring):
 * a heap copy (*esc), or s itself when it holds none. */
static const char *
exlsx_escape(const char *s, char **esc)
{
	size_t n = 0, len = 0;
	char *out;

	*esc = NULL;
	for (const char *p = s; *p != '\0'; p++, len++)
		n += exlsx_is_escape(p);
	if (n == 0)
		return s;
	out = *esc = xmalloc(len + n * 6 + 1);
	for (const char *p = s; *p != '\0'; p++) {
		if (exlsx_is_escape(p)) {
			memcpy(out, "_x005F", 6);
			out += 6;
		}
		*out++ = *p;
	}
	*out = '\0';
	return *esc;
}

/* s cut so that, escaped by exlsx_escape, it stays within Excel's limit of characters per
 * cell, "…" last: a heap copy (*cut), or s itself when it fits. */
static const char *
exlsx_fit(const char *s, char **cut)
{
	size_t w = 0, end = 0;
	bool full = false;

	*cut = NULL;
	for (size_t i = 0; s[i] != '\0'; i++) {
		size_t cw;

		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		cw = exlsx_is_escape(s + i) ? 7 : 1; /* "_x005F" goes before it */
		if (!full && w + cw > EXLSX_STR_MAX - 1) { /* room for the ellipsis */
			full = true;
			end = i;
		}
		w += cw;
	}
	if (w <= EXLSX_STR_MAX)
		return s;
	*cut = xasprintf("%.*s\xe2\x80\xa6", (int)end, s);
	return *cut;
}

/* A text cell; NULL leaves the cell empty. */
static void
exlsx_text(struct exlsx_sheet *s, const char *text)
{
	char *cut, *esc;

	if (s->ws != NULL && text != NULL) {
		exlsx_check(s->b, worksheet_write_string(s->ws, s->row, s->col,
		    exlsx_escape(exlsx_fit(text, &cut), &esc), NULL));
		free(esc);
		free(cut);
	}
	s->col++;
}

/* A number cell, or an empty one when has is false. */
static void
exlsx_num(struct exlsx_sheet *s, bool has, double v)
{
	if (s->ws != NULL && has)
		exlsx_check(s->b, worksheet_write_number(s->ws, s->row, s->col, v, NULL));
	s->col++;
}

/* A number cell shown with 2 decimals, as the Markdown shows milliseconds and percentages
 * (the cell holds the whole value), or an empty one when has is false. */
static void
exlsx_ms(struct exlsx_sheet *s, bool has, double v)
{
	if (s->ws != NULL && has)
		exlsx_check(s->b, worksheet_write_number(s->ws, s->row, s->col, v, s->b->ms));
	s->col++;
}

/* Column col of the sheet width characters wide (each column set once: libxlsxwriter
 * writes overlapping ranges that Excel repairs). */
static void
exlsx_width(struct exlsx_sheet *s, lxw_col_t col, double width)
{
	if (s->ws != NULL)
		exlsx_check(s->b, worksheet_set_column(s->ws, col, col, width, NULL));
}

/* A count as a number cell. */
static void
exlsx_count(struct exlsx_sheet *s, uint64_t v)
{
	exlsx_num(s, true, (double)v);
}

/* A date-time cell (UTC) for microseconds since the epoch. */
static void
exlsx_time(struct exlsx_sheet *s, int64_t us)
{
	if (s->ws != NULL) {
		exlsx_check(s->b, worksheet_write_number(s->ws, s->row, s->col,
		    EXLSX_EPOCH_DAYS + (double)us / (double)US_PER_DAY, s->b->time));
	}
	s->col++;
}

/* A boolean cell. */
static void
exlsx_bool(struct exlsx_sheet *s, bool v)
{
	if (s->ws != NULL)
		exlsx_check(s->b, worksheet_write_boolean(s->ws, s->row, s->col, v, NULL));
	s->col++;
}

/* The autofilter over the header and every row written. */
static void
exlsx_filter(struct exlsx_sheet *s)
{
	if (s->ws == NULL || s->n_cols == 0)
		return;
	exlsx_check(s->b, worksheet_autofilter(s->ws, 0, 0, s->row, (lxw_col_t)(s->n_cols - 1)));
}

static const char *const exlsx_row_head[] = {
	"operation", "count", "success", "failed", "error_rate_pct", "avg_ms", "stddev_ms"
};
static const char *const exlsx_row_tail[] = {
	"min_ms", "max_ms", "prev_count", "prev_avg_ms", "avg_change_pct", "p_value", "q_value",
	"flags"
};
static const char *const exlsx_series_head[] = {
	"bucket_start", "operation", "count", "avg_ms", "p95_ms", "p99_ms", "error_rate_pct"
};
static const char *const exlsx_slow_head[] = {
	"operation", "duration_ms", "timestamp", "session_id"
};
static const char *const exlsx_record_head[] = {
	"timestamp", "operation_type", "duration_ms", "success", "session_id", "error", "context"
};

/* The header of a --by key, as the CSV report names it: the key, or "by." and the key
 * when that is the name of another column. */
static char *
exlsx_key_column(const struct report *r, const char *key)
{
	bool clash = strncmp(key, "by.", 3) == 0 || strcmp(key, "target_status") == 0 ||
	    strcmp(key, "baseline_status") == 0;

	for (size_t i = 0; i < ARRAY_SIZE(exlsx_row_head); i++)
		clash |= strcmp(key, exlsx_row_head[i]) == 0;
	for (size_t i = 0; i < ARRAY_SIZE(exlsx_row_tail); i++)
		clash |= strcmp(key, exlsx_row_tail[i]) == 0;
	for (size_t i = 0; i < r->n_percentiles; i++)
		clash |= strcmp(key, r->pct_names[i]) == 0;
	return clash ? xasprintf("by.%s", key) : xstrdup(key);
}

/* A row's flags joined with ';' ("slower;errors"), or NULL when none. */
static void
exlsx_flags(struct exlsx_sheet *s, unsigned flags)
{
	char buf[128];
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < FLAG_COUNT; i++)
		if (flags & (1u << i))
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
			    len > 0 ? ";" : "", flag_name(1u << i));
	exlsx_text(s, len > 0 ? buf : NULL);
}

/* The operations sheet's header. */
static void
exlsx_ops_head(struct exlsx_sheet *s, const struct report *r)
{
	exlsx_sheet(s->b, s, "operations", exlsx_row_head, 1);
	for (size_t i = 0; i < r->n_group_keys; i++) {
		char *name = exlsx_key_column(r, r->group_keys[i]);

		exlsx_head(s, name);
		free(name);
	}
	for (size_t i = 1; i < ARRAY_SIZE(exlsx_row_head); i++)
		exlsx_head(s, exlsx_row_head[i]);
	for (size_t i = 0; i < r->n_percentiles; i++)
		exlsx_head(s, r->pct_names[i]);
	for (size_t i = 0; i < ARRAY_SIZE(exlsx_row_tail); i++)
		exlsx_head(s, exlsx_row_tail[i]);
	if (r->gate.has_targets)
		exlsx_head(s, "target_status");
	if (r->gate.has_baseline)
		exlsx_head(s, "baseline_status");
	exlsx_width(s, 0, 28);
}

/* Sheet "operations": one row per operation of the row model. */
static void
exlsx_operations(struct exlsx_book *b, const struct report *r)
{
	struct exlsx_sheet s = {.b = b};

	exlsx_ops_head(&s, r);
	for (size_t i = 0; i < r->n_rows; i++) {
		const struct op_row *row = &r->rows[i];

		exlsx_next(&s);
		exlsx_text(&s, row->operation);
		for (size_t k = 0; k < r->n_group_keys; k++)
			exlsx_text(&s, row->group[k]);
		exlsx_count(&s, row->count);
		exlsx_count(&s, row->success);
		exlsx_count(&s, row->failed);
		exlsx_ms(&s, true, row->error_rate_pct);
		exlsx_ms(&s, true, row->avg_ms);
		exlsx_ms(&s, row->has_stddev, row->stddev_ms);
		for (size_t k = 0; k < r->n_percentiles; k++)
			exlsx_ms(&s, true, row->pct_ms[k]);
		exlsx_ms(&s, true, row->min_ms);
		exlsx_ms(&s, true, row->max_ms);
		exlsx_count(&s, row->prev_count);
		exlsx_ms(&s, row->has_prev_avg, row->prev_avg_ms);
		exlsx_ms(&s, row->has_avg_change, row->avg_change_pct);
		exlsx_num(&s, row->has_p_value, row->p_value);
		exlsx_num(&s, row->has_q_value, row->q_value);
		exlsx_flags(&s, row->flags);
		if (r->gate.has_targets)
			exlsx_text(&s, gate_target_status_name(r->gate.row_target[i]));
		if (r->gate.has_baseline)
			exlsx_text(&s, gate_base_status_name(r->gate.row_baseline[i]));
	}
	exlsx_filter(&s);
}

/* Sheet "series": the long-format series, one row per operation and bucket. */
static void
exlsx_series(struct exlsx_book *b, const struct report *r)
{
	struct exlsx_sheet s;

	exlsx_sheet(b, &s, "series", exlsx_series_head, ARRAY_SIZE(exlsx_series_head));
	exlsx_width(&s, 0, 23);
	exlsx_width(&s, 1, 28);
	for (size_t i = 0; i < r->n_series; i++) {
		const struct series_row *sr = &r->series[i];

		exlsx_next(&s);
		exlsx_time(&s, sr->bucket_start);
		exlsx_text(&s, sr->operation);
		exlsx_count(&s, sr->count);
		exlsx_ms(&s, true, sr->avg_ms);
		exlsx_ms(&s, true, sr->p95_ms);
		exlsx_ms(&s, true, sr->p99_ms);
		exlsx_ms(&s, true, sr->error_rate_pct);
	}
	exlsx_filter(&s);
}

/* Sheet "slowest": the slowest records of the window. */
static void
exlsx_slowest(struct exlsx_book *b, const struct report *r)
{
	struct exlsx_sheet s;

	exlsx_sheet(b, &s, "slowest", exlsx_slow_head, ARRAY_SIZE(exlsx_slow_head));
	exlsx_width(&s, 0, 28);
	exlsx_width(&s, 2, 23);
	for (size_t i = 0; i < r->n_slowest; i++) {
		const struct slow_entry *e = &r->slowest[i];

		exlsx_next(&s);
		exlsx_text(&s, e->operation);
		exlsx_ms(&s, true, e->duration_ms);
		exlsx_time(&s, e->ts_us);
		exlsx_text(&s, e->session_id);
	}
	exlsx_filter(&s);
}

int
emit_xlsx(const struct report *r, const struct emit_opts *eo, FILE *out)
{
	struct exlsx_book b;

	(void)eo;
	if (exlsx_open(&b, r->generated_at) < 0)
		return EMIT_FAILED;
	exlsx_operations(&b, r);
	if (r->series_report || r->n_series > 0)
		exlsx_series(&b, r);
	exlsx_slowest(&b, r);
	return exlsx_close(&b, out);
}

/* The text of a string member, or NULL when it is null or absent. */
static const char *
exlsx_member(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* The context member as export.c wrote it (the line's last member, compact JSON text), cut
 * out of line at key (where ",\"context\":" starts), or NULL when it is null. */
static char *
exlsx_context(const char *key, const char *line, size_t len)
{
	const char *at = key + strlen(",\"context\":"), *end = line + len;

	if (end > at && end[-1] == '\n')
		end--;
	if (end > at && end[-1] == '}') /* the record's own */
		end--;
	if ((size_t)(end - at) == 4 && memcmp(at, "null", 4) == 0)
		return NULL;
	return xasprintf("%.*s", (int)(end - at), at);
}

/* One record (one JSON Lines line, NUL-terminated) as a row of s. Only the members before
 * the context are parsed (the context is written as it is): its key cannot occur earlier
 * in the line, since a '"' inside a string is written as \". Returns 0, or -1 when the line
 * is not what export.c writes. */
static int
exlsx_record(struct exlsx_sheet *s, const char *line, size_t len)
{
	json_error_t jerr;
	const char *key = strstr(line, ",\"context\":"), *ts, *op, *why;
	json_t *obj = NULL, *dur, *ok;
	int64_t us;
	char *head, *ctx;

	if (key != NULL) {
		head = xasprintf("%.*s}", (int)(key - line), line);
		obj = json_loads(head, 0, &jerr);
		free(head);
	}
	ts = exlsx_member(obj, "timestamp");
	op = exlsx_member(obj, "operation_type");
	dur = json_object_get(obj, "duration_ms");
	ok = json_object_get(obj, "success");
	if (ts == NULL || op == NULL || tu_parse(ts, strlen(ts), 0, &us, &why) < 0 ||
	    !json_is_number(dur) || !json_is_boolean(ok)) {
		json_decref(obj);
		return -1;
	}
	exlsx_time(s, us);
	exlsx_text(s, op);
	exlsx_num(s, true, json_number_value(dur));
	exlsx_bool(s, json_is_true(ok));
	exlsx_text(s, exlsx_member(obj, "session_id"));
	exlsx_text(s, exlsx_member(obj, "error"));
	ctx = exlsx_context(key, line, len);
	exlsx_text(s, ctx);
	free(ctx);
	json_decref(obj);
	return 0;
}

/* A records sheet: "records", then "records 2", ... */
static void
exlsx_records_sheet(struct exlsx_book *b, struct exlsx_sheet *s, unsigned n)
{
	char name[32];

	if (n == 1)
		snprintf(name, sizeof(name), "records");
	else
		snprintf(name, sizeof(name), "records %u", n);
	exlsx_sheet(b, s, name, exlsx_record_head, ARRAY_SIZE(exlsx_record_head));
	exlsx_width(s, 0, 23);
	exlsx_width(s, 1, 28);
}

int
emit_xlsx_export(FILE *lines, int64_t created_us, FILE *out)
{
	struct exlsx_book b;
	struct exlsx_sheet s;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned sheets = 1;
	int rc = 0;

	if (fflush(lines) != 0 || ferror(lines) || fseeko(lines, 0, SEEK_SET) != 0) {
		diag_error("cannot write the records' temporary file");
		return EMIT_FAILED;
	}
	if (exlsx_open(&b, created_us) < 0)
		return EMIT_FAILED;
	exlsx_records_sheet(&b, &s, sheets);
	while ((len = getline(&line, &cap, lines)) > 0) {
		if (s.row == LXW_ROW_MAX - 1) { /* the sheet is full */
			exlsx_filter(&s);
			exlsx_records_sheet(&b, &s, ++sheets);
		}
		exlsx_next(&s);
		if (exlsx_record(&s, line, (size_t)len) < 0) {
			diag_error("a record of the export is not the JSON Lines it wrote");
			rc = EMIT_FAILED;
			break;
		}
	}
	free(line);
	if (rc == 0 && ferror(lines)) {
		diag_error("cannot read the records' temporary file back");
		rc = EMIT_FAILED;
	}
	exlsx_filter(&s);
	if (rc != 0) {
		workbook_close(b.wb);
		unlink(b.path);
		free(b.path);
		return rc;
	}
	return exlsx_close(&b, out);
}
