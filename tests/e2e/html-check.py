#!/usr/bin/env python3
"""html-check.py - checks an HTML report stands alone and is safe (SPEC section 13).

    html-check.py FILE [--charts N] [--svgs N] [--marks N] [--forbid TEXT]... [--explain-md MD]

Fails when FILE does not parse as XML (the page is XHTML-compatible, so every element is
closed and every entity known); when it has a script, an event handler attribute, a
javascript: or data: URL other than images, an external URL (anything with a scheme but
the XHTML and SVG namespaces), @import or url() in CSS; when the Content-Security-Policy,
viewport or print rules are missing; when it has not N charted operations (a figure
with two SVGs each) with --charts; or when a --forbid TEXT (raw input text such as
"<script>alert(1)</script>") appears unescaped; with --explain-md, when the --explain tables
(table.explain, one per slower finding) do not hold the values, numbers, order and "and N
more" of the nested lists in MD, the same report in Markdown (simple values only: no
backtick inside). --svgs N: each figure holds N SVGs (default 2; the changes page has 1);
--marks N: the page marks N change points (<line class="cp">)."""
import re
import sys
import xml.dom.minidom

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
NS = {"http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg"}


def walk(node):
    yield node
    for c in node.childNodes:
        yield from walk(c)


MD_ITEM = re.compile(r"^    - `([^`]*)`: ([+-][0-9.]+) ms \((.*) now; (.*) before; "
                     r"latency ([+-][0-9.]+) ms, mix ([+-][0-9.]+) ms\)$")
MD_SIDE = re.compile(r"^([0-9]+) records, avg ([0-9.]+) ms$")


def md_side(text):
    if text == "no record":
        return ["0", "\u2014"]
    m = MD_SIDE.match(text)
    return [m.group(1), m.group(2)] if m else ["?", text]


def md_explain(path):
    """[[rows of one finding's list]]: each row [value, contribution, n, avg, n, avg,
    latency, mix]."""
    out = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("  - by "):
            out.append([])
        elif out and line.startswith("    - and "):
            out[-1].append([line[len("    - "):]])
        elif out and line.startswith("    - "):
            m = MD_ITEM.match(line)
            out[-1].append([m.group(1), m.group(2)] + md_side(m.group(3)) +
                           md_side(m.group(4)) + [m.group(5), m.group(6)] if m else [line])
    return out


def text_of(node):
    if node.nodeType == node.TEXT_NODE:
        return node.data
    return "".join(text_of(c) for c in node.childNodes)


def html_explain(dom):
    out = []
    for t in dom.getElementsByTagName("table"):
        if t.getAttribute("class") != "explain":
            continue
        body = t.getElementsByTagName("tbody")[0]
        out.append([[text_of(td) for td in tr.getElementsByTagName("td")]
                    for tr in body.getElementsByTagName("tr")])
    return out


def main():
    path = sys.argv[1]
    args = sys.argv[2:]
    text = open(path, encoding="utf-8").read()
    bad = []
    try:
        dom = xml.dom.minidom.parseString(text.encode("utf-8"))
    except Exception as e:
        print("not well-formed: %s" % e)
        return 1
    metas = {}
    figures = 0
    marks = 0
    svgs = int(args[args.index("--svgs") + 1]) if "--svgs" in args else 2
    for n in walk(dom):
        if n.nodeType != n.ELEMENT_NODE:
            continue
        tag = n.tagName.lower()
        if tag in ("script", "iframe", "object", "embed", "link", "img", "foreignobject",
                   "base", "form", "audio", "video", "image", "use"):
            bad.append("element <%s>" % tag)
        for k, v in n.attributes.items():
            if k.lower().startswith("on"):
                bad.append("event handler %s" % k)
            if k in ("href", "src", "xlink:href", "action"):
                bad.append("link attribute %s=%r" % (k, v))
            if re.search(r"[a-z]+://", v) and not (k == "xmlns" and v in NS):
                bad.append("URL in %s=%r" % (k, v))
        if tag == "meta":
            key = n.getAttribute("http-equiv") or n.getAttribute("name")
            metas[key.lower()] = n.getAttribute("content")
        if tag == "figure":
            figures += 1
            if len(n.getElementsByTagName("svg")) != svgs:
                bad.append("a figure without its %d chart%s" % (svgs, "s" if svgs > 1 else ""))
        if tag == "line" and n.getAttribute("class") == "cp":
            marks += 1
    styles = "".join(s.firstChild.data for s in dom.getElementsByTagName("style")
                     if s.firstChild is not None)
    if re.search(r"@import|url\(|expression\(", styles):
        bad.append("external reference in CSS")
    if "@media print" not in styles:
        bad.append("no @media print rules")
    if re.search(r"https?://", re.sub(r'xmlns="http://www\.w3\.org/(1999/xhtml|2000/svg)"',
                                      "", text)):
        bad.append("an http(s) URL in the text")
    if metas.get("content-security-policy") != CSP:
        bad.append("CSP is %r" % metas.get("content-security-policy"))
    if "width=device-width" not in metas.get("viewport", ""):
        bad.append("no viewport meta")
    if "--charts" in args:
        want = int(args[args.index("--charts") + 1])
        if figures != want:
            bad.append("%d charted operations, want %d" % (figures, want))
    if "--marks" in args:
        want = int(args[args.index("--marks") + 1])
        if marks != want:
            bad.append("%d change points marked, want %d" % (marks, want))
    for i, a in enumerate(args):
        if a == "--forbid" and args[i + 1] in text:
            bad.append("unescaped input text %r" % args[i + 1])
        if a == "--explain-md":
            want, got = md_explain(args[i + 1]), html_explain(dom)
            if not want or want != got:
                bad.append("explain tables %r, the Markdown has %r" % (got, want))
    for b in bad:
        print(b)
    return 1 if bad else 0


sys.exit(main())
