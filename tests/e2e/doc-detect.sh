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
finish
