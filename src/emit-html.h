/* emit-html.h - the HTML emitter (emit-html.c): private to emit.c and the tests. */
#ifndef PR_EMIT_HTML_H
#define PR_EMIT_HTML_H

#include "emit-kit.h"

int emit_html(const struct report *r, const struct emit_opts *eo, FILE *out);

/* What the changes page (emit-changes.c) shares with the report's. */
struct svg;
/* The page from <!DOCTYPE html> to an opened <body>: title (escaped), the Content-Security-
 * Policy and viewport, the report's style sheet followed by extra_css (a constant). The
 * caller writes the rest and closes with "</body>\n</html>\n". */
void emit_html_page_head(FILE *out, const char *title, const char *extra_css);
/* Open an SVG line chart (accessible name label) over r's buckets, the report charts'
 * size: the y axis from 0 to top in 4 steps headed by unit, a date tick per bucket. The
 * caller draws, then svg_end. */
void emit_html_chart_begin(struct svg *s, FILE *out, const struct report *r, double top,
    const char *unit, const char *label);
/* Where bucket b of nb is drawn, where value v of an axis from 0 to top is drawn, and the
 * top and bottom of the plot area (SVG units). */
double emit_html_chart_x(size_t b, size_t nb);
double emit_html_chart_y(double v, double top);
void emit_html_chart_plot(double *y_top, double *y_base);

#endif
