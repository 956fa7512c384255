/* aggregate.h - what a report needs from the records, accumulated as they stream by.
 *
 * With the windows known before reading (a fixed "now"), each record of the current or
 * previous window costs 8 bytes: its duration, appended to its operation's vector for that
 * window (or, when trends or charts want buckets, for its bucket); successes are counted;
 * the slowest list is a bounded heap. Records outside both windows cost nothing.
 *
 * With --now latest the windows move with the newest timestamp, so records are first kept
 * as compact observations (24 bytes: time, duration, interned operation and session),
 * pruned as reading goes on to the span the windows can still cover; agg_finish replays
 * them into the accumulators once the windows are known.
 *
 * Accumulators of several threads are combined with agg_merge; every statistic is computed
 * later from sorted values, so the result never depends on the order of arrival. */
#ifndef PR_AGGREGATE_H
#define PR_AGGREGATE_H

#include <stdint.h>
#include "options.h"
#include "group.h"
#include "intern.h"
#include "record.h"
#include "summary.h"
#include "window.h"

struct dvec {
	double *v;
	size_t n, cap;
	bool sorted; /* v ascending (agg_sort, dvec_sort); adding values clears it */
};

/* Sort d ascending unless it already is. */
void dvec_sort(struct dvec *d);

/* One UTC day of an operation's records (days kept, SPEC section 17 "slower since"). */
struct day_acc {
	uint32_t day;   /* days after aggregate.day0 */
	uint64_t count; /* records */
	double sum;     /* their durations' sum */
};

/* Per operation. */
struct op_acc {
	struct dvec win[2];     /* durations: [0] current window, [1] previous (buckets: [0] unused) */
	uint64_t success[2];
	struct dvec *bucket;    /* buckets wanted: durations per bucket of the current window */
	uint64_t *bucket_success;
	size_t n_bucket;
	int8_t selected;        /* --op: -1 unknown yet, 0 no, 1 yes */
	struct day_acc *days;   /* days kept (aggregate.n_days > 0): the days of both windows
	                           with a record, ascending by day */
	size_t n_days, days_cap;
	/* The day of the last record, cached so that a record of the same day costs no
	   division: its microseconds [day_lo, day_hi) and its index in days. An empty range
	   (0, 0) when nothing is cached: agg_day_put empties it, since it may move the days. */
	int64_t day_lo, day_hi;
	size_t day_cur;
	/* Summaries as input (SPEC section 18, summary-input.h): [0] the current window's
	   lines merged, [1] the previous window's (heap, both, or NULL); win[] stay empty. */
	struct summary_line *sum;
	struct summary_line *sum_bucket; /* with buckets: per bucket of the current window
	                                    (n_bucket lines, heap), or NULL */
};

/* One entry of the slowest list. */
struct slow_item {
	double duration_ms;
	int64_t ts_us;
	uint32_t op;
	char *session; /* heap copy or NULL */
};

/* An observation kept while the windows are not yet known (moving mode). */
struct obs {
	int64_t ts_us;
	double duration_ms;
	uint32_t op;   /* intern id in ops; top bit set = failed */
	uint32_t sess; /* intern id + 1 in sessions; 0 = none */
};
#define OBS_FAILED UINT32_C(0x80000000)

struct aggregate {
	const struct options *o;  /* --op, --max-groups and the detection thresholds */
	/* The grouping: o's --by keys (n_by 0: by operation_type alone), or for the --explain
	   aggregate its own (the group's keys and the --explain KEY). */
	char *by_keys[MAX_BY];
	size_t n_by;
	size_t top;               /* entries in the slowest list (0: none) */
	bool buckets;             /* durations kept per bucket (o->wants_buckets) */
	bool windows_known;
	struct windows w;
	int64_t first_bucket;     /* start of the bucket holding w.start */
	size_t n_buckets;
	struct intern ops;
	struct op_acc *acc;       /* by op id */
	size_t acc_cap;
	struct slow_item *slow;   /* heap, the least slow at the root */
	size_t n_slow, slow_cap;
	uint64_t in_windows;      /* records (any operation) in either window */
	/* Days kept (o->wants_days, SPEC section 17 "slower since"): each operation's (or
	   group's) sum and count of durations per UTC day over both windows, day 0 the day of
	   the earlier window's start; 24 bytes per operation and day with a record (so never
	   more than 24 per record, however many groups), nothing else per record. n_days is
	   0 when no day is kept (an --explain aggregate, unbounded windows, a span longer
	   than AGG_MAX_DAYS). The sums are in arrival order, so with -j a day's sum may differ
	   in its last bits; only the day a change point is named on depends on them. */
	int64_t day0;
	size_t n_days;
	/* moving mode */
	struct intern sessions;
	struct obs *v;
	size_t n, cap;
	int64_t span;             /* previous + current length; 0 = keep everything */
	bool have_newest;
	int64_t newest;
	size_t prune_at;
	struct group_buf gkey;    /* --by: the key of the record being added (load.c) */
	/* --explain KEY: the same records keyed by (group values..., KEY's value), every
	   other option the same but no slowest list and no trend buckets; it costs a second
	   8 bytes per record of the windows. Merged, finished, sorted and freed with a. */
	struct aggregate *explain;
	bool is_explain;          /* this is an --explain aggregate */
	/* --max-groups while reading: past read_cap groups, a record of a new group goes to
	   its operation's "(other)" group (group_key_spill); spilled counts those records. */
	size_t read_cap;          /* 0: no cap (no --by) */
	uint64_t spilled;
	double sum_accuracy;      /* summaries as input: their accuracy (0: logs alone) */
};

/* The longest span of days kept per operation (ten years). */
#define AGG_MAX_DAYS 3660
/* Summaries as input: line l (of key key[0..len): the operation, or group.h's encoding
 * under a's keys) merged into the acc's sum[win] (0 current, 1 previous) with every value
 * kept, and with buckets into its bucket's sum_bucket line too (a summary's hour and day
 * buckets lie whole inside a day, week or month); ignored when --op does not select it.
 * 0, or -1 on a count or m2 overflow. */
int agg_add_summary_line(struct aggregate *a, const char *key, size_t len, int win,
    const struct summary_line *l);

/* Groups a thread keeps exactly while reading, for --max-groups N. */
#define AGG_READ_CAP(n) ((size_t)(n) * 16 < 65536 ? 65536 : (size_t)(n) * 16)

/* Windows known now (fixed "now"): accumulate directly. */
void agg_init_fixed(struct aggregate *a, const struct options *o, const struct windows *w);
/* Windows known only at the end (--now latest): keep observations within span of the newest
 * timestamp (span 0: all). */
void agg_init_moving(struct aggregate *a, const struct options *o, int64_t span);
void agg_add(struct aggregate *a, const struct record *r);
/* agg_add as a load_sink's add (ctx the aggregate; p unused): the plain path, with no
   --by and no --explain, without a call between the scanner and the aggregate. */
void agg_add_sink(void *ctx, const struct record *r, struct record_parser *p);
/* agg_add for a record of the windows (known) whose operation is a->ops' id op, interned
 * by the caller (--state: once per name, not once per record). */
void agg_add_op(struct aggregate *a, const struct record *r, uint32_t op);
/* agg_add, with the record's group keys made from p (load.c's callback): a's --by key,
 * and the --explain aggregate's. */
void agg_add_parsed(struct aggregate *a, const struct record *r, struct record_parser *p);
/* Moving mode: the windows are now known; replay the kept observations. */
void agg_finish(struct aggregate *a, const struct windows *w);
/* Move everything src accumulated into dst (both fixed, same windows; or both moving);
 * src is left empty but must still be freed. */
void agg_merge(struct aggregate *dst, struct aggregate *src);
/* Sort every duration vector of a (windows known), with up to n_threads threads taking the
 * next vector, largest first; report_build then finds them sorted. */
void agg_sort(struct aggregate *a, size_t n_threads);
void agg_free(struct aggregate *a);
/* --max-groups (a grouped aggregate, windows known, after the last merge): when more
 * than k groups have a record, keep the k with the most records in both windows (ties:
 * the key's bytes, ascending) and move the others' records into their operation's
 * "(other)" group. Returns how many groups were merged so. */
size_t agg_cap_groups(struct aggregate *a, size_t k);

/* With --op: every operation name of the input (in or out of the windows) is interned in
 * a->ops, so that load.c can name the patterns that match no operation at all. Without
 * --op, a->ops holds only the operations of the windows. */

/* The slowest entries in order (slowest first) into out[0..a->n_slow); the sessions are
 * borrowed from the aggregate. */
void agg_slowest_sorted(const struct aggregate *a, struct slow_item *out);

#endif
