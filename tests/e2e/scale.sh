#!/bin/sh
# scale.sh - the expensive tier (make check-expensive): many distinct operation names and
# huge lines complete in seconds with memory proportional to the data. Peak RSS and times
# are printed (measured, never asserted as timings); the outputs are checked for shape.
. "$(dirname "$0")/setup.sh"

now=--now=2026-11-01
measure() { # NAME CMD...: run with /usr/bin/time when available
	name=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "$name: %e s, peak RSS %M KB" "$@"
	else
		"$@"
	fi
}

awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "{\"timestamp\":\"2026-10-%02dT10:00:00Z\",\"operation_type\":\"op_%07d\",\"duration_ms\":%d}\n", 2 + i % 28, i, i % 1000 }' >"$tmpdir/ops1m.jsonl"
st=0
measure "1M operations, csv" pr monthly $now -f csv "$tmpdir/ops1m.jsonl" >"$tmpdir/out.csv" 2>"$tmpdir/err" || st=$?
cat "$tmpdir/err"
rows=$(($(wc -l <"$tmpdir/out.csv") - 1))
[ "$st" = 0 ] && [ "$rows" = 1000000 ] && ok ops-1m || fail ops-1m "status $st, $rows rows"

awk 'BEGIN { for (i = 0; i < 200000; i++) printf "{\"timestamp\":\"2026-10-%02dT10:00:00Z\",\"operation_type\":\"op_%05d\",\"duration_ms\":%d}\n", 2 + i % 28, i % 50000, i % 1000 }' >"$tmpdir/ops50k.jsonl"
for f in md csv json; do
	st=0
	measure "50k operations, trends $f" pr trends $now --days 30 -f $f "$tmpdir/ops50k.jsonl" >"$tmpdir/out.$f" 2>"$tmpdir/err" || st=$?
	cat "$tmpdir/err"
	[ "$st" = 0 ] && [ -s "$tmpdir/out.$f" ] && ok "ops-50k-$f" || fail "ops-50k-$f" "status $st"
done
if command -v jq >/dev/null 2>&1; then
	n=$(jq '.operations | length' "$tmpdir/out.json")
	[ "$n" = 50000 ] && ok ops-50k-json-rows || fail ops-50k-json-rows "$n rows"
fi

# A 1 GiB line without a newline, then a valid record: memory stays bounded.
st=0
{ head -c 1073741824 /dev/zero | tr '\0' 'a'; printf '\n{"timestamp":"2026-10-10T00:00:00Z","operation_type":"after","duration_ms":5}\n'; } |
	measure "1 GiB line" pr monthly $now -f csv >"$tmpdir/out" 2>"$tmpdir/err" || st=$?
cat "$tmpdir/err"
grep -q '^after,1,' "$tmpdir/out" && ok huge-line || fail huge-line "status $st"
finish
