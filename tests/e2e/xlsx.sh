#!/bin/sh
# xlsx.sh - --format xlsx (SPEC section 13) read back two independent ways: Python's zipfile
# + xml.etree over the XLSX parts (cell types: n numbers, date-times as numbers with a date
# format, b booleans, s/inlineStr text; no formula), and LibreOffice Calc (headless, the
# workbooks converted to ODS, whose cells carry their value type). tests/e2e/xlsx-check.py
# does the reading. Also: formula-like names (=, +, -, @) stay text, a cell past Excel's
# 32767 characters is cut with an ellipsis, the same SOURCE_DATE_EPOCH gives the same bytes,
# a terminal gets a refusal (status 2) and -o FILE or a pipe the workbook, a workbook that
# cannot be made is status 2 with no output, and text that looks like OOXML's escape
# _xHHHH_ is read back as written. Skips (77) without soffice or python3.
. "$(dirname "$0")/setup.sh"

if ! command -v soffice >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
	echo "soffice (Debian: apt-get install libreoffice-calc-nogui) or python3 missing: skipped"
	exit 77
fi

in=$tmpdir/in.jsonl
cat >"$in" <<'EOF'
{"timestamp":"2026-08-01T00:00:00.000Z","operation_type":"naïve","duration_ms":12.5,"success":true,"session_id":"s1"}
{"timestamp":"2026-08-01T01:02:03.456Z","operation_type":"=HYPERLINK(\"http://x.example\",\"x\")","duration_ms":7,"success":false,"error":"@SUM(A1)","session_id":"=1+1"}
{"timestamp":"2026-08-01T02:00:00.999+02:00","operation_type":"emoji 🚀","duration_ms":100.25,"success":true,"context":{"k":"-2+3","n":[1,2.5]}}
{"timestamp":"2026-08-02T23:59:59.001Z","operation_type":"日本語の操作","duration_ms":0.001,"success":true}
{"timestamp":"2026-08-03T12:00:00.000Z","operation_type":"+1","duration_ms":1234.5678,"success":true}
{"timestamp":"2026-08-04T12:00:00.000Z","operation_type":"-2","duration_ms":3,"success":false,"error":"boom"}
{"timestamp":"2026-08-05T12:00:00.000Z","operation_type":"comma, \"quote\"","duration_ms":42,"success":true}
{"timestamp":"2026-08-06T12:00:00.500Z","operation_type":"=1+1","duration_ms":13.5,"success":true}
{"timestamp":"2026-08-07T12:00:00.000Z","operation_type":"ctl\u0001bell\ttab","duration_ms":5,"success":true}
{"timestamp":"2026-08-07T13:00:00.000Z","operation_type":"_x0041_","duration_ms":6,"success":true,"session_id":"_x005F_x0041_"}
EOF
# One error longer than a cell holds.
python3 -c 'import json; print(json.dumps({"timestamp": "2026-08-08T00:00:00Z", "operation_type": "long", "duration_ms": 1, "success": False, "error": "é" * 40000}))' >>"$in"
# One whose escapes count: 5000 times "_x0041_", 35000 characters, 65000 as stored.
python3 -c 'import json; print(json.dumps({"timestamp": "2026-08-08T00:00:01Z", "operation_type": "long", "duration_ms": 1, "success": False, "error": "_x0041_" * 5000}))' >>"$in"

mkdir "$tmpdir/x" "$tmpdir/ods"
win="--since 2026-07-01 --until 2026-09-01"
pr export -f xlsx "$in" >"$tmpdir/x/export.xlsx"
pr report $win -f xlsx -o "$tmpdir/x/report.xlsx" "$in"
pr report $win -f json "$in" >"$tmpdir/report.json"
pr trends --now 2026-09-01 --days 62 --bucket week -f xlsx -o "$tmpdir/trends.xlsx" "$in"
pr trends --now 2026-09-01 --days 62 --bucket week -f json "$in" >"$tmpdir/trends.json"

# Calc opens both workbooks (one soffice run, a private profile) and saves them as ODS.
if ! (cd "$tmpdir/x" && HOME=$tmpdir soffice -env:UserInstallation=file://"$tmpdir/profile" \
    --headless --convert-to ods --outdir "$tmpdir/ods" export.xlsx report.xlsx) >"$tmpdir/soffice.log" 2>&1 ||
    [ ! -s "$tmpdir/ods/export.ods" ] || [ ! -s "$tmpdir/ods/report.ods" ]; then
	fail soffice "$(cat "$tmpdir/soffice.log")"
	finish
	exit 1
fi
if python3 "$top_srcdir/tests/e2e/xlsx-check.py" "$in" "$tmpdir/x/export.xlsx" "$tmpdir/ods/export.ods" \
    "$tmpdir/x/report.xlsx" "$tmpdir/report.json" "$tmpdir/ods/report.ods" \
    "$tmpdir/trends.xlsx" "$tmpdir/trends.json" >"$tmpdir/check.out" 2>&1; then
	ok readback
else
	fail readback "$(cat "$tmpdir/check.out")"
fi

# The checker itself must fail on a formula and on a number stored as text: a workbook
# with one of each, made by hand (stored, not deflated: zipfile writes it).
python3 - "$tmpdir/bad.xlsx" "$tmpdir/x/report.xlsx" <<'PY'
import sys, zipfile
src = zipfile.ZipFile(sys.argv[2])
out = zipfile.ZipFile(sys.argv[1], "w")
for n in src.namelist():
    data = src.read(n)
    if n == "xl/worksheets/sheet1.xml":
        # the first count cell of the first row becomes a formula, the second a text cell
        t = data.decode()
        i = t.index('<c r="B2"')
        j = t.index("</c>", i) + 4
        t = t[:i] + '<c r="B2"><f>1+1</f><v>2</v></c>' + t[j:]
        i = t.index('<c r="C2"')
        j = t.index("</c>", i) + 4
        t = t[:i] + '<c r="C2" t="inlineStr"><is><t>5</t></is></c>' + t[j:]
        data = t.encode()
    out.writestr(n, data)
out.close()
PY
if python3 "$top_srcdir/tests/e2e/xlsx-check.py" "$in" "$tmpdir/x/export.xlsx" "$tmpdir/ods/export.ods" \
    "$tmpdir/bad.xlsx" "$tmpdir/report.json" "$tmpdir/ods/report.ods" \
    "$tmpdir/trends.xlsx" "$tmpdir/trends.json" >"$tmpdir/bad.out" 2>&1; then
	fail checker-finds-mistakes "a formula and a text count passed"
elif grep -q 'formula' "$tmpdir/bad.out" && grep -q 'want a number cell' "$tmpdir/bad.out"; then
	ok checker-finds-mistakes
else
	fail checker-finds-mistakes "$(cat "$tmpdir/bad.out")"
fi

# The export's other paths (a window that follows the newest record, threads) give the
# rows JSON Lines gives, in the same order.
for opts in "--now latest --days 3" "-j 3 --since 2026-08-02"; do
	pr export $opts -f xlsx "$in" >"$tmpdir/path.xlsx"
	pr export $opts -f jsonl "$in" >"$tmpdir/path.jsonl"
	if python3 - "$tmpdir/path.xlsx" "$tmpdir/path.jsonl" <<'PY'
import html, json, re, sys, zipfile
x = zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode()
ops = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r'<c r="B\d+"[^>]*>(.*?)</c>', x)][1:]
want = [json.loads(l)["operation_type"].replace("\x01", "_x0001_") for l in open(sys.argv[2], encoding="utf-8")]
want = [w.replace("_x0041_", "_x005F_x0041_") for w in want]
sys.exit(0 if ops == want and len(ops) > 0 else 1)
PY
	then ok "export-path $opts"; else fail "export-path $opts" "rows differ from JSON Lines"; fi
done

# Reproducible: the same SOURCE_DATE_EPOCH, the same bytes (the document's creation time
# is the report's generated_at).
pr report $win -f xlsx "$in" >"$tmpdir/again.xlsx"
if cmp -s "$tmpdir/x/report.xlsx" "$tmpdir/again.xlsx"; then ok reproducible; else fail reproducible "two runs differ"; fi

# A terminal on standard output without -o: refused, status 2, nothing written; with -o the
# workbook is written. (script(1) gives the binary a terminal.)
if command -v script >/dev/null 2>&1; then
	st=0
	script -qec "$PERF_REPORTER report $win -f xlsx $in" /dev/null >"$tmpdir/tty.out" 2>&1 || st=$?
	if [ "$st" = 2 ] && grep -q 'xlsx is a binary file: write it with -o FILE' "$tmpdir/tty.out" &&
	    ! grep -q 'PK' "$tmpdir/tty.out"; then
		ok tty-refused
	else
		fail tty-refused "status $st: $(head -c 300 "$tmpdir/tty.out")"
	fi
	st=0
	script -qec "$PERF_REPORTER report $win -f xlsx -o $tmpdir/tty.xlsx $in" /dev/null >"$tmpdir/tty2.out" 2>&1 || st=$?
	if [ "$st" = 0 ] && cmp -s "$tmpdir/tty.xlsx" "$tmpdir/x/report.xlsx"; then
		ok tty-with-output-file
	else
		fail tty-with-output-file "status $st: $(cat "$tmpdir/tty2.out")"
	fi
else
	echo "note: script(1) missing: the terminal refusal not checked"
fi

# compare writes no xlsx.
st=0
pr compare -f xlsx "$in" "$in" >/dev/null 2>"$tmpdir/cmp.err" || st=$?
if [ "$st" = 2 ] && grep -q 'compare does not write xlsx' "$tmpdir/cmp.err"; then ok compare-refused; else fail compare-refused "status $st: $(cat "$tmpdir/cmp.err")"; fi

# A workbook that cannot be made (TMPDIR does not exist): status 2, a message naming the
# directory, no output file.
for cmd in report export; do
	st=0
	TMPDIR=$tmpdir/missing-dir pr $cmd $win -f xlsx -o "$tmpdir/none-$cmd.xlsx" "$in" 2>"$tmpdir/tmp.err" || st=$?
	if [ "$st" = 2 ] && grep -q "missing-dir" "$tmpdir/tmp.err" && [ ! -e "$tmpdir/none-$cmd.xlsx" ]; then
		ok "no-tmpdir-$cmd"
	else
		fail "no-tmpdir-$cmd" "status $st: $(cat "$tmpdir/tmp.err")"
	fi
done

finish
