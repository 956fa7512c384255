/* sketch.c - DDSketch-mapped histograms: counting, merging, ranks and percentiles. */
#include "common.h"
#include "sketch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* gamma for accuracy a. */
double
sketch_gamma(double accuracy)
{
	return (1.0 + accuracy) / (1.0 - accuracy);
}

/* An empty sketch for accuracy a. */
void
sketch_init(struct sketch *s, double accuracy)
{
	sketch_init_gamma(s, sketch_gamma(accuracy));
}

/* An empty sketch with the mapping of gamma. */
void
sketch_init_gamma(struct sketch *s, double gamma)
{
	memset(s, 0, sizeof *s);
	s->gamma = gamma;
	s->ln_gamma = log(gamma);
}

/* ceil(log_gamma x), saturated far outside the index range so that it fits an int64_t. */
int64_t
sketch_index_raw(const struct sketch *s, double x)
{
	double k = ceil(log(x) / s->ln_gamma);

	if (k < -4.0 * SKETCH_INDEX_MAX)
		return -4 * (int64_t)SKETCH_INDEX_MAX;
	if (k > 4.0 * SKETCH_INDEX_MAX)
		return 4 * (int64_t)SKETCH_INDEX_MAX;
	return (int64_t)k;
}

/* Make room so that bucket idx has a slot in s->counts (zeros filled in). */
static void
sketch_reserve(struct sketch *s, int32_t idx)
{
	if (s->n == 0) {
		s->counts = xcalloc(1, sizeof *s->counts);
		s->n = 1;
		s->offset = idx;
		return;
	}
	if (idx < s->offset) {
		size_t grow = (size_t)(s->offset - idx);

		s->counts = xreallocarray(s->counts, s->n + grow, sizeof *s->counts);
		memmove(s->counts + grow, s->counts, s->n * sizeof *s->counts);
		memset(s->counts, 0, grow * sizeof *s->counts);
		s->n += grow;
		s->offset = idx;
	} else if ((size_t)(idx - s->offset) >= s->n) {
		size_t need = (size_t)(idx - s->offset) + 1;

		s->counts = xreallocarray(s->counts, need, sizeof *s->counts);
		memset(s->counts + s->n, 0, (need - s->n) * sizeof *s->counts);
		s->n = need;
	}
}

/* Count bucket idx c more times. */
int
sketch_add_count(struct sketch *s, int32_t idx, uint64_t c)
{
	if (c == 0)
		return 0;
	if (s->n > 0 && idx >= s->offset && (size_t)(idx - s->offset) < s->n &&
	    s->counts[idx - s->offset] > UINT64_MAX - c)
		return -1;
	sketch_reserve(s, idx);
	s->counts[idx - s->offset] += c;
	return 0;
}

/* Count x once. */
void
sketch_add(struct sketch *s, double x)
{
	int64_t k;

	if (!(x > 0.0)) {
		s->zeros++;
		return;
	}
	k = sketch_index_raw(s, x);
	if (k < -SKETCH_INDEX_MAX) {
		s->zeros++;
		return;
	}
	if (k > SKETCH_INDEX_MAX)
		k = SKETCH_INDEX_MAX;
	(void)sketch_add_count(s, (int32_t)k, 1);
}

/* Add src's counts to dst. */
int
sketch_merge(struct sketch *dst, const struct sketch *src)
{
	uint64_t *d;

	if (dst->zeros > UINT64_MAX - src->zeros)
		return -1;
	dst->zeros += src->zeros;
	if (src->n == 0)
		return 0;
	/* src is trimmed: room for its first and last bucket is room for all of them. */
	sketch_reserve(dst, src->offset);
	sketch_reserve(dst, src->offset + (int32_t)(src->n - 1));
	d = dst->counts + (src->offset - dst->offset);
	for (size_t i = 0; i < src->n; i++) {
		if (d[i] > UINT64_MAX - src->counts[i])
			return -1;
		d[i] += src->counts[i];
	}
	return 0;
}

/* Set the counts of an empty sketch (sketch.h). */
void
sketch_set_counts(struct sketch *s, int32_t offset, const uint64_t *counts, size_t n)
{
	while (n > 0 && counts[n - 1] == 0)
		n--;
	while (n > 0 && counts[0] == 0) {
		counts++;
		offset++;
		n--;
	}
	free(s->counts);
	s->counts = NULL;
	s->n = n;
	s->offset = n > 0 ? offset : 0;
	if (n > 0) {
		s->counts = xreallocarray(NULL, n, sizeof *s->counts);
		memcpy(s->counts, counts, n * sizeof *s->counts);
	}
}

/* Values counted, saturating. */
uint64_t
sketch_total(const struct sketch *s)
{
	uint64_t t = s->zeros;

	for (size_t i = 0; i < s->n; i++) {
		if (s->counts[i] > UINT64_MAX - t)
			return UINT64_MAX;
		t += s->counts[i];
	}
	return t;
}

/* The representative of bucket k: 2 gamma^k / (gamma + 1). */
static double
sketch_bucket_value(const struct sketch *s, int32_t k)
{
	return 2.0 * exp((double)k * s->ln_gamma) / (s->gamma + 1.0);
}

/* The estimate of rank r. */
double
sketch_rank_value(const struct sketch *s, uint64_t r, double lo, double hi)
{
	double v = hi;

	if (r < s->zeros) {
		v = 0.0;
	} else {
		r -= s->zeros;
		for (size_t i = 0; i < s->n; i++) {
			if (r < s->counts[i]) {
				/* the top bucket also holds every value past the range: hi */
				if (s->offset + (int32_t)i < SKETCH_INDEX_MAX)
					v = sketch_bucket_value(s, s->offset + (int32_t)i);
				break;
			}
			r -= s->counts[i];
		}
	}
	if (v < lo)
		v = lo;
	if (v > hi)
		v = hi;
	return v;
}

/* The value of rank r with the first and the last exact. */
static double
sketch_rank_exact_ends(const struct sketch *s, uint64_t r, uint64_t n, double lo, double hi)
{
	if (r == 0)
		return lo;
	if (r + 1 >= n)
		return hi;
	return sketch_rank_value(s, r, lo, hi);
}

/* Percentile p by linear interpolation between closest ranks. */
double
sketch_percentile(const struct sketch *s, double p, double lo, double hi)
{
	uint64_t n = sketch_total(s);
	double h = (double)(n - 1) * p;
	double fl = floor(h);
	uint64_t i = (uint64_t)fl;
	double a, b;

	if (i + 1 >= n)
		return sketch_rank_exact_ends(s, n - 1, n, lo, hi);
	a = sketch_rank_exact_ends(s, i, n, lo, hi);
	b = sketch_rank_exact_ends(s, i + 1, n, lo, hi);
	return a + (h - fl) * (b - a);
}

/* Field-by-field equality. */
bool
sketch_equal(const struct sketch *a, const struct sketch *b)
{
	if (!same_double(a->gamma, b->gamma) || a->zeros != b->zeros || a->n != b->n)
		return false;
	if (a->n == 0)
		return true;
	return a->offset == b->offset && memcmp(a->counts, b->counts, a->n * sizeof *a->counts) == 0;
}

/* A deep copy. */
void
sketch_copy(struct sketch *dst, const struct sketch *src)
{
	*dst = *src;
	dst->counts = NULL;
	if (src->n > 0) {
		dst->counts = xreallocarray(NULL, src->n, sizeof *dst->counts);
		memcpy(dst->counts, src->counts, src->n * sizeof *dst->counts);
	}
}

/* Free the counts; s is left empty with its mapping. */
void
sketch_free(struct sketch *s)
{
	free(s->counts);
	s->counts = NULL;
	s->n = 0;
	s->zeros = 0;
}
