# setup.sh - sourced by every end-to-end script: strict shell, C locale, UTC, a temporary
# directory removed on exit, and the binary under test ($PERF_REPORTER, set by make check;
# optionally wrapped by $PR_WRAPPER, e.g. "valgrind -q --error-exitcode=99 --leak-check=full").
set -eu
LC_ALL=C
TZ=UTC
export LC_ALL TZ
unset NO_COLOR COLUMNS
PAGER=cat # a test on a pseudo-terminal writes straight to it (pager.sh sets its own)
export PAGER
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PERF_REPORTER:=$top_srcdir/perf-reporter}"
export top_srcdir PERF_REPORTER
SOURCE_DATE_EPOCH=1793491200 # 2026-11-01T00:00:00Z: generated_at in every golden file
export SOURCE_DATE_EPOCH
tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/pr-e2e.XXXXXX")
trap 'rm -rf "$tmpdir"' EXIT INT TERM

# pr ARGS...: run the binary under test (through $PR_WRAPPER when set).
pr() {
	${PR_WRAPPER:-} "$PERF_REPORTER" "$@"
}

passed=0
failed=0
# ok NAME / fail NAME MESSAGE: count and report one check.
ok() {
	passed=$((passed + 1))
}
fail() {
	failed=$((failed + 1))
	printf 'FAIL: %s: %s\n' "$1" "$2"
}
# finish: the closing line, and the exit status for make check.
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# duckdb_modules: the node_modules holding @duckdb/node-api, into $mods: $DUCKDB_NODE_MODULES,
# then tests/e2e/.duckdb/node_modules (where .ci/run installs it), then bench/out/node_modules
# (bench/run's); without it, or without node, the test is skipped (exit 77).
duckdb_modules() {
	mods=
	for d in ${DUCKDB_NODE_MODULES:-} "$top_srcdir/tests/e2e/.duckdb/node_modules" \
	    "$top_srcdir/bench/out/node_modules"; do
		if [ -f "$d/@duckdb/node-api/package.json" ]; then
			mods=$d
			break
		fi
	done
	if [ -z "$mods" ] || ! command -v node >/dev/null 2>&1; then
		echo "skipped: needs node and @duckdb/node-api (npm install --prefix" \
		    "tests/e2e/.duckdb @duckdb/node-api@1.5.6-r.1)"
		exit 77
	fi
}
