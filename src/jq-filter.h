/* jq-filter.h - --jq FILTER through libjq (SPEC section 16, Documents): a filter compiled
 * once, run on each JSON value of a document (a jansson value, converted), each of its
 * results handed on as compact JSON text. libjq's state (jq_state) is not safe to share
 * between threads: one struct jqf belongs to one thread (documents are read by one). */
#ifndef PR_JQ_FILTER_H
#define PR_JQ_FILTER_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

struct jqf;

/* Compile filter. Returns NULL with *err set (heap) to jq's own message(s) on one line,
 * e.g. "syntax error, unexpected INVALID_CHARACTER (Unix shell quoting issues?) at
 * <top-level>, line 1". */
struct jqf *jqf_new(const char *filter, char **err);
void jqf_free(struct jqf *q);

/* Run q on the jansson value in (a json_t *, not taken). Each result goes to
 * emit(ctx, text, len) as compact JSON (jq's own printing: numbers in their shortest form
 * that reads back exactly); emit returns true to stop. Returns the number of results, or
 * -1 with the filter's runtime error in why[why_size] ("jq: error: Cannot iterate over
 * null") after the results before it. */
long jqf_run(struct jqf *q, const void *in, bool (*emit)(void *ctx, const char *text,
    size_t len), void *ctx, char *why, size_t why_size);

#endif
