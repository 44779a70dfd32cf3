# test_numpy.py - aiter_jit on numpy arrays (emulator device) against float64
# references: GEMM with transposes and strided views, attention (causal, GQA,
# window, softcap, scale, LSE, both layouts, ALiBi and bias), kernel objects
# and the cache.
import numpy as np
import pytest

import aiter_jit
from refs import attention_ref, gemm_epilogue_ref, gemm_ref

rng = np.random.default_rng(0)


def randn(*shape):
    return (rng.standard_normal(shape) * 0.5).astype(np.float16)


@pytest.mark.parametrize("trans_a,trans_b", [(False, False), (True, False), (False, True), (True, True)])
def test_gemm_transposes(trans_a, trans_b):
    M, N, K = 24, 40, 48
    a = randn(K, M) if trans_a else randn(M, K)
    b = randn(N, K) if trans_b else randn(K, N)
    c = aiter_jit.gemm(a, b, trans_a=trans_a, trans_b=trans_b, out_dtype=np.float32)
    assert isinstance(c, np.ndarray) and c.dtype == np.float32 and c.shape == (M, N)
    np.testing.assert_allclose(c, gemm_ref(a, b, trans_a, trans_b), atol=1e-3, rtol=1e-3)


def test_gemm_default_out_dtype_and_out():
    a, b = randn(16, 32), randn(32, 24)
    c = aiter_jit.gemm(a, b)
    assert c.dtype == np.float16
    np.testing.assert_allclose(c, gemm_ref(a, b), atol=2e-2, rtol=1e-2)
    out = np.full((16, 24), 7, dtype=np.float16)
    r = aiter_jit.gemm(a, b, out=out)
    assert r is out
    np.testing.assert_allclose(out, gemm_ref(a, b), atol=2e-2, rtol=1e-2)


def test_gemm_strided_views_are_handled():
    # Views with non-unit and transposed strides go to the general variant.
    a = randn(24, 96)[:, ::2]          # [24, 48], column stride 2
    b = np.asfortranarray(randn(48, 40))  # column-major
    c = aiter_jit.gemm(a, b, out_dtype="float32")
    np.testing.assert_allclose(c, gemm_ref(a, b), atol=1e-3, rtol=1e-3)
    out = np.zeros((40, 24), dtype=np.float32).T  # a transposed output view
    aiter_jit.gemm(a, b, out=out)
    np.testing.assert_allclose(out, gemm_ref(a, b), atol=1e-3, rtol=1e-3)


def test_gemm_negative_strides_rejected():
    a, b = randn(16, 32)[::-1], randn(32, 16)
    with pytest.raises(aiter_jit.AiterError) as e:
        aiter_jit.gemm(a, b, out_dtype="f32")
    assert e.value.status_name == "AITER_ERROR_BAD_TENSOR"
    assert "stride" in str(e.value)


def check_attention(q, k, v, tol=2e-2, **kw):
    o, lse = aiter_jit.attention(q, k, v, return_lse=True, **kw)
    ro, rlse = attention_ref(q, k, v, **kw)
    assert o.shape == ro.shape and o.dtype == q.dtype
    np.testing.assert_allclose(o.astype(np.float64), ro, atol=tol)
    np.testing.assert_allclose(lse, rlse, atol=1e-3)
    return o


def test_attention_plain_and_without_lse():
    q, k, v = randn(2, 16, 2, 64), randn(2, 24, 2, 64), randn(2, 24, 2, 64)
    o = aiter_jit.attention(q, k, v)
    ro, _ = attention_ref(q, k, v)
    np.testing.assert_allclose(o.astype(np.float64), ro, atol=2e-2)


def test_attention_causal_gqa_lse():
    # 4 query heads over 2 kv heads, seq_q != seq_k (bottom-right aligned).
    q, k, v = randn(1, 20, 4, 64), randn(1, 28, 2, 64), randn(1, 28, 2, 64)
    check_attention(q, k, v, causal=True)


def test_attention_window():
    q, k, v = randn(1, 24, 2, 64), randn(1, 24, 1, 64), randn(1, 24, 1, 64)
    check_attention(q, k, v, window=(5, 3))


def test_attention_softcap_scale_bhsd():
    q, k, v = randn(1, 2, 16, 64) * 4, randn(1, 2, 20, 64) * 4, randn(1, 2, 20, 64)
    check_attention(q, k, v, softcap=5.0, scale=0.2, layout="bhsd")


def test_attention_head_dim_128():
    q, k, v = randn(1, 8, 1, 128), randn(1, 8, 1, 128), randn(1, 8, 1, 128)
    check_attention(q, k, v, causal=True)


def test_attention_other_head_dims():
    # Head dims other than 64/128 and V's head dim != Q's (the general tile
    # compiler); the output takes V's head dim.
    q, k, v = randn(1, 12, 2, 96), randn(1, 10, 1, 96), randn(1, 10, 1, 96)
    check_attention(q, k, v, causal=True)
    q, k, v = randn(1, 9, 2, 24), randn(1, 11, 2, 24), randn(1, 11, 2, 40)
    o = check_attention(q, k, v)
    assert o.shape == (1, 9, 2, 40)


def test_attention_alibi_slopes():
    # flash-attention's alibi_slopes: [h] (causal, GQA, seq_q > seq_k: rows
    # without keys) and [b, h] (seq_q < seq_k), against the numpy reference.
    q, k, v = randn(2, 30, 4, 64), randn(2, 20, 2, 64), randn(2, 20, 2, 64)
    slopes = np.array([0.5, 0.25, 0.125, 0.0625], dtype=np.float32)
    check_attention(q, k, v, causal=True, alibi_slopes=slopes)
    q, k, v = randn(2, 10, 2, 64), randn(2, 37, 2, 64), randn(2, 37, 2, 64)
    slopes = rng.uniform(0, 0.5, (2, 2)).astype(np.float32)
    check_attention(q, k, v, alibi_slopes=slopes, layout="bshd", softcap=3.0)


def test_attention_bias_broadcasts():
    # A bias of extent 1 along batch, and one of stride 0 (np.broadcast_to)
    # along heads and queries; f32 and f16, with ALiBi.
    q, k, v = randn(2, 12, 2, 64), randn(2, 17, 1, 64), randn(2, 17, 1, 64)
    bias = rng.uniform(-2, 2, (1, 2, 12, 17)).astype(np.float32)
    check_attention(q, k, v, causal=True, bias=bias)
    key_bias = np.broadcast_to(rng.uniform(-2, 2, (2, 1, 1, 17)).astype(np.float16), (2, 2, 12, 17))
    assert key_bias.strides[1] == 0
    check_attention(q, k, v, bias=key_bias, alibi_slopes=np.array([0.3, 0.1], dtype=np.float32))


def test_attention_alibi_bias_validation():
    q, k, v = randn(1, 8, 2, 64), randn(1, 8, 2, 64), randn(1, 8, 2, 64)
    with pytest.raises(TypeError, match="alibi_slopes must be float32"):
        aiter_jit.attention(q, k, v, alibi_slopes=np.ones(2, dtype=np.float16))
    with pytest.raises(ValueError, match=r"alibi_slopes must be \[h\] or \[b, h\]"):
        aiter_jit.attention(q, k, v, alibi_slopes=np.ones((1, 1, 2), dtype=np.float32))
    with pytest.raises(aiter_jit.AiterError, match="alibi_slopes must be") as e:
        aiter_jit.attention(q, k, v, alibi_slopes=np.ones(3, dtype=np.float32))
    assert e.value.status_name == "AITER_ERROR_BAD_TENSOR"
    with pytest.raises(ValueError, match="bias must be 4-D"):
        aiter_jit.attention(q, k, v, bias=np.zeros((8, 8), dtype=np.float32))
    with pytest.raises(aiter_jit.AiterError, match="bias must be broadcastable") as e:
        aiter_jit.attention(q, k, v, bias=np.zeros((1, 2, 8, 3), dtype=np.float32))
    assert e.value.status_name == "AITER_ERROR_BAD_TENSOR"
    # A kernel object compiled with alibi needs the slopes at launch.
    kern = aiter_jit.compile_attention("float16", 64, alibi=True)
    o = np.zeros_like(q)
    with pytest.raises(aiter_jit.AiterError, match="alibi_slopes must not be NULL"):
        kern.launch(q, k, v, o)
    kern.launch(q, k, v, o, alibi_slopes=np.array([0.5, 0.25], dtype=np.float32))
    ro, _ = attention_ref(q, k, v, alibi_slopes=[0.5, 0.25])
    np.testing.assert_allclose(o.astype(np.float64), ro, atol=2e-2)
    with pytest.raises(TypeError, match="compiled without alibi and bias"):
        aiter_jit.compile_attention("float16", 64).launch(q, k, v, o, bias=np.zeros((1, 1, 8, 8), np.float32))
    # Different specs, different keys.
    keys = {aiter_jit.compile_attention("float16", 64, **kw).cache_key_of()
            for kw in ({}, {"alibi": True}, {"bias_dtype": "float32"}, {"bias_dtype": "float16"})}
    assert len(keys) == 4


def test_kernel_object_and_launch():
    kern = aiter_jit.compile_gemm("float16", "float32", trans_b=True)
    assert kern is aiter_jit.compile_gemm(np.float16, np.float32, trans_b=True)  # memoised
    info = kern.info
    assert info["chip"].startswith("gfx942") and info["workgroup_size"] > 0
    assert set(info) >= {"name", "vgpr_count", "lds_bytes", "cache_hit", "compile_ms", "last_device"}
    co = kern.code_object
    assert isinstance(co, bytes) and co[:4] == b"\x7fELF"
    assert kern.code_object_of("general")[:4] == b"\x7fELF"
    a, b = randn(8, 16), randn(12, 16)
    c = np.zeros((8, 12), dtype=np.float32)
    kern.launch(a, b, c)
    np.testing.assert_allclose(c, gemm_ref(a, b, trans_b=True), atol=1e-3, rtol=1e-3)
    assert kern.info["last_device"] == "emulator"
    with pytest.raises(TypeError, match=r"\(a, b, c\)"):
        kern.launch(a, b)


def test_cache_stats_and_clear(cache_dir):
    import os
    aiter_jit.compile_gemm("f16", "f32")
    s = aiter_jit.cache_stats()
    assert s["misses"] > 0 and s["kernels"] > 0 and s["disk_bytes"] > 0
    assert any(f.endswith(".aitk") for f in os.listdir(cache_dir))
    aiter_jit.cache_clear()
    s = aiter_jit.cache_stats()
    assert s["kernels"] == 0 and s["disk_bytes"] == 0 and s["memory_bytes"] == 0
    assert not any(f.endswith(".aitk") for f in os.listdir(cache_dir))
    # A spec made after the clear is a miss again, then a memory hit.
    misses = s["misses"]
    aiter_jit.compile_gemm("f16", "f32")
    assert aiter_jit.cache_stats()["misses"] == misses + 2  # both variants


def test_threads_share_the_context():
    # The lazily created context and the kernel memo are shared by threads.
    import threading
    a, b = randn(16, 32), randn(32, 16)
    ref = gemm_ref(a, b)
    errors = []

    def work():
        try:
            for _ in range(2):
                c = aiter_jit.gemm(a, b, out_dtype="f32")
                np.testing.assert_allclose(c, ref, atol=1e-3, rtol=1e-3)
        except Exception as e:  # reported below
            errors.append(e)

    ts = [threading.Thread(target=work) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors, errors


# GEMM epilogues: D = act(alpha A B + beta C + bias) against float64 numpy.
@pytest.mark.parametrize("activation", [None, "relu", "gelu", "gelu_erf", "silu"])
def test_gemm_epilogue(activation):
    M, N, K = 40, 36, 24
    a, b = randn(K, M), randn(N, K)
    c = (rng.standard_normal((M, N))).astype(np.float32)
    bias = (rng.standard_normal(N)).astype(np.float16)
    ref = gemm_epilogue_ref(a, b, True, True, alpha=1.5, beta=-0.5, c=c, bias=bias, activation=activation)
    d = aiter_jit.gemm(a, b, trans_a=True, trans_b=True, alpha=1.5, beta=-0.5, c=c, bias=bias,
                       activation=activation, out_dtype=np.float32)
    np.testing.assert_allclose(d, ref, atol=1e-4, rtol=1e-4)


def test_gemm_epilogue_in_place_column_bias_and_k0():
    M, N, K = 33, 20, 16
    a, b = randn(M, K), randn(K, N)
    out = (rng.standard_normal((M, N)) * 0.5).astype(np.float16)
    c0 = out.copy()
    bias = (rng.standard_normal((M, 1))).astype(np.float32)  # [M, 1]: per row
    r = aiter_jit.gemm(a, b, beta=2.0, c=out, bias=bias, activation="silu", out=out)
    assert r is out
    np.testing.assert_allclose(out, gemm_epilogue_ref(a, b, beta=2.0, c=c0, bias=bias, activation="silu"),
                               atol=2e-2, rtol=1e-2)
    # K = 0: D = act(beta C + bias).
    a0, b0 = np.zeros((M, 0), np.float16), np.zeros((0, N), np.float16)
    c = (rng.standard_normal((M, N))).astype(np.float32)
    d = aiter_jit.gemm(a0, b0, beta=0.5, c=c, bias=bias, activation="relu", out_dtype=np.float32)
    np.testing.assert_allclose(d, gemm_epilogue_ref(a0, b0, beta=0.5, c=c, bias=bias, activation="relu"),
                               atol=1e-6, rtol=1e-6)


def test_gemm_epilogue_errors():
    a, b = randn(8, 8), randn(8, 8)
    with pytest.raises(ValueError, match="beta != 0 needs c"):
        aiter_jit.gemm(a, b, beta=1.0)
    with pytest.raises(ValueError, match="c is given but beta is 0"):
        aiter_jit.gemm(a, b, c=np.zeros((8, 8), np.float16))
    with pytest.raises(ValueError, match="alpha must be finite"):
        aiter_jit.gemm(a, b, alpha=float("nan"))
    with pytest.raises(ValueError, match="bias must be"):
        aiter_jit.gemm(a, b, bias=np.zeros(7, np.float16))
    with pytest.raises(ValueError, match="activation must be"):
        aiter_jit.gemm(a, b, activation="tanh")
