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

#include "diag.h"
#include "load.h"
#include "sink.h"
#include "summary-input.h"
#include "xalloc.h"

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

/* summary_input_scan_fn: the logs through the loader, --op applied. */
static int
summarize_scan(const struct options *o, scan_fn add, void *ctx, struct input_counts *in,
    struct malformed_tally *t)
{
	struct load_sink ls = {.add = add, .ctx = ctx, .select_ops = true};

	return load_scan(o, &ls, in, t);
}

/* Read the logs into out. -1 after the message. */
static int
summarize_logs(const struct options *o, const struct summary_input_files *in,
    struct summary *out)
{
	struct input_counts counts = {0};
	struct malformed_tally tally = {0};
	int rc = summary_input_logs(o, in, summarize_scan, out, &counts, &tally);

	if (rc == 0 && counts.records == 0 && counts.malformed > 0) {
		tally_report(&tally);
		diag_error("no valid record in the logs: nothing to summarize");
		rc = -1;
	} else if (rc == 0) {
		tally_report(&tally);
	}
	tally_free(&tally);
	scan_counts_free(&counts);
	return rc;
}

int
cmd_summarize_run(const struct options *o)
{
	struct summary_input_files in = {0};
	bool given = o->bucket_hour || o->bucket != BUCKET_AUTO || o->accuracy_set ||
	    o->n_by > 0 || o->unit != NULL;
	struct summary out;
	struct sink sk;
	int status = EXIT_TROUBLE;

	if (summary_input_split(o, &in) != 0) {
		summary_input_files_free(&in);
		return EXIT_TROUBLE;
	}
	summarize_init_out(o, in.first, in.n_logs > 0, &out);
	if ((in.n_logs == 0 || summarize_logs(o, &in, &out) == 0) &&
	    summary_input_merge_all(o, &in, in.n_logs > 0 ? "the logs" : given ?
	    "the command line" : in.sums[0], false, &out) == 0 && sink_open(&sk, o->output) == 0) {
		summary_finish(&out);
		summary_write(&out, sk.fp);
		status = sink_commit(&sk) == 0 ? EXIT_OK : EXIT_TROUBLE;
	}
	summary_free(&out);
	summary_input_files_free(&in);
	return status;
}
