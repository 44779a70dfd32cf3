"""Reference for the gpu.shuffle / subgroup_reduce kernel in buffer_shuffle.mlir."""
import sys
import numpy as np

base = sys.argv[1]
t = np.arange(64)
sq = t * t


def seg_ok(src, width):
    start = t // width * width
    return (src >= start) & (src < start + width)


want = {
    "xor": sq[t ^ 5],
    "up": np.where(seg_ok(t - 3, 16), sq[np.clip(t - 3, 0, 63)], 1),
    "down": np.where(seg_ok(t + 3, 32), sq[np.clip(t + 3, 0, 63)], 1),
    "idx": np.full(64, sq[63]),
    # lane 16: full sum, max of squares, sum over lanes 16..31, and the
    # stride-16 cluster {0, 16, 32, 48} of lane 16.
    "red": np.array([t.sum(), sq.max(), t[16:32].sum(), 0 + 16 + 32 + 48]),
}
ok = True
for name, w in want.items():
    got = np.load(f"{base}.{name}.npy")
    if not np.array_equal(got, w):
        print(name, "got", got, "want", w)
        ok = False
sys.exit(0 if ok else 1)
