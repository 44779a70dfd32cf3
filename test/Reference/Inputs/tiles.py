"""Shared helpers of the reference-evaluator tests: bf16 as uint16 bits (NumPy
has no bf16), round-to-nearest-even from float32, and comparisons that say
what differs."""
import sys

import numpy as np


def bf16_bits_to_f32(bits):
    return (np.asarray(bits, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)


def f32_to_bf16_bits(x):
    """float32 -> bf16 bits, round to nearest even; NaN stays NaN."""
    x = np.asarray(x, dtype=np.float32)
    u = x.view(np.uint32).astype(np.uint64)
    s16, one = np.uint64(16), np.uint64(1)
    r = ((u + np.uint64(0x7FFF) + ((u >> s16) & one)) >> s16).astype(np.uint16)
    quiet = ((u >> s16) | np.uint64(0x40)).astype(np.uint16)
    return np.where(np.isnan(x), quiet, r).astype(np.uint16)


def random_bf16(rng, shape, lo=-1.0, hi=1.0):
    """Random values that bf16 holds exactly: (bits, float64 values)."""
    bits = f32_to_bf16_bits(rng.uniform(lo, hi, size=shape).astype(np.float32))
    return bits, bf16_bits_to_f32(bits).astype(np.float64)


def expect_equal(name, got, want):
    """Bitwise equality (NaNs compare equal to NaNs)."""
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape:
        sys.exit(f"{name}: shape {got.shape}, want {want.shape}")
    if got.dtype.kind == "f":
        same = (got == want) | (np.isnan(got) & np.isnan(want))
        same &= np.signbit(got) == np.signbit(want)
    else:
        same = got == want
    if not same.all():
        idx = np.argwhere(~same)[0]
        sys.exit(f"{name}: {int((~same).sum())} elements differ, first at "
                 f"{tuple(idx)}: got {got[tuple(idx)]!r}, want {want[tuple(idx)]!r}")


def expect_close(name, got, want, tol, scale=None):
    """|got - want| <= tol * scale elementwise (scale defaults to |want|)."""
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        sys.exit(f"{name}: shape {got.shape}, want {want.shape}")
    if not np.isfinite(got).all():
        sys.exit(f"{name}: {int((~np.isfinite(got)).sum())} non-finite values")
    scale = np.abs(want) if scale is None else scale
    err = np.abs(got - want)
    bad = err > tol * scale
    if bad.any():
        idx = tuple(np.argwhere(bad)[0])
        sys.exit(f"{name}: {int(bad.sum())} of {bad.size} out of tolerance "
                 f"{tol:.2e}, first at {idx}: got {got[idx]!r}, want {want[idx]!r}")
    print(f"{name}: max error {float((err / np.maximum(scale, 1e-300)).max()):.2e} (tolerance {tol:.2e})")


def f64_to_bf16_bits(q):
    """float64 -> bf16 bits rounded once to nearest even (rounding through
    float32 first could round twice)."""
    q = np.asarray(q, dtype=np.float64)
    out = f32_to_bf16_bits(q.astype(np.float32)).reshape(-1)
    flat = q.reshape(-1)
    for n, v in enumerate(flat):
        if not np.isfinite(v):
            continue
        c = int(out[n])
        near = float(bf16_bits_to_f32(np.array([c], np.uint16))[0])
        if near == v:
            continue
        # The neighbour on the other side of v (sign-magnitude bits).
        other = c - 1 if abs(near) > abs(v) else c + 1
        far = float(bf16_bits_to_f32(np.array([other], np.uint16))[0])
        dn, df = abs(v - near), abs(v - far)  # exact: both within 2x of v
        if df < dn or (df == dn and other % 2 == 0):
            out[n] = other
    return out.reshape(q.shape)
