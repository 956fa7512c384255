/* aggregate.h - the observations a report needs, kept compactly: one entry per valid record
 * that may fall in the current or previous window. Operation names and session ids are
 * interned. With a fixed "now" only records inside [prev_start, end) are kept; with
 * --now latest (the windows move with the newest timestamp) records older than the widest
 * span before the newest one are pruned as reading goes on, so memory follows the windows,
 * never the file. */
#ifndef PR_AGGREGATE_H
#define PR_AGGREGATE_H

#include <stdint.h>
#include "intern.h"
#include "record.h"

/* 24 bytes per kept record. */
struct obs {
	int64_t ts_us;
	double duration_ms;
	uint32_t op;   /* intern id in ops; top bit set = failed */
	uint32_t sess; /* intern id + 1 in sessions; 0 = none */
};
#define OBS_FAILED UINT32_C(0x80000000)

struct aggregate {
	struct intern ops;
	struct intern sessions;
	struct obs *v;
	size_t n, cap;
	/* Keep policy. */
	bool moving;        /* --now latest: keep [newest + 1 - span, ...) */
	int64_t span;       /* moving: previous + current window length; 0 = keep all */
	int64_t keep_from;  /* fixed: keep [keep_from, keep_until) */
	int64_t keep_until;
	bool have_newest;
	int64_t newest;
	size_t prune_at;
};

/* Fixed windows: keep records in [keep_from, keep_until). */
void agg_init_fixed(struct aggregate *a, int64_t keep_from, int64_t keep_until);
/* Moving windows: keep records within span before the newest timestamp (span 0: all). */
void agg_init_moving(struct aggregate *a, int64_t span);
void agg_add(struct aggregate *a, const struct record *r);
void agg_free(struct aggregate *a);

static inline uint32_t
obs_op(const struct obs *o)
{
	return o->op & ~OBS_FAILED;
}
static inline bool
obs_ok(const struct obs *o)
{
	return (o->op & OBS_FAILED) == 0;
}

#endif
