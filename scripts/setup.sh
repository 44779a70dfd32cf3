#!/usr/bin/env bash
#===- scripts/setup.sh - install what the build and tests need ----------===#
#
# Installs exactly the Debian packages aiter needs, and only those missing.
# Idempotent: when everything is present it checks and returns in seconds,
# without touching the network. `apt-get update` runs only when something
# must be installed.
set -euo pipefail

PACKAGES=(
  # Toolchain: LLVM/MLIR 22, clang-22 + lld, Ninja, CMake.
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  clang-22 lld-22 liblld-22-dev
  # libFuzzer and the sanitizer runtimes of clang-22 (fuzz/, scripts/sanitize.sh).
  libclang-rt-22-dev
  cmake ninja-build
  # clang-format-22: scripts/format-check.sh, run by scripts/test.sh.
  clang-format-22
  # g++: its libtsan runs the ThreadSanitizer test (clang-22 has no TSan runtime).
  g++
  # Libraries the project links or tests with.
  libzstd-dev zlib1g-dev libdlpack-dev libgtest-dev libbenchmark-dev
  # The Redis cache tier: hiredis's header (the library is dlopened) and a
  # real server and redis-cli for its tests (test/Runtime/remote-*).
  libhiredis-dev redis-server redis-tools
  # Python for lit and the numpy-based test references.
  python3 python3-numpy
  # The aiter_jit Python package's tests (test/python): pytest and CPU PyTorch.
  python3-torch python3-pytest
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "setup: done"
