/* state.c - the --state FILE of incremental re-runs (state.h): compact records, the
 * binary file (encode, decode, atomic save), and the plan of what to read again. */
#include "state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pool.h"
#include "utf8.h"
#include "xalloc.h"

/* The file's first bytes. */
static const char state_magic[8] = {'P', 'R', 'S', 'T', 'A', 'T', 'E', '\n'};
/* A string length that stands for NULL. */
#define STATE_NULL_STR UINT32_MAX
/* Records kept before the first dropping of old ones (state_recs_follow). */
#define STATE_PRUNE_MIN ((size_t)1 << 16)
/* Longest string a state holds (an operation name, a session, a tally line). */
#define STATE_MAX_STR ((uint32_t)1 << 24)

/* 64-bit FNV-1a, byte by byte (state.h). */
uint64_t
state_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

/* One 64-bit word mixed into h. */
#define STATE_MIX(h, w) ((h) = ((h) ^ (w)) * UINT64_C(0x9e3779b97f4a7c15), (h) ^= (h) >> 29)

/* A checksum of p[0..n): four lanes of 64-bit words mixed (multiply, xor-shift), so that
 * they run side by side, then combined, the last bytes one by one; far faster than
 * state_hash on a hundred megabytes. */
static uint64_t
state_sum(const unsigned char *p, size_t n)
{
	uint64_t h[4] = {STATE_HASH_INIT ^ n, STATE_HASH_INIT + 1, STATE_HASH_INIT + 2,
	    STATE_HASH_INIT + 3}, w[4];
	size_t i = 0;

	for (; i + 32 <= n; i += 32) {
		memcpy(w, p + i, 32);
		STATE_MIX(h[0], w[0]);
		STATE_MIX(h[1], w[1]);
		STATE_MIX(h[2], w[2]);
		STATE_MIX(h[3], w[3]);
	}
	STATE_MIX(h[0], h[1]);
	STATE_MIX(h[0], h[2]);
	STATE_MIX(h[0], h[3]);
	return state_hash(h[0], p + i, n - i);
}

/* The checksum of n records (one chunk of the segment, or less). */
static uint64_t
state_chunk_sum(const struct state_rec *v, size_t n)
{
	return state_sum((const unsigned char *)v, n * sizeof(*v));
}

/* True when argument a is option name (as --name or --name=VALUE). */
static bool
state_is_opt(const char *a, const char *name)
{
	size_t n = strlen(name);

	return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

/* The key of a command line, --state and --now values left out (state.h). */
uint64_t
state_args_key(int argc, char *const *argv)
{
	uint64_t h = STATE_HASH_INIT;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			for (; i < argc; i++)
				h = state_hash(h, argv[i], strlen(argv[i]) + 1);
			break;
		}
		if (state_is_opt(a, "--state") || state_is_opt(a, "--now")) {
			if (strchr(a, '=') == NULL)
				i++; /* its value is the next argument */
			continue;
		}
		h = state_hash(h, a, strlen(a) + 1);
	}
	return h;
}

/* The key of this run: the command line, the project file, the version (state.h). */
uint64_t
state_key(const struct options *o)
{
	uint64_t h = state_hash(o->state_key, PACKAGE_VERSION, sizeof(PACKAGE_VERSION));
	FILE *fp;

	if (o->config_file != NULL && (fp = fopen(o->config_file, "rb")) != NULL) {
		char buf[4096];
		size_t got;

		while ((got = fread(buf, 1, sizeof(buf), fp)) > 0)
			h = state_hash(h, buf, got);
		fclose(fp);
	}
	return h;
}

/* No record kept yet; records before keep_from will not be (state.h). */
void
state_recs_init(struct state_recs *s, int64_t keep_from)
{
	memset(s, 0, sizeof(*s));
	intern_init(&s->ops);
	intern_init(&s->sessions);
	s->keep_from = keep_from;
}

/* Keep one record and intern its names (state.h). */
void
state_recs_add(struct state_recs *s, const struct record *r)
{
	uint32_t op = intern_get(&s->ops, r->op, r->op_len);
	struct state_rec *k;

	if (r->ts_us < s->keep_from)
		return;
	if (s->span > 0) {
		if (s->n == 0 || r->ts_us > s->newest)
			s->newest = r->ts_us;
		if (s->n >= s->prune_at) {
			state_recs_prune(s, s->newest - s->span);
			s->keep_from = INT64_MIN;
			s->prune_at = s->n * 2 > STATE_PRUNE_MIN ? s->n * 2 : STATE_PRUNE_MIN;
			if (r->ts_us < s->newest - s->span)
				return;
		}
	}
	if (s->n == s->cap)
		xgrow(&s->v, &s->cap, s->n + 1, sizeof(*s->v));
	k = &s->v[s->n++];
	k->ts_us = r->ts_us;
	k->duration_ms = r->duration_ms;
	k->op = op | (r->success ? 0 : STATE_FAILED);
	k->sess = r->session_id == NULL ? 0 :
	    intern_get(&s->sessions, r->session_id, r->session_len) + 1;
}

/* Drop, while reading, what windows ending at the newest record cannot reach. */
void
state_recs_follow(struct state_recs *s, int64_t span)
{
	s->span = span;
	s->prune_at = STATE_PRUNE_MIN;
}

/* Record i with its names (state.h). */
void
state_recs_get(const struct state_recs *s, size_t i, struct record *r)
{
	state_rec_get(s, &s->v[i], r);
}

/* Record *k with s's names (state.h). */
void
state_rec_get(const struct state_recs *s, const struct state_rec *k, struct record *r)
{
	uint32_t op = k->op & ~STATE_FAILED;

	memset(r, 0, sizeof(*r));
	r->ts_us = k->ts_us;
	r->duration_ms = k->duration_ms;
	r->success = (k->op & STATE_FAILED) == 0;
	r->success_given = true;
	r->op = intern_str(&s->ops, op);
	r->op_len = intern_len(&s->ops, op);
	if (k->sess != 0) {
		r->session_id = intern_str(&s->sessions, k->sess - 1);
		r->session_len = intern_len(&s->sessions, k->sess - 1);
	}
}

/* Move a thread's records and names into the whole (state.h). */
void
state_recs_merge(struct state_recs *dst, struct state_recs *src)
{
	struct record r;

	for (size_t i = 0; i < src->ops.count; i++)
		(void)intern_get(&dst->ops, intern_str(&src->ops, (uint32_t)i),
		    intern_len(&src->ops, (uint32_t)i));
	for (size_t i = 0; i < src->n; i++) {
		state_recs_get(src, i, &r);
		state_recs_add(dst, &r);
	}
	free(src->v);
	src->v = NULL;
	src->n = src->cap = 0;
}

/* Keep the records at or after from (state.h). */
void
state_recs_prune(struct state_recs *s, int64_t from)
{
	size_t k = 0;

	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].ts_us >= from)
			s->v[k++] = s->v[i];
	s->n = k;
	s->keep_from = from;
}

/* Free the records and their names. */
void
state_recs_free(struct state_recs *s)
{
	intern_free(&s->ops);
	intern_free(&s->sessions);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* An empty state that keeps every record. */
void
state_init(struct state *st)
{
	memset(st, 0, sizeof(*st));
	state_recs_init(&st->recs, INT64_MIN);
	st->keep_from = INT64_MIN;
	st->slot = -1;
}

/* Free everything a state holds. */
void
state_free(struct state *st)
{
	for (size_t i = 0; i < st->n_files; i++)
		free(st->files[i].path);
	free(st->files);
	tally_free(&st->tally);
	state_recs_free(&st->recs);
	free(st->sums);
	if (st->map != NULL)
		munmap(st->map, st->map_len);
	memset(st, 0, sizeof(*st));
}

/* Move src's segment into dst (state.h). */
void
state_seg_move(struct state *dst, struct state *src)
{
	dst->have_seg = src->have_seg;
	dst->seg = src->seg;
	dst->n_seg = src->n_seg;
	dst->sums = src->sums;
	dst->map = src->map;
	dst->map_len = src->map_len;
	src->have_seg = false;
	src->seg = NULL;
	src->n_seg = 0;
	src->sums = NULL;
	src->map = NULL;
	src->map_len = 0;
}

/* A growing output buffer. */
struct state_buf {
	unsigned char *p;
	size_t n, cap;
};

/* Append n bytes to b. */
static void
state_put(struct state_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	xgrow(&b->p, &b->cap, b->n + n, 1);
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

/* Append a 64-bit number (the machine's byte order: a state stays on its machine). */
static void
state_put_u64(struct state_buf *b, uint64_t v)
{
	state_put(b, &v, sizeof(v));
}

/* Append a string: its length (STATE_NULL_STR for NULL), then its bytes. */
static void
state_put_str(struct state_buf *b, const char *s, size_t n)
{
	uint32_t len = s == NULL ? STATE_NULL_STR : (uint32_t)n;

	state_put(b, &len, sizeof(len));
	if (s != NULL)
		state_put(b, s, n);
}

/* Append counts c. */
static void
state_put_counts(struct state_buf *b, const struct state_counts *c)
{
	state_put_u64(b, c->lines);
	state_put_u64(b, c->records);
	state_put_u64(b, c->malformed);
	state_put_u64(b, c->filtered);
	state_put_u64(b, c->has_span);
	state_put_u64(b, (uint64_t)c->first_ts);
	state_put_u64(b, (uint64_t)c->last_ts);
}

/* Append the strings of an intern table. */
static void
state_put_names(struct state_buf *b, const struct intern *t)
{
	state_put_u64(b, t->count);
	for (size_t i = 0; i < t->count; i++)
		state_put_str(b, intern_str(t, (uint32_t)i), intern_len(t, (uint32_t)i));
}

/* Offset of the manifest's length (its checksum left out) in the file. */
#define STATE_HEAD_LEN_AT 16

/* Record i of st: the segment's, then st->recs' (state.h). */
const struct state_rec *
state_rec_at(const struct state *st, size_t i)
{
	return i < st->n_seg ? &st->seg[i] : &st->recs.v[i - st->n_seg];
}

/* The checksum of chunk c of st's records (the segment's, then st->recs'): the saved one
 * when the chunk lies whole in the segment and st has them, else computed (a chunk across
 * the two parts copied into one piece first). */
static uint64_t
state_sum_of_chunk(const struct state *st, size_t c)
{
	size_t from = c * STATE_CHUNK, n = st->n_seg + st->recs.n - from;
	struct state_rec *tmp;
	uint64_t h;

	if (n > STATE_CHUNK)
		n = STATE_CHUNK;
	if (from + n <= st->n_seg)
		return st->sums != NULL && n == STATE_CHUNK ? st->sums[c] :
		    state_chunk_sum(st->seg + from, n);
	if (from >= st->n_seg)
		return state_chunk_sum(st->recs.v + (from - st->n_seg), n);
	tmp = xmalloc(n * sizeof(*tmp));
	memcpy(tmp, st->seg + from, (st->n_seg - from) * sizeof(*tmp));
	memcpy(tmp + (st->n_seg - from), st->recs.v, (from + n - st->n_seg) * sizeof(*tmp));
	h = state_chunk_sum(tmp, n);
	free(tmp);
	return h;
}

/* The manifest of st (state.h): magic, format, its length, key, counts, files, tally,
 * names, the segment's slot, its number of records and the checksum of each chunk, then
 * the checksum of every byte before. */
unsigned char *
state_encode(const struct state *st, size_t *len)
{
	struct state_buf b = {0};
	uint32_t format = STATE_FORMAT, zero = 0;
	uint64_t head_len, sum;
	size_t n = st->n_seg + st->recs.n;

	state_put(&b, state_magic, sizeof(state_magic));
	state_put(&b, &format, sizeof(format));
	state_put(&b, &zero, sizeof(zero));
	state_put_u64(&b, 0); /* the manifest's length, set below */
	state_put_u64(&b, st->key);
	state_put_u64(&b, (uint64_t)st->keep_from);
	state_put_counts(&b, &st->total);
	state_put_u64(&b, st->n_files);
	for (size_t i = 0; i < st->n_files; i++) {
		const struct state_file *f = &st->files[i];

		state_put_str(&b, f->path, strlen(f->path));
		state_put_u64(&b, f->dev);
		state_put_u64(&b, f->ino);
		state_put_u64(&b, f->offset);
		state_put_u64(&b, f->tail_hash);
		state_put_counts(&b, &f->c);
	}
	state_put_u64(&b, st->tally.count);
	state_put_str(&b, st->tally.first, st->tally.first ? strlen(st->tally.first) : 0);
	state_put_u64(&b, st->tally.n_reasons);
	for (size_t i = 0; i < st->tally.n_reasons; i++) {
		const struct tally_reason *r = &st->tally.reasons[i];

		state_put_str(&b, r->key, strlen(r->key));
		state_put_u64(&b, r->count);
		state_put_str(&b, r->first, strlen(r->first));
	}
	state_put_names(&b, &st->recs.ops);
	state_put_names(&b, &st->recs.sessions);
	state_put_u64(&b, st->slot == 1 ? 1 : 0);
	state_put_u64(&b, n);
	for (size_t c = 0; c * STATE_CHUNK < n; c++)
		state_put_u64(&b, state_sum_of_chunk(st, c));
	head_len = b.n;
	memcpy(b.p + STATE_HEAD_LEN_AT, &head_len, sizeof(head_len));
	sum = state_sum(b.p, b.n);
	state_put_u64(&b, sum);
	*len = b.n;
	return b.p;
}

/* A reader over untrusted bytes: every take checks what is left. */
struct state_in {
	const unsigned char *p;
	size_t left;
	bool bad;
};

/* Take n bytes into dst; false (and bad set) when fewer are left. */
static bool
state_take(struct state_in *in, void *dst, size_t n)
{
	if (in->bad || n > in->left) {
		in->bad = true;
		return false;
	}
	memcpy(dst, in->p, n);
	in->p += n;
	in->left -= n;
	return true;
}

/* A 64-bit number, 0 once bad. */
static uint64_t
state_take_u64(struct state_in *in)
{
	uint64_t v = 0;

	state_take(in, &v, sizeof(v));
	return v;
}

/* A string: heap copy into *out (NULL for the NULL string when null_ok); the text must
 * be UTF-8 without control characters. False when bad. */
static bool
state_take_str(struct state_in *in, bool null_ok, char **out, size_t *n_out)
{
	uint32_t len;

	*out = NULL;
	*n_out = 0;
	if (!state_take(in, &len, sizeof(len)))
		return false;
	if (len == STATE_NULL_STR && null_ok)
		return true;
	if (len > STATE_MAX_STR || len > in->left) {
		in->bad = true;
		return false;
	}
	for (uint32_t i = 0; i < len; i++)
		if (in->p[i] < 0x20 || in->p[i] == 0x7f) {
			in->bad = true;
			return false;
		}
	for (uint32_t i = 0, k; i < len; i += k)
		if ((k = (uint32_t)utf8_seq_len(in->p + i, len - i)) == 0) {
			in->bad = true;
			return false;
		}
	*out = xstrndup((const char *)in->p, len);
	*n_out = len;
	in->p += len;
	in->left -= len;
	return true;
}

/* Counts c; false when they cannot be (a span without order, more records than lines). */
static bool
state_take_counts(struct state_in *in, struct state_counts *c)
{
	uint64_t span;

	c->lines = state_take_u64(in);
	c->records = state_take_u64(in);
	c->malformed = state_take_u64(in);
	c->filtered = state_take_u64(in);
	span = state_take_u64(in);
	c->first_ts = (int64_t)state_take_u64(in);
	c->last_ts = (int64_t)state_take_u64(in);
	c->has_span = span == 1;
	/* Records, malformed and filtered lines are lines, each counted once (no sum that
	   could wrap round). */
	if (in->bad || span > 1 || (c->has_span && c->first_ts > c->last_ts) ||
	    c->records > c->lines || c->malformed > c->lines - c->records ||
	    c->filtered > c->lines - c->records - c->malformed) {
		in->bad = true;
		return false;
	}
	return true;
}

/* A table of distinct names into t; false when bad (a duplicate, an empty name where
 * names must not be). */
static bool
state_take_names(struct state_in *in, struct intern *t, bool nonempty)
{
	uint64_t n = state_take_u64(in);

	/* Each name takes at least its length's 4 bytes. */
	if (in->bad || n > in->left / 4 || n >= UINT32_MAX / 2) {
		in->bad = true;
		return false;
	}
	for (uint64_t i = 0; i < n; i++) {
		char *s;
		size_t len;

		if (!state_take_str(in, false, &s, &len) || (nonempty && len == 0)) {
			free(s);
			in->bad = true;
			return false;
		}
		if (intern_get(t, s, len) != i) {
			free(s);
			in->bad = true;
			return false;
		}
		free(s);
	}
	return true;
}

/* The tally into *t; false when bad. */
static bool
state_take_tally(struct state_in *in, struct malformed_tally *t)
{
	uint64_t n, sum = 0;
	size_t len;

	t->count = state_take_u64(in);
	if (!state_take_str(in, true, &t->first, &len))
		return false;
	n = state_take_u64(in);
	if (in->bad || n > in->left / 12 || (t->count == 0) != (t->first == NULL) ||
	    (t->count == 0 && n > 0)) {
		in->bad = true;
		return false;
	}
	for (uint64_t i = 0; i < n; i++) {
		struct tally_reason *r;
		char *key;

		xgrow(&t->reasons, &t->cap_reasons, t->n_reasons + 1, sizeof(*t->reasons));
		r = &t->reasons[t->n_reasons];
		if (!state_take_str(in, false, &key, &len))
			return false;
		if (len == 0 || len >= TALLY_KEY_SIZE) {
			free(key);
			in->bad = true;
			return false;
		}
		memcpy(r->key, key, len + 1);
		free(key);
		r->count = state_take_u64(in);
		if (!state_take_str(in, false, &r->first, &len))
			return false;
		t->n_reasons++;
		if (r->count == 0 || r->count > t->count - sum) {
			in->bad = true;
			return false;
		}
		sum += r->count;
	}
	return true;
}

/* Read a manifest from untrusted bytes, or say why not (state.h). */
int
state_decode_head(const unsigned char *buf, size_t len, bool check_sum, struct state *st,
    size_t *n_recs, char **why)
{
	struct state_in in = {buf, len, false};
	struct state s;
	char magic[sizeof(state_magic)];
	uint32_t format = 0, zero = 0;
	uint64_t n, sum, slot, lines = 0, head_len = 0;

	*why = NULL;
	*n_recs = 0;
	if (!state_take(&in, magic, sizeof(magic)) ||
	    memcmp(magic, state_magic, sizeof(magic)) != 0) {
		*why = xstrdup("is not a state file");
		return -1;
	}
	if (!state_take(&in, &format, sizeof(format)) || format != STATE_FORMAT ||
	    !state_take(&in, &zero, sizeof(zero)) || zero != 0) {
		*why = xstrdup("was written by another version");
		return -1;
	}
	/* The manifest, then its checksum. */
	if (!state_take(&in, &head_len, sizeof(head_len)) || len < sizeof(sum) ||
	    head_len < STATE_HEAD_LEN_AT + sizeof(head_len) || head_len != len - sizeof(sum)) {
		*why = xstrdup("is damaged (cut short, or its parts do not add up)");
		return -1;
	}
	memcpy(&sum, buf + head_len, sizeof(sum));
	if (check_sum && state_sum(buf, (size_t)head_len) != sum) {
		*why = xstrdup("is damaged (its checksum does not match)");
		return -1;
	}
	in.left = (size_t)head_len - (STATE_HEAD_LEN_AT + sizeof(head_len));
	state_init(&s);
	s.key = state_take_u64(&in);
	s.keep_from = (int64_t)state_take_u64(&in);
	s.recs.keep_from = s.keep_from;
	if (!state_take_counts(&in, &s.total))
		goto bad;
	n = state_take_u64(&in);
	/* Each file takes more than 100 bytes. */
	if (in.bad || n > in.left / 100)
		goto bad;
	s.files = xcalloc(n ? n : 1, sizeof(*s.files));
	for (uint64_t i = 0; i < n; i++) {
		struct state_file *f = &s.files[s.n_files];
		size_t plen;

		if (!state_take_str(&in, false, &f->path, &plen))
			goto bad;
		s.n_files++;
		f->dev = state_take_u64(&in);
		f->ino = state_take_u64(&in);
		f->offset = state_take_u64(&in);
		f->tail_hash = state_take_u64(&in);
		if (plen == 0 || !state_take_counts(&in, &f->c) || f->c.has_span ||
		    f->offset > (uint64_t)INT64_MAX || f->c.lines > f->offset)
			goto bad;
		lines += f->c.lines;
		if (lines < f->c.lines || lines > s.total.lines)
			goto bad;
	}
	if (!state_take_tally(&in, &s.tally) || s.tally.count > s.total.malformed ||
	    !state_take_names(&in, &s.recs.ops, true) ||
	    !state_take_names(&in, &s.recs.sessions, false))
		goto bad;
	slot = state_take_u64(&in);
	n = state_take_u64(&in);
	/* A checksum per chunk, 8 bytes each, fills the rest. */
	if (in.bad || slot > 1 || n > s.total.records || (n > 0 && !s.total.has_span) ||
	    n > SIZE_MAX / sizeof(struct state_rec) ||
	    (n + STATE_CHUNK - 1) / STATE_CHUNK != in.left / sizeof(uint64_t) ||
	    in.left % sizeof(uint64_t) != 0)
		goto bad;
	s.slot = (int)slot;
	s.sums = xmalloc(in.left ? in.left : 1);
	state_take(&in, s.sums, in.left);
	if (in.bad || in.left != 0)
		goto bad;
	state_free(st);
	*st = s;
	*n_recs = (size_t)n;
	return 0;
bad:
	state_free(&s);
	*why = xstrdup("is damaged (its content does not hold together)");
	return -1;
}

/* The records of a segment being checked, chunk by chunk (pool_for). */
struct state_check {
	const struct state *st;
	const struct state_rec *v;
	size_t n;
	bool check_sum;
	unsigned char *bad; /* per chunk: 0 fine, 1 its checksum differs, 2 a record is bad */
};

/* pool_for: check chunk c of ck's records: its checksum (when asked), and each record's
 * names (in range), duration (finite, >= 0) and time (within the span; records before
 * keep_from are no longer reached but stay in the segment). */
static void
state_check_chunk(void *ctx, size_t c)
{
	struct state_check *ck = ctx;
	const struct state *st = ck->st;
	size_t from = c * STATE_CHUNK, k = ck->n - from;

	if (k > STATE_CHUNK)
		k = STATE_CHUNK;
	if (ck->check_sum && state_chunk_sum(ck->v + from, k) != st->sums[c]) {
		ck->bad[c] = 1;
		return;
	}
	for (size_t i = from; i < from + k; i++) {
		const struct state_rec *r = &ck->v[i];

		if ((r->op & ~STATE_FAILED) >= st->recs.ops.count ||
		    r->sess > st->recs.sessions.count || !isfinite(r->duration_ms) ||
		    r->duration_ms < 0 || r->ts_us < st->total.first_ts ||
		    r->ts_us > st->total.last_ts) {
			ck->bad[c] = 2;
			return;
		}
	}
}

/* state_decode_recs on up to n_threads threads, a chunk at a time. */
static int
state_attach(struct state *st, size_t n_recs, const unsigned char *seg, size_t len,
    bool check_sum, size_t n_threads, char **why)
{
	const struct state_rec *v = (const struct state_rec *)(const void *)seg;
	size_t n_chunks = (n_recs + STATE_CHUNK - 1) / STATE_CHUNK;
	struct state_check ck = {st, v, n_recs, check_sum, NULL};

	*why = NULL;
	if (n_recs > 0 && (len / sizeof(*v) < n_recs ||
	    (uintptr_t)seg % _Alignof(struct state_rec) != 0)) {
		*why = xstrdup("is damaged (its records segment is cut short)");
		return -1;
	}
	ck.bad = xcalloc(n_chunks + 1, 1);
	pool_for(n_chunks, n_threads, state_check_chunk, &ck);
	for (size_t c = 0; c < n_chunks && *why == NULL; c++)
		if (ck.bad[c] != 0)
			*why = xstrdup(ck.bad[c] == 1 ?
			    "is damaged (its records' checksum does not match)" :
			    "is damaged (its records do not hold together)");
	free(ck.bad);
	if (*why != NULL)
		return -1;
	if (!check_sum) {
		/* Unchecked sums are not carried on: state_encode computes them. */
		free(st->sums);
		st->sums = NULL;
	}
	st->seg = n_recs > 0 ? v : NULL;
	st->n_seg = n_recs;
	st->have_seg = true;
	return 0;
}

/* Attach and check the segment's records (state.h). */
int
state_decode_recs(struct state *st, size_t n_recs, const unsigned char *seg, size_t len,
    bool check_sum, char **why)
{
	return state_attach(st, n_recs, seg, len, check_sum, 1, why);
}

/* A manifest and its segment (state.h). */
int
state_decode(const unsigned char *buf, size_t len, const unsigned char *seg,
    size_t seg_len, bool check_sum, struct state *st, char **why)
{
	struct state s;
	size_t n;

	state_init(&s);
	if (state_decode_head(buf, len, check_sum, &s, &n, why) != 0) {
		state_free(&s);
		return -1;
	}
	if (state_decode_recs(&s, n, seg, seg_len, check_sum, why) != 0) {
		state_free(&s);
		return -1;
	}
	state_free(st);
	*st = s;
	return 0;
}

/* The name of the records segment in slot (0 or 1) of state file path (heap). */
static char *
state_seg_path(const char *path, int slot)
{
	return xasprintf("%s.records.%d", path, slot);
}

/* Map the segment of st (its manifest read, n records committed) and attach it, checked
 * on up to n_threads threads: NULL, or why not (heap). */
static char *
state_map_seg(const char *path, struct state *st, size_t n, size_t n_threads)
{
	char *seg = state_seg_path(path, st->slot), *why = NULL;
	int fd = -1;
	struct stat sb;
	void *map = MAP_FAILED;
	size_t len = n * sizeof(struct state_rec);

	if (n == 0) {
		free(seg);
		return state_decode_recs(st, 0, NULL, 0, true, &why) == 0 ? NULL : why;
	}
	if ((fd = open(seg, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		why = xasprintf("is damaged (its records segment cannot be read: %s)",
		    strerror(errno));
	else if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (uint64_t)sb.st_size < len)
		why = xstrdup("is damaged (its records segment is cut short)");
	else if ((map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED)
		why = xasprintf("is damaged (its records segment cannot be read: %s)",
		    strerror(errno));
	else if (state_attach(st, n, map, len, true, n_threads, &why) == 0) {
		st->map = map;
		st->map_len = len;
		map = MAP_FAILED;
	}
	if (map != MAP_FAILED)
		munmap(map, len);
	if (fd >= 0)
		close(fd);
	free(seg);
	return why;
}

/* Read --state FILE for this run, or note why it is ignored (state.h). */
int
state_load(const struct options *o, struct state *st)
{
	int fd = open(o->state_file, O_RDONLY | O_CLOEXEC | O_NONBLOCK), slot;
	static const unsigned char empty[1];
	const unsigned char *buf = empty;
	void *map = MAP_FAILED;
	size_t len = 0, n;
	struct stat sb;
	char *why = NULL, *q;
	int rc = 0;

	state_init(st);
	if (fd < 0) {
		if (errno != ENOENT)
			why = xasprintf("cannot be read (%s)", strerror(errno));
	} else if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		why = xstrdup("is not a regular file");
	} else {
		len = (size_t)sb.st_size;
		if (len > 0 &&
		    (map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED)
			why = xasprintf("cannot be read (%s)", strerror(errno));
		else if (len > 0)
			buf = map;
		if (why == NULL && state_decode_head(buf, len, true, st, &n, &why) == 0) {
			slot = st->slot;
			if (st->key != state_key(o))
				why = xstrdup("was written for another command, other options or "
				    "other files");
			else
				why = state_map_seg(o->state_file, st, n, pool_threads(o->jobs));
			if (why != NULL) {
				state_free(st);
				state_init(st);
				st->slot = slot; /* the rewritten state goes to the other slot */
			} else
				rc = 1;
		}
	}
	if (map != MAP_FAILED)
		munmap(map, len);
	if (fd >= 0)
		close(fd);
	if (why != NULL) {
		q = utf8_escape_cut(o->state_file, strlen(o->state_file), 200);
		diag_note("--state %s %s: ignored, every input read whole, the state rewritten",
		    q, why);
		free(q);
		free(why);
	}
	return rc;
}

/* Write all of p[0..n) to fd at offset off; -1 with errno on error. */
static int
state_write_all(int fd, const unsigned char *p, size_t n, uint64_t off)
{
	while (n > 0) {
		ssize_t w = pwrite(fd, p, n, (off_t)off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		off += (uint64_t)w;
		n -= (size_t)w;
	}
	return 0;
}

/* Sleep ms milliseconds (o->state_pause_ms: the tests' window to kill a run). */
static void
state_pause(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (ms > 0 && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Write n records v to the segment fd from record at on, sleeping pause_ms halfway
 * through, and sync them; -1 with errno on error. */
static int
state_write_recs(int fd, const struct state_rec *v, size_t n, size_t at, long pause_ms)
{
	size_t half = n / 2;

	if (state_write_all(fd, (const unsigned char *)v, half * sizeof(*v),
	    (uint64_t)at * sizeof(*v)) != 0)
		return -1;
	state_pause(pause_ms);
	if (state_write_all(fd, (const unsigned char *)(v + half), (n - half) * sizeof(*v),
	    (uint64_t)(at + half) * sizeof(*v)) != 0)
		return -1;
	return fdatasync(fd);
}

/* Write --state FILE atomically: records appended (or compacted), then the manifest
 * renamed (state.h). */
int
state_save(const struct options *o, const struct state *st)
{
	struct state v = *st; /* the state written: st, or its records compacted */
	struct state_rec *live = NULL;
	size_t dead = 0, n_all = st->n_seg + st->recs.n, len;
	bool compact;
	char *tmp = xasprintf("%s.tmp.XXXXXX", o->state_file), *seg = NULL, *old, *q;
	int fd = mkstemp(tmp), sfd = -1, rc = -1;
	const char *what = "create a temporary file beside it";
	unsigned char *buf = NULL;

	for (size_t i = 0; i < st->n_seg; i++)
		dead += st->seg[i].ts_us < st->keep_from;
	compact = !st->have_seg || st->slot < 0 || dead * 2 > n_all;
	if (compact) {
		/* Every record still reached, into the other slot. */
		v.slot = st->slot == 0 ? 1 : 0;
		v.seg = NULL;
		v.n_seg = 0;
		v.sums = NULL;
		if (st->n_seg > 0) {
			size_t k = 0;

			live = xmalloc((n_all - dead) * sizeof(*live) + 1);
			for (size_t i = 0; i < st->n_seg; i++)
				if (st->seg[i].ts_us >= st->keep_from)
					live[k++] = st->seg[i];
			if (st->recs.n > 0)
				memcpy(live + k, st->recs.v, st->recs.n * sizeof(*live));
			v.recs.v = live;
			v.recs.n = k + st->recs.n;
		}
	}
	seg = state_seg_path(o->state_file, v.slot);
	if (fd >= 0) {
		what = "write its records";
		sfd = open(seg, O_WRONLY | O_CREAT | O_CLOEXEC | (compact ? O_TRUNC : 0), 0644);
		/* An append starts at the committed length: a killed run's bytes go. */
		if (sfd >= 0 && (compact || ftruncate(sfd, (off_t)(v.n_seg *
		    sizeof(struct state_rec))) == 0) &&
		    state_write_recs(sfd, v.recs.v, v.recs.n, v.n_seg, o->state_pause_ms) == 0 &&
		    close(sfd) == 0) {
			sfd = -1;
			what = "write it";
			buf = state_encode(&v, &len);
			/* The manifest is not synced: one a crash of the machine damages fails its
			   checksum and is ignored; a killed run leaves the old one. */
			if (state_write_all(fd, buf, len, 0) == 0 && fchmod(fd, 0644) == 0) {
				what = "replace it";
				if (close(fd) == 0 && rename(tmp, o->state_file) == 0)
					rc = 0;
				fd = -1;
			}
		}
		if (sfd >= 0)
			close(sfd);
		if (fd >= 0)
			close(fd);
		if (rc < 0)
			unlink(tmp);
	}
	if (rc < 0) {
		q = utf8_escape_cut(o->state_file, strlen(o->state_file), 200);
		diag_error("--state %s: cannot %s: %s; the old state stays", q, what,
		    strerror(errno));
		free(q);
		if (compact)
			unlink(seg); /* no manifest names it */
	} else if (compact) {
		old = state_seg_path(o->state_file, v.slot ^ 1);
		unlink(old); /* the slot the old manifest named, if any */
		free(old);
	}
	free(seg);
	free(tmp);
	free(buf);
	free(live);
	return rc;
}

/* Hash of the STATE_TAIL_BYTES of fd before offset into *h, and whether the last of them
 * is a newline (or offset is 0). False when they cannot be read. */
static bool
state_tail(int fd, uint64_t offset, uint64_t *h, bool *nl)
{
	unsigned char buf[STATE_TAIL_BYTES];
	uint64_t from = offset > STATE_TAIL_BYTES ? offset - STATE_TAIL_BYTES : 0;
	size_t n = (size_t)(offset - from), have = 0;

	while (have < n) {
		ssize_t got = pread(fd, buf + have, n - have, (off_t)(from + have));

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		have += (size_t)got;
	}
	*h = state_hash(STATE_HASH_INIT, buf, n);
	*nl = n == 0 || buf[n - 1] == '\n';
	return true;
}

/* Identity and tail hash of a file read up to offset (state.h). */
bool
state_identify(const char *path, uint64_t offset, struct state_file *f)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	bool ok = false, nl;

	memset(f, 0, sizeof(*f));
	if (fd < 0)
		return false;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && (uint64_t)sb.st_size >= offset &&
	    state_tail(fd, offset, &f->tail_hash, &nl) && nl) {
		f->dev = (uint64_t)sb.st_dev;
		f->ino = (uint64_t)sb.st_ino;
		f->offset = offset;
		f->path = xstrdup(path);
		ok = true;
	}
	close(fd);
	return ok;
}

/* True when path is a plain regular file: not gzip-compressed, not a FIFO or device. */
static bool
state_plain(const char *path)
{
	struct stat sb;
	unsigned char head[2];
	int fd;
	bool ok;

	if (strcmp(path, "-") == 0)
		return false;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return true; /* the scan says why it cannot be read */
	ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    !(pread(fd, head, 2, 0) == 2 && head[0] == 0x1f && head[1] == 0x8b);
	close(fd);
	return ok;
}

/* Whether file f, as saved, is the file at path now, appended to only. */
static bool
state_same(const char *path, const struct state_file *f)
{
	struct state_file now;
	bool same;

	if (!state_identify(path, f->offset, &now))
		return false;
	same = now.dev == f->dev && now.ino == f->ino && now.tail_hash == f->tail_hash;
	free(now.path);
	return same;
}

/* The name of the file rotated from path (FILE.1 or FILE-* beside it) that is saved file
 * f, appended to only, or NULL (heap). */
static char *
state_rotated(const char *path, const struct state_file *f)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path) + 1) : xstrdup("");
	const char *base = slash ? slash + 1 : path;
	size_t blen = strlen(base);
	DIR *d = opendir(*dir ? dir : ".");
	struct dirent *e;
	char *found = NULL;

	while (d != NULL && found == NULL && (e = readdir(d)) != NULL) {
		char *cand;

		if (strncmp(e->d_name, base, blen) != 0 ||
		    (strcmp(e->d_name + blen, ".1") != 0 && e->d_name[blen] != '-'))
			continue;
		cand = xasprintf("%s%s", dir, e->d_name);
		if (state_same(cand, f))
			found = cand;
		else
			free(cand);
	}
	if (d != NULL)
		closedir(d);
	free(dir);
	return found;
}

/* Add path to p, read from offset with counts before (rotated: a rotated file's tail). */
static void
state_plan_add(struct state_plan *p, char *path, uint64_t offset,
    const struct state_counts *before, bool rotated)
{
	size_t n = p->n + 1;

	p->paths = xreallocarray(p->paths, n, sizeof(*p->paths));
	p->offset = xreallocarray(p->offset, n, sizeof(*p->offset));
	p->before = xreallocarray(p->before, n, sizeof(*p->before));
	p->rotated = xreallocarray(p->rotated, n, sizeof(*p->rotated));
	p->paths[p->n] = path;
	p->offset[p->n] = offset;
	memset(&p->before[p->n], 0, sizeof(*p->before));
	if (before != NULL)
		p->before[p->n] = *before;
	p->rotated[p->n] = rotated;
	p->incremental |= offset > 0;
	p->n = n;
}

/* Every input of o from its start. */
static void
state_plan_whole(const struct options *o, struct state_plan *p)
{
	char *deflt = (char *)o->default_input;

	state_plan_free(p);
	if (o->n_files == 0)
		state_plan_add(p, deflt, 0, NULL, false);
	for (size_t i = 0; i < o->n_files; i++)
		state_plan_add(p, o->files[i], 0, NULL, false);
}

/* Note that the state is not used because input path is in case why. */
static void
state_plan_note(const char *path, const char *why)
{
	char *q = utf8_escape_cut(path, strlen(path), 200);

	diag_note("--state: %s %s: every input read whole", q, why);
	free(q);
}

/* What to read this run, and from where (state.h). */
int
state_plan(const struct options *o, const struct state *st, int have,
    struct state_plan *p)
{
	char *const *files = o->files;
	char *deflt[1] = {(char *)o->default_input};
	size_t n = o->n_files;

	memset(p, 0, sizeof(*p));
	if (n == 0) {
		files = deflt;
		n = 1;
	}
	state_plan_whole(o, p);
	for (size_t i = 0; i < n; i++)
		if (!state_plain(files[i])) {
			char *q = utf8_escape_cut(files[i], strlen(files[i]), 200);

			diag_note("--state: %s is standard input, a FIFO or gzip-compressed, read "
			    "whole every time: no state kept", strcmp(q, "-") ? q : "<stdin>");
			free(q);
			return -1;
		}
	if (have != 1)
		return 0;
	if (st->n_files != n) {
		state_plan_note(o->state_file, "names other files");
		return 0;
	}
	state_plan_free(p);
	for (size_t i = 0; i < n; i++) {
		const struct state_file *f = &st->files[i];
		struct stat sb;
		char *rot;

		if (strcmp(f->path, files[i]) != 0) {
			state_plan_whole(o, p);
			state_plan_note(o->state_file, "names other files");
			return 0;
		}
		if (state_same(files[i], f)) {
			state_plan_add(p, files[i], f->offset, &f->c, false);
			continue;
		}
		if (stat(files[i], &sb) == 0 && (uint64_t)sb.st_dev == f->dev &&
		    (uint64_t)sb.st_ino == f->ino) {
			state_plan_whole(o, p);
			state_plan_note(files[i], (uint64_t)sb.st_size < f->offset ?
			    "shrank since the last run" : "was rewritten since the last run");
			return 0;
		}
		if ((rot = state_rotated(files[i], f)) == NULL) {
			state_plan_whole(o, p);
			state_plan_note(files[i], "was replaced since the last run");
			return 0;
		}
		p->owned = xreallocarray(p->owned, p->n_owned + 1, sizeof(*p->owned));
		p->owned[p->n_owned++] = rot;
		state_plan_add(p, rot, f->offset, &f->c, true);
		state_plan_add(p, files[i], 0, NULL, false);
		p->incremental = true;
	}
	return 1;
}

/* Free a plan. */
void
state_plan_free(struct state_plan *p)
{
	for (size_t i = 0; i < p->n_owned; i++)
		free(p->owned[i]);
	free(p->owned);
	free(p->paths);
	free(p->offset);
	free(p->before);
	free(p->rotated);
	memset(p, 0, sizeof(*p));
}

/* A copy of a malformed-line tally (state.h). */
void
state_tally_copy(struct malformed_tally *dst, const struct malformed_tally *t)
{
	memset(dst, 0, sizeof(*dst));
	state_tally_append(dst, t);
}

/* One tally after another: counts added, reasons in order (state.h). */
void
state_tally_append(struct malformed_tally *t, const struct malformed_tally *more)
{
	if (more->count == 0)
		return;
	if (t->count == 0) {
		free(t->first);
		t->first = more->first ? xstrdup(more->first) : NULL;
	}
	t->count += more->count;
	for (size_t i = 0; i < more->n_reasons; i++) {
		const struct tally_reason *m = &more->reasons[i];
		struct tally_reason *r = NULL;

		for (size_t k = 0; k < t->n_reasons && r == NULL; k++)
			if (strcmp(t->reasons[k].key, m->key) == 0)
				r = &t->reasons[k];
		if (r == NULL) {
			xgrow(&t->reasons, &t->cap_reasons, t->n_reasons + 1, sizeof(*t->reasons));
			r = &t->reasons[t->n_reasons++];
			memcpy(r->key, m->key, sizeof(r->key));
			r->count = 0;
			r->first = xstrdup(m->first);
		}
		r->count += m->count;
	}
}
