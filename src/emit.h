/* emit.h - the emitter table: a report model -> Markdown, CSV, JSON, term or HTML on a
 * stream. An emitter walks the model and writes; it never computes a statistic. Each
 * emitter's own functions are declared in its private header (emit-md.h, emit-csv.h,
 * emit-json.h, ...), for emit.c, the export and the tests; what the emitters share
 * (struct emit_opts, the series helpers) is in emit-kit.h, below all of them. */
#ifndef PR_EMIT_H
#define PR_EMIT_H

#include <stdio.h>
#include "emit-kit.h"

struct emitter {
	enum format format;
	/* Returns 0, or -1 when a write failed (the sink reports it). */
	int (*write)(const struct report *r, const struct emit_opts *eo, FILE *out);
};

/* The emitter for a report format (md, csv, json, term, html), or NULL. */
const struct emitter *emit_find(enum format f);

struct comparison;

/* compare's model (compare.h) in format f (md, csv, json or term): 0, or -1 when a write
 * failed or f is not one compare writes. Each emitter's own compare writer is in its
 * private header. */
int emit_compare(const struct comparison *c, enum format f, const struct emit_opts *eo,
    FILE *out);

#endif
