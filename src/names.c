/* names.c - exact-or-glob name matching and nearest-name suggestions. */
#include "names.h"

#include <fnmatch.h>
#include <string.h>

bool
names_is_glob(const char *pattern)
{
	return strpbrk(pattern, "*?[") != NULL;
}

bool
names_match(const char *pattern, const char *name)
{
	if (!names_is_glob(pattern))
		return strcmp(pattern, name) == 0;
	return fnmatch(pattern, name, 0) == 0;
}

size_t
names_distance(const char *a, const char *b)
{
	size_t row[NAMES_DISTANCE_MAX + 1], la = strlen(a), lb = strlen(b), i, j;
	size_t diag, up, best;

	if (la > NAMES_DISTANCE_MAX || lb > NAMES_DISTANCE_MAX)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *
names_nearest(const char *word, const char *const *names, size_t n, size_t max_dist)
{
	const char *best = NULL;
	size_t best_d = max_dist + 1;

	for (size_t i = 0; i < n; i++) {
		size_t d = names_distance(word, names[i]);

		if (d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	return best;
}
