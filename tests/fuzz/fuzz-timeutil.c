/* fuzz-timeutil.c - libFuzzer target for tu_parse (timeutil.h): the input bytes are a
 * timestamp, parsed without and with TU_ALLOW_DATE. Whatever is accepted must print with
 * tu_format_us and parse back to the same instant, agree with the fields written in the
 * input (checked here independently of timeutil.c), and sit at or after its day, week and
 * month floors. Any broken invariant aborts, so libFuzzer keeps the input as a crasher. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report which invariant broke (with the input), then abort so the input is saved. */
#define FZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz-timeutil: invariant failed: %s (%s:%d)\n", \
		    #cond, __FILE__, __LINE__);				\
		abort();						\
	}								\
} while (0)

/* Floor division and remainder by a positive divisor, written again here on purpose. */
static int64_t
fz_fdiv(int64_t a, int64_t b)
{
	return a / b - (a % b < 0);
}

static int64_t
fz_fmod(int64_t a, int64_t b)
{
	return a - fz_fdiv(a, b) * b;
}

/* Parse a NUL-terminated string that must be accepted; return its value. */
static int64_t
fz_must_parse(const char *s, int flags)
{
	int64_t v;
	const char *why = NULL;

	if (tu_parse(s, strlen(s), flags, &v, &why) != 0) {
		fprintf(stderr, "fuzz-timeutil: cannot parse back \"%s\": %s\n", s,
		    why ? why : "(no reason)");
		abort();
	}
	return v;
}

/* Value of n ASCII digits (the caller knows they are digits). */
static int
fz_num(const char *p, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*p++ - '0');
	return v;
}

/* The formatted instant matches the date and time fields written in the input. The zone
 * offset is applied by parsing the same text with "Z" and comparing the difference. */
static void
fz_check_fields(const char *s, size_t len, int64_t us)
{
	char out[TU_BUFSZ], *copy;
	size_t z = 19, nd = 0;
	int64_t utc, off;
	int sign;

	if (z < len && s[z] == '.')
		for (z++; z < len && s[z] >= '0' && s[z] <= '9'; z++)
			nd++;
	FZ_CHECK(z < len); /* accepted without a zone would break the contract */
	if (s[z] == 'Z' || s[z] == 'z') {
		FZ_CHECK(z + 1 == len);
		tu_format_us(us, out);
		FZ_CHECK(memcmp(out, s, 10) == 0);
		FZ_CHECK(out[10] == 'T');
		FZ_CHECK(memcmp(out + 11, s + 11, 8) == 0);
		for (size_t k = 0; k < 6; k++)
			FZ_CHECK(out[20 + k] == (k < nd ? s[20 + k] : '0'));
		return;
	}
	FZ_CHECK(s[z] == '+' || s[z] == '-');
	FZ_CHECK(len - z == 6 || len - z == 5);
	sign = s[z] == '-' ? -1 : 1;
	off = (int64_t)fz_num(s + z + 1, 2) * 3600 +
	    (int64_t)fz_num(s + z + (len - z == 6 ? 4 : 3), 2) * 60;
	FZ_CHECK(off < 24 * 3600);
	copy = malloc(z + 2);
	FZ_CHECK(copy != NULL);
	memcpy(copy, s, z);
	copy[z] = 'Z';
	copy[z + 1] = '\0';
	utc = fz_must_parse(copy, 0);
	free(copy);
	FZ_CHECK(us == utc - sign * off * US_PER_SEC);
}

/* Calendar floors around us: ordered, aligned, and within one unit of us. */
static void
fz_check_floors(int64_t us)
{
	int64_t day = tu_floor_day(us), week = tu_floor_week(us), month = tu_floor_month(us);
	int64_t next, y, days;
	unsigned m, d, m2, d2;
	int64_t y2;

	FZ_CHECK(day <= us && us - day < US_PER_DAY);
	FZ_CHECK(fz_fmod(day, US_PER_DAY) == 0);
	FZ_CHECK(week <= day && day - week < 7 * US_PER_DAY);
	FZ_CHECK(fz_fmod(week, US_PER_DAY) == 0);
	/* 1970-01-01 was a Thursday, so Mondays are the days d with (d + 3) mod 7 == 0. */
	FZ_CHECK(fz_fmod(week / US_PER_DAY + 3, 7) == 0);
	FZ_CHECK(month <= day && day - month < 31 * US_PER_DAY);
	days = day / US_PER_DAY;
	tu_civil_from_days(days, &y, &m, &d);
	FZ_CHECK(m >= 1 && m <= 12 && d >= 1 && d <= 31);
	FZ_CHECK(tu_days_from_civil(y, m, d) == days);
	FZ_CHECK(tu_days_from_civil(y, m, 1) * US_PER_DAY == month);
	tu_civil_from_days(month / US_PER_DAY, &y2, &m2, &d2);
	FZ_CHECK(y2 == y && m2 == m && d2 == 1);

	FZ_CHECK(tu_add_months(month, 0) == month);
	next = tu_add_months(month, 1);
	FZ_CHECK(next > us);
	FZ_CHECK(next - month >= 28 * US_PER_DAY && next - month <= 31 * US_PER_DAY);
	FZ_CHECK(tu_add_months(next, -1) == month);
	tu_civil_from_days(tu_add_months(month, 12) / US_PER_DAY, &y2, &m2, &d2);
	FZ_CHECK(y2 == y + 1 && m2 == m && d2 == 1);
	tu_civil_from_days(tu_add_months(month, -13) / US_PER_DAY, &y2, &m2, &d2);
	FZ_CHECK(d2 == 1 && (y2 * 12 + m2) == (y * 12 + m) - 13);
}

/* Every output of the tu_format_* family for us, and what parses back. */
static void
fz_check_formats(int64_t us)
{
	char buf[TU_BUFSZ];

	tu_format_us(us, buf);
	FZ_CHECK(memchr(buf, '\0', sizeof(buf)) != NULL);
	FZ_CHECK(fz_must_parse(buf, 0) == us);

	tu_format_ms(us, buf);
	FZ_CHECK(memchr(buf, '\0', sizeof(buf)) != NULL);
	FZ_CHECK(fz_must_parse(buf, 0) == us - fz_fmod(us, US_PER_MS));

	tu_format_date(us, buf);
	FZ_CHECK(memchr(buf, '\0', sizeof(buf)) != NULL);
	FZ_CHECK(fz_must_parse(buf, TU_ALLOW_DATE) == tu_floor_day(us));

	tu_format_human(us, buf);
	FZ_CHECK(memchr(buf, '\0', sizeof(buf)) != NULL);
	FZ_CHECK(strlen(buf) == strlen("2026-01-06 13:28 UTC"));
}

/* One parse with the given flags and every check that follows from its outcome. */
static void
fz_one(const char *s, size_t len, int flags)
{
	int64_t us = 0;
	const char *why = NULL;
	char date[TU_BUFSZ];

	if (tu_parse(s, len, flags, &us, &why) != 0) {
		FZ_CHECK(why != NULL && *why != '\0');
		return;
	}
	FZ_CHECK(len >= 10);
	if (len == 10) {
		/* A bare date: only with TU_ALLOW_DATE, and exactly its midnight. */
		FZ_CHECK(flags & TU_ALLOW_DATE);
		FZ_CHECK(fz_fmod(us, US_PER_DAY) == 0);
		tu_format_date(us, date);
		FZ_CHECK(memcmp(date, s, 10) == 0 && date[10] == '\0');
	} else {
		FZ_CHECK(len >= 20);
		FZ_CHECK(s[10] == 'T' || s[10] == 't' || s[10] == ' ');
		fz_check_fields(s, len, us);
	}
	fz_check_formats(us);
	fz_check_floors(us);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy without a NUL, so any read past len is an ASan report. */
	char *s = malloc(size ? size : 1);
	int64_t a, b;
	const char *why;
	int ra, rb;

	FZ_CHECK(s != NULL);
	if (size > 0)
		memcpy(s, data, size);
	fz_one(s, size, 0);
	fz_one(s, size, TU_ALLOW_DATE);
	/* TU_ALLOW_DATE only adds bare dates: anything else gets the same answer. */
	ra = tu_parse(s, size, 0, &a, &why);
	rb = tu_parse(s, size, TU_ALLOW_DATE, &b, &why);
	if (size != 10)
		FZ_CHECK(ra == rb && (ra != 0 || a == b));
	else
		FZ_CHECK(ra != 0);
	free(s);
	return 0;
}
