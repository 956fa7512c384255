#!/bin/sh
# fastpath-diff.sh: the fast path against jansson (PERF_REPORTER_NO_FAST_PATH=1) on files
# read through --log-format: `export -f jsonl` and `monthly -f json` must be byte-identical.
# Usage: bench/fastpath-diff.sh PERF_REPORTER FORMAT FILE...   (exit 1 on a difference)
pr=$1 fmt=$2
shift 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
st=0
export SOURCE_DATE_EPOCH=1800000000
for f in "$@"; do
	for task in "export -f jsonl" "monthly -f json"; do
		# shellcheck disable=SC2086
		"$pr" $task --now latest --log-format "$fmt" "$f" > "$tmp/fast" 2>&1
		# shellcheck disable=SC2086
		PERF_REPORTER_NO_FAST_PATH=1 "$pr" $task --now latest --log-format "$fmt" \
		    "$f" > "$tmp/slow" 2>&1
		if cmp -s "$tmp/fast" "$tmp/slow"; then
			echo "same  $fmt $task $f ($(wc -c < "$tmp/fast") bytes)"
		else
			echo "DIFF  $fmt $task $f"
			st=1
		fi
	done
done
exit $st
