#!/bin/sh
# documents.sh - SPEC section 16, Documents: a JSON array of records (its closing ] optional),
# pretty-printed and concatenated values, --records PATH with [], --jq FILTER, timeless
# records, and the counts (input.lines: the file's lines; input.records; a value with no
# record is filtered). The statistics of a document must equal those of the same records
# as JSON Lines (read by the default path), and a malformed value is named by FILE:LINE.
# JSON Lines files, even one whose first line is broken, are still read line by line.
. "$(dirname "$0")/setup.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
d=$tmpdir
now="--now 2026-01-10"

# The records, as JSON Lines; then the same as documents of several layouts.
python3 - "$d" <<'PY'
import json, random, sys
d = sys.argv[1]
rnd = random.Random(7)
recs = []
for i in range(300):
    r = {"timestamp": "2026-01-0%dT%02d:%02d:%02d.%03dZ" % (1 + i % 9, i % 24, i % 60, (7 * i) % 60, i),
         "operation_type": ["llm_call", "tool_exec", "db"][i % 3],
         "duration_ms": round(rnd.lognormvariate(3, 1), 3)}
    if i % 11 == 0:
        r["success"] = False
    recs.append(r)
with open(d + "/recs.jsonl", "w") as f:
    for r in recs:
        f.write(json.dumps(r) + "\n")
with open(d + "/array.json", "w") as f:
    json.dump(recs, f, indent=2)
with open(d + "/open.json", "w") as f:   # a trace cut short: no closing ], a last comma
    f.write("[" + ",\n".join(json.dumps(r) for r in recs) + ",\n")
with open(d + "/stream.json", "w") as f:  # pretty and concatenated values
    for i, r in enumerate(recs):
        f.write(json.dumps(r, indent=1) + ("\n" if i % 2 else ""))
with open(d + "/wrapped.json", "w") as f:  # records inside, other key names
    json.dump({"meta": {"tool": "x"}, "runs": [
        {"name": "a", "data": [{"t": r["timestamp"], "op": r["operation_type"],
                                "ms": str(r["duration_ms"]), "ok": r.get("success", True)}
                               for r in recs[:150]]},
        {"name": "b", "data": [{"t": r["timestamp"], "op": r["operation_type"],
                                "ms": str(r["duration_ms"]), "ok": r.get("success", True)}
                               for r in recs[150:]]},
        {"name": "c", "data": []}]}, f, indent=2)
PY

# same NAME ARGS...: monthly JSON of the document equals that of recs.jsonl but for input.
same() {
	name=$1
	shift
	pr monthly $now -f json recs.jsonl >"$d/want.json" 2>"$d/want.err" || true
	if ! pr monthly $now -f json "$@" >"$d/out-$name.json" 2>"$d/$name.err"; then
		fail "$name" "status $?: $(head -c 300 "$d/$name.err")"
		return
	fi
	if python3 - "$d/want.json" "$d/out-$name.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for x in (a, b):
    x.pop("input", None)
    x.pop("sources", None)
sys.exit(0 if a == b else 1)
PY
	then ok "$name"; else fail "$name" "the report differs from the JSON Lines one"; fi
}
# input NAME KEY VALUE: input.KEY of $d/out-NAME.json
input() {
	got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["input"].get(sys.argv[2]))' \
	    "$d/out-$1.json" "$2" 2>&1) || true
	if [ "$got" = "$3" ]; then ok "$1 input.$2"; else fail "$1 input.$2" "got $got, want $3"; fi
}
cd "$d"

same array array.json
# lines LF-count, plus one for a last line without newline (SPEC section 2).
lines() {
	python3 -c 'import sys; t = open(sys.argv[1]).read(); print(t.count("\n") + (not t.endswith("\n")))' "$1"
}
input array lines "$(lines array.json)"
input array records 300
same array-j2 -j 2 array.json
same open open.json
same stream stream.json
input stream lines "$(lines stream.json)"
gzip -c array.json >array.json.gz
same gzip array.json.gz
same stdin - <array.json
same records --records 'runs[].data[]' --field timestamp=t --field operation_type=op \
    --field 'duration_ms=ms' --field 'success=ok' wrapped.json
input records filtered 0
same jq --jq '.runs[] | .data[] | {timestamp: .t, operation_type: .op, duration_ms: (.ms | tonumber), success: .ok}' wrapped.json
# --records and --jq together: jq runs on each record the path finds.
same records-jq --records 'runs[].data[]' \
    --jq '{timestamp: .t, operation_type: .op, duration_ms: (.ms | tonumber), success: .ok}' wrapped.json
# A value from which no record comes is filtered: a second value without runs.
{ cat wrapped.json; printf '\n{"runs": []}\n'; } >two.json
pr monthly $now -f json --records 'runs[].data[]' --field timestamp=t --field operation_type=op \
    --field 'duration_ms=ms' --field 'success=ok' two.json >out-runs.json 2>runs.err || true
input runs records 300
input runs filtered 1
pr monthly $now -f json --records '[]' --jq 'select(.operation_type == "db")' array.json \
    >out-select.json 2>select.err || true
input select records 100
input select filtered 200

# A malformed element: named by its line, and the elements after it are read; a value
# that is not JSON under --records stops the document there.
printf '[\n {"timestamp": "2026-01-05T00:00:00Z", "operation_type": "a", "duration_ms": 1},\n {"timestamp": "2026-01-05T00:00:01Z", "operation_type": "a"},\n {"timestamp": "2026-01-05T00:00:02Z", "operation_type": "a", "duration_ms": 3},\n {"timestamp": oops}\n, {"timestamp": "2026-01-05T00:00:03Z", "operation_type": "a", "duration_ms": 4}]\n' >bad.json
pr monthly $now -f json bad.json >out-bad.json 2>bad.err || true
if grep -q 'bad.json:3: duration_ms is missing' bad.err && grep -q 'bad.json:5: not valid JSON' bad.err; then
	ok "bad lines"
else
	fail "bad lines" "$(cat bad.err)"
fi
input bad records 3
input bad malformed 2
pr monthly $now -f json --records '[]' bad.json >out-badp.json 2>badp.err || true
input badp records 2
input badp malformed 2
if grep -q 'bad.json:5: not valid JSON: .*(the rest of the document is not read)' badp.err; then
	ok "bad path"
else
	fail "bad path" "$(cat badp.err)"
fi
if pr monthly $now --strict bad.json >/dev/null 2>strict.err; then
	fail strict "status 0"
elif grep -q '^perf-reporter: bad.json:3: duration_ms is missing' strict.err; then
	ok strict
else
	fail strict "$(cat strict.err)"
fi

# JSON Lines stay JSON Lines: a broken first line is one malformed line, the rest are read.
{ printf '{"timestamp": "2026-01-05T00:00:00Z", "operation_type": "a",\n'; cat recs.jsonl; } >broken.jsonl
pr monthly $now -f json broken.jsonl >out-broken.json 2>broken.err || true
input broken records 300
input broken malformed 1

# --jq: a bad filter is a usage error with jq's message; a run-time error is malformed.
if pr monthly --jq '.[' array.json >/dev/null 2>jq.err; then
	fail "jq syntax" "status 0"
elif [ $? -eq 2 ] && grep -q -- '--jq: jq: error: syntax error' jq.err; then
	ok "jq syntax"
else
	fail "jq syntax" "$(cat jq.err)"
fi
pr monthly $now -f json --jq '.[] | if .operation_type == "db" then error("no db") else . end' \
    array.json >jqerr.json 2>jqerr.err || true
if grep -q 'array.json:1: jq: error: no db' jqerr.err; then ok "jq error"; else fail "jq error" "$(cat jqerr.err)"; fi

# Timeless records: compare reads them, export writes a null timestamp, a window says so.
jq_tl='.[] | {timestamp: null, operation_type, duration_ms, success}'
if pr compare -f json --jq "$jq_tl" array.json array.json >tl.json 2>tl.err &&
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(sum(o["base"]["count"] for o in d["operations"]) != 300)' tl.json; then
	ok "timeless compare"
else
	fail "timeless compare" "$(cat tl.err)"
fi
pr export -f jsonl --jq "$jq_tl" array.json >tl.jsonl
if [ "$(grep -c '^{"timestamp":null,' tl.jsonl)" = 300 ]; then ok "timeless export"; else fail "timeless export" "$(head -n 2 tl.jsonl)"; fi
pr export --jq "$jq_tl" array.json >tl.csv
if [ "$(grep -c '^,' tl.csv)" = 300 ]; then ok "timeless csv"; else fail "timeless csv" "$(head -n 2 tl.csv)"; fi
if pr weekly --jq "$jq_tl" array.json >/dev/null 2>tlw.err; then
	fail "timeless weekly" "status 0"
elif [ $? -eq 2 ] && grep -q 'the input has no times' tlw.err; then
	ok "timeless weekly"
else
	fail "timeless weekly" "$(cat tlw.err)"
fi
# --records path errors are usage errors.
if pr monthly --records 'a[x]' array.json >/dev/null 2>rp.err; then
	fail "records path" "status 0"
elif grep -q -- "--records: 'a\[x\]' has '\[' without '\]'" rp.err; then
	ok "records path"
else
	fail "records path" "$(cat rp.err)"
fi
finish
