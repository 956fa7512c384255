/* gate-baseline.h - the reader of a JSON report saved by perf-reporter (--format json,
 * SPEC section 6), the one input both --baseline (gate-regress.h) and `compare` read back.
 *
 * Loading validates the file completely and keeps each row's summaries; nothing here
 * prints. Every failure comes back as -1 or NULL with a heap message in *err naming the
 * file and a JSON path ("FILE: $.operations[3].avg_ms: must be a non-negative number"); the
 * caller prints it and frees it.
 *
 * The file: an object with "schema_version" 1 and "operations", an array of row objects,
 * each with a non-empty "operation", non-negative "error_rate_pct", "avg_ms" and one pN_ms
 * per percentile, optionally "count" (a whole number; 0 when absent or null), "stddev_ms"
 * (null or absent: no test can be made) and "group" (--by: an object of string values, the
 * same keys in the same order in every row, or in none). Other keys are ignored. The
 * percentile set is the top-level "percentiles" (1 to MAX_PERCENTILES distinct numbers in
 * (0, 100)); a report without that key (saved by an earlier version, or written by hand to
 * SPEC section 6, which does not name it) takes its set from the pN_ms columns of its first
 * row, named as perf-reporter names them (shortest form: p50_ms, p99.9_ms), and every row
 * must then have exactly those percentile columns. Such a report with no row has no set and
 * matches any. A row is matched on its "group" values when it has them, else on
 * "operation"; two rows with the same match are an error.
 *
 * A pytest-benchmark file (`pytest --benchmark-json`, SPEC section 16: an object without
 * "schema_version" whose "benchmarks" is an array) is read as a saved summary: one row per
 * benchmark, operation = "fullname", count = stats.rounds, avg = stats.mean, stddev =
 * stats.stddev, p50 = stats.median (seconds, kept in milliseconds), error rate 0 (a
 * benchmark has no failed round); its percentile set is {50}. Its stats.data (the raw
 * times of --benchmark-save-data) are not read here: raw_times says they are there.
 *
 * A summary holds only the percentiles it names: gate_baseline_match_pcts maps the
 * comparison's percentiles onto the file's and marks those it does not hold, which are
 * left out of the comparison (gate_baseline_pcts_note says which).
 */
#ifndef PR_GATE_BASELINE_H
#define PR_GATE_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "report.h"

/* One operation row of a saved report. */
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

/* A validated saved report; read-only once loaded. */
struct gate_baseline {
	char *file;
	double pcts[MAX_PERCENTILES];
	size_t n_pcts;
	bool pcts_from_rows;    /* no "percentiles" key: pcts are the first row's pN_ms
	                           columns (none, and any set matches, without rows) */
	const char *kind;       /* "saved report" or "pytest-benchmark summary" (static) */
	bool raw_times;         /* a pytest-benchmark file with stats.data (compare reads
	                           such a file as a log) */
	struct gate_brow *rows; /* ascending by match (bytewise) */
	size_t n_rows;
	char **keys;            /* the --by keys of a grouped baseline (its rows' "group"
	                           keys, in order); NULL when its rows have no "group" */
	size_t n_keys;
};

/* Read and validate a saved report; NULL and *err on failure. gate_baseline_parse reads
 * text already in memory, naming it name in messages. Free with gate_baseline_free. */
struct gate_baseline *gate_baseline_load(const char *file, char **err);
struct gate_baseline *gate_baseline_parse(const char *text, size_t len, const char *name,
    char **err);
/* gate_baseline_load reading path but naming the file name in messages ("<stdin>" for
 * /dev/stdin), and what ("saved report (compare)") where reading fails. */
struct gate_baseline *gate_baseline_load_as(const char *path, const char *name,
    const char *what, char **err);
void gate_baseline_free(struct gate_baseline *b);

/* The row matched by key (a row's match: the encoded group values, or the operation), or
 * NULL. */
const struct gate_brow *gate_baseline_find(const struct gate_baseline *b, const char *key);

/* 0 when b's rows are grouped by keys[0..n) (n 0: not grouped); else -1 and *err naming
 * both key lists, worded for --baseline (as_baseline) or for a saved report given to
 * compare. gate_baseline_same_by does the same for o's --by keys. */
int gate_baseline_same_keys(const struct gate_baseline *b, char *const *keys, size_t n,
    bool as_baseline, char **err);
int gate_baseline_same_by(const struct gate_baseline *b, const struct options *o,
    bool as_baseline, char **err);

/* A map entry of a percentile the file does not hold. */
#define GATE_PCT_NONE ((size_t)-1)
/* map[k] = the index in b->pcts of pcts[k], for k < n_pcts, or GATE_PCT_NONE when b does
 * not hold it (it is then left out of the comparison); returns how many are left out (0
 * for a report with no set: no "percentiles" and no row). */
size_t gate_baseline_match_pcts(const double *pcts, size_t n_pcts,
    const struct gate_baseline *b, size_t *map);
/* What is left out, for people: "p90 of --percentiles is not compared: the baseline (a
 * saved report) holds only p50, p95, p99" with who "the baseline" (or "BASE",
 * "CURRENT"); NULL when map (as gate_baseline_match_pcts fills it) leaves nothing out.
 * Caller frees. */
char *gate_baseline_pcts_note(const struct gate_baseline *b, const double *pcts,
    size_t n_pcts, const size_t *map, const char *who);

struct cmp_op;
/* Row br as one of compare's sides (compare.h): its summaries, its percentiles in the
 * order map gives (map[k] its index of percentile k < n_pcts, as gate_baseline_match_pcts
 * fills it; GATE_PCT_NONE: not held, marked in op->s.no_pct), no durations. Names and
 * --by values are borrowed from br. */
void gate_baseline_op(const struct gate_brow *br, const size_t *map, size_t n_pcts,
    struct cmp_op *op);

/* The rows of a saved report as compare's sides (compare.h), their percentiles in the
 * order map gives (gate_baseline_op). The names and --by values are borrowed from b; the
 * caller frees *out. */
void gate_baseline_ops(const struct gate_baseline *b, const size_t *map, size_t n_pcts,
    struct cmp_op **out, size_t *n_out);

#endif
