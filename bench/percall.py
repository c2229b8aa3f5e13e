#!/usr/bin/python3
"""percall.py BUILD_DIR [FILELIST NAME]... - what a script or a CI job pays
when it calls kaiji once per file: one process per call.

Start-up: `kaiji --version`, `kaiji validate` of one small checklist and of
the MDS2 sample (samples/mds2/mds2-hn1-2019-good.xlsx, ~250 questions), each
against the libc-only floor (BUILD_DIR/read_floor: reads the same file whole,
nothing else), round-robin, BENCH_CALLS rounds (default 30); the median wall
time and CPU time of one call, and the shared objects each maps (counted with
LD_DEBUG=files, those dlopen()ed on the way included).

Per file: for each FILELIST (one path a line) given with its NAME, every file
in its own process, one after another, for kaiji validate -j 1, the inflate
floor (BUILD_DIR/inflate_floor) and the libc floor; total wall and CPU time.

Prints Markdown; bench/run.sh appends it to BUILD_DIR/bench-results.md.
"""

import os
import statistics
import subprocess
import sys
import time

AS_OF = "2026-11-26"
TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def call(argv):
    """Wall and CPU seconds of one process (its output thrown away)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit("bench: %s failed (exit status %d)" % (" ".join(argv), code))
    return wall, usage.ru_utime + usage.ru_stime


def objects(argv):
    """Shared objects the process maps (DT_NEEDED and dlopen alike)."""
    env = dict(os.environ, LD_DEBUG="files")
    r = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True, check=False)
    names = set()
    for ln in r.stderr.splitlines():
        if "generating link map" in ln and "file=" in ln:
            names.add(ln.split("file=", 1)[1].split()[0])
    return len(names)


def startup(build, rounds):
    kaiji = os.path.join(build, "kaiji")
    floor = os.path.join(build, "read_floor")
    small = os.path.join(TOP, "samples/checklist/vendor-r7-good.xlsx")
    mds2 = os.path.join(TOP, "samples/mds2/mds2-hn1-2019-good.xlsx")
    val = [kaiji, "validate", "--format", "json", "--as-of", AS_OF]
    cases = [
        ("version", "kaiji --version", [kaiji, "--version"], "floor-small"),
        ("small", "kaiji validate, one checklist (%d bytes)" % os.path.getsize(small),
         val + [small], "floor-small"),
        ("mds2", "kaiji validate, the MDS2 sample (%d bytes)" % os.path.getsize(mds2),
         val + [mds2], "floor-mds2"),
        ("convert", "kaiji convert, the MDS2 sample", [kaiji, "convert", mds2], "floor-mds2"),
        ("catalog", "kaiji catalog list", [kaiji, "catalog", "list"], "floor-small"),
        ("floor-small", "libc floor: read the checklist", [floor, small], None),
        ("floor-mds2", "libc floor: read the MDS2 sample", [floor, mds2], None),
    ]
    walls = {c[0]: [] for c in cases}
    cpus = {c[0]: [] for c in cases}
    for _ in range(rounds):
        for key, _, argv, _ in cases:
            w, c = call(argv)
            walls[key].append(w)
            cpus[key].append(c)
    out = ["Start-up, one process per call (median of %d calls each, round-robin):" % rounds,
           "",
           "| call | wall ms | CPU ms | shared objects mapped | wall ÷ libc floor |",
           "|---|---:|---:|---:|---:|"]
    for key, label, argv, ref in cases:
        w = statistics.median(walls[key])
        c = statistics.median(cpus[key])
        ratio = "%.1f×" % (w / statistics.median(walls[ref])) if ref else "1×"
        out.append("| %s | %.2f | %.1f | %d | %s |" % (label, w * 1e3, c * 1e3,
                                                      objects(argv), ratio))
    out.append("")
    return out


def per_file(build, lists):
    kaiji = os.path.join(build, "kaiji")
    out = ["Per file, one process per file, one after another:", "",
           "| corpus | files | kaiji validate -j 1, s | inflate floor, s | libc floor, s "
           "| kaiji ÷ inflate floor | kaiji ÷ libc floor |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for path, name in lists:
        files = [ln for ln in open(path).read().splitlines() if ln]
        tot = {"k": 0.0, "z": 0.0, "c": 0.0}
        for f in files:
            tot["k"] += call([kaiji, "validate", "-j", "1", "--format", "json",
                              "--as-of", AS_OF, f])[0]
            tot["z"] += call([os.path.join(build, "inflate_floor"), f])[0]
            tot["c"] += call([os.path.join(build, "read_floor"), f])[0]
        out.append("| %s | %d | %.2f | %.2f | %.2f | %.1f× | %.1f× |" % (
            name, len(files), tot["k"], tot["z"], tot["c"], tot["k"] / tot["z"],
            tot["k"] / tot["c"]))
    out.append("")
    return out


def main(argv):
    build = argv[1]
    rounds = int(os.environ.get("BENCH_CALLS", "30"))
    lists = list(zip(argv[2::2], argv[3::2]))
    out = startup(build, rounds)
    if lists:
        out += per_file(build, lists)
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
