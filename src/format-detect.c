/* format-detect.c - finding the format of a source (format-detect.h). */
#include "format-detect.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "diag.h"
#include "document.h"
#include "fieldmap.h"
#include "jq-filter.h"
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

/* Whether text[0..len) is a valid record under the fields p was last given (a text holding
 * a NUL byte never is: the scan refuses such a line). */
static bool
format_detect_valid(struct record_parser *p, const char *text, size_t len)
{
	struct record rec;
	char why[RECORD_WHY_SIZE];

	return memchr(text, '\0', len) == NULL && record_parse(p, text, len, &rec, why) == 0;
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

/* A count of the valid records a document yields (doc_out's context). */
struct format_detect_tally {
	struct record_parser *p;
	size_t n;
	size_t stop; /* stop reading once n reaches it */
};

/* doc_out.rec: one more record, valid or not. */
static bool
format_detect_doc_rec(void *ctx, const char *text, size_t len, uint64_t line)
{
	struct format_detect_tally *t = ctx;

	(void)line;
	if (format_detect_valid(t->p, text, len))
		t->n++;
	return t->n >= t->stop;
}

/* doc_out.bad: a value that is not JSON or that jq fails on counts nothing. */
static bool
format_detect_doc_bad(void *ctx, uint64_t line, const char *why)
{
	(void)ctx;
	(void)line;
	(void)why;
	return false;
}

/* doc_out.none: a value that yields no record counts nothing. */
static void
format_detect_doc_none(void *ctx, uint64_t line)
{
	(void)ctx;
	(void)line;
}

/* Valid records (up to stop) of buf[0, n) read as a document through path and jq (each
 * may be NULL) with the fields fm; from tree (the same document parsed, or NULL) when it
 * reads as buf would. */
static size_t
format_detect_doc_count(struct record_parser *p, const struct fieldmap *fm,
    const struct doc_path *path, struct jqf *jq, const char *buf, size_t n,
    const struct doc_tree *tree, size_t stop)
{
	struct format_detect_tally t = {p, 0, stop};
	struct doc_out out = {format_detect_doc_rec, format_detect_doc_bad,
	    format_detect_doc_none, &t};

	record_parser_set_fields(p, fm);
	record_parser_set_timeless(p, jq != NULL);
	if (tree != NULL && doc_tree_reads(tree, path, jq != NULL))
		doc_tree_read(tree, path, jq, &out);
	else
		doc_read(buf, n, path, jq, &out);
	record_parser_set_timeless(p, false);
	return t.n;
}

/* True when candidate c reads documents (records or jq). */
static bool
format_detect_is_doc(const struct options_format *c)
{
	return c->records != NULL || c->jq != NULL;
}

/* Candidate c's jq program, compiled the first time it is asked for and kept in c for the
 * rest of the run (freed with the options); NULL when it does not compile. */
static struct jqf *
format_detect_jq(const struct options_format *c)
{
	/* The options' candidates are the run's (heap, never const objects): the one place
	 * detection writes to them is this cache. */
	struct options_format *w = (struct options_format *)c;
	char *err = NULL;

	if (!w->jq_tried) {
		w->jq_tried = true;
		w->jq_compiled = jqf_new(c->jq, &err);
		free(err); /* a format directory's file that does not compile: not a candidate */
	}
	return w->jq_compiled;
}

/* A document being tried: its bytes, and the same parsed once (when first needed). */
struct format_detect_doc {
	const char *buf;
	size_t n;
	struct doc_tree *tree; /* heap, or NULL */
};

/* Valid records (up to FORMAT_DETECT_LINES) of document d read as document format c,
 * through c's records and jq (compiled once per run): none, and c's jq not even compiled,
 * when d holds no JSON value and c reads from the tree (element by element, a top-level
 * array cut by a bad element still gives the elements before it). */
static size_t
format_detect_doc_one(const struct options *o, struct record_parser *p,
    struct format_detect_doc *d, const struct options_format *c)
{
	struct jqf *q = NULL;

	if (d->tree == NULL)
		d->tree = doc_tree_new(d->buf, d->n, NULL);
	if (doc_tree_count(d->tree) == 0 && doc_tree_reads(d->tree, c->records, c->jq != NULL))
		return 0; /* no value: no path or program finds a record in it */
	if (c->jq != NULL && (q = format_detect_jq(c)) == NULL)
		return 0;
	return format_detect_doc_count(p, c->fields != NULL ? c->fields : o->fields, c->records,
	    q, d->buf, d->n, d->tree, FORMAT_DETECT_LINES);
}

/* Try each candidate of the kinds asked (1: line formats, with their counts in line_n;
 * 2: document formats, on d, their counts kept in doc_n, or NULL, where SIZE_MAX is one
 * not counted yet; 3: both) in their order, into *f when one yields more than *best. */
static void
format_detect_doc_try(const struct options *o, struct record_parser *p,
    struct format_detect_doc *d, const size_t *line_n, size_t *doc_n, int kinds,
    size_t *best, struct format_found *f)
{
	/* Once one reaches the count's cap, a later one could only tie, and a tie goes to the
	 * earlier: the rest are not tried (a large trace costs one jq program less each). */
	for (size_t i = 0; i < o->n_detect && *best < FORMAT_DETECT_LINES; i++) {
		const struct options_format *c = &o->detect[i];
		bool doc = format_detect_is_doc(c);
		size_t k;

		if (!((kinds & 1) && !doc) && !((kinds & 2) && doc))
			continue;
		if (!doc)
			k = line_n[i];
		else if (doc_n != NULL && doc_n[i] != SIZE_MAX)
			k = doc_n[i];
		else {
			k = format_detect_doc_one(o, p, d, c);
			if (doc_n != NULL)
				doc_n[i] = k;
		}
		if (k > *best) {
			*best = k;
			f->jq = doc ? c->jq_compiled : NULL;
			f->fmt = c;
			f->fields = c->fields != NULL ? c->fields : o->fields;
			f->document = doc;
		}
	}
}

/* Valid records of a document read without a format, and under each line format (doc_out's
 * context): one pass for all of them. */
struct format_detect_multi {
	const struct options *o;
	struct record_parser *p;   /* one parser, its fields set for each parse (a parser
	                              keeps what it last read: one, not one per format) */
	size_t *n;                 /* each line candidate's count, up to FORMAT_DETECT_LINES */
	size_t capped;             /* the first candidate that reached the cap, or n_detect */
	size_t texts;              /* records sent (an upper bound of any line format's count) */
	bool lines;                /* parse under the line formats too (else: without one) */
	bool deflt;                /* a record without a format was valid: the pass stops */
};

/* doc_out.rec: one more record, under no format (the first pass), or under each line
 * candidate that may still win (the second: one up to the first capped, as a later one
 * could only tie). */
static bool
format_detect_multi_rec(void *ctx, const char *text, size_t len, uint64_t line)
{
	struct format_detect_multi *m = ctx;

	(void)line;
	m->texts++;
	if (memchr(text, '\0', len) != NULL)
		return false;
	if (!m->lines) {
		record_parser_set_fields(m->p, m->o->fields);
		if (format_detect_valid(m->p, text, len))
			m->deflt = true;
		return m->deflt;
	}
	for (size_t i = 0; i < m->capped; i++) {
		const struct options_format *c = &m->o->detect[i];

		if (format_detect_is_doc(c) || m->n[i] == FORMAT_DETECT_LINES)
			continue;
		record_parser_set_fields(m->p, c->fields != NULL ? c->fields : m->o->fields);
		if (!format_detect_valid(m->p, text, len))
			continue;
		if (++m->n[i] == FORMAT_DETECT_LINES)
			m->capped = i + 1 < m->capped ? i + 1 : m->capped;
	}
	return false;
}

/* A document: read whole into f->doc; when no record read without a format is valid,
 * tried against every format. The records read without a format come from one pass (that
 * also parses a document without top-level arrays once, into d.tree), those under the line
 * formats from a second, made only when a line format could win: when the document formats
 * (tried first when fewer records than the cap came out, in their order up to one that
 * reaches it) found no more records than that pass sent, the most any line format can
 * find. Each jq program is compiled at most once per run. The document parsed stays in
 * f->tree for the scan when the format found reads it from there. */
static void
format_detect_document(const struct options *o, struct line_reader *r,
    struct record_parser *p, struct format_found *f)
{
	struct format_detect_multi m = {.o = o, .p = p, .capped = o->n_detect};
	struct doc_out out = {format_detect_multi_rec, format_detect_doc_bad,
	    format_detect_doc_none, &m};
	struct format_detect_doc d = {NULL, 0, NULL};
	size_t best = 0, i = 0, most = 0, *doc_n;
	char *err = NULL;

	if (lr_read_all(r, &f->doc, &f->doc_len, &err) < 0) {
		free(err); /* the scan reads again, meets it and reports it */
		f->doc = NULL;
		return;
	}
	d.buf = f->doc;
	d.n = f->doc_len;
	while (i < d.n && strchr(" \t\n\r", d.buf[i]) != NULL)
		i++;
	if (i < d.n && d.buf[i] != '[') {
		/* Values that are no arrays: parsed once, sent to the pass as they are parsed. */
		d.tree = doc_tree_new(d.buf, d.n, &out);
		if (d.tree != NULL && !doc_tree_reads(d.tree, NULL, false)) {
			/* A top-level array after them: its elements go to the pass as text. */
			m.texts = 0;
			doc_read(d.buf, d.n, NULL, NULL, &out);
		}
	} else
		doc_read(d.buf, d.n, NULL, NULL, &out);
	if (m.deflt) {
		doc_tree_free(d.tree);
		return;
	}
	m.n = xcalloc(o->n_detect + 1, sizeof(*m.n));
	doc_n = xcalloc(o->n_detect + 1, sizeof(*doc_n));
	for (size_t k = 0; k < o->n_detect; k++)
		doc_n[k] = SIZE_MAX;
	for (size_t k = 0; m.texts < FORMAT_DETECT_LINES && k < o->n_detect &&
	    most < FORMAT_DETECT_LINES; k++)
		if (format_detect_is_doc(&o->detect[k])) {
			/* No line format reaches the cap: every one of these is tried anyway. */
			doc_n[k] = format_detect_doc_one(o, p, &d, &o->detect[k]);
			most = doc_n[k] > most ? doc_n[k] : most;
		}
	if (m.texts >= FORMAT_DETECT_LINES || most <= m.texts) {
		m.lines = true;
		if (d.tree != NULL && doc_tree_reads(d.tree, NULL, false))
			doc_tree_read(d.tree, NULL, NULL, &out);
		else
			doc_read(d.buf, d.n, NULL, NULL, &out);
	}
	format_detect_doc_try(o, p, &d, m.n, doc_n, 3, &best, f);
	free(m.n);
	free(doc_n);
	if (f->document && d.tree != NULL && doc_tree_reads(d.tree, f->fmt->records,
	    f->jq != NULL)) {
		/* The scan reads the records from the tree: the bytes are no longer needed. */
		f->tree = d.tree;
		free(f->doc);
		f->doc = NULL;
		f->doc_len = 0;
	} else
		doc_tree_free(d.tree);
}

/* The lines of ls joined by newlines (heap, *n bytes): a stream of JSON values. */
static char *
format_detect_join(const struct format_detect_lines *ls, size_t *n)
{
	char *buf;
	size_t len = 0;

	for (size_t i = 0; i < ls->n; i++)
		len += ls->line[i].too_long ? 0 : ls->line[i].len + 1;
	buf = xmalloc(len + 1);
	*n = 0;
	for (size_t i = 0; i < ls->n; i++) {
		if (ls->line[i].too_long)
			continue;
		memcpy(buf + *n, ls->line[i].data, ls->line[i].len);
		*n += ls->line[i].len;
		buf[(*n)++] = '\n';
	}
	buf[*n] = '\0';
	return buf;
}

/* True when the first of ls's lines that is not too long is a JSON object or array: the
 * lines may then be one JSON value each, of a document format (OTLP's file exporter).
 * Lines of text (an access log in a text format, CSV) are not tried as documents: each
 * document format tried costs the compilation of its jq program (about 0.1 s of libjq). */
static bool
format_detect_json_lines(const struct format_detect_lines *ls)
{
	for (size_t i = 0; i < ls->n; i++) {
		json_t *v;
		bool ok;

		if (ls->line[i].too_long)
			continue;
		v = json_loadb(ls->line[i].data, ls->line[i].len, 0, NULL);
		ok = v != NULL && (json_is_object(v) || json_is_array(v));
		json_decref(v);
		return ok;
	}
	return false;
}

/* A source of lines: its first lines against the line formats, then the document ones. */
static void
format_detect_lines(const struct options *o, struct line_reader *r, struct record_parser *p,
    struct format_found *f)
{
	struct format_detect_lines ls = {.n = 0};
	size_t best = 0, n;

	format_detect_read(r, &ls);
	if (ls.n > 0 && format_detect_count(p, o->fields, &ls, true) == 0) {
		for (size_t i = 0; i < o->n_detect; i++) {
			if (format_detect_is_doc(&o->detect[i]))
				continue;
			n = format_detect_count(p, o->detect[i].fields, &ls, false);
			if (n > best) {
				best = n;
				f->fmt = &o->detect[i];
				f->fields = o->detect[i].fields;
			}
		}
		if (best == 0 && format_detect_json_lines(&ls)) {
			/* One JSON value a line, of a document format (OTLP's file exporter). */
			struct format_detect_doc d = {NULL, 0, NULL};

			d.buf = format_detect_join(&ls, &d.n);
			format_detect_doc_try(o, p, &d, NULL, NULL, 2, &best, f);
			doc_tree_free(d.tree);
			free((char *)d.buf);
		}
	}
	for (size_t i = 0; i < ls.n_blk; i++)
		free(ls.blk[i].buf);
	free(ls.blk);
}

/* format_detect without its note, with the candidates cands[0, n_cands). */
static void
format_detect_find(const struct options *o, const struct options_format *cands,
    size_t n_cands, struct line_reader *r, struct format_found *f)
{
	struct options t = *o;
	struct record_parser *p;
	const char *peek;
	size_t n;
	char *err = NULL;

	memset(f, 0, sizeof(*f));
	f->fields = o->fields;
	if (n_cands == 0)
		return;
	t.detect = (struct options_format *)cands;
	t.n_detect = n_cands;
	o = &t;
	p = record_parser_new();
	if (o->no_fast_path)
		record_parser_set_fast(p, false);
	if (lr_peek(r, DOC_SNIFF_BYTES, &peek, &n, &err) < 0)
		free(err); /* the scan meets it again and reports it where it belongs */
	else if (doc_sniff(peek, n, n < DOC_SNIFF_BYTES))
		format_detect_document(o, r, p, f);
	else
		format_detect_lines(o, r, p, f);
	record_parser_free(p);
}

void
format_detect(const struct options *o, struct line_reader *r, struct format_found *f)
{
	format_detect_find(o, o->detect, o->n_detect, r, f);
	if (f->fmt != NULL)
		diag_note("%s: read as %s output (--log-format %s)", lr_name(r), f->fmt->name,
		    f->fmt->name);
}

void
format_found_free(struct format_found *f)
{
	doc_tree_free(f->tree);
	free(f->doc);
	f->jq = NULL;
	f->doc = NULL;
	f->tree = NULL;
}

/* The keys of the first of r's first lines, when it is a JSON object: "a, b, c" (at most
 * FORMAT_HINT_KEYS of them, then "..."; heap), else NULL. */
static char *
format_detect_keys(struct line_reader *r)
{
	struct format_detect_lines ls = {.n = 0};
	json_t *v = NULL;
	const char *key;
	json_t *val;
	char *keys = NULL, *more;
	size_t k = 0;

	format_detect_read(r, &ls);
	if (ls.n > 0 && !ls.line[0].too_long)
		v = json_loadb(ls.line[0].data, ls.line[0].len, 0, NULL);
	if (json_is_object(v) && json_object_size(v) > 0) {
		json_object_foreach(v, key, val) {
			if (k++ == FORMAT_HINT_KEYS) {
				more = xasprintf("%s, ...", keys);
				free(keys);
				keys = more;
				break;
			}
			more = keys == NULL ? xstrdup(key) : xasprintf("%s, %s", keys, key);
			free(keys);
			keys = more;
		}
	}
	json_decref(v);
	for (size_t i = 0; i < ls.n_blk; i++)
		free(ls.blk[i].buf);
	free(ls.blk);
	return keys;
}

char *
format_hint(const struct options *o, struct line_reader *r)
{
	struct format_found f;
	const char *name;
	char *keys, *hint;

	format_detect_find(o, o->hint, o->n_hint, r, &f);
	name = f.fmt != NULL ? f.fmt->name : NULL;
	format_found_free(&f);
	if (name == NULL)
		return NULL;
	if ((keys = format_detect_keys(r)) == NULL)
		return xasprintf("try --log-format %s", name);
	hint = xasprintf("the first line has the keys %s: try --log-format %s", keys, name);
	free(keys);
	return hint;
}
