#!/usr/bin/env python3
"""issue-look.py - perf-reporter's Markdown as GitHub shows it in an issue (issue 23), measured
in headless Chromium: each FILE.md is rendered by tests/look/md2html.py into an <article
class="markdown-body"> 830 px wide styled by github-markdown-css (the issue column's width),
its <details> blocks opened, its Mermaid blocks drawn by Mermaid 10; a script in the page
writes the measurements into the DOM, which Chromium prints (--dump-dom).

    issue-look.py GITHUB_MARKDOWN_CSS MERMAID_JS CHROMIUM OUTDIR FILE.md...

Checks, one line per finding, exit 1 on any:
- the first table (Operations) scrolls not: its scrollWidth is at most its clientWidth and
  at most 830 px;
- at least one full table (in <details>) is wider than 830 px: the control that shows
  the measurement can fail (the full table is the old, wide one and more);
- every chart draws its bars, writes at most 10 x labels that show text, none of which
  overlap, and its y axis starts at 0.
OUTDIR/issue.html is the page, for looking at it."""
import html
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "look"))
import md2html  # noqa: E402

WIDTH = 830
SCRIPT = r"""
mermaid.initialize({startOnLoad: false});
(async () => {
  const out = document.getElementById("out");
  try {
    await mermaid.run({querySelector: "pre.mermaid"});
    const res = [];
    document.querySelectorAll("article").forEach((a, i) => {
      const tables = a.querySelectorAll("table");
      if (tables.length > 0)
        res.push(["table", i, tables[0].scrollWidth, tables[0].clientWidth].join(" "));
      const full = a.querySelector("details table");
      if (full)
        res.push(["full", i, full.scrollWidth, full.clientWidth].join(" "));
      a.querySelectorAll("svg").forEach((svg, k) => {
        const shown = [...svg.querySelectorAll(".bottom-axis .label text")].filter(
            t => t.textContent.replace(/[\u200b\u200c]/g, "").trim() !== "");
        const boxes = shown.map(t => t.getBoundingClientRect()).sort((p, q) => p.left - q.left);
        let overlap = 0;
        for (let j = 1; j < boxes.length; j++)
          if (boxes[j].left < boxes[j - 1].right - 0.5) overlap++;
        const ys = [...svg.querySelectorAll(".left-axis .label text")].map(
            t => t.textContent.replace(/,/g, "")).map(Number);
        const bars = svg.querySelectorAll("[class^=bar-plot]").length;
        res.push(["chart", i, k, shown.length, overlap, ys.length ? Math.min(...ys) : "none",
                  bars].join(" "));
      });
    });
    out.textContent = "DONE\n" + res.join("\n") + "\nEND";
  } catch (e) {
    out.textContent = "ERR " + String((e && e.message) || e);
  }
})();
"""


def main():
    css, js, chromium, outdir = sys.argv[1:5]
    files = sys.argv[5:]
    arts = []
    for path in files:
        body = md2html.render(open(path, encoding="utf-8").read())
        arts.append('<article class="markdown-body">%s</article>' %
                    body.replace("<details>", "<details open>"))
    page = os.path.join(outdir, "issue.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write("""<!DOCTYPE html><html><head><meta charset="utf-8"/>
<link rel="stylesheet" href="file://%s"/>
<style>body{margin:0;padding:16px}.markdown-body{box-sizing:border-box;width:%dpx;
margin-bottom:48px}</style>
<script src="file://%s"></script></head><body>%s<pre id="out">PENDING</pre>
<script>%s</script></body></html>
""" % (os.path.abspath(css), WIDTH, os.path.abspath(js), "\n".join(arts), SCRIPT))
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--allow-file-access-from-files", "--window-size=900,2000",
           "--virtual-time-budget=30000", "--dump-dom", "file://" + os.path.abspath(page)]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=240).stdout
    m = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
    if not m or "DONE" not in m.group(1):
        print("FAIL the page did not finish: %s" % (m.group(1)[:300] if m else dom[:300]))
        return 1
    bad, widest, charts = 0, 0, 0
    for line in html.unescape(m.group(1)).split("\n")[1:-1]:
        f = line.split(" ")
        name = files[int(f[1])]
        if f[0] == "table":
            sw, cw = int(f[2]), int(f[3])
            ok = sw <= cw and sw <= WIDTH
            print("%s %s: Operations table %d px (visible %d)" % ("ok  " if ok else "FAIL", name,
                                                                 sw, cw))
            bad += not ok
        elif f[0] == "full":
            widest = max(widest, int(f[2]))
            print("     %s: full table %d px" % (name, int(f[2])))
        elif f[0] == "chart":
            charts += 1
            labels, overlap, ymin, bars = int(f[3]), int(f[4]), f[5], int(f[6])
            ok = 0 < labels <= 10 and overlap == 0 and ymin == "0" and bars > 0
            print("%s %s chart %s: %d x labels, %d overlapping, y from %s, %d bar plots" % (
                "ok  " if ok else "FAIL", name, f[2], labels, overlap, ymin, bars))
            bad += not ok
    if widest <= WIDTH:
        print("FAIL control: no full table is wider than %d px (widest %d)" % (WIDTH, widest))
        bad += 1
    if charts == 0:
        print("FAIL no chart measured")
        bad += 1
    return 1 if bad else 0


sys.exit(main())
