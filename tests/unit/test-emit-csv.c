/* test-emit-csv.c - the CSV emitter against hand-written golden text, libcsv's own parser,
 * and the emitter table. Expected numbers were worked out by hand (and %.15g in Python for
 * the repeating decimals), never copied from the emitter's output. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "emit.h"
#include "emit-csv.h"
#include "emit-json.h"
#include "emit-md.h"
#include "fixture-report.h"
#include "xalloc.h"

#define HEADER "operation,count,success,failed,error_rate_pct,avg_ms,stddev_ms,p50_ms,p95_ms," \
	"p99_ms,min_ms,max_ms,prev_count,prev_avg_ms,avg_change_pct,p_value,q_value,flags\n"
#define ROW_API "api_call,600,590,10,1.66666666666667,120.5,80.5,100,300.25,410,12,900.125,500," \
	"95,26.8421052631579,0.003,0.0045,outlier;slower;errors\n"
#define ROW_DB "db_query,400,400,0,0,10,3.25,9.5,15,18,1,40,420,20,-50,1e-5,3e-5,faster\n"
#define ROW_EVIL "\"'=evil|op`@team<b>\n\",100,100,0,0,0.1,0,0.1,0.1,0.1,0.1,0.1,0,,,,,new\n"
#define TABLE HEADER ROW_API ROW_DB ROW_EVIL
#define SERIES "bucket_start,operation,count,avg_ms,p95_ms,p99_ms,error_rate_pct\n" \
	"2026-01-01T00:00:00.000Z,api_call,150,100,100,110,0\n" \
	"2026-01-02T00:00:00.000Z,api_call,150,101,150,160,1\n" \
	"2026-01-03T00:00:00.000Z,api_call,150,102,400,410,2\n" \
	"2026-01-04T00:00:00.000Z,api_call,150,103,300.25,310.25,3\n" \
	"2026-01-01T00:00:00.000Z,db_query,400,10,15,18,0\n"

/* Run emit_csv into a string (and the series into *series_text when wanted). */
static char *
run_csv(const struct report *r, char **series_text)
{
	struct emit_opts eo = {.top = 10};
	char *buf = NULL, *sbuf = NULL;
	size_t len = 0, slen = 0;
	FILE *out = open_memstream(&buf, &len);
	FILE *series = NULL;

	cr_assert_not_null(out);
	if (series_text != NULL) {
		series = open_memstream(&sbuf, &slen);
		cr_assert_not_null(series);
		eo.series = series;
	}
	cr_assert_eq(emit_csv(r, &eo, out), 0);
	cr_assert_eq(fclose(out), 0);
	if (series != NULL) {
		cr_assert_eq(fclose(series), 0);
		*series_text = sbuf;
	}
	return buf;
}

/* Replace the name of row i (the model owns its strings). */
static void
rename_row(struct report *r, size_t i, const char *name)
{
	free(r->rows[i].operation);
	r->rows[i].operation = xstrdup(name);
}

/* Copy of the text after the header line (row 0 onwards). */
static char *
first_row_line(const char *text)
{
	const char *p = strchr(text, '\n');

	cr_assert_not_null(p);
	return xstrdup(p + 1);
}

Test(emit_csv, monthly_table_matches_golden_text)
{
	struct report *r = fixture_report();
	char *text = run_csv(r, NULL);

	cr_assert_str_eq(text, TABLE);
	free(text);
	report_free(r);
}

/* SPEC section 6: one table per CSV output; without a series stream the series is left out. */
Test(emit_csv, trends_without_series_stream_is_the_table_alone)
{
	struct report *r = fixture_trends_report();
	char *text = run_csv(r, NULL);

	cr_assert_str_eq(text, TABLE);
	free(text);
	report_free(r);
}

/* The excel dialect: a BOM before each output's header, times without T and Z; the rest
 * (numbers, quoting, the formula guard) as in rfc4180. */
Test(emit_csv, excel_dialect_bom_and_spreadsheet_times)
{
	struct report *r = fixture_trends_report();
	struct emit_opts eo = {.top = 10, .csv_dialect = CSV_EXCEL};
	char *buf = NULL, *sbuf = NULL;
	size_t len = 0, slen = 0;
	FILE *out = open_memstream(&buf, &len), *series = open_memstream(&sbuf, &slen);

	cr_assert_not_null(out);
	cr_assert_not_null(series);
	eo.series = series;
	cr_assert_eq(emit_csv(r, &eo, out), 0);
	cr_assert_eq(fclose(out), 0);
	cr_assert_eq(fclose(series), 0);
	cr_assert_str_eq(buf, "\xEF\xBB\xBF" TABLE);
	cr_assert_str_eq(sbuf, "\xEF\xBB\xBF"
	    "bucket_start,operation,count,avg_ms,p95_ms,p99_ms,error_rate_pct\n"
	    "2026-01-01 00:00:00.000,api_call,150,100,100,110,0\n"
	    "2026-01-02 00:00:00.000,api_call,150,101,150,160,1\n"
	    "2026-01-03 00:00:00.000,api_call,150,102,400,410,2\n"
	    "2026-01-04 00:00:00.000,api_call,150,103,300.25,310.25,3\n"
	    "2026-01-01 00:00:00.000,db_query,400,10,15,18,0\n");
	free(buf);
	free(sbuf);
	report_free(r);
}

Test(emit_csv, trends_series_goes_to_its_own_stream)
{
	struct report *r = fixture_trends_report();
	char *series = NULL;
	char *text = run_csv(r, &series);

	cr_assert_str_eq(text, TABLE);
	cr_assert_str_eq(series, SERIES);
	free(text);
	free(series);
	report_free(r);
}

Test(emit_csv, monthly_report_ignores_series_stream)
{
	struct report *r = fixture_report();
	char *series = NULL;
	char *text = run_csv(r, &series);

	cr_assert_str_eq(text, TABLE);
	cr_assert_str_eq(series, "");
	free(text);
	free(series);
	report_free(r);
}

Test(emit_csv, empty_report_is_header_only)
{
	struct report *r = fixture_empty_report();
	char *text = run_csv(r, NULL);

	cr_assert_str_eq(text, HEADER);
	free(text);
	report_free(r);
}

Test(emit_csv, formula_guard_prefixes_each_trigger_character)
{
	static const struct {
		const char *name, *cell;
	} cases[] = {
		{"=1+2", "'=1+2,"},
		{"+cmd", "'+cmd,"},
		{"-x", "'-x,"},
		{"@SUM(A1)", "'@SUM(A1),"},
		{"\tx", "'\tx,"},
		{"\rx", "\"'\rx\","},
		{"=a,b", "\"'=a,b\","},
		{"a=b", "a=b,"},
		{"x-1", "x-1,"},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct report *r = fixture_report();
		char *text, *line;

		rename_row(r, 0, cases[i].name);
		text = run_csv(r, NULL);
		line = first_row_line(text);
		cr_assert_eq(strncmp(line, cases[i].cell, strlen(cases[i].cell)), 0,
		    "case %zu: line starts %.20s", i, line);
		free(line);
		free(text);
		report_free(r);
	}
}

Test(emit_csv, numbers_are_never_guarded)
{
	struct report *r = fixture_report();
	char *text = run_csv(r, NULL);

	/* avg_change_pct -50 is a number cell: no leading quote */
	cr_assert_not_null(strstr(text, ",20,-50,1e-5,3e-5,faster\n"));
	cr_assert_null(strstr(text, "'-50"));
	free(text);
	report_free(r);
}

Test(emit_csv, quotes_only_when_needed)
{
	static const struct {
		const char *name, *cell;
	} cases[] = {
		{"plain", "plain,600,"},
		{"mid space", "mid space,600,"},
		{"a,b", "\"a,b\",600,"},
		{"say \"hi\"", "\"say \"\"hi\"\"\",600,"},
		{" lead", "\" lead\",600,"},
		{"trail ", "\"trail \",600,"},
		{"cr\rin", "\"cr\rin\",600,"},
		{"lf\nin", "\"lf\nin\",600,"},
		{"semi;colon|pipe", "semi;colon|pipe,600,"},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct report *r = fixture_report();
		char *text, *line;

		rename_row(r, 0, cases[i].name);
		text = run_csv(r, NULL);
		line = first_row_line(text);
		cr_assert_eq(strncmp(line, cases[i].cell, strlen(cases[i].cell)), 0,
		    "case %zu: line starts %.20s", i, line);
		free(line);
		free(text);
		report_free(r);
	}
}

/* Cells collected by libcsv's parser. */
struct grid {
	char *cell[16][24];
	size_t ncols[16];
	size_t row, col;
	bool overflow;
};

static void
grid_cell(void *s, size_t len, void *data)
{
	struct grid *g = data;

	if (g->row >= 16 || g->col >= 24) {
		g->overflow = true;
		return;
	}
	g->cell[g->row][g->col++] = xstrndup(s != NULL ? s : "", len);
}

static void
grid_row(int c, void *data)
{
	struct grid *g = data;

	(void)c;
	if (g->row < 16)
		g->ncols[g->row] = g->col;
	g->row++;
	g->col = 0;
}

/* Parse text with libcsv in strict mode into g. */
static void
grid_parse(struct grid *g, const char *text)
{
	struct csv_parser p;
	size_t len = strlen(text);

	memset(g, 0, sizeof(*g));
	cr_assert_eq(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL), 0);
	cr_assert_eq(csv_parse(&p, text, len, grid_cell, grid_row, g), len,
	    "csv_parse: %s", csv_strerror(csv_error(&p)));
	cr_assert_eq(csv_fini(&p, grid_cell, grid_row, g), 0);
	csv_free(&p);
	cr_assert(!g->overflow);
}

static void
grid_free(struct grid *g)
{
	for (size_t i = 0; i < 16; i++)
		for (size_t j = 0; j < 24; j++)
			free(g->cell[i][j]);
}

Test(emit_csv, parses_back_with_libcsv)
{
	struct report *r = fixture_report();
	char *text = run_csv(r, NULL);
	struct grid g;

	grid_parse(&g, text);
	cr_assert_eq(g.row, 4);
	for (size_t i = 0; i < 4; i++)
		cr_assert_eq(g.ncols[i], 18, "row %zu has %zu cells", i, g.ncols[i]);
	cr_assert_str_eq(g.cell[0][0], "operation");
	cr_assert_str_eq(g.cell[0][6], "stddev_ms");
	cr_assert_str_eq(g.cell[0][8], "p95_ms");
	cr_assert_str_eq(g.cell[0][15], "p_value");
	cr_assert_str_eq(g.cell[0][16], "q_value");
	cr_assert_str_eq(g.cell[0][17], "flags");
	cr_assert_str_eq(g.cell[1][0], "api_call");
	cr_assert_str_eq(g.cell[1][4], "1.66666666666667");
	cr_assert_str_eq(g.cell[1][6], "80.5");
	cr_assert_str_eq(g.cell[1][13], "95");
	cr_assert_str_eq(g.cell[1][15], "0.003");
	cr_assert_str_eq(g.cell[1][16], "0.0045");
	cr_assert_str_eq(g.cell[1][17], "outlier;slower;errors");
	cr_assert_str_eq(g.cell[2][14], "-50");
	cr_assert_str_eq(g.cell[3][0], "'=evil|op`@team<b>\n");
	cr_assert_str_eq(g.cell[3][5], "0.1");
	cr_assert_str_eq(g.cell[3][12], "0");
	cr_assert_str_eq(g.cell[3][13], "");
	cr_assert_str_eq(g.cell[3][14], "");
	cr_assert_str_eq(g.cell[3][15], "");
	cr_assert_str_eq(g.cell[3][16], "");
	cr_assert_str_eq(g.cell[3][17], "new");
	grid_free(&g);
	free(text);
	report_free(r);
}

Test(emit_csv, quoted_cells_parse_back_to_the_guarded_text)
{
	struct report *r = fixture_report();
	char *text;
	struct grid g;

	rename_row(r, 0, " -a,\"b\"\r\n ");
	rename_row(r, 1, "-lead");
	text = run_csv(r, NULL);
	grid_parse(&g, text);
	cr_assert_str_eq(g.cell[1][0], " -a,\"b\"\r\n ");
	cr_assert_str_eq(g.cell[2][0], "'-lead");
	grid_free(&g);
	free(text);
	report_free(r);
}

Test(emit_csv, write_error_returns_minus_one)
{
	struct report *r = fixture_trends_report();
	struct emit_opts eo = {.top = 10};
	FILE *full = fopen("/dev/full", "w");

	cr_assert_not_null(full);
	setvbuf(full, NULL, _IONBF, 0);
	cr_assert_eq(emit_csv(r, &eo, full), -1);
	fclose(full);
	report_free(r);
}

Test(emit_csv, series_write_error_returns_minus_one)
{
	struct report *r = fixture_trends_report();
	struct emit_opts eo = {.top = 10};
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	FILE *full = fopen("/dev/full", "w");

	cr_assert_not_null(out);
	cr_assert_not_null(full);
	setvbuf(full, NULL, _IONBF, 0);
	eo.series = full;
	cr_assert_eq(emit_csv(r, &eo, out), -1);
	fclose(full);
	fclose(out);
	free(buf);
	report_free(r);
}

Test(emit, find_returns_each_report_format)
{
	const struct emitter *e;

	e = emit_find(FMT_MD);
	cr_assert_not_null(e);
	cr_assert(e->write == emit_md);
	cr_assert_eq(e->format, FMT_MD);
	e = emit_find(FMT_CSV);
	cr_assert_not_null(e);
	cr_assert(e->write == emit_csv);
	cr_assert_eq(e->format, FMT_CSV);
	e = emit_find(FMT_JSON);
	cr_assert_not_null(e);
	cr_assert(e->write == emit_json);
	cr_assert_eq(e->format, FMT_JSON);
}

Test(emit, find_has_no_jsonl_report)
{
	cr_assert_null(emit_find(FMT_JSONL));
}

/* emit_csv_cell alone, as the CSV export uses it. */
static char *
one_cell(const char *s, bool text)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	cr_assert_not_null(out);
	emit_csv_cell(out, s, strlen(s), text);
	cr_assert_eq(fclose(out), 0);
	return buf;
}

Test(emit_csv, cell_guards_text_but_not_numbers)
{
	static const struct {
		const char *in;
		bool text;
		const char *out;
	} cases[] = {
		{"-5", false, "-5"},
		{"-5", true, "'-5"},
		{"@x y ", true, "\"'@x y \""},
		{"a,b", false, "\"a,b\""},
		{"2026-01-06T13:28:00.191Z", false, "2026-01-06T13:28:00.191Z"},
		{"{\"k\":[1,2]}", true, "\"{\"\"k\"\":[1,2]}\""},
		{"", true, ""},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *got = one_cell(cases[i].in, cases[i].text);

		cr_assert_str_eq(got, cases[i].out, "case %zu", i);
		free(got);
	}
}

/* ---- CI gate -------------------------------------------------------------------------- */

Test(emit_csv, gate_columns_at_the_end)
{
	struct report *r = fixture_gate_report();
	char *text = run_csv(r, NULL);
	static const char want[] =
	    "operation,count,success,failed,error_rate_pct,avg_ms,stddev_ms,p50_ms,p95_ms,"
	    "p99_ms,min_ms,max_ms,prev_count,prev_avg_ms,avg_change_pct,p_value,q_value,flags,"
	    "target_status,baseline_status\n"
	    "api_call,600,590,10,1.66666666666667,120.5,80.5,100,300.25,410,12,900.125,500,95,"
	    "26.8421052631579,0.003,0.0045,outlier;slower;errors,critical,regression\n"
	    "db_query,400,400,0,0,10,3.25,9.5,15,18,1,40,420,20,-50,1e-5,3e-5,faster,met,warning\n"
	    "\"'=evil|op`@team<b>\n\",100,100,0,0,0.1,0,0.1,0.1,0.1,0.1,0.1,0,,,,,new,met,new\n";

	cr_assert_str_eq(text, want);
	free(text);
	report_free(r);
}

Test(emit_csv, target_column_only_with_targets_and_empty_when_none_applies)
{
	struct report *r = fixture_gate_report();
	char *text;

	r->gate.has_baseline = false;
	r->gate.row_target[1] = TARGET_NONE;
	text = run_csv(r, NULL);
	cr_assert_not_null(strstr(text, ",flags,target_status\n"));
	cr_assert_not_null(strstr(text, ",outlier;slower;errors,critical\n"));
	cr_assert_not_null(strstr(text, ",-50,1e-5,3e-5,faster,\n"));
	cr_assert_null(strstr(text, "baseline_status"));
	free(text);
	r->gate.has_baseline = true;
	r->gate.has_targets = false;
	text = run_csv(r, NULL);
	cr_assert_not_null(strstr(text, ",flags,baseline_status\n"));
	cr_assert_not_null(strstr(text, ",-50,1e-5,3e-5,faster,warning\n"));
	cr_assert_null(strstr(text, "target_status"));
	free(text);
	report_free(r);
}

Test(emit_csv, no_gate_columns_without_the_options)
{
	struct report *r = fixture_report();
	char *text = run_csv(r, NULL);

	/* The verdict alone adds nothing to CSV. */
	cr_assert_str_eq(text, TABLE);
	free(text);
	report_free(r);
}
