/* fuzz-state.c - the --state reader (SPEC section 18): arbitrary bytes as a state file,
 * decoded without the checksum (so that the fuzzer gets past it to the content). An
 * invalid one must come back as a refusal with a reason; a valid one must give every
 * record back with its names, encode to bytes that decode again (checksum included) and
 * encode to the same bytes, and merge its tally with itself (counts doubled). Must never
 * crash, leak or read out of bounds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every record of st as a struct record: names in range, durations as decoded. */
static void
fuzz_records(const struct state *st)
{
	for (size_t i = 0; i < st->recs.n; i++) {
		struct record r;

		state_recs_get(&st->recs, i, &r);
		if (r.op == NULL || r.op_len == 0 || strlen(r.op) != r.op_len ||
		    r.duration_ms < 0 || r.ts_us < st->keep_from)
			abort();
		if (r.session_id != NULL && strlen(r.session_id) != r.session_len)
			abort();
	}
}

/* st encoded, decoded with its checksum, and encoded again: the same bytes. */
static void
fuzz_round_trip(const struct state *st)
{
	size_t len, len2;
	unsigned char *a = state_encode(st, &len), *b;
	struct state back;
	char *why = NULL;

	state_init(&back);
	if (state_decode(a, len, true, &back, &why) != 0) {
		fprintf(stderr, "an encoded state does not decode: %s\n", why);
		abort();
	}
	b = state_encode(&back, &len2);
	if (len2 != len || memcmp(a, b, len) != 0)
		abort();
	free(a);
	free(b);
	state_free(&back);
}

/* The tally appended to a copy of itself: every count doubled, the reasons kept. */
static void
fuzz_tally(const struct state *st)
{
	struct malformed_tally t;

	state_tally_copy(&t, &st->tally);
	state_tally_append(&t, &st->tally);
	if (t.count != 2 * st->tally.count || t.n_reasons > st->tally.n_reasons)
		abort();
	tally_free(&t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state st;
	char *why = NULL;

	state_init(&st);
	if (state_decode(data, size, false, &st, &why) != 0) {
		if (why == NULL || *why == '\0')
			abort();
		free(why);
		state_free(&st);
		return 0;
	}
	fuzz_records(&st);
	fuzz_round_trip(&st);
	fuzz_tally(&st);
	state_free(&st);
	return 0;
}
