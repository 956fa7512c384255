/* scan.h - the read loop: every input in order, line by line, each line validated into a
 * record or counted as malformed (SPEC section 2). Valid records go to a callback. */
#ifndef PR_SCAN_H
#define PR_SCAN_H

#include "options.h"
#include "diag.h"
#include "input-counts.h"
#include "record.h"

typedef void (*scan_fn)(void *ctx, const struct record *r, struct record_parser *p);

/* Open every input first (so a missing file stops the run before any output), then read
 * them in order: regular files by chunks, as long as they were when opened; the others
 * (gzip, standard input, pipes) to their end. Fills in->files (heap copies of the names), lines, records, malformed and
 * the span of valid timestamps. Returns 0, or -1 after printing the message for a fatal
 * error: an input that cannot be opened or read, or a malformed line under --strict. */
int scan_inputs(const struct options *o, scan_fn fn, void *ctx, struct input_counts *in,
    struct malformed_tally *t);
/* The same with n_workers threads parsing (n_workers >= 2): they read regular files
 * themselves, by chunks (lr_read_chunk); the calling thread reads the other inputs (gzip,
 * standard input, pipes, devices) and hands them blocks of lines. Worker i passes its records to fn(ctxs[i], ...), so
 * each context is touched by one thread only. The counts, the first malformed line quoted
 * and the --strict stop are those of a sequential read. */
typedef void (*scan_batch_fn)(void *ctx, bool keep);
/* With batch_done, each worker calls batch_done(ctxs[i], keep) after every batch of lines,
 * one worker at a time and in input order, so that output rendered per batch can be
 * written in the order of the input (export). keep is false for a batch that comes after
 * a --strict stop or a read error, which a sequential read would not have reached: its
 * output is to be dropped. batch_done may be NULL. */
int scan_inputs_mt(const struct options *o, size_t n_workers, scan_fn fn, void **ctxs,
    scan_batch_fn batch_done, struct input_counts *in, struct malformed_tally *t);
/* --state (state.h): where each input starts and what came before, and where it ended. */
struct scan_resume {
	uint64_t offset;  /* in: the byte to start at (a line's start); out: the byte reading
	                     ended at */
	uint64_t lines, records, malformed, filtered; /* in: before offset (lines are numbered
	                     on from there); out: with those read */
	bool plain;       /* out: a named regular file, not gzip, that can be read on */
	bool document;    /* out: a JSON document (read whole, so never read on; plain false) */
};
/* scan_inputs with res[i] (one per input, o->files or the default input) giving where
 * input i starts, and receiving where it ended. */
int scan_inputs_at(const struct options *o, scan_fn fn, void *ctx, struct input_counts *in,
    struct malformed_tally *t, struct scan_resume *res);
/* scan_inputs_mt filling res[i] (whose offsets must be 0) as scan_inputs_at does. */
int scan_inputs_mt_at(const struct options *o, size_t n_workers, scan_fn fn, void **ctxs,
    scan_batch_fn batch_done, struct input_counts *in, struct malformed_tally *t,
    struct scan_resume *res);
/* Number of parsing threads for -j (0: the online processors). */
size_t scan_jobs(const struct options *o);
/* Free what scan_inputs allocated in *in. */
void scan_counts_free(struct input_counts *in);

#endif
