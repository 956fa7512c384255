#!/usr/bin/env python3
"""gen-tool-timing.py - write the sample logs with other key names (SPEC section 15).

Usage:  python3 samples/gen-tool-timing.py [OUTDIR]     (OUTDIR defaults to this directory)

Python 3 standard library only, one Mersenne Twister with a fixed seed, drawn only through
random.Random.random(), so the same command rewrites both files byte for byte.

tool-timing.jsonl  420 tool calls in the shape of an agent system's memory/tool-timing.jsonl:
                   "timestamp" (RFC 3339, the call's end, milliseconds), "session_id" (null or
                   a string), "tool", "call_id", "start_time"/"end_time" (Unix epoch
                   milliseconds), "duration_ms" (end - start, an integer), "input_size",
                   "output_size", "success" (about 3 % false), "category".  No
                   "operation_type" key at all.  2026-09-02T00:00Z .. 2026-10-31T23:00Z, for
                   `monthly --now 2026-11-01` with --field operation_type=tool.
otel-spans.jsonl   80 spans shaped like OpenTelemetry's export: "name", "start_time_unix_nano"
                   (Unix epoch nanoseconds), "duration" (nanoseconds), "status": {"code": ...},
                   "attributes" with a nested "timing": {"ms": ...} (the same duration in
                   milliseconds with three decimals) and "session": {"id": ...}.
                   2026-10-20 .. 2026-10-31.
"""
import json
import os
import random
import sys
from datetime import datetime, timezone

SEED = 15
TOOLS = [  # name, category, median ms, weight
    ("Read", "file", 3.0, 30),
    ("Bash", "shell", 850.0, 22),
    ("Edit", "file", 6.0, 15),
    ("Grep", "search", 40.0, 12),
    ("WebFetch", "web", 1400.0, 6),
    ("agent_set_handoff", "agent", 4.0, 8),
    ("TodoWrite", "agent", 2.0, 7),
]
SPANS = [("db.query", 12.0), ("http.get", 180.0), ("cache.get", 0.6), ("render", 35.0)]


def lognormal(rng, median):
    # Box-Muller from two uniforms, sigma 0.6.
    import math
    u1 = 1.0 - rng.random()
    u2 = rng.random()
    z = math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)
    return median * math.exp(0.6 * z)


def choose(rng, items, weights):
    total = sum(weights)
    x = rng.random() * total
    for item, w in zip(items, weights):
        if x < w:
            return item
        x -= w
    return items[-1]


def iso_ms(ms):
    dt = datetime.fromtimestamp(ms // 1000, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (ms % 1000)


def tool_timing(rng):
    start = int(datetime(2026, 9, 2, tzinfo=timezone.utc).timestamp() * 1000)
    end = int(datetime(2026, 10, 31, 23, tzinfo=timezone.utc).timestamp() * 1000)
    times = sorted(start + int(rng.random() * (end - start)) for _ in range(420))
    lines = []
    for i, t in enumerate(times):
        name, cat, median, _ = choose(rng, TOOLS, [w for *_, w in TOOLS])
        dur = max(0, int(round(lognormal(rng, median))))
        sess = None if rng.random() < 0.4 else "sess-%04x" % int(rng.random() * 65536)
        rec = {
            "timestamp": iso_ms(t + dur),
            "session_id": sess,
            "tool": name,
            "call_id": "toolu_%012x" % int(rng.random() * 2**48),
            "start_time": t,
            "end_time": t + dur,
            "duration_ms": dur,
            "input_size": int(rng.random() * 4000),
            "output_size": int(rng.random() * 20000),
            "success": rng.random() >= 0.03,
            "category": cat,
        }
        lines.append(json.dumps(rec, separators=(",", ":"), ensure_ascii=False))
    return lines


def otel_spans(rng):
    start = int(datetime(2026, 10, 20, tzinfo=timezone.utc).timestamp())
    lines = []
    for i in range(80):
        name, median = SPANS[int(rng.random() * len(SPANS))]
        t_ns = (start + i * 11 * 3600 + int(rng.random() * 3600)) * 10**9 + int(rng.random() * 10**9)
        dur_ns = int(lognormal(rng, median) * 1e6)
        ok = rng.random() >= 0.05
        rec = {
            "name": name,
            "start_time_unix_nano": t_ns,
            "duration": dur_ns,
            "status": {"code": "OK" if ok else "ERROR"},
            "attributes": {
                "timing": {"ms": round(dur_ns / 1e6, 3)},
                "session": {"id": "s%02d" % (i // 8)},
                "ok": ok,
            },
        }
        lines.append(json.dumps(rec, separators=(",", ":")))
    return lines


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(SEED)
    for name, lines in (("tool-timing.jsonl", tool_timing(rng)), ("otel-spans.jsonl", otel_spans(rng))):
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
