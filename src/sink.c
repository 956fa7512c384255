/* sink.c - standard output, or a file written whole or not at all. */
#include "sink.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_STDIO_EXT_H
#include <stdio_ext.h>
#endif

#include "diag.h"
#include "pager.h"
#include "xalloc.h"

#ifdef HAVE_FOPENCOOKIE
#define SINK_OWNS_FD 1 /* the stream does not close s->fd: sink_close does */
#else
#define SINK_OWNS_FD 0 /* fclose closes s->fd */
#endif

#ifdef HAVE_FOPENCOOKIE
/* The stream's write function: every byte to s->fd, remembering the first failure's errno.
 * A short count tells stdio that the write failed. */
static ssize_t
sink_cookie_write(void *cookie, const char *buf, size_t n)
{
	struct sink *s = cookie;
	size_t done = 0;

	while (done < n) {
		ssize_t w = write(s->fd, buf + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (s->write_err == 0)
				s->write_err = w < 0 ? errno : EIO;
			break;
		}
		done += (size_t)w;
	}
	return (ssize_t)done;
}
#endif

/* A stream writing to s->fd; NULL (errno set) only when fdopen fails. */
static FILE *
sink_stream(struct sink *s)
{
#ifdef HAVE_FOPENCOOKIE
	cookie_io_functions_t io = {.write = sink_cookie_write};
	FILE *fp = fopencookie(s, "w", io);

	if (fp == NULL || setvbuf(fp, NULL, _IOFBF, 64 * 1024) != 0)
		xalloc_die(); /* they only allocate */
#ifdef HAVE_STDIO_EXT_H
	/* One thread writes at a time (export's workers take turns under a mutex): no lock
	 * per character. */
	__fsetlocking(fp, FSETLOCKING_BYCALLER);
#endif
	return fp;
#else
	return s->fd == STDOUT_FILENO ? stdout : fdopen(s->fd, "w");
#endif
}

/* The errno of what failed: the first failed write, else the final flush's own failure
 * (errno cleared before it). 0 when nothing failed; -1 when something did (the stream's
 * error flag) but the cause is unknown. */
static int
sink_flush(struct sink *s)
{
	bool failed;

	errno = 0;
	failed = fflush(s->fp) != 0;
	if (s->write_err != 0)
		return s->write_err;
	if (failed)
		return errno != 0 ? errno : -1;
	return ferror(s->fp) ? -1 : 0;
}

/* "WHERE: write error[: REASON]" for err (an errno, or -1: unknown). */
static void
sink_report(const struct sink *s, int err)
{
	if (s->path == NULL && err > 0)
		diag_error("write error on %s: %s", s->display, strerror(err));
	else if (s->path == NULL)
		diag_error("write error on %s", s->display);
	else if (err > 0)
		diag_error("%s: write error: %s", s->path, strerror(err));
	else
		diag_error("%s: write error", s->path);
}

int
sink_open(struct sink *s, const char *path)
{
	struct stat st;
	mode_t mask;
	const char *slash;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	if (path == NULL || strcmp(path, "-") == 0) {
		s->fd = STDOUT_FILENO;
		s->display = "standard output";
		pager_begin(); /* when main.c armed one: standard output becomes its pipe */
		fflush(stdout); /* nothing is pending; but nothing may follow out of order */
		s->fp = sink_stream(s);
		if (s->fp == NULL) {
			diag_error("standard output: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	s->path = xstrdup(path);
	s->display = s->path;
	/* A device, pipe or socket (-o /dev/null, -o /dev/stderr) is written in place: a
	 * temporary renamed over it would replace the device with a plain file. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			diag_error("%s: is a directory", path);
			goto fail;
		}
		if ((s->fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)) < 0) {
			diag_error("%s: cannot open for writing: %s", path, strerror(errno));
			goto fail;
		}
		s->in_place = true;
	} else {
		/* The temporary lives beside the target so that rename() is atomic. */
		slash = strrchr(path, '/');
		if (slash == NULL)
			s->tmp = xstrdup(".perf-reporter.XXXXXX");
		else
			s->tmp = xasprintf("%.*s/.perf-reporter.XXXXXX", (int)(slash - path), path);
		if ((s->fd = mkstemp(s->tmp)) < 0) {
			diag_error("%s: cannot create output file: %s", path, strerror(errno));
			goto fail;
		}
		/* mkstemp makes the file 0600; give the result the mode a plain creat() would. */
		mask = umask(0);
		umask(mask);
		(void)fchmod(s->fd, 0666 & ~mask);
	}
	if ((s->fp = sink_stream(s)) == NULL) {
		diag_error("%s: %s", path, strerror(errno));
		goto fail;
	}
	return 0;
fail:
	sink_abort(s);
	return -1;
}

void
sink_abort(struct sink *s)
{
	bool fd_open = s->path != NULL && s->fd >= 0 && !s->closed &&
	    (SINK_OWNS_FD || s->fp == NULL);

	if (s->fp != NULL && s->fp != stdout)
		fclose(s->fp);
	if (fd_open)
		close(s->fd);
	if (s->tmp != NULL)
		unlink(s->tmp);
	free(s->tmp);
	free(s->path);
	memset(s, 0, sizeof(*s));
	s->fd = -1;
}

int
sink_close(struct sink *s)
{
	int err = sink_flush(s);

	if (err == 0 && s->tmp != NULL && fsync(s->fd) != 0 && errno != EINVAL)
		err = errno;
	errno = 0;
	if (s->fp != stdout && fclose(s->fp) != 0 && err == 0)
		err = errno != 0 ? errno : -1;
	s->fp = NULL;
	if (SINK_OWNS_FD && s->path != NULL && close(s->fd) != 0 && err == 0)
		err = errno;
	s->closed = true;
	/* A closed pipe ends quietly (SPEC section 7). */
	if (err != 0 && !(err == EPIPE && (s->path == NULL || s->in_place))) {
		sink_report(s, err);
		return -1;
	}
	return 0;
}

int
sink_publish(struct sink *s)
{
	if (s->tmp != NULL && rename(s->tmp, s->path) != 0) {
		sink_report(s, errno);
		sink_abort(s);
		return -1;
	}
	free(s->tmp);
	free(s->path);
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	return 0;
}

int
sink_commit(struct sink *s)
{
	if (sink_close(s) < 0) {
		sink_abort(s);
		return -1;
	}
	return sink_publish(s);
}

int
sink_commit_group(struct sink *const *s, size_t n, bool emitted)
{
	bool closed = true;
	char **names;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < n && closed; i++)
		closed = sink_close(s[i]) == 0;
	if (!closed || !emitted) {
		for (i = 0; i < n; i++)
			sink_abort(s[i]);
		return closed ? 0 : -1;
	}
	/* sink_publish forgets a sink's name: keep them for the message */
	names = xcalloc(n + 1, sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = s[i]->path != NULL ? xstrdup(s[i]->path) : NULL;
	for (i = 0; i < n && rc == 0; i++) {
		if (sink_publish(s[i]) == 0)
			continue;
		rc = -1;
		for (j = 0; j < i; j++)
			if (names[j] != NULL)
				diag_error("%s was replaced already: it does not match %s, which "
				    "was not", names[j], names[i]);
		for (j = i + 1; j < n; j++)
			sink_abort(s[j]);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}
