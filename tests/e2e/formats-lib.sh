# formats-lib.sh - sourced by the formats tests (formats.sh and formats-caddy.sh,
# formats-nginx.sh, formats-go.sh, one per real tool): setup.sh, the format directory of
# the source tree, and check, which reads a log with --log-format NAME and with no option
# (detection, with its note) and checks the JSON report against formats-ref.py, an
# independent reading of the tool's fields (counts, error rates, p50/p95/p99 within 1e-9).
. "$(dirname "$0")/setup.sh"
ref="$top_srcdir/tests/e2e/formats-ref.py"
data="$top_srcdir/tests/data/formats"
: "${PERF_REPORTER_FORMATS_DIR:=$top_srcdir/formats}"
export PERF_REPORTER_FORMATS_DIR
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }

# check NAME LOG [LABEL]: LOG read as NAME, by --log-format NAME and by detection.
check() {
	name=$1 log=$2
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
