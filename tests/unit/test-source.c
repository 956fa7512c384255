/* test-source.c - the bytes of one input (source.c): plain files read whole and in one-byte
 * steps, the gzip sniff (the magic alone switches, one or two bytes do not; concatenated
 * members; truncated and corrupt data with their messages), a BOM passed through untouched
 * (the line reader strips it, not the source), pread and its "shrank" message, the open
 * errors (a missing file, a directory), and standard input through a pipe. Every input is
 * written by the test itself (gzip made here with zlib). */
#include <criterion/criterion.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "source.h"
#include "xalloc.h"

/* A temporary file holding data[0..n); its path (heap). */
static char *
tmp_file(const void *data, size_t n)
{
	char *path = xstrdup("/tmp/test-source-XXXXXX");
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, data, n), (ssize_t)n);
	cr_assert_eq(close(fd), 0);
	return path;
}

/* One gzip member of s[0..n) (heap, *out_n bytes). */
static unsigned char *
gzip_of(const char *s, size_t n, size_t *out_n)
{
	z_stream z;
	size_t cap = n + 64;
	unsigned char *out = xmalloc(cap);

	memset(&z, 0, sizeof(z));
	cr_assert_eq(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)s;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
	*out_n = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

/* Everything src_read gives, step bytes at a time, into a heap string (*n bytes); *err is
 * the message of a failing read (heap) or NULL at a clean end. */
static char *
read_all(struct source *s, size_t step, size_t *n, char **err)
{
	size_t cap = 64, len = 0;
	char *buf = xmalloc(cap + 1);
	ssize_t got;

	*err = NULL;
	for (;;) {
		if (cap - len < step) {
			cap = 2 * cap + step;
			buf = xrealloc(buf, cap + 1);
		}
		got = src_read(s, buf + len, step, 7, err);
		if (got <= 0)
			break;
		cr_assert_leq((size_t)got, step);
		len += (size_t)got;
	}
	cr_assert(got == 0 ? *err == NULL : got == -1 && *err != NULL);
	buf[len] = '\0';
	*n = len;
	return buf;
}

/* Open path, which must succeed. */
static struct source *
open_ok(const char *path)
{
	char *err = NULL;
	struct source *s = src_open(path, &err);

	cr_assert_not_null(s, "src_open(%s): %s", path, err ? err : "?");
	return s;
}

/* The content of a plain file comes back byte for byte, in any step size, and counts. */
Test(source, plain_file_whole_and_bytewise)
{
	static const char text[] = "{\"a\":1}\n{\"b\":2}\nno newline at the end";
	size_t steps[] = {1, 2, 3, 4096};

	for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		char *path = tmp_file(text, sizeof(text) - 1), *err, *got;
		struct source *s = open_ok(path);
		size_t n;

		cr_expect_str_eq(src_name(s), path);
		cr_expect_eq(src_bytes_total(s), sizeof(text) - 1);
		got = read_all(s, steps[k], &n, &err);
		cr_expect_eq(n, sizeof(text) - 1, "step %zu", steps[k]);
		cr_expect_eq(memcmp(got, text, n), 0, "step %zu", steps[k]);
		cr_expect_eq(src_bytes_done(s), sizeof(text) - 1);
		/* After the end, still the end. */
		cr_expect_eq(src_read(s, got, 1, 0, &err), 0);
		src_close(s);
		unlink(path);
		free(path);
		free(got);
	}
}

/* Files shorter than the magic, and a first byte of the magic alone, are plain. */
Test(source, short_and_near_magic_inputs_are_plain)
{
	static const struct {
		const char *s;
		size_t n;
	} t[] = {{"", 0}, {"x", 1}, {"\x1f", 1}, {"ab", 2}, {"\x1f" "a", 2}, {"\x8b\x1f", 2},
		 {"\x1f" "a\n", 3}};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *path = tmp_file(t[i].s, t[i].n), *err, *got;
		struct source *s = open_ok(path);
		size_t n;

		cr_expect_eq(src_seekable(s), t[i].n > 0, "case %zu", i);
		got = read_all(s, 1, &n, &err);
		cr_expect_eq(n, t[i].n, "case %zu", i);
		cr_expect_eq(memcmp(got, t[i].s, n), 0, "case %zu", i);
		src_close(s);
		unlink(path);
		free(path);
		free(got);
	}
}

/* A UTF-8 BOM is content to the source: it reaches the reader, which strips it. */
Test(source, bom_passes_through)
{
	static const char text[] = "\xEF\xBB\xBF{\"a\":1}\n";
	char *path = tmp_file(text, sizeof(text) - 1), *err, *got;
	struct source *s = open_ok(path);
	size_t n, gzn;
	unsigned char *gz;

	got = read_all(s, 4096, &n, &err);
	cr_expect_eq(n, sizeof(text) - 1);
	cr_expect_eq(memcmp(got, text, n), 0);
	src_close(s);
	unlink(path);
	free(path);
	free(got);

	gz = gzip_of(text, sizeof(text) - 1, &gzn);
	path = tmp_file(gz, gzn);
	s = open_ok(path);
	got = read_all(s, 2, &n, &err);
	cr_expect_eq(n, sizeof(text) - 1);
	cr_expect_eq(memcmp(got, text, n), 0);
	src_close(s);
	unlink(path);
	free(path);
	free(got);
	free(gz);
}

/* The gzip magic switches to inflate: the content comes back, the done count is the
 * compressed bytes, and the file cannot be read by pread. Members concatenated follow one
 * another. */
Test(source, gzip_sniffed_and_members_concatenated)
{
	static const char a[] = "{\"operation_type\":\"a\"}\n", b[] = "second member\n";
	size_t an, bn, n;
	unsigned char *ga = gzip_of(a, strlen(a), &an), *gb = gzip_of(b, strlen(b), &bn);
	unsigned char *both = xmalloc(an + bn);
	char *path, *err, *got, want[64];
	struct source *s;

	memcpy(both, ga, an);
	memcpy(both + an, gb, bn);
	path = tmp_file(both, an + bn);
	s = open_ok(path);
	cr_expect_not(src_seekable(s), "a gzip file is not read by pread");
	cr_expect_eq(src_bytes_total(s), an + bn);
	got = read_all(s, 5, &n, &err);
	snprintf(want, sizeof(want), "%s%s", a, b);
	cr_expect_str_eq(got, want);
	cr_expect_eq(n, strlen(want));
	cr_expect_eq(src_bytes_done(s), an + bn);
	src_close(s);
	unlink(path);
	free(path);
	free(got);
	free(ga);
	free(gb);
	free(both);
}

/* A gzip file cut short: its bytes first, then the message naming the line and the
 * compressed bytes read. */
Test(source, gzip_truncated_message)
{
	static const char text[] = "0123456789abcdefghijklmnopqrstuvwxyz\n";
	size_t gzn, n;
	unsigned char *gz = gzip_of(text, strlen(text), &gzn);
	char *path = tmp_file(gz, gzn - 4), *err, *got, want[256];
	struct source *s = open_ok(path);

	got = read_all(s, 4096, &n, &err);
	cr_assert_not_null(err);
	snprintf(want, sizeof(want), "%s: truncated gzip data after line 7 (%zu compressed "
	    "bytes read)", path, gzn - 4);
	cr_expect_str_eq(err, want);
	cr_expect_eq(memcmp(got, text, n), 0);
	free(err);
	src_close(s);
	unlink(path);
	free(path);
	free(got);
	free(gz);
}

/* Corrupt gzip data: a message naming the line and zlib's reason. */
Test(source, gzip_corrupt_message)
{
	static const char text[] = "some text that deflates\n";
	size_t gzn, n;
	unsigned char *gz = gzip_of(text, strlen(text), &gzn);
	char *path, *err, *got, prefix[256];
	struct source *s;

	gz[3] = 0xe0; /* reserved FLG bits: zlib refuses the header */
	path = tmp_file(gz, gzn);
	s = open_ok(path);
	got = read_all(s, 4096, &n, &err);
	cr_assert_not_null(err);
	cr_expect_eq(n, 0);
	snprintf(prefix, sizeof(prefix), "%s: corrupt gzip data after line 7 (", path);
	cr_expect_eq(strncmp(err, prefix, strlen(prefix)), 0, "%s", err);
	cr_expect_eq(err[strlen(err) - 1], ')');
	free(err);
	/* Asked again, the same kind of answer, never a crash. */
	cr_expect_eq(src_read(s, got, 1, 8, &err), -1);
	free(err);
	src_close(s);
	unlink(path);
	free(path);
	free(got);
	free(gz);
}

/* pread: exact bytes at any offset; past the end, "shrank"; no longer after src_read. */
Test(source, pread_and_seekable)
{
	static const char text[] = "0123456789";
	char *path = tmp_file(text, 10), *err = NULL, buf[8];
	struct source *s = open_ok(path);

	cr_assert(src_seekable(s));
	cr_expect_eq(src_pread(s, buf, 4, 3, &err), 0);
	cr_expect_eq(memcmp(buf, "3456", 4), 0);
	cr_expect_eq(src_pread(s, buf, 4, 8, &err), -1);
	cr_expect_str_eq(err, "the file shrank while it was read (it ends before byte 10)");
	free(err);
	cr_expect_eq(src_read(s, buf, 1, 0, &err), 1);
	cr_expect_not(src_seekable(s), "read by src_read already");
	src_close(s);
	unlink(path);
	free(path);
}

/* The open errors name the file; a directory is refused, on standard input too. */
Test(source, open_errors)
{
	char *err = NULL;
	int fd;

	cr_expect_null(src_open("/nonexistent-dir-of-test-source/x.jsonl", &err));
	cr_expect_str_eq(err, "/nonexistent-dir-of-test-source/x.jsonl: No such file or directory");
	free(err);
	err = NULL;
	cr_expect_null(src_open("/tmp", &err));
	cr_expect_str_eq(err, "/tmp: is a directory");
	free(err);
	err = NULL;
	fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	cr_assert_geq(fd, 0);
	cr_assert_eq(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	cr_expect_null(src_open("-", &err));
	cr_expect_str_eq(err, "<stdin>: is a directory");
	free(err);
	close(fd);
}

/* "-" is standard input, named "<stdin>": a pipe has no size and no pread, gzip is sniffed
 * there too, and closing the source leaves the descriptor open. */
Test(source, stdin_pipe_plain_and_gzip)
{
	static const char text[] = "{\"x\":1}\n{\"x\":2}\n";
	for (int zipped = 0; zipped < 2; zipped++) {
		int p[2];
		size_t gzn = 0, n;
		unsigned char *gz = zipped ? gzip_of(text, strlen(text), &gzn) : NULL;
		struct source *s;
		char *err, *got;

		cr_assert_eq(pipe(p), 0);
		if (zipped)
			cr_assert_eq(write(p[1], gz, gzn), (ssize_t)gzn);
		else
			cr_assert_eq(write(p[1], text, strlen(text)), (ssize_t)strlen(text));
		close(p[1]);
		cr_assert_eq(dup2(p[0], STDIN_FILENO), STDIN_FILENO);
		close(p[0]);
		s = open_ok("-");
		cr_expect_str_eq(src_name(s), "<stdin>");
		cr_expect_eq(src_bytes_total(s), 0);
		cr_expect_not(src_seekable(s));
		got = read_all(s, 3, &n, &err);
		cr_expect_str_eq(got, text, "zipped %d", zipped);
		cr_expect_eq(src_bytes_done(s), zipped ? gzn : strlen(text));
		src_close(s);
		cr_expect_neq(fcntl(STDIN_FILENO, F_GETFD), -1, "src_close closed stdin");
		free(got);
		free(gz);
	}
}
