#!/usr/bin/env python3
"""doc-formats-ref.py - the independent reference for doc-formats.sh: reads a real file of
one of the document formats (SPEC section 16: hyperfine, pytest-benchmark, chrome-trace,
otlp) with Python's json module, straight from the tools' own layout (no jq, no format file),
and checks the count, error rate and p50/p95/p99 of every operation that
`perf-reporter compare FILE FILE -f json` printed for its base side, within 1e-9.

Usage: doc-formats-ref.py FORMAT FILE REPORT.json [MIN_RECORDS]
Exit status 0 when everything matches, 1 with the differences on standard error."""
import json
import math
import sys


def pct(xs, p):
    """SPEC section 4: linear interpolation between closest ranks."""
    h = (len(xs) - 1) * p
    lo = math.floor(h)
    if lo + 1 >= len(xs):
        return xs[lo]
    return xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo])


def hyperfine(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    for r in d["results"]:
        codes = r.get("exit_codes") or []
        for i, t in enumerate(r["times"]):
            yield r["command"], t * 1000, (codes[i] if i < len(codes) else 0) == 0


def pytest_benchmark(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    for b in d["benchmarks"]:
        for t in b["stats"].get("data", []):
            yield b["fullname"], t * 1000, True


def chrome_trace(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    events = d if isinstance(d, list) else d.get("traceEvents", [])
    for e in events:
        if isinstance(e, dict) and e.get("ph") == "X":
            yield e["name"], e["dur"] / 1000, True


def values(text):
    """A stream of JSON values of any layout (one per line, pretty, concatenated)."""
    dec = json.JSONDecoder()
    i = 0
    while True:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if i == len(text):
            return
        v, i = dec.raw_decode(text, i)
        yield v


def otlp(path):
    with open(path, encoding="utf-8") as f:
        for req in values(f.read()):
            for rs in req.get("resourceSpans", []):
                for ss in rs.get("scopeSpans", []):
                    for s in ss.get("spans", []):
                        ns = int(s["endTimeUnixNano"]) - int(s["startTimeUnixNano"])
                        code = s.get("status", {}).get("code", 0)
                        yield s["name"], ns / 1e6, code not in (2, "STATUS_CODE_ERROR")


READERS = {"hyperfine": hyperfine, "pytest-benchmark": pytest_benchmark,
           "chrome-trace": chrome_trace, "otlp": otlp}


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def main():
    fmt, path, report = sys.argv[1:4]
    need = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    ops = {}
    for name, ms, ok in READERS[fmt](path):
        ops.setdefault(name, []).append((ms, ok))
    with open(report, encoding="utf-8") as f:
        got = {o["operation"]: o["base"] for o in json.load(f)["operations"]}
    bad = []
    total = sum(len(v) for v in ops.values())
    if total < need:
        bad.append("the reference found %d records, fewer than %d" % (total, need))
    if sorted(got) != sorted(ops):
        bad.append("operations: got %s, want %s" % (sorted(got)[:8], sorted(ops)[:8]))
    for name, recs in ops.items():
        g = got.get(name)
        if g is None:
            continue
        xs = sorted(ms for ms, _ in recs)
        failed = sum(1 for _, ok in recs if not ok)
        want = {"count": len(xs), "error_rate_pct": 100.0 * failed / len(xs),
                "p50_ms": pct(xs, 0.50), "p95_ms": pct(xs, 0.95), "p99_ms": pct(xs, 0.99)}
        for k, w in want.items():
            if k not in g or not close(float(g[k]), w):
                bad.append("%s %s: got %s, want %r" % (name, k, g.get(k), w))
    if bad:
        sys.stderr.write("\n".join(bad[:20]) + "\n")
        sys.exit(1)
    print("%s: %d operations, %d records match" % (fmt, len(ops), total))


main()
