#!/usr/bin/env python3
"""changepoints.py - an independent reference for src/changepoint.c (SPEC section 17).

Written from the definitions, the straightforward way, not from the C code:

  Matteson & James 2014 (JASA 109(505), eq. 3 and 4 with alpha = 1): for a split of a
  segment into X (the m values before t) and Y (the k values from t on),
    E(X, Y) = 2/(m k) sum_i sum_j |X_i - Y_j|
              - C(m,2)^-1 sum_{i<l} |X_i - X_l| - C(k,2)^-1 sum_{j<l} |Y_j - Y_l|,
    Q(t)    = m k / (m + k) E(X, Y),
  the candidate of a segment being the first t maximising Q(t) with m, k >= min_segment.
  Fleming et al. 2023 (Hunter, ICPE '23; Apache Otava): a candidate is significant when
  Student's t-test with pooled variance between X and Y gives p below a threshold.
  Hunter's windows, as the man page describes them:
    split   windows of W = max(30, 4 min_segment) values, the next one starting at
            max(start + W // 2, the window's last new change point), the one reaching the
            end last; each window split recursively (binary segmentation) at 10 alpha;
    merge   while the weakest change point (largest p of the t-test between its two
            neighbouring segments; the leftmost of equals) has p >= alpha, drop it;
    refine  left to right, put each change point at the candidate of the segment between
            its neighbours; then merge again.

Every sum is evaluated afresh for every t, so a segment of n values costs O(n^3). The
t statistic is computed here in plain Python; the p-value comes from SciPy's
scipy.stats.ttest_ind(X, Y, equal_var=True), whose t must agree with ours. Both parts
constant: p = 1 for equal means, 0 otherwise (SciPy gives NaN there).

Usage: changepoints.py [-m MIN_SEGMENT] [-a ALPHA] FILE
Input and output: the formats of tests/unit/changepoint-series.c (one series a line,
"ID<TAB>x1,x2,...<TAB>c1,c2,..."; one line per change point "ID index p before after
change_pct count_before count_after", tab-separated, or "ID -").
"""
import argparse
import math
import sys
import warnings

from scipy import stats


def energy_q(d, s, t, e):
    """Q(t) for the segment [s, e) split at t, straight from the definition."""
    m = t - s
    k = e - t
    between = sum(sum(d[i][t:e]) for i in range(s, t))
    within_x = sum(sum(d[i][i + 1:t]) for i in range(s, t))
    within_y = sum(sum(d[j][j + 1:e]) for j in range(t, e))
    energy = (2.0 * between / (m * k) - within_x / math.comb(m, 2)
              - within_y / math.comb(k, 2))
    return m * k / (m + k) * energy


def pooled_t(x, y):
    """Student's t with pooled variance and its degrees of freedom; None when both parts
    are constant."""
    mx = math.fsum(x) / len(x)
    my = math.fsum(y) / len(y)
    ss = math.fsum((v - mx) ** 2 for v in x) + math.fsum((v - my) ** 2 for v in y)
    df = len(x) + len(y) - 2
    if ss == 0.0:
        return None, mx == my, df
    sp2 = ss / df
    return (mx - my) / math.sqrt(sp2 * (1.0 / len(x) + 1.0 / len(y))), None, df


def ttest_p(x, y):
    """Two-sided p of the pooled-variance t-test between x and y."""
    t, equal, _ = pooled_t(x, y)
    if t is None:
        return 1.0 if equal else 0.0
    with warnings.catch_warnings():
        # SciPy warns of cancellation on nearly constant parts; its t is checked below.
        warnings.simplefilter("ignore", RuntimeWarning)
        res = stats.ttest_ind(x, y, equal_var=True)
    if not math.isclose(res.statistic, t, rel_tol=1e-9, abs_tol=1e-12):
        sys.exit("changepoints.py: scipy t %r differs from ours %r" % (res.statistic, t))
    return float(res.pvalue)


WINDOW = 30
SPLIT_FACTOR = 10.0


def candidate(d, s, e, min_segment):
    """The first t in [s + min_segment, e - min_segment] with the largest Q(t)."""
    scores = [(energy_q(d, s, t, e), t) for t in range(s + min_segment, e - min_segment + 1)]
    top = max(q for q, _ in scores)
    return min(t for q, t in scores if q == top)


def bisect(x, d, s, e, min_segment, threshold):
    """Change points of the segment [s, e) by recursive binary segmentation."""
    if e - s < 2 * min_segment:
        return []
    t = candidate(d, s, e, min_segment)
    if not ttest_p(x[s:t], x[t:e]) < threshold:
        return []
    return (bisect(x, d, s, t, min_segment, threshold) + [t]
            + bisect(x, d, t, e, min_segment, threshold))


def neighbour_p(x, points):
    """[p of each change point between the segments on either side of it]."""
    edges = [0] + points + [len(x)]
    return [ttest_p(x[edges[i]:edges[i + 1]], x[edges[i + 1]:edges[i + 2]])
            for i in range(len(points))]


def merge(x, points, alpha):
    """Drop the weakest change point while it is not significant at alpha."""
    points = sorted(points)
    while points:
        ps = neighbour_p(x, points)
        weakest = ps.index(max(ps))
        if ps[weakest] < alpha:
            break
        del points[weakest]
    return points


def find(x, min_segment, alpha):
    """Accepted change points [(index, p)] of x."""
    n = len(x)
    d = [[abs(a - b) for b in x] for a in x]
    width = max(WINDOW, 4 * min_segment)
    points = []
    start = 0
    while True:
        end = min(start + width, n)
        new = bisect(x, d, start, end, min_segment, SPLIT_FACTOR * alpha)
        points += new
        if end == n:
            break
        start = max([start + width // 2] + new)
    points = merge(x, points, alpha)
    for i in range(len(points)):
        lo = points[i - 1] if i > 0 else 0
        hi = points[i + 1] if i + 1 < len(points) else n
        points[i] = candidate(d, lo, hi, min_segment)
    points = merge(x, points, alpha)
    return list(zip(points, neighbour_p(x, points)))


def describe(x, counts, found):
    """Rows (index, p, before, after, change_pct or None, count_before, count_after)."""
    bounds = [0] + [i for i, _ in found] + [len(x)]
    rows = []
    for k, (at, p) in enumerate(found, start=1):
        prev, nxt = bounds[k - 1], bounds[k + 1]
        before = math.fsum(x[prev:at]) / (at - prev)
        after = math.fsum(x[at:nxt]) / (nxt - at)
        pct = None if before == 0.0 else 100.0 * (after - before) / before
        rows.append((at, p, before, after, pct, sum(counts[prev:at]), sum(counts[at:nxt])))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-m", type=int, default=5, dest="min_segment")
    ap.add_argument("-a", type=float, default=0.0001, dest="alpha")
    ap.add_argument("file")
    args = ap.parse_args()
    min_segment = max(args.min_segment, 2)
    out = sys.stdout
    with open(args.file) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            sid, vals, cnts = line.rstrip("\n").split("\t")[:3]
            x = [float(v) for v in vals.split(",")]
            counts = [int(c) for c in cnts.split(",")]
            rows = describe(x, counts, find(x, min_segment, args.alpha))
            if not rows:
                out.write("%s\t-\n" % sid)
            for at, p, before, after, pct, cb, ca in rows:
                out.write("%s\t%d\t%r\t%r\t%r\t%s\t%d\t%d\n" % (
                    sid, at, p, before, after, "-" if pct is None else repr(pct), cb, ca))


if __name__ == "__main__":
    main()
