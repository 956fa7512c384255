/* load.c - the one loader (load.h): window, --now latest, -j, --op, scanning into an
 * aggregate or a command's own sink, and the notes about what was not found. */
#include "load.h"

#include <stdlib.h>
#include <string.h>

#include "group.h"
#include "names.h"
#include "timeutil.h"
#include "utf8.h"
#include "xalloc.h"

/* Quoted user text in messages is cut to this many bytes. */
#define LOAD_QUOTE_MAX 64
/* Suggest an operation name for an --op pattern only this close (Levenshtein). */
#define LOAD_SUGGEST_DIST 3
/* An operation name this long or shorter is matched from the stack. */
#define LOAD_NAME_MAX 256

/* Add one record to the aggregate a: straight in without --by and --explain. */
static void
load_add_record(void *ctx, const struct record *r, struct record_parser *p)
{
	struct aggregate *a = ctx;

	/* Without --by and --explain, straight in: the common case costs what it did. */
	if (a->n_by == 0 && a->explain == NULL)
		agg_add(a, r);
	else
		agg_add_parsed(a, r, p);
}

/* load_sink parts for an aggregate: one aggregate per thread over the same windows,
 * merged into the first in thread order (statistics come from sorted values, so the
 * result is the same for every -j). */
static void *
load_agg_part(void *ctx)
{
	struct aggregate *agg = ctx, *part = xmalloc(sizeof(*part));

	if (agg->windows_known)
		agg_init_fixed(part, agg->o, &agg->w);
	else
		agg_init_moving(part, agg->o, agg->span);
	return part;
}

/* Merge a thread's aggregate into the whole and free it. */
static void
load_agg_join(void *ctx, void *part)
{
	agg_merge(ctx, part);
	agg_free(part);
	free(part);
}

/* --op in front of a sink (load_sink.select_ops): the same rule as the aggregate's. */
struct load_filter {
	const struct options *o;
	scan_fn add;
	scan_batch_fn batch_done;
	void *ctx;
};

/* Pass r on when --op selects its operation. */
static void
load_filter_add(void *ctx, const struct record *r, struct record_parser *p)
{
	struct load_filter *f = ctx;

	if (load_op_selected(f->o, r->op, r->op_len))
		f->add(f->ctx, r, p);
}

/* A batch is done: tell the part behind the filter. */
static void
load_filter_batch(void *ctx, bool keep)
{
	struct load_filter *f = ctx;

	f->batch_done(f->ctx, keep);
}

bool
load_op_selected(const struct options *o, const char *name, size_t len)
{
	char buf[LOAD_NAME_MAX + 1], *s;
	bool m = false;

	if (o->n_ops == 0)
		return true;
	s = len <= LOAD_NAME_MAX ? buf : xmalloc(len + 1);
	memcpy(s, name, len);
	s[len] = '\0';
	for (size_t i = 0; i < o->n_ops && !m; i++)
		m = names_match(o->ops[i], s);
	if (s != buf)
		free(s);
	return m;
}

int
load_scan(const struct options *o, const struct load_sink *s, struct input_counts *in,
    struct malformed_tally *t)
{
	size_t n = s->part_new != NULL ? scan_jobs(o) : 1;
	bool filter = s->select_ops && o->n_ops > 0;
	struct load_filter *f;
	scan_fn add;
	void **part, **ctx;
	int rc;

	if (n <= 1) {
		struct load_filter one = {o, s->add, NULL, s->ctx};

		return filter ? scan_inputs(o, load_filter_add, &one, in, t) :
		    scan_inputs(o, s->add, s->ctx, in, t);
	}
	add = s->part_add != NULL ? s->part_add : s->add;
	part = xcalloc(n, sizeof(*part));
	ctx = xcalloc(n, sizeof(*ctx));
	f = xcalloc(n, sizeof(*f));
	for (size_t i = 0; i < n; i++) {
		part[i] = s->part_new(s->ctx);
		f[i] = (struct load_filter){o, add, s->batch_done, part[i]};
		ctx[i] = filter ? (void *)&f[i] : part[i];
	}
	if (filter)
		rc = scan_inputs_mt(o, n, load_filter_add, ctx,
		    s->batch_done != NULL ? load_filter_batch : NULL, in, t);
	else
		rc = scan_inputs_mt(o, n, add, ctx, s->batch_done, in, t);
	for (size_t i = 0; i < n; i++)
		s->part_join(s->ctx, part[i]);
	free(f);
	free(ctx);
	free(part);
	return rc;
}

/* Colour only for Markdown and the terminal view on a terminal, unless forced; NO_COLOR
 * and TERM=dumb turn "auto" off. */
bool
load_use_color(const struct options *o)
{
	if ((o->format != FMT_MD && o->format != FMT_TERM) || o->color == COLOR_NEVER)
		return false;
	if (o->color == COLOR_ALWAYS)
		return true;
	return o->output == NULL && o->stdout_tty && !o->no_color && !o->term_dumb;
}

/* True when the window moves with the newest record (--now latest and a window ending at
 * now). */
bool
load_window_moves(const struct options *o)
{
	/* WINDOW_INPUT: the first record is its start unless --since. */
	if (o->window == WINDOW_INPUT)
		return !o->since_set || (o->now_mode == NOW_LATEST && !o->until_set);
	return o->now_mode == NOW_LATEST && !(o->window == WINDOW_SINCE && o->until_set);
}

void
load_window(const struct options *o, struct windows *w)
{
	window_resolve(o, window_now(o, false, 0), w);
}

void
load_window_settle(const struct options *o, const struct input_counts *in,
    struct windows *w)
{
	if (!in->has_span && o->now_mode == NOW_LATEST)
		diag_note("no valid record in the input: --now latest falls back to the current time");
	window_resolve(o, window_now(o, in->has_span, in->last_ts), w);
	if (o->window == WINDOW_INPUT && !o->since_set)
		window_start_at(o, in->has_span ? in->first_ts : w->end - US_PER_DAY, w);
}

/* Length of previous + current window for pruning a moving aggregate; 0 keeps everything. */
static int64_t
load_moving_span(const struct options *o)
{
	struct windows w;

	if (o->window == WINDOW_SINCE || o->window == WINDOW_INPUT)
		return 0;
	window_resolve(o, 0, &w);
	if (!w.bounded_below || !w.bounded_above)
		return 0;
	return w.end - w.prev_start;
}

/* "2026-11-01" when t is a midnight (UTC), else "2026-11-01 13:28:00Z" (TU_BUFSZ). */
static void
load_format_time(int64_t t, char *buf)
{
	if (tu_floor_day(t) == t)
		tu_format_date(t, buf);
	else
		tu_format_human(t, buf);
}

void
load_note_no_data(const struct options *o, const char *side, int64_t start, int64_t end,
    const struct input_counts *in)
{
	char a[TU_BUFSZ], z[TU_BUFSZ], f[TU_BUFSZ], l[TU_BUFSZ], w[3 * TU_BUFSZ];
	const char *what = o->n_ops > 0 ? "no record of the selected operations (--op)" :
	    "no record";

	if (side != NULL) {
		char *q = utf8_escape_cut(side, strlen(side), LOAD_QUOTE_MAX);

		if (!in->has_span)
			diag_note("CURRENT %s holds no valid record", q);
		else
			diag_note("CURRENT %s: %s in the window compared", q, what);
		free(q);
		return;
	}
	if (start == INT64_MIN && end == INT64_MAX)
		snprintf(w, sizeof(w), "in the input");
	else {
		load_format_time(start, a);
		load_format_time(end, z);
		snprintf(w, sizeof(w), "in the window %s \xe2\x80\x93 %s", a, z);
	}
	if (!in->has_span) {
		diag_note("%s %s; the input holds no valid record", what, w);
		return;
	}
	tu_format_date(in->first_ts, f);
	tu_format_date(in->last_ts, l);
	diag_note("%s %s; the input covers %s \xe2\x80\x93 %s", what, w, f, l);
}

/* True when pattern matches an operation interned in agg. */
static bool
load_pattern_seen(const char *pattern, const struct aggregate *agg)
{
	for (uint32_t id = 0; id < agg->ops.count; id++) {
		char *name = group_op_name(agg->by_keys, agg->n_by, intern_str(&agg->ops, id),
		    intern_len(&agg->ops, id));
		bool m = name != NULL && names_match(pattern, name);

		free(name);
		if (m)
			return true;
	}
	return false;
}

void
load_warn_unmatched(const struct options *o, const struct aggregate *const *aggs, size_t n)
{
	for (size_t i = 0; i < o->n_ops; i++) {
		const char *near = NULL;
		char *q, *qn;
		size_t k;

		for (k = 0; k < n; k++)
			if (load_pattern_seen(o->ops[i], aggs[k]))
				break;
		if (k < n)
			continue;
		for (k = 0; k < n && near == NULL && !o->grouped; k++)
			near = names_nearest(o->ops[i], (const char *const *)aggs[k]->ops.strs,
			    aggs[k]->ops.count, LOAD_SUGGEST_DIST);
		q = utf8_escape_cut(o->ops[i], strlen(o->ops[i]), LOAD_QUOTE_MAX);
		if (near == NULL) {
			diag_note("--op '%s' matches no operation in the input", q);
		} else {
			qn = utf8_escape_cut(near, strlen(near), LOAD_QUOTE_MAX);
			diag_note("--op '%s' matches no operation; did you mean '%s'?", q, qn);
			free(qn);
		}
		free(q);
	}
}

int
load_report(const struct options *o, struct load_data *d)
{
	struct load_sink sink = {.add = load_add_record, .ctx = &d->agg,
	    .part_new = load_agg_part, .part_join = load_agg_join};

	memset(d, 0, sizeof(*d));
	if (load_window_moves(o))
		agg_init_moving(&d->agg, o, load_moving_span(o));
	else {
		load_window(o, &d->w);
		agg_init_fixed(&d->agg, o, &d->w);
	}
	if (load_scan(o, &sink, &d->in, &d->tally) < 0)
		return -1;
	if (load_window_moves(o)) {
		load_window_settle(o, &d->in, &d->w);
		agg_finish(&d->agg, &d->w);
	}
	if (d->in.records > 0 && d->in.timeless == d->in.records && d->w.bounded_below) {
		/* SPEC section 16: timeless records fit no window of time. */
		diag_error("%s%s: the input has no times (its %llu record%s came with a null "
		    "timestamp, from --jq or a format); a window of time holds none of them: "
		    "read them with compare, which reads logs whole, or export", d->in.files[0],
		    d->in.n_files > 1 ? " and the other inputs" : "",
		    (unsigned long long)d->in.records, d->in.records == 1 ? "" : "s");
		return -1;
	}
	if (d->w.end <= d->w.start) {
		char a[TU_BUFSZ], z[TU_BUFSZ];

		tu_format_ms(d->w.start, a);
		tu_format_ms(d->w.end, z);
		diag_error("--since (%s) is not earlier than the end of the window (%s); "
		    "give --until or an earlier --since", a, z);
		return -1;
	}
	if (o->grouped) {
		/* --max-groups (SPEC section 14), on the merged counts. */
		size_t merged = agg_cap_groups(&d->agg, (size_t)o->max_groups);

		if (merged > 0)
			diag_note("--max-groups %ld: %zu more groups merged into (other), "
			    "the rarest by records in both windows", o->max_groups, merged);
		if (d->agg.spilled > 0)
			diag_note("--max-groups %ld: past %zu groups per thread, %llu records of "
			    "new groups went to (other) while reading (which groups those are "
			    "depends on the order of the input and on -j)", o->max_groups,
			    d->agg.read_cap, (unsigned long long)d->agg.spilled);
	}
	/* The sorting the statistics need, on every thread -j allows. */
	agg_sort(&d->agg, scan_jobs(o));
	d->r = report_build(&d->agg, &d->w, o, &d->in);
	return 0;
}

void
load_data_free(struct load_data *d)
{
	report_free(d->r);
	tally_free(&d->tally);
	scan_counts_free(&d->in);
	agg_free(&d->agg);
	memset(d, 0, sizeof(*d));
}

