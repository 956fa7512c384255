/* emit-md.c - the Markdown report (SPEC sections 6 and 10): title, verdict line,
 * generation line, Operations table, Trends table (trends only), Reliability,
 * Degradation, Targets and Baseline (CI gate, when given), Slowest and Most Frequent
 * lists. Every piece of input text (operation names, session ids, file names) goes
 * through a code span, so nothing in it can break a table, ping anyone or inject HTML.
 * Optional ANSI colour for terminals, and --max-chars shrinking of the gate tables and of
 * the operations table. The emitter only formats what the report model holds (the trend's
 * change too: struct op_row.trend_change_pct); the one thing drawn from it is the shape of
 * the trend line (sparkline levels, emit-kit.c), which is presentation. */
#include "emit-md.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chart-axis.h"
#include "compare.h"
#include "diag.h"
#include "gate.h"
#include "numfmt.h"
#include "timeutil.h"
#include "utf8.h"
#include "xalloc.h"

#define MD_BOLD   "\033[1m"
#define MD_RED    "\033[31m"
#define MD_GREEN  "\033[32m"
#define MD_YELLOW "\033[33m"
#define MD_RESET  "\033[0m"

#define MD_DASH "\xe2\x80\x94" /* U+2014, an unknown value */
#define MD_ICON_WARNING "\xe2\x9a\xa0\xef\xb8\x8f" /* U+26A0 U+FE0F warning sign */
#define MD_ICON_CRITICAL "\xe2\x9d\x8c"           /* U+274C cross mark */
/* Longest operation name (in code points) in a chart title; longer ones end in "...". */
#define MD_CHART_NAME_MAX 32
/* How many findings the verdict line names before the model's counts. */
#define MD_VERDICT_NAMES 3
/* Widest name (terminal cells) in the narrow Operations table; the full table and the
 * lists show the whole name. */
#define MD_NARROW_NAME_CELLS 36

/* How the Targets and Baseline tables are shown: whole; the rows with a problem in a
 * table and the others folded in a <details> block; or the others left out. */
enum md_gate_mode { MD_GATE_FULL, MD_GATE_FOLD, MD_GATE_TRIM };

/* What one rendering shows: every row, or the subset chosen for --max-chars. */
struct md_view {
	const bool *keep; /* per row; NULL shows every row */
	size_t n_hidden;  /* rows left out (the note line appears when > 0) */
	bool lists;       /* print the slowest and most frequent lists */
	bool lists_cut;   /* the lists were dropped to fit --max-chars */
	size_t limit;     /* --max-chars, quoted in the notes */
	enum md_gate_mode gate; /* the Targets and Baseline tables */
	size_t charts;    /* Mermaid charts shown (the first of r->chart_rows) */
	bool full_table;  /* the full Operations table in a <details> block */
};

/* Everything a section writer needs. */
struct md {
	const struct report *r;
	const struct emit_opts *eo;
	const struct md_view *v;
	FILE *out;
};

/*
 * Code span for s[0..len). Control characters, DEL and invalid UTF-8 become \n, \t, \r,
 * \xHH (utf8_escape_cut; a backslash in the text is left alone, so a literal "\n" and a
 * newline look alike, which is accepted for readability). The fence is one backtick longer
 * than the longest backtick run inside. GFM strips one space from each end of a span that
 * begins and ends with a space, so the content is padded with a space on both sides when
 * it starts or ends with a backtick (which would otherwise merge with the fence) or with a
 * space; content made only of spaces is never stripped and so never padded. In a table
 * cell '|' is written "\|": GFM splits cells before it parses code spans and removes the
 * backslash again. Outside tables the backslash would show, so there '|' stays as is.
 * GFM has no empty code span: an empty string gives "` `", a span holding one space,
 * the nearest thing to visible nothing. Operation names are never empty (SPEC 2); a
 * session id may be.
 */
static char *
md_span(const char *s, size_t len, bool table)
{
	char *clean = utf8_escape_cut(s, len, SIZE_MAX);
	size_t n = strlen(clean), run = 0, longest = 0, pipes = 0, i, o = 0, fence;
	bool pad;
	char *out;

	if (n == 0) {
		free(clean);
		return xstrdup("` `");
	}
	for (i = 0; i < n; i++) {
		if (clean[i] == '`') {
			if (++run > longest)
				longest = run;
		} else
			run = 0;
		if (clean[i] == '|')
			pipes++;
	}
	pad = strspn(clean, " ") != n &&
	    (clean[0] == '`' || clean[0] == ' ' || clean[n - 1] == '`' || clean[n - 1] == ' ');
	fence = longest + 1;
	out = xmalloc(2 * fence + 2 + n + (table ? pipes : 0) + 1);
	memset(out, '`', fence);
	o = fence;
	if (pad)
		out[o++] = ' ';
	for (i = 0; i < n; i++) {
		if (table && clean[i] == '|')
			out[o++] = '\\';
		out[o++] = clean[i];
	}
	if (pad)
		out[o++] = ' ';
	memset(out + o, '`', fence);
	o += fence;
	out[o] = '\0';
	free(clean);
	return out;
}

char *
md_code_span(const char *s, size_t len)
{
	return md_span(s, len, true);
}

/* Write a NUL-terminated input string as a code span. */
static void
md_put_span(const struct md *m, const char *s, bool table)
{
	char *span = md_span(s, strlen(s), table);

	fputs(span, m->out);
	free(span);
}

/* Start a section: a blank line, then the heading (bold on a terminal). */
static void
md_heading(const struct md *m, const char *text)
{
	if (m->eo->color)
		fprintf(m->out, "\n%s%s%s\n", MD_BOLD, text, MD_RESET);
	else
		fprintf(m->out, "\n%s\n", text);
}

/* Colour for a flag name: degradations red, faster green, new yellow. */
static const char *
md_flag_color(unsigned flag)
{
	if (flag & FLAG_DEGRADATIONS)
		return MD_RED;
	if (flag == FLAG_FASTER)
		return MD_GREEN;
	return MD_YELLOW;
}

/* A flag name, coloured when asked. */
static void
md_put_flag(const struct md *m, unsigned flag)
{
	if (m->eo->color)
		fprintf(m->out, "%s%s%s", md_flag_color(flag), flag_name(flag), MD_RESET);
	else
		fputs(flag_name(flag), m->out);
}

/* Percentage with one decimal and an explicit sign: "+26.8%", "-50.0%". */
static void
md_put_signed_pct(const struct md *m, double v)
{
	char buf[NUMFMT_SIGNED_BUFSZ];

	numfmt_signed_pct(v, buf);
	fputs(buf, m->out);
}

/* What the values are: "ms", or --unit LABEL. */
static const char *
md_unit(const struct md *m)
{
	return m->eo->unit != NULL ? m->eo->unit : "ms";
}

/* Milliseconds with two decimals. */
static void
md_put_ms(const struct md *m, double v)
{
	char buf[NUMFMT_BUFSZ];

	numfmt_fixed(v, 2, buf);
	fputs(buf, m->out);
}

/* --explain: a nested list under a slower finding, at most --top values (SPEC section 14). */
static void
md_explain(const struct md *m, const struct finding *f)
{
	size_t n = f->n_explain, shown = n;
	char buf[NUMFMT_SIGNED_BUFSZ], *split;

	if (m->r->explain_key == NULL || f->flag != FLAG_SLOWER)
		return;
	if (m->eo->top >= 0 && (size_t)m->eo->top < n)
		shown = (size_t)m->eo->top;
	fputs("  - by ", m->out);
	md_put_span(m, m->r->explain_key, false);
	split = explain_finding_split_text(f);
	fprintf(m->out, ", largest share of the change first (%s):\n", split);
	free(split);
	for (size_t i = 0; i < shown; i++) {
		const struct explain_entry *e = &f->explain[i];

		fputs("    - ", m->out);
		md_put_span(m, e->value, false);
		numfmt_signed(e->contribution_ms, 2, buf);
		fprintf(m->out, ": %s %s (", buf, md_unit(m));
		if (e->has_cur_avg) {
			fprintf(m->out, "%llu records, avg ", (unsigned long long)e->cur_count);
			md_put_ms(m, e->cur_avg_ms);
			fprintf(m->out, " %s", md_unit(m));
		} else
			fputs("no record", m->out);
		fputs(" now; ", m->out);
		if (e->has_prev_avg) {
			fprintf(m->out, "%llu records, avg ", (unsigned long long)e->prev_count);
			md_put_ms(m, e->prev_avg_ms);
			fprintf(m->out, " %s", md_unit(m));
		} else
			fputs("no record", m->out);
		split = explain_entry_split_text(e);
		fprintf(m->out, " before; %s)\n", split);
		free(split);
	}
	if (shown < n)
		fprintf(m->out, "    - and %zu more (--top)\n", n - shown);
}

/* Whether row i is shown in this rendering. */
static bool
md_shown(const struct md *m, size_t i)
{
	return m->v->keep == NULL || m->v->keep[i];
}

/* The icon that opens the verdict line. */
static const char *
md_verdict_icon(enum verdict_level l)
{
	switch (l) {
	case VERDICT_WARNING:
	case VERDICT_NO_DATA:
		return MD_ICON_WARNING;
	case VERDICT_CRITICAL:
		return MD_ICON_CRITICAL;
	case VERDICT_OK:
		break;
	}
	return "\xe2\x9c\x85"; /* U+2705 check mark */
}

/* One named item of the verdict line: ", " before all but the first, then the name,
 * unless the item before named the same operation (*last). */
static void
md_verdict_item(const struct md *m, size_t *named, const char **last, const char *name)
{
	if (*named > 0)
		fputs(",", m->out);
	if (*last == NULL || strcmp(*last, name) != 0) {
		if (*named > 0)
			fputs(" ", m->out);
		md_put_span(m, name, false);
	}
	*last = name;
	(*named)++;
}

/*
 * The first findings named on the verdict line, the worst first, at most MD_VERDICT_NAMES
 * of them: baseline regressions ("`a` p95_ms +30.0% vs baseline"), critical targets
 * ("`a` p95_ms above critical target"), critical degradations ("`a` slower +40.0%", "`a`
 * errors 3.7%"), then warnings ("`a` outlier"). Returns how many were named.
 */
static size_t
md_verdict_names(const struct md *m)
{
	const struct report *r = m->r;
	const struct gate_results *g = &r->gate;
	size_t named = 0, i;
	const char *last = NULL;
	char buf[NUMFMT_BUFSZ];

	for (i = 0; i < g->n_baseline && named < MD_VERDICT_NAMES; i++) {
		const struct baseline_result *b = &g->baseline[i];

		if (b->status != BASE_REGRESSION)
			continue;
		md_verdict_item(m, &named, &last, b->operation);
		fprintf(m->out, " %s ", b->metric);
		if (b->has_change)
			md_put_signed_pct(m, b->change_pct);
		else
			fputs("worse", m->out);
		fputs(" vs baseline", m->out);
	}
	for (i = 0; i < g->n_targets && named < MD_VERDICT_NAMES; i++)
		if (g->targets[i].status == TARGET_CRITICAL) {
			md_verdict_item(m, &named, &last, g->targets[i].operation);
			fprintf(m->out, " %s above critical target", g->targets[i].metric);
		}
	for (int pass = 0; pass < 2; pass++)
		for (i = 0; i < r->n_findings && named < MD_VERDICT_NAMES; i++) {
			const struct finding *f = &r->findings[i];
			const struct op_row *row = &r->rows[f->row];

			if ((f->level == LEVEL_CRITICAL) != (pass == 0))
				continue;
			md_verdict_item(m, &named, &last, f->operation);
			fprintf(m->out, " %s", flag_name(f->flag));
			if (f->flag == FLAG_SLOWER && row->has_avg_change) {
				fputs(" ", m->out);
				md_put_signed_pct(m, row->avg_change_pct);
			} else if (f->flag == FLAG_ERRORS) {
				numfmt_fixed(f->value, 1, buf);
				fprintf(m->out, " %s%%", buf);
			}
		}
	return named;
}

/* "# Performance Report: LABEL", the verdict line (a PR comment's first line) and the
 * generation line. */
static void
md_title(const struct md *m)
{
	const struct report *r = m->r;
	char gen[TU_BUFSZ], start[TU_BUFSZ], end[TU_BUFSZ];

	tu_format_human(r->generated_at, gen);
	tu_format_ms(r->start, start);
	tu_format_ms(r->end, end);
	if (m->eo->color)
		fprintf(m->out, "%s# Performance Report: %s%s\n", MD_BOLD, r->label, MD_RESET);
	else
		fprintf(m->out, "# Performance Report: %s\n", r->label);
	if (r->gate.verdict != NULL) {
		fprintf(m->out, "\n%s ", md_verdict_icon(r->gate.level));
		if (md_verdict_names(m) > 0)
			fputs(" \xc2\xb7 ", m->out);
		fprintf(m->out, "%s\n", r->gate.verdict);
	}
	fprintf(m->out, "\nGenerated %s \xc2\xb7 window %s \xe2\x80\x93 %s \xc2\xb7 %llu %s\n",
	    gen, start, end, (unsigned long long)r->totals.count,
	    r->totals.count == 1 ? "record" : "records");
}

/* The sentence and hint shown instead of the table when the window has no record. */
static void
md_empty(const struct md *m)
{
	const struct report *r = m->r;
	char first[TU_BUFSZ], last[TU_BUFSZ], date[TU_BUFSZ];

	fprintf(m->out, "\nNo performance metrics found for %s.\n", r->label);
	if (!r->input.has_span) {
		fputs("\nThe input has no valid records.\n", m->out);
		return;
	}
	tu_format_human(r->input.first_ts, first);
	tu_format_human(r->input.last_ts, last);
	tu_format_date(r->input.first_ts, date);
	fprintf(m->out, "\nThe input covers %s to %s (%llu %s); try `--now latest`, or `"
	    PROGRAM_NAME " report --since %s`.\n", first, last,
	    (unsigned long long)r->input.records, r->input.records == 1 ? "record" : "records",
	    date);
}

/* The line under a shortened table saying what was left out. */
static void
md_hidden_note(const struct md *m, bool full)
{
	if (m->v->n_hidden == 0)
		return;
	fprintf(m->out, "\n_%zu of %zu operations not shown (limit --max-chars %zu)", m->v->n_hidden,
	    m->r->n_rows, m->v->limit);
	if (full)
		fputs("; use `--format csv` or a larger `--max-chars` to see them all", m->out);
	fputs("._\n", m->out);
}

/* The line under the table when a row's percentiles come from a summary's histogram
 * (SPEC section 18): what the mark means and how close it is. */
static void
md_approx_note(const struct md *m)
{
	const struct report *r = m->r;
	char buf[NUMFMT_BUFSZ];
	size_t i = 0;

	while (i < r->n_rows && !r->rows[i].approximate)
		i++;
	if (i == r->n_rows)
		return;
	numfmt_shortest(100.0 * r->approx_accuracy, buf);
	fprintf(m->out, "\n_\xe2\x89\x88 a percentile from a summary's histogram, within %s %% "
	    "of the exact value._\n", buf);
}

/* The flag names of a row, comma-separated (coloured when asked). */
static void
md_put_flags(const struct md *m, unsigned flags)
{
	bool first = true;

	for (unsigned bit = 0; bit < FLAG_COUNT; bit++) {
		if (!(flags & (1u << bit)))
			continue;
		if (!first)
			fputs(", ", m->out);
		md_put_flag(m, 1u << bit);
		first = false;
	}
}

/* The percentile the narrow table shows: the one of --percentiles nearest to 95 (the
 * first of two as near). */
static size_t
md_main_pct(const struct report *r)
{
	size_t best = 0;

	for (size_t p = 1; p < r->n_percentiles; p++)
		if (fabs(r->percentiles[p] - 95.0) < fabs(r->percentiles[best] - 95.0))
			best = p;
	return best;
}

/* A table cell's code span for s, cut to at most cells terminal cells (the last one an
 * ellipsis) when cells > 0 and s is wider once escaped (utf8_escape: the escapes count,
 * and escaping the cut text again changes nothing). */
static void
md_put_cut_span(const struct md *m, const char *s, size_t cells)
{
	char *clean, *cut;
	size_t len;

	if (cells == 0) {
		md_put_span(m, s, true);
		return;
	}
	clean = utf8_escape(s, strlen(s));
	len = strlen(clean);
	if (utf8_cells(clean, len) <= cells) {
		md_put_span(m, clean, true);
		free(clean);
		return;
	}
	cut = xasprintf("%.*s\xe2\x80\xa6", (int)utf8_fit(clean, len, cells - 1), clean);
	md_put_span(m, cut, true);
	free(cut);
	free(clean);
}

/* The cells that name a row: the operation, or one per --by key; in the narrow table
 * (full false) cut to MD_NARROW_NAME_CELLS between them (at least 12 each). */
static void
md_put_key_cells(const struct md *m, const struct op_row *row, bool full)
{
	size_t keys = m->r->n_group_keys, cells = 0;

	if (!full) {
		cells = MD_NARROW_NAME_CELLS / (keys > 0 ? keys : 1);
		if (cells < 12)
			cells = 12;
	}
	fputs("| ", m->out);
	if (keys == 0)
		md_put_cut_span(m, row->operation, cells);
	for (size_t k = 0; k < keys; k++) { /* --by: one column per key */
		if (k > 0)
			fputs(" | ", m->out);
		md_put_cut_span(m, row->group[k], cells);
	}
}

/* The change of a row's average: "new", "+26.8%" or a dash. */
static void
md_put_avg_change(const struct md *m, const struct op_row *row)
{
	if (row->flags & FLAG_NEW)
		fputs("new", m->out);
	else if (row->has_avg_change)
		md_put_signed_pct(m, row->avg_change_pct);
	else
		fputs(MD_DASH, m->out);
}

/* A p- or q-value cell: numfmt_p's text, or a dash when there is none. */
static void
md_put_p(const struct md *m, bool has, double v)
{
	char p[NUMFMT_BUFSZ];

	if (!has) {
		fputs(MD_DASH, m->out);
		return;
	}
	numfmt_p(v, p);
	fputs(p, m->out);
}

/*
 * One Operations table row. The narrow table (full false, the one that fits an issue's
 * column): the name cut to fit (md_put_key_cells), success of count, average, one
 * percentile (md_main_pct), the change and the flags. The full table: the whole name,
 * the count, every percentile, min, max, standard deviation and the p- and q-values against
 * the previous window as well.
 */
static void
md_op_row(const struct md *m, const struct op_row *row, bool full)
{
	const struct report *r = m->r;

	md_put_key_cells(m, row, full);
	if (full)
		fprintf(m->out, " | %llu", (unsigned long long)row->count);
	fprintf(m->out, " | %llu/%llu | ", (unsigned long long)row->success,
	    (unsigned long long)row->count);
	md_put_ms(m, row->avg_ms);
	for (size_t k = 0; k < r->n_percentiles; k++) {
		if (!full && k != md_main_pct(r))
			continue;
		fputs(row->approximate ? " | \xe2\x89\x88" : " | ", m->out);
		md_put_ms(m, row->pct_ms[k]);
	}
	if (full) {
		fputs(" | ", m->out);
		md_put_ms(m, row->min_ms);
		fputs(" | ", m->out);
		md_put_ms(m, row->max_ms);
		fputs(" | ", m->out);
		if (row->has_stddev)
			md_put_ms(m, row->stddev_ms);
		else
			fputs(MD_DASH, m->out);
	}
	fputs(" | ", m->out);
	md_put_avg_change(m, row);
	if (full) {
		fputs(" | ", m->out);
		md_put_p(m, row->has_p_value, row->p_value);
		fputs(" | ", m->out);
		md_put_p(m, row->has_q_value, row->q_value);
	}
	fputs(" | ", m->out);
	md_put_flags(m, row->flags);
	fputs(" |\n", m->out);
}

/* The header and alignment lines of the narrow or the full Operations table. */
static void
md_op_header(const struct md *m, bool full)
{
	const struct report *r = m->r;
	char buf[NUMFMT_BUFSZ];
	size_t i;

	if (r->n_group_keys == 0)
		fputs("\n| Operation", m->out);
	else
		fputs("\n", m->out);
	for (i = 0; i < r->n_group_keys; i++) {
		fputs(i > 0 ? " | " : "| ", m->out);
		md_put_span(m, r->group_keys[i], false);
	}
	fprintf(m->out, full ? " | Count | Success | Avg (%s)" : " | Success | Avg (%s)",
	    md_unit(m));
	for (i = 0; i < r->n_percentiles; i++) {
		if (!full && i != md_main_pct(r))
			continue;
		numfmt_shortest(r->percentiles[i], buf);
		fprintf(m->out, " | P%s", buf);
	}
	fputs(full ? " | Min | Max | Stddev | \xce\x94 avg | p | q | Flags |\n|---|" :
	    " | \xce\x94 avg | Flags |\n|---|", m->out);
	for (i = 1; i < r->n_group_keys; i++)
		fputs("---|", m->out);
	fputs(full ? "---:|---:|---:|" : "---:|---:|", m->out);
	for (i = 0; i < (full ? r->n_percentiles : 1); i++)
		fputs("---:|", m->out);
	fputs(full ? "---:|---:|---:|---:|---:|---:|---|\n" : "---:|---|\n", m->out);
}

/* "## Operations": the narrow table, then the full one in a <details> block (unless
 * --max-chars left it out), or the empty-window sentence and hint. */
static void
md_operations(const struct md *m)
{
	const struct report *r = m->r;
	size_t i;

	md_heading(m, "## Operations");
	if (r->n_rows == 0) {
		md_empty(m);
		return;
	}
	md_op_header(m, false);
	for (i = 0; i < r->n_rows; i++)
		if (md_shown(m, i))
			md_op_row(m, &r->rows[i], false);
	md_hidden_note(m, true);
	md_approx_note(m);
	if (!m->v->full_table) {
		if (m->v->limit > 0)
			fprintf(m->out, "\n_Full table (every percentile, min, max, stddev, p, q) "
			    "left out (limit --max-chars %zu)._\n", m->v->limit);
		return;
	}
	fputs("\n<details><summary>Full table: every percentile, min, max, stddev, "
	    "p, q</summary>\n", m->out);
	md_op_header(m, true);
	for (i = 0; i < r->n_rows; i++)
		md_op_row(m, &r->rows[i], true);
	fputs("\n</details>\n", m->out);
}

/* Sparkline of p95 over series[0..n) on the window's time axis (emit_kit_sparkline). */
static void
md_sparkline(const struct md *m, const struct series_row *s, size_t n)
{
	char *line = emit_kit_sparkline(m->r, s, n);

	fputs(line, m->out);
	free(line);
}

/* One Trends table row for a row and its series[0..n), n > 0. */
static void
md_trend_row(const struct md *m, const struct op_row *row, const struct series_row *s,
    size_t n)
{
	fputs("| ", m->out);
	md_put_span(m, row->operation, true);
	fprintf(m->out, " | %zu | ", n);
	md_sparkline(m, s, n);
	fputs(" | ", m->out);
	md_put_ms(m, s[0].p95_ms);
	fputs(" | ", m->out);
	md_put_ms(m, s[n - 1].p95_ms);
	fputs(" | ", m->out);
	if (row->has_trend_change)
		md_put_signed_pct(m, row->trend_change_pct);
	else
		fputs(MD_DASH, m->out);
	fputs(" |\n", m->out);
}

/* Name of a bucket size for the line above the Trends table. */
static const char *
md_bucket_text(enum bucket b)
{
	switch (b) {
	case BUCKET_WEEK:
		return "week (UTC, weeks start on Monday)";
	case BUCKET_MONTH:
		return "month (UTC)";
	case BUCKET_HOUR:
		return "hour (UTC)";
	case BUCKET_DAY:
	case BUCKET_AUTO:
		break;
	}
	return "day (UTC)";
}

/*
 * "## Trends": one row per operation that has series rows (emit_kit_series_of); a row with
 * no series rows of its own gets no line.
 */
static void
md_trends(const struct md *m)
{
	const struct report *r = m->r;
	size_t i, n, start;
	bool gaps = false;

	md_heading(m, "## Trends");
	if (r->n_series == 0) {
		fputs("\nNone.\n", m->out);
		return;
	}
	for (i = 0; i < r->n_rows; i++) {
		emit_kit_series_of(r, i, &n);
		if (n > 0 && md_shown(m, i) && r->n_buckets > n)
			gaps = true;
	}
	fprintf(m->out, "\nBuckets: %s%s\n", md_bucket_text(r->bucket),
	    gaps ? "; \xc2\xb7 marks a bucket with no record" : "");
	fputs("\n| Operation | Buckets | P95 trend | First P95 | Last P95 | Change |\n"
	    "|---|---:|---|---:|---:|---:|\n", m->out);
	for (i = 0; i < r->n_rows; i++) {
		start = emit_kit_series_of(r, i, &n);
		if (n > 0 && md_shown(m, i))
			md_trend_row(m, &r->rows[i], r->series + start, n);
	}
	md_hidden_note(m, false);
}

/* A chart label for input text: Mermaid's quoted strings end at '"' and take '#...;' as
 * entities, and GitHub passes labels on as HTML, so only letters, digits, spaces,
 * characters from U+00A0 up (not controls or bidi marks, as utf8_cells_escape) and
 * "_-.:/+=@()," are kept; anything else becomes '_'. Cut to MD_CHART_NAME_MAX code
 * points with "...". Caller frees. */
char *
md_chart_label(const char *s)
{
	char *clean = utf8_escape(s, strlen(s));
	size_t n = strlen(clean), o = 0, cps = 0, i = 0, len;
	char *out = xmalloc(n + 8);

	while (i < n) {
		unsigned char c = (unsigned char)clean[i];

		if (cps == MD_CHART_NAME_MAX) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c >= 0x80) {
			len = utf8_seq_len((const unsigned char *)clean + i, n - i);
			if (len == 0)
				len = 1;
			memcpy(out + o, clean + i, len);
			o += len;
			i += len;
		} else {
			out[o++] = (char)((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			    (c >= 'A' && c <= 'Z') || strchr(" _-.:/+=@(),", c) != NULL ? c : '_');
			i++;
		}
		cps++;
	}
	out[o] = '\0';
	free(clean);
	return out;
}

/* A bucket's label on a chart's x axis: "10-06" (day, week) or "2026-10" (month). */
static void
md_bucket_label(enum bucket b, int64_t start, char buf[TU_BUFSZ])
{
	char date[TU_BUFSZ];

	tu_format_date(start, date);
	if (b == BUCKET_MONTH)
		snprintf(buf, TU_BUFSZ, "%.7s", date);
	else
		snprintf(buf, TU_BUFSZ, "%s", date + 5);
}

/* One bar series of a chart: the p95 or p50 of each of the window's buckets, two
 * decimals, 0 for a bucket in which the operation has no record (s[0..n) in bucket
 * order). */
static void
md_chart_bars(const struct md *m, const struct series_row *s, size_t n, bool p95)
{
	const struct report *r = m->r;
	size_t j = 0;

	fputs("    bar [", m->out);
	for (size_t b = 0; b < r->n_buckets; b++) {
		if (b > 0)
			fputs(", ", m->out);
		if (j < n && s[j].bucket_start == r->buckets[b]) {
			md_put_ms(m, p95 ? s[j].p95_ms : s[j].p50_ms);
			j++;
		} else
			fputs("0", m->out);
	}
	fputs("]\n", m->out);
}

/*
 * One Mermaid xychart-beta block for row i: the x axis holds every bucket of the window
 * (a bucket without a record keeps its place and shows no bar), labelled at most
 * CHART_AXIS_MAX_LABELS times; the y axis runs from 0 to a round number in ms; a p95 bar
 * and a p50 bar over it per bucket, red and blue by an init directive (GitHub honours
 * it). Mermaid 10 draws no legend, so the title says which bar is which: p95 is never
 * below p50, so the blue bar stands in front of the red one.
 */
static void
md_chart(const struct md *m, size_t i)
{
	const struct report *r = m->r;
	size_t n, start = emit_kit_series_of(r, i, &n), step = chart_axis_label_step(r->n_buckets);
	const struct series_row *s = r->series + start;
	char *name, label[TU_BUFSZ], top[NUMFMT_BUFSZ];
	double max = 0.0;

	if (n == 0 || r->n_buckets == 0)
		return;
	for (size_t k = 0; k < n; k++)
		if (s[k].p95_ms > max)
			max = s[k].p95_ms;
	numfmt_shortest(chart_axis_nice_ceil(max), top);
	name = md_chart_label(r->rows[i].operation);
	fprintf(m->out, "\n```mermaid\n%%%%{init: {\"themeVariables\": {\"xyChart\": "
	    "{\"plotColorPalette\": \"#d1242f, #0969da\"}}}}%%%%\nxychart-beta\n    title \"%s: "
	    "p95 red, p50 blue%s\"\n    x-axis \"%s\" [", name,
	    n < r->n_buckets ? "; empty: no record" : "",
	    r->bucket == BUCKET_MONTH ? "month (UTC)" : r->bucket == BUCKET_WEEK ?
	    "week (UTC, from Monday)" : "day (UTC)");
	free(name);
	for (size_t b = 0; b < r->n_buckets; b++) {
		fputs(b > 0 ? ", \"" : "\"", m->out);
		if (b % step == 0) {
			md_bucket_label(r->bucket, r->buckets[b], label);
			fputs(label, m->out);
		} else
			chart_axis_put_blank_label(m->out, b);
		fputs("\"", m->out);
	}
	fprintf(m->out, "]\n    y-axis \"%s\" 0 --> %s\n", md_unit(m), top);
	md_chart_bars(m, s, n, true);
	md_chart_bars(m, s, n, false);
	fputs("```\n", m->out);
}

/* "## Charts": the first v->charts of the model's chart rows. */
static void
md_charts(const struct md *m)
{
	const struct report *r = m->r;
	size_t n = m->v->charts < r->n_chart_rows ? m->v->charts : r->n_chart_rows;

	if (r->n_chart_rows == 0)
		return;
	md_heading(m, "## Charts");
	if (n == 0) {
		fprintf(m->out, "\n_%zu %s left out (limit --max-chars %zu)._\n", r->n_chart_rows,
		    r->n_chart_rows == 1 ? "chart" : "charts", m->v->limit);
		return;
	}
	for (size_t k = 0; k < n; k++)
		md_chart(m, r->chart_rows[k]);
	if (n < r->n_chart_rows)
		fprintf(m->out, "\n_%zu more %s left out (limit --max-chars %zu)._\n",
		    r->n_chart_rows - n, r->n_chart_rows - n == 1 ? "chart" : "charts",
		    m->v->limit);
}

/* "## Reliability": totals as a bullet list. */
static void
md_reliability(const struct md *m)
{
	const struct totals *t = &m->r->totals;
	char buf[NUMFMT_BUFSZ];

	md_heading(m, "## Reliability");
	fprintf(m->out, "\n- Total operations: %llu\n- Successful: %llu\n- Failed: %llu\n",
	    (unsigned long long)t->count, (unsigned long long)t->success,
	    (unsigned long long)t->failed);
	if (t->has_error_rate) {
		numfmt_fixed(t->error_rate_pct, 2, buf);
		fprintf(m->out, "- Error rate: %s%%\n", buf);
	} else
		fputs("- Error rate: n/a\n", m->out);
}

/* "## Degradation": one bullet per finding (the message is the model's own sentence),
 * then why the drift was not judged, if so, and the operations seen only in the previous
 * window. */
static void
md_degradation(const struct md *m)
{
	const struct report *r = m->r;
	char *note = report_coverage_note(r);
	bool more = r->n_previous_only > 0 || note != NULL;
	size_t i;

	md_heading(m, "## Degradation");
	fputs("\n", m->out);
	if (r->n_rows == 0) {
		/* No evidence either way: never the green sentence (SPEC section 11). */
		fputs("Nothing to check: no record in the window.\n", m->out);
		if (more)
			fputs("\n", m->out);
	} else if (r->n_findings == 0) {
		if (m->eo->color)
			fputs(MD_GREEN "No degradation detected." MD_RESET "\n", m->out);
		else
			fputs("No degradation detected.\n", m->out);
		if (more)
			fputs("\n", m->out);
	}
	for (i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];
		char *test;

		fprintf(m->out, "- %s ", f->level == LEVEL_CRITICAL ? MD_ICON_CRITICAL :
		    MD_ICON_WARNING);
		md_put_span(m, f->operation, false);
		fputs(" **", m->out);
		md_put_flag(m, f->flag);
		fputs("**", m->out);
		if (f->has_since) {
			char day[TU_BUFSZ];

			tu_format_date(f->since, day);
			fprintf(m->out, " since %s", day);
		}
		fprintf(m->out, ": %s", f->message);
		if ((test = finding_test_text(f)) != NULL) {
			fputs(test, m->out);
			free(test);
		}
		fputs("\n", m->out);
		md_explain(m, f);
	}
	if (note != NULL)
		fprintf(m->out, "- %s\n", note);
	free(note);
	if (r->n_previous_only == 0)
		return;
	fputs("- Seen only in the previous window: ", m->out);
	for (i = 0; i < r->n_previous_only; i++) {
		if (i > 0)
			fputs(", ", m->out);
		md_put_span(m, r->previous_only[i], false);
	}
	fputs("\n", m->out);
}

/* A status word, coloured when asked: red for bad, yellow for a warning, green for good. */
static void
md_put_status(const struct md *m, const char *word, int badness)
{
	static const char *const colors[] = {MD_GREEN, "", MD_YELLOW, MD_RED};

	if (m->eo->color && *colors[badness] != '\0')
		fprintf(m->out, "%s%s%s", colors[badness], word, MD_RESET);
	else
		fputs(word, m->out);
}

/* Badness of a target status for colour: met 0, warning 2, critical 3. */
static int
md_target_badness(enum target_status s)
{
	return s == TARGET_CRITICAL ? 3 : s == TARGET_WARNING || s == TARGET_NO_DATA ? 2 : 0;
}

/* Badness of a baseline status: improved 0, unchanged 1, warning 2, regression 3. */
static int
md_base_badness(enum base_status s)
{
	return s == BASE_REGRESSION ? 3 : s == BASE_WARNING ? 2 : s == BASE_IMPROVED ? 0 : 1;
}

/* "N WORD" or "N WORDs". */
static void
md_put_count(const struct md *m, size_t n, const char *one, const char *many)
{
	fprintf(m->out, "%zu %s", n, n == 1 ? one : many);
}

/* The Targets table: the rows whose problem flag (not met) equals problems; with
 * MD_GATE_FULL every row. */
static void
md_targets_table(const struct md *m, bool problems)
{
	const struct gate_results *g = &m->r->gate;
	bool all = m->v->gate == MD_GATE_FULL;

	fputs("\n| Operation | Metric | Value | Target | Critical | Status |\n"
	    "|---|---|---:|---:|---:|---|\n", m->out);
	for (size_t i = 0; i < g->n_targets; i++) {
		const struct target_result *t = &g->targets[i];

		if (!all && (t->status != TARGET_MET) != problems)
			continue;
		fputs("| ", m->out);
		md_put_span(m, t->operation, true);
		fprintf(m->out, " | %s | ", t->metric);
		if (t->has_value)
			md_put_ms(m, t->value);
		else
			fputs(MD_DASH, m->out);
		fputs(" | ", m->out);
		md_put_ms(m, t->target);
		fputs(" | ", m->out);
		if (t->has_critical)
			md_put_ms(m, t->critical);
		else
			fputs(MD_DASH, m->out);
		fputs(" | ", m->out);
		md_put_status(m, gate_target_status_name(t->status),
		    md_target_badness(t->status));
		fputs(" |\n", m->out);
	}
}

/* The rows without a problem under a shortened gate section: folded in a <details>
 * block, or left out with a note. what is "met targets", "unchanged or improved". */
static void
md_gate_rest(const struct md *m, size_t n, const char *what, void (*table)(const struct md *,
    bool))
{
	if (n == 0)
		return;
	if (m->v->gate == MD_GATE_FOLD) {
		fprintf(m->out, "\n<details><summary>%zu %s</summary>\n", n, what);
		table(m, false);
		fputs("\n</details>\n", m->out);
	} else
		fprintf(m->out, "\n_%zu %s not shown (limit --max-chars %zu)._\n", n, what,
		    m->v->limit);
}

/* "## Targets": how many were met, then the table (--targets only). */
static void
md_targets(const struct md *m)
{
	const struct gate_results *g = &m->r->gate;
	size_t problems = g->n_target_warning + g->n_target_critical + g->n_target_no_data;
	const char *sep = "";

	md_heading(m, "## Targets");
	fprintf(m->out, "\n%zu of %zu targets met", g->n_met, g->n_targets);
	if (problems > 0) {
		fputs(" (", m->out);
		if (g->n_target_warning > 0) {
			md_put_count(m, g->n_target_warning, "warning", "warnings");
			sep = ", ";
		}
		if (g->n_target_critical > 0) {
			fprintf(m->out, "%s%zu critical", sep, g->n_target_critical);
			sep = ", ";
		}
		if (g->n_target_no_data > 0)
			fprintf(m->out, "%s%zu with no data", sep, g->n_target_no_data);
		fputs(")", m->out);
	}
	fputs(".\n", m->out);
	if (g->n_targets == 0) {
		fputs("\nNo target applies to the operations in this window.\n", m->out);
		return;
	}
	if (m->v->gate == MD_GATE_FULL) {
		md_targets_table(m, true);
		return;
	}
	if (problems > 0)
		md_targets_table(m, true);
	md_gate_rest(m, g->n_met, g->n_met == 1 ? "met target" : "met targets",
	    md_targets_table);
}

/* A baseline comparison's test: "p = 0.003, 169 vs 153 records", or "no test" when the
 * baseline lacks what the test needs (then the size of the change alone counts). */
static void
md_put_test(const struct md *m, const struct baseline_result *b)
{
	char p[NUMFMT_BUFSZ];

	if (!b->has_p_value) {
		fputs("no test", m->out);
		return;
	}
	numfmt_pq_phrase(b->p_value, b->has_q_value, b->q_value, p);
	fprintf(m->out, "%s, %llu vs %llu records", p, (unsigned long long)b->base_count,
	    (unsigned long long)b->count);
}

/* The Baseline table: the rows whose problem flag (warning or regression) equals
 * problems; with MD_GATE_FULL every row (problems true). */
static void
md_baseline_table(const struct md *m, bool problems)
{
	const struct gate_results *g = &m->r->gate;
	bool all = m->v->gate == MD_GATE_FULL;

	fputs("\n| Operation | Metric | Baseline | Current | Change | Test | Status |\n"
	    "|---|---|---:|---:|---:|---|---|\n", m->out);
	for (size_t i = 0; i < g->n_baseline; i++) {
		const struct baseline_result *b = &g->baseline[i];
		bool bad = b->status == BASE_WARNING || b->status == BASE_REGRESSION;

		if (!all && bad != problems)
			continue;
		fputs("| ", m->out);
		md_put_span(m, b->operation, true);
		fprintf(m->out, " | %s | ", b->metric);
		md_put_ms(m, b->baseline);
		fputs(" | ", m->out);
		md_put_ms(m, b->current);
		fputs(" | ", m->out);
		if (b->has_change)
			md_put_signed_pct(m, b->change_pct);
		else
			fputs(MD_DASH, m->out);
		fputs(" | ", m->out);
		md_put_test(m, b);
		fputs(" | ", m->out);
		md_put_status(m, gate_base_status_name(b->status), md_base_badness(b->status));
		fputs(" |\n", m->out);
	}
}

/* One "- Only in ...: `a`, `b`" line. */
static void
md_name_line(const struct md *m, const char *label, char *const *names, size_t n)
{
	if (n == 0)
		return;
	fprintf(m->out, "- %s: ", label);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fputs(", ", m->out);
		md_put_span(m, names[i], false);
	}
	fputs("\n", m->out);
}

/* "## Baseline": the counts, the table, the operations on one side only (--baseline). */
static void
md_baseline(const struct md *m)
{
	const struct gate_results *g = &m->r->gate;
	size_t problems = g->n_regression + g->n_base_warning;

	md_heading(m, "## Baseline");
	fputs("\nCompared with ", m->out);
	md_put_span(m, g->baseline_file, false);
	fputs(": ", m->out);
	md_put_count(m, g->n_regression, "regression", "regressions");
	fputs(", ", m->out);
	md_put_count(m, g->n_base_warning, "warning", "warnings");
	fprintf(m->out, ", %zu improved, %zu unchanged.\n", g->n_improved, g->n_unchanged);
	if (g->pcts_note != NULL)
		fprintf(m->out, "\nNote: %s.\n", g->pcts_note);
	if (g->n_baseline == 0)
		fputs("\nNo operation is in both this report and the baseline.\n", m->out);
	else if (m->v->gate == MD_GATE_FULL)
		md_baseline_table(m, true);
	else {
		if (problems > 0)
			md_baseline_table(m, true);
		md_gate_rest(m, g->n_improved + g->n_unchanged, "unchanged or improved",
		    md_baseline_table);
	}
	if (g->n_only_current == 0 && g->n_only_baseline == 0)
		return;
	fputs("\n", m->out);
	md_name_line(m, "Only in this report", g->only_current, g->n_only_current);
	md_name_line(m, "Only in the baseline", g->only_baseline, g->n_only_baseline);
}

/* "## Slowest Operations" and "## Most Frequent Operations" as numbered lists. */
static void
md_lists(const struct md *m)
{
	const struct report *r = m->r;
	char ts[TU_BUFSZ];
	size_t i;

	md_heading(m, "## Slowest Operations");
	fputs("\n", m->out);
	if (r->n_slowest == 0)
		fputs("None.\n", m->out);
	for (i = 0; i < r->n_slowest; i++) {
		const struct slow_entry *e = &r->slowest[i];

		fprintf(m->out, "%zu. ", i + 1);
		md_put_span(m, e->operation, false);
		fputs(": ", m->out);
		md_put_ms(m, e->duration_ms);
		tu_format_ms(e->ts_us, ts);
		fprintf(m->out, " %s at %s", md_unit(m), ts);
		if (e->session_id != NULL) {
			fputs(" (session ", m->out);
			md_put_span(m, e->session_id, false);
			fputs(")", m->out);
		}
		fputs("\n", m->out);
	}

	md_heading(m, "## Most Frequent Operations");
	fputs("\n", m->out);
	if (r->n_most_frequent == 0)
		fputs("None.\n", m->out);
	for (i = 0; i < r->n_most_frequent; i++) {
		const struct freq_entry *e = &r->most_frequent[i];
		char buf[NUMFMT_BUFSZ];

		fprintf(m->out, "%zu. ", i + 1);
		md_put_span(m, e->operation, false);
		numfmt_fixed(e->share_pct, 1, buf);
		fprintf(m->out, ": %llu (%s%%)\n", (unsigned long long)e->count, buf);
	}
}

/* The whole document for one view. Returns 0, or -1 when out shows a write error. */
static int
md_render(const struct report *r, const struct emit_opts *eo, const struct md_view *v,
    FILE *out)
{
	struct md m = {r, eo, v, out};
	/* --top 0 leaves the lists out; the model then has no entries either. */
	bool lists = eo->top != 0 || r->n_slowest > 0 || r->n_most_frequent > 0;

	md_title(&m);
	md_operations(&m);
	if (r->series_report)
		md_trends(&m);
	md_charts(&m);
	md_reliability(&m);
	md_degradation(&m);
	if (r->gate.has_targets)
		md_targets(&m);
	if (r->gate.has_baseline)
		md_baseline(&m);
	if (lists && v->lists)
		md_lists(&m);
	else if (lists && v->lists_cut)
		fprintf(out, "\n_Slowest and most frequent operations left out (limit --max-chars "
		    "%zu)._\n", v->limit);
	return ferror(out) ? -1 : 0;
}

/* Render one view into memory; *len is its size in characters (UTF-8 code points). The
 * caller frees the returned text, whose byte length is in *bytes. */
static char *
md_render_mem(const struct report *r, const struct emit_opts *eo, const struct md_view *v,
    size_t *bytes, size_t *len)
{
	char *buf = NULL;
	size_t size = 0, i, n = 0;
	FILE *mem = open_memstream(&buf, &size);

	if (mem == NULL || md_render(r, eo, v, mem) != 0 || fclose(mem) != 0) {
		/* A memory stream fails only when memory runs out. */
		xalloc_die();
	}
	for (i = 0; i < size; i++)
		if (((unsigned char)buf[i] & 0xc0) != 0x80)
			n++;
	*bytes = size;
	*len = n;
	return buf;
}

/* Mark the flagged rows and the first k others (rows come by count desc) as kept. */
static void
md_select(const struct report *r, bool *keep, size_t k)
{
	for (size_t i = 0; i < r->n_rows; i++) {
		if (r->rows[i].flags & FLAG_DEGRADATIONS)
			keep[i] = true;
		else if (k > 0) {
			keep[i] = true;
			k--;
		} else
			keep[i] = false;
	}
}

/* Whether the view with k unflagged rows fits the limit. */
static bool
md_fits(const struct report *r, const struct emit_opts *eo, struct md_view *v, bool *keep,
    size_t n_other, size_t k)
{
	size_t bytes, len;
	char *text;

	md_select(r, keep, k);
	v->n_hidden = n_other - k;
	text = md_render_mem(r, eo, v, &bytes, &len);
	free(text);
	return len <= eo->max_chars;
}

/*
 * --max-chars: when the full document is too long, the full Operations table (in its
 * <details> block) is left out first, then charts; then keep every operation row with a
 * degradation and then as many of the most frequent other rows as fit (binary search
 * over how many; the length grows with each row), with a note under the table (and under
 * the Trends table) saying how many were left out. A shortened document also folds the
 * rows of the Targets and Baseline tables that show no problem (met; unchanged or
 * improved) into a <details> block under the problem rows, so that a PR comment opens
 * short (the block saves no characters). If not even the flagged rows alone fit, those
 * folded rows are left out (a note says how many), then the slowest and most frequent
 * lists (a line says so), and the search runs again after each step; if the flagged rows
 * still do not fit, they are printed anyway and the limit is exceeded, which a note on
 * standard error says: a degradation or a problem row of the gate is never hidden to save
 * space.
 */
static int
md_emit_limited(const struct report *r, const struct emit_opts *eo, FILE *out)
{
	struct md_view v = {NULL, 0, true, false, eo->max_chars, MD_GATE_FULL, r->n_chart_rows,
	    true};
	bool gate = r->gate.has_targets || r->gate.has_baseline, fits;
	bool *keep;
	size_t bytes, len, n_other = 0, lo, hi, mid, i;
	char *text;
	int rv;

	text = md_render_mem(r, eo, &v, &bytes, &len);
	if (len <= eo->max_chars)
		goto write;
	free(text);
	/* The full table goes first: the narrow one above it shows every row. */
	v.full_table = false;
	text = md_render_mem(r, eo, &v, &bytes, &len);
	if (len <= eo->max_chars)
		goto write;
	free(text);
	if (r->n_chart_rows > 0) {
		/* Charts go before rows: the most charts that fit (the length grows with each). */
		lo = 0;
		hi = r->n_chart_rows - 1;
		while (lo < hi) {
			mid = lo + (hi - lo + 1) / 2;
			v.charts = mid;
			text = md_render_mem(r, eo, &v, &bytes, &len);
			free(text);
			if (len <= eo->max_chars)
				lo = mid;
			else
				hi = mid - 1;
		}
		v.charts = lo;
		text = md_render_mem(r, eo, &v, &bytes, &len);
		if (len <= eo->max_chars)
			goto write;
		free(text);
	}

	keep = xcalloc(r->n_rows > 0 ? r->n_rows : 1, sizeof(*keep));
	for (i = 0; i < r->n_rows; i++)
		if (!(r->rows[i].flags & FLAG_DEGRADATIONS))
			n_other++;
	v.keep = keep;
	v.gate = gate ? MD_GATE_FOLD : MD_GATE_FULL;
	lo = 0;
	fits = md_fits(r, eo, &v, keep, n_other, 0);
	if (!fits && gate) {
		v.gate = MD_GATE_TRIM;
		fits = md_fits(r, eo, &v, keep, n_other, 0);
	}
	if (!fits) {
		v.lists = false;
		v.lists_cut = true;
		if (!md_fits(r, eo, &v, keep, n_other, 0))
			goto render; /* over the limit: flagged rows only */
	}
	hi = n_other;
	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		if (md_fits(r, eo, &v, keep, n_other, mid))
			lo = mid;
		else
			hi = mid - 1;
	}
render:
	md_select(r, keep, lo);
	v.n_hidden = n_other - lo;
	text = md_render_mem(r, eo, &v, &bytes, &len);
	free(keep);
	if (len > eo->max_chars)
		diag_note("the report is %zu characters, over --max-chars %zu: it cannot be "
		    "shorter (degradations and the gate's problems are never left out)", len,
		    eo->max_chars);
write:
	rv = fwrite(text, 1, bytes, out) == bytes ? 0 : -1;
	free(text);
	if (ferror(out))
		rv = -1;
	return rv;
}

int
emit_md(const struct report *r, const struct emit_opts *eo, FILE *out)
{
	struct md_view all = {NULL, 0, true, false, 0, MD_GATE_FULL, r->n_chart_rows, true};

	if (eo->max_chars > 0)
		return md_emit_limited(r, eo, out);
	return md_render(r, eo, &all, out);
}

/* ---- compare (SPEC section 12) ----------------------------------------- */

/* Name of change column k of a comparison: "avg" or "p95". */
static void
md_cmp_col(const struct comparison *c, size_t k, char buf[NUMFMT_BUFSZ + 1])
{
	char num[NUMFMT_BUFSZ];

	if (k == 0) {
		snprintf(buf, NUMFMT_BUFSZ + 1, "avg");
		return;
	}
	numfmt_shortest(c->percentiles[k - 1], num);
	snprintf(buf, NUMFMT_BUFSZ + 1, "p%s", num);
}

/* "`a.jsonl` (log, 1234 records)" */
static void
md_cmp_side(const struct md *m, const struct cmp_side *s)
{
	md_put_span(m, s->source, false);
	fprintf(m->out, " (%s, %llu %s)", compare_kind_name(s->kind),
	    (unsigned long long)s->records, s->records == 1 ? "record" : "records");
}

/* A p-value cell: "0.003", "< 0.0001", or a dash without a test. */
static void
md_cmp_p(const struct md *m, const struct cmp_row *row)
{
	char p[NUMFMT_BUFSZ];

	if (!row->has_p_value) {
		fputs(MD_DASH, m->out);
		return;
	}
	numfmt_p(row->p_value, p);
	fputs(p, m->out);
}

/* The comparison table: one row per operation. */
static void
md_cmp_table(const struct md *m, const struct comparison *c)
{
	char col[NUMFMT_BUFSZ + 1];

	fputs(c->n_group_keys == 0 ? "\n| Operation |" : "\n|", m->out);
	for (size_t k = 0; k < c->n_group_keys; k++) { /* --by: one column per key */
		fputs(" ", m->out);
		md_put_span(m, c->group_keys[k], false);
		fputs(" |", m->out);
	}
	fprintf(m->out, " Status | Base n | Current n | Base avg (%s) | Current avg (%s) |",
	    md_unit(m), md_unit(m));
	for (size_t k = 0; k <= c->n_percentiles; k++) {
		md_cmp_col(c, k, col);
		fprintf(m->out, " \xce\x94 %s |", col);
	}
	fputs(" p |\n|---|", m->out);
	for (size_t k = 1; k < c->n_group_keys; k++)
		fputs("---|", m->out);
	fputs("---|---:|---:|---:|---:|", m->out);
	for (size_t k = 0; k <= c->n_percentiles; k++)
		fputs("---:|", m->out);
	fputs("---:|\n", m->out);
	for (size_t i = 0; i < c->n_rows; i++) {
		const struct cmp_row *row = &c->rows[i];

		fputs("| ", m->out);
		if (c->n_group_keys == 0)
			md_put_span(m, row->operation, true);
		for (size_t k = 0; k < c->n_group_keys; k++) {
			if (k > 0)
				fputs(" | ", m->out);
			md_put_span(m, row->group[k], true);
		}
		fputs(" | ", m->out);
		md_put_status(m, compare_status_name(row->status), row->status == CMP_REGRESSION ?
		    3 : row->status == CMP_WARNING ? 2 : row->status == CMP_IMPROVED ? 0 : 1);
		fputs(" | ", m->out);
		if (row->in_base)
			fprintf(m->out, "%llu", (unsigned long long)row->base.count);
		else
			fputs(MD_DASH, m->out);
		fputs(" | ", m->out);
		if (row->in_cur)
			fprintf(m->out, "%llu", (unsigned long long)row->cur.count);
		else
			fputs(MD_DASH, m->out);
		fputs(" | ", m->out);
		if (row->in_base)
			md_put_ms(m, row->base.avg_ms);
		else
			fputs(MD_DASH, m->out);
		fputs(" | ", m->out);
		if (row->in_cur)
			md_put_ms(m, row->cur.avg_ms);
		else
			fputs(MD_DASH, m->out);
		for (size_t k = 0; k <= c->n_percentiles; k++) {
			fputs(" | ", m->out);
			if (row->has_change[k])
				md_put_signed_pct(m, row->change_pct[k]);
			else
				fputs(MD_DASH, m->out);
		}
		fputs(" | ", m->out);
		md_cmp_p(m, row);
		fputs(" |\n", m->out);
	}
}

/* "- Only in CURRENT: `a`, `b`" for the rows of one status (nothing when none). */
static void
md_cmp_names(const struct md *m, const struct comparison *c, enum cmp_status st,
    const char *label)
{
	bool first = true;

	for (size_t i = 0; i < c->n_rows; i++) {
		if (c->rows[i].status != st)
			continue;
		if (first)
			fprintf(m->out, "- %s: ", label);
		else
			fputs(", ", m->out);
		first = false;
		md_put_span(m, c->rows[i].operation, false);
	}
	if (!first)
		fputs("\n", m->out);
}

/* One bullet per regression, warning and improvement, with the change that decided it and
 * the test behind it. */
static void
md_cmp_findings(const struct md *m, const struct comparison *c)
{
	char col[NUMFMT_BUFSZ + 1], a[NUMFMT_BUFSZ], b[NUMFMT_BUFSZ], *test;
	bool any = false;

	md_heading(m, "## Findings");
	fputs("\n", m->out);
	for (size_t i = 0; i < c->n_rows; i++) {
		const struct cmp_row *row = &c->rows[i];
		size_t k;

		if (row->decisive < 0)
			continue;
		any = true;
		k = (size_t)row->decisive;
		md_cmp_col(c, k, col);
		numfmt_fixed(k == 0 ? row->base.avg_ms : row->base.pct_ms[k - 1], 2, a);
		numfmt_fixed(k == 0 ? row->cur.avg_ms : row->cur.pct_ms[k - 1], 2, b);
		fprintf(m->out, "- %s ", row->status == CMP_REGRESSION ? MD_ICON_CRITICAL :
		    row->status == CMP_WARNING ? MD_ICON_WARNING : "\xe2\x9c\x85");
		md_put_span(m, row->operation, false);
		fprintf(m->out, " **%s**: %s %s %s \xe2\x86\x92 %s %s (", compare_status_name(
		    row->status), col, a, md_unit(m), b, md_unit(m));
		md_put_signed_pct(m, row->change_pct[k]);
		test = compare_test_text(row);
		fprintf(m->out, "; %s)\n", test);
		free(test);
	}
	if (!any)
		fputs("No significant change beyond the limits.\n", m->out);
	md_cmp_names(m, c, CMP_NEW, "Only in CURRENT");
	md_cmp_names(m, c, CMP_GONE, "Only in BASE");
}

int
emit_md_compare(const struct comparison *c, const struct emit_opts *eo, FILE *out)
{
	struct md_view all = {NULL, 0, true, false, 0, MD_GATE_FULL, 0, false};
	struct md m = {NULL, eo, &all, out};
	char gen[TU_BUFSZ], alpha[NUMFMT_BUFSZ];

	tu_format_human(c->generated_at, gen);
	numfmt_shortest(c->alpha, alpha);
	if (eo->color)
		fprintf(out, "%s# Performance Comparison%s\n", MD_BOLD, MD_RESET);
	else
		fputs("# Performance Comparison\n", out);
	fprintf(out, "\n%s %s\n", md_verdict_icon(c->level), c->verdict);
	fprintf(out, "\nGenerated %s \xc2\xb7 base ", gen);
	md_cmp_side(&m, &c->base);
	fputs(" \xc2\xb7 current ", out);
	md_cmp_side(&m, &c->cur);
	fprintf(out, " \xc2\xb7 alpha %s\n", alpha);
	md_heading(&m, "## Operations");
	if (c->n_rows == 0)
		fputs("\nNo operation on either side.\n", out);
	else
		md_cmp_table(&m, c);
	if (c->pcts_note != NULL)
		fprintf(out, "\nNote: %s.\n", c->pcts_note);
	md_cmp_findings(&m, c);
	return ferror(out) ? -1 : 0;
}
