/* emit-kit.h - what every emitter shares, below all of them: the emitter options and the
 * series helpers (a row's series rows, its p95 sparkline, its trend). The emitter table
 * (emit.h) sits above the emitters; nothing here calls an emitter. These helpers only
 * find and draw what the report model holds: every number comes from report.c. */
#ifndef PR_EMIT_KIT_H
#define PR_EMIT_KIT_H

#include <stdio.h>
#include "report.h"

struct emit_opts {
	bool color;        /* ANSI colours for a terminal (Markdown and term) */
	size_t max_chars;  /* Markdown: keep the whole output under this many characters; 0 none */
	FILE *series;      /* CSV trends: where the long-format series goes; NULL: nowhere
	                      (one table per CSV output) */
	long top;          /* --top, for the wording of list headings */
	enum csv_dialect csv_dialect; /* CSV: rfc4180, or excel (BOM, spreadsheet times) */
	size_t width;      /* term: display cells per line (0: 80) */
};

/* A bucket of the window without a record of the operation, in a sparkline: U+00B7. */
#define EMIT_SPARK_GAP "\xc2\xb7"
/* The series rows of row i: *n of them from the returned index (*n 0: none). The series
 * is grouped by row in row order, each series row naming its row (report.h). */
size_t emit_kit_series_of(const struct report *r, size_t i, size_t *n);
/* Sparkline of p95 over one operation's series s[0..n): one of the eight block characters
 * U+2581-U+2588 per bucket of the window (level round((v - min) / (max - min) * 7), a flat
 * series all at the lowest), so that a series that starts late or pauses is drawn at its
 * place on the time axis, EMIT_SPARK_GAP where the operation has no record; without the
 * window's buckets in the model, one character per series row. Caller frees. */
char *emit_kit_sparkline(const struct report *r, const struct series_row *s, size_t n);
/* One row's trend as the terminal and HTML tables show it: its series s[0..n), n > 0, and
 * the p95 sparkline (emit_kit_sparkline, heap). The change of p95 over the series is the
 * model's (struct op_row.trend_change_pct). */
struct emit_trend {
	const struct series_row *s;
	size_t n;
	char *spark;
};
/* Fill t for row i; false (nothing to free) when the row has no series row. */
bool emit_kit_trend_of(const struct report *r, size_t i, struct emit_trend *t);
/* Free what emit_kit_trend_of allocated in t (t itself is the caller's). */
void emit_kit_trend_free(struct emit_trend *t);

#endif
