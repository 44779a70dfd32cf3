# test_errors.py - wrong dtypes, shapes, devices and options raise clear
# Python exceptions (TypeError/ValueError before the C API, AiterError with
# the C API's status and message from it).
import numpy as np
import pytest

import aiter_jit


def z(*shape, dtype=np.float16):
    return np.zeros(shape, dtype=dtype)


def test_wrong_dtype():
    with pytest.raises(TypeError, match="float64.*expected float16"):
        aiter_jit.gemm(z(4, 4, dtype=np.float64), z(4, 4, dtype=np.float64))
    with pytest.raises(TypeError, match="different dtypes"):
        aiter_jit.gemm(z(4, 4), z(4, 4, dtype=np.float32))
    with pytest.raises(TypeError, match="not float32"):
        aiter_jit.gemm(z(4, 4, dtype=np.float32), z(4, 4, dtype=np.float32))
    with pytest.raises(TypeError, match="unsupported out_dtype"):
        aiter_jit.gemm(z(4, 4), z(4, 4), out_dtype="int8")
    with pytest.raises(TypeError, match="int32.*expected float16"):
        aiter_jit.attention(*(z(1, 4, 1, 64, dtype=np.int32),) * 3)


def test_wrong_shape():
    with pytest.raises(ValueError, match="must be 2-D"):
        aiter_jit.gemm(z(4), z(4, 4))
    with pytest.raises(ValueError, match="do not agree"):
        aiter_jit.gemm(z(4, 8), z(4, 8))
    with pytest.raises(ValueError, match="out must have shape"):
        aiter_jit.gemm(z(4, 8), z(8, 4), out=z(4, 5))
    with pytest.raises(ValueError, match="must be 4-D"):
        aiter_jit.attention(z(4, 64), z(4, 64), z(4, 64))


def test_c_api_rejections_carry_status_and_message():
    # Heads not a multiple of kv heads: the C API's launch validation.
    with pytest.raises(aiter_jit.AiterError) as e:
        aiter_jit.attention(z(1, 4, 3, 64), z(1, 4, 2, 64), z(1, 4, 2, 64))
    assert e.value.status_name == "AITER_ERROR_BAD_TENSOR" and "head" in e.value.message
    # head_dim 300 is past what the compiler supports (1..256).
    with pytest.raises(aiter_jit.AiterError, match=r"head_dim must be in \[1, 256\]"):
        aiter_jit.attention(z(1, 4, 1, 300), z(1, 4, 1, 300), z(1, 4, 1, 300))


def test_compile_errors_have_distinct_statuses():
    # The status says why, not the message text: a malformed config is the
    # caller's argument error, and so is a chip aiter does not build for.
    with pytest.raises(aiter_jit.AiterError) as e:
        aiter_jit.compile_gemm("float16", config="tile_m=100")
    assert e.value.status_name == "AITER_ERROR_INVALID_ARGUMENT"
    assert "tile_m=100" in e.value.message
    with pytest.raises(aiter_jit.AiterError) as e:
        aiter_jit.compile_gemm("float16", config="stages=3")
    assert e.value.status_name == "AITER_ERROR_INVALID_ARGUMENT"
    assert "not implemented" in e.value.message
    with pytest.raises(aiter_jit.AiterError) as e:
        aiter_jit.compile_gemm("float16", chip="gfx1100")
    assert e.value.status_name == "AITER_ERROR_INVALID_ARGUMENT"
    assert "desc.chip" in e.value.message and "gfx1100" in e.value.message


def test_bad_arguments():
    with pytest.raises(TypeError, match="numpy array, a torch tensor or an object with __dlpack__"):
        aiter_jit.gemm([[1.0]], z(1, 1))
    with pytest.raises(ValueError, match="layout"):
        aiter_jit.attention(z(1, 4, 1, 64), z(1, 4, 1, 64), z(1, 4, 1, 64), layout="sbhd")
    with pytest.raises(ValueError, match="window"):
        aiter_jit.attention(z(1, 4, 1, 64), z(1, 4, 1, 64), z(1, 4, 1, 64), window=(-2, 0))
    with pytest.raises(ValueError, match="read-only"):
        out = z(4, 4)
        out.flags.writeable = False
        aiter_jit.gemm(z(4, 4), z(4, 4), out=out)
    with pytest.raises(RuntimeError, match="before the first kernel"):
        aiter_jit.set_options(cache_mode="off")


def test_wrong_device():
    torch = pytest.importorskip("torch", reason="PyTorch (Debian python3-torch) is not installed")
    m = torch.empty(4, 4, dtype=torch.float16, device="meta")
    with pytest.raises(ValueError, match="device meta"):
        aiter_jit.gemm(m, m)


def test_rocm_capsule_without_hip():
    # A DLPack producer claiming ROCm memory: with no HIP here the C API
    # refuses (device unavailable) instead of touching the pointer.
    torch = pytest.importorskip("torch", reason="PyTorch (Debian python3-torch) is not installed")
    import ctypes
    import os
    for lib in ("libamdhip64.so", "/opt/rocm/lib/libamdhip64.so"):
        if os.environ.get("AITER_HIP_LIBRARY") or (os.sep not in lib or os.path.exists(lib)):
            try:
                ctypes.CDLL(os.environ.get("AITER_HIP_LIBRARY") or lib)
                pytest.skip("a HIP runtime is present: this case needs a machine without one")
            except OSError:
                pass
    a = aiter_jit._tensors.Arg(torch.zeros(8, 8, dtype=torch.float16), "a")
    a.dl.device.device_type = 10  # kDLROCM
    b = aiter_jit._tensors.Arg(torch.zeros(8, 8, dtype=torch.float16), "b")
    b.dl.device.device_type = 10
    c = aiter_jit._tensors.Arg(torch.zeros(8, 8, dtype=torch.float16), "c")
    c.dl.device.device_type = 10
    for t in (a, b, c):
        t.device, t.kind = (10, 0), "dlpack"  # null stream, not torch's
    kern = aiter_jit.compile_gemm("f16")
    with pytest.raises(aiter_jit.AiterError) as e:
        kern._launch([a, b, c])
    assert e.value.status_name == "AITER_ERROR_DEVICE_UNAVAILABLE"
