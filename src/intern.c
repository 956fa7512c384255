/* intern.c - open-addressing hash table of strings with dense ids. */
#include "intern.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "xalloc.h"

/* Load 8 (or 4) bytes at p, in any alignment. */
static inline uint64_t
intern_load8(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

/* Load 4 bytes at p, in any alignment. */
static inline uint32_t
intern_load4(const char *p)
{
	uint32_t w;

	memcpy(&w, p, 4);
	return w;
}

/* A hash of the bytes: strings up to 16 bytes (operation names, session ids) are read as
 * two overlapping words that together cover every byte (the first and last 8, or 4, or
 * the first, middle and last byte), longer ones eight at a time with a last word that
 * overlaps the one before. Each word is mixed in by a multiply and a rotate; the length
 * and a final avalanche (xor-shift-multiply) spread every input bit over the result. No
 * loop and no variable-length copy for short strings. Only this table sees the values;
 * ids do not depend on them. */
static inline uint64_t
intern_hash(const char *s, size_t len)
{
	const uint64_t k = UINT64_C(0x9e3779b97f4a7c15);
	uint64_t h = (uint64_t)len * k, a, b;

	if (len >= 8) {
		for (size_t i = 0; len - i > 16; i += 8) {
			h = (h ^ intern_load8(s + i)) * k;
			h = (h << 29) | (h >> 35);
		}
		a = intern_load8(s + (len > 16 ? len - 16 : 0));
		b = intern_load8(s + len - 8);
	} else if (len >= 4) {
		a = intern_load4(s);
		b = intern_load4(s + len - 4);
	} else if (len > 0) {
		a = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[len / 2] << 8 |
		    (uint64_t)(unsigned char)s[len - 1] << 16;
		b = 0;
	} else
		a = b = 0;
	h = (h ^ a) * k;
	h = (h << 29) | (h >> 35);
	h = (h ^ b) * k;
	h ^= h >> 32;
	h *= UINT64_C(0xd6e8feb86659fd93);
	h ^= h >> 32;
	return h;
}

/* Whether the len bytes at x and y are equal, word by word without a call: short strings
 * by the same overlapping loads as intern_hash, longer ones eight bytes at a time with a
 * last word that overlaps the one before. */
static inline bool
intern_eq(const char *x, const char *y, size_t len)
{
	if (len > 16) {
		for (size_t i = 0; i < len - 8; i += 8)
			if (intern_load8(x + i) != intern_load8(y + i))
				return false;
		return intern_load8(x + len - 8) == intern_load8(y + len - 8);
	}
	if (len >= 8)
		return intern_load8(x) == intern_load8(y) &&
		    intern_load8(x + len - 8) == intern_load8(y + len - 8);
	if (len >= 4)
		return intern_load4(x) == intern_load4(y) &&
		    intern_load4(x + len - 4) == intern_load4(y + len - 4);
	for (size_t i = 0; i < len; i++)
		if (x[i] != y[i])
			return false;
	return true;
}

/* A slot: the high 32 bits of the hash above the id + 1 (0 = empty), so most probes
 * that miss are settled in the slot array alone. */
static inline uint64_t
intern_slot(uint64_t h, size_t id)
{
	return (h & UINT64_C(0xffffffff00000000)) | (uint64_t)(id + 1);
}

void
intern_init(struct intern *t)
{
	memset(t, 0, sizeof(*t));
	t->n_slots = 64;
	t->slots = xcalloc(t->n_slots, sizeof(*t->slots));
}

void
intern_free(struct intern *t)
{
	for (size_t i = 0; i < t->count; i++)
		free(t->strs[i]);
	free(t->strs);
	free(t->lens);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* The slot of s[0..len) (hash h): where it is, *found true, or the empty slot where it
 * would go. */
static inline size_t
intern_probe(const struct intern *t, const char *s, size_t len, uint64_t h, bool *found)
{
	size_t mask = t->n_slots - 1, i = (size_t)h & mask;
	uint64_t tag = h & UINT64_C(0xffffffff00000000);

	for (;;) {
		uint64_t v = t->slots[i];
		if (v == 0) {
			*found = false;
			return i;
		}
		if ((v & UINT64_C(0xffffffff00000000)) == tag) {
			uint32_t id = (uint32_t)v - 1;
			if (t->lens[id] == len && intern_eq(t->strs[id], s, len)) {
				*found = true;
				return i;
			}
		}
		i = (i + 1) & mask;
	}
}

/* Double the slot array and put every id back, from the hash of its text. */
static void
intern_rehash(struct intern *t)
{
	size_t n = t->n_slots * 2, mask = n - 1;
	uint64_t *slots = xcalloc(n, sizeof(*slots));

	for (size_t id = 0; id < t->count; id++) {
		uint64_t h = intern_hash(t->strs[id], t->lens[id]);
		size_t i = (size_t)h & mask;
		while (slots[i] != 0)
			i = (i + 1) & mask;
		slots[i] = intern_slot(h, id);
	}
	free(t->slots);
	t->slots = slots;
	t->n_slots = n;
}

/* intern_get's new string: copied in as id count at slot i (hash h); the table grows
 * when half full. Kept out of intern_get's line, which then needs few registers. */
static PR_COLD uint32_t
intern_add(struct intern *t, const char *s, size_t len, uint64_t h, size_t i)
{
	if (t->count >= UINT32_MAX - 1)
		diag_fatal("too many distinct names (more than 4294967294)");
	if (t->count == t->cap) {
		size_t cap = t->cap;
		xgrow(&t->strs, &cap, t->count + 1, sizeof(*t->strs));
		cap = t->cap;
		xgrow(&t->lens, &cap, t->count + 1, sizeof(*t->lens));
		t->cap = cap;
	}
	t->strs[t->count] = xstrndup(s, len);
	t->lens[t->count] = len;
	t->slots[i] = intern_slot(h, t->count);
	t->count++;
	if (t->count * 2 > t->n_slots)
		intern_rehash(t);
	return (uint32_t)t->count - 1;
}

uint32_t
intern_get(struct intern *t, const char *s, size_t len)
{
	uint64_t h = intern_hash(s, len);
	bool found;
	size_t i = intern_probe(t, s, len, h, &found);

	if (found)
		return (uint32_t)t->slots[i] - 1;
	return intern_add(t, s, len, h, i);
}

int64_t
intern_find(const struct intern *t, const char *s, size_t len)
{
	bool found;
	size_t i = intern_probe(t, s, len, intern_hash(s, len), &found);

	return found ? (int64_t)(uint32_t)t->slots[i] - 1 : -1;
}
