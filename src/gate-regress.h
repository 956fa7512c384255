/* gate-regress.h - the baseline judgement of the CI gate (SPEC section 10, --baseline): a
 * built report's rows against a saved report (gate-baseline.h).
 *
 * Rows are matched on their "group" values when the saved report has them (then its --by
 * keys must be the report's), else on "operation" (then the report must not be grouped).
 * For each operation in both, for error_rate_pct, avg_ms and each percentile, the change
 * and its class come from the one change rule (change.h): above regress_pct a regression,
 * above warn_pct a warning, below -warn_pct improved, otherwise unchanged. A baseline value
 * of 0 has no change_pct: unchanged when the current value is 0 too, a regression otherwise.
 * Evaluation fills r->gate's baseline fields and never prints.
 */
#ifndef PR_GATE_REGRESS_H
#define PR_GATE_REGRESS_H

#include "report.h"

struct gate_baseline;

/* Compare r's rows with the baseline and fill r->gate's baseline fields: the error rate,
 * avg and each of r's percentiles the baseline holds (those it does not are left out and
 * named in r->gate.pcts_note; SPEC section 16). Fails (-1 and a heap *err naming the
 * file) when the --by keys differ. Needs 0 <=
 * warn_pct <= regress_pct. A change counts only when significant (SPEC section 12): avg and
 * percentiles by Welch's t-test from the two rows' count, avg_ms and stddev_ms (no test, so
 * the size alone decides, when a side has fewer than 2 records or the baseline has no
 * stddev_ms); the error rate by the one-sided exact binomial test of the current failures
 * against the baseline's rate. Significant: p < alpha; alpha 1 turns the tests off. (Named
 * gate_apply_* as its callers know it.) */
int gate_regress_apply(struct report *r, const struct gate_baseline *b, double regress_pct,
    double warn_pct, double alpha, char **err);

/* Classify every baseline result of r again from its q_value (set by fdr_baseline once the
 * baseline's tests joined the report's family, SPEC section 5) and count them again; the
 * limits are gate_regress_apply's, which alone judges with q = p. */
void gate_regress_rejudge(struct report *r, double regress_pct, double warn_pct,
    double alpha);

#endif
