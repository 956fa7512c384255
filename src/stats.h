/* stats.h - pure statistics helpers over arrays of doubles. No I/O, no formatting. */
#ifndef PR_STATS_H
#define PR_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Neumaier-compensated running sum: add values one at a time, read the total at the end. */
struct ksum {
	double sum;
	double comp;
};
void ksum_init(struct ksum *k);
void ksum_add(struct ksum *k, double x);
double ksum_value(const struct ksum *k);

/* Sort v[0..n) ascending in place (doubles, no NaN). */
void stats_sort(double *v, size_t n);

/* Percentile of sorted v[0..n), n >= 1, fraction p in [0,1], by linear interpolation
 * between closest ranks (numpy default, PERCENTILE.INC, quantile_cont, datamash perc):
 * h = (n-1)p, result = v[floor h] + (h - floor h)(v[floor h + 1] - v[floor h]). */
double stats_percentile_sorted(const double *v, size_t n, double p);

/* Mean of v[0..n) with compensated summation; n >= 1. */
double stats_mean(const double *v, size_t n);

/* 100 * failed / count; count >= 1. */
double stats_error_rate_pct(uint64_t failed, uint64_t count);

#endif
