#!/bin/sh
# noise-fdr.sh - one verdict over many rows (SPEC section 5; bench/noise-fdr), reduced to
# 20 runs for make check: on logs of 400 unchanged operations at most 15 % of the runs
# (3 of 20: a true rate of 5 % gives 4 or more with probability 1.6 %) raise a critical
# finding under the default --fdr bh, more do under --fdr off, and a +30 % step in 5
# operations at 200 records each is found (4 of 5) in at least 90 % of the runs.
# make check-expensive runs all 100 against the goal itself, at most 5 % (the figures of
# bench/noise-fdr.md): NOISE_FDR_RUNS=100 NOISE_FDR_MAX_FALSE=0.05.
. "$(dirname "$0")/setup.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "note: python3 not found: skipped"
	exit 77
fi
python3 "$top_srcdir/bench/noise-fdr" --check --runs "${NOISE_FDR_RUNS:-20}" \
    --max-false "${NOISE_FDR_MAX_FALSE:-0.15}" --perf-reporter "$PERF_REPORTER"
