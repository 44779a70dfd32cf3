# The Python half of remote-python.test: `fill DIR` compiles a GEMM with the
# remote tier given to set_options; `hit DIR` (another process, another disk
# cache, the tier from $AITER_CACHE_REMOTE) gets it from the remote tier and
# runs it. Both check cache_stats()'s remote counters.
import os
import sys

import numpy as np

import aiter_jit

mode, cache_dir = sys.argv[1], sys.argv[2]
url = os.environ["AITER_TEST_REDIS_URL"]
if mode == "fill":
    aiter_jit.set_options(cache_dir=cache_dir, cache_remote=url, cache_remote_timeout_ms=500)
else:
    os.environ["AITER_CACHE_REMOTE"] = url
    aiter_jit.set_options(cache_dir=cache_dir)

a = np.arange(8 * 16, dtype=np.float32).reshape(8, 16) / 64
b = np.arange(16 * 12, dtype=np.float32).reshape(16, 12) / 64
c = aiter_jit.gemm(a.astype(np.float16), b.astype(np.float16), out_dtype="float32")
np.testing.assert_allclose(c, a.astype(np.float16).astype(np.float32) @ b.astype(np.float16).astype(np.float32),
                           rtol=1e-3, atol=1e-3)
s = aiter_jit.cache_stats()
want = ({"misses": 2, "remote_hits": 0, "remote_misses": 2, "remote_errors": 0} if mode == "fill" else
        {"misses": 0, "remote_hits": 2, "remote_misses": 0, "remote_errors": 0})
got = {k: s[k] for k in want}
assert got == want, (mode, s)
print(mode, "remote_hits=%d remote_misses=%d remote_errors=%d" %
      (s["remote_hits"], s["remote_misses"], s["remote_errors"]))
