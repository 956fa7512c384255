/* format-detect.h - finding the format of a source (SPEC section 16, "Finding the
 * format"): a source none of whose first lines (or, a document, none of whose records as
 * read without a format) is a record is tried against the built-in formats that cli_parse
 * made ready (options.detect). Once per source, before it is read. */
#ifndef PR_FORMAT_DETECT_H
#define PR_FORMAT_DETECT_H

#include "line-reader.h"
#include "options.h"

/* Non-blank lines looked at; and, in a document, the valid records counted at most. */
#define FORMAT_DETECT_LINES 100
/* A regular file's first lines are read by chunks of this many bytes. */
#define FORMAT_DETECT_CHUNK ((size_t)64 * 1024)

struct jqf;
struct doc_tree;

/* How one source is to be read, as format_detect found it. */
struct format_found {
	const struct fieldmap *fields;    /* its records' fields (o->fields or a format's) */
	const struct options_format *fmt; /* the format found, or NULL */
	bool document;        /* read it as a document through fmt->records and jq below */
	struct jqf *jq;       /* fmt->jq compiled (fmt's own, compiled once per run and freed
	                         with the options: format_detect_jq), or NULL */
	char *doc;            /* the document's bytes, when detection read them whole (heap;
	                         the reader has none left), or NULL */
	size_t doc_len;
	struct doc_tree *tree; /* the document parsed, when detection read it whole and the
	                          format found reads it from there (doc_tree_reads; heap, and
	                          then doc is NULL), or NULL */
};

/* Fill *f for source r. With no candidates in o->detect: o->fields, nothing else.
 * A source of lines (doc_sniff says no) whose first FORMAT_DETECT_LINES non-blank lines
 * hold lines but no valid record under o->fields is tried against each line format (one
 * without records or jq), then, when none yields a record, against each document format
 * on those lines as JSON values; a document is read whole (into f->doc) and, when no
 * record read without a format is valid, tried against every format: a line format on its
 * records as read without one (one pass for all of them), a document format through its
 * records and jq (each program compiled at most once per run, and not at all for a
 * document in which no JSON value parses), on the document parsed once. The format with the most valid records wins (at least
 * one; counted up to FORMAT_DETECT_LINES; a tie goes to the earlier in o->detect), with
 * the note "FILE: read as NAME output (--log-format NAME)" on standard error; none: o->fields.
 * A regular file's lines are read at offsets (lr_read_chunk: nothing of the reader
 * changes); any other input's come from its first block (lr_peek_block, which the scan
 * then reads first), so its first 100 lines are those of its first block (about
 * LR_BLOCK_BYTES). A read error is left to the scan to meet and report. */
void format_detect(const struct options *o, struct line_reader *r, struct format_found *f);

/* Keys of the first line a hint names at most. */
#define FORMAT_HINT_KEYS 6

/* The hint of source r, unreadable under the mapping given (SPEC section 11): when one of
 * o->hint (the built-in formats alone) finds records in r as format_detect would (r's
 * first lines read again at offsets: a regular file of lines; a stream or a document read
 * whole has none left), "the first line has the keys K1, K2, ...: try --log-format NAME"
 * ("try --log-format NAME" when the first line is no JSON object); else NULL. Heap. */
char *format_hint(const struct options *o, struct line_reader *r);

/* Free what f holds (not f). */
void format_found_free(struct format_found *f);

#endif
