/* document.h - sources that are JSON documents rather than JSON Lines (SPEC section 16,
 * Documents): a JSON array of records, or a stream of JSON values of any layout
 * (pretty-printed, concatenated). Sniffs the layout from a source's first bytes, and cuts a
 * document's bytes into records: the elements of a top-level array, each other top-level
 * value, or what --records PATH or --jq FILTER (jq-filter.h) finds in each value. Each
 * record goes out as compact JSON text with the line its value starts on, to be read by
 * record.h as a line would be. Knows nothing of sources, counts or options. */
#ifndef PR_DOCUMENT_H
#define PR_DOCUMENT_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

/* Bytes doc_sniff wants to see of a source's start (fewer when the source is shorter). */
#define DOC_SNIFF_BYTES ((size_t)64 * 1024)

/* True when p[0, n), the first bytes of a source (all of it when whole), start a document:
 * the first non-blank byte is '[', or it is '{' and the first line does not hold a JSON
 * value alone while a value that starts there runs past that line (pretty-printed) or is
 * followed on it by another value (concatenated). A JSON Lines file is never one. */
bool doc_sniff(const char *p, size_t n, bool whole);

/* --records PATH compiled: dot-separated keys, a key followed by "[]" steps into each
 * element of the array under it, a leading "[]" into each element of the value itself;
 * a key of digits alone on an array takes that element. */
struct doc_path;

/* Compile PATH. Returns NULL with a reason in why[why_size] ("has an empty part at column
 * 7", ...). */
struct doc_path *doc_path_new(const char *path, char *why, size_t why_size);
void doc_path_free(struct doc_path *dp);

struct jqf;

/* What one document read sends out. rec: a record's JSON text (len bytes, not
 * NUL-terminated; valid during the call): the element's own text for an element of a
 * top-level array read without a path or jq (not validated: it may be no JSON at all, or
 * hold a NUL byte), else compact JSON; found in the value that starts at line `line`;
 * return true to stop reading (--strict). bad: a value that is not JSON, or that the jq
 * filter failed on, at line `line`, with an English reason; true to stop. none: a value
 * from which no record came (filtered, SPEC section 16). */
struct doc_out {
	bool (*rec)(void *ctx, const char *text, size_t len, uint64_t line);
	bool (*bad)(void *ctx, uint64_t line, const char *why);
	void (*none)(void *ctx, uint64_t line);
	void *ctx;
};

/* Cut buf[0, n) (the whole document, a BOM already removed) into records, as said above:
 * with path (or NULL) and jq (or NULL: run on each value the path finds, or on each
 * top-level value without a path; each of its results is a record, and a value it fails
 * on is reported through bad). A top-level array is read element by element (its closing
 * ']' may be missing, as in a trace cut short); with a path that does not start with
 * "[]", or with jq and no path, its elements are gathered into one array value first. A value that is not valid JSON is
 * reported through bad, and the rest of the document after it is not read (where the next
 * value starts cannot be known). Returns the number of lines of buf (a last line without
 * newline counts). */
uint64_t doc_read(const char *buf, size_t n, const struct doc_path *path, struct jqf *jq,
    const struct doc_out *out);

#endif
