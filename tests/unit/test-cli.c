/* test-cli.c - unit tests for cli.c: commands, operands, option values, the checks of
 * which option applies where, usage messages, --help and --version. Expected timestamps
 * were computed with GNU date (date -u -d 2026-01-01 +%s), not with timeutil. */
#ifdef HAVE_CONFIG_H
#include <config.h> /* first: _GNU_SOURCE for asprintf, posix_openpt */
#endif
#include <criterion/criterion.h>

#include <sys/socket.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fieldmap.h"
#include "timeutil.h"

#define HINT "Try 'perf-reporter --help' for more information.\n"

/* Mutable copies of the argument words, alive until the end of the test. */
static char *arg_store[256];
static size_t arg_used;

/* Run cli_parse on "perf-reporter" followed by the NULL-terminated words. */
static enum cli_result
parse_words(struct options *o, const char *const *words)
{
	char *argv[64];
	int argc = 0;

	argv[argc++] = strdup("perf-reporter");
	arg_store[arg_used++] = argv[0];
	for (; *words != NULL; words++) {
		cr_assert(argc < 63 && arg_used < ARRAY_SIZE(arg_store));
		argv[argc] = strdup(*words);
		arg_store[arg_used++] = argv[argc++];
	}
	argv[argc] = NULL;
	return cli_parse(argc, argv, o);
}

#define PARSE(o, ...) parse_words((o), (const char *const[]){__VA_ARGS__, NULL})
#define PARSE0(o) parse_words((o), (const char *const[]){NULL})

/* Free the options and the argument copies. */
static void
done(struct options *o)
{
	cli_free(o);
	while (arg_used > 0)
		free(arg_store[--arg_used]);
}

/* Capture of one standard stream into a temporary file. */
struct capture {
	int fd, saved;
	FILE *tmp;
};

static void
capture_begin(struct capture *c, int fd)
{
	fflush(fd == STDOUT_FILENO ? stdout : stderr);
	c->fd = fd;
	c->tmp = tmpfile();
	cr_assert_not_null(c->tmp);
	c->saved = dup(fd);
	cr_assert(c->saved >= 0);
	cr_assert(dup2(fileno(c->tmp), fd) >= 0);
}

/* Stop capturing; returns what was written (caller frees). */
static char *
capture_end(struct capture *c)
{
	char *buf;
	long n;

	fflush(c->fd == STDOUT_FILENO ? stdout : stderr);
	dup2(c->saved, c->fd);
	close(c->saved);
	fseek(c->tmp, 0, SEEK_END);
	n = ftell(c->tmp);
	rewind(c->tmp);
	buf = calloc((size_t)n + 1, 1);
	cr_assert_not_null(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, c->tmp), (size_t)n);
	fclose(c->tmp);
	return buf;
}

/* Parse, expecting a usage error; returns standard error's text (caller frees). */
static char *
usage_error(struct options *o, const char *const *words)
{
	struct capture c;
	enum cli_result r;
	char *err;

	capture_begin(&c, STDERR_FILENO);
	r = parse_words(o, words);
	err = capture_end(&c);
	cr_assert_eq(r, CLI_USAGE, "expected a usage error, stderr: %s", err);
	cr_assert_null(o->files, "files must be freed after a usage error");
	cr_assert_null(o->ops, "ops must be freed after a usage error");
	return err;
}

/* Assert a usage error whose message is exactly msg (the hint line follows). */
static void
expect_usage_msg(const char *const *words, const char *msg)
{
	struct options o;
	char *err = usage_error(&o, words);
	char *want = NULL;

	cr_assert(asprintf(&want, "perf-reporter: %s\n" HINT, msg) > 0);
	cr_assert_str_eq(err, want);
	free(want);
	free(err);
	done(&o);
}

/* Assert a usage error whose message contains part. */
static void
expect_usage_has(const char *const *words, const char *part)
{
	struct options o;
	char *err = usage_error(&o, words);

	cr_assert_not_null(strstr(err, part), "'%s' not in: %s", part, err);
	cr_assert_not_null(strstr(err, HINT), "no hint in: %s", err);
	cr_assert_eq(strncmp(err, "perf-reporter: ", 15), 0, "no prefix: %s", err);
	free(err);
	done(&o);
}

#define USAGE_MSG(msg, ...) expect_usage_msg((const char *const[]){__VA_ARGS__, NULL}, msg)
#define USAGE_HAS(part, ...) expect_usage_has((const char *const[]){__VA_ARGS__, NULL}, part)

Test(cli, defaults_with_no_arguments)
{
	struct options o;

	cr_assert_eq(PARSE0(&o), CLI_RUN);
	cr_assert_eq(o.command, CMD_MONTHLY);
	cr_assert_eq(o.format, FMT_MD);
	cr_assert(!o.format_set);
	cr_assert_eq(o.n_files, 0);
	cr_assert_null(o.output);
	cr_assert_eq(o.top, 10);
	cr_assert_eq(o.n_percentiles, 3);
	cr_assert(same_double(o.percentiles[0], 50) && same_double(o.percentiles[1], 95) &&
	    same_double(o.percentiles[2], 99));
	cr_assert_eq(o.n_ops, 0);
	cr_assert(same_double(o.outlier_ratio, 2));
	cr_assert(same_double(o.drift_pct, 20));
	cr_assert(same_double(o.error_rate_pct, 1));
	cr_assert_eq(o.min_samples, 1);
	cr_assert(!o.fail_on_degradation && !o.strict && !o.quiet && !o.no_fast_path);
	cr_assert_eq(o.max_line_bytes, 1048576);
	cr_assert_eq(o.max_chars, 0);
	cr_assert_eq(o.color, COLOR_AUTO);
	cr_assert_eq(o.jobs, 0);
	cr_assert(!o.days_set && !o.since_set && !o.until_set);
	cr_assert_eq(o.now_mode, NOW_CLOCK);
	cr_assert_eq(o.bucket, BUCKET_AUTO);
	cr_assert_null(o.series_file);
	cr_assert_null(o.targets_file);
	cr_assert_null(o.baseline_file);
	cr_assert(same_double(o.regress_pct, 10) && same_double(o.warn_pct, 5));
	cr_assert_eq(o.fail_on, FAIL_ON_NONE);
	done(&o);
}

Test(cli, each_command_name_sets_the_command)
{
	static const char *const names[] = {"weekly", "monthly", "trends", "report",
	    "export"};
	static const enum command cmds[] = {CMD_WEEKLY, CMD_MONTHLY, CMD_TRENDS,
	    CMD_REPORT, CMD_EXPORT};
	struct options o;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (cmds[i] == CMD_REPORT)
			cr_assert_eq(PARSE(&o, names[i], "--since", "2026-01-01"), CLI_RUN);
		else
			cr_assert_eq(PARSE(&o, names[i]), CLI_RUN);
		cr_assert_eq(o.command, cmds[i], "%s", names[i]);
		cr_assert_eq(o.n_files, 0);
		done(&o);
	}
}

Test(cli, command_after_options)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "--top", "5", "-q", "weekly"), CLI_RUN);
	cr_assert_eq(o.command, CMD_WEEKLY);
	cr_assert_eq(o.top, 5);
	cr_assert(o.quiet);
	done(&o);
}

Test(cli, options_after_files)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "trends", "a.jsonl", "b.jsonl", "--days", "30",
	    "--bucket", "week", "c.jsonl", "-f", "json"), CLI_RUN);
	cr_assert_eq(o.command, CMD_TRENDS);
	cr_assert_eq(o.n_files, 3);
	cr_assert_str_eq(o.files[0], "a.jsonl");
	cr_assert_str_eq(o.files[1], "b.jsonl");
	cr_assert_str_eq(o.files[2], "c.jsonl");
	cr_assert_eq(o.days, 30);
	cr_assert(o.days_set);
	cr_assert_eq(o.bucket, BUCKET_WEEK);
	cr_assert_eq(o.format, FMT_JSON);
	cr_assert(o.format_set);
	done(&o);
}

Test(cli, options_after_files_under_posixly_correct)
{
	struct options o;

	setenv("POSIXLY_CORRECT", "1", 1);
	cr_assert_eq(PARSE(&o, "weekly", "a.jsonl", "--top", "3"), CLI_RUN);
	unsetenv("POSIXLY_CORRECT");
	cr_assert_eq(o.command, CMD_WEEKLY);
	cr_assert_eq(o.n_files, 1);
	cr_assert_str_eq(o.files[0], "a.jsonl");
	cr_assert_eq(o.top, 3);
	done(&o);
}

Test(cli, days_with_equals_or_space)
{
	struct options a, b;

	cr_assert_eq(PARSE(&a, "trends", "--days=45"), CLI_RUN);
	cr_assert_eq(PARSE(&b, "trends", "--days", "45"), CLI_RUN);
	cr_assert_eq(a.days, 45);
	cr_assert_eq(b.days, 45);
	cr_assert(a.days_set && b.days_set);
	cli_free(&a);
	done(&b);
}

Test(cli, trends_days_default_90)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "trends"), CLI_RUN);
	cr_assert_eq(o.days, 90);
	cr_assert(!o.days_set);
	done(&o);
}

Test(cli, changes_defaults)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "changes"), CLI_RUN);
	cr_assert_eq(o.command, CMD_CHANGES);
	cr_assert_eq(o.metric, METRIC_P50);
	cr_assert_eq(o.min_segment, 5);
	cr_assert(o.alpha > 0.99e-4 && o.alpha < 1.01e-4, "alpha %g", o.alpha);
	cr_assert_eq(o.days, 7);
	cr_assert_eq(o.bucket, BUCKET_DAY);
	cr_assert_eq(o.now_mode, NOW_LATEST, "the whole input: up to its last record");
	done(&o);
}

Test(cli, changes_options)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "changes", "--metric", "error_rate", "--min-segment", "3",
	    "--alpha", "0.01", "--bucket", "week", "--until", "2026-10-01",
	    "--fail-on", "critical", "--regress-pct", "25", "--days", "14"), CLI_RUN);
	cr_assert_eq(o.metric, METRIC_ERROR_RATE);
	cr_assert_eq(o.min_segment, 3);
	cr_assert(o.alpha > 0.0099 && o.alpha < 0.0101);
	cr_assert_eq(o.bucket, BUCKET_WEEK);
	cr_assert_eq(o.now_mode, NOW_CLOCK, "--until ends the window");
	cr_assert_eq(o.fail_on, FAIL_ON_CRITICAL);
	cr_assert_eq(o.days, 14);
	done(&o);
	USAGE_MSG("--metric applies only to changes, not report", "report", "--since",
	    "2026-01-01", "--metric", "p95");
	USAGE_MSG("--min-segment must be a whole number from 2 to 1000000 (got '1')", "changes",
	    "--min-segment", "1");
	USAGE_MSG("--baseline does not apply to changes", "changes", "--baseline", "b.json");
	USAGE_MSG("--warn-pct does not apply to changes", "changes", "--warn-pct", "3");
	USAGE_MSG("--fdr does not apply to changes", "changes", "--fdr", "off");
	USAGE_MSG("--min-coverage does not apply to changes", "changes", "--min-coverage", "10");
	/* SPEC section 17 lists html among changes' outputs; xlsx is not one of them. */
	USAGE_MSG("changes does not write xlsx; it writes md, term, csv, json or html (--format)",
	    "changes", "-f", "xlsx");
	cr_assert_eq(PARSE(&o, "changes", "-f", "html"), CLI_RUN);
	cr_assert_eq(o.format, FMT_HTML);
	done(&o);
}

Test(cli, double_dash_ends_options)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "weekly", "--", "--top", "-q"), CLI_RUN);
	cr_assert_eq(o.command, CMD_WEEKLY);
	cr_assert_eq(o.n_files, 2);
	cr_assert_str_eq(o.files[0], "--top");
	cr_assert_str_eq(o.files[1], "-q");
	cr_assert_eq(o.top, 10);
	cr_assert(!o.quiet);
	done(&o);
}

Test(cli, existing_file_as_first_operand_means_monthly)
{
	char path[] = "/tmp/test-cli-XXXXXX";
	struct options o;
	int fd = mkstemp(path);

	cr_assert(fd >= 0);
	close(fd);
	cr_assert_eq(PARSE(&o, path, "--top", "2"), CLI_RUN);
	unlink(path);
	cr_assert_eq(o.command, CMD_MONTHLY);
	cr_assert_eq(o.n_files, 1);
	cr_assert_str_eq(o.files[0], path);
	cr_assert_eq(o.top, 2);
	done(&o);
}

Test(cli, dash_as_first_operand_is_standard_input)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "-", "-f", "csv"), CLI_RUN);
	cr_assert_eq(o.command, CMD_MONTHLY);
	cr_assert_eq(o.n_files, 1);
	cr_assert_str_eq(o.files[0], "-");
	cr_assert_eq(o.format, FMT_CSV);
	done(&o);
}

Test(cli, unknown_command_suggests_nearest)
{
	USAGE_MSG("unknown command 'mothly'; did you mean 'monthly'?", "mothly");
	USAGE_MSG("unknown command 'exprot'; did you mean 'export'?", "exprot");
	USAGE_MSG("unknown command 'weakly'; did you mean 'weekly'?", "weakly");
	USAGE_MSG("unknown command 'trend'; did you mean 'trends'?", "trend");
	USAGE_MSG("unknown command 'rpt'; did you mean 'report'?", "rpt");
}

Test(cli, unknown_command_far_from_all_lists_them)
{
	USAGE_MSG("unknown command 'no-such-log.jsonl', and no such file; the commands "
	    "are weekly, monthly, trends, report, export, compare, summarize, changes and formats",
	    "no-such-log.jsonl");
}

Test(cli, command_after_files_is_an_error)
{
	char path[] = "/tmp/test-cli-XXXXXX";
	int fd = mkstemp(path);

	cr_assert(fd >= 0);
	close(fd);
	USAGE_MSG("the command 'weekly' must come before the FILEs", path, "weekly");
	unlink(path);
	USAGE_MSG("two commands given: 'weekly', then 'monthly'", "weekly", "monthly");
}

Test(cli, days_zero_message)
{
	USAGE_MSG("--days must be a positive whole number (got '0')", "trends", "--days",
	    "0");
}

Test(cli, whole_numbers_are_strict)
{
	static const char *const bad[] = {"1.5", "1e3", "", "12x", " 5", "5 ", "-3",
	    "0x10", "+", "--1"};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		USAGE_HAS("--days must be a positive whole number", "trends", "--days",
		    bad[i]);
		USAGE_HAS("--top must be a whole number, 0 or more", "--top", bad[i]);
		USAGE_HAS("--min-samples must be a positive whole number",
		    "--min-samples", bad[i]);
		USAGE_HAS("--max-line-bytes must be a positive whole number",
		    "--max-line-bytes", bad[i]);
	}
	USAGE_MSG("--top must be at most 9223372036854775807 (got '9223372036854775808')",
	    "--top", "9223372036854775808");
	USAGE_MSG("--days must be at most 3652425 (got '3652426')", "export", "--days",
	    "3652426");
	USAGE_HAS("--min-samples must be a positive whole number (got '0')",
	    "--min-samples", "0");
	USAGE_HAS("--max-line-bytes must be a positive whole number (got '0')",
	    "--max-line-bytes", "0");
	USAGE_HAS("--max-chars must be a positive whole number (got '0')",
	    "--max-chars", "0");
	USAGE_HAS("--jobs must be at most 1024", "-j", "1025");
}

Test(cli, whole_number_values_accepted)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "--top", "0", "--min-samples", "5", "--max-line-bytes",
	    "4096", "--max-chars", "65000", "-j", "8"), CLI_RUN);
	cr_assert_eq(o.top, 0);
	cr_assert_eq(o.min_samples, 5);
	cr_assert_eq(o.max_line_bytes, 4096);
	cr_assert_eq(o.max_chars, 65000);
	cr_assert_eq(o.jobs, 8);
	done(&o);
	cr_assert_eq(PARSE(&o, "export", "--days", "3652425"), CLI_RUN);
	cr_assert_eq(o.days, 3652425);
	done(&o);
}

Test(cli, short_options_cluster)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "-qj4", "-fjson", "weekly"), CLI_RUN);
	cr_assert(o.quiet);
	cr_assert_eq(o.jobs, 4);
	cr_assert_eq(o.format, FMT_JSON);
	done(&o);
}

Test(cli, real_numbers)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "--outlier-ratio", "2.5", "--drift-pct", "0",
	    "--error-rate-pct", "100"), CLI_RUN);
	cr_assert(same_double(o.outlier_ratio, 2.5));
	cr_assert(same_double(o.drift_pct, 0));
	cr_assert(same_double(o.error_rate_pct, 100));
	done(&o);
	cr_assert_eq(PARSE(&o, "--outlier-ratio=1e-3", "--error-rate-pct=.5"), CLI_RUN);
	cr_assert(same_double(o.outlier_ratio, 0.001));
	cr_assert(same_double(o.error_rate_pct, 0.5));
	done(&o);
	USAGE_MSG("--outlier-ratio must be a number greater than 0 (got '0')",
	    "--outlier-ratio", "0");
	USAGE_MSG("--drift-pct must be a number, 0 or more (got '-1')", "--drift-pct",
	    "-1");
	USAGE_MSG("--error-rate-pct must be a number from 0 to 100 (got '100.5')",
	    "--error-rate-pct", "100.5");
	USAGE_HAS("--outlier-ratio must be", "--outlier-ratio", "inf");
	USAGE_HAS("--outlier-ratio must be", "--outlier-ratio", "nan");
	USAGE_HAS("--outlier-ratio must be", "--outlier-ratio", "0x10");
	USAGE_HAS("--outlier-ratio must be", "--outlier-ratio", "1e999");
	USAGE_HAS("--outlier-ratio must be", "--outlier-ratio", "2x");
	USAGE_HAS("--outlier-ratio must be", "--outlier-ratio", "");
	USAGE_HAS("--outlier-ratio must be", "--outlier-ratio", "1e");
	USAGE_HAS("--outlier-ratio must be", "--outlier-ratio", ".");
}

Test(cli, percentiles_list)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "--percentiles", "50,95,99.9"), CLI_RUN);
	cr_assert_eq(o.n_percentiles, 3);
	cr_assert(same_double(o.percentiles[0], 50));
	cr_assert(same_double(o.percentiles[1], 95));
	cr_assert(same_double(o.percentiles[2], 99.9));
	done(&o);
	cr_assert_eq(PARSE(&o, "--percentiles=99,50"), CLI_RUN);
	cr_assert_eq(o.n_percentiles, 2);
	cr_assert(same_double(o.percentiles[0], 99));
	cr_assert(same_double(o.percentiles[1], 50));
	done(&o);
	cr_assert_eq(PARSE(&o, "--percentiles", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"),
	    CLI_RUN);
	cr_assert_eq(o.n_percentiles, 16);
	cr_assert(same_double(o.percentiles[15], 16));
	done(&o);
}

Test(cli, percentiles_errors)
{
	USAGE_MSG("--percentiles: 0 is not strictly between 0 and 100", "--percentiles",
	    "0,50");
	USAGE_MSG("--percentiles: 100 is not strictly between 0 and 100",
	    "--percentiles", "100");
	USAGE_MSG("--percentiles lists 50.0 twice", "--percentiles", "50,95,50.0");
	USAGE_MSG("--percentiles has an empty item (got '50,,95'); give values such as "
	    "50,95,99", "--percentiles", "50,,95");
	USAGE_HAS("empty item", "--percentiles", "50,");
	USAGE_HAS("empty item", "--percentiles", "");
	USAGE_MSG("--percentiles: 'abc' is not a number", "--percentiles", "abc");
	USAGE_MSG("--percentiles takes at most 16 values", "--percentiles",
	    "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17");
}

Test(cli, now_latest_and_fixed)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "--now", "latest"), CLI_RUN);
	cr_assert_eq(o.now_mode, NOW_LATEST);
	done(&o);
	cr_assert_eq(PARSE(&o, "--now=2026-01-06T13:28:00Z"), CLI_RUN);
	cr_assert_eq(o.now_mode, NOW_FIXED);
	cr_assert_eq(o.now_us, INT64_C(1767706080) * 1000000);
	done(&o);
	cr_assert_eq(PARSE(&o, "--now", "2026-03-15T10:30:00+02:00"), CLI_RUN);
	cr_assert_eq(o.now_us, INT64_C(1773563400) * 1000000);
	done(&o);
	USAGE_HAS("--now: 'yesterday' is not a valid time", "--now", "yesterday");
}

Test(cli, since_bare_date_is_midnight_utc)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "report", "--since", "2026-01-01", "--until",
	    "2026-02-01"), CLI_RUN);
	cr_assert(o.since_set && o.until_set);
	cr_assert_eq(o.since_us, INT64_C(1767225600) * 1000000);
	cr_assert_eq(o.until_us, INT64_C(1769904000) * 1000000);
	done(&o);
	cr_assert_eq(PARSE(&o, "export", "--until", "2026-02-01"), CLI_RUN);
	cr_assert(!o.since_set && o.until_set);
	done(&o);
}

Test(cli, since_not_before_until_is_an_error)
{
	USAGE_MSG("--since (2026-02-01) must be earlier than --until (2026-01-01)",
	    "report", "--since", "2026-02-01", "--until", "2026-01-01");
	USAGE_HAS("must be earlier than --until", "export", "--since",
	    "2026-01-01T00:00:00Z", "--until", "2026-01-01");
	USAGE_HAS("--since: '2026-13-01' is not a valid time", "report", "--since",
	    "2026-13-01");
	USAGE_HAS("--until: '2026-01-01T10:00:00' is not a valid time", "report",
	    "--since", "2026-01-01", "--until", "2026-01-01T10:00:00");
}

Test(cli, report_requires_since)
{
	USAGE_MSG("report needs --since T, the start of its window", "report");
	USAGE_MSG("report needs --since T, the start of its window", "report", "--until",
	    "2026-02-01");
}

Test(cli, formats_per_command)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "export"), CLI_RUN);
	cr_assert_eq(o.format, FMT_CSV);
	cr_assert(!o.format_set);
	done(&o);
	cr_assert_eq(PARSE(&o, "export", "--format", "jsonl"), CLI_RUN);
	cr_assert_eq(o.format, FMT_JSONL);
	done(&o);
	cr_assert_eq(PARSE(&o, "--format=json", "export"), CLI_RUN);
	cr_assert_eq(o.format, FMT_JSON);
	done(&o);
	cr_assert_eq(PARSE(&o, "weekly", "-f", "csv"), CLI_RUN);
	cr_assert_eq(o.format, FMT_CSV);
	done(&o);
	USAGE_MSG("export does not write md; it writes csv, json, jsonl or xlsx (--format)",
	    "export", "--format", "md");
	USAGE_MSG("weekly does not write jsonl; it writes md, term, html, csv, json or xlsx (--format)",
	    "weekly", "--format", "jsonl");
	USAGE_MSG("unknown format 'xml'; monthly writes md, term, html, csv, json or xlsx (--format)",
	    "--format", "xml");
	cr_assert_eq(PARSE(&o, "trends", "-f", "xlsx", "-o", "t.xlsx"), CLI_RUN);
	cr_assert_eq(o.format, FMT_XLSX);
	done(&o);
	cr_assert_eq(PARSE(&o, "export", "--format=xlsx", "-o", "r.xlsx"), CLI_RUN);
	cr_assert_eq(o.format, FMT_XLSX);
	done(&o);
	USAGE_MSG("compare does not write xlsx; it writes md, term, csv or json (--format)",
	    "compare", "-f", "xlsx", "-o", "c.xlsx", "a.jsonl", "b.jsonl");
}

Test(cli, view_formats_and_charts)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "weekly", "-f", "term"), CLI_RUN);
	cr_assert_eq(o.format, FMT_TERM);
	cr_assert_eq(o.charts, 0, "no charts by default outside trends");
	cr_assert(!cli_wants_buckets(&o), "term without --charts keeps no buckets");
	done(&o);
	cr_assert_eq(PARSE(&o, "monthly", "--format=html"), CLI_RUN);
	cr_assert_eq(o.format, FMT_HTML);
	cr_assert(cli_wants_buckets(&o), "html charts need buckets");
	done(&o);
	cr_assert_eq(PARSE(&o, "trends"), CLI_RUN);
	cr_assert_eq(o.charts, 3, "trends draws 3 charts by default");
	done(&o);
	cr_assert_eq(PARSE(&o, "trends", "--charts", "0"), CLI_RUN);
	cr_assert_eq(o.charts, 0);
	cr_assert(cli_wants_buckets(&o), "trends always keeps buckets");
	done(&o);
	cr_assert_eq(PARSE(&o, "weekly", "--charts=2"), CLI_RUN);
	cr_assert_eq(o.charts, 2);
	cr_assert(cli_wants_buckets(&o));
	done(&o);
	cr_assert_eq(PARSE(&o, "monthly", "-f", "json"), CLI_RUN);
	cr_assert(!cli_wants_buckets(&o), "json keeps no buckets");
	done(&o);
	USAGE_MSG("--charts applies only to --format md, term and html, not csv", "weekly",
	    "-f", "csv", "--charts", "2");
	USAGE_MSG("--charts must be at most 1000 (got '1001')", "--charts",
	    "1001");
	USAGE_MSG("export does not write html; it writes csv, json, jsonl or xlsx (--format)",
	    "export", "--format", "html");
	cr_assert_eq(PARSE(&o, "compare", "-f", "term", "a.jsonl", "b.jsonl"), CLI_RUN);
	cr_assert_eq(o.format, FMT_TERM);
	done(&o);
	USAGE_MSG("compare does not write html; it writes md, term, csv or json (--format)",
	    "compare", "-f", "html", "a.jsonl", "b.jsonl");
	USAGE_MSG("--charts does not apply to compare", "compare", "--charts", "2", "a.jsonl",
	    "b.jsonl");
}

Test(cli, options_that_apply_to_some_commands)
{
	struct options o;

	USAGE_MSG("--days applies only to trends, export, compare and changes, not weekly", "weekly",
	    "--days", "7");
	USAGE_MSG("--days applies only to trends, export, compare and changes, not monthly "
	    "(the default command)", "--days", "7");
	USAGE_MSG("--since applies only to report, export, compare and changes, not trends", "trends",
	    "--since", "2026-01-01");
	USAGE_MSG("--until applies only to report, export, compare and changes, not weekly", "weekly",
	    "--until", "2026-01-01");
	USAGE_MSG("--bucket applies only to trends and changes, not report", "report", "--since",
	    "2026-01-01", "--bucket", "day");
	USAGE_MSG("--series applies only to trends with --format csv", "trends",
	    "--series", "s.csv");
	USAGE_MSG("--series applies only to trends with --format csv", "weekly",
	    "--format", "csv", "--series", "s.csv");
	USAGE_MSG("--max-chars applies only to Markdown output (--format md)", "weekly",
	    "--format", "json", "--max-chars", "1000");
	USAGE_HAS("--max-chars applies only to Markdown", "export", "--max-chars", "10");
	USAGE_HAS("--fail-on-degradation does not apply to export", "export",
	    "--fail-on-degradation");
	USAGE_HAS("--days and --since/--until", "export", "--days", "7", "--since",
	    "2026-01-01");

	cr_assert_eq(PARSE(&o, "trends", "--format", "csv", "--series", "s.csv",
	    "--bucket", "month"), CLI_RUN);
	cr_assert_str_eq(o.series_file, "s.csv");
	cr_assert_eq(o.bucket, BUCKET_MONTH);
	done(&o);
	cr_assert_eq(PARSE(&o, "weekly", "--max-chars", "65000", "--fail-on-degradation",
	    "--strict", "--no-fast-path"), CLI_RUN);
	cr_assert_eq(o.max_chars, 65000);
	cr_assert(o.fail_on_degradation && o.strict && o.no_fast_path);
	done(&o);
	cr_assert_eq(PARSE(&o, "export", "--days", "7", "--top", "3", "--percentiles",
	    "90"), CLI_RUN);
	cr_assert_eq(o.days, 7);
	cr_assert(o.days_set);
	done(&o);
}

Test(cli, op_is_repeatable)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "--op", "db.query", "weekly", "--op=http.get"), CLI_RUN);
	cr_assert_eq(o.n_ops, 2);
	cr_assert_str_eq(o.ops[0], "db.query");
	cr_assert_str_eq(o.ops[1], "http.get");
	done(&o);
	USAGE_MSG("--op needs an operation name (got an empty string)", "--op", "");
}

Test(cli, output_and_color_and_bucket_words)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "-o", "-", "--color", "never"), CLI_RUN);
	cr_assert_null(o.output);
	cr_assert_eq(o.color, COLOR_NEVER);
	done(&o);
	cr_assert_eq(PARSE(&o, "--output=report.md", "--color=always"), CLI_RUN);
	cr_assert_str_eq(o.output, "report.md");
	cr_assert_eq(o.color, COLOR_ALWAYS);
	done(&o);
	cr_assert_eq(PARSE(&o, "trends", "--bucket", "day"), CLI_RUN);
	cr_assert_eq(o.bucket, BUCKET_DAY);
	done(&o);
	USAGE_MSG("--color must be auto, always or never (got 'yes')", "--color", "yes");
	/* hour is summarize's word (SPEC section 18) and changes' (section 17), not trends' */
	USAGE_MSG("--bucket hour applies only to summarize and changes; trends takes day, week "
	    "or month", "trends", "--bucket", "hour");
	cr_assert_eq(PARSE(&o, "changes", "--bucket", "hour"), CLI_RUN);
	cr_assert_eq(o.bucket, BUCKET_HOUR);
	done(&o);
	cr_assert_eq(PARSE(&o, "changes"), CLI_RUN);
	cr_assert_eq(o.bucket, BUCKET_DAY);
	done(&o);
	USAGE_MSG("--bucket must be day, week, month or hour (got 'minute')", "trends",
	    "--bucket", "minute");
	USAGE_HAS("--output needs a file name", "-o", "");
	USAGE_MSG("--output and --series name the same file", "trends", "-f", "csv",
	    "-o", "x.csv", "--series", "x.csv");
}

Test(cli, output_must_not_overwrite_an_input)
{
	char path[] = "/tmp/test-cli-XXXXXX";
	char *msg = NULL, *other = NULL;
	int fd = mkstemp(path);

	cr_assert(fd >= 0);
	close(fd);
	cr_assert(asprintf(&msg, "--output would overwrite the input file '%s'", path) > 0);
	USAGE_MSG(msg, "weekly", path, "-o", path);
	free(msg);
	cr_assert(asprintf(&msg, "--series would overwrite the input file '%s'", path) > 0);
	USAGE_MSG(msg, "trends", "-f", "csv", path, "--series", path);
	free(msg);
	/* the same file under another name */
	cr_assert(asprintf(&msg, "--output would overwrite the input file '%s'", path) > 0);
	cr_assert(asprintf(&other, "/tmp/./%s", path + 5) > 0);
	USAGE_MSG(msg, "weekly", path, "-o", other);
	free(other);
	free(msg);
	unlink(path);
}

Test(cli, bad_options)
{
	USAGE_MSG("unknown option '--frobnicate'", "--frobnicate");
	USAGE_MSG("unknown option '--frobnicate'", "weekly", "--frobnicate=1");
	USAGE_MSG("unknown option '-x'", "-x");
	USAGE_MSG("option '--s' is ambiguous; it could be --strict, --since, --series, --success, "
	    "--state", "--s");
	USAGE_MSG("option '--quiet' takes no value", "--quiet=yes");
	USAGE_MSG("option '--days' needs a value", "trends", "--days");
	USAGE_MSG("option '-o' needs a value", "-o");
}

Test(cli, unique_prefix_of_long_option_works)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "--outlier=3", "--perc", "90"), CLI_RUN);
	cr_assert(same_double(o.outlier_ratio, 3));
	cr_assert_eq(o.n_percentiles, 1);
	done(&o);
}

Test(cli, parse_can_run_again)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "weekly", "--top", "1", "a"), CLI_RUN);
	cr_assert_eq(o.n_files, 1);
	cli_free(&o);
	cr_assert_eq(PARSE(&o, "export", "b", "c"), CLI_RUN);
	cr_assert_eq(o.command, CMD_EXPORT);
	cr_assert_eq(o.top, 10);
	cr_assert_eq(o.n_files, 2);
	cr_assert_str_eq(o.files[0], "b");
	cli_free(&o);
	cr_assert_eq(PARSE(&o, "-qj", "3"), CLI_RUN);
	cr_assert_eq(o.jobs, 3);
	done(&o);
}

Test(cli, csv_dialect_only_with_csv)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "weekly", "-f", "csv"), CLI_RUN);
	cr_assert_eq(o.csv_dialect, CSV_RFC4180);
	done(&o);
	cr_assert_eq(PARSE(&o, "weekly", "-f", "csv", "--csv-dialect", "excel"), CLI_RUN);
	cr_assert_eq(o.csv_dialect, CSV_EXCEL);
	done(&o);
	cr_assert_eq(PARSE(&o, "--csv-dialect=rfc4180", "export"), CLI_RUN);
	cr_assert_eq(o.csv_dialect, CSV_RFC4180);
	done(&o);
	cr_assert_eq(PARSE(&o, "export", "--csv-dialect=excel"), CLI_RUN);
	cr_assert_eq(o.csv_dialect, CSV_EXCEL);
	done(&o);
	USAGE_MSG("--csv-dialect applies only to CSV output (--format csv)", "weekly",
	    "--csv-dialect", "excel");
	USAGE_MSG("--csv-dialect applies only to CSV output (--format csv)", "export",
	    "-f", "jsonl", "--csv-dialect", "excel");
	USAGE_HAS("--csv-dialect must be rfc4180 or excel", "export", "--csv-dialect", "tsv");
}

Test(cli, help_lists_every_option)
{
	static const char *const longs[] = {"format", "output", "quiet", "jobs", "help",
	    "version", "top", "percentiles", "op", "outlier-ratio", "drift-pct",
	    "error-rate-pct", "min-samples", "fail-on-degradation", "strict",
	    "max-line-bytes", "max-chars", "color", "days", "since", "until", "now",
	    "bucket", "series", "no-fast-path", "targets", "baseline", "regress-pct",
	    "warn-pct", "fail-on", "csv-dialect"};
	static const char *const needles[] = {"Usage: perf-reporter", "\nCommands:\n",
	    "\nReport options:\n", "\nDetection options:\n", "\nInput options:\n",
	    "\nOutput options:\n", "\nCI gate options (not for export):\n", "\nExamples:\n", "  -f, --format", "  -o, --output",
	    "  -q, --quiet", "  -j, --jobs", "  -h, --help", "  -V, --version",
	    "perf-reporter export --format csv > metrics.csv\n",
	    "perf-reporter weekly | gh issue create --title \"Weekly performance\" -F -\n",
	    "--fail-on-degradation app.jsonl\n",
	    "perf-reporter trends --days 90 --bucket week\n",
	    "perf-reporter report --since 2026-01-01 --until 2026-02-01",
	    "(default 50,95,99)", "(default 1048576)", "(default 10;", "(default 2)",
	    "(default 20)", "(default 1)", "(default auto"};
	struct capture c;
	struct options o;
	enum cli_result r;
	char *out, *p, pat[64];
	size_t i;
	bool found;

	capture_begin(&c, STDOUT_FILENO);
	r = PARSE(&o, "weekly", "--help", "--days", "0");
	out = capture_end(&c);
	cr_assert_eq(r, CLI_EXIT_OK);
	for (i = 0; i < ARRAY_SIZE(needles); i++)
		cr_assert_not_null(strstr(out, needles[i]), "help lacks '%s'", needles[i]);
	for (i = 0; i < ARRAY_SIZE(longs); i++) {
		snprintf(pat, sizeof(pat), "--%s", longs[i]);
		found = false;
		for (p = out; (p = strstr(p, pat)) != NULL; p++) {
			char next = p[strlen(pat)];

			/* described at the start of an option line */
			if ((next == '=' || next == ' ' || next == '\n') && p > out &&
			    p[-1] == ' ' && (p[-2] == ' ' || p[-2] == ',')) {
				found = true;
				break;
			}
		}
		cr_assert(found, "help does not describe --%s", longs[i]);
	}
	for (p = out; *p != '\0'; p = strchr(p, '\n') + 1)
		cr_assert_leq(strcspn(p, "\n"), 79, "help line over 79 columns: %.40s", p);
	free(out);
	done(&o);
}

Test(cli, version_prints_name_and_version)
{
	struct capture c;
	struct options o;
	enum cli_result r;
	char *out;

	capture_begin(&c, STDOUT_FILENO);
	r = PARSE(&o, "-V");
	out = capture_end(&c);
	cr_assert_eq(r, CLI_EXIT_OK);
	cr_assert_eq(strncmp(out, "perf-reporter 0.1.0\n", 20), 0, "got: %s", out);
	cr_assert_not_null(strstr(out + 20, "NO WARRANTY"));
	cr_assert_eq(strchr(out + 20, '\n') - out, (long)strlen(out) - 1,
	    "expected exactly two lines: %s", out);
	free(out);
	done(&o);
}

Test(cli, names_of_commands_and_formats)
{
	static const char *const formats[] = {"md", "csv", "json"};
	static const enum format want[] = {FMT_MD, FMT_CSV, FMT_JSON};
	struct options o;

	cr_assert_str_eq(cli_command_name(CMD_WEEKLY), "weekly");
	cr_assert_str_eq(cli_command_name(CMD_MONTHLY), "monthly");
	cr_assert_str_eq(cli_command_name(CMD_TRENDS), "trends");
	cr_assert_str_eq(cli_command_name(CMD_REPORT), "report");
	cr_assert_str_eq(cli_command_name(CMD_EXPORT), "export");
	/* The format names, as -f takes them. */
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		cr_assert_eq(PARSE(&o, "-f", formats[i]), CLI_RUN, "%s", formats[i]);
		cr_assert_eq(o.format, want[i], "%s", formats[i]);
		done(&o);
	}
	cr_assert_eq(PARSE(&o, "export", "-f", "jsonl"), CLI_RUN);
	cr_assert_eq(o.format, FMT_JSONL);
	done(&o);
}

/* SPEC section 2 (sharpened for the verdicts issue): standard input only when something
 * is attached to it -- a pipe, a FIFO, a socket or a regular file; /dev/null (what cron
 * and CI attach) or any other device, or a closed descriptor, means the default log. */
Test(cli, default_input_is_stdin_for_a_pipe_socket_or_file)
{
	int p[2], sv[2], fd;
	char path[] = "/tmp/test-cli-stdin-XXXXXX";

	cr_assert(pipe(p) == 0);
	cr_assert(dup2(p[0], STDIN_FILENO) >= 0);
	cr_assert_str_eq(cli_default_input(), "-", "a pipe");
	close(p[0]);
	close(p[1]);
	cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	cr_assert(dup2(sv[0], STDIN_FILENO) >= 0);
	cr_assert_str_eq(cli_default_input(), "-", "a socket");
	close(sv[0]);
	close(sv[1]);
	fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert(dup2(fd, STDIN_FILENO) >= 0);
	cr_assert_str_eq(cli_default_input(), "-", "a regular file");
	close(fd);
	unlink(path);
}

Test(cli, default_input_is_the_log_for_dev_null_or_closed)
{
	int fd = open("/dev/null", O_RDONLY);

	cr_assert(fd >= 0);
	cr_assert(dup2(fd, STDIN_FILENO) >= 0);
	close(fd);
	cr_assert_str_eq(cli_default_input(), "memory/perf-metrics.jsonl", "/dev/null");
	close(STDIN_FILENO);
	cr_assert_str_eq(cli_default_input(), "memory/perf-metrics.jsonl", "closed");
}

Test(cli, default_input_is_the_log_on_a_terminal)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY), slave;
	const char *name;

	if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 ||
	    (name = ptsname(master)) == NULL)
		cr_skip_test("no pseudo-terminal available");
	slave = open(name, O_RDWR | O_NOCTTY);
	if (slave < 0)
		cr_skip_test("cannot open %s", name);
	cr_assert(dup2(slave, STDIN_FILENO) >= 0);
	cr_assert_str_eq(cli_default_input(), "memory/perf-metrics.jsonl");
	close(slave);
	close(master);
}

/* ---- CI gate options ------------------------------------------------------------------ */

Test(cli, gate_options_set_their_fields)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "weekly", "--targets", "t.json", "--baseline=b.json",
	    "--regress-pct", "20", "--warn-pct=7.5", "--fail-on", "warning"), CLI_RUN);
	cr_assert_str_eq(o.targets_file, "t.json");
	cr_assert_str_eq(o.baseline_file, "b.json");
	cr_assert(same_double(o.regress_pct, 20) && same_double(o.warn_pct, 7.5));
	cr_assert_eq(o.fail_on, FAIL_ON_WARNING);
	done(&o);
	cr_assert_eq(PARSE(&o, "--fail-on=critical", "--fail-on-degradation"), CLI_RUN);
	cr_assert_eq(o.fail_on, FAIL_ON_CRITICAL);
	cr_assert(o.fail_on_degradation);
	done(&o);
	/* Equal levels are fine; 0 is allowed for both. */
	cr_assert_eq(PARSE(&o, "--baseline", "b.json", "--regress-pct", "0", "--warn-pct",
	    "0"), CLI_RUN);
	cr_assert(same_double(o.regress_pct, 0) && same_double(o.warn_pct, 0));
	done(&o);
	/* The baseline may be the -o file: the new report replaces it after it was read. */
	cr_assert_eq(PARSE(&o, "-f", "json", "--baseline", "b.json", "-o", "b.json"),
	    CLI_RUN);
	done(&o);
}

Test(cli, gate_option_errors)
{
	USAGE_MSG("--fail-on must be warning or critical (got 'degradation')", "--fail-on",
	    "degradation");
	USAGE_MSG("--regress-pct must be a number, 0 or more (got '-1')", "--baseline", "b",
	    "--regress-pct", "-1");
	USAGE_MSG("--warn-pct must be a number, 0 or more (got 'x')", "--warn-pct", "x");
	USAGE_MSG("--warn-pct (12) must not be above --regress-pct (10)", "--baseline", "b",
	    "--warn-pct", "12");
	USAGE_MSG("--warn-pct (5) must not be above --regress-pct (3)", "--baseline", "b",
	    "--regress-pct", "3");
	USAGE_MSG("--regress-pct applies only with --baseline FILE or to compare and changes",
	    "--regress-pct", "15");
	USAGE_MSG("--warn-pct applies only with --baseline FILE or to compare", "--targets", "t.json",
	    "--warn-pct", "2");
	USAGE_MSG("--targets needs a file name (got an empty string)", "--targets", "");
	USAGE_MSG("--baseline needs a file name (got an empty string)", "--baseline=");
	USAGE_MSG("option '--fail-on' needs a value", "--fail-on");
	USAGE_MSG("--targets does not apply to export, which makes no report to check",
	    "export", "--targets", "t.json");
	USAGE_MSG("--baseline does not apply to export, which makes no report to check",
	    "export", "--baseline", "b.json");
	USAGE_MSG("--fail-on does not apply to export, which makes no report to check",
	    "export", "--fail-on", "warning");
	USAGE_MSG("--regress-pct does not apply to export, which makes no report to check",
	    "export", "--regress-pct", "12");
}

/* ---- other key names and the project file (SPEC section 15) ------------------------ */

/* Write text to a fresh file under a fresh directory; returns the file's path (static). */
static const char *
write_config(const char *name, const char *text)
{
	static char path[256];
	char dir[] = "/tmp/test-cli-config-XXXXXX";
	FILE *f;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
	return path;
}

Test(cli, field_epoch_and_unit)
{
	struct options o;

	cr_assert_eq(PARSE(&o, "--field", "operation_type=tool", "--field=timestamp=t.start",
	    "--epoch", "ms", "--duration-unit=ns"), CLI_RUN);
	cr_assert_not_null(o.fields);
	cr_assert_str_eq(o.fields->path[FM_OPERATION].text, "tool");
	cr_assert_eq(o.fields->path[FM_TIMESTAMP].n, 2);
	cr_assert_eq(o.fields->epoch, FM_UNIT_MS);
	cr_assert_eq(o.fields->duration_unit, FM_UNIT_NS);
	done(&o);
	/* Our own names and the default units change nothing. */
	cr_assert_eq(PARSE(&o, "--field", "operation_type=operation_type", "--duration-unit",
	    "ms"), CLI_RUN);
	cr_assert_null(o.fields);
	done(&o);
	/* A later --field for the same name wins. */
	cr_assert_eq(PARSE(&o, "--field", "operation_type=a", "--field", "operation_type=b"),
	    CLI_RUN);
	cr_assert_str_eq(o.fields->path[FM_OPERATION].text, "b");
	done(&o);
}

Test(cli, field_errors)
{
	USAGE_MSG("--field must be NAME=KEY, such as operation_type=tool (got 'tool')", "--field",
	    "tool");
	USAGE_MSG("--field must be NAME=KEY, such as operation_type=tool (got '=tool')", "--field",
	    "=tool");
	USAGE_HAS("--field: unknown field 'op'; the fields are timestamp", "--field", "op=tool");
	USAGE_MSG("--field operation_type: the key '' is empty", "--field", "operation_type=");
	USAGE_HAS("the key 'timestamp' would be read as both timestamp and operation_type",
	    "--field", "operation_type=timestamp");
	USAGE_MSG("--epoch must be s, ms, us or ns (got 'sec')", "--epoch", "sec");
	USAGE_MSG("--duration-unit must be s, ms, us or ns (got '')", "--duration-unit", "");
}

Test(cli, config_file_defaults_and_command_line_wins)
{
	struct options o;
	const char *path = write_config("perf.json", "{\"field\": {\"operation_type\": \"tool\", "
	    "\"timestamp\": \"start_time\"}, \"epoch\": \"ms\", \"percentiles\": [50, 90], "
	    "\"op\": [\"Read\", \"Bash\"], \"top\": 3, \"strict\": true, \"quiet\": false, "
	    "\"targets\": \"t.json\", \"drift-pct\": 12.5}");
	char want[300];

	cr_assert_eq(PARSE(&o, "--config", path), CLI_RUN);
	cr_assert_str_eq(o.config_file, path);
	cr_assert_str_eq(o.fields->path[FM_OPERATION].text, "tool");
	cr_assert_eq(o.fields->epoch, FM_UNIT_MS);
	cr_assert_eq(o.n_percentiles, 2);
	cr_assert(same_double(o.percentiles[1], 90));
	cr_assert_eq(o.n_ops, 2);
	cr_assert_eq(o.top, 3);
	cr_assert(o.strict);
	cr_assert(!o.quiet);
	cr_assert(same_double(o.drift_pct, 12.5));
	/* Relative to the project file's directory. */
	snprintf(want, sizeof(want), "%.*s/t.json", (int)(strrchr(path, '/') - path), path);
	cr_assert_str_eq(o.targets_file, want);
	done(&o);

	cr_assert_eq(PARSE(&o, "--config", path, "--percentiles", "75", "--op", "Edit", "--top",
	    "1", "--field", "timestamp=end_time", "--targets", "/abs.json"), CLI_RUN);
	cr_assert_eq(o.n_percentiles, 1);
	cr_assert_eq(o.n_ops, 1);
	cr_assert_str_eq(o.ops[0], "Edit");
	cr_assert_eq(o.top, 1);
	cr_assert_str_eq(o.fields->path[FM_OPERATION].text, "tool"); /* kept from the file */
	cr_assert_str_eq(o.fields->path[FM_TIMESTAMP].text, "end_time");
	cr_assert_str_eq(o.targets_file, "/abs.json");
	done(&o);

	cr_assert_eq(PARSE(&o, "--no-config"), CLI_RUN);
	cr_assert_null(o.config_file);
	done(&o);
}

/* A usage error from the project file holding text: exactly msg, with FILE: in front. */
static void
expect_config_error(const char *text, const char *msg)
{
	const char *path = write_config("perf-reporter.json", text);
	char full[600];
	struct options o;
	char *err;

	err = usage_error(&o, (const char *const[]){"--config", path, NULL});
	snprintf(full, sizeof(full), "perf-reporter: %s: %s\n" HINT, path, msg);
	cr_assert_str_eq(err, full);
	free(err);
	done(&o);
}

Test(cli, config_file_errors)
{
	expect_config_error("{\"percentiles\": [50, 100]}",
	    ".percentiles[1]: --percentiles: 100 is not strictly between 0 and 100");
	expect_config_error("{\"percentiles\": [50, true]}",
	    ".percentiles[1]: must be a string or a number");
	expect_config_error("{\"percentiles\": [50, 50]}", ".percentiles: --percentiles lists 50 "
	    "twice");
	expect_config_error("{\"bogus\": 1}", ".bogus: unknown option 'bogus' (the keys are long "
	    "option names without the dashes, such as \"percentiles\")");
	expect_config_error("{\"output\": \"x\"}", ".output: --output applies to one run, not to "
	    "a project file; give it on the command line");
	expect_config_error("{\"strict\": \"yes\"}", ".strict: must be true or false (--strict "
	    "takes no value)");
	expect_config_error("{\"field\": {\"operation_type\": 3}}", ".field.operation_type: must "
	    "be a string, the key to read operation_type from");
	expect_config_error("{\"top\": -1}", ".top: --top must be a whole number, 0 or more "
	    "(got '-1')");
	expect_config_error("{\"epoch\": {}}", ".epoch: must be a string or a number");
	expect_config_error("[1]", "must be a JSON object of options, such as "
	    "{\"percentiles\": [50, 90, 99]}");
}

Test(cli, config_file_missing_and_contradiction)
{
	USAGE_HAS("cannot read the project file '/nonexistent/perf.json'", "--config",
	    "/nonexistent/perf.json");
	USAGE_MSG("--config and --no-config contradict each other", "--config", "x.json",
	    "--no-config");
	USAGE_MSG("--config needs a file name (got an empty string)", "--config", "");
}

/* Options added by other work reach the project file through the same handler. */
Test(cli, config_file_takes_later_options)
{
	struct options o;
	const char *path = write_config("perf.json", "{\"alpha\": 0.01, \"allow-empty\": true}");

	cr_assert_eq(PARSE(&o, "--config", path), CLI_RUN);
	cr_assert(same_double(o.alpha, 0.01));
	cr_assert(o.allow_empty);
	done(&o);
	cr_assert_eq(PARSE(&o, "--config", path, "--alpha", "0.2"), CLI_RUN);
	cr_assert(same_double(o.alpha, 0.2));
	done(&o);
}

/* ---- the environment and the clock, read once ------------------------------------- */

Test(cli, clock_read_once_into_the_options)
{
	struct options o;
	int64_t before, after;

	unsetenv("SOURCE_DATE_EPOCH");
	before = tu_now();
	cr_assert_eq(PARSE0(&o), CLI_RUN);
	after = tu_now();
	cr_assert(o.clock_us >= before && o.clock_us <= after);
	cr_assert_eq(o.generated_at_us, o.clock_us);
	done(&o);
}

Test(cli, source_date_epoch_sets_generated_at)
{
	struct options o;

	setenv("SOURCE_DATE_EPOCH", "1767225600", 1); /* date -u -d 2026-01-01 +%s */
	cr_assert_eq(PARSE0(&o), CLI_RUN);
	cr_assert_eq(o.generated_at_us, INT64_C(1767225600000000));
	cr_assert_neq(o.clock_us, o.generated_at_us);
	done(&o);
	setenv("SOURCE_DATE_EPOCH", "12x", 1); /* not a number: the clock */
	cr_assert_eq(PARSE0(&o), CLI_RUN);
	cr_assert_eq(o.generated_at_us, o.clock_us);
	done(&o);
}

Test(cli, environment_switches)
{
	struct options o;

	unsetenv("NO_COLOR");
	unsetenv("PERF_REPORTER_NO_FAST_PATH");
	unsetenv("PERF_REPORTER_CHUNK_BYTES");
	cr_assert_eq(PARSE0(&o), CLI_RUN);
	cr_assert_not(o.no_color);
	cr_assert_not(o.no_fast_path);
	cr_assert_eq(o.chunk_bytes, 0);
	done(&o);
	setenv("NO_COLOR", "1", 1);
	setenv("PERF_REPORTER_NO_FAST_PATH", "1", 1);
	setenv("PERF_REPORTER_CHUNK_BYTES", "97", 1);
	cr_assert_eq(PARSE0(&o), CLI_RUN);
	cr_assert(o.no_color);
	cr_assert(o.no_fast_path);
	cr_assert_eq(o.chunk_bytes, 97);
	done(&o);
	setenv("NO_COLOR", "", 1);
	setenv("PERF_REPORTER_NO_FAST_PATH", "0", 1);
	setenv("PERF_REPORTER_CHUNK_BYTES", "0", 1);
	cr_assert_eq(PARSE0(&o), CLI_RUN);
	cr_assert_not(o.no_color);
	cr_assert_not(o.no_fast_path);
	cr_assert_eq(o.chunk_bytes, 0);
	done(&o);
}
