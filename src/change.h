/* change.h - the one rule that judges a change between a base value and a current one,
 * shared by the --baseline gate (gate-regress.h, per metric) and `compare` (compare.h, per
 * operation): SPEC sections 10 and 12.
 *
 * A change is 100 * (cur - base) / base, unknown when base is not above 0. A change whose
 * size is below CHANGE_EPSILON % is taken as 0: a saved report holds 15 significant digits,
 * so a value read back from it can differ from the one it was written from by ~1e-13 %, and
 * that rounding must never be a warning (as it would be under --warn-pct 0).
 *
 * Of a set of changes that counts (significant, SPEC section 12), with largest and smallest
 * its extremes: a regression when the largest is above regress_pct, else a warning when it
 * is above warn_pct, else improved when the smallest is below -warn_pct, else the same. A
 * change that does not count is the same. One change is a set of one (largest = smallest). */
#ifndef PR_CHANGE_H
#define PR_CHANGE_H

#include <stdbool.h>

/* |change_pct| below this is 0. */
#define CHANGE_EPSILON 1e-9

enum change_class { CHANGE_SAME, CHANGE_IMPROVED, CHANGE_WARNING, CHANGE_REGRESSION };

/* The limits, in % of the base value: worse by more than regress_pct is a regression, by
 * more than warn_pct a warning, better by more than warn_pct improved (0 <= warn_pct <=
 * regress_pct). */
struct change_limits {
	double regress_pct, warn_pct;
};

/* The change from base to cur in % of base into *pct (0 below CHANGE_EPSILON); false, and
 * *pct untouched, when base is not above 0 (0, or NaN). */
bool change_pct(double base, double cur, double *pct);

/* The class of a set of changes with these extremes (largest >= smallest), counting only
 * when significant. */
enum change_class change_classify(double largest, double smallest, bool significant,
    const struct change_limits *lim);

#endif
