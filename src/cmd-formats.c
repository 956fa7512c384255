/* cmd-formats.c - formats end to end: read the format files (format.c) and list them. */
#include "cmd-formats.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "format.h"
#include "sink.h"
#include "xalloc.h"

/* Column where the descriptions and options start in the text list. */
#define CMD_FORMATS_COLUMN 16

/* s as one shell word: as it is when it holds only characters no shell treats specially,
 * else in single quotes (a ' inside as '\''). */
static void
cmd_formats_word(FILE *fp, const char *s)
{
	bool plain = *s != '\0';

	for (const char *p = s; *p != '\0' && plain; p++)
		plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		    "_=.,/:@%+-", *p) != NULL;
	if (plain) {
		fputs(s, fp);
		return;
	}
	fputc('\'', fp);
	for (const char *p = s; *p != '\0'; p++)
		if (*p == '\'')
			fputs("'\\''", fp);
		else
			fputc(*p, fp);
	fputc('\'', fp);
}

/* The text list: the name, what it reads, then one option per line. */
static void
cmd_formats_text(FILE *fp, const struct format_info *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct format_info *fi = &list[i];
		int w = (int)strlen(fi->name);

		fprintf(fp, "%s%*s%s\n", fi->name, w < CMD_FORMATS_COLUMN ?
		    CMD_FORMATS_COLUMN - w : 1, "",
		    fi->description != NULL ? fi->description : "(no description)");
		if (fi->n_opts == 0)
			fprintf(fp, "%*s(no option: the default)\n", CMD_FORMATS_COLUMN, "");
		for (size_t k = 0; k < fi->n_opts; k++) {
			fprintf(fp, "%*s--%s", CMD_FORMATS_COLUMN, "", fi->opts[k].name);
			if (fi->opts[k].value != NULL) {
				fputc(' ', fp);
				cmd_formats_word(fp, fi->opts[k].value);
			}
			fputc('\n', fp);
		}
	}
	fputs("\nRead a log with --log-format NAME, or --log-format FILE.json for a format "
	    "file of your own;\nwithout it, a log whose first lines hold no record is tried "
	    "against each format above.\n", fp);
}

/* The JSON document. */
static void
cmd_formats_json(FILE *fp, const struct format_info *list, size_t n)
{
	json_t *root = json_object(), *arr = json_array();

	for (size_t i = 0; i < n; i++) {
		const struct format_info *fi = &list[i];
		json_t *one = json_object(), *args = json_array();
		json_t *opts = json_loads(fi->options_json, 0, NULL);

		for (size_t k = 0; k < fi->n_opts; k++) {
			char *opt = xasprintf("--%s", fi->opts[k].name);

			json_array_append_new(args, json_string(opt));
			free(opt);
			if (fi->opts[k].value != NULL)
				json_array_append_new(args, json_string(fi->opts[k].value));
		}
		json_object_set_new(one, "name", json_string(fi->name));
		json_object_set_new(one, "description", fi->description != NULL ?
		    json_string(fi->description) : json_null());
		json_object_set_new(one, "options", opts != NULL ? opts : json_object());
		json_object_set_new(one, "args", args);
		json_array_append_new(arr, one);
	}
	json_object_set_new(root, "formats", arr);
	json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', fp);
	json_decref(root);
}

int
cmd_formats_run(const struct options *o)
{
	struct format_info *list;
	struct sink out;
	size_t n;
	char *err;
	int status = EXIT_OK;

	if (format_list(o->formats_dir, &list, &n, &err) < 0) {
		diag_error("%s", err);
		free(err);
		return EXIT_TROUBLE;
	}
	if (n == 0)
		diag_note("no format file in %s", o->formats_dir);
	if (sink_open(&out, o->output) < 0) {
		format_list_free(list, n);
		return EXIT_TROUBLE;
	}
	if (o->format == FMT_JSON)
		cmd_formats_json(out.fp, list, n);
	else
		cmd_formats_text(out.fp, list, n);
	if (sink_commit(&out) < 0)
		status = EXIT_TROUBLE;
	format_list_free(list, n);
	return status;
}
