//===- Compile.cpp - one-call kernel compilation for the JIT ----*- C++ -*-===//
//
// Specification -> tile program -> SIMT kernel -> code object, collecting
// diagnostics into the returned error instead of printing them.
//===----------------------------------------------------------------------===//

#include "aiter/Pipelines/Compile.h"

#include "aiter/Dialect/Aiter/Transforms/Passes.h"
#include "aiter/Pipelines/Pipelines.h"
#include "aiter/Target/TargetInfo.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;
using namespace mlir::aiter;

static llvm::Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

llvm::Expected<BinaryResult>
aiter::compileGPUModule(gpu::GPUModuleOp module, llvm::StringRef chip,
                        const BinaryOptions &options) {
  MLIRContext *ctx = module.getContext();
  PassManager pm(ctx, ModuleOp::getOperationName());
  GPUToLLVMOptions lowering;
  lowering.chip = chip.str();
  buildGPUToLLVMPipeline(pm, lowering);
  // The pipeline nests on every gpu.module; run it on a module holding just
  // a copy of this one so each is lowered for its own chip.
  OwningOpRef<ModuleOp> single = ModuleOp::create(module.getLoc());
  single->getBody()->push_back(module->clone());
  if (failed(pm.run(*single)))
    return makeError("lowering gpu.module @" + module.getName() +
                     " to the LLVM dialect failed");
  BinaryOptions opts = options;
  opts.chip = chip.str();
  return compileToBinary(*single->getOps<gpu::GPUModuleOp>().begin(), opts);
}

char aiter::CompileError::ID = 0;

std::pair<CompileErrorKind, std::string>
aiter::takeCompileError(llvm::Error error) {
  std::pair<CompileErrorKind, std::string> out{CompileErrorKind::Compile, ""};
  llvm::handleAllErrors(
      std::move(error),
      [&](const CompileError &e) {
        out = {e.kind, e.message};
      },
      [&](const llvm::ErrorInfoBase &e) { out.second = e.message(); });
  return out;
}

llvm::Expected<CompiledKernel>
aiter::compileProblem(llvm::StringRef source, const CompileOptions &options) {
  DialectRegistry registry;
  registerCodegenDialects(registry);
  MLIRContext ctx(registry, MLIRContext::Threading::DISABLED);
  std::string diagnostics;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
    if (d.getSeverity() != DiagnosticSeverity::Error)
      return success();
    llvm::raw_string_ostream os(diagnostics);
    if (!diagnostics.empty())
      os << "\n";
    os << d;
    return success();
  });
  auto failAs = [&](CompileErrorKind kind, const llvm::Twine &what) {
    std::string msg =
        (what + (diagnostics.empty() ? "" : ": " + diagnostics)).str();
    diagnostics.clear();
    return llvm::make_error<CompileError>(kind, std::move(msg));
  };
  auto fail = [&](const llvm::Twine &what) {
    return failAs(CompileErrorKind::Compile, what);
  };

  // Parse, then verify: a spec that parses but fails its verifier is a
  // problem the compiler does not support.
  ParserConfig parserConfig(&ctx, /*verifyAfterParse=*/false);
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(source, parserConfig);
  if (!module)
    return failAs(CompileErrorKind::InvalidSpec,
                  "cannot parse the kernel specification");
  if (failed(verify(*module)))
    return failAs(CompileErrorKind::Unsupported,
                  "the kernel specification is rejected by its verifier");
  auto target = TargetInfo::lookup(options.chip);
  if (!target)
    return failAs(CompileErrorKind::InvalidTarget,
                  llvm::toString(target.takeError()));
  // The configuration, checked as aiter-expand will use it.
  std::string configError;
  module->walk([&](Operation *op) {
    llvm::Error e = verifyProblemConfig(op, *target, options.config);
    if (e && configError.empty())
      configError = llvm::toString(std::move(e));
    else
      llvm::consumeError(std::move(e));
  });
  if (!configError.empty())
    return failAs(CompileErrorKind::InvalidConfig,
                  "invalid tile configuration '" + options.config + "' for " +
                      target->chip() + ": " + configError);
  ToGPUOptions toGPU;
  toGPU.chip = options.chip;
  toGPU.config = options.config;
  toGPU.variant = options.variant;
  toGPU.emitters = options.emitters;
  PassManager pm(&ctx, ModuleOp::getOperationName());
  buildExpandPipeline(pm, toGPU);
  buildTilesToGPUPipeline(pm, toGPU);
  if (failed(pm.run(*module)))
    return fail("cannot compile the kernel");

  auto gpuModules = llvm::to_vector(module->getOps<gpu::GPUModuleOp>());
  if (gpuModules.size() != 1)
    return fail("the specification must hold exactly one kernel, found " +
                llvm::Twine(gpuModules.size()));
  gpu::GPUModuleOp gpuModule = gpuModules.front();
  auto funcs = llvm::to_vector(gpuModule.getOps<gpu::GPUFuncOp>());
  if (funcs.size() != 1)
    return fail("internal: the lowering produced " + llvm::Twine(funcs.size()) +
                " kernels");
  gpu::GPUFuncOp func = funcs.front();

  CompiledKernel result;
  result.name = func.getName().str();
  result.chip = getModuleChip(gpuModule);
  result.variant = options.variant;
  if (auto block = func.getKnownBlockSizeAttr())
    result.launch.threads = block[0];
  if (auto config = func->getAttrOfType<DictionaryAttr>("aiter.config")) {
    auto get = [&](StringRef key) -> int64_t {
      auto v = config.getAs<IntegerAttr>(key);
      return v ? v.getInt() : 0;
    };
    if (get("tile_m")) {
      result.launch.kind = LaunchGeometry::Kind::Gemm;
      result.launch.tileM = get("tile_m");
      result.launch.tileN = get("tile_n");
    } else {
      result.launch.kind = LaunchGeometry::Kind::Attention;
      result.launch.tileM = get("block_m");
      result.launch.tileN = get("block_n");
    }
  }
  if (!result.launch.threads || !result.launch.tileM)
    return fail("internal: the kernel carries no launch geometry");
  {
    llvm::raw_string_ostream os(result.simtIR);
    gpuModule->print(os);
  }

  BinaryOptions binaryOptions;
  binaryOptions.optLevel = options.optLevel;
  binaryOptions.emitAssembly = options.emitAssembly;
  auto binary = compileGPUModule(gpuModule, result.chip, binaryOptions);
  if (!binary)
    return fail(llvm::toString(binary.takeError()));
  result.codeObject = std::move(binary->codeObject);
  result.assembly = std::move(binary->assembly);
  auto info = readCodeObjectInfo(result.codeObject);
  if (!info)
    return fail(llvm::toString(info.takeError()));
  if (info->kernels.size() != 1)
    return fail("internal: the code object holds " +
                llvm::Twine(info->kernels.size()) + " kernels");
  result.info = std::move(info->kernels.front());
  return result;
}
