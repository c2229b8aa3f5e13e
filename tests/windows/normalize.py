#!/usr/bin/python3
"""Prints a JSON output of kaiji with what differs between the Windows and
the Linux build on purpose taken out: path separators (\\ becomes /) and the
prefixes Windows puts before an absolute path (Z:, \\\\?\\).  Used by
tests/windows/run.sh to compare the two builds."""
import json
import re
import sys


def clean(v):
    if isinstance(v, str):
        v = v.replace("\\", "/")
        v = re.sub(r"^//\?/", "", v)
        v = re.sub(r"^[A-Za-z]:/", "/", v)
        return v
    if isinstance(v, list):
        return [clean(x) for x in v]
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    return v


with open(sys.argv[1], encoding="utf-8") as f:
    text = f.read()
try:
    data = json.loads(text)
except ValueError:
    print(text)
    sys.exit(0)
print(json.dumps(clean(data), ensure_ascii=False, indent=1, sort_keys=True))
