/* cmd-changes.c - changes end to end: load the inputs into a report model with its
 * series per bucket (load.c), find the change points of every row's series (changes.c),
 * write them (emit-changes.c), commit the output. */
#include "cmd-changes.h"

#include "changes.h"
#include "emit-changes.h"
#include "load.h"
#include "sink.h"

/* Write c to its sink; -1 when the output could not be written (said by the sink), 0
 * also after a closed pipe on standard output, which the sink ends quietly. */
static int
cmd_changes_write(const struct options *o, const struct changes *c)
{
	struct emit_opts eo = {
		.csv_dialect = o->csv_dialect,
		.width = (size_t)o->width,
		.unit = o->unit,
	};
	struct sink out;

	if (sink_open(&out, o->output) < 0)
		return -1;
	/* A failed write shows in the stream, which the commit reports. */
	(void)emit_changes(c, o->format, &eo, out.fp);
	return sink_commit(&out);
}

/* Run changes (see cmd-changes.h). */
int
cmd_changes_run(const struct options *o)
{
	struct load_data d;
	struct changes *c = NULL;
	const struct aggregate *aggs[1];
	int status = EXIT_OK;

	if (load_report(o, &d) < 0) {
		status = EXIT_TROUBLE;
		goto out;
	}
	aggs[0] = &d.agg;
	load_warn_unmatched(o, aggs, 1);
	c = changes_build(d.r, o->metric, (size_t)o->min_segment, o->alpha, o->days,
	    o->regress_pct);
	if (cmd_changes_write(o, c) < 0)
		status = EXIT_TROUBLE;
	else if ((o->fail_on == FAIL_ON_CRITICAL || o->fail_on_degradation) &&
	    c->n_recent_worse > 0)
		status = EXIT_DEGRADED;
	if (status != EXIT_TROUBLE && d.r->n_rows == 0)
		load_note_no_data(o, NULL, d.r->start, d.r->end, &d.r->input);
	tally_report(&d.tally);
out:
	changes_free(c);
	load_data_free(&d);
	return status;
}
