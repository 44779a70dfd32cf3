#!/usr/bin/env bash
#===- scripts/test.sh - install, build and run every test -----------------===#
#
# README command 2 and what CI runs (.ci/run). Runs the lit suite (FileCheck
# tests of every tool) and the GoogleTest unit tests through ctest, then
# prints one closing line `total: N passed, N failed`. Exits non-zero on any
# failure.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${AITER_BUILD_DIR:-$root/build}"

bash "$root/scripts/build.sh" || { echo "total: 0 passed, 1 failed"; exit 1; }

passed=0
failed=0

echo "== lit suite"
lit_log="$build/lit.log"
/usr/lib/llvm-22/bin/lit -sv --time-tests "$build/test" 2>&1 | tee "$lit_log"
lit_status=${PIPESTATUS[0]}
# lit's summary lines: "  Passed: N (..%)", "  Failed: N (..%)", ...
lit_count() {
  local n
  n=$(grep -E "^ +$1: +[0-9]+" "$lit_log" | awk -F: '{print $2}' | awk '{print $1}' | tail -1)
  echo "${n:-0}"
}
lp=$(lit_count Passed); lxf=$(lit_count "Expectedly Failed")
lf=$(lit_count Failed); lu=$(lit_count Unresolved); lx=$(lit_count "Unexpectedly Passed")
passed=$((passed + lp + lxf))
failed=$((failed + lf + lu + lx))
if [ "$lit_status" -ne 0 ] && [ $((lf + lu + lx)) -eq 0 ]; then
  failed=$((failed + 1))   # lit itself failed (configuration error, crash)
fi

echo "== unit tests (ctest)"
ctest_log="$build/ctest.log"
(cd "$build" && ctest --output-on-failure -j"$(nproc)") 2>&1 | tee "$ctest_log"
ctest_status=${PIPESTATUS[0]}
# "100% tests passed, 0 tests failed out of 42"
line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$ctest_log" | tail -1)
if [ -n "$line" ]; then
  cf=$(echo "$line" | sed -E 's/.*passed, ([0-9]+) tests? failed out of ([0-9]+).*/\1/')
  ct=$(echo "$line" | sed -E 's/.*failed out of ([0-9]+).*/\1/')
  passed=$((passed + ct - cf))
  failed=$((failed + cf))
elif [ "$ctest_status" -ne 0 ]; then
  failed=$((failed + 1))
fi

echo "== format (clang-format-22 over the C/C++ lines changed since .ci/format-base)"
if bash "$root/scripts/format-check.sh"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi

echo
echo "lit: Passed: $lp, Failed: $lf"
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$lit_status" -eq 0 ] && [ "$ctest_status" -eq 0 ]
