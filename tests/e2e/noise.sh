#!/bin/sh
# noise.sh - significance cuts noise without going blind (bench/noise, issue "Verdicts you
# can trust" point 8): on 1000 random splits of one stationary log-normal log at most
# alpha + 1 % of the operations are flagged slower or faster, and a 15 % slowdown at 2000
# records per window is flagged slower for at least 95 % of 200 seeds.
. "$(dirname "$0")/setup.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "note: python3 not found: skipped"
	exit 77
fi
python3 "$top_srcdir/bench/noise" --check --perf-reporter "$PERF_REPORTER"
