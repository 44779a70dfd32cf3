"""Inputs and numpy expectations for load_store.mlir."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from tiles import expect_equal  # noqa: E402

mode, base = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(7)
x = rng.standard_normal((5, 7)).astype(np.float32)
y = rng.standard_normal((3, 5, 6)).astype(np.float16)
z = rng.integers(-1000, 1000, size=(13, 21)).astype(np.int32)
i8 = rng.integers(-128, 128, size=10).astype(np.int8)
i1 = rng.integers(0, 2, size=10).astype(np.bool_)
# bf16 bits: ordinary values, -0, +-inf and a NaN with a payload.
bf16 = rng.integers(0, 0x7F00, size=10).astype(np.uint16)
bf16[[1, 4, 6, 8]] = [0x8000, 0x7F80, 0xFF80, 0x7FC5]
if mode == "gen":
    for name, v in dict(x=x, y=y, z=z, i8=i8, i1=i1, bf16=bf16).items():
        np.save(f"{base}.{name}.npy", v)
    sys.exit(0)


def clipped_read(src, rows, cols, pad):
    """src[rows[i][j], cols[i][j]] where in bounds, else pad."""
    rows, cols = np.asarray(rows), np.asarray(cols)
    ok = (rows >= 0) & (rows < src.shape[0]) & (cols >= 0) & (cols < src.shape[1])
    out = np.full(rows.shape, pad, dtype=src.dtype)
    out[ok] = src[rows[ok], cols[ok]]
    return out


i, j = np.meshgrid(np.arange(8), np.arange(8), indexing="ij")
for name, (r0, c0) in dict(window_a=(-2, 3), window_b=(4, -5), window_c=(9, 0)).items():
    expect_equal(name, np.load(f"{base}.{name}.npy"), clipped_read(x, r0 + i, c0 + j, -1.5))

# Tile element [i, j] runs along memref dims [1, 0]: x[1 + j, -1 + i].
i, j = np.meshgrid(np.arange(4), np.arange(8), indexing="ij")
expect_equal("transposed", np.load(f"{base}.transposed.npy"), clipped_read(x, 1 + j, -1 + i, 7.0))

b, s = 1, 3
i, j = np.meshgrid(np.arange(4), np.arange(8), indexing="ij")
expect_equal("rank3_a", np.load(f"{base}.rank3_a.npy"), clipped_read(y[b], s + i, j, 0.5))
i, j = np.meshgrid(np.arange(8), np.arange(4), indexing="ij")
expect_equal("rank3_b", np.load(f"{base}.rank3_b.npy"), clipped_read(y[:, s, :], j, i, -2.0))
expect_equal("rank3_c", np.load(f"{base}.rank3_c.npy"),
             clipped_read(y[b], np.full(8, s), 1 + np.arange(8), 0.0))
expect_equal("rank3_d", np.load(f"{base}.rank3_d.npy"), np.full((4, 8), 0.5, np.float16))

expect_equal("ragged", np.load(f"{base}.ragged.npy"), z + 1)
expect_equal("ragged_t", np.load(f"{base}.ragged_t.npy"), (z + 1).T)

want = np.full((13, 21), -7, np.int32)
want[0:5, 18:21] = np.arange(8)[None, 0:3]  # tile rows 3..7, columns 0..2
expect_equal("overhang", np.load(f"{base}.overhang.npy"), want)

pad = lambda v, p: np.concatenate([np.full(3, p, v.dtype), v, np.full(3, p, v.dtype)])
expect_equal("o_i8", np.load(f"{base}.o_i8.npy"), pad(i8, -3))
expect_equal("o_i1", np.load(f"{base}.o_i1.npy"), pad(i1, True))
expect_equal("o_bf16", np.load(f"{base}.o_bf16.npy"), pad(bf16, np.uint16(0xFF80)))
print("ok")
