/* fixture-log.h - a small JSONL log on disk and options parsed for it, shared by the unit
 * tests of the loader, scan, aggregate and export. */
#ifndef PR_FIXTURE_LOG_H
#define PR_FIXTURE_LOG_H

#include <stddef.h>
#include "options.h"

/* The log (FIXTURE_LOG_LINES lines): with --now 2026-11-01, monthly's current window
 * [2026-10-02, 2026-11-01) holds llm_call 100 and 300 ms, tool_exec 50 ms (failed) and
 * list_dir 7 ms; its previous window llm_call 200 ms; memory_search (2026-06-01) is
 * outside both; one line is malformed. The newest record is list_dir's, 2026-10-25. */
#define FIXTURE_LOG_LINES 7
#define FIXTURE_LOG_RECORDS 6

/* Write the log into a new temporary directory; returns its path (static storage). */
const char *fixture_log_write(void);
/* Remove what fixture_log_write made. */
void fixture_log_remove(void);

/* cli_parse argv (NULL-terminated, without the program name) into *o; asserts CLI_RUN. */
void fixture_parse(struct options *o, const char *const *args);

#endif
