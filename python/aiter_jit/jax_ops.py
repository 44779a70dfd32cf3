# jax_ops.py - aiter's gemm and attention for JAX on ROCm through XLA FFI.
#
# Loads libaiter_jax_ffi.so (built from python/jax_ffi with the rest of
# aiter), registers its handlers with jax.ffi.register_ffi_target for the
# ROCM platform (XLA's device buffers, XLA's stream) and the cpu platform
# (host buffers, run on aiter's emulator) and exposes gemm() and a
# jax.custom_vjp-wrapped attention(). The handlers are tested by calling them
# as XLA does (test/CAPI/jax-ffi.c); this module itself is not, since JAX is
# not installable in this repository's CI (see docs/python.md).
import ctypes
import os

import jax
import jax.numpy as jnp
import numpy as np

from . import _capi

_GEMM_TARGET = "aiter_jit_gemm"
_ATTENTION_TARGET = "aiter_jit_attention"
_registered = False


def _handler_library():
    env = os.environ.get("AITER_JAX_FFI_LIBRARY")
    if env:
        return env
    # Next to the libaiter.so this package loads.
    return os.path.join(os.path.dirname(_capi.lib()._aiter_path), "libaiter_jax_ffi.so")


def register():
    """Registers the FFI targets once (called by gemm/attention)."""
    global _registered
    if _registered:
        return
    path = _handler_library()
    if not os.path.exists(path):
        raise ImportError("aiter_jit.jax_ops: %s not found; build aiter (ninja -C build "
                          "aiter_jax_ffi) or set AITER_JAX_FFI_LIBRARY" % path)
    lib = ctypes.cdll.LoadLibrary(path)
    for target, symbol in ((_GEMM_TARGET, "AiterJaxGemm"), (_ATTENTION_TARGET, "AiterJaxAttention")):
        jax.ffi.register_ffi_target(target, jax.ffi.pycapsule(getattr(lib, symbol)), platform="ROCM")
        jax.ffi.register_ffi_target(target, jax.ffi.pycapsule(getattr(lib, symbol + "Cpu")),
                                    platform="cpu")
    _registered = True


def gemm(a, b, *, trans_a=False, trans_b=False, out_dtype=None):
    """C = op(a) op(b) on a ROCm device (f16/bf16 inputs; out_dtype default
    a.dtype, float32 allowed). Forward only."""
    register()
    M = a.shape[1] if trans_a else a.shape[0]
    N = b.shape[0] if trans_b else b.shape[1]
    out = jax.ShapeDtypeStruct((M, N), jnp.dtype(out_dtype or a.dtype))
    return jax.ffi.ffi_call(_GEMM_TARGET, out)(a, b, trans_a=np.int32(trans_a), trans_b=np.int32(trans_b))


def _attention_fwd_call(q, k, v, causal, window, softcap, scale, layout):
    register()
    if layout not in ("bshd", "bhsd"):
        raise ValueError("aiter_jit: layout must be 'bshd' or 'bhsd'")
    b, h, s = (q.shape[0], q.shape[2], q.shape[1]) if layout == "bshd" else q.shape[:3]
    outs = (jax.ShapeDtypeStruct(q.shape[:3] + (v.shape[3],), q.dtype),
            jax.ShapeDtypeStruct((b, h, s), jnp.float32))
    return jax.ffi.ffi_call(_ATTENTION_TARGET, outs)(
        q, k, v, causal=np.int32(causal), window_left=np.int64(window[0]),
        window_right=np.int64(window[1]), softcap=np.float32(softcap),
        scale=np.float32(scale or 0.0), layout=np.int32(0 if layout == "bshd" else 1))


def attention(q, k, v, *, causal=False, window=(-1, -1), softcap=0.0, scale=None, return_lse=False,
              layout="bshd"):
    """Flash-attention forward on a ROCm device; same arguments as
    aiter_jit.attention. Differentiable in form (jax.custom_vjp, residuals
    q, k, v, out, lse) but the backward raises NotImplementedError until
    aiter has an attention backward kernel."""
    o, lse = _attention(q, k, v, bool(causal), tuple(int(w) for w in window), float(softcap),
                        None if scale is None else float(scale), layout)
    return (o, lse) if return_lse else o


def _fwd(q, k, v, causal, window, softcap, scale, layout):
    o, lse = _attention_fwd_call(q, k, v, causal, window, softcap, scale, layout)
    return (o, lse), (q, k, v, o, lse)


def _bwd(res, g):
    raise NotImplementedError("aiter_jit.jax_ops.attention: no backward kernel yet (residuals q, k, v, "
                              "out, lse are saved for it)")


def _attention(q, k, v, causal, window, softcap, scale, layout):
    # Non-array arguments are closed over so custom_vjp sees only arrays.
    f = jax.custom_vjp(lambda q, k, v: _attention_fwd_call(q, k, v, causal, window, softcap, scale,
                                                           layout))
    f.defvjp(lambda q, k, v: _fwd(q, k, v, causal, window, softcap, scale, layout), _bwd)
    return f(q, k, v)
