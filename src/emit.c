/* emit.c - the table of report emitters: format -> write function, and the dispatch of
 * compare's model to its writer. Nothing else: the helpers the emitters share are in
 * emit-kit.c, below them. */
#include "emit.h"

#include "emit-csv.h"
#include "emit-html.h"
#include "emit-json.h"
#include "emit-md.h"
#include "emit-term.h"

static const struct emitter emitters[] = {
	{FMT_MD, emit_md},
	{FMT_CSV, emit_csv},
	{FMT_JSON, emit_json},
	{FMT_TERM, emit_term},
	{FMT_HTML, emit_html},
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

/* compare's model to the writer of format f; -1 for a format compare does not write. */
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
	case FMT_TERM:
		return emit_term_compare(c, eo, out);
	case FMT_JSONL:
	case FMT_HTML:
		break;
	}
	return -1;
}
