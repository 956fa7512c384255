/* record.h - one JSONL line -> one validated struct record (SPEC section 2), via jansson
 * (kept out of this header: record-json.h gives the parsed context value). */
#ifndef PR_RECORD_H
#define PR_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "record-type.h"

/* Holds the parsed JSON of the last line; the strings in a struct record point into it (or
 * into the line itself, for the fast path) and stay valid until the next record_parse or
 * record_parser_free, and as long as the line's bytes. */
struct record_parser;

struct record_parser *record_parser_new(void);
/* The fast path (fastpath.h) is on by default; off, every line goes through jansson
 * (--no-fast-path, or PERF_REPORTER_NO_FAST_PATH=1, which cli_parse reads). */
void record_parser_set_fast(struct record_parser *p, bool on);
void record_parser_free(struct record_parser *p);
/* Records may be timeless (SPEC section 16): with on, a timestamp that is absent or null
 * makes a record with timeless set instead of a malformed line (--jq, formats). */
void record_parser_set_timeless(struct record_parser *p, bool on);
/* Read the fields where fm says (SPEC section 15: --field, --epoch, --duration-unit); fm
 * (not copied) must outlive the parser. NULL, or a plain fieldmap, reads our own keys. */
struct fieldmap;
void record_parser_set_fields(struct record_parser *p, const struct fieldmap *fm);

#define RECORD_WHY_SIZE 256

/* Parse and validate line[0..len) (no line terminator). Returns 0 and fills *out, or -1 and
 * writes a one-line English reason into why[RECORD_WHY_SIZE] ("not valid JSON: ...",
 * "not a JSON object", "operation_type is missing", "duration_ms is negative (-3)", ...),
 * or 1 when a --where of the fieldmap does not hold (the line is filtered: SPEC 16). */
int record_parse(struct record_parser *p, const char *line, size_t len, struct record *out,
    char why[RECORD_WHY_SIZE]);

/* The same value as compact JSON text (what json_dumps with JSON_COMPACT |
 * JSON_REAL_PRECISION(15) prints), or NULL when absent; *len is its length. The text stays
 * valid until the next record_parse. Text the fast path saw already in that form is passed
 * through without parsing. */
const char *record_context_text(struct record_parser *p, size_t *len);
/* The value under the fieldmap's extra slot (fm_set_extra: one more key per record, for
 * slicing) of the last valid record: a string's own text, any other value as compact JSON
 * (what record_context_text prints), or NULL when absent (also without an extra slot).
 * Not NUL-terminated; valid until the next record_parse. */
const char *record_extra(struct record_parser *p, size_t *len);
/* The same, and *scalar: true for a string, a number or a boolean, false for null, an
 * object or an array (slicing shows those as "(none)"). */
const char *record_extra_scalar(struct record_parser *p, size_t *len, bool *scalar);
/* Whether the fast path is on for this parser. */
bool record_parser_fast(const struct record_parser *p);

#endif
