/* scan.c - read loop: sources -> lines -> records. */
#include "scan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "document.h"
#include "fieldmap.h"
#include "format-detect.h"
#include "jq-filter.h"
#include "line-reader.h"
#include "pool.h"
#include "scan-int.h"
#include "xalloc.h"


/* True when the line holds nothing but white space. */
static bool
scan_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\v' && s[i] != '\f')
			return false;
	return true;
}

/* Widen the span of valid timestamps in *in to take in ts. */
static void
scan_count_span(struct input_counts *in, int64_t ts)
{
	if (!in->has_span) {
		in->has_span = true;
		in->first_ts = in->last_ts = ts;
	} else if (ts < in->first_ts)
		in->first_ts = ts;
	else if (ts > in->last_ts)
		in->last_ts = ts;
}

/* One more valid record, at ts. */
static void
scan_count_record(struct input_counts *in, int64_t ts)
{
	in->records++;
	scan_count_span(in, ts);
}

/* Validate one line; returns 0 with *rec filled, -1 with why set, or 1 when filtered.
 * Inlined into scan_part_line, the hot path. */
static PR_INLINE int
scan_line(const struct options *o, const struct lr_line *line, struct record_parser *p,
    struct record *rec, char why[RECORD_WHY_SIZE])
{
	if (line->too_long) {
		snprintf(why, RECORD_WHY_SIZE, "line is longer than --max-line-bytes (%zu bytes)",
		    o->max_line_bytes);
		return -1;
	}
	if (line->has_nul) {
		snprintf(why, RECORD_WHY_SIZE, "line contains a NUL byte");
		return -1;
	}
	return record_parse(p, line->data, line->len, rec, why);
}

void
scan_part_init(struct scan_part *sp, const struct options *o, scan_fn fn, void *ctx)
{
	memset(sp, 0, sizeof(*sp));
	sp->o = o;
	sp->fn = fn;
	sp->ctx = ctx;
}

void
scan_part_source(struct scan_part *sp, size_t src)
{
	sp->src = src;
	if (sp->src_found != NULL) {
		record_parser_set_fields(sp->p, sp->src_found[src].fields);
		record_parser_set_timeless(sp->p, sp->o->jq != NULL || sp->src_found[src].jq != NULL);
	}
}

/* The parser, made by the thread that uses it: so that it comes from that thread's own
 * malloc arena, and two threads never write to one cache line for every record. */
void
scan_part_start(struct scan_part *sp)
{
	sp->p = record_parser_new();
	if (sp->o->no_fast_path)
		record_parser_set_fast(sp->p, false);
	record_parser_set_fields(sp->p, sp->o->fields);
	if (sp->o->jq != NULL) {
		char *err;

		/* cli_parse compiled it once already: it compiles. */
		if ((sp->jq = jqf_new(sp->o->jq, &err)) == NULL) {
			diag_error("--jq: %s", err);
			exit(2);
		}
		record_parser_set_timeless(sp->p, true);
	}
}

/* Count a malformed line at pos under its reason's class (only malformed lines come here:
 * the default path never does). */
static void
scan_part_reason(struct scan_part *sp, struct scan_pos pos, const char *why)
{
	char key[TALLY_KEY_SIZE];
	struct scan_reason *r;

	tally_reason_key(why, key, sizeof(key));
	for (size_t i = 0; i < sp->n_reasons; i++) {
		r = &sp->reasons[i];
		if (r->src == sp->src && strcmp(r->key, key) == 0) {
			r->count++;
			if (scan_before(pos, r->first)) {
				r->first = pos;
				snprintf(r->why, sizeof(r->why), "%s", why);
			}
			return;
		}
	}
	if (sp->n_reasons == SCAN_REASONS)
		return; /* counted as malformed; its summary says "of other reasons" */
	xgrow(&sp->reasons, &sp->cap_reasons, sp->n_reasons + 1, sizeof(*sp->reasons));
	r = &sp->reasons[sp->n_reasons++];
	r->src = sp->src;
	memcpy(r->key, key, sizeof(key));
	r->count = 1;
	r->first = pos;
	snprintf(r->why, sizeof(r->why), "%s", why);
}

/* A malformed line (or document value) at pos, for the reason why. Returns true when
 * --strict must stop. */
static bool
scan_part_bad(struct scan_part *sp, struct scan_pos pos, const char *why)
{
	sp->counts.malformed++;
	scan_part_reason(sp, pos, why);
	if (!sp->has_bad || scan_before(pos, sp->bad)) {
		sp->has_bad = true;
		sp->bad = pos;
		snprintf(sp->why, sizeof(sp->why), "%s", why);
	}
	return sp->o->strict;
}

/* One line: blank, malformed or a record. Returns true when --strict must stop. Inlined
 * into both callers: the line loop of every JSON Lines source is the hot path (with a
 * second caller, the documents', gcc would call it, 3 % more instructions per record). */
static PR_INLINE bool
scan_part_line(struct scan_part *sp, uint64_t major, const struct lr_line *line)
{
	struct record rec;
	char why[RECORD_WHY_SIZE];
	int rc;

	if (!line->too_long && scan_blank(line->data, line->len))
		return false;
	if ((rc = scan_line(sp->o, line, sp->p, &rec, why)) > 0) {
		sp->counts.filtered++;
		return false;
	}
	if (rc < 0)
		return scan_part_bad(sp, (struct scan_pos){major, line->lineno}, why);
	if (rec.timeless) {
		sp->counts.records++;
		sp->counts.timeless++;
	} else
		scan_count_record(&sp->counts, rec.ts_us);
	sp->fn(sp->ctx, &rec, sp->p);
	return false;
}

/* Every line of block b, numbered from b->first_line, at positions (major, number); *n
 * counts them. Returns true when --strict must stop. */
bool
scan_part_block(struct scan_part *sp, uint64_t major, const struct lr_block *b, uint64_t *n)
{
	struct lr_split split;
	struct lr_line line;

	*n = 0;
	lr_split_init(&split, b);
	while (lr_split_next(&split, &line)) {
		++*n;
		if (scan_part_line(sp, major, &line))
			return true;
	}
	return false;
}

/* Add what part sp saw to in; keep in *bad the earliest malformed line of all parts. */
void
scan_part_merge(struct scan_part *sp, struct input_counts *in, struct scan_part **bad,
    struct scan_reasons *rs)
{
	for (size_t i = 0; i < sp->n_reasons; i++) {
		xgrow(&rs->r, &rs->cap, rs->n + 1, sizeof(*rs->r));
		rs->r[rs->n++] = sp->reasons[i];
	}
	free(sp->reasons);
	sp->reasons = NULL;
	sp->n_reasons = sp->cap_reasons = 0;
	in->records += sp->counts.records;
	in->malformed += sp->counts.malformed;
	in->filtered += sp->counts.filtered;
	in->timeless += sp->counts.timeless;
	in->filtering |= (sp->o->fields != NULL && sp->o->fields->n_where > 0) ||
	    sp->o->records != NULL || sp->o->jq != NULL;
	if (sp->counts.has_span) {
		scan_count_span(in, sp->counts.first_ts);
		scan_count_span(in, sp->counts.last_ts);
	}
	if (sp->has_bad && (*bad == NULL || scan_before(sp->bad, (*bad)->bad)))
		*bad = sp;
	record_parser_free(sp->p);
	sp->p = NULL;
	jqf_free(sp->jq);
	sp->jq = NULL;
}

/* qsort: reasons in input order of their first lines. */
static int
scan_reason_cmp(const void *a, const void *b)
{
	const struct scan_reason *x = a, *y = b;

	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* "FILE: no line is a valid record (...)" for unreadable source i; rs sorted. Ends with
 * the built-in format that would read it (format_hint), when one would. */
static void
scan_unreadable(const struct options *o, struct line_reader *r, size_t i,
    const struct scan_reasons *rs, const struct scan_src *per)
{
	struct malformed_tally one = {0};
	char *text, *hint = format_hint(o, r);

	for (size_t k = 0; k < rs->n; k++)
		if (rs->r[k].src == i)
			tally_add(&one, rs->r[k].count, lr_name(r), rs->r[k].line, rs->r[k].why);
	one.count = per->malformed;
	text = tally_reasons_text(&one);
	if (hint != NULL)
		diag_error("%s: no line is a valid record (%llu malformed line%s: %s); %s",
		    lr_name(r), (unsigned long long)per->malformed,
		    per->malformed == 1 ? "" : "s", text, hint);
	else
		diag_error("%s: no line is a valid record (%llu malformed line%s: %s); is it "
		    "another tool's log? map its fields with --field, or keep only its records "
		    "with --where (see perf-reporter(1), EXPRESSIONS)", lr_name(r),
		    (unsigned long long)per->malformed, per->malformed == 1 ? "" : "s", text);
	free(hint);
	free(text);
	tally_free(&one);
}

/* The end of a scan. bad (or NULL) is the first malformed line, at line `line` of source
 * src; read_err (taken; or NULL) a read error, which bad_first says came after that line.
 * Under --strict the first of the two stops the run; otherwise a read error does, then an
 * unreadable source, and the malformed lines are tallied by reason. Returns 0 or -1. */
int
scan_finish(const struct options *o, struct line_reader **lr, const struct scan_part *bad,
    size_t src, uint64_t line, char *read_err, bool bad_first, struct scan_reasons *rs,
    const struct scan_src *per, size_t n_src, struct malformed_tally *t)
{
	int rc = 0;

	if (rs->n > 1)
		qsort(rs->r, rs->n, sizeof(*rs->r), scan_reason_cmp);
	if (bad != NULL && o->strict && (read_err == NULL || bad_first)) {
		diag_error("%s:%llu: %s", lr_name(lr[src]), (unsigned long long)line, bad->why);
		rc = -1;
	} else if (read_err != NULL) {
		diag_error("%s", read_err);
		rc = -1;
	} else if (bad != NULL) {
		for (size_t i = 0; i < n_src; i++)
			if (per[i].malformed > 0 && per[i].records == 0 && per[i].filtered == 0) {
				scan_unreadable(o, lr[i], i, rs, &per[i]);
				rc = -1;
			}
		for (size_t k = 0; rc == 0 && k < rs->n; k++)
			tally_add(t, rs->r[k].count, lr_name(lr[rs->r[k].src]), rs->r[k].line,
			    rs->r[k].why);
		if (rc == 0) {
			uint64_t all = 0;

			for (size_t i = 0; i < n_src; i++)
				all += per[i].malformed;
			free(t->first);
			t->first = xasprintf("%s:%llu: %s", lr_name(lr[src]), (unsigned long long)line,
			    bad->why);
			t->count = all;
		}
	}
	free(read_err);
	free(rs->r);
	rs->r = NULL;
	rs->n = rs->cap = 0;
	return rc;
}

/* Open every input (o->default_input, chosen by cli_parse, when none is named); names go
 * to in->files. Returns the readers, or NULL after reporting every input that cannot be
 * opened. */
struct line_reader **
scan_open(const struct options *o, struct input_counts *in, size_t *n_out,
    struct format_found **found)
{
	char *const *names = o->files;
	char *deflt[1] = {(char *)o->default_input};
	size_t n = o->n_files;
	struct line_reader **lr;
	char *err;
	bool failed = false;

	if (n == 0) {
		names = deflt;
		n = 1;
	}
	lr = xcalloc(n, sizeof(*lr));
	for (size_t i = 0; i < n; i++) {
		lr[i] = lr_open(names[i], o->max_line_bytes, &err);
		if (lr[i] == NULL) {
			diag_error("%s", err);
			free(err);
			failed = true;
		}
	}
	in->files = xcalloc(n, sizeof(char *));
	in->n_files = n;
	for (size_t i = 0; i < n; i++)
		in->files[i] = xstrdup(strcmp(names[i], "-") == 0 ? "<stdin>" : names[i]);
	*n_out = n;
	*found = NULL;
	if (failed) {
		for (size_t i = 0; i < n; i++)
			lr_close(lr[i]);
		free(lr);
		return NULL;
	}
	if (o->n_detect > 0) {
		/* Finding the format, once per source (SPEC section 16). */
		struct format_found *f = xcalloc(n, sizeof(*f));

		for (size_t i = 0; i < n; i++) {
			format_detect(o, lr[i], &f[i]);
			in->filtering |= (f[i].fields != NULL && f[i].fields->n_where > 0) ||
			    f[i].document;
		}
		*found = f;
	}
	return lr;
}

void
scan_found_free(struct format_found *found, size_t n)
{
	for (size_t i = 0; found != NULL && i < n; i++)
		format_found_free(&found[i]);
	free(found);
}

void
scan_close(struct line_reader **lr, size_t n)
{
	for (size_t i = 0; i < n; i++)
		lr_close(lr[i]);
	free(lr);
}

/* Size of the chunks regular files are read by: LR_BLOCK_BYTES, or o->chunk_bytes. */
size_t
scan_chunk_bytes(const struct options *o)
{
	return o->chunk_bytes > 0 ? o->chunk_bytes : LR_BLOCK_BYTES;
}

/* Bytes of source r read once chunk k is: for the progress line. */
uint64_t
scan_chunk_done(const struct line_reader *r, uint64_t k, size_t chunk)
{
	uint64_t done = (k + 1) * chunk;

	return done < lr_bytes_total(r) ? done : lr_bytes_total(r);
}

/* A document being read into a part: source major. */
struct scan_doc {
	struct scan_part *sp;
	uint64_t major;
};

/* doc_out.rec: one record's text, read as a line at line `line` would be. */
static bool
scan_doc_rec(void *ctx, const char *text, size_t len, uint64_t line)
{
	struct scan_doc *d = ctx;
	struct lr_line l = {.data = text, .len = len, .lineno = line,
	    .has_nul = memchr(text, '\0', len) != NULL};

	return scan_part_line(d->sp, d->major, &l);
}

/* doc_out.bad: a value that is not JSON, or that --jq failed on. */
static bool
scan_doc_bad(void *ctx, uint64_t line, const char *why)
{
	struct scan_doc *d = ctx;

	return scan_part_bad(d->sp, (struct scan_pos){d->major, line}, why);
}

/* doc_out.none: a value from which no record came is filtered (SPEC section 16). */
static void
scan_doc_none(void *ctx, uint64_t line)
{
	struct scan_doc *d = ctx;

	(void)line;
	d->sp->counts.filtered++;
}

/* True when source r is to be read as a document: --records or --jq, a format found for
 * it that reads documents, a document detection read whole (f, or NULL), or its first
 * bytes say so (doc_sniff). -1 with *err on a read error. */
static int
scan_is_document(const struct options *o, struct line_reader *r,
    const struct format_found *f, char **err)
{
	const char *p;
	size_t n;

	if (o->records != NULL || o->jq != NULL)
		return 1;
	if (f != NULL && (f->document || f->doc != NULL))
		return 1;
	if (lr_peek(r, DOC_SNIFF_BYTES, &p, &n, err) < 0)
		return -1;
	return doc_sniff(p, n, n < DOC_SNIFF_BYTES);
}

bool
scan_any_document(const struct options *o, struct line_reader **lr,
    const struct format_found *found, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *err = NULL;
		int d = scan_is_document(o, lr[i], found != NULL ? &found[i] : NULL, &err);

		free(err);
		if (d != 0)
			return d > 0;
	}
	return false;
}

/* Source i (r), a document: read whole (unless detection did: f->doc, or parsed it:
 * f->tree), cut into records
 * (document.h) through --records and --jq, or through the format found for it (f, or
 * NULL). Returns true when --strict must stop; a read error goes to *err. */
static bool
scan_document(struct scan_part *part, struct line_reader *r, size_t i, struct input_counts *in,
    struct format_found *f, char **err)
{
	struct scan_doc d = {part, i};
	struct doc_out out = {scan_doc_rec, scan_doc_bad, scan_doc_none, &d};
	uint64_t bad = part->counts.malformed;
	const struct doc_path *path = part->o->records;
	struct jqf *jq = part->jq;
	char *buf;
	size_t n;

	if (f != NULL && f->document) {
		path = f->fmt->records;
		jq = f->jq;
	}
	if (f != NULL && f->tree != NULL) {
		/* Parsed once already, by detection (format-detect.h). */
		in->lines += doc_tree_read(f->tree, path, jq, &out);
		doc_tree_free(f->tree);
		f->tree = NULL;
		return part->o->strict && part->counts.malformed > bad;
	}
	if (f != NULL && f->doc != NULL) {
		buf = f->doc;
		n = f->doc_len;
		f->doc = NULL;
	} else if (lr_read_all(r, &buf, &n, err) < 0)
		return false;
	in->lines += doc_read(buf, n, path, jq, &out);
	free(buf);
	return part->o->strict && part->counts.malformed > bad;
}

/* Read source i of lr to its end (or a --strict stop, or a read error in *err), a regular
 * file by chunks, anything else by blocks, a document whole. Returns true when --strict
 * must stop. */
static bool
scan_source(struct scan_part *part, struct line_reader *r, size_t i, struct lr_block *blk,
    struct progress *pg, struct input_counts *in, uint64_t line, char **err)
{
	uint64_t n_chunks, n;
	size_t chunk = scan_chunk_bytes(part->o);
	bool stop = false;
	struct format_found *f = part->src_found != NULL ? &part->src_found[i] : NULL;
	int doc = scan_is_document(part->o, r, f, err);

	if (doc != 0)
		return doc > 0 ? scan_document(part, r, i, in, f, err) : false;

	if (lr_chunked(r, chunk, &n_chunks)) {
		for (uint64_t k = 0; !stop && k < n_chunks; k++) {
			char *why = NULL;

			if (lr_read_chunk(r, chunk, k, blk, &why) != LR_LINE) {
				*err = xasprintf("%s:%llu: %s", lr_name(r),
				    (unsigned long long)line + 1, why);
				free(why);
				break;
			}
			blk->first_line = line + 1;
			stop = scan_part_block(part, i, blk, &n);
			line += n;
			in->lines += n;
			progress_update(pg, lr_name(r), scan_chunk_done(r, k, chunk),
			    lr_bytes_total(r));
		}
		return stop;
	}
	while (!stop && lr_next_block(r, blk, err) == LR_LINE) {
		blk->first_line += line; /* numbered on after the lines of an earlier run */
		stop = scan_part_block(part, i, blk, &n);
		in->lines += n;
		progress_update(pg, lr_name(r), lr_bytes_done(r), lr_bytes_total(r));
	}
	return stop;
}

int
scan_inputs(const struct options *o, scan_fn fn, void *ctx, struct input_counts *in,
    struct malformed_tally *t)
{
	return scan_inputs_at(o, fn, ctx, in, t, NULL);
}

void
scan_resume_out(const struct options *o, struct line_reader **lr,
    const struct scan_src *per, size_t n, struct scan_resume *res)
{
	for (size_t i = 0; res != NULL && i < n; i++) {
		uint64_t k;
		bool chunked = lr_chunked(lr[i], scan_chunk_bytes(o), &k);

		res[i].offset = lr_bytes_end(lr[i], chunked);
		res[i].lines += per[i].lines;
		res[i].records = per[i].records;
		res[i].malformed = per[i].malformed;
		res[i].filtered = per[i].filtered;
		res[i].plain = lr_plain_file(lr[i]);
		res[i].document = false;
	}
}

int
scan_inputs_at(const struct options *o, scan_fn fn, void *ctx, struct input_counts *in,
    struct malformed_tally *t, struct scan_resume *res)
{
	struct line_reader **lr;
	size_t n;

	struct format_found *found;

	if ((lr = scan_open(o, in, &n, &found)) == NULL)
		return -1;
	return scan_inputs_open(o, lr, n, found, fn, ctx, in, t, res);
}

int
scan_inputs_open(const struct options *o, struct line_reader **lr, size_t n,
    struct format_found *found, scan_fn fn, void *ctx, struct input_counts *in,
    struct malformed_tally *t, struct scan_resume *res)
{
	struct scan_part part, *bad = NULL;
	struct scan_reasons rs = {0};
	struct scan_src *per;
	struct lr_block blk = {0};
	struct progress pg;
	char *err = NULL;
	bool stop = false;
	int rc;

	per = xcalloc(n, sizeof(*per));
	for (size_t i = 0; res != NULL && i < n; i++) {
		/* The bytes and lines an earlier run read count for the unreadable rule. */
		per[i] = (struct scan_src){res[i].records, res[i].malformed, res[i].filtered, 0};
		if (lr_start_at(lr[i], res[i].offset) < 0 && err == NULL)
			err = xasprintf("%s: shorter than the %llu bytes read before; run again",
			    lr_name(lr[i]), (unsigned long long)res[i].offset);
	}
	scan_part_init(&part, o, fn, ctx);
	part.src_found = found;
	scan_part_start(&part);
	progress_init(&pg);
	for (size_t i = 0; !stop && err == NULL && i < n; i++) {
		struct input_counts before = part.counts;
		uint64_t lines = in->lines;

		scan_part_source(&part, i);
		stop = scan_source(&part, lr[i], i, &blk, &pg, in, res ? res[i].lines : 0, &err);
		per[i].records += part.counts.records - before.records;
		per[i].malformed += part.counts.malformed - before.malformed;
		per[i].filtered += part.counts.filtered - before.filtered;
		per[i].lines = in->lines - lines;
	}
	scan_resume_out(o, lr, per, n, res);
	for (size_t i = 0; res != NULL && i < n; i++) {
		/* A document is read whole: no run resumes inside it (--state). */
		char *e = NULL;

		if (scan_is_document(o, lr[i], found != NULL ? &found[i] : NULL, &e) != 0) {
			res[i].plain = false;
			res[i].document = true;
		}
		free(e);
	}
	progress_clear(&pg);
	free(blk.buf);
	scan_part_merge(&part, in, &bad, &rs);
	for (size_t k = 0; k < rs.n; k++)
		rs.r[k].line = rs.r[k].first.line; /* (source, line) already */
	rc = scan_finish(o, lr, bad, bad ? (size_t)bad->bad.major : 0, bad ? bad->bad.line : 0,
	    err, true, &rs, per, n, t);
	free(per);
	scan_found_free(found, n);
	scan_close(lr, n);
	return rc;
}

size_t
scan_jobs(const struct options *o)
{
	return pool_threads(o->jobs);
}

void
scan_counts_free(struct input_counts *in)
{
	for (size_t i = 0; i < in->n_files; i++)
		free(in->files[i]);
	free(in->files);
	in->files = NULL;
	in->n_files = 0;
}
