#!/bin/bash
# Open cases the randomized differential test found (issue 12 notes):
# tolerance-tanh exceeds --check's f32 tolerance (glibc tanhf in the
# evaluator vs the emulator). Not in lit until fixed; the fixed ones moved to
# layer3.test. Its inputs go to a temporary directory.
# Runs every reproducer: first on the reference evaluator (valid program),
# then --check on both chips. Usage: bash run.sh
B=${AITER_BIN:-$(cd "$(dirname "$0")/../../../../../.." && pwd)/build/bin}
PY=/usr/bin/python3
NPY=$(cd "$(dirname "$0")/../.." && pwd)/random_npy.py
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
$PY $NPY in x1d=50xf32 x10=10xf32 x60=60x10xf32 y10=10x60xf32 x70=64x70xf32 \
    x128=128x64xf32 y128=64x128xf32 x256=256x256xf32
declare -A ARGS=(
  [tolerance-tanh]="--grid=4,2 --input=256x256xf32=@in.x256.npy --input=256x256xf32=nan"
)
for r in tolerance-tanh; do
  echo "== $r"
  echo "\$ aiter-run $r.mlir --kernel=rand ${ARGS[$r]} --device=reference"
  $B/aiter-run "$here/$r.mlir" --kernel=rand ${ARGS[$r]} --device=reference > /dev/null && echo "reference: ok"
  for c in gfx942 gfx950; do
    echo "\$ aiter-run $r.mlir --kernel=rand ${ARGS[$r]} --check --chip=$c"
    $B/aiter-run "$here/$r.mlir" --kernel=rand ${ARGS[$r]} --check --chip=$c 2>&1 | grep -v "^ " | cut -c1-220
  done
done
