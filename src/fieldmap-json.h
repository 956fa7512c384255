/* fieldmap-json.h - the jansson side of fieldmap.h: a dot path looked up in a parsed value,
 * for record.c's jansson path and the tests. */
#ifndef PR_FIELDMAP_JSON_H
#define PR_FIELDMAP_JSON_H

#include <jansson.h>
#include "fieldmap.h"

/* The value at path p in the JSON value root (borrowed), or NULL when a part is missing or
 * a value on the way is not an object. */
json_t *fm_path_get(json_t *root, const struct fm_path *p);

#endif
