/* line-reader.c - bytes -> lines for one input: plain or gzip (zlib inflate with automatic
 * header detection, concatenated members), a regular file, a pipe or standard input.
 * Memory per reader is bounded by max_line_bytes plus fixed buffers. */
#include "line-reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "xalloc.h"

#define LR_CHUNK (256 * 1024)
#define LR_ZCHUNK (128 * 1024)

struct line_reader {
	int fd;
	char *name;
	size_t max_line;
	uint64_t lineno;
	uint64_t raw_done, raw_total;
	bool at_start;   /* no byte delivered yet: a BOM may follow */
	bool eof;        /* no more bytes from the source */
	bool sniffed;
	bool gzip;
	bool z_ended;    /* a gzip member ended and no further input followed yet */
	z_stream z;
	unsigned char *zin;
	char *buf;       /* decoded bytes [pos, end) pending */
	size_t cap, pos, end;
	size_t scanned;  /* bytes after pos already known to hold no LF */
};

struct line_reader *
lr_open(const char *path, size_t max_line_bytes, char **err)
{
	struct line_reader *r;
	struct stat st;
	int fd;
	bool is_stdin = strcmp(path, "-") == 0;

	if (is_stdin)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		*err = xasprintf("%s: is a directory", is_stdin ? "<stdin>" : path);
		if (!is_stdin)
			close(fd);
		return NULL;
	}
	r = xcalloc(1, sizeof(*r));
	r->fd = fd;
	r->name = xstrdup(is_stdin ? "<stdin>" : path);
	r->max_line = max_line_bytes;
	r->raw_total = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	r->at_start = true;
	r->cap = LR_CHUNK;
	if (r->cap < max_line_bytes / 4)
		r->cap = LR_CHUNK;
	r->buf = xmalloc(r->cap);
	return r;
}

const char *
lr_name(const struct line_reader *r)
{
	return r->name;
}

uint64_t
lr_bytes_done(const struct line_reader *r)
{
	return r->raw_done;
}

uint64_t
lr_bytes_total(const struct line_reader *r)
{
	return r->raw_total;
}

/* read(2) that retries on EINTR. Returns bytes read, 0 at end, -1 on error. */
static ssize_t
lr_read_raw(struct line_reader *r, void *dst, size_t n)
{
	ssize_t got;

	do
		got = read(r->fd, dst, n);
	while (got < 0 && errno == EINTR);
	if (got > 0)
		r->raw_done += (uint64_t)got;
	return got;
}

/* Decode gzip input into buf[end..cap). Returns bytes produced, 0 at a clean end, -1 error. */
static ssize_t
lr_fill_gzip(struct line_reader *r, char **err)
{
	size_t room = r->cap - r->end;
	int ret;

	r->z.next_out = (unsigned char *)r->buf + r->end;
	r->z.avail_out = (uInt)room;
	while (r->z.avail_out == room) {
		if (r->z.avail_in == 0) {
			ssize_t got = lr_read_raw(r, r->zin, LR_ZCHUNK);
			if (got < 0) {
				*err = xasprintf("%s: read error after line %llu: %s", r->name,
				    (unsigned long long)r->lineno, strerror(errno));
				return -1;
			}
			if (got == 0) {
				if (r->z_ended)
					return 0;
				*err = xasprintf("%s: truncated gzip data after line %llu "
				    "(%llu compressed bytes read)", r->name,
				    (unsigned long long)r->lineno, (unsigned long long)r->raw_done);
				return -1;
			}
			r->z.next_in = r->zin;
			r->z.avail_in = (uInt)got;
		}
		if (r->z_ended) {
			/* Another member follows (concatenated gzip files). */
			if (inflateReset(&r->z) != Z_OK)
				goto corrupt;
			r->z_ended = false;
		}
		ret = inflate(&r->z, Z_NO_FLUSH);
		if (ret == Z_STREAM_END)
			r->z_ended = true;
		else if (ret != Z_OK && ret != Z_BUF_ERROR)
			goto corrupt;
	}
	return (ssize_t)(room - r->z.avail_out);
corrupt:
	*err = xasprintf("%s: corrupt gzip data after line %llu (%s)", r->name,
	    (unsigned long long)r->lineno, r->z.msg ? r->z.msg : "inflate failed");
	return -1;
}

/* Look at the first bytes: gzip magic switches to inflate, with those bytes as its input. */
static int
lr_sniff(struct line_reader *r, char **err)
{
	ssize_t got;
	size_t have = 0;
	unsigned char head[4];

	r->sniffed = true;
	while (have < 2) {
		got = lr_read_raw(r, head + have, 2 - have);
		if (got < 0) {
			*err = xasprintf("%s: read error: %s", r->name, strerror(errno));
			return -1;
		}
		if (got == 0)
			break;
		have += (size_t)got;
	}
	if (have == 2 && head[0] == 0x1f && head[1] == 0x8b) {
		r->gzip = true;
		r->zin = xmalloc(LR_ZCHUNK);
		memcpy(r->zin, head, 2);
		if (inflateInit2(&r->z, 15 + 16) != Z_OK) {
			*err = xasprintf("%s: cannot initialise gzip decoder", r->name);
			return -1;
		}
		r->z.next_in = r->zin;
		r->z.avail_in = 2;
		return 0;
	}
	memcpy(r->buf + r->end, head, have);
	r->end += have;
	if (have < 2)
		r->eof = true;
	return 0;
}

/* Make room and read more bytes. Returns 1 when bytes were added, 0 at end, -1 on error. */
static int
lr_fill(struct line_reader *r, char **err)
{
	ssize_t got;

	if (!r->sniffed && lr_sniff(r, err) < 0)
		return -1;
	if (r->eof)
		return 0;
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->end -= r->pos;
		r->pos = 0;
	}
	if (r->end == r->cap) {
		r->cap *= 2;
		r->buf = xrealloc(r->buf, r->cap);
	}
	if (r->gzip)
		got = lr_fill_gzip(r, err);
	else {
		got = lr_read_raw(r, r->buf + r->end, r->cap - r->end);
		if (got < 0)
			*err = xasprintf("%s: read error after line %llu: %s", r->name,
			    (unsigned long long)r->lineno, strerror(errno));
	}
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

enum lr_status
lr_next(struct line_reader *r, struct lr_line *line, char **err)
{
	char *start, *nl;
	size_t len;
	int f;

	memset(line, 0, sizeof(*line));
	for (;;) {
		if (r->at_start && r->end - r->pos < 3 && !r->eof) {
			if ((f = lr_fill(r, err)) < 0)
				return LR_ERROR;
			if (f > 0)
				continue;
		}
		if (r->at_start) {
			r->at_start = false;
			if (r->end - r->pos >= 3 && memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3) == 0)
				r->pos += 3;
		}
		nl = memchr(r->buf + r->pos + r->scanned, '\n', r->end - r->pos - r->scanned);
		if (nl != NULL)
			break;
		r->scanned = r->end - r->pos;
		if (r->scanned > r->max_line + 1) {
			/* Too long: drop what we hold and the rest of the line. */
			r->scanned = 0;
			r->pos = r->end = 0;
			if (lr_skip_line(r, err) < 0)
				return LR_ERROR;
			line->too_long = true;
			line->data = r->buf;
			line->lineno = ++r->lineno;
			return LR_LINE;
		}
		if ((f = lr_fill(r, err)) < 0)
			return LR_ERROR;
		if (f == 0) {
			if (r->end == r->pos)
				return LR_EOF;
			/* Last line without a final newline. */
			nl = r->buf + r->end;
			break;
		}
	}
	r->scanned = 0;
	start = r->buf + r->pos;
	len = (size_t)(nl - start);
	r->pos = (nl == r->buf + r->end) ? r->end : (size_t)(nl - r->buf) + 1;
	if (len > 0 && start[len - 1] == '\r')
		len--;
	line->lineno = ++r->lineno;
	if (len > r->max_line) {
		line->too_long = true;
		line->data = start;
		return LR_LINE;
	}
	line->data = start;
	line->len = len;
	line->has_nul = memchr(start, '\0', len) != NULL;
	return LR_LINE;
}

void
lr_close(struct line_reader *r)
{
	if (r == NULL)
		return;
	if (r->gzip)
		inflateEnd(&r->z);
	if (r->fd != STDIN_FILENO)
		close(r->fd);
	free(r->zin);
	free(r->buf);
	free(r->name);
	free(r);
}
