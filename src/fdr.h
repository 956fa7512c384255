/* fdr.h - the baseline's tests joining the report's family of tests (SPEC section 5, "Many
 * rows, one verdict"): with --baseline, the drift and errors tests of degrade.h and the
 * baseline comparisons of gate.h get their Benjamini-Hochberg q-values together. */
#ifndef PR_FDR_H
#define PR_FDR_H

#include "options.h"
#include "report.h"

/* After gate_regress_apply on r (built by report_build with o): put the baseline's
 * tests in the family, one per test made (a row's Welch t-test once, though avg and every
 * percentile read it; its error-rate test when the rate differs from the baseline's, the
 * only case where it can count), then judge everything again on the q-values: the
 * degradations (degrade_apply: flags and findings rebuilt) and the baseline statuses
 * (gate_regress_rejudge). Results whose test is not in the family get has_q_value false. */
void fdr_baseline(struct report *r, const struct options *o);

#endif
