/* fuzz-fastpath.c - differential target: for every input line, the fast scanner
 * (fastpath.c) and the jansson path (record.c with the fast path off) must agree on validity
 * and, when the fast scanner accepts, on every field. The fast scanner may decline a valid
 * line, never accept an invalid one or return a different value. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fastpath.h"
#include "numfmt.h"
#include "record.h"

static struct record_parser *slow, *quick;

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
	const char *ctx;
	size_t ctx_len;
	char why[RECORD_WHY_SIZE];
	char *copy;
	int accepted, valid;

	if (slow == NULL) {
		slow = record_parser_new();
		record_parser_set_fast(slow, false);
		quick = record_parser_new();
		record_parser_set_fast(quick, true);
	}
	/* An exact-size heap copy, so that ASan sees any read past the end. */
	copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	accepted = fastpath_parse(copy, size, &fast, &ctx, &ctx_len);
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
		}
	}
	free(copy);
	return 0;
}
