/* fastpath.c - hand-written JSON scanner for records; jansson stays the authority. */
#include "fastpath.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "timeutil.h"
#include "utf8.h"

struct fp {
	const unsigned char *p, *end;
};

struct fp_span {
	const unsigned char *s;
	size_t len;
};

static inline void
fp_ws(struct fp *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\n'))
		s->p++;
}

/* Skip plain string bytes (0x20..0x7f but '"' and '\\'), eight at a time while possible. */
static inline const unsigned char *
fp_plain_run(const unsigned char *p, const unsigned char *end)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);

	while (end - p >= 8) {
		uint64_t w, q, b;

		memcpy(&w, p, 8);
		q = w ^ (ones * '"');
		b = w ^ (ones * '\\');
		/* A byte is special when it is < 0x20, == '"', == '\\' or >= 0x80. */
		if (((w - ones * 0x20) | (q - ones) | (b - ones) | w) & highs) {
			uint64_t m = ((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((b - ones) & ~b) | w;
			m &= highs;
			if (m)
				return p + (__builtin_ctzll(m) >> 3);
		}
		p += 8;
	}
	while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
		p++;
	return p;
}

static int
fp_hex4(const unsigned char *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned c = p[i], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	*out = v;
	return 0;
}

/* A JSON string at s->p (which is '"'). Sets the raw content span and whether it holds
 * escapes. Returns 0, or -1 to decline (invalid, or not sure). */
static int
fp_string(struct fp *s, struct fp_span *sp, bool *escaped)
{
	const unsigned char *p = s->p + 1, *end = s->end;
	unsigned cp, lo;
	size_t n;

	*escaped = false;
	sp->s = p;
	for (;;) {
		p = fp_plain_run(p, end);
		if (p >= end)
			return -1;
		if (*p == '"')
			break;
		if (*p < 0x20)
			return -1;
		if (*p == '\\') {
			*escaped = true;
			if (++p >= end)
				return -1;
			switch (*p) {
			case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
				p++;
				continue;
			case 'u':
				break;
			default:
				return -1;
			}
			if (end - p < 5 || fp_hex4(p + 1, &cp) < 0 || cp == 0)
				return -1;
			p += 5;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return -1;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || fp_hex4(p + 2, &lo) < 0 ||
				    lo < 0xdc00 || lo > 0xdfff)
					return -1;
				p += 6;
			}
			continue;
		}
		if ((n = utf8_seq_len(p, (size_t)(end - p))) == 0)
			return -1;
		p += n;
	}
	sp->len = (size_t)(p - sp->s);
	s->p = p + 1;
	return 0;
}

/* A JSON number at s->p. Validates the grammar and that jansson would accept it (integers of
 * at most 18 digits, reals that cannot overflow); with want, converts it exactly as jansson
 * does (integer: (double)(long long); real: correctly rounded, like strtod). */
static int
fp_number(struct fp *s, double *want)
{
	static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
		1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
	const unsigned char *p = s->p, *end = s->end, *start = p;
	bool neg = false, real = false;
	uint64_t mant = 0;
	int digits = 0, int_digits = 0, frac_digits = 0, exp = 0, exp_digits = 0;
	bool exp_neg = false;

	if (p < end && *p == '-') {
		neg = true;
		p++;
	}
	if (p >= end || *p < '0' || *p > '9')
		return -1;
	if (*p == '0') {
		p++;
		int_digits = 1;
		if (p < end && *p >= '0' && *p <= '9')
			return -1;
	} else {
		while (p < end && *p >= '0' && *p <= '9') {
			if (digits < 19)
				mant = mant * 10 + (uint64_t)(*p - '0');
			digits++;
			int_digits++;
			p++;
		}
	}
	if (p < end && *p == '.') {
		real = true;
		p++;
		if (p >= end || *p < '0' || *p > '9')
			return -1;
		while (p < end && *p >= '0' && *p <= '9') {
			if (digits > 0 || *p != '0') {
				if (digits < 19)
					mant = mant * 10 + (uint64_t)(*p - '0');
				digits++;
			}
			frac_digits++;
			p++;
		}
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		real = true;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			exp_neg = *p++ == '-';
		if (p >= end || *p < '0' || *p > '9')
			return -1;
		while (p < end && *p >= '0' && *p <= '9') {
			if (++exp_digits > 4)
				return -1;
			exp = exp * 10 + (*p - '0');
			p++;
		}
		if (exp_neg)
			exp = -exp;
	}
	if (!real) {
		if (int_digits > 18)
			return -1;
		s->p = p;
		if (want)
			*want = neg ? -(double)mant : (double)mant;
		return 0;
	}
	/* Decline anything that could overflow a double (jansson rejects those). */
	if (int_digits + exp > 300 || digits > 400)
		return -1;
	s->p = p;
	if (want == NULL)
		return 0;
	if (digits <= 19 && mant < (UINT64_C(1) << 53)) {
		int e = exp - frac_digits;
		if (e >= 0 && e <= 22) {
			double v = (double)mant * pow10[e];
			*want = neg ? -v : v;
			return 0;
		}
		if (e < 0 && e >= -22) {
			double v = (double)mant / pow10[-e];
			*want = neg ? -v : v;
			return 0;
		}
	}
	{
		char buf[128];
		size_t n = (size_t)(p - start);
		if (n >= sizeof(buf))
			return -1;
		memcpy(buf, start, n);
		buf[n] = '\0';
		*want = strtod(buf, NULL);
	}
	return 0;
}

/* True when the number text [p, end) is exactly what printf("%.15g") prints for its value:
 * no sign, no exponent, an integer part without leading zeros, no trailing zero in the
 * fraction, at most 15 significant digits, and at least 1e-4 (below that %g switches to an
 * exponent). Such a text reads back as a double whose shortest form it is, and with at
 * most 15 digits that is also the correctly rounded 15-digit form. */
static bool
fp_plain_decimal(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *dot = memchr(p, '.', (size_t)(end - p));
	int sig = 0, lead = 0;
	bool nonzero = false;

	for (const unsigned char *q = p; q < end; q++) {
		if (*q == '.')
			continue;
		if (*q < '0' || *q > '9')
			return false; /* sign or exponent */
		if (*q != '0')
			nonzero = true;
		if (nonzero)
			sig++;
		else if (dot != NULL && q > dot)
			lead++;
	}
	if (dot != NULL && (end[-1] == '0' || dot == end - 1))
		return false;
	if (dot != NULL && p[0] == '0' && (!nonzero || lead > 3))
		return false; /* 0.0, or below 1e-4 */
	return sig <= 15;
}

static int fp_value(struct fp *s, int depth);

/* Remember a key of one object; decline on a duplicate or too many keys. */
static int
fp_key_add(struct fp_span *keys, int *n, const struct fp_span *k)
{
	for (int i = 0; i < *n; i++)
		if (keys[i].len == k->len && memcmp(keys[i].s, k->s, k->len) == 0)
			return -1;
	if (*n >= FASTPATH_MAX_KEYS)
		return -1;
	keys[(*n)++] = *k;
	return 0;
}

/* An object at s->p ('{'); every member's value is validated and skipped. */
static int
fp_object(struct fp *s, int depth)
{
	struct fp_span keys[FASTPATH_MAX_KEYS], k;
	int n = 0;
	bool esc;

	if (depth > FASTPATH_MAX_DEPTH)
		return -1;
	s->p++;
	fp_ws(s);
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		return 0;
	}
	for (;;) {
		if (s->p >= s->end || *s->p != '"' || fp_string(s, &k, &esc) < 0 || esc ||
		    fp_key_add(keys, &n, &k) < 0)
			return -1;
		fp_ws(s);
		if (s->p >= s->end || *s->p != ':')
			return -1;
		s->p++;
		if (fp_value(s, depth) < 0)
			return -1;
		fp_ws(s);
		if (s->p >= s->end)
			return -1;
		if (*s->p == '}') {
			s->p++;
			return 0;
		}
		if (*s->p != ',')
			return -1;
		s->p++;
		fp_ws(s);
	}
}

static int
fp_array(struct fp *s, int depth)
{
	if (depth > FASTPATH_MAX_DEPTH)
		return -1;
	s->p++;
	fp_ws(s);
	if (s->p < s->end && *s->p == ']') {
		s->p++;
		return 0;
	}
	for (;;) {
		if (fp_value(s, depth) < 0)
			return -1;
		fp_ws(s);
		if (s->p >= s->end)
			return -1;
		if (*s->p == ']') {
			s->p++;
			return 0;
		}
		if (*s->p != ',')
			return -1;
		s->p++;
	}
}

static int
fp_literal(struct fp *s, const char *word, size_t n)
{
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
		return -1;
	s->p += n;
	return 0;
}

/* Any JSON value at s->p (after white space), validated and skipped. */
static int
fp_value(struct fp *s, int depth)
{
	struct fp_span sp;
	bool esc;

	fp_ws(s);
	if (s->p >= s->end)
		return -1;
	switch (*s->p) {
	case '"':
		return fp_string(s, &sp, &esc);
	case '{':
		return fp_object(s, depth + 1);
	case '[':
		return fp_array(s, depth + 1);
	case 't':
		return fp_literal(s, "true", 4);
	case 'f':
		return fp_literal(s, "false", 5);
	case 'n':
		return fp_literal(s, "null", 4);
	default:
		return fp_number(s, NULL);
	}
}

/* The members of a record this scanner understands. */
enum fp_field { F_TIMESTAMP, F_OPERATION, F_DURATION, F_SUCCESS, F_SESSION, F_ERROR, F_CONTEXT,
	F_OTHER };

static enum fp_field
fp_field_of(const struct fp_span *k)
{
	switch (k->len) {
	case 5:
		return memcmp(k->s, "error", 5) == 0 ? F_ERROR : F_OTHER;
	case 7:
		if (memcmp(k->s, "success", 7) == 0)
			return F_SUCCESS;
		return memcmp(k->s, "context", 7) == 0 ? F_CONTEXT : F_OTHER;
	case 9:
		return memcmp(k->s, "timestamp", 9) == 0 ? F_TIMESTAMP : F_OTHER;
	case 10:
		return memcmp(k->s, "session_id", 10) == 0 ? F_SESSION : F_OTHER;
	case 11:
		return memcmp(k->s, "duration_ms", 11) == 0 ? F_DURATION : F_OTHER;
	case 14:
		return memcmp(k->s, "operation_type", 14) == 0 ? F_OPERATION : F_OTHER;
	default:
		return F_OTHER;
	}
}

/* A string without escapes, or (when nullable) null. *sp->s is NULL for null. */
static int
fp_plain_string(struct fp *s, struct fp_span *sp, bool nullable)
{
	bool esc;

	if (s->p < s->end && *s->p == 'n' && nullable) {
		sp->s = NULL;
		sp->len = 0;
		return fp_literal(s, "null", 4);
	}
	if (s->p >= s->end || *s->p != '"' || fp_string(s, sp, &esc) < 0 || esc)
		return -1;
	return 0;
}

/* One top-level member's value. */
static int
fp_member(struct fp *s, enum fp_field f, struct record *out, struct fp_span *ctx,
    struct fp_span *ts, unsigned *seen)
{
	struct fp_span sp;
	const unsigned char *start;

	fp_ws(s);
	switch (f) {
	case F_TIMESTAMP:
		return fp_plain_string(s, ts, false);
	case F_OPERATION:
		if (fp_plain_string(s, &sp, false) < 0 || sp.len == 0)
			return -1;
		out->op = (const char *)sp.s;
		out->op_len = sp.len;
		return 0;
	case F_DURATION:
		if (s->p >= s->end || (*s->p != '-' && (*s->p < '0' || *s->p > '9')))
			return -1;
		start = s->p;
		if (fp_number(s, &out->duration_ms) < 0)
			return -1;
		if (fp_plain_decimal(start, s->p)) {
			out->dur_text = (const char *)start;
			out->dur_text_len = (size_t)(s->p - start);
		}
		return 0;
	case F_SUCCESS:
		if (fp_literal(s, "true", 4) == 0)
			out->success = out->success_given = true;
		else if (fp_literal(s, "false", 5) == 0)
			out->success_given = true;
		else if (fp_literal(s, "null", 4) < 0)
			return -1;
		return 0;
	case F_SESSION:
		if (fp_plain_string(s, &sp, true) < 0)
			return -1;
		out->session_id = (const char *)sp.s;
		out->session_len = sp.len;
		return 0;
	case F_ERROR:
		if (fp_plain_string(s, &sp, true) < 0)
			return -1;
		out->error = (const char *)sp.s;
		out->error_len = sp.len;
		if (sp.s == NULL)
			*seen &= ~(1u << F_ERROR);
		return 0;
	case F_CONTEXT:
		start = s->p;
		if (fp_value(s, 1) < 0)
			return -1;
		ctx->s = start;
		ctx->len = (size_t)(s->p - start);
		return 0;
	case F_OTHER:
		break;
	}
	return fp_value(s, 1);
}

int
fastpath_parse(const char *line, size_t len, struct record *out, const char **ctx,
    size_t *ctx_len)
{
	struct fp s = {(const unsigned char *)line, (const unsigned char *)line + len};
	struct fp_span keys[FASTPATH_MAX_KEYS], k, ts = {NULL, 0}, cx = {NULL, 0};
	unsigned seen = 0, dup = 0; /* dup: every known member met, even "error": null */
	int n = 0;
	bool esc;
	const char *why;
	const unsigned required = (1u << F_TIMESTAMP) | (1u << F_OPERATION) | (1u << F_DURATION);

	memset(out, 0, sizeof(*out));
	fp_ws(&s);
	if (s.p >= s.end || *s.p != '{')
		return 0;
	s.p++;
	fp_ws(&s);
	if (s.p < s.end && *s.p == '}')
		return 0; /* no fields: jansson says which is missing */
	for (;;) {
		enum fp_field f;

		if (s.p >= s.end || *s.p != '"' || fp_string(&s, &k, &esc) < 0 || esc)
			return 0;
		/* Duplicates: known members by their bit, the others by comparison. */
		f = fp_field_of(&k);
		if (f != F_OTHER) {
			if (seen & (1u << f) || dup & (1u << f))
				return 0;
			seen |= 1u << f;
			dup |= 1u << f;
		} else if (fp_key_add(keys, &n, &k) < 0)
			return 0;
		fp_ws(&s);
		if (s.p >= s.end || *s.p != ':')
			return 0;
		s.p++;
		if (fp_member(&s, f, out, &cx, &ts, &seen) < 0)
			return 0;
		fp_ws(&s);
		if (s.p >= s.end)
			return 0;
		if (*s.p == '}')
			break;
		if (*s.p != ',')
			return 0;
		s.p++;
		fp_ws(&s);
	}
	s.p++;
	fp_ws(&s);
	if (s.p != s.end || (seen & required) != required)
		return 0;
	if (!isfinite(out->duration_ms) || out->duration_ms < 0)
		return 0;
	if (tu_parse((const char *)ts.s, ts.len, 0, &out->ts_us, &why) < 0)
		return 0;
	out->duration_ms += 0.0; /* -0 becomes +0, as in record.c */
	if (!out->success_given)
		out->success = (seen & (1u << F_ERROR)) == 0;
	*ctx = (const char *)cx.s;
	*ctx_len = cx.len;
	return 1;
}

bool
fastpath_compact(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	bool in_string = false;

	for (; p < end; p++) {
		unsigned c = *p;

		if (in_string) {
			if (c == '\\')
				return false;
			if (c == '"')
				in_string = false;
			continue;
		}
		switch (c) {
		case '"':
			in_string = true;
			break;
		case ' ': case '\t': case '\r': case '\n': case '.': case 'e': case 'E':
			return false;
		case '-':
			if (p + 1 < end && p[1] == '0')
				return false; /* "-0": jansson prints 0 */
			break;
		default:
			break;
		}
	}
	return !in_string;
}
