/* degrade.h - degradation rules (SPEC section 5) applied to report rows. */
#ifndef PR_DEGRADE_H
#define PR_DEGRADE_H

#include "report.h"

struct detect_opts {
	double outlier_ratio;  /* p95 > ratio * avg  -> outlier */
	double drift_pct;      /* avg change > +drift -> slower, < -drift -> faster */
	double error_rate_pct; /* error rate > limit -> errors */
	uint64_t min_samples;  /* rows with fewer records get no flag at all; slower and faster
	                          need this many in the previous window too */
	double alpha;          /* slower, faster and errors need p < alpha; 1: no test */
};

/* Set row->flags for every row and append findings (outlier, slower, errors, in that
 * order per row, rows in report order) to r->findings. p95_values[i] is row i's p95.
 * A drift (slower, faster) counts only when row->p_value (Mann-Whitney, set by
 * report_build) is below alpha; errors only when the one-sided exact binomial test
 * P(X >= failed | count, limit / 100) is below alpha. Every finding carries its level
 * (outlier warning; slower and errors critical) and, where a test was made, its p-value. */
void degrade_apply(struct report *r, const double *p95_values, const struct detect_opts *d);

#endif
