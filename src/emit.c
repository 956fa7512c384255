/* emit.c - the table of report emitters: format -> {name, write function}. */
#include "emit.h"

static const struct emitter emitters[] = {
	{FMT_MD, "md", emit_md},
	{FMT_CSV, "csv", emit_csv},
	{FMT_JSON, "json", emit_json},
};

/* The emitter for a report format, or NULL (jsonl is an export format only). */
const struct emitter *
emit_find(enum format f)
{
	for (size_t i = 0; i < ARRAY_SIZE(emitters); i++)
		if (emitters[i].format == f)
			return &emitters[i];
	return NULL;
}
