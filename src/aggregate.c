/* aggregate.c - accumulating durations per operation, window and bucket. */
#include "aggregate.h"

#include <stdlib.h>
#include <string.h>

#include "group.h"
#include "names.h"
#include "pool.h"
#include "stats.h"
#include "timeutil.h"
#include "xalloc.h"

#define AGG_MIN_PRUNE ((size_t)1 << 20)

/* Make room for one more value in d: the growth, kept out of dvec_push's line. */
static void
dvec_grow(struct dvec *d)
{
	/* Start small: with many operations, most have few records. */
	d->cap = d->cap ? d->cap * 2 : 4;
	d->v = xreallocarray(d->v, d->cap, sizeof(double));
}

/* Append x to d (inlined into the per-record path; growth is a call). */
static PR_INLINE void
dvec_push(struct dvec *d, double x)
{
	if (d->n == d->cap)
		dvec_grow(d);
	d->v[d->n++] = x;
	d->sorted = false;
}

static void
dvec_append(struct dvec *d, const struct dvec *s)
{
	if (s->n == 0)
		return;
	xgrow(&d->v, &d->cap, d->n + s->n, sizeof(double));
	memcpy(d->v + d->n, s->v, s->n * sizeof(double));
	d->n += s->n;
	d->sorted = false;
}

void
dvec_sort(struct dvec *d)
{
	if (!d->sorted)
		stats_sort(d->v, d->n);
	d->sorted = true;
}

static int64_t
agg_month_number(int64_t ts)
{
	int64_t y;
	unsigned m, d;

	tu_civil_from_days(tu_floor_day(ts) / US_PER_DAY, &y, &m, &d);
	return y * 12 + (int64_t)m - 1;
}

static size_t
agg_bucket_index(const struct aggregate *a, int64_t ts)
{
	switch (a->w.bucket) {
	case BUCKET_MONTH:
		return (size_t)(agg_month_number(ts) - agg_month_number(a->first_bucket));
	case BUCKET_WEEK:
		return (size_t)((ts - a->first_bucket) / (7 * US_PER_DAY));
	case BUCKET_HOUR:
		return (size_t)((ts - a->first_bucket) / WINDOW_US_PER_HOUR);
	case BUCKET_DAY:
	case BUCKET_AUTO:
		break;
	}
	return (size_t)((ts - a->first_bucket) / US_PER_DAY);
}

/* The windows are known: the buckets of the current window and the days kept over both
 * (o->wants_days; none for an --explain aggregate, unbounded windows or a span longer
 * than AGG_MAX_DAYS). */
static void
agg_set_windows(struct aggregate *a, const struct windows *w)
{
	int64_t from = w->prev_start < w->start ? w->prev_start : w->start;

	a->w = *w;
	a->windows_known = true;
	if (a->buckets && w->end > w->start) {
		a->first_bucket = window_bucket_start(w->bucket, w->start);
		a->n_buckets = agg_bucket_index(a, w->end - 1) + 1;
	}
	/* In doubles: an open window spans the whole int64_t range. */
	if (a->o->wants_days && !a->is_explain && w->bounded_below && w->bounded_above &&
	    w->end > from && ((double)w->end - (double)from) / US_PER_DAY <= AGG_MAX_DAYS) {
		a->day0 = tu_floor_day(from);
		a->n_days = (size_t)((w->end - a->day0 + US_PER_DAY - 1) / US_PER_DAY);
	}
}

/* The part of every init: o's grouping, slowest list and buckets. */
static void
agg_init(struct aggregate *a, const struct options *o)
{
	memset(a, 0, sizeof(*a));
	a->o = o;
	for (size_t i = 0; i < o->n_by; i++)
		a->by_keys[i] = o->by_keys[i];
	a->n_by = o->n_by;
	a->top = o->top > 0 ? (size_t)o->top : 0;
	a->buckets = o->wants_buckets;
	intern_init(&a->ops);
	intern_init(&a->sessions);
	a->prune_at = AGG_MIN_PRUNE;
	if (a->n_by > 0)
		a->read_cap = AGG_READ_CAP(o->max_groups);
}

/* a's --explain aggregate, made like a (agg_init done): grouped by a's keys
 * (operation_type without --by) and the --explain KEY; no slowest list, no buckets (only
 * the two windows are compared), no --explain of its own. */
static struct aggregate *
agg_explain_new(const struct aggregate *a)
{
	static char op_key[] = "operation_type";
	struct aggregate *x = xmalloc(sizeof(*x));

	agg_init(x, a->o);
	if (a->n_by == 0)
		x->by_keys[x->n_by++] = op_key;
	x->by_keys[x->n_by++] = a->o->explain;
	x->top = 0;
	x->buckets = false;
	x->read_cap = AGG_READ_CAP(a->o->max_groups);
	x->is_explain = true;
	return x;
}

void
agg_init_fixed(struct aggregate *a, const struct options *o, const struct windows *w)
{
	agg_init(a, o);
	agg_set_windows(a, w);
	if (o->explain != NULL) {
		a->explain = agg_explain_new(a);
		agg_set_windows(a->explain, w);
	}
}

void
agg_init_moving(struct aggregate *a, const struct options *o, int64_t span)
{
	agg_init(a, o);
	a->span = span;
	if (o->explain != NULL) {
		a->explain = agg_explain_new(a);
		a->explain->span = span;
	}
}

/* agg_acc's first sight of op: the accumulator created and its --op selection decided. */
static struct op_acc *
agg_acc_new(struct aggregate *a, uint32_t op)
{
	struct op_acc *acc;

	if (op >= a->acc_cap) {
		size_t old = a->acc_cap;
		xgrow(&a->acc, &a->acc_cap, (size_t)op + 1, sizeof(*a->acc));
		memset(a->acc + old, 0, (a->acc_cap - old) * sizeof(*a->acc));
		for (size_t i = old; i < a->acc_cap; i++)
			a->acc[i].selected = -1;
	}
	acc = &a->acc[op];
	if (acc->selected < 0) {
		const struct options *o = a->o;
		char *name = o->n_ops == 0 ? NULL : group_op_name(a->by_keys, a->n_by,
		    intern_str(&a->ops, op), intern_len(&a->ops, op));

		acc->selected = o->n_ops == 0;
		for (size_t i = 0; i < o->n_ops && !acc->selected && name != NULL; i++)
			acc->selected = names_match(o->ops[i], name);
		free(name);
		if (a->buckets && acc->selected) {
			acc->n_bucket = a->n_buckets;
			acc->bucket = xcalloc(a->n_buckets + 1, sizeof(*acc->bucket));
			acc->bucket_success = xcalloc(a->n_buckets + 1, sizeof(uint64_t));
		}
	}
	return acc;
}

/* Accumulator of operation id op, created (and its --op selection decided) on first use;
 * an accumulator already decided is found inline. */
static PR_INLINE struct op_acc *
agg_acc(struct aggregate *a, uint32_t op)
{
	if (op < a->acc_cap && a->acc[op].selected >= 0)
		return &a->acc[op];
	return agg_acc_new(a, op);
}

static int
agg_str_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static bool
agg_slow_before(const struct aggregate *a, const struct slow_item *x, const struct slow_item *y)
{
	int c;

	if (x->duration_ms > y->duration_ms)
		return true;
	if (x->duration_ms < y->duration_ms)
		return false;
	if (x->ts_us != y->ts_us)
		return x->ts_us < y->ts_us;
	c = strcmp(intern_str(&a->ops, x->op), intern_str(&a->ops, y->op));
	if (c != 0)
		return c < 0;
	return agg_str_cmp(x->session, y->session) < 0;
}

static void
agg_slow_swap(struct slow_item *h, size_t i, size_t j)
{
	struct slow_item t = h[i];

	h[i] = h[j];
	h[j] = t;
}

/* Restore the heap h[0..n) below i (the least slow entry at the root). */
static void
agg_heap_down(const struct aggregate *a, struct slow_item *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && agg_slow_before(a, &h[m], &h[l]))
			m = l;
		if (r < n && agg_slow_before(a, &h[m], &h[r]))
			m = r;
		if (m == i)
			return;
		agg_slow_swap(h, i, m);
		i = m;
	}
}

static void
agg_slow_down(const struct aggregate *a, size_t i)
{
	agg_heap_down(a, a->slow, a->n_slow, i);
}

void
agg_slowest_sorted(const struct aggregate *a, struct slow_item *out)
{
	size_t n = a->n_slow;

	if (n == 0)
		return;
	memcpy(out, a->slow, n * sizeof(*out));
	/* Heap sort: the root is the least slow; move it behind the shrinking heap. */
	while (n > 1) {
		agg_slow_swap(out, 0, --n);
		agg_heap_down(a, out, n, 0);
	}
}

/* Offer an entry to the bounded slowest heap (the session is copied only when kept). */
static void
agg_slow_offer(struct aggregate *a, double dur, int64_t ts, uint32_t op, const char *sess,
    size_t sess_len)
{
	struct slow_item it = {dur, ts, op, NULL};
	size_t k = a->top;

	if (k == 0)
		return;
	if (a->n_slow == k) {
		/* Compare with the root first; copy the session only for a real candidate. */
		if (dur < a->slow[0].duration_ms)
			return;
		it.session = sess ? xstrndup(sess, sess_len) : NULL;
		if (!agg_slow_before(a, &it, &a->slow[0])) {
			free(it.session);
			return;
		}
		free(a->slow[0].session);
		a->slow[0] = it;
		agg_slow_down(a, 0);
		return;
	}
	it.session = sess ? xstrndup(sess, sess_len) : NULL;
	xgrow(&a->slow, &a->slow_cap, a->n_slow + 1, sizeof(*a->slow));
	a->slow[a->n_slow] = it;
	for (size_t i = a->n_slow++; i > 0;) {
		size_t p = (i - 1) / 2;
		if (!agg_slow_before(a, &a->slow[p], &a->slow[i]))
			break;
		agg_slow_swap(a->slow, i, p);
		i = p;
	}
}

/* Add count records of duration sum to day of acc's days kept, in its place (ascending);
 * returns the day's index. Empties acc's cached day (an insertion moves the days). */
static size_t
agg_day_put(struct op_acc *acc, uint32_t day, uint64_t count, double sum)
{
	size_t lo = 0, hi = acc->n_days;

	acc->day_lo = acc->day_hi = 0;
	if (hi > 0 && acc->days[hi - 1].day < day)
		lo = hi;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (acc->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < acc->n_days && acc->days[lo].day == day) {
		acc->days[lo].count += count;
		acc->days[lo].sum += sum;
		return lo;
	}
	xgrow(&acc->days, &acc->days_cap, acc->n_days + 1, sizeof(*acc->days));
	memmove(&acc->days[lo + 1], &acc->days[lo], (acc->n_days - lo) * sizeof(*acc->days));
	acc->days[lo] = (struct day_acc){day, count, sum};
	acc->n_days++;
	return lo;
}

/* A record at ts (in [prev_start, end), so at or after day0) of a day other than acc's
 * cached one: add it to its day and cache that day. Kept out of agg_account's line: a
 * log in time order comes here once a day per operation. */
static PR_COLD void
agg_day_add(const struct aggregate *a, struct op_acc *acc, int64_t ts, double dur)
{
	uint32_t day = (uint32_t)((ts - a->day0) / US_PER_DAY);
	size_t i = agg_day_put(acc, day, 1, dur);

	acc->day_cur = i;
	acc->day_lo = a->day0 + (int64_t)day * US_PER_DAY;
	acc->day_hi = acc->day_lo + US_PER_DAY;
}

/* Account one record whose windows are known (inlined into the per-record paths). */
static PR_INLINE void
agg_account(struct aggregate *a, int64_t ts, double dur, bool ok, uint32_t op, const char *sess,
    size_t sess_len)
{
	struct op_acc *acc;
	int win;

	if (window_contains(a->w.start, a->w.end, ts))
		win = 0;
	else if (window_contains(a->w.prev_start, a->w.prev_end, ts))
		win = 1;
	else
		return;
	a->in_windows++;
	acc = agg_acc(a, op);
	if (!acc->selected)
		return;
	acc->success[win] += ok;
	if (a->n_days > 0) {
		/* Records mostly come in time order: their day is the one cached. */
		if (ts >= acc->day_lo && ts < acc->day_hi) {
			struct day_acc *d = &acc->days[acc->day_cur];

			d->count++;
			d->sum += dur;
		} else
			agg_day_add(a, acc, ts, dur);
	}
	if (win == 1 || !a->buckets)
		dvec_push(&acc->win[win], dur);
	else {
		size_t b = agg_bucket_index(a, ts);
		dvec_push(&acc->bucket[b], dur);
		acc->bucket_success[b] += ok;
	}
	/* agg_slow_offer's first tests, inline: most records are not among the slowest. */
	if (win == 0 && a->top > 0 && !(a->n_slow == a->top && dur < a->slow[0].duration_ms))
		agg_slow_offer(a, dur, ts, op, sess, sess_len);
}

/* Drop observations that can no longer fall inside a window. */
static void
agg_prune(struct aggregate *a)
{
	int64_t cut = a->newest + 1 - a->span;
	size_t j = 0;

	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].ts_us >= cut)
			a->v[j++] = a->v[i];
	a->n = j;
	a->prune_at = j * 2 > AGG_MIN_PRUNE ? j * 2 : AGG_MIN_PRUNE;
}

/* Moving mode: keep r as an observation until the windows are known (inlined into
 * agg_add's paths, as it was before agg_add_op shared it). */
static PR_INLINE void
agg_keep(struct aggregate *a, const struct record *r)
{
	struct obs *o;

	if (r->timeless && a->span > 0)
		return; /* no time: outside a window that moves with the newest record */
	if (!r->timeless && (!a->have_newest || r->ts_us > a->newest)) {
		a->newest = r->ts_us;
		a->have_newest = true;
	}
	if (a->span > 0 && r->ts_us < a->newest + 1 - a->span) {
		if (a->o->n_ops > 0)
			(void)intern_get(&a->ops, r->op, r->op_len); /* agg_op_names */
		return;
	}
	if (a->span > 0 && a->n >= a->prune_at)
		agg_prune(a);
	xgrow(&a->v, &a->cap, a->n + 1, sizeof(*a->v));
	o = &a->v[a->n++];
	o->ts_us = r->ts_us;
	o->duration_ms = r->duration_ms;
	o->op = intern_get(&a->ops, r->op, r->op_len);
	if (!r->success)
		o->op |= OBS_FAILED;
	o->sess = r->session_id ? intern_get(&a->sessions, r->session_id, r->session_len) + 1 : 0;
}

/* agg_add's body, inlined into it and into agg_add_sink. */
static PR_INLINE void
agg_add_one(struct aggregate *a, const struct record *r)
{
	if (!a->windows_known) {
		agg_keep(a, r);
		return;
	}
	/* Cheap range test first: most records of a long log are outside both windows. */
	if (r->ts_us < a->w.prev_start || r->ts_us >= a->w.end) {
		if (a->o->n_ops > 0)
			(void)intern_get(&a->ops, r->op, r->op_len); /* agg_op_names */
		return;
	}
	agg_account(a, r->ts_us, r->duration_ms, r->success,
	    intern_get(&a->ops, r->op, r->op_len), r->session_id, r->session_len);
}

void
agg_add(struct aggregate *a, const struct record *r)
{
	agg_add_one(a, r);
}

void
agg_add_sink(void *ctx, const struct record *r, struct record_parser *p)
{
	(void)p;
	agg_add_one(ctx, r);
}

void
agg_add_op(struct aggregate *a, const struct record *r, uint32_t op)
{
	if (!a->windows_known) {
		agg_keep(a, r);
		return;
	}
	if (r->ts_us < a->w.prev_start || r->ts_us >= a->w.end)
		return;
	agg_account(a, r->ts_us, r->duration_ms, r->success, op, r->session_id, r->session_len);
}

void
agg_add_parsed(struct aggregate *a, const struct record *r, struct record_parser *p)
{
	struct record g;

	if (a->explain != NULL)
		agg_add_parsed(a->explain, r, p);
	if (a->n_by == 0) {
		agg_add(a, r);
		return;
	}
	/* --by: the group key stands in for the operation name (group.h). */
	group_key(&a->gkey, a->by_keys, a->n_by, r, p);
	if (a->read_cap > 0 && a->ops.count >= a->read_cap &&
	    intern_find(&a->ops, a->gkey.s, a->gkey.n) < 0) {
		/* --max-groups: a group past the cap goes to its operation's "(other)" (for
		   --explain, the value to its group's "(other)"). */
		group_key_spill(&a->gkey, a->by_keys, a->n_by, r, p,
		    a->is_explain ? a->n_by - 1 : 0);
		a->spilled++;
	}
	g = *r;
	g.op = a->gkey.s;
	g.op_len = a->gkey.n;
	agg_add(a, &g);
}

void
agg_finish(struct aggregate *a, const struct windows *w)
{
	if (a->explain != NULL)
		agg_finish(a->explain, w);
	if (a->windows_known)
		return;
	agg_set_windows(a, w);
	for (size_t i = 0; i < a->n; i++) {
		const struct obs *ob = &a->v[i];
		uint32_t op = ob->op & ~OBS_FAILED;
		const char *sess = ob->sess ? intern_str(&a->sessions, ob->sess - 1) : NULL;

		agg_account(a, ob->ts_us, ob->duration_ms, (ob->op & OBS_FAILED) == 0, op, sess,
		    sess ? intern_len(&a->sessions, ob->sess - 1) : 0);
	}
	free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
	intern_free(&a->sessions);
	intern_init(&a->sessions);
}

/* Add the days kept of s to d's (both counted from the same day 0). */
static void
agg_days_add(struct op_acc *d, const struct op_acc *s)
{
	for (size_t k = 0; k < s->n_days; k++)
		(void)agg_day_put(d, s->days[k].day, s->days[k].count, s->days[k].sum);
}

/* Moving mode: append src's observations, re-interning names. */
static void
agg_merge_obs(struct aggregate *dst, struct aggregate *src)
{
	xgrow(&dst->v, &dst->cap, dst->n + src->n, sizeof(*dst->v));
	for (size_t i = 0; i < src->n; i++) {
		struct obs ob = src->v[i];
		uint32_t op = ob.op & ~OBS_FAILED;

		ob.op = intern_get(&dst->ops, intern_str(&src->ops, op), intern_len(&src->ops, op)) |
		    (ob.op & OBS_FAILED);
		if (ob.sess)
			ob.sess = intern_get(&dst->sessions, intern_str(&src->sessions, ob.sess - 1),
			    intern_len(&src->sessions, ob.sess - 1)) + 1;
		dst->v[dst->n++] = ob;
	}
	if (src->have_newest && (!dst->have_newest || src->newest > dst->newest)) {
		dst->newest = src->newest;
		dst->have_newest = true;
	}
}

void
agg_merge(struct aggregate *dst, struct aggregate *src)
{
	if (dst->explain != NULL)
		agg_merge(dst->explain, src->explain);
	dst->spilled += src->spilled;
	/* With --op, every name seen anywhere, for the patterns that match nothing. */
	if (dst->o->n_ops > 0)
		for (uint32_t op = 0; op < src->ops.count; op++)
			(void)intern_get(&dst->ops, intern_str(&src->ops, op),
			    intern_len(&src->ops, op));
	if (!dst->windows_known) {
		agg_merge_obs(dst, src);
		return;
	}
	dst->in_windows += src->in_windows;
	for (uint32_t sop = 0; sop < src->ops.count && sop < src->acc_cap; sop++) {
		struct op_acc *s = &src->acc[sop], *d;
		uint32_t op;

		if (s->selected < 0)
			continue;
		op = intern_get(&dst->ops, intern_str(&src->ops, sop), intern_len(&src->ops, sop));
		d = agg_acc(dst, op);
		if (!d->selected)
			continue;
		for (int win = 0; win < 2; win++) {
			dvec_append(&d->win[win], &s->win[win]);
			d->success[win] += s->success[win];
		}
		for (size_t b = 0; b < s->n_bucket; b++) {
			dvec_append(&d->bucket[b], &s->bucket[b]);
			d->bucket_success[b] += s->bucket_success[b];
		}
		agg_days_add(d, s);
	}
	for (size_t i = 0; i < src->n_slow; i++) {
		struct slow_item *it = &src->slow[i];
		const char *name = intern_str(&src->ops, it->op);
		uint32_t op = intern_get(&dst->ops, name, strlen(name));

		agg_slow_offer(dst, it->duration_ms, it->ts_us, op, it->session,
		    it->session ? strlen(it->session) : 0);
	}
}

/* pool_for: sort vector i of ctx (the vectors, largest first). */
static void
agg_sort_one(void *ctx, size_t i)
{
	dvec_sort(((struct dvec **)ctx)[i]);
}

static int
agg_sort_larger_first(const void *pa, const void *pb)
{
	const struct dvec *a = *(struct dvec *const *)pa, *b = *(struct dvec *const *)pb;

	return a->n < b->n ? 1 : a->n > b->n ? -1 : 0;
}

void
agg_sort(struct aggregate *a, size_t n_threads)
{
	struct dvec **d = NULL;
	size_t n = 0, cap = 0;

	if (a->explain != NULL)
		agg_sort(a->explain, n_threads);

	for (size_t op = 0; op < a->acc_cap; op++) {
		struct op_acc *acc = &a->acc[op];

		xgrow(&d, &cap, n + 2 + acc->n_bucket, sizeof(*d));
		for (int w = 0; w < 2; w++)
			if (acc->win[w].n > 1 && !acc->win[w].sorted)
				d[n++] = &acc->win[w];
		for (size_t k = 0; k < acc->n_bucket; k++)
			if (acc->bucket[k].n > 1 && !acc->bucket[k].sorted)
				d[n++] = &acc->bucket[k];
	}
	if (n > 0) {
		qsort(d, n, sizeof(*d), agg_sort_larger_first);
		pool_for(n, n_threads, agg_sort_one, d);
	}
	free(d);
}

void
agg_free(struct aggregate *a)
{
	for (size_t i = 0; i < a->acc_cap; i++) {
		struct op_acc *acc = &a->acc[i];
		free(acc->win[0].v);
		free(acc->win[1].v);
		for (size_t b = 0; b < acc->n_bucket; b++)
			free(acc->bucket[b].v);
		free(acc->bucket);
		free(acc->bucket_success);
		free(acc->days);
		if (acc->sum != NULL) {
			summary_line_release(&acc->sum[0]);
			summary_line_release(&acc->sum[1]);
			free(acc->sum);
		}
		for (size_t b = 0; acc->sum_bucket != NULL && b < acc->n_bucket; b++)
			summary_line_release(&acc->sum_bucket[b]);
		free(acc->sum_bucket);
	}
	free(a->acc);
	for (size_t i = 0; i < a->n_slow; i++)
		free(a->slow[i].session);
	free(a->slow);
	intern_free(&a->ops);
	intern_free(&a->sessions);
	group_buf_free(&a->gkey);
	if (a->explain != NULL) {
		agg_free(a->explain);
		free(a->explain);
	}
	free(a->v);
	memset(a, 0, sizeof(*a));
}

/* One summary line into its operation's merged line of window win (aggregate.h). */
int
agg_add_summary_line(struct aggregate *a, const char *key, size_t len, int win,
    const struct summary_line *l)
{
	uint32_t id = intern_get(&a->ops, key, len);
	struct op_acc *acc = agg_acc(a, id);

	if (acc->selected != 1)
		return 0;
	if (acc->sum == NULL) {
		acc->sum = xcalloc(2, sizeof(*acc->sum));
		for (int k = 0; k < 2; k++) {
			sketch_init_gamma(&acc->sum[k].sk, l->sk.gamma);
			acc->sum[k].sorted = true;
		}
		if (acc->n_bucket > 0) {
			acc->sum_bucket = xcalloc(acc->n_bucket, sizeof(*acc->sum_bucket));
			for (size_t k = 0; k < acc->n_bucket; k++) {
				sketch_init_gamma(&acc->sum_bucket[k].sk, l->sk.gamma);
				acc->sum_bucket[k].sorted = true;
			}
		}
	}
	a->in_windows += l->count;
	if (win == 0 && acc->sum_bucket != NULL) {
		size_t k = agg_bucket_index(a, l->bucket_start);

		if (k < acc->n_bucket && summary_line_absorb(&acc->sum_bucket[k], l) != 0)
			return -1;
	}
	return summary_line_absorb(&acc->sum[win], l) == 0 ? 0 : -1;
}

/* Records of group id in both windows. */
static uint64_t
agg_group_total(const struct aggregate *a, uint32_t id)
{
	const struct op_acc *acc = &a->acc[id];
	uint64_t n = acc->win[0].n + acc->win[1].n;

	for (size_t b = 0; b < acc->n_bucket; b++)
		n += acc->bucket[b].n;
	return n;
}

struct agg_rank {
	uint64_t n;
	const char *key;
	uint32_t id;
};

static int
agg_rank_cmp(const void *pa, const void *pb)
{
	const struct agg_rank *a = pa, *b = pb;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->key, b->key);
}

/* Whether key holds an "(other)" part (group.h: a part starting 0x03). */
static bool
agg_is_spill(const char *key, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (key[i] == 0x03 && (i == 0 || (i >= 2 && key[i - 1] == 0x01 &&
		    key[i - 2] == 0x01)))
			return true;
	}
	return false;
}

/* Move the records of accumulator s into d (same windows, buckets and days kept). */
static void
agg_acc_move(struct op_acc *d, struct op_acc *s)
{
	agg_days_add(d, s);
	s->n_days = 0;
	s->day_lo = s->day_hi = 0;
	for (int w = 0; w < 2; w++) {
		dvec_append(&d->win[w], &s->win[w]);
		d->success[w] += s->success[w];
		free(s->win[w].v);
		memset(&s->win[w], 0, sizeof(s->win[w]));
		s->success[w] = 0;
	}
	for (size_t b = 0; b < s->n_bucket && b < d->n_bucket; b++) {
		dvec_append(&d->bucket[b], &s->bucket[b]);
		d->bucket_success[b] += s->bucket_success[b];
		free(s->bucket[b].v);
		memset(&s->bucket[b], 0, sizeof(s->bucket[b]));
		s->bucket_success[b] = 0;
	}
}

size_t
agg_cap_groups(struct aggregate *a, size_t k)
{
	struct agg_rank *v;
	struct group_buf b = {0};
	size_t n = 0, merged = 0;
	int op_idx = group_op_index(a->by_keys, a->n_by);

	if (a->n_by == 0)
		return 0;
	v = xcalloc(a->ops.count + 1, sizeof(*v));
	for (uint32_t id = 0; id < a->ops.count && id < a->acc_cap; id++) {
		uint64_t t;

		if (a->acc[id].selected != 1 ||
		    agg_is_spill(intern_str(&a->ops, id), intern_len(&a->ops, id)))
			continue;
		if ((t = agg_group_total(a, id)) == 0)
			continue;
		v[n++] = (struct agg_rank){t, intern_str(&a->ops, id), id};
	}
	if (n > k) {
		qsort(v, n, sizeof(*v), agg_rank_cmp);
		for (size_t i = k; i < n; i++) {
			uint32_t id = v[i].id, sid;
			char *parts[MAX_BY] = {0};
			size_t np = group_decode(v[i].key, strlen(v[i].key), parts, MAX_BY);

			b.n = 0;
			for (size_t j = 0; j < np && j < MAX_BY; j++) {
				if ((int)j == op_idx)
					group_put(&b, parts[j], strlen(parts[j]));
				else
					group_put_other(&b);
				free(parts[j]);
			}
			/* agg_acc may move a->acc: take the pointers after it. */
			sid = intern_get(&a->ops, b.s, b.n);
			(void)agg_acc(a, sid);
			agg_acc_move(&a->acc[sid], &a->acc[id]);
			merged++;
		}
	}
	free(v);
	group_buf_free(&b);
	return merged;
}
