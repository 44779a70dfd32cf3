#!/usr/bin/env bash
# Runs every layer-3 user tile program of this directory on the reference
# evaluator (aiter-run --device=reference) with ragged sizes, and checks each
# output against a numpy float64 reference computed from the same inputs.
# Inputs are .npy files written by numpy (aiter-run's file mode has no random
# inputs); outputs start as NaN so an element no program writes fails.
# Usage: run-reference.sh [--chip=CHIP]   (env: AITER_RUN=path/to/aiter-run,
# PYTHON=python with numpy). With --chip, each program is compiled for CHIP
# and run on the emulator instead: the same float64 checks then test the
# compiler.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../../.." && pwd)
device=--device=reference
case "${1:-}" in
  --chip=*) device=$1 ;;
  "") ;;
  *) echo "usage: run-reference.sh [--chip=CHIP]" >&2; exit 2 ;;
esac
RUN=${AITER_RUN:-$root/build/bin/aiter-run}
PY=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/l3.py" <<'EOF'
"""gen|check BASE NAME DIMS...: inputs and float64 checks of the layer-3 programs."""
import math, os, sys
import numpy as np
sys.path.insert(0, os.environ["TILES_PY_DIR"])
from tiles import bf16_bits_to_f32, expect_close, expect_equal, random_bf16  # noqa: E402

mode, base, name = sys.argv[1], sys.argv[2], sys.argv[3]
d = [int(v) for v in sys.argv[4:]]
rng = np.random.default_rng(sum(d) + len(name))
U_BF16, U_F32 = 2.0**-8, 2.0**-24
ld = lambda n: np.load(f"{base}.{n}.npy")
bf = lambda n: bf16_bits_to_f32(ld(n)).astype(np.float64)
save = lambda n, a: np.save(f"{base}.{n}.npy", a)
f32 = lambda shape: rng.uniform(-4, 4, size=shape).astype(np.float32)

if name == "row_softmax":
    m, n = d
    if mode == "gen":
        save("x", f32((m, n))); sys.exit()
    x = ld("x").astype(np.float64)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    expect_close("softmax", ld("y"), e / e.sum(axis=1, keepdims=True), 16 * U_F32)
elif name == "transpose":
    m, n = d
    if mode == "gen":
        save("x", f32((m, n))); sys.exit()
    expect_equal("transpose", ld("y"), ld("x").T); print("transpose: bit-exact")
elif name in ("gemm_bias_relu", "gemm_two_outputs"):
    m, n, k = d
    if mode == "gen":
        save("a", random_bf16(rng, (m, k))[0]); save("b", random_bf16(rng, (k, n))[0])
        save("bias", rng.uniform(-0.5, 0.5, size=n).astype(np.float32)); sys.exit()
    acc = bf("a") @ bf("b")
    if name == "gemm_bias_relu":
        want = np.maximum(acc + ld("bias").astype(np.float64), 0)
        rms = math.sqrt(float((want**2).mean()))
        expect_close("C", bf("c"), want, 2 * U_BF16 + k * U_F32, np.maximum(np.abs(want), rms))
    else:
        # f32 accumulation of k products in any order: k ulps of the scale.
        rms = math.sqrt(float((acc**2).mean()))
        expect_close("C f32", ld("c32"), acc, k * U_F32, np.maximum(np.abs(acc), rms))
        from tiles import f64_to_bf16_bits
        expect_equal("C bf16", ld("c16"), f64_to_bf16_bits(ld("c32").astype(np.float64)))
        print("C bf16: bit-exact bf16(C f32)")
elif name == "elementwise_iota":
    m, n = d
    if mode == "gen":
        save("x", f32((m, n))); sys.exit()
    i, j = np.meshgrid(np.arange(m), np.arange(n), indexing="ij")
    x = ld("x")
    expect_equal("out", ld("y"), x * np.float32(2) + (i * 1000 + j).astype(np.float32))
    print("out: bit-exact x*2+float(1000i+j)")
elif name == "column_sum":
    m, n = d
    if mode == "gen":
        save("x", f32((m, n))); sys.exit()
    x = ld("x").astype(np.float64)
    expect_close("colsum", ld("y"), x.sum(axis=0), (m // 32 + 4) * U_F32, np.abs(x).sum(axis=0))
elif name == "attention_user":
    bh, sq, sk = d
    scale, cap = 0.125, 1.5
    if mode == "gen":
        save("q", random_bf16(rng, (bh, sq, 64), -2, 2)[0])
        save("k", random_bf16(rng, (bh, sk, 64), -2, 2)[0])
        save("v", random_bf16(rng, (bh, sk, 64))[0]); sys.exit()
    q, kk, v, got = bf("q"), bf("k"), bf("v"), bf("o")
    s = cap * np.tanh(scale * np.einsum("bqd,bkd->bqk", q, kk) / cap)
    p = np.exp(s - s.max(axis=-1, keepdims=True))
    want = (p / p.sum(axis=-1, keepdims=True)) @ v
    rms = np.sqrt((want**2).mean(axis=-1, keepdims=True))
    expect_close("O", got, want, 6 * U_BF16 + 4 * U_F32 * (sk + 64 * 4), np.maximum(np.abs(want), rms))
else:
    sys.exit(f"unknown program {name}")
EOF
export TILES_PY_DIR="$root/test/Reference/Inputs"

n_ok=0
# case NAME DIMS... -- aiter-run arguments (BASE in them is the input prefix)
case_() {
  local name=$1; shift
  local dims=()
  while [ "$1" != "--" ]; do dims+=("$1"); shift; done; shift
  local base="$tmp/$name.$(IFS=_; echo "${dims[*]}")"
  "$PY" "$tmp/l3.py" gen "$base" "$name" "${dims[@]}"
  local args=("${@//BASE/$base}")
  echo "== $name ${dims[*]}"
  echo "+ aiter-run $name.mlir $device --kernel=$name ${args[*]//$tmp\//}"
  "$RUN" "$here/$name.mlir" "$device" --kernel="$name" "${args[@]}"
  "$PY" "$tmp/l3.py" check "$base" "$name" "${dims[@]}"
  n_ok=$((n_ok + 1))
}

# 1. row softmax, M=100 N=77 (two row blocks, the second 36 rows) and M=64 N=128 (exact tile).
case_ row_softmax 100 77 -- --grid=2 --input=100x77xf32=@BASE.x.npy --input=100x77xf32=nan --output=1=@BASE.y.npy
case_ row_softmax 64 128 -- --grid=1 --input=64x128xf32=@BASE.x.npy --input=64x128xf32=nan --output=1=@BASE.y.npy
# 2. transpose, M=100 N=77 (2x2 tiles, ragged in both).
case_ transpose 100 77 -- --grid=2,2 --input=100x77xf32=@BASE.x.npy --input=77x100xf32=nan --output=1=@BASE.y.npy
# 3. GEMM + bias + relu, M=100 N=77 K=90 (K loop 32+32+26) and K=20 (one partial K step).
case_ gemm_bias_relu 100 77 90 -- --grid=2,2 --input=100x90xbf16=@BASE.a.npy --input=90x77xbf16=@BASE.b.npy --input=77xf32=@BASE.bias.npy --input=100x77xbf16=nan --output=3=@BASE.c.npy
case_ gemm_bias_relu 100 77 20 -- --grid=2,2 --input=100x20xbf16=@BASE.a.npy --input=20x77xbf16=@BASE.b.npy --input=77xf32=@BASE.bias.npy --input=100x77xbf16=nan --output=3=@BASE.c.npy
# 4. GEMM with an f32 and a bf16 output, M=100 N=77 K=90.
case_ gemm_two_outputs 100 77 90 -- --grid=2,2 --input=100x90xbf16=@BASE.a.npy --input=90x77xbf16=@BASE.b.npy --input=100x77xf32=nan --input=100x77xbf16=nan --output=2=@BASE.c32.npy --output=3=@BASE.c16.npy
# 5. x * 2 + float(1000 i + j), M=100 N=77 (4x2 tiles of 32x64).
case_ elementwise_iota 100 77 -- --grid=4,2 --input=100x77xf32=@BASE.x.npy --input=100x77xf32=nan --output=1=@BASE.y.npy
# 6. column sums, M=100 N=77 (M loop 3 x 32 + 4) and M=5 (one partial step).
case_ column_sum 100 77 -- --grid=2 --input=100x77xf32=@BASE.x.npy --input=77xf32=nan --output=1=@BASE.y.npy
case_ column_sum 5 77 -- --grid=2 --input=5x77xf32=@BASE.x.npy --input=77xf32=nan --output=1=@BASE.y.npy
# 7. softcapped attention, BH=3 seq_q=100 seq_k=77 (key tiles 32+32+13), scale 1/8, cap 1.5.
case_ attention_user 3 100 77 -- --grid=2,3 --input=3x100x64xbf16=@BASE.q.npy --input=3x77x64xbf16=@BASE.k.npy --input=3x77x64xbf16=@BASE.v.npy --input=3x100x64xbf16=nan --input=f32=0.125 --input=f32=1.5 --output=3=@BASE.o.npy

echo "PASS: $n_ok runs"
