/* scan.c - read loop: sources -> lines -> records. */
#include "scan.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "line-reader.h"
#include "xalloc.h"

/* True when the line holds nothing but white space. */
static bool
scan_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\v' && s[i] != '\f')
			return false;
	return true;
}

/* Widen the span of valid timestamps in *in to take in ts. */
static void
scan_count_span(struct input_counts *in, int64_t ts)
{
	if (!in->has_span) {
		in->has_span = true;
		in->first_ts = in->last_ts = ts;
	} else if (ts < in->first_ts)
		in->first_ts = ts;
	else if (ts > in->last_ts)
		in->last_ts = ts;
}

/* One more valid record, at ts. */
static void
scan_count_record(struct input_counts *in, int64_t ts)
{
	in->records++;
	scan_count_span(in, ts);
}

/* Validate one line; returns 0 with *rec filled, or -1 with why set. */
static int
scan_line(const struct options *o, const struct lr_line *line, struct record_parser *p,
    struct record *rec, char why[RECORD_WHY_SIZE])
{
	if (line->too_long) {
		snprintf(why, RECORD_WHY_SIZE, "line is longer than --max-line-bytes (%zu bytes)",
		    o->max_line_bytes);
		return -1;
	}
	if (line->has_nul) {
		snprintf(why, RECORD_WHY_SIZE, "line contains a NUL byte");
		return -1;
	}
	return record_parse(p, line->data, line->len, rec, why);
}

/* A position in the input: (source, line) in the sequential scan; (batch, line within the
 * batch, from 1) in the parallel one, until the line numbers are known. */
struct scan_pos {
	uint64_t major, line;
};

static bool
scan_before(struct scan_pos a, struct scan_pos b)
{
	return a.major != b.major ? a.major < b.major : a.line < b.line;
}

/* One parsing thread's state (the sequential scan has one): where its records go, and what
 * its lines left behind. */
struct scan_part {
	const struct options *o;
	struct record_parser *p;
	scan_fn fn;
	void *ctx;
	struct input_counts counts; /* records, malformed and span of its lines */
	bool has_bad;               /* the earliest malformed line it met */
	struct scan_pos bad;
	char why[RECORD_WHY_SIZE];
};

static void
scan_part_init(struct scan_part *sp, const struct options *o, scan_fn fn, void *ctx)
{
	memset(sp, 0, sizeof(*sp));
	sp->o = o;
	sp->fn = fn;
	sp->ctx = ctx;
}

/* The parser, made by the thread that uses it: so that it comes from that thread's own
 * malloc arena, and two threads never write to one cache line for every record. */
static void
scan_part_start(struct scan_part *sp)
{
	sp->p = record_parser_new();
	if (sp->o->no_fast_path)
		record_parser_set_fast(sp->p, false);
	record_parser_set_fields(sp->p, sp->o->fields);
}

/* One line: blank, malformed or a record. Returns true when --strict must stop. */
static bool
scan_part_line(struct scan_part *sp, uint64_t major, const struct lr_line *line)
{
	struct record rec;
	char why[RECORD_WHY_SIZE];

	if (!line->too_long && scan_blank(line->data, line->len))
		return false;
	if (scan_line(sp->o, line, sp->p, &rec, why) < 0) {
		struct scan_pos pos = {major, line->lineno};

		sp->counts.malformed++;
		if (!sp->has_bad || scan_before(pos, sp->bad)) {
			sp->has_bad = true;
			sp->bad = pos;
			memcpy(sp->why, why, sizeof(why));
		}
		return sp->o->strict;
	}
	scan_count_record(&sp->counts, rec.ts_us);
	sp->fn(sp->ctx, &rec, sp->p);
	return false;
}

/* Every line of block b, numbered from b->first_line, at positions (major, number); *n
 * counts them. Returns true when --strict must stop. */
static bool
scan_part_block(struct scan_part *sp, uint64_t major, const struct lr_block *b, uint64_t *n)
{
	struct lr_split split;
	struct lr_line line;

	*n = 0;
	lr_split_init(&split, b);
	while (lr_split_next(&split, &line)) {
		++*n;
		if (scan_part_line(sp, major, &line))
			return true;
	}
	return false;
}

/* Add what part sp saw to in; keep in *bad the earliest malformed line of all parts. */
static void
scan_part_merge(struct scan_part *sp, struct input_counts *in, struct scan_part **bad)
{
	in->records += sp->counts.records;
	in->malformed += sp->counts.malformed;
	if (sp->counts.has_span) {
		scan_count_span(in, sp->counts.first_ts);
		scan_count_span(in, sp->counts.last_ts);
	}
	if (sp->has_bad && (*bad == NULL || scan_before(sp->bad, (*bad)->bad)))
		*bad = sp;
	record_parser_free(sp->p);
	sp->p = NULL;
}

/* The end of a scan. bad (or NULL) is the first malformed line, at line `line` of source
 * src; read_err (taken; or NULL) a read error, which bad_first says came after that line.
 * Under --strict the first of the two stops the run; otherwise a read error does, and the
 * malformed line is quoted in the tally. Returns 0 or -1. */
static int
scan_finish(const struct options *o, struct line_reader **lr, const struct scan_part *bad,
    size_t src, uint64_t line, char *read_err, bool bad_first, struct input_counts *in,
    struct malformed_tally *t)
{
	int rc = 0;

	if (bad != NULL && o->strict && (read_err == NULL || bad_first)) {
		diag_error("%s:%llu: %s", lr_name(lr[src]), (unsigned long long)line, bad->why);
		rc = -1;
	} else if (read_err != NULL) {
		diag_error("%s", read_err);
		rc = -1;
	} else if (bad != NULL) {
		tally_add(t, lr_name(lr[src]), line, bad->why);
		t->count = in->malformed;
	}
	free(read_err);
	return rc;
}

/* Open every input (the default one when none is named); names go to in->files. Returns
 * the readers, or NULL after reporting every input that cannot be opened. */
static struct line_reader **
scan_open(const struct options *o, struct input_counts *in, size_t *n_out)
{
	const char *deflt[1];
	char *const *names = o->files;
	size_t n = o->n_files;
	struct line_reader **lr;
	char *err;
	bool failed = false;

	if (n == 0) {
		deflt[0] = cli_default_input();
		names = (char *const *)deflt;
		n = 1;
	}
	lr = xcalloc(n, sizeof(*lr));
	for (size_t i = 0; i < n; i++) {
		lr[i] = lr_open(names[i], o->max_line_bytes, &err);
		if (lr[i] == NULL) {
			diag_error("%s", err);
			free(err);
			failed = true;
		}
	}
	in->files = xcalloc(n, sizeof(char *));
	in->n_files = n;
	for (size_t i = 0; i < n; i++)
		in->files[i] = xstrdup(strcmp(names[i], "-") == 0 ? "<stdin>" : names[i]);
	*n_out = n;
	if (failed) {
		for (size_t i = 0; i < n; i++)
			lr_close(lr[i]);
		free(lr);
		return NULL;
	}
	return lr;
}

static void
scan_close(struct line_reader **lr, size_t n)
{
	for (size_t i = 0; i < n; i++)
		lr_close(lr[i]);
	free(lr);
}

/* Size of the chunks regular files are read by: LR_BLOCK_BYTES, or for tests
 * PERF_REPORTER_CHUNK_BYTES (a positive whole number), to make many chunks of a small file. */
static size_t
scan_chunk_bytes(void)
{
	const char *env = getenv("PERF_REPORTER_CHUNK_BYTES");
	char *end;
	unsigned long long v;

	if (env == NULL || *env < '1' || *env > '9')
		return LR_BLOCK_BYTES;
	errno = 0;
	v = strtoull(env, &end, 10);
	if (errno != 0 || *end != '\0' || v > SIZE_MAX / 2)
		return LR_BLOCK_BYTES;
	return (size_t)v;
}

/* Bytes of source r read once chunk k is: for the progress line. */
static uint64_t
scan_chunk_done(const struct line_reader *r, uint64_t k, size_t chunk)
{
	uint64_t done = (k + 1) * chunk;

	return done < lr_bytes_total(r) ? done : lr_bytes_total(r);
}

/* Read source i of lr to its end (or a --strict stop, or a read error in *err), a regular
 * file by chunks, anything else by blocks. Returns true when --strict must stop. */
static bool
scan_source(struct scan_part *part, struct line_reader *r, size_t i, struct lr_block *blk,
    struct progress *pg, struct input_counts *in, char **err)
{
	uint64_t n_chunks, n, line = 0;
	size_t chunk = scan_chunk_bytes();
	bool stop = false;

	if (lr_chunked(r, chunk, &n_chunks)) {
		for (uint64_t k = 0; !stop && k < n_chunks; k++) {
			char *why = NULL;

			if (lr_read_chunk(r, k, blk, &why) != LR_LINE) {
				*err = xasprintf("%s:%llu: %s", lr_name(r),
				    (unsigned long long)line + 1, why);
				free(why);
				break;
			}
			blk->first_line = line + 1;
			stop = scan_part_block(part, i, blk, &n);
			line += n;
			in->lines += n;
			progress_update(pg, lr_name(r), scan_chunk_done(r, k, chunk),
			    lr_bytes_total(r));
		}
		return stop;
	}
	while (!stop && lr_next_block(r, blk, err) == LR_LINE) {
		stop = scan_part_block(part, i, blk, &n);
		in->lines += n;
		progress_update(pg, lr_name(r), lr_bytes_done(r), lr_bytes_total(r));
	}
	return stop;
}

int
scan_inputs(const struct options *o, scan_fn fn, void *ctx, struct input_counts *in,
    struct malformed_tally *t)
{
	struct line_reader **lr;
	struct scan_part part, *bad = NULL;
	struct lr_block blk = {0};
	struct progress pg;
	char *err = NULL;
	size_t n;
	bool stop = false;
	int rc;

	if ((lr = scan_open(o, in, &n)) == NULL)
		return -1;
	scan_part_init(&part, o, fn, ctx);
	scan_part_start(&part);
	progress_init(&pg);
	for (size_t i = 0; !stop && err == NULL && i < n; i++)
		stop = scan_source(&part, lr[i], i, &blk, &pg, in, &err);
	progress_clear(&pg);
	free(blk.buf);
	scan_part_merge(&part, in, &bad);
	rc = scan_finish(o, lr, bad, bad ? (size_t)bad->bad.major : 0, bad ? bad->bad.line : 0,
	    err, true, in, t);
	scan_close(lr, n);
	return rc;
}

size_t
scan_jobs(const struct options *o)
{
	long n;

	if (o->jobs > 0)
		return (size_t)o->jobs;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (size_t)n : 1;
}

/* ---- parallel parsing -------------------------------------------------- */

/* Work goes out in batches, numbered in input order: a chunk of a regular file, which the
 * worker reads itself (lr_read_chunk), or a block of lines the reading thread cut from a
 * stream (standard input, gzip). Lines are numbered within their batch until every batch
 * before has said how many lines it held. */
struct batch {
	size_t src;
	uint64_t seq;       /* order in the queue: batches are handed out in this order */
	bool chunk;         /* chunk k of source src, not yet read */
	uint64_t k;
	struct lr_block blk;
	struct batch *next; /* queue / free list link */
};

/* What is known of each batch, by seq. */
struct mt_item {
	size_t src;
	uint64_t n_lines;
};

struct mt_shared {
	pthread_mutex_t mu;
	pthread_cond_t has_work, has_room;
	struct batch *head, *tail, *free_list;
	size_t queued, max_queued;
	bool done;
	bool stop;              /* --strict: a malformed line was found */
	struct scan_pos stop_at; /* the earliest one so far */
	char *err;              /* the earliest read error, in batch err_seq */
	uint64_t err_seq;
	bool err_chunk;         /* err is the reason a chunk could not be read, without
				 * FILE:LINE (known only once the batches before are counted) */
	struct line_reader **lr;
	struct mt_item *items;
	size_t cap_items;
	scan_batch_fn batch_done;
	pthread_cond_t turn_cond;
	uint64_t next_seq; /* the next batch queued gets this number */
	uint64_t turn;     /* the batch whose batch_done may run now */
};

struct mt_worker {
	pthread_t th;
	struct mt_shared *sh;
	struct scan_part part;
};

static void
mt_batch_free(struct batch *b)
{
	free(b->blk.buf);
	free(b);
}

/* Keep a read error in batch seq if it is the earliest; under the lock. */
static void
mt_error(struct mt_shared *sh, char *err, uint64_t seq, bool chunk)
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
mt_past_the_end(const struct mt_shared *sh, uint64_t seq)
{
	return (sh->stop && seq > sh->stop_at.major) || (sh->err != NULL && seq > sh->err_seq);
}

/* Worker: read (a chunk) and parse one batch; returns how many lines it held. */
static uint64_t
mt_work(struct mt_worker *w, struct batch *b)
{
	struct mt_shared *sh = w->sh;
	char *err = NULL;
	uint64_t n = 0;

	if (b->chunk && lr_read_chunk(sh->lr[b->src], b->k, &b->blk, &err) != LR_LINE) {
		pthread_mutex_lock(&sh->mu);
		mt_error(sh, err, b->seq, true);
		pthread_mutex_unlock(&sh->mu);
		return 0;
	}
	b->blk.first_line = 1;
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
mt_worker_main(void *arg)
{
	struct mt_worker *w = arg;
	struct mt_shared *sh = w->sh;

	scan_part_start(&w->part);
	for (;;) {
		struct batch *b;
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
		skip = mt_past_the_end(sh, b->seq);
		pthread_cond_signal(&sh->has_room);
		pthread_mutex_unlock(&sh->mu);
		if (!skip)
			n = mt_work(w, b);
		pthread_mutex_lock(&sh->mu);
		sh->items[b->seq].n_lines = n;
		if (sh->batch_done != NULL) {
			bool keep;

			/* Batches leave the queue in order, so every earlier one is being parsed
			 * by some worker and will take its turn. When this one's comes, every
			 * earlier batch is done: a stop or error before it is known. */
			while (sh->turn != b->seq)
				pthread_cond_wait(&sh->turn_cond, &sh->mu);
			keep = !mt_past_the_end(sh, b->seq);
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
static struct batch *
mt_batch_get(struct mt_shared *sh, size_t src)
{
	struct batch *b;

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
mt_batch_recycle(struct mt_shared *sh, struct batch *b)
{
	pthread_mutex_lock(&sh->mu);
	b->next = sh->free_list;
	sh->free_list = b;
	pthread_mutex_unlock(&sh->mu);
}

/* Reader: queue a batch, waiting while the queue is full. Returns false once a --strict
 * stop or a read error makes further batches useless. */
static bool
mt_batch_put(struct mt_shared *sh, struct batch *b)
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
mt_read_source(struct mt_shared *sh, size_t i, struct progress *pg)
{
	struct line_reader *r = sh->lr[i];
	uint64_t n_chunks;
	size_t chunk = scan_chunk_bytes();
	char *err = NULL;

	if (lr_chunked(r, chunk, &n_chunks)) {
		for (uint64_t k = 0; k < n_chunks; k++) {
			struct batch *b = mt_batch_get(sh, i);

			b->chunk = true;
			b->k = k;
			progress_update(pg, lr_name(r), scan_chunk_done(r, k, chunk),
			    lr_bytes_total(r));
			if (!mt_batch_put(sh, b))
				return false;
		}
		return true;
	}
	for (;;) {
		struct batch *b = mt_batch_get(sh, i);
		enum lr_status st = lr_next_block(r, &b->blk, &err);

		if (st != LR_LINE) {
			mt_batch_recycle(sh, b);
			if (st == LR_EOF)
				return true;
			pthread_mutex_lock(&sh->mu);
			mt_error(sh, err, sh->next_seq, false);
			pthread_mutex_unlock(&sh->mu);
			return false;
		}
		progress_update(pg, lr_name(r), lr_bytes_done(r), lr_bytes_total(r));
		if (!mt_batch_put(sh, b))
			return false;
	}
}

/* After the workers: every batch's first line number, the line count, the first
 * malformed line's place (*src, *line), and FILE:LINE before a chunk's read error. */
static void
mt_resolve(struct mt_shared *sh, size_t n_src, const struct scan_part *bad,
    struct input_counts *in, size_t *src, uint64_t *line)
{
	uint64_t *seen = xcalloc(n_src, sizeof(*seen));

	for (uint64_t q = 0; q < sh->next_seq; q++) {
		const struct mt_item *it = &sh->items[q];

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
	struct mt_shared sh = {.max_queued = 2 * n_workers, .batch_done = batch_done};
	struct mt_worker *w;
	struct scan_part *bad = NULL;
	struct progress pg;
	size_t n, src = 0;
	uint64_t line = 0;
	int rc;

	if ((sh.lr = scan_open(o, in, &n)) == NULL)
		return -1;
	pthread_mutex_init(&sh.mu, NULL);
	pthread_cond_init(&sh.has_work, NULL);
	pthread_cond_init(&sh.has_room, NULL);
	pthread_cond_init(&sh.turn_cond, NULL);
	w = xcalloc(n_workers, sizeof(*w));
	for (size_t i = 0; i < n_workers; i++) {
		w[i].sh = &sh;
		scan_part_init(&w[i].part, o, fn, ctxs[i]);
		if (pthread_create(&w[i].th, NULL, mt_worker_main, &w[i]) != 0) {
			diag_error("cannot start a thread");
			exit(EXIT_TROUBLE);
		}
	}
	progress_init(&pg);
	for (size_t i = 0; i < n && mt_read_source(&sh, i, &pg); i++)
		;
	pthread_mutex_lock(&sh.mu);
	sh.done = true;
	pthread_cond_broadcast(&sh.has_work);
	pthread_mutex_unlock(&sh.mu);
	for (size_t i = 0; i < n_workers; i++)
		pthread_join(w[i].th, NULL);
	progress_clear(&pg);
	for (size_t i = 0; i < n_workers; i++)
		scan_part_merge(&w[i].part, in, &bad);
	mt_resolve(&sh, n, bad, in, &src, &line);
	rc = scan_finish(o, sh.lr, bad, src, line, sh.err,
	    bad != NULL && (sh.err == NULL || bad->bad.major < sh.err_seq), in, t);
	while (sh.free_list != NULL) {
		struct batch *b = sh.free_list;
		sh.free_list = b->next;
		mt_batch_free(b);
	}
	free(sh.items);
	free(w);
	pthread_cond_destroy(&sh.has_work);
	pthread_cond_destroy(&sh.has_room);
	pthread_cond_destroy(&sh.turn_cond);
	pthread_mutex_destroy(&sh.mu);
	scan_close(sh.lr, n);
	return rc;
}

void
scan_counts_free(struct input_counts *in)
{
	for (size_t i = 0; i < in->n_files; i++)
		free(in->files[i]);
	free(in->files);
	in->files = NULL;
	in->n_files = 0;
}
