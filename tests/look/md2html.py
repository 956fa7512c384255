#!/usr/bin/env python3
"""md2html.py - a small GitHub-like rendering of perf-reporter's Markdown, for looking at
it: headings, paragraphs, bullet and numbered lists, tables (GFM: '\\|' inside a cell, the
alignment row), code spans, **bold**, _emphasis_, <details>, and ```mermaid blocks drawn
by Mermaid (loaded from MERMAID_JS by file path), as GitHub does.

    md2html.py MERMAID_JS < report.md > page.html"""
import html
import re
import sys


def inline(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "`":
            j = i
            while j < len(s) and s[j] == "`":
                j += 1
            fence = s[i:j]
            k = s.find(fence, j)
            if k < 0:
                out.append(html.escape(fence))
                i = j
                continue
            code = s[j:k]
            if code.startswith(" ") and code.endswith(" ") and code.strip():
                code = code[1:-1]
            out.append("<code>%s</code>" % html.escape(code))
            i = k + len(fence)
            continue
        m = re.match(r"\*\*(.+?)\*\*", s[i:])
        if m:
            out.append("<strong>%s</strong>" % inline(m.group(1)))
            i += m.end()
            continue
        m = re.match(r"_(.+?)_(?=\W|$)", s[i:])
        if m and (i == 0 or not s[i - 1].isalnum()):
            out.append("<em>%s</em>" % inline(m.group(1)))
            i += m.end()
            continue
        out.append(html.escape(s[i]))
        i += 1
    return "".join(out)


def cells(line):
    line = line.strip()[1:-1]
    parts, cur, i, tick = [], "", 0, False
    while i < len(line):
        c = line[i]
        if c == "\\" and i + 1 < len(line) and line[i + 1] == "|":
            cur += "|"
            i += 2
            continue
        if c == "`":
            tick = not tick
        if c == "|" and not tick:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += c
        i += 1
    parts.append(cur.strip())
    return parts


def render(md):
    lines = md.split("\n")
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            lang = line[3:].strip()
            j = i + 1
            while j < len(lines) and lines[j] != "```":
                j += 1
            body = "\n".join(lines[i + 1:j])
            if lang == "mermaid":
                out.append('<pre class="mermaid">%s</pre>' % html.escape(body))
            else:
                out.append("<pre><code>%s</code></pre>" % html.escape(body))
            i = j + 1
            continue
        m = re.match(r"(#{1,6}) (.*)", line)
        if m:
            n = len(m.group(1))
            out.append("<h%d>%s</h%d>" % (n, inline(m.group(2)), n))
            i += 1
            continue
        if line.startswith("|") and i + 1 < len(lines) and re.match(r"^\|[-:| ]+\|$", lines[i + 1]):
            head = cells(line)
            align = ["right" if a.strip().endswith(":") else "left" for a in cells(lines[i + 1])]
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(cells(lines[i]))
                i += 1
            t = ["<table><thead><tr>"]
            t += ['<th style="text-align:%s">%s</th>' % (a, inline(h)) for h, a in zip(head, align)]
            t.append("</tr></thead><tbody>")
            for r in rows:
                t.append("<tr>" + "".join('<td style="text-align:%s">%s</td>' % (a, inline(c))
                                          for c, a in zip(r, align)) + "</tr>")
            t.append("</tbody></table>")
            out.append("".join(t))
            continue
        if re.match(r"(- |\d+\. )", line):
            tag = "ul" if line.startswith("- ") else "ol"
            items = []
            while i < len(lines) and re.match(r"(- |\d+\. )", lines[i]):
                items.append("<li>%s</li>" % inline(re.sub(r"^(- |\d+\. )", "", lines[i])))
                i += 1
            out.append("<%s>%s</%s>" % (tag, "".join(items), tag))
            continue
        if line.startswith("<details>") or line.startswith("</details>"):
            out.append(line)
            i += 1
            continue
        if line.strip():
            para = [line]
            i += 1
            while i < len(lines) and lines[i].strip() and not re.match(r"(#|\||- |\d+\. |```)", lines[i]):
                para.append(lines[i])
                i += 1
            out.append("<p>%s</p>" % inline(" ".join(para)))
            continue
        i += 1
    return "\n".join(out)


def main():
    js = sys.argv[1]
    body = render(sys.stdin.read())
    sys.stdout.write("""<!DOCTYPE html><html><head><meta charset="utf-8"/>
<style>
body{font:14px/1.5 -apple-system,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;color:#1f2328;
max-width:880px;margin:0 auto;padding:24px;background:#fff}
.box{border:1px solid #d1d9e0;border-radius:6px;padding:16px 32px}
h1,h2{border-bottom:1px solid #d1d9e0;padding-bottom:.3em}h1{font-size:2em}h2{font-size:1.5em}
table{border-collapse:collapse;display:block;overflow:auto}th,td{border:1px solid #d1d9e0;padding:6px 13px}
th{font-weight:600}tr:nth-child(2n){background:#f6f8fa}
code{font:85% ui-monospace,SFMono-Regular,Menlo,monospace;background:rgba(129,139,152,.12);padding:.2em .4em;border-radius:6px}
pre.mermaid{background:none;text-align:center}
</style>
<script src="file://__JS__"></script></head><body><div class="box">
__BODY__
</div><script>mermaid.initialize({startOnLoad:false});mermaid.run();</script></body></html>
""".replace("__JS__", js).replace("__BODY__", body))


if __name__ == "__main__":
    main()
