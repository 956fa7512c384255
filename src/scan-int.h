/* scan-int.h - what the sequential scan (scan.c) and the threaded scan (scan-mt.c) share:
 * one parsing thread's state, opening and closing the inputs, the chunk size and the end
 * of a scan. Private to the two files; the callers' interface is scan.h. */
#ifndef PR_SCAN_INT_H
#define PR_SCAN_INT_H

#include "format-detect.h"
#include "line-reader.h"
#include "scan.h"

/* A position in the input: (source, line) in the sequential scan; (batch, line within the
 * batch, from 1) in the parallel one, until the line numbers are known. */
struct scan_pos {
	uint64_t major, line;
};

static inline bool
scan_before(struct scan_pos a, struct scan_pos b)
{
	return a.major != b.major ? a.major < b.major : a.line < b.line;
}

/* Malformed lines of one reason class (tally_reason_key) in one source, as one part saw
 * them: how many, and the first (a scan_pos until resolved to (source, line)). */
#define SCAN_REASONS 1024 /* (source, class) pairs a part keeps; past them, lines are
			   * counted as malformed and summed up as "of other reasons" */
struct scan_reason {
	size_t src;
	char key[TALLY_KEY_SIZE];
	uint64_t count;
	struct scan_pos first;
	uint64_t line;            /* first's line in its source, once resolved */
	char why[RECORD_WHY_SIZE];
};

/* Every part's reasons, gathered by scan_part_merge. */
struct scan_reasons {
	struct scan_reason *r;
	size_t n, cap;
};

/* What one source held: the unreadable rule (SPEC section 11) is per source. */
struct scan_src {
	uint64_t records, malformed, filtered;
	uint64_t lines;           /* read in this run */
};
/* --state: fill res[0..n) (scan_resume) from what the readers read and per holds. */
void scan_resume_out(const struct options *o, struct line_reader **lr,
    const struct scan_src *per, size_t n, struct scan_resume *res);

/* One parsing thread's state (the sequential scan has one): where its records go, and what
 * its lines left behind. */
struct scan_part {
	const struct options *o;
	struct record_parser *p;
	scan_fn fn;
	void *ctx;
	struct input_counts counts; /* records, malformed and span of its lines */
	bool has_bad;               /* the earliest malformed line it met */
	struct scan_pos bad;
	char why[RECORD_WHY_SIZE];
	size_t src;                 /* the source of the lines being parsed */
	struct format_found *src_found; /* per source, how it is read (scan_open's
	                              format_detect; a document's bytes taken from it), or
	                              NULL: o->fields for all */
	struct scan_reason *reasons; /* heap, only once a line is malformed */
	size_t n_reasons, cap_reasons;
	struct jqf *jq;             /* --jq compiled for this part's thread, or NULL */
};

void scan_part_init(struct scan_part *sp, const struct options *o, scan_fn fn, void *ctx);
/* The lines that follow are of source src: with sp->src_found, read with its fields. */
void scan_part_source(struct scan_part *sp, size_t src);
/* Make the part's parser; called by the thread that uses it. */
void scan_part_start(struct scan_part *sp);
/* Every line of block b, numbered from b->first_line, at positions (major, number); *n
 * counts them. Returns true when --strict must stop. */
bool scan_part_block(struct scan_part *sp, uint64_t major, const struct lr_block *b,
    uint64_t *n);
/* Add what part sp saw to in; keep in *bad the earliest malformed line of all parts; add
 * its reasons to rs; free the part's parser. */
void scan_part_merge(struct scan_part *sp, struct input_counts *in, struct scan_part **bad,
    struct scan_reasons *rs);
/* The end of a scan: bad (or NULL) is the first malformed line, at line `line` of source
 * src; read_err (taken; or NULL) a read error, which bad_first says came after that line;
 * rs the reasons with their first lines resolved to (source, line); per[i] what source i
 * held. Prints what stops the run (a source with malformed lines and no record, filtered
 * or valid, is unreadable: SPEC section 11), or tallies the malformed lines by reason.
 * Returns 0 or -1; frees rs. */
int scan_finish(const struct options *o, struct line_reader **lr, const struct scan_part *bad,
    size_t src, uint64_t line, char *read_err, bool bad_first, struct scan_reasons *rs,
    const struct scan_src *per, size_t n_src, struct malformed_tally *t);
/* Read the opened inputs lr[0, n) with one thread into fn(ctx, ...), as scan_inputs_at
 * does (found: scan_open's, taken and freed; res: as scan_inputs_at's, or NULL); closes
 * them. */
int scan_inputs_open(const struct options *o, struct line_reader **lr, size_t n,
    struct format_found *found, scan_fn fn, void *ctx, struct input_counts *in,
    struct malformed_tally *t, struct scan_resume *res);
/* True when o reads every source as a document (--records, --jq), or when one of lr[0, n)
 * is one by its first bytes (document.h) or by the format found for it (found, or NULL),
 * which documents are read by one thread; false
 * also after a read error, which the read itself will meet and report again. */
bool scan_any_document(const struct options *o, struct line_reader **lr,
    const struct format_found *found, size_t n);
/* Open every input (o->default_input when none is named); names go to in->files. Returns
 * the readers (*n_out of them), or NULL after reporting every input that cannot be opened.
 * *found gets NULL, or, when o->detect holds formats, how each source is to be read
 * (heap; scan_found_free): format_detect's answer, found before reading it. */
struct line_reader **scan_open(const struct options *o, struct input_counts *in,
    size_t *n_out, struct format_found **found);
/* Free found[0, n) (scan_open's) and the array. */
void scan_found_free(struct format_found *found, size_t n);
void scan_close(struct line_reader **lr, size_t n);
/* Size of the chunks regular files are read by. */
size_t scan_chunk_bytes(const struct options *o);
/* Bytes of source r read once chunk k is: for the progress line. */
uint64_t scan_chunk_done(const struct line_reader *r, uint64_t k, size_t chunk);

#endif
