#!/usr/bin/env python3
"""check-mpmath.py - how close SciPy's values in significance.tsv (and, optionally, our C
functions) are to a 50-digit evaluation with mpmath. Not part of make check: it explains
the accuracy notes in README.

Usage (Debian: apt-get install python3-mpmath; SciPy not needed):
    /usr/bin/python3 tests/reference/check-mpmath.py [LIBSTATS.so [SWEEP_SECONDS]]
where LIBSTATS.so is src/stats.c built as a shared library, e.g.
    gcc -O2 -shared -fPIC -o /tmp/libstats.so src/stats.c src/xalloc.c src/diag.c \\
        -Isrc -I. -lm
With it, each case is also run through stats_binom_upper, stats_student_t_sf and
stats_betainc (by ctypes), and SWEEP_SECONDS > 0 adds a random sweep of stats_betainc
over a, b in [0.1, 1e7].

The 50-digit value of I_x(a, b) comes from the continued fraction DLMF 8.17.22
(Lentz's method, run until a step changes it by less than 1e-45) times the prefactor
x^a (1 - x)^b / (a B(a, b)) with mpmath's loggamma, using the symmetry
I_x(a, b) = 1 - I_{1-x}(b, a) for x >= (a + 1) / (a + b + 2); Student's t tail is
I_{df/(df+t^2)}(df/2, 1/2) / 2 and the binomial tail P(X >= k) is I_p(k, n - k + 1).
"""
import ctypes
import os
import sys
import time

import mpmath as mp

mp.mp.dps = 50


def cf(a, b, x):
    tiny = mp.mpf("1e-500")
    eps = mp.mpf("1e-45")

    def guard(v):
        return tiny if abs(v) < tiny else v

    c = mp.mpf(1)
    d = 1 / guard(1 - (a + b) * x / (a + 1))
    h = d
    m = 1
    while True:
        m2 = 2 * m
        aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2))
        d = 1 / guard(1 + aa * d)
        c = guard(1 + aa / c)
        h *= d * c
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2))
        d = 1 / guard(1 + aa * d)
        c = guard(1 + aa / c)
        de = d * c
        h *= de
        if abs(de - 1) < eps:
            return h
        m += 1


def ibeta(a, b, x, y=None):
    a, b, x = mp.mpf(a), mp.mpf(b), mp.mpf(x)
    y = 1 - x if y is None else mp.mpf(y)
    if x <= 0:
        return mp.mpf(0)
    if y <= 0:
        return mp.mpf(1)
    lk = a * mp.log(x) + b * mp.log(y) - (mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b))
    if x < (a + 1) / (a + b + 2):
        return mp.exp(lk) / a * cf(a, b, x)
    return 1 - mp.exp(lk) / b * cf(b, a, y)


def t_sf(t, df):
    t, df = mp.mpf(t), mp.mpf(df)
    if t == 0:
        return mp.mpf(0.5)
    q = ibeta(df / 2, mp.mpf(1) / 2, df / (df + t * t), t * t / (df + t * t))
    return q / 2 if t > 0 else 1 - q / 2


def rel(got, want):
    return abs(got - want) / abs(want) if want != 0 else abs(got)


def load(path):
    lib = ctypes.CDLL(path)
    d = ctypes.c_double
    for name, args in [("stats_student_t_sf", [d, d]), ("stats_betainc", [d, d, d]),
                       ("stats_binom_upper", [ctypes.c_uint64, ctypes.c_uint64, d])]:
        f = getattr(lib, name)
        f.restype = d
        f.argtypes = args
    return lib


def main():
    lib = load(sys.argv[1]) if len(sys.argv) > 1 else None
    sweep = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    table = os.path.join(os.path.dirname(os.path.abspath(__file__)), "significance.tsv")
    worst = {}
    for line in open(table):
        if line.startswith("#"):
            continue
        name, test, args, val = line.rstrip("\n").split("\t")
        a = args.split(" ")
        if test == "binom_upper":
            k, n, p = int(a[0]), int(a[1]), float(a[2])
            if k == 0 or k > n or p in (0.0, 1.0):
                continue
            ref = float(ibeta(k, n - k + 1, p))
            ours = lib.stats_binom_upper(k, n, p) if lib else None
        elif test == "student_t_sf":
            t, df = float(a[0]), float(a[1])
            if t == 0 or abs(t) > 1e7:
                continue
            ref = float(t_sf(t, df))
            ours = lib.stats_student_t_sf(t, df) if lib else None
        elif test == "betainc":
            aa, bb, x = map(float, a)
            if x in (0.0, 1.0):
                continue
            ref = float(ibeta(aa, bb, x))
            ours = lib.stats_betainc(aa, bb, x) if lib else None
        else:
            continue
        w = worst.setdefault(test, [0.0, "-", 0.0, "-"])
        if rel(float(val), ref) > w[0]:
            w[0], w[1] = rel(float(val), ref), name
        if ours is not None and rel(ours, ref) > w[2]:
            w[2], w[3] = rel(ours, ref), name
    for test, w in sorted(worst.items()):
        print("%-13s SciPy vs mpmath %.3g (%s)" % (test, w[0], w[1]), end="")
        print("   stats_* vs mpmath %.3g (%s)" % (w[2], w[3]) if lib else "")
    if lib and sweep > 0:
        import random
        rng = random.Random(20261205)
        t0, cases, top = time.time(), 0, (0.0, None)
        while time.time() - t0 < sweep:
            a = 10 ** rng.uniform(-1, 7)
            b = 10 ** rng.uniform(-1, 7) if rng.random() < 0.7 else rng.choice([0.5, 1.0, 2.0])
            mean = a / (a + b)
            sd = (a * b / ((a + b) ** 2 * (a + b + 1))) ** 0.5
            x = mean + sd * rng.gauss(0, 1) * rng.choice([1, 3, 10, 30])
            x = min(max(x, 1e-300), 1 - 1e-16)
            ref = ibeta(a, b, x)
            if ref < mp.mpf("1e-300"):
                continue
            r = rel(lib.stats_betainc(a, b, x), float(ref))
            cases += 1
            if r > top[0]:
                top = (r, (a, b, x))
        print("betainc sweep: %d cases, worst %.3g at a, b, x = %r" % (cases, top[0], top[1]))


if __name__ == "__main__":
    main()
