/* explain.c - contributions of one key's values to a slower group's change of average. */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

#include "group.h"
#include "stats.h"
#include "xalloc.h"

/* Larger |contribution| first (SPEC section 17: by absolute size), then the larger
 * signed contribution, then value (bytewise). */
static int
explain_cmp(const void *pa, const void *pb)
{
	const struct explain_entry *a = pa, *b = pb;
	double x = a->contribution_ms < 0 ? -a->contribution_ms : a->contribution_ms;
	double y = b->contribution_ms < 0 ? -b->contribution_ms : b->contribution_ms;

	if (x > y)
		return -1;
	if (x < y)
		return 1;
	if (a->contribution_ms > b->contribution_ms)
		return -1;
	if (a->contribution_ms < b->contribution_ms)
		return 1;
	return strcmp(a->value, b->value);
}

/* Split e's contribution into mix and latency (SPEC section 17) from its counts and
 * averages, with cur_n and prev_n the group's records in the two windows. */
static void
explain_split(struct explain_entry *e, double cur_n, double prev_n)
{
	double cs = e->has_cur_avg ? (double)e->cur_count / cur_n : 0;
	double ps = e->has_prev_avg ? (double)e->prev_count / prev_n : 0;

	if (e->has_cur_avg && e->has_prev_avg) {
		e->mix_ms = e->prev_avg_ms * (cs - ps);
		e->latency_ms = cs * (e->cur_avg_ms - e->prev_avg_ms);
	} else {
		/* on one side only: all mix */
		e->mix_ms = (e->has_cur_avg ? cs * e->cur_avg_ms : 0) -
		    (e->has_prev_avg ? ps * e->prev_avg_ms : 0);
		e->latency_ms = 0;
	}
}

/* The values of the group whose encoding is prefix[0..plen), for finding f of row. */
static void
explain_finding(struct finding *f, const struct op_row *row, const struct aggregate *ex,
    const char *prefix, size_t plen)
{
	size_t cap = 0;

	for (uint32_t id = 0; id < ex->ops.count && id < ex->acc_cap; id++) {
		const char *k = intern_str(&ex->ops, id);
		size_t len = intern_len(&ex->ops, id);
		struct op_acc *acc = &ex->acc[id];
		struct explain_entry *e;

		if (acc->selected != 1 || len <= plen || memcmp(k, prefix, plen) != 0)
			continue;
		if (acc->win[0].n == 0 && acc->win[1].n == 0)
			continue;
		xgrow(&f->explain, &cap, f->n_explain + 1, sizeof(*f->explain));
		e = &f->explain[f->n_explain++];
		memset(e, 0, sizeof(*e));
		if ((e->value = group_part(k + plen, len - plen, 0)) == NULL)
			abort(); /* made by group_key */
		e->cur_count = acc->win[0].n;
		e->prev_count = acc->win[1].n;
		if (e->cur_count > 0) {
			dvec_sort(&acc->win[0]);
			e->has_cur_avg = true;
			e->cur_avg_ms = stats_mean(acc->win[0].v, acc->win[0].n);
			e->contribution_ms += (double)e->cur_count * e->cur_avg_ms /
			    (double)row->count;
		}
		if (e->prev_count > 0) {
			dvec_sort(&acc->win[1]);
			e->has_prev_avg = true;
			e->prev_avg_ms = stats_mean(acc->win[1].v, acc->win[1].n);
			e->contribution_ms -= (double)e->prev_count * e->prev_avg_ms /
			    (double)row->prev_count;
		}
	}
	for (size_t i = 0; i < f->n_explain; i++)
		explain_split(&f->explain[i], (double)row->count, (double)row->prev_count);
	if (f->n_explain > 1)
		qsort(f->explain, f->n_explain, sizeof(*f->explain), explain_cmp);
}

/* At most max values: the max - 1 with the largest |contribution| are kept and the rest
 * merged into one "(other)" entry (counts and contributions summed, averages the
 * count-weighted means of theirs), so that the contributions still sum to the change. */
static void
explain_cap(struct finding *f, size_t max)
{
	struct explain_entry *o;
	double cur = 0, prev = 0;

	if (max == 0 || f->n_explain <= max)
		return;
	o = &f->explain[max - 1]; /* sorted by |contribution| already */
	for (size_t i = max - 1; i < f->n_explain; i++) {
		struct explain_entry *e = &f->explain[i];

		cur += e->has_cur_avg ? (double)e->cur_count * e->cur_avg_ms : 0;
		prev += e->has_prev_avg ? (double)e->prev_count * e->prev_avg_ms : 0;
		if (i > max - 1) {
			o->cur_count += e->cur_count;
			o->prev_count += e->prev_count;
			o->contribution_ms += e->contribution_ms;
			o->mix_ms += e->mix_ms;
			o->latency_ms += e->latency_ms;
		}
		free(e->value);
	}
	o->value = xstrdup(GROUP_OTHER);
	o->has_cur_avg = o->cur_count > 0;
	o->cur_avg_ms = o->has_cur_avg ? cur / (double)o->cur_count : 0;
	o->has_prev_avg = o->prev_count > 0;
	o->prev_avg_ms = o->has_prev_avg ? prev / (double)o->prev_count : 0;
	f->n_explain = max;
	qsort(f->explain, f->n_explain, sizeof(*f->explain), explain_cmp);
}

/* The sums of the finding's mix and latency parts. */
static void
explain_totals(struct finding *f)
{
	struct ksum mix, lat;

	ksum_init(&mix);
	ksum_init(&lat);
	for (size_t i = 0; i < f->n_explain; i++) {
		ksum_add(&mix, f->explain[i].mix_ms);
		ksum_add(&lat, f->explain[i].latency_ms);
	}
	f->explain_mix_ms = ksum_value(&mix);
	f->explain_latency_ms = ksum_value(&lat);
}

void
explain_fill(struct report *r, const struct aggregate *agg, const struct options *o)
{
	struct group_buf b = {0};

	if (o->explain == NULL || agg->explain == NULL)
		return;
	r->explain_key = xstrdup(o->explain);
	for (size_t i = 0; i < r->n_findings; i++) {
		struct finding *f = &r->findings[i];
		const struct op_row *row = &r->rows[f->row];

		if (f->flag != FLAG_SLOWER || row->prev_count == 0)
			continue;
		if (row->group_key != NULL)
			explain_finding(f, row, agg->explain, row->group_key,
			    strlen(row->group_key));
		else {
			b.n = 0;
			group_put(&b, row->operation, strlen(row->operation));
			explain_finding(f, row, agg->explain, b.s, b.n);
		}
		explain_cap(f, o->max_groups);
		explain_totals(f);
	}
	group_buf_free(&b);
}
