/* numfmt.h - the one place numbers become text (besides jansson's own encoder, which is
 * configured to agree with numfmt_json). */
#ifndef PR_NUMFMT_H
#define PR_NUMFMT_H

#include <stddef.h>
#include "common.h"

#define NUMFMT_BUFSZ 64

/* Number as JSON prints it: up to 15 significant digits, no trailing noise ("0.1", "2",
 * "0.333333333333333"), exactly the text jansson's encoder writes for json_real(v) under
 * JSON_REAL_PRECISION(15) except that integral values print without ".0" and -0.0 as
 * "0". Like jansson, the exponent has no '+' and no leading zeros: "1e20", "1e-5",
 * "1.23456789012346e17" (printf's %.15g would give "1e+20", "1e-05"). Always '.' as
 * decimal separator, whatever LC_NUMERIC says. */
void numfmt_json(double v, char buf[NUMFMT_BUFSZ]);
/* v, or (only within a few ulps of +-DBL_MAX) the nearest value toward zero whose
 * 15-significant-digit form reads back as a finite double, so that no printed number
 * overflows a reader. Used by numfmt_json and by the JSON emitters before jansson prints. */
double numfmt_fit15(double v);
/* Fixed decimals for humans: numfmt_fixed(3.14159, 2) -> "3.14", as "%.*f" in the C
 * locale (decimals clamped to 0..30), never a negative zero: -0.001 -> "0.00". Text that
 * would not fit NUMFMT_BUFSZ (|v| beyond about 1e30) falls back to "%.*e". */
void numfmt_fixed(double v, int decimals, char buf[NUMFMT_BUFSZ]);
/* Room for numfmt_fixed's text with a sign in front and a '%' behind. */
#define NUMFMT_SIGNED_BUFSZ (NUMFMT_BUFSZ + 2)
/* A change with an explicit sign: numfmt_fixed's text with '+' in front unless it begins
 * with '-' ("+26.80", "-3.10", "+0.00"; never "-0.00"). */
void numfmt_signed(double v, int decimals, char buf[NUMFMT_SIGNED_BUFSZ]);
/* A change in percent, as every human format shows it: numfmt_signed with one decimal and
 * '%' ("+26.8%", "-50.0%", "+0.0%"). */
void numfmt_signed_pct(double v, char buf[NUMFMT_SIGNED_BUFSZ]);
/* Shortest decimal form that reads back to the same double ("50", "99.9", "99.99"), used
 * to name percentile columns: p50_ms, p99.9_ms. The fewest significant digits (up to 17)
 * that strtod reads back to v; plain notation for |v| in [1e-4, 1e15) ("100", not
 * "1e+02"), printf %g style outside it ("1e+20", "1e-05"); -0.0 prints "0". */
void numfmt_shortest(double v, char buf[NUMFMT_BUFSZ]);

/* A p-value for humans: "< 0.0001" below 1e-4, else 3 significant digits without trailing
 * zeros ("0.0496", "0.003", "0.5", "1"). */
void numfmt_p(double p, char buf[NUMFMT_BUFSZ]);
/* The same as a phrase: "p = 0.003", "p < 0.0001". */
void numfmt_p_phrase(double p, char buf[NUMFMT_BUFSZ]);
/* The phrase of a test's p-value and its q-value (SPEC section 5), q named only where it
 * shows differently from p: "p = 0.003, q = 0.041", "p < 0.0001, q = 0.0002", else as
 * numfmt_p_phrase (has_q false, or the same text). */
void numfmt_pq_phrase(double p, bool has_q, double q, char buf[NUMFMT_BUFSZ]);

#endif
