/* timeutil.h - RFC 3339 / ISO 8601 timestamps <-> UTC microseconds since the Unix epoch.
 * Pure functions: no locale, no time zone database, never localtime(). */
#ifndef PR_TIMEUTIL_H
#define PR_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#define US_PER_MS  INT64_C(1000)
#define US_PER_SEC INT64_C(1000000)
#define US_PER_DAY INT64_C(86400000000)

/* Accept a bare date "YYYY-MM-DD" as its midnight UTC (for --since/--until/--now). */
#define TU_ALLOW_DATE 1

/* Buffer size for every tu_format_* function (including the NUL). */
#define TU_BUFSZ 40

/* Parse s[0..len) (not NUL-terminated) as "YYYY-MM-DD" sep "hh:mm:ss" [frac] zone, where
 * sep is 'T', 't' or ' ', frac is '.' and one or more digits (any number; digits past the
 * microsecond are truncated toward the past), zone is 'Z', 'z', "+hh:mm", "-hh:mm", "+hhmm"
 * or "-hhmm" (hh <= 23, mm <= 59). Years 0001-9999. Rejects: missing zone, hour 24,
 * second 60, month 0/13, day past the month's end (leap years per Gregorian rules),
 * any trailing or leading character, signs or spaces inside fields.
 * With TU_ALLOW_DATE in flags, "YYYY-MM-DD" alone is also accepted (midnight UTC).
 * Returns 0 and sets *out_us, or -1 and sets *why to a static English reason such as
 * "timestamp has no time zone", "month out of range", "day out of range for month",
 * "hour out of range", "second out of range", "bad time zone offset",
 * "timestamp is not RFC 3339". */
int tu_parse(const char *s, size_t len, int flags, int64_t *out_us, const char **why);

/* "2026-01-06T13:28:00.191Z": UTC, milliseconds truncated toward the past (floor, also for
 * instants before 1970). */
void tu_format_ms(int64_t us, char buf[TU_BUFSZ]);
/* "2026-01-06 13:28:00.191": the same instant and truncation as tu_format_ms, in the form
 * spreadsheets read as a date-time (UTC; no zone written). */
void tu_format_sheet(int64_t us, char buf[TU_BUFSZ]);
/* "2026-01-06T13:28:00.191234Z": UTC with microseconds. */
void tu_format_us(int64_t us, char buf[TU_BUFSZ]);
/* "2026-01-06": the UTC date containing us. */
void tu_format_date(int64_t us, char buf[TU_BUFSZ]);
/* "2026-01-06 13:28 UTC": short human form for titles and hints. */
void tu_format_human(int64_t us, char buf[TU_BUFSZ]);

/* Start of the UTC day / ISO week (Monday 00:00) / month containing us (floor semantics,
 * correct for negative values). */
int64_t tu_floor_day(int64_t us);
int64_t tu_floor_week(int64_t us);
int64_t tu_floor_month(int64_t us);
/* Start of the month n months after the month starting at month_start (n may be negative). */
int64_t tu_add_months(int64_t month_start, int n);

/* Number of days in month m (1-12) of year y (Gregorian leap years). Inline: the fast
 * record scanner (fastpath.c) calls it for every record. */
static inline unsigned
tu_month_days(int64_t y, unsigned m)
{
	static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

/* Days since 1970-01-01 for a proleptic Gregorian date (Hinnant's days_from_civil: shift
 * to a March-based year, count 400-year eras); inline for the same reason. */
static inline int64_t
tu_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
	unsigned yoe;                                                   /* [0, 399] */
	int64_t era;

	y -= m <= 2;
	if (y >= 0 && y <= UINT32_MAX) {
		/* The usual years: unsigned 32-bit division, cheaper than the signed one. */
		era = (uint32_t)y / 400;
		yoe = (uint32_t)y - (uint32_t)era * 400;
	} else {
		era = (y >= 0 ? y : y - 399) / 400;
		yoe = (unsigned)(y - era * 400);
	}
	return era * 146097 + (int64_t)(yoe * 365 + yoe / 4 - yoe / 100 + doy) - 719468;
}
/* The inverse of tu_days_from_civil. */
void tu_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

/* Current time (CLOCK_REALTIME) in microseconds. */
int64_t tu_now(void);

#endif
