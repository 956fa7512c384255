/* emit-changes.h - the changes model (changes.h) written as JSON, CSV, Markdown (a table and
 * a Mermaid chart per changed row, its change points named in the title), terminal text
 * (a table laid out to the width) or HTML (the report's page and style: the table, and an
 * SVG chart per changed row with its change points marked and each segment's mean).
 * Writes only; never computes. */
#ifndef PR_EMIT_CHANGES_H
#define PR_EMIT_CHANGES_H

#include <stdio.h>

#include "changes.h"
#include "emit-kit.h"

/* Write c in format f (json, csv, md, term or html) to out: 0, or -1 when a write failed or f
 * is another format. JSON: {schema_version: 1, command: "changes", generated_at, metric,
 * bucket, window, alpha, min_segment, changes: [{operation, group (with --by), at, before,
 * after, change_pct (null when before is 0), p_value, count_before, count_after}], series:
 * [{operation, group, bucket_start, value, count}]}. CSV: one row per change point. */
int emit_changes(const struct changes *c, enum format f, const struct emit_opts *eo,
    FILE *out);

#endif
