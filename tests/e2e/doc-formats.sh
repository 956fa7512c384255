#!/bin/sh
# doc-formats.sh - the document formats of SPEC section 16 (chrome-trace, otlp, hyperfine,
# pytest-benchmark) on files the real tools write inside the test: hyperfine --export-json
# on two trivial commands, pytest --benchmark-json and a run saved with
# --benchmark-save-data, Chromium's own startup trace (--trace-startup, JSON), and OTLP/JSON
# that the OpenTelemetry JS SDK posts to a capture server on 127.0.0.1
# (tests/e2e/otlp-capture.cjs). Each is read with the options its format file
# (formats/NAME.json) stands for (tests/e2e/format-args.py: until --log-format reads the
# files itself), with --log-format NAME, and with nothing (finding the format, whose note
# standard error must hold) by compare, which reads logs whole; the count, error rate and p50/p95/p99
# of every operation are checked against doc-formats-ref.py, which reads the tools' own
# layout with Python's json module. A tool that is missing skips its part; with none of
# them, the test skips (77).
. "$(dirname "$0")/setup.sh"
ref="$top_srcdir/tests/e2e/doc-formats-ref.py"
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
ran=0

# check FORMAT FILE [MIN]: compare FILE FILE with the format's options, against the reference.
check() {
	name=$1
	file=$2
	min=${3:-1}
	args=$(python3 "$top_srcdir/tests/e2e/format-args.py" "$top_srcdir/formats/$name.json")
	old_ifs=$IFS
	IFS='
'
	# shellcheck disable=SC2086
	set -- $args
	IFS=$old_ifs
	if ! pr compare -f json "$@" "$file" "$file" >"$tmpdir/$name.out" 2>"$tmpdir/$name.err"; then
		fail "$name" "status $? ($(head -c 400 "$tmpdir/$name.err"))"
		return
	fi
	if msg=$(python3 "$ref" "$name" "$file" "$tmpdir/$name.out" "$min" 2>&1); then
		ok "$name"
	else
		fail "$name" "$msg"
	fi
	# --log-format NAME, and nothing at all (finding the format, with its note), give
	# the same numbers, checked against the reference too.
	for how in log-format detect; do
		if [ "$how" = log-format ]; then
			set -- --log-format "$name"
		else
			set --
		fi
		if ! pr compare -f json "$@" "$file" "$file" >"$tmpdir/$name-$how.out" \
		    2>"$tmpdir/$name-$how.err"; then
			fail "$name ($how)" "status $? ($(head -c 400 "$tmpdir/$name-$how.err"))"
			continue
		fi
		if ! msg=$(python3 "$ref" "$name" "$file" "$tmpdir/$name-$how.out" "$min" 2>&1); then
			fail "$name ($how)" "$msg"
		elif [ "$how" = detect ] && ! grep -qF "perf-reporter: $file: read as $name output (--log-format $name)" \
		    "$tmpdir/$name-$how.err"; then
			fail "$name ($how)" "no note on standard error: $(head -c 400 "$tmpdir/$name-$how.err")"
		elif [ "$how" = log-format ] && [ -s "$tmpdir/$name-$how.err" ]; then
			fail "$name ($how)" "standard error: $(head -c 400 "$tmpdir/$name-$how.err")"
		else
			ok "$name ($how)"
		fi
	done
}

# hyperfine: two trivial commands, a few runs, one of them failing now and then (exit 1
# on every other run: --ignore-failure keeps its times and exit codes).
if command -v hyperfine >/dev/null 2>&1; then
	ran=1
	cnt="$tmpdir/hf-count"
	echo 0 >"$cnt"
	hyperfine -N --runs 6 --warmup 1 --ignore-failure --export-json "$tmpdir/hf.json" \
	    'true' "sh -c 'n=\$(cat $cnt); echo \$((n + 1)) > $cnt; exit \$((n % 2))'" \
	    >/dev/null 2>&1 || true
	if [ -s "$tmpdir/hf.json" ]; then
		check hyperfine "$tmpdir/hf.json" 12
		# Timeless: a windowed command says the input has no times.
		if pr weekly --jq "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["jq"])' \
		    "$top_srcdir/formats/hyperfine.json")" "$tmpdir/hf.json" >/dev/null \
		    2>"$tmpdir/hf-weekly.err"; then
			fail "hyperfine weekly" "status 0 over timeless records"
		elif grep -q 'has no times' "$tmpdir/hf-weekly.err"; then
			ok "hyperfine weekly"
		else
			fail "hyperfine weekly" "$(cat "$tmpdir/hf-weekly.err")"
		fi
	else
		fail hyperfine "hyperfine wrote no file"
	fi
else
	echo "hyperfine not found: its part skipped"
fi

# pytest-benchmark: --benchmark-json, and a run saved with --benchmark-save-data.
pyb=
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import pytest, pytest_benchmark' >/dev/null 2>&1; then
		pyb=$py
		break
	fi
done
if [ -n "$pyb" ]; then
	ran=1
	mkdir "$tmpdir/pt"
	cat >"$tmpdir/pt/test_sums.py" <<'PY'
def total(n):
    return sum(range(n))


def test_small(benchmark):
    benchmark.pedantic(total, args=(100,), rounds=25, iterations=1)


def test_large(benchmark):
    benchmark.pedantic(total, args=(20000,), rounds=12, iterations=2)
PY
	(cd "$tmpdir/pt" && "$pyb" -m pytest -q -p no:cacheprovider \
	    --benchmark-json="$tmpdir/pt.json" --benchmark-storage="$tmpdir/pt/store" \
	    --benchmark-save=run --benchmark-save-data test_sums.py >"$tmpdir/pt.log" 2>&1) ||
		fail pytest-benchmark "pytest failed: $(tail -n 3 "$tmpdir/pt.log")"
	if [ -s "$tmpdir/pt.json" ]; then
		check pytest-benchmark "$tmpdir/pt.json" 37
		saved=$(find "$tmpdir/pt/store" -name '*run.json' | head -n 1)
		if [ -n "$saved" ]; then
			check pytest-benchmark "$saved" 37
		else
			fail "pytest-benchmark saved" "no saved run under $tmpdir/pt/store"
		fi
	fi
else
	echo "pytest with pytest-benchmark not found: its part skipped"
fi

# Chromium's own startup trace, in JSON (its default is Perfetto's protobuf).
chrome=
for c in chromium chromium-browser google-chrome; do
	if command -v "$c" >/dev/null 2>&1; then
		chrome=$c
		break
	fi
done
if [ -n "$chrome" ]; then
	timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --no-first-run \
	    --user-data-dir="$tmpdir/chrome-profile" --trace-startup='*' \
	    --trace-startup-format=json --trace-startup-file="$tmpdir/chrome.json" \
	    --trace-startup-duration=2 --dump-dom 'data:text/html,<p>perf-reporter</p>' \
	    >/dev/null 2>&1 || true
	if [ -s "$tmpdir/chrome.json" ] && [ "$(head -c 1 "$tmpdir/chrome.json")" = '{' ]; then
		ran=1
		check chrome-trace "$tmpdir/chrome.json" 100
	else
		echo "$chrome wrote no JSON trace: its part skipped"
	fi
else
	echo "chromium not found: its part skipped"
fi

# OTLP/JSON from the OpenTelemetry JS SDK (npm), cached under tests/e2e/.otel.
otel="$top_srcdir/tests/e2e/.otel"
if command -v node >/dev/null 2>&1 && [ ! -d "$otel/node_modules/@opentelemetry/sdk-trace-base" ] &&
    command -v npm >/dev/null 2>&1; then
	npm install --prefix "$otel" --no-save --no-package-lock --no-audit --no-fund \
	    @opentelemetry/sdk-trace-base@2.12.1 @opentelemetry/exporter-trace-otlp-http@0.223.1 \
	    @opentelemetry/resources@2.12.1 >/dev/null 2>&1 || true
fi
if command -v node >/dev/null 2>&1 && [ -d "$otel/node_modules/@opentelemetry/sdk-trace-base" ]; then
	ran=1
	if NODE_PATH="$otel/node_modules" timeout 120 node "$top_srcdir/tests/e2e/otlp-capture.cjs" \
	    "$tmpdir/otlp.jsonl" 60 >"$tmpdir/otlp.log" 2>&1 && [ -s "$tmpdir/otlp.jsonl" ]; then
		check otlp "$tmpdir/otlp.jsonl" 60
		# Pretty-printed, the same requests read the same (a stream of values).
		python3 -c 'import json,sys
for l in open(sys.argv[1]):
    print(json.dumps(json.loads(l), indent=2))' "$tmpdir/otlp.jsonl" >"$tmpdir/otlp-pretty.json"
		check otlp "$tmpdir/otlp-pretty.json" 60
	else
		fail otlp "the SDK wrote nothing: $(tail -n 3 "$tmpdir/otlp.log")"
	fi
else
	echo "node with @opentelemetry/sdk-trace-base not found: its part skipped"
fi

[ "$ran" -eq 1 ] || { echo "no tool of the document formats found: skipped"; exit 77; }
finish
