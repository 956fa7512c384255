/* changepoint-series.c - test driver: prints changepoint_find's result for every series of
 * a file, in the format of tests/reference/changepoints.py, so tests/e2e/changepoints.sh
 * can compare the two line by line.
 *
 * Usage: changepoint-series [-m MIN_SEGMENT] [-a ALPHA] [-r REPEAT] FILE
 * Input: one series a line, "ID<TAB>x1,x2,...<TAB>c1,c2,..." (lines starting with # are
 * skipped). Output: one line per change point, "ID<TAB>index<TAB>p<TAB>before<TAB>after
 * <TAB>change_pct<TAB>count_before<TAB>count_after" (numbers as %.17g, change_pct "-" when
 * undefined), or "ID<TAB>-" for a series without one. With -r REPEAT each series is
 * searched REPEAT times and one more line per series goes to stderr: "ID<TAB>n<TAB>
 * microseconds per search". */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "changepoint.h"
#include "xalloc.h"

/* A parsed series. */
struct series {
	double *x;
	uint64_t *counts;
	size_t n;
	size_t cap;
};

/* Parse the comma list of values and the comma list of counts; -1 on a malformed line. */
static int
series_parse(struct series *s, char *vals, char *cnts)
{
	char *tok, *save = NULL, *end;
	size_t k = 0;

	s->n = 0;
	for (tok = strtok_r(vals, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 512;
			s->x = xreallocarray(s->x, s->cap, sizeof(*s->x));
			s->counts = xreallocarray(s->counts, s->cap, sizeof(*s->counts));
		}
		errno = 0;
		s->x[s->n++] = strtod(tok, &end);
		if (errno != 0 || *end != '\0')
			return -1;
	}
	save = NULL;
	for (tok = strtok_r(cnts, ",\n", &save); tok != NULL; tok = strtok_r(NULL, ",\n", &save)) {
		if (k == s->n)
			return -1;
		s->counts[k++] = strtoull(tok, &end, 10);
		if (*end != '\0')
			return -1;
	}
	return k == s->n ? 0 : -1;
}

/* Microseconds of a monotonic clock. */
static double
series_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Search one series (repeat times when timing) and print its change points. */
static void
series_run(const char *id, const struct series *s, size_t min_seg, double alpha, long repeat)
{
	struct changepoint *cp;
	size_t n, i;
	double t0;
	long r;

	if (repeat > 0) {
		t0 = series_now_us();
		for (r = 0; r < repeat; r++) {
			changepoint_find(s->x, s->counts, s->n, min_seg, alpha, &cp);
			free(cp);
		}
		fprintf(stderr, "%s\t%zu\t%.3f\n", id, s->n,
		    (series_now_us() - t0) / (double)repeat);
	}
	n = changepoint_find(s->x, s->counts, s->n, min_seg, alpha, &cp);
	if (n == 0)
		printf("%s\t-\n", id);
	for (i = 0; i < n; i++) {
		printf("%s\t%zu\t%.17g\t%.17g\t%.17g\t", id, cp[i].index, cp[i].p_value,
		    cp[i].before, cp[i].after);
		if (cp[i].has_pct)
			printf("%.17g", cp[i].change_pct);
		else
			printf("-");
		printf("\t%llu\t%llu\n", (unsigned long long)cp[i].count_before,
		    (unsigned long long)cp[i].count_after);
	}
	free(cp);
}

/* Read FILE and run every series; status 2 on bad usage or a malformed line. */
int
main(int argc, char **argv)
{
	struct series s = { 0 };
	size_t min_seg = 5, cap = 0, lineno = 0;
	double alpha = 0.0001;
	long repeat = 0;
	char *line = NULL, *save, *id, *vals, *cnts;
	FILE *f;
	int opt;

	while ((opt = getopt(argc, argv, "m:a:r:")) != -1) {
		if (opt == 'm')
			min_seg = strtoul(optarg, NULL, 10);
		else if (opt == 'a')
			alpha = strtod(optarg, NULL);
		else if (opt == 'r')
			repeat = strtol(optarg, NULL, 10);
		else
			return 2;
	}
	if (optind + 1 != argc || (f = fopen(argv[optind], "r")) == NULL) {
		fprintf(stderr, "usage: changepoint-series [-m MIN] [-a ALPHA] [-r N] FILE\n");
		return 2;
	}
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		save = NULL;
		id = strtok_r(line, "\t", &save);
		vals = strtok_r(NULL, "\t", &save);
		cnts = strtok_r(NULL, "\t", &save);
		if (id == NULL || vals == NULL || cnts == NULL || series_parse(&s, vals, cnts) != 0) {
			fprintf(stderr, "changepoint-series: %s:%zu: malformed series\n",
			    argv[optind], lineno);
			return 2;
		}
		series_run(id, &s, min_seg, alpha, repeat);
	}
	fclose(f);
	free(line);
	free(s.x);
	free(s.counts);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2;
}
