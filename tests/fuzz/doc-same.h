/* doc-same.h - for the document fuzz targets (fuzz-records, fuzz-jq): a document parsed
 * once (doc_tree, document.h) must read as doc_read reads it. What one read sends
 * (records with their lines, bad values with their reasons, values without a record, in
 * order) is kept as one log, and the logs compared. The including file defines FZ_CHECK. */
#ifndef PR_FUZZ_DOC_SAME_H
#define PR_FUZZ_DOC_SAME_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"

/* What one read sent, as text. */
struct fz_log {
	char *buf;
	size_t len, cap;
	size_t recs; /* the records among them */
};

/* One entry: kind, line, then len bytes of text. */
static void
fz_log_add(struct fz_log *l, char kind, uint64_t line, const char *text, size_t len)
{
	char head[48];
	int h = snprintf(head, sizeof(head), "%c %" PRIu64 " %zu:", kind, line, len);

	while (l->len + (size_t)h + len + 1 > l->cap) {
		l->cap = l->cap == 0 ? 256 : 2 * l->cap;
		l->buf = realloc(l->buf, l->cap);
		FZ_CHECK(l->buf != NULL);
	}
	memcpy(l->buf + l->len, head, (size_t)h);
	l->len += (size_t)h;
	memcpy(l->buf + l->len, text, len);
	l->len += len;
	l->buf[l->len++] = '\n';
}

/* doc_out.rec into the log. */
static bool
fz_log_rec(void *ctx, const char *text, size_t len, uint64_t line)
{
	struct fz_log *l = ctx;

	fz_log_add(l, 'R', line, text, len);
	l->recs++;
	return false;
}

/* doc_out.bad into the log. */
static bool
fz_log_bad(void *ctx, uint64_t line, const char *why)
{
	fz_log_add(ctx, 'B', line, why, strlen(why));
	return false;
}

/* doc_out.none into the log. */
static void
fz_log_none(void *ctx, uint64_t line)
{
	fz_log_add(ctx, 'N', line, "", 0);
}

/* True when a and b hold the same entries. */
static bool
fz_log_eq(const struct fz_log *a, const struct fz_log *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->buf, b->buf, a->len) == 0);
}

/* doc[0, n) read by doc_read with dp and q (each may be NULL), and parsed once by
 * doc_tree_new then read by doc_tree_read when doc_tree_reads says it reads the same: the
 * same entries and lines (and none when it holds no value). Without dp and q, what doc_tree_new sent through its each (a
 * document without top-level arrays) is doc_read's too. */
static void
fz_doc_same(const char *doc, size_t n, const struct doc_path *dp, struct jqf *q)
{
	struct fz_log a = {0}, b = {0}, c = {0};
	struct doc_out oa = {fz_log_rec, fz_log_bad, fz_log_none, &a};
	struct doc_out ob = {fz_log_rec, fz_log_bad, fz_log_none, &b};
	struct doc_out oc = {fz_log_rec, fz_log_bad, fz_log_none, &c};
	bool plain = dp == NULL && q == NULL;
	uint64_t lines = doc_read(doc, n, dp, q, &oa);
	struct doc_tree *t = doc_tree_new(doc, n, plain ? &oc : NULL);

	FZ_CHECK(t != NULL); /* each never asks to stop here */
	if (doc_tree_reads(t, dp, q != NULL)) {
		FZ_CHECK(doc_tree_read(t, dp, q, &ob) == lines);
		FZ_CHECK(fz_log_eq(&a, &b));
		/* No value parsed: no record (detection tries no format on such a tree). */
		FZ_CHECK(doc_tree_count(t) > 0 || a.recs == 0);
	}
	if (plain && doc_tree_reads(t, NULL, false))
		FZ_CHECK(fz_log_eq(&a, &c));
	doc_tree_free(t);
	free(a.buf);
	free(b.buf);
	free(c.buf);
}

#endif
