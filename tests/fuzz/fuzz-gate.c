/* fuzz-gate.c - the CI gate files: arbitrary bytes as a targets file (first byte even) or a
 * baseline report (odd), validated, then, when valid, applied to a small real report and
 * written by every emitter; a valid baseline is also compared with the report as compare
 * does with a saved report (BASE) and written by every compare emitter. Must never crash,
 * leak or read out of bounds; an invalid file must come back as a message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "cli.h"
#include "compare.h"
#include "diag.h"
#include "emit.h"
#include "emit-csv.h"
#include "emit-json.h"
#include "emit-md.h"
#include "gate.h"
#include "gate-baseline.h"
#include "gate-regress.h"
#include "gate-targets.h"
#include "report.h"
#include "timeutil.h"
#include "window.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A monthly report at 2026-11-01 over three operations, two of them also in the previous
 * window, one with failures. */
static struct report *
fuzz_report(struct options *o)
{
	static const char *const ops[] = {"llm_call", "agent_plan", "db.query"};
	struct windows w;
	struct aggregate agg;
	struct input_counts in = {0};
	struct report *r;
	char *argv[] = {(char *)"perf-reporter", (char *)"monthly", (char *)"--top", (char *)"3",
		(char *)"--now", (char *)"2026-11-01", NULL};
	int64_t now;

	/* The options a user gets, from the one place that sets the defaults. */
	if (cli_parse(6, argv, o) != CLI_RUN)
		abort();
	now = o->now_us;
	window_resolve(o, now, &w);
	agg_init_fixed(&agg, o, &w);
	for (int i = 0; i < 60; i++) {
		struct record rec = {0};

		rec.op = ops[i % 3];
		rec.op_len = strlen(rec.op);
		rec.ts_us = now - (int64_t)(i + 1) * US_PER_DAY;
		rec.duration_ms = 10.0 * (i % 7 + 1) * (i < 30 ? 1.5 : 1.0);
		rec.success = i % 11 != 0;
		agg_add(&agg, &rec);
		in.records++;
	}
	in.lines = in.records;
	r = report_build(&agg, &w, o, &in);
	agg_free(&agg);
	return r;
}

static void
fuzz_emit(const struct report *r)
{
	struct emit_opts eo = {.top = 3};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		abort();
	emit_md(r, &eo, f);
	emit_csv(r, &eo, f);
	emit_json(r, &eo, f);
	eo.max_chars = 600;
	/* Over the limit, emit-md says so on standard error: not once an input. */
	diag_set_quiet(true);
	emit_md(r, &eo, f);
	diag_set_quiet(false);
	fclose(f);
	free(buf);
}

/* compare BASE (the fuzzed saved report) CURRENT (the report's rows, as a saved report's
 * summaries), written in every format compare writes. */
static void
fuzz_compare(const struct options *o, const struct report *r, const struct gate_baseline *b)
{
	struct cmp_side bs = {(char *)"b.json", CMP_KIND_REPORT, 0};
	struct cmp_side cs = {(char *)"r.json", CMP_KIND_REPORT, 0};
	struct cmp_op *base = NULL, *cur = xcalloc(r->n_rows + 1, sizeof(*cur));
	struct emit_opts eo = {.top = 3};
	struct comparison *c;
	size_t nb = 0, len = 0, map[MAX_PERCENTILES];
	char *buf = NULL, *note;
	FILE *f;

	gate_baseline_match_pcts(o->percentiles, o->n_percentiles, b, map);
	note = gate_baseline_pcts_note(b, o->percentiles, o->n_percentiles, map, "BASE");
	gate_baseline_ops(b, map, o->n_percentiles, &base, &nb);
	for (size_t i = 0; i < r->n_rows; i++) {
		compare_op_of_row(&cur[i], &r->rows[i], NULL, 0);
		cs.records += r->rows[i].count;
	}
	for (size_t i = 0; i < nb; i++)
		bs.records += base[i].s.count;
	c = compare_build(o, r->generated_at, &bs, base, nb, &cs, cur, r->n_rows);
	c->pcts_note = note; /* the model frees it */
	if ((f = open_memstream(&buf, &len)) == NULL)
		abort();
	emit_compare(c, FMT_MD, &eo, f);
	emit_compare(c, FMT_CSV, &eo, f);
	emit_compare(c, FMT_JSON, &eo, f);
	fclose(f);
	free(buf);
	compare_free(c);
	free(base);
	free(cur);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options o;
	struct report *r;
	char *err = NULL;
	const char *text = (const char *)data + 1;

	if (size < 1)
		return 0;
	r = fuzz_report(&o);
	if ((data[0] & 1) == 0) {
		struct gate_targets *t = gate_targets_parse(text, size - 1, "t.json", &err);
		if (t != NULL && gate_targets_apply(r, t, &err) != 0 && err == NULL)
			abort(); /* a failure must say why */
		gate_targets_free(t);
	} else {
		struct gate_baseline *b = gate_baseline_parse(text, size - 1, "b.json", &err);
		if (b != NULL && gate_regress_apply(r, b, 10, 5, 0.05, &err) != 0 && err == NULL)
			abort();
		if (b != NULL)
			fuzz_compare(&o, r, b);
		gate_baseline_free(b);
	}
	free(err);
	gate_verdict(r);
	fuzz_emit(r);
	report_free(r);
	cli_free(&o);
	return 0;
}
