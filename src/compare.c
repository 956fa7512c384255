/* compare.c - significance of a change between two sides, and the compare model. */
#include "compare.h"

#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "group.h"
#include "numfmt.h"
#include "stats.h"
#include "xalloc.h"

void
compare_op_of_row(struct cmp_op *op, const struct op_row *row, const double *v, size_t n)
{
	memset(op, 0, sizeof(*op));
	op->operation = row->operation;
	op->group = row->group;
	op->s.count = row->count;
	op->s.avg_ms = row->avg_ms;
	op->s.has_stddev = row->has_stddev;
	op->s.stddev_ms = row->stddev_ms;
	op->s.error_rate_pct = row->error_rate_pct;
	memcpy(op->s.pct_ms, row->pct_ms, sizeof(op->s.pct_ms));
	op->v = v;
	op->n = n;
}

enum cmp_test
compare_test(const struct cmp_op *base, const struct cmp_op *cur, double *p)
{
	if (base->v != NULL && cur->v != NULL) {
		if (base->n == 0 || cur->n == 0)
			return CMP_TEST_NONE;
		*p = stats_mann_whitney_p(base->v, base->n, cur->v, cur->n);
		return CMP_TEST_MANN_WHITNEY;
	}
	if (base->s.count < 2 || cur->s.count < 2 || !base->s.has_stddev ||
	    !cur->s.has_stddev)
		return CMP_TEST_NONE;
	*p = stats_welch_p((double)base->s.count, base->s.avg_ms, base->s.stddev_ms,
	    (double)cur->s.count, cur->s.avg_ms, cur->s.stddev_ms);
	return CMP_TEST_WELCH;
}

bool
compare_significant(enum cmp_test t, double p, double alpha)
{
	return alpha >= 1 || t == CMP_TEST_NONE || p < alpha;
}

/* One side's value of change column k: avg (k 0) or percentile k - 1. */
static double
cmp_value(const struct cmp_stats *s, size_t k)
{
	return k == 0 ? s->avg_ms : s->pct_ms[k - 1];
}

/* Changes and test of an operation present on both sides (its status waits for the
 * family's q-values: cmp_judge). */
static void
cmp_measure(struct comparison *c, struct cmp_row *row, const struct cmp_op *b,
    const struct cmp_op *cu)
{
	for (size_t k = 0; k <= c->n_percentiles; k++)
		row->has_change[k] = (k == 0 || (!row->base.no_pct[k - 1] &&
		    !row->cur.no_pct[k - 1])) && change_pct(cmp_value(&row->base, k),
		    cmp_value(&row->cur, k), &row->change_pct[k]);
	row->test = compare_test(b, cu, &row->p_value);
	row->has_p_value = row->test != CMP_TEST_NONE;
	row->status = CMP_SAME;
	row->decisive = -1;
}

/* The q-values of the comparison's family: every row's test (SPEC section 5); q = p under
 * --fdr off. */
static void
cmp_family(struct comparison *c, bool fdr_off)
{
	double *p = xcalloc(c->n_rows + 1, sizeof(double));
	size_t k = 0, at = 0;

	for (size_t i = 0; i < c->n_rows; i++)
		if (c->rows[i].has_p_value)
			p[k++] = c->rows[i].p_value;
	if (!fdr_off)
		stats_bh_adjust(p, p, k);
	for (size_t i = 0; i < c->n_rows; i++) {
		c->rows[i].has_q_value = c->rows[i].has_p_value;
		if (c->rows[i].has_q_value)
			c->rows[i].q_value = p[at++];
	}
	free(p);
}

/* Status of an operation present on both sides, from its changes (cmp_measure) and its
 * q-value (cmp_family): the change rule (change.h) over the largest and the smallest
 * change of avg and the percentiles; the change that decided a status is the largest for
 * a regression or warning, the smallest for improved. */
static void
cmp_judge(struct comparison *c, struct cmp_row *row)
{
	const struct change_limits lim = {c->regress_pct, c->warn_pct};
	double largest = 0, smallest = 0;
	int at_largest = -1, at_smallest = -1;
	enum change_class cls;

	for (size_t k = 0; k <= c->n_percentiles; k++) {
		double ch = row->change_pct[k];

		if (!row->has_change[k])
			continue;
		if (at_largest < 0 || ch > largest) {
			largest = ch;
			at_largest = (int)k;
		}
		if (at_smallest < 0 || ch < smallest) {
			smallest = ch;
			at_smallest = (int)k;
		}
	}
	row->status = CMP_SAME;
	row->decisive = -1;
	if (at_largest < 0)
		return;
	cls = change_classify(largest, smallest, compare_significant(row->test, row->q_value,
	    c->alpha), &lim);
	if (cls == CHANGE_REGRESSION || cls == CHANGE_WARNING) {
		row->status = cls == CHANGE_REGRESSION ? CMP_REGRESSION : CMP_WARNING;
		row->decisive = at_largest;
	} else if (cls == CHANGE_IMPROVED) {
		row->status = CMP_IMPROVED;
		row->decisive = at_smallest;
	}
}

/* A side's op under the key it is matched on (compare.h: the whole group). */
struct cmp_key {
	char *match;
	const struct cmp_op *op;
	bool matched; /* a base op found on CURRENT's side */
};

static int
cmp_key_cmp(const void *pa, const void *pb)
{
	return strcmp(((const struct cmp_key *)pa)->match, ((const struct cmp_key *)pb)->match);
}

/* What op is matched on (heap): with --by its values encoded as group.h does (so that
 * bytewise order is the order of the values key by key), else its name. */
static char *
cmp_match_of(const struct comparison *c, const struct cmp_op *op)
{
	if (c->n_group_keys == 0)
		return xstrdup(op->operation);
	return group_encode(op->group, c->n_group_keys);
}

/* A row's copy of op's group values (NULL without --by). */
static char **
cmp_group_copy(const struct comparison *c, const struct cmp_op *op)
{
	char **g;

	if (c->n_group_keys == 0)
		return NULL;
	g = xcalloc(c->n_group_keys, sizeof(*g));
	for (size_t k = 0; k < c->n_group_keys; k++)
		g[k] = xstrdup(op->group[k]);
	return g;
}

/* CURRENT's order: count descending, then name; the gone ones last, by name. */
static int
cmp_row_cmp(const void *pa, const void *pb)
{
	const struct cmp_row *a = pa, *b = pb;

	if (a->in_cur != b->in_cur)
		return a->in_cur ? -1 : 1;
	if (a->in_cur && a->cur.count != b->cur.count)
		return a->cur.count > b->cur.count ? -1 : 1;
	return strcmp(a->match, b->match);
}

void
compare_count_item(char **s, size_t n, const char *one, const char *many)
{
	char *next;

	if (n == 0)
		return;
	next = xasprintf("%s%s%zu %s", *s, **s != '\0' ? ", " : "", n, n == 1 ? one : many);
	free(*s);
	*s = next;
}

static void
cmp_verdict(struct comparison *c)
{
	char *text = xstrdup(""), *next;

	if (c->cur.records == 0) {
		c->level = VERDICT_NO_DATA;
		free(text);
		c->verdict = xstrdup("no data: no record in CURRENT");
		return;
	}
	compare_count_item(&text, c->n_regression, "regression", "regressions");
	compare_count_item(&text, c->n_warning, "warning", "warnings");
	c->level = c->n_regression > 0 ? VERDICT_CRITICAL : c->n_warning > 0 ?
	    VERDICT_WARNING : VERDICT_OK;
	if (*text == '\0') {
		free(text);
		text = xstrdup("no significant regression");
	}
	if (c->n_improved > 0) {
		next = xasprintf("%s \xc2\xb7 %zu improved", text, c->n_improved);
		free(text);
		text = next;
	}
	c->verdict = text;
}

static void
cmp_count(struct comparison *c, enum cmp_status s)
{
	switch (s) {
	case CMP_REGRESSION:
		c->n_regression++;
		break;
	case CMP_WARNING:
		c->n_warning++;
		break;
	case CMP_IMPROVED:
		c->n_improved++;
		break;
	case CMP_NEW:
		c->n_new++;
		break;
	case CMP_GONE:
		c->n_gone++;
		break;
	case CMP_SAME:
		c->n_same++;
		break;
	}
}

static void
cmp_side_copy(struct cmp_side *dst, const struct cmp_side *src)
{
	*dst = *src;
	dst->source = xstrdup(src->source);
}

/* The comparison's settings from o: limits, percentiles and --by keys. */
static void
cmp_settings(struct comparison *c, const struct options *o)
{
	char name[NUMFMT_BUFSZ];

	c->alpha = o->alpha;
	c->regress_pct = o->regress_pct;
	c->warn_pct = o->warn_pct;
	c->n_percentiles = o->n_percentiles;
	for (size_t i = 0; i < o->n_percentiles; i++) {
		c->percentiles[i] = o->percentiles[i];
		numfmt_shortest(o->percentiles[i], name);
		c->pct_names[i] = xasprintf("p%s_ms", name);
	}
	if (!o->grouped)
		return;
	c->group_keys = xcalloc(o->n_by, sizeof(char *));
	for (size_t i = 0; i < o->n_by; i++)
		c->group_keys[i] = xstrdup(o->by_keys[i]);
	c->n_group_keys = o->n_by;
}

/* A new row of op (its name, group and match key, which the row takes over). */
static struct cmp_row *
cmp_add_row(struct comparison *c, const struct cmp_op *op, char *match)
{
	struct cmp_row *row = &c->rows[c->n_rows++];

	row->operation = xstrdup(op->operation);
	row->group = cmp_group_copy(c, op);
	row->match = match;
	row->decisive = -1;
	return row;
}

struct comparison *
compare_build(const struct options *o, int64_t generated_at,
    const struct cmp_side *base_side, const struct cmp_op *base, size_t nb,
    const struct cmp_side *cur_side, const struct cmp_op *cur, size_t nc)
{
	struct comparison *c = xcalloc(1, sizeof(*c));
	struct cmp_key *sb = xcalloc(nb + 1, sizeof(*sb));
	size_t i;

	c->generated_at = generated_at;
	cmp_settings(c, o);
	cmp_side_copy(&c->base, base_side);
	cmp_side_copy(&c->cur, cur_side);
	for (i = 0; i < nb; i++) {
		sb[i].match = cmp_match_of(c, &base[i]);
		sb[i].op = &base[i];
	}
	qsort(sb, nb, sizeof(*sb), cmp_key_cmp);
	c->rows = xcalloc(nb + nc + 1, sizeof(*c->rows));
	for (i = 0; i < nc; i++) {
		struct cmp_key k = {cmp_match_of(c, &cur[i]), &cur[i], false};
		struct cmp_key *b = bsearch(&k, sb, nb, sizeof(*sb), cmp_key_cmp);
		struct cmp_row *row = cmp_add_row(c, &cur[i], k.match);

		row->in_cur = true;
		row->cur = cur[i].s;
		if (b == NULL) {
			row->status = CMP_NEW;
			continue;
		}
		b->matched = true;
		row->in_base = true;
		row->base = b->op->s;
		cmp_measure(c, row, b->op, &cur[i]);
	}
	for (i = 0; i < nb; i++) {
		struct cmp_row *row;

		if (sb[i].matched) {
			free(sb[i].match);
			continue;
		}
		row = cmp_add_row(c, sb[i].op, sb[i].match);
		row->in_base = true;
		row->base = sb[i].op->s;
		row->status = CMP_GONE;
	}
	free(sb);
	cmp_family(c, o->fdr_off);
	for (i = 0; i < c->n_rows; i++)
		if (c->rows[i].in_base && c->rows[i].in_cur)
			cmp_judge(c, &c->rows[i]);
	qsort(c->rows, c->n_rows, sizeof(*c->rows), cmp_row_cmp);
	for (i = 0; i < c->n_rows; i++)
		cmp_count(c, c->rows[i].status);
	cmp_verdict(c);
	return c;
}

void
compare_free(struct comparison *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n_percentiles; i++)
		free(c->pct_names[i]);
	for (size_t i = 0; i < c->n_rows; i++) {
		for (size_t k = 0; c->rows[i].group != NULL && k < c->n_group_keys; k++)
			free(c->rows[i].group[k]);
		free(c->rows[i].group);
		free(c->rows[i].match);
		free(c->rows[i].operation);
	}
	free(c->rows);
	for (size_t k = 0; k < c->n_group_keys; k++)
		free(c->group_keys[k]);
	free(c->group_keys);
	free(c->base.source);
	free(c->cur.source);
	free(c->verdict);
	free(c->pcts_note);
	free(c);
}

char *
compare_test_text(const struct cmp_row *row)
{
	char p[NUMFMT_BUFSZ];

	if (!row->has_p_value)
		return xasprintf("no test: %llu vs %llu records",
		    (unsigned long long)row->base.count, (unsigned long long)row->cur.count);
	numfmt_pq_phrase(row->p_value, row->has_q_value, row->q_value, p);
	return xasprintf("%s, %llu vs %llu records, %s", p, (unsigned long long)row->base.count,
	    (unsigned long long)row->cur.count, row->test == CMP_TEST_WELCH ?
	    "Welch's t-test" : "Mann\xe2\x80\x93Whitney U");
}

const char *
compare_status_name(enum cmp_status s)
{
	switch (s) {
	case CMP_IMPROVED:
		return "improved";
	case CMP_WARNING:
		return "warning";
	case CMP_REGRESSION:
		return "regression";
	case CMP_NEW:
		return "new";
	case CMP_GONE:
		return "gone";
	case CMP_SAME:
		break;
	}
	return "same";
}

const char *
compare_test_name(enum cmp_test t)
{
	switch (t) {
	case CMP_TEST_MANN_WHITNEY:
		return "mann-whitney";
	case CMP_TEST_WELCH:
		return "welch";
	case CMP_TEST_NONE:
		break;
	}
	return NULL;
}

const char *
compare_kind_name(enum cmp_kind k)
{
	return k == CMP_KIND_REPORT ? "report" : "log";
}
