/* numfmt.h - the one place numbers become text (besides jansson's own encoder, which is
 * configured to agree with numfmt_json). */
#ifndef PR_NUMFMT_H
#define PR_NUMFMT_H

#include <stddef.h>

#define NUMFMT_BUFSZ 64

/* Number as JSON prints it: up to 15 significant digits, no trailing noise ("0.1", "2",
 * "1e+20" style exponent as printf %.15g gives). Integral values print without ".0". */
void numfmt_json(double v, char buf[NUMFMT_BUFSZ]);
/* Fixed decimals for humans: numfmt_fixed(3.14159, 2) -> "3.14". */
void numfmt_fixed(double v, int decimals, char buf[NUMFMT_BUFSZ]);
/* Shortest decimal form that reads back to the same double ("50", "99.9", "99.99"), used
 * to name percentile columns: p50_ms, p99.9_ms. */
void numfmt_shortest(double v, char buf[NUMFMT_BUFSZ]);

#endif
