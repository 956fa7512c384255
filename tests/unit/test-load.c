/* test-load.c - the one loader: a report model over the fixed window, the same with three
 * threads, --now latest settling the window just past the newest record, the --op rule
 * (exact, glob, bracket glob) for every sink, and a custom sink read by parts. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fixture-log.h"
#include "load.h"
#include "timeutil.h"

#define NOW_ARGS "--no-config", "-q", "--now", "2026-11-01"

/* The row of operation name in r, or NULL. */
static const struct op_row *
row_of(const struct report *r, const char *name)
{
	for (size_t i = 0; i < r->n_rows; i++)
		if (strcmp(r->rows[i].operation, name) == 0)
			return &r->rows[i];
	return NULL;
}

/* Load args into *d; asserts success. */
static void
load(struct options *o, struct load_data *d, const char *const *args)
{
	fixture_parse(o, args);
	cr_assert_eq(load_report(o, d), 0);
}

Test(load, monthly_counts_the_windows)
{
	const char *log = fixture_log_write();
	struct options o;
	struct load_data d;
	const struct op_row *llm, *tool;

	load(&o, &d, (const char *const[]){"monthly", NOW_ARGS, "-j", "1", log, NULL});
	cr_assert_eq(d.in.lines, FIXTURE_LOG_LINES);
	cr_assert_eq(d.in.records, FIXTURE_LOG_RECORDS);
	cr_assert_eq(d.in.malformed, 1);
	cr_assert_eq(d.tally.count, 1);
	cr_assert(d.in.has_span);
	cr_assert_eq(d.w.end - d.w.start, 30 * US_PER_DAY);
	llm = row_of(d.r, "llm_call");
	tool = row_of(d.r, "tool_exec");
	cr_assert_not_null(llm);
	cr_assert_not_null(tool);
	cr_assert_eq(llm->count, 2);
	cr_assert_eq(llm->prev_count, 1);
	cr_assert_eq(tool->failed, 1);
	cr_assert_null(row_of(d.r, "memory_search"), "outside both windows");
	cr_assert_str_eq(d.r->command_name, "monthly");
	load_data_free(&d);
	cli_free(&o);
	fixture_log_remove();
}

Test(load, three_threads_load_the_same_model)
{
	const char *log = fixture_log_write();
	struct options o1, o3;
	struct load_data d1, d3;

	load(&o1, &d1, (const char *const[]){"monthly", NOW_ARGS, "-j", "1", log, NULL});
	load(&o3, &d3, (const char *const[]){"monthly", NOW_ARGS, "-j", "3", log, NULL});
	o3.chunk_bytes = 64; /* many chunks of a small file: every thread gets some */
	load_data_free(&d3);
	cr_assert_eq(load_report(&o3, &d3), 0);
	cr_assert_eq(d3.in.records, d1.in.records);
	cr_assert_eq(d3.in.malformed, d1.in.malformed);
	cr_assert_eq(d3.r->n_rows, d1.r->n_rows);
	for (size_t i = 0; i < d1.r->n_rows; i++) {
		const struct op_row *a = &d1.r->rows[i], *b = row_of(d3.r, a->operation);

		cr_assert_not_null(b, "%s", a->operation);
		cr_assert_eq(a->count, b->count, "%s", a->operation);
		cr_assert_eq(a->prev_count, b->prev_count, "%s", a->operation);
	}
	load_data_free(&d1);
	load_data_free(&d3);
	cli_free(&o1);
	cli_free(&o3);
	fixture_log_remove();
}

Test(load, now_latest_ends_the_window_just_past_the_newest_record)
{
	const char *log = fixture_log_write();
	struct options o;
	struct load_data d;
	int64_t newest;
	const char *why;

	cr_assert_eq(tu_parse("2026-10-25T00:00:00Z", 20, 0, &newest, &why), 0);
	load(&o, &d, (const char *const[]){"weekly", "--no-config", "-q", "--now", "latest",
	    log, NULL});
	cr_assert(load_window_moves(&o));
	cr_assert_eq(d.in.last_ts, newest);
	cr_assert_eq(d.w.end, newest + 1);
	cr_assert_eq(d.w.start, newest + 1 - 7 * US_PER_DAY);
	/* 2026-10-18T00:00:00.000001 .. 2026-10-25: llm_call twice, tool_exec, list_dir */
	cr_assert_eq(d.r->totals.count, 4);
	load_data_free(&d);
	cli_free(&o);
	fixture_log_remove();
}

Test(load, report_with_until_does_not_move)
{
	struct options o;

	fixture_parse(&o, (const char *const[]){"report", "--no-config", "--since",
	    "2026-10-01", "--until", "2026-10-10", "--now", "latest", "/dev/null", NULL});
	cr_assert(!load_window_moves(&o));
	cli_free(&o);
	fixture_parse(&o, (const char *const[]){"report", "--no-config", "--since",
	    "2026-10-01", "--now", "latest", "/dev/null", NULL});
	cr_assert(load_window_moves(&o));
	cli_free(&o);
}

Test(load, op_selected_exact_glob_and_bracket)
{
	struct options o;
	static const char long_name[] = "l23456789012345678901234567890123456789012345678901234"
	    "5678901234567890123456789012345678901234567890123456789012345678901234567890123456"
	    "7890123456789012345678901234567890123456789012345678901234567890123456789012345678"
	    "9012345678901234567890123456789012345678901234567890";

	fixture_parse(&o, (const char *const[]){"--no-config", "/dev/null", NULL});
	cr_assert(load_op_selected(&o, "anything", 8), "no --op: every operation");
	cli_free(&o);
	fixture_parse(&o, (const char *const[]){"--no-config", "--op", "[lt]*", "--op",
	    "web_fetch", "/dev/null", NULL});
	cr_assert(load_op_selected(&o, "llm_callXX", 8), "only len bytes are the name");
	cr_assert(load_op_selected(&o, "tool_exec", 9));
	cr_assert(load_op_selected(&o, "web_fetch", 9));
	cr_assert(!load_op_selected(&o, "web_fetch2", 10));
	cr_assert(!load_op_selected(&o, "memory_search", 13));
	cr_assert_gt(strlen(long_name), 256);
	cr_assert(load_op_selected(&o, long_name, strlen(long_name)), "a long name");
	cli_free(&o);
}

/* A sink that counts records per part. */
struct counter {
	size_t records, batches, parts, joined;
	bool bad;
};

static void
count_add(void *ctx, const struct record *r, struct record_parser *p)
{
	struct counter *c = ctx;

	(void)p;
	if (r->op_len == 0 || (r->op[0] != 'l' && r->op[0] != 't'))
		c->bad = true;
	c->records++;
}

static void *
count_part(void *ctx)
{
	struct counter *c = ctx, *part = calloc(1, sizeof(*part));

	c->parts++;
	return part;
}

static void
count_batch(void *ctx, bool keep)
{
	struct counter *c = ctx;

	(void)keep;
	c->batches++;
}

static void
count_join(void *ctx, void *part)
{
	struct counter *c = ctx, *p = part;

	c->records += p->records;
	c->batches += p->batches;
	c->bad |= p->bad;
	c->joined++;
	free(p);
}

Test(load, a_sink_gets_what_op_selects_with_one_thread_or_three)
{
	const char *log = fixture_log_write();
	const char *jobs[] = {"1", "3"};

	for (size_t k = 0; k < 2; k++) {
		struct options o;
		struct counter c = {0};
		struct input_counts in = {0};
		struct malformed_tally t = {0};
		struct load_sink s = {.add = count_add, .ctx = &c, .part_new = count_part,
		    .batch_done = count_batch, .part_join = count_join, .select_ops = true};

		fixture_parse(&o, (const char *const[]){"export", "--no-config", "-q", "--op",
		    "[lt]*", "-j", jobs[k], log, NULL});
		o.chunk_bytes = 64;
		cr_assert_eq(load_scan(&o, &s, &in, &t), 0);
		/* llm_call x3, tool_exec, list_dir */
		cr_assert_eq(c.records, 5, "-j %s: %zu", jobs[k], c.records);
		cr_assert(!c.bad, "-j %s: a record --op does not select", jobs[k]);
		cr_assert_eq(in.records, FIXTURE_LOG_RECORDS);
		cr_assert_eq(c.parts, k == 0 ? 0 : 3);
		cr_assert_eq(c.joined, c.parts);
		if (k == 1)
			cr_assert_gt(c.batches, 0);
		tally_free(&t);
		scan_counts_free(&in);
		cli_free(&o);
	}
	fixture_log_remove();
}
