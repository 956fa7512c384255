/* emit-xlsx.h - the XLSX emitter (emit-xlsx.c): private to emit.c, cmd-export.c and the
 * tests. A workbook through libxlsxwriter: numbers as numbers, timestamps as date-times
 * (UTC, a cell date format), booleans as booleans, text always as text (never a formula),
 * one sheet per table with a frozen header row and an autofilter (SPEC section 13). */
#ifndef PR_EMIT_XLSX_H
#define PR_EMIT_XLSX_H

#include "emit-kit.h"

/* The report as sheets "operations" (the row model, SPEC section 6 column order), "series"
 * (trends, or whenever the model has series rows: the long-format series) and "slowest".
 * The workbook is built in a temporary file (TMPDIR, else /tmp) and copied to out. Returns
 * 0; -1 when a write to out failed (the sink reports it); EMIT_FAILED when the workbook
 * could not be made (already reported). */
int emit_xlsx(const struct report *r, const struct emit_opts *eo, FILE *out);

/* export --format xlsx: the records of lines, as export.c writes them in JSON Lines (read
 * from the start), as sheet "records" (and "records 2", ... past a sheet's 1,048,575 data
 * rows), columns timestamp, operation_type, duration_ms, success, session_id, error,
 * context (compact JSON text, as in the CSV export); created_us is the workbook's creation
 * time (struct options' generated_at_us). Returns as emit_xlsx. */
int emit_xlsx_export(FILE *lines, int64_t created_us, FILE *out);

#endif
