/* fieldmap.c - the field mapping of SPEC section 15 (paths, the lookup tree, labels) and the
 * exact arithmetic of epoch times and duration units. */
#include "fieldmap.h"
#include "fieldmap-json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "utf8.h"
#include "timeutil.h"
#include "value.h"
#include "xalloc.h"

/* Keys quoted in labels are cut to this many bytes. */
#define FM_QUOTE_MAX 64

static const char *const fm_fields[FM_NFIELDS] = {
	[FM_TIMESTAMP] = "timestamp",
	[FM_OPERATION] = "operation_type",
	[FM_DURATION] = "duration_ms",
	[FM_SUCCESS] = "success",
	[FM_SESSION] = "session_id",
	[FM_ERROR] = "error",
	[FM_CONTEXT] = "context",
};

static const char *const fm_units[] = {
	[FM_UNIT_S] = "s",
	[FM_UNIT_MS] = "ms",
	[FM_UNIT_US] = "us",
	[FM_UNIT_NS] = "ns",
};

const char *
fm_field_name(enum fm_field f)
{
	return (size_t)f < FM_NFIELDS ? fm_fields[f] : "?";
}

const char *
fm_unit_name(enum fm_unit u)
{
	return (size_t)u < ARRAY_SIZE(fm_units) ? fm_units[u] : "?";
}

int
fm_field_lookup(const char *name)
{
	for (int i = 0; i < FM_NFIELDS; i++)
		if (strcmp(fm_fields[i], name) == 0)
			return i;
	return -1;
}

void
fm_path_clear(struct fm_path *p)
{
	free(p->text);
	for (size_t i = 0; i < p->n; i++)
		free(p->part[i]);
	memset(p, 0, sizeof(*p));
}

int
fm_path_parse(const char *key, struct fm_path *out, const char **why)
{
	const char *s = key, *dot;
	struct fm_path p;

	memset(&p, 0, sizeof(p));
	if (*key == '\0') {
		*why = "is empty";
		return -1;
	}
	for (;;) {
		size_t len;

		dot = strchr(s, '.');
		len = dot != NULL ? (size_t)(dot - s) : strlen(s);
		if (len == 0) {
			fm_path_clear(&p);
			*why = "has an empty part (a dot at the start, at the end or after a dot)";
			return -1;
		}
		if (p.n == FM_MAX_PARTS) {
			fm_path_clear(&p);
			*why = "has more than 8 parts";
			return -1;
		}
		p.part[p.n] = xstrndup(s, len);
		p.len[p.n++] = len;
		if (dot == NULL)
			break;
		s = dot + 1;
	}
	p.text = xstrdup(key);
	*out = p;
	return 0;
}

json_t *
fm_path_get(json_t *root, const struct fm_path *p)
{
	json_t *v = root;

	for (size_t i = 0; i < p->n; i++) {
		if (!json_is_object(v))
			return NULL;
		if ((v = json_object_getn(v, p->part[i], p->len[i])) == NULL)
			return NULL;
	}
	return p->n > 0 ? v : NULL;
}

struct fieldmap *
fm_new(void)
{
	struct fieldmap *fm = xcalloc(1, sizeof(*fm));
	const char *why;

	for (int i = 0; i < FM_NFIELDS; i++)
		if (fm_path_parse(fm_fields[i], &fm->path[i], &why) < 0)
			abort(); /* our own names are one plain part each */
	fm->epoch = FM_NO_EPOCH;
	fm->duration_unit = FM_UNIT_MS;
	fm->plain = true;
	return fm;
}

static void
fm_node_free(struct fm_node *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->n; i++)
		fm_node_free(n->m[i].child);
	free(n);
}

void
fm_free(struct fieldmap *fm)
{
	if (fm == NULL)
		return;
	for (int i = 0; i < FM_NSLOTS; i++)
		fm_path_clear(&fm->path[i]);
	for (int i = 0; i < FM_NFIELDS; i++)
		free(fm->label[i]);
	fm_node_free(fm->root);
	fm_node_free(fm->ctx_root);
	for (int i = 0; i < FM_NSLOTS; i++)
		expr_free(fm->expr[i]);
	for (size_t i = 0; i < fm->n_where; i++)
		expr_free(fm->where[i]);
	free(fm->where);
	expr_free(fm->success);
	free(fm->time_format);
	free(fm);
}

/* Replace slot's path by KEY. */
static int
fm_set_slot(struct fieldmap *fm, int slot, const char *key, char *why, size_t why_size)
{
	struct fm_path p;
	const char *reason;
	char *q;

	if (fm_path_parse(key, &p, &reason) < 0) {
		q = utf8_escape_cut(key, strlen(key), FM_QUOTE_MAX);
		snprintf(why, why_size, "the key '%s' %s", q, reason);
		free(q);
		return -1;
	}
	fm_path_clear(&fm->path[slot]);
	fm->path[slot] = p;
	return 0;
}

/* slot computed by the expression src: its path becomes none. */
static int
fm_set_expr(struct fieldmap *fm, int slot, const char *src, char *why, size_t why_size)
{
	struct expr *e = expr_compile(src, why, why_size);

	if (e == NULL)
		return -1;
	expr_free(fm->expr[slot]);
	fm->expr[slot] = e;
	fm_path_clear(&fm->path[slot]);
	fm->path[slot].text = xstrdup(src);
	return 0;
}

int
fm_set_field(struct fieldmap *fm, enum fm_field f, const char *key, char *why, size_t why_size)
{
	if (*key != '\0' && !expr_plain_path(key)) {
		if (f == FM_CONTEXT) {
			snprintf(why, why_size, "context takes a key or a dot path, not an expression");
			return -1;
		}
		if (fm_set_expr(fm, (int)f, key, why, why_size) < 0)
			return -1;
		fm->mapped[f] = true;
		return 0;
	}
	if (fm_set_slot(fm, (int)f, key, why, why_size) < 0)
		return -1;
	expr_free(fm->expr[f]);
	fm->expr[f] = NULL;
	fm->mapped[f] = strcmp(key, fm_fields[f]) != 0;
	return 0;
}

int
fm_set_extra(struct fieldmap *fm, const char *key, char *why, size_t why_size)
{
	expr_free(fm->expr[FM_SLOT_EXTRA]);
	fm->expr[FM_SLOT_EXTRA] = NULL;
	if (key == NULL) {
		fm_path_clear(&fm->path[FM_SLOT_EXTRA]);
		return 0;
	}
	if (!expr_plain_key(key))
		return fm_set_expr(fm, FM_SLOT_EXTRA, key, why, why_size);
	return fm_set_slot(fm, FM_SLOT_EXTRA, key, why, why_size);
}

int
fm_add_where(struct fieldmap *fm, const char *src, char *why, size_t why_size)
{
	struct expr *e = expr_compile(src, why, why_size);

	if (e == NULL)
		return -1;
	fm->where = xreallocarray(fm->where, fm->n_where + 1, sizeof(*fm->where));
	fm->where[fm->n_where++] = e;
	return 0;
}

int
fm_set_success(struct fieldmap *fm, const char *src, char *why, size_t why_size)
{
	struct expr *e = expr_compile(src, why, why_size);

	if (e == NULL)
		return -1;
	expr_free(fm->success);
	fm->success = e;
	return 0;
}

int
fm_set_time_format(struct fieldmap *fm, const char *fmt, char *why, size_t why_size)
{
	const char *reason;
	size_t col;

	if (value_time_format_check(fmt, &reason, &col) < 0) {
		snprintf(why, why_size, "column %zu: the format %s", col, reason);
		return -1;
	}
	free(fm->time_format);
	fm->time_format = xstrdup(fmt);
	return 0;
}

/* Whether path a is b or a prefix of it. */
static bool
fm_prefix(const struct fm_path *a, const struct fm_path *b)
{
	if (a->n == 0 || a->n > b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->len[i] != b->len[i] || memcmp(a->part[i], b->part[i], a->len[i]) != 0)
			return false;
	return true;
}

/* "NAME" or, for the extra slot, "the extra key". */
static const char *
fm_slot_name(int slot)
{
	return slot < FM_NFIELDS ? fm_fields[slot] : "the slicing key";
}

/* Insert slot's path, from its part first on, into the tree under node. */
static void
fm_insert(struct fm_node *node, const struct fm_path *p, size_t first, int slot)
{
	for (size_t i = first; i < p->n; i++) {
		bool last = i + 1 == p->n;
		size_t j;
		unsigned h;

		for (j = 0; j < node->n; j++)
			if (node->m[j].len == p->len[i] &&
			    memcmp(node->m[j].key, p->part[i], p->len[i]) == 0)
				break;
		if (j == node->n) {
			/* fm_finish has ruled out overlaps: a new member, leaf or inner. */
			node->m[j].key = p->part[i];
			node->m[j].len = p->len[i];
			node->m[j].slot = last ? slot : -1;
			node->lens |= fm_len_bit(p->len[i]);
			h = fm_key_hash((const unsigned char *)p->part[i], p->len[i]);
			node->hash[h] = node->hash[h] == 0 ? (unsigned char)(j + 1) : FM_HASH_MANY;
			node->m[j].child = last ? NULL : xcalloc(1, sizeof(struct fm_node));
			node->n++;
		}
		node = node->m[j].child;
	}
}

int
fm_finish(struct fieldmap *fm, char *why, size_t why_size)
{
	char *qa, *qb;
	bool plain;

	for (int a = 0; a < FM_NSLOTS; a++)
		for (int b = 0; b < FM_NSLOTS; b++) {
			if (a == b || !fm_prefix(&fm->path[a], &fm->path[b]))
				continue;
			if (a == FM_CONTEXT && b == FM_SLOT_EXTRA &&
			    fm->path[a].n < fm->path[b].n)
				continue; /* a key inside the context value */
			if (fm->path[a].n == fm->path[b].n && a > b)
				continue; /* the same pair, said once */
			qa = utf8_escape_cut(fm->path[a].text, strlen(fm->path[a].text), FM_QUOTE_MAX);
			qb = utf8_escape_cut(fm->path[b].text, strlen(fm->path[b].text), FM_QUOTE_MAX);
			if (fm->path[a].n == fm->path[b].n)
				snprintf(why, why_size, "the key '%s' would be read as both %s and %s; "
				    "map one of them to another key (--field NAME=KEY)", qa,
				    fm_slot_name(a), fm_slot_name(b));
			else
				snprintf(why, why_size, "the key '%s' (%s) holds '%s' (%s); "
				    "one key cannot be read as two fields", qa, fm_slot_name(a), qb,
				    fm_slot_name(b));
			free(qa);
			free(qb);
			return -1;
		}
	fm->computed = fm->time_format != NULL;
	for (int i = 0; i < FM_NSLOTS; i++)
		fm->computed |= fm->expr[i] != NULL;
	plain = fm->epoch == FM_NO_EPOCH && fm->duration_unit == FM_UNIT_MS &&
	    fm->path[FM_SLOT_EXTRA].n == 0 && !fm->computed;
	for (int i = 0; i < FM_NFIELDS; i++) {
		free(fm->label[i]);
		if (fm->mapped[i]) {
			plain = false;
			qa = utf8_escape_cut(fm->path[i].text, strlen(fm->path[i].text), FM_QUOTE_MAX);
			fm->label[i] = xasprintf("\"%s\" (%s)", qa, fm_fields[i]);
			free(qa);
		} else
			fm->label[i] = xstrdup(fm_fields[i]);
	}
	fm->plain_keys = plain;
	fm->plain = plain && fm->n_where == 0 && fm->success == NULL;
	fm_node_free(fm->root);
	fm->root = xcalloc(1, sizeof(struct fm_node));
	fm->extra_in_context = fm_prefix(&fm->path[FM_CONTEXT], &fm->path[FM_SLOT_EXTRA]) ?
	    fm->path[FM_CONTEXT].n : 0;
	for (int i = 0; i < FM_NSLOTS; i++)
		if (fm->path[i].n > 0 && (i != FM_SLOT_EXTRA || fm->extra_in_context == 0))
			fm_insert(fm->root, &fm->path[i], 0, i);
	fm_node_free(fm->ctx_root);
	fm->ctx_root = NULL;
	if (fm->extra_in_context > 0) {
		fm->ctx_root = xcalloc(1, sizeof(struct fm_node));
		fm_insert(fm->ctx_root, &fm->path[FM_SLOT_EXTRA], fm->extra_in_context,
		    FM_SLOT_EXTRA);
	}
	return 0;
}

/* ---- epoch times ---------------------------------------------------------------- */

/* Decimal digits of a microsecond count that can still be in range (years up to 9999 are
 * below 2.6e17 us). */
#define FM_US_DIGITS 18

/* Days from 1970-01-01 to 0001-01-01 and to 10000-01-01 (tu_days_from_civil's values;
 * test-fieldmap checks them). */
#define FM_DAYS_YEAR_1 INT64_C(-719162)
#define FM_DAYS_YEAR_10000 INT64_C(2932897)

/* The instant lies in years 0001-9999. */
static int
fm_epoch_range(int64_t us, int64_t *out)
{
	if (us < FM_DAYS_YEAR_1 * US_PER_DAY || us >= FM_DAYS_YEAR_10000 * US_PER_DAY)
		return -1;
	*out = us;
	return 0;
}

/* Power of ten by which a value in unit u becomes microseconds. */
static int
fm_unit_shift(enum fm_unit u)
{
	switch (u) {
	case FM_UNIT_S:
		return 6;
	case FM_UNIT_MS:
		return 3;
	case FM_UNIT_US:
		return 0;
	case FM_UNIT_NS:
		return -3;
	}
	return 0;
}

int
fm_epoch_text(const char *text, size_t len, enum fm_unit u, int64_t *us, int *digits)
{
	const unsigned char *s = (const unsigned char *)text, *end = s + len;
	const unsigned char *mant[2] = {NULL, NULL}; /* integer digits, fraction digits */
	size_t mlen[2] = {0, 0};
	bool neg = false, exp_neg = false, frac_left = false;
	long exp = 0, e;
	uint64_t v = 0;
	size_t nd = 0, take, k;

	if (s < end && *s == '-') {
		neg = true;
		s++;
	}
	mant[0] = s;
	while (s < end && *s >= '0' && *s <= '9')
		s++;
	mlen[0] = (size_t)(s - mant[0]);
	if (mlen[0] == 0)
		return -1;
	if (s < end && *s == '.') {
		mant[1] = ++s;
		while (s < end && *s >= '0' && *s <= '9')
			s++;
		mlen[1] = (size_t)(s - mant[1]);
		if (mlen[1] == 0)
			return -1;
	}
	if (s < end && (*s == 'e' || *s == 'E')) {
		const unsigned char *ed;

		s++;
		if (s < end && (*s == '+' || *s == '-'))
			exp_neg = *s++ == '-';
		ed = s;
		for (; s < end && *s >= '0' && *s <= '9'; s++)
			if (exp < 1000000)
				exp = exp * 10 + (*s - '0');
		if (s == ed)
			return -1;
		if (exp_neg)
			exp = -exp;
	}
	if (s != end)
		return -1;
	/* The significant digits: skip the leading zeros of the integer part, and of the
	 * fraction when the integer part is all zeros. */
	while (mlen[0] > 0 && *mant[0] == '0') {
		mant[0]++;
		mlen[0]--;
	}
	if (mlen[0] == 0)
		while (mlen[1] > 0 && *mant[1] == '0') {
			mant[1]++;
			mlen[1]--;
			exp--;
		}
	nd = mlen[0] + mlen[1];
	if (digits != NULL)
		*digits = (int)(nd < 1000 ? nd : 1000);
	if (nd == 0)
		return fm_epoch_range(0, us);
	/* value = D * 10^e, D the nd digits as an integer. */
	e = exp - (long)mlen[1] + fm_unit_shift(u);
	if (e >= 0) {
		if ((long)nd + e > FM_US_DIGITS)
			return -1;
		take = nd;
	} else {
		if ((long)nd + e > FM_US_DIGITS)
			return -1;
		take = (long)nd + e > 0 ? (size_t)((long)nd + e) : 0;
	}
	for (k = 0; k < nd; k++) {
		unsigned d = k < mlen[0] ? mant[0][k] - '0' : mant[1][k - mlen[0]] - '0';

		if (k < take)
			v = v * 10 + d;
		else if (d != 0)
			frac_left = true;
	}
	for (; e > 0; e--)
		v *= 10; /* nd + e <= 18 digits: no overflow */
	if (!neg)
		return fm_epoch_range((int64_t)v, us);
	return fm_epoch_range(-(int64_t)v - (frac_left ? 1 : 0), us);
}

int
fm_epoch_int(int64_t v, enum fm_unit u, int64_t *us)
{
	int64_t f = u == FM_UNIT_S ? US_PER_SEC : u == FM_UNIT_MS ? US_PER_MS : 1;

	if (u == FM_UNIT_NS) {
		int64_t q = v / 1000;

		if (v % 1000 < 0)
			q--; /* floor */
		return fm_epoch_range(q, us);
	}
	if (v > INT64_MAX / f || v < INT64_MIN / f)
		return -1;
	return fm_epoch_range(v * f, us);
}

int
fm_epoch_real_printed(double v, enum fm_unit u, int64_t *us)
{
	char buf[64];

	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (prec == 17 || !(strtod(buf, NULL) < v || strtod(buf, NULL) > v))
			break;
	}
	return fm_epoch_text(buf, strlen(buf), u, us, NULL);
}

#ifdef __SIZEOF_INT128__
typedef unsigned __int128 fm_u128;

/* The largest k for which 5^k fits in 64 bits (5^27 < 2^63); m * 5^k < 2^116 < 10^35. */
#define FM_EXACT_K_MAX 27

/* 5^k, k in 0..FM_EXACT_K_MAX. */
static const uint64_t fm_pow5[FM_EXACT_K_MAX + 1] = {
	UINT64_C(1),
	UINT64_C(5),
	UINT64_C(25),
	UINT64_C(125),
	UINT64_C(625),
	UINT64_C(3125),
	UINT64_C(15625),
	UINT64_C(78125),
	UINT64_C(390625),
	UINT64_C(1953125),
	UINT64_C(9765625),
	UINT64_C(48828125),
	UINT64_C(244140625),
	UINT64_C(1220703125),
	UINT64_C(6103515625),
	UINT64_C(30517578125),
	UINT64_C(152587890625),
	UINT64_C(762939453125),
	UINT64_C(3814697265625),
	UINT64_C(19073486328125),
	UINT64_C(95367431640625),
	UINT64_C(476837158203125),
	UINT64_C(2384185791015625),
	UINT64_C(11920928955078125),
	UINT64_C(59604644775390625),
	UINT64_C(298023223876953125),
	UINT64_C(1490116119384765625),
	UINT64_C(7450580596923828125)
};

/* 10^n as a 128-bit integer, n in 0..38. */
static fm_u128
fm_pow10_128(int n)
{
	static const uint64_t p19[20] = {
		UINT64_C(1), UINT64_C(10), UINT64_C(100), UINT64_C(1000), UINT64_C(10000),
		UINT64_C(100000), UINT64_C(1000000), UINT64_C(10000000), UINT64_C(100000000),
		UINT64_C(1000000000), UINT64_C(10000000000), UINT64_C(100000000000),
		UINT64_C(1000000000000), UINT64_C(10000000000000), UINT64_C(100000000000000),
		UINT64_C(1000000000000000), UINT64_C(10000000000000000),
		UINT64_C(100000000000000000), UINT64_C(1000000000000000000),
		UINT64_C(10000000000000000000),
	};

	if (n <= 19)
		return p19[n];
	return (fm_u128)p19[n - 19] * p19[19];
}

/* The count of decimal digits of n > 0 (at most 38). */
static int
fm_digits_128(fm_u128 n)
{
	int bits = 128 - (n >> 64 != 0 ? __builtin_clzll((uint64_t)(n >> 64)) :
	    64 + __builtin_clzll((uint64_t)n | 1));
	/* about floor(bits * log10(2)): for every bit length 1..128, n's count of digits is d
	 * or d + 1 (2^(bits-1) has at least d digits, 2^bits - 1 at most d + 1) */
	int d = (bits * 1233) >> 12;

	return d + (n >= fm_pow10_128(d));
}

/* The shortest of v's %.15g, %.16g, %.17g that reads back as v, as fm_epoch_real_printed
 * finds it, without printing: v = m * 2^-k = N * 10^-k exactly (m the 53-bit mantissa,
 * 2^-k its unit in the last place) with N = m * 5^k of nd digits; the P-digit rounding
 * of N (half to even, as glibc's printf) is C = Q * 10^s (s = nd - P), and C reads back
 * as v exactly when |C - N| < 5^k / 2 (half a unit in the last place, in units of 10^-k;
 * 5^k is odd, so never a tie for strtod). No 128-bit division: 10^s = 2^s * 5^s, so when
 * k >= s, N / 10^s = T / 2^s with T = m * 5^(k-s) (Q a shift of T, the remainder T's low s
 * bits, |C - N| = |Q * 2^s - T| * 5^s), and when k < s, N / 10^s = m / D with
 * D = 2^s * 5^(s-k) <= m (Q has P digits), one 64-bit division, |C - N| = |Q * D - m| * 5^k.
 * Puts the decimal as *dig * 10^*exp10, the count of *dig's digits in *ndig, and returns
 * 0; returns -1 (the caller prints) for what it does not decide: v not finite, zero, a
 * power of two (the gap below is half the gap above), or k outside 1..FM_EXACT_K_MAX (an
 * integer, or below 2^25), and a rounding tie. */
static int
fm_shortest_exact(double v, uint64_t *dig, int *exp10, int *ndig)
{
	int be, k, nd;
	uint64_t bits, m;
	fm_u128 n;

	/* The IEEE fields: a biased exponent of 0 (zero, subnormal) or 0x7ff (not finite)
	 * is not decided here; else v = m * 2^(be - 1075) with the hidden bit in m. */
	memcpy(&bits, &v, sizeof(bits));
	be = (int)((bits >> 52) & 0x7ff);
	if (be == 0 || be == 0x7ff)
		return -1;
	m = (bits & ((UINT64_C(1) << 52) - 1)) | UINT64_C(1) << 52;
	k = 1075 - be;
	if (k < 1 || k > FM_EXACT_K_MAX || m == UINT64_C(1) << 52)
		return -1;
	n = (fm_u128)m * fm_pow5[k];
	nd = fm_digits_128(n);
	for (int p = 15; p <= 17; p++) {
		int s = nd - p;
		uint64_t q, low, off, unit;
		bool reads_back;

		if (s <= 0) { /* printed exactly */
			*dig = (uint64_t)n;
			*exp10 = -k;
			*ndig = nd;
			return 0;
		}
		if (k >= s) {
			fm_u128 t = (fm_u128)m * fm_pow5[k - s]; /* < 2^116 */

			unit = UINT64_C(1) << s; /* s <= 20: nd <= 35 */
			q = (uint64_t)(t >> s);
			low = (uint64_t)t & (unit - 1);
		} else {
			unit = fm_pow5[s - k] << s;
			q = m / unit;
			low = m - q * unit;
		}
		/* low / unit is the remainder's share of 10^s; unit is even */
		if (2 * low == unit)
			return -1;
		off = low;
		if (2 * low > unit) {
			q++;
			off = unit - low;
		}
		reads_back = k >= s ? 2 * off < fm_pow5[k - s] : off == 0;
		/* q has p digits: a carry to 10^p would need N within half a unit of the
		 * P-th digit below a power of ten 10^a, 7 < a < 17 (2^25 <= v < 2^53), so v
		 * below 10^a: at P = 17 closer than the doubles next to 10^a, and at P = 15,
		 * 16 reading back as v, nearer to 10^a than 10^a itself, a double. */
		if (p == 17 || reads_back) {
			*dig = q;
			*exp10 = nd - p - k;
			*ndig = p;
			return 0;
		}
	}
	return -1; /* not reached: p == 17 always returns */
}
#endif

int
fm_epoch_real(double v, enum fm_unit u, int64_t *us)
{
#ifdef __SIZEOF_INT128__
	uint64_t dig, val, pw = 1;
	int e, nq;
	bool frac_left = false;

	if (fm_shortest_exact(v, &dig, &e, &nq) < 0)
		return fm_epoch_real_printed(v, u, us);
	/* fm_epoch_text's reading of dig * 10^e, v's sign in front. */
	e += fm_unit_shift(u);
	if (nq + e > FM_US_DIGITS)
		return -1;
	if (e >= 0) {
		val = dig;
		for (; e > 0; e--)
			val *= 10; /* nq + e <= 18 digits: no overflow */
	} else if (-e >= nq) {
		val = 0;
		frac_left = true; /* dig != 0 */
	} else {
		for (; e < 0; e++)
			pw *= 10;
		val = dig / pw;
		frac_left = dig % pw != 0;
	}
	if (!signbit(v))
		return fm_epoch_range((int64_t)val, us);
	return fm_epoch_range(-(int64_t)val - (frac_left ? 1 : 0), us);
#else
	return fm_epoch_real_printed(v, u, us);
#endif
}

double
fm_duration_ms(double v, enum fm_unit u)
{
	switch (u) {
	case FM_UNIT_S:
		return v * 1000.0;
	case FM_UNIT_MS:
		return v;
	case FM_UNIT_US:
		return v / 1000.0;
	case FM_UNIT_NS:
		return v / 1e6;
	}
	return v;
}
