#!/bin/sh
# html.sh - the HTML report (SPEC section 13): for the samples, hostile and random names,
# an empty window, a one-record log and the CI gate, html-check.py finds the page
# well-formed (an XML parser reads it), self-contained (no script, no external URL, the
# CSP meta tag), readable on a phone and in print (viewport, @media print), with a chart
# pair per operation and every input text escaped; the changes page likewise, a chart per
# changed operation with its change points marked; a slower finding's "since" marked on
# its operation's chart. Then headless Chromium renders pages
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
# Every hostile name charted (--charts 20; the default is the 12 most important).
page hostile --charts 20 --forbid '<script>alert(1)</script>' --forbid '"quoted"' -- \
    monthly --now 2026-11-01 --charts 20 "$tmpdir/hostile.jsonl"
page hostile-default --charts 12 -- monthly --now 2026-11-01 "$tmpdir/hostile.jsonl"
page random -- monthly --now 2026-11-01 "$tmpdir/random.jsonl"
page empty --charts 0 -- monthly --now 2030-01-01 samples/basic.jsonl
page one --charts 1 -- monthly --now 2026-11-01 "$tmpdir/one.jsonl"
page gate -- monthly --now 2026-11-01 --targets samples/targets.json \
    --baseline "$tmpdir/base.json" samples/basic.jsonl
page messy -- monthly --now latest samples/messy.jsonl
# --by and --explain (SPEC section 14): a column per key, the breakdown under slower, the
# same numbers as the Markdown list (with --top's cap, and sides without a record).
for x in "success context.model 10" "success context.model 2" "error session_id 4"; do
	# shellcheck disable=SC2086
	set -- $x
	pr weekly --now latest --by "operation_type,$1" --explain "$2" --top "$3" \
	    samples/agents.jsonl >"$tmpdir/by-$1-$3.md"
	page "by-$1-$3" --explain-md "$tmpdir/by-$1-$3.md" -- weekly --now latest \
	    --by "operation_type,$1" --explain "$2" --top "$3" samples/agents.jsonl
done
page by-trends -- trends --now latest --by operation_type,context.model samples/agents.jsonl
page by-hostile --forbid '<script>alert(1)</script>' --forbid '"quoted"' -- \
    monthly --now 2026-11-01 --by operation_type,error --explain session_id \
    "$tmpdir/hostile.jsonl"
page by-hostile-key --forbid '<i>"k"</i>' -- monthly --now 2026-11-01 \
    --by 'operation_type,context.<i>"k"</i>' --explain 'context.<i>"k"</i>' \
    "$tmpdir/hostile.jsonl"
# changes (SPEC section 17): one chart per changed operation or group, each change point
# of the JSON marked once, input text escaped.
for x in "changes samples/basic.jsonl" "changes-by --by operation_type,context.model samples/agents.jsonl" \
    "changes-hostile $tmpdir/hostile.jsonl"; do
	# shellcheck disable=SC2086
	set -- $x
	name=$1
	shift
	pr changes -f json "$@" >"$tmpdir/$name.json"
	counts=$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
print(len({(c["operation"], json.dumps(c.get("group"))) for c in d["changes"]}), len(d["changes"]))' \
	    "$tmpdir/$name.json")
	page "$name" --svgs 1 --charts "${counts% *}" --marks "${counts#* }" \
	    --forbid '<script>alert(1)</script>' --forbid '"quoted"' -- changes "$@"
done
# A slower finding's change point (its "since", SPEC section 17) marked on that operation's
# chart in weekly/monthly/trends pages: as many marks as the JSON has slower findings with a
# since (none on a page without one), labelled with that day.
for x in "since-basic monthly --now latest samples/basic.jsonl" \
    "since-by weekly --now latest --by operation_type,context.model samples/agents.jsonl" \
    "since-step monthly --now 2026-11-01 tests/e2e/data/since-step.jsonl" \
    "since-none weekly --now latest samples/degradation.jsonl"; do
	# shellcheck disable=SC2086
	set -- $x
	name=$1
	shift
	pr "$@" -f json >"$tmpdir/$name.json" || true
	since=$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
print(" ".join(f["since"][5:] for f in d["degradations"] if f["flag"] == "slower" and f.get("since")))' \
	    "$tmpdir/$name.json")
	# shellcheck disable=SC2086
	page "$name" --marks "$(echo $since | wc -w)" -- "$@"
	for day in $since; do
		if grep -q "class=\"cp\">since $day</text>" "$tmpdir/$name.html"; then
			ok "$name-label-$day"
		else
			fail "$name-label-$day" "no mark labelled since $day"
		fi
	done
done
# The mark sits on the slower operation's chart: the figure captioned "slower" holds it.
if python3 -c 'import re, sys
t = open(sys.argv[1]).read()
figs = re.findall(r"<figure>.*?</figure>", t, re.S)
marked = [f for f in figs if "class=\"cp\"" in f]
sys.exit(not (len(marked) == 1 and "gpt-4.1-mini" in marked[0].split("</figcaption>")[0]))' \
    "$tmpdir/since-by.html"; then
	ok since-on-its-chart
else
	fail since-on-its-chart "the since mark is not on llm_call / gpt-4.1-mini's chart"
fi

# The control: a page with a script must fail the check.
sed 's|</body>|<script>alert(1)</script></body>|' "$tmpdir/monthly.html" >"$tmpdir/bad.html"
if python3 tests/e2e/html-check.py "$tmpdir/bad.html" >/dev/null; then
	fail control "a page with a script passed the check"
else
	ok control
fi
# One column per --by key, headed by the key, its values in code.
if grep -q '<th><code>operation_type</code></th><th><code>context.model</code></th><th class="n">Count' \
    "$tmpdir/by-trends.html" &&
    grep -q '<tr><td><code>llm_call</code></td><td><code>gpt-4.1-mini</code></td><td class="n">' \
    "$tmpdir/by-trends.html" &&
    grep -q '<th><code>context.model</code></th><th>P95 trend</th>' "$tmpdir/by-trends.html"; then
	ok by-columns
else
	fail by-columns "no key columns in by-trends.html"
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
	for p in monthly:1200,2400 monthly:390,2400 hostile:390,2400 trends:1200,3000 \
	    by-success-2:1200,2400 by-hostile:390,2400 changes:1200,1600 changes:390,2400 \
	    since-by:1200,2400; do
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
