/* gate-json.c - what the gate's two JSON files (a targets file, a saved report) share:
 * reading the file whole, parsing with duplicate keys rejected, JSON paths for messages,
 * percentile column names, lists for messages. Nothing here prints. */
#include "gate-json.h"

#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "numfmt.h"
#include "utf8.h"
#include "xalloc.h"

/* Strict decimal "N" or "N.N" (digits only) as the percentile of a pN_ms name. */
bool
gate_json_pct_name(const char *s, double *pct)
{
	const char *p = s + 1, *end;
	size_t digits = 0;
	char *num, *stop;
	double v;

	if (strlen(s) < 5 || s[0] != 'p')
		return false;
	end = s + strlen(s) - 3;
	if (strcmp(end, "_ms") != 0)
		return false;
	for (; p < end && *p >= '0' && *p <= '9'; p++)
		digits++;
	if (digits == 0)
		return false;
	if (p < end && *p == '.') {
		digits = 0;
		for (p++; p < end && *p >= '0' && *p <= '9'; p++)
			digits++;
		if (digits == 0)
			return false;
	}
	if (p != end)
		return false;
	num = xstrndup(s + 1, (size_t)(end - s - 1));
	v = strtod(num, &stop);
	free(num);
	if (!(v > 0 && v < 100))
		return false;
	*pct = v;
	return true;
}

/* True when key is a percentile name written as perf-reporter writes the column. */
bool
gate_json_pct_column(const char *key, double *pct)
{
	char buf[NUMFMT_BUFSZ], want[NUMFMT_BUFSZ + 8];

	if (!gate_json_pct_name(key, pct))
		return false;
	numfmt_shortest(*pct, buf);
	snprintf(want, sizeof(want), "p%s_ms", buf);
	return strcmp(key, want) == 0;
}

/* True when key can follow a '.' in a JSON path as it is: a word of letters, digits and
 * '_' not starting with a digit, or a percentile metric name such as "p99.9_ms". */
static bool
gate_json_plain_key(const char *key)
{
	const char *p = key;
	double pct;

	if (gate_json_pct_name(key, &pct))
		return true;
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_'))
		return false;
	for (p++; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
		    (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

/* parent.key, or parent["key"] when key is not a plain word (quotes escaped, control
 * characters and invalid UTF-8 shown as \n, \xHH, long keys cut). The caller frees. */
char *
gate_json_path_key(const char *parent, const char *key)
{
	char *clean, *esc, *out;
	size_t n, i, o = 0;

	if (gate_json_plain_key(key))
		return xasprintf("%s.%s", parent, key);
	clean = utf8_escape_cut(key, strlen(key), GATE_JSON_QUOTE_MAX);
	n = strlen(clean);
	esc = xmalloc(2 * n + 1);
	for (i = 0; i < n; i++) {
		if (clean[i] == '"')
			esc[o++] = '\\';
		esc[o++] = clean[i];
	}
	esc[o] = '\0';
	out = xasprintf("%s[\"%s\"]", parent, esc);
	free(esc);
	free(clean);
	return out;
}

/* The whole of file, or NULL and *err. what names the option in the message. */
char *
gate_json_read(const char *file, const char *what, size_t *len, char **err)
{
	FILE *fp = fopen(file, "r");
	struct stat sb;
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (fp == NULL) {
		*err = xasprintf("%s: cannot read the %s: %s", file, what, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(fp);
		*err = xasprintf("%s: is a directory, not the %s", file, what);
		return NULL;
	}
	for (;;) {
		xgrow(&buf, &cap, n + 4096, 1);
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		*err = xasprintf("%s: cannot read the %s: %s", file, what, strerror(errno));
		fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	*len = n;
	return buf;
}

/* Parse text as JSON, rejecting duplicate keys; NULL and *err on a syntax error, with
 * hint (may be "") after the parser's words. */
struct json_t *
gate_json_parse(const char *text, size_t len, const char *name, const char *hint,
    char **err)
{
	json_error_t e;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);

	if (root == NULL)
		*err = xasprintf("%s:%d:%d: not valid JSON: %s%s", name, e.line, e.column, e.text,
		    hint);
	return root;
}

/* True when v is a JSON number that is finite and not negative. */
bool
gate_json_nonneg(const struct json_t *v)
{
	return json_is_number(v) && isfinite(json_number_value(v)) &&
	    json_number_value(v) >= 0;
}

/* --by keys joined by commas ("operation_type" for none), for messages (heap). */
char *
gate_json_keys_text(char *const *keys, size_t n)
{
	char *out = xstrdup(n == 0 ? "operation_type" : ""), *t;

	for (size_t k = 0; k < n; k++) {
		t = xasprintf("%s%s%s", out, k > 0 ? "," : "", keys[k]);
		free(out);
		out = t;
	}
	return out;
}

/* "50, 95, 99": a percentile list for messages. The caller frees. */
char *
gate_json_pct_list(const double *pcts, size_t n, const char *sep)
{
	char *out = xstrdup(""), *next, buf[NUMFMT_BUFSZ];

	for (size_t i = 0; i < n; i++) {
		numfmt_shortest(pcts[i], buf);
		next = xasprintf("%s%s%s", out, i > 0 ? sep : "", buf);
		free(out);
		out = next;
	}
	return out;
}
