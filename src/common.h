/* common.h - program name, exit statuses and attributes shared by every module. */
#ifndef PR_COMMON_H
#define PR_COMMON_H

#ifdef HAVE_CONFIG_H
#include <config.h>
#endif
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define PROGRAM_NAME "perf-reporter"

/* Exit statuses (SPEC section 7). */
enum exit_status {
	EXIT_OK = 0,       /* the report was written */
	EXIT_DEGRADED = 1, /* degradation found under --fail-on-degradation */
	EXIT_TROUBLE = 2   /* usage error, unreadable input, unwritable output, --strict */
};

#if defined(__GNUC__)
#define PR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define PR_NORETURN __attribute__((noreturn))
#define PR_UNUSED __attribute__((unused))
/* A function off the hot line: never inlined, laid out apart. */
#define PR_COLD __attribute__((noinline, cold))
/* A small function on the hot line: always inlined. */
#define PR_INLINE inline __attribute__((always_inline))
#else
#define PR_PRINTF(f, a)
#define PR_NORETURN
#define PR_UNUSED
#define PR_COLD
#define PR_INLINE inline
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Whether a[0..n) and b[0..n) are the same bytes, for the short keys of JSON objects: loads
 * of up to eight bytes from each end (overlapping) instead of a call to memcmp, which
 * takes over past 16 bytes. */
static PR_INLINE bool
pr_short_eq(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	uint64_t w0, w1, w2, w3;
	uint32_t h0, h1, h2, h3;

	if (n >= 8) {
		if (n > 16)
			return memcmp(x, y, n) == 0;
		memcpy(&w0, x, 8);
		memcpy(&w1, y, 8);
		memcpy(&w2, x + n - 8, 8);
		memcpy(&w3, y + n - 8, 8);
		return ((w0 ^ w1) | (w2 ^ w3)) == 0;
	}
	if (n >= 4) {
		memcpy(&h0, x, 4);
		memcpy(&h1, y, 4);
		memcpy(&h2, x + n - 4, 4);
		memcpy(&h3, y + n - 4, 4);
		return ((h0 ^ h1) | (h2 ^ h3)) == 0;
	}
	return n == 0 || (x[0] == y[0] && x[n / 2] == y[n / 2] && x[n - 1] == y[n - 1]);
}

/* a and b are the same number (-0.0 equals 0.0; a NaN equals everything, which no caller
 * meets), compared without tripping -Wfloat-equal. */
static inline bool
same_double(double a, double b)
{
	return !(a < b) && !(a > b);
}

#endif
