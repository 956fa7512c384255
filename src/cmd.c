/* cmd.c - the command table: one row per command, in --help order (cmd.h). */
#include "cmd.h"

#include "cmd-changes.h"
#include "cmd-compare.h"
#include "cmd-export.h"
#include "cmd-formats.h"
#include "cmd-report.h"
#include "cmd-summarize.h"
#include "diag.h"

/* What every report command writes. */
#define CMD_REPORT_FORMATS (CMD_FMT(FMT_MD) | CMD_FMT(FMT_CSV) | CMD_FMT(FMT_JSON) | \
	CMD_FMT(FMT_TERM) | CMD_FMT(FMT_HTML) | CMD_FMT(FMT_XLSX))
#define CMD_REPORT_FORMATS_TEXT "md, term, html, csv, json or xlsx"
/* What every report command takes. */
#define CMD_REPORT_FLAGS (CMDF_CHARTS | CMDF_VERDICT | CMDF_GATE_FILES | CMDF_GROUPS)
/* A macro's value as a string literal, for a summary. */
#define CMD_STR(x) #x
#define CMD_XSTR(x) CMD_STR(x)

const struct cmd_entry cmd_table[] = {
	[CMD_WEEKLY] = {
		.name = "weekly", .usage = "weekly",
		.summary = "the last 7 days, against the 7 days before",
		.formats = CMD_REPORT_FORMATS, .formats_text = CMD_REPORT_FORMATS_TEXT,
		.default_format = FMT_MD, .flags = CMD_REPORT_FLAGS,
		.window = WINDOW_LAST_DAYS, .days = 7, .run = cmd_report_run,
	},
	[CMD_MONTHLY] = {
		.name = "monthly", .usage = "monthly",
		.summary = "the last 30 days, against the 30 days before (the default)",
		.formats = CMD_REPORT_FORMATS, .formats_text = CMD_REPORT_FORMATS_TEXT,
		.default_format = FMT_MD, .flags = CMD_REPORT_FLAGS,
		.window = WINDOW_LAST_DAYS, .days = 30, .run = cmd_report_run,
	},
	[CMD_TRENDS] = {
		.name = "trends", .usage = "trends",
		.summary = "the last --days N days (default "
		    CMD_XSTR(CLI_DEFAULT_TRENDS_DAYS) "), against the N days\n"
		    "  before, with a time series per operation (--bucket)",
		.formats = CMD_REPORT_FORMATS, .formats_text = CMD_REPORT_FORMATS_TEXT,
		.default_format = FMT_MD,
		.flags = CMD_REPORT_FLAGS | CMDF_DAYS | CMDF_BUCKETS | CMDF_SERIES,
		.window = WINDOW_LAST_DAYS, .days = CLI_DEFAULT_TRENDS_DAYS, .md_charts = 3,
		.run = cmd_report_run,
	},
	[CMD_REPORT] = {
		.name = "report", .usage = "report",
		.summary = "the window [--since T, --until T) against the same length\n"
		    "  just before it; --since is required, --until defaults\n"
		    "  to now",
		.formats = CMD_REPORT_FORMATS, .formats_text = CMD_REPORT_FORMATS_TEXT,
		.default_format = FMT_MD,
		.flags = CMD_REPORT_FLAGS | CMDF_RANGE | CMDF_NEEDS_SINCE,
		.window = WINDOW_SINCE, .run = cmd_report_run,
	},
	[CMD_EXPORT] = {
		.name = "export", .usage = "export",
		.summary = "the records themselves, normalised: all time, or the\n"
		    "  window given by --since/--until or by --days",
		.formats = CMD_FMT(FMT_CSV) | CMD_FMT(FMT_JSON) | CMD_FMT(FMT_JSONL) |
		    CMD_FMT(FMT_XLSX),
		.formats_text = "csv, json, jsonl or xlsx", .default_format = FMT_CSV,
		/* --charts: refused by the format rule, which names the format */
		.flags = CMDF_DAYS | CMDF_RANGE | CMDF_CHARTS,
		.window = WINDOW_ALL, .run = cmd_export_run,
	},
	[CMD_COMPARE] = {
		.name = "compare", .usage = "compare BASE CURRENT",
		.summary = "compare two logs or saved JSON reports (also\n"
		    "  pytest-benchmark files) per operation: change of avg\n"
		    "  and percentiles, p-value, status\n"
		    "  (regression, warning, improved, same, new, gone)",
		.formats = CMD_FMT(FMT_MD) | CMD_FMT(FMT_CSV) | CMD_FMT(FMT_JSON) |
		    CMD_FMT(FMT_TERM),
		.formats_text = "md, term, csv or json", .default_format = FMT_MD,
		.flags = CMDF_DAYS | CMDF_RANGE | CMDF_VERDICT | CMDF_CHANGES | CMDF_REGRESS |
		    CMDF_GROUPS | CMDF_TWO_INPUTS,
		.window = WINDOW_ALL_BEFORE_NOW, .run = cmd_compare_run,
	},
	[CMD_SUMMARIZE] = {
		.name = "summarize", .usage = "summarize",
		.summary = "a summary of the logs per bucket and group (JSON Lines,\n"
		    "  for merging and for fleets); summaries among the\n"
		    "  inputs are merged into it",
		.formats = CMD_FMT(FMT_JSONL), .formats_text = "jsonl",
		.default_format = FMT_JSONL, .flags = CMDF_SUMMARY | CMDF_GROUPS,
		.window = WINDOW_ALL, .run = cmd_summarize_run,
	},
	[CMD_CHANGES] = {
		.name = "changes", .usage = "changes",
		.summary = "when did it change: the change points of each operation's\n"
		    "  (or --by group's) series of --metric per --bucket, over\n"
		    "  the whole input or --since/--until (E-divisive means\n"
		    "  with a t-test; see CHANGE POINTS in the man page)",
		.formats = CMD_FMT(FMT_MD) | CMD_FMT(FMT_CSV) | CMD_FMT(FMT_JSON) |
		    CMD_FMT(FMT_TERM) | CMD_FMT(FMT_HTML),
		.formats_text = "md, term, csv, json or html", .default_format = FMT_MD,
		/* --days: the span --fail-on looks at, not the window (WINDOW_INPUT) */
		.flags = CMDF_DAYS | CMDF_RANGE | CMDF_BUCKETS | CMDF_VERDICT | CMDF_REGRESS |
		    CMDF_GROUPS,
		.window = WINDOW_INPUT, .days = CLI_DEFAULT_CHANGES_DAYS, .run = cmd_changes_run,
	},
	[CMD_FORMATS] = {
		.name = "formats", .usage = "formats",
		.summary = "the log formats --log-format NAME reads: what each reads\n"
		    "  and the options it stands for (see FORMATS in the man page)",
		.formats = CMD_FMT(FMT_TERM) | CMD_FMT(FMT_JSON),
		.formats_text = "term or json", .default_format = FMT_TERM,
		.flags = CMDF_NO_INPUT, .window = WINDOW_ALL, .run = cmd_formats_run,
	},
};

const size_t cmd_count = ARRAY_SIZE(cmd_table);

const struct cmd_entry *
cmd_of(enum command c)
{
	return &cmd_table[c];
}

int
cmd_run(const struct options *o)
{
	diag_set_quiet(o->quiet);
	return cmd_of(o->command)->run(o);
}
