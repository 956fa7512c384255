/* window.h - current and previous [start, end) windows from the command and options,
 * and trend bucket arithmetic. */
#ifndef PR_WINDOW_H
#define PR_WINDOW_H

#include <stdint.h>
#include "cli.h"

struct windows {
	int64_t start, end;           /* current window [start, end) */
	int64_t prev_start, prev_end; /* previous window, the same length before it */
	bool bounded_below, bounded_above; /* export: false when open on that side */
	enum bucket bucket;           /* trends: resolved bucket size */
};

/* The "now" of the run: --now T, or the clock; with --now latest, newest + 1 microsecond
 * when have_newest, else the clock (the caller says so on standard error). */
int64_t window_now(const struct options *o, bool have_newest, int64_t newest);

/* Fill *w for o's command at time now. weekly: 7 days, monthly: 30, trends: --days (90),
 * report: [--since, --until or now), export and compare: all time unless --since/--until/
 * --days (compare: --now T alone ends the window at T).
 * Previous window: the same length just before start. */
void window_resolve(const struct options *o, int64_t now, struct windows *w);

/* The bucket size for trends: o->bucket, or by window length (day up to 31 days, week up
 * to 366, month beyond). */
enum bucket window_bucket(enum bucket requested, int64_t start, int64_t end);
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
