/* emit-csv.h - the CSV emitter (emit-csv.c): private to emit.c, the export and the tests. */
#ifndef PR_EMIT_CSV_H
#define PR_EMIT_CSV_H

#include "emit-kit.h"
#include "timeutil.h"

struct comparison;

int emit_csv(const struct report *r, const struct emit_opts *eo, FILE *out);
int emit_csv_compare(const struct comparison *c, const struct emit_opts *eo, FILE *out);

/* Shared by the CSV report and the CSV export: one cell, quoted with libcsv only when it
 * holds ',', '"', CR or LF or starts/ends with a space; a text cell (not a number) that
 * begins with '=', '+', '-', '@', TAB or CR first gets a leading "'" (formula guard). */
void emit_csv_cell(FILE *out, const char *s, size_t len, bool text);
/* Shared by the CSV report and the CSV export: the start of a CSV output in dialect d (the
 * UTF-8 BOM for excel, nothing for rfc4180), and a timestamp cell's text (tu_format_ms for
 * rfc4180, tu_format_sheet for excel). */
void emit_csv_start(FILE *out, enum csv_dialect d);
void emit_csv_time(int64_t us, enum csv_dialect d, char buf[TU_BUFSZ]);

#endif
