/* fixture-report.c - hand-built report models (no statistics computed here: the numbers
 * are arbitrary but consistent, as an emitter must print whatever the model says). */
#include "fixture-report.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define T_2026_01_01 INT64_C(1767225600000000)
#define DAY INT64_C(86400000000)

static void
fixture_common(struct report *r, enum command cmd, const char *label)
{
	static const double pcts[3] = {50, 95, 99};
	static const char *const names[3] = {"p50_ms", "p95_ms", "p99_ms"};

	r->command = cmd;
	r->series_report = cmd == CMD_TRENDS;
	r->command_name = cmd == CMD_TRENDS ? "trends" : cmd == CMD_WEEKLY ? "weekly" :
	    "monthly";
	r->label = xstrdup(label);
	r->generated_at = T_2026_01_01 + 30 * DAY + 3600 * INT64_C(1000000);
	r->start = T_2026_01_01;
	r->end = T_2026_01_01 + 30 * DAY;
	r->prev_start = T_2026_01_01 - 30 * DAY;
	r->prev_end = T_2026_01_01;
	r->days = 30;
	r->bucket = BUCKET_DAY;
	r->n_percentiles = 3;
	for (int i = 0; i < 3; i++) {
		r->percentiles[i] = pcts[i];
		r->pct_names[i] = xstrdup(names[i]);
	}
	r->input.n_files = 1;
	r->input.files = xcalloc(1, sizeof(char *));
	r->input.files[0] = xstrdup("samples/basic.jsonl");
	r->input.has_span = true;
	r->input.first_ts = T_2026_01_01 - 40 * DAY;
	r->input.last_ts = T_2026_01_01 + 29 * DAY;
}

static void
fixture_row(struct op_row *row, const char *name, uint64_t count, uint64_t success, double avg,
    double p50, double p95, double p99, double min, double max, uint64_t prev_count,
    double prev_avg, unsigned flags)
{
	row->operation = xstrdup(name);
	row->count = count;
	row->success = success;
	row->failed = count - success;
	row->error_rate_pct = 100.0 * (double)(count - success) / (double)count;
	row->avg_ms = avg;
	row->pct_ms[0] = p50;
	row->pct_ms[1] = p95;
	row->pct_ms[2] = p99;
	row->min_ms = min;
	row->max_ms = max;
	row->prev_count = prev_count;
	row->has_prev_avg = prev_count > 0;
	row->prev_avg_ms = prev_avg;
	row->has_avg_change = prev_count > 0 && prev_avg > 0;
	row->avg_change_pct = row->has_avg_change ? 100.0 * (avg - prev_avg) / prev_avg : 0;
	row->flags = flags;
}

static void
fixture_finding(struct finding *f, const char *op, enum flag flag, const char *msg, double value,
    double threshold, bool has_prev, double prev)
{
	f->operation = xstrdup(op);
	f->flag = flag;
	f->message = xstrdup(msg);
	f->value = value;
	f->threshold = threshold;
	f->has_previous = has_prev;
	f->previous = prev;
	/* Levels and tests as degrade.c gives them; the p-values are arbitrary. */
	f->level = flag == FLAG_OUTLIER ? LEVEL_WARNING : LEVEL_CRITICAL;
	f->count = 600;
	/* q-values: Benjamini-Hochberg over the family 1e-5 (db_query's drift), 0.003
	 * (api_call's drift), 0.012 (api_call's errors) */
	if (flag == FLAG_SLOWER) {
		f->has_p_value = f->has_q_value = true;
		f->p_value = 0.003;
		f->q_value = 0.0045;
		f->prev_count = 500;
	} else if (flag == FLAG_ERRORS) {
		f->has_p_value = f->has_q_value = true;
		f->p_value = f->q_value = 0.012;
	}
}

/* A verdict as gate_verdict would leave it (written by hand, not computed). */
static void
fixture_verdict(struct report *r, enum verdict_level level, const char *text)
{
	r->gate.level = level;
	free(r->gate.verdict);
	r->gate.verdict = xstrdup(text);
}

struct report *
fixture_report(void)
{
	struct report *r = xcalloc(1, sizeof(*r));
	static const char hostile[] = "=evil|op`@team<b>\n";

	fixture_common(r, CMD_MONTHLY, "Last 30 days");
	r->input.lines = 1205;
	r->input.records = 1200;
	r->input.malformed = 3;
	r->input.outside_window = 100;
	/* the input starts 40 days before the window: both covered whole */
	r->has_coverage = true;
	r->coverage_pct = 100;
	r->prev_coverage_pct = 100;
	r->min_coverage = 50;
	r->n_rows = 3;
	r->rows = xcalloc(3, sizeof(*r->rows));
	fixture_row(&r->rows[0], "api_call", 600, 590, 120.5, 100, 300.25, 410, 12, 900.125, 500,
	    95.0, FLAG_OUTLIER | FLAG_SLOWER | FLAG_ERRORS);
	fixture_row(&r->rows[1], "db_query", 400, 400, 10, 9.5, 15, 18, 1, 40, 420, 20.0, FLAG_FASTER);
	fixture_row(&r->rows[2], hostile, 100, 100, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0, 0, FLAG_NEW);
	/* Spread and test results (arbitrary, as the rest). */
	r->rows[0].has_stddev = true;
	r->rows[0].stddev_ms = 80.5;
	r->rows[0].has_p_value = r->rows[0].has_q_value = true;
	r->rows[0].p_value = 0.003;
	r->rows[0].q_value = 0.0045;
	r->rows[1].has_stddev = true;
	r->rows[1].stddev_ms = 3.25;
	r->rows[1].has_p_value = r->rows[1].has_q_value = true;
	r->rows[1].p_value = 1e-05;
	r->rows[1].q_value = 3e-05;
	r->rows[2].has_stddev = true;
	r->rows[2].stddev_ms = 0;
	r->totals.count = 1100;
	r->totals.success = 1090;
	r->totals.failed = 10;
	r->totals.has_error_rate = true;
	r->totals.error_rate_pct = 100.0 * 10 / 1100;
	r->n_findings = 3;
	r->findings = xcalloc(3, sizeof(*r->findings));
	fixture_finding(&r->findings[0], "api_call", FLAG_OUTLIER,
	    "p95 300.25 ms is more than 2 x the average 120.50 ms", 300.25, 241, false, 0);
	fixture_finding(&r->findings[1], "api_call", FLAG_SLOWER,
	    "average rose 26.8% from 95.00 ms to 120.50 ms (limit 20%)", 120.5, 20, true, 95);
	fixture_finding(&r->findings[2], "api_call", FLAG_ERRORS,
	    "error rate 1.67% is above 1%", 100.0 * 10 / 600, 1, false, 0);
	r->n_slowest = 2;
	r->slowest = xcalloc(2, sizeof(*r->slowest));
	r->slowest[0].operation = xstrdup("api_call");
	r->slowest[0].duration_ms = 900.125;
	r->slowest[0].ts_us = T_2026_01_01 + 5 * DAY + 191000;
	r->slowest[0].session_id = xstrdup("sess-1");
	r->slowest[1].operation = xstrdup(hostile);
	r->slowest[1].row = 2;
	r->slowest[1].duration_ms = 0.1;
	r->slowest[1].ts_us = T_2026_01_01 + 6 * DAY;
	r->slowest[1].session_id = NULL;
	r->n_most_frequent = 3;
	r->most_frequent = xcalloc(3, sizeof(*r->most_frequent));
	for (int i = 0; i < 3; i++) {
		r->most_frequent[i].operation = xstrdup(r->rows[i].operation);
		r->most_frequent[i].count = r->rows[i].count;
		r->most_frequent[i].share_pct = 100.0 * (double)r->rows[i].count / 1100.0;
	}
	r->n_previous_only = 1;
	r->previous_only = xcalloc(1, sizeof(char *));
	r->previous_only[0] = xstrdup("retired_op");
	fixture_verdict(r, VERDICT_CRITICAL, "3 degradations");
	return r;
}

struct report *
fixture_trends_report(void)
{
	struct report *r = fixture_report();
	static const double p95[4] = {100, 150, 400, 300.25};

	free(r->label);
	r->label = xstrdup("Last 30 days");
	r->command = CMD_TRENDS;
	r->series_report = true;
	r->command_name = "trends";
	r->n_series = 5;
	r->series = xcalloc(5, sizeof(*r->series));
	for (int i = 0; i < 4; i++) {
		r->series[i].operation = xstrdup("api_call");
		r->series[i].row = 0;
		r->series[i].bucket_start = T_2026_01_01 + i * DAY;
		r->series[i].count = 150;
		r->series[i].avg_ms = 100 + i;
		r->series[i].p95_ms = p95[i];
		r->series[i].p99_ms = p95[i] + 10;
		r->series[i].error_rate_pct = i;
	}
	r->series[4].operation = xstrdup("db_query");
	r->series[4].row = 1;
	r->series[4].bucket_start = T_2026_01_01;
	r->series[4].count = 400;
	r->series[4].avg_ms = 10;
	r->series[4].p95_ms = 15;
	r->series[4].p99_ms = 18;
	r->series[4].error_rate_pct = 0;
	/* The trend change report_build fills from the series (p95 last against first). */
	r->rows[0].has_trend_change = true;
	r->rows[0].trend_change_pct = 200.25;
	r->rows[1].has_trend_change = true;
	r->rows[1].trend_change_pct = 0.0;
	return r;
}

struct report *
fixture_empty_report(void)
{
	struct report *r = xcalloc(1, sizeof(*r));

	fixture_common(r, CMD_MONTHLY, "Last 30 days");
	r->input.lines = 10;
	r->input.records = 10;
	r->input.outside_window = 10;
	r->input.first_ts = T_2026_01_01 - 214 * DAY;
	r->input.last_ts = T_2026_01_01 - 184 * DAY;
	r->totals.has_error_rate = false;
	fixture_verdict(r, VERDICT_NO_DATA, "no data: no record in the window");
	return r;
}

/* Rows "op-0000" .. with counts descending; every 250th row (249, 499, ...) is an outlier
 * with its finding, so degradations sit deep in the table. Ten slowest and most frequent
 * entries. */
struct report *
fixture_many_report(size_t n)
{
	struct report *r = xcalloc(1, sizeof(*r));
	char *name;
	size_t i, f = 0;

	fixture_common(r, CMD_MONTHLY, "Last 30 days");
	r->n_rows = n;
	r->rows = xcalloc(n > 0 ? n : 1, sizeof(*r->rows));
	r->findings = xcalloc(n / 250 + 1, sizeof(*r->findings));
	for (i = 0; i < n; i++) {
		uint64_t count = 10 * (uint64_t)(n - i) + 1;
		bool flagged = i % 250 == 249;
		double avg = 1.0 + (double)(i % 7);

		name = xasprintf("op-%04zu", i);
		fixture_row(&r->rows[i], name, count, count, avg, avg, flagged ? 10 * avg : avg,
		    avg + 1, 0.5, 100, count, avg, flagged ? FLAG_OUTLIER : 0);
		r->totals.count += count;
		if (flagged)
			fixture_finding(&r->findings[f++], name, FLAG_OUTLIER,
			    "p95 is far above the average", 10 * avg, 2 * avg, false, 0);
		free(name);
	}
	r->n_findings = f;
	r->totals.success = r->totals.count;
	r->totals.has_error_rate = n > 0;
	r->n_slowest = n < 10 ? n : 10;
	r->slowest = xcalloc(10, sizeof(*r->slowest));
	r->n_most_frequent = r->n_slowest;
	r->most_frequent = xcalloc(10, sizeof(*r->most_frequent));
	for (i = 0; i < r->n_slowest; i++) {
		r->slowest[i].operation = xstrdup(r->rows[i].operation);
		r->slowest[i].row = i;
		r->slowest[i].duration_ms = 100;
		r->slowest[i].ts_us = T_2026_01_01 + (int64_t)i * DAY;
		r->most_frequent[i].operation = xstrdup(r->rows[i].operation);
		r->most_frequent[i].count = r->rows[i].count;
		r->most_frequent[i].share_pct = 100.0 * (double)r->rows[i].count /
		    (double)r->totals.count;
	}
	name = xasprintf("%zu degradations", f);
	fixture_verdict(r, f > 0 ? VERDICT_CRITICAL : VERDICT_OK, f > 0 ? name :
	    "no degradation");
	free(name);
	return r;
}

/* One target result. */
static void
fixture_target(struct target_result *t, const char *op, const char *metric, double value,
    double target, bool has_critical, double critical, enum target_status status)
{
	t->operation = xstrdup(op);
	t->metric = xstrdup(metric);
	t->has_value = true;
	t->value = value;
	t->target = target;
	t->has_critical = has_critical;
	t->critical = critical;
	t->status = status;
}

/* One baseline comparison; the change is written by the caller, not computed. */
static void
fixture_base(struct baseline_result *b, const char *op, const char *metric, double base,
    double cur, bool has_change, double change, enum base_status status)
{
	b->operation = xstrdup(op);
	b->metric = xstrdup(metric);
	b->baseline = base;
	b->current = cur;
	b->has_change = has_change;
	b->change_pct = change;
	b->status = status;
	/* Counts and a Welch p-value on the duration metrics, none on the error rate. */
	b->base_count = 500;
	b->count = 600;
	b->has_p_value = strcmp(metric, "error_rate_pct") != 0;
	b->p_value = b->has_p_value ? 0.0004 : 0;
	b->has_q_value = b->has_p_value; /* a family of one test */
	b->q_value = b->p_value;
}

struct report *
fixture_gate_report(void)
{
	struct report *r = fixture_report();
	struct gate_results *g = &r->gate;
	const char *evil = r->rows[2].operation;

	g->has_targets = true;
	g->targets_file = xstrdup("perf-targets.json");
	g->n_targets = 4;
	g->targets = xcalloc(4, sizeof(*g->targets));
	fixture_target(&g->targets[0], "api_call", "error_rate_pct", 5.0 / 3.0, 1, true, 1.5,
	    TARGET_CRITICAL);
	fixture_target(&g->targets[1], "api_call", "p95_ms", 300.25, 250, true, 500,
	    TARGET_WARNING);
	fixture_target(&g->targets[2], "db_query", "p95_ms", 15, 250, true, 500, TARGET_MET);
	fixture_target(&g->targets[3], evil, "p95_ms", 0.1, 1, false, 0, TARGET_MET);
	g->n_met = 2;
	g->n_target_warning = 1;
	g->n_target_critical = 1;
	g->row_target = xcalloc(3, sizeof(*g->row_target));
	g->row_target[0] = TARGET_CRITICAL;
	g->row_target[1] = TARGET_MET;
	g->row_target[2] = TARGET_MET;

	g->has_baseline = true;
	g->baseline_file = xstrdup("baseline.json");
	g->n_baseline = 5;
	g->baseline = xcalloc(5, sizeof(*g->baseline));
	fixture_base(&g->baseline[0], "api_call", "avg_ms", 100, 120.5, true, 20.5,
	    BASE_REGRESSION);
	fixture_base(&g->baseline[1], "api_call", "p95_ms", 290, 300.25, true, 3.5,
	    BASE_UNCHANGED);
	fixture_base(&g->baseline[2], "db_query", "error_rate_pct", 0, 0, false, 0,
	    BASE_UNCHANGED);
	fixture_base(&g->baseline[3], "db_query", "avg_ms", 12, 10, true, -16.25,
	    BASE_IMPROVED);
	fixture_base(&g->baseline[4], "db_query", "p95_ms", 14, 15, true, 7.25, BASE_WARNING);
	g->n_regression = 1;
	g->n_base_warning = 1;
	g->n_improved = 1;
	g->n_unchanged = 2;
	g->row_baseline = xcalloc(3, sizeof(*g->row_baseline));
	g->row_baseline[0] = BASE_REGRESSION;
	g->row_baseline[1] = BASE_WARNING;
	g->row_baseline[2] = BASE_NEW;
	g->n_only_current = 1;
	g->only_current = xcalloc(1, sizeof(char *));
	g->only_current[0] = xstrdup(evil);
	g->n_only_baseline = 1;
	g->only_baseline = xcalloc(1, sizeof(char *));
	g->only_baseline[0] = xstrdup("retired_op");
	fixture_verdict(r, VERDICT_CRITICAL, "1 regression, 1 critical target, 3 degradations, "
	    "2 warnings \xc2\xb7 2 of 4 targets met \xc2\xb7 1 improved");
	return r;
}
