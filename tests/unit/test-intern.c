/* test-intern.c - string interning: dense ids in order of first sight, one id per distinct
 * byte string (embedded NUL bytes and prefixes included), lookups that never add, copies
 * that outlive the caller's buffer, and a table that grows past many rehashes. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "intern.h"

Test(intern, ids_are_dense_in_order_of_first_sight)
{
	struct intern t;

	intern_init(&t);
	cr_assert_eq(intern_get(&t, "b", 1), 0);
	cr_assert_eq(intern_get(&t, "a", 1), 1);
	cr_assert_eq(intern_get(&t, "b", 1), 0, "seen again: the same id");
	cr_assert_eq(intern_get(&t, "c", 1), 2);
	cr_assert_eq(t.count, 3);
	cr_assert_str_eq(intern_str(&t, 0), "b");
	cr_assert_str_eq(intern_str(&t, 1), "a");
	cr_assert_str_eq(intern_str(&t, 2), "c");
	intern_free(&t);
}

Test(intern, byte_strings_not_c_strings)
{
	struct intern t;
	uint32_t ab, a, anul, empty;

	intern_init(&t);
	ab = intern_get(&t, "ab", 2);
	a = intern_get(&t, "ab", 1); /* a prefix is another string */
	anul = intern_get(&t, "a\0b", 3);
	empty = intern_get(&t, "", 0);
	cr_assert_neq(ab, a);
	cr_assert_neq(a, anul);
	cr_assert_neq(anul, empty);
	cr_assert_neq(ab, empty);
	cr_assert_eq(intern_len(&t, anul), 3);
	cr_assert_eq(memcmp(intern_str(&t, anul), "a\0b", 3), 0);
	cr_assert_eq(intern_str(&t, anul)[3], '\0', "the copy is NUL-terminated");
	cr_assert_eq(intern_len(&t, empty), 0);
	cr_assert_eq(intern_get(&t, "a\0b", 3), anul);
	intern_free(&t);
}

Test(intern, find_never_adds)
{
	struct intern t;

	intern_init(&t);
	cr_assert_eq(intern_find(&t, "x", 1), -1, "empty table");
	intern_get(&t, "x", 1);
	cr_assert_eq(intern_find(&t, "x", 1), 0);
	cr_assert_eq(intern_find(&t, "y", 1), -1);
	cr_assert_eq(intern_find(&t, "xx", 2), -1);
	cr_assert_eq(t.count, 1);
	intern_free(&t);
}

Test(intern, copies_outlive_the_callers_buffer)
{
	struct intern t;
	char buf[16];
	uint32_t id;

	intern_init(&t);
	strcpy(buf, "llm_call");
	id = intern_get(&t, buf, strlen(buf));
	memset(buf, 'z', sizeof(buf));
	cr_assert_str_eq(intern_str(&t, id), "llm_call");
	cr_assert_eq(intern_find(&t, "llm_call", 8), (int64_t)id);
	intern_free(&t);
}

/* 100 000 names: every one keeps its id and text through the table's growth, and names
 * that differ in one byte at any place (the hash reads eight bytes at a time) do not meet. */
Test(intern, many_names_through_growth)
{
	struct intern t;
	char name[64];
	size_t n = 100000;

	intern_init(&t);
	for (size_t i = 0; i < n; i++) {
		int len = snprintf(name, sizeof(name), "op_%zu_%s", i, i % 2 ? "odd" : "even");

		cr_assert_eq(intern_get(&t, name, (size_t)len), i, "name %s", name);
	}
	cr_assert_eq(t.count, n);
	for (size_t i = 0; i < n; i += 997) {
		int len = snprintf(name, sizeof(name), "op_%zu_%s", i, i % 2 ? "odd" : "even");

		cr_assert_eq(intern_find(&t, name, (size_t)len), (int64_t)i);
		cr_assert_str_eq(intern_str(&t, (uint32_t)i), name);
		cr_assert_eq(intern_len(&t, (uint32_t)i), (size_t)len);
	}
	/* Strings of 1 to 40 bytes differing from a base in one byte each. */
	memset(name, 'a', 40);
	for (size_t len = 1; len <= 40; len++) {
		int64_t base = intern_get(&t, name, len);

		for (size_t k = 0; k < len; k++) {
			name[k] = 'b';
			cr_assert_neq(intern_get(&t, name, len), base, "len %zu byte %zu", len, k);
			name[k] = 'a';
		}
	}
	intern_free(&t);
}

Test(intern, free_then_init_is_empty)
{
	struct intern t;

	intern_init(&t);
	intern_get(&t, "a", 1);
	intern_free(&t);
	intern_init(&t);
	cr_assert_eq(t.count, 0);
	cr_assert_eq(intern_find(&t, "a", 1), -1);
	cr_assert_eq(intern_get(&t, "a", 1), 0);
	intern_free(&t);
}
