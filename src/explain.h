/* explain.h - --explain KEY (SPEC sections 14 and 17): under each slower finding, the
 * values of KEY within the finding's group, ranked by the size of their contribution to
 * the change of the average, each split into a mix and a latency part. Read from the aggregate's --explain aggregate (aggregate.h), whose keys are
 * the group's encoding followed by one more part, KEY's value (group.h). */
#ifndef PR_EXPLAIN_H
#define PR_EXPLAIN_H

#include "aggregate.h"
#include "report.h"

/* Fill explain/n_explain of every slower finding of r (built from agg) and
 * r->explain_key. For a value v, with N and M the group's records in the current and
 * previous window: contribution(v) = n_cur(v)*avg_cur(v)/N - n_prev(v)*avg_prev(v)/M
 * (a side where v has no record adds 0); the contributions sum to avg - prev_avg up to
 * rounding. Each is split into mix_ms and latency_ms (SPEC section 17; report.h), summed
 * per finding in explain_mix_ms and explain_latency_ms. Entries are listed by
 * |contribution|, largest first (then the larger signed one, then value). Averages are means of sorted values, so the result does not depend on -j.
 * At most --max-groups values are listed: past that, the --max-groups - 1 values with the
 * largest |contribution| are kept and the others merged into one "(other)" entry, whose
 * counts and contribution are their sums and whose averages are their count-weighted
 * means; the sum still holds. */
void explain_fill(struct report *r, const struct aggregate *agg, const struct options *o);

#endif
