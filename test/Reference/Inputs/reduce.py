"""Inputs and numpy expectations for reduce.mlir."""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from tiles import bf16_bits_to_f32, expect_equal, f32_to_bf16_bits, random_bf16  # noqa: E402

mode, base = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(3)
# Full-mantissa f32 values of magnitude in [0.5, 4): 16 of them sum exactly
# in double, so the only rounding is the final one to f32.
x = (rng.uniform(0.5, 4, size=(6, 16)) * rng.choice([-1, 1], size=(6, 16))).astype(np.float32)
x[1, 5] = np.nan                       # row 1 and column 5: NaN
x[2, :] = -np.inf                      # row 2: max -inf, sum -inf
x[3, :] = 0.0                          # row 3: -0 and +0 only
x[3, ::2] = -0.0
x[4, 7] = np.inf                       # row 4: +inf
n = rng.integers(-(2**31), 2**31, size=(6, 16)).astype(np.int32)  # sums wrap
hbits, _ = random_bf16(rng, (4, 64), 0.5, 4)
# maxnum inputs: row 0 numbers with NaNs among them, row 1 all NaN, row 2
# -inf with NaNs.
u = rng.uniform(-4, 4, size=(3, 16)).astype(np.float32)
u[0, ::3] = np.nan
u[1, :] = np.nan
u[2, :] = -np.inf
u[2, 1::2] = np.nan
if mode == "gen":
    np.save(base + ".u.npy", u)
    np.save(base + ".x.npy", x)
    np.save(base + ".n.npy", n)
    np.save(base + ".h.npy", hbits)
    sys.exit(0)


def fmax(v):
    """arith.maximumf along a 1-D array."""
    if np.isnan(v).any():
        return np.float32(np.nan)
    m = v.max()
    if m == 0:
        return np.float32(-0.0) if np.signbit(v).all() else np.float32(0.0)
    return m


def fmin(v):
    if np.isnan(v).any():
        return np.float32(np.nan)
    m = v.min()
    if m == 0:
        return np.float32(-0.0) if np.signbit(v).any() else np.float32(0.0)
    return m


def fsum(v):
    v = v.astype(np.float64)
    if not np.isfinite(v).all():
        return np.float32(v.sum())
    return np.float32(math.fsum(v))


expect_equal("max1", np.load(base + ".max1.npy"), np.array([fmax(r) for r in x], np.float32))
expect_equal("min1", np.load(base + ".min1.npy"), np.array([fmin(r) for r in x], np.float32))
expect_equal("sum1", np.load(base + ".sum1.npy"), np.array([fsum(r) for r in x], np.float32))
expect_equal("max0", np.load(base + ".max0.npy"), np.array([fmax(c) for c in x.T], np.float32))
expect_equal("min0", np.load(base + ".min0.npy"), np.array([fmin(c) for c in x.T], np.float32))
expect_equal("sum0", np.load(base + ".sum0.npy"), np.array([fsum(c) for c in x.T], np.float32))
# The test means something: rounding once differs from an f32 running sum
# somewhere.
finite = [r for r in list(x) + list(x.T) if np.isfinite(r).all()]
assert any(fsum(r) != np.cumsum(r, dtype=np.float32)[-1] for r in finite)

def num(f):
    """arith.maxnumf/minnumf along a row: NaN elements ignored, all NaN = NaN."""
    def g(v):
        w = v[~np.isnan(v)]
        return np.float32(np.nan) if w.size == 0 else f(w)
    return g


expect_equal("nmax1", np.load(base + ".nmax1.npy"), np.array([num(fmax)(r) for r in x], np.float32))
expect_equal("nmin1", np.load(base + ".nmin1.npy"), np.array([num(fmin)(r) for r in x], np.float32))
expect_equal("umax1", np.load(base + ".umax1.npy"), np.array([num(fmax)(r) for r in u], np.float32))
# The NaN rows make maxnum differ from max.
assert np.isnan(fmax(x[1])) and not np.isnan(num(fmax)(x[1]))

expect_equal("imax1", np.load(base + ".imax1.npy"), n.max(axis=1))
expect_equal("imin1", np.load(base + ".imin1.npy"), n.min(axis=1))
expect_equal("isum0", np.load(base + ".isum0.npy"), n.astype(np.int64).sum(axis=0).astype(np.uint64).astype(np.uint32).view(np.int32))

# bf16 sums: the float64 sum rounded once to bf16 (not through f32).
h = bf16_bits_to_f32(hbits).astype(np.float64)
want = []
for r in h:
    s = math.fsum(r)  # exact: bf16 values in [0.5, 4) sum exactly in double
    f = np.float32(s)
    # Round the double straight to bf16: via f32 only when that is exact.
    assert float(f) == s
    want.append(f32_to_bf16_bits(f))
expect_equal("hsum1", np.load(base + ".hsum1.npy"), np.array(want, np.uint16))
print("ok")
