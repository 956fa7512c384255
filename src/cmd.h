/* cmd.h - the command table: one const entry per command (its name, its --help summary,
 * what it takes, its window rule, its run function). cli.c parses and checks against it,
 * main.c runs through it. Adding a command is one new cmd-NAME.c (with its cmd-NAME.h:
 * the run function) over the loader (load.h), one row in cmd.c and its enum command value
 * in options.h. A command's file does not include this header: the table points down at
 * the commands, never the other way. */
#ifndef PR_CMD_H
#define PR_CMD_H

#include "options.h"

/* What a command takes or needs beyond what every command takes (cmd_entry.flags). */
enum {
	CMDF_DAYS = 1u << 0,       /* --days */
	CMDF_RANGE = 1u << 1,      /* --since and --until */
	CMDF_NEEDS_SINCE = 1u << 2, /* --since is required */
	CMDF_BUCKETS = 1u << 3,    /* --bucket: a time series */
	CMDF_CHARTS = 1u << 4,     /* --charts (then only with md, term and html) */
	CMDF_VERDICT = 1u << 5,    /* a report with a verdict: the gate's --fail-on*,
	                              --alpha, --allow-empty (export has none) */
	CMDF_GATE_FILES = 1u << 6, /* --targets and --baseline */
	CMDF_CHANGES = 1u << 7,    /* judges changes itself: --regress-pct and --warn-pct
	                              without --baseline */
	CMDF_GROUPS = 1u << 8,     /* --by and --explain */
	CMDF_TWO_INPUTS = 1u << 9, /* exactly two inputs, BASE then CURRENT */
	CMDF_SUMMARY = 1u << 10,   /* writes a summary: --bucket hour|day, --exact-limit,
	                              --accuracy (SPEC section 18) */
	CMDF_REGRESS = 1u << 11,   /* --regress-pct without --baseline (CMDF_CHANGES: and
	                              --warn-pct) */
	CMDF_SERIES = 1u << 12,    /* --series with CSV: the time series to a file of its own */
	CMDF_NO_INPUT = 1u << 13   /* reads no log: no FILE operand, no format detection */
};

/* A set of enum format values, one bit each. */
#define CMD_FMT(f) (1u << (f))

/* One command. */
struct cmd_entry {
	const char *name;          /* the command word */
	const char *usage;         /* its --help heading: the name and its operands */
	const char *summary;       /* its --help text (lines after the first indented) */
	unsigned formats;          /* CMD_FMT(...) of the formats it writes */
	const char *formats_text;  /* the same in words, for messages */
	enum format default_format; /* without -f when the terminal view does not apply */
	unsigned flags;            /* CMDF_* */
	enum window_rule window;   /* how its window is chosen (window.c) */
	long days;                 /* WINDOW_LAST_DAYS: the window's length without --days */
	long md_charts;            /* Mermaid charts in Markdown without --charts */
	int (*run)(const struct options *o); /* the command, end to end: an exit status */
};

/* The table, in --help order, indexed by enum command; cmd_count entries. */
extern const struct cmd_entry cmd_table[];
extern const size_t cmd_count;

/* The entry of c. */
const struct cmd_entry *cmd_of(enum command c);

/* Run o's command (after diag_set_quiet); returns the exit status (enum exit_status). */
int cmd_run(const struct options *o);

#endif
