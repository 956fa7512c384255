#!/bin/sh
# issue-look.sh - the reports look right where they are read (issue 23, items 2 and 3):
# - Markdown at issue width: the Operations table of each report fits GitHub's issue column
#   (830 px in github-markdown-css, measured in headless Chromium by issue-look.py), the
#   full table follows in a <details> block, and the Mermaid charts (drawn by Mermaid 10)
#   have at most 10 x labels, none overlapping, and a y axis from 0;
# - the verdict line names the first findings;
# - every Mermaid block's y axis is "ms" from 0, a 90-day daily chart keeps every day on
#   its axis (the gaps too) with at most 10 labels, all distinct;
# - an HTML page of 400 operations stays under 500 KB (the 12 most important charted),
#   and would not with every operation charted (the control).
# The browser checks skip (77) without chromium or npm (github-markdown-css, mermaid@10).
builddir=$(pwd)
. "$(dirname "$0")/setup.sh"
. "$(dirname "$0")/browser.sh"

cd "$top_srcdir"

# The verdict names the findings, worst first, one name per operation (--fdr off: the
# per-test rule, under which web_fetch's errors, p 0.0243, q 0.0669, are a finding too).
pr monthly --now 2026-11-01 --fdr off samples/basic.jsonl >"$tmpdir/basic.md"
want='❌ `memory_search` slower +40.0%, `web_fetch` errors 3.7%, `db_query` outlier · 2 degradations, 1 warning'
if [ "$(sed -n 3p "$tmpdir/basic.md")" = "$want" ]; then
	ok verdict-names-findings
else
	fail verdict-names-findings "$(sed -n 3p "$tmpdir/basic.md")"
fi
# The full table (every percentile, min, max, stddev, p, q) in a <details> block.
if grep -q '^<details><summary>Full table: every percentile, min, max, stddev, p, q</summary>$' \
    "$tmpdir/basic.md" &&
    grep -q '^| Operation | Count | Success | Avg (ms) | P50 | P95 | P99 | Min | Max | Stddev | Δ avg | p | q | Flags |$' \
    "$tmpdir/basic.md"; then
	ok full-table-in-details
else
	fail full-table-in-details "$(grep -n 'details\|^| Operation' "$tmpdir/basic.md")"
fi

# Mermaid source: a 90-day daily trend keeps all 90 days on the axis, shows at most 10
# labels and a y axis "ms" from 0; so does every chart of the other reports.
pr trends --now latest --bucket day --charts 3 samples/basic.jsonl >"$tmpdir/daily.md"
pr trends --now latest samples/basic.jsonl >"$tmpdir/trends.md"
pr weekly --now latest --charts 3 samples/degradation.jsonl >"$tmpdir/weekly.md"
pr monthly --now 2026-11-01 --charts 4 --targets samples/targets.json \
    samples/basic.jsonl >"$tmpdir/gate.md" || true
python3 tests/e2e/hostile.py fixed >"$tmpdir/hostile.jsonl"
pr monthly --now 2026-11-01 --charts 3 "$tmpdir/hostile.jsonl" >"$tmpdir/hostile.md"
pr weekly --now latest --by operation_type,context.model samples/agents.jsonl \
    >"$tmpdir/by.md"
if python3 - "$tmpdir"/daily.md "$tmpdir"/trends.md "$tmpdir"/weekly.md "$tmpdir"/gate.md \
    >"$tmpdir/src" <<'PY'
import re, sys
bad = 0
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    for b in re.findall(r"^```mermaid\n(.*?)^```$", text, re.S | re.M):
        xs = re.findall(r'"([^"]*)"', re.search(r"x-axis \"[^\"]*\" \[(.*?)\]", b).group(1))
        shown = [x for x in xs if x.strip("\u200b\u200c")]
        bars = [m.split(",") for m in re.findall(r"bar \[(.*?)\]", b)]
        ok = (re.search(r'^    y-axis "ms" 0 --> [0-9.]+$', b, re.M) and 0 < len(shown) <= 10
              and len(set(xs)) == len(xs) and all(len(v) == len(xs) for v in bars))
        # 90 days from a --now that is not midnight touch 91 UTC days: each keeps its place.
        if "daily" in path and len(xs) != 91:
            ok = False
        print("%s %s: %d positions, %d labels" % ("ok  " if ok else "FAIL", path, len(xs),
                                                  len(shown)))
        bad += not ok
sys.exit(1 if bad else 0)
PY
then
	ok mermaid-axes
else
	fail mermaid-axes "$(grep FAIL "$tmpdir/src" | head -3)"
fi
grep -c '^ok' "$tmpdir/src" | sed 's/^/mermaid axes checked: /'

# HTML: 400 operations, 30 days, 3 records a day each.
python3 - >"$tmpdir/ops400.jsonl" <<'PY'
import json, random
random.seed(23)
for d in range(30):
    for i in range(400):
        for k in range(3):
            print(json.dumps({"timestamp": "2026-10-%02dT%02d:00:00Z" % (d + 1, 5 * k),
                              "operation_type": "op_%03d" % i,
                              "duration_ms": round(random.lognormvariate(3, 1), 2),
                              "success": random.random() > 0.01}))
PY
pr monthly --now 2026-11-01 -f html -o "$tmpdir/400.html" "$tmpdir/ops400.jsonl" || true
pr monthly --now 2026-11-01 --charts 400 -f html -o "$tmpdir/400all.html" \
    "$tmpdir/ops400.jsonl" || true
size=$(wc -c <"$tmpdir/400.html")
all=$(wc -c <"$tmpdir/400all.html")
figures=$(grep -c '^<figure>' "$tmpdir/400.html" || true)
echo "HTML of 400 operations: $size bytes ($figures charted); every one charted: $all bytes"
if [ "$size" -lt 512000 ] && [ "$all" -ge 512000 ] && [ "$figures" = 12 ]; then
	ok html-400-under-500k
else
	fail html-400-under-500k "$size bytes, $figures charts; all charted $all bytes"
fi

# In the browser, at issue width.
need_mermaid
need_ghcss
if [ -z "$chromium" ] || [ -z "$mermaid_js" ] || [ -z "$ghcss" ]; then
	echo "skipped the browser checks: needs chromium and npm (mermaid@10, github-markdown-css)"
	[ "$failed" -eq 0 ] || finish
	exit 77
fi
if python3 tests/e2e/issue-look.py "$ghcss" "$mermaid_js" "$chromium" "$tmpdir" \
    "$tmpdir"/basic.md "$tmpdir"/trends.md "$tmpdir"/daily.md "$tmpdir"/weekly.md \
    "$tmpdir"/gate.md "$tmpdir"/hostile.md "$tmpdir"/by.md >"$tmpdir/look"; then
	ok issue-width
else
	fail issue-width "$(grep FAIL "$tmpdir/look" | head -5)"
fi
cat "$tmpdir/look"
finish
