/* term-table.h - text laid out for a terminal of a given width, in display cells
 * (utf8.h): aligned tables whose columns are dropped in a stated order and whose text
 * cells are shortened with "…" when the table is too wide (never a number), and word-wrapped
 * paragraphs. Every piece of text given to these functions is escaped (utf8_escape) before
 * it is measured or written, so no control byte from the input reaches the terminal.
 *
 * A table owns copies of everything it is given; tt_free releases them. Colours are SGR
 * sequences from the caller's constants, written around a cell only when the write is told
 * to use colour; they take no cell. */
#ifndef PR_TERM_TABLE_H
#define PR_TERM_TABLE_H

#include <stdio.h>
#include "common.h"

/* How a column is shown and when it gives way. */
enum tt_kind {
	TT_NUMBER, /* right-aligned, never shortened */
	TT_TEXT,   /* left-aligned, shortened at the end with "…" when needed */
	TT_TAIL,   /* left-aligned, shortened at the start with "…" (keeps the newest end) */
	TT_WORDS   /* left-aligned, never shortened (flags, statuses) */
};

struct tt_col {
	char *head;
	enum tt_kind kind;
	int drop;    /* 0: always shown; otherwise dropped when too wide, 1 first, then 2... */
	bool hidden; /* set by the layout */
	size_t width;
};

struct tt_cell {
	char *text;        /* escaped */
	const char *color; /* SGR sequence or NULL */
};

struct tt_table {
	struct tt_col *cols;
	size_t n_cols, cols_cap;
	struct tt_cell *cells; /* n_rows * n_cols */
	size_t n_rows, n_cells, cells_cap;
	size_t indent;         /* cells of margin before every line */
};

void tt_init(struct tt_table *t, size_t indent);
/* Add a column (before the first row). */
void tt_col(struct tt_table *t, const char *head, enum tt_kind kind, int drop);
/* The next cell, filling rows left to right; color may be NULL. */
void tt_cell(struct tt_table *t, const char *text, const char *color);
/* Write the table in at most width cells per line: the header (bold with colour) and a
 * rule of '-' under each column, then the rows. When the columns do not fit, text cells
 * longer than 30 % of the width are shortened to that, then the droppable columns go in
 * order, then text cells are shortened further (to 6 cells at least); when
 * even that does not fit, each row is written as a block: the first cell, then one
 * "Heading  value" line per other column (the value on a line of its own under the heading
 * when the two do not fit on one, so that only a number wider than the width itself can
 * pass it). Returns 0, or -1 on a write error. */
int tt_write(struct tt_table *t, FILE *out, size_t width, bool color);
void tt_free(struct tt_table *t);

/* One piece of a paragraph: text (escaped on output) in an optional colour. */
struct tt_seg {
	const char *text;
	const char *color;
};

/* Write the pieces as one paragraph word-wrapped at spaces to width cells: the first line
 * after first_indent cells, the others after indent cells; a word longer than a line is
 * broken. Ends with a newline. */
void tt_para(FILE *out, const struct tt_seg *segs, size_t n, size_t width,
    size_t first_indent, size_t indent, bool color);

#endif
