//===- CAPI.cpp - libaiter.so: the C API over the runtime ----------------===//
//
// Contexts, kernels (compile or cache hit), launches on the emulator or HIP.
// Links no LLVM: the compiler library is dlopened on the first cache miss.
//===----------------------------------------------------------------------===//

#include "aiter-c/aiter.h"

#include "BuildId.h"
#include "Cache.h"
#include "CompilerABI.h"
#include "Hip.h"
#include "Kernarg.h"
#include "Metadata.h"
#include "aiter/Runtime/ProblemSpec.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <cmath>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <string>
#include <unordered_map>

using namespace aiter::rt;

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

static thread_local std::string tlsError;

static aiter_status_t fail(aiter_status_t status, const std::string &msg) {
  tlsError = msg;
  return status;
}
static aiter_status_t ok() {
  tlsError.clear();
  return AITER_OK;
}

uint32_t aiter_abi_version(void) { return AITER_ABI_VERSION; }
const char *aiter_build_id(void) { return AITER_BUILD_ID; }
const char *aiter_last_error_message(void) { return tlsError.c_str(); }

const char *aiter_status_string(aiter_status_t status) {
  switch (status) {
  case AITER_OK:
    return "AITER_OK";
  case AITER_ERROR_INVALID_ARGUMENT:
    return "AITER_ERROR_INVALID_ARGUMENT";
  case AITER_ERROR_UNSUPPORTED:
    return "AITER_ERROR_UNSUPPORTED";
  case AITER_ERROR_COMPILE:
    return "AITER_ERROR_COMPILE";
  case AITER_ERROR_BAD_TENSOR:
    return "AITER_ERROR_BAD_TENSOR";
  case AITER_ERROR_DEVICE_UNAVAILABLE:
    return "AITER_ERROR_DEVICE_UNAVAILABLE";
  case AITER_ERROR_DEVICE:
    return "AITER_ERROR_DEVICE";
  case AITER_ERROR_CACHE:
    return "AITER_ERROR_CACHE";
  case AITER_ERROR_INTERNAL:
    return "AITER_ERROR_INTERNAL";
  }
  return "AITER_ERROR_UNKNOWN_STATUS";
}

//===----------------------------------------------------------------------===//
// The compiler library
//===----------------------------------------------------------------------===//

/// Loads libaiter-compiler.so once: $AITER_COMPILER_LIBRARY, else the file
/// next to libaiter.so.
static const aiter_compiler_api_t *compilerApi(std::string &error) {
  static std::once_flag once;
  static const aiter_compiler_api_t *api = nullptr;
  static std::string loadError;
  std::call_once(once, [] {
    std::string path;
    if (const char *p = std::getenv("AITER_COMPILER_LIBRARY"); p && *p) {
      path = p;
    } else {
      Dl_info info;
      if (!dladdr(reinterpret_cast<void *>(&aiter_abi_version), &info) ||
          !info.dli_fname) {
        loadError = "cannot locate libaiter.so to find libaiter-compiler.so";
        return;
      }
      path = info.dli_fname;
      size_t slash = path.rfind('/');
      path = (slash == std::string::npos ? std::string(".")
                                         : path.substr(0, slash)) +
             "/libaiter-compiler.so";
    }
    void *h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      const char *e = dlerror();
      loadError = "cannot load the compiler library '" + path +
                  "': " + (e ? e : "unknown error") +
                  " (set AITER_COMPILER_LIBRARY)";
      return;
    }
    auto get = reinterpret_cast<aiter_compiler_get_api_fn>(
        dlsym(h, "aiter_compiler_get_api"));
    const aiter_compiler_api_t *a = get ? get() : nullptr;
    if (!a || a->abi_version != AITER_COMPILER_ABI_VERSION ||
        a->struct_size < sizeof(aiter_compiler_api_t)) {
      loadError = "'" + path + "' is not a compatible aiter compiler library";
      return;
    }
    if (std::strcmp(a->build_id, AITER_BUILD_ID) != 0) {
      loadError = "'" + path + "' has build id " + a->build_id +
                  ", libaiter.so expects " + AITER_BUILD_ID;
      return;
    }
    api = a;
  });
  if (!api)
    error = loadError;
  return api;
}

//===----------------------------------------------------------------------===//
// Context
//===----------------------------------------------------------------------===//

struct aiter_context_s {
  std::string cacheDir;
  aiter_log_callback_t logCallback = nullptr;
  void *logUser = nullptr;
  int ordinal = 0;
  std::string defaultChip = "gfx942";
  Hip *hip = nullptr;         // null: no HIP runtime or no such device
  std::string deviceTargetId; // gcnArchName of the device
  std::string hipUnavailable; // why hip is null
  CacheCounters counters;
  std::unique_ptr<MemoryCache> memory;
  std::unique_ptr<DiskCache> disk;

  /// computeCacheKey, memoized: a memory-tier hit then costs no SHA-256.
  /// The memo is keyed by every input, registered variables included.
  std::string keyFor(const CacheKeyInputs &in) {
    std::string raw;
    for (const std::string *f :
         {&in.buildId, &in.targetId, &in.spec, &in.options, &in.config})
      raw += std::to_string(f->size()) + ":" + *f;
    for (const std::string &v : codeChangingEnvVars()) {
      const char *val = std::getenv(v.c_str());
      raw += v + (val ? std::string("=") + val : std::string("!"));
    }
    std::lock_guard<std::mutex> lock(keyMemoMutex);
    auto it = keyMemo.find(raw);
    if (it != keyMemo.end())
      return it->second;
    if (keyMemo.size() > 4096)
      keyMemo.clear();
    return keyMemo[raw] = computeCacheKey(in);
  }
  std::mutex keyMemoMutex;
  std::unordered_map<std::string, std::string> keyMemo;

  /// HIP modules, loaded once per (device, code object): the context is the
  /// device and the cache key names the code object. Unloaded with the
  /// context.
  bool hipFunctionFor(const std::string &key, const CacheEntry &e,
                      void **function, std::string &error) {
    std::lock_guard<std::mutex> lock(hipMutex);
    auto it = hipModules.find(key);
    if (it == hipModules.end()) {
      void *module = nullptr, *fn = nullptr;
      if (!hip->loadModule(ordinal, e.codeObject.data(), &module, error))
        return false;
      if (!hip->getFunction(module, e.meta.name.c_str(), &fn, error)) {
        hip->unloadModule(module);
        return false;
      }
      it = hipModules.emplace(key, std::make_pair(module, fn)).first;
    }
    *function = it->second.second;
    return true;
  }
  std::mutex hipMutex;
  std::unordered_map<std::string, std::pair<void *, void *>> hipModules;

  ~aiter_context_s() {
    for (auto &m : hipModules)
      hip->unloadModule(m.second.first);
  }

  void log(int level, const std::string &msg) const {
    if (logCallback)
      logCallback(logUser, aiter_log_level_t(level), msg.c_str());
  }
  LogFn logFn() {
    return [this](int level, const std::string &m) { log(level, m); };
  }
};

aiter_status_t aiter_context_create(const aiter_context_options_t *options,
                                    aiter_context_t *outContext) {
  if (!outContext)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "out_context is NULL");
  *outContext = nullptr;
  aiter_context_options_t o{};
  o.struct_size = sizeof(o);
  if (options) {
    if (options->struct_size != sizeof(aiter_context_options_t))
      return fail(AITER_ERROR_INVALID_ARGUMENT,
                  "aiter_context_options_t.struct_size is " +
                      std::to_string(options->struct_size) + ", expected " +
                      std::to_string(sizeof(aiter_context_options_t)));
    o = *options;
  }
  CacheMode mode = CacheMode::ReadWrite;
  switch (o.cache_mode) {
  case AITER_CACHE_MODE_DEFAULT:
    if (const char *e = std::getenv("AITER_CACHE"); e && *e) {
      std::string v = e;
      if (v == "rw")
        mode = CacheMode::ReadWrite;
      else if (v == "ro")
        mode = CacheMode::ReadOnly;
      else if (v == "off")
        mode = CacheMode::Off;
      else
        return fail(AITER_ERROR_INVALID_ARGUMENT,
                    "$AITER_CACHE='" + v + "' (expected rw, ro or off)");
    }
    break;
  case AITER_CACHE_MODE_RW:
    break;
  case AITER_CACHE_MODE_RO:
    mode = CacheMode::ReadOnly;
    break;
  case AITER_CACHE_MODE_OFF:
    mode = CacheMode::Off;
    break;
  }
  if (int(o.cache_mode) < AITER_CACHE_MODE_DEFAULT ||
      int(o.cache_mode) > AITER_CACHE_MODE_OFF)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "unknown cache_mode " + std::to_string(int(o.cache_mode)));
  if (o.device_ordinal < 0)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "device_ordinal is negative");
  auto ctx = std::make_unique<aiter_context_s>();
  ctx->logCallback = o.log_callback;
  ctx->logUser = o.log_user_data;
  ctx->ordinal = o.device_ordinal;
  if (o.default_chip && *o.default_chip)
    ctx->defaultChip = o.default_chip;
  ctx->cacheDir = o.cache_dir && *o.cache_dir ? o.cache_dir : defaultCacheDir();
  uint64_t cap = o.cache_max_bytes ? o.cache_max_bytes : (uint64_t(1) << 30);
  ctx->memory = std::make_unique<MemoryCache>(cap, ctx->counters);
  ctx->disk = std::make_unique<DiskCache>(ctx->cacheDir, mode, cap,
                                          ctx->logFn(), ctx->counters);
  std::string err;
  if (Hip *hip = Hip::get(err)) {
    if (hip->deviceCount() <= ctx->ordinal)
      ctx->hipUnavailable = "HIP has " + std::to_string(hip->deviceCount()) +
                            " devices; device_ordinal is " +
                            std::to_string(ctx->ordinal);
    else if (!hip->targetId(ctx->ordinal, ctx->deviceTargetId, err))
      ctx->hipUnavailable = err;
    else
      ctx->hip = hip;
  } else {
    ctx->hipUnavailable = err;
  }
  ctx->log(AITER_LOG_INFO,
           ctx->hip ? "aiter: HIP device " + std::to_string(ctx->ordinal) +
                          " is " + ctx->deviceTargetId
                    : "aiter: no HIP device (" + ctx->hipUnavailable +
                          "); kernels default to " + ctx->defaultChip);
  *outContext = ctx.release();
  return ok();
}

aiter_status_t aiter_context_destroy(aiter_context_t context) {
  delete context;
  return ok();
}

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

namespace {
/// A compile in flight, shared by every thread asking for the same key.
struct Flight {
  std::mutex mutex;
  std::condition_variable cv;
  bool done = false;
  std::shared_ptr<CacheEntry> entry;
  aiter_status_t status = AITER_OK;
  std::string error;
};
std::mutex flightsMutex;
std::map<std::string, std::shared_ptr<Flight>> flights;

struct Variant {
  std::shared_ptr<CacheEntry> entry;
  // HIP module/function, loaded at create when the device matches.
  std::string key;
  void *hipFunction = nullptr; // owned by the context's module table
  // The emulator's parsed module, loaded on the first host launch.
  std::once_flag emuOnce;
  void *emuHandle = nullptr;
  aiter_status_t emuStatus = AITER_OK;
  std::string emuError;
  bool cacheHit = false, diskHit = false;
  double compileMs = 0;
};

enum class Kind { Gemm, Attention };
} // namespace

struct aiter_kernel_s {
  aiter_context_t ctx;
  Kind kind;
  aiter_gemm_desc_t gemm{};
  aiter_attention_desc_t attn{};
  std::string targetId;
  Variant variants[2]; // aligned, general
  std::atomic<int> lastDevice{AITER_DEVICE_NONE};
  std::atomic<bool> loggedDevice[2][3] = {}; // [variant][device]

  ~aiter_kernel_s() {
    std::string err;
    for (Variant &v : variants) {
      if (v.emuHandle)
        if (const aiter_compiler_api_t *api = compilerApi(err))
          api->emu_unload(v.emuHandle);
    }
  }
};

static const char *dtypeName(aiter_dtype_t t) {
  switch (t) {
  case AITER_DTYPE_F16:
    return "f16";
  case AITER_DTYPE_BF16:
    return "bf16";
  case AITER_DTYPE_F32:
    return "f32";
  }
  return nullptr;
}

static std::optional<SpecDtype> specDtype(aiter_dtype_t t) {
  switch (t) {
  case AITER_DTYPE_F16:
    return SpecDtype::F16;
  case AITER_DTYPE_BF16:
    return SpecDtype::BF16;
  case AITER_DTYPE_F32:
    return SpecDtype::F32;
  }
  return std::nullopt;
}

/// The cache key of one variant of a kernel: the one every entry point
/// computes (variantKeyInputs), memoized per context.
static std::string variantKey(aiter_context_t ctx, const ProblemSpec &spec,
                              const std::string &targetId,
                              const std::string &config, const char *variant) {
  return ctx->keyFor(
      variantKeyInputs(spec, AITER_BUILD_ID, targetId, config, variant));
}

/// `chipField` names where the target id came from when the caller gave it
/// ("desc.chip"): a target the compiler does not know is then the caller's
/// argument error; otherwise (the HIP device's or the default chip) it is
/// unsupported.
static aiter_status_t acquire(aiter_context_t ctx, const ProblemSpec &problem,
                              const std::string &targetId,
                              const std::string &config, const char *variant,
                              const char *chipField, Variant &out) {
  auto start = std::chrono::steady_clock::now();
  auto finish = [&] {
    out.compileMs = std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  };
  std::string key = variantKey(ctx, problem, targetId, config, variant);
  std::string spec = problem.toMLIR();
  out.key = key;
  if ((out.entry = ctx->memory->get(key))) {
    ++ctx->counters.memoryHits;
    out.cacheHit = true;
    finish();
    return ok();
  }
  std::shared_ptr<Flight> flight;
  bool leader = false;
  {
    std::lock_guard<std::mutex> lock(flightsMutex);
    auto &slot = flights[key];
    if (!slot) {
      slot = std::make_shared<Flight>();
      leader = true;
    }
    flight = slot;
  }
  if (!leader) {
    std::unique_lock<std::mutex> lock(flight->mutex);
    flight->cv.wait(lock, [&] { return flight->done; });
    if (flight->status != AITER_OK)
      return fail(flight->status, flight->error);
    out.entry = flight->entry;
    out.cacheHit = true;
    ++ctx->counters.memoryHits;
    ctx->memory->put(key, out.entry);
    finish();
    return ok();
  }
  aiter_status_t status = AITER_OK;
  std::string error;
  // A flight that just finished published to memory before leaving the map.
  std::shared_ptr<CacheEntry> entry = ctx->memory->get(key);
  bool fromMemory = entry != nullptr;
  if (fromMemory) {
    ++ctx->counters.memoryHits;
    out.cacheHit = true;
  } else if ((entry = ctx->disk->load(key, AITER_BUILD_ID, targetId))) {
    ++ctx->counters.diskHits;
    out.cacheHit = out.diskHit = true;
  } else {
    ++ctx->counters.misses;
    const aiter_compiler_api_t *api = compilerApi(error);
    if (!api) {
      status = AITER_ERROR_DEVICE_UNAVAILABLE;
    } else {
      aiter_compiler_result_t *r = nullptr;
      char *cerr = nullptr;
      int rc = api->compile(spec.c_str(), targetId.c_str(), config.c_str(),
                            variant, 3, &r, &cerr);
      if (rc != 0) {
        error = cerr ? cerr : "the compiler failed without a message";
        api->free_string(cerr);
        // The compiler says why (CompilerABI.h).
        status = rc == AITER_COMPILER_UNSUPPORTED ? AITER_ERROR_UNSUPPORTED
                 : rc == AITER_COMPILER_INVALID_CONFIG
                     ? AITER_ERROR_INVALID_ARGUMENT
                 : rc == AITER_COMPILER_INVALID_TARGET
                     ? (chipField ? AITER_ERROR_INVALID_ARGUMENT
                                  : AITER_ERROR_UNSUPPORTED)
                     : AITER_ERROR_COMPILE;
        if (rc == AITER_COMPILER_INVALID_TARGET) {
          error = (chipField ? std::string(chipField) + " '" + targetId +
                                   "' is not a target aiter builds for: "
                             : "the device's target '" + targetId +
                                   "' is unsupported: ") +
                  error;
        } else {
          std::string shown = spec;
          while (!shown.empty() && shown.back() == '\n')
            shown.pop_back();
          error = "compiling `" + shown + "` (" + variant + ", " + targetId +
                  ") failed: " + error;
        }
      } else {
        entry = std::make_shared<CacheEntry>();
        entry->buildId = AITER_BUILD_ID;
        entry->targetId = targetId;
        entry->metaText.assign(r->meta, r->meta_size);
        entry->codeObject.assign(r->code_object,
                                 r->code_object + r->code_object_size);
        entry->simtIR.assign(r->simt_ir, r->simt_ir_size);
        api->free_result(r);
        if (!entry->meta.parse(entry->metaText)) {
          status = AITER_ERROR_INTERNAL;
          error = "the compiler returned malformed metadata";
          entry.reset();
        } else {
          ctx->disk->store(key, *entry);
        }
      }
    }
  }
  if (entry && !fromMemory)
    ctx->memory->put(key, entry);
  {
    std::lock_guard<std::mutex> lock(flight->mutex);
    flight->done = true;
    flight->entry = entry;
    flight->status = status;
    flight->error = error;
  }
  flight->cv.notify_all();
  {
    std::lock_guard<std::mutex> lock(flightsMutex);
    flights.erase(key);
  }
  if (status != AITER_OK)
    return fail(status, error);
  out.entry = entry;
  finish();
  return ok();
}

static aiter_status_t createKernel(aiter_context_t ctx, Kind kind,
                                   const ProblemSpec &spec, const char *chip,
                                   const char *config, aiter_kernel_t k) {
  k->ctx = ctx;
  k->kind = kind;
  // NULL means "the device's chip, else the context's default"; an empty
  // string is a mistake, not a request for the default.
  const char *chipField = chip ? "desc.chip" : nullptr;
  if (chip && !*chip)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "desc.chip is empty: pass NULL for the device's (or the "
                "context's default) chip, or a target id such as gfx942");
  if (chip)
    k->targetId = chip;
  else if (ctx->hip)
    k->targetId = ctx->deviceTargetId;
  else
    k->targetId = ctx->defaultChip;
  std::string cfg = config ? config : "";
  // Both variants are built up front so that launch never compiles. Unless
  // the general one is already in memory, it is acquired on a second thread
  // while this one acquires the aligned one: two cold compiles take about
  // the time of one on a machine with two cores to spare.
  struct General {
    aiter_context_t ctx;
    const ProblemSpec *spec;
    const std::string *targetId, *cfg;
    const char *chipField;
    Variant *out;
    aiter_status_t status = AITER_OK;
    std::string error;
  } general{ctx,       &spec,           &k->targetId, &cfg,
            chipField, &k->variants[1], AITER_OK,     {}};
  auto acquireGeneral = [](void *arg) -> void * {
    auto *g = static_cast<General *>(arg);
    g->status = acquire(g->ctx, *g->spec, *g->targetId, *g->cfg, "general",
                        g->chipField, *g->out);
    if (g->status != AITER_OK)
      g->error = tlsError; // this thread's message, carried to the caller
    return nullptr;
  };
  pthread_t thread;
  bool threaded =
      !ctx->memory->get(variantKey(ctx, spec, k->targetId, cfg, "general")) &&
      pthread_create(&thread, nullptr, acquireGeneral, &general) == 0;
  aiter_status_t s = acquire(ctx, spec, k->targetId, cfg, "aligned",
                             chipField, k->variants[0]);
  std::string alignedError = s != AITER_OK ? tlsError : std::string();
  if (threaded)
    pthread_join(thread, nullptr);
  else // in memory already, or no thread could be made: acquire it here
    acquireGeneral(&general);
  if (s != AITER_OK)
    return fail(s, alignedError);
  if (general.status != AITER_OK)
    return fail(general.status, general.error);
  if (ctx->hip && k->targetId == ctx->deviceTargetId) {
    for (Variant &v : k->variants) {
      std::string err;
      if (!ctx->hipFunctionFor(v.key, *v.entry, &v.hipFunction, err))
        return fail(AITER_ERROR_DEVICE, err);
    }
  }
  return ok();
}

/// The checks every kernel-create call starts with: the out pointer (then
/// cleared), the context, the descriptor and its struct_size.
template <typename Desc>
static aiter_status_t checkCreateArgs(aiter_context_t context, const Desc *desc,
                                      aiter_kernel_t *outKernel,
                                      const char *descName) {
  if (!outKernel)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "out_kernel is NULL");
  *outKernel = nullptr;
  if (!context || !desc)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                !context ? "context is NULL" : "desc is NULL");
  if (desc->struct_size != sizeof(Desc))
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                std::string(descName) + ".struct_size is " +
                    std::to_string(desc->struct_size) + ", expected " +
                    std::to_string(sizeof(Desc)));
  return AITER_OK;
}

aiter_status_t aiter_kernel_create_gemm(aiter_context_t context,
                                        const aiter_gemm_desc_t *desc,
                                        aiter_kernel_t *outKernel) {
  if (aiter_status_t st =
          checkCreateArgs(context, desc, outKernel, "aiter_gemm_desc_t"))
    return st;
  std::optional<SpecDtype> in = specDtype(desc->dtype),
                           out = specDtype(desc->out_dtype);
  if (!in || !out)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "unknown dtype enum value");
  if (desc->dtype == AITER_DTYPE_F32)
    return fail(AITER_ERROR_UNSUPPORTED,
                "gemm inputs must be f16 or bf16 (f32 inputs are unsupported)");
  GemmSpec spec;
  spec.dtype = *in;
  spec.outDtype = *out;
  spec.transA = desc->trans_a;
  spec.transB = desc->trans_b;
  auto k = std::make_unique<aiter_kernel_s>();
  k->gemm = *desc;
  k->gemm.chip = k->gemm.config = nullptr; // not owned
  if (aiter_status_t s = createKernel(context, Kind::Gemm,
                                      ProblemSpec::of(spec), desc->chip,
                                      desc->config, k.get()))
    return s;
  *outKernel = k.release();
  return ok();
}

aiter_status_t aiter_kernel_create_attention(aiter_context_t context,
                                             const aiter_attention_desc_t *desc,
                                             aiter_kernel_t *outKernel) {
  if (aiter_status_t st = checkCreateArgs(context, desc, outKernel,
                                          "aiter_attention_desc_t"))
    return st;
  std::optional<SpecDtype> dt = specDtype(desc->dtype);
  if (!dt)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "unknown dtype enum value");
  if (desc->dtype == AITER_DTYPE_F32)
    return fail(AITER_ERROR_UNSUPPORTED, "attention dtype must be f16 or bf16");
  if (desc->head_dim <= 0 || desc->head_dim_v < 0)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "head_dim must be positive");
  if (desc->layout != AITER_ATTENTION_LAYOUT_BSHD &&
      desc->layout != AITER_ATTENTION_LAYOUT_BHSD)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "unknown layout enum value");
  // 0 means "not set" (no softcap, 1/sqrt(head_dim)); anything else must be
  // a finite positive number.
  for (auto [field, value] : {std::pair{"desc.scale", desc->scale},
                              std::pair{"desc.softcap", desc->softcap}})
    if (!std::isfinite(value) || value < 0)
      return fail(AITER_ERROR_INVALID_ARGUMENT,
                  std::string(field) + " is " + formatSpecFloat(value) +
                      ": it must be finite and positive (0 = not set)");
  AttentionSpec spec;
  spec.dtype = *dt;
  spec.headDim = desc->head_dim;
  spec.headDimV = desc->head_dim_v;
  spec.causal = desc->causal;
  spec.hasWindow = desc->has_window;
  spec.windowLeft = desc->window_left;
  spec.windowRight = desc->window_right;
  spec.softcap = desc->softcap;
  spec.scale = desc->scale;
  spec.returnLse = desc->return_lse;
  spec.layout = desc->layout == AITER_ATTENTION_LAYOUT_BHSD ? SpecLayout::BHSD
                                                            : SpecLayout::BSHD;
  auto k = std::make_unique<aiter_kernel_s>();
  k->attn = *desc;
  k->attn.chip = k->attn.config = nullptr;
  if (aiter_status_t s =
          createKernel(context, Kind::Attention, ProblemSpec::of(spec),
                       desc->chip, desc->config, k.get()))
    return s;
  *outKernel = k.release();
  return ok();
}

aiter_status_t aiter_kernel_destroy(aiter_kernel_t kernel) {
  delete kernel;
  return ok();
}

static void copyStr(char *dst, size_t cap, const std::string &s) {
  size_t n = std::min(cap - 1, s.size());
  std::memcpy(dst, s.data(), n);
  dst[n] = 0;
}

aiter_status_t aiter_kernel_get_info(aiter_kernel_t kernel,
                                     aiter_variant_t variant,
                                     aiter_kernel_info_t *info) {
  if (!kernel || !info)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                !kernel ? "kernel is NULL" : "info is NULL");
  if (info->struct_size != sizeof(aiter_kernel_info_t))
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "aiter_kernel_info_t.struct_size is " +
                    std::to_string(info->struct_size) + ", expected " +
                    std::to_string(sizeof(aiter_kernel_info_t)));
  if (variant != AITER_VARIANT_ALIGNED && variant != AITER_VARIANT_GENERAL)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "unknown variant enum value");
  const Variant &v = kernel->variants[variant];
  const KernelMeta &m = v.entry->meta;
  std::memset(info, 0, sizeof(*info));
  info->struct_size = sizeof(*info);
  copyStr(info->chip, sizeof(info->chip), v.entry->targetId);
  copyStr(info->name, sizeof(info->name), m.name);
  info->vgpr_count = m.vgpr;
  info->agpr_count = m.agpr;
  info->sgpr_count = m.sgpr;
  info->vgpr_spill_count = m.vgprSpill;
  info->sgpr_spill_count = m.sgprSpill;
  info->lds_bytes = m.lds;
  info->scratch_bytes = m.scratch;
  info->kernarg_bytes = m.kernargSize;
  info->workgroup_size = m.threads;
  info->cache_hit = v.cacheHit;
  info->disk_cache_hit = v.diskHit;
  info->compile_ms = v.compileMs;
  info->last_device = aiter_device_kind_t(kernel->lastDevice.load());
  return ok();
}

aiter_status_t aiter_kernel_get_cache_key(aiter_kernel_t kernel,
                                          aiter_variant_t variant, char *buf,
                                          size_t size) {
  if (!kernel || !buf)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                !kernel ? "kernel is NULL" : "buf is NULL");
  if (variant != AITER_VARIANT_ALIGNED && variant != AITER_VARIANT_GENERAL)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "unknown variant enum value");
  const std::string &key = kernel->variants[variant].key;
  if (size < key.size() + 1)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "size is " + std::to_string(size) + ", the key needs " +
                    std::to_string(key.size() + 1) + " bytes");
  std::memcpy(buf, key.c_str(), key.size() + 1);
  return ok();
}

aiter_status_t aiter_kernel_get_code_object(aiter_kernel_t kernel,
                                            aiter_variant_t variant,
                                            const void **outData,
                                            size_t *outSize) {
  if (!kernel || !outData || !outSize)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "kernel, out_data and out_size must not be NULL");
  if (variant != AITER_VARIANT_ALIGNED && variant != AITER_VARIANT_GENERAL)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "unknown variant enum value");
  const CacheEntry &e = *kernel->variants[variant].entry;
  *outData = e.codeObject.data();
  *outSize = e.codeObject.size();
  return ok();
}

//===----------------------------------------------------------------------===//
// Launch
//===----------------------------------------------------------------------===//

namespace {
/// A validated tensor.
struct View {
  const char *what;
  uint64_t base = 0; // data + byte_offset
  int rank = 0;
  int64_t shape[8] = {}, strides[8] = {};
  int64_t bytes = 0; // extent from base
  int elemBytes = 0;
  int emuElem = 0;
};
} // namespace

static bool dlDtypeIs(const DLDataType &t, aiter_dtype_t want) {
  if (t.lanes != 1)
    return false;
  switch (want) {
  case AITER_DTYPE_F16:
    return t.code == kDLFloat && t.bits == 16;
  case AITER_DTYPE_BF16:
    return t.code == kDLBfloat && t.bits == 16;
  case AITER_DTYPE_F32:
    return t.code == kDLFloat && t.bits == 32;
  }
  return false;
}

/// Why an output's strides make two of its elements share an address ("" if
/// they do not). Sufficient, not necessary: sorted by stride, each dimension
/// must step past everything the smaller ones span, which every dense,
/// padded or permuted layout does; interleavings beyond that are refused
/// rather than proven.
static std::string selfOverlap(const View &v) {
  int order[8], n = 0;
  for (int i = 0; i < v.rank; ++i)
    if (v.shape[i] > 1)
      order[n++] = i;
  std::sort(order, order + n,
            [&](int a, int b) { return v.strides[a] < v.strides[b]; });
  int64_t span = 1; // elements the smaller dimensions cover
  for (int k = 0; k < n; ++k) {
    int d = order[k];
    if (v.strides[d] < span)
      return "an output whose elements overlap: dimension " +
             std::to_string(d) + " (extent " + std::to_string(v.shape[d]) +
             ") has stride " + std::to_string(v.strides[d]) +
             ", but the dimensions with smaller strides span " +
             std::to_string(span) + " elements";
    span += (v.shape[d] - 1) * v.strides[d]; // no overflow: checked extent
  }
  return "";
}

/// Rejects an output whose memory overlaps another tensor of the launch: the
/// kernel would read what it has already overwritten, or two outputs would
/// race. Compares byte ranges, so interleaved views of one buffer count as
/// overlapping too.
static aiter_status_t checkNoOverlap(const View *views, size_t n,
                                     size_t firstOutput) {
  for (size_t o = firstOutput; o < n; ++o)
    for (size_t i = 0; i < n; ++i) {
      if (i == o || !views[o].bytes || !views[i].bytes)
        continue;
      const View &a = views[o], &b = views[i];
      if (a.base < b.base + uint64_t(b.bytes) &&
          b.base < a.base + uint64_t(a.bytes))
        return fail(AITER_ERROR_BAD_TENSOR,
                    std::string(a.what) + ": the output's memory overlaps " +
                        b.what + "'s");
    }
  return ok();
}

static aiter_status_t checkTensor(const DLTensor *t, const char *what,
                                  aiter_dtype_t dtype, int rank, bool output,
                                  View &v) {
  auto bad = [&](const std::string &m) {
    return fail(AITER_ERROR_BAD_TENSOR, std::string(what) + ": " + m);
  };
  if (!t)
    return fail(AITER_ERROR_INVALID_ARGUMENT, std::string(what) + " is NULL");
  if (!dlDtypeIs(t->dtype, dtype))
    return bad(std::string("dtype must be ") + dtypeName(dtype) +
               " (DLPack code " + std::to_string(t->dtype.code) + ", " +
               std::to_string(t->dtype.bits) + " bits, " +
               std::to_string(t->dtype.lanes) + " lanes given)");
  if (t->ndim != rank)
    return bad("rank must be " + std::to_string(rank) + ", got " +
               std::to_string(t->ndim));
  if (!t->shape)
    return bad("shape is NULL");
  v.what = what;
  v.rank = rank;
  v.elemBytes = t->dtype.bits / 8;
  v.emuElem = dtype == AITER_DTYPE_F16 ? 0 : dtype == AITER_DTYPE_BF16 ? 1 : 2;
  int64_t numel = 1;
  for (int i = rank - 1; i >= 0; --i) {
    if (t->shape[i] < 0)
      return bad("negative extent in dimension " + std::to_string(i));
    v.shape[i] = t->shape[i];
    if (t->strides) {
      v.strides[i] = t->strides[i];
    } else {
      v.strides[i] = i == rank - 1 ? 1 : v.strides[i + 1] * v.shape[i + 1];
    }
    if (v.strides[i] < 0)
      return bad("negative strides are unsupported");
    if (__builtin_mul_overflow(numel, std::max<int64_t>(v.shape[i], 1),
                               &numel))
      return bad("too many elements");
  }
  int64_t last = 0; // largest element index
  bool empty = false;
  for (int i = 0; i < rank; ++i) {
    if (v.shape[i] == 0)
      empty = true;
    int64_t term;
    if (v.shape[i] > 0 &&
        (__builtin_mul_overflow(v.shape[i] - 1, v.strides[i], &term) ||
         __builtin_add_overflow(last, term, &last)))
      return bad("extent overflows");
  }
  if (empty) {
    v.bytes = 0;
  } else if (__builtin_mul_overflow(last + 1, int64_t(v.elemBytes), &v.bytes)) {
    return bad("extent overflows");
  }
  if (output && !empty)
    if (std::string why = selfOverlap(v); !why.empty())
      return bad(why);
  if (!t->data && v.bytes)
    return bad("data is NULL");
  if (t->byte_offset % uint64_t(v.elemBytes))
    return bad("byte_offset is not a multiple of the element size");
  v.base = uint64_t(uintptr_t(t->data)) + t->byte_offset;
  if (v.base % uint64_t(v.elemBytes))
    return bad("data is not aligned to its element size");
  return ok();
}

/// The aligned variant's preconditions (see docs/runtime.md).
static bool alignedOk(const View &v) {
  if (v.base % 16 || v.bytes >= (int64_t(1) << 31))
    return false;
  if (v.shape[v.rank - 1] > 1 && v.strides[v.rank - 1] != 1)
    return false;
  for (int i = 0; i + 1 < v.rank; ++i)
    if (v.strides[i] % 8)
      return false;
  return true;
}

static aiter_status_t devicesOf(const DLTensor *const *ts, size_t n,
                                aiter_kernel_t k, aiter_device_kind_t &dev) {
  DLDeviceType type = ts[0]->device.device_type;
  for (size_t i = 1; i < n; ++i)
    if (ts[i] && ts[i]->device.device_type != type)
      return fail(AITER_ERROR_BAD_TENSOR,
                  "tensors of one launch must all be kDLCPU (emulator) or "
                  "all kDLROCM (HIP); they are mixed");
  if (type == kDLCPU) {
    dev = AITER_DEVICE_EMULATOR;
    return ok();
  }
  if (type != kDLROCM)
    return fail(AITER_ERROR_BAD_TENSOR,
                "tensor device type " + std::to_string(int(type)) +
                    " is unsupported (kDLCPU or kDLROCM)");
  for (size_t i = 0; i < n; ++i)
    if (ts[i] && ts[i]->device.device_id != k->ctx->ordinal)
      return fail(AITER_ERROR_BAD_TENSOR,
                  "tensor on ROCm device " +
                      std::to_string(ts[i]->device.device_id) +
                      ", the context uses device " +
                      std::to_string(k->ctx->ordinal));
  dev = AITER_DEVICE_HIP;
  return ok();
}

static aiter_status_t run(aiter_kernel_t k, aiter_device_kind_t dev,
                          const View *views, size_t n, const uint32_t grid[3],
                          void *stream) {
  bool aligned = true;
  for (size_t i = 0; i < n; ++i)
    aligned &= alignedOk(views[i]);
  Variant &v = k->variants[aligned ? 0 : 1];
  const KernelMeta &m = v.entry->meta;
  uint32_t block[3] = {m.threads, 1, 1};
  if (grid[0] == 0 || grid[1] == 0 || grid[2] == 0)
    return ok(); // an empty problem: nothing to compute
  if (dev == AITER_DEVICE_EMULATOR) {
    std::call_once(v.emuOnce, [&] {
      const aiter_compiler_api_t *api = compilerApi(v.emuError);
      if (!api) {
        v.emuStatus = AITER_ERROR_DEVICE_UNAVAILABLE;
        return;
      }
      char *err = nullptr;
      if (api->emu_load(v.entry->simtIR.data(), v.entry->simtIR.size(),
                        &v.emuHandle, &err)) {
        v.emuStatus = AITER_ERROR_DEVICE;
        v.emuError = err ? err : "emulator load failed";
        api->free_string(err);
      }
    });
    if (v.emuStatus != AITER_OK)
      return fail(v.emuStatus, v.emuError);
    std::string e;
    const aiter_compiler_api_t *api = compilerApi(e);
    aiter_compiler_emu_arg_t args[8];
    for (size_t i = 0; i < n; ++i) {
      args[i].data = reinterpret_cast<void *>(uintptr_t(views[i].base));
      args[i].bytes = views[i].bytes;
      args[i].elem = views[i].emuElem;
      args[i].rank = views[i].rank;
      for (int d = 0; d < views[i].rank; ++d) {
        args[i].shape[d] = views[i].shape[d];
        args[i].strides[d] = views[i].strides[d];
      }
    }
    int64_t g[3] = {grid[0], grid[1], grid[2]};
    int64_t b[3] = {block[0], block[1], block[2]};
    char *err = nullptr;
    if (api->emu_run(v.emuHandle, m.name.c_str(), g, b, args, n, &err)) {
      std::string msg = err ? err : "emulator failed";
      api->free_string(err);
      return fail(AITER_ERROR_DEVICE, "emulator: " + msg);
    }
  } else {
    if (!k->ctx->hip)
      return fail(AITER_ERROR_DEVICE_UNAVAILABLE,
                  "kDLROCM tensors but no HIP device: " +
                      k->ctx->hipUnavailable);
    if (!v.hipFunction)
      return fail(AITER_ERROR_DEVICE_UNAVAILABLE,
                  "the kernel was built for " + k->targetId +
                      ", the HIP device is " + k->ctx->deviceTargetId);
    MemrefDesc descs[8];
    for (size_t i = 0; i < n; ++i) {
      descs[i].allocated = descs[i].aligned = views[i].base;
      descs[i].rank = views[i].rank;
      for (int d = 0; d < views[i].rank; ++d) {
        descs[i].sizes[d] = views[i].shape[d];
        descs[i].strides[d] = views[i].strides[d];
      }
    }
    static thread_local Kernargs ka;
    std::string err;
    if (!packKernargs(m, descs, n, grid, block, ka, err))
      return fail(AITER_ERROR_INTERNAL, err);
    // HIP appends the hidden arguments itself: pass the explicit prefix.
    if (!k->ctx->hip->launch(v.hipFunction, grid, block, 0, stream,
                             ka.bytes.data(), ka.explicitBytes, err))
      return fail(AITER_ERROR_DEVICE, err);
  }
  k->lastDevice = dev;
  if (!k->loggedDevice[aligned ? 0 : 1][dev].exchange(true))
    k->ctx->log(AITER_LOG_INFO,
                "aiter: " + m.name + " (" + m.variant + ", " + k->targetId +
                    ") runs on " +
                    (dev == AITER_DEVICE_HIP ? "HIP" : "the emulator"));
  return ok();
}

static uint64_t ceilDiv(int64_t a, int64_t b) { return uint64_t((a + b - 1) / b); }

aiter_status_t aiter_gemm_launch(aiter_kernel_t kernel, const DLTensor *a,
                                 const DLTensor *b, const DLTensor *c,
                                 void *stream) {
  if (!kernel)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  if (kernel->kind != Kind::Gemm)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "aiter_gemm_launch on an attention kernel");
  View v[3];
  const aiter_gemm_desc_t &d = kernel->gemm;
  if (aiter_status_t s = checkTensor(a, "a", d.dtype, 2, false, v[0]))
    return s;
  if (aiter_status_t s = checkTensor(b, "b", d.dtype, 2, false, v[1]))
    return s;
  if (aiter_status_t s = checkTensor(c, "c", d.out_dtype, 2, true, v[2]))
    return s;
  const DLTensor *ts[3] = {a, b, c};
  aiter_device_kind_t dev;
  if (aiter_status_t s = devicesOf(ts, 3, kernel, dev))
    return s;
  int64_t M = d.trans_a ? v[0].shape[1] : v[0].shape[0];
  int64_t K = d.trans_a ? v[0].shape[0] : v[0].shape[1];
  int64_t Kb = d.trans_b ? v[1].shape[1] : v[1].shape[0];
  int64_t N = d.trans_b ? v[1].shape[0] : v[1].shape[1];
  if (K != Kb)
    return fail(AITER_ERROR_BAD_TENSOR,
                "a has K = " + std::to_string(K) + ", b has K = " +
                    std::to_string(Kb));
  if (v[2].shape[0] != M || v[2].shape[1] != N)
    return fail(AITER_ERROR_BAD_TENSOR,
                "c must be " + std::to_string(M) + " x " + std::to_string(N) +
                    ", got " + std::to_string(v[2].shape[0]) + " x " +
                    std::to_string(v[2].shape[1]));
  if (aiter_status_t s = checkNoOverlap(v, 3, 2))
    return s;
  const KernelMeta &m = kernel->variants[0].entry->meta;
  uint64_t gx = ceilDiv(M, m.tileM), gy = ceilDiv(N, m.tileN);
  if (gx > UINT32_MAX || gy > UINT32_MAX)
    return fail(AITER_ERROR_BAD_TENSOR, "the problem needs too many workgroups");
  uint32_t grid[3] = {uint32_t(gx), uint32_t(gy), 1};
  return run(kernel, dev, v, 3, grid, stream);
}

aiter_status_t aiter_attention_launch(aiter_kernel_t kernel, const DLTensor *q,
                                      const DLTensor *k, const DLTensor *vt,
                                      const DLTensor *o, const DLTensor *lse,
                                      void *stream) {
  if (!kernel)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  if (kernel->kind != Kind::Attention)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "aiter_attention_launch on a gemm kernel");
  const aiter_attention_desc_t &d = kernel->attn;
  if (d.return_lse && !lse)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "the kernel returns LSE: lse must not be NULL");
  if (!d.return_lse && lse)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "the kernel does not return LSE: lse must be NULL");
  View v[5];
  if (aiter_status_t s = checkTensor(q, "q", d.dtype, 4, false, v[0]))
    return s;
  if (aiter_status_t s = checkTensor(k, "k", d.dtype, 4, false, v[1]))
    return s;
  if (aiter_status_t s = checkTensor(vt, "v", d.dtype, 4, false, v[2]))
    return s;
  if (aiter_status_t s = checkTensor(o, "o", d.dtype, 4, true, v[3]))
    return s;
  size_t n = 4;
  if (lse) {
    if (aiter_status_t s = checkTensor(lse, "lse", AITER_DTYPE_F32, 3, true,
                                       v[4]))
      return s;
    n = 5;
  }
  const DLTensor *ts[5] = {q, k, vt, o, lse};
  aiter_device_kind_t dev;
  if (aiter_status_t s = devicesOf(ts, n, kernel, dev))
    return s;
  bool bhsd = d.layout == AITER_ATTENTION_LAYOUT_BHSD;
  int sAx = bhsd ? 2 : 1, hAx = bhsd ? 1 : 2;
  int64_t dv = d.head_dim_v ? d.head_dim_v : d.head_dim;
  int64_t B = v[0].shape[0], H = v[0].shape[hAx], Sq = v[0].shape[sAx];
  int64_t Hk = v[1].shape[hAx], Sk = v[1].shape[sAx];
  auto bad = [](const std::string &m) {
    return fail(AITER_ERROR_BAD_TENSOR, m);
  };
  for (int i = 0; i < 4; ++i)
    if (v[i].shape[3] > 1 && v[i].strides[3] != 1)
      return bad(std::string(v[i].what) + ": the head dimension must be "
                                          "unit-stride");
  if (v[0].shape[3] != d.head_dim || v[1].shape[3] != d.head_dim)
    return bad("q and k must have head_dim " + std::to_string(d.head_dim));
  if (v[2].shape[3] != dv || v[3].shape[3] != dv)
    return bad("v and o must have head_dim_v " + std::to_string(dv));
  if (v[1].shape[0] != B || v[2].shape[0] != B || v[3].shape[0] != B)
    return bad("q, k, v and o must have the same batch");
  if (v[2].shape[hAx] != Hk || v[2].shape[sAx] != Sk)
    return bad("k and v must have the same heads and sequence length");
  if (v[3].shape[hAx] != H || v[3].shape[sAx] != Sq)
    return bad("o must have q's heads and sequence length");
  if (Hk == 0 ? H != 0 : H % Hk)
    return bad("q heads (" + std::to_string(H) +
               ") must be a multiple of kv heads (" + std::to_string(Hk) + ")");
  if (lse && (v[4].shape[0] != B || v[4].shape[1] != H || v[4].shape[2] != Sq))
    return bad("lse must be [batch, heads, seq_q]");
  if (aiter_status_t s = checkNoOverlap(v, n, 3))
    return s;
  const KernelMeta &m = kernel->variants[0].entry->meta;
  uint64_t gx = ceilDiv(Sq, m.tileM);
  int64_t bh;
  if (__builtin_mul_overflow(B, H, &bh) || gx > UINT32_MAX || bh > UINT32_MAX)
    return bad("the problem needs too many workgroups");
  uint32_t grid[3] = {uint32_t(gx), uint32_t(bh), 1};
  return run(kernel, dev, v, n, grid, stream);
}

//===----------------------------------------------------------------------===//
// Cache
//===----------------------------------------------------------------------===//

aiter_status_t aiter_cache_stats(aiter_context_t context,
                                 aiter_cache_stats_t *stats) {
  if (!context || !stats)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                !context ? "context is NULL" : "stats is NULL");
  if (stats->struct_size != sizeof(aiter_cache_stats_t))
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "aiter_cache_stats_t.struct_size is " +
                    std::to_string(stats->struct_size) + ", expected " +
                    std::to_string(sizeof(aiter_cache_stats_t)));
  const CacheCounters &c = context->counters;
  stats->memory_hits = c.memoryHits;
  stats->disk_hits = c.diskHits;
  stats->misses = c.misses;
  stats->evictions = c.evictions;
  stats->errors = c.errors;
  stats->memory_bytes = context->memory->bytes();
  stats->disk_bytes = context->disk->diskBytes();
  return ok();
}

aiter_status_t aiter_cache_clear(aiter_context_t context) {
  if (!context)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "context is NULL");
  context->memory->clear();
  context->disk->clear();
  return ok();
}
