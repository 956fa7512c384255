/* summary-fast.c - the fast reader of summary data lines (summary-fast.h). */
#include "summary-fast.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "timeutil.h"
#include "xalloc.h"

/* Longest number text read here (17 significant digits, a point, an exponent fit). */
#define SUMMARY_FAST_NUM_MAX 40
/* Most digits of a whole number read here (below INT64_MAX's 19). */
#define SUMMARY_FAST_INT_DIGITS 18

/* Where the reader is in the line. */
struct summary_fast {
	const char *p, *end;
};

/* Skip JSON white space. */
static void
summary_fast_ws(struct summary_fast *f)
{
	while (f->p < f->end && (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' ||
	    *f->p == '\r'))
		f->p++;
}

/* The character c next (after white space), consumed. */
static bool
summary_fast_char(struct summary_fast *f, char c)
{
	summary_fast_ws(f);
	if (f->p >= f->end || *f->p != c)
		return false;
	f->p++;
	return true;
}

/* A string of printable ASCII without escapes: its bytes in *s, *n. */
static bool
summary_fast_str(struct summary_fast *f, const char **s, size_t *n)
{
	const char *q;

	if (!summary_fast_char(f, '"'))
		return false;
	for (q = f->p; q < f->end && *q != '"'; q++)
		if ((unsigned char)*q < 0x20 || (unsigned char)*q > 0x7e || *q == '\\')
			return false;
	if (q >= f->end)
		return false;
	*s = f->p;
	*n = (size_t)(q - f->p);
	f->p = q + 1;
	return true;
}

/* The key "name" and its colon, name printable ASCII without '"' and '\\' (the string
 * summary_fast_str would read there, equal to name). */
static inline bool
summary_fast_key(struct summary_fast *f, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	summary_fast_ws(f);
	p = f->p;
	if ((size_t)(f->end - p) < n + 2 || p[0] != '"' || memcmp(p + 1, name, n) != 0 ||
	    p[n + 1] != '"')
		return false;
	f->p = p + n + 2;
	return summary_fast_char(f, ':');
}

/* The double nearest m * 10^e (m < 10^19, |e| <= 27) into *out, when the long double
 * arithmetic can tell it: m and 10^|e| are exact in a 64-bit significand, one multiply or
 * divide rounds once, and rounding that to double is the correct rounding of the exact
 * value unless the long double result lies exactly half-way between two doubles (then
 * false, and the caller asks strtod). No long double of 64 bits: always false. */
static bool
summary_fast_scale(uint64_t m, int e, double *out)
{
#if LDBL_MANT_DIG == 64
	static const long double p10[] = {1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L,
	    1e9L, 1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L,
	    1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};
	long double x = (long double)m, f;
	uint64_t bits;
	int ex;

	if (m == 0) {
		*out = 0.0;
		return true;
	}
	x = e >= 0 ? x * p10[e] : x / p10[-e];
#if defined(__x86_64__) || defined(__i386__)
	/* x87's format: the 64-bit significand (explicit leading bit) in the first 8 bytes;
	   x is normal, so these are the bits frexpl and ldexpl would give. */
	(void)f;
	(void)ex;
	memcpy(&bits, &x, sizeof bits);
#else
	f = frexpl(x, &ex);                    /* x = f 2^ex, 0.5 <= f < 1 */
	bits = (uint64_t)ldexpl(f, 64);        /* the 64-bit significand, exactly */
#endif
	if ((bits & 0x7ff) == 0x400)
		return false;                  /* a tie for the rounding to double */
	*out = (double)x;
	return true;
#else
	(void)m;
	(void)e;
	(void)out;
	return false;
#endif
}

/* When p[0..8) are eight decimal digits, their value into *v (read as one word: the bytes
 * checked and combined in pairs, fours, eights), else false. */
static inline bool
summary_fast_digits8(const char *p, uint64_t *v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t w;

	memcpy(&w, p, 8);
	/* Every byte 0x30..0x39: its high nibble 3, and adding 6 does not carry into it. */
	if ((w & UINT64_C(0xF0F0F0F0F0F0F0F0)) != UINT64_C(0x3030303030303030) ||
	    ((w + UINT64_C(0x0606060606060606)) & UINT64_C(0xF0F0F0F0F0F0F0F0)) !=
	    UINT64_C(0x3030303030303030))
		return false;
	w &= UINT64_C(0x0F0F0F0F0F0F0F0F);
	/* Little-endian: the first digit is the lowest byte. */
	w = (w * 10 + (w >> 8)) & UINT64_C(0x00FF00FF00FF00FF);
	w = (w * 100 + (w >> 16)) & UINT64_C(0x0000FFFF0000FFFF);
	w = (w * 10000 + (w >> 32)) & UINT64_C(0x00000000FFFFFFFF);
	*v = w;
	return true;
#else
	(void)p;
	(void)v;
	return false; /* the digits one by one */
#endif
}

/* A number >= 0 by JSON's grammar (no sign), finite, into *out: the double strtod would
 * read (summary_fast_scale when it can tell, else strtod itself). */
static bool
summary_fast_num(struct summary_fast *f, double *out)
{
	const char *s, *q;
	char buf[SUMMARY_FAST_NUM_MAX + 1];
	uint64_t m = 0, d8;
	int digits = 0, e = 0, ee = 0;
	bool esign = false, real = false;
	size_t n;

	summary_fast_ws(f);
	s = q = f->p;
	if (q < f->end && *q == '0')
		q++;
	else if (q < f->end && *q >= '1' && *q <= '9')
		while (q < f->end && *q >= '0' && *q <= '9') {
			if (digits < 19) {
				m = m * 10 + (uint64_t)(*q - '0');
				digits++;
			} else {
				e++;
				digits = 20; /* too many: strtod */
			}
			q++;
		}
	else
		return false;
	if (q < f->end && *q == '.') {
		real = true;
		if (++q >= f->end || *q < '0' || *q > '9')
			return false;
		/* Eight digits at a time while m has begun and room for them (as the loop
		   below would take them: each a digit of m, e one down). */
		while (m != 0 && digits <= 11 && f->end - q >= 8 && summary_fast_digits8(q, &d8)) {
			m = m * 100000000 + d8;
			digits += 8;
			e -= 8;
			q += 8;
		}
		while (q < f->end && *q >= '0' && *q <= '9') {
			if (m == 0 && *q == '0') {
				e--; /* a leading zero: not a digit of m */
			} else if (digits < 19) {
				m = m * 10 + (uint64_t)(*q - '0');
				digits++;
				e--;
			} else {
				digits = 20;
			}
			q++;
		}
	}
	if (q < f->end && (*q == 'e' || *q == 'E')) {
		real = true;
		q++;
		if (q < f->end && (*q == '+' || *q == '-'))
			esign = *q++ == '-';
		if (q >= f->end || *q < '0' || *q > '9')
			return false;
		while (q < f->end && *q >= '0' && *q <= '9') {
			if (ee < 10000)
				ee = ee * 10 + (*q - '0');
			q++;
		}
	}
	n = (size_t)(q - s);
	/* A whole number's token jansson reads as an integer, refusing one past long long. */
	if (n > SUMMARY_FAST_NUM_MAX || (!real && n > SUMMARY_FAST_INT_DIGITS))
		return false;
	e += esign ? -ee : ee;
	if (digits > 19 || e < -27 || e > 27 || !summary_fast_scale(m, e, out)) {
		memcpy(buf, s, n);
		buf[n] = '\0';
		*out = strtod(buf, NULL);
	}
	if (!isfinite(*out))
		return false;
	f->p = q;
	return true;
}

/* A whole number (an optional minus when neg, then at most SUMMARY_FAST_INT_DIGITS digits,
 * no leading zero) into *out. */
static bool
summary_fast_int(struct summary_fast *f, bool neg, long long *out)
{
	const char *p, *e = f->end, *d0;
	bool minus = false;
	uint64_t v = 0; /* wraps past 20 digits, harmlessly: such a number is refused */

	summary_fast_ws(f);
	p = f->p;
	if (neg && p < e && *p == '-') {
		minus = true;
		p++;
	}
	d0 = p;
	while (p < e && (unsigned)(*p - '0') < 10u)
		v = v * 10 + (uint64_t)(*p++ - '0');
	if (p == d0 || p - d0 > SUMMARY_FAST_INT_DIGITS || (*d0 == '0' && p - d0 > 1) ||
	    (p < e && (*p == '.' || *p == 'e' || *p == 'E')))
		return false;
	f->p = p;
	*out = minus ? -(long long)v : (long long)v;
	return true;
}

/* True when p[0..12) is "0, 0, 0, 0, " (read as two words, not byte by byte). */
static inline bool
summary_fast_zeros4(const char *p)
{
	static const char pat[12] = {'0', ',', ' ', '0', ',', ' ', '0', ',', ' ', '0', ',', ' '};
	uint64_t a, pa;
	uint32_t b, pb;

	memcpy(&a, p, 8);
	memcpy(&b, p + 8, 4);
	memcpy(&pa, pat, 8);
	memcpy(&pb, pat + 8, 4);
	return a == pa && b == pb;
}

/* A histogram's counts after the '[' up to and with the ']': whole numbers >= 0 (no sign,
 * at most SUMMARY_FAST_INT_DIGITS digits, no leading zero), at most max of them, into
 * (*buf)[0..*n), their sum (within INT64_MAX) into *sum. */
static bool
summary_fast_counts(struct summary_fast *f, size_t max, uint64_t **buf, size_t *cap,
    size_t *n, uint64_t *sum)
{
	/* Locals, not the pointers: a store into the buffer could alias them otherwise. */
	const char *p = f->p, *e = f->end, *d0;
	uint64_t *b = *buf, v, total = 0;
	size_t k = 0, room = *cap, lim;
	unsigned c;
	bool ok = false;

	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (p < e && *p == ']') {
		ok = true;
		p++;
		goto out;
	}
	for (;;) {
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		/* Most counts are one digit, then ", " (a histogram is mostly zeros): the
		   general path's checks, said for that case alone; runs of zeros two at a time. */
		lim = max < room ? max : room;
		for (;;) {
			if (e - p >= 12 && lim - k >= 4 && summary_fast_zeros4(p)) {
				b[k] = b[k + 1] = b[k + 2] = b[k + 3] = 0;
				k += 4;
				p += 12;
			} else if (e - p >= 3 && p[1] == ',' && p[2] == ' ' &&
			    (c = (unsigned)(*p - '0')) <= 9 && k < lim &&
			    c <= (uint64_t)INT64_MAX - total) {
				total += c;
				b[k++] = c;
				p += 3;
			} else {
				break;
			}
		}
		if (p >= e || (c = (unsigned)(*p - '0')) > 9)
			goto out;
		d0 = p++;
		v = c;
		while (p < e && (c = (unsigned)(*p - '0')) <= 9) {
			v = v * 10 + c;
			p++;
		}
		if (p - d0 > SUMMARY_FAST_INT_DIGITS || (*d0 == '0' && p - d0 > 1) || k >= max ||
		    v > (uint64_t)INT64_MAX - total)
			goto out;
		total += v;
		if (k == room) {
			*buf = b;
			xgrow(buf, cap, k + 1, sizeof **buf);
			b = *buf;
			room = *cap;
		}
		b[k++] = v;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (p < e && *p == ',') {
			p++;
			continue;
		}
		if (p < e && *p == ']') {
			p++;
			ok = true;
		}
		goto out;
	}
out:
	*buf = b;
	*n = k;
	*sum = total;
	f->p = p;
	return ok;
}

/* "key": whole number within [lo, hi]. */
static bool
summary_fast_int_key(struct summary_fast *f, const char *key, long long lo, long long hi,
    long long *out)
{
	return summary_fast_key(f, key) && summary_fast_int(f, lo < 0, out) && *out >= lo &&
	    *out <= hi;
}

/* "key": number >= 0, then a comma. */
static bool
summary_fast_num_key(struct summary_fast *f, const char *key, double *out)
{
	return summary_fast_key(f, key) && summary_fast_num(f, out) && summary_fast_char(f, ',');
}

/* "bucket_start": a timestamp on a bucket boundary. */
static bool
summary_fast_start(struct summary_fast *f, const struct summary_header *h,
    struct summary_line *l)
{
	const char *s, *why = NULL;
	size_t n;

	return summary_fast_key(f, "bucket_start") && summary_fast_str(f, &s, &n) &&
	    tu_parse(s, n, 0, &l->bucket_start, &why) == 0 &&
	    summary_bucket_floor(h->bucket, l->bucket_start) == l->bucket_start &&
	    summary_fast_char(f, ',');
}

/* True when s is printable ASCII without '"' and '\\': JSON writes it as it is. */
static bool
summary_fast_plain(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e || s[i] == '"' ||
		    s[i] == '\\')
			return false;
	return true;
}

/* The group text summary_group_text makes (jansson's compact form: ", " and ": "), of
 * plain values v[i][0..vn[i]); NULL when a key is not plain (then summary_group_text). */
static char *
summary_fast_group_text(const struct summary_header *h, const char *const *v,
    const size_t *vn)
{
	size_t len = 2, at = 0, kn[SUMMARY_MAX_BY];
	char *t;

	for (size_t i = 0; i < h->n_by; i++) {
		kn[i] = strlen(h->by[i]);
		if (!summary_fast_plain(h->by[i], kn[i]))
			return NULL;
		len += kn[i] + vn[i] + 6 + (i > 0 ? 2 : 0);
	}
	t = xmalloc(len + 1);
	t[at++] = '{';
	for (size_t i = 0; i < h->n_by; i++) {
		if (i > 0) {
			memcpy(t + at, ", ", 2);
			at += 2;
		}
		t[at++] = '"';
		memcpy(t + at, h->by[i], kn[i]);
		at += kn[i];
		memcpy(t + at, "\": \"", 4);
		at += 4;
		memcpy(t + at, v[i], vn[i]);
		at += vn[i];
		t[at++] = '"';
	}
	t[at++] = '}';
	t[at] = '\0';
	return t;
}

/* "group": an object of the header's keys in order, string values; its text. */
static bool
summary_fast_group(struct summary_fast *f, const struct summary_header *h,
    struct summary_line *l)
{
	const char *v[SUMMARY_MAX_BY];
	size_t vn[SUMMARY_MAX_BY];
	bool ok = summary_fast_key(f, "group") && summary_fast_char(f, '{');

	for (size_t i = 0; ok && i < h->n_by; i++)
		ok = (i == 0 || summary_fast_char(f, ',')) &&
		    summary_fast_plain(h->by[i], strlen(h->by[i])) &&
		    summary_fast_key(f, h->by[i]) && summary_fast_str(f, &v[i], &vn[i]);
	if (!ok || !summary_fast_char(f, '}') || !summary_fast_char(f, ','))
		return false;
	l->group = summary_fast_group_text(h, v, vn);
	if (l->group == NULL) {
		char *c[SUMMARY_MAX_BY];

		for (size_t i = 0; i < h->n_by; i++)
			c[i] = xstrndup(v[i], vn[i]);
		l->group = summary_group_text(h->by, c, h->n_by);
		for (size_t i = 0; i < h->n_by; i++)
			free(c[i]);
	}
	return true;
}

/* The counters and moments, with the strict reader's checks. */
static bool
summary_fast_counters(struct summary_fast *f, struct summary_line *l)
{
	long long count, failed;
	double slack;

	if (!summary_fast_int_key(f, "count", 1, INT64_MAX, &count) ||
	    !summary_fast_char(f, ',') ||
	    !summary_fast_int_key(f, "failed", 0, count, &failed) ||
	    !summary_fast_char(f, ',') || !summary_fast_num_key(f, "min", &l->min) ||
	    !summary_fast_num_key(f, "max", &l->max) ||
	    !summary_fast_num_key(f, "mean", &l->mean) ||
	    !summary_fast_num_key(f, "m2", &l->m2))
		return false;
	l->count = (uint64_t)count;
	l->failed = (uint64_t)failed;
	slack = 1e-9 * l->max;
	return !(l->max < l->min) && !(l->mean < l->min - slack || l->mean > l->max + slack);
}

/* "values": count ascending numbers from min to max, within the exact limit. */
static bool
summary_fast_values(struct summary_fast *f, const struct summary_header *h,
    struct summary_line *l)
{
	size_t n = 0;

	if (l->count > h->exact_limit || !summary_fast_char(f, '['))
		return false;
	l->values = xreallocarray(NULL, (size_t)l->count, sizeof *l->values);
	l->values_cap = (size_t)l->count;
	while (n < l->count) {
		double d;

		if ((n > 0 && !summary_fast_char(f, ',')) || !summary_fast_num(f, &d) ||
		    (n > 0 && d < l->values[n - 1]))
			return false;
		l->values[n++] = d;
	}
	return summary_fast_char(f, ']') && same_double(l->values[0], l->min) &&
	    same_double(l->values[n - 1], l->max);
}

/* "histogram": the header's gamma, an offset and counts within the index range, zeros;
 * the counts and zeros add up to count. */
static bool
summary_fast_hist(struct summary_fast *f, const struct summary_header *h,
    struct summary_line *l, uint64_t **buf, size_t *cap)
{
	double gamma;
	long long offset, zeros;
	uint64_t sum;
	size_t n;

	if (!summary_fast_char(f, '{') || !summary_fast_key(f, "gamma") ||
	    !summary_fast_num(f, &gamma) || !(fabs(gamma - h->gamma) <= 1e-12 * h->gamma) ||
	    !summary_fast_char(f, ',') ||
	    !summary_fast_int_key(f, "offset", -SKETCH_INDEX_MAX, SKETCH_INDEX_MAX, &offset) ||
	    !summary_fast_char(f, ',') || !summary_fast_key(f, "counts") ||
	    !summary_fast_char(f, '[') ||
	    !summary_fast_counts(f, (size_t)(SKETCH_INDEX_MAX - offset) + 1, buf, cap, &n, &sum) ||
	    !summary_fast_char(f, ',') ||
	    !summary_fast_int_key(f, "zeros", 0, INT64_MAX, &zeros) ||
	    !summary_fast_char(f, '}') || (uint64_t)zeros > (uint64_t)INT64_MAX - sum ||
	    sum + (uint64_t)zeros != l->count)
		return false;
	l->hist = true;
	sketch_set_counts(&l->sk, (int32_t)offset, *buf, n);
	l->sk.zeros = (uint64_t)zeros;
	return true;
}

bool
summary_fast_line(const struct summary_header *h, const char *text, size_t len,
    struct summary_line *l, uint64_t **scratch, size_t *cap)
{
	struct summary_fast f = {text, text + len};
	bool ok = summary_fast_char(&f, '{') && summary_fast_start(&f, h, l) &&
	    summary_fast_group(&f, h, l) && summary_fast_counters(&f, l);

	if (ok) {
		summary_fast_ws(&f);
		if (f.end - f.p > 9 && memcmp(f.p, "\"values\"", 8) == 0)
			ok = summary_fast_key(&f, "values") && summary_fast_values(&f, h, l);
		else
			ok = summary_fast_key(&f, "histogram") &&
			    summary_fast_hist(&f, h, l, scratch, cap);
	}
	ok = ok && summary_fast_char(&f, '}');
	summary_fast_ws(&f);
	if (ok && f.p == f.end)
		return true;
	free(l->group);
	free(l->values);
	sketch_free(&l->sk);
	memset(l, 0, sizeof *l);
	l->sorted = true;
	sketch_init_gamma(&l->sk, h->gamma);
	return false;
}
