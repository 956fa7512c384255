/* gate.h - the CI gate (SPEC section 10): targets and baseline files, their evaluation
 * against a built report, and the verdict.
 *
 * Loading validates a file completely and keeps what evaluation needs; evaluation fills
 * r->gate (report.h) and never prints. Every failure comes back as -1 or NULL with a heap
 * message in *err that names the file and where in it: "FILE:LINE:COLUMN: not valid
 * JSON: ..." for syntax, "FILE: $.operations.llm_call.p95_ms.target: must be a
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
 *
 * Baseline file: a JSON report saved with --format json (schema_version 1). Its
 * "percentiles" must be the same set as the report's. A row is matched on its "group"
 * values when the baseline has them (then its --by keys must be the report's), else on
 * "operation" (then the report must not be grouped). For each operation in both, and
 * for avg_ms, each percentile and error_rate_pct, change_pct = 100 * (cur - base) / base;
 * above regress_pct is a regression, above warn_pct a warning, below -warn_pct improved,
 * otherwise unchanged. A baseline value of 0 has no change_pct: unchanged when the
 * current value is 0 too, a regression otherwise.
 */
#ifndef PR_GATE_H
#define PR_GATE_H

#include <stddef.h>
#include "report.h"

struct gate_targets;  /* a validated targets file */
struct gate_baseline; /* the rows of a validated baseline report */

/* Read and validate FILE; NULL and *err on failure. gate_targets_parse does the same for
 * text already in memory, naming it name in messages. Free with gate_targets_free. */
struct gate_targets *gate_targets_load(const char *file, char **err);
struct gate_targets *gate_targets_parse(const char *text, size_t len, const char *name,
    char **err);
void gate_targets_free(struct gate_targets *t);

/* Same for a baseline report. */
struct gate_baseline *gate_baseline_load(const char *file, char **err);
struct gate_baseline *gate_baseline_parse(const char *text, size_t len, const char *name,
    char **err);
/* gate_baseline_load reading path but naming the file name in messages ("<stdin>" for
 * /dev/stdin), and what ("saved report (compare)") where reading fails. */
struct gate_baseline *gate_baseline_load_as(const char *path, const char *name,
    const char *what, char **err);
void gate_baseline_free(struct gate_baseline *b);

/* Evaluate the targets against r's rows and fill r->gate's target fields. Fails (and
 * leaves r->gate's target fields unset) when a metric names a percentile the report does
 * not have. */
int gate_apply_targets(struct report *r, const struct gate_targets *t, char **err);

/* Compare r's rows with the baseline and fill r->gate's baseline fields. Fails when the
 * percentile sets differ. Needs 0 <= warn_pct <= regress_pct. A change counts only when
 * significant (SPEC section 12): avg and percentiles by Welch's t-test from the two rows'
 * count, avg_ms and stddev_ms (no test, so the size alone decides, when a side has fewer
 * than 2 records or the baseline has no stddev_ms); the error rate by the one-sided exact
 * binomial test of the current failures against the baseline's rate. Significant: p <
 * alpha; alpha 1 turns the tests off. */
int gate_apply_baseline(struct report *r, const struct gate_baseline *b, double regress_pct,
    double warn_pct, double alpha, char **err);

/* Classify every baseline result of r again from its q_value (set by fdr_baseline once the
 * baseline's tests joined the report's family, SPEC section 5) and count them again; the
 * limits are gate_apply_baseline's. gate_apply_baseline alone judges with q = p. */
void gate_baseline_rejudge(struct report *r, double regress_pct, double warn_pct,
    double alpha);

/* 0 when the baseline's rows are grouped by o's --by keys (or neither is grouped); else
 * -1 and *err naming both key lists, worded for --baseline (as_baseline) or for a saved
 * report given to compare. */
int gate_baseline_same_by(const struct gate_baseline *b, const struct options *o,
    bool as_baseline, char **err);

/* The rows of a saved report as compare's sides (compare.h), their percentiles in the
 * order of pcts[0..n_pcts); -1 and *err naming both sets when the report's percentile
 * set differs. The names and --by values are borrowed from b; the caller frees *out. */
struct cmp_op;
int gate_baseline_ops(const struct gate_baseline *b, const double *pcts, size_t n_pcts,
    struct cmp_op **out, size_t *n_out, char **err);

/* Set r->gate.level and r->gate.verdict from the degradation findings and whatever gate
 * results r holds. Always call it once the gate results are in (also without --targets
 * and --baseline: the verdict then summarises the degradations). No data: the window has
 * no row (nothing else counts then). Critical: a critical finding (slower, errors), a
 * critical target or a regression; warning: a warning finding (outlier), a target or
 * baseline warning, or a target with no data. */
void gate_verdict(struct report *r);

/* Whether a verdict of this level means exit status 1 under o's --fail-on and
 * --fail-on-degradation (the lower level counts); no data fails under either unless
 * --allow-empty. */
bool gate_fails(const struct options *o, enum verdict_level level);

/* Names used in every format: "met", "warning", "critical"; "new", "unchanged",
 * "improved", "warning", "regression"; "ok", "warning", "critical". "" for TARGET_NONE. */
const char *gate_target_status_name(enum target_status s);
const char *gate_base_status_name(enum base_status s);
const char *gate_level_name(enum verdict_level l);

#endif
