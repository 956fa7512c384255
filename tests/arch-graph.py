#!/usr/bin/env python3
"""arch-graph.py - the include/call graph of src/ between files, checked against the layers.

Usage: arch-graph.py SRCDIR [OBJDIR] [--max-up N] [--list]

A file's module is its name without .c/.h (scan.c and scan.h are one module). Edges come
from the #include "..." lines of src/*.c and src/*.h, and, when OBJDIR holds the objects,
from the symbols each object leaves undefined and another defines (nm -A). Fails (status 1)
when the modules have a cycle (but those in KNOWN_CYCLES), when a file but main.c and cli.c includes cli.h, when a
module has no layer, or when more than N edges (default 5) go from a lower layer up to a
higher one. --list prints every edge with its kind (include/call).
"""
import glob
import os
import re
import subprocess
import sys

# Lowest first. A module calls and includes only its own layer and the ones below.
LAYERS = [
    ("leaf utils", ["common", "options", "xalloc", "pool", "diag", "utf8", "timeutil",
                    "names", "intern", "numfmt", "input-counts"]),
    ("input", ["source", "line-reader", "fieldmap", "expr", "value", "record", "record-type",
               "record-json", "fastpath", "scan", "scan-mt", "scan-int", "group",
               "format", "format-detect", "document", "jq-filter"]),
    ("records and statistics", ["window", "aggregate", "stats", "sketch", "summary",
                                "summary-input",
                                "changepoint", "state"]),
    ("report", ["report", "report-model", "explain", "degrade", "fdr", "gate", "compare",
                "change", "gate-*", "changes"]),
    ("emitters", ["emit", "emit-*", "term-table", "svg", "chart-axis", "export", "sink", "pager"]),
    ("commands", ["load", "cmd", "cmd-*"]),
    ("cli/main", ["cli", "main"]),
]
ONLY_CLI_H = {"main.c", "cli.c"}
# Cycles main had when this check came (issue 20), each left to the change that removes it;
# any other cycle, or one of these grown, fails. Remove an entry once its cycle is gone.
KNOWN_CYCLES = [
]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


# Files that are one module with another: a private header, a second source file.
ALIASES = {"scan-int": "scan", "scan-mt": "scan", "record-json": "record",
           "summary-fast": "summary",
           "fieldmap-json": "fieldmap"}


def module_of(path):
    m = re.sub(r"\.[ch]$", "", os.path.basename(path))
    return ALIASES.get(m, m)


def layer_of(mod):
    for i, (_, mods) in enumerate(LAYERS):
        for m in mods:
            if m == mod or (m.endswith("*") and mod.startswith(m[:-1])):
                return i
    return None


def include_edges(srcdir, problems):
    edges = set()
    for path in sorted(glob.glob(os.path.join(srcdir, "*.[ch]"))):
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for inc in INCLUDE.findall(text):
            if not os.path.exists(os.path.join(srcdir, inc)):
                continue  # config.h and the like
            if inc == "cli.h" and name not in ONLY_CLI_H:
                problems.append("%s includes cli.h (only %s may)" %
                                (name, " and ".join(sorted(ONLY_CLI_H))))
            a, b = module_of(name), module_of(inc)
            if a != b:
                edges.add((a, b, "include"))
    return edges


def call_edges(objdir, modules):
    defined, undefined = {}, {}
    objs = [o for o in glob.glob(os.path.join(objdir, "*.o"))
            if module_of(re.sub(r"^libperf_a-", "", os.path.basename(o))[:-2]) in modules]
    if not objs:
        return set()
    out = subprocess.run(["nm", "-A"] + sorted(objs), check=True, capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        obj, _, rest = line.partition(":")
        parts = rest.split()
        if len(parts) < 2:
            continue
        mod = module_of(re.sub(r"^libperf_a-", "", os.path.basename(obj))[:-2])
        kind, sym = parts[-2], parts[-1]
        if kind == "U":
            undefined.setdefault(mod, set()).add(sym)
        elif kind in "TDBR":
            defined[sym] = mod
    edges = set()
    for mod, syms in undefined.items():
        for s in syms:
            if s in defined and defined[s] != mod:
                edges.add((mod, defined[s], "call"))
    return edges


def cycles(nodes, adj):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(adj.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    max_up, listing = 5, "--list" in argv
    if "--max-up" in argv:
        max_up = int(argv[argv.index("--max-up") + 1])
        args.remove(str(max_up))
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    srcdir = args[0]
    objdir = args[1] if len(args) > 1 else srcdir
    problems = []
    edges = include_edges(srcdir, problems)
    modules = {module_of(p) for p in glob.glob(os.path.join(srcdir, "*.[ch]"))}
    edges |= call_edges(objdir, modules)
    for m in sorted(modules):
        if layer_of(m) is None:
            problems.append("%s has no layer: add it to LAYERS in %s" % (m, argv[0]))
    adj = {}
    for a, b, _ in edges:
        adj.setdefault(a, set()).add(b)
    found = cycles(modules, adj)
    for comp in found:
        if comp in KNOWN_CYCLES:
            print("known cycle between " + ", ".join(comp))
        else:
            problems.append("cycle between " + ", ".join(comp))
    up = sorted({(a, b) for a, b, _ in edges
                 if layer_of(a) is not None and layer_of(b) is not None
                 and layer_of(a) < layer_of(b)})
    if listing:
        for a, b, k in sorted(edges):
            print("%s -> %s (%s)" % (a, b, k))
    print("%d modules, %d edges, %d cycles, %d upward edges" %
          (len(modules), len({(a, b) for a, b, _ in edges}), len(found), len(up)))
    for a, b in up:
        print("upward: %s (%s) -> %s (%s)" % (a, LAYERS[layer_of(a)][0], b,
                                             LAYERS[layer_of(b)][0]))
    if len(up) > max_up:
        problems.append("%d upward edges, more than %d" % (len(up), max_up))
    for p in problems:
        print("FAIL: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
