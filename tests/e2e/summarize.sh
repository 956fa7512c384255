#!/bin/sh
# summarize.sh - the summarize command (SPEC section 18) end to end: a log's summary against
# an independent reading (summary-check.py: Python's JSON and math.fsum), day and hour
# buckets, values and histograms; a summary of a summary is the same bytes; the halves of a
# log summarized and merged equal the whole (either order, logs and summaries mixed, gzip);
# a summary with --exact-limit 0 merged into one with values; hostile summaries and
# mismatched merges are status 2 with a FILE:LINE message; the options' usage errors.
. "$(dirname "$0")/setup.sh"

sample=$top_srcdir/samples/basic.jsonl
check=$top_srcdir/tests/e2e/summary-check.py
if ! command -v python3 >/dev/null 2>&1; then
	echo "skipped: needs python3"
	exit 77
fi

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
# same NAME A B: two summaries equal (mean 1e-12, m2 1e-9).
same() {
	if python3 "$check" --same "$2" "$3" 2>"$tmpdir/cerr"; then ok "$1"; else fail "$1" "$(cat "$tmpdir/cerr")"; fi
}

# A log's summary against the independent reading, four ways.
for args in "" "--bucket hour" "--exact-limit 0" "--exact-limit 5 --accuracy 0.05 --bucket hour"; do
	# shellcheck disable=SC2086
	run summarize $args -o "$tmpdir/s.jsonl" "$sample"
	if [ "$st" != 0 ]; then
		fail "reference [$args]" "status $st: $(cat "$tmpdir/err")"
	elif python3 "$check" "$sample" "$tmpdir/s.jsonl" 2>"$tmpdir/cerr"; then
		ok "reference [$args]"
	else
		fail "reference [$args]" "$(cat "$tmpdir/cerr")"
	fi
done

# A summary of one summary is its bytes; -o writes what standard output gets.
pr summarize --exact-limit 7 "$sample" >"$tmpdir/whole.jsonl"
pr summarize "$tmpdir/whole.jsonl" >"$tmpdir/again.jsonl"
if cmp -s "$tmpdir/whole.jsonl" "$tmpdir/again.jsonl"; then ok identity; else fail identity "differs"; fi

# The halves, summarized and merged, in either order, equal the whole; so do a summary and
# a log mixed, and a gzip-compressed summary.
awk 'NR % 2 == 1' "$sample" >"$tmpdir/odd.jsonl"
awk 'NR % 2 == 0' "$sample" >"$tmpdir/even.jsonl"
pr summarize --exact-limit 7 -o "$tmpdir/odd.s" "$tmpdir/odd.jsonl"
pr summarize --exact-limit 7 -o "$tmpdir/even.s" "$tmpdir/even.jsonl"
pr summarize -o "$tmpdir/ab.jsonl" "$tmpdir/odd.s" "$tmpdir/even.s"
pr summarize -o "$tmpdir/ba.jsonl" "$tmpdir/even.s" "$tmpdir/odd.s"
same merge-ab "$tmpdir/ab.jsonl" "$tmpdir/whole.jsonl"
same merge-ba "$tmpdir/ba.jsonl" "$tmpdir/whole.jsonl"
pr summarize --exact-limit 7 -o "$tmpdir/mixed.jsonl" "$tmpdir/odd.s" "$tmpdir/even.jsonl"
same merge-mixed "$tmpdir/mixed.jsonl" "$tmpdir/whole.jsonl"
gzip -c "$tmpdir/odd.s" >"$tmpdir/odd.s.gz"
pr summarize -o "$tmpdir/gz.jsonl" "$tmpdir/odd.s.gz" "$tmpdir/even.s"
same merge-gzip "$tmpdir/gz.jsonl" "$tmpdir/whole.jsonl"

# Different exact limits merge under the smaller: histogram-only (the fleets' form) wins.
pr summarize --exact-limit 0 -o "$tmpdir/h.s" "$tmpdir/odd.jsonl"
pr summarize --exact-limit 0 -o "$tmpdir/h-whole.jsonl" "$sample"
pr summarize -o "$tmpdir/hv.jsonl" "$tmpdir/h.s" "$tmpdir/even.s"
same merge-limits "$tmpdir/hv.jsonl" "$tmpdir/h-whole.jsonl"

# --op narrows logs and summaries alike.
pr summarize --exact-limit 7 --op db_query --op 'file_*' -o "$tmpdir/op-log.jsonl" "$sample"
pr summarize --op db_query --op 'file_*' -o "$tmpdir/op-sum.jsonl" "$tmpdir/odd.s" "$tmpdir/even.s"
same op-summaries "$tmpdir/op-sum.jsonl" "$tmpdir/op-log.jsonl"
if grep -q '"operation_type": "db_query"' "$tmpdir/op-sum.jsonl" &&
    ! grep -q '"operation_type": "llm_call"' "$tmpdir/op-sum.jsonl"; then ok op-lines; else fail op-lines "$(head -3 "$tmpdir/op-sum.jsonl")"; fi
pr summarize --by session_id -o "$tmpdir/sess.s" "$tmpdir/odd.jsonl"
run summarize --op db_query "$tmpdir/sess.s"
expect op-needs-operation-type 2 "sess.s: --op needs a summary grouped by operation_type"

# The unit is --unit's label, and summaries of other units do not merge.
pr summarize --unit s -o "$tmpdir/unit-s.s" "$tmpdir/odd.jsonl"
grep -q '"unit": "s"}$' "$tmpdir/unit-s.s" && ok unit-label || fail unit-label "$(head -1 "$tmpdir/unit-s.s")"
run summarize "$tmpdir/unit-s.s" "$tmpdir/even.s"
expect mismatch-unit 2 'unit-s.s has unit "s" and .*even.s unit "ms"'

# Merges that cannot be.
pr summarize --bucket hour -o "$tmpdir/hour.s" "$tmpdir/even.jsonl"
run summarize "$tmpdir/odd.s" "$tmpdir/hour.s"
expect mismatch-bucket 2 "odd.s has bucket day and .*hour.s bucket hour; summaries merge only with the same bucket"
pr summarize --accuracy 0.02 -o "$tmpdir/acc.s" "$tmpdir/even.jsonl"
run summarize "$tmpdir/odd.s" "$tmpdir/acc.s"
expect mismatch-accuracy 2 "accuracy 0.01 and .*acc.s accuracy 0.02"
run summarize --by operation_type,session_id "$tmpdir/odd.s" "$tmpdir/even.jsonl"
expect mismatch-by 2 "the logs and .*odd.s are grouped by different keys"
test ! -s "$tmpdir/out" && ok mismatch-no-output || fail mismatch-no-output "output written"

# Hostile summaries: FILE:LINE, status 2, nothing written.
hdr='{"perf_reporter_summary": 1, "bucket": "day", "accuracy": 0.01, "exact_limit": 3, "by": ["operation_type"], "unit": "ms"}'
line='{"bucket_start": "2026-10-01T00:00:00.000Z", "group": {"operation_type": "a"}'
bad() { # NAME PATTERN LINE...: a summary of the header and LINEs must fail with PATTERN
	name=$1 pat=$2
	shift 2
	{ echo "$hdr"; for l in "$@"; do echo "$l"; done; } >"$tmpdir/bad.jsonl"
	run summarize -o "$tmpdir/bad-out.jsonl" "$tmpdir/bad.jsonl"
	expect "$name" 2 "$pat"
	test ! -e "$tmpdir/bad-out.jsonl" || fail "$name-output" "written"
}
bad negative-count 'bad.jsonl:2: "count" is -1' "$line, \"count\": -1, \"failed\": 0, \"min\": 1, \"max\": 1, \"mean\": 1, \"m2\": 0, \"values\": [1]}"
bad huge-offset 'bad.jsonl:2: "offset" is 99999999999, outside -40000..40000' "$line, \"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, \"mean\": 1, \"m2\": 0, \"histogram\": {\"gamma\": 1.0202020202020201, \"offset\": 99999999999, \"counts\": [1], \"zeros\": 0}}"
bad nan 'bad.jsonl:2: not valid JSON' "$line, \"count\": 1, \"failed\": 0, \"min\": NaN, \"max\": 1, \"mean\": 1, \"m2\": 0, \"values\": [1]}"
bad counts-mismatch 'bad.jsonl:2: "histogram" holds 2 values for a count of 3' "$line, \"count\": 3, \"failed\": 0, \"min\": 1, \"max\": 1, \"mean\": 1, \"m2\": 0, \"histogram\": {\"gamma\": 1.0202020202020201, \"offset\": 0, \"counts\": [2], \"zeros\": 0}}"
bad second-line-bad 'bad.jsonl:3: "failed" is 5' "$line, \"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, \"mean\": 1, \"m2\": 0, \"values\": [1]}" \
    '{"bucket_start": "2026-10-02T00:00:00.000Z", "group": {"operation_type": "a"}, "count": 1, "failed": 5, "min": 1, "max": 1, "mean": 1, "m2": 0, "values": [1]}'
printf '{"perf_reporter_summary": 7}\n' >"$tmpdir/v7.jsonl"
run summarize "$tmpdir/v7.jsonl"
expect wrong-version 2 "v7.jsonl:1: summary version 7; this perf-reporter reads version 1"

# Usage errors.
run monthly --exact-limit 5 "$sample"
expect exact-limit-elsewhere 2 "exact-limit applies only to summarize, not monthly"
run trends --bucket hour "$sample"
expect hour-for-trends 2 "bucket hour applies only to summarize"
run summarize --bucket week "$sample"
expect week-for-summarize 2 "summarize buckets by hour or day, not by week"
run summarize --accuracy 0.5 "$sample"
expect accuracy-range 2 "accuracy"
run summarize --exact-limit 2000000 "$sample"
expect exact-limit-range 2 "exact-limit"
run summarize --explain session_id "$sample"
expect explain 2 "explain does not apply to summarize"

# Durations whose squared deviations pass the largest double: an error, not "inf".
printf '{"timestamp":"2026-10-01T00:00:00Z","operation_type":"x","duration_ms":1e308}\n{"timestamp":"2026-10-01T00:00:01Z","operation_type":"x","duration_ms":0}\n' >"$tmpdir/huge.jsonl"
run summarize "$tmpdir/huge.jsonl"
expect m2-overflow 2 "durations too large to summarize"

# A log with no valid record is unreadable (SPEC section 11).
printf 'not json\n' >"$tmpdir/junk.jsonl"
run summarize "$tmpdir/junk.jsonl"
expect unreadable 2 "junk.jsonl: no line is a valid record"

finish
