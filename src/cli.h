/* cli.h - the command line: cli_parse fills one struct options (options.h) from argv, the
 * project file and the environment; --help and --version. Only main.c and cli.c include
 * this header: the pipeline reads struct options and never calls into cli.c. */
#ifndef PR_CLI_H
#define PR_CLI_H

#include "options.h"

/* Outcome of parsing. */
enum cli_result {
	CLI_RUN,     /* options filled; run the command */
	CLI_EXIT_OK, /* --help or --version was printed; exit 0 */
	CLI_USAGE    /* a usage error was reported on standard error; exit 2 */
};

/* Parse argv into *o. Prints --help/--version to standard output and usage errors (with a
 * "Try 'perf-reporter --help'" hint) to standard error. o->files and o->ops are heap arrays
 * (free with cli_free) whose strings are argv's; output, series_file likewise point into
 * argv (or into o->config_strings, for values taken from the project file: SPEC section 15,
 * read first, so that the command line wins). Options take effect in order: --help and --version act where they stand, and the
 * first usage error stops the parse. On CLI_EXIT_OK and CLI_USAGE nothing is left
 * allocated (cli_free is still harmless). Safe to call repeatedly (resets getopt). */
enum cli_result cli_parse(int argc, char **argv, struct options *o);
void cli_free(struct options *o);

/* Fill the fields the pipeline reads in place of calling into cli.c, from o's command (its
 * row in the command table), format and charts: command_name, window, window_days,
 * wants_buckets (cli_wants_buckets), default_input (cli_default_input, when no FILE), and
 * days for a command whose --days defaults. cli_parse calls it last; a test that fills
 * struct options by hand calls it after. */
void cli_resolve(struct options *o);

/* Name of a command ("weekly", ...). */
const char *cli_command_name(enum command c);

/* Default input when no FILE is given: "-" when standard input is a pipe, a FIFO, a socket
 * or a regular file; otherwise (a terminal, /dev/null or another device, a closed
 * descriptor) CLI_DEFAULT_FILE ("memory/perf-metrics.jsonl"). */
const char *cli_default_input(void);

/* Whether a report needs per-bucket durations: trends, Markdown with --charts N > 0, term
 * with --charts N > 0, and HTML (its charts are over the buckets). */
bool cli_wants_buckets(const struct options *o);

#endif
