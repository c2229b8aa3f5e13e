#!/usr/bin/python3
"""The printed examples of README.md (and any other Markdown file given) come
from the code: each block between

    <!-- example -->
    ```
    $ COMMAND
    output...
    $ NEXT COMMAND
    output...
    ```

is the output of each COMMAND, run from the top of the tree with build/kaiji
(or BUILD/kaiji) as `kaiji`.  The blocks of one file run in order and share
one store (KAIJI_DB, a fresh file in a temporary folder), so that a
walk-through (register import, ingest, status) reads as a clerk would do it.  With --check, says which blocks differ and exits
1; without it, rewrites them.  tests/test_golden.c runs the check.

Usage: tools/readme-examples.py [--check] [--build DIR] [FILE.md ...]
"""
import os
import re
import subprocess
import sys
import tempfile

BLOCK = re.compile(r"(<!-- example -->\n```\n)(\$ .*?)(```)", re.S)


def commands(body):
    """The (command, printed output) pairs of a block's body."""
    pairs = []
    for line in body.splitlines(keepends=True):
        if line.startswith("$ "):
            pairs.append([line[2:].rstrip("\n"), ""])
        elif pairs:
            pairs[-1][1] += line
    return pairs


def run(command, top, build, db):
    env = dict(os.environ)
    env["KAIJI_DB"] = db
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

        scratch = tempfile.TemporaryDirectory()
        db = os.path.join(scratch.name, "kaiji.db")

        def replace(m):
            body = ""
            for command, printed in commands(m.group(2)):
                out = run(command, top, build, db)
                if out != printed:
                    stale.append("%s: $ %s" % (os.path.relpath(path, top), command))
                body += "$ " + command + "\n" + out
            return m.group(1) + body + m.group(3)

        new = BLOCK.sub(replace, text)
        scratch.cleanup()
        if not check and new != text:
            with open(path, "w", encoding="utf-8") as f:
                f.write(new)
    for s in stale:
        print(("stale: " if check else "rewritten: ") + s)
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
