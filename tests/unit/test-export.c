/* test-export.c - the export writer over the loader: the CSV header and one line per
 * record of the window, --op globs as the loader applies them, the JSON array's framing
 * (empty and not), the same bytes from three threads, and a moving window (--now latest
 * --days) written once the loader has settled it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "export.h"
#include "fixture-log.h"
#include "load.h"

/* Run export as cmd-export.c does, into a heap string. */
static char *
run(const char *const *args)
{
	struct options o;
	struct export_state x;
	struct windows w;
	struct input_counts in = {0};
	struct malformed_tally t = {0};
	struct load_sink s = {.add = export_record, .ctx = &x, .select_ops = true};
	bool moving;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	cr_assert_not_null(out);
	fixture_parse(&o, args);
	o.chunk_bytes = 64;
	moving = load_window_moves(&o) && o.days_set;
	load_window(&o, &w);
	export_begin(&x, &o, out, &w, moving);
	if (!moving) {
		s.part_new = export_part_new;
		s.part_add = export_part_record;
		s.batch_done = export_part_flush;
		s.part_join = export_part_join;
	}
	cr_assert_eq(load_scan(&o, &s, &in, &t), 0);
	if (moving)
		load_window_settle(&o, &in, &w);
	export_end(&x, &w);
	cr_assert_eq(fclose(out), 0);
	tally_free(&t);
	scan_counts_free(&in);
	cli_free(&o);
	return buf;
}

static size_t
lines(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

Test(export, csv_header_and_every_record)
{
	const char *log = fixture_log_write();
	char *csv = run((const char *const[]){"export", "--no-config", "-q", "-j", "1", log,
	    NULL});

	cr_assert_eq(strncmp(csv, "timestamp,operation_type,duration_ms,success,session_id,"
	    "error,context\n", 62), 0, "%s", csv);
	cr_assert_eq(lines(csv), 1 + FIXTURE_LOG_RECORDS);
	cr_assert_not_null(strstr(csv, "\n2026-10-22T00:00:00.000Z,tool_exec,50,false,,"
	    "timeout,\n"), "%s", csv);
	free(csv);
	fixture_log_remove();
}

Test(export, op_bracket_glob_selects)
{
	const char *log = fixture_log_write();
	char *csv = run((const char *const[]){"export", "--no-config", "-q", "--op", "[lt]*",
	    log, NULL});

	cr_assert_eq(lines(csv), 1 + 5, "%s", csv);
	cr_assert_null(strstr(csv, "memory_search"));
	free(csv);
	fixture_log_remove();
}

Test(export, json_array_framing)
{
	const char *log = fixture_log_write();
	char *none = run((const char *const[]){"export", "--no-config", "-q", "-f", "json",
	    "--op", "nothing", log, NULL});
	char *one = run((const char *const[]){"export", "--no-config", "-q", "-f", "json",
	    "--op", "list_*", log, NULL});

	cr_assert_str_eq(none, "[]\n");
	cr_assert_eq(strncmp(one, "[\n{\"timestamp\":\"2026-10-25T00:00:00.000Z\","
	    "\"operation_type\":\"list_dir\",", 56), 0, "%s", one);
	cr_assert_str_eq(one + strlen(one) - 4, "}\n]\n");
	free(none);
	free(one);
	fixture_log_remove();
}

Test(export, three_threads_write_the_same_bytes)
{
	const char *log = fixture_log_write();
	const char *fmts[] = {"csv", "json", "jsonl"};

	for (size_t i = 0; i < 3; i++) {
		char *a = run((const char *const[]){"export", "--no-config", "-q", "-f", fmts[i],
		    "-j", "1", log, NULL});
		char *b = run((const char *const[]){"export", "--no-config", "-q", "-f", fmts[i],
		    "-j", "3", log, NULL});

		cr_assert_str_eq(a, b, "-f %s", fmts[i]);
		free(a);
		free(b);
	}
	fixture_log_remove();
}

Test(export, now_latest_days_writes_the_settled_window)
{
	const char *log = fixture_log_write();
	/* newest 2026-10-25: the window (2026-10-22T00:00:00.000001Z, 2026-10-25] */
	char *jl = run((const char *const[]){"export", "--no-config", "-q", "-f", "jsonl",
	    "--now", "latest", "--days", "3", log, NULL});

	cr_assert_eq(lines(jl), 1, "%s", jl);
	cr_assert_not_null(strstr(jl, "\"list_dir\""));
	free(jl);
	jl = run((const char *const[]){"export", "--no-config", "-q", "-f", "jsonl", "--now",
	    "latest", "--days", "6", log, NULL});
	cr_assert_eq(lines(jl), 4, "%s", jl);
	free(jl);
	fixture_log_remove();
}

Test(export, a_failed_read_frees_the_held_records)
{
	const char *log = fixture_log_write();
	struct options o;
	struct export_state x;
	struct windows w;
	struct input_counts in = {0};
	struct malformed_tally t = {0};
	struct load_sink s = {.add = export_record, .ctx = &x, .select_ops = true};
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	/* --strict stops at line 6, after five records were held for the moving window:
	 * export_end is still to be called, and frees them (under the sanitizer build's
	 * leak checker; cmd-export.c's calling it is checked by e2e/commands.sh). */
	fixture_parse(&o, (const char *const[]){"export", "--no-config", "-q", "--strict",
	    "--now", "latest", "--days", "300", "-f", "jsonl", log, NULL});
	cr_assert(load_window_moves(&o) && o.days_set);
	load_window(&o, &w);
	export_begin(&x, &o, out, &w, true);
	cr_assert_eq(load_scan(&o, &s, &in, &t), -1);
	cr_assert_eq(x.n_held, 5);
	export_end(&x, &w);
	cr_assert_eq(fclose(out), 0);
	free(buf);
	tally_free(&t);
	scan_counts_free(&in);
	cli_free(&o);
	fixture_log_remove();
}
