#!/usr/bin/env python3
"""check_samples.py - check that the sample logs are what samples/README says they are.

Usage:  python3 samples/check_samples.py            (exit status 0 when every check holds)

Python 3 standard library only; independent of the C code.  It
  1. regenerates every sample into a temporary directory and compares byte for byte;
  2. checks basic.jsonl.gz (gzip header without name or time, content = basic.jsonl);
  3. runs `jq -c .` over basic.jsonl and degradation.jsonl when jq is installed;
  4. reads every file by the rules of SPEC section 2, written here by hand (line by line,
     BOM and CR tolerated, blank lines skipped, malformed lines counted), and compares the
     outcome of every line of messy.jsonl with the table in messy.README / generate.py;
  5. computes per operation, for the current and the previous window, count, avg, p95
     (linear interpolation between closest ranks, numpy's default), error rate and the flags
     of SPEC section 5 with the default thresholds, for `monthly --now 2026-11-01` and
     `--now latest` on basic.jsonl and `weekly` on degradation.jsonl, and compares them with
     the flags the samples were built to raise.
"""

import gzip
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True     # leave no __pycache__ in samples/
import generate  # noqa: E402  (the MESSY table and the generator itself)

US_PER_SEC = 1000000
US_PER_DAY = 86400 * US_PER_SEC
FILES = ["basic.jsonl", "basic.jsonl.gz", "degradation.jsonl", "messy.jsonl", "messy.README"]

# SPEC section 5 defaults
OUTLIER_RATIO = 2.0
DRIFT_PCT = 20.0
ERROR_RATE_PCT = 1.0
MIN_SAMPLES = 1

failures = []


def check(cond, what):
    """Record a failed check (and say so) without stopping."""
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


# --- timestamps ---------------------------------------------------------------------------

TS_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})"
                   r"(?:\.([0-9]+))?(?:([Zz])|([+-])([0-9]{2}):?([0-9]{2}))", re.ASCII)


def days_from_civil(y, m, d):
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def month_days(y, m):
    if m == 2:
        return 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28
    return 30 if m in (4, 6, 9, 11) else 31


def parse_ts(s):
    """RFC 3339 text -> UTC microseconds, or raise ValueError with the reason."""
    m = TS_RE.fullmatch(s)
    if not m:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?",
                        s, re.ASCII):
            raise ValueError("timestamp has no time zone")
        raise ValueError("timestamp is not RFC 3339")
    y, mo, d, h, mi, sec = (int(m.group(i)) for i in range(1, 7))
    if y < 1:
        raise ValueError("year out of range")
    if not 1 <= mo <= 12:
        raise ValueError("month out of range")
    if not 1 <= d <= month_days(y, mo):
        raise ValueError("day out of range for month")
    if h > 23:
        raise ValueError("hour out of range")
    if mi > 59:
        raise ValueError("minute out of range")
    if sec > 59:
        raise ValueError("second out of range")
    frac = (m.group(7) or "")[:6].ljust(6, "0")
    off = 0
    if m.group(9):
        oh, om = int(m.group(10)), int(m.group(11))
        if oh > 23 or om > 59:
            raise ValueError("bad time zone offset")
        off = (oh * 60 + om) * (1 if m.group(9) == "+" else -1)
    secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off * 60
    return secs * US_PER_SEC + int(frac)


def fmt_ts(us):
    """UTC with milliseconds, truncated (SPEC section 6)."""
    days, rem = divmod(us, US_PER_DAY)
    # civil from days (inverse of days_from_civil)
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    y = yoe + era * 400 + (m <= 2)
    s, us_ = divmod(rem, US_PER_SEC)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (y, m, d, s // 3600, s // 60 % 60, s % 60,
                                                    us_ // 1000)


# --- one line -> one record ---------------------------------------------------------------

class Bad(Exception):
    pass


def no_dups(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise Bad("duplicate key")
    return dict(pairs)


def bad_constant(name):
    raise Bad("not valid JSON: " + name)


def real(text):
    v = float(text)
    if not math.isfinite(v):
        raise Bad("number does not fit a double: " + text)
    return v


def integer(text):
    v = int(text)
    if abs(v) >= 2 ** 64:
        raise Bad("integer past 2^64: " + text)
    return v


def walk_strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, list):
        for x in v:
            yield from walk_strings(x)
    elif isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from walk_strings(x)


def parse_line(raw, first):
    """Returns ("blank", None), ("valid", record dict) or ("malformed", reason)."""
    if first and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.endswith(b"\r"):
        raw = raw[:-1]
    if raw.strip(b" \t\r") == b"":
        return "blank", None
    try:
        if b"\x00" in raw:
            raise Bad("NUL byte")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise Bad("invalid UTF-8: %s" % e.reason)
        try:
            v = json.loads(text, object_pairs_hook=no_dups, parse_constant=bad_constant,
                           parse_float=real, parse_int=integer)
        except ValueError as e:
            raise Bad("not valid JSON: %s" % e)
        for s in walk_strings(v):
            if "\x00" in s:
                raise Bad("\\u0000 in a string")
            if any(0xD800 <= ord(c) <= 0xDFFF for c in s):
                raise Bad("lone surrogate in a string")
        if not isinstance(v, dict):
            raise Bad("not a JSON object")
        for key in ("timestamp", "operation_type"):
            if key not in v:
                raise Bad(key + " is missing")
            if v[key] is None:
                raise Bad(key + " is null")
            if not isinstance(v[key], str):
                raise Bad(key + " is not a string")
        try:
            ts = parse_ts(v["timestamp"])
        except ValueError as e:
            raise Bad(str(e))
        if v["operation_type"] == "":
            raise Bad("operation_type is empty")
        if "duration_ms" not in v:
            raise Bad("duration_ms is missing")
        d = v["duration_ms"]
        if d is None:
            raise Bad("duration_ms is null")
        if isinstance(d, bool) or not isinstance(d, (int, float)):
            raise Bad("duration_ms is not a number")
        if d < 0:
            raise Bad("duration_ms is negative")
        for key in ("session_id", "error"):
            if v.get(key) is not None and not isinstance(v[key], str):
                raise Bad(key + " is not a string or null")
        ok = v.get("success")
        if ok is not None and not isinstance(ok, bool):
            raise Bad("success is not a boolean")
        err = v.get("error")
        return "valid", {
            "ts": ts, "op": v["operation_type"], "ms": float(d),
            "success": ok if ok is not None else err is None,
            "success_given": ok is not None, "error": err,
            "session": v.get("session_id"), "has_context": "context" in v,
            "ts_text": v["timestamp"]}
    except Bad as e:
        return "malformed", str(e)


def read_lines(path):
    """Every line of a (possibly gzip-compressed) file, as SPEC section 2 counts them."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()        # the final newline ends the last line; it does not start one
    return lines


def read_file(path):
    """[(line number, outcome, record or reason)]"""
    return [(i, *parse_line(raw, i == 1)) for i, raw in enumerate(read_lines(path), 1)]


# --- statistics (SPEC section 4) and flags (section 5) ------------------------------------

def percentile(sorted_xs, p):
    """Linear interpolation between closest ranks: h = (n-1)p."""
    n = len(sorted_xs)
    h = (n - 1) * p
    lo = math.floor(h)
    if lo + 1 >= n:
        return sorted_xs[n - 1]
    return sorted_xs[lo] + (h - lo) * (sorted_xs[lo + 1] - sorted_xs[lo])


def stats(recs):
    """Per operation: count, success, failed, error_rate_pct, avg, p50, p95, p99, min, max."""
    by = {}
    for r in recs:
        by.setdefault(r["op"], []).append(r)
    out = {}
    for op, g in by.items():
        xs = sorted(r["ms"] for r in g)
        n = len(xs)
        ok = sum(1 for r in g if r["success"])
        out[op] = {"count": n, "success": ok, "failed": n - ok,
                   "error_rate_pct": 100.0 * (n - ok) / n, "avg": math.fsum(xs) / n,
                   "p50": percentile(xs, 0.50), "p95": percentile(xs, 0.95),
                   "p99": percentile(xs, 0.99), "min": xs[0], "max": xs[-1]}
    return out


def flags(cur, prev):
    """{op: ([flags], avg_change_pct or None)} for the current window, and previous-only."""
    res = {}
    for op, s in cur.items():
        fl = []
        change = None
        p = prev.get(op)
        if p is not None and p["avg"] != 0:
            change = 100.0 * (s["avg"] - p["avg"]) / p["avg"]
        if s["count"] >= MIN_SAMPLES:
            if s["p95"] > OUTLIER_RATIO * s["avg"]:
                fl.append("outlier")
            if change is not None and change > DRIFT_PCT:
                fl.append("slower")
            if change is not None and change < -DRIFT_PCT:
                fl.append("faster")
            if s["error_rate_pct"] > ERROR_RATE_PCT:
                fl.append("errors")
            if p is None:
                fl.append("new")
        res[op] = (fl, change)
    prev_only = sorted(op for op in prev if op not in cur)
    return res, prev_only


def windows(recs, now_us, days):
    length = days * US_PER_DAY
    cur = [r for r in recs if now_us - length <= r["ts"] < now_us]
    prev = [r for r in recs if now_us - 2 * length <= r["ts"] < now_us - length]
    return cur, prev


def report(title, recs, now_us, days, expect_flags, expect_prev_only, stable_pct=None):
    """Print the window table and compare the flags with the expected ones."""
    cur, prev = windows(recs, now_us, days)
    cs, ps = stats(cur), stats(prev)
    fl, prev_only = flags(cs, ps)
    print("\n== %s" % title)
    print("current  [%s, %s)  %d records" % (fmt_ts(now_us - days * US_PER_DAY),
                                            fmt_ts(now_us), len(cur)))
    print("previous [%s, %s)  %d records" % (fmt_ts(now_us - 2 * days * US_PER_DAY),
                                            fmt_ts(now_us - days * US_PER_DAY), len(prev)))
    hdr = ("operation", "count", "avg_ms", "p95_ms", "p95/avg", "err%", "prev_n", "prev_avg",
           "prev_p95", "prev_err%", "Δavg%", "flags")
    print("%-14s %5s %9s %9s %7s %6s %6s %9s %9s %9s %7s  %s" % hdr)
    for op in sorted(cs, key=lambda o: (-cs[o]["count"], o.encode())):
        s = cs[op]
        p = ps.get(op)
        f, ch = fl[op]
        print("%-14s %5d %9.2f %9.2f %7.2f %6.2f %6s %9s %9s %9s %7s  %s" % (
            op, s["count"], s["avg"], s["p95"], s["p95"] / s["avg"], s["error_rate_pct"],
            p["count"] if p else 0, "%.2f" % p["avg"] if p else "-",
            "%.2f" % p["p95"] if p else "-", "%.2f" % p["error_rate_pct"] if p else "-",
            "%+.1f" % ch if ch is not None else "null", ",".join(f) or "-"))
    n = len(cur)
    failed = sum(1 for r in cur if not r["success"])
    print("totals: %d records, %d failed, error rate %.2f %%" % (n, failed, 100.0 * failed / n))
    print("previous_only: %s" % (", ".join(prev_only) or "-"))
    got = {op: f for op, (f, _) in fl.items()}
    check(got == expect_flags, "%s: flags %r, expected %r" % (title, got, expect_flags))
    check(prev_only == expect_prev_only,
          "%s: previous_only %r, expected %r" % (title, prev_only, expect_prev_only))
    if stable_pct is not None:
        for op, (f, ch) in fl.items():
            if not f:
                check(ch is not None and abs(ch) <= stable_pct,
                      "%s: %s avg change %r not within ±%g %%" % (title, op, ch, stable_pct))
    return cur, prev, fl


# --- the checks ---------------------------------------------------------------------------

def check_regenerate():
    tmp = tempfile.mkdtemp(prefix="samples-check-")
    try:
        rc = generate.main(["generate.py", tmp])
        check(rc == 0, "generate.py failed")
        same = []
        for name in FILES:
            with open(os.path.join(HERE, name), "rb") as a, \
                    open(os.path.join(tmp, name), "rb") as b:
                ok = a.read() == b.read()
            check(ok, "%s differs from a fresh run of generate.py" % name)
            same.append("%s %s" % (name, "identical" if ok else "DIFFERS"))
        print("regenerated: " + "; ".join(same))
    finally:
        shutil.rmtree(tmp)


def check_gzip():
    with open(os.path.join(HERE, "basic.jsonl.gz"), "rb") as f:
        gz = f.read()
    with open(os.path.join(HERE, "basic.jsonl"), "rb") as f:
        plain = f.read()
    flg, mtime = gz[3], int.from_bytes(gz[4:8], "little")
    check(gz[:3] == b"\x1f\x8b\x08", "basic.jsonl.gz: not gzip/deflate")
    check(flg & 0x08 == 0, "basic.jsonl.gz: has a file name")
    check(mtime == 0, "basic.jsonl.gz: mtime is %d" % mtime)
    check(gzip.decompress(gz) == plain, "basic.jsonl.gz: content differs from basic.jsonl")
    print("basic.jsonl.gz: %d bytes, FLG=%#x, MTIME=%d, XFL=%d, content == basic.jsonl: %s"
          % (len(gz), flg, mtime, gz[8], gzip.decompress(gz) == plain))


def check_jq():
    jq = shutil.which("jq")
    if jq is None:
        print("jq: not installed, skipped")
        return
    for name in ("basic.jsonl", "degradation.jsonl"):
        with open(os.path.join(HERE, name), "rb") as f:
            p = subprocess.run([jq, "-c", "."], stdin=f, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
        check(p.returncode == 0, "jq -c . %s: status %d %s" % (name, p.returncode, p.stderr))
        print("jq -c . %s: exit %d" % (name, p.returncode))


def describe_log(name, rows):
    recs = [x for _, o, x in rows if o == "valid"]
    bad = [(i, x) for i, o, x in rows if o != "valid"]
    check(not bad, "%s: lines not valid: %r" % (name, bad[:5]))
    n = len(recs)
    ts = [r["ts"] for r in recs]
    back = sum(1 for a, b in zip(ts, ts[1:]) if b < a)
    plain = sum(1 for r in recs if re.fullmatch(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z", r["ts_text"]))
    failed = sum(1 for r in recs if not r["success"])
    print("\n%s: %d lines, %d valid records, %s .. %s" % (name, len(rows), n, fmt_ts(min(ts)),
                                                        fmt_ts(max(ts))))
    print("  operations: %d; sessions: %d; records without session: %d"
          % (len({r["op"] for r in recs}), len({r["session"] for r in recs if r["session"]}),
             sum(1 for r in recs if r["session"] is None)))
    print("  failed: %d (%.2f %%); failed with success false: %d; failed with success "
          "derived from error: %d" % (failed, 100.0 * failed / n,
          sum(1 for r in recs if r["success_given"] and not r["success"]),
          sum(1 for r in recs if not r["success_given"] and not r["success"])))
    print("  records without a success field (or null): %d; with a context: %d"
          % (sum(1 for r in recs if not r["success_given"]),
             sum(1 for r in recs if r["has_context"])))
    print("  timestamps in the plain ...T..:..:..mmmZ form: %d; other forms: %d; "
          "lines earlier than the line before: %d" % (plain, n - plain, back))
    durs = sorted(r["ms"] for r in recs)
    print("  duration_ms: min %g, median %g, max %g" % (durs[0], percentile(durs, 0.5),
                                                         durs[-1]))
    return recs


def check_messy():
    rows = read_file(os.path.join(HERE, "messy.jsonl"))
    expect = {generate.V: "valid", generate.M: "malformed", generate.S: "blank"}
    check(len(rows) == len(generate.MESSY), "messy.jsonl: %d lines, table has %d"
          % (len(rows), len(generate.MESSY)))
    print("\nmessy.jsonl: line, outcome (reason or record)")
    counts = {"valid": 0, "malformed": 0, "blank": 0}
    for (i, outcome, x), (_, _, what, exp) in zip(rows, generate.MESSY):
        counts[outcome] += 1
        check(outcome == expect[exp], "messy.jsonl:%d (%s): %s, expected %s"
              % (i, what, outcome, exp))
        if outcome == "valid":
            detail = "%s %s %g ms %s" % (fmt_ts(x["ts"]), x["op"], x["ms"],
                                         "ok" if x["success"] else "FAILED")
            check(generate.us_of(2026, 10, 25) <= x["ts"] < generate.us_of(2026, 11, 1),
                  "messy.jsonl:%d outside [2026-10-25, 2026-11-01)" % i)
        else:
            detail = x or ""
        print("  %2d %-9s %s" % (i, outcome, detail))
    print("messy.jsonl totals: %d lines, %d valid, %d blank, %d malformed"
          % (len(rows), counts["valid"], counts["blank"], counts["malformed"]))


def main():
    check_regenerate()
    check_gzip()
    check_jq()

    basic = describe_log("basic.jsonl", read_file(os.path.join(HERE, "basic.jsonl")))
    gzrows = read_file(os.path.join(HERE, "basic.jsonl.gz"))
    check(len(gzrows) == len(basic), "basic.jsonl.gz reads differently")
    expect = {"llm_call": [], "tool_exec": [], "file_read": [], "file_write": [],
              "plan_step": [], "test_run": [], "memory_search": ["slower"],
              "embedding": ["faster"], "web_fetch": ["errors"], "db_query": ["outlier"],
              "cache_lookup": ["new"]}
    now = generate.us_of(2026, 11, 1)
    c1, p1, _ = report("basic.jsonl: monthly --now 2026-11-01", basic, now, 30, expect,
                       ["git_commit"], stable_pct=10.0)
    latest = max(r["ts"] for r in basic) + 1
    c2, p2, _ = report("basic.jsonl: monthly --now latest (%s + 1 us)" % fmt_ts(latest - 1),
                       basic, latest, 30, expect, ["git_commit"], stable_pct=10.0)
    check([id(r) for r in c1] == [id(r) for r in c2] and
          [id(r) for r in p1] == [id(r) for r in p2],
          "basic.jsonl: --now latest selects other records than --now 2026-11-01")
    print("\nbasic.jsonl: --now latest and --now 2026-11-01 select the same records: %s"
          % ([id(r) for r in c1] == [id(r) for r in c2] and
             [id(r) for r in p1] == [id(r) for r in p2]))
    first_cache = min(r["ts"] for r in basic if r["op"] == "cache_lookup")
    last_git = max(r["ts"] for r in basic if r["op"] == "git_commit")
    print("cache_lookup first at %s; git_commit last at %s" % (fmt_ts(first_cache),
                                                              fmt_ts(last_git)))

    degr = describe_log("degradation.jsonl",
                        read_file(os.path.join(HERE, "degradation.jsonl")))
    dexp = {"llm_call": ["errors"], "tool_exec": ["outlier", "slower"], "memory_search": []}
    d1, dp1, _ = report("degradation.jsonl: weekly --now 2026-11-01", degr, now, 7, dexp, [],
                        stable_pct=10.0)
    latest = max(r["ts"] for r in degr) + 1
    d2, dp2, _ = report("degradation.jsonl: weekly --now latest (%s + 1 us)"
                        % fmt_ts(latest - 1), degr, latest, 7, dexp, [], stable_pct=10.0)
    check([id(r) for r in d1] == [id(r) for r in d2] and
          [id(r) for r in dp1] == [id(r) for r in dp2],
          "degradation.jsonl: --now latest selects other records than --now 2026-11-01")

    check_messy()

    sizes = ", ".join("%s %d" % (n, os.path.getsize(os.path.join(HERE, n))) for n in FILES)
    print("\nsizes (bytes): " + sizes)
    check(os.path.getsize(os.path.join(HERE, "basic.jsonl")) < 1500000,
          "basic.jsonl is 1.5 MB or more")
    print("\n%s" % ("ALL CHECKS PASSED" if not failures else
                    "%d CHECK(S) FAILED" % len(failures)))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
