/* record-json.h - the jansson side of record.h, for the JSON export and the tests. */
#ifndef PR_RECORD_JSON_H
#define PR_RECORD_JSON_H

#include <jansson.h>
#include "record.h"

/* The "context" value of the last valid record (borrowed), or NULL when absent. */
json_t *record_context(struct record_parser *p);

#endif
