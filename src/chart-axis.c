/* chart-axis.c - axis scales for the charts (chart-axis.h). */
#include "chart-axis.h"

#include <math.h>

double
chart_axis_nice_ceil(double v)
{
	double p, f;

	if (!(v > 0.0) || !isfinite(v))
		return 1.0;
	p = pow(10.0, floor(log10(v)));
	f = v / p;
	return (f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0) * p;
}

size_t
chart_axis_label_step(size_t n)
{
	if (n <= CHART_AXIS_MAX_LABELS)
		return 1;
	return (n + CHART_AXIS_MAX_LABELS - 1) / CHART_AXIS_MAX_LABELS;
}
