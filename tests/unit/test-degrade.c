/* test-degrade.c - the degradation rules of SPEC section 5 on hand-made report rows:
 * strict thresholds, noted flags (faster, new), --min-samples, the order of findings and
 * the numbers they carry. Thresholds below are the SPEC defaults (ratio 2, drift 20 %,
 * error rate 1 %) unless a test says otherwise. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "degrade.h"
#include "report.h"
#include "xalloc.h"

/* alpha 1: the significance tests off, so that these tests see the threshold rules alone
 * (SPEC section 5: "--alpha 1 turns the test off"); the tests under "significance" below
 * set alpha and p-values. */
static const struct detect_opts defaults = {
	.outlier_ratio = 2,
	.drift_pct = 20,
	.error_rate_pct = 1,
	.min_samples = 1,
	.alpha = 1,
};

/* An empty report with room for n rows; free with report_free. */
static struct report *
new_report(size_t n)
{
	struct report *r = xcalloc(1, sizeof(*r));

	r->rows = xcalloc(n + 1, sizeof(*r->rows));
	r->n_rows = n;
	return r;
}

/* A plain row: count records, no failures, average avg, seen before with the same
 * average (so: no flag unless a test changes something). */
static void
set_row(struct op_row *row, const char *name, uint64_t count, double avg)
{
	memset(row, 0, sizeof(*row));
	row->operation = xstrdup(name);
	row->count = count;
	row->success = count;
	row->avg_ms = avg;
	row->min_ms = avg;
	row->max_ms = avg;
	row->prev_count = count;
	row->has_prev_avg = true;
	row->prev_avg_ms = avg;
	row->has_avg_change = true;
	row->avg_change_pct = 0;
}

/* Give row a previous average and the change it implies. */
static void
set_prev(struct op_row *row, double prev_avg)
{
	row->has_prev_avg = true;
	row->prev_avg_ms = prev_avg;
	row->has_avg_change = prev_avg > 0;
	row->avg_change_pct = prev_avg > 0 ? 100.0 * (row->avg_ms - prev_avg) / prev_avg : 0;
}

/* Give row failures and the matching error rate. */
static void
set_failed(struct op_row *row, uint64_t failed)
{
	row->failed = failed;
	row->success = row->count - failed;
	row->error_rate_pct = 100.0 * (double)failed / (double)row->count;
}

/* Run degrade_apply on a one-row report and return the row's flags. */
static unsigned
flags_of_one(struct op_row *row, double p95, const struct detect_opts *d, size_t *n_findings)
{
	struct report *r = new_report(1);
	unsigned f;

	r->rows[0] = *row;
	r->rows[0].operation = xstrdup(row->operation);
	degrade_apply(r, &p95, d);
	f = r->rows[0].flags;
	if (n_findings != NULL)
		*n_findings = r->n_findings;
	report_free(r);
	return f;
}

/* ---- outlier ---------------------------------------------------------------------- */

Test(degrade, outlier_is_strict)
{
	struct op_row row;
	size_t nf;

	set_row(&row, "op", 100, 10.0);
	/* Exactly 2x the average: nothing. */
	cr_assert_eq(flags_of_one(&row, 20.0, &defaults, &nf), 0);
	cr_assert_eq(nf, 0);
	/* The next double above: outlier. */
	cr_assert_eq(flags_of_one(&row, nextafter(20.0, 100.0), &defaults, &nf), FLAG_OUTLIER);
	cr_assert_eq(nf, 1);
	cr_assert_eq(flags_of_one(&row, 19.99, &defaults, NULL), 0);
	free(row.operation);
}

Test(degrade, outlier_ratio_is_an_option)
{
	struct op_row row;
	struct detect_opts d = defaults;

	set_row(&row, "op", 100, 10.0);
	d.outlier_ratio = 1.5;
	cr_assert_eq(flags_of_one(&row, 15.0, &d, NULL), 0);
	cr_assert_eq(flags_of_one(&row, 15.01, &d, NULL), FLAG_OUTLIER);
	d.outlier_ratio = 3;
	cr_assert_eq(flags_of_one(&row, 25.0, &d, NULL), 0);
	free(row.operation);
}

Test(degrade, zero_average_and_zero_p95_is_no_outlier)
{
	struct op_row row;

	set_row(&row, "op", 10, 0.0);
	cr_assert_eq(flags_of_one(&row, 0.0, &defaults, NULL), 0);
	free(row.operation);
}

/* ---- slower / faster ---------------------------------------------------------------- */

Test(degrade, slower_is_strict)
{
	struct op_row row;
	size_t nf;

	set_row(&row, "op", 10, 120.0);
	/* +20 % exactly (100 -> 120): nothing. */
	set_prev(&row, 100.0);
	cr_assert(same_double(row.avg_change_pct, 20.0));
	cr_assert_eq(flags_of_one(&row, 120.0, &defaults, &nf), 0);
	cr_assert_eq(nf, 0);
	/* Just above. */
	row.avg_change_pct = nextafter(20.0, 100.0);
	cr_assert_eq(flags_of_one(&row, 120.0, &defaults, &nf), FLAG_SLOWER);
	cr_assert_eq(nf, 1);
	row.avg_change_pct = 20.5;
	cr_assert_eq(flags_of_one(&row, 120.0, &defaults, NULL), FLAG_SLOWER);
	free(row.operation);
}

Test(degrade, faster_is_strict_and_noted_only)
{
	struct op_row row;
	size_t nf;

	set_row(&row, "op", 10, 80.0);
	set_prev(&row, 100.0); /* -20 % exactly */
	cr_assert(same_double(row.avg_change_pct, -20.0));
	cr_assert_eq(flags_of_one(&row, 80.0, &defaults, &nf), 0);
	row.avg_change_pct = nextafter(-20.0, -100.0);
	cr_assert_eq(flags_of_one(&row, 80.0, &defaults, &nf), FLAG_FASTER);
	cr_assert_eq(nf, 0, "faster is not a degradation");
	row.avg_ms = 40;
	set_prev(&row, 100.0); /* -60 % */
	cr_assert_eq(flags_of_one(&row, 40.0, &defaults, &nf), FLAG_FASTER);
	cr_assert_eq(nf, 0);
	free(row.operation);
}

Test(degrade, drift_pct_is_an_option)
{
	struct op_row row;
	struct detect_opts d = defaults;

	set_row(&row, "op", 10, 105.0);
	set_prev(&row, 100.0); /* +5 % */
	d.drift_pct = 5;
	cr_assert_eq(flags_of_one(&row, 105.0, &d, NULL), 0);
	d.drift_pct = 4.9;
	cr_assert_eq(flags_of_one(&row, 105.0, &d, NULL), FLAG_SLOWER);
	free(row.operation);
}

Test(degrade, no_avg_change_means_neither_slower_nor_faster)
{
	struct op_row row;

	/* A stale change value must be ignored when has_avg_change is false (prev avg 0). */
	set_row(&row, "op", 10, 50.0);
	row.has_prev_avg = true;
	row.prev_avg_ms = 0;
	row.has_avg_change = false;
	row.avg_change_pct = 500.0;
	cr_assert_eq(flags_of_one(&row, 50.0, &defaults, NULL), 0);
	row.avg_change_pct = -500.0;
	cr_assert_eq(flags_of_one(&row, 50.0, &defaults, NULL), 0);
	free(row.operation);
}

/* ---- errors ------------------------------------------------------------------------- */

Test(degrade, errors_is_strict)
{
	struct op_row row;
	size_t nf;

	set_row(&row, "op", 100, 10.0);
	set_failed(&row, 1); /* exactly 1 % */
	cr_assert(same_double(row.error_rate_pct, 1.0));
	cr_assert_eq(flags_of_one(&row, 10.0, &defaults, &nf), 0);
	cr_assert_eq(nf, 0);
	row.error_rate_pct = nextafter(1.0, 2.0);
	cr_assert_eq(flags_of_one(&row, 10.0, &defaults, &nf), FLAG_ERRORS);
	cr_assert_eq(nf, 1);
	set_failed(&row, 2); /* 2 % */
	cr_assert_eq(flags_of_one(&row, 10.0, &defaults, NULL), FLAG_ERRORS);
	set_failed(&row, 0);
	cr_assert_eq(flags_of_one(&row, 10.0, &defaults, NULL), 0);
	free(row.operation);
}

Test(degrade, error_rate_limit_is_an_option)
{
	struct op_row row;
	struct detect_opts d = defaults;

	set_row(&row, "op", 100, 10.0);
	set_failed(&row, 5);
	d.error_rate_pct = 5;
	cr_assert_eq(flags_of_one(&row, 10.0, &d, NULL), 0);
	d.error_rate_pct = 0;
	set_failed(&row, 1);
	cr_assert_eq(flags_of_one(&row, 10.0, &d, NULL), FLAG_ERRORS);
	free(row.operation);
}

/* ---- new ---------------------------------------------------------------------------- */

Test(degrade, new_when_not_in_previous_window)
{
	struct op_row row;
	size_t nf;

	set_row(&row, "op", 3, 10.0);
	row.prev_count = 0;
	row.has_prev_avg = false;
	row.prev_avg_ms = 0;
	row.has_avg_change = false;
	cr_assert_eq(flags_of_one(&row, 10.0, &defaults, &nf), FLAG_NEW);
	cr_assert_eq(nf, 0, "new is not a degradation");
	/* New and failing and skewed: all three flags, two findings. */
	set_failed(&row, 1);
	cr_assert_eq(flags_of_one(&row, 30.0, &defaults, &nf),
	    FLAG_NEW | FLAG_ERRORS | FLAG_OUTLIER);
	cr_assert_eq(nf, 2);
	free(row.operation);
}

/* ---- min_samples ---------------------------------------------------------------------- */

Test(degrade, min_samples_suppresses_every_flag)
{
	struct op_row row;
	struct detect_opts d = defaults;
	size_t nf;

	/* A row that would raise outlier, slower and errors. */
	set_row(&row, "op", 4, 30.0);
	set_prev(&row, 10.0);
	set_failed(&row, 2);
	d.min_samples = 5;
	cr_assert_eq(flags_of_one(&row, 100.0, &d, &nf), 0);
	cr_assert_eq(nf, 0);
	/* New and faster are suppressed too. */
	row.prev_count = 0;
	row.has_prev_avg = false;
	row.has_avg_change = false;
	cr_assert_eq(flags_of_one(&row, 100.0, &d, &nf), 0);
	set_prev(&row, 100.0);
	row.prev_count = 7;
	cr_assert_eq(flags_of_one(&row, 100.0, &d, &nf), 0);
	/* At exactly min_samples the flags come back. */
	row.count = 5;
	set_failed(&row, 2);
	cr_assert_eq(flags_of_one(&row, 100.0, &d, &nf),
	    FLAG_OUTLIER | FLAG_FASTER | FLAG_ERRORS);
	cr_assert_eq(nf, 2);
	free(row.operation);
}

/* ---- findings ------------------------------------------------------------------------ */

Test(degrade, findings_in_row_order_then_outlier_slower_errors)
{
	struct report *r = new_report(3);
	double p95[3];

	/* Row 0: errors only. */
	set_row(&r->rows[0], "alpha", 200, 10.0);
	set_failed(&r->rows[0], 10);            /* 5 % */
	p95[0] = 12.0;
	/* Row 1: all three degradations. */
	set_row(&r->rows[1], "beta", 100, 30.0);
	set_prev(&r->rows[1], 20.0);            /* +50 % */
	set_failed(&r->rows[1], 3);             /* 3 % */
	p95[1] = 90.0;                          /* > 60 */
	/* Row 2: outlier only. */
	set_row(&r->rows[2], "gamma", 50, 4.0);
	p95[2] = 8.5;                           /* > 8 */

	degrade_apply(r, p95, &defaults);
	cr_assert_eq(r->rows[0].flags, FLAG_ERRORS);
	cr_assert_eq(r->rows[1].flags, FLAG_OUTLIER | FLAG_SLOWER | FLAG_ERRORS);
	cr_assert_eq(r->rows[2].flags, FLAG_OUTLIER);
	cr_assert_eq(r->n_findings, 5);
	cr_assert_gt(r->n_findings, 0);

	cr_assert_str_eq(r->findings[0].operation, "alpha");
	cr_assert_eq(r->findings[0].flag, FLAG_ERRORS);
	cr_assert(same_double(r->findings[0].value, 5.0));
	cr_assert(same_double(r->findings[0].threshold, 1.0));
	cr_assert_not(r->findings[0].has_previous);

	cr_assert_str_eq(r->findings[1].operation, "beta");
	cr_assert_eq(r->findings[1].flag, FLAG_OUTLIER);
	cr_assert(same_double(r->findings[1].value, 90.0));
	cr_assert(same_double(r->findings[1].threshold, 60.0));
	cr_assert_not(r->findings[1].has_previous);

	cr_assert_str_eq(r->findings[2].operation, "beta");
	cr_assert_eq(r->findings[2].flag, FLAG_SLOWER);
	cr_assert(same_double(r->findings[2].value, 30.0), "slower value is the average");
	cr_assert(same_double(r->findings[2].threshold, 20.0), "slower threshold is drift pct");
	cr_assert(r->findings[2].has_previous);
	cr_assert(same_double(r->findings[2].previous, 20.0));

	cr_assert_str_eq(r->findings[3].operation, "beta");
	cr_assert_eq(r->findings[3].flag, FLAG_ERRORS);
	cr_assert(same_double(r->findings[3].value, 3.0));
	cr_assert(same_double(r->findings[3].threshold, 1.0));

	cr_assert_str_eq(r->findings[4].operation, "gamma");
	cr_assert_eq(r->findings[4].flag, FLAG_OUTLIER);
	cr_assert(same_double(r->findings[4].value, 8.5));
	cr_assert(same_double(r->findings[4].threshold, 8.0));
	report_free(r);
}

Test(degrade, finding_messages_carry_the_numbers)
{
	struct report *r = new_report(1);
	double p95 = 90.0;

	set_row(&r->rows[0], "beta", 100, 30.0);
	set_prev(&r->rows[0], 20.0);
	set_failed(&r->rows[0], 3);
	degrade_apply(r, &p95, &defaults);
	cr_assert_eq(r->n_findings, 3);
	for (size_t i = 0; i < 3; i++) {
		cr_assert_not_null(r->findings[i].message);
		cr_assert_null(strchr(r->findings[i].message, '\n'));
	}
	/* outlier: p95 90.00, average 30.00, threshold 60.00 */
	cr_assert_not_null(strstr(r->findings[0].message, "90.00"), "%s", r->findings[0].message);
	cr_assert_not_null(strstr(r->findings[0].message, "30.00"), "%s", r->findings[0].message);
	cr_assert_not_null(strstr(r->findings[0].message, "60.00"), "%s", r->findings[0].message);
	/* slower: +50.0 %, from 20.00 to 30.00 */
	cr_assert_not_null(strstr(r->findings[1].message, "50.0"), "%s", r->findings[1].message);
	cr_assert_not_null(strstr(r->findings[1].message, "20.00"), "%s", r->findings[1].message);
	cr_assert_not_null(strstr(r->findings[1].message, "30.00"), "%s", r->findings[1].message);
	/* errors: 3.00 % above 1 %, 3 of 100 */
	cr_assert_not_null(strstr(r->findings[2].message, "3.00"), "%s", r->findings[2].message);
	cr_assert_not_null(strstr(r->findings[2].message, "3 of 100"), "%s",
	    r->findings[2].message);
	report_free(r);
}

Test(degrade, noted_flags_only_means_no_degradation)
{
	struct report *r = new_report(2);
	double p95[2] = {10.0, 10.0};

	set_row(&r->rows[0], "fast", 10, 10.0);
	set_prev(&r->rows[0], 100.0);
	set_row(&r->rows[1], "fresh", 10, 10.0);
	r->rows[1].prev_count = 0;
	r->rows[1].has_prev_avg = false;
	r->rows[1].has_avg_change = false;
	degrade_apply(r, p95, &defaults);
	cr_assert_eq(r->rows[0].flags, FLAG_FASTER);
	cr_assert_eq(r->rows[1].flags, FLAG_NEW);
	cr_assert_eq(r->n_findings, 0);
	cr_assert_eq(r->n_findings, 0);
	report_free(r);
}

Test(degrade, stale_flags_are_cleared)
{
	struct report *r = new_report(1);
	double p95 = 10.0;

	set_row(&r->rows[0], "calm", 10, 10.0);
	r->rows[0].flags = FLAG_OUTLIER | FLAG_SLOWER | FLAG_ERRORS | FLAG_NEW | FLAG_FASTER;
	degrade_apply(r, &p95, &defaults);
	cr_assert_eq(r->rows[0].flags, 0);
	cr_assert_eq(r->n_findings, 0);
	report_free(r);
}

Test(degrade, uses_the_p95_array_not_the_row)
{
	/* The row's own percentile columns (say p50/p99 only) are not the test. */
	struct report *r = new_report(2);
	double p95[2] = {15.0, 25.0};

	set_row(&r->rows[0], "a", 10, 10.0);
	r->rows[0].pct_ms[0] = 1000.0;
	set_row(&r->rows[1], "b", 10, 10.0);
	r->rows[1].pct_ms[0] = 1.0;
	degrade_apply(r, p95, &defaults);
	cr_assert_eq(r->rows[0].flags, 0);
	cr_assert_eq(r->rows[1].flags, FLAG_OUTLIER);
	cr_assert_eq(r->n_findings, 1);
	cr_assert_str_eq(r->findings[0].operation, "b");
	report_free(r);
}

Test(degrade, many_rows_many_findings)
{
	size_t n = 500;
	struct report *r = new_report(n);
	double *p95 = xcalloc(n, sizeof(double));

	for (size_t i = 0; i < n; i++) {
		char name[32];

		snprintf(name, sizeof(name), "op%03zu", i);
		set_row(&r->rows[i], name, 100, 10.0);
		set_failed(&r->rows[i], 50);
		p95[i] = i % 2 ? 50.0 : 10.0;
	}
	degrade_apply(r, p95, &defaults);
	cr_assert_eq(r->n_findings, n + n / 2);
	for (size_t i = 0, k = 0; i < n; i++) {
		char name[32];

		snprintf(name, sizeof(name), "op%03zu", i);
		if (i % 2) {
			cr_assert_str_eq(r->findings[k].operation, name);
			cr_assert_eq(r->findings[k++].flag, FLAG_OUTLIER);
		}
		cr_assert_str_eq(r->findings[k].operation, name);
		cr_assert_eq(r->findings[k++].flag, FLAG_ERRORS);
	}
	free(p95);
	report_free(r);
}

Test(degrade, flag_names)
{
	cr_assert_str_eq(flag_name(FLAG_OUTLIER), "outlier");
	cr_assert_str_eq(flag_name(FLAG_SLOWER), "slower");
	cr_assert_str_eq(flag_name(FLAG_FASTER), "faster");
	cr_assert_str_eq(flag_name(FLAG_ERRORS), "errors");
	cr_assert_str_eq(flag_name(FLAG_NEW), "new");
}

/* ---- significance (SPEC section 5) ---------------------------------------------------- */

/* The SPEC defaults with the tests on. */
static const struct detect_opts tested = {
	.outlier_ratio = 2,
	.drift_pct = 20,
	.error_rate_pct = 1,
	.min_samples = 1,
	.alpha = 0.05,
};

/* Run degrade_apply on one row; *out gets a copy of the first finding (flag FLAG_NEW when
 * there is none; its strings are not kept). */
static unsigned
apply_one(struct op_row *row, double p95, const struct detect_opts *d, struct finding *out)
{
	struct report *r = new_report(1);
	unsigned f;

	r->rows[0] = *row;
	r->rows[0].operation = xstrdup(row->operation);
	degrade_apply(r, &p95, d);
	f = r->rows[0].flags;
	memset(out, 0, sizeof(*out));
	out->flag = FLAG_NEW;
	if (r->n_findings > 0) {
		*out = r->findings[0];
		out->operation = NULL;
		out->message = NULL;
	}
	report_free(r);
	return f;
}

Test(degrade, slower_needs_p_below_alpha)
{
	struct op_row row;
	struct finding f;

	set_row(&row, "op", 200, 15.0);
	set_prev(&row, 10.0); /* +50 % */
	row.prev_count = 150;
	row.has_p_value = true;
	row.p_value = 0.2;
	cr_assert_eq(apply_one(&row, 15.0, &tested, &f), 0);
	row.p_value = 0.05; /* strict: p must be below alpha */
	cr_assert_eq(apply_one(&row, 15.0, &tested, &f), 0);
	row.p_value = 0.003;
	cr_assert_eq(apply_one(&row, 15.0, &tested, &f), FLAG_SLOWER);
	cr_assert_eq(f.flag, FLAG_SLOWER);
	cr_assert_eq(f.level, LEVEL_CRITICAL);
	cr_assert(f.has_p_value);
	cr_assert(same_double(f.p_value, 0.003));
	cr_assert_eq(f.count, 200);
	cr_assert_eq(f.prev_count, 150);
	/* No test (no p-value): no drift flag while alpha < 1. */
	row.has_p_value = false;
	cr_assert_eq(apply_one(&row, 15.0, &tested, &f), 0);
	free(row.operation);
}

Test(degrade, faster_needs_p_below_alpha)
{
	struct op_row row;
	struct finding f;

	set_row(&row, "op", 200, 5.0);
	set_prev(&row, 10.0); /* -50 % */
	row.has_p_value = true;
	row.p_value = 0.5;
	cr_assert_eq(apply_one(&row, 5.0, &tested, &f), 0);
	row.p_value = 0.01;
	cr_assert_eq(apply_one(&row, 5.0, &tested, &f), FLAG_FASTER);
	free(row.operation);
}

Test(degrade, min_samples_applies_to_the_previous_window_for_drift)
{
	struct op_row row;
	struct finding f;
	struct detect_opts d = tested;

	d.min_samples = 30;
	set_row(&row, "op", 40, 15.0);
	set_prev(&row, 10.0);
	row.prev_count = 29;
	row.has_p_value = true;
	row.p_value = 1e-6;
	cr_assert_eq(apply_one(&row, 15.0, &d, &f), 0);
	row.prev_count = 30;
	cr_assert_eq(apply_one(&row, 15.0, &d, &f), FLAG_SLOWER);
	free(row.operation);
}

Test(degrade, errors_need_the_binomial_test)
{
	struct op_row row;
	struct finding f;

	/* SPEC: 1 failure in 6 at the 1 % limit: p = 0.059, no flag. */
	set_row(&row, "op", 6, 10.0);
	set_failed(&row, 1);
	cr_assert_eq(apply_one(&row, 10.0, &tested, &f), 0);
	/* With the test off, the old rule flags it. */
	cr_assert_eq(apply_one(&row, 10.0, &defaults, &f), FLAG_ERRORS);
	cr_assert_eq(f.level, LEVEL_CRITICAL);
	/* 3 failures in 6: P(X >= 3 | 6, 0.01) is about 1.9e-5. */
	set_failed(&row, 3);
	cr_assert_eq(apply_one(&row, 10.0, &tested, &f), FLAG_ERRORS);
	cr_assert(f.has_p_value);
	cr_assert(f.p_value > 1.9e-5 && f.p_value < 2.0e-5, "p = %g", f.p_value);
	free(row.operation);
}

Test(degrade, outlier_is_a_warning)
{
	struct op_row row;
	struct finding f;

	set_row(&row, "op", 100, 10.0);
	cr_assert_eq(apply_one(&row, 25.0, &tested, &f), FLAG_OUTLIER);
	cr_assert_eq(f.level, LEVEL_WARNING);
	cr_assert_not(f.has_p_value);
	free(row.operation);
}

/* ---- one family of tests (SPEC section 5, "Many rows, one verdict") --------------- */

/* Two rows: "a" slower by 50 % with drift p = 0.02, "b" with 1 failure in 5 (binomial
 * p = 1 - 0.99^5 = 0.049) and an unchanged average with drift p = 0.9. The family is the
 * two drift tests and b's errors test: p 0.02, 0.049, 0.9 -> q 0.06, 0.0735, 0.9. */
static struct report *
family_report(void)
{
	struct report *r = new_report(2);

	set_row(&r->rows[0], "a", 100, 15.0);
	set_prev(&r->rows[0], 10.0);
	r->rows[0].has_p_value = true;
	r->rows[0].p_value = 0.02;
	set_row(&r->rows[1], "b", 5, 10.0);
	set_failed(&r->rows[1], 1);
	r->rows[1].has_p_value = true;
	r->rows[1].p_value = 0.9;
	return r;
}

Test(degrade, family_q_values_decide)
{
	struct detect_opts d = defaults;
	const double p95[2] = {15, 10};
	struct report *r = family_report();
	double q_errors = (1 - pow(0.99, 5)) * 3 / 2;

	d.alpha = 0.05;
	degrade_apply(r, p95, &d);
	cr_assert(r->rows[0].has_q_value);
	cr_assert_float_eq(r->rows[0].q_value, 0.06, 1e-15);
	cr_assert_float_eq(r->rows[1].q_value, 0.9, 1e-15);
	/* p < 0.05 each, but q is not: no slower, no errors */
	cr_assert_eq(r->rows[0].flags, 0);
	cr_assert_eq(r->rows[1].flags, 0);
	cr_assert_eq(r->n_findings, 0);
	/* --alpha 0.07: a's q 0.06 counts, b's errors q 0.0735 still not */
	d.alpha = 0.07;
	degrade_apply(r, p95, &d);
	cr_assert_eq(r->rows[0].flags, FLAG_SLOWER);
	cr_assert_eq(r->rows[1].flags, 0);
	cr_assert_eq(r->n_findings, 1);
	cr_assert_float_eq(r->findings[0].q_value, 0.06, 1e-15);
	cr_assert_float_eq(r->findings[0].p_value, 0.02, 1e-15);
	/* --alpha 0.08: both, the errors finding with its own q */
	d.alpha = 0.08;
	degrade_apply(r, p95, &d);
	cr_assert_eq(r->n_findings, 2, "findings of earlier calls are replaced");
	cr_assert_eq(r->findings[1].flag, FLAG_ERRORS);
	cr_assert(r->findings[1].has_q_value);
	cr_assert_float_eq(r->findings[1].q_value, q_errors, 1e-12);
	report_free(r);
}

Test(degrade, fdr_off_is_the_per_test_rule)
{
	struct detect_opts d = defaults;
	const double p95[2] = {15, 10};
	struct report *r = family_report();

	d.alpha = 0.05;
	d.fdr_off = true;
	degrade_apply(r, p95, &d);
	cr_assert_eq(r->rows[0].flags, FLAG_SLOWER);
	cr_assert_eq(r->rows[1].flags, FLAG_ERRORS);
	cr_assert_float_eq(r->rows[0].q_value, 0.02, 1e-15);
	cr_assert_float_eq(r->findings[1].q_value, r->findings[1].p_value, 1e-15);
	report_free(r);
}

/* Extra tests (the baseline's) join the family: with 0.001 and 0.002 added, k = 5 and a's
 * 0.02 ranks third: q = min(0.02 * 5 / 3, 0.049 * 5 / 4) = 0.0333; their own q 0.005. */
Test(degrade, extra_tests_join_the_family)
{
	struct detect_opts d = defaults;
	const double p95[2] = {15, 10}, extra[2] = {0.002, 0.001};
	double q[2] = {-1, -1};
	struct report *r = family_report();

	d.alpha = 0.05;
	d.extra_p = extra;
	d.extra_q = q;
	d.n_extra = 2;
	degrade_apply(r, p95, &d);
	cr_assert_float_eq(q[0], 0.005, 1e-15);
	cr_assert_float_eq(q[1], 0.005, 1e-15);
	cr_assert_float_eq(r->rows[0].q_value, 0.02 * 5 / 3, 1e-15);
	cr_assert_eq(r->rows[0].flags, FLAG_SLOWER, "smaller p-values beside it lower its q");
	report_free(r);
}

/* --min-coverage: the drift is not judged, its test leaves the family (has_q_value
 * false), and the errors test alone is its own family (q = p). */
Test(degrade, unjudged_drift_leaves_the_family)
{
	struct detect_opts d = defaults;
	const double p95[2] = {15, 10};
	struct report *r = family_report();

	d.alpha = 0.05;
	d.drift_unjudged = true;
	degrade_apply(r, p95, &d);
	cr_assert_not(r->rows[0].has_q_value);
	cr_assert_not(r->rows[1].has_q_value);
	cr_assert_eq(r->rows[0].flags, 0, "no slower however large the change");
	cr_assert_eq(r->rows[1].flags, FLAG_ERRORS);
	cr_assert_float_eq(r->findings[0].q_value, r->findings[0].p_value, 1e-15);
	/* alpha 1 neither: the window is not judged at all */
	d.alpha = 1;
	degrade_apply(r, p95, &d);
	cr_assert_eq(r->rows[0].flags, 0);
	report_free(r);
}
