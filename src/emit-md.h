/* emit-md.h - the Markdown emitter (emit-md.c): private to emit.c and the tests. */
#ifndef PR_EMIT_MD_H
#define PR_EMIT_MD_H

#include "emit-kit.h"

struct comparison;

int emit_md(const struct report *r, const struct emit_opts *eo, FILE *out);
int emit_md_compare(const struct comparison *c, const struct emit_opts *eo, FILE *out);

/* Markdown code span for arbitrary text: backtick fence longer than any backtick run inside,
 * padded with a space when the text starts or ends with a backtick or space; '|' escaped as
 * "\|" so a table cell never breaks; control characters and invalid UTF-8 escaped as \n, \t,
 * \xHH. Caller frees. */
char *md_code_span(const char *s, size_t len);
/* A Mermaid chart label for input text: letters, digits, spaces, U+00A0 and up (no
 * controls, no bidi marks) and "_-.:/+=@()," kept, anything else '_'; at most 32 code
 * points, then "...". Caller frees. */
char *md_chart_label(const char *s);

#endif
