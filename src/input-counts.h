/* input-counts.h - what the scan counted in the inputs (scan.h fills it), which the report
 * model carries (report.h). */
#ifndef PR_INPUT_COUNTS_H
#define PR_INPUT_COUNTS_H

#include <stdint.h>
#include "common.h"

struct input_counts {
	char **files; /* names read ("<stdin>" for standard input) */
	size_t n_files;
	uint64_t lines, records, malformed, outside_window;
	uint64_t filtered;            /* lines a --where left out (SPEC section 16) */
	bool filtering;               /* --where was given: JSON writes input.filtered */
	uint64_t timeless;            /* records without a time (SPEC section 16) */
	bool has_span;                /* at least one valid record with a time */
	int64_t first_ts, last_ts;    /* span of valid timestamps in the input */
};

#endif
