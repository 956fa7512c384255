#!/usr/bin/env python3
"""make-corpus.py - (re)writes the seed corpora tests/fuzz/corpus/<target>/ from the lines of
samples/*.jsonl, the inputs of tests/e2e/cases, and hand-made tricky inputs (BOM, CRLF, gzip
magic followed by garbage, deep nesting, huge numbers, surrogates, window edges).

Each corpus stays small (at most 60 files, 200 KB in all): seeds only need to reach the code,
the fuzzer does the rest. The output is deterministic (no randomness, gzip mtime 0), so the
corpora can be regenerated and compared with git diff.

Usage: tests/fuzz/make-corpus.py            (run from anywhere; writes into tests/fuzz/corpus)
"""
import gzip
import io
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
SAMPLES = os.path.join(TOP, "samples")
CASES = os.path.join(TOP, "tests", "e2e", "cases")
MAX_FILES = 60
MAX_BYTES = 200 * 1024


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""


def lines_of(path):
    """The lines of a file without their LF or CR LF (the line reader strips both)."""
    out = []
    for ln in read(path).split(b"\n"):
        if ln.endswith(b"\r"):
            ln = ln[:-1]
        out.append(ln)
    return out


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def rec(ts, op, dur, **kw):
    d = {"timestamp": ts, "operation_type": op, "duration_ms": dur}
    d.update(kw)
    return json.dumps(d, ensure_ascii=False).encode()


def write_corpus(name, items):
    """items: list of (file name, bytes); later duplicates and overflow are dropped."""
    d = os.path.join(HERE, "corpus", name)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    seen, total, n = set(), 0, 0
    for fname, data in items:
        if data in seen or n >= MAX_FILES or total + len(data) > MAX_BYTES:
            continue
        seen.add(data)
        with open(os.path.join(d, fname), "wb") as f:
            f.write(data)
        total += len(data)
        n += 1
    print("corpus/%s: %d files, %d bytes" % (name, n, total))


# --- lines: record and fastpath ------------------------------------------------------------

def record_items():
    items = []
    hand = []
    # Lines of messy.jsonl: each is one kind of malformed (or odd valid) line. A few that only
    # repeat a check another line already reaches (null/missing variants) are left out.
    skip = {10, 11, 12, 13, 15, 16, 20, 21, 41, 45, 54, 55}
    messy = []
    for i, ln in enumerate(lines_of(os.path.join(SAMPLES, "messy.jsonl")), 1):
        if ln.strip(b" \t\r") and i not in skip:
            messy.append(("messy-%02d" % i, ln))
    # Two clean lines from the samples with differently shaped contexts.
    clean = []
    seen_ops = set()
    for ln in lines_of(os.path.join(SAMPLES, "basic.jsonl"))[:400]:
        try:
            op = json.loads(ln)["operation_type"]
        except (ValueError, KeyError, TypeError):
            continue
        if op in ("llm_call", "web_fetch") and op not in seen_ops:
            seen_ops.add(op)
            clean.append(("basic-%s" % op, ln))
    hostile = lines_of(os.path.join(CASES, "md-hostile-names", "input.jsonl"))
    if hostile and hostile[3]:
        clean.append(("hostile-3", hostile[3]))
    ts = "2026-10-31T12:00:00.000Z"
    deep = b'{"timestamp":"%s","operation_type":"deep","duration_ms":1,"context":%s1%s}' % (
        ts.encode(), b"[" * 40, b"]" * 40)
    # Past jansson's nesting limit (2048), and still under -max_len=4096.
    deeper = b'{"timestamp":"%s","operation_type":"deep","duration_ms":1,"context":%s' % (
        ts.encode(), b"[" * 2050)
    hand += [
        ("hand-deep40", deep),
        ("hand-deep2050", deeper),
        ("hand-huge-int", b'{"timestamp":"%s","operation_type":"x","duration_ms":18446744073709551616}'
         % ts.encode()),
        ("hand-max-double", b'{"timestamp":"%s","operation_type":"x","duration_ms":1.7976931348623157e308}'
         % ts.encode()),
        ("hand-denormal", b'{"timestamp":"%s","operation_type":"x","duration_ms":4.9e-324}' % ts.encode()),
        ("hand-minus-zero", b'{"timestamp":"%s","operation_type":"x","duration_ms":-0.0,"success":null}'
         % ts.encode()),
        ("hand-surrogate-pair", b'{"timestamp":"%s","operation_type":"\\ud83d\\ude00 op","duration_ms":1,'
         b'"session_id":"\\u00e9t\\u00e9","error":"\\"quoted\\"\\n"}' % ts.encode()),
        ("hand-lone-low", b'{"timestamp":"%s","operation_type":"\\udc00","duration_ms":1}' % ts.encode()),
        ("hand-utf8-4byte", rec(ts, "op \U0001F600 \u00e9", 2.5, session_id="s\u2028")),
        ("hand-escaped-key", b'{"time\\u0073tamp":"%s","operation_type":"x","duration_ms":1}' % ts.encode()),
        ("hand-keys-reordered", b'{"context":{"a":[1,2,{"b":null}]},"error":null,"success":false,'
         b'"duration_ms":3e2,"operation_type":"x","timestamp":"%s"}' % ts.encode()),
        ("hand-ws", b' \t{ "timestamp" : "2026-10-31t12:00:00.123456789z" ,\r"operation_type":"x",'
         b'"duration_ms":0 } \t'),
        ("hand-offset", rec("2026-10-31T23:59:59.999999+23:59", "x", 1e-6, success=True)),
        ("hand-year1", rec("0001-01-01T00:00:00Z", "x", 1)),
        ("hand-year9999", rec("9999-12-31T23:59:59.999999Z", "x", 1)),
        ("hand-bom", b"\xef\xbb\xbf" + rec(ts, "x", 1)),
    ]
    return hand + clean + messy


# --- timestamps ------------------------------------------------------------------------------

def timeutil_items():
    items = []
    seen = set()
    for s in ("messy.jsonl", "basic.jsonl", "degradation.jsonl"):
        for ln in lines_of(os.path.join(SAMPLES, s))[:200]:
            try:
                t = json.loads(ln).get("timestamp")
            except (ValueError, AttributeError):
                continue
            if isinstance(t, str) and t not in seen and len(items) < 20:
                seen.add(t)
                items.append(("sample-%02d" % len(items), t.encode()))
    hand = [
        "2026-01-06T13:28:00.191Z", "2026-01-06t13:28:00z", "2026-01-06 13:28:00Z",
        "2026-01-06T15:28:00.191+02:00", "2026-01-06T08:28:00.191-0500",
        "2026-01-06T13:28:00.123456789123456789Z", "2026-01-06", "2024-02-29", "2023-02-29",
        "2000-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z", "1970-01-01T00:00:00Z",
        "2026-01-06T24:00:00Z", "2026-01-06T23:59:60Z", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-04-31T00:00:00Z", "2026-01-06T13:28:00+24:00",
        "2026-01-06T13:28:00+23:60", "2026-01-06T13:28:00", "2026-01-06T13:28:00.Z",
        "2026-01-06T13:28:00,5Z", " 2026-01-06T13:28:00Z", "2026-01-06T13:28:00Z ",
        "+2026-01-06T13:28:00Z", "2026-1-06T13:28:00Z", "2026-01-06T13:28:00+02",
        "2026-01-06T13:28:00-00:00", "2026-12-28T00:00:00Z", "2027-01-04T00:00:00Z",
        "0000-01-01T00:00:00Z", "2026-01-06T13:28:00.1+01:30", "2026-01-06T13:28:00z+01:00",
    ]
    for i, t in enumerate(hand):
        items.append(("hand-%02d" % i, t.encode()))
    items.append(("hand-nul", b"2026-01-06T13:28:00\x00Z"))
    items.append(("hand-long-frac", b"2026-01-06T13:28:00." + b"9" * 300 + b"Z"))
    return items


# --- whole files: pipeline -------------------------------------------------------------------

def pipeline_items():
    items = []
    messy = read(os.path.join(SAMPLES, "messy.jsonl"))
    basic = lines_of(os.path.join(SAMPLES, "basic.jsonl"))
    degr = lines_of(os.path.join(SAMPLES, "degradation.jsonl"))
    hostile = read(os.path.join(CASES, "md-hostile-names", "input.jsonl"))
    multi = read(os.path.join(CASES, "in-multi-files", "stdin"))
    stdin = lines_of(os.path.join(CASES, "in-stdin", "stdin"))

    def join(lns):
        return b"".join(ln + b"\n" for ln in lns if ln)

    if messy:
        items.append(("messy.jsonl", messy))
    if hostile:
        items.append(("hostile-names.jsonl", hostile))
    if multi:
        items.append(("e2e-multi-stdin.jsonl", multi))
    if basic:
        items.append(("basic-head.jsonl", join(basic[:40])))
        items.append(("basic-tail.jsonl", join(basic[-40:])))
        items.append(("basic-head.jsonl.gz", gz(join(basic[:200]))))
    if degr:
        # The degradation sample's previous and current weeks, thinned to stay small.
        items.append(("degradation-thin.jsonl", join(degr[::5])))
        items.append(("degradation-tail.jsonl", join(degr[-60:])))
    if stdin:
        items.append(("e2e-stdin-head.jsonl", join(stdin[:40])))
    if messy:
        items.append(("messy.jsonl.gz", gz(messy)))
        two = gz(messy[:len(messy) // 2]) + gz(messy[len(messy) // 2:])
        items.append(("two-members.jsonl.gz", two))
        items.append(("truncated.jsonl.gz", gz(messy)[:300]))
        items.append(("gzip-then-plain.gz", gz(b"") + b'{"not":"gzip"}\n'))
    items.append(("gzip-magic-garbage", b"\x1f\x8b\x08\x00garbage\x00\xff\xfe" * 3))
    items.append(("gzip-magic-only", b"\x1f\x8b"))
    items.append(("empty", b""))
    items.append(("blank-lines", b"\n \n\t\r\n\r\n   "))

    # Records on the edges of the windows of --now 2026-11-01 (monthly, weekly, trends).
    edges = [
        rec("2026-11-01T00:00:00Z", "edge_end", 1),             # exactly end: outside
        rec("2026-10-31T23:59:59.999999Z", "edge_end", 2),
        rec("2026-10-02T00:00:00Z", "edge_month", 3),           # monthly start: inside
        rec("2026-10-01T23:59:59.999999Z", "edge_month", 4),    # previous window
        rec("2026-10-25T00:00:00Z", "edge_week", 5),
        rec("2026-10-24T23:59:59.999999Z", "edge_week", 6),
        rec("2026-08-03T00:00:00Z", "edge_trends", 7),
        rec("2026-09-01T00:00:00+00:00", "edge_trends", 8, error=""),
    ]
    items.append(("window-edges.jsonl", b"\n".join(edges) + b"\n"))
    crlf = b"\xef\xbb\xbf" + b"\r\n".join(edges[:4]) + b"\r\n\r\n" + edges[4]
    items.append(("bom-crlf-no-final-lf.jsonl", crlf))

    # Statistics stress: huge and tiny durations, one record, ties, many operations.
    ts = "2026-10-30T10:00:00.000Z"
    big = [rec(ts, "huge", 1.7976931348623157e308), rec(ts, "huge", 1.7976931348623157e308),
           rec(ts, "huge", 0), rec(ts, "tiny", 5e-324), rec(ts, "tiny", 0.1),
           rec(ts, "tiny", 0.2)]
    items.append(("huge-durations.jsonl", b"\n".join(big) + b"\n"))
    ties = [rec("2026-10-30T10:00:0%d.000Z" % (i % 3), "tie%d" % (i % 4), 100, success=i % 2 == 0)
            for i in range(24)]
    items.append(("ties.jsonl", b"\n".join(ties) + b"\n"))
    many = [rec("2026-10-%02dT%02d:00:00Z" % (2 + i % 29, i % 24), "op%03d" % i, i * 1.5)
            for i in range(120)]
    items.append(("many-ops.jsonl", b"\n".join(many) + b"\n"))
    prev = [rec("2026-09-%02dT12:00:00Z" % (3 + i % 25), "drift", 10) for i in range(10)]
    cur = [rec("2026-10-%02dT12:00:00Z" % (3 + i % 25), "drift", 13 + i) for i in range(10)]
    cur += [rec("2026-10-20T12:00:00Z", "gone_fast", 1)]
    prev += [rec("2026-09-20T12:00:00Z", "prev_only", 1)]
    items.append(("drift.jsonl", b"\n".join(prev + cur) + b"\n"))
    span = [rec("%04d-06-15T00:00:00Z" % y, "span", 1) for y in (1, 1970, 2017, 2025, 2026)]
    span += [rec("9999-12-31T23:59:59.999999Z", "span", 2)]
    items.append(("years-span.jsonl", b"\n".join(span) + b"\n"))
    names = [rec(ts, n, 1, session_id=n, error=n) for n in
             ("a|b", "``x``", "=1+2", "-cmd", "@here", "\tTAB", " lead", "trail ", "\u00e9\u20ac",
              "\U0001F600", "x" * 300, "<b>", "line\nbreak", "cr\rx", "esc\x1b[31m", "del\x7f")]
    items.append(("hostile-more.jsonl", b"\n".join(names) + b"\n"))
    ctx = [b'{"timestamp":"%s","operation_type":"ctx","duration_ms":1,"context":%s}' % (ts.encode(), c)
           for c in (b"null", b"[]", b"{}", b'"s"', b"1e2", b'{"a":{"b":[1,2,{"c":"\\u00e9"}]}}',
                     b"[" * 30 + b"]" * 30)]
    items.append(("contexts.jsonl", b"\n".join(ctx) + b"\n"))
    items.append(("nul-and-long.jsonl", rec(ts, "x", 1) + b"\n{\"a\x00\":1}\n" +
                  rec(ts, "long" * 80, 1) + b"\n"))
    return items


def main():
    if not os.path.isdir(SAMPLES):
        sys.exit("make-corpus.py: no samples/ directory under %s" % TOP)
    rec_items = record_items()
    write_corpus("record", rec_items)
    write_corpus("fastpath", rec_items)
    write_corpus("timeutil", timeutil_items())
    write_corpus("pipeline", pipeline_items())


if __name__ == "__main__":
    main()
