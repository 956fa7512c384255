/* load.c - the one loader (load.h): window, --now latest, -j, --op, scanning into an
 * aggregate or a command's own sink, and the notes about what was not found. */
#include "load.h"

#include <stdlib.h>
#include <string.h>

#include "group.h"
#include "names.h"
#include "pool.h"
#include "state.h"
#include "summary-input.h"
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

/* load_scan, with --state's offsets and counts in res (NULL: none); one_thread reads with
 * one thread whatever -j says (inputs read from an offset are numbered on sequentially). */
static int
load_scan_at(const struct options *o, const struct load_sink *s, struct input_counts *in,
    struct malformed_tally *t, struct scan_resume *res, bool one_thread)
{
	size_t n = s->part_new != NULL && !one_thread ? scan_jobs(o) : 1;
	bool filter = s->select_ops && o->n_ops > 0;
	struct load_filter *f;
	scan_fn add;
	void **part, **ctx;
	int rc;

	if (n <= 1) {
		struct load_filter one = {o, s->add, NULL, s->ctx};

		return filter ? scan_inputs_at(o, load_filter_add, &one, in, t, res) :
		    scan_inputs_at(o, s->add, s->ctx, in, t, res);
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
		rc = scan_inputs_mt_at(o, n, load_filter_add, ctx,
		    s->batch_done != NULL ? load_filter_batch : NULL, in, t, res);
	else
		rc = scan_inputs_mt_at(o, n, add, ctx, s->batch_done, in, t, res);
	for (size_t i = 0; i < n; i++)
		s->part_join(s->ctx, part[i]);
	free(f);
	free(ctx);
	free(part);
	return rc;
}

int
load_scan(const struct options *o, const struct load_sink *s, struct input_counts *in,
    struct malformed_tally *t)
{
	return load_scan_at(o, s, in, t, NULL, false);
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
load_refuse_summaries(const struct options *o)
{
	struct summary_input_files in;
	int rc = summary_input_split(o, &in);

	if (rc == 0 && in.n_sums > 0) {
		diag_error("%s is a summary: %s needs single records, which a summary does not "
		    "keep", in.sums[0], o->command_name);
		rc = -1;
	}
	summary_input_files_free(&in);
	return rc;
}

/* A window that ends after it starts; -1 after the message when not (--since past the
 * end). */
static int
load_window_check(const struct windows *w)
{
	char a[TU_BUFSZ], z[TU_BUFSZ];

	if (w->end > w->start)
		return 0;
	tu_format_ms(w->start, a);
	tu_format_ms(w->end, z);
	diag_error("--since (%s) is not earlier than the end of the window (%s); "
	    "give --until or an earlier --since", a, z);
	return -1;
}

/* summary_input_scan_fn: o's inputs through load_scan, --op applied. */
static int
load_scan_selected(const struct options *o, scan_fn add, void *ctx, struct input_counts *in,
    struct malformed_tally *t)
{
	struct load_sink sink = {.add = add, .ctx = ctx, .select_ops = true};

	return load_scan(o, &sink, in, t);
}

/* The input counts of a run over summaries (and logs bucketed with them): the names, the
 * lines, the records and the span of s's buckets (s's lines in any order). */
static void
load_summary_counts(const struct options *o, const struct summary_input_files *in,
    const struct summary *s, struct input_counts *c)
{
	char *deflt[1] = {(char *)o->default_input};
	char **files = o->n_files > 0 ? o->files : deflt;
	size_t n = o->n_files > 0 ? o->n_files : 1;

	for (size_t i = 0; i < c->n_files; i++)
		free(c->files[i]);
	free(c->files);
	c->files = xcalloc(n + 1, sizeof(char *));
	c->n_files = n;
	for (size_t i = 0; i < n; i++)
		c->files[i] = xstrdup(strcmp(files[i], "-") == 0 ? "<stdin>" : files[i]);
	c->lines += in->sum_lines;
	c->records = 0;
	c->has_span = s->n > 0;
	for (size_t i = 0; i < s->n; i++) { /* the lines in any order */
		const struct summary_line *l = &s->lines[i];
		int64_t last = summary_input_ceil(s->h.bucket, l->bucket_start + 1) - 1;

		c->records += l->count;
		if (i == 0 || l->bucket_start < c->first_ts)
			c->first_ts = l->bucket_start;
		if (i == 0 || last > c->last_ts)
			c->last_ts = last;
	}
}

/* The run over summaries (SPEC section 18): logs among them are bucketed and grouped as
 * the first summary is, everything merged into one summary, whose lines in the windows
 * (whole buckets) go to the aggregate. -1 after a message. */
static int
load_report_summaries(const struct options *o, struct summary_input_files *in,
    struct load_data *d)
{
	const struct summary_header *h = &in->first->h;
	struct summary s;
	bool moved = false;
	int rc = -1;

	if (o->explain != NULL) {
		diag_error("--explain needs single records, which a summary does not keep");
		return -1;
	}
	if (o->bucket == BUCKET_HOUR && h->bucket != SUMMARY_HOUR) {
		diag_error("--bucket hour needs hours, and %s holds whole %ss (summarize "
		    "--bucket hour keeps hours)", in->sums[0], summary_bucket_name(h->bucket));
		return -1;
	}
	/* Logs keep their values as far as a summary can: a report's percentiles are exact
	   where every line holds values. */
	summary_init(&s, h->bucket, h->accuracy, SUMMARY_EXACT_LIMIT_MAX, h->by, h->n_by,
	    h->unit);
	if (in->n_logs > 0) {
		for (size_t i = 0; i < h->n_by; i++)
			if (group_src_of(h->by[i]) == GROUP_EXTRA) {
				bool named = false;

				for (size_t k = 0; k < o->n_by && !named; k++)
					named = strcmp(o->by_keys[k], h->by[i]) == 0;
				if (!named) {
					diag_error("%s is grouped by %s: to read logs beside it, give "
					    "--by with that key", in->sums[0], h->by[i]);
					goto out;
				}
			}
		if (summary_input_logs(o, in, load_scan_selected, &s, &d->in, &d->tally) != 0)
			goto out;
	}
	if (summary_input_merge_all(o, in, in->n_logs > 0 ? "the logs" : in->sums[0], true,
	    &s) != 0)
		goto out;
	load_summary_counts(o, in, &s, &d->in);
	d->w = (struct windows){0};
	summary_input_windows(o, h->bucket, window_now(o, d->in.has_span, d->in.last_ts),
	    &d->w, &moved);
	if (o->window == WINDOW_INPUT && !o->since_set)
		window_start_at(o, d->in.has_span ? d->in.first_ts : d->w.end - US_PER_DAY, &d->w);
	if (!d->in.has_span && o->now_mode == NOW_LATEST)
		diag_note("no valid record in the input: --now latest falls back to the current time");
	if (moved) {
		char a[TU_BUFSZ], z[TU_BUFSZ];

		tu_format_human(d->w.start, a);
		tu_format_human(d->w.end, z);
		diag_note("the summaries hold whole %ss: the window is moved to their edges, "
		    "%s \xe2\x80\x93 %s", summary_bucket_name(h->bucket), a, z);
	}
	agg_init_fixed(&d->agg, o, &d->w);
	d->agg.top = 0;         /* no slowest list: no single records */
	d->agg.sum_accuracy = h->accuracy;
	if (summary_input_fill(&d->agg, &s, &d->w, o) != 0)
		goto out;
	rc = 0;
out:
	summary_free(&s);
	return rc;
}

/* The aggregate and, when they are fixed, the windows of *d (zeroed first). */
static void
load_report_init(const struct options *o, struct load_data *d)
{
	memset(d, 0, sizeof(*d));
	if (load_window_moves(o))
		agg_init_moving(&d->agg, o, load_moving_span(o));
	else {
		load_window(o, &d->w);
		agg_init_fixed(&d->agg, o, &d->w);
	}
}

static int load_report_finish(const struct options *o, struct load_data *d);

/* --state: one thread's aggregate and the compact records it keeps for the state file. */
struct load_state_part {
	struct aggregate *agg;
	struct state_recs recs;
};

/* Add one record to the aggregate and to the records kept. */
static void
load_state_add(void *ctx, const struct record *r, struct record_parser *p)
{
	struct load_state_part *sp = ctx;

	load_add_record(sp->agg, r, p);
	state_recs_add(&sp->recs, r);
}

/* A thread's part: its aggregate and records (load_sink.part_new). */
static void *
load_state_part_new(void *ctx)
{
	struct load_state_part *root = ctx, *sp = xmalloc(sizeof(*sp));

	sp->agg = load_agg_part(root->agg);
	state_recs_init(&sp->recs, root->recs.keep_from);
	if (root->recs.span > 0)
		state_recs_follow(&sp->recs, root->recs.span);
	return sp;
}

/* Merge a thread's part into the whole and free it. */
static void
load_state_part_join(void *ctx, void *part)
{
	struct load_state_part *root = ctx, *sp = part;

	load_agg_join(root->agg, sp->agg);
	state_recs_merge(&root->recs, &sp->recs);
	state_recs_free(&sp->recs);
	free(sp);
}

/* The earliest time the windows at w (or later ones: only a window of the last N days
 * moves with now alone) can reach; INT64_MIN: every record is kept. */
static int64_t
load_state_reach(const struct options *o, const struct windows *w)
{
	return o->window == WINDOW_LAST_DAYS && w->bounded_below ? w->prev_start : INT64_MIN;
}

/* The state to save after a run that read plan's inputs (res: where each ended) into d,
 * kept records recs (taken); old's records segment goes on (taken) when the run used it,
 * else the state written names the other slot. False when an input cannot be resumed
 * from (said). */
static bool
load_state_build(const struct options *o, const struct state_plan *plan,
    const struct scan_resume *res, struct load_data *d, struct state_recs *recs,
    struct state *old, bool used, struct state *st)
{
	int64_t reach = load_state_reach(o, &d->w);

	state_init(st);
	st->slot = old->slot;
	st->key = state_key(o);
	st->keep_from = reach;
	st->total = (struct state_counts){d->in.lines, d->in.records, d->in.malformed,
	    d->in.filtered, d->in.has_span, d->in.first_ts, d->in.last_ts};
	if (!d->in.has_span)
		st->total.first_ts = st->total.last_ts = 0;
	state_tally_copy(&st->tally, &d->tally);
	st->files = xcalloc(plan->n, sizeof(*st->files));
	for (size_t i = 0; i < plan->n; i++) {
		struct state_file *f = &st->files[st->n_files];

		if (plan->rotated[i])
			continue;
		if (!res[i].plain || !state_identify(plan->paths[i], res[i].offset, f)) {
			char *q = utf8_escape_cut(plan->paths[i], strlen(plan->paths[i]),
			    LOAD_QUOTE_MAX);

			diag_note("--state: %s %s: the state is not updated", q, res[i].document ?
			    "is a JSON document, which is read whole each time" :
			    "does not end with a newline (or changed while it was read)");
			free(q);
			state_free(st);
			return false;
		}
		f->c = (struct state_counts){res[i].lines, res[i].records, res[i].malformed,
		    res[i].filtered, false, 0, 0};
		st->n_files++;
	}
	state_recs_prune(recs, reach);
	state_recs_free(&st->recs);
	st->recs = *recs;
	memset(recs, 0, sizeof(*recs));
	if (used)
		state_seg_move(st, old);
	return true;
}

/* --state: the records earlier runs kept, replayed into the aggregate a slice each. */
struct load_replay {
	const struct state *old;
	struct aggregate **parts; /* per slice: the aggregate it is added to */
	size_t n_slices;
};

/* pool_for: add slice i of the records kept (no longer reached ones skipped) to its part:
 * those of the windows when they are known, else every one. */
static void
load_replay_slice(void *ctx, size_t i)
{
	struct load_replay *rp = ctx;
	const struct state *old = rp->old;
	struct aggregate *a = rp->parts[i];
	size_t from = old->n_seg * i / rp->n_slices, to = old->n_seg * (i + 1) / rp->n_slices;
	uint32_t *map = xmalloc((old->recs.ops.count + 1) * sizeof(*map));
	struct record r;

	for (size_t k = 0; k < old->recs.ops.count; k++)
		map[k] = UINT32_MAX; /* interned in the aggregate once it has a record */
	memset(&r, 0, sizeof(r));
	r.success_given = true;
	for (size_t k = from; k < to; k++) {
		const struct state_rec *kr = &old->seg[k];
		uint32_t op = kr->op & ~STATE_FAILED;

		if (kr->ts_us < old->keep_from)
			continue; /* no longer reached, still in the segment */
		if (!a->windows_known) {
			state_rec_get(&old->recs, kr, &r);
			agg_add(a, &r);
			continue;
		}
		if (kr->ts_us < a->w.prev_start || kr->ts_us >= a->w.end)
			continue;
		if (map[op] == UINT32_MAX)
			map[op] = intern_get(&a->ops, intern_str(&old->recs.ops, op),
			    intern_len(&old->recs.ops, op));
		r.ts_us = kr->ts_us;
		r.duration_ms = kr->duration_ms;
		r.success = (kr->op & STATE_FAILED) == 0;
		/* The session matters only to a record that may enter the slowest list: not
		   when the list is full and its least slow one (the heap's root) is slower. */
		r.session_id = NULL;
		r.session_len = 0;
		if (kr->sess != 0 && a->top > 0 &&
		    !(a->n_slow == a->top && kr->duration_ms < a->slow[0].duration_ms)) {
			r.session_id = intern_str(&old->recs.sessions, kr->sess - 1);
			r.session_len = intern_len(&old->recs.sessions, kr->sess - 1);
		}
		agg_add_op(a, &r, map[op]);
	}
	free(map);
}

/* The records old kept, added to agg: in slices on -j threads (each into an aggregate of
 * its own, merged into agg in order), or into agg itself on one. */
static void
load_state_replay(const struct options *o, const struct state *old, struct aggregate *agg)
{
	size_t n = scan_jobs(o);
	struct load_replay rp = {old, NULL, 0};

	if (n > 1 && old->n_seg < ((size_t)1 << 16))
		n = 1; /* too few to be worth a thread */
	rp.n_slices = n;
	rp.parts = xmalloc(n * sizeof(*rp.parts));
	rp.parts[0] = agg;
	for (size_t i = 1; i < n; i++)
		rp.parts[i] = load_agg_part(agg);
	pool_for(n, n, load_replay_slice, &rp);
	for (size_t i = 1; i < n; i++)
		load_agg_join(agg, rp.parts[i]);
	free(rp.parts);
}

/* load_report with --state FILE (SPEC section 18): read what the state says was not read
 * yet, add what it kept, and write it anew; fresh ignores the saved state. */
static int
load_report_state(const struct options *o, struct load_data *d, bool fresh)
{
	struct state old, neu;
	struct state_plan plan;
	struct scan_resume *res;
	struct options so = *o;
	struct load_state_part root;
	struct load_sink sink = {.add = load_state_add, .ctx = &root,
	    .part_new = load_state_part_new, .part_join = load_state_part_join};
	int have = state_load(o, &old), use, rc = -1, slot;
	struct malformed_tally merged;

	if (fresh) {
		/* Read whole, the state rewritten to the slot its manifest does not name. */
		slot = old.slot;
		state_free(&old);
		state_init(&old);
		old.slot = slot;
		have = 0;
	}
	load_report_init(o, d);
	root.agg = &d->agg;
	state_recs_init(&root.recs, d->agg.windows_known ? load_state_reach(o, &d->w) :
	    INT64_MIN);
	if (!d->agg.windows_known && o->window == WINDOW_LAST_DAYS && load_moving_span(o) > 0)
		state_recs_follow(&root.recs, load_moving_span(o));
	if (have == 1 && d->agg.windows_known && root.recs.keep_from < old.keep_from) {
		diag_note("--state: the windows reach back past the records kept (an earlier "
		    "--now): every input read whole");
		have = 0;
	}
	use = state_plan(o, &old, have, &plan);
	res = xcalloc(plan.n, sizeof(*res));
	for (size_t i = 0; i < plan.n; i++)
		res[i] = (struct scan_resume){plan.offset[i], plan.before[i].lines,
		    plan.before[i].records, plan.before[i].malformed, plan.before[i].filtered,
		    false, false};
	if (use == 1) {
		/* What earlier runs read, first: the order of a full run. */
		for (size_t i = 0; o->n_ops > 0 && i < old.recs.ops.count; i++)
			(void)intern_get(&d->agg.ops, intern_str(&old.recs.ops, (uint32_t)i),
			    intern_len(&old.recs.ops, (uint32_t)i));
		load_state_replay(o, &old, &d->agg);
		/* The records kept go on as they are; this run's are added to them. */
		old.recs.keep_from = root.recs.keep_from;
		old.recs.span = root.recs.span;
		old.recs.prune_at = root.recs.prune_at;
		state_recs_free(&root.recs);
		root.recs = old.recs;
		state_recs_init(&old.recs, INT64_MIN);
	}
	so.files = plan.paths;
	so.n_files = plan.n;
	if (load_scan_at(&so, &sink, &d->in, &d->tally, res, plan.incremental) < 0)
		goto out;
	if (use == 1) {
		d->in.lines += old.total.lines;
		d->in.records += old.total.records;
		d->in.malformed += old.total.malformed;
		d->in.filtered += old.total.filtered;
		if (old.total.has_span) {
			if (!d->in.has_span || old.total.first_ts < d->in.first_ts)
				d->in.first_ts = old.total.first_ts;
			if (!d->in.has_span || old.total.last_ts > d->in.last_ts)
				d->in.last_ts = old.total.last_ts;
			d->in.has_span = true;
		}
		state_tally_copy(&merged, &old.tally);
		state_tally_append(&merged, &d->tally);
		tally_free(&d->tally);
		d->tally = merged;
	}
	if (load_report_finish(o, d) < 0)
		goto out;
	if (use == 1 && load_state_reach(o, &d->w) < old.keep_from) {
		/* --now latest: the windows moved back (an input lost its newest records). */
		free(res);
		state_plan_free(&plan);
		state_free(&old);
		state_recs_free(&root.recs);
		load_data_free(d);
		return load_report_state(o, d, true);
	}
	rc = 0;
	if (use >= 0 && load_state_build(o, &plan, res, d, &root.recs, &old, use == 1, &neu)) {
		(void)state_save(o, &neu);
		state_free(&neu);
	}
out:
	free(res);
	state_plan_free(&plan);
	state_free(&old);
	state_recs_free(&root.recs);
	return rc;
}

int
load_report(const struct options *o, struct load_data *d)
{
	struct load_sink sink = {.add = o->n_by == 0 && o->explain == NULL ? agg_add_sink :
	    load_add_record, .ctx = &d->agg, .part_new = load_agg_part, .part_join = load_agg_join};
	struct summary_input_files in;
	int sum_rc;

	memset(d, 0, sizeof(*d));
	if (summary_input_split(o, &in) != 0) {
		summary_input_files_free(&in);
		return -1;
	}
	if (in.n_sums > 0 && o->state_file != NULL) {
		diag_error("%s is a summary: --state keeps where logs were read up to, and a "
		    "summary is read whole; leave out --state", in.sums[0]);
		summary_input_files_free(&in);
		return -1;
	}
	if (in.n_sums > 0) {
		sum_rc = load_report_summaries(o, &in, d);
		summary_input_files_free(&in);
		if (sum_rc != 0 || load_window_check(&d->w) != 0)
			return -1;
		if (o->top > 0 && o->command != CMD_COMPARE && o->command != CMD_CHANGES)
			diag_note("summaries as input: the slowest list is left out (no single "
			    "records)");
		d->r = report_build(&d->agg, &d->w, o, &d->in);
		return 0;
	}
	summary_input_files_free(&in);
	if (o->state_file != NULL)
		return load_report_state(o, d, false);
	load_report_init(o, d);
	if (load_scan(o, &sink, &d->in, &d->tally) < 0)
		return -1;
	return load_report_finish(o, d);
}

/* After reading: the final windows, --max-groups, the sorting and the report model. */
static int
load_report_finish(const struct options *o, struct load_data *d)
{
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
	if (load_window_check(&d->w) != 0)
		return -1;
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

