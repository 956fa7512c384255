#!/bin/sh
# unreadable.sh - unreadable is not empty (SPEC sections 2 and 11): a source with non-blank
# lines and no valid record is status 2 for every command, with its reasons and a hint;
# an empty or blank-only source, or one whose lines a --where drops, is no data; the
# malformed-lines summary is grouped by reason, commonest first, at most three, each with
# its first FILE:LINE, the same for -j1 and for many threads over small chunks.
. "$(dirname "$0")/setup.sh"

now=--now=2026-11-01
good=$top_srcdir/samples/basic.jsonl

# expect NAME STATUS PATTERN: last run's status and a pattern its stderr must contain.
expect() {
	if [ "$st" != "$2" ]; then
		fail "$1" "status $st, expected $2: $(cat "$tmpdir/err")"
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

# Another tool's log: 300 lines without duration_ms, 60 not JSON at all, 2 blank.
awk 'BEGIN {
	for (i = 0; i < 360; i++) {
		if (i % 6 == 5)
			printf "GET /x %d\n", i
		else
			printf "{\"timestamp\":\"2026-10-10T00:00:00Z\",\"operation_type\":\"op\",\"latency\":%d}\n", i
		if (i == 100) printf "\n   \n"
	}
}' >"$tmpdir/other.jsonl"
reasons='other.jsonl: no line is a valid record (360 malformed lines: 300 like .*other.jsonl:1: duration_ms is missing; 60 like .*other.jsonl:6: not valid JSON'
for cmd in weekly monthly trends "report --since 2026-10-01"; do
	# shellcheck disable=SC2086 # the command and its options are split on purpose
	run $cmd $now "$tmpdir/other.jsonl"
	expect "unreadable-${cmd%% *}" 2 "$reasons"
done
run weekly $now "$tmpdir/other.jsonl"
expect hint 2 "another tool's log? map its fields with --field"
[ -s "$tmpdir/out" ] && fail no-report-when-unreadable "$(head -c 200 "$tmpdir/out")" || ok no-report-when-unreadable
run weekly $now --allow-empty --fail-on warning "$tmpdir/other.jsonl"
expect allow-empty-does-not-pass 2 "$reasons"
run export $now "$tmpdir/other.jsonl"
expect unreadable-export 2 "$reasons"
run summarize "$tmpdir/other.jsonl"
expect unreadable-summarize 2 "$reasons"
run changes $now "$tmpdir/other.jsonl"
expect unreadable-changes 2 "$reasons"
run compare "$good" "$tmpdir/other.jsonl"
expect unreadable-compare-current 2 "$reasons"
run compare "$tmpdir/other.jsonl" "$good"
expect unreadable-compare-base 2 "$reasons"

# Standard input is named <stdin>; -j1 and many threads over 4 KiB chunks say the same.
st=0
pr weekly $now - <"$tmpdir/other.jsonl" >/dev/null 2>"$tmpdir/err" || st=$?
expect unreadable-stdin 2 "^perf-reporter: <stdin>: no line is a valid record (360 malformed lines: 300 like <stdin>:1: "
run weekly $now -j1 "$tmpdir/other.jsonl"
cp "$tmpdir/err" "$tmpdir/err-j1"
st=0
PERF_REPORTER_CHUNK_BYTES=4096 pr weekly $now -j4 "$tmpdir/other.jsonl" >/dev/null \
	2>"$tmpdir/err" || st=$?
if cmp -s "$tmpdir/err" "$tmpdir/err-j1"; then ok unreadable-threads; else
	fail unreadable-threads "$(cat "$tmpdir/err")"; fi

# One unreadable source among readable ones is still status 2, naming that source only.
run weekly $now "$good" "$tmpdir/other.jsonl"
expect one-of-several 2 "$reasons"
if grep -q "basic.jsonl: no line" "$tmpdir/err"; then fail readable-not-named "$(cat "$tmpdir/err")"; else
	ok readable-not-named; fi

# No data, not unreadable: an empty file, a blank-only file, an empty standard input, and
# lines all dropped by --where.
: >"$tmpdir/empty.jsonl"
printf '\n  \n\t\r\n' >"$tmpdir/blank.jsonl"
for f in empty blank; do
	run weekly $now "$tmpdir/$f.jsonl"
	expect "$f-is-no-data" 0 "no record in the window"
	run weekly $now --fail-on warning "$tmpdir/$f.jsonl"
	expect "$f-fails-the-gate" 1 "no record in the window"
done
st=0
pr weekly $now - </dev/null >/dev/null 2>"$tmpdir/err" || st=$?
expect empty-stdin-is-no-data 0 "no record in the window"
run weekly $now --where 'operation_type == "none"' "$good"
expect where-drops-all-is-no-data 0 "no record"

# The summary of a readable source: grouped by reason, commonest first, at most three,
# each with its first line; line 1 failing for another reason no longer hides the 360.
{
	echo 'not json'
	awk 'BEGIN { for (i = 0; i < 360; i++) printf "{\"timestamp\":\"2026-10-10T00:00:00Z\",\"operation_type\":\"op\",\"duration\":%d}\n", i }'
	echo '{"timestamp":"2026-10-10T00:00:00Z","operation_type":"op","duration_ms":"1"}'
	echo '{"timestamp":"2026-10-10T00:00:00Z","operation_type":"op","duration_ms":"2"}'
	echo '{"timestamp":"2026-10-10T00:00:00Z","operation_type":"","duration_ms":1}'
	echo '{"timestamp":"2026-10-10T00:00:00Z","operation_type":"op","duration_ms":1}'
} >"$tmpdir/mixed.jsonl"
run weekly $now -j1 "$tmpdir/mixed.jsonl"
expect grouped 0 "skipped 364 malformed lines by reason: 360 like .*mixed.jsonl:2: duration_ms is missing; 2 like .*mixed.jsonl:362: duration_ms is not a number; 1 like .*mixed.jsonl:1: not valid JSON: .*; 1 of other reasons (use --strict"
cp "$tmpdir/err" "$tmpdir/err-j1"
st=0
PERF_REPORTER_CHUNK_BYTES=4096 pr weekly $now -j4 "$tmpdir/mixed.jsonl" >/dev/null \
	2>"$tmpdir/err" || st=$?
if cmp -s "$tmpdir/err" "$tmpdir/err-j1"; then ok grouped-threads; else
	fail grouped-threads "$(cat "$tmpdir/err")"; fi
run weekly $now -f json "$tmpdir/mixed.jsonl"
if grep -q '"malformed": 364' "$tmpdir/out"; then ok json-count; else
	fail json-count "$(grep malformed "$tmpdir/out")"; fi

finish
