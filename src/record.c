/* record.c - one JSONL line -> one validated struct record, with jansson as the parser.
 * Every validity rule of SPEC section 2 that concerns a single line lives here. */
#include "record.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "utf8.h"
#include "fastpath.h"
#include "fieldmap-json.h"
#include "record-json.h"
#include "numfmt.h"
#include "timeutil.h"
#include "value.h"
#include "xalloc.h"

struct record_parser {
	json_t *root; /* the last parsed object; owns the strings a record points into */
	json_t *context;
	bool fast;
	const char *ctx_text; /* fast path: raw "context" text, parsed on demand */
	bool big_ints;        /* parsed again with integers as reals (see record_parse) */
	const char *line;     /* the line being parsed, for record_dur_past_2_64 */
	size_t len;
	char *ctx_dump;       /* record_context_text's jansson dump, freed at the next parse */
	bool context_fitted;  /* record_fit_reals done on context */
	size_t ctx_len;
	const struct fieldmap *fm; /* NULL: our own keys, no --epoch, milliseconds */
	json_t *extra;             /* jansson path: the extra slot's value (borrowed) */
	const char *extra_text;    /* fast path: its raw text (inside context too) */
	size_t extra_len;
	json_t *extra_root;        /* the raw text parsed, when it had to be */
	char *extra_dump;          /* record_extra's compact dump */
	struct expr_ctx ectx;      /* expressions' scratch space (fm->computed) */
	const char *xextra;        /* a computed extra slot's text (NULL: none) */
	size_t xextra_len;
	bool xextra_scalar;
	bool timeless_ok;          /* record_parser_set_timeless */
	bool timeless;             /* the last record had no time */
	bool raw;                  /* computed fields are evaluated over the line's text
	                              (record_raw_fields), not over root */
	bool raw_declined;         /* an expression met what only jansson can give */
	struct expr_raw_member top[FASTPATH_MAX_TOP]; /* the fast path's top-level members */
	size_t n_top;
	struct fastpath_scratch scratch; /* the fast path's unescaped error string */
};

/* jansson allocates through xalloc, so that running out of memory stops the run with a
 * message and status 2 instead of looking like a malformed line. */
static void *
record_json_malloc(size_t n)
{
	return xmalloc(n);
}

static void
record_json_setup(void)
{
	json_set_alloc_funcs(record_json_malloc, free);
}

struct record_parser *
record_parser_new(void)
{
	struct record_parser *p = xcalloc(1, sizeof(struct record_parser));
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, record_json_setup);
	p->fast = true;
	return p;
}

void
record_parser_set_fast(struct record_parser *p, bool on)
{
	p->fast = on;
}

void
record_parser_set_timeless(struct record_parser *p, bool on)
{
	p->timeless_ok = on;
}

void
record_parser_free(struct record_parser *p)
{
	if (p == NULL)
		return;
	json_decref(p->root);
	free(p->ctx_dump);
	json_decref(p->extra_root);
	free(p->extra_dump);
	expr_ctx_free(&p->ectx);
	free(p->scratch.buf);
	free(p);
}

void
record_parser_set_fields(struct record_parser *p, const struct fieldmap *fm)
{
	p->fm = fm != NULL && !fm->plain ? fm : NULL;
	p->ectx.time_format = p->fm != NULL ? p->fm->time_format : NULL;
	/* The fast path's key template names members of the tree it was made with, known by
	 * its address: another fieldmap could be made where a freed one was. */
	p->scratch.tk_node = NULL;
	p->scratch.tk_n = 0;
	p->scratch.sub_fm = NULL; /* the same for the keys its expressions go into */
}

bool
record_parser_fast(const struct record_parser *p)
{
	return p->fast;
}

const char *
record_context_text(struct record_parser *p, size_t *len)
{
	json_t *ctx;

	if (p->ctx_text != NULL && fastpath_compact(p->ctx_text, p->ctx_len)) {
		*len = p->ctx_len;
		return p->ctx_text;
	}
	if ((ctx = record_context(p)) == NULL)
		return NULL;
	free(p->ctx_dump);
	p->ctx_dump = json_dumps(ctx, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
	if (p->ctx_dump == NULL)
		xalloc_die();
	*len = strlen(p->ctx_dump);
	return p->ctx_dump;
}

/* Reals within a few ulps of DBL_MAX would print (with 15 digits) past it, as numbers no
 * reader can hold: nudge them as numfmt_fit15 does. */
static void
record_fit_reals(json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;

	if (json_is_real(v)) {
		double x = json_real_value(v);
		if (numfmt_fit15(x) < x || numfmt_fit15(x) > x)
			json_real_set(v, numfmt_fit15(x));
	} else if (json_is_object(v)) {
		json_object_foreach(v, key, item)
			record_fit_reals(item);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			record_fit_reals(item);
	}
}

/* jansson keeps integers in 64 signed bits and refuses a longer one (in context, say) as a
 * numeric overflow, although it is a number that fits a double. Such a text is parsed again
 * from a copy in which each integer literal outside 64 signed bits (and outside strings) is
 * followed by ".0", so that jansson reads it, and it alone, as a real: the other integers
 * of the line stay integers (a key value 42 stays "42", not "42.0"). The copy's extra bytes
 * are taken off the column of an error in it. A duration past 2^64 is refused afterwards,
 * on the literal's digits (record_dur_past_2_64). */
static bool
record_int_fits(const char *d, size_t n, bool neg)
{
	const char *max = neg ? "9223372036854775808" : "9223372036854775807";

	while (n > 1 && *d == '0') {
		d++;
		n--;
	}
	return n < 19 || (n == 19 && memcmp(d, max, 19) <= 0);
}

static json_t *
record_load(const char *text, size_t len, size_t flags, bool *big_ints, json_error_t *err)
{
	json_t *v = json_loadb(text, len, flags, err);
	char *copy;
	size_t n = 0, marked = 0, *at;
	bool in_str = false;

	*big_ints = false;
	if (v != NULL || json_error_code(err) != json_error_numeric_overflow)
		return v;
	copy = xmalloc(len + len + 1);
	at = xmalloc((len / 2 + 1) * sizeof(*at)); /* a literal and its separator: 2 bytes */
	for (size_t i = 0; i < len;) {
		char c = text[i];

		if (in_str) {
			copy[n++] = text[i++];
			if (c == '\\' && i < len)
				copy[n++] = text[i++];
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"')
			in_str = true;
		if (c != '-' && (c < '0' || c > '9')) {
			copy[n++] = text[i++];
			continue;
		}
		size_t s = i + (c == '-'), e = s;

		while (e < len && text[e] >= '0' && text[e] <= '9')
			e++;
		memcpy(copy + n, text + i, e - i);
		n += e - i;
		i = e;
		if (e > s && (e >= len || (text[e] != '.' && text[e] != 'e' && text[e] != 'E')) &&
		    !record_int_fits(text + s, e - s, c == '-')) {
			at[marked++] = n;
			copy[n++] = '.';
			copy[n++] = '0';
		}
	}
	v = json_loadb(copy, n, flags, err);
	if (v == NULL) {
		/* Take off the two bytes of each mark before the error. */
		size_t before = 0;

		for (size_t k = 0; k < marked; k++)
			before += at[k] < (size_t)err->position;
		if (err->column > 2 * (int)before)
			err->column -= 2 * (int)before;
	}
	free(at);
	free(copy);
	*big_ints = v != NULL;
	return v;
}

json_t *
record_context(struct record_parser *p)
{
	if (p->context == NULL && p->ctx_text != NULL) {
		/* Validated by the fast path already; jansson builds the value. */
		json_error_t err;
		bool big;

		p->root = record_load(p->ctx_text, p->ctx_len, JSON_REJECT_DUPLICATES |
		    JSON_DECODE_ANY, &big, &err);
		p->context = p->root;
		p->context_fitted = false;
	}
	if (p->context != NULL && !p->context_fitted) {
		record_fit_reals(p->context);
		p->context_fitted = true;
	}
	return p->context;
}

static int PR_PRINTF(2, 3)
record_fail(char why[RECORD_WHY_SIZE], const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, RECORD_WHY_SIZE, fmt, ap);
	va_end(ap);
	return -1;
}

/* Short, printable excerpt of a JSON string value for a message. */
static void
record_excerpt(const json_t *s, char *buf, size_t bufsz)
{
	char *clean = utf8_escape_cut(json_string_value(s), json_string_length(s), 48);

	snprintf(buf, bufsz, "%s", clean);
	free(clean);
}

/* The member holding field f: the mapped path, else the field's own key. */
static json_t *
record_get(const struct record_parser *p, enum fm_field f)
{
	if (p->fm == NULL)
		return json_object_get(p->root, fm_field_name(f));
	return fm_path_get(p->root, &p->fm->path[f]);
}

/* The field's name in messages: "operation_type", or "\"tool\" (operation_type)". */
static const char *
record_label(const struct record_parser *p, enum fm_field f)
{
	return p->fm == NULL ? fm_field_name(f) : p->fm->label[f];
}

/* Fetch a required string member. */
static int
record_need_string(struct record_parser *p, enum fm_field f, json_t **out,
    char why[RECORD_WHY_SIZE])
{
	json_t *v = record_get(p, f);

	if (v == NULL)
		return record_fail(why, "%s is missing", record_label(p, f));
	if (json_is_null(v))
		return record_fail(why, "%s is null", record_label(p, f));
	if (!json_is_string(v))
		return record_fail(why, "%s is not a string", record_label(p, f));
	*out = v;
	return 0;
}

/* An optional member that must be a string or null; *out is NULL when absent or null. */
static int
record_opt_string(struct record_parser *p, enum fm_field f, json_t **out,
    char why[RECORD_WHY_SIZE])
{
	json_t *v = record_get(p, f);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return record_fail(why, "%s is not a string or null", record_label(p, f));
	*out = v;
	return 0;
}

/* With --epoch: a numeric timestamp as Unix time (SPEC section 15). */
static int
record_epoch(struct record_parser *p, json_t *ts, int64_t *us, char why[RECORD_WHY_SIZE])
{
	enum fm_unit u = (enum fm_unit)p->fm->epoch;
	int r;

	if (json_is_integer(ts))
		r = fm_epoch_int(json_integer_value(ts), u, us);
	else
		r = fm_epoch_real(json_real_value(ts), u, us);
	if (r < 0 && json_is_integer(ts))
		return record_fail(why, "%s %" JSON_INTEGER_FORMAT " (Unix time in %s) is outside "
		    "the years 0001-9999", record_label(p, FM_TIMESTAMP), json_integer_value(ts),
		    fm_unit_name(u));
	if (r < 0)
		return record_fail(why, "%s %.15g (Unix time in %s) is outside the years 0001-9999",
		    record_label(p, FM_TIMESTAMP), json_real_value(ts), fm_unit_name(u));
	return 0;
}

/* Field f as a value: computed by its expression (over the line's text in raw mode,
 * noting in raw_declined when that needs jansson), else read from its path. */
static void
record_val(struct record_parser *p, enum fm_field f, struct expr_val *v)
{
	if (p->fm != NULL && p->fm->expr[f] != NULL && p->raw) {
		if (expr_eval_raw(p->fm->expr[f], p->line, p->len, &p->ectx, v) < 0)
			p->raw_declined = true;
	} else if (p->fm != NULL && p->fm->expr[f] != NULL)
		expr_eval(p->fm->expr[f], p->root, &p->ectx, v);
	else
		expr_from_json(record_get(p, f), v);
}

/* A short, printable excerpt of a string value for a message. */
static void
record_val_excerpt(const struct expr_val *v, char *buf, size_t bufsz)
{
	char *clean = utf8_escape_cut(v->s, v->len, 48);

	snprintf(buf, bufsz, "%s", clean);
	free(clean);
}

/* A timestamp from a value (SPEC section 16, Values): a number or a numeric string with
 * --epoch, text in the --time-format, else RFC 3339. */
static int
record_ts_val(struct record_parser *p, const struct expr_val *v, int64_t *us,
    char why[RECORD_WHY_SIZE])
{
	const char *tl = record_label(p, FM_TIMESTAMP), *tswhy;
	enum fm_unit u = (enum fm_unit)p->fm->epoch;
	char ex[160];
	double d;
	int r;

	switch (v->kind) {
	case EXPR_NULL:
		return record_fail(why, "%s is null", tl);
	case EXPR_INT:
	case EXPR_REAL:
		if (p->fm->epoch == FM_NO_EPOCH)
			return record_fail(why, "%s is a number; give --epoch UNIT to read Unix time", tl);
		r = v->kind == EXPR_INT ? fm_epoch_int(v->i, u, us) : fm_epoch_real(v->d, u, us);
		if (r < 0)
			return record_fail(why, "%s %.15g (Unix time in %s) is outside the years "
			    "0001-9999", tl, v->kind == EXPR_INT ? (double)v->i : v->d, fm_unit_name(u));
		return 0;
	case EXPR_STR:
		record_val_excerpt(v, ex, sizeof(ex));
		if (p->fm->epoch != FM_NO_EPOCH && value_numeric(v->s, v->len, &d)) {
			if (fm_epoch_text(v->s, v->len, u, us, NULL) < 0)
				return record_fail(why, "%s \"%s\" (Unix time in %s) is outside the years "
				    "0001-9999", tl, ex, fm_unit_name(u));
			return 0;
		}
		if (p->fm->time_format != NULL)
			r = value_strptime(p->fm->time_format, v->s, v->len, us, &tswhy);
		else
			r = tu_parse(v->s, v->len, 0, us, &tswhy);
		if (r < 0)
			return record_fail(why, "%s \"%s\": %s", tl, ex, tswhy);
		return 0;
	case EXPR_BOOL:
	case EXPR_JSON:
		break;
	}
	return record_fail(why, "%s is not a string", tl);
}

static int
record_timestamp(struct record_parser *p, int64_t *us, char why[RECORD_WHY_SIZE])
{
	json_t *ts;
	const char *tswhy;
	char ex[160];

	p->timeless = false;
	if (p->fm != NULL && p->fm->expr[FM_TIMESTAMP] != NULL) {
		struct expr_val v;

		record_val(p, FM_TIMESTAMP, &v);
		if (p->timeless_ok && v.kind == EXPR_NULL) {
			p->timeless = true;
			*us = INT64_MIN;
			return 0;
		}
		return record_ts_val(p, &v, us, why);
	}
	if (p->timeless_ok && ((ts = record_get(p, FM_TIMESTAMP)) == NULL || json_is_null(ts))) {
		p->timeless = true;
		*us = INT64_MIN;
		return 0;
	}
	if (p->fm != NULL && (ts = record_get(p, FM_TIMESTAMP)) != NULL && json_is_string(ts) &&
	    (p->fm->time_format != NULL || (p->fm->epoch != FM_NO_EPOCH &&
	    value_numeric(json_string_value(ts), json_string_length(ts), NULL)))) {
		struct expr_val v;

		expr_from_json(ts, &v);
		return record_ts_val(p, &v, us, why);
	}
	if (p->fm != NULL && p->fm->epoch != FM_NO_EPOCH) {
		ts = record_get(p, FM_TIMESTAMP);
		if (ts != NULL && json_is_number(ts))
			return record_epoch(p, ts, us, why);
	}
	if (record_need_string(p, FM_TIMESTAMP, &ts, why) < 0)
		return -1;
	if (tu_parse(json_string_value(ts), json_string_length(ts), 0, us, &tswhy) < 0) {
		record_excerpt(ts, ex, sizeof(ex));
		return record_fail(why, "%s \"%s\": %s", record_label(p, FM_TIMESTAMP), ex, tswhy);
	}
	return 0;
}

/* p at an opening quote: the byte after the closing one. */
static const char *
record_skip_string(const char *p, const char *end)
{
	for (p++; p < end && *p != '"'; p++)
		if (*p == '\\')
			p++;
	return p < end ? p + 1 : end;
}

static const char *
record_skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* p at a value: the byte after it (a scalar runs to the next ',' or '}'). */
static const char *
record_skip_value(const char *p, const char *end)
{
	int depth = 0;

	while (p < end) {
		if (*p == '"') {
			p = record_skip_string(p, end);
			if (depth == 0)
				return p;
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']') {
			if (depth == 0)
				return p; /* the end of the enclosing object */
			if (--depth == 0)
				return p + 1;
		} else if (depth == 0 && *p == ',')
			return p;
		p++;
	}
	return p;
}

/* True when the raw key k[0, n) (escapes undone) is "duration_ms". */
static bool
record_key_is_duration(const char *k, size_t n)
{
	static const char want[] = "duration_ms";
	size_t got = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned c = (unsigned char)k[i];

		if (c == '\\' && i + 1 < n) {
			c = (unsigned char)k[++i];
			if (c == 'u') {
				unsigned v = 0;

				for (int d = 0; d < 4; d++) {
					unsigned h = i + 1 < n ? (unsigned char)k[++i] : 'x';

					v = v * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
				}
				c = v;
			}
		}
		if (got >= sizeof(want) - 1 || c != (unsigned char)want[got])
			return false;
		got++;
	}
	return got == sizeof(want) - 1;
}

/* With integers read as reals: true when the top-level "duration_ms" of the line (valid
 * JSON: jansson parsed it) is an integer literal past 2^64, decided on its digits (JSON
 * has no leading zeros): a double cannot tell 18446744073709551617 from 2^64. */
static bool
record_dur_past_2_64(const struct record_parser *p)
{
	const char *q = record_skip_ws(p->line, p->line + p->len), *end = p->line + p->len;

	if (q >= end || *q != '{')
		return false;
	for (q++;;) {
		const char *k, *v, *ve;

		q = record_skip_ws(q, end);
		if (q >= end || *q != '"')
			return false;
		k = q + 1;
		q = record_skip_string(q, end);
		if (q - 1 < k)
			return false;
		ve = q - 1; /* the closing quote */
		q = record_skip_ws(q, end);
		if (q >= end || *q != ':')
			return false;
		v = record_skip_ws(q + 1, end);
		q = record_skip_value(v, end);
		if (record_key_is_duration(k, (size_t)(ve - k))) {
			size_t n = 0;

			while (v + n < q && *(v + n) >= '0' && *(v + n) <= '9')
				n++;
			if (record_skip_ws(v + n, q) != q)
				return false; /* a fraction or an exponent: a real */
			return n > 20 || (n == 20 && memcmp(v, "18446744073709551616", 20) > 0);
		}
		q = record_skip_ws(q, end);
		if (q >= end || *q != ',')
			return false;
		q++;
	}
}

/* A duration from a value (SPEC section 16, Values): a number, a numeric string (both in
 * --duration-unit), a Go duration, or a difference of timestamps (already ms). */
static int
record_dur_val(struct record_parser *p, const struct expr_val *v, double *d,
    char why[RECORD_WHY_SIZE])
{
	static const double mul[] = {[FM_UNIT_S] = 1000, [FM_UNIT_MS] = 1, [FM_UNIT_US] = 1,
	    [FM_UNIT_NS] = 1};
	static const double div[] = {[FM_UNIT_S] = 1, [FM_UNIT_MS] = 1, [FM_UNIT_US] = 1000,
	    [FM_UNIT_NS] = 1e6};
	const char *dl = record_label(p, FM_DURATION), *dwhy;
	enum fm_unit u = p->fm->duration_unit;
	char ex[160];

	switch (v->kind) {
	case EXPR_NULL:
		return record_fail(why, "%s is null", dl);
	case EXPR_INT:
	case EXPR_REAL:
		*d = v->kind == EXPR_INT ? (double)v->i : v->d;
		if (!v->ms)
			*d = fm_duration_ms(*d, u);
		break;
	case EXPR_STR:
		if (value_duration(v->s, v->len, mul[u], div[u], d, &dwhy) < 0) {
			record_val_excerpt(v, ex, sizeof(ex));
			return record_fail(why, "%s \"%s\" %s", dl, ex, dwhy);
		}
		break;
	case EXPR_BOOL:
	case EXPR_JSON:
		return record_fail(why, "%s is not a number", dl);
	}
	if (!isfinite(*d))
		return record_fail(why, "%s in milliseconds does not fit a double", dl);
	if (*d < 0)
		return record_fail(why, "%s is negative (%.15g)", dl, *d);
	return 0;
}

/* The duration read from JSON as SPEC section 2 and 15 say. */
static int
record_dur_json(struct record_parser *p, double *out, char why[RECORD_WHY_SIZE])
{
	const char *dl = record_label(p, FM_DURATION);
	json_t *dur = record_get(p, FM_DURATION);
	double d;

	if (dur == NULL)
		return record_fail(why, "%s is missing", dl);
	if (json_is_null(dur))
		return record_fail(why, "%s is null", dl);
	if (!json_is_number(dur))
		return record_fail(why, "%s is not a number", dl);
	d = json_number_value(dur);
	if (!isfinite(d))
		return record_fail(why, "%s does not fit a double", dl);
	if (d < 0)
		return record_fail(why, "%s is negative (%.15g)", dl, d);
	/* Our own key: decided on the literal's digits; a key given by --field: on the double
	 * (2^64 + 1 to 2^64 + 2048 then pass as 2^64). */
	if (p->big_ints && (p->fm == NULL || !p->fm->mapped[FM_DURATION] ?
	    record_dur_past_2_64(p) : d > 18446744073709551616.0))
		return record_fail(why, "%s is an integer past 2^64", dl);
	if (p->fm != NULL && p->fm->duration_unit != FM_UNIT_MS &&
	    !isfinite(d = fm_duration_ms(d, p->fm->duration_unit)))
		return record_fail(why, "%s in milliseconds does not fit a double", dl);
	*out = d;
	return 0;
}

static int
record_duration(struct record_parser *p, double *d, char why[RECORD_WHY_SIZE])
{
	struct expr_val v;
	json_t *dur;

	if (p->fm != NULL && (p->fm->expr[FM_DURATION] != NULL || (p->fm->mapped[FM_DURATION] &&
	    (dur = record_get(p, FM_DURATION)) != NULL && json_is_string(dur)))) {
		record_val(p, FM_DURATION, &v);
		return record_dur_val(p, &v, d, why);
	}
	return record_dur_json(p, d, why);
}

/* A computed string field (operation_type when required, session_id, error): its bytes,
 * or NULL when null (not allowed when required). */
static int
record_str_val(struct record_parser *p, enum fm_field f, bool required, const char **s,
    size_t *len, char why[RECORD_WHY_SIZE])
{
	struct expr_val v;

	record_val(p, f, &v);
	*s = NULL;
	*len = 0;
	if (v.kind == EXPR_NULL && required)
		return record_fail(why, "%s is null", record_label(p, f));
	if (v.kind == EXPR_NULL)
		return 0;
	if (v.kind != EXPR_STR)
		return record_fail(why, required ? "%s is not a string" :
		    "%s is not a string or null", record_label(p, f));
	if (required && v.len == 0)
		return record_fail(why, "%s is empty", record_label(p, f));
	*s = v.s != NULL ? v.s : "";
	*len = v.len;
	return 0;
}

/* Field f (a string, or null when optional) from its expression, or from JSON. */
static int
record_str(struct record_parser *p, enum fm_field f, bool required, const char **s,
    size_t *len, char why[RECORD_WHY_SIZE])
{
	json_t *v;

	if (p->fm != NULL && p->fm->expr[f] != NULL)
		return record_str_val(p, f, required, s, len, why);
	if (required) {
		if (record_need_string(p, f, &v, why) < 0)
			return -1;
		if (json_string_length(v) == 0)
			return record_fail(why, "%s is empty", record_label(p, f));
	} else if (record_opt_string(p, f, &v, why) < 0)
		return -1;
	*s = v != NULL ? json_string_value(v) : NULL;
	*len = v != NULL ? json_string_length(v) : 0;
	return 0;
}

/* success: --success EXPR, a computed or read boolean, else derived from error. */
static int
record_success(struct record_parser *p, struct record *out, char why[RECORD_WHY_SIZE])
{
	struct expr_val v;

	if (p->fm != NULL && p->fm->success != NULL) {
		out->success_given = true;
		out->success = expr_true(p->fm->success, p->root, &p->ectx);
		return 0;
	}
	record_val(p, FM_SUCCESS, &v);
	if (v.kind != EXPR_NULL && v.kind != EXPR_BOOL)
		return record_fail(why, "%s is not a boolean", record_label(p, FM_SUCCESS));
	out->success_given = v.kind == EXPR_BOOL;
	out->success = out->success_given ? v.b : out->error == NULL;
	return 0;
}

/* A computed --by/--explain key: its text, kept for record_extra. */
static void
record_extra_computed(struct record_parser *p)
{
	struct expr_val v;

	expr_eval(p->fm->expr[FM_SLOT_EXTRA], p->root, &p->ectx, &v);
	p->xextra = expr_text(&v, &p->ectx, &p->xextra_len);
	p->xextra_scalar = p->xextra != NULL;
	if (v.kind == EXPR_JSON) {
		free(p->extra_dump);
		p->extra_dump = json_dumps(v.j, JSON_COMPACT | JSON_ENCODE_ANY |
		    JSON_REAL_PRECISION(15));
		if (p->extra_dump == NULL)
			xalloc_die();
		p->xextra = p->extra_dump;
		p->xextra_len = strlen(p->extra_dump);
	}
}

static int
record_fields(struct record_parser *p, struct record *out, char why[RECORD_WHY_SIZE])
{
	double d;

	if (record_timestamp(p, &out->ts_us, why) < 0)
		return -1;
	out->timeless = p->timeless;
	if (record_str(p, FM_OPERATION, true, &out->op, &out->op_len, why) < 0)
		return -1;
	if (record_duration(p, &d, why) < 0)
		return -1;
	if (record_str(p, FM_SESSION, false, &out->session_id, &out->session_len, why) < 0 ||
	    record_str(p, FM_ERROR, false, &out->error, &out->error_len, why) < 0)
		return -1;
	if (record_success(p, out, why) < 0)
		return -1;
	out->duration_ms = d + 0.0; /* turns -0 into +0 */
	p->context = record_get(p, FM_CONTEXT);
	if (p->fm != NULL && p->fm->expr[FM_SLOT_EXTRA] != NULL)
		record_extra_computed(p);
	else if (p->fm != NULL && p->fm->path[FM_SLOT_EXTRA].n > 0 && p->fm->extra_in_context == 0)
		p->extra = fm_path_get(p->root, &p->fm->path[FM_SLOT_EXTRA]);
	return 0;
}

const char *
record_extra(struct record_parser *p, size_t *len)
{
	bool scalar;

	return record_extra_scalar(p, len, &scalar);
}

const char *
record_extra_scalar(struct record_parser *p, size_t *len, bool *scalar)
{
	json_t *v = p->extra;

	*scalar = true;
	if (p->fm != NULL && p->fm->expr[FM_SLOT_EXTRA] != NULL) {
		*scalar = p->xextra_scalar;
		*len = p->xextra_len;
		return p->xextra;
	}

	/* Inside context: the fast path found the value while it scanned the context
	 * (fm->ctx_root) and gives its text as for a top-level key; without the context's
	 * text (the jansson path, or no context at all) it is looked up in the parsed value. */
	if (p->fm != NULL && p->fm->extra_in_context > 0 && p->ctx_text == NULL) {
		const struct fm_path *ep = &p->fm->path[FM_SLOT_EXTRA];

		v = record_context(p);
		for (size_t i = p->fm->extra_in_context; i < ep->n && v != NULL; i++)
			v = json_is_object(v) ? json_object_getn(v, ep->part[i], ep->len[i]) : NULL;
	} else if (v == NULL && p->extra_text != NULL) {
		const char *t = p->extra_text;
		size_t n = p->extra_len;

		if (n >= 2 && t[0] == '"' && memchr(t, '\\', n) == NULL) {
			*len = n - 2; /* validated by the fast path: the text is the value */
			return t + 1;
		}
		if (p->extra_root == NULL) {
			json_error_t err;
			bool big;

			p->extra_root = record_load(t, n, JSON_DECODE_ANY, &big, &err);
		}
		v = p->extra_root;
	}
	if (v == NULL)
		return NULL;
	if (json_is_string(v)) {
		*len = json_string_length(v);
		return json_string_value(v);
	}
	*scalar = json_is_number(v) || json_is_boolean(v);
	/* As record_context does to the whole context value, at the top level too. */
	if (json_is_real(v))
		record_fit_reals(v);
	free(p->extra_dump);
	p->extra_dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
	if (p->extra_dump == NULL)
		xalloc_die();
	*len = strlen(p->extra_dump);
	return p->extra_dump;
}

/* --where and --success over the text of a line the fast path accepted: 1 filtered, 0 kept
 * (out->success decided), -1 when an expression needs the parsed value. */
static int
record_raw_exprs(struct record_parser *p, const char *line, size_t len, struct record *out)
{
	int t;

	for (size_t i = 0; i < p->fm->n_where; i++)
		if ((t = expr_true_raw(p->fm->where[i], line, len, &p->ectx)) <= 0)
			return t < 0 ? -1 : 1;
	if (p->fm->success != NULL) {
		if ((t = expr_true_raw(p->fm->success, line, len, &p->ectx)) < 0)
			return -1;
		out->success = t;
		out->success_given = true;
	}
	return 0;
}

/* Whether a --where expression is false over the text of a valid line the fast path
 * indexed but does not read (FASTPATH_INDEXED: Caddy's lines of other loggers lack
 * "duration"): jansson would filter it before looking at any field, so nothing more is
 * needed. False when every expression holds or one needs the parsed value: jansson then
 * reads the line and decides. */
static bool
record_raw_filtered(struct record_parser *p, const char *line, size_t len)
{
	bool filtered = false;

	p->ectx.top = p->top;
	p->ectx.n_top = p->n_top;
	for (size_t i = 0; i < p->fm->n_where && !filtered; i++) {
		int t = expr_true_raw(p->fm->where[i], line, len, &p->ectx);

		if (t < 0)
			break;
		filtered = t == 0;
	}
	p->ectx.top = NULL;
	return filtered;
}

/* The computed fields (--field NAME=EXPR, a computed --by key) of a line the fast path
 * accepted, evaluated over its text (expr_eval_raw) and read exactly as record_fields reads
 * them; the other fields are the fast path's. Returns 0, or -1 when an expression declines
 * or a value is refused: jansson then reads the line again and gives the same values or
 * the message. Strings point into the line or into p->ectx, as long-lived as root's. */
static int
record_raw_fields(struct record_parser *p, struct record *out)
{
	const struct fieldmap *fm = p->fm;
	char why[RECORD_WHY_SIZE];
	struct expr_val v;
	double d;
	int r = 0;

	p->raw = true;
	p->raw_declined = false;
	if (fm->expr[FM_TIMESTAMP] != NULL) {
		r = record_timestamp(p, &out->ts_us, why);
		out->timeless = p->timeless;
	}
	if (r == 0 && !p->raw_declined && fm->expr[FM_OPERATION] != NULL)
		r = record_str_val(p, FM_OPERATION, true, &out->op, &out->op_len, why);
	if (r == 0 && !p->raw_declined && fm->expr[FM_DURATION] != NULL) {
		record_val(p, FM_DURATION, &v);
		if (!p->raw_declined && (r = record_dur_val(p, &v, &d, why)) == 0) {
			out->duration_ms = d + 0.0;
			out->dur_text = NULL;
			out->dur_text_len = 0;
		}
	}
	if (r == 0 && !p->raw_declined && fm->expr[FM_SESSION] != NULL)
		r = record_str_val(p, FM_SESSION, false, &out->session_id, &out->session_len, why);
	if (r == 0 && !p->raw_declined && fm->expr[FM_ERROR] != NULL) {
		r = record_str_val(p, FM_ERROR, false, &out->error, &out->error_len, why);
		if (!out->success_given) /* the fast path derived it from the error key */
			out->success = out->error == NULL;
	}
	if (r == 0 && !p->raw_declined && fm->expr[FM_SUCCESS] != NULL && fm->success == NULL)
		r = record_success(p, out, why);
	if (r == 0 && !p->raw_declined && fm->expr[FM_SLOT_EXTRA] != NULL) {
		if (expr_eval_raw(fm->expr[FM_SLOT_EXTRA], p->line, p->len, &p->ectx, &v) < 0)
			p->raw_declined = true;
		else {
			p->xextra = expr_text(&v, &p->ectx, &p->xextra_len);
			p->xextra_scalar = p->xextra != NULL;
		}
	}
	p->raw = false;
	return r < 0 || p->raw_declined ? -1 : 0;
}

int
record_parse(struct record_parser *p, const char *line, size_t len, struct record *out,
    char why[RECORD_WHY_SIZE])
{
	json_error_t jerr;
	int fast;

	json_decref(p->root);
	p->root = NULL;
	p->context = NULL;
	p->ctx_text = NULL;
	p->big_ints = false;
	p->line = line;
	p->len = len;
	p->context_fitted = false;
	free(p->ctx_dump);
	p->ctx_dump = NULL;
	if (p->fm != NULL) {
		p->extra = NULL;
		p->extra_text = NULL;
		json_decref(p->extra_root);
		p->extra_root = NULL;
		p->xextra = NULL;
		expr_ctx_reset(&p->ectx);
	}
	fast = !p->fast ? 0 : p->fm == NULL || p->fm->plain_keys ?
	    fastpath_parse(line, len, out, &p->ctx_text, &p->ctx_len) :
	    fastpath_parse_indexed(line, len, p->fm, out, &p->ctx_text, &p->ctx_len,
	    &p->extra_text, &p->extra_len, p->top, &p->n_top, &p->scratch);
	if (fast == FASTPATH_INDEXED && record_raw_filtered(p, line, len))
		return 1;
	if (fast == 1) {
		int r = 0;

		if (p->fm != NULL) {
			/* for expr_eval_raw, this line only (fastpath_parse makes no index) */
			p->ectx.top = p->fm->plain_keys ? NULL : p->top;
			p->ectx.n_top = p->n_top;
			r = record_raw_exprs(p, line, len, out);
			if (r == 0 && p->fm->computed && record_raw_fields(p, out) < 0)
				r = -1;
			p->ectx.top = NULL;
		}
		if (r >= 0)
			return r;
	}
	p->ctx_text = NULL;
	p->extra_text = NULL;
	memset(out, 0, sizeof(*out));
	p->root = record_load(line, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &p->big_ints,
	    &jerr);
	if (p->root == NULL) {
		/* jansson quotes the input near the error: keep control bytes off the terminal. */
		char *text = utf8_escape_cut(jerr.text, strnlen(jerr.text, sizeof(jerr.text)), 120);

		record_fail(why, "not valid JSON: %s (column %d)", text, jerr.column);
		free(text);
		return -1;
	}
	if (!json_is_object(p->root))
		return record_fail(why, "not a JSON object");
	for (size_t i = 0; p->fm != NULL && i < p->fm->n_where; i++)
		if (!expr_true(p->fm->where[i], p->root, &p->ectx))
			return 1;
	return record_fields(p, out, why);
}
