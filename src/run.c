/* run.c - runs one parsed command end to end: load the CI gate's files, scan the inputs,
 * aggregate, build the report model, evaluate the gate, hand the model to the emitter,
 * commit the output. Returns the exit status. */
#include "run.h"

#include <stdlib.h>
#include <unistd.h>

#include "aggregate.h"
#include "diag.h"
#include "emit.h"
#include "export.h"
#include "gate.h"
#include "report.h"
#include "scan.h"
#include "sink.h"
#include "timeutil.h"
#include "window.h"
#include "xalloc.h"

static void
run_add_record(void *ctx, const struct record *r, struct record_parser *p PR_UNUSED)
{
	agg_add(ctx, r);
}

/* Read every input into agg: with -j N > 1, N threads parse into aggregates of their own,
 * merged into agg at the end (statistics come from sorted values, so the result is the same
 * for every N). */
static int
run_scan(const struct options *o, struct aggregate *agg, struct input_counts *in,
    struct malformed_tally *tally)
{
	size_t n = scan_jobs(o);
	struct aggregate *part;
	void **ctx;
	int rc;

	if (n <= 1)
		return scan_inputs(o, run_add_record, agg, in, tally);
	part = xcalloc(n, sizeof(*part));
	ctx = xcalloc(n, sizeof(*ctx));
	for (size_t i = 0; i < n; i++) {
		if (agg->windows_known)
			agg_init_fixed(&part[i], o, &agg->w);
		else
			agg_init_moving(&part[i], o, agg->span);
		ctx[i] = &part[i];
	}
	rc = scan_inputs_mt(o, n, run_add_record, ctx, NULL, in, tally);
	for (size_t i = 0; i < n; i++) {
		agg_merge(agg, &part[i]);
		agg_free(&part[i]);
	}
	free(part);
	free(ctx);
	return rc;
}

/* Colour only for Markdown on a terminal, unless forced; NO_COLOR turns "auto" off. */
static bool
run_use_color(const struct options *o)
{
	const char *nc = getenv("NO_COLOR");

	if (o->format != FMT_MD || o->color == COLOR_NEVER)
		return false;
	if (o->color == COLOR_ALWAYS)
		return true;
	return o->output == NULL && isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0');
}

/* True when the window moves with the newest record (--now latest and a window ending at now). */
static bool
run_window_moves(const struct options *o)
{
	return o->now_mode == NOW_LATEST && !(o->command == CMD_REPORT && o->until_set);
}

/* Length of previous + current window for pruning a moving aggregate; 0 keeps everything. */
static int64_t
run_moving_span(const struct options *o)
{
	struct windows w;

	if (o->command == CMD_REPORT)
		return 0;
	window_resolve(o, 0, &w);
	return w.end - w.prev_start;
}

static int
run_write_report(const struct options *o, const struct report *r)
{
	struct sink out, series = {0};
	struct emit_opts eo = {
		.color = run_use_color(o),
		.max_chars = o->max_chars,
		.top = o->top,
	};
	const struct emitter *em = emit_find(o->format);
	int rc = 0;

	if (sink_open(&out, o->output) < 0)
		return -1;
	if (o->series_file != NULL) {
		if (sink_open(&series, o->series_file) < 0) {
			sink_abort(&out);
			return -1;
		}
		eo.series = series.fp;
	}
	em->write(r, &eo, out.fp);
	if (o->series_file != NULL && sink_commit(&series) < 0)
		rc = -1;
	if (rc == 0)
		rc = sink_commit(&out);
	else
		sink_abort(&out);
	return rc;
}

/* The CI gate's files, loaded before any input is read. */
struct run_gate {
	struct gate_targets *targets;
	struct gate_baseline *baseline;
};

/* Load --targets and --baseline; -1 after printing what is wrong with a file. */
static int
run_gate_load(const struct options *o, struct run_gate *g)
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
 * sums up the degradations); -1 after printing why the files do not fit the report. */
static int
run_gate_apply(const struct options *o, const struct run_gate *g, struct report *r)
{
	char *err = NULL;

	if ((g->targets != NULL && gate_apply_targets(r, g->targets, &err) < 0) ||
	    (g->baseline != NULL && gate_apply_baseline(r, g->baseline, o->regress_pct,
	    o->warn_pct, &err) < 0)) {
		diag_error("%s", err);
		free(err);
		return -1;
	}
	gate_verdict(r);
	return 0;
}

/* Whether the verdict means exit status 1: it reached the --fail-on level, where
 * --fail-on-degradation stands for critical and the lower of the two levels counts. */
static bool
run_gate_fails(const struct options *o, const struct report *r)
{
	enum fail_on at = o->fail_on;

	if (o->fail_on_degradation && at == FAIL_ON_NONE)
		at = FAIL_ON_CRITICAL;
	switch (at) {
	case FAIL_ON_WARNING:
		return r->gate.level != VERDICT_OK;
	case FAIL_ON_CRITICAL:
		return r->gate.level == VERDICT_CRITICAL;
	case FAIL_ON_NONE:
		break;
	}
	return false;
}

static void
run_gate_free(struct run_gate *g)
{
	gate_targets_free(g->targets);
	gate_baseline_free(g->baseline);
}

static int
run_report(const struct options *o)
{
	struct aggregate agg;
	struct windows w;
	struct input_counts in = {0};
	struct malformed_tally tally = {0};
	struct run_gate gate = {NULL, NULL};
	struct report *r;
	int status = EXIT_OK;

	if (run_gate_load(o, &gate) < 0) {
		run_gate_free(&gate);
		return EXIT_TROUBLE;
	}
	if (run_window_moves(o))
		agg_init_moving(&agg, o, run_moving_span(o));
	else {
		window_resolve(o, window_now(o, false, 0), &w);
		agg_init_fixed(&agg, o, &w);
	}
	if (run_scan(o, &agg, &in, &tally) < 0) {
		status = EXIT_TROUBLE;
		goto out;
	}
	if (run_window_moves(o)) {
		if (!in.has_span)
			diag_note("no valid record in the input: --now latest falls back to the current time");
		window_resolve(o, window_now(o, in.has_span, in.last_ts), &w);
		agg_finish(&agg, &w);
	}
	if (w.end <= w.start) {
		char a[TU_BUFSZ], z[TU_BUFSZ];

		tu_format_ms(w.start, a);
		tu_format_ms(w.end, z);
		diag_error("--since (%s) is not earlier than the end of the window (%s); "
		    "give --until or an earlier --since", a, z);
		status = EXIT_TROUBLE;
		goto out;
	}
	/* The sorting the statistics need, on every thread -j allows. */
	agg_sort(&agg, scan_jobs(o));
	r = report_build(&agg, &w, o, &in);
	if (run_gate_apply(o, &gate, r) < 0)
		status = EXIT_TROUBLE;
	else if (run_write_report(o, r) < 0)
		status = EXIT_TROUBLE;
	else if (run_gate_fails(o, r))
		status = EXIT_DEGRADED;
	tally_report(&tally);
	report_free(r);
out:
	run_gate_free(&gate);
	tally_free(&tally);
	scan_counts_free(&in);
	agg_free(&agg);
	return status;
}

static int
run_export(const struct options *o)
{
	struct sink out;
	struct input_counts in = {0};
	struct malformed_tally tally = {0};
	int status = EXIT_OK;

	if (sink_open(&out, o->output) < 0)
		return EXIT_TROUBLE;
	if (export_run(o, out.fp, &in, &tally) < 0) {
		sink_abort(&out);
		status = EXIT_TROUBLE;
	} else if (sink_commit(&out) < 0)
		status = EXIT_TROUBLE;
	else
		tally_report(&tally);
	tally_free(&tally);
	scan_counts_free(&in);
	return status;
}

int
run_command(const struct options *o)
{
	diag_set_quiet(o->quiet);
	return o->command == CMD_EXPORT ? run_export(o) : run_report(o);
}
