/* emit-json.h - the JSON emitter (emit-json.c): private to emit.c, the export and the
 * tests; the only emitter header that sees jansson. */
#ifndef PR_EMIT_JSON_H
#define PR_EMIT_JSON_H

#include <jansson.h>
#include "emit-kit.h"

struct comparison;

int emit_json(const struct report *r, const struct emit_opts *eo, FILE *out);
int emit_json_compare(const struct comparison *c, const struct emit_opts *eo, FILE *out);

/* Shared by the JSON report and the JSON export: an integral value with |v| < 1e15 becomes a
 * JSON integer (prints "2"), anything else a real (dumped with JSON_REAL_PRECISION(15)). */
json_t *emit_json_number(double v);
/* Shared with the changes emitter: a string from the model (null for NULL; invalid UTF-8,
 * which validated input never yields, repaired with U+FFFD) and a UTC timestamp with
 * milliseconds, as the report writes them. */
json_t *emit_json_text(const char *s);
json_t *emit_json_time(int64_t us);

#endif
