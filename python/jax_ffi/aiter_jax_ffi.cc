//===- aiter_jax_ffi.cc - XLA FFI handlers calling aiter's C API ----------===//
//
// XLA FFI handlers for JAX: AiterJaxGemm and AiterJaxAttention for the ROCm
// platform (XLA's device buffers as kDLROCM tensors, launched on XLA's
// stream) and AiterJaxGemmCpu / AiterJaxAttentionCpu for the CPU platform
// (host buffers as kDLCPU tensors: the emulator). Each decodes XLA's call
// frame itself against the C ABI (XlaFfiAbi.h), so every malformed frame is an
// FFI error, never a crash. Kernels are created (compiled or read from the
// cache) on first use per (device, spec) and kept for the process.
// Registered from Python by aiter_jit.jax_ops; tested by test/CAPI/jax-ffi.c.
//
//===----------------------------------------------------------------------===//

#include "XlaFfiAbi.h"

#include <aiter-c/aiter.h>

#include <dlfcn.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

using namespace aiter_xla;

namespace {

Error *makeError(const Api *api, ErrorCode code, const std::string &what) {
  std::string msg = "aiter: " + what;
  ErrorCreateArgs a;
  std::memset(&a, 0, sizeof(a));
  a.struct_size = kErrorCreateArgsSize;
  a.message = msg.c_str();
  a.errc = code;
  return api->error_create(&a);
}

ErrorCode codeOf(aiter_status_t s) {
  switch (s) {
  case AITER_ERROR_INVALID_ARGUMENT:
  case AITER_ERROR_BAD_TENSOR:
    return kErrorInvalidArgument;
  case AITER_ERROR_UNSUPPORTED:
    return kErrorUnimplemented;
  case AITER_ERROR_DEVICE_UNAVAILABLE:
    return kErrorUnavailable;
  default:
    return kErrorInternal;
  }
}

Error *statusError(const Api *api, aiter_status_t s, const char *what) {
  return makeError(api, codeOf(s),
                   std::string(what) + ": " + aiter_status_string(s) + ": " +
                       aiter_last_error_message());
}

enum class Platform { Rocm, Cpu };

// The HIP device XLA runs this handler for: XLA makes its device current on
// the executing thread. libamdhip64 is already loaded by jaxlib's ROCm plugin;
// without it the launch reports the missing HIP runtime.
int currentHipDevice() {
  using GetDevice = int (*)(int *);
  static GetDevice fn = [] {
    void *h = dlopen("libamdhip64.so", RTLD_NOW | RTLD_NOLOAD);
    if (!h)
      h = dlopen("libamdhip64.so", RTLD_NOW | RTLD_LOCAL);
    return h ? reinterpret_cast<GetDevice>(dlsym(h, "hipGetDevice")) : nullptr;
  }();
  int dev = 0;
  if (fn && fn(&dev) != 0)
    dev = 0;
  return dev;
}

std::mutex gLock;
std::map<int, aiter_context_t> gContexts; // HIP ordinal; -1 = the emulator
std::map<std::string, aiter_kernel_t> gKernels;

aiter_status_t context(int key, aiter_context_t *out) {
  auto it = gContexts.find(key);
  if (it != gContexts.end()) {
    *out = it->second;
    return AITER_OK;
  }
  aiter_context_options_t o;
  std::memset(&o, 0, sizeof(o));
  o.struct_size = sizeof(o);
  o.device_ordinal = key < 0 ? 0 : key;
  aiter_status_t s = aiter_context_create(&o, out);
  if (s == AITER_OK)
    gContexts[key] = *out;
  return s;
}

const char *dtypeName(DataType t) {
  switch (static_cast<int>(t)) { // XLA may send any PrimitiveType
  case kF16:
    return "f16";
  case kBF16:
    return "bf16";
  case kF32:
    return "f32";
  case kS32:
    return "s32";
  case kS64:
    return "s64";
  default:
    return nullptr;
  }
}

std::string dtypeText(DataType t) {
  const char *n = dtypeName(t);
  return n ? n : "xla type " + std::to_string(int(t));
}

// A row-major DLTensor over an XLA buffer (XLA buffers are dense, row-major
// in the default layout JAX uses for custom calls).
struct Tensor {
  std::vector<int64_t> shape;
  DLTensor t;
  aiter_dtype_t dtype;
};

constexpr int64_t kMaxRank = 8;

// The frame's buffers and attributes, checked against a handler's signature.
class Frame {
public:
  Frame(const CallFrame *f, Platform p) : f(f), api(f->api), platform(p) {}
  const CallFrame *f;
  const Api *api;
  Platform platform;
  int device = 0;

  Error *invalid(const std::string &what) const {
    return makeError(api, kErrorInvalidArgument, what);
  }

  Error *buffer(const void *p, const char *kind, int64_t i, const char *name,
                Tensor &out) const {
    std::string where =
        std::string(kind) + " " + std::to_string(i) + " (" + name + ")";
    auto *b = static_cast<const Buffer *>(p);
    if (!b)
      return invalid(where + " is NULL");
    if (b->struct_size < kBufferSize)
      return invalid(where + ": buffer struct_size " +
                     std::to_string(b->struct_size) + " < " +
                     std::to_string(kBufferSize));
    if (b->rank < 0 || b->rank > kMaxRank)
      return invalid(where + ": rank " + std::to_string(b->rank) +
                     " is outside 0.." + std::to_string(kMaxRank));
    if (b->rank > 0 && !b->dims)
      return invalid(where + ": dims is NULL");
    out.shape.assign(b->dims, b->dims + b->rank);
    for (int64_t d : out.shape)
      if (d < 0)
        return invalid(where + ": negative dimension " + std::to_string(d));
    std::memset(&out.t, 0, sizeof(out.t));
    switch (b->dtype) {
    case kF16:
      out.dtype = AITER_DTYPE_F16;
      out.t.dtype = {kDLFloat, 16, 1};
      break;
    case kBF16:
      out.dtype = AITER_DTYPE_BF16;
      out.t.dtype = {kDLBfloat, 16, 1};
      break;
    case kF32:
      out.dtype = AITER_DTYPE_F32;
      out.t.dtype = {kDLFloat, 32, 1};
      break;
    default:
      return invalid(where + ": dtype " + dtypeText(b->dtype) +
                     " is not f16, bf16 or f32");
    }
    out.t.data = b->data;
    out.t.device = platform == Platform::Rocm
                       ? DLDevice{kDLROCM, static_cast<int32_t>(device)}
                       : DLDevice{kDLCPU, 0};
    out.t.ndim = static_cast<int32_t>(b->rank);
    out.t.shape = out.shape.data();
    out.t.strides = nullptr;
    return nullptr;
  }

  Error *args(std::initializer_list<const char *> names,
              std::vector<Tensor> &out) const {
    const Args &a = f->args;
    int64_t want = static_cast<int64_t>(names.size());
    if (a.struct_size < kArgsSize)
      return invalid("args struct_size " + std::to_string(a.struct_size) +
                     " < " + std::to_string(kArgsSize));
    if (a.size != want)
      return invalid("expected " + std::to_string(want) + " arguments, got " +
                     std::to_string(a.size));
    if (!a.types || !a.args)
      return invalid("args types or args array is NULL");
    out.resize(names.size());
    int64_t i = 0;
    for (const char *name : names) {
      if (a.types[i] != kArgBuffer)
        return invalid("argument " + std::to_string(i) + " (" + name +
                       ") is not a buffer (type " +
                       std::to_string(int(a.types[i])) + ")");
      if (Error *e = buffer(a.args[i], "argument", i, name, out[i]))
        return e;
      ++i;
    }
    return nullptr;
  }

  Error *rets(std::initializer_list<const char *> names,
              std::vector<Tensor> &out) const {
    const Rets &r = f->rets;
    int64_t want = static_cast<int64_t>(names.size());
    if (r.struct_size < kRetsSize)
      return invalid("rets struct_size " + std::to_string(r.struct_size) +
                     " < " + std::to_string(kRetsSize));
    if (r.size != want)
      return invalid("expected " + std::to_string(want) + " results, got " +
                     std::to_string(r.size));
    if (!r.types || !r.rets)
      return invalid("rets types or rets array is NULL");
    out.resize(names.size());
    int64_t i = 0;
    for (const char *name : names) {
      if (r.types[i] != kRetBuffer)
        return invalid("result " + std::to_string(i) + " (" + name +
                       ") is not a buffer (type " +
                       std::to_string(int(r.types[i])) + ")");
      if (Error *e = buffer(r.rets[i], "result", i, name, out[i]))
        return e;
      ++i;
    }
    return nullptr;
  }

  struct AttrSpec {
    const char *name;
    DataType dtype; // kS32, kS64 or kF32
    void *out;      // int32_t*, int64_t* or float*
  };

  // Every attribute of `specs` exactly once, each a scalar of its type; no
  // others (a misspelt name is an error, not a silent default).
  Error *attrs(std::initializer_list<AttrSpec> specs) const {
    const Attrs &a = f->attrs;
    if (a.struct_size < kAttrsSize)
      return invalid("attrs struct_size " + std::to_string(a.struct_size) +
                     " < " + std::to_string(kAttrsSize));
    if (a.size < 0)
      return invalid("negative attribute count");
    if (a.size > 0 && (!a.types || !a.names || !a.attrs))
      return invalid("attrs types, names or attrs array is NULL");
    std::vector<bool> seen(specs.size(), false);
    for (int64_t i = 0; i < a.size; ++i) {
      const ByteSpan *n = a.names[i];
      if (!n || (!n->ptr && n->len))
        return invalid("attribute " + std::to_string(i) + " has no name");
      std::string name(n->ptr ? n->ptr : "", n->len);
      size_t k = 0;
      const AttrSpec *spec = nullptr;
      for (const AttrSpec &s : specs) {
        if (name == s.name) {
          spec = &s;
          break;
        }
        ++k;
      }
      if (!spec)
        return invalid("unknown attribute '" + name + "'");
      if (seen[k])
        return invalid("attribute '" + name + "' given twice");
      seen[k] = true;
      if (a.types[i] != kAttrScalar)
        return invalid("attribute '" + name + "' must be a scalar (type " +
                       std::to_string(int(a.types[i])) + ")");
      auto *sc = static_cast<const Scalar *>(a.attrs[i]);
      if (!sc || !sc->value)
        return invalid("attribute '" + name + "' has no value");
      if (sc->dtype != spec->dtype)
        return invalid("attribute '" + name + "' must be " +
                       dtypeText(spec->dtype) + ", got " +
                       dtypeText(sc->dtype));
      std::memcpy(spec->out, sc->value, spec->dtype == kS64 ? 8 : 4);
    }
    size_t k = 0;
    for (const AttrSpec &s : specs)
      if (!seen[k++])
        return invalid(std::string("missing attribute '") + s.name + "'");
    return nullptr;
  }

  Error *stream(void **out) const {
    *out = nullptr;
    if (platform == Platform::Cpu)
      return nullptr;
    if (api->struct_size < kApiStreamGetEnd || !api->stream_get)
      return makeError(api, kErrorInternal,
                       "the XLA FFI API has no stream_get function");
    StreamGetArgs a;
    std::memset(&a, 0, sizeof(a));
    a.struct_size = kStreamGetArgsSize;
    a.ctx = f->ctx;
    if (Error *e = api->stream_get(&a))
      return e; // XLA's own error, handed back to XLA
    *out = a.stream;
    return nullptr;
  }
};

// What every handler does before decoding its signature. Returns true when
// the call is finished (*result is then the answer: metadata filled, nothing
// to do in this stage, or an error).
bool preamble(CallFrame *f, Error **result) {
  *result = nullptr;
  // Without an API table there is no way to create an error: nothing runs.
  if (!f || !f->api || f->api->struct_size < kApiErrorCreateEnd ||
      !f->api->error_create) {
    std::fprintf(stderr, "aiter: XLA FFI call without an API table to report "
                         "errors through; nothing was run\n");
    return true;
  }
  const Api *api = f->api;
  if (f->struct_size < kCallFrameSize) {
    *result = makeError(
        api, kErrorInvalidArgument,
        "call frame struct_size " + std::to_string(f->struct_size) + " < " +
            std::to_string(kCallFrameSize) + " (XLA FFI API 0.1)");
    return true;
  }
  // XLA asks for the API version the handler was built for with a metadata
  // extension, before any call.
  int hops = 0;
  for (ExtensionBase *e = f->extension_start; e && hops < 64;
       e = e->next, ++hops) {
    if (e->type != kExtensionMetadata)
      continue;
    auto *m = reinterpret_cast<MetadataExtension *>(e);
    if (e->struct_size < kMetadataExtensionSize || !m->metadata ||
        m->metadata->struct_size < kMetadataSize) {
      *result = makeError(api, kErrorInvalidArgument,
                          "malformed XLA FFI metadata extension");
      return true;
    }
    m->metadata->api_version = {kApiVersionSize, nullptr, kApiMajor, kApiMinor};
    m->metadata->traits = 0; // first calls compile: not for command buffers
    return true;
  }
  switch (f->stage) {
  case kStageInstantiate:
  case kStagePrepare:
  case kStageInitialize:
    return true; // nothing to prepare: kernels are created at execute
  case kStageExecute:
    return false;
  }
  *result = makeError(api, kErrorInvalidArgument,
                      "unknown execution stage " + std::to_string(f->stage));
  return true;
}

// Finds or creates the kernel for `key`; `create` builds it in `ctx`.
template <typename Create>
Error *kernelFor(const Frame &fr, const std::string &key, Create create,
                 aiter_kernel_t *out) {
  std::lock_guard<std::mutex> g(gLock);
  auto it = gKernels.find(key);
  if (it != gKernels.end()) {
    *out = it->second;
    return nullptr;
  }
  aiter_context_t ctx;
  int ctxKey = fr.platform == Platform::Cpu ? -1 : fr.device;
  if (aiter_status_t s = context(ctxKey, &ctx))
    return statusError(fr.api, s, "aiter_context_create");
  if (aiter_status_t s = create(ctx, out))
    return statusError(fr.api, s, "kernel creation");
  gKernels[key] = *out;
  return nullptr;
}

Error *gemm(CallFrame *f, Platform platform) {
  Error *result;
  if (preamble(f, &result))
    return result;
  Frame fr(f, platform);
  if (platform == Platform::Rocm)
    fr.device = currentHipDevice();
  std::vector<Tensor> in, out;
  int32_t transA = 0, transB = 0;
  if (Error *e = fr.args({"a", "b"}, in))
    return e;
  if (Error *e = fr.rets({"c"}, out))
    return e;
  if (Error *e =
          fr.attrs({{"trans_a", kS32, &transA}, {"trans_b", kS32, &transB}}))
    return e;
  if ((transA != 0 && transA != 1) || (transB != 0 && transB != 1))
    return fr.invalid("trans_a and trans_b must be 0 or 1");
  void *stream;
  if (Error *e = fr.stream(&stream))
    return e;
  std::string key = std::string(platform == Platform::Cpu ? "cpu" : "rocm") +
                    "/gemm/" + std::to_string(fr.device) + "/" +
                    std::to_string(in[0].dtype) + "/" +
                    std::to_string(out[0].dtype) + "/" +
                    std::to_string(transA) + std::to_string(transB);
  aiter_kernel_t k = nullptr;
  auto create = [&](aiter_context_t ctx, aiter_kernel_t *kern) {
    aiter_gemm_desc_t d;
    std::memset(&d, 0, sizeof(d));
    d.struct_size = sizeof(d);
    d.dtype = in[0].dtype;
    d.out_dtype = out[0].dtype;
    d.trans_a = transA;
    d.trans_b = transB;
    return aiter_kernel_create_gemm(ctx, &d, kern);
  };
  if (Error *e = kernelFor(fr, key, create, &k))
    return e;
  if (aiter_status_t s =
          aiter_gemm_launch(k, &in[0].t, &in[1].t, &out[0].t, stream))
    return statusError(fr.api, s, "aiter_gemm_launch");
  return nullptr;
}

Error *attention(CallFrame *f, Platform platform) {
  Error *result;
  if (preamble(f, &result))
    return result;
  Frame fr(f, platform);
  if (platform == Platform::Rocm)
    fr.device = currentHipDevice();
  std::vector<Tensor> in, out;
  int32_t causal = 0, layout = 0;
  int64_t windowLeft = -1, windowRight = -1;
  float softcap = 0, scale = 0;
  if (Error *e = fr.args({"q", "k", "v"}, in))
    return e;
  if (Error *e = fr.rets({"o", "lse"}, out))
    return e;
  if (Error *e = fr.attrs({{"causal", kS32, &causal},
                           {"window_left", kS64, &windowLeft},
                           {"window_right", kS64, &windowRight},
                           {"softcap", kF32, &softcap},
                           {"scale", kF32, &scale},
                           {"layout", kS32, &layout}}))
    return e;
  if (causal != 0 && causal != 1)
    return fr.invalid("causal must be 0 or 1");
  if (layout != AITER_ATTENTION_LAYOUT_BSHD &&
      layout != AITER_ATTENTION_LAYOUT_BHSD)
    return fr.invalid("layout must be 0 (bshd) or 1 (bhsd), got " +
                      std::to_string(layout));
  const char *names[] = {"q", "k", "v"};
  for (int i = 0; i < 3; ++i)
    if (in[i].shape.size() != 4)
      return fr.invalid(std::string(names[i]) + " must be 4-D, got rank " +
                        std::to_string(in[i].shape.size()));
  void *stream;
  if (Error *e = fr.stream(&stream))
    return e;
  int64_t headDim = in[0].shape[3], headDimV = in[2].shape[3];
  char key[320];
  std::snprintf(
      key, sizeof(key), "%s/att/%d/%d/%lld/%lld/%d/%lld/%lld/%a/%a/%d",
      platform == Platform::Cpu ? "cpu" : "rocm", fr.device, in[0].dtype,
      (long long)headDim, (long long)headDimV, causal, (long long)windowLeft,
      (long long)windowRight, softcap, scale, layout);
  aiter_kernel_t k = nullptr;
  auto create = [&](aiter_context_t ctx, aiter_kernel_t *kern) {
    aiter_attention_desc_t d;
    std::memset(&d, 0, sizeof(d));
    d.struct_size = sizeof(d);
    d.dtype = in[0].dtype;
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
    return aiter_kernel_create_attention(ctx, &d, kern);
  };
  if (Error *e = kernelFor(fr, key, create, &k))
    return e;
  if (aiter_status_t s = aiter_attention_launch(k, &in[0].t, &in[1].t, &in[2].t,
                                                &out[0].t, &out[1].t, stream))
    return statusError(fr.api, s, "aiter_attention_launch");
  return nullptr;
}

} // namespace

// A C++ exception (an allocation failing) must not cross into XLA.
template <typename Fn> Error *guarded(CallFrame *f, Fn fn, Platform p) {
  try {
    return fn(f, p);
  } catch (...) {
    if (f && f->api && f->api->struct_size >= kApiErrorCreateEnd &&
        f->api->error_create) {
      ErrorCreateArgs a;
      std::memset(&a, 0, sizeof(a));
      a.struct_size = kErrorCreateArgsSize;
      a.message = "aiter: out of memory in the XLA FFI handler";
      a.errc = kErrorInternal;
      return f->api->error_create(&a);
    }
    return nullptr;
  }
}

#define AITER_FFI_EXPORT extern "C" __attribute__((visibility("default")))

// XLA calls a handler through XLA_FFI_Handler, XLA_FFI_Error *(*)(
// XLA_FFI_CallFrame *), with its own global struct types; the exported
// handlers have exactly that type, so a caller built with UBSan's
// function-type check (-fsanitize=function) sees no mismatch. The structs'
// layouts are aiter_xla's (XlaFfiAbi.h), which the handlers read.
struct XLA_FFI_Error;
struct XLA_FFI_CallFrame;

namespace {
XLA_FFI_Error *exported(XLA_FFI_CallFrame *f, decltype(&gemm) op,
                        Platform platform) {
  return reinterpret_cast<XLA_FFI_Error *>(
      guarded(reinterpret_cast<CallFrame *>(f), op, platform));
}
} // namespace

AITER_FFI_EXPORT XLA_FFI_Error *AiterJaxGemm(XLA_FFI_CallFrame *f) {
  return exported(f, gemm, Platform::Rocm);
}
AITER_FFI_EXPORT XLA_FFI_Error *AiterJaxAttention(XLA_FFI_CallFrame *f) {
  return exported(f, attention, Platform::Rocm);
}
AITER_FFI_EXPORT XLA_FFI_Error *AiterJaxGemmCpu(XLA_FFI_CallFrame *f) {
  return exported(f, gemm, Platform::Cpu);
}
AITER_FFI_EXPORT XLA_FFI_Error *AiterJaxAttentionCpu(XLA_FFI_CallFrame *f) {
  return exported(f, attention, Platform::Cpu);
}
