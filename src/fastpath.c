/* fastpath.c - hand-written JSON scanner for records; jansson stays the authority. */
#include "fastpath.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "expr.h"
#include "fieldmap.h"
#include "timeutil.h"
#include "utf8.h"
#include "xalloc.h"

/* The member readers shared by fastpath_parse and fastpath_parse_mapped, and the pieces of
 * the object and array scanners: inlined into each caller, as when each had its own copy. */
#if defined(__GNUC__)
#define FP_SHARED_INLINE inline __attribute__((always_inline))
#else
#define FP_SHARED_INLINE inline
#endif

struct fp {
	const unsigned char *p, *end;
};

struct fp_span {
	const unsigned char *s;
	size_t len;
};

/* Skip JSON white space; most calls have nothing to skip, so look at one byte first. */
static inline void
fp_ws(struct fp *s)
{
	const unsigned char *p = s->p, *end = s->end;

	if (p < end && *p > ' ')
		return;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	s->p = p;
}

/* Consume the byte c, after optional white space; -1 when something else comes. */
static inline int
fp_take(struct fp *s, unsigned char c)
{
	if (s->p < s->end && *s->p == c) {
		s->p++;
		return 0;
	}
	fp_ws(s);
	if (s->p < s->end && *s->p == c) {
		s->p++;
		return 0;
	}
	return -1;
}

/* Skip plain string bytes (0x20..0x7f but '"' and '\\'): sixteen at a time with SSE2, then
 * eight at a time, while that many bytes remain before end (never reading past it).
 * Returns the first byte that needs attention, or end. */
static inline const unsigned char *
fp_plain_run(const unsigned char *p, const unsigned char *end)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);

#ifdef __SSE2__
	{
		const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
		const __m128i space = _mm_set1_epi8(0x20);

		while (end - p >= 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
			/* Signed compare: bytes >= 0x80 are negative, so below 0x20 too. */
			__m128i m = _mm_or_si128(_mm_cmplt_epi8(v, space),
			    _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)));
			unsigned bits = (unsigned)_mm_movemask_epi8(m);

			if (bits != 0)
				return p + __builtin_ctz(bits);
			p += 16;
		}
	}
#endif
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

/* A JSON string without escapes at s->p (which is '"'): sets its content span. Returns 0,
 * or -1 to decline (an escape, a control byte, bad UTF-8, no closing quote). Keys and the
 * strings a record returns take this; an escape there means jansson decides. */
static FP_SHARED_INLINE int
fp_str_plain(struct fp *s, struct fp_span *sp)
{
	const unsigned char *p = s->p + 1, *end = s->end;
	size_t n;

	sp->s = p;
	for (;;) {
		p = fp_plain_run(p, end);
		if (p >= end)
			return -1;
		if (*p == '"')
			break;
		if (*p < 0x80)
			return -1; /* control byte or backslash */
		if ((n = utf8_seq_len(p, (size_t)(end - p))) == 0)
			return -1;
		p += n;
	}
	sp->len = (size_t)(p - sp->s);
	s->p = p + 1;
	return 0;
}

/* Any JSON string at s->p (which is '"'), escapes included, validated and skipped.
 * Returns 0, or -1 to decline (invalid, or not sure). */
static int
fp_string(struct fp *s)
{
	const unsigned char *p = s->p + 1, *end = s->end;
	unsigned cp, lo;
	size_t n;

	for (;;) {
		p = fp_plain_run(p, end);
		if (p >= end)
			return -1;
		if (*p == '"')
			break;
		if (*p < 0x20)
			return -1;
		if (*p == '\\') {
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
	s->p = p + 1;
	return 0;
}

/* 10^n for n in 0..19. */
static const uint64_t fp_pow10_u64[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
	100000000, UINT64_C(1000000000), UINT64_C(10000000000), UINT64_C(100000000000),
	UINT64_C(1000000000000), UINT64_C(10000000000000), UINT64_C(100000000000000),
	UINT64_C(1000000000000000), UINT64_C(10000000000000000), UINT64_C(100000000000000000),
	UINT64_C(1000000000000000000), UINT64_C(10000000000000000000)};

/* The powers of ten a double holds exactly. */
static const double fp_pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

#ifdef __SIZEOF_INT128__
int
fastpath_decimal_real(uint64_t mant, int exp10, double *out)
{
	unsigned __int128 d, num, q, r;
	uint64_t low, half, m, pow2;
	int bl_m, bl_d, sh, bl_q, drop;
	double scale;
	bool up;

	if (mant < (UINT64_C(1) << 53) || exp10 < -21 || exp10 > -1)
		return -1;
	/* mant / 10^-exp10: shifted so that the quotient has 54 bits at least, in 128 bits
	 * (mant < 2^64, 10^21 < 2^70: 55 + 70 bits at most); the remainder says whether
	 * anything is left below the quotient's last bit. */
	d = -exp10 <= 19 ? fp_pow10_u64[-exp10] :
	    (unsigned __int128)fp_pow10_u64[19] * fp_pow10_u64[-exp10 - 19];
	bl_m = 64 - __builtin_clzll(mant);
	bl_d = (d >> 64) != 0 ? 128 - __builtin_clzll((uint64_t)(d >> 64)) :
	    64 - __builtin_clzll((uint64_t)d);
	sh = 55 + bl_d - bl_m;
	if (sh < 0)
		sh = 0;
	num = (unsigned __int128)mant << sh;
	/* q < 2^(sh + bl_m - bl_d + 1) <= 2^56 when sh > 0, < 2^64 otherwise */
	if (d <= UINT32_MAX) {
		/* 10^9 at most: as q < 2^64, num >> 64 < d, and num / d is two 64-bit divisions,
		 * of num's bits 127..32 and then of the remainder and bits 31..0 */
		uint64_t dd = (uint64_t)d, x = (uint64_t)(num >> 64) << 32 | (uint64_t)num >> 32, q1;

		q1 = x / dd; /* < 2^32, as x < d * 2^32 */
		x = (x - q1 * dd) << 32 | ((uint64_t)num & UINT32_MAX);
		q = q1 << 32 | x / dd;
		r = x % dd;
	} else {
		q = num / d;
		r = num - q * d;
	}
	bl_q = 64 - __builtin_clzll((uint64_t)q);
	drop = bl_q - 53;
	low = (uint64_t)q & ((UINT64_C(1) << drop) - 1);
	half = UINT64_C(1) << (drop - 1);
	m = (uint64_t)(q >> drop);
	up = low > half || (low == half && (r != 0 || (m & 1) != 0));
	/* (m + up) * 2^(drop - sh): m + up <= 2^53 converts exactly, and the value (at least
	 * 2^53 / 10^21 > 2^-17, below 2^64) is normal, so the product by the power of two
	 * 2^(drop - sh) (between 2^-71 and 2^11, made from its IEEE fields) is exact. */
	pow2 = (uint64_t)(1023 + drop - sh) << 52;
	memcpy(&scale, &pow2, sizeof(scale));
	*out = (double)(m + (up ? 1 : 0)) * scale;
	return 0;
}
#else
int
fastpath_decimal_real(uint64_t mant, int exp10, double *out)
{
	(void)mant;
	(void)exp10;
	(void)out;
	return -1;
}
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* The value of the n (1..8) decimal digits in the first n bytes of w (loaded from memory,
 * the first digit lowest), the bytes past them ignored: eight at a time by pairs, fours
 * and eights of lanes. */
static FP_SHARED_INLINE uint64_t
fp_swar_digits(uint64_t w, int n)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);

	w = (w - ones * '0') << (64 - 8 * n); /* digits only, the first in the lowest byte kept */
	w = (w * 10 + (w >> 8)) & UINT64_C(0x00ff00ff00ff00ff);
	w = (w * 100 + (w >> 16)) & UINT64_C(0x0000ffff0000ffff);
	return (w * 10000 + (w >> 32)) & UINT64_C(0xffffffff);
}

/* The count (0..8) of the ASCII digits that begin the eight bytes w (loaded from memory,
 * the first byte lowest). A byte is a digit when its high nibble is 3, also after adding
 * 6; a carry out of a byte that is no digit disturbs only the bytes after it. */
static FP_SHARED_INLINE int
fp_swar_digit_count(uint64_t w)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), highs = ones * 0xf0;
	uint64_t other = ((w & highs) ^ ones * 0x30) | (((w + ones * 6) & highs) ^ ones * 0x30);

	return other == 0 ? 8 : __builtin_ctzll(other) >> 3;
}
#endif

/* The run of ASCII digits at p: returns its end, counts each digit in *nd and appends it to
 * *mant (*mant * 10 + d) while *nd is below 19. Up to eight digits at a time while eight
 * bytes remain before end (little-endian machines), one at a time otherwise. */
static FP_SHARED_INLINE const unsigned char *
fp_digit_run(const unsigned char *p, const unsigned char *end, uint64_t *mant, int *nd)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = UINT64_C(0x0101010101010101), highs = ones * 0xf0;

	while (end - p >= 8) {
		uint64_t w, other;
		int n;

		memcpy(&w, p, 8);
		/* A byte is a digit when its high nibble is 3, also after adding 6. A carry out
		 * of a byte that is no digit disturbs only the bytes after it. */
		other = ((w & highs) ^ ones * 0x30) | (((w + ones * 6) & highs) ^ ones * 0x30);
		n = other == 0 ? 8 : __builtin_ctzll(other) >> 3;
		if (n == 0 || *nd + n > 19)
			break;
		*mant = *mant * fp_pow10_u64[n] + fp_swar_digits(w, n);
		*nd += n;
		p += n;
		if (n < 8)
			return p;
	}
#endif
	while (p < end && (unsigned)(*p - '0') <= 9) {
		if (*nd < 19)
			*mant = *mant * 10 + (uint64_t)(*p - '0');
		(*nd)++;
		p++;
	}
	return p;
}

/* A JSON number at s->p. Validates the grammar and that jansson would accept it (integers of
 * at most 18 digits, reals that cannot overflow); with want, converts it exactly as jansson
 * does (integer: (double)(long long); real: correctly rounded, like strtod). With plain, also
 * says whether the text is exactly what printf("%.15g") prints for its value: no sign, no
 * exponent, an integer part without leading zeros (the grammar sees to that), no trailing
 * zero in the fraction, at most 15 significant digits, and at least 1e-4 (below that %g
 * switches to an exponent). Such a text reads back as a double whose shortest form it is,
 * and with at most 15 digits that is also the correctly rounded 15-digit form. With ndig,
 * also gives the count of significant digits of a real (from the first nonzero digit to the
 * end of the mantissa, as fm_epoch_text counts them), or -1 for an integer. */
static int
fp_number(struct fp *s, double *want, bool *plain, int *ndig)
{
	const unsigned char *p = s->p, *end = s->end, *start = p;
	bool neg = false, real = false, dot = false, zero_int = false, has_exp = false;
	uint64_t mant = 0;
	int digits = 0, int_digits = 0, frac_digits = 0, exp = 0, exp_digits = 0;
	bool exp_neg = false;

	if (p < end && *p == '-') {
		neg = true;
		p++;
	}
	if (p >= end || (unsigned)(*p - '0') > 9)
		return -1;
	if (*p == '0') {
		p++;
		int_digits = 1;
		zero_int = true;
		if (p < end && (unsigned)(*p - '0') <= 9)
			return -1;
	} else {
		p = fp_digit_run(p, end, &mant, &digits);
		int_digits = digits;
	}
	if (p < end && *p == '.') {
		const unsigned char *f = ++p;

		real = dot = true;
		if (p >= end || (unsigned)(*p - '0') > 9)
			return -1;
		if (digits == 0) /* the fraction's leading zeros are not significant */
			while (p < end && *p == '0')
				p++;
		p = fp_digit_run(p, end, &mant, &digits);
		frac_digits = (int)(p - f);
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		real = has_exp = true;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			exp_neg = *p++ == '-';
		if (p >= end || (unsigned)(*p - '0') > 9)
			return -1;
		while (p < end && (unsigned)(*p - '0') <= 9) {
			if (++exp_digits > 4)
				return -1;
			exp = exp * 10 + (*p - '0');
			p++;
		}
		if (exp_neg)
			exp = -exp;
	}
	if (plain != NULL) {
		/* digits counts from the first nonzero digit on; with a zero integer part, the
		 * fraction's leading zeros are frac_digits - digits. */
		*plain = !neg && !has_exp && digits <= 15 &&
		    (!dot || (p[-1] != '0' && (!zero_int || (digits > 0 && frac_digits - digits <= 3))));
	}
	if (ndig != NULL)
		*ndig = real ? digits : -1;
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
			double v = (double)mant * fp_pow10[e];
			*want = neg ? -v : v;
			return 0;
		}
		if (e < 0 && e >= -22) {
			double v = (double)mant / fp_pow10[-e];
			*want = neg ? -v : v;
			return 0;
		}
	} else if (digits <= 19 && fastpath_decimal_real(mant, exp - frac_digits, want) == 0) {
		if (neg)
			*want = -*want;
		return 0;
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

/* fp_duration's duration below one, fp_number's work for "0." and a fraction of 22 digits
 * at most whose significant digits (from the first nonzero one) are 1 to 15, with no
 * exponent after it (seconds, as Caddy writes them: 0.000698226): the digits as an integer
 * are below 2^53 and one division by an exact power of ten rounds correctly, as in
 * fp_number. Returns 0 with the value and fp_number's plain flag (at most three zeros
 * after the point, the last digit not zero), or -1 (nothing consumed). */
static int
fp_duration_below_one(struct fp *s, double *want, bool *plain)
{
	const unsigned char *p = s->p, *end = s->end, *f, *nz;
	uint64_t mant = 0;
	int nd = 0, frac;

	if (end - p < 3 || p[0] != '0' || p[1] != '.')
		return -1;
	f = p += 2;
	while (p < end && *p == '0')
		p++;
	nz = p;
	p = fp_digit_run(p, end, &mant, &nd);
	frac = (int)(p - f);
	if (nd == 0 || nd > 15 || frac > 22 || (p < end && (*p == 'e' || *p == 'E')))
		return -1;
	*want = (double)mant / fp_pow10[frac];
	*plain = p[-1] != '0' && nz - f <= 3;
	s->p = p;
	return 0;
}

/* The common duration, fp_number's work for the usual text: no sign, a nonzero first
 * digit, an optional fraction, no exponent, 15 digits at most (so that the digits, as an
 * integer, are below 2^53 and one division by an exact power of ten rounds correctly);
 * one below one by fp_duration_below_one.
 * Returns 0 with the value and fp_number's plain flag, or -1 (nothing consumed) for
 * fp_number to decide. */
static inline int
fp_duration(struct fp *s, double *want, bool *plain)
{
	const unsigned char *p = s->p, *end = s->end, *f;
	uint64_t mant;
	int nd = 1, frac = 0;

	if (p >= end || (unsigned)(*p - '1') > 8)
		return fp_duration_below_one(s, want, plain);
	mant = (uint64_t)(*p++ - '0');
	while (p < end && (unsigned)(*p - '0') <= 9 && nd <= 15) {
		mant = mant * 10 + (uint64_t)(*p++ - '0');
		nd++;
	}
	if (p < end && *p == '.') {
		f = ++p;
		while (p < end && (unsigned)(*p - '0') <= 9 && nd <= 15) {
			mant = mant * 10 + (uint64_t)(*p++ - '0');
			nd++;
		}
		if ((frac = (int)(p - f)) == 0)
			return -1;
	}
	if (nd > 15 || (p < end && ((unsigned)(*p - '0') <= 9 || *p == 'e' || *p == 'E')))
		return -1;
	*want = frac > 0 ? (double)mant / fp_pow10[frac] : (double)mant;
	*plain = frac == 0 || p[-1] != '0';
	s->p = p;
	return 0;
}

/* True when k is one of keys[0, n). */
static bool
fp_key_seen(const struct fp_span *keys, int n, const struct fp_span *k)
{
	for (int i = 0; i < n; i++)
		if (keys[i].len == k->len && memcmp(keys[i].s, k->s, k->len) == 0)
			return true;
	return false;
}

/* Remember a key of one object; decline on a duplicate or too many keys. */
static inline int
fp_key_add(struct fp_span *keys, int *n, const struct fp_span *k)
{
	if (fp_key_seen(keys, *n, k))
		return -1;
	if (*n >= FASTPATH_MAX_KEYS)
		return -1;
	keys[(*n)++] = *k;
	return 0;
}

/* fp_key_add for the objects of the skipping scanners: *sig (0 before the object's
 * first key) has one bit set for each key kept, its fm_key_hash h, and the keys are
 * compared only when the new key's bit is set. */
static FP_SHARED_INLINE int
fp_key_add_sig(struct fp_span *keys, int *n, uint64_t *sig, const struct fp_span *k,
    unsigned h)
{
	uint64_t bit = UINT64_C(1) << h;

	if ((*sig & bit) != 0 && fp_key_seen(keys, *n, k))
		return -1;
	if (*n >= FASTPATH_MAX_KEYS)
		return -1;
	*sig |= bit;
	keys[(*n)++] = *k;
	return 0;
}

/* The skipping scanners below take and return a pointer (kept in a register across a
 * member, not written back to a struct fp at every step): the position past what they
 * validated, or NULL to decline. */

/* Skip JSON white space at p (fp_ws's work). */
static FP_SHARED_INLINE const unsigned char *
fp_ws_at(const unsigned char *p, const unsigned char *end)
{
	if (p < end && *p > ' ')
		return p;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

/* A string with escapes or UTF-8 at p ('"'), by fp_string. */
static const unsigned char *
fp_scan_string_slow(const unsigned char *p, const unsigned char *end)
{
	struct fp s = {p, end};

	return fp_string(&s) < 0 ? NULL : s.p;
}

/* A plain integer at p (no sign; 0, or a nonzero first digit and 18 digits at most, as
 * fp_number accepts): the position past it, or NULL when the number at p is anything else
 * (a zero followed by a digit too, which fp_number refuses). */
static FP_SHARED_INLINE const unsigned char *
fp_plain_int(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q = p + 1;

	if (p >= end || (unsigned)(*p - '0') > 9)
		return NULL;
	if (*p != '0')
		for (; q < end && (unsigned)(*q - '0') <= 9; q++)
			;
	if (q - p <= 18 && (q == end || ((unsigned)(*q - '0') > 9 && *q != '.' && *q != 'e' &&
	    *q != 'E')))
		return q;
	return NULL;
}

/* A number at p: a plain integer by fp_plain_int, anything else by fp_number. */
static const unsigned char *
fp_scan_number(const unsigned char *p, const unsigned char *end)
{
	struct fp s = {p, end};
	const unsigned char *q = fp_plain_int(p, end);

	if (q != NULL)
		return q;
	return fp_number(&s, NULL, NULL, NULL) < 0 ? NULL : s.p;
}

/* The literal word[0..n) at p. */
static inline const unsigned char *
fp_scan_literal(const unsigned char *p, const unsigned char *end, const char *word, size_t n)
{
	return (size_t)(end - p) >= n && memcmp(p, word, n) == 0 ? p + n : NULL;
}

static const unsigned char *fp_scan_value(const unsigned char *p, const unsigned char *end,
    int depth);
static const unsigned char *fp_scan_object(const unsigned char *p, const unsigned char *end,
    int depth);
static const unsigned char *fp_scan_array(const unsigned char *p, const unsigned char *end,
    int depth);

/* A value at p (past white space) that nobody reads, in an object or array at depth:
 * plain strings and integers here, objects and arrays by their scanners directly, the rest
 * by fp_scan_value. */
static FP_SHARED_INLINE const unsigned char *
fp_skip_value(const unsigned char *p, const unsigned char *end, int depth)
{
	const unsigned char *q;

	if (p < end && *p == '"') {
		q = fp_plain_run(p + 1, end);
		if (q < end && *q == '"')
			return q + 1;
		return fp_scan_string_slow(p, end);
	}
	if ((q = fp_plain_int(p, end)) != NULL)
		return q;
	if (p < end && *p == 'n')
		return fp_scan_literal(p, end, "null", 4);
	if (p < end && *p == '{')
		return fp_scan_object(p, end, depth + 1);
	if (p < end && *p == '[') {
		/* one plain string, as HTTP headers are written, without the call */
		if (end - p > 1 && p[1] == '"' && depth < FASTPATH_MAX_DEPTH) {
			q = fp_plain_run(p + 2, end);
			if (q < end - 1 && q[0] == '"' && q[1] == ']')
				return q + 2;
		}
		return fp_scan_array(p, end, depth + 1);
	}
	return fp_scan_value(p, end, depth);
}

/* A key at p ('"'): plain, as fp_str_plain reads it (escapes decline); sets *k and returns
 * the position past its closing quote. */
static FP_SHARED_INLINE const unsigned char *
fp_scan_key(const unsigned char *p, const unsigned char *end, struct fp_span *k)
{
	const unsigned char *q = fp_plain_run(p + 1, end);
	struct fp s = {p, end};

	if (q < end && *q == '"') {
		k->s = p + 1;
		k->len = (size_t)(q - k->s);
		return q + 1;
	}
	return fp_str_plain(&s, k) < 0 ? NULL : s.p;
}

/* The ':' after a key at p, and the white space after it: the value's position. */
static FP_SHARED_INLINE const unsigned char *
fp_scan_colon(const unsigned char *p, const unsigned char *end)
{
	if (p >= end || *p != ':') {
		p = fp_ws_at(p, end);
		if (p >= end || *p != ':')
			return NULL;
	}
	return fp_ws_at(p + 1, end);
}

/* What follows a member of an object or array at *pp: 0 at close (consumed), 1 after a
 * ',' (consumed, with the white space after it), -1 for anything else. */
static FP_SHARED_INLINE int
fp_scan_next(const unsigned char **pp, const unsigned char *end, unsigned char close)
{
	const unsigned char *p = *pp;

	if (p >= end || *p != ',') {
		p = fp_ws_at(p, end);
		if (p >= end)
			return -1;
		if (*p == close) {
			*pp = p + 1;
			return 0;
		}
		if (*p != ',')
			return -1;
	}
	*pp = fp_ws_at(p + 1, end);
	return 1;
}

/* fp_skip_value with an array of one plain string (HTTP headers are written so) tried
 * first, before the numbers. */
static FP_SHARED_INLINE const unsigned char *
fp_skip_header(const unsigned char *p, const unsigned char *end, int depth)
{
	const unsigned char *q;

	if (p < end && *p == '[' && end - p > 1 && p[1] == '"' && depth < FASTPATH_MAX_DEPTH) {
		q = fp_plain_run(p + 2, end);
		if (q < end - 1 && q[0] == '"' && q[1] == ']')
			return q + 2;
	}
	return fp_skip_value(p, end, depth);
}

/* An object at p ('{') at depth; every member's value is validated and skipped, by
 * fp_skip_header when headers, else by fp_skip_value. */
static FP_SHARED_INLINE const unsigned char *
fp_scan_members(const unsigned char *p, const unsigned char *end, int depth, bool headers)
{
	struct fp_span keys[FASTPATH_MAX_KEYS], k;
	uint64_t sig = 0;
	int n = 0, r;

	if (depth > FASTPATH_MAX_DEPTH)
		return NULL;
	p = fp_ws_at(p + 1, end);
	if (p < end && *p == '}')
		return p + 1;
	for (;;) {
		if (p >= end || *p != '"' || (p = fp_scan_key(p, end, &k)) == NULL ||
		    fp_key_add_sig(keys, &n, &sig, &k, fm_key_hash(k.s, k.len)) < 0)
			return NULL;
		if ((p = fp_scan_colon(p, end)) == NULL || (p = headers ?
		    fp_skip_header(p, end, depth) : fp_skip_value(p, end, depth)) == NULL)
			return NULL;
		if ((r = fp_scan_next(&p, end, '}')) <= 0)
			return r == 0 ? p : NULL;
	}
}

/* An object at p ('{') at depth; every member's value is validated and skipped. */
static const unsigned char *
fp_scan_object(const unsigned char *p, const unsigned char *end, int depth)
{
	return fp_scan_members(p, end, depth, false);
}

/* fp_scan_object for an object inside a top-level member that nobody maps (Caddy's
 * request.headers and resp_headers: arrays of one string are common there, and the same
 * object line after line). With sc, it is the line's object number *at (counted up): when
 * the bytes at p begin with the text sc keeps for that number, validated at the same depth,
 * they are that object again (an object's text ends where its closing brace is, whatever
 * follows), else the object is scanned and its text kept. After a text that did not
 * match, that number is scanned without a look for the next 1, 2, 4 ... 64 lines (logs
 * whose objects differ from line to line then pay next to nothing). */
static const unsigned char *
fp_scan_headers(const unsigned char *p, const unsigned char *end, int depth,
    struct fastpath_scratch *sc, size_t *at)
{
	const unsigned char *q;
	size_t i = FASTPATH_VC_MAX, n; /* i: the number whose text is kept after the scan */

	if (sc != NULL && *at < FASTPATH_VC_MAX) {
		i = (*at)++;
		n = sc->vc_len[i];
		if (sc->vc_wait[i] != 0) {
			sc->vc_wait[i]--;
			i = FASTPATH_VC_MAX;
		} else if (n != 0 && sc->vc_depth[i] == depth && (size_t)(end - p) >= n &&
		    memcmp(p, sc->vc_text[i], n) == 0) {
			sc->vc_backoff[i] = 0;
			return p + n;
		} else if (n != 0) {
			sc->vc_backoff[i] = sc->vc_backoff[i] == 0 ? 1 : sc->vc_backoff[i] >= 64 ? 64 :
			    (unsigned char)(sc->vc_backoff[i] * 2);
			sc->vc_wait[i] = sc->vc_backoff[i];
		}
	}
	q = fp_scan_members(p, end, depth, true);
	if (i < FASTPATH_VC_MAX) {
		if (q != NULL && (size_t)(q - p) <= FASTPATH_VC_BYTES) {
			memcpy(sc->vc_text[i], p, (size_t)(q - p));
			sc->vc_len[i] = (unsigned short)(q - p);
			sc->vc_depth[i] = (unsigned char)depth;
		} else
			sc->vc_len[i] = 0;
	}
	return q;
}

/* An array at p ('[') at depth; every element is validated and skipped. */
static const unsigned char *
fp_scan_array(const unsigned char *p, const unsigned char *end, int depth)
{
	int r;

	if (depth > FASTPATH_MAX_DEPTH)
		return NULL;
	p = fp_ws_at(p + 1, end);
	if (p < end && *p == ']')
		return p + 1;
	for (;;) {
		if ((p = fp_skip_value(p, end, depth)) == NULL)
			return NULL;
		if ((r = fp_scan_next(&p, end, ']')) <= 0)
			return r == 0 ? p : NULL;
	}
}

/* Any JSON value at p (white space first), validated and skipped; a container in it is at
 * depth + 1. */
static const unsigned char *
fp_scan_value(const unsigned char *p, const unsigned char *end, int depth)
{
	p = fp_ws_at(p, end);
	if (p >= end)
		return NULL;
	switch (*p) {
	case '"':
		return fp_skip_value(p, end, depth);
	case '{':
		return fp_scan_object(p, end, depth + 1);
	case '[':
		return fp_scan_array(p, end, depth + 1);
	case 't':
		return fp_scan_literal(p, end, "true", 4);
	case 'f':
		return fp_scan_literal(p, end, "false", 5);
	case 'n':
		return fp_scan_literal(p, end, "null", 4);
	default:
		return fp_scan_number(p, end);
	}
}

/* The literal word[0..n) at s->p, consumed; -1 when something else comes. */
static inline int
fp_literal(struct fp *s, const char *word, size_t n)
{
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
		return -1;
	s->p += n;
	return 0;
}

/* Any JSON value at s->p (after white space), validated and skipped (fp_scan_value). */
static int
fp_value(struct fp *s, int depth)
{
	const unsigned char *p = fp_scan_value(s->p, s->end, depth);

	if (p == NULL)
		return -1;
	s->p = p;
	return 0;
}

/* The members of a record this scanner understands. */
enum fp_field { F_TIMESTAMP, F_OPERATION, F_DURATION, F_SUCCESS, F_SESSION, F_ERROR, F_CONTEXT,
	F_OTHER };

/* The length of a string literal, counted by the compiler. */
#define FP_LEN(lit) (sizeof(lit) - 1)
/* k is exactly the string literal lit. */
#define FP_IS(k, lit) ((k)->len == FP_LEN(lit) && memcmp((k)->s, lit, FP_LEN(lit)) == 0)

static enum fp_field
fp_field_of(const struct fp_span *k)
{
	switch (k->len) {
	case FP_LEN("error"):
		return FP_IS(k, "error") ? F_ERROR : F_OTHER;
	case FP_LEN("success"): /* and "context" */
		if (FP_IS(k, "success"))
			return F_SUCCESS;
		return FP_IS(k, "context") ? F_CONTEXT : F_OTHER;
	case FP_LEN("timestamp"):
		return FP_IS(k, "timestamp") ? F_TIMESTAMP : F_OTHER;
	case FP_LEN("session_id"):
		return FP_IS(k, "session_id") ? F_SESSION : F_OTHER;
	case FP_LEN("duration_ms"):
		return FP_IS(k, "duration_ms") ? F_DURATION : F_OTHER;
	case FP_LEN("operation_type"):
		return FP_IS(k, "operation_type") ? F_OPERATION : F_OTHER;
	default:
		return F_OTHER;
	}
}

/* Whether q[0..left) starts with the n bytes of word. */
static inline bool
fp_starts(const unsigned char *q, size_t left, const char *word, size_t n)
{
	return left >= n && memcmp(q, word, n) == 0;
}

/* The known member whose key text begins at q (just past the opening quote), when the key
 * is exactly that name followed by its closing quote, which proves it plain ASCII without
 * escapes; sets *klen to the name's length. F_OTHER otherwise, also when too few bytes
 * remain to tell: the generic path then reads the key. */
static inline enum fp_field
fp_known_key(const unsigned char *q, const unsigned char *end, size_t *klen)
{
	size_t left = (size_t)(end - q);

/* The key is the string literal name, then its closing quote. */
#define FP_KNOWN(name, field) do {						\
	if (fp_starts(q, left, name "\"", FP_LEN(name) + 1)) {			\
		*klen = FP_LEN(name);						\
		return (field);							\
	}									\
} while (0)

	if (left < 6)
		return F_OTHER;
	switch (*q) {
	case 't':
		FP_KNOWN("timestamp", F_TIMESTAMP);
		break;
	case 'o':
		FP_KNOWN("operation_type", F_OPERATION);
		break;
	case 'd':
		FP_KNOWN("duration_ms", F_DURATION);
		break;
	case 's':
		FP_KNOWN("success", F_SUCCESS);
		FP_KNOWN("session_id", F_SESSION);
		break;
	case 'e':
		FP_KNOWN("error", F_ERROR);
		break;
	case 'c':
		FP_KNOWN("context", F_CONTEXT);
		break;
	default:
		break;
	}
#undef FP_KNOWN
	return F_OTHER;
}

/* Value of the ASCII digit s[i]; sets *bad when it is not one. */
static inline unsigned
fp_digit(const unsigned char *s, size_t i, unsigned *bad)
{
	unsigned v = (unsigned)s[i] - '0';

	*bad |= v > 9;
	return v;
}

/* tu_parse (flags 0) for the common shapes only: "YYYY-MM-DD" sep "hh:mm:ss", no fraction
 * or a '.' and at least one digit, then 'Z', 'z', "+hh:mm", "-hh:mm", "+hhmm" or "-hhmm"
 * (vegeta and Go write "2026-09-01T00:00:00.000953+02:00"). Returns 0 and sets *us to
 * exactly tu_parse's value, or -1 for anything else (other shapes, every invalid field, an
 * offset on the first or last day of years 0001-9999, where tu_parse checks the range):
 * the caller then asks tu_parse, which gives the verdict. */
static FP_SHARED_INLINE int
fp_timestamp(const unsigned char *s, size_t len, int64_t *us)
{
	/* "YYYY-MM-" and "DD?hh:mm" checked a word at a time: a digit's byte is 0x30-0x39,
	 * so its high nibble is 3 before and after adding 6 (no carry can leave a byte that
	 * passed the first test); separators must be equal; byte 10 (T, t or space) is
	 * checked on its own. The byte arrays make the words the same on any byte order. */
	static const unsigned char m0[8] = {0xf0, 0xf0, 0xf0, 0xf0, 0xff, 0xf0, 0xf0, 0xff};
	static const unsigned char w0[8] = {'0', '0', '0', '0', '-', '0', '0', '-'};
	static const unsigned char a0[8] = {6, 6, 6, 6, 0, 6, 6, 0};
	static const unsigned char m1[8] = {0xf0, 0xf0, 0x00, 0xf0, 0xf0, 0xff, 0xf0, 0xf0};
	static const unsigned char w1[8] = {'0', '0', 0, '0', '0', ':', '0', '0'};
	static const unsigned char a1[8] = {6, 6, 0, 6, 6, 0, 6, 6};
	uint64_t v0, v1, mk0, wk0, ak0, mk1, wk1, ak1;
	unsigned bad = 0, y, mo, d, h, mi, sec, frac = 0, oh = 0, om = 0;
	size_t i = 19, z;
	int64_t off;

	if (len < 20 || len > 40 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    s[16] != ':')
		return -1;
	memcpy(&v0, s, 8);
	memcpy(&v1, s + 8, 8);
	memcpy(&mk0, m0, 8);
	memcpy(&wk0, w0, 8);
	memcpy(&ak0, a0, 8);
	memcpy(&mk1, m1, 8);
	memcpy(&wk1, w1, 8);
	memcpy(&ak1, a1, 8);
	if ((v0 & mk0) != wk0 || ((v0 + ak0) & mk0) != wk0 || (v1 & mk1) != wk1 ||
	    ((v1 + ak1) & mk1) != wk1)
		return -1;
	y = (unsigned)(s[0] - '0') * 1000 + (unsigned)(s[1] - '0') * 100 +
	    (unsigned)(s[2] - '0') * 10 + (unsigned)(s[3] - '0');
	mo = (unsigned)(s[5] - '0') * 10 + (unsigned)(s[6] - '0');
	d = (unsigned)(s[8] - '0') * 10 + (unsigned)(s[9] - '0');
	h = (unsigned)(s[11] - '0') * 10 + (unsigned)(s[12] - '0');
	mi = (unsigned)(s[14] - '0') * 10 + (unsigned)(s[15] - '0');
	sec = fp_digit(s, 17, &bad) * 10 + fp_digit(s, 18, &bad);
	if (s[19] == '.') {
		/* Microseconds truncate past 6 digits, as tu_parse_frac. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		if (len >= 28) { /* eight bytes after the point: the digits among them at once */
			uint64_t w;
			int n;

			memcpy(&w, s + 20, 8);
			n = fp_swar_digit_count(w);
			if (n == 0)
				return -1;
			frac = (unsigned)fp_swar_digits(w, n < 6 ? n : 6) *
			    (unsigned)fp_pow10_u64[n < 6 ? 6 - n : 0];
			i = 20 + (size_t)n;
			if (n == 8)
				while (i < len && (unsigned)(s[i] - '0') <= 9)
					i++;
		} else
#endif
		{
			size_t six = len < 26 ? len : 26;
			unsigned c;

			for (i = 20; i < six && (c = (unsigned)(s[i] - '0')) <= 9; i++)
				frac = frac * 10 + c;
			if (i == 20)
				return -1;
			for (z = i; z < 26; z++)
				frac *= 10;
			if (i == 26)
				while (i < len && (unsigned)(s[i] - '0') <= 9)
					i++;
		}
	}
	z = len - i;
	if (z == 1 && (s[i] == 'Z' || s[i] == 'z')) {
		off = 0;
	} else if ((z == 6 || z == 5) && (s[i] == '+' || s[i] == '-')) {
		if (z == 6 && s[i + 3] != ':')
			return -1;
		oh = fp_digit(s, i + 1, &bad) * 10 + fp_digit(s, i + 2, &bad);
		om = fp_digit(s, len - 2, &bad) * 10 + fp_digit(s, len - 1, &bad);
		if (y == 1 || y == 9999)
			return -1;
		off = (int64_t)(oh * 3600 + om * 60) * US_PER_SEC;
		if (s[i] == '-')
			off = -off;
	} else {
		return -1;
	}
	if (bad || y == 0 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59 ||
	    oh > 23 || om > 59)
		return -1;
	if (d > tu_month_days(y, mo))
		return -1;
	*us = tu_days_from_civil(y, mo, d) * US_PER_DAY +
	    (int64_t)(h * 3600 + mi * 60 + sec) * US_PER_SEC + (int64_t)frac - off;
	return 0;
}

/* Append code point cp (valid, not a surrogate) to o in UTF-8; returns the end. */
static unsigned char *
fp_put_utf8(unsigned char *o, unsigned cp)
{
	if (cp < 0x80) {
		*o++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*o++ = (unsigned char)(0xc0 | (cp >> 6));
		*o++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (unsigned char)(0xe0 | (cp >> 12));
		*o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (unsigned char)(0xf0 | (cp >> 18));
		*o++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		*o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (unsigned char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/* Any string at s->p ('"'), validated by fp_string, its content unescaped into sc as
 * jansson decodes it (\uXXXX to UTF-8, a surrogate pair to one code point); sets *sp to
 * it. Returns 0, or -1 to decline as fp_string does. */
static int
fp_str_unescape(struct fp *s, struct fp_span *sp, struct fastpath_scratch *sc)
{
	const unsigned char *p = s->p + 1, *close, *q;
	unsigned char *o;
	unsigned cp, lo;

	if (fp_string(s) < 0)
		return -1;
	close = s->p - 1; /* the closing quote; unescaped, the content is no longer */
	if (sc->cap < (size_t)(close - p) + 1) {
		sc->cap = (size_t)(close - p) + 1;
		sc->buf = xrealloc(sc->buf, sc->cap);
	}
	o = (unsigned char *)sc->buf;
	while (p < close) {
		if (*p != '\\') {
			/* a run of other bytes: plain, or UTF-8 that fp_string has checked */
			for (q = p; q < close && *q != '\\'; q++)
				;
			memcpy(o, p, (size_t)(q - p));
			o += q - p;
			p = q;
			continue;
		}
		switch (p[1]) {
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':
			(void)fp_hex4(p + 2, &cp);
			if (cp >= 0xd800 && cp <= 0xdbff) {
				(void)fp_hex4(p + 8, &lo);
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			o = fp_put_utf8(o, cp);
			p += 4;
			break;
		default: /* '"', '\\', '/' */
			*o++ = p[1];
			break;
		}
		p += 2;
	}
	sp->s = (const unsigned char *)sc->buf;
	sp->len = (size_t)(o - (unsigned char *)sc->buf);
	return 0;
}

/* A string without escapes, or (when nullable) null. *sp->s is NULL for null. */
static FP_SHARED_INLINE int
fp_plain_string(struct fp *s, struct fp_span *sp, bool nullable)
{
	if (s->p < s->end && *s->p == 'n' && nullable) {
		sp->s = NULL;
		sp->len = 0;
		return fp_literal(s, "null", 4);
	}
	if (s->p >= s->end || *s->p != '"' || fp_str_plain(s, sp) < 0)
		return -1;
	return 0;
}

/* One top-level member's value. */
static FP_SHARED_INLINE int
fp_member(struct fp *s, enum fp_field f, struct record *out, struct fp_span *ctx,
    struct fp_span *ts, unsigned *seen, struct fastpath_scratch *sc)
{
	struct fp_span sp;
	const unsigned char *start;
	bool plain;

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
		if (fp_duration(s, &out->duration_ms, &plain) < 0 &&
		    fp_number(s, &out->duration_ms, &plain, NULL) < 0)
			return -1;
		if (plain) {
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
		/* with sc, a string with escapes is read into it */
		if (fp_plain_string(s, &sp, true) < 0 && (sc == NULL || s->p >= s->end ||
		    *s->p != '"' || fp_str_unescape(s, &sp, sc) < 0))
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
	struct fp_span keys[FASTPATH_MAX_KEYS], k = {NULL, 0}, ts = {NULL, 0}, cx = {NULL, 0};
	unsigned seen = 0, dup = 0; /* dup: every known member met, even "error": null */
	int n = 0;
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
		size_t klen;

		if (s.p >= s.end || *s.p != '"')
			return 0;
		/* The usual keys by a direct match, any other by the generic reader. */
		if ((f = fp_known_key(s.p + 1, s.end, &klen)) != F_OTHER)
			s.p += klen + 2;
		else if (fp_str_plain(&s, &k) < 0)
			return 0;
		else
			f = fp_field_of(&k);
		/* Duplicates: known members by their bit, the others by comparison. */
		if (f != F_OTHER) {
			if (seen & (1u << f) || dup & (1u << f))
				return 0;
			seen |= 1u << f;
			dup |= 1u << f;
		} else if (fp_key_add(keys, &n, &k) < 0)
			return 0;
		if (fp_take(&s, ':') < 0)
			return 0;
		if (fp_member(&s, f, out, &cx, &ts, &seen, NULL) < 0)
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
	if (fp_timestamp(ts.s, ts.len, &out->ts_us) < 0 &&
	    tu_parse((const char *)ts.s, ts.len, 0, &out->ts_us, &why) < 0)
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

/* ---- records read through a field mapping (SPEC section 15) ------------------------ */

/* The mapped scan finds the raw value of every slot first, then reads each as fp_member
 * does; the field order of enum fp_field is enum fm_field's. */
_Static_assert((int)F_TIMESTAMP == (int)FM_TIMESTAMP && (int)F_OPERATION == (int)FM_OPERATION &&
    (int)F_DURATION == (int)FM_DURATION && (int)F_SUCCESS == (int)FM_SUCCESS &&
    (int)F_SESSION == (int)FM_SESSION && (int)F_ERROR == (int)FM_ERROR &&
    (int)F_CONTEXT == (int)FM_CONTEXT, "fp_field and fm_field differ");

/* An integer of exactly 19 digits, at most INT64_MAX, at s->p: jansson keeps it as an
 * integer, fp_number declines it; Unix time in nanoseconds since 2001 looks like this. */
static int
fp_int19(struct fp *s)
{
	const unsigned char *p = s->p;

	if (s->end - p < 19 || (unsigned)(*p - '1') > 8)
		return -1;
	for (int i = 1; i < 19; i++)
		if ((unsigned)(p[i] - '0') > 9)
			return -1;
	if (s->end - p > 19 && ((unsigned)(p[19] - '0') <= 9 || p[19] == '.' || p[19] == 'e' ||
	    p[19] == 'E'))
		return -1;
	if (memcmp(p, "9223372036854775807", 19) > 0)
		return -1;
	s->p = p + 19;
	return 0;
}

/* fp_number's work for the usual epoch numbers, a nonzero first digit and no exponent:
 * an integer of 1 to 18 digits (epoch milliseconds), returning 1, or the epoch seconds
 * Caddy writes (1796654529.6035929), a fraction and 16 to 19 significant digits whose
 * value as an integer is at least 2^53 and at most 21 of them after the point, that is,
 * exactly the numbers fp_number converts by fastpath_decimal_real, returning 0 with the
 * double. Returns -1 (nothing consumed) for fp_number to decide. */
static int
fp_epoch_decimal(struct fp *s, double *want)
{
	const unsigned char *p = s->p, *end = s->end, *f;
	uint64_t mant = 0;
	int nd = 0;

	if (p >= end || (unsigned)(*p - '1') > 8)
		return -1;
	p = fp_digit_run(p, end, &mant, &nd);
	if (p >= end || *p != '.') {
		if (nd > 18 || (p < end && (*p == 'e' || *p == 'E')))
			return -1;
		s->p = p;
		return 1;
	}
	f = ++p;
	p = fp_digit_run(p, end, &mant, &nd);
	if (p == f || nd < 16 || nd > 19 || (p < end && (*p == 'e' || *p == 'E')) ||
	    fastpath_decimal_real(mant, -(int)(p - f), want) < 0)
		return -1;
	s->p = p;
	return 0;
}

/* A numeric timestamp under --epoch, exactly as record.c reads it: an integer (19 digits at
 * most) from its text, as jansson keeps it exactly; a real through fm_epoch_real of the
 * double jansson makes of it (fp_number's value), which is the text's own value when the
 * text has at most 15 significant digits and the double is normal: then the text is read
 * directly, without printing the double. fp_number declines every integer of 19 digits,
 * and fp_int19 accepts only those: it is asked second, for the rare 19 digits. The
 * integers of 1 to 18 digits and the decimals of 16 to 19 digits (Caddy's) are read by
 * fp_epoch_decimal first, as fp_number would read them. */
static int
fp_epoch(struct fp *s, enum fm_unit u, int64_t *us)
{
	const unsigned char *start = s->p;
	double want = 0;
	size_t len;
	int digits; /* significant, as fm_epoch_text counts them; -1 for an integer */

	switch (fp_epoch_decimal(s, &want)) {
	case 0: /* a real of more than 15 digits */
		return fm_epoch_real(want, u, us);
	case 1: /* an integer */
		return fm_epoch_text((const char *)start, (size_t)(s->p - start), u, us, NULL);
	}
	if (fp_number(s, &want, NULL, &digits) < 0) {
		if (fp_int19(s) == 0)
			return fm_epoch_text((const char *)start, 19, u, us, NULL);
		return -1;
	}
	len = (size_t)(s->p - start);
	if (digits < 0)
		return fm_epoch_text((const char *)start, len, u, us, NULL);
	if (digits <= 15 && fm_epoch_text((const char *)start, len, u, us, NULL) == 0 &&
	    !(fabs(want) < 1e-300))
		return 0;
	return fm_epoch_real(want, u, us);
}

/* The member of node whose key is k (of fm_key_hash h), or node->n: node->hash names the
 * only member that can match, or says to compare those of k's length (node->lens). */
static FP_SHARED_INLINE size_t
fp_node_find(const struct fm_node *node, const struct fp_span *k, unsigned h)
{
	size_t i = node->hash[h];

	if (i == 0)
		return node->n;
	if (i != FM_HASH_MANY) {
		i--;
		return node->m[i].len == k->len && pr_short_eq(k->s, node->m[i].key, k->len) ?
		    i : node->n;
	}
	if ((node->lens & fm_len_bit(k->len)) == 0)
		return node->n;
	for (i = 0; i < node->n; i++)
		if (node->m[i].len == k->len && pr_short_eq(k->s, node->m[i].key, k->len))
			break;
	return i;
}

_Static_assert(FM_NSLOTS < FM_HASH_MANY, "struct fm_node's hash cannot name every member");
_Static_assert(FM_NSLOTS <= FASTPATH_MAX_TOP - FASTPATH_MAX_KEYS, "FASTPATH_MAX_TOP too small");

/* What the mapped scan has found so far. */
struct fp_mapped {
	const struct fieldmap *fm;
	struct record *out;
	struct expr_raw_member *top; /* the top-level members (NULL: not wanted) */
	struct fastpath_scratch *scratch; /* for an error with escapes (NULL: decline) */
	size_t n_top;
	struct fp_span cx, ts, extra;
	unsigned seen;  /* fields met (as fp_member keeps it: "error": null does not count) */
	bool ts_number; /* out->ts_us set from an epoch number */
	size_t n_sub;   /* scratch->sub used by the line's EXPR_RAW_OBJ members */
	size_t vc_at;   /* the objects fp_scan_headers has read in the line */
};

/* Where fp_mapped_top's run of the template stopped in a line's top-level object, for
 * fp_mapped_object to go on from: the members read, the next of mc->top, the fm_key_hash
 * bits and count of the keys node does not have, and the bits of those it has. */
struct fp_top_state {
	size_t j;
	struct expr_raw_member *t;
	uint64_t sig;
	int n;
	unsigned mseen;
};

static int fp_mapped_object(struct fp *s, const struct fm_node *node, int depth,
    struct fp_mapped *mc, const struct fp_top_state *from);

/* Make mc->scratch's sub_want for mc->fm (fp_sub_wanted's, once a fieldmap): the
 * fm_key_hash bits of the first keys of its expressions' paths, all when too many. */
static void
fp_sub_want_make(struct fp_mapped *mc)
{
	struct fastpath_scratch *sc = mc->scratch;
	const struct fieldmap *fm = mc->fm;
	const char *key[8];
	size_t len[8], n;
	uint64_t want = 0;

	for (size_t e = 0; e < FM_NSLOTS + fm->n_where + 1; e++) {
		const struct expr *x = e < FM_NSLOTS ? fm->expr[e] : e < FM_NSLOTS + fm->n_where ?
		    fm->where[e - FM_NSLOTS] : fm->success;

		if (x == NULL)
			continue;
		if ((n = expr_nested_keys(x, key, len, 8)) > 8) {
			want = ~UINT64_C(0);
			break;
		}
		for (size_t i = 0; i < n; i++)
			want |= UINT64_C(1) << fm_key_hash((const unsigned char *)key[i], len[i]);
	}
	sc->sub_fm = fm;
	sc->sub_want = want;
}

/* Whether the object of top-level member t is one a path of mc->fm's expressions may go
 * into (by mc->scratch's sub_want, made again by fp_sub_want_make when the fieldmap is
 * another). Inlined: it is asked for every top-level object of a line. */
static FP_SHARED_INLINE bool
fp_sub_wanted(struct fp_mapped *mc, const struct expr_raw_member *t)
{
	struct fastpath_scratch *sc = mc->scratch;

	if (sc->sub_fm != mc->fm)
		fp_sub_want_make(mc);
	return (sc->sub_want >> fm_key_hash((const unsigned char *)t->key, t->klen) & 1) != 0;
}

/* Note key k at place j of sc's template of noted objects, for an
 * object whose first member is at place first, when colon (a ':' right after its closing
 * quote) and it has room; the places after j are dropped. */
static void
fp_nk_put(struct fastpath_scratch *sc, size_t j, size_t first, const struct fp_span *k,
    bool colon)
{
	size_t off = sc->nk_off[j];

	sc->nk_n = j + 1;
	if (!colon || k->len >= 0xff || off + k->len + 3 > FASTPATH_TMPL_BYTES) {
		sc->nk_tag[j] = (unsigned short)(first << 8 | 0xff);
		sc->nk_off[j + 1] = (unsigned short)off;
		return;
	}
	sc->nk_text[off] = '"';
	memcpy(sc->nk_text + off + 1, k->s, k->len);
	sc->nk_text[off + 1 + k->len] = '"';
	sc->nk_text[off + 2 + k->len] = ':';
	sc->nk_tag[j] = (unsigned short)(first << 8 | k->len);
	sc->nk_off[j + 1] = (unsigned short)(off + k->len + 3);
}

_Static_assert(FASTPATH_MAX_SUB < 0xff && FASTPATH_MAX_SUB >= FASTPATH_MAX_KEYS,
    "struct fastpath_scratch's nk_tag too narrow, or an object cannot fill sub");

/* fp_skip_value (depth 1) for the object at p ('{'), the value of top-level member t that
 * nobody maps: validated as fp_scan_object validates it at depth 2, and each of its members
 * noted in mc->scratch->sub as fp_top_value notes a top-level member (a plain string or a
 * plain integer with its kind and vend, anything else EXPR_RAW_ANY); t becomes EXPR_RAW_OBJ
 * over them (vend past the '}'), for expr_eval_raw's paths. When they do not all fit, the
 * object is scanned again by fp_scan_object and t left as it is. A key that is byte for
 * byte the template's at its place (with its quotes and ':', of an object that started at
 * the same place) is taken without scanning and hashing it (it differs from the keys
 * before it, as the template's do); a key met otherwise is compared with the members
 * before it when its fm_key_hash bit in sig is set (the bits of the keys the template
 * gave are added then). */
static __attribute__((noinline)) const unsigned char *
fp_top_object(const unsigned char *p, const unsigned char *end, struct expr_raw_member *t,
    struct fp_mapped *mc)
{
	struct fastpath_scratch *sc = mc->scratch;
	const size_t first = mc->n_sub; /* the object's first place in sc->sub */
	struct expr_raw_member *sub = sc->sub + first, *m = sub;
	struct expr_raw_member *sig_to = sub; /* the members before it are in sig */
	const struct expr_raw_member *lim = sc->sub + FASTPATH_MAX_SUB;
	/* where the loop stops: no room left (scan again), or a key too many (decline) */
	const struct expr_raw_member *stop = lim - sub < FASTPATH_MAX_KEYS ? lim :
	    sub + FASTPATH_MAX_KEYS;
	const unsigned char *start = p, *v, *q;
	size_t tn = sc->nk_n, kl;
	enum expr_raw_kind kind;
	struct fp_span k;
	uint64_t sig = 0, bit;
	int r;

	p = fp_ws_at(p + 1, end);
	if (p < end && *p == '}') {
		p++;
		goto done;
	}
	for (size_t j = first;; j++) {
		/* A template key at place j was the member j - first of an object at first that
		 * had room there (below stop): so has this one. */
		if (j < tn && (kl = (unsigned)sc->nk_tag[j] - (unsigned)(first << 8)) < 0xff &&
		    (size_t)(end - p) >= kl + 3 && pr_short_eq(p, sc->nk_text + sc->nk_off[j],
		    kl + 3)) {
			k.s = p + 1;
			k.len = kl;
			v = fp_ws_at(p + kl + 3, end);
		} else {
			if (m == stop)
				return stop == lim ? fp_scan_object(start, end, 2) : NULL;
			if (j < tn)
				tn = j; /* the template holds no more */
			if (p >= end || *p != '"' || (p = fp_scan_key(p, end, &k)) == NULL)
				return NULL;
			for (; sig_to < m; sig_to++) /* the keys the template gave */
				sig |= UINT64_C(1) << fm_key_hash((const unsigned char *)sig_to->key,
				    sig_to->klen);
			sig_to = m + 1;
			bit = UINT64_C(1) << fm_key_hash(k.s, k.len);
			if ((sig & bit) != 0)
				for (const struct expr_raw_member *o = sub; o < m; o++)
					if (o->klen == k.len && memcmp(o->key, k.s, k.len) == 0)
						return NULL;
			sig |= bit;
			fp_nk_put(sc, j, first, &k, p < end && *p == ':');
			if ((v = fp_scan_colon(p, end)) == NULL)
				return NULL;
		}
		kind = EXPR_RAW_ANY;
		if (v < end && *v == '"') {
			q = fp_plain_run(v + 1, end);
			if (q < end && *q == '"') {
				kind = EXPR_RAW_STR;
				p = q + 1;
			} else
				p = fp_scan_string_slow(v, end);
		} else if ((p = fp_plain_int(v, end)) != NULL)
			kind = EXPR_RAW_INT;
		else if (v < end && *v == '{')
			p = fp_scan_headers(v, end, 3, sc, &mc->vc_at);
		else
			p = fp_skip_value(v, end, 2);
		if (p == NULL)
			return NULL;
		m->key = (const char *)k.s;
		m->klen = k.len;
		m->val = (const char *)v;
		m->vend = (const char *)p;
		m->kind = kind;
		m++;
		if ((r = fp_scan_next(&p, end, '}')) < 0)
			return NULL;
		if (r == 0)
			break;
	}
done:
	t->kind = EXPR_RAW_OBJ;
	t->vend = (const char *)p;
	t->sub = sub;
	t->n_sub = (size_t)(m - sub);
	mc->n_sub += t->n_sub;
	return p;
}

/* fp_skip_value for the value at p of a top-level member t that nobody maps: a plain
 * string (fp_plain_run to its closing quote) or a plain integer (fp_plain_int) is noted in
 * t (kind and vend), for expr_eval_raw; an object, with mc->scratch, by fp_top_object. */
static FP_SHARED_INLINE const unsigned char *
fp_top_value(const unsigned char *p, const unsigned char *end, struct expr_raw_member *t,
    struct fp_mapped *mc)
{
	const unsigned char *q;

	if (p < end && *p == '"') {
		q = fp_plain_run(p + 1, end);
		if (q < end && *q == '"') {
			t->kind = EXPR_RAW_STR;
			t->vend = (const char *)q + 1;
			return q + 1;
		}
		return fp_scan_string_slow(p, end);
	}
	if ((q = fp_plain_int(p, end)) != NULL) {
		t->kind = EXPR_RAW_INT;
		t->vend = (const char *)q;
		return q;
	}
	if (p < end && *p == '{')
		return mc->scratch != NULL && fp_sub_wanted(mc, t) ? fp_top_object(p, end, t, mc) :
		    fp_scan_headers(p, end, 2, mc->scratch, &mc->vc_at);
	return fp_skip_value(p, end, 1);
}

/* The value of slot at s->p, read as fp_member reads the field. A context object that holds
 * the extra slot (fm->ctx_root) is scanned for it on the way, at the depth fp_member's
 * fp_value gives it, and its span kept as fp_member keeps it. */
static FP_SHARED_INLINE int
fp_mapped_value(struct fp *s, int slot, struct fp_mapped *mc)
{
	const unsigned char *start = s->p;

	if (slot == FM_SLOT_EXTRA) {
		if (fp_value(s, 1) < 0)
			return -1;
		mc->extra.s = start;
		mc->extra.len = (size_t)(s->p - start);
		return 0;
	}
	mc->seen |= 1u << slot;
	if (slot == FM_CONTEXT && mc->fm->ctx_root != NULL && s->p < s->end && *s->p == '{') {
		if (fp_mapped_object(s, mc->fm->ctx_root, 2, mc, NULL) < 0)
			return -1;
		mc->cx.s = start;
		mc->cx.len = (size_t)(s->p - start);
		return 0;
	}
	if (slot == FM_TIMESTAMP && mc->fm->epoch != FM_NO_EPOCH && s->p < s->end &&
	    (*s->p == '-' || (unsigned)(*s->p - '0') <= 9)) {
		mc->ts_number = true;
		return fp_epoch(s, (enum fm_unit)mc->fm->epoch, &mc->out->ts_us);
	}
	return fp_member(s, (enum fp_field)slot, mc->out, &mc->cx, &mc->ts, &mc->seen,
	    mc->scratch);
}

/* fp_mapped_value out of line, for fp_tmpl_run (fp_mapped_object has its own copy). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int
fp_mapped_leaf(struct fp *s, int slot, struct fp_mapped *mc)
{
	return fp_mapped_value(s, slot, mc);
}

/* True when k is the key of one of the top-level members top[0..n) read so far. */
static bool
fp_top_seen(const struct expr_raw_member *top, size_t n, const struct fp_span *k)
{
	for (size_t i = 0; i < n; i++)
		if (top[i].klen == k->len && memcmp(top[i].key, k->s, k->len) == 0)
			return true;
	return false;
}

/* Make key j of sc's template k (of fm_key_hash h, member i of node, or node->n),
 * matchable when colon (a ':' right after its closing quote) and it has room. */
static void
fp_tmpl_put(struct fastpath_scratch *sc, size_t j, const struct fp_span *k, unsigned h,
    const struct fm_node *node, size_t i, bool colon)
{
	size_t off = sc->tk_off[j];
	struct fastpath_tkey *e = &sc->tk_key[j];

	e->mask[0] = 0; /* its words are made when first compared (fp_tmpl_eq_text) */
	e->len = 0xff;
	e->slot = FASTPATH_TK_INNER;
	if (!colon || k->len >= 0xff || off + k->len + 3 > FASTPATH_TMPL_BYTES) {
		sc->tk_len[j] = 0xff;
		sc->tk_off[j + 1] = (unsigned short)off;
		return;
	}
	e->len = (unsigned char)k->len;
	e->slot = i == node->n ? FASTPATH_TK_OTHER : node->m[i].slot < 0 ? FASTPATH_TK_INNER :
	    (signed char)node->m[i].slot;
	e->member = (unsigned char)i;
	e->hash_bit = UINT64_C(1) << h;
	sc->tk_text[off] = '"';
	memcpy(sc->tk_text + off + 1, k->s, k->len);
	sc->tk_text[off + 1 + k->len] = '"';
	sc->tk_text[off + 2 + k->len] = ':';
	sc->tk_len[j] = (unsigned char)k->len;
	sc->tk_member[j] = (unsigned char)i;
	sc->tk_hash[j] = (unsigned char)h;
	sc->tk_off[j + 1] = (unsigned short)(off + k->len + 3);
}

_Static_assert(FASTPATH_TMPL_BYTES < 0xffff && FM_NSLOTS < 0x7f, "template fields too narrow");

/* The bound of fp_tmpl_eq for positions from p on: below it, 16 bytes remain before end. */
static inline const unsigned char *
fp_tmpl_lim(const unsigned char *p, const unsigned char *end)
{
	return end - p >= 16 ? end - 15 : p;
}

/* fp_tmpl_eq's compare with the template's text (and, for a key of 16 bytes or fewer with
 * its quotes and ':', the making of e's words and masks from it, once). */
static bool
fp_tmpl_eq_text(struct fastpath_scratch *sc, struct fastpath_tkey *e, const unsigned char *p,
    const unsigned char *end)
{
	/* 16 bytes 0xff then 16 zeros: the mask of n bytes starts at 16 - n */
	static const unsigned char ones[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	size_t need = (size_t)e->len + 3;
	const char *text = sc->tk_text + sc->tk_off[e - sc->tk_key];
	unsigned char w[16] = {0};

	if (e->len == 0xff)
		return false;
	if (need <= 16 && e->mask[0] == 0) {
		memcpy(w, text, need);
		memcpy(e->word, w, 16);
		memcpy(e->mask, ones + 16 - need, 16);
	}
	return (size_t)(end - p) >= need && pr_short_eq(p, text, need);
}

/* The key at p (end - p bytes remain) is byte for byte key e of sc's template, with its
 * quotes and ':': a key of 16 bytes or fewer with them in one compare of the next 16 bytes
 * (when that many remain: p is below lim, fp_tmpl_lim's) with its words and masks, others
 * (and any the first time) by fp_tmpl_eq_text. */
static FP_SHARED_INLINE bool
fp_tmpl_eq(struct fastpath_scratch *sc, struct fastpath_tkey *e, const unsigned char *p,
    const unsigned char *end, const unsigned char *lim)
{
	uint64_t a, b;

	if (p < lim && e->mask[0] != 0) {
		memcpy(&a, p, 8);
		memcpy(&b, p + 8, 8);
		return (((a ^ e->word[0]) & e->mask[0]) | ((b ^ e->word[1]) & e->mask[1])) == 0;
	}
	return fp_tmpl_eq_text(sc, e, p, end);
}

/* The run of template members from member *jp on (fp_mapped_object's template, top-level
 * members only): while the key at s->p is byte for byte the template's (with its quotes
 * and ':'), the member is noted in *tp (key, value start, and what fp_top_value learns)
 * and its value read as fp_mapped_object's own loop reads it: a member of node (its bit
 * set in *mseen) by fp_mapped_leaf, or, leading into an inner object, by fp_mapped_object
 * one level down; any other validated and skipped (its fm_key_hash bit set in *sig,
 * counted in *n). Kept out of that loop (and its spilled registers) because most lines of
 * a log follow the template to their end. Returns 1 at a key the run does not take (s->p
 * there, past the white space after the ','), 0 when the object closed after a member
 * (s->p past its '}'), -1 to decline. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int
fp_tmpl_run(struct fastpath_scratch *sc, struct fp_mapped *mc, struct fp *s, size_t *jp,
    struct expr_raw_member **tp, uint64_t *sig, int *n, unsigned *mseen)
{
	const unsigned char *p = s->p, *end = s->end, *lim = fp_tmpl_lim(p, end);
	struct fastpath_tkey *e = sc->tk_key + *jp, *last = sc->tk_key + sc->tk_n;
	const struct fm_node *node = sc->tk_node;
	struct expr_raw_member *t = *tp;
	uint64_t bits = 0;
	unsigned ms = 0;
	int r = 1, leaves = 0;
	bool spaced = false; /* white space came after a ',' */

	for (; e < last; e++) {
		size_t kl = e->len;

		if (!fp_tmpl_eq(sc, e, p, end, lim)) {
			/* white space after the ',' before it */
			if (p >= end || *p > ' ')
				break;
			p = fp_ws_at(p, end);
			if (!fp_tmpl_eq(sc, e, p, end, lim))
				break;
			spaced = true;
		}
		t->key = (const char *)p + 1;
		t->klen = kl;
		p = fp_ws_at(p + kl + 3, end);
		t->val = (const char *)p;
		t->kind = EXPR_RAW_ANY;
		if (e->slot == FASTPATH_TK_OTHER) {
			bits |= e->hash_bit;
			if ((p = fp_top_value(p, end, t, mc)) == NULL)
				return -1;
		} else {
			ms |= 1u << e->member;
			leaves++;
			s->p = p;
			if (e->slot != FASTPATH_TK_INNER) {
				if (fp_mapped_leaf(s, e->slot, mc) < 0)
					return -1;
			} else if (p < end && *p == '{') {
				if (fp_mapped_object(s, node->m[e->member].child, 2, mc, NULL) < 0)
					return -1;
			} else if (fp_value(s, 1) < 0)
				return -1;
			p = s->p;
		}
		t++;
		if (p < end && *p == ',') {
			/* white space after it: skipped above, where the key does not come, and
			 * here once the line has shown some */
			p++;
			if (spaced)
				p = fp_ws_at(p, end);
			continue;
		}
		if ((r = fp_scan_next(&p, end, '}')) <= 0) {
			e++;
			break;
		}
	}
	if (r > 0)
		p = fp_ws_at(p, end);
	/* the members taken, but node's */
	*n += (int)(t - *tp) - leaves;
	*sig |= bits;
	*mseen |= ms;
	s->p = p;
	*jp = (size_t)(e - sc->tk_key);
	*tp = t;
	return r;
}

/* An object at s->p ('{'), validated and skipped like fp_scan_object, whose members named
 * in node are read (leaves) or searched in turn (inner members). Duplicate keys: node's
 * members by a bit each, the others by their fm_key_hash bit and then a compare (with the
 * top-level members kept in mc->top, else by fp_key_add_sig). At the top level with
 * mc->top and mc->scratch, keys are first matched against the scratch's template: while
 * the line's keys are the template's, in its order, they are different (the template's
 * are) and are taken as they were noted; from the first other key on, the line is scanned
 * in full and its keys noted in the template, each counted in it as it is noted (kept
 * when the line is declined further on). */
static int
fp_mapped_object(struct fp *s, const struct fm_node *node, int depth, struct fp_mapped *mc,
    const struct fp_top_state *from)
{
	const unsigned char *p = s->p, *end = s->end;
	struct fp_span keys[FASTPATH_MAX_KEYS], k;
	struct expr_raw_member *t = depth == 1 ? mc->top : NULL; /* the next top member (the
	                                                            count is set at the end) */
	struct fastpath_scratch *sc = t != NULL ? mc->scratch : NULL; /* the template */
	size_t tn = 0; /* the template's keys the line may still follow */
	size_t j = 0;  /* the members read so far */
	unsigned mseen = 0;
	uint64_t sig = 0;
	int n = 0, r;

	if (from != NULL) {
		/* the top level, at the key s->p where fp_mapped_top's run stopped */
		j = from->j;
		t = from->t;
		sig = from->sig;
		n = from->n;
		mseen = from->mseen;
		tn = sc->tk_n;
		goto member;
	}
	if (depth > FASTPATH_MAX_DEPTH)
		return -1;
	if (sc != NULL) {
		if (sc->tk_node != node) {
			sc->tk_node = node;
			sc->tk_n = 0;
			sc->tk_off[0] = 0;
		}
		tn = sc->tk_n;
	}
	p = fp_ws_at(p + 1, end);
	if (p < end && *p == '}') {
		s->p = p + 1;
		return 0;
	}
	for (;;) {
		size_t i, kl;
		unsigned h;

		if (j < tn) {
			s->p = p;
			r = fp_tmpl_run(sc, mc, s, &j, &t, &sig, &n, &mseen);
			p = s->p;
			if (r <= 0)
				goto done;
		}
member:
		if (j < tn && fp_tmpl_eq(sc, &sc->tk_key[j], p, end, fp_tmpl_lim(p, end))) {
			kl = sc->tk_len[j];
			k.s = p + 1;
			k.len = kl;
			i = sc->tk_member[j];
			if (i < node->n)
				mseen |= 1u << i;
			else {
				sig |= UINT64_C(1) << sc->tk_hash[j];
				n++;
			}
			p = fp_ws_at(p + kl + 3, end);
		} else {
			if (j < tn)
				sc->tk_n = tn = j; /* the template holds from here on */
			if (p >= end || *p != '"' || (p = fp_scan_key(p, end, &k)) == NULL)
				return -1;
			h = fm_key_hash(k.s, k.len);
			i = fp_node_find(node, &k, h);
			if (i < node->n) {
				if (mseen & (1u << i))
					return -1;
				mseen |= 1u << i;
			} else if (t != NULL) {
				uint64_t bit = UINT64_C(1) << h;

				if (((sig & bit) != 0 && fp_top_seen(mc->top, j, &k)) ||
				    n >= FASTPATH_MAX_KEYS)
					return -1;
				sig |= bit;
				n++;
			} else if (fp_key_add_sig(keys, &n, &sig, &k, h) < 0)
				return -1;
			if (sc != NULL) {
				/* counted at once: a line declined further on (a value the fast
				 * path hands to jansson) leaves its keys so far, all different, in
				 * the template for the next line's run */
				fp_tmpl_put(sc, j, &k, h, node, i, p < end && *p == ':');
				sc->tk_n = j + 1;
			}
			if ((p = fp_scan_colon(p, end)) == NULL)
				return -1;
		}
		if (t != NULL) {
			t->key = (const char *)k.s;
			t->klen = k.len;
			t->val = (const char *)p;
			t->kind = EXPR_RAW_ANY;
			t++;
		}
		j++;
		if (i == node->n) {
			if (t != NULL) {
				if ((p = fp_top_value(p, end, t - 1, mc)) == NULL)
					return -1;
			} else if ((p = fp_skip_value(p, end, depth)) == NULL)
				return -1;
		} else {
			s->p = p;
			if (node->m[i].slot >= 0) {
				if (fp_mapped_value(s, node->m[i].slot, mc) < 0)
					return -1;
			} else if (p < end && *p == '{') {
				if (fp_mapped_object(s, node->m[i].child, depth + 1, mc, NULL) < 0)
					return -1;
			} else if (fp_value(s, depth) < 0)
				return -1;
			p = s->p;
		}
		if ((r = fp_scan_next(&p, end, '}')) <= 0)
			goto done;
	}
done:
	s->p = p;
	if (t != NULL)
		mc->n_top = (size_t)(t - mc->top);
	return r;
}

/* The top-level object at s->p ('{') of a line, as fp_mapped_object(s, node, 1, mc) reads
 * it: when the scratch's template is node's, its run reads the members that follow it
 * first, without fp_mapped_object's larger frame, which goes on only where the run stops
 * before the object's end. */
static int
fp_mapped_top(struct fp *s, const struct fm_node *node, struct fp_mapped *mc)
{
	struct fastpath_scratch *sc = mc->scratch;
	struct fp_top_state st = {0, mc->top, 0, 0, 0};
	int r;

	if (st.t == NULL || sc == NULL || sc->tk_node != node || sc->tk_n == 0)
		return fp_mapped_object(s, node, 1, mc, NULL);
	s->p = fp_ws_at(s->p + 1, s->end);
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		return 0;
	}
	r = fp_tmpl_run(sc, mc, s, &st.j, &st.t, &st.sig, &st.n, &st.mseen);
	if (r > 0)
		return fp_mapped_object(s, node, 1, mc, &st);
	/* the run stays within the template: its count needs no update */
	mc->n_top = (size_t)(st.t - mc->top);
	return r;
}

int
fastpath_parse_mapped(const char *line, size_t len, const struct fieldmap *fm,
    struct record *out, const char **ctx, size_t *ctx_len, const char **extra,
    size_t *extra_len)
{
	return fastpath_parse_indexed(line, len, fm, out, ctx, ctx_len, extra, extra_len, NULL,
	    NULL, NULL);
}

int
fastpath_parse_indexed(const char *line, size_t len, const struct fieldmap *fm,
    struct record *out, const char **ctx, size_t *ctx_len, const char **extra,
    size_t *extra_len, struct expr_raw_member *top, size_t *n_top,
    struct fastpath_scratch *scratch)
{
	struct fp s = {(const unsigned char *)line, (const unsigned char *)line + len};
	struct fp_mapped mc;
	const char *why;
	/* A computed field (--field NAME=EXPR) has no path: record.c evaluates it over the
	 * line's text once the line is accepted. A --time-format applies to a timestamp read
	 * from its key only on the jansson path. */
	unsigned required = (unsigned)(fm->expr[FM_TIMESTAMP] == NULL) << F_TIMESTAMP |
	    (unsigned)(fm->expr[FM_OPERATION] == NULL) << F_OPERATION |
	    (unsigned)(fm->expr[FM_DURATION] == NULL) << F_DURATION;
	int valid;

	if (fm->time_format != NULL && fm->expr[FM_TIMESTAMP] == NULL)
		return 0;
	memset(out, 0, sizeof(*out));
	memset(&mc, 0, sizeof(mc));
	mc.fm = fm;
	mc.out = out;
	mc.top = top;
	mc.scratch = scratch;
	fp_ws(&s);
	if (s.p >= s.end || *s.p != '{' || fp_mapped_top(&s, fm->root, &mc) < 0)
		return 0;
	fp_ws(&s);
	if (s.p != s.end)
		return 0;
	/* From here on the line is valid JSON: declined with its members indexed. */
	if (n_top != NULL)
		*n_top = mc.n_top;
	valid = top != NULL ? FASTPATH_INDEXED : 0;
	if ((mc.seen & required) != required)
		return valid;
	if (!isfinite(out->duration_ms) || out->duration_ms < 0)
		return valid;
	if (fm->duration_unit != FM_UNIT_MS && fm->expr[FM_DURATION] == NULL) {
		out->duration_ms = fm_duration_ms(out->duration_ms, fm->duration_unit);
		out->dur_text = NULL;
		out->dur_text_len = 0;
		if (!isfinite(out->duration_ms))
			return valid;
	}
	if (!mc.ts_number && fm->expr[FM_TIMESTAMP] == NULL &&
	    fp_timestamp(mc.ts.s, mc.ts.len, &out->ts_us) < 0 &&
	    tu_parse((const char *)mc.ts.s, mc.ts.len, 0, &out->ts_us, &why) < 0)
		return valid;
	out->duration_ms += 0.0;
	if (!out->success_given)
		out->success = (mc.seen & (1u << F_ERROR)) == 0;
	*ctx = (const char *)mc.cx.s;
	*ctx_len = mc.cx.len;
	*extra = (const char *)mc.extra.s;
	*extra_len = mc.extra.len;
	return 1;
}
