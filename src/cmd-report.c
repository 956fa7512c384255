/* cmd-report.c - weekly, monthly, trends and report end to end: load the CI gate's
 * files, load the inputs into a report model (load.c), evaluate the gate, hand the model
 * to the emitter, commit the output. */
#include "cmd-report.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "changes.h"
#include "common.h"
#include "diag.h"
#include "emit.h"
#include "explain.h"
#include "fdr.h"
#include "gate.h"
#include "gate-baseline.h"
#include "gate-regress.h"
#include "gate-targets.h"
#include "load.h"
#include "scan.h"
#include "sink.h"
#include "timeutil.h"
#include "xalloc.h"

/* Write the report to its sink, and the series to its own (--series). Both files are
 * complete (written, flushed, synced) before either replaces its target, and neither does
 * when anything failed. Only a failed rename of the second file after the first can leave
 * them unmatched: that is said. A closed pipe on standard output ends the run quietly,
 * replacing nothing (as SIGPIPE would have). */
static int
cmd_report_write_report(const struct options *o, const struct report *r)
{
	struct sink out, series;
	struct emit_opts eo = {
		.color = load_use_color(o),
		.max_chars = o->max_chars,
		.top = o->top,
		.csv_dialect = o->csv_dialect,
		.width = (size_t)o->width,
		.unit = o->unit,
	};
	const struct emitter *em = emit_find(o->format);
	bool has_series = o->series_file != NULL, emitted, closed;
	int wrote;

	if (sink_open(&out, o->output) < 0)
		return -1;
	if (has_series) {
		if (sink_open(&series, o->series_file) < 0) {
			sink_abort(&out);
			return -1;
		}
		eo.series = series.fp;
	}
	wrote = em->write(r, &eo, out.fp);
	emitted = wrote == 0;
	closed = (!has_series || sink_close(&series) == 0) && sink_close(&out) == 0;
	if (!closed || !emitted) {
		/* Not emitted, yet both closed: standard output was a closed pipe (unless the
		   emitter failed otherwise and said so). */
		if (has_series)
			sink_abort(&series);
		sink_abort(&out);
		return closed && wrote != EMIT_FAILED ? 0 : -1;
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
 * sums up the degradations), then fill --explain from agg (once the findings are final:
 * the baseline's tests join the report's family of tests, which may change which rows
 * are slower); -1 after printing why the files do not fit the report. */
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
	if (g->baseline != NULL)
		fdr_baseline(r, o);
	gate_verdict(r);
	explain_fill(r, agg, o);
	return 0;
}

/* Free what cmd_report_gate_load loaded. */
static void
cmd_report_gate_free(struct cmd_report_gate *g)
{
	gate_targets_free(g->targets);
	gate_baseline_free(g->baseline);
}

/* Daily sums of the slower rows' durations over the previous and current windows, filled
 * by the second reading of the inputs (cmd_report_since). */
struct cmd_report_days {
	const struct report *r;
	size_t *rows;      /* the slower rows, ascending, no duplicates */
	size_t n_rows;
	int64_t from;      /* the previous window's start (the earlier of the two) */
	int64_t day0;      /* start of its day */
	int64_t end;       /* the current window's end */
	size_t n_days;
	double *sum;       /* n_rows * n_days: durations per row and day */
	uint64_t *count;   /* n_rows * n_days: records per row and day */
};

/* A record of the second reading: counted on its day when it is in the windows and its
 * operation is one of the slower rows. */
static void
cmd_report_days_add(void *ctx, const struct record *rec, struct record_parser *p)
{
	struct cmd_report_days *d = ctx;
	size_t day;

	(void)p;
	if (rec->ts_us < d->from || rec->ts_us >= d->end)
		return;
	day = (size_t)((rec->ts_us - d->day0) / US_PER_DAY);
	for (size_t i = 0; i < d->n_rows; i++) {
		const char *name = d->r->rows[d->rows[i]].operation;

		if (strlen(name) == rec->op_len && memcmp(name, rec->op, rec->op_len) == 0) {
			d->sum[i * d->n_days + day] += rec->duration_ms;
			d->count[i * d->n_days + day]++;
			return;
		}
	}
}

/* True when every input of o can be read a second time (regular files, not standard
 * input or a pipe). */
static bool
cmd_report_rereadable(const struct options *o)
{
	struct stat sb;

	if (o->n_files == 0)
		return strcmp(o->default_input, "-") != 0 && stat(o->default_input, &sb) == 0 &&
		    S_ISREG(sb.st_mode);
	for (size_t i = 0; i < o->n_files; i++)
		if (strcmp(o->files[i], "-") == 0 || stat(o->files[i], &sb) != 0 ||
		    !S_ISREG(sb.st_mode))
			return false;
	return true;
}

/* The longest span of days the second reading buckets (ten years). */
#define CMD_REPORT_SINCE_MAX_DAYS 3660

/* "Slower since DATE" (SPEC section 17): when r has slower findings, read the inputs a
 * second time for the slower operations only, into daily averages over the previous and
 * current windows, and give each slower finding the last rising change point of its
 * series inside the current window (changes_since). Nothing is read when no finding is
 * slower, under --by (a group's records are not known by name), for inputs that cannot be
 * read twice (standard input, pipes) or for unbounded windows. */
static void
cmd_report_since(const struct options *o, struct report *r)
{
	struct cmd_report_days d = {.r = r};
	struct load_sink sink = {.add = cmd_report_days_add, .ctx = &d};
	struct input_counts in = {0};
	struct malformed_tally tally = {0};
	double *x;
	int64_t *starts;
	int64_t from;

	if (o->grouped || !cmd_report_rereadable(o))
		return;
	d.rows = xcalloc(r->n_findings + 1, sizeof(*d.rows));
	for (size_t i = 0; i < r->n_findings; i++)
		if (r->findings[i].flag == FLAG_SLOWER &&
		    (d.n_rows == 0 || d.rows[d.n_rows - 1] != r->findings[i].row))
			d.rows[d.n_rows++] = r->findings[i].row;
	from = r->start > r->prev_start ? r->prev_start : r->start;
	if (d.n_rows == 0 || r->end <= from ||
	    ((double)r->end - (double)from) / US_PER_DAY > CMD_REPORT_SINCE_MAX_DAYS) {
		free(d.rows);
		return;
	}
	d.from = from;
	d.day0 = tu_floor_day(from);
	d.end = r->end;
	d.n_days = (size_t)((d.end - d.day0 + US_PER_DAY - 1) / US_PER_DAY);
	d.sum = xcalloc(d.n_rows * d.n_days, sizeof(*d.sum));
	d.count = xcalloc(d.n_rows * d.n_days, sizeof(*d.count));
	x = xcalloc(d.n_days, sizeof(*x));
	starts = xcalloc(d.n_days, sizeof(*starts));
	if (load_scan(o, &sink, &in, &tally) == 0)
		for (size_t i = 0; i < r->n_findings; i++) {
			struct finding *f = &r->findings[i];
			size_t k = 0, n = 0;

			if (f->flag != FLAG_SLOWER)
				continue;
			while (d.rows[k] != f->row)
				k++;
			for (size_t day = 0; day < d.n_days; day++)
				if (d.count[k * d.n_days + day] > 0) {
					x[n] = d.sum[k * d.n_days + day] /
					    (double)d.count[k * d.n_days + day];
					starts[n++] = d.day0 + (int64_t)day * US_PER_DAY;
				}
			f->has_since = changes_since(x, starts, n, r->start,
			    CLI_DEFAULT_MIN_SEGMENT, CLI_DEFAULT_CHANGES_ALPHA, &f->since);
		}
	scan_counts_free(&in);
	tally_free(&tally);
	free(x);
	free(starts);
	free(d.sum);
	free(d.count);
	free(d.rows);
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
	if (cmd_report_gate_apply(o, &gate, d.r, &d.agg) < 0) {
		status = EXIT_TROUBLE;
	} else {
		cmd_report_since(o, d.r);
		if (cmd_report_write_report(o, d.r) < 0)
			status = EXIT_TROUBLE;
		else if (gate_fails(o, d.r->gate.level))
			status = EXIT_DEGRADED;
	}
	if (status != EXIT_TROUBLE && d.r->gate.level == VERDICT_NO_DATA)
		load_note_no_data(o, NULL, d.r->start, d.r->end, &d.r->input);
	tally_report(&d.tally);
out:
	cmd_report_gate_free(&gate);
	load_data_free(&d);
	return status;
}

