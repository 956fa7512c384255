#!/bin/sh
# expressions.sh - SPEC section 16 (Expressions, Values) end to end on lines shaped as the
# tools write them: vegeta (`"error": ""` on success), nginx (numbers as strings, the request
# line, a --time-format), Go (`"latency": "15.234ms"`), Cloudflare (duration = the difference
# of two nanosecond epochs) and k6 (metric lines filtered by --where). Every count, error
# rate, avg and p50/p95/p99 is checked against expressions-ref.py, an independent Python
# computation over the same file, never against this program's own output.
. "$(dirname "$0")/setup.sh"
ref="$top_srcdir/tests/e2e/expressions-ref.py"
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }

python3 "$ref" make "$tmpdir"

# check NAME ARGS... : the JSON report of ARGS against the reference NAME.
check() {
	name=$1
	shift
	if ! pr monthly --now 2026-11-01 -f json "$@" "$tmpdir/$name.jsonl" \
	    >"$tmpdir/$name.out" 2>"$tmpdir/$name.err"; then
		fail "$name" "status $? ($(head -c 300 "$tmpdir/$name.err"))"
		return
	fi
	if msg=$(python3 "$ref" check "$tmpdir" "$name" "$tmpdir/$name.out" 2>&1); then
		ok "$name"
	else
		fail "$name" "$msg"
	fi
}

check vegeta --field 'operation_type=method + " " + url' --field duration_ms=latency \
    --duration-unit ns --success 'code >= 200 && code < 400'
check nginx --field timestamp=time_iso8601 --field 'operation_type=path(request)' \
    --field duration_ms=request_time --duration-unit s --success 'status < 500'
check nginx-local --field timestamp=time_local --time-format '%d/%b/%Y:%H:%M:%S %z' \
    --field 'operation_type=path(request)' --field duration_ms=request_time \
    --duration-unit s --success 'status < 500'
check go --field timestamp=time --field 'operation_type=method + " " + path' \
    --field duration_ms=latency --success 'status < 500'
check cloudflare --field timestamp=EdgeStartTimestamp --epoch ns \
    --field operation_type=ClientRequestPath --duration-unit ns \
    --field 'duration_ms=EdgeEndTimestamp - EdgeStartTimestamp' \
    --success 'EdgeResponseStatus < 500'
check k6 --where 'type == "Point" && metric == "http_req_duration"' \
    --field timestamp=data.time --field operation_type=data.tags.name \
    --field duration_ms=data.value --success 'data.tags.expected_response != "false"'
check by-status --field timestamp=time_iso8601 --field 'operation_type=path(request)' \
    --field duration_ms=request_time --duration-unit s --by 'status + ""'

# A bad expression: status 2, the option and the column.
if pr monthly --now 2026-11-01 --where 'code = 200' "$tmpdir/vegeta.jsonl" \
    >/dev/null 2>"$tmpdir/bad.err"; then
	fail bad-expression "status 0"
else
	st=$?
	want="perf-reporter: --where: column 6: '=' is not an operator; compare with '=='"
	if [ "$st" -eq 2 ] && [ "$(head -n 1 "$tmpdir/bad.err")" = "$want" ]; then
		ok bad-expression
	else
		fail bad-expression "status $st: $(cat "$tmpdir/bad.err")"
	fi
fi
if pr monthly --field 'duration_ms=latency *' "$tmpdir/vegeta.jsonl" >/dev/null \
    2>"$tmpdir/bad2.err"; then
	fail bad-field "status 0"
elif grep -q "^perf-reporter: --field duration_ms: column 10: expected an operand" \
    "$tmpdir/bad2.err"; then
	ok bad-field
else
	fail bad-field "$(cat "$tmpdir/bad2.err")"
fi

# --unit LABEL: Markdown says it where it said ms; JSON gains "unit".
pr monthly --now 2026-11-01 --unit MB --field timestamp=time --field 'operation_type=method' \
    --field duration_ms=latency "$tmpdir/go.jsonl" >"$tmpdir/unit.md"
if grep -q '| Avg (MB) |' "$tmpdir/unit.md" && ! grep -q '(ms)' "$tmpdir/unit.md"; then
	ok unit-md
else
	fail unit-md "no 'Avg (MB)' column"
fi
pr monthly --now 2026-11-01 --unit MB -f json --field timestamp=time \
    --field 'operation_type=method' --field duration_ms=latency "$tmpdir/go.jsonl" \
    >"$tmpdir/unit.json"
if python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["unit"] != "MB")' \
    "$tmpdir/unit.json"; then
	ok unit-json
else
	fail unit-json "no \"unit\": \"MB\""
fi

finish
