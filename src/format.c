/* format.c - finding, reading and listing the log-format files (format.h). */
#include "format.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "utf8.h"
#include "xalloc.h"

/* File names and keys quoted in messages are cut to this many bytes. */
#define FORMAT_QUOTE_MAX 200
/* A format file larger than this is refused (they are a few hundred bytes). */
#define FORMAT_MAX_BYTES ((size_t)1 << 20)

bool
format_is_path(const char *arg)
{
	size_t n = strlen(arg);

	return strchr(arg, '/') != NULL || (n >= 5 && strcmp(arg + n - 5, ".json") == 0);
}

/* Whether name may be a built-in format's name (no path, no hidden file). */
static bool
format_name_ok(const char *name)
{
	if (*name == '\0' || *name == '.')
		return false;
	for (const char *p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return false;
	return true;
}

/* A scalar option value as command-line text (heap); NULL for true (a flag), and for
 * anything else (*bad set) but false, which gives no option (*skip set). */
static char *
format_value_text(const json_t *v, bool *bad, bool *skip)
{
	*bad = *skip = false;
	if (json_is_string(v))
		return xstrndup(json_string_value(v), json_string_length(v));
	if (json_is_integer(v))
		return xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	if (json_is_real(v))
		return xasprintf("%.17g", json_real_value(v));
	if (json_is_false(v))
		*skip = true;
	else if (!json_is_true(v))
		*bad = true;
	return NULL;
}

/* Add option name=value (value taken) to fi. */
static void
format_add_opt(struct format_info *fi, size_t *cap, const char *name, char *value)
{
	xgrow(&fi->opts, cap, fi->n_opts + 1, sizeof(*fi->opts));
	fi->opts[fi->n_opts].name = xstrdup(name);
	fi->opts[fi->n_opts].value = value;
	fi->n_opts++;
}

/* "FILE: .KEY: what" (heap). */
static char *PR_PRINTF(3, 4)
format_err(const char *path, const char *key, const char *fmt, ...)
{
	char *qp = utf8_escape_cut(path, strlen(path), FORMAT_QUOTE_MAX), *msg, *out, *qk;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	msg[0] = '\0';
	va_start(ap, fmt);
	if (n > 0)
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (key != NULL) {
		qk = utf8_escape_cut(key, strlen(key), FORMAT_QUOTE_MAX);
		out = xasprintf("%s: .%s: %s", qp, qk, msg);
		free(qk);
	} else
		out = xasprintf("%s: %s", qp, msg);
	free(qp);
	free(msg);
	return out;
}

/* One option member of a format file into fi; NULL, or the error (heap). */
static char *
format_member(struct format_info *fi, size_t *cap, const char *path, const char *key,
    json_t *v)
{
	bool bad, skip;
	char *text;
	const char *k;
	json_t *item;
	size_t i;

	if (json_is_object(v)) {
		if (strcmp(key, "field") != 0)
			return format_err(path, key, "must be a string, a number, true or false, or "
			    "an array of them");
		json_object_foreach(v, k, item) {
			if (!json_is_string(item))
				return format_err(path, key, "the value of \"%s\" must be a string, "
				    "the key or expression to read it from", k);
			format_add_opt(fi, cap, key, xasprintf("%s=%s", k, json_string_value(item)));
		}
		return NULL;
	}
	if (json_is_array(v)) {
		if (json_array_size(v) == 0)
			return format_err(path, key, "is an empty list");
		json_array_foreach(v, i, item) {
			text = format_value_text(item, &bad, &skip);
			if (text == NULL)
				return format_err(path, key, "element %zu must be a string or a number",
				    i);
			format_add_opt(fi, cap, key, text);
		}
		return NULL;
	}
	text = format_value_text(v, &bad, &skip);
	if (bad)
		return format_err(path, key, "must be a string, a number, true or false, or an "
		    "array of them");
	if (!skip)
		format_add_opt(fi, cap, key, text);
	return NULL;
}

/* The whole file at path (heap, *len bytes), or NULL with errno set; larger than
 * FORMAT_MAX_BYTES: NULL with errno EFBIG. One read, not jansson's byte-by-byte stream. */
static char *
format_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;
	int e;

	if (f == NULL)
		return NULL;
	buf = xmalloc(FORMAT_MAX_BYTES + 1);
	n = fread(buf, 1, FORMAT_MAX_BYTES + 1, f);
	e = ferror(f) ? EIO : n > FORMAT_MAX_BYTES ? EFBIG : 0;
	fclose(f);
	if (e != 0) {
		free(buf);
		errno = e;
		return NULL;
	}
	*len = n;
	return buf;
}

int
format_read(const char *path, const char *name, struct format_info *fi, char **err)
{
	json_error_t je;
	json_t *root, *v, *opts;
	const char *key;
	size_t cap = 0, len;
	char *text;

	memset(fi, 0, sizeof(*fi));
	fi->order = FORMAT_NO_ORDER;
	*err = NULL;
	if ((text = format_slurp(path, &len)) == NULL) {
		*err = errno == EFBIG ?
		    format_err(path, NULL, "is larger than a format file can be (1 MiB)") :
		    format_err(path, NULL, "cannot be read: %s", strerror(errno));
		return -1;
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	free(text);
	if (root == NULL) {
		char *t = utf8_escape_cut(je.text, strnlen(je.text, sizeof(je.text)), 120);

		*err = format_err(path, NULL, "%d:%d: not valid JSON: %s", je.line, je.column, t);
		free(t);
		return -1;
	}
	if (!json_is_object(root)) {
		*err = format_err(path, NULL, "must be a JSON object of options, such as "
		    "{\"description\": \"...\", \"field\": {\"duration_ms\": \"latency\"}}");
		json_decref(root);
		return -1;
	}
	fi->name = xstrdup(name);
	fi->path = xstrdup(path);
	opts = json_object();
	json_object_foreach(root, key, v) {
		if (strcmp(key, FORMAT_KEY_DESCRIPTION) == 0) {
			if (!json_is_string(v)) {
				*err = format_err(path, key, "must be a string: what the format reads");
				break;
			}
			fi->description = xstrdup(json_string_value(v));
		} else if (strcmp(key, FORMAT_KEY_ORDER) == 0) {
			if (!json_is_number(v)) {
				*err = format_err(path, key, "must be a number: the format's place in "
				    "the list");
				break;
			}
			fi->order = json_number_value(v);
		} else {
			if ((*err = format_member(fi, &cap, path, key, v)) != NULL)
				break;
			json_object_set(opts, key, v);
		}
	}
	if (*err == NULL)
		fi->options_json = json_dumps(opts, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(opts);
	json_decref(root);
	if (*err != NULL || fi->options_json == NULL) {
		if (*err == NULL)
			*err = format_err(path, NULL, "cannot be written back as JSON");
		format_info_free(fi);
		return -1;
	}
	return 0;
}

void
format_info_free(struct format_info *fi)
{
	for (size_t i = 0; i < fi->n_opts; i++) {
		free(fi->opts[i].name);
		free(fi->opts[i].value);
	}
	free(fi->opts);
	free(fi->name);
	free(fi->path);
	free(fi->description);
	free(fi->options_json);
	memset(fi, 0, sizeof(*fi));
}

/* qsort: by order, then by name. */
static int
format_cmp(const void *a, const void *b)
{
	const struct format_info *x = a, *y = b;

	if (x->order < y->order)
		return -1;
	if (x->order > y->order)
		return 1;
	return strcmp(x->name, y->name);
}

int
format_list(const char *dir, struct format_info **out, size_t *n, char **err)
{
	DIR *d;
	struct dirent *de;
	size_t cap = 0, len;
	char *path, *name;

	*out = NULL;
	*n = 0;
	*err = NULL;
	if (dir == NULL || (d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 5 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		name = xstrndup(de->d_name, len - 5);
		if (!format_name_ok(name)) {
			free(name);
			continue;
		}
		path = xasprintf("%s/%s", dir, de->d_name);
		xgrow(out, &cap, *n + 1, sizeof(**out));
		if (format_read(path, name, &(*out)[*n], err) < 0) {
			free(path);
			free(name);
			break;
		}
		++*n;
		free(path);
		free(name);
	}
	closedir(d);
	if (*err != NULL) {
		format_list_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), format_cmp);
	return 0;
}

void
format_list_free(struct format_info *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		format_info_free(&list[i]);
	free(list);
}

char *
format_find(const char *dir, const char *name)
{
	char *path;
	struct stat sb;

	if (dir == NULL || !format_name_ok(name))
		return NULL;
	path = xasprintf("%s/%s.json", dir, name);
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
		return path;
	free(path);
	return NULL;
}

char *
format_names(const char *dir)
{
	struct format_info *list;
	size_t n;
	char *err, *s = NULL, *t;

	if (format_list(dir, &list, &n, &err) < 0) {
		free(err);
		return xstrdup("none (the directory holds a broken format file)");
	}
	for (size_t i = 0; i < n; i++) {
		t = xasprintf("%s%s%s", s != NULL ? s : "", s != NULL ? ", " : "", list[i].name);
		free(s);
		s = t;
	}
	format_list_free(list, n);
	return s != NULL ? s : xstrdup("none");
}
