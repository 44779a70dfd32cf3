# torch_ops.py - aiter_jit's gemm and attention as PyTorch custom operators.
#
# Importing this module registers, with torch.library (the torch 1.13 API):
#   torch.ops.aiter_jit.gemm(a, b, trans_a=False, trans_b=False, out_dtype=None) -> Tensor
#   torch.ops.aiter_jit.attention(q, k, v, causal=False, window=[-1, -1], softcap=0.0,
#                                 scale=None, layout="bshd", alibi_slopes=None,
#                                 bias=None) -> Tensor
#   torch.ops.aiter_jit.attention_lse(...same...) -> (Tensor out, Tensor lse)
# with CPU kernels (the emulator device) and, on ROCm builds of PyTorch, CUDA
# kernels (HIP on the current stream). Forward only: no autograd formulas.
import torch

import aiter_jit

_NS = "aiter_jit"

_SCHEMAS = {
    "gemm": "gemm(Tensor a, Tensor b, bool trans_a=False, bool trans_b=False, "
            "ScalarType? out_dtype=None) -> Tensor",
    "attention": "attention(Tensor q, Tensor k, Tensor v, bool causal=False, int[2] window=[-1, -1], "
                 "float softcap=0.0, float? scale=None, str layout=\"bshd\", Tensor? alibi_slopes=None, "
                 "Tensor? bias=None) -> Tensor",
    "attention_lse": "attention_lse(Tensor q, Tensor k, Tensor v, bool causal=False, "
                     "int[2] window=[-1, -1], float softcap=0.0, float? scale=None, "
                     "str layout=\"bshd\", Tensor? alibi_slopes=None, Tensor? bias=None) -> (Tensor, Tensor)",
}


def _gemm(a, b, trans_a=False, trans_b=False, out_dtype=None):
    return aiter_jit.gemm(a, b, trans_a=trans_a, trans_b=trans_b, out_dtype=out_dtype)


def _attention(q, k, v, causal=False, window=(-1, -1), softcap=0.0, scale=None, layout="bshd",
               alibi_slopes=None, bias=None):
    return aiter_jit.attention(q, k, v, causal=causal, window=tuple(window), softcap=softcap,
                               scale=scale, layout=layout, alibi_slopes=alibi_slopes, bias=bias)


def _attention_lse(q, k, v, causal=False, window=(-1, -1), softcap=0.0, scale=None, layout="bshd",
                   alibi_slopes=None, bias=None):
    return aiter_jit.attention(q, k, v, causal=causal, window=tuple(window), softcap=softcap,
                               scale=scale, layout=layout, return_lse=True,
                               alibi_slopes=alibi_slopes, bias=bias)


_IMPLS = {"gemm": _gemm, "attention": _attention, "attention_lse": _attention_lse}


def _register():
    lib = torch.library.Library(_NS, "DEF")
    for schema in _SCHEMAS.values():
        lib.define(schema)
    keys = ["CPU"]
    if getattr(torch.version, "hip", None):
        keys.append("CUDA")  # ROCm builds expose HIP devices as "cuda"
    for key in keys:
        for name, fn in _IMPLS.items():
            lib.impl(name, fn, key)
    return lib


LIBRARY = _register()  # kept alive: dropping a Library unregisters its ops
