/* fuzz-gate.c - the CI gate files: arbitrary bytes as a targets file (first byte even) or a
 * baseline report (odd), validated, then, when valid, applied to a small real report and
 * written by every emitter. Must never crash, leak or read out of bounds; an invalid file
 * must come back as a message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "cli.h"
#include "emit.h"
#include "gate.h"
#include "report.h"
#include "timeutil.h"
#include "window.h"

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
	emit_md(r, &eo, f);
	fclose(f);
	free(buf);
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
		if (t != NULL && gate_apply_targets(r, t, &err) != 0 && err == NULL)
			abort(); /* a failure must say why */
		gate_targets_free(t);
	} else {
		struct gate_baseline *b = gate_baseline_parse(text, size - 1, "b.json", &err);
		if (b != NULL && gate_apply_baseline(r, b, 10, 5, 0.05, &err) != 0 && err == NULL)
			abort();
		gate_baseline_free(b);
	}
	free(err);
	gate_verdict(r);
	fuzz_emit(r);
	report_free(r);
	cli_free(&o);
	return 0;
}
