/* summary.c - the summary of SPEC section 18: building it from records, merging, writing,
 * and reading it back strictly. */
#include "common.h"
#include "summary.h"
#include "summary-fast.h"

#include <float.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "timeutil.h"
#include "utf8.h"
#include "xalloc.h"

#define US_PER_HOUR INT64_C(3600000000)

/* Start of the bucket holding us (floor, also before 1970). */
int64_t
summary_bucket_floor(enum summary_bucket b, int64_t us)
{
	int64_t q;

	if (b == SUMMARY_DAY)
		return tu_floor_day(us);
	q = us / US_PER_HOUR;
	if (us % US_PER_HOUR < 0)
		q--;
	return q * US_PER_HOUR;
}

/* The bucket's name in the header. */
const char *
summary_bucket_name(enum summary_bucket b)
{
	return b == SUMMARY_DAY ? "day" : "hour";
}

/* An empty summary. */
void
summary_init(struct summary *s, enum summary_bucket b, double accuracy,
    uint64_t exact_limit, char *const *by, size_t n_by, const char *unit)
{
	memset(s, 0, sizeof *s);
	s->h.bucket = b;
	s->h.accuracy = accuracy;
	s->h.gamma = sketch_gamma(accuracy);
	s->h.exact_limit = exact_limit;
	for (size_t i = 0; i < n_by && i < SUMMARY_MAX_BY; i++)
		s->h.by[s->h.n_by++] = xstrdup(by[i]);
	s->h.unit = xstrdup(unit);
}

/* Free one line's heap parts. */
static void
summary_line_free(struct summary_line *l)
{
	free(l->group);
	free(l->values);
	sketch_free(&l->sk);
}

/* Free everything s holds. */
void
summary_free(struct summary *s)
{
	for (size_t i = 0; i < s->h.n_by; i++)
		free(s->h.by[i]);
	free(s->h.unit);
	for (size_t i = 0; i < s->n; i++)
		summary_line_free(&s->lines[i]);
	free(s->lines);
	free(s->slots);
	memset(s, 0, sizeof *s);
}

/* The group's JSON object text, keys in by order. */
char *
summary_group_text(char *const *by, char *const *values, size_t n)
{
	json_t *o = json_object();
	char *text, *copy;

	if (o == NULL)
		xalloc_die();
	for (size_t i = 0; i < n; i++)
		if (json_object_set_new(o, by[i], json_string(values[i])) != 0)
			xalloc_die();
	text = json_dumps(o, JSON_PRESERVE_ORDER);
	json_decref(o);
	if (text == NULL)
		xalloc_die();
	copy = xstrdup(text);
	free(text);
	return copy;
}

/* FNV-1a over the bucket and the group text. */
static size_t
summary_hash(int64_t bucket, const char *group, size_t len)
{
	uint64_t h = UINT64_C(14695981039346656037);
	uint64_t b = (uint64_t)bucket;

	for (int i = 0; i < 8; i++) {
		h ^= (b >> (8 * i)) & 0xff;
		h *= UINT64_C(1099511628211);
	}
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)group[i];
		h *= UINT64_C(1099511628211);
	}
	return (size_t)h;
}

/* Rebuild the hash for every line, with room for twice as many. */
static void
summary_rehash(struct summary *s)
{
	size_t want = 16;

	while (want < 2 * (s->n + 1))
		want *= 2;
	free(s->slots);
	s->slots = xcalloc(want, sizeof *s->slots);
	s->n_slots = want;
	for (size_t i = 0; i < s->n; i++) {
		const struct summary_line *l = &s->lines[i];
		size_t j = summary_hash(l->bucket_start, l->group, strlen(l->group)) & (want - 1);

		while (s->slots[j] != 0)
			j = (j + 1) & (want - 1);
		s->slots[j] = i + 1;
	}
}

/* The line of (bucket, group[0..len)), created empty when missing. */
static struct summary_line *
summary_line_get(struct summary *s, int64_t bucket, const char *group, size_t len)
{
	size_t j;
	struct summary_line *l;

	if (s->n_slots == 0 || 2 * (s->n + 1) > s->n_slots)
		summary_rehash(s);
	j = summary_hash(bucket, group, len) & (s->n_slots - 1);
	while (s->slots[j] != 0) {
		l = &s->lines[s->slots[j] - 1];
		if (l->bucket_start == bucket && strncmp(l->group, group, len) == 0 &&
		    l->group[len] == '\0')
			return l;
		j = (j + 1) & (s->n_slots - 1);
	}
	xgrow(&s->lines, &s->cap, s->n + 1, sizeof *s->lines);
	l = &s->lines[s->n];
	memset(l, 0, sizeof *l);
	l->bucket_start = bucket;
	l->group = xstrndup(group, len);
	l->sorted = true;
	sketch_init_gamma(&l->sk, s->h.gamma);
	s->slots[j] = ++s->n;
	return l;
}

/* Move a line's values into its histogram. */
static void
summary_line_to_hist(struct summary_line *l)
{
	for (uint64_t i = 0; i < l->count && !l->hist; i++)
		sketch_add(&l->sk, l->values[i]);
	free(l->values);
	l->values = NULL;
	l->values_cap = 0;
	l->hist = true;
	l->sorted = true;
}

/* Append v to l's values. */
static void
summary_line_push(struct summary_line *l, double v, uint64_t at)
{
	xgrow(&l->values, &l->values_cap, (size_t)at + 1, sizeof *l->values);
	if (at > 0 && v < l->values[at - 1])
		l->sorted = false;
	l->values[at] = v;
}

/* Count one record. */
int
summary_add(struct summary *s, int64_t ts_us, const char *group, size_t len,
    double duration, bool failed, char **err)
{
	struct summary_line *l =
	    summary_line_get(s, summary_bucket_floor(s->h.bucket, ts_us), group, len);
	double delta;

	if (l->count == (uint64_t)INT64_MAX) {
		*err = xasprintf("more than %lld records in one bucket and group",
		    (long long)INT64_MAX);
		return -1;
	}
	if (!l->hist && l->count + 1 > s->h.exact_limit)
		summary_line_to_hist(l);
	if (l->hist)
		sketch_add(&l->sk, duration);
	else
		summary_line_push(l, duration, l->count);
	l->count++;
	l->failed += failed;
	if (l->count == 1 || duration < l->min)
		l->min = duration;
	if (l->count == 1 || duration > l->max)
		l->max = duration;
	/* Welford: the mean and m2 of one more value. */
	delta = duration - l->mean;
	l->mean += delta / (double)l->count;
	l->m2 += delta * (duration - l->mean);
	if (!isfinite(l->m2)) {
		*err = xasprintf("durations too large to summarize: the sum of squared deviations "
		    "passes %g", DBL_MAX);
		return -1;
	}
	return 0;
}

/* Sort a line's values when they are not. */
static void
summary_line_sort(struct summary_line *l)
{
	if (!l->hist && !l->sorted) {
		stats_sort(l->values, (size_t)l->count);
		l->sorted = true;
	}
}

/* Chan et al.: the mean and m2 of dst and src together (both non-empty). */
static void
summary_line_chan(struct summary_line *dst, const struct summary_line *src, double n)
{
	double na = (double)dst->count, nb = (double)src->count;
	double delta = src->mean - dst->mean;

	dst->mean += delta * (nb / n);
	dst->m2 += src->m2 + delta * delta * (na / n) * nb;
}

/* The counters of src merged into dst (count excepted, left to the caller as *n): mean
 * and m2 by Chan's formula, min, max, failed. 1 when the caller goes on to the values, 0
 * when src is empty (nothing to do), -1 on a count overflow, -2 on an m2 overflow. */
static int
summary_line_merge_counters(struct summary_line *dst, const struct summary_line *src,
    uint64_t *n)
{
	if (src->count == 0)
		return 0;
	if (dst->count > (uint64_t)INT64_MAX - src->count)
		return -1;
	*n = dst->count + src->count;
	if (dst->count == 0) {
		dst->mean = src->mean;
		dst->m2 = src->m2;
		dst->min = src->min;
		dst->max = src->max;
	} else {
		summary_line_chan(dst, src, (double)*n);
		if (!isfinite(dst->m2))
			return -2;
		dst->min = src->min < dst->min ? src->min : dst->min;
		dst->max = src->max > dst->max ? src->max : dst->max;
	}
	dst->failed += src->failed;
	return 1;
}

/* src's values appended to dst's (count n after), sorted once later (summary_finish or
 * summary_line_settle): merging many summaries one at a time stays linear. */
static void
summary_line_append_values(struct summary_line *dst, const struct summary_line *src,
    uint64_t n)
{
	xgrow(&dst->values, &dst->values_cap, (size_t)n, sizeof *dst->values);
	memcpy(dst->values + dst->count, src->values, (size_t)src->count * sizeof *dst->values);
	dst->sorted = dst->count == 0 && src->sorted;
	dst->count = n;
}

/* src's histogram, or its values, into dst's histogram (count n after); 0 or sketch_merge's
 * error. */
static int
summary_line_merge_hist(struct summary_line *dst, const struct summary_line *src, uint64_t n)
{
	dst->count = n;
	if (src->hist)
		return sketch_merge(&dst->sk, &src->sk);
	for (uint64_t i = 0; i < src->count; i++)
		sketch_add(&dst->sk, src->values[i]);
	return 0;
}

/* Merge line src into dst. */
int
summary_line_merge(struct summary_line *dst, const struct summary_line *src,
    uint64_t exact_limit)
{
	uint64_t n;
	int rc = summary_line_merge_counters(dst, src, &n);

	if (rc != 1)
		return rc;
	if (!dst->hist && !src->hist && n <= exact_limit) {
		/* Appended, sorted once by summary_finish (or summary_line_settle): merging
		   many summaries one at a time stays linear in the values. */
		summary_line_append_values(dst, src, n);
		return 0;
	}
	if (!dst->hist)
		summary_line_to_hist(dst);
	return summary_line_merge_hist(dst, src, n);
}

/* Merge src into dst with every value kept (summary.h). */
int
summary_line_absorb(struct summary_line *dst, const struct summary_line *src)
{
	uint64_t n;
	int rc = summary_line_merge_counters(dst, src, &n);

	if (rc != 1)
		return rc;
	if (src->hist && !dst->hist)
		summary_line_to_hist(dst);
	if (!dst->hist) {
		summary_line_append_values(dst, src, n);
		return 0;
	}
	return summary_line_merge_hist(dst, src, n);
}

/* Sort the values once (summary.h). */
void
summary_line_settle(struct summary_line *l)
{
	summary_line_sort(l);
}

/* A line's heap parts, for callers outside (summary.h). */
void
summary_line_release(struct summary_line *l)
{
	summary_line_free(l);
}

/* The first difference between two headers that forbids a merge, or NULL. */
static char *
summary_header_clash(const struct summary_header *a, const struct summary_header *b,
    const char *an, const char *bn)
{
	if (a->bucket != b->bucket)
		return xasprintf("%s has bucket %s and %s bucket %s; summaries merge only with the "
		    "same bucket", an, summary_bucket_name(a->bucket), bn,
		    summary_bucket_name(b->bucket));
	if (!same_double(a->accuracy, b->accuracy))
		return xasprintf("%s has accuracy %.17g and %s accuracy %.17g; summaries merge only "
		    "with the same accuracy", an, a->accuracy, bn, b->accuracy);
	if (strcmp(a->unit, b->unit) != 0)
		return xasprintf("%s has unit \"%s\" and %s unit \"%s\"; summaries merge only with "
		    "the same unit", an, a->unit, bn, b->unit);
	bool same = a->n_by == b->n_by;

	for (size_t i = 0; same && i < a->n_by; i++)
		same = strcmp(a->by[i], b->by[i]) == 0;
	if (!same)
		return xasprintf("%s and %s are grouped by different keys (\"by\"); summaries "
		    "merge only with the same keys in the same order", an, bn);
	return NULL;
}

/* Merge summary src into dst. */
int
summary_merge(struct summary *dst, const struct summary *src, const char *dst_name,
    const char *src_name, char **err)
{
	char *clash = summary_header_clash(&dst->h, &src->h, dst_name, src_name);

	if (clash != NULL) {
		*err = clash;
		return -1;
	}
	if (src->h.exact_limit < dst->h.exact_limit) {
		dst->h.exact_limit = src->h.exact_limit;
		for (size_t i = 0; i < dst->n; i++)
			if (!dst->lines[i].hist && dst->lines[i].count > dst->h.exact_limit)
				summary_line_to_hist(&dst->lines[i]);
	}
	for (size_t i = 0; i < src->n; i++) {
		const struct summary_line *sl = &src->lines[i];
		struct summary_line *dl =
		    summary_line_get(dst, sl->bucket_start, sl->group, strlen(sl->group));

		int rc = summary_line_merge(dl, sl, dst->h.exact_limit);

		if (rc == -1) {
			*err = xasprintf("merging %s into %s: more than %lld records in one bucket "
			    "and group", src_name, dst_name, (long long)INT64_MAX);
			return -1;
		}
		if (rc != 0) {
			*err = xasprintf("merging %s into %s: the sum of squared deviations (m2) of "
			    "one bucket and group passes %g", src_name, dst_name, DBL_MAX);
			return -1;
		}
	}
	return 0;
}

/* Merge summary src into dst keeping every value (summary.h). */
int
summary_absorb(struct summary *dst, const struct summary *src, const char *dst_name,
    const char *src_name, char **err)
{
	char *clash = summary_header_clash(&dst->h, &src->h, dst_name, src_name);

	if (clash != NULL) {
		*err = clash;
		return -1;
	}
	for (size_t i = 0; i < src->n; i++) {
		const struct summary_line *sl = &src->lines[i];
		struct summary_line *dl =
		    summary_line_get(dst, sl->bucket_start, sl->group, strlen(sl->group));
		int rc = summary_line_absorb(dl, sl);

		if (rc != 0) {
			*err = xasprintf("merging %s into %s: %s of one bucket and group passes %g",
			    src_name, dst_name, rc == -1 ? "the count" :
			    "the sum of squared deviations (m2)", rc == -1 ? (double)INT64_MAX : DBL_MAX);
			return -1;
		}
	}
	return 0;
}

/* The value of key in l's group. */
char *
summary_group_value(const struct summary_line *l, const char *key)
{
	json_t *g = json_loads(l->group, 0, NULL);
	const char *v = json_string_value(json_object_get(g, key));
	char *out = v != NULL ? xstrdup(v) : NULL;

	json_decref(g);
	return out;
}

/* Keep the lines keep accepts. */
void
summary_keep(struct summary *s, bool (*keep)(void *ctx, const struct summary_line *l),
    void *ctx)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++) {
		if (keep(ctx, &s->lines[i]))
			s->lines[n++] = s->lines[i];
		else
			summary_line_free(&s->lines[i]);
	}
	s->n = n;
	summary_rehash(s);
}

/* File order of two lines. */
static int
summary_line_cmp(const void *pa, const void *pb)
{
	const struct summary_line *a = pa, *b = pb;

	if (a->bucket_start != b->bucket_start)
		return a->bucket_start < b->bucket_start ? -1 : 1;
	return strcmp(a->group, b->group);
}

/* Sort values and lines. */
void
summary_finish(struct summary *s)
{
	for (size_t i = 0; i < s->n; i++)
		summary_line_sort(&s->lines[i]);
	if (s->n > 1)
		qsort(s->lines, s->n, sizeof *s->lines, summary_line_cmp);
	summary_rehash(s);
}

/* One number, 17 significant digits (integral values as integers, which JSON readers take
 * as the same number). */
static void
summary_put_num(FILE *fp, double v)
{
	fprintf(fp, "%.17g", same_double(v, 0.0) ? 0.0 : v);
}

/* A JSON string (keys and unit). */
static void
summary_put_str(FILE *fp, const char *s)
{
	json_t *j = json_string(s);
	char *t = j != NULL ? json_dumps(j, JSON_ENCODE_ANY) : NULL;

	if (t == NULL)
		xalloc_die();
	fputs(t, fp);
	free(t);
	json_decref(j);
}

/* The header line. */
static void
summary_write_header(const struct summary_header *h, FILE *fp)
{
	fprintf(fp, "{\"perf_reporter_summary\": %d, \"bucket\": \"%s\", \"accuracy\": ",
	    SUMMARY_VERSION, summary_bucket_name(h->bucket));
	summary_put_num(fp, h->accuracy);
	fprintf(fp, ", \"exact_limit\": %llu, \"by\": [", (unsigned long long)h->exact_limit);
	for (size_t i = 0; i < h->n_by; i++) {
		if (i > 0)
			fputs(", ", fp);
		summary_put_str(fp, h->by[i]);
	}
	fputs("], \"unit\": ", fp);
	summary_put_str(fp, h->unit);
	fputs("}\n", fp);
}

/* A line's "values" or "histogram" member. */
static void
summary_write_dist(const struct summary_line *l, FILE *fp)
{
	if (!l->hist) {
		fputs(", \"values\": [", fp);
		for (uint64_t i = 0; i < l->count; i++) {
			if (i > 0)
				fputs(", ", fp);
			summary_put_num(fp, l->values[i]);
		}
		fputs("]", fp);
		return;
	}
	fputs(", \"histogram\": {\"gamma\": ", fp);
	summary_put_num(fp, l->sk.gamma);
	fprintf(fp, ", \"offset\": %ld, \"counts\": [", l->sk.n > 0 ? (long)l->sk.offset : 0L);
	for (size_t i = 0; i < l->sk.n; i++)
		fprintf(fp, "%s%llu", i > 0 ? ", " : "", (unsigned long long)l->sk.counts[i]);
	fprintf(fp, "], \"zeros\": %llu}", (unsigned long long)l->sk.zeros);
}

/* One data line. */
static void
summary_write_line(const struct summary_line *l, FILE *fp)
{
	char ts[TU_BUFSZ];

	tu_format_ms(l->bucket_start, ts);
	fprintf(fp, "{\"bucket_start\": \"%s\", \"group\": %s, \"count\": %llu, \"failed\": %llu",
	    ts, l->group, (unsigned long long)l->count, (unsigned long long)l->failed);
	fputs(", \"min\": ", fp);
	summary_put_num(fp, l->min);
	fputs(", \"max\": ", fp);
	summary_put_num(fp, l->max);
	fputs(", \"mean\": ", fp);
	summary_put_num(fp, l->mean);
	fputs(", \"m2\": ", fp);
	summary_put_num(fp, l->m2);
	summary_write_dist(l, fp);
	fputs("}\n", fp);
}

/* Header and lines. */
void
summary_write(const struct summary *s, FILE *fp)
{
	summary_write_header(&s->h, fp);
	for (size_t i = 0; i < s->n; i++)
		summary_write_line(&s->lines[i], fp);
}

/* Percentile p of a line. */
double
summary_line_percentile(const struct summary_line *l, double p, bool *approximate)
{
	if (!l->hist) {
		*approximate = false;
		return stats_percentile_sorted(l->values, (size_t)l->count, p);
	}
	*approximate = true;
	return sketch_percentile(&l->sk, p, l->min, l->max);
}

/* Sample standard deviation. */
double
summary_line_stddev(const struct summary_line *l)
{
	if (l->count < 2 || !(l->m2 > 0.0))
		return 0.0;
	return sqrt(l->m2 / (double)(l->count - 1));
}

/* a and b within rel relative (of the larger magnitude), or both tiny. */
static bool
summary_close(double a, double b, double rel)
{
	double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);

	return fabs(a - b) <= rel * m || same_double(a, b);
}

/* Two lines equal under summary_equal's terms. */
static bool
summary_line_equal(const struct summary_line *a, const struct summary_line *b,
    double rel_mean, double rel_m2)
{
	if (a->bucket_start != b->bucket_start || strcmp(a->group, b->group) != 0 ||
	    a->count != b->count || a->failed != b->failed || !same_double(a->min, b->min) ||
	    !same_double(a->max, b->max) || a->hist != b->hist)
		return false;
	if (!summary_close(a->mean, b->mean, rel_mean) || !summary_close(a->m2, b->m2, rel_m2))
		return false;
	if (a->hist)
		return sketch_equal(&a->sk, &b->sk);
	for (uint64_t i = 0; i < a->count; i++)
		if (!same_double(a->values[i], b->values[i]))
			return false;
	return true;
}

/* Two finished summaries equal. */
bool
summary_equal(const struct summary *a, const struct summary *b, double rel_mean,
    double rel_m2)
{
	char *clash = summary_header_clash(&a->h, &b->h, "a", "b");

	if (clash != NULL) {
		free(clash);
		return false;
	}
	if (a->h.exact_limit != b->h.exact_limit || a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!summary_line_equal(&a->lines[i], &b->lines[i], rel_mean, rel_m2))
			return false;
	return true;
}

/* ---- reading ---------------------------------------------------------------------- */

/* Set *err to "NAME:LINE: what" for the reader's current line; returns -1. */
static int PR_PRINTF(3, 4)
summary_fail(const struct summary_reader *r, char **err, const char *fmt, ...)
{
	va_list ap;
	char *what;

	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) < 0)
		xalloc_die();
	va_end(ap);
	*err = xasprintf("%s:%llu: %s", r->name, (unsigned long long)r->line, what);
	free(what);
	return -1;
}

/* A key from the file, made safe and short for a message (heap). */
static char *
summary_quote(const char *key)
{
	return utf8_escape_cut(key, strlen(key), 64);
}

/* Fail naming a key of obj that is not in allowed[0..n), if any; where names the object. */
static int
summary_only_keys(const struct summary_reader *r, json_t *obj, const char *const *allowed,
    size_t n, const char *where, char **err)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		size_t i = 0;

		while (i < n && strcmp(key, allowed[i]) != 0)
			i++;
		if (i == n) {
			char *q = summary_quote(key);
			int rc = summary_fail(r, err, "%s has the key \"%s\", which it may not have",
			    where, q);

			free(q);
			return rc;
		}
	}
	return 0;
}

/* An integer member in [lo, hi] into *out; what names it for messages. */
static int
summary_get_int(const struct summary_reader *r, json_t *obj, const char *key, long long lo,
    long long hi, long long *out, char **err)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL)
		return summary_fail(r, err, "\"%s\" is missing", key);
	if (!json_is_integer(v))
		return summary_fail(r, err, "\"%s\" must be a whole number", key);
	*out = (long long)json_integer_value(v);
	if (*out < lo || *out > hi)
		return summary_fail(r, err, "\"%s\" is %lld, outside %lld..%lld", key, *out, lo,
		    hi);
	return 0;
}

/* A number member, finite and >= 0, into *out. */
static int
summary_get_num(const struct summary_reader *r, json_t *obj, const char *key, double *out,
    char **err)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL)
		return summary_fail(r, err, "\"%s\" is missing", key);
	if (!json_is_number(v) || !isfinite(json_number_value(v)))
		return summary_fail(r, err, "\"%s\" must be a number", key);
	*out = json_number_value(v);
	if (*out < 0)
		return summary_fail(r, err, "\"%s\" is negative (%.17g)", key, *out);
	if (same_double(*out, 0.0))
		*out = 0.0; /* -0 read as 0 */
	return 0;
}

/* The header's "by": 1..SUMMARY_MAX_BY distinct non-empty strings into by[]. */
static int
summary_read_by(const struct summary_reader *r, json_t *v, char **by, size_t *n, char **err)
{
	size_t size = json_array_size(v);

	if (!json_is_array(v) || size == 0 || size > SUMMARY_MAX_BY)
		return summary_fail(r, err, "\"by\" must be a list of 1 to %d key names",
		    SUMMARY_MAX_BY);
	for (size_t i = 0; i < size; i++) {
		const char *k = json_string_value(json_array_get(v, i));

		if (k == NULL || *k == '\0')
			return summary_fail(r, err, "\"by\" must hold non-empty key names");
		for (size_t j = 0; j < i; j++)
			if (strcmp(k, by[j]) == 0)
				return summary_fail(r, err, "\"by\" names a key twice");
		by[(*n)++] = xstrdup(k);
	}
	return 0;
}

/* The version member: the integer SUMMARY_VERSION. */
static int
summary_read_version(const struct summary_reader *r, json_t *o, char **err)
{
	json_t *v = json_object_get(o, "perf_reporter_summary");

	if (v == NULL)
		return summary_fail(r, err, "not a summary: the first line has no "
		    "\"perf_reporter_summary\" key");
	if (!json_is_integer(v))
		return summary_fail(r, err, "\"perf_reporter_summary\" must be the version number "
		    "%d", SUMMARY_VERSION);
	if (json_integer_value(v) != SUMMARY_VERSION)
		return summary_fail(r, err, "summary version %lld; this perf-reporter reads "
		    "version %d", (long long)json_integer_value(v), SUMMARY_VERSION);
	return 0;
}

/* The header line's object into a new r->s. */
static int
summary_read_header(struct summary_reader *r, json_t *o, char **err)
{
	static const char *const keys[] = {"perf_reporter_summary", "bucket", "accuracy",
		"exact_limit", "by", "unit"};
	char *by[SUMMARY_MAX_BY];
	size_t n_by = 0;
	const char *bucket, *unit;
	double acc;
	long long limit;
	int rc = -1;

	if (summary_read_version(r, o, err) != 0 ||
	    summary_only_keys(r, o, keys, ARRAY_SIZE(keys), "the header", err) != 0)
		return -1;
	bucket = json_string_value(json_object_get(o, "bucket"));
	if (bucket == NULL || (strcmp(bucket, "day") != 0 && strcmp(bucket, "hour") != 0))
		return summary_fail(r, err, "\"bucket\" must be \"hour\" or \"day\"");
	if (summary_get_num(r, o, "accuracy", &acc, err) != 0)
		return -1;
	if (acc < SKETCH_ACCURACY_MIN || acc > SKETCH_ACCURACY_MAX)
		return summary_fail(r, err, "\"accuracy\" is %.17g, outside %g..%g", acc,
		    SKETCH_ACCURACY_MIN, SKETCH_ACCURACY_MAX);
	if (summary_get_int(r, o, "exact_limit", 0, SUMMARY_EXACT_LIMIT_MAX, &limit, err) != 0)
		return -1;
	unit = json_string_value(json_object_get(o, "unit"));
	if (unit == NULL)
		return summary_fail(r, err, "\"unit\" must be a string");
	if (summary_read_by(r, json_object_get(o, "by"), by, &n_by, err) == 0) {
		r->s = xmalloc(sizeof *r->s);
		summary_init(r->s, strcmp(bucket, "day") == 0 ? SUMMARY_DAY : SUMMARY_HOUR, acc,
		    (uint64_t)limit, by, n_by, unit);
		rc = 0;
	}
	for (size_t i = 0; i < n_by; i++)
		free(by[i]);
	return rc;
}

/* "bucket_start": a timestamp on a bucket boundary. */
static int
summary_read_start(const struct summary_reader *r, json_t *o, int64_t *out, char **err)
{
	json_t *v = json_object_get(o, "bucket_start");
	const char *why = NULL;

	if (!json_is_string(v))
		return summary_fail(r, err, "\"bucket_start\" must be a timestamp string");
	if (tu_parse(json_string_value(v), json_string_length(v), 0, out, &why) != 0)
		return summary_fail(r, err, "\"bucket_start\": %s", why);
	if (summary_bucket_floor(r->s->h.bucket, *out) != *out)
		return summary_fail(r, err, "\"bucket_start\" is not the start of an %s",
		    r->s->h.bucket == SUMMARY_DAY ? "day (00:00 UTC)" : "hour");
	return 0;
}

/* "group": an object with exactly the header's keys, string values; its text (heap). */
static int
summary_read_group(const struct summary_reader *r, json_t *o, char **text, char **err)
{
	const struct summary_header *h = &r->s->h;
	json_t *g = json_object_get(o, "group");
	char *values[SUMMARY_MAX_BY];

	if (!json_is_object(g))
		return summary_fail(r, err, "\"group\" must be an object");
	if (summary_only_keys(r, g, (const char *const *)h->by, h->n_by, "\"group\"", err) != 0)
		return -1;
	for (size_t i = 0; i < h->n_by; i++) {
		values[i] = (char *)json_string_value(json_object_get(g, h->by[i]));
		if (values[i] == NULL) {
			char *q = summary_quote(h->by[i]);
			int rc = summary_fail(r, err, "\"group\" must give the key \"%s\" a string",
			    q);

			free(q);
			return rc;
		}
	}
	*text = summary_group_text(h->by, values, h->n_by);
	return 0;
}

/* The counters and moments of a line. */
static int
summary_read_counters(const struct summary_reader *r, json_t *o, struct summary_line *l,
    char **err)
{
	long long count, failed;
	double slack;

	if (summary_get_int(r, o, "count", 1, INT64_MAX, &count, err) != 0 ||
	    summary_get_int(r, o, "failed", 0, count, &failed, err) != 0 ||
	    summary_get_num(r, o, "min", &l->min, err) != 0 ||
	    summary_get_num(r, o, "max", &l->max, err) != 0 ||
	    summary_get_num(r, o, "mean", &l->mean, err) != 0 ||
	    summary_get_num(r, o, "m2", &l->m2, err) != 0)
		return -1;
	l->count = (uint64_t)count;
	l->failed = (uint64_t)failed;
	if (l->max < l->min)
		return summary_fail(r, err, "\"max\" is below \"min\"");
	/* The mean is a rounded double: it may stray from [min, max] by rounding, no more. */
	slack = 1e-9 * l->max;
	if (l->mean < l->min - slack || l->mean > l->max + slack)
		return summary_fail(r, err, "\"mean\" lies outside [min, max]");
	return 0;
}

/* "values": count sorted numbers from min to max. */
static int
summary_read_values(const struct summary_reader *r, json_t *v, struct summary_line *l,
    char **err)
{
	size_t n = json_array_size(v);

	if (!json_is_array(v))
		return summary_fail(r, err, "\"values\" must be a list of numbers");
	if (l->count > r->s->h.exact_limit)
		return summary_fail(r, err, "\"values\" on a line of %llu records, past the "
		    "header's exact_limit %llu (a histogram belongs there)",
		    (unsigned long long)l->count, (unsigned long long)r->s->h.exact_limit);
	if ((uint64_t)n != l->count)
		return summary_fail(r, err, "\"values\" holds %zu numbers for a count of %llu", n,
		    (unsigned long long)l->count);
	l->values = xreallocarray(NULL, n, sizeof *l->values);
	l->values_cap = n;
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(v, i);
		double d = json_number_value(x);

		if (!json_is_number(x) || !isfinite(d) || d < 0)
			return summary_fail(r, err, "\"values\" item %zu is not a number >= 0", i);
		if (i > 0 && d < l->values[i - 1])
			return summary_fail(r, err, "\"values\" are not in ascending order (item %zu)",
			    i);
		l->values[i] = same_double(d, 0.0) ? 0.0 : d;
	}
	if (!same_double(l->values[0], l->min) || !same_double(l->values[n - 1], l->max))
		return summary_fail(r, err, "\"values\" do not run from \"min\" to \"max\"");
	return 0;
}

/* The histogram's "counts" from bucket offset on, into l->sk; their sum into *sum. */
static int
summary_read_counts(const struct summary_reader *r, json_t *c, long long offset,
    struct summary_line *l, uint64_t *sum, char **err)
{
	size_t n = json_array_size(c);

	if (!json_is_array(c))
		return summary_fail(r, err, "\"histogram\".\"counts\" must be a list");
	if (n > (size_t)(SKETCH_INDEX_MAX - offset) + 1)
		return summary_fail(r, err, "\"histogram\" runs past bucket %d (offset %lld, %zu "
		    "counts)", SKETCH_INDEX_MAX, offset, n);
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(c, i);
		long long k;

		if (!json_is_integer(x) || (k = (long long)json_integer_value(x)) < 0)
			return summary_fail(r, err, "\"histogram\".\"counts\" item %zu is not a whole "
			    "number >= 0", i);
		if ((uint64_t)k > (uint64_t)INT64_MAX - *sum)
			return summary_fail(r, err, "\"histogram\" counts add up past %lld",
			    (long long)INT64_MAX);
		*sum += (uint64_t)k;
		(void)sketch_add_count(&l->sk, (int32_t)(offset + (long long)i), (uint64_t)k);
	}
	return 0;
}

/* "histogram": the header's gamma, offset and counts within the index range, zeros; the
 * counts and zeros add up to count. */
static int
summary_read_hist(const struct summary_reader *r, json_t *hj, struct summary_line *l,
    char **err)
{
	static const char *const keys[] = {"gamma", "offset", "counts", "zeros"};
	double gamma;
	long long offset, zeros;
	uint64_t sum;

	if (!json_is_object(hj))
		return summary_fail(r, err, "\"histogram\" must be an object");
	if (summary_only_keys(r, hj, keys, ARRAY_SIZE(keys), "\"histogram\"", err) != 0 ||
	    summary_get_num(r, hj, "gamma", &gamma, err) != 0 ||
	    summary_get_int(r, hj, "offset", -SKETCH_INDEX_MAX, SKETCH_INDEX_MAX, &offset,
		err) != 0 ||
	    summary_get_int(r, hj, "zeros", 0, INT64_MAX, &zeros, err) != 0)
		return -1;
	if (!(fabs(gamma - r->s->h.gamma) <= 1e-12 * r->s->h.gamma))
		return summary_fail(r, err, "\"histogram\".\"gamma\" is %.17g, not the header's "
		    "(1 + accuracy) / (1 - accuracy) = %.17g", gamma, r->s->h.gamma);
	l->hist = true;
	l->sk.zeros = (uint64_t)zeros;
	sum = (uint64_t)zeros;
	if (summary_read_counts(r, json_object_get(hj, "counts"), offset, l, &sum, err) != 0)
		return -1;
	if (sum != l->count)
		return summary_fail(r, err, "\"histogram\" holds %llu values for a count of %llu",
		    (unsigned long long)sum, (unsigned long long)l->count);
	return 0;
}

/* A data line's object into l (zeroed by the caller, sketch mapped). */
static int
summary_read_data(struct summary_reader *r, json_t *o, struct summary_line *l, char **err)
{
	json_t *values = json_object_get(o, "values"), *hist = json_object_get(o, "histogram");

	if (json_object_get(o, "perf_reporter_summary") != NULL)
		return summary_fail(r, err, "a second summary header (summaries are merged by "
		    "naming each file, not by concatenating them)");
	if (summary_read_start(r, o, &l->bucket_start, err) != 0 ||
	    summary_read_group(r, o, &l->group, err) != 0 ||
	    summary_read_counters(r, o, l, err) != 0)
		return -1;
	if ((values == NULL) == (hist == NULL))
		return summary_fail(r, err, "a line holds either \"values\" or \"histogram\"");
	if (values != NULL)
		return summary_read_values(r, values, l, err);
	return summary_read_hist(r, hist, l, err);
}

/* Append a read line, checking that it comes after the previous one. */
static int
summary_read_append(struct summary_reader *r, struct summary_line *l, char **err)
{
	struct summary *s = r->s;

	if (s->n > 0) {
		int c = summary_line_cmp(&s->lines[s->n - 1], l);

		if (c == 0)
			return summary_fail(r, err, "the bucket and group of the line before again "
			    "(each appears once)");
		if (c > 0)
			return summary_fail(r, err, "line out of order (lines ascend by "
			    "bucket_start, then by the group's JSON text)");
	}
	xgrow(&s->lines, &s->cap, s->n + 1, sizeof *s->lines);
	s->lines[s->n++] = *l;
	return 0;
}

/* Start reading. */
void
summary_reader_init(struct summary_reader *r, const char *name)
{
	memset(r, 0, sizeof *r);
	r->name = name;
}

/* True when text[0..len) is only white space. */
static bool
summary_blank(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '\n' &&
		    text[i] != '\f' && text[i] != '\v')
			return false;
	return true;
}

/* Parse one line as a JSON object (duplicate keys rejected); NULL and *err when not. */
static json_t *
summary_read_json(const struct summary_reader *r, const char *text, size_t len, char **err)
{
	json_error_t e;
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);

	if (o == NULL) {
		char *why = utf8_escape_cut(e.text, strlen(e.text), 120);

		summary_fail(r, err, "not valid JSON: %s", why);
		free(why);
		return NULL;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		summary_fail(r, err, "not a JSON object");
		return NULL;
	}
	return o;
}

/* One non-blank line (no CR) through jansson, every check with its message. */
static int
summary_reader_strict(struct summary_reader *r, const char *text, size_t len, char **err)
{
	json_t *o;
	struct summary_line l;
	int rc;

	o = summary_read_json(r, text, len, err);
	if (o == NULL)
		return -1;
	if (r->s == NULL) {
		rc = summary_read_header(r, o, err);
		json_decref(o);
		return rc;
	}
	memset(&l, 0, sizeof l);
	l.sorted = true;
	sketch_init_gamma(&l.sk, r->s->h.gamma);
	rc = summary_read_data(r, o, &l, err);
	if (rc == 0)
		rc = summary_read_append(r, &l, err);
	if (rc != 0)
		summary_line_free(&l);
	json_decref(o);
	return rc;
}

/* Feed one line. */
int
summary_reader_line(struct summary_reader *r, const char *text, size_t len, char **err)
{
	struct summary_line l;
	int rc;

	r->line++;
	if (len > 0 && text[len - 1] == '\r')
		len--;
	if (summary_blank(text, len))
		return 0;
	if (r->s == NULL || r->strict_only)
		return summary_reader_strict(r, text, len, err);
	/* The shape summary_write writes, read without a JSON tree (summary-fast.h); any
	   other line through jansson. */
	memset(&l, 0, sizeof l);
	l.sorted = true;
	sketch_init_gamma(&l.sk, r->s->h.gamma);
	if (!summary_fast_line(&r->s->h, text, len, &l, &r->scratch, &r->scratch_cap)) {
		sketch_free(&l.sk);
		return summary_reader_strict(r, text, len, err);
	}
	rc = summary_read_append(r, &l, err);
	if (rc != 0)
		summary_line_free(&l);
	return rc;
}

/* The summary read. */
struct summary *
summary_reader_end(struct summary_reader *r, char **err)
{
	struct summary *s = r->s;

	if (s == NULL) {
		*err = xasprintf("%s: empty: a summary starts with its header line", r->name);
		return NULL;
	}
	r->s = NULL;
	summary_rehash(s);
	return s;
}

/* Drop what was read. */
void
summary_reader_free(struct summary_reader *r)
{
	free(r->scratch);
	r->scratch = NULL;
	r->scratch_cap = 0;
	if (r->s != NULL) {
		summary_free(r->s);
		free(r->s);
		r->s = NULL;
	}
}

/* A whole text through the reader. */
struct summary *
summary_parse(const char *text, size_t len, const char *name, char **err)
{
	return summary_parse_as(text, len, name, false, err);
}

struct summary *
summary_parse_as(const char *text, size_t len, const char *name, bool strict_only, char **err)
{
	struct summary_reader r;
	struct summary *s;
	size_t at = 0;

	summary_reader_init(&r, name);
	r.strict_only = strict_only;
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl != NULL ? (size_t)(nl - text) : len;

		if (summary_reader_line(&r, text + at, end - at, err) != 0) {
			summary_reader_free(&r);
			return NULL;
		}
		at = end + 1;
	}
	s = summary_reader_end(&r, err);
	summary_reader_free(&r);
	return s;
}

/* A line that is a summary header's object. */
bool
summary_is_header(const char *text, size_t len)
{
	json_t *o = json_loadb(text, len, 0, NULL);
	bool yes = json_is_object(o) && json_object_get(o, "perf_reporter_summary") != NULL;

	json_decref(o);
	return yes;
}
