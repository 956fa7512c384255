/* svg.c - the SVG writer (svg.h). */
#include "svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "utf8.h"

void
svg_escape(FILE *out, const char *text)
{
	char *clean = utf8_escape(text, strlen(text));

	for (const char *p = clean; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			putc(*p, out);
		}
	}
	free(clean);
}

/* A coordinate with one decimal. */
static void
svg_num(FILE *out, double v)
{
	char buf[NUMFMT_BUFSZ];

	numfmt_fixed(isfinite(v) ? v : 0.0, 1, buf);
	fputs(buf, out);
}

/* The end of a shape opened as "<NAME" with its attributes: its class, then "/>", or its
 * tooltip as a <title> child (SVG's own hover text, no script) and "</NAME>". */
static void
svg_end_shape(struct svg *s, const char *name, const char *cls, const char *tip)
{
	fprintf(s->out, " class=\"%s\"", cls);
	if (tip == NULL) {
		fputs("/>\n", s->out);
		return;
	}
	fputs("><title>", s->out);
	svg_escape(s->out, tip);
	fprintf(s->out, "</title></%s>\n", name);
}

/* ' NAME="V"' for a coordinate. */
static void
svg_attr(FILE *out, const char *name, double v)
{
	fprintf(out, " %s=\"", name);
	svg_num(out, v);
	putc('"', out);
}

void
svg_begin(struct svg *s, FILE *out, double width, double height, const char *label)
{
	s->out = out;
	s->width = width;
	s->height = height;
	fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ", out);
	svg_num(out, width);
	putc(' ', out);
	svg_num(out, height);
	fputs("\" role=\"img\" aria-label=\"", out);
	svg_escape(out, label);
	fputs("\">\n", out);
}

void
svg_end(struct svg *s)
{
	fputs("</svg>\n", s->out);
}

void
svg_line(struct svg *s, double x1, double y1, double x2, double y2, const char *cls)
{
	fputs("<line", s->out);
	svg_attr(s->out, "x1", x1);
	svg_attr(s->out, "y1", y1);
	svg_attr(s->out, "x2", x2);
	svg_attr(s->out, "y2", y2);
	fprintf(s->out, " class=\"%s\"/>\n", cls);
}

void
svg_polyline(struct svg *s, const double *x, const double *y, size_t n, const char *cls)
{
	if (n == 0)
		return;
	fputs("<polyline points=\"", s->out);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			putc(' ', s->out);
		svg_num(s->out, x[i]);
		putc(',', s->out);
		svg_num(s->out, y[i]);
	}
	fprintf(s->out, "\" class=\"%s\"/>\n", cls);
}

void
svg_rect(struct svg *s, double x, double y, double w, double h, const char *cls,
    const char *tip)
{
	fputs("<rect", s->out);
	svg_attr(s->out, "x", x);
	svg_attr(s->out, "y", y);
	svg_attr(s->out, "width", w > 0 ? w : 0);
	svg_attr(s->out, "height", h > 0 ? h : 0);
	svg_end_shape(s, "rect", cls, tip);
}

void
svg_circle(struct svg *s, double cx, double cy, double r, const char *cls, const char *tip)
{
	fputs("<circle", s->out);
	svg_attr(s->out, "cx", cx);
	svg_attr(s->out, "cy", cy);
	svg_attr(s->out, "r", r);
	svg_end_shape(s, "circle", cls, tip);
}

void
svg_text(struct svg *s, double x, double y, const char *anchor, const char *cls,
    const char *text)
{
	fputs("<text", s->out);
	svg_attr(s->out, "x", x);
	svg_attr(s->out, "y", y);
	fprintf(s->out, " text-anchor=\"%s\" class=\"%s\">", anchor, cls);
	svg_escape(s->out, text);
	fputs("</text>\n", s->out);
}
