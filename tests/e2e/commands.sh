#!/bin/sh
# commands.sh - every command reads through the one loader (src/load.c): export selects
# with --op as the reports do (a bracket glob included), over the same window and with the
# same -j; the command table gives the commands' names to the messages.
. "$(dirname "$0")/setup.sh"

log=$top_srcdir/samples/degradation.jsonl
since=2026-01-01
until=2027-01-01

# ops_of_report FILE: "name count" per operation of a JSON report, sorted.
ops_of_report() {
	awk '/^  "operations": \[/ { on = 1; next }
	    on && /^  \]/ { on = 0 }
	    on && /^      "operation": / { split($0, q, "\""); name = q[4] }
	    on && /^      "count": / { c = $2; sub(",", "", c); print name, c }' "$1" | sort
}
# ops_of_export FILE: "name count" per operation of JSON Lines records, sorted.
ops_of_export() {
	sed -n 's/.*"operation_type":"\([^"]*\)".*/\1/p' "$1" | sort | uniq -c |
	    awk '{print $2, $1}'
}

# (a) export --op '[lt]*' exports the records of the operations report --op '[lt]*' finds.
for pat in '[lt]*' 'llm_call' '*_*' 'tool_exe?'; do
	pr report --since $since --until $until --op "$pat" -f json "$log" \
	    >"$tmpdir/report.json" 2>"$tmpdir/err"
	pr export --since $since --until $until --op "$pat" -f jsonl "$log" \
	    >"$tmpdir/export.jsonl" 2>>"$tmpdir/err"
	ops_of_report "$tmpdir/report.json" >"$tmpdir/want"
	ops_of_export "$tmpdir/export.jsonl" >"$tmpdir/got"
	if [ -s "$tmpdir/want" ] && cmp -s "$tmpdir/want" "$tmpdir/got"; then
		ok "export --op $pat"
	else
		fail "export --op $pat" "report finds $(tr '\n' ' ' <"$tmpdir/want"), export \
wrote $(tr '\n' ' ' <"$tmpdir/got")"
	fi
done

# (b) The same bytes with one thread and with three (the loader's parts), with a glob.
for f in csv json jsonl; do
	pr export --op '[lt]*' -f $f -j 1 "$log" >"$tmpdir/j1"
	PERF_REPORTER_CHUNK_BYTES=4096 pr export --op '[lt]*' -f $f -j 3 "$log" >"$tmpdir/j3"
	if [ -s "$tmpdir/j1" ] && cmp -s "$tmpdir/j1" "$tmpdir/j3"; then
		ok "export -j 3 -f $f"
	else
		fail "export -j 3 -f $f" "-j 1 and -j 3 differ"
	fi
done

# (c) --now latest --days: the window the reports use (just past the newest valid record
# of the input, SPEC section 3, whichever operation it is), with the pattern applied.
for case in "degradation.jsonl [lt]*" "basic.jsonl web_fetch"; do
	in=$top_srcdir/samples/${case%% *}
	pat=${case#* }
	pr export --now latest --days 2 --op "$pat" -f jsonl "$in" >"$tmpdir/latest.jsonl"
	pr trends --now latest --days 2 --op "$pat" -f json "$in" >"$tmpdir/latest.json"
	ops_of_report "$tmpdir/latest.json" >"$tmpdir/want"
	ops_of_export "$tmpdir/latest.jsonl" >"$tmpdir/got"
	if [ -s "$tmpdir/want" ] && cmp -s "$tmpdir/want" "$tmpdir/got"; then
		ok "export --now latest --days 2 --op $pat"
	else
		fail "export --now latest --days 2 --op $pat" "trends finds $(tr '\n' ' ' \
<"$tmpdir/want"), export wrote $(tr '\n' ' ' <"$tmpdir/got")"
	fi
done

# (d) The command table names the commands in the messages.
if pr nosuchcommand 2>"$tmpdir/err"; then
	fail "unknown command" "status 0"
elif grep -q \
    "the commands are weekly, monthly, trends, report, export, compare, summarize, changes and formats" \
    "$tmpdir/err"; then
	ok "unknown command"
else
	fail "unknown command" "$(cat "$tmpdir/err")"
fi
if pr weekly --days 3 "$log" >/dev/null 2>"$tmpdir/err"; then
	fail "--days with weekly" "status 0"
elif grep -q -- "--days applies only to trends, export, compare and changes, not weekly" \
    "$tmpdir/err"; then
	ok "--days with weekly"
else
	fail "--days with weekly" "$(cat "$tmpdir/err")"
fi
# usage_is NAME MESSAGE ARGS...: status 2 and MESSAGE on standard error.
usage_is() {
	name=$1 want=$2
	shift 2
	st=0
	pr "$@" </dev/null >/dev/null 2>"$tmpdir/err" || st=$?
	if [ "$st" -eq 2 ] && grep -qF -- "$want" "$tmpdir/err"; then
		ok "$name"
	else
		fail "$name" "status $st: $(cat "$tmpdir/err")"
	fi
}
usage_is "--since with monthly" \
    "--since applies only to report, export, compare and changes, not monthly" \
    monthly --since 2026-01-01
usage_is "report without --since" "report needs --since T, the start of its window" report
usage_is "--bucket with weekly" "--bucket applies only to trends and changes, not weekly" \
    weekly --bucket week
usage_is "--charts with export" "--charts applies only to --format md, term and html, not csv" \
    export --charts 3 "$log"
usage_is "--charts with compare" "--charts does not apply to compare" \
    compare --charts 3 "$log" "$log"
usage_is "--by with export" "--by and --explain do not apply to export" export --by session_id
usage_is "--targets with compare" "--targets does not apply to compare, which compares its \
two inputs; give the baseline as compare's BASE" compare --targets x "$log" "$log"
usage_is "--regress-pct with weekly" "--regress-pct applies only with --baseline FILE or to \
compare" weekly --regress-pct 3
usage_is "--alpha with export" "--alpha does not apply to export, which makes no report to \
check" export --alpha 0.1
usage_is "export -f md" "export does not write md; it writes csv, json, jsonl or xlsx (--format)" \
    export -f md
usage_is "compare -f html" "compare does not write html; it writes md, term, csv or json" \
    compare -f html "$log" "$log"

# (e) A read that fails with a moving window held back: status 2, nothing written, and
# (under the sanitizer build, where a leak changes the status) nothing left allocated.
printf '%s\n' '{"timestamp":"2026-10-20T00:00:00Z","operation_type":"a","duration_ms":1}' \
    'not json' >"$tmpdir/bad.jsonl"
st=0
pr export --strict --now latest --days 3 -f jsonl "$tmpdir/bad.jsonl" >"$tmpdir/out" \
    2>"$tmpdir/err" || st=$?
if [ "$st" -eq 2 ] && [ ! -s "$tmpdir/out" ]; then
	ok "export --strict --now latest"
else
	fail "export --strict --now latest" "status $st, $(wc -c <"$tmpdir/out") bytes out"
fi

finish
