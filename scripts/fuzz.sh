#!/usr/bin/env bash
#===- scripts/fuzz.sh - run the libFuzzer targets --------------------------===#
#
# Usage: scripts/fuzz.sh [SECONDS_EACH] [TARGET...]
# Runs each fuzzer (dialect, cache-entry, npy; default all) for SECONDS_EACH
# (default 600) over fuzz/corpus/<target>, keeping what it finds in
# $AITER_FUZZ_DIR/<target> (default build/fuzz-corpus) so later runs start
# from there. A crash leaves its input as crash-* in the current folder and
# fails the script; land it as a regression test (a file in
# fuzz/corpus/<target>, which CI's fuzz.test replays) with the fix.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${AITER_BUILD_DIR:-$root/build}"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(dialect cache-entry npy)
work="${AITER_FUZZ_DIR:-$build/fuzz-corpus}"
ninja -C "$build" aiter-fuzzers >/dev/null
for t in "${targets[@]}"; do
  mkdir -p "$work/$t"
  echo "== aiter-fuzz-$t for ${seconds} s"
  "$build/bin/aiter-fuzz-$t" -max_total_time="$seconds" -print_final_stats=1 \
    "$work/$t" "$root/fuzz/corpus/$t" 2>&1 |
    grep -E "^(#[0-9]+ +DONE|Done|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)" || true
  test "${PIPESTATUS[0]}" -eq 0
done
