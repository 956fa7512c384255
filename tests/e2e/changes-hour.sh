#!/bin/sh
# changes-hour.sh - changes --bucket hour (SPEC section 17): a series per UTC hour, `at` the
# start of the hour after the change, in every format: an operation whose durations step up
# by half at 2026-10-14T13:00Z (four days of 20 records an hour, a fixed noise of +-10 ms)
# is found changed at that hour in md, term, csv, json and html (its chart marked once,
# hours on the axis); the same from an hourly summary; refused (status 2) from a daily
# summary, which cannot give hours, and for trends.
. "$(dirname "$0")/setup.sh"

data=$tmpdir/hour.jsonl
# hour h from 2026-10-13T00:00Z, record k at minute 3k; noise from (h*20+k)*37 mod 21
awk 'BEGIN {
	for (h = 0; h < 96; h++)
		for (k = 0; k < 20; k++) {
			d = 100 + ((h * 20 + k) * 37) % 21 - 10 + (h >= 37 ? 50 : 0)
			printf "{\"timestamp\":\"2026-10-%02dT%02d:%02d:00Z\",\"operation_type\":\"api\",\"duration_ms\":%d}\n", 13 + int(h / 24), h % 24, 3 * k, d
		}
}' >"$data"

# check NAME FORMAT PATTERN: changes --bucket hour -f FORMAT names the hour as PATTERN.
check() {
	if pr changes --bucket hour -f "$2" "$data" >"$tmpdir/$1.out" 2>"$tmpdir/$1.err" &&
	    grep -q -- "$3" "$tmpdir/$1.out"; then
		ok "$1"
	else
		fail "$1" "no '$3' in: $(head -c 600 "$tmpdir/$1.out" "$tmpdir/$1.err")"
	fi
}
check md md '^| `api` | 2026-10-14 13:00 | '
check md-title md 'title "api: p50, changed 2026-10-14 13:00 (+'
check md-heading md '^# Change points: p50 per hour$'
check term term '^api  *2026-10-14 13:00  '
check csv csv '^api,2026-10-14T13:00:00.000Z,p50_ms,'
check json json '"bucket": "hour"'
check html html '<td>2026-10-14 13:00</td>'
check html-mark html 'class="cp">10-14 13:00 +'
check html-axis html 'class="tick">10h</text>'
check html-axis-day html 'class="tick">10-14</text>'
# exactly one change point, at that hour; 96 hourly buckets in the series
if python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
ats = [c["at"] for c in d["changes"]]
starts = [s["bucket_start"] for s in d["series"]]
sys.exit(not (ats == ["2026-10-14T13:00:00.000Z"] and len(starts) == 96 and
              starts[1] == "2026-10-13T01:00:00.000Z"))' "$tmpdir/json.out"; then
	ok json-point
else
	fail json-point "$(head -c 600 "$tmpdir/json.out")"
fi
if python3 "$top_srcdir/tests/e2e/html-check.py" "$tmpdir/html.out" --svgs 1 --charts 1 \
    --marks 1 >"$tmpdir/check"; then
	ok html-check
else
	fail html-check "$(head -5 "$tmpdir/check")"
fi
# An hourly summary gives the same answer; a daily one cannot give hours.
pr summarize --bucket hour -o "$tmpdir/hour-sum.jsonl" "$data"
pr summarize -o "$tmpdir/day-sum.jsonl" "$data"
if pr changes --bucket hour -f csv "$tmpdir/hour-sum.jsonl" | cut -d, -f1-2 |
    grep -qx 'api,2026-10-14T13:00:00.000Z'; then
	ok summary-hour
else
	fail summary-hour "the hourly summary did not give 13:00"
fi
status=0
pr changes --bucket hour "$tmpdir/day-sum.jsonl" >/dev/null 2>"$tmpdir/err" || status=$?
if [ "$status" -eq 2 ] && grep -q 'needs hours' "$tmpdir/err"; then
	ok summary-day-refused
else
	fail summary-day-refused "status $status: $(cat "$tmpdir/err")"
fi
status=0
pr trends --bucket hour "$data" >/dev/null 2>"$tmpdir/err" || status=$?
if [ "$status" -eq 2 ] && grep -q 'summarize and changes' "$tmpdir/err"; then
	ok trends-refused
else
	fail trends-refused "status $status: $(cat "$tmpdir/err")"
fi
finish
