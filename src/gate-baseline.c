/* gate-baseline.c - the saved-report reader (gate-baseline.h): a JSON report saved with
 * --format json, validated with jansson into rows sorted by what they are matched on; and
 * the lookups both --baseline and compare need (a row by its match, the percentile map,
 * the --by check, the rows as compare's sides). */
#include "gate-baseline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "compare.h"
#include "gate-json.h"
#include "group.h"
#include "numfmt.h"
#include "utf8.h"
#include "xalloc.h"

/* The percentile set of a report without "percentiles": the pN_ms columns of its first
 * row, in that row's order (none when it has no row: the rows are checked later). */
static int
gate_baseline_pcts_of_rows(struct gate_baseline *b, json_t *root, char **err)
{
	json_t *row = json_array_get(json_object_get(root, "operations"), 0), *v;
	const char *key;
	double p;

	b->pcts_from_rows = true;
	if (!json_is_object(row))
		return 0;
	json_object_foreach(row, key, v) {
		if (!gate_json_pct_column(key, &p))
			continue;
		if (b->n_pcts == MAX_PERCENTILES) {
			*err = xasprintf("%s: $.operations[0]: more than %d percentile columns",
			    b->file, MAX_PERCENTILES);
			return -1;
		}
		b->pcts[b->n_pcts++] = p;
	}
	if (b->n_pcts == 0) {
		*err = xasprintf("%s: $.percentiles: missing, and $.operations[0] has no "
		    "percentile column such as p95_ms; a baseline is a report saved with "
		    "--format json -o FILE", b->file);
		return -1;
	}
	return 0;
}

/* Read schema_version and percentiles of a baseline report. */
static int
gate_baseline_head(struct gate_baseline *b, json_t *root, char **err)
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
	if (v == NULL)
		return gate_baseline_pcts_of_rows(b, root, err);
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
gate_baseline_number(const struct gate_baseline *b, json_t *o, size_t i, const char *key,
    bool pct, double *out, char **err)
{
	json_t *v = json_object_get(o, key);

	if (!gate_json_nonneg(v)) {
		*err = xasprintf("%s: $.operations[%zu].%s: %s", b->file, i, key, v != NULL ?
		    "must be a non-negative number" : pct ? (b->pcts_from_rows ? "missing, "
		    "though $.operations[0] has it (without $.percentiles, every row has the "
		    "first row's percentile columns)" : "missing, though $.percentiles lists it") :
		    "missing; a baseline is a report saved with --format json "
		    "-o FILE");
		return -1;
	}
	*out = json_number_value(v);
	return 0;
}

/* The optional whole-number member key of row i ("count"): 0 when absent. */
static int
gate_baseline_optional(const struct gate_baseline *b, json_t *o, size_t i, const char *key,
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
gate_baseline_stddev(const struct gate_baseline *b, json_t *o, size_t i,
    struct gate_brow *row, char **err)
{
	json_t *v = json_object_get(o, "stddev_ms");

	row->has_stddev = false;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!gate_json_nonneg(v)) {
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
gate_baseline_group_free(struct gate_brow *row, size_t n)
{
	for (size_t k = 0; row->group != NULL && k < n; k++)
		free(row->group[k]);
	free(row->group);
	row->group = NULL;
}

/* Row i's "group" (--by): its keys must be the first row's (row 0 sets them), its values
 * strings; row->match is their encoding, or the operation without "group". */
static int
gate_baseline_group(struct gate_baseline *b, json_t *o, size_t i, struct gate_brow *row,
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
			char *q = utf8_escape_cut(key, strlen(key), GATE_JSON_QUOTE_MAX);

			*err = xasprintf("%s: $.operations[%zu].group.%s: %s", b->file, i, q,
			    json_is_string(v) ? "the rows' \"group\" keys differ from the first row's" :
			    "must be a string");
			free(q);
			group_buf_free(&buf);
			gate_baseline_group_free(row, b->n_keys);
			return -1;
		}
		group_put(&buf, json_string_value(v), json_string_length(v));
		row->group[k++] = xstrndup(json_string_value(v), json_string_length(v));
	}
	if (k != b->n_keys) {
		*err = xasprintf("%s: $.operations[%zu].group: the rows' \"group\" keys differ "
		    "from the first row's", b->file, i);
		group_buf_free(&buf);
		gate_baseline_group_free(row, b->n_keys);
		return -1;
	}
	row->match = buf.s;
	return 0;
}

/* Without "percentiles": row i may have no percentile column the first row lacks. */
static int
gate_baseline_extra_pcts(const struct gate_baseline *b, json_t *o, size_t i, char **err)
{
	const char *key;
	json_t *v;
	double p;
	size_t k;

	json_object_foreach(o, key, v) {
		if (!gate_json_pct_column(key, &p))
			continue;
		for (k = 0; k < b->n_pcts && !same_double(b->pcts[k], p); k++)
			continue;
		if (k < b->n_pcts)
			continue;
		*err = xasprintf("%s: $.operations[%zu].%s: $.operations[0] has no such column "
		    "(without $.percentiles, every row has the first row's percentile columns)",
		    b->file, i, key);
		return -1;
	}
	return 0;
}

/* Read row i of "operations". */
static int
gate_baseline_row(struct gate_baseline *b, json_t *o, size_t i, struct gate_brow *row,
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
	if (gate_baseline_number(b, o, i, "error_rate_pct", false, &row->error_rate, err) < 0 ||
	    gate_baseline_number(b, o, i, "avg_ms", false, &row->avg, err) < 0)
		return -1;
	if (gate_baseline_optional(b, o, i, "count", &row->count, err) < 0 ||
	    gate_baseline_stddev(b, o, i, row, err) < 0)
		return -1;
	if (b->pcts_from_rows && gate_baseline_extra_pcts(b, o, i, err) < 0)
		return -1;
	for (size_t k = 0; k < b->n_pcts; k++) {
		numfmt_shortest(b->pcts[k], buf);
		snprintf(pname, sizeof(pname), "p%s_ms", buf);
		if (gate_baseline_number(b, o, i, pname, true, &row->pct[k], err) < 0)
			return -1;
	}
	row->operation = xstrdup(json_string_value(name));
	if (gate_baseline_group(b, o, i, row, err) < 0) {
		free(row->operation); /* the row is not counted, so not freed with b */
		row->operation = NULL;
		return -1;
	}
	return 0;
}

/* Order baseline rows by what they are matched on. */
static int
gate_baseline_row_cmp(const void *a, const void *b)
{
	return strcmp(((const struct gate_brow *)a)->match, ((const struct gate_brow *)b)->match);
}

/* Sort the rows by what they are matched on and reject a match listed twice, naming the
 * later one at $.ARRAY[i].KEY. */
static int
gate_baseline_sort(struct gate_baseline *b, const char *array, const char *key, char **err)
{
	size_t i;

	qsort(b->rows, b->n_rows, sizeof(*b->rows), gate_baseline_row_cmp);
	for (i = 1; i < b->n_rows; i++)
		if (strcmp(b->rows[i - 1].match, b->rows[i].match) == 0) {
			size_t later = b->rows[i].index > b->rows[i - 1].index ?
			    b->rows[i].index : b->rows[i - 1].index;
			char *q = utf8_escape_cut(b->rows[i].operation,
			    strlen(b->rows[i].operation), GATE_JSON_QUOTE_MAX);

			*err = xasprintf("%s: $.%s[%zu].%s: '%s' is listed twice", b->file,
			    array, later, key, q);
			free(q);
			return -1;
		}
	return 0;
}

/* Read "operations", sort by name, reject a name listed twice. */
static int
gate_baseline_rows(struct gate_baseline *b, json_t *root, char **err)
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
		if (gate_baseline_row(b, o, i, &b->rows[i], err) < 0)
			return -1;
		b->n_rows++;
	}
	return gate_baseline_sort(b, "operations", "operation", err);
}

/* Whether root is a pytest-benchmark file: an object without "schema_version" whose
 * "benchmarks" is an array. */
static bool
gate_baseline_is_pytest(json_t *root)
{
	return json_object_get(root, "schema_version") == NULL &&
	    json_is_array(json_object_get(root, "benchmarks"));
}

/* A non-negative number of seconds stats.key of benchmark i, in milliseconds. */
static int
gate_baseline_seconds(const struct gate_baseline *b, json_t *stats, size_t i,
    const char *key, double *ms, char **err)
{
	json_t *v = json_object_get(stats, key);

	if (!gate_json_nonneg(v)) {
		*err = xasprintf("%s: $.benchmarks[%zu].stats.%s: %s (seconds, as pytest "
		    "--benchmark-json writes it)", b->file, i, key, v == NULL ? "missing" :
		    "must be a non-negative number");
		return -1;
	}
	*ms = json_number_value(v) * 1000.0;
	return 0;
}

/* Benchmark i of a pytest-benchmark file as a row (gate-baseline.h). */
static int
gate_baseline_pytest_row(struct gate_baseline *b, json_t *o, size_t i,
    struct gate_brow *row, char **err)
{
	json_t *name = json_object_get(o, "fullname"), *stats = json_object_get(o, "stats");
	json_t *rounds = json_object_get(stats, "rounds");

	if (!json_is_object(o) || !json_is_object(stats)) {
		*err = xasprintf("%s: $.benchmarks[%zu]%s: must be an object (a file of pytest "
		    "--benchmark-json)", b->file, i, json_is_object(o) ? ".stats" : "");
		return -1;
	}
	if (!json_is_string(name) || json_string_length(name) == 0 ||
	    strlen(json_string_value(name)) != json_string_length(name)) {
		*err = xasprintf("%s: $.benchmarks[%zu].fullname: must be a non-empty string",
		    b->file, i);
		return -1;
	}
	if (!json_is_integer(rounds) || json_integer_value(rounds) < 0) {
		*err = xasprintf("%s: $.benchmarks[%zu].stats.rounds: must be a whole number, "
		    "0 or more", b->file, i);
		return -1;
	}
	row->index = i;
	row->count = (uint64_t)json_integer_value(rounds);
	if (gate_baseline_seconds(b, stats, i, "mean", &row->avg, err) < 0 ||
	    gate_baseline_seconds(b, stats, i, "median", &row->pct[0], err) < 0 ||
	    gate_baseline_seconds(b, stats, i, "stddev", &row->stddev, err) < 0)
		return -1;
	row->has_stddev = true;
	row->error_rate = 0;
	if (json_is_array(json_object_get(stats, "data")))
		b->raw_times = true;
	row->operation = xstrdup(json_string_value(name));
	row->match = xstrdup(row->operation);
	return 0;
}

/* A pytest-benchmark file as a saved summary: its percentile set {50}, one row per
 * benchmark, sorted by fullname, a name listed twice refused. */
static int
gate_baseline_pytest(struct gate_baseline *b, json_t *root, char **err)
{
	json_t *marks = json_object_get(root, "benchmarks"), *o;
	size_t i;

	b->kind = "pytest-benchmark summary";
	b->pcts[0] = 50;
	b->n_pcts = 1;
	b->rows = xcalloc(json_array_size(marks) + 1, sizeof(*b->rows));
	json_array_foreach(marks, i, o) {
		if (gate_baseline_pytest_row(b, o, i, &b->rows[i], err) < 0)
			return -1;
		b->n_rows++;
	}
	return gate_baseline_sort(b, "benchmarks", "fullname", err);
}

struct gate_baseline *
gate_baseline_parse(const char *text, size_t len, const char *name, char **err)
{
	struct gate_baseline *b;
	json_t *root = gate_json_parse(text, len, name, " (a baseline is one JSON report "
	    "saved with --format json -o FILE)", err);
	int rc = -1;

	if (root == NULL)
		return NULL;
	b = xcalloc(1, sizeof(*b));
	b->file = xstrdup(name);
	b->kind = "saved report";
	if (!json_is_object(root))
		*err = xasprintf("%s: $: must be an object: a baseline is a report saved with "
		    "--format json -o FILE", name);
	else if (gate_baseline_is_pytest(root))
		rc = gate_baseline_pytest(b, root, err);
	else if (gate_baseline_head(b, root, err) == 0 && gate_baseline_rows(b, root, err) == 0)
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
	char *text = gate_json_read(path, what, &len, err);
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
		gate_baseline_group_free(&b->rows[i], b->n_keys);
	}
	for (size_t k = 0; k < b->n_keys; k++)
		free(b->keys[k]);
	free(b->keys);
	free(b->rows);
	free(b->file);
	free(b);
}

/* Compare a match key with a baseline row (for bsearch). */
static int
gate_baseline_key_cmp(const void *key, const void *row)
{
	return strcmp(key, ((const struct gate_brow *)row)->match);
}

/* The baseline row matched by key, or NULL. */
const struct gate_brow *
gate_baseline_find(const struct gate_baseline *b, const char *key)
{
	return bsearch(key, b->rows, b->n_rows, sizeof(*b->rows), gate_baseline_key_cmp);
}

/* 0 when b's rows are grouped by keys[0..n) (n 0: not grouped), else -1 and *err. */
int
gate_baseline_same_keys(const struct gate_baseline *b, char *const *keys, size_t n,
    bool as_baseline, char **err)
{
	bool same = n == b->n_keys;
	char *theirs, *ours, *q;

	for (size_t k = 0; same && k < b->n_keys; k++)
		same = strcmp(keys[k], b->keys[k]) == 0;
	if (same)
		return 0;
	theirs = gate_json_keys_text(b->keys, b->n_keys);
	ours = gate_json_keys_text(keys, n);
	q = utf8_escape_cut(theirs, strlen(theirs), 2 * GATE_JSON_QUOTE_MAX);
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
	return gate_baseline_same_keys(b, o->by_keys, o->grouped ? o->n_by : 0, as_baseline, err);
}

/* map[k] = the file's index of the comparison's k-th percentile, or GATE_PCT_NONE; the
 * number of those the file does not hold. */
size_t
gate_baseline_match_pcts(const double *pcts, size_t n_pcts, const struct gate_baseline *b,
    size_t *map)
{
	size_t k, j, none = 0;

	for (k = 0; k < n_pcts; k++) {
		map[k] = GATE_PCT_NONE;
		if (b->pcts_from_rows && b->n_pcts == 0)
			continue; /* no row, no set: nothing to leave out */
		for (j = 0; j < b->n_pcts; j++)
			if (same_double(b->pcts[j], pcts[k]))
				break;
		if (j < b->n_pcts)
			map[k] = j;
		else
			none++;
	}
	return none;
}

/* Append "pN" for percentile p to *s, after sep when *s is not empty (heap, replaced). */
static void
gate_baseline_pname(char **s, double p, const char *sep)
{
	char buf[NUMFMT_BUFSZ], *next;

	numfmt_shortest(p, buf);
	next = xasprintf("%s%s%s", *s, **s != '\0' ? sep : "", buf);
	free(*s);
	*s = next;
}

char *
gate_baseline_pcts_note(const struct gate_baseline *b, const double *pcts, size_t n_pcts,
    const size_t *map, const char *who)
{
	char *out = xstrdup(""), *held = xstrdup(""), *note;
	size_t n_out = 0;

	for (size_t k = 0; k < n_pcts; k++)
		if (map[k] == GATE_PCT_NONE && !(b->pcts_from_rows && b->n_pcts == 0)) {
			gate_baseline_pname(&out, pcts[k], ", p");
			n_out++;
		}
	for (size_t j = 0; j < b->n_pcts; j++)
		gate_baseline_pname(&held, b->pcts[j], ", p");
	note = n_out == 0 ? NULL : xasprintf("p%s of --percentiles %s not compared: %s (a %s) "
	    "holds only p%s", out, n_out == 1 ? "is" : "are", who, b->kind, held);
	free(out);
	free(held);
	return note;
}

void
gate_baseline_op(const struct gate_brow *br, const size_t *map, size_t n_pcts,
    struct cmp_op *op)
{
	memset(op, 0, sizeof(*op));
	op->operation = br->operation;
	op->group = br->group;
	op->s.count = br->count;
	op->s.avg_ms = br->avg;
	op->s.has_stddev = br->has_stddev;
	op->s.stddev_ms = br->stddev;
	op->s.error_rate_pct = br->error_rate;
	for (size_t k = 0; k < n_pcts; k++) {
		op->s.no_pct[k] = map[k] == GATE_PCT_NONE;
		op->s.pct_ms[k] = op->s.no_pct[k] ? 0 : br->pct[map[k]];
	}
}

void
gate_baseline_ops(const struct gate_baseline *b, const size_t *map, size_t n_pcts,
    struct cmp_op **out, size_t *n_out)
{
	struct cmp_op *v = xcalloc(b->n_rows + 1, sizeof(*v));

	for (size_t i = 0; i < b->n_rows; i++)
		gate_baseline_op(&b->rows[i], map, n_pcts, &v[i]);
	*out = v;
	*n_out = b->n_rows;
}
