#!/usr/bin/env python3
"""summary-input-ref.py - the reference for reports read from summaries (SPEC section 18),
computed from the raw log with Python alone (json, math.fsum, sorted), never from
perf-reporter's output.

  summary-input-ref.py gen OUT            write the test log (deterministic: lognormal,
                                          bimodal and heavy-tailed operations, failures)
  summary-input-ref.py check LOG REPORT START END ACCURACY [--exact]
                                          REPORT: a JSON report of the window [START, END)
                                          (and the same length before), read from summaries
                                          of LOG; every row against LOG

Exact fields (count, success, failed, error_rate_pct, min_ms, max_ms, prev_count) must be the
very numbers the report's 15 significant digits give; avg_ms within 1e-12 relative, stddev
within 1e-9; a percentile exact (1e-12) unless the row is marked approximate, then within
ACCURACY relative (--exact: no row may be approximate). The p-value of an approximate row is
Welch's (SciPy's ttest_ind_from_stats when SciPy is there).
"""
import json
import math
import random
import sys
from datetime import datetime, timezone


def ts_of(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp()


def gen(out):
    rnd = random.Random(20261101)
    start = datetime(2026, 8, 20, tzinfo=timezone.utc).timestamp()
    span = 73 * 86400  # to 2026-11-01
    ops = {
        "llm_call": lambda t: rnd.lognormvariate(7.0 + (0.3 if t > 0.6 else 0), 0.6),
        "db_query": lambda t: rnd.choice([rnd.gauss(5, 0.5), rnd.gauss(80, 8)]),
        "http_fetch": lambda t: 20 * rnd.paretovariate(1.5),
        "rare_op": lambda t: rnd.uniform(1, 3),
    }
    weights = {"llm_call": 6, "db_query": 5, "http_fetch": 3, "rare_op": 0.05}
    names = list(ops)
    with open(out, "w") as f:
        for i in range(24000):
            t = start + span * (i + rnd.random()) / 24000
            op = rnd.choices(names, [weights[n] for n in names])[0]
            d = round(abs(ops[op](t / span)), 3)
            ok = rnd.random() > (0.04 if op == "http_fetch" else 0.005)
            stamp = datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
            f.write(json.dumps({"timestamp": stamp, "operation_type": op, "duration_ms": d,
                                "success": ok}) + "\n")


def pct(v, p):
    h = (len(v) - 1) * p
    lo = math.floor(h)
    if lo + 1 >= len(v):
        return v[lo]
    return v[lo] + (h - lo) * (v[lo + 1] - v[lo])


def g15(x):
    return float("%.15g" % x)


def close(a, b, rel):
    return abs(a - b) <= rel * max(abs(a), abs(b)) or (a == 0 and b == 0)


def stats(v):
    n = len(v)
    mean = math.fsum(v) / n
    sd = math.sqrt(math.fsum((x - mean) ** 2 for x in v) / (n - 1)) if n > 1 else None
    return n, mean, sd


def welch(a, b):
    try:
        from scipy.stats import ttest_ind_from_stats
    except ImportError:
        return None
    (n1, m1, s1), (n2, m2, s2) = stats(a), stats(b)
    return float(ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=False).pvalue)


def check(log, report, start, end, accuracy, exact):
    t0, t1 = ts_of(start), ts_of(end)
    p0 = t0 - (t1 - t0)
    cur, prev = {}, {}
    for line in open(log):
        r = json.loads(line)
        t = ts_of(r["timestamp"])
        side = cur if t0 <= t < t1 else prev if p0 <= t < t0 else None
        if side is not None:
            side.setdefault(r["operation_type"], []).append((r["duration_ms"], r["success"]))
    rep = json.load(open(report))
    pcts = rep["percentiles"]
    rows = {row["operation"]: row for row in rep["operations"]}
    bad = []
    if set(rows) != set(cur):
        bad.append("operations %s, expected %s" % (sorted(rows), sorted(cur)))
    for op, recs in cur.items():
        row = rows.get(op)
        if row is None:
            continue
        v = sorted(d for d, _ in recs)
        failed = sum(1 for _, ok in recs if not ok)
        n, mean, sd = stats(v)
        want = {"count": n, "success": n - failed, "failed": failed,
                "error_rate_pct": g15(100.0 * failed / n), "min_ms": g15(v[0]),
                "max_ms": g15(v[-1]), "prev_count": len(prev.get(op, []))}
        for k, w in want.items():
            if row[k] != w:
                bad.append("%s %s: %r, expected %r" % (op, k, row[k], w))
        if not close(row["avg_ms"], mean, 1e-12):
            bad.append("%s avg_ms: %r, expected %r" % (op, row["avg_ms"], mean))
        if sd is not None and not close(row["stddev_ms"], sd, 1e-9):
            bad.append("%s stddev_ms: %r, expected %r" % (op, row["stddev_ms"], sd))
        approx = row.get("approximate", False)
        if approx and exact:
            bad.append("%s: marked approximate" % op)
        for p in pcts:
            name = "p%s_ms" % ("%g" % p)
            w = pct(v, p / 100.0)
            if not close(row[name], w, accuracy if approx else 1e-12):
                bad.append("%s %s: %r, expected %r (%s)" % (op, name, row[name], w,
                                                           "approximate" if approx else "exact"))
        pv = [d for d, _ in prev.get(op, [])]
        if approx and len(pv) >= 2 and n >= 2:
            w = welch(v, pv)
            if w is not None and not close(row["p_value"], w, 1e-6):
                bad.append("%s p_value: %r, expected Welch's %r" % (op, row["p_value"], w))
    for b in bad:
        print(b, file=sys.stderr)
    return 1 if bad else 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "gen":
        gen(sys.argv[2])
        return 0
    if len(sys.argv) in (7, 8) and sys.argv[1] == "check":
        return check(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], float(sys.argv[6]),
                     sys.argv[7:] == ["--exact"])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
