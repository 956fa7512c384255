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

/* The zero-width label of position b (see chart-axis.h). */
void
chart_axis_put_blank_label(FILE *out, size_t b)
{
	char bits[sizeof(size_t) * 8];
	size_t n = 0;

	for (; b > 0; b >>= 1)
		bits[n++] = (char)(b & 1);
	while (n-- > 0)
		fputs(bits[n] ? "\xe2\x80\x8c" : "\xe2\x80\x8b", out);
}

uint64_t
chart_axis_count_step(uint64_t max)
{
	static const uint64_t mult[3] = {1, 2, 5};
	uint64_t p = 1;

	for (;;) {
		for (int k = 0; k < 3; k++)
			if (chart_axis_count_steps(max, mult[k] * p) <= 5)
				return mult[k] * p;
		if (p > UINT64_MAX / 100)
			return UINT64_MAX / 5 + 1; /* never reached for real counts */
		p *= 10;
	}
}

size_t
chart_axis_count_steps(uint64_t max, uint64_t step)
{
	uint64_t n = max / step + (max % step != 0);

	return n > 0 ? (size_t)n : 1;
}
