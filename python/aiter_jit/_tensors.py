# _tensors.py - numpy arrays, torch tensors and __dlpack__ objects as DLTensors.
#
# Builds the DLTensor the C API borrows for one launch (from numpy/torch
# metadata directly, or from a `__dlpack__` capsule), keeps what it points at
# alive, and allocates results of the same kind and device as the inputs.
import ctypes
import sys

from . import _capi
from ._capi import DLTensor, DLDevice, DLDataType

# aiter dtype -> (DLPack code, bits, name)
_DL = {
    _capi.DTYPE_F16: (_capi.kDLFloat, 16, "float16"),
    _capi.DTYPE_BF16: (_capi.kDLBfloat, 16, "bfloat16"),
    _capi.DTYPE_F32: (_capi.kDLFloat, 32, "float32"),
}
_FROM_DL = {(c, b): d for d, (c, b, _) in _DL.items()}
DTYPE_NAMES = {d: n for d, (_, _, n) in _DL.items()}

_DEVICE_NAMES = {_capi.kDLCPU: "cpu", _capi.kDLCUDA: "cuda", _capi.kDLCUDAHost: "cuda_host",
                 _capi.kDLROCM: "rocm"}

_GetPointer = ctypes.pythonapi.PyCapsule_GetPointer
_GetPointer.restype = ctypes.c_void_p
_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
_IsValid = ctypes.pythonapi.PyCapsule_IsValid
_IsValid.restype = ctypes.c_int
_IsValid.argtypes = [ctypes.py_object, ctypes.c_char_p]


def _torch():
    """torch if it is already imported (never imports it)."""
    return sys.modules.get("torch")


def is_torch(x):
    t = _torch()
    return t is not None and isinstance(x, t.Tensor)


def is_numpy(x):
    np = sys.modules.get("numpy")
    return np is not None and isinstance(x, np.ndarray)


def dtype_from_any(dt, what="dtype"):
    """An aiter dtype from a string, numpy dtype or torch dtype."""
    if dt is None:
        return None
    if isinstance(dt, int) and dt in _DL:
        return dt
    t = _torch()
    if t is not None and isinstance(dt, t.dtype):
        m = {t.float16: _capi.DTYPE_F16, t.bfloat16: _capi.DTYPE_BF16, t.float32: _capi.DTYPE_F32}
        if dt in m:
            return m[dt]
        raise TypeError("aiter_jit: unsupported %s %s; expected float16, bfloat16 or float32" % (what, dt))
    name = getattr(dt, "name", None) if not isinstance(dt, str) else dt
    if name is None:
        try:
            import numpy as np
            name = np.dtype(dt).name
        except Exception:
            name = str(dt)
    name = {"f16": "float16", "half": "float16", "bf16": "bfloat16", "f32": "float32",
            "float": "float32"}.get(name, name)
    for d, n in DTYPE_NAMES.items():
        if name == n:
            return d
    raise TypeError("aiter_jit: unsupported %s %r; expected float16, bfloat16 or float32" % (what, dt))


class Arg:
    """One tensor argument as a DLTensor, with everything it points at kept
    alive. kind: 'numpy' | 'torch' | 'dlpack'."""

    def __init__(self, obj, name):
        self.obj = obj
        self.name = name
        self._keep = []
        if is_numpy(obj):
            self._from_numpy(obj)
        elif is_torch(obj):
            self._from_torch(obj)
        elif hasattr(obj, "__dlpack__"):
            self._from_dlpack(obj)
        else:
            raise TypeError("aiter_jit: argument %r must be a numpy array, a torch tensor or an "
                            "object with __dlpack__, not %s" % (name, type(obj).__name__))

    # -- construction --
    def _fill(self, data, dev_type, dev_id, code, bits, shape, strides):
        self.shape = tuple(int(s) for s in shape)
        self.strides = tuple(int(s) for s in strides)
        self.device = (int(dev_type), int(dev_id))
        key = (code, bits)
        if key not in _FROM_DL:
            raise TypeError("aiter_jit: argument %r has unsupported dtype (DLPack code %d, %d bits); "
                            "expected float16, bfloat16 or float32" % (self.name, code, bits))
        self.dtype = _FROM_DL[key]
        nd = len(self.shape)
        shp = (ctypes.c_int64 * max(nd, 1))(*self.shape)
        std = (ctypes.c_int64 * max(nd, 1))(*self.strides)
        self._keep += [shp, std]
        self.dl = DLTensor(ctypes.c_void_p(data), DLDevice(dev_type, dev_id), nd,
                           DLDataType(code, bits, 1), shp, std, 0)

    def _from_numpy(self, a):
        name = a.dtype.name
        if name == "float16":
            code = _capi.kDLFloat
        elif name == "float32":
            code = _capi.kDLFloat
        elif name == "bfloat16":  # ml_dtypes.bfloat16 (what JAX uses on the host)
            code = _capi.kDLBfloat
        else:
            raise TypeError("aiter_jit: argument %r has numpy dtype %s; expected float16 (or "
                            "ml_dtypes.bfloat16); numpy has no native bfloat16, pass a "
                            "torch.bfloat16 tensor instead" % (self.name, name))
        item = a.dtype.itemsize
        if any(s % item for s in a.strides):
            raise ValueError("aiter_jit: argument %r has byte strides %s that are not a multiple of "
                             "its element size %d" % (self.name, a.strides, item))
        self.kind = "numpy"
        self.writeable = a.flags.writeable
        self._fill(a.ctypes.data, _capi.kDLCPU, 0, code, item * 8, a.shape,
                   [s // item for s in a.strides])

    def _from_torch(self, t):
        torch = _torch()
        m = {torch.float16: (_capi.kDLFloat, 16), torch.bfloat16: (_capi.kDLBfloat, 16),
             torch.float32: (_capi.kDLFloat, 32)}
        if t.dtype not in m:
            raise TypeError("aiter_jit: argument %r has dtype %s; expected torch.float16 or "
                            "torch.bfloat16 (torch.float32 for outputs)" % (self.name, t.dtype))
        dev = t.device
        if dev.type == "cpu":
            dt, di = _capi.kDLCPU, 0
        elif dev.type == "cuda" and getattr(torch.version, "hip", None):
            dt, di = _capi.kDLROCM, dev.index if dev.index is not None else torch.cuda.current_device()
        elif dev.type == "cuda":
            raise ValueError("aiter_jit: argument %r is on %s, a CUDA (NVIDIA) device; aiter runs on "
                             "AMD GPUs (a ROCm build of PyTorch) or on the host emulator (CPU tensors)"
                             % (self.name, dev))
        else:
            raise ValueError("aiter_jit: argument %r is on device %s; expected a CPU tensor (emulator) "
                             "or a ROCm device tensor" % (self.name, dev))
        self.kind = "torch"
        self.writeable = True
        code, bits = m[t.dtype]
        self._fill(t.data_ptr(), dt, di, code, bits, t.shape, t.stride())

    def _from_dlpack(self, obj):
        dev_type, dev_id = obj.__dlpack_device__() if hasattr(obj, "__dlpack_device__") else (_capi.kDLCPU, 0)
        cap = obj.__dlpack__()
        if not _IsValid(cap, b"dltensor"):
            raise TypeError("aiter_jit: argument %r: __dlpack__ returned no unused 'dltensor' capsule "
                            "(DLPack 1.0 versioned capsules are not supported)" % self.name)
        ptr = _GetPointer(cap, b"dltensor")
        managed = _capi.DLManagedTensor.from_address(ptr)
        t = managed.dl_tensor
        # The capsule stays referenced (and unconsumed) for the launch; its
        # destructor calls the producer's deleter.
        self._keep.append(cap)
        nd = t.ndim
        shape = [t.shape[i] for i in range(nd)]
        if t.strides:
            strides = [t.strides[i] for i in range(nd)]
        else:
            strides, acc = [0] * nd, 1
            for i in reversed(range(nd)):
                strides[i], acc = acc, acc * shape[i]
        if t.dtype.lanes != 1:
            raise TypeError("aiter_jit: argument %r has %d-lane vector elements" % (self.name, t.dtype.lanes))
        self.kind = "dlpack"
        self.writeable = True
        self._fill((t.data or 0) + t.byte_offset, t.device.device_type, t.device.device_id,
                   t.dtype.code, t.dtype.bits, shape, strides)
        if (int(dev_type), int(dev_id)) != self.device:
            raise ValueError("aiter_jit: argument %r: __dlpack_device__ and the capsule disagree" % self.name)

    # -- queries --
    @property
    def device_name(self):
        return "%s:%d" % (_DEVICE_NAMES.get(self.device[0], "dl%d" % self.device[0]), self.device[1])

    def ref(self):
        return ctypes.byref(self.dl)


def check_devices(args):
    """All tensors on one supported device; returns (device_type, device_id)."""
    dev = args[0].device
    for a in args[1:]:
        if a.device != dev:
            raise ValueError("aiter_jit: tensors are on different devices: %r on %s, %r on %s"
                             % (args[0].name, args[0].device_name, a.name, a.device_name))
    if dev[0] not in (_capi.kDLCPU, _capi.kDLROCM):
        raise ValueError("aiter_jit: %r is on %s; expected host memory (the emulator) or a ROCm device"
                         % (args[0].name, args[0].device_name))
    return dev


def empty_like_kind(proto, shape, dtype):
    """A new uninitialised result of `shape`/`dtype` of the same kind and
    device as the Arg `proto`."""
    if proto.kind == "torch":
        torch = _torch()
        tdt = {_capi.DTYPE_F16: torch.float16, _capi.DTYPE_BF16: torch.bfloat16,
               _capi.DTYPE_F32: torch.float32}[dtype]
        return torch.empty(shape, dtype=tdt, device=proto.obj.device)
    if proto.device[0] != _capi.kDLCPU:
        raise ValueError("aiter_jit: cannot allocate a result on %s for a %s argument; pass torch "
                         "tensors (or `out=`)" % (proto.device_name, type(proto.obj).__name__))
    import numpy as np
    if dtype == _capi.DTYPE_BF16:
        if proto.kind == "numpy" and proto.obj.dtype.name == "bfloat16":
            return np.empty(shape, dtype=proto.obj.dtype)
        try:
            import ml_dtypes  # noqa: F401
            return np.empty(shape, dtype=ml_dtypes.bfloat16)
        except ImportError:
            pass
        torch = _torch()
        if torch is not None:
            return torch.empty(shape, dtype=torch.bfloat16)
        raise TypeError("aiter_jit: a bfloat16 result needs torch or ml_dtypes (numpy has no bfloat16)")
    return np.empty(shape, dtype={_capi.DTYPE_F16: np.float16, _capi.DTYPE_F32: np.float32}[dtype])


def current_stream(args):
    """The HIP stream to launch on: torch's current stream for ROCm torch
    tensors, else the null stream (None). Host tensors: None."""
    a = args[0]
    if a.device[0] != _capi.kDLROCM:
        return None
    if a.kind == "torch":
        torch = _torch()
        return ctypes.c_void_p(torch.cuda.current_stream(a.obj.device).cuda_stream)
    return None


def refuse_grad(args, op):
    """Raises when a torch input requires grad while grad mode is on: aiter_jit
    has no backward yet, and returning an output that silently does not
    require grad would lose the gradient without a word."""
    torch = _torch()
    if torch is None or not torch.is_grad_enabled():
        return
    for a in args:
        if is_torch(a.obj) and a.obj.requires_grad:
            raise RuntimeError(
                "aiter_jit: %s argument %r requires grad, but aiter_jit has no backward pass yet "
                "(the gradient would be lost); call it under torch.no_grad() or on detached "
                "tensors" % (op, a.name))

