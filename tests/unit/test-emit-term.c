/* test-emit-term.c - the terminal emitter on the hand-built fixtures, by structure rather
 * than whole documents: no line past the width, the Operations table's columns aligned
 * (numbers flush right, names flush left, nothing across a column's edge) at several widths,
 * columns given up in the stated order as the terminal narrows, colour only when asked for
 * (and then the same layout with SGR sequences around cells), and a hostile operation name
 * written escaped, never as a control byte. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit-term.h"
#include "fixture-report.h"
#include "utf8.h"
#include "xalloc.h"

/* Render r at width cells, with or without colour, into a heap string. */
static char *
render(const struct report *r, size_t width, bool color)
{
	struct emit_opts eo = {.color = color, .width = width, .top = 10};
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	cr_assert_not_null(f);
	cr_assert_eq(emit_term(r, &eo, f), 0);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

/* s without its SGR sequences (ESC [ ... m), heap. */
static char *
strip_sgr(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	while (*s != '\0') {
		if (s[0] == '\033' && s[1] == '[') {
			s += 2;
			while (*s != '\0' && *s != 'm')
				s++;
			if (*s == 'm')
				s++;
			continue;
		}
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}

/* The line s[0..len) as one byte per display cell (heap): ASCII as is, any other character
 * as '#' repeated for each cell it takes, so that byte offsets are cell offsets. */
static char *
flatten(const char *s, size_t len)
{
	char *out = xmalloc(2 * len + 1);
	size_t o = 0, i = 0;

	while (i < len) {
		size_t k = utf8_seq_len((const unsigned char *)s + i, len - i);

		cr_assert_gt(k, 0, "invalid UTF-8 in the output");
		if (k == 1)
			out[o++] = s[i];
		else {
			int cells = utf8_cp_cells(utf8_decode((const unsigned char *)s + i, k));

			for (int c = 0; c < cells; c++)
				out[o++] = '#';
		}
		i += k;
	}
	out[o] = '\0';
	return out;
}

/* The output split into flattened lines; *n of them, each heap, the array heap. */
static char **
lines_of(const char *s, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	while (*s != '\0') {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);

		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[(*n)++] = flatten(s, len);
		s += len + (nl != NULL);
	}
	return v;
}

/* Free what lines_of returned. */
static void
lines_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Is the column headed head (trimmed) one of numbers? */
static bool
numeric_head(const char *head)
{
	static const char *const nums[] = {"Count", "Success", "Avg (ms)", "P50", "P95", "P99",
		"Min", "Max", "# avg"};

	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (strcmp(head, nums[i]) == 0)
			return true;
	return false;
}

/* The Operations table at width w: its columns (from the rule of '-' under the header),
 * each row's cells inside them, numbers flush right, text flush left. Writes the headings
 * shown, joined by '|', into heads. */
static void
check_operations_table(const char *out, size_t w, char *heads, size_t heads_size)
{
	size_t n, at = SIZE_MAX, span[16][2], ns = 0, rows = 0;
	char **l = lines_of(out, &n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i], "OPERATIONS") == 0)
			at = i;
	cr_assert_neq(at, SIZE_MAX, "no OPERATIONS heading at width %zu", w);
	cr_assert_lt(at + 3, n);
	cr_assert_str_eq(l[at + 1], "");
	/* at + 2: header, at + 3: rule. */
	for (size_t c = 0; l[at + 3][c] != '\0';) {
		if (l[at + 3][c] != '-') {
			cr_assert_eq(l[at + 3][c], ' ', "rule: %s", l[at + 3]);
			c++;
			continue;
		}
		cr_assert_lt(ns, 16);
		span[ns][0] = c;
		while (l[at + 3][c] == '-')
			c++;
		span[ns++][1] = c;
	}
	cr_assert_geq(ns, 2, "width %zu: %s", w, l[at + 3]);
	heads[0] = '\0';
	for (size_t k = 0; k < ns; k++) {
		char head[64];
		size_t a = span[k][0], b = span[k][1], len = strlen(l[at + 2]);

		cr_assert_leq(b, len > b ? len : b);
		while (a < b && a < len && l[at + 2][a] == ' ')
			a++;
		while (b > a && (b > len || l[at + 2][b - 1] == ' '))
			b--;
		cr_assert_lt(b - a, sizeof(head));
		memcpy(head, l[at + 2] + a, b - a);
		head[b - a] = '\0';
		if (k > 0)
			strncat(heads, "|", heads_size - strlen(heads) - 1);
		strncat(heads, head, heads_size - strlen(heads) - 1);
	}
	for (size_t i = at + 2; i < n && l[i][0] != '\0'; i++) {
		const char *row = l[i];
		size_t len = strlen(row);
		char *hd = xstrdup(heads), *save = NULL, *h = strtok_r(hd, "|", &save);

		if (i == at + 3)
			goto next;
		if (i > at + 3)
			rows++;
		for (size_t k = 0; k < ns; k++, h = strtok_r(NULL, "|", &save)) {
			size_t a = span[k][0], b = span[k][1];

			cr_assert_not_null(h);
			/* Nothing runs across the gap before a column or past its end. */
			if (a > 0 && a - 1 < len)
				cr_expect_eq(row[a - 1], ' ', "width %zu row %s col %zu", w, row, k);
			if (b < len)
				cr_expect_eq(row[b], ' ', "width %zu row %s col %zu", w, row, k);
			if (numeric_head(h))
				cr_expect(b <= len && row[b - 1] != ' ',
				    "width %zu: %s not flush right in \"%s\"", w, h, row);
			else
				cr_expect(a < len && row[a] != ' ',
				    "width %zu: %s not flush left in \"%s\"", w, h, row);
		}
next:
		free(hd);
	}
	cr_expect_eq(rows, 3, "width %zu: %zu rows", w, rows);
	lines_free(l, n);
}

/* No line takes more cells than the width, from 22 cells up (at the floor of 20, CLI_MIN_WIDTH,
 * a block line of the trends table takes 22: a number is never shortened). */
Test(emit_term, no_line_past_the_width)
{
	struct report *r = fixture_trends_report();
	static const size_t widths[] = {20, 21, 22, 30, 40, 60, 80, 100, 120, 160, 200};

	for (size_t k = 0; k < sizeof(widths) / sizeof(widths[0]); k++) {
		char *out = render(r, widths[k], false);
		size_t n;
		char **l = lines_of(out, &n);

		cr_expect_gt(n, 20);
		for (size_t i = 0; i < n; i++)
			cr_expect_leq(strlen(l[i]), widths[k], "width %zu, line %zu: \"%s\"", widths[k],
			    i, l[i]);
		lines_free(l, n);
		free(out);
	}
	report_free(r);
}

/* The columns line up at 80 and 160 cells, and the narrower terminal loses the columns
 * that go first (P50, Min, Success, Max, P99) while keeping the rest in order. */
Test(emit_term, operations_columns_aligned_and_dropped_in_order)
{
	struct report *r = fixture_report();
	char *wide = render(r, 160, false), *narrow = render(r, 80, false), heads[256];

	check_operations_table(wide, 160, heads, sizeof(heads));
	cr_expect_str_eq(heads, "Operation|Count|Success|Avg (ms)|P50|P95|P99|Min|Max|# avg|Flags");
	check_operations_table(narrow, 80, heads, sizeof(heads));
	cr_expect_str_eq(heads, "Operation|Count|Avg (ms)|P95|# avg|Flags");
	free(wide);
	free(narrow);
	report_free(r);
}

/* Colour only when asked: without it no escape byte at all; with it, SGR sequences whose
 * removal gives the uncoloured text back, a slower row's change in red, a faster one's in
 * green, headings in bold. */
Test(emit_term, colour_only_when_on)
{
	struct report *r = fixture_trends_report();
	char *plain = render(r, 80, false), *colour = render(r, 80, true), *stripped;

	cr_expect_null(strchr(plain, '\033'), "an escape byte without colour");
	cr_expect_not_null(strchr(colour, '\033'));
	stripped = strip_sgr(colour);
	cr_expect_str_eq(stripped, plain);
	cr_expect_not_null(strstr(colour, "\033[31m+26.8%\033[0m"));
	cr_expect_not_null(strstr(colour, "\033[32m-50.0%\033[0m"));
	cr_expect_not_null(strstr(colour, "\033[1mOPERATIONS\033[0m"));
	free(stripped);
	free(plain);
	free(colour);
	report_free(r);
}

/* The hostile name ("=evil|op`@team<b>" and a newline) is shown with its newline as the two
 * characters \n; no control byte but the line ends reaches the terminal. */
Test(emit_term, hostile_name_escaped)
{
	struct report *r = fixture_report();
	static const size_t widths[] = {40, 80, 160};

	for (size_t k = 0; k < sizeof(widths) / sizeof(widths[0]); k++) {
		char *out = render(r, widths[k], false);

		cr_expect_not_null(strstr(out, "=evil|op`@team<b>\\n"), "width %zu", widths[k]);
		cr_expect_null(strstr(out, "<b>\n"), "width %zu: a raw newline", widths[k]);
		for (const char *p = out; *p != '\0'; p++)
			cr_expect(((unsigned char)*p >= 0x20 && *p != 0x7f) || *p == '\n',
			    "width %zu: control byte 0x%02x", widths[k], (unsigned char)*p);
		free(out);
	}
	report_free(r);
}

/* Colour only what is flagged (issue 23): a row with failures but no errors flag keeps a
 * plain Success cell; the errors-flagged row's Success cell is red, as its flag. */
Test(emit_term, success_coloured_only_when_flagged)
{
	struct report *r = fixture_report();
	char *out;

	r->rows[1].success = 398; /* db_query: 2 failures, flagged faster only */
	r->rows[1].failed = 2;
	out = render(r, 160, true);
	cr_expect_not_null(strstr(out, "\033[31m590/600\033[0m"), "%s", out);
	cr_expect_not_null(strstr(out, "  398/400  "), "%s", out);
	cr_expect_null(strstr(out, "m398/400"), "%s", out);
	free(out);
	report_free(r);
}

/* The line (from 0) where needle first starts in s, or -1. */
static long
line_of(const char *s, const char *needle)
{
	const char *at = strstr(s, needle);
	long line = 0;

	if (at == NULL)
		return -1;
	for (const char *p = s; p < at; p++)
		line += *p == '\n';
	return line;
}

/* The answer first: title, verdict, operations, degradation, targets and baseline, then
 * reliability, trends and the slowest and most frequent lists. */
Test(emit_term, sections_answer_first)
{
	struct report *r = fixture_trends_report();
	static const char *const order[] = {
		"Performance Report", "OPERATIONS", "DEGRADATION", "RELIABILITY", "TRENDS",
		"SLOWEST OPERATIONS", "MOST FREQUENT OPERATIONS",
	};
	char *out = render(r, 80, false);
	long prev = -1;

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		long at = line_of(out, order[i]);

		cr_expect_gt(at, prev, "%s at line %ld, after line %ld", order[i], at, prev);
		prev = at;
	}
	free(out);
	report_free(r);
}
