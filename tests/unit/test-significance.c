/* test-significance.c - stats_stddev, the Mann-Whitney, Welch and binomial p-values and
 * their building blocks, against SciPy's values in tests/reference/significance.tsv
 * (written by tests/reference/gen-significance.py; its docstring gives the format and the
 * sample generator reproduced here). Every value must agree within 1e-9 relative, and be
 * exactly 0 or 1 where SciPy's is. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "xalloc.h"

#define SIG_REL 1e-9
#define SIG_MAX_ARGS 8
#define SIG_PI 3.14159265358979323846

/* The families of significance.tsv, with how many cases each must have at least. */
enum sig_test {
	SIG_NORMAL_SF,
	SIG_STUDENT_T_SF,
	SIG_BETAINC,
	SIG_STDDEV,
	SIG_MANN_WHITNEY,
	SIG_WELCH,
	SIG_BINOM_UPPER,
	SIG_NTESTS
};

static const struct {
	const char *name;
	size_t nargs;
	size_t min_cases;
} sig_tests[SIG_NTESTS] = {
	[SIG_NORMAL_SF] = { "normal_sf", 1, 10 },
	[SIG_STUDENT_T_SF] = { "student_t_sf", 2, 50 },
	[SIG_BETAINC] = { "betainc", 3, 50 },
	[SIG_STDDEV] = { "stddev", 1, 5 },
	[SIG_MANN_WHITNEY] = { "mann_whitney", 2, 50 },
	[SIG_WELCH] = { "welch", 6, 50 },
	[SIG_BINOM_UPPER] = { "binom_upper", 3, 50 },
};

/* got agrees with SciPy's want: exactly when want is 0 or 1, else within SIG_REL. */
static int
agrees(double got, double want)
{
	if (same_double(want, 0.0) || same_double(want, 1.0))
		return same_double(got, want);
	return fabs(got - want) <= SIG_REL * fabs(want);
}

/* A double argument: the whole string must parse. */
static double
num(const char *s)
{
	char *end;
	double v;

	v = strtod(s, &end);
	cr_assert(end != s && *end == '\0', "bad number \"%s\"", s);
	return v;
}

/* An unsigned integer argument. */
static uint64_t
count(const char *s)
{
	unsigned long long v;
	char *end;

	v = strtoull(s, &end, 10);
	cr_assert(end != s && *end == '\0', "bad count \"%s\"", s);
	return (uint64_t)v;
}

/* The LCG of gen-significance.py: N values ((s >> 33) % RANGE + OFFSET) / 1000. */
static double *
lcg_sample(uint64_t seed, size_t n, uint64_t range, uint64_t offset)
{
	double *v = xreallocarray(NULL, n, sizeof(*v));
	uint64_t s = seed;
	size_t i;

	for (i = 0; i < n; i++) {
		s = s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
		v[i] = (double)((s >> 33) % range + offset) / 1000.0;
	}
	return v;
}

/* A SAMPLE argument (comma list or lcg:SEED:N:RANGE:OFFSET) as a heap array of exactly
 * *np values, so that ASan sees any read past its end. */
static double *
parse_sample(const char *spec, size_t *np)
{
	char *copy, *tok, *save, *f[5];
	double *v = NULL;
	size_t n = 0, cap = 0, nf = 0;

	copy = xstrdup(spec);
	if (strncmp(copy, "lcg:", 4) == 0) {
		for (tok = strtok_r(copy + 4, ":", &save); tok != NULL;
		    tok = strtok_r(NULL, ":", &save)) {
			cr_assert(nf < 4, "lcg sample with too many fields: %s", spec);
			f[nf++] = tok;
		}
		cr_assert_eq(nf, 4, "lcg sample wants SEED:N:RANGE:OFFSET: %s", spec);
		n = (size_t)count(f[1]);
		cr_assert(n >= 1 && count(f[2]) >= 1, "empty lcg sample: %s", spec);
		v = lcg_sample(count(f[0]), n, count(f[2]), count(f[3]));
	} else {
		for (tok = strtok_r(copy, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save)) {
			xgrow(&v, &cap, n + 1, sizeof(*v));
			v[n++] = num(tok);
		}
		cr_assert(n >= 1, "empty sample");
		v = xreallocarray(v, n, sizeof(*v));
	}
	free(copy);
	*np = n;
	return v;
}

/* Mann-Whitney p of two SAMPLE arguments, each sorted first as the contract wants. */
static double
run_mann_whitney(const char *xs, const char *ys)
{
	double *x, *y, p;
	size_t nx, ny;

	x = parse_sample(xs, &nx);
	y = parse_sample(ys, &ny);
	stats_sort(x, nx);
	stats_sort(y, ny);
	p = stats_mann_whitney_p(x, nx, y, ny);
	free(x);
	free(y);
	return p;
}

/* Sample standard deviation of a SAMPLE, with stats_mean for its mean. */
static double
run_stddev(const char *spec)
{
	double *v, sd;
	size_t n;

	v = parse_sample(spec, &n);
	cr_assert(n >= 2, "stddev needs two values");
	sd = stats_stddev(v, n, stats_mean(v, n));
	free(v);
	return sd;
}

/* Our value for one case. */
static double
run_case(enum sig_test t, char **a)
{
	switch (t) {
	case SIG_NORMAL_SF:
		return stats_normal_sf(num(a[0]));
	case SIG_STUDENT_T_SF:
		return stats_student_t_sf(num(a[0]), num(a[1]));
	case SIG_BETAINC:
		return stats_betainc(num(a[0]), num(a[1]), num(a[2]));
	case SIG_STDDEV:
		return run_stddev(a[0]);
	case SIG_MANN_WHITNEY:
		return run_mann_whitney(a[0], a[1]);
	case SIG_WELCH:
		return stats_welch_p(num(a[0]), num(a[1]), num(a[2]), num(a[3]), num(a[4]),
		    num(a[5]));
	case SIG_BINOM_UPPER:
		return stats_binom_upper(count(a[0]), count(a[1]), num(a[2]));
	case SIG_NTESTS:
		break;
	}
	cr_assert_fail("no such test");
	return NAN;
}

/* The family named s. */
static enum sig_test
find_test(const char *s)
{
	int t;

	for (t = 0; t < SIG_NTESTS; t++)
		if (strcmp(sig_tests[t].name, s) == 0)
			return (enum sig_test)t;
	cr_assert_fail("significance.tsv: unknown test \"%s\"", s);
	return SIG_NTESTS;
}

/* Check one line "name TAB test TAB args TAB value"; count it under its family. */
static void
check_line(char *line, size_t *cases, double *worst)
{
	char *f[4], *a[SIG_MAX_ARGS], *tok, *save;
	size_t nf = 0, na = 0;
	enum sig_test t;
	double got, want, rel;

	for (tok = strtok_r(line, "\t", &save); tok != NULL; tok = strtok_r(NULL, "\t", &save)) {
		cr_assert(nf < 4, "significance.tsv: more than 4 columns");
		f[nf++] = tok;
	}
	cr_assert_eq(nf, 4, "significance.tsv: want 4 columns");
	t = find_test(f[1]);
	for (tok = strtok_r(f[2], " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
		cr_assert(na < SIG_MAX_ARGS, "%s: too many arguments", f[0]);
		a[na++] = tok;
	}
	cr_assert_eq(na, sig_tests[t].nargs, "%s: want %zu arguments", f[0], sig_tests[t].nargs);
	want = num(f[3]);
	got = run_case(t, a);
	cr_expect(agrees(got, want), "%s: got %.17g, SciPy %.17g (relative %.3g)", f[0], got,
	    want, fabs(got - want) / fabs(want));
	rel = same_double(want, 0.0) ? fabs(got) : fabs(got - want) / fabs(want);
	if (rel > worst[t])
		worst[t] = rel;
	cases[t]++;
}

Test(significance, every_value_matches_scipy)
{
	const char *top = getenv("top_srcdir");
	size_t cases[SIG_NTESTS] = { 0 }, cap = 0;
	double worst[SIG_NTESTS] = { 0 };
	char *path, *line = NULL;
	ssize_t len;
	FILE *fp;
	int t;

	if (top == NULL || *top == '\0')
		top = ".";
	path = xasprintf("%s/tests/reference/significance.tsv", top);
	fp = fopen(path, "r");
	cr_assert_not_null(fp, "cannot open %s (set top_srcdir to the source tree)", path);
	while ((len = getline(&line, &cap, fp)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		check_line(line, cases, worst);
	}
	cr_assert(!ferror(fp), "read error on %s", path);
	fclose(fp);
	for (t = 0; t < SIG_NTESTS; t++) {
		cr_log_info("%-13s %4zu cases, worst relative difference %.3g", sig_tests[t].name,
		    cases[t], worst[t]);
		cr_expect(cases[t] >= sig_tests[t].min_cases, "%s: %zu cases, want %zu",
		    sig_tests[t].name, cases[t], sig_tests[t].min_cases);
	}
	free(line);
	free(path);
}

/* The generator must make the values the docstring of gen-significance.py promises
 * (its first outputs, worked out with Python integers). */
Test(significance, lcg_matches_the_python_generator)
{
	double *v = lcg_sample(1, 3, 1000, 0);

	cr_assert(same_double(v[0], 0.774), "got %.17g", v[0]);
	cr_assert(same_double(v[1], 0.153), "got %.17g", v[1]);
	cr_assert(same_double(v[2], 0.196), "got %.17g", v[2]);
	free(v);
}

/* Spec section 5: one failure in six at a 1 % limit is p = 0.059, no flag at alpha 0.05. */
Test(significance, one_failure_in_six_at_one_percent)
{
	double p = stats_binom_upper(1, 6, 0.01);

	cr_assert(fabs(p - (1.0 - pow(0.99, 6.0))) <= 1e-15, "got %.17g", p);
	cr_assert(p > 0.05 && p < 0.06);
}

/* Degenerate inputs give the documented constants, and the tests are symmetric. */
Test(significance, edges_and_symmetry)
{
	static const double c[] = { 4.0, 4.0, 4.0 }, x[] = { 1.0, 2.0, 2.0, 5.0 },
	    y[] = { 2.0, 3.0, 8.0 };

	cr_assert(same_double(stats_mann_whitney_p(c, 3, c, 2), 1.0));
	cr_assert(same_double(stats_mann_whitney_p(x, 4, y, 3), stats_mann_whitney_p(y, 3, x, 4)));
	cr_assert(same_double(stats_welch_p(5, 2.0, 0.0, 9, 2.0, 0.0), 1.0));
	cr_assert(same_double(stats_welch_p(5, 2.0, 0.0, 9, 2.5, 0.0), 0.0));
	cr_assert(same_double(stats_welch_p(5, 2.0, 1.0, 9, 3.0, 2.0),
	    stats_welch_p(9, 3.0, 2.0, 5, 2.0, 1.0)));
	cr_assert(same_double(stats_binom_upper(0, 0, 0.5), 1.0));
	cr_assert(same_double(stats_binom_upper(4, 3, 0.5), 0.0));
	cr_assert(same_double(stats_betainc(2.0, 3.0, 0.0), 0.0));
	cr_assert(same_double(stats_betainc(2.0, 3.0, 1.0), 1.0));
	cr_assert(same_double(stats_student_t_sf(0.0, 3.0), 0.5));
	cr_assert(same_double(stats_student_t_sf(INFINITY, 3.0), 0.0));
	cr_assert(same_double(stats_student_t_sf(-INFINITY, 3.0), 1.0));
	cr_assert(fabs(stats_student_t_sf(1.5, INFINITY) - stats_normal_sf(1.5)) <= 0.0);
	cr_assert(isnan(stats_student_t_sf(1.0, 0.0)));
	cr_assert(isnan(stats_welch_p(1, 1.0, 1.0, 5, 2.0, 1.0)));
	cr_assert(isnan(stats_welch_p(5, 1.0, 0.0, 1, 2.0, 0.0)));
	cr_assert(isnan(stats_betainc(-1.0, 2.0, 0.5)));
}

/* t beyond 1e150 sqrt(df), where t^2 overflows, still has its power-law tail:
 * P(T > t) = 1 / 2 - atan(t) / pi for df = 1, about 1 / (pi t). */
Test(significance, student_t_tail_past_overflow)
{
	double t = 1e200, want = 1.0 / (SIG_PI * t), got = stats_student_t_sf(t, 1.0);

	cr_assert(fabs(got - want) <= 1e-12 * want, "got %.17g, want %.17g", got, want);
	got = stats_student_t_sf(1e100, 1.0);
	cr_assert(fabs(got - 1e-100 / SIG_PI) <= 1e-12 * 1e-100 / SIG_PI, "got %.17g", got);
}

/* Values near DBL_MAX: the squares would overflow, the scaled sum does not. */
Test(significance, stddev_of_huge_values_is_finite)
{
	static const double v[] = { 1e308, -1e308, 1e308, -1e308 };
	double sd = stats_stddev(v, 4, 0.0);

	/* sqrt(4 * 1e616 / 3) */
	cr_assert(isfinite(sd));
	cr_assert(fabs(sd - 1e308 * sqrt(4.0 / 3.0)) <= 1e-15 * sd, "got %.17g", sd);
}
