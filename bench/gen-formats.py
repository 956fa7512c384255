#!/usr/bin/env python3
"""gen-formats.py: deterministic synthetic logs in other tools' shapes, for timing
--log-format on the fast path (bench/RESULTS.md, "Formats").

Usage: gen-formats.py vegeta|caddy RECORDS OUTPUT

vegeta: the lines of `vegeta encode --to json` (tests/data/formats/vegeta.jsonl's shape):
nanosecond latencies, RFC 3339 timestamps with microseconds and an offset, 8 endpoints
and 3 methods (24 operations, as bench/gen's 20), about 2 % of status 0 or 5xx with an
error text. GEN_MANY_URLS=1: 30 % of the URLs get one of 100 query strings (2 424
operations: the report itself then costs more).
caddy: Caddy's JSON access log (tests/data/formats/caddy.jsonl's shape): float Unix
seconds, durations in seconds, request URIs with and without a query string, about 1 %
of lines from another logger (filtered by the format's --where), about 2 % of 5xx.
The same arguments always give the same bytes (a fixed seed)."""
import json
import os
import random
import sys

MANY_URLS = os.environ.get("GEN_MANY_URLS", "") not in ("", "0")

PATHS = ["/api/health", "/api/users", "/api/orders", "/api/search", "/static/app.js",
         "/api/login", "/api/cart", "/api/items"]
METHODS = ["GET", "GET", "GET", "POST", "PUT"]


def vegeta(rng, i):
    """One vegeta result line."""
    code = 200
    err = ""
    r = rng.random()
    if r < 0.01:
        code, err = 0, "Get \"http://127.0.0.1:8080/x\": dial tcp: connection refused"
    elif r < 0.02:
        code, err = 503, "503 Service Unavailable"
    p = rng.choice(PATHS)
    us = i * 1000 + rng.randrange(1000)
    sec, frac = divmod(us, 1000000)
    day, sod = divmod(sec, 86400)
    ts = "2026-09-%02dT%02d:%02d:%02d.%06d+02:00" % (1 + day % 28, sod // 3600,
                                                  sod // 60 % 60, sod % 60, frac)
    url = "http://127.0.0.1:8080%s%s" % (p, "?q=%d" % rng.randrange(100)
                                        if MANY_URLS and rng.random() < 0.3 else "")
    return ('{"attack":"bench","seq":%d,"code":%d,"timestamp":"%s","latency":%d,'
            '"bytes_out":0,"bytes_in":%d,"error":%s,"body":null,"method":"%s","url":"%s",'
            '"headers":{"Content-Type":["text/plain"]}}' %
            (i, code, ts, int(rng.lognormvariate(17.5, 0.8)), rng.randrange(10, 5000),
             json.dumps(err), rng.choice(METHODS), url))


def caddy(rng, i):
    """One Caddy log line: an access line, or now and then another logger's."""
    ts = 1796654529.6035929 + i * 0.0137
    if rng.random() < 0.01:
        return ('{"level":"info","ts":%.7f,"logger":"tls.cache.maintenance",'
                '"msg":"started background certificate maintenance"}' % ts)
    p = rng.choice(PATHS)
    uri = p + ("?i=%d" % rng.randrange(1000) if rng.random() < 0.4 else "")
    status = 503 if rng.random() < 0.02 else rng.choice([200, 200, 200, 204, 404])
    return ('{"level":"info","ts":%.7f,"logger":"http.log.access.log0","msg":"handled request",'
            '"request":{"remote_ip":"127.0.0.1","remote_port":"%d","proto":"HTTP/1.1",'
            '"method":"%s","host":"127.0.0.1:59451","uri":"%s","headers":{"User-Agent":'
            '["curl/7.88.1"],"Accept":["*/*"]}},"user_id":"","duration":%.9f,"size":%d,'
            '"status":%d,"resp_headers":{"Server":["Caddy"],"Content-Type":'
            '["text/plain; charset=utf-8"]}}' %
            (ts, 30000 + rng.randrange(30000), rng.choice(METHODS), uri,
             rng.lognormvariate(-7.5, 1.0), rng.randrange(2, 20000), status))


def main():
    """Write the file."""
    if len(sys.argv) != 4 or sys.argv[1] not in ("vegeta", "caddy"):
        sys.exit("usage: gen-formats.py vegeta|caddy RECORDS OUTPUT")
    make = vegeta if sys.argv[1] == "vegeta" else caddy
    rng = random.Random(20261207)
    out = sys.stdout if sys.argv[3] == "-" else open(sys.argv[3], "w", encoding="utf-8")
    with out:
        for i in range(int(sys.argv[2])):
            out.write(make(rng, i) + "\n")


if __name__ == "__main__":
    main()
