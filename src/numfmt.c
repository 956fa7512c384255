/* numfmt.c - numbers to text: JSON numbers (jansson's %.15g), fixed decimals for humans
 * and the shortest round-trip form that names percentile columns. Output never depends
 * on the locale: whatever decimal separator LC_NUMERIC makes printf use becomes '.'. */
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* -0.0 prints as 0 everywhere. */
static double
numfmt_unsigned_zero(double v)
{
	if (fpclassify(v) == FP_ZERO && signbit(v))
		return 0.0;
	return v;
}

/* Rewrite printf's locale decimal separator, which may be several bytes (U+066B) or
 * absent, to '.'. printf's %e/%f/%g output holds only a sign, digits, the separator,
 * an exponent ("e+05") or inf/nan, so any run of other bytes is the separator. */
static void
numfmt_c_locale(char *buf)
{
	char *r, *w;

	for (r = w = buf; *r != '\0';) {
		if ((*r >= '0' && *r <= '9') || *r == '-' || *r == '+' ||
		    (*r >= 'a' && *r <= 'z') || (*r >= 'A' && *r <= 'Z')) {
			*w++ = *r++;
			continue;
		}
		*w++ = '.';
		while (*r != '\0' && !(*r >= '0' && *r <= '9') && *r != 'e' &&
		    *r != 'E')
			r++;
	}
	*w = '\0';
}

/* Drop a leading '-' when only zeros follow ("-0.00" -> "0.00"). */
static void
numfmt_drop_negative_zero(char *buf)
{
	const char *p;

	if (buf[0] != '-')
		return;
	for (p = buf + 1; *p != '\0'; p++)
		if (*p != '0' && *p != '.')
			return;
	memmove(buf, buf + 1, strlen(buf));
}

/* Drop the '+' and the leading zeros of an exponent ("1e+05" -> "1e5", "1e-05" ->
 * "1e-5"), as jansson's encoder does after its own printf. */
static void
numfmt_trim_exponent(char *buf)
{
	char *start, *end;

	start = strchr(buf, 'e');
	if (start == NULL)
		return;
	start++;
	if (*start == '-')
		start++;
	end = start;
	if (*end == '+')
		end++;
	while (*end == '0' && end[1] != '\0')
		end++;
	memmove(start, end, strlen(end) + 1);
}

/* Up to 15 significant digits: the text jansson writes for a real under
 * JSON_REAL_PRECISION(15), minus the ".0" it appends to integral values. So the exponent
 * reads "1e20" and "1e-5", not printf's "1e+20" and "1e-05": JSON (jansson) and CSV
 * (this function) must print the same number the same way (SPEC section 6). */
double
numfmt_fit15(double v)
{
	char buf[NUMFMT_BUFSZ];

	/* Below the midpoint 1.797693134862315e308, 15 digits round to at most
	 * 1.79769313486231e308: nothing to do (the common case, kept cheap). */
	if (!isfinite(v) || fabs(v) < 1.797693134862315e308)
		return v;
	/* Only within a few ulps of DBL_MAX does rounding to 15 digits overflow on reading
	 * back; step toward zero until it does not. */
	for (int i = 0; i < 64; i++) {
		snprintf(buf, sizeof(buf), "%.14e", v);
		numfmt_c_locale(buf);
		if (isfinite(strtod(buf, NULL)))
			return v;
		v = nextafter(v, 0.0);
	}
	return v;
}

void
numfmt_json(double v, char buf[NUMFMT_BUFSZ])
{
	snprintf(buf, NUMFMT_BUFSZ, "%.15g", numfmt_unsigned_zero(numfmt_fit15(v)));
	numfmt_c_locale(buf);
	numfmt_trim_exponent(buf);
}

/* "%.*f" in the C locale, with no negative zero. */
void
numfmt_fixed(double v, int decimals, char buf[NUMFMT_BUFSZ])
{
	if (decimals < 0)
		decimals = 0;
	if (decimals > 30)
		decimals = 30;
	/* Beyond about 1e30 the digits would not fit: fall back to an exponent. */
	if (snprintf(buf, NUMFMT_BUFSZ, "%.*f", decimals, v) >= NUMFMT_BUFSZ)
		snprintf(buf, NUMFMT_BUFSZ, "%.*e", decimals, v);
	numfmt_c_locale(buf);
	numfmt_drop_negative_zero(buf);
}

/* The sign a change shows in front of numfmt_fixed's text t: '+' unless t is negative. */
static const char *
numfmt_sign(const char *t)
{
	return t[0] == '-' ? "" : "+";
}

/* numfmt_fixed with '+' in front of anything that is not negative. */
void
numfmt_signed(double v, int decimals, char buf[NUMFMT_SIGNED_BUFSZ])
{
	char t[NUMFMT_BUFSZ];

	numfmt_fixed(v, decimals, t);
	snprintf(buf, NUMFMT_SIGNED_BUFSZ, "%s%s", numfmt_sign(t), t);
}

/* numfmt_signed with one decimal, then '%'. */
void
numfmt_signed_pct(double v, char buf[NUMFMT_SIGNED_BUFSZ])
{
	char t[NUMFMT_BUFSZ];

	numfmt_fixed(v, 1, t);
	snprintf(buf, NUMFMT_SIGNED_BUFSZ, "%s%s%%", numfmt_sign(t), t);
}

/* v to digits significant digits in plain notation, trailing fraction zeros removed:
 * "%.*e" says where the rounded value's leading digit sits, "%.*f" then prints it. */
static void
numfmt_e_to_plain(double v, int digits, char buf[NUMFMT_BUFSZ])
{
	char sci[NUMFMT_BUFSZ], *e;
	int exp10, decimals;

	snprintf(sci, sizeof(sci), "%.*e", digits - 1, v);
	e = strchr(sci, 'e');
	exp10 = e != NULL ? atoi(e + 1) : 0;
	decimals = digits - 1 - exp10;
	if (decimals < 0)
		decimals = 0;
	/* Same rounding position as the %e above, hence the same digits. */
	snprintf(buf, NUMFMT_BUFSZ, "%.*f", decimals, v);
	numfmt_c_locale(buf);
	if (strchr(buf, '.') != NULL) {
		e = buf + strlen(buf);
		while (e[-1] == '0')
			*--e = '\0';
		if (e[-1] == '.')
			e[-1] = '\0';
	}
}

/* Fewest significant digits (1..17) that read back to v; plain notation in [1e-4, 1e15). */
void
numfmt_shortest(double v, char buf[NUMFMT_BUFSZ])
{
	char trial[NUMFMT_BUFSZ];
	int digits;
	double a;

	v = numfmt_unsigned_zero(v);
	/* strtod and snprintf share the locale, so the round trip holds in any of them. */
	for (digits = 1; digits < 17; digits++) {
		snprintf(trial, sizeof(trial), "%.*g", digits, v);
		if (same_double(strtod(trial, NULL), v))
			break;
	}
	a = fabs(v);
	if (isfinite(v) && a >= 1e-4 && a < 1e15) {
		numfmt_e_to_plain(v, digits, buf);
		return;
	}
	snprintf(buf, NUMFMT_BUFSZ, "%.*g", digits, v);
	numfmt_c_locale(buf);
}

void
numfmt_p(double p, char buf[NUMFMT_BUFSZ])
{
	char *e;

	if (p < 1e-4) {
		snprintf(buf, NUMFMT_BUFSZ, "< 0.0001");
		return;
	}
	snprintf(buf, NUMFMT_BUFSZ, "%.3g", p);
	numfmt_c_locale(buf);
	if (strchr(buf, '.') == NULL)
		return;
	e = buf + strlen(buf);
	while (e > buf && e[-1] == '0')
		*--e = '\0';
	if (e > buf && e[-1] == '.')
		*--e = '\0';
}

void
numfmt_p_phrase(double p, char buf[NUMFMT_BUFSZ])
{
	char v[NUMFMT_BUFSZ];

	numfmt_p(p, v);
	/* numfmt_p writes at most "< 0.0001" or 3 significant digits */
	snprintf(buf, NUMFMT_BUFSZ, "p %s%.24s", v[0] == '<' ? "" : "= ", v);
}

void
numfmt_pq_phrase(double p, bool has_q, double q, char buf[NUMFMT_BUFSZ])
{
	char a[NUMFMT_BUFSZ], b[NUMFMT_BUFSZ];

	numfmt_p(p, a);
	if (has_q)
		numfmt_p(q, b);
	if (!has_q || strcmp(a, b) == 0) {
		numfmt_p_phrase(p, buf);
		return;
	}
	/* numfmt_p writes at most "< 0.0001" or 3 significant digits */
	snprintf(buf, NUMFMT_BUFSZ, "p %s%.24s, q %s%.24s", a[0] == '<' ? "" : "= ", a,
	    b[0] == '<' ? "" : "= ", b);
}
