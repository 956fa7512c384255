/* export.h - the export command's writer: the records of the selected window, normalised,
 * as CSV, a JSON array (streamed) or JSON Lines, in input order (SPEC section 6, export).
 * cmd-export.c reads the inputs through the loader (load.h), which applies --op and -j and
 * settles a moving window, and hands the records to the functions below. */
#ifndef PR_EXPORT_H
#define PR_EXPORT_H

#include <stdio.h>
#include "options.h"
#include "record.h"
#include "window.h"

/* The writer of one export run. */
struct export_state {
	const struct options *o;
	FILE *out;
	struct windows w;
	bool moving;        /* --now latest with --days: the window follows the newest record */
	int64_t newest;
	bool have_newest;
	struct held *held;
	size_t n_held, cap_held, prune_at;
	uint64_t written;
};

/* Start writing to out (the CSV header) the records in w; with moving, the records are
 * held back (those already too old for any final window dropped) until export_end. */
void export_begin(struct export_state *s, const struct options *o, FILE *out,
    const struct windows *w, bool moving);
/* One record (a scan_fn over s), with one thread. */
void export_record(void *ctx, const struct record *r, struct record_parser *p);
/* With threads (not when moving): a part per thread over s (ctx) that renders each batch
 * into memory, its records (a scan_fn over the part), its end of batch (written to s's
 * output in input order, or dropped when keep is false), and the part freed. */
void *export_part_new(void *ctx);
void export_part_record(void *ctx, const struct record *r, struct record_parser *p);
void export_part_flush(void *ctx, bool keep);
void export_part_join(void *ctx, void *part);
/* Finish: a moving window's held records that fall in w (the final window), then the JSON
 * array's end; frees what s holds (call it after a failed read too, then abort the
 * output). Write errors are left for the sink to detect. */
void export_end(struct export_state *s, const struct windows *w);

#endif
