/* pool.c - starting and joining threads; a parallel for over indices. */
#include "pool.h"

#include <unistd.h>

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "xalloc.h"

void
pool_start(struct pool *p, size_t n, void *(*fn)(void *), void *args, size_t size)
{
	p->th = xcalloc(n, sizeof(*p->th));
	p->n = 0;
	for (size_t i = 0; i < n; i++) {
		int rc = pthread_create(&p->th[i], NULL, fn, (char *)args + i * size);

		if (rc != 0)
			diag_fatal("cannot start a thread: %s", strerror(rc));
		p->n++;
	}
}

void
pool_join(struct pool *p)
{
	for (size_t i = 0; i < p->n; i++)
		pthread_join(p->th[i], NULL);
	free(p->th);
	p->th = NULL;
	p->n = 0;
}

/* What pool_for's threads share: the next index to take. */
struct pool_for_job {
	pthread_mutex_t mu;
	size_t n, next;
	void (*fn)(void *ctx, size_t i);
	void *ctx;
};

static void *
pool_for_main(void *arg)
{
	struct pool_for_job *job = *(struct pool_for_job **)arg;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&job->mu);
		i = job->next < job->n ? job->next++ : job->n;
		pthread_mutex_unlock(&job->mu);
		if (i == job->n)
			return NULL;
		job->fn(job->ctx, i);
	}
}

void
pool_for(size_t n, size_t n_threads, void (*fn)(void *ctx, size_t i), void *ctx)
{
	struct pool_for_job job = {.n = n, .fn = fn, .ctx = ctx};
	struct pool_for_job **args;
	struct pool p;

	if (n_threads > n)
		n_threads = n;
	if (n_threads <= 1) {
		for (size_t i = 0; i < n; i++)
			fn(ctx, i);
		return;
	}
	pthread_mutex_init(&job.mu, NULL);
	args = xcalloc(n_threads, sizeof(*args));
	for (size_t i = 0; i < n_threads; i++)
		args[i] = &job;
	pool_start(&p, n_threads - 1, pool_for_main, args + 1, sizeof(*args));
	pool_for_main(args);
	pool_join(&p);
	free(args);
	pthread_mutex_destroy(&job.mu);
}

size_t
pool_threads(long jobs)
{
	long n;

	if (jobs > 0)
		return (size_t)jobs;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (size_t)n : 1;
}
