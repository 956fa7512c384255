/* group.c - group keys of --by: encoding, decoding, display. */
#include "group.h"

#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "xalloc.h"

enum group_src
group_src_of(const char *key)
{
	if (strcmp(key, "operation_type") == 0)
		return GROUP_OP;
	if (strcmp(key, "session_id") == 0)
		return GROUP_SESSION;
	if (strcmp(key, "error") == 0)
		return GROUP_ERROR;
	if (strcmp(key, "success") == 0)
		return GROUP_SUCCESS;
	return GROUP_EXTRA;
}

static void
group_byte(struct group_buf *b, char c)
{
	if (b->n + 2 > b->cap)
		xgrow(&b->s, &b->cap, b->n + 2, 1);
	b->s[b->n++] = c;
	b->s[b->n] = '\0';
}

void
group_put(struct group_buf *b, const char *s, size_t len)
{
	if (s != NULL) {
		xgrow(&b->s, &b->cap, b->n + 2 * len + 4, 1);
		b->s[b->n++] = 0x02;
		for (size_t i = 0; i < len; i++) {
			b->s[b->n++] = s[i];
			if (s[i] == 0x01)
				b->s[b->n++] = 0x02;
		}
	}
	group_byte(b, 0x01);
	group_byte(b, 0x01);
}

char *
group_encode(char *const *values, size_t n)
{
	struct group_buf b = {0};

	for (size_t k = 0; k < n; k++)
		group_put(&b, values[k], strlen(values[k]));
	return b.s;
}

void
group_put_other(struct group_buf *b)
{
	group_byte(b, 0x03);
	group_byte(b, 0x01);
	group_byte(b, 0x01);
}

void
group_key(struct group_buf *b, char *const *keys, size_t n, const struct record *r,
    struct record_parser *p)
{
	group_key_spill(b, keys, n, r, p, n);
}

void
group_key_spill(struct group_buf *b, char *const *keys, size_t n, const struct record *r,
    struct record_parser *p, size_t keep)
{
	b->n = 0;
	group_byte(b, 0x01); /* make sure b->s exists */
	b->n = 0;
	for (size_t i = 0; i < n; i++) {
		const char *v = NULL;
		size_t len = 0;
		bool scalar;

		switch (group_src_of(keys[i])) {
		case GROUP_OP:
			v = r->op;
			len = r->op_len;
			break;
		case GROUP_SESSION:
			if (i >= keep) {
				group_put_other(b);
				continue;
			}
			v = r->session_id;
			len = r->session_len;
			break;
		case GROUP_ERROR:
			if (i >= keep) {
				group_put_other(b);
				continue;
			}
			v = r->error;
			len = r->error_len;
			break;
		case GROUP_SUCCESS:
			if (i >= keep) {
				group_put_other(b);
				continue;
			}
			v = r->success ? "true" : "false";
			len = strlen(v);
			break;
		case GROUP_EXTRA:
			if (i >= keep) {
				group_put_other(b);
				continue;
			}
			v = record_extra_scalar(p, &len, &scalar);
			if (!scalar)
				v = NULL;
			break;
		}
		group_put(b, v, len);
	}
}

size_t
group_decode(const char *key, size_t len, char **out, size_t max)
{
	size_t i = 0, k = 0;

	while (i < len) {
		struct group_buf v = {0};
		bool absent = key[i] == 0x01, other = key[i] == 0x03;

		if (!absent && !other && key[i] != 0x02)
			return (size_t)-1;
		if (!absent)
			i++;
		if (other && (i + 1 >= len || key[i] != 0x01 || key[i + 1] != 0x01))
			return (size_t)-1;
		for (;;) {
			if (i >= len)
				goto bad;
			if (key[i] == 0x01) {
				if (i + 1 >= len)
					goto bad;
				if (key[i + 1] == 0x01)
					break;
				if (key[i + 1] != 0x02)
					goto bad;
				group_byte(&v, 0x01);
				i += 2;
				continue;
			}
			group_byte(&v, key[i++]);
		}
		i += 2;
		if (k < max)
			out[k] = absent ? xstrdup(GROUP_NONE) : other ? xstrdup(GROUP_OTHER) :
			    v.s ? v.s : xstrdup("");
		if (k >= max || absent || other)
			free(v.s);
		k++;
		continue;
bad:
		free(v.s);
		return (size_t)-1;
	}
	return k;
}

char *
group_display(char *const *values, size_t n)
{
	size_t len = 1;
	char *s;

	for (size_t i = 0; i < n; i++)
		len += strlen(values[i]) + strlen(GROUP_SEP);
	s = xmalloc(len);
	s[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strcat(s, GROUP_SEP);
		strcat(s, values[i]);
	}
	return s;
}

void
group_buf_free(struct group_buf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

char *
group_part(const char *key, size_t len, size_t idx)
{
	char *v[MAX_BY] = {0}, *s;
	size_t n = group_decode(key, len, v, MAX_BY);

	if (n == (size_t)-1)
		return NULL;
	if (n > MAX_BY)
		n = MAX_BY;
	s = idx < n ? v[idx] : NULL;
	for (size_t i = 0; i < n; i++)
		if (i != idx)
			free(v[i]);
	return s;
}

int
group_op_index(char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (group_src_of(keys[i]) == GROUP_OP)
			return (int)i;
	return -1;
}

char *
group_op_name(char *const *keys, size_t n, const char *key, size_t len)
{
	int i;

	if (n == 0)
		return xstrndup(key, len);
	if ((i = group_op_index(keys, n)) < 0)
		return NULL;
	return group_part(key, len, (size_t)i);
}
