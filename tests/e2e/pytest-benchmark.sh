#!/bin/sh
# pytest-benchmark.sh - a pytest-benchmark summary read wherever a saved report is (SPEC
# section 16), on files the real pytest-benchmark writes in this test: two saved runs of a
# tiny suite (--benchmark-save, which keeps no raw times without --benchmark-save-data), the
# second doing ten times the work in one benchmark. `compare BASE CURRENT` and
# `--baseline` must give the changes of avg and p50 and Welch's p of SciPy's
# ttest_ind_from_stats (1e-9 relative), leave p95 and p99 out (null) and say so on standard
# error and in the Markdown; a --benchmark-json file (which holds the raw times) is a
# baseline too. Skips (77) without a python3 that has pytest-benchmark and SciPy (Debian:
# python3-pytest-benchmark, python3-scipy).
. "$(dirname "$0")/setup.sh"
set +e # each check below tests a status itself

py=
for cand in python3 /usr/bin/python3; do
	if command -v "$cand" >/dev/null 2>&1 &&
	    "$cand" -c 'import pytest, pytest_benchmark, scipy' 2>/dev/null; then
		py=$cand
		break
	fi
done
if [ -z "$py" ]; then
	echo "note: no python3 with pytest-benchmark and scipy (Debian: python3-pytest-benchmark, python3-scipy): skipped"
	exit 77
fi

# The suite: WORK_N sets the size of test_work; test_steady does the same in both runs.
mkdir "$tmpdir/suite"
cat >"$tmpdir/suite/test_tiny.py" <<'EOF'
import os


def work(n):
    s = 0
    for i in range(n):
        s += i * i
    return s


def test_work(benchmark):
    benchmark.pedantic(work, args=(int(os.environ["WORK_N"]),), rounds=40, iterations=2,
                       warmup_rounds=3)


def test_steady(benchmark):
    benchmark.pedantic(work, args=(300,), rounds=15, iterations=5, warmup_rounds=3)
EOF
# bench NAME N PYTEST-OPTION...: one run of the suite with WORK_N=N.
bench() {
	name=$1 n=$2
	shift 2
	(cd "$tmpdir/suite" && WORK_N=$n "$py" -m pytest -q -p no:cacheprovider "$@" test_tiny.py) \
	    >"$tmpdir/pytest-$name.log" 2>&1
}
store="--benchmark-storage=file://$tmpdir/store"
bench base 3000 "$store" --benchmark-save=base && bench cur 30000 "$store" --benchmark-save=cur &&
    bench raw 30000 --benchmark-json="$tmpdir/cur-raw.json"
st=$?
base=$(find "$tmpdir/store" -name '*_base.json' | head -n 1)
cur=$(find "$tmpdir/store" -name '*_cur.json' | head -n 1)
if [ "$st" != 0 ] || [ -z "$base" ] || [ -z "$cur" ]; then
	fail pytest-runs "status $st: $(tail -n 5 "$tmpdir"/pytest-*.log)"
	finish
	exit 1
fi
ok pytest-runs

# compare of two saved runs.
st=0
pr compare -f json "$base" "$cur" >"$tmpdir/cmp.json" 2>"$tmpdir/cmp.err" || st=$?
if [ "$st" = 0 ]; then ok compare-status; else fail compare-status "status $st: $(cat "$tmpdir/cmp.err")"; fi
for side in BASE CURRENT; do
	grep -q "^perf-reporter: .*: p95, p99 of --percentiles are not compared: $side (a pytest-benchmark summary) holds only p50\$" "$tmpdir/cmp.err" &&
	    ok "compare-says-left-out-$side" || fail "compare-says-left-out-$side" "$(cat "$tmpdir/cmp.err")"
done
pr compare "$base" "$cur" 2>/dev/null | grep -q '^Note: p95, p99 of --percentiles are not compared: BASE' &&
    ok compare-markdown-note || fail compare-markdown-note "no note in the Markdown"
st=0
pr compare --percentiles 50 "$base" "$cur" >/dev/null 2>"$tmpdir/p50.err" || st=$?
[ "$st" = 0 ] && [ ! -s "$tmpdir/p50.err" ] && ok compare-p50-only-no-note ||
    fail compare-p50-only-no-note "status $st: $(cat "$tmpdir/p50.err")"

# --baseline: a log of the same operations (seeded durations, one failure) against the
# saved base run, and against a --benchmark-json file (raw times held, read as a summary).
"$py" - "$tmpdir/log.jsonl" <<'EOF'
import json, random, sys
rnd = random.Random(20261207)
with open(sys.argv[1], "w") as f:
    for i in range(40):
        for op, mu in (("test_tiny.py::test_work", 0.9), ("test_tiny.py::test_steady", 0.02)):
            f.write(json.dumps({"timestamp": "2026-11-01T00:%02d:%02dZ" % (i // 60, i % 60),
                                "operation_type": op, "duration_ms": round(rnd.gauss(mu, mu / 10), 6),
                                "success": not (i == 7 and op.endswith("steady"))}) + "\n")
EOF
gate() { # gate NAME BASELINE: the report of the log against BASELINE, as JSON
	st=0
	pr report --since 2026-11-01 --until 2026-11-02 --min-samples 1000 -f json --baseline "$2" \
	    "$tmpdir/log.jsonl" >"$tmpdir/$1.json" 2>"$tmpdir/$1.err" || st=$?
	if [ "$st" = 0 ] && grep -q "p95, p99 of --percentiles are not compared: the baseline (a pytest-benchmark summary) holds only p50" "$tmpdir/$1.err"; then
		ok "baseline-$1"
	else
		fail "baseline-$1" "status $st: $(cat "$tmpdir/$1.err")"
	fi
}
gate saved "$base"
gate raw "$tmpdir/cur-raw.json"

# The numbers, against SciPy from the files themselves.
"$py" - "$base" "$cur" "$tmpdir/cmp.json" "$tmpdir/log.jsonl" "$tmpdir/saved.json" "$tmpdir/cur-raw.json" "$tmpdir/raw.json" >"$tmpdir/py.out" 2>&1 <<'EOF'
import json, statistics, sys
from scipy.stats import ttest_ind_from_stats

base_f, cur_f, cmp_f, log_f, saved_f, raw_summary_f, raw_f = sys.argv[1:8]
errs = []


def close(what, got, want, rel=1e-9):
    if got is None or abs(got - want) > rel * abs(want):
        errs.append("%s: got %r, want %r" % (what, got, want))


def summary(path):
    """fullname -> (rounds, mean ms, stddev ms, median ms), from pytest-benchmark's file"""
    return {b["fullname"]: (b["stats"]["rounds"], b["stats"]["mean"] * 1e3,
                            b["stats"]["stddev"] * 1e3, b["stats"]["median"] * 1e3)
            for b in json.load(open(path))["benchmarks"]}


def welch(a, b):
    return ttest_ind_from_stats(a[1], a[2], a[0], b[1], b[2], b[0], equal_var=False).pvalue


B, C = summary(base_f), summary(cur_f)
cmp = json.load(open(cmp_f))
rows = {r["operation"]: r for r in cmp["operations"]}
if sorted(rows) != sorted(B) or cmp["base"]["kind"] != "report" or cmp["current"]["kind"] != "report":
    errs.append("compare rows %r, kinds %r %r" % (sorted(rows), cmp["base"]["kind"], cmp["current"]["kind"]))
for op, r in rows.items():
    b, c = B[op], C[op]
    if r["test"] != "welch" or r["base"]["count"] != b[0] or r["current"]["count"] != c[0]:
        errs.append("%s: test %r, counts %r %r" % (op, r["test"], r["base"]["count"], r["current"]["count"]))
    close(op + " base avg", r["base"]["avg_ms"], b[1])
    close(op + " base stddev", r["base"]["stddev_ms"], b[2])
    close(op + " base p50", r["base"]["p50_ms"], b[3])
    close(op + " change avg", r["change_pct"]["avg_ms"], 100 * (c[1] - b[1]) / b[1])
    close(op + " change p50", r["change_pct"]["p50_ms"], 100 * (c[3] - b[3]) / b[3])
    close(op + " p", r["p_value"], welch(b, c))
    for side in ("base", "current"):
        for k in ("p95_ms", "p99_ms"):
            if r[side][k] is not None:
                errs.append("%s: %s.%s is %r, not null" % (op, side, k, r[side][k]))
    for k in ("p95_ms", "p99_ms"):
        if r["change_pct"][k] is not None:
            errs.append("%s: change_pct.%s is %r, not null" % (op, k, r["change_pct"][k]))
# Ten times the work, 40 rounds each after 3 warm-up rounds: a regression by any test.
if rows["test_tiny.py::test_work"]["status"] != "regression":
    errs.append("test_work: status %r" % rows["test_tiny.py::test_work"]["status"])

# --baseline: the log's rows (count, mean, sample stddev, median) against each summary.
durs = {}
for line in open(log_f):
    rec = json.loads(line)
    durs.setdefault(rec["operation_type"], []).append(rec["duration_ms"])
for report_f, summ_f in ((saved_f, base_f), (raw_f, raw_summary_f)):
    S = summary(summ_f)
    rep = json.load(open(report_f))
    got = {(x["operation"], x["metric"]): x for x in rep["baseline"]["results"]}
    if sorted({m for _, m in got}) != ["avg_ms", "error_rate_pct", "p50_ms"]:
        errs.append("%s: metrics %r" % (report_f, sorted({m for _, m in got})))
    for op, v in durs.items():
        cur = (len(v), statistics.fmean(v), statistics.stdev(v), statistics.median(v))
        s = S[op]
        a = got[(op, "avg_ms")]
        close(report_f + " " + op + " baseline avg", a["baseline"], s[1])
        close(report_f + " " + op + " change avg", a["change_pct"], 100 * (cur[1] - s[1]) / s[1])
        close(report_f + " " + op + " p avg", a["p_value"], welch(s, cur))
        p = got[(op, "p50_ms")]
        close(report_f + " " + op + " change p50", p["change_pct"], 100 * (cur[3] - s[3]) / s[3])
        e = got[(op, "error_rate_pct")]
        if e["baseline"] != 0:
            errs.append("%s: baseline error rate %r" % (op, e["baseline"]))
print("\n".join(errs))
sys.exit(1 if errs else 0)
EOF
if [ $? = 0 ]; then ok numbers-match-scipy; else fail numbers-match-scipy "$(cat "$tmpdir/py.out")"; fi

finish
