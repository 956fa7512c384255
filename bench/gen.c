/*
 * gen.c: a deterministic generator of realistic perf-reporter logs for the
 * benchmark (bench/run).
 *
 * Usage: gen RECORDS OUTPUT
 *
 * Writes RECORDS JSONL records (about 180 bytes each) to OUTPUT ('-' for
 * standard output).  The same RECORDS always give the same bytes: the random
 * numbers come from a fixed-seed xoshiro256** and every number is formatted
 * by hand (no locale, no printf rounding differences).
 *
 * What the log looks like:
 * - 20 operations with very different frequencies and speeds (a cache lookup
 *   of a few hundred microseconds, a build of tens of seconds);
 * - durations drawn from a log-normal distribution per operation, written
 *   with three decimals;
 * - about 0.4 % failures, with an error text (operations slower than 50 ms
 *   may time out, and a timeout takes the timeout's duration);
 * - 120 days of records ending before 2026-11-01T00:00:00Z, timestamps in
 *   increasing order with milliseconds;
 * - a slowdown in the last three weeks: db_query, vector_search and llm_call
 *   get slower and slower, and http_fetch fails more often;
 * - a session id shared by runs of records, and a context object on every
 *   record (all with the same shape, so that CSV writers keep one header).
 *
 * Only libc and libm.  Build: cc -O2 -o gen gen.c -lm
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_DAYS		120
#define GEN_SLOW_DAYS		21
#define GEN_SESSIONS		16
#define GEN_BUFSIZE		(1 << 20)

/* One kind of operation: how often, how fast, how it fails. */
struct gen_op {
	const char	*name;
	double		 weight;	/* relative frequency */
	double		 median_ms;	/* median of the log-normal */
	double		 sigma;		/* sigma of the underlying normal */
	double		 fail;		/* probability of failure */
	double		 slow;		/* duration factor reached at the end */
	double		 late_fail;	/* failure probability in the last weeks */
	int		 llm;		/* 1: tokens in the hundreds/thousands */
};

static const struct gen_op gen_ops[] = {
	{ "llm_call",      18.0,  1200.0, 0.60, 0.0060, 1.50, 0.0060, 1 },
	{ "tool_call",     12.0,    80.0, 0.90, 0.0050, 1.00, 0.0050, 0 },
	{ "file_read",     10.0,     2.5, 0.70, 0.0010, 1.00, 0.0010, 0 },
	{ "cache_lookup",   9.0,     0.4, 0.60, 0.0002, 1.00, 0.0002, 0 },
	{ "db_query",       8.0,    12.0, 1.00, 0.0030, 1.90, 0.0030, 0 },
	{ "http_fetch",     6.0,   350.0, 0.80, 0.0150, 1.00, 0.0400, 0 },
	{ "vector_search",  6.0,    45.0, 0.50, 0.0010, 1.60, 0.0010, 0 },
	{ "file_write",     5.0,     4.0, 0.80, 0.0010, 1.00, 0.0010, 0 },
	{ "embedding",      5.0,   150.0, 0.40, 0.0040, 1.00, 0.0040, 1 },
	{ "shell_exec",     4.0,   600.0, 1.10, 0.0080, 1.00, 0.0080, 0 },
	{ "cache_write",    3.0,     0.9, 0.60, 0.0002, 1.00, 0.0002, 0 },
	{ "plan_step",      3.0,  2500.0, 0.60, 0.0030, 1.00, 0.0030, 1 },
	{ "git_status",     2.0,    30.0, 0.50, 0.0005, 1.00, 0.0005, 0 },
	{ "memory_read",    2.0,     6.0, 0.60, 0.0005, 1.00, 0.0005, 0 },
	{ "summarize",      1.5,  3000.0, 0.50, 0.0040, 1.00, 0.0040, 1 },
	{ "test_run",       1.5, 15000.0, 0.70, 0.0200, 1.00, 0.0200, 0 },
	{ "git_commit",     1.0,   220.0, 0.50, 0.0020, 1.00, 0.0020, 0 },
	{ "build",          1.0, 40000.0, 0.50, 0.0150, 1.00, 0.0150, 0 },
	{ "memory_write",   1.0,     9.0, 0.60, 0.0005, 1.00, 0.0005, 0 },
	{ "auth_refresh",   0.5,   120.0, 0.40, 0.0100, 1.00, 0.0100, 0 },
};
#define GEN_NOPS	(sizeof(gen_ops) / sizeof(gen_ops[0]))

/* Error texts (already JSON-escaped); index 0 is the timeout. */
static const char *const gen_errors[] = {
	"timeout after 30000 ms",
	"rate limited: 429 Too Many Requests",
	"connection reset by peer",
	"upstream returned \\\"502 Bad Gateway\\\"",
	"process exited with status 1",
	"ENOENT: no such file or directory",
};
#define GEN_NERRORS	(sizeof(gen_errors) / sizeof(gen_errors[0]))

static const char *const gen_models[] = { "m1", "m2", "m3", "m4" };

static uint64_t	gen_state[4];

/* Rotate left. */
static inline uint64_t
gen_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* Seed the generator from one number with splitmix64. */
static void
gen_seed(uint64_t seed)
{
	int	i;

	for (i = 0; i < 4; i++) {
		uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		gen_state[i] = z ^ (z >> 31);
	}
}

/* The next 64 random bits (xoshiro256**). */
static inline uint64_t
gen_next(void)
{
	uint64_t	*s = gen_state;
	uint64_t	 result = gen_rotl(s[1] * 5, 7) * 9;
	uint64_t	 t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = gen_rotl(s[3], 45);
	return result;
}

/* A uniform double in [0, 1). */
static inline double
gen_uniform(void)
{
	return (double)(gen_next() >> 11) * 0x1.0p-53;
}

/* A standard normal deviate (Box-Muller, one of the pair kept). */
static double
gen_normal(void)
{
	static int	have;
	static double	spare;
	double		u, v, r;

	if (have) {
		have = 0;
		return spare;
	}
	do
		u = gen_uniform();
	while (u <= 0.0);
	v = gen_uniform();
	r = sqrt(-2.0 * log(u));
	spare = r * sin(2.0 * M_PI * v);
	have = 1;
	return r * cos(2.0 * M_PI * v);
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t
gen_days_from_civil(int64_t y, int m, int d)
{
	int64_t		era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The civil date of a day count since 1970-01-01. */
static void
gen_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t		era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Append the decimal digits of v; return the new end. */
static inline char *
gen_put_u64(char *p, uint64_t v)
{
	char	 tmp[24];
	int	 n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

/* Append exactly width digits of v (zero-padded). */
static inline char *
gen_put_fixed(char *p, unsigned v, int width)
{
	int	i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/* Append a string literal. */
static inline char *
gen_put_str(char *p, const char *s)
{
	size_t	n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

/* Pick an operation by weight from its cumulative table. */
static size_t
gen_pick_op(const double *cum, double total)
{
	double	x = gen_uniform() * total;
	size_t	i;

	for (i = 0; i < GEN_NOPS - 1; i++)
		if (x < cum[i])
			return i;
	return GEN_NOPS - 1;
}

/* Write everything to fd, or die. */
static void
gen_flush(FILE *fp, const char *buf, size_t n, const char *path)
{
	if (n > 0 && fwrite(buf, 1, n, fp) != n) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

int
main(int argc, char *argv[])
{
	double		 cum[GEN_NOPS], total = 0.0;
	uint32_t	 sessions[GEN_SESSIONS];
	int64_t		 end_ms, start_ms, span_ms, slow_ms, day_cached = -1;
	char		 date[48];	/* "2026-07-04T" */
	char		*buf, *p, *endptr;
	unsigned long long nrec, i;
	FILE		*fp;
	size_t		 k;

	if (argc != 3) {
		fprintf(stderr, "usage: gen RECORDS OUTPUT\n");
		return 2;
	}
	errno = 0;
	nrec = strtoull(argv[1], &endptr, 10);
	if (errno != 0 || *endptr != '\0' || argv[1][0] == '-' ||
	    argv[1][0] == '\0') {
		fprintf(stderr, "gen: %s: not a record count\n", argv[1]);
		return 2;
	}
	if (strcmp(argv[2], "-") == 0)
		fp = stdout;
	else if ((fp = fopen(argv[2], "wb")) == NULL) {
		fprintf(stderr, "gen: %s: %s\n", argv[2], strerror(errno));
		return 2;
	}
	if ((buf = malloc(GEN_BUFSIZE)) == NULL) {
		fprintf(stderr, "gen: out of memory\n");
		return 2;
	}

	for (k = 0; k < GEN_NOPS; k++) {
		total += gen_ops[k].weight;
		cum[k] = total;
	}
	gen_seed(20261101);
	for (k = 0; k < GEN_SESSIONS; k++)
		sessions[k] = (uint32_t)(gen_next() >> 40);

	end_ms = gen_days_from_civil(2026, 11, 1) * 86400000LL;
	span_ms = (int64_t)GEN_DAYS * 86400000LL;
	start_ms = end_ms - span_ms;
	slow_ms = end_ms - (int64_t)GEN_SLOW_DAYS * 86400000LL;

	p = buf;
	for (i = 0; i < nrec; i++) {
		const struct gen_op *op;
		int64_t		 t, day, msday;
		double		 d, failp;
		uint64_t	 us;
		unsigned	 tin, tout;
		int		 failed, errix = -1, sess;

		/*
		 * Record i lands at a random point of its own slice of the
		 * span, so timestamps never go backwards.
		 */
		t = start_ms + (int64_t)(((double)i + gen_uniform()) *
		    (double)span_ms / (double)nrec);
		if (t >= end_ms)
			t = end_ms - 1;
		op = &gen_ops[gen_pick_op(cum, total)];

		d = op->median_ms * exp(op->sigma * gen_normal());
		failp = op->fail;
		if (t >= slow_ms) {
			double f = (double)(t - slow_ms) /
			    (double)(end_ms - slow_ms);

			d *= 1.0 + (op->slow - 1.0) * f;
			failp = op->late_fail;
		}
		failed = gen_uniform() < failp;
		if (failed) {
			/* Only slow operations time out; the rest fail fast. */
			if (op->median_ms >= 50.0)
				errix = (int)(gen_next() % GEN_NERRORS);
			else
				errix = 1 + (int)(gen_next() % (GEN_NERRORS - 1));
			if (errix == 0)
				d = 30000.0 + gen_uniform() * 40.0;
		}
		us = (uint64_t)llround(d * 1000.0);

		/* Sessions: 16 at work at once, one replaced now and then. */
		sess = (int)(gen_next() % GEN_SESSIONS);
		if (gen_uniform() < 1.0 / 400.0)
			sessions[sess] = (uint32_t)(gen_next() >> 40);

		if (op->llm) {
			tin = 200 + (unsigned)(gen_uniform() * 3800.0);
			tout = 20 + (unsigned)(gen_uniform() * 780.0);
		} else {
			tin = (unsigned)(gen_uniform() * 200.0);
			tout = (unsigned)(gen_uniform() * 60.0);
		}

		day = t / 86400000LL;
		msday = t % 86400000LL;
		if (day != day_cached) {
			int y, m, dd;

			gen_civil_from_days(day, &y, &m, &dd);
			snprintf(date, sizeof(date), "%04d-%02d-%02dT", y, m,
			    dd);
			day_cached = day;
		}

		p = gen_put_str(p, "{\"timestamp\":\"");
		p = gen_put_str(p, date);
		p = gen_put_fixed(p, (unsigned)(msday / 3600000), 2);
		*p++ = ':';
		p = gen_put_fixed(p, (unsigned)(msday / 60000 % 60), 2);
		*p++ = ':';
		p = gen_put_fixed(p, (unsigned)(msday / 1000 % 60), 2);
		*p++ = '.';
		p = gen_put_fixed(p, (unsigned)(msday % 1000), 3);
		p = gen_put_str(p, "Z\",\"operation_type\":\"");
		p = gen_put_str(p, op->name);
		p = gen_put_str(p, "\",\"duration_ms\":");
		p = gen_put_u64(p, us / 1000);
		*p++ = '.';
		p = gen_put_fixed(p, (unsigned)(us % 1000), 3);
		p = gen_put_str(p, failed ? ",\"success\":false" :
		    ",\"success\":true");
		p = gen_put_str(p, ",\"session_id\":\"sess-");
		{
			static const char hex[] = "0123456789abcdef";
			uint32_t s = sessions[sess];
			int j;

			for (j = 5; j >= 0; j--)
				*p++ = hex[(s >> (4 * j)) & 0xf];
		}
		if (failed) {
			p = gen_put_str(p, "\",\"error\":\"");
			p = gen_put_str(p, gen_errors[errix]);
			*p++ = '"';
		} else
			p = gen_put_str(p, "\",\"error\":null");
		p = gen_put_str(p, ",\"context\":{\"model\":\"");
		p = gen_put_str(p, gen_models[(sessions[sess] >> 3) & 3]);
		p = gen_put_str(p, "\",\"tokens\":{\"in\":");
		p = gen_put_u64(p, tin);
		p = gen_put_str(p, ",\"out\":");
		p = gen_put_u64(p, tout);
		p = gen_put_str(p, "}}}\n");

		if (p - buf > GEN_BUFSIZE - 1024) {
			gen_flush(fp, buf, (size_t)(p - buf), argv[2]);
			p = buf;
		}
	}
	gen_flush(fp, buf, (size_t)(p - buf), argv[2]);
	free(buf);
	if (fflush(fp) != 0 || (fp != stdout && fclose(fp) != 0)) {
		fprintf(stderr, "gen: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	return 0;
}
