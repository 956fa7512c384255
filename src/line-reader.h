/* line-reader.h - bytes -> lines for one input source (source.h: a file, gzip-compressed
 * or not, or standard input). Handles a UTF-8 BOM at the start, CR before LF, a last line
 * without newline, NUL bytes and over-long lines, never buffering much more of one line
 * than max_line_bytes plus one block (LR_BLOCK_BYTES). The reader has one way to read, with
 * state: blocks of whole lines in order (lr_next_block, any input), split into lines
 * elsewhere (lr_split). A regular file may instead be read by chunks in any order
 * (lr_chunked, lr_read_chunk): those calls read the reader's source at an offset and keep
 * no state of their own, so several threads may use them at once. */
#ifndef PR_LINE_READER_H
#define PR_LINE_READER_H

#include <stdint.h>
#include <string.h>
#include "common.h"

struct line_reader;

struct lr_line {
	const char *data; /* not NUL-terminated; points into the block it was split from */
	size_t len;       /* without CR LF / LF */
	uint64_t lineno;  /* 1-based; every line counts, blank ones too */
	bool too_long;    /* longer than max_line_bytes: data is empty, the rest was skipped */
	bool has_nul;     /* contains a NUL byte */
};

enum lr_status { LR_LINE, LR_EOF, LR_ERROR };

/* Open path ("-" is standard input, named "<stdin>"). Returns NULL and sets *err (heap,
 * "FILE: No such file or directory", "FILE: is a directory") on failure. */
struct line_reader *lr_open(const char *path, size_t max_line_bytes, char **err);
/* A run of whole lines, handed over for splitting elsewhere (the scan splits and numbers them;
 * the rules are those above). The buffer passes between reader and caller: the caller
 * gives a spare one (or NULL) and receives the one holding the lines. */
struct lr_block {
	char *buf;           /* heap; owned by the caller between calls */
	size_t cap;
	size_t off, len;     /* the lines are buf[off, off + len): every one ends with LF,
			      * except a last line of the input without a final newline */
	uint64_t first_line; /* number of the first line */
	uint64_t n_lines;    /* lines in it, the over-long one included (lr_next_block) */
	bool too_long;       /* after those lines, one over-long line (skipped, no bytes) */
	size_t max_line;     /* the reader's limit, for lr_split */
};
/* Next block of whole lines, of up to about LR_BLOCK_BYTES (more when one line is longer),
 * with the BOM of the start removed. b->buf (a spare buffer of b->cap bytes, or NULL) is
 * taken and replaced by the block's. LR_ERROR sets *err (heap): a read error or a truncated or
 * corrupt gzip stream, naming the file and the last line before it (source.h's
 * messages); the lines before a read error are delivered first. */
#define LR_BLOCK_BYTES ((size_t)1 << 20)
enum lr_status lr_next_block(struct line_reader *r, struct lr_block *b, char **err);
/* The block the next lr_next_block will give, read now and kept (NULL at the end of the
 * input, or after a read error, which lr_next_block then reports): a look at the first
 * lines of an input that cannot be read twice. The block stays valid until that call. */
const struct lr_block *lr_peek_block(struct line_reader *r);
/* Reading by chunks, for named regular files that are not gzip-compressed: the file, as
 * long as it was when opened, is cut into chunks of chunk_bytes (> 0); chunk k holds the
 * lines that start in it, so that the chunks can be read in any order, by several threads
 * at once (pread; neither call changes the reader). Returns true, with the number of
 * chunks, when r can be read so. Do not mix with lr_next_block. */
bool lr_chunked(const struct line_reader *r, size_t chunk_bytes, uint64_t *n_chunks);
/* Chunk k (of chunk_bytes, as given to lr_chunked) of r into b (b->buf is reused, grown as needed): the lines that start in it
 * (possibly none), the BOM of the file removed. Their number is not known: b->first_line is
 * 1 and b->n_lines 0; lr_split counts them (only the caller knows how many lines came
 * before). An over-long line at its end is not read beyond what shows it too long.
 * LR_ERROR sets *err (heap) to the reason alone, for the caller to put after FILE:LINE: a
 * read error at a byte offset, or the file shrank. */
enum lr_status lr_read_chunk(const struct line_reader *r, size_t chunk_bytes, uint64_t k,
    struct lr_block *b, char **err);
/* The lines of a block one by one, numbered from b->first_line: each without its LF or
 * CR LF, an over-long one as too_long with no bytes, has_nul set for one holding a NUL. */
struct lr_split {
	const char *p, *end;
	uint64_t lineno;
	size_t max_line;
	bool nul;            /* the block holds a NUL byte somewhere */
	bool too_long;       /* an over-long line follows the bytes, not yet given */
};
void lr_split_init(struct lr_split *s, const struct lr_block *b);
/* lr_split_next past the block's bytes: the over-long line that follows them, once, or
 * false. */
bool lr_split_end(struct lr_split *s, struct lr_line *line);
/* Next line of the block into *line (data points into the block); false at its end.
 * Inline: the scan calls it once a line. */
static inline bool
lr_split_next(struct lr_split *s, struct lr_line *line)
{
	const char *nl, *stop;
	size_t len;

	if (s->p == NULL || s->p >= s->end)
		return lr_split_end(s, line);
	nl = memchr(s->p, '\n', (size_t)(s->end - s->p));
	stop = nl != NULL ? nl : s->end;
	len = (size_t)(stop - s->p);
	if (len > 0 && s->p[len - 1] == '\r')
		len--;
	line->data = s->p;
	line->lineno = s->lineno++;
	line->len = 0;
	line->too_long = false;
	line->has_nul = false;
	if (len > s->max_line)
		line->too_long = true;
	else {
		line->len = len;
		line->has_nul = s->nul && memchr(s->p, '\0', len) != NULL;
	}
	s->p = nl != NULL ? nl + 1 : s->end;
	return true;
}
/* Number of LF bytes in p[0, n). */
uint64_t lr_count_lf(const char *p, size_t n);
/* The first bytes of the content (a BOM removed), up to about want bytes, for sniffing its
 * layout (document.h): *p and *n stay valid until the next call on r. Reads nothing a
 * later lr_next_block, lr_read_chunk or lr_read_all would miss. Returns 0, or -1 with *err
 * (heap) on a read error. */
int lr_peek(struct line_reader *r, size_t want, const char **p, size_t *n, char **err);
/* The whole remaining content (a BOM at the start removed) as one heap buffer, *buf (the
 * caller frees it) of *n bytes, for a document read whole. Returns 0, or -1 with *err
 * (heap) on a read error. Not with the other ways of reading. */
int lr_read_all(struct line_reader *r, char **buf, size_t *n, char **err);
const char *lr_name(const struct line_reader *r);
/* Bytes consumed from the underlying file so far, and its size (0 when unknown). */
uint64_t lr_bytes_done(const struct line_reader *r);
uint64_t lr_bytes_total(const struct line_reader *r);
/* --state: start reading r at byte off of its file (a line's start; 0: the start), before
 * anything is read; the sizes above then count from there. 0, or -1 when r is not a
 * named regular file or off is past its end. */
int lr_start_at(struct line_reader *r, uint64_t off);
/* The byte of the file reading ended at: where it started, plus what was read (chunked:
 * the size the file had when opened). */
uint64_t lr_bytes_end(const struct line_reader *r, bool chunked);
/* True when r reads a named regular file that is not gzip-compressed. */
bool lr_plain_file(const struct line_reader *r);
void lr_close(struct line_reader *r);

#endif
