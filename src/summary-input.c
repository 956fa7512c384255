/* summary-input.c - summaries as input (summary-input.h, SPEC section 18). */
#include "summary-input.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "group.h"
#include "intern.h"
#include "line-reader.h"
#include "names.h"
#include "pool.h"
#include "timeutil.h"
#include "xalloc.h"

/* Longest summary line read: a histogram of 80,001 counts, or 1,048,576 exact values of
 * up to 24 bytes each, fit. */
#define SUMMARY_INPUT_MAX_LINE ((size_t)64 << 20)
#define SUMMARY_INPUT_OP_KEY "operation_type"

/* The logs' side: the summary records go into, and the group texts by key. */
struct summary_input_ctx {
	struct summary *s;
	bool by_op;                /* the summary's only key is operation_type */
	struct intern keys;        /* group key (group.h's encoding, or the name) -> id */
	char **texts;              /* id -> group JSON text */
	size_t n_texts, texts_cap;
	struct group_buf buf;
	char *err;                 /* the first failure (a count overflow), or NULL */
};

/* Feed the lines of block b to the reader (only up to the header when header_only); -1 and
 * *err on the first bad one. */
static int
summary_input_feed(struct summary_reader *rd, const struct lr_block *b, bool header_only,
    char **err)
{
	struct lr_split sp;
	struct lr_line line;

	lr_split_init(&sp, b);
	while (!(header_only && rd->s != NULL) && lr_split_next(&sp, &line)) {
		rd->line = line.lineno - 1;
		if (line.too_long || line.has_nul) {
			rd->line++;
			*err = xasprintf("%s:%llu: %s", rd->name, (unsigned long long)rd->line,
			    line.too_long ? "line too long for a summary" : "NUL byte in a summary");
			return -1;
		}
		if (summary_reader_line(rd, line.data, line.len, err) != 0)
			return -1;
	}
	return 0;
}

/* True when the first non-blank line of block b is a summary header. */
static bool
summary_input_block_is_summary(const struct lr_block *b)
{
	struct lr_split sp;
	struct lr_line line;

	lr_split_init(&sp, b);
	while (lr_split_next(&sp, &line)) {
		size_t i = 0;

		while (i < line.len && strchr(" \t\r\f\v", line.data[i]) != NULL)
			i++;
		if (i < line.len)
			return !line.too_long && summary_is_header(line.data, line.len);
	}
	return false;
}

/* Read path: *out the summary when it is one, whole or only its header (NULL when it is a
 * log); *lines the lines read. -1 and *err (heap) for an input that cannot be read or a
 * summary that is not valid. Prints nothing: the summaries are read on several threads. */
static int
summary_input_load_quiet(const char *path, bool header_only, struct summary **out,
    uint64_t *lines, char **err)
{
	struct stat st;
	struct line_reader *lr;
	struct lr_block b = {0};
	struct summary_reader rd;
	enum lr_status ls;
	int rc = 0;

	*out = NULL;
	*err = NULL;
	if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0; /* a log (the scan reports a file it cannot open) */
	if ((lr = lr_open(path, SUMMARY_INPUT_MAX_LINE, err)) == NULL)
		return -1;
	ls = lr_next_block(lr, &b, err);
	if (ls == LR_LINE && summary_input_block_is_summary(&b)) {
		summary_reader_init(&rd, path);
		do {
			rc = summary_input_feed(&rd, &b, header_only, err);
		} while (rc == 0 && !(header_only && rd.s != NULL) &&
		    (ls = lr_next_block(lr, &b, err)) == LR_LINE);
		if (rc == 0 && ls == LR_ERROR)
			rc = -1;
		if (lines != NULL)
			*lines = rd.line;
		if (rc == 0 && (*out = summary_reader_end(&rd, err)) == NULL)
			rc = -1;
		summary_reader_free(&rd);
	} else if (ls == LR_ERROR) {
		rc = -1;
	}
	free(b.buf);
	lr_close(lr);
	return rc;
}

/* summary_input_load_quiet, printing the message. */
static int
summary_input_load(const char *path, bool header_only, struct summary **out,
    uint64_t *lines)
{
	char *err = NULL;
	int rc = summary_input_load_quiet(path, header_only, out, lines, &err);

	if (rc != 0) {
		diag_error("%s", err);
		free(err);
	}
	return rc;
}

int
summary_input_read(const char *path, struct summary **out)
{
	return summary_input_load(path, false, out, NULL);
}

int
summary_input_split(const struct options *o, struct summary_input_files *in)
{
	char *deflt[1] = {(char *)o->default_input};
	char **files = o->n_files > 0 ? o->files : deflt;
	size_t n = o->n_files > 0 ? o->n_files : 1;

	memset(in, 0, sizeof *in);
	in->logs = xcalloc(n, sizeof *in->logs);
	in->sums = xcalloc(n, sizeof *in->sums);
	for (size_t i = 0; i < n; i++) {
		struct summary *s;

		if (files[i] == NULL) {
			in->logs[in->n_logs++] = files[i];
			continue;
		}
		if (summary_input_load(files[i], true, &s, NULL) != 0)
			return -1;
		if (s == NULL) {
			in->logs[in->n_logs++] = files[i];
			continue;
		}
		in->sums[in->n_sums++] = files[i];
		if (in->first == NULL) {
			in->first = s;
		} else {
			summary_free(s);
			free(s);
		}
	}
	return 0;
}

void
summary_input_files_free(struct summary_input_files *in)
{
	if (in->first != NULL) {
		summary_free(in->first);
		free(in->first);
	}
	free(in->sums);
	free(in->logs);
	memset(in, 0, sizeof *in);
}

/* The group text of record r (cached by its key) under the summary's keys. */
static const char *
summary_input_group(struct summary_input_ctx *c, const struct record *r,
    struct record_parser *p)
{
	const struct summary_header *h = &c->s->h;
	const char *key = r->op;
	size_t len = r->op_len;
	uint32_t id;

	if (!c->by_op) {
		group_key(&c->buf, h->by, h->n_by, r, p);
		key = c->buf.s;
		len = c->buf.n;
	}
	id = intern_get(&c->keys, key, len);
	if ((size_t)id == c->n_texts) { /* a new key: ids are dense, in order */
		char *vals[SUMMARY_MAX_BY];
		size_t n = 1;

		if (!c->by_op)
			n = group_decode(key, len, vals, SUMMARY_MAX_BY);
		else
			vals[0] = xstrndup(key, len);
		xgrow(&c->texts, &c->texts_cap, c->n_texts + 1, sizeof *c->texts);
		c->texts[c->n_texts++] = summary_group_text(h->by, vals, n);
		for (size_t i = 0; i < n; i++)
			free(vals[i]);
	}
	return c->texts[id];
}

/* scan_fn: one record into the summary. */
static void
summary_input_record(void *ctx, const struct record *r, struct record_parser *p)
{
	struct summary_input_ctx *c = ctx;
	const char *g;

	if (c->err != NULL)
		return;
	g = summary_input_group(c, r, p);
	(void)summary_add(c->s, r->ts_us, g, strlen(g), r->duration_ms, !r->success, &c->err);
}

int
summary_input_logs(const struct options *o, const struct summary_input_files *in,
    summary_input_scan_fn scan, struct summary *out, struct input_counts *counts,
    struct malformed_tally *tally)
{
	struct options lo = *o; /* the same options over the logs alone */
	struct summary_input_ctx c = {.s = out};
	int rc;

	c.by_op = out->h.n_by == 1 && strcmp(out->h.by[0], SUMMARY_INPUT_OP_KEY) == 0;
	lo.files = in->logs;
	lo.n_files = in->n_logs;
	lo.default_input = NULL;
	intern_init(&c.keys);
	rc = scan(&lo, summary_input_record, &c, counts, tally);
	if (rc == 0 && c.err != NULL) {
		diag_error("%s", c.err);
		rc = -1;
	}
	for (size_t i = 0; i < c.n_texts; i++)
		free(c.texts[i]);
	free(c.texts);
	free(c.err);
	group_buf_free(&c.buf);
	intern_free(&c.keys);
	return rc;
}

/* True when --op (in ctx, the options) selects the operation of line l. */
static bool
summary_input_op_kept(void *ctx, const struct summary_line *l)
{
	const struct options *o = ctx;
	char *op = summary_group_value(l, SUMMARY_INPUT_OP_KEY);
	bool yes = false;

	for (size_t i = 0; op != NULL && i < o->n_ops && !yes; i++)
		yes = names_match(o->ops[i], op);
	free(op);
	return yes;
}

/* Index of key among the summary's keys, or -1. */
static int
summary_input_key_index(const struct summary_header *h, const char *key)
{
	for (size_t i = 0; i < h->n_by; i++)
		if (strcmp(h->by[i], key) == 0)
			return (int)i;
	return -1;
}

/* --op on a summary: only the lines of the operations it selects; -1 after the message
 * when the summary is not grouped by operation_type. */
static int
summary_input_select_ops(const struct options *o, const char *name, struct summary *s)
{
	if (o->n_ops == 0)
		return 0;
	if (summary_input_key_index(&s->h, SUMMARY_INPUT_OP_KEY) < 0) {
		diag_error("%s: --op needs a summary grouped by operation_type (its \"by\" does not "
		    "name it)", name);
		return -1;
	}
	summary_keep(s, summary_input_op_kept, (void *)o);
	return 0;
}

/* One summary read on a thread of summary_input_merge_all. */
struct summary_input_slot {
	const char *path;
	struct summary *s;
	uint64_t lines;
	char *err;
	int rc;
};

/* pool_for's step: read slot i. */
static void
summary_input_load_slot(void *ctx, size_t i)
{
	struct summary_input_slot *sl = (struct summary_input_slot *)ctx + i;

	sl->rc = summary_input_load_quiet(sl->path, false, &sl->s, &sl->lines, &sl->err);
}

/* Free what a slot holds. */
static void
summary_input_slot_free(struct summary_input_slot *sl)
{
	if (sl->s != NULL) {
		summary_free(sl->s);
		free(sl->s);
	}
	free(sl->err);
	memset(sl, 0, sizeof *sl);
}

/* Merge slot sl's summary into out; -1 after the message. */
static int
summary_input_take(const struct options *o, struct summary_input_slot *sl,
    const char *dst_name, bool keep_values, struct summary *out, uint64_t *lines)
{
	char *err = NULL;
	int rc;

	if (sl->rc != 0) {
		diag_error("%s", sl->err);
		return -1;
	}
	if (sl->s == NULL) { /* replaced by a log since it was first read */
		diag_error("%s: no longer a summary", sl->path);
		return -1;
	}
	*lines += sl->lines;
	rc = summary_input_select_ops(o, sl->path, sl->s);
	if (rc == 0 && (rc = keep_values ? summary_absorb(out, sl->s, dst_name, sl->path, &err) :
	    summary_merge(out, sl->s, dst_name, sl->path, &err)) != 0) {
		diag_error("%s", err);
		free(err);
	}
	return rc;
}

int
summary_input_merge_all(const struct options *o, struct summary_input_files *in,
    const char *dst_name, bool keep_values, struct summary *out)
{
	/* Read on -j threads, a round of files at a time (memory: a round's summaries), and
	   merged in input order, so that the result is that of one thread. */
	size_t nt = pool_threads(o->jobs), round = nt < in->n_sums ? nt : in->n_sums;
	struct summary_input_slot *sl = xcalloc(round + 1, sizeof *sl);
	int rc = 0;

	for (size_t base = 0; rc == 0 && base < in->n_sums; base += round) {
		size_t k = in->n_sums - base < round ? in->n_sums - base : round;

		for (size_t i = 0; i < k; i++)
			sl[i].path = in->sums[base + i];
		pool_for(k, nt, summary_input_load_slot, sl);
		for (size_t i = 0; i < k; i++) {
			if (rc == 0)
				rc = summary_input_take(o, &sl[i], dst_name, keep_values, out,
				    &in->sum_lines);
			summary_input_slot_free(&sl[i]);
		}
	}
	free(sl);
	return rc;
}

int64_t
summary_input_ceil(enum summary_bucket b, int64_t us)
{
	int64_t f = summary_bucket_floor(b, us);
	int64_t len = b == SUMMARY_DAY ? US_PER_DAY : US_PER_DAY / 24;

	return f == us || f > INT64_MAX - len ? f : f + len;
}

void
summary_input_windows(const struct options *o, enum summary_bucket b, int64_t now,
    struct windows *w, bool *moved)
{
	struct windows w0;
	int64_t len;

	window_resolve(o, now, &w0);
	window_resolve(o, summary_input_ceil(b, now), w);
	if (w->bounded_below && o->since_set)
		w->start = summary_bucket_floor(b, w->start);
	if (w->bounded_above && o->until_set)
		w->end = summary_input_ceil(b, w->end);
	if (w->bounded_below && w->bounded_above) {
		len = w->end - w->start;
		w->prev_end = w->start;
		w->prev_start = w->start - len;
	}
	*moved = (w->bounded_below && w->start != w0.start) ||
	    (w->bounded_above && w->end != w0.end);
}

/* The report's key of line l into b: the operation, or group.h's encoding of o's --by
 * keys (their indexes idx[] in the summary's keys). */
static void
summary_input_key(const struct summary_line *l, const struct options *o, const int *idx,
    const struct summary_header *h, struct group_buf *b)
{
	char *v[MAX_BY];

	b->n = 0;
	if (!o->grouped) {
		char *op = summary_group_value(l, SUMMARY_INPUT_OP_KEY);

		group_buf_free(b);
		b->s = op;
		b->n = strlen(op);
		b->cap = b->n + 1;
		return;
	}
	for (size_t i = 0; i < o->n_by; i++) {
		v[i] = summary_group_value(l, h->by[idx[i]]);
		group_put(b, v[i], strlen(v[i]));
		free(v[i]);
	}
}

int
summary_input_fill(struct aggregate *a, const struct summary *s, const struct windows *w,
    const struct options *o)
{
	const struct summary_header *h = &s->h;
	int idx[MAX_BY];
	struct group_buf b = {0};
	size_t nk = o->grouped ? o->n_by : 1;

	for (size_t i = 0; i < nk; i++) {
		const char *k = o->grouped ? o->by_keys[i] : SUMMARY_INPUT_OP_KEY;

		if ((idx[i] = summary_input_key_index(h, k)) < 0) {
			diag_error("%s %s: the summary is grouped by %s%s alone, not by it",
			    o->grouped ? "--by" : "the report's key", k, h->by[0],
			    h->n_by > 1 ? " and more" : "");
			return -1;
		}
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct summary_line *l = &s->lines[i];
		int win;

		if (window_contains(w->start, w->end, l->bucket_start))
			win = 0;
		else if (window_contains(w->prev_start, w->prev_end, l->bucket_start))
			win = 1;
		else
			continue;
		summary_input_key(l, o, idx, h, &b);
		if (agg_add_summary_line(a, b.s, b.n, win, l) != 0) {
			diag_error("more than %lld records, or durations too large, in one group",
			    (long long)INT64_MAX);
			group_buf_free(&b);
			return -1;
		}
	}
	group_buf_free(&b);
	for (size_t i = 0; i < a->acc_cap; i++)
		if (a->acc[i].sum != NULL) {
			summary_line_settle(&a->acc[i].sum[0]);
			summary_line_settle(&a->acc[i].sum[1]);
			for (size_t k = 0; a->acc[i].sum_bucket != NULL && k < a->acc[i].n_bucket; k++)
				summary_line_settle(&a->acc[i].sum_bucket[k]);
		}
	return 0;
}
