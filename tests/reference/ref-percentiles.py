#!/usr/bin/env python3
"""ref-percentiles.py - exact percentiles and mean of a file of numbers, one per line.

Independent of numpy and of perf-reporter: every value is read as an exact rational
(fractions.Fraction of its decimal text), the percentile is the linear interpolation
between closest ranks, h = (n-1)p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]),
computed exactly, and only the final result is rounded to the nearest double.
Usage: ref-percentiles.py FILE P...   (P as a fraction, e.g. 0.5 0.999)
Prints one line per P, then "mean", each as: NAME<TAB>VALUE (repr, 17 significant digits).
"""
import sys
from fractions import Fraction


def percentile(xs, p):
    n = len(xs)
    h = (n - 1) * p
    k = h.numerator // h.denominator  # floor, h >= 0
    if k >= n - 1:
        return xs[n - 1]
    return xs[k] + (h - k) * (xs[k + 1] - xs[k])


def main():
    path, ps = sys.argv[1], sys.argv[2:]
    with open(path) as f:
        xs = sorted(Fraction(line.strip()) for line in f if line.strip())
    for p in ps:
        print("%s\t%r" % (p, float(percentile(xs, Fraction(p)))))
    print("mean\t%r" % float(sum(xs) / len(xs)))


if __name__ == "__main__":
    main()
