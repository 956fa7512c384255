/* line-reader.h - bytes -> lines for one input source: a file, gzip-compressed or not
 * (sniffed, read through zlib), or standard input. Handles a UTF-8 BOM at the start, CR
 * before LF, a last line without newline, NUL bytes and over-long lines without ever
 * buffering more than max_line_bytes of one line. */
#ifndef PR_LINE_READER_H
#define PR_LINE_READER_H

#include <stdint.h>
#include "common.h"

struct line_reader;

struct lr_line {
	const char *data; /* not NUL-terminated; valid until the next lr_next */
	size_t len;       /* without CR LF / LF */
	uint64_t lineno;  /* 1-based; every line counts, blank ones too */
	bool too_long;    /* longer than max_line_bytes: data is empty, the rest was skipped */
	bool has_nul;     /* contains a NUL byte */
};

enum lr_status { LR_LINE, LR_EOF, LR_ERROR };

/* Open path ("-" is standard input, named "<stdin>"). Returns NULL and sets *err (heap,
 * "FILE: No such file or directory", "FILE: is a directory") on failure. */
struct line_reader *lr_open(const char *path, size_t max_line_bytes, char **err);
/* Next line. LR_ERROR sets *err (heap): a read error or a truncated/corrupt gzip stream,
 * naming the file and the line reached. */
enum lr_status lr_next(struct line_reader *r, struct lr_line *line, char **err);
const char *lr_name(const struct line_reader *r);
/* Bytes consumed from the underlying file so far, and its size (0 when unknown). */
uint64_t lr_bytes_done(const struct line_reader *r);
uint64_t lr_bytes_total(const struct line_reader *r);
void lr_close(struct line_reader *r);

#endif
