/* group.h - the group key of a record under --by (SPEC section 14).
 *
 * A group is the tuple of the --by keys' values, in --by order. operation_type,
 * session_id, error and success come from the record; any other key (context.PATH, a
 * top-level key, a dot path) is the fieldmap's one extra slot (fm_set_extra), so that at
 * most one such key can be named across --by and --explain. A value is a string's own
 * text, a number's or a boolean's JSON text; null, an object, an array and absence are
 * "(none)" (GROUP_NONE).
 *
 * The tuple is encoded once per record into one byte string, interned by the aggregate
 * in place of the operation name: each part is 0x02, its bytes with 0x01 written as
 * 0x01 0x02, then 0x01 0x01; an absent part is 0x01 0x01 alone, the merged rest of
 * --max-groups ("(other)") 0x03 0x01 0x01. No two tuples share an
 * encoding (no separator can collide), no encoding is a prefix of another tuple's with
 * more parts, and bytewise order of encodings is the order of the tuples part by part.
 * Without grouping (no --by, or --by operation_type) the key is the operation name
 * itself, unchanged, and nothing here runs. */
#ifndef PR_GROUP_H
#define PR_GROUP_H

#include <stddef.h>
#include "record.h"

#define GROUP_NONE "(none)"
#define GROUP_OTHER "(other)"
/* Separator of the values in a row's display name (struct op_row.operation). */
#define GROUP_SEP " / "

/* Where a key's value comes from. */
enum group_src { GROUP_OP, GROUP_SESSION, GROUP_ERROR, GROUP_SUCCESS, GROUP_EXTRA };

enum group_src group_src_of(const char *key);

struct group_buf {
	char *s;
	size_t n, cap;
};

/* The encoding of r's values for keys[0..n) into b (b->s NUL-terminated, b->n its
 * length). p gives the extra slot. */
void group_key(struct group_buf *b, char *const *keys, size_t n, const struct record *r,
    struct record_parser *p);
/* The same, with every part from index keep on, but operation_type, as "(other)": the
 * group a record goes to when its own is not kept (--max-groups). */
void group_key_spill(struct group_buf *b, char *const *keys, size_t n,
    const struct record *r, struct record_parser *p, size_t keep);
/* Append one more part (s NULL: absent) to b; group_put_other appends "(other)". */
void group_put(struct group_buf *b, const char *s, size_t len);
void group_put_other(struct group_buf *b);
/* Decode key[0..len) into at most max heap strings (absent parts as GROUP_NONE); returns
 * how many parts it had, or (size_t)-1 when it is no encoding. */
size_t group_decode(const char *key, size_t len, char **out, size_t max);
/* The encoding of the shown values[0..n) (heap), each part as group_put of the string (so
 * "(none)" and "(other)" are strings here): what rows from different sources (a report, a
 * saved report) are matched on, key by key. */
char *group_encode(char *const *values, size_t n); /* n > 0 */
/* The display of a group: its values joined by GROUP_SEP (heap). */
char *group_display(char *const *values, size_t n);
void group_buf_free(struct group_buf *b);
/* Part idx of key[0..len) (heap; GROUP_NONE when absent), or NULL when there is none. */
char *group_part(const char *key, size_t len, size_t idx);
/* Index of operation_type among the --by keys keys[0..n), or -1. */
int group_op_index(char *const *keys, size_t n);
/* The operation name in an aggregate key (heap): the key itself without grouping (n 0),
 * its operation_type part with the keys[0..n), NULL when they do not name
 * operation_type. */
char *group_op_name(char *const *keys, size_t n, const char *key, size_t len);

#endif
