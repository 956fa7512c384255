#!/usr/bin/env python3
"""formats-ref.py - the independent reference of tests/e2e/formats.sh: reads a log written by
another tool (k6, vegeta, Caddy, Traefik, nginx, go test -json) the way that tool documents
its fields, without perf-reporter's format files, and checks a JSON report of the same file
(`perf-reporter report -f json`): the lines, records, malformed and filtered lines, and per
operation the count, successes, error rate, p50, p95 and p99 (within 1e-9).

    formats-ref.py check FORMAT LOG REPORT.json
"""
import json
import re
import sys


def pct(xs, p):
    """The percentile of SPEC section 4: linear interpolation between closest ranks."""
    xs = sorted(xs)
    h = (len(xs) - 1) * p
    lo = int(h)
    return xs[lo] if lo + 1 >= len(xs) else xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo])


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def no_query(uri):
    """A URI without its query string."""
    return uri.split("?", 1)[0]


def request_path(request):
    """nginx's $request ("GET /a?b=1 HTTP/1.1") as "GET /a"."""
    request = re.sub(r" HTTP/[0-9.]+$", "", request)
    return no_query(request)


def k6(rec):
    if rec.get("type") != "Point" or rec.get("metric") != "http_req_duration":
        return "filtered"
    d = rec["data"]
    return (d["tags"]["name"], float(d["value"]), d["tags"].get("expected_response") != "false")


def vegeta(rec):
    return (rec["method"] + " " + rec["url"], rec["latency"] / 1e6,
            200 <= rec["code"] < 400)


def caddy(rec):
    if not rec.get("logger", "").startswith("http.log.access"):
        return "filtered"
    req = rec["request"]
    return (req["method"] + " " + no_query(req["uri"]), rec["duration"] * 1000.0,
            rec["status"] < 500)


def traefik(rec):
    if "RouterName" not in rec:
        return "malformed"  # a request no router took: no operation
    return (rec["RouterName"], rec["Duration"] / 1e6, rec["DownstreamStatus"] < 500)


def nginx(rec):
    return (request_path(rec["request"]), float(rec["request_time"]) * 1000.0,
            int(rec["status"]) < 500)


def go_test(rec):
    if rec.get("Action") not in ("pass", "fail") or rec.get("Test") is None:
        return "filtered"
    return (rec["Package"] + " " + rec["Test"], rec["Elapsed"] * 1000.0,
            rec["Action"] == "pass")


READERS = {"k6": k6, "vegeta": vegeta, "caddy": caddy, "traefik": traefik, "nginx": nginx,
           "go-test": go_test}


def check(fmt, log, report):
    recs, malformed, filtered, lines = [], 0, 0, 0
    with open(log, encoding="utf-8") as f:
        for line in f:
            lines += 1
            if not line.strip():
                continue
            r = READERS[fmt](json.loads(line))
            if r == "filtered":
                filtered += 1
            elif r == "malformed":
                malformed += 1
            else:
                recs.append(r)
    with open(report, encoding="utf-8") as f:
        rep = json.load(f)
    errs = []
    inp = rep["input"]
    want = {"lines": lines, "records": len(recs), "malformed": malformed}
    for k, v in want.items():
        if inp.get(k) != v:
            errs.append("input.%s %r, want %r" % (k, inp.get(k), v))
    if filtered and inp.get("filtered") != filtered:
        errs.append("input.filtered %r, want %d" % (inp.get("filtered"), filtered))
    tot = rep["totals"]
    n_ok = sum(1 for r in recs if r[2])
    if tot["count"] != len(recs) or tot["success"] != n_ok:
        errs.append("totals %d/%d, want %d/%d" % (tot["success"], tot["count"], n_ok,
                                                  len(recs)))
    ops = {}
    for op, ms, ok in recs:
        ops.setdefault(op, []).append((ms, ok))
    rows = {r["operation"]: r for r in rep["operations"]}
    if set(rows) != set(ops):
        errs.append("operations %s, want %s" % (sorted(rows), sorted(ops)))
    for op, vals in ops.items():
        row = rows.get(op)
        if row is None:
            continue
        ms = [v for v, _ in vals]
        ok = sum(1 for _, s in vals if s)
        want = {"count": len(ms), "success": ok,
                "error_rate_pct": 100.0 * (len(ms) - ok) / len(ms),
                "p50_ms": pct(ms, 0.5), "p95_ms": pct(ms, 0.95), "p99_ms": pct(ms, 0.99)}
        for k, v in want.items():
            if not close(row[k], v):
                errs.append("%s %s: %r, want %r" % (op, k, row[k], v))
    if not recs:
        errs.append("the reference found no record: the test's log is empty")
    if errs:
        print("\n".join(errs[:10]))
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] != "check" or sys.argv[2] not in READERS:
        sys.exit("usage: formats-ref.py check %s LOG REPORT.json" % "|".join(READERS))
    sys.exit(check(sys.argv[2], sys.argv[3], sys.argv[4]))
