/* sink.h - where output goes: standard output, or -o FILE written whole or not at all
 * (a temporary file created with mkstemp beside FILE, renamed over it on success); a FILE
 * that exists and is not a regular file (/dev/null, a FIFO) is written in place. */
#ifndef PR_SINK_H
#define PR_SINK_H

#include <stdio.h>
#include "common.h"

struct sink {
	FILE *fp;
	char *path; /* NULL for standard output */
	char *tmp;  /* temporary file beside path */
	const char *display; /* name for messages */
	bool in_place;       /* -o names a device or pipe: written directly, no temporary */
};

/* Returns 0, or -1 and prints a message naming the file. */
int sink_open(struct sink *s, const char *path);
/* Flush, check for write errors, close; for a file, rename the temporary over the target.
 * Returns 0, or -1 after printing a message (and removing the temporary). */
int sink_commit(struct sink *s);
/* Discard: close and remove the temporary (standard output is left alone). */
void sink_abort(struct sink *s);

#endif
