/* fuzz-record.c - libFuzzer target for record_parse (record.h): the input bytes are one
 * JSONL line without its terminator, parsed twice: with the fast path on (the default) and
 * off (jansson only). On success the record must meet the contract of struct record; on
 * failure the reason must be one printable line. Both parsers must give the same answer:
 * same outcome, same fields, same context (as a value and as compact text), same reason.
 * Any broken invariant aborts, so libFuzzer keeps the input as a crasher. (fuzz-fastpath.c
 * compares fastpath_parse itself with jansson; this one works at the record_parse level,
 * context included.) */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "numfmt.h"
#include "record-json.h"
#include "timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report which invariant broke, then abort so the input is saved. */
#define FZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz-record: invariant failed: %s (%s:%d)\n", \
		    #cond, __FILE__, __LINE__);				\
		abort();						\
	}								\
} while (0)

/* True when s[0..len) is well-formed UTF-8: shortest forms only, no surrogates, <= U+10FFFF. */
static bool
fz_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n, k;
	uint32_t c;

	while (i < len) {
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			c &= 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			c &= 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			c &= 0x07;
		} else
			return false;
		if (len - i <= n)
			return false;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			c = (c << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && c < 0x800) || (n == 3 && c < 0x10000) || c > 0x10ffff ||
		    (c >= 0xd800 && c <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

/* A borrowed string of the record: present, valid UTF-8, no NUL inside (the record.h
 * contract: strings are not NUL-terminated, use the length). */
static void
fz_check_string(const char *s, size_t len)
{
	FZ_CHECK(s != NULL);
	FZ_CHECK(memchr(s, '\0', len) == NULL);
	FZ_CHECK(fz_utf8_valid(s, len));
}

/* Every promise struct record makes about a successful parse. */
static void
fz_check_record(const struct record *r, struct record_parser *p)
{
	char buf[TU_BUFSZ];
	int64_t back;
	const char *why;
	json_t *ctx;
	char *dump;

	fz_check_string(r->op, r->op_len);
	FZ_CHECK(r->op_len > 0);
	FZ_CHECK(isfinite(r->duration_ms));
	FZ_CHECK(r->duration_ms >= 0);
	FZ_CHECK(!signbit(r->duration_ms));
	if (r->session_id != NULL)
		fz_check_string(r->session_id, r->session_len);
	else
		FZ_CHECK(r->session_len == 0);
	if (r->error != NULL)
		fz_check_string(r->error, r->error_len);
	else
		FZ_CHECK(r->error_len == 0);
	if (!r->success_given)
		FZ_CHECK(r->success == (r->error == NULL));

	/* The timestamp was accepted, so it is a year 0001-9999 instant that prints and
	 * parses back to itself. */
	tu_format_us(r->ts_us, buf);
	FZ_CHECK(memchr(buf, '\0', sizeof(buf)) != NULL);
	FZ_CHECK(tu_parse(buf, strlen(buf), 0, &back, &why) == 0);
	FZ_CHECK(back == r->ts_us);

	/* The context stays alive until the next parse: exercise it as export does. */
	ctx = record_context(p);
	if (ctx != NULL) {
		dump = json_dumps(ctx, JSON_COMPACT | JSON_ENCODE_ANY);
		FZ_CHECK(dump != NULL);
		free(dump);
	}
}

/* A failure reason is one printable line of UTF-8: it goes to standard error as it is, so
 * raw control characters (a line break, a terminal escape) or stray bytes taken from the
 * input must have been escaped. */
static void
fz_check_reason(const char *why)
{
	const unsigned char *s = (const unsigned char *)why;

	FZ_CHECK(memchr(why, '\0', RECORD_WHY_SIZE) != NULL);
	FZ_CHECK(*s != '\0');
	FZ_CHECK(fz_utf8_valid(why, strlen(why)));
	for (; *s != '\0'; s++)
		FZ_CHECK(*s >= 0x20 && *s != 0x7f);
}

/* Same bytes, or both absent. */
static bool
fz_same_text(const char *a, size_t alen, const char *b, size_t blen)
{
	if ((a == NULL) != (b == NULL))
		return false;
	return a == NULL || (alen == blen && memcmp(a, b, alen) == 0);
}

/* The fast and the jansson-only parse of one line agree on everything. */
static void
fz_check_same(int rf, const struct record *f, const char *wf, struct record_parser *pf,
    int rs, const struct record *s, const char *ws, struct record_parser *ps)
{
	json_t *cf, *cs;
	const char *tf, *ts;
	size_t lf = 0, ls = 0;
	char num[NUMFMT_BUFSZ];

	FZ_CHECK(rf == rs);
	if (rf != 0) {
		FZ_CHECK(strcmp(wf, ws) == 0);
		return;
	}
	FZ_CHECK(f->ts_us == s->ts_us);
	FZ_CHECK(fz_same_text(f->op, f->op_len, s->op, s->op_len));
	FZ_CHECK(memcmp(&f->duration_ms, &s->duration_ms, sizeof(double)) == 0);
	FZ_CHECK(f->success == s->success && f->success_given == s->success_given);
	FZ_CHECK(fz_same_text(f->session_id, f->session_len, s->session_id, s->session_len));
	FZ_CHECK(fz_same_text(f->error, f->error_len, s->error, s->error_len));
	cf = record_context(pf);
	cs = record_context(ps);
	FZ_CHECK((cf == NULL) == (cs == NULL));
	FZ_CHECK(cf == NULL || json_equal(cf, cs));
	/* The compact text of the context: passed through by the fast path when it is
	 * already in that form, dumped by jansson otherwise; the bytes must not differ. */
	tf = record_context_text(pf, &lf);
	ts = record_context_text(ps, &ls);
	FZ_CHECK(fz_same_text(tf, lf, ts, ls));
	/* The duration as written, kept by the fast path only when it is numfmt_json's text. */
	FZ_CHECK(s->dur_text == NULL);
	if (f->dur_text != NULL) {
		numfmt_json(f->duration_ms, num);
		FZ_CHECK(fz_same_text(f->dur_text, f->dur_text_len, num, strlen(num)));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct record_parser *fast, *slow;
	char wf[RECORD_WHY_SIZE], ws[RECORD_WHY_SIZE];
	struct record rf, rs;
	int cf, cs;
	char *line;

	if (fast == NULL) {
		fast = record_parser_new();
		record_parser_set_fast(fast, true);
		slow = record_parser_new();
		record_parser_set_fast(slow, false);
	}
	/* An exact-size copy without a NUL, so any read past len is an ASan report. */
	line = malloc(size ? size : 1);
	FZ_CHECK(line != NULL);
	if (size > 0)
		memcpy(line, data, size);
	memset(wf, 'X', sizeof(wf));
	memset(ws, 'X', sizeof(ws));
	cf = record_parse(fast, line, size, &rf, wf);
	cs = record_parse(slow, line, size, &rs, ws);
	if (cf == 0)
		fz_check_record(&rf, fast);
	else
		fz_check_reason(wf);
	if (cs == 0)
		fz_check_record(&rs, slow);
	else
		fz_check_reason(ws);
	fz_check_same(cf, &rf, wf, fast, cs, &rs, ws, slow);
	free(line);
	return 0;
}
