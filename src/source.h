/* source.h - the bytes of one input: a named file or standard input, plain or
 * gzip-compressed (sniffed at the first read: inflated through zlib, concatenated members
 * one after the other). Read as a stream (src_read); a named regular file that is not
 * compressed may instead be read at any offset (src_pread), by several threads at once.
 * Knows nothing of lines: line-reader.c cuts the bytes into them. */
#ifndef PR_SOURCE_H
#define PR_SOURCE_H

#include <stdint.h>
#include <sys/types.h>
#include "common.h"

struct source;

/* Open path ("-" is standard input, named "<stdin>"). Returns NULL and sets *err (heap,
 * "FILE: No such file or directory", "FILE: is a directory") on failure. */
struct source *src_open(const char *path, char **err);
const char *src_name(const struct source *s);
/* Bytes taken from the file by src_read so far (compressed bytes for gzip), and the file's
 * size (0 when unknown: not a regular file). */
uint64_t src_bytes_done(const struct source *s);
uint64_t src_bytes_total(const struct source *s);
/* Up to n (> 0) more bytes of the content into dst. Returns how many (> 0), 0 at the end,
 * or -1 with *err set (heap) to a message naming the file and, for the reader's sake, line
 * `line`, the last one it has seen: "FILE: read error after line L: REASON",
 * "FILE: truncated gzip data after line L (N compressed bytes read)", "FILE: corrupt gzip
 * data after line L (REASON)"; at the first read, "FILE: read error: REASON". */
ssize_t src_read(struct source *s, void *dst, size_t n, uint64_t line, char **err);
/* True when s may be read with src_pread: a named regular file, not empty (an empty
 * regular file may still have content: /proc), not gzip-compressed, and not read by
 * src_read yet. Do not mix the two ways of reading. */
bool src_seekable(struct source *s);
/* Exactly n bytes at offset off into dst (retrying short reads). Returns 0, or -1 with
 * *err set (heap) to the reason alone: "read error at byte B: REASON", or "the file shrank
 * while it was read (it ends before byte B)". */
int src_pread(const struct source *s, void *dst, size_t n, uint64_t off, char **err);
/* Start the content at byte off of a named regular file not read yet (--state: the bytes
 * before were read by an earlier run; off is a line's start): src_pread, src_read and the
 * sizes then count from there, and no gzip header is looked for. 0, or -1 when s is not
 * such a file or off is past its end. */
int src_start_at(struct source *s, uint64_t off);
/* The byte the content starts at (src_start_at), else 0. */
uint64_t src_base(const struct source *s);
/* True when s is a named regular file that is not gzip-compressed (as far as read). */
bool src_plain_file(const struct source *s);
void src_close(struct source *s);

#endif
