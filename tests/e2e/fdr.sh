#!/bin/sh
# fdr.sh - many rows, one verdict; a window the input only partly covers (SPEC section 5):
# the q-values of a report, of a baseline comparison and of compare against the textbook
# Benjamini-Hochberg procedure written again here (standard-library Python: the binomial
# tail summed term by term, the family assembled from the JSON); --fdr off gives q = p and
# brings back a finding that q removes; coverage_pct against its formula; the README's
# sample, `trends --days 90 --now latest samples/basic.jsonl`, raises no slower and says
# why, and --min-coverage 0 judges it again; usage errors.
. "$(dirname "$0")/setup.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "note: python3 not found: skipped"
	exit 77
fi
cd "$top_srcdir"
s=samples/basic.jsonl

# check NAME PYTHON-CHECK JSON...: run the check (helpers below, then the text given) on
# the JSON files; it exits non-zero with a reason.
check() {
	name=$1
	code=$2
	shift 2
	if python3 - "$@" >"$tmpdir/why" 2>&1 <<PY
import json, math, sys
docs = [json.load(open(p, encoding="utf-8")) for p in sys.argv[1:] if p.endswith(".json")]

def bh(ps):
    """Benjamini-Hochberg by its definition: q(i) = min over j >= i of min(1, p(j) k / j)."""
    k = len(ps)
    order = sorted(range(k), key=lambda i: (ps[i], i))
    q = [0.0] * k
    for r, i in enumerate(order):
        q[i] = min(min(1.0, ps[order[j]] * k / (j + 1)) for j in range(r, k))
    return q

def binom_upper(k, n, p):
    """P(X >= k), X ~ Binomial(n, p), summed term by term."""
    return min(1.0, sum(math.comb(n, x) * p ** x * (1 - p) ** (n - x) for x in range(k, n + 1)))

def near(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(abs(b), 1e-300)

def report_family(d, limit=1.0, min_samples=1):
    """[(p, where the q is read)] in the order of SPEC section 5."""
    fam = []
    for r in d["operations"]:
        if r["q_value"] is not None:
            fam.append((r["p_value"], ("row", r["operation"])))
    for r in d["operations"]:
        if r["error_rate_pct"] > limit and r["count"] >= min_samples:
            fam.append((binom_upper(r["failed"], r["count"], limit / 100), ("errors", r["operation"])))
    return fam

$code
PY
	then ok "$name"; else fail "$name" "$(cat "$tmpdir/why")"; fi
}

# (a) The q-values of a monthly report: every judged drift test and every errors test of a
# row above the limit, adjusted together; the errors finding of web_fetch (p 0.0243) has
# q 0.0669 and is gone, a drift row outside the family (new) has no q.
pr monthly --now latest -f json "$s" >"$tmpdir/m.json"
check monthly-q '
d = docs[0]
fam = report_family(d)
q = bh([p for p, _ in fam])
errs = {f["operation"]: f for f in d["degradations"] if f["flag"] == "errors"}
rows = {r["operation"]: r for r in d["operations"]}
for (p, (kind, op)), want in zip(fam, q):
    got = rows[op]["q_value"] if kind == "row" else errs.get(op, {}).get("q_value")
    flagged = kind == "errors" and op in errs
    if kind == "row" and not near(got, want):
        sys.exit("%s drift q %r, want %r" % (op, got, want))
    if kind == "errors" and flagged != (want < 0.05):
        sys.exit("%s errors: q %r, flagged %r" % (op, want, flagged))
    if flagged and not near(got, want):
        sys.exit("%s errors q %r, want %r" % (op, got, want))
if "errors" in rows["web_fetch"]["flags"]:
    sys.exit("web_fetch still flagged errors")
for r in d["operations"]:
    if (r["q_value"] is None) != (r["p_value"] is None or r["prev_count"] == 0):
        sys.exit("q of %s: %r" % (r["operation"], r))
    if r["q_value"] is not None and r["q_value"] < r["p_value"]:
        sys.exit("q below p: %r" % r)
for f in d["degradations"]:
    if f["flag"] == "outlier" and (f["p_value"], f["q_value"]) != (None, None):
        sys.exit("outlier with a test: %r" % f)
' "$tmpdir/m.json"

# (b) --fdr off: q = p everywhere, and web_fetch errors (p 0.0243 < 0.05) is back.
pr monthly --now latest --fdr off -f json "$s" >"$tmpdir/off.json"
check fdr-off '
d = docs[0]
for r in d["operations"]:
    if r["q_value"] != (r["p_value"] if r["prev_count"] > 0 else None):
        sys.exit("q != p: %r" % r)
for f in d["degradations"]:
    if f["q_value"] != f["p_value"]:
        sys.exit("finding q != p: %r" % f)
if not any(f["operation"] == "web_fetch" and f["flag"] == "errors" for f in d["degradations"]):
    sys.exit("no web_fetch errors under --fdr off")
' "$tmpdir/off.json"

# (c) Markdown names q where it shows differently from p, and only there: --alpha 1 and
# --drift-pct 5 make findings of every kind of p; each bullet against its JSON finding.
pr monthly --now latest --alpha 1 --drift-pct 5 -f json "$s" >"$tmpdir/a1.json"
pr monthly --now latest --alpha 1 --drift-pct 5 "$s" >"$tmpdir/a1.md"
check md-q-phrase '
import re
def shown(p):
    return "< 0.0001" if p < 1e-4 else "= %s" % ("%.3g" % p)
md = open(sys.argv[2], encoding="utf-8").read()
seen_q = seen_same = 0
for f in docs[0]["degradations"]:
    if f["p_value"] is None:
        continue
    p, q = shown(f["p_value"]), shown(f["q_value"])
    want = "p %s, q %s" % (p, q) if p != q else "p %s" % p
    line = [l for l in md.splitlines() if ("`%s` **%s**" % (f["operation"], f["flag"])) in l]
    if len(line) != 1 or "; %s" % want not in line[0] or (p == q and ", q " in line[0]):
        sys.exit("%s %s: want %r in %r" % (f["operation"], f["flag"], want, line))
    seen_q += p != q
    seen_same += p == q
if not seen_q or not seen_same:
    sys.exit("cases: %d with q, %d without" % (seen_q, seen_same))
' "$tmpdir/a1.json" "$tmpdir/a1.md"

# (d) With --baseline, the baseline's tests join the family: one per row's Welch test
# (avg and the percentiles share it) and per error-rate test whose rate changed; every
# q against the definition, and each status from q.
pr report --since 2026-10-01 --until 2026-11-01 --min-coverage 0 \
    --baseline tests/e2e/data/base-report.json -f json tests/e2e/data/cur.jsonl \
    >"$tmpdir/b.json" || true
check baseline-q '
d = docs[0]
fam = report_family(d)
res = d["baseline"]["results"]
for b in res:
    if b["metric"] == "avg_ms" and b["p_value"] is not None:
        fam.append((b["p_value"], ("base", b["operation"], "welch")))
    if b["metric"] == "error_rate_pct" and b["p_value"] is not None and b["baseline"] != b["current"]:
        fam.append((b["p_value"], ("base", b["operation"], "rate")))
q = bh([p for p, _ in fam])
want = {w: v for (_, w), v in zip(fam, q)}
rows = {r["operation"]: r for r in d["operations"]}
for (p, w), v in zip(fam, q):
    if w[0] == "row" and not near(rows[w[1]]["q_value"], v):
        sys.exit("row %s q %r, want %r" % (w[1], rows[w[1]]["q_value"], v))
for b in res:
    key = ("base", b["operation"], "rate" if b["metric"] == "error_rate_pct" else "welch")
    if key not in want:
        if b["q_value"] is not None:
            sys.exit("q outside the family: %r" % b)
        continue
    if not near(b["q_value"], want[key]):
        sys.exit("%r: q %r, want %r" % (key, b["q_value"], want[key]))
    if b["status"] in ("regression", "warning", "improved") and not b["q_value"] < 0.05:
        sys.exit("status %s with q %r" % (b["status"], b["q_value"]))
if not any(b["q_value"] is not None and b["q_value"] > b["p_value"] for b in res):
    sys.exit("no baseline q above its p: the family did not grow")
' "$tmpdir/b.json"

# (e) compare: every row with a test is in the family.
pr compare -f json tests/e2e/data/base.jsonl tests/e2e/data/cur.jsonl >"$tmpdir/c.json" || true
check compare-q '
d = docs[0]
t = [r for r in d["operations"] if r["p_value"] is not None]
for r, v in zip(t, bh([r["p_value"] for r in t])):
    if not near(r["q_value"], v):
        sys.exit("%s: q %r, want %r" % (r["operation"], r["q_value"], v))
    if r["status"] in ("regression", "warning", "improved") and not r["q_value"] < 0.05:
        sys.exit("status %s with q %r" % (r["status"], r["q_value"]))
for r in d["operations"]:
    if (r["q_value"] is None) != (r["p_value"] is None):
        sys.exit("q and p: %r" % r)
if len(t) < 2:
    sys.exit("too few tests to check: %d" % len(t))
' "$tmpdir/c.json"

# (f) The README sample over 90 days: the log starts 2026-08-01, one day into the previous
# window [2026-05-04, 2026-08-02): coverage 100 * 1.00000146 / 90 = 2.2 %; no slower or
# faster, the line under Degradation says why, the drift tests leave the family.
pr trends --days 90 --now latest "$s" >"$tmpdir/t.md"
pr trends --days 90 --now latest -f json "$s" >"$tmpdir/t.json"
pr trends --days 90 --now latest --min-coverage 0 -f json "$s" >"$tmpdir/t0.json"
if grep -q 'slower' "$tmpdir/t.md"; then
	fail trends-90-no-slower "$(grep slower "$tmpdir/t.md")"
else
	ok trends-90-no-slower
fi
if grep -qx -- '- Drift not judged: the input starts 2026-08-01, so it covers 2.2 % of the previous window (--min-coverage 50).' "$tmpdir/t.md"
then ok trends-90-says-why; else fail trends-90-says-why "$(sed -n '/## Degradation/,/## Slowest/p' "$tmpdir/t.md")"; fi
check coverage '
import datetime, re
def ts(s):
    """RFC 3339 and the variants in the sample (space or t, any fraction, +hhmm, z)."""
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d)[Tt ](\d\d:\d\d:\d\d)(?:\.(\d+))?"
                     r"([Zz]|[+-]\d\d:?\d\d)", s)
    t = datetime.datetime.fromisoformat(m.group(1) + "T" + m.group(2) + "+00:00").timestamp()
    t += float("0." + (m.group(3) or "0"))
    if m.group(4) not in "Zz":
        off = m.group(4).replace(":", "")
        t -= (1 if off[0] == "+" else -1) * (int(off[1:3]) * 3600 + int(off[3:5]) * 60)
    return t
first = min(ts(json.loads(l)["timestamp"]) for l in open("samples/basic.jsonl") if l.strip())
for d in docs:
    for w in ("window", "previous_window"):
        a, z = ts(d[w]["start"]), ts(d[w]["end"])
        want = max(0.0, min(100.0, 100 * (z - max(a, first)) / (z - a)))
        if abs(d[w]["coverage_pct"] - want) > 1e-6:
            sys.exit("%s coverage %r, want %r" % (w, d[w]["coverage_pct"], want))
d, d0 = docs
if round(d["previous_window"]["coverage_pct"], 1) != 2.2 or d["window"]["coverage_pct"] != 100:
    sys.exit("coverage %r %r" % (d["window"], d["previous_window"]))
for r in d["operations"]:
    if {"slower", "faster"} & set(r["flags"]) or r["q_value"] is not None:
        sys.exit("judged: %r" % r)
    if r["prev_count"] > 0 and r["p_value"] is None:
        sys.exit("p_value dropped: %r" % r)
if not any(r["q_value"] is not None for r in d0["operations"]):
    sys.exit("--min-coverage 0: no drift test in the family")
' "$tmpdir/t.json" "$tmpdir/t0.json"

# (g) Usage errors: status 2 and a message naming the option.
for args in "--fdr maybe $s" "--min-coverage 101 $s" "--min-coverage -1 $s" \
    "export --fdr off $s" "export --min-coverage 10 $s" "compare --min-coverage 10 $s $s"; do
	status=0
	# shellcheck disable=SC2086
	pr $args >/dev/null 2>"$tmpdir/err" || status=$?
	opt=$(echo "$args" | sed 's/.*\(--[a-z-]*\).*/\1/')
	if [ "$status" = 2 ] && grep -q -- "$opt" "$tmpdir/err"; then ok "usage: $args"
	else fail "usage: $args" "status $status: $(cat "$tmpdir/err")"; fi
done

finish
