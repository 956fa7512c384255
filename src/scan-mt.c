/* scan-mt.c - the threaded scan (scan_inputs_mt): one reading thread hands batches of
 * lines (or chunks of regular files to read) to parsing threads through a bounded queue. */
#include "scan.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "line-reader.h"
#include "pool.h"
#include "scan-int.h"
#include "xalloc.h"

/* Work goes out in batches, numbered in input order: a chunk of a regular file, which the
 * worker reads itself (lr_read_chunk), or a block of lines the reading thread cut from a
 * stream (standard input, gzip). Lines are numbered within their batch until every batch
 * before has said how many lines it held. */
struct scan_mt_batch {
	size_t src;
	uint64_t seq;       /* order in the queue: batches are handed out in this order */
	bool chunk;         /* chunk k of source src, not yet read */
	uint64_t k;
	struct lr_block blk;
	struct scan_mt_batch *next; /* queue / free list link */
};

/* What is known of each batch, by seq. */
struct scan_mt_item {
	size_t src;
	uint64_t n_lines;
	struct scan_src held; /* its records, malformed and filtered lines */
};

struct scan_mt_shared {
	const struct options *o;
	pthread_mutex_t mu;
	pthread_cond_t has_work, has_room;
	struct scan_mt_batch *head, *tail, *free_list;
	size_t queued, max_queued;
	bool done;
	bool stop;              /* --strict: a malformed line was found */
	struct scan_pos stop_at; /* the earliest one so far */
	char *err;              /* the earliest read error, in batch err_seq */
	uint64_t err_seq;
	bool err_chunk;         /* err is the reason a chunk could not be read, without
				 * FILE:LINE (known only once the batches before are counted) */
	struct line_reader **lr;
	struct scan_mt_item *items;
	size_t cap_items;
	scan_batch_fn batch_done;
	pthread_cond_t turn_cond;
	uint64_t next_seq; /* the next batch queued gets this number */
	uint64_t turn;     /* the batch whose batch_done may run now */
};

struct scan_mt_worker {
	struct scan_mt_shared *sh;
	struct scan_part part;
};

static void
scan_mt_batch_free(struct scan_mt_batch *b)
{
	free(b->blk.buf);
	free(b);
}

/* Keep a read error in batch seq if it is the earliest; under the lock. */
static void
scan_mt_error(struct scan_mt_shared *sh, char *err, uint64_t seq, bool chunk)
{
	if (sh->err == NULL || seq < sh->err_seq) {
		free(sh->err);
		sh->err = err;
		sh->err_seq = seq;
		sh->err_chunk = chunk;
	} else
		free(err);
}

/* True when batch seq comes after a --strict stop or a read error known so far, so that
 * a sequential read would never have reached it; under the lock. */
static bool
scan_mt_past_the_end(const struct scan_mt_shared *sh, uint64_t seq)
{
	return (sh->stop && seq > sh->stop_at.major) || (sh->err != NULL && seq > sh->err_seq);
}

/* Worker: read (a chunk) and parse one batch; returns how many lines it held. */
static uint64_t
scan_mt_work(struct scan_mt_worker *w, struct scan_mt_batch *b)
{
	struct scan_mt_shared *sh = w->sh;
	char *err = NULL;
	uint64_t n = 0;

	if (b->chunk && lr_read_chunk(sh->lr[b->src], scan_chunk_bytes(sh->o), b->k, &b->blk,
	    &err) != LR_LINE) {
		pthread_mutex_lock(&sh->mu);
		scan_mt_error(sh, err, b->seq, true);
		pthread_mutex_unlock(&sh->mu);
		return 0;
	}
	b->blk.first_line = 1;
	scan_part_source(&w->part, b->src);
	if (scan_part_block(&w->part, b->seq, &b->blk, &n)) {
		pthread_mutex_lock(&sh->mu);
		if (!sh->stop || scan_before(w->part.bad, sh->stop_at)) {
			sh->stop = true;
			sh->stop_at = w->part.bad;
		}
		pthread_mutex_unlock(&sh->mu);
	}
	return n;
}

static void *
scan_mt_worker_main(void *arg)
{
	struct scan_mt_worker *w = arg;
	struct scan_mt_shared *sh = w->sh;

	scan_part_start(&w->part);
	for (;;) {
		struct scan_mt_batch *b;
		uint64_t n = 0;
		bool skip;

		pthread_mutex_lock(&sh->mu);
		while (sh->head == NULL && !sh->done)
			pthread_cond_wait(&sh->has_work, &sh->mu);
		if (sh->head == NULL) {
			pthread_mutex_unlock(&sh->mu);
			break;
		}
		b = sh->head;
		sh->head = b->next;
		if (sh->head == NULL)
			sh->tail = NULL;
		sh->queued--;
		/* Batches after a --strict stop or a read error need no parsing. */
		skip = scan_mt_past_the_end(sh, b->seq);
		pthread_cond_signal(&sh->has_room);
		pthread_mutex_unlock(&sh->mu);
		struct input_counts before = w->part.counts;

		if (!skip)
			n = scan_mt_work(w, b);
		pthread_mutex_lock(&sh->mu);
		sh->items[b->seq].n_lines = n;
		sh->items[b->seq].held = (struct scan_src){
		    w->part.counts.records - before.records,
		    w->part.counts.malformed - before.malformed,
		    w->part.counts.filtered - before.filtered, 0};
		if (sh->batch_done != NULL) {
			bool keep;

			/* Batches leave the queue in order, so every earlier one is being parsed
			 * by some worker and will take its turn. When this one's comes, every
			 * earlier batch is done: a stop or error before it is known. */
			while (sh->turn != b->seq)
				pthread_cond_wait(&sh->turn_cond, &sh->mu);
			keep = !scan_mt_past_the_end(sh, b->seq);
			pthread_mutex_unlock(&sh->mu);
			sh->batch_done(w->part.ctx, keep);
			pthread_mutex_lock(&sh->mu);
			sh->turn++;
			pthread_cond_broadcast(&sh->turn_cond);
		}
		b->next = sh->free_list;
		sh->free_list = b;
		pthread_mutex_unlock(&sh->mu);
	}
	return NULL;
}

/* Reader: take an empty batch (recycled with its buffer, or new) for source src. */
static struct scan_mt_batch *
scan_mt_batch_get(struct scan_mt_shared *sh, size_t src)
{
	struct scan_mt_batch *b;

	pthread_mutex_lock(&sh->mu);
	b = sh->free_list;
	if (b != NULL)
		sh->free_list = b->next;
	pthread_mutex_unlock(&sh->mu);
	if (b == NULL)
		b = xcalloc(1, sizeof(*b));
	b->src = src;
	b->chunk = false;
	b->next = NULL;
	return b;
}

/* Reader: give back a batch that was not filled. */
static void
scan_mt_batch_recycle(struct scan_mt_shared *sh, struct scan_mt_batch *b)
{
	pthread_mutex_lock(&sh->mu);
	b->next = sh->free_list;
	sh->free_list = b;
	pthread_mutex_unlock(&sh->mu);
}

/* Reader: queue a batch, waiting while the queue is full. Returns false once a --strict
 * stop or a read error makes further batches useless. */
static bool
scan_mt_batch_put(struct scan_mt_shared *sh, struct scan_mt_batch *b)
{
	bool go;

	pthread_mutex_lock(&sh->mu);
	while (sh->queued >= sh->max_queued)
		pthread_cond_wait(&sh->has_room, &sh->mu);
	go = !sh->stop && sh->err == NULL;
	b->seq = sh->next_seq++;
	if (b->seq >= sh->cap_items)
		xgrow(&sh->items, &sh->cap_items, b->seq + 1, sizeof(*sh->items));
	sh->items[b->seq].src = b->src;
	sh->items[b->seq].n_lines = 0;
	sh->items[b->seq].held = (struct scan_src){0, 0, 0, 0};
	if (sh->tail)
		sh->tail->next = b;
	else
		sh->head = b;
	sh->tail = b;
	sh->queued++;
	pthread_cond_signal(&sh->has_work);
	pthread_mutex_unlock(&sh->mu);
	return go;
}

/* Reader: the batches of source i; false when reading must end. */
static bool
scan_mt_read_source(struct scan_mt_shared *sh, size_t i, struct progress *pg)
{
	struct line_reader *r = sh->lr[i];
	uint64_t n_chunks;
	size_t chunk = scan_chunk_bytes(sh->o);
	char *err = NULL;

	if (lr_chunked(r, chunk, &n_chunks)) {
		for (uint64_t k = 0; k < n_chunks; k++) {
			struct scan_mt_batch *b = scan_mt_batch_get(sh, i);

			b->chunk = true;
			b->k = k;
			progress_update(pg, lr_name(r), scan_chunk_done(r, k, chunk),
			    lr_bytes_total(r));
			if (!scan_mt_batch_put(sh, b))
				return false;
		}
		return true;
	}
	for (;;) {
		struct scan_mt_batch *b = scan_mt_batch_get(sh, i);
		enum lr_status st = lr_next_block(r, &b->blk, &err);

		if (st != LR_LINE) {
			scan_mt_batch_recycle(sh, b);
			if (st == LR_EOF)
				return true;
			pthread_mutex_lock(&sh->mu);
			scan_mt_error(sh, err, sh->next_seq, false);
			pthread_mutex_unlock(&sh->mu);
			return false;
		}
		progress_update(pg, lr_name(r), lr_bytes_done(r), lr_bytes_total(r));
		if (!scan_mt_batch_put(sh, b))
			return false;
	}
}

/* qsort: reasons by the batch of their first line. */
static int
scan_mt_reason_cmp(const void *a, const void *b)
{
	const struct scan_reason *x = a, *y = b;

	return x->first.major < y->first.major ? -1 : x->first.major > y->first.major;
}

/* After the workers: every batch's first line number, the line count, what each source
 * held (per), the first malformed line's place (*src, *line), each reason's first line,
 * and FILE:LINE before a chunk's read error. */
static void
scan_mt_resolve(struct scan_mt_shared *sh, size_t n_src, const struct scan_part *bad,
    struct input_counts *in, size_t *src, uint64_t *line, struct scan_reasons *rs,
    struct scan_src *per)
{
	uint64_t *seen = xcalloc(n_src, sizeof(*seen));
	size_t k = 0;

	if (rs->n > 1)
		qsort(rs->r, rs->n, sizeof(*rs->r), scan_mt_reason_cmp);
	for (uint64_t q = 0; q < sh->next_seq; q++) {
		const struct scan_mt_item *it = &sh->items[q];

		per[it->src].records += it->held.records;
		per[it->src].malformed += it->held.malformed;
		per[it->src].filtered += it->held.filtered;
		per[it->src].lines += it->n_lines;
		for (; k < rs->n && rs->r[k].first.major == q; k++)
			rs->r[k].line = seen[it->src] + rs->r[k].first.line;

		if (bad != NULL && q == bad->bad.major) {
			*src = it->src;
			*line = seen[it->src] + bad->bad.line;
		}
		if (sh->err != NULL && sh->err_chunk && q == sh->err_seq) {
			char *why = sh->err;

			sh->err = xasprintf("%s:%llu: %s", lr_name(sh->lr[it->src]),
			    (unsigned long long)seen[it->src] + 1, why);
			free(why);
		}
		seen[it->src] += it->n_lines;
		in->lines += it->n_lines;
	}
	free(seen);
}

int
scan_inputs_mt(const struct options *o, size_t n_workers, scan_fn fn, void **ctxs,
    scan_batch_fn batch_done, struct input_counts *in, struct malformed_tally *t)
{
	return scan_inputs_mt_at(o, n_workers, fn, ctxs, batch_done, in, t, NULL);
}

int
scan_inputs_mt_at(const struct options *o, size_t n_workers, scan_fn fn, void **ctxs,
    scan_batch_fn batch_done, struct input_counts *in, struct malformed_tally *t,
    struct scan_resume *res)
{
	struct scan_mt_shared sh = {.o = o, .max_queued = 2 * n_workers, .batch_done = batch_done};
	struct scan_mt_worker *w;
	struct pool pool;
	struct scan_part *bad = NULL;
	struct scan_reasons rs = {0};
	struct scan_src *per;
	struct progress pg;
	size_t n, src = 0;
	uint64_t line = 0;
	struct format_found *found;
	int rc;

	if ((sh.lr = scan_open(o, in, &n, &found)) == NULL)
		return -1;
	if (scan_any_document(o, sh.lr, found, n)) {
		/* Documents are read by one thread (document.h): the first part takes all. */
		rc = scan_inputs_open(o, sh.lr, n, found, fn, ctxs[0], in, t, res);
		if (batch_done != NULL)
			batch_done(ctxs[0], true);
		return rc;
	}
	per = xcalloc(n, sizeof(*per));
	pthread_mutex_init(&sh.mu, NULL);
	pthread_cond_init(&sh.has_work, NULL);
	pthread_cond_init(&sh.has_room, NULL);
	pthread_cond_init(&sh.turn_cond, NULL);
	w = xcalloc(n_workers, sizeof(*w));
	for (size_t i = 0; i < n_workers; i++) {
		w[i].sh = &sh;
		scan_part_init(&w[i].part, o, fn, ctxs[i]);
		w[i].part.src_found = found;
	}
	pool_start(&pool, n_workers, scan_mt_worker_main, w, sizeof(*w));
	progress_init(&pg);
	for (size_t i = 0; i < n && scan_mt_read_source(&sh, i, &pg); i++)
		;
	pthread_mutex_lock(&sh.mu);
	sh.done = true;
	pthread_cond_broadcast(&sh.has_work);
	pthread_mutex_unlock(&sh.mu);
	pool_join(&pool);
	progress_clear(&pg);
	for (size_t i = 0; i < n_workers; i++)
		scan_part_merge(&w[i].part, in, &bad, &rs);
	scan_mt_resolve(&sh, n, bad, in, &src, &line, &rs, per);
	scan_resume_out(o, sh.lr, per, n, res);
	rc = scan_finish(o, sh.lr, bad, src, line, sh.err,
	    bad != NULL && (sh.err == NULL || bad->bad.major < sh.err_seq), &rs, per, n, t);
	free(per);
	while (sh.free_list != NULL) {
		struct scan_mt_batch *b = sh.free_list;
		sh.free_list = b->next;
		scan_mt_batch_free(b);
	}
	free(sh.items);
	free(w);
	scan_found_free(found, n);
	pthread_cond_destroy(&sh.has_work);
	pthread_cond_destroy(&sh.has_room);
	pthread_cond_destroy(&sh.turn_cond);
	pthread_mutex_destroy(&sh.mu);
	scan_close(sh.lr, n);
	return rc;
}

