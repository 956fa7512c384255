/* intern.h - string interning: each distinct byte string gets a dense id (0, 1, 2, ...).
 * Strings are copied into the table's own storage and live until intern_free. */
#ifndef PR_INTERN_H
#define PR_INTERN_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

struct intern {
	uint64_t *slots;   /* open addressing: hash's high 32 bits << 32 | id + 1, 0 = empty */
	size_t n_slots;    /* power of two */
	char **strs;       /* id -> NUL-terminated copy */
	size_t *lens;
	size_t count, cap;
};

void intern_init(struct intern *t);
void intern_free(struct intern *t);
/* Id of s[0..len), adding it when new. */
uint32_t intern_get(struct intern *t, const char *s, size_t len);
/* Id of s[0..len), or -1 when absent (never adds). */
int64_t intern_find(const struct intern *t, const char *s, size_t len);
static inline const char *
intern_str(const struct intern *t, uint32_t id)
{
	return t->strs[id];
}
static inline size_t
intern_len(const struct intern *t, uint32_t id)
{
	return t->lens[id];
}

#endif
