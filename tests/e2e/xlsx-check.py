#!/usr/bin/env python3
"""xlsx-check.py - read perf-reporter's XLSX files two independent ways and check cell
TYPES, not text. Used by tests/e2e/xlsx.sh.

  xlsx-check.py INPUT.jsonl EXPORT.xlsx EXPORT.ods REPORT.xlsx REPORT.json REPORT.ods
                TRENDS.xlsx TRENDS.json

Reader 1 is zipfile + xml.etree over the XLSX parts themselves: a number is a cell without
t (or t="n"), a date-time is such a number whose style's number format is a date format, a
boolean is t="b", text is t="s" (shared string) or t="inlineStr"; no cell has an <f>
(formula); the header row is frozen (pane ySplit=1, state frozen) and an autoFilter covers
the header and every row. Reader 2 is LibreOffice: EXPORT.ods and REPORT.ods are the same
workbooks after Calc opened them (soffice --convert-to ods), where every cell says its
office:value-type (float, date, boolean, string) and a formula would be table:formula.
The export is checked against the input itself (json and datetime, not our output); the
report's sheets against the JSON report of the same run (another emitter)."""
import json
import math
import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OT = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OO = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
OX = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
EPOCH = datetime(1899, 12, 30, tzinfo=timezone.utc)
fails = []


def fail(msg):
    fails.append(msg)


def col_index(ref):
    n = 0
    for ch in ref:
        if not ch.isalpha():
            break
        n = n * 26 + ord(ch) - 64
    return n - 1


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


class Cell:
    def __init__(self, kind, value):
        self.kind = kind  # number, date, bool, text
        self.value = value

    def __repr__(self):
        return "%s:%r" % (self.kind, self.value)


def is_date_format(code):
    """A number format that shows a date or time: y, m, d, h or s outside quotes, escapes
    and [colour] brackets."""
    code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code.lower())
    return any(c in code for c in "ymdhs")


def read_xlsx(path):
    """{sheet name: {'rows': [[Cell or None]], 'frozen': bool, 'filter': ref, 'formulas': n}}"""
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels.iter(PR + "Relationship")}
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(M + "si"):
            shared.append(ooxml_unescape("".join(t.text or "" for t in si.iter(M + "t"))))
    styles = ET.fromstring(z.read("xl/styles.xml"))
    fmts = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter(M + "numFmt")}
    xfs = [int(x.get("numFmtId", "0")) for x in styles.find(M + "cellXfs").iter(M + "xf")]
    builtin_dates = set(range(14, 23)) | set(range(45, 48))
    sheets = {}
    for s in wb.iter(M + "sheet"):
        name = s.get("name")
        ws = ET.fromstring(z.read("xl/" + target[s.get(R + "id")].lstrip("/").replace("xl/", "", 1)))
        rows = []
        formulas = 0
        for row in ws.iter(M + "row"):
            r = int(row.get("r")) - 1
            while len(rows) <= r:
                rows.append([])
            for c in row.iter(M + "c"):
                if c.find(M + "f") is not None:
                    formulas += 1
                i = col_index(c.get("r"))
                t = c.get("t", "n")
                v = c.find(M + "v")
                if t == "s":
                    cell = Cell("text", shared[int(v.text)])
                elif t == "inlineStr":
                    cell = Cell("text", ooxml_unescape("".join(x.text or "" for x in c.iter(M + "t"))))
                elif t == "str":
                    cell = Cell("formula-text", v.text if v is not None else "")
                elif t == "b":
                    cell = Cell("bool", v.text == "1")
                elif t == "n":
                    if v is None:
                        continue
                    num = float(v.text)
                    fid = xfs[int(c.get("s", "0"))]
                    date = fid in builtin_dates or (fid in fmts and is_date_format(fmts[fid]))
                    cell = Cell("date" if date else "number", num)
                else:
                    cell = Cell("other-" + t, v.text if v is not None else None)
                line = rows[r]
                while len(line) <= i:
                    line.append(None)
                line[i] = cell
        pane = ws.find(".//" + M + "pane")
        frozen = pane is not None and pane.get("state") == "frozen" and pane.get("ySplit") == "1"
        af = ws.find(M + "autoFilter")
        sheets[name] = {"rows": rows, "frozen": frozen,
                        "filter": af.get("ref") if af is not None else None, "formulas": formulas}
    return sheets


def odf_text(p):
    """The text of an ODF paragraph, its tab, space and line-break elements included."""
    out = [p.text or ""]
    for e in p:
        if e.tag == OX + "tab":
            out.append("\t")
        elif e.tag == OX + "s":
            out.append(" " * int(e.get(OX + "c", "1")))
        elif e.tag == OX + "line-break":
            out.append("\n")
        else:
            out.append(odf_text(e))
        out.append(e.tail or "")
    return "".join(out)


def ooxml_unescape(s):
    """OOXML's ST_Xstring escapes: _xHHHH_ is the character U+HHHH (how a control character
    is stored in XML 1.0)."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), s)


def read_ods(path):
    """{sheet name: [[(value-type, value) or None]]}: what LibreOffice made of the cells."""
    z = zipfile.ZipFile(path)
    doc = ET.fromstring(z.read("content.xml"))
    out = {}
    for t in doc.iter(OT + "table"):
        rows = []
        for row in t.iter(OT + "table-row"):
            rrep = int(row.get(OT + "number-rows-repeated", "1"))
            line = []
            for c in row:
                if c.tag not in (OT + "table-cell", OT + "covered-table-cell"):
                    continue
                rep = int(c.get(OT + "number-columns-repeated", "1"))
                vt = c.get(OO + "value-type")
                f = c.get(OT + "formula")
                if f in ("of:=TRUE()", "of:=FALSE()"):
                    # Calc has no boolean cell: it reads an XLSX t="b" cell as the
                    # formula TRUE() or FALSE() with a boolean number format.
                    cell = ("boolean", f == "of:=TRUE()")
                elif f is not None:
                    cell = ("formula", f)
                elif vt is None:
                    cell = None
                elif vt == "float":
                    cell = ("float", float(c.get(OO + "value")))
                elif vt == "date":
                    cell = ("date", c.get(OO + "date-value"))
                elif vt == "boolean":
                    cell = ("boolean", c.get(OO + "boolean-value") == "true")
                else:
                    cell = (vt, "\n".join(odf_text(p) for p in c.iter(OX + "p")))
                line.extend([cell] * min(rep, 64))
            while line and line[-1] is None:
                line.pop()
            if not line:
                continue  # trailing empty rows
            rows.extend([line] * min(rrep, 4))
        out[t.get(OT + "name")] = rows
    return out


def serial_to_dt(v):
    return EPOCH + timedelta(days=v)


def parse_ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(timezone.utc)


def near_ms(a, b):
    return abs((a - b).total_seconds()) < 0.0005


def check_shape(tag, sheet, n_cols, n_rows):
    if not sheet["frozen"]:
        fail("%s: header row not frozen" % tag)
    want = "A1:%s%d" % (col_name(n_cols - 1), n_rows + 1)
    if sheet["filter"] != want:
        fail("%s: autofilter %r, want %r" % (tag, sheet["filter"], want))
    if sheet["formulas"]:
        fail("%s: %d formula cells" % (tag, sheet["formulas"]))
    for r, line in enumerate(sheet["rows"]):
        for c in line:
            if c is not None and c.kind.startswith(("formula", "other")):
                fail("%s row %d: a cell of type %s" % (tag, r + 1, c.kind))


def expect(tag, cell, kind, value=None, tol=None):
    if cell is None:
        if kind is not None:
            fail("%s: empty, want %s %r" % (tag, kind, value))
        return
    if cell.kind != kind:
        fail("%s: %r, want a %s cell" % (tag, cell, kind))
        return
    if value is None:
        return
    if tol is not None:
        if not math.isclose(cell.value, value, rel_tol=tol, abs_tol=tol):
            fail("%s: %r, want %r" % (tag, cell.value, value))
    elif cell.value != value:
        fail("%s: %r, want %r" % (tag, cell.value, value))


def check_export(inp, xlsx, ods):
    recs = [json.loads(l) for l in open(inp, encoding="utf-8") if l.strip()]
    book = read_xlsx(xlsx)
    if list(book) != ["records"]:
        fail("export sheets %r" % list(book))
        return
    s = book["records"]
    head = [c.value for c in s["rows"][0]]
    cols = ["timestamp", "operation_type", "duration_ms", "success", "session_id", "error", "context"]
    if head != cols:
        fail("export header %r" % head)
    check_shape("export", s, len(cols), len(recs))
    body = s["rows"][1:]
    if len(body) != len(recs):
        fail("export: %d rows for %d records" % (len(body), len(recs)))
    for i, (rec, line) in enumerate(zip(recs, body)):
        line = line + [None] * (len(cols) - len(line))
        tag = "export row %d" % (i + 2)
        ts = line[0]
        expect(tag + " timestamp", ts, "date")
        if ts is not None and ts.kind == "date" and not near_ms(serial_to_dt(ts.value), parse_ts(rec["timestamp"])):
            fail("%s: %s is not %s" % (tag, serial_to_dt(ts.value), rec["timestamp"]))
        expect(tag + " operation_type", line[1], "text", rec["operation_type"])
        expect(tag + " duration_ms", line[2], "number", float(rec["duration_ms"]), 1e-12)
        expect(tag + " success", line[3], "bool", rec.get("success", True))
        expect(tag + " session_id", line[4], "text" if "session_id" in rec else None, rec.get("session_id"))
        err = rec.get("error")
        if err is not None and len(err) > 32767:
            expect(tag + " error", line[5], "text")
            # Cut to Excel's 32767 characters as stored (an escaped "_xHHHH_" counts 13),
            # ending in an ellipsis, a prefix of the input's text.
            v = line[5].value if line[5] is not None else ""
            stored = len(v) + 6 * len(re.findall(r"_x[0-9A-Fa-f]{4}_", v))
            if not (30000 < stored <= 32767 and v.endswith("\u2026") and err.startswith(v[:-1])):
                fail("%s: a long error not cut to 32767 characters ending in an ellipsis (%d stored)" % (tag, stored))
        else:
            expect(tag + " error", line[5], "text" if err is not None else None, err)
        if "context" in rec:
            expect(tag + " context", line[6], "text")
            if line[6] is not None and json.loads(line[6].value) != rec["context"]:
                fail("%s: context %r" % (tag, line[6].value))
        else:
            expect(tag + " context", line[6], None)
    # LibreOffice's reading of the same workbook.
    lo = read_ods(ods).get("records")
    if lo is None:
        fail("LibreOffice: no sheet records")
        return
    for i, (rec, line) in enumerate(zip(recs, lo[1:])):
        tag = "LibreOffice export row %d" % (i + 2)
        line = line + [None] * (7 - len(line))
        if line[0] is None or line[0][0] != "date":
            fail("%s: timestamp %r is not a date" % (tag, line[0]))
        else:
            got = datetime.fromisoformat(line[0][1]).replace(tzinfo=timezone.utc)
            # Calc writes an ODS date-value to the hundredth of a second.
            if abs((got - parse_ts(rec["timestamp"])).total_seconds()) > 0.0101:
                fail("%s: date %s, want %s" % (tag, got, rec["timestamp"]))
        # Calc drops the C0 controls (but tab) that XML 1.0 cannot hold.
        want_op = "".join(ch for ch in rec["operation_type"] if ord(ch) >= 32 or ch == "\t")
        if line[1] != ("string", want_op):
            fail("%s: operation_type %r, want %r" % (tag, line[1], want_op))
        if line[2] is None or line[2][0] != "float" or not math.isclose(line[2][1], float(rec["duration_ms"]), rel_tol=1e-12):
            fail("%s: duration %r" % (tag, line[2]))
        if line[3] != ("boolean", rec.get("success", True)):
            fail("%s: success %r" % (tag, line[3]))
    for name, rows in read_ods(ods).items():
        for r, line in enumerate(rows):
            for c in line:
                if c is not None and c[0] == "formula":
                    fail("LibreOffice %s row %d: a formula %r" % (name, r + 1, c[1]))


def check_report(xlsx, js, ods, want_series):
    rep = json.load(open(js, encoding="utf-8"))
    book = read_xlsx(xlsx)
    want = ["operations"] + (["series"] if want_series else []) + ["slowest"]
    if list(book) != want:
        fail("%s: sheets %r, want %r" % (xlsx, list(book), want))
        return
    ops = book["operations"]
    head = [c.value for c in ops["rows"][0]]
    keys = list(rep["operations"][0].keys()) if rep["operations"] else head
    if head != keys:
        fail("operations header %r, JSON keys %r" % (head, keys))
    check_shape("operations", ops, len(head), len(rep["operations"]))
    for i, (row, line) in enumerate(zip(rep["operations"], ops["rows"][1:])):
        line = line + [None] * (len(head) - len(line))
        for k, cell in zip(head, line):
            tag = "operations row %d %s" % (i + 2, k)
            v = row[k]
            if k == "flags":
                expect(tag, cell, "text" if v else None, ";".join(v) if v else None)
            elif v is None:
                expect(tag, cell, None)
            elif isinstance(v, str):
                expect(tag, cell, "text", v)
            else:
                expect(tag, cell, "number", float(v), 1e-9)
    if want_series:
        s = book["series"]
        check_shape("series", s, 7, len(rep["series"]))
        for i, (sr, line) in enumerate(zip(rep["series"], s["rows"][1:])):
            tag = "series row %d" % (i + 2)
            expect(tag + " bucket_start", line[0], "date")
            if line[0] and line[0].kind == "date" and not near_ms(serial_to_dt(line[0].value), parse_ts(sr["bucket_start"])):
                fail("%s: bucket %s, want %s" % (tag, serial_to_dt(line[0].value), sr["bucket_start"]))
            expect(tag + " operation", line[1], "text", sr["operation"])
            expect(tag + " count", line[2], "number", float(sr["count"]))
            expect(tag + " p95_ms", line[4], "number", float(sr["p95_ms"]), 1e-9)
        if len(s["rows"]) - 1 != len(rep["series"]):
            fail("series: %d rows for %d" % (len(s["rows"]) - 1, len(rep["series"])))
    sl = book["slowest"]
    check_shape("slowest", sl, 4, len(rep["slowest"]))
    for i, (e, line) in enumerate(zip(rep["slowest"], sl["rows"][1:])):
        line = line + [None] * (4 - len(line))
        tag = "slowest row %d" % (i + 2)
        expect(tag + " operation", line[0], "text", e["operation"])
        expect(tag + " duration_ms", line[1], "number", float(e["duration_ms"]), 1e-9)
        expect(tag + " timestamp", line[2], "date")
        if line[2] and line[2].kind == "date" and not near_ms(serial_to_dt(line[2].value), parse_ts(e["timestamp"])):
            fail("%s: %s, want %s" % (tag, serial_to_dt(line[2].value), e["timestamp"]))
        expect(tag + " session_id", line[3], "text" if e["session_id"] is not None else None, e["session_id"])
    if ods is not None:
        lo = read_ods(ods)
        for name, rows in lo.items():
            for r, line in enumerate(rows):
                for c in line:
                    if c is not None and c[0] == "formula":
                        fail("LibreOffice %s row %d: a formula %r" % (name, r + 1, c[1]))
        for i, (row, line) in enumerate(zip(rep["operations"], lo.get("operations", [])[1:])):
            want_op = "".join(ch for ch in row["operation"] if ord(ch) >= 32 or ch == "\t")
            if line[0] != ("string", want_op):
                fail("LibreOffice operations row %d: %r, want %r" % (i + 2, line[0], want_op))
            if line[1] != ("float", float(row["count"])):
                fail("LibreOffice operations row %d: count %r" % (i + 2, line[1]))
        for i, (e, line) in enumerate(zip(rep["slowest"], lo.get("slowest", [])[1:])):
            if line[2] is None or line[2][0] != "date":
                fail("LibreOffice slowest row %d: timestamp %r is not a date" % (i + 2, line[2]))


def main():
    a = sys.argv[1:]
    check_export(a[0], a[1], a[2])
    check_report(a[3], a[4], a[5], False)
    check_report(a[6], a[7], None, True)
    for f in fails[:40]:
        print(f)
    if len(fails) > 40:
        print("... %d more" % (len(fails) - 40))
    sys.exit(1 if fails else 0)


main()
