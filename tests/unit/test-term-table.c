/* test-term-table.c - the terminal tables and paragraphs (term-table.c): widths in display
 * cells, right-aligned numbers, the drop order, shortening with "…" (never a number), the
 * block fallback, word wrapping, escaping. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "term-table.h"
#include "utf8.h"

/* A small table: Name (text), Count (number, dropped second), Avg (number, kept), Min
 * (number, dropped first). */
static void
make(struct tt_table *t, const char *long_name)
{
	tt_init(t, 2);
	tt_col(t, "Name", TT_TEXT, 0);
	tt_col(t, "Count", TT_NUMBER, 2);
	tt_col(t, "Avg", TT_NUMBER, 0);
	tt_col(t, "Min", TT_NUMBER, 1);
	tt_cell(t, "a", NULL);
	tt_cell(t, "5", NULL);
	tt_cell(t, "1234.50", NULL);
	tt_cell(t, "0.10", NULL);
	tt_cell(t, long_name, NULL);
	tt_cell(t, "12", NULL);
	tt_cell(t, "2.00", NULL);
	tt_cell(t, "1.00", NULL);
}

static char *
render(struct tt_table *t, size_t width, bool color)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	cr_assert_not_null(f);
	cr_assert_eq(tt_write(t, f, width, color), 0);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

/* Every line of s is at most width cells. */
static void
assert_fits(const char *s, size_t width)
{
	while (*s != '\0') {
		size_t len = strcspn(s, "\n");

		cr_assert_leq(utf8_cells(s, len), width, "line too wide: %.*s", (int)len, s);
		s += len + (s[len] == '\n');
	}
}

Test(term_table, wide_enough_shows_everything_aligned)
{
	struct tt_table t;
	char *out;

	make(&t, "bb");
	out = render(&t, 80, false);
	cr_assert_str_eq(out,
	    "  Name  Count      Avg   Min\n"
	    "  ----  -----  -------  ----\n"
	    "  a         5  1234.50  0.10\n"
	    "  bb       12     2.00  1.00\n");
	free(out);
	tt_free(&t);
}

Test(term_table, columns_drop_in_order_then_names_shorten)
{
	struct tt_table t;
	char *out;

	make(&t, "bb");
	/* 2 + 4 + 2 + 5 + 2 + 7 + 2 + 4 = 28 cells in full. */
	out = render(&t, 24, false);
	cr_assert(strstr(out, "Min") == NULL, "Min goes first:\n%s", out);
	cr_assert(strstr(out, "Count") != NULL, "Count stays while the rest fits:\n%s", out);
	assert_fits(out, 24);
	free(out);
	out = render(&t, 18, false);
	cr_assert(strstr(out, "Count") == NULL && strstr(out, "Min") == NULL, "%s", out);
	cr_assert(strstr(out, "1234.50") != NULL, "%s", out);
	assert_fits(out, 18);
	free(out);
	tt_free(&t);

	/* A long name is first cut to 30 % of the width (9 of 30 cells), then Min goes, and
	 * the name gets back the room left over (12 cells). */
	make(&t, "a_rather_long_operation_name");
	out = render(&t, 30, false);
	cr_assert(strstr(out, "  a_rather_lo\xe2\x80\xa6  ") != NULL, "shortened:\n%s", out);
	cr_assert(strstr(out, "Count") != NULL && strstr(out, "Min") == NULL, "%s", out);
	cr_assert(strstr(out, "1234.50") != NULL, "numbers are never cut:\n%s", out);
	assert_fits(out, 30);
	free(out);
	/* Narrower still: both columns go, and the name fills what is left (10 cells). */
	out = render(&t, 21, false);
	cr_assert(strstr(out, "  a_rather_\xe2\x80\xa6  ") != NULL, "%s", out);
	free(out);
	/* At 17 cells the name is down to 6. */
	out = render(&t, 17, false);
	cr_assert(strstr(out, "  a_rat\xe2\x80\xa6  ") != NULL, "%s", out);
	assert_fits(out, 21);
	free(out);
	tt_free(&t);
}

Test(term_table, words_columns_are_never_shortened)
{
	struct tt_table t;
	char *out;

	tt_init(&t, 0);
	tt_col(&t, "Name", TT_TEXT, 0);
	tt_col(&t, "Flags", TT_WORDS, 0);
	tt_cell(&t, "operation_name", NULL);
	tt_cell(&t, "slower, errors", NULL);
	out = render(&t, 24, false);
	cr_assert(strstr(out, "slower, errors") != NULL, "%s", out);
	cr_assert(strstr(out, "operati\xe2\x80\xa6  slower") != NULL, "%s", out);
	assert_fits(out, 24);
	free(out);
	tt_free(&t);
}

Test(term_table, too_narrow_for_any_table_writes_blocks)
{
	struct tt_table t;
	char *out;

	make(&t, "x");
	tt_col(&t, "Flags", TT_TEXT, 0); /* no row has this cell: it stays empty */
	out = render(&t, 10, false);
	cr_assert(strstr(out, "  a\n") != NULL, "%s", out);
	/* 10 cells hold no "Heading  value" line: each value goes under its heading. */
	cr_assert(strstr(out, "\n    Avg\n   1234.50\n") != NULL, "%s", out);
	assert_fits(out, 10);
	free(out);
	out = render(&t, 18, false); /* 4 + "Flags" + 2 + "1234.50": one line */
	cr_assert(strstr(out, "\n    Avg    1234.50\n") != NULL, "%s", out);
	assert_fits(out, 18);
	free(out);
	tt_free(&t);
}

Test(term_table, wide_characters_count_two_cells)
{
	struct tt_table t;
	char *out;

	tt_init(&t, 0);
	tt_col(&t, "Op", TT_TEXT, 0);
	tt_col(&t, "N", TT_NUMBER, 0);
	tt_cell(&t, "\xe6\x97\xa5\xe6\x9c\xac", NULL); /* 日本: 4 cells */
	tt_cell(&t, "1", NULL);
	tt_cell(&t, "ab", NULL);
	tt_cell(&t, "22", NULL);
	out = render(&t, 80, false);
	cr_assert_str_eq(out,
	    "Op     N\n"
	    "----  --\n"
	    "\xe6\x97\xa5\xe6\x9c\xac   1\n"
	    "ab    22\n");
	free(out);
	tt_free(&t);
}

Test(term_table, cells_are_escaped_and_coloured_only_when_asked)
{
	struct tt_table t;
	char *out;

	tt_init(&t, 0);
	tt_col(&t, "Op", TT_TEXT, 0);
	tt_cell(&t, "a\x1b[2Jb", "\033[31m");
	out = render(&t, 80, false);
	cr_assert(strchr(out, '\x1b') == NULL, "%s", out);
	cr_assert(strstr(out, "a\\x1B[2Jb") != NULL, "%s", out);
	free(out);
	out = render(&t, 80, true);
	cr_assert(strstr(out, "\033[31ma\\x1B[2Jb\033[0m") != NULL, "%s", out);
	free(out);
	tt_free(&t);
}

Test(term_table, tail_columns_keep_the_end)
{
	struct tt_table t;
	char *out;

	tt_init(&t, 0);
	tt_col(&t, "Spark", TT_TAIL, 0);
	tt_cell(&t, "0123456789abcdef", NULL);
	out = render(&t, 8, false);
	cr_assert(strstr(out, "\xe2\x80\xa6" "9abcdef\n") != NULL, "%s", out);
	free(out);
	tt_free(&t);
}

Test(term_table, paragraphs_wrap_at_spaces_with_a_hanging_indent)
{
	struct tt_seg seg[2] = {{"name", NULL}, {" one two three four five", NULL}};
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	tt_para(f, seg, 2, 16, 2, 4, false);
	fclose(f);
	cr_assert_str_eq(buf, "  name one two\n    three four\n    five\n");
	free(buf);
}

Test(term_table, a_word_longer_than_the_line_is_broken)
{
	struct tt_seg seg = {"abcdefghijklmnop", NULL};
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	tt_para(f, &seg, 1, 8, 0, 2, false);
	fclose(f);
	cr_assert_str_eq(buf, "abcdefgh\n  ijklmn\n  op\n");
	free(buf);
}

Test(term_table, a_word_that_fits_no_line_starts_after_the_bullet)
{
	/* 20 cells, the rest at 4: the 30-cell word fits on no line, so it begins beside its
	 * "-" rather than leaving the bullet alone; a word that fits a line still moves. */
	struct tt_seg seg[3] = {{"- ", NULL}, {"abcdefghijklmnopqrstuvwxyz0123", NULL},
		{" then a wordthatfitsline", NULL}};
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	tt_para(f, seg, 3, 20, 2, 4, false);
	fclose(f);
	cr_assert_str_eq(buf, "  - abcdefghijklmnop\n    qrstuvwxyz0123\n    then a\n"
	    "    wordthatfitsline\n");
	free(buf);
}

Test(term_table, a_long_word_near_the_end_of_a_line_moves)
{
	/* Fewer than 6 cells left: the long word goes to the next line after all. */
	struct tt_seg seg = {"abcdefghijklmn abcdefghijklmnopqrstuvwxyz", NULL};
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	tt_para(f, &seg, 1, 20, 0, 2, false);
	fclose(f);
	cr_assert_str_eq(buf, "abcdefghijklmn\n  abcdefghijklmnopqr\n  stuvwxyz\n");
	free(buf);
}
