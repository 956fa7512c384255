/* test-report.c - the report model built from an aggregate of hand-made records: row order,
 * per-operation statistics, previous-window comparison, totals, slowest and most-frequent
 * lists, --top, --op, previous-only names, percentile column names, trend series, and the
 * aggregate (fixed windows; moving windows that prune as they go; merging of per-thread
 * aggregates, which must give the same report as one aggregate).
 * Every expected number was worked out by hand with SPEC section 4's interpolation
 * h = (n-1)p (and checked with a few lines of Python); instants come from Python's datetime
 * in UTC. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "cli.h"
#include "intern.h"
#include "record.h"
#include "report.h"
#include "timeutil.h"
#include "window.h"
#include "xalloc.h"

#define DAY INT64_C(86400000000)
#define HOUR INT64_C(3600000000)
#define SEC INT64_C(1000000)

/* Instants (Python: datetime(..., tzinfo=timezone.utc)). */
#define T_2025_12_03 INT64_C(1764720000000000)
#define T_2026_01_01 INT64_C(1767225600000000)
#define T_2026_01_02 INT64_C(1767312000000000)
#define T_2026_01_19 INT64_C(1768780800000000) /* Monday */
#define T_2026_01_22 INT64_C(1769040000000000) /* Thursday */
#define T_2026_01_25 INT64_C(1769299200000000)
#define T_2026_01_26 INT64_C(1769385600000000) /* Monday */
#define T_2026_01_27 INT64_C(1769472000000000)
#define T_2026_02_01 INT64_C(1769904000000000)

/* Day d of January 2026 (midnight) and of December 2025. */
#define JAN(d) (T_2026_01_01 + ((d) - 1) * DAY)
#define DEC(d) (T_2025_12_03 + ((d) - 3) * DAY)

/* |a - b| within eps (no exact float compare for interpolated values). */
static bool
near(double a, double b, double eps)
{
	return fabs(a - b) <= eps;
}

#define assert_near(a, b) \
	cr_assert(near((a), (b), 1e-9), "%s = %.17g, want %.17g", #a, (double)(a), (double)(b))
#define assert_deq(a, b) \
	cr_assert(same_double((a), (b)), "%s = %.17g, want exactly %.17g", #a, (double)(a), (double)(b))

/* One hand-made record, kept so that the same input can feed several aggregates. */
struct rec_in {
	int64_t ts;
	const char *op;
	double dur;
	bool ok;
	const char *sess;
};

/* Everything report_build needs. */
struct fx {
	struct options o;
	struct windows w;
	struct aggregate agg;
	struct input_counts in;
	char *files[2];
	uint64_t added;
	int64_t now;
	struct rec_in *recs; /* every record fx_add saw */
	size_t n_recs, cap_recs;
};

/* Options as cli_parse leaves them by default, with a fixed now. */
static void
fx_options(struct fx *f, enum command c, int64_t now)
{
	memset(f, 0, sizeof(*f));
	f->now = now;
	f->o.command = c;
	f->o.top = 10;
	f->o.percentiles[0] = 50;
	f->o.percentiles[1] = 95;
	f->o.percentiles[2] = 99;
	f->o.n_percentiles = 3;
	f->o.outlier_ratio = 2;
	f->o.drift_pct = 20;
	f->o.error_rate_pct = 1;
	f->o.min_samples = 1;
	/* The significance tests off: the fixtures' windows hold a handful of records, and
	 * these tests follow the threshold rules through the build (the tests with the
	 * tests on set alpha themselves). */
	f->o.alpha = 1;
	f->o.now_mode = NOW_FIXED;
	f->o.now_us = now;
	f->o.bucket = BUCKET_AUTO;
	cli_resolve(&f->o);
}

/* Resolve the windows and start a fixed aggregate for them (call after setting options:
 * the aggregate reads --top, --op and the command from them). */
static void
fx_begin(struct fx *f)
{
	cli_resolve(&f->o); /* the command's window rule, and buckets for format/charts */
	window_resolve(&f->o, f->now, &f->w);
	agg_init_fixed(&f->agg, &f->o, &f->w);
}

/* Add one record to a (as record_parse would hand it over: the strings are not
 * NUL-terminated, so they are copied into buffers with trailing junk). */
static void
agg_add_rec(struct aggregate *a, const struct rec_in *x)
{
	struct record r;
	char opbuf[128], sessbuf[128];

	memset(&r, 0, sizeof(r));
	snprintf(opbuf, sizeof(opbuf), "%s#junk", x->op);
	r.ts_us = x->ts;
	r.op = opbuf;
	r.op_len = strlen(x->op);
	r.duration_ms = x->dur;
	r.success = x->ok;
	r.success_given = true;
	if (x->sess != NULL) {
		snprintf(sessbuf, sizeof(sessbuf), "%s#junk", x->sess);
		r.session_id = sessbuf;
		r.session_len = strlen(x->sess);
	}
	agg_add(a, &r);
}

/* Add one record to f's aggregate and remember it. */
static void
fx_add(struct fx *f, int64_t ts, const char *op, double dur, bool ok, const char *sess)
{
	struct rec_in x = {ts, op, dur, ok, sess};

	xgrow(&f->recs, &f->cap_recs, f->n_recs + 1, sizeof(*f->recs));
	f->recs[f->n_recs++] = x;
	agg_add_rec(&f->agg, &x);
	f->added++;
}

static struct report *
fx_build(struct fx *f)
{
	f->files[0] = xstrdup("a.jsonl");
	f->files[1] = xstrdup("<stdin>");
	f->in.files = f->files;
	f->in.n_files = 2;
	f->in.lines = f->added + 4;
	f->in.records = f->added;
	f->in.malformed = 2;
	return report_build(&f->agg, &f->w, &f->o, &f->in);
}

static void
fx_free(struct fx *f, struct report *r)
{
	report_free(r);
	agg_free(&f->agg);
	free(f->files[0]);
	free(f->files[1]);
	free(f->recs);
}

/* Row i by name; fails when missing. */
static const struct op_row *
row_named(const struct report *r, const char *name)
{
	for (size_t i = 0; i < r->n_rows; i++)
		if (strcmp(r->rows[i].operation, name) == 0)
			return &r->rows[i];
	cr_assert_fail("no row %s", name);
	return NULL;
}

/*
 * The main data set: monthly at now = 2026-02-01T00:00Z, so the current window is
 * [2026-01-02, 2026-02-01) and the previous one [2025-12-03, 2026-01-02).
 *
 * current:  db.query   10 20 30 40 100(failed)       avg 40, p50 30, p95 88, p99 97.6
 *           api.call   50 60 70 80                   avg 65, p50 65, p95 78.5, p99 79.7
 *           cache.get  1 1 1 1 1 (one at exactly the window start)
 *           zeta       7
 * previous: db.query   20 30                         prev avg 25 -> +60 %
 *           api.call   100 (at the last microsecond)  prev avg 100 -> -35 %
 *           old.op     5 5 5;  aaa.old 9             (previous only)
 * outside:  db.query at prev_start - 1 µs, at exactly now; zeta five days after now.
 */
static void
fx_main(struct fx *f, enum command c)
{
	fx_options(f, c, T_2026_02_01);
}

static void
fx_main_records(struct fx *f)
{
	fx_begin(f);
	fx_add(f, JAN(10), "db.query", 10, true, "s1");
	fx_add(f, JAN(11), "db.query", 20, true, NULL);
	fx_add(f, JAN(12), "db.query", 30, true, NULL);
	fx_add(f, JAN(13), "db.query", 40, true, NULL);
	fx_add(f, JAN(14), "db.query", 100, false, "s-slow");
	fx_add(f, JAN(15), "api.call", 50, true, NULL);
	fx_add(f, JAN(16), "api.call", 60, true, NULL);
	fx_add(f, JAN(17), "api.call", 70, true, NULL);
	fx_add(f, JAN(18), "api.call", 80, true, NULL);
	fx_add(f, T_2026_01_02, "cache.get", 1, true, NULL);
	fx_add(f, JAN(21), "cache.get", 1, true, NULL);
	fx_add(f, JAN(22), "cache.get", 1, true, NULL);
	fx_add(f, JAN(23), "cache.get", 1, true, NULL);
	fx_add(f, JAN(24), "cache.get", 1, true, NULL);
	fx_add(f, JAN(25), "zeta", 7, true, NULL);
	fx_add(f, DEC(10), "db.query", 20, true, NULL);
	fx_add(f, DEC(11), "db.query", 30, true, NULL);
	fx_add(f, T_2026_01_02 - 1, "api.call", 100, true, NULL);
	fx_add(f, DEC(13), "old.op", 5, true, NULL);
	fx_add(f, DEC(13) + HOUR, "old.op", 5, true, NULL);
	fx_add(f, DEC(13) + 2 * HOUR, "old.op", 5, true, NULL);
	fx_add(f, DEC(14), "aaa.old", 9, true, NULL);
	fx_add(f, T_2025_12_03 - 1, "db.query", 999, true, NULL);
	fx_add(f, T_2026_02_01, "db.query", 999, true, NULL);
	fx_add(f, T_2026_02_01 + 5 * DAY, "zeta", 500, true, NULL);
}

static struct report *
fx_main_build(struct fx *f, enum command c)
{
	fx_main(f, c);
	fx_main_records(f);
	return fx_build(f);
}

/* ---- rows ------------------------------------------------------------------------- */

Test(report, rows_by_count_then_name)
{
	struct fx f;
	struct report *r = fx_main_build(&f, CMD_MONTHLY);

	cr_assert_eq(r->n_rows, 4);
	cr_assert_str_eq(r->rows[0].operation, "cache.get");
	cr_assert_str_eq(r->rows[1].operation, "db.query");
	cr_assert_str_eq(r->rows[2].operation, "api.call");
	cr_assert_str_eq(r->rows[3].operation, "zeta");
	fx_free(&f, r);
}

Test(report, row_statistics)
{
	struct fx f;
	struct report *r = fx_main_build(&f, CMD_MONTHLY);
	const struct op_row *db = row_named(r, "db.query");
	const struct op_row *api = row_named(r, "api.call");
	const struct op_row *cache = row_named(r, "cache.get");
	const struct op_row *zeta = row_named(r, "zeta");

	cr_assert_eq(db->count, 5);
	cr_assert_eq(db->success, 4);
	cr_assert_eq(db->failed, 1);
	assert_near(db->error_rate_pct, 20.0);
	assert_near(db->avg_ms, 40.0);
	assert_near(db->pct_ms[0], 30.0);
	assert_near(db->pct_ms[1], 88.0);
	assert_near(db->pct_ms[2], 97.6);
	assert_deq(db->min_ms, 10.0);
	assert_deq(db->max_ms, 100.0); /* the failed record counts */
	cr_assert_eq(db->prev_count, 2);
	cr_assert(db->has_prev_avg);
	assert_near(db->prev_avg_ms, 25.0);
	cr_assert(db->has_avg_change);
	assert_near(db->avg_change_pct, 60.0);

	cr_assert_eq(api->count, 4);
	cr_assert_eq(api->success, 4);
	cr_assert_eq(api->failed, 0);
	assert_deq(api->error_rate_pct, 0.0);
	assert_near(api->avg_ms, 65.0);
	assert_near(api->pct_ms[0], 65.0);
	assert_near(api->pct_ms[1], 78.5);
	assert_near(api->pct_ms[2], 79.7);
	assert_deq(api->min_ms, 50.0);
	assert_deq(api->max_ms, 80.0);
	cr_assert_eq(api->prev_count, 1);
	assert_near(api->prev_avg_ms, 100.0);
	assert_near(api->avg_change_pct, -35.0);

	cr_assert_eq(cache->count, 5);
	assert_deq(cache->avg_ms, 1.0);
	assert_deq(cache->pct_ms[0], 1.0);
	assert_deq(cache->pct_ms[1], 1.0);
	assert_deq(cache->pct_ms[2], 1.0);
	cr_assert_eq(cache->prev_count, 0);
	cr_assert_not(cache->has_prev_avg);
	cr_assert_not(cache->has_avg_change);

	cr_assert_eq(zeta->count, 1);
	assert_deq(zeta->avg_ms, 7.0);
	assert_deq(zeta->pct_ms[1], 7.0);
	assert_deq(zeta->min_ms, 7.0);
	assert_deq(zeta->max_ms, 7.0);
	cr_assert_eq(zeta->prev_count, 0);
	fx_free(&f, r);
}

Test(report, flags_and_findings)
{
	struct fx f;
	struct report *r = fx_main_build(&f, CMD_MONTHLY);

	cr_assert_eq(row_named(r, "cache.get")->flags, FLAG_NEW);
	cr_assert_eq(row_named(r, "db.query")->flags, FLAG_OUTLIER | FLAG_SLOWER | FLAG_ERRORS);
	cr_assert_eq(row_named(r, "api.call")->flags, FLAG_FASTER);
	cr_assert_eq(row_named(r, "zeta")->flags, FLAG_NEW);
	cr_assert_eq(r->n_findings, 3);
	for (size_t i = 0; i < 3; i++)
		cr_assert_str_eq(r->findings[i].operation, "db.query");
	cr_assert_eq(r->findings[0].flag, FLAG_OUTLIER);
	assert_near(r->findings[0].value, 88.0);
	assert_near(r->findings[0].threshold, 80.0);
	cr_assert_eq(r->findings[1].flag, FLAG_SLOWER);
	assert_near(r->findings[1].value, 40.0);
	assert_near(r->findings[1].threshold, 20.0);
	cr_assert(r->findings[1].has_previous);
	assert_near(r->findings[1].previous, 25.0);
	cr_assert_eq(r->findings[2].flag, FLAG_ERRORS);
	assert_near(r->findings[2].value, 20.0);
	assert_near(r->findings[2].threshold, 1.0);
	fx_free(&f, r);
}

Test(report, min_samples_from_options)
{
	struct fx f;
	struct report *r;

	fx_main(&f, CMD_MONTHLY);
	f.o.min_samples = 6;
	fx_main_records(&f);
	r = fx_build(&f);
	for (size_t i = 0; i < r->n_rows; i++)
		cr_assert_eq(r->rows[i].flags, 0, "%s", r->rows[i].operation);
	cr_assert_eq(r->n_findings, 0);
	fx_free(&f, r);
}

Test(report, totals_and_input_counts)
{
	struct fx f;
	struct report *r = fx_main_build(&f, CMD_MONTHLY);

	cr_assert_eq(r->totals.count, 15);
	cr_assert_eq(r->totals.success, 14);
	cr_assert_eq(r->totals.failed, 1);
	cr_assert(r->totals.has_error_rate);
	assert_near(r->totals.error_rate_pct, 100.0 / 15.0);
	cr_assert_eq(r->input.records, 25);
	cr_assert_eq(r->input.lines, 29);
	cr_assert_eq(r->input.malformed, 2);
	/* 15 current + 7 previous; the other 3 are in neither window. */
	cr_assert_eq(r->input.outside_window, 3);
	cr_assert_eq(r->input.n_files, 2);
	cr_assert_str_eq(r->input.files[0], "a.jsonl");
	cr_assert_str_eq(r->input.files[1], "<stdin>");
	cr_assert_neq(r->input.files, f.files, "file list not copied");
	cr_assert_neq(r->input.files[0], f.files[0], "file name not copied");
	fx_free(&f, r);
}

Test(report, header_fields)
{
	struct fx f;
	struct report *r;

	fx_main(&f, CMD_MONTHLY);
	f.o.generated_at_us = T_2026_01_01; /* cli_parse's reading of SOURCE_DATE_EPOCH */
	fx_main_records(&f);
	r = fx_build(&f);
	cr_assert_eq(r->command, CMD_MONTHLY);
	cr_assert_str_eq(r->label, "Last 30 days");
	cr_assert_eq(r->generated_at, T_2026_01_01);
	cr_assert_eq(r->start, T_2026_01_02);
	cr_assert_eq(r->end, T_2026_02_01);
	cr_assert_eq(r->prev_start, T_2025_12_03);
	cr_assert_eq(r->prev_end, T_2026_01_02);
	assert_deq(r->days, 30.0);
	cr_assert_eq(r->n_series, 0, "only trends has a series");
	cr_assert_not(r->rows[0].has_trend_change, "no series, no trend change");
	fx_free(&f, r);
}

Test(report, labels_per_command)
{
	struct fx f;
	struct report *r;

	fx_options(&f, CMD_WEEKLY, T_2026_02_01);
	fx_begin(&f);
	r = fx_build(&f);
	cr_assert_str_eq(r->label, "Last 7 days");
	assert_deq(r->days, 7.0);
	fx_free(&f, r);

	fx_options(&f, CMD_TRENDS, T_2026_02_01);
	fx_begin(&f);
	r = fx_build(&f);
	cr_assert_str_eq(r->label, "Last 90 days");
	cr_assert_eq(r->bucket, BUCKET_WEEK);
	fx_free(&f, r);

	fx_options(&f, CMD_REPORT, T_2026_02_01 + 40 * DAY);
	f.o.since_us = T_2026_01_01;
	f.o.since_set = true;
	f.o.until_us = T_2026_02_01;
	f.o.until_set = true;
	fx_begin(&f);
	r = fx_build(&f);
	cr_assert_str_eq(r->label, "2026-01-01 – 2026-02-01");
	assert_deq(r->days, 31.0);
	fx_free(&f, r);
}

Test(report, previous_only_names_sorted)
{
	struct fx f;
	struct report *r = fx_main_build(&f, CMD_MONTHLY);

	cr_assert_eq(r->n_previous_only, 2);
	cr_assert_str_eq(r->previous_only[0], "aaa.old");
	cr_assert_str_eq(r->previous_only[1], "old.op");
	fx_free(&f, r);
}

Test(report, row_names_sort_bytewise)
{
	struct fx f;
	struct report *r;
	static const char *const names[] = {"b", "\xc3\xa9", "_x", "B", "a", "ab"};
	static const char *const want[] = {"B", "_x", "a", "ab", "b", "\xc3\xa9"};

	fx_options(&f, CMD_WEEKLY, T_2026_02_01);
	fx_begin(&f);
	for (size_t i = 0; i < 6; i++)
		fx_add(&f, T_2026_01_27 + (int64_t)i, names[i], 1, true, NULL);
	fx_add(&f, T_2026_01_27, "zz", 1, true, NULL);
	fx_add(&f, T_2026_01_27, "zz", 1, true, NULL);
	r = fx_build(&f);
	cr_assert_eq(r->n_rows, 7);
	cr_assert_str_eq(r->rows[0].operation, "zz");
	for (size_t i = 0; i < 6; i++)
		cr_assert_str_eq(r->rows[i + 1].operation, want[i], "row %zu", i + 1);
	fx_free(&f, r);
}

/* ---- slowest and most frequent ------------------------------------------------------ */

Test(report, slowest_in_duration_order_with_sessions)
{
	struct fx f;
	struct report *r = fx_main_build(&f, CMD_MONTHLY);
	static const double want_d[] = {100, 80, 70, 60, 50, 40, 30, 20, 10, 7};
	static const char *const want_op[] = {"db.query", "api.call", "api.call", "api.call",
		"api.call", "db.query", "db.query", "db.query", "db.query", "zeta"};
	static const int64_t want_ts[] = {JAN(14), JAN(18), JAN(17), JAN(16), JAN(15), JAN(13),
		JAN(12), JAN(11), JAN(10), JAN(25)};

	cr_assert_eq(r->n_slowest, 10);
	for (size_t i = 0; i < 10; i++) {
		assert_deq(r->slowest[i].duration_ms, want_d[i]);
		cr_assert_str_eq(r->slowest[i].operation, want_op[i], "entry %zu", i);
		cr_assert_str_eq(r->rows[r->slowest[i].row].operation, want_op[i], "entry %zu", i);
		cr_assert_eq(r->slowest[i].ts_us, want_ts[i], "entry %zu", i);
	}
	cr_assert_str_eq(r->slowest[0].session_id, "s-slow");
	cr_assert_null(r->slowest[1].session_id);
	cr_assert_str_eq(r->slowest[8].session_id, "s1");
	fx_free(&f, r);
}

Test(report, slowest_ties_by_time_then_name)
{
	struct fx f;
	struct report *r;

	fx_options(&f, CMD_WEEKLY, T_2026_02_01);
	fx_begin(&f);
	fx_add(&f, T_2026_01_27 + HOUR, "a", 50, true, NULL);
	fx_add(&f, T_2026_01_27, "c", 50, true, NULL);
	fx_add(&f, T_2026_01_27, "b", 50, true, "sb");
	fx_add(&f, T_2026_01_27 + 2 * HOUR, "z", 60, true, NULL);
	fx_add(&f, T_2026_01_27 - HOUR, "y", 49.999, true, NULL);
	r = fx_build(&f);
	cr_assert_eq(r->n_slowest, 5);
	cr_assert_str_eq(r->slowest[0].operation, "z");
	cr_assert_str_eq(r->slowest[1].operation, "b");
	cr_assert_str_eq(r->slowest[1].session_id, "sb");
	cr_assert_eq(r->slowest[1].ts_us, T_2026_01_27);
	cr_assert_str_eq(r->slowest[2].operation, "c");
	cr_assert_str_eq(r->slowest[3].operation, "a");
	cr_assert_str_eq(r->slowest[4].operation, "y");
	fx_free(&f, r);
}

/* Spec order of two (duration, ts, name) triples: slower first, then earlier, then name. */
struct slow_ref {
	double d;
	int64_t ts;
	const char *op;
};

static int
slow_ref_cmp(const void *pa, const void *pb)
{
	const struct slow_ref *a = pa, *b = pb;

	if (a->d > b->d)
		return -1;
	if (a->d < b->d)
		return 1;
	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	return strcmp(a->op, b->op);
}

Test(report, slowest_top_k_matches_a_full_sort)
{
	/* 2000 records with many equal durations and instants: the top 25 must be exactly
	 * the first 25 of the whole list sorted by the spec's order. */
	static const char *const ops[] = {"alpha", "beta", "gamma", "delta", "eps"};
	size_t n = 2000, k = 25;
	struct slow_ref *ref = xcalloc(n, sizeof(*ref));
	uint32_t s = 12345;
	struct fx f;
	struct report *r;

	fx_options(&f, CMD_WEEKLY, T_2026_02_01);
	f.o.top = (long)k;
	fx_begin(&f);
	for (size_t i = 0; i < n; i++) {
		s = s * 1664525u + 1013904223u;
		ref[i].d = (double)((s >> 8) % 40) * 2.5;
		ref[i].ts = T_2026_01_27 + (int64_t)((s >> 20) % 7) * SEC;
		ref[i].op = ops[(s >> 4) % 5];
		fx_add(&f, ref[i].ts, ref[i].op, ref[i].d, true, NULL);
	}
	qsort(ref, n, sizeof(*ref), slow_ref_cmp);
	r = fx_build(&f);
	cr_assert_eq(r->n_slowest, k);
	for (size_t i = 0; i < k; i++) {
		assert_deq(r->slowest[i].duration_ms, ref[i].d);
		cr_assert_eq(r->slowest[i].ts_us, ref[i].ts, "entry %zu", i);
		cr_assert_str_eq(r->slowest[i].operation, ref[i].op, "entry %zu", i);
	}
	free(ref);
	fx_free(&f, r);
}

Test(report, most_frequent_with_shares)
{
	struct fx f;
	struct report *r = fx_main_build(&f, CMD_MONTHLY);

	cr_assert_eq(r->n_most_frequent, 4);
	cr_assert_str_eq(r->most_frequent[0].operation, "cache.get");
	cr_assert_eq(r->most_frequent[0].count, 5);
	assert_near(r->most_frequent[0].share_pct, 100.0 * 5 / 15);
	cr_assert_str_eq(r->most_frequent[1].operation, "db.query");
	assert_near(r->most_frequent[1].share_pct, 100.0 * 5 / 15);
	cr_assert_str_eq(r->most_frequent[2].operation, "api.call");
	cr_assert_eq(r->most_frequent[2].count, 4);
	assert_near(r->most_frequent[2].share_pct, 100.0 * 4 / 15);
	cr_assert_str_eq(r->most_frequent[3].operation, "zeta");
	assert_near(r->most_frequent[3].share_pct, 100.0 / 15);
	fx_free(&f, r);
}

Test(report, top_limits_both_lists)
{
	struct fx f;
	struct report *r;

	fx_main(&f, CMD_MONTHLY);
	f.o.top = 3;
	fx_main_records(&f);
	r = fx_build(&f);
	cr_assert_eq(r->n_slowest, 3);
	assert_deq(r->slowest[0].duration_ms, 100.0);
	assert_deq(r->slowest[1].duration_ms, 80.0);
	assert_deq(r->slowest[2].duration_ms, 70.0);
	cr_assert_eq(r->n_most_frequent, 3);
	cr_assert_str_eq(r->most_frequent[2].operation, "api.call");
	/* Rows are not limited by --top. */
	cr_assert_eq(r->n_rows, 4);
	fx_free(&f, r);
}

Test(report, top_zero_leaves_the_lists_out)
{
	struct fx f;
	struct report *r;

	fx_main(&f, CMD_MONTHLY);
	f.o.top = 0;
	fx_main_records(&f);
	r = fx_build(&f);
	cr_assert_eq(r->n_slowest, 0);
	cr_assert_eq(r->n_most_frequent, 0);
	cr_assert_eq(r->n_rows, 4);
	cr_assert_eq(r->n_findings, 3);
	fx_free(&f, r);
}

Test(report, top_larger_than_everything)
{
	struct fx f;
	struct report *r;

	fx_main(&f, CMD_MONTHLY);
	f.o.top = 1000;
	fx_main_records(&f);
	r = fx_build(&f);
	cr_assert_eq(r->n_slowest, 15);
	assert_deq(r->slowest[14].duration_ms, 1.0);
	/* Equal durations: earlier first; the one at the window start is the earliest. */
	cr_assert_eq(r->slowest[10].ts_us, T_2026_01_02);
	cr_assert_eq(r->n_most_frequent, 4);
	fx_free(&f, r);
}

/* ---- --op ------------------------------------------------------------------------- */

Test(report, op_filter_narrows_rows_totals_and_lists)
{
	struct fx f;
	struct report *r;
	char op1[] = "db.query", op2[] = "no.such.op";
	char *ops[] = {op1, op2};

	fx_main(&f, CMD_MONTHLY);
	f.o.ops = ops;
	f.o.n_ops = 2;
	fx_main_records(&f);
	r = fx_build(&f);
	cr_assert_eq(r->n_rows, 1);
	cr_assert_str_eq(r->rows[0].operation, "db.query");
	cr_assert_eq(r->rows[0].count, 5);
	cr_assert_eq(r->rows[0].prev_count, 2);
	cr_assert_eq(r->totals.count, 5);
	cr_assert_eq(r->totals.success, 4);
	cr_assert_eq(r->totals.failed, 1);
	assert_near(r->totals.error_rate_pct, 20.0);
	cr_assert_eq(r->n_slowest, 5);
	for (size_t i = 0; i < r->n_slowest; i++)
		cr_assert_str_eq(r->slowest[i].operation, "db.query");
	cr_assert_eq(r->n_most_frequent, 1);
	assert_near(r->most_frequent[0].share_pct, 100.0);
	cr_assert_eq(r->n_previous_only, 0);
	cr_assert_eq(r->n_findings, 3);
	/* The input counts still describe every record read. */
	cr_assert_eq(r->input.records, 25);
	cr_assert_eq(r->input.outside_window, 3);
	fx_free(&f, r);
}

Test(report, op_filter_on_a_previous_only_operation)
{
	struct fx f;
	struct report *r;
	char op1[] = "old.op";
	char *ops[] = {op1};

	fx_main(&f, CMD_MONTHLY);
	f.o.ops = ops;
	f.o.n_ops = 1;
	fx_main_records(&f);
	r = fx_build(&f);
	cr_assert_eq(r->n_rows, 0);
	cr_assert_eq(r->totals.count, 0);
	cr_assert_not(r->totals.has_error_rate);
	cr_assert_eq(r->n_slowest, 0);
	cr_assert_eq(r->n_most_frequent, 0);
	cr_assert_eq(r->n_previous_only, 1);
	cr_assert_str_eq(r->previous_only[0], "old.op");
	cr_assert_eq(r->input.outside_window, 3);
	fx_free(&f, r);
}

/* ---- edge cases ------------------------------------------------------------------- */

Test(report, empty_window)
{
	struct fx f;
	struct report *r;

	fx_options(&f, CMD_MONTHLY, T_2026_02_01);
	fx_begin(&f);
	fx_add(&f, T_2026_02_01 + DAY, "late", 1, true, NULL);
	r = fx_build(&f);
	cr_assert_eq(r->n_rows, 0);
	cr_assert_eq(r->totals.count, 0);
	cr_assert_eq(r->totals.success, 0);
	cr_assert_eq(r->totals.failed, 0);
	cr_assert_not(r->totals.has_error_rate);
	cr_assert_eq(r->n_slowest, 0);
	cr_assert_eq(r->n_most_frequent, 0);
	cr_assert_eq(r->n_findings, 0);
	cr_assert_eq(r->n_previous_only, 0);
	cr_assert_eq(r->input.outside_window, 1);
	fx_free(&f, r);
}

Test(report, previous_average_zero_gives_no_change)
{
	struct fx f;
	struct report *r;
	const struct op_row *row;

	fx_options(&f, CMD_WEEKLY, T_2026_02_01);
	fx_begin(&f);
	fx_add(&f, T_2026_01_27, "z", 50, true, NULL);
	fx_add(&f, T_2026_01_19, "z", 0, true, NULL);
	fx_add(&f, T_2026_01_19 + HOUR, "z", 0, true, NULL);
	r = fx_build(&f);
	row = row_named(r, "z");
	cr_assert_eq(row->prev_count, 2);
	cr_assert(row->has_prev_avg);
	assert_deq(row->prev_avg_ms, 0.0);
	cr_assert_not(row->has_avg_change);
	cr_assert_eq(row->flags, 0, "neither slower nor faster nor new");
	fx_free(&f, r);
}

Test(report, percentiles_of_one_and_two_values)
{
	struct fx f;
	struct report *r;
	const struct op_row *two;

	fx_options(&f, CMD_WEEKLY, T_2026_02_01);
	fx_begin(&f);
	fx_add(&f, T_2026_01_27, "two", 20, true, NULL);
	fx_add(&f, T_2026_01_27, "two", 10, true, NULL);
	r = fx_build(&f);
	two = row_named(r, "two");
	assert_near(two->pct_ms[0], 15.0);
	assert_near(two->pct_ms[1], 19.5);
	assert_near(two->pct_ms[2], 19.9);
	assert_deq(two->avg_ms, 15.0);
	fx_free(&f, r);
}

Test(report, average_is_compensated)
{
	struct fx f;
	struct report *r;

	/* Ten times 0.1: a plain double sum gives 0.9999999999999999 and an average of
	 * 0.09999999999999999; the exact sum rounds to 1.0 and the average to 0.1. */
	fx_options(&f, CMD_WEEKLY, T_2026_02_01);
	fx_begin(&f);
	for (int i = 0; i < 10; i++)
		fx_add(&f, T_2026_01_27 + i, "tenth", 0.1, true, NULL);
	r = fx_build(&f);
	assert_deq(r->rows[0].avg_ms, 0.1);
	fx_free(&f, r);
}

Test(report, percentile_column_names)
{
	struct fx f;
	struct report *r;
	const struct op_row *db;

	fx_main(&f, CMD_MONTHLY);
	f.o.percentiles[0] = 50.0;
	f.o.percentiles[1] = 99.9;
	f.o.percentiles[2] = 12.5;
	f.o.percentiles[3] = 99.99;
	f.o.percentiles[4] = 1;
	f.o.n_percentiles = 5;
	fx_main_records(&f);
	r = fx_build(&f);
	cr_assert_eq(r->n_percentiles, 5);
	cr_assert_str_eq(r->pct_names[0], "p50_ms");
	cr_assert_str_eq(r->pct_names[1], "p99.9_ms");
	cr_assert_str_eq(r->pct_names[2], "p12.5_ms");
	cr_assert_str_eq(r->pct_names[3], "p99.99_ms");
	cr_assert_str_eq(r->pct_names[4], "p1_ms");
	assert_deq(r->percentiles[1], 99.9);
	db = row_named(r, "db.query");
	/* 10 20 30 40 100: h = 4p. */
	assert_near(db->pct_ms[0], 30.0);     /* h 2 */
	assert_near(db->pct_ms[1], 99.76);    /* h 3.996: 40 + 0.996 * 60 */
	assert_near(db->pct_ms[2], 15.0);     /* h 0.5 */
	assert_near(db->pct_ms[3], 99.976);   /* h 3.9996 */
	assert_near(db->pct_ms[4], 10.4);     /* h 0.04 */
	/* Detection still uses p95 (88 > 80), whichever columns are shown. */
	cr_assert(row_named(r, "db.query")->flags & FLAG_OUTLIER);
	fx_free(&f, r);
}

/* ---- trends ----------------------------------------------------------------------- */

/* The trends data set: trends --days 7 at 2026-02-01, so [2026-01-25, 2026-02-01) with
 * day buckets (options must be set before). */
static void
fx_trends_records(struct fx *f)
{
	fx_begin(f);
	/* "c": 100 records on Jan 28, durations 1..100 added in a scrambled order. */
	for (int i = 0; i < 100; i++) {
		int d = (i * 37) % 100 + 1;
		fx_add(f, T_2026_01_27 + DAY + (int64_t)d * SEC, "c", d, d % 10 != 0, NULL);
	}
	fx_add(f, T_2026_01_25 + 10 * HOUR, "a", 1, true, NULL);
	fx_add(f, T_2026_01_27 + 5 * HOUR, "a", 10, true, NULL);
	fx_add(f, T_2026_01_25 + 11 * HOUR, "a", 3, false, NULL);
	fx_add(f, T_2026_01_25 + 9 * HOUR, "a", 2, true, NULL);
	fx_add(f, T_2026_01_26 + HOUR, "b", 7, false, NULL);
	fx_add(f, T_2026_01_26, "b", 5, true, NULL);
	/* Previous window: not in the series. */
	fx_add(f, T_2026_01_22, "a", 100, true, NULL);
	fx_add(f, T_2026_01_22, "old", 100, true, NULL);
}

Test(report, trend_series_by_row_then_day)
{
	struct fx f;
	struct report *r;
	const struct series_row *s;

	/* trends --days 7 at 2026-02-01: [2026-01-25, 2026-02-01), day buckets. */
	fx_options(&f, CMD_TRENDS, T_2026_02_01);
	f.o.days = 7;
	f.o.days_set = true;
	fx_trends_records(&f);
	r = fx_build(&f);
	cr_assert_eq(r->bucket, BUCKET_DAY);
	cr_assert_str_eq(r->label, "Last 7 days");
	cr_assert_eq(r->n_rows, 3);
	cr_assert_str_eq(r->rows[0].operation, "c");
	cr_assert_str_eq(r->rows[1].operation, "a");
	cr_assert_str_eq(r->rows[2].operation, "b");
	cr_assert_eq(r->n_series, 4);

	s = &r->series[0];
	cr_assert_str_eq(s->operation, "c");
	cr_assert_eq(s->row, 0);
	cr_assert_eq(s->bucket_start, T_2026_01_27 + DAY);
	cr_assert_eq(s->count, 100);
	assert_near(s->avg_ms, 50.5);
	assert_near(s->p95_ms, 95.05);        /* h 94.05 */
	assert_near(s->p99_ms, 99.01);        /* h 98.01 */
	assert_near(s->error_rate_pct, 10.0); /* 10, 20, ..., 100 failed */

	s = &r->series[1];
	cr_assert_str_eq(s->operation, "a");
	cr_assert_eq(s->row, 1);
	cr_assert_eq(s->bucket_start, T_2026_01_25);
	cr_assert_eq(s->count, 3);
	assert_near(s->avg_ms, 2.0);
	assert_near(s->p95_ms, 2.9);          /* 1 2 3: h 1.9 */
	assert_near(s->p99_ms, 2.98);
	assert_near(s->error_rate_pct, 100.0 / 3.0);

	s = &r->series[2];
	cr_assert_str_eq(s->operation, "a");
	cr_assert_eq(s->bucket_start, T_2026_01_27);
	cr_assert_eq(s->count, 1);
	assert_deq(s->avg_ms, 10.0);
	assert_deq(s->p95_ms, 10.0);
	assert_deq(s->p99_ms, 10.0);
	assert_deq(s->error_rate_pct, 0.0);

	s = &r->series[3];
	cr_assert_str_eq(s->operation, "b");
	cr_assert_eq(s->row, 2);
	cr_assert_eq(s->bucket_start, T_2026_01_26);
	cr_assert_eq(s->count, 2);
	assert_near(s->avg_ms, 6.0);
	assert_near(s->p95_ms, 6.9);
	assert_near(s->p99_ms, 6.98);
	assert_near(s->error_rate_pct, 50.0);

	/* The row itself covers the whole window (a: 1 2 3 10). */
	assert_near(r->rows[1].avg_ms, 4.0);
	cr_assert_eq(r->rows[1].prev_count, 1);
	fx_free(&f, r);
}

Test(report, trend_change_of_p95_from_first_bucket_to_last)
{
	struct fx f;
	struct report *r;

	fx_options(&f, CMD_TRENDS, T_2026_02_01);
	f.o.days = 7;
	f.o.days_set = true;
	fx_trends_records(&f);
	r = fx_build(&f);
	cr_assert_eq(r->n_rows, 3);
	/* c and b: one bucket each, so no change; a: p95 2.9 on Jan 25, 10 on Jan 27. */
	cr_assert(r->rows[0].has_trend_change);
	assert_deq(r->rows[0].trend_change_pct, 0.0);
	cr_assert(r->rows[1].has_trend_change);
	assert_near(r->rows[1].trend_change_pct, 100.0 * (10.0 - 2.9) / 2.9);
	cr_assert(r->rows[2].has_trend_change);
	assert_deq(r->rows[2].trend_change_pct, 0.0);
	fx_free(&f, r);
}

Test(report, trend_change_none_when_first_p95_is_zero)
{
	struct fx f;
	struct report *r;

	fx_options(&f, CMD_TRENDS, T_2026_02_01);
	f.o.days = 7;
	f.o.days_set = true;
	fx_begin(&f);
	fx_add(&f, T_2026_01_25 + HOUR, "z", 0, true, NULL);
	fx_add(&f, T_2026_01_27 + HOUR, "z", 5, true, NULL);
	fx_add(&f, T_2026_01_26 + HOUR, "y", 4, true, NULL);
	fx_add(&f, T_2026_01_27 + HOUR, "y", 2, true, NULL);
	r = fx_build(&f);
	cr_assert_eq(r->n_rows, 2);
	cr_assert_str_eq(r->rows[1].operation, "z");
	cr_assert_eq(r->n_series, 4);
	cr_assert_not(r->rows[1].has_trend_change);
	cr_assert_str_eq(r->rows[0].operation, "y");
	cr_assert(r->rows[0].has_trend_change);
	assert_near(r->rows[0].trend_change_pct, -50.0);
	fx_free(&f, r);
}

Test(report, trend_week_bucket_may_start_before_the_window)
{
	struct fx f;
	struct report *r;

	/* trends --days 10 --bucket week at 2026-02-01: [2026-01-22 (Thu), 2026-02-01). */
	fx_options(&f, CMD_TRENDS, T_2026_02_01);
	f.o.days = 10;
	f.o.days_set = true;
	f.o.bucket = BUCKET_WEEK;
	fx_begin(&f);
	fx_add(&f, T_2026_01_22, "w", 1, true, NULL);
	fx_add(&f, T_2026_01_25, "w", 3, true, NULL);
	fx_add(&f, T_2026_01_26, "w", 5, true, NULL);
	fx_add(&f, T_2026_01_22 - 1, "w", 1000, true, NULL); /* previous window */
	r = fx_build(&f);
	cr_assert_eq(r->start, T_2026_01_22);
	cr_assert_eq(r->bucket, BUCKET_WEEK);
	cr_assert_eq(r->n_series, 2);
	cr_assert_eq(r->series[0].bucket_start, T_2026_01_19);
	cr_assert_eq(r->series[0].count, 2);
	assert_near(r->series[0].avg_ms, 2.0);
	cr_assert_eq(r->series[1].bucket_start, T_2026_01_26);
	cr_assert_eq(r->series[1].count, 1);
	fx_free(&f, r);
}

Test(report, trend_month_buckets)
{
	/* trends --days 400 at 2026-02-01: [2024-12-28, 2026-02-01), month buckets (auto);
	 * the first bucket (2024-12-01) starts before the window. Instants from Python. */
	static const int64_t t_2024_12_01 = INT64_C(1733011200000000);
	static const int64_t t_2024_12_28 = INT64_C(1735344000000000);
	static const int64_t t_2024_12_30 = INT64_C(1735516800000000);
	static const int64_t t_2025_01_01 = INT64_C(1735689600000000);
	static const int64_t t_2025_01_15 = INT64_C(1736899200000000);
	static const int64_t t_2025_03_01 = INT64_C(1740787200000000);
	static const int64_t t_2025_03_31_235959 = INT64_C(1743465599000000);
	struct fx f;
	struct report *r;

	fx_options(&f, CMD_TRENDS, T_2026_02_01);
	f.o.days = 400;
	f.o.days_set = true;
	fx_begin(&f);
	fx_add(&f, t_2024_12_28 - 1, "m", 1000, true, NULL); /* previous window */
	fx_add(&f, t_2024_12_28, "m", 1, true, NULL);
	fx_add(&f, t_2024_12_30, "m", 3, false, NULL);
	fx_add(&f, t_2025_01_15, "m", 10, true, NULL);
	fx_add(&f, t_2025_03_31_235959, "m", 20, true, NULL);
	fx_add(&f, t_2025_03_01, "m", 40, true, NULL);
	fx_add(&f, JAN(31), "m", 5, true, NULL);
	r = fx_build(&f);
	cr_assert_eq(r->bucket, BUCKET_MONTH);
	cr_assert_eq(r->start, t_2024_12_28);
	cr_assert_eq(r->n_series, 4);
	cr_assert_eq(r->series[0].bucket_start, t_2024_12_01);
	cr_assert_eq(r->series[0].count, 2);
	assert_near(r->series[0].avg_ms, 2.0);
	assert_near(r->series[0].error_rate_pct, 50.0);
	cr_assert_eq(r->series[1].bucket_start, t_2025_01_01);
	cr_assert_eq(r->series[1].count, 1);
	cr_assert_eq(r->series[2].bucket_start, t_2025_03_01);
	cr_assert_eq(r->series[2].count, 2);
	assert_near(r->series[2].avg_ms, 30.0);
	assert_near(r->series[2].p95_ms, 39.0); /* 20 40: h 0.95 */
	cr_assert_eq(r->series[3].bucket_start, T_2026_01_01);
	cr_assert_eq(r->series[3].count, 1);
	cr_assert_eq(r->rows[0].count, 6);
	cr_assert_eq(r->rows[0].prev_count, 1);
	fx_free(&f, r);
}

Test(report, trend_series_follows_op_filter)
{
	struct fx f;
	struct report *r;
	char op1[] = "b";
	char *ops[] = {op1};

	fx_options(&f, CMD_TRENDS, T_2026_02_01);
	f.o.days = 7;
	f.o.days_set = true;
	f.o.ops = ops;
	f.o.n_ops = 1;
	fx_begin(&f);
	fx_add(&f, T_2026_01_26, "a", 1, true, NULL);
	fx_add(&f, T_2026_01_26, "b", 2, true, NULL);
	fx_add(&f, T_2026_01_27, "b", 4, true, NULL);
	r = fx_build(&f);
	cr_assert_eq(r->n_rows, 1);
	cr_assert_eq(r->n_series, 2);
	cr_assert_str_eq(r->series[0].operation, "b");
	cr_assert_str_eq(r->series[1].operation, "b");
	cr_assert_eq(r->series[0].bucket_start, T_2026_01_26);
	cr_assert_eq(r->series[1].bucket_start, T_2026_01_27);
	fx_free(&f, r);
}

/* ---- the aggregate's keep policies ------------------------------------------------------ */

Test(report, fixed_aggregate_keeps_only_both_windows)
{
	struct fx f;
	struct report *r;

	fx_options(&f, CMD_WEEKLY, T_2026_02_01);
	fx_begin(&f);
	cr_assert_eq(f.w.prev_start, T_2026_01_25 - 7 * DAY);
	fx_add(&f, f.w.prev_start - 1, "x", 1, true, NULL);
	cr_assert_eq(f.agg.in_windows, 0);
	fx_add(&f, f.w.prev_start, "x", 2, true, NULL);
	cr_assert_eq(f.agg.in_windows, 1);
	fx_add(&f, f.w.end - 1, "x", 3, true, NULL);
	cr_assert_eq(f.agg.in_windows, 2);
	fx_add(&f, f.w.end, "x", 4, true, NULL);
	cr_assert_eq(f.agg.in_windows, 2);
	r = fx_build(&f);
	cr_assert_eq(r->n_rows, 1);
	cr_assert_eq(r->rows[0].count, 1);
	assert_deq(r->rows[0].avg_ms, 3.0);
	cr_assert_eq(r->rows[0].prev_count, 1);
	assert_deq(r->rows[0].prev_avg_ms, 2.0);
	cr_assert_eq(r->input.outside_window, 2);
	fx_free(&f, r);
}

Test(report, moving_aggregate_interns_names_and_sessions)
{
	struct fx f;

	fx_options(&f, CMD_WEEKLY, 0);
	f.o.now_mode = NOW_LATEST;
	agg_init_moving(&f.agg, &f.o, 0);
	for (int i = 0; i < 100; i++)
		fx_add(&f, T_2026_01_27, i % 2 ? "odd" : "even", i, i % 3 != 0,
		    i % 4 ? "sess" : NULL);
	cr_assert_eq(f.agg.n, 100);
	cr_assert_eq(f.agg.ops.count, 2);
	cr_assert_eq(f.agg.sessions.count, 1);
	cr_assert_str_eq(intern_str(&f.agg.ops, f.agg.v[0].op & ~OBS_FAILED), "even");
	cr_assert_str_eq(intern_str(&f.agg.ops, f.agg.v[1].op & ~OBS_FAILED), "odd");
	cr_assert_neq(f.agg.v[0].op & OBS_FAILED, 0, "record 0 failed");
	cr_assert_eq(f.agg.v[1].op & OBS_FAILED, 0);
	cr_assert_eq(f.agg.v[0].sess, 0);
	cr_assert_neq(f.agg.v[1].sess, 0);
	cr_assert_str_eq(intern_str(&f.agg.sessions, f.agg.v[1].sess - 1), "sess");
	agg_free(&f.agg);
	free(f.recs);
}

Test(report, moving_aggregate_drops_what_no_window_can_hold)
{
	struct fx f;

	fx_options(&f, CMD_WEEKLY, 0);
	f.o.now_mode = NOW_LATEST;
	agg_init_moving(&f.agg, &f.o, 10 * SEC);
	fx_add(&f, 100 * SEC, "m", 1, true, NULL);
	cr_assert_eq(f.agg.n, 1);
	cr_assert(f.agg.have_newest);
	cr_assert_eq(f.agg.newest, 100 * SEC);
	/* Older than newest + 1 - span: dropped at once. */
	fx_add(&f, 90 * SEC, "m", 1, true, NULL);
	cr_assert_eq(f.agg.n, 1);
	/* Exactly newest + 1 - span: kept. */
	fx_add(&f, 90 * SEC + 1, "m", 1, true, NULL);
	cr_assert_eq(f.agg.n, 2);
	/* Out of order but recent enough. */
	fx_add(&f, 95 * SEC, "m", 1, true, NULL);
	cr_assert_eq(f.agg.n, 3);
	cr_assert_eq(f.agg.newest, 100 * SEC);
	agg_free(&f.agg);
	free(f.recs);
}

Test(report, moving_aggregate_span_zero_keeps_all)
{
	struct fx f;

	fx_options(&f, CMD_WEEKLY, 0);
	f.o.now_mode = NOW_LATEST;
	agg_init_moving(&f.agg, &f.o, 0);
	fx_add(&f, 100 * SEC, "m", 1, true, NULL);
	fx_add(&f, -100 * DAY, "m", 1, true, NULL);
	fx_add(&f, 200 * SEC, "m", 1, true, NULL);
	cr_assert_eq(f.agg.n, 3);
	cr_assert_eq(f.agg.newest, 200 * SEC);
	agg_free(&f.agg);
	free(f.recs);
}

Test(report, moving_aggregate_prunes_and_keeps_the_windows)
{
	/* 1.2 million records one second apart (13.9 days) under trends --days 1 with
	 * --now latest: the windows need only the last two days (172800 records); the
	 * aggregate must prune the rest as it goes and still report both windows whole. */
	size_t n = 1200000, max_n = 0;
	int64_t base = T_2026_01_01;
	struct fx f;
	struct report *r;
	int64_t now;

	fx_options(&f, CMD_TRENDS, 0);
	f.o.days = 1;
	f.o.days_set = true;
	f.o.now_mode = NOW_LATEST;
	f.o.top = 3;
	agg_init_moving(&f.agg, &f.o, 2 * DAY);
	for (size_t i = 0; i < n; i++) {
		struct rec_in x = {base + (int64_t)i * SEC, "tick", (double)(i % 100), true, NULL};

		agg_add_rec(&f.agg, &x);
		f.added++;
		if (f.agg.n > max_n)
			max_n = f.agg.n;
	}
	cr_assert_leq(max_n, (size_t)1 << 20, "aggregate held %zu observations", max_n);
	cr_assert_lt(f.agg.n, n - 500000, "nothing was pruned: %zu kept", f.agg.n);
	cr_assert_geq(f.agg.n, 172800);
	now = window_now(&f.o, f.agg.have_newest, f.agg.newest);
	cr_assert_eq(now, base + (int64_t)(n - 1) * SEC + 1);
	f.now = now;
	window_resolve(&f.o, now, &f.w);
	agg_finish(&f.agg, &f.w);
	r = fx_build(&f);
	cr_assert_eq(r->n_rows, 1);
	cr_assert_eq(r->rows[0].count, 86400);
	cr_assert_eq(r->rows[0].prev_count, 86400);
	cr_assert_eq(r->input.outside_window, n - 172800);
	/* 864 copies of each of 0..99. */
	assert_near(r->rows[0].avg_ms, 49.5);
	cr_assert(near(r->rows[0].pct_ms[0], 49.5, 1e-6));
	cr_assert(near(r->rows[0].pct_ms[1], 94.05, 1e-6), "p95 %.17g", r->rows[0].pct_ms[1]);
	cr_assert(near(r->rows[0].pct_ms[2], 98.01, 1e-6), "p99 %.17g", r->rows[0].pct_ms[2]);
	assert_deq(r->rows[0].min_ms, 0.0);
	assert_deq(r->rows[0].max_ms, 99.0);
	cr_assert_eq(r->n_slowest, 3);
	assert_deq(r->slowest[0].duration_ms, 99.0);
	/* The earliest 99 in the window: i = n - 86400 + 99 - (n - 86400) % 100. */
	{
		size_t first = n - 86400, i99 = first + (99 + 100 - first % 100) % 100;
		cr_assert_eq(r->slowest[0].ts_us, base + (int64_t)i99 * SEC);
	}
	fx_free(&f, r);
}

/* ---- merging and moving mode give the same report ------------------------------------ */

/* Two reports must agree on everything built from records (averages exactly: both sum
 * sorted values). */
static void
same_report(const struct report *a, const struct report *b)
{
	cr_assert_eq(a->n_rows, b->n_rows);
	for (size_t i = 0; i < a->n_rows; i++) {
		const struct op_row *x = &a->rows[i], *y = &b->rows[i];

		cr_assert_str_eq(x->operation, y->operation, "row %zu", i);
		cr_assert_eq(x->count, y->count, "%s", x->operation);
		cr_assert_eq(x->success, y->success, "%s", x->operation);
		cr_assert_eq(x->failed, y->failed, "%s", x->operation);
		assert_deq(x->avg_ms, y->avg_ms);
		for (size_t k = 0; k < a->n_percentiles; k++)
			assert_deq(x->pct_ms[k], y->pct_ms[k]);
		assert_deq(x->min_ms, y->min_ms);
		assert_deq(x->max_ms, y->max_ms);
		cr_assert_eq(x->prev_count, y->prev_count, "%s", x->operation);
		cr_assert_eq(x->has_prev_avg, y->has_prev_avg);
		assert_deq(x->prev_avg_ms, y->prev_avg_ms);
		cr_assert_eq(x->flags, y->flags, "%s", x->operation);
	}
	cr_assert_eq(a->totals.count, b->totals.count);
	cr_assert_eq(a->totals.success, b->totals.success);
	cr_assert_eq(a->input.outside_window, b->input.outside_window);
	cr_assert_eq(a->n_slowest, b->n_slowest);
	for (size_t i = 0; i < a->n_slowest; i++) {
		cr_assert_str_eq(a->slowest[i].operation, b->slowest[i].operation, "slow %zu", i);
		assert_deq(a->slowest[i].duration_ms, b->slowest[i].duration_ms);
		cr_assert_eq(a->slowest[i].ts_us, b->slowest[i].ts_us, "slow %zu", i);
		cr_assert_eq(a->slowest[i].session_id == NULL, b->slowest[i].session_id == NULL);
		if (a->slowest[i].session_id != NULL)
			cr_assert_str_eq(a->slowest[i].session_id, b->slowest[i].session_id);
	}
	cr_assert_eq(a->n_most_frequent, b->n_most_frequent);
	for (size_t i = 0; i < a->n_most_frequent; i++)
		cr_assert_str_eq(a->most_frequent[i].operation, b->most_frequent[i].operation);
	cr_assert_eq(a->n_findings, b->n_findings);
	for (size_t i = 0; i < a->n_findings; i++) {
		cr_assert_str_eq(a->findings[i].operation, b->findings[i].operation);
		cr_assert_eq(a->findings[i].flag, b->findings[i].flag);
		assert_deq(a->findings[i].value, b->findings[i].value);
	}
	cr_assert_eq(a->n_previous_only, b->n_previous_only);
	for (size_t i = 0; i < a->n_previous_only; i++)
		cr_assert_str_eq(a->previous_only[i], b->previous_only[i]);
	cr_assert_eq(a->n_series, b->n_series);
	for (size_t i = 0; i < a->n_series; i++) {
		cr_assert_str_eq(a->series[i].operation, b->series[i].operation);
		cr_assert_eq(a->series[i].bucket_start, b->series[i].bucket_start);
		cr_assert_eq(a->series[i].count, b->series[i].count);
		assert_deq(a->series[i].avg_ms, b->series[i].avg_ms);
		assert_deq(a->series[i].p95_ms, b->series[i].p95_ms);
		assert_deq(a->series[i].error_rate_pct, b->series[i].error_rate_pct);
	}
}

/* Feed f's records, in reverse order and dealt round-robin, into k fresh aggregates made
 * by init (fixed or moving), merge them into the first, and build that report. */
static struct report *
merged_report(struct fx *f, size_t k, bool moving, int64_t span)
{
	struct aggregate parts[4];
	struct report *r;

	cr_assert_leq(k, 4);
	for (size_t i = 0; i < k; i++) {
		if (moving)
			agg_init_moving(&parts[i], &f->o, span);
		else
			agg_init_fixed(&parts[i], &f->o, &f->w);
	}
	for (size_t j = f->n_recs; j-- > 0;)
		agg_add_rec(&parts[j % k], &f->recs[j]);
	for (size_t i = 1; i < k; i++) {
		agg_merge(&parts[0], &parts[i]);
		agg_free(&parts[i]);
	}
	if (moving)
		agg_finish(&parts[0], &f->w);
	r = report_build(&parts[0], &f->w, &f->o, &f->in);
	agg_free(&parts[0]);
	return r;
}

Test(report, merged_fixed_aggregates_match_one)
{
	struct fx f;
	struct report *one = fx_main_build(&f, CMD_MONTHLY), *three = merged_report(&f, 3, false, 0);

	same_report(one, three);
	report_free(three);
	fx_free(&f, one);
}

Test(report, merged_fixed_aggregates_small_top)
{
	/* With --top 2 each part keeps only its own two slowest; the merge must still give
	 * the overall two. */
	struct fx f;
	struct report *one, *four;

	fx_main(&f, CMD_MONTHLY);
	f.o.top = 2;
	fx_main_records(&f);
	one = fx_build(&f);
	four = merged_report(&f, 4, false, 0);
	cr_assert_eq(one->n_slowest, 2);
	assert_deq(one->slowest[0].duration_ms, 100.0);
	assert_deq(one->slowest[1].duration_ms, 80.0);
	same_report(one, four);
	report_free(four);
	fx_free(&f, one);
}

Test(report, merged_fixed_aggregates_with_op_filter)
{
	struct fx f;
	struct report *one, *two;
	char op1[] = "api.call", op2[] = "zeta";
	char *ops[] = {op1, op2};

	fx_main(&f, CMD_MONTHLY);
	f.o.ops = ops;
	f.o.n_ops = 2;
	fx_main_records(&f);
	one = fx_build(&f);
	two = merged_report(&f, 2, false, 0);
	cr_assert_eq(one->n_rows, 2);
	same_report(one, two);
	report_free(two);
	fx_free(&f, one);
}

Test(report, merged_trends_aggregates_match_one)
{
	struct fx f;
	struct report *one, *three;

	fx_options(&f, CMD_TRENDS, T_2026_02_01);
	f.o.days = 7;
	f.o.days_set = true;
	fx_trends_records(&f);
	one = fx_build(&f);
	three = merged_report(&f, 3, false, 0);
	cr_assert_eq(one->n_series, 4);
	same_report(one, three);
	report_free(three);
	fx_free(&f, one);
}

Test(report, moving_mode_matches_fixed_now)
{
	/* --now latest over the main data set: the newest record is zeta at 2026-02-06, so
	 * now = 2026-02-06 + 1 µs. A fixed now at that instant must give the same report. */
	struct fx f;
	struct report *fixed, *moving, *merged;
	int64_t now = T_2026_02_01 + 5 * DAY + 1;

	fx_options(&f, CMD_MONTHLY, now);
	fx_main_records(&f);
	fixed = fx_build(&f);
	cr_assert_eq(fixed->end, now);
	/* The 2026-02-01 db.query record is inside this window; zeta's newest too. */
	cr_assert_eq(row_named(fixed, "db.query")->count, 6);
	cr_assert_eq(row_named(fixed, "zeta")->count, 2);
	f.o.now_mode = NOW_LATEST;
	moving = merged_report(&f, 1, true, 60 * DAY);
	same_report(fixed, moving);
	merged = merged_report(&f, 3, true, 60 * DAY);
	same_report(fixed, merged);
	report_free(moving);
	report_free(merged);
	fx_free(&f, fixed);
}

Test(report, moving_mode_trends_matches_fixed_now)
{
	struct fx f;
	struct report *fixed, *moving;
	int64_t now = T_2026_01_27 + DAY + 100 * SEC + 1; /* newest: c's 100 on Jan 28 */

	fx_options(&f, CMD_TRENDS, now);
	f.o.days = 7;
	f.o.days_set = true;
	fx_trends_records(&f);
	fixed = fx_build(&f);
	f.o.now_mode = NOW_LATEST;
	moving = merged_report(&f, 2, true, 14 * DAY);
	same_report(fixed, moving);
	report_free(moving);
	fx_free(&f, fixed);
}

/* ---- sorting ahead of report_build (agg_sort) ------------------------------------- */

/* Records of three operations, durations in a scrambled order, over both windows (and, for
 * trends, many buckets). */
static void
fx_scrambled(struct fx *f)
{
	const char *ops[] = {"a", "b", "c"};

	fx_begin(f);
	for (int i = 0; i < 3000; i++) {
		double dur = (double)((i * 7919) % 3001) / 4.0;
		int64_t ts = f->now - 1 - (int64_t)((i * 104729) % (55 * 24)) * HOUR;

		fx_add(f, ts, ops[i % 3], dur, i % 97 != 0, NULL);
	}
}

/* True when every duration vector of a is ascending and flagged so. */
static bool
all_sorted(const struct aggregate *a)
{
	for (size_t op = 0; op < a->acc_cap; op++) {
		const struct op_acc *acc = &a->acc[op];
		const struct dvec *v[2] = {&acc->win[0], &acc->win[1]};

		for (size_t k = 0; k < 2 + acc->n_bucket; k++) {
			const struct dvec *d = k < 2 ? v[k] : &acc->bucket[k - 2];

			if (d->n > 1 && !d->sorted)
				return false;
			for (size_t i = 1; i < d->n; i++)
				if (d->v[i - 1] > d->v[i])
					return false;
		}
	}
	return true;
}

static void
check_agg_sort(enum command c)
{
	struct fx plain, sorted;
	struct report *want, *got;

	fx_options(&plain, c, T_2026_02_01);
	fx_scrambled(&plain);
	want = fx_build(&plain);
	fx_options(&sorted, c, T_2026_02_01);
	fx_scrambled(&sorted);
	cr_assert_not(all_sorted(&sorted.agg), "the fixture should start unsorted");
	agg_sort(&sorted.agg, 3);
	cr_assert(all_sorted(&sorted.agg));
	got = fx_build(&sorted);
	cr_assert_eq(got->n_rows, want->n_rows);
	cr_assert_eq(got->n_rows, 3);
	for (size_t i = 0; i < got->n_rows; i++) {
		const struct op_row *x = &got->rows[i], *y = &want->rows[i];

		cr_assert_str_eq(x->operation, y->operation);
		cr_assert_eq(x->count, y->count);
		assert_deq(x->avg_ms, y->avg_ms);
		for (size_t k = 0; k < 3; k++)
			assert_deq(x->pct_ms[k], y->pct_ms[k]);
		assert_deq(x->min_ms, y->min_ms);
		assert_deq(x->max_ms, y->max_ms);
		cr_assert_eq(x->prev_count, y->prev_count);
		assert_deq(x->prev_avg_ms, y->prev_avg_ms);
	}
	cr_assert_eq(got->n_series, want->n_series);
	for (size_t i = 0; i < got->n_series; i++) {
		assert_deq(got->series[i].p95_ms, want->series[i].p95_ms);
		assert_deq(got->series[i].avg_ms, want->series[i].avg_ms);
	}
	fx_free(&plain, want);
	fx_free(&sorted, got);
}

Test(report, agg_sort_on_three_threads_gives_the_same_report)
{
	check_agg_sort(CMD_MONTHLY);
}

Test(report, agg_sort_sorts_trend_buckets_too)
{
	check_agg_sort(CMD_TRENDS);
}

/* ---- significance (SPEC sections 5 and 6) ------------------------------------------ */

Test(report, stddev_and_p_value_in_the_rows)
{
	struct fx f;
	struct report *r;
	const struct op_row *db, *api, *zeta;

	fx_main(&f, CMD_MONTHLY);
	f.o.alpha = 0.05;
	fx_main_records(&f);
	r = fx_build(&f);
	db = row_named(r, "db.query");
	api = row_named(r, "api.call");
	zeta = row_named(r, "zeta");
	/* numpy.std([10, 20, 30, 40, 100], ddof=1) */
	cr_assert(db->has_stddev);
	assert_near(db->stddev_ms, 35.35533905932738);
	cr_assert_not(zeta->has_stddev, "one record: no standard deviation");
	/* scipy.stats.mannwhitneyu([10, 20, 30, 40, 100], [20, 30], method="asymptotic") */
	cr_assert(db->has_p_value);
	assert_near(db->p_value, 0.8436689495519663);
	/* ... ([50, 60, 70, 80], [100]) */
	cr_assert(api->has_p_value);
	assert_near(api->p_value, 0.2888443663464849);
	cr_assert_not(zeta->has_p_value, "new: no previous window to test against");
	/* +100 % on 5 vs 2 records is not significant, -35 % on 4 vs 1 neither: no drift
	 * flag. The one failure in 5 at 1 % (p = 0.049) is one of three tests (two drifts,
	 * one errors): its Benjamini-Hochberg q is 0.049 * 3 / 1 = 0.147, no flag. */
	cr_assert_eq(db->flags, FLAG_OUTLIER);
	cr_assert_eq(api->flags, 0);
	cr_assert(db->has_q_value);
	assert_near(db->q_value, 0.8436689495519663); /* rank 3 of 3: q = p */
	assert_near(api->q_value, 0.2888443663464849 * 3 / 2);
	cr_assert_not(zeta->has_q_value, "new: no test, not in the family");
	fx_free(&f, r);
	/* --fdr off: each test on its own, and p = 0.049 raises errors. */
	fx_main(&f, CMD_MONTHLY);
	f.o.alpha = 0.05;
	f.o.fdr_off = true;
	fx_main_records(&f);
	r = fx_build(&f);
	db = row_named(r, "db.query");
	cr_assert_eq(db->flags, FLAG_OUTLIER | FLAG_ERRORS);
	assert_near(db->q_value, db->p_value);
	cr_assert_eq(r->n_findings, 2);
	assert_near(r->findings[1].p_value, r->findings[1].q_value);
	fx_free(&f, r);
}

/* ---- charts (SPEC section 13) ---------------------------------------------------- */

Test(report, trend_series_has_p50)
{
	struct fx f;
	struct report *r;

	fx_options(&f, CMD_TRENDS, T_2026_02_01);
	f.o.days = 7;
	f.o.days_set = true;
	f.o.charts = 3;
	fx_trends_records(&f);
	r = fx_build(&f);
	cr_assert_eq(r->n_series, 4);
	assert_near(r->series[0].p50_ms, 50.5); /* c: 1..100, h 49.5 */
	assert_near(r->series[1].p50_ms, 2.0);  /* a: 1 2 3 */
	assert_deq(r->series[2].p50_ms, 10.0);  /* a: 10 */
	assert_near(r->series[3].p50_ms, 6.0);  /* b: 5 7 */
	/* The window's seven day buckets, in order. */
	cr_assert_eq(r->n_buckets, 7);
	for (size_t k = 0; k < 7; k++)
		cr_assert_eq(r->buckets[k], T_2026_01_25 + (int64_t)k * DAY);
	fx_free(&f, r);
}

Test(report, no_chart_no_buckets)
{
	struct fx f;
	struct report *r;

	fx_main(&f, CMD_MONTHLY);
	fx_main_records(&f);
	cr_assert(!f.agg.buckets, "monthly md without --charts keeps no buckets");
	r = fx_build(&f);
	cr_assert_eq(r->n_series, 0);
	cr_assert_eq(r->n_buckets, 0);
	cr_assert_null(r->buckets);
	cr_assert_null(r->histograms);
	cr_assert_eq(r->n_chart_rows, 0);
	fx_free(&f, r);
}

Test(report, charts_for_monthly_degraded_first_then_by_count)
{
	struct fx f;
	struct report *r;
	const struct histogram *h;
	size_t db, cache;

	fx_main(&f, CMD_MONTHLY);
	f.o.charts = 2;
	fx_main_records(&f);
	cr_assert(f.agg.buckets);
	r = fx_build(&f);
	/* [2026-01-02, 2026-02-01): 30 day buckets; a series for every row. */
	cr_assert_eq(r->bucket, BUCKET_DAY);
	cr_assert_eq(r->n_buckets, 30);
	cr_assert_eq(r->buckets[0], T_2026_01_02);
	cr_assert_eq(r->buckets[29], JAN(31));
	cr_assert_eq(r->n_series, 5 + 4 + 5 + 1, "one series row per record's day");
	/* Rows: cache.get (5), db.query (5), api.call (4), zeta (1); db.query is degraded. */
	cr_assert_str_eq(r->rows[0].operation, "cache.get");
	cr_assert_str_eq(r->rows[1].operation, "db.query");
	cache = 0;
	db = 1;
	cr_assert(r->rows[db].flags & FLAG_DEGRADATIONS);
	cr_assert_eq(r->n_chart_rows, 2);
	cr_assert_eq(r->chart_rows[0], db);
	cr_assert_eq(r->chart_rows[1], cache);

	/* db.query 10 20 30 40 100: one decade in tenths; bins [10 x 10^(k/10), ...). */
	h = &r->histograms[db];
	cr_assert_eq(h->zeros, 0);
	cr_assert_eq(h->n_bins, 10);
	assert_deq(h->edges[0], 10.0);
	assert_deq(h->edges[10], 100.0);
	assert_near(h->edges[3], 10.0 * pow(10.0, 0.3));
	{
		static const uint64_t want[10] = {1, 0, 0, 1, 1, 0, 1, 0, 0, 1};

		for (size_t k = 0; k < 10; k++)
			cr_assert_eq(h->counts[k], want[k], "bin %zu: %llu", k,
			    (unsigned long long)h->counts[k]);
	}
	/* cache.get: five times 1 ms, one bin. */
	h = &r->histograms[cache];
	cr_assert_eq(h->n_bins, 1);
	cr_assert_eq(h->counts[0], 5);
	assert_deq(h->edges[0], 1.0);
	assert_deq(h->edges[1], 1.0);
	fx_free(&f, r);
}

Test(report, histogram_keeps_zero_durations_apart)
{
	struct fx f;
	struct report *r;
	const struct op_row *row;

	fx_main(&f, CMD_MONTHLY);
	f.o.format = FMT_HTML;
	fx_begin(&f);
	fx_add(&f, JAN(10), "z", 0, true, NULL);
	fx_add(&f, JAN(11), "z", 0, true, NULL);
	fx_add(&f, JAN(12), "z", 5, true, NULL);
	fx_add(&f, JAN(13), "none", 0, true, NULL);
	r = fx_build(&f);
	cr_assert_eq(r->n_rows, 2);
	row = &r->rows[0];
	cr_assert_str_eq(row->operation, "z");
	cr_assert_eq(r->histograms[0].zeros, 2);
	cr_assert_eq(r->histograms[0].n_bins, 1);
	cr_assert_eq(r->histograms[0].counts[0], 1);
	assert_deq(r->histograms[0].edges[0], 5.0);
	cr_assert_str_eq(r->rows[1].operation, "none");
	cr_assert_eq(r->histograms[1].zeros, 1);
	cr_assert_eq(r->histograms[1].n_bins, 0, "all zero: no log bin");
	cr_assert_null(r->histograms[1].edges);
	/* HTML without --charts charts every row. */
	cr_assert_eq(r->n_chart_rows, 2);
	fx_free(&f, r);
}

/* Durations from a subnormal to near DBL_MAX (a fuzz find): the span is taken as a
 * difference of logarithms, so no quotient overflows; every edge finite and ascending. */
Test(report, histogram_spans_the_whole_double_range)
{
	struct fx f;
	struct report *r;
	const struct histogram *h;

	fx_main(&f, CMD_MONTHLY);
	f.o.format = FMT_HTML;
	fx_begin(&f);
	fx_add(&f, JAN(10), "w", 4.9406564584124654e-324, true, NULL);
	fx_add(&f, JAN(11), "w", 1.0, true, NULL);
	fx_add(&f, JAN(12), "w", 1.7e308, true, NULL);
	r = fx_build(&f);
	h = &r->histograms[0];
	cr_assert_eq(h->n_bins, 40);
	for (size_t k = 0; k <= h->n_bins; k++) {
		cr_assert(isfinite(h->edges[k]), "edge %zu = %g", k, h->edges[k]);
		if (k > 0)
			cr_assert(h->edges[k] > h->edges[k - 1], "edge %zu not above %zu", k, k - 1);
	}
	cr_assert_eq(h->counts[0] + h->counts[h->n_bins - 1], 2);
	fx_free(&f, r);
}
