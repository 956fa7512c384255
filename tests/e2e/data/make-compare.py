#!/usr/bin/env python3
"""Writes the two logs the compare cases read (deterministic: a fixed seed, stdlib only).
base.jsonl: September 2026; cur.jsonl: October 2026. llm_call is 30 % slower in cur,
tool_exec is unchanged, file_read is 10 % faster, old_op is only in
base, new_op only in cur; a few failures throughout."""
import json
import random

rnd = random.Random(20261202)


def write(path, month, ops):
    lines = []
    for op, n, mu, sigma, fail in ops:
        for i in range(n):
            day = 1 + rnd.randrange(30)
            sec = rnd.randrange(86400)
            ts = "2026-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
                month, day, sec // 3600, sec // 60 % 60, sec % 60, rnd.randrange(1000))
            d = round(rnd.lognormvariate(mu, sigma), 3)
            rec = {"timestamp": ts, "operation_type": op, "duration_ms": d,
                   "success": rnd.random() >= fail, "session_id": "s%d" % (i % 7)}
            lines.append((ts, json.dumps(rec, separators=(",", ":"))))
    lines.sort()
    with open(path, "w") as f:
        for _, line in lines:
            f.write(line + "\n")


write("base.jsonl", 9, [("llm_call", 120, 7.0, 0.4, 0.02), ("tool_exec", 200, 5.0, 0.5, 0.01),
                        ("file_read", 300, 1.0, 0.3, 0.0), ("old_op", 20, 3.0, 0.2, 0.0)])
write("cur.jsonl", 10, [("llm_call", 130, 7.2624, 0.4, 0.02), ("tool_exec", 190, 5.0, 0.5, 0.01),
                        ("file_read", 310, 0.9, 0.3, 0.0), ("new_op", 15, 2.0, 0.2, 0.0)])
