/* gate-json.h - helpers shared by the readers of the gate's two JSON files, the targets file
 * (gate-targets.h) and the saved report (gate-baseline.h). Every failure comes back as NULL
 * with a heap message in *err naming the file; nothing here prints. Strings returned are the
 * caller's to free. */
#ifndef PR_GATE_JSON_H
#define PR_GATE_JSON_H

#include <stdbool.h>
#include <stddef.h>

/* Quoted text from a file (keys, names) is cut to this many bytes in messages. */
#define GATE_JSON_QUOTE_MAX 64

struct json_t; /* jansson's value (json_t); only the readers include <jansson.h> */

/* The whole of file (*len bytes, not NUL-terminated), or NULL and *err ("FILE: cannot read
 * the WHAT: ...", also for a directory). what names the file's role, e.g. "targets file
 * (--targets)". */
char *gate_json_read(const char *file, const char *what, size_t *len, char **err);

/* text as JSON with duplicate keys rejected; NULL and *err ("NAME:LINE:COLUMN: not valid
 * JSON: ..." then hint, which may be "") on a syntax error. The caller decrefs. */
struct json_t *gate_json_parse(const char *text, size_t len, const char *name,
    const char *hint, char **err);

/* True when v is a finite JSON number that is not negative. */
bool gate_json_nonneg(const struct json_t *v);

/* True when s is "pN_ms" or "pN.N_ms" (decimal digits only) with 0 < N < 100; *pct = N. */
bool gate_json_pct_name(const char *s, double *pct);

/* True when key is exactly the column perf-reporter writes for a percentile: a pct name
 * whose number is in its shortest form ("p99.9_ms", never "p50.0_ms"); *pct = N. */
bool gate_json_pct_column(const char *key, double *pct);

/* parent.key, or parent["key"] when key is not a plain word or a percentile name (quotes
 * escaped, control characters and invalid UTF-8 shown escaped, long keys cut). */
char *gate_json_path_key(const char *parent, const char *key);

/* keys[0..n) joined by commas, "operation_type" for none: --by keys for messages. */
char *gate_json_keys_text(char *const *keys, size_t n);

/* "50, 95, 99": pcts[0..n) in shortest form joined by sep, for messages. */
char *gate_json_pct_list(const double *pcts, size_t n, const char *sep);

#endif
