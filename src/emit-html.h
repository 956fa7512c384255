/* emit-html.h - the HTML emitter (emit-html.c): private to emit.c and the tests. */
#ifndef PR_EMIT_HTML_H
#define PR_EMIT_HTML_H

#include "emit-kit.h"

int emit_html(const struct report *r, const struct emit_opts *eo, FILE *out);

#endif
