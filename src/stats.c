/* stats.c - pure statistics over arrays of doubles: compensated sum, mean, error rate,
 * a radix sort for large sample arrays and the interpolated percentile of SPEC section 4.
 * No I/O, no formatting (GNU datamash's src/utils.c plays the same part there). */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Below this many values insertion sort beats the radix sort's fixed cost. */
#define STATS_SMALL_SORT 64

/* LSD radix sort digit widths: 8 bits (eight passes, small histograms) up to
 * STATS_WIDE_SORT values, 11 bits (six passes) beyond, where passes cost more than
 * clearing histograms. */
#define STATS_WIDE_SORT 65536
#define STATS_NARROW_BITS 8
#define STATS_WIDE_BITS 11

/* Start an empty sum. */
void
ksum_init(struct ksum *k)
{
	k->sum = 0.0;
	k->comp = 0.0;
}

/* Add x, keeping the low-order bits the addition lost in comp (Neumaier's variant of
 * Kahan summation: unlike Kahan's, it also keeps them when x outweighs the sum). */
void
ksum_add(struct ksum *k, double x)
{
	double t = k->sum + x;

	if (fabs(k->sum) >= fabs(x))
		k->comp += (k->sum - t) + x;
	else
		k->comp += (x - t) + k->sum;
	k->sum = t;
}

/* The compensated total. */
double
ksum_value(const struct ksum *k)
{
	return k->sum + k->comp;
}

/* Map a double's bit pattern to a uint64 that sorts in the same order as the value:
 * non-negative values get the sign bit set, negative ones are bitwise inverted.
 * -0.0 lands just below +0.0, which is a valid order since the two compare equal. */
static uint64_t
stats_key_from_double(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	if (u >> 63)
		return ~u;
	return u | ((uint64_t)1 << 63);
}

/* Inverse of stats_key_from_double. */
static double
stats_double_from_key(uint64_t u)
{
	double d;

	if (u >> 63)
		u &= ~((uint64_t)1 << 63);
	else
		u = ~u;
	memcpy(&d, &u, sizeof(d));
	return d;
}

/* Plain insertion sort for short arrays. */
static void
stats_insertion_sort(double *v, size_t n)
{
	size_t i, j;
	double x;

	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* 64-bit key i of an array whose storage may be declared as double: memcpy keeps the
 * access free of aliasing trouble and compiles to a plain load or store. */
static inline uint64_t
stats_key_load(const void *base, size_t i)
{
	uint64_t u;

	memcpy(&u, (const unsigned char *)base + i * sizeof(u), sizeof(u));
	return u;
}

/* Store key i; the counterpart of stats_key_load. */
static inline void
stats_key_store(void *base, size_t i, uint64_t u)
{
	memcpy((unsigned char *)base + i * sizeof(u), &u, sizeof(u));
}

/* Sort the n keys in a with the scratch array b, ping-ponging between the two, bits at
 * a time. Returns whichever of a and b ends up sorted. */
static void *
stats_radix_sort_keys(void *a, void *b, size_t n, unsigned int bits)
{
	unsigned int passes = (64 + bits - 1) / bits, pass, shift;
	size_t radix = (size_t)1 << bits, i, sum, c, *counts, *cnt;
	uint64_t mask = (uint64_t)radix - 1, u;
	void *tmp;

	/* One read of the keys fills the histograms of every pass. */
	counts = xcalloc((size_t)passes * radix, sizeof(*counts));
	for (i = 0; i < n; i++) {
		u = stats_key_load(a, i);
		for (pass = 0; pass < passes; pass++)
			counts[pass * radix + ((u >> (pass * bits)) & mask)]++;
	}

	for (pass = 0; pass < passes; pass++) {
		shift = pass * bits;
		cnt = counts + pass * radix;
		/* Every key has the same digit here: the pass would only copy. */
		if (cnt[(stats_key_load(a, 0) >> shift) & mask] == n)
			continue;
		sum = 0;
		for (i = 0; i < radix; i++) {
			c = cnt[i];
			cnt[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++) {
			u = stats_key_load(a, i);
			stats_key_store(b, cnt[(u >> shift) & mask]++, u);
		}
		tmp = a;
		a = b;
		b = tmp;
	}
	free(counts);
	return a;
}

/* Sort v[0..n) ascending: insertion sort when short, else an LSD radix sort on keys
 * made from the IEEE 754 bit patterns (stable, linear, no comparator calls). The keys
 * live in v's own storage plus one scratch array of n keys. */
void
stats_sort(double *v, size_t n)
{
	uint64_t *scratch;
	void *out;
	size_t i;

	if (n < STATS_SMALL_SORT) {
		stats_insertion_sort(v, n);
		return;
	}
	scratch = xreallocarray(NULL, n, sizeof(*scratch));
	for (i = 0; i < n; i++)
		stats_key_store(v, i, stats_key_from_double(v[i]));
	out = stats_radix_sort_keys(v, scratch, n,
	    n < STATS_WIDE_SORT ? STATS_NARROW_BITS : STATS_WIDE_BITS);
	for (i = 0; i < n; i++)
		v[i] = stats_double_from_key(stats_key_load(out, i));
	free(scratch);
}

/* Linear interpolation between closest ranks (SPEC section 4, numpy's default). */
double
stats_percentile_sorted(const double *v, size_t n, double p)
{
	double h, fl, frac, lo, hi, r;
	size_t k;

	if (n <= 1 || !(p > 0.0))
		return v[0];
	if (!(p < 1.0))
		return v[n - 1];
	h = (double)(n - 1) * p;
	fl = floor(h);
	k = (size_t)fl;
	if (k >= n - 1)
		return v[n - 1];
	frac = h - fl;
	lo = v[k];
	hi = v[k + 1];
	if (!(frac > 0.0))
		return lo;
	r = lo + frac * (hi - lo);
	/* Rounding may push the result an ulp past its neighbours; keep it between them. */
	if (r < lo)
		r = lo;
	if (r > hi)
		r = hi;
	return r;
}

/* Arithmetic mean, summed with compensation. */
double
stats_mean(const double *v, size_t n)
{
	struct ksum k;
	size_t i;

	ksum_init(&k);
	for (i = 0; i < n; i++)
		ksum_add(&k, v[i]);
	if (isfinite(ksum_value(&k)))
		return ksum_value(&k) / (double)n;
	/* The sum overflowed (values near DBL_MAX): sum the values divided by n instead. */
	ksum_init(&k);
	for (i = 0; i < n; i++)
		ksum_add(&k, v[i] / (double)n);
	return ksum_value(&k);
}

/* Percentage of failed records. */
double
stats_error_rate_pct(uint64_t failed, uint64_t count)
{
	return 100.0 * (double)failed / (double)count;
}
