# _capi.py - ctypes bindings of libaiter.so (include/aiter-c/aiter.h).
#
# Mirrors the C API's structs and functions one to one, finds the library
# ($AITER_LIBRARY, else the build tree next to this source tree, else the
# loader path) and turns failed statuses into AiterError.
import ctypes
import os
import threading

# The ABI this package's structs follow. A newer library accepts these
# structs' sizes (c-api.md: later ABIs accept older struct_size values).
ABI_VERSION = 3

# aiter_status_t
OK = 0
STATUS_NAMES = {
    0: "AITER_OK",
    1: "AITER_ERROR_INVALID_ARGUMENT",
    2: "AITER_ERROR_UNSUPPORTED",
    3: "AITER_ERROR_COMPILE",
    4: "AITER_ERROR_BAD_TENSOR",
    5: "AITER_ERROR_DEVICE_UNAVAILABLE",
    6: "AITER_ERROR_DEVICE",
    7: "AITER_ERROR_CACHE",
    8: "AITER_ERROR_INTERNAL",
}

# aiter_cache_mode_t
CACHE_MODES = {None: 0, "default": 0, "rw": 1, "ro": 2, "off": 3}
# aiter_dtype_t
DTYPE_F16, DTYPE_BF16, DTYPE_F32 = 1, 2, 3
# aiter_attention_layout_t
LAYOUTS = {"bshd": 0, "bhsd": 1}
GEMM_BIAS = {None: 0, "row": 1, "col": 2}
GEMM_ACTIVATIONS = {None: 0, "relu": 1, "gelu": 2, "gelu_erf": 3, "silu": 4}
# aiter_variant_t
VARIANT_ALIGNED, VARIANT_GENERAL = 0, 1
VARIANTS = {"aligned": VARIANT_ALIGNED, "general": VARIANT_GENERAL}
DEVICE_KINDS = {0: "none", 1: "emulator", 2: "hip"}


class AiterError(RuntimeError):
    """A failed aiter C API call: `status` (int), `status_name` and the
    library's message (`message`)."""

    def __init__(self, status, message, what=""):
        self.status = int(status)
        self.status_name = STATUS_NAMES.get(self.status, "AITER_STATUS_%d" % self.status)
        self.message = message
        prefix = (what + ": ") if what else ""
        super().__init__("%s%s: %s" % (prefix, self.status_name, message))


# --- DLPack (dlpack.h v0.6+; the layout is unchanged through v0.8) -----------
class DLDevice(ctypes.Structure):
    _fields_ = [("device_type", ctypes.c_int32), ("device_id", ctypes.c_int32)]


class DLDataType(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint8), ("bits", ctypes.c_uint8), ("lanes", ctypes.c_uint16)]


class DLTensor(ctypes.Structure):
    _fields_ = [
        ("data", ctypes.c_void_p),
        ("device", DLDevice),
        ("ndim", ctypes.c_int32),
        ("dtype", DLDataType),
        ("shape", ctypes.POINTER(ctypes.c_int64)),
        ("strides", ctypes.POINTER(ctypes.c_int64)),
        ("byte_offset", ctypes.c_uint64),
    ]


class DLManagedTensor(ctypes.Structure):
    _fields_ = [
        ("dl_tensor", DLTensor),
        ("manager_ctx", ctypes.c_void_p),
        ("deleter", ctypes.c_void_p),
    ]


kDLCPU, kDLCUDA, kDLCUDAHost, kDLOpenCL, kDLVulkan, kDLMetal, kDLVPI, kDLROCM = 1, 2, 3, 4, 7, 8, 9, 10
kDLInt, kDLUInt, kDLFloat, kDLBfloat = 0, 1, 2, 4

# --- aiter structs ------------------------------------------------------------
LOG_CALLBACK = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p)


class ContextOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("cache_dir", ctypes.c_char_p),
        ("cache_mode", ctypes.c_int),
        ("cache_max_bytes", ctypes.c_uint64),
        ("default_chip", ctypes.c_char_p),
        ("device_ordinal", ctypes.c_int),
        ("log_callback", LOG_CALLBACK),
        ("log_user_data", ctypes.c_void_p),
        ("cache_remote", ctypes.c_char_p),
        ("cache_remote_timeout_ms", ctypes.c_uint32),
    ]


class GemmDesc(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("dtype", ctypes.c_int),
        ("out_dtype", ctypes.c_int),
        ("trans_a", ctypes.c_int),
        ("trans_b", ctypes.c_int),
        ("chip", ctypes.c_char_p),
        ("config", ctypes.c_char_p),
        ("has_alpha_beta", ctypes.c_int),
        ("alpha", ctypes.c_float),
        ("beta", ctypes.c_float),
        ("c_dtype", ctypes.c_int),
        ("bias", ctypes.c_int),
        ("bias_dtype", ctypes.c_int),
        ("activation", ctypes.c_int),
    ]


class GemmArgs(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("a", ctypes.POINTER(DLTensor)),
        ("b", ctypes.POINTER(DLTensor)),
        ("d", ctypes.POINTER(DLTensor)),
        ("c", ctypes.POINTER(DLTensor)),
        ("bias", ctypes.POINTER(DLTensor)),
    ]


class AttentionDesc(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("dtype", ctypes.c_int),
        ("head_dim", ctypes.c_int64),
        ("head_dim_v", ctypes.c_int64),
        ("causal", ctypes.c_int),
        ("has_window", ctypes.c_int),
        ("window_left", ctypes.c_int64),
        ("window_right", ctypes.c_int64),
        ("softcap", ctypes.c_float),
        ("scale", ctypes.c_float),
        ("return_lse", ctypes.c_int),
        ("layout", ctypes.c_int),
        ("chip", ctypes.c_char_p),
        ("config", ctypes.c_char_p),
        ("alibi", ctypes.c_int),
        ("bias_dtype", ctypes.c_int),
    ]


class AttentionArgs(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("q", ctypes.POINTER(DLTensor)),
        ("k", ctypes.POINTER(DLTensor)),
        ("v", ctypes.POINTER(DLTensor)),
        ("o", ctypes.POINTER(DLTensor)),
        ("lse", ctypes.POINTER(DLTensor)),
        ("alibi_slopes", ctypes.POINTER(DLTensor)),
        ("bias", ctypes.POINTER(DLTensor)),
    ]


class KernelInfo(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("chip", ctypes.c_char * 64),
        ("name", ctypes.c_char * 128),
        ("vgpr_count", ctypes.c_uint32),
        ("agpr_count", ctypes.c_uint32),
        ("sgpr_count", ctypes.c_uint32),
        ("vgpr_spill_count", ctypes.c_uint32),
        ("sgpr_spill_count", ctypes.c_uint32),
        ("lds_bytes", ctypes.c_uint32),
        ("scratch_bytes", ctypes.c_uint32),
        ("kernarg_bytes", ctypes.c_uint32),
        ("workgroup_size", ctypes.c_uint32),
        ("cache_hit", ctypes.c_int),
        ("disk_cache_hit", ctypes.c_int),
        ("compile_ms", ctypes.c_double),
        ("last_device", ctypes.c_int),
    ]


class CacheStats(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("memory_hits", ctypes.c_uint64),
        ("disk_hits", ctypes.c_uint64),
        ("misses", ctypes.c_uint64),
        ("memory_bytes", ctypes.c_uint64),
        ("disk_bytes", ctypes.c_uint64),
        ("evictions", ctypes.c_uint64),
        ("errors", ctypes.c_uint64),
        ("remote_hits", ctypes.c_uint64),
        ("remote_misses", ctypes.c_uint64),
        ("remote_errors", ctypes.c_uint64),
    ]


# --- Loading -----------------------------------------------------------------
_lib = None
_lib_lock = threading.Lock()


def _candidates():
    env = os.environ.get("AITER_LIBRARY")
    if env:
        return [env]  # an explicit choice is not second-guessed
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))  # <src>/python/aiter_jit -> <src>
    out = []
    for build in ("build", "build-py"):
        out.append(os.path.join(root, build, "lib", "libaiter.so"))
    out.append(os.path.join(here, "libaiter.so"))  # an installed copy next to the package
    out.append("libaiter.so")  # the dynamic loader's path
    return out


def _declare(lib):
    P = ctypes.POINTER
    vp = ctypes.c_void_p
    sigs = {
        "aiter_abi_version": (ctypes.c_uint32, []),
        "aiter_build_id": (ctypes.c_char_p, []),
        "aiter_status_string": (ctypes.c_char_p, [ctypes.c_int]),
        "aiter_last_error_message": (ctypes.c_char_p, []),
        "aiter_context_create": (ctypes.c_int, [P(ContextOptions), P(vp)]),
        "aiter_context_destroy": (ctypes.c_int, [vp]),
        "aiter_kernel_create_gemm": (ctypes.c_int, [vp, P(GemmDesc), P(vp)]),
        "aiter_kernel_create_attention": (ctypes.c_int, [vp, P(AttentionDesc), P(vp)]),
        "aiter_kernel_destroy": (ctypes.c_int, [vp]),
        "aiter_kernel_get_info": (ctypes.c_int, [vp, ctypes.c_int, P(KernelInfo)]),
        "aiter_kernel_get_code_object": (ctypes.c_int, [vp, ctypes.c_int, P(vp), P(ctypes.c_size_t)]),
        "aiter_kernel_get_cache_key": (ctypes.c_int, [vp, ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t]),
        "aiter_gemm_launch": (ctypes.c_int, [vp, P(DLTensor), P(DLTensor), P(DLTensor), vp]),
        "aiter_attention_launch": (ctypes.c_int, [vp, P(DLTensor), P(DLTensor), P(DLTensor),
                                                  P(DLTensor), P(DLTensor), vp]),
        "aiter_attention_launch_args": (ctypes.c_int, [vp, P(AttentionArgs), vp]),
        "aiter_gemm_launch_args": (ctypes.c_int, [vp, P(GemmArgs), vp]),
        "aiter_cache_stats": (ctypes.c_int, [vp, P(CacheStats)]),
        "aiter_cache_clear": (ctypes.c_int, [vp]),
    }
    for name, (res, args) in sigs.items():
        fn = getattr(lib, name)
        fn.restype = res
        fn.argtypes = args


def lib():
    """The loaded libaiter.so (loaded once; raises ImportError with every
    place tried when it cannot be found)."""
    global _lib
    if _lib is not None:
        return _lib
    with _lib_lock:
        if _lib is not None:
            return _lib
        tried = []
        for path in _candidates():
            if os.sep in path and not os.path.exists(path):
                tried.append("%s (missing)" % path)
                continue
            try:
                handle = ctypes.CDLL(path)
            except OSError as e:
                tried.append("%s (%s)" % (path, e))
                continue
            _declare(handle)
            abi = handle.aiter_abi_version()
            if abi < ABI_VERSION:
                raise ImportError("aiter_jit: %s has C ABI version %d, this package needs %d"
                                  % (path, abi, ABI_VERSION))
            handle._aiter_path = path
            _lib = handle
            return _lib
        raise ImportError("aiter_jit: cannot load libaiter.so; set AITER_LIBRARY to "
                          "<build>/lib/libaiter.so. Tried: " + "; ".join(tried))


def check(status, what=""):
    """Raises AiterError for a failed status, with the thread's message."""
    if status != OK:
        msg = lib().aiter_last_error_message()
        raise AiterError(status, msg.decode("utf-8", "replace") if msg else "", what)
