/* emit-term.c - the terminal view (SPEC section 13): the Markdown report's sections laid
 * out for a person at a terminal of eo->width cells. Headings in capitals (bold with
 * colour), tables aligned by term-table.c with numbers right-aligned, columns dropped from
 * the least important when the terminal is narrow (P50, Min, Success, Max, then the other
 * percentiles, Δ avg, Count), names shortened with "…", never a number; flags and statuses
 * coloured when eo->color, and only what is flagged. The sections come in the order a
 * person reads the answer in: title and verdict, operations, degradation, targets and
 * baseline, then reliability, trends and the slowest and most frequent lists. With --by, the tables that list rows have one column per key
 * (headed by the key as given) in place of "Operation", and with --explain each slower
 * finding is followed by its breakdown, as in Markdown. Every piece of input text is
 * escaped by term-table.c before it is written (utf8_escape), so no control byte from a
 * log reaches the terminal. The emitter only formats what the model holds. */
#include "emit-term.h"

#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "gate.h"
#include "numfmt.h"
#include "term-table.h"
#include "timeutil.h"
#include "xalloc.h"

#define TERM_BOLD   "\033[1m"
#define TERM_DIM    "\033[2m"
#define TERM_RED    "\033[31m"
#define TERM_GREEN  "\033[32m"
#define TERM_YELLOW "\033[33m"
#define TERM_BRED   "\033[1;31m"
#define TERM_BGREEN "\033[1;32m"
#define TERM_BYELLOW "\033[1;33m"
#define TERM_RESET  "\033[0m"

/* Room for a number from numfmt and a sign or a percent sign. */
#define TERM_BUFSZ (NUMFMT_BUFSZ + 8)

#define TERM_DASH "\xe2\x80\x94" /* U+2014, an unknown value */

/* Everything a section writer needs. */
struct term {
	const struct report *r;
	FILE *out;
	size_t width;
	bool color;
	long top;          /* --top: how many --explain values a finding shows (< 0: all) */
	const char *unit;  /* "ms", or --unit LABEL */
};

/* A paragraph of one piece. */
static void
term_line(const struct term *t, const char *text, const char *color, size_t indent)
{
	struct tt_seg seg = {text, color};

	tt_para(t->out, &seg, 1, t->width, indent, indent, t->color);
}

/* A section: a blank line, then its name in capitals (bold with colour). */
static void
term_heading(const struct term *t, const char *text)
{
	fputs("\n", t->out);
	term_line(t, text, TERM_BOLD, 0);
}

static void
term_ms(double v, char buf[TERM_BUFSZ])
{
	numfmt_fixed(v, 2, buf);
}

/* Colour of a row's flags cell: red for a critical degradation (slower, errors), yellow for
 * a warning (outlier) or new, green for faster. */
static const char *
term_flags_color(unsigned flags)
{
	if (flags & (FLAG_SLOWER | FLAG_ERRORS))
		return TERM_RED;
	if (flags & FLAG_OUTLIER)
		return TERM_YELLOW;
	if (flags & FLAG_FASTER)
		return TERM_GREEN;
	return flags != 0 ? TERM_YELLOW : NULL;
}

/* The verdict's mark and colour. Levels the emitter does not know read as a warning. */
static void
term_verdict(const struct term *t)
{
	const struct gate_results *g = &t->r->gate;
	struct tt_seg seg[2];

	if (g->verdict == NULL)
		return;
	if (g->level == VERDICT_OK) {
		seg[0].text = "\xe2\x9c\x94 "; /* U+2714 heavy check mark */
		seg[0].color = TERM_BGREEN;
	} else if (g->level == VERDICT_CRITICAL) {
		seg[0].text = "\xe2\x9c\x96 "; /* U+2716 heavy multiplication x */
		seg[0].color = TERM_BRED;
	} else {
		seg[0].text = "! ";
		seg[0].color = TERM_BYELLOW;
	}
	seg[1].text = g->verdict;
	seg[1].color = seg[0].color;
	fputs("\n", t->out);
	tt_para(t->out, seg, 2, t->width, 0, 2, t->color);
}

static void
term_title(const struct term *t)
{
	const struct report *r = t->r;
	char gen[TU_BUFSZ], start[TU_BUFSZ], end[TU_BUFSZ], *line;

	line = xasprintf("Performance Report: %s", r->label);
	term_line(t, line, TERM_BOLD, 0);
	free(line);
	term_verdict(t);
	tu_format_human(r->generated_at, gen);
	tu_format_ms(r->start, start);
	tu_format_ms(r->end, end);
	line = xasprintf("Generated %s \xc2\xb7 window %s \xe2\x80\x93 %s \xc2\xb7 %llu %s", gen,
	    start, end, (unsigned long long)r->totals.count,
	    r->totals.count == 1 ? "record" : "records");
	fputs("\n", t->out);
	term_line(t, line, TERM_DIM, 0);
	free(line);
}

static void
term_empty(const struct term *t)
{
	const struct report *r = t->r;
	char first[TU_BUFSZ], last[TU_BUFSZ], date[TU_BUFSZ], *line;

	line = xasprintf("No performance metrics found for %s.", r->label);
	term_line(t, line, NULL, 2);
	free(line);
	if (!r->input.has_span) {
		term_line(t, "The input has no valid records.", NULL, 2);
		return;
	}
	tu_format_human(r->input.first_ts, first);
	tu_format_human(r->input.last_ts, last);
	tu_format_date(r->input.first_ts, date);
	line = xasprintf("The input covers %s to %s (%llu %s); try --now latest, or "
	    PROGRAM_NAME " report --since %s.", first, last,
	    (unsigned long long)r->input.records, r->input.records == 1 ? "record" : "records",
	    date);
	term_line(t, line, NULL, 2);
	free(line);
}

/* The drop rank of percentile column k: the one nearest 95 stays; those below it go
 * first (P50), those above it after Max (P99). */
static int
term_pct_drop(const struct report *r, size_t k)
{
	size_t keep = 0;

	for (size_t i = 1; i < r->n_percentiles; i++) {
		double d = r->percentiles[i] - 95, best = r->percentiles[keep] - 95;

		if ((d < 0 ? -d : d) < (best < 0 ? -best : best))
			keep = i;
	}
	if (k == keep)
		return 0;
	return k < keep ? 1 : 5;
}

/* The flags of a row as "slower, errors". */
static void
term_flags_text(unsigned flags, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (unsigned bit = 0; bit < FLAG_COUNT; bit++) {
		if (!(flags & (1u << bit)))
			continue;
		o += (size_t)snprintf(buf + o, size - o, "%s%s", o > 0 ? ", " : "",
		    flag_name(1u << bit));
		if (o >= size)
			break;
	}
}

/* The columns that name a row: one per --by key, headed by the key as given, or one
 * "Operation" column without --by. */
static void
term_key_cols(const struct term *t, struct tt_table *tb)
{
	const struct report *r = t->r;

	if (r->n_group_keys == 0)
		tt_col(tb, "Operation", TT_TEXT, 0);
	for (size_t k = 0; k < r->n_group_keys; k++)
		tt_col(tb, r->group_keys[k], TT_TEXT, 0);
}

/* The cells of those columns for a row shown as name: with --by, row's values, one per
 * key; when the row is not known (NULL), name in the first and nothing in the others. */
static void
term_key_cells(const struct term *t, struct tt_table *tb, const struct op_row *row,
    const char *name)
{
	const struct report *r = t->r;

	if (r->n_group_keys == 0)
		tt_cell(tb, name, NULL);
	for (size_t k = 0; k < r->n_group_keys; k++)
		tt_cell(tb, row != NULL ? row->group[k] : k == 0 ? name : "", NULL);
}

static void
term_operations(const struct term *t)
{
	const struct report *r = t->r;
	struct tt_table tb;
	char buf[TERM_BUFSZ], head[TERM_BUFSZ + 2], flags[80];
	bool approx = false;

	term_heading(t, "OPERATIONS");
	if (r->n_rows == 0) {
		term_empty(t);
		return;
	}
	tt_init(&tb, 2);
	term_key_cols(t, &tb);
	tt_col(&tb, "Count", TT_NUMBER, 7);
	tt_col(&tb, "Success", TT_NUMBER, 3);
	snprintf(head, sizeof(head), "Avg (%s)", t->unit);
	tt_col(&tb, head, TT_NUMBER, 0);
	for (size_t k = 0; k < r->n_percentiles; k++) {
		numfmt_shortest(r->percentiles[k], buf);
		snprintf(head, sizeof(head), "P%s", buf);
		tt_col(&tb, head, TT_NUMBER, term_pct_drop(r, k));
	}
	tt_col(&tb, "Min", TT_NUMBER, 2);
	tt_col(&tb, "Max", TT_NUMBER, 4);
	tt_col(&tb, "\xce\x94 avg", TT_NUMBER, 6);
	tt_col(&tb, "Flags", TT_WORDS, 0);
	for (size_t i = 0; i < r->n_rows; i++) {
		const struct op_row *row = &r->rows[i];
		char *ok;

		term_key_cells(t, &tb, row, row->operation);
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)row->count);
		tt_cell(&tb, buf, NULL);
		ok = xasprintf("%llu/%llu", (unsigned long long)row->success,
		    (unsigned long long)row->count);
		/* Coloured only when flagged: a failure or two is not a finding. */
		tt_cell(&tb, ok, row->flags & FLAG_ERRORS ? TERM_RED : NULL);
		free(ok);
		term_ms(row->avg_ms, buf);
		tt_cell(&tb, buf, NULL);
		for (size_t k = 0; k < r->n_percentiles; k++) {
			term_ms(row->pct_ms[k], buf);
			if (row->approximate) { /* from a summary's histogram (SPEC section 18) */
				memmove(buf + 3, buf, strlen(buf) + 1);
				memcpy(buf, "\xe2\x89\x88", 3);
			}
			tt_cell(&tb, buf, NULL);
			approx |= row->approximate;
		}
		term_ms(row->min_ms, buf);
		tt_cell(&tb, buf, NULL);
		term_ms(row->max_ms, buf);
		tt_cell(&tb, buf, NULL);
		if (row->flags & FLAG_NEW)
			tt_cell(&tb, "new", TERM_YELLOW);
		else if (row->has_avg_change) {
			numfmt_signed_pct(row->avg_change_pct, buf);
			tt_cell(&tb, buf, row->flags & FLAG_SLOWER ? TERM_RED :
			    row->flags & FLAG_FASTER ? TERM_GREEN : NULL);
		} else
			tt_cell(&tb, TERM_DASH, NULL);
		term_flags_text(row->flags, flags, sizeof(flags));
		tt_cell(&tb, flags, term_flags_color(row->flags));
	}
	fputs("\n", t->out);
	tt_write(&tb, t->out, t->width, t->color);
	tt_free(&tb);
	if (approx) {
		numfmt_shortest(100.0 * r->approx_accuracy, buf);
		fprintf(t->out, "\n\xe2\x89\x88 a percentile from a summary's histogram, within %s %% "
		    "of the exact value.\n", buf);
	}
}

/* TRENDS: per operation its p95 sparkline on the window's time axis. */
static void
term_trends(const struct term *t)
{
	const struct report *r = t->r;
	struct tt_table tb;
	char buf[TERM_BUFSZ];

	term_heading(t, "TRENDS");
	if (r->n_series == 0) {
		term_line(t, "None.", NULL, 2);
		return;
	}
	term_line(t, r->bucket == BUCKET_MONTH ?
	    "P95 per month (UTC); \xc2\xb7 marks a month without records" :
	    r->bucket == BUCKET_WEEK ?
	    "P95 per week (UTC, from Monday); \xc2\xb7 marks a week without records" :
	    "P95 per day (UTC); \xc2\xb7 marks a day without records", TERM_DIM, 2);
	tt_init(&tb, 2);
	term_key_cols(t, &tb);
	tt_col(&tb, "P95 trend", TT_TAIL, 0);
	tt_col(&tb, "First P95", TT_NUMBER, 2);
	tt_col(&tb, "Last P95", TT_NUMBER, 0);
	tt_col(&tb, "Change", TT_NUMBER, 1);
	for (size_t i = 0; i < r->n_rows; i++) {
		struct emit_trend tr;

		if (!emit_kit_trend_of(r, i, &tr))
			continue;
		term_key_cells(t, &tb, &r->rows[i], r->rows[i].operation);
		tt_cell(&tb, tr.spark, NULL);
		term_ms(tr.s[0].p95_ms, buf);
		tt_cell(&tb, buf, NULL);
		term_ms(tr.s[tr.n - 1].p95_ms, buf);
		tt_cell(&tb, buf, NULL);
		if (r->rows[i].has_trend_change)
			numfmt_signed_pct(r->rows[i].trend_change_pct, buf);
		tt_cell(&tb, r->rows[i].has_trend_change ? buf : TERM_DASH, NULL);
		emit_kit_trend_free(&tr);
	}
	fputs("\n", t->out);
	tt_write(&tb, t->out, t->width, t->color);
	tt_free(&tb);
}

static void
term_reliability(const struct term *t)
{
	const struct totals *to = &t->r->totals;
	char rate[TERM_BUFSZ], *line;

	term_heading(t, "RELIABILITY");
	if (to->has_error_rate) {
		numfmt_fixed(to->error_rate_pct, 2, rate);
		strcat(rate, "%");
	} else
		strcpy(rate, "n/a");
	line = xasprintf("Total %llu \xc2\xb7 successful %llu \xc2\xb7 failed %llu \xc2\xb7 "
	    "error rate %s", (unsigned long long)to->count, (unsigned long long)to->success,
	    (unsigned long long)to->failed, rate);
	term_line(t, line, NULL, 2);
	free(line);
}

/* A list of names after a label: "Seen only in the previous window: a, b". */
static void
term_names(const struct term *t, const char *label, char *const *names, size_t n)
{
	struct tt_seg *seg;

	if (n == 0)
		return;
	seg = xcalloc(2 * n + 1, sizeof(*seg));
	seg[0].text = label;
	for (size_t i = 0; i < n; i++) {
		seg[1 + 2 * i].text = names[i];
		seg[1 + 2 * i].color = TERM_BOLD;
		seg[2 + 2 * i].text = i + 1 < n ? ", " : "";
	}
	tt_para(t->out, seg, 2 * n, t->width, 2, 4, t->color);
	free(seg);
}

/* One side of an --explain value: "107 records, avg 1826.15 ms now" (heap). */
static char *
term_explain_side(const struct term *t, bool has, uint64_t n, double avg, const char *when)
{
	char buf[TERM_BUFSZ];

	if (!has)
		return xasprintf("no record %s", when);
	term_ms(avg, buf);
	return xasprintf("%llu records, avg %s %s %s", (unsigned long long)n, buf, t->unit, when);
}

/* --explain (SPEC section 14): under a slower finding, the values of the key, largest
 * contribution first, at most --top of them; the numbers and words of the Markdown list. */
static void
term_explain(const struct term *t, const struct finding *f)
{
	size_t n = f->n_explain, shown = n;
	char *split, *tail;
	struct tt_seg head[3] = {
		{"by ", NULL}, {t->r->explain_key, TERM_BOLD}, {"", NULL},
	};

	if (t->r->explain_key == NULL || f->flag != FLAG_SLOWER)
		return;
	if (t->top >= 0 && (size_t)t->top < n)
		shown = (size_t)t->top;
	split = explain_finding_split_text(f);
	tail = xasprintf(", largest share of the change first (%s):", split);
	head[2].text = tail;
	tt_para(t->out, head, 3, t->width, 4, 6, t->color);
	free(tail);
	free(split);
	for (size_t i = 0; i < shown; i++) {
		const struct explain_entry *e = &f->explain[i];
		char c[TERM_BUFSZ], *now, *before, *text;
		struct tt_seg seg[3] = {{"- ", NULL}, {e->value, TERM_BOLD}, {"", NULL}};

		numfmt_signed(e->contribution_ms, 2, c);
		now = term_explain_side(t, e->has_cur_avg, e->cur_count, e->cur_avg_ms, "now");
		before = term_explain_side(t, e->has_prev_avg, e->prev_count, e->prev_avg_ms,
		    "before");
		split = explain_entry_split_text(e);
		text = xasprintf(": %s %s (%s; %s; %s)", c, t->unit, now, before, split);
		free(split);
		seg[2].text = text;
		tt_para(t->out, seg, 3, t->width, 6, 8, t->color);
		free(text);
		free(now);
		free(before);
	}
	if (shown < n) {
		char *more = xasprintf("- and %zu more (--top)", n - shown);
		struct tt_seg seg = {more, NULL};

		tt_para(t->out, &seg, 1, t->width, 6, 8, t->color);
		free(more);
	}
}

static void
term_degradation(const struct term *t)
{
	const struct report *r = t->r;
	char *note;

	term_heading(t, "DEGRADATION");
	if (r->n_rows == 0)
		/* No evidence either way: never the green sentence (SPEC section 11). */
		term_line(t, "Nothing to check: no record in the window.", TERM_YELLOW, 2);
	else if (r->n_findings == 0)
		term_line(t, "No degradation detected.", TERM_GREEN, 2);
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];
		bool critical = f->level == LEVEL_CRITICAL;
		char *test = NULL;
		char since[TU_BUFSZ + 8] = "";
		struct tt_seg seg[8] = {
			{critical ? "\xe2\x9c\x96 " : "! ", critical ? TERM_RED : TERM_YELLOW},
			{f->operation, TERM_BOLD}, {" ", NULL},
			{flag_name(f->flag), critical ? TERM_RED : TERM_YELLOW}, {since, NULL},
			{": ", NULL}, {f->message, NULL}, {"", NULL},
		};

		if (f->has_since) {
			char day[TU_BUFSZ];

			tu_format_date(f->since, day);
			snprintf(since, sizeof(since), " since %s", day);
		}
		if ((test = finding_test_text(f)) != NULL)
			seg[7].text = test;
		tt_para(t->out, seg, 8, t->width, 2, 4, t->color);
		free(test);
		term_explain(t, f);
	}
	if ((note = report_coverage_note(r)) != NULL) {
		struct tt_seg seg[1] = {{note, TERM_YELLOW}};

		tt_para(t->out, seg, 1, t->width, 2, 4, t->color);
		free(note);
	}
	term_names(t, "Seen only in the previous window: ", r->previous_only,
	    r->n_previous_only);
}

static const char *
term_target_color(enum target_status s)
{
	return s == TARGET_CRITICAL ? TERM_RED : s == TARGET_WARNING ? TERM_YELLOW : TERM_GREEN;
}

static const char *
term_base_color(enum base_status s)
{
	return s == BASE_REGRESSION ? TERM_RED : s == BASE_WARNING ? TERM_YELLOW :
	    s == BASE_IMPROVED ? TERM_GREEN : NULL;
}

static void
term_targets(const struct term *t)
{
	const struct gate_results *g = &t->r->gate;
	struct tt_table tb;
	char buf[TERM_BUFSZ], *line;

	term_heading(t, "TARGETS");
	line = xasprintf("%zu of %zu targets met (%zu warning, %zu critical).", g->n_met,
	    g->n_targets, g->n_target_warning, g->n_target_critical);
	term_line(t, line, NULL, 2);
	free(line);
	if (g->n_targets == 0)
		return;
	tt_init(&tb, 2);
	tt_col(&tb, "Operation", TT_TEXT, 0);
	tt_col(&tb, "Metric", TT_WORDS, 0);
	tt_col(&tb, "Value", TT_NUMBER, 0);
	tt_col(&tb, "Target", TT_NUMBER, 2);
	tt_col(&tb, "Critical", TT_NUMBER, 1);
	tt_col(&tb, "Status", TT_WORDS, 0);
	for (size_t i = 0; i < g->n_targets; i++) {
		const struct target_result *x = &g->targets[i];

		tt_cell(&tb, x->operation, NULL);
		tt_cell(&tb, x->metric, NULL);
		term_ms(x->value, buf);
		tt_cell(&tb, buf, NULL);
		term_ms(x->target, buf);
		tt_cell(&tb, buf, NULL);
		if (x->has_critical)
			term_ms(x->critical, buf);
		tt_cell(&tb, x->has_critical ? buf : TERM_DASH, NULL);
		tt_cell(&tb, gate_target_status_name(x->status), term_target_color(x->status));
	}
	fputs("\n", t->out);
	tt_write(&tb, t->out, t->width, t->color);
	tt_free(&tb);
}

static void
term_baseline(const struct term *t)
{
	const struct gate_results *g = &t->r->gate;
	struct tt_table tb;
	char buf[TERM_BUFSZ], *line;

	term_heading(t, "BASELINE");
	line = xasprintf("Compared with %s: %zu regressions, %zu warnings, %zu improved, "
	    "%zu unchanged.", g->baseline_file, g->n_regression, g->n_base_warning,
	    g->n_improved, g->n_unchanged);
	term_line(t, line, NULL, 2);
	free(line);
	if (g->pcts_note != NULL) {
		line = xasprintf("Note: %s.", g->pcts_note);
		term_line(t, line, TERM_DIM, 2);
		free(line);
	}
	if (g->n_baseline > 0) {
		tt_init(&tb, 2);
		tt_col(&tb, "Operation", TT_TEXT, 0);
		tt_col(&tb, "Metric", TT_WORDS, 0);
		tt_col(&tb, "Baseline", TT_NUMBER, 1);
		tt_col(&tb, "Current", TT_NUMBER, 0);
		tt_col(&tb, "Change", TT_NUMBER, 0);
		tt_col(&tb, "Status", TT_WORDS, 0);
		for (size_t i = 0; i < g->n_baseline; i++) {
			const struct baseline_result *b = &g->baseline[i];

			tt_cell(&tb, b->operation, NULL);
			tt_cell(&tb, b->metric, NULL);
			term_ms(b->baseline, buf);
			tt_cell(&tb, buf, NULL);
			term_ms(b->current, buf);
			tt_cell(&tb, buf, NULL);
			if (b->has_change)
				numfmt_signed_pct(b->change_pct, buf);
			tt_cell(&tb, b->has_change ? buf : TERM_DASH, NULL);
			tt_cell(&tb, gate_base_status_name(b->status), term_base_color(b->status));
		}
		fputs("\n", t->out);
		tt_write(&tb, t->out, t->width, t->color);
		tt_free(&tb);
	}
	if (g->n_only_current > 0 || g->n_only_baseline > 0)
		fputs("\n", t->out);
	term_names(t, "Only in this report: ", g->only_current, g->n_only_current);
	term_names(t, "Only in the baseline: ", g->only_baseline, g->n_only_baseline);
}

static void
term_slowest(const struct term *t)
{
	const struct report *r = t->r;
	struct tt_table tb;
	char buf[TERM_BUFSZ], ts[TU_BUFSZ];

	term_heading(t, "SLOWEST OPERATIONS");
	if (r->n_slowest == 0) {
		term_line(t, "None.", NULL, 2);
		return;
	}
	tt_init(&tb, 2);
	tt_col(&tb, "#", TT_NUMBER, 0);
	term_key_cols(t, &tb);
	tt_col(&tb, t->unit, TT_NUMBER, 0);
	tt_col(&tb, "At (UTC)", TT_TEXT, 2);
	tt_col(&tb, "Session", TT_TEXT, 1);
	for (size_t i = 0; i < r->n_slowest; i++) {
		const struct slow_entry *e = &r->slowest[i];

		snprintf(buf, sizeof(buf), "%zu", i + 1);
		tt_cell(&tb, buf, NULL);
		term_key_cells(t, &tb, &r->rows[e->row], e->operation);
		term_ms(e->duration_ms, buf);
		tt_cell(&tb, buf, NULL);
		tu_format_ms(e->ts_us, ts);
		tt_cell(&tb, ts, NULL);
		tt_cell(&tb, e->session_id != NULL ? e->session_id : "", NULL);
	}
	fputs("\n", t->out);
	tt_write(&tb, t->out, t->width, t->color);
	tt_free(&tb);
}

static void
term_frequent(const struct term *t)
{
	const struct report *r = t->r;
	struct tt_table tb;
	char buf[TERM_BUFSZ];

	term_heading(t, "MOST FREQUENT OPERATIONS");
	if (r->n_most_frequent == 0) {
		term_line(t, "None.", NULL, 2);
		return;
	}
	tt_init(&tb, 2);
	tt_col(&tb, "#", TT_NUMBER, 0);
	term_key_cols(t, &tb);
	tt_col(&tb, "Count", TT_NUMBER, 0);
	tt_col(&tb, "Share", TT_NUMBER, 1);
	for (size_t i = 0; i < r->n_most_frequent; i++) {
		const struct freq_entry *e = &r->most_frequent[i];

		snprintf(buf, sizeof(buf), "%zu", i + 1);
		tt_cell(&tb, buf, NULL);
		/* report.h builds entry i from row i (the rows are in count order). */
		term_key_cells(t, &tb, i < r->n_rows && strcmp(r->rows[i].operation,
		    e->operation) == 0 ? &r->rows[i] : NULL, e->operation);
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)e->count);
		tt_cell(&tb, buf, NULL);
		numfmt_fixed(e->share_pct, 1, buf);
		strcat(buf, "%");
		tt_cell(&tb, buf, NULL);
	}
	fputs("\n", t->out);
	tt_write(&tb, t->out, t->width, t->color);
	tt_free(&tb);
}

int
emit_term(const struct report *r, const struct emit_opts *eo, FILE *out)
{
	struct term t = {r, out, eo->width > 0 ? eo->width : 80, eo->color, eo->top,
	    eo->unit != NULL ? eo->unit : "ms"};

	/* The answer first (issue 23): the verdict, the table and what was found fill the
	 * first screen (a pager shows that one first); the lists that support it follow. */
	term_title(&t);
	term_operations(&t);
	term_degradation(&t);
	if (r->gate.has_targets)
		term_targets(&t);
	if (r->gate.has_baseline)
		term_baseline(&t);
	term_reliability(&t);
	if (r->series_report || r->n_series > 0)
		term_trends(&t);
	if (eo->top != 0 || r->n_slowest > 0 || r->n_most_frequent > 0) {
		term_slowest(&t);
		term_frequent(&t);
	}
	return ferror(out) ? -1 : 0;
}

/* ---- compare (SPEC section 12) ----------------------------------------- */

/* "avg" or "p95": the name of change column k. */
static void
term_cmp_col(const struct comparison *c, size_t k, char buf[TERM_BUFSZ])
{
	char num[NUMFMT_BUFSZ];

	if (k == 0) {
		snprintf(buf, TERM_BUFSZ, "\xce\x94 avg");
		return;
	}
	numfmt_shortest(c->percentiles[k - 1], num);
	snprintf(buf, TERM_BUFSZ, "\xce\x94 p%s", num);
}

/* The colour of a judged status; new and gone are facts the verdict does not count, so
 * they stay plain (eight yellow "gone" rows hid the one red regression). */
static const char *
term_cmp_color(enum cmp_status s)
{
	return s == CMP_REGRESSION ? TERM_RED : s == CMP_WARNING ? TERM_YELLOW :
	    s == CMP_IMPROVED ? TERM_GREEN : NULL;
}

/* The drop rank of compare's change column k (0: the average, k: percentile k - 1): the
 * percentile nearest 95 stays; those below it go first, those above it after the counts,
 * the average's change after them (the two averages it is made of are shown). */
static int
term_cmp_drop(const struct comparison *c, size_t k)
{
	size_t keep = 0;

	if (k == 0)
		return 5;
	for (size_t i = 1; i < c->n_percentiles; i++) {
		double d = c->percentiles[i] - 95, best = c->percentiles[keep] - 95;

		if ((d < 0 ? -d : d) < (best < 0 ? -best : best))
			keep = i;
	}
	if (k - 1 == keep)
		return 0;
	return k - 1 < keep ? 1 : 4;
}

/* The comparison table: one row per operation. When the terminal is narrow, the changes
 * of the lower percentiles go first, then the counts, the higher percentiles' changes
 * and the average's; the absolute averages last (at 80 cells they stay: a percentage
 * alone does not say whether 2 ms or 2 s moved), the p-value and the status never. */
static void
term_cmp_table(const struct term *t, const struct comparison *c)
{
	struct tt_table tb;
	char buf[TERM_BUFSZ];

	tt_init(&tb, 2);
	if (c->n_group_keys == 0)
		tt_col(&tb, "Operation", TT_TEXT, 0);
	for (size_t k = 0; k < c->n_group_keys; k++) /* --by: one column per key */
		tt_col(&tb, c->group_keys[k], TT_TEXT, 0);
	tt_col(&tb, "Status", TT_WORDS, 0);
	tt_col(&tb, "Base n", TT_NUMBER, 2);
	tt_col(&tb, "Cur n", TT_NUMBER, 3);
	tt_col(&tb, "Base avg", TT_NUMBER, 6);
	tt_col(&tb, "Cur avg", TT_NUMBER, 7);
	for (size_t k = 0; k <= c->n_percentiles; k++) {
		term_cmp_col(c, k, buf);
		tt_col(&tb, buf, TT_NUMBER, term_cmp_drop(c, k));
	}
	tt_col(&tb, "p", TT_NUMBER, 0);
	for (size_t i = 0; i < c->n_rows; i++) {
		const struct cmp_row *row = &c->rows[i];

		if (c->n_group_keys == 0)
			tt_cell(&tb, row->operation, NULL);
		for (size_t k = 0; k < c->n_group_keys; k++)
			tt_cell(&tb, row->group[k], NULL);
		tt_cell(&tb, compare_status_name(row->status), term_cmp_color(row->status));
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)row->base.count);
		tt_cell(&tb, row->in_base ? buf : TERM_DASH, NULL);
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)row->cur.count);
		tt_cell(&tb, row->in_cur ? buf : TERM_DASH, NULL);
		term_ms(row->base.avg_ms, buf);
		tt_cell(&tb, row->in_base ? buf : TERM_DASH, NULL);
		term_ms(row->cur.avg_ms, buf);
		tt_cell(&tb, row->in_cur ? buf : TERM_DASH, NULL);
		for (size_t k = 0; k <= c->n_percentiles; k++) {
			if (row->has_change[k])
				numfmt_signed_pct(row->change_pct[k], buf);
			tt_cell(&tb, row->has_change[k] ? buf : TERM_DASH,
			    (int)k == row->decisive ? term_cmp_color(row->status) : NULL);
		}
		if (row->has_p_value)
			numfmt_p(row->p_value, buf);
		tt_cell(&tb, row->has_p_value ? buf : TERM_DASH, NULL);
	}
	fputs("\n", t->out);
	tt_write(&tb, t->out, t->width, t->color);
	tt_free(&tb);
}

/* FINDINGS: one paragraph per decisive change, then the one-sided operations. */
static void
term_cmp_findings(const struct term *t, const struct comparison *c)
{
	char col[TERM_BUFSZ], *test, a[TERM_BUFSZ], b[TERM_BUFSZ], pct[TERM_BUFSZ];
	bool any = false;

	term_heading(t, "FINDINGS");
	for (size_t i = 0; i < c->n_rows; i++) {
		const struct cmp_row *row = &c->rows[i];
		char *text;
		size_t k;

		if (row->decisive < 0)
			continue;
		any = true;
		k = (size_t)row->decisive;
		/* The column name without its "Δ " (3 bytes): "avg", "p95". */
		term_cmp_col(c, k, col);
		term_ms(k == 0 ? row->base.avg_ms : row->base.pct_ms[k - 1], a);
		term_ms(k == 0 ? row->cur.avg_ms : row->cur.pct_ms[k - 1], b);
		numfmt_signed_pct(row->change_pct[k], pct);
		test = compare_test_text(row);
		text = xasprintf(": %s %s ms \xe2\x86\x92 %s ms (%s; %s)", col + 3, a, b, pct,
		    test);
		free(test);
		{
			struct tt_seg seg[4] = {
				{row->operation, TERM_BOLD}, {" ", NULL},
				{compare_status_name(row->status), term_cmp_color(row->status)},
				{text, NULL},
			};

			tt_para(t->out, seg, 4, t->width, 2, 4, t->color);
		}
		free(text);
	}
	if (!any)
		term_line(t, "No significant change beyond the limits.", NULL, 2);
	for (int pass = 0; pass < 2; pass++) {
		enum cmp_status st = pass == 0 ? CMP_NEW : CMP_GONE;
		char **names = xcalloc(c->n_rows + 1, sizeof(char *));
		size_t n = 0;

		for (size_t i = 0; i < c->n_rows; i++)
			if (c->rows[i].status == st)
				names[n++] = c->rows[i].operation;
		term_names(t, pass == 0 ? "Only in CURRENT: " : "Only in BASE: ", names, n);
		free(names);
	}
}

int
emit_term_compare(const struct comparison *c, const struct emit_opts *eo, FILE *out)
{
	struct term t = {NULL, out, eo->width > 0 ? eo->width : 80, eo->color, eo->top,
	    eo->unit != NULL ? eo->unit : "ms"};
	struct gate_results g = {.level = c->level, .verdict = c->verdict};
	struct report r = {.gate = g};
	char gen[TU_BUFSZ], alpha[NUMFMT_BUFSZ], *line;

	term_line(&t, "Performance Comparison", TERM_BOLD, 0);
	t.r = &r;
	term_verdict(&t);
	tu_format_human(c->generated_at, gen);
	numfmt_shortest(c->alpha, alpha);
	line = xasprintf("Generated %s \xc2\xb7 base %s (%s, %llu %s) \xc2\xb7 current %s (%s, "
	    "%llu %s) \xc2\xb7 alpha %s", gen, c->base.source, compare_kind_name(c->base.kind),
	    (unsigned long long)c->base.records, c->base.records == 1 ? "record" : "records",
	    c->cur.source, compare_kind_name(c->cur.kind), (unsigned long long)c->cur.records,
	    c->cur.records == 1 ? "record" : "records", alpha);
	fputs("\n", out);
	term_line(&t, line, TERM_DIM, 0);
	free(line);
	term_heading(&t, "OPERATIONS");
	if (c->n_rows == 0)
		term_line(&t, "No operation on either side.", NULL, 2);
	else
		term_cmp_table(&t, c);
	if (c->pcts_note != NULL) {
		line = xasprintf("Note: %s.", c->pcts_note);
		fputs("\n", out);
		term_line(&t, line, TERM_DIM, 2);
		free(line);
	}
	term_cmp_findings(&t, c);
	return ferror(out) ? -1 : 0;
}
