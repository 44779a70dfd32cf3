#!/usr/bin/env bash
#===- scripts/build.sh - configure and build aiter ------------------------===#
#
# Installs what is missing (scripts/setup.sh), configures a Ninja build with
# clang-22 + lld against Debian's LLVM/MLIR 22, and builds everything.
# AITER_BUILD_DIR picks the build folder (default: build/ in the checkout).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${AITER_BUILD_DIR:-$root/build}"

bash "$root/scripts/setup.sh"

if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
    -DPython3_EXECUTABLE=/usr/bin/python3
fi
start=$(date +%s)
ninja -C "$build" -j"$(nproc)"
echo "build: done in $(( $(date +%s) - start )) s ($build)"
