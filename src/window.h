/* window.h - current and previous [start, end) windows from the command and options,
 * and trend bucket arithmetic. */
#ifndef PR_WINDOW_H
#define PR_WINDOW_H

#include <stdint.h>
#include "options.h"

struct windows {
	int64_t start, end;           /* current window [start, end) */
	int64_t prev_start, prev_end; /* previous window, the same length before it */
	bool bounded_below, bounded_above; /* export: false when open on that side */
	enum bucket bucket;           /* trends: resolved bucket size */
};

/* The "now" of the run: --now T, or the clock; with --now latest, newest + 1 microsecond
 * when have_newest, else the clock (the caller says so on standard error). */
int64_t window_now(const struct options *o, bool have_newest, int64_t newest);

/* The length in days of a WINDOW_LAST_DAYS window: --days, else the command's. */
static inline long
window_days_of(const struct options *o)
{
	return o->days_set ? o->days : o->window_days;
}

/* Fill *w by o's window rule at time now. WINDOW_LAST_DAYS: o->window_days (weekly 7,
 * monthly 30, trends --days or 90); WINDOW_SINCE: [--since, --until or now) (report);
 * WINDOW_ALL: all time unless --since/--until/--days (export); WINDOW_ALL_BEFORE_NOW: the
 * same, but --now T alone ends the window at T (compare); WINDOW_INPUT: [--since, --until
 * or now), the start to be moved to the first record without --since (changes).
 * Previous window: the same length just before start. */
void window_resolve(const struct options *o, int64_t now, struct windows *w);
/* WINDOW_INPUT without --since: the window starts at start (the first record); the
 * previous window and the bucket follow. */
void window_start_at(const struct options *o, int64_t start, struct windows *w);

/* The bucket size for trends: o->bucket, or by window length (day up to 31 days, week up
 * to 366, month beyond). */
enum bucket window_bucket(enum bucket requested, int64_t start, int64_t end);
/* An hour (changes --bucket hour, SPEC section 17). */
#define WINDOW_US_PER_HOUR (INT64_C(3600) * INT64_C(1000000))

/* Start of the bucket containing ts. */
int64_t window_bucket_start(enum bucket b, int64_t ts);
/* Start of the bucket after the one starting at bucket_start. */
int64_t window_bucket_next(enum bucket b, int64_t bucket_start);

/* True when start <= ts < end. */
static inline bool
window_contains(int64_t start, int64_t end, int64_t ts)
{
	return ts >= start && ts < end;
}

#endif
