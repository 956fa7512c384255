/* chart-axis.h - the scale of a chart's axes, shared by the Markdown (Mermaid) and HTML
 * (SVG) charts: a round top for a y axis that starts at 0, and which of many x positions
 * get a label so that at most a few are written. Presentation only: no statistic. */
#ifndef PR_CHART_AXIS_H
#define PR_CHART_AXIS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Most x labels a chart writes (CHART_AXIS_MAX_LABELS or fewer, never more). */
#define CHART_AXIS_MAX_LABELS 10

/* A round number at or above v for the top of a y axis from 0: 1, 2 or 5 times a power of
 * ten (1 when v is not above 0, NaN included). */
double chart_axis_nice_ceil(double v);

/* The step between labelled x positions for n positions: every step-th one, from the
 * first, is labelled, so that at most CHART_AXIS_MAX_LABELS are (1 when n fits). */
size_t chart_axis_label_step(size_t n);

/* Write to out an x label that shows nothing, unique for position b > 0, for the positions
 * chart_axis_label_step leaves out: Mermaid keys its x axis by label, so they must still
 * differ. b in binary, a zero as U+200B and a one as U+200C (zero-width characters, which
 * no trim removes); nothing for b = 0. */
void chart_axis_put_blank_label(FILE *out, size_t b);

/* The step of a y axis of counts from 0 that holds max: the smallest of 1, 2 and 5 times a
 * power of ten that needs at most 5 steps, so every tick is a whole number. */
uint64_t chart_axis_count_step(uint64_t max);

/* How many steps of step (> 0) reach max: at least 1, ceil(max / step) otherwise. */
size_t chart_axis_count_steps(uint64_t max, uint64_t step);

#endif
