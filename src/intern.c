/* intern.c - open-addressing hash table of strings with dense ids. */
#include "intern.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "xalloc.h"

/* A hash of the bytes read eight at a time: each word is mixed in by a multiply and a
 * rotate, the length and a final avalanche (xor-shift-multiply) spread every input bit
 * over the result. Only this table sees the values; ids do not depend on them. */
static uint64_t
intern_hash(const char *s, size_t len)
{
	const uint64_t k = UINT64_C(0x9e3779b97f4a7c15);
	uint64_t h = (uint64_t)len * k, w;
	size_t i = 0;

	for (; len - i >= 8; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * k;
		h = (h << 29) | (h >> 35);
	}
	if (i < len) {
		w = 0;
		memcpy(&w, s + i, len - i);
		h = (h ^ w) * k;
	}
	h ^= h >> 32;
	h *= UINT64_C(0xd6e8feb86659fd93);
	h ^= h >> 32;
	return h;
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
	free(t->hashes);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

static size_t
intern_probe(const struct intern *t, const char *s, size_t len, uint64_t h, bool *found)
{
	size_t mask = t->n_slots - 1, i = (size_t)h & mask;

	for (;;) {
		uint32_t v = t->slots[i];
		if (v == 0) {
			*found = false;
			return i;
		}
		v--;
		if (t->hashes[v] == h && t->lens[v] == len && memcmp(t->strs[v], s, len) == 0) {
			*found = true;
			return i;
		}
		i = (i + 1) & mask;
	}
}

static void
intern_rehash(struct intern *t)
{
	size_t n = t->n_slots * 2, mask = n - 1;
	uint32_t *slots = xcalloc(n, sizeof(*slots));

	for (size_t id = 0; id < t->count; id++) {
		size_t i = (size_t)t->hashes[id] & mask;
		while (slots[i] != 0)
			i = (i + 1) & mask;
		slots[i] = (uint32_t)id + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->n_slots = n;
}

uint32_t
intern_get(struct intern *t, const char *s, size_t len)
{
	uint64_t h = intern_hash(s, len);
	bool found;
	size_t i = intern_probe(t, s, len, h, &found);

	if (found)
		return t->slots[i] - 1;
	if (t->count >= UINT32_MAX - 1)
		diag_fatal("too many distinct names (more than 4294967294)");
	if (t->count == t->cap) {
		size_t cap = t->cap;
		xgrow(&t->strs, &cap, t->count + 1, sizeof(*t->strs));
		cap = t->cap;
		xgrow(&t->lens, &cap, t->count + 1, sizeof(*t->lens));
		cap = t->cap;
		xgrow(&t->hashes, &cap, t->count + 1, sizeof(*t->hashes));
		t->cap = cap;
	}
	t->strs[t->count] = xstrndup(s, len);
	t->lens[t->count] = len;
	t->hashes[t->count] = h;
	t->slots[i] = (uint32_t)t->count + 1;
	t->count++;
	if (t->count * 2 > t->n_slots)
		intern_rehash(t);
	return (uint32_t)t->count - 1;
}

int64_t
intern_find(const struct intern *t, const char *s, size_t len)
{
	bool found;
	size_t i = intern_probe(t, s, len, intern_hash(s, len), &found);

	return found ? (int64_t)t->slots[i] - 1 : -1;
}
