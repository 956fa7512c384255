/* report.c - builds the report model from aggregated observations. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static const char *const flag_names[FLAG_COUNT] = {"outlier", "slower", "faster", "errors", "new"};

const char *
flag_name(unsigned flag)
{
	for (unsigned i = 0; i < FLAG_COUNT; i++)
		if (flag == (1u << i))
			return flag_names[i];
	return "?";
}

void
report_free(struct report *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->label);
	for (i = 0; i < r->n_percentiles; i++)
		free(r->pct_names[i]);
	for (i = 0; i < r->input.n_files; i++)
		free(r->input.files[i]);
	free(r->input.files);
	for (i = 0; i < r->n_rows; i++)
		free(r->rows[i].operation);
	free(r->rows);
	for (i = 0; i < r->n_slowest; i++) {
		free(r->slowest[i].operation);
		free(r->slowest[i].session_id);
	}
	free(r->slowest);
	for (i = 0; i < r->n_most_frequent; i++)
		free(r->most_frequent[i].operation);
	free(r->most_frequent);
	for (i = 0; i < r->n_findings; i++) {
		free(r->findings[i].operation);
		free(r->findings[i].message);
	}
	free(r->findings);
	for (i = 0; i < r->n_previous_only; i++)
		free(r->previous_only[i]);
	free(r->previous_only);
	for (i = 0; i < r->n_series; i++)
		free(r->series[i].operation);
	free(r->series);
	free(r);
}
