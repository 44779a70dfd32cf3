# refs.py - float64 numpy references of GEMM and attention for the tests
# (bottom-right aligned causal/window visibility, softcap, GQA, LSE, ALiBi
# and an additive bias, both after the softcap as in flash-attention).
import numpy as np


def gemm_ref(a, b, trans_a=False, trans_b=False):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return (a.T if trans_a else a) @ (b.T if trans_b else b)


def activation_ref(x, activation):
    """PyTorch's definitions in float64 (gelu: approximate='tanh')."""
    import math
    if activation is None:
        return x
    if activation == "relu":
        return np.maximum(x, 0.0)
    if activation == "gelu":
        return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))
    if activation == "gelu_erf":
        return 0.5 * x * (1 + np.vectorize(math.erf)(x / np.sqrt(2.0)))
    if activation == "silu":
        return x / (1 + np.exp(-x))
    raise ValueError(activation)


def gemm_epilogue_ref(a, b, trans_a=False, trans_b=False, alpha=1.0, beta=0.0, c=None, bias=None,
                      activation=None):
    """act(alpha op(a) op(b) + beta c + bias) in float64; bias broadcasts as in numpy."""
    d = alpha * gemm_ref(a, b, trans_a, trans_b)
    if c is not None:
        d = d + beta * np.asarray(c, dtype=np.float64)
    if bias is not None:
        d = d + np.asarray(bias, dtype=np.float64)
    return activation_ref(d, activation)


def attention_ref(q, k, v, causal=False, window=(-1, -1), softcap=0.0, scale=None, layout="bshd",
                  alibi_slopes=None, bias=None):
    """Returns (out, lse) in float64; q/k/v as float64-convertible arrays."""
    q, k, v = (np.asarray(x, dtype=np.float64) for x in (q, k, v))
    if layout == "bshd":  # -> bhsd
        q, k, v = (x.transpose(0, 2, 1, 3) for x in (q, k, v))
    b, h, sq, d = q.shape
    hk, sk = k.shape[1], k.shape[2]
    scale = 1.0 / np.sqrt(d) if scale is None else scale
    k = np.repeat(k, h // hk, axis=1)
    v = np.repeat(v, h // hk, axis=1)
    s = np.einsum("bhid,bhjd->bhij", q, k) * scale
    if softcap:
        s = softcap * np.tanh(s / softcap)
    left, right = window
    if causal:
        right = 0
    i = np.arange(sq)[:, None] + (sk - sq)
    j = np.arange(sk)[None, :]
    if alibi_slopes is not None:
        # flash-attention: -slope * |i + seqlen_k - seqlen_q - j|.
        slopes = np.broadcast_to(np.asarray(alibi_slopes, dtype=np.float64), (b, h))
        s = s - slopes[:, :, None, None] * np.abs(i - j)[None, None]
    if bias is not None:
        s = s + np.broadcast_to(np.asarray(bias, dtype=np.float64), s.shape)
    vis = np.ones((sq, sk), dtype=bool)
    if right >= 0:
        vis &= j <= i + right
    if left >= 0:
        vis &= j >= i - left
    s = np.where(vis, s, -np.inf)
    m = s.max(axis=-1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    p = np.exp(s - m)
    l = p.sum(axis=-1, keepdims=True)
    out = np.einsum("bhij,bhjd->bhid", p / np.where(l > 0, l, 1.0), v)
    with np.errstate(divide="ignore"):
        # A row without a visible key: +inf, as flash-attention.
        lse = np.where(l > 0, m + np.log(np.where(l > 0, l, 1.0)), np.inf)[..., 0]
    if layout == "bshd":
        out = out.transpose(0, 2, 1, 3)
    return out, lse
