#!/usr/bin/env python3
"""summary-check.py - an independent reading of perf-reporter's summary (SPEC section 18).

Usage: summary-check.py LOG.jsonl SUMMARY.jsonl [hour|day]
       summary-check.py --same A.jsonl B.jsonl

The first form recomputes every (bucket, operation_type) line of SUMMARY from the records of
LOG (plain JSONL with timestamp, operation_type, duration_ms and success/error; every line
valid) with Python's own JSON, datetime and math.fsum: count, failed, min, max exact; mean
within 1e-12 and m2 within 1e-9 relative; the values, when a line has them, the sorted
durations exactly; a histogram's counts adding up to count, each value's bucket
ceil(log_gamma x) with gamma = (1 + accuracy) / (1 - accuracy) (a value on a bucket edge may
sit one bucket either way: the rounding of log). The lines must come in (bucket_start,
group) order. The second form checks that two summaries are the same but for mean and m2
(1e-12 and 1e-9 relative). Exits 1 with a message on the first difference.
"""
import datetime
import json
import math
import sys


def fail(msg):
    print("summary-check: " + msg, file=sys.stderr)
    sys.exit(1)


def close(a, b, rel):
    return abs(a - b) <= rel * max(abs(a), abs(b)) or a == b


def load_summary(path):
    with open(path, encoding="utf-8") as f:
        lines = [json.loads(x) for x in f if x.strip()]
    head, rows = lines[0], lines[1:]
    if head.get("perf_reporter_summary") != 1:
        fail("%s: no header" % path)
    keys = [(r["bucket_start"], json.dumps(r["group"], ensure_ascii=False)) for r in rows]
    if keys != sorted(keys, key=lambda k: (k[0], k[1].encode())) or len(set(keys)) != len(keys):
        fail("%s: lines out of order or repeated" % path)
    return head, rows


def bucket_of(ts, size):
    t = datetime.datetime.fromisoformat(ts.upper().replace("Z", "+00:00"))
    t = t.astimezone(datetime.timezone.utc)
    t = t.replace(minute=0, second=0, microsecond=0)
    if size == "day":
        t = t.replace(hour=0)
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def check_log(log, path):
    head, rows = load_summary(path)
    groups = {}
    with open(log, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            failed = r.get("success") is False or (r.get("success") is None and r.get("error") is not None)
            k = (bucket_of(r["timestamp"], head["bucket"]), r["operation_type"])
            groups.setdefault(k, []).append((r["duration_ms"], failed))
    if len(groups) != len(rows):
        fail("%d lines, %d (bucket, operation) pairs in the log" % (len(rows), len(groups)))
    gamma = (1 + head["accuracy"]) / (1 - head["accuracy"])
    for row in rows:
        k = (row["bucket_start"], row["group"]["operation_type"])
        if k not in groups:
            fail("line %s not in the log" % (k,))
        d = sorted(x for x, _ in groups[k])
        n = len(d)
        mean = math.fsum(d) / n
        m2 = math.fsum((x - mean) ** 2 for x in d)
        want = {"count": n, "failed": sum(1 for _, f in groups[k] if f), "min": d[0], "max": d[-1]}
        for key, v in want.items():
            if row[key] != v:
                fail("%s: %s %r, want %r" % (k, key, row[key], v))
        if not close(row["mean"], mean, 1e-12) or not close(row["m2"], m2, 1e-9):
            fail("%s: mean %r m2 %r, want %r %r" % (k, row["mean"], row["m2"], mean, m2))
        if "values" in row:
            if n > head["exact_limit"] or row["values"] != d:
                fail("%s: values differ" % (k,))
            continue
        if n <= head["exact_limit"]:
            fail("%s: a histogram for %d values, exact_limit %d" % (k, n, head["exact_limit"]))
        h = row["histogram"]
        if h["gamma"] != gamma or sum(h["counts"]) + h["zeros"] != n:
            fail("%s: histogram gamma or total" % (k,))
        got = sorted([(h["offset"] + i) for i, c in enumerate(h["counts"]) for _ in range(c)])
        idx = sorted(math.ceil(math.log(x) / math.log(gamma)) for x in d if x > 0)
        if len(got) != len(idx) or any(abs(a - b) > 1 for a, b in zip(got, idx)):
            fail("%s: histogram buckets differ from ceil(log_gamma x)" % (k,))


def check_same(a, b):
    ha, ra = load_summary(a)
    hb, rb = load_summary(b)
    if ha != hb or len(ra) != len(rb):
        fail("headers or line counts differ")
    for x, y in zip(ra, rb):
        for key in set(x) | set(y):
            if key == "mean" and close(x[key], y[key], 1e-12):
                continue
            if key == "m2" and close(x[key], y[key], 1e-9):
                continue
            if x.get(key) != y.get(key):
                fail("%s %s: %s differs: %r, %r" % (x["bucket_start"], x["group"], key,
                                                    x.get(key), y.get(key)))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--same":
        check_same(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3:
        check_log(sys.argv[1], sys.argv[2])
    else:
        fail("usage: summary-check.py LOG SUMMARY | --same A B")
