#!/bin/sh
# reference.sh - end-to-end check of the statistics against numbers computed by other tools:
# tests/reference/durations.txt (10 000 values) becomes a JSONL log, perf-reporter reports
# it as JSON, and p50/p90/p95/p99/p99.9 and the mean must equal GNU datamash's (numpy's for
# p99.9, which datamash 1.7 cannot compute) within 1e-9 relative (tests/reference/README).
. "$(dirname "$0")/setup.sh"
# jq reads the values out of the report: without it the check cannot run (77: skipped).
command -v jq >/dev/null 2>&1 || { echo "jq not found: skipped"; exit 77; }

ref=$top_srcdir/tests/reference
# One record per value, a second apart inside October 2026, every tenth one failed; the
# timestamps are made by the system's date tool (independent of our parser).
awk '{ print "@" (1790812800 + NR) }' "$ref/durations.txt" | date -u -f - +%Y-%m-%dT%H:%M:%SZ >"$tmpdir/ts"
paste "$tmpdir/ts" "$ref/durations.txt" |
	awk -F'\t' '{ printf "{\"timestamp\":\"%s\",\"operation_type\":\"ref\",\"duration_ms\":%s%s}\n", $1, $2, (NR % 10 == 0 ? ",\"error\":\"x\"" : "") }' \
	>"$tmpdir/log.jsonl"

st=0
pr report --since 2026-10-01 --until 2026-11-01 -f json --percentiles 50,90,95,99,99.9 \
	"$tmpdir/log.jsonl" >"$tmpdir/out.json" 2>"$tmpdir/err" || st=$?
[ "$st" = 0 ] && ok run || fail run "status $st: $(cat "$tmpdir/err")"

# close NAME GOT WANT: relative difference within 1e-9.
close() {
	if awk -v g="$2" -v w="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; s = w < 0 ? -w : w; exit !(d <= 1e-9 * s) }'; then
		ok "$1"
	else
		fail "$1" "got $2, reference $3"
	fi
}
want() { # COLUMN ROWNAME: a value from percentiles.tsv
	awk -F'\t' -v r="$2" -v c="$1" '$1 == r { print $c }' "$ref/percentiles.tsv"
}
row() { jq -r ".operations[0].$1" "$tmpdir/out.json"; }

[ "$(row count)" = 10000 ] && ok count || fail count "$(row count)"
[ "$(row failed)" = 1000 ] && ok failed || fail failed "$(row failed)"
close p50 "$(row p50_ms)" "$(want 3 p50)"
close p90 "$(row p90_ms)" "$(want 3 p90)"
close p95 "$(row p95_ms)" "$(want 3 p95)"
close p99 "$(row p99_ms)" "$(want 3 p99)"
close p99.9 "$(row '"p99.9_ms"')" "$(want 4 p99.9)"
close mean "$(row avg_ms)" "$(want 3 mean)"
close min "$(row min_ms)" "$(sort -g "$ref/durations.txt" | head -n 1)"
close max "$(row max_ms)" "$(sort -g "$ref/durations.txt" | tail -n 1)"
finish
