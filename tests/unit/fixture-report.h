/* fixture-report.h - a hand-built report model for emitter unit tests. */
#ifndef PR_FIXTURE_REPORT_H
#define PR_FIXTURE_REPORT_H

#include "report.h"

/* A monthly report over [2026-01-01, 2026-01-31) with three operations (one with a name
 * full of Markdown/CSV-hostile characters), findings of each kind, two slowest entries, and
 * most-frequent entries. Free with report_free. */
struct report *fixture_report(void);
/* The same, as a trends report with a series (day buckets). */
struct report *fixture_trends_report(void);
/* An empty monthly report: no rows, input span 2025-06-01 .. 2025-07-01. */
struct report *fixture_empty_report(void);

/* A monthly report with n operations "op-0000" ..., counts descending, every 250th row
 * (index 249, 499, ...) flagged outlier with a finding; ten slowest and most frequent. */
struct report *fixture_many_report(size_t n);

#endif
