/* fuzz-pipeline.c - libFuzzer target for the whole program: the input bytes are one input
 * file (plain JSONL, or anything else: gzip magic, binary noise), and every command and
 * emitter runs on it through cli_parse and cmd_run, as main() would.
 *
 * The bytes go into one memfd (or, without memfd_create, an unlinked temporary file under
 * /tmp) named to the program as /proc/self/fd/N, so nothing is left behind even after a
 * crash. Reports go to standard output, which is another memfd: after each run the output
 * is read back and checked (JSON parses, JSON Lines parse line by line, text is valid
 * UTF-8 without stray control characters). The program's standard error is caught by
 * pointing the stdio "stderr" stream at a third anonymous file, read back after each run
 * (status 2 on readable input must come with SPEC 11's "no line is a valid record");
 * file descriptor 2 stays open for libFuzzer and the sanitizers. Set
 * FUZZ_PIPELINE_VERBOSE=1 to see the program's messages,
 * and FUZZ_PIPELINE_TRACE=1 to have each command line printed before it runs (to tell
 * which option set a sanitizer report came from when reproducing a crash).
 *
 * One option set runs on each input, picked by a hash of its bytes among 23: eight common
 * ones (every command and format) and fifteen with the rarer options (small
 * --max-line-bytes, --max-chars, --strict, --op, buckets, ...). Every run gets -j 1. The
 * JSON Lines export (every field and context of every record) and the rarer sets run twice
 * more, with --no-fast-path and with -j 3, and must give the same status and bytes each
 * time (differential checks of the fast record scanner against jansson, and of parallel
 * parsing against one thread). An exit() from inside run_command is reported by libFuzzer
 * ("fuzz target exited") as a crash, which is what it is.
 *
 * One set per input, not all of them: the runs of one input cost the same whatever they
 * find, and libFuzzer learns from each execution; thirteen runs an input (the eight common
 * sets, one rare one, four cross checks) made about 33 executions a second, 2.4 runs an
 * input on average make several times more, and every set is still reached (a mutation
 * that changes the hash moves the input to another set).
 *
 * Why not "-o /dev/null": sink.c writes a temporary file beside the target and renames it
 * over the target, which for /dev/null (run as root) replaces the device with a regular
 * file. The clock is frozen (o.clock_us, which cli_parse reads once, is set to FZ_NOW
 * before each run) so that runs are reproducible. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "cmd.h"
#include "timeutil.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report which invariant broke, then abort so the input is saved. */
#define FZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fz_fail(#cond, __LINE__);				\
	}								\
} while (0)

/* "Now" for the fixed-clock option sets: the samples end on 2026-10-31. */
#define FZ_NOW "2026-11-01"
#define FZ_NOW_SECONDS INT64_C(1793491200)
#define FZ_MAX_ARGS 32

/* What the output of an option set must look like. */
enum fz_kind {
	FZ_TEXT,  /* Markdown: UTF-8, no control characters but LF (and ESC with colour) */
	FZ_CSV,   /* UTF-8, no NUL */
	FZ_JSON,  /* one JSON value */
	FZ_JSONL  /* one JSON object per line */
};

/* What else an option set may legitimately end with. */
#define FZ_DEGRADE 1 /* --fail-on-degradation: status 1 */
#define FZ_MAYFAIL 2 /* status 2 with an error message (e.g. --since past the newest record) */

struct fz_set {
	enum fz_kind kind;
	int may;          /* FZ_DEGRADE | FZ_MAYFAIL */
	size_t max_chars; /* --max-chars given: the output must fit */
	const char *argv[FZ_MAX_ARGS]; /* NULL-terminated; "@" stands for the input path */
};

/* The common sets. */
static const struct fz_set fz_base[] = {
	{FZ_TEXT, 0, 0, {"monthly", "--now", FZ_NOW, "-q", "-f", "md", "@", NULL}},
	{FZ_CSV, 0, 0, {"monthly", "--now", FZ_NOW, "-q", "-f", "csv", "@", NULL}},
	{FZ_JSON, 0, 0, {"monthly", "--now", FZ_NOW, "-q", "-f", "json", "@", NULL}},
	{FZ_TEXT, 0, 0, {"weekly", "--now", "latest", "-q", "@", NULL}},
	{FZ_JSON, 0, 0, {"trends", "--now", "latest", "-q", "-f", "json", "@", NULL}},
	{FZ_JSON, 0, 0, {"export", "-q", "--format", "json", "@", NULL}},
	{FZ_CSV, 0, 0, {"export", "-q", "--format", "csv", "@", NULL}},
	{FZ_JSONL, 0, 0, {"export", "-q", "--format", "jsonl", "@", NULL}},
};

/* The rarer ones, each cross-checked. */
static const struct fz_set fz_extra[] = {
	{FZ_TEXT, 0, 0, {"trends", "--now", FZ_NOW, "-q", "@", NULL}},
	{FZ_CSV, 0, 0, {"trends", "--now", "latest", "-q", "-f", "csv", "--bucket", "week",
	    "--days", "400", "@", NULL}},
	{FZ_JSON, 0, 0, {"trends", "--now", "latest", "-q", "-f", "json", "--bucket", "month",
	    "--days", "3000", "--percentiles", "0.1,50,99.9", "@", NULL}},
	{FZ_TEXT, 0, 0, {"trends", "--now", "latest", "-q", "--days", "1", "--color",
	    "always", "@", NULL}},
	{FZ_TEXT, 0, 0, {"weekly", "--now", FZ_NOW, "-q", "--max-line-bytes", "64", "@",
	    NULL}},
	{FZ_TEXT, 0, 2000, {"monthly", "--now", "latest", "-q", "--max-chars", "2000", "@",
	    NULL}},
	{FZ_JSON, 0, 0, {"monthly", "--now", "latest", "-q", "-f", "json", "--top", "0",
	    "--percentiles", "1,2.5,75,99.99", "@", NULL}},
	{FZ_CSV, 0, 0, {"report", "--since", "2026-10-01", "--until",
	    "2026-10-15T12:00:00+02:00", "-q", "-f", "csv", "@", NULL}},
	{FZ_JSON, FZ_DEGRADE, 0, {"monthly", "--now", "latest", "-q", "-f", "json", "--min-samples",
	    "2", "--outlier-ratio", "1", "--drift-pct", "0", "--error-rate-pct", "0",
	    "--fail-on-degradation", "@", NULL}},
	{FZ_TEXT, FZ_DEGRADE, 0, {"weekly", "--now", "latest", "-q", "--op", "llm_call", "--op",
	    "tool_exec", "--fail-on-degradation", "@", NULL}},
	{FZ_JSON, 0, 0, {"weekly", "--now", "latest", "-q", "--strict", "-f", "json", "@",
	    NULL}},
	{FZ_JSONL, 0, 0, {"export", "-q", "--now", "latest", "--days", "7", "--format",
	    "jsonl", "@", NULL}},
	{FZ_CSV, 0, 0, {"export", "-q", "--since", "2026-10-25", "--until", FZ_NOW,
	    "--op", "llm_call", "@", NULL}},
	{FZ_JSON, 0, 0, {"export", "-q", "--strict", "--format", "json",
	    "--max-line-bytes", "200", "@", NULL}},
	{FZ_TEXT, FZ_MAYFAIL, 0, {"report", "--since", "2026-10-31T23:00:00Z", "--now", "latest",
	    "-q", "--top", "1", "@", NULL}},
};

static int fz_in_fd = -1;  /* holds the current input */
static int fz_out_fd = -1; /* standard output */
static int fz_msg_fd = -1; /* the program's stdio "stderr" stream */
static FILE *fz_msg;       /* that stream, kept to read its messages back */
static bool fz_verbose;    /* FUZZ_PIPELINE_VERBOSE: copy the messages to the real stderr */
static char fz_path[64];
static size_t fz_cur_size; /* for messages */
static bool fz_is_gzip;    /* the input starts with the gzip magic 1f 8b */
static FILE *fz_trace;     /* FUZZ_PIPELINE_TRACE: command lines go here */
static FILE *fz_err;       /* the real standard error, for this file's own messages */
static const struct fz_set *fz_cur_set;

/* Print the failed invariant with the option set, then abort so the input is saved. */
static void
fz_fail(const char *what, int line)
{
	const struct fz_set *s = fz_cur_set;
	FILE *e = fz_err != NULL ? fz_err : stderr;

	fprintf(e, "fuzz-pipeline: invariant failed: %s (line %d)\n", what, line);
	if (s != NULL) {
		fputs("fuzz-pipeline: option set: perf-reporter", e);
		for (size_t i = 0; s->argv[i] != NULL; i++)
			fprintf(e, " %s", s->argv[i]);
		fprintf(e, "  (input %zu bytes)\n", fz_cur_size);
	}
	fflush(e);
	abort();
}

/* A file that lives only as long as the process: a memfd, else an unlinked /tmp file. */
static int
fz_anon_file(const char *name)
{
	char tmpl[] = "/tmp/fuzz-pipeline.XXXXXX";
	int fd;

#ifdef MFD_CLOEXEC
	fd = memfd_create(name, 0);
	if (fd >= 0)
		return fd;
#else
	(void)name;
#endif
	fd = mkstemp(tmpl);
	if (fd < 0) {
		perror("fuzz-pipeline: mkstemp");
		abort();
	}
	unlink(tmpl);
	return fd;
}

int
LLVMFuzzerInitialize(int *argc PR_UNUSED, char ***argv PR_UNUSED)
{
	const char *v = getenv("FUZZ_PIPELINE_VERBOSE");
	const char *t = getenv("FUZZ_PIPELINE_TRACE");

	fz_in_fd = fz_anon_file("fuzz-pipeline-in");
	fz_out_fd = fz_anon_file("fuzz-pipeline-out");
	snprintf(fz_path, sizeof(fz_path), "/proc/self/fd/%d", fz_in_fd);
	if (access(fz_path, R_OK) != 0) {
		fprintf(stderr, "fuzz-pipeline: %s: %s (is /proc mounted?)\n", fz_path,
		    strerror(errno));
		abort();
	}
	fz_err = stderr; /* the real one, before it is replaced below */
	if (t != NULL && *t != '\0' && *t != '0')
		fz_trace = stderr;
	fflush(stdout);
	if (dup2(fz_out_fd, STDOUT_FILENO) < 0) {
		perror("fuzz-pipeline: dup2");
		abort();
	}
	/* libFuzzer and the sanitizers keep writing to descriptor 2; the program writes
	 * through the stdio stream, which glibc lets us replace: with a third anonymous file,
	 * read back after each run (an error status must come with the right message). */
	fz_verbose = v != NULL && *v != '\0' && *v != '0';
	fz_msg_fd = fz_anon_file("fuzz-pipeline-msg");
	fz_msg = fdopen(fz_msg_fd, "w");
	if (fz_msg == NULL) {
		perror("fuzz-pipeline: fdopen");
		abort();
	}
	stderr = fz_msg;
	/* A fixed generated_at, and no colour from the environment. */
	setenv("SOURCE_DATE_EPOCH", "1793491200", 1); /* FZ_NOW_SECONDS */
	unsetenv("NO_COLOR");
	unsetenv("PERF_REPORTER_NO_FAST_PATH");
	return 0;
}

/* Replace the input file's content with data[0..size). */
static void
fz_set_input(const uint8_t *data, size_t size)
{
	size_t done = 0;
	ssize_t n;

	FZ_CHECK(ftruncate(fz_in_fd, 0) == 0);
	while (done < size) {
		n = pwrite(fz_in_fd, data + done, size - done, (off_t)done);
		FZ_CHECK(n > 0);
		done += (size_t)n;
	}
}

/* Read back everything written to stream f (on descriptor fd) since the last call, and
 * empty it. Returns a heap buffer with a NUL after *len bytes. */
static char *
fz_take(FILE *f, int fd, size_t *len)
{
	struct stat st;
	char *buf;
	size_t done = 0;
	ssize_t n;

	FZ_CHECK(fflush(f) == 0);
	FZ_CHECK(fstat(fd, &st) == 0);
	buf = malloc((size_t)st.st_size + 1);
	FZ_CHECK(buf != NULL);
	while (done < (size_t)st.st_size) {
		n = pread(fd, buf + done, (size_t)st.st_size - done, (off_t)done);
		FZ_CHECK(n > 0);
		done += (size_t)n;
	}
	buf[done] = '\0';
	*len = done;
	FZ_CHECK(ftruncate(fd, 0) == 0);
	FZ_CHECK(lseek(fd, 0, SEEK_SET) == 0);
	return buf;
}

/* Standard output since the last call, emptied. */
static char *
fz_take_output(size_t *len)
{
	return fz_take(stdout, fz_out_fd, len);
}

/* Length in code points when s[0..len) is well-formed UTF-8, else (size_t)-1. */
static size_t
fz_utf8_chars(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n, k, chars = 0;
	uint32_t c;

	while (i < len) {
		c = s[i];
		chars++;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			c &= 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			c &= 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			c &= 0x07;
		} else
			return (size_t)-1;
		if (len - i <= n)
			return (size_t)-1;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return (size_t)-1;
			c = (c << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && c < 0x800) || (n == 3 && c < 0x10000) || c > 0x10ffff ||
		    (c >= 0xd800 && c <= 0xdfff))
			return (size_t)-1;
		i += n + 1;
	}
	return chars;
}

/* True when the option set holds the word w. */
static bool
fz_has(const struct fz_set *s, const char *w)
{
	for (size_t i = 0; s->argv[i] != NULL; i++)
		if (strcmp(s->argv[i], w) == 0)
			return true;
	return false;
}

/* The output of a successful run has the shape its format promises. */
static void
fz_check_output(const struct fz_set *s, const char *out, size_t len)
{
	json_error_t err;
	json_t *j;
	const char *line, *nl;
	size_t chars = fz_utf8_chars(out, len);
	bool color = fz_has(s, "always");

	FZ_CHECK(chars != (size_t)-1);
	FZ_CHECK(memchr(out, '\0', len) == NULL);
	switch (s->kind) {
	case FZ_TEXT:
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)out[i];

			FZ_CHECK(c >= 0x20 || c == '\n' || (color && c == 0x1b));
			FZ_CHECK(c != 0x7f);
		}
		/* Over the limit only when even the flagged rows do not fit (emit-md.c keeps
		 * every degradation), and then the note says what was left out. */
		if (s->max_chars > 0 && chars > s->max_chars)
			FZ_CHECK(strstr(out, "left out") != NULL);
		break;
	case FZ_CSV:
		break;
	case FZ_JSON:
		j = json_loadb(out, len, JSON_DECODE_ANY, &err);
		FZ_CHECK(j != NULL);
		FZ_CHECK(json_is_object(j) || json_is_array(j));
		json_decref(j);
		break;
	case FZ_JSONL:
		for (line = out; line < out + len; line = nl + 1) {
			nl = memchr(line, '\n', (size_t)(out + len - line));
			FZ_CHECK(nl != NULL); /* every line ends with LF */
			j = json_loadb(line, (size_t)(nl - line), 0, &err);
			FZ_CHECK(j != NULL && json_is_object(j));
			FZ_CHECK(json_is_string(json_object_get(j, "timestamp")));
			FZ_CHECK(json_is_string(json_object_get(j, "operation_type")));
			FZ_CHECK(json_is_number(json_object_get(j, "duration_ms")));
			json_decref(j);
		}
		break;
	}
}

/* How an option set is run: as given with -j 1; with --no-fast-path (jansson parses every
 * line) and -j 1; or with -j 3 (three parsing threads, merged aggregates). */
enum fz_mode { FZ_PLAIN, FZ_SLOW, FZ_THREADS };

/* Parse one option set as main() would, in the given mode, run it, check the status and
 * the output. Returns the output (heap) with its length and the status. */
static char *
fz_run_once(const struct fz_set *s, enum fz_mode mode, size_t *len, int *status)
{
	char *argv[FZ_MAX_ARGS + 4];
	struct options o;
	enum cli_result cr;
	int argc = 0;
	char *out, *msg;
	size_t nmsg;

	fz_cur_set = s;
	argv[argc++] = (char *)"perf-reporter";
	for (size_t i = 0; s->argv[i] != NULL; i++)
		argv[argc++] = s->argv[i][0] == '@' ? fz_path : (char *)s->argv[i];
	argv[argc++] = (char *)"-j";
	argv[argc++] = (char *)(mode == FZ_THREADS ? "3" : "1");
	if (mode == FZ_SLOW)
		argv[argc++] = (char *)"--no-fast-path";
	argv[argc] = NULL;
	if (fz_trace != NULL) {
		fputs("fuzz-pipeline: running:", fz_trace);
		for (int i = 0; i < argc; i++)
			fprintf(fz_trace, " %s", argv[i]);
		fputc('\n', fz_trace);
		fflush(fz_trace);
	}
	cr = cli_parse(argc, argv, &o);
	FZ_CHECK(cr == CLI_RUN);
	/* The clock, frozen: every run (and the runs of a cross check) sees the same "current
	 * time" when --now latest finds no record. */
	o.clock_us = FZ_NOW_SECONDS * US_PER_SEC;
	*status = cmd_run(&o);
	cli_free(&o);
	out = fz_take_output(len);
	msg = fz_take(fz_msg, fz_msg_fd, &nmsg);
	if (fz_verbose)
		fwrite(msg, 1, nmsg, fz_err);
	FZ_CHECK(*status == EXIT_OK || *status == EXIT_TROUBLE ||
	    ((s->may & FZ_DEGRADE) && *status == EXIT_DEGRADED));
	/* Plain input is always readable, and the output is a memfd: only --strict (a
	 * malformed line), gzip input (corrupt or truncated), a set marked FZ_MAYFAIL, or an
	 * input none of whose lines is a record (SPEC 11: unreadable is not empty, and says
	 * so) may end in trouble. */
	if (!fz_is_gzip && !fz_has(s, "--strict") && !(s->may & FZ_MAYFAIL))
		FZ_CHECK(*status != EXIT_TROUBLE ||
		    strstr(msg, ": no line is a valid record (") != NULL);
	/* And that message never comes with success. */
	if (strstr(msg, ": no line is a valid record (") != NULL)
		FZ_CHECK(*status == EXIT_TROUBLE);
	free(msg);
	if (*status != EXIT_TROUBLE)
		fz_check_output(s, out, *len);
	return out;
}

/* Run an option set; with cross set, twice more: with --no-fast-path and with -j 3. Both
 * must give the same status and the same bytes as the plain run (the fast record scanner
 * against jansson; parallel parsing against one thread). */
static void
fz_run(const struct fz_set *s, bool cross)
{
	static const enum fz_mode others[] = {FZ_SLOW, FZ_THREADS};
	char *plain, *other;
	size_t nplain, nother;
	int splain, sother;

	plain = fz_run_once(s, FZ_PLAIN, &nplain, &splain);
	for (size_t i = 0; cross && i < ARRAY_SIZE(others); i++) {
		other = fz_run_once(s, others[i], &nother, &sother);
		FZ_CHECK(splain == sother);
		FZ_CHECK(nplain == nother && memcmp(plain, other, nplain) == 0);
		free(other);
	}
	free(plain);
	fz_cur_set = NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	fz_cur_size = size;
	fz_is_gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
	fz_set_input(data, size);
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	h %= ARRAY_SIZE(fz_base) + ARRAY_SIZE(fz_extra);
	if (h < ARRAY_SIZE(fz_base))
		fz_run(&fz_base[h], fz_base[h].kind == FZ_JSONL);
	else
		fz_run(&fz_extra[h - ARRAY_SIZE(fz_base)], true);
	return 0;
}
