/* report.c - builds the report model from aggregated observations. */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "degrade.h"
#include "numfmt.h"
#include "stats.h"
#include "timeutil.h"
#include "window.h"
#include "aggregate.h"
#include "xalloc.h"

static const char *const flag_names[FLAG_COUNT] = {"outlier", "slower", "faster", "errors", "new"};

const char *
flag_name(unsigned flag)
{
	for (unsigned i = 0; i < FLAG_COUNT; i++)
		if (flag == (1u << i))
			return flag_names[i];
	return "?";
}

/* The CI gate's part of the model (gate.c fills it). */
static void
report_free_gate(struct gate_results *g)
{
	size_t i;

	free(g->targets_file);
	for (i = 0; i < g->n_targets; i++) {
		free(g->targets[i].operation);
		free(g->targets[i].metric);
	}
	free(g->targets);
	free(g->row_target);
	free(g->baseline_file);
	for (i = 0; i < g->n_baseline; i++) {
		free(g->baseline[i].operation);
		free(g->baseline[i].metric);
	}
	free(g->baseline);
	free(g->row_baseline);
	for (i = 0; i < g->n_only_current; i++)
		free(g->only_current[i]);
	free(g->only_current);
	for (i = 0; i < g->n_only_baseline; i++)
		free(g->only_baseline[i]);
	free(g->only_baseline);
	free(g->verdict);
}

void
report_free(struct report *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->label);
	for (i = 0; i < r->n_percentiles; i++)
		free(r->pct_names[i]);
	for (i = 0; i < r->input.n_files; i++)
		free(r->input.files[i]);
	free(r->input.files);
	for (i = 0; i < r->n_rows; i++)
		free(r->rows[i].operation);
	free(r->rows);
	for (i = 0; i < r->n_slowest; i++) {
		free(r->slowest[i].operation);
		free(r->slowest[i].session_id);
	}
	free(r->slowest);
	for (i = 0; i < r->n_most_frequent; i++)
		free(r->most_frequent[i].operation);
	free(r->most_frequent);
	for (i = 0; i < r->n_findings; i++) {
		free(r->findings[i].operation);
		free(r->findings[i].message);
	}
	free(r->findings);
	for (i = 0; i < r->n_previous_only; i++)
		free(r->previous_only[i]);
	free(r->previous_only);
	for (i = 0; i < r->n_series; i++)
		free(r->series[i].operation);
	free(r->series);
	report_free_gate(&r->gate);
	free(r);
}

/* ---- building ------------------------------------------------------------ */

/* Per-operation, per-window tallies gathered in one pass over the observations. */
struct op_tally {
	uint64_t count[2];   /* [0] current, [1] previous window */
	uint64_t success[2];
	size_t offset[2];    /* start of this operation's slice in the window's value array */
	size_t fill[2];
};

struct build {
	const struct aggregate *agg;
	const struct windows *w;
	const struct options *o;
	struct report *r;
	bool *selected;      /* per op id; NULL: all */
	struct op_tally *t;  /* per op id */
	double *vals[2];     /* durations grouped by op, per window */
	uint32_t *row_of_op; /* op id -> row index + 1 (0: no row) */
	double *p95;         /* per row */
};

static bool
build_selected(const struct build *b, uint32_t op)
{
	return b->selected == NULL || b->selected[op];
}

/* Which window an instant falls in: 0 current, 1 previous, -1 neither. */
static int
build_window_of(const struct windows *w, int64_t ts)
{
	if (window_contains(w->start, w->end, ts))
		return 0;
	if (window_contains(w->prev_start, w->prev_end, ts))
		return 1;
	return -1;
}

static void
build_select_ops(struct build *b)
{
	const struct options *o = b->o;

	if (o->n_ops == 0)
		return;
	b->selected = xcalloc(b->agg->ops.count + 1, sizeof(bool));
	for (size_t i = 0; i < o->n_ops; i++) {
		int64_t id = intern_find(&b->agg->ops, o->ops[i], strlen(o->ops[i]));
		if (id >= 0)
			b->selected[id] = true;
	}
}

/* Count per operation and window, then place every duration in its operation's slice. */
static void
build_group(struct build *b)
{
	const struct aggregate *agg = b->agg;
	size_t nops = agg->ops.count, total[2] = {0, 0};
	uint64_t in_windows = 0;

	b->t = xcalloc(nops + 1, sizeof(*b->t));
	for (size_t i = 0; i < agg->n; i++) {
		const struct obs *ob = &agg->v[i];
		int win = build_window_of(b->w, ob->ts_us);
		uint32_t op = obs_op(ob);

		if (win < 0)
			continue;
		in_windows++;
		if (!build_selected(b, op))
			continue;
		b->t[op].count[win]++;
		b->t[op].success[win] += obs_ok(ob);
	}
	b->r->input.outside_window = b->r->input.records - in_windows;
	for (int win = 0; win < 2; win++) {
		for (size_t op = 0; op < nops; op++) {
			b->t[op].offset[win] = total[win];
			total[win] += b->t[op].count[win];
		}
		b->vals[win] = xmalloc((total[win] + 1) * sizeof(double));
	}
	for (size_t i = 0; i < agg->n; i++) {
		const struct obs *ob = &agg->v[i];
		int win = build_window_of(b->w, ob->ts_us);
		uint32_t op = obs_op(ob);

		if (win < 0 || !build_selected(b, op))
			continue;
		struct op_tally *t = &b->t[op];
		b->vals[win][t->offset[win] + t->fill[win]++] = ob->duration_ms;
	}
	for (int win = 0; win < 2; win++)
		for (size_t op = 0; op < nops; op++)
			stats_sort(b->vals[win] + b->t[op].offset[win], b->t[op].count[win]);
}

static int
build_row_cmp(const void *pa, const void *pb)
{
	const struct op_row *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->operation, b->operation);
}

static void
build_fill_row(struct build *b, struct op_row *row, uint32_t op)
{
	const struct op_tally *t = &b->t[op];
	const double *v = b->vals[0] + t->offset[0];
	size_t n = t->count[0];

	row->operation = xstrdup(intern_str(&b->agg->ops, op));
	row->count = n;
	row->success = t->success[0];
	row->failed = n - t->success[0];
	row->error_rate_pct = stats_error_rate_pct(row->failed, n);
	row->avg_ms = stats_mean(v, n);
	for (size_t k = 0; k < b->r->n_percentiles; k++)
		row->pct_ms[k] = stats_percentile_sorted(v, n, b->r->percentiles[k] / 100.0);
	row->min_ms = v[0];
	row->max_ms = v[n - 1];
	row->prev_count = t->count[1];
	if (t->count[1] > 0) {
		row->has_prev_avg = true;
		row->prev_avg_ms = stats_mean(b->vals[1] + t->offset[1], t->count[1]);
		if (row->prev_avg_ms > 0) {
			row->has_avg_change = true;
			row->avg_change_pct = 100.0 * (row->avg_ms - row->prev_avg_ms) / row->prev_avg_ms;
		}
	}
}

static void
build_rows(struct build *b)
{
	struct report *r = b->r;
	size_t nops = b->agg->ops.count, n = 0;

	for (size_t op = 0; op < nops; op++)
		n += b->t[op].count[0] > 0;
	r->rows = xcalloc(n + 1, sizeof(*r->rows));
	for (size_t op = 0; op < nops; op++)
		if (b->t[op].count[0] > 0)
			build_fill_row(b, &r->rows[r->n_rows++], (uint32_t)op);
	qsort(r->rows, r->n_rows, sizeof(*r->rows), build_row_cmp);

	b->row_of_op = xcalloc(nops + 1, sizeof(uint32_t));
	b->p95 = xcalloc(r->n_rows + 1, sizeof(double));
	for (size_t i = 0; i < r->n_rows; i++) {
		uint32_t op = (uint32_t)intern_find(&b->agg->ops, r->rows[i].operation,
		    strlen(r->rows[i].operation));
		const struct op_tally *t = &b->t[op];

		b->row_of_op[op] = (uint32_t)i + 1;
		b->p95[i] = stats_percentile_sorted(b->vals[0] + t->offset[0], t->count[0], 0.95);
		r->totals.count += r->rows[i].count;
		r->totals.success += r->rows[i].success;
	}
	r->totals.failed = r->totals.count - r->totals.success;
	r->totals.has_error_rate = r->totals.count > 0;
	if (r->totals.has_error_rate)
		r->totals.error_rate_pct = stats_error_rate_pct(r->totals.failed, r->totals.count);
}

static int
build_name_cmp(const void *pa, const void *pb)
{
	return strcmp(*(char *const *)pa, *(char *const *)pb);
}

static void
build_previous_only(struct build *b)
{
	struct report *r = b->r;
	size_t nops = b->agg->ops.count;

	r->previous_only = xcalloc(nops + 1, sizeof(char *));
	for (size_t op = 0; op < nops; op++)
		if (b->t[op].count[0] == 0 && b->t[op].count[1] > 0)
			r->previous_only[r->n_previous_only++] = xstrdup(intern_str(&b->agg->ops,
			    (uint32_t)op));
	qsort(r->previous_only, r->n_previous_only, sizeof(char *), build_name_cmp);
}

static void
build_most_frequent(struct build *b)
{
	struct report *r = b->r;
	size_t n = r->n_rows < (size_t)b->o->top ? r->n_rows : (size_t)b->o->top;

	r->most_frequent = xcalloc(n + 1, sizeof(*r->most_frequent));
	for (size_t i = 0; i < n; i++) {
		r->most_frequent[i].operation = xstrdup(r->rows[i].operation);
		r->most_frequent[i].count = r->rows[i].count;
		r->most_frequent[i].share_pct = 100.0 * (double)r->rows[i].count /
		    (double)r->totals.count;
	}
	r->n_most_frequent = n;
}

/* Slowest ordering: longer first, then earlier, then operation name, then session. */
static bool
build_slower_than(const struct aggregate *agg, const struct obs *a, const struct obs *b)
{
	int c;

	if (a->duration_ms > b->duration_ms)
		return true;
	if (a->duration_ms < b->duration_ms)
		return false;
	if (a->ts_us != b->ts_us)
		return a->ts_us < b->ts_us;
	c = strcmp(intern_str(&agg->ops, obs_op(a)), intern_str(&agg->ops, obs_op(b)));
	if (c != 0)
		return c < 0;
	if (a->sess == 0 || b->sess == 0)
		return a->sess < b->sess;
	return strcmp(intern_str(&agg->sessions, a->sess - 1),
	    intern_str(&agg->sessions, b->sess - 1)) < 0;
}

/* Restore the heap property below index i (root = the least slow entry kept). */
static void
build_heap_down(const struct aggregate *agg, const struct obs **h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && build_slower_than(agg, h[m], h[l]))
			m = l;
		if (r < n && build_slower_than(agg, h[m], h[r]))
			m = r;
		if (m == i)
			return;
		const struct obs *tmp = h[i];
		h[i] = h[m];
		h[m] = tmp;
		i = m;
	}
}

static void
build_heap_up(const struct aggregate *agg, const struct obs **h, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!build_slower_than(agg, h[p], h[i]))
			return;
		const struct obs *tmp = h[i];
		h[i] = h[p];
		h[p] = tmp;
		i = p;
	}
}

static void
build_slowest(struct build *b)
{
	const struct aggregate *agg = b->agg;
	struct report *r = b->r;
	size_t k = (size_t)b->o->top, n = 0, cap = 0;
	const struct obs **h = NULL;

	if (k == 0)
		return;
	for (size_t i = 0; i < agg->n; i++) {
		const struct obs *ob = &agg->v[i];
		if (!window_contains(b->w->start, b->w->end, ob->ts_us) ||
		    !build_selected(b, obs_op(ob)))
			continue;
		if (n < k) {
			xgrow(&h, &cap, n + 1, sizeof(*h));
			h[n] = ob;
			build_heap_up(agg, h, n++);
		} else if (build_slower_than(agg, ob, h[0])) {
			h[0] = ob;
			build_heap_down(agg, h, n, 0);
		}
	}
	r->slowest = xcalloc(n + 1, sizeof(*r->slowest));
	r->n_slowest = n;
	/* Pop the least slow entry into the last free place. */
	while (n > 0) {
		const struct obs *ob = h[0];
		struct slow_entry *s = &r->slowest[--n];

		s->operation = xstrdup(intern_str(&agg->ops, obs_op(ob)));
		s->duration_ms = ob->duration_ms;
		s->ts_us = ob->ts_us;
		s->session_id = ob->sess ? xstrdup(intern_str(&agg->sessions, ob->sess - 1)) : NULL;
		h[0] = h[n];
		build_heap_down(agg, h, n, 0);
	}
	free(h);
}

/* One current-window observation placed in the trend grid. */
struct cell {
	uint32_t row;
	int64_t bucket;
	double duration_ms;
	bool ok;
};

static int
build_cell_cmp(const void *pa, const void *pb)
{
	const struct cell *a = pa, *b = pb;

	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	if (a->bucket != b->bucket)
		return a->bucket < b->bucket ? -1 : 1;
	if (a->duration_ms < b->duration_ms)
		return -1;
	return a->duration_ms > b->duration_ms;
}

static void
build_series_row(struct build *b, const struct cell *c, size_t n, double *tmp)
{
	struct series_row *s = &b->r->series[b->r->n_series++];
	uint64_t ok = 0;

	for (size_t i = 0; i < n; i++) {
		tmp[i] = c[i].duration_ms;
		ok += c[i].ok;
	}
	s->operation = xstrdup(b->r->rows[c[0].row].operation);
	s->bucket_start = c[0].bucket;
	s->count = n;
	s->avg_ms = stats_mean(tmp, n);
	s->p95_ms = stats_percentile_sorted(tmp, n, 0.95);
	s->p99_ms = stats_percentile_sorted(tmp, n, 0.99);
	s->error_rate_pct = stats_error_rate_pct(n - ok, n);
}

static void
build_series(struct build *b)
{
	const struct aggregate *agg = b->agg;
	struct cell *cells;
	double *tmp;
	size_t n = 0, groups = 0;

	cells = xmalloc((b->r->totals.count + 1) * sizeof(*cells));
	for (size_t i = 0; i < agg->n; i++) {
		const struct obs *ob = &agg->v[i];
		uint32_t row = b->row_of_op[obs_op(ob)];

		if (row == 0 || !window_contains(b->w->start, b->w->end, ob->ts_us))
			continue;
		cells[n].row = row - 1;
		cells[n].bucket = window_bucket_start(b->r->bucket, ob->ts_us);
		cells[n].duration_ms = ob->duration_ms;
		cells[n].ok = obs_ok(ob);
		n++;
	}
	qsort(cells, n, sizeof(*cells), build_cell_cmp);
	for (size_t i = 0; i < n; i++)
		groups += i == 0 || cells[i].row != cells[i - 1].row ||
		    cells[i].bucket != cells[i - 1].bucket;
	b->r->series = xcalloc(groups + 1, sizeof(*b->r->series));
	tmp = xmalloc((n + 1) * sizeof(double));
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && cells[j].row == cells[i].row &&
		    cells[j].bucket == cells[i].bucket; j++)
			;
		build_series_row(b, cells + i, j - i, tmp);
	}
	free(tmp);
	free(cells);
}

static char *
build_label(const struct options *o, const struct windows *w)
{
	char a[TU_BUFSZ], z[TU_BUFSZ];

	switch (o->command) {
	case CMD_WEEKLY:
		return xstrdup("Last 7 days");
	case CMD_MONTHLY:
		return xstrdup("Last 30 days");
	case CMD_TRENDS:
		return xasprintf("Last %ld days", o->days_set ? o->days : 90L);
	case CMD_REPORT:
	case CMD_EXPORT:
		break;
	}
	if (tu_floor_day(w->start) == w->start && tu_floor_day(w->end) == w->end) {
		tu_format_date(w->start, a);
		tu_format_date(w->end, z);
	} else {
		tu_format_human(w->start, a);
		tu_format_human(w->end, z);
	}
	return xasprintf("%s – %s", a, z);
}

/* generated_at: SOURCE_DATE_EPOCH (whole seconds) when set and valid, else the clock. */
static int64_t
build_generated_at(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s != NULL && *s != '\0') {
		errno = 0;
		v = strtoll(s, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0 && v < INT64_MAX / US_PER_SEC)
			return (int64_t)v * US_PER_SEC;
	}
	return tu_now();
}

static void
build_header(struct build *b, const struct input_counts *input)
{
	struct report *r = b->r;
	const struct options *o = b->o;
	char name[NUMFMT_BUFSZ];

	r->command = o->command;
	r->label = build_label(o, b->w);
	r->generated_at = build_generated_at();
	r->start = b->w->start;
	r->end = b->w->end;
	r->prev_start = b->w->prev_start;
	r->prev_end = b->w->prev_end;
	r->days = (double)(r->end - r->start) / (double)US_PER_DAY;
	r->bucket = b->w->bucket;
	r->n_percentiles = o->n_percentiles;
	for (size_t k = 0; k < o->n_percentiles; k++) {
		r->percentiles[k] = o->percentiles[k];
		numfmt_shortest(o->percentiles[k], name);
		r->pct_names[k] = xasprintf("p%s_ms", name);
	}
	r->input = *input;
	r->input.files = xcalloc(input->n_files + 1, sizeof(char *));
	for (size_t i = 0; i < input->n_files; i++)
		r->input.files[i] = xstrdup(input->files[i]);
}

struct report *
report_build(const struct aggregate *agg, const struct windows *w, const struct options *o,
    const struct input_counts *input)
{
	struct build b = {.agg = agg, .w = w, .o = o};
	struct detect_opts d = {
		.outlier_ratio = o->outlier_ratio,
		.drift_pct = o->drift_pct,
		.error_rate_pct = o->error_rate_pct,
		.min_samples = (uint64_t)o->min_samples,
	};

	b.r = xcalloc(1, sizeof(*b.r));
	build_header(&b, input);
	build_select_ops(&b);
	build_group(&b);
	build_rows(&b);
	build_previous_only(&b);
	build_most_frequent(&b);
	build_slowest(&b);
	degrade_apply(b.r, b.p95, &d);
	if (o->command == CMD_TRENDS)
		build_series(&b);
	free(b.selected);
	free(b.t);
	free(b.vals[0]);
	free(b.vals[1]);
	free(b.row_of_op);
	free(b.p95);
	return b.r;
}
