/* document.c - JSON documents (arrays, pretty-printed or concatenated values) -> records. */
#include "document.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jq-filter.h"
#include "line-reader.h"
#include "utf8.h"
#include "xalloc.h"

/* Parts of a --records path, at most. */
#define DOC_MAX_PARTS 16

struct doc_path {
	size_t n;
	struct doc_part {
		char *key;   /* heap; NULL for a leading "[]" (the value itself) */
		bool each;   /* "[]" follows: step into each element */
	} part[DOC_MAX_PARTS];
};

/* True for JSON white space. */
static bool
doc_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The first byte of p[i, n) that is not white space, or n. */
static size_t
doc_skip_ws(const char *p, size_t i, size_t n)
{
	while (i < n && doc_ws(p[i]))
		i++;
	return i;
}

bool
doc_sniff(const char *p, size_t n, bool whole)
{
	size_t i = doc_skip_ws(p, 0, n), eol, j;
	const char *nl;
	json_error_t e;
	json_t *v;
	bool doc = false;

	if (i == n || (p[i] != '[' && p[i] != '{'))
		return false;
	if (p[i] == '[')
		return true;
	nl = memchr(p + i, '\n', n - i);
	eol = nl != NULL ? (size_t)(nl - p) : n;
	/* The first line alone: a JSON Lines record (valid or not) when it holds one value. */
	v = json_loadb(p + i, eol - i, 0, &e);
	if (v != NULL) {
		json_decref(v);
		return false;
	}
	v = json_loadb(p + i, n - i, JSON_DISABLE_EOF_CHECK, &e);
	if (v == NULL)
		/* Cut off by the end of what was seen while still inside the value: a value
		 * longer than the sniffed bytes, pretty-printed (its first line did not end it). */
		return !whole && nl != NULL && json_error_code(&e) == json_error_premature_end_of_input;
	json_decref(v);
	j = i + (size_t)e.position;
	if (j > eol)
		doc = true; /* it runs past the first line */
	else {
		/* Ends on the first line: another value must follow on it. */
		j = doc_skip_ws(p, j, eol);
		doc = j < eol && (p[j] == '{' || p[j] == '[');
	}
	return doc;
}

struct doc_path *
doc_path_new(const char *path, char *why, size_t why_size)
{
	struct doc_path *dp = xcalloc(1, sizeof(*dp));
	const char *s = path, *e;

	if (*s == '\0') {
		snprintf(why, why_size, "is empty");
		goto fail;
	}
	if (strncmp(s, "[]", 2) == 0) {
		dp->part[dp->n++] = (struct doc_part){NULL, true};
		s += 2;
		if (*s == '.')
			s++;
		else if (*s != '\0') {
			snprintf(why, why_size, "needs a '.' after the leading [] (column %zu)",
			    (size_t)(s - path) + 1);
			goto fail;
		}
		if (*s == '\0' && s[-1] == '.') {
			snprintf(why, why_size, "ends with '.'");
			goto fail;
		}
	}
	while (*s != '\0') {
		struct doc_part *pt;

		for (e = s; *e != '\0' && *e != '.' && *e != '['; e++)
			;
		if (e == s) {
			snprintf(why, why_size, "has an empty part at column %zu",
			    (size_t)(s - path) + 1);
			goto fail;
		}
		if (dp->n == DOC_MAX_PARTS) {
			snprintf(why, why_size, "has more than %d parts", DOC_MAX_PARTS);
			goto fail;
		}
		pt = &dp->part[dp->n++];
		pt->key = xstrndup(s, (size_t)(e - s));
		if (*e == '[') {
			if (strncmp(e, "[]", 2) != 0) {
				snprintf(why, why_size, "has '[' without ']' at column %zu (only [] "
				    "steps into arrays; an element by number is a part: a.0)",
				    (size_t)(e - path) + 1);
				goto fail;
			}
			pt->each = true;
			e += 2;
		}
		if (*e == '.') {
			e++;
			if (*e == '\0') {
				snprintf(why, why_size, "ends with '.'");
				goto fail;
			}
		} else if (*e != '\0') {
			snprintf(why, why_size, "needs a '.' at column %zu", (size_t)(e - path) + 1);
			goto fail;
		}
		s = e;
	}
	return dp;
fail:
	doc_path_free(dp);
	return NULL;
}

void
doc_path_free(struct doc_path *dp)
{
	if (dp == NULL)
		return;
	for (size_t i = 0; i < dp->n; i++)
		free(dp->part[i].key);
	free(dp);
}

/* One document read: where the records go, and how. */
struct doc_run {
	const struct doc_path *path;
	struct jqf *jq;
	const struct doc_out *out;
	uint64_t line;  /* the line the current value starts on */
	long found;     /* records from the current value */
	long bad;       /* values jq failed on */
	bool stop;
	struct doc_tree *keep; /* doc_tree_new: the values and the JSON error go here */
};

struct doc_tree {
	struct doc_tree_value {
		json_t *v;
		uint64_t line;   /* the line it starts on */
	} *val;
	size_t n, cap;
	bool array;          /* one of them is a top-level array */
	bool bad;            /* a JSON error ended the document: at bad_line, err */
	uint64_t bad_line;
	json_error_t err;
	uint64_t lines;      /* doc_read's answer */
	const struct doc_out *each; /* doc_tree_new's each, or NULL */
};

/* One JSON value at the start of p[0, n) (more may follow): json_loadb's answer, with e's
 * position the bytes it took. An integer past what jansson's integers hold (a 64-bit id in
 * a Chrome trace) makes it read the value again with every integer as a real, as the
 * record parser does. */
static json_t *
doc_load(const char *p, size_t n, json_error_t *e)
{
	size_t flags = JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY | JSON_REJECT_DUPLICATES;
	json_t *v = json_loadb(p, n, flags, e);

	if (v == NULL && json_error_code(e) == json_error_numeric_overflow)
		v = json_loadb(p, n, flags | JSON_DECODE_INT_AS_REAL, e);
	return v;
}

/* A record's text to the caller. */
static bool
doc_emit_text(void *ctx, const char *text, size_t len)
{
	struct doc_run *d = ctx;

	d->found++;
	if (d->out->rec(d->out->ctx, text, len, d->line))
		d->stop = true;
	return d->stop;
}

/* A record's value to the caller, as compact JSON (reals with 17 digits: exact); with
 * jq, each of the filter's results on it instead (a failure: the value is malformed). */
static void
doc_emit(struct doc_run *d, const json_t *v)
{
	char *text, why[512];

	if (d->stop)
		return;
	if (d->jq != NULL) {
		if (jqf_run(d->jq, v, doc_emit_text, d, why, sizeof(why)) < 0) {
			d->bad++;
			if (!d->stop && d->out->bad(d->out->ctx, d->line, why))
				d->stop = true;
		}
		return;
	}
	text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (text == NULL)
		xalloc_die();
	doc_emit_text(d, text, strlen(text));
	free(text);
}

/* The records under v from part i of the path on. */
static void
doc_walk(struct doc_run *d, const json_t *v, size_t i)
{
	const struct doc_part *pt;
	const json_t *m;
	size_t k;

	if (d->stop)
		return;
	if (d->path == NULL || i == d->path->n) {
		doc_emit(d, v);
		return;
	}
	pt = &d->path->part[i];
	if (pt->key != NULL) {
		if (json_is_object(v))
			v = json_object_get(v, pt->key);
		else if (json_is_array(v) && pt->key[0] >= '0' && pt->key[0] <= '9' &&
		    strspn(pt->key, "0123456789") == strlen(pt->key) && strlen(pt->key) < 10)
			v = json_array_get(v, (size_t)strtoul(pt->key, NULL, 10));
		else
			v = NULL;
		if (v == NULL)
			return;
	}
	if (!pt->each) {
		doc_walk(d, v, i + 1);
		return;
	}
	if (!json_is_array(v))
		return;
	json_array_foreach(v, k, m)
		doc_walk(d, m, i + 1);
}

/* One value v starting at line `line`: its records (the path's, each through jq when
 * given; or jq's on the whole value). */
static void
doc_value(struct doc_run *d, const json_t *v, uint64_t line)
{
	long bad = d->bad;

	d->line = line;
	d->found = 0;
	doc_walk(d, v, 0);
	if (d->found == 0 && d->bad == bad && !d->stop)
		d->out->none(d->out->ctx, line);
}

/* "not valid JSON: REASON" at the line of the error, for the value that starts on line
 * `line`. Returns true to stop. */
static bool
doc_bad_json(struct doc_run *d, uint64_t line, const json_error_t *e)
{
	char why[512];
	uint64_t at = line;
	/* jansson quotes the input near the error: keep control bytes off the terminal. */
	char *text;
	bool stop;

	if (d->keep != NULL) {
		/* Building a tree: kept, to be told by doc_tree_read after the values. */
		d->keep->bad = true;
		d->keep->bad_line = line;
		d->keep->err = *e;
		return true;
	}
	text = utf8_escape_cut(e->text, strnlen(e->text, sizeof(e->text)), 120);
	if (e->line > 0)
		at = line + (uint64_t)e->line - 1;
	snprintf(why, sizeof(why), "not valid JSON: %s (the rest of the document is not read)",
	    text);
	free(text);
	stop = d->out->bad(d->out->ctx, at, why);
	return stop;
}

/* The end of the JSON value that starts at p[i] (i < n, not white space), found by its
 * brackets and strings alone (the record parser validates what is between): the index
 * just past it. *whole is false when the input ends inside it (a bracket or a string still
 * open). */
static size_t
doc_value_end(const char *p, size_t i, size_t n, bool *whole)
{
	size_t depth = 0;

	*whole = true;
	for (; i < n; i++) {
		char c = p[i];

		if (c == '"') {
			for (i++; i < n && p[i] != '"'; i++)
				if (p[i] == '\\')
					i++;
			if (i >= n) {
				*whole = false; /* a string still open */
				return n;
			}
			if (depth == 0)
				return i + 1;
		} else if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']') {
			if (depth == 0)
				return i; /* a scalar, ended by the array's ']' */
			if (--depth == 0)
				return i + 1;
		} else if (depth == 0 && (c == ',' || doc_ws(c)))
			return i;
	}
	*whole = depth == 0;
	return n;
}

/* A top-level array at p[*i] == '[': its elements one by one; with all, into it (a new
 * array) instead of out as records; with raw, each element's own text is a record. Returns
 * false after a JSON error (reported) or a stop. */
static bool
doc_array(struct doc_run *d, const char *p, size_t n, size_t *i, uint64_t *line,
    json_t *all, bool raw)
{
	size_t at = *i + 1, q;
	json_error_t e;
	json_t *v;
	bool any = false;

	for (;;) {
		q = doc_skip_ws(p, at, n);
		*line += lr_count_lf(p + at, q - at);
		at = q;
		if (at == n || p[at] == ']') {
			if (at < n)
				at++;
			break;
		}
		if (any) {
			if (p[at] != ',') {
				snprintf(e.text, sizeof(e.text), "',' or ']' expected near '%c'", p[at]);
				e.line = 1;
				doc_bad_json(d, *line, &e);
				return false;
			}
			q = doc_skip_ws(p, at + 1, n);
			*line += lr_count_lf(p + at, q - at);
			at = q;
			if (at == n)
				break; /* "[{...}," : a trace cut short */
		}
		if (raw) {
			/* Each element is a record: its own text goes to the record parser (on
			 * the fast path) as a line's would, not through a tree and back. */
			bool whole;
			size_t end = doc_value_end(p, at, n, &whole);

			if (whole && end > at) { /* not a stray '}' or ']': jansson says what */
				d->line = *line;
				any = true;
				if (d->out->rec(d->out->ctx, p + at, end - at, *line))
					return false;
				*line += lr_count_lf(p + at, end - at);
				at = end;
				continue;
			}
		}
		v = doc_load(p + at, n - at, &e);
		if (v == NULL) {
			doc_bad_json(d, *line, &e);
			return false;
		}
		any = true;
		if (all != NULL)
			json_array_append_new(all, v);
		else {
			long bad = d->bad;

			d->line = *line;
			d->found = 0;
			doc_walk(d, v, 1);
			if (d->found == 0 && d->bad == bad && !d->stop)
				d->out->none(d->out->ctx, *line);
			json_decref(v);
			if (d->stop)
				return false;
		}
		q = at + (size_t)e.position;
		*line += lr_count_lf(p + at, q - at);
		at = q;
	}
	*i = at;
	return true;
}

uint64_t
doc_read(const char *buf, size_t n, const struct doc_path *path, struct jqf *jq,
    const struct doc_out *out)
{
	struct doc_run d = {.path = path, .jq = jq, .out = out};
	uint64_t line = 1, lines;
	size_t i = 0, q;
	json_error_t e;
	json_t *v;

	lines = lr_count_lf(buf, n) + (n > 0 && buf[n - 1] != '\n');
	for (;;) {
		q = doc_skip_ws(buf, i, n);
		line += lr_count_lf(buf + i, q - i);
		i = q;
		if (i == n || d.stop)
			break;
		if (buf[i] == '[' && (path == NULL ? jq == NULL : path->part[0].key == NULL)) {
			/* Element by element: each one a record, or the rest of the path's root. */
			struct doc_path rest;

			if (path == NULL) {
				/* Records are the elements themselves: a path of one leading "[]". */
				memset(&rest, 0, sizeof(rest));
				rest.n = 1;
				rest.part[0].each = true;
				d.path = &rest;
			}
			if (!doc_array(&d, buf, n, &i, &line, NULL, path == NULL))
				break;
			d.path = path;
			continue;
		}
		if (buf[i] == '[') {
			/* The whole array as one value (jq, or a path that names keys first). */
			json_t *all = json_array();
			uint64_t start = line;

			if (all == NULL)
				xalloc_die();
			if (!doc_array(&d, buf, n, &i, &line, all, false)) {
				json_decref(all);
				break;
			}
			doc_value(&d, all, start);
			json_decref(all);
			continue;
		}
		v = doc_load(buf + i, n - i, &e);
		if (v == NULL) {
			doc_bad_json(&d, line, &e);
			break;
		}
		doc_value(&d, v, line);
		json_decref(v);
		q = i + (size_t)e.position;
		line += lr_count_lf(buf + i, q - i);
		i = q;
	}
	return lines;
}

/* Value v (taken), starting at line `line`, into tree t; until the first top-level array,
 * each value goes to t->each too, as doc_read without a path or jq sends it. Returns true
 * when t->each says stop. */
static bool
doc_tree_add(struct doc_tree *t, json_t *v, uint64_t line, bool array)
{
	struct doc_run d = {.out = t->each};

	if (t->n == t->cap) {
		t->cap = t->cap == 0 ? 8 : 2 * t->cap;
		t->val = xreallocarray(t->val, t->cap, sizeof(*t->val));
	}
	t->val[t->n++] = (struct doc_tree_value){v, line};
	if (array || t->array || t->each == NULL)
		return false; /* from the first array on, each is told nothing more */
	doc_value(&d, v, line);
	return d.stop;
}

struct doc_tree *
doc_tree_new(const char *buf, size_t n, const struct doc_out *each)
{
	struct doc_tree *t = xcalloc(1, sizeof(*t));
	struct doc_run d = {.keep = t};
	uint64_t line = 1;
	size_t i = 0, q;
	json_error_t e;
	json_t *v;

	t->each = each;
	t->lines = lr_count_lf(buf, n) + (n > 0 && buf[n - 1] != '\n');
	for (;;) {
		q = doc_skip_ws(buf, i, n);
		line += lr_count_lf(buf + i, q - i);
		i = q;
		if (i == n)
			break;
		if (buf[i] == '[') {
			/* Gathered into one array value, as doc_read does for jq. */
			uint64_t start = line;

			t->array = true; /* even one cut short: doc_read reads its elements */
			if ((v = json_array()) == NULL)
				xalloc_die();
			if (!doc_array(&d, buf, n, &i, &line, v, false)) {
				json_decref(v);
				break;
			}
			if (doc_tree_add(t, v, start, true))
				goto stop;
			continue;
		}
		if ((v = doc_load(buf + i, n - i, &e)) == NULL) {
			doc_bad_json(&d, line, &e);
			break;
		}
		if (doc_tree_add(t, v, line, false))
			goto stop;
		q = i + (size_t)e.position;
		line += lr_count_lf(buf + i, q - i);
		i = q;
	}
	if (t->bad && each != NULL && !t->array) {
		/* The error ends what each is sent, as it ends doc_read. */
		struct doc_run r = {.out = each};

		doc_bad_json(&r, t->bad_line, &t->err);
	}
	t->each = NULL;
	return t;
stop:
	doc_tree_free(t);
	return NULL;
}

void
doc_tree_free(struct doc_tree *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++)
		json_decref(t->val[i].v);
	free(t->val);
	free(t);
}

size_t
doc_tree_count(const struct doc_tree *t)
{
	return t->n;
}

bool
doc_tree_reads(const struct doc_tree *t, const struct doc_path *path, bool jq)
{
	if (!t->array)
		return true;
	return path == NULL ? jq : path->part[0].key != NULL;
}

uint64_t
doc_tree_read(const struct doc_tree *t, const struct doc_path *path, struct jqf *jq,
    const struct doc_out *out)
{
	struct doc_run d = {.path = path, .jq = jq, .out = out};

	for (size_t i = 0; i < t->n && !d.stop; i++)
		doc_value(&d, t->val[i].v, t->val[i].line);
	if (t->bad && !d.stop)
		doc_bad_json(&d, t->bad_line, &t->err);
	return t->lines;
}
