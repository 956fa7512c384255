/* fuzz-fastpath.c - differential target: for every input line, the fast scanner
 * (fastpath.c) and the jansson path (record.c with the fast path off) must agree on validity
 * and, when the fast scanner accepts, on every field. The fast scanner may decline a valid
 * line, never accept an invalid one or return a different value.
 * A first byte 0x01..0x08, 0x0b, 0x0c or 0x0e (control bytes that are not JSON white space,
 * so never the start of a valid line) picks one of eleven field mappings (SPEC section 15:
 * other keys, dot paths, --epoch, --duration-unit, slicing keys) for the rest of the input,
 * which both parsers then read through fastpath_parse_indexed (with a scratch, so that an
 * error string with escapes is read too) and record.c's mapped lookup;
 * any other input is read with our own keys, as before. Mappings 8 to 11 put the extra slot
 * inside the context value, which the fast path searches while it scans the context
 * (fieldmap.ctx_root): context.model, context.a.b, a key JSON can only spell with escapes,
 * and a non-ASCII key two levels into a context found under another key. With a mapping
 * that names an extra slot, the extra value's text and the --by group keys (group.c) built
 * from both parsers' records for operation_type, session_id, error, success and the extra
 * key are the same bytes.
 * A first byte 0x0f to 0x13 picks one of five mappings with computed fields (SPEC section
 * 16: --field NAME=EXPR, --where, --success, --time-format, a computed --by key; 12 and
 * 13 are formats/vegeta.json and formats/caddy.json), which record.c evaluates on the fast
 * path over the line's text (expr_eval_raw) and through jansson otherwise: there the whole
 * record_parse result of the parser with the fast path on must equal the one with it off
 * (status, message, every field, the context text and the computed extra value). */
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

#define N_MAPS 17
#define N_PLAIN_MAPS 12 /* maps below this have no computed field */

static struct record_parser *slows[N_MAPS], *quicks[N_MAPS];
static struct fieldmap *maps[N_MAPS];
static struct group_buf gk[2];
static struct fastpath_scratch scratch; /* reused from input to input, as record.c does */

/* Mapping k (1..16): "NAME=KEY" or "NAME=EXPR" items, then the epoch and duration units. */
static const struct {
	const char *fields[5];
	int epoch;
	enum fm_unit unit;
	const char *extra; /* the extra slot (slicing key or expression), or NULL */
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
	[12] = {{"operation_type=method + \" \" + url", "duration_ms=latency"}, FM_NO_EPOCH,
	    FM_UNIT_NS, NULL},
	[13] = {{"operation_type=request.method + \" \" + path(request.uri)",
	    "duration_ms=duration", "timestamp=ts"}, FM_UNIT_S, FM_UNIT_S, NULL},
	[14] = {{"timestamp=start", "duration_ms=end - start", "session_id=s + \"\"",
	    "error=e + \"!\"", "operation_type=op"}, FM_UNIT_MS, FM_UNIT_US, NULL},
	[15] = {{"operation_type=op", "success=ok == true", "duration_ms=d * 2"}, FM_NO_EPOCH,
	    FM_UNIT_MS, "path(op) + \"/\" + k"},
	[16] = {{"timestamp=when + \"\"", "operation_type=`o p`.q + x"}, FM_NO_EPOCH,
	    FM_UNIT_S, "x * 1"},
};

/* The computed mappings' --where, --success and --time-format (NULL: none). */
static const struct {
	const char *where, *success, *time_format;
} map_exprs[N_MAPS] = {
	[12] = {NULL, "code >= 200 && code < 400", NULL},
	[13] = {"logger ~ \"http.log.access*\"", "status < 500", NULL},
	[15] = {"d > 0 || !ok", NULL, NULL},
	[16] = {NULL, NULL, "%d/%b/%Y:%H:%M:%S %z"},
};

/* The mapping a first byte picks (0: our own keys, the byte is part of the line). */
static int
map_of(uint8_t b)
{
	static const uint8_t sel[N_MAPS] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 0x0b, 0x0c, 0x0e, 0x0f,
	    0x10, 0x11, 0x12, 0x13};

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
		for (int i = 0; i < 5 && map_defs[k].fields[i] != NULL; i++) {
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
		if ((map_exprs[k].where != NULL && fm_add_where(maps[k], map_exprs[k].where, why,
		    sizeof(why)) < 0) || (map_exprs[k].success != NULL && fm_set_success(maps[k],
		    map_exprs[k].success, why, sizeof(why)) < 0) || (map_exprs[k].time_format != NULL &&
		    fm_set_time_format(maps[k], map_exprs[k].time_format, why, sizeof(why)) < 0))
			abort();
		if (fm_finish(maps[k], why, sizeof(why)) < 0 || maps[k]->plain)
			abort();
		if ((k >= N_PLAIN_MAPS) != maps[k]->computed)
			abort();
		if (((k >= 8 && k < N_PLAIN_MAPS) || k == 4) != (maps[k]->ctx_root != NULL))
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

/* A mapping with computed fields: record_parse with the fast path on (quick) and off (slow)
 * must give the same status, message and record, context text and extra value. */
static void
check_computed(struct record_parser *slow, struct record_parser *quick, const char *copy,
    size_t size, const uint8_t *data)
{
	struct record a, b;
	char wa[RECORD_WHY_SIZE], wb[RECORD_WHY_SIZE];
	const char *ta, *tb;
	size_t la = 0, lb = 0;
	bool sa, sb;
	int ra, rb;

	wa[0] = wb[0] = '\0';
	ra = record_parse(quick, copy, size, &a, wa);
	rb = record_parse(slow, copy, size, &b, wb);
	if (ra != rb)
		fp_die("computed: status", data, size);
	if (ra < 0 && strcmp(wa, wb) != 0)
		fp_die("computed: message", data, size);
	if (ra != 0)
		return;
	if (a.ts_us != b.ts_us || a.timeless != b.timeless)
		fp_die("computed: timestamp", data, size);
	if (!same_text(a.op, a.op_len, b.op, b.op_len))
		fp_die("computed: operation_type", data, size);
	if (memcmp(&a.duration_ms, &b.duration_ms, sizeof(double)) != 0)
		fp_die("computed: duration_ms", data, size);
	if (a.success != b.success || a.success_given != b.success_given)
		fp_die("computed: success", data, size);
	if (!same_text(a.session_id, a.session_len, b.session_id, b.session_len))
		fp_die("computed: session_id", data, size);
	if (!same_text(a.error, a.error_len, b.error, b.error_len))
		fp_die("computed: error", data, size);
	if (a.dur_text != NULL) {
		char num[NUMFMT_BUFSZ];

		numfmt_json(a.duration_ms, num);
		if (!same_text(a.dur_text, a.dur_text_len, num, strlen(num)))
			fp_die("computed: duration text differs from numfmt_json", data, size);
	}
	ta = record_context_text(quick, &la);
	tb = record_context_text(slow, &lb);
	if (!same_text(ta, la, tb, lb))
		fp_die("computed: compact context text", data, size);
	ta = record_extra_scalar(quick, &la, &sa);
	tb = record_extra_scalar(slow, &lb, &sb);
	if (!same_text(ta, la, tb, lb) || sa != sb)
		fp_die("computed: extra value", data, size);
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
	    fastpath_parse_indexed(copy, size, maps[k], &fast, &ctx, &ctx_len, &ex, &ex_len, NULL,
	    NULL, &scratch);
	if (k >= N_PLAIN_MAPS) {
		/* The scan alone lacks the computed fields: compare whole records. */
		if (memchr(copy, '\0', size) == NULL)
			check_computed(slow, quick, copy, size, data);
		free(copy);
		return 0;
	}
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
