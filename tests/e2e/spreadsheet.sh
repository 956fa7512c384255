#!/bin/sh
# spreadsheet.sh - the CSV outputs opened by a real spreadsheet: LibreOffice Calc (headless)
# converts the export and report CSV of both dialects to .xlsx in one run, and Python
# (zipfile + xml.etree, no other module) reads the cells back. Checked against the input
# itself (Python's json and datetime, not our output): numbers are numeric cells equal to
# the input's, success is a boolean, text (accents, emoji, CJK, quotes, commas) is intact,
# no cell holds a formula (formula-like names stay text, with their guard), and every file
# is one table. Timestamps: with --csv-dialect excel, date-time cells of the instant to the
# millisecond; with rfc4180 (the default), the ISO text, which Calc keeps as text.
# The import options are those of Calc's Text Import dialog with the character set UTF-8
# and "Detect special numbers" ticked (Calc 7.4 converts no date without it; Excel converts
# dates by default). The BOM of the excel dialect is for Excel, which takes a file without
# one for the ANSI code page; Calc 7.4's headless import does not sniff it (with UTF-8
# chosen it drops it, which is checked: the first header cell is clean). Skips (77) without
# soffice or python3.
. "$(dirname "$0")/setup.sh"

if ! command -v soffice >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
	echo "soffice (Debian: apt-get install libreoffice-calc-nogui) or python3 missing: skipped"
	exit 77
fi

in=$tmpdir/in.jsonl
cat >"$in" <<'EOF'
{"timestamp":"2026-08-01T00:00:00.000Z","operation_type":"naïve","duration_ms":12.5,"success":true,"session_id":"s1"}
{"timestamp":"2026-08-01T01:02:03.456Z","operation_type":"=HYPERLINK(\"http://x.example\",\"x\")","duration_ms":7,"success":false,"error":"@SUM(A1)","session_id":"s2"}
{"timestamp":"2026-08-01T02:00:00.999+02:00","operation_type":"emoji 🚀","duration_ms":100.25,"success":true,"context":{"k":"-2+3"}}
{"timestamp":"2026-08-02T23:59:59.001Z","operation_type":"日本語の操作","duration_ms":0.001,"success":true}
{"timestamp":"2026-08-03T12:00:00.000Z","operation_type":"+1","duration_ms":1234.5678,"success":true}
{"timestamp":"2026-08-04T12:00:00.000Z","operation_type":"-2","duration_ms":3,"success":false,"error":"boom"}
{"timestamp":"2026-08-05T12:00:00.000Z","operation_type":"comma, \"quote\"","duration_ms":42,"success":true}
{"timestamp":"2026-08-06T12:00:00.500Z","operation_type":"naïve","duration_ms":13.5,"success":true}
EOF
mkdir "$tmpdir/csv" "$tmpdir/xlsx"
win="--since 2026-07-01 --until 2026-09-01"
pr export "$in" >"$tmpdir/csv/export-rfc4180.csv"
pr export --csv-dialect excel "$in" >"$tmpdir/csv/export-excel.csv"
pr report $win -f csv "$in" >"$tmpdir/csv/report-rfc4180.csv"
pr report $win -f csv --csv-dialect excel "$in" >"$tmpdir/csv/report-excel.csv"
pr trends --now 2026-09-01 --days 62 --bucket week -f csv --csv-dialect excel \
    -o "$tmpdir/csv/trends-excel.csv" --series "$tmpdir/csv/series-excel.csv" "$in"

# One soffice run for all six files; a private profile so that nothing of the user's is
# read or written.
if ! (cd "$tmpdir/csv" && HOME=$tmpdir soffice -env:UserInstallation=file://"$tmpdir/profile" \
    --headless --infilter='CSV:44,34,76,1,,1033,false,true' --convert-to xlsx \
    --outdir "$tmpdir/xlsx" ./*.csv) >"$tmpdir/soffice.log" 2>&1; then
	fail soffice "$(cat "$tmpdir/soffice.log")"
	finish
	exit 1
fi

if python3 - "$in" "$tmpdir/csv" "$tmpdir/xlsx" >"$tmpdir/py.out" 2>&1 <<'PY'
import json, os, sys, zipfile
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
inp, csvdir, xdir = sys.argv[1:4]
fails = []

def check(cond, what):
    if not cond:
        fails.append(what)

def sheet(name):
    """Cells of the first sheet: rows of (type, number format, value, has formula)."""
    z = zipfile.ZipFile(os.path.join(xdir, name + ".xlsx"))
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(NS + "si"):
            strings.append("".join(t.text or "" for t in si.iter(NS + "t")))
    st = ET.fromstring(z.read("xl/styles.xml"))
    fmts = {}
    nf = st.find(NS + "numFmts")
    if nf is not None:
        fmts = {int(n.get("numFmtId")): n.get("formatCode") for n in nf}
    xfs = [int(x.get("numFmtId")) for x in st.find(NS + "cellXfs")]
    rows = []
    for row in ET.fromstring(z.read("xl/worksheets/sheet1.xml")).iter(NS + "row"):
        cells = []
        for c in row.iter(NS + "c"):
            col = "".join(ch for ch in c.get("r") if ch.isalpha())
            idx = 0
            for ch in col:
                idx = idx * 26 + ord(ch) - 64
            while len(cells) < idx - 1:
                cells.append(("empty", "", None, False))
            t = c.get("t", "n")
            v = c.find(NS + "v")
            val = v.text if v is not None else None
            if t == "s":
                val = strings[int(val)]
            fid = xfs[int(c.get("s", "0"))]
            cells.append((t, fmts.get(fid, str(fid)), val, c.find(NS + "f") is not None))
        rows.append(cells)
    return rows

def cell(row, i):
    return row[i] if i < len(row) else ("empty", "", None, False)

def text_of(name):
    return "'" + name if name[:1] in ("=", "+", "-", "@", "\t", "\r") else name

def is_datetime_fmt(f):
    return "yy" in f.lower() and "hh" in f.lower()

EPOCH = datetime(1899, 12, 30, tzinfo=timezone.utc)   # day 0 of the spreadsheet calendar

def parse_ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(timezone.utc)

def ms_floor(dt):
    return dt.replace(microsecond=dt.microsecond // 1000 * 1000)

recs = [json.loads(l) for l in open(inp, encoding="utf-8")]
names = sorted({r["operation_type"] for r in recs})

for dialect in ("rfc4180", "excel"):
    raw = open(os.path.join(csvdir, "export-%s.csv" % dialect), "rb").read()
    check(raw.startswith(b"\xef\xbb\xbf") == (dialect == "excel"), dialect + ": BOM")
    rows = sheet("export-" + dialect)
    check(len(rows) == len(recs) + 1, "%s export: %d rows for %d records" % (dialect, len(rows), len(recs)))
    check([c[2] for c in rows[0]] == ["timestamp", "operation_type", "duration_ms", "success",
          "session_id", "error", "context"], "%s export header: %r" % (dialect, [c[2] for c in rows[0]]))
    for row, r in zip(rows[1:], recs):
        for c in row:
            check(not c[3], "%s export: a formula cell %r" % (dialect, c))
        t, fmt, val, _ = cell(row, 0)
        want = ms_floor(parse_ts(r["timestamp"]))
        if dialect == "excel":
            ok = t == "n" and is_datetime_fmt(fmt)
            check(ok, "excel export: timestamp not a date-time: %r" % (cell(row, 0),))
            if ok:
                got = EPOCH + timedelta(milliseconds=round(float(val) * 86400000))
                check(got == want, "excel export: %s read as %s" % (want, got))
        else:
            check(t == "s" and val == want.strftime("%Y-%m-%dT%H:%M:%S.") +
                  "%03dZ" % (want.microsecond // 1000), "rfc4180 export: timestamp %r" % (cell(row, 0),))
        t, _, val, _ = cell(row, 1)
        check(t == "s" and val == text_of(r["operation_type"]),
              "%s export: name %r, want %r" % (dialect, val, text_of(r["operation_type"])))
        t, _, val, _ = cell(row, 2)
        check(t == "n" and float(val) == float(r["duration_ms"]), "%s export: duration %r" % (dialect, cell(row, 2)))
        t, _, val, _ = cell(row, 3)
        check(t == "b" and val == ("1" if r["success"] else "0"), "%s export: success %r" % (dialect, cell(row, 3)))
        t, _, val, _ = cell(row, 5)
        want_err = text_of(r["error"]) if r.get("error") else None
        check(val == want_err, "%s export: error %r, want %r" % (dialect, val, want_err))

    rows = sheet("report-" + dialect)
    hdr = [c[2] for c in rows[0]]
    check(hdr[:3] == ["operation", "count", "success"], "%s report header %r" % (dialect, hdr))
    check(len(rows) == len(names) + 1, "%s report: %d rows for %d operations" % (dialect, len(rows), len(names)))
    got = {}
    for row in rows[1:]:
        for c in row:
            check(not c[3], "%s report: a formula cell %r" % (dialect, c))
        got[row[0][2]] = row
        for i, key in enumerate(hdr):
            if key in ("count", "success", "failed", "avg_ms", "min_ms", "max_ms"):
                check(cell(row, i)[0] == "n", "%s report: %s not a number: %r" % (dialect, key, cell(row, i)))
    check(sorted(got) == sorted(text_of(n) for n in names), "%s report names %r" % (dialect, sorted(got)))
    for n in names:
        row = got.get(text_of(n))
        if row is None:
            continue
        ds = [r["duration_ms"] for r in recs if r["operation_type"] == n]
        check(float(row[hdr.index("count")][2]) == len(ds), "%s report: count of %r" % (dialect, n))
        check(abs(float(row[hdr.index("avg_ms")][2]) - sum(ds) / len(ds)) < 1e-9 * max(1, sum(ds)),
              "%s report: avg_ms of %r" % (dialect, n))
        check(float(row[hdr.index("max_ms")][2]) == max(ds), "%s report: max_ms of %r" % (dialect, n))

# The excel series: bucket_start a date-time at a Monday midnight UTC, one table.
rows = sheet("series-excel")
check([c[2] for c in rows[0]][:2] == ["bucket_start", "operation"], "series header %r" % ([c[2] for c in rows[0]],))
for row in rows[1:]:
    t, fmt, val, _ = row[0]
    ok = t == "n" and is_datetime_fmt(fmt)
    check(ok, "series: bucket_start not a date-time: %r" % (row[0],))
    if ok:
        d = EPOCH + timedelta(milliseconds=round(float(val) * 86400000))
        check(d.weekday() == 0 and d.hour == 0 and d.minute == 0, "series: bucket %s" % d)
rows = sheet("trends-excel")
check(len(rows) == len(names) + 1, "trends CSV: %d rows, want the table alone (%d)" % (len(rows), len(names) + 1))

if fails:
    print("\n".join(fails[:40]))
    sys.exit(1)
print("ok")
PY
then ok spreadsheet-readback; else fail spreadsheet-readback "$(cat "$tmpdir/py.out")"; fi
finish
