#!/bin/sh
# state-rerun.sh - the measured goal of --state (SPEC section 18): on a log of N records
# (bench/gen) with 10,000 records appended, a re-run with --state costs under 20 % of a full
# run. Paired: each round restores the log to N - 10,000 records and the state to the one
# written for it, appends the last 10,000 records, then times the re-run and a full run of
# the same command (in alternating order), and prints both and their ratio; the last line is
# the median ratios (wall clock, and CPU time: user + system of every thread). Both reports are compared byte for byte on every round.
# The state (the manifest st and its records file st.records.N) is restored and synced
# before each round.
#
# Usage: bench/state-rerun.sh PERF_REPORTER LOG [ROUNDS] [COMMAND...]
#   LOG     a bench/gen log (e.g. gen 10000000 /tmp/log10m.jsonl); it is not changed
#   ROUNDS  default 5; COMMAND default: weekly --now 2026-11-01 -f json
# Needs free space for one copy of LOG in $TMPDIR (default /tmp).
set -eu
SOURCE_DATE_EPOCH=1793491200 # the same generated_at in both reports
export SOURCE_DATE_EPOCH
[ $# -ge 2 ] || { echo "usage: $0 PERF_REPORTER LOG [ROUNDS] [COMMAND...]" >&2; exit 2; }
pr=$1
log=$2
rounds=${3:-5}
[ $# -ge 3 ] && shift 3 || shift $#
[ $# -gt 0 ] || set -- weekly --now 2026-11-01 -f json
dir=$(mktemp -d "${TMPDIR:-/tmp}/state-rerun.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
total=$(wc -l <"$log")
keep=$((total - 10000))
head -n "$keep" "$log" >"$dir/log"
size=$(wc -c <"$dir/log")
tail -n 10000 "$log" >"$dir/tail"
t0=$(date +%s.%N)
"$pr" "$@" --state "$dir/st" "$dir/log" >/dev/null
t1=$(date +%s.%N)
echo "first run with --state over $keep records: $(echo "$t1 - $t0" | bc) s; state $(cat "$dir"/st "$dir"/st.records.* | wc -c) bytes"
# The state is the manifest st and its records segment st.records.0 or .1.
mkdir "$dir/base"
cp "$dir"/st "$dir"/st.records.* "$dir/base/"
# secs OUT CMD...: run CMD with standard output to OUT; prints "WALL CPU" (seconds; CPU is
# user + system, of every thread).
secs() {
	out=$1
	shift
	/usr/bin/time -f '%e %U %S' -o "$dir/time" "$@" >"$out"
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$dir/time"
}
: >"$dir/ratios"
r=1
while [ "$r" -le "$rounds" ]; do
	truncate -s "$size" "$dir/log"
	cat "$dir/tail" >>"$dir/log"
	rm -f "$dir"/st.records.*
	cp "$dir"/base/* "$dir/"
	# On disk, as a state written an hour before is: the re-run syncs the records it
	# appends, and would otherwise also flush the copy's 100 MB just made.
	sync
	if [ $((r % 2)) = 1 ]; then
		inc=$(secs "$dir/out.inc" "$pr" "$@" --state "$dir/st" "$dir/log")
		full=$(secs "$dir/out.full" "$pr" "$@" "$dir/log")
	else
		full=$(secs "$dir/out.full" "$pr" "$@" "$dir/log")
		inc=$(secs "$dir/out.inc" "$pr" "$@" --state "$dir/st" "$dir/log")
	fi
	cmp -s "$dir/out.inc" "$dir/out.full" ||
		{ echo "round $r: the reports differ" >&2; diff "$dir/out.inc" "$dir/out.full" | head >&2; exit 1; }
	ratio=$(echo "scale=4; ${inc% *} / ${full% *}" | bc)
	cpu=$(echo "scale=4; ${inc#* } / ${full#* }" | bc)
	echo "round $r: re-run ${inc% *} s (cpu ${inc#* } s), full run ${full% *} s (cpu ${full#* } s), wall ratio $ratio, cpu ratio $cpu"
	echo "$ratio $cpu" >>"$dir/ratios"
	r=$((r + 1))
done
median() {
	sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
echo "median wall ratio: $(cut -d' ' -f1 "$dir/ratios" | median), median cpu ratio: $(cut -d' ' -f2 "$dir/ratios" | median)"
