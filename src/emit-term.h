/* emit-term.h - the terminal emitter (emit-term.c): private to emit.c and the tests. */
#ifndef PR_EMIT_TERM_H
#define PR_EMIT_TERM_H

#include "emit-kit.h"

struct comparison;

int emit_term(const struct report *r, const struct emit_opts *eo, FILE *out);
int emit_term_compare(const struct comparison *c, const struct emit_opts *eo, FILE *out);

#endif
