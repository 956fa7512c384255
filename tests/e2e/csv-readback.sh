#!/bin/sh
# csv-readback.sh - the CSV and JSON outputs read back by independent readers (Python's csv
# module, jq) agree with each other cell by cell, hostile names survive the formula guard and
# quoting, and export -> re-import gives the same report.
. "$(dirname "$0")/setup.sh"

if ! command -v python3 >/dev/null 2>&1 || ! command -v jq >/dev/null 2>&1; then
	echo "python3 or jq missing: skipped"
	echo "0 passed, 0 failed"
	exit 0
fi
cd "$top_srcdir"
now=--now=2026-11-01
hostile=tests/e2e/cases/md-hostile-names/input.jsonl

# compare CMD...: the CSV and JSON reports of the same command must agree cell by cell.
compare() {
	name=$1
	shift
	pr "$@" -f csv >"$tmpdir/r.csv" && pr "$@" -f json >"$tmpdir/r.json" || { fail "$name" "run failed"; return; }
	if python3 - "$tmpdir/r.csv" "$tmpdir/r.json" >"$tmpdir/py.out" 2>&1 <<'PY'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
ops = doc["operations"]
header, body = rows[0], rows[1:]
if body and body[-1] == []:
    body = body[:-1]
assert ops, "no operations"
assert header == list(ops[0].keys()), (header, list(ops[0].keys()))
assert len(body) == len(ops), (len(body), len(ops))
for cells, op in zip(body, ops):
    for key, cell in zip(header, cells):
        v = op[key]
        if key == "operation":
            if v[:1] in ("=", "+", "-", "@", "\t", "\r"):
                assert cell == "'" + v, (cell, v)
            else:
                assert cell == v, (cell, v)
        elif key == "flags":
            assert cell == ";".join(v), (cell, v)
        elif v is None:
            assert cell == "", (key, cell)
        else:
            assert float(cell) == float(v), (key, cell, v)
print("ok", len(body))
PY
	then ok "$name"; else fail "$name" "$(cat "$tmpdir/py.out")"; fi
}
compare csv-json-monthly monthly $now samples/basic.jsonl
compare csv-json-percentiles monthly $now --percentiles 10,99.99 samples/basic.jsonl
compare csv-json-hostile weekly $now "$hostile"

# Export -> re-import gives the same statistics (jsonl, and the json array through jq).
pr monthly $now -f json samples/basic.jsonl | jq -S '.operations, .totals, .slowest' >"$tmpdir/a"
pr export --format jsonl samples/basic.jsonl >"$tmpdir/all.jsonl"
pr monthly $now -f json "$tmpdir/all.jsonl" | jq -S '.operations, .totals, .slowest' >"$tmpdir/b"
cmp -s "$tmpdir/a" "$tmpdir/b" && ok export-jsonl-roundtrip || fail export-jsonl-roundtrip "$(diff "$tmpdir/a" "$tmpdir/b" | head)"
pr export --format json samples/basic.jsonl | jq -c '.[]' >"$tmpdir/all2.jsonl"
pr monthly $now -f json "$tmpdir/all2.jsonl" | jq -S '.operations, .totals, .slowest' >"$tmpdir/c"
cmp -s "$tmpdir/a" "$tmpdir/c" && ok export-json-roundtrip || fail export-json-roundtrip "$(diff "$tmpdir/a" "$tmpdir/c" | head)"

# Export CSV read back by Python: every record, the same names and durations as the JSONL.
pr export samples/basic.jsonl >"$tmpdir/all.csv"
if python3 - "$tmpdir/all.csv" "$tmpdir/all.jsonl" >"$tmpdir/py.out" 2>&1 <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
recs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(rows) == len(recs), (len(rows), len(recs))
for r, j in zip(rows, recs):
    assert r["timestamp"] == j["timestamp"]
    assert r["operation_type"] == j["operation_type"]
    assert float(r["duration_ms"]) == float(j["duration_ms"])
    assert r["success"] == ("true" if j["success"] else "false")
    assert r["session_id"] == (j["session_id"] or "")
    ctx = j["context"]
    assert (json.loads(r["context"]) if r["context"] else None) == ctx
print("ok", len(rows))
PY
then ok export-csv-readback; else fail export-csv-readback "$(cat "$tmpdir/py.out")"; fi

# Hostile names: the export CSV round-trips names through the guard and the quoting.
pr export "$hostile" >"$tmpdir/h.csv"
if python3 - "$tmpdir/h.csv" "$hostile" >"$tmpdir/py.out" 2>&1 <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
recs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
for r, j in zip(rows, recs):
    name = j["operation_type"]
    want = "'" + name if name[:1] in ("=", "+", "-", "@", "\t", "\r") else name
    assert r["operation_type"] == want, (r["operation_type"], want)
print("ok")
PY
then ok export-csv-hostile; else fail export-csv-hostile "$(cat "$tmpdir/py.out")"; fi

# Every JSON output parses with jq, and control/non-ASCII characters round-trip.
pr weekly $now -f json "$hostile" | jq -r '.operations[].operation' | sort >"$tmpdir/names.json"
jq -r '.operation_type' "$hostile" | sort -u >"$tmpdir/names.in"
cmp -s "$tmpdir/names.json" "$tmpdir/names.in" && ok json-names-roundtrip || fail json-names-roundtrip "$(diff "$tmpdir/names.in" "$tmpdir/names.json")"

# --csv-dialect excel: every CSV output (report, series, export, compare) is the rfc4180
# one with a UTF-8 BOM first and each timestamp cell YYYY-MM-DDThh:mm:ss.mmmZ written
# YYYY-MM-DD hh:mm:ss.mmm, and nothing else changed.
dialects() {
	name=$1
	shift
	pr "$@" >"$tmpdir/d.rfc" && pr "$@" --csv-dialect excel >"$tmpdir/d.xl" || { fail "$name" "run failed"; return; }
	if python3 - "$tmpdir/d.rfc" "$tmpdir/d.xl" >"$tmpdir/py.out" 2>&1 <<'PY'
import re, sys
rfc = open(sys.argv[1], "rb").read()
xl = open(sys.argv[2], "rb").read()
assert xl.startswith(b"\xef\xbb\xbf"), "no BOM"
assert not rfc.startswith(b"\xef\xbb\xbf"), "BOM in rfc4180"
back = re.sub(rb"(?m)(^|,)(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})(?=,|$)", rb"\1\2T\3Z", xl[3:])
assert back == rfc, "differs beyond the BOM and the timestamps"
print("ok")
PY
	then ok "$name"; else fail "$name" "$(cat "$tmpdir/py.out")"; fi
}
dialects dialect-export export samples/basic.jsonl
dialects dialect-report monthly $now -f csv "$hostile"
dialects dialect-compare compare -f csv samples/basic.jsonl samples/degradation.jsonl
pr trends $now --days 60 -f csv -o "$tmpdir/t.csv" --series "$tmpdir/s.rfc" samples/basic.jsonl &&
    pr trends $now --days 60 -f csv --csv-dialect excel -o "$tmpdir/t.csv" --series "$tmpdir/s.xl" samples/basic.jsonl &&
    python3 - "$tmpdir/s.rfc" "$tmpdir/s.xl" <<'PY' >"$tmpdir/py.out" 2>&1 && ok dialect-series || fail dialect-series "$(cat "$tmpdir/py.out")"
import sys
rfc = open(sys.argv[1], encoding="utf-8").read().splitlines()
xl = open(sys.argv[2], encoding="utf-8-sig").read().splitlines()
assert len(rfc) == len(xl) > 2
for a, b in zip(rfc[1:], xl[1:]):
    ta, ra = a.split(",", 1)
    tb, rb = b.split(",", 1)
    assert ra == rb and tb == ta[:10] + " " + ta[11:23] and ta.endswith("Z"), (a, b)
PY
finish
