/* fixture-report.h - a hand-built report model for emitter unit tests. Every fixture
 * carries a verdict set by hand (as gate_verdict would leave it): fixture_report and
 * fixture_trends_report "3 degradations" (critical), fixture_empty_report "no
 * degradation" (ok), fixture_many_report "N degradations" or "no degradation". */
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

/* fixture_report() with CI gate results filled by hand: targets from "perf-targets.json"
 * (api_call error_rate_pct critical, api_call p95_ms warning, db_query and the hostile
 * name p95_ms met) and a comparison with "baseline.json" (api_call avg_ms regression
 * +20.5 %, api_call p95_ms unchanged +3.5 %, db_query error_rate_pct unchanged from 0,
 * db_query avg_ms improved -16.25 %, db_query p95_ms warning +7.25 %; the hostile name
 * only here, retired_op only in the baseline), and a critical verdict. */
struct report *fixture_gate_report(void);

#endif
