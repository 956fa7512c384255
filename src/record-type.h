/* record-type.h - struct record, one validated record (SPEC section 2), alone: what both
 * parsers fill (record.c on the jansson path, fastpath.c) and every reader of records takes,
 * without the parser's interface (record.h). */
#ifndef PR_RECORD_TYPE_H
#define PR_RECORD_TYPE_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

struct record {
	int64_t ts_us;        /* UTC microseconds */
	const char *op;       /* operation_type: valid UTF-8, non-empty; NOT NUL-terminated
	                         (use op_len), as are the other strings here */
	size_t op_len;
	double duration_ms;   /* finite, >= 0 */
	bool success;         /* given, or derived: true exactly when error is absent or null */
	bool success_given;
	const char *session_id; /* NULL when absent or null */
	size_t session_len;
	const char *error;      /* NULL when absent or null; "" counts as an error */
	size_t error_len;
	bool timeless;          /* no time (SPEC section 16: a null timestamp from --jq or a
	                           format); ts_us is then INT64_MIN, inside only windows open
	                           below (compare, export) */
	const char *dur_text;   /* fast path only: duration_ms as written in the input when that
	                           is exactly numfmt_json's text for the value, else NULL */
	size_t dur_text_len;
};

#endif
