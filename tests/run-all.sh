#!/bin/sh
# Runs every test binary given, even after one fails, and ends with one line
# "N passed, N failed, N skipped" counting the tests of all of them.  A test
# skips (cr_skip_test, through tests/support/support.h) when the machine lacks
# a tool or a locale; each skip is printed with its reason, and so is each part
# of a test left unchecked for that ("not checked: ...").
# The tests expect kaiji's English unless they ask for another language.
unset LC_ALL LC_MESSAGES LANGUAGE
export LANG=C.UTF-8
passed=0; failed=0; skipped=0; status=0
# The names of what failed, said again at the end: a CI log shows its tail.
failures=""
# Each test works in a folder of its own under BUILD/tmp (t-XXXXXX), kept
# after the run for a look at what failed; the previous run's go now, or
# they pile up (a run leaves about 200 MB).  The hostile-file cache stays.
[ $# -gt 0 ] && rm -rf "${1%%/tests/*}/tmp"/t-*
for t in "$@"; do
  out=$("$t" --jobs 2 --verbose 2>&1); rc=$?
  printf '%s\n' "$out" | grep -vE '^\[(----|RUN |PASS|SKIP|====)\]' | tail -n 30 | grep -E 'FAIL|CRASH|Assertion|Warning' || true
  printf '%s\n' "$out" | grep -E '^\[SKIP\]|^\[----\] not checked:' || true
  skipped=$((skipped + $(printf '%s\n' "$out" | grep -cE '^\[SKIP\]')))
  printf '%s\n' "$out" | grep 'Synthesis:' | tail -n 1
  line=$(printf '%s\n' "$out" | grep 'Synthesis:' | tail -n 1)
  p=$(printf '%s' "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
  f=$(printf '%s' "$line" | sed -n 's/.*Failing: \([0-9]*\).*Crashing: \([0-9]*\).*/\1 \2/p')
  passed=$((passed + ${p:-0}))
  failures="$failures$(printf '%s\n' "$out" | grep -A2 -E '^\[(FAIL|CRASH)\]|^\[----\] [^ ]+:[0-9]+: ' | grep -vE '^--$|^\[(RUN |PASS|SKIP|====)\]' | head -n 20 | sed 's/^/  /')
"
  for x in $f; do failed=$((failed + x)); done
  if [ $rc -ne 0 ]; then
    status=1
    echo "$t: exited $rc"
    printf '%s\n' "$out" | grep -A6 -E "^==[0-9]+==ERROR" | head -20
    # what it said last (a script's traceback, a page's text left out)
    printf '%s\n' "$out" | grep -vE '^\[(RUN |PASS|SKIP|====)\]|^\[----\]   <' | tail -n 20
    [ -z "$line" ] && failed=$((failed+1)) && failures="$failures  $t: exited $rc without a summary
"
  fi
done
if [ "$status" -ne 0 ]; then
  echo "what failed:"
  printf '%s' "$failures" | grep -v '^$'
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
