/* fuzz-state.c - the --state reader (SPEC section 18): arbitrary bytes as a manifest and
 * its records segment (the first two bytes say how long the manifest is, the segment is
 * the rest, copied to aligned memory), decoded without the checksums (so that the fuzzer
 * gets past them to the content). An invalid one must come back as a refusal with a
 * reason; a valid one must give every record back with its names, encode to a manifest
 * that decodes again with the segment (checksums included) and encodes to the same bytes,
 * take one of its records appended and decode again with it (the segment then longer),
 * and merge its tally with itself (counts doubled). Must never crash, leak or read out of
 * bounds. */
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
	for (size_t i = 0; i < st->n_seg + st->recs.n; i++) {
		struct record r;

		state_rec_get(&st->recs, state_rec_at(st, i), &r);
		if (r.op == NULL || r.op_len == 0 || strlen(r.op) != r.op_len ||
		    r.duration_ms < 0 || r.ts_us < st->total.first_ts ||
		    r.ts_us > st->total.last_ts)
			abort();
		if (r.session_id != NULL && strlen(r.session_id) != r.session_len)
			abort();
	}
}

/* The records of st one after another (heap, *len bytes), as its segment holds them. */
static unsigned char *
fuzz_segment(const struct state *st, size_t *len)
{
	size_t n = st->n_seg + st->recs.n;
	unsigned char *b = malloc(n * sizeof(struct state_rec) + 1);

	for (size_t i = 0; i < n; i++)
		memcpy(b + i * sizeof(struct state_rec), state_rec_at(st, i),
		    sizeof(struct state_rec));
	*len = n * sizeof(struct state_rec);
	return b;
}

/* st encoded, decoded with its checksums, and encoded again: the same bytes. Then its
 * first record appended: the manifest and the longer segment decode with it last. */
static void
fuzz_round_trip(const struct state *st)
{
	size_t len, len2, seg_len, n;
	unsigned char *a = state_encode(st, &len), *b, *seg = fuzz_segment(st, &seg_len);
	struct state back, more;
	struct record r;
	char *why = NULL;

	state_init(&back);
	if (state_decode(a, len, seg, seg_len, true, &back, &why) != 0) {
		fprintf(stderr, "an encoded state does not decode: %s\n", why);
		abort();
	}
	b = state_encode(&back, &len2);
	if (len2 != len || memcmp(a, b, len) != 0)
		abort();
	free(a);
	free(b);
	n = back.n_seg;
	if (n > 0 && back.total.records < UINT64_MAX && back.total.lines < UINT64_MAX) {
		state_rec_get(&back.recs, state_rec_at(&back, 0), &r);
		back.recs.keep_from = INT64_MIN;
		state_recs_add(&back.recs, &r);
		back.total.records++;
		back.total.lines++;
		a = state_encode(&back, &len);
		b = fuzz_segment(&back, &len2);
		state_init(&more);
		if (state_decode(a, len, b, len2, true, &more, &why) != 0) {
			fprintf(stderr, "an appended state does not decode: %s\n", why);
			abort();
		}
		if (more.n_seg != n + 1 ||
		    memcmp(state_rec_at(&more, n), state_rec_at(&more, 0), sizeof(struct state_rec)))
			abort();
		state_free(&more);
		free(a);
		free(b);
	}
	state_free(&back);
	free(seg);
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
	size_t head, seg_len;
	unsigned char *seg;

	if (size < 2)
		return 0;
	head = (size_t)data[0] | (size_t)data[1] << 8;
	if (head > size - 2)
		head = size - 2;
	seg_len = size - 2 - head;
	seg = malloc(seg_len + 1); /* aligned, as a mapping is */
	memcpy(seg, data + 2 + head, seg_len);
	state_init(&st);
	if (state_decode(data + 2, head, seg, seg_len, false, &st, &why) != 0) {
		if (why == NULL || *why == '\0')
			abort();
		free(why);
		state_free(&st);
		free(seg);
		return 0;
	}
	fuzz_records(&st);
	fuzz_round_trip(&st);
	fuzz_tally(&st);
	state_free(&st);
	free(seg);
	return 0;
}
