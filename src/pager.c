/* pager.c - output through a pager on a terminal: choosing it, starting it when output
 * begins, and waiting for it at the end or on a signal. */
#include "pager.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "xalloc.h"

/* One pager per process: a signal handler reads pid and saved_err. */
static const char *pager_cmd;        /* armed command, NULL: none */
static bool pager_tried;             /* pager_begin has run */
static volatile pid_t pager_pid = -1; /* the running pager, -1: none */
static volatile int pager_saved_err = -1; /* standard error's own descriptor while paged */

/* Signals that end the process and must wait for the pager first. SIGINT and SIGQUIT come
 * from the keyboard, which is the pager's while it runs: they are ignored instead. */
static const int pager_signals[] = {SIGTERM, SIGHUP};

const char *
pager_choose(const char *env_pager, bool stdout_tty, bool to_file, bool no_pager)
{
	if (!stdout_tty || to_file || no_pager)
		return NULL;
	if (env_pager == NULL)
		return PAGER_DEFAULT;
	if (env_pager[strspn(env_pager, " \t")] == '\0' || strcmp(env_pager, "cat") == 0)
		return NULL;
	return env_pager;
}

bool
pager_is_simple(const char *cmd)
{
	return cmd[strcspn(cmd, "|&;<>()$`\\\"'*?[]#~=%{}!\n")] == '\0';
}

void
pager_arm(const char *cmd)
{
	pager_cmd = cmd;
}

/* cmd split at blanks into a NULL-terminated vector over one heap copy (argv[0] is the
 * copy's start: free argv[0], then argv). NULL when cmd holds no word. */
static char **
pager_split(const char *cmd)
{
	char *copy, *p, **argv;
	size_t n = 0;

	cmd += strspn(cmd, " \t");
	copy = p = xstrdup(cmd);
	argv = xcalloc(strlen(cmd) / 2 + 2, sizeof(*argv));
	for (;;) {
		p += strspn(p, " \t");
		if (*p == '\0')
			break;
		argv[n++] = p;
		p += strcspn(p, " \t");
		if (*p != '\0')
			*p++ = '\0';
	}
	if (n == 0) {
		free(copy);
		free(argv);
		return NULL;
	}
	return argv;
}

/* In the child: the pipe as standard input, LESS defaulted, then the pager. On failure the
 * errno goes to the parent through err_fd (closed on a successful exec). */
static PR_NORETURN void
pager_child(int data[2], int err_fd, char **argv)
{
	int e;

	if (dup2(data[0], STDIN_FILENO) < 0) {
		e = errno;
		goto fail;
	}
	close(data[0]);
	close(data[1]);
	if (getenv("LESS") == NULL)
		setenv("LESS", "FRX", 1);
	if (argv != NULL)
		execvp(argv[0], argv);
	else
		execl("/bin/sh", "sh", "-c", pager_cmd, (char *)NULL);
	e = errno;
fail:
	while (write(err_fd, &e, sizeof(e)) < 0 && errno == EINTR)
		;
	_exit(127);
}

/* Close the pipe on our side (standard output, and standard error when it was redirected)
 * and wait for the pager. Only async-signal-safe calls: the signal handler uses it. */
static void
pager_close_and_wait(void)
{
	pid_t pid = pager_pid;

	if (pager_saved_err >= 0) {
		dup2(pager_saved_err, STDERR_FILENO);
		close(pager_saved_err);
		pager_saved_err = -1;
	}
	close(STDOUT_FILENO);
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	pager_pid = -1;
}

/* A signal that ends the process: let the pager finish with the terminal first. */
static void
pager_on_signal(int sig)
{
	pager_close_and_wait();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* The parent's side once the pager runs: its pipe as standard output (and as standard
 * error when that is a terminal, as git does, so notes follow the report in the pager
 * instead of scribbling over its screen), SIGPIPE off, the ending signals caught, the
 * keyboard's ignored: the report is built before its output begins, so Ctrl-C in the
 * pager (to stop a search) must not end the run with 130 instead of the verdict's status;
 * q ends the pager, and the writes that remain end quietly on EPIPE. */
static void
pager_attach(int write_fd)
{
	if (isatty(STDERR_FILENO) == 1 && (pager_saved_err = dup(STDERR_FILENO)) >= 0) {
		fcntl(pager_saved_err, F_SETFD, FD_CLOEXEC);
		dup2(write_fd, STDERR_FILENO);
	}
	dup2(write_fd, STDOUT_FILENO);
	close(write_fd);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	for (size_t i = 0; i < ARRAY_SIZE(pager_signals); i++)
		signal(pager_signals[i], pager_on_signal);
	/* exit() from deep down (out of memory, diag_fatal) waits for the pager too. */
	atexit(pager_end);
}

/* Fork the pager on the pipe data. Returns 0 when it runs (its program was found and
 * started), else the errno of what failed. */
static int
pager_spawn(int data[2], char **argv)
{
	int err[2], e = 0;
	ssize_t got;
	pid_t pid;

	if (pipe(err) < 0)
		return errno;
	fcntl(err[0], F_SETFD, FD_CLOEXEC);
	fcntl(err[1], F_SETFD, FD_CLOEXEC);
	fflush(NULL);
	if ((pid = fork()) < 0) {
		e = errno;
		close(err[0]);
		close(err[1]);
		return e;
	}
	if (pid == 0) {
		close(err[0]);
		pager_child(data, err[1], argv);
	}
	close(err[1]);
	while ((got = read(err[0], &e, sizeof(e))) < 0 && errno == EINTR)
		;
	close(err[0]);
	if (got > 0) { /* the exec failed: the child has exited */
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		return e != 0 ? e : EIO;
	}
	pager_pid = pid;
	return 0;
}

bool
pager_begin(void)
{
	int data[2], e;
	char **argv = NULL;

	if (pager_tried || pager_cmd == NULL)
		return false;
	pager_tried = true;
	if (pager_is_simple(pager_cmd) && (argv = pager_split(pager_cmd)) == NULL)
		return false;
	if (pipe(data) < 0)
		e = errno;
	else {
		fcntl(data[1], F_SETFD, FD_CLOEXEC);
		e = pager_spawn(data, argv);
		close(data[0]);
		if (e == 0)
			pager_attach(data[1]);
		else
			close(data[1]);
	}
	if (e != 0)
		diag_note("cannot run the pager '%s': %s; writing straight to the terminal "
		    "(set PAGER, or use --no-pager)", pager_cmd, strerror(e));
	if (argv != NULL) {
		free(argv[0]);
		free(argv);
	}
	return e == 0;
}

void
pager_end(void)
{
	if (pager_pid <= 0)
		return;
	fflush(stdout);
	fflush(stderr);
	pager_close_and_wait();
}
