"""Random bf16 Q, K, V in the bshd layout for tile_check.test.
Usage: attention_bshd.py BASE BATCH SEQ_Q SEQ_K HEADS (head_dim 128)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                "Reference", "Inputs"))
from tiles import random_bf16  # noqa: E402

base = sys.argv[1]
b, sq, sk, h = (int(v) for v in sys.argv[2:])
rng = np.random.default_rng(b + sq + sk + h)
# Q and K in [-2, 2): peaked softmax rows, as the spec mode's inputs.
np.save(base + ".q.npy", random_bf16(rng, (b, sq, h, 128), -2, 2)[0])
np.save(base + ".k.npy", random_bf16(rng, (b, sk, h, 128), -2, 2)[0])
np.save(base + ".v.npy", random_bf16(rng, (b, sk, h, 128))[0])
