#!/bin/sh
# io-errors.sh - output and input faults (SPEC section 7): a full device, a closed pipe, -o
# into a missing or unwritable directory, missing/unreadable/directory inputs, a truncated or
# corrupt gzip file. Each must give a message naming the file, status 2, and leave no
# partial or temporary file behind.
. "$(dirname "$0")/setup.sh"

sample=$top_srcdir/samples/basic.jsonl
now=--now=2026-11-01

# expect NAME STATUS PATTERN: last run's status and a pattern its stderr must contain.
expect() {
	if [ "$st" != "$2" ]; then
		fail "$1" "status $st, expected $2"
	elif ! grep -q -- "$3" "$tmpdir/err"; then
		fail "$1" "stderr lacks '$3': $(cat "$tmpdir/err")"
	else
		ok "$1"
	fi
}
run() {
	st=0
	pr "$@" >"$tmpdir/out" 2>"$tmpdir/err" || st=$?
}

if [ -w /dev/full ]; then
	st=0
	pr monthly $now "$sample" >/dev/full 2>"$tmpdir/err" || st=$?
	expect full-device 2 "write error"
	st=0
	pr export "$sample" >/dev/full 2>"$tmpdir/err" || st=$?
	expect full-device-export 2 "write error"
fi

# A closed pipe ends quietly: nothing on standard error; killed by SIGPIPE (status 141 in
# the shell, or 0 when the output fitted in the pipe before it closed), or with SIGPIPE
# ignored, status 0. The log is large enough that the writer outlives head.
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "{\"timestamp\":\"2026-10-10T00:00:00Z\",\"operation_type\":\"op\",\"duration_ms\":%d}\n", i }' >"$tmpdir/pipe.jsonl"
for sigpipe in default ignored; do
	{
		if [ $sigpipe = ignored ]; then trap '' PIPE; fi
		st=0
		pr export "$tmpdir/pipe.jsonl" 2>"$tmpdir/err" || st=$?
		echo $st >"$tmpdir/st"
	} | head -n 1 >/dev/null
	st=$(cat "$tmpdir/st")
	if [ -s "$tmpdir/err" ]; then
		fail "closed-pipe-$sigpipe" "stderr: $(cat "$tmpdir/err")"
	elif [ "$st" != 0 ] && { [ $sigpipe = ignored ] || [ "$st" != 141 ]; }; then
		fail "closed-pipe-$sigpipe" "status $st"
	else
		ok "closed-pipe-$sigpipe"
	fi
done

# --series and the main output: both replaced, or neither (a full device on either side).
if [ -w /dev/full ]; then
	echo "old main" >"$tmpdir/main.csv"
	echo "old series" >"$tmpdir/series.csv"
	run trends $now -f csv --series /dev/full -o "$tmpdir/main.csv" "$sample"
	expect series-full 2 "/dev/full: write error: No space left on device"
	[ "$(cat "$tmpdir/main.csv")" = "old main" ] && ok series-full-main-kept || fail series-full-main-kept "replaced"
	run trends $now -f csv --series "$tmpdir/series.csv" -o /dev/full "$sample"
	expect main-full 2 "/dev/full: write error: No space left on device"
	[ "$(cat "$tmpdir/series.csv")" = "old series" ] && ok main-full-series-kept || fail main-full-series-kept "replaced"
	run trends $now -f csv --series "$tmpdir/series.csv" -o "$tmpdir/main.csv" "$sample"
	if [ "$st" = 0 ] && grep -q '^bucket_start,' "$tmpdir/series.csv" && ! grep -q old "$tmpdir/main.csv"; then
		ok series-and-main-replaced
	else
		fail series-and-main-replaced "status $st"
	fi
	rm -f "$tmpdir/main.csv" "$tmpdir/series.csv"
fi

# --json-output beside the main output (reports and compare): the same report as -f json,
# both replaced or neither (a full device on either side).
run weekly $now -f md -o "$tmpdir/one.md" --json-output "$tmpdir/one.json" "$sample"
SOURCE_DATE_EPOCH=1800000000 pr weekly $now -f md "$sample" >"$tmpdir/md.want" 2>/dev/null
SOURCE_DATE_EPOCH=1800000000 pr weekly $now -f json "$sample" >"$tmpdir/json.want" 2>/dev/null
SOURCE_DATE_EPOCH=1800000000 run weekly $now -f md -o "$tmpdir/one.md" --json-output "$tmpdir/one.json" "$sample"
[ "$st" = 0 ] && cmp -s "$tmpdir/one.md" "$tmpdir/md.want" && cmp -s "$tmpdir/one.json" "$tmpdir/json.want" &&
    ok json-output-same-report || fail json-output-same-report "status $st: $(cat "$tmpdir/err")"
SOURCE_DATE_EPOCH=1800000000 pr compare -f json "$sample" "$top_srcdir/samples/degradation.jsonl" >"$tmpdir/json.want" 2>/dev/null
SOURCE_DATE_EPOCH=1800000000 run compare -o /dev/null --json-output "$tmpdir/one.json" "$sample" "$top_srcdir/samples/degradation.jsonl"
[ "$st" = 1 ] || [ "$st" = 0 ]; st_ok=$?
[ "$st_ok" = 0 ] && cmp -s "$tmpdir/one.json" "$tmpdir/json.want" && ok json-output-compare ||
    fail json-output-compare "status $st: $(cat "$tmpdir/err")"
if [ -w /dev/full ]; then
	echo "old md" >"$tmpdir/one.md"
	echo "old json" >"$tmpdir/one.json"
	run weekly $now -o "$tmpdir/one.md" --json-output /dev/full "$sample"
	expect json-output-full 2 "/dev/full: write error: No space left on device"
	[ "$(cat "$tmpdir/one.md")" = "old md" ] && ok json-output-full-main-kept || fail json-output-full-main-kept "replaced"
	run weekly $now -o /dev/full --json-output "$tmpdir/one.json" "$sample"
	expect json-output-main-full 2 "/dev/full: write error: No space left on device"
	[ "$(cat "$tmpdir/one.json")" = "old json" ] && ok json-output-main-full-kept || fail json-output-main-full-kept "replaced"
fi
rm -f "$tmpdir/one.md" "$tmpdir/one.json" "$tmpdir/md.want" "$tmpdir/json.want"
run export --json-output "$tmpdir/x.json" "$sample"
expect json-output-not-export 2 "json-output does not apply to export"
run weekly --json-output - "$sample"
expect json-output-both-stdout 2 "both go to standard output"
run weekly -o "$tmpdir/same" --json-output "$tmpdir/same" "$sample"
expect json-output-same-file 2 "json-output and --output name the same file"
[ ! -e "$tmpdir/x.json" ] && [ ! -e "$tmpdir/same" ] && ok json-output-refused-writes-nothing ||
    fail json-output-refused-writes-nothing "$(ls "$tmpdir")"

run monthly $now -o "$tmpdir/missing/dir/out.md" "$sample"
expect output-missing-dir 2 "missing/dir/out.md"
[ -z "$(ls -A "$tmpdir" | grep -v -e '^out$' -e '^err$' -e '^st$' -e '^pipe.jsonl$')" ] && ok no-leftovers-missing-dir \
	|| fail no-leftovers-missing-dir "$(ls -A "$tmpdir")"

# -o replaces a file only when the run succeeds.
echo "old content" >"$tmpdir/keep.md"
run monthly $now -o "$tmpdir/keep.md" "$tmpdir/no-such-input.jsonl"
expect missing-input-keeps-output 2 "no-such-input.jsonl"
[ "$(cat "$tmpdir/keep.md")" = "old content" ] && ok output-untouched || fail output-untouched "changed"
ls -A "$tmpdir" | grep -q '^\.perf-reporter' && fail no-temp-left "temporary file left" || ok no-temp-left

run monthly $now -o "$tmpdir/report.md" "$sample"
if [ "$st" = 0 ] && [ -s "$tmpdir/report.md" ] && [ ! -s "$tmpdir/out" ]; then ok output-file; else fail output-file "status $st"; fi

if [ "$(id -u)" != 0 ]; then
	mkdir "$tmpdir/ro" && chmod 555 "$tmpdir/ro"
	run monthly $now -o "$tmpdir/ro/out.md" "$sample"
	expect output-unwritable-dir 2 "ro/out.md"
	cp "$sample" "$tmpdir/secret.jsonl" && chmod 000 "$tmpdir/secret.jsonl"
	run monthly $now "$tmpdir/secret.jsonl"
	expect unreadable-input 2 "secret.jsonl: Permission denied"
else
	echo "note: running as root: unwritable-directory (chmod) and unreadable-file checks skipped"
fi
# A directory nobody can create files in, root included.
if [ -d /proc/self ]; then
	run monthly $now -o /proc/self/report.md "$sample"
	expect output-proc-dir 2 "/proc/self/report.md"
fi

run monthly $now "$tmpdir/nothing-here.jsonl"
expect missing-input 2 "nothing-here.jsonl: No such file or directory"
[ -s "$tmpdir/out" ] && fail missing-input-no-report "report printed" || ok missing-input-no-report

# A missing second file stops the run before any report.
run monthly $now "$sample" "$tmpdir/nothing-here.jsonl"
expect missing-second-input 2 "nothing-here.jsonl"
[ -s "$tmpdir/out" ] && fail missing-second-no-report "report printed" || ok missing-second-no-report

run monthly $now "$tmpdir"
expect directory-input 2 "is a directory"

gzip -9nc "$sample" >"$tmpdir/full.gz"
size=$(wc -c <"$tmpdir/full.gz")
head -c $((size / 2)) "$tmpdir/full.gz" >"$tmpdir/truncated.gz"
run monthly $now "$tmpdir/truncated.gz"
expect truncated-gzip 2 "truncated.gz: truncated gzip data after line"

# Corrupt the middle of the compressed stream.
cp "$tmpdir/full.gz" "$tmpdir/corrupt.gz"
printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' | dd of="$tmpdir/corrupt.gz" bs=1 seek=$((size / 3)) conv=notrunc 2>/dev/null
run monthly $now "$tmpdir/corrupt.gz"
expect corrupt-gzip 2 "corrupt.gz: "

# gzip is read transparently and gives the same report as the plain file.
run monthly $now "$tmpdir/full.gz"
cp "$tmpdir/out" "$tmpdir/gz.md"
run monthly $now "$sample"
sed 's/full\.gz/X/' "$tmpdir/gz.md" >"$tmpdir/a"
sed 's/basic\.jsonl/X/' "$tmpdir/out" >"$tmpdir/b"
cmp -s "$tmpdir/a" "$tmpdir/b" && ok gzip-same-report || fail gzip-same-report "reports differ"

# Standard input, named <stdin> in messages.
st=0
printf '{"timestamp":"2026-10-10T00:00:00Z","operation_type":"a","duration_ms":1}\nnot json\n' |
	pr monthly $now >"$tmpdir/out" 2>"$tmpdir/err" || st=$?
expect stdin-malformed 0 "<stdin>:2: not valid JSON"

# --strict stops at the first malformed line with status 2 and no report.
st=0
printf '{"timestamp":"2026-10-10T00:00:00Z","operation_type":"a","duration_ms":1}\n[1]\n' |
	pr monthly $now --strict >"$tmpdir/out" 2>"$tmpdir/err" || st=$?
expect strict 2 "<stdin>:2: not a JSON object"
[ -s "$tmpdir/out" ] && fail strict-no-report "report printed" || ok strict-no-report

# A log caught while a writer is half way through a line: the torn last line is not a record.
rec='{"timestamp":"2026-10-10T00:00:00Z","operation_type":"whole","duration_ms":1}'
printf '%s\n%s' "$rec" '{"timestamp":"2026-10-10T00:00:01Z","operation_type":"torn","dura' >"$tmpdir/torn.jsonl"
run monthly $now -f json "$tmpdir/torn.jsonl"
if [ "$st" = 0 ] && grep -q '"records": 1,' "$tmpdir/out" && grep -q '"malformed": 1,' "$tmpdir/out"; then
	ok torn-last-line
else
	fail torn-last-line "status $st: $(cat "$tmpdir/err")"
fi

# A log another process keeps appending to while it is read (with threads): no crash, and
# every record counted is a whole one.
: >"$tmpdir/growing.jsonl"
(
	i=0
	while [ $i -lt 400 ]; do
		j=0
		while [ $j -lt 50 ]; do
			echo "$rec"
			j=$((j + 1))
		done >>"$tmpdir/growing.jsonl"
		i=$((i + 1))
	done
) &
writer=$!
grown=0
for k in 1 2 3 4 5; do
	run monthly $now -j 2 -f json "$tmpdir/growing.jsonl"
	[ "$st" = 0 ] || grown=1
done
wait $writer
[ "$grown" = 0 ] && ok appended-while-read || fail appended-while-read "status $st: $(cat "$tmpdir/err")"

# export --strict with threads: the records before the first malformed line, exactly as
# -j 1 writes them, and none of the chunks other threads had already parsed after it (a
# 3 MiB log, the bad line 900 KiB in, in the first 1 MiB chunk).
big=$tmpdir/strict-big.jsonl
awk 'BEGIN {
	for (i = 0; size < 3 * 1024 * 1024; i++) {
		if (!bad && size > 900 * 1024) {
			l = "{\"timestamp\":\"2026-10-25T08:00:00Z\",\"operation_type\":\"op\",\"duration_ms\":-1}"
			bad = 1
		} else
			l = sprintf("{\"timestamp\":\"2026-10-25T08:%02d:%02d.000Z\",\"operation_type\":\"op_%d\",\"duration_ms\":%d.5}",
			    int(i / 60) % 60, i % 60, i % 7, i % 1000)
		print l
		size += length(l) + 1
	}
}' >"$big"
run export --strict -j 1 --format jsonl "$big"
cp "$tmpdir/out" "$tmpdir/strict-j1.out"
st1=$st
run export --strict -j 3 --format jsonl "$big"
if [ "$st1" = 2 ] && [ "$st" = 2 ] && [ -s "$tmpdir/out" ] && cmp -s "$tmpdir/out" "$tmpdir/strict-j1.out"; then
	ok export-strict-threads
else
	fail export-strict-threads "status $st1/$st, $(wc -l <"$tmpdir/strict-j1.out") lines with -j 1, $(wc -l <"$tmpdir/out") with -j 3"
fi

# A regular file whose size reads as 0 but which has content (/proc): read to its end.
# None of its lines is a record, so it is unreadable (SPEC section 11): status 2, and the
# message counts its lines.
if [ -r /proc/self/status ]; then
	run monthly $now -f json /proc/self/status
	if [ "$st" = 2 ] && grep -q 'status: no line is a valid record ([1-9][0-9]* malformed lines' "$tmpdir/err"; then
		ok proc-file-read
	else
		fail proc-file-read "status $st: $(cat "$tmpdir/err")"
	fi
fi

# Out of memory (address space limited with ulimit -v): a message and status 2, not a
# crash. Skipped where the binary cannot even start under the limit (sanitizer builds
# reserve terabytes of address space).
big=$tmpdir/many-ops.jsonl
awk 'BEGIN { for (i = 0; i < 300000; i++) printf "{\"timestamp\":\"2026-10-10T00:00:00Z\",\"operation_type\":\"op_%06d\",\"duration_ms\":1}\n", i }' >"$big"
if (ulimit -v 60000 && "$PERF_REPORTER" --version) >/dev/null 2>&1; then
	st=0
	(ulimit -v 60000 && exec "$PERF_REPORTER" monthly $now -j 1 "$big") >"$tmpdir/out" 2>"$tmpdir/err" || st=$?
	expect out-of-memory 2 "out of memory"
else
	echo "note: the binary does not start under ulimit -v 60000 (sanitizer build?): out-of-memory check skipped"
fi

# -o onto a device or a pipe writes in place: /dev/null stays a device (a temporary file
# renamed over it would replace it, for every process, when run as root).
run monthly $now -o /dev/null "$sample"
if [ "$st" = 0 ] && [ -c /dev/null ]; then ok output-dev-null; else fail output-dev-null "status $st"; fi
mkfifo "$tmpdir/fifo"
wc -c <"$tmpdir/fifo" >"$tmpdir/fifo.count" &
reader=$!
run monthly $now -o "$tmpdir/fifo" "$sample"
wait $reader
if [ "$st" = 0 ] && [ "$(cat "$tmpdir/fifo.count")" -gt 1000 ] && [ -p "$tmpdir/fifo" ]; then
	ok output-fifo
else
	fail output-fifo "status $st"
fi
run monthly $now -o "$tmpdir" "$sample"
expect output-is-directory 2 "is a directory"

finish
