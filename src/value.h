/* value.h - the value forms that a mapped field may hold besides those of SPEC section 2
 * (SPEC section 16, "Values"): numbers written as strings, durations in Go's duration
 * syntax, and timestamps in a --time-format of strptime directives. Pure functions over
 * byte ranges (not NUL-terminated): no locale, no time zone database, no allocation. */
#ifndef PR_VALUE_H
#define PR_VALUE_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

/* Whether s[0..len) is a number as text: an optional '-' or '+', digits, an optional '.'
 * and digits (at least one digit in all), an optional exponent; nothing else, no spaces.
 * On true, *out (when not NULL) gets its value (may be infinite for 1e400). */
bool value_numeric(const char *s, size_t len, double *out);

/* Whether s[0..len) is an integer as text (optional sign, digits only) that fits 64 signed
 * bits; *out gets it. */
bool value_integer(const char *s, size_t len, int64_t *out);

/* A duration string -> milliseconds. Either a number as text (value_numeric), which is in
 * unit_ms_factor's unit: the value times mul, then divided by div (fm_duration_ms's one
 * rounding: mul and div are 1000,1 for s; 1,1 for ms; 1,1000 for us; 1,1e6 for ns), or
 * Go's duration syntax: an optional sign, then one or more decimal numbers each followed
 * by a unit (ns, us, µs (U+00B5), μs (U+03BC), ms, s, m, h), as "15.234ms", "1h2m3.5s",
 * "-1.5s"; "0" alone is zero. Returns 0 with *ms set (possibly negative or infinite: the
 * caller judges), or -1 with *why a static reason. */
int value_duration(const char *s, size_t len, double mul, double div, double *ms,
    const char **why);

/* Check a --time-format FMT: every '%' is followed by one of Y m d H M S f z b e j %.
 * Returns 0, or -1 with *why a static reason and *col the 1-based column of the fault. */
int value_time_format_check(const char *fmt, const char **why, size_t *col);

/* Parse s[0..len) by the strptime-like format fmt (NUL-terminated, already checked):
 * %Y year (1 to 4 digits, 0001-9999), %m month 1-12, %d day (1 or 2 digits), %e the same
 * with an optional leading space, %H hour 0-23, %M minute, %S second 0-59, %f a fraction
 * of a second (1 or more digits; past the microsecond truncated), %z a zone (Z, z,
 * +hh, +hhmm or +hh:mm, or with '-'), %b a month name in English (Jan or January, any
 * case), %j day of the year 1-366, %% a percent sign. A space in fmt matches any run of
 * white space (also none); any other byte matches itself. Without %z the time is UTC;
 * missing fields default to 1970, January, day 1, 00:00:00. %j with %m or %d must agree.
 * Returns 0 with *us (UTC microseconds), or -1 with *why a static reason. */
int value_strptime(const char *fmt, const char *s, size_t len, int64_t *us,
    const char **why);

#endif
