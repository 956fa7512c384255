#!/usr/bin/env python3
"""chart-numbers.py - recomputes the numbers of perf-reporter's Mermaid charts with Python's
statistics module (linear interpolation between closest ranks, numpy's default, is
statistics.quantiles(method="inclusive")), independently of perf-reporter's code.

    chart-numbers.py LOG START END REPORT.md

For every chart of REPORT.md (whose title names the operation), the x axis must hold every
UTC day of [START, END) in order (a shown label MM-DD at its own day, the others blank),
and the p95 and p50 bars must equal, to the 2 decimals printed, the per-day percentiles
of that operation's records in the window of LOG, and 0 on a day without a record."""
import datetime
import json
import re
import statistics
import sys


def ts(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00").replace("z", "+00:00"))


def pct(v, p):
    v = sorted(v)
    if len(v) == 1:
        return v[0]
    return statistics.quantiles(v, n=100, method="inclusive")[p - 1]


def main():
    log, start, end, md = sys.argv[1:5]
    lo, hi = ts(start), ts(end)
    days = {}
    for line in open(log, encoding="utf-8"):
        try:
            r = json.loads(line)
            t = ts(r["timestamp"]).astimezone(datetime.timezone.utc)
            d = float(r["duration_ms"])
            op = r["operation_type"]
        except Exception:
            continue
        if lo <= t < hi:
            days.setdefault(op, {}).setdefault(t.strftime("%m-%d"), []).append(d)
    text = open(md, encoding="utf-8").read()
    bad = checked = 0
    for block in re.findall(r"```mermaid\n(.*?)```", text, re.S):
        op = re.search(r'title "(.*?): p95 red', block).group(1)
        labels = re.findall(r'"([^"]*)"', re.search(r"x-axis (?:\"[^\"]*\" )?\[(.*?)\]",
                                                    block).group(1))
        bars = [[float(x) for x in m.split(",")] for m in re.findall(r"bar \[(.*?)\]", block)]
        ndays = (hi - lo).days
        if len(labels) != ndays or len(bars) != 2 or any(len(b) != ndays for b in bars):
            print("%s: %d positions, %s bars, want %d days" % (op, len(labels),
                                                            [len(b) for b in bars], ndays))
            bad += 1
            continue
        for k, label in enumerate(labels):
            day = (lo + datetime.timedelta(days=k)).strftime("%m-%d")
            if label.strip("\u200b\u200c") and label != day:
                print("%s: label %r at day %s" % (op, label, day))
                bad += 1
            for got, p in ((bars[0][k], 95), (bars[1][k], 50)):
                want = pct(days[op][day], p) if day in days[op] else 0.0
                checked += 1
                # Printed with 2 decimals: within half a hundredth (and a hair for ties).
                if abs(got - want) > 0.005 + 1e-9 * max(1.0, abs(want)):
                    print("%s %s p%d: chart %.2f, Python %.2f" % (op, day, p, got, want))
                    bad += 1
    print("%d values checked, %d wrong" % (checked, bad))
    return 1 if bad or checked == 0 else 0


sys.exit(main())
