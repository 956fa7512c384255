/* summary.h - the summary file of SPEC section 18: what a run read, kept per (bucket, group)
 * so that it can be merged with others and reported on without the records.
 *
 * The file is JSON Lines. A header
 *   {"perf_reporter_summary": 1, "bucket": "day", "accuracy": 0.01, "exact_limit": 4096,
 *    "by": ["operation_type"], "unit": "ms"}
 * (exactly these keys), then one line per (bucket, group), in (bucket_start, group) order,
 * groups bytewise by their JSON text, no pair twice:
 *   {"bucket_start": "2026-10-01T00:00:00.000Z", "group": {"operation_type": "llm_call"},
 *    "count": n, "failed": f, "min": x, "max": y, "mean": m, "m2": s, "values": [...]}
 * with "values" (ascending, count of them) while count <= exact_limit, else
 *   "histogram": {"gamma": g, "offset": k0, "counts": [...], "zeros": z}
 * (sketch.h's mapping; exactly these keys; counts[i] is bucket k0 + i). A data line may carry
 * more keys (ignored). m2 is the sum of squared deviations from the mean; two lines merge by
 * Chan, Golub and LeVeque's pairwise formula. Numbers are written with 17 significant digits,
 * so a summary read back holds the very doubles that were written.
 *
 * Ownership: a struct summary owns its header strings and its lines; summary_free releases
 * them. Nothing here prints or exits (but for out of memory): failures come back as -1 or
 * NULL with a heap message in *err, "NAME:LINE: what is wrong" for a file, which the caller
 * prints and frees. No statistic here formats, and the writer computes nothing. */
#ifndef PR_SUMMARY_H
#define PR_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sketch.h"

#define SUMMARY_VERSION 1
/* --exact-limit at most (values kept per line); the default. */
#define SUMMARY_EXACT_LIMIT_MAX 1048576
#define SUMMARY_EXACT_LIMIT_DEFAULT 4096
#define SUMMARY_ACCURACY_DEFAULT 0.01
/* Group keys at most (cli.h's MAX_BY). */
#define SUMMARY_MAX_BY 8

enum summary_bucket { SUMMARY_HOUR, SUMMARY_DAY };

struct summary_header {
	enum summary_bucket bucket;
	double accuracy;      /* SKETCH_ACCURACY_MIN..SKETCH_ACCURACY_MAX */
	double gamma;         /* sketch_gamma(accuracy) */
	uint64_t exact_limit; /* 0..SUMMARY_EXACT_LIMIT_MAX */
	char *by[SUMMARY_MAX_BY]; /* heap, distinct, non-empty */
	size_t n_by;          /* >= 1 */
	char *unit;           /* heap */
};

/* One (bucket, group). While values are kept (!hist) they may be unsorted until
 * summary_finish; once past the exact limit they go to sk and values is freed. */
struct summary_line {
	int64_t bucket_start; /* UTC microseconds, on a bucket boundary */
	char *group;          /* the group's JSON text, keys in by order (heap) */
	uint64_t count, failed;
	double min, max, mean, m2;
	bool hist;            /* sk holds the values; else values[0..count) */
	double *values;
	size_t values_cap;
	bool sorted;
	struct sketch sk;
};

struct summary {
	struct summary_header h;
	struct summary_line *lines;
	size_t n, cap;
	size_t *slots;        /* hash of (bucket_start, group) -> index + 1; 0 empty */
	size_t n_slots;       /* a power of two, or 0 before the first line */
};

/* Start of the bucket holding us. */
int64_t summary_bucket_floor(enum summary_bucket b, int64_t us);
/* "hour" or "day". */
const char *summary_bucket_name(enum summary_bucket b);

/* An empty summary. accuracy and exact_limit within their ranges, 1 <= n_by <=
 * SUMMARY_MAX_BY; the strings are copied. */
void summary_init(struct summary *s, enum summary_bucket b, double accuracy,
    uint64_t exact_limit, char *const *by, size_t n_by, const char *unit);
void summary_free(struct summary *s);

/* The group text of values[0..n) under keys by[0..n): a JSON object, keys in order, string
 * values (heap). */
char *summary_group_text(char *const *by, char *const *values, size_t n);

/* Count one record: duration (finite, >= 0) in the bucket of ts_us and the group of JSON
 * text group[0..len) (as summary_group_text makes it). Returns -1 (*err says why; s is then
 * only to be freed) when the line's count would pass INT64_MAX, the most a summary line
 * holds, or its m2 the largest double (durations near 1e154 and beyond), else 0. */
int summary_add(struct summary *s, int64_t ts_us, const char *group, size_t len,
    double duration, bool failed, char **err);

/* Merge src into dst: the same bucket, by, accuracy and unit, else -1 and *err naming the
 * difference (src_name and dst_name say which inputs). dst's exact limit becomes the smaller
 * of the two, and a line past it becomes a histogram. -1 also when a line's count or m2
 * would overflow (summary_line_merge; dst is then left partly merged and must only be
 * freed). */
int summary_merge(struct summary *dst, const struct summary *src, const char *dst_name,
    const char *src_name, char **err);

/* As summary_merge, but every value is kept whatever the exact limits (the lines hold
 * values past dst's exact_limit, unsorted: summary_line_settle, or summary_finish): what a
 * report reads summaries into, never written. */
int summary_absorb(struct summary *dst, const struct summary *src, const char *dst_name,
    const char *src_name, char **err);

/* Merge line src into dst (same bucket and group, same gamma) under exact_limit (values
 * appended unsorted: summary_finish or summary_line_settle sorts them): 0, or -1 when the
 * count would pass INT64_MAX, -2 when m2 would pass the largest double (dst is then
 * unusable but freeable). */
int summary_line_merge(struct summary_line *dst, const struct summary_line *src,
    uint64_t exact_limit);

/* Merge line src into dst keeping every value, whatever the exact limit (a report that
 * reads summaries, SPEC section 18: a percentile is exact when every line it draws on holds
 * values): values are appended unsorted (summary_line_settle sorts them once); a histogram
 * on either side makes dst one. dst starts zeroed with src's gamma (sketch_init_gamma) and
 * sorted set. 0, -1 when the count would pass INT64_MAX, -2 when m2 would pass the largest
 * double. */
int summary_line_absorb(struct summary_line *dst, const struct summary_line *src);
/* Sort a line's values when they are not (after summary_line_absorb). */
void summary_line_settle(struct summary_line *l);
/* Free what a line holds (its group, values and histogram); the line itself is the
 * caller's. */
void summary_line_release(struct summary_line *l);

/* The value of key in line l's group (heap), or NULL when the group has no such key. */
char *summary_group_value(const struct summary_line *l, const char *key);
/* Keep only the lines for which keep(ctx, line) holds, in their order; free the others. */
void summary_keep(struct summary *s, bool (*keep)(void *ctx, const struct summary_line *l),
    void *ctx);

/* Sort every line's values and the lines themselves into file order. Idempotent; the
 * writer, the comparisons and the percentiles want it done. Keeps the hash valid. */
void summary_finish(struct summary *s);

/* Write s (finished) to fp: header and lines. Write errors are the caller's (ferror). */
void summary_write(const struct summary *s, FILE *fp);

/* Reading, line by line (a loader feeding lines), strictly: every problem is an error with
 * NAME:LINE. Blank lines (only white space) are skipped. */
struct summary_reader {
	struct summary *s;    /* NULL until the header was read */
	const char *name;     /* for messages (borrowed) */
	uint64_t line;        /* lines fed so far */
	bool strict_only;     /* every line through jansson (summary-fast.h: the fuzz target
	                         holds the two readers side by side); false after init */
	uint64_t *scratch;    /* the fast reader's histogram counts (heap) */
	size_t scratch_cap;
};
void summary_reader_init(struct summary_reader *r, const char *name);
/* Feed the next line (without its newline; a trailing CR is dropped). -1 and *err on the
 * first error (then only summary_reader_free). */
int summary_reader_line(struct summary_reader *r, const char *text, size_t len, char **err);
/* The summary read (the caller's, finished), or NULL and *err when there was no header. */
struct summary *summary_reader_end(struct summary_reader *r, char **err);
void summary_reader_free(struct summary_reader *r);
/* A whole file's text text[0..len) through the reader; NULL and *err on an error. */
struct summary *summary_parse(const char *text, size_t len, const char *name, char **err);
/* summary_parse with every line through jansson when strict_only (summary_reader's
 * strict_only: the fuzz target's reference reading). */
struct summary *summary_parse_as(const char *text, size_t len, const char *name,
    bool strict_only, char **err);
/* True when text[0..len) (one line) is a summary header's JSON object, valid or not: it has
 * the key "perf_reporter_summary". How a summary is told from a log. */
bool summary_is_header(const char *text, size_t len);

/* Percentile p (0..1) of the line by SPEC section 4's interpolation: exact from values
 * (sorted: summary_finish), else from the histogram (sketch_percentile) and *approximate
 * set. */
double summary_line_percentile(const struct summary_line *l, double p, bool *approximate);
/* The sample standard deviation sqrt(m2 / (count - 1)); 0 for a single value. */
double summary_line_stddev(const struct summary_line *l);

/* Two finished summaries with the same header, lines, counters, values and histograms, the
 * means within rel_mean relative and m2 within rel_m2 (0: bit for bit). For the merge laws'
 * tests. */
bool summary_equal(const struct summary *a, const struct summary *b, double rel_mean,
    double rel_m2);

#endif
