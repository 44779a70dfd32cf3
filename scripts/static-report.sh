#!/usr/bin/env bash
#===- scripts/static-report.sh - static figures beside Triton 3.6's -------===#
#
# Compiles the reference kernels of ../shared/reference/triton-3.6-hip.md
# (bf16; GEMM 128x128x64 / 4 waves and 256x256x64 / 8 waves; attention d=128,
# block 128 x 64 or the chip's default, 4 waves)
# with aiter-compile --report and prints a markdown table. Usage:
#   bash scripts/static-report.sh [build-dir]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-${AITER_BUILD_DIR:-$root/build}}"
compile="$build/bin/aiter-compile"

row() { # label, then aiter-compile arguments
  local label=$1; shift
  "$compile" "$@" --report | /usr/bin/python3 -c '
import json, sys
k = json.loads(sys.stdin.readline())
m = k["main_loop"] or {}
kinds = ", ".join("%s x %s" % (v, n) for n, v in m.get("mfma_kinds", {}).items())
cells = [sys.argv[1], "%d+%d" % (k["vgpr"], k["agpr"]), k["sgpr"], k["spills"],
         k["scratch_bytes"], k["lds_bytes"], k["occupancy"], m.get("instructions"),
         kinds, m.get("mfma_cycles"), m.get("non_mfma_per_mfma_cycle"),
         "%s/%s" % (m.get("global_loads_128"), m.get("global_loads"))]
print("| " + " | ".join(str(c) for c in cells) + " |")
' "$label"
}

echo "| kernel | VGPR+AGPR | SGPR | spills | scratch | LDS | occupancy | loop insts | MFMA in loop | MFMA cycles | non-MFMA per MFMA cycle | 128-bit loads |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for chip in gfx942 gfx950; do
  row "gemm $chip NT (B is N x K)" --op=gemm --chip=$chip --trans-b
  row "gemm $chip NN" --op=gemm --chip=$chip
  big=tile_m=256,tile_n=256,tile_k=64,waves=8
  row "gemm $chip NT, 256x256x64, 8 waves" --op=gemm --chip=$chip --trans-b --config=$big
  row "gemm $chip NN, 256x256x64, 8 waves" --op=gemm --chip=$chip --config=$big
  if [ $chip = gfx942 ]; then
    row "gemm $chip NT, mfma 16x16x16" --op=gemm --chip=$chip --trans-b --config=mfma=16x16x16
  else
    row "gemm $chip NT, mfma 16x16x32" --op=gemm --chip=$chip --trans-b --config=mfma=16x16x32
  fi
  row "attention $chip d128" --op=attention --chip=$chip --head-dim=128
  if [ $chip = gfx950 ]; then # Triton's figures are at 64-key blocks
    row "attention $chip d128, block_n 64" --op=attention --chip=$chip --head-dim=128 --config=block_n=64
  fi
  row "attention $chip d128 causal" --op=attention --chip=$chip --head-dim=128 --causal
  row "attention $chip d64" --op=attention --chip=$chip --head-dim=64
  row "attention $chip d64 causal" --op=attention --chip=$chip --head-dim=64 --causal
done
