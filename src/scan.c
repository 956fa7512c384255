/* scan.c - read loop: sources -> lines -> records. */
#include "scan.h"

#include <stdlib.h>
#include <string.h>

#include "line-reader.h"
#include "xalloc.h"

/* True when the line holds nothing but white space. */
static bool
scan_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\v' && s[i] != '\f')
			return false;
	return true;
}

/* Validate one line; returns 0 with *rec filled, or -1 with why set. */
static int
scan_line(const struct options *o, const struct lr_line *line, struct record_parser *p,
    struct record *rec, char why[RECORD_WHY_SIZE])
{
	if (line->too_long) {
		snprintf(why, RECORD_WHY_SIZE, "line is longer than --max-line-bytes (%zu bytes)",
		    o->max_line_bytes);
		return -1;
	}
	if (line->has_nul) {
		snprintf(why, RECORD_WHY_SIZE, "line contains a NUL byte");
		return -1;
	}
	return record_parse(p, line->data, line->len, rec, why);
}

/* Read one source to its end. Returns 0, or -1 after a fatal error. */
static int
scan_source(const struct options *o, struct line_reader *lr, struct record_parser *p,
    scan_fn fn, void *ctx, struct input_counts *in, struct malformed_tally *t,
    struct progress *pg)
{
	struct lr_line line;
	struct record rec;
	char why[RECORD_WHY_SIZE];
	char *err = NULL;
	enum lr_status st;

	while ((st = lr_next(lr, &line, &err)) == LR_LINE) {
		in->lines++;
		if ((in->lines & 0xffff) == 0)
			progress_update(pg, lr_name(lr), lr_bytes_done(lr), lr_bytes_total(lr));
		if (!line.too_long && scan_blank(line.data, line.len))
			continue;
		if (scan_line(o, &line, p, &rec, why) < 0) {
			if (o->strict) {
				progress_clear(pg);
				diag_error("%s:%llu: %s", lr_name(lr), (unsigned long long)line.lineno,
				    why);
				return -1;
			}
			in->malformed++;
			tally_add(t, lr_name(lr), line.lineno, why);
			continue;
		}
		in->records++;
		if (!in->has_span) {
			in->has_span = true;
			in->first_ts = in->last_ts = rec.ts_us;
		} else if (rec.ts_us < in->first_ts)
			in->first_ts = rec.ts_us;
		else if (rec.ts_us > in->last_ts)
			in->last_ts = rec.ts_us;
		fn(ctx, &rec, p);
	}
	if (st == LR_ERROR) {
		progress_clear(pg);
		diag_error("%s", err);
		free(err);
		return -1;
	}
	return 0;
}

int
scan_inputs(const struct options *o, scan_fn fn, void *ctx, struct input_counts *in,
    struct malformed_tally *t)
{
	const char *deflt[1];
	char *const *names = o->files;
	size_t n = o->n_files;
	struct line_reader **lr;
	struct record_parser *p;
	struct progress pg;
	char *err;
	int rc = 0;

	if (n == 0) {
		deflt[0] = cli_default_input();
		names = (char *const *)deflt;
		n = 1;
	}
	lr = xcalloc(n, sizeof(*lr));
	for (size_t i = 0; i < n; i++) {
		lr[i] = lr_open(names[i], o->max_line_bytes, &err);
		if (lr[i] == NULL) {
			diag_error("%s", err);
			free(err);
			rc = -1;
		}
	}
	in->files = xcalloc(n, sizeof(char *));
	in->n_files = n;
	for (size_t i = 0; i < n; i++)
		in->files[i] = xstrdup(strcmp(names[i], "-") == 0 ? "<stdin>" : names[i]);
	p = record_parser_new();
	if (o->no_fast_path)
		record_parser_set_fast(p, false);
	progress_init(&pg);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = scan_source(o, lr[i], p, fn, ctx, in, t, &pg);
	progress_clear(&pg);
	record_parser_free(p);
	for (size_t i = 0; i < n; i++)
		lr_close(lr[i]);
	free(lr);
	return rc;
}

void
scan_counts_free(struct input_counts *in)
{
	for (size_t i = 0; i < in->n_files; i++)
		free(in->files[i]);
	free(in->files);
	in->files = NULL;
	in->n_files = 0;
}
