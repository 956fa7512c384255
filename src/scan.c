/* scan.c - read loop: sources -> lines -> records. */
#include "scan.h"

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

/* Read one source to its end. Returns 0, or -1 after a fatal error. */
static int
scan_source(const struct options *o, struct line_reader *lr, struct record_parser *p,
    scan_fn fn, void *ctx, struct input_counts *in, struct malformed_tally *t,
    struct progress *pg)
{
	struct lr_line line;
	struct record rec;
	char why[RECORD_WHY_SIZE];
	char *err = NULL;
	enum lr_status st;

	while ((st = lr_next(lr, &line, &err)) == LR_LINE) {
		in->lines++;
		if ((in->lines & 0xffff) == 0)
			progress_update(pg, lr_name(lr), lr_bytes_done(lr), lr_bytes_total(lr));
		if (!line.too_long && scan_blank(line.data, line.len))
			continue;
		if (scan_line(o, &line, p, &rec, why) < 0) {
			if (o->strict) {
				progress_clear(pg);
				diag_error("%s:%llu: %s", lr_name(lr), (unsigned long long)line.lineno,
				    why);
				return -1;
			}
			in->malformed++;
			tally_add(t, lr_name(lr), line.lineno, why);
			continue;
		}
		scan_count_record(in, rec.ts_us);
		fn(ctx, &rec, p);
	}
	if (st == LR_ERROR) {
		progress_clear(pg);
		diag_error("%s", err);
		free(err);
		return -1;
	}
	return 0;
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

static struct record_parser *
scan_parser(const struct options *o)
{
	struct record_parser *p = record_parser_new();

	if (o->no_fast_path)
		record_parser_set_fast(p, false);
	return p;
}

int
scan_inputs(const struct options *o, scan_fn fn, void *ctx, struct input_counts *in,
    struct malformed_tally *t)
{
	struct line_reader **lr;
	struct record_parser *p;
	struct progress pg;
	size_t n;
	int rc = 0;

	if ((lr = scan_open(o, in, &n)) == NULL)
		return -1;
	p = scan_parser(o);
	progress_init(&pg);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = scan_source(o, lr[i], p, fn, ctx, in, t, &pg);
	progress_clear(&pg);
	record_parser_free(p);
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

#define BATCH_BYTES ((size_t)1 << 20)
#define BATCH_LINES 16384

struct mt_line {
	uint64_t lineno;
	size_t off, len;
	bool too_long, has_nul;
};

struct batch {
	size_t src;
	uint64_t seq;       /* order in the queue: batches are handed out in this order */
	char *buf;
	size_t len, cap;
	struct mt_line *lines;
	size_t n, cap_lines;
	struct batch *next; /* queue / free list link */
};

/* A position in the input: source index, then line number. */
struct mt_pos {
	size_t src;
	uint64_t line;
};

static bool
mt_before(struct mt_pos a, struct mt_pos b)
{
	return a.src != b.src ? a.src < b.src : a.line < b.line;
}

struct mt_shared {
	pthread_mutex_t mu;
	pthread_cond_t has_work, has_room;
	struct batch *head, *tail, *free_list;
	size_t queued, max_queued;
	bool done;
	bool stop;            /* --strict: a malformed line was found */
	struct mt_pos stop_at; /* the earliest one so far */
	const struct options *o;
	struct line_reader **lr;
	scan_fn fn;
	scan_batch_fn batch_done;
	pthread_cond_t turn_cond;
	uint64_t next_seq; /* the next batch queued gets this number */
	uint64_t turn;     /* the batch whose batch_done may run now */
};

struct mt_worker {
	pthread_t th;
	struct mt_shared *sh;
	void *ctx;
	struct input_counts counts; /* records, malformed and span of this worker's lines */
	bool has_bad;
	struct mt_pos bad;
	char why[RECORD_WHY_SIZE];
};

static void
mt_batch_free(struct batch *b)
{
	free(b->buf);
	free(b->lines);
	free(b);
}

/* Worker: parse one batch into the worker's own context. */
static void
mt_parse(struct mt_worker *w, struct record_parser *p, const struct batch *b)
{
	const struct options *o = w->sh->o;
	struct record rec;
	char why[RECORD_WHY_SIZE];

	for (size_t i = 0; i < b->n; i++) {
		const struct mt_line *ml = &b->lines[i];
		/* A batch of over-long lines only holds no bytes at all (buf NULL). */
		struct lr_line line = {b->buf ? b->buf + ml->off : "", ml->len, ml->lineno,
		    ml->too_long, ml->has_nul};
		struct mt_pos pos = {b->src, ml->lineno};

		if (!line.too_long && scan_blank(line.data, line.len))
			continue;
		if (scan_line(o, &line, p, &rec, why) < 0) {
			w->counts.malformed++;
			if (!w->has_bad || mt_before(pos, w->bad)) {
				w->has_bad = true;
				w->bad = pos;
				memcpy(w->why, why, sizeof(why));
			}
			if (o->strict) {
				pthread_mutex_lock(&w->sh->mu);
				if (!w->sh->stop || mt_before(pos, w->sh->stop_at)) {
					w->sh->stop = true;
					w->sh->stop_at = pos;
				}
				pthread_mutex_unlock(&w->sh->mu);
				return;
			}
			continue;
		}
		scan_count_record(&w->counts, rec.ts_us);
		w->sh->fn(w->ctx, &rec, p);
	}
}

static void *
mt_worker_main(void *arg)
{
	struct mt_worker *w = arg;
	struct mt_shared *sh = w->sh;
	struct record_parser *p = scan_parser(sh->o);

	for (;;) {
		struct batch *b;
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
		/* Under --strict, batches after the first malformed line need no parsing. */
		skip = sh->stop && b->n > 0 && !mt_before((struct mt_pos){b->src, b->lines[0].lineno},
		    sh->stop_at);
		pthread_cond_signal(&sh->has_room);
		pthread_mutex_unlock(&sh->mu);
		if (!skip)
			mt_parse(w, p, b);
		pthread_mutex_lock(&sh->mu);
		if (sh->batch_done != NULL) {
			/* Batches leave the queue in order, so every earlier one is being parsed
			 * by some worker and will take its turn. */
			while (sh->turn != b->seq)
				pthread_cond_wait(&sh->turn_cond, &sh->mu);
			pthread_mutex_unlock(&sh->mu);
			sh->batch_done(w->ctx);
			pthread_mutex_lock(&sh->mu);
			sh->turn++;
			pthread_cond_broadcast(&sh->turn_cond);
		}
		b->next = sh->free_list;
		sh->free_list = b;
		pthread_mutex_unlock(&sh->mu);
	}
	record_parser_free(p);
	return NULL;
}

/* Reader: take an empty batch (recycled, or new) for source src. */
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
	b->len = b->n = 0;
	b->next = NULL;
	return b;
}

/* Reader: queue a batch, waiting while the queue is full. Returns false under a --strict
 * stop (the batch is recycled). */
static bool
mt_batch_put(struct mt_shared *sh, struct batch *b)
{
	bool stop;

	pthread_mutex_lock(&sh->mu);
	while (sh->queued >= sh->max_queued)
		pthread_cond_wait(&sh->has_room, &sh->mu);
	stop = sh->stop;
	if (b->n > 0) {
		b->seq = sh->next_seq++;
		if (sh->tail)
			sh->tail->next = b;
		else
			sh->head = b;
		sh->tail = b;
		sh->queued++;
		pthread_cond_signal(&sh->has_work);
	} else {
		b->next = sh->free_list;
		sh->free_list = b;
	}
	pthread_mutex_unlock(&sh->mu);
	return !stop;
}

static void
mt_batch_add(struct batch *b, const struct lr_line *line)
{
	struct mt_line *ml;

	if (b->n == b->cap_lines)
		xgrow(&b->lines, &b->cap_lines, b->n + 1, sizeof(*b->lines));
	ml = &b->lines[b->n++];
	ml->lineno = line->lineno;
	ml->off = b->len;
	ml->len = line->too_long ? 0 : line->len;
	ml->too_long = line->too_long;
	ml->has_nul = line->has_nul;
	if (ml->len > 0) {
		xgrow(&b->buf, &b->cap, b->len + ml->len, 1);
		memcpy(b->buf + b->len, line->data, ml->len);
		b->len += ml->len;
	}
}

/* Reader loop over every source. Returns 0, -1 on a read error (reported), or 1 when a
 * --strict stop ended reading early. */
static int
mt_read(struct mt_shared *sh, size_t n, struct input_counts *in)
{
	struct progress pg;
	struct lr_line line;
	char *err = NULL;
	int rc = 0;

	progress_init(&pg);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct batch *b = mt_batch_get(sh, i);
		enum lr_status st;

		while ((st = lr_next(sh->lr[i], &line, &err)) == LR_LINE) {
			in->lines++;
			mt_batch_add(b, &line);
			if (b->len >= BATCH_BYTES || b->n >= BATCH_LINES) {
				progress_update(&pg, lr_name(sh->lr[i]), lr_bytes_done(sh->lr[i]),
				    lr_bytes_total(sh->lr[i]));
				if (!mt_batch_put(sh, b)) {
					rc = 1;
					b = NULL;
					break;
				}
				b = mt_batch_get(sh, i);
			}
		}
		if (b != NULL && !mt_batch_put(sh, b))
			rc = 1;
		if (rc == 0 && st == LR_ERROR) {
			progress_clear(&pg);
			diag_error("%s", err);
			free(err);
			rc = -1;
		}
	}
	progress_clear(&pg);
	return rc;
}

int
scan_inputs_mt(const struct options *o, size_t n_workers, scan_fn fn, void **ctxs,
    scan_batch_fn batch_done, struct input_counts *in, struct malformed_tally *t)
{
	struct mt_shared sh = {.o = o, .fn = fn, .max_queued = 2 * n_workers,
		.batch_done = batch_done};
	struct mt_worker *w;
	struct mt_worker *bad = NULL;
	size_t n;
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
		w[i].ctx = ctxs[i];
		if (pthread_create(&w[i].th, NULL, mt_worker_main, &w[i]) != 0) {
			diag_error("cannot start a thread");
			exit(EXIT_TROUBLE);
		}
	}
	rc = mt_read(&sh, n, in);
	pthread_mutex_lock(&sh.mu);
	sh.done = true;
	pthread_cond_broadcast(&sh.has_work);
	pthread_mutex_unlock(&sh.mu);
	for (size_t i = 0; i < n_workers; i++)
		pthread_join(w[i].th, NULL);

	for (size_t i = 0; i < n_workers; i++) {
		in->records += w[i].counts.records;
		in->malformed += w[i].counts.malformed;
		if (w[i].counts.has_span) {
			scan_count_span(in, w[i].counts.first_ts);
			scan_count_span(in, w[i].counts.last_ts);
		}
		if (w[i].has_bad && (bad == NULL || mt_before(w[i].bad, bad->bad)))
			bad = &w[i];
	}
	if (rc >= 0 && bad != NULL) {
		const char *name = lr_name(sh.lr[bad->bad.src]);

		if (o->strict) {
			diag_error("%s:%llu: %s", name, (unsigned long long)bad->bad.line, bad->why);
			rc = -1;
		} else {
			tally_add(t, name, bad->bad.line, bad->why);
			t->count = in->malformed;
		}
	}
	while (sh.free_list != NULL) {
		struct batch *b = sh.free_list;
		sh.free_list = b->next;
		mt_batch_free(b);
	}
	free(w);
	pthread_cond_destroy(&sh.has_work);
	pthread_cond_destroy(&sh.has_room);
	pthread_cond_destroy(&sh.turn_cond);
	pthread_mutex_destroy(&sh.mu);
	scan_close(sh.lr, n);
	return rc < 0 ? -1 : 0;
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
