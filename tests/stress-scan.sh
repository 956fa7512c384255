#!/bin/sh
# stress-scan.sh - the expensive tier (make check-expensive): the threaded scan run many
# times over, to catch a stall (a lost wake-up) or a wrong answer that shows once in a
# thousand runs. Every run takes one of: plain or gzip input, as a named file, a pipe on
# standard input or a file on standard input; -j 2 to 8; the default chunk size or small
# ones (PERF_REPORTER_CHUNK_BYTES); monthly, trends or export. A run fails when it takes
# longer than STRESS_TIMEOUT seconds (killed by timeout(1)), exits non-zero, or writes
# other bytes than the same command with -j 1. With STRESS_BUSY=1 a busy loop keeps one
# core occupied beside the runs (the condition of the one stall seen).
#
# Knobs: STRESS_RUNS (default 2000), STRESS_SECONDS (stop after this long; 0: no limit,
# the default), STRESS_TIMEOUT (default 10), STRESS_RECORDS (records in the log, default
# 50000), STRESS_BUSY (default 1). The closing line gives the runs, the failures and the
# longest run's wall time.
. "$(dirname "$0")/e2e/setup.sh"

runs=${STRESS_RUNS:-2000}
seconds=${STRESS_SECONDS:-0}
limit=${STRESS_TIMEOUT:-10}
records=${STRESS_RECORDS:-50000}
busy=${STRESS_BUSY:-1}
command -v timeout >/dev/null 2>&1 || { echo "timeout(1) is needed"; exit 77; }
command -v gzip >/dev/null 2>&1 || { echo "gzip is needed"; exit 77; }

# A deterministic log over 2026-10: 12 operations, failures, a malformed line now and then.
awk -v n="$records" 'BEGIN {
	s = 12345
	for (i = 0; i < n; i++) {
		s = (s * 1103515245 + 12345) % 2147483648
		if (i % 997 == 500) { print "{\"timestamp\":\"not a time\"}"; continue }
		printf "{\"timestamp\":\"2026-10-%02dT%02d:%02d:%02d.%03dZ\",\"operation_type\":\"op_%d\",\"duration_ms\":%d.%03d,\"success\":%s,\"session_id\":\"s%d\"}\n",
		    1 + int(i * 30 / n), s % 24, s % 60, (s / 60) % 60, s % 1000, s % 12,
		    s % 5000, (s / 7) % 1000, s % 53 == 0 ? "false" : "true", s % 100
	}
}' >"$tmpdir/log.jsonl"
gzip -c "$tmpdir/log.jsonl" >"$tmpdir/log.jsonl.gz"

now=--now=2026-11-01
cmd_args() { # INDEX: the command of variant INDEX
	case $1 in
	0) echo "monthly $now" ;;
	1) echo "trends $now --days 30 -f csv" ;;
	*) echo "export -f jsonl" ;;
	esac
}
for c in 0 1 2; do
	pr $(cmd_args $c) -j 1 "$tmpdir/log.jsonl" >"$tmpdir/want.$c" 2>/dev/null
done

busy_pid=
if [ "$busy" = 1 ]; then
	sh -c 'while :; do :; done' &
	busy_pid=$!
fi
trap '[ -z "$busy_pid" ] || kill "$busy_pid" 2>/dev/null; rm -rf "$tmpdir"' EXIT INT TERM

start=$(date +%s)
max_ms=0
n=0
fails=0
seed=1
while [ "$n" -lt "$runs" ]; do
	if [ "$seconds" -gt 0 ] && [ $(($(date +%s) - start)) -ge "$seconds" ]; then
		break
	fi
	seed=$(((seed * 1103515245 + 12345) % 2147483648))
	r=$((seed / 65536))
	c=$((r % 3))
	j=$((2 + (r / 3) % 7))
	in=$(((r / 21) % 5))
	case $(((r / 105) % 4)) in
	0) chunk= ;;
	1) chunk=777 ;;
	2) chunk=4096 ;;
	*) chunk=65536 ;;
	esac
	file=$tmpdir/log.jsonl
	[ $((in % 2)) = 1 ] && file=$tmpdir/log.jsonl.gz
	t0=$(date +%s%N)
	st=0
	case $in in
	0 | 1) PERF_REPORTER_CHUNK_BYTES=$chunk timeout -k 2 "$limit" "$PERF_REPORTER" \
		$(cmd_args $c) -j $j "$file" >"$tmpdir/got" 2>/dev/null || st=$? ;;
	2 | 3) cat "$file" | PERF_REPORTER_CHUNK_BYTES=$chunk timeout -k 2 "$limit" \
		"$PERF_REPORTER" $(cmd_args $c) -j $j >"$tmpdir/got" 2>/dev/null || st=$? ;;
	*) PERF_REPORTER_CHUNK_BYTES=$chunk timeout -k 2 "$limit" "$PERF_REPORTER" \
		$(cmd_args $c) -j $j - <"$file" >"$tmpdir/got" 2>/dev/null || st=$? ;;
	esac
	ms=$((($(date +%s%N) - t0) / 1000000))
	[ "$ms" -gt "$max_ms" ] && max_ms=$ms
	n=$((n + 1))
	what="run $n: $(cmd_args $c) -j $j input $in chunk ${chunk:-default}"
	if [ "$st" = 124 ] || [ "$st" = 137 ]; then
		fails=$((fails + 1))
		echo "STALL: $what: killed after ${limit}s"
	elif [ "$st" != 0 ]; then
		fails=$((fails + 1))
		echo "FAIL: $what: status $st"
	elif ! cmp -s "$tmpdir/got" "$tmpdir/want.$c"; then
		fails=$((fails + 1))
		echo "FAIL: $what: output differs from -j 1"
	fi
done
echo "stress-scan: $n runs, $fails failed, longest ${max_ms} ms, $(($(date +%s) - start)) s" \
    "(busy core: $busy, records: $records)"
[ "$fails" -eq 0 ]
