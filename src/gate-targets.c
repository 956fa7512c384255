/* gate-targets.c - the targets file (gate-targets.h): loaded and validated with jansson
 * into rules (default, operations, groups), then judged row by row and metric by metric
 * against a built report, filling r->gate's target fields. */
#include "gate-targets.h"

#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gate-json.h"
#include "group.h"
#include "names.h"
#include "numfmt.h"
#include "utf8.h"
#include "xalloc.h"

/* The metrics a threshold can name, in report column order. */
enum gate_metric { GM_ERROR_RATE, GM_AVG, GM_PCT, GM_MIN, GM_MAX };

static const char *const gate_metric_names[] = {
	[GM_ERROR_RATE] = "error_rate_pct",
	[GM_AVG] = "avg_ms",
	[GM_PCT] = NULL,
	[GM_MIN] = "min_ms",
	[GM_MAX] = "max_ms",
};

/* One {"target": X, "critical": Y} for one metric. */
struct gate_threshold {
	enum gate_metric metric;
	double pct;   /* GM_PCT: which percentile */
	char *path;   /* JSON path of the metric's key, for messages */
	double target;
	bool has_critical;
	double critical;
};

/* The metrics of "default", of one entry of "operations" or of one entry of "groups". */
struct gate_rules {
	char *name; /* operation name or glob; NULL for "default" and "groups" */
	bool glob;
	struct gate_threshold *th;
	size_t n_th;
	/* "groups" only: the entry's "match", key by key in file order. */
	char **match_key, **match_val;
	bool *match_glob;
	size_t n_match;
	size_t index; /* position in "groups", for messages */
};

struct gate_targets {
	char *file;
	struct gate_rules deflt;   /* no thresholds when the file has no "default" */
	struct gate_rules *ops;    /* file order */
	size_t n_ops;
	struct gate_rules *groups; /* file order */
	size_t n_groups;
};


/* The metric a key names; false when it names none. */
static bool
gate_targets_metric_of(const char *key, enum gate_metric *m, double *pct)
{
	for (size_t i = 0; i < ARRAY_SIZE(gate_metric_names); i++)
		if (gate_metric_names[i] != NULL && strcmp(key, gate_metric_names[i]) == 0) {
			*m = (enum gate_metric)i;
			*pct = 0;
			return true;
		}
	if (gate_json_pct_name(key, pct)) {
		*m = GM_PCT;
		return true;
	}
	return false;
}

/* Read "target" and "critical" of one threshold object at path into th. */
static int
gate_targets_threshold(const char *file, const char *path, json_t *v, struct gate_threshold *th,
    char **err)
{
	const char *key;
	json_t *x, *tv = NULL, *cv = NULL;
	char *p;
	double max = th->metric == GM_ERROR_RATE ? 100 : HUGE_VAL;

	if (!json_is_object(v)) {
		*err = xasprintf("%s: %s: must be an object such as "
		    "{\"target\": 500, \"critical\": 1000}", file, path);
		return -1;
	}
	json_object_foreach(v, key, x) {
		p = gate_json_path_key(path, key);
		if (strcmp(key, "target") == 0)
			tv = x;
		else if (strcmp(key, "critical") == 0)
			cv = x;
		else {
			*err = xasprintf("%s: %s: unknown key; a threshold has \"target\" and "
			    "optionally \"critical\"", file, p);
			free(p);
			return -1;
		}
		if (!gate_json_nonneg(x) || json_number_value(x) > max) {
			*err = xasprintf("%s: %s: must be a %s", file, p, th->metric ==
			    GM_ERROR_RATE ? "number from 0 to 100" : "non-negative number");
			free(p);
			return -1;
		}
		free(p);
	}
	if (tv == NULL) {
		*err = xasprintf("%s: %s: has no \"target\"", file, path);
		return -1;
	}
	th->target = json_number_value(tv);
	th->has_critical = cv != NULL;
	if (cv != NULL) {
		th->critical = json_number_value(cv);
		if (th->critical < th->target) {
			char t[NUMFMT_BUFSZ], c[NUMFMT_BUFSZ];

			numfmt_json(th->target, t);
			numfmt_json(th->critical, c);
			p = gate_json_path_key(path, "critical");
			*err = xasprintf("%s: %s: %s is below the target %s; critical must be "
			    "at least the target", file, p, c, t);
			free(p);
			return -1;
		}
	}
	return 0;
}

/* Read one object of metrics ("default" or an operation's) at path into rules. */
static int
gate_targets_rules(const char *file, const char *path, json_t *v, struct gate_rules *rules,
    char **err)
{
	const char *key;
	json_t *x;
	size_t cap = 0;

	if (!json_is_object(v)) {
		*err = xasprintf("%s: %s: must be an object mapping metrics to thresholds, such "
		    "as {\"p95_ms\": {\"target\": 500}}", file, path);
		return -1;
	}
	json_object_foreach(v, key, x) {
		struct gate_threshold th;
		char *p = gate_json_path_key(path, key), *q;

		memset(&th, 0, sizeof(th));
		if (!gate_targets_metric_of(key, &th.metric, &th.pct)) {
			q = utf8_escape_cut(key, strlen(key), GATE_JSON_QUOTE_MAX);
			*err = xasprintf("%s: %s: unknown metric '%s'; use avg_ms, min_ms, "
			    "max_ms, error_rate_pct or a percentile such as p95_ms", file, p, q);
			free(q);
			free(p);
			return -1;
		}
		th.path = p;
		if (gate_targets_threshold(file, p, x, &th, err) < 0) {
			free(p);
			return -1;
		}
		xgrow(&rules->th, &cap, rules->n_th + 1, sizeof(*rules->th));
		rules->th[rules->n_th++] = th;
	}
	return 0;
}

/* Read "operations": one rules entry per key, in file order. */
static int
gate_targets_ops(struct gate_targets *t, json_t *v, char **err)
{
	const char *key;
	json_t *x;
	size_t cap = 0;

	if (!json_is_object(v)) {
		*err = xasprintf("%s: $.operations: must be an object mapping operation names "
		    "or globs to metrics", t->file);
		return -1;
	}
	json_object_foreach(v, key, x) {
		struct gate_rules *rules;
		char *p = gate_json_path_key("$.operations", key);
		int rc;

		if (*key == '\0') {
			*err = xasprintf("%s: %s: an operation name or glob must not be empty",
			    t->file, p);
			free(p);
			return -1;
		}
		xgrow(&t->ops, &cap, t->n_ops + 1, sizeof(*t->ops));
		rules = &t->ops[t->n_ops++];
		memset(rules, 0, sizeof(*rules));
		rules->name = xstrdup(key);
		rules->glob = names_is_glob(key);
		rc = gate_targets_rules(t->file, p, x, rules, err);
		free(p);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The "match" of groups entry i: an object of --by keys to values or globs. */
static int
gate_targets_match(const struct gate_targets *t, size_t i, json_t *m, struct gate_rules *rules,
    char **err)
{
	const char *key;
	json_t *v;

	if (!json_is_object(m) || json_object_size(m) == 0) {
		*err = xasprintf("%s: $.groups[%zu].match: must be a non-empty object mapping "
		    "--by keys to values or globs, such as {\"context.model\": \"gpt-*\"}",
		    t->file, i);
		return -1;
	}
	rules->match_key = xcalloc(json_object_size(m), sizeof(char *));
	rules->match_val = xcalloc(json_object_size(m), sizeof(char *));
	rules->match_glob = xcalloc(json_object_size(m), sizeof(bool));
	json_object_foreach(m, key, v) {
		if (!json_is_string(v) || *key == '\0' ||
		    strlen(json_string_value(v)) != json_string_length(v)) {
			char *q = utf8_escape_cut(key, strlen(key), GATE_JSON_QUOTE_MAX);

			*err = xasprintf("%s: $.groups[%zu].match.%s: %s", t->file, i, q, *key ==
			    '\0' ? "a key must not be empty" : "must be a string (a value or a glob)");
			free(q);
			return -1;
		}
		rules->match_key[rules->n_match] = xstrdup(key);
		rules->match_val[rules->n_match] = xstrdup(json_string_value(v));
		rules->match_glob[rules->n_match++] = names_is_glob(json_string_value(v));
	}
	return 0;
}

/* Read "groups": an array of {"match": {KEY: VALUE-OR-GLOB, ...}, METRIC: {...}, ...}. */
static int
gate_targets_groups(struct gate_targets *t, json_t *v, char **err)
{
	size_t cap = 0, i;
	json_t *x;

	if (!json_is_array(v)) {
		*err = xasprintf("%s: $.groups: must be an array of objects, each with \"match\" "
		    "and metrics", t->file);
		return -1;
	}
	json_array_foreach(v, i, x) {
		struct gate_rules *rules;
		char *p = xasprintf("$.groups[%zu]", i);
		json_t *metrics = NULL;
		int rc = -1;

		xgrow(&t->groups, &cap, t->n_groups + 1, sizeof(*t->groups));
		rules = &t->groups[t->n_groups++];
		memset(rules, 0, sizeof(*rules));
		rules->index = i;
		if (!json_is_object(x) || json_object_get(x, "match") == NULL)
			*err = xasprintf("%s: %s: must be an object with \"match\" and metrics",
			    t->file, p);
		else if (gate_targets_match(t, i, json_object_get(x, "match"), rules, err) == 0) {
			metrics = json_copy(x);
			if (metrics == NULL)
				xalloc_die();
			json_object_del(metrics, "match");
			rc = gate_targets_rules(t->file, p, metrics, rules, err);
			json_decref(metrics);
		}
		free(p);
		if (rc < 0)
			return -1;
	}
	return 0;
}

struct gate_targets *
gate_targets_parse(const char *text, size_t len, const char *name, char **err)
{
	struct gate_targets *t;
	json_t *root = gate_json_parse(text, len, name, "", err);
	const char *key;
	json_t *v;
	int rc = 0;

	if (root == NULL)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	t->file = xstrdup(name);
	if (!json_is_object(root)) {
		*err = xasprintf("%s: $: must be an object with \"default\", \"operations\" "
		    "and/or \"groups\"", name);
		rc = -1;
	}
	json_object_foreach(root, key, v) {
		if (rc < 0)
			break;
		if (strcmp(key, "default") == 0)
			rc = gate_targets_rules(name, "$.default", v, &t->deflt, err);
		else if (strcmp(key, "operations") == 0)
			rc = gate_targets_ops(t, v, err);
		else if (strcmp(key, "groups") == 0)
			rc = gate_targets_groups(t, v, err);
		else {
			char *p = gate_json_path_key("$", key);

			*err = xasprintf("%s: %s: unknown key; a targets file has \"default\", "
			    "\"operations\" and \"groups\"", name, p);
			free(p);
			rc = -1;
		}
	}
	json_decref(root);
	if (rc < 0) {
		gate_targets_free(t);
		return NULL;
	}
	return t;
}

struct gate_targets *
gate_targets_load(const char *file, char **err)
{
	size_t len;
	char *text = gate_json_read(file, "targets file (--targets)", &len, err);
	struct gate_targets *t;

	if (text == NULL)
		return NULL;
	t = gate_targets_parse(text, len, file, err);
	free(text);
	return t;
}

/* Free the thresholds of one rules entry. */
static void
gate_targets_rules_free(struct gate_rules *rules)
{
	for (size_t i = 0; i < rules->n_th; i++)
		free(rules->th[i].path);
	free(rules->th);
	free(rules->name);
	for (size_t i = 0; i < rules->n_match; i++) {
		free(rules->match_key[i]);
		free(rules->match_val[i]);
	}
	free(rules->match_key);
	free(rules->match_val);
	free(rules->match_glob);
}

void
gate_targets_free(struct gate_targets *t)
{
	if (t == NULL)
		return;
	gate_targets_rules_free(&t->deflt);
	for (size_t i = 0; i < t->n_ops; i++)
		gate_targets_rules_free(&t->ops[i]);
	free(t->ops);
	for (size_t i = 0; i < t->n_groups; i++)
		gate_targets_rules_free(&t->groups[i]);
	free(t->groups);
	free(t->file);
	free(t);
}


/* Index of pct among r's percentiles, or -1. */
static int
gate_targets_pct_index(const struct report *r, double pct)
{
	for (size_t i = 0; i < r->n_percentiles; i++)
		if (same_double(r->percentiles[i], pct))
			return (int)i;
	return -1;
}

/* Every percentile a threshold names must be in the report. */
static int
gate_targets_check_pcts(const struct report *r, const struct gate_targets *t,
    const struct gate_rules *rules, char **err)
{
	char *have, *want, buf[NUMFMT_BUFSZ];

	for (size_t i = 0; i < rules->n_th; i++) {
		const struct gate_threshold *th = &rules->th[i];

		if (th->metric != GM_PCT || gate_targets_pct_index(r, th->pct) >= 0)
			continue;
		have = gate_json_pct_list(r->percentiles, r->n_percentiles, ", ");
		want = gate_json_pct_list(r->percentiles, r->n_percentiles, ",");
		numfmt_shortest(th->pct, buf);
		*err = xasprintf("%s: %s: this report has no p%s_ms (its percentiles are %s); "
		    "add it with --percentiles %s,%s", t->file, th->path, buf, have, want, buf);
		free(have);
		free(want);
		return -1;
	}
	return 0;
}

/* The threshold for metric (and percentile) in rules, or NULL. */
static const struct gate_threshold *
gate_targets_find(const struct gate_rules *rules, enum gate_metric m, double pct)
{
	for (size_t i = 0; i < rules->n_th; i++)
		if (rules->th[i].metric == m && (m != GM_PCT || same_double(rules->th[i].pct, pct)))
			return &rules->th[i];
	return NULL;
}

/* The value of --by key `key` in row (its operation when r is not grouped). */
static const char *
gate_targets_row_value(const struct report *r, const struct op_row *row, const char *key)
{
	if (r->n_group_keys == 0)
		return row->operation;
	for (size_t k = 0; k < r->n_group_keys; k++)
		if (strcmp(r->group_keys[k], key) == 0)
			return row->group[k];
	return NULL; /* not reached: gate_targets_check_groups has checked the keys */
}

/* True when every key of a "groups" entry's match has its value (or glob) in row. */
static bool
gate_targets_group_matches(const struct report *r, const struct gate_rules *g,
    const struct op_row *row)
{
	for (size_t j = 0; j < g->n_match; j++) {
		const char *v = gate_targets_row_value(r, row, g->match_key[j]);

		if (g->match_glob[j] ? fnmatch(g->match_val[j], v, 0) != 0 :
		    strcmp(g->match_val[j], v) != 0)
			return false;
	}
	return true;
}

/* Every key a "groups" entry matches on must be one of the report's --by keys
 * (operation_type without --by). */
static int
gate_targets_check_groups(const struct report *r, const struct gate_targets *t, char **err)
{
	for (size_t i = 0; i < t->n_groups; i++)
		for (size_t j = 0; j < t->groups[i].n_match; j++) {
			const char *key = t->groups[i].match_key[j];
			bool found = r->n_group_keys == 0 && strcmp(key, "operation_type") == 0;
			char *q, *have;

			for (size_t k = 0; !found && k < r->n_group_keys; k++)
				found = strcmp(r->group_keys[k], key) == 0;
			if (found)
				continue;
			q = utf8_escape_cut(key, strlen(key), GATE_JSON_QUOTE_MAX);
			have = gate_json_keys_text(r->group_keys, r->n_group_keys);
			*err = xasprintf("%s: $.groups[%zu].match.%s: not a key this report is "
			    "grouped by (--by %s)", t->file, t->groups[i].index, q, have);
			free(q);
			free(have);
			return -1;
		}
	return 0;
}

/* The threshold that applies to a row for one metric: its operation's (or group's
 * display's) exact name in "operations", then the first "groups" entry that matches it and
 * sets the metric, then the first matching glob of "operations" that sets it, then
 * default; NULL when none. */
static const struct gate_threshold *
gate_targets_threshold_for(const struct gate_targets *t, const struct report *r,
    const struct op_row *row, enum gate_metric m, double pct)
{
	const struct gate_threshold *th;
	const char *op = row->operation;
	size_t i;

	for (i = 0; i < t->n_ops; i++)
		if (strcmp(t->ops[i].name, op) == 0)
			if ((th = gate_targets_find(&t->ops[i], m, pct)) != NULL)
				return th;
	for (i = 0; i < t->n_groups; i++)
		if (gate_targets_group_matches(r, &t->groups[i], row))
			if ((th = gate_targets_find(&t->groups[i], m, pct)) != NULL)
				return th;
	for (i = 0; i < t->n_ops; i++)
		if (t->ops[i].glob && fnmatch(t->ops[i].name, op, 0) == 0)
			if ((th = gate_targets_find(&t->ops[i], m, pct)) != NULL)
				return th;
	return gate_targets_find(&t->deflt, m, pct);
}

/* The status of value against a threshold. */
static enum target_status
gate_targets_status(double value, const struct gate_threshold *th)
{
	if (!(value > th->target))
		return TARGET_MET;
	if (th->has_critical && value > th->critical)
		return TARGET_CRITICAL;
	return TARGET_WARNING;
}

/* The value of metric k of a row: k indexes GM_ERROR_RATE, GM_AVG, the percentiles,
 * GM_MIN, GM_MAX in column order; *m, *pct and *name say which it is. */
static double
gate_targets_row_metric(const struct report *r, const struct op_row *row, size_t k,
    enum gate_metric *m, double *pct, const char **name)
{
	size_t np = r->n_percentiles;

	*pct = 0;
	if (k == 0 || k == 1) {
		*m = k == 0 ? GM_ERROR_RATE : GM_AVG;
		*name = gate_metric_names[*m];
		return k == 0 ? row->error_rate_pct : row->avg_ms;
	}
	if (k < 2 + np) {
		*m = GM_PCT;
		*pct = r->percentiles[k - 2];
		*name = r->pct_names[k - 2];
		return row->pct_ms[k - 2];
	}
	*m = k == 2 + np ? GM_MIN : GM_MAX;
	*name = gate_metric_names[*m];
	return k == 2 + np ? row->min_ms : row->max_ms;
}

/* True when the report has a row named op. */
static bool
gate_targets_has_row(const struct report *r, const char *op)
{
	for (size_t i = 0; i < r->n_rows; i++)
		if (strcmp(r->rows[i].operation, op) == 0)
			return true;
	return false;
}

/* The display of a "groups" entry that names one group exactly (every --by key, no
 * glob), as a row of that group would show it (heap); NULL for any other entry. */
static char *
gate_targets_group_exact(const struct report *r, const struct gate_rules *e)
{
	size_t n = r->n_group_keys > 0 ? r->n_group_keys : 1;
	char **vals;
	char *out;

	if (e->n_match != n)
		return NULL;
	for (size_t j = 0; j < e->n_match; j++)
		if (e->match_glob[j])
			return NULL;
	if (r->n_group_keys == 0)
		return xstrdup(e->match_val[0]);
	vals = xcalloc(n, sizeof(*vals));
	for (size_t k = 0; k < n; k++)
		for (size_t j = 0; j < e->n_match; j++)
			if (strcmp(r->group_keys[k], e->match_key[j]) == 0)
				vals[k] = e->match_val[j];
	out = group_display(vals, n);
	free(vals);
	return out;
}

/* True when some row of r matches a "groups" entry. */
static bool
gate_targets_group_has_row(const struct report *r, const struct gate_rules *e)
{
	for (size_t i = 0; i < r->n_rows; i++)
		if (gate_targets_group_matches(r, e, &r->rows[i]))
			return true;
	return false;
}

/* A no_data result for every metric of each exact name in "operations" and each "groups"
 * entry naming one group exactly that has no row. */
static void
gate_targets_no_data(struct report *r, const struct gate_targets *t, size_t *cap)
{
	struct gate_results *g = &r->gate;

	for (size_t i = 0; i < t->n_ops + t->n_groups; i++) {
		const struct gate_rules *rules = i < t->n_ops ? &t->ops[i] : &t->groups[i - t->n_ops];
		char *name;

		if (i < t->n_ops)
			name = rules->glob || gate_targets_has_row(r, rules->name) ? NULL :
			    xstrdup(rules->name);
		else
			name = gate_targets_group_has_row(r, rules) ? NULL :
			    gate_targets_group_exact(r, rules);
		if (name == NULL)
			continue;
		for (size_t k = 0; k < rules->n_th; k++) {
			const struct gate_threshold *th = &rules->th[k];
			struct target_result *res;

			xgrow(&g->targets, cap, g->n_targets + 1, sizeof(*g->targets));
			res = &g->targets[g->n_targets++];
			memset(res, 0, sizeof(*res));
			res->operation = xstrdup(name);
			res->metric = xstrdup(th->metric == GM_PCT ?
			    r->pct_names[gate_targets_pct_index(r, th->pct)] :
			    gate_metric_names[th->metric]);
			res->target = th->target;
			res->has_critical = th->has_critical;
			res->critical = th->critical;
			res->status = TARGET_NO_DATA;
			g->n_target_no_data++;
		}
		free(name);
	}
}

int
gate_targets_apply(struct report *r, const struct gate_targets *t, char **err)
{
	struct gate_results *g = &r->gate;
	size_t cap = 0, i, k, nk = r->n_percentiles + 4;

	if (gate_targets_check_pcts(r, t, &t->deflt, err) < 0)
		return -1;
	for (i = 0; i < t->n_ops; i++)
		if (gate_targets_check_pcts(r, t, &t->ops[i], err) < 0)
			return -1;
	for (i = 0; i < t->n_groups; i++)
		if (gate_targets_check_pcts(r, t, &t->groups[i], err) < 0)
			return -1;
	if (gate_targets_check_groups(r, t, err) < 0)
		return -1;
	g->has_targets = true;
	g->targets_file = xstrdup(t->file);
	g->row_target = xcalloc(r->n_rows > 0 ? r->n_rows : 1, sizeof(*g->row_target));
	for (i = 0; i < r->n_rows; i++) {
		const struct op_row *row = &r->rows[i];

		for (k = 0; k < nk; k++) {
			const struct gate_threshold *th;
			struct target_result *res;
			enum gate_metric m;
			const char *name;
			double pct, value = gate_targets_row_metric(r, row, k, &m, &pct, &name);

			if ((th = gate_targets_threshold_for(t, r, row, m, pct)) == NULL)
				continue;
			xgrow(&g->targets, &cap, g->n_targets + 1, sizeof(*g->targets));
			res = &g->targets[g->n_targets++];
			res->operation = xstrdup(row->operation);
			res->metric = xstrdup(name);
			res->value = value;
			res->target = th->target;
			res->has_critical = th->has_critical;
			res->critical = th->critical;
			res->status = gate_targets_status(value, th);
			if (res->status > g->row_target[i])
				g->row_target[i] = res->status;
			res->has_value = true;
			if (res->status == TARGET_MET)
				g->n_met++;
			else if (res->status == TARGET_WARNING)
				g->n_target_warning++;
			else
				g->n_target_critical++;
		}
	}
	gate_targets_no_data(r, t, &cap);
	return 0;
}
