/* cmd-export.c - `export` end to end: the records of the window, read through the loader
 * (the same window, --now latest, --op and -j rules as every report), written by export.c
 * to -o FILE or standard output, whole or not at all. For xlsx, export.c writes JSON Lines
 * to a temporary file, which emit-xlsx.c then turns into the workbook. */
#include "cmd-export.h"

#include <errno.h>
#include <string.h>

#include "diag.h"
#include "emit-xlsx.h"
#include "export.h"
#include "load.h"
#include "sink.h"

int
cmd_export_run(const struct options *o)
{
	struct sink out;
	struct input_counts in = {0};
	struct malformed_tally tally = {0};
	struct export_state x;
	struct windows w;
	bool moving = load_window_moves(o) && o->days_set;
	struct load_sink ls = {.add = export_record, .ctx = &x, .select_ops = true};
	struct options lines;
	FILE *tmp = NULL;
	int status = EXIT_OK, rc;

	if (load_refuse_summaries(o) < 0 || sink_open(&out, o->output) < 0)
		return EXIT_TROUBLE;
	if (o->format == FMT_XLSX) {
		if ((tmp = tmpfile()) == NULL) {
			diag_error("cannot create a temporary file for the records: %s",
			    strerror(errno));
			sink_abort(&out);
			return EXIT_TROUBLE;
		}
		lines = *o;
		lines.format = FMT_JSONL;
	}
	load_window(o, &w);
	export_begin(&x, tmp != NULL ? &lines : o, tmp != NULL ? tmp : out.fp, &w, moving);
	if (!moving) {
		/* Held records need one thread; a fixed window renders per thread. */
		ls.part_new = export_part_new;
		ls.part_add = export_part_record;
		ls.batch_done = export_part_flush;
		ls.part_join = export_part_join;
	}
	rc = load_scan(o, &ls, &in, &tally);
	if (rc == 0 && moving)
		load_window_settle(o, &in, &w);
	export_end(&x, &w); /* also after a failed read: it frees the held records */
	if (tmp != NULL) {
		if (rc == 0 && emit_xlsx_export(tmp, o->generated_at_us, out.fp) == EMIT_FAILED)
			rc = -1;
		fclose(tmp);
	}
	if (rc < 0) {
		sink_abort(&out);
		status = EXIT_TROUBLE;
	} else if (sink_commit(&out) < 0)
		status = EXIT_TROUBLE;
	else
		tally_report(&tally);
	tally_free(&tally);
	scan_counts_free(&in);
	return status;
}
