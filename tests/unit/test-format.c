/* test-format.c - the format files (format.h): reading one (its options as command-line
 * words, its metadata, every kind of bad file with the message naming the file and the
 * key), listing a directory in the order the files give, finding a name, and the look at
 * a stream's first block that detection takes (lr_peek_block), which the reader must then
 * give again. Every file is written here by the test. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format.h"
#include "line-reader.h"
#include "xalloc.h"

/* A fresh directory under /tmp (the caller removes it with rm_dir). */
static char *
make_dir(void)
{
	char *d = xstrdup("/tmp/test-format-XXXXXX");

	cr_assert_not_null(mkdtemp(d));
	return d;
}

/* dir/name holding text. */
static char *
put(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Remove dir and the files the tests put there. */
static void
rm_dir(char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	cr_assert_eq(system(cmd), 0);
	free(cmd);
	free(dir);
}

Test(format, is_path)
{
	cr_assert(format_is_path("./mine.json"));
	cr_assert(format_is_path("mine.json"));
	cr_assert(format_is_path("dir/k6"));
	cr_assert(!format_is_path("k6"));
	cr_assert(!format_is_path("go-test"));
}

Test(format, read_options_as_words)
{
	char *d = make_dir(), *err = NULL;
	char *p = put(d, "x.json", "{\"description\": \"a tool\", \"order\": 3,\n"
	    "\"where\": [\"a == 1\", \"b != 2\"], \"field\": {\"operation_type\": \"op\",\n"
	    "\"duration_ms\": \"t\"}, \"duration-unit\": \"ns\", \"strict\": true,\n"
	    "\"allow-empty\": false, \"top\": 5}\n");
	struct format_info fi;
	static const char *const want[][2] = {
		{"where", "a == 1"}, {"where", "b != 2"}, {"field", "operation_type=op"},
		{"field", "duration_ms=t"}, {"duration-unit", "ns"}, {"strict", NULL},
		{"top", "5"},
	};

	cr_assert_eq(format_read(p, "x", &fi, &err), 0, "%s", err ? err : "");
	cr_assert_str_eq(fi.name, "x");
	cr_assert_str_eq(fi.description, "a tool");
	cr_assert_float_eq(fi.order, 3.0, 1e-12);
	cr_assert_eq(fi.n_opts, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < fi.n_opts; i++) {
		cr_assert_str_eq(fi.opts[i].name, want[i][0]);
		if (want[i][1] == NULL)
			cr_assert_null(fi.opts[i].value);
		else
			cr_assert_str_eq(fi.opts[i].value, want[i][1]);
	}
	/* The options object keeps every option and no metadata. */
	cr_assert_null(strstr(fi.options_json, "description"));
	cr_assert_null(strstr(fi.options_json, "order"));
	cr_assert_not_null(strstr(fi.options_json, "\"allow-empty\":false"));
	format_info_free(&fi);
	free(p);
	rm_dir(d);
}

/* format_read of text fails, and its message starts with the file and holds what. */
static void
bad(const char *text, const char *what)
{
	char *d = make_dir(), *err = NULL, *p = put(d, "bad.json", text), *start;
	struct format_info fi;

	cr_assert_eq(format_read(p, "bad", &fi, &err), -1, "accepted: %s", text);
	start = xasprintf("%s: ", p);
	cr_assert_eq(strncmp(err, start, strlen(start)), 0, "%s", err);
	cr_assert_not_null(strstr(err, what), "'%s' has no '%s'", err, what);
	free(start);
	free(err);
	free(p);
	rm_dir(d);
}

Test(format, bad_files_name_the_file_and_key)
{
	bad("{\"where\": \"a\",", "not valid JSON");
	bad("[1, 2]", "must be a JSON object");
	bad("{\"description\": 5}", ".description: must be a string");
	bad("{\"order\": \"first\"}", ".order: must be a number");
	bad("{\"where\": null}", ".where: must be a string");
	bad("{\"where\": []}", ".where: is an empty list");
	bad("{\"where\": [\"a\", {}]}", ".where: element 1 must be a string");
	bad("{\"field\": {\"duration_ms\": 5}}", ".field: the value of \"duration_ms\"");
	bad("{\"top\": {\"a\": \"b\"}}", ".top: must be a string");
	bad("{\"a\": 1, \"a\": 2}", "not valid JSON");
}

Test(format, missing_file)
{
	struct format_info fi;
	char *err = NULL;

	cr_assert_eq(format_read("/nonexistent/x.json", "x", &fi, &err), -1);
	cr_assert_not_null(strstr(err, "/nonexistent/x.json: cannot be read: "), "%s", err);
	free(err);
}

Test(format, list_in_order_then_by_name)
{
	char *d = make_dir(), *err = NULL, *names;
	struct format_info *list;
	size_t n;

	free(put(d, "zeta.json", "{\"order\": 1}"));
	free(put(d, "beta.json", "{\"order\": 2}"));
	free(put(d, "alpha.json", "{\"order\": 2}"));
	free(put(d, "last.json", "{}"));
	free(put(d, "notes.txt", "not a format"));
	free(put(d, ".hidden.json", "{"));
	cr_assert_eq(format_list(d, &list, &n, &err), 0, "%s", err ? err : "");
	cr_assert_eq(n, 4);
	cr_assert_str_eq(list[0].name, "zeta");
	cr_assert_str_eq(list[1].name, "alpha");
	cr_assert_str_eq(list[2].name, "beta");
	cr_assert_str_eq(list[3].name, "last");
	format_list_free(list, n);
	names = format_names(d);
	cr_assert_str_eq(names, "zeta, alpha, beta, last");
	free(names);
	/* One broken file: the whole list is an error that names it. */
	free(put(d, "broken.json", "{\"order\": true}"));
	cr_assert_eq(format_list(d, &list, &n, &err), -1);
	cr_assert_not_null(strstr(err, "broken.json: .order: "), "%s", err);
	cr_assert_null(list);
	free(err);
	rm_dir(d);
}

Test(format, missing_directory_is_empty)
{
	struct format_info *list;
	size_t n = 7;
	char *err = NULL, *names;

	cr_assert_eq(format_list("/nonexistent-dir", &list, &n, &err), 0);
	cr_assert_eq(n, 0);
	names = format_names("/nonexistent-dir");
	cr_assert_str_eq(names, "none");
	free(names);
}

Test(format, find_checks_the_name)
{
	char *d = make_dir(), *p;

	free(put(d, "k6.json", "{}"));
	p = format_find(d, "k6");
	cr_assert_not_null(p);
	free(p);
	cr_assert_null(format_find(d, "k7"));
	cr_assert_null(format_find(d, "../k6"));
	cr_assert_null(format_find(d, ".k6"));
	cr_assert_null(format_find(d, ""));
	cr_assert_null(format_find(NULL, "k6"));
	rm_dir(d);
}

/* A pipe's first block, looked at, is the first block read, and the lines after it follow. */
Test(format, peek_then_read_gives_every_line)
{
	int fds[2], saved = dup(STDIN_FILENO);
	struct line_reader *r;
	struct lr_block b = {0};
	const struct lr_block *peek;
	char *err = NULL, *text = NULL;
	size_t len = 0;
	FILE *w;

	cr_assert_eq(pipe(fds), 0);
	w = fdopen(fds[1], "w");
	for (int i = 0; i < 3; i++)
		fprintf(w, "{\"line\": %d}\n", i);
	fclose(w);
	dup2(fds[0], STDIN_FILENO);
	close(fds[0]);
	r = lr_open("-", 1 << 20, &err);
	cr_assert_not_null(r, "%s", err ? err : "");
	peek = lr_peek_block(r);
	cr_assert_not_null(peek);
	cr_assert_eq(peek->n_lines, 3);
	cr_assert_eq(lr_peek_block(r), peek); /* a second look reads nothing more */
	while (lr_next_block(r, &b, &err) == LR_LINE) {
		text = xrealloc(text, len + b.len + 1);
		memcpy(text + len, b.buf + b.off, b.len);
		len += b.len;
	}
	cr_assert_null(err);
	text = xrealloc(text, len + 1);
	text[len] = '\0';
	cr_assert_str_eq(text, "{\"line\": 0}\n{\"line\": 1}\n{\"line\": 2}\n");
	cr_assert_null(lr_peek_block(r)); /* at the end: nothing to look at */
	free(text);
	free(b.buf);
	lr_close(r);
	dup2(saved, STDIN_FILENO);
	close(saved);
}
