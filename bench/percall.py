#!/usr/bin/python3
"""percall.py BUILD_DIR [FILELIST NAME]... - what a script or a CI job pays
when it calls kaiji once per file: one process per call.

Start-up: `kaiji --version`, `kaiji validate` of one small checklist and of
the MDS2 sample (samples/mds2/mds2-hn1-2019-good.xlsx, ~250 questions), each
against the libc-only floor (BUILD_DIR/read_floor: reads the same file whole,
nothing else), and against another build of kaiji named by BENCH_COMPARE
(e.g. the last release's, to compare in the same run), round-robin, BENCH_CALLS rounds (default 30); the median wall
time and CPU time of one call, and the shared objects each maps (counted with
LD_DEBUG=files, those dlopen()ed on the way included).

Per file: for each FILELIST (one path a line) given with its NAME, every file
in its own process, one after another, for kaiji validate -j 1, the inflate
floor (BUILD_DIR/inflate_floor) and the libc floor; total wall and CPU time.

parseMDS2: with BENCH_PARSEMDS2=/path/to/parseMDS2.py (the one-shot MDS2 reader
of github.com/LM-Tech-Solutions/parseMDS2, Python and openpyxl; not part of
kaiji nor fetched by the bench: bring your own copy), one MDS2 file
(BENCH_MDS2_FILE, default the MDS2 sample; issue 16 speaks of NEMA's
Example-MDS2-Worksheet.xlsx, which that repository holds) is read end to end
by `kaiji validate` and by parseMDS2, one process each, BENCH_PARSEMDS2_RUNS
rounds (default 5), round-robin; the median of each and their ratio.

Prints Markdown; bench/run.sh appends it to BUILD_DIR/bench-results.md.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
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
    ]
    other = os.environ.get("BENCH_COMPARE")
    if other:
        cases += [
            ("o-version", "%s --version" % other, [other, "--version"], "floor-small"),
            ("o-small", "%s validate, one checklist" % other,
             [other] + val[1:] + [small], "floor-small"),
            ("o-mds2", "%s validate, the MDS2 sample" % other,
             [other] + val[1:] + [mds2], "floor-mds2"),
            ("o-convert", "%s convert, the MDS2 sample" % other, [other, "convert", mds2],
             "floor-mds2"),
            ("o-catalog", "%s catalog list" % other, [other, "catalog", "list"], "floor-small"),
        ]
    cases += [
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
           "| call | wall ms | CPU ms | shared objects mapped | ÷ libc floor (wall / CPU) |",
           "|---|---:|---:|---:|---:|"]
    for key, label, argv, ref in cases:
        w = statistics.median(walls[key])
        c = statistics.median(cpus[key])
        ratio = "%.1f× / %.1f×" % (w / statistics.median(walls[ref]),
                                   c / max(statistics.median(cpus[ref]), 1e-6)) if ref else "1×"
        out.append("| %s | %.2f | %.1f | %d | %s |" % (label, w * 1e3, c * 1e3,
                                                      objects(argv), ratio))
    out.append("")
    return out


def per_file(build, lists):
    kaiji = os.path.join(build, "kaiji")
    py = os.environ.get("PYTHON", "/usr/bin/python3")
    here = os.path.dirname(os.path.abspath(__file__))
    readers = [
        ("k", [kaiji, "validate", "-j", "1", "--format", "json", "--as-of", AS_OF]),
        ("o", [py, "-B", os.path.join(here, "load_openpyxl.py")]),
        ("z", [os.path.join(build, "inflate_floor")]),
        ("c", [os.path.join(build, "read_floor")]),
    ]
    out = ["Per file, one process per file, one after another (wall s / CPU s, totals):", "",
           "| corpus | files | kaiji validate -j 1 | openpyxl load | inflate floor "
           "| libc floor | openpyxl ÷ kaiji | kaiji ÷ inflate floor | kaiji ÷ libc floor |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for path, name in lists:
        files = [ln for ln in open(path).read().splitlines() if ln]
        wall = {k: 0.0 for k, _ in readers}
        cpu = {k: 0.0 for k, _ in readers}
        for f in files:
            for key, argv in readers:
                w, c = call(argv + [f])
                wall[key] += w
                cpu[key] += c

        def both(k):
            return "%.2f / %.2f" % (wall[k], cpu[k])

        def ratio(a, b):
            return "%.1f× / %.1f×" % (wall[a] / wall[b], cpu[a] / max(cpu[b], 1e-3))
        out.append("| %s | %d | %s | %s | %s | %s | %s | %s | %s |" % (
            name, len(files), both("k"), both("o"), both("z"), both("c"),
            ratio("o", "k"), ratio("k", "z"), ratio("k", "c")))
    out.append("")
    out.append("CPU times come from wait4() and count whole milliseconds per process: "
               "the libc floor's are mostly rounding.")
    out.append("")
    return out


def parsemds2(build, script):
    """kaiji against parseMDS2 on one MDS2 file, one process each."""
    kaiji = os.path.join(build, "kaiji")
    py = os.environ.get("PYTHON", "/usr/bin/python3")
    src = os.environ.get("BENCH_MDS2_FILE",
                         os.path.join(TOP, "samples/mds2/mds2-hn1-2019-good.xlsx"))
    rounds = int(os.environ.get("BENCH_PARSEMDS2_RUNS", "5"))
    with tempfile.TemporaryDirectory() as tmp:
        # parseMDS2 writes NAME.xml beside its input: give it a folder of its own.
        mds2 = os.path.join(tmp, os.path.basename(src))
        shutil.copyfile(src, mds2)
        cases = [("k", [kaiji, "validate", "--format", "json", "--as-of", AS_OF, mds2]),
                 ("p", [py, "-B", script, mds2])]
        walls = {k: [] for k, _ in cases}
        cpus = {k: [] for k, _ in cases}
        for _ in range(rounds):
            for key, argv in cases:
                w, c = call(argv)
                walls[key].append(w)
                cpus[key].append(c)
        if not os.path.exists(os.path.splitext(mds2)[0] + ".xml"):
            sys.exit("bench: parseMDS2 wrote no XML for %s" % src)
    kw, kc = statistics.median(walls["k"]), statistics.median(cpus["k"])
    pw, pc = statistics.median(walls["p"]), statistics.median(cpus["p"])
    rw, rc = pw / kw, pc / max(kc, 1e-3)
    met = "met" if min(rw, rc) >= 500 else "missed"
    return ["One MDS2 file end to end, one process each (median of %d rounds, round-robin), "
            "`%s` (%d bytes):" % (rounds, os.path.basename(src), os.path.getsize(src)), "",
            "| reader | wall ms | CPU ms |", "|---|---:|---:|",
            "| kaiji validate | %.1f | %.1f |" % (kw * 1e3, kc * 1e3),
            "| parseMDS2 (Python, openpyxl) | %.1f | %.1f |" % (pw * 1e3, pc * 1e3), "",
            "parseMDS2 ÷ kaiji: %.0f× (wall) / %.0f× (CPU). Target ≥ 500×: **%s**. "
            "(kaiji's CPU time is counted in whole milliseconds by wait4().)"
            % (rw, rc, met), ""]


def main(argv):
    build = argv[1]
    rounds = int(os.environ.get("BENCH_CALLS", "30"))
    lists = list(zip(argv[2::2], argv[3::2]))
    out = startup(build, rounds)
    if lists:
        out += per_file(build, lists)
    script = os.environ.get("BENCH_PARSEMDS2")
    if script:
        out += parsemds2(build, script)
    else:
        out += ["parseMDS2: not measured (set BENCH_PARSEMDS2 to its parseMDS2.py).", ""]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
