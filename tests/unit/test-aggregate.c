/* test-aggregate.c - the accumulators: a record goes to the current or previous window
 * or nowhere; --op (a glob) decides per operation; the slowest list keeps --top; two
 * aggregates merge into what one would hold; a moving aggregate finished at a window holds
 * what a fixed one does; the --explain aggregate groups by its own keys, without buckets
 * or a slowest list, while the options stay as parsed; the days kept for "slower since"
 * sum both windows per day, merged and moving alike. */
#include <criterion/criterion.h>
#include <string.h>

#include "aggregate.h"
#include "cli.h"
#include "fixture-log.h"
#include "intern.h"
#include "timeutil.h"

static int64_t
ts(const char *s)
{
	int64_t t;
	const char *why;

	cr_assert_eq(tu_parse(s, strlen(s), 0, &t, &why), 0, "%s", s);
	return t;
}

static struct record
rec(const char *when, const char *op, double ms)
{
	struct record r;

	memset(&r, 0, sizeof(r));
	r.ts_us = ts(when);
	r.op = op;
	r.op_len = strlen(op);
	r.duration_ms = ms;
	r.success = true;
	return r;
}

/* The accumulator of operation op in a, or NULL. */
static const struct op_acc *
acc_of(const struct aggregate *a, const char *op)
{
	int64_t id = intern_find(&a->ops, op, strlen(op));

	return id < 0 || (size_t)id >= a->acc_cap ? NULL : &a->acc[id];
}

/* monthly --now 2026-11-01 with extra args; its windows into *w. */
static void
parse(struct options *o, struct windows *w, const char *extra)
{
	fixture_parse(o, (const char *const[]){"monthly", "--no-config", "--now", "2026-11-01",
	    extra != NULL ? extra : "--top=10", "/dev/null", NULL});
	window_resolve(o, o->now_us, w);
}

/* The same five records into a. */
static void
add_five(struct aggregate *a)
{
	struct record r[] = {
		rec("2026-10-20T00:00:00Z", "llm_call", 100),
		rec("2026-10-21T00:00:00Z", "llm_call", 300),
		rec("2026-09-20T00:00:00Z", "llm_call", 200),
		rec("2026-10-22T00:00:00Z", "tool_exec", 50),
		rec("2026-06-01T00:00:00Z", "memory_search", 5),
	};

	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		agg_add(a, &r[i]);
}

Test(aggregate, records_go_to_their_window)
{
	struct options o;
	struct windows w;
	struct aggregate a;
	const struct op_acc *llm, *ms;

	parse(&o, &w, NULL);
	agg_init_fixed(&a, &o, &w);
	add_five(&a);
	llm = acc_of(&a, "llm_call");
	cr_assert_not_null(llm);
	cr_assert_eq(llm->win[0].n, 2);
	cr_assert_eq(llm->win[1].n, 1);
	cr_assert_eq(llm->success[0], 2);
	ms = acc_of(&a, "memory_search");
	cr_assert(ms == NULL || (ms->win[0].n == 0 && ms->win[1].n == 0));
	cr_assert_eq(a.in_windows, 4);
	agg_free(&a);
	cli_free(&o);
}

Test(aggregate, op_glob_selects_per_operation)
{
	struct options o;
	struct windows w;
	struct aggregate a;

	parse(&o, &w, "--op=[t]*");
	agg_init_fixed(&a, &o, &w);
	add_five(&a);
	cr_assert_eq(acc_of(&a, "tool_exec")->selected, 1);
	cr_assert_eq(acc_of(&a, "tool_exec")->win[0].n, 1);
	cr_assert_eq(acc_of(&a, "llm_call")->selected, 0);
	cr_assert_eq(acc_of(&a, "llm_call")->win[0].n, 0);
	agg_free(&a);
	cli_free(&o);
}

Test(aggregate, slowest_list_keeps_top)
{
	struct options o;
	struct windows w;
	struct aggregate a;
	struct slow_item out[2];

	parse(&o, &w, "--top=2");
	agg_init_fixed(&a, &o, &w);
	add_five(&a);
	cr_assert_eq(a.n_slow, 2);
	agg_slowest_sorted(&a, out);
	cr_assert_float_eq(out[0].duration_ms, 300, 1e-12);
	cr_assert_float_eq(out[1].duration_ms, 100, 1e-12);
	agg_free(&a);
	cli_free(&o);
}

/* A full slowest list: a record equal to its fastest entry still competes (an earlier
 * time wins the tie), one faster than it never enters, and --top=0 keeps none. */
Test(aggregate, slowest_list_ties_at_the_boundary)
{
	struct options o;
	struct windows w;
	struct aggregate a;
	struct slow_item out[2];
	struct record r[] = {
		rec("2026-10-21T00:00:00Z", "llm_call", 300),
		rec("2026-10-22T00:00:00Z", "llm_call", 100),
		rec("2026-10-20T00:00:00Z", "tool_exec", 100), /* ties 100, earlier: replaces */
		rec("2026-10-02T00:00:00Z", "tool_exec", 99),  /* faster: ignored */
	};

	parse(&o, &w, "--top=2");
	agg_init_fixed(&a, &o, &w);
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		agg_add(&a, &r[i]);
	cr_assert_eq(a.n_slow, 2);
	agg_slowest_sorted(&a, out);
	cr_assert_float_eq(out[0].duration_ms, 300, 1e-12);
	cr_assert_float_eq(out[1].duration_ms, 100, 1e-12);
	cr_assert_str_eq(intern_str(&a.ops, out[1].op), "tool_exec", "the earlier of the tie");
	agg_free(&a);
	cli_free(&o);

	parse(&o, &w, "--top=0");
	agg_init_fixed(&a, &o, &w);
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		agg_add(&a, &r[i]);
	cr_assert_eq(a.n_slow, 0);
	agg_free(&a);
	cli_free(&o);
}

Test(aggregate, merge_holds_what_one_would)
{
	struct options o;
	struct windows w;
	struct aggregate a, b;

	parse(&o, &w, NULL);
	agg_init_fixed(&a, &o, &w);
	agg_init_fixed(&b, &o, &w);
	add_five(&a);
	add_five(&b);
	agg_merge(&a, &b);
	cr_assert_eq(acc_of(&a, "llm_call")->win[0].n, 4);
	cr_assert_eq(acc_of(&a, "llm_call")->win[1].n, 2);
	cr_assert_eq(acc_of(&a, "tool_exec")->win[0].n, 2);
	cr_assert_eq(a.in_windows, 8);
	agg_free(&b);
	agg_free(&a);
	cli_free(&o);
}

Test(aggregate, moving_finished_equals_fixed)
{
	struct options o;
	struct windows w;
	struct aggregate fixed, moving;

	parse(&o, &w, NULL);
	agg_init_fixed(&fixed, &o, &w);
	agg_init_moving(&moving, &o, 0);
	add_five(&fixed);
	add_five(&moving);
	agg_finish(&moving, &w);
	for (const char *const *op = (const char *const[]){"llm_call", "tool_exec", NULL};
	    *op != NULL; op++) {
		const struct op_acc *f = acc_of(&fixed, *op), *m = acc_of(&moving, *op);

		cr_assert_not_null(m, "%s", *op);
		cr_assert_eq(f->win[0].n, m->win[0].n, "%s", *op);
		cr_assert_eq(f->win[1].n, m->win[1].n, "%s", *op);
	}
	agg_free(&fixed);
	agg_free(&moving);
	cli_free(&o);
}

Test(aggregate, explain_aggregate_has_keys_of_its_own)
{
	struct options o;
	struct windows w;
	struct aggregate a;

	fixture_parse(&o, (const char *const[]){"monthly", "--no-config", "--now",
	    "2026-11-01", "-f", "html", "--explain", "session_id", "/dev/null", NULL});
	window_resolve(&o, o.now_us, &w);
	cr_assert(o.wants_buckets, "html charts keep buckets");
	agg_init_fixed(&a, &o, &w);
	cr_assert(a.buckets);
	cr_assert_eq(a.n_by, 0, "no --by: by operation alone");
	cr_assert_not_null(a.explain);
	cr_assert(a.explain->is_explain);
	cr_assert_eq(a.explain->n_by, 2);
	cr_assert_str_eq(a.explain->by_keys[0], "operation_type");
	cr_assert_str_eq(a.explain->by_keys[1], "session_id");
	cr_assert(!a.explain->buckets, "the explain aggregate compares the two windows only");
	cr_assert_eq(a.explain->top, 0);
	cr_assert_null(a.explain->explain);
	/* The options are left as parsed: nothing forged behind them. */
	cr_assert_eq(o.n_by, 0);
	cr_assert_eq(o.format, FMT_HTML);
	agg_free(&a);
	cli_free(&o);
}

/* The day kept by acc (of a) for timestamp when, or NULL. */
static const struct day_acc *
day_of(const struct aggregate *a, const struct op_acc *acc, const char *when)
{
	uint32_t day = (uint32_t)((ts(when) - a->day0) / US_PER_DAY);

	for (size_t k = 0; k < acc->n_days; k++) {
		if (k > 0)
			cr_assert_lt(acc->days[k - 1].day, acc->days[k].day, "days ascending");
		if (acc->days[k].day == day)
			return &acc->days[k];
	}
	return NULL;
}

Test(aggregate, days_kept_over_both_windows_merged_and_moving)
{
	struct options o;
	struct windows w;
	struct aggregate a, b, m;
	const struct op_acc *llm;
	struct record late = rec("2026-09-10T00:00:00Z", "llm_call", 7);

	parse(&o, &w, NULL);
	cr_assert(o.wants_days, "monthly keeps days for slower since");
	agg_init_fixed(&a, &o, &w);
	agg_init_fixed(&b, &o, &w);
	agg_init_moving(&m, &o, 0);
	/* monthly --now 2026-11-01: 2026-09-02 to 2026-11-01, 60 days */
	cr_assert_eq(a.day0, ts("2026-09-02T00:00:00Z"));
	cr_assert_eq(a.n_days, 60);
	add_five(&a);
	add_five(&b);
	agg_add(&b, &late); /* out of time order: in its place */
	add_five(&m);
	agg_merge(&a, &b);
	agg_finish(&m, &w);
	llm = acc_of(&a, "llm_call");
	cr_assert_eq(llm->n_days, 4, "09-10, 09-20, 10-20, 10-21");
	cr_assert_float_eq(day_of(&a, llm, "2026-10-20T00:00:00Z")->sum, 200, 1e-12);
	cr_assert_eq(day_of(&a, llm, "2026-10-20T00:00:00Z")->count, 2);
	cr_assert_float_eq(day_of(&a, llm, "2026-09-20T00:00:00Z")->sum, 400, 1e-12);
	cr_assert_float_eq(day_of(&a, llm, "2026-09-10T00:00:00Z")->sum, 7, 1e-12);
	cr_assert_null(day_of(&a, llm, "2026-09-19T00:00:00Z"));
	/* the record of June is outside both windows: no day holds it */
	cr_assert_eq(acc_of(&a, "memory_search"), NULL);
	llm = acc_of(&m, "llm_call");
	cr_assert_eq(m.n_days, 60);
	cr_assert_float_eq(day_of(&m, llm, "2026-10-21T00:00:00Z")->sum, 300, 1e-12);
	cr_assert_eq(day_of(&m, llm, "2026-10-21T00:00:00Z")->count, 1);
	agg_free(&a);
	agg_free(&b);
	agg_free(&m);
	cli_free(&o);
}

Test(aggregate, no_days_for_explain_or_export)
{
	struct options o;
	struct windows w;
	struct aggregate a;

	parse(&o, &w, "--explain=context.model");
	agg_init_fixed(&a, &o, &w);
	cr_assert_eq(a.n_days, 60);
	cr_assert_eq(a.explain->n_days, 0, "the --explain aggregate keeps no days");
	agg_free(&a);
	cli_free(&o);
	fixture_parse(&o, (const char *const[]){"export", "--no-config", "--now", "2026-11-01",
	    "/dev/null", NULL});
	cr_assert_not(o.wants_days, "export has no findings");
	cli_free(&o);
}
