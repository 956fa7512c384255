/* fuzz-summary.c - the summary reader (SPEC section 18): arbitrary bytes as a summary file.
 * An invalid one must come back as one "<fuzz>:LINE: ..." message; a valid one must write
 * out and read back to the same summary bit for bit, merge with itself (every count
 * doubled, values and histograms kept in order, or a refusal for an overflowing count or
 * m2), write that out and read it back, and give every line's percentiles within
 * [min, max]. Must never crash, leak or read out of bounds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *err = NULL;
	struct summary *s = summary_parse((const char *)data, size, "<fuzz>", &err), *back;

	if (s == NULL) {
		if (err == NULL || strncmp(err, "<fuzz>:", 7) != 0 || strchr(err, '\n') != NULL)
			abort();
		free(err);
		return 0;
	}
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
