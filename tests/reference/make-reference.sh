#!/bin/sh
# make-reference.sh - regenerate durations.txt and percentiles.tsv in this directory.
#
# Needs: python3 (standard library only for the generator and the exact reference),
# GNU datamash (Debian package datamash; 1.7 used) and numpy (Debian package
# python3-numpy; 1.24.2 used). perf-reporter itself plays no part: test-stats.c checks
# stats_sort + stats_percentile_sorted + stats_mean against the numbers written here.
#
# percentiles.tsv columns: stat, p (fraction), then the value from each reference:
#   datamash      GNU datamash perc:P / mean (its interpolation is R-7, the SPEC's);
#                 datamash 1.7 accepts only integer percentiles, so p99.9 has "-"
#   numpy         numpy.percentile(x, 100p) (default method "linear") / numpy.mean
#   python_exact  ref-percentiles.py: exact rational arithmetic, rounded once at the end
set -eu
cd "$(dirname "$0")"
LC_ALL=C
export LC_ALL

command -v datamash >/dev/null 2>&1 ||
    { echo "make-reference.sh: needs GNU datamash" >&2; exit 2; }
python3 -c 'import numpy' 2>/dev/null ||
    { echo "make-reference.sh: needs numpy for python3 (python3-numpy)" >&2; exit 2; }

python3 gen-durations.py > durations.txt

dm=$(datamash --format '%.17g' perc:50 1 perc:90 1 perc:95 1 perc:99 1 mean 1 \
    < durations.txt)

np=$(python3 -c '
import sys
import numpy
x = numpy.loadtxt("durations.txt")
v = list(numpy.percentile(x, [50, 90, 95, 99, 99.9])) + [numpy.mean(x)]
print("\t".join(repr(float(a)) for a in v))
')

ex=$(python3 ref-percentiles.py durations.txt 0.5 0.9 0.95 0.99 0.999 | cut -f2 |
    paste -s -)

{
	printf '# stat\tp\tdatamash\tnumpy\tpython_exact\n'
	printf '# made by make-reference.sh from durations.txt (%s values)\n' \
	    "$(wc -l < durations.txt | tr -d ' ')"
	printf '%s\n' "$dm" | awk -F '\t' -v np="$np" -v ex="$ex" '
	    BEGIN { OFS = "\t" }
	    {
		split(np, n, "\t"); split(ex, e, "\t")
		print "p50", "0.5", $1, n[1], e[1]
		print "p90", "0.9", $2, n[2], e[2]
		print "p95", "0.95", $3, n[3], e[3]
		print "p99", "0.99", $4, n[4], e[4]
		print "p99.9", "0.999", "-", n[5], e[5]
		print "mean", "-", $5, n[6], e[6]
	    }'
} > percentiles.tsv
