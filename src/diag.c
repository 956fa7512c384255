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

bool
diag_quiet(void)
{
	return diag_is_quiet;
}

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
diag_note(const char *fmt, ...)
{
	va_list ap;

	if (diag_is_quiet)
		return;
	va_start(ap, fmt);
	diag_vprint(fmt, ap);
	va_end(ap);
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when invalid. */
static size_t
utf8_seq_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

char *
diag_sanitize(const char *s, size_t len, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t cap = len * 4 + 8, o = 0, i = 0, n;
	char *out = xmalloc(cap);

	while (i < len) {
		if (o >= max) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (u[i] == '\n')
			o += (size_t)sprintf(out + o, "\\n"), i++;
		else if (u[i] == '\t')
			o += (size_t)sprintf(out + o, "\\t"), i++;
		else if (u[i] == '\r')
			o += (size_t)sprintf(out + o, "\\r"), i++;
		else if (u[i] < 0x20 || u[i] == 0x7f)
			o += (size_t)sprintf(out + o, "\\x%02X", u[i]), i++;
		else if ((n = utf8_seq_len(u + i, len - i)) == 0)
			o += (size_t)sprintf(out + o, "\\x%02X", u[i]), i++;
		else {
			memcpy(out + o, u + i, n);
			o += n;
			i += n;
		}
	}
	out[o] = '\0';
	return out;
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
