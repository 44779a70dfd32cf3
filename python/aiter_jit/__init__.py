# aiter_jit - Python package over aiter's C API (libaiter.so) via ctypes.
#
# gemm / attention on numpy arrays, torch tensors and __dlpack__ objects (host
# memory runs on the emulator device, ROCm device tensors through HIP on the
# current stream), compile_* kernel objects, cache_stats / cache_clear. The
# import name is aiter_jit so that AMD's `aiter` package is never shadowed.
# PyTorch operators: `import aiter_jit.torch_ops` (torch.ops.aiter_jit.*).
import ctypes
import logging
import threading

from . import _capi, _tensors
from ._capi import AiterError

__all__ = ["AiterError", "gemm", "attention", "compile_gemm", "compile_attention", "Kernel",
           "cache_stats", "cache_clear", "set_options", "library_path", "build_id"]

_log = logging.getLogger("aiter_jit")

# --- Context -----------------------------------------------------------------
_lock = threading.RLock()
_options = {"cache_dir": None, "cache_mode": None, "cache_max_bytes": 0, "default_chip": None,
            "cache_remote": None, "cache_remote_timeout_ms": 0}
_contexts = {}  # device ordinal -> context handle
_kernels = {}  # (ordinal, spec) -> Kernel


@_capi.LOG_CALLBACK
def _on_log(user_data, level, message):
    text = message.decode("utf-8", "replace") if message else ""
    _log.log({0: logging.INFO, 1: logging.WARNING}.get(level, logging.ERROR), "%s", text)


def set_options(cache_dir=None, cache_mode=None, cache_max_bytes=0, default_chip=None,
                cache_remote=None, cache_remote_timeout_ms=0):
    """Options of the module's contexts; only before the first kernel is made
    (raises RuntimeError after). cache_dir None: $AITER_CACHE_DIR, else
    $XDG_CACHE_HOME/aiter, else ~/.cache/aiter. cache_mode: None/'default'
    ($AITER_CACHE), 'rw', 'ro', 'off'. default_chip: chip when no AMD GPU is
    present (None = gfx942). cache_remote: 'redis://host[:port][/db]' for the
    shared tier, None = $AITER_CACHE_REMOTE, 'off' = none;
    cache_remote_timeout_ms: budget of one remote operation (0 =
    $AITER_CACHE_REMOTE_TIMEOUT_MS, else 250)."""
    if cache_mode not in _capi.CACHE_MODES:
        raise ValueError("aiter_jit: cache_mode must be one of 'rw', 'ro', 'off', 'default' or None")
    with _lock:
        if _contexts:
            raise RuntimeError("aiter_jit: set_options must be called before the first kernel is created")
        _options.update(cache_dir=cache_dir, cache_mode=cache_mode,
                        cache_max_bytes=int(cache_max_bytes), default_chip=default_chip,
                        cache_remote=cache_remote,
                        cache_remote_timeout_ms=int(cache_remote_timeout_ms))


def _context(ordinal=0):
    with _lock:
        ctx = _contexts.get(ordinal)
        if ctx is not None:
            return ctx
        lib = _capi.lib()
        o = _capi.ContextOptions()
        o.struct_size = ctypes.sizeof(o)
        o.cache_dir = _options["cache_dir"].encode() if _options["cache_dir"] else None
        o.cache_mode = _capi.CACHE_MODES[_options["cache_mode"]]
        o.cache_max_bytes = _options["cache_max_bytes"]
        o.default_chip = _options["default_chip"].encode() if _options["default_chip"] else None
        o.device_ordinal = ordinal
        o.cache_remote = _options["cache_remote"].encode() if _options["cache_remote"] else None
        o.cache_remote_timeout_ms = _options["cache_remote_timeout_ms"]
        o.log_callback = _on_log
        h = ctypes.c_void_p()
        _capi.check(lib.aiter_context_create(ctypes.byref(o), ctypes.byref(h)), "aiter_context_create")
        _contexts[ordinal] = h
        return h


def library_path():
    """The path libaiter.so was loaded from."""
    return _capi.lib()._aiter_path


def build_id():
    """The compiler build id that is part of every cache key."""
    return _capi.lib().aiter_build_id().decode()


# --- Kernels -------------------------------------------------------------------
class Kernel:
    """A compiled (or cached) kernel: both alignment variants. `info` is the
    aligned variant's info dict (`info_of('general')` the other),
    `code_object` its HSACO bytes (`code_object_of(variant)`), `launch(...)`
    runs it on DLPack-able tensors. Thread-safe."""

    def __init__(self, handle, kind, spec, ordinal):
        self._h = handle
        self.kind = kind  # 'gemm' | 'attention'
        self.spec = dict(spec)
        self.ordinal = ordinal

    def __del__(self):
        h, self._h = getattr(self, "_h", None), None
        if h and _capi._lib is not None:
            _capi._lib.aiter_kernel_destroy(h)

    def __repr__(self):
        return "<aiter_jit.Kernel %s %s>" % (self.kind, self.spec)

    def info_of(self, variant="aligned"):
        i = _capi.KernelInfo()
        i.struct_size = ctypes.sizeof(i)
        _capi.check(_capi.lib().aiter_kernel_get_info(self._h, _capi.VARIANTS[variant], ctypes.byref(i)),
                    "aiter_kernel_get_info")
        d = {f: getattr(i, f) for f, _ in i._fields_ if f != "struct_size"}
        d["chip"], d["name"] = i.chip.decode(), i.name.decode()
        d["cache_hit"], d["disk_cache_hit"] = bool(i.cache_hit), bool(i.disk_cache_hit)
        d["last_device"] = _capi.DEVICE_KINDS.get(i.last_device, str(i.last_device))
        return d

    @property
    def info(self):
        return self.info_of("aligned")

    def cache_key_of(self, variant="aligned"):
        """The variant's cache key (hex): equal to the C API's and to
        `aiter-compile --cache-key`'s for the same spec."""
        buf = ctypes.create_string_buffer(65)
        _capi.check(_capi.lib().aiter_kernel_get_cache_key(self._h, _capi.VARIANTS[variant], buf, 65),
                    "aiter_kernel_get_cache_key")
        return buf.value.decode()

    def code_object_of(self, variant="aligned"):
        p, n = ctypes.c_void_p(), ctypes.c_size_t()
        _capi.check(_capi.lib().aiter_kernel_get_code_object(self._h, _capi.VARIANTS[variant],
                                                             ctypes.byref(p), ctypes.byref(n)),
                    "aiter_kernel_get_code_object")
        return ctypes.string_at(p, n.value)

    @property
    def code_object(self):
        return self.code_object_of("aligned")

    def launch(self, *tensors, alibi_slopes=None, bias=None, c=None, stream=None):
        """GEMM: launch(a, b, out), with c= ([M, N], may be out itself) when
        compiled with a c_dtype and bias= (1-D) when compiled with a bias.
        Attention: launch(q, k, v, o[, lse]), with
        alibi_slopes= (float32 [h] or [b, h]) when compiled with alibi and
        bias= (broadcastable to [b, h, s_q, s_k]) when compiled with a
        bias_dtype. Outputs are written in place. stream: a hipStream_t as
        int (ROCm tensors; None = torch's current stream for torch tensors,
        else the null stream)."""
        if self.kind == "gemm":
            if len(tensors) != 3:
                raise TypeError("aiter_jit: a GEMM kernel launches with (a, b, c) (c: the output; the "
                                "epilogue's C input is the c= keyword)")
            if alibi_slopes is not None:
                raise TypeError("aiter_jit: a GEMM kernel takes no alibi_slopes")
            names = ("a", "b", "c")
            args = [_tensors.Arg(t, n) for t, n in zip(tensors, names)]
            self._launch(args, stream, c=None if c is None else _tensors.Arg(c, "c"),
                         bias=None if bias is None else _tensors.Arg(bias, "bias"))
            return
        if c is not None:
            raise TypeError("aiter_jit: an attention kernel takes no c")
        else:
            want = 5 if self.spec["return_lse"] else 4
            if len(tensors) != want:
                raise TypeError("aiter_jit: this attention kernel launches with (q, k, v, o%s)"
                                % (", lse" if want == 5 else ""))
            names = ("q", "k", "v", "o", "lse")
        args = [_tensors.Arg(t, n) for t, n in zip(tensors, names)]
        extra = {}
        if alibi_slopes is not None:
            extra["alibi_slopes"] = _tensors.Arg(alibi_slopes, "alibi_slopes")
        if bias is not None:
            extra["bias"] = _tensors.Arg(bias, "bias")
        self._launch(args, stream, **extra)

    def _launch(self, args, stream=None, alibi_slopes=None, bias=None, c=None):
        inputs = [a for a in (alibi_slopes, bias, c) if a is not None]
        dev = _tensors.check_devices(args + inputs)
        if dev[0] == _capi.kDLROCM and dev[1] != self.ordinal:
            raise ValueError("aiter_jit: kernel was created for device %d, tensors are on %d"
                             % (self.ordinal, dev[1]))
        for a in args[2 if self.kind == "gemm" else 3:]:  # outputs
            if not a.writeable:
                raise ValueError("aiter_jit: output %r is read-only" % a.name)
        s = ctypes.c_void_p(stream) if isinstance(stream, int) else (stream or _tensors.current_stream(args))
        lib = _capi.lib()
        if self.kind == "gemm" and (self.spec.get("c_dtype") or self.spec.get("bias")):
            g = _capi.GemmArgs()
            g.struct_size = ctypes.sizeof(g)
            g.a, g.b, g.d = (ctypes.pointer(x.dl) for x in args[:3])
            if c is not None:
                g.c = ctypes.pointer(c.dl)
            if bias is not None:
                g.bias = ctypes.pointer(bias.dl)
            st = lib.aiter_gemm_launch_args(self._h, ctypes.byref(g), s)
            _capi.check(st, "aiter_gemm_launch_args")
        elif self.kind == "gemm":
            if c is not None or bias is not None:
                raise TypeError("aiter_jit: this GEMM kernel was compiled without c_dtype and bias")
            st = lib.aiter_gemm_launch(self._h, args[0].ref(), args[1].ref(), args[2].ref(), s)
            _capi.check(st, "aiter_gemm_launch")
        elif self.spec.get("alibi") or self.spec.get("bias_dtype"):
            a = _capi.AttentionArgs()
            a.struct_size = ctypes.sizeof(a)
            a.q, a.k, a.v, a.o = (ctypes.pointer(x.dl) for x in args[:4])
            if len(args) > 4:
                a.lse = ctypes.pointer(args[4].dl)
            if alibi_slopes is not None:
                a.alibi_slopes = ctypes.pointer(alibi_slopes.dl)
            if bias is not None:
                a.bias = ctypes.pointer(bias.dl)
            st = lib.aiter_attention_launch_args(self._h, ctypes.byref(a), s)
            _capi.check(st, "aiter_attention_launch_args")
        else:
            if alibi_slopes is not None or bias is not None:
                raise TypeError("aiter_jit: this attention kernel was compiled without alibi and bias")
            lse = args[4].ref() if len(args) > 4 else None
            st = lib.aiter_attention_launch(self._h, args[0].ref(), args[1].ref(), args[2].ref(),
                                            args[3].ref(), lse, s)
            _capi.check(st, "aiter_attention_launch")


def _memo(kind, spec, ordinal, create):
    key = (ordinal, kind, tuple(sorted(spec.items())))
    with _lock:
        k = _kernels.get(key)
    if k is not None:
        return k
    ctx = _context(ordinal)
    h = ctypes.c_void_p()
    _capi.check(create(ctx, h), "aiter_kernel_create_" + kind)  # outside the lock: the C API single-flights
    k = Kernel(h, kind, spec, ordinal)
    with _lock:
        return _kernels.setdefault(key, k)


def _enc(s):
    return s.encode() if s else None


def _finite(x, what):
    x = float(x)
    if x != x or x in (float("inf"), float("-inf")):
        raise ValueError("aiter_jit: %s must be finite, got %r" % (what, x))
    return x


def compile_gemm(dtype, out_dtype=None, *, trans_a=False, trans_b=False, alpha=1.0, beta=0.0,
                 c_dtype=None, bias=None, bias_dtype=None, activation=None, chip=None, config=None,
                 device=0):
    """A GEMM kernel D[M, N] = act(alpha op(A) op(B) + beta C + bias) for
    inputs of `dtype` (float16 or bfloat16; strings, numpy or torch dtypes)
    and results of `out_dtype` (default: dtype; float32 allowed). alpha and
    beta are compile-time constants; beta != 0 needs c_dtype (C's dtype) and
    c_dtype needs beta != 0. bias: None, 'row' (a vector [N] added to every
    row) or 'col' ([M]), of bias_dtype (default out_dtype). activation: None,
    'relu', 'gelu' (tanh approximation), 'gelu_erf' or 'silu'. chip None =
    the device's (or the default chip without a GPU). Memoised per spec."""
    dt = _tensors.dtype_from_any(dtype, "dtype")
    odt = _tensors.dtype_from_any(out_dtype, "out_dtype") or dt
    if dt == _capi.DTYPE_F32:
        raise TypeError("aiter_jit: GEMM inputs must be float16 or bfloat16, not float32")
    alpha, beta = _finite(alpha, "alpha"), _finite(beta, "beta")
    cdt = _tensors.dtype_from_any(c_dtype, "c_dtype")
    if beta != 0.0 and cdt is None:
        raise ValueError("aiter_jit: beta != 0 needs c_dtype (the C input's dtype)")
    if beta == 0.0 and cdt is not None:
        raise ValueError("aiter_jit: c_dtype needs beta != 0 (with beta 0 no C is read)")
    if bias not in _capi.GEMM_BIAS:
        raise ValueError("aiter_jit: bias must be None, 'row' or 'col', not %r" % (bias,))
    bdt = _tensors.dtype_from_any(bias_dtype, "bias_dtype")
    if bias is None and bdt is not None:
        raise ValueError("aiter_jit: bias_dtype needs bias='row' or 'col'")
    if bias is not None and bdt is None:
        bdt = odt
    if activation not in _capi.GEMM_ACTIVATIONS:
        raise ValueError("aiter_jit: activation must be None, 'relu', 'gelu', 'gelu_erf' or 'silu', not %r"
                         % (activation,))
    spec = dict(dtype=dt, out_dtype=odt, trans_a=bool(trans_a), trans_b=bool(trans_b),
                alpha=alpha, beta=beta, c_dtype=cdt or 0, bias=bias or "", bias_dtype=bdt or 0,
                activation=activation or "", chip=chip, config=config)

    def create(ctx, h):
        d = _capi.GemmDesc()
        d.struct_size = ctypes.sizeof(d)
        d.dtype, d.out_dtype, d.trans_a, d.trans_b = dt, odt, int(bool(trans_a)), int(bool(trans_b))
        d.chip, d.config = _enc(chip), _enc(config)
        d.has_alpha_beta, d.alpha, d.beta = int(alpha != 1.0 or beta != 0.0), alpha, beta
        d.c_dtype = cdt or 0
        d.bias, d.bias_dtype = _capi.GEMM_BIAS[bias], bdt or 0
        d.activation = _capi.GEMM_ACTIVATIONS[activation]
        return _capi.lib().aiter_kernel_create_gemm(ctx, ctypes.byref(d), ctypes.byref(h))

    return _memo("gemm", spec, int(device), create)


def _window(window):
    try:
        left, right = (int(w) for w in window)
    except (TypeError, ValueError):
        raise ValueError("aiter_jit: window must be a pair (left, right); -1 = unbounded") from None
    if left < -1 or right < -1:
        raise ValueError("aiter_jit: window sizes must be >= 0, or -1 for unbounded; got %r" % (window,))
    return left, right


def compile_attention(dtype, head_dim, *, head_dim_v=None, causal=False, window=(-1, -1), softcap=0.0,
                      scale=None, return_lse=False, layout="bshd", alibi=False, bias_dtype=None,
                      chip=None, config=None, device=0):
    """An attention kernel (flash-attention forward) for `dtype` float16 or
    bfloat16, `head_dim` and `head_dim_v` (default head_dim) in 1..256.
    window (left, right), -1 = unbounded; with causal the right bound is 0
    (flash-attention folds them the same way). scale None = 1/sqrt(head_dim). layout
    'bshd' or 'bhsd'. alibi: the kernel takes alibi_slopes at launch;
    bias_dtype (float16, bfloat16 or float32; None = no bias): it takes an
    additive bias of that dtype. Memoised per spec."""
    dt = _tensors.dtype_from_any(dtype, "dtype")
    bdt = _tensors.dtype_from_any(bias_dtype, "bias_dtype")
    if dt == _capi.DTYPE_F32:
        raise TypeError("aiter_jit: attention inputs must be float16 or bfloat16, not float32")
    if layout not in _capi.LAYOUTS:
        raise ValueError("aiter_jit: layout must be 'bshd' or 'bhsd', not %r" % (layout,))
    left, right = _window(window)
    if scale is not None and float(scale) == 0.0:
        raise ValueError("aiter_jit: scale 0 is not expressible (0 means 1/sqrt(head_dim) in the C API)")
    spec = dict(dtype=dt, head_dim=int(head_dim), head_dim_v=int(head_dim_v or head_dim),
                causal=bool(causal), window=(left, right), softcap=float(softcap),
                scale=None if scale is None else float(scale), return_lse=bool(return_lse),
                layout=layout, alibi=bool(alibi), bias_dtype=bdt or 0, chip=chip, config=config)

    def create(ctx, h):
        d = _capi.AttentionDesc()
        d.struct_size = ctypes.sizeof(d)
        d.dtype, d.head_dim = dt, spec["head_dim"]
        d.head_dim_v = 0 if spec["head_dim_v"] == spec["head_dim"] else spec["head_dim_v"]
        d.causal = int(spec["causal"])
        d.has_window = int((left, right) != (-1, -1))
        d.window_left, d.window_right = left, right
        d.softcap = spec["softcap"]
        d.scale = spec["scale"] or 0.0
        d.return_lse = int(spec["return_lse"])
        d.layout = _capi.LAYOUTS[layout]
        d.chip, d.config = _enc(chip), _enc(config)
        d.alibi, d.bias_dtype = int(spec["alibi"]), spec["bias_dtype"]
        return _capi.lib().aiter_kernel_create_attention(ctx, ctypes.byref(d), ctypes.byref(h))

    return _memo("attention", spec, int(device), create)


def _ordinal(dev):
    return dev[1] if dev[0] == _capi.kDLROCM else 0


# --- Operations ------------------------------------------------------------------
def gemm(a, b, *, trans_a=False, trans_b=False, alpha=1.0, beta=0.0, c=None, bias=None,
         activation=None, out_dtype=None, out=None):
    """D[M, N] = act(alpha op(A) op(B) + beta C + bias): a [M, K] ([K, M]
    with trans_a), b [K, N] ([N, K] with trans_b), float16 or bfloat16; c
    [M, N] (float16, bfloat16 or float32), required exactly when beta != 0,
    and it may be `out` (in place); bias broadcasts as in numpy: [N] or
    [1, N] is added to every row, [M, 1] to every column; activation None,
    'relu', 'gelu' (tanh approximation), 'gelu_erf' or 'silu'. The result has
    out_dtype (default: the inputs' dtype; float32 allowed), is allocated like
    `a` (numpy -> numpy, torch -> torch on a's device) unless `out` is given,
    and is returned."""
    A, B = _tensors.Arg(a, "a"), _tensors.Arg(b, "b")
    for t in (A, B):
        if len(t.shape) != 2:
            raise ValueError("aiter_jit: gemm argument %r must be 2-D, got shape %s" % (t.name, t.shape))
    if A.dtype != B.dtype:
        raise TypeError("aiter_jit: gemm inputs have different dtypes: a %s, b %s"
                        % (_tensors.DTYPE_NAMES[A.dtype], _tensors.DTYPE_NAMES[B.dtype]))
    if A.dtype == _capi.DTYPE_F32:
        raise TypeError("aiter_jit: gemm inputs must be float16 or bfloat16, not float32")
    M, K = (A.shape[1], A.shape[0]) if trans_a else A.shape
    K2, N = (B.shape[1], B.shape[0]) if trans_b else B.shape
    if K != K2:
        raise ValueError("aiter_jit: gemm shapes do not agree: op(a) is %dx%d, op(b) is %dx%d"
                         % (M, K, K2, N))
    beta = _finite(beta, "beta")
    if beta != 0.0 and c is None:
        raise ValueError("aiter_jit: beta != 0 needs c")
    if beta == 0.0 and c is not None:
        raise ValueError("aiter_jit: c is given but beta is 0 (with beta 0 no C is read)")
    Cin = None
    if c is not None:
        Cin = _tensors.Arg(c, "c")
        if Cin.shape != (M, N):
            raise ValueError("aiter_jit: c must have shape %s, got %s" % ((M, N), Cin.shape))
    Bias, bias_kind = None, None
    if bias is not None:
        Bias = _tensors.Arg(bias, "bias")
        if Bias.shape in ((N,), (1, N)):
            bias_kind = "row"
        elif Bias.shape == (M, 1):
            bias_kind = "col"
        else:
            raise ValueError("aiter_jit: bias must be [N] or [1, N] (added to every row) or [M, 1] "
                             "(added to every column) = %s, %s or %s, got %s"
                             % ((N,), (1, N), (M, 1), Bias.shape))
        if len(Bias.shape) == 2:  # the kernel takes the vector
            Bias = _tensors.Arg(bias.reshape(-1) if bias_kind == "row" or M == 1 else bias[:, 0], "bias")
    ins = [A, B] + [t for t in (Cin, Bias) if t is not None]
    dev = _tensors.check_devices(ins)
    _tensors.refuse_grad(ins, "gemm")
    odt = _tensors.dtype_from_any(out_dtype, "out_dtype")
    if out is None:
        out = _tensors.empty_like_kind(A, (M, N), odt or A.dtype)
    C = _tensors.Arg(out, "out")
    if odt is not None and C.dtype != odt:
        raise TypeError("aiter_jit: out has dtype %s but out_dtype is %s"
                        % (_tensors.DTYPE_NAMES[C.dtype], _tensors.DTYPE_NAMES[odt]))
    if C.shape != (M, N):
        raise ValueError("aiter_jit: out must have shape %s, got %s" % ((M, N), C.shape))
    k = compile_gemm(A.dtype, C.dtype, trans_a=trans_a, trans_b=trans_b, alpha=alpha, beta=beta,
                     c_dtype=None if Cin is None else Cin.dtype, bias=bias_kind,
                     bias_dtype=None if Bias is None else Bias.dtype, activation=activation,
                     device=_ordinal(dev))
    k._launch([A, B, C], c=Cin, bias=Bias)
    return out


def attention(q, k, v, *, causal=False, window=(-1, -1), softcap=0.0, scale=None, return_lse=False,
              layout="bshd", alibi_slopes=None, bias=None):
    """Flash-attention forward softmax(scale * q k^T [+ causal / window mask,
    softcap, alibi, bias]) v. q [b, s_q, h, d], k/v [b, s_k, h_kv, d] in
    'bshd' (or [b, h, s, d] in 'bhsd'); GQA when h is a multiple of h_kv.
    Causal masks are bottom-right aligned. alibi_slopes: float32 [h] or
    [b, h], adding -slope * |i + s_k - s_q - j| to the score of query i and
    key j (flash-attention's definition); bias: float16, bfloat16 or float32
    broadcastable to [b, h, s_q, s_k] (extent 1 or stride 0 broadcasts),
    added to the scores. Both come after the softcap, as in flash-attention.
    Returns out (like q), or (out, lse) with lse [b, h, s_q] float32 when
    return_lse."""
    if layout not in _capi.LAYOUTS:
        raise ValueError("aiter_jit: layout must be 'bshd' or 'bhsd', not %r" % (layout,))
    Q, K, V = _tensors.Arg(q, "q"), _tensors.Arg(k, "k"), _tensors.Arg(v, "v")
    for t in (Q, K, V):
        if len(t.shape) != 4:
            raise ValueError("aiter_jit: attention argument %r must be 4-D (%s), got shape %s"
                             % (t.name, layout, t.shape))
        if t.dtype != Q.dtype:
            raise TypeError("aiter_jit: attention inputs have different dtypes: q %s, %s %s"
                            % (_tensors.DTYPE_NAMES[Q.dtype], t.name, _tensors.DTYPE_NAMES[t.dtype]))
    if Q.dtype == _capi.DTYPE_F32:
        raise TypeError("aiter_jit: attention inputs must be float16 or bfloat16, not float32")
    extra = {}
    if alibi_slopes is not None:
        A = _tensors.Arg(alibi_slopes, "alibi_slopes")
        if A.dtype != _capi.DTYPE_F32:
            raise TypeError("aiter_jit: alibi_slopes must be float32, not %s" % _tensors.DTYPE_NAMES[A.dtype])
        if len(A.shape) not in (1, 2):
            raise ValueError("aiter_jit: alibi_slopes must be [h] or [b, h], got shape %s" % (A.shape,))
        extra["alibi_slopes"] = A
    if bias is not None:
        Bi = _tensors.Arg(bias, "bias")
        if len(Bi.shape) != 4:
            raise ValueError("aiter_jit: bias must be 4-D, broadcastable to [b, h, s_q, s_k]; got shape %s"
                             % (Bi.shape,))
        extra["bias"] = Bi
    dev = _tensors.check_devices([Q, K, V] + list(extra.values()))
    _tensors.refuse_grad([Q, K, V] + list(extra.values()), "attention")
    head_dim, head_dim_v = Q.shape[3], V.shape[3]
    o_shape = Q.shape[:3] + (head_dim_v,)
    bhs = (Q.shape[0], Q.shape[2], Q.shape[1]) if layout == "bshd" else Q.shape[:3]
    kern = compile_attention(Q.dtype, head_dim, head_dim_v=head_dim_v, causal=causal, window=window,
                             softcap=softcap, scale=scale, return_lse=return_lse, layout=layout,
                             alibi="alibi_slopes" in extra,
                             bias_dtype=extra["bias"].dtype if "bias" in extra else None,
                             device=_ordinal(dev))
    o = _tensors.empty_like_kind(Q, o_shape, Q.dtype)
    args = [Q, K, V, _tensors.Arg(o, "o")]
    lse = None
    if return_lse:
        lse = _tensors.empty_like_kind(Q, bhs, _capi.DTYPE_F32)
        args.append(_tensors.Arg(lse, "lse"))
    kern._launch(args, **extra)
    return (o, lse) if return_lse else o


# --- Cache -----------------------------------------------------------------------
def cache_stats(device=0):
    """The cache counters of the module's context for `device` (a dict:
    memory_hits, disk_hits, misses, memory_bytes, disk_bytes, evictions,
    errors, remote_hits, remote_misses, remote_errors) plus 'kernels', the
    number of memoised kernel objects."""
    s = _capi.CacheStats()
    s.struct_size = ctypes.sizeof(s)
    _capi.check(_capi.lib().aiter_cache_stats(_context(device), ctypes.byref(s)), "aiter_cache_stats")
    d = {f: int(getattr(s, f)) for f, _ in s._fields_ if f != "struct_size"}
    with _lock:
        d["kernels"] = sum(1 for key in _kernels if key[0] == device)
    return d


def cache_clear():
    """Empties every context's memory tier and the disk directory (not in
    read-only mode) and forgets the memoised kernel objects (kernels still
    referenced elsewhere stay valid)."""
    with _lock:
        ctxs = list(_contexts.values()) or [_context(0)]
        _kernels.clear()
    for ctx in ctxs:
        _capi.check(_capi.lib().aiter_cache_clear(ctx), "aiter_cache_clear")
