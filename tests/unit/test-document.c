/* test-document.c - documents (document.h): what doc_sniff takes for a document and what
 * it leaves to JSON Lines; --records paths compiled or refused with a reason; doc_read's
 * records, their lines, the values with no record, a bad value stopping the document, an
 * open top-level array, and --jq through jq-filter.h. */
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
