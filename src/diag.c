/* diag.c - messages, malformed-line tally and progress, all on standard error. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xalloc.h"

static bool diag_is_quiet;

void
diag_set_quiet(bool quiet)
{
	diag_is_quiet = quiet;
}

static void diag_vprint(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static void
diag_vprint(const char *fmt, va_list ap)
{
	fputs(PROGRAM_NAME ": ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	fflush(stderr);
}

void
diag_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vprint(fmt, ap);
	va_end(ap);
}

void
diag_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vprint(fmt, ap);
	va_end(ap);
	exit(EXIT_TROUBLE);
}

void
diag_note(const char *fmt, ...)
{
	va_list ap;

	if (diag_is_quiet)
		return;
	va_start(ap, fmt);
	diag_vprint(fmt, ap);
	va_end(ap);
}

void
tally_reason_key(const char *why, char *key, size_t size)
{
	size_t n = 0;
	char quote = 0;
	int paren = 0;

	for (size_t i = 0; why[i] != '\0' && n + 1 < size; i++) {
		char c = why[i];

		if (quote != 0) {
			/* Inside a quoted value: left out, up to its closing quote. */
			if (c == '\\' && why[i + 1] != '\0')
				i++;
			else if (c == quote) {
				quote = 0;
				key[n++] = c;
			}
			continue;
		}
		if (c == '"' || c == '\'') {
			quote = c;
			key[n++] = c;
			/* A field label at the very start is kept: it names the field. */
			if (i == 0 && c == '"') {
				for (i++; why[i] != '\0' && why[i] != '"' && n + 1 < size; i++)
					key[n++] = why[i];
				if (why[i] == '\0')
					break;
				quote = 0;
				if (n + 1 < size)
					key[n++] = '"';
			}
			continue;
		}
		if (c == '(')
			paren++;
		else if (c == ')' && paren > 0)
			paren--;
		else if (paren == 0 && !(c >= '0' && c <= '9'))
			key[n++] = c;
	}
	while (n > 0 && key[n - 1] == ' ')
		n--;
	key[n] = '\0';
}

void
tally_add(struct malformed_tally *t, uint64_t count, const char *file, uint64_t line,
    const char *why)
{
	char key[TALLY_KEY_SIZE];
	struct tally_reason *r = NULL;

	if (count == 0)
		return;
	if (t->count == 0)
		t->first = xasprintf("%s:%llu: %s", file, (unsigned long long)line, why);
	t->count += count;
	tally_reason_key(why, key, sizeof(key));
	for (size_t i = 0; i < t->n_reasons && r == NULL; i++)
		if (strcmp(t->reasons[i].key, key) == 0)
			r = &t->reasons[i];
	if (r == NULL) {
		xgrow(&t->reasons, &t->cap_reasons, t->n_reasons + 1, sizeof(*t->reasons));
		r = &t->reasons[t->n_reasons++];
		memcpy(r->key, key, sizeof(key));
		r->count = 0;
		r->first = xasprintf("%s:%llu: %s", file, (unsigned long long)line, why);
	}
	r->count += count;
}

char *
tally_reasons_text(const struct malformed_tally *t)
{
	size_t shown[TALLY_SHOWN], n = 0;
	uint64_t rest = t->count;
	char *text = xstrdup(""), *next;

	/* The commonest first; of equal counts, the one added first. */
	for (size_t k = 0; k < TALLY_SHOWN && k < t->n_reasons; k++) {
		size_t best = SIZE_MAX;

		for (size_t i = 0; i < t->n_reasons; i++) {
			bool taken = false;

			for (size_t j = 0; j < n; j++)
				taken |= shown[j] == i;
			if (!taken && (best == SIZE_MAX || t->reasons[i].count > t->reasons[best].count))
				best = i;
		}
		shown[n++] = best;
	}
	for (size_t j = 0; j < n; j++) {
		const struct tally_reason *r = &t->reasons[shown[j]];

		next = xasprintf("%s%s%llu like %s", text, j > 0 ? "; " : "",
		    (unsigned long long)r->count, r->first);
		free(text);
		text = next;
		rest -= r->count;
	}
	if (rest > 0) {
		next = xasprintf("%s%s%llu of other reasons", text, n > 0 ? "; " : "",
		    (unsigned long long)rest);
		free(text);
		text = next;
	}
	return text;
}

void
tally_report(const struct malformed_tally *t)
{
	char *text;

	if (t->count == 0)
		return;
	if (t->n_reasons <= 1) {
		diag_note("skipped %llu malformed line%s; first: %s (use --strict to stop at the "
		    "first bad line)", (unsigned long long)t->count, t->count == 1 ? "" : "s",
		    t->first);
		return;
	}
	text = tally_reasons_text(t);
	diag_note("skipped %llu malformed lines by reason: %s (use --strict to stop at the first "
	    "bad line)", (unsigned long long)t->count, text);
	free(text);
}

void
tally_free(struct malformed_tally *t)
{
	for (size_t i = 0; i < t->n_reasons; i++)
		free(t->reasons[i].first);
	free(t->reasons);
	free(t->first);
	memset(t, 0, sizeof(*t));
}

static double
monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
progress_init(struct progress *p)
{
	memset(p, 0, sizeof(*p));
	p->enabled = !diag_is_quiet && isatty(STDERR_FILENO);
	p->started = monotonic_seconds();
}

void
progress_update(struct progress *p, const char *name, uint64_t done, uint64_t total)
{
	double now;

	if (!p->enabled)
		return;
	now = monotonic_seconds();
	if (now - p->started < 1.0 || now - p->last_drawn < 0.2)
		return;
	p->last_drawn = now;
	p->shown = true;
	if (total > 0)
		fprintf(stderr, "\r\033[K" PROGRAM_NAME ": reading %s: %.1f of %.1f MB (%.0f%%)", name,
		    (double)done / 1e6, (double)total / 1e6, 100.0 * (double)done / (double)total);
	else
		fprintf(stderr, "\r\033[K" PROGRAM_NAME ": reading %s: %.1f MB", name, (double)done / 1e6);
	fflush(stderr);
}

void
progress_clear(struct progress *p)
{
	if (p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->shown = false;
}
