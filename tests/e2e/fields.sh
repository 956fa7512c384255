#!/bin/sh
# fields.sh - other key names end to end (SPEC section 15): (a) the per-tool report of
# samples/tool-timing.jsonl read with --field operation_type=tool equals the statistics
# python3 computes from the raw JSON (tests/reference/tool-timing-ref.py) within 1e-12
# relative; (b) perf-reporter.json is found in the current directory, --no-config ignores
# it, its relative file names are the project file's, and a bad one is a usage error that
# names the file and the JSON path (while --help still works); (c) the mapped run is byte
# for byte the same with -j 1, -j 4 and --no-fast-path on a larger log.
. "$(dirname "$0")/setup.sh"

log=$top_srcdir/samples/tool-timing.jsonl

# (a)
if command -v python3 >/dev/null 2>&1 && command -v jq >/dev/null 2>&1; then
	python3 "$top_srcdir/tests/reference/tool-timing-ref.py" "$log" 2026-10-02T00:00:00Z \
	    2026-11-01T00:00:00Z 2026-09-02T00:00:00Z >"$tmpdir/ref.tsv"
	st=0
	pr --field operation_type=tool monthly --now 2026-11-01 -f json "$log" >"$tmpdir/out.json" ||
	    st=$?
	[ "$st" = 0 ] && ok ref-run || fail ref-run "status $st"
	jq -r '.operations[] | [.operation, .count, .success, .failed, .avg_ms, .p50_ms, .p95_ms,
	    .p99_ms, .min_ms, .max_ms, .prev_count, (.prev_avg_ms // "")] | @tsv' \
	    "$tmpdir/out.json" >"$tmpdir/got.tsv"
	if [ "$(wc -l <"$tmpdir/ref.tsv")" -eq 7 ] &&
	    paste "$tmpdir/got.tsv" "$tmpdir/ref.tsv" | awk -F'\t' '
		function bad(g, w) { d = g - w; if (d < 0) d = -d; s = w < 0 ? -w : w;
			return d > 1e-12 * s }
		{ if ($1 != $13) { print "row " NR ": " $1 " vs " $13; e = 1 }
		  for (i = 2; i <= 12; i++) if ($i != $(i + 12) && bad($i, $(i + 12))) {
			print $1 " column " i ": " $i " vs " $(i + 12); e = 1 } }
		END { exit e }'; then
		ok reference
	else
		fail reference "perf-reporter and tool-timing-ref.py differ"
	fi
else
	echo "note: python3 or jq not found: reference check skipped"
fi

# (b)
mkdir "$tmpdir/proj" "$tmpdir/proj/ci"
cp "$log" "$tmpdir/proj/tool-timing.jsonl"
cat >"$tmpdir/proj/ci/targets.json" <<'EOT'
{"operations": {"Bash": {"p95_ms": {"target": 1000, "critical": 1700}}}}
EOT
printf '{"field": {"operation_type": "tool"}, "percentiles": [50, 90], "format": "csv"}\n' \
    >"$tmpdir/proj/perf-reporter.json"
cd "$tmpdir/proj"
st=0
pr monthly --now 2026-11-01 tool-timing.jsonl >"$tmpdir/cfg.out" 2>"$tmpdir/cfg.err" || st=$?
if [ "$st" = 0 ] && head -n 1 "$tmpdir/cfg.out" | grep -q '^operation,.*p90_ms' &&
    grep -q '^Read,72,' "$tmpdir/cfg.out" && [ ! -s "$tmpdir/cfg.err" ]; then
	ok found-in-cwd
else
	fail found-in-cwd "status $st: $(head -n 2 "$tmpdir/cfg.out") $(cat "$tmpdir/cfg.err")"
fi
st=0
pr --no-config monthly --now 2026-11-01 tool-timing.jsonl >"$tmpdir/nocfg.out" \
    2>"$tmpdir/nocfg.err" || st=$?
if [ "$st" = 2 ] && grep -q 'no line is a valid record (420 malformed lines: 420 like .*operation_type is missing' \
    "$tmpdir/nocfg.err"; then
	ok no-config
else
	fail no-config "status $st: $(cat "$tmpdir/nocfg.err")"
fi
# The targets file named in ci/perf.json is ci/targets.json, from any directory.
printf '{"field": {"operation_type": "tool"}, "targets": "targets.json", "format": "csv"}\n' \
    >"$tmpdir/proj/ci/perf.json"
st=0
(cd / && pr --config "$tmpdir/proj/ci/perf.json" monthly --now 2026-11-01 \
    "$tmpdir/proj/tool-timing.jsonl") >"$tmpdir/tg.out" 2>"$tmpdir/tg.err" || st=$?
if [ "$st" = 0 ] && grep -q '^Bash,.*,critical$' "$tmpdir/tg.out"; then
	ok relative-targets
else
	fail relative-targets "status $st: $(cat "$tmpdir/tg.err")"
fi
printf '{"top": "ten"}\n' >"$tmpdir/proj/perf-reporter.json"
st=0
pr monthly tool-timing.jsonl >/dev/null 2>"$tmpdir/bad.err" || st=$?
if [ "$st" = 2 ] && head -n 1 "$tmpdir/bad.err" | grep -qx \
    "perf-reporter: perf-reporter.json: .top: --top must be a whole number, 0 or more (got 'ten')"; then
	ok bad-file
else
	fail bad-file "status $st: $(cat "$tmpdir/bad.err")"
fi
st=0
pr --help >/dev/null 2>&1 || st=$?
[ "$st" = 0 ] && ok help-despite-bad-file || fail help-despite-bad-file "status $st"
cd "$top_srcdir"

# (c) 20 copies of the sample (8 400 lines), epoch start times, mapped keys.
awk '{ for (i = 0; i < 20; i++) print }' "$log" >"$tmpdir/big.jsonl"
set -- --field operation_type=tool --field timestamp=start_time --epoch ms \
    --field session_id=call_id trends --now 2026-11-01 -f csv "$tmpdir/big.jsonl"
pr -j 1 "$@" >"$tmpdir/j1" 2>&1
pr -j 4 "$@" >"$tmpdir/j4" 2>&1
pr -j 1 --no-fast-path "$@" >"$tmpdir/slow" 2>&1
PERF_REPORTER_CHUNK_BYTES=113 pr -j 3 "$@" >"$tmpdir/chunks" 2>&1
if cmp -s "$tmpdir/j1" "$tmpdir/j4" && cmp -s "$tmpdir/j1" "$tmpdir/slow" &&
    cmp -s "$tmpdir/j1" "$tmpdir/chunks" && grep -q '^Read,2820,' "$tmpdir/j1"; then
	ok jobs-and-paths-agree
else
	fail jobs-and-paths-agree "$(diff "$tmpdir/j1" "$tmpdir/slow" | head -5)"
fi
finish
