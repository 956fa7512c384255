/* cmd-summarize.c - `summarize` end to end (SPEC section 18). Each named regular file is
 * told apart by its first non-blank line: a summary header makes it a summary, read whole
 * by summary.c's strict reader; anything else is a log. The logs are read through the
 * loader (the --op, --strict, -j... rules of every command, all time) into one summary,
 * grouped by --by; the summaries are merged into it in input order, one at a time (each
 * read whole, merged, freed), so that memory grows with the groups of the output, not with
 * the inputs. --op keeps the selected operations' records of the logs and lines of the
 * summaries (which must then be grouped by operation_type). Standard input, FIFOs and devices are always logs (they cannot be read
 * twice: a summary's header is read once to sort the inputs, and again with the rest).
 *
 * The output's bucket, accuracy, keys and exact limit come from the options; one the
 * command line does not give comes from the first summary, so that `summarize a.jsonl
 * b.jsonl` of two summaries needs no option. The unit is --unit's label ("ms" without it),
 * or with summaries alone the first one's. */
#include "cmd-summarize.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "group.h"
#include "intern.h"
#include "line-reader.h"
#include "load.h"
#include "sink.h"
#include "summary.h"
#include "xalloc.h"

/* Longest summary line read: a histogram of 80,001 counts, or 1,048,576 exact values of
 * up to 24 bytes each, fit. */
#define SUMMARIZE_MAX_LINE ((size_t)64 << 20)

/* The inputs, sorted out. */
struct summarize_inputs {
	char **logs;               /* borrowed names */
	size_t n_logs;
	const char **sums;         /* the summaries' names, in input order */
	size_t n_sums;
	struct summary *first;     /* the first summary's header (no lines), or NULL */
};

/* The logs' side: the summary records go into, and the group texts by key. */
struct summarize_ctx {
	const struct options *o;
	struct summary *s;
	struct intern keys;        /* group key (group.h's encoding, or the name) -> id */
	char **texts;              /* id -> group JSON text */
	size_t n_texts, texts_cap;
	struct group_buf buf;
	char *err;                 /* the first failure (a count overflow), or NULL */
};

/* Feed the lines of block b to the reader (only up to the header when header_only); -1 and
 * *err on the first bad one. */
static int
summarize_feed(struct summary_reader *rd, const struct lr_block *b, bool header_only,
    char **err)
{
	struct lr_split sp;
	struct lr_line line;

	lr_split_init(&sp, b);
	while (!(header_only && rd->s != NULL) && lr_split_next(&sp, &line)) {
		rd->line = line.lineno - 1;
		if (line.too_long || line.has_nul) {
			rd->line++;
			*err = xasprintf("%s:%llu: %s", rd->name, (unsigned long long)rd->line,
			    line.too_long ? "line too long for a summary" : "NUL byte in a summary");
			return -1;
		}
		if (summary_reader_line(rd, line.data, line.len, err) != 0)
			return -1;
	}
	return 0;
}

/* True when the first non-blank line of block b is a summary header. */
static bool
summarize_block_is_summary(const struct lr_block *b)
{
	struct lr_split sp;
	struct lr_line line;

	lr_split_init(&sp, b);
	while (lr_split_next(&sp, &line)) {
		size_t i = 0;

		while (i < line.len && strchr(" \t\r\f\v", line.data[i]) != NULL)
			i++;
		if (i < line.len)
			return !line.too_long && summary_is_header(line.data, line.len);
	}
	return false;
}

/* Read path: *out the summary when it is one, whole or only its header (NULL when it is a
 * log). -1 after printing the message for an input that cannot be read or a summary that
 * is not valid. */
static int
summarize_read(const char *path, bool header_only, struct summary **out)
{
	struct stat st;
	struct line_reader *lr;
	struct lr_block b = {0};
	struct summary_reader rd;
	enum lr_status ls;
	char *err = NULL;
	int rc = 0;

	*out = NULL;
	if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0; /* a log (the scan reports a file it cannot open) */
	if ((lr = lr_open(path, SUMMARIZE_MAX_LINE, &err)) == NULL) {
		diag_error("%s", err);
		free(err);
		return -1;
	}
	ls = lr_next_block(lr, &b, &err);
	if (ls == LR_LINE && summarize_block_is_summary(&b)) {
		summary_reader_init(&rd, path);
		do {
			rc = summarize_feed(&rd, &b, header_only, &err);
		} while (rc == 0 && !(header_only && rd.s != NULL) &&
		    (ls = lr_next_block(lr, &b, &err)) == LR_LINE);
		if (rc == 0 && ls == LR_ERROR)
			rc = -1;
		if (rc == 0 && (*out = summary_reader_end(&rd, &err)) == NULL)
			rc = -1;
		summary_reader_free(&rd);
	} else if (ls == LR_ERROR) {
		rc = -1;
	}
	if (rc != 0) {
		diag_error("%s", err);
		free(err);
	}
	free(b.buf);
	lr_close(lr);
	return rc;
}

/* Sort the inputs into logs and summaries (by their first line). -1 after a message. */
static int
summarize_split(const struct options *o, struct summarize_inputs *in)
{
	char *deflt[1] = {(char *)o->default_input};
	char **files = o->n_files > 0 ? o->files : deflt;
	size_t n = o->n_files > 0 ? o->n_files : 1;

	in->logs = xcalloc(n, sizeof *in->logs);
	in->sums = xcalloc(n, sizeof *in->sums);
	for (size_t i = 0; i < n; i++) {
		struct summary *s;

		if (summarize_read(files[i], true, &s) != 0)
			return -1;
		if (s == NULL) {
			in->logs[in->n_logs++] = files[i];
			continue;
		}
		in->sums[in->n_sums++] = files[i];
		if (in->first == NULL) {
			in->first = s;
		} else {
			summary_free(s);
			free(s);
		}
	}
	return 0;
}

/* Free what summarize_split made. */
static void
summarize_inputs_free(struct summarize_inputs *in)
{
	if (in->first != NULL) {
		summary_free(in->first);
		free(in->first);
	}
	free(in->sums);
	free(in->logs);
}

/* The output's empty summary: the options, and what they leave out from the first summary
 * (first may be NULL); its keys only when no log is read (logs are grouped by --by). */
static void
summarize_init_out(const struct options *o, const struct summary *first, bool logs,
    struct summary *out)
{
	static char *const op_key[] = {(char *)"operation_type"};
	const struct summary_header *h = first != NULL ? &first->h : NULL;
	enum summary_bucket b = o->bucket_hour ? SUMMARY_HOUR : SUMMARY_DAY;
	double acc = o->accuracy;
	uint64_t lim = (uint64_t)o->exact_limit;
	char *const *by = o->n_by > 0 ? o->by_keys : op_key;
	size_t n_by = o->n_by > 0 ? o->n_by : 1;
	const char *unit = o->unit != NULL ? o->unit : "ms";

	if (h != NULL) {
		if (!o->bucket_hour && o->bucket == BUCKET_AUTO)
			b = h->bucket;
		if (!o->accuracy_set)
			acc = h->accuracy;
		if (!o->exact_limit_set)
			lim = h->exact_limit;
		if (o->n_by == 0 && !logs) {
			by = h->by;
			n_by = h->n_by;
		}
		if (o->unit == NULL && !logs)
			unit = h->unit;
	}
	summary_init(out, b, acc, lim, by, n_by, unit);
}

/* The group text of record r (cached by its key). */
static const char *
summarize_group(struct summarize_ctx *c, const struct record *r, struct record_parser *p)
{
	const struct summary_header *h = &c->s->h;
	const char *key = r->op;
	size_t len = r->op_len;
	uint32_t id;

	if (c->o->grouped) {
		group_key(&c->buf, c->o->by_keys, c->o->n_by, r, p);
		key = c->buf.s;
		len = c->buf.n;
	}
	id = intern_get(&c->keys, key, len);
	if ((size_t)id == c->n_texts) { /* a new key: ids are dense, in order */
		char *vals[SUMMARY_MAX_BY];
		size_t n = 1;

		if (c->o->grouped)
			n = group_decode(key, len, vals, SUMMARY_MAX_BY);
		else
			vals[0] = xstrndup(key, len);
		xgrow(&c->texts, &c->texts_cap, c->n_texts + 1, sizeof *c->texts);
		c->texts[c->n_texts++] = summary_group_text(h->by, vals, n);
		for (size_t i = 0; i < n; i++)
			free(vals[i]);
	}
	return c->texts[id];
}

/* scan_fn: one record into the summary. */
static void
summarize_record(void *ctx, const struct record *r, struct record_parser *p)
{
	struct summarize_ctx *c = ctx;
	const char *g;

	if (c->err != NULL)
		return;
	g = summarize_group(c, r, p);
	(void)summary_add(c->s, r->ts_us, g, strlen(g), r->duration_ms, !r->success, &c->err);
}

/* Read the logs into out. -1 after the message. */
static int
summarize_logs(const struct options *o, const struct summarize_inputs *in,
    struct summary *out)
{
	struct options lo = *o; /* the same options over the logs alone */
	struct summarize_ctx c = {.o = o, .s = out};
	struct load_sink ls = {.add = summarize_record, .ctx = &c, .select_ops = true};
	struct input_counts counts = {0};
	struct malformed_tally tally = {0};
	int rc;

	lo.files = in->logs;
	lo.n_files = in->n_logs;
	lo.default_input = NULL;
	intern_init(&c.keys);
	rc = load_scan(&lo, &ls, &counts, &tally);
	if (rc == 0 && c.err != NULL) {
		diag_error("%s", c.err);
		rc = -1;
	}
	if (rc == 0 && counts.records == 0 && counts.malformed > 0) {
		tally_report(&tally);
		diag_error("no valid record in the logs: nothing to summarize");
		rc = -1;
	} else if (rc == 0) {
		tally_report(&tally);
	}
	for (size_t i = 0; i < c.n_texts; i++)
		free(c.texts[i]);
	free(c.texts);
	free(c.err);
	group_buf_free(&c.buf);
	intern_free(&c.keys);
	tally_free(&tally);
	scan_counts_free(&counts);
	return rc;
}

/* summary_keep's test for --op: the line's operation is selected. */
static bool
summarize_op_kept(void *ctx, const struct summary_line *l)
{
	char *op = summary_group_value(l, "operation_type");
	bool yes = op != NULL && load_op_selected(ctx, op, strlen(op));

	free(op);
	return yes;
}

/* --op on a summary: only the lines of the operations it selects; -1 after the message
 * when the summary is not grouped by operation_type. */
static int
summarize_select_ops(const struct options *o, const char *name, struct summary *s)
{
	size_t i = 0;

	if (o->n_ops == 0)
		return 0;
	while (i < s->h.n_by && strcmp(s->h.by[i], "operation_type") != 0)
		i++;
	if (i == s->h.n_by) {
		diag_error("%s: --op needs a summary grouped by operation_type (its \"by\" does not "
		    "name it)", name);
		return -1;
	}
	summary_keep(s, summarize_op_kept, (void *)o);
	return 0;
}

/* Read and merge the summaries into out, in input order, one at a time. -1 after the
 * message. */
static int
summarize_merge_all(const struct options *o, const struct summarize_inputs *in,
    struct summary *out)
{
	bool given = o->bucket_hour || o->bucket != BUCKET_AUTO || o->accuracy_set ||
	    o->n_by > 0 || o->unit != NULL;

	for (size_t i = 0; i < in->n_sums; i++) {
		const char *dst = in->n_logs > 0 ? "the logs" : given ? "the command line" :
		    in->sums[0];
		struct summary *s;
		char *err = NULL;
		int rc;

		if (summarize_read(in->sums[i], false, &s) != 0)
			return -1;
		if (s == NULL) { /* replaced by a log since it was first read */
			diag_error("%s: no longer a summary", in->sums[i]);
			return -1;
		}
		rc = summarize_select_ops(o, in->sums[i], s);
		if (rc == 0 && (rc = summary_merge(out, s, dst, in->sums[i], &err)) != 0) {
			diag_error("%s", err);
			free(err);
		}
		summary_free(s);
		free(s);
		if (rc != 0)
			return -1;
	}
	return 0;
}

int
cmd_summarize_run(const struct options *o)
{
	struct summarize_inputs in = {0};
	struct summary out;
	struct sink sk;
	int status = EXIT_TROUBLE;

	if (summarize_split(o, &in) != 0) {
		summarize_inputs_free(&in);
		return EXIT_TROUBLE;
	}
	summarize_init_out(o, in.first, in.n_logs > 0, &out);
	if ((in.n_logs == 0 || summarize_logs(o, &in, &out) == 0) &&
	    summarize_merge_all(o, &in, &out) == 0 && sink_open(&sk, o->output) == 0) {
		summary_finish(&out);
		summary_write(&out, sk.fp);
		status = sink_commit(&sk) == 0 ? EXIT_OK : EXIT_TROUBLE;
	}
	summary_free(&out);
	summarize_inputs_free(&in);
	return status;
}
