/* cmd-compare.c - `compare BASE CURRENT` end to end: tell each side's kind by its content
 * (a saved JSON report, or a log), read it (a log through the same scan, aggregate and
 * report model as every report), build the comparison, emit it, and map its verdict to
 * the exit status. */
#include "cmd-compare.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compare.h"
#include "diag.h"
#include "emit.h"
#include "gate.h"
#include "gate-baseline.h"
#include "load.h"
#include "names.h"
#include "sink.h"
#include "xalloc.h"

/* Bytes read to tell a saved report from a log. */
#define CMD_COMPARE_SNIFF 512

/* One side while it is read. */
struct cmd_compare_side {
	char *arg;             /* as given: a path or "-" (argv's) */
	struct cmp_side info;  /* source, kind, records */
	struct load_data d;     /* a log */
	struct gate_baseline *saved; /* a saved report */
	struct cmp_op *all;    /* a saved report's rows (names borrowed from saved) */
	size_t n_all;
	struct cmp_op *ops;    /* the rows compared: after --op */
	size_t n_ops;
	char *pcts_note;       /* a saved side: the percentiles it leaves out, or NULL */
};

/* Make standard input seekable: a pipe or terminal is copied to an unlinked temporary
 * file that then becomes descriptor 0, so that its first bytes can be looked at and the
 * whole read again as a log (messages still name it <stdin>). */
static int
cmd_compare_spool_stdin(void)
{
	struct stat sb;
	FILE *tmp;
	char buf[65536];
	ssize_t got;

	if (fstat(STDIN_FILENO, &sb) == 0 && S_ISREG(sb.st_mode))
		return 0;
	if ((tmp = tmpfile()) == NULL) {
		diag_error("<stdin>: cannot make a temporary copy to compare: %s",
		    strerror(errno));
		return -1;
	}
	for (;;) {
		got = read(STDIN_FILENO, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			diag_error("<stdin>: %s", strerror(errno));
			fclose(tmp);
			return -1;
		}
		if (got == 0)
			break;
		if (fwrite(buf, 1, (size_t)got, tmp) != (size_t)got) {
			diag_error("<stdin>: cannot make a temporary copy to compare: %s",
			    strerror(errno));
			fclose(tmp);
			return -1;
		}
	}
	if (fflush(tmp) != 0 || dup2(fileno(tmp), STDIN_FILENO) < 0 ||
	    lseek(STDIN_FILENO, 0, SEEK_SET) < 0) {
		diag_error("<stdin>: cannot make a temporary copy to compare: %s",
		    strerror(errno));
		fclose(tmp);
		return -1;
	}
	fclose(tmp); /* descriptor 0 keeps the file */
	return 0;
}

/* True when buf[0..n) opens a JSON report saved by perf-reporter: after an optional BOM
 * and white space, '{' and then the key "schema_version" (the first key the JSON format
 * writes), or a pytest-benchmark file (SPEC section 16), whose first key is one of those
 * pytest --benchmark-json writes first ("machine_info", "commit_info", or "benchmarks"
 * when the keys were sorted): cmd_compare_read_saved reads it as a log after all when it
 * holds raw times. Anything else, gzip included, is read as a log. */
static bool
cmd_compare_looks_saved(const char *buf, size_t n)
{
	static const char key[] = "\"schema_version\"";
	static const char *const pytest[] = {"\"machine_info\"", "\"commit_info\"",
	    "\"benchmarks\""};
	size_t i = 0;

	if (n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && strchr(" \t\r\n", buf[i]) != NULL)
		i++;
	if (i >= n || buf[i] != '{')
		return false;
	for (i++; i < n && strchr(" \t\r\n", buf[i]) != NULL; i++)
		;
	for (size_t k = 0; k < ARRAY_SIZE(pytest); k++)
		if (n - i >= strlen(pytest[k]) && memcmp(buf + i, pytest[k], strlen(pytest[k])) == 0)
			return true;
	return n - i >= sizeof(key) - 1 && memcmp(buf + i, key, sizeof(key) - 1) == 0;
}

/* The side's kind, from its first bytes; -1 after printing why it cannot be read. */
static int
cmd_compare_sniff(struct cmd_compare_side *sd)
{
	char buf[CMD_COMPARE_SNIFF];
	bool is_stdin = strcmp(sd->arg, "-") == 0;
	int fd = is_stdin ? STDIN_FILENO : open(sd->arg, O_RDONLY);
	off_t at = 0;
	ssize_t got;

	if (fd < 0) {
		diag_error("%s: %s", sd->arg, strerror(errno));
		return -1;
	}
	if (is_stdin && (at = lseek(fd, 0, SEEK_CUR)) < 0)
		at = 0;
	got = pread(fd, buf, sizeof(buf), at);
	if (!is_stdin)
		close(fd);
	if (got < 0) {
		/* A directory and the like: the scan names the problem. */
		got = 0;
	}
	sd->info.kind = cmd_compare_looks_saved(buf, (size_t)got) ? CMP_KIND_REPORT : CMP_KIND_LOG;
	return 0;
}

/* A saved report's rows as a side (who: "BASE" or "CURRENT"), with --op applied, and the
 * percentiles it does not hold in sd->pcts_note. A pytest-benchmark file with raw times
 * is left to the log reader: 1 (sd->info.kind then says log). */
static int
cmd_compare_read_saved(const struct options *o, struct cmd_compare_side *sd,
    const char *who)
{
	char *err = NULL;
	bool is_stdin = strcmp(sd->arg, "-") == 0;
	size_t map[MAX_PERCENTILES];

	sd->saved = gate_baseline_load_as(is_stdin ? "/dev/stdin" : sd->arg, sd->info.source,
	    "saved report (compare)", &err);
	if (sd->saved != NULL && sd->saved->raw_times) {
		gate_baseline_free(sd->saved);
		sd->saved = NULL;
		sd->info.kind = CMP_KIND_LOG;
		return 1;
	}
	if (sd->saved == NULL || gate_baseline_same_by(sd->saved, o, false, &err) < 0) {
		diag_error("%s", err);
		free(err);
		return -1;
	}
	gate_baseline_match_pcts(o->percentiles, o->n_percentiles, sd->saved, map);
	sd->pcts_note = gate_baseline_pcts_note(sd->saved, o->percentiles, o->n_percentiles,
	    map, who);
	gate_baseline_ops(sd->saved, map, o->n_percentiles, &sd->all, &sd->n_all);
	sd->ops = xcalloc(sd->n_all + 1, sizeof(*sd->ops));
	for (size_t i = 0; i < sd->n_all; i++) {
		bool keep = o->n_ops == 0;

		for (size_t k = 0; k < o->n_ops && !keep; k++)
			keep = names_match(o->ops[k], sd->all[i].operation);
		if (!keep)
			continue;
		sd->ops[sd->n_ops++] = sd->all[i];
		sd->info.records += sd->all[i].s.count;
	}
	return 0;
}

/* A log as a side: its report model's rows, each with its sorted durations. */
static int
cmd_compare_read_log(const struct options *o, struct cmd_compare_side *sd)
{
	struct options so = *o;
	char *files[1] = {sd->arg};
	const struct report *r;

	so.files = files;
	so.n_files = 1;
	if (load_report(&so, &sd->d) < 0)
		return -1;
	r = sd->d.r;
	if (sd->d.in.records == 0 && sd->d.in.malformed > 0) {
		diag_error("%s: neither a JSONL log nor a JSON report saved by " PROGRAM_NAME
		    ": no line of it is a valid record (the first: %s)", sd->info.source,
		    sd->d.tally.first != NULL ? sd->d.tally.first : "?");
		return -1;
	}
	sd->ops = xcalloc(r->n_rows + 1, sizeof(*sd->ops));
	for (size_t i = 0; i < r->n_rows; i++) {
		const struct op_row *row = &r->rows[i];
		struct cmp_op *op = &sd->ops[sd->n_ops++];
		/* The aggregate's key: with --by the group's encoding, not its display. */
		const char *key = row->group_key != NULL ? row->group_key : row->operation;
		int64_t id = intern_find(&sd->d.agg.ops, key, strlen(key));
		const struct op_acc *acc = &sd->d.agg.acc[id];
		const struct dvec *v = &acc->win[0];

		if (acc->sum != NULL) /* a summary (SPEC section 18): its values, when kept */
			compare_op_of_row(op, row, acc->sum[0].hist ? NULL : acc->sum[0].values,
			    (size_t)acc->sum[0].count);
		else
			compare_op_of_row(op, row, v->v, v->n);
	}
	sd->info.records = r->totals.count;
	return 0;
}

/* Read one side (who: "BASE" or "CURRENT"), a saved report or a log by its content. */
static int
cmd_compare_read(const struct options *o, struct cmd_compare_side *sd, const char *who)
{
	bool is_stdin = strcmp(sd->arg, "-") == 0;
	int rc;

	sd->info.source = is_stdin ? (char *)"<stdin>" : sd->arg;
	if ((is_stdin && cmd_compare_spool_stdin() < 0) || cmd_compare_sniff(sd) < 0)
		return -1;
	if (sd->info.kind == CMP_KIND_REPORT &&
	    (rc = cmd_compare_read_saved(o, sd, who)) <= 0)
		return rc;
	return cmd_compare_read_log(o, sd);
}

/* The sides' notes of the percentiles left out, as one text (heap), or NULL. */
static char *
cmd_compare_pcts_note(const struct cmd_compare_side *sd)
{
	if (sd[0].pcts_note != NULL && sd[1].pcts_note != NULL)
		return xasprintf("%s; %s", sd[0].pcts_note, sd[1].pcts_note);
	if (sd[0].pcts_note != NULL || sd[1].pcts_note != NULL)
		return xstrdup(sd[0].pcts_note != NULL ? sd[0].pcts_note : sd[1].pcts_note);
	return NULL;
}

static void
cmd_compare_side_free(struct cmd_compare_side *sd)
{
	load_data_free(&sd->d);
	gate_baseline_free(sd->saved);
	free(sd->pcts_note);
	free(sd->all);
	free(sd->ops);
}

/* Write the comparison in o's format to -o FILE or standard output, and as JSON to
 * --json-output FILE, each whole or not at all, and neither replaced unless both are
 * complete (sink_commit_group). A closed pipe on standard output (a pager that quit) ends
 * the write quietly, as in cmd-report.c: the verdict still decides the exit status. */
static int
cmd_compare_write(const struct options *o, const struct comparison *c)
{
	struct sink out, json, *set[2] = {&out, &json};
	struct emit_opts eo = {.unit = o->unit, .top = o->top, .color = load_use_color(o),
	    .width = (size_t)o->width, .csv_dialect = o->csv_dialect};
	struct emit_opts ej = {.unit = o->unit, .top = o->top};
	size_t n = o->json_output != NULL ? 2 : 1;
	int wrote;

	if (sink_open(&out, o->output) < 0)
		return -1;
	if (n == 2 && sink_open(&json, o->json_output) < 0) {
		sink_abort(&out);
		return -1;
	}
	wrote = emit_compare(c, o->format, &eo, out.fp);
	if (wrote == 0 && n == 2)
		wrote = emit_compare(c, FMT_JSON, &ej, json.fp);
	return sink_commit_group(set, n, wrote == 0);
}

int
cmd_compare_run(const struct options *o)
{
	struct cmd_compare_side sd[2];
	const struct aggregate *aggs[2];
	struct comparison *c = NULL;
	size_t n_aggs = 0;
	int status = EXIT_OK;

	memset(sd, 0, sizeof(sd));
	sd[0].arg = o->files[0];
	sd[1].arg = o->files[1];
	for (int k = 0; k < 2; k++)
		if (cmd_compare_read(o, &sd[k], k == 0 ? "BASE" : "CURRENT") < 0) {
			status = EXIT_TROUBLE;
			goto out;
		}
	for (int k = 0; k < 2; k++)
		if (sd[k].info.kind == CMP_KIND_LOG)
			aggs[n_aggs++] = &sd[k].d.agg;
	if (n_aggs == 2)
		load_warn_unmatched(o, aggs, n_aggs);
	c = compare_build(o, o->generated_at_us, &sd[0].info, sd[0].ops, sd[0].n_ops,
	    &sd[1].info, sd[1].ops, sd[1].n_ops);
	c->pcts_note = cmd_compare_pcts_note(sd);
	for (int k = 0; k < 2; k++)
		if (sd[k].pcts_note != NULL)
			diag_note("%s: %s", sd[k].info.source, sd[k].pcts_note);
	if (cmd_compare_write(o, c) < 0)
		status = EXIT_TROUBLE;
	else if (gate_fails(o, c->level))
		status = EXIT_DEGRADED;
	if (status != EXIT_TROUBLE && c->level == VERDICT_NO_DATA)
		load_note_no_data(o, sd[1].info.source, sd[1].d.w.start, sd[1].d.w.end,
		    &sd[1].d.in);
	for (int k = 0; k < 2; k++)
		if (sd[k].info.kind == CMP_KIND_LOG)
			tally_report(&sd[k].d.tally);
out:
	compare_free(c);
	cmd_compare_side_free(&sd[0]);
	cmd_compare_side_free(&sd[1]);
	return status;
}
