/* fieldmap.h - where a record's fields are found in an input line, and in which units
 * (SPEC section 15): --field NAME=KEY, --epoch UNIT, --duration-unit UNIT, compiled once into
 * a struct fieldmap that both parsers read (record.c on the jansson path, fastpath.c).
 *
 * A KEY is a top-level key ("tool") or a dot path ("timing.ms": the member "ms" of the
 * object under the top-level key "timing"); a dot always separates, so a key that itself
 * holds a dot cannot be named. The lookup is meant for reuse: fm_path_parse and fm_path_get
 * (fieldmap-json.h, which alone includes jansson) find any one value of a record on the
 * jansson path, and a struct fm_node tree (the keys that matter, level by level, each
 * leading to a slot number) is what the fast path walks;
 * a slot past the record fields (FM_SLOT_EXTRA) carries one more value per record (for
 * slicing by an arbitrary key), returned as raw JSON text. An extra slot inside the context
 * value (context.model) has a tree of its own, fieldmap.ctx_root, walked inside context. */
#ifndef PR_FIELDMAP_H
#define PR_FIELDMAP_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

/* The record fields, in the order of SPEC section 2. */
enum fm_field {
	FM_TIMESTAMP,
	FM_OPERATION,
	FM_DURATION,
	FM_SUCCESS,
	FM_SESSION,
	FM_ERROR,
	FM_CONTEXT,
	FM_NFIELDS
};
/* One more slot: a value the record does not interpret (fm_set_extra). */
#define FM_SLOT_EXTRA FM_NFIELDS
#define FM_NSLOTS (FM_NFIELDS + 1)

/* Time units of --epoch and --duration-unit. */
enum fm_unit { FM_UNIT_S, FM_UNIT_MS, FM_UNIT_US, FM_UNIT_NS };
/* fieldmap.epoch without --epoch. */
#define FM_NO_EPOCH (-1)

/* Parts in one dot path, at most. */
#define FM_MAX_PARTS 8

struct fm_path {
	char *text;                /* the KEY as given (heap, NUL-terminated) */
	char *part[FM_MAX_PARTS];  /* its parts, each heap and NUL-terminated */
	size_t len[FM_MAX_PARTS];
	size_t n;                  /* 0: no path (an unused extra slot) */
};

/* One object level of the lookup tree: the keys that matter there. */
struct fm_node {
	size_t n;
	uint64_t lens;     /* fm_len_bit of each member's key length */
	/* by fm_key_hash of a key: 0 when no member has that hash, FM_HASH_MANY when two or
	 * more do (search m), else the index of the one member that has it, plus one */
	unsigned char hash[64];
	struct fm_member {
		const char *key; /* points into an fm_path part */
		size_t len;
		int slot;              /* enum fm_field or FM_SLOT_EXTRA at a leaf; -1 inside */
		struct fm_node *child; /* the next level, when slot is -1 */
	} m[FM_NSLOTS];
};

/* The bit of struct fm_node's lens for a key of len bytes (63 and more share one). */
static inline uint64_t
fm_len_bit(size_t len)
{
	return UINT64_C(1) << (len < 63 ? len : 63);
}

/* A key's hash in 0..63, from its length and first and last bytes: struct fm_node's
 * hash index, and the fast path's duplicate-key signature bit. */
#define FM_HASH_MANY 0xff
static inline unsigned
fm_key_hash(const unsigned char *key, size_t len)
{
	return (unsigned)((len + (len > 0 ? (size_t)key[0] * 7 + (size_t)key[len - 1] * 3 :
	    0)) & 63);
}

struct fieldmap {
	struct fm_path path[FM_NSLOTS]; /* every field's path: its own name unless mapped */
	bool mapped[FM_NFIELDS];        /* --field gave another key */
	char *label[FM_NFIELDS];        /* for messages: "operation_type", or, when mapped,
	                                   "\"tool\" (operation_type)" (made printable) */
	int epoch;                      /* enum fm_unit, or FM_NO_EPOCH */
	enum fm_unit duration_unit;     /* default FM_UNIT_MS */
	bool plain;                     /* our own keys, no --epoch, milliseconds: what the
	                                   parsers did before this module existed */
	struct fm_node *root;           /* built by fm_finish */
	size_t extra_in_context;        /* the extra slot lies inside the context value, this
	                                   many parts down (the context path's length): it is
	                                   not in the tree but looked up in the context */
	struct fm_node *ctx_root;       /* with extra_in_context: the rest of the extra path
	                                   below the context value, as a tree (one chain to
	                                   FM_SLOT_EXTRA) that the fast path walks while it
	                                   scans the context; NULL otherwise */
	/* Expressions (SPEC section 16, expr.h), owned here. A computed field or --by key, or
	 * a time format, makes `computed` true. All keep the fast path: --where, --success
	 * and the computed values are evaluated over the text of the lines it accepts
	 * (expr_eval_raw), and a line goes to jansson when that declines (record.c); a time
	 * format applied to a timestamp read from its key sends every line to jansson. */
	struct expr *expr[FM_NSLOTS];   /* --field NAME=EXPR (the path is then unused), and a
	                                   computed --by/--explain key in the extra slot */
	struct expr **where;            /* --where EXPR, all must hold */
	size_t n_where;
	struct expr *success;           /* --success EXPR, or NULL */
	char *time_format;              /* --time-format FMT (value.h), or NULL */
	bool computed;                  /* set by fm_finish, as said above */
	bool plain_keys;                /* plain but for --where and --success: the fast
	                                   path reads our own keys (fastpath_parse) */
};

/* The record field names ("timestamp", ...) and the unit names ("s", "ms", "us", "ns"). */
const char *fm_field_name(enum fm_field f);
const char *fm_unit_name(enum fm_unit u);
/* Index of a field name, or -1. */
int fm_field_lookup(const char *name);

/* A fieldmap with every field under its own name, no --epoch, milliseconds. */
struct fieldmap *fm_new(void);
void fm_free(struct fieldmap *fm);

/* Split KEY into *out (freed by fm_path_clear). Returns 0, or -1 with *why a static reason
 * ("is empty", "has an empty part", "has more than 8 parts"). */
int fm_path_parse(const char *key, struct fm_path *out, const char **why);
void fm_path_clear(struct fm_path *p);

/* --field NAME=KEY. Returns 0, or -1 with a message in why[why_size]. A later call for the
 * same field replaces the earlier one. A KEY that is not a plain key or dot path
 * (expr_plain_path) is an expression, compiled here (why then starts "column N: ");
 * context takes only a key. */
int fm_set_field(struct fieldmap *fm, enum fm_field f, const char *key, char *why,
    size_t why_size);
/* The extra slot's path (NULL: none), or its expression when key is no key
 * (expr_plain_key). Same return as
 * fm_set_field. */
int fm_set_extra(struct fieldmap *fm, const char *key, char *why, size_t why_size);
/* --where EXPR (adds one), --success EXPR (replaces), --time-format FMT (replaces). Same
 * return as fm_set_field; why starts "column N: ". */
int fm_add_where(struct fieldmap *fm, const char *src, char *why, size_t why_size);
int fm_set_success(struct fieldmap *fm, const char *src, char *why, size_t why_size);
int fm_set_time_format(struct fieldmap *fm, const char *fmt, char *why, size_t why_size);

/* After the last fm_set_*: checks that no two paths are the same or one the prefix of the
 * other (a key cannot be two fields; the extra slot may lie inside context, as
 * context.model), then builds labels and the lookup tree. Returns 0, or -1 with a message
 * in why. */
int fm_finish(struct fieldmap *fm, char *why, size_t why_size);

/* Unix time in unit u -> UTC microseconds, exactly: seconds, milliseconds and microseconds
 * are exact, nanoseconds truncated toward the past (floor). Each returns 0, or -1 when the
 * instant lies outside years 0001-9999 (or the text is not a JSON number).
 * fm_epoch_text reads the JSON number literal s[0..len) as the decimal it spells
 * (1767345511.315 is 1767345511315000 us, not what a double makes of it);
 * fm_epoch_real reads a double through its shortest decimal form that reads back as the
 * same double (%.15g, else %.16g, else %.17g): the literal itself whenever it had at most
 * 15 significant digits. *digits (when not NULL) gets the count of significant digits of
 * the literal, from its first nonzero digit to the end of its mantissa. */
int fm_epoch_text(const char *s, size_t len, enum fm_unit u, int64_t *us, int *digits);
int fm_epoch_int(int64_t v, enum fm_unit u, int64_t *us);
int fm_epoch_real(double v, enum fm_unit u, int64_t *us);
/* fm_epoch_real the plain way, by snprintf and strtod: what fm_epoch_real falls back on
 * for the doubles its exact integer shortcut does not decide (not finite, zero, powers of
 * two, below 2^25 or from 2^52 on in magnitude, printing ties; every double where the
 * compiler has no 128-bit integers), and the reference
 * test-fieldmap checks it against. */
int fm_epoch_real_printed(double v, enum fm_unit u, int64_t *us);

/* A duration in unit u -> milliseconds: one IEEE double multiplication (s: by 1000) or
 * division (us: by 1000, ns: by 1e6), rounded to nearest; ms unchanged. May overflow to
 * infinity (the caller refuses it). */
double fm_duration_ms(double v, enum fm_unit u);

#endif
