/* fuzz-summary.c - the summary reader (SPEC section 18): arbitrary bytes as a summary file.
 * An invalid one must come back as one "<fuzz>:LINE: ..." message; a valid one must write
 * out and read back to the same summary bit for bit, merge with itself (every count
 * doubled, values and histograms kept in order, or a refusal for an overflowing count or
 * m2), write that out and read it back, and give every line's percentiles within
 * [min, max]. Must never crash, leak or read out of bounds.
 *
 * The fast reader (summary-fast.h) against the strict one: the same bytes read with every
 * line through jansson give the same summary bit for bit, or the same message. And the
 * input path of the report commands (summary-input.h): the bytes as a file read by
 * summary_input_read give the same summary, and its lines handed to an aggregate over all
 * time give a report whose rows count every record. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "report.h"
#include "summary-input.h"
#include "summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s written and read back. */
static struct summary *
fuzz_round_trip(const struct summary *s)
{
	char *buf = NULL, *err = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct summary *back;

	if (f == NULL)
		abort();
	summary_write(s, f);
	if (fclose(f) != 0)
		abort();
	back = summary_parse(buf, len, "<written>", &err);
	if (back == NULL) {
		fprintf(stderr, "a written summary does not read back: %s\n", err);
		abort();
	}
	free(buf);
	return back;
}

/* Every line's percentiles lie within [min, max]. */
static void
fuzz_percentiles(const struct summary *s)
{
	static const double ps[] = {0.0, 0.01, 0.5, 0.95, 0.999, 1.0};

	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++) {
			bool approx;
			double v = summary_line_percentile(&s->lines[i], ps[k], &approx);

			if (!(v >= s->lines[i].min && v <= s->lines[i].max))
				abort();
		}
}

/* s merged with a copy of itself: counts double, the lines stay. */
static void
fuzz_self_merge(struct summary *s, const struct summary *copy)
{
	char *err = NULL;
	size_t n = s->n;
	struct summary *again;

	if (summary_merge(s, copy, "a", "b", &err) != 0) {
		/* only a count past INT64_MAX or an m2 past DBL_MAX may refuse */
		if (err == NULL || (strstr(err, "records in one bucket") == NULL &&
		    strstr(err, "squared deviations") == NULL))
			abort();
		free(err);
		return;
	}
	summary_finish(s);
	if (s->n != n)
		abort();
	again = fuzz_round_trip(s); /* still valid JSON: no inf, no nan */
	summary_free(again);
	free(again);
	for (size_t i = 0; i < n; i++)
		if (s->lines[i].count != 2 * copy->lines[i].count)
			abort();
	fuzz_percentiles(s);
}

/* text[0..len) through a reader with every line through jansson. */
static struct summary *
fuzz_parse_strict(const char *text, size_t len, char **err)
{
	return summary_parse_as(text, len, "<fuzz>", true, err);
}

/* The fast reader's result s (or its message err) is the strict reader's. */
static void
fuzz_fast_is_strict(const uint8_t *data, size_t size, const struct summary *s,
    const char *err)
{
	char *err2 = NULL;
	struct summary *t = fuzz_parse_strict((const char *)data, size, &err2);

	if ((s == NULL) != (t == NULL))
		abort();
	if (s == NULL) {
		if (err2 == NULL || strcmp(err, err2) != 0)
			abort();
		free(err2);
		return;
	}
	if (!summary_equal(s, t, 0, 0))
		abort();
	summary_free(t);
	free(t);
}

/* The bytes as a file through the report commands' reader, then into an aggregate over all
 * time and a report: the same summary, and every record in a row. */
static void
fuzz_input_path(const uint8_t *data, size_t size, const struct summary *s)
{
	static const struct options o0 = {.n_percentiles = 3, .percentiles = {50, 95, 99},
	    .command_name = "monthly", .max_groups = 50};
	struct windows w = {.start = INT64_MIN, .end = INT64_MAX, .prev_start = INT64_MIN,
	    .prev_end = INT64_MIN, .bounded_below = true, .bounded_above = true};
	struct input_counts in = {0};
	struct aggregate a;
	struct report *r;
	struct summary *t = NULL;
	char path[64];
	uint64_t total = 0;
	int fd = memfd_create("fuzz-summary", 0);

	if (fd < 0 || (size > 0 && write(fd, data, size) != (ssize_t)size))
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	/* A file the strict reader takes is a summary to the input path too, but for a
	   first line too long for one block or a NUL byte (the line reader's limits). */
	if (summary_input_read(path, &t) != 0 || t == NULL) {
		close(fd);
		return;
	}
	close(fd);
	if (!summary_equal(s, t, 0, 0))
		abort();
	agg_init_fixed(&a, &o0, &w);
	if (summary_input_fill(&a, t, &w, &o0) == 0) {
		r = report_build(&a, &w, &o0, &in);
		for (size_t i = 0; i < t->n; i++)
			total += t->lines[i].count;
		if (r->totals.count != total)
			abort();
		report_free(r);
	}
	agg_free(&a);
	summary_free(t);
	free(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *err = NULL;
	struct summary *s = summary_parse((const char *)data, size, "<fuzz>", &err), *back;

	fuzz_fast_is_strict(data, size, s, err);
	if (s == NULL) {
		if (err == NULL || strncmp(err, "<fuzz>:", 7) != 0 || strchr(err, '\n') != NULL)
			abort();
		free(err);
		return 0;
	}
	fuzz_input_path(data, size, s);
	back = fuzz_round_trip(s);
	if (!summary_equal(s, back, 0, 0))
		abort();
	fuzz_percentiles(s);
	fuzz_self_merge(s, back);
	summary_free(s);
	free(s);
	summary_free(back);
	free(back);
	return 0;
}
