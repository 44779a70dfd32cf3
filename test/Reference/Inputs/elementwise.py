"""Inputs and numpy expectations for elementwise.mlir."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from tiles import (bf16_bits_to_f32, expect_close, expect_equal,  # noqa: E402
                   f32_to_bf16_bits, f64_to_bf16_bits)

mode, base = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(13)


def pm(lo, hi, n):
    """Full-mantissa f32 values with |v| in [lo, hi), random signs."""
    return (rng.uniform(lo, hi, n) * rng.choice([-1, 1], n)).astype(np.float32)


# |x|, |y|, |w| in [1, 2): x * y + w is exact in double, so numpy's float64
# gives the correctly rounded fma. NaNs in x at 3 and in y at 5 and 3.
x, y, w = pm(1, 2, 64), pm(1, 2, 64), pm(1, 2, 64)
x[3] = np.nan
y[3] = y[5] = np.nan
y[9] = x[9]  # une/olt on equal values
xb = f32_to_bf16_bits(pm(0, 4, 64))
a = rng.integers(-(2**31), 2**31, 64, dtype=np.int64).astype(np.int32)
b = rng.integers(-(2**31), 2**31, 64, dtype=np.int64).astype(np.int32)
b[:8] = [1, -1, 2, -2, 7, -7, 3, 5]
a[:8] = [7, -7, -7, 7, -100, 100, -(2**31), 2**31 - 1]
b[b == 0] = 1
sh = rng.integers(0, 32, 64).astype(np.int32)
# Out of range and NaN: the reference saturates and maps NaN to 0.
big = pm(0, 3e9, 64)
big[:4] = [np.nan, 3e9, -3e9, -0.7]
if mode == "gen":
    for k, v in dict(x=x, y=y, w=w, xb=xb, a=a, b=b, sh=sh, big=big).items():
        np.save(f"{base}.{k}.npy", v)
    sys.exit(0)

np.seterr(all="ignore")
f32 = np.load(base + ".f32.npy")
x64, y64, w64 = x.astype(np.float64), y.astype(np.float64), w.astype(np.float64)
want = [x + y, x - y, x * y, x / y, np.fmod(x, y), np.maximum(x, y), np.minimum(x, y),
        np.fmax(x, y), np.fmin(x, y), -x, np.abs(x), np.copysign(w, x),
        (x64 * y64 + w64).astype(np.float32), x * np.float32(0.75),
        np.where(x < y, x, w),
        bf16_bits_to_f32(f32_to_bf16_bits(x)), x.astype(np.float16).astype(np.float32)]
for k, v in enumerate(want):
    expect_equal(f"f32 row {k}", f32[k], v.astype(np.float32))
bf = np.load(base + ".bf16.npy")
xr, yr = bf16_bits_to_f32(f32_to_bf16_bits(x)), bf16_bits_to_f32(f32_to_bf16_bits(y))
expect_equal("bf16 truncf", bf[0], f32_to_bf16_bits(x))
# bf16 + bf16: exact in f32 for these magnitudes, then one rounding to bf16.
expect_equal("bf16 addf", bf[1], f32_to_bf16_bits(xr + yr))
# bf16 / bf16: the float64 quotient rounded once to bf16.
q = xr.astype(np.float64) / yr.astype(np.float64)
expect_equal("bf16 divf", bf[2], f64_to_bf16_bits(q))
hf = np.load(base + ".f16.npy")
expect_equal("f16 truncf", hf[0], x.astype(np.float16))
expect_equal("f16 mulf", hf[1], (x.astype(np.float16).astype(np.float32) *
                                 y.astype(np.float16).astype(np.float32)).astype(np.float16))
cmp = np.load(base + ".cmp.npy")
expect_equal("olt", cmp[0], x < y)
expect_equal("une", cmp[1], ~(x == y))
expect_equal("uno", cmp[2], np.isnan(x) | np.isnan(y))

m = np.load(base + ".math.npy")
ax = np.abs(x64)
fns = [np.sqrt(ax), 1 / np.sqrt(ax), np.exp(x64), np.exp2(x64), np.log(ax), np.log2(ax),
       np.tanh(x64), np.sin(x64), None, np.power(ax, y64), np.arctan2(x64, y64),
       np.floor(x64), np.round(x64), np.where(x64 < 0, -np.floor(-x64 + 0.5), np.floor(x64 + 0.5))]
import math  # noqa: E402
fns[8] = np.array([math.erf(v) if not np.isnan(v) else np.nan for v in x64])
for k, v in enumerate(fns):
    v32 = v.astype(np.float32)
    got = m[k]
    nan = np.isnan(v)
    expect_equal(f"math row {k} NaNs", np.isnan(got), nan)
    ulp = np.spacing(np.abs(v32)).astype(np.float64)
    # sqrt and the roundings are exact; the rest are host float functions.
    tol = 0.5 if k in (0, 11, 12, 13) else 2.0
    expect_close(f"math row {k}", got[~nan], v[~nan], tol, ulp[~nan])
eb = bf16_bits_to_f32(np.load(base + ".math_bf16.npy")).astype(np.float64)
ev = np.exp(bf16_bits_to_f32(xb).astype(np.float64))
expect_close("bf16 exp", eb, ev, 2.0**-8 * 1.01)

i = np.load(base + ".ints.npy")
A, B = a.astype(np.int64), b.astype(np.int64)
UA, UB = a.view(np.uint32).astype(np.int64), b.view(np.uint32).astype(np.int64)
wrap = lambda v: (np.asarray(v, dtype=object) % 2**32).astype(np.uint64).astype(np.uint32).view(np.int32)
tdiv = np.array([abs(p) // abs(q) * (1 if (p < 0) == (q < 0) else -1) for p, q in zip(A, B)])
fdiv = np.array([p // q for p, q in zip(A, B)])
cdiv = np.array([-((-p) // q) for p, q in zip(A, B)])
S = sh.astype(np.int64)
fl = big.astype(np.float64)
fsat = np.where(np.isnan(fl), 0, np.clip(np.trunc(np.nan_to_num(fl)), -(2**31), 2**31 - 1)).astype(np.int64)
popc = np.array([bin(int(v)).count("1") for v in UA])
ctlz = np.array([32 - int(v).bit_length() for v in S])
want = [A + B, A - B, A * B, tdiv, UA // UB, A - B * tdiv, UA % UB, cdiv, fdiv,
        -((-UA) // UB), A & B, A | B, A ^ B, A << S, A >> S, UA >> S,
        np.maximum(A, B), np.minimum(UA, UB), np.where(UA < UB, A, B),
        a.astype(np.int8).astype(np.int64), a.astype(np.int8).view(np.uint8).astype(np.int64),
        fsat, a.astype(np.float32).view(np.int32).astype(np.int64), A, np.abs(A), ctlz, popc]
for k, v in enumerate(want):
    expect_equal(f"int row {k}", i[k], wrap(v))
print("ok")
