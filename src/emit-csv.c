/* emit-csv.c - the report model as CSV (SPEC section 6): one header line and one row per
 * operation in the row model's column order, written with libcsv; for trends, a long-format
 * series (bucket_start, operation, statistics) to its own stream (--series), never into the
 * table's: every CSV output is one table.
 * Dialects: rfc4180 as above; excel puts a UTF-8 BOM first (so that a spreadsheet reads the
 * file as UTF-8) and writes times as "2026-08-01 00:00:00.000" (UTC), which LibreOffice and
 * Excel take for date-times; quoting, the formula guard and numbers are the same.
 *
 * A cell is quoted only when it has to be (a ',', '"', CR or LF inside, or a space at either
 * end); text from the input that a spreadsheet would run as a formula gets a leading "'".
 * Numbers are numfmt_json's text, unknown values empty cells, lines end with LF.
 * With the CI gate, two columns follow the row model's: target_status (the worst target
 * status of the operation, empty when no target applies) only under --targets, and
 * baseline_status (regression, warning, improved, unchanged, or new when the baseline
 * lacks the operation) only under --baseline; without them the CSV is unchanged.
 * emit_csv_cell (one cell, guarded and quoted) is shared with the CSV export. */
#include "emit-csv.h"

#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "compare.h"
#include "gate.h"
#include "numfmt.h"
#include "timeutil.h"
#include "xalloc.h"

/* One CSV line being written: where, and whether a cell has been written yet. Write
 * errors are left in the stream's error indicator and checked once at the end. */
struct ecsv_line {
	FILE *fp;
	bool started;
};

static const char *const ecsv_row_head[] = {
	"operation", "count", "success", "failed", "error_rate_pct", "avg_ms", "stddev_ms"
};
static const char *const ecsv_row_tail[] = {
	"min_ms", "max_ms", "prev_count", "prev_avg_ms", "avg_change_pct", "p_value", "q_value",
	"flags"
};
static const char *const ecsv_series_head[] = {
	"bucket_start", "operation", "count", "avg_ms", "p95_ms", "p99_ms", "error_rate_pct"
};

/* True when a cell must be quoted (RFC 4180, plus a leading or trailing space that some
 * readers would trim). */
static bool
ecsv_needs_quotes(const char *s, size_t len)
{
	if (len == 0)
		return false;
	if (s[0] == ' ' || s[len - 1] == ' ')
		return true;
	for (size_t i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return true;
	return false;
}

/* True when a spreadsheet would take text starting this way for a formula. */
static bool
ecsv_looks_like_formula(const char *s, size_t len)
{
	return len > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	    s[0] == '\t' || s[0] == '\r');
}

/* Write s[0..len) as it is, quoted (by libcsv) only when needed. */
static void
ecsv_put(FILE *out, const char *s, size_t len)
{
	if (len == 0)
		return;
	if (ecsv_needs_quotes(s, len)) {
		/* libcsv quotes into a buffer (csv_fwrite would write byte by byte): at most
		 * 2 * len + 2 bytes. */
		char stackbuf[512], *buf = stackbuf;
		size_t need = 2 * len + 2, n;

		if (need > sizeof(stackbuf))
			buf = xmalloc(need);
		n = csv_write(buf, need, s, len);
		fwrite(buf, 1, n, out);
		if (buf != stackbuf)
			free(buf);
	} else
		fwrite(s, 1, len, out);
}

/* One cell, without separator; text cells get the formula guard. Errors stay in ferror. */
void
emit_csv_cell(FILE *out, const char *s, size_t len, bool text)
{
	char *guarded;

	if (!text || !ecsv_looks_like_formula(s, len)) {
		ecsv_put(out, s, len);
		return;
	}
	guarded = xmalloc(len + 1);
	guarded[0] = '\'';
	memcpy(guarded + 1, s, len);
	ecsv_put(out, guarded, len + 1);
	free(guarded);
}

/* Write the separator before a cell when the line already has one. */
static void
ecsv_sep(struct ecsv_line *l)
{
	if (l->started)
		putc(',', l->fp);
	l->started = true;
}

/* Write s[0..len) as one cell that is not input text (names, numbers, timestamps). */
static void
ecsv_raw_cell(struct ecsv_line *l, const char *s, size_t len)
{
	ecsv_sep(l);
	emit_csv_cell(l->fp, s, len, false);
}

/* Write input text (an operation name) as a cell, guarded against formula injection. */
static void
ecsv_text_cell(struct ecsv_line *l, const char *s)
{
	ecsv_sep(l);
	if (s != NULL)
		emit_csv_cell(l->fp, s, strlen(s), true);
}

/* Write a number cell as JSON prints it. */
static void
ecsv_num_cell(struct ecsv_line *l, double v)
{
	char buf[NUMFMT_BUFSZ];

	numfmt_json(v, buf);
	ecsv_raw_cell(l, buf, strlen(buf));
}

/* Write a number cell that is empty when the value is unknown. */
static void
ecsv_opt_cell(struct ecsv_line *l, bool known, double v)
{
	if (known)
		ecsv_num_cell(l, v);
	else
		ecsv_raw_cell(l, "", 0);
}

/* Write a count cell. */
static void
ecsv_count_cell(struct ecsv_line *l, uint64_t n)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%llu", (unsigned long long)n);

	ecsv_raw_cell(l, buf, (size_t)len);
}

/* Write a timestamp cell (UTC, milliseconds) in dialect d. */
static void
ecsv_time_cell(struct ecsv_line *l, int64_t us, enum csv_dialect d)
{
	char buf[TU_BUFSZ];

	emit_csv_time(us, d, buf);
	ecsv_raw_cell(l, buf, strlen(buf));
}

/* Write the flag names joined with ';' as one cell (empty when none). */
static void
ecsv_flags_cell(struct ecsv_line *l, unsigned flags)
{
	char buf[128];
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < FLAG_COUNT; i++) {
		if ((flags & (1u << i)) == 0)
			continue;
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", len > 0 ? ";" : "",
		    flag_name(1u << i));
	}
	ecsv_raw_cell(l, buf, strlen(buf));
}

/* End the line with LF. */
static void
ecsv_end(struct ecsv_line *l)
{
	putc('\n', l->fp);
	l->started = false;
}

void
emit_csv_start(FILE *out, enum csv_dialect d)
{
	if (d == CSV_EXCEL)
		fputs("\xEF\xBB\xBF", out);
}

void
emit_csv_time(int64_t us, enum csv_dialect d, char buf[TU_BUFSZ])
{
	if (d == CSV_EXCEL)
		tu_format_sheet(us, buf);
	else
		tu_format_ms(us, buf);
}

/* Write a header line from fixed names. */
static void
ecsv_names(struct ecsv_line *l, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ecsv_raw_cell(l, names[i], strlen(names[i]));
}

/* The column of a --by key: the key as given, or "by." and the key when that is the name
 * of another column (--by success). */
static char *
ecsv_key_column(const struct report *r, const char *key)
{
	bool clash = false;

	for (size_t i = 0; i < ARRAY_SIZE(ecsv_row_head); i++)
		clash |= strcmp(key, ecsv_row_head[i]) == 0;
	for (size_t i = 0; i < ARRAY_SIZE(ecsv_row_tail); i++)
		clash |= strcmp(key, ecsv_row_tail[i]) == 0;
	for (size_t i = 0; i < r->n_percentiles; i++)
		clash |= strcmp(key, r->pct_names[i]) == 0;
	clash |= strcmp(key, "target_status") == 0 || strcmp(key, "baseline_status") == 0 ||
	    strncmp(key, "by.", 3) == 0;
	return clash ? xasprintf("by.%s", key) : xstrdup(key);
}

/* The table's header line; percentile columns follow the report's percentiles. */
static void
ecsv_write_header(const struct report *r, FILE *fp)
{
	struct ecsv_line l = {fp, false};

	ecsv_names(&l, ecsv_row_head, 1);
	for (size_t i = 0; i < r->n_group_keys; i++) { /* --by: one column per key */
		char *name = ecsv_key_column(r, r->group_keys[i]);

		ecsv_text_cell(&l, name);
		free(name);
	}
	ecsv_names(&l, ecsv_row_head + 1, ARRAY_SIZE(ecsv_row_head) - 1);
	for (size_t i = 0; i < r->n_percentiles; i++)
		ecsv_raw_cell(&l, r->pct_names[i], strlen(r->pct_names[i]));
	ecsv_names(&l, ecsv_row_tail, ARRAY_SIZE(ecsv_row_tail));
	if (r->gate.has_targets)
		ecsv_raw_cell(&l, "target_status", strlen("target_status"));
	if (r->gate.has_baseline)
		ecsv_raw_cell(&l, "baseline_status", strlen("baseline_status"));
	if (r->approx_accuracy > 0) /* read from summaries (SPEC section 18) */
		ecsv_raw_cell(&l, "approximate", strlen("approximate"));
	ecsv_end(&l);
}

/* The gate's per-operation status cells of row i (only for the options given). */
static void
ecsv_gate_cells(struct ecsv_line *l, const struct report *r, size_t i)
{
	const char *s;

	if (r->gate.has_targets) {
		s = gate_target_status_name(r->gate.row_target[i]);
		ecsv_raw_cell(l, s, strlen(s));
	}
	if (r->gate.has_baseline) {
		s = gate_base_status_name(r->gate.row_baseline[i]);
		ecsv_raw_cell(l, s, strlen(s));
	}
}

/* Operation row i. */
static void
ecsv_write_row(const struct report *r, size_t i, FILE *fp)
{
	struct ecsv_line l = {fp, false};
	const struct op_row *row = &r->rows[i];

	ecsv_text_cell(&l, row->operation);
	for (size_t k = 0; k < r->n_group_keys; k++)
		ecsv_text_cell(&l, row->group[k]);
	ecsv_count_cell(&l, row->count);
	ecsv_count_cell(&l, row->success);
	ecsv_count_cell(&l, row->failed);
	ecsv_num_cell(&l, row->error_rate_pct);
	ecsv_num_cell(&l, row->avg_ms);
	ecsv_opt_cell(&l, row->has_stddev, row->stddev_ms);
	for (size_t k = 0; k < r->n_percentiles; k++)
		ecsv_num_cell(&l, row->pct_ms[k]);
	ecsv_num_cell(&l, row->min_ms);
	ecsv_num_cell(&l, row->max_ms);
	ecsv_count_cell(&l, row->prev_count);
	ecsv_opt_cell(&l, row->has_prev_avg, row->prev_avg_ms);
	ecsv_opt_cell(&l, row->has_avg_change, row->avg_change_pct);
	ecsv_opt_cell(&l, row->has_p_value, row->p_value);
	ecsv_opt_cell(&l, row->has_q_value, row->q_value);
	ecsv_flags_cell(&l, row->flags);
	ecsv_gate_cells(&l, r, i);
	if (r->approx_accuracy > 0) /* the percentiles from a histogram: true */
		ecsv_raw_cell(&l, row->approximate ? "true" : "false",
		    row->approximate ? 4 : 5);
	ecsv_end(&l);
}

/* The trends series in long format, header first. */
static void
ecsv_write_series(const struct report *r, enum csv_dialect d, FILE *fp)
{
	struct ecsv_line l = {fp, false};

	ecsv_names(&l, ecsv_series_head, ARRAY_SIZE(ecsv_series_head));
	ecsv_end(&l);
	for (size_t i = 0; i < r->n_series; i++) {
		const struct series_row *s = &r->series[i];

		ecsv_time_cell(&l, s->bucket_start, d);
		ecsv_text_cell(&l, s->operation);
		ecsv_count_cell(&l, s->count);
		ecsv_num_cell(&l, s->avg_ms);
		ecsv_num_cell(&l, s->p95_ms);
		ecsv_num_cell(&l, s->p99_ms);
		ecsv_num_cell(&l, s->error_rate_pct);
		ecsv_end(&l);
	}
}

/* Write the report as CSV to out (and, for trends, the series to eo->series when given).
 * Returns 0, or -1 when a write failed (the streams' error indicators say so). */
int
emit_csv(const struct report *r, const struct emit_opts *eo, FILE *out)
{
	FILE *series = eo != NULL ? eo->series : NULL;
	enum csv_dialect d = eo != NULL ? eo->csv_dialect : CSV_RFC4180;

	emit_csv_start(out, d);
	ecsv_write_header(r, out);
	for (size_t i = 0; i < r->n_rows; i++)
		ecsv_write_row(r, i, out);
	if (r->series_report && series != NULL) {
		emit_csv_start(series, d);
		ecsv_write_series(r, d, series);
		if (ferror(series))
			return -1;
	}
	return ferror(out) ? -1 : 0;
}

/* ---- compare (SPEC section 12) ----------------------------------------- */

/* The header cells of one side's statistics: prefix + count, avg_ms, stddev_ms, the
 * percentiles, error_rate_pct. */
static void
ecsv_cmp_side_names(struct ecsv_line *l, const struct comparison *c, const char *prefix)
{
	static const char *const names[] = {"count", "avg_ms", "stddev_ms"};
	char buf[NUMFMT_BUFSZ + 32];

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(buf, sizeof(buf), "%s%s", prefix, names[i]);
		ecsv_raw_cell(l, buf, strlen(buf));
	}
	for (size_t k = 0; k < c->n_percentiles; k++) {
		snprintf(buf, sizeof(buf), "%s%s", prefix, c->pct_names[k]);
		ecsv_raw_cell(l, buf, strlen(buf));
	}
	snprintf(buf, sizeof(buf), "%serror_rate_pct", prefix);
	ecsv_raw_cell(l, buf, strlen(buf));
}

/* One side's statistics cells (empty when the operation is not on that side, and a
 * percentile's when the side does not hold it). */
static void
ecsv_cmp_side(struct ecsv_line *l, const struct comparison *c, bool present,
    const struct cmp_stats *s)
{
	ecsv_opt_cell(l, present, (double)s->count);
	ecsv_opt_cell(l, present, s->avg_ms);
	ecsv_opt_cell(l, present && s->has_stddev, s->stddev_ms);
	for (size_t k = 0; k < c->n_percentiles; k++)
		ecsv_opt_cell(l, present && !s->no_pct[k], s->pct_ms[k]);
	ecsv_opt_cell(l, present, s->error_rate_pct);
}

/* The CSV column of --by key `key` in a comparison: the key itself, or "by.KEY" when it
 * would take the name of one of the comparison's own columns (as ecsv_key_column). */
static char *
ecsv_cmp_key_column(const char *key)
{
	static const char *const own[] = {"operation", "status", "test", "p_value",
	    "q_value"};
	bool clash = strncmp(key, "base_", 5) == 0 || strncmp(key, "current_", 8) == 0 ||
	    strncmp(key, "change_pct_", 11) == 0 || strncmp(key, "by.", 3) == 0;

	for (size_t i = 0; i < ARRAY_SIZE(own); i++)
		clash |= strcmp(key, own[i]) == 0;
	return clash ? xasprintf("by.%s", key) : xstrdup(key);
}

int
emit_csv_compare(const struct comparison *c, const struct emit_opts *eo, FILE *out)
{
	struct ecsv_line l = {out, false};
	char buf[NUMFMT_BUFSZ + 32];
	const char *t;

	emit_csv_start(out, eo != NULL ? eo->csv_dialect : CSV_RFC4180);
	ecsv_names(&l, (const char *const[]){"operation"}, 1);
	for (size_t k = 0; k < c->n_group_keys; k++) { /* --by: one column per key */
		char *name = ecsv_cmp_key_column(c->group_keys[k]);

		ecsv_text_cell(&l, name);
		free(name);
	}
	ecsv_names(&l, (const char *const[]){"status", "test", "p_value", "q_value"}, 4);
	ecsv_cmp_side_names(&l, c, "base_");
	ecsv_cmp_side_names(&l, c, "current_");
	ecsv_raw_cell(&l, "change_pct_avg_ms", strlen("change_pct_avg_ms"));
	for (size_t k = 0; k < c->n_percentiles; k++) {
		snprintf(buf, sizeof(buf), "change_pct_%s", c->pct_names[k]);
		ecsv_raw_cell(&l, buf, strlen(buf));
	}
	ecsv_end(&l);
	for (size_t i = 0; i < c->n_rows; i++) {
		const struct cmp_row *row = &c->rows[i];

		ecsv_text_cell(&l, row->operation);
		for (size_t k = 0; k < c->n_group_keys; k++)
			ecsv_text_cell(&l, row->group[k]);
		t = compare_status_name(row->status);
		ecsv_raw_cell(&l, t, strlen(t));
		t = compare_test_name(row->test);
		ecsv_raw_cell(&l, t != NULL ? t : "", t != NULL ? strlen(t) : 0);
		ecsv_opt_cell(&l, row->has_p_value, row->p_value);
		ecsv_opt_cell(&l, row->has_q_value, row->q_value);
		ecsv_cmp_side(&l, c, row->in_base, &row->base);
		ecsv_cmp_side(&l, c, row->in_cur, &row->cur);
		for (size_t k = 0; k <= c->n_percentiles; k++)
			ecsv_opt_cell(&l, row->has_change[k], row->change_pct[k]);
		ecsv_end(&l);
	}
	return ferror(out) ? -1 : 0;
}
