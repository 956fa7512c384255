/* fuzz-term.c - libFuzzer target for the terminal layout (term-table.c, utf8.c): arbitrary
 * bytes become table cells and paragraph pieces (split at NUL), laid out at a width taken
 * from the first byte (20 to 275 cells), with or without colour. Aborts when the output
 * holds a control byte other than newline, a C1 control or a bidi mark from the input, an
 * escape sequence other than the SGR colours the layout writes itself (none at all
 * without colour), or a line wider than the width in display cells. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "term-table.h"
#include "utf8.h"
#include "xalloc.h"

#define PIECES 48

/* Check one line (without its newline) of the output. */
static void
check_line(const char *s, size_t len, size_t width, bool color)
{
	char *plain = xmalloc(len + 1);
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0x1b) {
			size_t j = i + 1;

			if (!color || j >= len || s[j] != '[')
				abort();
			for (j++; j < len && ((s[j] >= '0' && s[j] <= '9') || s[j] == ';'); j++)
				;
			if (j >= len || s[j] != 'm')
				abort();
			i = j;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			abort();
		if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			abort(); /* C1 control */
		if (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] >= 0xaa && (unsigned char)s[i + 2] <= 0xae)
			abort(); /* bidi embedding or override */
		plain[n++] = s[i];
	}
	if (utf8_cells(plain, n) > width)
		abort();
	free(plain);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy, *piece[PIECES], num[32];
	size_t n = 0, width, out_size = 0;
	struct tt_table t;
	struct tt_seg seg[PIECES];
	char *out = NULL;
	bool color;
	FILE *f;

	if (size < 2)
		return 0;
	width = 20 + data[0];
	color = (data[1] & 1) != 0;
	copy = xmalloc(size - 2 + 1);
	memcpy(copy, data + 2, size - 2);
	copy[size - 2] = '\0';
	for (char *p = copy; n < PIECES; n++) {
		piece[n] = p;
		p += strlen(p);
		if (p >= copy + (size - 2))
			break;
		p++;
	}
	if (n < PIECES)
		n++;
	f = open_memstream(&out, &out_size);
	if (f == NULL)
		abort();
	tt_init(&t, (size_t)(data[1] >> 1) % 5);
	tt_col(&t, "Operation", TT_TEXT, 0);
	tt_col(&t, "Count", TT_NUMBER, 2);
	tt_col(&t, "Trend", TT_TAIL, 1);
	tt_col(&t, "Avg", TT_NUMBER, 0);
	for (size_t i = 0; i < n; i++) {
		tt_cell(&t, piece[i], (i & 1) ? "\033[31m" : NULL);
		snprintf(num, sizeof(num), "%zu", i * 7919);
		tt_cell(&t, num, NULL);
		tt_cell(&t, piece[(i + 1) % n], NULL);
		snprintf(num, sizeof(num), "%zu.%02zu", i * 31, i % 100);
		tt_cell(&t, num, NULL);
	}
	tt_write(&t, f, width, color);
	tt_free(&t);
	for (size_t i = 0; i < n; i++) {
		seg[i].text = piece[i];
		seg[i].color = (i % 3 == 0) ? "\033[1m" : NULL;
	}
	tt_para(f, seg, n, width, 2, 4, color);
	if (fclose(f) != 0)
		abort();
	for (size_t i = 0; i < out_size;) {
		size_t len = strcspn(out + i, "\n");

		check_line(out + i, len, width, color);
		i += len + 1;
	}
	free(out);
	free(copy);
	return 0;
}
