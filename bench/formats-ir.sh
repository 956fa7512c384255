#!/bin/sh
# formats-ir.sh: callgrind instructions per record of the default shape and of
# `--log-format vegeta` and `--log-format caddy`, in one run, with their ratios (issue 21's
# goal: each format at most 1.5 times the default shape).
# Usage: bench/formats-ir.sh PERF_REPORTER [WORKDIR]
#   WORKDIR (default bench/out/ir) receives the logs, made once and kept: 400 000 bench/gen
#   records and 200 000 lines each of `bench/gen-formats.py vegeta` and `caddy`.
# Each is `report --since 2000-01-01 --until 2100-01-01 --percentiles 95,99 -f json -j 1`
# (every record parsed and aggregated: the question bench/formats-vs-duckdb.sh asks) under
# callgrind with SOURCE_DATE_EPOCH fixed and the repository's formats/ directory; about a
# minute. Prints a Markdown table: total Ir, Ir/record, ratio to the default shape.
set -eu
pr=$1
here=$(cd "$(dirname "$0")" && pwd)
work=${2:-$here/out/ir}
mkdir -p "$work"
command -v valgrind > /dev/null || { echo "formats-ir.sh: valgrind is needed" >&2; exit 2; }
if [ ! -s "$work/default.jsonl" ]; then
	cc -O2 -o "$work/gen" "$here/gen.c" -lm
	"$work/gen" 400000 "$work/default.jsonl"
fi
for f in vegeta caddy; do
	[ -s "$work/$f.jsonl" ] || python3 "$here/gen-formats.py" "$f" 200000 "$work/$f.jsonl"
done
ir() { # NAME FILE [FORMAT]
	name=$1 file=$2
	shift 2
	PERF_REPORTER_FORMATS_DIR="$here/../formats" SOURCE_DATE_EPOCH=1800000000 \
	    valgrind --tool=callgrind --callgrind-out-file="$work/cg-$name.out" "$pr" report \
	    --since 2000-01-01 --until 2100-01-01 --percentiles 95,99 -f json -j 1 "$@" "$file" \
	    > "$work/out-$name.json" 2> "$work/cg-$name.err"
	sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/cg-$name.err"
}
d=$(ir default "$work/default.jsonl")
v=$(ir vegeta "$work/vegeta.jsonl" --log-format vegeta)
c=$(ir caddy "$work/caddy.jsonl" --log-format caddy)
echo "| input | records | Ir | Ir/record | / default |"
echo "|---|---:|---:|---:|---:|"
awk -v d="$d" -v v="$v" -v c="$c" 'BEGIN {
	printf "| default shape | 400000 | %.0f | %.1f | 1.00 |\n", d, d / 400000
	printf "| --log-format vegeta | 200000 | %.0f | %.1f | %.2f |\n", v, v / 200000, (v / 200000) / (d / 400000)
	printf "| --log-format caddy | 200000 | %.0f | %.1f | %.2f |\n", c, c / 200000, (c / 200000) / (d / 400000)
}'
