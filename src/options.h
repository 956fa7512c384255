/* options.h - struct options, the parsed command line, and its enums and limits. A leaf:
 * it includes nothing of ours but common.h (which includes nothing of ours). cli_parse
 * (cli.h) fills one struct options, read-only afterwards; every layer below reads it. */
#ifndef PR_OPTIONS_H
#define PR_OPTIONS_H

#include <stdint.h>
#include "common.h"

/* Keys in one --by, at most (SPEC section 14). */
#define MAX_BY 8

enum command { CMD_WEEKLY, CMD_MONTHLY, CMD_TRENDS, CMD_REPORT, CMD_EXPORT, CMD_COMPARE,
	CMD_SUMMARIZE, CMD_CHANGES, CMD_FORMATS };
/* changes --metric: the statistic of a bucket its series holds (SPEC section 17). */
enum change_metric { METRIC_P50, METRIC_AVG, METRIC_P95, METRIC_P99, METRIC_ERROR_RATE };
enum format { FMT_MD, FMT_CSV, FMT_JSON, FMT_JSONL, FMT_TERM, FMT_HTML, FMT_XLSX };
enum bucket { BUCKET_AUTO, BUCKET_DAY, BUCKET_WEEK, BUCKET_MONTH, BUCKET_HOUR };
enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };
enum now_mode { NOW_CLOCK, NOW_FIXED, NOW_LATEST };
/* --fail-on: the verdict level that gives exit status 1 (FAIL_ON_NONE: never). */
enum fail_on { FAIL_ON_NONE, FAIL_ON_WARNING, FAIL_ON_CRITICAL };
/* --csv-dialect: plain RFC 4180, or for spreadsheets (UTF-8 BOM, "YYYY-MM-DD hh:mm:ss.sss"). */
enum csv_dialect { CSV_RFC4180, CSV_EXCEL };

/* How a command chooses its window (window.c; the command table gives each its rule). */
enum window_rule {
	WINDOW_LAST_DAYS,      /* the window_days before now (weekly, monthly, trends) */
	WINDOW_SINCE,          /* [--since, --until or now) (report) */
	WINDOW_ALL,            /* all time unless --since/--until/--days (export) */
	WINDOW_ALL_BEFORE_NOW, /* the same, but --now T alone ends it at T (compare) */
	WINDOW_INPUT           /* [--since or the first record, --until, --now T or just
	                          past the last record) (changes; --days is not its length) */
};

#define MAX_PERCENTILES 16
/* --regress-pct and --warn-pct defaults (the CI gate's baseline comparison). */
#define CLI_DEFAULT_REGRESS_PCT 10.0
#define CLI_DEFAULT_WARN_PCT 5.0
/* --alpha default: the significance level of every comparison (SPEC section 12). */
#define CLI_DEFAULT_ALPHA 0.05
/* --min-coverage default: the previous window's percentage the input must cover for a
 * drift to be judged (SPEC section 5). */
#define CLI_DEFAULT_MIN_COVERAGE 50.0
/* trends: --days default. */
#define CLI_DEFAULT_TRENDS_DAYS 90
/* changes: --alpha, --min-segment and --days (the span --fail-on looks at) defaults. */
#define CLI_DEFAULT_CHANGES_ALPHA 0.0001
#define CLI_DEFAULT_MIN_SEGMENT 5
#define CLI_DEFAULT_CHANGES_DAYS 7
/* Largest -j N accepted. */
#define CLI_MAX_JOBS 1024
/* --max-line-bytes default: 1 MiB. */
#define CLI_DEFAULT_MAX_LINE_BYTES ((size_t)1 << 20)
/* The project file read from the current directory unless --config or --no-config. */
#define CLI_CONFIG_FILE "perf-reporter.json"
/* Input when no FILE is given and standard input is a terminal. */
#define CLI_DEFAULT_FILE "memory/perf-metrics.jsonl"
/* --format term: narrowest width laid out (a narrower terminal gets lines this wide). */
#define CLI_MIN_WIDTH 20
/* Largest --charts N. */
#define CLI_MAX_CHARTS 1000
/* Longest --unit LABEL, in bytes. */
#define CLI_MAX_UNIT 16

struct options {
	enum command command; /* default monthly */
	/* From the command table, resolved by cli_parse: the pipeline reads these values and
	   never calls into cli.c. */
	const char *command_name;  /* "weekly", ... */
	enum window_rule window;   /* how the window is chosen (window.c) */
	long window_days;          /* WINDOW_LAST_DAYS without --days: the window's length in
	                              days (window_days_of) */
	bool wants_buckets;        /* durations kept per bucket (trends and the charts) */
	bool series_report;        /* the report is about its time series (CMDF_SERIES: trends) */
	bool wants_days;           /* durations summed per day over both windows, for "slower
	                              since" (the reports with findings: CMDF_GATE_FILES) */
	enum format format;   /* resolved: md for reports, csv for export unless -f */
	bool format_set;      /* -f was given */

	char **files; /* as given; "-" is standard input; compare: exactly two, BASE then
	                 CURRENT */
	size_t n_files;
	const char *default_input; /* read when no FILE is given: "-" or CLI_DEFAULT_FILE,
	                              chosen once by cli_parse (cli_default_input) */
	const char *output; /* -o FILE, or NULL for standard output (also "-o -") */
	const char *json_output; /* --json-output FILE: the same report as JSON, or NULL */

	long top;                 /* --top N, default 10; 0 leaves the lists out */
	double percentiles[MAX_PERCENTILES]; /* as fractions of 100: 50, 95, 99 */
	size_t n_percentiles;
	char **ops; /* --op NAME, repeatable */
	size_t n_ops;

	double outlier_ratio;  /* --outlier-ratio, default 2 */
	double drift_pct;      /* --drift-pct, default 20 */
	double error_rate_pct; /* --error-rate-pct, default 1 */
	long min_samples;      /* --min-samples, default 1 */
	bool fail_on_degradation;
	bool strict;
	bool quiet;
	size_t max_line_bytes; /* default 1 MiB */
	size_t max_chars;      /* 0: no limit; only with Markdown output */
	enum color_mode color;
	long jobs;             /* -j N; 0: all online processors */

	long days; /* --days N, 1..3652425 (trends default 90, else 0 when not set) */
	bool days_set;
	int64_t since_us, until_us; /* UTC microseconds; since < until when both set */
	bool since_set, until_set;  /* report always has since_set */
	enum now_mode now_mode;
	int64_t now_us; /* with NOW_FIXED */
	enum bucket bucket;      /* BUCKET_AUTO unless --bucket (trends only) */
	const char *series_file; /* --series FILE (trends, csv), or NULL */
	bool no_fast_path;     /* --no-fast-path, or PERF_REPORTER_NO_FAST_PATH set (not "0") */

	/* The environment and the clock, read once by cli_parse: nothing below reads them. */
	int64_t clock_us;        /* the clock when cli_parse ran: "now" without --now */
	int64_t generated_at_us; /* SOURCE_DATE_EPOCH (whole seconds) when set and valid,
	                            else clock_us */
	bool no_color;           /* NO_COLOR set and not empty */
	bool term_dumb;          /* TERM=dumb */
	size_t chunk_bytes;      /* PERF_REPORTER_CHUNK_BYTES (a positive whole number, for
	                            tests: many chunks of a small file), else 0: the default */

	/* CI gate (SPEC section 10); none of these with export. */
	const char *targets_file;  /* --targets FILE, or NULL */
	const char *baseline_file; /* --baseline FILE, or NULL */
	double regress_pct;        /* --regress-pct, default 10; only with --baseline */
	double warn_pct;           /* --warn-pct, default 5, <= regress_pct; only with --baseline */
	enum fail_on fail_on;      /* --fail-on warning|critical; FAIL_ON_NONE when not given
	                              (--fail-on-degradation is a separate flag that means
	                              critical; gate_fails takes the stricter of the two) */

	/* Verdicts (SPEC sections 11 and 12). */
	double alpha;     /* --alpha, in (0, 1], default 0.05; 1 turns the tests off */
	bool allow_empty; /* --allow-empty: an empty window passes the gate */
	bool fdr_off;     /* --fdr off: q = p; default (bh): Benjamini-Hochberg q-values */
	double min_coverage; /* --min-coverage, 0..100, default 50 (SPEC section 5) */
	/* Other key names (SPEC section 15). */
	struct fieldmap *fields;   /* --field, --epoch, --duration-unit compiled (fieldmap.h);
	                              NULL when none changes anything; freed by cli_free */
	const char *config_file;   /* the project file read (--config FILE, or
	                              perf-reporter.json when it exists), or NULL */
	char **config_strings;     /* heap copies of the values taken from it, which other
	                              fields may point to; freed by cli_free */
	size_t n_config_strings;

	enum csv_dialect csv_dialect; /* --csv-dialect, default rfc4180; only with CSV */
	/* Reports people look at (SPEC section 13). */
	long charts;     /* --charts N: Mermaid charts in Markdown (trends default 3, else 0);
	                    HTML: at most N operations charted (default: every operation) */
	bool charts_set; /* --charts was given */
	long width;      /* term: display cells per line (COLUMNS, else the terminal's
	                    width, else 80; at least CLI_MIN_WIDTH), read once by cli_parse */
	bool stdout_tty; /* standard output is a terminal (read once by cli_parse) */
	bool no_pager;     /* --no-pager */
	const char *pager; /* PAGER as set (NULL: unset), read once by cli_parse; pager.h */
	/* Slicing (SPEC section 14; group.h). */
	char *by_keys[MAX_BY];     /* --by KEY[,KEY...] in order (heap); n_by 0: operation_type */
	size_t n_by;
	bool grouped;              /* --by names more than operation_type alone */
	char *explain;             /* --explain KEY (heap), or NULL */
	long max_groups;           /* --max-groups N, default 1000 */
	/* The logs people have (SPEC section 16); --where, --success and --time-format live
	 * in fields. */
	const char *unit;          /* --unit LABEL, or NULL: "ms" */
	/* summarize (SPEC section 18; summary.h). */
	bool bucket_hour;          /* --bucket hour (summarize only; bucket stays BUCKET_AUTO) */
	long exact_limit;          /* --exact-limit N, 0..SUMMARY_EXACT_LIMIT_MAX, default 4096 */
	bool exact_limit_set;
	double accuracy;           /* --accuracy A, 0.005..0.1, default 0.01 */
	bool accuracy_set;
	/* Documents (SPEC section 16; document.h, jq-filter.h). */
	struct doc_path *records;  /* --records PATH compiled, or NULL; freed by cli_free */
	const char *jq;            /* --jq FILTER (checked to compile), or NULL */
	/* When did it change (SPEC section 17). */
	enum change_metric metric; /* --metric, default p50 */
	long min_segment;          /* --min-segment N, default 5 */
	/* Formats (SPEC section 16, "Formats" and "Finding the format"; format.h). */
	const char *formats_dir;   /* the built-in format files: PERF_REPORTER_FORMATS_DIR when
	                              set and not empty, else the installed FORMATSDIR; read
	                              once by cli_parse */
	struct options_format {
		char *name;              /* the format's name (heap) */
		struct fieldmap *fields; /* the fields --log-format NAME gives with the rest of
		                            the command line (heap), or NULL */
		struct doc_path *records; /* a document format's --records (heap), or NULL */
		const char *jq;          /* a document format's --jq (in config_strings), or NULL */
		struct jqf *jq_compiled; /* jq compiled by format_detect the first time a source
		                            is tried against it, once per run (heap), or NULL */
		bool jq_tried;           /* format_detect compiled jq (NULL: it does not compile) */
	} *detect;                 /* with none of --log-format, --field, --where, --success,
	                              --records and --jq
	                              (on the command line or in the project file): the
	                              built-in formats a source none of whose first lines is a
	                              record is tried against (format-detect.h), in their
	                              order, those that change nothing left out; NULL
	                              otherwise; freed by cli_free */
	size_t n_detect;
	struct options_format *hint; /* with one of them: the built-in formats alone (neither
	                              the command line nor the project file beside them), for
	                              the hint of an unreadable source (SPEC section 11,
	                              format_hint); NULL otherwise; freed by cli_free */
	size_t n_hint;
	/* Re-runs (SPEC section 18; state.h). */
	const char *state_file;    /* --state FILE, or NULL */
	uint64_t state_key;        /* the command line but --state's and --now's values
	                              (state_args_key) */
	long state_pause_ms;       /* PERF_REPORTER_STATE_PAUSE_MS (tests): a pause in the
	                              middle of writing the state, to kill the run there */
};

#endif
