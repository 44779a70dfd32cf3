"""Inputs and numpy expectations for control_flow.mlir."""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from tiles import expect_equal  # noqa: E402

mode, base = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(17)
x = rng.standard_normal((10, 29)).astype(np.float32)
v = rng.standard_normal(20).astype(np.float32)
if mode == "gen":
    np.save(base + ".x.npy", x)
    np.save(base + ".v.npy", v)
    sys.exit(0)

# Each 8-column chunk's sum rounds once to f32; the running sum adds in f32.
want = np.zeros(10, np.float32)
for k0 in range(0, 29, 8):
    for r in range(10):
        want[r] = np.float32(want[r] + np.float32(math.fsum(x[r, k0:k0 + 8].astype(np.float64))))
expect_equal("row_sums", np.load(base + ".sums.npy"), want)
br = v.copy()
for p in range(5):
    s = slice(4 * p, 4 * p + 4)
    br[s] = v[s] + v[s] if p % 2 == 0 else v[s] + np.float32(1)
expect_equal("branches", np.load(base + ".br.npy"), br)
expect_equal("flag", np.load(base + ".flag.npy"), np.array([4, 5, 7, 7], np.int32))
print("ok")
