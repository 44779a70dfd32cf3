//===- aiter_jax_ffi.cc - XLA FFI handlers calling aiter's C API ----------===//
//
// Two XLA FFI handlers for JAX on ROCm, AiterJaxGemm and AiterJaxAttention:
// they wrap XLA's device buffers as kDLROCM DLTensors and launch aiter kernels
// through libaiter.so on XLA's stream. Kernels are created (compiled or read
// from the cache) on first use per (device, spec) and kept for the process.
// Registered from Python by aiter_jit.jax_ops. Built only when jaxlib's FFI
// headers are found (python/jax_ffi/CMakeLists.txt). Untested in this
// repository's CI (no JAX, no GPU).
//
//===----------------------------------------------------------------------===//

#include "xla/ffi/api/ffi.h"

#include <aiter-c/aiter.h>

#include <dlfcn.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace ffi = xla::ffi;

namespace {

ffi::Error fail(const std::string &what) {
  return ffi::Error(ffi::ErrorCode::kInternal, "aiter: " + what);
}

ffi::Error failStatus(aiter_status_t s, const char *what) {
  return fail(std::string(what) + ": " + aiter_status_string(s) + ": " +
              aiter_last_error_message());
}

// The HIP device XLA runs this handler for: XLA makes its device current on
// the executing thread. libamdhip64 is already loaded by jaxlib's ROCm plugin.
int currentDevice() {
  using GetDevice = int (*)(int *);
  static GetDevice fn = [] {
    void *h = dlopen("libamdhip64.so", RTLD_NOW | RTLD_NOLOAD);
    if (!h)
      h = dlopen("libamdhip64.so", RTLD_NOW | RTLD_LOCAL);
    return h ? reinterpret_cast<GetDevice>(dlsym(h, "hipGetDevice")) : nullptr;
  }();
  int dev = 0;
  if (fn)
    fn(&dev);
  return dev;
}

std::mutex gLock;
std::map<int, aiter_context_t> gContexts;
std::map<std::string, aiter_kernel_t> gKernels;

aiter_status_t context(int ordinal, aiter_context_t *out) {
  auto it = gContexts.find(ordinal);
  if (it != gContexts.end()) {
    *out = it->second;
    return AITER_OK;
  }
  aiter_context_options_t o;
  std::memset(&o, 0, sizeof(o));
  o.struct_size = sizeof(o);
  o.device_ordinal = ordinal;
  aiter_status_t s = aiter_context_create(&o, out);
  if (s == AITER_OK)
    gContexts[ordinal] = *out;
  return s;
}

bool aiterDtype(ffi::DataType t, aiter_dtype_t *out, DLDataType *dl) {
  switch (t) {
  case ffi::DataType::F16:
    *out = AITER_DTYPE_F16;
    *dl = {kDLFloat, 16, 1};
    return true;
  case ffi::DataType::BF16:
    *out = AITER_DTYPE_BF16;
    *dl = {kDLBfloat, 16, 1};
    return true;
  case ffi::DataType::F32:
    *out = AITER_DTYPE_F32;
    *dl = {kDLFloat, 32, 1};
    return true;
  default:
    return false;
  }
}

// A row-major kDLROCM DLTensor over an XLA buffer (XLA buffers are dense,
// row-major in the default layout JAX uses for custom calls).
struct Tensor {
  std::vector<int64_t> shape;
  DLTensor t;
  aiter_dtype_t dtype;
  bool init(ffi::AnyBuffer b, int device) {
    auto dims = b.dimensions();
    shape.assign(dims.begin(), dims.end());
    std::memset(&t, 0, sizeof(t));
    if (!aiterDtype(b.element_type(), &dtype, &t.dtype))
      return false;
    t.data = b.untyped_data();
    t.device = {kDLROCM, device};
    t.ndim = static_cast<int32_t>(shape.size());
    t.shape = shape.data();
    t.strides = nullptr;
    return true;
  }
};

} // namespace

static ffi::Error gemmImpl(void *stream, ffi::AnyBuffer a, ffi::AnyBuffer b,
                           ffi::Result<ffi::AnyBuffer> c, int32_t transA,
                           int32_t transB) {
  int dev = currentDevice();
  Tensor ta, tb, tc;
  if (!ta.init(a, dev) || !tb.init(b, dev) || !tc.init(*c, dev))
    return fail("gemm: dtypes must be f16/bf16 inputs and f16/bf16/f32 output");
  std::string key = "gemm/" + std::to_string(dev) + "/" +
                    std::to_string(ta.dtype) + "/" + std::to_string(tc.dtype) +
                    "/" + std::to_string(transA) + std::to_string(transB);
  aiter_kernel_t k = nullptr;
  {
    std::lock_guard<std::mutex> g(gLock);
    auto it = gKernels.find(key);
    if (it != gKernels.end()) {
      k = it->second;
    } else {
      aiter_context_t ctx;
      if (aiter_status_t s = context(dev, &ctx))
        return failStatus(s, "aiter_context_create");
      aiter_gemm_desc_t d;
      std::memset(&d, 0, sizeof(d));
      d.struct_size = sizeof(d);
      d.dtype = ta.dtype;
      d.out_dtype = tc.dtype;
      d.trans_a = transA;
      d.trans_b = transB;
      if (aiter_status_t s = aiter_kernel_create_gemm(ctx, &d, &k))
        return failStatus(s, "aiter_kernel_create_gemm");
      gKernels[key] = k;
    }
  }
  if (aiter_status_t s = aiter_gemm_launch(k, &ta.t, &tb.t, &tc.t, stream))
    return failStatus(s, "aiter_gemm_launch");
  return ffi::Error::Success();
}

XLA_FFI_DEFINE_HANDLER_SYMBOL(AiterJaxGemm, gemmImpl,
                              ffi::Ffi::Bind()
                                  .Ctx<ffi::PlatformStream<void *>>()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::AnyBuffer>()
                                  .Ret<ffi::AnyBuffer>()
                                  .Attr<int32_t>("trans_a")
                                  .Attr<int32_t>("trans_b"));

static ffi::Error attentionImpl(void *stream, ffi::AnyBuffer q,
                                ffi::AnyBuffer k, ffi::AnyBuffer v,
                                ffi::Result<ffi::AnyBuffer> o,
                                ffi::Result<ffi::AnyBuffer> lse,
                                int32_t causal, int64_t windowLeft,
                                int64_t windowRight, float softcap, float scale,
                                int32_t layout) {
  int dev = currentDevice();
  Tensor tq, tk, tv, to, tl;
  if (!tq.init(q, dev) || !tk.init(k, dev) || !tv.init(v, dev) ||
      !to.init(*o, dev) || !tl.init(*lse, dev))
    return fail("attention: dtypes must be f16/bf16 (q, k, v, o), f32 (lse)");
  if (tq.shape.size() != 4 || tv.shape.size() != 4)
    return fail("attention: q, k, v must be 4-D");
  int64_t headDim = tq.shape[3], headDimV = tv.shape[3];
  char buf[256];
  std::snprintf(buf, sizeof(buf), "att/%d/%d/%lld/%lld/%d/%lld/%lld/%a/%a/%d",
                dev, tq.dtype, (long long)headDim, (long long)headDimV, causal,
                (long long)windowLeft, (long long)windowRight, softcap, scale,
                layout);
  aiter_kernel_t kern = nullptr;
  {
    std::lock_guard<std::mutex> g(gLock);
    auto it = gKernels.find(buf);
    if (it != gKernels.end()) {
      kern = it->second;
    } else {
      aiter_context_t ctx;
      if (aiter_status_t s = context(dev, &ctx))
        return failStatus(s, "aiter_context_create");
      aiter_attention_desc_t d;
      std::memset(&d, 0, sizeof(d));
      d.struct_size = sizeof(d);
      d.dtype = tq.dtype;
      d.head_dim = headDim;
      d.head_dim_v = headDimV == headDim ? 0 : headDimV;
      d.causal = causal;
      d.has_window = windowLeft != -1 || windowRight != -1;
      d.window_left = windowLeft;
      d.window_right = windowRight;
      d.softcap = softcap;
      d.scale = scale;
      d.return_lse = 1; // the wrapper always asks for LSE (custom_vjp residual)
      d.layout = static_cast<aiter_attention_layout_t>(layout);
      if (aiter_status_t s = aiter_kernel_create_attention(ctx, &d, &kern))
        return failStatus(s, "aiter_kernel_create_attention");
      gKernels[buf] = kern;
    }
  }
  if (aiter_status_t s = aiter_attention_launch(kern, &tq.t, &tk.t, &tv.t,
                                                &to.t, &tl.t, stream))
    return failStatus(s, "aiter_attention_launch");
  return ffi::Error::Success();
}

XLA_FFI_DEFINE_HANDLER_SYMBOL(AiterJaxAttention, attentionImpl,
                              ffi::Ffi::Bind()
                                  .Ctx<ffi::PlatformStream<void *>>()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::AnyBuffer>()
                                  .Arg<ffi::AnyBuffer>()
                                  .Ret<ffi::AnyBuffer>()
                                  .Ret<ffi::AnyBuffer>()
                                  .Attr<int32_t>("causal")
                                  .Attr<int64_t>("window_left")
                                  .Attr<int64_t>("window_right")
                                  .Attr<float>("softcap")
                                  .Attr<float>("scale")
                                  .Attr<int32_t>("layout"));
