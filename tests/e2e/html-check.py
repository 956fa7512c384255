#!/usr/bin/env python3
"""html-check.py - checks an HTML report stands alone and is safe (SPEC section 13).

    html-check.py FILE [--charts N] [--forbid TEXT]...

Fails when FILE does not parse as XML (the page is XHTML-compatible, so every element is
closed and every entity known); when it has a script, an event handler attribute, a
javascript: or data: URL other than images, an external URL (anything with a scheme but
the XHTML and SVG namespaces), @import or url() in CSS; when the Content-Security-Policy,
viewport or print rules are missing; when it has not N charted operations (a figure
with two SVGs each) with --charts; or when a --forbid TEXT (raw input text such as
"<script>alert(1)</script>") appears unescaped."""
import re
import sys
import xml.dom.minidom

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
NS = {"http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg"}


def walk(node):
    yield node
    for c in node.childNodes:
        yield from walk(c)


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
            if len(n.getElementsByTagName("svg")) != 2:
                bad.append("a figure without its two charts")
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
    for i, a in enumerate(args):
        if a == "--forbid" and args[i + 1] in text:
            bad.append("unescaped input text %r" % args[i + 1])
    for b in bad:
        print(b)
    return 1 if bad else 0


sys.exit(main())
