#!/bin/sh
# html.sh - the HTML report (SPEC section 13): for the samples, hostile and random names,
# an empty window, a one-record log and the CI gate, html-check.py finds the page
# well-formed (an XML parser reads it), self-contained (no script, no external URL, the
# CSP meta tag), readable on a phone and in print (viewport, @media print), with a chart
# pair per operation and every input text escaped. Then headless Chromium renders pages
# to PNG at desktop and phone widths (skipped, with a note, when Chromium is missing).
builddir=$(pwd)
. "$(dirname "$0")/setup.sh"
. "$(dirname "$0")/browser.sh"

cd "$top_srcdir"
python3 tests/e2e/hostile.py fixed >"$tmpdir/hostile.jsonl"
python3 tests/e2e/hostile.py random 11 300 >"$tmpdir/random.jsonl"
printf '%s\n' '{"timestamp":"2026-10-20T10:00:00Z","operation_type":"once","duration_ms":0}' \
    >"$tmpdir/one.jsonl"
pr monthly --now 2026-10-01 -f json -o "$tmpdir/base.json" samples/basic.jsonl

# page NAME CHECK-ARGS -- REPORT-ARGS: write the report as $tmpdir/NAME.html and check it.
page() {
	name=$1
	shift
	check=
	while [ "$1" != -- ]; do
		check="$check $1"
		shift
	done
	shift
	status=0
	pr "$@" -f html -o "$tmpdir/$name.html" 2>"$tmpdir/err" || status=$?
	if [ "$status" -gt 1 ]; then
		fail "$name" "status $status: $(head -3 "$tmpdir/err")"
		return
	fi
	# shellcheck disable=SC2086
	if python3 tests/e2e/html-check.py "$tmpdir/$name.html" $check >"$tmpdir/check"; then
		ok "$name"
	else
		fail "$name" "$(head -5 "$tmpdir/check")"
	fi
}
page monthly --charts 11 -- monthly --now latest samples/basic.jsonl
page trends --charts 12 -- trends --now latest samples/basic.jsonl
page weekly-limited --charts 2 -- weekly --now latest --charts 2 samples/degradation.jsonl
page hostile --charts 20 --forbid '<script>alert(1)</script>' --forbid '"quoted"' -- \
    monthly --now 2026-11-01 "$tmpdir/hostile.jsonl"
page random -- monthly --now 2026-11-01 "$tmpdir/random.jsonl"
page empty --charts 0 -- monthly --now 2030-01-01 samples/basic.jsonl
page one --charts 1 -- monthly --now 2026-11-01 "$tmpdir/one.jsonl"
page gate -- monthly --now 2026-11-01 --targets samples/targets.json \
    --baseline "$tmpdir/base.json" samples/basic.jsonl
page messy -- monthly --now latest samples/messy.jsonl

# The control: a page with a script must fail the check.
sed 's|</body>|<script>alert(1)</script></body>|' "$tmpdir/monthly.html" >"$tmpdir/bad.html"
if python3 tests/e2e/html-check.py "$tmpdir/bad.html" >/dev/null; then
	fail control "a page with a script passed the check"
else
	ok control
fi
# The verdict comes first in the body, the histogram's axis is logarithmic.
if grep -q '<h1>Performance Report: Last 30 days</h1>' "$tmpdir/monthly.html" &&
    grep -q 'class="verdict critical"' "$tmpdir/monthly.html" &&
    grep -q 'duration (ms, logarithmic)' "$tmpdir/monthly.html"; then
	ok verdict-and-histogram
else
	fail verdict-and-histogram "missing in monthly.html"
fi

if [ -n "$chromium" ]; then
	for p in monthly:1200,2400 monthly:390,2400 hostile:390,2400 trends:1200,3000; do
		name=${p%%:*} size=${p#*:}
		png=$tmpdir/$name-${size%%,*}.png
		timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
		    --hide-scrollbars --window-size="$size" --screenshot="$png" \
		    "file://$tmpdir/$name.html" >/dev/null 2>&1 || true
		if [ -s "$png" ] && [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = \
		    89504e470d0a1a0a ] && [ "$(wc -c <"$png")" -gt 20000 ]; then
			ok "render-$name-${size%%,*}"
		else
			fail "render-$name-${size%%,*}" "no PNG from $chromium"
		fi
	done
else
	echo "note: chromium not found: the HTML pages were checked but not rendered"
fi
finish
