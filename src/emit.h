/* emit.h - emitters: a report model -> Markdown, CSV or JSON on a stream. An emitter walks
 * the model and writes; it never computes a statistic. Each emitter's own functions are
 * declared in its private header (emit-md.h, emit-csv.h, emit-json.h), for emit.c, the
 * export and the tests. */
#ifndef PR_EMIT_H
#define PR_EMIT_H

#include <stdio.h>
#include "report.h"
#include "timeutil.h"

struct emit_opts {
	bool color;        /* ANSI colours for a terminal (Markdown and term) */
	size_t max_chars;  /* Markdown: keep the whole output under this many characters; 0 none */
	FILE *series;      /* CSV trends: where the long-format series goes; NULL: nowhere
	                      (one table per CSV output) */
	long top;          /* --top, for the wording of list headings */
	enum csv_dialect csv_dialect; /* CSV: rfc4180, or excel (BOM, spreadsheet times) */
	size_t width;      /* term: display cells per line (0: 80) */
};

struct emitter {
	enum format format;
	/* Returns 0, or -1 when a write failed (the sink reports it). */
	int (*write)(const struct report *r, const struct emit_opts *eo, FILE *out);
};

/* The emitter for a report format (md, csv, json, term, html), or NULL. */
const struct emitter *emit_find(enum format f);

struct comparison;

/* compare's model (compare.h) in format f (md, csv, json or term): 0, or -1 when a write
 * failed or f is not one compare writes. Each emitter's own compare writer is in its
 * private header. */
int emit_compare(const struct comparison *c, enum format f, const struct emit_opts *eo,
    FILE *out);

/* Shared by the emitters that draw series (emit.c). */
/* A bucket of the window without a record of the operation, in a sparkline: U+00B7. */
#define EMIT_SPARK_GAP "\xc2\xb7"
/* The series rows of row i: *n of them from the returned index (*n 0: none). The series
 * is grouped by row in row order, each series row naming its row (report.h). */
size_t emit_series_of(const struct report *r, size_t i, size_t *n);
/* Sparkline of p95 over one operation's series s[0..n): one of the eight block characters
 * U+2581-U+2588 per bucket of the window (level round((v - min) / (max - min) * 7), a flat
 * series all at the lowest), so that a series that starts late or pauses is drawn at its
 * place on the time axis, EMIT_SPARK_GAP where the operation has no record; without the
 * window's buckets in the model, one character per series row. Caller frees. */
char *emit_sparkline(const struct report *r, const struct series_row *s, size_t n);
/* One row's trend as the terminal and HTML tables show it: its series s[0..n), n > 0, and
 * the p95 sparkline (emit_sparkline, heap). The change of p95 over the series is the
 * model's (struct op_row.trend_change_pct). */
struct emit_trend {
	const struct series_row *s;
	size_t n;
	char *spark;
};
/* Fill t for row i; false (nothing to free) when the row has no series row. */
bool emit_trend_of(const struct report *r, size_t i, struct emit_trend *t);
void emit_trend_free(struct emit_trend *t);

#endif
