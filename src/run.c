/* run.c - runs one parsed command end to end: load the CI gate's files, scan the inputs,
 * aggregate, build the report model, evaluate the gate, hand the model to the emitter,
 * commit the output. Returns the exit status. */
#include "run.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregate.h"
#include "diag.h"
#include "emit.h"
#include "explain.h"
#include "export.h"
#include "fdr.h"
#include "gate.h"
#include "group.h"
#include "names.h"
#include "report.h"
#include "scan.h"
#include "sink.h"
#include "timeutil.h"
#include "window.h"
#include "xalloc.h"

/* Quoted user text in messages is cut to this many bytes. */
#define RUN_QUOTE_MAX 64
/* Suggest an operation name for an --op pattern only this close (Levenshtein). */
#define RUN_SUGGEST_DIST 3

static void
run_add_record(void *ctx, const struct record *r, struct record_parser *p)
{
	struct aggregate *a = ctx;

	/* Without --by and --explain, straight in: the common case costs what it did. */
	if (!a->o->grouped && a->explain == NULL)
		agg_add(a, r);
	else
		agg_add_parsed(a, r, p);
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

/* Colour only for Markdown and the terminal view on a terminal, unless forced; NO_COLOR
 * and TERM=dumb turn "auto" off. */
bool
run_use_color(const struct options *o)
{
	if ((o->format != FMT_MD && o->format != FMT_TERM) || o->color == COLOR_NEVER)
		return false;
	if (o->color == COLOR_ALWAYS)
		return true;
	return o->output == NULL && o->stdout_tty && !o->no_color && !o->term_dumb;
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
	if (!w.bounded_below || !w.bounded_above)
		return 0;
	return w.end - w.prev_start;
}

/* Write the report to its sink, and the series to its own (--series). Both files are
 * complete (written, flushed, synced) before either replaces its target, and neither does
 * when anything failed. Only a failed rename of the second file after the first can leave
 * them unmatched: that is said. A closed pipe on standard output ends the run quietly,
 * replacing nothing (as SIGPIPE would have). */
static int
run_write_report(const struct options *o, const struct report *r)
{
	struct sink out, series;
	struct emit_opts eo = {
		.color = run_use_color(o),
		.max_chars = o->max_chars,
		.top = o->top,
		.csv_dialect = o->csv_dialect,
		.width = (size_t)o->width,
	};
	const struct emitter *em = emit_find(o->format);
	bool has_series = o->series_file != NULL, emitted, closed;

	if (sink_open(&out, o->output) < 0)
		return -1;
	if (has_series) {
		if (sink_open(&series, o->series_file) < 0) {
			sink_abort(&out);
			return -1;
		}
		eo.series = series.fp;
	}
	emitted = em->write(r, &eo, out.fp) == 0;
	closed = (!has_series || sink_close(&series) == 0) && sink_close(&out) == 0;
	if (!closed || !emitted) {
		/* Not emitted, yet both closed: standard output was a closed pipe. */
		if (has_series)
			sink_abort(&series);
		sink_abort(&out);
		return closed ? 0 : -1;
	}
	if (sink_publish(&out) < 0) {
		if (has_series)
			sink_abort(&series);
		return -1;
	}
	if (has_series && sink_publish(&series) < 0) {
		if (o->output != NULL)
			diag_error("%s was replaced already: it does not match %s, which was not",
			    o->output, o->series_file);
		return -1;
	}
	return 0;
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
 * sums up the degradations), then fill --explain from agg (once the findings are final:
 * the baseline's tests join the family of tests, which may change which rows are slower);
 * -1 after printing why the files do not fit the report. */
static int
run_gate_apply(const struct options *o, const struct run_gate *g, struct report *r,
    const struct aggregate *agg)
{
	char *err = NULL;

	if ((g->targets != NULL && gate_apply_targets(r, g->targets, &err) < 0) ||
	    (g->baseline != NULL && gate_apply_baseline(r, g->baseline, o->regress_pct,
	    o->warn_pct, o->alpha, &err) < 0)) {
		diag_error("%s", err);
		free(err);
		return -1;
	}
	if (g->baseline != NULL)
		fdr_baseline(r, o);
	gate_verdict(r);
	explain_fill(r, agg, o);
	return 0;
}

/* "2026-11-01" when t is a midnight (UTC), else "2026-11-01 13:28:00Z" (TU_BUFSZ). */
static void
run_format_time(int64_t t, char *buf)
{
	if (tu_floor_day(t) == t)
		tu_format_date(t, buf);
	else
		tu_format_human(t, buf);
}

void
run_note_no_data(const struct options *o, const char *side, int64_t start, int64_t end,
    const struct input_counts *in)
{
	char a[TU_BUFSZ], z[TU_BUFSZ], f[TU_BUFSZ], l[TU_BUFSZ], w[3 * TU_BUFSZ];
	const char *what = o->n_ops > 0 ? "no record of the selected operations (--op)" :
	    "no record";

	if (side != NULL) {
		char *q = diag_sanitize(side, strlen(side), RUN_QUOTE_MAX);

		if (!in->has_span)
			diag_note("CURRENT %s holds no valid record", q);
		else
			diag_note("CURRENT %s: %s in the window compared", q, what);
		free(q);
		return;
	}
	if (start == INT64_MIN && end == INT64_MAX)
		snprintf(w, sizeof(w), "in the input");
	else {
		run_format_time(start, a);
		run_format_time(end, z);
		snprintf(w, sizeof(w), "in the window %s \xe2\x80\x93 %s", a, z);
	}
	if (!in->has_span) {
		diag_note("%s %s; the input holds no valid record", what, w);
		return;
	}
	tu_format_date(in->first_ts, f);
	tu_format_date(in->last_ts, l);
	diag_note("%s %s; the input covers %s \xe2\x80\x93 %s", what, w, f, l);
}

/* True when pattern matches an operation interned in agg. */
static bool
run_pattern_seen(const char *pattern, const struct aggregate *agg)
{
	for (uint32_t id = 0; id < agg->ops.count; id++) {
		char *name = group_op_name(agg->o, intern_str(&agg->ops, id),
		    intern_len(&agg->ops, id));
		bool m = name != NULL && names_match(pattern, name);

		free(name);
		if (m)
			return true;
	}
	return false;
}

void
run_warn_unmatched(const struct options *o, const struct aggregate *const *aggs, size_t n)
{
	for (size_t i = 0; i < o->n_ops; i++) {
		const char *near = NULL;
		char *q, *qn;
		size_t k;

		for (k = 0; k < n; k++)
			if (run_pattern_seen(o->ops[i], aggs[k]))
				break;
		if (k < n)
			continue;
		for (k = 0; k < n && near == NULL && !o->grouped; k++)
			near = names_nearest(o->ops[i], (const char *const *)aggs[k]->ops.strs,
			    aggs[k]->ops.count, RUN_SUGGEST_DIST);
		q = diag_sanitize(o->ops[i], strlen(o->ops[i]), RUN_QUOTE_MAX);
		if (near == NULL) {
			diag_note("--op '%s' matches no operation in the input", q);
		} else {
			qn = diag_sanitize(near, strlen(near), RUN_QUOTE_MAX);
			diag_note("--op '%s' matches no operation; did you mean '%s'?", q, qn);
			free(qn);
		}
		free(q);
	}
}

static void
run_gate_free(struct run_gate *g)
{
	gate_targets_free(g->targets);
	gate_baseline_free(g->baseline);
}

int
run_load(const struct options *o, struct run_data *d)
{
	memset(d, 0, sizeof(*d));
	if (run_window_moves(o))
		agg_init_moving(&d->agg, o, run_moving_span(o));
	else {
		window_resolve(o, window_now(o, false, 0), &d->w);
		agg_init_fixed(&d->agg, o, &d->w);
	}
	if (run_scan(o, &d->agg, &d->in, &d->tally) < 0)
		return -1;
	if (run_window_moves(o)) {
		if (!d->in.has_span)
			diag_note("no valid record in the input: --now latest falls back to the current time");
		window_resolve(o, window_now(o, d->in.has_span, d->in.last_ts), &d->w);
		agg_finish(&d->agg, &d->w);
	}
	if (d->w.end <= d->w.start) {
		char a[TU_BUFSZ], z[TU_BUFSZ];

		tu_format_ms(d->w.start, a);
		tu_format_ms(d->w.end, z);
		diag_error("--since (%s) is not earlier than the end of the window (%s); "
		    "give --until or an earlier --since", a, z);
		return -1;
	}
	if (o->grouped) {
		/* --max-groups (SPEC section 14), on the merged counts. */
		size_t merged = agg_cap_groups(&d->agg, (size_t)o->max_groups);

		if (merged > 0)
			diag_note("--max-groups %ld: %zu more groups merged into (other), "
			    "the rarest by records in both windows", o->max_groups, merged);
		if (d->agg.spilled > 0)
			diag_note("--max-groups %ld: past %zu groups per thread, %llu records of "
			    "new groups went to (other) while reading (which groups those are "
			    "depends on the order of the input and on -j)", o->max_groups,
			    d->agg.read_cap, (unsigned long long)d->agg.spilled);
	}
	/* The sorting the statistics need, on every thread -j allows. */
	agg_sort(&d->agg, scan_jobs(o));
	d->r = report_build(&d->agg, &d->w, o, &d->in);
	return 0;
}

void
run_data_free(struct run_data *d)
{
	report_free(d->r);
	tally_free(&d->tally);
	scan_counts_free(&d->in);
	agg_free(&d->agg);
	memset(d, 0, sizeof(*d));
}

static int
run_report(const struct options *o)
{
	struct run_data d;
	struct run_gate gate = {NULL, NULL};
	const struct aggregate *aggs[1];
	int status = EXIT_OK;

	if (run_gate_load(o, &gate) < 0) {
		run_gate_free(&gate);
		return EXIT_TROUBLE;
	}
	if (run_load(o, &d) < 0) {
		status = EXIT_TROUBLE;
		goto out;
	}
	aggs[0] = &d.agg;
	run_warn_unmatched(o, aggs, 1);
	if (run_gate_apply(o, &gate, d.r, &d.agg) < 0)
		status = EXIT_TROUBLE;
	else if (run_write_report(o, d.r) < 0)
		status = EXIT_TROUBLE;
	else if (gate_fails(o, d.r->gate.level))
		status = EXIT_DEGRADED;
	if (status != EXIT_TROUBLE && d.r->gate.level == VERDICT_NO_DATA)
		run_note_no_data(o, NULL, d.r->start, d.r->end, &d.r->input);
	tally_report(&d.tally);
out:
	run_gate_free(&gate);
	run_data_free(&d);
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
	if (o->command == CMD_COMPARE)
		return run_compare(o);
	return o->command == CMD_EXPORT ? run_export(o) : run_report(o);
}
