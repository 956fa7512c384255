#!/usr/bin/env python3
"""ref-slicing.py - an independent GROUP BY for --by (SPEC section 14), with numpy.

    ref-slicing.py gen OUT.jsonl N SEED      write a test log of N records
    ref-slicing.py rows LOG SINCE UNTIL KEYS print the rows of [SINCE, UNTIL) grouped by
                                             KEYS (comma-separated), as JSON lines

The log has nested context (context.model, context.meta.region), missing and null
values, objects and arrays where a key is expected, numbers and booleans as keys, Unicode
and hostile strings (control characters, quotes, backslashes, " / ", a literal "(none)").
A value is a string's text, a number's or boolean's JSON text, "(none)" otherwise (an
absent value and the string "(none)" are two groups, shown alike); rows
carry count, success, avg, p50, p95, p99 (numpy's linear percentiles), min and max.
"""
import datetime
import json
import random
import sys

import math

import numpy as np

MODELS = ["gpt-4", "claude-sonnet-4-5", "modèle-ünïcode-😀", "a / b", "(none)",
          "quote\"back\\slash", "esc\u001b[31mred", "line\nbreak", "tab\there", "", 42,
          1.5, True, None, {"o": 1}, [1, 2], -0.0, 1e20, 0.1 + 0.2, 1.5e-7, 2**63, -2**63,
          2**64 + 1, 1.7976931348623157e308, -1.7976931348623157e308, 123456789012345678]
OPS = ["llm_call", "tool_exec", "mém_search", "x\u0001y"]


def gen(out, n, seed):
    rng = random.Random(seed)
    t0 = datetime.datetime(2026, 10, 1, tzinfo=datetime.timezone.utc)
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            t = t0 + datetime.timedelta(milliseconds=rng.randrange(0, 30 * 86400 * 1000))
            rec = {"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") +
                   "%03dZ" % (t.microsecond // 1000),
                   "operation_type": rng.choice(OPS),
                   "duration_ms": round(rng.lognormvariate(5, 1), rng.choice([0, 1, 3]))}
            r = rng.random()
            if r < 0.8:
                rec["success"] = rng.random() < 0.9
            if rng.random() < 0.7:
                rec["session_id"] = "s%d" % rng.randrange(40)
            if rng.random() < 0.2:
                rec["error"] = rng.choice(["timeout", "rate_limited", "ünï", ""])
            c = rng.random()
            if c < 0.85:
                ctx = {}
                if rng.random() < 0.9:
                    ctx["model"] = rng.choice(MODELS)
                if rng.random() < 0.5:
                    ctx["meta"] = {"region": rng.choice(["eu", "us", 7, None])}
                rec["context"] = ctx
            elif c < 0.9:
                rec["context"] = "not an object"
            f.write(json.dumps(rec, ensure_ascii=rng.random() < 0.5,
                               separators=(",", ":")) + "\n")


def value(rec, key):
    if key == "operation_type":
        return rec["operation_type"]
    if key == "success":
        ok = rec.get("success")
        if ok is None:
            err = rec.get("error")
            ok = err is None
        return "true" if ok else "false"
    if key in ("session_id", "error"):
        return rec.get(key)
    v = rec
    for part in key.split("."):
        if not isinstance(v, dict) or part not in v:
            return None
        v = v[part]
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return number_text(v)
    return None  # null, an object, an array: shown as "(none)"


def number_text(v):
    """A number as a key value, written here from the rule (not from jansson): an integer
    that fits 64 signed bits as written; any other number as its double in 15 significant
    digits ("%.15g" of the double), never read back past DBL_MAX (stepped toward zero by
    one ulp while it would), the exponent without "+" and leading zeros, and ".0" after an
    integral text that has neither a point nor an exponent."""
    if isinstance(v, int) and -2**63 <= v < 2**63:
        return str(v)
    x = float(v)
    while math.isinf(float("%.14e" % x)):
        x = math.nextafter(x, 0.0)
    t = "%.15g" % x
    if "e" in t:
        mant, exp = t.split("e")
        sign = "-" if exp[0] == "-" else ""
        t = mant + "e" + sign + (exp.lstrip("+-").lstrip("0") or "0")
    elif "." not in t and t not in ("inf", "-inf", "nan"):
        t += ".0"
    return t


def parse_ts(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc)


def rows(log, since, until, keys):
    lo, hi = parse_ts(since), parse_ts(until)
    groups = {}
    with open(log, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            t = parse_ts(rec["timestamp"])
            if not lo <= t < hi:
                continue
            g = tuple(value(rec, k) for k in keys)
            ok = value(rec, "success") == "true"
            groups.setdefault(g, []).append((float(rec["duration_ms"]), ok))
    for g, v in sorted(groups.items(), key=lambda kv: [(x is not None, x or "")
                                                         for x in kv[0]]):
        d = np.sort(np.array([x for x, _ in v]))
        print(json.dumps({"group": dict(zip(keys, ["(none)" if x is None
                                                            else x for x in g])), "count": len(v),
                          "success": sum(1 for _, ok in v if ok),
                          "avg_ms": float(np.mean(d)),
                          "p50_ms": float(np.percentile(d, 50)),
                          "p95_ms": float(np.percentile(d, 95)),
                          "p99_ms": float(np.percentile(d, 99)),
                          "min_ms": float(d[0]), "max_ms": float(d[-1])},
                         ensure_ascii=False))


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        rows(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5].split(","))
