//===- Kernels.cpp - kernel objects and the cache -------------------------===//
//
// Creating a kernel acquires both variants (memory tier, single flight, disk
// tier, compiler); kernel objects answer info, key and code-object queries.
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstring>
#include <map>
#include <pthread.h>

using namespace aiter::capi;
using namespace aiter::rt;

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
} // namespace

std::optional<SpecDtype> aiter::capi::specDtype(const aiter_dtype_t &t) {
  switch (enumValue(t)) {
  case AITER_DTYPE_F16:
    return SpecDtype::F16;
  case AITER_DTYPE_BF16:
    return SpecDtype::BF16;
  case AITER_DTYPE_F32:
    return SpecDtype::F32;
  }
  return std::nullopt;
}

const char *aiter::capi::dtypeName(aiter_dtype_t t) {
  std::optional<SpecDtype> s = specDtype(t);
  return s ? specDtypeName(*s) : nullptr;
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
  } else if (std::string bytes;
             ctx->remote && (entry = ctx->remote->load(key, AITER_BUILD_ID,
                                                       targetId, bytes))) {
    // Read-through: the next process on this host finds it on disk.
    ctx->disk->storeEncoded(key, bytes);
    out.cacheHit = true;
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
          std::string bytes = encodeEntry(key, *entry);
          ctx->disk->storeEncoded(key, bytes);
          if (ctx->remote)
            ctx->remote->store(key, bytes); // write-back for other hosts
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

aiter_status_t aiter::capi::createKernel(aiter_context_t ctx, Kind kind,
                                         const ProblemSpec &spec,
                                         const char *chip, const char *config,
                                         aiter_kernel_t k) {
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
      g->error =
          lastErrorText(); // this thread's message, carried to the caller
    return nullptr;
  };
  pthread_t thread;
  bool threaded =
      !ctx->memory->get(variantKey(ctx, spec, k->targetId, cfg, "general")) &&
      pthread_create(&thread, nullptr, acquireGeneral, &general) == 0;
  aiter_status_t s = acquire(ctx, spec, k->targetId, cfg, "aligned", chipField,
                             k->variants[0]);
  std::string alignedError = s != AITER_OK ? lastErrorText() : std::string();
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
  if (checkStructSize(info->struct_size, "aiter_kernel_info_t",
                      sizeof(aiter_kernel_info_t)) != AITER_OK)
    return AITER_ERROR_INVALID_ARGUMENT;
  if (enumValue(variant) != AITER_VARIANT_ALIGNED &&
      enumValue(variant) != AITER_VARIANT_GENERAL)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "unknown variant enum value");
  const Variant &v = kernel->variants[enumValue(variant)];
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
  if (enumValue(variant) != AITER_VARIANT_ALIGNED &&
      enumValue(variant) != AITER_VARIANT_GENERAL)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "unknown variant enum value");
  const std::string &key = kernel->variants[enumValue(variant)].key;
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
  if (enumValue(variant) != AITER_VARIANT_ALIGNED &&
      enumValue(variant) != AITER_VARIANT_GENERAL)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "unknown variant enum value");
  const CacheEntry &e = *kernel->variants[enumValue(variant)].entry;
  *outData = e.codeObject.data();
  *outSize = e.codeObject.size();
  return ok();
}

//===----------------------------------------------------------------------===//
// Cache
//===----------------------------------------------------------------------===//

aiter_status_t aiter_cache_stats(aiter_context_t context,
                                 aiter_cache_stats_t *stats) {
  if (!context || !stats)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                !context ? "context is NULL" : "stats is NULL");
  // An ABI 1 caller's struct ends before the remote counters.
  size_t abi1 = offsetof(aiter_cache_stats_t, remote_hits);
  if (checkStructSize(stats->struct_size, "aiter_cache_stats_t",
                      sizeof(aiter_cache_stats_t), abi1) != AITER_OK)
    return AITER_ERROR_INVALID_ARGUMENT;
  const CacheCounters &c = context->counters;
  stats->memory_hits = c.memoryHits;
  stats->disk_hits = c.diskHits;
  stats->misses = c.misses;
  stats->evictions = c.evictions;
  stats->errors = c.errors;
  stats->memory_bytes = context->memory->bytes();
  stats->disk_bytes = context->disk->diskBytes();
  if (stats->struct_size > abi1) {
    stats->remote_hits = c.remoteHits;
    stats->remote_misses = c.remoteMisses;
    stats->remote_errors = c.remoteErrors;
  }
  return ok();
}

aiter_status_t aiter_cache_clear(aiter_context_t context) {
  if (!context)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "context is NULL");
  context->memory->clear();
  context->disk->clear();
  return ok();
}
