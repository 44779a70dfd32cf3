#!/usr/bin/env bash
#===- scripts/format-check.sh - clang-format over changed C/C++ lines ------===#
#
# Usage: scripts/format-check.sh [BASE] [--fix]
# Checks that every C/C++ line changed since BASE (default: the commit named
# in .ci/format-base, where the check began) is formatted as clang-format-22
# with the repository's .clang-format would format it; prints the diff and
# fails otherwise. --fix applies the formatting to those lines instead.
# Untouched lines are never reformatted, so history stays readable.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
base="${1:-$(cat .ci/format-base)}"
fix=""
[ "${2:-}" = "--fix" ] || [ "${1:-}" = "--fix" ] && fix="-i"
[ "${1:-}" = "--fix" ] && base="$(cat .ci/format-base)"
if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
  echo "format-check: base $base is not in this clone's history; nothing to compare"
  exit 0
fi
diff=$(git diff -U0 --no-color "$base" -- '*.c' '*.cc' '*.cpp' '*.h' |
       clang-format-diff-22 -p1 $fix -style=file || true)
if [ -n "$fix" ]; then
  echo "format-check: formatted the lines changed since $base"
  exit 0
fi
if [ -n "$diff" ]; then
  echo "$diff"
  echo "format-check: lines changed since $base are not clang-format-22 clean" \
       "(scripts/format-check.sh --fix formats them)"
  exit 1
fi
echo "format-check: lines changed since $base are clang-format clean"
