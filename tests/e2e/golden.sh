#!/bin/sh
# golden.sh - runs every case in tests/e2e/cases/<name>/: the binary is started in the
# source tree's top directory with the words of `args` (shell-quoted, one line), standard
# input from `stdin` when present (else /dev/null), and its standard output, standard error
# and exit status are compared with expected.out, expected.err and expected.status.
# Each case runs three times: as written (fast record scanner, default -j), with -j 3 and
# files read in chunks of 97 bytes (PERF_REPORTER_CHUNK_BYTES, so that lines straddle many
# chunks read by different threads), and in the reference configuration (-j 1 and the
# jansson-only path, PERF_REPORTER_NO_FAST_PATH=1; chunks of 131 bytes); all three must
# give exactly the expected bytes.
# UPDATE_GOLDEN=1 rewrites the expected files (for review with git diff; never in CI).
. "$(dirname "$0")/setup.sh"

cd "$top_srcdir"
for case in tests/e2e/cases/*/; do
	case=${case%/}
	name=${case##*/}
	[ -f "$case/args" ] || continue
	args=$(cat "$case/args")
	stdin=/dev/null
	[ -f "$case/stdin" ] && stdin=$case/stdin
	eval "set -- $args"
	status=0
	PERF_REPORTER_NO_FAST_PATH=1 PERF_REPORTER_CHUNK_BYTES=131 pr -j 1 "$@" <"$stdin" \
	    >"$tmpdir/out.slow" 2>"$tmpdir/err.slow" || status=$?
	echo "$status" >"$tmpdir/status.slow"
	status=0
	PERF_REPORTER_CHUNK_BYTES=97 pr -j 3 "$@" <"$stdin" >"$tmpdir/out.j3" 2>"$tmpdir/err.j3" ||
	    status=$?
	echo "$status" >"$tmpdir/status.j3"
	status=0
	pr "$@" <"$stdin" >"$tmpdir/out" 2>"$tmpdir/err" || status=$?
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$tmpdir/out" "$case/expected.out"
		cp "$tmpdir/err" "$case/expected.err"
		echo "$status" >"$case/expected.status"
	fi
	bad=
	if ! diff -u "$case/expected.out" "$tmpdir/out" >"$tmpdir/diff"; then
		bad="stdout differs"
		cat "$tmpdir/diff"
	fi
	if ! diff -u "$case/expected.err" "$tmpdir/err" >"$tmpdir/diff"; then
		bad="$bad stderr differs"
		cat "$tmpdir/diff"
	fi
	want=$(cat "$case/expected.status")
	[ "$status" = "$want" ] || bad="$bad status $status, expected $want"
	if ! cmp -s "$tmpdir/out" "$tmpdir/out.slow" || ! cmp -s "$tmpdir/err" "$tmpdir/err.slow" ||
	    [ "$(cat "$tmpdir/status.slow")" != "$status" ]; then
		bad="$bad fast path and jansson path differ"
		diff -u "$tmpdir/out.slow" "$tmpdir/out" | head -20
	fi
	if ! cmp -s "$tmpdir/out" "$tmpdir/out.j3" || ! cmp -s "$tmpdir/err" "$tmpdir/err.j3" ||
	    [ "$(cat "$tmpdir/status.j3")" != "$status" ]; then
		bad="$bad -j 3 differs"
		diff -u "$tmpdir/out.j3" "$tmpdir/out" | head -20
		diff -u "$tmpdir/err.j3" "$tmpdir/err" | head -20
	fi
	if [ -n "$bad" ]; then
		fail "$name" "$bad"
	else
		ok "$name"
	fi
done
finish
