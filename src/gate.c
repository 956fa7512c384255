/* gate.c - the verdict of the CI gate (gate.h): the degradation findings and the results
 * of the targets (gate-targets.c) and the baseline (gate-regress.c) summed up in one level
 * and one line, whether that level fails the run, and the status names every format uses.
 * Nothing here prints. */
#include "gate.h"

#include <stdlib.h>

#include "compare.h"
#include "xalloc.h"

void
gate_verdict(struct report *r)
{
	struct gate_results *g = &r->gate;
	size_t critical = 0, warnings, i;
	char *text, *next;

	for (i = 0; i < r->n_findings; i++)
		critical += r->findings[i].level == LEVEL_CRITICAL;
	warnings = g->n_target_warning + g->n_target_no_data + g->n_base_warning +
	    (r->n_findings - critical);
	free(g->verdict);
	if (r->n_rows == 0) {
		/* No record in the window: no evidence either way (SPEC section 11). */
		g->level = VERDICT_NO_DATA;
		g->verdict = xstrdup("no data: no record in the window");
		return;
	}
	text = xstrdup("");
	compare_count_item(&text, g->n_regression, "regression", "regressions");
	compare_count_item(&text, g->n_target_critical, "critical target", "critical targets");
	compare_count_item(&text, critical, "degradation", "degradations");
	compare_count_item(&text, warnings, "warning", "warnings");
	if (g->n_regression > 0 || g->n_target_critical > 0 || critical > 0)
		g->level = VERDICT_CRITICAL;
	else if (warnings > 0)
		g->level = VERDICT_WARNING;
	else {
		g->level = VERDICT_OK;
		free(text);
		text = xstrdup("no degradation");
	}
	if (g->has_targets) {
		next = xasprintf("%s \xc2\xb7 %zu of %zu targets met", text, g->n_met,
		    g->n_targets);
		free(text);
		text = next;
	}
	if (g->has_baseline && g->n_improved > 0) {
		next = xasprintf("%s \xc2\xb7 %zu improved", text, g->n_improved);
		free(text);
		text = next;
	}
	g->verdict = text;
}

/* Whether a verdict means exit status 1: it reached the --fail-on level, where
 * --fail-on-degradation stands for critical and the lower of the two levels counts; no
 * data fails under any gate option unless --allow-empty (SPEC section 11). */
bool
gate_fails(const struct options *o, enum verdict_level level)
{
	enum fail_on at = o->fail_on;

	if (o->fail_on_degradation && at == FAIL_ON_NONE)
		at = FAIL_ON_CRITICAL;
	if (level == VERDICT_NO_DATA)
		return at != FAIL_ON_NONE && !o->allow_empty;
	switch (at) {
	case FAIL_ON_WARNING:
		return level != VERDICT_OK;
	case FAIL_ON_CRITICAL:
		return level == VERDICT_CRITICAL;
	case FAIL_ON_NONE:
		break;
	}
	return false;
}

const char *
gate_target_status_name(enum target_status s)
{
	switch (s) {
	case TARGET_MET:
		return "met";
	case TARGET_WARNING:
		return "warning";
	case TARGET_CRITICAL:
		return "critical";
	case TARGET_NO_DATA:
		return "no_data";
	case TARGET_NONE:
		break;
	}
	return "";
}

const char *
gate_base_status_name(enum base_status s)
{
	switch (s) {
	case BASE_NEW:
		return "new";
	case BASE_UNCHANGED:
		return "unchanged";
	case BASE_IMPROVED:
		return "improved";
	case BASE_WARNING:
		return "warning";
	case BASE_REGRESSION:
		return "regression";
	}
	return "";
}

const char *
gate_level_name(enum verdict_level l)
{
	switch (l) {
	case VERDICT_WARNING:
		return "warning";
	case VERDICT_CRITICAL:
		return "critical";
	case VERDICT_NO_DATA:
		return "no_data";
	case VERDICT_OK:
		break;
	}
	return "ok";
}
