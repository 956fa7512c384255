/* jq-filter.c - --jq FILTER through libjq: compile, convert jansson -> jv, run, print. */
#include "jq-filter.h"

#include <jansson.h>
#include <jq.h>
#include <jv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xalloc.h"

struct jqf {
	jq_state *jq;
	char *msg; /* what jq said through its error callback since the last look (heap) */
};

/* jq's error callback: keep its messages, joined by "; " on one line. */
static void
jqf_error_cb(void *data, jv msg)
{
	struct jqf *q = data;
	char *s, *joined;

	if (jv_get_kind(msg) != JV_KIND_STRING)
		msg = jv_dump_string(msg, 0);
	/* Multi-line messages (the filter quoted) on one line, control bytes escaped. */
	s = utf8_escape_cut(jv_string_value(msg), (size_t)jv_string_length_bytes(jv_copy(msg)),
	    400);
	jv_free(msg);
	if (q->msg == NULL)
		q->msg = s;
	else {
		joined = xasprintf("%s; %s", q->msg, s);
		free(q->msg);
		free(s);
		q->msg = joined;
	}
}

struct jqf *
jqf_new(const char *filter, char **err)
{
	struct jqf *q = xcalloc(1, sizeof(*q));

	*err = NULL;
	if ((q->jq = jq_init()) == NULL)
		xalloc_die();
	jq_set_error_cb(q->jq, jqf_error_cb, q);
	if (!jq_compile(q->jq, filter)) {
		*err = q->msg != NULL ? q->msg : xstrdup("the filter does not compile");
		q->msg = NULL;
		jqf_free(q);
		return NULL;
	}
	free(q->msg);
	q->msg = NULL;
	return q;
}

void
jqf_free(struct jqf *q)
{
	if (q == NULL)
		return;
	jq_teardown(&q->jq);
	free(q->msg);
	free(q);
}

/* A jansson value as a jq value (a direct walk: no text in between). */
static jv
jqf_from_json(const json_t *v)
{
	jv out;
	const char *key;
	json_t *m;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		out = jv_object();
		json_object_foreach((json_t *)v, key, m)
			out = jv_object_set(out, jv_string(key), jqf_from_json(m));
		return out;
	case JSON_ARRAY:
		out = jv_array_sized((int)json_array_size(v));
		json_array_foreach(v, i, m)
			out = jv_array_append(out, jqf_from_json(m));
		return out;
	case JSON_STRING:
		return jv_string_sized(json_string_value(v), (int)json_string_length(v));
	case JSON_INTEGER:
		return jv_number((double)json_integer_value(v));
	case JSON_REAL:
		return jv_number(json_real_value(v));
	case JSON_TRUE:
		return jv_true();
	case JSON_FALSE:
		return jv_false();
	case JSON_NULL:
	default:
		return jv_null();
	}
}

long
jqf_run(struct jqf *q, const void *in, bool (*emit)(void *ctx, const char *text,
    size_t len), void *ctx, char *why, size_t why_size)
{
	long n = 0;
	jv r;

	jq_start(q->jq, jqf_from_json(in), 0);
	for (;;) {
		r = jq_next(q->jq);
		if (!jv_is_valid(r)) {
			if (jv_invalid_has_msg(jv_copy(r))) {
				jv m = jv_invalid_get_msg(r);

				char *text;

				if (jv_get_kind(m) != JV_KIND_STRING)
					m = jv_dump_string(m, 0);
				/* Its own text may hold anything: control bytes escaped. */
				text = utf8_escape_cut(jv_string_value(m),
				    (size_t)jv_string_length_bytes(jv_copy(m)), 200);
				snprintf(why, why_size, "jq: error: %s", text);
				free(text);
				jv_free(m);
				return -1;
			}
			jv_free(r);
			return n;
		}
		r = jv_dump_string(r, 0);
		n++;
		if (emit(ctx, jv_string_value(r), (size_t)jv_string_length_bytes(jv_copy(r)))) {
			jv_free(r);
			/* Let jq finish: jq_start of the next value resets it. */
			return n;
		}
		jv_free(r);
	}
}
