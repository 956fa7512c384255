/* format.h - the log formats (SPEC section 16, "Formats"): JSON options files, one per
 * format, in a directory (the built-in ones under $(datadir)/perf-reporter/formats, or
 * PERF_REPORTER_FORMATS_DIR; cli_parse reads which into options.formats_dir). A format
 * file is a JSON object read like the project file (keys: long option names without the
 * dashes; cli.c applies them) beside two keys of its own: "description" (what it reads,
 * one line) and "order" (its place in `perf-reporter formats` and in detection; lower
 * first, then by name). This module finds and lists the files; it never applies them. */
#ifndef PR_FORMAT_H
#define PR_FORMAT_H

#include <stddef.h>
#include "common.h"

/* A format file's keys that are not options. */
#define FORMAT_KEY_DESCRIPTION "description"
#define FORMAT_KEY_ORDER "order"

/* One option a format stands for: the long option name and its value (NULL for a flag),
 * as they would be written on the command line, in the file's order; an array in the
 * file is one option per element, {"field": {"NAME": "EXPR"}} is "field", "NAME=EXPR". */
struct format_opt {
	char *name;
	char *value;
};

/* One format file. */
struct format_info {
	char *name;         /* the file name without ".json" */
	char *path;         /* the file */
	char *description;  /* "description", or NULL */
	double order;       /* "order", or FORMAT_NO_ORDER */
	struct format_opt *opts; /* the options it stands for */
	size_t n_opts;
	char *options_json; /* the object without the metadata keys, compact JSON */
};
#define FORMAT_NO_ORDER 1e300

/* Whether the --log-format argument arg names a file of the user's (it holds a '/' or
 * ends in ".json") rather than a built-in format. */
bool format_is_path(const char *arg);

/* Read one format file into *fi. Returns 0, or -1 with *err (heap) set to
 * "FILE: what is wrong" (not valid JSON, with line and column; not an object; a
 * "description" that is not a string; an "order" that is not a number; an option value
 * that is neither a string, a number, a boolean, an array of those nor, for "field", an
 * object of strings). Option names are not checked here (cli.c does). */
int format_read(const char *path, const char *name, struct format_info *fi, char **err);
void format_info_free(struct format_info *fi);

/* Every NAME.json of dir, read (format_read), sorted by order then name, into *out (*n of
 * them; free with format_list_free). A missing dir is an empty list. Returns 0, or -1
 * with *err (heap) for a file that cannot be read or is not a format file. */
int format_list(const char *dir, struct format_info **out, size_t *n, char **err);
void format_list_free(struct format_info *list, size_t n);

/* The file of built-in format name in dir (heap), or NULL when dir has none. A name is
 * letters, digits, '-', '_' and '.', not starting with '.'. */
char *format_find(const char *dir, const char *name);

/* The names of the formats in dir, "k6, vegeta, ..." in their order (heap; "none" when
 * there are none or the directory cannot be read). */
char *format_names(const char *dir);

#endif
