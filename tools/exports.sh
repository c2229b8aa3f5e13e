#!/bin/sh
# tools/exports.sh CC HEADER... - prints the names of the functions the
# public headers declare (kaiji_*), one a line, sorted: what libkaiji.so
# exports.  The headers go through the preprocessor first, so comments and
# macros do not count; a function-pointer type (kaiji_x_fn)(...) is not a
# function.
set -eu
cc=$1; shift
for h in "$@"; do printf '#include "%s"\n' "$h"; done |
  $cc -E -P -I. -Iinclude -x c - |
  tr '\n' ' ' | tr ';{}' '\n\n\n' |
  grep -v '^[[:space:]]*typedef' |
  grep -o '\bkaiji_[A-Za-z0-9_]*[[:space:]]*(' |
  sed 's/[[:space:]]*($//' | sort -u
