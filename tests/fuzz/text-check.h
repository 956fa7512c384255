/* text-check.h - checks on the text the program writes, shared by the fuzz targets of
 * documents (fuzz-records, fuzz-jq). */
#ifndef PR_FUZZ_TEXT_CHECK_H
#define PR_FUZZ_TEXT_CHECK_H

#include <stdbool.h>

/* True when s is one printable line (no control byte). */
static inline bool
fz_one_line(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

#endif
