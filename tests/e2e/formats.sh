#!/bin/sh
# formats.sh - SPEC section 16, "Formats" and "Finding the format", on real files: logs
# written inside the test by a real Caddy and a real nginx (on 127.0.0.1, hit by curl) and by
# a real `go test -json`, and the samples of k6, vegeta and Traefik output kept in
# tests/data/formats (SOURCES names where each comes from). Each is read with
# --log-format NAME and with no option at all (detection, with its note on standard error);
# the lines, records, malformed and filtered lines, and every operation's count, error rate
# and p50/p95/p99 are checked against formats-ref.py, which reads the tool's fields itself.
# A part whose tool is missing is skipped; with none of them, the script exits 77.
. "$(dirname "$0")/setup.sh"
ref="$top_srcdir/tests/e2e/formats-ref.py"
data="$top_srcdir/tests/data/formats"
: "${PERF_REPORTER_FORMATS_DIR:=$top_srcdir/formats}"
export PERF_REPORTER_FORMATS_DIR
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
ran=0

# check NAME LOG [LABEL]: LOG read as NAME, by --log-format NAME and by detection.
check() {
	name=$1 log=$2
	ran=$((ran + 1))
	for how in named${3:+-$3} found${3:+-$3}; do
		set -- report --since 1970-01-01 --until 2100-01-01 -f json
		case $how in named*) set -- "$@" --log-format "$name" ;; esac
		if ! pr "$@" "$log" >"$tmpdir/$name.$how.json" 2>"$tmpdir/$name.$how.err"; then
			fail "$name-$how" "status $? ($(head -c 300 "$tmpdir/$name.$how.err"))"
			continue
		fi
		if msg=$(python3 "$ref" check "$name" "$log" "$tmpdir/$name.$how.json" 2>&1); then
			ok "$name-$how"
		else
			fail "$name-$how" "$msg"
		fi
		note="perf-reporter: $log: read as $name output (--log-format $name)"
		case $how in
		named*) grep -q "read as" "$tmpdir/$name.$how.err" && note=none ;;
		*) grep -qxF "$note" "$tmpdir/$name.$how.err" || note=missing ;;
		esac
		if [ "$note" = none ]; then
			fail "$name-$how-note" "a note with --log-format: $(cat "$tmpdir/$name.$how.err")"
		elif [ "$note" = missing ]; then
			fail "$name-$how-note" "no note 'read as $name output' in: $(cat "$tmpdir/$name.$how.err")"
		else
			ok "$name-$how-note"
		fi
	done
}

# A free TCP port on 127.0.0.1.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_up URL: until the server answers (10 s at most).
wait_up() {
	i=0
	while ! curl -s -o /dev/null "$1"; do
		i=$((i + 1))
		[ "$i" -lt 100 ] || return 1
		sleep 0.1
	done
}

# hit BASE: the requests every server gets: successes (with query strings), server errors,
# client errors, slower answers; the same paths several times.
hit() {
	for i in 1 2 3 4 5 6; do
		curl -s -o /dev/null "$1/ok?i=$i"
		curl -s -o /dev/null -X POST "$1/fail"
		curl -s -o /dev/null "$1/missing"
		curl -s -o /dev/null "$1/big/a?n=$i"
		curl -s -o /dev/null "$1/big/b"
	done
}

# ---- Caddy: its JSON access log, to a file -----------------------------------------
if command -v caddy >/dev/null 2>&1 && command -v curl >/dev/null 2>&1; then
	port=$(free_port)
	mkdir -p "$tmpdir/caddy/www/big"
	head -c 300000 /dev/zero >"$tmpdir/caddy/www/big/a"
	head -c 900000 /dev/zero >"$tmpdir/caddy/www/big/b"
	cat >"$tmpdir/caddy/Caddyfile" <<EOF
{
	admin off
	auto_https off
}
http://127.0.0.1:$port {
	log {
		output file $tmpdir/caddy.log
		format json
	}
	root * $tmpdir/caddy/www
	respond /ok "ok" 200
	respond /fail "boom" 500
	file_server /big/*
	respond "not here" 404
}
EOF
	HOME=$tmpdir/caddy XDG_DATA_HOME=$tmpdir/caddy XDG_CONFIG_HOME=$tmpdir/caddy \
	    caddy run --config "$tmpdir/caddy/Caddyfile" --adapter caddyfile \
	    >"$tmpdir/caddy.out" 2>&1 &
	caddy_pid=$!
	if wait_up "http://127.0.0.1:$port/ok"; then
		hit "http://127.0.0.1:$port"
		kill "$caddy_pid"
		wait "$caddy_pid" || true
		check caddy "$tmpdir/caddy.log"
	else
		kill "$caddy_pid" 2>/dev/null || true
		fail caddy "Caddy did not start: $(tail -n 3 "$tmpdir/caddy.out")"
	fi
else
	echo "caddy or curl not found: Caddy skipped"
fi

# ---- nginx: log_format ... escape=json, run by this user under a prefix of its own -----
if command -v nginx >/dev/null 2>&1 && command -v curl >/dev/null 2>&1; then
	port=$(free_port)
	n=$tmpdir/nginx
	mkdir -p "$n/logs" "$n/www/big" "$n/tmp"
	head -c 300000 /dev/zero >"$n/www/big/a"
	head -c 900000 /dev/zero >"$n/www/big/b"
	cat >"$n/nginx.conf" <<EOF
daemon off;
master_process off;
pid $n/nginx.pid;
error_log $n/logs/error.log;
events {}
http {
	client_body_temp_path $n/tmp/body;
	proxy_temp_path $n/tmp/proxy;
	fastcgi_temp_path $n/tmp/fastcgi;
	uwsgi_temp_path $n/tmp/uwsgi;
	scgi_temp_path $n/tmp/scgi;
	log_format perf escape=json '{"time_iso8601":"\$time_iso8601","request":"\$request",'
	    '"status":"\$status","request_time":"\$request_time","bytes":\$bytes_sent}';
	server {
		listen 127.0.0.1:$port;
		access_log $tmpdir/nginx.log perf;
		root $n/www;
		location = /ok { return 200 "ok\n"; }
		location = /fail { return 503; }
		location /big/ { limit_rate 4m; }
	}
}
EOF
	nginx -p "$n" -c "$n/nginx.conf" -e "$n/logs/error.log" >"$tmpdir/nginx.out" 2>&1 &
	nginx_pid=$!
	if wait_up "http://127.0.0.1:$port/ok"; then
		hit "http://127.0.0.1:$port"
		kill "$nginx_pid"
		wait "$nginx_pid" || true
		check nginx "$tmpdir/nginx.log"
	else
		kill "$nginx_pid" 2>/dev/null || true
		fail nginx "nginx did not start: $(tail -n 3 "$tmpdir/nginx.out" "$n/logs/error.log")"
	fi
else
	echo "nginx or curl not found: nginx skipped"
fi

# ---- go test -json: a package with passing, failing and slower tests, offline ---------
if command -v go >/dev/null 2>&1; then
	g=$tmpdir/gotest
	mkdir -p "$g/m"
	printf 'module example.com/m\n\ngo 1.18\n' >"$g/m/go.mod"
	cat >"$g/m/m_test.go" <<'EOF'
package m

import (
	"testing"
	"time"
)

func TestQuick(t *testing.T) {}

func TestSleeps(t *testing.T) {
	for _, d := range []int{5, 20, 40} {
		time.Sleep(time.Duration(d) * time.Millisecond)
	}
}

func TestFails(t *testing.T) {
	time.Sleep(15 * time.Millisecond)
	t.Fatal("as it should")
}

func TestSub(t *testing.T) {
	t.Run("a", func(t *testing.T) { time.Sleep(10 * time.Millisecond) })
	t.Run("b", func(t *testing.T) { time.Sleep(30 * time.Millisecond) })
}
EOF
	(cd "$g/m" && GOFLAGS=-mod=mod GOPROXY=off GOCACHE="$g/cache" GOPATH="$g/path" \
	    GOTOOLCHAIN=local HOME="$g" go test -count=3 -json ./... >"$tmpdir/go-test.json" \
	    2>"$tmpdir/go-test.err") || true
	if grep -q '"Action":"fail"' "$tmpdir/go-test.json"; then
		check go-test "$tmpdir/go-test.json"
	else
		fail go-test "go test -json wrote no result: $(head -c 300 "$tmpdir/go-test.err")"
	fi
	chmod -R u+w "$g" 2>/dev/null || true # the module cache is read-only
else
	echo "go not found: go test -json skipped"
fi

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

[ "$ran" -gt 0 ] || { echo "no tool and no sample: skipped"; exit 77; }
finish
