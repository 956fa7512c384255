/* change.c - the change rule (change.h): size of a change and its class. */
#include "change.h"

#include <math.h>

bool
change_pct(double base, double cur, double *pct)
{
	double ch;

	if (!(base > 0))
		return false;
	ch = 100.0 * (cur - base) / base;
	*pct = fabs(ch) < CHANGE_EPSILON ? 0 : ch;
	return true;
}

enum change_class
change_classify(double largest, double smallest, bool significant,
    const struct change_limits *lim)
{
	if (!significant)
		return CHANGE_SAME;
	if (largest > lim->regress_pct)
		return CHANGE_REGRESSION;
	if (largest > lim->warn_pct)
		return CHANGE_WARNING;
	if (smallest < -lim->warn_pct)
		return CHANGE_IMPROVED;
	return CHANGE_SAME;
}
