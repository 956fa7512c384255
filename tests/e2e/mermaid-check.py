#!/usr/bin/env python3
"""mermaid-check.py - parses and renders Mermaid blocks with Mermaid itself, in headless
Chromium.

    mermaid-check.py MERMAID_JS CHROMIUM OUTDIR FILE.md...

Every ```mermaid block of every FILE.md goes into one local page (OUTDIR/page.html)
that loads MERMAID_JS by file path, runs mermaid.parse on each block and then
mermaid.render, and writes the results into the page; Chromium prints the page's DOM.
Prints one line per block and exits 1 when a block fails to parse or to render, or when
it renders without a plot (an xychart must draw its bars or lines). The last block is a
deliberately broken one, which must fail: a check that cannot fail proves nothing."""
import html
import json
import os
import re
import subprocess
import sys

BROKEN = "xychart-beta\n    x-axis [\"a\", \"b\"]\n    line [1, , 2]\n"


def blocks(path):
    text = open(path, encoding="utf-8").read()
    return re.findall(r"^```mermaid\n(.*?)^```$", text, re.S | re.M)


def main():
    js, chromium, outdir = sys.argv[1:4]
    found = []
    for path in sys.argv[4:]:
        for b in blocks(path):
            found.append((path, b))
    if not found:
        print("no mermaid block found")
        return 1
    srcs = [b for _, b in found] + [BROKEN]
    data = json.dumps(srcs).replace("<", "\\u003c")
    page = os.path.join(outdir, "page.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write("""<!DOCTYPE html><html><head><meta charset="utf-8"/>
<script src="file://%s"></script></head><body><pre id="out">PENDING</pre><div id="svgs"></div>
<script>
const blocks = %s;
mermaid.initialize({startOnLoad: false, securityLevel: "strict"});
(async () => {
  const res = [];
  for (let i = 0; i < blocks.length; i++) {
    try {
      await mermaid.parse(blocks[i]);
      const out = await mermaid.render("m" + i, blocks[i]);
      const plots = (out.svg.match(/class="(line|bar)-plot-[0-9]+"/g) || []).length;
      res.push("OK " + i + " svg=" + out.svg.length + " plots=" + plots);
    } catch (e) {
      res.push("ERR " + i + " " + String((e && e.message) || e).replace(/\\s+/g, " ").slice(0, 300));
    }
  }
  document.getElementById("out").textContent = "DONE\\n" + res.join("\\n") + "\\nEND";
})();
</script></body></html>
""" % (os.path.abspath(js), data))
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--allow-file-access-from-files", "--virtual-time-budget=30000", "--dump-dom",
           "file://" + os.path.abspath(page)]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=180).stdout
    m = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
    if not m or "DONE" not in m.group(1):
        print("the page did not finish: %s" % (m.group(1)[:200] if m else dom[:300]))
        return 1
    lines = html.unescape(m.group(1)).split("\n")[1:-1]
    bad = 0
    for i, line in enumerate(lines):
        last = i == len(srcs) - 1
        where = "broken control block" if last else "%s block %d" % (found[i][0], i)
        ok = line.startswith("OK ") and not line.endswith("plots=0")
        if last:
            if ok:
                print("FAIL %s: parsed, but it is broken" % where)
                bad += 1
            else:
                print("ok   %s: rejected as it must be (%s)" % (where, line[:80]))
        elif ok:
            print("ok   %s: %s" % (where, line))
        else:
            print("FAIL %s: %s\n%s" % (where, line, found[i][1]))
            bad += 1
    if len(lines) != len(srcs):
        print("FAIL: %d results for %d blocks" % (len(lines), len(srcs)))
        bad += 1
    return 1 if bad else 0


sys.exit(main())
