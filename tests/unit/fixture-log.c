/* fixture-log.c - the log and the option parsing of fixture-log.h. */
#include "fixture-log.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static char fixture_dir[] = "/tmp/test-log.XXXXXX";
static char fixture_path[sizeof(fixture_dir) + 16];

static const char fixture_text[] =
    "{\"timestamp\":\"2026-10-20T00:00:00.000Z\",\"operation_type\":\"llm_call\","
    "\"duration_ms\":100,\"success\":true,\"session_id\":\"s1\"}\n"
    "{\"timestamp\":\"2026-10-21T00:00:00.000Z\",\"operation_type\":\"llm_call\","
    "\"duration_ms\":300,\"success\":true}\n"
    "{\"timestamp\":\"2026-10-22T00:00:00.000Z\",\"operation_type\":\"tool_exec\","
    "\"duration_ms\":50,\"success\":false,\"error\":\"timeout\"}\n"
    "{\"timestamp\":\"2026-09-20T00:00:00.000Z\",\"operation_type\":\"llm_call\","
    "\"duration_ms\":200,\"success\":true}\n"
    "{\"timestamp\":\"2026-06-01T00:00:00.000Z\",\"operation_type\":\"memory_search\","
    "\"duration_ms\":5,\"success\":true}\n"
    "not json at all\n"
    "{\"timestamp\":\"2026-10-25T00:00:00.000Z\",\"operation_type\":\"list_dir\","
    "\"duration_ms\":7,\"success\":true}\n";

const char *
fixture_log_write(void)
{
	FILE *f;

	strcpy(fixture_dir, "/tmp/test-log.XXXXXX");
	cr_assert_not_null(mkdtemp(fixture_dir));
	snprintf(fixture_path, sizeof(fixture_path), "%s/log.jsonl", fixture_dir);
	f = fopen(fixture_path, "w");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(fixture_text, 1, sizeof(fixture_text) - 1, f),
	    sizeof(fixture_text) - 1);
	cr_assert_eq(fclose(f), 0);
	return fixture_path;
}

void
fixture_log_remove(void)
{
	unlink(fixture_path);
	rmdir(fixture_dir);
}

void
fixture_parse(struct options *o, const char *const *args)
{
	char *argv[64];
	int argc = 0;

	argv[argc++] = (char *)"perf-reporter";
	for (size_t i = 0; args[i] != NULL && argc < 63; i++)
		argv[argc++] = (char *)args[i];
	argv[argc] = NULL;
	cr_assert_eq(cli_parse(argc, argv, o), CLI_RUN, "cli_parse");
}
