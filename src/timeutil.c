/* timeutil.c - hand-written RFC 3339 parser, UTC formatting and calendar floors.
 * Everything works in int64 microseconds since 1970-01-01T00:00:00Z on the proleptic
 * Gregorian calendar (Howard Hinnant's days_from_civil / civil_from_days); no locale,
 * no time zone database, no allocation. */
#include "common.h"

#include "timeutil.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Reasons handed back through *why; one per field so the user knows what to fix. */
static const char TU_E_EMPTY[] = "timestamp is empty";
static const char TU_E_FORMAT[] = "timestamp is not RFC 3339";
static const char TU_E_BARE_DATE[] = "timestamp has no time (bare date)";
static const char TU_E_SEP[] = "date and time must be separated by 'T' or a space";
static const char TU_E_TIME[] = "time is not hh:mm:ss";
static const char TU_E_YEAR[] = "year out of range";
static const char TU_E_UTC_RANGE[] = "timestamp falls outside the years 0001-9999 in UTC";
/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z. */
#define TU_MIN_US (INT64_C(-62135596800) * US_PER_SEC)
#define TU_MAX_US (INT64_C(253402300799) * US_PER_SEC + 999999)
static const char TU_E_MONTH[] = "month out of range";
static const char TU_E_DAY[] = "day out of range for month";
static const char TU_E_HOUR[] = "hour out of range";
static const char TU_E_MINUTE[] = "minute out of range";
static const char TU_E_SECOND[] = "second out of range";
static const char TU_E_FRAC_EMPTY[] = "fraction has no digits after '.'";
static const char TU_E_FRAC_COMMA[] = "fraction separator must be '.', not ','";
static const char TU_E_NO_ZONE[] = "timestamp has no time zone";
static const char TU_E_ZONE[] = "bad time zone (expected Z or +hh:mm)";
static const char TU_E_OFFSET[] = "bad time zone offset";
static const char TU_E_OFF_HOUR[] = "time zone offset hour out of range";
static const char TU_E_OFF_MINUTE[] = "time zone offset minute out of range";
static const char TU_E_TRAILING[] = "trailing characters after time zone";

/* Days in each month of a common year. */

/* Store a reason and report failure. */
static int
tu_fail(const char **why, const char *reason)
{
	if (why != NULL)
		*why = reason;
	return -1;
}

/* Value of the n ASCII digits at p, or -1 when any of them is not a digit. */
static int
tu_digits(const char *p, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		unsigned c = (unsigned)(unsigned char)p[i] - '0';

		if (c > 9)
			return -1;
		v = v * 10 + (int)c;
	}
	return v;
}


/* Floor division by a positive divisor. */
static int64_t
tu_floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b < 0)
		q--;
	return q;
}

/* Remainder of floor division by a positive divisor: always in [0, b). */
static int64_t
tu_floormod(int64_t a, int64_t b)
{
	int64_t r = a % b;

	return r < 0 ? r + b : r;
}

/* Split us into whole days (floor) and the non-negative microseconds into that day. */
static void
tu_split(int64_t us, int64_t *days, int64_t *tod)
{
	*days = us / US_PER_DAY;
	*tod = us % US_PER_DAY;
	if (*tod < 0) {
		*tod += US_PER_DAY;
		(*days)--;
	}
}

/* days * US_PER_DAY, saturated at the int64 limits instead of overflowing. */
static int64_t
tu_days_to_us(int64_t days)
{
	if (days > INT64_MAX / US_PER_DAY)
		return INT64_MAX;
	if (days < INT64_MIN / US_PER_DAY)
		return INT64_MIN;
	return days * US_PER_DAY;
}

/* Hinnant's civil_from_days, the inverse of tu_days_from_civil. */
void
tu_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;                                       /* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  /* [0, 399] */
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                /* [0, 365] */
	mp = (5 * doy + 2) / 153;                                     /* [0, 11] */
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Parse the zone at s[*i..len): 'Z', 'z', +hh:mm, -hh:mm, +hhmm or -hhmm. On success
 * advance *i past it and set *off_us to the offset east of UTC. */
static const char *
tu_parse_zone(const char *s, size_t len, size_t *i, int64_t *off_us)
{
	size_t p = *i, n = len - p;
	int hh, mm;

	if (n == 0)
		return TU_E_NO_ZONE;
	if (s[p] == 'Z' || s[p] == 'z') {
		*off_us = 0;
		*i = p + 1;
		return NULL;
	}
	if (s[p] != '+' && s[p] != '-')
		return TU_E_ZONE;
	if (n < 5 || (hh = tu_digits(s + p + 1, 2)) < 0)
		return TU_E_OFFSET;
	if (s[p + 3] == ':') {
		if (n < 6 || (mm = tu_digits(s + p + 4, 2)) < 0)
			return TU_E_OFFSET;
		*i = p + 6;
	} else {
		if ((mm = tu_digits(s + p + 3, 2)) < 0)
			return TU_E_OFFSET;
		*i = p + 5;
	}
	if (hh > 23)
		return TU_E_OFF_HOUR;
	if (mm > 59)
		return TU_E_OFF_MINUTE;
	*off_us = (int64_t)(hh * 3600 + mm * 60) * US_PER_SEC;
	if (s[p] == '-')
		*off_us = -*off_us;
	return NULL;
}

/* Parse '.' and its digits at s[*i..len), if present, into microseconds (truncated). */
static const char *
tu_parse_frac(const char *s, size_t len, size_t *i, int64_t *frac_us)
{
	size_t p = *i, start;
	int64_t f = 0;
	int kept = 0;

	*frac_us = 0;
	if (p < len && s[p] == ',')
		return TU_E_FRAC_COMMA;
	if (p >= len || s[p] != '.')
		return NULL;
	start = ++p;
	for (; p < len && (unsigned)(unsigned char)s[p] - '0' <= 9; p++) {
		if (kept < 6) {
			f = f * 10 + (s[p] - '0');
			kept++;
		}
	}
	if (p == start)
		return TU_E_FRAC_EMPTY;
	for (; kept < 6; kept++)
		f *= 10;
	*frac_us = f;
	*i = p;
	return NULL;
}

/* Fixed-offset fields first (date, separator, time), then fraction, zone, end. */
int
tu_parse(const char *s, size_t len, int flags, int64_t *out_us, const char **why)
{
	int year, mon, day, hour, min, sec;
	int64_t days, frac_us, off_us, us;
	const char *err;
	size_t i;

	if (len == 0)
		return tu_fail(why, TU_E_EMPTY);
	if (len < 10 || (year = tu_digits(s, 4)) < 0 || s[4] != '-' ||
	    (mon = tu_digits(s + 5, 2)) < 0 || s[7] != '-' ||
	    (day = tu_digits(s + 8, 2)) < 0)
		return tu_fail(why, TU_E_FORMAT);
	if (year == 0)
		return tu_fail(why, TU_E_YEAR);
	if (mon < 1 || mon > 12)
		return tu_fail(why, TU_E_MONTH);
	if (day < 1 || (unsigned)day > tu_month_days(year, (unsigned)mon))
		return tu_fail(why, TU_E_DAY);
	days = tu_days_from_civil(year, (unsigned)mon, (unsigned)day);
	if (len == 10) {
		if ((flags & TU_ALLOW_DATE) == 0)
			return tu_fail(why, TU_E_BARE_DATE);
		*out_us = days * US_PER_DAY;
		return 0;
	}
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return tu_fail(why, TU_E_SEP);
	if (len < 19 || (hour = tu_digits(s + 11, 2)) < 0 || s[13] != ':' ||
	    (min = tu_digits(s + 14, 2)) < 0 || s[16] != ':' ||
	    (sec = tu_digits(s + 17, 2)) < 0)
		return tu_fail(why, TU_E_TIME);
	if (hour > 23)
		return tu_fail(why, TU_E_HOUR);
	if (min > 59)
		return tu_fail(why, TU_E_MINUTE);
	if (sec > 59)
		return tu_fail(why, TU_E_SECOND);
	i = 19;
	if ((err = tu_parse_frac(s, len, &i, &frac_us)) != NULL ||
	    (err = tu_parse_zone(s, len, &i, &off_us)) != NULL)
		return tu_fail(why, err);
	if (i != len)
		return tu_fail(why, TU_E_TRAILING);
	us = days * US_PER_DAY + (int64_t)(hour * 3600 + min * 60 + sec) * US_PER_SEC + frac_us -
	    off_us;
	/* An offset may carry 0001-01-01 or 9999-12-31 out of the years we print and read back. */
	if (us < TU_MIN_US || us > TU_MAX_US)
		return tu_fail(why, TU_E_UTC_RANGE);
	*out_us = us;
	return 0;
}

/* Write v as exactly n decimal digits at p (v < 10^n); return the end. */
static char *
tu_put(char *p, unsigned v, int n)
{
	for (int k = n - 1; k >= 0; k--) {
		p[k] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

/* Write "YYYY-MM-DD" for a day number at p; return the end. Years outside 0-9999
 * (only reachable from instants far outside the parser's range) print in full. */
static char *
tu_put_date(char *p, int64_t days)
{
	int64_t y;
	unsigned m, d;

	tu_civil_from_days(days, &y, &m, &d);
	if (y >= 0 && y <= 9999)
		p = tu_put(p, (unsigned)y, 4);
	else
		p += snprintf(p, 24, "%04" PRId64, y);
	*p++ = '-';
	p = tu_put(p, m, 2);
	*p++ = '-';
	return tu_put(p, d, 2);
}

/* Write "hh:mm" for tod microseconds into the day at p; return the end. */
static char *
tu_put_hhmm(char *p, int64_t tod)
{
	unsigned secs = (unsigned)(tod / US_PER_SEC);

	p = tu_put(p, secs / 3600, 2);
	*p++ = ':';
	return tu_put(p, secs / 60 % 60, 2);
}

/* Write "YYYY-MM-DDThh:mm:ss" at p for the given instant; set *sub to the
 * microseconds into the second (non-negative); return the end. */
static char *
tu_put_datetime(char *p, int64_t us, unsigned *sub)
{
	int64_t days, tod;

	tu_split(us, &days, &tod);
	p = tu_put_date(p, days);
	*p++ = 'T';
	p = tu_put_hhmm(p, tod);
	*p++ = ':';
	p = tu_put(p, (unsigned)(tod / US_PER_SEC % 60), 2);
	*sub = (unsigned)(tod % US_PER_SEC);
	return p;
}

/* "YYYY-MM-DDThh:mm:ss.mmmZ", milliseconds floored. */
void
tu_format_ms(int64_t us, char buf[TU_BUFSZ])
{
	unsigned sub;
	char *p = tu_put_datetime(buf, us, &sub);

	*p++ = '.';
	p = tu_put(p, sub / 1000, 3);
	*p++ = 'Z';
	*p = '\0';
}

/* "YYYY-MM-DD hh:mm:ss.mmm", milliseconds floored, no zone (it is UTC). */
void
tu_format_sheet(int64_t us, char buf[TU_BUFSZ])
{
	unsigned sub;
	char *p = tu_put_datetime(buf, us, &sub), *t;

	*p++ = '.';
	p = tu_put(p, sub / 1000, 3);
	*p = '\0';
	if ((t = strchr(buf, 'T')) != NULL)
		*t = ' ';
}

/* "YYYY-MM-DDThh:mm:ss.uuuuuuZ". */
void
tu_format_us(int64_t us, char buf[TU_BUFSZ])
{
	unsigned sub;
	char *p = tu_put_datetime(buf, us, &sub);

	*p++ = '.';
	p = tu_put(p, sub, 6);
	*p++ = 'Z';
	*p = '\0';
}

/* "YYYY-MM-DD" of the UTC day containing us. */
void
tu_format_date(int64_t us, char buf[TU_BUFSZ])
{
	int64_t days, tod;

	tu_split(us, &days, &tod);
	*tu_put_date(buf, days) = '\0';
}

/* "YYYY-MM-DD hh:mm UTC", minutes floored. */
void
tu_format_human(int64_t us, char buf[TU_BUFSZ])
{
	int64_t days, tod;
	char *p;

	tu_split(us, &days, &tod);
	p = tu_put_date(buf, days);
	*p++ = ' ';
	p = tu_put_hhmm(p, tod);
	memcpy(p, " UTC", 5);
}

/* Midnight UTC starting the day containing us. */
int64_t
tu_floor_day(int64_t us)
{
	int64_t days, tod;

	tu_split(us, &days, &tod);
	return tu_days_to_us(days);
}

/* Monday 00:00 UTC starting the ISO week containing us. */
int64_t
tu_floor_week(int64_t us)
{
	int64_t days, tod;

	tu_split(us, &days, &tod);
	/* Day 0 (1970-01-01) was a Thursday, three days after a Monday. */
	return tu_days_to_us(days - tu_floormod(days + 3, 7));
}

/* The 1st, 00:00 UTC, of the month containing us. */
int64_t
tu_floor_month(int64_t us)
{
	int64_t days, tod, y;
	unsigned m, d;

	tu_split(us, &days, &tod);
	tu_civil_from_days(days, &y, &m, &d);
	return tu_days_to_us(days - (int64_t)d + 1);
}

/* Month arithmetic on a linear month index y * 12 + (m - 1). */
int64_t
tu_add_months(int64_t month_start, int n)
{
	int64_t days, tod, y, idx;
	unsigned m, d;

	tu_split(month_start, &days, &tod);
	tu_civil_from_days(days, &y, &m, &d);
	idx = y * 12 + (int64_t)m - 1 + n;
	return tu_days_to_us(tu_days_from_civil(tu_floordiv(idx, 12),
	    (unsigned)tu_floormod(idx, 12) + 1, 1));
}

/* Wall-clock time; falls back to time() if clock_gettime fails. */
int64_t
tu_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return (int64_t)time(NULL) * US_PER_SEC;
	return (int64_t)ts.tv_sec * US_PER_SEC + ts.tv_nsec / 1000;
}
