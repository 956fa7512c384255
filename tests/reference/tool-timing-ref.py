#!/usr/bin/env python3
"""tool-timing-ref.py - the per-tool statistics of a tool-timing log, computed from scratch.

Usage:  python3 tests/reference/tool-timing-ref.py LOG START END PREV_START [KEY]

Python 3 standard library only, independent of perf-reporter's code: every line of LOG is
read with the json module, the record's operation is its KEY member (default "tool"), its
time the RFC 3339 "timestamp" parsed by datetime, its duration "duration_ms" and its
outcome "success".  For every operation with a record in [START, END) it prints one
tab-separated line: name, count, success, failed, avg, p50, p95, p99, min, max, prev_count,
prev_avg ([PREV_START, START)); percentiles by linear interpolation between closest ranks
(statistics.quantiles with method="inclusive", numpy's default), the mean by math.fsum.
"""
import json
import math
import statistics
import sys
from datetime import datetime


def when(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def pct(sorted_vals, p):
    if len(sorted_vals) == 1:
        return sorted_vals[0]
    cuts = statistics.quantiles(sorted_vals, n=100, method="inclusive")
    return cuts[p - 1]


def main():
    log, start, end, prev_start = sys.argv[1:5]
    key = sys.argv[5] if len(sys.argv) > 5 else "tool"
    start, end, prev_start = when(start), when(end), when(prev_start)
    cur, prev = {}, {}
    with open(log, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            t = when(r["timestamp"])
            bucket = cur if start <= t < end else prev if prev_start <= t < start else None
            if bucket is not None:
                bucket.setdefault(r[key], []).append((float(r["duration_ms"]), r["success"]))
    for name in sorted(cur, key=lambda n: (-len(cur[n]), n.encode())):
        d = sorted(v for v, _ in cur[name])
        ok = sum(1 for _, s in cur[name] if s)
        pd = [v for v, _ in prev.get(name, [])]
        prev_avg = "%.17g" % (math.fsum(pd) / len(pd)) if pd else ""
        print("\t".join([name, str(len(d)), str(ok), str(len(d) - ok),
                         "%.17g" % (math.fsum(d) / len(d)), "%.17g" % pct(d, 50),
                         "%.17g" % pct(d, 95), "%.17g" % pct(d, 99), "%.17g" % d[0],
                         "%.17g" % d[-1], str(len(pd)), prev_avg]))


if __name__ == "__main__":
    main()
