/* sink.h - where output goes: standard output, or -o FILE written whole or not at all
 * (a temporary file created with mkstemp beside FILE, renamed over it on success); a FILE
 * that exists and is not a regular file (/dev/null, a FIFO) is written in place.
 *
 * Write errors follow gnulib's close_stream: the first failed write(2) is remembered with
 * its errno (the stream's bytes go through the sink's own write function where the C
 * library has fopencookie), errno is cleared before the final flush, and a failure whose
 * cause is not known is reported as "write error" alone; EPIPE on standard output (a
 * closed pipe, with SIGPIPE ignored) ends quietly. */
#ifndef PR_SINK_H
#define PR_SINK_H

#include "common.h" /* first: config.h, for fopencookie in sink.c */
#include <stdio.h>

struct sink {
	FILE *fp;
	int fd;
	int write_err;       /* errno of the first failed write, 0: none yet */
	char *path;          /* NULL for standard output */
	char *tmp;           /* temporary file beside path */
	const char *display; /* name for messages */
	bool in_place;       /* -o names a device or pipe: written directly, no temporary */
	bool closed;         /* sink_close succeeded: the temporary is complete */
};

/* Returns 0, or -1 and prints a message naming the file. *s must stay where it is until
 * sink_commit or sink_abort (the stream writes through it). */
int sink_open(struct sink *s, const char *path);
/* Flush, check for write errors, make the temporary durable (fsync) and close it, without
 * renaming it yet. Returns 0, or -1 after printing a message (the temporary stays until
 * sink_abort). Standard output: 0 also on EPIPE, quietly. */
int sink_close(struct sink *s);
/* After sink_close: rename the temporary over the target. Returns 0, or -1 after printing
 * a message (and removing the temporary). Frees what the sink holds. */
int sink_publish(struct sink *s);
/* sink_close, then sink_publish (or sink_abort when the close failed). */
int sink_commit(struct sink *s);
/* Discard: close and remove the temporary (standard output is left alone). */
void sink_abort(struct sink *s);
/* The sinks s[0..n) (one report written to several files: -o, --series, --json-output)
 * committed together: every one closed before any replaces its target, none replaced when
 * a close failed, then published in order. emitted false (an emitter stopped): every sink
 * is discarded, and the result is 0 when all of them closed (standard output was a closed
 * pipe: quiet), else -1. A rename that fails after an earlier one replaced its target is
 * said, naming both files. Returns 0, or -1 after printing a message. */
int sink_commit_group(struct sink *const *s, size_t n, bool emitted);

#endif
