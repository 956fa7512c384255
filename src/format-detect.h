/* format-detect.h - finding the format of a source (SPEC section 16, "Finding the
 * format"): a source none of whose first lines is a record is tried against the built-in
 * formats that cli_parse made ready (options.detect). Once per source, before it is read. */
#ifndef PR_FORMAT_DETECT_H
#define PR_FORMAT_DETECT_H

#include "line-reader.h"
#include "options.h"

/* Non-blank lines looked at. */
#define FORMAT_DETECT_LINES 100
/* A regular file's first lines are read by chunks of this many bytes. */
#define FORMAT_DETECT_CHUNK ((size_t)64 * 1024)

/* The fieldmap source r is to be read with: o->fields, unless o->detect holds formats and
 * the first FORMAT_DETECT_LINES non-blank lines of r hold lines but no valid record under
 * o->fields; then that of the format that yields the most valid records from those lines
 * (at least one; a tie goes to the earlier in o->detect), with the note "FILE: read as
 * NAME output (--log-format NAME)" on standard error (*name, when not NULL, gets NAME);
 * none yields one: o->fields. A regular file's lines are read at offsets
 * (lr_read_chunk: nothing of the reader changes); any other input's come from its first
 * block (lr_peek_block, which the scan then reads first), so its first 100 lines are
 * those of its first block (about LR_BLOCK_BYTES). */
const struct fieldmap *format_detect(const struct options *o, struct line_reader *r,
    const char **name);

#endif
