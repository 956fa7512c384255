#!/usr/bin/env python3
"""Independent check of perf-reporter's statistics of comparison (SPEC sections 5, 6, 12)
against numpy and SciPy, on real runs of the binary.

usage: check-significance.py PERF_REPORTER TOP_SRCDIR

Reads the logs itself (json module), computes with numpy / scipy.stats what each JSON
output must hold, and compares to 1e-9 relative:
  1. compare LOG LOG: per operation count, avg, stddev (ddof=1), percentiles (numpy's
     linear method), change_pct, Mann-Whitney p (asymptotic, continuity, ties);
  2. compare REPORT LOG: Welch's t-test p from the saved report's summaries;
  3. report over a window: the row's stddev_ms and p_value (Mann-Whitney between the
     current and the previous window);
  4. weekly on samples/degradation.jsonl: the errors finding's p_value, binom.sf.
Prints "N passed, M failed" and exits 1 on any failure."""
import json
import subprocess
import sys
from datetime import datetime, timezone

import numpy as np
from scipy import stats

pr, top = sys.argv[1], sys.argv[2]
env = {"SOURCE_DATE_EPOCH": "1793491200", "LC_ALL": "C", "TZ": "UTC", "PATH": "/usr/bin:/bin"}
passed = failed = 0


def run(*args):
    out = subprocess.run([pr, *args], cwd=top, env=env, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise SystemExit("perf-reporter %s: status %d: %s" % (args, out.returncode, out.stderr))
    return json.loads(out.stdout)


def close(name, got, want, rel=1e-9):
    global passed, failed
    if got is None or want is None:
        ok = got is None and want is None
    else:
        ok = abs(got - want) <= rel * abs(want) or (want == 0 and abs(got) < 1e-300)
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL: %s: got %r, reference %r" % (name, got, want))


def ts(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def load(path, start=None, end=None):
    ops = {}
    with open(top + "/" + path) as f:
        for line in f:
            r = json.loads(line)
            t = ts(r["timestamp"])
            if (start and t < start) or (end and t >= end):
                continue
            ops.setdefault(r["operation_type"], []).append(
                (r["duration_ms"], r.get("success", r.get("error") is None)))
    return ops


def summary(v):
    a = np.array([d for d, _ in v])
    return {"count": len(a), "avg_ms": float(a.mean()),
            "stddev_ms": float(a.std(ddof=1)) if len(a) > 1 else None,
            "p50_ms": float(np.percentile(a, 50)), "p95_ms": float(np.percentile(a, 95)),
            "p99_ms": float(np.percentile(a, 99))}


# 1. compare LOG LOG
base, cur = load("tests/e2e/data/base.jsonl"), load("tests/e2e/data/cur.jsonl")
out = run("compare", "-f", "json", "tests/e2e/data/base.jsonl", "tests/e2e/data/cur.jsonl")
for row in out["operations"]:
    op = row["operation"]
    for side, logs in (("base", base), ("current", cur)):
        if op not in logs:
            close("%s %s absent" % (op, side), row[side], None)
            continue
        s = summary(logs[op])
        for k, want in s.items():
            close("compare %s %s.%s" % (op, side, k), row[side][k], want)
    if op in base and op in cur:
        x = [d for d, _ in base[op]]
        y = [d for d, _ in cur[op]]
        want = stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic",
                                  use_continuity=True).pvalue
        close("compare %s mann-whitney p" % op, row["p_value"], float(want))
        sb, sc = summary(base[op]), summary(cur[op])
        for k in ("avg_ms", "p50_ms", "p95_ms", "p99_ms"):
            close("compare %s change %s" % (op, k), row["change_pct"][k],
                  100 * (sc[k] - sb[k]) / sb[k])

# 2. compare REPORT LOG: Welch from the saved report's own numbers
saved = json.load(open(top + "/tests/e2e/data/base-report.json"))
rows = {r["operation"]: r for r in saved["operations"]}
out = run("compare", "-f", "json", "tests/e2e/data/base-report.json", "tests/e2e/data/cur.jsonl")
for row in out["operations"]:
    op = row["operation"]
    if row["base"] is None or row["current"] is None:
        continue
    b, s = rows[op], summary(cur[op])
    want = stats.ttest_ind_from_stats(b["avg_ms"], b["stddev_ms"], b["count"], s["avg_ms"],
                                      s["stddev_ms"], s["count"], equal_var=False).pvalue
    close("welch %s p" % op, row["p_value"], float(want))

# 3. a report's drift p-value and stddev: October against September
oct1 = datetime(2026, 10, 1, tzinfo=timezone.utc)
nov1 = datetime(2026, 11, 1, tzinfo=timezone.utc)
sep1 = datetime(2026, 8, 31, tzinfo=timezone.utc)  # the previous window is 31 days too
prev = load("tests/e2e/data/base.jsonl", sep1, oct1)
out = run("report", "--since", "2026-10-01", "--until", "2026-11-01", "-f", "json",
          "tests/e2e/data/base.jsonl", "tests/e2e/data/cur.jsonl")
for row in out["operations"]:
    op = row["operation"]
    s = summary(cur[op])
    close("report %s stddev" % op, row["stddev_ms"], s["stddev_ms"])
    if op in prev:
        want = stats.mannwhitneyu([d for d, _ in cur[op]], [d for d, _ in prev[op]],
                                  alternative="two-sided", method="asymptotic").pvalue
        close("report %s p_value" % op, row["p_value"], float(want))
    else:
        close("report %s p_value (new)" % op, row["p_value"], None)

# 4. the errors finding's exact binomial p-value
out = run("weekly", "--now=2026-11-01", "-f", "json", "samples/degradation.jsonl")
ops = {r["operation"]: r for r in out["operations"]}
n_err = 0
for d in out["degradations"]:
    if d["flag"] != "errors":
        continue
    n_err += 1
    r = ops[d["operation"]]
    want = stats.binom.sf(r["failed"] - 1, r["count"], 0.01)
    close("errors %s binomial p" % d["operation"], d["p_value"], float(want))
    close("errors %s level" % d["operation"], 1 if d["level"] == "critical" else 0, 1)
close("errors findings present", n_err, 1)

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
