/* state.h - the --state FILE of incremental re-runs (SPEC section 18): what a report read
 * last time, kept so that the next run with the same command, options and files reads
 * only the bytes appended since.
 *
 * FILE (the manifest) holds, for each input, its identity (device, inode), the bytes read
 * and a hash of the last STATE_TAIL_BYTES read; the input counts and the malformed-line
 * tally so far; the names of the records; and how many records of the records segment are
 * committed, with a checksum of each chunk of STATE_CHUNK of them. The segment is a file
 * beside FILE (FILE.records.0 or FILE.records.1, the slot the manifest names) holding the
 * compact records (time, duration, outcome, operation, session: 24 bytes each) of the span
 * the windows can still reach, in the order they were read. The manifest is binary, with a
 * format version, a key made of the command line and the version, and a checksum of its
 * own: one that does not match is ignored (with a note) and rewritten.
 *
 * A re-run appends only its own records to the segment (cut back first to the committed
 * length: what a killed run appended is dropped), syncs them, then writes the manifest to
 * a temporary file beside FILE and renames it; a run killed at any point leaves the old
 * manifest, which names only the records committed before. Records the windows can no
 * longer reach stay in the segment (skipped) until they are more than half of it; the
 * segment is then rewritten whole into the other slot (compacted), the manifest renamed,
 * and the old slot removed. The manifest is not synced: one a crash of the machine
 * damages fails its checksum and is ignored.
 *
 * A state is used whole or not at all: when any input shrank or was replaced, every input
 * is read whole again. An input rotated away (found by its inode among FILE.1 and FILE-*
 * beside FILE) has its unread tail read before FILE, which is read whole. Inputs that are
 * not plain regular files (standard input, FIFOs, gzip) keep no state: such a run reads
 * everything and writes none. */
#ifndef PR_STATE_H
#define PR_STATE_H

#include <stdint.h>
#include "diag.h"
#include "intern.h"
#include "options.h"
#include "record-type.h"

/* The hash of the last bytes read covers this many bytes (fewer in a shorter file). */
#define STATE_TAIL_BYTES 4096
/* The binary format's version; another one is ignored and rewritten. */
#define STATE_FORMAT 2
/* Records per checksummed chunk of the records segment. */
#define STATE_CHUNK ((size_t)1 << 15)

/* Line and record counts: of one input, or of every input so far. */
struct state_counts {
	uint64_t lines, records, malformed, filtered;
	bool has_span;            /* totals only: the span of valid timestamps */
	int64_t first_ts, last_ts;
};

/* One input as it was read. */
struct state_file {
	char *path;               /* as given on the command line (heap) */
	uint64_t dev, ino;
	uint64_t offset;          /* bytes read: the next run starts here */
	uint64_t tail_hash;       /* state_hash of the STATE_TAIL_BYTES before offset */
	struct state_counts c;    /* its lines and records (no span) */
};

/* A compact record: what the aggregate needs of one record. */
struct state_rec {
	int64_t ts_us;
	double duration_ms;
	uint32_t op;   /* id in ops; top bit set = failed */
	uint32_t sess; /* id + 1 in sessions; 0 = none */
};
#define STATE_FAILED UINT32_C(0x80000000)

/* Records being kept: those at or after keep_from; every operation name seen is interned
 * (so that --op can still name the patterns that match nothing). */
struct state_recs {
	struct intern ops, sessions;
	struct state_rec *v;
	size_t n, cap;
	int64_t keep_from;        /* INT64_MIN: every record */
	/* --now latest (state_recs_follow): only records within span of the newest can be
	   reached; the others are dropped as reading goes on. */
	int64_t span;             /* 0: no such dropping */
	int64_t newest;
	size_t prune_at;
};

struct state {
	uint64_t key;             /* state_key of the run that wrote it */
	int64_t keep_from;        /* records before it were dropped */
	struct state_counts total;
	struct state_file *files;
	size_t n_files;
	struct malformed_tally tally;
	/* The names of every record, and the records not yet in the segment (this run's). */
	struct state_recs recs;
	/* The records segment: its slot (0 or 1; -1: none yet), the records committed to it
	   (borrowed: state_load's mapping, or state_decode's caller's bytes), some of them
	   before keep_from (no longer reached, skipped), and the checksum of each chunk. */
	int slot;
	bool have_seg;            /* seg read from slot: a save may append to it */
	const struct state_rec *seg;
	size_t n_seg;
	uint64_t *sums;           /* ceil(n_seg / STATE_CHUNK) of them (heap) */
	void *map;                /* state_load's mapping of the segment (unmapped by state_free) */
	size_t map_len;
};

/* 64-bit FNV-1a of p[0..n), continuing from h (start with STATE_HASH_INIT). */
#define STATE_HASH_INIT UINT64_C(0xcbf29ce484222325)
uint64_t state_hash(uint64_t h, const void *p, size_t n);

/* The key of a command line: every argument but --state's and --now's values (so that
 * --now may move), for cli_parse to keep in options.state_key. */
uint64_t state_args_key(int argc, char *const *argv);
/* The key a state of this run must carry: options.state_key, the project file's bytes
 * (--config) and the program's version. */
uint64_t state_key(const struct options *o);

void state_recs_init(struct state_recs *s, int64_t keep_from);
/* Keep r (when at or after keep_from; its operation name in any case). */
void state_recs_add(struct state_recs *s, const struct record *r);
/* Windows that end at the newest record: keep only the records within span (> 0) of the
 * newest one seen, dropping the others from time to time while reading. */
void state_recs_follow(struct state_recs *s, int64_t span);
/* Move src's records and names into dst (src emptied, still to be freed). */
void state_recs_merge(struct state_recs *dst, struct state_recs *src);
/* Drop the records before from and set keep_from to it. */
void state_recs_prune(struct state_recs *s, int64_t from);
/* Record i as a struct record (strings borrowed from s). */
void state_recs_get(const struct state_recs *s, size_t i, struct record *r);
/* Record *k, whose names are s's, as a struct record (strings borrowed from s). */
void state_rec_get(const struct state_recs *s, const struct state_rec *k, struct record *r);
void state_recs_free(struct state_recs *s);

void state_init(struct state *st);
void state_free(struct state *st);
/* Move src's records segment (its records, chunk checksums and mapping; not the slot)
 * into dst, whose own is none: a save appends to it. src keeps no segment. */
void state_seg_move(struct state *dst, struct state *src);

/* Parse a manifest from buf[0..len) into *st (state_init'ed or zeroed; freed and replaced
 * only on success), its segment not yet attached: *n_recs says how many records the
 * segment must hold. check_sum false skips the manifest's checksum (the fuzz target, to
 * reach the rest). Returns 0, or -1 with why (heap) saying what is wrong. Never trusts a
 * count or an offset. */
int state_decode_head(const unsigned char *buf, size_t len, bool check_sum, struct state *st,
    size_t *n_recs, char **why);
/* Attach the segment's bytes seg[0..len) (aligned for struct state_rec; more bytes than
 * the n_recs committed are a killed run's append, ignored) to st as its committed records
 * (borrowed: seg must outlive st's use of them); check_sum false skips the chunks'
 * checksums. Every record is checked (names in range, finite durations, times within
 * the span). Returns 0, or -1 with why (heap), st then unchanged. */
int state_decode_recs(struct state *st, size_t n_recs, const unsigned char *seg, size_t len,
    bool check_sum, char **why);
/* state_decode_head and state_decode_recs in one (-1: *st unchanged). */
int state_decode(const unsigned char *buf, size_t len, const unsigned char *seg,
    size_t seg_len, bool check_sum, struct state *st, char **why);
/* The manifest of st (heap, *len bytes): its segment holding st's committed records, then
 * st->recs' (as an append writes them), in slot st->slot. */
unsigned char *state_encode(const struct state *st, size_t *len);
/* Record i of st: of the segment (i < st->n_seg), then of st->recs. */
const struct state_rec *state_rec_at(const struct state *st, size_t i);

/* Read o->state_file and its segment (mapped) into *st for this run: 1 when it is there
 * and fits (same key and format), 0 when it is absent, or ignored with a note (any other
 * case; st->slot then still names the slot of an ignored but readable manifest, so that
 * the state rewritten goes to the other one). */
int state_load(const struct options *o, struct state *st);
/* Write st to o->state_file atomically: st->recs appended to the segment (or, when no
 * segment is there or the records before st->keep_from are more than half of it, every
 * record at or after keep_from written to the other slot), synced, then the manifest
 * written to a temporary file beside FILE and renamed. o->state_pause_ms > 0 (tests)
 * sleeps that long halfway through writing the records, the temporary manifest already
 * created. 0, or -1 after saying why (the run's output stands; the old state stays). */
int state_save(const struct options *o, const struct state *st);

/* Where the inputs are read from this run: the files in order (a rotated file's tail
 * first, then the file itself), each from a byte offset and its counts so far. */
struct state_plan {
	char **paths;             /* heap array; the strings are borrowed or plan-owned */
	char **owned;             /* names of rotated files (heap), freed with the plan */
	size_t n, n_owned;
	uint64_t *offset;         /* per path */
	struct state_counts *before; /* per path */
	bool *rotated;            /* per path: a rotated file's tail (its counts retire) */
	bool incremental;         /* some input is read from an offset */
};

/* Plan the reading of o's inputs (o->files, or o->default_input) against the loaded *st
 * (have: state_load's answer). Returns 1 with the state used, 0 with every input to be
 * read whole (a note says why when the state was there), -1 when no state can be kept
 * (an input is standard input, a FIFO or gzip: a note says so). */
int state_plan(const struct options *o, const struct state *st, int have,
    struct state_plan *p);
void state_plan_free(struct state_plan *p);

/* The identity and tail hash of path read up to offset, into *f (path copied); false when
 * the file cannot be looked at, or its last byte read is not a newline (a line may still
 * be growing: the next run then reads it whole). */
bool state_identify(const char *path, uint64_t offset, struct state_file *f);

/* Add the malformed tally more (this run's lines) after *t (the saved one). */
void state_tally_append(struct malformed_tally *t, const struct malformed_tally *more);
/* A copy of *t into *dst. */
void state_tally_copy(struct malformed_tally *dst, const struct malformed_tally *t);

#endif
