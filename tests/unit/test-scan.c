/* test-scan.c - the read loop: lines, records, malformed lines and the span counted; the
 * first malformed line quoted with its file and line; the same counts and every record
 * once with three threads; --strict stops; a missing input stops before any record;
 * the default input read when no FILE is named. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

/* The class of a reason keeps what it is and drops what changes from line to line. */
Test(scan, reason_key_drops_values_keeps_the_label)
{
	char a[TALLY_KEY_SIZE], b[TALLY_KEY_SIZE];

	tally_reason_key("not valid JSON: invalid token near 'perf' (column 4)", a, sizeof(a));
	tally_reason_key("not valid JSON: invalid token near 'NaN' (column 81)", b, sizeof(b));
	cr_assert_str_eq(a, b);
	cr_assert_str_eq(a, "not valid JSON: invalid token near ''");
	tally_reason_key("not valid JSON: end of file expected near 'x' (column 83)", b, sizeof(b));
	cr_assert_str_neq(a, b, "another JSON error is another reason");
	tally_reason_key("duration_ms is negative (-1.5)", a, sizeof(a));
	tally_reason_key("duration_ms is negative (-200)", b, sizeof(b));
	cr_assert_str_eq(a, b);
	tally_reason_key("timestamp \"2026-13-27T12:00:00Z\": month out of range", a, sizeof(a));
	tally_reason_key("timestamp \"2027-14-01T00:00:00Z\": month out of range", b, sizeof(b));
	cr_assert_str_eq(a, b);
	tally_reason_key("timestamp \"2026-10-27\": timestamp has no time (bare date)", b, sizeof(b));
	cr_assert_str_neq(a, b);
	/* A mapped field's label leads the reason and names the field. */
	tally_reason_key("\"tol\" (operation_type) is missing", a, sizeof(a));
	tally_reason_key("\"tool\" (operation_type) is missing", b, sizeof(b));
	cr_assert_str_neq(a, b);
	cr_assert_str_eq(a, "\"tol\"  is missing");
	/* Escaped quotes inside a value, and a short buffer. */
	tally_reason_key("timestamp \"a\\\"b\": x", a, sizeof(a));
	cr_assert_str_eq(a, "timestamp \"\": x");
	tally_reason_key("duration_ms is missing", a, 5);
	cr_assert_str_eq(a, "dura");
}

/* Commonest first, at most three, each with its first line; ties in the order added. */
Test(scan, tally_groups_reasons_commonest_first)
{
	struct malformed_tally t = {0};
	char *text;

	text = tally_reasons_text(&t);
	cr_assert_str_eq(text, "");
	free(text);
	tally_add(&t, 1, "a.jsonl", 1, "not valid JSON: invalid token near 'x' (column 1)");
	tally_add(&t, 300, "a.jsonl", 2, "duration_ms is missing");
	tally_add(&t, 1, "a.jsonl", 3, "operation_type is empty");
	tally_add(&t, 59, "b.jsonl", 4, "not valid JSON: invalid token near 'y' (column 7)");
	tally_add(&t, 60, "b.jsonl", 9, "duration_ms is missing");
	tally_add(&t, 2, "b.jsonl", 10, "duration_ms is negative (-1)");
	cr_assert_eq(t.count, 423);
	cr_assert_eq(t.n_reasons, 4);
	cr_assert_str_eq(t.first, "a.jsonl:1: not valid JSON: invalid token near 'x' (column 1)");
	text = tally_reasons_text(&t);
	cr_assert_str_eq(text, "360 like a.jsonl:2: duration_ms is missing; "
	    "60 like a.jsonl:1: not valid JSON: invalid token near 'x' (column 1); "
	    "2 like b.jsonl:10: duration_ms is negative (-1); 1 of other reasons");
	free(text);
	tally_free(&t);
	cr_assert_eq(t.count, 0);
	cr_assert_null(t.reasons);
}

/* A log of another shape: its reasons from every thread, in one order, with their first
 * lines; and a source with no valid record stops the scan (SPEC section 11). */
Test(scan, threads_group_reasons_like_one_and_unreadable_stops)
{
	char dir[] = "/tmp/test-scan-XXXXXX", path[64];
	struct options o;
	struct input_counts in = {0}, in1 = {0};
	struct malformed_tally t = {0}, t1 = {0};
	struct seen part[3] = {{0}}, one = {0};
	void *ctx[3] = {&part[0], &part[1], &part[2]};
	FILE *f;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/log.jsonl", dir);
	cr_assert_not_null(f = fopen(path, "w"));
	for (int i = 0; i < 200; i++)
		fprintf(f, i % 4 == 3 ? "junk %d\n" :
		    "{\"timestamp\":\"2026-10-10T00:00:00Z\",\"operation_type\":\"op\",\"d\":%d}\n", i);
	fprintf(f, "{\"timestamp\":\"2026-10-10T00:00:00Z\",\"operation_type\":\"op\","
	    "\"duration_ms\":5}\n");
	fclose(f);
	fixture_parse(&o, (const char *const[]){"--no-config", "-q", path, NULL});
	o.chunk_bytes = 256;
	cr_assert_eq(scan_inputs_mt(&o, 3, seen_add, ctx, NULL, &in, &t), 0);
	cr_assert_eq(scan_inputs(&o, seen_add, &one, &in1, &t1), 0);
	cr_assert_eq(t.count, 200);
	cr_assert_eq(t1.count, 200);
	{
		char *a = tally_reasons_text(&t), *b = tally_reasons_text(&t1);
		char want[512];

		snprintf(want, sizeof(want), "150 like %s:1: duration_ms is missing; 50 like %s:4: "
		    "not valid JSON: invalid token near 'junk' (column 4)", path, path);
		cr_assert_str_eq(a, want);
		cr_assert_str_eq(b, want);
		free(a);
		free(b);
	}
	tally_free(&t);
	tally_free(&t1);
	scan_counts_free(&in);
	scan_counts_free(&in1);
	/* Without its one valid line, the file is unreadable: -1, for both scans. */
	cr_assert_eq(truncate(path, 0), 0);
	cr_assert_not_null(f = fopen(path, "w"));
	for (int i = 0; i < 50; i++)
		fprintf(f, "junk %d\n", i);
	fclose(f);
	memset(&in, 0, sizeof(in));
	memset(&in1, 0, sizeof(in1));
	cr_assert_eq(scan_inputs_mt(&o, 3, seen_add, ctx, NULL, &in, &t), -1);
	cr_assert_eq(scan_inputs(&o, seen_add, &one, &in1, &t1), -1);
	cr_assert_eq(t.count, 0, "nothing tallied: the run stops");
	tally_free(&t);
	tally_free(&t1);
	scan_counts_free(&in);
	scan_counts_free(&in1);
	cli_free(&o);
	remove(path);
	rmdir(dir);
}
