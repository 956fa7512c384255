/* format-detect.c - finding the format of a source (format-detect.h). */
#include "format-detect.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fieldmap.h"
#include "record.h"
#include "xalloc.h"

/* The first lines of a source, and the blocks their bytes are in. */
struct format_detect_lines {
	struct lr_line line[FORMAT_DETECT_LINES];
	size_t n;
	struct lr_block *blk; /* a regular file's chunks (heap) */
	size_t n_blk;
};

/* True when the line holds nothing but white space (the scan skips it). */
static bool
format_detect_blank(const struct lr_line *l)
{
	if (l->too_long)
		return false;
	for (size_t i = 0; i < l->len; i++)
		if (strchr(" \t\r\v\f", l->data[i]) == NULL)
			return false;
	return true;
}

/* The non-blank lines of b into *ls, up to FORMAT_DETECT_LINES. */
static void
format_detect_take(struct format_detect_lines *ls, const struct lr_block *b)
{
	struct lr_split split;
	struct lr_line line;

	lr_split_init(&split, b);
	while (ls->n < FORMAT_DETECT_LINES && lr_split_next(&split, &line))
		if (!format_detect_blank(&line))
			ls->line[ls->n++] = line;
}

/* The first non-blank lines of r into *ls. */
static void
format_detect_read(struct line_reader *r, struct format_detect_lines *ls)
{
	const struct lr_block *b;
	uint64_t n_chunks;
	char *err = NULL;

	if (!lr_chunked(r, FORMAT_DETECT_CHUNK, &n_chunks)) {
		if ((b = lr_peek_block(r)) != NULL)
			format_detect_take(ls, b);
		return;
	}
	for (uint64_t k = 0; k < n_chunks && ls->n < FORMAT_DETECT_LINES; k++) {
		ls->blk = xreallocarray(ls->blk, ls->n_blk + 1, sizeof(*ls->blk));
		memset(&ls->blk[ls->n_blk], 0, sizeof(*ls->blk));
		if (lr_read_chunk(r, FORMAT_DETECT_CHUNK, k, &ls->blk[ls->n_blk], &err) !=
		    LR_LINE) {
			free(err); /* the scan meets it again and reports it where it belongs */
			free(ls->blk[ls->n_blk].buf);
			return;
		}
		format_detect_take(ls, &ls->blk[ls->n_blk++]);
	}
}

/* Valid records among ls's lines under fm; with first, stops at the first. */
static size_t
format_detect_count(struct record_parser *p, const struct fieldmap *fm,
    const struct format_detect_lines *ls, bool first)
{
	struct record rec;
	char why[RECORD_WHY_SIZE];
	size_t n = 0;

	record_parser_set_fields(p, fm);
	for (size_t i = 0; i < ls->n; i++) {
		const struct lr_line *l = &ls->line[i];

		if (l->too_long || l->has_nul || record_parse(p, l->data, l->len, &rec, why) != 0)
			continue;
		n++;
		if (first)
			break;
	}
	return n;
}

const struct fieldmap *
format_detect(const struct options *o, struct line_reader *r, const char **name)
{
	struct format_detect_lines ls = {.n = 0};
	struct record_parser *p;
	const struct fieldmap *fm = o->fields;
	size_t best = 0, n;

	if (name != NULL)
		*name = NULL;
	if (o->n_detect == 0)
		return fm;
	format_detect_read(r, &ls);
	p = record_parser_new();
	if (o->no_fast_path)
		record_parser_set_fast(p, false);
	if (ls.n > 0 && format_detect_count(p, o->fields, &ls, true) == 0) {
		for (size_t i = 0; i < o->n_detect; i++) {
			n = format_detect_count(p, o->detect[i].fields, &ls, false);
			if (n > best) {
				best = n;
				fm = o->detect[i].fields;
				if (name != NULL)
					*name = o->detect[i].name;
			}
		}
		for (size_t i = 0; i < o->n_detect && best > 0; i++)
			if (fm == o->detect[i].fields)
				diag_note("%s: read as %s output (--log-format %s)", lr_name(r),
				    o->detect[i].name, o->detect[i].name);
	}
	record_parser_free(p);
	for (size_t i = 0; i < ls.n_blk; i++)
		free(ls.blk[i].buf);
	free(ls.blk);
	return fm;
}
