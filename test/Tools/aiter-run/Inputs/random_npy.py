"""random_npy.py PREFIX NAME=SHAPExDTYPE...: writes PREFIX.NAME.npy per spec.

Uniform values in [-1, 1) from a seed derived from the arguments; bf16 is
stored as its uint16 bits (what aiter-run reads for bf16 .npy files), f16 as
float16. SHAPE is like 100x77 (or 1 for a vector of one element).
"""
import sys
import zlib

import numpy as np

prefix, specs = sys.argv[1], sys.argv[2:]
rng = np.random.default_rng(zlib.crc32(" ".join(specs).encode()))
for spec in specs:
    name, rest = spec.split("=", 1)
    *dims, dtype = rest.split("x")
    shape = tuple(int(d) for d in dims)
    x = rng.uniform(-1.0, 1.0, size=shape).astype(np.float32)
    if dtype == "bf16":
        bits = x.view(np.uint32)
        # round to nearest even
        x = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)
    elif dtype == "f16":
        x = x.astype(np.float16)
    elif dtype != "f32":
        sys.exit(f"unknown dtype {dtype} in {spec}")
    np.save(f"{prefix}.{name}.npy", x)
