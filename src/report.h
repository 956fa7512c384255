/* report.h - the immutable report model every emitter reads (SPEC sections 4-6; its types
 * are in report-model.h). Built once by report_build from the aggregates; emitters never
 * compute a statistic, they only format what is here. All strings are owned by the report;
 * report_free releases everything. */
#ifndef PR_REPORT_H
#define PR_REPORT_H

#include "options.h"
#include "report-model.h"

/* Name of a single flag bit ("outlier", ...). */
const char *flag_name(unsigned flag);

/* The test behind a finding as every human format shows it, after the message: "; p =
 * 0.003, 153 vs 169 records" (slower: previous, then current window), "; p < 0.0001
 * (exact binomial test)" (errors); NULL when the finding has no test (outlier). The
 * caller frees. */
char *finding_test_text(const struct finding *f);

/* --explain's split as every human format shows it (SPEC section 17). Of one entry:
 * "latency +480.00 ms, mix +41.00 ms"; of a finding's entries together, saying which
 * dominates: "latency +480.00 ms, mix +41.00 ms: mostly latency, the values' own averages
 * changed" (or "mostly mix, traffic moved between the values"). The caller frees. */
char *explain_entry_split_text(const struct explain_entry *e);
char *explain_finding_split_text(const struct finding *f);

struct aggregate;
struct windows;

/* Build the model from the aggregate for the resolved windows (the aggregate's duration
 * vectors are sorted in place). Applies --percentiles, --top and degradation detection
 * (degrade.h); --op was applied by the aggregate. */
struct report *report_build(const struct aggregate *agg, const struct windows *w,
    const struct options *o, const struct input_counts *input);
void report_free(struct report *r);

/* The line under Degradation when the drift was not judged (r->drift_unjudged, SPEC
 * section 5): "Drift not judged: the input starts 2026-08-01, so it covers 2.2 % of the
 * previous window (--min-coverage 50)."; NULL otherwise (and when the window holds no
 * record). The caller frees. */
char *report_coverage_note(const struct report *r);

#endif
