/* fdr.c - one family of tests over the degradations and the baseline comparison. */
#include "fdr.h"

#include <stdlib.h>
#include <string.h>

#include "degrade.h"
#include "gate-regress.h"
#include "xalloc.h"

/* Whether the error-rate result res is a test of the family: it has a p-value and the
 * rate changed (an equal rate cannot count). */
static bool
fdr_rate_test(const struct baseline_result *res)
{
	return res->has_p_value && (res->baseline < res->current ||
	    res->baseline > res->current);
}

void
fdr_baseline(struct report *r, const struct options *o)
{
	struct gate_results *g = &r->gate;
	struct detect_opts d;
	/* a row's results, in gate_regress_apply's order: error rate, avg, the percentiles
	   the baseline holds */
	size_t nk = g->n_row_metrics, n = 0, at = 0;
	double *p = xcalloc(g->n_baseline + 1, sizeof(double));
	double *q = xcalloc(g->n_baseline + 1, sizeof(double));

	for (size_t b = 0; b + nk <= g->n_baseline; b += nk) {
		if (fdr_rate_test(&g->baseline[b]))
			p[n++] = g->baseline[b].p_value;
		if (g->baseline[b + 1].has_p_value)
			p[n++] = g->baseline[b + 1].p_value;
	}
	degrade_opts(o, r, &d);
	d.extra_p = p;
	d.extra_q = q;
	d.n_extra = n;
	degrade_apply(r, r->p95_ms, &d);
	for (size_t b = 0; b + nk <= g->n_baseline; b += nk) {
		struct baseline_result *rate = &g->baseline[b], *avg = &g->baseline[b + 1];

		rate->has_q_value = fdr_rate_test(rate);
		if (rate->has_q_value)
			rate->q_value = q[at++];
		avg->has_q_value = avg->has_p_value;
		if (avg->has_q_value)
			avg->q_value = q[at++];
		/* the percentiles read the avg's Welch test */
		for (size_t k = 2; k < nk; k++) {
			g->baseline[b + k].has_q_value = avg->has_q_value;
			g->baseline[b + k].q_value = avg->q_value;
		}
	}
	gate_regress_rejudge(r, o->regress_pct, o->warn_pct, o->alpha);
	free(p);
	free(q);
}
