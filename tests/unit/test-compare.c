/* test-compare.c - unit tests for the change rule (change.c) and the compare model
 * (compare.c): the size of a change and its epsilon, the classifier at and around its
 * limits, a row judged by its largest and smallest change, significance, and the matching
 * of the two sides (by name, or by the whole group under --by) with the row order and the
 * verdict. Every expected number is worked out by hand from the values written here. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "compare.h"
#include "xalloc.h"

static bool
near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

/* ---- the change rule ------------------------------------------------------------- */

Test(change, pct_of_the_base_value)
{
	double pct = -1;

	cr_assert(change_pct(100, 110.5, &pct));
	cr_assert(near(pct, 10.5));
	cr_assert(change_pct(200, 150, &pct));
	cr_assert(near(pct, -25));
	/* No change of a base that is not above 0: *pct untouched. */
	pct = 7;
	cr_assert(!change_pct(0, 5, &pct));
	cr_assert(!change_pct(NAN, 5, &pct));
	cr_assert(near(pct, 7));
}

Test(change, rounding_below_the_epsilon_is_zero)
{
	double pct = -1;

	/* 0.1 + 0.2 is 0.30000000000000004: +1.9e-14 %, the rounding of a saved number. */
	cr_assert(change_pct(0.3, 0.1 + 0.2, &pct));
	cr_assert(fabs(100.0 * (0.1 + 0.2 - 0.3) / 0.3) > 0);
	cr_assert(near(pct, 0) && !(pct > 0) && !(pct < 0));
	/* Just above the epsilon it is a change: 1 + 2e-11 against 1 is 2e-9 %. */
	cr_assert(change_pct(1, 1 + 2e-11, &pct));
	cr_assert(pct > CHANGE_EPSILON);
}

Test(change, classify_at_and_around_the_limits)
{
	const struct change_limits lim = {10, 5};

	cr_assert_eq(change_classify(10.5, 10.5, true, &lim), CHANGE_REGRESSION);
	cr_assert_eq(change_classify(10, 10, true, &lim), CHANGE_WARNING); /* not above 10 */
	cr_assert_eq(change_classify(5.5, 5.5, true, &lim), CHANGE_WARNING);
	cr_assert_eq(change_classify(5, 5, true, &lim), CHANGE_SAME);
	cr_assert_eq(change_classify(-5, -5, true, &lim), CHANGE_SAME);
	cr_assert_eq(change_classify(-5.5, -5.5, true, &lim), CHANGE_IMPROVED);
	/* Worse wins over better in one set; nothing counts when not significant. */
	cr_assert_eq(change_classify(6, -50, true, &lim), CHANGE_WARNING);
	cr_assert_eq(change_classify(4, -50, true, &lim), CHANGE_IMPROVED);
	cr_assert_eq(change_classify(50, 50, false, &lim), CHANGE_SAME);
}

Test(change, zero_limits)
{
	const struct change_limits lim = {0, 0};

	cr_assert_eq(change_classify(1e-6, 1e-6, true, &lim), CHANGE_REGRESSION);
	cr_assert_eq(change_classify(0, 0, true, &lim), CHANGE_SAME);
	cr_assert_eq(change_classify(0, -1e-6, true, &lim), CHANGE_IMPROVED);
}

/* ---- the compare model -------------------------------------------------------------- */

/* Options for percentiles 50, 95, 99, no --by, with the given limits. */
static struct options
mkopts(double regress_pct, double warn_pct, double alpha)
{
	struct options o;

	memset(&o, 0, sizeof(o));
	o.regress_pct = regress_pct;
	o.warn_pct = warn_pct;
	o.alpha = alpha;
	o.n_percentiles = 3;
	o.percentiles[0] = 50;
	o.percentiles[1] = 95;
	o.percentiles[2] = 99;
	return o;
}

/* A saved-report side's op (no durations, no stddev: no test). */
static struct cmp_op
mkop(const char *name, uint64_t count, double avg, double p50, double p95, double p99)
{
	struct cmp_op op;

	memset(&op, 0, sizeof(op));
	op.operation = name;
	op.s.count = count;
	op.s.avg_ms = avg;
	op.s.pct_ms[0] = p50;
	op.s.pct_ms[1] = p95;
	op.s.pct_ms[2] = p99;
	return op;
}

static struct comparison *
build(const struct options *o, const struct cmp_op *b, size_t nb, const struct cmp_op *c,
    size_t nc)
{
	static const struct cmp_side base = {(char *)"base.json", CMP_KIND_REPORT, 0};
	struct cmp_side cur = {(char *)"cur.jsonl", CMP_KIND_LOG, 0};

	for (size_t i = 0; i < nc; i++)
		cur.records += c[i].s.count;
	return compare_build(o, 0, &base, b, nb, &cur, c, nc);
}

static const struct cmp_row *
row_of(const struct comparison *c, const char *name)
{
	for (size_t i = 0; i < c->n_rows; i++)
		if (strcmp(c->rows[i].operation, name) == 0)
			return &c->rows[i];
	cr_assert_fail("no row %s", name);
	return NULL;
}

Test(compare, statuses_from_the_largest_and_smallest_change)
{
	const struct options o = mkopts(10, 5, 0.05);
	/* avg 100 each; then p50, p95, p99. */
	const struct cmp_op b[] = {
		mkop("reg", 10, 100, 100, 100, 100), mkop("warn", 10, 100, 100, 100, 100),
		mkop("impr", 10, 100, 100, 100, 100), mkop("same", 10, 100, 100, 100, 100),
		mkop("mixed", 10, 100, 100, 100, 100),
	};
	const struct cmp_op c[] = {
		mkop("reg", 10, 100, 100, 110.5, 100),   /* p95 +10.5 % */
		mkop("warn", 10, 105.5, 100, 100, 110),  /* avg +5.5 %, p99 +10 % exactly: warning */
		mkop("impr", 10, 94.5, 100, 96, 100),    /* avg -5.5 %, p95 -4 % */
		mkop("same", 10, 105, 95, 100, 100),     /* +5 % and -5 % exactly */
		mkop("mixed", 10, 50, 106, 100, 100),    /* avg -50 %, p50 +6 %: warning wins */
	};
	struct comparison *cmp = build(&o, b, 5, c, 5);
	const struct cmp_row *r;

	r = row_of(cmp, "reg");
	cr_assert_eq(r->status, CMP_REGRESSION);
	cr_assert_eq(r->decisive, 2); /* 1 + percentile index 1 (p95) */
	cr_assert(r->has_change[2] && near(r->change_pct[2], 10.5));
	r = row_of(cmp, "warn");
	cr_assert_eq(r->status, CMP_WARNING);
	cr_assert_eq(r->decisive, 3); /* p99's +10 % is the largest */
	r = row_of(cmp, "impr");
	cr_assert_eq(r->status, CMP_IMPROVED);
	cr_assert_eq(r->decisive, 0); /* avg's -5.5 % is the smallest */
	r = row_of(cmp, "same");
	cr_assert_eq(r->status, CMP_SAME);
	cr_assert_eq(r->decisive, -1);
	r = row_of(cmp, "mixed");
	cr_assert_eq(r->status, CMP_WARNING);
	cr_assert_eq(r->decisive, 1);
	cr_assert_eq(cmp->n_regression, 1);
	cr_assert_eq(cmp->n_warning, 2);
	cr_assert_eq(cmp->n_improved, 1);
	cr_assert_eq(cmp->n_same, 1);
	cr_assert_eq(cmp->level, VERDICT_CRITICAL);
	cr_assert_str_eq(cmp->verdict, "1 regression, 2 warnings \xc2\xb7 1 improved");
	compare_free(cmp);
}

Test(compare, base_zero_has_no_change_and_the_rest_decide)
{
	const struct options o = mkopts(10, 5, 0.05);
	const struct cmp_op b[] = {mkop("op", 10, 0, 100, 100, 100)};
	const struct cmp_op c[] = {mkop("op", 10, 5, 100, 94, 100)};
	struct comparison *cmp = build(&o, b, 1, c, 1);

	cr_assert(!cmp->rows[0].has_change[0]);
	cr_assert_eq(cmp->rows[0].status, CMP_IMPROVED); /* p95 -6 % */
	cr_assert_eq(cmp->rows[0].decisive, 2);
	compare_free(cmp);
}

/* The edge where compare and the baseline gate disagreed before they shared change.c: a
 * rounding change (0.1 + 0.2 against 0.3, +1.9e-14 %) under --regress-pct 0 --warn-pct 0
 * was a regression here and unchanged in the gate (test-gate.c: baseline_rounding_change_
 * is_zero). Now it is 0 in both: the same. */
Test(compare, rounding_change_is_the_same_at_zero_limits)
{
	const struct options o = mkopts(0, 0, 1);
	const struct cmp_op b[] = {mkop("op", 10, 0.3, 1, 1, 1)};
	const struct cmp_op c[] = {mkop("op", 10, 0.1 + 0.2, 1, 1, 1)};
	struct comparison *cmp = build(&o, b, 1, c, 1);

	cr_assert(cmp->rows[0].has_change[0]);
	cr_assert(near(cmp->rows[0].change_pct[0], 0) && !(cmp->rows[0].change_pct[0] > 0));
	cr_assert_eq(cmp->rows[0].status, CMP_SAME);
	cr_assert_eq(cmp->level, VERDICT_OK);
	compare_free(cmp);
}

Test(compare, a_change_that_is_not_significant_is_the_same)
{
	const struct options o = mkopts(10, 5, 0.05);
	/* Welch: avg 100 vs 120 with stddev 1000 over 10 records each: p far above 0.05. */
	struct cmp_op b = mkop("op", 10, 100, 100, 100, 100);
	struct cmp_op c = mkop("op", 10, 120, 120, 120, 120);
	struct comparison *cmp;

	b.s.has_stddev = c.s.has_stddev = true;
	b.s.stddev_ms = c.s.stddev_ms = 1000;
	cmp = build(&o, &b, 1, &c, 1);
	cr_assert_eq(cmp->rows[0].test, CMP_TEST_WELCH);
	cr_assert(cmp->rows[0].has_p_value && cmp->rows[0].p_value > 0.5);
	cr_assert_eq(cmp->rows[0].status, CMP_SAME);
	cr_assert(near(cmp->rows[0].change_pct[0], 20));
	compare_free(cmp);
	/* The same change with a small spread is significant: a regression. */
	b.s.stddev_ms = c.s.stddev_ms = 1;
	cmp = build(&o, &b, 1, &c, 1);
	cr_assert(cmp->rows[0].p_value < 0.05);
	cr_assert_eq(cmp->rows[0].status, CMP_REGRESSION);
	compare_free(cmp);
}

Test(compare, matching_by_name_new_gone_and_order)
{
	const struct options o = mkopts(10, 5, 0.05);
	const struct cmp_op b[] = {
		mkop("zeta", 5, 1, 1, 1, 1), mkop("alpha", 7, 1, 1, 1, 1),
		mkop("gone2", 3, 1, 1, 1, 1), mkop("gone1", 9, 1, 1, 1, 1),
	};
	const struct cmp_op c[] = {
		mkop("alpha", 2, 1, 1, 1, 1), mkop("fresh", 40, 1, 1, 1, 1),
		mkop("zeta", 2, 1, 1, 1, 1),
	};
	struct comparison *cmp = build(&o, b, 4, c, 3);
	static const char *const order[] = {"fresh", "alpha", "zeta", "gone1", "gone2"};

	cr_assert_eq(cmp->n_rows, 5);
	/* CURRENT's order (count desc, then name), the gone ones last by name. */
	for (size_t i = 0; i < 5; i++)
		cr_assert_str_eq(cmp->rows[i].operation, order[i]);
	cr_assert_eq(cmp->rows[0].status, CMP_NEW);
	cr_assert(cmp->rows[0].in_cur && !cmp->rows[0].in_base);
	cr_assert_eq(cmp->rows[1].status, CMP_SAME);
	cr_assert(cmp->rows[1].in_base && cmp->rows[1].base.count == 7);
	cr_assert_eq(cmp->rows[3].status, CMP_GONE);
	cr_assert(!cmp->rows[3].in_cur);
	cr_assert_eq(cmp->n_new, 1);
	cr_assert_eq(cmp->n_gone, 2);
	cr_assert_eq(cmp->n_same, 2);
	cr_assert_str_eq(cmp->verdict, "no significant regression");
	compare_free(cmp);
}

Test(compare, matching_under_by_uses_the_whole_group)
{
	struct options o = mkopts(10, 5, 0.05);
	/* Two groups whose values joined with a space look alike ("a b" "c" and "a" "b c"):
	 * each matches only its own group on the other side. */
	char *g1[] = {(char *)"a b", (char *)"c"}, *g2[] = {(char *)"a", (char *)"b c"};
	struct cmp_op b[2], c[2];
	struct comparison *cmp;

	o.grouped = true;
	o.n_by = 2;
	o.by_keys[0] = (char *)"operation_type";
	o.by_keys[1] = (char *)"context.model";
	b[0] = mkop("same name", 5, 100, 100, 100, 100);
	b[0].group = g1;
	b[1] = mkop("same name", 5, 100, 100, 100, 100);
	b[1].group = g2;
	c[0] = mkop("same name", 6, 200, 200, 200, 200); /* g1: +100 % */
	c[0].group = g1;
	c[1] = mkop("same name", 5, 100, 100, 100, 100); /* g2: unchanged */
	c[1].group = g2;
	cmp = build(&o, b, 2, c, 2);
	cr_assert_eq(cmp->n_rows, 2);
	cr_assert_eq(cmp->n_group_keys, 2);
	cr_assert_str_eq(cmp->rows[0].group[0], "a b");
	cr_assert_eq(cmp->rows[0].status, CMP_REGRESSION);
	cr_assert_str_eq(cmp->rows[1].group[0], "a");
	cr_assert_eq(cmp->rows[1].status, CMP_SAME);
	cr_assert_eq(cmp->n_new + cmp->n_gone, 0);
	compare_free(cmp);
}

Test(compare, no_record_in_current_is_no_data)
{
	const struct options o = mkopts(10, 5, 0.05);
	const struct cmp_op b[] = {mkop("op", 5, 1, 1, 1, 1)};
	struct comparison *cmp = build(&o, b, 1, NULL, 0);

	cr_assert_eq(cmp->level, VERDICT_NO_DATA);
	cr_assert_str_eq(cmp->verdict, "no data: no record in CURRENT");
	cr_assert_eq(cmp->rows[0].status, CMP_GONE);
	compare_free(cmp);
}

/* A side that does not hold a percentile (a summary naming fewer, SPEC section 16): that
 * percentile has no change and cannot decide; avg and the percentiles both hold do. */
Test(compare, a_percentile_one_side_lacks_is_left_out)
{
	const struct options o = mkopts(10, 5, 0.05);
	struct cmp_op b[] = {mkop("op", 10, 100, 100, 50, 50),
	    mkop("worse", 10, 100, 100, 50, 50)};
	const struct cmp_op c[] = {mkop("op", 10, 101, 102, 500, 900),
	    mkop("worse", 10, 100, 120, 100, 100)};
	struct comparison *cmp;
	const struct cmp_row *r;

	for (size_t i = 0; i < 2; i++)
		b[i].s.no_pct[1] = b[i].s.no_pct[2] = true; /* only p50 held */
	cmp = build(&o, b, 2, c, 2);
	r = row_of(cmp, "op");
	cr_assert(r->has_change[0] && r->has_change[1]);
	cr_assert(!r->has_change[2] && !r->has_change[3]);
	cr_assert_eq(r->status, CMP_SAME); /* p95 500 against nothing is no regression */
	r = row_of(cmp, "worse");
	cr_assert_eq(r->status, CMP_REGRESSION);
	cr_assert_eq(r->decisive, 1); /* p50 +20 % */
	compare_free(cmp);
}
