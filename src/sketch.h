/* sketch.h - a histogram of durations with relative accuracy, on DDSketch's mapping (SPEC
 * section 18): for an accuracy A, gamma = (1 + A) / (1 - A) and a value x > 0 goes to bucket
 * ceil(log_gamma x). Every value of bucket k lies in (gamma^(k-1), gamma^k], and the bucket's
 * representative 2 gamma^k / (gamma + 1) is within A of each of them, relatively.
 *
 * Indices stay within [-SKETCH_INDEX_MAX, SKETCH_INDEX_MAX]: a value too small for the lowest
 * bucket counts as a zero (as 0 itself does), a value too large for the highest goes to the
 * highest, whose estimate is the exact maximum the caller keeps beside (with the smallest
 * accuracy the highest bucket starts near 1e173, so no real duration meets it).
 *
 * The counts are kept trimmed (the first and the last count are non-zero, or there are
 * none), so two sketches of the same values are equal field by field whatever the order the
 * values came in or the sketches were merged in. Pure: no I/O, no formatting. */
#ifndef PR_SKETCH_H
#define PR_SKETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SKETCH_INDEX_MAX 40000
#define SKETCH_ACCURACY_MIN 0.005
#define SKETCH_ACCURACY_MAX 0.1

struct sketch {
	double gamma;     /* (1 + A) / (1 - A) */
	double ln_gamma;  /* log(gamma) */
	int32_t offset;   /* index of counts[0] */
	uint64_t *counts; /* counts[i]: values in bucket offset + i (heap; NULL when n is 0) */
	size_t n;
	uint64_t zeros;   /* values 0, and values below bucket -SKETCH_INDEX_MAX */
};

/* gamma for accuracy a: (1 + a) / (1 - a). */
double sketch_gamma(double accuracy);
/* An empty sketch for accuracy a (SKETCH_ACCURACY_MIN <= a <= SKETCH_ACCURACY_MAX). */
void sketch_init(struct sketch *s, double accuracy);
/* An empty sketch with the mapping of gamma (> 1), as read from a summary. */
void sketch_init_gamma(struct sketch *s, double gamma);
/* The bucket of x (finite, > 0) before the range check: may lie outside +-SKETCH_INDEX_MAX. */
int64_t sketch_index_raw(const struct sketch *s, double x);
/* Count x (finite, >= 0) once. */
void sketch_add(struct sketch *s, double x);
/* Count bucket idx (within +-SKETCH_INDEX_MAX) c more times; c 0 changes nothing. Returns
 * -1 when the count would pass UINT64_MAX (s unchanged), else 0. */
int sketch_add_count(struct sketch *s, int32_t idx, uint64_t c);
/* Add every count of src (the same gamma) to dst. Returns -1 on a count overflow (dst then
 * partly merged: the caller drops it), else 0. */
int sketch_merge(struct sketch *dst, const struct sketch *src);
/* Give s (no counts yet) the counts counts[0..n) of buckets offset, offset + 1, ... (within
 * +-SKETCH_INDEX_MAX), trimmed of the zeros at either end; s->zeros is left as it is. */
void sketch_set_counts(struct sketch *s, int32_t offset, const uint64_t *counts, size_t n);
/* The number of values counted, zeros included (saturates at UINT64_MAX). */
uint64_t sketch_total(const struct sketch *s);
/* The estimate of the value of rank r (0-based, r < sketch_total) in ascending order: 0 for
 * a zero, hi in the highest bucket, else the representative of its bucket; clamped to
 * [lo, hi] (the exact minimum and maximum the caller keeps). */
double sketch_rank_value(const struct sketch *s, uint64_t r, double lo, double hi);
/* Percentile p (0 <= p <= 1) by SPEC section 4's interpolation between closest ranks, each
 * rank's value from sketch_rank_value except the first (lo) and the last (hi), which are
 * exact. s holds at least one value. */
double sketch_percentile(const struct sketch *s, double p, double lo, double hi);
/* True when a and b hold the same gamma, offset, counts and zeros. */
bool sketch_equal(const struct sketch *a, const struct sketch *b);
/* Copy src into a fresh dst (dst's old contents not freed). */
void sketch_copy(struct sketch *dst, const struct sketch *src);
void sketch_free(struct sketch *s);

#endif
