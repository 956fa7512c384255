/* cmd-report.c - weekly, monthly, trends and report end to end: load the CI gate's
 * files, load the inputs into a report model (load.c), evaluate the gate, hand the model
 * to the emitter, commit the output. */
#include "cmd-report.h"

#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "diag.h"
#include "emit.h"
#include "explain.h"
#include "fdr.h"
#include "gate.h"
#include "gate-baseline.h"
#include "gate-regress.h"
#include "gate-targets.h"
#include "load.h"
#include "sink.h"

/* Write the report to its sink, the series to its own (--series) and the same report as
 * JSON to a third (--json-output). Every file is complete (written, flushed, synced)
 * before any replaces its target, and none does when anything failed
 * (sink_commit_group). A closed pipe on standard output ends the run quietly, replacing
 * nothing (as SIGPIPE would have). */
static int
cmd_report_write_report(const struct options *o, const struct report *r)
{
	struct sink sinks[3], *set[3];
	const char *paths[3] = {o->output, o->series_file, o->json_output};
	struct emit_opts eo = {
		.color = load_use_color(o),
		.max_chars = o->max_chars,
		.top = o->top,
		.csv_dialect = o->csv_dialect,
		.width = (size_t)o->width,
		.unit = o->unit,
	};
	struct emit_opts ej = {.top = o->top, .unit = o->unit};
	const struct emitter *em = emit_find(o->format);
	size_t n = 0;
	int wrote;

	for (size_t k = 0; k < 3; k++) {
		if (k > 0 && paths[k] == NULL)
			continue;
		if (sink_open(&sinks[k], paths[k]) < 0) {
			for (size_t i = 0; i < n; i++)
				sink_abort(set[i]);
			return -1;
		}
		set[n++] = &sinks[k];
	}
	if (o->series_file != NULL)
		eo.series = sinks[1].fp;
	wrote = em->write(r, &eo, sinks[0].fp);
	if (wrote == 0 && o->json_output != NULL)
		wrote = emit_find(FMT_JSON)->write(r, &ej, sinks[2].fp);
	if (wrote == EMIT_FAILED) {
		for (size_t i = 0; i < n; i++)
			sink_abort(set[i]);
		return -1;
	}
	return sink_commit_group(set, n, wrote == 0);
}

/* The CI gate's files, loaded before any input is read. */
struct cmd_report_gate {
	struct gate_targets *targets;
	struct gate_baseline *baseline;
};

/* Load --targets and --baseline; -1 after printing what is wrong with a file. */
static int
cmd_report_gate_load(const struct options *o, struct cmd_report_gate *g)
{
	char *err = NULL;

	if (o->targets_file != NULL &&
	    (g->targets = gate_targets_load(o->targets_file, &err)) == NULL)
		goto fail;
	if (o->baseline_file != NULL &&
	    (g->baseline = gate_baseline_load(o->baseline_file, &err)) == NULL)
		goto fail;
	return 0;
fail:
	diag_error("%s", err);
	free(err);
	return -1;
}

/* Evaluate the loaded files against r and set the verdict (always: without the files it
 * sums up the degradations), then fill --explain and "slower since" from agg (once the
 * findings are final: the baseline's tests join the report's family of tests, which may
 * change which rows are slower); -1 after printing why the files do not fit the report. */
static int
cmd_report_gate_apply(const struct options *o, const struct cmd_report_gate *g,
    struct report *r, const struct aggregate *agg)
{
	char *err = NULL;

	if ((g->targets != NULL && gate_targets_apply(r, g->targets, &err) < 0) ||
	    (g->baseline != NULL && gate_regress_apply(r, g->baseline, o->regress_pct,
	    o->warn_pct, o->alpha, &err) < 0)) {
		diag_error("%s", err);
		free(err);
		return -1;
	}
	if (g->baseline != NULL && r->gate.pcts_note != NULL)
		diag_note("%s: %s", g->baseline->file, r->gate.pcts_note);
	if (g->baseline != NULL)
		fdr_baseline(r, o);
	gate_verdict(r);
	explain_fill(r, agg, o);
	changes_since_fill(r, agg);
	return 0;
}

/* Free what cmd_report_gate_load loaded. */
static void
cmd_report_gate_free(struct cmd_report_gate *g)
{
	gate_targets_free(g->targets);
	gate_baseline_free(g->baseline);
}

int
cmd_report_run(const struct options *o)
{
	struct load_data d;
	struct cmd_report_gate gate = {NULL, NULL};
	const struct aggregate *aggs[1];
	int status = EXIT_OK;

	if (cmd_report_gate_load(o, &gate) < 0) {
		cmd_report_gate_free(&gate);
		return EXIT_TROUBLE;
	}
	if (load_report(o, &d) < 0) {
		status = EXIT_TROUBLE;
		goto out;
	}
	aggs[0] = &d.agg;
	load_warn_unmatched(o, aggs, 1);
	if (cmd_report_gate_apply(o, &gate, d.r, &d.agg) < 0)
		status = EXIT_TROUBLE;
	else if (cmd_report_write_report(o, d.r) < 0)
		status = EXIT_TROUBLE;
	else if (gate_fails(o, d.r->gate.level))
		status = EXIT_DEGRADED;
	if (status != EXIT_TROUBLE && d.r->gate.level == VERDICT_NO_DATA)
		load_note_no_data(o, NULL, d.r->start, d.r->end, &d.r->input);
	tally_report(&d.tally);
out:
	cmd_report_gate_free(&gate);
	load_data_free(&d);
	return status;
}

