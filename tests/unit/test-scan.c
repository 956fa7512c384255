/* test-scan.c - the read loop: lines, records, malformed lines and the span counted; the
 * first malformed line quoted with its file and line; the same counts and every record
 * once with three threads; --strict stops; a missing input stops before any record;
 * the default input read when no FILE is named. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fixture-log.h"
#include "scan.h"
#include "timeutil.h"

/* Records seen by one context. */
struct seen {
	size_t records;
	double ms;
};

static void
seen_add(void *ctx, const struct record *r, struct record_parser *p)
{
	struct seen *s = ctx;

	(void)p;
	s->records++;
	s->ms += r->duration_ms;
}

Test(scan, counts_lines_records_malformed_and_the_span)
{
	const char *log = fixture_log_write();
	struct options o;
	struct seen s = {0};
	struct input_counts in = {0};
	struct malformed_tally t = {0};
	int64_t first, last;
	const char *why;

	fixture_parse(&o, (const char *const[]){"--no-config", "-q", log, NULL});
	cr_assert_eq(scan_inputs(&o, seen_add, &s, &in, &t), 0);
	cr_assert_eq(in.lines, FIXTURE_LOG_LINES);
	cr_assert_eq(in.records, FIXTURE_LOG_RECORDS);
	cr_assert_eq(in.malformed, 1);
	cr_assert_eq(s.records, FIXTURE_LOG_RECORDS);
	cr_assert_float_eq(s.ms, 100 + 300 + 50 + 200 + 5 + 7, 1e-9);
	cr_assert_eq(tu_parse("2026-06-01T00:00:00Z", 20, 0, &first, &why), 0);
	cr_assert_eq(tu_parse("2026-10-25T00:00:00Z", 20, 0, &last, &why), 0);
	cr_assert(in.has_span);
	cr_assert_eq(in.first_ts, first);
	cr_assert_eq(in.last_ts, last);
	cr_assert_eq(in.n_files, 1);
	cr_assert_str_eq(in.files[0], log);
	cr_assert_eq(t.count, 1);
	cr_assert_not_null(t.first);
	cr_assert_not_null(strstr(t.first, ":6:"), "file and line: %s", t.first);
	tally_free(&t);
	scan_counts_free(&in);
	cli_free(&o);
	fixture_log_remove();
}

Test(scan, three_threads_see_every_record_once)
{
	const char *log = fixture_log_write();
	struct options o;
	struct seen part[3] = {{0}};
	void *ctx[3] = {&part[0], &part[1], &part[2]};
	struct input_counts in = {0};
	struct malformed_tally t = {0};
	size_t records = 0;
	double ms = 0;

	fixture_parse(&o, (const char *const[]){"--no-config", "-q", log, NULL});
	o.chunk_bytes = 64;
	cr_assert_eq(scan_inputs_mt(&o, 3, seen_add, ctx, NULL, &in, &t), 0);
	for (int i = 0; i < 3; i++) {
		records += part[i].records;
		ms += part[i].ms;
	}
	cr_assert_eq(records, FIXTURE_LOG_RECORDS);
	cr_assert_float_eq(ms, 100 + 300 + 50 + 200 + 5 + 7, 1e-9);
	cr_assert_eq(in.lines, FIXTURE_LOG_LINES);
	cr_assert_eq(in.malformed, 1);
	cr_assert_eq(t.count, 1);
	tally_free(&t);
	scan_counts_free(&in);
	cli_free(&o);
	fixture_log_remove();
}

Test(scan, strict_stops_at_the_malformed_line)
{
	const char *log = fixture_log_write();
	struct options o;
	struct seen s = {0};
	struct input_counts in = {0};
	struct malformed_tally t = {0};

	fixture_parse(&o, (const char *const[]){"--no-config", "-q", "--strict", log, NULL});
	cr_assert_eq(scan_inputs(&o, seen_add, &s, &in, &t), -1);
	cr_assert_eq(s.records, 5, "the five records before line 6");
	tally_free(&t);
	scan_counts_free(&in);
	cli_free(&o);
	fixture_log_remove();
}

Test(scan, a_missing_input_stops_before_any_record)
{
	const char *log = fixture_log_write();
	struct options o;
	struct seen s = {0};
	struct input_counts in = {0};
	struct malformed_tally t = {0};

	fixture_parse(&o, (const char *const[]){"--no-config", "-q", log, NULL});
	/* The file is named on the command line, then gone: the scan says so. */
	fixture_log_remove();
	cr_assert_eq(scan_inputs(&o, seen_add, &s, &in, &t), -1);
	cr_assert_eq(s.records, 0);
	tally_free(&t);
	scan_counts_free(&in);
	cli_free(&o);
}

Test(scan, the_default_input_when_no_file_is_named)
{
	const char *log = fixture_log_write();
	struct options o;
	struct seen s = {0};
	struct input_counts in = {0};
	struct malformed_tally t = {0};

	fixture_parse(&o, (const char *const[]){"--no-config", "-q", NULL});
	cr_assert_eq(o.n_files, 0);
	cr_assert_not_null(o.default_input, "cli_parse chose the default input");
	o.default_input = log; /* as if standard input were not a file */
	cr_assert_eq(scan_inputs(&o, seen_add, &s, &in, &t), 0);
	cr_assert_eq(s.records, FIXTURE_LOG_RECORDS);
	cr_assert_str_eq(in.files[0], log);
	tally_free(&t);
	scan_counts_free(&in);
	cli_free(&o);
	fixture_log_remove();
}
