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
tally_add(struct malformed_tally *t, const char *file, uint64_t line, const char *reason)
{
	if (t->count++ == 0)
		t->first = xasprintf("%s:%llu: %s", file, (unsigned long long)line, reason);
}

void
tally_report(const struct malformed_tally *t)
{
	if (t->count == 0)
		return;
	diag_note("skipped %llu malformed line%s; first: %s (use --strict to stop at the first bad line)",
	    (unsigned long long)t->count, t->count == 1 ? "" : "s", t->first);
}

void
tally_free(struct malformed_tally *t)
{
	free(t->first);
	t->first = NULL;
	t->count = 0;
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
