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

/* A document parsed once (doc_tree_new), to be cut into records many times over
 * (detection tries each format on it; the scan then reads the one found). */
struct doc_tree;

/* Parse buf[0, n) (as doc_read) into its top-level values, a top-level array gathered into
 * one array value, as doc_read does with jq or a path whose first part is a key; parsing
 * stops at the first value that is not valid JSON (kept, to be reported after the values
 * before it). With each (or NULL): until the first top-level array, each value is also sent
 * through each as doc_read(buf, n, NULL, NULL, each) sends it (compact JSON; the JSON error
 * through each->bad), so that a document without top-level arrays is parsed once for both;
 * each->rec returning true stops: NULL is returned. */
struct doc_tree *doc_tree_new(const char *buf, size_t n, const struct doc_out *each);
void doc_tree_free(struct doc_tree *t);
/* The values in t: none, and no path or jq can find a record in it. */
size_t doc_tree_count(const struct doc_tree *t);
/* True when doc_tree_read(t, path, a filter or NULL as jq says, ...) reads as
 * doc_read(buf, n, path, the same, ...) does (records, lines, reasons): always when t has
 * no top-level array; else with a path whose first part is a key, or with jq and no path
 * (where doc_read gathers the array too). */
bool doc_tree_reads(const struct doc_tree *t, const struct doc_path *path,
    bool jq);
/* doc_read on the document t was parsed from, when doc_tree_reads says so. */
uint64_t doc_tree_read(const struct doc_tree *t, const struct doc_path *path, struct jqf *jq,
    const struct doc_out *out);

#endif
