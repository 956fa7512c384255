/* expr.h - the expression language of SPEC section 16 (--where, --success, --field
 * NAME=EXPR, computed --by keys): compiled once into a small tree, evaluated per record
 * over the record's parsed JSON (jansson) without allocating once the scratch space has
 * grown to the longest string a record needs.
 *
 * Grammar (lowest precedence first; comparisons do not chain):
 *   or      = and { "||" and }
 *   and     = cmp { "&&" cmp }
 *   cmp     = sum [ ("==" | "!=" | "<" | "<=" | ">" | ">=" | "~" | "!~") sum ]
 *   sum     = product { ("+" | "-") product }
 *   product = unary { ("*" | "/") unary }
 *   unary   = ("!" | "-") unary | primary
 *   primary = number | string | "true" | "false" | "null" | path | "path" "(" or ")"
 *           | "(" or ")"
 *   path    = segment { "." segment }
 *   segment = bare | "`" any text but "`" "`"    (bare: letters, digits, _ @ $ and any
 *             non-ASCII UTF-8; a first
 *             bare segment does not start with a digit; a segment of digits indexes an
 *             array)
 * Strings are in double quotes with JSON's escapes (no \u0000).
 *
 * Values and rules: a missing path is null. == and != compare anything (null == null;
 * values of different kinds differ); the other comparisons are false when either side is
 * null or the two are not both numbers or both strings. A string that holds a number
 * compares and computes as that number in comparisons and in - * / ("200" < 400); two
 * numbers compare exactly (integers as integers). ~ and !~ match the left side (a string,
 * or a number's text) against a glob as --op does; false unless the right side is a
 * string. && and || give booleans and short-circuit; a side that is not true counts as
 * false. ! of a boolean negates it, of anything else is null. - * / need numbers (else
 * null); integers subtract, add and multiply exactly while the result fits 64 signed bits
 * (a difference of two int64 values is exact to the double it is rounded to once); / is
 * always real; a division by zero or a result that is not finite is null. Two strings
 * that are timestamps (RFC 3339, or the --time-format) subtract to milliseconds (the value
 * is marked ms: no duration unit applies). + adds two numbers and joins when either side
 * is a string (a number joins as its JSON text, a boolean as true/false); + with null, an
 * object or an array is null. path(x) drops from the first '?' on, and a final
 * " HTTP/..." protocol ("GET /a?b=1 HTTP/1.1" -> "GET /a"); null when x is no string. */
#ifndef PR_EXPR_H
#define PR_EXPR_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "common.h"

enum expr_kind { EXPR_NULL, EXPR_BOOL, EXPR_INT, EXPR_REAL, EXPR_STR, EXPR_JSON };

/* One value. Strings are not NUL-terminated (use len); they point into the record's JSON,
 * into the compiled expression or into the context's scratch space, valid until the next
 * expr_ctx_reset. */
struct expr_val {
	enum expr_kind kind;
	bool b;        /* EXPR_BOOL */
	bool ms;       /* a number that is a difference of timestamps, in milliseconds */
	int64_t i;     /* EXPR_INT */
	double d;      /* EXPR_REAL: finite */
	const char *s; /* EXPR_STR */
	size_t len;
	json_t *j;     /* EXPR_JSON: an object or an array (borrowed) */
};

/* What the fast path has learned of a member's value (struct expr_raw_member's kind). */
enum expr_raw_kind {
	EXPR_RAW_ANY, /* nothing: read the value from val */
	EXPR_RAW_STR, /* a string without escapes: its bytes are val[1..vend - 1) */
	EXPR_RAW_INT, /* an integer of 1 to 18 digits, no sign, fraction or exponent: val[0..vend) */
	EXPR_RAW_OBJ  /* an object val[0..vend) whose members are all in sub[0..n_sub) (each
	                 with its kind: STR, INT or ANY) */
};

/* A top-level member of a line the fast path accepted: its key's bytes (JSON spells it
 * without escapes), the first byte of its value and, with a kind other than EXPR_RAW_ANY,
 * the byte after the value. */
struct expr_raw_member {
	const char *key;
	size_t klen;
	const char *val;
	const char *vend;
	enum expr_raw_kind kind;
	const struct expr_raw_member *sub; /* EXPR_RAW_OBJ: the object's members, in order */
	size_t n_sub;
};

/* Slots of struct expr_ctx's guesses of where a path's first key is among a line's
 * top-level members. */
#define EXPR_TOP_HINTS 16
/* Members of one nested object struct expr_ctx remembers. */
#define EXPR_MEMO_MAX 16

/* What evaluation needs besides the record: the --time-format (NULL: RFC 3339) and the
 * scratch space for strings made by + and for the text of numbers. One per thread. */
struct expr_ctx {
	const char *time_format;
	const char *line;   /* expr_eval_raw: the line paths are looked up in */
	size_t line_len;
	bool raw_fail;      /* expr_eval_raw met what only jansson can give */
	const struct expr_raw_member *top; /* expr_eval_raw: when not NULL, every top-level
	                                      member of line (n_top), found by the fast path:
	                                      a path's first key is looked up here instead of
	                                      scanning the line again */
	size_t n_top;
	/* where in top a path's first key was found last (in the path's slot, one of
	 * EXPR_TOP_HINTS handed out in turn at compile time; checked before use, so only a
	 * guess) */
	const void *hint_seg[EXPR_TOP_HINTS];
	size_t top_hint[EXPR_TOP_HINTS];
	/* within one expr_eval_raw: the members read so far of the last object a path went
	 * into (memo_obj at its '{'; scanning resumes at memo_next; memo_done: all read), so
	 * that request.method and request.uri scan request once */
	const char *memo_obj, *memo_next;
	bool memo_done;
	size_t memo_n;
	struct expr_raw_member memo[EXPR_MEMO_MAX];
	char **block; /* scratch blocks, never moved while in use */
	size_t *cap;
	size_t n_blocks, cur, used;
	/* where in a top-level object the fast path has read (EXPR_RAW_OBJ) a path's second
	 * key was found last, in the path's slot as top_hint (a guess, checked before use) */
	const void *sub_hint_seg[EXPR_TOP_HINTS];
	size_t sub_hint[EXPR_TOP_HINTS];
};

struct expr;

/* Compile src (NUL-terminated). Returns the expression, or NULL with a message in
 * why[why_size] that starts with the 1-based column (in characters) of the fault:
 * "column 12: expected an operand (a path, a literal or '(')". */
struct expr *expr_compile(const char *src, char *why, size_t why_size);
void expr_free(struct expr *e);

/* Whether src is a plain key or dot path in the sense of SPEC section 15: bare segments
 * (letters, digits, _ @ $) joined by dots, not starting with a digit and not true, false
 * or null. Such a --field KEY stays the fast case (fieldmap.h). */
bool expr_plain_path(const char *src);

/* Whether src, a --by or --explain KEY, is a key (SPEC sections 14 and 15: any top-level
 * key or dot path, whatever its characters) rather than an expression: it holds no white
 * space, no parenthesis and no backquote (every useful computed key does: "status + \"\"",
 * "path(request)"). */
bool expr_plain_key(const char *src);

/* The first key of each path of e that has two or more segments (request.method:
 * "request"), in key[0..n) and len[0..n) (pointing into e), at most max of them. Returns n,
 * or max + 1 when e has more: the fast path then notes every top-level object. */
size_t expr_nested_keys(const struct expr *e, const char **key, size_t *len, size_t max);

/* Evaluate e over root (the record, a JSON object). */
void expr_eval(const struct expr *e, json_t *root, struct expr_ctx *ctx,
    struct expr_val *out);
/* Whether e's value on root is the boolean true (--where, --success). */
bool expr_true(const struct expr *e, json_t *root, struct expr_ctx *ctx);

/* The same over the text of a JSONL line that the fast path (fastpath.h) has accepted,
 * hence valid JSON without duplicate keys or out-of-range numbers: paths are found by
 * scanning the text, strings point into it. Returns 0, or -1 when a path meets what needs
 * the parsed value (a key or string with an escape, an object or array as a value): then
 * evaluate over jansson instead. expr_true_raw: 1 or 0 (as expr_true), or -1 likewise. */
int expr_eval_raw(const struct expr *e, const char *line, size_t len, struct expr_ctx *ctx,
    struct expr_val *out);
int expr_true_raw(const struct expr *e, const char *line, size_t len, struct expr_ctx *ctx);

/* Forget the strings of the last record (keeps the space). */
void expr_ctx_reset(struct expr_ctx *ctx);
void expr_ctx_free(struct expr_ctx *ctx);

/* The value of a JSON value (borrowed) as an expr_val; NULL becomes EXPR_NULL. */
void expr_from_json(json_t *j, struct expr_val *out);

/* The text of a scalar for a --by key or a join: a string's bytes, an integer's or a
 * real's JSON text (numfmt_json), true or false. Returns NULL for null, an object or an
 * array. Scratch space in ctx holds number texts. */
const char *expr_text(const struct expr_val *v, struct expr_ctx *ctx, size_t *len);

#endif
