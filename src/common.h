/* common.h - program name, exit statuses and attributes shared by every module. */
#ifndef PR_COMMON_H
#define PR_COMMON_H

#ifdef HAVE_CONFIG_H
#include <config.h>
#endif
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* a and b are the same number (-0.0 equals 0.0; a NaN equals everything, which no caller
 * meets), compared without tripping -Wfloat-equal. */
static inline bool
same_double(double a, double b)
{
	return !(a < b) && !(a > b);
}

#endif
