#!/bin/sh
# summary-input.sh - summaries as input to the report commands (SPEC section 18): a report
# read from a log's summaries against a reference computed from the raw log in Python
# (summary-input-ref.py: exact fields equal, percentiles exact where the lines hold values,
# within the accuracy and marked approximate where not, Welch's p for them); the report
# from a summary with values is the log's report but for the input counts and the slowest
# list; a log and a summary mixed; windows moved to whole buckets with a note; trends,
# compare and changes from summaries; hostile summaries, a --by key the summary lacks and
# export are status 2 with a FILE:LINE or clear message.
. "$(dirname "$0")/setup.sh"

ref=$top_srcdir/tests/e2e/summary-input-ref.py
if ! command -v python3 >/dev/null 2>&1; then
	echo "skipped: needs python3"
	exit 77
fi
log=$tmpdir/log.jsonl
python3 "$ref" gen "$log"

run() {
	st=0
	pr "$@" >"$tmpdir/out" 2>"$tmpdir/err" || st=$?
}
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
# refcheck NAME REPORT START END ACCURACY [--exact]: the report against the raw log.
refcheck() {
	name=$1
	shift
	if python3 "$ref" check "$log" "$@" 2>"$tmpdir/cerr"; then
		ok "$name"
	else
		fail "$name" "$(head -5 "$tmpdir/cerr")"
	fi
}

pr summarize -o "$tmpdir/values.s" "$log"
pr summarize --exact-limit 0 -o "$tmpdir/hist.s" "$log"
pr summarize --exact-limit 0 --accuracy 0.05 --bucket hour -o "$tmpdir/hist5h.s" "$log"
pr summarize --exact-limit 40 -o "$tmpdir/mixed.s" "$log"
W="2026-10-02T00:00:00.000Z 2026-11-01T00:00:00.000Z"

# Monthly on a day boundary: the window is the log's.
# shellcheck disable=SC2086
for s in values hist hist5h mixed; do
	run monthly --now 2026-11-01 -f json -o "$tmpdir/$s.json" "$tmpdir/$s.s"
	[ "$st" = 0 ] || fail "monthly $s" "status $st: $(cat "$tmpdir/err")"
	case $s in
	values) refcheck "reference $s" "$tmpdir/$s.json" $W 0 --exact ;;
	hist5h) refcheck "reference $s" "$tmpdir/$s.json" $W 0.05 ;;
	*) refcheck "reference $s" "$tmpdir/$s.json" $W 0.01 ;;
	esac
done
grep -q '"approximate": true' "$tmpdir/hist.json" && ok "hist marked" || fail "hist marked" "no approximate row"
grep -q '"approximate"' "$tmpdir/values.json" && fail "values unmarked" "an approximate row" || ok "values unmarked"

# With values kept, the report is the log's but for the input and the slowest list.
pr monthly --now 2026-11-01 -f json "$log" >"$tmpdir/log.json"
strip() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("input"); d.pop("slowest"); print(json.dumps(d, sort_keys=True))' "$1"; }
if [ "$(strip "$tmpdir/log.json")" = "$(strip "$tmpdir/values.json")" ]; then ok "values = log"; else fail "values = log" "reports differ"; fi

# Markdown and the terminal view mark approximate percentiles and say what the mark means.
run monthly --now 2026-11-01 "$tmpdir/hist.s"
if grep -q '| ≈[0-9]' "$tmpdir/out" && grep -q '≈ a percentile from a summary' "$tmpdir/out"; then ok "md mark"; else fail "md mark" "no ≈"; fi
expect "slowest note" 0 "slowest list is left out"
# CSV: a last column approximate for a report read from summaries (none for a log's).
pr monthly --now 2026-11-01 -f csv "$tmpdir/hist.s" 2>/dev/null >"$tmpdir/h.csv"
pr monthly --now 2026-11-01 -f csv "$log" >"$tmpdir/l.csv"
if head -1 "$tmpdir/h.csv" | grep -q ',flags,approximate$' && sed -n 2p "$tmpdir/h.csv" | grep -q ',true$' &&
    ! head -1 "$tmpdir/l.csv" | grep -q approximate; then ok "csv column"; else fail "csv column" "$(head -2 "$tmpdir/h.csv")"; fi
run monthly --now 2026-11-01 -f term --color never "$tmpdir/hist.s"
if grep -q '≈[0-9]' "$tmpdir/out"; then ok "term mark"; else fail "term mark" "no ≈"; fi

# A log and a summary mixed: the two halves give the whole log's report.
awk 'NR % 2 == 1' "$log" >"$tmpdir/odd.jsonl"
awk 'NR % 2 == 0' "$log" >"$tmpdir/even.jsonl"
pr summarize -o "$tmpdir/even.s" "$tmpdir/even.jsonl"
run monthly --now 2026-11-01 -f json -o "$tmpdir/half.json" "$tmpdir/odd.jsonl" "$tmpdir/even.s"
[ "$st" = 0 ] || fail "mixed" "status $st: $(cat "$tmpdir/err")"
# shellcheck disable=SC2086
refcheck "mixed log and summary" "$tmpdir/half.json" $W 0 --exact

# A now inside a day moves to the day's end, said once; the window is then the moved one.
run monthly --now 2026-10-31T13:00:00Z -f json -o "$tmpdir/moved.json" "$tmpdir/hist.s"
expect "moved note" 0 "window is moved to their edges"
# shellcheck disable=SC2086
refcheck "moved window" "$tmpdir/moved.json" $W 0.01
run report --since 2026-10-10T05:00:00Z --until 2026-10-20T07:00:00Z -f json -o "$tmpdir/since.json" "$tmpdir/values.s"
refcheck "since/until moved out" "$tmpdir/since.json" 2026-10-10T00:00:00.000Z 2026-10-21T00:00:00.000Z 0 --exact

# trends, compare and changes read summaries: the series are the log's when values are kept.
pr trends --now 2026-11-01 -f json "$log" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["series"]))' >"$tmpdir/tl"
pr trends --now 2026-11-01 -f json "$tmpdir/values.s" 2>/dev/null | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["series"]))' >"$tmpdir/ts"
if [ -s "$tmpdir/tl" ] && cmp -s "$tmpdir/tl" "$tmpdir/ts"; then ok "trends series"; else fail "trends series" "differ"; fi
run compare -f json "$log" "$tmpdir/values.s"
if [ "$st" = 0 ] && grep -q '"test": "mann-whitney"' "$tmpdir/out"; then ok "compare values"; else fail "compare values" "status $st"; fi
run compare -f json "$log" "$tmpdir/hist.s"
if [ "$st" = 0 ] && grep -q '"test": "welch"' "$tmpdir/out"; then ok "compare hist"; else fail "compare hist" "status $st"; fi
# (changes starts at the first record: a summary's is its first bucket's start.)
nowin() { python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("window"); print(json.dumps(d))'; }
pr changes --now 2026-11-01 -f json "$log" | nowin >"$tmpdir/cl"
pr changes --now 2026-11-01 -f json "$tmpdir/values.s" 2>/dev/null | nowin >"$tmpdir/cs"
if [ -s "$tmpdir/cl" ] && cmp -s "$tmpdir/cl" "$tmpdir/cs"; then ok "changes"; else fail "changes" "differ"; fi

# Hostile summaries and what a summary cannot give: status 2, a clear message.
head -1 "$tmpdir/hist.s" >"$tmpdir/h"
line='{"bucket_start": "2026-10-20T00:00:00.000Z", "group": {"operation_type": "x"}'
bad() { # NAME PATTERN LINE
	cp "$tmpdir/h" "$tmpdir/bad.s"
	printf '%s\n' "$3" >>"$tmpdir/bad.s"
	run monthly --now 2026-11-01 "$tmpdir/bad.s"
	expect "hostile $1" 2 "$2"
}
bad negative-count 'bad.s:2: "count" is -3' "$line, \"count\": -3, \"failed\": 0, \"min\": 1, \"max\": 1, \"mean\": 1, \"m2\": 0, \"histogram\": {\"gamma\": 1.0202020202020201, \"offset\": 0, \"counts\": [1], \"zeros\": 0}}"
bad nan 'bad.s:2: not valid JSON' "$line, \"count\": 1, \"failed\": 0, \"min\": NaN, \"max\": 1, \"mean\": 1, \"m2\": 0, \"histogram\": {\"gamma\": 1.0202020202020201, \"offset\": 0, \"counts\": [1], \"zeros\": 0}}"
bad huge-offset 'bad.s:2: "offset" is 99999999999' "$line, \"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, \"mean\": 1, \"m2\": 0, \"histogram\": {\"gamma\": 1.0202020202020201, \"offset\": 99999999999, \"counts\": [1], \"zeros\": 0}}"
bad bucket-inside 'bad.s:2: "bucket_start" is not the start' "{\"bucket_start\": \"2026-10-20T03:00:00.000Z\", \"group\": {\"operation_type\": \"x\"}, \"count\": 1, \"failed\": 0, \"min\": 1, \"max\": 1, \"mean\": 1, \"m2\": 0, \"histogram\": {\"gamma\": 1.0202020202020201, \"offset\": 0, \"counts\": [1], \"zeros\": 0}}"
run monthly --now 2026-11-01 "$tmpdir/hist.s" "$tmpdir/hist5h.s"
expect "mismatched buckets" 2 "summaries merge only with the same bucket"
run monthly --now 2026-11-01 --by session_id "$tmpdir/hist.s"
expect "--by not in the summary" 2 "the summary is grouped by operation_type alone"
run export "$tmpdir/hist.s"
expect "export" 2 "export needs single records"
run monthly --explain session_id "$tmpdir/hist.s"
expect "--explain" 2 "needs single records"

finish
