/* line-reader.c - bytes -> lines for one input, its bytes taken from a source (source.c:
 * plain or gzip, a regular file, a pipe or standard input). Memory per reader is bounded
 * by max_line_bytes plus fixed buffers. */
#include "line-reader.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#define LR_SSE2 1
#endif

#include "source.h"
#include "xalloc.h"

#define LR_CHUNK (256 * 1024)

struct line_reader {
	struct source *src;
	size_t max_line;
	uint64_t lineno;
	bool at_start;   /* no byte delivered yet: a BOM may follow */
	bool no_bom;     /* lr_start_at: the start is inside the file, no BOM there */
	bool eof;        /* no more bytes from the source */
	char *buf;       /* decoded bytes [pos, end) pending */
	size_t cap, pos, end;
	uint64_t pending_lf; /* LF bytes in [pos, end) */
	char *deferred_err;  /* a read error held back until the lines before it are out */
	struct lr_block held; /* lr_peek_block's block, given first by lr_next_block */
	bool has_held;
	char *peek;          /* lr_peek of a file read by offset: its first bytes */
	size_t peek_len;
};

struct line_reader *
lr_open(const char *path, size_t max_line_bytes, char **err)
{
	struct source *src = src_open(path, err);
	struct line_reader *r;

	if (src == NULL)
		return NULL;
	r = xcalloc(1, sizeof(*r));
	r->src = src;
	r->max_line = max_line_bytes;
	r->at_start = true;
	/* No buffer yet: a file read by chunks never needs one. */
	return r;
}

int
lr_start_at(struct line_reader *r, uint64_t off)
{
	if (off == 0)
		return 0;
	if (src_start_at(r->src, off) < 0)
		return -1;
	r->no_bom = true;
	return 0;
}

uint64_t
lr_bytes_end(const struct line_reader *r, bool chunked)
{
	return src_base(r->src) + (chunked ? src_bytes_total(r->src) : src_bytes_done(r->src));
}

bool
lr_plain_file(const struct line_reader *r)
{
	return src_plain_file(r->src);
}

const char *
lr_name(const struct line_reader *r)
{
	return src_name(r->src);
}

uint64_t
lr_bytes_done(const struct line_reader *r)
{
	return src_bytes_done(r->src);
}

uint64_t
lr_bytes_total(const struct line_reader *r)
{
	return src_bytes_total(r->src);
}

/* Make room and read more bytes. Returns 1 when bytes were added, 0 at end, -1 on error. */
static int
lr_fill(struct line_reader *r, char **err)
{
	ssize_t got;
	size_t room;

	if (r->eof)
		return 0;
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->end -= r->pos;
		r->pos = 0;
	}
	if (r->end == r->cap) {
		r->cap = r->cap > 0 ? 2 * r->cap : LR_CHUNK;
		r->buf = xrealloc(r->buf, r->cap);
	}
	room = r->cap - r->end;
	if (room > LR_BLOCK_BYTES)
		room = LR_BLOCK_BYTES;
	got = src_read(r->src, r->buf + r->end, room, r->lineno + r->pending_lf, err);
	if (got < 0)
		return -1;
	if (got == 0) {
		r->eof = true;
		return 0;
	}
	r->end += (size_t)got;
	return 1;
}

/* Discard bytes up to and including the next LF (the rest of an over-long line). */
static int
lr_skip_line(struct line_reader *r, char **err)
{
	for (;;) {
		char *nl = memchr(r->buf + r->pos, '\n', r->end - r->pos);
		if (nl != NULL) {
			r->pos = (size_t)(nl - r->buf) + 1;
			return 0;
		}
		r->pos = r->end = 0;
		int f = lr_fill(r, err);
		if (f <= 0)
			return f;
	}
}

uint64_t
lr_count_lf(const char *p, size_t n)
{
	uint64_t count = 0;
	size_t i = 0;

#ifdef LR_SSE2
	/* Each compare gives 0xff (-1) per LF; subtracting counts them in 16 byte lanes, two
	 * compares per lane and round, summed before any lane can pass 255. */
	const __m128i lf = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();

	while (n - i >= 64) {
		__m128i a0 = zero, a1 = zero, sum;
		size_t k = (n - i) / 64;

		if (k > 127)
			k = 127;
		for (; k > 0; k--, i += 64) {
			const __m128i *q = (const __m128i *)(p + i);

			a0 = _mm_sub_epi8(a0, _mm_cmpeq_epi8(_mm_loadu_si128(q), lf));
			a1 = _mm_sub_epi8(a1, _mm_cmpeq_epi8(_mm_loadu_si128(q + 1), lf));
			a0 = _mm_sub_epi8(a0, _mm_cmpeq_epi8(_mm_loadu_si128(q + 2), lf));
			a1 = _mm_sub_epi8(a1, _mm_cmpeq_epi8(_mm_loadu_si128(q + 3), lf));
		}
		sum = _mm_add_epi64(_mm_sad_epu8(a0, zero), _mm_sad_epu8(a1, zero));
		count += (uint64_t)_mm_cvtsi128_si64(sum) +
		    (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(sum, sum));
	}
#endif
	for (; i < n; i++)
		count += p[i] == '\n';
	return count;
}

/* Hand buf[pos, pos + len) to b, and give the reader b's spare buffer holding what followed
 * (the bytes up to end). */
static void
lr_hand_over(struct line_reader *r, struct lr_block *b, size_t len)
{
	char *spare = b->buf;
	size_t spare_cap = b->cap, rest = r->end - r->pos - len;
	size_t want = r->cap < 2 * LR_BLOCK_BYTES ? r->cap : 2 * LR_BLOCK_BYTES;

	/* The reader goes on with a buffer of the size it has grown to, at most about two
	 * blocks (more only while a long line is pending): a long line once met does not
	 * leave every buffer large. */
	if (want < 2 * rest)
		want = 2 * rest;
	if (spare == NULL || spare_cap < want || spare_cap > 2 * want) {
		free(spare);
		spare = xmalloc(want);
		spare_cap = want;
	}
	memcpy(spare, r->buf + r->pos + len, rest);
	b->buf = r->buf;
	b->cap = r->cap;
	b->off = r->pos;
	b->len = len;
	b->too_long = false;
	b->max_line = r->max_line;
	r->buf = spare;
	r->cap = spare_cap;
	r->pos = 0;
	r->end = rest;
}

const struct lr_block *
lr_peek_block(struct line_reader *r)
{
	char *err = NULL;

	if (!r->has_held && r->deferred_err == NULL) {
		switch (lr_next_block(r, &r->held, &err)) {
		case LR_LINE:
			r->has_held = true;
			break;
		case LR_ERROR:
			r->deferred_err = err; /* lr_next_block says it where it belongs */
			break;
		case LR_EOF:
			break;
		}
	}
	return r->has_held ? &r->held : NULL;
}

enum lr_status
lr_next_block(struct line_reader *r, struct lr_block *b, char **err)
{
	char *e = NULL, *nl;
	int f;

	if (r->has_held) {
		/* The peeked block, and b's spare buffer kept for the next one. */
		struct lr_block spare = *b;

		*b = r->held;
		r->held = spare;
		r->has_held = false;
		return LR_LINE;
	}

	while (r->at_start && r->end - r->pos < 3 && !r->eof && r->deferred_err == NULL)
		if (lr_fill(r, err) < 0)
			return LR_ERROR;
	if (r->at_start) {
		r->at_start = false;
		if (!r->no_bom && r->end - r->pos >= 3 && memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3) == 0)
			r->pos += 3;
		r->pending_lf = lr_count_lf(r->buf + r->pos, r->end - r->pos);
	}
	/* A read error held back (here, or by lr_peek's look ahead) comes once the whole
	 * lines before it are out. */
	if (r->deferred_err != NULL && r->pending_lf == 0) {
		*err = r->deferred_err;
		r->deferred_err = NULL;
		return LR_ERROR;
	}
	for (size_t target = LR_BLOCK_BYTES;;) {
		/* Fill up to target bytes, counting the LFs that come in. */
		/* The buffer starts small (a short input never needs two blocks of memory)
		 * and doubles as it fills (lr_fill), up to two blocks. */
		while (r->end - r->pos < target && (r->end < r->cap || r->cap < 2 * LR_BLOCK_BYTES) &&
		    !r->eof && r->deferred_err == NULL) {
			size_t had = r->end - r->pos;

			if ((f = lr_fill(r, &e)) < 0) {
				if (r->pending_lf == 0) {
					*err = e;
					return LR_ERROR;
				}
				r->deferred_err = e;
				break;
			}
			r->pending_lf += lr_count_lf(r->buf + r->pos + had, r->end - r->pos - had);
		}
		if (r->pending_lf > 0) {
			/* The last LF; what follows it is part of one line, so short. */
			for (nl = r->buf + r->end - 1; *nl != '\n'; nl--)
				;
			lr_hand_over(r, b, (size_t)(nl - (r->buf + r->pos)) + 1);
			b->first_line = r->lineno + 1;
			b->n_lines = r->pending_lf;
			r->lineno += r->pending_lf;
			r->pending_lf = 0;
			return LR_LINE;
		}
		if (r->eof) {
			if (r->end == r->pos)
				return LR_EOF;
			/* Last line without a final newline. */
			lr_hand_over(r, b, r->end - r->pos);
			b->first_line = ++r->lineno;
			b->n_lines = 1;
			return LR_LINE;
		}
		if (r->end - r->pos > r->max_line + 1) {
			/* Too long: drop it and the rest of the line; count what follows. */
			r->pos = r->end = 0;
			if (lr_skip_line(r, err) < 0)
				return LR_ERROR;
			r->pending_lf = lr_count_lf(r->buf + r->pos, r->end - r->pos);
			b->off = b->len = 0;
			b->too_long = true;
			b->max_line = r->max_line;
			b->first_line = ++r->lineno;
			b->n_lines = 1;
			return LR_LINE;
		}
		/* A line longer than what is held, but not too long: read more of it. */
		target = r->end - r->pos + LR_BLOCK_BYTES;
		if (r->pos > 0) {
			memmove(r->buf, r->buf + r->pos, r->end - r->pos);
			r->end -= r->pos;
			r->pos = 0;
		}
		if (r->cap < target) {
			r->cap = target > 2 * r->cap ? target : 2 * r->cap;
			r->buf = xrealloc(r->buf, r->cap);
		}
	}
}

bool
lr_chunked(const struct line_reader *r, size_t chunk_bytes, uint64_t *n_chunks)
{
	if (!src_seekable(r->src))
		return false;
	*n_chunks = (src_bytes_total(r->src) + chunk_bytes - 1) / chunk_bytes;
	return true;
}

/* Make room for n bytes in b->buf, keeping the first keep; a buffer far larger than needed
 * (after a long line) is given back when nothing is kept. */
static void
lr_block_room(struct lr_block *b, size_t n, size_t keep)
{
	if (b->cap < n || (keep == 0 && b->cap / 4 > n)) {
		char *nb = xmalloc(n);

		if (keep > 0)
			memcpy(nb, b->buf, keep);
		free(b->buf);
		b->buf = nb;
		b->cap = n;
	}
}

enum lr_status
lr_read_chunk(const struct line_reader *r, size_t chunk_bytes, uint64_t k, struct lr_block *b,
    char **err)
{
	uint64_t size = src_bytes_total(r->src), a = k * chunk_bytes, e, r0, first = 0;
	size_t have, s, stop, piece = 4096;
	char *nl;

	b->off = b->len = 0;
	b->first_line = 1;
	b->n_lines = 0;
	b->too_long = false;
	b->max_line = r->max_line;
	if (a >= size)
		return LR_LINE;
	e = size - a < chunk_bytes ? size : a + chunk_bytes;
	/* From the byte before the chunk: an LF there means a line starts at a. */
	r0 = a == 0 ? 0 : a - 1;
	have = (size_t)(e - r0);
	lr_block_room(b, have + piece, 0);
	if (src_pread(r->src, b->buf, have, r0, err) < 0)
		return LR_ERROR;
	/* The first line starts at 0, or at 3 after a BOM; the others after an LF. */
	if (a <= 3 && size >= 3 && !r->no_bom) {
		char head[3];

		if (src_pread(r->src, head, 3, 0, err) < 0)
			return LR_ERROR;
		if (memcmp(head, "\xEF\xBB\xBF", 3) == 0)
			first = 3;
	}
	if (a <= first && first < e)
		s = (size_t)(first - r0);
	else {
		/* An LF in [a - 1, e - 1). */
		if (a == 0 || (nl = memchr(b->buf, '\n', have - 1)) == NULL)
			return LR_LINE;
		s = (size_t)(nl - b->buf) + 1;
	}
	if (r0 + s >= size)
		return LR_LINE;
	/* The lines whose LF is in the chunk; then the one running past its end, if any. */
	for (stop = have; stop > s && b->buf[stop - 1] != '\n'; stop--)
		;
	if (stop < have) {
		uint64_t off = e;
		size_t searched = have; /* [stop, searched) holds no LF */

		/* Read on until its LF, the end of the file, or enough to show it too long. */
		for (;;) {
			size_t n;

			if ((nl = memchr(b->buf + searched, '\n', have - searched)) != NULL) {
				stop = (size_t)(nl - b->buf) + 1;
				break;
			}
			searched = have;
			if (have - stop > r->max_line + 1) {
				b->too_long = true;
				break;
			}
			if (off >= size) {
				stop = have;
				break;
			}
			n = size - off < piece ? (size_t)(size - off) : piece;
			if (b->cap < have + n)
				lr_block_room(b, have + n > 2 * b->cap ? have + n : 2 * b->cap, have);
			if (src_pread(r->src, b->buf + have, n, off, err) < 0)
				return LR_ERROR;
			have += n;
			off += n;
			if (piece < LR_BLOCK_BYTES)
				piece *= 2;
		}
	}
	b->off = s;
	b->len = stop - s;
	return LR_LINE;
}

void
lr_split_init(struct lr_split *s, const struct lr_block *b)
{
	s->p = b->buf != NULL ? b->buf + b->off : NULL;
	s->end = s->p != NULL ? s->p + b->len : NULL;
	s->lineno = b->first_line;
	s->max_line = b->max_line;
	s->too_long = b->too_long;
	s->nul = b->len > 0 && memchr(s->p, '\0', b->len) != NULL;
}

/* The over-long line after a block's bytes (see line-reader.h). */
bool
lr_split_end(struct lr_split *s, struct lr_line *line)
{
	memset(line, 0, sizeof(*line));
	if (!s->too_long)
		return false;
	s->too_long = false;
	line->data = "";
	line->too_long = true;
	line->lineno = s->lineno++;
	return true;
}

/* Skip a BOM at the start of p[0, *n): returns where the content begins. */
static size_t
lr_bom(const char *p, size_t n)
{
	return n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* Give a block lr_peek_block holds back to the buffer, for a reader that goes on otherwise
 * than by blocks (lr_peek of a stream, lr_read_all): its bytes first again, its lines
 * numbered again. An over-long line's block holds no bytes and stays held. */
static void
lr_unhold(struct line_reader *r)
{
	const struct lr_block *h = &r->held;
	size_t rest = r->end - r->pos, cap;
	char *nb;

	if (!r->has_held || h->too_long)
		return;
	cap = h->len + rest > LR_CHUNK ? h->len + rest : LR_CHUNK;
	nb = xmalloc(cap);
	memcpy(nb, h->buf + h->off, h->len);
	if (rest > 0)
		memcpy(nb + h->len, r->buf + r->pos, rest);
	free(r->buf);
	r->buf = nb;
	r->cap = cap;
	r->pos = 0;
	r->end = h->len + rest;
	r->pending_lf += lr_count_lf(nb, h->len);
	r->lineno -= h->n_lines;
	r->has_held = false;
}

int
lr_peek(struct line_reader *r, size_t want, const char **p, size_t *n, char **err)
{
	size_t b;

	if (src_seekable(r->src)) {
		/* Read by offset, so that lr_read_chunk may still be used. */
		uint64_t size = src_bytes_total(r->src);
		size_t len = size < want + 3 ? (size_t)size : want + 3;

		if (r->peek == NULL) {
			r->peek = xmalloc(len > 0 ? len : 1);
			if (src_pread(r->src, r->peek, len, 0, err) < 0) {
				char *why = *err;

				*err = xasprintf("%s: %s", lr_name(r), why);
				free(why);
				return -1;
			}
			r->peek_len = len;
		}
		b = lr_bom(r->peek, r->peek_len);
		*p = r->peek + b;
		*n = r->peek_len - b;
		return 0;
	}
	/* A stream: the bytes stay in the buffer lr_next_block reads from. */
	lr_unhold(r);
	while (r->end - r->pos < want + 3 && !r->eof && r->deferred_err == NULL) {
		size_t had = r->end - r->pos;
		char *e = NULL;

		if (r->end == r->cap && r->pos == 0 && r->cap >= want + 3)
			break;
		if (lr_fill(r, &e) < 0) {
			/* Sniff what came before the error, which comes where the lines reach
			 * it (lr_next_block), as it would without the look ahead. */
			r->deferred_err = e;
			break;
		}
		/* Counted at the start too (lr_next_block counts the buffer again there): a
		 * read error's message names the line it came after. */
		r->pending_lf += lr_count_lf(r->buf + r->pos + had, r->end - r->pos - had);
	}
	b = r->at_start ? lr_bom(r->buf + r->pos, r->end - r->pos) : 0;
	*p = r->buf != NULL ? r->buf + r->pos + b : "";
	*n = r->end - r->pos - b;
	return 0;
}

int
lr_read_all(struct line_reader *r, char **buf, size_t *n, char **err)
{
	size_t b;

	lr_unhold(r);
	if (r->deferred_err != NULL) {
		/* A document is read whole: a read error anywhere in it is the source's. */
		*err = r->deferred_err;
		r->deferred_err = NULL;
		return -1;
	}
	for (;;) {
		int f = lr_fill(r, err);

		if (f < 0)
			return -1;
		if (f == 0)
			break;
	}
	b = r->at_start ? lr_bom(r->buf + r->pos, r->end - r->pos) : 0;
	r->at_start = false;
	*n = r->end - r->pos - b;
	/* The reader's own buffer is handed over (no second copy of a large document). */
	if (r->end == r->cap) {
		r->cap++;
		r->buf = xrealloc(r->buf, r->cap);
	}
	memmove(r->buf, r->buf + r->pos + b, *n);
	r->buf[*n] = '\0';
	*buf = r->buf;
	r->buf = NULL;
	r->cap = r->pos = r->end = 0;
	return 0;
}

void
lr_close(struct line_reader *r)
{
	if (r == NULL)
		return;
	free(r->peek);
	free(r->deferred_err);
	free(r->held.buf);
	src_close(r->src);
	free(r->buf);
	free(r);
}
