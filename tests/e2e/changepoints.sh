#!/bin/sh
# changepoints.sh - the change-point engine (src/changepoint.c, SPEC section 17) on the
# seeded ground-truth suite of tests/reference/cp-gen.py: its result (through the driver
# tests/unit/changepoint-series) must agree on every series with the independent O(n^3)
# reference tests/reference/changepoints.py (same indices, p within 1e-9 relative), and
# meet SPEC 17's measured goal (F1 >= 0.9 for steps >= 3 sigma within +-1 bucket, a change
# point on at most 2 of 100 unchanged series), scored by tests/reference/cp-score.py;
# and agree on 200 tie-prone series split with alpha 0.5.
# Skips (77) without a python3 that has scipy (Debian: python3-scipy).
. "$(dirname "$0")/setup.sh"

py=
for cand in python3 /usr/bin/python3; do
	if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import scipy' 2>/dev/null; then
		py=$cand
		break
	fi
done
if [ -z "$py" ]; then
	echo "note: no python3 with scipy (Debian: python3-scipy): skipped"
	exit 77
fi
driver=$(dirname "$PERF_REPORTER")/tests/unit/changepoint-series
ref=$top_srcdir/tests/reference

"$py" "$ref/cp-gen.py" --seed 20261207 "$tmpdir/series.tsv" "$tmpdir/truth.tsv"
${PR_WRAPPER:-} "$driver" "$tmpdir/series.tsv" >"$tmpdir/c.out"
"$py" "$ref/changepoints.py" "$tmpdir/series.tsv" >"$tmpdir/ref.out"
if "$py" "$ref/cp-score.py" "$tmpdir/truth.tsv" "$tmpdir/c.out" "$tmpdir/ref.out"; then
	ok score
else
	fail score "C and reference disagree, or SPEC 17's goal is missed (above)"
fi

# Series on a coarse grid, where candidates tie exactly, split as far as they go
# (alpha 0.5): C and reference must break every tie alike.
"$py" "$ref/cp-gen.py" --seed 20261207 --ties 200 "$tmpdir/ties.tsv" "$tmpdir/ties-truth.tsv"
${PR_WRAPPER:-} "$driver" -a 0.5 "$tmpdir/ties.tsv" >"$tmpdir/ties-c.out"
"$py" "$ref/changepoints.py" -a 0.5 "$tmpdir/ties.tsv" >"$tmpdir/ties-ref.out"
if "$py" "$ref/cp-score.py" --agree-only "$tmpdir/ties-truth.tsv" "$tmpdir/ties-c.out" \
	"$tmpdir/ties-ref.out"; then
	ok ties
else
	fail ties "C and reference split tie-prone series differently (above)"
fi

# A malformed series is refused by the driver, not misread.
printf 'bad\t1,2,x\t1,1,1\n' >"$tmpdir/bad.tsv"
if "$driver" "$tmpdir/bad.tsv" >/dev/null 2>&1; then
	fail driver-bad-input "accepted a malformed series"
else
	ok driver-bad-input
fi
finish
