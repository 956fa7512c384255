#!/bin/sh
# readme.sh - the README's console examples print what the README shows (jq's manual
# tests, applied to a README): tests/e2e/readme-examples.py runs every ```console block in
# a scratch directory that sees samples/, tests/e2e/data/ and tests/data/ of the source
# tree, with perf-reporter first on PATH, and diffs the output. Then the checker must fail
# on a README with one number changed. Skips (77) without python3.
. "$(dirname "$0")/setup.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "python3 missing: skipped"
	exit 77
fi
check=$top_srcdir/tests/e2e/readme-examples.py

# setup_work DIR: a scratch directory as the examples expect the top of the tree.
setup_work() {
	mkdir -p "$1/bin" "$1/w/tests/e2e"
	ln -s "$top_srcdir/samples" "$1/w/samples"
	ln -s "$top_srcdir/tests/e2e/data" "$1/w/tests/e2e/data"
	ln -s "$top_srcdir/tests/data" "$1/w/tests/data"
	if [ -n "${PR_WRAPPER:-}" ]; then
		printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$PR_WRAPPER" "$PERF_REPORTER" >"$1/bin/perf-reporter"
	else
		printf '#!/bin/sh\nexec "%s" "$@"\n' "$PERF_REPORTER" >"$1/bin/perf-reporter"
	fi
	chmod +x "$1/bin/perf-reporter"
}

setup_work "$tmpdir/a"
if PATH="$tmpdir/a/bin:$PATH" python3 "$check" "$top_srcdir/README.md" "$tmpdir/a/w" >"$tmpdir/a.out" 2>&1; then
	ok readme-examples
else
	fail readme-examples "$(cat "$tmpdir/a.out")"
fi

# The control: the CSV header without p_value and q_value, as the README showed it before,
# must fail.
sed 's/^operation,count,success,failed,error_rate_pct,avg_ms,stddev_ms,\(.*\),p_value,q_value,flags$/operation,count,success,failed,error_rate_pct,avg_ms,stddev_ms,\1,flags/' \
    "$top_srcdir/README.md" >"$tmpdir/README.md"
setup_work "$tmpdir/b"
if cmp -s "$top_srcdir/README.md" "$tmpdir/README.md"; then
	fail readme-control "the README has no CSV header to change"
elif PATH="$tmpdir/b/bin:$PATH" python3 "$check" "$tmpdir/README.md" "$tmpdir/b/w" >"$tmpdir/b.out" 2>&1; then
	fail readme-control "a changed header passed"
elif grep -q '^-operation,count,.*,flags$' "$tmpdir/b.out"; then
	ok readme-control
else
	fail readme-control "$(cat "$tmpdir/b.out")"
fi

finish
