#!/usr/bin/python3
"""load_openpyxl.py FILE... - the baseline of the benchmark: openpyxl merely
loading each workbook (load_workbook(read_only=False)) and touching every
cell value.  No recognition, no validation.  A file openpyxl cannot load is
counted, not fatal.  Prints one line:
"<documents> <seconds> <cells> <failed>" (seconds: the loading alone)."""

import sys
import time
import warnings

import openpyxl


def main(paths):
    warnings.simplefilter("ignore")  # openpyxl warns on data validation etc.
    start = time.perf_counter()
    cells = 0
    failed = 0
    for p in paths:
        try:
            wb = openpyxl.load_workbook(p, read_only=False)
            for ws in wb.worksheets:
                for row in ws.iter_rows():
                    for c in row:
                        if c.value is not None:
                            cells += 1
            wb.close()
        except Exception as e:  # pylint: disable=broad-except
            failed += 1
            if failed <= 3:
                print("openpyxl: %s: %s" % (p, e), file=sys.stderr)
    elapsed = time.perf_counter() - start
    print("%d %.3f %d %d" % (len(paths), elapsed, cells, failed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
