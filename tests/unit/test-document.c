/* test-document.c - documents (document.h): what doc_sniff takes for a document and what
 * it leaves to JSON Lines; --records paths compiled or refused with a reason; doc_read's
 * records, their lines, the values with no record, a bad value stopping the document, an
 * open top-level array, and --jq through jq-filter.h; a document parsed once (doc_tree)
 * reads as doc_read does. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "jq-filter.h"

/* What one doc_read gave. */
struct got {
	char text[16][128];
	uint64_t line[16];
	size_t n, none, bad;
	uint64_t bad_line;
	char why[256];
};

static bool
got_rec(void *ctx, const char *text, size_t len, uint64_t line)
{
	struct got *g = ctx;

	cr_assert_lt(g->n, 16);
	cr_assert_lt(len, sizeof(g->text[0]));
	memcpy(g->text[g->n], text, len);
	g->text[g->n][len] = '\0';
	g->line[g->n++] = line;
	return false;
}

static bool
got_bad(void *ctx, uint64_t line, const char *why)
{
	struct got *g = ctx;

	g->bad++;
	g->bad_line = line;
	snprintf(g->why, sizeof(g->why), "%s", why);
	return false;
}

static void
got_none(void *ctx, uint64_t line)
{
	struct got *g = ctx;

	(void)line;
	g->none++;
}

/* doc_read of s with path (or NULL) and filter (or NULL) into *g; returns the lines. */
static uint64_t
read_doc(const char *s, const char *path, const char *filter, struct got *g)
{
	struct doc_out out = {got_rec, got_bad, got_none, g};
	struct doc_path *dp = NULL;
	struct jqf *q = NULL;
	char why[256], *err = NULL;
	uint64_t n;

	memset(g, 0, sizeof(*g));
	if (path != NULL)
		cr_assert_not_null(dp = doc_path_new(path, why, sizeof(why)), "%s", why);
	if (filter != NULL)
		cr_assert_not_null(q = jqf_new(filter, &err), "%s", err);
	n = doc_read(s, strlen(s), dp, q, &out);
	doc_path_free(dp);
	jqf_free(q);
	return n;
}

#define SNIFF(s) doc_sniff((s), strlen(s), true)

Test(document, sniff)
{
	cr_assert(SNIFF("[{\"a\":1}]"));
	cr_assert(SNIFF("  \n[\n"));
	cr_assert(SNIFF("{\n \"a\": 1\n}\n"));
	cr_assert(SNIFF("{\"a\":1}{\"b\":2}\n"));
	cr_assert(SNIFF("{\"a\":1} [2]\n"));
	/* JSON Lines, valid or not, and what is not JSON at all. */
	cr_assert_not(SNIFF("{\"a\":1}\n{\"b\":2}\n"));
	cr_assert_not(SNIFF("{\"a\":1,\n{\"b\":2}\n"));
	cr_assert_not(SNIFF("{\"a\":1} x\n"));
	cr_assert_not(SNIFF("hello\n"));
	cr_assert_not(SNIFF(""));
	/* Cut off inside a pretty value: a document, when more was to come. */
	cr_assert(doc_sniff("{\n \"a\": [1,", 11, false));
	cr_assert_not(doc_sniff("{\n \"a\": [1,", 11, true));
}

Test(document, paths)
{
	char why[256];
	struct doc_path *dp;
	static const char *const bad[] = {"", "a..b", "a.", "a[x]", "[]x", "a[]b", ".a"};

	cr_assert_not_null(dp = doc_path_new("results[].times[]", why, sizeof(why)));
	doc_path_free(dp);
	cr_assert_not_null(dp = doc_path_new("[].x.0", why, sizeof(why)));
	doc_path_free(dp);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		cr_assert_null(doc_path_new(bad[i], why, sizeof(why)), "'%s'", bad[i]);
		cr_assert_neq(why[0], '\0');
	}
}

Test(document, array_and_stream)
{
	struct got g;

	cr_assert_eq(read_doc("[\n {\"a\": 1},\n {\"a\": 2.5}\n]", NULL, NULL, &g), 4);
	cr_assert_eq(g.n, 2);
	cr_assert_str_eq(g.text[1], "{\"a\": 2.5}"); /* its own text */
	cr_assert_eq(g.line[0], 2);
	cr_assert_eq(g.line[1], 3);
	/* No closing ], a last comma: a trace cut short. */
	read_doc("[{\"a\": 1},\n{\"a\": 2},\n", NULL, NULL, &g);
	cr_assert_eq(g.n, 2);
	cr_assert_eq(g.bad, 0);
	/* Pretty and concatenated values. */
	cr_assert_eq(read_doc("{\n\"a\": 1\n}{\"a\": 2}\n\n{\"a\":\n3}\n", NULL, NULL, &g), 6);
	cr_assert_eq(g.n, 3);
	cr_assert_eq(g.line[2], 5);
}

Test(document, bad_value_stops)
{
	struct got g;

	/* An element that is not JSON goes to the record parser as it is (to be malformed
	 * there), and the elements after it are read. */
	read_doc("[{\"a\": 1},\n{\"a\": oops},\n \"s,]\\\"\" , 7\n]", NULL, NULL, &g);
	cr_assert_eq(g.n, 4);
	cr_assert_str_eq(g.text[1], "{\"a\": oops}");
	cr_assert_str_eq(g.text[2], "\"s,]\\\"\"");
	cr_assert_str_eq(g.text[3], "7");
	cr_assert_eq(g.line[3], 3);
	cr_assert_eq(g.bad, 0);
	/* One cut off inside a string or bracket: not JSON, and the end of the document. */
	read_doc("[{\"a\": 1},\n{\"a\": [1,\n", NULL, NULL, &g);
	cr_assert_eq(g.n, 1);
	cr_assert_eq(g.bad, 1);
	cr_assert_eq(g.bad_line, 3);
	cr_assert(strncmp(g.why, "not valid JSON: ", 16) == 0, "%s", g.why);
	read_doc("[1, }]", NULL, NULL, &g);
	cr_assert_eq(g.n, 1);
	cr_assert_eq(g.bad, 1);
	read_doc("[1,\nx\"}\n", NULL, NULL, &g);
	cr_assert_eq(g.n, 1);
	cr_assert_eq(g.bad, 1);
	/* Under a path, a value that is not JSON stops the document. */
	read_doc("[{\"a\": 1},\n{\"a\": oops},\n{\"a\": 3}]", "[].a", NULL, &g);
	cr_assert_eq(g.n, 1);
	cr_assert_eq(g.bad, 1);
	cr_assert_eq(g.bad_line, 2);
	/* An integer past 64 bits reads as a real. */
	read_doc("[{\"id\": 18446744073709551616, \"a\": 1}]", NULL, NULL, &g);
	cr_assert_eq(g.n, 1);
	cr_assert_eq(g.bad, 0);
}

Test(document, records_path)
{
	struct got g;

	read_doc("{\"results\": [{\"times\": [1, 2]}, {\"times\": []}, {\"x\": 1}]}\n"
	    "{\"results\": []}\n", "results[].times[]", NULL, &g);
	cr_assert_eq(g.n, 2);
	cr_assert_str_eq(g.text[1], "2");
	cr_assert_eq(g.none, 1); /* the second value */
	read_doc("[{\"x\": [{\"y\": 1}]}, {\"x\": 5}]", "[].x.0", NULL, &g);
	cr_assert_eq(g.n, 1);
	cr_assert_str_eq(g.text[0], "{\"y\":1}");
	cr_assert_eq(g.none, 1);
}

Test(document, jq)
{
	struct got g;
	char *err = NULL;

	read_doc("{\"r\": [{\"c\": \"a\", \"t\": [0.1, 0.2]}]}",
	    NULL, ".r[] | .c as $c | .t[] | {operation_type: $c, duration_ms: .}", &g);
	cr_assert_eq(g.n, 2);
	cr_assert_str_eq(g.text[0], "{\"operation_type\":\"a\",\"duration_ms\":0.1}");
	read_doc("[1, 2]", NULL, "empty", &g);
	cr_assert_eq(g.n, 0);
	cr_assert_eq(g.none, 1); /* the array is one value under --jq */
	read_doc("{}\n{}", NULL, "error(\"no\\u0001\")", &g);
	cr_assert_eq(g.bad, 2);
	cr_assert_eq(g.bad_line, 2);
	cr_assert_str_eq(g.why, "jq: error: no\\x01");
	cr_assert_null(jqf_new(".[", &err));
	cr_assert(strstr(err, "syntax error") != NULL, "%s", err);
	free(err);
}

/* doc_read of s with dp and q (each may be NULL) into *g; returns the lines. */
static uint64_t
read_doc_q(const char *s, const struct doc_path *dp, struct jqf *q, struct got *g)
{
	struct doc_out out = {got_rec, got_bad, got_none, g};

	memset(g, 0, sizeof(*g));
	return doc_read(s, strlen(s), dp, q, &out);
}

/* doc_tree_read of s (parsed once by doc_tree_new) with dp and q into *g, as read_doc_q;
 * false (nothing read) when doc_tree_reads says the tree does not read that way. */
static bool
read_tree(const char *s, const struct doc_path *dp, struct jqf *q, struct got *g,
    uint64_t *lines)
{
	struct doc_out out = {got_rec, got_bad, got_none, g};
	struct doc_tree *t = doc_tree_new(s, strlen(s), NULL);
	bool reads;

	memset(g, 0, sizeof(*g));
	cr_assert_not_null(t);
	reads = doc_tree_reads(t, dp, q != NULL);
	if (reads)
		*lines = doc_tree_read(t, dp, q, &out);
	doc_tree_free(t);
	return reads;
}

/* g and h hold the same records, lines, values without a record and reasons. */
static void
same_got(const struct got *g, const struct got *h, const char *what)
{
	cr_assert_eq(g->n, h->n, "%s: %zu records, %zu", what, g->n, h->n);
	for (size_t i = 0; i < g->n; i++) {
		cr_assert_str_eq(g->text[i], h->text[i], "%s: record %zu", what, i);
		cr_assert_eq(g->line[i], h->line[i], "%s: line of record %zu", what, i);
	}
	cr_assert_eq(g->none, h->none, "%s: none", what);
	cr_assert_eq(g->bad, h->bad, "%s: bad", what);
	cr_assert_eq(g->bad_line, h->bad_line, "%s: bad line", what);
	cr_assert_str_eq(g->why, h->why, "%s: why", what);
}

Test(document, tree_reads_as_doc_read)
{
	static const char *docs[] = {
		"{\"a\":[{\"x\":1},{\"x\":2}]}\n{\"a\":[{\"x\":3}]}\n",
		"{\n  \"a\": [\n    {\"x\": 1}\n  ]\n}\n\n{\"b\": 2} {\"a\":[{\"x\":4}]}",
		"[{\"a\":[{\"x\":1}]},\n {\"a\":[{\"x\":2}]},\n {\"b\":3}]\n",
		"[{\"a\":[{\"x\":1}]},\n {\"a\":[{\"x\":2}]},\n",          /* open array */
		"[{\"a\":[{\"x\":1}]},\n {\"a\" 2}]\n",                     /* bad element */
		"{\"a\":[{\"x\":1}]}\n{\"a\":\n oops}\n{\"a\":[{\"x\":9}]}\n", /* bad value */
		"{\"a\":[{\"x\":1}]}\n[{\"a\":[{\"x\":2}]}]\n",               /* then an array */
		"[1, \"s\", null]\n[[{\"x\":1}]]",
		"  \n",
		"nope",
		"{\"a\":[{\"x\":1e400}]}",
	};
	static const char *paths[] = {NULL, "a", "a[]", "[].a", "[]", "[].a[]", "0.a"};
	static const char *filters[] = {NULL, ".", ".a[]?", ".[]? | .a? // empty"};
	struct doc_path *dp[sizeof(paths) / sizeof(paths[0])];
	struct jqf *q[sizeof(filters) / sizeof(filters[0])];
	struct got g, h;
	char what[128], why[256], *err = NULL;

	for (size_t p = 0; p < sizeof(paths) / sizeof(paths[0]); p++)
		dp[p] = paths[p] != NULL ? doc_path_new(paths[p], why, sizeof(why)) : NULL;
	for (size_t f = 0; f < sizeof(filters) / sizeof(filters[0]); f++) {
		q[f] = NULL;
		if (filters[f] != NULL)
			cr_assert_not_null(q[f] = jqf_new(filters[f], &err), "%s", err);
	}
	for (size_t d = 0; d < sizeof(docs) / sizeof(docs[0]); d++)
		for (size_t p = 0; p < sizeof(paths) / sizeof(paths[0]); p++)
			for (size_t f = 0; f < sizeof(filters) / sizeof(filters[0]); f++) {
				uint64_t want = read_doc_q(docs[d], dp[p], q[f], &g), lines = 0;
				/* Element by element, doc_read reads no tree: a top-level array
				 * (documents 2, 3, 4, 6 and 7) read without jq or path, or with a
				 * path that starts with "[]". */
				bool array = d == 2 || d == 3 || d == 4 || d == 6 || d == 7;
				bool whole = !array || (paths[p] == NULL ? filters[f] != NULL :
				    paths[p][0] != '[');

				snprintf(what, sizeof(what), "doc %zu, path %s, filter %s", d,
				    paths[p] != NULL ? paths[p] : "-",
				    filters[f] != NULL ? filters[f] : "-");
				cr_assert_eq(read_tree(docs[d], dp[p], q[f], &h, &lines), whole,
				    "%s: doc_tree_reads", what);
				if (!whole)
					continue;
				cr_assert_eq(lines, want, "%s: lines", what);
				same_got(&g, &h, what);
			}
	for (size_t p = 0; p < sizeof(paths) / sizeof(paths[0]); p++)
		doc_path_free(dp[p]);
	for (size_t f = 0; f < sizeof(filters) / sizeof(filters[0]); f++)
		jqf_free(q[f]);
}

/* doc_out.rec that asks to stop at the second record. */
static bool
got_rec_two(void *ctx, const char *text, size_t len, uint64_t line)
{
	struct got *g = ctx;

	got_rec(ctx, text, len, line);
	return g->n == 2;
}

Test(document, tree_each)
{
	const char *s = "{\"a\":1}\n{\n \"b\": [1, 2]\n}\n{\"c\":\n oops}\n";
	const char *arr = "{\"a\":1}\n[{\"b\":2}]\n{\"c\":3}\n";
	struct got g, h;
	struct doc_out out = {got_rec, got_bad, got_none, &h};
	struct doc_out two = {got_rec_two, got_bad, got_none, &h};
	struct doc_tree *t;

	/* No top-level array: each hears what doc_read without path or jq sends. */
	read_doc(s, NULL, NULL, &g);
	memset(&h, 0, sizeof(h));
	cr_assert_not_null(t = doc_tree_new(s, strlen(s), &out));
	same_got(&g, &h, "each");
	cr_assert_eq(doc_tree_count(t), 2);
	cr_assert(doc_tree_reads(t, NULL, false));
	doc_tree_free(t);
	/* A stop: no tree. */
	memset(&h, 0, sizeof(h));
	cr_assert_null(doc_tree_new(s, strlen(s), &two));
	cr_assert_eq(h.n, 2);
	/* From the first top-level array on, each hears nothing more. */
	memset(&h, 0, sizeof(h));
	cr_assert_not_null(t = doc_tree_new(arr, strlen(arr), &out));
	cr_assert_eq(h.n, 1);
	cr_assert_str_eq(h.text[0], "{\"a\":1}");
	cr_assert_eq(doc_tree_count(t), 3);
	cr_assert_not(doc_tree_reads(t, NULL, false));
	doc_tree_free(t);
}
