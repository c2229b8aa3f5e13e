#!/usr/bin/python3
"""load_openpyxl.py FILE... - the baseline of the benchmark: openpyxl merely
loading each workbook (load_workbook(read_only=False)) and touching every
cell value.  No recognition, no validation.  Prints one line:
"<documents> <seconds>" (the wall time of the loading alone)."""

import sys
import time
import warnings

import openpyxl


def main(paths):
    warnings.simplefilter("ignore")  # openpyxl warns on data validation etc.
    start = time.perf_counter()
    cells = 0
    for p in paths:
        wb = openpyxl.load_workbook(p, read_only=False)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.value is not None:
                        cells += 1
        wb.close()
    elapsed = time.perf_counter() - start
    print("%d %.3f %d" % (len(paths), elapsed, cells))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
