/* fuzz-expr.c - libFuzzer target for the expression compiler and evaluator (expr.h) and the
 * value forms (value.h). The input is an expression up to the first newline, then a JSONL
 * line. The expression is compiled: a refusal must name a column inside the text ("column
 * N: ..."); an accepted expression is evaluated twice over the line's object (or over {}
 * when the line is no object) and must give the same, well-formed value both times, and
 * the same again over the line's text when that is a valid object (expr_eval_raw; and
 * expr_true_raw the same truth). The line then goes through record_parse with the
 * expression as --where, --success and
 * operation_type (and, when it is text, through --time-format and the Go duration
 * reader): the outcome must be one of the three and a record must meet struct record's
 * contract; then src as the operation's text ("" + (src)). In both, the fast path (the
 * expressions over the text, each line of it and the first again) must give jansson's
 * outcome, operation, duration, success and message. Any broken invariant
 * aborts, so libFuzzer keeps the input as a crasher. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "expr.h"
#include "fieldmap.h"
#include "record.h"
#include "value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report which invariant broke, then abort so the input is saved. */
#define FZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz-expr: invariant failed: %s (%s:%d)\n", \
		    #cond, __FILE__, __LINE__);				\
		abort();						\
	}								\
} while (0)

/* Where the bytes of a string value are read to. */
static volatile unsigned fz_sink;

/* Characters (UTF-8 lead bytes and ASCII) in s. */
static size_t
fz_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* A well-formed value. */
static void
fz_check_val(const struct expr_val *v)
{
	switch (v->kind) {
	case EXPR_NULL:
	case EXPR_BOOL:
	case EXPR_INT:
		return;
	case EXPR_REAL:
		FZ_CHECK(isfinite(v->d));
		return;
	case EXPR_STR:
		FZ_CHECK(v->s != NULL || v->len == 0);
		for (size_t i = 0; i < v->len; i++) /* readable to its end: ASan checks */
			fz_sink += (unsigned char)v->s[i];
		return;
	case EXPR_JSON:
		FZ_CHECK(json_is_object(v->j) || json_is_array(v->j));
		return;
	}
	FZ_CHECK(!"unknown kind");
}

static bool
fz_same(const struct expr_val *a, const struct expr_val *b)
{
	if (a->kind != b->kind || a->ms != b->ms)
		return false;
	switch (a->kind) {
	case EXPR_NULL:
		return true;
	case EXPR_BOOL:
		return a->b == b->b;
	case EXPR_INT:
		return a->i == b->i;
	case EXPR_REAL:
		return !(a->d < b->d || a->d > b->d);
	case EXPR_STR:
		return a->len == b->len && (a->len == 0 || memcmp(a->s, b->s, a->len) == 0);
	case EXPR_JSON:
		return a->j == b->j;
	}
	return false;
}

/* The compiler and the evaluator on src over the line; when the line itself is a valid
 * object (parsed), the evaluation over its text (expr_eval_raw) must agree or decline. */
static struct expr *
fz_expr(const char *src, json_t *root, const char *line, size_t len, bool parsed)
{
	char why[256];
	struct expr *e = expr_compile(src, why, sizeof(why));
	struct expr_ctx ctx = {0};
	struct expr_val a, b;
	unsigned long col;
	char *end;

	if (e == NULL) {
		FZ_CHECK(strncmp(why, "column ", 7) == 0);
		col = strtoul(why + 7, &end, 10);
		FZ_CHECK(end[0] == ':' && end[1] == ' ' && end[2] != '\0');
		FZ_CHECK(col >= 1 && col <= fz_chars(src) + 1);
		return NULL;
	}
	expr_eval(e, root, &ctx, &a);
	fz_check_val(&a);
	expr_eval(e, root, &ctx, &b);
	FZ_CHECK(fz_same(&a, &b));
	FZ_CHECK(expr_true(e, root, &ctx) == (a.kind == EXPR_BOOL && a.b));
	if (parsed && expr_eval_raw(e, line, len, &ctx, &b) == 0) {
		fz_check_val(&b);
		FZ_CHECK(a.kind != EXPR_JSON && fz_same(&a, &b));
	}
	if (parsed) { /* the truth test over the text (no values made) agrees too */
		int t = expr_true_raw(e, line, len, &ctx);

		FZ_CHECK(t == -1 || t == (a.kind == EXPR_BOOL && a.b));
	}
	expr_ctx_free(&ctx);
	return e;
}

/* The text's lines through fm, with the fast path and without: each of the lines (up to
 * 8), then the first again, through the same two parsers, so that a line meets the guesses
 * left by the one before (where each path's key was among that line's members). Outcomes,
 * records and messages must be the same. */
static void
fz_lines(struct fieldmap *fm, const char *line, size_t len)
{
	struct record_parser *p = record_parser_new(), *slow = record_parser_new();
	struct record r, rs;
	char why[RECORD_WHY_SIZE], why_slow[RECORD_WHY_SIZE];
	int rc;

	record_parser_set_fields(p, fm);
	record_parser_set_fields(slow, fm);
	record_parser_set_fast(slow, false);
	for (size_t at = 0, k = 0; k < 9; k++) {
		const char *l, *nl;
		size_t ll;

		if (k == 8 || (k > 0 && at >= len)) {
			at = 0;
			k = 8;
		}
		nl = memchr(line + at, '\n', len - at);
		ll = nl != NULL ? (size_t)(nl - (line + at)) : len - at;
		l = line + at;
		at += ll + 1;
		rc = record_parse(slow, l, ll, &rs, why_slow);
		FZ_CHECK(record_parse(p, l, ll, &r, why) == rc);
		FZ_CHECK(rc == -1 || rc == 0 || rc == 1);
		if (rc == 0) {
			size_t n;
			bool scalar;

			FZ_CHECK(r.op != NULL && r.op_len > 0);
			FZ_CHECK(isfinite(r.duration_ms) && r.duration_ms >= 0);
			/* the text evaluation (expr_eval_raw over the fast path's members) gives
			 * what jansson gives */
			FZ_CHECK(r.op_len == rs.op_len && memcmp(r.op, rs.op, r.op_len) == 0);
			FZ_CHECK(!(r.duration_ms < rs.duration_ms || r.duration_ms > rs.duration_ms));
			FZ_CHECK(r.success == rs.success && r.success_given == rs.success_given);
			(void)record_extra_scalar(p, &n, &scalar);
		} else if (rc < 0) {
			FZ_CHECK(why[0] != '\0' && memchr(why, '\n', strlen(why)) == NULL);
			FZ_CHECK(strcmp(why, why_slow) == 0);
		}
	}
	record_parser_free(p);
	record_parser_free(slow);
}

/* The line through a fieldmap that uses src everywhere it can, then through one where src
 * is the operation's text ("" + (src)), so that its strings reach a record. */
static void
fz_record(const char *src, const char *line, size_t len)
{
	struct fieldmap *fm = fm_new();
	char w[256], *op;
	size_t n = strlen(src);

	if (fm_add_where(fm, src, w, sizeof(w)) == 0 && fm_set_success(fm, src, w, sizeof(w)) == 0 &&
	    fm_set_field(fm, FM_OPERATION, src, w, sizeof(w)) == 0 &&
	    fm_set_field(fm, FM_DURATION, src, w, sizeof(w)) == 0 &&
	    fm_set_extra(fm, src, w, sizeof(w)) == 0) {
		fm->epoch = FM_UNIT_NS;
		if (fm_finish(fm, w, sizeof(w)) == 0)
			fz_lines(fm, line, len);
	}
	fm_free(fm);
	fm = fm_new();
	op = malloc(n + 8);
	if (op == NULL) {
		fm_free(fm);
		return;
	}
	memcpy(op, "\"\" + (", 6);
	memcpy(op + 6, src, n);
	memcpy(op + 6 + n, ")", 2);
	if (fm_set_field(fm, FM_OPERATION, op, w, sizeof(w)) == 0 &&
	    fm_set_field(fm, FM_DURATION, "1", w, sizeof(w)) == 0 &&
	    fm_finish(fm, w, sizeof(w)) == 0)
		fz_lines(fm, line, len);
	free(op);
	fm_free(fm);
}

/* The value readers on the raw bytes of the line. */
static void
fz_values(const char *s, size_t len)
{
	static const char *const fmts[] = {"%d/%b/%Y:%H:%M:%S %z", "%Y-%m-%dT%H:%M:%S.%f%z",
	    "%Y %j %e", "%%%b%f"};
	const char *why;
	double ms;
	int64_t us;

	if (value_duration(s, len, 1000, 1, &ms, &why) == 0)
		FZ_CHECK(!isnan(ms));
	else
		FZ_CHECK(why != NULL);
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (value_strptime(fmts[i], s, len, &us, &why) == 0)
			FZ_CHECK(us >= INT64_C(-62135596800000000) && us < INT64_C(253402300800000000));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t n = nl != NULL ? (size_t)(nl - (const char *)data) : size;
	const char *line = nl != NULL ? nl + 1 : "";
	size_t len = nl != NULL ? size - n - 1 : 0;
	char *src;
	json_t *root;
	struct expr *e;
	bool parsed;

	if (memchr(data, '\0', n) != NULL)
		return 0;
	src = malloc(n + 1);
	if (src == NULL)
		return 0;
	memcpy(src, data, n);
	src[n] = '\0';
	root = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL);
	/* jansson 2.14 drops a NUL byte right after a number or literal ("1\0," loads); a line
	 * with a NUL never reaches a parser (scan.c refuses it first), nor expr_eval_raw, whose
	 * contract is a line the fast path accepted */
	parsed = json_is_object(root) && memchr(line, '\0', len) == NULL;
	if (!parsed) {
		json_decref(root);
		root = json_object();
	}
	e = fz_expr(src, root, line, len, parsed);
	if (e != NULL)
		fz_record(src, line, len);
	expr_free(e);
	fz_values(line, len);
	json_decref(root);
	free(src);
	return 0;
}
