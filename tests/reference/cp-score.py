#!/usr/bin/env python3
"""cp-score.py - compare change points from C and from the reference, score them on truth.

Usage: cp-score.py [--agree-only] TRUTH C_OUTPUT REFERENCE_OUTPUT
(TRUTH from cp-gen.py; both outputs in the format of tests/unit/changepoint-series.c.
--agree-only: step 1 alone, for suites without a truth, such as cp-gen.py --ties.)

1. Agreement: for every series the same change-point indices, counts and undefined
   percentages; p-values within 1e-9 relative; before, after and change_pct within 1e-12.
2. Ground truth (the C result): a found index matches a true step when within +-1 bucket
   (each truth matched at most once, nearest first). Precision, recall and F1 over the
   series whose steps are at least 3 sigma, recall per step size, the mean signed offset of
   matches (bias), unchanged ("none") series with any change point, trends with any.
   SPEC 17's goal: F1 >= 0.9 for steps >= 3 sigma, at most 2 per 100 unchanged series.

Prints the figures as a Markdown table; exits 1 when the outputs disagree or the goal is
missed.
"""
import math
import sys


def read_output(path):
    """{id: [(index, p, before, after, pct or None, cb, ca)]}."""
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            rows = out.setdefault(parts[0], [])
            if parts[1] == "-":
                continue
            rows.append((int(parts[1]), float(parts[2]), float(parts[3]), float(parts[4]),
                         None if parts[5] == "-" else float(parts[5]),
                         int(parts[6]), int(parts[7])))
    return out


def read_truth(path):
    """[(id, kind, size, length, [indices])] in file order."""
    rows = []
    with open(path) as f:
        for line in f:
            sid, kind, size, length, _extras, idx = line.rstrip("\n").split("\t")
            rows.append((sid, kind, int(size), int(length),
                         [] if idx == "-" else [int(i) for i in idx.split(",")]))
    return rows


def close(a, b, rel):
    """a and b within rel of each other (both 0 counts as close)."""
    return a == b or abs(a - b) <= rel * max(abs(a), abs(b))


def disagreements(truth, c_out, r_out):
    """Messages for every series where C and the reference differ."""
    msgs = []
    for sid, *_ in truth:
        c, r = c_out.get(sid), r_out.get(sid)
        if c is None or r is None:
            msgs.append("%s: missing from %s" % (sid, "C" if c is None else "reference"))
            continue
        if [x[0] for x in c] != [x[0] for x in r]:
            msgs.append("%s: indices C %s, reference %s" % (
                sid, [x[0] for x in c], [x[0] for x in r]))
            continue
        for a, b in zip(c, r):
            ok = (close(a[1], b[1], 1e-9) and close(a[2], b[2], 1e-12)
                  and close(a[3], b[3], 1e-12) and a[5:] == b[5:]
                  and (a[4] is None) == (b[4] is None)
                  and (a[4] is None or close(a[4], b[4], 1e-9)))
            if not ok:
                msgs.append("%s: at %d C %r, reference %r" % (sid, a[0], a, b))
    return msgs


def match(found, truth):
    """(true positives, signed offsets): each truth matched once, within +-1 bucket."""
    left = list(truth)
    offsets = []
    for f in found:
        near = [t for t in left if abs(f - t) <= 1]
        if near:
            t = min(near, key=lambda t: abs(f - t))
            left.remove(t)
            offsets.append(f - t)
    return len(offsets), offsets


def score(truth, c_out):
    """Figures (dict) of the C result against the truth."""
    fig = {"tp": 0, "fp": 0, "fn": 0, "offsets": [], "by_size": {}, "none": 0,
           "none_hit": 0, "trend": 0, "trend_hit": 0, "none_cps": 0, "by_span": {}}
    for sid, kind, size, length, idx in truth:
        found = [x[0] for x in c_out.get(sid, [])]
        if kind == "none":
            fig["none"] += 1
            fig["none_hit"] += bool(found)
            fig["none_cps"] += len(found)
            continue
        if kind == "trend":
            fig["trend"] += 1
            fig["trend_hit"] += bool(found)
            continue
        tp, offsets = match(found, idx)
        s = fig["by_size"].setdefault(size, {"steps": 0, "tp": 0, "fp": 0})
        s["steps"] += len(idx)
        s["tp"] += tp
        s["fp"] += len(found) - tp
        if size >= 3:
            fig["tp"] += tp
            fig["fp"] += len(found) - tp
            fig["fn"] += len(idx) - tp
            fig["offsets"] += offsets
            span_recall(fig["by_span"], found, idx, length)
    return fig


SPANS = ((0, 15, "under 15"), (15, 30, "15 to 29"), (30, 10 ** 9, "30 or more"))


def span_recall(by_span, found, idx, length):
    """Tally each true step by the shorter of its two neighbouring true segments."""
    bounds = [0] + idx + [length]
    for k, t in enumerate(idx, start=1):
        span = min(bounds[k] - bounds[k - 1], bounds[k + 1] - bounds[k])
        name = next(n for lo, hi, n in SPANS if lo <= span < hi)
        s = by_span.setdefault(name, [0, 0])
        s[0] += any(abs(f - t) <= 1 for f in found)
        s[1] += 1


def report(fig, n_series):
    """Print the Markdown table; True when SPEC 17's goal is met."""
    tp, fp, fn = fig["tp"], fig["fp"], fig["fn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    bias = sum(fig["offsets"]) / len(fig["offsets"]) if fig["offsets"] else 0.0
    exact = sum(1 for o in fig["offsets"] if o == 0)
    none_rate = 100.0 * fig["none_hit"] / fig["none"] if fig["none"] else 0.0
    print("| figure | value |")
    print("|---|---|")
    print("| series | %d |" % n_series)
    print("| steps >= 3 sigma: true / false positives, missed | %d / %d / %d |" % (tp, fp, fn))
    print("| steps >= 3 sigma: precision, recall, F1 | %.3f, %.3f, %.3f |"
          % (precision, recall, f1))
    print("| matches at the exact bucket; mean signed offset (bias) | %d of %d; %+.3f |"
          % (exact, len(fig["offsets"]), bias))
    for size in sorted(fig["by_size"]):
        s = fig["by_size"][size]
        print("| steps of %d sigma: recall; false positives | %d/%d = %.3f; %d |"
              % (size, s["tp"], s["steps"], s["tp"] / s["steps"], s["fp"]))
    for _lo, _hi, name in SPANS:
        if name in fig["by_span"]:
            hit, total = fig["by_span"][name]
            print("| steps >= 3 sigma, shorter neighbouring segment %s buckets: recall | "
                  "%d/%d = %.3f |" % (name, hit, total, hit / total))
    print("| unchanged series with any change point | %d of %d (%.1f per 100; %d points) |"
          % (fig["none_hit"], fig["none"], none_rate, fig["none_cps"]))
    print("| linear trends with any change point (not scored) | %d of %d |"
          % (fig["trend_hit"], fig["trend"]))
    goal = f1 >= 0.9 and none_rate <= 2.0
    print("\nSPEC 17 goal (F1 >= 0.9, <= 2 per 100 unchanged): %s"
          % ("met" if goal else "MISSED"))
    return goal


def main():
    args = sys.argv[1:]
    agree_only = args[:1] == ["--agree-only"]
    if agree_only:
        args = args[1:]
    if len(args) != 3:
        sys.exit(__doc__)
    truth = read_truth(args[0])
    c_out = read_output(args[1])
    r_out = read_output(args[2])
    msgs = disagreements(truth, c_out, r_out)
    for m in msgs[:20]:
        print("DISAGREE: " + m)
    if msgs:
        print("%d of %d series disagree" % (len(msgs), len(truth)))
    if agree_only:
        print("%d series, %d change points: %s" % (
            len(truth), sum(len(v) for v in c_out.values()),
            "C and reference disagree" if msgs else "C and reference agree"))
        sys.exit(1 if msgs else 0)
    goal = report(score(truth, c_out), len(truth))
    sys.exit(0 if goal and not msgs else 1)


if __name__ == "__main__":
    main()
