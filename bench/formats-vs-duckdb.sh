#!/bin/sh
# formats-vs-duckdb.sh: `perf-reporter report --log-format vegeta` against DuckDB's read_json
# on the same question (bench/duckdb-formats.mjs: count, error rate, p95 per operation),
# paired: the two run in turn, REPS times; prints each pair's wall times and their ratio,
# then the medians, after checking that both give the same numbers (within 1e-9).
# Usage: bench/formats-vs-duckdb.sh PERF_REPORTER DUCKDB_DIR LOG [REPS]
#   DUCKDB_DIR: holds node_modules/@duckdb/node-api
#   (npm install --prefix DIR @duckdb/node-api@1.5.6-r.1)
set -eu
pr=$1 dd=$2 log=$3 reps=${4:-5}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$here/duckdb-formats.mjs" "$dd/"
now() { date +%s.%N; }
prcmd() { "$pr" report --since 2000-01-01 --until 2100-01-01 --log-format vegeta -f json "$log"; }
prcmd > "$tmp/pr.json"
node "$dd/duckdb-formats.mjs" vegeta "$log" "$tmp/duck.tsv"
python3 - "$tmp/pr.json" "$tmp/duck.tsv" <<'PY'
import json, sys
pr = {o["operation"]: o for o in json.load(open(sys.argv[1]))["operations"]}
n = bad = 0
for line in open(sys.argv[2]):
    op, c, e, p = line.rstrip("\n").split("\t")
    n += 1
    o = pr.get(op)
    if (o is None or o["count"] != int(c) or
            abs(o["error_rate_pct"] - float(e)) > 1e-9 * max(1, abs(float(e))) or
            abs(o["p95_ms"] - float(p)) > 1e-9 * abs(float(p))):
        bad += 1
print("agreement: %d operations in DuckDB, %d in perf-reporter, %d differ" % (n, len(pr), bad))
sys.exit(1 if bad or n != len(pr) else 0)
PY
echo "pair perf-reporter_s duckdb_s ratio"
i=0
while [ $i -lt "$reps" ]; do
	i=$((i + 1))
	a=$(now); prcmd > /dev/null; b=$(now)
	node "$dd/duckdb-formats.mjs" vegeta "$log" /dev/null; c=$(now)
	echo "$i $(echo "$b - $a" | bc) $(echo "$c - $b" | bc)" |
	    awk '{ printf "%d %.3f %.3f %.2f\n", $1, $2, $3, $3 / $2 }'
done | tee "$tmp/pairs"
sort -k2,2n "$tmp/pairs" | awk '{ a[NR] = $2 } END { printf "median perf-reporter %.3f s\n", a[int((NR + 1) / 2)] }'
sort -k3,3n "$tmp/pairs" | awk '{ a[NR] = $3 } END { printf "median duckdb %.3f s\n", a[int((NR + 1) / 2)] }'
sort -k4,4n "$tmp/pairs" | awk '{ a[NR] = $4 } END { printf "median ratio %.2f\n", a[int((NR + 1) / 2)] }'
