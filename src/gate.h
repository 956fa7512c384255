/* gate.h - the verdict of the CI gate (SPEC sections 10 and 11) and the names of its
 * statuses.
 *
 * The gate's rooms: gate-targets.h (the targets file, read and judged), gate-baseline.h
 * (a saved report read back, for --baseline and compare), gate-regress.h (the baseline
 * judgement), change.h (the change rule the baseline shares with compare), gate-json.h (what
 * the two file readers share); this file sums their results up. Nothing here prints.
 */
#ifndef PR_GATE_H
#define PR_GATE_H

#include <stdbool.h>
#include "report.h"

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
