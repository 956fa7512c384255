/* sink.c - standard output, or a file written whole or not at all. */
#include "sink.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "xalloc.h"

int
sink_open(struct sink *s, const char *path)
{
	int fd;
	struct stat st;
	mode_t mask;
	const char *slash;

	memset(s, 0, sizeof(*s));
	if (path == NULL || strcmp(path, "-") == 0) {
		s->fp = stdout;
		s->display = "standard output";
		return 0;
	}
	s->path = xstrdup(path);
	s->display = s->path;
	/* A device, pipe or socket (-o /dev/null, -o /dev/stderr) is written in place: a
	 * temporary renamed over it would replace the device with a plain file. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			diag_error("%s: is a directory", path);
			free(s->path);
			s->path = NULL;
			return -1;
		}
		s->fp = fopen(path, "w");
		if (s->fp == NULL) {
			diag_error("%s: cannot open for writing: %s", path, strerror(errno));
			free(s->path);
			s->path = NULL;
			return -1;
		}
		s->in_place = true;
		return 0;
	}
	/* The temporary lives beside the target so that rename() is atomic. */
	slash = strrchr(path, '/');
	if (slash == NULL)
		s->tmp = xstrdup(".perf-reporter.XXXXXX");
	else
		s->tmp = xasprintf("%.*s/.perf-reporter.XXXXXX", (int)(slash - path), path);
	fd = mkstemp(s->tmp);
	if (fd < 0) {
		diag_error("%s: cannot create output file: %s", path, strerror(errno));
		free(s->tmp);
		free(s->path);
		s->tmp = s->path = NULL;
		return -1;
	}
	/* mkstemp makes the file 0600; give the result the mode a plain creat() would. */
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	s->fp = fdopen(fd, "w");
	if (s->fp == NULL) {
		diag_error("%s: %s", path, strerror(errno));
		close(fd);
		unlink(s->tmp);
		return -1;
	}
	return 0;
}

void
sink_abort(struct sink *s)
{
	if (s->path != NULL) {
		if (s->fp != NULL)
			fclose(s->fp);
		if (s->tmp != NULL)
			unlink(s->tmp);
		free(s->tmp);
		free(s->path);
	}
	memset(s, 0, sizeof(*s));
}

int
sink_commit(struct sink *s)
{
	int err = 0;

	if (fflush(s->fp) != 0 || ferror(s->fp))
		err = errno ? errno : EIO;
	if (s->path == NULL) {
		if (err != 0 && err != EPIPE) {
			diag_error("write error on %s: %s", s->display, strerror(err));
			return -1;
		}
		return 0;
	}
	if (s->in_place) {
		if (fclose(s->fp) != 0 && err == 0)
			err = errno;
		s->fp = NULL;
		if (err != 0 && err != EPIPE) {
			diag_error("%s: write error: %s", s->path, strerror(err));
			free(s->path);
			memset(s, 0, sizeof(*s));
			return -1;
		}
		free(s->path);
		memset(s, 0, sizeof(*s));
		return 0;
	}
	if (err == 0 && fsync(fileno(s->fp)) != 0 && errno != EINVAL)
		err = errno;
	if (fclose(s->fp) != 0 && err == 0)
		err = errno;
	s->fp = NULL;
	if (err == 0 && rename(s->tmp, s->path) != 0)
		err = errno;
	if (err != 0) {
		diag_error("%s: write error: %s", s->path, strerror(err));
		sink_abort(s);
		return -1;
	}
	free(s->tmp);
	free(s->path);
	memset(s, 0, sizeof(*s));
	return 0;
}
