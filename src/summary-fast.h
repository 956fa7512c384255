/* summary-fast.h - summary.c's own reader of data lines of the shape summary_write writes
 * (SPEC section 18), without building a JSON tree: the keys in the written order, each
 * once, ASCII strings without escapes, numbers of JSON's grammar without a sign. A line of
 * that shape that passes every check of the strict (jansson) reader is read here; any
 * other line, valid or not, is left to the strict reader, which then reads it or names
 * what is wrong with it exactly as before. So the fast reader changes no result and no
 * message, only the time (tests/fuzz/fuzz-summary.c holds the two side by side).
 *
 * Private to the summary module (summary.c and summary-fast.c; no I/O, no formatting). */
#ifndef PR_SUMMARY_FAST_H
#define PR_SUMMARY_FAST_H

#include <stdbool.h>
#include <stddef.h>

#include "summary.h"

/* Read data line text[0..len) (no newline, no trailing CR) of a summary with header h into
 * l (zeroed by the caller, its sketch mapped with h->gamma, sorted set): true when read, l
 * then holding what the strict reader would have read; false when the line is the strict
 * reader's, l then zeroed and mapped again as it came. *scratch (heap, *cap slots, grown
 * as needed; the caller frees it) holds a histogram's counts while they are read. */
bool summary_fast_line(const struct summary_header *h, const char *text, size_t len,
    struct summary_line *l, uint64_t **scratch, size_t *cap);

#endif
