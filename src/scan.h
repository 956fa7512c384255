/* scan.h - the read loop: every input in order, line by line, each line validated into a
 * record or counted as malformed (SPEC section 2). Valid records go to a callback. */
#ifndef PR_SCAN_H
#define PR_SCAN_H

#include "cli.h"
#include "diag.h"
#include "record.h"
#include "report.h"

typedef void (*scan_fn)(void *ctx, const struct record *r, struct record_parser *p);

/* Open every input first (so a missing file stops the run before any output), then read
 * them in order. Fills in->files (heap copies of the names), lines, records, malformed and
 * the span of valid timestamps. Returns 0, or -1 after printing the message for a fatal
 * error: an input that cannot be opened or read, or a malformed line under --strict. */
int scan_inputs(const struct options *o, scan_fn fn, void *ctx, struct input_counts *in,
    struct malformed_tally *t);
/* Free what scan_inputs allocated in *in. */
void scan_counts_free(struct input_counts *in);

#endif
