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
echo "== Shipped kernels (examples/kernels.mlir): compile for gfx942 and gfx950 (aiter-compile --report)"
compile="$build/bin/aiter-compile"
run="$build/bin/aiter-run"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for chip in gfx942 gfx950; do
  "$compile" "$root/examples/kernels.mlir" --chip="$chip" --report >>"$tmp/report.jsonl"
done
python3 - "$tmp/report.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("  %-22s %-7s %5s %5s %5s %6s %6s %4s  %-28s %6s %s" % (
    "kernel", "chip", "vgpr", "agpr", "sgpr", "lds", "spills", "occ",
    "main-loop MFMA", "128b", "non-MFMA/MFMA-cycle"))
for r in rows:
    loop = r.get("main_loop") or {}
    kinds = ", ".join("%s x%d" % kv for kv in (loop.get("mfma_kinds") or {}).items())
    print("  %-22s %-7s %5d %5d %5d %6d %6d %4d  %-28s %6s %s" % (
        r["name"], r["chip"], r["vgpr"], r["agpr"], r["sgpr"], r["lds_bytes"],
        r["spills"], r["occupancy"], kinds or "-",
        "%d/%d" % (loop.get("global_loads_128", 0), loop.get("global_loads", 0)),
        loop.get("non_mfma_per_mfma_cycle", "-")))
PY
echo "  (raw JSON lines: $compile <file> --chip=CHIP --report)"

echo
echo "== On the emulator against a float64 reference (aiter-run --op=... --check)"
# GEMM: ragged sizes (K not a multiple of the 64-wide K tile, M or N under a
# tile), all four transposes, both variants (--row-align=8 makes ragged rows
# aligned). Attention: the shipped specs on ragged lengths, GQA/MQA, causal
# with seq_q < seq_k, a window with softcap in bhsd.
while read -r args; do
  for chip in gfx942 gfx950; do
    out=$("$run" --chip="$chip" $args --check 2>&1) || {
      echo "$out"; echo "FAILED: aiter-run --chip=$chip $args --check"; exit 1; }
    variant=$(printf '%s\n' "$out" | sed -n 's/.* variant=\([a-z]*\).*/\1/p')
    err=$(printf '%s\n' "$out" | sed -n 's/^[CO]: max abs error \([^,]*\), max rel error \([^,]*\),.*/abs \1, rel \2/p')
    verdict=$(printf '%s\n' "$out" | tail -n 1)
    printf '  %-7s %-100s %-8s %-36s %s\n' "$chip" "$args" "$variant" "$err" "$verdict"
  done
done <<'SIZES'
--op=gemm --dtype=bf16 --m=257 --n=1000 --k=63
--op=gemm --dtype=f16 --trans-b --m=1000 --n=63 --k=257 --row-align=8
--op=gemm --dtype=bf16 --out-dtype=f32 --trans-a --m=64 --n=257 --k=1000
--op=gemm --dtype=f16 --trans-a --trans-b --m=1 --n=64 --k=1
--op=attention --dtype=bf16 --head-dim=128 --batch=2 --heads=4 --kv-heads=2 --seq-q=197 --seq-k=197
--op=attention --dtype=bf16 --head-dim=128 --causal --lse --heads=4 --kv-heads=1 --seq-q=17 --seq-k=300
--op=attention --dtype=f16 --head-dim=64 --window=256,0 --softcap=30 --layout=bhsd --heads=2 --seq-q=300 --seq-k=300
SIZES

echo
echo "demo: done"
