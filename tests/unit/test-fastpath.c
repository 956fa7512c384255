/* test-fastpath.c - the fast record scanner: what it accepts and the values it returns,
 * what it must leave to jansson, and the paths that matter at the edges of the buffer
 * (strings of 15 to 33 bytes with a special byte at each position, keys cut short by the
 * end of the line). Every line is parsed from an exact-size heap copy, so that ASan sees
 * any read past the end. Expected timestamps were computed with Python's datetime (UTC),
 * independently of timeutil. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fastpath.h"
#include "timeutil.h"
#include "splitmix.h"

/* The copy of the last line parsed (the record's strings point into it). */
static char *buf;

static void
drop(void)
{
	free(buf);
	buf = NULL;
}

/* fastpath_parse on an exact-size copy of line[0..len). */
static int
parse_n(const char *line, size_t len, struct record *r, const char **ctx, size_t *ctx_len)
{
	free(buf);
	buf = malloc(len ? len : 1);
	cr_assert_not_null(buf);
	memcpy(buf, line, len);
	return fastpath_parse(buf, len, r, ctx, ctx_len);
}

static int
parse(const char *line, struct record *r)
{
	const char *ctx;
	size_t ctx_len;

	return parse_n(line, strlen(line), r, &ctx, &ctx_len);
}

/* Whether s[0..n) is the C string want. */
static bool
span_is(const char *s, size_t n, const char *want)
{
	return s != NULL && n == strlen(want) && memcmp(s, want, n) == 0;
}

#define TYPICAL "{\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"plan_step\"," \
	"\"duration_ms\":5533.576,\"success\":true,\"session_id\":\"sess-909cfd\",\"error\":null," \
	"\"context\":{\"model\":\"m4\",\"tokens\":{\"in\":497,\"out\":312}}}"

Test(fastpath, accepts_the_typical_line_with_every_field, .fini = drop)
{
	struct record r;
	const char *ctx;
	size_t ctx_len;
	static const char line[] = TYPICAL;
	static const char want_ctx[] = "{\"model\":\"m4\",\"tokens\":{\"in\":497,\"out\":312}}";

	cr_assert_eq(parse_n(line, strlen(line), &r, &ctx, &ctx_len), 1);
	cr_assert_eq(r.ts_us, INT64_C(1783123252742000));
	cr_assert(span_is(r.op, r.op_len, "plan_step"));
	cr_assert(same_double(r.duration_ms, 5533.576));
	cr_assert(span_is(r.dur_text, r.dur_text_len, "5533.576"));
	cr_assert(r.success && r.success_given);
	cr_assert(span_is(r.session_id, r.session_len, "sess-909cfd"));
	cr_assert_null(r.error);
	cr_assert(span_is(ctx, ctx_len, want_ctx));
}

Test(fastpath, white_space_everywhere_is_accepted, .fini = drop)
{
	struct record r;
	const char *ctx;
	size_t ctx_len;
	static const char line[] = " \t{ \"timestamp\" :\r\"2026-07-04T00:00:52.742Z\" , "
	    "\"operation_type\"\n:\"x\",\"duration_ms\":  1 ,\"context\": [ 1 , { \"a\" : [ ] } ]"
	    " } \n";

	cr_assert_eq(parse_n(line, strlen(line), &r, &ctx, &ctx_len), 1);
	cr_assert_eq(r.ts_us, INT64_C(1783123252742000));
	cr_assert(span_is(r.op, r.op_len, "x"));
	cr_assert(span_is(ctx, ctx_len, "[ 1 , { \"a\" : [ ] } ]"));
}

/* ---- timestamps ---------------------------------------------------------------------- */

/* A minimal record with the given timestamp text. */
static int
parse_ts(const char *ts, struct record *r)
{
	char line[256];

	snprintf(line, sizeof(line),
	    "{\"timestamp\":\"%s\",\"operation_type\":\"o\",\"duration_ms\":1}", ts);
	return parse(line, r);
}

Test(fastpath, timestamps_of_the_common_shapes, .fini = drop)
{
	static const struct {
		const char *text;
		int64_t us;
	} ok[] = {
		{"2024-02-29T12:00:00Z", INT64_C(1709208000000000)},        /* leap day */
		{"2000-02-29T00:00:00.5Z", INT64_C(951782400500000)},       /* 400-year leap */
		{"2023-12-31T23:59:59.999999Z", INT64_C(1704067199999999)},
		{"2023-12-31T23:59:59.99999999Z", INT64_C(1704067199999999)}, /* truncated */
		{"2023-12-31t23:59:59.9999999z", INT64_C(1704067199999999)},
		{"2023-12-31 23:59:59.999999z", INT64_C(1704067199999999)},
		{"0001-01-01T00:00:00Z", INT64_C(-62135596800000000)},
		{"9999-12-31T23:59:59.999999Z", INT64_C(253402300799999999)},
		{"1969-12-31T23:59:59.123456Z", INT64_C(-876544)},
		{"1969-12-31T23:59:59.123456789Z", INT64_C(-876544)}, /* 9 digits */
		{"2026-07-04T01:00:52.742+01:00", INT64_C(1783123252742000)}, /* offset */
		{"2026-07-04T01:00:52.742+0100", INT64_C(1783123252742000)},
		{"2026-07-03T23:00:52.742-01:00", INT64_C(1783123252742000)},
		{"2026-07-04T00:00:52.742-00:00", INT64_C(1783123252742000)},
		{"2026-07-04T00:00:52.742000953+00:00", INT64_C(1783123252742000)},
		{"2026-07-04T02:00:52+02:00", INT64_C(1783123252000000)},
		{"0001-01-01T01:00:00+01:00", INT64_C(-62135596800000000)},
		{"9999-12-31T22:59:59.999999-01:00", INT64_C(253402300799999999)},
		{"2026-07-04T00:00:52.742000Z", INT64_C(1783123252742000)},
		{"2026-07-04T00:00:52.7Z", INT64_C(1783123252700000)},
	};
	struct record r;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		cr_assert_eq(parse_ts(ok[i].text, &r), 1, "%s", ok[i].text);
		cr_assert_eq(r.ts_us, ok[i].us, "%s: %lld", ok[i].text, (long long)r.ts_us);
	}
}

Test(fastpath, invalid_timestamps_are_declined, .fini = drop)
{
	static const char *const bad[] = {
		"2023-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
		"2024-01-32T00:00:00Z", "2024-01-00T00:00:00Z", "2024-00-10T00:00:00Z",
		"2024-13-10T00:00:00Z", "0000-01-01T00:00:00Z", "2024-01-01T24:00:00Z",
		"2024-01-01T23:60:00Z", "2024-01-01T23:59:60Z", "2024-01-01T23:59:59.Z",
		"2024-01-01T23:59:59", "2024-01-01X23:59:59Z", "2024-01-01T23:59:59.1a3Z",
		"2024-01-01T23:59:59,5Z", "2024-01-0aT00:00:00Z", "2024/01/01T00:00:00Z",
		"2024-01-01T00:00:00ZZ", "2024-01-01T00:00:00.123Zx", "+024-01-01T00:00:00Z",
		"2024-01-01T0:00:00Z", "2024-01-01", "",
	};
	struct record r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(parse_ts(bad[i], &r), 0, "%s", bad[i]);
}

/* Every day of some years, and the first of every month of every year, at 23:59:59.1Z:
 * the fast timestamp path and tu_parse must agree exactly (leap years included). */
Test(fastpath, timestamps_agree_with_tu_parse_over_the_calendar, .fini = drop)
{
	static const int years[] = {1, 2, 4, 100, 1600, 1700, 1900, 1969, 1970, 1999, 2000,
		2023, 2024, 2100, 2400, 9996, 9999};
	struct record r;
	char ts[64];
	int64_t want;
	const char *why;

	for (size_t k = 0; k < sizeof(years) / sizeof(years[0]); k++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= 32; d++) {
				snprintf(ts, sizeof(ts), "%04d-%02d-%02dT23:59:59.1Z", years[k], m, d);
				if (tu_parse(ts, strlen(ts), 0, &want, &why) < 0) {
					cr_assert_eq(parse_ts(ts, &r), 0, "%s", ts);
					continue;
				}
				cr_assert_eq(parse_ts(ts, &r), 1, "%s", ts);
				cr_assert_eq(r.ts_us, want, "%s", ts);
			}
	for (int y = 1; y <= 9999; y++)
		for (int m = 1; m <= 12; m++) {
			snprintf(ts, sizeof(ts), "%04d-%02d-01T00:00:00Z", y, m);
			cr_assert_eq(tu_parse(ts, strlen(ts), 0, &want, &why), 0);
			cr_assert_eq(parse_ts(ts, &r), 1, "%s", ts);
			cr_assert_eq(r.ts_us, want, "%s", ts);
		}
}

/* Random timestamps around the shapes the fast path reads (fractions of 0-12 digits,
 * every zone form, offsets valid and not, the edges of years 0001 and 9999, a third with
 * one byte replaced by any printable ASCII byte): whatever the
 * fast path does, the record's time is tu_parse's, and a text tu_parse refuses is declined. */
Test(fastpath, timestamps_with_offsets_agree_with_tu_parse, .fini = drop)
{
	static const char *const zones[] = {"Z", "z", "+00:00", "-00:00", "+02:00", "-07:30",
		"+0530", "-1200", "+23:59", "-23:59", "+24:00", "+12:60", "+1:00", "+02:0",
		"+02-00", "+02:00Z", "", "Z ", "+", "UTC"};
	static const int years[] = {1, 2, 1969, 1970, 2024, 2026, 9998, 9999};
	uint64_t st = UINT64_C(20261207);
	struct record r;
	char ts[96], frac[16];
	int64_t want;
	const char *why;

	for (int n = 0; n < 200000; n++) {
		int y = years[splitmix_next(&st) % 8], m = 1 + (int)(splitmix_next(&st) % 12);
		int d = (int)(splitmix_next(&st) % 32), h = (int)(splitmix_next(&st) % 25);
		int mi = (int)(splitmix_next(&st) % 61), sec = (int)(splitmix_next(&st) % 61);
		int nd = (int)(splitmix_next(&st) % 13);

		if (splitmix_next(&st) % 4 == 0) { /* the edges of the calendar */
			m = splitmix_next(&st) % 2 ? 1 : 12;
			d = m == 1 ? 1 : 31;
			h = m == 1 ? 0 : 23;
		}
		frac[0] = '\0';
		if (nd > 0) {
			frac[0] = '.';
			for (int k = 1; k <= nd; k++)
				frac[k] = (char)('0' + splitmix_next(&st) % 10);
			frac[nd + 1] = '\0';
		}
		snprintf(ts, sizeof(ts), "%04d-%02d-%02dT%02d:%02d:%02d%s%s", y, m, d, h, mi, sec,
		    frac, zones[splitmix_next(&st) % (sizeof(zones) / sizeof(zones[0]))]);
		if (splitmix_next(&st) % 3 == 0) { /* one byte replaced by printable ASCII */
			size_t at = splitmix_next(&st) % strlen(ts);
			char c = (char)(' ' + splitmix_next(&st) % 95);

			ts[at] = c == '"' || c == '\\' ? '/' : c;
		}
		if (tu_parse(ts, strlen(ts), 0, &want, &why) < 0) {
			cr_assert_eq(parse_ts(ts, &r), 0, "%s", ts);
			continue;
		}
		cr_assert_eq(parse_ts(ts, &r), 1, "%s", ts);
		cr_assert_eq(r.ts_us, want, "%s: %lld, tu_parse %lld", ts, (long long)r.ts_us,
		    (long long)want);
	}
}

/* ---- keys ---------------------------------------------------------------------------- */

Test(fastpath, keys_with_escapes_are_left_to_jansson, .fini = drop)
{
	struct record r;

	cr_assert_eq(parse("{\"time\\u0073tamp\":\"2026-07-04T00:00:52.742Z\","
	    "\"operation_type\":\"o\",\"duration_ms\":1}", &r), 0);
	cr_assert_eq(parse("{\"timestamp\":\"2026-07-04T00:00:52.742Z\","
	    "\"operation_type\":\"o\",\"duration_ms\":1,\"x\\n\":1}", &r), 0);
	cr_assert_eq(parse("{\"timestamp\":\"2026-07-04T00:00:52.742Z\","
	    "\"operation_type\":\"o\",\"duration_ms\":1,\"context\":{\"a\\\"\":1}}", &r), 0);
}

Test(fastpath, duplicate_keys_are_left_to_jansson, .fini = drop)
{
	struct record r;

#define BASE "\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"o\"," \
	"\"duration_ms\":1"
	cr_assert_eq(parse("{" BASE "," BASE "}", &r), 0);
	cr_assert_eq(parse("{" BASE ",\"error\":null,\"error\":\"x\"}", &r), 0);
	cr_assert_eq(parse("{" BASE ",\"error\":null,\"error\":null}", &r), 0);
	cr_assert_eq(parse("{" BASE ",\"success\":true,\"success\":true}", &r), 0);
	cr_assert_eq(parse("{" BASE ",\"x\":1,\"y\":2,\"x\":3}", &r), 0);
	cr_assert_eq(parse("{" BASE ",\"context\":{\"a\":1,\"a\":1}}", &r), 0);
	/* The same key in two different objects is no duplicate. */
	cr_assert_eq(parse("{" BASE ",\"context\":{\"a\":{\"a\":1},\"b\":[{\"a\":1},{\"a\":2}]},"
	    "\"a\":1}", &r), 1);
}

Test(fastpath, names_that_only_start_like_known_keys_are_other_keys, .fini = drop)
{
	struct record r;

	cr_assert_eq(parse("{" BASE ",\"errors\":\"x\",\"error_x\":\"y\",\"successful\":false,"
	    "\"timestamp2\":3,\"contexts\":{},\"c\":0,\"e\":0,\"s\":0}", &r), 1);
	cr_assert_null(r.error);
	cr_assert(r.success);
	cr_assert(!r.success_given);
	cr_assert_eq(parse("{\"timestamps\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"o\","
	    "\"duration_ms\":1}", &r), 0);
}

/* Known keys cut off by the end of the line, at every length: declined, never read past. */
Test(fastpath, keys_cut_by_the_end_of_the_line_are_declined, .fini = drop)
{
	static const char *const keys[] = {"\"timestamp\"", "\"operation_type\"",
		"\"duration_ms\"", "\"success\"", "\"session_id\"", "\"error\"", "\"context\""};
	struct record r;
	const char *ctx;
	size_t ctx_len;
	char line[256];

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		int n = snprintf(line, sizeof(line), "{" BASE ",%s", keys[k]);

		for (size_t cut = 0; cut <= strlen(keys[k]); cut++)
			cr_assert_eq(parse_n(line, (size_t)n - cut, &r, &ctx, &ctx_len), 0);
	}
}

Test(fastpath, known_keys_last_in_the_line_are_read, .fini = drop)
{
	struct record r;

	cr_assert_eq(parse("{\"duration_ms\":2,\"operation_type\":\"o\","
	    "\"timestamp\":\"2026-07-04T00:00:52.742Z\"}", &r), 1);
	cr_assert_eq(r.ts_us, INT64_C(1783123252742000));
	cr_assert_eq(parse("{" BASE ",\"error\":\"\"}", &r), 1);
	cr_assert(span_is(r.error, r.error_len, ""));
	cr_assert(!r.success);
	cr_assert_eq(parse("{" BASE ",\"error\"    :\"e\"}", &r), 1);
	cr_assert(span_is(r.error, r.error_len, "e"));
}

/* ---- strings ------------------------------------------------------------------------- */

/* From here on BASE leaves operation_type out. */
#undef BASE
#define BASE "\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"duration_ms\":1"

/* A record whose operation_type is op (of n bytes), last in the line or followed by a
 * context that holds it as a value too; returns fastpath_parse's verdict. */
static int
parse_op(const char *op, size_t n, bool last, struct record *r)
{
	char line[512];
	size_t len = 0;
	const char *ctx;
	size_t ctx_len;

#define PUT(s, l) do { memcpy(line + len, (s), (l)); len += (l); } while (0)
	PUT("{" BASE ",\"operation_type\":\"", strlen("{" BASE ",\"operation_type\":\""));
	PUT(op, n);
	PUT("\"", 1);
	if (!last) {
		PUT(",\"context\":{\"k\":\"", strlen(",\"context\":{\"k\":\""));
		PUT(op, n);
		PUT("\"}", 2);
	}
	PUT("}", 1);
#undef PUT
	return parse_n(line, len, r, &ctx, &ctx_len);
}

Test(fastpath, strings_with_a_special_byte_at_every_position, .fini = drop)
{
	static const size_t lens[] = {1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49};
	/* Bytes that make the fast path decline (control, invalid UTF-8 starts) or that it
	 * must take as they are (DEL, the last ASCII byte). */
	static const unsigned char decline[] = {0x00, 0x01, 0x0a, 0x1f, 0x80, 0xbf, 0xc0, 0xc1,
		0xf5, 0xff};
	struct record r;
	char op[64];

	for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
		size_t n = lens[l];

		for (int last = 0; last < 2; last++) {
			memset(op, 'a', n);
			cr_assert_eq(parse_op(op, n, last, &r), 1);
			cr_assert_eq(r.op_len, n);
			for (size_t at = 0; at < n; at++) {
				memset(op, 'a', n);
				for (size_t b = 0; b < sizeof(decline); b++) {
					op[at] = (char)decline[b];
					cr_assert_eq(parse_op(op, n, last, &r), 0,
					    "len %zu, byte 0x%02x at %zu", n, decline[b], at);
				}
				op[at] = 0x7f;
				cr_assert_eq(parse_op(op, n, last, &r), 1);
				cr_assert_eq(r.op_len, n);
				cr_assert_eq((unsigned char)r.op[at], 0x7f);
				op[at] = ' ';
				cr_assert_eq(parse_op(op, n, last, &r), 1);
				/* A backslash escape: valid JSON, but left to jansson. */
				if (at + 1 < n) {
					op[at] = '\\';
					op[at + 1] = 'n';
					cr_assert_eq(parse_op(op, n, last, &r), 0);
				}
				/* A two-byte UTF-8 sequence ("\xc3\xa9"): taken as it is. */
				if (at + 1 < n) {
					memset(op, 'a', n);
					op[at] = (char)0xc3;
					op[at + 1] = (char)0xa9;
					cr_assert_eq(parse_op(op, n, last, &r), 1);
					cr_assert_eq(r.op_len, n);
					cr_assert_eq(memcmp(r.op, op, n), 0);
					/* ... cut short by the closing quote. */
					op[at + 1] = 'a';
					cr_assert_eq(parse_op(op, n, last, &r), 0);
				}
			}
		}
	}
}

Test(fastpath, escapes_inside_context_strings_are_validated, .fini = drop)
{
	struct record r;

#define OPB BASE ",\"operation_type\":\"o\""
	cr_assert_eq(parse("{" OPB ",\"context\":{\"k\":\"a\\n\\\"\\\\\\/\\b\\f\\r\\t"
	    "\\u00e9\\ud83d\\ude00 long enough to use sixteen-byte blocks\"}}", &r), 1);
	cr_assert_eq(parse("{" OPB ",\"context\":\"\\x\"}", &r), 0);
	cr_assert_eq(parse("{" OPB ",\"context\":\"\\u0000\"}", &r), 0);
	cr_assert_eq(parse("{" OPB ",\"context\":\"\\ud83d\"}", &r), 0);
	cr_assert_eq(parse("{" OPB ",\"context\":\"\\ude00\"}", &r), 0);
	cr_assert_eq(parse("{" OPB ",\"context\":\"\\u12g4\"}", &r), 0);
	cr_assert_eq(parse("{" OPB ",\"context\":\"abc\\", &r), 0);
	cr_assert_eq(parse("{" OPB ",\"context\":\"0123456789abcdef0123456789", &r), 0);
}

Test(fastpath, control_bytes_in_long_context_strings_are_declined, .fini = drop)
{
	static const unsigned char bad[] = {0x00, 0x1f, 0x80};
	struct record r;
	const char *ctx;
	size_t ctx_len;
	char line[256];

	for (size_t b = 0; b < sizeof(bad); b++)
		for (int at = 0; at < 40; at++) {
			int n = snprintf(line, sizeof(line), "{" OPB ",\"context\":\"%s\"}",
			    "0123456789abcdef0123456789abcdef01234567");
			char *q = strstr(line, "0123");

			q[at] = (char)bad[b];
			cr_assert_eq(parse_n(line, (size_t)n, &r, &ctx, &ctx_len), 0);
		}
}

/* ---- numbers ------------------------------------------------------------------------- */

/* The duration as read and the text passed through (NULL when none). */
static void
check_dur(const char *text, double want, const char *want_text)
{
	struct record r;
	char line[256];

	snprintf(line, sizeof(line), "{\"timestamp\":\"2026-07-04T00:00:52.742Z\","
	    "\"operation_type\":\"o\",\"duration_ms\":%s}", text);
	cr_assert_eq(parse(line, &r), 1, "%s", text);
	cr_assert(same_double(r.duration_ms, want), "%s: %.17g", text, r.duration_ms);
	if (want_text == NULL)
		cr_assert_null(r.dur_text, "%s", text);
	else
		cr_assert(span_is(r.dur_text, r.dur_text_len, want_text), "%s", text);
}

Test(fastpath, durations_and_the_text_passed_through, .fini = drop)
{
	check_dur("5533.576", 5533.576, "5533.576");
	check_dur("0", 0, "0");
	check_dur("-0", 0, NULL);
	check_dur("-0.0", 0, NULL);
	check_dur("100", 100, "100");
	check_dur("5.50", 5.5, NULL);
	check_dur("5.0", 5, NULL);
	check_dur("0.5", 0.5, "0.5");
	check_dur("0.0001", 0.0001, "0.0001");
	check_dur("0.00012", 0.00012, "0.00012");
	check_dur("0.00001", 0.00001, NULL);
	check_dur("0.0", 0, NULL);
	check_dur("1e3", 1000, NULL);
	check_dur("1E-3", 0.001, NULL);
	check_dur("123456789012345", 123456789012345.0, "123456789012345");
	check_dur("1234567890123456", 1234567890123456.0, NULL);
	check_dur("12345678.9012345", 12345678.9012345, "12345678.9012345");
	check_dur("12345678.90123456", 12345678.90123456, NULL);
	check_dur("10.000000000001", 10.000000000001, "10.000000000001");
}

/* Numbers of every length (integer parts of 1 to 20 digits or "0", fractions of 0 to 22
 * digits, leading zeros after the point, exponents), last in the line or with bytes after
 * them (fp_digit_run reads eight at a time only while eight bytes remain): each accepted one
 * is strtod's double bit for bit, the integers of 19 digits or more are declined, and a
 * text passed through is what %.15g prints. */
Test(fastpath, numbers_of_every_length_are_strtod, .fini = drop)
{
	uint64_t st = 7;
	struct record r;
	char text[96], line[256], printed[64];

	for (int round = 0; round < 40000; round++) {
		uint64_t x = splitmix_next(&st), y = splitmix_next(&st);
		int ni = (int)(x % 21), nf = (int)((x >> 8) % 23), nz = (int)((x >> 16) % 6);
		bool exp = (x >> 24) % 5 == 0, tail = (x >> 28) % 2 == 0;
		size_t n = 0;
		double want;

		if (ni == 0)
			text[n++] = '0';
		for (int i = 0; i < ni; i++, y = y * 6364136223846793005u + 1442695040888963407u)
			text[n++] = (char)('0' + (i == 0 ? 1 + (y >> 33) % 9 : (y >> 33) % 10));
		if (nf > 0) {
			text[n++] = '.';
			for (int i = 0; i < nz && i < nf; i++)
				text[n++] = '0';
			for (int i = nz; i < nf; i++, y = y * 6364136223846793005u + 1442695040888963407u)
				text[n++] = (char)('0' + (y >> 33) % 10);
		}
		if (exp)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "e-%d", (int)(y >> 40) % 30);
		text[n] = '\0';
		snprintf(line, sizeof(line), "{\"timestamp\":\"2026-07-04T00:00:52.742Z\","
		    "\"operation_type\":\"o\",\"duration_ms\":%s%s}", text,
		    tail ? ",\"zzzzzzzzzzzzzzzz\":1" : "");
		want = strtod(text, NULL);
		if (nf == 0 && !exp && ni >= 19) {
			cr_assert_eq(parse(line, &r), 0, "%s", text);
			continue;
		}
		cr_assert_eq(parse(line, &r), 1, "%s", text);
		cr_assert(same_double(r.duration_ms, want), "%s: %.17g, want %.17g", text,
		    r.duration_ms, want);
		if (r.dur_text != NULL) {
			snprintf(printed, sizeof(printed), "%.15g", want);
			cr_assert(span_is(r.dur_text, r.dur_text_len, printed), "%s", text);
		}
	}
}

Test(fastpath, malformed_and_unsure_numbers_are_declined, .fini = drop)
{
	static const char *const bad[] = {"-1", "01", "1.", ".5", "1e", "1e+", "+1", "1.e3",
		"1234567890123456789", "1e99999", "1e400", "-", "0x10", "Infinity", "NaN", "1 2"};
	struct record r;
	char line[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(line, sizeof(line), "{\"timestamp\":\"2026-07-04T00:00:52.742Z\","
		    "\"operation_type\":\"o\",\"duration_ms\":%s}", bad[i]);
		cr_assert_eq(parse(line, &r), 0, "%s", bad[i]);
	}
}

/* ---- structure ----------------------------------------------------------------------- */

Test(fastpath, broken_structure_is_declined, .fini = drop)
{
	static const char *const bad[] = {
		"", "{", "{}", "[]", "{" OPB "", "{" OPB ",}", "{" OPB "}x", "{" OPB "}}",
		"{" OPB ",\"context\":{\"a\":1,}}", "{" OPB ",\"context\":[1,]}",
		"{" OPB ",\"context\":{\"a\" 1}}", "{" OPB ",\"context\":{1:1}}",
		"{" OPB ",\"context\":tru}", "{" OPB ",\"context\":nul}", "{" OPB ",\"x\":}",
		"{" OPB ",\"success\":1}", "{" OPB ",\"error\":1}", "{" OPB ",\"session_id\":[]}",
		"{" OPB " \"x\":1}", "{\"operation_type\":\"\"," BASE "}",
	};
	struct record r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(parse(bad[i], &r), 0, "%s", bad[i]);
}

Test(fastpath, success_and_error_derivation, .fini = drop)
{
	struct record r;

	cr_assert_eq(parse("{" OPB ",\"error\":\"boom\"}", &r), 1);
	cr_assert(!r.success && !r.success_given);
	cr_assert(span_is(r.error, r.error_len, "boom"));
	cr_assert_eq(parse("{" OPB ",\"error\":null}", &r), 1);
	cr_assert(r.success && !r.success_given);
	cr_assert_eq(parse("{" OPB ",\"error\":\"boom\",\"success\":true}", &r), 1);
	cr_assert(r.success && r.success_given);
	cr_assert_eq(parse("{" OPB ",\"success\":false}", &r), 1);
	cr_assert(!r.success && r.success_given);
	cr_assert_eq(parse("{" OPB ",\"success\":null,\"session_id\":null}", &r), 1);
	cr_assert(r.success && !r.success_given);
	cr_assert_null(r.session_id);
}

Test(fastpath, numbers_inside_the_context, .fini = drop)
{
	struct record r;

	cr_assert_eq(parse("{" OPB ",\"context\":{\"n\":123456789012345678}}", &r), 1);
	cr_assert_eq(parse("{" OPB ",\"context\":{\"n\":1234567890123456789}}", &r), 0);
	cr_assert_eq(parse("{" OPB ",\"context\":[-123456789012345678,0,-0,0.5,1e5,2E-3]}", &r),
	    1);
	cr_assert_eq(parse("{" OPB ",\"context\":[-1234567890123456789]}", &r), 0);
	cr_assert_eq(parse("{" OPB ",\"context\":{\"n\":01}}", &r), 0);
	cr_assert_eq(parse("{" OPB ",\"context\":{\"n\":1.}}", &r), 0);
	cr_assert_eq(parse("{" OPB ",\"context\":{\"n\":1e}}", &r), 0);
	cr_assert_eq(parse("{" OPB ",\"context\":{\"n\":1x}}", &r), 0);
	cr_assert_eq(parse("{" OPB ",\"context\":{\"n\":12", &r), 0);
}

/* fastpath_decimal_real(mant, e) against strtod of the text "mant" "e" e: 0 if the same
 * double (bit for bit) or declined, 1 (printed) if not. */
static int
decimal_real_differs(uint64_t mant, int e)
{
	char text[48];
	double want, got;

	if (fastpath_decimal_real(mant, e, &got) < 0)
		return 0;
	snprintf(text, sizeof(text), "%llue%d", (unsigned long long)mant, e);
	want = strtod(text, NULL);
	if (memcmp(&want, &got, sizeof(want)) == 0)
		return 0;
	fprintf(stderr, "%s: %.17g, strtod %.17g\n", text, got, want);
	return 1;
}

/* The exact division gives strtod's double: random 16-19 digit mantissas at every exponent
 * it takes, Caddy's 17-digit epoch seconds, the ends of its range, and exact ties (a
 * midpoint between two doubles, written with one or two decimals), which go to the even
 * neighbour. PR_DECIMAL_CHECKS sets the count of random rounds (default 100000). */
Test(fastpath, decimal_real_is_strtod)
{
	const char *env = getenv("PR_DECIMAL_CHECKS");
	long rounds = env != NULL ? atol(env) : 100000;
	uint64_t st = 7;
	double v;
	int bad = 0;

	cr_assert_eq(fastpath_decimal_real((UINT64_C(1) << 53) - 1, -3, &v), -1);
	cr_assert_eq(fastpath_decimal_real(UINT64_C(1) << 53, 0, &v), -1);
	cr_assert_eq(fastpath_decimal_real(UINT64_C(1) << 53, -22, &v), -1);
	cr_assert_eq(fastpath_decimal_real(UINT64_C(17673455113152785), -7, &v), 0);
	cr_assert(fabs(v - 1767345511.0 - 0.3152785) < 1.2e-7); /* half a unit in the last place */
	for (int e = -21; e <= -1; e++) {
		bad += decimal_real_differs(UINT64_C(1) << 53, e);
		bad += decimal_real_differs(UINT64_MAX, e);
		bad += decimal_real_differs(UINT64_C(9999999999999999999), e);
		bad += decimal_real_differs(UINT64_C(10000000000000000), e);
	}
	for (uint64_t k = 0; k < 2000; k++) {
		/* ties: 2^59 + 64 + 128k (a unit in the last place is 128), 2^56 + 4 + 8k (8) */
		bad += decimal_real_differs(10 * ((UINT64_C(1) << 59) + 64 + 128 * k), -1);
		bad += decimal_real_differs(100 * ((UINT64_C(1) << 56) + 4 + 8 * k), -2);
		bad += decimal_real_differs(10 * ((UINT64_C(1) << 59) + 64 + 128 * k) + 1, -1);
		bad += decimal_real_differs(10 * ((UINT64_C(1) << 59) + 64 + 128 * k) - 1, -1);
	}
	for (long r = 0; r < rounds && bad < 5; r++) {
		uint64_t x = splitmix_next(&st), y = splitmix_next(&st);
		int nd = 16 + (int)(y % 4);
		uint64_t lo = nd == 16 ? UINT64_C(1000000000000000) : nd == 17 ?
		    UINT64_C(10000000000000000) : nd == 18 ? UINT64_C(100000000000000000) :
		    UINT64_C(1000000000000000000);

		bad += decimal_real_differs(lo + x % (9 * lo), -1 - (int)((y >> 8) % 21));
		/* a Caddy ts: 10 digits of seconds, 7 decimals */
		bad += decimal_real_differs(UINT64_C(10000000000000000) + x % UINT64_C(10000000000000000), -7);
	}
	cr_assert_eq(bad, 0, "%d differences", bad);
}

/* pr_short_eq (common.h, the key compare of the scanner and the expressions) is memcmp's
 * verdict for every length to 40 and a difference at every place, in either direction. */
Test(fastpath, short_eq_is_memcmp)
{
	unsigned char a[48], b[48];

	for (size_t n = 0; n <= 40; n++) {
		for (size_t i = 0; i < n; i++)
			a[i] = b[i] = (unsigned char)('a' + (i * 7) % 26);
		cr_assert(pr_short_eq(a, b, n), "n %zu", n);
		for (size_t at = 0; at < n; at++) {
			b[at] ^= 0x20;
			cr_assert_not(pr_short_eq(a, b, n), "n %zu, at %zu", n, at);
			cr_assert_not(pr_short_eq(b, a, n), "n %zu, at %zu", n, at);
			b[at] ^= 0x20;
		}
	}
}

#include "expr.h"
#include "fieldmap.h"

/* fastpath_parse_indexed of an exact-size copy of line (in *copy, freed by the caller), with
 * the template scratch sc. */
static int
parse_indexed(const struct fieldmap *fm, const char *line, char **copy, struct record *r,
    struct expr_raw_member *top, size_t *n_top, struct fastpath_scratch *sc)
{
	size_t len = strlen(line);
	const char *cx, *ex;
	size_t cx_len, ex_len;

	*copy = malloc(len ? len : 1);
	cr_assert_not_null(*copy);
	memcpy(*copy, line, len);
	return fastpath_parse_indexed(*copy, len, fm, r, &cx, &cx_len, &ex, &ex_len, top, n_top,
	    sc);
}

/* One line read with the template of another (sc) and with none: the same answer, record
 * and top-level members (as offsets into each copy). */
static void
same_as_without_template(const struct fieldmap *fm, const char *tmpl, const char *line)
{
	struct expr_raw_member ta[FASTPATH_MAX_TOP], tb[FASTPATH_MAX_TOP];
	struct fastpath_scratch sc = {0}, fresh = {0};
	struct record ra, rb;
	size_t na = 0, nb = 0;
	char *ca, *cb, *ct;
	int a, b;

	parse_indexed(fm, tmpl, &ct, &ra, ta, &na, &sc);
	a = parse_indexed(fm, line, &ca, &ra, ta, &na, &sc);
	b = parse_indexed(fm, line, &cb, &rb, tb, &nb, &fresh);
	cr_assert_eq(a, b, "%s after %s: %d, without the template %d", line, tmpl, a, b);
	if (a != 0) {
		cr_assert_eq(na, nb, "%s after %s", line, tmpl);
		for (size_t i = 0; i < na; i++) {
			cr_assert(ta[i].key - ca == tb[i].key - cb && ta[i].klen == tb[i].klen &&
			    ta[i].val - ca == tb[i].val - cb && ta[i].kind == tb[i].kind,
			    "%s after %s: member %zu", line, tmpl, i);
			if (ta[i].kind != EXPR_RAW_ANY)
				cr_assert_eq(ta[i].vend - ca, tb[i].vend - cb, "%s: member %zu", line, i);
		}
	}
	if (a == 1)
		cr_assert(ra.ts_us == rb.ts_us && ra.op_len == rb.op_len &&
		    memcmp(ra.op, rb.op, ra.op_len) == 0 && same_double(ra.duration_ms, rb.duration_ms),
		    "%s after %s", line, tmpl);
	free(ct);
	free(ca);
	free(cb);
	free(sc.buf);
	free(fresh.buf);
}

/* The template of top-level keys compares a key of up to 16 bytes with its quotes and ':'
 * in one go (struct fastpath_scratch's words and masks) and longer ones, or ones near the
 * end of the line, byte by byte: for a duration key of every length from 1 to 20, first
 * and last in the line, with one other key before it or after it, a line whose key differs
 * from the template's in any byte (or is one byte shorter or longer, or has a space before
 * its ':') is read as without
 * the template, in either direction (the template's key mapped and the line's not, and the
 * reverse). */
Test(fastpath, key_template_compares_every_byte)
{
	char key[32], other[32], why[256], tmpl[256], line[256];
	static const char *const shapes[][2] = {
		/* the text before the duration member and after it: first, middle, last */
		{"{", ",\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"x\","
		    "\"pad\":\"v\"}"},
		{"{\"a\":1,\"timestamp\":\"2026-07-04T00:00:52.742Z\",",
		    ",\"operation_type\":\"x\",\"b\":\"v\"}"},
		{"{\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"x\",\"p\":\"v\",",
		    "}"},
	};

	for (size_t len = 1; len <= 20; len++) {
		struct fieldmap *fm = fm_new();

		for (size_t i = 0; i < len; i++)
			key[i] = (char)('c' + i % 20);
		key[len] = '\0';
		cr_assert_eq(fm_set_field(fm, FM_DURATION, key, why, sizeof(why)), 0, "%s", why);
		cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
		for (size_t s = 0; s < ARRAY_SIZE(shapes); s++)
			for (size_t at = 0; at <= len + 2; at++) {
				/* the key with its byte at changed; at len: one shorter; len + 1:
				 * one longer; len + 2: the same, a space before its ':' */
				const char *colon = at == len + 2 ? " :" : ":";

				memcpy(other, key, len + 1);
				if (at < len)
					other[at] = 'Z';
				else if (at == len)
					other[len - 1] = '\0';
				else if (at == len + 1)
					memcpy(other + len, "Z", 2);
				if (other[0] == '\0')
					memcpy(other, "Q", 2);
				snprintf(tmpl, sizeof(tmpl), "%s\"%s\":2%s", shapes[s][0], key,
				    shapes[s][1]);
				snprintf(line, sizeof(line), "%s\"%s\"%s2%s", shapes[s][0], other,
				    colon, shapes[s][1]);
				same_as_without_template(fm, tmpl, line);
				same_as_without_template(fm, line, tmpl);
				same_as_without_template(fm, tmpl, tmpl);
			}
		fm_free(fm);
	}
}

/* A template member whose key leads into an object of the field map (here "timing", for
 * timing.total) ends the template's run: the line's field inside it is still read, the
 * same with the template as without it, whether the object comes first, in the middle or
 * last, and whether the line then follows the template or leaves it. */
Test(fastpath, key_template_with_an_inner_object)
{
	static const char *const lines[] = {
		"{\"timing\":{\"total\":5,\"x\":1},\"timestamp\":\"2026-07-04T00:00:52.742Z\","
		    "\"operation_type\":\"a\",\"z\":0}",
		"{\"timing\":{\"total\":6,\"x\":1},\"timestamp\":\"2026-07-04T00:00:52.742Z\","
		    "\"operation_type\":\"b\",\"z\":0}",
		"{\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"timing\":{\"x\":2,\"total\":7},"
		    "\"operation_type\":\"c\"}",
		"{\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"timing\":{\"x\":2,\"total\":8},"
		    "\"operation_type\":\"d\"}",
		"{\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"e\",\"y\":[1],"
		    "\"timing\":{\"total\":9}}",
		"{\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"f\",\"y\":[2],"
		    "\"timing\":{\"total\":10}}",
		"{\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"g\",\"y\":[2],"
		    "\"timing\":{\"totalx\":10}}",
	};
	struct fieldmap *fm = fm_new();
	struct fastpath_scratch sc = {0};
	struct expr_raw_member top[FASTPATH_MAX_TOP];
	struct record r;
	char why[256], *copy;
	size_t n_top;

	cr_assert_eq(fm_set_field(fm, FM_DURATION, "timing.total", why, sizeof(why)), 0, "%s",
	    why);
	cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		for (size_t k = 0; k < ARRAY_SIZE(lines); k++)
			same_as_without_template(fm, lines[k], lines[i]);
		/* and after the line itself, as a log's next line with the same keys */
		cr_assert_eq(parse_indexed(fm, lines[i], &copy, &r, top, &n_top, &sc),
		    i + 1 < ARRAY_SIZE(lines) ? 1 : FASTPATH_INDEXED, "%s", lines[i]);
		free(copy);
		cr_assert_eq(parse_indexed(fm, lines[i], &copy, &r, top, &n_top, &sc),
		    i + 1 < ARRAY_SIZE(lines) ? 1 : FASTPATH_INDEXED, "%s", lines[i]);
		if (i + 1 < ARRAY_SIZE(lines))
			cr_assert(same_double(r.duration_ms, 5.0 + (double)i), "%s: %g", lines[i],
			    r.duration_ms);
		free(copy);
	}
	free(sc.buf);
	fm_free(fm);
}

/* The keys the field map does not have count toward FASTPATH_MAX_KEYS whether the
 * template's run took them or not, and its fields do not: after a line of 29 such keys and
 * the three fields, one with 3 more (32) is read, one with 4 more (33) declined, as without
 * the template. */
Test(fastpath, key_template_counts_the_other_keys)
{
	char tmpl[1024], more[1100], most[1100];
	struct fieldmap *fm = fm_new();
	size_t n = 0;

	cr_assert_eq(fm_finish(fm, tmpl, sizeof(tmpl)), 0, "%s", tmpl);
	n += (size_t)snprintf(tmpl + n, sizeof(tmpl) - n, "{\"timestamp\":\"2026-07-04T00:00:52.742Z\","
	    "\"operation_type\":\"x\",\"duration_ms\":1");
	for (int i = 0; i < 29; i++)
		n += (size_t)snprintf(tmpl + n, sizeof(tmpl) - n, ",\"k%02d\":%d", i, i);
	snprintf(more, sizeof(more), "%s,\"m0\":0,\"m1\":1,\"m2\":2}", tmpl);
	snprintf(most, sizeof(most), "%s,\"m0\":0,\"m1\":1,\"m2\":2,\"m3\":3}", tmpl);
	memcpy(tmpl + n, "}", 2);
	same_as_without_template(fm, tmpl, more);
	same_as_without_template(fm, tmpl, most);
	same_as_without_template(fm, more, most);
	{
		struct expr_raw_member top[FASTPATH_MAX_TOP];
		struct fastpath_scratch sc = {0};
		struct record r;
		size_t n_top;
		char *copy;

		cr_assert_eq(parse_indexed(fm, more, &copy, &r, top, &n_top, &sc), 1);
		free(copy);
		cr_assert_eq(parse_indexed(fm, most, &copy, &r, top, &n_top, &sc), 0);
		free(copy);
		free(sc.buf);
	}
	fm_free(fm);
}

/* White space after a ',' (", " as Python's json.dumps writes) before a template's key, or
 * before a key where the line leaves the template, or at the end of the template's keys:
 * read as without the template, in both directions, and accepted. */
Test(fastpath, key_template_white_space_after_commas)
{
	static const char *const lines[] = {
		"{\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"x\","
		    "\"duration_ms\":1,\"a\":\"v\"}",
		"{\"timestamp\": \"2026-07-04T00:00:52.742Z\", \"operation_type\": \"x\", "
		    "\"duration_ms\": 1, \"a\": \"v\"}",
		"{\"timestamp\":\"2026-07-04T00:00:52.742Z\",\t\"operation_type\":\"x\",\n"
		    "\"duration_ms\":1,  \"b\":\"v\"}",
		"{\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"x\","
		    "\"duration_ms\":1, \"a\":\"v\", \"c\":2}",
		"{\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"x\","
		    "\"duration_ms\":1 , \"a\":\"v\" }",
	};
	struct fieldmap *fm = fm_new();
	char why[256];

	cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		for (size_t k = 0; k < ARRAY_SIZE(lines); k++) {
			struct expr_raw_member top[FASTPATH_MAX_TOP];
			struct fastpath_scratch sc = {0};
			struct record r;
			size_t n_top;
			char *copy;

			same_as_without_template(fm, lines[k], lines[i]);
			parse_indexed(fm, lines[k], &copy, &r, top, &n_top, &sc);
			free(copy);
			cr_assert_eq(parse_indexed(fm, lines[i], &copy, &r, top, &n_top, &sc), 1,
			    "%s after %s", lines[i], lines[k]);
			free(copy);
			free(sc.buf);
		}
	fm_free(fm);
}

/* Durations below one ("0." then zeros then digits: Caddy's seconds), read by
 * fp_duration_below_one or declined to fp_number: each is strtod's double bit for bit, and
 * its text is passed through exactly when it is what %.15g prints (at most 15 significant
 * digits, the last not zero, at most three zeros after the point), with 0 to 24 zeros after
 * the point, 1 to 18 digits after them, an exponent or not, last in the line or not. */
Test(fastpath, durations_below_one_are_strtod, .fini = drop)
{
	uint64_t st = 11;
	struct record r;
	char text[96], line[256], printed[64];

	for (int round = 0; round < 40000; round++) {
		uint64_t x = splitmix_next(&st), y = splitmix_next(&st);
		int nz = (int)(x % 25), nd = 1 + (int)((x >> 8) % 18);
		bool exp = (x >> 16) % 7 == 0, tail = (x >> 20) % 2 == 0;
		size_t n = 0;
		double want;

		text[n++] = '0';
		text[n++] = '.';
		for (int i = 0; i < nz; i++)
			text[n++] = '0';
		for (int i = 0; i < nd; i++, y >>= 3)
			text[n++] = (char)('0' + (i == 0 ? 1 + y % 9 : (i == nd - 1 && (x >> 24) % 3 == 0) ?
			    0 : y % 10));
		if (exp)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "e%d", (int)(x >> 32) % 5);
		text[n] = '\0';
		snprintf(line, sizeof(line), "{\"timestamp\":\"2026-07-04T00:00:52.742Z\","
		    "\"operation_type\":\"o\",\"duration_ms\":%s%s}", text,
		    tail ? ",\"zzzzzzzzzzzzzzzz\":1" : "");
		want = strtod(text, NULL);
		snprintf(printed, sizeof(printed), "%.15g", want);
		cr_assert_eq(parse(line, &r), 1, "%s", text);
		cr_assert(same_double(r.duration_ms, want), "%s: %.17g, want %.17g", text,
		    r.duration_ms, want);
		if (strcmp(printed, text) == 0)
			cr_assert(span_is(r.dur_text, r.dur_text_len, text), "%s not passed", text);
		else
			cr_assert_null(r.dur_text, "%s passed through, %%.15g %s", text, printed);
	}
}

/* ---- top-level objects noted for expression paths (EXPR_RAW_OBJ) ------------------- */

#include <jansson.h>
#include "expr.h"
#include "fieldmap.h"

/* The member of top[0..n) whose key is the C string key (asserted present). */
static const struct expr_raw_member *
top_member(const struct expr_raw_member *top, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (span_is(top[i].key, top[i].klen, key))
			return &top[i];
	cr_assert_fail("no top-level member %s", key);
	return NULL;
}

/* Each of exprs over the line in buf (indexed in top[0..n_top)) as expr_eval_raw gives it
 * and as expr_eval gives it over jansson's parse: the same kind and text (a raw decline
 * is allowed only for the expressions marked with a leading '!', which name a string with
 * an escape). */
static void
same_as_jansson(const char *const *exprs, size_t n, const struct expr_raw_member *top,
    size_t n_top)
{
	json_t *root = json_loadb(buf, strlen(buf), 0, NULL);
	struct expr_ctx ctx = {0}, jctx = {0};
	char why[200];

	cr_assert_not_null(root);
	ctx.top = top;
	ctx.n_top = n_top;
	for (size_t i = 0; i < n; i++) {
		bool may_decline = exprs[i][0] == '!';
		const char *src = exprs[i] + may_decline;
		struct expr *e = expr_compile(src, why, sizeof(why));
		struct expr_val a, b;
		const char *ta, *tb;
		size_t la, lb;

		cr_assert_not_null(e, "%s: %s", src, why);
		expr_eval(e, root, &jctx, &b);
		if (expr_eval_raw(e, buf, strlen(buf), &ctx, &a) < 0) {
			cr_assert(may_decline, "%s declined", src);
			expr_free(e);
			continue;
		}
		cr_assert_eq(a.kind, b.kind, "%s: kind %d, jansson %d", src, a.kind, b.kind);
		ta = expr_text(&a, &ctx, &la);
		tb = expr_text(&b, &jctx, &lb);
		cr_assert((ta == NULL && tb == NULL) || (ta != NULL && tb != NULL && la == lb &&
		    memcmp(ta, tb, la) == 0), "%s: '%.*s' '%.*s'", src, ta ? (int)la : 0,
		    ta ? ta : "", tb ? (int)lb : 0, tb ? tb : "");
		expr_free(e);
	}
	expr_ctx_free(&ctx);
	expr_ctx_free(&jctx);
	json_decref(root);
}

/* fastpath_parse_indexed on a NUL-terminated exact-size copy of line, with scratch. */
static int
parse_line_indexed(const char *line, const struct fieldmap *fm, struct expr_raw_member *top,
    size_t *n_top, struct fastpath_scratch *sc)
{
	size_t len = strlen(line);
	struct record r;
	const char *cx, *ex;
	size_t cx_len, ex_len;

	free(buf);
	buf = malloc(len + 1);
	cr_assert_not_null(buf);
	memcpy(buf, line, len + 1);
	return fastpath_parse_indexed(buf, len, fm, &r, &cx, &cx_len, &ex, &ex_len, top, n_top,
	    sc);
}

/* A top-level object that an expression's path goes into has its members noted (plain
 * strings and plain integers with their kind, the rest EXPR_RAW_ANY); one no path goes
 * into is not; paths through the noted members give jansson's values. */
Test(fastpath, nested_object_members_noted_for_paths, .fini = drop)
{
	static const struct {
		const char *key;
		enum expr_raw_kind kind;
		const char *text;
	} want[] = {
		{"method", EXPR_RAW_STR, "\"GET\""}, {"uri", EXPR_RAW_STR, "\"/a?b=1\""},
		{"n", EXPR_RAW_INT, "7"}, {"neg", EXPR_RAW_ANY, NULL}, {"h", EXPR_RAW_ANY, NULL},
		{"e", EXPR_RAW_ANY, NULL}, {"u", EXPR_RAW_ANY, NULL}, {"r", EXPR_RAW_ANY, NULL},
		{"es", EXPR_RAW_STR, "\"\""},
	};
	static const char *const exprs[] = {"request.method + \" \" + path(request.uri)",
	    "request.n + 1", "request.neg", "request.h.A.0", "!request.h.A", "request.missing",
	    "request.n.x", "!request.e", "!request.u", "request.r", "request.es + request.method",
	    "other.method", "empty.x", "!request", "request.h.B.1"};
	const char *line = "{\"timestamp\":\"2026-01-02T09:18:31.315Z\",\"duration_ms\":1,"
	    "\"request\":{ \"method\" : \"GET\",\"uri\":\"/a?b=1\",\"n\":7,\"neg\":-1,"
	    "\"h\":{\"A\":[\"x\"],\"B\":[1,2]},\"e\":\"a\\nb\",\"u\":\"\xc3\xa9\",\"r\":2.5,"
	    "\"es\":\"\"},\"other\":{\"method\":\"PUT\"},\"empty\":{}}";
	static struct fastpath_scratch sc;
	struct expr_raw_member top[FASTPATH_MAX_TOP];
	const struct expr_raw_member *req;
	struct fieldmap *fm = fm_new();
	char why[200];
	size_t n_top;

	cr_assert_eq(fm_set_field(fm, FM_OPERATION, exprs[0], why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(fm_add_where(fm, "request.n > 0 || empty.x == 1", why, sizeof(why)), 0,
	    "%s", why);
	cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
	for (int round = 0; round < 2; round++) { /* the second with the scratch's template */
		cr_assert_eq(parse_line_indexed(line, fm, top, &n_top, &sc), 1);
		req = top_member(top, n_top, "request");
		cr_assert_eq(req->kind, EXPR_RAW_OBJ);
		cr_assert_eq(req->val[0], '{');
		cr_assert_eq(req->vend[-1], '}');
		cr_assert_eq(req->vend[0], ',');
		cr_assert_eq(req->n_sub, ARRAY_SIZE(want));
		for (size_t i = 0; i < req->n_sub; i++) {
			const struct expr_raw_member *m = &req->sub[i];

			cr_assert(span_is(m->key, m->klen, want[i].key), "member %zu", i);
			cr_assert_eq(m->kind, want[i].kind, "%s", want[i].key);
			if (want[i].text != NULL)
				cr_assert(span_is(m->val, (size_t)(m->vend - m->val), want[i].text),
				    "%s", want[i].key);
		}
		cr_assert_eq(top_member(top, n_top, "other")->kind, EXPR_RAW_ANY);
		cr_assert_eq(top_member(top, n_top, "empty")->kind, EXPR_RAW_OBJ);
		cr_assert_eq(top_member(top, n_top, "empty")->n_sub, 0);
		same_as_jansson(exprs, ARRAY_SIZE(exprs), top, n_top);
	}
	/* duplicate keys and broken values inside are still declined */
	cr_assert_eq(parse_line_indexed("{\"timestamp\":\"2026-01-02T09:18:31.315Z\",\"duration_ms\":1,"
	    "\"request\":{\"method\":\"GET\",\"method\":\"PUT\"}}", fm, top, &n_top, &sc), 0);
	cr_assert_eq(parse_line_indexed("{\"timestamp\":\"2026-01-02T09:18:31.315Z\",\"duration_ms\":1,"
	    "\"request\":{\"method\":\"GET\",\"n\":01}}", fm, top, &n_top, &sc), 0);
	cr_assert_eq(parse_line_indexed("{\"timestamp\":\"2026-01-02T09:18:31.315Z\",\"duration_ms\":1,"
	    "\"request\":{\"method\":\"GET\"", fm, top, &n_top, &sc), 0);
	fm_free(fm);
}

/* The objects' members share FASTPATH_MAX_SUB places a line: an object that no longer
 * fits is left EXPR_RAW_ANY (its paths scan the text) and the values stay jansson's. */
Test(fastpath, nested_objects_beyond_the_room, .fini = drop)
{
	static const char *const exprs[] = {"a.k0 + a.k29", "b.k0 + b.k29", "c.k0 + c.k29",
	    "c.k30", "a.k30"};
	static struct fastpath_scratch sc;
	struct expr_raw_member top[FASTPATH_MAX_TOP];
	struct fieldmap *fm = fm_new();
	char line[4096], why[200];
	size_t n_top, at;

	_Static_assert(FASTPATH_MAX_SUB >= 30 && FASTPATH_MAX_SUB < 60, "the line's sizes");
	for (size_t i = 0; i < ARRAY_SIZE(exprs); i++)
		cr_assert_eq(fm_add_where(fm, exprs[i], why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
	at = (size_t)snprintf(line, sizeof(line), "{\"timestamp\":\"2026-01-02T09:18:31.315Z\","
	    "\"operation_type\":\"x\",\"duration_ms\":1");
	for (char o = 'a'; o <= 'c'; o++) {
		at += (size_t)snprintf(line + at, sizeof(line) - at, ",\"%c\":{", o);
		for (int k = 0; k < 30; k++)
			at += (size_t)snprintf(line + at, sizeof(line) - at, "%s\"k%d\":\"%c%d\"",
			    k ? "," : "", k, o, k);
		at += (size_t)snprintf(line + at, sizeof(line) - at, "}");
	}
	snprintf(line + at, sizeof(line) - at, "}");
	cr_assert_eq(parse_line_indexed(line, fm, top, &n_top, &sc), 1);
	cr_assert_eq(top_member(top, n_top, "a")->kind, EXPR_RAW_OBJ);
	cr_assert_eq(top_member(top, n_top, "a")->n_sub, 30);
	cr_assert_eq(top_member(top, n_top, "b")->kind, EXPR_RAW_ANY);
	cr_assert_eq(top_member(top, n_top, "c")->kind, EXPR_RAW_ANY);
	same_as_jansson(exprs, ARRAY_SIZE(exprs), top, n_top);
	fm_free(fm);
}

/* Line i of a table: the required members then objs, in line (size bytes), read by
 * parse_line_indexed with sc into top and *n_top, whose answer must be want, and by jansson,
 * which must accept it exactly when want is 1. */
static void
objs_line(char *line, size_t size, const char *objs, int want, size_t i,
    const struct fieldmap *fm, struct expr_raw_member *top, size_t *n_top,
    struct fastpath_scratch *sc)
{
	json_t *root;

	snprintf(line, size, "{\"timestamp\":\"2026-01-02T09:18:31.315Z\","
	    "\"operation_type\":\"x\",\"duration_ms\":1,%s}", objs);
	cr_assert_eq(parse_line_indexed(line, fm, top, n_top, sc), want, "line %zu", i);
	root = json_loads(line, JSON_REJECT_DUPLICATES, NULL);
	cr_assert_eq(root != NULL, want == 1, "line %zu: jansson", i);
	json_decref(root);
}

/* The template of the noted objects' keys (struct fastpath_scratch's nk_*): lines that
 * follow it, leave it, repeat one of its keys, move a key from one object to the next, or
 * space a key from its ':' are each read as fp_scan_object reads them, one scratch for all
 * of them in turn. */
Test(fastpath, nested_object_key_template, .fini = drop)
{
	static const struct {
		const char *objs; /* the members after the required ones */
		int want;         /* fastpath_parse_indexed's answer */
		size_t n_a;       /* members noted of a, when accepted */
	} lines[] = {
		{"\"a\":{\"x\":1,\"y\":2},\"b\":{\"x\":3}", 1, 2},
		{"\"a\":{\"x\":1,\"y\":2},\"b\":{\"x\":3}", 1, 2},
		{"\"a\":{\"x\":1,\"y\":2,\"x\":3},\"b\":{}", 0, 0},     /* b's x is no longer a's */
		{"\"a\":{\"x\":1,\"y\":2},\"b\":{\"x\":3}", 1, 2},
		{"\"a\":{\"x\":1,\"x\":2},\"b\":{\"x\":3}", 0, 0},      /* template key repeated */
		{"\"a\":{\"y\":1,\"x\":2},\"b\":{\"x\":3,\"y\":4}", 1, 2},
		{"\"a\":{\"y\" :1,\"x\":2,\"z\":\"s\"},\"b\":{\"y\":3}", 1, 3},
		{"\"a\":{\"y\":1,\"x\":2,\"z\":\"s\"},\"b\":{\"y\":3,\"y\":5}", 0, 0},
		{"\"a\":{\"y\":1,\"x\":2,\"z\":\"s\"},\"b\":{\"y\":3}", 1, 3},
		{"\"a\":{\"y\":1,\"x\":2,\"z\":\"s\",\"y\":0},\"b\":{\"y\":3}", 0, 0},
		{"\"a\":{\"y\":1,\"x\":2,\"z\":\"s\\\"\"},\"b\":{\"y\":3}", 1, 3},
	};
	static const char *const exprs[] = {"a.x", "a.y", "!a.z", "b.x", "b.y", "a.x + b.x"};
	static struct fastpath_scratch sc;
	struct expr_raw_member top[FASTPATH_MAX_TOP];
	struct fieldmap *fm = fm_new();
	char line[512], why[200];
	size_t n_top;

	for (size_t i = 0; i < ARRAY_SIZE(exprs); i++)
		cr_assert_eq(fm_add_where(fm, exprs[i], why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		const struct expr_raw_member *a;

		objs_line(line, sizeof(line), lines[i].objs, lines[i].want, i, fm, top, &n_top, &sc);
		if (lines[i].want == 0)
			continue;
		a = top_member(top, n_top, "a");
		cr_assert_eq(a->kind, EXPR_RAW_OBJ, "line %zu", i);
		cr_assert_eq(a->n_sub, lines[i].n_a, "line %zu", i);
		cr_assert_eq(top_member(top, n_top, "b")->kind, EXPR_RAW_OBJ, "line %zu", i);
		same_as_jansson(exprs, ARRAY_SIZE(exprs), top, n_top);
	}
	fm_free(fm);
}

/* Paths into a noted object, compiled once and evaluated line after line with one context
 * (whose guesses of where a key was last are then used and must be checked), give
 * jansson's values while the objects' keys change places, go missing or come back. */
Test(fastpath, nested_paths_over_lines_of_changing_order, .fini = drop)
{
	static const char *const objs[] = {
		"\"q\":{\"m\":\"GET\",\"u\":\"/a\",\"s\":1}",
		"\"q\":{\"m\":\"PUT\",\"u\":\"/b\",\"s\":2}",
		"\"q\":{\"u\":\"/c\",\"m\":\"POST\",\"s\":3}",
		"\"q\":{\"u\":\"/d\",\"s\":4}",
		"\"q\":{\"s\":5,\"mm\":\"x\",\"m\":\"HEAD\"}",
		"\"q\":{\"m\":\"GET\",\"u\":\"/e\",\"s\":6}",
		"\"q\":{}",
		"\"q\":{\"uu\":\"/f\",\"u\":\"/g\",\"m\":7}",
	};
	static const char *const srcs[] = {"q.m + \" \" + q.u", "q.s + 1", "q.m", "q.u"};
	static struct fastpath_scratch sc;
	struct expr_raw_member top[FASTPATH_MAX_TOP];
	struct expr *e[ARRAY_SIZE(srcs)];
	struct expr_ctx ctx = {0}, jctx = {0};
	struct fieldmap *fm = fm_new();
	char line[512], why[200];
	size_t n_top;

	for (size_t i = 0; i < ARRAY_SIZE(srcs); i++) {
		cr_assert_eq(fm_add_where(fm, srcs[i], why, sizeof(why)), 0, "%s", why);
		cr_assert_not_null(e[i] = expr_compile(srcs[i], why, sizeof(why)), "%s", why);
	}
	cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
	for (size_t l = 0; l < ARRAY_SIZE(objs); l++) {
		json_t *root;

		snprintf(line, sizeof(line), "{\"timestamp\":\"2026-01-02T09:18:31.315Z\","
		    "\"operation_type\":\"x\",\"duration_ms\":1,%s}", objs[l]);
		cr_assert_eq(parse_line_indexed(line, fm, top, &n_top, &sc), 1, "line %zu", l);
		cr_assert_eq(top_member(top, n_top, "q")->kind, EXPR_RAW_OBJ, "line %zu", l);
		root = json_loads(buf, 0, NULL);
		cr_assert_not_null(root);
		ctx.top = top;
		ctx.n_top = n_top;
		for (size_t i = 0; i < ARRAY_SIZE(srcs); i++) {
			struct expr_val a, b;
			const char *ta, *tb;
			size_t la, lb;

			expr_ctx_reset(&ctx);
			expr_ctx_reset(&jctx);
			cr_assert_eq(expr_eval_raw(e[i], buf, strlen(buf), &ctx, &a), 0, "%s", srcs[i]);
			expr_eval(e[i], root, &jctx, &b);
			cr_assert_eq(a.kind, b.kind, "line %zu, %s", l, srcs[i]);
			ta = expr_text(&a, &ctx, &la);
			tb = expr_text(&b, &jctx, &lb);
			cr_assert((ta == NULL && tb == NULL) || (ta != NULL && tb != NULL &&
			    la == lb && memcmp(ta, tb, la) == 0), "line %zu, %s: '%.*s' '%.*s'", l,
			    srcs[i], ta ? (int)la : 0, ta ? ta : "", tb ? (int)lb : 0, tb ? tb : "");
		}
		json_decref(root);
	}
	for (size_t i = 0; i < ARRAY_SIZE(srcs); i++)
		expr_free(e[i]);
	expr_ctx_free(&ctx);
	expr_ctx_free(&jctx);
	fm_free(fm);
}

/* Objects inside top-level members nobody maps (fp_scan_headers, and fp_top_object for a
 * noted one): header-like values are accepted exactly when jansson loads the line, with
 * and without a path into the object. */
Test(fastpath, nested_header_values_validated, .fini = drop)
{
	static const char *const vals[] = {
		"[\"curl/7.88.1\"]", "[\"a\",\"b\"]", "[\"\"]", "[]", "[ \"a\" ]", "[\"a\"",
		"[\"a\\\"\"]", "[\"a\\q\"]", "[\"\xc3\xa9\"]", "[\"\xc3\"]", "[\"a\x01\"]",
		"[\"a\"]]", "[\"a\",]", "[\"a\"}", "[1]", "[01]", "{\"x\":[\"y\"]}",
		"{\"x\":[\"y\"],\"x\":[\"z\"]}", "[\"a\"] ", "\"s\"", "[[\"a\"]]", "[\"a\" ,\"b\"]",
	};
	static const char *const wheres[] = {"logger == \"x\"", "r.u == \"x\""};
	static const char *const shapes[][2] = { /* what comes before and after the value */
		{"\"h\":{\"A\":", ",\"B\":[\"c\"]}"}, {"\"r\":{\"u\":\"x\",\"h\":{\"A\":", "}}"},
		{"\"r\":{\"h\":{\"B\":[\"c\"],\"A\":", "}}"},
	};
	static struct fastpath_scratch sc;
	struct expr_raw_member top[FASTPATH_MAX_TOP];
	char line[512], why[200];
	size_t n_top;

	for (size_t w = 0; w < ARRAY_SIZE(wheres); w++) {
		struct fieldmap *fm = fm_new();

		cr_assert_eq(fm_add_where(fm, wheres[w], why, sizeof(why)), 0, "%s", why);
		cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
		for (size_t i = 0; i < ARRAY_SIZE(vals); i++)
			for (int shape = 0; shape < 3; shape++) {
				json_t *root;
				int got;

				snprintf(line, sizeof(line), "{\"timestamp\":\"2026-01-02T09:18:31.315Z\","
				    "\"operation_type\":\"x\",\"duration_ms\":1,%s%s%s}", shapes[shape][0],
				    vals[i], shapes[shape][1]);
				got = parse_line_indexed(line, fm, top, &n_top, &sc);
				root = json_loads(line, JSON_REJECT_DUPLICATES, NULL);
				cr_assert_eq(got == 1, root != NULL, "%s: fast path %d", line, got);
				json_decref(root);
			}
		fm_free(fm);
	}
}

/* A noted object of FASTPATH_MAX_KEYS members, taken from the template, and then one more
 * member: declined as fp_scan_object declines it, and the template still serves. */
Test(fastpath, nested_object_key_limit_with_template, .fini = drop)
{
	static struct fastpath_scratch sc;
	struct expr_raw_member top[FASTPATH_MAX_TOP];
	struct fieldmap *fm = fm_new();
	char line[2048], why[200];
	size_t n_top;

	cr_assert_eq(fm_add_where(fm, "a.k0 == \"v\"", why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
	for (int round = 0; round < 4; round++) {
		int keys = FASTPATH_MAX_KEYS + (round == 2);
		size_t at = (size_t)snprintf(line, sizeof(line), "{\"timestamp\":"
		    "\"2026-01-02T09:18:31.315Z\",\"operation_type\":\"x\",\"duration_ms\":1,\"a\":{");

		for (int k = 0; k < keys; k++)
			at += (size_t)snprintf(line + at, sizeof(line) - at, "%s\"k%d\":\"v\"",
			    k ? "," : "", k);
		snprintf(line + at, sizeof(line) - at, "}}");
		cr_assert_eq(parse_line_indexed(line, fm, top, &n_top, &sc), round == 2 ? 0 : 1,
		    "round %d", round);
		if (round != 2) {
			cr_assert_eq(top_member(top, n_top, "a")->kind, EXPR_RAW_OBJ);
			cr_assert_eq(top_member(top, n_top, "a")->n_sub, FASTPATH_MAX_KEYS);
		}
	}
	fm_free(fm);
}

/* The text of the objects inside members nobody maps, kept from line to line
 * (fastpath_scratch's vc_*): the same object again, at another depth, with more after the
 * same first bytes, cut short, or with a duplicate key after them is each accepted exactly
 * when jansson loads the line, one scratch for them all in turn. */
Test(fastpath, nested_object_text_kept, .fini = drop)
{
	static const struct {
		const char *objs;
		int want;
	} lines[] = {
		{"\"h\":{\"A\":[\"x\"]},\"r\":{\"u\":\"/\",\"g\":{\"A\":[\"x\"]}}", 1},
		{"\"h\":{\"A\":[\"x\"]},\"r\":{\"u\":\"/\",\"g\":{\"A\":[\"x\"]}}", 1},
		{"\"h\":{\"A\":[\"x\"],\"A\":[\"y\"]},\"r\":{\"u\":\"/\"}", 0},
		{"\"h\":{\"A\":[\"x\"]},\"r\":{\"u\":\"/\"}", 1},
		{"\"r\":{\"u\":\"/\",\"g\":{\"A\":[\"x\"]}},\"h\":{\"A\":[\"x\"]}", 1},
		{"\"r\":{\"u\":\"/\",\"g\":{\"A\":[\"x\"]}},\"h\":{\"A\":[\"x\"]}", 1},
		{"\"h\":{\"A\":[\"x\"]}}", 0}, /* one brace too many */
		{"\"h\":{\"A\":[\"x\"]},\"k\":{\"A\":[\"x\"]},\"l\":{},\"m\":{},\"n\":{\"A\":[\"x\"]}", 1},
		{"\"h\":{\"A\":[\"x\"]},\"k\":{\"A\":[\"x\"]},\"l\":{},\"m\":{},\"n\":{\"A\":[\"x\"]}", 1},
		{"\"h\":{\"A\":[\"x\"]},\"k\":{\"A\":[\"x\"]},\"l\":{},\"m\":{},\"n\":{\"A\":[\"x\",}", 0},
	};
	static struct fastpath_scratch sc;
	struct expr_raw_member top[FASTPATH_MAX_TOP];
	struct fieldmap *fm = fm_new();
	char line[512], why[200];
	size_t n_top;

	cr_assert_eq(fm_add_where(fm, "r.u == \"/\"", why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		objs_line(line, sizeof(line), lines[i].objs, lines[i].want, i, fm, top, &n_top, &sc);
	/* text kept at depth 2 that reaches FASTPATH_MAX_DEPTH is too deep one level down */
	{
		char deep[256];
		size_t at = 0;

		for (int d = 3; d <= FASTPATH_MAX_DEPTH; d++)
			at += (size_t)snprintf(deep + at, sizeof(deep) - at, "{\"d\":");
		at += (size_t)snprintf(deep + at, sizeof(deep) - at, "1");
		for (int d = 3; d <= FASTPATH_MAX_DEPTH; d++)
			at += (size_t)snprintf(deep + at, sizeof(deep) - at, "}");
		for (int round = 0; round < 2; round++) {
			snprintf(line, sizeof(line), "{\"timestamp\":\"2026-01-02T09:18:31.315Z\","
			    "\"operation_type\":\"x\",\"duration_ms\":1,\"h\":{\"A\":%s}}", deep);
			cr_assert_eq(parse_line_indexed(line, fm, top, &n_top, &sc), 1, "round %d", round);
			snprintf(line, sizeof(line), "{\"timestamp\":\"2026-01-02T09:18:31.315Z\","
			    "\"operation_type\":\"x\",\"duration_ms\":1,\"r\":{\"u\":\"/\",\"g\":{\"A\":%s}}}",
			    deep);
			cr_assert_eq(parse_line_indexed(line, fm, top, &n_top, &sc), 0, "round %d", round);
		}
	}
	/* a line cut inside the kept text (its copy ends there: ASan sees a read past it) */
	snprintf(line, sizeof(line), "{\"timestamp\":\"2026-01-02T09:18:31.315Z\","
	    "\"operation_type\":\"x\",\"duration_ms\":1,\"h\":{\"A\":[\"x\"]}}");
	cr_assert_eq(parse_line_indexed(line, fm, top, &n_top, &sc), 1);
	line[strlen(line) - 3] = '\0';
	cr_assert_eq(parse_line_indexed(line, fm, top, &n_top, &sc), 0);
	fm_free(fm);
}

/* A line declined by a member's value (here a string duration, which the fast path hands to
 * jansson) keeps the keys it had noted up to that member in the template, so the next line
 * of the same keys runs over them (nginx's "request_time":"0.000" lines no longer note
 * their keys again each time): the count covers the declined member's key, and lines read
 * after such a template, following it, leaving it, repeating one of its keys or with a
 * malformed key in its place, are read as without it. */
Test(fastpath, key_template_kept_from_a_declined_line)
{
	static const char *const declined[] = {
		"{\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"x\","
		    "\"duration_ms\":\"1\",\"a\":\"v\"}",
		"{\"a\":1,\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"x\","
		    "\"duration_ms\":\"0.5\"}",
		"{\"a\":1,\"b\":2,\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"x\","
		    "\"duration_ms\":\"0.5\",\"c\":[1]}",
	};
	static const char *const lines[] = {
		"{\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"x\","
		    "\"duration_ms\":1,\"a\":\"v\"}",
		"{\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"x\","
		    "\"duration_ms\":1,\"timestamp\":\"v\"}",
		"{\"a\":1,\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"x\","
		    "\"duration_ms\":2,\"a\":3}",
		"{\"a\":1,\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"x\","
		    "\"duration_ms\":2,\"b\":3}",
		"{\"a\":1,\"b\":2,\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"y\","
		    "\"duration_ms\":3,\"c\":[1]}",
		"{\"a\":1,\"b\":2,\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"y\","
		    "\"duration_ms\":3,\"c\":[1],\"b\":0}",
		"{\"a\":1,\"b\":2,\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\":\"y\","
		    "\"duration_ms\":3,\"c\\q\":[1]}",
		"{\"a\":1,\"b\":2,\"timestamp\":\"2026-07-04T00:00:52.742Z\",\"operation_type\" :\"y\","
		    "\"duration_ms\":3}",
	};
	static const size_t kept[] = {3, 4, 5}; /* the keys up to the declined member's */
	struct fieldmap *fm = fm_new();
	char why[256];

	cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
	for (size_t d = 0; d < ARRAY_SIZE(declined); d++) {
		struct expr_raw_member top[FASTPATH_MAX_TOP];
		struct fastpath_scratch sc = {0};
		struct record r;
		size_t n_top;
		char *copy;

		cr_assert_eq(parse_indexed(fm, declined[d], &copy, &r, top, &n_top, &sc), 0, "%s",
		    declined[d]);
		free(copy);
		cr_assert_eq(sc.tk_n, kept[d], "%s: %zu keys kept", declined[d], sc.tk_n);
		/* again: the template stays as it was */
		cr_assert_eq(parse_indexed(fm, declined[d], &copy, &r, top, &n_top, &sc), 0);
		free(copy);
		cr_assert_eq(sc.tk_n, kept[d], "%s again: %zu keys kept", declined[d], sc.tk_n);
		free(sc.buf);
		for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
			same_as_without_template(fm, declined[d], lines[i]);
	}
	fm_free(fm);
}

/* The top-level keys whose objects are noted are those of the fieldmap of the call: a
 * scratch used with one fieldmap and then another notes the second's objects, not the
 * first's (fp_sub_wanted makes its keys again when the fieldmap changes). */
Test(fastpath, nested_objects_noted_for_each_fieldmap, .fini = drop)
{
	static const char *const exprs_a[] = {"a.m"}, *const exprs_b[] = {"b.m"};
	static struct fastpath_scratch sc;
	struct expr_raw_member top[FASTPATH_MAX_TOP];
	struct fieldmap *fa = fm_new(), *fb = fm_new();
	const char *line = "{\"timestamp\":\"2026-01-02T09:18:31.315Z\",\"operation_type\":\"x\","
	    "\"duration_ms\":1,\"a\":{\"m\":\"GET\"},\"b\":{\"m\":\"PUT\"}}";
	char why[200];
	size_t n_top;

	cr_assert_eq(fm_add_where(fa, exprs_a[0], why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(fm_finish(fa, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(fm_add_where(fb, exprs_b[0], why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(fm_finish(fb, why, sizeof(why)), 0, "%s", why);
	for (int round = 0; round < 2; round++) {
		cr_assert_eq(parse_line_indexed(line, fa, top, &n_top, &sc), 1);
		cr_assert_eq(top_member(top, n_top, "a")->kind, EXPR_RAW_OBJ, "round %d", round);
		cr_assert_eq(top_member(top, n_top, "b")->kind, EXPR_RAW_ANY, "round %d", round);
		same_as_jansson(exprs_a, 1, top, n_top);
		cr_assert_eq(parse_line_indexed(line, fb, top, &n_top, &sc), 1);
		cr_assert_eq(top_member(top, n_top, "b")->kind, EXPR_RAW_OBJ, "round %d", round);
		cr_assert_eq(top_member(top, n_top, "a")->kind, EXPR_RAW_ANY, "round %d", round);
		same_as_jansson(exprs_b, 1, top, n_top);
	}
	fm_free(fa);
	fm_free(fb);
}
