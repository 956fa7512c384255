#!/bin/sh
# smoke.sh - short fuzzing run for CI: builds the libFuzzer targets with build.sh (when clang
# with libFuzzer is available; otherwise says so and exits 77, automake's "skipped") and runs
# each for FUZZ_SECONDS seconds (default 30) on a copy of its seed corpus in a temporary
# directory, after running it once on each of its saved reproducers in tests/fuzz/crashers
# (<target>-*; FUZZ_SKIP_CRASHERS=1 leaves them out). Any crash, sanitizer report, leak,
# timeout or out-of-memory fails the target; the crashing input and the log are kept in
# FUZZ_KEEP_DIR (default: a directory under /tmp, printed) for tests/fuzz/crashers/. The
# last line is "N passed, N failed".
#
# Usage: tests/fuzz/smoke.sh [TARGET...]     (default: every tests/fuzz/fuzz-*.c)
# Environment:
#   FUZZ_SECONDS   seconds per target (default 30)
#   FUZZ_BUILD_DIR use (and reuse) this build directory instead of a temporary one
#   FUZZ_KEEP_DIR  where failing targets' logs and crash inputs are copied
#   FUZZ_CC, FUZZ_SANITIZE, FUZZ_CFLAGS, FUZZ_SRC   passed on to build.sh
set -u

here=$(cd "$(dirname "$0")" && pwd)
seconds=${FUZZ_SECONDS:-30}
cc=${FUZZ_CC:-clang}

case $seconds in
'' | *[!0-9]*)
	echo "smoke.sh: FUZZ_SECONDS must be a whole number of seconds, not '$seconds'" >&2
	exit 2 ;;
esac

targets=$*
if [ -z "$targets" ]; then
	for f in "$here"/fuzz-*.c; do
		t=${f##*/fuzz-}
		targets="$targets ${t%.c}"
	done
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-smoke.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

skip() {
	echo "smoke.sh: $*; skipping the fuzz smoke test"
	echo "0 passed, 0 failed"
	exit 77
}

# clang, and a clang that can link -fsanitize=fuzzer (the runtime is a separate package on
# some systems).
command -v "$cc" >/dev/null 2>&1 || skip "$cc not found"
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' \
    >"$tmp/probe.c"
"$cc" -fsanitize=fuzzer,address,undefined "$tmp/probe.c" -o "$tmp/probe" >"$tmp/probe.log" 2>&1 ||
	skip "$cc cannot build a libFuzzer target ($(head -n 1 "$tmp/probe.log"))"

build=${FUZZ_BUILD_DIR:-$tmp/build}
echo "smoke.sh: building$(printf ' fuzz-%s' $targets) in $build"
# shellcheck disable=SC2086
if ! "$here/build.sh" "$build" $targets >"$tmp/build.log" 2>&1; then
	cat "$tmp/build.log"
	echo "smoke.sh: build failed"
	echo "0 passed, 1 failed"
	exit 1
fi

keep=${FUZZ_KEEP_DIR:-}
passed=0
failed=0
for t in $targets; do
	work=$tmp/run-$t
	mkdir -p "$work/corpus" "$work/artifacts"
	[ -d "$here/corpus/$t" ] && cp "$here/corpus/$t"/* "$work/corpus/" 2>/dev/null
	case $t in
	pipeline) max_len=65536 ;;
	*) max_len=4096 ;;
	esac
	dict=
	[ -f "$here/jsonl.dict" ] && dict=-dict=$here/jsonl.dict
	# First the saved crashers of this target, once each (regression inputs), then fuzzing.
	rc=0
	: >"$work/log"
	if [ "${FUZZ_SKIP_CRASHERS:-0}" = 0 ]; then
		for c in "$here"/crashers/"$t"-*; do
			[ -f "$c" ] || continue
			if ! (cd "$work" && "$build/fuzz-$t" -timeout=25 "$c") >>"$work/log" 2>&1; then
				rc=1
				echo "    saved crasher ${c##*/} still fails"
				cp "$c" "$work/artifacts/"
			fi
		done
	fi
	if [ "$rc" -eq 0 ]; then
		echo "smoke.sh: fuzz-$t for ${seconds}s"
		(cd "$work" && "$build/fuzz-$t" -max_total_time="$seconds" -max_len="$max_len" \
		    -timeout=25 -rss_limit_mb=2560 -print_final_stats=1 $dict \
		    -artifact_prefix="$work/artifacts/" corpus) >>"$work/log" 2>&1
		rc=$?
	fi
	crashes=$(ls "$work/artifacts" 2>/dev/null | wc -l)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n 1)
	cov=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$work/log" | tail -n 1 | sed 's/.*\(cov: [0-9]*\).*\(ft: [0-9]*\).*/\1 \2/')
	if [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ]; then
		passed=$((passed + 1))
		echo "PASS: fuzz-$t (${runs:-?} runs, ${cov:-no coverage line})"
	else
		failed=$((failed + 1))
		echo "FAIL: fuzz-$t (exit status $rc, $crashes crash file(s))"
		grep -E 'ERROR|runtime error|invariant failed|disagrees|SUMMARY|Test unit written' \
		    "$work/log" | head -n 20 | sed 's/^/    /'
		[ -n "$keep" ] || keep=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-smoke-failed.XXXXXX")
		mkdir -p "$keep/$t"
		cp "$work/log" "$keep/$t/log"
		cp "$work/artifacts"/* "$keep/$t/" 2>/dev/null
		echo "    log and crash inputs kept in $keep/$t"
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
