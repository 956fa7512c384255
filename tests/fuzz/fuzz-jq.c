/* fuzz-jq.c - libFuzzer target for --jq (jq-filter.h) on documents (document.h): the
 * input's first byte picks one of the filters below (the four document formats' programs
 * among them, and some that fail at run time), the rest is a document. Every result must
 * be one JSON value that jansson reads (jq's printing), at a line within the document;
 * every failure a one-line reason starting "jq: error: " or "not valid JSON: "; each result
 * is then read by record_parse with timeless records allowed, as --jq reads them. The
 * document parsed once (doc_tree) must read the same (doc-same.h). The
 * language itself (arbitrary filters) is libjq's and is not fuzzed here: a filter may loop
 * for ever by design. Any broken invariant aborts, so libFuzzer keeps the input. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "jq-filter.h"
#include "line-reader.h"
#include "record.h"
#include "text-check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz-jq: invariant failed: %s (%s:%d)\n", \
		    #cond, __FILE__, __LINE__);				\
		abort();						\
	}								\
} while (0)

#include "doc-same.h" /* after FZ_CHECK, which it uses */

/* The filters: the formats' programs (formats/NAME.json, kept in step by hand: the
 * formats test checks them against the files), and plainer ones. */
static const char *const fz_filters[] = {
	".",
	".[]?",
	".results[] | .command as $c | .times[] | {timestamp: null, operation_type: $c, "
	    "duration_ms: (. * 1000), success: true}",
	"(.traceEvents? // .) | arrays | .[] | objects | select(.ph == \"X\") | "
	    "{timestamp: null, operation_type: .name, duration_ms: (.dur / 1000)}",
	".resourceSpans[]? | .scopeSpans[]? | .spans[]? | {timestamp: .startTimeUnixNano, "
	    "operation_type: .name, duration_ms: 1, success: (.status.code != 2)}",
	".benchmarks[]? | .fullname as $n | .stats.data[]? | {timestamp: null, "
	    "operation_type: $n, duration_ms: (. * 1000)}",
	"error(\"boom\")",
	".a.b.c | tostring",
	"paths",
	"to_entries[]? | {timestamp: null, operation_type: .key, duration_ms: .value}",
	"tojson",
	"[.[]?] | length",
};

/* What one run saw. */
struct fz_seen {
	uint64_t lines;
	struct record_parser *p;
};

static bool
fz_rec(void *ctx, const char *text, size_t len, uint64_t line)
{
	struct fz_seen *s = ctx;
	struct record rec;
	char why[RECORD_WHY_SIZE];
	json_error_t e;
	json_t *v;

	FZ_CHECK(line >= 1 && line <= s->lines);
	FZ_CHECK(strlen(text) == len);
	v = json_loadb(text, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
	/* jq prints 1.8e30 as the integer it is, past what jansson's integers hold (the
	 * record parser reads such a literal as a real). */
	FZ_CHECK(v != NULL || json_error_code(&e) == json_error_numeric_overflow);
	json_decref(v);
	if (record_parse(s->p, text, len, &rec, why) < 0)
		FZ_CHECK(why[0] != '\0' && fz_one_line(why));
	else if (!rec.timeless)
		FZ_CHECK(rec.ts_us != INT64_MIN);
	return false;
}

static bool
fz_bad(void *ctx, uint64_t line, const char *why)
{
	struct fz_seen *s = ctx;

	FZ_CHECK(line >= 1 && line <= s->lines + 1);
	FZ_CHECK(strncmp(why, "jq: error: ", 11) == 0 || strncmp(why, "not valid JSON: ", 16) == 0);
	FZ_CHECK(fz_one_line(why));
	return false;
}

static void
fz_none(void *ctx, uint64_t line)
{
	struct fz_seen *s = ctx;

	FZ_CHECK(line >= 1 && line <= s->lines);
}

/* The compiled filters, made once each, freed at exit (so that LeakSanitizer's check at
 * the end sees no jq state left). */
static struct jqf *fz_q[sizeof(fz_filters) / sizeof(fz_filters[0])];

static void
fz_free_filters(void)
{
	for (size_t k = 0; k < sizeof(fz_q) / sizeof(fz_q[0]); k++)
		jqf_free(fz_q[k]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool registered;
	struct jqf **q = fz_q;
	size_t n = sizeof(fz_filters) / sizeof(fz_filters[0]), k;
	struct fz_seen seen = {0};
	struct doc_out out = {fz_rec, fz_bad, fz_none, &seen};
	char *err = NULL;

	if (size == 0)
		return 0;
	if (!registered)
		registered = atexit(fz_free_filters) == 0;
	k = data[0] % n;
	if (q[k] == NULL) {
		q[k] = jqf_new(fz_filters[k], &err);
		FZ_CHECK(q[k] != NULL);
	}
	seen.lines = lr_count_lf((const char *)data + 1, size - 1) +
	    (size > 1 && data[size - 1] != '\n');
	seen.p = record_parser_new();
	record_parser_set_timeless(seen.p, true);
	FZ_CHECK(doc_read((const char *)data + 1, size - 1, NULL, q[k], &out) == seen.lines);
	fz_doc_same((const char *)data + 1, size - 1, NULL, q[k]); /* parsed once: the same */
	record_parser_free(seen.p);
	return 0;
}
