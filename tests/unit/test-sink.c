/* test-sink.c - the output sink: a file replaced whole on commit and untouched on abort or
 * failure, the two-step close/publish, devices written in place, and the reason given for
 * a write error: the failed write's own errno (not a stale one), EPIPE quiet on standard
 * output. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sink.h"

static char dir[] = "/tmp/test-sink.XXXXXX";

static void
make_dir(void)
{
	cr_assert_not_null(mkdtemp(dir));
}

/* Number of entries in dir besides . and .. */
static int
entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	cr_assert_not_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static char *
slurp(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	cr_assert_not_null(f, "%s", path);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

/* What was written to the redirected standard error. */
static char *
stderr_text(void)
{
	static char buf[4096];
	FILE *f;
	size_t n;

	fflush(stderr);
	f = cr_get_redirected_stderr();
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	return buf;
}

Test(sink, commit_replaces_the_file_whole)
{
	struct sink s;
	char path[64];

	make_dir();
	snprintf(path, sizeof(path), "%s/out.md", dir);
	put(path, "old\n");
	cr_assert_eq(sink_open(&s, path), 0);
	fputs("new report\n", s.fp);
	cr_assert_str_eq(slurp(path), "old\n", "replaced before the commit");
	cr_assert_eq(entries(), 2, "a temporary beside the target");
	cr_assert_eq(sink_commit(&s), 0);
	cr_assert_str_eq(slurp(path), "new report\n");
	cr_assert_eq(entries(), 1, "the temporary is gone");
}

Test(sink, abort_keeps_the_old_file_and_leaves_nothing)
{
	struct sink s;
	char path[64];

	make_dir();
	snprintf(path, sizeof(path), "%s/out.md", dir);
	put(path, "old\n");
	cr_assert_eq(sink_open(&s, path), 0);
	fputs("half a report", s.fp);
	sink_abort(&s);
	cr_assert_str_eq(slurp(path), "old\n");
	cr_assert_eq(entries(), 1);
}

Test(sink, close_then_publish)
{
	struct sink s;
	char path[64];

	make_dir();
	snprintf(path, sizeof(path), "%s/new.csv", dir);
	cr_assert_eq(sink_open(&s, path), 0);
	fputs("a,b\n", s.fp);
	cr_assert_eq(sink_close(&s), 0);
	cr_assert_eq(access(path, F_OK), -1, "the target exists before sink_publish");
	cr_assert_eq(sink_publish(&s), 0);
	cr_assert_str_eq(slurp(path), "a,b\n");
	cr_assert_eq(entries(), 1);
}

Test(sink, closed_but_aborted_removes_the_temporary)
{
	struct sink s;
	char path[64];

	make_dir();
	snprintf(path, sizeof(path), "%s/new.csv", dir);
	cr_assert_eq(sink_open(&s, path), 0);
	fputs("a,b\n", s.fp);
	cr_assert_eq(sink_close(&s), 0);
	sink_abort(&s);
	cr_assert_eq(entries(), 0);
}

Test(sink, mode_follows_the_umask)
{
	struct sink s;
	struct stat st;
	char path[64];

	make_dir();
	umask(027);
	snprintf(path, sizeof(path), "%s/out.md", dir);
	cr_assert_eq(sink_open(&s, path), 0);
	cr_assert_eq(sink_commit(&s), 0);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0640, "mode %o", st.st_mode & 0777);
}

Test(sink, directory_is_refused, .init = cr_redirect_stderr)
{
	struct sink s;

	make_dir();
	cr_assert_eq(sink_open(&s, dir), -1);
	cr_assert(strstr(stderr_text(), "is a directory") != NULL);
	cr_assert_eq(entries(), 0);
}

Test(sink, device_is_written_in_place)
{
	struct sink s;
	struct stat st;

	cr_assert_eq(sink_open(&s, "/dev/null"), 0);
	cr_assert(s.in_place);
	fputs("x\n", s.fp);
	cr_assert_eq(sink_commit(&s), 0);
	cr_assert_eq(stat("/dev/null", &st), 0);
	cr_assert(S_ISCHR(st.st_mode));
}

/* The buffer fails to go out (and stdio drops it), then errno is changed by something else
 * (isatty's ENOTTY, as stdio itself does): the message gives the write's own reason. */
Test(sink, full_device_names_the_write_errno_not_a_stale_one, .init = cr_redirect_stderr)
{
	struct sink s;
	char block[1000];

	if (access("/dev/full", W_OK) != 0)
		cr_skip_test("no /dev/full");
	memset(block, 'x', sizeof(block));
	cr_assert_eq(sink_open(&s, "/dev/full"), 0);
	for (int i = 0; i < 200; i++)
		fwrite(block, 1, sizeof(block), s.fp);
	fflush(s.fp);
	errno = ENOTTY;
	cr_assert_eq(sink_commit(&s), -1);
	cr_assert_str_eq(stderr_text(),
	    "perf-reporter: /dev/full: write error: No space left on device\n");
}

Test(sink, stdout_closed_pipe_is_quiet, .init = cr_redirect_stderr)
{
	struct sink s;
	int fds[2];
	char block[1000];

	memset(block, 'x', sizeof(block));
	signal(SIGPIPE, SIG_IGN);
	cr_assert_eq(pipe(fds), 0);
	close(fds[0]);
	cr_assert_neq(dup2(fds[1], STDOUT_FILENO), -1);
	cr_assert_eq(sink_open(&s, NULL), 0);
	for (int i = 0; i < 200; i++)
		fwrite(block, 1, sizeof(block), s.fp);
	errno = ENOTTY;
	cr_assert_eq(sink_commit(&s), 0);
	cr_assert_str_eq(stderr_text(), "");
}

Test(sink, stdout_full_device_is_an_error, .init = cr_redirect_stderr)
{
	struct sink s;
	int fd = open("/dev/full", O_WRONLY);

	if (fd < 0)
		cr_skip_test("no /dev/full");
	cr_assert_neq(dup2(fd, STDOUT_FILENO), -1);
	cr_assert_eq(sink_open(&s, "-"), 0);
	fputs("report\n", s.fp);
	cr_assert_eq(sink_commit(&s), -1);
	cr_assert_str_eq(stderr_text(),
	    "perf-reporter: write error on standard output: No space left on device\n");
}
