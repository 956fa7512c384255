/* emit.c - the table of report emitters: format -> write function. */
#include "emit.h"

#include <stdlib.h>
#include <string.h>

#include "emit-csv.h"
#include "emit-html.h"
#include "emit-json.h"
#include "emit-md.h"
#include "emit-term.h"
#include "xalloc.h"

static const struct emitter emitters[] = {
	{FMT_MD, emit_md},
	{FMT_CSV, emit_csv},
	{FMT_JSON, emit_json},
	{FMT_TERM, emit_term},
	{FMT_HTML, emit_html},
};

/* The emitter for a report format, or NULL (jsonl is an export format only). */
const struct emitter *
emit_find(enum format f)
{
	for (size_t i = 0; i < ARRAY_SIZE(emitters); i++)
		if (emitters[i].format == f)
			return &emitters[i];
	return NULL;
}

int
emit_compare(const struct comparison *c, enum format f, const struct emit_opts *eo,
    FILE *out)
{
	switch (f) {
	case FMT_MD:
		return emit_md_compare(c, eo, out);
	case FMT_CSV:
		return emit_csv_compare(c, eo, out);
	case FMT_JSON:
		return emit_json_compare(c, eo, out);
	case FMT_TERM:
		return emit_term_compare(c, eo, out);
	case FMT_JSONL:
	case FMT_HTML:
		break;
	}
	return -1;
}

size_t
emit_series_of(const struct report *r, size_t i, size_t *n)
{
	size_t lo = 0, hi = r->n_series, start;

	/* The series is in row order (report.h): the first of row i by bisection, so that
	 * walking every row stays O(rows log series). */
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
emit_spark_level(double v, double lo, double hi)
{
	double x;

	if (!(hi > lo))
		return 0;
	x = (v - lo) / (hi - lo) * 7.0 + 0.5;
	return x >= 7.0 ? 7 : x <= 0.0 ? 0 : (long)x;
}

char *
emit_sparkline(const struct report *r, const struct series_row *s, size_t n)
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
			c = blocks[emit_spark_level(s[i].p95_ms, lo, hi)];
		else if (j < n && s[j].bucket_start == r->buckets[i])
			c = blocks[emit_spark_level(s[j++].p95_ms, lo, hi)];
		else
			c = EMIT_SPARK_GAP;
		memcpy(out + o, c, strlen(c));
		o += strlen(c);
	}
	out[o] = '\0';
	return out;
}

bool
emit_trend_of(const struct report *r, size_t i, struct emit_trend *t)
{
	size_t n, start = emit_series_of(r, i, &n);

	if (n == 0)
		return false;
	t->s = r->series + start;
	t->n = n;
	t->spark = emit_sparkline(r, t->s, n);
	return true;
}

void
emit_trend_free(struct emit_trend *t)
{
	free(t->spark);
	t->spark = NULL;
}
