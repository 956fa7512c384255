/* window.c - report windows and trend buckets. */
#include "window.h"

#include "timeutil.h"

int64_t
window_now(const struct options *o, bool have_newest, int64_t newest)
{
	switch (o->now_mode) {
	case NOW_FIXED:
		return o->now_us;
	case NOW_LATEST:
		if (have_newest)
			return newest + 1;
		return o->clock_us;
	case NOW_CLOCK:
		break;
	}
	return o->clock_us;
}

void
window_resolve(const struct options *o, int64_t now, struct windows *w)
{
	int64_t len;

	w->bounded_below = w->bounded_above = true;
	switch (o->window) {
	case WINDOW_SINCE:
		w->start = o->since_us;
		w->end = o->until_set ? o->until_us : now;
		break;
	case WINDOW_ALL:
	case WINDOW_ALL_BEFORE_NOW:
		if (o->days_set) {
			w->end = now;
			w->start = now - o->days * US_PER_DAY;
		} else {
			w->bounded_below = o->since_set;
			w->bounded_above = o->until_set;
			w->start = o->since_set ? o->since_us : INT64_MIN;
			w->end = o->until_set ? o->until_us : INT64_MAX;
			if (o->window == WINDOW_ALL_BEFORE_NOW && o->now_mode != NOW_CLOCK &&
			    !o->until_set) {
				/* compare --now T: the records before T */
				w->bounded_above = true;
				w->end = now;
			}
		}
		break;
	case WINDOW_LAST_DAYS:
		w->end = now;
		w->start = now - window_days_of(o) * US_PER_DAY;
		break;
	case WINDOW_INPUT:
		/* Without --since the loader moves the start to the first record
		 * (window_start_at). */
		w->start = o->since_set ? o->since_us : now;
		w->end = o->until_set ? o->until_us : now;
		break;
	}
	if (w->bounded_below && w->bounded_above) {
		len = w->end - w->start;
		w->prev_end = w->start;
		w->prev_start = w->start - len;
		w->bucket = window_bucket(o->bucket, w->start, w->end);
	} else {
		/* An open export window: no previous window, no buckets (and no end - start,
		 * which would overflow). */
		w->prev_start = w->prev_end = w->start;
		w->bucket = BUCKET_DAY;
	}
}

/* Move w's start to start; the previous window and the bucket follow. */
void
window_start_at(const struct options *o, int64_t start, struct windows *w)
{
	int64_t len;

	w->start = start;
	len = w->end - w->start;
	w->prev_end = w->start;
	w->prev_start = w->start - len;
	w->bucket = window_bucket(o->bucket, w->start, w->end);
}

enum bucket
window_bucket(enum bucket requested, int64_t start, int64_t end)
{
	int64_t len = end - start;

	if (requested != BUCKET_AUTO)
		return requested;
	if (len <= 31 * US_PER_DAY)
		return BUCKET_DAY;
	if (len <= 366 * US_PER_DAY)
		return BUCKET_WEEK;
	return BUCKET_MONTH;
}

int64_t
window_bucket_start(enum bucket b, int64_t ts)
{
	switch (b) {
	case BUCKET_WEEK:
		return tu_floor_week(ts);
	case BUCKET_MONTH:
		return tu_floor_month(ts);
	case BUCKET_HOUR:
		return tu_floor_day(ts) + (ts - tu_floor_day(ts)) / WINDOW_US_PER_HOUR *
		    WINDOW_US_PER_HOUR;
	case BUCKET_DAY:
	case BUCKET_AUTO:
		break;
	}
	return tu_floor_day(ts);
}

int64_t
window_bucket_next(enum bucket b, int64_t bucket_start)
{
	switch (b) {
	case BUCKET_WEEK:
		return bucket_start + 7 * US_PER_DAY;
	case BUCKET_MONTH:
		return tu_add_months(bucket_start, 1);
	case BUCKET_HOUR:
		return bucket_start + WINDOW_US_PER_HOUR;
	case BUCKET_DAY:
	case BUCKET_AUTO:
		break;
	}
	return bucket_start + US_PER_DAY;
}
