#!/usr/bin/env python3
"""gen-significance.py - write significance.tsv: SciPy's values for the tests of stats.h.

Usage (from any directory; needs SciPy and numpy, Debian python3-scipy python3-numpy):
    python3 tests/reference/gen-significance.py > tests/reference/significance.tsv

One line per case, tab-separated:
    name  test  args  value
test and args (args are space-separated; doubles are Python repr(), which round-trips):
    normal_sf     z                       scipy.stats.norm.sf(z)
    student_t_sf  t df                    scipy.stats.t.sf(t, df)
    betainc       a b x                   scipy.special.betainc(a, b, x)
    stddev        SAMPLE                  numpy.std(v, ddof=1)
    mann_whitney  SAMPLE SAMPLE           scipy.stats.mannwhitneyu(x, y,
                                          alternative="two-sided", method="asymptotic",
                                          use_continuity=True).pvalue
    welch         n1 m1 sd1 n2 m2 sd2     scipy.stats.ttest_ind_from_stats(m1, sd1, n1,
                                          m2, sd2, n2, equal_var=False).pvalue
    binom_upper   k n p                   scipy.stats.binom.sf(k - 1, n, p)  (P(X >= k))
A SAMPLE is either a comma-separated list of doubles, or lcg:SEED:N:RANGE:OFFSET, which
stands for N values made by the generator below (integer arithmetic and one correctly
rounded division, so tests/unit/test-significance.c makes the very same doubles):
    s = SEED;  repeat N times:
        s = (s * 6364136223846793005 + 1442695040888963407) mod 2^64   (Knuth's MMIX LCG)
        value = ((s >> 33) % RANGE + OFFSET) / 1000.0
RANGE small against N gives many ties (the values have three decimals).

Where SciPy's own formula has no finite value the spec fixes one and the line says so:
welch with both sd 0 gives 1 for equal means and 0 otherwise (SciPy gives nan / 0),
binom_upper with k = 0 is 1 and with k > n is 0 (SciPy agrees: sf(-1) = 1, sf(n) = 0).
"""
import sys

import numpy as np
import scipy
import scipy.special
import scipy.stats

MASK = (1 << 64) - 1
LCG_MUL = 6364136223846793005
LCG_ADD = 1442695040888963407


def lcg(seed, n, rng_range, offset):
    """The generator of the module docstring, as a list of floats."""
    out = []
    s = seed
    for _ in range(n):
        s = (s * LCG_MUL + LCG_ADD) & MASK
        out.append(((s >> 33) % rng_range + offset) / 1000.0)
    return out


def sample(spec):
    """A SAMPLE argument -> list of floats."""
    if spec.startswith("lcg:"):
        _, seed, n, r, off = spec.split(":")
        return lcg(int(seed), int(n), int(r), int(off))
    return [float(v) for v in spec.split(",")]


def fmt_list(v):
    return ",".join(repr(float(a)) for a in v)


ROWS = []


def emit(name, test, args, value):
    value = float(value)
    assert value == value, (name, "SciPy gave nan")
    ROWS.append("%s\t%s\t%s\t%s" % (name, test, " ".join(args), repr(value)))


# ---- building blocks ------------------------------------------------------------------

def normal_cases():
    for z in [-40.0, -8.0, -1.959963984540054, -1.0, -1e-8, 0.0, 1e-8, 0.5, 1.0, 1.6448536269514722,
              1.959963984540054, 3.0, 5.0, 8.0, 12.5, 20.0, 30.0, 37.0, 37.5]:
        emit("normal_sf_%r" % z, "normal_sf", [repr(z)], scipy.stats.norm.sf(z))


def student_cases():
    for df in [0.5, 1.0, 1.5, 2.0, 2.7, 5.5, 10.0, 29.3, 123.4, 1e4, 3e5, 2e6]:
        for t in [-5.0, -1.0, 0.0, 0.3, 1.0, 2.0, 4.0, 10.0, 37.0, 1e3, 1e8]:
            v = scipy.stats.t.sf(t, df)
            if 0 < v < 1e-300:
                continue
            emit("t_sf_%r_df%r" % (t, df), "student_t_sf", [repr(t), repr(df)], v)


def betainc_cases():
    # SciPy 1.10's betainc is Cephes' incbet, whose error grows with a and b (2.8e-13 at
    # a = b = 1000, 6e-10 at 1e5, see README); large a and b are covered through
    # binom_upper and student_t_sf, whose SciPy code is accurate there.
    for a in [0.1, 0.5, 1.0, 2.5, 10.0, 55.5, 400.0]:
        for b in [0.5, 1.0, 3.0, 20.0, 300.0]:
            for x in [0.0, 1e-10, 0.01, 0.3, 0.5, 0.9, 0.999, 1.0]:
                v = scipy.special.betainc(a, b, x)
                if 0 < v < 1e-300:
                    continue
                emit("betainc_%r_%r_%r" % (a, b, x), "betainc", [repr(a), repr(b), repr(x)], v)


def stddev_cases():
    small = [
        ("two", [1.0, 2.0]),
        ("equal", [5.0, 5.0, 5.0]),
        ("five", [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]),
        ("negative", [-3.5, 0.0, 2.25, -1.0, 7.125]),
        ("offset", [1e9 + 0.001, 1e9 + 0.002, 1e9 + 0.003, 1e9 + 0.004]),
        ("tiny_spread", [1.0, 1.0 + 2 ** -40, 1.0 - 2 ** -41, 1.0]),
        ("wide", [1e-3, 1e3, 1e6, 12.5]),
    ]
    for name, v in small:
        emit("stddev_" + name, "stddev", [fmt_list(v)], np.std(v, ddof=1))
    for spec in ["lcg:7:1000:100000:0", "lcg:8:100000:5000:250", "lcg:9:100000:1000000000:1000000000000"]:
        emit("stddev_" + spec.replace(":", "_"), "stddev", [spec], np.std(sample(spec), ddof=1))


# ---- the three tests ------------------------------------------------------------------

def mwu(name, xs, ys):
    x, y = sample(xs), sample(ys)
    p = scipy.stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic",
                                 use_continuity=True).pvalue
    emit("mw_" + name, "mann_whitney", [xs, ys], p)


def mann_whitney_cases():
    mwu("one_one", "1.0", "2.0")
    mwu("one_one_equal", "3.5", "3.5")
    mwu("one_vs_many", "10.0", fmt_list(range(1, 20)))
    mwu("many_vs_one", fmt_list(range(1, 20)), "0.5")
    mwu("one_vs_many_middle", "10.0", fmt_list(range(1, 21)))
    mwu("two_two", "1.0,2.0", "3.0,4.0")
    mwu("two_vs_many", "1.0,100.0", fmt_list(range(2, 30)))
    mwu("many_vs_two", fmt_list(range(2, 30)), "0.0,0.25")
    mwu("two_tied", "2.0,2.0", "2.0,3.0")
    mwu("equal_samples", "1.0,2.0,3.0,4.0,5.0", "1.0,2.0,3.0,4.0,5.0")
    mwu("constant_same", "3.0,3.0,3.0", "3.0,3.0")
    mwu("constant_many", fmt_list([7.25] * 50), fmt_list([7.25] * 80))
    mwu("all_but_one_equal", fmt_list([5.0] * 20 + [6.0]), fmt_list([5.0] * 15))
    mwu("all_but_one_equal_other", fmt_list([5.0] * 20), fmt_list([4.0] + [5.0] * 15))
    mwu("two_values", fmt_list([1.0] * 30 + [2.0] * 10), fmt_list([1.0] * 10 + [2.0] * 30))
    mwu("zero_signs", "-0.0,0.0,1.0", "0.0,-0.0,2.0")
    mwu("negative", "-5.5,-3.0,-1.0,0.0", "-2.0,1.0,3.5,4.0,9.0")
    mwu("separated_10", fmt_list(range(10)), fmt_list(range(100, 110)))
    mwu("separated_100", fmt_list(range(100)), fmt_list(range(1000, 1100)))
    mwu("interleaved", fmt_list(range(0, 100, 2)), fmt_list(range(1, 101, 2)))
    # fully separated lcg samples: z about 36, p about 1e-285
    mwu("separated_850", "lcg:1:850:1000:0", "lcg:2:850:1000:5000")
    mwu("separated_400_900", "lcg:3:400:1000:0", "lcg:4:900:1000:2000")
    # random small and medium samples with ties (numpy's seeded generator only picks
    # the inputs, which are written out in full)
    rng = np.random.default_rng(20261202)
    for i in range(36):
        nx = int(rng.integers(1, 40))
        ny = int(rng.integers(1, 40))
        dec = int(rng.integers(0, 3))
        shift = float(rng.choice([0.0, 0.2, 1.0, 3.0]))
        x = np.round(rng.lognormal(3.0, 0.5, nx), dec)
        y = np.round(rng.lognormal(3.0 + shift * 0.3, 0.5, ny), dec)
        mwu("random_%02d" % i, fmt_list(x), fmt_list(y))
    # large, from the generator
    mwu("lcg_1e3_shift", "lcg:11:1000:100000:0", "lcg:12:1200:100000:3000")
    mwu("lcg_1e4_ties", "lcg:13:10000:500:0", "lcg:14:10000:500:5")
    mwu("lcg_1e4_same", "lcg:15:10000:100000:0", "lcg:16:10000:100000:0")
    mwu("lcg_1e5_unequal", "lcg:17:100000:1000000:0", "lcg:18:30000:1000000:2000")
    mwu("lcg_1e5_heavy_ties", "lcg:19:100000:20:0", "lcg:20:100000:21:0")
    mwu("lcg_1e6_each", "lcg:21:1000000:100000:0", "lcg:22:1000000:100000:150")


def welch(name, n1, m1, s1, n2, m2, s2, value=None):
    if value is None:
        value = scipy.stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2,
                                                 equal_var=False).pvalue
    emit("welch_" + name, "welch", [repr(float(a)) for a in (n1, m1, s1, n2, m2, s2)], value)


def welch_cases():
    welch("textbook", 15, 20.0, 4.0, 12, 23.0, 5.0)
    welch("n2_n2", 2, 1.0, 0.5, 2, 2.0, 0.7)
    welch("n2_vs_many", 2, 10.0, 3.0, 500, 12.0, 1.0)
    welch("equal_means", 30, 5.0, 1.0, 40, 5.0, 2.0)
    welch("one_sd_zero", 10, 5.0, 0.0, 20, 6.0, 1.5)
    welch("other_sd_zero", 25, 7.0, 2.0, 8, 6.0, 0.0)
    welch("one_sd_zero_equal_mean", 10, 5.0, 0.0, 20, 5.0, 1.5)
    # both sd 0: the spec's values (SciPy: nan for equal means, 0 otherwise)
    welch("both_sd_zero_equal", 5, 3.0, 0.0, 7, 3.0, 0.0, 1.0)
    welch("both_sd_zero_differ", 5, 3.0, 0.0, 7, 3.5, 0.0, 0.0)
    welch("fractional_df", 7, 100.0, 30.0, 9, 140.0, 8.0)
    welch("large_n", 2000000, 153.2, 40.0, 1900000, 153.3, 41.0)
    welch("large_n_tiny_p", 2000000, 150.0, 40.0, 2000000, 152.0, 40.0)
    welch("large_n_p_1e-300", 2000000, 150.0, 40.0, 2000000, 151.48, 40.0)
    welch("small_df_tiny_p", 3, 10.0, 0.01, 3, 20.0, 0.02)
    welch("huge_t_small_n", 4, 0.0, 1e-6, 5, 1.0, 1e-6)
    welch("baseline_vs_current", 169, 131.5, 35.2, 153, 118.1, 30.9)
    welch("sd_ratio_1e3", 50, 10.0, 0.01, 60, 10.5, 10.0)
    rng = np.random.default_rng(20261203)
    for i in range(40):
        n1 = int(10 ** rng.uniform(0.31, 6.3))
        n2 = int(10 ** rng.uniform(0.31, 6.3))
        m1 = float(np.round(rng.lognormal(4.0, 1.0), 3))
        s1 = float(np.round(m1 * rng.uniform(0.05, 1.5), 3))
        m2 = float(np.round(m1 * (1 + rng.normal() * rng.choice([0.001, 0.01, 0.1])), 3))
        s2 = float(np.round(m2 * rng.uniform(0.05, 1.5), 3))
        welch("random_%02d" % i, max(n1, 2), m1, s1, max(n2, 2), m2, s2)


def binom(name, k, n, p, value=None):
    if value is None:
        value = scipy.stats.binom.sf(k - 1, n, p)
    emit("binom_" + name, "binom_upper", [str(k), str(n), repr(float(p))], value)


def binom_cases():
    binom("spec_1_of_6_at_1pct", 1, 6, 0.01)
    binom("k0", 0, 10, 0.3)
    binom("k0_n0", 0, 0, 0.3)
    binom("kn", 10, 10, 0.3)
    binom("k_gt_n", 11, 10, 0.3)
    binom("p0", 3, 10, 0.0)
    binom("p0_k0", 0, 10, 0.0)
    binom("p1", 3, 10, 1.0)
    binom("p1_kn", 10, 10, 1.0)
    binom("one_trial", 1, 1, 0.25)
    binom("2_of_6_at_1pct", 2, 6, 0.01)
    binom("3_of_100_at_1pct", 3, 100, 0.01)
    binom("10_of_100_at_5pct", 10, 100, 0.05)
    binom("half", 50, 100, 0.5)
    binom("half_plus", 51, 100, 0.5)
    binom("all_fail_tiny_p", 200, 200, 0.01)
    binom("tiny_p", 5, 1000, 1e-9)
    binom("near_one", 999, 1000, 0.999)
    binom("large_n_mean", 100000, 10000000, 0.01)
    binom("large_n_above", 101000, 10000000, 0.01)
    binom("large_n_far", 120000, 10000000, 0.01)
    binom("large_n_below", 99000, 10000000, 0.01)
    binom("large_n_half", 5001000, 10000000, 0.5)
    binom("large_n_p_1e-300", 2370, 100000, 0.01)
    binom("large_n_k_n", 10000000, 10000000, 0.9999999)
    binom("large_n_k1", 1, 10000000, 1e-8)
    rng = np.random.default_rng(20261204)
    for i in range(40):
        n = int(10 ** rng.uniform(0, 7))
        p = float(10 ** rng.uniform(-6, 0)) if i % 2 else float(rng.uniform())
        mean = n * p
        sd = (n * p * (1 - p)) ** 0.5
        k = int(round(mean + sd * rng.normal() * float(rng.choice([0.5, 2.0, 5.0]))))
        k = min(max(k, 0), n + 1)
        v = scipy.stats.binom.sf(k - 1, n, p)
        if 0 < v < 1e-300:
            continue
        binom("random_%02d" % i, k, n, p)


def main():
    normal_cases()
    student_cases()
    betainc_cases()
    stddev_cases()
    mann_whitney_cases()
    welch_cases()
    binom_cases()
    out = sys.stdout
    out.write("# significance.tsv - made by gen-significance.py; do not edit\n")
    out.write("# SciPy %s, numpy %s\n" % (scipy.__version__, np.__version__))
    out.write("# name\ttest\targs\tvalue\n")
    for r in ROWS:
        out.write(r + "\n")


if __name__ == "__main__":
    main()
