/* test-state.c - the --state file (state.h): a state encodes and decodes to itself; hostile
 * ones (a record naming no operation, a NaN or negative duration, counts that cannot be,
 * duplicate names, every cut, a changed byte of the manifest or of the records segment)
 * are refused with a reason, never read; records appended to a segment (across a chunk
 * boundary, after a killed append's bytes) decode with the old ones; the
 * key of a command line ignores --now and --state's values alone; a scan started at an
 * offset numbers its lines on and counts what it read. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan.h"
#include "state.h"

/* A state of three records, two operations, one session and one malformed line. */
static void
sample(struct state *st)
{
	struct record r = {0};

	state_init(st);
	st->key = 42;
	st->keep_from = 1000;
	st->total = (struct state_counts){10, 3, 1, 0, true, 1000, 3000};
	st->files = calloc(1, sizeof(*st->files));
	st->files[0].path = strdup("log");
	st->files[0].offset = 500;
	st->files[0].c = (struct state_counts){10, 3, 1, 0, false, 0, 0};
	st->n_files = 1;
	tally_add(&st->tally, 1, "log", 4, "not valid JSON");
	r.op = "db";
	r.op_len = 2;
	r.ts_us = 1000;
	r.duration_ms = 1.5;
	r.success = true;
	state_recs_add(&st->recs, &r);
	r.op = "llm";
	r.op_len = 3;
	r.ts_us = 3000;
	r.session_id = "s1";
	r.session_len = 2;
	r.success = false;
	state_recs_add(&st->recs, &r);
	r.ts_us = 2000;
	state_recs_add(&st->recs, &r);
}

/* The records segment of st as written: its segment's records, then st->recs' (heap,
 * *len bytes, extra more bytes of 0x5a after them, as a killed append leaves). */
static unsigned char *
seg_of(const struct state *st, size_t extra, size_t *len)
{
	size_t n = st->n_seg + st->recs.n;
	unsigned char *b = malloc(n * sizeof(struct state_rec) + extra + 1);

	for (size_t i = 0; i < n; i++)
		memcpy(b + i * sizeof(struct state_rec), state_rec_at(st, i),
		    sizeof(struct state_rec));
	memset(b + n * sizeof(struct state_rec), 0x5a, extra);
	*len = n * sizeof(struct state_rec) + extra;
	return b;
}

/* Decode the encoding of st (freed); returns decode's answer, *why freed. */
static int
decode_of(struct state *st, bool sum)
{
	size_t len, seg_len;
	unsigned char *b = state_encode(st, &len), *seg = seg_of(st, 0, &seg_len);
	struct state back;
	char *why = NULL;
	int rc;

	state_free(st);
	state_init(&back);
	rc = state_decode(b, len, seg, seg_len, sum, &back, &why);
	if (rc != 0)
		cr_assert(why != NULL && *why != '\0');
	free(why);
	state_free(&back);
	free(b);
	free(seg);
	return rc;
}

Test(state, round_trip)
{
	struct state st, back;
	size_t len, len2, seg_len;
	unsigned char *a, *b, *seg;
	char *why = NULL;
	struct record r;

	sample(&st);
	a = state_encode(&st, &len);
	seg = seg_of(&st, 0, &seg_len);
	state_init(&back);
	cr_assert_eq(state_decode(a, len, seg, seg_len, true, &back, &why), 0, "%s",
	    why ? why : "");
	cr_assert_eq(back.key, 42);
	cr_assert_eq(back.n_seg, 3);
	cr_assert_eq(back.recs.n, 0);
	cr_assert_str_eq(back.files[0].path, "log");
	cr_assert_eq(back.files[0].offset, 500);
	cr_assert_eq(back.tally.count, 1);
	state_rec_get(&back.recs, state_rec_at(&back, 1), &r);
	cr_assert_eq(r.op_len, 3);
	cr_assert(memcmp(r.op, "llm", 3) == 0);
	cr_assert(!r.success);
	cr_assert_eq(r.session_len, 2);
	b = state_encode(&back, &len2);
	cr_assert_eq(len, len2);
	cr_assert(memcmp(a, b, len) == 0);
	free(a);
	free(b);
	state_free(&back);
	free(seg);
	state_free(&st);
}

/* st's manifest and segment decoded into *back (seg: heap, kept by the caller). */
static void
reload(struct state *st, struct state *back, unsigned char **seg, size_t extra)
{
	size_t len, seg_len;
	unsigned char *a = state_encode(st, &len);
	char *why = NULL;

	*seg = seg_of(st, extra, &seg_len);
	state_init(back);
	cr_assert_eq(state_decode(a, len, *seg, seg_len, true, back, &why), 0, "%s",
	    why ? why : "");
	free(a);
}

Test(state, append_across_chunks)
{
	struct state st, back, again;
	unsigned char *seg1, *seg2;
	struct record r = {0};
	size_t n1 = STATE_CHUNK + 100, n2 = STATE_CHUNK;

	/* A segment of a chunk and a bit, decoded; more records appended (the partial chunk
	   completed, a new one begun), decoded with the bytes a killed append left after. */
	state_init(&st);
	st.key = 7;
	st.total = (struct state_counts){n1 + n2, n1 + n2, 0, 0, true, 0, (int64_t)(n1 + n2)};
	r.op = "op";
	r.op_len = 2;
	r.success = true;
	for (size_t i = 0; i < n1; i++) {
		r.ts_us = (int64_t)i;
		r.duration_ms = (double)(i % 977);
		state_recs_add(&st.recs, &r);
	}
	reload(&st, &back, &seg1, 0);
	cr_assert_eq(back.n_seg, n1);
	for (size_t i = n1; i < n1 + n2; i++) {
		r.ts_us = (int64_t)i;
		r.duration_ms = (double)(i % 977);
		state_recs_add(&back.recs, &r);
	}
	reload(&back, &again, &seg2, 100);
	cr_assert_eq(again.n_seg, n1 + n2);
	for (size_t i = 0; i < n1 + n2; i++) {
		cr_assert_eq(state_rec_at(&again, i)->ts_us, (int64_t)i);
		cr_assert_eq(state_rec_at(&again, i)->duration_ms, (double)(i % 977));
	}
	/* A record of the first chunk changed: its chunk's checksum no longer matches. */
	seg2[sizeof(struct state_rec) * 5 + 2] ^= 1;
	{
		size_t len;
		unsigned char *a = state_encode(&again, &len);
		struct state bad;
		char *why = NULL;

		state_init(&bad);
		cr_assert_eq(state_decode(a, len, seg2, (n1 + n2) * sizeof(struct state_rec),
		    true, &bad, &why), -1);
		cr_assert(why != NULL && strstr(why, "checksum") != NULL);
		free(why);
		free(a);
		state_free(&bad);
	}
	state_free(&again);
	state_free(&back);
	state_free(&st);
	free(seg1);
	free(seg2);
}

Test(state, hostile_content)
{
	struct state st;

	sample(&st);
	st.recs.v[0].op = 7; /* no such operation */
	cr_assert_eq(decode_of(&st, true), -1);
	sample(&st);
	st.recs.v[1].duration_ms = NAN;
	cr_assert_eq(decode_of(&st, true), -1);
	sample(&st);
	st.recs.v[1].duration_ms = -1;
	cr_assert_eq(decode_of(&st, true), -1);
	sample(&st);
	st.recs.v[2].sess = 9; /* no such session */
	cr_assert_eq(decode_of(&st, true), -1);
	sample(&st);
	st.recs.v[0].ts_us = 999; /* before the span */
	cr_assert_eq(decode_of(&st, true), -1);
	sample(&st);
	st.recs.v[0].ts_us = 3001; /* after the span */
	cr_assert_eq(decode_of(&st, true), -1);
	sample(&st);
	st.keep_from = 2500; /* records no longer reached stay in the segment */
	cr_assert_eq(decode_of(&st, true), 0);
	sample(&st);
	st.total.records = 2; /* fewer than the records kept */
	cr_assert_eq(decode_of(&st, true), -1);
	sample(&st);
	st.total.lines = UINT64_MAX; /* "negative" */
	st.total.records = UINT64_MAX - 1;
	st.total.malformed = 5;
	cr_assert_eq(decode_of(&st, true), -1);
	sample(&st);
	st.total.first_ts = 4000; /* a span backwards */
	cr_assert_eq(decode_of(&st, true), -1);
	sample(&st);
	st.files[0].offset = UINT64_MAX; /* a huge offset */
	cr_assert_eq(decode_of(&st, true), -1);
	sample(&st);
	st.tally.reasons[0].count = 5; /* more than the tally holds */
	cr_assert_eq(decode_of(&st, true), -1);
	sample(&st);
	st.recs.n = 0;
	cr_assert_eq(decode_of(&st, true), 0); /* the control: fine without the records */
}

Test(state, every_cut_and_a_changed_byte)
{
	struct state st, back;
	size_t len, seg_len;
	unsigned char *a, *seg;
	char *why = NULL;

	sample(&st);
	a = state_encode(&st, &len);
	seg = seg_of(&st, 0, &seg_len);
	for (size_t n = 0; n < len; n++) {
		state_init(&back);
		cr_assert_eq(state_decode(a, n, seg, seg_len, false, &back, &why), -1,
		    "cut at %zu", n);
		free(why);
		why = NULL;
		state_free(&back);
	}
	for (size_t n = 0; n < seg_len; n++) {
		state_init(&back);
		cr_assert_eq(state_decode(a, len, seg, n, false, &back, &why), -1,
		    "segment cut at %zu", n);
		free(why);
		why = NULL;
		state_free(&back);
	}
	for (size_t n = 0; n + 8 < len; n++) {
		a[n] ^= 0x40;
		state_init(&back);
		cr_assert_eq(state_decode(a, len, seg, seg_len, true, &back, &why), -1,
		    "byte %zu", n);
		free(why);
		why = NULL;
		state_free(&back);
		a[n] ^= 0x40;
	}
	for (size_t n = 0; n < seg_len; n++) {
		seg[n] ^= 0x40;
		state_init(&back);
		cr_assert_eq(state_decode(a, len, seg, seg_len, true, &back, &why), -1,
		    "segment byte %zu", n);
		free(why);
		why = NULL;
		state_free(&back);
		seg[n] ^= 0x40;
	}
	free(a);
	free(seg);
	state_free(&st);
}

Test(state, duplicate_names)
{
	struct state st;

	sample(&st);
	/* Two operations of one name would give two ids to one name. */
	free(st.recs.ops.strs[1]);
	st.recs.ops.strs[1] = strdup("db");
	st.recs.ops.lens[1] = 2;
	cr_assert_eq(decode_of(&st, true), -1);
}

Test(state, args_key)
{
	const char *a[] = {"pr", "weekly", "--now", "2026-10-01", "--state=s1", "log"};
	const char *b[] = {"pr", "weekly", "--now=2026-10-09", "--state", "s2", "log"};
	const char *c[] = {"pr", "weekly", "--now=2026-10-09", "--state", "s2", "-f", "json",
	    "log"};
	const char *d[] = {"pr", "weekly", "--state", "s2", "log2"};

	cr_assert_eq(state_args_key(6, (char *const *)a), state_args_key(6, (char *const *)b));
	cr_assert_neq(state_args_key(6, (char *const *)b), state_args_key(8, (char *const *)c));
	cr_assert_neq(state_args_key(6, (char *const *)b), state_args_key(5, (char *const *)d));
}

/* Records seen by a scan. */
static void
count_add(void *ctx, const struct record *r, struct record_parser *p)
{
	(void)r;
	(void)p;
	++*(size_t *)ctx;
}

Test(state, scan_from_an_offset)
{
	char path[] = "/tmp/test-state-XXXXXX";
	int fd = mkstemp(path);
	const char *a = "{\"timestamp\":\"2026-10-01T00:00:00Z\",\"operation_type\":\"x\","
	    "\"duration_ms\":1}\n";
	const char *b = "bad\n{\"timestamp\":\"2026-10-02T00:00:00Z\",\"operation_type\":\"y\","
	    "\"duration_ms\":2}\n";
	struct options o = {0};
	char *files[1] = {path};
	struct input_counts in = {0};
	struct malformed_tally t = {0};
	struct scan_resume res = {strlen(a), 1, 1, 0, 0, false, false};
	size_t seen = 0;

	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, a, strlen(a)), (ssize_t)strlen(a));
	cr_assert_eq(write(fd, b, strlen(b)), (ssize_t)strlen(b));
	close(fd);
	o.files = files;
	o.n_files = 1;
	o.max_line_bytes = 1 << 20;
	o.jobs = 1;
	cr_assert_eq(scan_inputs_at(&o, count_add, &seen, &in, &t, &res), 0);
	cr_assert_eq(seen, 1);
	cr_assert_eq(in.lines, 2);
	cr_assert_eq(res.offset, strlen(a) + strlen(b));
	cr_assert_eq(res.lines, 3);
	cr_assert_eq(res.records, 2);
	cr_assert_eq(res.malformed, 1);
	cr_assert(res.plain);
	cr_assert(t.first != NULL && strstr(t.first, ":2: ") != NULL, "%s", t.first);
	tally_free(&t);
	scan_counts_free(&in);
	unlink(path);
}
