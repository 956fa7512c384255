/* gate.c - the CI gate (SPEC section 10): loads and validates a targets file and a
 * baseline report with jansson, evaluates both against a built report (filling
 * r->gate), and sums everything up in the verdict. Errors travel up as heap messages
 * naming the file and a JSON path; nothing here prints or exits (but for running out of
 * memory). The formats and rules are in gate.h. */
#include "gate.h"

#include <sys/stat.h>

#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "compare.h"
#include "diag.h"
#include "group.h"
#include "names.h"
#include "numfmt.h"
#include "stats.h"
#include "xalloc.h"

/* Quoted text from a file (keys, names) is cut to this many bytes in messages. */
#define GATE_QUOTE_MAX 64
/* |change_pct| below this is taken as 0: the baseline holds 15 significant digits only. */
#define GATE_CHANGE_EPSILON 1e-9

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

/* One operation row of a baseline report. */
struct gate_brow {
	char *operation;
	char *match;  /* what a report row is matched on: the group's values encoded as
	                 group.h does (group_put) in a grouped baseline, else the operation */
	char **group; /* a grouped baseline: the row's values, one per keys[k]; else NULL */
	size_t index; /* position in the file's "operations", for messages */
	double error_rate, avg;
	double pct[MAX_PERCENTILES]; /* in the baseline's percentile order */
	uint64_t count;  /* records behind the row; 0 in a baseline without "count" */
	bool has_stddev; /* false in a baseline saved before stddev_ms existed, or null */
	double stddev;
};

struct gate_baseline {
	char *file;
	double pcts[MAX_PERCENTILES];
	size_t n_pcts;
	struct gate_brow *rows; /* ascending by match (bytewise) */
	size_t n_rows;
	char **keys;            /* the --by keys of a grouped baseline (its rows' "group"
	                           keys, in order); NULL when its rows have no "group" */
	size_t n_keys;
};

/* The limits of a baseline comparison. */
struct gate_limits {
	double regress_pct, warn_pct; /* worse by more: regression, warning */
	double alpha;                 /* a change counts when p < alpha (1: always) */
};

/* ---- shared helpers ----------------------------------------------------- */

/* Strict decimal "N" or "N.N" (digits only) as the percentile of a pN_ms name. */
static bool
gate_parse_pct_name(const char *s, double *pct)
{
	const char *p = s + 1, *end;
	size_t digits = 0;
	char *num, *stop;
	double v;

	if (strlen(s) < 5 || s[0] != 'p')
		return false;
	end = s + strlen(s) - 3;
	if (strcmp(end, "_ms") != 0)
		return false;
	for (; p < end && *p >= '0' && *p <= '9'; p++)
		digits++;
	if (digits == 0)
		return false;
	if (p < end && *p == '.') {
		digits = 0;
		for (p++; p < end && *p >= '0' && *p <= '9'; p++)
			digits++;
		if (digits == 0)
			return false;
	}
	if (p != end)
		return false;
	num = xstrndup(s + 1, (size_t)(end - s - 1));
	v = strtod(num, &stop);
	free(num);
	if (!(v > 0 && v < 100))
		return false;
	*pct = v;
	return true;
}

/* True when key can follow a '.' in a JSON path as it is: a word of letters, digits and
 * '_' not starting with a digit, or a percentile metric name such as "p99.9_ms". */
static bool
gate_plain_key(const char *key)
{
	const char *p = key;
	double pct;

	if (gate_parse_pct_name(key, &pct))
		return true;
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_'))
		return false;
	for (p++; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
		    (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

/* parent.key, or parent["key"] when key is not a plain word (quotes escaped, control
 * characters and invalid UTF-8 shown as \n, \xHH, long keys cut). The caller frees. */
static char *
gate_path_key(const char *parent, const char *key)
{
	char *clean, *esc, *out;
	size_t n, i, o = 0;

	if (gate_plain_key(key))
		return xasprintf("%s.%s", parent, key);
	clean = diag_sanitize(key, strlen(key), GATE_QUOTE_MAX);
	n = strlen(clean);
	esc = xmalloc(2 * n + 1);
	for (i = 0; i < n; i++) {
		if (clean[i] == '"')
			esc[o++] = '\\';
		esc[o++] = clean[i];
	}
	esc[o] = '\0';
	out = xasprintf("%s[\"%s\"]", parent, esc);
	free(esc);
	free(clean);
	return out;
}

/* The whole of file, or NULL and *err. what names the option in the message. */
static char *
gate_read_file(const char *file, const char *what, size_t *len, char **err)
{
	FILE *fp = fopen(file, "r");
	struct stat sb;
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (fp == NULL) {
		*err = xasprintf("%s: cannot read the %s: %s", file, what, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(fp);
		*err = xasprintf("%s: is a directory, not the %s", file, what);
		return NULL;
	}
	for (;;) {
		xgrow(&buf, &cap, n + 4096, 1);
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		*err = xasprintf("%s: cannot read the %s: %s", file, what, strerror(errno));
		fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	*len = n;
	return buf;
}

/* Parse text as JSON, rejecting duplicate keys; NULL and *err on a syntax error, with
 * hint (may be "") after the parser's words. */
static json_t *
gate_parse_json(const char *text, size_t len, const char *name, const char *hint,
    char **err)
{
	json_error_t e;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);

	if (root == NULL)
		*err = xasprintf("%s:%d:%d: not valid JSON: %s%s", name, e.line, e.column, e.text,
		    hint);
	return root;
}

/* True when v is a JSON number that is finite and not negative. */
static bool
gate_nonneg(const json_t *v)
{
	return json_is_number(v) && isfinite(json_number_value(v)) &&
	    json_number_value(v) >= 0;
}

/* ---- targets: loading -------------------------------------------------- */

/* The metric a key names; false when it names none. */
static bool
gate_metric_of(const char *key, enum gate_metric *m, double *pct)
{
	for (size_t i = 0; i < ARRAY_SIZE(gate_metric_names); i++)
		if (gate_metric_names[i] != NULL && strcmp(key, gate_metric_names[i]) == 0) {
			*m = (enum gate_metric)i;
			*pct = 0;
			return true;
		}
	if (gate_parse_pct_name(key, pct)) {
		*m = GM_PCT;
		return true;
	}
	return false;
}

/* Read "target" and "critical" of one threshold object at path into th. */
static int
gate_load_threshold(const char *file, const char *path, json_t *v, struct gate_threshold *th,
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
		p = gate_path_key(path, key);
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
		if (!gate_nonneg(x) || json_number_value(x) > max) {
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
			p = gate_path_key(path, "critical");
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
gate_load_rules(const char *file, const char *path, json_t *v, struct gate_rules *rules,
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
		char *p = gate_path_key(path, key), *q;

		memset(&th, 0, sizeof(th));
		if (!gate_metric_of(key, &th.metric, &th.pct)) {
			q = diag_sanitize(key, strlen(key), GATE_QUOTE_MAX);
			*err = xasprintf("%s: %s: unknown metric '%s'; use avg_ms, min_ms, "
			    "max_ms, error_rate_pct or a percentile such as p95_ms", file, p, q);
			free(q);
			free(p);
			return -1;
		}
		th.path = p;
		if (gate_load_threshold(file, p, x, &th, err) < 0) {
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
gate_load_ops(struct gate_targets *t, json_t *v, char **err)
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
		char *p = gate_path_key("$.operations", key);
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
		rc = gate_load_rules(t->file, p, x, rules, err);
		free(p);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The "match" of groups entry i: an object of --by keys to values or globs. */
static int
gate_load_match(const struct gate_targets *t, size_t i, json_t *m, struct gate_rules *rules,
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
			char *q = diag_sanitize(key, strlen(key), GATE_QUOTE_MAX);

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
gate_load_groups(struct gate_targets *t, json_t *v, char **err)
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
		else if (gate_load_match(t, i, json_object_get(x, "match"), rules, err) == 0) {
			metrics = json_copy(x);
			if (metrics == NULL)
				xalloc_die();
			json_object_del(metrics, "match");
			rc = gate_load_rules(t->file, p, metrics, rules, err);
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
	json_t *root = gate_parse_json(text, len, name, "", err);
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
			rc = gate_load_rules(name, "$.default", v, &t->deflt, err);
		else if (strcmp(key, "operations") == 0)
			rc = gate_load_ops(t, v, err);
		else if (strcmp(key, "groups") == 0)
			rc = gate_load_groups(t, v, err);
		else {
			char *p = gate_path_key("$", key);

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
	char *text = gate_read_file(file, "targets file (--targets)", &len, err);
	struct gate_targets *t;

	if (text == NULL)
		return NULL;
	t = gate_targets_parse(text, len, file, err);
	free(text);
	return t;
}

/* Free the thresholds of one rules entry. */
static void
gate_rules_free(struct gate_rules *rules)
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
	gate_rules_free(&t->deflt);
	for (size_t i = 0; i < t->n_ops; i++)
		gate_rules_free(&t->ops[i]);
	free(t->ops);
	for (size_t i = 0; i < t->n_groups; i++)
		gate_rules_free(&t->groups[i]);
	free(t->groups);
	free(t->file);
	free(t);
}

/* ---- targets: evaluation ----------------------------------------------- */

/* --by keys joined by commas ("operation_type" for none), for messages (heap). */
static char *
gate_group_keys_text(char *const *keys, size_t n)
{
	char *out = xstrdup(n == 0 ? "operation_type" : ""), *t;

	for (size_t k = 0; k < n; k++) {
		t = xasprintf("%s%s%s", out, k > 0 ? "," : "", keys[k]);
		free(out);
		out = t;
	}
	return out;
}


/* Index of pct among r's percentiles, or -1. */
static int
gate_pct_index(const struct report *r, double pct)
{
	for (size_t i = 0; i < r->n_percentiles; i++)
		if (same_double(r->percentiles[i], pct))
			return (int)i;
	return -1;
}

/* "50, 95, 99": a percentile list for messages. The caller frees. */
static char *
gate_pct_list(const double *pcts, size_t n, const char *sep)
{
	char *out = xstrdup(""), *next, buf[NUMFMT_BUFSZ];

	for (size_t i = 0; i < n; i++) {
		numfmt_shortest(pcts[i], buf);
		next = xasprintf("%s%s%s", out, i > 0 ? sep : "", buf);
		free(out);
		out = next;
	}
	return out;
}

/* Every percentile a threshold names must be in the report. */
static int
gate_check_rules_pcts(const struct report *r, const struct gate_targets *t,
    const struct gate_rules *rules, char **err)
{
	char *have, *want, buf[NUMFMT_BUFSZ];

	for (size_t i = 0; i < rules->n_th; i++) {
		const struct gate_threshold *th = &rules->th[i];

		if (th->metric != GM_PCT || gate_pct_index(r, th->pct) >= 0)
			continue;
		have = gate_pct_list(r->percentiles, r->n_percentiles, ", ");
		want = gate_pct_list(r->percentiles, r->n_percentiles, ",");
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
gate_rules_find(const struct gate_rules *rules, enum gate_metric m, double pct)
{
	for (size_t i = 0; i < rules->n_th; i++)
		if (rules->th[i].metric == m && (m != GM_PCT || same_double(rules->th[i].pct, pct)))
			return &rules->th[i];
	return NULL;
}

/* The value of --by key `key` in row (its operation when r is not grouped). */
static const char *
gate_row_value(const struct report *r, const struct op_row *row, const char *key)
{
	if (r->n_group_keys == 0)
		return row->operation;
	for (size_t k = 0; k < r->n_group_keys; k++)
		if (strcmp(r->group_keys[k], key) == 0)
			return row->group[k];
	return NULL; /* not reached: gate_check_groups has checked the keys */
}

/* True when every key of a "groups" entry's match has its value (or glob) in row. */
static bool
gate_group_matches(const struct report *r, const struct gate_rules *g,
    const struct op_row *row)
{
	for (size_t j = 0; j < g->n_match; j++) {
		const char *v = gate_row_value(r, row, g->match_key[j]);

		if (g->match_glob[j] ? fnmatch(g->match_val[j], v, 0) != 0 :
		    strcmp(g->match_val[j], v) != 0)
			return false;
	}
	return true;
}

/* Every key a "groups" entry matches on must be one of the report's --by keys
 * (operation_type without --by). */
static int
gate_check_groups(const struct report *r, const struct gate_targets *t, char **err)
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
			q = diag_sanitize(key, strlen(key), GATE_QUOTE_MAX);
			have = gate_group_keys_text(r->group_keys, r->n_group_keys);
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
gate_threshold_for(const struct gate_targets *t, const struct report *r,
    const struct op_row *row, enum gate_metric m, double pct)
{
	const struct gate_threshold *th;
	const char *op = row->operation;
	size_t i;

	for (i = 0; i < t->n_ops; i++)
		if (strcmp(t->ops[i].name, op) == 0)
			if ((th = gate_rules_find(&t->ops[i], m, pct)) != NULL)
				return th;
	for (i = 0; i < t->n_groups; i++)
		if (gate_group_matches(r, &t->groups[i], row))
			if ((th = gate_rules_find(&t->groups[i], m, pct)) != NULL)
				return th;
	for (i = 0; i < t->n_ops; i++)
		if (t->ops[i].glob && fnmatch(t->ops[i].name, op, 0) == 0)
			if ((th = gate_rules_find(&t->ops[i], m, pct)) != NULL)
				return th;
	return gate_rules_find(&t->deflt, m, pct);
}

/* The status of value against a threshold. */
static enum target_status
gate_target_status(double value, const struct gate_threshold *th)
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
gate_row_metric(const struct report *r, const struct op_row *row, size_t k,
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
gate_has_row(const struct report *r, const char *op)
{
	for (size_t i = 0; i < r->n_rows; i++)
		if (strcmp(r->rows[i].operation, op) == 0)
			return true;
	return false;
}

/* The display of a "groups" entry that names one group exactly (every --by key, no
 * glob), as a row of that group would show it (heap); NULL for any other entry. */
static char *
gate_group_exact(const struct report *r, const struct gate_rules *e)
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
gate_group_has_row(const struct report *r, const struct gate_rules *e)
{
	for (size_t i = 0; i < r->n_rows; i++)
		if (gate_group_matches(r, e, &r->rows[i]))
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
			name = rules->glob || gate_has_row(r, rules->name) ? NULL :
			    xstrdup(rules->name);
		else
			name = gate_group_has_row(r, rules) ? NULL : gate_group_exact(r, rules);
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
			    r->pct_names[gate_pct_index(r, th->pct)] : gate_metric_names[th->metric]);
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
gate_apply_targets(struct report *r, const struct gate_targets *t, char **err)
{
	struct gate_results *g = &r->gate;
	size_t cap = 0, i, k, nk = r->n_percentiles + 4;

	if (gate_check_rules_pcts(r, t, &t->deflt, err) < 0)
		return -1;
	for (i = 0; i < t->n_ops; i++)
		if (gate_check_rules_pcts(r, t, &t->ops[i], err) < 0)
			return -1;
	for (i = 0; i < t->n_groups; i++)
		if (gate_check_rules_pcts(r, t, &t->groups[i], err) < 0)
			return -1;
	if (gate_check_groups(r, t, err) < 0)
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
			double pct, value = gate_row_metric(r, row, k, &m, &pct, &name);

			if ((th = gate_threshold_for(t, r, row, m, pct)) == NULL)
				continue;
			xgrow(&g->targets, &cap, g->n_targets + 1, sizeof(*g->targets));
			res = &g->targets[g->n_targets++];
			res->operation = xstrdup(row->operation);
			res->metric = xstrdup(name);
			res->value = value;
			res->target = th->target;
			res->has_critical = th->has_critical;
			res->critical = th->critical;
			res->status = gate_target_status(value, th);
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

/* ---- baseline: loading ------------------------------------------------- */

/* Read schema_version and percentiles of a baseline report. */
static int
gate_load_base_head(struct gate_baseline *b, json_t *root, char **err)
{
	json_t *v = json_object_get(root, "schema_version"), *x;
	size_t i, j;

	if (v == NULL) {
		*err = xasprintf("%s: $.schema_version: missing; a baseline is a report saved "
		    "with --format json -o FILE", b->file);
		return -1;
	}
	if (!json_is_integer(v) || json_integer_value(v) != 1) {
		char buf[NUMFMT_BUFSZ];

		if (json_is_number(v))
			numfmt_json(json_number_value(v), buf);
		else
			snprintf(buf, sizeof(buf), "of the wrong type");
		*err = xasprintf("%s: $.schema_version: version %s is not supported (this "
		    "perf-reporter reads version 1); make a new baseline with --format json -o "
		    "FILE", b->file, buf);
		return -1;
	}
	v = json_object_get(root, "percentiles");
	if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > MAX_PERCENTILES) {
		*err = xasprintf("%s: $.percentiles: must be an array of 1 to %d percentiles",
		    b->file, MAX_PERCENTILES);
		return -1;
	}
	json_array_foreach(v, i, x) {
		double p = json_number_value(x);

		if (!json_is_number(x) || !(p > 0 && p < 100)) {
			*err = xasprintf("%s: $.percentiles[%zu]: must be a number strictly "
			    "between 0 and 100", b->file, i);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (same_double(b->pcts[j], p)) {
				*err = xasprintf("%s: $.percentiles[%zu]: listed twice",
				    b->file, i);
				return -1;
			}
		b->pcts[b->n_pcts++] = p;
	}
	return 0;
}

/* A non-negative number member of row object o at path $.operations[i].key; pct says
 * whether key is a percentile column. */
static int
gate_base_number(const struct gate_baseline *b, json_t *o, size_t i, const char *key,
    bool pct, double *out, char **err)
{
	json_t *v = json_object_get(o, key);

	if (!gate_nonneg(v)) {
		*err = xasprintf("%s: $.operations[%zu].%s: %s", b->file, i, key, v != NULL ?
		    "must be a non-negative number" : pct ? "missing, though $.percentiles "
		    "lists it" : "missing; a baseline is a report saved with --format json "
		    "-o FILE");
		return -1;
	}
	*out = json_number_value(v);
	return 0;
}

/* The optional whole-number member key of row i ("count"): 0 when absent. */
static int
gate_base_optional(const struct gate_baseline *b, json_t *o, size_t i, const char *key,
    uint64_t *out, char **err)
{
	json_t *v = json_object_get(o, key);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		*err = xasprintf("%s: $.operations[%zu].%s: must be a whole number, 0 or more",
		    b->file, i, key);
		return -1;
	}
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

/* stddev_ms of row i: absent or null (fewer than 2 records, or an older report) leaves the
 * comparison without a test. */
static int
gate_base_stddev(const struct gate_baseline *b, json_t *o, size_t i, struct gate_brow *row,
    char **err)
{
	json_t *v = json_object_get(o, "stddev_ms");

	row->has_stddev = false;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!gate_nonneg(v)) {
		*err = xasprintf("%s: $.operations[%zu].stddev_ms: must be a non-negative number "
		    "or null", b->file, i);
		return -1;
	}
	row->has_stddev = true;
	row->stddev = json_number_value(v);
	return 0;
}

/* Free row's --by values (row->group holds at most n, NULL-filled past the last). */
static void
gate_brow_group_free(struct gate_brow *row, size_t n)
{
	for (size_t k = 0; row->group != NULL && k < n; k++)
		free(row->group[k]);
	free(row->group);
	row->group = NULL;
}

/* Row i's "group" (--by): its keys must be the first row's (row 0 sets them), its values
 * strings; row->match is their encoding, or the operation without "group". */
static int
gate_load_base_group(struct gate_baseline *b, json_t *o, size_t i, struct gate_brow *row,
    char **err)
{
	json_t *grp = json_object_get(o, "group"), *v;
	struct group_buf buf = {0};
	const char *key;
	size_t k = 0;

	if (grp == NULL && (i == 0 || b->keys == NULL)) {
		row->match = xstrdup(row->operation);
		return 0;
	}
	if (!json_is_object(grp) || json_object_size(grp) == 0 ||
	    (i > 0 && b->keys == NULL)) {
		*err = xasprintf("%s: $.operations[%zu].group: %s", b->file, i, grp == NULL ||
		    json_is_object(grp) ? "every row must have the first row's \"group\" keys, or "
		    "none has \"group\"" : "must be an object of the row's --by values");
		return -1;
	}
	if (i == 0) {
		b->keys = xcalloc(json_object_size(grp), sizeof(*b->keys));
		json_object_foreach(grp, key, v)
			b->keys[b->n_keys++] = xstrdup(key);
	}
	row->group = xcalloc(b->n_keys + 1, sizeof(*row->group));
	json_object_foreach(grp, key, v) {
		if (k >= b->n_keys || strcmp(key, b->keys[k]) != 0 || !json_is_string(v)) {
			char *q = diag_sanitize(key, strlen(key), GATE_QUOTE_MAX);

			*err = xasprintf("%s: $.operations[%zu].group.%s: %s", b->file, i, q,
			    json_is_string(v) ? "the rows' \"group\" keys differ from the first row's" :
			    "must be a string");
			free(q);
			group_buf_free(&buf);
			gate_brow_group_free(row, b->n_keys);
			return -1;
		}
		group_put(&buf, json_string_value(v), json_string_length(v));
		row->group[k++] = xstrndup(json_string_value(v), json_string_length(v));
	}
	if (k != b->n_keys) {
		*err = xasprintf("%s: $.operations[%zu].group: the rows' \"group\" keys differ "
		    "from the first row's", b->file, i);
		group_buf_free(&buf);
		gate_brow_group_free(row, b->n_keys);
		return -1;
	}
	row->match = buf.s;
	return 0;
}

/* Read row i of "operations". */
static int
gate_load_base_row(struct gate_baseline *b, json_t *o, size_t i, struct gate_brow *row,
    char **err)
{
	json_t *name = json_object_get(o, "operation");
	char pname[NUMFMT_BUFSZ + 8], buf[NUMFMT_BUFSZ];

	if (!json_is_object(o)) {
		*err = xasprintf("%s: $.operations[%zu]: must be an object", b->file, i);
		return -1;
	}
	if (!json_is_string(name) || json_string_length(name) == 0 ||
	    strlen(json_string_value(name)) != json_string_length(name)) {
		*err = xasprintf("%s: $.operations[%zu].operation: must be a non-empty string",
		    b->file, i);
		return -1;
	}
	row->index = i;
	if (gate_base_number(b, o, i, "error_rate_pct", false, &row->error_rate, err) < 0 ||
	    gate_base_number(b, o, i, "avg_ms", false, &row->avg, err) < 0)
		return -1;
	if (gate_base_optional(b, o, i, "count", &row->count, err) < 0 ||
	    gate_base_stddev(b, o, i, row, err) < 0)
		return -1;
	for (size_t k = 0; k < b->n_pcts; k++) {
		numfmt_shortest(b->pcts[k], buf);
		snprintf(pname, sizeof(pname), "p%s_ms", buf);
		if (gate_base_number(b, o, i, pname, true, &row->pct[k], err) < 0)
			return -1;
	}
	row->operation = xstrdup(json_string_value(name));
	if (gate_load_base_group(b, o, i, row, err) < 0) {
		free(row->operation); /* the row is not counted, so not freed with b */
		row->operation = NULL;
		return -1;
	}
	return 0;
}

/* Order baseline rows by what they are matched on. */
static int
gate_brow_cmp(const void *a, const void *b)
{
	return strcmp(((const struct gate_brow *)a)->match, ((const struct gate_brow *)b)->match);
}

/* Read "operations", sort by name, reject a name listed twice. */
static int
gate_load_base_rows(struct gate_baseline *b, json_t *root, char **err)
{
	json_t *ops = json_object_get(root, "operations"), *o;
	size_t i;

	if (!json_is_array(ops)) {
		*err = xasprintf("%s: $.operations: must be an array of operation rows",
		    b->file);
		return -1;
	}
	b->rows = xcalloc(json_array_size(ops) + 1, sizeof(*b->rows));
	json_array_foreach(ops, i, o) {
		if (gate_load_base_row(b, o, i, &b->rows[i], err) < 0)
			return -1;
		b->n_rows++;
	}
	qsort(b->rows, b->n_rows, sizeof(*b->rows), gate_brow_cmp);
	for (i = 1; i < b->n_rows; i++)
		if (strcmp(b->rows[i - 1].match, b->rows[i].match) == 0) {
			size_t later = b->rows[i].index > b->rows[i - 1].index ?
			    b->rows[i].index : b->rows[i - 1].index;
			char *q = diag_sanitize(b->rows[i].operation,
			    strlen(b->rows[i].operation), GATE_QUOTE_MAX);

			*err = xasprintf("%s: $.operations[%zu].operation: '%s' is listed twice",
			    b->file, later, q);
			free(q);
			return -1;
		}
	return 0;
}

struct gate_baseline *
gate_baseline_parse(const char *text, size_t len, const char *name, char **err)
{
	struct gate_baseline *b;
	json_t *root = gate_parse_json(text, len, name, " (a baseline is one JSON report "
	    "saved with --format json -o FILE)", err);
	int rc = -1;

	if (root == NULL)
		return NULL;
	b = xcalloc(1, sizeof(*b));
	b->file = xstrdup(name);
	if (!json_is_object(root))
		*err = xasprintf("%s: $: must be an object: a baseline is a report saved with "
		    "--format json -o FILE", name);
	else if (gate_load_base_head(b, root, err) == 0 && gate_load_base_rows(b, root, err) == 0)
		rc = 0;
	json_decref(root);
	if (rc < 0) {
		gate_baseline_free(b);
		return NULL;
	}
	return b;
}

struct gate_baseline *
gate_baseline_load(const char *file, char **err)
{
	return gate_baseline_load_as(file, file, "baseline (--baseline)", err);
}

struct gate_baseline *
gate_baseline_load_as(const char *path, const char *name, const char *what, char **err)
{
	size_t len;
	char *text = gate_read_file(path, what, &len, err);
	struct gate_baseline *b;

	if (text == NULL)
		return NULL;
	b = gate_baseline_parse(text, len, name, err);
	free(text);
	return b;
}

void
gate_baseline_free(struct gate_baseline *b)
{
	if (b == NULL)
		return;
	for (size_t i = 0; i < b->n_rows; i++) {
		free(b->rows[i].operation);
		free(b->rows[i].match);
		gate_brow_group_free(&b->rows[i], b->n_keys);
	}
	for (size_t k = 0; k < b->n_keys; k++)
		free(b->keys[k]);
	free(b->keys);
	free(b->rows);
	free(b->file);
	free(b);
}

/* ---- baseline: comparison ---------------------------------------------- */

/* Compare a match key with a baseline row (for bsearch). */
static int
gate_brow_key_cmp(const void *key, const void *row)
{
	return strcmp(key, ((const struct gate_brow *)row)->match);
}

/* The baseline row matched by key, or NULL. */
static const struct gate_brow *
gate_brow_find(const struct gate_baseline *b, const char *key)
{
	return bsearch(key, b->rows, b->n_rows, sizeof(*b->rows), gate_brow_key_cmp);
}

/* 0 when b's rows are grouped by keys[0..n) (n 0: not grouped), else -1 and *err. */
static int
gate_same_keys(const struct gate_baseline *b, char *const *keys, size_t n, bool as_baseline,
    char **err)
{
	bool same = n == b->n_keys;
	char *theirs, *ours, *q;

	for (size_t k = 0; same && k < b->n_keys; k++)
		same = strcmp(keys[k], b->keys[k]) == 0;
	if (same)
		return 0;
	theirs = gate_group_keys_text(b->keys, b->n_keys);
	ours = gate_group_keys_text(keys, n);
	q = diag_sanitize(theirs, strlen(theirs), 2 * GATE_QUOTE_MAX);
	if (as_baseline)
		*err = xasprintf("%s: the baseline's rows are grouped by '%s', this report's by "
		    "'%s' (--by): a baseline must be saved with the same --by", b->file, q, ours);
	else
		*err = xasprintf("%s: the saved report's rows are grouped by '%s', this "
		    "comparison's by '%s' (--by): compare a report saved with the same --by",
		    b->file, q, ours);
	free(q);
	free(theirs);
	free(ours);
	return -1;
}

int
gate_baseline_same_by(const struct gate_baseline *b, const struct options *o,
    bool as_baseline, char **err)
{
	return gate_same_keys(b, o->by_keys, o->grouped ? o->n_by : 0, as_baseline, err);
}

/* The match keys of r's rows (heap, r->n_rows of them): the encoding of a row's group values
 * (group_put, as gate_load_base_group makes them) under --by, else the operation; an error
 * when the baseline was grouped by other keys. */
static char **
gate_row_matches(const struct report *r, const struct gate_baseline *b, char **err)
{
	char **m;

	if (gate_same_keys(b, r->group_keys, r->n_group_keys, true, err) < 0)
		return NULL;
	m = xcalloc(r->n_rows + 1, sizeof(*m));
	for (size_t i = 0; i < r->n_rows; i++)
		m[i] = r->n_group_keys == 0 ? xstrdup(r->rows[i].operation) :
		    group_encode(r->rows[i].group, r->n_group_keys);
	return m;
}

/* map[k] = the baseline's index of the report's k-th percentile; error when the sets
 * differ. */
static int
gate_match_pcts(const double *pcts, size_t n_pcts, const struct gate_baseline *b,
    bool as_baseline, size_t *map, char **err)
{
	size_t k, j;
	bool ok = b->n_pcts == n_pcts;
	char *theirs, *ours, *flag;

	for (k = 0; ok && k < n_pcts; k++) {
		for (j = 0; j < b->n_pcts; j++)
			if (same_double(b->pcts[j], pcts[k]))
				break;
		if (j == b->n_pcts)
			ok = false;
		else
			map[k] = j;
	}
	if (ok)
		return 0;
	theirs = gate_pct_list(b->pcts, b->n_pcts, ", ");
	ours = gate_pct_list(pcts, n_pcts, ", ");
	flag = gate_pct_list(b->pcts, b->n_pcts, ",");
	if (as_baseline)
		*err = xasprintf("%s: $.percentiles: the baseline has percentiles %s but this "
		    "report has %s; run with --percentiles %s or make a new baseline", b->file,
		    theirs, ours, flag);
	else
		*err = xasprintf("%s: $.percentiles: the saved report has percentiles %s but "
		    "this comparison has %s; run with --percentiles %s or save the report "
		    "again", b->file, theirs, ours, flag);
	free(theirs);
	free(ours);
	free(flag);
	return -1;
}

/* Fill one comparison of current against base. A change counts only when significant:
 * res->q_value (its p-value adjusted over the report's family, SPEC section 5) below
 * alpha, or no test possible (has_p_value false: the size alone decides), or alpha 1 (no
 * test). A test outside the family (has_q_value false) is one whose change cannot count
 * (an error rate equal to the baseline's). */
static void
gate_compare(struct baseline_result *res, double base, double cur,
    const struct gate_limits *lim)
{
	double change;
	bool significant = compare_significant(res->has_p_value ? CMP_TEST_WELCH :
	    CMP_TEST_NONE, res->has_q_value ? res->q_value : res->p_value, lim->alpha);

	res->baseline = base;
	res->current = cur;
	if (!(base > 0)) {
		res->has_change = false;
		res->change_pct = 0;
		res->status = cur > 0 && significant ? BASE_REGRESSION : BASE_UNCHANGED;
		return;
	}
	change = 100.0 * (cur - base) / base;
	if (fabs(change) < GATE_CHANGE_EPSILON)
		change = 0;
	res->has_change = true;
	res->change_pct = change;
	if (!significant)
		res->status = BASE_UNCHANGED;
	else if (change > lim->regress_pct)
		res->status = BASE_REGRESSION;
	else if (change > lim->warn_pct)
		res->status = BASE_WARNING;
	else if (change < -lim->warn_pct)
		res->status = BASE_IMPROVED;
	else
		res->status = BASE_UNCHANGED;
}

/* The test between the baseline row's durations and the report row's: the baseline is a
 * saved report, so compare_test makes it Welch's t-test on the two summaries (none when a
 * side has fewer than 2 records or no standard deviation). */
static bool
gate_welch(const struct gate_brow *br, const struct op_row *row, double *p)
{
	struct cmp_op b = {.operation = br->operation, .s = {.count = br->count,
	    .avg_ms = br->avg, .has_stddev = br->has_stddev, .stddev_ms = br->stddev}};
	struct cmp_op c;

	compare_op_of_row(&c, row, NULL, 0);
	return compare_test(&b, &c, p) != CMP_TEST_NONE;
}

/* The exact binomial test of the current failures against the baseline's error rate, one
 * sided in the direction of the change: P(X >= failed) when the rate rose, P(X <= failed)
 * when it fell, 1 when it is the same. */
static double
gate_binomial(double base_rate_pct, const struct op_row *row)
{
	double p0 = base_rate_pct / 100.0;

	if (p0 > 1)
		p0 = 1;
	if (row->error_rate_pct > base_rate_pct)
		return stats_binom_upper(row->failed, row->count, p0);
	if (row->error_rate_pct < base_rate_pct)
		/* X <= k  <=>  count - X >= count - k, with count - X ~ B(count, 1 - p0) */
		return stats_binom_upper(row->count - row->failed, row->count, 1 - p0);
	return 1;
}

/* Count res (a result of row i) in the totals and its row's status. */
static void
gate_count(struct gate_results *g, size_t i, const struct baseline_result *res)
{
	if (res->status > g->row_baseline[i])
		g->row_baseline[i] = res->status;
	switch (res->status) {
	case BASE_REGRESSION:
		g->n_regression++;
		break;
	case BASE_WARNING:
		g->n_base_warning++;
		break;
	case BASE_IMPROVED:
		g->n_improved++;
		break;
	case BASE_UNCHANGED:
	case BASE_NEW:
		g->n_unchanged++;
		break;
	}
}

/* Compare one row that the baseline also has: error rate, avg, then each percentile. */
static void
gate_compare_row(struct report *r, size_t i, const struct gate_brow *br, const size_t *map,
    const struct gate_limits *lim, size_t *cap)
{
	struct gate_results *g = &r->gate;
	const struct op_row *row = &r->rows[i];
	size_t nk = 2 + r->n_percentiles;
	double welch_p = 0;
	bool has_welch = gate_welch(br, row, &welch_p);

	g->row_baseline[i] = BASE_UNCHANGED;
	for (size_t k = 0; k < nk; k++) {
		struct baseline_result *res;
		double base, cur;
		const char *name;

		if (k == 0) {
			name = "error_rate_pct";
			base = br->error_rate;
			cur = row->error_rate_pct;
		} else if (k == 1) {
			name = "avg_ms";
			base = br->avg;
			cur = row->avg_ms;
		} else {
			name = r->pct_names[k - 2];
			base = br->pct[map[k - 2]];
			cur = row->pct_ms[k - 2];
		}
		xgrow(&g->baseline, cap, g->n_baseline + 1, sizeof(*g->baseline));
		res = &g->baseline[g->n_baseline++];
		res->operation = xstrdup(row->operation);
		res->metric = xstrdup(name);
		res->base_count = br->count;
		res->count = row->count;
		if (k == 0) {
			res->has_p_value = true;
			res->p_value = gate_binomial(base, row);
		} else {
			res->has_p_value = has_welch;
			res->p_value = welch_p;
		}
		/* q = p until the family is known (gate_baseline_rejudge) */
		res->has_q_value = res->has_p_value;
		res->q_value = res->p_value;
		gate_compare(res, base, cur, lim);
		gate_count(g, i, res);
	}
}

void
gate_baseline_rejudge(struct report *r, double regress_pct, double warn_pct, double alpha)
{
	struct gate_results *g = &r->gate;
	struct gate_limits lim = {regress_pct, warn_pct, alpha};
	size_t at = 0;

	g->n_regression = g->n_base_warning = g->n_improved = g->n_unchanged = 0;
	for (size_t i = 0; i < r->n_rows; i++) {
		if (g->row_baseline[i] == BASE_NEW)
			continue;
		g->row_baseline[i] = BASE_UNCHANGED;
		/* row i's results: 2 + n_percentiles in a row, rows in order */
		for (size_t k = 0; k < 2 + r->n_percentiles && at < g->n_baseline; k++, at++) {
			struct baseline_result *res = &g->baseline[at];

			gate_compare(res, res->baseline, res->current, &lim);
			gate_count(g, i, res);
		}
	}
}

/* Ascending order of C strings (for qsort and bsearch over char *). */
static int
gate_str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Operations of the baseline with no row in r (whose match keys are matches), ascending. */
static void
gate_only_baseline(struct report *r, const struct gate_baseline *b, char **matches)
{
	struct gate_results *g = &r->gate;
	size_t i;

	qsort(matches, r->n_rows, sizeof(*matches), gate_str_cmp);
	g->only_baseline = xcalloc(b->n_rows + 1, sizeof(*g->only_baseline));
	for (i = 0; i < b->n_rows; i++) {
		const char *key = b->rows[i].match;

		if (bsearch(&key, matches, r->n_rows, sizeof(*matches), gate_str_cmp) == NULL)
			g->only_baseline[g->n_only_baseline++] = xstrdup(b->rows[i].operation);
	}
	qsort(g->only_baseline, g->n_only_baseline, sizeof(*g->only_baseline), gate_str_cmp);
}

int
gate_apply_baseline(struct report *r, const struct gate_baseline *b, double regress_pct,
    double warn_pct, double alpha, char **err)
{
	struct gate_results *g = &r->gate;
	size_t map[MAX_PERCENTILES], cap = 0, i;
	struct gate_limits lim = {regress_pct, warn_pct, alpha};
	char **matches;

	if (gate_match_pcts(r->percentiles, r->n_percentiles, b, true, map, err) < 0)
		return -1;
	if ((matches = gate_row_matches(r, b, err)) == NULL)
		return -1;
	g->has_baseline = true;
	g->baseline_file = xstrdup(b->file);
	g->row_baseline = xcalloc(r->n_rows > 0 ? r->n_rows : 1, sizeof(*g->row_baseline));
	g->only_current = xcalloc(r->n_rows + 1, sizeof(*g->only_current));
	for (i = 0; i < r->n_rows; i++) {
		const struct gate_brow *br = gate_brow_find(b, matches[i]);

		if (br == NULL) {
			g->row_baseline[i] = BASE_NEW;
			g->only_current[g->n_only_current++] = xstrdup(r->rows[i].operation);
		} else
			gate_compare_row(r, i, br, map, &lim, &cap);
	}
	qsort(g->only_current, g->n_only_current, sizeof(*g->only_current), gate_str_cmp);
	gate_only_baseline(r, b, matches);
	for (i = 0; i < r->n_rows; i++)
		free(matches[i]);
	free(matches);
	return 0;
}

int
gate_baseline_ops(const struct gate_baseline *b, const double *pcts, size_t n_pcts,
    struct cmp_op **out, size_t *n_out, char **err)
{
	size_t map[MAX_PERCENTILES];
	struct cmp_op *v;

	if (gate_match_pcts(pcts, n_pcts, b, false, map, err) < 0)
		return -1;
	v = xcalloc(b->n_rows + 1, sizeof(*v));
	for (size_t i = 0; i < b->n_rows; i++) {
		const struct gate_brow *br = &b->rows[i];

		v[i].operation = br->operation;
		v[i].group = br->group;
		v[i].s.count = br->count;
		v[i].s.avg_ms = br->avg;
		v[i].s.has_stddev = br->has_stddev;
		v[i].s.stddev_ms = br->stddev;
		v[i].s.error_rate_pct = br->error_rate;
		for (size_t k = 0; k < n_pcts; k++)
			v[i].s.pct_ms[k] = br->pct[map[k]];
	}
	*out = v;
	*n_out = b->n_rows;
	return 0;
}

/* ---- verdict ------------------------------------------------------------ */

void
gate_verdict(struct report *r)
{
	struct gate_results *g = &r->gate;
	size_t critical = 0, warnings, i;
	char *text, *next;

	for (i = 0; i < r->n_findings; i++)
		critical += r->findings[i].level == LEVEL_CRITICAL;
	warnings = g->n_target_warning + g->n_target_no_data + g->n_base_warning +
	    (r->n_findings - critical);
	free(g->verdict);
	if (r->n_rows == 0) {
		/* No record in the window: no evidence either way (SPEC section 11). */
		g->level = VERDICT_NO_DATA;
		g->verdict = xstrdup("no data: no record in the window");
		return;
	}
	text = xstrdup("");
	compare_count_item(&text, g->n_regression, "regression", "regressions");
	compare_count_item(&text, g->n_target_critical, "critical target", "critical targets");
	compare_count_item(&text, critical, "degradation", "degradations");
	compare_count_item(&text, warnings, "warning", "warnings");
	if (g->n_regression > 0 || g->n_target_critical > 0 || critical > 0)
		g->level = VERDICT_CRITICAL;
	else if (warnings > 0)
		g->level = VERDICT_WARNING;
	else {
		g->level = VERDICT_OK;
		free(text);
		text = xstrdup("no degradation");
	}
	if (g->has_targets) {
		next = xasprintf("%s \xc2\xb7 %zu of %zu targets met", text, g->n_met,
		    g->n_targets);
		free(text);
		text = next;
	}
	if (g->has_baseline && g->n_improved > 0) {
		next = xasprintf("%s \xc2\xb7 %zu improved", text, g->n_improved);
		free(text);
		text = next;
	}
	g->verdict = text;
}

/* Whether a verdict means exit status 1: it reached the --fail-on level, where
 * --fail-on-degradation stands for critical and the lower of the two levels counts; no
 * data fails under any gate option unless --allow-empty (SPEC section 11). */
bool
gate_fails(const struct options *o, enum verdict_level level)
{
	enum fail_on at = o->fail_on;

	if (o->fail_on_degradation && at == FAIL_ON_NONE)
		at = FAIL_ON_CRITICAL;
	if (level == VERDICT_NO_DATA)
		return at != FAIL_ON_NONE && !o->allow_empty;
	switch (at) {
	case FAIL_ON_WARNING:
		return level != VERDICT_OK;
	case FAIL_ON_CRITICAL:
		return level == VERDICT_CRITICAL;
	case FAIL_ON_NONE:
		break;
	}
	return false;
}

const char *
gate_target_status_name(enum target_status s)
{
	switch (s) {
	case TARGET_MET:
		return "met";
	case TARGET_WARNING:
		return "warning";
	case TARGET_CRITICAL:
		return "critical";
	case TARGET_NO_DATA:
		return "no_data";
	case TARGET_NONE:
		break;
	}
	return "";
}

const char *
gate_base_status_name(enum base_status s)
{
	switch (s) {
	case BASE_NEW:
		return "new";
	case BASE_UNCHANGED:
		return "unchanged";
	case BASE_IMPROVED:
		return "improved";
	case BASE_WARNING:
		return "warning";
	case BASE_REGRESSION:
		return "regression";
	}
	return "";
}

const char *
gate_level_name(enum verdict_level l)
{
	switch (l) {
	case VERDICT_WARNING:
		return "warning";
	case VERDICT_CRITICAL:
		return "critical";
	case VERDICT_NO_DATA:
		return "no_data";
	case VERDICT_OK:
		break;
	}
	return "ok";
}
