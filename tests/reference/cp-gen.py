#!/usr/bin/env python3
"""cp-gen.py - seeded ground truth for change-point detection (SPEC section 17).

Writes a suite of series (one a line, "ID<TAB>x1,x2,...<TAB>c1,c2,...", the input of
tests/unit/changepoint-series.c and tests/reference/changepoints.py) and its truth
("ID<TAB>kind<TAB>size<TAB>length<TAB>extras<TAB>indices", indices comma-separated or
"-").

Every series is a daily metric (think p50 in ms): a level of 50..500, Gaussian noise
of standard deviation sigma = 2..6 % of the level per bucket, a length of 30..365 buckets,
per-bucket record counts of 50..500 (a third on weekends). Kinds:

  none   nothing changes                                   (truth: no index)
  step   1..3 steps, each of size * sigma up or down, size 1..5 (one size per series);
         each step at least GAP buckets from the ends and from the others
                                                           (truth: the first bucket after)
  trend  a linear drift of 2..6 sigma over the whole series (truth: no index; reported
         apart: a drift is a real change without a single moment)

Extras, mixed into none and step series: "weekly" (seasonality: weekend days lower by
0.5..1.5 sigma, weekdays higher so that a week averages 0) and "outliers" (1..3 days
raised by 4..10 sigma).

With --ties N, the suite is instead N short series (10..80 buckets) of values on a coarse
grid, where split points tie exactly: small integers, mostly zeros (an error rate), a step
of 3 on integers 0..2, halves of a millisecond, and 0,1,0,1,... (kind "ties", no truth);
for checking that C and reference break ties alike (with a large alpha, every split).

Usage: cp-gen.py [--seed N] [--none N] [--steps-per-size N] [--trends N] [--ties N]
                 SERIES TRUTH
"""
import argparse
import random

GAP = 10


def extras_for(rng):
    """Which extras a none or step series gets: none, weekly, outliers or both."""
    r = rng.random()
    if r < 0.5:
        return []
    if r < 0.7:
        return ["weekly"]
    if r < 0.9:
        return ["outliers"]
    return ["weekly", "outliers"]


def step_positions(rng, n, count):
    """count step indices in [GAP, n - GAP], pairwise at least GAP apart."""
    while True:
        pos = sorted(rng.randint(GAP, n - GAP) for _ in range(count))
        if all(b - a >= GAP for a, b in zip(pos, pos[1:])):
            return pos


def series(rng, kind, size):
    """(values, counts, truth indices, extras) of one series."""
    n = rng.randint(30, 365)
    level = rng.uniform(50.0, 500.0)
    sigma = level * rng.uniform(0.02, 0.06)
    phase = rng.randrange(7)
    extras = extras_for(rng) if kind != "trend" else []
    mean = [level] * n
    truth = []
    if kind == "step":
        count = rng.randint(1, min(3, n // GAP - 1))
        truth = step_positions(rng, n, count)
        for at in truth:
            delta = rng.choice((-1.0, 1.0)) * size * sigma
            for i in range(at, n):
                mean[i] += delta
    elif kind == "trend":
        drift = rng.choice((-1.0, 1.0)) * rng.uniform(2.0, 6.0) * sigma
        mean = [level + drift * i / (n - 1) for i in range(n)]
    if "weekly" in extras:
        amp = rng.uniform(0.5, 1.5) * sigma
        for i in range(n):
            weekend = (i + phase) % 7 >= 5
            mean[i] += -amp if weekend else amp * 2.0 / 5.0
    x = [m + rng.gauss(0.0, sigma) for m in mean]
    if "outliers" in extras:
        for _ in range(rng.randint(1, 3)):
            x[rng.randrange(n)] += rng.uniform(4.0, 10.0) * sigma
    counts = []
    for i in range(n):
        c = rng.randint(50, 500)
        counts.append(c // 3 if (i + phase) % 7 >= 5 else c)
    return x, counts, truth, extras


def tie_series(rng, k):
    """Values of the k-th "ties" series."""
    n = rng.randint(10, 80)
    kind = k % 5
    if kind == 0:
        return [float(rng.randint(0, 3)) for _ in range(n)]
    if kind == 1:
        return [float(rng.choice((0, 0, 0, 0, 1))) for _ in range(n)]
    if kind == 2:
        at = rng.randint(5, n - 5)
        return [float(rng.randint(0, 2) + (3 if i >= at else 0)) for i in range(n)]
    if kind == 3:
        return [round(rng.gauss(100.0, 5.0) * 2.0) / 2.0 for _ in range(n)]
    return [float(i % 2) for i in range(n)]


def write_ties(rng, count, series_file, truth_file):
    """The --ties suite."""
    with open(series_file, "w") as fs, open(truth_file, "w") as ft:
        for k in range(count):
            x = tie_series(rng, k)
            sid = "ties-%04d" % k
            fs.write("%s\t%s\t%s\n" % (sid, ",".join(repr(v) for v in x),
                                       ",".join("1" for _ in x)))
            ft.write("%s\tties\t0\t%d\t-\t-\n" % (sid, len(x)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--none", type=int, default=100)
    ap.add_argument("--steps-per-size", type=int, default=40)
    ap.add_argument("--trends", type=int, default=30)
    ap.add_argument("series_file")
    ap.add_argument("truth_file")
    ap.add_argument("--ties", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    if args.ties > 0:
        write_ties(rng, args.ties, args.series_file, args.truth_file)
        return
    plan = [("none", 0)] * args.none
    for size in range(1, 6):
        plan += [("step", size)] * args.steps_per_size
    plan += [("trend", 0)] * args.trends
    with open(args.series_file, "w") as fs, open(args.truth_file, "w") as ft:
        for k, (kind, size) in enumerate(plan):
            x, counts, truth, extras = series(rng, kind, size)
            sid = "%s%d-%04d" % (kind, size, k) if kind == "step" else "%s-%04d" % (kind, k)
            fs.write("%s\t%s\t%s\n" % (sid, ",".join(repr(v) for v in x),
                                       ",".join(str(c) for c in counts)))
            ft.write("%s\t%s\t%d\t%d\t%s\t%s\n" % (
                sid, kind, size, len(x), ",".join(extras) or "-",
                ",".join(str(i) for i in truth) or "-"))


if __name__ == "__main__":
    main()
