#!/bin/sh
# group-rows.sh - under --by, every part of a report finds its row by the row's index,
# never by the display name: two groups whose displays are alike ("a / b" + "c" and
# "a" + "b / c" both show "a / b / c") keep their own trends, charts and slowest entries;
# compare carries the group values, matches rows on the whole group and shows one column
# per --by key in every format (SPEC sections 12 and 14).
. "$(dirname "$0")/setup.sh"

log=$tmpdir/collide.jsonl
line() { # line DAY HOUR OP X MS
	printf '{"timestamp":"2026-10-%02dT%02d:00:00Z","operation_type":"%s","duration_ms":%s,' \
	    "$1" "$2" "$3" "$5"
	printf '"success":true,"context":{"x":"%s"}}\n' "$4"
}
: >"$log"
for d in 1 2 3; do
	for h in 0 1 2; do
		line "$d" "$h" "a / b" c $((10 + h + d)) >>"$log"
	done
done
line 5 0 a "b / c" 500 >>"$log"
line 5 1 a "b / c" 501 >>"$log"
by="--by operation_type,context.x"
win="--now 2026-10-08T00:00:00Z --days 7"

# (a) Markdown trends: one line per group, with its own bucket count.
pr trends $by $win --bucket day -f md "$log" >"$tmpdir/trends.md"
got=$(grep -c '^| `a / b / c` |' "$tmpdir/trends.md" || :)
if [ "$got" = 2 ] && grep -q '^| `a / b / c` | 3 |' "$tmpdir/trends.md" &&
    grep -q '^| `a / b / c` | 1 |' "$tmpdir/trends.md"; then
	ok trends-md
else
	fail trends-md "$(sed -n '/## Trends/,/## Charts/p' "$tmpdir/trends.md")"
fi

# (b) The charts of each group hold only that group's buckets (500.95 is the second's).
pr trends $by $win --bucket day --charts 2 -f md "$log" >"$tmpdir/charts.md"
n=$(grep -c 'bar \[' "$tmpdir/charts.md" || :)
mixed=$(grep 'bar \[' "$tmpdir/charts.md" | grep -c '12\.9.*500\.9\|500\.9.*12\.9' || :)
if [ "$n" -ge 2 ] && [ "$mixed" = 0 ]; then ok charts-md; else
	fail charts-md "$(grep 'bar \[' "$tmpdir/charts.md")"
fi

# (c) The terminal's slowest list shows each entry's own --by values.
COLUMNS=120 pr report $by --since 2026-10-01 --until 2026-10-08 -f term "$log" >"$tmpdir/term.txt"
if sed -n '/SLOWEST/,/MOST/p' "$tmpdir/term.txt" | grep -q '^ *1  a  *b / c  *501\.00' &&
    sed -n '/SLOWEST/,/MOST/p' "$tmpdir/term.txt" | grep -q '^ *3  a / b  *c  *15\.00'; then
	ok term-slowest
else
	fail term-slowest "$(sed -n '/SLOWEST/,/MOST/p' "$tmpdir/term.txt")"
fi

# (d) compare: rows matched on the whole group, each with its group values (JSON), a log
# and a report saved from it on either side.
fix="--since 2026-10-01 --until 2026-10-08"
pr report $by $fix -f json "$log" >"$tmpdir/saved.json"
for sides in "$log $log" "$tmpdir/saved.json $log" "$log $tmpdir/saved.json"; do
	pr compare $by $fix -f json $sides >"$tmpdir/cmp.json"
	got=$(tr -d ' \n' <"$tmpdir/cmp.json" | sed 's/"operations"/\n/' | tail -n 1 |
	    grep -o '"group":{[^}]*},"status":"[a-z]*"' | tr '\n' ' ')
	want='"group":{"operation_type":"a/b","context.x":"c"},"status":"same" '
	want=$want'"group":{"operation_type":"a","context.x":"b/c"},"status":"same" '
	if [ "$got" = "$want" ]; then ok "compare-json"; else
		fail "compare-json" "$sides: $got"
	fi
done

# (e) CSV: one column per key after operation; md and term: one table column per key.
pr compare $by $fix -f csv "$log" "$log" >"$tmpdir/cmp.csv"
if head -n 1 "$tmpdir/cmp.csv" | grep -q '^operation,operation_type,context\.x,status,' &&
    grep -q '^a / b / c,a,b / c,same,' "$tmpdir/cmp.csv" &&
    grep -q '^a / b / c,a / b,c,same,' "$tmpdir/cmp.csv"; then
	ok compare-csv
else
	fail compare-csv "$(cat "$tmpdir/cmp.csv")"
fi
pr compare $by $fix -f md "$log" "$tmpdir/saved.json" >"$tmpdir/cmp.md"
if grep -q '^| `operation_type` | `context.x` | Status | Base n |' "$tmpdir/cmp.md" &&
    grep -q '^|---|---|---|---:|' "$tmpdir/cmp.md" &&
    grep -q '^| `a` | `b / c` | same | 2 | 2 |' "$tmpdir/cmp.md" &&
    grep -q '^| `a / b` | `c` | same | 9 | 9 |' "$tmpdir/cmp.md"; then
	ok compare-md
else
	fail compare-md "$(cat "$tmpdir/cmp.md")"
fi
COLUMNS=120 pr compare $by $fix -f term --color never "$log" "$log" >"$tmpdir/cmp.txt"
if grep -q '^  operation_type  context\.x  Status ' "$tmpdir/cmp.txt" &&
    grep -q '^  a               b / c      same ' "$tmpdir/cmp.txt" &&
    grep -q '^  a / b           c          same ' "$tmpdir/cmp.txt"; then
	ok compare-term
else
	fail compare-term "$(cat "$tmpdir/cmp.txt")"
fi

# (f) A saved report grouped by other keys than --by is an error (status 2), as for
# --baseline.
rc=0
pr compare --by context.x,operation_type $fix -f md "$tmpdir/saved.json" "$log" \
    >/dev/null 2>"$tmpdir/err" || rc=$?
if [ "$rc" = 2 ] && grep -q "grouped by 'operation_type,context.x'" "$tmpdir/err"; then
	ok compare-other-by
else
	fail compare-other-by "status $rc: $(cat "$tmpdir/err")"
fi

# (g) A saved report whose rows' group keys differ: status 2, and nothing leaks (under
# ASan a leak turns the status into 1).
awk '/"context\.x"/ && ++n == 2 { sub(/"context\.x"/, "\"other\"") } { print }' \
    "$tmpdir/saved.json" >"$tmpdir/bad.json"
rc=0
pr compare $by $fix -f md "$tmpdir/bad.json" "$log" >/dev/null 2>"$tmpdir/err" || rc=$?
if [ "$rc" = 2 ] && grep -q 'group.other: the rows' "$tmpdir/err"; then
	ok compare-bad-group
else
	fail compare-bad-group "status $rc: $(cat "$tmpdir/err")"
fi

finish
