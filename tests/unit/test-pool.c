/* test-pool.c - pool_for calls every index exactly once, on any number of threads, and
 * returns only when every call has; pool_start gives thread i its own argument. */
#include <criterion/criterion.h>

#include <stdatomic.h>
#include <stdlib.h>

#include "pool.h"

struct count_ctx {
	atomic_uint *hits;
	atomic_uint calls;
};

static void
count_one(void *ctx, size_t i)
{
	struct count_ctx *c = ctx;

	atomic_fetch_add(&c->hits[i], 1);
	atomic_fetch_add(&c->calls, 1);
}

static void
check_for(size_t n, size_t n_threads)
{
	struct count_ctx c;

	c.hits = calloc(n + 1, sizeof(*c.hits));
	atomic_init(&c.calls, 0);
	pool_for(n, n_threads, count_one, &c);
	cr_assert_eq(atomic_load(&c.calls), n, "n %zu threads %zu", n, n_threads);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(atomic_load(&c.hits[i]), 1, "index %zu of %zu, %zu threads", i, n,
		    n_threads);
	free(c.hits);
}

Test(pool, for_calls_every_index_once)
{
	static const size_t ns[] = {0, 1, 2, 3, 7, 100, 1000};
	static const size_t threads[] = {0, 1, 2, 3, 8, 64};

	for (size_t a = 0; a < sizeof(ns) / sizeof(ns[0]); a++)
		for (size_t b = 0; b < sizeof(threads) / sizeof(threads[0]); b++)
			check_for(ns[a], threads[b]);
}

struct arg {
	size_t index;
	size_t seen;
};

static void *
record_index(void *p)
{
	struct arg *a = p;

	a->seen = a->index + 1;
	return NULL;
}

Test(pool, start_gives_each_thread_its_element)
{
	struct arg args[5];
	struct pool p;

	for (size_t i = 0; i < 5; i++)
		args[i] = (struct arg){.index = i, .seen = 0};
	pool_start(&p, 5, record_index, args, sizeof(args[0]));
	cr_assert_eq(p.n, 5);
	pool_join(&p);
	cr_assert_eq(p.n, 0);
	for (size_t i = 0; i < 5; i++)
		cr_assert_eq(args[i].seen, i + 1, "thread %zu", i);
}
