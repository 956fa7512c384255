#!/bin/sh
# significance.sh - the p-values, standard deviations and changes of compare, of a report's
# rows and of the errors finding, checked against numpy and SciPy by
# tests/reference/check-significance.py (independent of our code). Skips (77) without a
# python3 that has scipy (Debian: python3-scipy).
. "$(dirname "$0")/setup.sh"

py=
for cand in python3 /usr/bin/python3; do
	if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import scipy, numpy' 2>/dev/null; then
		py=$cand
		break
	fi
done
if [ -z "$py" ]; then
	echo "note: no python3 with scipy and numpy (Debian: python3-scipy): skipped"
	exit 77
fi
"$py" "$top_srcdir/tests/reference/check-significance.py" "$PERF_REPORTER" "$top_srcdir"
