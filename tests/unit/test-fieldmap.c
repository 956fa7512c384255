/* test-fieldmap.c - other key names (SPEC section 15): dot paths, the checks of a mapping,
 * the exact epoch arithmetic and duration units, and records read through a mapping on both
 * paths (fast and jansson). Expected instants were computed with Python's datetime and
 * decimal modules (UTC), independently of timeutil and fieldmap. */
#include <criterion/criterion.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "fastpath.h"
#include "fieldmap-json.h"
#include "record.h"
#include "timeutil.h"
#include "splitmix.h"

/* 2026-01-02T09:18:31.315Z, the issue's example, in microseconds. */
#define TS_ISSUE INT64_C(1767345511315000)

static int64_t
epoch_text(const char *s, enum fm_unit u)
{
	int64_t us = INT64_MIN;

	cr_assert_eq(fm_epoch_text(s, strlen(s), u, &us, NULL), 0, "%s refused", s);
	return us;
}

Test(fieldmap, epoch_text_exact)
{
	cr_assert_eq(epoch_text("1767345511.315", FM_UNIT_S), TS_ISSUE);
	cr_assert_eq(epoch_text("1767345511315", FM_UNIT_MS), TS_ISSUE);
	cr_assert_eq(epoch_text("1767345511315000", FM_UNIT_US), TS_ISSUE);
	cr_assert_eq(epoch_text("1767345511315000999", FM_UNIT_NS), TS_ISSUE); /* truncated */
	/* 1.000001 * 1e6 in doubles is 1000000.9999999999: the decimal is read exactly. */
	cr_assert_eq(epoch_text("1.000001", FM_UNIT_S), 1000001);
	cr_assert_eq(epoch_text("1.5e3", FM_UNIT_S), INT64_C(1500000000));
	cr_assert_eq(epoch_text("15E-1", FM_UNIT_MS), 1500);
	cr_assert_eq(epoch_text("0.0000001", FM_UNIT_S), 0);
	cr_assert_eq(epoch_text("-0.0000001", FM_UNIT_S), -1); /* floor */
	cr_assert_eq(epoch_text("-1001", FM_UNIT_NS), -2);
	cr_assert_eq(epoch_text("-1000", FM_UNIT_NS), -1);
	cr_assert_eq(epoch_text("-0", FM_UNIT_S), 0);
	cr_assert_eq(epoch_text("0.000", FM_UNIT_MS), 0);
	cr_assert_eq(epoch_text("000123.4500", FM_UNIT_MS), 123450);
	/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z, the ends of the range. */
	cr_assert_eq(epoch_text("-62135596800", FM_UNIT_S), INT64_C(-62135596800000000));
	cr_assert_eq(epoch_text("253402300799.999999", FM_UNIT_S), INT64_C(253402300799999999));
}

/* The range ends fieldmap.c keeps as constants are timeutil's dates. */
Test(fieldmap, epoch_range_ends)
{
	int64_t us;

	cr_assert_eq(fm_epoch_int(tu_days_from_civil(1, 1, 1) * 86400, FM_UNIT_S, &us), 0);
	cr_assert_eq(fm_epoch_int(tu_days_from_civil(1, 1, 1) * 86400 - 1, FM_UNIT_S, &us), -1);
	cr_assert_eq(fm_epoch_int(tu_days_from_civil(10000, 1, 1) * 86400 - 1, FM_UNIT_S, &us), 0);
	cr_assert_eq(fm_epoch_int(tu_days_from_civil(10000, 1, 1) * 86400, FM_UNIT_S, &us), -1);
}

Test(fieldmap, epoch_text_refused)
{
	static const char *const bad[] = {"-62135596800.000001", "253402300800", "1e12", "1e400",
	    "-1e400", "99999999999999999999999999", "", "-", "1.", ".5", "1e", "1x", "+1"};
	int64_t us;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(fm_epoch_text(bad[i], strlen(bad[i]), FM_UNIT_S, &us, NULL), -1,
		    "'%s' accepted", bad[i]);
}

Test(fieldmap, epoch_digits)
{
	int64_t us;
	int d = -1;

	cr_assert_eq(fm_epoch_text("0.00123", 7, FM_UNIT_S, &us, &d), 0);
	cr_assert_eq(d, 3);
	cr_assert_eq(fm_epoch_text("1767345511.3150", 15, FM_UNIT_S, &us, &d), 0);
	cr_assert_eq(d, 14);
}

Test(fieldmap, epoch_int_and_real)
{
	int64_t us = 0;

	cr_assert_eq(fm_epoch_int(1767345511, FM_UNIT_S, &us), 0);
	cr_assert_eq(us, TS_ISSUE - 315000);
	cr_assert_eq(fm_epoch_int(INT64_C(1767345511315), FM_UNIT_MS, &us), 0);
	cr_assert_eq(us, TS_ISSUE);
	cr_assert_eq(fm_epoch_int(-1, FM_UNIT_NS, &us), 0);
	cr_assert_eq(us, -1);
	cr_assert_eq(fm_epoch_int(INT64_MAX, FM_UNIT_S, &us), -1);
	cr_assert_eq(fm_epoch_int(INT64_MIN, FM_UNIT_MS, &us), -1);
	cr_assert_eq(fm_epoch_real(1767345511.315, FM_UNIT_S, &us), 0);
	cr_assert_eq(us, TS_ISSUE);
	cr_assert_eq(fm_epoch_real(1.000001, FM_UNIT_S, &us), 0);
	cr_assert_eq(us, 1000001);
	cr_assert_eq(fm_epoch_real(-0.0, FM_UNIT_S, &us), 0);
	cr_assert_eq(us, 0);
	cr_assert_eq(fm_epoch_real(1e300, FM_UNIT_NS, &us), -1);
}

/* fm_epoch_real and fm_epoch_real_printed agree on v and -v in every unit: the same
 * return, the same instant. Returns the count of disagreements (each printed). */
static int
epoch_real_pair(double v)
{
	static const enum fm_unit units[] = {FM_UNIT_S, FM_UNIT_MS, FM_UNIT_US, FM_UNIT_NS};
	int bad = 0;

	for (int sign = 0; sign < 2; sign++, v = -v)
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			int64_t a = INT64_MIN, b = INT64_MIN;
			int ra = fm_epoch_real(v, units[i], &a);
			int rb = fm_epoch_real_printed(v, units[i], &b);

			if (ra != rb || (ra == 0 && a != b)) {
				if (bad++ < 5)
					fprintf(stderr, "%.17g unit %zu: %d %lld, printed %d %lld\n", v,
					    i, ra, (long long)a, rb, (long long)b);
			}
		}
	return bad;
}

/* The exact shortcut of fm_epoch_real gives what printing gives, on doubles of every
 * binade from 2^22 to 2^52 (it decides from 2^25 on), on reals read from 13-17 digit
 * decimal literals (the epoch seconds and milliseconds of real logs), on exact printing
 * ties, powers of two and of ten and their neighbours, and on random bit patterns (mostly
 * the fallback).
 * PR_EPOCH_CHECKS sets the count of rounds (each several doubles; default 20000). */
Test(fieldmap, epoch_real_same)
{
	const char *env = getenv("PR_EPOCH_CHECKS");
	long rounds = env != NULL ? atol(env) : 20000;
	uint64_t st = 42;
	int bad = 0;
	char buf[64];

	for (int e = -30; e <= 60; e++) {
		double p2 = ldexp(1.0, e), p10 = pow(10.0, e / 3);

		bad += epoch_real_pair(p2) + epoch_real_pair(nextafter(p2, 0)) +
		    epoch_real_pair(nextafter(p2, INFINITY)) + epoch_real_pair(p10) +
		    epoch_real_pair(nextafter(p10, 0)) + epoch_real_pair(nextafter(p10, INFINITY));
	}
	bad += epoch_real_pair(0.0) + epoch_real_pair(INFINITY) + epoch_real_pair(NAN) +
	    epoch_real_pair(DBL_MAX) + epoch_real_pair(DBL_MIN) + epoch_real_pair(4e-320);
	for (long r = 0; r < rounds && bad == 0; r++) {
		uint64_t x = splitmix_next(&st), y = splitmix_next(&st);
		int e2 = 23 + (int)(y % 30), nd = 13 + (int)((y >> 8) % 5);
		double d = ldexp((double)((x >> 11) | (UINT64_C(1) << 52)), e2 - 53);
		uint64_t lit = x % UINT64_C(100000000000000000);
		int point = 1 + (int)((y >> 16) % 16);
		double bits;

		bad += epoch_real_pair(d); /* a double of the shortcut's range */
		/* a literal of nd digits, point digits before the decimal point */
		snprintf(buf, sizeof(buf), "%0*llu", nd, (unsigned long long)(lit % (uint64_t)pow(10, nd)));
		memmove(buf + point + 1, buf + point, strlen(buf + point) + 1);
		buf[point] = '.';
		d = strtod(buf, NULL);
		bad += epoch_real_pair(d) + epoch_real_pair(nextafter(d, 0));
		/* a printing tie: X + f exactly, X of 16 - j or 17 - j digits, f = odd / 2^j of
		 * j decimals ending in 5, the 16th or 17th digit (when X + f is a double) */
		{
			int j = 1 + (int)((y >> 24) % 4), xd = 16 - j + (int)((y >> 28) % 2);
			double base = pow(10, xd - 1);
			double f = (double)(2 * ((y >> 32) % 8) % (1u << j) + 1) / (double)(1u << j);
			double xx = base + (double)(x % (uint64_t)(9 * base));

			d = xx + f;
			if (!(d - xx < f || d - xx > f))
				bad += epoch_real_pair(d);
		}
		memcpy(&bits, &y, sizeof(bits));
		bad += epoch_real_pair(bits);
	}
	cr_assert_eq(bad, 0, "%d disagreements", bad);
}

Test(fieldmap, duration_units)
{
	cr_assert(same_double(fm_duration_ms(1.5, FM_UNIT_S), 1500));
	cr_assert(same_double(fm_duration_ms(12.25, FM_UNIT_MS), 12.25));
	cr_assert(same_double(fm_duration_ms(1500, FM_UNIT_US), 1.5));
	cr_assert(same_double(fm_duration_ms(120586, FM_UNIT_NS), 0.120586));
	cr_assert(same_double(fm_duration_ms(1e308, FM_UNIT_S), HUGE_VAL));
}

Test(fieldmap, names)
{
	cr_assert_eq(fm_field_lookup("operation_type"), FM_OPERATION);
	cr_assert_eq(fm_field_lookup("tool"), -1);
	cr_assert_str_eq(fm_field_name(FM_CONTEXT), "context");
	cr_assert_str_eq(fm_unit_name(FM_UNIT_US), "us");
}

Test(fieldmap, path_parse)
{
	struct fm_path p;
	const char *why = NULL;

	cr_assert_eq(fm_path_parse("attributes.timing.ms", &p, &why), 0);
	cr_assert_eq(p.n, 3);
	cr_assert_str_eq(p.part[1], "timing");
	cr_assert_eq(p.len[2], 2);
	fm_path_clear(&p);
	cr_assert_eq(fm_path_parse("", &p, &why), -1);
	cr_assert_eq(fm_path_parse("a..b", &p, &why), -1);
	cr_assert_eq(fm_path_parse(".a", &p, &why), -1);
	cr_assert_eq(fm_path_parse("a.", &p, &why), -1);
	cr_assert_eq(fm_path_parse("a.b.c.d.e.f.g.h.i", &p, &why), -1);
	cr_assert_str_eq(why, "has more than 8 parts");
}

Test(fieldmap, path_get)
{
	json_t *root = json_loads("{\"a\":{\"b\":{\"c\":7}},\"s\":\"x\"}", 0, NULL);
	struct fm_path p;
	const char *why;

	cr_assert_not_null(root);
	cr_assert_eq(fm_path_parse("a.b.c", &p, &why), 0);
	cr_assert_eq(json_integer_value(fm_path_get(root, &p)), 7);
	fm_path_clear(&p);
	cr_assert_eq(fm_path_parse("s.x", &p, &why), 0);
	cr_assert_null(fm_path_get(root, &p)); /* through a string: missing */
	fm_path_clear(&p);
	cr_assert_eq(fm_path_parse("a.z", &p, &why), 0);
	cr_assert_null(fm_path_get(root, &p));
	fm_path_clear(&p);
	json_decref(root);
}

/* A fieldmap from "NAME=KEY" items (NULL-terminated), or NULL with why set. */
static struct fieldmap *
make_map(const char *const *items, int epoch, enum fm_unit unit, char *why, size_t n)
{
	struct fieldmap *fm = fm_new();

	for (; *items != NULL; items++) {
		const char *eq = strchr(*items, '=');
		char name[32];

		snprintf(name, sizeof(name), "%.*s", (int)(eq - *items), *items);
		cr_assert_geq(fm_field_lookup(name), 0);
		if (fm_set_field(fm, (enum fm_field)fm_field_lookup(name), eq + 1, why, n) < 0) {
			fm_free(fm);
			return NULL;
		}
	}
	fm->epoch = epoch;
	fm->duration_unit = unit;
	if (fm_finish(fm, why, n) < 0) {
		fm_free(fm);
		return NULL;
	}
	return fm;
}

Test(fieldmap, conflicts)
{
	static const char *const same[] = {"operation_type=timestamp", NULL};
	static const char *const both[] = {"operation_type=tool", "session_id=tool", NULL};
	static const char *const prefix[] = {"context=a", "duration_ms=a.b", NULL};
	static const char *const swapped[] = {"operation_type=timestamp", "timestamp=operation_type",
	    NULL};
	char why[512];

	cr_assert_null(make_map(same, FM_NO_EPOCH, FM_UNIT_MS, why, sizeof(why)));
	cr_assert_str_eq(why, "the key 'timestamp' would be read as both timestamp and "
	    "operation_type; map one of them to another key (--field NAME=KEY)");
	cr_assert_null(make_map(both, FM_NO_EPOCH, FM_UNIT_MS, why, sizeof(why)));
	cr_assert_null(make_map(prefix, FM_NO_EPOCH, FM_UNIT_MS, why, sizeof(why)));
	cr_assert_str_eq(why, "the key 'a' (context) holds 'a.b' (duration_ms); one key cannot be "
	    "read as two fields");
	fm_free(make_map(swapped, FM_NO_EPOCH, FM_UNIT_MS, why, sizeof(why)));
}

Test(fieldmap, plain_and_labels)
{
	static const char *const none[] = {NULL};
	static const char *const own[] = {"operation_type=operation_type", NULL};
	static const char *const tool[] = {"operation_type=tool", NULL};
	char why[256];
	struct fieldmap *fm;

	fm = make_map(none, FM_NO_EPOCH, FM_UNIT_MS, why, sizeof(why));
	cr_assert(fm->plain);
	fm_free(fm);
	fm = make_map(own, FM_NO_EPOCH, FM_UNIT_MS, why, sizeof(why));
	cr_assert(fm->plain);
	fm_free(fm);
	fm = make_map(none, FM_UNIT_MS, FM_UNIT_MS, why, sizeof(why));
	cr_assert(!fm->plain);
	fm_free(fm);
	fm = make_map(tool, FM_NO_EPOCH, FM_UNIT_MS, why, sizeof(why));
	cr_assert(!fm->plain);
	cr_assert_str_eq(fm->label[FM_OPERATION], "\"tool\" (operation_type)");
	cr_assert_str_eq(fm->label[FM_DURATION], "duration_ms");
	fm_free(fm);
}

/* ---- records through a mapping, on both paths -------------------------------------- */

#define ISSUE_LINE "{\"timestamp\":\"2026-01-02T09:18:31.315Z\",\"session_id\":null," \
	"\"tool\":\"agent_set_handoff\",\"call_id\":\"toolu_01R4\",\"start_time\":1767345511311," \
	"\"end_time\":1767345511315,\"duration_ms\":4,\"input_size\":2,\"output_size\":119," \
	"\"success\":true,\"category\":\"agent\"}"

/* Parse line through fm with the fast path on or off; returns record_parse's result. */
static int
parse_mapped(struct fieldmap *fm, bool fast, const char *line, struct record *r,
    char why[RECORD_WHY_SIZE], struct record_parser **pp)
{
	struct record_parser *p = record_parser_new();

	record_parser_set_fast(p, fast);
	record_parser_set_fields(p, fm);
	*pp = p;
	return record_parse(p, line, strlen(line), r, why);
}

static void
expect_op(const struct record *r, const char *want)
{
	cr_assert_eq(r->op_len, strlen(want));
	cr_assert_eq(memcmp(r->op, want, r->op_len), 0, "%.*s", (int)r->op_len, r->op);
}

/* For both paths: the record of line under the mapping, checked by check(). */
#define FOR_BOTH_PATHS(fast) for (int fast = 1; fast >= 0; fast--)

/* The fast path's key matching (struct fm_node's lens): a member of two bytes, one spelled
 * with UTF-8, and other keys that share a member's first three bytes or its length are
 * each found or passed over as jansson does; a key twice is declined, mapped or not. */
Test(fieldmap, fast_path_key_matching)
{
	static const char *const items[] = {"operation_type=op", "duration_ms=dur\xc3\xa9\x65",
	    "timestamp=tsx.atime", NULL};
	char why[RECORD_WHY_SIZE];
	struct fieldmap *fm = make_map(items, FM_UNIT_MS, FM_UNIT_MS, why, sizeof(why));
	const char *line = "{\"o\":1,\"opx\":2,\"dur\":3,\"tsx\":{\"a\":0,\"atx\":1,"
	    "\"atimex\":2,\"atim\":3,\"atime\":1767345511315},\"dur\xc3\xa9\":4,\"op\":\"x\","
	    "\"dur\xc3\xa9\x65\":2.5,"
	    "\"tsxa\":5,\"\":6}";
	const char *dup_other = "{\"op\":\"x\",\"dur\xc3\xa9\x65\":1,\"tsx\":{\"atime\":1},\"zz\":1,"
	    "\"zz\":2}";
	const char *dup_mapped = "{\"op\":\"x\",\"dur\xc3\xa9\x65\":1,\"tsx\":{\"atime\":1},"
	    "\"op\":\"y\"}";
	struct record_parser *p;
	struct record r;
	const char *cx, *ex;
	size_t cx_len, ex_len;

	cr_assert_not_null(fm, "%s", why);
	cr_assert_eq(fastpath_parse_mapped(line, strlen(line), fm, &r, &cx, &cx_len, &ex,
	    &ex_len), 1);
	expect_op(&r, "x");
	cr_assert_eq(r.ts_us, TS_ISSUE);
	cr_assert(same_double(r.duration_ms, 2.5));
	FOR_BOTH_PATHS(fast) {
		cr_assert_eq(parse_mapped(fm, fast, line, &r, why, &p), 0, "%s", why);
		expect_op(&r, "x");
		cr_assert_eq(r.ts_us, TS_ISSUE);
		cr_assert(same_double(r.duration_ms, 2.5));
		record_parser_free(p);
	}
	cr_assert_eq(fastpath_parse_mapped(dup_other, strlen(dup_other), fm, &r, &cx, &cx_len,
	    &ex, &ex_len), 0);
	cr_assert_eq(fastpath_parse_mapped(dup_mapped, strlen(dup_mapped), fm, &r, &cx, &cx_len,
	    &ex, &ex_len), 0);
	fm_free(fm);
}

Test(fieldmap, issue_line_tool)
{
	static const char *const items[] = {"operation_type=tool", NULL};
	char why[RECORD_WHY_SIZE];
	struct fieldmap *fm = make_map(items, FM_NO_EPOCH, FM_UNIT_MS, why, sizeof(why));
	struct record_parser *p;
	struct record r;

	FOR_BOTH_PATHS(fast) {
		cr_assert_eq(parse_mapped(fm, fast, ISSUE_LINE, &r, why, &p), 0, "%s", why);
		expect_op(&r, "agent_set_handoff");
		cr_assert_eq(r.ts_us, TS_ISSUE);
		cr_assert(same_double(r.duration_ms, 4));
		cr_assert(r.success && r.success_given);
		cr_assert_null(r.session_id);
		record_parser_free(p);
	}
	fm_free(fm);
}

Test(fieldmap, issue_line_epoch_ms)
{
	static const char *const items[] = {"operation_type=tool", "timestamp=start_time", NULL};
	char why[RECORD_WHY_SIZE];
	struct fieldmap *fm = make_map(items, FM_UNIT_MS, FM_UNIT_MS, why, sizeof(why));
	struct record_parser *p;
	struct record r;

	FOR_BOTH_PATHS(fast) {
		cr_assert_eq(parse_mapped(fm, fast, ISSUE_LINE, &r, why, &p), 0, "%s", why);
		cr_assert_eq(r.ts_us, TS_ISSUE - 4000);
		record_parser_free(p);
	}
	fm_free(fm);
}

Test(fieldmap, missing_mapped_key)
{
	static const char *const items[] = {"operation_type=tool", NULL};
	char why[RECORD_WHY_SIZE];
	struct fieldmap *fm = make_map(items, FM_NO_EPOCH, FM_UNIT_MS, why, sizeof(why));
	struct record_parser *p;
	struct record r;

	/* Our own key is ignored under the mapping. */
	FOR_BOTH_PATHS(fast) {
		cr_assert_eq(parse_mapped(fm, fast, "{\"timestamp\":\"2026-01-02T09:18:31.315Z\","
		    "\"operation_type\":\"x\",\"duration_ms\":1}", &r, why, &p), -1);
		cr_assert_str_eq(why, "\"tool\" (operation_type) is missing");
		record_parser_free(p);
		cr_assert_eq(parse_mapped(fm, fast, "{\"timestamp\":\"2026-01-02T09:18:31.315Z\","
		    "\"tool\":\"\",\"duration_ms\":1}", &r, why, &p), -1);
		cr_assert_str_eq(why, "\"tool\" (operation_type) is empty");
		record_parser_free(p);
	}
	fm_free(fm);
}

Test(fieldmap, nested_paths_and_units)
{
	static const char *const items[] = {"operation_type=name", "duration_ms=attr.timing.ns",
	    "session_id=attr.session.id", "success=attr.ok", "timestamp=t", "context=attr", NULL};
	static const char *const items2[] = {"operation_type=name", "duration_ms=attr.timing.ns",
	    "session_id=attr.session.id", "success=attr.ok", "timestamp=t", NULL};
	char why[RECORD_WHY_SIZE];
	struct fieldmap *fm = make_map(items, FM_UNIT_NS, FM_UNIT_NS, why, sizeof(why));
	struct fieldmap *fm2 = make_map(items2, FM_UNIT_NS, FM_UNIT_NS, why, sizeof(why));
	struct record_parser *p;
	struct record r;
	const char *line = "{\"name\":\"db.query\",\"t\":1792456364924265169,\"attr\":{\"timing\":"
	    "{\"ns\":120586},\"session\":{\"id\":\"s00\"},\"ok\":false}}";

	cr_assert_null(fm, "context=attr holds the other paths");
	FOR_BOTH_PATHS(fast) {
		cr_assert_eq(parse_mapped(fm2, fast, line, &r, why, &p), 0, "%s", why);
		expect_op(&r, "db.query");
		cr_assert_eq(r.ts_us, INT64_C(1792456364924265)); /* ns truncated */
		cr_assert(same_double(r.duration_ms, 120586 / 1e6));
		cr_assert_null(r.dur_text);
		cr_assert_eq(r.session_len, 3);
		cr_assert(!r.success && r.success_given);
		record_parser_free(p);
		/* Through a value that is not an object: the field is missing. */
		cr_assert_eq(parse_mapped(fm2, fast, "{\"name\":\"x\",\"t\":0,\"attr\":{\"timing\":5}}",
		    &r, why, &p), -1);
		cr_assert_str_eq(why, "\"attr.timing.ns\" (duration_ms) is missing");
		record_parser_free(p);
	}
	fm_free(fm2);
}

Test(fieldmap, epoch_numbers_both_paths)
{
	static const char *const items[] = {NULL};
	static const struct {
		const char *ts;
		int64_t want;
	} cases[] = {
		{"1767345511.315", TS_ISSUE},
		{"1.000001", 1000001},
		{"-0.0000001", -1},
		{"1.7673455113150e9", TS_ISSUE},
		{"\"2026-01-02T09:18:31.315Z\"", TS_ISSUE},
	};
	char why[RECORD_WHY_SIZE], line[256];
	struct fieldmap *fm = make_map(items, FM_UNIT_S, FM_UNIT_MS, why, sizeof(why));
	struct record_parser *p;
	struct record r;

	FOR_BOTH_PATHS(fast) {
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			snprintf(line, sizeof(line), "{\"timestamp\":%s,\"operation_type\":\"x\","
			    "\"duration_ms\":1}", cases[i].ts);
			cr_assert_eq(parse_mapped(fm, fast, line, &r, why, &p), 0, "%s: %s", line,
			    why);
			cr_assert_eq(r.ts_us, cases[i].want, "%s (fast %d): %lld", cases[i].ts, fast,
			    (long long)r.ts_us);
			record_parser_free(p);
		}
		cr_assert_eq(parse_mapped(fm, fast, "{\"timestamp\":1e12,\"operation_type\":\"x\","
		    "\"duration_ms\":1}", &r, why, &p), -1);
		cr_assert_str_eq(why, "timestamp 1000000000000 (Unix time in s) is outside the "
		    "years 0001-9999");
		record_parser_free(p);
	}
	fm_free(fm);
}

Test(fieldmap, number_without_epoch_is_malformed)
{
	static const char *const items[] = {"timestamp=start_time", NULL};
	char why[RECORD_WHY_SIZE];
	struct fieldmap *fm = make_map(items, FM_NO_EPOCH, FM_UNIT_MS, why, sizeof(why));
	struct record_parser *p;
	struct record r;

	FOR_BOTH_PATHS(fast) {
		cr_assert_eq(parse_mapped(fm, fast, "{\"start_time\":1767345511311,"
		    "\"operation_type\":\"x\",\"duration_ms\":1}", &r, why, &p), -1);
		cr_assert_str_eq(why, "\"start_time\" (timestamp) is not a string");
		record_parser_free(p);
	}
	fm_free(fm);
}

Test(fieldmap, duration_seconds_overflow_and_negative)
{
	static const char *const items[] = {"duration_ms=secs", NULL};
	char why[RECORD_WHY_SIZE];
	struct fieldmap *fm = make_map(items, FM_NO_EPOCH, FM_UNIT_S, why, sizeof(why));
	struct record_parser *p;
	struct record r;

	FOR_BOTH_PATHS(fast) {
		cr_assert_eq(parse_mapped(fm, fast, "{\"timestamp\":\"2026-01-02T09:18:31Z\","
		    "\"operation_type\":\"x\",\"secs\":1e308}", &r, why, &p), -1);
		cr_assert_str_eq(why, "\"secs\" (duration_ms) in milliseconds does not fit a double");
		record_parser_free(p);
		cr_assert_eq(parse_mapped(fm, fast, "{\"timestamp\":\"2026-01-02T09:18:31Z\","
		    "\"operation_type\":\"x\",\"secs\":-2}", &r, why, &p), -1);
		cr_assert_str_eq(why, "\"secs\" (duration_ms) is negative (-2)");
		record_parser_free(p);
		cr_assert_eq(parse_mapped(fm, fast, "{\"timestamp\":\"2026-01-02T09:18:31Z\","
		    "\"operation_type\":\"x\",\"secs\":0.25}", &r, why, &p), 0);
		cr_assert(same_double(r.duration_ms, 250));
		record_parser_free(p);
	}
	fm_free(fm);
}

/* The fast path itself accepts the mapped shapes (it does not merely decline them all). */
Test(fieldmap, fast_path_accepts_mapped)
{
	static const char *const items[] = {"operation_type=tool", "timestamp=start_time",
	    "duration_ms=timing.ms", NULL};
	char why[RECORD_WHY_SIZE];
	struct fieldmap *fm = make_map(items, FM_UNIT_MS, FM_UNIT_US, why, sizeof(why));
	struct record r;
	const char *ctx, *ex;
	size_t ctx_len, ex_len;
	const char *line = "{\"tool\":\"Read\",\"start_time\":1767345511311,\"timing\":{\"ms\":1500},"
	    "\"operation_type\":5,\"context\":{\"a\":[1]}}";

	cr_assert_eq(fastpath_parse_mapped(line, strlen(line), fm, &r, &ctx, &ctx_len, &ex, &ex_len), 1);
	cr_assert_eq(r.ts_us, TS_ISSUE - 4000);
	cr_assert(same_double(r.duration_ms, 1.5));
	cr_assert_eq(ctx_len, 9); /* {"a":[1]} */
	/* A duplicate mapped key, an escaped key and a duplicate other key: declined. */
	line = "{\"tool\":\"Read\",\"tool\":\"x\",\"start_time\":1,\"timing\":{\"ms\":1}}";
	cr_assert_eq(fastpath_parse_mapped(line, strlen(line), fm, &r, &ctx, &ctx_len, &ex, &ex_len), 0);
	line = "{\"to\\u006fl\":\"Read\",\"start_time\":1,\"timing\":{\"ms\":1}}";
	cr_assert_eq(fastpath_parse_mapped(line, strlen(line), fm, &r, &ctx, &ctx_len, &ex, &ex_len), 0);
	line = "{\"tool\":\"Read\",\"start_time\":1,\"timing\":{\"ms\":1,\"x\":1,\"x\":2}}";
	cr_assert_eq(fastpath_parse_mapped(line, strlen(line), fm, &r, &ctx, &ctx_len, &ex, &ex_len), 0);
	fm_free(fm);
}

/* The extra slot: one more value per record, for slicing by any key. */
Test(fieldmap, extra_value_both_paths)
{
	static const struct {
		const char *key, *want;
	} cases[] = {
		{"category", "agent"},
		{"input_size", "2"},
		{"session_id", "null"},
		{"success", "true"},
		{"nested.x", NULL},
		{"obj", "{\"k\":[1,2.5]}"},
		{"esc", "a\"b"},
		{"obj.k", "[1,2.5]"},
		{"context.model", "m4"},
		{"context.tokens", "{\"in\":497}"},
		{"context.tokens.in", "497"},
		{"context.nope", NULL},
	};
	char why[RECORD_WHY_SIZE];
	struct record_parser *p;
	struct record r;
	const char *line = "{\"timestamp\":\"2026-01-02T09:18:31.315Z\",\"session_id\":null,"
	    "\"tool\":\"x\",\"duration_ms\":4,\"input_size\":2,\"success\":true,"
	    "\"category\":\"agent\",\"obj\": {\"k\": [1, 2.50]},\"esc\":\"a\\\"b\","
	    "\"context\":{\"model\":\"m4\",\"tokens\":{\"in\":497}}}";

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fieldmap *fm = fm_new();

		cr_assert_eq(fm_set_field(fm, FM_OPERATION, "tool", why, sizeof(why)), 0);
		cr_assert_eq(fm_set_extra(fm, cases[i].key, why, sizeof(why)), 0);
		if (strcmp(cases[i].key, "session_id") == 0 || strcmp(cases[i].key, "success") == 0) {
			/* The same key as a field: refused; read it once more via another map. */
			cr_assert_eq(fm_finish(fm, why, sizeof(why)), -1);
			cr_assert_str_eq(strstr(why, "the slicing key") != NULL ? "yes" : why, "yes");
			fm_free(fm);
			continue;
		}
		cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
		cr_assert(!fm->plain);
		FOR_BOTH_PATHS(fast) {
			size_t len = 0;
			const char *v;

			cr_assert_eq(parse_mapped(fm, fast, line, &r, why, &p), 0, "%s", why);
			v = record_extra(p, &len);
			if (cases[i].want == NULL)
				cr_assert_null(v, "%s: %.*s", cases[i].key, (int)len, v);
			else {
				cr_assert_not_null(v, "%s", cases[i].key);
				cr_assert_eq(len, strlen(cases[i].want), "%s: %.*s", cases[i].key,
				    (int)len, v);
				cr_assert_eq(memcmp(v, cases[i].want, len), 0, "%s", cases[i].key);
			}
			record_parser_free(p);
		}
		fm_free(fm);
	}
}

/* A key inside context (extra_in_context): the fast path finds the value while it scans the
 * context and must give the same text, scalar flag and verdict as jansson, or decline. */
struct ctx_case {
	const char *ctx;  /* the context value's JSON text */
	const char *want; /* the extra value's text, NULL when absent */
	bool scalar;
	int rc;           /* record_parse: 0 valid, -1 malformed */
	int fast;         /* fastpath_parse_mapped: 1 accepts, 0 declines */
};

/* Line {timestamp, operation_type, duration_ms, CTXKEY: c->ctx} through fm, both paths. */
static void
check_ctx_case(struct fieldmap *fm, const char *ctxkey, const char *key,
    const struct ctx_case *c)
{
	char line[1024], why[RECORD_WHY_SIZE];
	struct record_parser *p;
	struct record r;
	const char *ctx, *ex;
	size_t ctx_len, ex_len;

	snprintf(line, sizeof(line), "{\"timestamp\":\"2026-01-02T09:18:31.315Z\","
	    "\"operation_type\":\"x\",\"duration_ms\":4,%s}", ctxkey);
	snprintf(line + strlen(line) - 1, sizeof(line) - strlen(line) + 1, "%s}", c->ctx);
	cr_assert_eq(fastpath_parse_mapped(line, strlen(line), fm, &r, &ctx, &ctx_len, &ex,
	    &ex_len), c->fast, "%s in %s: fast path", key, line);
	/* Accepted: the fast path itself found the value (or its absence) in the context. */
	if (c->fast)
		cr_assert_eq(ex != NULL, c->want != NULL, "%s in %s: extra span", key, line);
	FOR_BOTH_PATHS(fast) {
		size_t len = 0;
		bool scalar = !c->scalar;
		const char *v;

		cr_assert_eq(parse_mapped(fm, fast, line, &r, why, &p), c->rc, "%s in %s (%s): %s",
		    key, line, fast ? "fast" : "jansson", why);
		if (c->rc == 0) {
			v = record_extra_scalar(p, &len, &scalar);
			if (c->want == NULL)
				cr_assert_null(v, "%s in %s: %.*s", key, line, (int)len, v);
			else {
				cr_assert_not_null(v, "%s in %s", key, line);
				cr_assert(len == strlen(c->want) && memcmp(v, c->want, len) == 0,
				    "%s in %s (%s): '%.*s', want '%s'", key, line,
				    fast ? "fast" : "jansson", (int)len, v, c->want);
				cr_assert_eq(scalar, c->scalar, "%s in %s: scalar", key, line);
			}
		}
		record_parser_free(p);
	}
}

/* cases[0..n) under --by KEY (the extra slot) and, unless ctx is NULL, --field
 * context=CTX, in lines whose member MEMBER holds the case's text. */
static void
check_ctx_cases(const char *ctx, const char *member, const char *key,
    const struct ctx_case *cases, size_t n)
{
	char why[RECORD_WHY_SIZE];
	struct fieldmap *fm = fm_new();

	if (ctx != NULL)
		cr_assert_eq(fm_set_field(fm, FM_CONTEXT, ctx, why, sizeof(why)), 0);
	cr_assert_eq(fm_set_extra(fm, key, why, sizeof(why)), 0);
	cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(fm->extra_in_context, ctx != NULL ? fm->path[FM_CONTEXT].n : 1);
	cr_assert_not_null(fm->ctx_root);
	for (size_t i = 0; i < n; i++)
		check_ctx_case(fm, member, key, &cases[i]);
	fm_free(fm);
}

/* The value rules of group.h on numbers: jansson's dump with JSON_REAL_PRECISION(15), whose
 * texts were made independently with Python ('%.15g', then jansson's documented rewriting:
 * ".0" appended when there is no '.' or 'e', the exponent's '+' and leading zeros dropped). */
Test(fieldmap, context_extra_values_both_paths)
{
	static const struct ctx_case cases[] = {
		{"{\"model\":\"m4\"}", "m4", true, 0, 1},
		{"{ \"n\" : 1 , \"model\" : \"m4\" }", "m4", true, 0, 1},
		{"{\"t\":{\"in\":1,\"out\":[2,{}]},\"model\":\"m5\",\"z\":null}", "m5", true, 0, 1},
		{"{\"model\":\"\"}", "", true, 0, 1},
		{"{\"model\":\"\xc3\xa9\xe2\x82\xac\"}", "\xc3\xa9\xe2\x82\xac", true, 0, 1},
		{"{\"model\":\"a\\\"b\\u00e9\\n\\/\"}", "a\"b\xc3\xa9\n/", true, 0, 1},
		{"{\"model\":\"\\ud83d\\ude00\"}", "\xf0\x9f\x98\x80", true, 0, 1},
		{"{\"model\":\"\\u0000\"}", NULL, true, -1, 0},
		{"{\"model\":12}", "12", true, 0, 1},
		{"{\"model\":-0}", "0", true, 0, 1},
		{"{\"model\":-0.0}", "-0.0", true, 0, 1},
		{"{\"model\":-1.5}", "-1.5", true, 0, 1},
		{"{\"model\":0.1}", "0.1", true, 0, 1},
		{"{\"model\":0.30000000000000004}", "0.3", true, 0, 1},
		{"{\"model\":2.50}", "2.5", true, 0, 1},
		{"{\"model\":1E5}", "100000.0", true, 0, 1},
		{"{\"model\":2.5e-3}", "0.0025", true, 0, 1},
		{"{\"model\":1e-5}", "1e-5", true, 0, 1},
		{"{\"model\":1e22}", "1e22", true, 0, 1},
		{"{\"model\":1.5e+299}", "1.5e299", true, 0, 1},
		{"{\"model\":1.5e+300}", "1.5e300", true, 0, 0}, /* might overflow: declined */
		{"{\"model\":4.9e-324}", "4.94065645841247e-324", true, 0, 1},
		{"{\"model\":123456789012345678}", "123456789012345678", true, 0, 1},
		{"{\"model\":123456789012345678.0}", "1.23456789012346e17", true, 0, 1},
		/* DBL_MAX prints with 15 digits past DBL_MAX: nudged (record_fit_reals); the
		 * fast path declines reals that large. */
		{"{\"model\":1.7976931348623157e308}", "1.79769313486231e308", true, 0, 0},
		{"{\"model\":[1.7976931348623157e308]}", "[1.79769313486231e308]", false, 0, 0},
		{"{\"model\":1e400}", NULL, true, -1, 0},
		{"{\"model\":-1e400}", NULL, true, -1, 0},
		/* Integers of 19 digits and past int64: jansson only. */
		{"{\"model\":1234567890123456789}", "1234567890123456789", true, 0, 0},
		{"{\"model\":9223372036854775808}", "9.22337203685478e18", true, 0, 0},
		/* An integer past int64 beside it leaves 5 an integer (it once made every
		 * integer of the line a real, "5.0": a group apart from the 5 of other lines). */
		{"{\"model\":5,\"big\":9223372036854775808}", "5", true, 0, 0},
		{"{\"model\":true}", "true", true, 0, 1},
		{"{\"model\":false}", "false", true, 0, 1},
		{"{\"model\":null}", "null", false, 0, 1},
		{"{\"model\":{\"a\": [1, 2.50]}}", "{\"a\":[1,2.5]}", false, 0, 1},
		{"{\"model\":[]}", "[]", false, 0, 1},
		{"{\"model\":{}}", "{}", false, 0, 1},
		/* Absence, and a context that is no object. */
		{"{}", NULL, true, 0, 1},
		{"{\"x\":{\"model\":\"no\"}}", NULL, true, 0, 1},
		{"{\"Model\":\"no\",\"model2\":1,\"mode\":2}", NULL, true, 0, 1},
		{"\"model\"", NULL, true, 0, 1},
		{"[{\"model\":1}]", NULL, true, 0, 1},
		{"null", NULL, true, 0, 1},
		{"7", NULL, true, 0, 1},
		/* Duplicates: jansson refuses the line; the fast path declines it. */
		{"{\"model\":\"a\",\"model\":\"b\"}", NULL, true, -1, 0},
		{"{\"model\":\"a\",\"x\":1,\"x\":2}", NULL, true, -1, 0},
		{"{\"x\":1,\"model\":{\"k\":1,\"k\":1}}", NULL, true, -1, 0},
		/* A key spelled with an escape: jansson decodes it, the fast path declines. */
		{"{\"mo\\u0064el\":\"esc\"}", "esc", true, 0, 0},
		{"{\"x\\u0041\":1,\"model\":\"m\"}", "m", true, 0, 0},
		/* Malformed contexts. */
		{"{\"model\":\"m\",}", NULL, true, -1, 0},
		{"{\"model\" \"m\"}", NULL, true, -1, 0},
		{"{\"model\":\"m\"", NULL, true, -1, 0},
		{"{\"model\":tru}", NULL, true, -1, 0},
		{"{\"model\":01}", NULL, true, -1, 0},
	};
	check_ctx_cases(NULL, "\"context\":", "context.model", cases, ARRAY_SIZE(cases));
}

/* Two levels down, a key that JSON must spell with an escape or that is not ASCII, and
 * a context found under another key (--field context=...). */
Test(fieldmap, context_extra_paths_both_paths)
{
	static const struct ctx_case two[] = {
		{"{\"a\":{\"b\":\"deep\"}}", "deep", true, 0, 1},
		{"{\"b\":1,\"a\":{\"x\":[1],\"b\":1.0,\"y\":{}}}", "1.0", true, 0, 1},
		{"{\"a\":{\"c\":1}}", NULL, true, 0, 1},
		{"{\"a\":\"b\"}", NULL, true, 0, 1},
		{"{\"a\":[{\"b\":1}]}", NULL, true, 0, 1},
		{"{\"a\":null,\"b\":{\"b\":1}}", NULL, true, 0, 1},
		{"{\"a\":{\"b\":2},\"a\":{\"b\":3}}", NULL, true, -1, 0},
		{"{\"a\":{\"b\":2,\"b\":3}}", NULL, true, -1, 0},
		{"{\"a\":{\"a\":{\"b\":\"no\"}}}", NULL, true, 0, 1},
	};
	static const struct ctx_case quote[] = {
		{"{\"q\\\"k\":\"found\"}", "found", true, 0, 0},
		{"{\"q\":\"no\"}", NULL, true, 0, 1},
	};
	static const struct ctx_case utf8[] = {
		{"{\"mod\xc3\xa8le\":\"fr\"}", "fr", true, 0, 1},
		{"{\"mod\\u00e8le\":\"fr\"}", "fr", true, 0, 0},
		{"{\"modele\":\"no\"}", NULL, true, 0, 1},
	};
	/* meta: {"d": 1, "c": CONTEXT} */
	static const struct ctx_case mapped[] = {
		{"{\"d\":1,\"c\":{\"m\":\"under c\"}}", "under c", true, 0, 1},
		{"{\"c\":{\"m\":{\"x\":1}},\"d\":1}", "{\"x\":1}", false, 0, 1},
		{"{\"d\":1,\"c\":{\"n\":1}}", NULL, true, 0, 1},
		{"{\"d\":1,\"m\":\"no\"}", NULL, true, 0, 1},
	};

	check_ctx_cases(NULL, "\"context\":", "context.a.b", two, ARRAY_SIZE(two));
	check_ctx_cases(NULL, "\"context\":", "context.q\"k", quote, ARRAY_SIZE(quote));
	check_ctx_cases(NULL, "\"context\":", "context.mod\xc3\xa8le", utf8, ARRAY_SIZE(utf8));
	check_ctx_cases("meta.c", "\"meta\":", "meta.c.m", mapped, ARRAY_SIZE(mapped));
}

/* The fast path's key matching by length (struct fm_node's lens, fp_key_eq's loads of one
 * to three bytes, four to eight, up to sixteen, memcmp beyond; lengths from 63 on share a
 * bit): every mapped key is found, and each decoy of the same length whose first and last
 * bytes are a mapped key's but not a middle one is passed over, as jansson does. */
Test(fieldmap, fast_path_key_lengths)
{
	static const char k68[] = "a234567890123456789012345678901234567890123456789012345678901234567z";
	static const char d68[] = "a234567890123456789012345678901234X67890123456789012345678901234567z";
	static const char d64[] = "a23456789012345678901234567890123456789012345678901234567890123z";
	char items_s[5][128], line[1024], why[RECORD_WHY_SIZE];
	const char *items[6];
	struct fieldmap *fm;
	struct record_parser *p;
	struct record r;
	const char *cx, *ex;
	size_t cx_len, ex_len;

	snprintf(items_s[0], sizeof(items_s[0]), "operation_type=o");
	snprintf(items_s[1], sizeof(items_s[1]), "duration_ms=dur");
	snprintf(items_s[2], sizeof(items_s[2]), "timestamp=time_stamp_key_17");
	snprintf(items_s[3], sizeof(items_s[3]), "session_id=%s", k68);
	snprintf(items_s[4], sizeof(items_s[4]), "error=errkey12abcd");
	for (int i = 0; i < 5; i++)
		items[i] = items_s[i];
	items[5] = NULL;
	fm = make_map(items, FM_NO_EPOCH, FM_UNIT_MS, why, sizeof(why));
	cr_assert_not_null(fm, "%s", why);
	snprintf(line, sizeof(line), "{\"p\":0,\"dxr\":1,\"time_stXmp_key_17\":2,\"%s\":3,"
	    "\"%s\":4,\"errkeX12abcd\":5,\"errkey12abcX\":6,\"o\":\"op\",\"dur\":2.5,"
	    "\"time_stamp_key_17\":\"2026-01-02T09:18:31.315Z\",\"%s\":\"sess\","
	    "\"errkey12abcd\":\"bad\",\"d\":7}", d68, d64, k68);
	cr_assert_eq(fastpath_parse_mapped(line, strlen(line), fm, &r, &cx, &cx_len, &ex,
	    &ex_len), 1);
	FOR_BOTH_PATHS(fast) {
		cr_assert_eq(parse_mapped(fm, fast, line, &r, why, &p), 0, "%s", why);
		expect_op(&r, "op");
		cr_assert_eq(r.ts_us, TS_ISSUE);
		cr_assert(same_double(r.duration_ms, 2.5));
		cr_assert(r.session_len == 4 && memcmp(r.session_id, "sess", 4) == 0);
		cr_assert(r.error_len == 3 && memcmp(r.error, "bad", 3) == 0);
		record_parser_free(p);
	}
	/* The long key twice is a duplicate however it is matched. */
	snprintf(line, sizeof(line), "{\"o\":\"op\",\"dur\":1,\"time_stamp_key_17\":1,"
	    "\"%s\":null,\"%s\":null}", k68, k68);
	cr_assert_eq(fastpath_parse_mapped(line, strlen(line), fm, &r, &cx, &cx_len, &ex,
	    &ex_len), 0);
	fm_free(fm);
}

/* An error string with escapes: with a scratch, the fast path reads it, byte for byte what
 * jansson decodes (each escape, a surrogate pair, raw UTF-8 around them); without one, and
 * for every escape jansson refuses, it declines. */
Test(fieldmap, fast_path_error_escapes)
{
	static const char *const items[] = {"duration_ms=d", NULL};
	static const struct {
		const char *json; /* the error value's text in the line */
		const char *want; /* its bytes; NULL: jansson rejects the line */
	} cases[] = {
		{"\"Get \\\"http://x/\\\": refused\"", "Get \"http://x/\": refused"},
		{"\"\\\\ \\/ \\b\\f\\n\\r\\t end\"", "\\ / \b\f\n\r\t end"},
		{"\"\\u0041\\u00e9\\u20ac\\uD83D\\uDE00\"", "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"},
		{"\"caf\xc3\xa9 \\\"x\\\" \xe2\x82\xac\"", "caf\xc3\xa9 \"x\" \xe2\x82\xac"},
		{"\"\\\"\"", "\""},
		{"\"0123456789abcdef0123456789abcdef\\n0123456789abcdef\"",
		    "0123456789abcdef0123456789abcdef\n0123456789abcdef"},
		{"\"\\u0000\"", NULL},
		{"\"\\uDC00\"", NULL},
		{"\"\\uD800x\"", NULL},
		{"\"\\x\"", NULL},
		{"\"tab\there\"", NULL},
	};
	char why[RECORD_WHY_SIZE], line[256];
	struct fieldmap *fm = make_map(items, FM_NO_EPOCH, FM_UNIT_MS, why, sizeof(why));
	struct fastpath_scratch sc = {0};
	struct expr_raw_member top[FASTPATH_MAX_TOP];
	struct record_parser *p;
	struct record r;
	const char *cx, *ex;
	size_t cx_len, ex_len, n_top;

	cr_assert_not_null(fm, "%s", why);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *want = cases[i].want;
		char *copy;
		size_t len;

		snprintf(line, sizeof(line), "{\"timestamp\":\"2026-01-02T09:18:31.315Z\","
		    "\"operation_type\":\"x\",\"d\":4,\"error\":%s,\"z\":1}", cases[i].json);
		len = strlen(line);
		copy = malloc(len); /* exact size: ASan sees a read past the end */
		cr_assert_not_null(copy);
		memcpy(copy, line, len);
		cr_assert_eq(fastpath_parse_indexed(copy, len, fm, &r, &cx, &cx_len, &ex, &ex_len,
		    top, &n_top, &sc), want != NULL, "%s", line);
		if (want != NULL) {
			cr_assert(r.error_len == strlen(want) && memcmp(r.error, want, r.error_len) == 0,
			    "%s: '%.*s'", line, (int)r.error_len, r.error);
			cr_assert(!r.success);
			cr_assert_eq(n_top, 5);
		}
		cr_assert_eq(fastpath_parse_mapped(copy, len, fm, &r, &cx, &cx_len, &ex, &ex_len),
		    0, "%s", line);
		free(copy);
		FOR_BOTH_PATHS(fast) {
			cr_assert_eq(parse_mapped(fm, fast, line, &r, why, &p), want != NULL ? 0 : -1,
			    "%s", line);
			if (want != NULL)
				cr_assert(r.error_len == strlen(want) &&
				    memcmp(r.error, want, r.error_len) == 0, "%s (%s)", line,
				    fast ? "fast" : "jansson");
			record_parser_free(p);
		}
	}
	free(sc.buf);
	fm_free(fm);
}

/* Values nobody reads, scanned by the skipping scanner: a duplicate key at any depth and
 * an invalid value anywhere make jansson reject the line and the fast path decline; nesting
 * past FASTPATH_MAX_DEPTH is declined though valid; white space anywhere is accepted. */
Test(fieldmap, fast_path_skipped_values)
{
	static const char *const items[] = {"duration_ms=d", NULL};
	static const struct {
		const char *json; /* the value of member "z" */
		int rc;           /* record_parse */
		int fast;         /* fastpath_parse_mapped */
	} cases[] = {
		{"{\"a\":[1,\"s\",{\"b\":null,\"c\":true}],\"d\":false}", 0, 1},
		{" { \"a\" : [ 1 , -2.5e3 , \"s\" ] , \"b\" : { } , \"c\" : [ ] } ", 0, 1},
		{"{\"a\":1,\"a\":2}", -1, 0},
		{"[{\"a\":{\"b\":1,\"c\":2,\"b\":3}}]", -1, 0},
		{"{\"ab\":1,\"ba\":2,\"abc\":3,\"cba\":4,\"a\":5,\"b\":6}", 0, 1},
		{"[1,]", -1, 0},
		{"{\"a\":1,}", -1, 0},
		{"{\"a\" 1}", -1, 0},
		{"[tru]", -1, 0},
		{"[01]", -1, 0},
		{"[00]", -1, 0},
		{"[\"x\"]", 0, 1},
		{"[\"x\",\"y\"]", 0, 1},
		{"[\"x\" ]", 0, 1},
		{"[\"x\\\"\"]", 0, 1},
		{"[\"x\"}", -1, 0},
		{"[\"x\"", -1, 0},
		{"[0,0.5,0e1,-0,0]", 0, 1},
		{"{\"a\":0,\"b\":null,\"c\":[null,0]}", 0, 1},
		{"{\"a\":nul}", -1, 0},
		{"{\"a\":nulll}", -1, 0},
		{"[1234567890123456789]", 0, 0},
		{"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", 0,
		    0},
		{"[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]", 0, 1},
	};
	char why[RECORD_WHY_SIZE], line[512];
	struct fieldmap *fm = make_map(items, FM_NO_EPOCH, FM_UNIT_MS, why, sizeof(why));
	struct record_parser *p;
	struct record r;
	const char *cx, *ex;
	size_t cx_len, ex_len;

	cr_assert_not_null(fm, "%s", why);
	/* arrays of one string 31 deep (the innermost at FASTPATH_MAX_DEPTH) and 32 deep */
	for (int n = 31; n <= 32; n++) {
		char deep[128];

		snprintf(deep, sizeof(deep), "%.*s\"s\"%.*s", n, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
		    n, "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
		snprintf(line, sizeof(line), "{\"timestamp\":\"2026-01-02T09:18:31.315Z\",\"z\":%s,"
		    "\"operation_type\":\"x\",\"d\":4}", deep);
		cr_assert_eq(fastpath_parse_mapped(line, strlen(line), fm, &r, &cx, &cx_len, &ex,
		    &ex_len), n == 31, "%s", line);
		cr_assert_eq(parse_mapped(fm, false, line, &r, why, &p), 0, "%s: %s", line, why);
		record_parser_free(p);
	}
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(line, sizeof(line), "{\"timestamp\":\"2026-01-02T09:18:31.315Z\",\"z\":%s,"
		    "\"operation_type\":\"x\",\"d\":4}", cases[i].json);
		cr_assert_eq(fastpath_parse_mapped(line, strlen(line), fm, &r, &cx, &cx_len, &ex,
		    &ex_len), cases[i].fast, "%s", line);
		FOR_BOTH_PATHS(fast) {
			cr_assert_eq(parse_mapped(fm, fast, line, &r, why, &p), cases[i].rc, "%s: %s",
			    line, why);
			record_parser_free(p);
		}
	}
	fm_free(fm);
}

/* A valid line the fast path indexes but does not read (FASTPATH_INDEXED: Caddy's lines
 * of another logger lack "duration") is filtered by --where over its text exactly when
 * jansson filters it; a line --where keeps, or whose --where needs the parsed value, gets
 * jansson's verdict on both paths. */
Test(fieldmap, where_filters_lines_the_fast_path_only_indexes)
{
	static const struct {
		const char *line;
		int indexed; /* fastpath_parse_indexed's result */
		int want;    /* record_parse's, both paths */
	} cases[] = {
		{"{\"ts\":1796654529.5,\"logger\":\"http.log.error\",\"msg\":\"x\"}",
		    FASTPATH_INDEXED, 1},
		{"{\"ts\":1796654529.5,\"logger\":\"http.log.access.log0\",\"msg\":\"x\"}",
		    FASTPATH_INDEXED, -1},
		{"{\"ts\":1796654529.5,\"logger\":\"tls\",\"duration\":-1,\"op\":\"a\"}",
		    FASTPATH_INDEXED, 1},
		{"{\"ts\":1796654529.5,\"logger\":\"http.log.access\",\"duration\":-1,\"op\":\"a\"}",
		    FASTPATH_INDEXED, -1},
		{"{\"ts\":\"x\",\"logger\":\"tls\",\"duration\":1,\"op\":\"a\"}", FASTPATH_INDEXED, 1},
		{"{\"ts\":1796654529.5,\"logger\":\"tls\",\"duration\":\"1\",\"op\":\"a\"}", 0, 1},
		{"{\"ts\":1796654529.5,\"logger\":{\"a\":1},\"msg\":\"x\"}", FASTPATH_INDEXED, 1},
		{"{\"ts\":1796654529.5,\"logger\":\"tls\",\"msg\":\"x\",\"msg\":\"y\"}", 0, -1},
		{"{\"ts\":1796654529.5,\"logger\":\"tls\",\"msg\":\"x\"", 0, -1},
		{"{\"ts\":1796654529.5,\"logger\":\"http.log.access\",\"duration\":0.5,\"op\":\"a\"}",
		    1, 0},
	};
	char why[RECORD_WHY_SIZE], whys[2][RECORD_WHY_SIZE];
	struct fieldmap *fm = fm_new();
	struct expr_raw_member top[FASTPATH_MAX_TOP];
	struct fastpath_scratch sc = {0};
	struct record_parser *p;
	struct record r;
	const char *cx, *ex;
	size_t cx_len, ex_len, n_top;

	cr_assert_eq(fm_set_field(fm, FM_OPERATION, "op", why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(fm_set_field(fm, FM_DURATION, "duration", why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(fm_set_field(fm, FM_TIMESTAMP, "ts", why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(fm_add_where(fm, "logger ~ \"http.log.access*\"", why, sizeof(why)), 0,
	    "%s", why);
	fm->epoch = FM_UNIT_S;
	fm->duration_unit = FM_UNIT_S;
	cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *line = cases[i].line;

		cr_assert_eq(fastpath_parse_indexed(line, strlen(line), fm, &r, &cx, &cx_len, &ex,
		    &ex_len, top, &n_top, &sc), cases[i].indexed, "%s", line);
		if (cases[i].indexed != 0)
			cr_assert_geq(n_top, 3, "%s", line);
		cr_assert_eq(fastpath_parse_mapped(line, strlen(line), fm, &r, &cx, &cx_len, &ex,
		    &ex_len), cases[i].indexed == 1, "%s", line);
		FOR_BOTH_PATHS(fast) {
			cr_assert_eq(parse_mapped(fm, fast, line, &r, whys[fast], &p), cases[i].want,
			    "%s (fast path %s)", line, fast ? "on" : "off");
			record_parser_free(p);
		}
		if (cases[i].want < 0)
			cr_assert_str_eq(whys[0], whys[1], "%s", line);
	}
	free(sc.buf);
	fm_free(fm);
}

/* The fast path's key lookup by hash (struct fm_node's hash, fm_key_hash): two members of
 * one hash are marked FM_HASH_MANY and both found; a member alone under its hash is named
 * there, and a decoy of the same hash (same length, first and last bytes) is compared and
 * passed over, as jansson does; a key of no member's hash is passed over too. */
Test(fieldmap, fast_path_key_hash)
{
	static const char *const items[] = {"operation_type=axb", "duration_ms=ayb",
	    "timestamp=tXs", NULL};
	char why[RECORD_WHY_SIZE];
	struct fieldmap *fm = make_map(items, FM_UNIT_MS, FM_UNIT_MS, why, sizeof(why));
	const char *line = "{\"azb\":1,\"tYs\":2,\"ayb\":2.5,\"q\":3,"
	    "\"tXs\":\"2026-01-02T09:18:31.315Z\",\"axb\":\"x\",\"aqb\":4}";
	const unsigned char *tx = (const unsigned char *)"tXs", *ax = (const unsigned char *)"axb";
	struct record_parser *p;
	struct record r;
	const char *cx, *ex;
	size_t cx_len, ex_len, it = 0;

	cr_assert_not_null(fm, "%s", why);
	cr_assert_eq(fm_key_hash(ax, 3), fm_key_hash((const unsigned char *)"ayb", 3));
	cr_assert_eq(fm_key_hash(tx, 3), fm_key_hash((const unsigned char *)"tYs", 3));
	cr_assert_eq(fm->root->hash[fm_key_hash(ax, 3)], FM_HASH_MANY);
	while (it < fm->root->n && memcmp(fm->root->m[it].key, "tXs", 3) != 0)
		it++;
	cr_assert_lt(it, fm->root->n);
	cr_assert_eq(fm->root->hash[fm_key_hash(tx, 3)], it + 1);
	cr_assert_eq(fastpath_parse_mapped(line, strlen(line), fm, &r, &cx, &cx_len, &ex,
	    &ex_len), 1);
	FOR_BOTH_PATHS(fast) {
		cr_assert_eq(parse_mapped(fm, fast, line, &r, why, &p), 0, "%s", why);
		expect_op(&r, "x");
		cr_assert_eq(r.ts_us, TS_ISSUE);
		cr_assert(same_double(r.duration_ms, 2.5));
		record_parser_free(p);
	}
	fm_free(fm);
}

/* What the fast path notes of the top-level values nobody maps (struct expr_raw_member's
 * kind and vend): plain strings and plain integers only, and expressions over those notes
 * give what they give over jansson's parse, bit for bit. */
Test(fieldmap, fast_path_top_kinds)
{
	static const struct {
		const char *key;
		enum expr_raw_kind kind;
		const char *text; /* the value's bytes, for a kind other than EXPR_RAW_ANY */
	} want[] = {
		{"timestamp", EXPR_RAW_ANY, NULL}, {"operation_type", EXPR_RAW_ANY, NULL},
		{"duration_ms", EXPR_RAW_ANY, NULL}, {"s", EXPR_RAW_STR, "\"GET x\""},
		{"i", EXPR_RAW_INT, "200"}, {"z", EXPR_RAW_INT, "0"}, {"neg", EXPR_RAW_ANY, NULL},
		{"e", EXPR_RAW_ANY, NULL}, {"u", EXPR_RAW_ANY, NULL},
		{"i18", EXPR_RAW_INT, "123456789012345678"}, {"i0", EXPR_RAW_ANY, NULL},
		{"f", EXPR_RAW_ANY, NULL}, {"x", EXPR_RAW_ANY, NULL}, {"o", EXPR_RAW_ANY, NULL},
		{"n", EXPR_RAW_ANY, NULL}, {"t", EXPR_RAW_ANY, NULL}, {"es", EXPR_RAW_STR, "\"\""},
	};
	static const char *const exprs[] = {"s + \"|\" + i", "i >= 200 && i < 400", "z", "neg",
	    "i18 + 1", "i0", "f", "x", "e", "u", "s", "es + s", "t", "n"};
	const char *line = "{\"timestamp\":\"2026-01-02T09:18:31.315Z\",\"operation_type\":\"a\","
	    "\"duration_ms\":1,\"s\":\"GET x\",\"i\":200,\"z\":0,\"neg\":-5,\"e\":\"a\\nb\","
	    "\"u\":\"\xc3\xa9\",\"i18\":123456789012345678,\"i0\":0.25,"
	    "\"f\":1.5,\"x\":2e3,\"o\":{\"a\":1},\"n\":null,\"t\":true,\"es\":\"\"}";
	char why[RECORD_WHY_SIZE];
	struct fieldmap *fm = fm_new();
	struct expr_raw_member top[FASTPATH_MAX_TOP];
	struct expr_ctx ctx = {0}, jctx = {0};
	struct record r;
	const char *cx, *ex;
	size_t cx_len, ex_len, n_top;
	json_t *root = json_loads(line, 0, NULL);

	cr_assert_not_null(root);
	cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(fastpath_parse_indexed(line, strlen(line), fm, &r, &cx, &cx_len, &ex,
	    &ex_len, top, &n_top, NULL), 1);
	cr_assert_eq(n_top, ARRAY_SIZE(want));
	for (size_t i = 0; i < n_top; i++) {
		cr_assert(top[i].klen == strlen(want[i].key) &&
		    memcmp(top[i].key, want[i].key, top[i].klen) == 0, "member %zu", i);
		cr_assert_eq(top[i].kind, want[i].kind, "%s", want[i].key);
		if (want[i].text != NULL)
			cr_assert(top[i].vend - top[i].val == (ptrdiff_t)strlen(want[i].text) &&
			    memcmp(top[i].val, want[i].text, strlen(want[i].text)) == 0, "%s",
			    want[i].key);
	}
	ctx.top = top;
	ctx.n_top = n_top;
	for (size_t i = 0; i < ARRAY_SIZE(exprs); i++) {
		struct expr *e = expr_compile(exprs[i], why, sizeof(why));
		struct expr_val a, b;
		const char *ta, *tb;
		size_t la, lb;

		cr_assert_not_null(e, "%s", why);
		expr_eval(e, root, &jctx, &b);
		if (expr_eval_raw(e, line, strlen(line), &ctx, &a) < 0) {
			/* only a string with an escape or UTF-8 needs jansson here */
			cr_assert(strcmp(exprs[i], "e") == 0 || strcmp(exprs[i], "u") == 0, "%s",
			    exprs[i]);
			expr_free(e);
			continue;
		}
		cr_assert_eq(a.kind, b.kind, "%s", exprs[i]);
		ta = expr_text(&a, &ctx, &la);
		tb = expr_text(&b, &jctx, &lb);
		cr_assert((ta == NULL && tb == NULL) || (ta != NULL && tb != NULL && la == lb &&
		    memcmp(ta, tb, la) == 0), "%s: '%.*s' '%.*s'", exprs[i], ta ? (int)la : 0,
		    ta ? ta : "", tb ? (int)lb : 0, tb ? tb : "");
		if (a.kind == EXPR_REAL)
			cr_assert(same_double(a.d, b.d), "%s", exprs[i]);
		expr_free(e);
	}
	expr_ctx_free(&ctx);
	expr_ctx_free(&jctx);
	json_decref(root);
	fm_free(fm);
}

/* The fast path's template of top-level keys (struct fastpath_scratch): lines that follow
 * it, leave it part way, repeat a key it matched (mapped or not), add or drop keys, or
 * space a key from its ':' are each read as without it, one scratch for them all, and a
 * line read whole becomes the template. */
Test(fieldmap, fast_path_key_template)
{
#define TS "\"timestamp\":\"2026-01-02T09:18:31.315Z\""
	static const struct {
		const char *line;
		int want;         /* fastpath_parse_indexed's answer */
		const char *op;   /* the operation, when accepted */
		size_t n_top, tk_n; /* the members, the template's keys after the line */
	} cases[] = {
		{"{\"a\":1," TS ",\"operation_type\":\"x\",\"bb\":\"y\",\"duration_ms\":2}", 1, "x", 5, 5},
		{"{\"a\":2," TS ",\"operation_type\":\"y\",\"bb\":\"z\",\"duration_ms\":3}", 1, "y", 5, 5},
		{"{\"a\":2," TS ",\"operation_type\":\"y\",\"bb\":\"z\",\"duration_ms\":3,\"a\":1}", 0,
		    NULL, 0, 5},
		{"{\"a\":2," TS ",\"operation_type\":\"y\",\"bb\":1,\"operation_type\":\"w\"}", 0,
		    NULL, 0, 4},
		{"{\"a\":2," TS ",\"operation_type\":\"y\",\"b\":\"z\",\"duration_ms\":3,\"bb\":4}", 1,
		    "y", 6, 6},
		{"{\"a\":2," TS ",\"operation_type\":\"y\",\"b\":\"z\",\"duration_ms\":3,\"b\":4}", 0,
		    NULL, 0, 5},
		{"{\"a\":2," TS ",\"operation_type\":\"y\",\"bb\":\"z\",\"duration_ms\":3}", 1, "y", 5, 5},
		{"{\"a\":2," TS ",\"operation_type\":\"q\"}", FASTPATH_INDEXED, NULL, 3, 5},
		{"{\"a\":2," TS ",\"operation_type\":\"r\",\"bb\":\"z\",\"duration_ms\":3,\"c\":[1]}", 1,
		    "r", 6, 6},
		{"{\"a\" :2," TS ",\"operation_type\":\"s\",\"bb\":\"z\",\"duration_ms\":3}", 1, "s", 5,
		    5},
		{"{\"a\" :2," TS ",\"operation_type\":\"t\",\"bb\":\"z\",\"duration_ms\":3,\"a\":0}", 0,
		    NULL, 0, 5}, /* the keys before the repeated "a" kept, the first never matching */
		{"{\"a\":2," TS ",\"operation_type\":\"u\",\"bb\":\"z\",\"duration_ms\":3}", 1, "u", 5, 5},
		{"{\"a\":2," TS ",\"operation_type\":\"v\",\"bb\":\"z\",\"duration_ms\":3,\"bb\":1}", 0,
		    NULL, 0, 5},
		{"{\"a\":2," TS ",\"operation_type\":\"w\",\"bb\":\"z\",\"duration_ms\":3}", 1, "w", 5, 5},
	};
#undef TS
	char why[RECORD_WHY_SIZE];
	struct fieldmap *fm = fm_new();
	struct expr_raw_member top[FASTPATH_MAX_TOP];
	struct fastpath_scratch sc = {0};
	struct record_parser *p;
	struct record r, rj;
	const char *cx, *ex;
	size_t cx_len, ex_len, n_top;

	cr_assert_eq(fm_finish(fm, why, sizeof(why)), 0, "%s", why);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *line = cases[i].line;

		cr_assert_eq(fastpath_parse_indexed(line, strlen(line), fm, &r, &cx, &cx_len, &ex,
		    &ex_len, top, &n_top, &sc), cases[i].want, "%s", line);
		if (cases[i].want != 0)
			cr_assert_eq(n_top, cases[i].n_top, "%s", line);
		cr_assert_eq(sc.tk_n, cases[i].tk_n, "%s", line);
		if (cases[i].want != 1)
			continue;
		expect_op(&r, cases[i].op);
		cr_assert_eq(r.ts_us, TS_ISSUE);
		cr_assert_eq(parse_mapped(fm, 0, line, &rj, why, &p), 0, "%s", why);
		cr_assert(same_double(r.duration_ms, rj.duration_ms), "%s", line);
		record_parser_free(p);
	}
	free(sc.buf);
	fm_free(fm);
}

/* fm_epoch_real's division-free rounding (the P-digit rounding of N = m * 5^k by 10^s as
 * a shift when k >= s, as one 64-bit division by 2^s * 5^(s-k) when k < s) against
 * printing, for every k of the shortcut (1..27): random 53-bit mantissas, and mantissas
 * made to give a rounding tie or a neighbour of one for every s of 1..20 in both forms
 * (the low s bits 2^(s-1) for k >= s; m = d / 2 modulo d = 2^s * 5^(s-k) for k < s), and
 * the mantissas next to 2^52 and 2^53. PR_EPOCH_CHECKS / 1000 rounds (default 20). */
Test(fieldmap, epoch_real_rounding_forms)
{
	const char *env = getenv("PR_EPOCH_CHECKS");
	long rounds = env != NULL ? atol(env) / 1000 : 20;
	const uint64_t top = UINT64_C(1) << 53, hidden = UINT64_C(1) << 52;
	uint64_t st = 7;
	int bad = 0;

	for (int k = 1; k <= 27 && bad == 0; k++) {
		static const int64_t deltas[] = {-2, -1, 0, 1, 2};

		for (int j = 1; j <= 3; j++)
			bad += epoch_real_pair(ldexp((double)(hidden + (uint64_t)j), -k)) +
			    epoch_real_pair(ldexp((double)(top - (uint64_t)j), -k));
		for (long r = 0; r < rounds && bad == 0; r++) {
			uint64_t m = hidden | (splitmix_next(&st) & (hidden - 1));

			bad += epoch_real_pair(ldexp((double)m, -k));
			for (int s = 1; s <= 20; s++)
				for (size_t i = 0; i < sizeof(deltas) / sizeof(deltas[0]); i++) {
					uint64_t a = (m & ~((UINT64_C(1) << s) - 1)) | UINT64_C(1) << (s - 1);
					uint64_t b = m;

					a += (uint64_t)deltas[i];
					if (s > k && s - k <= 20) {
						uint64_t d = (uint64_t)pow(5, s - k) << s;

						if (d < hidden)
							b = m - m % d + d / 2 + (uint64_t)deltas[i];
					}
					if (a >= hidden && a < top)
						bad += epoch_real_pair(ldexp((double)a, -k));
					if (b != m && b >= hidden && b < top)
						bad += epoch_real_pair(ldexp((double)b, -k));
				}
		}
	}
	cr_assert_eq(bad, 0, "%d disagreements", bad);
}

/* Epoch numbers of 14 to 20 significant digits (the fast path's fp_epoch_decimal takes
 * those of 16 to 19 with a point and no exponent, Caddy's seconds) in every unit, the point
 * anywhere (point 0: "0." first), sometimes a sign, an exponent or a trailing zero, and
 * integers of 1 to 20 digits (it takes those of 18 at most, without an exponent): the fast
 * path accepts a line only with jansson's instant, and accepts every Caddy-like one (a
 * nonzero first digit, 10 of them before the point, 16 to 19 in all, seconds) and every
 * integer of 18 digits at most that jansson reads in range. */
Test(fieldmap, epoch_decimals_both_paths)
{
	static const char *const items[] = {NULL};
	static const enum fm_unit units[] = {FM_UNIT_S, FM_UNIT_MS, FM_UNIT_US, FM_UNIT_NS};
	char why[RECORD_WHY_SIZE], line[256], num[64];
	uint64_t st = 99;

	for (size_t ui = 0; ui < sizeof(units) / sizeof(units[0]); ui++) {
		struct fieldmap *fm = make_map(items, units[ui], FM_UNIT_MS, why, sizeof(why));
		struct record_parser *jp = record_parser_new();

		cr_assert_not_null(fm, "%s", why);
		record_parser_set_fast(jp, false);
		record_parser_set_fields(jp, fm);
		for (int round = 0; round < 20000; round++) {
			uint64_t x = splitmix_next(&st), y = splitmix_next(&st);
			int nd = 14 + (int)(x % 7), point = (int)((x >> 8) % 21), kind = (int)((x >> 16) % 10);
			bool caddy = kind < 4 && ui == 0, integer = kind >= 8;
			size_t n = 0;
			struct record r, jr;
			const char *cx, *ex;
			size_t cx_len, ex_len;
			int fast, slow;

			if (caddy)
				point = 10;
			if (kind == 5)
				point = 0;
			if (integer) { /* 1 to 20 digits, no point; an exponent after a third */
				nd = 1 + (int)(x % 20);
				point = -1;
			}
			if (kind == 4)
				num[n++] = '-';
			if (point == 0)
				num[n++] = '0';
			for (int i = 0; i < nd; i++, y /= 10) {
				if (i == point)
					num[n++] = '.';
				num[n++] = (char)('0' + (i == 0 ? 1 + y % 9 : y % 10));
			}
			if (kind == 6 || (integer && (x >> 40) % 3 == 0))
				n += (size_t)snprintf(num + n, sizeof(num) - n, "e%d", (int)(y % 3));
			if (kind == 7)
				num[n++] = '0';
			num[n] = '\0';
			snprintf(line, sizeof(line), "{\"timestamp\":%s,\"operation_type\":\"x\","
			    "\"duration_ms\":1}", num);
			fast = fastpath_parse_mapped(line, strlen(line), fm, &r, &cx, &cx_len, &ex,
			    &ex_len);
			slow = record_parse(jp, line, strlen(line), &jr, why);
			if (fast == 1)
				cr_assert(slow == 0 && jr.ts_us == r.ts_us, "%s (unit %zu): fast %lld, "
				    "jansson %d %lld", num, ui, (long long)r.ts_us, slow,
				    (long long)jr.ts_us);
			if (caddy && nd <= 19)
				cr_assert_eq(fast, 1, "%s declined", num);
			if (integer && nd <= 18 && slow == 0)
				cr_assert_eq(fast, 1, "%s declined", num);
		}
		record_parser_free(jp);
		fm_free(fm);
	}
}
