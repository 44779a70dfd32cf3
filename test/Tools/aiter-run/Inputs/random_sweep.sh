#!/bin/bash
# The randomized differential test's longer mode (random-programs.test runs
# a fixed set of seeds): every seed in [FIRST, LAST] generates a program
# (random_programs.py), runs it on the reference evaluator (which proves it
# valid), then compiles it for both chips and compares the emulator with the
# evaluator (aiter-run --check). One line per seed and chip: PASS, WRONG (the
# kernel's result is out of tolerance: a compiler bug), ERROR (the compiler
# refused the program, with its first error); a summary at the end; exit 1
# if any run is not PASS.
#   bash random_sweep.sh FIRST LAST [BUILD_DIR]
set -u
first=${1:?usage: random_sweep.sh FIRST LAST [BUILD_DIR]}
last=${2:?usage: random_sweep.sh FIRST LAST [BUILD_DIR]}
here=$(cd "$(dirname "$0")" && pwd)
build=${3:-$(cd "$here/../../../.." && pwd)/build}
run=$build/bin/aiter-run
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 bad=0
for s in $(seq "$first" "$last"); do
  if ! /usr/bin/python3 "$here/random_programs.py" "$work/r$s" "$s" > /dev/null; then
    echo "$s generator failed"; bad=$((bad + 1)); continue
  fi
  if ! "$run" "$work/r$s.mlir" $(cat "$work/r$s.args") --device=reference > /dev/null 2>&1; then
    echo "$s reference failed (a generator bug)"; bad=$((bad + 1)); continue
  fi
  for chip in gfx942 gfx950; do
    out=$("$run" "$work/r$s.mlir" $(cat "$work/r$s.args") --check --chip=$chip 2>&1)
    if grep -q '^PASS' <<< "$out"; then
      pass=$((pass + 1))
      echo "$s $chip PASS"
    elif grep -q '^FAIL' <<< "$out"; then
      bad=$((bad + 1))
      echo "$s $chip WRONG"
    else
      bad=$((bad + 1))
      echo "$s $chip ERROR $(grep -m1 'error' <<< "$out" | cut -c1-200)"
    fi
  done
  rm -f "$work/r$s".*
done
echo "random sweep $first-$last: $pass passed, $bad not"
[ "$bad" -eq 0 ]
