/* cli.c - the command line: getopt_long table, value checks, the checks of which option
 * applies to which command (from the command table, cmd.h) and format, --help and
 * --version.
 * Every message goes through diag_error; the one exception is the "Try ... --help" hint
 * line after a usage error, written here with fputs because it carries no program-name
 * prefix. */
#include "cli.h"

#include <sys/ioctl.h>
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "diag.h"
#include "names.h"
#include "summary.h"
#include "document.h"
#include "fieldmap.h"
#include "format.h"
#include "group.h"
#include "jq-filter.h"
#include "utf8.h"
#include "timeutil.h"
#include "xalloc.h"
#include "state.h"

/* Quoted user text in messages is cut to this many bytes. */
#define CLI_QUOTE_MAX 64
/* The built-in format files, where `make install` puts them (Makefile.am defines it). */
#ifndef FORMATSDIR
#define FORMATSDIR "/usr/local/share/perf-reporter/formats"
#endif
/* Longest word the command suggestion compares (longer ones are not typos). */
#define CLI_SUGGEST_MAX 32
/* Suggest a command only this close (Levenshtein distance). */
#define CLI_SUGGEST_DIST 3
/* Days in 10,000 Gregorian years: --days can never leave the timestamp range. */
#define CLI_MAX_DAYS 3652425L

/* Most commands the table may hold (cli_suggest's array of names). */
#define CLI_MAX_COMMANDS 32

static const char *const cli_formats[] = {
	[FMT_MD] = "md",
	[FMT_CSV] = "csv",
	[FMT_JSON] = "json",
	[FMT_JSONL] = "jsonl",
	[FMT_TERM] = "term",
	[FMT_HTML] = "html",
	[FMT_XLSX] = "xlsx",
};

/* Long-only options get values above CHAR_MAX. */
enum {
	OPT_TOP = CHAR_MAX + 1,
	OPT_PERCENTILES,
	OPT_OP,
	OPT_OUTLIER_RATIO,
	OPT_DRIFT_PCT,
	OPT_ERROR_RATE_PCT,
	OPT_MIN_SAMPLES,
	OPT_FAIL_ON_DEGRADATION,
	OPT_STRICT,
	OPT_MAX_LINE_BYTES,
	OPT_MAX_CHARS,
	OPT_COLOR,
	OPT_DAYS,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_NOW,
	OPT_BUCKET,
	OPT_SERIES,
	OPT_NO_FAST_PATH,
	OPT_TARGETS,
	OPT_BASELINE,
	OPT_REGRESS_PCT,
	OPT_WARN_PCT,
	OPT_FAIL_ON,
	OPT_ALPHA,
	OPT_ALLOW_EMPTY,
	OPT_FIELD,
	OPT_EPOCH,
	OPT_DURATION_UNIT,
	OPT_CONFIG,
	OPT_NO_CONFIG,
	OPT_CSV_DIALECT,
	OPT_CHARTS,
	OPT_BY,
	OPT_MAX_GROUPS,
	OPT_EXPLAIN,
	OPT_FDR,
	OPT_MIN_COVERAGE,
	OPT_WHERE,
	OPT_SUCCESS,
	OPT_TIME_FORMAT,
	OPT_UNIT,
	OPT_NO_PAGER,
	OPT_EXACT_LIMIT,
	OPT_ACCURACY,
	OPT_METRIC,
	OPT_MIN_SEGMENT,
	OPT_JSON_OUTPUT,
	OPT_LOG_FORMAT,
	OPT_STATE,
	OPT_RECORDS,
	OPT_JQ
};

/* A leading '-' returns operands in order as option 1 (even under POSIXLY_CORRECT), so
 * options may sit anywhere; ':' makes getopt silent and report a missing value as ':'. */
static const char cli_shortopts[] = "-:f:o:qj:hV";

static const struct option cli_longopts[] = {
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"quiet", no_argument, NULL, 'q'},
	{"jobs", required_argument, NULL, 'j'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{"top", required_argument, NULL, OPT_TOP},
	{"percentiles", required_argument, NULL, OPT_PERCENTILES},
	{"op", required_argument, NULL, OPT_OP},
	{"outlier-ratio", required_argument, NULL, OPT_OUTLIER_RATIO},
	{"drift-pct", required_argument, NULL, OPT_DRIFT_PCT},
	{"error-rate-pct", required_argument, NULL, OPT_ERROR_RATE_PCT},
	{"min-samples", required_argument, NULL, OPT_MIN_SAMPLES},
	{"fail-on-degradation", no_argument, NULL, OPT_FAIL_ON_DEGRADATION},
	{"strict", no_argument, NULL, OPT_STRICT},
	{"max-line-bytes", required_argument, NULL, OPT_MAX_LINE_BYTES},
	{"max-chars", required_argument, NULL, OPT_MAX_CHARS},
	{"color", required_argument, NULL, OPT_COLOR},
	{"days", required_argument, NULL, OPT_DAYS},
	{"since", required_argument, NULL, OPT_SINCE},
	{"until", required_argument, NULL, OPT_UNTIL},
	{"now", required_argument, NULL, OPT_NOW},
	{"bucket", required_argument, NULL, OPT_BUCKET},
	{"series", required_argument, NULL, OPT_SERIES},
	{"no-fast-path", no_argument, NULL, OPT_NO_FAST_PATH},
	{"targets", required_argument, NULL, OPT_TARGETS},
	{"baseline", required_argument, NULL, OPT_BASELINE},
	{"regress-pct", required_argument, NULL, OPT_REGRESS_PCT},
	{"warn-pct", required_argument, NULL, OPT_WARN_PCT},
	{"fail-on", required_argument, NULL, OPT_FAIL_ON},
	{"alpha", required_argument, NULL, OPT_ALPHA},
	{"allow-empty", no_argument, NULL, OPT_ALLOW_EMPTY},
	{"field", required_argument, NULL, OPT_FIELD},
	{"epoch", required_argument, NULL, OPT_EPOCH},
	{"duration-unit", required_argument, NULL, OPT_DURATION_UNIT},
	{"config", required_argument, NULL, OPT_CONFIG},
	{"no-config", no_argument, NULL, OPT_NO_CONFIG},
	{"csv-dialect", required_argument, NULL, OPT_CSV_DIALECT},
	{"charts", required_argument, NULL, OPT_CHARTS},
	{"metric", required_argument, NULL, OPT_METRIC},
	{"min-segment", required_argument, NULL, OPT_MIN_SEGMENT},
	{"by", required_argument, NULL, OPT_BY},
	{"max-groups", required_argument, NULL, OPT_MAX_GROUPS},
	{"explain", required_argument, NULL, OPT_EXPLAIN},
	{"fdr", required_argument, NULL, OPT_FDR},
	{"min-coverage", required_argument, NULL, OPT_MIN_COVERAGE},
	{"where", required_argument, NULL, OPT_WHERE},
	{"success", required_argument, NULL, OPT_SUCCESS},
	{"time-format", required_argument, NULL, OPT_TIME_FORMAT},
	{"unit", required_argument, NULL, OPT_UNIT},
	{"no-pager", no_argument, NULL, OPT_NO_PAGER},
	{"exact-limit", required_argument, NULL, OPT_EXACT_LIMIT},
	{"accuracy", required_argument, NULL, OPT_ACCURACY},
	{"json-output", required_argument, NULL, OPT_JSON_OUTPUT},
	{"log-format", required_argument, NULL, OPT_LOG_FORMAT},
	{"state", required_argument, NULL, OPT_STATE},
	{"records", required_argument, NULL, OPT_RECORDS},
	{"jq", required_argument, NULL, OPT_JQ},
	{NULL, 0, NULL, 0}
};

/* A whole-number option: its name, the allowed range and how to describe it. */
struct cli_whole_rule {
	const char *name;
	long min, max;
	const char *what;
};

static const struct cli_whole_rule rule_top =
    {"--top", 0, LONG_MAX, "a whole number, 0 or more"};
static const struct cli_whole_rule rule_min_segment =
    {"--min-segment", 2, 1000000, "a whole number from 2 to 1000000"};
static const struct cli_whole_rule rule_jobs =
    {"--jobs", 0, CLI_MAX_JOBS, "a whole number, 0 or more"};
static const struct cli_whole_rule rule_min_samples =
    {"--min-samples", 1, LONG_MAX, "a positive whole number"};
static const struct cli_whole_rule rule_max_line_bytes =
    {"--max-line-bytes", 1, LONG_MAX, "a positive whole number"};
static const struct cli_whole_rule rule_max_chars =
    {"--max-chars", 1, LONG_MAX, "a positive whole number"};
static const struct cli_whole_rule rule_max_groups =
    {"--max-groups", 1, 100000000, "a positive whole number"};
static const struct cli_whole_rule rule_days =
    {"--days", 1, CLI_MAX_DAYS, "a positive whole number"};
static const struct cli_whole_rule rule_charts =
    {"--charts", 0, CLI_MAX_CHARTS, "a whole number, 0 or more"};
static const struct cli_whole_rule rule_exact_limit =
    {"--exact-limit", 0, SUMMARY_EXACT_LIMIT_MAX, "a whole number from 0 to 1048576"};

/* A real-number option: lower bound (inclusive or not), upper bound (inclusive). */
struct cli_real_rule {
	const char *name;
	double min;
	bool min_inclusive;
	double max;
	const char *what;
};

static const struct cli_real_rule rule_outlier_ratio =
    {"--outlier-ratio", 0, false, HUGE_VAL, "a number greater than 0"};
static const struct cli_real_rule rule_drift_pct =
    {"--drift-pct", 0, true, HUGE_VAL, "a number, 0 or more"};
static const struct cli_real_rule rule_error_rate_pct =
    {"--error-rate-pct", 0, true, 100, "a number from 0 to 100"};
static const struct cli_real_rule rule_regress_pct =
    {"--regress-pct", 0, true, HUGE_VAL, "a number, 0 or more"};
static const struct cli_real_rule rule_warn_pct =
    {"--warn-pct", 0, true, HUGE_VAL, "a number, 0 or more"};
static const struct cli_real_rule rule_alpha =
    {"--alpha", 0, false, 1, "a number greater than 0 and at most 1"};
static const struct cli_real_rule rule_min_coverage =
    {"--min-coverage", 0, true, 100, "a number from 0 to 100"};
static const struct cli_real_rule rule_accuracy =
    {"--accuracy", SKETCH_ACCURACY_MIN, true, SKETCH_ACCURACY_MAX,
     "a number from 0.005 to 0.1"};

/* Parse state beyond struct options, alive for one cli_parse call. */
struct cli_state {
	const char *format_arg; /* --format as given, checked once the command is known */
	bool seen_operand;
	bool command_given;
	size_t files_cap, ops_cap;
	const char *since_arg, *until_arg;
	const char *regress_arg, *warn_arg; /* --regress-pct, --warn-pct as given */
	const char *alpha_arg;              /* --alpha as given */
	const char *verdict_arg;            /* "--fdr" or "--min-coverage" when given */
	bool min_coverage_given;
	const char *config_arg;  /* --config FILE */
	bool no_config;          /* --no-config */
	bool help_seen;          /* --help or --version: no project file is read */
	bool ops_from_config;    /* o->ops came from the project file (the first --op on the
	                            command line replaces them) */
	size_t cfg_cap;
	bool dialect_given; /* --csv-dialect */
	const char *changes_arg; /* --metric or --min-segment, when given */
	const char *log_format_arg; /* --log-format on the command line (the last one) */
	const struct format_info *forced; /* a built-in format, already read, applied in
	                               place of --log-format (cli_detect_formats: one
	                               candidate's parse) */
	bool mapping_given;   /* --log-format, --field, --where, --success, --records or --jq
	                         was given, here or in the project file: no detection (SPEC
	                         section 16) */
};

/* While the project file is applied: "FILE: .PATH" put before every usage error, so that
 * the messages of the option handlers name where the bad value is (SPEC section 15). */
static const char *cli_where;
/* While a candidate of detection is parsed (cli_detect_formats): usage errors are not
 * printed; the candidate is left out. */
static bool cli_silent;

/* Usage error: the message, then the hint line. */
static void PR_PRINTF(1, 2)
cli_usage(const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	if (cli_silent)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		diag_error("invalid usage");
	} else {
		msg = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
		if (cli_where != NULL)
			diag_error("%s: %s", cli_where, msg);
		else
			diag_error("%s", msg);
		free(msg);
	}
	/* The one write to standard error outside diag.c: the hint has no prefix. */
	fputs("Try '" PROGRAM_NAME " --help' for more information.\n", stderr);
	fflush(stderr);
}

/* Copy of user text safe to quote in a message; the caller frees. */
static char *
cli_quote(const char *s)
{
	return utf8_escape_cut(s, strlen(s), CLI_QUOTE_MAX);
}

/* "NAME must be WHAT (got 'VALUE')" as a usage error. */
static void
cli_bad_value(const char *name, const char *what, const char *value)
{
	char *q = cli_quote(value);

	cli_usage("%s must be %s (got '%s')", name, what, q);
	free(q);
}

/* Strict whole number: optional sign, digits only, nothing else. */
static bool
cli_whole_syntax(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Strict decimal real: [sign] digits [. digits] [e [sign] digits], at least one digit
 * in the mantissa; no hex, no inf, no nan, no white space. */
static bool
cli_real_syntax(const char *s)
{
	size_t digits = 0;

	if (*s == '+' || *s == '-')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	if (digits == 0)
		return false;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (*s < '0' || *s > '9')
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/* Parse a whole-number option value per rule; reports the usage error itself. */
static bool
cli_whole(const struct cli_whole_rule *r, const char *s, long *out)
{
	long v;
	char *end, *q;

	if (!cli_whole_syntax(s)) {
		cli_bad_value(r->name, r->what, s);
		return false;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '-' && (v < r->min || errno == ERANGE)) {
		cli_bad_value(r->name, r->what, s);
		return false;
	}
	if (errno == ERANGE || v > r->max) {
		q = cli_quote(s);
		cli_usage("%s must be at most %ld (got '%s')", r->name, r->max, q);
		free(q);
		return false;
	}
	if (v < r->min) {
		cli_bad_value(r->name, r->what, s);
		return false;
	}
	*out = v;
	return true;
}

/* Parse a finite decimal number; false on bad syntax or overflow. */
static bool
cli_strtod(const char *s, double *out)
{
	char *end;
	double v;

	if (!cli_real_syntax(s))
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (*end != '\0' || !isfinite(v))
		return false;
	*out = v;
	return true;
}

/* Parse a real-number option value per rule; reports the usage error itself. */
static bool
cli_real(const struct cli_real_rule *r, const char *s, double *out)
{
	double v;

	if (!cli_strtod(s, &v) ||
	    (r->min_inclusive ? v < r->min : v <= r->min) || v > r->max) {
		cli_bad_value(r->name, r->what, s);
		return false;
	}
	*out = v;
	return true;
}

/* Parse --percentiles: comma-separated values in (0, 100), no duplicates, order kept. */
static bool
cli_percentiles(const char *list, struct options *o)
{
	double vals[MAX_PERCENTILES], v;
	size_t n = 0, i, len;
	const char *p = list, *comma;
	char *item, *q;
	bool ok = true;

	for (;;) {
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		item = xstrndup(p, len);
		q = cli_quote(item);
		if (len == 0) {
			free(q);
			q = cli_quote(list);
			cli_usage("--percentiles has an empty item (got '%s'); "
			    "give values such as 50,95,99", q);
			ok = false;
		} else if (!cli_strtod(item, &v)) {
			cli_usage("--percentiles: '%s' is not a number", q);
			ok = false;
		} else if (v <= 0 || v >= 100) {
			cli_usage("--percentiles: %s is not strictly between 0 and 100", q);
			ok = false;
		} else if (n == MAX_PERCENTILES) {
			cli_usage("--percentiles takes at most %d values",
			    MAX_PERCENTILES);
			ok = false;
		} else {
			for (i = 0; i < n; i++)
				if (same_double(vals[i], v))
					break;
			if (i < n) {
				cli_usage("--percentiles lists %s twice", q);
				ok = false;
			} else
				vals[n++] = v;
		}
		free(q);
		free(item);
		if (!ok)
			return false;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	memcpy(o->percentiles, vals, n * sizeof(vals[0]));
	o->n_percentiles = n;
	return true;
}

/* Parse a timestamp option (--since, --until, --now); bare dates allowed. */
static bool
cli_time(const char *name, const char *s, int64_t *out)
{
	const char *why = NULL;
	char *q;

	if (tu_parse(s, strlen(s), TU_ALLOW_DATE, out, &why) == 0)
		return true;
	q = cli_quote(s);
	cli_usage("%s: '%s' is not a valid time (%s); use RFC 3339 such as "
	    "2026-01-06T13:28:00Z or a date such as 2026-01-06", name, q,
	    why != NULL ? why : "not RFC 3339");
	free(q);
	return false;
}

/* Index of s in the NULL-free table names[0..n), or -1. */
static int
cli_lookup(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

/* Parse one of a fixed set of words; reports the usage error itself. */
static bool
cli_word(const char *name, const char *const *names, size_t n, const char *what,
    const char *s, int *out)
{
	int i = cli_lookup(names, n, s);

	if (i < 0) {
		cli_bad_value(name, what, s);
		return false;
	}
	*out = i;
	return true;
}

/* The command named s in the table, or -1. */
static int
cli_command_lookup(const char *s)
{
	for (size_t i = 0; i < cmd_count; i++)
		if (strcmp(cmd_table[i].name, s) == 0)
			return (int)i;
	return -1;
}

/* The names of the commands with all of flags (0: every command) joined as in a sentence
 * ("trends, export and compare") into buf. */
static const char *
cli_command_list(unsigned flags, char *buf, size_t size)
{
	size_t n = 0, k = 0, len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < cmd_count; i++)
		n += (cmd_table[i].flags & flags) == flags;
	for (size_t i = 0; i < cmd_count && len < size; i++) {
		if ((cmd_table[i].flags & flags) != flags)
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		    k == 0 ? "" : k + 1 == n ? " and " : ", ", cmd_table[i].name);
		k++;
	}
	return buf;
}

/* The command nearest to word, or NULL when none is within CLI_SUGGEST_DIST. */
static const char *
cli_suggest(const char *word)
{
	const char *names[CLI_MAX_COMMANDS];
	size_t n = 0;

	if (strlen(word) > CLI_SUGGEST_MAX)
		return NULL;
	for (size_t i = 0; i < cmd_count && n < CLI_MAX_COMMANDS; i++)
		names[n++] = cmd_table[i].name;
	return names_nearest(word, names, n, CLI_SUGGEST_DIST);
}

/* Append FILE to o->files. */
static void
cli_add_file(struct cli_state *st, struct options *o, char *file)
{
	xgrow(&o->files, &st->files_cap, o->n_files + 1, sizeof(o->files[0]));
	o->files[o->n_files++] = file;
}

/* True when s is "-" or names something stat can see. */
static bool
cli_is_file(const char *s)
{
	struct stat sb;

	return strcmp(s, "-") == 0 || stat(s, &sb) == 0;
}

/* One operand: the command (first only), or a FILE. */
static bool
cli_operand(struct cli_state *st, struct options *o, char *arg)
{
	int c = cli_command_lookup(arg);
	const char *near;
	char *q, all[256];

	if (!st->seen_operand) {
		st->seen_operand = true;
		if (c >= 0) {
			o->command = (enum command)c;
			st->command_given = true;
			return true;
		}
		if (cli_is_file(arg)) {
			cli_add_file(st, o, arg);
			return true;
		}
		q = cli_quote(arg);
		if ((near = cli_suggest(arg)) != NULL)
			cli_usage("unknown command '%s'; did you mean '%s'?", q, near);
		else
			cli_usage("unknown command '%s', and no such file; the commands "
			    "are %s", q, cli_command_list(0, all, sizeof(all)));
		free(q);
		return false;
	}
	/* A later command word is a FILE only if such a file exists. */
	if (c >= 0 && !cli_is_file(arg)) {
		if (st->command_given)
			cli_usage("two commands given: '%s', then '%s'",
			    cmd_of(o->command)->name, arg);
		else
			cli_usage("the command '%s' must come before the FILEs", arg);
		return false;
	}
	cli_add_file(st, o, arg);
	return true;
}

/* Report an unknown, ambiguous or misused option (getopt returned '?'). */
static void
cli_bad_option(char **argv)
{
	const struct option *lo;
	const char *arg, *eq;
	size_t len, n = 0, used = 0;
	char list[512], *q;

	if (optopt > 0) {
		for (lo = cli_longopts; lo->name != NULL; lo++)
			if (lo->val == optopt)
				break;
		if (lo->name != NULL) /* --quiet=x: a value given to a flag */
			cli_usage("option '--%s' takes no value", lo->name);
		else if (optopt > ' ' && optopt < 0x7f)
			cli_usage("unknown option '-%c'", optopt);
		else
			cli_usage("unknown option");
		return;
	}
	/* glibc has stepped past the unknown or ambiguous long option. */
	arg = optind > 0 ? argv[optind - 1] : "";
	if (strncmp(arg, "--", 2) != 0) {
		cli_usage("unknown option");
		return;
	}
	arg += 2;
	len = (eq = strchr(arg, '=')) != NULL ? (size_t)(eq - arg) : strlen(arg);
	list[0] = '\0';
	for (lo = cli_longopts; lo->name != NULL; lo++) {
		if (strncmp(lo->name, arg, len) != 0)
			continue;
		n++;
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s--%s",
		    used > 0 ? ", " : "", lo->name);
		if (used >= sizeof(list))
			used = sizeof(list) - 1;
	}
	q = utf8_escape_cut(arg, len, CLI_QUOTE_MAX);
	if (n > 1)
		cli_usage("option '--%s' is ambiguous; it could be %s", q, list);
	else
		cli_usage("unknown option '--%s'", q);
	free(q);
}

/* Report an option given without its value (getopt returned ':'). */
static void
cli_missing_value(char **argv)
{
	const struct option *lo;
	const char *arg = optind > 0 ? argv[optind - 1] : "";

	for (lo = cli_longopts; lo->name != NULL; lo++)
		if (lo->val == optopt)
			break;
	if (strncmp(arg, "--", 2) == 0 && lo->name != NULL)
		cli_usage("option '--%s' needs a value", lo->name);
	else if (optopt > ' ' && optopt < 0x7f)
		cli_usage("option '-%c' needs a value", optopt);
	else
		cli_usage("an option needs a value");
}

/* Non-empty string option value (file names, operation names). */
static bool
cli_nonempty(const char *name, const char *what, const char *s)
{
	if (*s != '\0')
		return true;
	cli_usage("%s needs %s (got an empty string)", name, what);
	return false;
}

/* The field mapping being built (SPEC section 15). */
static struct fieldmap *
cli_fields(struct options *o)
{
	if (o->fields == NULL)
		o->fields = fm_new();
	return o->fields;
}

/* --field NAME=KEY. */
static bool
cli_field(struct options *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char why[256], *name, *q;
	int f;

	if (eq == NULL || eq == arg) {
		cli_bad_value("--field", "NAME=KEY, such as operation_type=tool", arg);
		return false;
	}
	name = xstrndup(arg, (size_t)(eq - arg));
	if ((f = fm_field_lookup(name)) < 0) {
		q = cli_quote(name);
		cli_usage("--field: unknown field '%s'; the fields are timestamp, operation_type, "
		    "duration_ms, success, session_id, error and context", q);
		free(q);
		free(name);
		return false;
	}
	if (fm_set_field(cli_fields(o), (enum fm_field)f, eq + 1, why, sizeof(why)) < 0) {
		cli_usage("--field %s: %s", name, why);
		free(name);
		return false;
	}
	free(name);
	return true;
}

/* A --by or --explain key: valid UTF-8 without control characters (it becomes a JSON key
 * and a column name). */
static bool
cli_key_ok(const char *opt, const char *key, size_t len)
{
	const unsigned char *u = (const unsigned char *)key;

	for (size_t i = 0; i < len;) {
		size_t k = utf8_seq_len(u + i, len - i);

		if (k == 0 || (k == 1 && (u[i] < 0x20 || u[i] == 0x7f))) {
			char *c = xstrndup(key, len), *q = cli_quote(c);

			cli_usage("%s: the key '%s' is not printable UTF-8", opt, q);
			free(q);
			free(c);
			return false;
		}
		i += k;
	}
	return true;
}

/* --where EXPR, --success EXPR, --time-format FMT, --unit LABEL (SPEC section 16). */
static bool
cli_expr_option(struct options *o, int c, const char *arg)
{
	const char *name = c == OPT_WHERE ? "--where" : c == OPT_SUCCESS ? "--success" :
	    c == OPT_TIME_FORMAT ? "--time-format" : "--unit";
	char why[256];
	int r;

	if (c == OPT_UNIT) {
		if (!cli_nonempty(name, "a label such as MB", arg) ||
		    !cli_key_ok(name, arg, strlen(arg)))
			return false;
		/* It is written into Markdown, HTML and Mermaid as it is: no markup. */
		if (strlen(arg) > CLI_MAX_UNIT || strpbrk(arg, "|<>&\"'`*_[]\\#") != NULL) {
			cli_bad_value(name, "a label of at most 16 bytes without | < > & \" ' ` * _ "
			    "[ ] \\ #, such as MB", arg);
			return false;
		}
		o->unit = arg;
		return true;
	}
	if (c == OPT_WHERE)
		r = fm_add_where(cli_fields(o), arg, why, sizeof(why));
	else if (c == OPT_SUCCESS)
		r = fm_set_success(cli_fields(o), arg, why, sizeof(why));
	else
		r = fm_set_time_format(cli_fields(o), arg, why, sizeof(why));
	if (r < 0) {
		cli_usage("%s: %s", name, why);
		return false;
	}
	return true;
}

/* --records PATH and --jq FILTER (SPEC section 16, Documents): checked here, so that a bad
 * one is a usage error; the scan compiles the filter again for each thread using it. */
static bool
cli_document_option(struct options *o, int c, const char *arg)
{
	char why[256], *err;
	struct jqf *q;

	if (c == OPT_RECORDS) {
		struct doc_path *dp = doc_path_new(arg, why, sizeof(why));

		if (dp == NULL) {
			cli_usage("--records: '%s' %s", arg, why);
			return false;
		}
		doc_path_free(o->records);
		o->records = dp;
		return true;
	}
	if (cli_silent) {
		/* A candidate of detection (cli_detect_formats): compiled only when a source
		 * is tried against it (format_detect), where one that does not compile is left
		 * out. */
		o->jq = arg;
		return true;
	}
	if ((q = jqf_new(arg, &err)) == NULL) {
		cli_usage("--jq: %s", err);
		free(err);
		return false;
	}
	jqf_free(q);
	o->jq = arg;
	return true;
}

/* --by KEY[,KEY...] (SPEC section 14): replaces an earlier --by. */
static bool
cli_by(struct options *o, const char *arg)
{
	const char *p = arg;

	for (size_t i = 0; i < o->n_by; i++)
		free(o->by_keys[i]);
	o->n_by = 0;
	for (;;) {
		const char *c = strchr(p, ',');
		size_t len = c != NULL ? (size_t)(c - p) : strlen(p);

		if (len == 0) {
			cli_bad_value("--by", "keys separated by commas, such as "
			    "operation_type,context.model", arg);
			return false;
		}
		if (o->n_by == MAX_BY) {
			cli_usage("--by: at most %d keys", MAX_BY);
			return false;
		}
		if (!cli_key_ok("--by", p, len))
			return false;
		o->by_keys[o->n_by] = xstrndup(p, len);
		for (size_t i = 0; i < o->n_by; i++)
			if (strcmp(o->by_keys[i], o->by_keys[o->n_by]) == 0) {
				char *q = cli_quote(o->by_keys[i]);

				cli_usage("--by: the key '%s' is named twice", q);
				free(q);
				free(o->by_keys[o->n_by]);
				return false;
			}
		o->n_by++;
		if (c == NULL)
			return true;
		p = c + 1;
	}
}

/* A --by or --explain KEY that --field maps to a record field the grouping knows
 * (--field operation_type=tool, then --by tool) stands for that field: *key becomes its
 * name. */
static void
cli_by_alias(const struct options *o, char **key)
{
	static const enum fm_field fields[] = {FM_OPERATION, FM_SESSION, FM_ERROR,
	    FM_SUCCESS};

	if (o->fields == NULL || group_src_of(*key) != GROUP_EXTRA)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		const struct fm_path *p = &o->fields->path[fields[i]];

		if (o->fields->mapped[fields[i]] && p->text != NULL &&
		    strcmp(p->text, *key) == 0) {
			free(*key);
			*key = xstrdup(fm_field_name(fields[i]));
			return;
		}
	}
}

/* After the parse: the grouping, and the one key of --by and --explain that the
 * fieldmap's extra slot reads (group.h). */
static bool
cli_check_by(struct options *o)
{
	const char *extra = NULL;
	char why[256];

	for (size_t i = 0; i < o->n_by; i++)
		cli_by_alias(o, &o->by_keys[i]);
	if (o->explain != NULL)
		cli_by_alias(o, &o->explain);

	if (!(cmd_of(o->command)->flags & CMDF_GROUPS) && (o->n_by > 0 || o->explain != NULL)) {
		cli_usage("--by and --explain do not apply to %s, which writes the records "
		    "themselves", cmd_of(o->command)->name);
		return false;
	}
	o->grouped = o->n_by > 1 ||
	    (o->n_by == 1 && group_src_of(o->by_keys[0]) != GROUP_OP);
	if (!o->grouped) {
		for (size_t i = 0; i < o->n_by; i++)
			free(o->by_keys[i]);
		o->n_by = 0;
	}
	for (size_t i = 0; i < o->n_by; i++) {
		if (group_src_of(o->by_keys[i]) != GROUP_EXTRA)
			continue;
		if (extra != NULL) {
			char *qa = cli_quote(extra), *qb = cli_quote(o->by_keys[i]);

			cli_usage("--by names two keys outside the record fields ('%s' and "
			    "'%s'); only one such key can be read", qa, qb);
			free(qa);
			free(qb);
			return false;
		}
		extra = o->by_keys[i];
	}
	if (o->explain != NULL && group_src_of(o->explain) == GROUP_EXTRA) {
		if (extra != NULL && strcmp(extra, o->explain) != 0) {
			char *qa = cli_quote(o->explain), *qb = cli_quote(extra);

			cli_usage("--explain '%s' and --by '%s' are both keys outside the record "
			    "fields; only one such key can be read", qa, qb);
			free(qa);
			free(qb);
			return false;
		}
		extra = o->explain;
	}
	if (o->explain != NULL && o->n_by >= MAX_BY) {
		cli_usage("--explain: at most %d --by keys with it", MAX_BY - 1);
		return false;
	}
	if (o->n_ops > 0 && o->grouped && group_op_index(o->by_keys, o->n_by) < 0) {
		cli_usage("--op selects operations: give operation_type among the --by keys");
		return false;
	}
	if (extra != NULL && fm_set_extra(cli_fields(o), extra, why, sizeof(why)) < 0) {
		char *q = cli_quote(extra);

		cli_usage("--by/--explain '%s': %s", q, why);
		free(q);
		return false;
	}
	return true;
}

/* Apply one option; false after reporting a usage error. */
static bool
cli_option(struct cli_state *st, struct options *o, int c, char *arg)
{
	static const char *const colors[] = {"auto", "always", "never"};
	static const char *const buckets[] = {"day", "week", "month", "hour"};
	static const char *const levels[] = {"warning", "critical"};
	static const char *const metrics[] = {"p50", "avg", "p95", "p99", "error_rate"};
	static const char *const units[] = {"s", "ms", "us", "ns"}; /* enum fm_unit */
	static const char *const dialects[] = {"rfc4180", "excel"};
	static const char *const fdrs[] = {"bh", "off"};
	long n;
	int w;

	switch (c) {
	case 'f':
		st->format_arg = arg;
		return true;
	case 'o':
		if (!cli_nonempty("--output", "a file name", arg))
			return false;
		o->output = strcmp(arg, "-") == 0 ? NULL : arg;
		return true;
	case 'q':
		o->quiet = true;
		return true;
	case 'j':
		return cli_whole(&rule_jobs, arg, &o->jobs);
	case OPT_TOP:
		return cli_whole(&rule_top, arg, &o->top);
	case OPT_PERCENTILES:
		return cli_percentiles(arg, o);
	case OPT_OP:
		if (!cli_nonempty("--op", "an operation name", arg))
			return false;
		if (st->ops_from_config != (cli_where != NULL)) {
			o->n_ops = 0; /* the command line's --op replaces the project file's */
			st->ops_from_config = cli_where != NULL;
		}
		xgrow(&o->ops, &st->ops_cap, o->n_ops + 1, sizeof(o->ops[0]));
		o->ops[o->n_ops++] = arg;
		return true;
	case OPT_OUTLIER_RATIO:
		return cli_real(&rule_outlier_ratio, arg, &o->outlier_ratio);
	case OPT_DRIFT_PCT:
		return cli_real(&rule_drift_pct, arg, &o->drift_pct);
	case OPT_ERROR_RATE_PCT:
		return cli_real(&rule_error_rate_pct, arg, &o->error_rate_pct);
	case OPT_MIN_SAMPLES:
		return cli_whole(&rule_min_samples, arg, &o->min_samples);
	case OPT_FAIL_ON_DEGRADATION:
		o->fail_on_degradation = true;
		return true;
	case OPT_STRICT:
		o->strict = true;
		return true;
	case OPT_MAX_LINE_BYTES:
		if (!cli_whole(&rule_max_line_bytes, arg, &n))
			return false;
		o->max_line_bytes = (size_t)n;
		return true;
	case OPT_MAX_CHARS:
		if (!cli_whole(&rule_max_chars, arg, &n))
			return false;
		o->max_chars = (size_t)n;
		return true;
	case OPT_COLOR:
		if (!cli_word("--color", colors, ARRAY_SIZE(colors),
		    "auto, always or never", arg, &w))
			return false;
		o->color = w == 0 ? COLOR_AUTO : w == 1 ? COLOR_ALWAYS : COLOR_NEVER;
		return true;
	case OPT_DAYS:
		if (!cli_whole(&rule_days, arg, &o->days))
			return false;
		o->days_set = true;
		return true;
	case OPT_SINCE:
		if (!cli_time("--since", arg, &o->since_us))
			return false;
		o->since_set = true;
		st->since_arg = arg;
		return true;
	case OPT_UNTIL:
		if (!cli_time("--until", arg, &o->until_us))
			return false;
		o->until_set = true;
		st->until_arg = arg;
		return true;
	case OPT_NOW:
		if (strcmp(arg, "latest") == 0) {
			o->now_mode = NOW_LATEST;
			return true;
		}
		if (!cli_time("--now", arg, &o->now_us))
			return false;
		o->now_mode = NOW_FIXED;
		return true;
	case OPT_BUCKET:
		if (!cli_word("--bucket", buckets, ARRAY_SIZE(buckets),
		    "day, week, month or hour", arg, &w))
			return false;
		o->bucket_hour = w == 3; /* summarize only (cli_check_summary) */
		o->bucket = w == 0 ? BUCKET_DAY : w == 1 ? BUCKET_WEEK :
		    w == 2 ? BUCKET_MONTH : BUCKET_AUTO;
		return true;
	case OPT_EXACT_LIMIT:
		o->exact_limit_set = true;
		return cli_whole(&rule_exact_limit, arg, &o->exact_limit);
	case OPT_ACCURACY:
		o->accuracy_set = true;
		return cli_real(&rule_accuracy, arg, &o->accuracy);
	case OPT_SERIES:
		if (!cli_nonempty("--series", "a file name", arg))
			return false;
		o->series_file = arg;
		return true;
	case OPT_JSON_OUTPUT:
		if (!cli_nonempty("--json-output", "a file name", arg))
			return false;
		o->json_output = arg;
		return true;
	case OPT_NO_FAST_PATH:
		o->no_fast_path = true;
		return true;
	case OPT_NO_PAGER:
		o->no_pager = true;
		return true;
	case OPT_TARGETS:
		if (!cli_nonempty("--targets", "a file name", arg))
			return false;
		o->targets_file = arg;
		return true;
	case OPT_BASELINE:
		if (!cli_nonempty("--baseline", "a file name", arg))
			return false;
		o->baseline_file = arg;
		return true;
	case OPT_REGRESS_PCT:
		st->regress_arg = arg;
		return cli_real(&rule_regress_pct, arg, &o->regress_pct);
	case OPT_WARN_PCT:
		st->warn_arg = arg;
		return cli_real(&rule_warn_pct, arg, &o->warn_pct);
	case OPT_FAIL_ON:
		if (!cli_word("--fail-on", levels, ARRAY_SIZE(levels), "warning or critical",
		    arg, &w))
			return false;
		o->fail_on = w == 0 ? FAIL_ON_WARNING : FAIL_ON_CRITICAL;
		return true;
	case OPT_ALPHA:
		st->alpha_arg = arg;
		return cli_real(&rule_alpha, arg, &o->alpha);
	case OPT_ALLOW_EMPTY:
		o->allow_empty = true;
		return true;
	case OPT_FIELD:
		st->mapping_given = true;
		return cli_field(o, arg);
	case OPT_EPOCH:
		if (!cli_word("--epoch", units, ARRAY_SIZE(units), "s, ms, us or ns", arg, &w))
			return false;
		cli_fields(o)->epoch = w;
		return true;
	case OPT_DURATION_UNIT:
		if (!cli_word("--duration-unit", units, ARRAY_SIZE(units), "s, ms, us or ns",
		    arg, &w))
			return false;
		cli_fields(o)->duration_unit = (enum fm_unit)w;
		return true;
	case OPT_CONFIG:
		return cli_nonempty("--config", "a file name", arg);
	case OPT_NO_CONFIG:
		return true; /* both read by cli_config_scan before the parse */
	case OPT_CSV_DIALECT:
		if (!cli_word("--csv-dialect", dialects, ARRAY_SIZE(dialects),
		    "rfc4180 or excel", arg, &w))
			return false;
		o->csv_dialect = w == 0 ? CSV_RFC4180 : CSV_EXCEL;
		st->dialect_given = true;
		return true;
	case OPT_CHARTS:
		o->charts_set = true;
		return cli_whole(&rule_charts, arg, &o->charts);
	case OPT_BY:
		return cli_by(o, arg);
	case OPT_MAX_GROUPS:
		return cli_whole(&rule_max_groups, arg, &o->max_groups);
	case OPT_METRIC:
		if (!cli_word("--metric", metrics, ARRAY_SIZE(metrics),
		    "p50, avg, p95, p99 or error_rate", arg, &w))
			return false;
		o->metric = (enum change_metric)w;
		st->changes_arg = "--metric";
		return true;
	case OPT_STATE:
		if (!cli_nonempty("--state", "a file name", arg))
			return false;
		o->state_file = arg;
		return true;
	case OPT_MIN_SEGMENT:
		st->changes_arg = "--min-segment";
		return cli_whole(&rule_min_segment, arg, &o->min_segment);
	case OPT_EXPLAIN:
		if (!cli_nonempty("--explain", "a key", arg) ||
		    !cli_key_ok("--explain", arg, strlen(arg)))
			return false;
		free(o->explain);
		o->explain = xstrdup(arg);
		return true;
	case OPT_FDR:
		if (!cli_word("--fdr", fdrs, ARRAY_SIZE(fdrs), "bh or off", arg, &w))
			return false;
		o->fdr_off = w == 1;
		st->verdict_arg = "--fdr";
		return true;
	case OPT_MIN_COVERAGE:
		st->verdict_arg = "--min-coverage";
		st->min_coverage_given = true;
		return cli_real(&rule_min_coverage, arg, &o->min_coverage);
	case OPT_LOG_FORMAT:
		/* Applied before the project file by cli_config (cli_log_format). */
		st->mapping_given = true;
		return cli_nonempty("--log-format", "a format name or a file", arg);
	case OPT_WHERE:
	case OPT_SUCCESS:
		st->mapping_given = true;
		return cli_expr_option(o, c, arg);
	case OPT_TIME_FORMAT:
	case OPT_UNIT:
		return cli_expr_option(o, c, arg);
	case OPT_RECORDS:
	case OPT_JQ:
		st->mapping_given = true;
		return cli_document_option(o, c, arg);
	default:
		cli_usage("unknown option");
		return false;
	}
}

/* True when command c writes format f. */
static bool
cli_format_ok(enum command c, enum format f)
{
	return (cmd_of(c)->formats & CMD_FMT(f)) != 0;
}

/* Resolve --format against the command. */
static bool
cli_resolve_format(const struct cli_state *st, struct options *o)
{
	const struct cmd_entry *e = cmd_of(o->command);
	const char *cmd = e->name, *takes = e->formats_text;
	char *q;
	int f;

	if (st->format_arg == NULL) {
		/* The terminal view only for a person: stdout a terminal, no -o. */
		o->format = o->stdout_tty && o->output == NULL &&
		    cli_format_ok(o->command, FMT_TERM) ? FMT_TERM : e->default_format;
		return true;
	}
	f = cli_lookup(cli_formats, ARRAY_SIZE(cli_formats), st->format_arg);
	if (f >= 0 && cli_format_ok(o->command, (enum format)f)) {
		if (f == FMT_XLSX && o->stdout_tty && o->output == NULL) {
			/* A binary workbook is never written to a terminal. */
			cli_usage("xlsx is a binary file: write it with -o FILE or redirect "
			    "standard output (--format)");
			return false;
		}
		o->format = (enum format)f;
		o->format_set = true;
		return true;
	}
	q = cli_quote(st->format_arg);
	if (f < 0)
		cli_usage("unknown format '%s'; %s writes %s (--format)", q, cmd, takes);
	else
		cli_usage("%s does not write %s; it writes %s (--format)", cmd, q, takes);
	free(q);
	return false;
}

/* " (the default command)" when the command was not given. */
static const char *
cli_cmd_note(const struct cli_state *st)
{
	return st->command_given ? "" : " (the default command)";
}

/* True when out names one of the input files (same path or same file on disk). */
static bool
cli_overwrites_input(const char *out, const struct options *o, const char **which)
{
	struct stat so, si;
	bool have_out = stat(out, &so) == 0;
	size_t i;

	for (i = 0; i < o->n_files; i++) {
		if (strcmp(o->files[i], "-") == 0)
			continue;
		if (strcmp(o->files[i], out) == 0 ||
		    (have_out && stat(o->files[i], &si) == 0 &&
		    si.st_dev == so.st_dev && si.st_ino == so.st_ino)) {
			*which = o->files[i];
			return true;
		}
	}
	return false;
}

/* Usage error when the output file named by option name would replace an input. */
static bool
cli_check_clobber(const char *name, const char *out, const struct options *o)
{
	const char *which;
	char *q;

	if (out == NULL || !cli_overwrites_input(out, o, &which))
		return true;
	q = cli_quote(which);
	cli_usage("%s would overwrite the input file '%s'", name, q);
	free(q);
	return false;
}

/* The CI gate's options: not with export; --regress-pct and --warn-pct only with
 * --baseline, and the warning level not above the regression level. */
static bool
cli_check_gate(const struct cli_state *st, const struct options *o)
{
	const char *name = o->targets_file != NULL ? "--targets" :
	    o->baseline_file != NULL ? "--baseline" : st->regress_arg != NULL ?
	    "--regress-pct" : st->warn_arg != NULL ? "--warn-pct" :
	    o->fail_on != FAIL_ON_NONE ? "--fail-on" : NULL;
	const struct cmd_entry *e = cmd_of(o->command);

	if (!(e->flags & CMDF_VERDICT) && name != NULL) {
		cli_usage("%s does not apply to %s, which makes no report to check", name,
		    e->name);
		return false;
	}
	if (!(e->flags & CMDF_VERDICT) && (st->alpha_arg != NULL || o->allow_empty)) {
		cli_usage("%s does not apply to %s, which makes no report to check",
		    st->alpha_arg != NULL ? "--alpha" : "--allow-empty", e->name);
		return false;
	}
	if (!(e->flags & CMDF_VERDICT) && st->verdict_arg != NULL) {
		cli_usage("%s does not apply to %s, which makes no report to check",
		    st->verdict_arg, e->name);
		return false;
	}
	if ((e->flags & CMDF_TWO_INPUTS) && st->min_coverage_given) {
		cli_usage("--min-coverage does not apply to %s, which has no previous window",
		    e->name);
		return false;
	}
	if (!(e->flags & CMDF_GATE_FILES) &&
	    (o->targets_file != NULL || o->baseline_file != NULL)) {
		cli_usage("%s does not apply to %s, which compares its two inputs; "
		    "give the baseline as %s's BASE", o->targets_file != NULL ?
		    "--targets" : "--baseline", e->name, e->name);
		return false;
	}
	if (o->baseline_file == NULL &&
	    ((st->regress_arg != NULL && !(e->flags & CMDF_REGRESS)) ||
	    (st->warn_arg != NULL && !(e->flags & CMDF_CHANGES)))) {
		bool regress = st->regress_arg != NULL && !(e->flags & CMDF_REGRESS);
		char list[256];

		cli_usage("%s applies only with --baseline FILE or to %s",
		    regress ? "--regress-pct" : "--warn-pct",
		    cli_command_list(regress ? CMDF_REGRESS : CMDF_CHANGES, list, sizeof(list)));
		return false;
	}
	if (o->warn_pct > o->regress_pct) {
		char warn[32], regress[32];

		/* Each as given, or its default. */
		snprintf(warn, sizeof(warn), "%g", CLI_DEFAULT_WARN_PCT);
		snprintf(regress, sizeof(regress), "%g", CLI_DEFAULT_REGRESS_PCT);
		cli_usage("--warn-pct (%s) must not be above --regress-pct (%s)",
		    st->warn_arg != NULL ? st->warn_arg : warn,
		    st->regress_arg != NULL ? st->regress_arg : regress);
		return false;
	}
	return true;
}

/* compare takes exactly two inputs, BASE and CURRENT, at most one of them standard input,
 * and none of the options that only a windowed report has. */
static bool
cli_check_compare(const struct options *o)
{
	const char *cmd = cmd_of(o->command)->name;

	if (o->n_files != 2) {
		cli_usage("%s needs two inputs, BASE and CURRENT (got %zu)", cmd, o->n_files);
		return false;
	}
	if (strcmp(o->files[0], "-") == 0 && strcmp(o->files[1], "-") == 0) {
		cli_usage("%s: only one of BASE and CURRENT can be standard input ('-')", cmd);
		return false;
	}
	if (o->bucket != BUCKET_AUTO || o->series_file != NULL || o->max_chars != 0) {
		cli_usage("%s does not apply to %s", o->bucket != BUCKET_AUTO ?
		    "--bucket" : o->series_file != NULL ? "--series" : "--max-chars", cmd);
		return false;
	}
	return true;
}

/* summarize's options (SPEC section 18): --exact-limit and --accuracy for it alone; its
 * --bucket is hour or day, trends' never hour (changes' may be); no --explain. */
static bool
cli_check_summary(const struct options *o)
{
	const struct cmd_entry *e = cmd_of(o->command);

	if (!(e->flags & CMDF_SUMMARY) && (o->exact_limit_set || o->accuracy_set)) {
		cli_usage("%s applies only to summarize, not %s",
		    o->exact_limit_set ? "--exact-limit" : "--accuracy", e->name);
		return false;
	}
	if ((e->flags & CMDF_BUCKETS) && o->bucket_hour && o->command != CMD_CHANGES) {
		cli_usage("--bucket hour applies only to summarize and changes; %s takes day, "
		    "week or month", e->name);
		return false;
	}
	if ((e->flags & CMDF_SUMMARY) && (o->bucket == BUCKET_WEEK || o->bucket == BUCKET_MONTH)) {
		cli_usage("summarize buckets by hour or day, not by %s",
		    o->bucket == BUCKET_WEEK ? "week" : "month");
		return false;
	}
	if ((e->flags & CMDF_SUMMARY) && o->explain != NULL) {
		cli_usage("--explain does not apply to summarize, which keeps no records");
		return false;
	}
	return true;
}

/* --charts: Markdown, term and HTML only; trends draws 3 Mermaid charts by default. */
static bool
cli_check_view(struct options *o)
{
	const struct cmd_entry *e = cmd_of(o->command);

	if (o->charts_set && !(e->flags & CMDF_CHARTS)) {
		cli_usage("--charts does not apply to %s", e->name);
		return false;
	}
	if (o->charts_set && o->format != FMT_MD && o->format != FMT_TERM &&
	    o->format != FMT_HTML) {
		cli_usage("--charts applies only to --format md, term and html, not %s",
		    cli_formats[o->format]);
		return false;
	}
	if (!o->charts_set)
		o->charts = o->format == FMT_MD ? e->md_charts : 0;
	return true;
}

/* The width of the terminal view: COLUMNS when it is a positive number, else the width of
 * the terminal on standard output, else 80; never below CLI_MIN_WIDTH. */
static long
cli_term_width(void)
{
	const char *s = getenv("COLUMNS");
	struct winsize ws;
	long w = 0;
	char *end;

	if (s != NULL && *s != '\0') {
		errno = 0;
		w = strtol(s, &end, 10);
		if (errno != 0 || *end != '\0' || w <= 0 || w > 100000)
			w = 0;
	}
	if (w == 0 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		w = ws.ws_col;
	if (w == 0)
		w = 80;
	return w < CLI_MIN_WIDTH ? CLI_MIN_WIDTH : w;
}

bool
cli_wants_buckets(const struct options *o)
{
	return (cmd_of(o->command)->flags & CMDF_BUCKETS) || o->format == FMT_HTML ||
	    ((o->format == FMT_MD || o->format == FMT_TERM) && o->charts > 0);
}

void
cli_resolve(struct options *o)
{
	const struct cmd_entry *e = cmd_of(o->command);

	o->command_name = e->name;
	o->window = e->window;
	o->window_days = e->days;
	if ((e->flags & CMDF_DAYS) && e->window == WINDOW_LAST_DAYS && !o->days_set)
		o->days = e->days;
	o->wants_buckets = cli_wants_buckets(o);
	o->series_report = (e->flags & CMDF_SERIES) != 0;
	o->wants_days = (e->flags & CMDF_GATE_FILES) != 0;
	o->default_input = o->n_files == 0 ? cli_default_input() : NULL;
}

/* changes (SPEC section 17): none of the report's gate files, charts, --explain,
 * --warn-pct, --allow-empty, --fdr or --min-coverage, and --fail-on at critical only; its
 * own defaults for --alpha (the split was chosen to look different, so its p is
 * optimistic), --days (the span --fail-on looks at) and --bucket; the window runs to just
 * past the last record unless --until or --now say otherwise. */
static bool
cli_check_changes(const struct cli_state *st, struct options *o)
{
	const char *bad = o->targets_file != NULL ? "--targets" :
	    o->baseline_file != NULL ? "--baseline" : st->warn_arg != NULL ? "--warn-pct" :
	    o->charts_set ? "--charts" : o->explain != NULL ? "--explain" :
	    o->allow_empty ? "--allow-empty" : st->verdict_arg;

	if (bad != NULL) {
		cli_usage("%s does not apply to changes", bad);
		return false;
	}
	if (o->fail_on == FAIL_ON_WARNING) {
		cli_usage("changes fails only on critical (--fail-on critical): a change "
		    "point worse by more than --regress-pct in the last --days");
		return false;
	}
	if (st->alpha_arg == NULL)
		o->alpha = CLI_DEFAULT_CHANGES_ALPHA;
	if (!o->days_set)
		o->days = CLI_DEFAULT_CHANGES_DAYS;
	if (o->bucket_hour)
		o->bucket = BUCKET_HOUR;
	else if (o->bucket == BUCKET_AUTO)
		o->bucket = BUCKET_DAY;
	if (o->now_mode == NOW_CLOCK && !o->until_set)
		o->now_mode = NOW_LATEST;
	return true;
}

/* --json-output FILE: the same report (or comparison) as JSON beside the output, for the
 * report commands and compare; never the file of -o or --series, nor standard output when
 * the output goes there too, nor an input. */
static bool
cli_check_json_output(const struct options *o)
{
	const struct cmd_entry *e = cmd_of(o->command);
	const char *j = o->json_output;
	bool j_stdout = j != NULL && strcmp(j, "-") == 0;

	if (j == NULL)
		return true;
	if (!(e->flags & (CMDF_GATE_FILES | CMDF_TWO_INPUTS))) {
		cli_usage("--json-output does not apply to %s (only to the reports and "
		    "compare)", e->name);
		return false;
	}
	if (j_stdout && (o->output == NULL || strcmp(o->output, "-") == 0)) {
		cli_usage("--json-output - and the report would both go to standard output: "
		    "give -o FILE for the report");
		return false;
	}
	if ((o->output != NULL && strcmp(o->output, j) == 0) ||
	    (o->series_file != NULL && strcmp(o->series_file, j) == 0)) {
		cli_usage("--json-output and %s name the same file",
		    o->output != NULL && strcmp(o->output, j) == 0 ? "--output" : "--series");
		return false;
	}
	return j_stdout || cli_check_clobber("--json-output", j, o);
}

/* --state (SPEC section 18): the report commands, which read records, without the keys
 * of --by and --explain, which its compact records do not keep. */
static bool
cli_check_state(const struct options *o)
{
	bool grouped = o->n_by > 1 || (o->n_by == 1 && group_src_of(o->by_keys[0]) != GROUP_OP);

	if (o->command != CMD_WEEKLY && o->command != CMD_MONTHLY && o->command != CMD_TRENDS &&
	    o->command != CMD_REPORT) {
		cli_usage("--state applies only to weekly, monthly, trends and report, not %s",
		    cmd_of(o->command)->name);
		return false;
	}
	if (grouped || o->explain != NULL) {
		cli_usage("--state does not apply with %s: its records keep no other key than "
		    "operation_type", grouped ? "--by" : "--explain");
		return false;
	}
	return true;
}

/* Checks that need the whole line: which option applies to which command and format. */
static bool
cli_check(const struct cli_state *st, struct options *o)
{
	const struct cmd_entry *e = cmd_of(o->command);
	const char *cmd = e->name;
	char list[256];

	if (!cli_resolve_format(st, o))
		return false;
	if (o->state_file != NULL && !cli_check_state(o))
		return false;
	if (o->command == CMD_CHANGES && !cli_check_changes(st, o))
		return false;
	if (st->changes_arg != NULL && o->command != CMD_CHANGES) {
		cli_usage("%s applies only to changes, not %s%s", st->changes_arg, cmd,
		    cli_cmd_note(st));
		return false;
	}
	if ((e->flags & CMDF_TWO_INPUTS) && !cli_check_compare(o))
		return false;
	if ((e->flags & CMDF_NO_INPUT) && o->n_files > 0) {
		char *q = cli_quote(o->files[0]);

		cli_usage("%s reads no log (got '%s')", cmd, q);
		free(q);
		return false;
	}
	if (o->days_set && !(e->flags & CMDF_DAYS)) {
		cli_usage("--days applies only to %s, not %s%s",
		    cli_command_list(CMDF_DAYS, list, sizeof(list)), cmd, cli_cmd_note(st));
		return false;
	}
	if ((o->since_set || o->until_set) && !(e->flags & CMDF_RANGE)) {
		cli_usage("%s applies only to %s, not %s%s",
		    o->since_set ? "--since" : "--until",
		    cli_command_list(CMDF_RANGE, list, sizeof(list)), cmd, cli_cmd_note(st));
		return false;
	}
	if ((e->flags & CMDF_NEEDS_SINCE) && !o->since_set) {
		cli_usage("%s needs --since T, the start of its window", cmd);
		return false;
	}
	if ((e->flags & CMDF_DAYS) && (e->flags & CMDF_RANGE) && e->window != WINDOW_INPUT &&
	    o->days_set &&
	    (o->since_set || o->until_set)) {
		cli_usage("--days and --since/--until both choose %s's window; "
		    "give one or the other", cmd);
		return false;
	}
	if (o->since_set && o->until_set && o->since_us >= o->until_us) {
		cli_usage("--since (%s) must be earlier than --until (%s)",
		    st->since_arg, st->until_arg);
		return false;
	}
	if (!cli_check_summary(o))
		return false;
	if ((o->bucket != BUCKET_AUTO || o->bucket_hour) &&
	    !(e->flags & (CMDF_BUCKETS | CMDF_SUMMARY))) {
		cli_usage("--bucket applies only to %s, not %s%s",
		    cli_command_list(CMDF_BUCKETS, list, sizeof(list)), cmd, cli_cmd_note(st));
		return false;
	}
	if (o->series_file != NULL && (!(e->flags & CMDF_SERIES) || o->format != FMT_CSV)) {
		cli_usage("--series applies only to %s with --format csv",
		    cli_command_list(CMDF_SERIES, list, sizeof(list)));
		return false;
	}
	if (st->dialect_given && o->format != FMT_CSV) {
		cli_usage("--csv-dialect applies only to CSV output (--format csv)");
		return false;
	}
	if (o->max_chars != 0 && o->format != FMT_MD) {
		cli_usage("--max-chars applies only to Markdown output (--format md)");
		return false;
	}
	if (!cli_check_view(o))
		return false;
	if (o->fail_on_degradation && !(e->flags & CMDF_VERDICT)) {
		cli_usage("--fail-on-degradation does not apply to %s, which "
		    "looks for no degradation", cmd);
		return false;
	}
	if (!cli_check_gate(st, o))
		return false;
	if (o->output != NULL && o->series_file != NULL &&
	    strcmp(o->output, o->series_file) == 0) {
		cli_usage("--output and --series name the same file");
		return false;
	}
	if (!cli_check_clobber("--output", o->output, o) ||
	    !cli_check_clobber("--series", o->series_file, o))
		return false;
	if (!cli_check_json_output(o))
		return false;
	if (!cli_check_by(o))
		return false;
	if (o->fields != NULL) {
		char why[512];

		if (fm_finish(o->fields, why, sizeof(why)) < 0) {
			cli_usage("--field: %s", why);
			return false;
		}
		if (o->fields->plain) {
			fm_free(o->fields);
			o->fields = NULL;
		}
	}
	cli_resolve(o);
	return true;
}

/* The built-in formats' directory when PERF_REPORTER_FORMATS_DIR is not set: the installed
 * FORMATSDIR; when that is not a directory, a program run from its build tree (not yet
 * installed) finds the tree's formats/ beside it, else FORMATSDIR is named all the same. */
static const char *
cli_formats_dir(void)
{
	static char beside[4096];
	struct stat st;
	ssize_t n;
	char *slash;

	if (stat(FORMATSDIR, &st) == 0 && S_ISDIR(st.st_mode))
		return FORMATSDIR;
	n = readlink("/proc/self/exe", beside, sizeof(beside) - sizeof("/formats"));
	if (n <= 0 || (size_t)n >= sizeof(beside) - sizeof("/formats"))
		return FORMATSDIR;
	beside[n] = '\0';
	slash = strrchr(beside, '/');
	if (slash == NULL)
		return FORMATSDIR;
	strcpy(slash, "/formats");
	if (stat(beside, &st) == 0 && S_ISDIR(st.st_mode))
		return beside;
	return FORMATSDIR;
}

/* The environment variables and the clock, into the fields that hold them. */
static void
cli_environment(struct options *o)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH"), *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	const char *nfp = getenv("PERF_REPORTER_NO_FAST_PATH");
	const char *cb = getenv("PERF_REPORTER_CHUNK_BYTES");
	const char *fd = getenv("PERF_REPORTER_FORMATS_DIR");
	char *end;
	long long v;
	unsigned long long u;

	o->clock_us = tu_now();
	o->generated_at_us = o->clock_us;
	if (sde != NULL && *sde != '\0') {
		errno = 0;
		v = strtoll(sde, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0 && v < INT64_MAX / US_PER_SEC)
			o->generated_at_us = (int64_t)v * US_PER_SEC;
	}
	o->no_color = nc != NULL && *nc != '\0';
	o->term_dumb = term != NULL && strcmp(term, "dumb") == 0;
	o->pager = getenv("PAGER");
	o->formats_dir = fd != NULL && *fd != '\0' ? fd : cli_formats_dir();
	if (nfp != NULL && *nfp != '\0' && strcmp(nfp, "0") != 0)
		o->no_fast_path = true;
	if (cb != NULL && *cb >= '1' && *cb <= '9') {
		errno = 0;
		u = strtoull(cb, &end, 10);
		if (errno == 0 && *end == '\0' && u <= SIZE_MAX / 2)
			o->chunk_bytes = (size_t)u;
	}
	if ((cb = getenv("PERF_REPORTER_STATE_PAUSE_MS")) != NULL && *cb >= '1' && *cb <= '9') {
		errno = 0;
		u = strtoull(cb, &end, 10);
		if (errno == 0 && *end == '\0' && u <= 600000)
			o->state_pause_ms = (long)u;
	}
}

/* The defaults of every field (SPEC section 3). */
static void
cli_defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->command = CMD_MONTHLY;
	o->format = FMT_MD;
	o->top = 10;
	o->max_groups = 1000;
	o->percentiles[0] = 50;
	o->percentiles[1] = 95;
	o->percentiles[2] = 99;
	o->n_percentiles = 3;
	o->outlier_ratio = 2;
	o->drift_pct = 20;
	o->error_rate_pct = 1;
	o->min_samples = 1;
	o->max_line_bytes = CLI_DEFAULT_MAX_LINE_BYTES;
	o->color = COLOR_AUTO;
	o->jobs = 0;
	o->now_mode = NOW_CLOCK;
	o->bucket = BUCKET_AUTO;
	o->regress_pct = CLI_DEFAULT_REGRESS_PCT;
	o->warn_pct = CLI_DEFAULT_WARN_PCT;
	o->fail_on = FAIL_ON_NONE;
	o->alpha = CLI_DEFAULT_ALPHA;
	o->min_coverage = CLI_DEFAULT_MIN_COVERAGE;
	o->exact_limit = SUMMARY_EXACT_LIMIT_DEFAULT;
	o->accuracy = SUMMARY_ACCURACY_DEFAULT;
	o->metric = METRIC_P50;
	o->min_segment = CLI_DEFAULT_MIN_SEGMENT;
	o->stdout_tty = isatty(STDOUT_FILENO) == 1;
	o->width = cli_term_width();
}

/* --help: the column where the commands' summaries start. */
#define CLI_HELP_COLUMN 18

/* A macro's value as a string literal, for --help. */
#define CLI_STR(x) #x
#define CLI_XSTR(x) CLI_STR(x)

/* --help up to the commands (which come from the table). */
static const char cli_help_head[] =
"Usage: " PROGRAM_NAME " [OPTION]... [COMMAND] [OPTION]... [FILE]...\n"
"Summarise JSONL performance logs as terminal, Markdown, HTML, CSV, JSON or\n"
"XLSX reports.\n"
"\n"
"FILE '-' is standard input; gzip-compressed files are read transparently.\n"
"A FILE that is a summary (written by summarize) is read as one, by every\n"
"report command, compare and changes: see SUMMARIES in perf-reporter(1).\n"
"With no FILE: standard input when a pipe, FIFO, socket or file is attached to\n"
"it, otherwise (a terminal, /dev/null) memory/perf-metrics.jsonl.\n"
"With no COMMAND: monthly. Options may come before\n"
"or after the command and the files; '--' ends the options. A command name\n"
"always means the command: name a file called 'weekly' as ./weekly.\n"
"\n"
"Commands:\n";

/* --help after the commands. */
static const char cli_help_tail[] =
"\n"
"Report options:\n"
"      --days=N             trends, export, compare: a window of the last N\n"
"                             days (a positive whole number; trends default\n"
"                             " CLI_XSTR(CLI_DEFAULT_TRENDS_DAYS) ", export and compare default all time)\n"
"      --since=T            report, export, compare: the window starts at T\n"
"                             (inclusive; required by report)\n"
"      --until=T            report, export, compare: the window ends at T\n"
"                             (exclusive; default now)\n"
"      --now=T|latest       take T as the current time, or 'latest': just past\n"
"                             the newest record in the input (default: the\n"
"                             clock)\n"
"      --op=PATTERN         only the operations PATTERN names: an exact name\n"
"                             or a glob with * ? [...] (as in the targets\n"
"                             file); repeat for more (default: every\n"
"                             operation); a pattern that matches nothing is\n"
"                             named on standard error\n"
"      --top=N              entries in the slowest and most frequent lists\n"
"                             (default 10; 0 leaves the lists out)\n"
"      --percentiles=LIST   comma-separated percentiles, each strictly between\n"
"                             0 and 100, at most 16 (default 50,95,99)\n"
"      --bucket=SIZE        trends: day, week or month per series point\n"
"                             (default: day up to 31 days, week up to 366,\n"
"                             month beyond); summarize: hour or day (default);\n"
"                             changes: hour, day (default), week or month\n"
"      --exact-limit=N      summarize: keep a line's values while it has at\n"
"                             most N of them (0 to 1048576, default 4096),\n"
"                             a histogram beyond; 0: histograms only\n"
"      --accuracy=A         summarize: the histograms' relative accuracy,\n"
"                             0.005 to 0.1 (default 0.01)\n"
"\n"
"Change-point options (changes):\n"
"      --metric=M           the series: p50 (default), avg, p95, p99 or\n"
"                             error_rate per bucket (day by default, --bucket)\n"
"      --min-segment=N      at least N buckets on each side of a change point\n"
"                             (2 to 1000000; default " CLI_XSTR(CLI_DEFAULT_MIN_SEGMENT) ")\n"
"      --alpha=P            changes: a split counts when its t-test gives\n"
"                             p < P (default 0.0001)\n"
"      --fail-on=critical   changes: exit with status 1 when a change point in\n"
"                             the last --days N (default " CLI_XSTR(CLI_DEFAULT_CHANGES_DAYS) ") made the metric\n"
"                             worse by more than --regress-pct (default 10)\n"
"\n"
"Detection options:\n"
"      --outlier-ratio=X    flag 'outlier' when p95 > X times avg (default 2)\n"
"      --drift-pct=X        flag 'slower' ('faster') when avg rose (fell) by\n"
"                             more than X percent since the previous window\n"
"                             (default 20)\n"
"      --error-rate-pct=X   flag 'errors' when the error rate is above X\n"
"                             percent, 0 to 100 (default 1)\n"
"      --min-samples=N      flag nothing for operations with fewer than N\n"
"                             records in the window; slower and faster also\n"
"                             need N in the previous window (default 1)\n"
"      --alpha=P            a change counts only when its test gives p < P:\n"
"                             slower, faster, errors, baseline and compare\n"
"                             (0 < P <= 1; 1 turns the tests off; default\n"
"                             0.05)\n"
"      --fdr=MODE           bh: each p is adjusted for the many tests of one\n"
"                             report (Benjamini-Hochberg q-value, which the\n"
"                             --alpha rule reads); off: q = p, each test on\n"
"                             its own (default bh)\n"
"      --min-coverage=PCT   judge no slower/faster when the input covers less\n"
"                             than PCT percent of the previous window, 0 to\n"
"                             100 (default 50; not for compare)\n"
"      --fail-on-degradation\n"
"                           exit with status 1 when a critical degradation\n"
"                             (slower, errors), a critical target, a\n"
"                             regression or no data is found: --fail-on\n"
"                             critical (default: status 0; not for export)\n"
"\n"
"CI gate options (not for export):\n"
"      --targets=FILE       check each operation against the targets in the\n"
"                             JSON FILE: met, warning (above target) or\n"
"                             critical (above critical); see the man page\n"
"      --baseline=FILE      compare with a report saved by an earlier run\n"
"                             (--format json -o FILE) or a pytest-benchmark\n"
"                             file: avg, the percentiles it holds and error\n"
"                             rate, per operation\n"
"      --regress-pct=X      --baseline, compare: worse by more than X percent\n"
"                             is a regression (default 10)\n"
"      --warn-pct=X         --baseline, compare: worse by more than X percent\n"
"                             is a warning, better by more than X improved\n"
"                             (default 5; at most --regress-pct)\n"
"      --fail-on=LEVEL      exit with status 1 when the verdict reaches LEVEL:\n"
"                             critical (a critical degradation, critical\n"
"                             target or regression) or warning (also an\n"
"                             outlier, a target or baseline warning); no data\n"
"                             fails at either level (default: status 0)\n"
"      --allow-empty        a window with no record passes the gate (the\n"
"                             verdict still says no data; default: it fails)\n"
"\n"
"Input options:\n"
"      --strict             stop with status 2 at the first malformed line\n"
"                             (default: skip it, count it, go on)\n"
"      --max-line-bytes=N   a longer line is malformed (default 1048576)\n"
"  -j, --jobs=N             parse with N threads (default 0: every online\n"
"                             processor)\n"
"      --no-fast-path       parse every line with the reference JSON parser\n"
"                             (slower; for cross-checking; default: the fast\n"
"                             path where it applies)\n"
"      --state=FILE         weekly, monthly, trends, report: keep in FILE what\n"
"                             was read, and the next run with the same command\n"
"                             line (--now may move on) reads only the bytes\n"
"                             appended since; the same report (not with --by or\n"
"                             --explain; default: read every input whole)\n"
"\n"
"Input field options (logs with other key names; see the man page):\n"
"      --field=NAME=KEY     read the field NAME (timestamp, operation_type,\n"
"                             duration_ms, success, session_id, error, context)\n"
"                             from KEY, a top-level key or a dot path such as\n"
"                             timing.ms; repeat for more (default: every field\n"
"                             under its own name)\n"
"      --field=NAME=EXPR    compute the field NAME (not context) with an\n"
"                             expression, e.g. 'method + \" \" + path(url)' or\n"
"                             'EdgeEndTimestamp - EdgeStartTimestamp'; a mapped\n"
"                             duration may be \"0.041\" or \"15.234ms\"\n"
"      --where=EXPR         keep only the lines where EXPR is true; the others\n"
"                             are counted as filtered; repeat: all must hold\n"
"      --success=EXPR       a record succeeded when EXPR is true, e.g.\n"
"                             'code >= 200 && code < 400'\n"
"      --time-format=FMT    read timestamps with the directives %Y %m %d %H %M\n"
"                             %S %f %z %b %e %j %%, e.g. '%d/%b/%Y:%H:%M:%S %z'\n"
"                             (UTC without %z)\n"
"      --unit=LABEL         what the values are when not durations (MB, %,\n"
"                             USD): Markdown, term and HTML say LABEL for ms,\n"
"                             JSON gains \"unit\" (default ms)\n"
"      --records=PATH       read each source as a JSON document and take the\n"
"                             records at PATH in each value, [] stepping into\n"
"                             arrays: traceEvents[], results[].times[]\n"
"                             (default: top-level values or array elements)\n"
"      --jq=FILTER          read each source as a JSON document; each result\n"
"                             of the jq FILTER on each value is a record (the\n"
"                             slower path; one thread)\n"
"      --epoch=UNIT         read a numeric timestamp as Unix time in s, ms, us\n"
"                             or ns (default: a numeric timestamp is malformed)\n"
"      --duration-unit=UNIT durations are in s, ms, us or ns; reports stay in\n"
"                             milliseconds (default ms)\n"
"      --log-format=NAME    read another tool's log: NAME is k6, vegeta, caddy,\n"
"                             traefik, nginx, go-test, ... (perf-reporter\n"
"                             formats lists them, with the options each stands\n"
"                             for), or a FILE.json of options of your own;\n"
"                             options beside it win (default: a log whose\n"
"                             first 100 lines hold no record is tried against\n"
"                             each format, when no --field, --where or\n"
"                             --success is given)\n"
"      --config=FILE        read default options from the JSON FILE (default:\n"
"                             perf-reporter.json in the current directory, when\n"
"                             it exists); the command line wins\n"
"      --no-config          read no project file\n"
"      --by=KEY[,KEY...]    one row per group of values of the KEYs:\n"
"                             operation_type (default), session_id, error,\n"
"                             success, context.PATH or another key of the\n"
"                             record (at most one such key); see SLICING\n"
"      --max-groups=N       keep at most N groups; the rarest are merged into\n"
"                             (other) (default 1000)\n"
"      --explain=KEY        under each slower finding, the values of KEY ranked\n"
"                             by their share of the change of the average\n"
"\n"
"Output options:\n"
"  -f, --format=FMT         weekly, monthly, trends, report: md, term, html,\n"
"                             csv, json or xlsx (default term when standard\n"
"                             output is a terminal and no -o is given, else\n"
"                             md); export: csv, json, jsonl or xlsx (default\n"
"                             csv); xlsx is never written to a terminal: give\n"
"                             -o FILE or redirect standard output; compare:\n"
"                             md, term, csv or json; changes: md, term, csv,\n"
"                             json or html\n"
"  -o, --output=FILE        write to FILE, whole or not at all (default, and\n"
"                             with '-': standard output)\n"
"      --series=FILE        trends with --format csv: write the series to FILE\n"
"                             (default: no series in CSV)\n"
"      --json-output=FILE   reports and compare: also write the same report as\n"
"                             JSON to FILE, from the same run (both files\n"
"                             whole or neither; default: no second file)\n"
"      --csv-dialect=NAME   CSV: rfc4180, or excel for spreadsheets: a UTF-8\n"
"                             BOM first and times as 2026-08-01 00:00:00.000\n"
"                             (UTC), which LibreOffice and Excel read as\n"
"                             date-times (default rfc4180)\n"
"      --max-chars=N        Markdown: keep the whole output under N characters\n"
"                             by leaving out rows with no degradation, least\n"
"                             frequent first (default: no limit; GitHub takes\n"
"                             at most 65536)\n"
"      --color=WHEN         auto, always or never (default auto: colour only on\n"
"                             a terminal, when NO_COLOR is not set and TERM is\n"
"                             not dumb)\n"
"      --no-pager           on a terminal, write straight to it; without it long\n"
"                             output goes through PAGER (default less -FRX)\n"
"      --charts=N           md: add Mermaid charts (p95 and p50 per bucket) of\n"
"                             the N most important operations (default 3 for\n"
"                             trends, else 0); term: add the trend sparklines;\n"
"                             html: chart at most N operations (default 12)\n"
"  -q, --quiet              no notes, summaries or progress on standard error\n"
"                             (errors are always shown)\n"
"  -h, --help               show this help and exit\n"
"  -V, --version            show the version and exit\n"
"\n"
"T is an RFC 3339 time such as 2026-01-06T13:28:00Z or\n"
"2026-01-06T15:28:00+02:00, or a date such as 2026-01-06 (its midnight UTC).\n"
"A window [start, end) holds a record at start but not one at end.\n"
"\n"
"Exit status: 0 the report was written; 1 the verdict reached the level of\n"
"--fail-on (--fail-on-degradation: critical), or no data under either;\n"
"2 a usage error, unreadable input (a file that cannot be read, or whose lines\n"
"hold no record), an invalid targets or baseline file, unwritable output, or a\n"
"malformed line under --strict.\n"
"\n"
"Examples:\n"
"  The last 30 days of memory/perf-metrics.jsonl, in the terminal:\n"
"    " PROGRAM_NAME " monthly\n"
"  Every record as CSV, for a spreadsheet:\n"
"    " PROGRAM_NAME " export --format csv > metrics.csv\n"
"  This week's report as the body of a GitHub issue:\n"
"    " PROGRAM_NAME " weekly | gh issue create --title \"Weekly performance\" -F -\n"
"  In CI: fail the build when an operation got slower or less reliable:\n"
"    " PROGRAM_NAME " weekly --fail-on-degradation app.jsonl\n"
"  Three months, one point per week per operation:\n"
"    " PROGRAM_NAME " trends --days 90 --bucket week\n"
"  January 2026 against December 2025, as JSON:\n"
"    " PROGRAM_NAME " report --since 2026-01-01 --until 2026-02-01 --format json\n"
"  Last release's saved report against today's log, in CI:\n"
"    " PROGRAM_NAME " compare base.json app.jsonl --fail-on critical\n"
"  A tool-call log with \"tool\" for the operation and epoch milliseconds:\n"
"    " PROGRAM_NAME " --field operation_type=tool --field timestamp=start_time \\\n"
"        --epoch ms monthly memory/tool-timing.jsonl\n"
"  A CI gate: check targets and last run's report, fail on anything critical:\n"
"    " PROGRAM_NAME " weekly --targets perf-targets.json --baseline base.json \\\n"
"        --fail-on critical > report.md\n"
"\n"
"Report bugs to <" PACKAGE_BUGREPORT ">.\n"
PROGRAM_NAME " home page: <" PACKAGE_URL ">.\n";

/* --help, on standard output. */
static void
cli_help(void)
{
	fputs(cli_help_head, stdout);
	for (size_t i = 0; i < cmd_count; i++) {
		const struct cmd_entry *e = &cmd_table[i];

		/* The summary in a column of its own; its later lines indented the same. */
		if (strlen(e->usage) < CLI_HELP_COLUMN - 2)
			printf("  %-*s", CLI_HELP_COLUMN - 2, e->usage);
		else
			printf("  %s\n%*s", e->usage, CLI_HELP_COLUMN, "");
		for (const char *p = e->summary; *p != '\0'; p++) {
			putchar(*p);
			if (*p == '\n')
				printf("%*s", CLI_HELP_COLUMN, "");
		}
		putchar('\n');
	}
	fputs(cli_help_tail, stdout);
	fflush(stdout);
}

/* --version, on standard output. */
static void
cli_version(void)
{
	fputs(PROGRAM_NAME " " VERSION "\n"
	    "This is free software: see the COPYING file for the licence; "
	    "there is NO WARRANTY.\n", stdout);
	fflush(stdout);
}

/* One getopt_long result: an option, an operand (1) or an error. */
static enum cli_result
cli_step(struct cli_state *st, struct options *o, int c, char **argv)
{
	switch (c) {
	case 1:
		return cli_operand(st, o, optarg) ? CLI_RUN : CLI_USAGE;
	case 'h':
		cli_help();
		return CLI_EXIT_OK;
	case 'V':
		cli_version();
		return CLI_EXIT_OK;
	case '?':
		cli_bad_option(argv);
		return CLI_USAGE;
	case ':':
		cli_missing_value(argv);
		return CLI_USAGE;
	default:
		return cli_option(st, o, c, optarg) ? CLI_RUN : CLI_USAGE;
	}
}

/* ---- the project file (SPEC section 15) ----------------------------------------------
 * A JSON object whose keys are long option names without the dashes. Each value becomes
 * the option's argument and goes through cli_option, the handler of the command line, so
 * that every option (also one added later) works there without code of its own, except
 * those of cli_config_denied, which describe one run rather than a project. */

/* Options a project file may not hold. */
static const char *const cli_config_denied[] = {
	"help", "version", "config", "no-config", "output", "series", "since", "until", "now",
	"json-output"
};
/* Options whose value is a file name: relative to the project file's directory. */
static const char *const cli_config_paths[] = {"targets", "baseline"};
/* Options whose value is one comma-separated list: a JSON array is joined. */
static const char *const cli_config_lists[] = {"percentiles", "by"};
/* Options that may be repeated: a JSON array is one option per element. */
static const char *const cli_config_repeated[] = {"op", "field", "where"};

/* Find --config FILE and --no-config before the parse (getopt's permutation and
 * abbreviations included); everything else, and every error, is left to the parse. */
static void
cli_config_scan(struct cli_state *st, int argc, char **argv)
{
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, cli_shortopts, cli_longopts, NULL)) != -1) {
		if (c == OPT_CONFIG)
			st->config_arg = optarg;
		else if (c == OPT_NO_CONFIG)
			st->no_config = true;
		else if (c == OPT_LOG_FORMAT)
			st->log_format_arg = optarg;
		else if (c == 'h' || c == 'V')
			st->help_seen = true;
	}
}

/* Whether name is one of names[0..n). */
static bool
cli_in(const char *const *names, size_t n, const char *name)
{
	return cli_lookup(names, n, name) >= 0;
}

/* Keep a heap string for the life of *o. */
static char *
cli_config_keep(struct cli_state *st, struct options *o, char *s)
{
	xgrow(&o->config_strings, &st->cfg_cap, o->n_config_strings + 1, sizeof(char *));
	o->config_strings[o->n_config_strings++] = s;
	return s;
}

/* A scalar JSON value as option text (heap), or NULL when it is not a string or a number. */
static char *
cli_config_text(const json_t *v)
{
	if (json_is_string(v))
		return xstrndup(json_string_value(v), json_string_length(v));
	if (json_is_integer(v))
		return xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	if (json_is_real(v))
		return xasprintf("%.17g", json_real_value(v));
	return NULL;
}

/* Apply option c with value text at JSON path where (file: .key...). */
static bool
cli_config_apply(struct cli_state *st, struct options *o, int c, const char *where, char *text)
{
	bool ok;

	cli_where = where;
	ok = cli_option(st, o, c, text);
	cli_where = NULL;
	return ok;
}

/* A config error at where. */
static bool PR_PRINTF(2, 3)
cli_config_fail(const char *where, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cli_where = where;
	cli_usage("%s", msg);
	cli_where = NULL;
	return false;
}

/* "dir/value" when value is a relative file name and the project file is in dir. */
static char *
cli_config_path(const char *file, char *value)
{
	const char *slash = strrchr(file, '/');
	char *joined;

	if (slash == NULL || value[0] == '/' || strcmp(value, "-") == 0)
		return value;
	joined = xasprintf("%.*s/%s", (int)(slash - file), file, value);
	free(value);
	return joined;
}

/* One member of the project file. */
static bool
cli_config_member(struct cli_state *st, struct options *o, const char *file, const char *key,
    json_t *v)
{
	const struct option *lo;
	char *where, *text, *q = cli_quote(key), *qf = cli_quote(file), *sub;
	bool ok = false;
	size_t i;
	json_t *item;

	where = xasprintf("%s: .%s", qf, q);
	free(qf);
	for (lo = cli_longopts; lo->name != NULL; lo++)
		if (strcmp(lo->name, key) == 0)
			break;
	if (lo->name == NULL) {
		cli_config_fail(where, "unknown option '%s' (the keys are long option names "
		    "without the dashes, such as \"percentiles\")", q);
		goto out;
	}
	if (cli_in(cli_config_denied, ARRAY_SIZE(cli_config_denied), key)) {
		cli_config_fail(where, "--%s applies to one run, not to a project file; give it "
		    "on the command line", key);
		goto out;
	}
	if (lo->has_arg == no_argument) {
		if (!json_is_boolean(v))
			cli_config_fail(where, "must be true or false (--%s takes no value)", key);
		else
			ok = !json_is_true(v) || cli_config_apply(st, o, lo->val, where, NULL);
		goto out;
	}
	if (strcmp(key, "field") == 0 && json_is_object(v)) {
		const char *name;

		ok = true;
		json_object_foreach(v, name, item) {
			char *qn = cli_quote(name);

			sub = xasprintf("%s.%s", where, qn);
			free(qn);
			if (!json_is_string(item))
				ok = cli_config_fail(sub, "must be a string, the key to read %s from",
				    name);
			else
				ok = cli_config_apply(st, o, lo->val, sub, cli_config_keep(st, o,
				    xasprintf("%s=%s", name, json_string_value(item))));
			free(sub);
			if (!ok)
				break;
		}
		goto out;
	}
	if (json_is_array(v) && (cli_in(cli_config_lists, ARRAY_SIZE(cli_config_lists), key) ||
	    cli_in(cli_config_repeated, ARRAY_SIZE(cli_config_repeated), key))) {
		bool list = cli_in(cli_config_lists, ARRAY_SIZE(cli_config_lists), key);
		char *joined = xstrdup(""), *t;

		ok = true;
		json_array_foreach(v, i, item) {
			sub = xasprintf("%s[%zu]", where, i);
			if ((text = cli_config_text(item)) == NULL)
				ok = cli_config_fail(sub, "must be a string or a number");
			else if (list) {
				/* Each item alone first, so that a bad one is named by its index. */
				ok = cli_config_apply(st, o, lo->val, sub, text);
				t = xasprintf("%s%s%s", joined, i > 0 ? "," : "", text);
				free(joined);
				joined = t;
				free(text);
			} else
				ok = cli_config_apply(st, o, lo->val, sub,
				    cli_config_keep(st, o, text));
			free(sub);
			if (!ok)
				break;
		}
		if (ok && list && json_array_size(v) == 0)
			ok = cli_config_fail(where, "is an empty list");
		else if (ok && list)
			ok = cli_config_apply(st, o, lo->val, where, cli_config_keep(st, o, joined));
		else
			free(joined);
		goto out;
	}
	if ((text = cli_config_text(v)) == NULL) {
		cli_config_fail(where, "must be a string or a number%s",
		    cli_in(cli_config_repeated, ARRAY_SIZE(cli_config_repeated), key) ?
		    ", or an array of them" : cli_in(cli_config_lists, ARRAY_SIZE(cli_config_lists),
		    key) ? ", or an array of numbers" : "");
		goto out;
	}
	if (cli_in(cli_config_paths, ARRAY_SIZE(cli_config_paths), key) && text[0] != '\0')
		text = cli_config_path(file, text);
	ok = cli_config_apply(st, o, lo->val, where, cli_config_keep(st, o, text));
out:
	free(where);
	free(q);
	return ok;
}

/* The options of format file fi to *o, through cli_config_member as the project file's. */
static bool
cli_format_apply(struct cli_state *st, struct options *o, const struct format_info *fi)
{
	json_t *opts = json_loads(fi->options_json, JSON_REJECT_DUPLICATES, NULL), *v;
	const char *key;
	bool ok = true;
	char *q;

	json_object_foreach(opts, key, v) {
		if (strcmp(key, "log-format") == 0) {
			q = cli_quote(fi->path);
			cli_usage("%s: .log-format: a format file cannot name another format", q);
			free(q);
			ok = false;
		} else
			ok = cli_config_member(st, o, fi->path, key, v);
		if (!ok)
			break;
	}
	json_decref(opts);
	return ok;
}

/* Apply the format file of --log-format arg to *o: a built-in format's name, or a file
 * of the user's (format_is_path); from is the project file when arg came from it (a
 * relative file name is then relative to its directory), else NULL. Its options go
 * through cli_config_member, as the project file's do. */
static bool
cli_log_format(struct cli_state *st, struct options *o, const char *arg, const char *from)
{
	struct format_info fi;
	char *path, *err, *q, *names;
	bool ok;

	if (st->forced != NULL) /* a candidate of detection, read by cli_detect_formats */
		return cli_format_apply(st, o, st->forced);
	if (format_is_path(arg))
		path = from != NULL ? cli_config_path(from, xstrdup(arg)) : xstrdup(arg);
	else if ((path = format_find(o->formats_dir, arg)) == NULL) {
		q = cli_quote(arg);
		names = format_names(o->formats_dir);
		cli_usage("--log-format: unknown format '%s'; the formats are %s (or name a "
		    "file of your own: --log-format ./mine.json)", q, names);
		free(names);
		free(q);
		return false;
	}
	if (format_read(path, arg, &fi, &err) < 0) {
		cli_usage("%s", err);
		free(err);
		free(path);
		return false;
	}
	ok = cli_format_apply(st, o, &fi);
	format_info_free(&fi);
	free(path);
	return ok;
}

/* Read the project file, if any, and the format file of --log-format (from the command
 * line, else from the project file) into *o before the command line: the format's
 * options first, then the project file's, so that each later one wins. */
static bool
cli_config(struct cli_state *st, struct options *o)
{
	const char *file = st->config_arg != NULL ? st->config_arg : CLI_CONFIG_FILE;
	const char *fmt = st->forced != NULL ? st->forced->name : st->log_format_arg;
	const char *fmt_from = NULL;
	json_error_t err;
	json_t *root = NULL, *v;
	const char *key;
	char *q;
	bool ok = true;
	FILE *f;

	if (st->no_config && st->config_arg != NULL) {
		cli_usage("--config and --no-config contradict each other");
		return false;
	}
	if (st->help_seen)
		return true;
	if (st->no_config || (st->config_arg != NULL && *st->config_arg == '\0'))
		f = NULL; /* an empty --config FILE is reported by the parse */
	else if ((f = fopen(file, "r")) == NULL && (st->config_arg != NULL || errno != ENOENT)) {
		q = cli_quote(file);
		cli_usage("cannot read the project file '%s': %s", q, strerror(errno));
		free(q);
		return false;
	}
	if (f != NULL) {
		root = json_loadf(f, JSON_REJECT_DUPLICATES, &err);
		fclose(f);
		q = cli_quote(file);
		if (root == NULL) {
			char *text = utf8_escape_cut(err.text, strnlen(err.text, sizeof(err.text)),
			    120);

			cli_usage("%s:%d:%d: not valid JSON: %s", q, err.line, err.column, text);
			free(text);
			free(q);
			return false;
		}
		if (!json_is_object(root)) {
			cli_usage("%s: must be a JSON object of options, such as "
			    "{\"percentiles\": [50, 90, 99]}", q);
			free(q);
			json_decref(root);
			return false;
		}
		if ((v = json_object_get(root, "log-format")) != NULL && !json_is_string(v)) {
			cli_usage("%s: .log-format: must be a string, a format's name or a file", q);
			free(q);
			json_decref(root);
			return false;
		}
		free(q);
		if (fmt == NULL && v != NULL && *json_string_value(v) != '\0') {
			fmt = json_string_value(v);
			fmt_from = file;
		}
	}
	if (fmt != NULL && *fmt != '\0')
		ok = cli_log_format(st, o, fmt, fmt_from);
	if (ok && root != NULL)
		json_object_foreach(root, key, v)
			if (!(ok = cli_config_member(st, o, file, key, v)))
				break;
	json_decref(root);
	o->config_file = ok && root != NULL ? file : NULL;
	return ok;
}

/* cli_parse, with forced (or NULL) the built-in format applied in place of --log-format;
 * *mapping: whether a mapping option was given (no detection then). */
static enum cli_result
cli_parse_as(int argc, char **argv, struct options *o, const struct format_info *forced,
    bool *mapping)
{
	struct cli_state st;
	enum cli_result r = CLI_RUN;
	int c;

	cli_defaults(o);
	cli_environment(o);
	memset(&st, 0, sizeof(st));
	st.forced = forced;
	opterr = 0;
	cli_config_scan(&st, argc, argv);
	if (!cli_config(&st, o)) {
		r = CLI_USAGE;
		goto out;
	}
	optind = 0; /* glibc: full re-initialisation, so cli_parse may run again */
	for (;;) {
		c = getopt_long(argc, argv, cli_shortopts, cli_longopts, NULL);
		if (c == -1)
			break;
		if ((r = cli_step(&st, o, c, argv)) != CLI_RUN)
			goto out;
	}
	/* Whatever follows "--" is operands. */
	for (; optind < argc; optind++)
		if (!cli_operand(&st, o, argv[optind])) {
			r = CLI_USAGE;
			goto out;
		}
	if (!cli_check(&st, o))
		r = CLI_USAGE;
	o->state_key = state_args_key(argc, argv);
out:
	if (r != CLI_RUN)
		cli_free(o);
	*mapping = st.mapping_given;
	return r;
}

/* Finding the format (SPEC section 16), made ready: each built-in format's fieldmap,
 * records and jq as --log-format NAME with the rest of the command line (argv) gives
 * them, into *out (*n_out of them) in the formats' order; a format that changes nothing
 * (perf-reporter's own) is left out, and so is one that the rest of the command line does
 * not go with (--by data beside k6's data.tags.name: --log-format k6 says why). False
 * after reporting a directory that holds a file that is no format file. */
static bool
cli_detect_formats(int argc, char **argv, struct options *o, struct options_format **out,
    size_t *n_out)
{
	struct format_info *list;
	struct options t;
	size_t n;
	char *err;
	bool mapping;

	if (format_list(o->formats_dir, &list, &n, &err) < 0) {
		cli_usage("%s", err);
		free(err);
		return false;
	}
	*out = n > 0 ? xcalloc(n, sizeof(**out)) : NULL;
	*n_out = 0;
	for (size_t i = 0; i < n; i++) {
		enum cli_result r;

		cli_silent = true;
		r = cli_parse_as(argc, argv, &t, &list[i], &mapping);
		cli_silent = false;
		if (r != CLI_RUN)
			continue; /* nothing is left allocated */
		if (t.fields != NULL || t.records != NULL || t.jq != NULL) {
			struct options_format *d = &(*out)[(*n_out)++];

			d->name = xstrdup(list[i].name);
			d->fields = t.fields;
			d->records = t.records;
			d->jq = t.jq; /* a string of t.config_strings, kept below */
			t.fields = NULL;
			t.records = NULL;
		}
		/* The strings the candidate's options were given as live as long as *o. */
		o->config_strings = xreallocarray(o->config_strings,
		    o->n_config_strings + t.n_config_strings + 1, sizeof(char *));
		for (size_t k = 0; k < t.n_config_strings; k++)
			o->config_strings[o->n_config_strings++] = t.config_strings[k];
		t.n_config_strings = 0;
		cli_free(&t);
	}
	format_list_free(list, n);
	return true;
}

enum cli_result
cli_parse(int argc, char **argv, struct options *o)
{
	enum cli_result r;
	bool mapping;

	if ((r = cli_parse_as(argc, argv, o, NULL, &mapping)) != CLI_RUN)
		return r;
	if (cmd_of(o->command)->flags & CMDF_NO_INPUT)
		return CLI_RUN;
	if (!mapping && !cli_detect_formats(argc, argv, o, &o->detect, &o->n_detect)) {
		cli_free(o);
		return CLI_USAGE;
	}
	if (mapping) {
		/* The hint of an unreadable source (SPEC section 11): the formats alone, with
		 * neither the command line nor the project file; a format directory that cannot
		 * be listed gives none. */
		char *alone[] = {argv[0], (char *)"--no-config", NULL};

		cli_silent = true;
		if (!cli_detect_formats(2, alone, o, &o->hint, &o->n_hint))
			o->n_hint = 0;
		cli_silent = false;
	}
	return CLI_RUN;
}

/* Free the n formats of f (cli_free: the detection candidates and the hints). */
static void
cli_formats_free(struct options_format *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].name);
		fm_free(f[i].fields);
		doc_path_free(f[i].records);
		jqf_free(f[i].jq_compiled);
	}
	free(f);
}

void
cli_free(struct options *o)
{
	free(o->files);
	o->files = NULL;
	o->n_files = 0;
	free(o->ops);
	o->ops = NULL;
	o->n_ops = 0;
	fm_free(o->fields);
	o->fields = NULL;
	doc_path_free(o->records);
	o->records = NULL;
	for (size_t i = 0; i < o->n_config_strings; i++)
		free(o->config_strings[i]);
	free(o->config_strings);
	o->config_strings = NULL;
	o->n_config_strings = 0;
	o->config_file = NULL;
	for (size_t i = 0; i < o->n_by; i++)
		free(o->by_keys[i]);
	o->n_by = 0;
	free(o->explain);
	o->explain = NULL;
	cli_formats_free(o->detect, o->n_detect);
	o->detect = NULL;
	o->n_detect = 0;
	cli_formats_free(o->hint, o->n_hint);
	o->hint = NULL;
	o->n_hint = 0;
}

const char *
cli_command_name(enum command c)
{
	if ((size_t)c >= cmd_count)
		return "?";
	return cmd_of(c)->name;
}

const char *
cli_default_input(void)
{
	struct stat sb;

	if (fstat(STDIN_FILENO, &sb) != 0)
		return CLI_DEFAULT_FILE;
	if (S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode) || S_ISREG(sb.st_mode))
		return "-";
	return CLI_DEFAULT_FILE;
}
