# test_torch.py - aiter_jit on PyTorch CPU tensors (emulator device) and the
# torch.library operators torch.ops.aiter_jit.{gemm,attention,attention_lse};
# also a generic __dlpack__ object. Skipped when torch is not installed.
import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="PyTorch (Debian python3-torch) is not installed")

import aiter_jit  # noqa: E402
import aiter_jit.torch_ops  # noqa: E402,F401  (registers torch.ops.aiter_jit)
from refs import attention_ref, gemm_epilogue_ref, gemm_ref  # noqa: E402

torch.manual_seed(0)


def f64(t):
    return t.detach().to(torch.float64).numpy()


def randn(*shape, dtype=torch.bfloat16):
    return (torch.randn(*shape) * 0.5).to(dtype)


@pytest.mark.parametrize("trans_b", [False, True])
def test_gemm_bf16(trans_b):
    a = randn(32, 64)
    b = randn(48, 64) if trans_b else randn(64, 48)
    c = aiter_jit.gemm(a, b, trans_b=trans_b, out_dtype=torch.float32)
    assert isinstance(c, torch.Tensor) and c.dtype == torch.float32 and c.shape == (32, 48)
    np.testing.assert_allclose(f64(c), gemm_ref(f64(a), f64(b), trans_b=trans_b), atol=1e-3, rtol=1e-3)


def test_gemm_transposed_view():
    # a.t() is a non-contiguous view: handled through its strides.
    a, b = randn(64, 32), randn(64, 48)
    c = aiter_jit.gemm(a.t(), b, out_dtype=torch.float32)
    np.testing.assert_allclose(f64(c), gemm_ref(f64(a).T, f64(b)), atol=1e-3, rtol=1e-3)


def test_attention_causal_gqa_lse_bf16():
    q, k, v = randn(2, 12, 4, 64), randn(2, 16, 1, 64), randn(2, 16, 1, 64)
    o, lse = aiter_jit.attention(q, k, v, causal=True, return_lse=True)
    ro, rlse = attention_ref(f64(q), f64(k), f64(v), causal=True)
    assert o.dtype == torch.bfloat16 and lse.dtype == torch.float32 and lse.shape == (2, 4, 12)
    np.testing.assert_allclose(f64(o), ro, atol=3e-2)
    np.testing.assert_allclose(f64(lse), rlse, atol=1e-3)


def test_attention_noncontiguous_head_dim_rejected():
    q = randn(1, 8, 1, 128)[..., ::2]  # head dim with stride 2
    with pytest.raises(aiter_jit.AiterError, match="AITER_ERROR_BAD_TENSOR") as e:
        aiter_jit.attention(q, q, q)
    assert e.value.status == 4 and e.value.message


def test_torch_ops_gemm():
    a, b = randn(16, 32), randn(32, 24)
    c = torch.ops.aiter_jit.gemm(a, b, out_dtype=torch.float32)
    np.testing.assert_allclose(f64(c), gemm_ref(f64(a), f64(b)), atol=1e-3, rtol=1e-3)
    c = torch.ops.aiter_jit.gemm(a, b.t().contiguous(), trans_b=True, out_dtype=torch.float32)
    np.testing.assert_allclose(f64(c), gemm_ref(f64(a), f64(b)), atol=1e-3, rtol=1e-3)
    c16 = torch.ops.aiter_jit.gemm(a, b)
    assert c16.dtype == torch.bfloat16


def test_torch_ops_attention():
    q, k, v = randn(1, 16, 2, 64), randn(1, 16, 2, 64), randn(1, 16, 2, 64)
    o = torch.ops.aiter_jit.attention(q, k, v, causal=True, window=[4, 0], softcap=0.0)
    ro, rlse = attention_ref(f64(q), f64(k), f64(v), window=(4, 0))
    np.testing.assert_allclose(f64(o), ro, atol=3e-2)
    o2, lse = torch.ops.aiter_jit.attention_lse(q, k, v, causal=True, window=[4, 0])
    np.testing.assert_allclose(f64(o2), ro, atol=3e-2)
    np.testing.assert_allclose(f64(lse), rlse, atol=1e-3)
    # Composes with ordinary PyTorch code.
    y = torch.ops.aiter_jit.attention(q, k, v, causal=True, window=[4, 0]).float().sum()
    assert torch.isfinite(y)


def test_attention_alibi_and_expanded_bias():
    # flash-attention's alibi_slopes name and shapes; a bias from .expand()
    # (stride 0 along batch and queries).
    q, k, v = randn(2, 20, 2, 64, dtype=torch.float16), randn(2, 24, 2, 64, dtype=torch.float16), \
        randn(2, 24, 2, 64, dtype=torch.float16)
    slopes = torch.rand(2, 2) * 0.5
    bias = (torch.rand(1, 2, 1, 24) * 4 - 2).to(torch.bfloat16).expand(2, 2, 20, 24)
    o, lse = aiter_jit.attention(q, k, v, causal=True, return_lse=True, alibi_slopes=slopes, bias=bias)
    ro, rlse = attention_ref(f64(q), f64(k), f64(v), causal=True, alibi_slopes=f64(slopes), bias=f64(bias))
    np.testing.assert_allclose(f64(o), ro, atol=2e-2)
    np.testing.assert_allclose(f64(lse), rlse, atol=1e-3)
    o2 = torch.ops.aiter_jit.attention(q, k, v, causal=True, alibi_slopes=slopes, bias=bias)
    np.testing.assert_allclose(f64(o2), ro, atol=2e-2)
    with pytest.raises(RuntimeError, match="argument 'bias' requires grad"):
        aiter_jit.attention(q, k, v, bias=torch.zeros(1, 1, 20, 24, requires_grad=True))


def test_torch_ops_errors_propagate():
    with pytest.raises(ValueError, match="must be 2-D"):
        torch.ops.aiter_jit.gemm(randn(2, 3, 4), randn(4, 5))


class _DLPackOnly:
    """Exposes only the DLPack protocol of a tensor."""

    def __init__(self, t):
        self.t = t

    def __dlpack__(self, stream=None):
        return self.t.__dlpack__()

    def __dlpack_device__(self):
        return self.t.__dlpack_device__()


def test_generic_dlpack_objects():
    a, b = randn(16, 32, dtype=torch.float16), randn(32, 8, dtype=torch.float16)
    c = aiter_jit.gemm(_DLPackOnly(a), _DLPackOnly(b), out_dtype="float32")
    assert isinstance(c, np.ndarray)  # results of generic host objects are numpy
    np.testing.assert_allclose(c, gemm_ref(f64(a), f64(b)), atol=1e-3, rtol=1e-3)


def test_mixed_numpy_and_torch_inputs():
    a = randn(16, 32, dtype=torch.float16)
    b = (np.random.default_rng(1).standard_normal((32, 8)) * 0.5).astype(np.float16)
    c = aiter_jit.gemm(a, b, out_dtype=torch.float32)  # result follows `a`: torch
    assert isinstance(c, torch.Tensor)
    np.testing.assert_allclose(f64(c), gemm_ref(f64(a), b), atol=1e-3, rtol=1e-3)


@pytest.mark.parametrize("entry", ["function", "torch.ops"])
def test_inputs_requiring_grad_are_refused(entry):
    # No backward yet: an output that silently does not require grad would
    # lose the gradient, so such calls raise instead (issue 14 item 1).
    q = randn(1, 8, 2, 64).requires_grad_()
    k, v = randn(1, 8, 2, 64), randn(1, 8, 2, 64)
    a, b = randn(16, 16), randn(16, 16).requires_grad_()
    attn = aiter_jit.attention if entry == "function" else torch.ops.aiter_jit.attention
    gemm = aiter_jit.gemm if entry == "function" else torch.ops.aiter_jit.gemm
    with pytest.raises(RuntimeError, match="argument 'q' requires grad, but aiter_jit has no backward"):
        attn(q, k, v)
    with pytest.raises(RuntimeError, match="argument 'b' requires grad"):
        gemm(a, b)
    # Without grad mode, or on detached tensors, the call runs.
    with torch.no_grad():
        out = attn(q, k, v)
    assert not out.requires_grad
    assert gemm(a, b.detach()).shape == (16, 16)


def test_gemm_epilogue_torch_in_place():
    # bf16 in place (c is out), a [M, 1] column bias, tanh gelu; and a [1, N] row bias.
    M, N, K = 40, 24, 32
    a, b = randn(M, K), randn(N, K)
    out = randn(M, N)
    c0 = f64(out)
    bias = torch.randn(M, 1)
    r = aiter_jit.gemm(a, b, trans_b=True, alpha=0.5, beta=1.5, c=out, bias=bias, activation="gelu", out=out)
    assert r is out
    ref = gemm_epilogue_ref(f64(a), f64(b), False, True, alpha=0.5, beta=1.5, c=c0, bias=f64(bias),
                            activation="gelu")
    np.testing.assert_allclose(f64(out), ref, atol=3e-2, rtol=2e-2)
    row = torch.randn(1, N).to(torch.float16)
    d = aiter_jit.gemm(a, b, trans_b=True, bias=row, activation="relu", out_dtype=torch.float32)
    np.testing.assert_allclose(f64(d), gemm_epilogue_ref(f64(a), f64(b), False, True, bias=f64(row),
                                                         activation="relu"), atol=1e-4, rtol=1e-4)
