#!/usr/bin/python3
"""Checks the link-level module graph of a build: which module (top folder)
uses a symbol which other module defines, read with nm from the object files
of BUILD (default build/).  Every arrow must go down the layer order of
docs/conventions.md, so the graph has no cycle.  Prints the graph; exits 1
with the arrows that go up (each with an object and a symbol behind it).

Usage: tools/check-layers.py [BUILD]
"""
import collections
import glob
import os
import subprocess
import sys

# Lowest first.  A module may use only modules before it.
LAYERS = ["platform", "base", "text", "model", "formats", "catalog", "parser", "validator",
          "mail", "fetch", "store", "report", "server", "cli"]


def left_over(obj, top):
    """True when the source obj was compiled from (the first prerequisite in
    its .d file) is gone, here or under top: a file moved, its object left
    behind in the build folder."""
    dep = obj[:-2] + ".d"
    try:
        with open(dep) as f:
            first = f.read().split(":", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return not (os.path.exists(first) or os.path.exists(os.path.join(top, first)))


def main(argv):
    build = argv[1] if len(argv) > 1 else "build"
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    objs = [o for o in glob.glob(os.path.join(build, "*", "*.o"))
            if o.split(os.sep)[-2] in LAYERS and not left_over(o, top)]
    if not objs:
        print("no object files under %s: build first" % build)
        return 2
    defined, undefined = {}, collections.defaultdict(set)
    for o in objs:
        out = subprocess.run(["nm", o], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            p = line.split()
            if len(p) == 3 and p[1] in "TDBR":
                defined[p[2]] = o
            elif len(p) == 2 and p[0] == "U":
                undefined[o].add(p[1])
    edges = collections.defaultdict(dict)
    for o, syms in undefined.items():
        a = o.split(os.sep)[-2]
        for s in sorted(syms):
            d = defined.get(s)
            if d and d.split(os.sep)[-2] != a:
                edges[a].setdefault(d.split(os.sep)[-2], (o, s))
    bad = []
    for a in LAYERS:
        print("%-9s -> %s" % (a, " ".join(sorted(edges[a], key=LAYERS.index)) or "-"))
        for b, why in edges[a].items():
            if LAYERS.index(b) >= LAYERS.index(a):
                bad.append("%s -> %s (%s uses %s)" % (a, b, why[0], why[1]))
    for line in bad:
        print("UP: " + line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
