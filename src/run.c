/* run.c - runs one parsed command end to end: scan the inputs, aggregate, build the report
 * model, hand it to the emitter, commit the output. Returns the exit status. */
#include "run.h"

#include <stdlib.h>
#include <unistd.h>

#include "aggregate.h"
#include "degrade.h"
#include "diag.h"
#include "emit.h"
#include "export.h"
#include "report.h"
#include "scan.h"
#include "sink.h"
#include "timeutil.h"
#include "window.h"

static void
run_add_record(void *ctx, const struct record *r, struct record_parser *p PR_UNUSED)
{
	agg_add(ctx, r);
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

static int
run_report(const struct options *o)
{
	struct aggregate agg;
	struct windows w;
	struct input_counts in = {0};
	struct malformed_tally tally = {0};
	struct report *r;
	int status = EXIT_OK;

	if (run_window_moves(o))
		agg_init_moving(&agg, run_moving_span(o));
	else {
		window_resolve(o, window_now(o, false, 0), &w);
		agg_init_fixed(&agg, w.prev_start, w.end);
	}
	if (scan_inputs(o, run_add_record, &agg, &in, &tally) < 0) {
		status = EXIT_TROUBLE;
		goto out;
	}
	if (run_window_moves(o)) {
		if (!in.has_span)
			diag_note("no valid record in the input: --now latest falls back to the current time");
		window_resolve(o, window_now(o, in.has_span, in.last_ts), &w);
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
	r = report_build(&agg, &w, o, &in);
	if (run_write_report(o, r) < 0)
		status = EXIT_TROUBLE;
	else if (o->fail_on_degradation && degrade_any(r))
		status = EXIT_DEGRADED;
	tally_report(&tally);
	report_free(r);
out:
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
