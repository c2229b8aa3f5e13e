#!/usr/bin/python3
"""The printed examples of README.md (and any other Markdown file given) come
from the code: each block between

    <!-- example -->
    ```
    $ COMMAND
    output...
    ```

is the output of COMMAND, run from the top of the tree with build/kaiji (or
BUILD/kaiji) as `kaiji`.  With --check, says which blocks differ and exits
1; without it, rewrites them.  tests/test_golden.c runs the check.

Usage: tools/readme-examples.py [--check] [--build DIR] [FILE.md ...]
"""
import os
import re
import subprocess
import sys

BLOCK = re.compile(r"(<!-- example -->\n```\n\$ ([^\n]*)\n)(.*?)(```)", re.S)


def run(command, top, build):
    env = dict(os.environ)
    env.pop("LC_ALL", None)
    env.pop("LANGUAGE", None)
    env["KAIJI_LOCALEDIR"] = os.path.join(build, "locale")
    words = command.split(" ")
    if words[0].startswith("LANG="):
        env["LANG"] = words.pop(0)[5:]
    else:
        env["LANG"] = "C.UTF-8"
    if words[0] in ("kaiji", "build/kaiji"):
        words[0] = os.path.join(build, "kaiji")
    r = subprocess.run(words, cwd=top, env=env, capture_output=True, text=True)
    return r.stdout + r.stderr


def main(argv):
    check = "--check" in argv
    argv = [a for a in argv[1:] if a != "--check"]
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    build = os.path.join(top, "build")
    if "--build" in argv:
        i = argv.index("--build")
        build = os.path.abspath(argv[i + 1])
        del argv[i:i + 2]
    files = argv or [os.path.join(top, "README.md")]
    stale = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()

        def replace(m):
            out = run(m.group(2), top, build)
            if out != m.group(3):
                stale.append("%s: $ %s" % (os.path.relpath(path, top), m.group(2)))
            return m.group(1) + out + m.group(4)

        new = BLOCK.sub(replace, text)
        if not check and new != text:
            with open(path, "w", encoding="utf-8") as f:
                f.write(new)
    for s in stale:
        print(("stale: " if check else "rewritten: ") + s)
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
