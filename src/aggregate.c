/* aggregate.c - collecting observations with a bounded keep policy. */
#include "aggregate.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define AGG_MIN_PRUNE ((size_t)1 << 20)

static void
agg_init(struct aggregate *a)
{
	memset(a, 0, sizeof(*a));
	intern_init(&a->ops);
	intern_init(&a->sessions);
	a->prune_at = AGG_MIN_PRUNE;
}

void
agg_init_fixed(struct aggregate *a, int64_t keep_from, int64_t keep_until)
{
	agg_init(a);
	a->keep_from = keep_from;
	a->keep_until = keep_until;
}

void
agg_init_moving(struct aggregate *a, int64_t span)
{
	agg_init(a);
	a->moving = true;
	a->span = span;
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

void
agg_add(struct aggregate *a, const struct record *r)
{
	struct obs *o;

	if (a->moving) {
		if (!a->have_newest || r->ts_us > a->newest) {
			a->newest = r->ts_us;
			a->have_newest = true;
		}
		if (a->span > 0 && r->ts_us < a->newest + 1 - a->span)
			return;
	} else if (r->ts_us < a->keep_from || r->ts_us >= a->keep_until)
		return;
	if (a->moving && a->span > 0 && a->n >= a->prune_at)
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

void
agg_free(struct aggregate *a)
{
	intern_free(&a->ops);
	intern_free(&a->sessions);
	free(a->v);
	memset(a, 0, sizeof(*a));
}
