#!/usr/bin/env python3
"""generate.py - write the perf-reporter sample logs, deterministically.

Usage:  python3 samples/generate.py [OUTDIR]        (OUTDIR defaults to this directory)

Python 3 standard library only.  Every random choice comes from one Mersenne Twister seeded
with SEED and is drawn only through random.Random.random() (normal deviates by Box-Muller,
integers and weighted choices by hand), whose sequence CPython keeps stable across versions,
so the same command rewrites every file byte for byte.

What each file is:

basic.jsonl      A realistic agent-system log, 2026-08-01T00:00:00.000Z .. 2026-10-31T23:59:59.874Z
                 (about 6 000 records).  Agent sessions ("sess-3f9a2c") start at random times
                 (busier in European/US working hours, quieter at weekends) and run a chain of
                 12 operations (plan_step, llm_call, tool_exec, file_read, ...); a nightly job
                 with no session adds embedding and db_query records.  Durations are
                 log-normal with a median per operation from 0.5 ms (cache_lookup) to 5 s
                 (test_run).  ~0.5 % of records fail, with an "error" text; a failed record
                 says "success": false or leaves "success" out (derived from "error"); a
                 successful one says "success": true or leaves it out.  Most records carry a
                 "context" (nested objects and arrays, some non-ASCII text).  About 1 record in
                 10 uses another accepted timestamp form (+02:00, -0500, +05:30, space
                 separator, 't'/'z', 0..9 fraction digits); the rest are
                 "2026-08-01T13:28:00.191Z".  About 1 % of records are written a few lines
                 late (not in time order).
                 Shaped for `perf-reporter monthly --now 2026-11-01` (current window
                 [2026-10-02, 2026-11-01), previous [2026-09-02, 2026-10-02)):
                   memory_search  slower   avg +40 %
                   embedding      faster   avg -35 %
                   web_fetch      errors   ~4 % failed (previous window ~0 %)
                   db_query       outlier  7 % of calls ~20x slower in every window
                   cache_lookup   new      first record 2026-10-09
                   git_commit     previous-only, last record 2026-09-26
                   llm_call, tool_exec, file_read, file_write, plan_step, test_run: stable
                 The mean of every (operation, 30-day period) batch is scaled to its design
                 value, so the avg changes above are exact up to the rounding of
                 duration_ms, not the luck of the seed.  No record lies in the minute before
                 2026-09-02T00:00Z or 2026-10-02T00:00Z, and the newest record is
                 2026-10-31T23:59:59.874Z, so `--now latest` gives the same two windows'
                 records as `--now 2026-11-01`.
basic.jsonl.gz   basic.jsonl gzip-compressed at level 9 by Python's gzip module with mtime 0
                 and no file name (reproducible, like `gzip -9n`; the deflate bytes are
                 zlib's, so they are identical across runs with the same zlib).
degradation.jsonl  ~400 records, 3 operations, 2026-10-18T00:00Z .. 2026-10-31T23:00:00.000Z
                 (the newest record), for `weekly` (current [2026-10-25, 2026-11-01), previous
                 [2026-10-18, 2026-10-25)); no record in [2026-10-24T23:00Z, 2026-10-25T00:00Z)
                 so `--now latest` and `--now 2026-11-01` select the same records.
                   llm_call       error rate 0 % -> ~6 %            (errors)
                   tool_exec      10 % of calls 8x slower: p95 and avg jump (outlier, slower)
                   memory_search  stable (control)
messy.jsonl      55 lines: one for every class of bad line in SPEC section 2 and more, among
                 valid records dated 2026-10-25 .. 2026-10-31 UTC (inside both the monthly and
                 the weekly window of --now 2026-11-01).  Starts with a UTF-8 BOM, has CRLF
                 line ends on some lines and ends without a final newline.
messy.README     Line by line: what each line of messy.jsonl is and whether a reader must take
                 it as valid, skip it silently (blank) or count it as malformed.  Written from
                 the same table as messy.jsonl, so the two cannot disagree.
"""

import datetime
import gzip
import io
import math
import os
import random
import sys

SEED = 20261101

UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
US_PER_MS = 1000
US_PER_SEC = 1000000
US_PER_DAY = 86400 * US_PER_SEC


def us_of(y, mo, d, h=0, mi=0, s=0, ms=0):
    """UTC date and time -> microseconds since the Unix epoch."""
    dt = datetime.datetime(y, mo, d, h, mi, s, tzinfo=UTC)
    return (dt - EPOCH) // datetime.timedelta(microseconds=1) + ms * US_PER_MS


# --- randomness, drawn only through Random.random() ---------------------------------------

class Rng:
    """Deterministic helpers on top of random.Random.random()."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def uniform(self):
        return self.r.random()

    def below(self, n):
        """Integer in [0, n)."""
        return min(int(self.r.random() * n), n - 1)

    def between(self, lo, hi):
        """Integer in [lo, hi]."""
        return lo + self.below(hi - lo + 1)

    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def weighted(self, pairs):
        """pairs: [(item, weight), ...] with weight >= 0, not all 0."""
        total = sum(w for _, w in pairs)
        x = self.r.random() * total
        for item, w in pairs:
            if x < w:
                return item
            x -= w
        return pairs[-1][0]

    def normal(self):
        u1 = 1.0 - self.r.random()      # (0, 1]
        u2 = self.r.random()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def lognormal(self, median, sigma):
        return median * math.exp(sigma * self.normal())

    def choose_k(self, n, k):
        """k distinct indices from range(n), as a sorted list (partial Fisher-Yates)."""
        idx = list(range(n))
        for i in range(k):
            j = i + self.below(n - i)
            idx[i], idx[j] = idx[j], idx[i]
        return sorted(idx[:k])

    def hexid(self, n):
        return "".join("0123456789abcdef"[self.below(16)] for _ in range(n))


# --- timestamps ---------------------------------------------------------------------------

def iso_parts(us, offset_min=0):
    """Local calendar fields of instant us at the given UTC offset (minutes)."""
    dt = EPOCH + datetime.timedelta(microseconds=us + offset_min * 60 * US_PER_SEC)
    return dt


def fmt_default(us):
    """The plain form: 2026-08-01T13:28:00.191Z (milliseconds truncated)."""
    dt = iso_parts(us)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (dt.year, dt.month, dt.day, dt.hour,
        dt.minute, dt.second, dt.microsecond // 1000)


# Other accepted forms: (name, separator, fraction digits, zone).  zone is "Z", "z" or an
# offset in minutes with a style "colon" / "compact".
TS_FORMS = [
    ("offset +02:00", "T", 3, (120, "colon")),
    ("offset -0500", "T", 3, (-300, "compact")),
    ("offset +05:30", "T", 3, (330, "colon")),
    ("offset +00:00", "T", 3, (0, "colon")),
    ("space separator", " ", 3, "Z"),
    ("lowercase t and z", "t", 3, "z"),
    ("no fraction", "T", 0, "Z"),
    ("1 fraction digit", "T", 1, "Z"),
    ("2 fraction digits", "T", 2, "Z"),
    ("6 fraction digits", "T", 6, "Z"),
    ("9 fraction digits, -07:00", "T", 9, (-420, "colon")),
    ("4 fraction digits, space, +0100", " ", 4, (60, "compact")),
]


def fmt_form(rng, us, form):
    """Write instant us in the given form; returns (text, instant actually written in us)."""
    _, sep, digits, zone = form
    if digits < 6:
        q = 10 ** (6 - digits)
        us -= us % q
    if isinstance(zone, str):
        off, ztext = 0, zone
    else:
        off, style = zone
        sign = "+" if off >= 0 else "-"
        h, m = divmod(abs(off), 60)
        ztext = "%s%02d:%02d" % (sign, h, m) if style == "colon" else "%s%02d%02d" % (sign, h, m)
    dt = iso_parts(us, off)
    text = "%04d-%02d-%02d%s%02d:%02d:%02d" % (dt.year, dt.month, dt.day, sep, dt.hour,
        dt.minute, dt.second)
    if digits > 0:
        frac = "%06d" % dt.microsecond
        if digits <= 6:
            frac = frac[:digits]
        else:
            frac += "".join(str(rng.below(10)) for _ in range(digits - 6))
        text += "." + frac
    return text + ztext, us


def json_str(s):
    """A JSON string literal, UTF-8 kept as is."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif o < 0x20:
            out.append({"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(ch, "\\u%04x" % o))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def json_val(v, compact):
    """Serialise a value (dict insertion order kept) as JSON text."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        assert math.isfinite(v)
        return repr(v)
    if isinstance(v, str):
        return json_str(v)
    colon, comma = (":", ",") if compact else (": ", ", ")
    if isinstance(v, list):
        return "[" + comma.join(json_val(x, compact) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + comma.join(json_str(k) + colon + json_val(x, compact)
            for k, x in v.items()) + "}"
    raise TypeError(type(v))


# --- the operations of basic.jsonl --------------------------------------------------------

B_START = us_of(2026, 8, 1)
B_PREV = us_of(2026, 9, 2)          # previous window start for --now 2026-11-01
B_CUR = us_of(2026, 10, 2)          # current window start
B_END = us_of(2026, 11, 1)
B_LAST = us_of(2026, 10, 31, 23, 59, 59, 874)
CACHE_FROM = us_of(2026, 10, 9)     # cache_lookup rolled out
GIT_UNTIL = us_of(2026, 9, 27)      # auto-commit switched off

# name: (median ms, sigma, share weight in sessions, failure rate,
#        mean factor in periods (before previous window, previous, current))
OPS = {
    "llm_call":      (1800.0, 0.38, 22, 0.009, (1.00, 1.00, 1.04)),
    "tool_exec":     (150.0,  0.36, 15, 0.009, (0.98, 1.00, 0.97)),
    "file_read":     (2.0,    0.35, 14, 0.006, (1.00, 1.00, 1.02)),
    "memory_search": (45.0,   0.30, 10, 0.006, (0.95, 1.00, 1.40)),
    "file_write":    (6.0,    0.35, 7,  0.008, (1.03, 1.00, 0.94)),
    "db_query":      (12.0,   0.30, 6,  0.008, (1.00, 1.00, 1.03)),
    "web_fetch":     (650.0,  0.36, 6,  0.008, (1.00, 1.00, 1.05)),
    "embedding":     (90.0,   0.30, 5,  0.006, (1.05, 1.00, 0.65)),
    "plan_step":     (4200.0, 0.30, 5,  0.006, (0.97, 1.00, 1.07)),
    "test_run":      (5000.0, 0.35, 3,  0.009, (1.02, 1.00, 0.92)),
    "git_commit":    (85.0,   0.30, 2,  0.006, (1.00, 1.00, 1.00)),
    "cache_lookup":  (0.5,    0.35, 8,  0.006, (1.00, 1.00, 1.00)),
}
ERRORS_OP, ERRORS_RATE = "web_fetch", 0.04       # failure rate in the current window
OUTLIER_OP, OUTLIER_SHARE, OUTLIER_X = "db_query", 0.07, 20.0

ERROR_TEXTS = {
    "llm_call": ["429 Too Many Requests: rate_limit_exceeded",
                 "upstream timeout after 60000 ms",
                 "context_length_exceeded: 212004 tokens > 200000"],
    "tool_exec": ["tool 'bash' exited with status 1",
                  "sandbox killed: out of memory (limit 2 GiB)"],
    "file_read": ["ENOENT: no such file or directory, open 'src/emit-md.c'"],
    "memory_search": ["index not ready: rebuilding shard 3/8"],
    "file_write": ["EACCES: permission denied, open '/etc/hosts'"],
    "db_query": ["deadlock detected", "canceling statement due to statement timeout"],
    "web_fetch": ["HTTP 503 Service Unavailable", "connect ETIMEDOUT 104.18.3.7:443",
                  "TLS handshake failed: certificate has expired", "HTTP 502 Bad Gateway"],
    "embedding": ["input too long: 8311 tokens > 8192"],
    "plan_step": ["plan validation failed: cyclic dependency between steps 3 and 5"],
    "test_run": ["3 tests failed (see junit.xml)", "test runner timed out after 600 s"],
    "git_commit": ["pre-commit hook failed: trailing whitespace"],
    "cache_lookup": ["redis: connection refused"],
}

PATHS = ["src/main.c", "src/report.c", "src/stats.c", "README.md", "docs/usage.md",
         "tests/e2e/monthly.sh", "Makefile.am", "src/timeutil.c", "package.json",
         "config/agent.yaml", "notes/résumé.md", "src/line-reader.c"]
URLS = ["https://docs.python.org/3/library/gzip.html", "https://api.github.com/repos/x/y/pulls",
        "https://duckdb.org/docs/sql/functions/aggregates", "https://jansson.readthedocs.io/",
        "https://example.com/status", "https://www.rfc-editor.org/rfc/rfc3339"]
GOALS = ["fix flaky test in tests/e2e", "add --top option", "triage issue #412",
         "rewrite parser for speed", "update docs", "handle naïve timestamps",
         "translate README → 日本語", "bump dependencies"]
TABLES = ["events", "sessions", "memories", "users", "jobs"]
MODELS = ["claude-sonnet-4-5", "claude-sonnet-4-5", "claude-haiku-4-5", "gpt-4.1-mini"]
HOSTS = ["agent-1", "agent-2", "ci-runner-3"]


def context_for(rng, op, failed, slow):
    """A plausible "context" value for one record of op."""
    if op == "llm_call":
        return {"model": rng.pick(MODELS),
                "tokens": {"in": rng.between(300, 60000), "out": rng.between(20, 4000)},
                "stop": "error" if failed else rng.pick(["end_turn", "tool_use", "tool_use"])}
    if op == "tool_exec":
        tool = rng.pick(["bash", "python", "grep", "sed"])
        argv = {"bash": ["make", "-j8"], "python": ["-m", "pytest", "-q"],
                "grep": ["-rn", "TODO", "src/"], "sed": ["-n", "1,40p", rng.pick(PATHS)]}[tool]
        return {"tool": tool, "argv": argv, "exit": 1 if failed else 0}
    if op == "file_read":
        return {"path": rng.pick(PATHS), "bytes": rng.between(80, 90000)}
    if op == "file_write":
        return {"path": rng.pick(PATHS), "bytes": rng.between(40, 30000),
                "created": rng.chance(0.2)}
    if op == "memory_search":
        hits = [{"id": "mem-" + rng.hexid(4), "score": round(0.95 - 0.1 * i - 0.05 *
                 rng.uniform(), 3)} for i in range(rng.between(0, 3))]
        return {"k": 8, "hits": hits}
    if op == "web_fetch":
        return {"url": rng.pick(URLS), "status": None if failed else 200,
                "bytes": 0 if failed else rng.between(900, 250000)}
    if op == "embedding":
        return {"model": "text-embedding-3-small", "inputs": rng.between(1, 64), "dims": 1536}
    if op == "plan_step":
        n = rng.between(3, 9)
        return {"step": rng.between(1, n), "of": n, "goal": rng.pick(GOALS)}
    if op == "db_query":
        return {"table": rng.pick(TABLES), "rows": rng.between(0, 500),
                "plan": ["Seq Scan", "Sort"] if slow else ["Index Scan"]}
    if op == "git_commit":
        return {"branch": rng.pick(["main", "agent/fix-" + rng.hexid(4)]),
                "files": rng.between(1, 9), "sha": rng.hexid(7)}
    if op == "test_run":
        return {"suite": rng.pick(["unit", "e2e"]), "passed": rng.between(40, 400),
                "failed": 3 if failed else 0, "skipped": [] if rng.chance(0.8) else
                ["test_gzip_stdin"]}
    if op == "cache_lookup":
        return {"key": "emb:" + rng.hexid(8), "hit": rng.chance(0.7)}
    return None


class Rec:
    """One record being generated."""

    def __init__(self, us, op, session, raw_ms, kind="session"):
        self.us = us
        self.op = op
        self.session = session      # string, or None for background jobs
        self.raw = raw_ms
        self.kind = kind
        self.failed = False
        self.slow = False
        self.ms = None              # final duration (float or int)
        self.text = None


def period_of(us, bounds):
    """Index of the period [bounds[i], bounds[i+1]) holding us."""
    for i in range(len(bounds) - 1):
        if bounds[i] <= us < bounds[i + 1]:
            return i
    raise ValueError(us)


def in_gap(us, gaps):
    return any(lo <= us < hi for lo, hi in gaps)


def session_ops(rng, t, length, weights_at, opener, coding):
    """The operation names of one agent session starting at t: opener, then picks from
    weights_at(t); a coding session also runs test_run after some file_write and may end
    with git_commit (until GIT_UNTIL)."""
    ops = [opener]
    while len(ops) < length:
        op = rng.weighted(weights_at(t))
        ops.append(op)
        if coding and op == "file_write" and rng.chance(0.25):
            ops.append("test_run")
    if coding and t < GIT_UNTIL and rng.chance(0.35):
        ops.append("git_commit")
    return ops


HOUR_W = [1, 1, 1, 1, 1, 1, 3, 3, 3, 6, 6, 6, 6, 6, 6, 6, 6, 6, 4, 4, 4, 4, 2, 2]


def run_sessions(rng, recs, start, stop, per_day, len_median, weights_at, params, sids,
                 gaps, opener, coding, first_at_start=False):
    """Append the records of random agent sessions in [start, stop) to recs."""
    day = start
    first = first_at_start
    while day < stop:
        wd = (EPOCH + datetime.timedelta(microseconds=day)).weekday()
        n = rng.between(per_day[0], per_day[1]) if wd < 5 else rng.between(0, per_day[0])
        for _ in range(n):
            if first:
                t = start
                first = False
            else:
                hour = rng.weighted(list(enumerate(HOUR_W)))
                t = day + hour * 3600 * US_PER_SEC + rng.below(3600 * 1000) * US_PER_MS
            sid = None
            while sid is None or sid in sids:
                sid = "sess-" + rng.hexid(6)
            sids.add(sid)
            length = max(2, int(round(rng.lognormal(len_median, 0.5))))
            for op in session_ops(rng, t, length, weights_at, opener, coding):
                med, sig = params[op][0], params[op][1]
                d = rng.lognormal(med, sig)
                if t >= stop:
                    break
                if not in_gap(t, gaps):
                    recs.append(Rec(t, op, sid, d))
                t += int(d * US_PER_MS) + int(rng.lognormal(350.0, 0.8) * US_PER_MS)
        day += US_PER_DAY


def shape(rng, recs, bounds, params, errors, outlier):
    """Give every record its final duration and failure, per (operation, period) batch:
    scale each batch so its mean is the design mean exactly; mark an exact number of
    failures; make an exact share of outlier calls slow."""
    groups = {}
    for r in recs:
        groups.setdefault((r.op, period_of(r.us, bounds)), []).append(r)
    for (op, per), g in sorted(groups.items()):
        med, sig, _, rate, factors = params[op]
        n = len(g)
        base = med * math.exp(sig * sig / 2) * factors[per]
        target = base
        if outlier and op == outlier[0] and per in outlier[3]:
            k = int(round(outlier[1] * n))
            for i in rng.choose_k(n, k):
                g[i].raw *= outlier[2] * rng.lognormal(1.0, 0.1)
                g[i].slow = True
            target = base * (n + (outlier[2] - 1) * k) / n
        scale = target * n / math.fsum(r.raw for r in g)
        integer_ok = med >= 50
        for r in g:
            v = r.raw * scale
            if integer_ok and rng.chance(0.1):
                r.ms = max(1, int(round(v)))
            else:
                r.ms = max(0.001, round(v, 3))
        if errors and op == errors[0] and per in errors[2]:
            k = int(round(errors[1] * n))
        else:
            k = int(math.floor(rate * n))
        for i in rng.choose_k(n, k):
            g[i].failed = True


def render(rng, r, texts, forms_share, compact):
    """The JSON line of record r (no newline)."""
    if rng.chance(forms_share):
        ts, r.us = fmt_form(rng, r.us, rng.pick(TS_FORMS))
    else:
        r.us -= r.us % US_PER_MS
        ts = fmt_default(r.us)
    obj = {}
    if r.kind == "job":     # the nightly job's logger: other field order, no session
        obj["operation_type"] = r.op
        obj["timestamp"] = ts
    else:
        obj["timestamp"] = ts
        obj["operation_type"] = r.op
    obj["duration_ms"] = r.ms
    if r.failed:
        err = rng.pick(texts[r.op])
        u = rng.uniform()
        if u < 0.55:
            obj["success"] = False
            obj["error"] = err
        elif u < 0.95:
            obj["error"] = err          # success derived from error
        else:
            obj["success"] = False      # no text at all
    else:
        u = rng.uniform()
        if u < 0.75:
            obj["success"] = True
        elif u < 0.82:
            obj["success"] = True
            obj["error"] = None
        elif u < 0.84:
            obj["success"] = None       # counts as absent
        # else: neither field, success derived
    if r.kind == "job":
        if rng.chance(0.5):
            obj["session_id"] = None
    else:
        obj["session_id"] = r.session
    if rng.chance(0.75):
        ctx = context_for(rng, r.op, r.failed, r.slow)
        if ctx is not None:
            obj["context"] = ctx
    if rng.chance(0.08):
        obj["host"] = rng.pick(HOSTS)   # ignored by perf-reporter
    # keep key order: timestamp/op first, then the rest as built
    return json_val(obj, compact and r.kind != "job")


def disorder(rng, lines, share):
    """Move about share of the lines 1..4 places later (late flushes); first and last stay."""
    n = len(lines)
    for _ in range(int(share * n)):
        i = 1 + rng.below(n - 6)
        k = rng.between(1, 4)
        lines.insert(i + k, lines.pop(i))


def gen_basic(rng):
    recs = []
    sids = set()
    gaps = [(B_PREV - 60 * US_PER_SEC, B_PREV), (B_CUR - 60 * US_PER_SEC, B_CUR),
            (B_LAST - US_PER_SEC, B_END + US_PER_DAY)]

    def weights_at(t):
        w = []
        for op, v in OPS.items():
            if op == "git_commit" or (op == "cache_lookup" and t < CACHE_FROM):
                continue
            w.append((op, v[2]))
        return w

    run_sessions(rng, recs, B_START, B_END, (5, 8), 10.5, weights_at, OPS, sids, gaps,
                 "plan_step", True, first_at_start=True)
    # git_commit is appended by session_ops before GIT_UNTIL only
    recs = [r for r in recs if not (r.op == "git_commit" and r.us >= GIT_UNTIL)]
    # the nightly indexing job: embeddings and a db_query, no session
    day = B_START
    while day < B_END:
        t = day + 2 * 3600 * US_PER_SEC + rng.below(1800 * 1000) * US_PER_MS
        for op in ["embedding"] * rng.between(1, 3) + ["db_query"]:
            d = rng.lognormal(OPS[op][0], OPS[op][1])
            if not in_gap(t, gaps):
                recs.append(Rec(t, op, None, d, kind="job"))
            t += int(d * US_PER_MS) + rng.below(5000) * US_PER_MS
        day += US_PER_DAY
    # the newest record, exactly at B_LAST
    recs.append(Rec(B_LAST, "llm_call", "sess-" + rng.hexid(6), OPS["llm_call"][0]))
    bounds = [B_START, B_PREV, B_CUR, B_END]
    shape(rng, recs, bounds, OPS, (ERRORS_OP, ERRORS_RATE, (2,)),
          (OUTLIER_OP, OUTLIER_SHARE, OUTLIER_X, (0, 1, 2)))
    recs.sort(key=lambda r: (r.us, r.op))
    first, last = recs[0], recs[-1]
    lines = []
    for r in recs:
        share = 0.0 if r is first or r is last else 0.10
        lines.append(render(rng, r, ERROR_TEXTS, share, compact=True))
    disorder(rng, lines, 0.01)
    return "".join(l + "\n" for l in lines).encode("utf-8")


# --- degradation.jsonl --------------------------------------------------------------------

D_START = us_of(2026, 10, 18)
D_CUR = us_of(2026, 10, 25)
D_END = us_of(2026, 11, 1)
D_LAST = us_of(2026, 10, 31, 23, 0, 0)

DOPS = {
    "llm_call":      (1500.0, 0.35, 45, 0.005, (1.00, 1.03)),
    "tool_exec":     (200.0,  0.35, 35, 0.005, (1.00, 1.00)),
    "memory_search": (40.0,   0.30, 20, 0.005, (1.00, 0.98)),
}


def gen_degradation(rng):
    recs = []
    sids = set()
    gaps = [(D_CUR - 3600 * US_PER_SEC, D_CUR), (D_LAST - US_PER_SEC, D_END + US_PER_DAY)]

    def weights_at(t):
        return [(op, v[2]) for op, v in DOPS.items()]

    run_sessions(rng, recs, D_START, D_END, (3, 6), 6.5, weights_at, DOPS, sids, gaps,
                 "llm_call", False, first_at_start=True)
    recs.append(Rec(D_LAST, "llm_call", "sess-" + rng.hexid(6), DOPS["llm_call"][0]))
    shape(rng, recs, [D_START, D_CUR, D_END], DOPS, ("llm_call", 0.06, (1,)),
          ("tool_exec", 0.10, 8.0, (1,)))
    recs.sort(key=lambda r: (r.us, r.op))
    lines = [render(rng, r, ERROR_TEXTS, 0.0, compact=True) for r in recs]
    return "".join(l + "\n" for l in lines).encode("utf-8")


# --- messy.jsonl --------------------------------------------------------------------------

def rec(ts, op, dur, extra=""):
    return ('{"timestamp":"%s","operation_type":"%s","duration_ms":%s%s}'
            % (ts, op, dur, extra)).encode("utf-8")


V, M, S = "valid", "malformed", "skipped (blank)"
LF, CRLF, NONE = b"\n", b"\r\n", b""

# (line bytes without line end, line end, class, expected outcome)
MESSY = [
    (b"\xef\xbb\xbf" + rec("2026-10-25T08:00:00.000Z", "llm_call", "1200.5",
        ',"success":true,"session_id":"sess-0a1b2c"'), LF,
     "UTF-8 BOM at the start of the file, then a plain record", V),
    (rec("2026-10-25T08:00:02.250Z", "tool_exec", "150",
        ',"session_id":"sess-0a1b2c"'), CRLF,
     "CRLF line end; no success, no error (success derived: true)", V),
    (b"", LF, "empty line", S),
    (b"   \t  ", LF, "white space only (spaces and a tab)", S),
    (b"perf-reporter: this line is not JSON at all", LF, "not JSON", M),
    (b'{"timestamp":"2026-10-25T08:00:05Z","operation_type":"llm_ca', LF,
     "truncated JSON (cut inside a string)", M),
    (b'[{"timestamp":"2026-10-25T08:00:06Z","operation_type":"llm_call","duration_ms":1}]',
     LF, "a JSON array (holding a record), not an object", M),
    (b'"llm_call"', LF, "a JSON string, not an object", M),
    (b"42", LF, "a JSON number, not an object", M),
    (b"null", LF, "JSON null, not an object", M),
    (b'{"operation_type":"llm_call","duration_ms":10}', LF, "timestamp missing", M),
    (b'{"timestamp":null,"operation_type":"llm_call","duration_ms":10}', LF,
     "timestamp null", M),
    (b'{"timestamp":1761379200,"operation_type":"llm_call","duration_ms":10}', LF,
     "timestamp of the wrong type (number)", M),
    (rec("2026-10-26T10:15:00.5+02:00", "web_fetch", "640.25",
        ',"success":false,"error":"HTTP 503 Service Unavailable","session_id":"sess-0d0e0f"'),
     LF, "offset +02:00, 1 fraction digit (08:15:00.500Z); success false with error", V),
    (b'{"timestamp":"2026-10-26T08:16:00Z","duration_ms":10}', LF,
     "operation_type missing", M),
    (b'{"timestamp":"2026-10-26T08:16:00Z","operation_type":null,"duration_ms":10}', LF,
     "operation_type null", M),
    (b'{"timestamp":"2026-10-26T08:16:00Z","operation_type":7,"duration_ms":10}', LF,
     "operation_type of the wrong type (number)", M),
    (b'{"timestamp":"2026-10-26T08:16:00Z","operation_type":"","duration_ms":10}', LF,
     "operation_type empty", M),
    (rec("2026-10-26T03:20:00.123456-0500", "web_fetch", "88",
        ',"error":"","session_id":"sess-0d0e0f"'),
     LF, "offset -0500, 6 fraction digits (08:20:00.123456Z); no success, error \"\" "
     "(counts as an error: failed)", V),
    (b'{"timestamp":"2026-10-26T08:21:00Z","operation_type":"llm_call"}', LF,
     "duration_ms missing", M),
    (b'{"timestamp":"2026-10-26T08:21:00Z","operation_type":"llm_call","duration_ms":null}',
     LF, "duration_ms null", M),
    (b'{"timestamp":"2026-10-26T08:21:00Z","operation_type":"llm_call","duration_ms":"12.5"}',
     LF, "duration_ms of the wrong type (string)", M),
    (b'{"timestamp":"2026-10-26T08:21:00Z","operation_type":"llm_call","duration_ms":-1.5}',
     LF, "negative duration_ms", M),
    (b'{"timestamp":"2026-10-26T08:21:00Z","operation_type":"llm_call","duration_ms":1e400}',
     LF, "duration_ms 1e400 (does not fit a double)", M),
    (b'{"timestamp":"2026-10-26T08:21:00Z","operation_type":"llm_call",'
     b'"duration_ms":99999999999999999999999}', LF,
     "duration_ms integer 99999999999999999999999 (past 2^64)", M),
    (rec("2026-10-27 12:00:00.123456789z", "file_read", "0",
        ',"success":null,"error":null,"session_id":"sess-1a2b3c"'), LF,
     "space separator, 9 fraction digits, lowercase z; duration 0; success null and error "
     "null (success derived: true)", V),
    (rec("2026-10-27T12:00:00.000", "llm_call", "10"), LF, "timestamp without a zone", M),
    (rec("2026-10-27", "llm_call", "10"), LF, "bare date as timestamp", M),
    (rec("2026-10-27T24:00:00Z", "llm_call", "10"), LF, "hour 24", M),
    (rec("2026-10-27T23:59:60Z", "llm_call", "10"), LF, "second 60", M),
    (rec("2026-13-27T12:00:00Z", "llm_call", "10"), LF, "month 13", M),
    (rec("2026-02-30T12:00:00Z", "llm_call", "10"), LF, "February 30", M),
    (rec("2026-10-27T12:00:00+25:00", "llm_call", "10"), LF, "zone offset +25:00", M),
    (rec("2026-10-28t09:30:00Z", "web_fetch", "1.5e3",
        ',"success":true,"session_id":null,"context":{"url":"https://example.com/",'
        '"redirects":[{"from":"http://example.com/","status":301}],"tags":["a","b"]},'
        '"agent":{"name":"crawler","version":"2.1"}'), LF,
     "lowercase t, no fraction; duration 1.5e3 (1500); session_id null; nested context; "
     "an unknown field (ignored)", V),
    (b'{"timestamp":"2026-10-28T09:31:00Z","operation_type":"llm_call",'
     b'"operation_type":"tool_exec","duration_ms":10}', LF,
     "duplicate key (operation_type twice) at the top level", M),
    (b'{"timestamp":"2026-10-28T09:31:00Z","operation_type":"llm_call","duration_ms":10,'
     b'"error":"bad\x00byte"}', LF, "a raw NUL byte inside a string", M),
    (b'{"timestamp":"2026-10-28T09:31:00Z","operation_type":"llm\\u0000call",'
     b'"duration_ms":10}', LF, "\\u0000 escape inside a string (operation_type)", M),
    (b'{"timestamp":"2026-10-28T09:31:00Z","operation_type":"llm\xffcall","duration_ms":10}',
     LF, "invalid UTF-8 byte 0xff inside a string", M),
    (b'{"timestamp":"2026-10-28T09:31:00Z","operation_type":"file\xc0\xafread",'
     b'"duration_ms":10}', LF, "overlong UTF-8 encoding 0xc0 0xaf (of '/') inside a string",
     M),
    (b'{"timestamp":"2026-10-28T09:31:00Z","operation_type":"llm_call","duration_ms":10,'
     b'"session_id":"sess-\\ud800"}', LF, "lone surrogate \\ud800 escape in session_id", M),
    (b'{"timestamp":"2026-10-28T09:31:00Z","operation_type":"llm_call","duration_ms":10,'
     b'"success":"true"}', LF, "success is the string \"true\" (wrong type)", M),
    (rec("2026-10-29T14:00:00.250+05:30", "render|`md`*<b>@team", "3.25",
        ',"success":true,"session_id":"sess-4d5e6f","context":["x",1,null,{"k":[true]}]'),
     CRLF, "offset +05:30 (08:30:00.250Z); operation name with Markdown/HTML specials "
     "(| ` * < @); array context", V),
    (b"", CRLF, "empty line with a CRLF end (only a CR before the LF)", S),
    (b'{"timestamp":"2026-10-29T08:31:00Z","operation_type":"llm_call","duration_ms":NaN}',
     LF, "duration_ms NaN (not JSON)", M),
    (b'{"timestamp":"2026-10-29T08:31:00Z","operation_type":"llm_call","duration_ms":true}',
     LF, "duration_ms of the wrong type (boolean)", M),
    (b'{"timestamp":"2026-10-29T08:31:00Z","operation_type":"llm_call","duration_ms":10}'
     b'{"timestamp":"2026-10-29T08:32:00Z","operation_type":"llm_call","duration_ms":11}',
     LF, "two objects on one line", M),
    (b'{"timestamp":"2026-10-29T08:31:00Z","operation_type":"llm_call","duration_ms":10} x',
     LF, "trailing garbage after the object", M),
    (b"\xef\xbb\xbf" + rec("2026-10-29T08:31:00Z", "llm_call", "10"), LF,
     "UTF-8 BOM at the start of a line that is not the first of the file", M),
    (b'{"timestamp":"2026-10-29T08:31:00Z","operation_type":"llm\tcall","duration_ms":10}',
     LF, "a raw TAB (control character) inside a string", M),
    (b'{"timestamp":"2026-10-29T08:31:00Z","operation_type":"llm_call","duration_ms":10,'
     b'"error":404}', LF, "error of the wrong type (number; must be string or null)", M),
    (b'{"timestamp":"2026-10-29T08:31:00Z","operation_type":"llm_call","duration_ms":10,'
     b'"session_id":12345}', LF,
     "session_id of the wrong type (number; must be string or null)", M),
    (b'{"timestamp":"2026-10-29T08:31:00Z","operation_type":"llm_call","duration_ms":10,'
     b'"context":{"a":1,"a":2}}', LF, "duplicate key inside a nested object (context)", M),
    (b'  ' + rec("2026-10-30T16:45:10.000001Z", "file_read", "0.000001",
        ',"success":true,"error":null,"session_id":"sess-1a2b3c"') + b' \t', LF,
     "leading and trailing white space around the object; 6 fraction digits; "
     "duration 0.000001", V),
    (rec("2026-10-30T17:00:00Z", "db_query", "5",
        ',"success":false,"session_id":"sess-1a2b3c"'), LF,
     "success false with no error (failed)", V),
    (rec("2026-10-31T22:45:10.007Z", "llm_call", "980.25",
        ',"success":true,"session_id":"sess-9f8e7d"'), NONE,
     "last line, valid, WITHOUT a trailing newline", V),
]


def gen_messy():
    data = b"".join(line + end for line, end, _, _ in MESSY)
    n = len(MESSY)
    counts = {V: 0, M: 0, S: 0}
    for _, _, _, outcome in MESSY:
        counts[outcome] += 1
    first_bad = next(i + 1 for i, m in enumerate(MESSY) if m[3] == M)
    out = io.StringIO()
    out.write("messy.jsonl, line by line (written by generate.py from the table that writes "
              "messy.jsonl)\n\n")
    out.write("Expected outcome: valid = a record; skipped = blank or white space only, "
              "skipped silently and\nnot counted as malformed; malformed = skipped and "
              "counted (exit 2 under --strict).\n")
    out.write("Line numbers count every line, blank ones too.  Line ends are LF unless "
              "marked CRLF; the last\nline has no line end.\n\n")
    out.write("Totals: %d lines, %d valid, %d skipped (blank), %d malformed.\n"
              % (n, counts[V], counts[S], counts[M]))
    out.write("First malformed line: %d (so the end-of-run note quotes messy.jsonl:%d).\n"
              % (first_bad, first_bad))
    out.write("Valid records all lie in [2026-10-25, 2026-11-01) UTC: inside the weekly and "
              "the monthly\nwindow of --now 2026-11-01.\n\n")
    for i, (line, end, what, outcome) in enumerate(MESSY, 1):
        tag = {LF: "", CRLF: " [CRLF]", NONE: " [no newline]"}[end]
        out.write("%2d: %-9s %s%s\n" % (i, outcome.split()[0], what, tag))
    return data, out.getvalue().encode("utf-8")


# --- main ---------------------------------------------------------------------------------

def gzip_bytes(data):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=buf, mtime=0) as z:
        z.write(data)
    return buf.getvalue()


def write(outdir, name, data):
    path = os.path.join(outdir, name)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def main(argv):
    outdir = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    basic = gen_basic(Rng(SEED))
    degr = gen_degradation(Rng(SEED + 1))
    messy, readme = gen_messy()
    write(outdir, "basic.jsonl", basic)
    write(outdir, "basic.jsonl.gz", gzip_bytes(basic))
    write(outdir, "degradation.jsonl", degr)
    write(outdir, "messy.jsonl", messy)
    write(outdir, "messy.README", readme)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
