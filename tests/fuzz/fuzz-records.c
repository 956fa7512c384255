/* fuzz-records.c - libFuzzer target for documents (document.h): the input's first line is
 * a --records PATH (empty: none), the rest a document. doc_sniff must not crash on any
 * prefix; doc_path_new must either compile the path or give a one-line reason; doc_read
 * must give every record at a line within the document: an element of a top-level array
 * read without a path as its own text, anything else as compact JSON that jansson reads
 * back as the same value, every malformed value with a one-line printable reason, and
 * the document's line count. Each record is then read by record_parse (fast path on and
 * timeless records allowed, as --records and --jq read them). The document parsed once
 * (doc_tree) reads the same (doc-same.h). Any broken invariant aborts,
 * so libFuzzer keeps the input as a crasher. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "line-reader.h"
#include "record.h"
#include "text-check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz-records: invariant failed: %s (%s:%d)\n", \
		    #cond, __FILE__, __LINE__);				\
		abort();						\
	}								\
} while (0)

#include "doc-same.h" /* after FZ_CHECK, which it uses */

/* What one document read saw. */
struct fz_seen {
	uint64_t lines, records, bad, none;
	struct record_parser *p;
	bool path;            /* --records given: texts are jansson's */
	const char *doc;      /* the document, for the texts that point into it */
	size_t doc_len;
};

/* doc_out.rec: valid JSON, written back the same; then parsed as a record. */
static bool
fz_rec(void *ctx, const char *text, size_t len, uint64_t line)
{
	struct fz_seen *s = ctx;
	struct record rec;
	char why[RECORD_WHY_SIZE];
	json_error_t e;
	json_t *v;
	char *again;

	FZ_CHECK(line >= 1 && line <= s->lines);
	FZ_CHECK(len > 0);
	if ((uintptr_t)text >= (uintptr_t)s->doc &&
	    (uintptr_t)text < (uintptr_t)(s->doc + s->doc_len)) {
		/* An element of a top-level array read without a path: its own text, inside
		 * the document, neither starting nor ending with white space. */
		FZ_CHECK(!s->path);
		FZ_CHECK(text + len <= s->doc + s->doc_len);
		FZ_CHECK(text[0] != ' ' && text[0] != '\n' && text[len - 1] != '\n');
	} else {
		/* jansson's compact text: reads back as the same value. */
		FZ_CHECK(strlen(text) == len);
		v = json_loadb(text, len, JSON_DECODE_ANY, &e);
		FZ_CHECK(v != NULL);
		again = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		FZ_CHECK(again != NULL && strcmp(again, text) == 0);
		free(again);
		json_decref(v);
	}
	/* The scan calls a text with a NUL byte malformed before any parsing. */
	if (memchr(text, '\0', len) == NULL && record_parse(s->p, text, len, &rec, why) < 0)
		FZ_CHECK(why[0] != '\0' && fz_one_line(why));
	s->records++;
	return false;
}

/* doc_out.bad: a printable one-line reason at a line of the document. */
static bool
fz_bad(void *ctx, uint64_t line, const char *why)
{
	struct fz_seen *s = ctx;

	FZ_CHECK(line >= 1 && line <= s->lines + 1);
	FZ_CHECK(why[0] != '\0' && fz_one_line(why));
	s->bad++;
	return false;
}

/* doc_out.none. */
static void
fz_none(void *ctx, uint64_t line)
{
	struct fz_seen *s = ctx;

	FZ_CHECK(line >= 1 && line <= s->lines);
	s->none++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data, *nl = memchr(in, '\n', size);
	size_t plen = nl != NULL ? (size_t)(nl - in) : size;
	size_t off = nl != NULL ? plen + 1 : size;
	char *path = malloc(plen + 1), *doc = malloc(size - off + 1), why[256];
	struct doc_path *dp = NULL;
	struct fz_seen seen = {0};
	struct doc_out out = {fz_rec, fz_bad, fz_none, &seen};
	uint64_t lines;

	FZ_CHECK(path != NULL && doc != NULL);
	memcpy(path, in, plen);
	path[plen] = '\0';
	memcpy(doc, in + off, size - off);
	doc[size - off] = '\0';
	/* Sniffing any prefix, as a source cut short would show it. */
	for (size_t k = 0; k <= size - off; k += 1 + (size - off) / 8)
		(void)doc_sniff(doc, k, k == size - off);
	if (plen > 0 && strlen(path) == plen) {
		why[0] = '\0';
		dp = doc_path_new(path, why, sizeof(why));
		if (dp == NULL) {
			FZ_CHECK(why[0] != '\0' && fz_one_line(why));
			free(path);
			free(doc);
			return 0;
		}
	}
	seen.lines = lr_count_lf(doc, size - off) + (size > off && doc[size - off - 1] != '\n');
	seen.p = record_parser_new();
	seen.path = dp != NULL;
	seen.doc = doc;
	seen.doc_len = size - off;
	record_parser_set_timeless(seen.p, true);
	lines = doc_read(doc, size - off, dp, NULL, &out);
	FZ_CHECK(lines == seen.lines);
	fz_doc_same(doc, size - off, dp, NULL); /* parsed once, read the same */
	FZ_CHECK(seen.bad <= 1); /* the document stops at its first bad value */
	record_parser_free(seen.p);
	doc_path_free(dp);
	free(path);
	free(doc);
	return 0;
}
