//===- Compiler.cpp - libaiter-compiler.so: compiler + emulator entry ----===//
//
// The only library of the runtime that links LLVM/MLIR. libaiter.so dlopens it
// (RTLD_LOCAL) on a cache miss or the first emulator launch.
//===----------------------------------------------------------------------===//

#include "BuildId.h"
#include "CompilerABI.h"
#include "Metadata.h"

#include "aiter/Emulator/Emulator.h"
#include "aiter/Pipelines/Compile.h"
#include "aiter/Pipelines/Pipelines.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>


using namespace mlir;

namespace {

char *dupString(const std::string &s) {
  char *p = static_cast<char *>(std::malloc(s.size() + 1));
  if (p)
    std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

/// Owns the bytes a result points at.
struct Result {
  aiter_compiler_result_t c{};
  std::string meta, code, ir;
};

int compile(const char *source, const char *chip, const char *config,
            const char *variant, unsigned optLevel,
            aiter_compiler_result_t **out, char **error) {
  *out = nullptr;
  *error = nullptr;
  mlir::aiter::CompileOptions opts;
  opts.chip = chip ? chip : "gfx942";
  opts.config = config ? config : "";
  opts.variant = variant ? variant : "aligned";
  opts.optLevel = optLevel;
  auto compiled = mlir::aiter::compileProblem(source, opts);
  if (!compiled) {
    auto [kind, message] =
        mlir::aiter::takeCompileError(compiled.takeError());
    *error = dupString(message);
    switch (kind) {
    case mlir::aiter::CompileErrorKind::Unsupported:
      return AITER_COMPILER_UNSUPPORTED;
    case mlir::aiter::CompileErrorKind::InvalidConfig:
      return AITER_COMPILER_INVALID_CONFIG;
    case mlir::aiter::CompileErrorKind::InvalidTarget:
      return AITER_COMPILER_INVALID_TARGET;
    case mlir::aiter::CompileErrorKind::InvalidSpec:
    case mlir::aiter::CompileErrorKind::Compile:
      return AITER_COMPILER_FAILED;
    }
    return AITER_COMPILER_FAILED;
  }
  ::aiter::rt::KernelMeta m;
  m.name = compiled->name;
  m.chip = compiled->chip;
  m.variant = compiled->variant;
  m.kind = compiled->launch.kind == mlir::aiter::LaunchGeometry::Kind::Gemm
               ? "gemm"
               : "attention";
  m.tileM = compiled->launch.tileM;
  m.tileN = compiled->launch.tileN;
  m.threads = compiled->launch.threads;
  const mlir::aiter::KernelInfo &ki = compiled->info;
  m.vgpr = ki.vgprCount;
  m.agpr = ki.agprCount;
  m.sgpr = ki.sgprCount;
  m.vgprSpill = ki.vgprSpillCount;
  m.sgprSpill = ki.sgprSpillCount;
  m.lds = ki.groupSegmentSize;
  m.scratch = ki.privateSegmentSize;
  m.kernargSize = ki.kernargSegmentSize;
  m.kernargAlign = ki.kernargSegmentAlign;
  for (const mlir::aiter::KernelArgInfo &a : ki.args)
    m.args.push_back({a.valueKind, a.offset, a.size});
  auto r = std::make_unique<Result>();
  r->meta = m.serialize();
  r->code.assign(compiled->codeObject.begin(), compiled->codeObject.end());
  r->ir = std::move(compiled->simtIR);
  r->c = {r->meta.data(), r->meta.size(), r->code.data(), r->code.size(),
          r->ir.data(),   r->ir.size()};
  *out = &r.release()->c;
  return 0;
}

void freeResult(aiter_compiler_result_t *result) {
  // `c` is the first member of Result.
  delete reinterpret_cast<Result *>(result);
}

void freeString(char *s) { std::free(s); }

/// A parsed SIMT module; runs of one module are serialized because the
/// emulator's thread-safety on a shared module is not documented.
struct EmuModule {
  std::unique_ptr<MLIRContext> ctx;
  OwningOpRef<ModuleOp> module;
  std::mutex mutex;
};

int emuLoad(const char *ir, size_t size, void **handle, char **error) {
  *handle = nullptr;
  *error = nullptr;
  DialectRegistry registry;
  mlir::aiter::registerCodegenDialects(registry);
  auto m = std::make_unique<EmuModule>();
  m->ctx = std::make_unique<MLIRContext>(registry,
                                         MLIRContext::Threading::DISABLED);
  m->ctx->loadAllAvailableDialects();
  std::string diag;
  llvm::raw_string_ostream os(diag);
  ScopedDiagnosticHandler handler(m->ctx.get(), [&](Diagnostic &d) {
    os << d << "\n";
    return success();
  });
  m->module = parseSourceString<ModuleOp>(llvm::StringRef(ir, size),
                                          m->ctx.get());
  if (!m->module) {
    *error = dupString("cannot parse the kernel's SIMT IR: " + diag);
    return 3;
  }
  *handle = m.release();
  return 0;
}

int emuRun(void *handle, const char *kernel, const int64_t grid[3],
           const int64_t block[3], const aiter_compiler_emu_arg_t *args,
           size_t numArgs, char **error) {
  *error = nullptr;
  auto *m = static_cast<EmuModule *>(handle);
  ::aiter::emu::LaunchConfig cfg;
  for (int i = 0; i < 3; ++i) {
    cfg.grid[i] = grid[i];
    cfg.block[i] = block[i];
  }
  llvm::SmallVector<::aiter::emu::KernelArg, 6> kargs;
  for (size_t i = 0; i < numArgs; ++i) {
    const aiter_compiler_emu_arg_t &a = args[i];
    ::aiter::emu::ElemType t = a.elem == 0   ? ::aiter::emu::ElemType::F16
                               : a.elem == 1 ? ::aiter::emu::ElemType::BF16
                                             : ::aiter::emu::ElemType::F32;
    auto k = ::aiter::emu::KernelArg::buffer(
        a.data, a.bytes, t, llvm::ArrayRef<int64_t>(a.shape, a.rank));
    k.strides.assign(a.strides, a.strides + a.rank);
    kargs.push_back(std::move(k));
  }
  std::lock_guard<std::mutex> lock(m->mutex);
  auto stats = ::aiter::emu::runKernel(m->module->getOperation(), kernel, cfg,
                                       kargs);
  if (!stats) {
    *error = dupString(llvm::toString(stats.takeError()));
    return 6;
  }
  return 0;
}

void emuUnload(void *handle) { delete static_cast<EmuModule *>(handle); }

const aiter_compiler_api_t kApi = {
    AITER_COMPILER_ABI_VERSION,
    sizeof(aiter_compiler_api_t),
    AITER_BUILD_ID,
    compile,
    freeResult,
    freeString,
    emuLoad,
    emuRun,
    emuUnload,
};

} // namespace

extern "C" __attribute__((visibility("default"))) const aiter_compiler_api_t *
aiter_compiler_get_api(void) {
  return &kApi;
}
