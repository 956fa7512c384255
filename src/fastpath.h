/* fastpath.h - a strict scanner for the common record shape. It either fills a struct
 * record exactly as the jansson path (record.c) would, or declines and leaves the line to
 * jansson. It never decides that a line is malformed: every message and count stays
 * jansson's. It validates everything it skips (nested values, strings, escapes, UTF-8,
 * number ranges, duplicate keys), and declines whenever it is not sure: escapes in the
 * strings it returns (but a mapped error, given a struct fastpath_scratch), keys with
 * escapes, nesting deeper than FASTPATH_MAX_DEPTH, more than FASTPATH_MAX_KEYS keys in one
 * object, integers of 19 digits or more, reals that might overflow.
 * tests/fuzz/fuzz-fastpath.c checks the agreement on arbitrary input. */
#ifndef PR_FASTPATH_H
#define PR_FASTPATH_H

#include <stddef.h>
#include <stdint.h>
#include "expr.h"
#include "record-type.h"

#define FASTPATH_MAX_DEPTH 32
#define FASTPATH_MAX_KEYS 32

/* Returns 1 and fills *out (strings point into line, not NUL-terminated) and the span of
 * the raw "context" value text (*ctx NULL when absent), or 0 to decline. */
int fastpath_parse(const char *line, size_t len, struct record *out, const char **ctx,
    size_t *ctx_len);

/* The same for a record whose fields are found where fm (not plain) says, with its --epoch
 * and --duration-unit: the keys of fm's lookup tree are matched instead of ours. *extra
 * gets the raw text of the value under fm's extra slot (NULL when absent). */
struct fieldmap;
int fastpath_parse_mapped(const char *line, size_t len, const struct fieldmap *fm,
    struct record *out, const char **ctx, size_t *ctx_len, const char **extra,
    size_t *extra_len);

#define FASTPATH_MAX_TOP (FASTPATH_MAX_KEYS + 8) /* the other keys and fm's (FM_NSLOTS) */
#define FASTPATH_TMPL_BYTES 512 /* room for a template's keys (struct fastpath_scratch) */
#define FASTPATH_MAX_SUB 48 /* room for the members of top-level objects (the same) */
#define FASTPATH_VC_MAX 4    /* objects whose text struct fastpath_scratch keeps */
#define FASTPATH_VC_BYTES 256 /* the longest such text */

/* One key of a template, as the run of members that follow it reads them. */
struct fastpath_tkey {
	uint64_t word[2]; /* "KEY": (16 bytes or fewer) as two words read from memory, zero past
	                     its end */
	uint64_t mask[2]; /* the masks of its bytes; mask[0] zero: not made yet, longer, or
	                     never matches */
	unsigned char len;    /* as tk_len */
	signed char slot;     /* the field slot of a leaf of tk_node, FASTPATH_TK_OTHER for a key
	                         it does not have, FASTPATH_TK_INNER for an inner object */
	unsigned char member; /* as tk_member */
	uint64_t hash_bit;    /* 1 << tk_hash */
};
#define FASTPATH_TK_OTHER (-1)
#define FASTPATH_TK_INNER (-2)

/* Room for the strings the fast path unescapes (a mapped record's error with escapes),
 * reused from line to line: zeroed before the first use, buf freed by the owner. A record
 * that points into it stays valid until the next call with the same scratch.
 * It also keeps the top-level keys of the last lines (the template: lines of one log have
 * their keys in one order): a key that is byte for byte the template's at its place,
 * with its quotes and ':', is taken without scanning, hashing and looking it up again. */
struct fastpath_scratch {
	char *buf;
	size_t cap;
	const void *tk_node; /* the lookup tree the template was made with */
	size_t tk_n;         /* its keys, all different (the first keys of one object) */
	unsigned short tk_off[FASTPATH_MAX_TOP + 1]; /* key j's "KEY": in tk_text */
	unsigned char tk_len[FASTPATH_MAX_TOP];   /* its length (0xff: never matches) */
	unsigned char tk_member[FASTPATH_MAX_TOP]; /* its index in tk_node, or the count */
	unsigned char tk_hash[FASTPATH_MAX_TOP];  /* its fm_key_hash */
	char tk_text[FASTPATH_TMPL_BYTES];
	struct fastpath_tkey tk_key[FASTPATH_MAX_TOP]; /* key j as fastpath.c's run reads it */
	/* the members of the line's top-level objects nobody maps (fastpath_parse_indexed's
	 * EXPR_RAW_OBJ members point here), valid until the next call */
	struct expr_raw_member sub[FASTPATH_MAX_SUB];
	const void *sub_fm;  /* the fieldmap sub_want was made for */
	uint64_t sub_want;   /* by fm_key_hash: the top-level keys its expressions' paths go
	                        into (a guess: a key whose bit is set is noted) */
	/* the template of the noted objects' keys, by place in sub (as tk_* are of the top
	 * level): place j's "KEY": in nk_text, taken by an object that starts at the place
	 * in nk_tag[j]'s high byte (the keys of one object are all different) */
	size_t nk_n;
	unsigned short nk_off[FASTPATH_MAX_SUB + 1];
	unsigned short nk_tag[FASTPATH_MAX_SUB]; /* that place << 8 | the key's length
	                                           (0xff: never matches) */
	char nk_text[FASTPATH_TMPL_BYTES];
	/* the text of the last line's objects inside top-level members nobody maps (Caddy's
	 * headers), the i-th of the line in vc_text[i] (vc_len[i] bytes, 0: none), validated
	 * at depth vc_depth[i]: the same bytes at the same depth are that valid object again */
	unsigned short vc_len[FASTPATH_VC_MAX];
	unsigned char vc_depth[FASTPATH_VC_MAX];
	unsigned char vc_wait[FASTPATH_VC_MAX];    /* lines to scan without a look */
	unsigned char vc_backoff[FASTPATH_VC_MAX]; /* the last wait (0 after a match) */
	char vc_text[FASTPATH_VC_MAX][FASTPATH_VC_BYTES];
};

/* fastpath_parse_mapped, and when it accepts, every top-level member of the line (key and
 * value start) in top[0..*n_top) (FASTPATH_MAX_TOP at most), for expr_eval_raw
 * (expr_ctx.top): an expression's path then starts without scanning the line again. With
 * scratch (not NULL), an error string with escapes is read too (unescaped into scratch, as
 * jansson decodes it) instead of declined, and a top-level object that no field maps is
 * EXPR_RAW_OBJ when a path of fm's expressions goes into it (fm's expressions are not
 * changed while scratch is in use with fm) and all its members fit in scratch->sub
 * (FASTPATH_MAX_SUB for the line's objects together): the path's second key is then found
 * there.
 * With top (not NULL) it may also return FASTPATH_INDEXED: the line is one valid JSON
 * object (as jansson would load it: the whole line was scanned) and its top-level members
 * are in top[0..*n_top), but it is no record the fast path reads (a required field is
 * missing, or a field's value is one it leaves to jansson). --where may then be evaluated
 * over the text (a line it filters out needs no more); anything else goes to jansson. */
#define FASTPATH_INDEXED 2
struct expr_raw_member;
int fastpath_parse_indexed(const char *line, size_t len, const struct fieldmap *fm,
    struct record *out, const char **ctx, size_t *ctx_len, const char **extra,
    size_t *extra_len, struct expr_raw_member *top, size_t *n_top,
    struct fastpath_scratch *scratch);

/* True when s[0..n), a JSON value the fast path has validated, is byte for byte what
 * jansson's compact dump (JSON_COMPACT) of that value prints: no white space outside
 * strings, no escapes, integers only (no fraction or exponent, no "-0"). Then the text can
 * be passed through instead of parsed and dumped again. */
bool fastpath_compact(const char *s, size_t n);

/* The double nearest to mant * 10^exp10 (ties to even), as strtod gives it for a decimal
 * of those digits, for mant of at least 2^53 (below, one IEEE operation suffices) and
 * exp10 in -21..-1: the epoch seconds of 16 to 19 significant digits (1767345511.3152785)
 * that Caddy writes. Puts it in *out and returns 0, or returns -1 (the caller asks strtod)
 * outside that range, and always where the compiler has no 128-bit integers. */
int fastpath_decimal_real(uint64_t mant, int exp10, double *out);

#endif
