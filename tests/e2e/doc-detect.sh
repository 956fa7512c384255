#!/bin/sh
# doc-detect.sh - SPEC section 16, "Finding the format", for documents, and the hint of
# section 11: a JSON Lines source of OTLP requests (one a line) and a document on standard
# input are found (the note on standard error) and read as with --log-format, with one
# thread or two; a document of our own records needs no format (no note); a document no
# format reads is unreadable (status 2); an unreadable file that a built-in format would
# read, with detection off (--field, --where), ends its message with "try --log-format
# NAME" and the first line's keys; one that none would read keeps the general advice.
# (The real files of hyperfine, pytest-benchmark, Chromium and the OpenTelemetry SDK are
# read by detection in doc-formats.sh.)
. "$(dirname "$0")/setup.sh"
data="$top_srcdir/tests/data/formats"

# OTLP/JSON, one export request a line (the Collector's file exporter).
cat >"$tmpdir/otlp.jsonl" <<'J'
{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"spans":[{"name":"GET /a","startTimeUnixNano":"1764000000000000000","endTimeUnixNano":"1764000000012000000","status":{}},{"name":"GET /a","startTimeUnixNano":"1764000001000000000","endTimeUnixNano":"1764000001020000000","status":{"code":2}}]}]}]}
{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"spans":[{"name":"GET /b","startTimeUnixNano":"1764000002000000000","endTimeUnixNano":"1764000002005000000","status":{"code":1}}]}]}]}
J
pr export -f jsonl --log-format otlp "$tmpdir/otlp.jsonl" >"$tmpdir/otlp.want" 2>"$tmpdir/otlp-want.err"
if [ "$(wc -l <"$tmpdir/otlp.want")" -ne 3 ] || [ -s "$tmpdir/otlp-want.err" ]; then
	fail otlp-log-format "$(cat "$tmpdir/otlp.want" "$tmpdir/otlp-want.err")"
fi
for j in 1 2; do
	if pr export -j "$j" -f jsonl "$tmpdir/otlp.jsonl" >"$tmpdir/otlp-$j.got" \
	    2>"$tmpdir/otlp-$j.err" && cmp -s "$tmpdir/otlp.want" "$tmpdir/otlp-$j.got" &&
	    grep -qxF "perf-reporter: $tmpdir/otlp.jsonl: read as otlp output (--log-format otlp)" \
	    "$tmpdir/otlp-$j.err"; then
		ok "otlp-lines-j$j"
	else
		fail "otlp-lines-j$j" "$(cat "$tmpdir/otlp-$j.got" "$tmpdir/otlp-$j.err")"
	fi
done

# A hyperfine document, pretty-printed, on standard input: timeless, so compare.
cat >"$tmpdir/hf.json" <<'J'
{
  "results": [
    {
      "command": "sleep 0.01",
      "mean": 0.0125, "stddev": 0.001, "median": 0.0125, "user": 0.001, "system": 0.001,
      "min": 0.011, "max": 0.014,
      "times": [0.011, 0.012, 0.013, 0.014],
      "exit_codes": [0, 0, 1, 0]
    }
  ]
}
J
pr compare -f json --log-format hyperfine "$tmpdir/hf.json" "$tmpdir/hf.json" >"$tmpdir/hf.want"
if pr compare -f json - "$tmpdir/hf.json" <"$tmpdir/hf.json" >"$tmpdir/hf.got" 2>"$tmpdir/hf.err" &&
    grep -qxF "perf-reporter: <stdin>: read as hyperfine output (--log-format hyperfine)" "$tmpdir/hf.err" &&
    python3 -c 'import json,sys
g=json.load(open(sys.argv[1])); w=json.load(open(sys.argv[2]))
g["current"]["source"]=g["base"]["source"]=w["current"]["source"]=w["base"]["source"]="X"
g.pop("generated_at",None); w.pop("generated_at",None)
sys.exit(0 if g==w and g["base"]["records"]==4 else 1)' "$tmpdir/hf.got" "$tmpdir/hf.want"; then
	ok hyperfine-stdin
else
	fail hyperfine-stdin "$(head -c 600 "$tmpdir/hf.got") $(cat "$tmpdir/hf.err")"
fi

# A JSON array of our own records: read as it is, no format, no note.
printf '[\n{"timestamp":"2026-10-01T00:00:00Z","operation_type":"a","duration_ms":5,"success":true},\n{"timestamp":"2026-10-01T00:01:00Z","operation_type":"a","duration_ms":7,"success":true}\n]\n' >"$tmpdir/own.json"
if pr export -f jsonl "$tmpdir/own.json" >"$tmpdir/own.got" 2>"$tmpdir/own.err" &&
    [ "$(wc -l <"$tmpdir/own.got")" -eq 2 ] && ! [ -s "$tmpdir/own.err" ]; then
	ok own-document
else
	fail own-document "$(cat "$tmpdir/own.got" "$tmpdir/own.err")"
fi

# A document no format reads: unreadable (SPEC section 11), status 2.
printf '{\n  "name": "x",\n  "values": [1, 2, 3]\n}\n' >"$tmpdir/none.json"
st=0
pr export "$tmpdir/none.json" >/dev/null 2>"$tmpdir/none.err" || st=$?
if [ "$st" -eq 2 ] && grep -q "none.json: no line is a valid record" "$tmpdir/none.err" &&
    ! grep -q "read as" "$tmpdir/none.err"; then
	ok no-format-document
else
	fail no-format-document "status $st: $(cat "$tmpdir/none.err")"
fi

# The hint: detection off (--where, --field), a built-in format would read the file.
st=0
pr export --where 'true' "$data/k6.jsonl" >/dev/null 2>"$tmpdir/k6.err" || st=$?
if [ "$st" -eq 2 ] && grep -q '^perf-reporter: .*k6.jsonl: no line is a valid record (.*); the first line has the keys type, .*: try --log-format k6$' "$tmpdir/k6.err"; then
	ok hint-k6
else
	fail hint-k6 "status $st: $(cat "$tmpdir/k6.err")"
fi
st=0
pr monthly --now latest --field duration_ms=nothing "$data/vegeta.jsonl" >/dev/null 2>"$tmpdir/vg.err" || st=$?
if [ "$st" -eq 2 ] && grep -q '; the first line has the keys attack, seq, code, timestamp, latency, bytes_out, \.\.\.: try --log-format vegeta$' "$tmpdir/vg.err"; then
	ok hint-vegeta
else
	fail hint-vegeta "status $st: $(cat "$tmpdir/vg.err")"
fi
# No format would read it: the general advice, no hint.
printf '{"a":1}\n{"b":2}\n' >"$tmpdir/none.jsonl"
st=0
pr export --where 'true' "$tmpdir/none.jsonl" >/dev/null 2>"$tmpdir/nh.err" || st=$?
if [ "$st" -eq 2 ] && grep -q 'is it another tool.s log' "$tmpdir/nh.err" &&
    ! grep -q 'try --log-format' "$tmpdir/nh.err"; then
	ok no-hint
else
	fail no-hint "status $st: $(cat "$tmpdir/nh.err")"
fi

# A document is parsed once and each jq program compiled once per run (format-detect.h):
# two traces in one run (an object and a bare array) both found, an object followed by a
# top-level array of events, and k6's lines pretty-printed (a line format in a document:
# the second pass). The counts are Python's, over the same files.
python3 - "$tmpdir" "$data/k6.jsonl" <<'PY'
import json, sys
d = sys.argv[1]
ev = [{"name": "M", "ph": "M", "pid": 1, "tid": 1, "ts": 0, "args": {"name": "x"}}]
for i in range(150):
    ev.append({"name": "Task%d" % (i % 3), "ph": "X" if i % 4 else "B", "pid": 1, "tid": 1,
               "ts": 1000 + 37 * i, "dur": 5 + i, "cat": "c"})
json.dump({"traceEvents": ev, "metadata": {"startTime": "2026-10-01T00:00:00Z"}},
          open(d + "/t1.json", "w"), indent=1)
with open(d + "/t2.json", "w") as f:
    f.write("[\n" + ",\n".join(json.dumps(e) for e in ev[:90]) + "\n")  # cut short
with open(d + "/t3.json", "w") as f:
    f.write(json.dumps({"a": 1}, indent=2) + "\n" + json.dumps(ev) + "\n")
with open(d + "/k6-pretty.json", "w") as f:
    for line in open(sys.argv[2]):
        if line.strip():
            f.write(json.dumps(json.loads(line), indent=2) + "\n")
X = lambda evs: sum(1 for e in evs if e.get("ph") == "X")
k6 = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
n_k6 = sum(1 for r in k6 if r.get("type") == "Point" and r.get("metric") == "http_req_duration")
open(d + "/want-counts", "w").write("%d %d %d %d\n" % (X(ev), X(ev[:90]), X(ev), n_k6))
PY
read -r n1 n2 n3 nk <"$tmpdir/want-counts"
if pr export -f jsonl "$tmpdir/t1.json" "$tmpdir/t2.json" >"$tmpdir/tt.got" 2>"$tmpdir/tt.err" &&
    [ "$(wc -l <"$tmpdir/tt.got")" -eq $((n1 + n2)) ] &&
    grep -qxF "perf-reporter: $tmpdir/t1.json: read as chrome-trace output (--log-format chrome-trace)" "$tmpdir/tt.err" &&
    grep -qxF "perf-reporter: $tmpdir/t2.json: read as chrome-trace output (--log-format chrome-trace)" "$tmpdir/tt.err"; then
	ok two-traces-one-run
else
	fail two-traces-one-run "$(wc -l <"$tmpdir/tt.got") records, want $n1 + $n2: $(cat "$tmpdir/tt.err")"
fi
if pr export -f jsonl "$tmpdir/t3.json" >"$tmpdir/t3.got" 2>"$tmpdir/t3.err" &&
    [ "$(wc -l <"$tmpdir/t3.got")" -eq "$n3" ] &&
    grep -qxF "perf-reporter: $tmpdir/t3.json: read as chrome-trace output (--log-format chrome-trace)" "$tmpdir/t3.err"; then
	ok object-then-array
else
	fail object-then-array "$(wc -l <"$tmpdir/t3.got") records, want $n3: $(cat "$tmpdir/t3.err")"
fi
pr export -f jsonl --log-format k6 "$data/k6.jsonl" >"$tmpdir/k6.want"
if pr export -f jsonl "$tmpdir/k6-pretty.json" >"$tmpdir/k6p.got" 2>"$tmpdir/k6p.err" &&
    [ "$(wc -l <"$tmpdir/k6p.got")" -eq "$nk" ] && cmp -s "$tmpdir/k6.want" "$tmpdir/k6p.got" &&
    grep -qxF "perf-reporter: $tmpdir/k6-pretty.json: read as k6 output (--log-format k6)" "$tmpdir/k6p.err"; then
	ok k6-pretty-document
else
	fail k6-pretty-document "$(wc -l <"$tmpdir/k6p.got") records, want $nk: $(cat "$tmpdir/k6p.err")"
fi
finish
