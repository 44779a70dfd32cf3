"""Inputs and numpy expectations for shape_ops.mlir."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from tiles import expect_equal  # noqa: E402

mode, base = sys.argv[1], sys.argv[2]
x = np.random.default_rng(5).standard_normal((4, 6)).astype(np.float32)
if mode == "gen":
    np.save(base + ".x.npy", x)
    sys.exit(0)
r, c = np.meshgrid(np.arange(4), np.arange(6), indexing="ij")
expect_equal("grid", np.load(base + ".grid.npy"), (10 * r + c).astype(np.int32))
expect_equal("rowb", np.load(base + ".rowb.npy"), np.repeat(x.max(axis=1, keepdims=True), 6, axis=1))
expect_equal("splat", np.load(base + ".splat.npy"), np.full((4, 6), 2.5, np.float32))
expect_equal("xt", np.load(base + ".xt.npy"), x.T)
expect_equal("iota_index", np.load(base + ".iota_index.npy"), np.arange(8, dtype=np.int64))
expect_equal("iota_i8", np.load(base + ".iota_i8.npy"), np.arange(8, dtype=np.int8))
expect_equal("mask_t", np.load(base + ".mask_t.npy"), (c <= r).T)
print("ok")
