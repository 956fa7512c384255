#!/bin/sh
# verdicts.sh - what golden cases cannot set up: which input is read when no FILE is given
# (SPEC section 2: standard input only when a pipe, FIFO, socket or file is attached; else
# memory/perf-metrics.jsonl, as under cron and CI), and the CI gate on empty and stale logs
# (SPEC section 11: no data is not a pass).
. "$(dirname "$0")/setup.sh"

if ! command -v jq >/dev/null 2>&1; then
	echo "note: jq not found (Debian: jq): skipped"
	exit 77
fi
mkdir -p "$tmpdir/proj/memory"
cp "$top_srcdir/samples/basic.jsonl" "$tmpdir/proj/memory/perf-metrics.jsonl"
cp "$top_srcdir/samples/degradation.jsonl" "$tmpdir/other.jsonl"
cd "$tmpdir/proj"

# files: the input.files of a JSON report read with the given redirection.
files() {
	jq -c '.input.files' "$tmpdir/out.json"
}
expect_files() { # NAME WANT
	got=$(files)
	if [ "$got" = "$2" ]; then ok "$1"; else fail "$1" "read $got, want $2"; fi
}

pr monthly --now=2026-11-01 -f json </dev/null >"$tmpdir/out.json"
expect_files dev-null-reads-the-log '["memory/perf-metrics.jsonl"]'
pr monthly --now=2026-11-01 -f json <&- >"$tmpdir/out.json"
expect_files closed-stdin-reads-the-log '["memory/perf-metrics.jsonl"]'
cat "$tmpdir/other.jsonl" | pr monthly --now=2026-11-01 -f json >"$tmpdir/out.json"
expect_files pipe-is-read '["<stdin>"]'
pr monthly --now=2026-11-01 -f json <"$tmpdir/other.jsonl" >"$tmpdir/out.json"
expect_files regular-file-is-read '["<stdin>"]'
mkfifo "$tmpdir/fifo"
cat "$tmpdir/other.jsonl" >"$tmpdir/fifo" &
pr monthly --now=2026-11-01 -f json <"$tmpdir/fifo" >"$tmpdir/out.json"
wait
expect_files fifo-is-read '["<stdin>"]'
if command -v script >/dev/null 2>&1; then
	# A terminal on standard input (util-linux script gives one): the log.
	script -qec "$PERF_REPORTER monthly --now=2026-11-01 -f json -o $tmpdir/out.json" /dev/null \
		>/dev/null 2>&1 </dev/null || true
	expect_files terminal-reads-the-log '["memory/perf-metrics.jsonl"]'
fi

# gate CASE WANT_STATUS ARGS...: the CI gate's exit status, and never a green verdict on
# no data. Standard input is /dev/null, as in a CI step: with no FILE the log is read.
gate() {
	name=$1 want=$2
	shift 2
	st=0
	pr "$@" >"$tmpdir/gate.md" 2>"$tmpdir/gate.err" </dev/null || st=$?
	if [ "$st" = "$want" ]; then ok "$name"; else fail "$name" "status $st, want $want"; fi
	if grep -q '✅' "$tmpdir/gate.md" && grep -q ' · 0 records$' "$tmpdir/gate.md"; then
		fail "$name-not-green" "a green verdict on no data"
	else
		ok "$name-not-green"
	fi
}
: >"$tmpdir/empty.jsonl"
gate empty-log-fails-critical 1 weekly --fail-on critical --targets "$top_srcdir/samples/targets.json" "$tmpdir/empty.jsonl"
gate empty-log-fails-degradation 1 weekly --fail-on-degradation "$tmpdir/empty.jsonl"
gate empty-log-fails-warning 1 weekly --fail-on warning "$tmpdir/empty.jsonl"
gate empty-log-allowed 0 weekly --fail-on critical --allow-empty "$tmpdir/empty.jsonl"
gate empty-log-no-gate 0 weekly "$tmpdir/empty.jsonl"
gate stale-log-fails 1 weekly --fail-on critical memory/perf-metrics.jsonl
gate stale-default-log-fails 1 weekly --fail-on critical
gate op-typo-fails 1 monthly --now=2026-11-01 --op llm_cal --fail-on critical
grep -q "did you mean 'llm_call'" "$tmpdir/gate.err" && ok op-typo-suggests ||
	fail op-typo-suggests "$(cat "$tmpdir/gate.err")"
gate fresh-log-passes 0 monthly --now=2026-11-01 --op file_read --fail-on critical
gate compare-empty-current-fails 1 compare --fail-on critical memory/perf-metrics.jsonl "$tmpdir/empty.jsonl"
finish
