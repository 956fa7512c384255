#!/usr/bin/env python3
"""expressions-ref.py - data and the independent reference of tests/e2e/expressions.sh.

  expressions-ref.py make DIR               writes DIR/NAME.jsonl for every case
  expressions-ref.py check DIR NAME OUT     recomputes NAME's statistics from DIR/NAME.jsonl
                                            with the rules written out here in Python and
                                            compares them with the JSON report OUT

The lines follow the shapes the tools write (vegeta encode --to json, nginx escape=json,
Go's slog/zap with a Go duration, Cloudflare Logpush, k6 run --out json). Percentiles are
linear interpolation between closest ranks (SPEC section 4), written here again."""
import json
import random
import re
import sys
from datetime import datetime, timedelta, timezone

T0 = datetime(2026, 10, 5, 10, 0, 0, tzinfo=timezone.utc)
URLS = ["http://127.0.0.1:8080/api/users", "http://127.0.0.1:8080/api/orders",
        "http://127.0.0.1:8080/health"]


def iso(dt, frac_digits=9):
    base = dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    us = dt.microsecond
    return base + ("." + ("%06d" % us) + "789"[: frac_digits - 6] if frac_digits else "") + "Z"


def make_vegeta(rnd):
    lines = []
    bad = set(rnd.sample(range(600), 8))
    for i in range(600):
        ts = T0 + timedelta(milliseconds=100 * i)
        code, err = 200, ""
        if i in bad:
            code, err = (500, "500 Internal Server Error") if i % 2 else (0, "dial tcp: refused")
        lines.append({"attack": "load", "seq": i, "code": code, "timestamp": iso(ts),
                      "latency": rnd.randint(200000, 90000000), "bytes_out": 0,
                      "bytes_in": 38, "error": err, "body": None,
                      "method": "GET" if i % 5 else "POST", "url": URLS[i % 3],
                      "headers": None})
    return lines


def make_nginx(rnd, local):
    lines = []
    for i in range(400):
        ts = T0 + timedelta(seconds=37 * i)
        status = rnd.choice(["200"] * 20 + ["404", "502", "503"])
        path = ["/api/x", "/api/y", "/static/app.js"][i % 3]
        rec = {"remote_addr": "127.0.0.1",
               "request": "%s %s?id=%d HTTP/1.1" % ("GET" if i % 4 else "PUT", path, i),
               "status": status, "body_bytes_sent": "612",
               "request_time": "%.3f" % (rnd.randint(1, 3000) / 1000.0)}
        if local:
            tz = timezone(timedelta(hours=-5))
            rec["time_local"] = ts.astimezone(tz).strftime("%d/%b/%Y:%H:%M:%S -0500")
        else:
            rec["time_iso8601"] = ts.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        lines.append(rec)
    return lines


def go_text(ns, rnd):
    form = rnd.randint(0, 4)
    if form == 0:
        return "%dns" % (ns % 1000)
    if form == 1:
        return "%.3fµs" % (ns / 1e3) if rnd.random() < 0.5 else "%.3fμs" % (ns / 1e3)
    if form == 2:
        return "%.3fms" % (ns / 1e6)
    if form == 3:
        return "%.4fs" % (ns / 1e9)
    return "1m%.1fs" % ((ns % 60000000000) / 1e9)


def make_go(rnd):
    lines = []
    for i in range(300):
        ts = T0 + timedelta(seconds=11 * i, microseconds=rnd.randint(0, 999999))
        lines.append({"time": ts.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"), "level": "INFO",
                      "msg": "request", "method": ["GET", "POST"][i % 2],
                      "path": ["/v1/items", "/v1/cart"][i % 2 if i % 7 else 0],
                      "status": rnd.choice([200, 200, 200, 201, 500]),
                      "latency": go_text(rnd.randint(1, 5 * 10**9), rnd)})
    return lines


def make_cloudflare(rnd):
    lines = []
    base = int((T0 - datetime(1970, 1, 1, tzinfo=timezone.utc)).total_seconds()) * 10**9
    for i in range(500):
        start = base + i * 7_000_000_123 + rnd.randint(0, 999_999_999)
        lines.append({"ClientRequestHost": "example.com",
                      "ClientRequestPath": ["/", "/login", "/api"][i % 3],
                      "EdgeStartTimestamp": start,
                      "EdgeEndTimestamp": start + rnd.randint(1, 2_000_000_000),
                      "EdgeResponseStatus": rnd.choice([200] * 30 + [520, 404])})
    return lines


def make_k6(rnd):
    lines = [{"type": "Metric", "data": {"name": "http_reqs", "type": "counter",
                                         "contains": "default", "thresholds": [],
                                         "submetrics": None}, "metric": "http_reqs"},
             {"type": "Metric", "data": {"name": "http_req_duration", "type": "trend",
                                         "contains": "time", "thresholds": [],
                                         "submetrics": None}, "metric": "http_req_duration"}]
    tz = timezone(timedelta(hours=2))
    for i in range(250):
        ts = (T0 + timedelta(milliseconds=733 * i)).astimezone(tz)
        name = ["http://test.k6.io/", "http://test.k6.io/contacts.php"][i % 2]
        ok = "false" if i % 37 == 0 else "true"
        tags = {"expected_response": ok, "group": "", "method": "GET", "name": name,
                "proto": "HTTP/1.1", "scenario": "default", "status": "200" if ok == "true" else "503"}
        t = ts.isoformat(timespec="microseconds")
        lines.append({"metric": "http_reqs", "type": "Point",
                      "data": {"time": t, "value": 1, "tags": tags}})
        lines.append({"metric": "http_req_duration", "type": "Point",
                      "data": {"time": t, "value": rnd.randint(1000, 900000) / 1000.0,
                               "tags": tags}})
        if i % 50 == 0:
            lines.append({"metric": "vus", "type": "Point",
                          "data": {"time": t, "value": 10, "tags": None}})
    return lines


def make(d):
    rnd = random.Random(16)
    cases = {"vegeta": make_vegeta(rnd), "nginx": make_nginx(rnd, False),
             "nginx-local": make_nginx(rnd, True), "go": make_go(rnd),
             "cloudflare": make_cloudflare(rnd), "k6": make_k6(rnd)}
    cases["by-status"] = cases["nginx"]
    for name, lines in cases.items():
        with open("%s/%s.jsonl" % (d, name), "w", encoding="utf-8") as f:
            for rec in lines:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")


# ---- the reference ----------------------------------------------------------------------

def url_path(s):
    m = re.match(r"^(.*) HTTP/\S+$", s)
    if m:
        s = m.group(1)
    return s.split("?", 1)[0]


GO_UNITS = {"ns": 1e-6, "us": 1e-3, "µs": 1e-3, "μs": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4,
            "h": 3.6e6}


def go_ms(s):
    total = 0.0
    for num, unit in re.findall(r"([0-9.]+)(ns|us|µs|μs|ms|s|m|h)", s):
        f = GO_UNITS[unit]
        total += float(num) * f if f >= 1 else float(num) / round(1 / f)
    return total


def records(name, lines):
    """(operation, duration_ms, success) of every record, and the filtered count."""
    out, filtered = [], 0
    for rec in lines:
        if name == "vegeta":
            out.append((rec["method"] + " " + rec["url"], rec["latency"] / 1e6,
                        200 <= rec["code"] < 400))
        elif name in ("nginx", "nginx-local"):
            out.append((url_path(rec["request"]), float(rec["request_time"]) * 1000,
                        int(rec["status"]) < 500))
        elif name == "by-status":
            out.append((rec["status"], float(rec["request_time"]) * 1000, True))
        elif name == "go":
            out.append((rec["method"] + " " + rec["path"], go_ms(rec["latency"]),
                        rec["status"] < 500))
        elif name == "cloudflare":
            out.append((rec["ClientRequestPath"],
                        (rec["EdgeEndTimestamp"] - rec["EdgeStartTimestamp"]) / 1e6,
                        rec["EdgeResponseStatus"] < 500))
        elif name == "k6":
            if rec.get("type") != "Point" or rec.get("metric") != "http_req_duration":
                filtered += 1
                continue
            d = rec["data"]
            out.append((d["tags"]["name"], d["value"], d["tags"]["expected_response"] != "false"))
    return out, filtered


def pct(xs, p):
    xs = sorted(xs)
    h = (len(xs) - 1) * p
    lo = int(h)
    return xs[lo] if lo + 1 >= len(xs) else xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo])


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def check(d, name, out_path):
    with open("%s/%s.jsonl" % (d, name), encoding="utf-8") as f:
        lines = [json.loads(l) for l in f if l.strip()]
    recs, filtered = records(name, lines)
    with open(out_path, encoding="utf-8") as f:
        rep = json.load(f)
    errs = []
    inp = rep["input"]
    if inp["records"] != len(recs) or inp["malformed"] != 0:
        errs.append("input %s, want %d records, 0 malformed" % (inp, len(recs)))
    if name == "k6" and inp.get("filtered") != filtered:
        errs.append("filtered %s, want %d" % (inp.get("filtered"), filtered))
    tot = rep["totals"]
    want_ok = sum(1 for r in recs if r[2])
    if tot["count"] != len(recs) or tot["success"] != want_ok:
        errs.append("totals %d/%d, want %d/%d" % (tot["success"], tot["count"], want_ok,
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
        n_ok = sum(1 for _, ok in vals if ok)
        want = {"count": len(ms), "success": n_ok,
                "error_rate_pct": 100.0 * (len(ms) - n_ok) / len(ms),
                "avg_ms": sum(ms) / len(ms), "p50_ms": pct(ms, 0.5), "p95_ms": pct(ms, 0.95),
                "p99_ms": pct(ms, 0.99), "min_ms": min(ms), "max_ms": max(ms)}
        for k, v in want.items():
            if not close(row[k], v):
                errs.append("%s %s: %r, want %r" % (op, k, row[k], v))
    if errs:
        print("\n".join(errs[:10]))
        return 1
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        sys.exit(check(sys.argv[2], sys.argv[3], sys.argv[4]))
