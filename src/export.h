/* export.h - the export command: the records of the selected window, normalised, as CSV,
 * a JSON array (streamed) or JSON Lines, in input order (SPEC section 6, export). */
#ifndef PR_EXPORT_H
#define PR_EXPORT_H

#include <stdio.h>
#include "cli.h"
#include "diag.h"
#include "input-counts.h"

/* Read every input and write the selected records to out. Returns 0, or -1 after a fatal
 * input error (already reported). Write errors are left for the sink to detect. */
int export_run(const struct options *o, FILE *out, struct input_counts *in,
    struct malformed_tally *t);

#endif
