#!/usr/bin/env python3
"""gen-durations.py - write 10 000 deterministic, log-normal-ish request durations (ms).

Many ties (integer milliseconds, a few recurring values) and decimals (up to three
places), plus a slow tail, so that interpolation between closest ranks is exercised
both between equal and between distinct neighbours.  Seed fixed: the output is the
same on every run with CPython 3 (random.Random is MT19937, its algorithms stable).
Usage: gen-durations.py > durations.txt
"""
import math
import random
import sys

SEED = 20260106
COUNT = 10000


def fmt3(x):
    """Three decimals, trailing zeros dropped ("12.5", "7.125", "40")."""
    s = "%.3f" % x
    s = s.rstrip("0").rstrip(".")
    return s if s else "0"


def main():
    rng = random.Random(SEED)
    out = []
    for _ in range(COUNT):
        r = rng.random()
        if r < 0.60:
            # bulk: median ~40 ms, three decimals
            out.append(fmt3(rng.lognormvariate(math.log(40.0), 0.8)))
        elif r < 0.85:
            # integer milliseconds: many ties
            out.append("%d" % max(1, round(rng.lognormvariate(math.log(35.0), 0.6))))
        elif r < 0.93:
            # a handful of recurring values (cache hits, fixed timeouts)
            out.append(rng.choice(["0.25", "1.5", "12.5", "100", "250.125"]))
        elif r < 0.99:
            # slow tail, one decimal
            out.append("%.1f" % rng.lognormvariate(math.log(600.0), 0.5))
        else:
            # rare outliers up to tens of seconds
            out.append(fmt3(rng.lognormvariate(math.log(5000.0), 1.0)))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
