/* test-group.c - the --by group key (group.h): values from both parsers, the encoding
 * (no two tuples alike, whatever bytes the values hold; bytewise order = tuple order),
 * decoding, the "(other)" part and the display. */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "fieldmap.h"
#include "group.h"
#include "record.h"

static char k_op[] = "operation_type", k_sess[] = "session_id", k_err[] = "error",
    k_ok[] = "success", k_model[] = "context.model";

/* The key of line under keys, through a parser fast or not, into b. */
static void
key_of(const char *line, bool fast, struct group_buf *b)
{
	char *keys[] = {k_op, k_sess, k_err, k_ok, k_model};
	struct fieldmap *fm = fm_new();
	struct record_parser *p = record_parser_new();
	struct record r;
	char why[RECORD_WHY_SIZE];

	cr_assert_eq(fm_set_extra(fm, k_model, why, sizeof(why)), 0);
	cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0);
	record_parser_set_fast(p, fast);
	record_parser_set_fields(p, fm);
	cr_assert_eq(record_parse(p, line, strlen(line), &r, why), 0, "%s", why);
	group_key(b, keys, 5, &r, p);
	record_parser_free(p);
	fm_free(fm);
}

static void
expect_values(const char *line, const char *const want[5])
{
	for (int fast = 0; fast < 2; fast++) {
		struct group_buf b = {0};
		char *v[5] = {0};

		key_of(line, fast, &b);
		cr_assert_eq(group_decode(b.s, b.n, v, 5), 5);
		for (int i = 0; i < 5; i++) {
			cr_expect_str_eq(v[i], want[i], "part %d of %s (fast %d)", i, line, fast);
			free(v[i]);
		}
		group_buf_free(&b);
	}
}

#define REC "{\"timestamp\":\"2026-10-01T00:00:00Z\",\"operation_type\":\"llm_call\"," \
	"\"duration_ms\":5"

Test(group, values_of_every_kind)
{
	expect_values(REC ",\"session_id\":\"s1\",\"context\":{\"model\":\"gpt-4\"}}",
	    (const char *const[]){"llm_call", "s1", "(none)", "true", "gpt-4"});
	expect_values(REC ",\"error\":\"boom\",\"context\":{\"model\":42}}",
	    (const char *const[]){"llm_call", "(none)", "boom", "false", "42"});
	expect_values(REC ",\"success\":true,\"error\":null,\"context\":{\"model\":1.5}}",
	    (const char *const[]){"llm_call", "(none)", "(none)", "true", "1.5"});
	expect_values(REC ",\"context\":{\"model\":false}}",
	    (const char *const[]){"llm_call", "(none)", "(none)", "true", "false"});
	expect_values(REC ",\"context\":{\"model\":null}}",
	    (const char *const[]){"llm_call", "(none)", "(none)", "true", "(none)"});
	expect_values(REC ",\"context\":{\"model\":{\"a\":1}}}",
	    (const char *const[]){"llm_call", "(none)", "(none)", "true", "(none)"});
	expect_values(REC ",\"context\":{\"model\":[1]}}",
	    (const char *const[]){"llm_call", "(none)", "(none)", "true", "(none)"});
	expect_values(REC ",\"context\":\"text\"}",
	    (const char *const[]){"llm_call", "(none)", "(none)", "true", "(none)"});
	expect_values(REC ",\"context\":{\"model\":\"m\\u00e8\\u0001\\\"x\\\\ / y\"}}",
	    (const char *const[]){"llm_call", "(none)", "(none)", "true",
	    "m\xc3\xa8\x01\"x\\ / y"});
	expect_values(REC ",\"context\":{\"model\":\"\"}}",
	    (const char *const[]){"llm_call", "(none)", "(none)", "true", ""});
}

/* The encoding of the tuple v[0..n) (NULL: absent). */
static void
enc(struct group_buf *b, const char *const *v, const size_t *len, size_t n)
{
	b->n = 0;
	for (size_t i = 0; i < n; i++)
		group_put(b, v[i], v[i] != NULL ? len[i] : 0);
}

Test(group, no_collisions_and_tuple_order)
{
	/* Tuples whose joined bytes agree under any one separator, and absent vs "(none)"
	 * vs "" and the escape byte itself. */
	static const char *const t[][2] = {
		{"a", "b|c"}, {"a|b", "c"}, {"a\x01", "b"}, {"a", "\x01" "b"}, {"a\x01\x01", ""},
		{"a", "\x01\x01"}, {"", "a"}, {"a", ""}, {"(none)", "a"}, {NULL, "a"}, {"a", NULL},
		{"a\x02", "b"}, {"a", "\x02" "b"}, {"a\x03", "b"}, {"a", "\x03"},
	};
	size_t n = sizeof(t) / sizeof(t[0]);
	struct group_buf b[sizeof(t) / sizeof(t[0])];

	memset(b, 0, sizeof(b));
	for (size_t i = 0; i < n; i++) {
		size_t len[2] = {t[i][0] ? strlen(t[i][0]) : 0, t[i][1] ? strlen(t[i][1]) : 0};
		char *v[2] = {0};

		enc(&b[i], t[i], len, 2);
		cr_assert_eq(group_decode(b[i].s, b[i].n, v, 2), 2);
		for (int k = 0; k < 2; k++) {
			cr_expect_str_eq(v[k], t[i][k] ? t[i][k] : GROUP_NONE);
			free(v[k]);
		}
		{
			struct group_buf first = {0};

			enc(&first, t[i], len, 1);
			cr_expect_eq(memcmp(b[i].s, first.s, first.n), 0);
			group_buf_free(&first);
		}
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			int c = strcmp(b[i].s, b[j].s), want;

			if (i == j)
				continue;
			cr_expect_neq(c, 0, "tuples %zu and %zu share an encoding", i, j);
			/* Tuple order: absent first, then part by part bytewise. */
			want = 0;
			for (int k = 0; k < 2 && want == 0; k++) {
				const char *x = t[i][k], *y = t[j][k];

				if (x == NULL || y == NULL)
					want = (x != NULL) - (y != NULL);
				else
					want = strcmp(x, y);
			}
			cr_expect_eq(c < 0, want < 0, "order of tuples %zu and %zu", i, j);
		}
	for (size_t i = 0; i < n; i++)
		group_buf_free(&b[i]);
}

Test(group, other_part_prefix_and_display)
{
	struct group_buf b = {0}, first = {0};
	char *v[3] = {0}, *d;

	group_put(&b, "llm_call", 8);
	group_put_other(&b);
	group_put(&b, "(other)", 7);
	cr_assert_eq(group_decode(b.s, b.n, v, 3), 3);
	cr_expect_str_eq(v[0], "llm_call");
	cr_expect_str_eq(v[1], GROUP_OTHER);
	cr_expect_str_eq(v[2], "(other)");
	d = group_display(v, 3);
	cr_expect_str_eq(d, "llm_call / (other) / (other)");
	free(d);
	for (int i = 0; i < 3; i++)
		free(v[i]);
	/* The encoding of the first parts is a prefix of the whole. */
	group_put(&first, "llm_call", 8);
	cr_expect_eq(memcmp(b.s, first.s, first.n), 0);
	group_put_other(&first);
	cr_expect_lt(first.n, b.n);
	cr_expect_eq(memcmp(b.s, first.s, first.n), 0);
	group_buf_free(&first);
	/* Not an encoding: refused, not misread. */
	cr_expect_eq(group_decode("x", 1, v, 3), (size_t)-1);
	cr_expect_eq(group_decode("\x02" "ab", 3, v, 3), (size_t)-1);
	cr_expect_eq(group_decode("\x02" "a\x01\x05", 4, v, 3), (size_t)-1);
	group_buf_free(&b);
}
