/* test-summary-laws.c - the merge laws of SPEC section 18 as property tests over random
 * logs (a fixed seed per case, so a failure repeats):
 *   merge(A, B) = merge(B, A) = summarize(A u B), and (A + B) + C = A + (B + C),
 * counts, failed, min, max, values and histograms identical, means within 1e-12 relative
 * and m2 within 1e-9; a summary written and read back is the same bit for bit; and
 * percentiles from histograms within --accuracy relative of the exact ones on lognormal,
 * bimodal and heavy-tailed (Pareto) data, the worst error seen printed to standard error. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "summary.h"
#include "xalloc.h"

#define T0 INT64_C(1790000000000000) /* 2026-09-21 in microseconds */

/* xorshift64*: the generator of the random logs. */
static double
rnd_unit(uint64_t *st)
{
	*st ^= *st >> 12;
	*st ^= *st << 25;
	*st ^= *st >> 27;
	return (double)((*st * UINT64_C(2685821657736338717)) >> 11) * 0x1p-53;
}

/* A standard normal deviate (Box-Muller). */
static double
rnd_normal(uint64_t *st)
{
	double u = rnd_unit(st), v = rnd_unit(st);

	return sqrt(-2.0 * log(u > 0 ? u : 0x1p-60)) * cos(2 * M_PI * v);
}

enum shape { LOGNORMAL, BIMODAL, HEAVY, N_SHAPES };
static const char *const shape_name[] = {"lognormal", "bimodal", "heavy-tailed"};

/* One duration of the shape (milliseconds). */
static double
rnd_duration(uint64_t *st, enum shape sh)
{
	switch (sh) {
	case LOGNORMAL:
		return exp(3.0 + 1.2 * rnd_normal(st));
	case BIMODAL:
		return rnd_unit(st) < 0.7 ? exp(log(12.0) + 0.3 * rnd_normal(st)) :
		    exp(log(1800.0) + 0.4 * rnd_normal(st));
	case HEAVY:
	case N_SHAPES:
		break;
	}
	/* Pareto, alpha 1.1, from 0.5 ms; now and then an exact zero */
	if (rnd_unit(st) < 0.01)
		return 0.0;
	return 0.5 / pow(1.0 - rnd_unit(st), 1.0 / 1.1);
}

struct rec {
	int64_t ts;
	char *group;
	double d;
	bool failed;
	int part; /* 0, 1, 2: which of A, B, C */
};

static const char *const ops[] = {"llm_call", "db.query", "tool\"x\"", "agent_plan"};

/* n random records over three days, four operations, split at random into three parts. */
static struct rec *
rnd_log(uint64_t *st, size_t n, enum shape sh)
{
	char *by[] = {(char *)"operation_type"};
	struct rec *v = xcalloc(n, sizeof *v);

	for (size_t i = 0; i < n; i++) {
		char *vals[] = {(char *)ops[(size_t)(rnd_unit(st) * 4)]};

		v[i].ts = T0 + (int64_t)(rnd_unit(st) * 3 * 86400e6);
		v[i].group = summary_group_text(by, vals, 1);
		v[i].d = rnd_duration(st, sh);
		v[i].failed = rnd_unit(st) < 0.05;
		v[i].part = (int)(rnd_unit(st) * 3);
	}
	return v;
}

static void
rnd_log_free(struct rec *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].group);
	free(v);
}

struct params {
	enum summary_bucket bucket;
	double accuracy;
	uint64_t exact_limit;
};

/* An empty summary of p. */
static void
mk(struct summary *s, const struct params *p)
{
	char *by[] = {(char *)"operation_type"};

	summary_init(s, p->bucket, p->accuracy, p->exact_limit, by, 1, "ms");
}

/* The summary of the records whose part is in mask (bit per part), in the order given. */
static void
summarize(struct summary *s, const struct params *p, const struct rec *v, size_t n,
    unsigned mask)
{
	char *err = NULL;

	mk(s, p);
	for (size_t i = 0; i < n; i++)
		if (mask & (1u << v[i].part))
			cr_assert_eq(summary_add(s, v[i].ts, v[i].group, strlen(v[i].group), v[i].d,
			    v[i].failed, &err), 0);
	summary_finish(s);
}

/* x + y into a fresh summary (neither changed). */
static void
merged(struct summary *out, const struct params *p, const struct summary *x,
    const struct summary *y)
{
	char *err = NULL;

	mk(out, p);
	cr_assert_eq(summary_merge(out, x, "out", "x", &err), 0);
	cr_assert_eq(summary_merge(out, y, "out", "y", &err), 0);
	summary_finish(out);
}

/* s written and read back. */
static struct summary *
round_trip(const struct summary *s)
{
	char *buf = NULL, *err = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct summary *back;

	summary_write(s, f);
	fclose(f);
	back = summary_parse(buf, len, "mem", &err);
	cr_assert_not_null(back, "%s", err);
	free(buf);
	return back;
}

/* The laws for one random log. */
static void
check_laws(uint64_t seed, enum shape sh, const struct params *p, size_t n)
{
	uint64_t st = seed;
	struct rec *v = rnd_log(&st, n, sh);
	struct summary all, a, b, c, ab, ba, ab_c, bc, a_bc, *back;

	summarize(&all, p, v, n, 7);
	summarize(&a, p, v, n, 1);
	summarize(&b, p, v, n, 2);
	summarize(&c, p, v, n, 4);
	merged(&ab, p, &a, &b);
	merged(&ba, p, &b, &a);
	merged(&ab_c, p, &ab, &c);
	merged(&bc, p, &b, &c);
	merged(&a_bc, p, &a, &bc);
	cr_assert(summary_equal(&ab, &ba, 1e-12, 1e-9), "seed %llu: merge(A,B) != merge(B,A)",
	    (unsigned long long)seed);
	cr_assert(summary_equal(&ab_c, &all, 1e-12, 1e-9),
	    "seed %llu: merge(merge(A,B),C) != summarize(A u B u C)", (unsigned long long)seed);
	cr_assert(summary_equal(&ab_c, &a_bc, 1e-12, 1e-9), "seed %llu: not associative",
	    (unsigned long long)seed);
	back = round_trip(&all);
	cr_assert(summary_equal(&all, back, 0, 0), "seed %llu: round trip",
	    (unsigned long long)seed);
	summary_free(back);
	free(back);
	summary_free(&all);
	summary_free(&a);
	summary_free(&b);
	summary_free(&c);
	summary_free(&ab);
	summary_free(&ba);
	summary_free(&ab_c);
	summary_free(&bc);
	summary_free(&a_bc);
	rnd_log_free(v, n);
}

Test(summary_laws, merge_is_commutative_associative_and_equals_summarize)
{
	static const double accs[] = {0.005, 0.01, 0.05, 0.1};
	static const uint64_t limits[] = {0, 1, 7, 60, 4096};
	uint64_t seed = 1;

	for (int round = 0; round < 40; round++) {
		struct params p = {round % 2 ? SUMMARY_HOUR : SUMMARY_DAY, accs[round % 4],
			limits[round % 5]};
		size_t n = 50 + (size_t)round * 97;

		check_laws(seed++ * UINT64_C(0x9e3779b97f4a7c15), (enum shape)(round % N_SHAPES),
		    &p, n);
	}
}

/* The worst relative error of histogram percentiles of one line of n values of shape sh
 * against the exact ones. */
static double
worst_percentile_error(uint64_t seed, enum shape sh, double accuracy, size_t n)
{
	static const double ps[] = {0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99,
		0.995, 0.999};
	struct params p = {SUMMARY_DAY, accuracy, 0};
	struct summary s;
	char *by[] = {(char *)"operation_type"}, *vals[] = {(char *)"op"};
	char *g = summary_group_text(by, vals, 1), *err = NULL;
	double *x = xreallocarray(NULL, n, sizeof *x), worst = 0;
	uint64_t st = seed;

	mk(&s, &p);
	for (size_t i = 0; i < n; i++) {
		x[i] = rnd_duration(&st, sh);
		cr_assert_eq(summary_add(&s, T0, g, strlen(g), x[i], false, &err), 0);
	}
	summary_finish(&s);
	stats_sort(x, n);
	cr_assert_eq(s.n, 1);
	for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++) {
		bool approx = false;
		double want = stats_percentile_sorted(x, n, ps[k]);
		double got = summary_line_percentile(&s.lines[0], ps[k], &approx);
		double e = want > 0 ? fabs(got - want) / want : fabs(got);

		cr_assert(approx);
		cr_assert(e <= accuracy * (1 + 1e-9), "%s a=%g p=%g: %.17g for %.17g (%.3g)",
		    shape_name[sh], accuracy, ps[k], got, want, e);
		if (e > worst)
			worst = e;
	}
	summary_free(&s);
	free(g);
	free(x);
	return worst;
}

Test(summary_laws, histogram_percentiles_within_the_accuracy)
{
	static const double accs[] = {0.005, 0.01, 0.05, 0.1};

	for (int sh = 0; sh < N_SHAPES; sh++)
		for (size_t k = 0; k < 4; k++) {
			double worst = 0;

			for (uint64_t seed = 1; seed <= 5; seed++) {
				double e = worst_percentile_error(seed * 7919 + (uint64_t)sh, (enum shape)sh,
				    accs[k], 20000);

				if (e > worst)
					worst = e;
			}
			fprintf(stderr, "summary_laws: %s, accuracy %g: worst percentile error %.4g "
			    "(%.1f%% of the accuracy)\n", shape_name[sh], accs[k], worst,
			    100 * worst / accs[k]);
		}
}
