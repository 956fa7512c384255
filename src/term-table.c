/* term-table.c - aligned, width-fitted tables and word-wrapped paragraphs for the terminal
 * view (term-table.h). */
#include "term-table.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xalloc.h"

#define TT_GAP 2          /* cells between two columns */
#define TT_MIN_CUT 6      /* a shortened text cell keeps at least this many cells */
#define TT_TEXT_SHARE 30  /* before any column is dropped, text is cut to this % of the width */
#define TT_BOLD "\033[1m"
#define TT_RESET "\033[0m"
#define TT_ELLIPSIS "\xe2\x80\xa6" /* U+2026, one cell */

void
tt_init(struct tt_table *t, size_t indent)
{
	memset(t, 0, sizeof(*t));
	t->indent = indent;
}

void
tt_col(struct tt_table *t, const char *head, enum tt_kind kind, int drop)
{
	struct tt_col *c;

	xgrow(&t->cols, &t->cols_cap, t->n_cols + 1, sizeof(*t->cols));
	c = &t->cols[t->n_cols++];
	c->head = utf8_escape(head, strlen(head));
	c->kind = kind;
	c->drop = drop;
	c->hidden = false;
	c->width = 0;
}

void
tt_cell(struct tt_table *t, const char *text, const char *color)
{
	struct tt_cell *c;

	xgrow(&t->cells, &t->cells_cap, t->n_cells + 1, sizeof(*t->cells));
	c = &t->cells[t->n_cells++];
	c->text = utf8_escape(text, strlen(text));
	c->color = color;
	t->n_rows = (t->n_cells + t->n_cols - 1) / t->n_cols;
}

void
tt_free(struct tt_table *t)
{
	for (size_t i = 0; i < t->n_cols; i++)
		free(t->cols[i].head);
	for (size_t i = 0; i < t->n_cells; i++)
		free(t->cells[i].text);
	free(t->cols);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

static size_t
tt_cells(const char *s)
{
	return utf8_cells(s, strlen(s));
}

/* The cell at row i, column j ("" past the last cell given). */
static const struct tt_cell *
tt_at(const struct tt_table *t, size_t i, size_t j)
{
	static char none[1] = "";
	static const struct tt_cell empty = {none, NULL};
	size_t k = i * t->n_cols + j;

	return k < t->n_cells ? &t->cells[k] : &empty;
}

/* Natural widths, and the width of the visible columns with their gaps. */
static size_t
tt_measure(struct tt_table *t)
{
	size_t total = t->indent, shown = 0;

	for (size_t j = 0; j < t->n_cols; j++) {
		struct tt_col *c = &t->cols[j];

		if (c->hidden)
			continue;
		total += c->width + (shown++ > 0 ? TT_GAP : 0);
	}
	return total;
}

/* Widest cell of column j, its heading included. */
static size_t
tt_natural(const struct tt_table *t, size_t j)
{
	size_t w = tt_cells(t->cols[j].head);

	for (size_t i = 0; i < t->n_rows; i++) {
		size_t c = tt_cells(tt_at(t, i, j)->text);

		if (c > w)
			w = c;
	}
	return w;
}

/* Drop columns, then shorten text columns, until the table fits; false when it cannot. */
static bool
tt_fit(struct tt_table *t, size_t width)
{
	size_t total;

	for (size_t j = 0; j < t->n_cols; j++)
		t->cols[j].width = tt_natural(t, j);
	/* A long name should not cost a number column: first cap text columns at a share of
	 * the width, then drop columns, then shorten further. */
	for (size_t j = 0; j < t->n_cols && (total = tt_measure(t)) > width; j++) {
		struct tt_col *c = &t->cols[j];
		size_t cap = width * TT_TEXT_SHARE / 100, floor = tt_cells(c->head), cut;

		if (cap < TT_MIN_CUT)
			cap = TT_MIN_CUT;
		if (cap < floor)
			cap = floor;
		if ((c->kind != TT_TEXT && c->kind != TT_TAIL) || c->width <= cap)
			continue;
		cut = c->width - cap < total - width ? c->width - cap : total - width;
		c->width -= cut;
	}
	while ((total = tt_measure(t)) > width) {
		struct tt_col *next = NULL;

		for (size_t j = 0; j < t->n_cols; j++) {
			struct tt_col *c = &t->cols[j];

			if (!c->hidden && c->drop > 0 && (next == NULL || c->drop < next->drop))
				next = c;
		}
		if (next == NULL)
			break;
		next->hidden = true;
	}
	while ((total = tt_measure(t)) > width) {
		struct tt_col *widest = NULL;
		size_t floor;

		for (size_t j = 0; j < t->n_cols; j++) {
			struct tt_col *c = &t->cols[j];

			floor = tt_cells(c->head) > TT_MIN_CUT ? tt_cells(c->head) : TT_MIN_CUT;
			if (!c->hidden && (c->kind == TT_TEXT || c->kind == TT_TAIL) && c->width > floor &&
			    (widest == NULL || c->width > widest->width))
				widest = c;
		}
		if (widest == NULL)
			return false;
		floor = tt_cells(widest->head) > TT_MIN_CUT ? tt_cells(widest->head) : TT_MIN_CUT;
		widest->width = total - width >= widest->width - floor ? floor :
		    widest->width - (total - width);
	}
	/* Columns dropped may have left room: give it back to the text cut at first. */
	for (size_t j = 0; j < t->n_cols && (total = tt_measure(t)) < width; j++) {
		struct tt_col *c = &t->cols[j];
		size_t natural = tt_natural(t, j);

		if (!c->hidden && c->width < natural)
			c->width += natural - c->width < width - total ? natural - c->width :
			    width - total;
	}
	return true;
}

static void
tt_spaces(FILE *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		putc(' ', out);
}

/* Write s in exactly width cells: padded, or shortened with "…" (at the end, or for
 * TT_TAIL at the start). */
static void
tt_put(FILE *out, const char *s, enum tt_kind kind, size_t width, const char *color,
    bool use_color)
{
	size_t len = strlen(s), w = utf8_cells(s, len), keep;

	if (use_color && color != NULL)
		fputs(color, out);
	if (w <= width) {
		if (kind == TT_NUMBER)
			tt_spaces(out, width - w);
		fputs(s, out);
		if (use_color && color != NULL)
			fputs(TT_RESET, out);
		if (kind != TT_NUMBER)
			tt_spaces(out, width - w);
		return;
	}
	if (kind == TT_TAIL) {
		/* The shortest suffix that fits in width - 1 cells, after the ellipsis. */
		size_t start = 0;

		while (start < len && utf8_cells(s + start, len - start) > width - 1) {
			size_t n = utf8_seq_len((const unsigned char *)s + start, len - start);

			start += n > 0 ? n : 1;
		}
		fputs(TT_ELLIPSIS, out);
		fputs(s + start, out);
		w = 1 + utf8_cells(s + start, len - start);
	} else {
		keep = utf8_fit(s, len, width - 1);
		fwrite(s, 1, keep, out);
		fputs(TT_ELLIPSIS, out);
		w = utf8_cells(s, keep) + 1;
	}
	if (use_color && color != NULL)
		fputs(TT_RESET, out);
	tt_spaces(out, width - w);
}

/* One line of the table: the header (row SIZE_MAX), or row i. */
static void
tt_line(const struct tt_table *t, FILE *out, size_t i, bool color)
{
	size_t shown = 0, last = 0;

	for (size_t j = 0; j < t->n_cols; j++)
		if (!t->cols[j].hidden)
			last = j;
	tt_spaces(out, t->indent);
	for (size_t j = 0; j < t->n_cols; j++) {
		const struct tt_col *c = &t->cols[j];
		const struct tt_cell *cell = i == SIZE_MAX ? NULL : tt_at(t, i, j);
		enum tt_kind kind = c->kind;
		size_t width = c->width;

		if (c->hidden)
			continue;
		if (j == last && kind != TT_NUMBER && cell != NULL && cell->text[0] == '\0')
			break; /* no trailing blanks for an empty last cell */
		if (shown++ > 0)
			tt_spaces(out, TT_GAP);
		if (j == last && kind != TT_NUMBER) {
			/* No trailing padding after the last column. */
			const char *s = cell != NULL ? cell->text : c->head;

			if (utf8_cells(s, strlen(s)) < width)
				width = utf8_cells(s, strlen(s));
		}
		if (cell == NULL)
			tt_put(out, c->head, kind == TT_TAIL ? TT_TEXT : kind, width, TT_BOLD, color);
		else
			tt_put(out, cell->text, kind, width, cell->color, color);
	}
	putc('\n', out);
}

/* The rule under the header: '-' across each visible column. */
static void
tt_rule(const struct tt_table *t, FILE *out)
{
	size_t shown = 0;

	tt_spaces(out, t->indent);
	for (size_t j = 0; j < t->n_cols; j++) {
		if (t->cols[j].hidden)
			continue;
		if (shown++ > 0)
			tt_spaces(out, TT_GAP);
		for (size_t k = 0; k < t->cols[j].width; k++)
			putc('-', out);
	}
	putc('\n', out);
}

/* Whether column j's values go under their headings in the blocks of tt_blocks: when
 * the widest of them, a number, does not fit after the heading (a number is never cut),
 * or when fewer than TT_MIN_CUT cells are left there for a text. One answer for the
 * whole column, so that its values sit alike in every block. */
static bool
tt_block_under(const struct tt_table *t, size_t j, size_t head, size_t width)
{
	size_t lead = t->indent + head + 4, widest = 0;

	if (t->cols[j].kind != TT_NUMBER)
		return lead + TT_MIN_CUT > width;
	for (size_t i = 0; i < t->n_rows; i++)
		if (tt_cells(tt_at(t, i, j)->text) > widest)
			widest = tt_cells(tt_at(t, i, j)->text);
	return lead + widest > width;
}

/* One cell of a block under its heading: the heading two cells in, the value two further
 * (a number nearer the left edge when that is what keeps it within the width). */
static void
tt_block_cell_under(const struct tt_table *t, size_t j, const struct tt_cell *c, FILE *out,
    size_t width, bool color)
{
	size_t w = tt_cells(c->text), at = t->indent + 4, room;

	if (t->cols[j].kind == TT_NUMBER && at + w > width)
		at = width > w ? width - w : 0;
	room = width > at ? width - at : 1;
	tt_spaces(out, t->indent + 2);
	tt_put(out, t->cols[j].head, TT_TEXT, tt_cells(t->cols[j].head), NULL, color);
	putc('\n', out);
	tt_spaces(out, at);
	tt_put(out, c->text, t->cols[j].kind,
	    t->cols[j].kind == TT_NUMBER || w <= room ? w : room, c->color, color);
	putc('\n', out);
}

/* The fallback for a width no table fits: one block per row, its first cell on a line of
 * its own, then "Heading  value" per other cell, or the heading and under it the value
 * for the columns tt_block_under picks. */
static void
tt_blocks(struct tt_table *t, FILE *out, size_t width, bool color)
{
	size_t head = 0, avail = width > t->indent ? width - t->indent : 1;
	bool *under = xcalloc(t->n_cols, sizeof(*under));

	for (size_t j = 1; j < t->n_cols; j++)
		if (tt_cells(t->cols[j].head) > head)
			head = tt_cells(t->cols[j].head);
	for (size_t j = 1; j < t->n_cols; j++)
		under[j] = tt_block_under(t, j, head, width);
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct tt_cell *first = tt_at(t, i, 0);
		size_t w = tt_cells(first->text);

		tt_spaces(out, t->indent);
		tt_put(out, first->text, t->cols[0].kind == TT_NUMBER ? TT_TEXT : t->cols[0].kind,
		    w < avail ? w : avail, TT_BOLD, color);
		putc('\n', out);
		for (size_t j = 1; j < t->n_cols; j++) {
			const struct tt_cell *c = tt_at(t, i, j);
			size_t room = avail > head + 4 ? avail - head - 4 : 1;

			w = tt_cells(c->text);
			if (w == 0)
				continue;
			if (under[j]) {
				tt_block_cell_under(t, j, c, out, width, color);
				continue;
			}
			tt_spaces(out, t->indent + 2);
			tt_put(out, t->cols[j].head, TT_TEXT, head, NULL, color);
			tt_spaces(out, 2);
			tt_put(out, c->text, t->cols[j].kind == TT_NUMBER ? TT_NUMBER :
			    t->cols[j].kind, t->cols[j].kind == TT_NUMBER || w <= room ? w : room,
			    c->color, color);
			putc('\n', out);
		}
	}
	free(under);
}

int
tt_write(struct tt_table *t, FILE *out, size_t width, bool color)
{
	for (size_t j = 0; j < t->n_cols; j++)
		t->cols[j].hidden = false;
	if (!tt_fit(t, width)) {
		for (size_t j = 0; j < t->n_cols; j++)
			t->cols[j].hidden = false;
		tt_blocks(t, out, width, color);
		return ferror(out) ? -1 : 0;
	}
	tt_line(t, out, SIZE_MAX, color);
	tt_rule(t, out);
	for (size_t i = 0; i < t->n_rows; i++)
		tt_line(t, out, i, color);
	return ferror(out) ? -1 : 0;
}

/* Paragraph state: the cell position on the line, whether the line has a word yet, and
 * the colour in force (switched only when a word's colour differs, reset at line ends). */
struct tt_pstate {
	FILE *out;
	size_t width, indent, col;
	bool fresh, use_color;
	const char *cur;
};

static void
tt_pcolor(struct tt_pstate *p, const char *color)
{
	if (!p->use_color || p->cur == color)
		return;
	if (p->cur != NULL)
		fputs(TT_RESET, p->out);
	if (color != NULL)
		fputs(color, p->out);
	p->cur = color;
}

static void
tt_pbreak(struct tt_pstate *p)
{
	tt_pcolor(p, NULL);
	putc('\n', p->out);
	tt_spaces(p->out, p->indent);
	p->col = p->indent;
}

/* Write one word (escaped text, len bytes) of a paragraph, after a space when space is set
 * and the line has words already, breaking it over lines when it is longer than a line.
 * A word that fits on no line starts where it is when TT_MIN_CUT cells are left there, so
 * that the word before it (a "-" or a mark) is not left alone on its line. */
static void
tt_word(struct tt_pstate *p, const char *w, size_t len, const char *color, bool space)
{
	size_t cells = utf8_cells(w, len), sep = !p->fresh && space ? 1 : 0;
	size_t line = p->width > p->indent ? p->width - p->indent : 1;

	if (!p->fresh && p->col + sep + cells > p->width &&
	    (cells <= line || p->col + sep + TT_MIN_CUT > p->width))
		tt_pbreak(p);
	else if (sep > 0) {
		if (p->cur != color)
			tt_pcolor(p, NULL);
		putc(' ', p->out);
		p->col++;
	}
	tt_pcolor(p, color);
	while (len > 0) {
		size_t room = p->width > p->col ? p->width - p->col : 1;
		size_t n = utf8_fit(w, len, room);

		if (n == 0) {
			n = utf8_seq_len((const unsigned char *)w, len);
			if (n == 0)
				n = 1;
		}
		fwrite(w, 1, n, p->out);
		p->col += utf8_cells(w, n);
		w += n;
		len -= n;
		if (len > 0) {
			tt_pbreak(p);
			tt_pcolor(p, color);
		}
	}
	p->fresh = false;
}

void
tt_para(FILE *out, const struct tt_seg *segs, size_t n, size_t width, size_t first_indent,
    size_t indent, bool color)
{
	struct tt_pstate p = {out, width, indent, first_indent, true, color, NULL};
	bool glue = false; /* the next word continues the previous one (no space between) */

	tt_spaces(out, first_indent);
	for (size_t k = 0; k < n; k++) {
		char *text = utf8_escape(segs[k].text, strlen(segs[k].text));
		const char *q = text;

		while (*q != '\0') {
			size_t len;

			if (*q == ' ') {
				glue = false;
				q++;
				continue;
			}
			len = strcspn(q, " ");
			tt_word(&p, q, len, segs[k].color, !glue);
			q += len;
			glue = *q == '\0';
		}
		free(text);
	}
	tt_pcolor(&p, NULL);
	putc('\n', out);
}
