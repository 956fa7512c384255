/* expr.c - the expression language of SPEC section 16: a recursive-descent compiler into
 * an array of nodes, and the evaluator over jansson values (see expr.h for the rules). */
#include "expr.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "names.h"
#include "numfmt.h"
#include "timeutil.h"
#include "value.h"
#include "xalloc.h"

/* Limits that keep hostile expressions from exhausting the stack. */
#define EXPR_MAX_DEPTH 64
#define EXPR_MAX_NODES 1024
/* Smallest scratch block. */
#define EXPR_BLOCK_MIN 256

enum expr_op {
	XO_LIT, XO_PATH, XO_NOT, XO_NEG, XO_AND, XO_OR,
	XO_EQ, XO_NE, XO_LT, XO_LE, XO_GT, XO_GE, XO_GLOB, XO_NGLOB,
	XO_ADD, XO_SUB, XO_MUL, XO_DIV, XO_PATHFN
};

/* A glob pattern that is a string literal, sorted at compile time: the simple shapes match
 * with memcmp, the rest with names_match (fnmatch). */
enum expr_glob {
	EXPR_GLOB_FN,     /* anything else, or not a literal */
	EXPR_GLOB_EXACT,  /* no * ? [: the name itself */
	EXPR_GLOB_PREFIX, /* text + "*" (text without * ? [ \\): a name that starts so */
	EXPR_GLOB_SUFFIX  /* "*" + text (likewise): a name that ends so */
};

struct expr_seg {
	char *key; /* heap, NUL-terminated */
	size_t len;
	bool is_index; /* digits only: also an array index */
	size_t index;
	unsigned slot; /* a path's first segment: its slot in expr_ctx's top-member guesses */
};

/* Slots handed to paths in turn (expr_raw_top): a run's few paths get one each. */
static unsigned expr_slots;

/* Node shapes sorted at compile time (expr_fast_classify) that evaluate over a line's
 * top-level members (expr_ctx's top) without building values; each falls back to the
 * general evaluation when the member is not of the kind it reads. */
enum expr_fast {
	XF_NONE,
	XF_CMP_INT, /* a comparison of a one-segment path (fpath) with an integer literal
	               (fint), as path fop literal */
	XF_GLOB,    /* ~ or !~ of a one-segment path (a) with a literal of a simple glob */
	XF_JOIN,    /* a chain of + (leaf[0..n_leaf), left to right) with a string literal */
	XF_RANGE    /* a && b of two XF_CMP_INT on one key (x >= 200 && x < 400) */
};

/* How XF_JOIN reads an operand of its chain. */
enum expr_leaf {
	XL_STR, /* a string literal */
	XL_TOP, /* a path of one segment: a top-level plain string is read in place */
	XL_ANY  /* evaluated */
};

/* Most leaves of a chain of + that XF_JOIN evaluates at once. */
#define EXPR_JOIN_MAX 8

struct expr_node {
	enum expr_op op;
	int a, b;            /* operands (node indices), -1 when unused */
	struct expr_val lit; /* XO_LIT; a string literal's bytes are owned by the node */
	struct expr_seg *seg; /* XO_PATH */
	size_t n_seg;
	enum expr_glob glob; /* XO_GLOB, XO_NGLOB: how its right side, a literal, matches */
	enum expr_fast fast; /* the shape expr_fast_classify found */
	enum expr_op fop;    /* XF_CMP_INT: op, mirrored when the literal is on the left */
	int fpath;           /* XF_CMP_INT: the path node */
	int64_t fint;        /* XF_CMP_INT: the literal */
	unsigned fmask;      /* XF_CMP_INT: bit order + 1 set when fop holds for that order
	                        (-1, 0 or 1 of the path's value against the literal) */
	int leaf[EXPR_JOIN_MAX]; /* XF_JOIN: the operands of the chain, in order */
	enum expr_leaf leaf_kind[EXPR_JOIN_MAX]; /* XF_JOIN: how each is read */
	size_t n_leaf;
};

struct expr {
	struct expr_node *node;
	size_t n, cap;
	int root;
};

/* The compiler's state. */
struct expr_parser {
	const char *src;
	size_t pos;
	struct expr *e;
	int depth;
	char *why;
	size_t why_size;
	bool failed;
};

/* ---- compiling -------------------------------------------------------------------- */

/* The 1-based column, in characters, of byte offset pos. */
static size_t
expr_column(const char *src, size_t pos)
{
	size_t col = 1;

	for (size_t i = 0; i < pos && src[i] != '\0'; i++)
		if (((unsigned char)src[i] & 0xc0) != 0x80)
			col++;
	return col;
}

/* Record the first error, at byte offset pos. Returns -1. */
static int PR_PRINTF(3, 4)
expr_fail(struct expr_parser *ps, size_t pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ps->failed)
		return -1;
	ps->failed = true;
	n = snprintf(ps->why, ps->why_size, "column %zu: ", expr_column(ps->src, pos));
	if (n < 0 || (size_t)n >= ps->why_size)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ps->why + n, ps->why_size - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static void
expr_skip_ws(struct expr_parser *ps)
{
	while (ps->src[ps->pos] == ' ' || ps->src[ps->pos] == '\t' ||
	    ps->src[ps->pos] == '\n' || ps->src[ps->pos] == '\r')
		ps->pos++;
}

/* Whether the text at the position starts with tok (after white space); consumes it. */
static bool
expr_accept(struct expr_parser *ps, const char *tok)
{
	size_t n = strlen(tok);

	expr_skip_ws(ps);
	if (strncmp(ps->src + ps->pos, tok, n) != 0)
		return false;
	ps->pos += n;
	return true;
}

/* A new node; its index, or -1 past EXPR_MAX_NODES. */
static int
expr_node_new(struct expr_parser *ps, enum expr_op op, int a, int b)
{
	struct expr *e = ps->e;

	if (e->n == EXPR_MAX_NODES)
		return expr_fail(ps, ps->pos, "the expression is too long (more than %d parts)",
		    EXPR_MAX_NODES);
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 16;
		e->node = xreallocarray(e->node, e->cap, sizeof(*e->node));
	}
	memset(&e->node[e->n], 0, sizeof(e->node[0]));
	e->node[e->n].op = op;
	e->node[e->n].a = a;
	e->node[e->n].b = b;
	return (int)e->n++;
}

static bool
expr_bare_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '@' || c == '$' || (unsigned char)c >= 0x80;
}

static int expr_parse_or(struct expr_parser *ps);

/* Append the UTF-8 form of code point cp to buf. */
static size_t
expr_utf8(unsigned long cp, char *buf)
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		buf[0] = (char)(0xc0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		buf[0] = (char)(0xe0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	buf[0] = (char)(0xf0 | (cp >> 18));
	buf[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	buf[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	buf[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Four hex digits at s into *v. */
static bool
expr_hex4(const char *s, unsigned long *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned long)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			*v |= (unsigned long)((c | 0x20) - 'a' + 10);
		else
			return false;
	}
	return true;
}

/* One escape after a backslash at s[*i] (the byte after '\\'); appends to buf. */
static int
expr_escape(struct expr_parser *ps, size_t *i, char *buf, size_t *n)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *s = ps->src, *k;
	unsigned long cp, lo;

	if (s[*i] != '\0' && (k = strchr(from, s[*i])) != NULL) {
		buf[(*n)++] = to[k - from];
		(*i)++;
		return 0;
	}
	if (s[*i] != 'u')
		return expr_fail(ps, *i - 1, "unknown escape in a string (known: \\\" \\\\ \\/ "
		    "\\b \\f \\n \\r \\t \\uXXXX)");
	if (!expr_hex4(s + *i + 1, &cp))
		return expr_fail(ps, *i - 1, "\\u needs four hex digits");
	*i += 5;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (s[*i] != '\\' || s[*i + 1] != 'u' || !expr_hex4(s + *i + 2, &lo) ||
		    lo < 0xdc00 || lo > 0xdfff)
			return expr_fail(ps, *i - 6, "a lone surrogate in a string");
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		*i += 6;
	} else if (cp >= 0xdc00 && cp <= 0xdfff)
		return expr_fail(ps, *i - 6, "a lone surrogate in a string");
	if (cp == 0)
		return expr_fail(ps, *i - 6, "\\u0000 cannot be in a string");
	*n += expr_utf8(cp, buf + *n);
	return 0;
}

/* A string literal at the opening quote. */
static int
expr_parse_string(struct expr_parser *ps)
{
	size_t start = ps->pos, i = ps->pos + 1, n = 0;
	char *buf = xmalloc(strlen(ps->src + start) + 1);
	int id;

	for (;;) {
		char c = ps->src[i];

		if (c == '\0') {
			free(buf);
			return expr_fail(ps, start, "a string without its closing '\"'");
		}
		if (c == '"')
			break;
		if (c == '\\') {
			i++;
			if (expr_escape(ps, &i, buf, &n) < 0) {
				free(buf);
				return -1;
			}
			continue;
		}
		buf[n++] = c;
		i++;
	}
	ps->pos = i + 1;
	buf[n] = '\0';
	if ((id = expr_node_new(ps, XO_LIT, -1, -1)) < 0) {
		free(buf);
		return -1;
	}
	ps->e->node[id].lit.kind = EXPR_STR;
	ps->e->node[id].lit.s = buf;
	ps->e->node[id].lit.len = n;
	return id;
}

/* A number literal at a digit. */
static int
expr_parse_number(struct expr_parser *ps)
{
	const char *s = ps->src + ps->pos, *p = s;
	struct expr_val *v;
	int64_t iv;
	double d;
	int id;

	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return expr_fail(ps, (size_t)(p - ps->src), "expected a digit after '.'");
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return expr_fail(ps, (size_t)(p - ps->src), "expected a digit in the exponent");
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (expr_bare_char(*p))
		return expr_fail(ps, (size_t)(p - ps->src), "a number runs into a name; a path "
		    "segment that starts with a digit goes in backquotes");
	if ((id = expr_node_new(ps, XO_LIT, -1, -1)) < 0)
		return -1;
	v = &ps->e->node[id].lit;
	if (value_integer(s, (size_t)(p - s), &iv)) {
		v->kind = EXPR_INT;
		v->i = iv;
	} else {
		value_numeric(s, (size_t)(p - s), &d);
		if (!isfinite(d))
			return expr_fail(ps, ps->pos, "the number does not fit a double");
		v->kind = EXPR_REAL;
		v->d = d;
	}
	ps->pos = (size_t)(p - ps->src);
	return id;
}

/* One path segment at the position into *seg. */
static int
expr_parse_segment(struct expr_parser *ps, struct expr_seg *seg, bool first)
{
	const char *s = ps->src;
	size_t start = ps->pos, end;

	if (s[start] == '`') {
		const char *q = strchr(s + start + 1, '`');

		if (q == NULL)
			return expr_fail(ps, start, "a backquoted segment without its closing '`'");
		end = (size_t)(q - s);
		if (end == start + 1)
			return expr_fail(ps, start, "an empty backquoted segment");
		seg->key = xstrndup(s + start + 1, end - start - 1);
		seg->len = end - start - 1;
		ps->pos = end + 1;
		return 0;
	}
	end = start;
	while (expr_bare_char(s[end]))
		end++;
	if (end == start || (first && s[start] >= '0' && s[start] <= '9'))
		return expr_fail(ps, start, "expected a path segment (letters, digits, _ @ $, or "
		    "any text in backquotes)");
	seg->key = xstrndup(s + start, end - start);
	seg->len = end - start;
	seg->is_index = true;
	seg->index = 0;
	for (size_t i = 0; i < seg->len; i++) {
		if (seg->key[i] < '0' || seg->key[i] > '9' || seg->len > 9) {
			seg->is_index = false;
			break;
		}
		seg->index = seg->index * 10 + (size_t)(seg->key[i] - '0');
	}
	ps->pos = end;
	return 0;
}

/* A path, a keyword or path( ... ) at a bare character or a backquote. */
static int
expr_parse_name(struct expr_parser *ps)
{
	static const char *const kw[] = {"true", "false", "null"};
	size_t start = ps->pos, end = start;
	struct expr_seg seg[64];
	size_t n = 0;
	int id;

	memset(seg, 0, sizeof(seg));
	while (expr_bare_char(ps->src[end]))
		end++;
	if (ps->src[start] != '`' && ps->src[end] != '.' && ps->src[end] != '`') {
		for (size_t k = 0; k < ARRAY_SIZE(kw); k++)
			if (end - start == strlen(kw[k]) && memcmp(ps->src + start, kw[k], end - start) == 0) {
				if ((id = expr_node_new(ps, XO_LIT, -1, -1)) < 0)
					return -1;
				ps->e->node[id].lit.kind = k == 2 ? EXPR_NULL : EXPR_BOOL;
				ps->e->node[id].lit.b = k == 0;
				ps->pos = end;
				return id;
			}
		size_t save = ps->pos;

		ps->pos = end;
		if (expr_accept(ps, "(")) {
			int arg;

			if (end - start != 4 || memcmp(ps->src + start, "path", 4) != 0)
				return expr_fail(ps, start, "unknown function '%.*s' (the one function is "
				    "path(x))", (int)(end - start > 32 ? 32 : end - start), ps->src + start);
			if ((arg = expr_parse_or(ps)) < 0)
				return -1;
			if (!expr_accept(ps, ")"))
				return expr_fail(ps, ps->pos, "expected ')' to close path(");
			return expr_node_new(ps, XO_PATHFN, arg, -1);
		}
		ps->pos = save;
	}
	for (;;) {
		if (n == ARRAY_SIZE(seg)) {
			expr_fail(ps, ps->pos, "a path of more than %zu segments", ARRAY_SIZE(seg));
			break;
		}
		if (expr_parse_segment(ps, &seg[n], n == 0) < 0)
			break;
		n++;
		if (ps->src[ps->pos] != '.')
			break;
		ps->pos++;
	}
	if (ps->failed || (id = expr_node_new(ps, XO_PATH, -1, -1)) < 0) {
		for (size_t k = 0; k < n; k++)
			free(seg[k].key);
		return -1;
	}
	seg[0].slot = __atomic_fetch_add(&expr_slots, 1, __ATOMIC_RELAXED) % EXPR_TOP_HINTS;
	ps->e->node[id].seg = xreallocarray(NULL, n, sizeof(seg[0]));
	memcpy(ps->e->node[id].seg, seg, n * sizeof(seg[0]));
	ps->e->node[id].n_seg = n;
	return id;
}

static int
expr_parse_primary(struct expr_parser *ps)
{
	char c;

	expr_skip_ws(ps);
	c = ps->src[ps->pos];
	if (c == '(') {
		size_t open = ps->pos++;
		int id;

		if ((id = expr_parse_or(ps)) < 0)
			return -1;
		if (!expr_accept(ps, ")"))
			return expr_fail(ps, ps->pos, "expected ')' to close the '(' at column %zu",
			    expr_column(ps->src, open));
		return id;
	}
	if (c == '"')
		return expr_parse_string(ps);
	if (c >= '0' && c <= '9')
		return expr_parse_number(ps);
	if (c == '`' || expr_bare_char(c))
		return expr_parse_name(ps);
	if (c == '\0')
		return expr_fail(ps, ps->pos, "expected an operand (a path, a literal or '('), "
		    "found the end");
	return expr_fail(ps, ps->pos, "expected an operand (a path, a literal or '('), found "
	    "'%c'", c >= 0x20 && c < 0x7f ? c : '?');
}

static int
expr_parse_unary(struct expr_parser *ps)
{
	int a;
	enum expr_op op;

	expr_skip_ws(ps);
	if (ps->src[ps->pos] == '!' && ps->src[ps->pos + 1] != '=' &&
	    ps->src[ps->pos + 1] != '~')
		op = XO_NOT;
	else if (ps->src[ps->pos] == '-')
		op = XO_NEG;
	else
		return expr_parse_primary(ps);
	ps->pos++;
	if (++ps->depth > EXPR_MAX_DEPTH)
		return expr_fail(ps, ps->pos, "nested more than %d deep", EXPR_MAX_DEPTH);
	a = expr_parse_unary(ps);
	ps->depth--;
	return a < 0 ? -1 : expr_node_new(ps, op, a, -1);
}

static int
expr_parse_product(struct expr_parser *ps)
{
	int a = expr_parse_unary(ps), b;

	while (a >= 0) {
		enum expr_op op;

		if (expr_accept(ps, "*"))
			op = XO_MUL;
		else if (expr_accept(ps, "/"))
			op = XO_DIV;
		else
			break;
		if ((b = expr_parse_unary(ps)) < 0)
			return -1;
		a = expr_node_new(ps, op, a, b);
	}
	return a;
}

static int
expr_parse_sum(struct expr_parser *ps)
{
	int a = expr_parse_product(ps), b;

	while (a >= 0) {
		enum expr_op op;

		if (expr_accept(ps, "+"))
			op = XO_ADD;
		else if (expr_accept(ps, "-"))
			op = XO_SUB;
		else
			break;
		if ((b = expr_parse_product(ps)) < 0)
			return -1;
		a = expr_node_new(ps, op, a, b);
	}
	return a;
}

/* The comparison operator at the position (consumed), or -1. */
static int
expr_cmp_op(struct expr_parser *ps)
{
	static const struct {
		const char *tok;
		enum expr_op op;
	} ops[] = {
		{"==", XO_EQ}, {"!=", XO_NE}, {"<=", XO_LE}, {">=", XO_GE}, {"!~", XO_NGLOB},
		{"<", XO_LT}, {">", XO_GT}, {"~", XO_GLOB},
	};

	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (expr_accept(ps, ops[i].tok))
			return (int)ops[i].op;
	return -1;
}

static int
expr_parse_cmp(struct expr_parser *ps)
{
	int a = expr_parse_sum(ps), b, op;
	size_t at;

	if (a < 0)
		return -1;
	expr_skip_ws(ps);
	if (ps->src[ps->pos] == '=' && ps->src[ps->pos + 1] != '=')
		return expr_fail(ps, ps->pos, "'=' is not an operator; compare with '=='");
	if ((op = expr_cmp_op(ps)) < 0)
		return a;
	if ((b = expr_parse_sum(ps)) < 0)
		return -1;
	expr_skip_ws(ps);
	at = ps->pos;
	if (expr_cmp_op(ps) >= 0)
		return expr_fail(ps, at, "comparisons do not chain; use && or parentheses");
	return expr_node_new(ps, (enum expr_op)op, a, b);
}

static int
expr_parse_and(struct expr_parser *ps)
{
	int a = expr_parse_cmp(ps), b;

	while (a >= 0 && expr_accept(ps, "&&")) {
		if ((b = expr_parse_cmp(ps)) < 0)
			return -1;
		a = expr_node_new(ps, XO_AND, a, b);
	}
	return a;
}

static int
expr_parse_or(struct expr_parser *ps)
{
	int a, b;

	if (++ps->depth > EXPR_MAX_DEPTH)
		return expr_fail(ps, ps->pos, "nested more than %d deep", EXPR_MAX_DEPTH);
	a = expr_parse_and(ps);
	while (a >= 0 && expr_accept(ps, "||")) {
		if ((b = expr_parse_and(ps)) < 0)
			return -1;
		a = expr_node_new(ps, XO_OR, a, b);
	}
	ps->depth--;
	return a;
}

/* Whether none of s[0..n) is a glob character (* ? [) or, when esc, a backslash. */
static bool
expr_glob_plain(const char *s, size_t n, bool esc)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '*' || s[i] == '?' || s[i] == '[' || (esc && s[i] == '\\'))
			return false;
	return true;
}

/* Sort the glob of each ~ and !~ whose right side is a string literal (enum expr_glob). */
static void
expr_glob_classify(struct expr *e)
{
	for (size_t i = 0; i < e->n; i++) {
		struct expr_node *n = &e->node[i];
		const struct expr_val *p;

		if ((n->op != XO_GLOB && n->op != XO_NGLOB) || e->node[n->b].op != XO_LIT ||
		    e->node[n->b].lit.kind != EXPR_STR)
			continue;
		p = &e->node[n->b].lit;
		if (expr_glob_plain(p->s, p->len, false))
			n->glob = EXPR_GLOB_EXACT;
		else if (p->len > 0 && p->s[p->len - 1] == '*' &&
		    expr_glob_plain(p->s, p->len - 1, true))
			n->glob = EXPR_GLOB_PREFIX;
		else if (p->len > 0 && p->s[0] == '*' && expr_glob_plain(p->s + 1, p->len - 1, true))
			n->glob = EXPR_GLOB_SUFFIX;
	}
}

/* Whether node id is a path of one segment (a top-level member). */
static bool
expr_top_path(const struct expr *e, int id)
{
	return e->node[id].op == XO_PATH && e->node[id].n_seg == 1;
}

/* Whether node id is an integer literal. */
static bool
expr_int_lit(const struct expr *e, int id)
{
	return e->node[id].op == XO_LIT && e->node[id].lit.kind == EXPR_INT;
}

/* op with its two sides swapped (a < b is b > a). */
static enum expr_op
expr_mirror(enum expr_op op)
{
	return op == XO_LT ? XO_GT : op == XO_LE ? XO_GE : op == XO_GT ? XO_LT :
	    op == XO_GE ? XO_LE : op;
}

/* The chain of + whose last + is node id, when it has a string literal among at most
 * EXPR_JOIN_MAX operands: its operands into n->leaf, and XF_JOIN. */
static void
expr_join_classify(struct expr *e, int id)
{
	struct expr_node *n = &e->node[id];
	int leaf[EXPR_JOIN_MAX], k = id;
	size_t m = 0;
	bool str = false;

	while (e->node[k].op == XO_ADD) {
		if (m == EXPR_JOIN_MAX - 1)
			return;
		leaf[m++] = e->node[k].b;
		k = e->node[k].a;
	}
	leaf[m++] = k;
	for (size_t i = 0; i < m; i++) {
		const struct expr_node *l = &e->node[leaf[m - 1 - i]];

		n->leaf[i] = leaf[m - 1 - i];
		n->leaf_kind[i] = l->op == XO_LIT && l->lit.kind == EXPR_STR ? XL_STR :
		    expr_top_path(e, n->leaf[i]) ? XL_TOP : XL_ANY;
		str |= n->leaf_kind[i] == XL_STR;
	}
	n->n_leaf = m;
	if (str)
		n->fast = XF_JOIN;
}

/* The orders (bit 0: less, 1: equal, 2: greater) for which comparison op holds. */
static unsigned
expr_order_mask(enum expr_op op)
{
	return op == XO_EQ ? 2 : op == XO_NE ? 5 : op == XO_LT ? 1 : op == XO_LE ? 3 :
	    op == XO_GT ? 4 : 6;
}

/* Sort the nodes of the shapes of enum expr_fast. */
static void
expr_fast_classify(struct expr *e)
{
	for (size_t i = 0; i < e->n; i++) {
		struct expr_node *n = &e->node[i];
		bool inner = false;

		if (n->op >= XO_EQ && n->op <= XO_GE) {
			if (expr_top_path(e, n->a) && expr_int_lit(e, n->b)) {
				n->fast = XF_CMP_INT;
				n->fop = n->op;
				n->fpath = n->a;
				n->fint = e->node[n->b].lit.i;
				n->fmask = expr_order_mask(n->fop);
			} else if (expr_int_lit(e, n->a) && expr_top_path(e, n->b)) {
				n->fast = XF_CMP_INT;
				n->fop = expr_mirror(n->op);
				n->fpath = n->b;
				n->fint = e->node[n->a].lit.i;
				n->fmask = expr_order_mask(n->fop);
			}
		} else if (n->op == XO_GLOB || n->op == XO_NGLOB) {
			if (n->glob != EXPR_GLOB_FN && expr_top_path(e, n->a))
				n->fast = XF_GLOB;
		} else if (n->op == XO_AND && e->node[n->a].fast == XF_CMP_INT &&
		    e->node[n->b].fast == XF_CMP_INT) {
			const struct expr_seg *x = &e->node[e->node[n->a].fpath].seg[0];
			const struct expr_seg *y = &e->node[e->node[n->b].fpath].seg[0];

			if (x->len == y->len && memcmp(x->key, y->key, x->len) == 0)
				n->fast = XF_RANGE;
		} else if (n->op == XO_ADD) {
			/* the last + of a chain: not the left side of another + */
			for (size_t k = 0; k < e->n; k++)
				inner |= e->node[k].op == XO_ADD && e->node[k].a == (int)i;
			if (!inner)
				expr_join_classify(e, (int)i);
		}
	}
}

struct expr *
expr_compile(const char *src, char *why, size_t why_size)
{
	struct expr_parser ps = {.src = src, .why = why, .why_size = why_size};

	ps.e = xcalloc(1, sizeof(struct expr));
	ps.e->root = expr_parse_or(&ps);
	if (ps.e->root >= 0) {
		expr_skip_ws(&ps);
		if (src[ps.pos] == '=')
			expr_fail(&ps, ps.pos, "'=' is not an operator; compare with '=='");
		else if (src[ps.pos] == '&' || src[ps.pos] == '|')
			expr_fail(&ps, ps.pos, "'%c' alone is not an operator; use '%c%c'",
			    src[ps.pos], src[ps.pos], src[ps.pos]);
		else if (src[ps.pos] != '\0')
			expr_fail(&ps, ps.pos, "expected an operator or the end of the expression");
	}
	if (ps.failed || ps.e->root < 0) {
		if (!ps.failed)
			expr_fail(&ps, ps.pos, "not an expression");
		expr_free(ps.e);
		return NULL;
	}
	expr_glob_classify(ps.e);
	expr_fast_classify(ps.e);
	return ps.e;
}

void
expr_free(struct expr *e)
{
	if (e == NULL)
		return;
	for (size_t i = 0; i < e->n; i++) {
		struct expr_node *n = &e->node[i];

		if (n->op == XO_LIT && n->lit.kind == EXPR_STR)
			free((char *)n->lit.s);
		for (size_t k = 0; k < n->n_seg; k++)
			free(n->seg[k].key);
		free(n->seg);
	}
	free(e->node);
	free(e);
}

bool
expr_plain_path(const char *src)
{
	bool start = true;

	if (strcmp(src, "true") == 0 || strcmp(src, "false") == 0 || strcmp(src, "null") == 0)
		return false;
	for (const char *p = src; *p != '\0'; p++) {
		if (*p == '.') {
			if (start)
				return false;
			start = true;
			continue;
		}
		if (!expr_bare_char(*p) || (p == src && *p >= '0' && *p <= '9'))
			return false;
		start = false;
	}
	return !start;
}

bool
expr_plain_key(const char *src)
{
	return *src != '\0' && strpbrk(src, " \t\r\n()`") == NULL;
}

/* ---- scratch space ------------------------------------------------------------------ */

void
expr_ctx_reset(struct expr_ctx *ctx)
{
	ctx->cur = 0;
	ctx->used = 0;
}

void
expr_ctx_free(struct expr_ctx *ctx)
{
	for (size_t i = 0; i < ctx->n_blocks; i++)
		free(ctx->block[i]);
	free(ctx->block);
	free(ctx->cap);
	ctx->block = NULL;
	ctx->cap = NULL;
	ctx->n_blocks = ctx->cur = ctx->used = 0;
}

/* n bytes of scratch space that stay put until the next reset. */
static char *
expr_ctx_alloc(struct expr_ctx *ctx, size_t n)
{
	while (ctx->cur < ctx->n_blocks) {
		if (ctx->cap[ctx->cur] - ctx->used >= n) {
			char *p = ctx->block[ctx->cur] + ctx->used;

			ctx->used += n;
			return p;
		}
		ctx->cur++;
		ctx->used = 0;
	}
	ctx->block = xreallocarray(ctx->block, ctx->n_blocks + 1, sizeof(*ctx->block));
	ctx->cap = xreallocarray(ctx->cap, ctx->n_blocks + 1, sizeof(*ctx->cap));
	ctx->cap[ctx->n_blocks] = n > EXPR_BLOCK_MIN << ctx->n_blocks ? n :
	    (size_t)EXPR_BLOCK_MIN << (ctx->n_blocks < 16 ? ctx->n_blocks : 16);
	ctx->block[ctx->n_blocks] = xmalloc(ctx->cap[ctx->n_blocks]);
	ctx->cur = ctx->n_blocks++;
	ctx->used = n;
	return ctx->block[ctx->cur];
}

/* When s[0..len] (its NUL included) is the last piece expr_ctx_alloc handed out and its
 * block has room for more bytes after it: that space taken, s itself (so that a join
 * a + b + c writes each part once). Else NULL and nothing taken. */
static char *
expr_ctx_extend(struct expr_ctx *ctx, const char *s, size_t len, size_t more)
{
	uintptr_t at = (uintptr_t)s, base;

	if (ctx->cur >= ctx->n_blocks || s == NULL)
		return NULL;
	base = (uintptr_t)ctx->block[ctx->cur];
	if (at < base || at - base + len + 1 != ctx->used || ctx->cap[ctx->cur] - ctx->used < more)
		return NULL;
	ctx->used += more;
	return (char *)s;
}

/* ---- evaluating --------------------------------------------------------------------- */

void
expr_from_json(json_t *j, struct expr_val *out)
{
	memset(out, 0, sizeof(*out));
	if (j == NULL)
		return;
	switch (json_typeof(j)) {
	case JSON_STRING:
		out->kind = EXPR_STR;
		out->s = json_string_value(j);
		out->len = json_string_length(j);
		return;
	case JSON_INTEGER:
		out->kind = EXPR_INT;
		out->i = json_integer_value(j);
		return;
	case JSON_REAL:
		out->kind = EXPR_REAL;
		out->d = json_real_value(j);
		return;
	case JSON_TRUE:
	case JSON_FALSE:
		out->kind = EXPR_BOOL;
		out->b = json_is_true(j);
		return;
	case JSON_OBJECT:
	case JSON_ARRAY:
		out->kind = EXPR_JSON;
		out->j = j;
		return;
	case JSON_NULL:
		return;
	}
}

const char *
expr_text(const struct expr_val *v, struct expr_ctx *ctx, size_t *len)
{
	char buf[NUMFMT_BUFSZ], *s;

	switch (v->kind) {
	case EXPR_STR:
		*len = v->len;
		return v->s;
	case EXPR_BOOL:
		*len = v->b ? 4 : 5;
		return v->b ? "true" : "false";
	case EXPR_INT:
		snprintf(buf, sizeof(buf), "%" PRId64, v->i);
		break;
	case EXPR_REAL:
		numfmt_json(v->d, buf);
		break;
	case EXPR_NULL:
	case EXPR_JSON:
		return NULL;
	}
	*len = strlen(buf);
	s = expr_ctx_alloc(ctx, *len + 1);
	memcpy(s, buf, *len + 1);
	return s;
}

/* The value at node n's path. */
static void
expr_path(const struct expr_node *n, json_t *root, struct expr_val *out)
{
	json_t *v = root;

	for (size_t i = 0; i < n->n_seg && v != NULL; i++) {
		const struct expr_seg *s = &n->seg[i];

		if (json_is_object(v))
			v = json_object_getn(v, s->key, s->len);
		else if (json_is_array(v) && s->is_index)
			v = json_array_get(v, s->index);
		else
			v = NULL;
	}
	expr_from_json(v, out);
}

/* ---- paths over a line's text (expr_eval_raw) ----------------------------------- */

size_t
expr_nested_keys(const struct expr *e, const char **key, size_t *len, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < e->n; i++) {
		const struct expr_node *nd = &e->node[i];

		if (nd->op != XO_PATH || nd->n_seg < 2)
			continue;
		if (n == max)
			return max + 1;
		key[n] = nd->seg[0].key;
		len[n++] = nd->seg[0].len;
	}
	return n;
}

static inline const char *
expr_raw_ws(const char *p, const char *end)
{
	while (p < end && (unsigned char)*p <= ' ' &&
	    (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* The first '"' or '\\' in [p, end), or end: sixteen bytes at a time with SSE2 while that
 * many remain (never reading past end), then byte by byte. */
static inline const char *
expr_raw_quote(const char *p, const char *end)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');

	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned bits = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
		    _mm_cmpeq_epi8(v, bslash)));

		if (bits != 0)
			return p + __builtin_ctz(bits);
		p += 16;
	}
#endif
	while (p < end && *p != '"' && *p != '\\')
		p++;
	return p;
}

/* p at a '"': the byte after the closing quote; *esc when the string has an escape. A
 * string without a backslash takes one expr_raw_quote. */
static inline const char *
expr_raw_string(const char *p, const char *end, bool *esc)
{
	const char *q = expr_raw_quote(p + 1, end);

	if (q == end)
		return end;
	if (*q == '"')
		return q + 1;
	for (p++; p < end && *p != '"'; p++)
		if (*p == '\\') {
			*esc = true;
			p++;
		}
	return p < end ? p + 1 : end;
}

/* p at a value: the byte after it. */
static const char *
expr_raw_skip(const char *p, const char *end)
{
	int depth = 0;
	bool esc;

	if (p < end && *p == '"')
		return expr_raw_string(p, end, &esc);
	if (p < end && *p != '{' && *p != '[') { /* a number, true, false or null */
		while (p < end && (unsigned char)*p > ' ' && *p != ',' && *p != '}' && *p != ']')
			p++;
		return p;
	}
	while (p < end) {
		if (*p == '"') {
			p = expr_raw_string(p, end, &esc);
			if (depth == 0)
				return p;
			continue;
		}
		if (*p == '{' || *p == '[') {
			depth++;
		} else if (*p == '}' || *p == ']') {
			if (depth == 0)
				return p;
			if (--depth == 0)
				return p + 1;
		} else if (depth == 0 && (*p == ',' || *p == ' ' || *p == '\t' || *p == '\n' ||
		    *p == '\r')) {
			return p;
		}
		p++;
	}
	return p;
}

/* In the object or array at *p, the member seg: *p moves to its value. Returns 1 found,
 * 0 absent, -1 when jansson is needed (an escaped key on the way). */
static int
expr_raw_member(const char **p, const char *end, const struct expr_seg *seg)
{
	const char *q = *p;
	size_t idx = 0;
	bool esc = false;

	if (*q == '[') {
		if (!seg->is_index)
			return 0;
		for (q = expr_raw_ws(q + 1, end); q < end && *q != ']'; idx++) {
			if (idx == seg->index) {
				*p = q;
				return 1;
			}
			q = expr_raw_ws(expr_raw_skip(q, end), end);
			if (q < end && *q == ',')
				q = expr_raw_ws(q + 1, end);
		}
		return 0;
	}
	if (*q != '{')
		return 0;
	for (q = expr_raw_ws(q + 1, end); q < end && *q == '"';) {
		const char *k = q + 1, *ke;

		q = expr_raw_string(q, end, &esc);
		if (esc)
			return -1;
		ke = q - 1;
		q = expr_raw_ws(q, end);
		q = expr_raw_ws(q + 1, end); /* past ':' */
		if ((size_t)(ke - k) == seg->len && memcmp(k, seg->key, seg->len) == 0) {
			*p = q;
			return 1;
		}
		q = expr_raw_ws(expr_raw_skip(q, end), end);
		if (q < end && *q == ',')
			q = expr_raw_ws(q + 1, end);
	}
	return 0;
}

/* The member seg of the object at *p (a '{'), read through ctx's memo of that object:
 * the members already read are looked up first, then reading goes on from where it
 * stopped, noting each member (up to EXPR_MEMO_MAX). Returns as expr_raw_member. */
static int
expr_raw_memo_member(struct expr_ctx *ctx, const char **p, const char *end,
    const struct expr_seg *seg)
{
	const char *q;
	bool esc = false;

	if (ctx->memo_obj != *p) {
		ctx->memo_obj = *p;
		ctx->memo_next = expr_raw_ws(*p + 1, end);
		ctx->memo_done = false;
		ctx->memo_n = 0;
	}
	for (size_t i = 0; i < ctx->memo_n; i++)
		if (ctx->memo[i].klen == seg->len && memcmp(ctx->memo[i].key, seg->key, seg->len) == 0) {
			*p = ctx->memo[i].val;
			return 1;
		}
	if (ctx->memo_done)
		return 0;
	for (q = ctx->memo_next; q < end && *q == '"';) {
		const char *k = q + 1, *v;
		size_t klen;

		q = expr_raw_string(q, end, &esc);
		if (esc)
			return -1;
		klen = (size_t)(q - 1 - k);
		q = expr_raw_ws(q, end);
		v = q = expr_raw_ws(q + 1, end); /* past ':' */
		q = expr_raw_ws(expr_raw_skip(q, end), end);
		if (q < end && *q == ',')
			q = expr_raw_ws(q + 1, end);
		if (ctx->memo_n < EXPR_MEMO_MAX && ctx->memo_next == k - 1) {
			ctx->memo[ctx->memo_n++] = (struct expr_raw_member){k, klen, v, NULL,
			    EXPR_RAW_ANY, NULL, 0};
			ctx->memo_next = q;
		}
		if (klen == seg->len && memcmp(k, seg->key, seg->len) == 0) {
			*p = v;
			return 1;
		}
	}
	if (ctx->memo_next == q)
		ctx->memo_done = true;
	return 0;
}

/* p at a JSON number of a line the fast path accepted: when it is an integer of at most
 * 18 digits (no fraction, no exponent), its value in *i (as value_integer gives it) without
 * strtol. Returns false for any other number: the caller reads it the general way. */
static bool
expr_raw_int(const char *p, const char *end, int64_t *i)
{
	const char *q = p + (p < end && *p == '-'), *d = q;
	uint64_t v = 0;

	while (q < end && (unsigned)(*q - '0') <= 9 && q - d < 19)
		v = v * 10 + (uint64_t)(*q++ - '0');
	if (q == d || q - d > 18 || (q < end && (*q == '.' || *q == 'e' || *q == 'E' ||
	    (unsigned)(*q - '0') <= 9)))
		return false;
	*i = *p == '-' ? -(int64_t)v : (int64_t)v;
	return true;
}

/* The scalar at p as a value; false when jansson is needed. */
static bool
expr_raw_value(const char *p, const char *end, struct expr_val *out)
{
	const char *e;
	bool esc = false;

	memset(out, 0, sizeof(*out));
	switch (*p) {
	case '"':
		e = expr_raw_string(p, end, &esc);
		if (esc)
			return false;
		out->kind = EXPR_STR;
		out->s = p + 1;
		out->len = (size_t)(e - p - 2);
		return true;
	case 't':
	case 'f':
		out->kind = EXPR_BOOL;
		out->b = *p == 't';
		return true;
	case 'n':
		return true;
	case '{':
	case '[':
		return false;
	default:
		if (expr_raw_int(p, end, &out->i)) {
			out->kind = EXPR_INT;
			return true;
		}
		e = expr_raw_skip(p, end);
		if (value_integer(p, (size_t)(e - p), &out->i)) {
			out->kind = EXPR_INT;
			return true;
		}
		out->kind = EXPR_REAL;
		return value_numeric(p, (size_t)(e - p), &out->d) && isfinite(out->d);
	}
}

/* The member seg among m[0..n), or NULL when there is none: lines of one log have their
 * keys in one order, so first where seg was last (*at, when *hint_seg is seg), which a
 * find sets. The lookup of expr_raw_top and expr_raw_sub. */
static PR_INLINE const struct expr_raw_member *
expr_raw_hinted(const struct expr_raw_member *m, size_t n, const struct expr_seg *seg,
    const void **hint_seg, size_t *at)
{
	if (*hint_seg == seg && *at < n && m[*at].klen == seg->len &&
	    pr_short_eq(m[*at].key, seg->key, seg->len))
		return &m[*at];
	for (size_t i = 0; i < n; i++)
		if (m[i].klen == seg->len && pr_short_eq(m[i].key, seg->key, seg->len)) {
			*hint_seg = seg;
			*at = i;
			return &m[i];
		}
	return NULL;
}

/* The top-level member seg in ctx->top, or NULL when the line has none (as expr_raw_member
 * on the line's object). */
static const struct expr_raw_member *
expr_raw_top(struct expr_ctx *ctx, const struct expr_seg *seg)
{
	return expr_raw_hinted(ctx->top, ctx->n_top, seg, &ctx->hint_seg[seg->slot],
	    &ctx->top_hint[seg->slot]);
}

/* The member seg (a path's second segment, the first in slot h) of the object the fast
 * path has read into obj (EXPR_RAW_OBJ), or NULL when it has none (as expr_raw_member on
 * the object's text). */
static const struct expr_raw_member *
expr_raw_sub(struct expr_ctx *ctx, const struct expr_raw_member *obj,
    const struct expr_seg *seg, unsigned h)
{
	return expr_raw_hinted(obj->sub, obj->n_sub, seg, &ctx->sub_hint_seg[h], &ctx->sub_hint[h]);
}

/* The value of a member the fast path has read (m->kind EXPR_RAW_STR or EXPR_RAW_INT), as
 * expr_raw_value gives it, in *out (zeroed). */
static void
expr_raw_known(const struct expr_raw_member *m, struct expr_val *out)
{
	uint64_t v = 0;

	if (m->kind == EXPR_RAW_STR) {
		out->kind = EXPR_STR;
		out->s = m->val + 1;
		out->len = (size_t)(m->vend - m->val - 2);
		return;
	}
	for (const char *q = m->val; q < m->vend; q++)
		v = v * 10 + (uint64_t)(*q - '0');
	out->kind = EXPR_INT;
	out->i = (int64_t)v;
}

/* The value at node n's path in ctx->line, read from the text from p, the value of
 * segment i - 1 (or the line when i is 0). */
static __attribute__((noinline)) void
expr_raw_walk(const struct expr_node *n, struct expr_ctx *ctx, const char *p, size_t i,
    struct expr_val *out)
{
	const char *end = ctx->line + ctx->line_len;

	for (; i < n->n_seg; i++) {
		int r = *p == '{' ? expr_raw_memo_member(ctx, &p, end, &n->seg[i]) :
		    expr_raw_member(&p, end, &n->seg[i]);

		if (r < 0)
			ctx->raw_fail = true;
		if (r <= 0)
			return;
	}
	if (!expr_raw_value(p, end, out))
		ctx->raw_fail = true;
}

/* The value at node n's path in ctx->line: from what the fast path has read when it can
 * (ctx->top), else by expr_raw_walk. */
static void
expr_raw_path(const struct expr_node *n, struct expr_ctx *ctx, struct expr_val *out)
{
	const struct expr_raw_member *m;

	memset(out, 0, sizeof(*out));
	if (ctx->top == NULL) {
		expr_raw_walk(n, ctx, expr_raw_ws(ctx->line, ctx->line + ctx->line_len), 0, out);
		return;
	}
	/* expr_raw_top's lookup, here without its call */
	if ((m = expr_raw_hinted(ctx->top, ctx->n_top, &n->seg[0], &ctx->hint_seg[n->seg[0].slot],
	    &ctx->top_hint[n->seg[0].slot])) == NULL)
		return;
	if (n->n_seg == 1) {
		if (m->kind == EXPR_RAW_STR || m->kind == EXPR_RAW_INT) {
			expr_raw_known(m, out);
			return;
		}
	} else if (m->kind == EXPR_RAW_OBJ) {
		/* the fast path has read the object's members: no scan for the second key */
		if ((m = expr_raw_sub(ctx, m, &n->seg[1], n->seg[0].slot)) == NULL)
			return;
		if (n->n_seg == 2 && (m->kind == EXPR_RAW_STR || m->kind == EXPR_RAW_INT)) {
			expr_raw_known(m, out);
			return;
		}
		expr_raw_walk(n, ctx, m->val, 2, out);
		return;
	}
	expr_raw_walk(n, ctx, m->val, 1, out);
}

/* v as a number: a number, or a string that holds one. Returns false otherwise. */
static bool
expr_num(const struct expr_val *v, struct expr_val *out)
{
	*out = *v;
	if (v->kind == EXPR_INT || v->kind == EXPR_REAL)
		return true;
	if (v->kind != EXPR_STR)
		return false;
	out->ms = false;
	if (value_integer(v->s, v->len, &out->i)) {
		out->kind = EXPR_INT;
		return true;
	}
	if (value_numeric(v->s, v->len, &out->d) && isfinite(out->d)) {
		out->kind = EXPR_REAL;
		return true;
	}
	return false;
}

static double
expr_real(const struct expr_val *v)
{
	return v->kind == EXPR_INT ? (double)v->i : v->d;
}

/* -1, 0 or 1 for two numbers; exact for two integers. */
static int
expr_num_cmp(const struct expr_val *a, const struct expr_val *b)
{
	if (a->kind == EXPR_INT && b->kind == EXPR_INT)
		return (a->i > b->i) - (a->i < b->i);
	if (a->kind == EXPR_INT || b->kind == EXPR_INT) {
		/* An integer against a real: compare in long double, exact for 64-bit
		 * integers on x86-64 (64-bit mantissa) and wider elsewhere. */
		long double x = a->kind == EXPR_INT ? (long double)a->i : (long double)a->d;
		long double y = b->kind == EXPR_INT ? (long double)b->i : (long double)b->d;

		return (x > y) - (x < y);
	}
	return (a->d > b->d) - (a->d < b->d);
}

/* Compare two values for ==/!= (*eq) and order (*order, only when *ordered). */
static void
expr_compare(const struct expr_val *a, const struct expr_val *b, bool *eq, int *order,
    bool *ordered)
{
	struct expr_val na, nb;

	if (a->kind == EXPR_INT && b->kind == EXPR_INT) { /* the common case, as expr_num_cmp */
		*order = (a->i > b->i) - (a->i < b->i);
		*eq = *order == 0;
		*ordered = true;
		return;
	}
	*ordered = false;
	*order = 0;
	if (a->kind == EXPR_NULL || b->kind == EXPR_NULL) {
		*eq = a->kind == b->kind;
		return;
	}
	if (expr_num(a, &na) && expr_num(b, &nb)) {
		*order = expr_num_cmp(&na, &nb);
		*eq = *order == 0;
		*ordered = true;
		return;
	}
	if (a->kind == EXPR_STR && b->kind == EXPR_STR) {
		size_t n = a->len < b->len ? a->len : b->len;
		int c = memcmp(a->s, b->s, n);

		*order = c != 0 ? (c > 0) - (c < 0) : (a->len > b->len) - (a->len < b->len);
		*eq = *order == 0;
		*ordered = true;
		return;
	}
	if (a->kind == EXPR_BOOL && b->kind == EXPR_BOOL) {
		*eq = a->b == b->b;
		return;
	}
	if (a->kind == EXPR_JSON && b->kind == EXPR_JSON) {
		*eq = json_equal(a->j, b->j) != 0;
		return;
	}
	*eq = false;
}

static void
expr_set_bool(struct expr_val *out, bool b)
{
	memset(out, 0, sizeof(*out));
	out->kind = EXPR_BOOL;
	out->b = b;
}

/* A NUL-terminated copy of s[0..len) in scratch space (or s itself when it is one). */
static const char *
expr_cstr(const char *s, size_t len, struct expr_ctx *ctx)
{
	char *c;

	if (memchr(s, '\0', len) != NULL)
		return NULL;
	c = expr_ctx_alloc(ctx, len + 1);
	memcpy(c, s, len);
	c[len] = '\0';
	return c;
}

/* a ~ b. */
static bool
expr_glob(const struct expr_val *a, const struct expr_val *b, struct expr_ctx *ctx)
{
	const char *t, *name, *pat;
	size_t len;

	if (b->kind != EXPR_STR || (t = expr_text(a, ctx, &len)) == NULL)
		return false;
	if ((name = expr_cstr(t, len, ctx)) == NULL || (pat = expr_cstr(b->s, b->len, ctx)) == NULL)
		return false;
	return names_match(pat, name);
}

/* Whether the text t[0..len) matches the literal pattern b of the simple shape g (not
 * EXPR_GLOB_FN). */
static inline bool
expr_glob_shape(enum expr_glob g, const char *t, size_t len, const struct expr_val *b)
{
	switch (g) {
	case EXPR_GLOB_EXACT:
		return len == b->len && pr_short_eq(t, b->s, len);
	case EXPR_GLOB_PREFIX:
		return len >= b->len - 1 && pr_short_eq(t, b->s, b->len - 1);
	case EXPR_GLOB_SUFFIX:
		return len >= b->len - 1 && pr_short_eq(t + len - (b->len - 1), b->s + 1, b->len - 1);
	case EXPR_GLOB_FN:
		break;
	}
	return false;
}

/* a ~ b where b is node n's literal pattern of a simple shape (n->glob is not
 * EXPR_GLOB_FN): what expr_glob gives, without copies or fnmatch. */
static bool
expr_glob_simple(const struct expr_node *n, const struct expr_val *a, const struct expr_val *b,
    struct expr_ctx *ctx)
{
	const char *t;
	size_t len;

	if ((t = expr_text(a, ctx, &len)) == NULL || memchr(t, '\0', len) != NULL)
		return false;
	if (n->glob == EXPR_GLOB_FN)
		return expr_glob(a, b, ctx);
	return expr_glob_shape(n->glob, t, len, b);
}

/* A string as a timestamp: RFC 3339, or the --time-format. */
static bool
expr_timestamp(const struct expr_val *v, const struct expr_ctx *ctx, int64_t *us)
{
	const char *why;

	if (v->kind != EXPR_STR)
		return false;
	if (ctx->time_format != NULL)
		return value_strptime(ctx->time_format, v->s, v->len, us, &why) == 0;
	return tu_parse(v->s, v->len, 0, us, &why) == 0;
}

/* A real result: null unless finite. */
static void
expr_set_real(struct expr_val *out, long double d, bool ms)
{
	memset(out, 0, sizeof(*out));
	if (!isfinite((double)d))
		return;
	out->kind = EXPR_REAL;
	out->d = (double)d;
	out->ms = ms;
}

/* a - b, a * b, a / b and the numeric a + b. */
static void
expr_arith(enum expr_op op, const struct expr_val *a, const struct expr_val *b,
    const struct expr_ctx *ctx, struct expr_val *out)
{
	struct expr_val x, y;
	bool ms = a->ms || b->ms;
	int64_t r, ta, tb;

	memset(out, 0, sizeof(*out));
	if (!expr_num(a, &x) || !expr_num(b, &y)) {
		if (op == XO_SUB && expr_timestamp(a, ctx, &ta) && expr_timestamp(b, ctx, &tb))
			expr_set_real(out, ((long double)ta - (long double)tb) / 1000.0L, true);
		return;
	}
	if (x.kind == EXPR_INT && y.kind == EXPR_INT) {
		bool over = true;

		if (op == XO_ADD)
			over = __builtin_add_overflow(x.i, y.i, &r);
		else if (op == XO_SUB)
			over = __builtin_sub_overflow(x.i, y.i, &r);
		else if (op == XO_MUL)
			over = __builtin_mul_overflow(x.i, y.i, &r);
		if (!over) {
			out->kind = EXPR_INT;
			out->i = r;
			out->ms = ms;
			return;
		}
		if (op == XO_SUB || op == XO_ADD) {
			/* Exact in long double's 64-bit mantissa, rounded once. */
			long double lx = (long double)x.i, ly = (long double)y.i;

			expr_set_real(out, op == XO_SUB ? lx - ly : lx + ly, ms);
			return;
		}
	}
	switch (op) {
	case XO_ADD:
		expr_set_real(out, (long double)(expr_real(&x) + expr_real(&y)), ms);
		return;
	case XO_SUB:
		expr_set_real(out, (long double)(expr_real(&x) - expr_real(&y)), ms);
		return;
	case XO_MUL:
		expr_set_real(out, (long double)(expr_real(&x) * expr_real(&y)), ms);
		return;
	case XO_DIV:
		if (expr_real(&y) > 0 || expr_real(&y) < 0)
			expr_set_real(out, (long double)(expr_real(&x) / expr_real(&y)), ms);
		return;
	case XO_LIT: case XO_PATH: case XO_NOT: case XO_NEG: case XO_AND: case XO_OR:
	case XO_EQ: case XO_NE: case XO_LT: case XO_LE: case XO_GT: case XO_GE:
	case XO_GLOB: case XO_NGLOB: case XO_PATHFN:
		return;
	}
}

/* a + b: numbers add; a string on either side joins. */
static void
expr_add(const struct expr_val *a, const struct expr_val *b, struct expr_ctx *ctx,
    struct expr_val *out)
{
	const char *ta, *tb;
	size_t la, lb;
	char *s;

	if (a->kind != EXPR_STR && b->kind != EXPR_STR) {
		if ((a->kind == EXPR_INT || a->kind == EXPR_REAL) &&
		    (b->kind == EXPR_INT || b->kind == EXPR_REAL))
			expr_arith(XO_ADD, a, b, ctx, out);
		else
			memset(out, 0, sizeof(*out));
		return;
	}
	memset(out, 0, sizeof(*out));
	if ((ta = expr_text(a, ctx, &la)) == NULL || (tb = expr_text(b, ctx, &lb)) == NULL)
		return;
	if ((s = expr_ctx_extend(ctx, ta, la, lb)) == NULL) {
		s = expr_ctx_alloc(ctx, la + lb + 1);
		memcpy(s, ta, la);
	}
	memcpy(s + la, tb, lb);
	s[la + lb] = '\0';
	out->kind = EXPR_STR;
	out->s = s;
	out->len = la + lb;
}

/* path(x): the part before '?', without a final " HTTP/..." protocol. */
static void
expr_pathfn(const struct expr_val *a, struct expr_val *out)
{
	const char *q, *sp = NULL;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (a->kind != EXPR_STR)
		return;
	n = a->len;
	if (n > 0 && memchr(a->s, ' ', n) != NULL) /* most have none: no backward walk */
		for (size_t i = n; i > 0; i--)
			if (a->s[i - 1] == ' ') {
				sp = a->s + i - 1;
				break;
			}
	if (sp != NULL && (size_t)(a->s + n - sp) > 6 && memcmp(sp + 1, "HTTP/", 5) == 0)
		n = (size_t)(sp - a->s);
	if ((q = memchr(a->s, '?', n)) != NULL)
		n = (size_t)(q - a->s);
	out->kind = EXPR_STR;
	out->s = a->s;
	out->len = n;
}

static bool
expr_is_true(const struct expr_val *v)
{
	return v->kind == EXPR_BOOL && v->b;
}

static void expr_node_eval(const struct expr *e, int id, json_t *root, struct expr_ctx *ctx,
    struct expr_val *out);

/* The integer of a member the fast path read as EXPR_RAW_INT, as expr_raw_known reads it. */
static PR_INLINE int64_t
expr_raw_digits(const struct expr_raw_member *m)
{
	uint64_t v = 0;

	for (const char *q = m->val; q < m->vend; q++)
		v = v * 10 + (uint64_t)(*q - '0');
	return (int64_t)v;
}

/* The top-level member of path node p when ctx holds the fast path's members of a line
 * (*m, NULL when the line has none): true. False when ctx has no such list. */
static PR_INLINE bool
expr_fast_top(const struct expr_node *p, struct expr_ctx *ctx,
    const struct expr_raw_member **m)
{
	const struct expr_seg *seg = &p->seg[0];
	size_t h = seg->slot, at = ctx->top_hint[h];

	if (ctx->top == NULL || ctx->line == NULL)
		return false;
	/* expr_raw_top's first guess, here without a call */
	if (ctx->hint_seg[h] == seg && at < ctx->n_top && ctx->top[at].klen == seg->len &&
	    pr_short_eq(ctx->top[at].key, seg->key, seg->len))
		*m = &ctx->top[at];
	else
		*m = expr_raw_top(ctx, seg);
	return true;
}

/* Node n (XF_CMP_INT) over ctx's top-level members: 1 or 0 as the comparison gives, or -1
 * when the general evaluation is needed (no members at hand, or not a plain integer). */
static PR_INLINE int
expr_fast_cmp(const struct expr *e, const struct expr_node *n, struct expr_ctx *ctx)
{
	const struct expr_raw_member *m;
	int64_t v, w = n->fint;

	if (!expr_fast_top(&e->node[n->fpath], ctx, &m))
		return -1;
	if (m == NULL)
		return n->op == XO_NE; /* null against a number: only != holds */
	if (m->kind != EXPR_RAW_INT)
		return -1;
	v = expr_raw_digits(m);
	return (int)(n->fmask >> ((v > w) - (v < w) + 1)) & 1;
}

/* Node n (XF_GLOB) over ctx's top-level members: 1 or 0, or -1 when the general
 * evaluation is needed. A plain string or integer's text is its bytes in the line (a
 * plain string holds no NUL: the fast path's plain bytes are 0x20 to 0x7f). */
static PR_INLINE int
expr_fast_glob(const struct expr *e, const struct expr_node *n, struct expr_ctx *ctx)
{
	const struct expr_raw_member *m;
	const char *t;
	size_t len;

	if (!expr_fast_top(&e->node[n->a], ctx, &m))
		return -1;
	if (m == NULL)
		return 0; /* null: neither ~ nor !~ holds */
	if (m->kind == EXPR_RAW_ANY)
		return -1;
	t = m->kind == EXPR_RAW_STR ? m->val + 1 : m->val;
	len = (size_t)(m->vend - t) - (m->kind == EXPR_RAW_STR);
	return expr_glob_shape(n->glob, t, len, &e->node[n->b].lit) == (n->op == XO_GLOB);
}

/* Evaluate operand id: a literal or a path over a line's text directly, else through
 * expr_node_eval (saves a call per leaf). */
static inline void
expr_operand(const struct expr *e, int id, json_t *root, struct expr_ctx *ctx,
    struct expr_val *out)
{
	const struct expr_node *n = &e->node[id];

	if (n->op == XO_LIT)
		*out = n->lit;
	else if (n->op == XO_PATH && ctx->line != NULL)
		expr_raw_path(n, ctx, out);
	else
		expr_node_eval(e, id, root, ctx, out);
}

/* Node n, a comparison, as expr_node_eval gives it (true or false), read the general
 * way (expr_fast_test first). */
static bool
expr_cmp_node(const struct expr *e, const struct expr_node *n, json_t *root,
    struct expr_ctx *ctx)
{
	struct expr_val a, b;
	bool eq, ordered;
	int order;

	expr_operand(e, n->a, root, ctx, &a);
	expr_operand(e, n->b, root, ctx, &b);
	expr_compare(&a, &b, &eq, &order, &ordered);
	return n->op == XO_EQ ? eq : n->op == XO_NE ? !eq :
	    ordered && (n->op == XO_LT ? order < 0 : n->op == XO_LE ? order <= 0 :
	    n->op == XO_GT ? order > 0 : order >= 0);
}

/* Node n, a ~ or !~, as expr_node_eval gives it, read the general way. */
static bool
expr_glob_node(const struct expr *e, const struct expr_node *n, json_t *root,
    struct expr_ctx *ctx)
{
	struct expr_val a, b;

	expr_operand(e, n->a, root, ctx, &a);
	expr_operand(e, n->b, root, ctx, &b);
	if (a.kind == EXPR_NULL || b.kind != EXPR_STR || a.kind == EXPR_JSON)
		return false;
	if (n->glob != EXPR_GLOB_FN)
		return expr_glob_simple(n, &a, &b, ctx) == (n->op == XO_GLOB);
	return expr_glob(&a, &b, ctx) == (n->op == XO_GLOB);
}

/* Node n (XF_RANGE): its two comparisons over one read of their top-level member, as
 * expr_fast_cmp gives them; -1 likewise. */
static PR_INLINE int
expr_fast_range(const struct expr *e, const struct expr_node *n, struct expr_ctx *ctx)
{
	const struct expr_node *x = &e->node[n->a], *y = &e->node[n->b];
	const struct expr_raw_member *m;
	int64_t v;

	if (!expr_fast_top(&e->node[x->fpath], ctx, &m))
		return -1;
	if (m == NULL)
		return x->op == XO_NE && y->op == XO_NE;
	if (m->kind != EXPR_RAW_INT)
		return -1;
	v = expr_raw_digits(m);
	return (int)((x->fmask >> ((v > x->fint) - (v < x->fint) + 1)) &
	    (y->fmask >> ((v > y->fint) - (v < y->fint) + 1))) & 1;
}

/* Node n by its shape (XF_CMP_INT, XF_RANGE, XF_GLOB) over ctx's top-level members: 1 or
 * 0, or -1 when it has none of them or the shape's reading does not apply. */
static PR_INLINE int
expr_fast_test(const struct expr *e, const struct expr_node *n, struct expr_ctx *ctx)
{
	if (n->fast == XF_CMP_INT)
		return expr_fast_cmp(e, n, ctx);
	if (n->fast == XF_RANGE)
		return expr_fast_range(e, n, ctx);
	if (n->fast == XF_GLOB)
		return expr_fast_glob(e, n, ctx);
	return -1;
}

static bool expr_node_test(const struct expr *e, int id, json_t *root, struct expr_ctx *ctx);

/* expr_node_test of operand id, its shape tried here first (saves a call per leaf). */
static PR_INLINE bool
expr_test_operand(const struct expr *e, int id, json_t *root, struct expr_ctx *ctx)
{
	int r = expr_fast_test(e, &e->node[id], ctx);

	return r >= 0 ? r : expr_node_test(e, id, root, ctx);
}

/* Whether node id's value is the boolean true (expr_is_true of what expr_node_eval
 * gives), without making the value of a comparison, a glob, && or ||. */
static bool
expr_node_test(const struct expr *e, int id, json_t *root, struct expr_ctx *ctx)
{
	const struct expr_node *n = &e->node[id];
	struct expr_val v;
	int r;

	if ((r = expr_fast_test(e, n, ctx)) >= 0)
		return r;
	if (n->op >= XO_EQ && n->op <= XO_GE)
		return expr_cmp_node(e, n, root, ctx);
	if (n->op == XO_GLOB || n->op == XO_NGLOB)
		return expr_glob_node(e, n, root, ctx);
	if (n->op == XO_AND)
		return expr_test_operand(e, n->a, root, ctx) &&
		    expr_test_operand(e, n->b, root, ctx);
	if (n->op == XO_OR)
		return expr_test_operand(e, n->a, root, ctx) ||
		    expr_test_operand(e, n->b, root, ctx);
	expr_node_eval(e, id, root, ctx, &v);
	return expr_is_true(&v);
}

/* Copy n bytes from s to d, a short piece without a call (the loads and stores overlap,
 * as pr_short_eq's do). */
static PR_INLINE void
expr_copy(char *d, const char *s, size_t n)
{
	uint64_t w0, w1;
	uint32_t h0, h1;

	if (n > 16) {
		memcpy(d, s, n);
	} else if (n >= 8) {
		memcpy(&w0, s, 8);
		memcpy(&w1, s + n - 8, 8);
		memcpy(d, &w0, 8);
		memcpy(d + n - 8, &w1, 8);
	} else if (n >= 4) {
		memcpy(&h0, s, 4);
		memcpy(&h1, s + n - 4, 4);
		memcpy(d, &h0, 4);
		memcpy(d + n - 4, &h1, 4);
	} else if (n > 0) {
		d[0] = s[0];
		d[n / 2] = s[n / 2];
		d[n - 1] = s[n - 1];
	}
}

/* Node n (XF_JOIN), a chain of +: when every operand is a string, their bytes joined in
 * one piece of scratch space (a string literal and a top-level plain string are read
 * without making their values); else the operands added left to right as the tree
 * would. Each operand that is not a literal or a path is evaluated once (evaluating one
 * again would make nested chains exponential). */
static void
expr_join(const struct expr *e, const struct expr_node *n, json_t *root, struct expr_ctx *ctx,
    struct expr_val *out)
{
	const char *s[EXPR_JOIN_MAX];
	size_t len[EXPR_JOIN_MAX], total = 0, k = n->n_leaf, i;
	struct expr_val v[EXPR_JOIN_MAX], acc;
	bool made[EXPR_JOIN_MAX];
	char *d;

	memset(made, 0, sizeof(made));
	for (i = 0; i < k; i++) {
		const struct expr_raw_member *m;

		if (n->leaf_kind[i] == XL_STR) {
			s[i] = e->node[n->leaf[i]].lit.s;
			len[i] = e->node[n->leaf[i]].lit.len;
		} else if (n->leaf_kind[i] == XL_TOP && expr_fast_top(&e->node[n->leaf[i]], ctx, &m) &&
		    m != NULL && m->kind == EXPR_RAW_STR) {
			s[i] = m->val + 1;
			len[i] = (size_t)(m->vend - m->val - 2);
		} else {
			expr_operand(e, n->leaf[i], root, ctx, &v[i]);
			made[i] = true;
			if (v[i].kind != EXPR_STR)
				goto fold;
			s[i] = v[i].s;
			len[i] = v[i].len;
		}
		total += len[i];
	}
	d = expr_ctx_alloc(ctx, total + 1);
	memset(out, 0, sizeof(*out));
	out->kind = EXPR_STR;
	out->s = d;
	out->len = total;
	for (i = 0; i < k; i++) {
		expr_copy(d, s[i], len[i]);
		d += len[i];
	}
	*d = '\0';
	return;
fold:
	for (i = 0; i < k; i++)
		if (!made[i])
			expr_operand(e, n->leaf[i], root, ctx, &v[i]);
	acc = v[0];
	for (i = 1; i < k; i++) {
		expr_add(&acc, &v[i], ctx, out);
		acc = *out;
	}
}

/* Evaluate node id. */
static void
expr_node_eval(const struct expr *e, int id, json_t *root, struct expr_ctx *ctx,
    struct expr_val *out)
{
	const struct expr_node *n = &e->node[id];
	struct expr_val a, b;

	switch (n->op) {
	case XO_LIT:
		*out = n->lit;
		return;
	case XO_PATH:
		if (ctx->line != NULL)
			expr_raw_path(n, ctx, out);
		else
			expr_path(n, root, out);
		return;
	case XO_NOT:
		expr_operand(e, n->a, root, ctx, &a);
		if (a.kind == EXPR_BOOL)
			expr_set_bool(out, !a.b);
		else
			memset(out, 0, sizeof(*out));
		return;
	case XO_NEG:
		expr_operand(e, n->a, root, ctx, &a);
		memset(&b, 0, sizeof(b));
		b.kind = EXPR_INT;
		expr_arith(XO_SUB, &b, &a, ctx, out);
		return;
	case XO_AND:
	case XO_OR:
	case XO_EQ:
	case XO_NE:
	case XO_LT:
	case XO_LE:
	case XO_GT:
	case XO_GE:
	case XO_GLOB:
	case XO_NGLOB:
		expr_set_bool(out, expr_node_test(e, id, root, ctx));
		return;
	case XO_ADD:
		if (n->fast == XF_JOIN) {
			expr_join(e, n, root, ctx, out);
			return;
		}
		expr_operand(e, n->a, root, ctx, &a);
		expr_operand(e, n->b, root, ctx, &b);
		expr_add(&a, &b, ctx, out);
		return;
	case XO_SUB:
	case XO_MUL:
	case XO_DIV:
		expr_operand(e, n->a, root, ctx, &a);
		expr_operand(e, n->b, root, ctx, &b);
		expr_arith(n->op, &a, &b, ctx, out);
		return;
	case XO_PATHFN:
		expr_operand(e, n->a, root, ctx, &a);
		expr_pathfn(&a, out);
		return;
	}
	memset(out, 0, sizeof(*out));
}

void
expr_eval(const struct expr *e, json_t *root, struct expr_ctx *ctx, struct expr_val *out)
{
	expr_node_eval(e, e->root, root, ctx, out);
}

bool
expr_true(const struct expr *e, json_t *root, struct expr_ctx *ctx)
{
	return expr_node_test(e, e->root, root, ctx);
}

int
expr_eval_raw(const struct expr *e, const char *line, size_t len, struct expr_ctx *ctx,
    struct expr_val *out)
{
	ctx->line = line;
	ctx->line_len = len;
	ctx->raw_fail = false;
	ctx->memo_obj = NULL;
	expr_node_eval(e, e->root, NULL, ctx, out);
	ctx->line = NULL;
	return ctx->raw_fail ? -1 : 0;
}

int
expr_true_raw(const struct expr *e, const char *line, size_t len, struct expr_ctx *ctx)
{
	bool t;

	ctx->line = line;
	ctx->line_len = len;
	ctx->raw_fail = false;
	ctx->memo_obj = NULL;
	t = expr_node_test(e, e->root, NULL, ctx);
	ctx->line = NULL;
	return ctx->raw_fail ? -1 : t;
}
