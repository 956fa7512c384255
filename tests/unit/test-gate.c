/* test-gate.c - unit tests for gate.c: the targets file (format, every error with its
 * JSON path, glob precedence, statuses at and around the thresholds), the baseline
 * (schema and percentile checks, change percentages, statuses, operations on one side
 * only) and the verdict. Reports are built by hand; every expected number was worked
 * out by hand from the values written here (e.g. 100 -> 110.5 is +10.5 %). */
#include <criterion/criterion.h>

#include <math.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gate.h"
#include "gate-baseline.h"
#include "gate-regress.h"
#include "gate-targets.h"
#include "xalloc.h"

/* One hand-made row: name and the values the gate reads. */
struct row_spec {
	const char *name;
	double error_rate, avg, p50, p95, p99, min, max;
};

/* A report with percentiles 50, 95, 99 (or the n_pcts first of pcts when given) and
 * the rows of spec[0..n). */
static struct report *
mkreport_pcts(const struct row_spec *spec, size_t n, const double *pcts, size_t n_pcts)
{
	static const double def[3] = {50, 95, 99};
	struct report *r = xcalloc(1, sizeof(*r));
	char buf[32];

	if (pcts == NULL) {
		pcts = def;
		n_pcts = 3;
	}
	r->command = CMD_MONTHLY;
	r->label = xstrdup("Last 30 days");
	r->n_percentiles = n_pcts;
	for (size_t i = 0; i < n_pcts; i++) {
		r->percentiles[i] = pcts[i];
		snprintf(buf, sizeof(buf), "p%g_ms", pcts[i]);
		r->pct_names[i] = xstrdup(buf);
	}
	r->n_rows = n;
	r->rows = xcalloc(n + 1, sizeof(*r->rows));
	for (size_t i = 0; i < n; i++) {
		struct op_row *row = &r->rows[i];
		const double v[3] = {spec[i].p50, spec[i].p95, spec[i].p99};

		row->operation = xstrdup(spec[i].name);
		/* 200 records, so that the error rates used below (0.5 %) are whole failures:
		 * the baseline's error-rate test counts them. */
		row->count = 200;
		row->failed = (uint64_t)llround(spec[i].error_rate * 2);
		row->success = row->count - row->failed;
		row->error_rate_pct = spec[i].error_rate;
		row->avg_ms = spec[i].avg;
		for (size_t k = 0; k < n_pcts; k++)
			row->pct_ms[k] = v[k < 3 ? k : 2];
		row->min_ms = spec[i].min;
		row->max_ms = spec[i].max;
	}
	return r;
}

static struct report *
mkreport(const struct row_spec *spec, size_t n)
{
	return mkreport_pcts(spec, n, NULL, 0);
}

/* Parse a targets file from a string; the test fails when it does not parse. */
static struct gate_targets *
targets_ok(const char *text)
{
	char *err = NULL;
	struct gate_targets *t = gate_targets_parse(text, strlen(text), "t.json", &err);

	cr_assert_not_null(t, "targets did not parse: %s", err != NULL ? err : "(null)");
	return t;
}

/* Assert that a targets file is refused with exactly msg. */
static void
targets_bad(const char *text, const char *msg)
{
	char *err = NULL;
	struct gate_targets *t = gate_targets_parse(text, strlen(text), "t.json", &err);

	cr_assert_null(t, "targets parsed but should not: %s", text);
	cr_assert_not_null(err);
	cr_assert_str_eq(err, msg);
	free(err);
}

static struct gate_baseline *
baseline_ok(const char *text)
{
	char *err = NULL;
	struct gate_baseline *b = gate_baseline_parse(text, strlen(text), "b.json", &err);

	cr_assert_not_null(b, "baseline did not parse: %s", err != NULL ? err : "(null)");
	return b;
}

static void
baseline_bad(const char *text, const char *msg)
{
	char *err = NULL;
	struct gate_baseline *b = gate_baseline_parse(text, strlen(text), "b.json", &err);

	cr_assert_null(b, "baseline parsed but should not: %s", text);
	cr_assert_not_null(err);
	cr_assert_str_eq(err, msg);
	free(err);
}

/* Exact comparison of doubles the test wrote down itself (or tiny rounding noise). */
static bool
near(double a, double b)
{
	double d = a - b;

	return d < 1e-9 && d > -1e-9;
}

/* The target result for (op, metric), or NULL. */
static const struct target_result *
find_target(const struct report *r, const char *op, const char *metric)
{
	for (size_t i = 0; i < r->gate.n_targets; i++)
		if (strcmp(r->gate.targets[i].operation, op) == 0 &&
		    strcmp(r->gate.targets[i].metric, metric) == 0)
			return &r->gate.targets[i];
	return NULL;
}

static const struct baseline_result *
find_base(const struct report *r, const char *op, const char *metric)
{
	for (size_t i = 0; i < r->gate.n_baseline; i++)
		if (strcmp(r->gate.baseline[i].operation, op) == 0 &&
		    strcmp(r->gate.baseline[i].metric, metric) == 0)
			return &r->gate.baseline[i];
	return NULL;
}

/* Apply targets text to r, expecting success. */
static void
apply_targets(struct report *r, const char *text)
{
	struct gate_targets *t = targets_ok(text);
	char *err = NULL;

	cr_assert_eq(gate_targets_apply(r, t, &err), 0, "apply failed: %s", err);
	gate_targets_free(t);
}

/* ---- targets: statuses ------------------------------------------------------------- */

Test(gate, target_statuses_at_and_around_the_thresholds)
{
	/* p95 against target 100, critical 200: exactly 100 met (strict), 100.5 warning,
	 * exactly 200 warning, 200.5 critical; no critical: 1e6 is only a warning. */
	static const struct row_spec rows[] = {
		{"at_target", 0, 1, 1, 100, 1, 1, 1},
		{"above_target", 0, 1, 1, 100.5, 1, 1, 1},
		{"at_critical", 0, 1, 1, 200, 1, 1, 1},
		{"above_critical", 0, 1, 1, 200.5, 1, 1, 1},
		{"no_critical", 0, 1, 1, 1e6, 1, 1, 1},
	};
	struct report *r = mkreport(rows, 5);
	const struct target_result *t;

	apply_targets(r, "{\"default\": {\"p95_ms\": {\"target\": 100, \"critical\": 200}},"
	    "\"operations\": {\"no_critical\": {\"p95_ms\": {\"target\": 100}}}}");
	cr_assert(r->gate.has_targets);
	cr_assert_str_eq(r->gate.targets_file, "t.json");
	cr_assert_eq(r->gate.n_targets, 5);
	cr_assert_eq(find_target(r, "at_target", "p95_ms")->status, TARGET_MET);
	cr_assert_eq(find_target(r, "above_target", "p95_ms")->status, TARGET_WARNING);
	cr_assert_eq(find_target(r, "at_critical", "p95_ms")->status, TARGET_WARNING);
	cr_assert_eq(find_target(r, "above_critical", "p95_ms")->status, TARGET_CRITICAL);
	t = find_target(r, "no_critical", "p95_ms");
	cr_assert_eq(t->status, TARGET_WARNING);
	cr_assert(!t->has_critical);
	t = find_target(r, "above_critical", "p95_ms");
	cr_assert(near(t->value, 200.5) && near(t->target, 100) && t->has_critical &&
	    near(t->critical, 200));
	cr_assert_eq(r->gate.n_met, 1);
	cr_assert_eq(r->gate.n_target_warning, 3);
	cr_assert_eq(r->gate.n_target_critical, 1);
	report_free(r);
}

Test(gate, every_metric_in_column_order)
{
	static const struct row_spec rows[] = {{"op", 2.5, 10, 9, 30, 40, 1, 50}};
	static const char *const order[] = {
		"error_rate_pct", "avg_ms", "p50_ms", "p95_ms", "p99_ms", "min_ms", "max_ms"
	};
	static const double values[] = {2.5, 10, 9, 30, 40, 1, 50};
	struct report *r = mkreport(rows, 1);

	/* Written in another order in the file: results follow the report's columns. */
	apply_targets(r, "{\"default\": {\"max_ms\": {\"target\": 60}, \"min_ms\": {\"target\": "
	    "0.5}, \"p99_ms\": {\"target\": 40}, \"p95_ms\": {\"target\": 29}, \"p50_ms\": "
	    "{\"target\": 100}, \"avg_ms\": {\"target\": 10}, \"error_rate_pct\": {\"target\": "
	    "2, \"critical\": 2.4}}}");
	cr_assert_eq(r->gate.n_targets, 7);
	for (size_t i = 0; i < 7; i++) {
		cr_assert_str_eq(r->gate.targets[i].metric, order[i]);
		cr_assert(near(r->gate.targets[i].value, values[i]), "%s", order[i]);
	}
	/* 2.5 > 2.4 critical; 30 > 29 warning; 1 > 0.5 warning; the rest met. */
	cr_assert_eq(r->gate.targets[0].status, TARGET_CRITICAL);
	cr_assert_eq(r->gate.targets[3].status, TARGET_WARNING);
	cr_assert_eq(r->gate.targets[5].status, TARGET_WARNING);
	cr_assert_eq(r->gate.n_met, 4);
	cr_assert_eq(r->gate.row_target[0], TARGET_CRITICAL);
	report_free(r);
}

Test(gate, row_status_is_the_worst_and_none_without_targets)
{
	static const struct row_spec rows[] = {
		{"a", 0, 5, 5, 5, 5, 5, 5},
		{"b", 0, 50, 5, 5, 5, 5, 5},
		{"c", 0, 500, 5, 5, 5, 5, 5},
		{"untargeted", 0, 500, 5, 5, 5, 5, 5},
	};
	struct report *r = mkreport(rows, 4);

	apply_targets(r, "{\"operations\": {\"[abc]\": {\"avg_ms\": {\"target\": 10, "
	    "\"critical\": 100}, \"p95_ms\": {\"target\": 10}}}}");
	cr_assert_eq(r->gate.row_target[0], TARGET_MET);
	cr_assert_eq(r->gate.row_target[1], TARGET_WARNING);
	cr_assert_eq(r->gate.row_target[2], TARGET_CRITICAL);
	cr_assert_eq(r->gate.row_target[3], TARGET_NONE);
	cr_assert_eq(r->gate.n_targets, 6);
	report_free(r);
}

Test(gate, percentile_names_match_by_value)
{
	static const double pcts[2] = {50, 99.9};
	static const struct row_spec rows[] = {{"op", 0, 1, 2, 3, 3, 1, 3}};
	struct report *r = mkreport_pcts(rows, 1, pcts, 2);

	/* "p50.0_ms" is p50; results use the report's names. */
	apply_targets(r, "{\"default\": {\"p99.9_ms\": {\"target\": 2}, \"p50.0_ms\": "
	    "{\"target\": 2}}}");
	cr_assert_eq(r->gate.n_targets, 2);
	cr_assert_str_eq(r->gate.targets[0].metric, "p50_ms");
	cr_assert_eq(r->gate.targets[0].status, TARGET_MET);
	cr_assert_str_eq(r->gate.targets[1].metric, "p99.9_ms");
	cr_assert_eq(r->gate.targets[1].status, TARGET_WARNING);
	report_free(r);
}

Test(gate, empty_window_has_no_results)
{
	struct report *r = mkreport(NULL, 0);

	apply_targets(r, "{\"default\": {\"p95_ms\": {\"target\": 1}}}");
	cr_assert(r->gate.has_targets);
	cr_assert_eq(r->gate.n_targets, 0);
	cr_assert_eq(r->gate.n_met, 0);
	report_free(r);
}

Test(gate, empty_targets_file_checks_nothing)
{
	static const struct row_spec rows[] = {{"op", 0, 1, 2, 3, 3, 1, 3}};
	struct report *r = mkreport(rows, 1);

	apply_targets(r, "{}");
	cr_assert_eq(r->gate.n_targets, 0);
	cr_assert_eq(r->gate.row_target[0], TARGET_NONE);
	report_free(r);
}

/* ---- targets: precedence ----------------------------------------------------------- */

Test(gate, exact_name_beats_glob_and_default)
{
	static const struct row_spec rows[] = {
		{"agent_plan", 0, 1, 1, 300, 1, 1, 1},
		{"agent_run", 0, 1, 1, 300, 1, 1, 1},
		{"other", 0, 1, 1, 300, 1, 1, 1},
	};
	struct report *r = mkreport(rows, 3);

	/* The glob comes first in the file, the exact name still wins. */
	apply_targets(r, "{\"default\": {\"p95_ms\": {\"target\": 1}},"
	    "\"operations\": {\"agent_*\": {\"p95_ms\": {\"target\": 200}},"
	    "\"agent_plan\": {\"p95_ms\": {\"target\": 500}}}}");
	cr_assert(near(find_target(r, "agent_plan", "p95_ms")->target, 500));
	cr_assert_eq(find_target(r, "agent_plan", "p95_ms")->status, TARGET_MET);
	cr_assert(near(find_target(r, "agent_run", "p95_ms")->target, 200));
	cr_assert_eq(find_target(r, "agent_run", "p95_ms")->status, TARGET_WARNING);
	cr_assert(near(find_target(r, "other", "p95_ms")->target, 1));
	report_free(r);
}

Test(gate, first_glob_in_file_order_wins)
{
	static const struct row_spec rows[] = {{"agent_plan", 0, 1, 1, 300, 1, 1, 1}};
	struct report *r = mkreport(rows, 1);

	apply_targets(r, "{\"operations\": {\"agent_*\": {\"p95_ms\": {\"target\": 200}},"
	    "\"agent_pl?n\": {\"p95_ms\": {\"target\": 400}}}}");
	cr_assert(near(find_target(r, "agent_plan", "p95_ms")->target, 200));
	report_free(r);

	r = mkreport(rows, 1);
	apply_targets(r, "{\"operations\": {\"agent_pl?n\": {\"p95_ms\": {\"target\": 400}},"
	    "\"agent_*\": {\"p95_ms\": {\"target\": 200}}}}");
	cr_assert(near(find_target(r, "agent_plan", "p95_ms")->target, 400));
	report_free(r);
}

Test(gate, each_metric_falls_through_to_the_next_source)
{
	static const struct row_spec rows[] = {{"agent_plan", 1, 10, 1, 300, 1, 1, 1}};
	struct report *r = mkreport(rows, 1);

	/* p95 from the exact entry; avg from the second glob (the first one does not set
	 * avg); error rate from default. */
	apply_targets(r, "{\"default\": {\"error_rate_pct\": {\"target\": 5}, \"avg_ms\": "
	    "{\"target\": 1}},\"operations\": {\"agent_plan\": {\"p95_ms\": {\"target\": 500}},"
	    "\"agent_*\": {\"p95_ms\": {\"target\": 1}},\"*\": {\"avg_ms\": {\"target\": 20}}}}");
	cr_assert_eq(r->gate.n_targets, 3);
	cr_assert(near(find_target(r, "agent_plan", "p95_ms")->target, 500));
	cr_assert(near(find_target(r, "agent_plan", "avg_ms")->target, 20));
	cr_assert(near(find_target(r, "agent_plan", "error_rate_pct")->target, 5));
	report_free(r);
}

Test(gate, glob_characters)
{
	static const struct row_spec rows[] = {
		{"db/query", 0, 1, 1, 1, 1, 1, 1},
		{"dbXquery", 0, 1, 1, 1, 1, 1, 1},
		{"db_query", 0, 1, 1, 1, 1, 1, 1},
		{"cache", 0, 1, 1, 1, 1, 1, 1},
	};
	struct report *r = mkreport(rows, 4);

	/* '*' also matches '/' (no FNM_PATHNAME); "[XY]" a class. */
	apply_targets(r, "{\"operations\": {\"db*query\": {\"avg_ms\": {\"target\": 1}},"
	    "\"db[XY]query\": {\"p95_ms\": {\"target\": 1}}}}");
	cr_assert_not_null(find_target(r, "db/query", "avg_ms"));
	cr_assert_not_null(find_target(r, "db_query", "avg_ms"));
	cr_assert_not_null(find_target(r, "dbXquery", "p95_ms"));
	cr_assert_null(find_target(r, "db_query", "p95_ms"));
	cr_assert_null(find_target(r, "cache", "avg_ms"));
	report_free(r);
}

/* ---- targets: errors --------------------------------------------------------------- */

Test(gate, targets_syntax_error_names_line_and_column)
{
	/* Line 2; jansson counts the column up to the token it stopped at, the "}" (38). */
	targets_bad("{\n  \"default\": {\"p95_ms\": {\"target\": 5,}}\n}\n",
	    "t.json:2:38: not valid JSON: string or '}' expected near '}'");
	targets_bad("", "t.json:1:0: not valid JSON: '[' or '{' expected near end of file");
	targets_bad("{\"default\": {}, \"default\": {}}",
	    "t.json:1:25: not valid JSON: duplicate object key near '\"default\"'");
}

Test(gate, targets_structure_errors)
{
	targets_bad("[1]", "t.json: $: must be an object with \"default\", \"operations\" "
	    "and/or \"groups\"");
	targets_bad("{\"defaults\": {}}", "t.json: $.defaults: unknown key; a targets file has "
	    "\"default\", \"operations\" and \"groups\"");
	/* "groups" (--by): an array of objects, each with a non-empty "match" of strings. */
	targets_bad("{\"groups\": {}}", "t.json: $.groups: must be an array of objects, each "
	    "with \"match\" and metrics");
	targets_bad("{\"groups\": [{\"p95_ms\": {\"target\": 1}}]}", "t.json: $.groups[0]: "
	    "must be an object with \"match\" and metrics");
	targets_bad("{\"groups\": [{\"match\": {}}]}", "t.json: $.groups[0].match: must be a "
	    "non-empty object mapping --by keys to values or globs, such as "
	    "{\"context.model\": \"gpt-*\"}");
	targets_bad("{\"groups\": [{\"match\": {\"a\": \"x\"}}, {\"match\": {\"b\": 2}}]}",
	    "t.json: $.groups[1].match.b: must be a string (a value or a glob)");
	targets_bad("{\"groups\": [{\"match\": {\"a\": \"x\"}, \"p95\": {}}]}",
	    "t.json: $.groups[0].p95: unknown metric 'p95'; use avg_ms, min_ms, max_ms, "
	    "error_rate_pct or a percentile such as p95_ms");
	targets_bad("{\"default\": []}", "t.json: $.default: must be an object mapping metrics "
	    "to thresholds, such as {\"p95_ms\": {\"target\": 500}}");
	targets_bad("{\"operations\": [\"x\"]}", "t.json: $.operations: must be an object "
	    "mapping operation names or globs to metrics");
	targets_bad("{\"operations\": {\"llm call\": 5}}", "t.json: $.operations[\"llm call\"]: "
	    "must be an object mapping metrics to thresholds, such as {\"p95_ms\": {\"target\": "
	    "500}}");
	targets_bad("{\"operations\": {\"\": {}}}", "t.json: $.operations[\"\"]: an operation "
	    "name or glob must not be empty");
	targets_bad("{\"default\": {\"p95_ms\": 500}}", "t.json: $.default.p95_ms: must be an "
	    "object such as {\"target\": 500, \"critical\": 1000}");
	targets_bad("{\"default\": {\"p95_ms\": {\"critical\": 5}}}", "t.json: $.default.p95_ms: "
	    "has no \"target\"");
	targets_bad("{\"default\": {\"p95_ms\": {\"target\": 5, \"warn\": 3}}}", "t.json: "
	    "$.default.p95_ms.warn: unknown key; a threshold has \"target\" and optionally "
	    "\"critical\"");
}

Test(gate, targets_unknown_metric)
{
	static const char *const bad[] = {"p95", "latency", "count", "p0_ms", "p100_ms",
	    "p_ms", "p9x_ms", "P95_ms", "p95_MS", "p.5_ms", "p5._ms"};
	char text[128], msg[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "{\"operations\": {\"llm_call\": {\"%s\": "
		    "{\"target\": 1}}}}", bad[i]);
		snprintf(msg, sizeof(msg), "t.json: $.operations.llm_call%s%s%s: unknown metric "
		    "'%s'; use avg_ms, min_ms, max_ms, error_rate_pct or a percentile such as "
		    "p95_ms", strchr(bad[i], '.') != NULL ? "[\"" : ".", bad[i],
		    strchr(bad[i], '.') != NULL ? "\"]" : "", bad[i]);
		targets_bad(text, msg);
	}
}

Test(gate, targets_bad_thresholds)
{
	targets_bad("{\"default\": {\"p95_ms\": {\"target\": -5}}}",
	    "t.json: $.default.p95_ms.target: must be a non-negative number");
	targets_bad("{\"default\": {\"p95_ms\": {\"target\": 5, \"critical\": -0.5}}}",
	    "t.json: $.default.p95_ms.critical: must be a non-negative number");
	targets_bad("{\"default\": {\"p95_ms\": {\"target\": \"5\"}}}",
	    "t.json: $.default.p95_ms.target: must be a non-negative number");
	targets_bad("{\"default\": {\"p95_ms\": {\"target\": null}}}",
	    "t.json: $.default.p95_ms.target: must be a non-negative number");
	targets_bad("{\"default\": {\"error_rate_pct\": {\"target\": 100.5}}}",
	    "t.json: $.default.error_rate_pct.target: must be a number from 0 to 100");
	targets_bad("{\"operations\": {\"agent_*\": {\"p95_ms\": {\"target\": 500, "
	    "\"critical\": 400}}}}", "t.json: $.operations[\"agent_*\"].p95_ms.critical: 400 is "
	    "below the target 500; critical must be at least the target");
	targets_bad("{\"default\": {\"p99.9_ms\": {\"target\": 0.5, \"critical\": 0.25}}}",
	    "t.json: $.default.p99.9_ms.critical: 0.25 is below the target 0.5; critical must "
	    "be at least the target");
}

Test(gate, targets_edge_values_accepted)
{
	struct gate_targets *t = targets_ok("{\"default\": {\"p95_ms\": {\"target\": 0, "
	    "\"critical\": 0}, \"error_rate_pct\": {\"target\": 100, \"critical\": 100}}}");

	gate_targets_free(t);
}

Test(gate, percentile_missing_from_the_report_fails_on_apply)
{
	static const struct row_spec rows[] = {{"op", 0, 1, 2, 3, 3, 1, 3}};
	struct report *r = mkreport(rows, 1);
	struct gate_targets *t = targets_ok("{\"operations\": {\"op\": {\"p90_ms\": "
	    "{\"target\": 1}}}}");
	char *err = NULL;

	cr_assert_eq(gate_targets_apply(r, t, &err), -1);
	cr_assert_str_eq(err, "t.json: $.operations.op.p90_ms: this report has no p90_ms (its "
	    "percentiles are 50, 95, 99); add it with --percentiles 50,95,99,90");
	cr_assert(!r->gate.has_targets);
	cr_assert_eq(r->gate.n_targets, 0);
	free(err);
	gate_targets_free(t);
	report_free(r);
}

Test(gate, path_quotes_odd_keys)
{
	targets_bad("{\"operations\": {\"a\\\"b\": {\"x\": {}}}}", "t.json: "
	    "$.operations[\"a\\\"b\"].x: unknown metric 'x'; use avg_ms, min_ms, max_ms, "
	    "error_rate_pct or a percentile such as p95_ms");
	targets_bad("{\"operations\": {\"a\\nb\": 1}}", "t.json: $.operations[\"a\\nb\"]: "
	    "must be an object mapping metrics to thresholds, such as {\"p95_ms\": "
	    "{\"target\": 500}}");
}

/* ---- files ------------------------------------------------------------------------- */

Test(gate, load_reports_unreadable_files)
{
	char *err = NULL;
	char dir[] = "/tmp/test-gate.XXXXXX";
	char *path;
	FILE *f;
	struct gate_targets *t;

	cr_assert_null(gate_targets_load("/nonexistent/t.json", &err));
	cr_assert_str_eq(err, "/nonexistent/t.json: cannot read the targets file (--targets): "
	    "No such file or directory");
	free(err);
	cr_assert_null(gate_baseline_load("/nonexistent/b.json", &err));
	cr_assert_str_eq(err, "/nonexistent/b.json: cannot read the baseline (--baseline): "
	    "No such file or directory");
	free(err);
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_null(gate_targets_load(dir, &err));
	path = xasprintf("%s: is a directory, not the targets file (--targets)", dir);
	cr_assert_str_eq(err, path);
	free(path);
	free(err);
	/* A real file loads, and messages name it as given. */
	path = xasprintf("%s/t.json", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("{\"default\": {\"p95_ms\": {\"target\": -1}}}\n", f);
	fclose(f);
	cr_assert_null(gate_targets_load(path, &err));
	cr_assert_not_null(strstr(err, "/t.json: $.default.p95_ms.target: must be a"));
	free(err);
	f = fopen(path, "w");
	fputs("{\"default\": {\"p95_ms\": {\"target\": 1}}}\n", f);
	fclose(f);
	t = gate_targets_load(path, &err);
	cr_assert_not_null(t);
	gate_targets_free(t);
	unlink(path);
	rmdir(dir);
	free(path);
}

/* ---- baseline ---------------------------------------------------------------------- */

#define BASE_HEAD \
	"{\"schema_version\": 1, \"command\": \"monthly\", \"percentiles\": [50, 95, 99], "

Test(gate, baseline_statuses_and_changes)
{
	/* Baseline avg 100 for each; current 110.5 (+10.5 % regression), 110 (+10 % exactly:
	 * warning), 105.5 (+5.5 % warning), 105 (+5 % exactly: unchanged), 95 (-5 %
	 * exactly: unchanged), 94.5 (-5.5 % improved). */
	static const struct row_spec rows[] = {
		{"r", 0, 110.5, 1, 1, 1, 1, 1},
		{"w10", 0, 110, 1, 1, 1, 1, 1},
		{"w", 0, 105.5, 1, 1, 1, 1, 1},
		{"u5", 0, 105, 1, 1, 1, 1, 1},
		{"u-5", 0, 95, 1, 1, 1, 1, 1},
		{"i", 0, 94.5, 1, 1, 1, 1, 1},
	};
	static const char *const names[] = {"r", "w10", "w", "u5", "u-5", "i"};
	static const enum base_status want[] = {BASE_REGRESSION, BASE_WARNING, BASE_WARNING,
	    BASE_UNCHANGED, BASE_UNCHANGED, BASE_IMPROVED};
	static const double change[] = {10.5, 10, 5.5, 5, -5, -5.5};
	struct report *r = mkreport(rows, 6);
	char *text = xstrdup(BASE_HEAD "\"operations\": ["), *next, *err = NULL;
	struct gate_baseline *b;

	for (size_t i = 0; i < 6; i++) {
		next = xasprintf("%s%s{\"operation\": \"%s\", \"error_rate_pct\": 0, \"avg_ms\": "
		    "100, \"p50_ms\": 1, \"p95_ms\": 1, \"p99_ms\": 1}", text, i > 0 ? ", " : "",
		    names[i]);
		free(text);
		text = next;
	}
	next = xasprintf("%s]}", text);
	free(text);
	b = baseline_ok(next);
	free(next);
	cr_assert_eq(gate_regress_apply(r, b, 10, 5, 0.05, &err), 0, "%s", err);
	cr_assert(r->gate.has_baseline);
	cr_assert_str_eq(r->gate.baseline_file, "b.json");
	/* error rate, avg and three percentiles per operation */
	cr_assert_eq(r->gate.n_baseline, 30);
	for (size_t i = 0; i < 6; i++) {
		const struct baseline_result *res = find_base(r, names[i], "avg_ms");

		cr_assert_not_null(res);
		cr_assert(res->has_change);
		cr_assert(near(res->change_pct, change[i]), "%s: %.17g", names[i], res->change_pct);
		cr_assert_eq(res->status, want[i], "%s: %d", names[i], res->status);
		cr_assert(near(res->baseline, 100));
		cr_assert_eq(find_base(r, names[i], "p95_ms")->status, BASE_UNCHANGED);
	}
	cr_assert_eq(r->gate.n_regression, 1);
	cr_assert_eq(r->gate.n_base_warning, 2);
	cr_assert_eq(r->gate.n_improved, 1);
	cr_assert_eq(r->gate.n_unchanged, 26);
	/* Row status: the highest of unchanged < improved < warning < regression. */
	cr_assert_eq(r->gate.row_baseline[0], BASE_REGRESSION);
	cr_assert_eq(r->gate.row_baseline[3], BASE_UNCHANGED);
	cr_assert_eq(r->gate.row_baseline[5], BASE_IMPROVED);
	gate_baseline_free(b);
	report_free(r);
}

Test(gate, baseline_zero_values)
{
	/* error rate 0 -> 0: unchanged, no change; 0 -> 0.5: regression, no change. */
	static const struct row_spec rows[] = {
		{"same", 0, 10, 10, 10, 10, 1, 10},
		{"fails", 0.5, 10, 10, 10, 10, 1, 10},
	};
	struct report *r = mkreport(rows, 2);
	struct gate_baseline *b = baseline_ok(BASE_HEAD "\"operations\": ["
	    "{\"operation\": \"same\", \"error_rate_pct\": 0, \"avg_ms\": 10, \"p50_ms\": 10, "
	    "\"p95_ms\": 10, \"p99_ms\": 10},"
	    "{\"operation\": \"fails\", \"error_rate_pct\": 0, \"avg_ms\": 10, \"p50_ms\": 10, "
	    "\"p95_ms\": 10, \"p99_ms\": 10}]}");
	const struct baseline_result *res;
	char *err = NULL;

	cr_assert_eq(gate_regress_apply(r, b, 10, 5, 0.05, &err), 0);
	res = find_base(r, "same", "error_rate_pct");
	cr_assert(!res->has_change);
	cr_assert_eq(res->status, BASE_UNCHANGED);
	res = find_base(r, "fails", "error_rate_pct");
	cr_assert(!res->has_change);
	cr_assert_eq(res->status, BASE_REGRESSION);
	cr_assert(near(res->current, 0.5) && near(res->baseline, 0));
	cr_assert_eq(r->gate.row_baseline[1], BASE_REGRESSION);
	gate_baseline_free(b);
	report_free(r);
}

Test(gate, baseline_custom_levels)
{
	/* 100 -> 112: +12 % is a warning under --regress-pct 15 --warn-pct 10, and 100 -> 91
	 * (-9 %) is unchanged (not better than 10 %). */
	static const struct row_spec rows[] = {{"op", 0, 112, 91, 100, 100, 1, 1}};
	struct report *r = mkreport(rows, 1);
	struct gate_baseline *b = baseline_ok(BASE_HEAD "\"operations\": [{\"operation\": "
	    "\"op\", \"error_rate_pct\": 0, \"avg_ms\": 100, \"p50_ms\": 100, \"p95_ms\": 100, "
	    "\"p99_ms\": 100}]}");
	char *err = NULL;

	cr_assert_eq(gate_regress_apply(r, b, 15, 10, 0.05, &err), 0);
	cr_assert_eq(find_base(r, "op", "avg_ms")->status, BASE_WARNING);
	cr_assert_eq(find_base(r, "op", "p50_ms")->status, BASE_UNCHANGED);
	gate_baseline_free(b);
	report_free(r);
}

Test(gate, baseline_operations_on_one_side)
{
	static const struct row_spec rows[] = {
		{"zeta", 0, 1, 1, 1, 1, 1, 1},
		{"both", 0, 1, 1, 1, 1, 1, 1},
		{"alpha", 0, 1, 1, 1, 1, 1, 1},
	};
	struct report *r = mkreport(rows, 3);
	struct gate_baseline *b = baseline_ok(BASE_HEAD "\"operations\": ["
	    "{\"operation\": \"gone2\", \"error_rate_pct\": 0, \"avg_ms\": 1, \"p50_ms\": 1, "
	    "\"p95_ms\": 1, \"p99_ms\": 1},"
	    "{\"operation\": \"both\", \"error_rate_pct\": 0, \"avg_ms\": 1, \"p50_ms\": 1, "
	    "\"p95_ms\": 1, \"p99_ms\": 1},"
	    "{\"operation\": \"gone1\", \"error_rate_pct\": 0, \"avg_ms\": 1, \"p50_ms\": 1, "
	    "\"p95_ms\": 1, \"p99_ms\": 1}]}");
	char *err = NULL;

	cr_assert_eq(gate_regress_apply(r, b, 10, 5, 0.05, &err), 0);
	cr_assert_eq(r->gate.n_only_current, 2);
	cr_assert_str_eq(r->gate.only_current[0], "alpha");
	cr_assert_str_eq(r->gate.only_current[1], "zeta");
	cr_assert_eq(r->gate.n_only_baseline, 2);
	cr_assert_str_eq(r->gate.only_baseline[0], "gone1");
	cr_assert_str_eq(r->gate.only_baseline[1], "gone2");
	cr_assert_eq(r->gate.row_baseline[0], BASE_NEW);
	cr_assert_eq(r->gate.row_baseline[1], BASE_UNCHANGED);
	cr_assert_eq(r->gate.row_baseline[2], BASE_NEW);
	cr_assert_eq(r->gate.n_baseline, 5); /* "both" only */
	gate_baseline_free(b);
	report_free(r);
}

Test(gate, baseline_percentiles_same_set_any_order)
{
	static const struct row_spec rows[] = {{"op", 0, 1, 50, 95, 99, 1, 1}};
	struct report *r = mkreport(rows, 1);
	/* The baseline lists 99, 50, 95: its p95 is 95 * 1.2 = 114 -> current 95 improved. */
	struct gate_baseline *b = baseline_ok("{\"schema_version\": 1, \"percentiles\": "
	    "[99, 50, 95], \"operations\": [{\"operation\": \"op\", \"error_rate_pct\": 0, "
	    "\"avg_ms\": 1, \"p99_ms\": 99, \"p50_ms\": 50, \"p95_ms\": 114}]}");
	char *err = NULL;

	cr_assert_eq(gate_regress_apply(r, b, 10, 5, 0.05, &err), 0, "%s", err);
	cr_assert(near(find_base(r, "op", "p95_ms")->baseline, 114));
	cr_assert_eq(find_base(r, "op", "p95_ms")->status, BASE_IMPROVED);
	cr_assert_eq(find_base(r, "op", "p99_ms")->status, BASE_UNCHANGED);
	/* Column order of the report, not of the baseline. */
	cr_assert_str_eq(r->gate.baseline[2].metric, "p50_ms");
	gate_baseline_free(b);
	report_free(r);
}

/* Percentiles the baseline does not hold are left out, and said (SPEC section 16): the
 * row compares its error rate, avg and p50 only. */
Test(gate, baseline_different_percentiles_left_out)
{
	static const double pcts[2] = {50, 90};
	static const struct row_spec rows[] = {{"op", 0, 1, 50, 95, 99, 1, 1}};
	struct report *r = mkreport_pcts(rows, 1, pcts, 2);
	struct gate_baseline *b = baseline_ok(BASE_HEAD "\"operations\": [{\"operation\": "
	    "\"op\", \"error_rate_pct\": 0, \"avg_ms\": 1, \"p50_ms\": 100, \"p95_ms\": 95, "
	    "\"p99_ms\": 99}]}");
	char *err = NULL;

	cr_assert_eq(gate_regress_apply(r, b, 10, 5, 0.05, &err), 0, "%s", err);
	cr_assert(r->gate.has_baseline);
	cr_assert_eq(r->gate.n_row_metrics, 3);
	cr_assert_eq(r->gate.n_baseline, 3);
	cr_assert_str_eq(r->gate.baseline[0].metric, "error_rate_pct");
	cr_assert_str_eq(r->gate.baseline[1].metric, "avg_ms");
	cr_assert_str_eq(r->gate.baseline[2].metric, "p50_ms");
	cr_assert(near(r->gate.baseline[2].baseline, 100));
	cr_assert_null(find_base(r, "op", "p90_ms"));
	cr_assert_str_eq(r->gate.pcts_note, "p90 of --percentiles is not compared: the "
	    "baseline (a saved report) holds only p50, p95, p99");
	gate_baseline_free(b);
	report_free(r);
}

Test(gate, baseline_errors)
{
	baseline_bad("{\"schema_version\": 1", "b.json:1:20: not valid JSON: '}' expected "
	    "near end of file (a baseline is one JSON report saved with --format json -o "
	    "FILE)");
	baseline_bad("[]", "b.json: $: must be an object: a baseline is a report saved with "
	    "--format json -o FILE");
	baseline_bad("{\"percentiles\": [50]}", "b.json: $.schema_version: missing; a baseline "
	    "is a report saved with --format json -o FILE");
	baseline_bad("{\"schema_version\": 2}", "b.json: $.schema_version: version 2 is not "
	    "supported (this perf-reporter reads version 1); make a new baseline with --format "
	    "json -o FILE");
	baseline_bad("{\"schema_version\": \"1\"}", "b.json: $.schema_version: version of the "
	    "wrong type is not supported (this perf-reporter reads version 1); make a new "
	    "baseline with --format json -o FILE");
	/* (Without the key the set comes from the rows: baseline_without_percentiles_key.) */
	baseline_bad("{\"schema_version\": 1, \"percentiles\": null}", "b.json: $.percentiles: "
	    "must be an array of 1 to 16 percentiles");
	baseline_bad("{\"schema_version\": 1, \"percentiles\": [50, 100]}", "b.json: "
	    "$.percentiles[1]: must be a number strictly between 0 and 100");
	baseline_bad("{\"schema_version\": 1, \"percentiles\": [50, 50]}", "b.json: "
	    "$.percentiles[1]: listed twice");
	baseline_bad(BASE_HEAD "\"operations\": {}}", "b.json: $.operations: must be an array "
	    "of operation rows");
	baseline_bad(BASE_HEAD "\"operations\": [1]}", "b.json: $.operations[0]: must be an "
	    "object");
	baseline_bad(BASE_HEAD "\"operations\": [{\"operation\": 5}]}", "b.json: "
	    "$.operations[0].operation: must be a non-empty string");
	baseline_bad(BASE_HEAD "\"operations\": [{\"operation\": \"x\", \"avg_ms\": 1}]}",
	    "b.json: $.operations[0].error_rate_pct: missing; a baseline is a report saved "
	    "with --format json -o FILE");
	baseline_bad(BASE_HEAD "\"operations\": [{\"operation\": \"x\", \"error_rate_pct\": 0, "
	    "\"avg_ms\": -1}]}", "b.json: $.operations[0].avg_ms: must be a non-negative "
	    "number");
	baseline_bad(BASE_HEAD "\"operations\": [{\"operation\": \"x\", \"error_rate_pct\": 0, "
	    "\"avg_ms\": 1, \"p50_ms\": 1, \"p99_ms\": 1}]}", "b.json: $.operations[0].p95_ms: "
	    "missing, though $.percentiles lists it");
	baseline_bad(BASE_HEAD "\"operations\": [{\"operation\": \"x\", \"error_rate_pct\": 0, "
	    "\"avg_ms\": 1, \"p50_ms\": 1, \"p95_ms\": 1, \"p99_ms\": 1}, {\"operation\": \"y\", "
	    "\"error_rate_pct\": 0, \"avg_ms\": 1, \"p50_ms\": 1, \"p95_ms\": 1, \"p99_ms\": 1},"
	    "{\"operation\": \"x\", \"error_rate_pct\": 0, \"avg_ms\": 1, \"p50_ms\": 1, "
	    "\"p95_ms\": 1, \"p99_ms\": 1}]}", "b.json: $.operations[2].operation: 'x' is "
	    "listed twice");
}

Test(gate, baseline_ignores_other_keys)
{
	struct gate_baseline *b = baseline_ok(BASE_HEAD "\"verdict\": {\"level\": \"ok\"}, "
	    "\"targets\": 5, \"operations\": [{\"operation\": \"x\", \"count\": 3, \"flags\": [],"
	    " \"error_rate_pct\": 0, \"avg_ms\": 1, \"p50_ms\": 1, \"p95_ms\": 1, "
	    "\"p99_ms\": 1}]}");

	gate_baseline_free(b);
}

/* ---- verdict ----------------------------------------------------------------------- */

/* A report with one row and n critical findings (nothing else matters to the verdict). */
static struct report *
with_findings(size_t n)
{
	static const struct row_spec one[] = {{"op", 0, 1, 1, 1, 1, 1, 1}};
	struct report *r = mkreport(one, 1);

	r->n_findings = n;
	r->findings = xcalloc(n + 1, sizeof(*r->findings));
	for (size_t i = 0; i < n; i++) {
		r->findings[i].operation = xstrdup("op");
		r->findings[i].message = xstrdup("m");
		r->findings[i].level = LEVEL_CRITICAL;
	}
	return r;
}

Test(gate, verdict_no_data_without_rows)
{
	static const struct row_spec rows[] = {{"a", 0, 1, 1, 1, 1, 1, 1}};
	struct report *r = mkreport(NULL, 0);

	gate_verdict(r);
	cr_assert_eq(r->gate.level, VERDICT_NO_DATA);
	cr_assert_str_eq(r->gate.verdict, "no data: no record in the window");
	cr_assert_str_eq(gate_level_name(r->gate.level), "no_data");
	report_free(r);
	/* A targets file does not turn no data into a pass; an exact name with no row is
	 * no_data (a warning), a glob or the default applies to no row at all. */
	r = mkreport(NULL, 0);
	apply_targets(r, "{\"default\": {\"p95_ms\": {\"target\": 100}}, \"operations\": "
	    "{\"a\": {\"avg_ms\": {\"target\": 5}, \"p95_ms\": {\"target\": 9}}, "
	    "\"b*\": {\"avg_ms\": {\"target\": 5}}}}");
	cr_assert_eq(r->gate.n_targets, 2);
	cr_assert_eq(r->gate.n_target_no_data, 2);
	cr_assert_str_eq(r->gate.targets[0].operation, "a");
	cr_assert_str_eq(r->gate.targets[0].metric, "avg_ms");
	cr_assert_str_eq(r->gate.targets[1].metric, "p95_ms");
	cr_assert_not(r->gate.targets[0].has_value);
	cr_assert_eq(r->gate.targets[0].status, TARGET_NO_DATA);
	cr_assert_str_eq(gate_target_status_name(TARGET_NO_DATA), "no_data");
	gate_verdict(r);
	cr_assert_eq(r->gate.level, VERDICT_NO_DATA);
	report_free(r);
	/* With rows, an exact name that has none counts as a warning. */
	r = mkreport(rows, 1);
	apply_targets(r, "{\"operations\": {\"a\": {\"avg_ms\": {\"target\": 5}}, "
	    "\"gone\": {\"avg_ms\": {\"target\": 5}}}}");
	gate_verdict(r);
	cr_assert_eq(r->gate.level, VERDICT_WARNING);
	cr_assert_str_eq(r->gate.verdict, "1 warning \xc2\xb7 1 of 2 targets met");
	report_free(r);
}

Test(gate, outlier_findings_are_warnings_in_the_verdict)
{
	struct report *r = with_findings(2);

	r->findings[0].level = LEVEL_WARNING;
	gate_verdict(r);
	cr_assert_eq(r->gate.level, VERDICT_CRITICAL);
	cr_assert_str_eq(r->gate.verdict, "1 degradation, 1 warning");
	r->findings[1].level = LEVEL_WARNING;
	gate_verdict(r);
	cr_assert_eq(r->gate.level, VERDICT_WARNING);
	cr_assert_str_eq(r->gate.verdict, "2 warnings");
	report_free(r);
}

Test(gate, verdict_without_gate_options)
{
	struct report *r = with_findings(0);

	gate_verdict(r);
	cr_assert_eq(r->gate.level, VERDICT_OK);
	cr_assert_str_eq(r->gate.verdict, "no degradation");
	report_free(r);
	r = with_findings(1);
	gate_verdict(r);
	cr_assert_eq(r->gate.level, VERDICT_CRITICAL);
	cr_assert_str_eq(r->gate.verdict, "1 degradation");
	/* Running it again replaces the text. */
	gate_verdict(r);
	cr_assert_str_eq(r->gate.verdict, "1 degradation");
	report_free(r);
	r = with_findings(3);
	gate_verdict(r);
	cr_assert_str_eq(r->gate.verdict, "3 degradations");
	report_free(r);
}

Test(gate, verdict_with_targets)
{
	static const struct row_spec rows[] = {
		{"a", 0, 1, 1, 1, 1, 1, 1},
		{"b", 0, 1, 1, 150, 1, 1, 1},
		{"c", 0, 1, 1, 150, 1, 1, 1},
	};
	struct report *r = mkreport(rows, 3);

	apply_targets(r, "{\"default\": {\"p95_ms\": {\"target\": 200}}}");
	gate_verdict(r);
	cr_assert_eq(r->gate.level, VERDICT_OK);
	cr_assert_str_eq(r->gate.verdict, "no degradation \xc2\xb7 3 of 3 targets met");
	report_free(r);

	r = mkreport(rows, 3);
	apply_targets(r, "{\"default\": {\"p95_ms\": {\"target\": 100}}}");
	gate_verdict(r);
	cr_assert_eq(r->gate.level, VERDICT_WARNING);
	cr_assert_str_eq(r->gate.verdict, "2 warnings \xc2\xb7 1 of 3 targets met");
	report_free(r);

	r = mkreport(rows, 3);
	apply_targets(r, "{\"default\": {\"p95_ms\": {\"target\": 100, \"critical\": 120}},"
	    "\"operations\": {\"c\": {\"p95_ms\": {\"target\": 100}}}}");
	gate_verdict(r);
	cr_assert_eq(r->gate.level, VERDICT_CRITICAL);
	cr_assert_str_eq(r->gate.verdict, "1 critical target, 1 warning \xc2\xb7 1 of 3 targets "
	    "met");
	report_free(r);
}

Test(gate, verdict_with_everything)
{
	/* a: avg 100 -> 120 regression, p50 100 -> 107 warning; b: avg 100 -> 90
	 * improved; p95 target 100, critical 200: a 250 critical, b 150 warning. Two
	 * findings. */
	static const struct row_spec rows[] = {
		{"a", 0, 120, 107, 250, 100, 1, 1},
		{"b", 0, 90, 100, 150, 100, 1, 1},
	};
	struct report *r = mkreport(rows, 2);
	struct gate_baseline *b = baseline_ok(BASE_HEAD "\"operations\": ["
	    "{\"operation\": \"a\", \"error_rate_pct\": 0, \"avg_ms\": 100, \"p50_ms\": 100, "
	    "\"p95_ms\": 250, \"p99_ms\": 100},"
	    "{\"operation\": \"b\", \"error_rate_pct\": 0, \"avg_ms\": 100, \"p50_ms\": 100, "
	    "\"p95_ms\": 150, \"p99_ms\": 100}]}");
	char *err = NULL;

	r->n_findings = 2;
	r->findings = xcalloc(2, sizeof(*r->findings));
	for (size_t i = 0; i < 2; i++) {
		r->findings[i].operation = xstrdup("a");
		r->findings[i].message = xstrdup("m");
		r->findings[i].level = LEVEL_CRITICAL;
	}
	apply_targets(r, "{\"default\": {\"p95_ms\": {\"target\": 100, \"critical\": 200}}}");
	cr_assert_eq(gate_regress_apply(r, b, 10, 5, 0.05, &err), 0);
	gate_verdict(r);
	cr_assert_eq(r->gate.level, VERDICT_CRITICAL);
	cr_assert_str_eq(r->gate.verdict, "1 regression, 1 critical target, 2 degradations, "
	    "2 warnings \xc2\xb7 0 of 2 targets met \xc2\xb7 1 improved");
	gate_baseline_free(b);
	report_free(r);
}

Test(gate, baseline_warning_alone_is_a_warning_verdict)
{
	static const struct row_spec rows[] = {{"a", 0, 107, 100, 100, 100, 1, 1}};
	struct report *r = mkreport(rows, 1);
	struct gate_baseline *b = baseline_ok(BASE_HEAD "\"operations\": [{\"operation\": "
	    "\"a\", \"error_rate_pct\": 0, \"avg_ms\": 100, \"p50_ms\": 100, \"p95_ms\": 100, "
	    "\"p99_ms\": 100}]}");
	char *err = NULL;

	cr_assert_eq(gate_regress_apply(r, b, 10, 5, 0.05, &err), 0);
	gate_verdict(r);
	cr_assert_eq(r->gate.level, VERDICT_WARNING);
	cr_assert_str_eq(r->gate.verdict, "1 warning");
	gate_baseline_free(b);
	report_free(r);
}

Test(gate, status_names)
{
	cr_assert_str_eq(gate_target_status_name(TARGET_NONE), "");
	cr_assert_str_eq(gate_target_status_name(TARGET_MET), "met");
	cr_assert_str_eq(gate_target_status_name(TARGET_WARNING), "warning");
	cr_assert_str_eq(gate_target_status_name(TARGET_CRITICAL), "critical");
	cr_assert_str_eq(gate_base_status_name(BASE_NEW), "new");
	cr_assert_str_eq(gate_base_status_name(BASE_UNCHANGED), "unchanged");
	cr_assert_str_eq(gate_base_status_name(BASE_IMPROVED), "improved");
	cr_assert_str_eq(gate_base_status_name(BASE_WARNING), "warning");
	cr_assert_str_eq(gate_base_status_name(BASE_REGRESSION), "regression");
	cr_assert_str_eq(gate_level_name(VERDICT_OK), "ok");
	cr_assert_str_eq(gate_level_name(VERDICT_WARNING), "warning");
	cr_assert_str_eq(gate_level_name(VERDICT_CRITICAL), "critical");
}

/* ---- baseline: significance (SPEC sections 10 and 12) ------------------------------- */

Test(gate, baseline_changes_count_only_when_significant)
{
	/* a: +20 % on avg, but 20 vs 200 records with a wide spread (Welch p = 0.107);
	 * b: +20 % with a narrow spread (p ~ 1.7e-257); the error rate 1 % -> 2.5 %
	 * (5 of 200): binomial P(X >= 5 | 200, 0.01) = 0.0517. */
	static const struct row_spec rows[] = {
		{"a", 0, 120, 100, 100, 100, 1, 1},
		{"b", 2.5, 120, 100, 100, 100, 1, 1},
	};
	struct report *r = mkreport(rows, 2);
	struct gate_baseline *b = baseline_ok(BASE_HEAD "\"operations\": ["
	    "{\"operation\": \"a\", \"count\": 20, \"error_rate_pct\": 0, \"avg_ms\": 100, "
	    "\"stddev_ms\": 50, \"p50_ms\": 100, \"p95_ms\": 100, \"p99_ms\": 100},"
	    "{\"operation\": \"b\", \"count\": 200, \"error_rate_pct\": 1, \"avg_ms\": 100, "
	    "\"stddev_ms\": 1, \"p50_ms\": 100, \"p95_ms\": 100, \"p99_ms\": 100}]}");
	const struct baseline_result *res;
	char *err = NULL;

	r->rows[0].has_stddev = true;
	r->rows[0].stddev_ms = 60;
	r->rows[1].has_stddev = true;
	r->rows[1].stddev_ms = 2;
	cr_assert_eq(gate_regress_apply(r, b, 10, 5, 0.05, &err), 0, "%s", err);
	res = find_base(r, "a", "avg_ms");
	cr_assert(res->has_p_value);
	cr_assert(near(res->p_value, 0.10699122893454269), "p = %.17g", res->p_value);
	cr_assert(near(res->change_pct, 20));
	cr_assert_eq(res->status, BASE_UNCHANGED);
	cr_assert_eq(res->base_count, 20);
	cr_assert_eq(res->count, 200);
	res = find_base(r, "b", "avg_ms");
	cr_assert(res->p_value < 1e-200, "p = %g", res->p_value);
	cr_assert_eq(res->status, BASE_REGRESSION);
	res = find_base(r, "b", "error_rate_pct");
	cr_assert(near(res->p_value, 0.05174626363078591), "p = %.17g", res->p_value);
	cr_assert_eq(res->status, BASE_UNCHANGED);
	gate_baseline_free(b);
	report_free(r);

	/* alpha 1: the tests off, the sizes alone decide. */
	r = mkreport(rows, 2);
	b = baseline_ok(BASE_HEAD "\"operations\": ["
	    "{\"operation\": \"a\", \"count\": 20, \"error_rate_pct\": 0, \"avg_ms\": 100, "
	    "\"stddev_ms\": 50, \"p50_ms\": 100, \"p95_ms\": 100, \"p99_ms\": 100}]}");
	r->rows[0].has_stddev = true;
	r->rows[0].stddev_ms = 60;
	cr_assert_eq(gate_regress_apply(r, b, 10, 5, 1, &err), 0, "%s", err);
	cr_assert_eq(find_base(r, "a", "avg_ms")->status, BASE_REGRESSION);
	gate_baseline_free(b);
	report_free(r);
}

Test(gate, baseline_without_stddev_counts_on_size_alone)
{
	static const struct row_spec rows[] = {{"a", 0, 120, 100, 100, 100, 1, 1}};
	struct report *r = mkreport(rows, 1);
	struct gate_baseline *b = baseline_ok(BASE_HEAD "\"operations\": [{\"operation\": "
	    "\"a\", \"count\": 20, \"error_rate_pct\": 0, \"avg_ms\": 100, \"p50_ms\": 100, "
	    "\"p95_ms\": 100, \"p99_ms\": 100}]}");
	const struct baseline_result *res;
	char *err = NULL;

	r->rows[0].has_stddev = true;
	r->rows[0].stddev_ms = 60;
	cr_assert_eq(gate_regress_apply(r, b, 10, 5, 0.05, &err), 0, "%s", err);
	res = find_base(r, "a", "avg_ms");
	cr_assert_not(res->has_p_value);
	cr_assert_eq(res->status, BASE_REGRESSION);
	gate_baseline_free(b);
	report_free(r);
}

Test(gate, baseline_bad_count_or_stddev)
{
	baseline_bad(BASE_HEAD "\"operations\": [{\"operation\": \"a\", \"count\": -1, "
	    "\"error_rate_pct\": 0, \"avg_ms\": 1, \"p50_ms\": 1, \"p95_ms\": 1, \"p99_ms\": 1}]}",
	    "b.json: $.operations[0].count: must be a whole number, 0 or more");
	baseline_bad(BASE_HEAD "\"operations\": [{\"operation\": \"a\", \"stddev_ms\": \"x\", "
	    "\"error_rate_pct\": 0, \"avg_ms\": 1, \"p50_ms\": 1, \"p95_ms\": 1, \"p99_ms\": 1}]}",
	    "b.json: $.operations[0].stddev_ms: must be a non-negative number or null");
}

/* ---- a saved report without "percentiles" (saved by earlier versions; SPEC section 6
 * does not name the key) ---------------------------------------------------------------- */

#define ROW_NO_PCTS(name, p95) \
	"{\"operation\": \"" name "\", \"error_rate_pct\": 0, \"avg_ms\": 1, \"p99_ms\": 99, " \
	"\"p50_ms\": 50, \"p95_ms\": " p95 "}"

Test(gate, baseline_without_percentiles_key_reads_the_first_rows_columns)
{
	static const struct row_spec rows[] = {{"op", 0, 1, 50, 95, 99, 1, 1}};
	struct report *r = mkreport(rows, 1);
	/* The first row's columns in its order: 99, 50, 95; its p95 114 -> 95 is improved. */
	struct gate_baseline *b = baseline_ok("{\"schema_version\": 1, \"operations\": ["
	    ROW_NO_PCTS("op", "114") "]}");
	char *err = NULL;

	cr_assert_eq(b->n_pcts, 3);
	cr_assert(b->pcts_from_rows);
	cr_assert(near(b->pcts[0], 99) && near(b->pcts[1], 50) && near(b->pcts[2], 95));
	cr_assert_eq(gate_regress_apply(r, b, 10, 5, 0.05, &err), 0, "%s", err);
	cr_assert(near(find_base(r, "op", "p95_ms")->baseline, 114));
	cr_assert_eq(find_base(r, "op", "p95_ms")->status, BASE_IMPROVED);
	cr_assert_eq(find_base(r, "op", "p99_ms")->status, BASE_UNCHANGED);
	gate_baseline_free(b);
	report_free(r);
}

Test(gate, baseline_without_percentiles_key_odd_columns)
{
	struct gate_baseline *b;

	/* p99.9_ms is a column; p50.0_ms (not the shortest form, so never written by
	 * perf-reporter), p0_ms and p100_ms are not percentile columns and are ignored. */
	b = baseline_ok("{\"schema_version\": 1, \"operations\": [{\"operation\": \"x\", "
	    "\"error_rate_pct\": 0, \"avg_ms\": 1, \"p99.9_ms\": 3, \"p50.0_ms\": 1, "
	    "\"p0_ms\": 1, \"p100_ms\": 1}]}");
	cr_assert_eq(b->n_pcts, 1);
	cr_assert(near(b->pcts[0], 99.9));
	cr_assert(near(b->rows[0].pct[0], 3));
	gate_baseline_free(b);
}

Test(gate, baseline_without_percentiles_key_and_rows_matches_any_set)
{
	static const double pcts[2] = {50, 90};
	static const struct row_spec rows[] = {{"op", 0, 1, 50, 95, 99, 1, 1}};
	struct report *r = mkreport_pcts(rows, 1, pcts, 2);
	struct gate_baseline *b = baseline_ok("{\"schema_version\": 1, \"operations\": []}");
	struct cmp_op *ops = NULL;
	size_t n = 5, map[2];
	char *err = NULL;

	cr_assert_eq(b->n_pcts, 0);
	cr_assert_eq(gate_regress_apply(r, b, 10, 5, 0.05, &err), 0, "%s", err);
	cr_assert_eq(r->gate.n_only_current, 1);
	cr_assert_null(r->gate.pcts_note); /* no set: nothing is said to be left out */
	cr_assert_eq(gate_baseline_match_pcts(pcts, 2, b, map), 0);
	gate_baseline_ops(b, map, 2, &ops, &n);
	cr_assert_eq(n, 0);
	free(ops);
	gate_baseline_free(b);
	report_free(r);
}

Test(gate, baseline_without_percentiles_key_errors)
{
	static const double pcts[2] = {50, 90};
	static const struct row_spec rows[] = {{"op", 0, 1, 50, 95, 99, 1, 1}};
	struct report *r = mkreport_pcts(rows, 1, pcts, 2);
	struct gate_baseline *b;
	char *err = NULL;

	baseline_bad("{\"schema_version\": 1, \"operations\": [{\"operation\": \"x\", "
	    "\"error_rate_pct\": 0, \"avg_ms\": 1, \"p50.0_ms\": 1}]}", "b.json: "
	    "$.percentiles: missing, and $.operations[0] has no percentile column such as "
	    "p95_ms; a baseline is a report saved with --format json -o FILE");
	baseline_bad("{\"schema_version\": 1, \"operations\": [" ROW_NO_PCTS("x", "1") ", "
	    "{\"operation\": \"y\", \"error_rate_pct\": 0, \"avg_ms\": 1, \"p50_ms\": 1, "
	    "\"p99_ms\": 1}]}", "b.json: $.operations[1].p95_ms: missing, though "
	    "$.operations[0] has it (without $.percentiles, every row has the first row's "
	    "percentile columns)");
	baseline_bad("{\"schema_version\": 1, \"operations\": [" ROW_NO_PCTS("x", "1") ", "
	    "{\"operation\": \"y\", \"error_rate_pct\": 0, \"avg_ms\": 1, \"p50_ms\": 1, "
	    "\"p95_ms\": 1, \"p99_ms\": 1, \"p75_ms\": 1}]}", "b.json: $.operations[1].p75_ms: "
	    "$.operations[0] has no such column (without $.percentiles, every row has the "
	    "first row's percentile columns)");
	b = baseline_ok("{\"schema_version\": 1, \"operations\": [" ROW_NO_PCTS("op", "1") "]}");
	cr_assert_eq(gate_regress_apply(r, b, 10, 5, 0.05, &err), 0, "%s", err);
	cr_assert_str_eq(r->gate.pcts_note, "p90 of --percentiles is not compared: the "
	    "baseline (a saved report) holds only p99, p50, p95");
	cr_assert_eq(r->gate.n_row_metrics, 3);
	gate_baseline_free(b);
	report_free(r);
}

/* The change rule's epsilon (change.h), as compare applies it too (test-compare.c): 0.1 +
 * 0.2 read back against 0.3 is a rounding change of ~1.9e-14 %, which is 0, so unchanged
 * even under --warn-pct 0 --regress-pct 0. */
Test(gate, baseline_rounding_change_is_zero)
{
	static const struct row_spec rows[] = {{"op", 0, 0.1 + 0.2, 50, 95, 99, 1, 1}};
	struct report *r = mkreport(rows, 1);
	struct gate_baseline *b = baseline_ok(BASE_HEAD "\"operations\": [{\"operation\": "
	    "\"op\", \"error_rate_pct\": 0, \"avg_ms\": 0.3, \"p50_ms\": 50, \"p95_ms\": 95, "
	    "\"p99_ms\": 99}]}");
	const struct baseline_result *res;
	char *err = NULL;

	cr_assert(!same_double(0.1 + 0.2, 0.3));
	cr_assert_eq(gate_regress_apply(r, b, 0, 0, 1, &err), 0, "%s", err);
	res = find_base(r, "op", "avg_ms");
	cr_assert(res->has_change);
	cr_assert(same_double(res->change_pct, 0), "%g", res->change_pct);
	cr_assert_eq(res->status, BASE_UNCHANGED);
	gate_baseline_free(b);
	report_free(r);
}

/* A pytest-benchmark file (SPEC section 16) with two benchmarks: seconds in the file,
 * milliseconds in the rows. */
#define PYTEST_HEAD "{\"machine_info\": {\"node\": \"x\"}, \"commit_info\": {}, \"benchmarks\": ["
#define PYTEST_MARK(name, rounds, mean, median, stddev, extra) \
	"{\"group\": null, \"name\": \"n\", \"fullname\": \"" name "\", \"params\": null, " \
	"\"stats\": {\"min\": 0.001, \"max\": 0.01, \"mean\": " mean ", \"stddev\": " stddev \
	", \"rounds\": " rounds ", \"median\": " median ", \"iqr\": 0.0001, \"q1\": 0.001, " \
	"\"q3\": 0.002, \"iterations\": 1" extra "}}"
#define PYTEST_TAIL "], \"datetime\": \"2026-12-07T10:00:00.000000\", \"version\": \"4.0.0\"}"

/* Its rows: fullname, rounds, mean, stddev and median (as p50), error rate 0; p50 only. */
Test(gate, pytest_benchmark_summary)
{
	struct gate_baseline *b = baseline_ok(PYTEST_HEAD
	    PYTEST_MARK("t.py::test_b", "20", "0.0025", "0.002", "0.0005", "") ", "
	    PYTEST_MARK("t.py::test_a", "1", "1.5", "1.5", "0", "") PYTEST_TAIL);
	const struct gate_brow *row = gate_baseline_find(b, "t.py::test_b");

	cr_assert_str_eq(b->kind, "pytest-benchmark summary");
	cr_assert(!b->raw_times);
	cr_assert_eq(b->n_pcts, 1);
	cr_assert(near(b->pcts[0], 50));
	cr_assert_eq(b->n_rows, 2);
	cr_assert_str_eq(b->rows[0].operation, "t.py::test_a"); /* sorted by name */
	cr_assert_not_null(row);
	cr_assert_eq(row->count, 20);
	cr_assert(near(row->avg, 2.5));
	cr_assert(near(row->pct[0], 2));
	cr_assert(row->has_stddev);
	cr_assert(near(row->stddev, 0.5));
	cr_assert(near(row->error_rate, 0));
	gate_baseline_free(b);
	b = baseline_ok(PYTEST_HEAD PYTEST_MARK("t.py::test_b", "2", "0.0025", "0.002",
	    "0.0005", ", \"data\": [0.002, 0.003]") PYTEST_TAIL);
	cr_assert(b->raw_times);
	gate_baseline_free(b);
}

Test(gate, pytest_benchmark_errors)
{
	baseline_bad(PYTEST_HEAD PYTEST_MARK("a", "-1", "1", "1", "0", "") PYTEST_TAIL,
	    "b.json: $.benchmarks[0].stats.rounds: must be a whole number, 0 or more");
	baseline_bad(PYTEST_HEAD PYTEST_MARK("a", "2", "\"1\"", "1", "0", "") PYTEST_TAIL,
	    "b.json: $.benchmarks[0].stats.mean: must be a non-negative number (seconds, as "
	    "pytest --benchmark-json writes it)");
	baseline_bad(PYTEST_HEAD PYTEST_MARK("", "2", "1", "1", "0", "") PYTEST_TAIL,
	    "b.json: $.benchmarks[0].fullname: must be a non-empty string");
	baseline_bad(PYTEST_HEAD "{\"fullname\": \"a\"}" PYTEST_TAIL,
	    "b.json: $.benchmarks[0].stats: must be an object (a file of pytest "
	    "--benchmark-json)");
	baseline_bad(PYTEST_HEAD PYTEST_MARK("a", "2", "1", "1", "0", "") ", "
	    PYTEST_MARK("a", "3", "1", "1", "0", "") PYTEST_TAIL,
	    "b.json: $.benchmarks[1].fullname: 'a' is listed twice");
}

/* As a baseline: avg and p50 compared by Welch's t-test on rounds, mean and stddev; p95 and
 * p99 left out and said. */
Test(gate, pytest_benchmark_as_baseline)
{
	static const struct row_spec rows[] = {{"t.py::test_b", 0, 3, 2.4, 4, 5, 1, 9}};
	struct report *r = mkreport(rows, 1);
	struct gate_baseline *b = baseline_ok(PYTEST_HEAD PYTEST_MARK("t.py::test_b", "20",
	    "0.0025", "0.002", "0.0005", "") PYTEST_TAIL);
	const struct baseline_result *avg, *p50;
	char *err = NULL;

	r->rows[0].has_stddev = true;
	r->rows[0].stddev_ms = 1;
	cr_assert_eq(gate_regress_apply(r, b, 10, 5, 0.05, &err), 0, "%s", err);
	cr_assert_eq(r->gate.n_baseline, 3);
	avg = find_base(r, "t.py::test_b", "avg_ms");
	p50 = find_base(r, "t.py::test_b", "p50_ms");
	cr_assert_not_null(avg);
	cr_assert_not_null(p50);
	cr_assert_null(find_base(r, "t.py::test_b", "p95_ms"));
	cr_assert(near(avg->change_pct, 20));
	cr_assert(near(p50->change_pct, 20));
	cr_assert(avg->has_p_value);
	cr_assert_eq(avg->base_count, 20);
	cr_assert_eq(avg->status, BASE_REGRESSION);
	cr_assert_str_eq(r->gate.pcts_note, "p95, p99 of --percentiles are not compared: the "
	    "baseline (a pytest-benchmark summary) holds only p50");
	gate_baseline_free(b);
	report_free(r);
}
