/* test-line-reader.c - bytes -> lines: plain and gzip input (single and concatenated
 * members, truncated and corrupt copies made here with zlib), BOM, CR LF, NUL bytes,
 * over-long lines, lines straddling the internal 256 KiB buffer, pipes on standard input
 * and the open errors. Every input is written to a temporary file by the test itself and
 * the expected lines are derived from what was written, never from the reader. */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "line-reader.h"
#include "source.h"
#include "xalloc.h"

/* The reader's internal chunk: what a single read(2) of a regular file fills at first. */
#define CHUNK (256 * 1024)
#define MIB ((size_t)1 << 20)

/* Everything one pass over an input returned. */
struct got {
	char **text;      /* copies of the lines (NUL-terminated; may hold NUL bytes) */
	size_t *len;
	uint64_t *lineno;
	bool *too_long;
	bool *has_nul;
	size_t n, cap;
	enum lr_status last;  /* LR_EOF or LR_ERROR */
	char *err;            /* with LR_ERROR */
	uint64_t bytes_done;  /* lr_bytes_done at the end */
	uint64_t bytes_total;
	char *name;           /* lr_name */
};

/* Write data[0..len) to a new temporary file; returns its path (heap). */
static char *
tmp_write(const void *data, size_t len)
{
	char path[] = "/tmp/test-lr-XXXXXX";
	int fd = mkstemp(path);
	const char *p = data;

	cr_assert_geq(fd, 0, "mkstemp: %s", strerror(errno));
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		cr_assert_gt(w, 0, "write: %s", strerror(errno));
		p += w;
		len -= (size_t)w;
	}
	cr_assert_eq(close(fd), 0);
	return xstrdup(path);
}

/* Write n gzip members (each made by gzopen/gzwrite, appended with mode "ab") to a new
 * temporary file; returns its path (heap). */
static char *
tmp_gzip(const char *const *members, const size_t *lens, size_t n)
{
	char *path = tmp_write("", 0);

	for (size_t i = 0; i < n; i++) {
		gzFile gz = gzopen(path, i == 0 ? "wb" : "ab");
		size_t done = 0;

		cr_assert_not_null(gz);
		while (done < lens[i]) {
			unsigned part = lens[i] - done > (1u << 30) ? 1u << 30 :
			    (unsigned)(lens[i] - done);
			cr_assert_eq(gzwrite(gz, members[i] + done, part), (int)part);
			done += part;
		}
		cr_assert_eq(gzclose(gz), Z_OK);
	}
	return path;
}

/* The whole content of path (heap) and its size. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long sz;

	cr_assert_not_null(f);
	cr_assert_eq(fseek(f, 0, SEEK_END), 0);
	sz = ftell(f);
	cr_assert_geq(sz, 0);
	rewind(f);
	buf = xmalloc((size_t)sz + 1);
	cr_assert_eq(fread(buf, 1, (size_t)sz, f), (size_t)sz);
	fclose(f);
	*len = (size_t)sz;
	return buf;
}

/* Append the line just read to g. */
static void
got_push(struct got *g, const struct lr_line *l)
{
	size_t c;

	if (g->n == g->cap) {
		c = g->cap;
		xgrow(&g->text, &c, g->n + 1, sizeof(*g->text));
		c = g->cap;
		xgrow(&g->len, &c, g->n + 1, sizeof(*g->len));
		c = g->cap;
		xgrow(&g->lineno, &c, g->n + 1, sizeof(*g->lineno));
		c = g->cap;
		xgrow(&g->too_long, &c, g->n + 1, sizeof(*g->too_long));
		c = g->cap;
		xgrow(&g->has_nul, &c, g->n + 1, sizeof(*g->has_nul));
		g->cap = c;
	}
	g->text[g->n] = xmalloc(l->len + 1);
	if (l->len > 0)
		memcpy(g->text[g->n], l->data, l->len);
	g->text[g->n][l->len] = '\0';
	g->len[g->n] = l->len;
	g->lineno[g->n] = l->lineno;
	g->too_long[g->n] = l->too_long;
	g->has_nul[g->n] = l->has_nul;
	g->n++;
}

/* The oracle: every byte of path through source.c (src_read, as the reader gets them), then
 * split here in the plainest way: a BOM at the start dropped, a line is the bytes before
 * an LF (one CR before it dropped), a last line without LF counts when it has bytes, a line
 * longer than max_line is too_long with no bytes. On a read error, the lines ended by an LF
 * before it, then the error. */
static void
drain_naive(const char *path, size_t max_line, struct got *g)
{
	char *err = NULL, *all = NULL;
	struct source *src = src_open(path, &err);
	size_t n = 0, cap = 0, i, start;
	uint64_t lf = 0;
	ssize_t got;

	cr_assert_not_null(src, "src_open(%s): %s", path, err ? err : "");
	memset(g, 0, sizeof(*g));
	g->name = xstrdup(src_name(src));
	g->last = LR_EOF;
	for (;;) {
		xgrow(&all, &cap, n + 65536, 1);
		got = src_read(src, all + n, cap - n, lf, &g->err);
		if (got <= 0) {
			if (got < 0)
				g->last = LR_ERROR;
			break;
		}
		lf += lr_count_lf(all + n, (size_t)got);
		n += (size_t)got;
	}
	start = n >= 3 && memcmp(all, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	for (i = start; i <= n; i++) {
		struct lr_line l = {all + start, i - start, g->n + 1, false, false};

		if (i < n && all[i] != '\n')
			continue;
		if (i == n && (i == start || g->last == LR_ERROR))
			break;
		if (l.len > 0 && l.data[l.len - 1] == '\r')
			l.len--;
		if (l.len > max_line) {
			l.len = 0;
			l.too_long = true;
		} else
			l.has_nul = memchr(l.data, '\0', l.len) != NULL;
		got_push(g, &l);
		start = i + 1;
	}
	g->bytes_done = src_bytes_done(src);
	g->bytes_total = src_bytes_total(src);
	src_close(src);
	free(all);
}

/* Every line of an open reader into g, through lr_next_block and lr_split (the scan's
 * way), with a spare buffer handed back each time as the scan does; stops at LR_EOF or
 * LR_ERROR (and asserts that a further call after LR_EOF still says LR_EOF). */
static void
drain_blocks(struct line_reader *r, struct got *g)
{
	struct lr_block b = {0};
	struct lr_split sp;
	struct lr_line l;
	enum lr_status st;
	uint64_t next = 1;

	memset(g, 0, sizeof(*g));
	g->name = xstrdup(lr_name(r));
	while ((st = lr_next_block(r, &b, &g->err)) == LR_LINE) {
		uint64_t n = 0;

		cr_assert_eq(b.first_line, next, "block starts at line %llu, want %llu",
		    (unsigned long long)b.first_line, (unsigned long long)next);
		lr_split_init(&sp, &b);
		while (lr_split_next(&sp, &l)) {
			got_push(g, &l);
			n++;
		}
		cr_assert_eq(n, b.n_lines, "block says %llu lines, holds %llu",
		    (unsigned long long)b.n_lines, (unsigned long long)n);
		cr_assert_geq(n, 1, "empty block");
		next += n;
	}
	g->last = st;
	if (st == LR_EOF)
		cr_assert_eq(lr_next_block(r, &b, &g->err), LR_EOF, "LR_EOF is not sticky");
	free(b.buf);
	g->bytes_done = lr_bytes_done(r);
	g->bytes_total = lr_bytes_total(r);
}

/* Assert that two passes over the same input gave the same lines, end and message. */
static void
expect_same(const struct got *a, const struct got *b)
{
	cr_assert_eq(a->n, b->n, "%zu lines by blocks, %zu by the other way", a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		cr_assert_eq(a->len[i], b->len[i], "line %zu: length differs", i);
		cr_assert_eq(memcmp(a->text[i], b->text[i], a->len[i]), 0, "line %zu differs", i);
		cr_assert_eq(a->lineno[i], b->lineno[i], "line %zu: number differs", i);
		cr_assert_eq(a->too_long[i], b->too_long[i], "line %zu: too_long differs", i);
		cr_assert_eq(a->has_nul[i], b->has_nul[i], "line %zu: has_nul differs", i);
	}
	cr_assert_eq(a->last, b->last, "ending differs");
	cr_assert_eq(a->err == NULL, b->err == NULL);
	if (a->err != NULL)
		cr_assert_str_eq(a->err, b->err);
	if (a->last == LR_EOF)
		cr_assert_eq(a->bytes_done, b->bytes_done);
}

static void got_free(struct got *g);

/* The same by chunks of chunk bytes (lr_chunked, lr_read_chunk), numbering the lines as the
 * scan does; the chunks are read last to first when backwards, to show they do not depend
 * on each other. Returns false when the file cannot be read by chunks (gzip). */
static bool
drain_chunks(const char *path, size_t max_line, size_t chunk, bool backwards, struct got *g)
{
	char *err = NULL;
	struct line_reader *r = lr_open(path, max_line, &err);
	struct lr_block b = {0};
	struct got *part;
	struct lr_split sp;
	struct lr_line l;
	uint64_t n, next = 1;

	cr_assert_not_null(r);
	memset(g, 0, sizeof(*g));
	if (!lr_chunked(r, chunk, &n)) {
		lr_close(r);
		return false;
	}
	/* Each chunk's lines apart (numbered from 1), then put together in order. */
	part = xcalloc(n + 1, sizeof(*part));
	for (uint64_t i = 0; i < n; i++) {
		uint64_t k = backwards ? n - 1 - i : i;

		cr_assert_eq(lr_read_chunk(r, chunk, k, &b, &err), LR_LINE, "chunk %llu: %s",
		    (unsigned long long)k, err ? err : "");
		cr_assert_eq(b.first_line, 1);
		lr_split_init(&sp, &b);
		while (lr_split_next(&sp, &l))
			got_push(&part[k], &l);
	}
	free(b.buf);
	for (uint64_t k = 0; k < n; k++) {
		for (size_t i = 0; i < part[k].n; i++) {
			struct lr_line x = {part[k].text[i], part[k].len[i], next++,
				part[k].too_long[i], part[k].has_nul[i]};

			cr_assert_eq(part[k].lineno[i], i + 1);
			got_push(g, &x);
		}
		got_free(&part[k]);
	}
	free(part);
	g->last = LR_EOF;
	g->bytes_done = lr_bytes_total(r);
	lr_close(r);
	return true;
}

/* Open path with the given limit and read it whole by blocks; read it again through the
 * oracle (drain_naive) and by chunks, and check that every way agrees. */
static void
read_all(const char *path, size_t max_line, struct got *g)
{
	char *err = NULL;
	struct line_reader *r = lr_open(path, max_line, &err);
	struct got gb;

	cr_assert_not_null(r, "lr_open(%s): %s", path, err ? err : "(no message)");
	cr_assert_null(err);
	drain_blocks(r, g);
	lr_close(r);
	if (strcmp(path, "-") == 0)
		return; /* a pipe can be read once */
	drain_naive(path, max_line, &gb);
	expect_same(g, &gb);
	got_free(&gb);
	if (g->last == LR_EOF) {
		struct stat st;
		const size_t small[] = {1, 2, 3, 5, 16, LR_BLOCK_BYTES};
		const size_t large[] = {4093, 65536, LR_BLOCK_BYTES};
		bool big;

		cr_assert_eq(stat(path, &st), 0);
		big = st.st_size > 65536;
		for (size_t i = 0; i < (big ? 3 : 6); i++) {
			size_t c = big ? large[i] : small[i];

			if (!drain_chunks(path, max_line, c, i % 2 == 1, &gb))
				break;
			cr_assert_eq(gb.n, g->n, "chunks of %zu: %zu lines, want %zu", c, gb.n, g->n);
			expect_same(g, &gb);
			got_free(&gb);
		}
	}
}

static void
got_free(struct got *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->text[i]);
	free(g->text);
	free(g->len);
	free(g->lineno);
	free(g->too_long);
	free(g->has_nul);
	free(g->err);
	free(g->name);
}

/* Assert that line i is the normal line want[0..wlen) with line number lineno. */
static void
expect_line(const struct got *g, size_t i, const char *want, size_t wlen, uint64_t lineno)
{
	cr_assert_lt(i, g->n, "only %zu lines, wanted line index %zu", g->n, i);
	cr_assert_not(g->too_long[i], "line %zu flagged too long", i);
	cr_assert_eq(g->len[i], wlen, "line %zu: length %zu, want %zu", i, g->len[i], wlen);
	cr_assert_eq(memcmp(g->text[i], want, wlen), 0, "line %zu: wrong bytes", i);
	cr_assert_eq(g->lineno[i], lineno, "line %zu: lineno %llu, want %llu", i,
	    (unsigned long long)g->lineno[i], (unsigned long long)lineno);
}

/* Same for a NUL-terminated expectation. */
static void
expect_str(const struct got *g, size_t i, const char *want, uint64_t lineno)
{
	expect_line(g, i, want, strlen(want), lineno);
}

/* Assert that line i is an over-long line with the given number and no data. */
static void
expect_too_long(const struct got *g, size_t i, uint64_t lineno)
{
	cr_assert_lt(i, g->n, "only %zu lines, wanted line index %zu", g->n, i);
	cr_assert(g->too_long[i], "line %zu not flagged too long (length %zu)", i, g->len[i]);
	cr_assert_eq(g->len[i], 0, "too-long line %zu carries %zu bytes", i, g->len[i]);
	cr_assert_eq(g->lineno[i], lineno);
}

/* Read a string written to a temporary plain file. */
static void
read_string(const char *content, size_t len, size_t max_line, struct got *g)
{
	char *path = tmp_write(content, len);

	read_all(path, max_line, g);
	unlink(path);
	free(path);
}

/* Deterministic "random" printable text: line i of a generated file has a length picked
 * by an LCG and bytes that depend on i and the column. */
static uint32_t
lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

/* Build n lines ("text\n") whose lengths vary in [0, maxlen), into a heap buffer. Their
 * offsets and lengths go to off[] and lens[]. */
static char *
gen_lines(size_t n, size_t maxlen, uint32_t seed, size_t *off, size_t *lens, size_t *total)
{
	uint32_t s = seed;
	size_t cap = 0, len = 0;
	char *buf = NULL;

	for (size_t i = 0; i < n; i++) {
		size_t l = lcg(&s) % maxlen;

		xgrow(&buf, &cap, len + l + 1, 1);
		off[i] = len;
		lens[i] = l;
		for (size_t k = 0; k < l; k++)
			buf[len + k] = (char)('!' + (lcg(&s) + i + k) % 94);
		len += l;
		buf[len++] = '\n';
	}
	*total = len;
	return buf;
}

/* ---- plain files ---------------------------------------------------------- */

/* Small inputs and the lines they hold: (input, expected lines), every line numbered from
 * 1 and read to LR_EOF, by lines, by blocks and by chunks of 1 to 16 bytes (read_all). */
struct lr_case {
	const char *name;
	const char *in;
	size_t len;
	size_t n;
	const char *lines[4];
};
#define LR_CASE(name, in, n, ...) {name, in, sizeof(in) - 1, n, {__VA_ARGS__}}

static const struct lr_case lr_cases[] = {
	LR_CASE("plain lines", "a\nbb\n\nccc\n", 4, "a", "bb", "", "ccc"),
	LR_CASE("last line without newline", "first\nsecond", 2, "first", "second"),
	LR_CASE("single line without newline", "x", 1, "x"),
	LR_CASE("empty file", "", 0, NULL),
	LR_CASE("two newlines are two blank lines", "\n\n", 2, "", ""),
	LR_CASE("a newline is one blank line", "\n", 1, ""),
	/* CR LF ends, a CR inside a line, a blank CR LF line and CR CR LF: only the one CR
	 * right before the LF goes. */
	LR_CASE("crlf", "a\r\nb\rc\r\n\r\nd\r\r\n", 4, "a", "b\rc", "", "d\r"),
	LR_CASE("bom at the file start only", "\xEF\xBB\xBF{\"a\":1}\n\xEF\xBB\xBFsecond\n", 2,
	    "{\"a\":1}", "\xEF\xBB\xBFsecond"),
	LR_CASE("bom alone, then a blank line", "\xEF\xBB\xBF\nx\n", 2, "", "x"),
	LR_CASE("partial bom is kept", "\xEF\xBBz\n", 1, "\xEF\xBBz"),
};

Test(line_reader, small_inputs)
{
	for (size_t c = 0; c < ARRAY_SIZE(lr_cases); c++) {
		const struct lr_case *k = &lr_cases[c];
		struct got g;

		read_string(k->in, k->len, 1024, &g);
		cr_assert_eq(g.last, LR_EOF, "%s", k->name);
		cr_assert_eq(g.n, k->n, "%s: %zu lines", k->name, g.n);
		for (size_t i = 0; i < k->n; i++) {
			expect_str(&g, i, k->lines[i], i + 1);
			cr_assert_not(g.has_nul[i], "%s", k->name);
		}
		if (k->len == 0)
			cr_assert_eq(g.bytes_total, 0);
		got_free(&g);
	}
}

Test(line_reader, nul_byte_is_reported)
{
	static const char in[] = "a\0b\nclean\n\0\n";
	struct got g;

	read_string(in, sizeof(in) - 1, 1024, &g);
	cr_assert_eq(g.n, 3);
	expect_line(&g, 0, "a\0b", 3, 1);
	cr_assert(g.has_nul[0]);
	expect_str(&g, 1, "clean", 2);
	cr_assert_not(g.has_nul[1]);
	expect_line(&g, 2, "\0", 1, 3);
	cr_assert(g.has_nul[2]);
	got_free(&g);
}

Test(line_reader, file_starting_with_one_gzip_magic_byte_is_plain)
{
	static const char in[] = "\x1f" "abc\n\x1f\n";
	struct got g;

	read_string(in, sizeof(in) - 1, 1024, &g);
	cr_assert_eq(g.last, LR_EOF);
	cr_assert_eq(g.n, 2);
	expect_str(&g, 0, "\x1f" "abc", 1);
	expect_str(&g, 1, "\x1f", 2);
	got_free(&g);
}

Test(line_reader, bytes_done_and_total_for_regular_file)
{
	struct got g;

	read_string("12345\n67890\n", 12, 1024, &g);
	cr_assert_eq(g.bytes_total, 12);
	cr_assert_eq(g.bytes_done, 12);
	got_free(&g);
}

Test(line_reader, name_is_the_path)
{
	char *path = tmp_write("x\n", 2);
	struct got g;

	read_all(path, 1024, &g);
	cr_assert_str_eq(g.name, path);
	unlink(path);
	free(path);
	got_free(&g);
}

/* ---- line length limit ---------------------------------------------------- */

Test(line_reader, lines_at_and_over_the_limit)
{
	/* Limit 10: exactly 10 bytes is fine, 11 is too long, and a CR before the LF does
	 * not count toward the length. */
	static const char in[] =
	    "0123456789\n"     /* 10: ok */
	    "0123456789A\n"    /* 11: too long */
	    "0123456789\r\n"   /* 10 + CR LF: ok */
	    "0123456789A\r\n"  /* 11 + CR LF: too long */
	    "short\n"
	    "0123456789";      /* 10, no newline: ok */
	struct got g;

	read_string(in, sizeof(in) - 1, 10, &g);
	cr_assert_eq(g.last, LR_EOF);
	cr_assert_eq(g.n, 6);
	expect_str(&g, 0, "0123456789", 1);
	expect_too_long(&g, 1, 2);
	expect_str(&g, 2, "0123456789", 3);
	expect_too_long(&g, 3, 4);
	expect_str(&g, 4, "short", 5);
	expect_str(&g, 5, "0123456789", 6);
	got_free(&g);
}

Test(line_reader, last_line_over_the_limit_without_newline)
{
	struct got g;

	read_string("ok\n0123456789AB", 15, 10, &g);
	cr_assert_eq(g.last, LR_EOF);
	cr_assert_eq(g.n, 2);
	expect_str(&g, 0, "ok", 1);
	expect_too_long(&g, 1, 2);
	got_free(&g);
}

Test(line_reader, five_megabyte_line_is_skipped)
{
	size_t big = 5 * MIB;
	char *in = xmalloc(big + 64);
	size_t len;
	struct got g;

	memcpy(in, "before\n", 7);
	memset(in + 7, 'x', big);
	len = 7 + big;
	memcpy(in + len, "\n{\"after\":true}\nlast\n", 21);
	len += 21;
	read_string(in, len, 1024, &g);
	cr_assert_eq(g.last, LR_EOF);
	cr_assert_eq(g.n, 4);
	expect_str(&g, 0, "before", 1);
	expect_too_long(&g, 1, 2);
	expect_str(&g, 2, "{\"after\":true}", 3);
	expect_str(&g, 3, "last", 4);
	free(in);
	got_free(&g);
}

Test(line_reader, over_long_lines_in_a_row)
{
	/* Three over-long lines back to back, each longer than a chunk, then a short one. */
	size_t one = CHUNK + 1000;
	char *in = xmalloc(3 * (one + 1) + 8);
	size_t len = 0;
	struct got g;

	for (int i = 0; i < 3; i++) {
		memset(in + len, 'a' + i, one);
		len += one;
		in[len++] = '\n';
	}
	memcpy(in + len, "tail\n", 5);
	len += 5;
	read_string(in, len, 100, &g);
	cr_assert_eq(g.n, 4);
	expect_too_long(&g, 0, 1);
	expect_too_long(&g, 1, 2);
	expect_too_long(&g, 2, 3);
	expect_str(&g, 3, "tail", 4);
	free(in);
	got_free(&g);
}

/* Lines at a limit max larger than a buffer: a line of exactly max, one of max + 1 (too
 * long), one of max with CR LF, then a short last line without newline. */
static void
check_lines_at_a_large_limit(size_t max)
{
	char *in = xmalloc(4 * (max + 3) + 16);
	size_t len = 0, o1, o3;
	struct got g;

	o1 = len;
	memset(in + len, 'p', max);            /* exactly max */
	len += max;
	in[len++] = '\n';
	memset(in + len, 'q', max + 1);        /* max + 1 */
	len += max + 1;
	in[len++] = '\n';
	o3 = len;
	memset(in + len, 'r', max);            /* exactly max, CR LF */
	len += max;
	in[len++] = '\r';
	in[len++] = '\n';
	memcpy(in + len, "end", 3);
	len += 3;
	read_string(in, len, max, &g);
	cr_assert_eq(g.last, LR_EOF);
	cr_assert_eq(g.n, 4);
	expect_line(&g, 0, in + o1, max, 1);
	expect_too_long(&g, 1, 2);
	expect_line(&g, 2, in + o3, max, 3);
	expect_str(&g, 3, "end", 4);
	free(in);
	got_free(&g);
}

Test(line_reader, limit_larger_than_the_chunk)
{
	/* max_line 300000 > 256 KiB: lines at the limit must cross the chunk and still be
	 * delivered whole; one byte more is too long. */
	check_lines_at_a_large_limit(300000);
}

Test(line_reader, lines_longer_than_the_block_buffer)
{
	/* Limit 2.5 MiB, larger than a block (1 MiB); read_all checks that the block and
	 * chunk readers give the same. */
	cr_assert_gt(5 * MIB / 2, LR_BLOCK_BYTES);
	check_lines_at_a_large_limit(5 * MIB / 2);
}

/* Reset the peak resident set size of this process (Linux: "5" to clear_refs). Returns
 * false when the kernel does not support it. */
static bool
reset_peak_rss(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	bool ok;

	if (f == NULL)
		return false;
	ok = fputs("5", f) >= 0;
	return fclose(f) == 0 && ok;
}

/* Peak resident set size in bytes since the last reset (VmHWM), or 0 when unknown. */
static size_t
peak_rss(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	size_t kb = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmHWM: %zu kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

/* Current resident set size in bytes (VmRSS), or 0 when unknown. */
static size_t
current_rss(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	size_t kb = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %zu kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

Test(line_reader, over_long_line_is_not_buffered)
{
	/* A 96 MiB line under the default 1 MiB limit: the reader must not hold it. The
	 * file is written from a small buffer, so any large growth of the peak RSS is the
	 * reader's. */
	char path[] = "/tmp/test-lr-XXXXXX";
	char block[64 * 1024];
	int fd = mkstemp(path);
	size_t before, after;
	struct line_reader *r;
	char *err = NULL;
	struct got g;

	cr_assert_geq(fd, 0);
	memset(block, 'z', sizeof(block));
	for (size_t done = 0; done < 96 * MIB; done += sizeof(block))
		cr_assert_eq(write(fd, block, sizeof(block)), (ssize_t)sizeof(block));
	cr_assert_eq(write(fd, "\nok\n", 4), 4);
	cr_assert_eq(close(fd), 0);
	if (!reset_peak_rss() || peak_rss() == 0)
		cr_skip_test("peak RSS cannot be reset here (/proc/self/clear_refs)");
	before = current_rss();
	r = lr_open(path, MIB, &err);
	cr_assert_not_null(r);
	drain_blocks(r, &g);
	lr_close(r);
	after = peak_rss();
	unlink(path);
	cr_assert_eq(g.n, 2);
	expect_too_long(&g, 0, 1);
	expect_str(&g, 1, "ok", 2);
	cr_assert_lt(after - before, 32 * MIB, "peak RSS grew by %zu bytes reading one line",
	    after - before);
	got_free(&g);
}

/* ---- buffer boundaries ---------------------------------------------------- */

Test(line_reader, lines_straddle_the_internal_buffer)
{
	/* About 2.5 MB of lines of 0..4999 bytes: many lines cross 256 KiB boundaries. */
	size_t n = 1000, total;
	size_t *off = xcalloc(n, sizeof(size_t)), *lens = xcalloc(n, sizeof(size_t));
	char *in = gen_lines(n, 5000, 7, off, lens, &total);
	struct got g;

	cr_assert_gt(total, 4 * CHUNK);
	read_string(in, total, MIB, &g);
	cr_assert_eq(g.last, LR_EOF);
	cr_assert_eq(g.n, n);
	for (size_t i = 0; i < n; i++)
		expect_line(&g, i, in + off[i], lens[i], i + 1);
	free(in);
	free(off);
	free(lens);
	got_free(&g);
}

Test(line_reader, newline_as_last_byte_of_the_chunk)
{
	/* Line 1 ends with its LF at offset CHUNK-1; line 2 starts exactly at CHUNK. */
	char *in = xmalloc(CHUNK + 16);
	struct got g;

	memset(in, 'a', CHUNK - 1);
	in[CHUNK - 1] = '\n';
	memcpy(in + CHUNK, "next\n", 5);
	read_string(in, CHUNK + 5, MIB, &g);
	cr_assert_eq(g.n, 2);
	expect_line(&g, 0, in, CHUNK - 1, 1);
	expect_str(&g, 1, "next", 2);
	free(in);
	got_free(&g);
}

Test(line_reader, newline_as_first_byte_of_the_next_chunk)
{
	char *in = xmalloc(CHUNK + 16);
	struct got g;

	memset(in, 'b', CHUNK);
	in[CHUNK] = '\n';
	memcpy(in + CHUNK + 1, "next", 4);
	read_string(in, CHUNK + 5, MIB, &g);
	cr_assert_eq(g.n, 2);
	expect_line(&g, 0, in, CHUNK, 1);
	expect_str(&g, 1, "next", 2);
	free(in);
	got_free(&g);
}

Test(line_reader, crlf_split_across_the_chunk)
{
	/* CR is the last byte of the first chunk, LF the first of the second. */
	char *in = xmalloc(CHUNK + 16);
	struct got g;

	memcpy(in, "short\n", 6);
	memset(in + 6, 'c', CHUNK - 7);
	in[CHUNK - 1] = '\r';
	in[CHUNK] = '\n';
	memcpy(in + CHUNK + 1, "x\r\n", 3);
	read_string(in, CHUNK + 4, MIB, &g);
	cr_assert_eq(g.n, 3);
	expect_str(&g, 0, "short", 1);
	expect_line(&g, 1, in + 6, CHUNK - 7, 2);
	expect_str(&g, 2, "x", 3);
	free(in);
	got_free(&g);
}

Test(line_reader, bom_then_lines_across_chunks)
{
	/* A BOM shifts every offset by three; the first line still must not keep it. */
	size_t n = 300, total;
	size_t *off = xcalloc(n, sizeof(size_t)), *lens = xcalloc(n, sizeof(size_t));
	char *body = gen_lines(n, 4000, 11, off, lens, &total);
	char *in = xmalloc(total + 3);
	struct got g;

	memcpy(in, "\xEF\xBB\xBF", 3);
	memcpy(in + 3, body, total);
	read_string(in, total + 3, MIB, &g);
	cr_assert_eq(g.n, n);
	for (size_t i = 0; i < n; i++)
		expect_line(&g, i, body + off[i], lens[i], i + 1);
	free(in);
	free(body);
	free(off);
	free(lens);
	got_free(&g);
}

/* ---- gzip ----------------------------------------------------------------- */

Test(line_reader, gzip_is_sniffed_and_inflated)
{
	static const char body[] = "\xEF\xBB\xBF" "one\r\ntwo\n\nthree";
	const char *m[] = {body};
	size_t l[] = {sizeof(body) - 1}, raw_len;
	char *path = tmp_gzip(m, l, 1), *raw = slurp(path, &raw_len);
	struct got g;

	cr_assert_eq((unsigned char)raw[0], 0x1f);
	cr_assert_eq((unsigned char)raw[1], 0x8b);
	read_all(path, 1024, &g);
	cr_assert_eq(g.last, LR_EOF);
	cr_assert_eq(g.n, 4);
	expect_str(&g, 0, "one", 1);
	expect_str(&g, 1, "two", 2);
	expect_str(&g, 2, "", 3);
	expect_str(&g, 3, "three", 4);
	/* Progress counts compressed bytes. */
	cr_assert_eq(g.bytes_total, raw_len);
	cr_assert_eq(g.bytes_done, raw_len);
	unlink(path);
	free(path);
	free(raw);
	got_free(&g);
}

Test(line_reader, gzip_concatenated_members)
{
	/* A line split over the member boundary is one line; a BOM at the start of the
	 * second member is not at the start of the file and stays. */
	const char *m[] = {"a1\na2\npart", "ial\nb1\n", "\357\273\277c1\nc2"};
	size_t l[] = {strlen(m[0]), strlen(m[1]), strlen(m[2])};
	char *path = tmp_gzip(m, l, 3);
	struct got g;

	read_all(path, 1024, &g);
	cr_assert_eq(g.last, LR_EOF, "err: %s", g.err ? g.err : "");
	cr_assert_eq(g.n, 6);
	expect_str(&g, 0, "a1", 1);
	expect_str(&g, 1, "a2", 2);
	expect_str(&g, 2, "partial", 3);
	expect_str(&g, 3, "b1", 4);
	expect_str(&g, 4, "\xEF\xBB\xBF" "c1", 5);
	expect_str(&g, 5, "c2", 6);
	unlink(path);
	free(path);
	got_free(&g);
}

Test(line_reader, gzip_empty_member_and_empty_file)
{
	const char *m[] = {"", "x\n", ""};
	size_t l[] = {0, 2, 0};
	char *path = tmp_gzip(m, l, 3), *empty = tmp_gzip(m, l, 1);
	struct got g, e;

	read_all(path, 1024, &g);
	cr_assert_eq(g.last, LR_EOF, "err: %s", g.err ? g.err : "");
	cr_assert_eq(g.n, 1);
	expect_str(&g, 0, "x", 1);
	read_all(empty, 1024, &e);
	cr_assert_eq(e.last, LR_EOF, "err: %s", e.err ? e.err : "");
	cr_assert_eq(e.n, 0);
	unlink(path);
	unlink(empty);
	free(path);
	free(empty);
	got_free(&g);
	got_free(&e);
}

Test(line_reader, gzip_large_incompressible_lines)
{
	/* Several MB of varied text: more than one compressed read and many inflate
	 * refills, lines crossing every boundary; split into two members mid-line. */
	size_t n = 3000, total;
	size_t *off = xcalloc(n, sizeof(size_t)), *lens = xcalloc(n, sizeof(size_t));
	char *in = gen_lines(n, 3000, 3, off, lens, &total);
	const char *m[] = {in, in + total / 2};
	size_t l[] = {total / 2, total - total / 2}, raw_len;
	char *path = tmp_gzip(m, l, 2), *raw = slurp(path, &raw_len);
	struct got g;

	cr_assert_gt(raw_len, 3 * 128 * 1024, "compressed only to %zu bytes", raw_len);
	read_all(path, MIB, &g);
	cr_assert_eq(g.last, LR_EOF, "err: %s", g.err ? g.err : "");
	cr_assert_eq(g.n, n);
	for (size_t i = 0; i < n; i++)
		expect_line(&g, i, in + off[i], lens[i], i + 1);
	unlink(path);
	free(path);
	free(raw);
	free(in);
	free(off);
	free(lens);
	got_free(&g);
}

Test(line_reader, gzip_over_long_line_is_skipped)
{
	size_t big = 5 * MIB;
	char *in = xmalloc(big + 32);
	size_t len = 0;
	const char *m[1];
	size_t l[1];
	char *path;
	struct got g;

	memcpy(in, "head\n", 5);
	len = 5;
	memset(in + len, 'y', big);
	len += big;
	memcpy(in + len, "\nfoot\n", 6);
	len += 6;
	m[0] = in;
	l[0] = len;
	path = tmp_gzip(m, l, 1);
	read_all(path, 1024, &g);
	cr_assert_eq(g.last, LR_EOF, "err: %s", g.err ? g.err : "");
	cr_assert_eq(g.n, 3);
	expect_str(&g, 0, "head", 1);
	expect_too_long(&g, 1, 2);
	expect_str(&g, 2, "foot", 3);
	unlink(path);
	free(path);
	free(in);
	got_free(&g);
}

/* Numbered lines "line NNNNN payload...\n" (n of them) in a heap buffer. */
static char *
numbered_lines(size_t n, size_t *len)
{
	size_t cap = 0, used = 0;
	char *buf = NULL;
	uint32_t s = 5;

	for (size_t i = 0; i < n; i++) {
		xgrow(&buf, &cap, used + 128, 1);
		used += (size_t)sprintf(buf + used, "line %05zu %08x%08x\n", i + 1, lcg(&s),
		    lcg(&s));
	}
	*len = used;
	return buf;
}

/* Write raw[0..len) to a new temporary file (the damaged copies). */
static char *
write_copy(const char *raw, size_t len)
{
	return tmp_write(raw, len);
}

/* The first n lines delivered must be the first n lines of orig. */
static void
expect_first(const struct got *g, size_t n, const char *orig)
{
	const char *p = orig;

	cr_assert_leq(n, g->n);
	for (size_t i = 0; i < n; i++) {
		const char *nl = strchr(p, '\n');
		cr_assert_not_null(nl);
		expect_line(g, i, p, (size_t)(nl - p), i + 1);
		p = nl + 1;
	}
}

/* Lines delivered before an error must be a prefix of the original lines. */
static void
expect_prefix(const struct got *g, const char *orig)
{
	expect_first(g, g->n, orig);
}

Test(line_reader, gzip_truncated_is_an_error_naming_the_file)
{
	size_t len, raw_len;
	char *body = numbered_lines(20000, &len);
	const char *m[] = {body};
	size_t l[] = {len};
	char *path = tmp_gzip(m, l, 1), *raw = slurp(path, &raw_len);
	char *cut = write_copy(raw, raw_len - 6); /* trailer CRC + ISIZE damaged */
	char *half = write_copy(raw, raw_len / 2);
	char want[64];
	struct got g, h;

	read_all(cut, MIB, &g);
	cr_assert_eq(g.last, LR_ERROR);
	cr_assert_not_null(g.err);
	cr_assert_not_null(strstr(g.err, cut), "message does not name the file: %s", g.err);
	cr_assert_not_null(strstr(g.err, "truncated"), "message: %s", g.err);
	/* All the data was there: every line was delivered before the error. */
	cr_assert_eq(g.n, 20000);
	expect_prefix(&g, body);
	snprintf(want, sizeof(want), "line %zu", g.n);
	cr_assert_not_null(strstr(g.err, want), "message does not say %s: %s", want, g.err);

	read_all(half, MIB, &h);
	cr_assert_eq(h.last, LR_ERROR);
	cr_assert_not_null(strstr(h.err, half), "message does not name the file: %s", h.err);
	cr_assert_not_null(strstr(h.err, "truncated"), "message: %s", h.err);
	cr_assert_lt(h.n, 20000);
	expect_prefix(&h, body);
	snprintf(want, sizeof(want), "line %zu", h.n);
	cr_assert_not_null(strstr(h.err, want), "message does not say %s: %s", want, h.err);

	unlink(path);
	unlink(cut);
	unlink(half);
	free(path);
	free(cut);
	free(half);
	free(raw);
	free(body);
	got_free(&g);
	got_free(&h);
}

Test(line_reader, gzip_only_magic_is_truncated)
{
	struct got g;
	char *path = tmp_write("\x1f\x8b", 2);

	read_all(path, 1024, &g);
	cr_assert_eq(g.last, LR_ERROR);
	cr_assert_eq(g.n, 0);
	cr_assert_not_null(strstr(g.err, path), "message: %s", g.err);
	unlink(path);
	free(path);
	got_free(&g);
}

/* Read a damaged gzip copy and check that the error names the file and calls the data
 * corrupt. (Lines before the error may hold garbage inflate produced before it noticed.) */
static void
check_corrupt(const char *raw, size_t raw_len)
{
	char *bad = write_copy(raw, raw_len);
	struct got g;

	read_all(bad, MIB, &g);
	cr_assert_eq(g.last, LR_ERROR, "damaged gzip read to the end without error");
	cr_assert_not_null(g.err);
	cr_assert_not_null(strstr(g.err, bad), "message does not name the file: %s", g.err);
	cr_assert_not_null(strstr(g.err, "corrupt"), "message: %s", g.err);
	unlink(bad);
	free(bad);
	got_free(&g);
}

Test(line_reader, gzip_corrupt_is_an_error_naming_the_file)
{
	size_t len, raw_len;
	char *body = numbered_lines(20000, &len);
	const char *m[] = {body};
	size_t l[] = {len};
	char *path = tmp_gzip(m, l, 1), *raw = slurp(path, &raw_len);
	char *copy = xmalloc(raw_len);

	/* Bytes flipped in the middle of the deflate data. */
	memcpy(copy, raw, raw_len);
	for (size_t i = raw_len / 2; i < raw_len / 2 + 8; i++)
		copy[i] = (char)~copy[i];
	check_corrupt(copy, raw_len);
	/* A damaged CRC in the trailer. */
	memcpy(copy, raw, raw_len);
	copy[raw_len - 8] ^= 0x55;
	check_corrupt(copy, raw_len);
	/* An unknown compression method in the header. */
	memcpy(copy, raw, raw_len);
	copy[2] = 7;
	check_corrupt(copy, raw_len);
	unlink(path);
	free(path);
	free(copy);
	free(raw);
	free(body);
}

/* ---- open errors ---------------------------------------------------------- */

Test(line_reader, missing_file_is_an_open_error)
{
	char *err = NULL;
	struct line_reader *r = lr_open("/tmp/no-such-dir-lr/none.jsonl", 1024, &err);

	cr_assert_null(r);
	cr_assert_not_null(err);
	cr_assert_str_eq(err, "/tmp/no-such-dir-lr/none.jsonl: No such file or directory");
	free(err);
}

Test(line_reader, directory_is_an_open_error)
{
	char *err = NULL;
	struct line_reader *r = lr_open("/tmp", 1024, &err);

	cr_assert_null(r);
	cr_assert_not_null(err);
	cr_assert_str_eq(err, "/tmp: is a directory");
	free(err);
}

/* ---- standard input ------------------------------------------------------- */

/* Make standard input the read end of a pipe fed by a child process writing
 * data[0..len); returns the child's pid. */
static pid_t
stdin_from_child(const char *data, size_t len)
{
	int fds[2];
	pid_t pid;

	cr_assert_eq(pipe(fds), 0);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		/* Dribble the first bytes to make the reader see short reads. */
		for (size_t i = 0; i < len && i < 5; i++) {
			if (write(fds[1], data + i, 1) != 1)
				_exit(1);
			usleep(2000);
		}
		for (size_t done = len < 5 ? len : 5; done < len;) {
			ssize_t w = write(fds[1], data + done, len - done);
			if (w <= 0)
				_exit(1);
			done += (size_t)w;
		}
		_exit(0);
	}
	close(fds[1]);
	cr_assert_geq(dup2(fds[0], STDIN_FILENO), 0);
	close(fds[0]);
	return pid;
}

static void
reap(pid_t pid)
{
	int status;

	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer failed");
}

Test(line_reader, stdin_pipe_is_read_as_dash)
{
	static const char in[] = "\xEF\xBB\xBF" "p1\r\np2\n\np3";
	pid_t pid = stdin_from_child(in, sizeof(in) - 1);
	struct got g;

	read_all("-", 1024, &g);
	reap(pid);
	cr_assert_str_eq(g.name, "<stdin>");
	cr_assert_eq(g.last, LR_EOF);
	cr_assert_eq(g.bytes_total, 0, "size of a pipe is unknown");
	cr_assert_eq(g.bytes_done, sizeof(in) - 1);
	cr_assert_eq(g.n, 4);
	expect_str(&g, 0, "p1", 1);
	expect_str(&g, 1, "p2", 2);
	expect_str(&g, 2, "", 3);
	expect_str(&g, 3, "p3", 4);
	got_free(&g);
}

Test(line_reader, stdin_pipe_large_with_straddling_lines)
{
	size_t n = 800, total;
	size_t *off = xcalloc(n, sizeof(size_t)), *lens = xcalloc(n, sizeof(size_t));
	char *in = gen_lines(n, 4000, 19, off, lens, &total);
	pid_t pid = stdin_from_child(in, total);
	struct got g;

	read_all("-", MIB, &g);
	reap(pid);
	cr_assert_eq(g.last, LR_EOF);
	cr_assert_eq(g.n, n);
	for (size_t i = 0; i < n; i++)
		expect_line(&g, i, in + off[i], lens[i], i + 1);
	free(in);
	free(off);
	free(lens);
	got_free(&g);
}

Test(line_reader, stdin_pipe_by_blocks)
{
	size_t n = 800, total;
	size_t *off = xcalloc(n, sizeof(size_t)), *lens = xcalloc(n, sizeof(size_t));
	char *in = gen_lines(n, 4000, 19, off, lens, &total);
	pid_t pid = stdin_from_child(in, total);
	char *err = NULL;
	struct line_reader *r = lr_open("-", MIB, &err);
	struct got g;

	cr_assert_not_null(r);
	drain_blocks(r, &g);
	lr_close(r);
	reap(pid);
	cr_assert_eq(g.last, LR_EOF);
	cr_assert_eq(g.n, n);
	for (size_t i = 0; i < n; i++)
		expect_line(&g, i, in + off[i], lens[i], i + 1);
	free(in);
	free(off);
	free(lens);
	got_free(&g);
}

Test(line_reader, stdin_pipe_gzip)
{
	size_t len, raw_len;
	char *body = numbered_lines(5000, &len);
	const char *m[] = {body, "tail\n"};
	size_t l[] = {len, 5};
	char *path = tmp_gzip(m, l, 2), *raw = slurp(path, &raw_len);
	pid_t pid = stdin_from_child(raw, raw_len);
	struct got g;

	read_all("-", MIB, &g);
	reap(pid);
	cr_assert_eq(g.last, LR_EOF, "err: %s", g.err ? g.err : "");
	cr_assert_eq(g.n, 5001);
	expect_first(&g, 5000, body);
	expect_str(&g, 5000, "tail", 5001);
	unlink(path);
	free(path);
	free(raw);
	free(body);
	got_free(&g);
}

Test(line_reader, stdin_truncated_gzip_names_stdin)
{
	size_t len, raw_len;
	char *body = numbered_lines(3000, &len);
	const char *m[] = {body};
	size_t l[] = {len};
	char *path = tmp_gzip(m, l, 1), *raw = slurp(path, &raw_len);
	pid_t pid = stdin_from_child(raw, raw_len - 4);
	struct got g;

	read_all("-", MIB, &g);
	reap(pid);
	cr_assert_eq(g.last, LR_ERROR);
	cr_assert_not_null(strstr(g.err, "<stdin>"), "message: %s", g.err);
	expect_prefix(&g, body);
	unlink(path);
	free(path);
	free(raw);
	free(body);
	got_free(&g);
}

Test(line_reader, stdin_empty_pipe)
{
	pid_t pid = stdin_from_child("", 0);
	struct got g;

	read_all("-", 1024, &g);
	reap(pid);
	cr_assert_eq(g.last, LR_EOF);
	cr_assert_eq(g.n, 0);
	got_free(&g);
}

Test(line_reader, count_lf_matches_a_byte_loop)
{
	/* Lengths around the 16/64-byte steps and past 127 rounds (one lane's limit), at every
	 * alignment, with LF densities from none to all; counted here byte by byte. */
	size_t max = 64 * 300 + 100;
	char *buf = xmalloc(max + 16);
	unsigned seed = 12345;

	for (int density = 0; density <= 4; density++) {
		for (size_t i = 0; i < max + 16; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = density == 4 || (density > 0 && (seed >> 16) % (8u >> density) == 0) ?
			    '\n' : (char)('a' + (seed >> 20) % 26);
		}
		for (size_t off = 0; off < 16; off++) {
			const size_t lens[] = {0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 64 * 127,
				64 * 127 + 1, 64 * 128, 64 * 255 + 7, max};
			for (size_t k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
				uint64_t want = 0;

				for (size_t i = 0; i < lens[k]; i++)
					want += buf[off + i] == '\n';
				cr_assert_eq(lr_count_lf(buf + off, lens[k]), want,
				    "density %d offset %zu length %zu", density, off, lens[k]);
			}
		}
	}
	free(buf);
}

Test(line_reader, chunk_of_a_file_that_shrank_is_an_error)
{
	char *in = xmalloc(3 * 4096);
	char *path, *err = NULL;
	struct line_reader *r;
	struct lr_block b = {0};
	uint64_t n;

	for (size_t i = 0; i < 3 * 4096; i++)
		in[i] = i % 64 == 63 ? '\n' : 'x';
	path = tmp_write(in, 3 * 4096);
	r = lr_open(path, 1024, &err);
	cr_assert_not_null(r);
	cr_assert(lr_chunked(r, 4096, &n));
	cr_assert_eq(n, 3);
	cr_assert_eq(truncate(path, 5000), 0);
	cr_assert_eq(lr_read_chunk(r, 4096, 0, &b, &err), LR_LINE, "chunk 0 is still whole");
	cr_assert_eq(lr_read_chunk(r, 4096, 2, &b, &err), LR_ERROR);
	cr_assert_str_eq(err, "the file shrank while it was read (it ends before byte 8191)");
	free(err);
	free(b.buf);
	lr_close(r);
	unlink(path);
	free(path);
	free(in);
}

Test(line_reader, empty_sized_regular_file_is_read_as_a_stream)
{
	/* Files under /proc say 0 bytes and still have content: not read by chunks. */
	char *err = NULL;
	struct line_reader *r = lr_open("/proc/self/status", 1024, &err);
	struct got g;
	uint64_t n;

	if (r == NULL)
		cr_skip_test("no /proc/self/status here");
	cr_assert_not(lr_chunked(r, 4096, &n));
	drain_blocks(r, &g);
	lr_close(r);
	cr_assert_eq(g.last, LR_EOF);
	cr_assert_gt(g.n, 3, "only %zu lines from /proc/self/status", g.n);
	got_free(&g);
}
