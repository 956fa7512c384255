#!/usr/bin/env python3
"""hostile.py - writes JSONL records whose operation names, errors and session ids hold
what a terminal, a Markdown renderer or a browser must never act on: escape sequences
(retitle, clear, cursor moves), C0 and C1 controls, bidi overrides, NUL-free binary-ish
text, wide CJK and emoji, combining marks, HTML and Mermaid syntax, very long names.

    hostile.py fixed          the fixed list (deterministic)
    hostile.py random SEED N  N records with names drawn from hostile pieces by SEED

Records fall in October 2026 (and some in September, the previous window of
`monthly --now 2026-11-01`), so that flags (slower, errors, new) appear too."""
import json
import random
import sys

FIXED = [
    "evil\x1b]0;pwned\x07title",
    "\x1b[2J\x1b[Hclear_screen",
    "\x1b[31mred\x1b[0m",
    "cursor\x1b[10A\x1b[5Cup",
    "bidi\u202eexe.txt",
    "isolate\u2066x\u2069",
    "c1\u009b31mcsi",
    "tab\tnew\nline\rcr",
    "back\bspace\x7fdel",
    "\u65e5\u672c\u8a9e\u306e\u64cd\u4f5c\u540d",
    "emoji\U0001F680rocket\U0001F525",
    "e\u0301\u0301combining",
    "zwj\U0001F468\u200d\U0001F469\u200d\U0001F467family",
    "fullwidth\uff21\uff22\uff23",
    "<script>alert(1)</script>",
    "\"quoted\" & 'apos' #amp; %% {braces} [brackets]",
    "`|*@team ```fence",
    "line\u2028sep",
    "x" * 150,
    "\u4e2d" * 60,
]

PIECES = ["\x1b[", "\x1b]", "\x07", "\x1b\\", "\u009b", "\u0085", "\u202e", "\u202d",
          "\u2066", "\u200e", "\u200b", "\ufeff", "\t", "\n", "\r", "\b", "\x7f", "\x01",
          "\u65e5", "\uac00", "\uff21", "\U0001F680", "\u26a0\ufe0f", "\u0301", "\u0308",
          "<", ">", "&", "\"", "'", "`", "|", "#", ";", "%", "\\", "-->", "]]>",
          "a", "b", "z", "0", "9", "_", " ", ".", "\u00e9", "\u00b7", "\u2026"]


def record(ts, op, dur, ok=True, err=None, sess=None):
    r = {"timestamp": ts, "operation_type": op, "duration_ms": dur, "success": ok}
    if err is not None:
        r["error"] = err
    if sess is not None:
        r["session_id"] = sess
    return json.dumps(r, ensure_ascii=True)


def fixed():
    out = []
    for i, name in enumerate(FIXED):
        for k in range(6):
            day = 1 + (i * 3 + k * 5) % 30
            dur = (i + 1) * 10.0 + k * (i % 4) * 7.5
            ok = k != 5 or i % 3 != 0
            out.append(record("2026-10-%02dT%02d:00:00Z" % (day, (i + k) % 24), name, dur,
                              ok, None if ok else FIXED[(i + 1) % len(FIXED)],
                              FIXED[(i + 2) % len(FIXED)]))
        if i % 2 == 0:
            for k in range(4):
                out.append(record("2026-09-%02dT12:00:00Z" % (5 + k), name, (i + 1) * 5.0))
    return out


def rand(seed, n):
    g = random.Random(seed)
    names = ["".join(g.choice(PIECES) for _ in range(g.randint(1, 12))).strip() or "a"
             for _ in range(max(1, n // 8))]
    out = []
    for k in range(n):
        name = g.choice(names)
        day = g.randint(1, 30)
        month = 10 if g.random() < 0.8 else 9
        dur = round(g.choice([0.0, g.uniform(0, 5), g.uniform(1, 5000)]), 3)
        ok = g.random() < 0.9
        out.append(record("2026-%02d-%02dT%02d:%02d:00Z" % (month, day, g.randint(0, 23),
                          g.randint(0, 59)), name, dur, ok,
                          None if ok else g.choice(names), g.choice(names + [None])))
    return out


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "random":
        lines = rand(int(sys.argv[2]), int(sys.argv[3]))
    else:
        lines = fixed()
    sys.stdout.write("\n".join(lines) + "\n")


main()
