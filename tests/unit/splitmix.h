/* splitmix.h - splitmix64 (Steele, Lea and Flood 2014): a fixed sequence of 64-bit numbers
 * from a seed, for the unit tests that compare two ways of computing over millions of
 * inputs (test-fastpath, test-fieldmap). */
#ifndef PR_TEST_SPLITMIX_H
#define PR_TEST_SPLITMIX_H

#include <stdint.h>

/* The next number of the sequence whose state is *state. */
static inline uint64_t
splitmix_next(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

#endif
