#!/usr/bin/env python3
"""ansi2html.py - turns a terminal capture (tmux capture-pane -e: text with SGR colour
sequences) into an HTML page that looks like a dark terminal, for a screenshot.

    ansi2html.py TITLE < capture.txt > page.html"""
import html
import re
import sys

COLORS = {30: "#4d4d4d", 31: "#ff6b6b", 32: "#5fd068", 33: "#f0c674", 34: "#6cb6ff",
          35: "#d38aea", 36: "#5fd7d7", 37: "#e0e0e0"}


def convert(text):
    out, state = [], {"bold": False, "dim": False, "fg": None}
    opened = False
    for part in re.split(r"(\x1b\[[0-9;]*m)", text):
        m = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
        if not m:
            out.append(html.escape(part))
            continue
        codes = [int(c) for c in m.group(1).split(";") if c != ""] or [0]
        for c in codes:
            if c == 0:
                state = {"bold": False, "dim": False, "fg": None}
            elif c == 1:
                state["bold"] = True
            elif c == 2:
                state["dim"] = True
            elif c == 22:
                state["bold"] = state["dim"] = False
            elif 30 <= c <= 37:
                state["fg"] = COLORS[c]
            elif c == 39:
                state["fg"] = None
        if opened:
            out.append("</span>")
        style = []
        if state["bold"]:
            style.append("font-weight:bold;color:#ffffff")
        if state["dim"]:
            style.append("opacity:.65")
        if state["fg"]:
            style.append("color:" + state["fg"])
        out.append('<span style="%s">' % ";".join(style))
        opened = True
    if opened:
        out.append("</span>")
    return "".join(out)


def main():
    title = sys.argv[1] if len(sys.argv) > 1 else "terminal"
    body = convert(sys.stdin.read().rstrip("\n") + "\n")
    sys.stdout.write("""<!DOCTYPE html><html><head><meta charset="utf-8"/><title>%s</title>
<style>body{margin:0;background:#1e1e1e}
.bar{background:#333;color:#bbb;font:13px sans-serif;padding:6px 12px}
pre{margin:0;padding:10px 12px;color:#d4d4d4;font:14px/1.3 "DejaVu Sans Mono",monospace}
</style></head><body><div class="bar">%s</div><pre>%s</pre></body></html>
""" % (html.escape(title), html.escape(title), body))


main()
