#!/usr/bin/env bash
#===- scripts/demo.sh - README command 1: the main job on built-in examples ===#
#
# Installs what is missing, builds, then takes the shipped examples through
# every stage the compiler has today and prints what each stage produced.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${AITER_BUILD_DIR:-$root/build}"
mkdir -p "$build"
bash "$root/scripts/build.sh" >"$build/demo-build.log" 2>&1 || { cat "$build/demo-build.log"; exit 1; }
opt="$build/bin/aiter-opt"

echo "== Kernel specifications (examples/kernels.mlir): parse + verify"
"$opt" "$root/examples/kernels.mlir"

echo
echo "== Hand-written tile programs (examples/tile): parse + verify + round-trip"
for f in "$root"/examples/tile/*.mlir; do
  a=$("$opt" "$f"); b=$(printf '%s\n' "$a" | "$opt")
  [ "$a" = "$b" ] || { echo "round-trip mismatch: $f"; exit 1; }
  n=$(printf '%s\n' "$a" | grep -c "aiter\.")
  echo "  $(basename "$f"): ok ($n aiter ops)"
done
echo
echo "demo: done"
