# The Python half of spec-key.test: the same two specs as print-keys.c,
# printed in the same format.
import os

import aiter_jit

aiter_jit.set_options(cache_dir=os.environ["AITER_CACHE_DIR"])
kernels = [
    aiter_jit.compile_gemm("bfloat16", "float32", trans_b=True, chip="gfx950"),
    aiter_jit.compile_attention("float16", 64, causal=True, window=(64, 0), softcap=30.0, scale=0.1,
                                return_lse=True, layout="bhsd", chip="gfx950"),
    aiter_jit.compile_attention("bfloat16", 64, causal=True, alibi=True, bias_dtype="bfloat16", chip="gfx942"),
    aiter_jit.compile_gemm("float16", "float32", trans_a=True, alpha=0.1, beta=-2.0, c_dtype="bfloat16",
                           bias="col", bias_dtype="float16", activation="gelu_erf", chip="gfx942"),
]
for k in kernels:
    for variant in ("aligned", "general"):
        print(variant, k.cache_key_of(variant))
