/* gate-targets.h - the targets file of the CI gate (SPEC section 10, --targets): reading and
 * validating it, and judging a built report's rows against it.
 *
 * Loading validates the file completely and keeps what evaluation needs; evaluation fills
 * r->gate's target fields (report.h) and never prints. Every failure comes back as -1 or
 * NULL with a heap message in *err that names the file and where in it: "FILE:LINE:COLUMN:
 * not valid JSON: ..." for syntax, "FILE: $.operations.llm_call.p95_ms.target: must be a
 * non-negative number" (a JSON path) for content. The caller prints it and frees it.
 *
 * Targets file (JSON, duplicate keys rejected):
 *     {"default":    {METRIC: {"target": X, "critical": Y}, ...},
 *      "operations": {NAME-OR-GLOB: {METRIC: {...}, ...}, ...},
 *      "groups":     [{"match": {BY-KEY: VALUE-OR-GLOB, ...}, METRIC: {...}, ...}, ...]}
 * The keys are optional; nothing else is allowed at any level. METRIC is avg_ms, min_ms,
 * max_ms, error_rate_pct or pN_ms for one of the report's percentiles (p95_ms, p99.9_ms).
 * "target" is required, "critical" optional; both non-negative numbers (error_rate_pct at
 * most 100), critical >= target. For each row and metric the threshold comes from the
 * first of: the operation's (under --by: the row's display name's) exact name; the first
 * "groups" entry (file order) whose match holds for the row, key by key (a value exactly,
 * or a glob), and sets that metric; the first glob of "operations" (fnmatch(3), in file
 * order) that matches the name and sets that metric; "default". A name is a glob when it
 * holds '*', '?' or '['. A match key that is not one of the report's --by keys
 * (operation_type without --by) is an error at evaluation. Status: value <= target met; above target and (no critical or <= critical)
 * warning; above critical critical. An operation named exactly (not a glob) with no row in
 * the report gets status no_data for each metric of its entry (a warning-level result), as
 * does a "groups" entry naming every --by key without a glob; globs and "default" apply
 * only to the rows present.
 */
#ifndef PR_GATE_TARGETS_H
#define PR_GATE_TARGETS_H

#include <stddef.h>
#include "report.h"

struct gate_targets; /* a validated targets file */

/* Read and validate FILE; NULL and *err on failure. gate_targets_parse does the same for
 * text already in memory, naming it name in messages. Free with gate_targets_free. */
struct gate_targets *gate_targets_load(const char *file, char **err);
struct gate_targets *gate_targets_parse(const char *text, size_t len, const char *name,
    char **err);
void gate_targets_free(struct gate_targets *t);

/* Evaluate the targets against r's rows and fill r->gate's target fields. Fails (and
 * leaves r->gate's target fields unset) when a metric names a percentile the report does
 * not have. (Named gate_apply_* as its callers know it.) */
int gate_targets_apply(struct report *r, const struct gate_targets *t, char **err);

#endif
