/* svg.h - a tiny SVG writer: a sink with a vocabulary (lines, polylines, rectangles, text)
 * and the one place where text and numbers are made safe for SVG and HTML: every string is
 * escaped for XML (& < > " ') after utf8_escape has turned control characters and invalid
 * bytes into visible escapes, and every number is written by numfmt with one decimal (C
 * locale, never NaN: a value that is not finite is written as 0). Elements take a CSS
 * class name (a constant of the caller's, written as is) so that the page's style sheet
 * gives colours, and print and dark themes can differ. */
#ifndef PR_SVG_H
#define PR_SVG_H

#include <stdio.h>
#include "common.h"

struct svg {
	FILE *out;
	double width, height;
};

/* Write text (NUL-terminated) escaped for XML and HTML element content or a quoted
 * attribute value. */
void svg_escape(FILE *out, const char *text);

/* Open an <svg> of the given size (its viewBox; it scales with the page), with role img
 * and the accessible name label (escaped). */
void svg_begin(struct svg *s, FILE *out, double width, double height, const char *label);
void svg_end(struct svg *s);
void svg_line(struct svg *s, double x1, double y1, double x2, double y2, const char *cls);
/* A polyline through (x[i], y[i]), i < n; nothing when n is 0. */
void svg_polyline(struct svg *s, const double *x, const double *y, size_t n, const char *cls);
/* A rectangle; tip (escaped, or NULL) becomes its <title>, the tooltip of a bar. */
void svg_rect(struct svg *s, double x, double y, double w, double h, const char *cls,
    const char *tip);
/* A circle of radius r at (cx, cy); tip (escaped, or NULL) becomes its <title>, the
 * tooltip of a point. */
void svg_circle(struct svg *s, double cx, double cy, double r, const char *cls,
    const char *tip);
/* Text at (x, y); anchor "start", "middle" or "end". */
void svg_text(struct svg *s, double x, double y, const char *anchor, const char *cls,
    const char *text);

#endif
