"""Inputs and references for transpose_load.mlir.

`gen BASE` writes the inputs; `check BASE` compares the kernels' outputs with
what the CDNA4 ISA says ds_read_b64_tr_b16 / _b8 compute, stated as matrix
facts rather than lane formulas:
  - tr16: 16 lanes read a 4 x 16 block (each lane 4 consecutive columns of a
    row) and lane i receives column i of the block; tr8 likewise for 8 x 16.
  - used twice per lane on a row-major (K x N) B, it yields the B operand of
    v_mfma_f32_32x32x16_f16, so the MFMA computes A @ B.
"""
import sys
import numpy as np

mode, base = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(7)
# Small integers: exact in f16 and in f32 accumulation.
m16 = rng.integers(-8, 8, size=(4, 64)).astype(np.float16)
m8 = rng.integers(-100, 100, size=(8, 64)).astype(np.int8)
a = rng.integers(-4, 4, size=(32, 16)).astype(np.float16)
b = rng.integers(-4, 4, size=(16, 32)).astype(np.float16)

if mode == "gen":
    np.save(f"{base}.m16.npy", m16)
    np.save(f"{base}.m8.npy", m8)
    np.save(f"{base}.a.npy", a)
    np.save(f"{base}.b.npy", b)
    sys.exit(0)

ok = True


def expect(name, got, want):
    global ok
    if not np.array_equal(got, want):
        print(f"{name}: mismatch\ngot\n{got}\nwant\n{want}")
        ok = False


# Lane l (group g = l // 16, i = l % 16) receives column i of its group's
# block, i.e. column l of the whole 4 x 64 (8 x 64) matrix.
expect("tr16", np.load(f"{base}.tr16.npy"), m16.T)
expect("tr8", np.load(f"{base}.tr8.npy"), m8.T)

# MFMA 32x32x16 D layout (AMD matrix instruction calculator): element v of
# lane l is D[(v // 4) * 8 + (l // 32) * 4 + v % 4][l % 32].
d = a.astype(np.float64) @ b.astype(np.float64)
want = np.zeros((64, 16), np.float32)
for lane in range(64):
    for v in range(16):
        want[lane, v] = d[(v // 4) * 8 + (lane // 32) * 4 + v % 4, lane % 32]
expect("mfma", np.load(f"{base}.mfma.npy"), want)
sys.exit(0 if ok else 1)
