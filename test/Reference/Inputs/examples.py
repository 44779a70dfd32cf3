"""Inputs and float64 references for examples.test (the shipped tile
programs). Usage: examples.py gen|check BASE gemm M N K
                  examples.py gen|check BASE attention|causal B H HKV SQ SK"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from tiles import bf16_bits_to_f32, expect_close, random_bf16  # noqa: E402

mode, base, op = sys.argv[1], sys.argv[2], sys.argv[3]
dims = [int(v) for v in sys.argv[4:]]
rng = np.random.default_rng(sum(dims))
U_BF16, U_F32 = 2.0**-8, 2.0**-24


def load_bf16(name):
    return bf16_bits_to_f32(np.load(f"{base}.{name}.npy")).astype(np.float64)


if op == "gemm":
    m, n, k = dims
    if mode == "gen":
        np.save(base + ".a.npy", random_bf16(rng, (m, k))[0])
        np.save(base + ".b.npy", random_bf16(rng, (k, n))[0])
        sys.exit(0)
    want = load_bf16("a") @ load_bf16("b")
    got = load_bf16("c")
    # Output rounding to bf16 (2 u covers half an ulp with margin), plus f32
    # rounding of the accumulator once per K step; relative to the larger
    # of |ref| and the RMS of C (cancelling sums keep their neighbours' error).
    rms = math.sqrt(float((want**2).mean()))
    expect_close("C", got, want, 2 * U_BF16 + k * U_F32, np.maximum(np.abs(want), rms))
    sys.exit(0)

b, h, hkv, sq, sk = dims
if mode == "gen":
    np.save(base + ".q.npy", random_bf16(rng, (b, h, sq, 128), -2, 2)[0])
    np.save(base + ".k.npy", random_bf16(rng, (b, hkv, sk, 128), -2, 2)[0])
    np.save(base + ".v.npy", random_bf16(rng, (b, hkv, sk, 128))[0])
    sys.exit(0)
q, kk, v, got = load_bf16("q"), load_bf16("k"), load_bf16("v"), load_bf16("o")
scale = 1 / math.sqrt(128)
want = np.zeros_like(got)
empty = np.zeros((b, h, sq), dtype=bool)
for bi in range(b):
    for hi in range(h):
        g = hi // (h // hkv)
        s = scale * (q[bi, hi] @ kk[bi, g].T)
        if op == "causal":
            i, j = np.meshgrid(np.arange(sq), np.arange(sk), indexing="ij")
            s = np.where(j <= i + sk - sq, s, -np.inf)
        rows = np.isfinite(s).any(axis=1)
        empty[bi, hi] = ~rows
        p = np.zeros_like(s)
        p[rows] = np.exp(s[rows] - s[rows].max(axis=1, keepdims=True))
        p[rows] /= p[rows].sum(axis=1, keepdims=True)
        want[bi, hi] = p @ v[bi, g]
if not np.isfinite(got).all():
    sys.exit(f"O: {int((~np.isfinite(got)).sum())} non-finite (unwritten?) elements")
if empty.any():
    print(f"rows without a visible key: {int(empty.sum())}")
    if (got[empty] != 0).any():
        sys.exit("O: a row that sees no key is not 0")
# P rounds to bf16 before the second dot and O rounds to bf16 (6 u covers
# both with margin), f32 scores and sums; relative to each row's RMS.
rms = np.sqrt((want**2).mean(axis=-1, keepdims=True))
expect_close("O", got[~empty], want[~empty], 6 * U_BF16 + 4 * U_F32 * (sk + 128 * 4),
             np.maximum(np.abs(want), rms)[~empty])
