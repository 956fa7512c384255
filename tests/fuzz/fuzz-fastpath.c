/* fuzz-fastpath.c - differential target: for every input line, the fast scanner
 * (fastpath.c) and the jansson path (record.c with the fast path off) must agree on validity
 * and, when the fast scanner accepts, on every field. The fast scanner may decline a valid
 * line, never accept an invalid one or return a different value.
 * A first byte 0x01..0x08, 0x0b, 0x0c or 0x0e (control bytes that are not JSON white space,
 * so never the start of a valid line) picks one of eleven field mappings (SPEC section 15:
 * other keys, dot paths, --epoch, --duration-unit, slicing keys) for the rest of the input,
 * which both parsers then read through fastpath_parse_mapped and record.c's mapped lookup;
 * any other input is read with our own keys, as before. Mappings 8 to 11 put the extra slot
 * inside the context value, which the fast path searches while it scans the context
 * (fieldmap.ctx_root): context.model, context.a.b, a key JSON can only spell with escapes,
 * and a non-ASCII key two levels into a context found under another key. With a mapping
 * that names an extra slot, the extra value's text and the --by group keys (group.c) built
 * from both parsers' records for operation_type, session_id, error, success and the extra
 * key are the same bytes. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fastpath.h"
#include "fieldmap.h"
#include "group.h"
#include "numfmt.h"
#include "record-json.h"

#define N_MAPS 12

static struct record_parser *slows[N_MAPS], *quicks[N_MAPS];
static struct fieldmap *maps[N_MAPS];
static struct group_buf gk[2];

/* Mapping k (1..11): "NAME=KEY" items, then the epoch and duration units. */
static const struct {
	const char *fields[4];
	int epoch;
	enum fm_unit unit;
	const char *extra; /* the extra slot (slicing key), or NULL */
} map_defs[N_MAPS] = {
	[1] = {{"operation_type=tool"}, FM_NO_EPOCH, FM_UNIT_MS, "category"},
	[2] = {{"operation_type=tool", "timestamp=start_time"}, FM_UNIT_MS, FM_UNIT_MS, NULL},
	[3] = {{"operation_type=name", "duration_ms=timing.ms", "session_id=a.b.c", "context=ctx"},
	    FM_NO_EPOCH, FM_UNIT_NS, "a.b.x"},
	[4] = {{NULL}, FM_UNIT_S, FM_UNIT_S, "context.k"},
	[5] = {{"timestamp=t", "success=ok.flag", "error=err", "duration_ms=ok.d"}, FM_UNIT_NS,
	    FM_UNIT_US, NULL},
	[6] = {{"duration_ms=d", "timestamp=a.t", "context=a.c"}, FM_UNIT_US, FM_UNIT_US, NULL},
	[7] = {{"operation_type=op", "duration_ms=duration", "timestamp=time"}, FM_UNIT_NS,
	    FM_UNIT_NS, NULL},
	[8] = {{NULL}, FM_NO_EPOCH, FM_UNIT_MS, "context.model"},
	[9] = {{NULL}, FM_NO_EPOCH, FM_UNIT_MS, "context.a.b"},
	[10] = {{NULL}, FM_NO_EPOCH, FM_UNIT_MS, "context.q\"k\\"},
	[11] = {{"operation_type=tool", "context=c.ctx"}, FM_UNIT_MS, FM_UNIT_MS,
	    "c.ctx.mod\xc3\xa8le.x"},
};

/* The mapping a first byte picks (0: our own keys, the byte is part of the line). */
static int
map_of(uint8_t b)
{
	static const uint8_t sel[N_MAPS] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 0x0b, 0x0c, 0x0e};

	for (int k = 1; k < N_MAPS; k++)
		if (sel[k] == b)
			return k;
	return 0;
}

static void
fp_setup(void)
{
	char why[256];

	for (int k = 0; k < N_MAPS; k++) {
		slows[k] = record_parser_new();
		record_parser_set_fast(slows[k], false);
		quicks[k] = record_parser_new();
		record_parser_set_fast(quicks[k], true);
		if (k == 0)
			continue;
		maps[k] = fm_new();
		for (int i = 0; i < 4 && map_defs[k].fields[i] != NULL; i++) {
			const char *item = map_defs[k].fields[i], *eq = strchr(item, '=');
			char name[32];

			snprintf(name, sizeof(name), "%.*s", (int)(eq - item), item);
			if (fm_set_field(maps[k], (enum fm_field)fm_field_lookup(name), eq + 1, why,
			    sizeof(why)) < 0)
				abort();
		}
		maps[k]->epoch = map_defs[k].epoch;
		maps[k]->duration_unit = map_defs[k].unit;
		if (map_defs[k].extra != NULL && fm_set_extra(maps[k], map_defs[k].extra, why,
		    sizeof(why)) < 0)
			abort();
		if (fm_finish(maps[k], why, sizeof(why)) < 0 || maps[k]->plain)
			abort();
		if ((k >= 8 || k == 4) != (maps[k]->ctx_root != NULL))
			abort(); /* the extra slot inside context: 4 and 8 to 11 */
		record_parser_set_fields(slows[k], maps[k]);
		record_parser_set_fields(quicks[k], maps[k]);
	}
}

static void
fp_die(const char *what, const uint8_t *data, size_t size)
{
	fprintf(stderr, "fastpath disagrees with jansson: %s\ninput (%zu bytes): %.*s\n", what, size,
	    (int)size, (const char *)data);
	abort();
}

static int
same_text(const char *a, size_t alen, const char *b, size_t blen)
{
	if ((a == NULL) != (b == NULL))
		return 0;
	return a == NULL || (alen == blen && memcmp(a, b, alen) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record fast, ref;
	const char *ctx, *ex;
	size_t ctx_len, ex_len;
	char why[RECORD_WHY_SIZE];
	char *copy;
	int accepted, valid, k = 0;
	struct record_parser *slow, *quick;

	if (slows[0] == NULL)
		fp_setup();
	if (size > 0 && (k = map_of(data[0])) != 0) {
		data++;
		size--;
	}
	slow = slows[k];
	quick = quicks[k];
	/* An exact-size heap copy, so that ASan sees any read past the end. */
	copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	accepted = k == 0 ? fastpath_parse(copy, size, &fast, &ctx, &ctx_len) :
	    fastpath_parse_mapped(copy, size, maps[k], &fast, &ctx, &ctx_len, &ex, &ex_len);
	valid = memchr(copy, '\0', size) == NULL && record_parse(slow, copy, size, &ref, why) == 0;
	if (accepted && !valid)
		fp_die("fast path accepted a line jansson rejects", data, size);
	if (accepted) {
		if (fast.ts_us != ref.ts_us)
			fp_die("timestamp", data, size);
		if (!same_text(fast.op, fast.op_len, ref.op, ref.op_len))
			fp_die("operation_type", data, size);
		if (memcmp(&fast.duration_ms, &ref.duration_ms, sizeof(double)) != 0)
			fp_die("duration_ms", data, size);
		if (fast.success != ref.success || fast.success_given != ref.success_given)
			fp_die("success", data, size);
		if (!same_text(fast.session_id, fast.session_len, ref.session_id, ref.session_len))
			fp_die("session_id", data, size);
		if (!same_text(fast.error, fast.error_len, ref.error, ref.error_len))
			fp_die("error", data, size);
		if (fast.dur_text != NULL && k != 0 && maps[k]->duration_unit != FM_UNIT_MS)
			fp_die("duration text passed through under another unit", data, size);
		if (fast.dur_text != NULL) {
			char num[NUMFMT_BUFSZ];

			numfmt_json(fast.duration_ms, num);
			if (!same_text(fast.dur_text, fast.dur_text_len, num, strlen(num)))
				fp_die("duration text passed through differs from numfmt_json", data, size);
		}
		if ((ctx != NULL) != (record_context(slow) != NULL))
			fp_die("context presence", data, size);
		/* The compact context text: passed through by the fast path when already in
		 * jansson's compact form, else dumped by jansson; either way the same bytes. */
		{
			struct record q;
			const char *a, *b;
			size_t alen = 0, blen = 0;

			if (record_parse(quick, copy, size, &q, why) != 0)
				fp_die("fast parser rejected an accepted line", data, size);
			a = record_context_text(quick, &alen);
			b = record_context_text(slow, &blen);
			if (!same_text(a, alen, b, blen))
				fp_die("compact context text", data, size);
			a = record_extra(quick, &alen);
			b = record_extra(slow, &blen);
			if (!same_text(a, alen, b, blen))
				fp_die("extra (slicing) value", data, size);
			/* The --by group key of every kind of key (group.h): the same bytes. */
			if (k != 0 && maps[k]->path[FM_SLOT_EXTRA].n > 0) {
				static char k_op[] = "operation_type", k_sess[] = "session_id",
				    k_err[] = "error", k_ok[] = "success";
				char *keys[5] = {k_op, k_sess, k_err, k_ok,
				    maps[k]->path[FM_SLOT_EXTRA].text};

				group_key(&gk[0], keys, 5, &q, quick);
				group_key(&gk[1], keys, 5, &ref, slow);
				if (gk[0].n != gk[1].n || memcmp(gk[0].s, gk[1].s, gk[0].n) != 0)
					fp_die("--by group key", data, size);
			}
		}
	}
	free(copy);
	return 0;
}
