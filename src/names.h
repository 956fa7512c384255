/* names.h - operation names as the user gives them: exact names or globs (--op and the
 * targets file), and the nearest known name for a message that suggests a correction. */
#ifndef PR_NAMES_H
#define PR_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/* True when pattern is a glob: it holds '*', '?' or '['. */
bool names_is_glob(const char *pattern);

/* True when name matches pattern: byte for byte when pattern is no glob, else by
 * fnmatch(3) without flags ('*' also matches '/' and a leading '.'). */
bool names_match(const char *pattern, const char *name);

/* Levenshtein distance between a and b (bytes), or (size_t)-1 when either is longer than
 * NAMES_DISTANCE_MAX bytes (such words are not typos worth suggesting against). */
#define NAMES_DISTANCE_MAX 64
size_t names_distance(const char *a, const char *b);

/* The entry of names[0..n) nearest to word, if its distance is at most max_dist; ties go
 * to the earlier entry. NULL when none qualifies. */
const char *names_nearest(const char *word, const char *const *names, size_t n,
    size_t max_dist);

#endif
