#!/usr/bin/python3
"""measure.py BUILD_DIR FILELIST100 FILELIST [NODE_MODULES] - the measuring half
of bench/run.sh, which has built the floor, installed the npm readers and
written the corpus (FILELIST: one path a line; FILELIST100: its first 100).

Runs every reader over the same files, round-robin, BENCH_RUNS times (default
3), so that a job that starts on the machine meanwhile slows every reader
alike.  For each run of each reader it keeps:
  - wall time: a monotonic clock around the whole process (start-up included);
  - CPU time: user + system of the process and its threads, from wait4();
  - peak RSS: GNU time's %M (/usr/bin/time -f %M).  Not from wait4(): on Linux
    a child forked from this Python process would report at least the RSS of
    Python itself.
Best of the runs: the smallest wall time, the smallest CPU time, the largest
peak RSS.  Prints a Markdown table and the ratios, and writes them to
BUILD_DIR/bench-results.md.  NODE_MODULES missing: exceljs and SheetJS are
reported as not measured.
"""

import datetime
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
AS_OF = "2026-11-26"


def mib(kib):
    return kib / 1024.0


class Job:
    """One reader over one list of files; collects its runs."""

    def __init__(self, key, label, argv, files, env=None, ok_status=(0,)):
        self.key, self.label, self.argv, self.files = key, label, argv, files
        self.env, self.ok_status = env, ok_status
        self.wall, self.cpu, self.rss = [], [], []
        self.stdout = ""

    def run_once(self, tmp):
        timefile = os.path.join(tmp, "time")
        out = os.path.join(tmp, "out")
        err = os.path.join(tmp, "err")
        cmd = ["/usr/bin/time", "-f", "%M", "-o", timefile] + self.argv + self.files
        with open(out, "wb") as fo, open(err, "wb") as fe:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=fo, stderr=fe, env=self.env)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        errtext = open(err, encoding="utf-8", errors="replace").read()
        if proc.returncode not in self.ok_status:
            sys.exit("bench: %s failed (exit status %d): %s" %
                     (self.label, proc.returncode, errtext.strip()[-600:]))
        with open(timefile) as f:
            lines = [ln for ln in f.read().splitlines() if ln.strip()]
        self.wall.append(wall)
        self.cpu.append(usage.ru_utime + usage.ru_stime)
        self.rss.append(int(lines[-1]))
        self.stdout = open(out, encoding="utf-8", errors="replace").read()
        self.stderr = errtext

    @property
    def best_wall(self):
        return min(self.wall)

    @property
    def best_cpu(self):
        return min(self.cpu)

    @property
    def peak(self):
        return max(self.rss)


def kaiji_summary(job, n):
    """What kaiji judged, from the JSON of its last run; checks every file is in it."""
    try:
        s = json.loads(job.stdout)["summary"]
    except (ValueError, KeyError) as e:
        sys.exit("bench: %s: output is not kaiji's JSON (%s)" % (job.label, e))
    if s["documents"] != n:
        sys.exit("bench: %s reported %d documents, not %d" % (job.label, s["documents"], n))
    return "%d valid, %d outdated, %d invalid, %d unreadable" % (
        s["valid"], s["outdated"], s["invalid"], s["unreadable"])


def loader_line(job, n):
    """The "<documents> <seconds> <count> ... <failed>" line a loader prints."""
    fields = job.stdout.split()
    if len(fields) < 4 or int(fields[0]) != n:
        sys.exit("bench: %s printed %r" % (job.label, job.stdout[:200]))
    return fields


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except (OSError, IndexError):
        return "?"


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for ln in f:
                if ln.startswith("model name"):
                    cpu = ln.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return len(os.sched_getaffinity(0)), cpu


def libxml2_version():
    """libxml2's version from pkg-config, or "" when it cannot say."""
    try:
        r = subprocess.run(["pkg-config", "--modversion", "libxml-2.0"], capture_output=True,
                           text=True, check=False)
        return r.stdout.strip()
    except OSError:
        return ""


def main(argv):
    build, list100, listall = argv[1], argv[2], argv[3]
    node_modules = argv[4] if len(argv) > 4 and argv[4] else None
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    py = os.environ.get("PYTHON", "/usr/bin/python3")
    files = [ln for ln in open(listall).read().splitlines() if ln]
    first100 = [ln for ln in open(list100).read().splitlines() if ln]
    n = len(files)
    size_all = sum(os.path.getsize(p) for p in files)
    size_100 = sum(os.path.getsize(p) for p in first100)
    ncpu, cpu = machine()
    kaiji = os.path.join(build, "kaiji")
    kargs = [kaiji, "validate", "--format", "json", "--as-of", AS_OF]
    node_env = None
    if node_modules:
        node_env = dict(os.environ, NODE_PATH=node_modules)

    jobs = [
        Job("floor", "libzip inflate floor", [os.path.join(build, "inflate_floor")], files),
        Job("pfloor", "libzip inflate + libxml2 parse floor",
            [os.path.join(build, "inflate_floor"), "--parse"], files),
    ]
    expat = os.environ.get("BENCH_EXPAT", "")
    if expat:
        jobs.append(Job("xfloor", "libzip inflate + expat parse floor",
                        [os.path.join(build, "inflate_floor"), "--parse-expat"], files))
    jobs += [
        Job("k1", "kaiji validate -j 1", kargs[:2] + ["-j", "1"] + kargs[2:], files,
            ok_status=(0, 1)),
        Job("kN", "kaiji validate (default -j %d)" % ncpu, kargs, files, ok_status=(0, 1)),
        Job("k100", "kaiji validate (default -j %d)" % ncpu, kargs, first100, ok_status=(0, 1)),
        Job("openpyxl", "openpyxl", [py, "-B", os.path.join(HERE, "load_openpyxl.py")], files),
    ]
    if node_env:
        jobs += [
            Job("exceljs", "exceljs", ["node", os.path.join(HERE, "load_exceljs.js")], files,
                env=node_env),
            Job("sheetjs", "SheetJS xlsx", ["node", os.path.join(HERE, "load_sheetjs.js")], files,
                env=node_env),
        ]
    by = {j.key: j for j in jobs}

    load_before = loadavg()
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(runs):
            for j in jobs:
                print("bench: run %d/%d: %s on %d files" % (r + 1, runs, j.label, len(j.files)),
                      file=sys.stderr)
                j.run_once(tmp)

    notes = {}
    s_all = kaiji_summary(by["kN"], n)
    kaiji_summary(by["k1"], n)
    s_100 = kaiji_summary(by["k100"], 100)
    notes["k1"] = notes["kN"] = "reads, recognises, validates, prints JSON"
    notes["k100"] = "the first 100 files"
    f = loader_line(by["floor"], n)
    notes["floor"] = "%s entries, %.1f MB inflated%s" % (
        f[2], int(f[3]) / 1e6, "; %s files FAILED" % f[4] if f[4] != "0" else "")
    f = loader_line(by["pfloor"], n)
    notes["pfloor"] = "the same, each XML entry also through libxml2's SAX2 parser with " \
                      "callbacks that do nothing: the least a libxml2-based reader must do"
    if "xfloor" in by:
        f = loader_line(by["xfloor"], n)
        notes["xfloor"] = "the same through expat instead, handlers that do nothing: the " \
                          "least an expat-based reader must do%s" % (
                              "; %s files FAILED" % f[4] if f[4] != "0" else "")
    for key in ("openpyxl", "exceljs", "sheetjs"):
        if key in by:
            fl = loader_line(by[key], n)
            notes[key] = "load + touch %s cells" % fl[2]
            if fl[3] != "0":
                notes[key] += "; **could not load %s of %d files** (their failed attempts " \
                              "are in its time)" % (fl[3], n)

    order = ["k1", "kN", "k100", "openpyxl", "exceljs", "sheetjs", "floor", "pfloor", "xfloor"]
    names = {
        "k1": "kaiji validate -j 1",
        "kN": "kaiji validate (default: -j %d)" % ncpu,
        "k100": "kaiji validate (default: -j %d)" % ncpu,
        "openpyxl": "openpyxl %s load_workbook" % pyversion(py, "openpyxl"),
        "exceljs": "exceljs %s xlsx.readFile" % npmversion(node_modules, "exceljs"),
        "sheetjs": "SheetJS xlsx %s readFile" % npmversion(node_modules, "xlsx"),
        "floor": "floor: libzip zip_fread of every entry",
        "pfloor": "floor + libxml2 %s SAX2 parse" % libxml2_version(),
        "xfloor": "floor + expat %s parse" % expat,
    }
    out = []
    today = datetime.date.today().isoformat()
    corpus = os.environ.get("BENCH_CORPUS", "")
    out.append("Benchmark of %s on %d CPU (%s); %d synthetic XLSX files%s, %.1f MB; "
               "best of %d runs, round-robin." % (today, ncpu, cpu, n,
                                                  " (%s)" % corpus if corpus else "",
                                                  size_all / 1e6, runs))
    out.append("")
    out.append("| reader | files | wall s | CPU s (user+sys) | documents/s (wall) | MB/s (wall) "
               "| documents/s (CPU) | peak RSS MiB | what it does |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for key in order:
        if key not in by:
            continue
        j = by[key]
        size = size_100 if key == "k100" else size_all
        cnt = len(j.files)
        out.append("| %s | %d | %.3f | %.3f | %.0f | %.1f | %.0f | %.1f | %s |" % (
            names[key], cnt, j.best_wall, j.best_cpu, cnt / j.best_wall,
            size / 1e6 / j.best_wall, cnt / j.best_cpu, mib(j.peak), notes[key]))
    if not node_env:
        out.append("| exceljs, SheetJS xlsx | - | - | - | - | - | - | - | not measured: "
                   "npm packages not installed (see above) |")
    out.append("")

    k1, kN = by["k1"], by["kN"]
    measures = [("wall, kaiji -j 1", lambda j: j.best_wall, k1),
                ("wall, kaiji -j %d" % ncpu, lambda j: j.best_wall, kN),
                ("CPU, kaiji -j 1", lambda j: j.best_cpu, k1)]
    out.append("| ratio (same run) | " + " | ".join(m[0] for m in measures) + " | target |")
    out.append("|---|" + "---:|" * len(measures) + "---|")
    verdicts = []

    def ratio_row(label, other, target_text, met, faster=True):
        vals = []
        for mname, get, k in measures:
            v = get(other) / get(k) if faster else get(k) / get(other)
            vals.append(v)
        out.append("| %s | %s | %s |" % (label, " | ".join("%.1f×" % v for v in vals),
                                         target_text))
        if met is None:
            return
        missed = [m[0] for m, v in zip(measures, vals) if not met(v)]
        verdicts.append((label, target_text, missed, vals))

    if "openpyxl" in by:
        ratio_row("kaiji faster than openpyxl", by["openpyxl"], "≥ 30×", lambda v: v >= 30)
    if "exceljs" in by:
        ratio_row("kaiji faster than exceljs", by["exceljs"], "> 1× (ahead)", lambda v: v > 1)
    if "sheetjs" in by:
        ratio_row("kaiji faster than SheetJS xlsx", by["sheetjs"], "> 1× (ahead)",
                  lambda v: v > 1)
    ratio_row("kaiji slower than the inflate floor", by["floor"], "≤ 2.5×", lambda v: v <= 2.5,
              faster=False)
    ratio_row("kaiji slower than the inflate + parse floor", by["pfloor"],
              "none (what kaiji adds to its XML parser)", None, faster=False)
    if "xfloor" in by:
        ratio_row("kaiji slower than the inflate + expat parse floor", by["xfloor"],
                  "none (what a reader on expat would start from)", None, faster=False)
    out.append("")
    out.append("Ratios are quotients of the times above (best of %d): a reader's time over "
               "kaiji's, and for the floor kaiji's time over the floor's. The floor and the "
               "other readers work on one thread; kaiji -j %d on %d worker threads, which gain "
               "nothing in wall time when another job holds a core (load average before the "
               "run %s, after it %s)." % (runs, ncpu, ncpu, load_before, loadavg()))
    out.append("")
    for label, target, missed, vals in verdicts:
        figures = "; ".join("%.1f× (%s)" % (v, m[0]) for m, v in zip(measures, vals))
        if not missed:
            out.append("- %s: target %s **met** on every measure: %s." % (label, target, figures))
        elif len(missed) == len(measures):
            out.append("- %s: target %s **MISSED** on every measure: %s." % (
                label, target, figures))
        else:
            out.append("- %s: target %s **MISSED** on %s: %s." % (
                label, target, " and ".join(missed), figures))
    out.append("")
    busy = [(j.label, j.best_wall / j.best_cpu) for j in jobs
            if j.key not in ("kN", "k100") and j.best_cpu >= 0.05
            and j.best_wall > 1.15 * j.best_cpu]
    if busy:
        out.append("**WARNING: the machine was busy during this run** (%s): the wall-time "
                   "ratios are unreliable, trust the CPU-time ones." % "; ".join(
                       "%s took %.1f× its CPU time in wall time" % b for b in busy))
        out.append("")
    out.append("Peak memory of kaiji (default -j %d): %.1f MiB for 100 files, %.1f MiB for %d "
               "files (×%.2f for %.0f× the files)." % (
                   ncpu, mib(by["k100"].peak), mib(kN.peak), n, kN.peak / by["k100"].peak,
                   n / 100.0))
    out.append("")
    out.append("kaiji judged the %d: %s; the first 100: %s." % (n, s_all, s_100))
    out.append("Times are of the whole process, start-up included; MB = 10^6 bytes of XLSX input.")
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    with open(os.path.join(build, os.environ.get("BENCH_RESULTS", "bench-results.md")),
              "w") as fo:
        fo.write(text)
    return 0


def pyversion(py, module):
    try:
        return subprocess.run([py, "-c", "import %s; print(%s.__version__)" % (module, module)],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def npmversion(node_modules, package):
    if not node_modules:
        return "?"
    try:
        with open(os.path.join(node_modules, package, "package.json")) as f:
            return json.load(f)["version"]
    except (OSError, ValueError, KeyError):
        return "?"


if __name__ == "__main__":
    sys.exit(main(sys.argv))
