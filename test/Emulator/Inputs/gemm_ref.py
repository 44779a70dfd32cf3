"""Inputs and numpy reference for gemm_bf16.mlir (C = A @ Bt.T in f32)."""
import sys
import numpy as np

mode, base = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(0)
# Small integers: bf16-exact, and every partial sum is exact in f32.
a = rng.integers(-3, 4, size=(512, 512)).astype(np.float32)
b = rng.integers(-3, 4, size=(512, 512)).astype(np.float32)
if mode == "gen":
    np.save(base + ".a.npy", (a.view(np.uint32) >> 16).astype(np.uint16))
    np.save(base + ".b.npy", (b.view(np.uint32) >> 16).astype(np.uint16))
    sys.exit(0)
got = np.load(base + ".c2.npy")
want = a @ b.T
if not np.array_equal(got, want):
    print("max abs error", np.abs(got - want).max())
    sys.exit(1)
print("ok")
