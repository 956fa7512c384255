/* emit-kit.c - the series helpers every emitter that draws series shares: find a row's
 * series rows, draw its p95 sparkline. Below every emitter; calls none of them. */
#include "emit-kit.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* First series row of row i by bisection (the series is in row order, report.h), so that
 * walking every row stays O(rows log series). */
size_t
emit_kit_series_of(const struct report *r, size_t i, size_t *n)
{
	size_t lo = 0, hi = r->n_series, start;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->series[mid].row < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	start = lo;
	while (hi < r->n_series && r->series[hi].row == i)
		hi++;
	*n = hi - start;
	return *n > 0 ? start : 0;
}

/* Sparkline level (0-7) of v in [lo, hi]: round((v - lo) / (hi - lo) * 7); a flat series
 * is all at the lowest level. */
static long
emit_kit_spark_level(double v, double lo, double hi)
{
	double x;

	if (!(hi > lo))
		return 0;
	x = (v - lo) / (hi - lo) * 7.0 + 0.5;
	return x >= 7.0 ? 7 : x <= 0.0 ? 0 : (long)x;
}

/* One block character per bucket of the window (or per series row without buckets). */
char *
emit_kit_sparkline(const struct report *r, const struct series_row *s, size_t n)
{
	static const char *const blocks[8] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
	};
	size_t cells = r->n_buckets > 0 ? r->n_buckets : n, i, j = 0, o = 0;
	char *out = xmalloc(3 * cells + 1);
	double lo, hi;

	out[0] = '\0';
	if (n == 0)
		return out;
	lo = hi = s[0].p95_ms;
	for (i = 1; i < n; i++) {
		if (s[i].p95_ms < lo)
			lo = s[i].p95_ms;
		if (s[i].p95_ms > hi)
			hi = s[i].p95_ms;
	}
	for (i = 0; i < cells; i++) {
		const char *c;

		if (r->n_buckets == 0)
			c = blocks[emit_kit_spark_level(s[i].p95_ms, lo, hi)];
		else if (j < n && s[j].bucket_start == r->buckets[i])
			c = blocks[emit_kit_spark_level(s[j++].p95_ms, lo, hi)];
		else
			c = EMIT_SPARK_GAP;
		memcpy(out + o, c, strlen(c));
		o += strlen(c);
	}
	out[o] = '\0';
	return out;
}

/* Row i's series and sparkline; false when it has no series row. */
bool
emit_kit_trend_of(const struct report *r, size_t i, struct emit_trend *t)
{
	size_t n, start = emit_kit_series_of(r, i, &n);

	if (n == 0)
		return false;
	t->s = r->series + start;
	t->n = n;
	t->spark = emit_kit_sparkline(r, t->s, n);
	return true;
}

/* Release the sparkline of a trend. */
void
emit_kit_trend_free(struct emit_trend *t)
{
	free(t->spark);
	t->spark = NULL;
}
