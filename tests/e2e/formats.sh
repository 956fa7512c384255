#!/bin/sh
# formats.sh - SPEC section 16, "Formats" and "Finding the format": the real logs kept in
# tests/data/formats (k6, vegeta and Traefik samples from public repositories, and Caddy,
# nginx and go test -json logs the tools wrote; SOURCES says where each comes from), each
# read with --log-format NAME and with no option (detection, with its note) and checked
# against formats-ref.py (formats-lib.sh); then detection per source (standard input,
# gzip, mixed tools, -j 2), a format the command line does not go with, detection off
# beside a mapping option, an unknown name, format files of one's own (also named by the
# project file), a bad one, and `perf-reporter formats`. Live servers and go test:
# formats-caddy.sh, formats-nginx.sh, formats-go.sh.
. "$(dirname "$0")/formats-lib.sh"

# ---- the samples of tools no package provides, and the logs the README reads -----------
for name in k6 vegeta traefik; do
	check "$name" "$data/$name.jsonl"
done
check caddy "$data/caddy.jsonl" kept
check nginx "$data/nginx.jsonl" kept
check go-test "$data/go-test.json" kept

# ---- formats that do not fit, a wrong name, a format file of one's own ------------------
# perf-reporter's own records are not detected as anything (no note).
printf '%s\n' '{"timestamp":"2026-10-01T00:00:00Z","operation_type":"a","duration_ms":1}' \
    >"$tmpdir/own.jsonl"
pr export "$tmpdir/own.jsonl" >/dev/null 2>"$tmpdir/own.err"
if [ -s "$tmpdir/own.err" ]; then
	fail own-records "a note on our own records: $(cat "$tmpdir/own.err")"
else
	ok own-records
fi
# Each source on its own, whatever reads it: standard input, gzip, two tools' logs and our
# own records together, by one thread or by two over small chunks; the same records.
pr export -f jsonl --log-format k6 "$data/k6.jsonl" >"$tmpdir/k6.want"
pr export -f jsonl --log-format vegeta "$data/vegeta.jsonl" >"$tmpdir/vegeta.want"
pr export -f jsonl "$tmpdir/own.jsonl" >"$tmpdir/own.want"
cat "$tmpdir/k6.want" "$tmpdir/vegeta.want" "$tmpdir/own.want" >"$tmpdir/mixed.want"
gzip -c "$data/vegeta.jsonl" >"$tmpdir/vegeta.jsonl.gz"
for how in stdin gzip mixed mixed-j2; do
	case $how in
	stdin) pr export -f jsonl - <"$data/k6.jsonl" >"$tmpdir/$how.got" 2>"$tmpdir/$how.err"
		want=k6 note="<stdin>: read as k6 output" ;;
	gzip) pr export -f jsonl "$tmpdir/vegeta.jsonl.gz" >"$tmpdir/$how.got" 2>"$tmpdir/$how.err"
		want=vegeta note="vegeta.jsonl.gz: read as vegeta output" ;;
	mixed) pr export -f jsonl -j 1 "$data/k6.jsonl" "$data/vegeta.jsonl" "$tmpdir/own.jsonl" \
		    >"$tmpdir/$how.got" 2>"$tmpdir/$how.err"
		want=mixed note="vegeta.jsonl: read as vegeta output" ;;
	mixed-j2) PERF_REPORTER_CHUNK_BYTES=700 pr export -f jsonl -j 2 "$data/k6.jsonl" \
		    "$data/vegeta.jsonl" "$tmpdir/own.jsonl" >"$tmpdir/$how.got" 2>"$tmpdir/$how.err"
		want=mixed note="k6.jsonl: read as k6 output" ;;
	esac
	if cmp -s "$tmpdir/$want.want" "$tmpdir/$how.got" && grep -qF "$note" "$tmpdir/$how.err"
	then
		ok "detect-$how"
	else
		fail "detect-$how" "$(diff "$tmpdir/$want.want" "$tmpdir/$how.got" | head -n 5) $(cat "$tmpdir/$how.err")"
	fi
done
# A format the rest of the command line does not go with is left out of detection, not an
# error on a log that needs no format (--by data beside k6's data.tags.name).
if pr monthly --now 2026-10-02 --by data "$tmpdir/own.jsonl" >/dev/null 2>"$tmpdir/by.err"
then
	ok detect-by-data
else
	fail detect-by-data "$(cat "$tmpdir/by.err")"
fi
# A mapping option turns detection off: the k6 sample is then unreadable.
if pr export --where 'true' "$data/k6.jsonl" >/dev/null 2>"$tmpdir/off.err"; then
	fail detection-off "status 0 with --where"
elif grep -q "read as" "$tmpdir/off.err"; then
	fail detection-off "detected despite --where: $(cat "$tmpdir/off.err")"
else
	ok detection-off
fi
# No format reads it: unreadable, status 2.
printf '{"a":1}\n{"b":2}\n' >"$tmpdir/none.jsonl"
if pr export "$tmpdir/none.jsonl" >/dev/null 2>"$tmpdir/none.err"; then
	fail no-format "status 0"
elif [ $? -eq 2 ] && grep -q "no line is a valid record" "$tmpdir/none.err"; then
	ok no-format
else
	fail no-format "$(cat "$tmpdir/none.err")"
fi
# An unknown name: status 2, the names listed in the table's order.
if pr --log-format k7 export "$data/k6.jsonl" >/dev/null 2>"$tmpdir/k7.err"; then
	fail unknown-name "status 0"
elif [ $? -eq 2 ] && grep -q "unknown format 'k7'; the formats are perf-reporter, k6, vegeta, caddy, traefik, nginx, go-test" "$tmpdir/k7.err"; then
	ok unknown-name
else
	fail unknown-name "$(cat "$tmpdir/k7.err")"
fi
# A file of one's own; the command line wins over it (--duration-unit).
cat >"$tmpdir/mine.json" <<'EOF'
{"description": "vegeta, in microseconds", "field": {"operation_type": "method",
 "duration_ms": "latency"}, "duration-unit": "us", "success": "code < 400"}
EOF
pr export -f jsonl --log-format "$tmpdir/mine.json" "$data/vegeta.jsonl" >"$tmpdir/mine.out"
pr export -f jsonl --log-format "$tmpdir/mine.json" --duration-unit ns "$data/vegeta.jsonl" \
    >"$tmpdir/mine-ns.out"
if [ "$(sed -n '1s/.*"duration_ms":\([^,]*\),.*/\1/p' "$tmpdir/mine.out")" = 1500 ] &&
    [ "$(sed -n '1s/.*"duration_ms":\([^,]*\),.*/\1/p' "$tmpdir/mine-ns.out")" = 1.5 ] &&
    grep -q '"operation_type":"POST"' "$tmpdir/mine.out"; then
	ok own-format-file
else
	fail own-format-file "$(head -n 2 "$tmpdir/mine.out" "$tmpdir/mine-ns.out")"
fi
# The project file may name the format (a file of one's own relative to it); the command
# line's --log-format wins over it; a value that is no string is an error.
mkdir -p "$tmpdir/proj"
cp "$tmpdir/mine.json" "$tmpdir/proj/mine.json"
printf '{"log-format": "mine.json"}\n' >"$tmpdir/proj/perf-reporter.json"
pr export -f jsonl --config "$tmpdir/proj/perf-reporter.json" "$data/vegeta.jsonl" \
    >"$tmpdir/proj.out"
pr export -f jsonl --config "$tmpdir/proj/perf-reporter.json" --log-format vegeta \
    "$data/vegeta.jsonl" >"$tmpdir/proj-cl.out"
printf '{"log-format": 6}\n' >"$tmpdir/proj/bad.json"
if cmp -s "$tmpdir/mine.out" "$tmpdir/proj.out" && cmp -s "$tmpdir/vegeta.want" "$tmpdir/proj-cl.out" &&
    ! pr export --config "$tmpdir/proj/bad.json" "$data/vegeta.jsonl" >/dev/null 2>&1; then
	ok project-file-format
else
	fail project-file-format "$(head -n 1 "$tmpdir/proj.out" "$tmpdir/proj-cl.out")"
fi
# A bad format file: FILE: .KEY: what is wrong, status 2.
printf '{"field": {"duration_ms": 5}}\n' >"$tmpdir/bad.json"
if pr export --log-format "$tmpdir/bad.json" "$data/vegeta.jsonl" >/dev/null \
    2>"$tmpdir/bad.err"; then
	fail bad-format-file "status 0"
elif [ $? -eq 2 ] && grep -q "^perf-reporter: $tmpdir/bad.json: .field: " "$tmpdir/bad.err"; then
	ok bad-format-file
else
	fail bad-format-file "$(cat "$tmpdir/bad.err")"
fi
# perf-reporter formats -f json: every file of the directory, in the table's order.
pr formats -f json >"$tmpdir/formats.json"
got=$(python3 -c 'import json, sys; print(" ".join(f["name"] for f in json.load(open(sys.argv[1]))["formats"]))' \
    "$tmpdir/formats.json")
case $got in
"perf-reporter k6 vegeta caddy traefik nginx go-test"*) ok formats-list ;;
*) fail formats-list "$got" ;;
esac

# A program run from its build tree, not installed and without PERF_REPORTER_FORMATS_DIR,
# finds the tree's formats/ beside it (when the installed directory does not exist; a
# VPATH build, as in distcheck, has no formats/ beside the program: not checked there).
if [ -d "$(dirname "$PERF_REPORTER")/formats" ]; then
	if env -u PERF_REPORTER_FORMATS_DIR "$PERF_REPORTER" formats 2>"$tmpdir/beside.err" |
	    grep -q '^vegeta '; then
		ok formats-beside-program
	else
		fail formats-beside-program "no vegeta listed: $(cat "$tmpdir/beside.err")"
	fi
fi

finish
