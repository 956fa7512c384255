/* source.c - one input's bytes: read(2), zlib inflate with automatic header detection, or
 * pread(2) of a regular file. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "xalloc.h"

#define SRC_ZCHUNK (128 * 1024)

struct source {
	int fd;
	char *name;
	uint64_t raw_done, raw_total;
	uint64_t base;      /* src_start_at: the content starts at this byte of the file */
	bool seekable_file; /* a named regular file */
	bool sniffed;       /* the first src_read looked for the gzip magic */
	bool eof;           /* the file ended within the first two bytes */
	unsigned char head[2]; /* plain input: the sniffed bytes, not yet delivered */
	size_t head_len;
	bool gzip;
	bool z_ended;       /* a gzip member ended and no further input followed yet */
	bool z_corrupt;     /* inflate failed after giving bytes, which went out first */
	z_stream z;
	unsigned char *zin;
};

struct source *
src_open(const char *path, char **err)
{
	struct source *s;
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
	s = xcalloc(1, sizeof(*s));
	s->fd = fd;
	s->name = xstrdup(is_stdin ? "<stdin>" : path);
	s->raw_total = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	s->seekable_file = !is_stdin && S_ISREG(st.st_mode);
	return s;
}

const char *
src_name(const struct source *s)
{
	return s->name;
}

uint64_t
src_bytes_done(const struct source *s)
{
	return s->raw_done;
}

uint64_t
src_bytes_total(const struct source *s)
{
	return s->raw_total;
}

/* read(2) that retries on EINTR. Returns bytes read, 0 at end, -1 on error. */
static ssize_t
src_read_raw(struct source *s, void *dst, size_t n)
{
	ssize_t got;

	do
		got = read(s->fd, dst, n);
	while (got < 0 && errno == EINTR);
	if (got > 0)
		s->raw_done += (uint64_t)got;
	return got;
}

/* Look at the first two bytes: the gzip magic switches to inflate, with those bytes as its
 * input; otherwise they are the first bytes of the content. */
static int
src_sniff(struct source *s, char **err)
{
	ssize_t got;
	size_t have = 0;

	s->sniffed = true;
	while (have < 2) {
		got = src_read_raw(s, s->head + have, 2 - have);
		if (got < 0) {
			*err = xasprintf("%s: read error: %s", s->name, strerror(errno));
			return -1;
		}
		if (got == 0)
			break;
		have += (size_t)got;
	}
	if (have == 2 && s->head[0] == 0x1f && s->head[1] == 0x8b) {
		s->gzip = true;
		s->zin = xmalloc(SRC_ZCHUNK);
		memcpy(s->zin, s->head, 2);
		if (inflateInit2(&s->z, 15 + 16) != Z_OK) {
			*err = xasprintf("%s: cannot initialise gzip decoder", s->name);
			return -1;
		}
		s->z.next_in = s->zin;
		s->z.avail_in = 2;
		return 0;
	}
	s->head_len = have;
	s->eof = have < 2;
	return 0;
}

/* Inflate into dst[0, room). Returns bytes produced, 0 at a clean end, -1 on error. */
static ssize_t
src_read_gzip(struct source *s, void *dst, size_t room, uint64_t line, char **err)
{
	int ret;

	if (s->z_corrupt)
		goto corrupt;
	s->z.next_out = dst;
	s->z.avail_out = (uInt)room;
	while (s->z.avail_out == room) {
		if (s->z.avail_in == 0) {
			ssize_t got = src_read_raw(s, s->zin, SRC_ZCHUNK);

			if (got < 0) {
				*err = xasprintf("%s: read error after line %llu: %s", s->name,
				    (unsigned long long)line, strerror(errno));
				return -1;
			}
			if (got == 0) {
				if (s->z_ended)
					return 0;
				*err = xasprintf("%s: truncated gzip data after line %llu "
				    "(%llu compressed bytes read)", s->name,
				    (unsigned long long)line, (unsigned long long)s->raw_done);
				return -1;
			}
			s->z.next_in = s->zin;
			s->z.avail_in = (uInt)got;
		}
		if (s->z_ended) {
			/* Another member follows (concatenated gzip files). */
			if (inflateReset(&s->z) != Z_OK)
				goto corrupt;
			s->z_ended = false;
		}
		ret = inflate(&s->z, Z_NO_FLUSH);
		if (ret == Z_STREAM_END)
			s->z_ended = true;
		else if (ret != Z_OK && ret != Z_BUF_ERROR) {
			s->z_corrupt = true;
			/* The bytes decoded before the fault go out first, so that every
			 * way of reading sees the same lines before the error. */
			if (s->z.avail_out < room)
				break;
			goto corrupt;
		}
	}
	return (ssize_t)(room - s->z.avail_out);
corrupt:
	*err = xasprintf("%s: corrupt gzip data after line %llu (%s)", s->name,
	    (unsigned long long)line, s->z.msg ? s->z.msg : "inflate failed");
	return -1;
}

ssize_t
src_read(struct source *s, void *dst, size_t n, uint64_t line, char **err)
{
	ssize_t got;

	if (!s->sniffed && src_sniff(s, err) < 0)
		return -1;
	if (s->gzip)
		return src_read_gzip(s, dst, n > UINT_MAX ? UINT_MAX : n, line, err);
	if (s->head_len > 0) {
		size_t k = n < s->head_len ? n : s->head_len;

		memcpy(dst, s->head, k);
		memmove(s->head, s->head + k, s->head_len - k);
		s->head_len -= k;
		return (ssize_t)k;
	}
	if (s->eof)
		return 0;
	if ((got = src_read_raw(s, dst, n)) < 0)
		*err = xasprintf("%s: read error after line %llu: %s", s->name,
		    (unsigned long long)line, strerror(errno));
	return got;
}

bool
src_seekable(struct source *s)
{
	unsigned char head[2];
	ssize_t got;

	if (!s->seekable_file || s->sniffed || s->raw_total == 0)
		return false;
	if (s->base > 0)
		return true; /* src_start_at: known to be plain */
	do
		got = pread(s->fd, head, 2, 0);
	while (got < 0 && errno == EINTR);
	if (got == 2 && head[0] == 0x1f && head[1] == 0x8b)
		return false; /* gzip */
	return got >= 0; /* on an error, src_read will say what is wrong */
}

int
src_pread(const struct source *s, void *dst, size_t n, uint64_t off, char **err)
{
	char *p = dst;

	while (n > 0) {
		ssize_t got = pread(s->fd, p, n, (off_t)(off + s->base));

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			*err = xasprintf("read error at byte %llu: %s", (unsigned long long)off,
			    strerror(errno));
			return -1;
		}
		if (got == 0) {
			*err = xasprintf("the file shrank while it was read "
			    "(it ends before byte %llu)", (unsigned long long)off);
			return -1;
		}
		p += got;
		n -= (size_t)got;
		off += (uint64_t)got;
	}
	return 0;
}

int
src_start_at(struct source *s, uint64_t off)
{
	if (!s->seekable_file || s->sniffed || s->base > 0 || off > s->raw_total ||
	    lseek(s->fd, (off_t)off, SEEK_SET) < 0)
		return -1;
	s->base = off;
	s->raw_total -= off;
	return 0;
}

uint64_t
src_base(const struct source *s)
{
	return s->base;
}

bool
src_plain_file(const struct source *s)
{
	return s->seekable_file && !s->gzip;
}

void
src_close(struct source *s)
{
	if (s == NULL)
		return;
	if (s->gzip)
		inflateEnd(&s->z);
	if (s->fd != STDIN_FILENO)
		close(s->fd);
	free(s->zin);
	free(s->name);
	free(s);
}
