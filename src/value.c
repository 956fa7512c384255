/* value.c - numbers as text, Go durations and --time-format timestamps (SPEC section 16,
 * "Values"); see value.h. Implemented here, not with strtod alone or libc's strptime, so
 * that the accepted forms are exactly the documented ones whatever the locale. */
#include "value.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "timeutil.h"

/* Longest number as text that is read (a longer one is not a number here). */
#define VALUE_NUM_MAX 400

/* The end of the number as text that starts at s (syntax of value_numeric), or NULL. */
static const char *
value_scan_number(const char *s, const char *end)
{
	const char *p = s;
	size_t digits = 0;

	if (p < end && (*p == '-' || *p == '+'))
		p++;
	for (; p < end && *p >= '0' && *p <= '9'; p++)
		digits++;
	if (p < end && *p == '.')
		for (p++; p < end && *p >= '0' && *p <= '9'; p++)
			digits++;
	if (digits == 0)
		return NULL;
	if (p < end && (*p == 'e' || *p == 'E')) {
		const char *e = p + 1;

		if (e < end && (*e == '-' || *e == '+'))
			e++;
		if (e < end && *e >= '0' && *e <= '9') {
			while (e < end && *e >= '0' && *e <= '9')
				e++;
			p = e;
		}
	}
	return p;
}

/* strtod over s[0..len) (already scanned as a number). */
static bool
value_strtod(const char *s, size_t len, double *out)
{
	char buf[VALUE_NUM_MAX + 1];

	if (len > VALUE_NUM_MAX)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*out = strtod(buf, NULL);
	return true;
}

/* Clinger's fast case: [-]digits[.digits] with at most 15 significant digits is the
 * integer of its digits divided by a power of ten, both exact in a double, so that the one
 * division rounds correctly (as strtod would). Returns false when s is not of that form. */
static bool
value_simple(const char *s, size_t len, double *out)
{
	static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	    1e11, 1e12, 1e13, 1e14, 1e15};
	const char *p = s, *end = s + len;
	uint64_t m = 0;
	int digits = 0, frac = -1;
	bool neg = p < end && *p == '-';

	p += neg;
	for (; p < end; p++) {
		if (*p == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (*p < '0' || *p > '9')
			return false;
		if (m > 0 || *p != '0')
			digits++;
		m = m * 10 + (uint64_t)(*p - '0');
		frac += frac >= 0;
		if (digits > 15 || frac > 15)
			return false;
	}
	if (p == s + neg || frac == 0)
		return false;
	*out = (double)m / pow10[frac > 0 ? frac : 0];
	if (neg)
		*out = -*out;
	return true;
}

bool
value_numeric(const char *s, size_t len, double *out)
{
	double d;

	if (value_simple(s, len, &d)) {
		if (out != NULL)
			*out = d;
		return true;
	}
	if (value_scan_number(s, s + len) != s + len || !value_strtod(s, len, &d))
		return false;
	if (out != NULL)
		*out = d;
	return true;
}

bool
value_integer(const char *s, size_t len, int64_t *out)
{
	char buf[24];
	char *end;
	long long v;
	size_t i = 0;

	if (len == 0 || len >= sizeof(buf))
		return false;
	if (s[0] == '-' || s[0] == '+')
		i = 1;
	if (i == len)
		return false;
	for (; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*out = v;
	return true;
}

/* Go's units: the name and the factor to milliseconds, as a multiplication (mul) or a
 * division (div), so that "250us" is 250 / 1000 exactly as --duration-unit us makes it. */
static const struct value_unit {
	const char *name;
	size_t len;
	double mul, div;
} value_units[] = {
	{"ns", 2, 1, 1e6},
	{"us", 2, 1, 1e3},
	{"\xc2\xb5s", 3, 1, 1e3}, /* U+00B5 MICRO SIGN */
	{"\xce\xbcs", 3, 1, 1e3}, /* U+03BC GREEK SMALL LETTER MU */
	{"ms", 2, 1, 1},
	{"s", 1, 1000, 1},
	{"m", 1, 60000, 1},
	{"h", 1, 3600000, 1},
};

/* The unit at p (longest name first: "ms" before "m"), or NULL. */
static const struct value_unit *
value_unit_at(const char *p, const char *end)
{
	const struct value_unit *best = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(value_units); i++) {
		const struct value_unit *u = &value_units[i];

		if ((size_t)(end - p) >= u->len && memcmp(p, u->name, u->len) == 0 &&
		    (best == NULL || u->len > best->len))
			best = u;
	}
	return best;
}

/* Whether n[0..ne) is a Go duration's number: digits with at most one '.', and a digit. */
static bool
value_go_number(const char *n, const char *ne)
{
	size_t dots = 0, digits = 0;

	for (const char *q = n; q < ne; q++) {
		if (*q == '.')
			dots++;
		else
			digits++;
	}
	return dots <= 1 && digits > 0;
}

int
value_duration(const char *s, size_t len, double mul, double div, double *ms,
    const char **why)
{
	const char *p = s, *end = s + len;
	double sum = 0, v;
	bool neg = false;

	if (value_numeric(s, len, &v)) {
		*ms = v * mul / div;
		return 0;
	}
	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	if (p == end) {
		*why = "is not a number or a duration such as \"15.234ms\"";
		return -1;
	}
	while (p < end) {
		const char *n = p, *ne;
		const struct value_unit *u;

		for (; p < end && ((*p >= '0' && *p <= '9') || *p == '.'); p++)
			;
		ne = p;
		if (!value_go_number(n, ne)) {
			*why = "is not a number or a duration such as \"15.234ms\"";
			return -1;
		}
		if ((u = value_unit_at(p, end)) == NULL) {
			*why = "is a duration without a unit (ns, us, ms, s, m or h) after a number";
			return -1;
		}
		if (!value_strtod(n, (size_t)(ne - n), &v)) {
			*why = "is not a number or a duration such as \"15.234ms\"";
			return -1;
		}
		sum += v * u->mul / u->div;
		p += u->len;
	}
	if (p != end) {
		*why = "is not a number or a duration such as \"15.234ms\"";
		return -1;
	}
	*ms = neg ? -sum : sum;
	return 0;
}

/* ---- --time-format ------------------------------------------------------------ */

static const char value_directives[] = "YmdHMSfzbej%";

int
value_time_format_check(const char *fmt, const char **why, size_t *col)
{
	if (*fmt == '\0') {
		*why = "is empty";
		*col = 1;
		return -1;
	}
	for (size_t i = 0; fmt[i] != '\0'; i++) {
		if (fmt[i] != '%')
			continue;
		if (fmt[i + 1] == '\0' || strchr(value_directives, fmt[i + 1]) == NULL) {
			*why = "has an unknown directive (known: %Y %m %d %H %M %S %f %z %b %e %j %%)";
			*col = i + 1;
			return -1;
		}
		i++;
	}
	return 0;
}

/* The fields found so far. */
struct value_tm {
	int64_t year;
	int mon, day, hour, min, sec, yday;
	int64_t frac_us, off_us;
	bool has_mon, has_day;
};

/* Read between lo and hi decimal digits at *p into *v. */
static bool
value_digits(const char **p, const char *end, int lo, int hi, int64_t *v)
{
	int n = 0;

	*v = 0;
	while (n < hi && *p < end && **p >= '0' && **p <= '9') {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n >= lo;
}

static const char *const value_months[12] = {"january", "february", "march", "april",
    "may", "june", "july", "august", "september", "october", "november", "december"};

/* %b: an English month name, full or its first three letters, any case. */
static bool
value_month(const char **p, const char *end, int *mon)
{
	for (int m = 0; m < 12; m++) {
		size_t full = strlen(value_months[m]), k = 0;

		while (k < full && *p + k < end && ((*p)[k] | 0x20) == value_months[m][k])
			k++;
		if (k == full || k == 3) {
			*p += k;
			*mon = m + 1;
			return true;
		}
	}
	return false;
}

/* %z: Z, z, +hh, +hhmm, +hh:mm (or '-'). */
static bool
value_zone(const char **p, const char *end, int64_t *off_us)
{
	int64_t hh, mm = 0;
	int sign;

	if (*p < end && (**p == 'Z' || **p == 'z')) {
		(*p)++;
		*off_us = 0;
		return true;
	}
	if (*p >= end || (**p != '+' && **p != '-'))
		return false;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (!value_digits(p, end, 2, 2, &hh) || hh > 23)
		return false;
	if (*p < end && **p == ':') {
		(*p)++;
		if (!value_digits(p, end, 2, 2, &mm))
			return false;
	} else if (*p < end && **p >= '0' && **p <= '9' && !value_digits(p, end, 2, 2, &mm))
		return false;
	if (mm > 59)
		return false;
	*off_us = sign * (hh * 3600 + mm * 60) * US_PER_SEC;
	return true;
}

/* %f: fraction digits, truncated past the microsecond. */
static bool
value_frac(const char **p, const char *end, int64_t *us)
{
	int n = 0;

	*us = 0;
	while (*p < end && **p >= '0' && **p <= '9') {
		if (n < 6)
			*us = *us * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	for (int k = n; k < 6; k++)
		*us *= 10;
	return n > 0;
}

/* One directive d at *p. */
static bool
value_directive(char d, const char **p, const char *end, struct value_tm *t,
    const char **why)
{
	int64_t v;

	*why = "does not match --time-format";
	switch (d) {
	case 'Y':
		if (!value_digits(p, end, 1, 4, &v) || v < 1) {
			*why = "has no year (1 to 4 digits, 0001-9999) where --time-format has %Y";
			return false;
		}
		t->year = v;
		return true;
	case 'm':
		if (!value_digits(p, end, 1, 2, &v) || v < 1 || v > 12) {
			*why = "month out of range";
			return false;
		}
		t->mon = (int)v;
		t->has_mon = true;
		return true;
	case 'e':
		if (*p < end && **p == ' ')
			(*p)++;
		/* FALLTHROUGH */
	case 'd':
		if (!value_digits(p, end, 1, 2, &v) || v < 1 || v > 31) {
			*why = "day out of range for month";
			return false;
		}
		t->day = (int)v;
		t->has_day = true;
		return true;
	case 'H':
		if (!value_digits(p, end, 1, 2, &v) || v > 23) {
			*why = "hour out of range";
			return false;
		}
		t->hour = (int)v;
		return true;
	case 'M':
		if (!value_digits(p, end, 1, 2, &v) || v > 59) {
			*why = "minute out of range";
			return false;
		}
		t->min = (int)v;
		return true;
	case 'S':
		if (!value_digits(p, end, 1, 2, &v) || v > 59) {
			*why = "second out of range";
			return false;
		}
		t->sec = (int)v;
		return true;
	case 'f':
		return value_frac(p, end, &t->frac_us);
	case 'z':
		if (!value_zone(p, end, &t->off_us)) {
			*why = "bad time zone offset";
			return false;
		}
		return true;
	case 'b':
		if (!value_month(p, end, &t->mon)) {
			*why = "has no English month name where --time-format has %b";
			return false;
		}
		t->has_mon = true;
		return true;
	case 'j':
		if (!value_digits(p, end, 1, 3, &v) || v < 1 || v > 366) {
			*why = "day of the year out of range";
			return false;
		}
		t->yday = (int)v;
		return true;
	case '%':
		if (*p < end && **p == '%') {
			(*p)++;
			return true;
		}
		return false;
	default:
		return false;
	}
}

/* The fields into UTC microseconds. */
static int
value_tm_us(struct value_tm *t, int64_t *us, const char **why)
{
	int64_t days, r;

	if (t->yday > 0) {
		int64_t jan1 = tu_days_from_civil(t->year, 1, 1);
		int64_t y;
		unsigned m, d;

		if (t->yday == 366 && tu_month_days(t->year, 2) == 28) {
			*why = "day of the year out of range";
			return -1;
		}
		tu_civil_from_days(jan1 + t->yday - 1, &y, &m, &d);
		if ((t->has_mon && (unsigned)t->mon != m) || (t->has_day && (unsigned)t->day != d)) {
			*why = "day of the year does not agree with the month and day";
			return -1;
		}
		t->mon = (int)m;
		t->day = (int)d;
	}
	if ((unsigned)t->day > tu_month_days(t->year, (unsigned)t->mon)) {
		*why = "day out of range for month";
		return -1;
	}
	days = tu_days_from_civil(t->year, (unsigned)t->mon, (unsigned)t->day);
	r = days * US_PER_DAY + (int64_t)(t->hour * 3600 + t->min * 60 + t->sec) * US_PER_SEC +
	    t->frac_us - t->off_us;
	if (r < tu_days_from_civil(1, 1, 1) * US_PER_DAY ||
	    r >= tu_days_from_civil(10000, 1, 1) * US_PER_DAY) {
		*why = "timestamp falls outside the years 0001-9999 in UTC";
		return -1;
	}
	*us = r;
	return 0;
}

int
value_strptime(const char *fmt, const char *s, size_t len, int64_t *us, const char **why)
{
	const char *p = s, *end = s + len;
	struct value_tm t = {.year = 1970, .mon = 1, .day = 1};

	for (const char *f = fmt; *f != '\0'; f++) {
		if (*f == '%') {
			if (!value_directive(*++f, &p, end, &t, why))
				return -1;
		} else if (*f == ' ') {
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
		} else if (p < end && *p == *f) {
			p++;
		} else {
			*why = "does not match --time-format";
			return -1;
		}
	}
	if (p != end) {
		*why = "has text past what --time-format describes";
		return -1;
	}
	return value_tm_us(&t, us, why);
}
