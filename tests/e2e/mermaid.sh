#!/bin/sh
# mermaid.sh - every Mermaid block perf-reporter writes is parsed and rendered by Mermaid 10
# itself (the version GitHub runs) in headless Chromium (mermaid-check.py): trends with its
# default 3 charts, --charts on weekly and monthly, month buckets, a one-bucket series,
# hostile names (escape sequences, quotes, Mermaid and HTML syntax) and seeded random ones,
# and --max-chars, which drops charts before rows; the charts of changes. Skips (77)
# without npm, the package or Chromium.
builddir=$(pwd)
. "$(dirname "$0")/setup.sh"
. "$(dirname "$0")/browser.sh"

cd "$top_srcdir"
need_mermaid
if [ -z "$mermaid_js" ] || [ -z "$chromium" ]; then
	echo "skipped: needs npm (mermaid@10) and chromium (Debian: apt-get install npm chromium)"
	exit 77
fi
python3 tests/e2e/hostile.py fixed >"$tmpdir/hostile.jsonl"
python3 tests/e2e/hostile.py random 7 300 >"$tmpdir/random.jsonl"
printf '%s\n' '{"timestamp":"2026-10-20T10:00:00Z","operation_type":"once","duration_ms":3}' \
    >"$tmpdir/one.jsonl"
n=0
md() {
	n=$((n + 1))
	pr "$@" >"$tmpdir/$n.md"
	if grep -q '^```mermaid$' "$tmpdir/$n.md"; then
		ok "has-charts-$n"
	else
		fail "has-charts-$n" "no chart in: $*"
	fi
}
md trends --now latest samples/basic.jsonl
md trends --now latest --days 400 --charts 4 samples/basic.jsonl
md weekly --now latest --charts 5 samples/degradation.jsonl
md monthly --now 2026-11-01 --charts 40 "$tmpdir/hostile.jsonl"
md monthly --now 2026-11-01 --charts 10 "$tmpdir/random.jsonl"
md monthly --now 2026-11-01 --charts 1 "$tmpdir/one.jsonl"
md trends --now latest --charts 3 --max-chars 5000 samples/basic.jsonl
# changes: a chart per changed operation, its change points in the title.
md changes --format md samples/basic.jsonl
md changes --format md --by context.model samples/agents.jsonl
# Their x axes name at most 10 dates (chart-axis.h), as the report's charts do.
for f in 8 9; do
	most=$(grep '^    x-axis \[' "$tmpdir/$f.md" | awk -F'", "' '{ c = 0
		for (i = 1; i <= NF; i++) if ($i ~ /[0-9]/) c++
		if (c > m) m = c } END { print m + 0 }')
	if [ "$most" -ge 2 ] && [ "$most" -le 10 ]; then
		ok "changes-x-labels-$f"
	else
		fail "changes-x-labels-$f" "$most dated labels on one x axis"
	fi
done

# The Markdown of the default trends has exactly 3 charts, and --charts 0 none.
c=$(grep -c '^```mermaid$' "$tmpdir/1.md" || true)
[ "$c" = 3 ] && ok default-3 || fail default-3 "$c charts"
pr trends --now latest --charts 0 samples/basic.jsonl >"$tmpdir/none"
grep -q mermaid "$tmpdir/none" && fail charts-0 "charts with --charts 0" || ok charts-0
# --max-chars drops charts before rows (after the full table): 5000 leaves a chart or more
# out, but all rows stay.
if grep -q 'more charts* left out (limit --max-chars 5000)' "$tmpdir/7.md" &&
    ! grep -q 'operations not shown' "$tmpdir/7.md" &&
    [ "$(python3 -c "import sys; print(len(open(sys.argv[1], encoding='utf-8').read()))" "$tmpdir/7.md")" -le 5000 ]; then
	ok max-chars-drops-charts-first
else
	fail max-chars-drops-charts-first "$(grep -n 'left out\|not shown' "$tmpdir/7.md")"
fi

if python3 tests/e2e/mermaid-check.py "$mermaid_js" "$chromium" "$tmpdir" "$tmpdir"/*.md \
    >"$tmpdir/check"; then
	ok mermaid-parses-and-renders
else
	fail mermaid-parses-and-renders "$(grep FAIL "$tmpdir/check" | head -5)"
fi
grep -c '^ok' "$tmpdir/check" | sed 's/^/mermaid blocks checked (with the control): /'
finish
