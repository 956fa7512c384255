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

int
emit_compare(const struct comparison *c, enum format f, const struct emit_opts *eo,
    FILE *out)
{
	switch (f) {
	case FMT_MD:
		return emit_md_compare(c, eo, out);
	case FMT_CSV:
		return emit_csv_compare(c, eo, out);
	case FMT_JSON:
		return emit_json_compare(c, eo, out);
	case FMT_JSONL:
		break;
	}
	return -1;
}
