/* test-utf8.c - display cells and terminal escaping (utf8.c). Expected widths are those
 * of Unicode's East Asian Width property (W/F: 2) and of combining marks (0), as Python's
 * unicodedata reports them, and as a terminal draws them. */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static size_t
cells(const char *s)
{
	return utf8_cells(s, strlen(s));
}

Test(utf8, ascii_is_one_cell_each)
{
	cr_assert_eq(cells(""), 0);
	cr_assert_eq(cells("llm_call"), 8);
}

Test(utf8, wide_and_emoji_are_two_cells)
{
	cr_assert_eq(cells("\xe6\x97\xa5\xe6\x9c\xac"), 4);     /* 日本 */
	cr_assert_eq(cells("\xea\xb0\x80"), 2);                 /* 가 (Hangul syllable) */
	cr_assert_eq(cells("\xef\xbc\xa1"), 2);                 /* Ａ fullwidth A */
	cr_assert_eq(cells("\xf0\x9f\x9a\x80"), 2);             /* 🚀 */
	cr_assert_eq(cells("\xe2\x9d\x8c"), 2);                 /* ❌ */
	cr_assert_eq(cells("\xe2\x9c\x94"), 1);                 /* ✔ text presentation */
	cr_assert_eq(cells("\xf0\xa0\x80\x80"), 2);             /* U+20000 */
}

Test(utf8, combining_and_zero_width_take_no_cell)
{
	cr_assert_eq(cells("e\xcc\x81"), 1);                     /* e + U+0301 */
	cr_assert_eq(cells("a\xe2\x80\x8b" "b"), 2);             /* zero width space */
	cr_assert_eq(cells("\xe2\x9a\xa0\xef\xb8\x8f"), 1);      /* U+26A0 U+FE0F */
}

Test(utf8, invalid_bytes_count_one)
{
	cr_assert_eq(cells("\xff\xfe"), 2);
	cr_assert_eq(cells("\xe6\x97"), 2); /* truncated sequence: two bad bytes */
}

Test(utf8, fit_never_splits_a_character)
{
	const char *s = "ab\xe6\x97\xa5" "c";

	cr_assert_eq(utf8_fit(s, strlen(s), 2), 2);
	cr_assert_eq(utf8_fit(s, strlen(s), 3), 2, "the wide character needs two cells");
	cr_assert_eq(utf8_fit(s, strlen(s), 4), 5);
	cr_assert_eq(utf8_fit(s, strlen(s), 99), strlen(s));
	/* A combining mark stays with its base. */
	cr_assert_eq(utf8_fit("e\xcc\x81x", 4, 1), 3);
}

static void
expect_escape(const char *in, size_t len, const char *want)
{
	char *got = utf8_escape(in, len);

	cr_assert_str_eq(got, want);
	free(got);
}

Test(utf8, escape_controls_c1_and_bidi)
{
	expect_escape("a\x1b[2Jb", 6, "a\\x1B[2Jb");
	expect_escape("\x1b]0;pwned\x07", 10, "\\x1B]0;pwned\\x07");
	expect_escape("x\ny\tz\r", 6, "x\\ny\\tz\\r");
	expect_escape("\x7f", 1, "\\x7F");
	expect_escape("\xc2\x9b" "31m", 5, "\\u009B31m");        /* one-byte CSI */
	expect_escape("ab\xe2\x80\xae" "cd", 7, "ab\\u202Ecd");   /* right-to-left override */
	expect_escape("\xe2\x81\xa6", 3, "\\u2066");              /* isolate */
	expect_escape("\xff", 1, "\\xFF");
	expect_escape("a\0b", 3, "a\\x00b");
	/* Text that is fine stays as it is, backslashes included. */
	expect_escape("caf\xc3\xa9 \xe6\x97\xa5 \\n", 12, "caf\xc3\xa9 \xe6\x97\xa5 \\n");
}

Test(utf8, escape_cut_never_splits_and_marks_the_cut)
{
	char *got = utf8_escape_cut("abcdef", 6, 3);

	cr_assert_str_eq(got, "abc...");
	free(got);
	/* A sequence is written whole once started; the cut follows it. */
	got = utf8_escape_cut("a\xe6\x97\xa5" "bc", 6, 2);
	cr_assert_str_eq(got, "a\xe6\x97\xa5...");
	free(got);
	/* An escape is written whole too, and a bidi override in a message is escaped. */
	got = utf8_escape_cut("\x1b\xe2\x80\xae" "x", 5, 100);
	cr_assert_str_eq(got, "\\x1B\\u202Ex");
	free(got);
	got = utf8_escape_cut("short", 5, 5);
	cr_assert_str_eq(got, "short");
	free(got);
}
