"""Inputs and numpy expectations for dot.mlir."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from tiles import bf16_bits_to_f32, expect_close, expect_equal, f32_to_bf16_bits  # noqa: E402

mode, base = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(11)


def dyadic(shape, bits):
    """Values k / 2^bits with |k| < 2^bits: exact in bf16/f16, and every
    product and partial sum of 32 of them is exact in double (so the result
    is unique), while the sums need more than f32's 24 bits (so rounding to
    f32 shows)."""
    return rng.integers(-(2**bits) + 1, 2**bits, size=shape) / 2.0**bits


a = dyadic((16, 32), 7)
b = dyadic((32, 8), 7)
# acc has 24+ significant bits relative to the products' grain: the f32
# rounding of acc + a @ b is not the identity.
acc = (rng.uniform(-4, 4, size=(16, 8)).astype(np.float32)).astype(np.float64)
ra = rng.uniform(-1, 1, size=(16, 32)).astype(np.float16)
rb = rng.uniform(-1, 1, size=(32, 8)).astype(np.float16)
racc = rng.uniform(-1, 1, size=(16, 8)).astype(np.float32)
if mode == "gen":
    np.save(base + ".a16.npy", f32_to_bf16_bits(a.astype(np.float32)))
    np.save(base + ".b16.npy", f32_to_bf16_bits(b.astype(np.float32)))
    np.save(base + ".ah.npy", a.astype(np.float16))
    np.save(base + ".bh.npy", b.astype(np.float16))
    np.save(base + ".acc.npy", acc.astype(np.float32))
    np.save(base + ".rh.npy", ra)
    np.save(base + ".sh.npy", rb)
    np.save(base + ".racc.npy", racc)
    sys.exit(0)

assert np.array_equal(bf16_bits_to_f32(f32_to_bf16_bits(a.astype(np.float32))), a)
exact0 = a @ b  # exact in float64
exact = exact0 + acc
expect_equal("bf16_noacc", np.load(base + ".bf16_noacc.npy"), exact0.astype(np.float32))
expect_equal("bf16_acc", np.load(base + ".bf16_acc.npy"), exact.astype(np.float32))
expect_equal("bf16_out", np.load(base + ".bf16_out.npy"), f32_to_bf16_bits(exact.astype(np.float32)))
expect_equal("f16_acc", np.load(base + ".f16_acc.npy"), exact.astype(np.float32))
expect_equal("f16_out", np.load(base + ".f16_out.npy"),
             exact.astype(np.float32).astype(np.float16))
# One rounding to f32: within half an f32 ulp of the float64 result, up to
# double accumulation error (far below that).
want = ra.astype(np.float64) @ rb.astype(np.float64) + racc.astype(np.float64)
ulp = np.spacing(np.abs(want).astype(np.float32)).astype(np.float64)
expect_close("f16_rand", np.load(base + ".f16_rand.npy"), want, 0.5 + 1e-6, ulp)
print("ok")
