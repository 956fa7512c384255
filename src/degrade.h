/* degrade.h - degradation rules (SPEC section 5) applied to report rows, and the report's
 * family of tests whose Benjamini-Hochberg q-values the rules read. */
#ifndef PR_DEGRADE_H
#define PR_DEGRADE_H

#include "report-model.h"

struct detect_opts {
	double outlier_ratio;  /* p95 > ratio * avg  -> outlier */
	double drift_pct;      /* avg change > +drift -> slower, < -drift -> faster */
	double error_rate_pct; /* error rate > limit -> errors */
	uint64_t min_samples;  /* rows with fewer records get no flag at all; slower and faster
	                          need this many in the previous window too */
	double alpha;          /* slower, faster and errors need q < alpha; 1: no test */
	bool fdr_off;          /* --fdr off: q = p (each test on its own) */
	bool drift_unjudged;   /* the previous window is covered below --min-coverage: no
	                          slower or faster, and no drift test in the family */
	/* More tests of the same family (the baseline's, gate.h): their p-values in, their
	 * q-values out (extra_q has n_extra places); NULL and 0 when none. */
	const double *extra_p;
	double *extra_q;
	size_t n_extra;
};

/* The detection settings of o for report r (r's drift_unjudged; no extra tests). */
void degrade_opts(const struct options *o, const struct report *r, struct detect_opts *d);

/* Free r's findings (and their --explain entries) and leave it with none: before
 * degrade_apply judges r again, and in report_free. */
void degrade_clear(struct report *r);

/* Set row->flags for every row and (re)build r->findings (outlier, slower, errors, in that
 * order per row, rows in report order; findings from an earlier call are freed first, so
 * it may run again once more tests join the family). p95_values[i] is row i's p95.
 *
 * The family (SPEC section 5, "Many rows, one verdict"): the drift test of each row with
 * at least min_samples records in both windows and a p_value (none when drift_unjudged),
 * the errors test of each row with at least min_samples records whose error rate is above
 * the limit (the one-sided exact binomial test P(X >= failed | count, limit / 100)), then
 * the extra tests. Each gets its Benjamini-Hochberg q-value (stats_bh_adjust; = p under
 * fdr_off): the row's q_value (drift), the finding's (errors), extra_q. A drift (slower,
 * faster) counts only when row->q_value is below alpha; errors likewise with its q. Every
 * finding carries its level (outlier warning; slower and errors critical) and, where a
 * test was made, its p- and q-value. Rows outside the family get has_q_value false. */
void degrade_apply(struct report *r, const double *p95_values, const struct detect_opts *d);

#endif
