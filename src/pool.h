/* pool.h - the program's threads, started and joined in one place.
 *
 * The one thread-start policy: a thread that cannot be started stops the run
 * ("perf-reporter: cannot start a thread: REASON", status 2). Running on with fewer threads
 * would be possible for pool_for, but not for the threaded scan (its reader waits for
 * workers that never come), and -j N is a request the user can lower. */
#ifndef PR_POOL_H
#define PR_POOL_H

#include <pthread.h>
#include "common.h"

struct pool {
	pthread_t *th;
	size_t n;
};

/* Start n threads; thread i runs fn(args + i * size), args being an array of n elements of
 * size bytes. */
void pool_start(struct pool *p, size_t n, void *(*fn)(void *), void *args, size_t size);
/* Wait for every thread of p and free it. */
void pool_join(struct pool *p);
/* fn(ctx, i) for every i in [0, n), on up to n_threads threads (the calling thread is one of
 * them), each taking the next index not yet taken: in order, index by index. Returns when
 * every call has returned. */
void pool_for(size_t n, size_t n_threads, void (*fn)(void *ctx, size_t i), void *ctx);
/* The threads -j N asks for: N, or with 0 the online processors (at least 1). */
size_t pool_threads(long jobs);

#endif
