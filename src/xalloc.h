/* xalloc.h - allocators that never return NULL: on exhaustion or size overflow they
 * print "perf-reporter: out of memory" and exit with status 2. */
#ifndef PR_XALLOC_H
#define PR_XALLOC_H

#include <stddef.h>
#include "common.h"

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* realloc(ptr, nmemb * size) with the multiplication checked for overflow. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Heap-allocated printf; the caller frees. */
char *xasprintf(const char *fmt, ...) PR_PRINTF(1, 2);
/* The one out-of-memory exit: print "perf-reporter: out of memory" and exit with status 2.
 * For allocations made elsewhere (jansson, open_memstream) that failed. */
PR_NORETURN void xalloc_die(void);

/* Grow *ptr (an array of *cap elements of size elem) so that it holds at least need elements. */
void xgrow(void *ptr, size_t *cap, size_t need, size_t elem);

#endif
