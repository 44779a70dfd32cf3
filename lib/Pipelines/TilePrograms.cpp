//===- TilePrograms.cpp - compile tile programs from a file ---------------===//
//
// Hand-written aiter.kernel programs carry no chip or tile configuration;
// they get the ones aiter-expand would record, then the tiles-to-SIMT
// lowering runs on a copy of the kernel asked for.
//===----------------------------------------------------------------------===//

#include "aiter/Pipelines/TilePrograms.h"

#include "aiter/Dialect/Aiter/IR/AiterOps.h"
#include "aiter/Pipelines/Pipelines.h"
#include "aiter/Target/TargetInfo.h"
#include "aiter/Target/TileConfig.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;
using namespace mlir::aiter;

/// The kernel attributes aiter-expand records and the lowerings read.
static constexpr StringLiteral kChipAttr = "aiter.chip";
static constexpr StringLiteral kConfigAttr = "aiter.config";

/// Records the chip and, where the target table has one, the default tile
/// configuration on one kernel.
static LogicalResult configureKernel(KernelOp kernel,
                                     const TileProgramOptions &options) {
  std::string requested = options.chip;
  auto recorded = kernel->getAttrOfType<StringAttr>(kChipAttr);
  if (requested.empty())
    requested = recorded ? recorded.getValue().str() : "gfx942";
  llvm::Expected<const TargetInfo &> target = TargetInfo::lookup(requested);
  if (!target)
    return kernel.emitOpError() << llvm::toString(target.takeError());
  if (recorded && recorded.getValue() != target->chip())
    return kernel.emitOpError("records ")
           << kChipAttr << " = \"" << recorded.getValue()
           << "\" (it was tiled for that chip) but is compiled for "
           << target->chip()
           << ": compile it for its chip, or remove the attribute";
  Builder b(kernel.getContext());
  kernel->setAttr(kChipAttr, b.getStringAttr(target->chip()));
  if (kernel->hasAttr(kConfigAttr))
    return success(); // aiter-expand's, or the author's: theirs to choose

  // A program with one dot is tiled like a GEMM: its tile shape is in its
  // types, and waves, MFMA and pipelining depth are the chip's GEMM defaults
  // (the same call aiter-expand makes, so the values come from the target
  // table, not from here).
  SmallVector<DotOp> dots;
  kernel.walk([&](DotOp d) { dots.push_back(d); });
  if (dots.size() != 1)
    return success();
  std::optional<MatrixElementType> elt =
      getMatrixElementType(dots.front().getA().getType().getElementType());
  if (!elt)
    return success(); // the dot's verifier or the lowering says why
  llvm::Expected<GemmConfig> config = getGemmConfig("", *target, *elt);
  if (!config)
    return kernel.emitOpError("the default GEMM configuration of ")
           << target->chip()
           << " does not verify: " << llvm::toString(config.takeError());
  kernel->setAttr(
      kConfigAttr,
      b.getDictionaryAttr({
          b.getNamedAttr("waves", b.getI64IntegerAttr(config->waves)),
          b.getNamedAttr("mfma", b.getStringAttr(config->mfma.str())),
          b.getNamedAttr("stages", b.getI64IntegerAttr(config->stages)),
      }));
  return success();
}

LogicalResult
mlir::aiter::configureTilePrograms(ModuleOp module,
                                   const TileProgramOptions &options) {
  bool ok = true;
  for (KernelOp kernel : module.getOps<KernelOp>())
    ok &= succeeded(configureKernel(kernel, options));
  return success(ok);
}

FailureOr<OwningOpRef<ModuleOp>>
mlir::aiter::compileTileProgram(KernelOp kernel,
                                const TileProgramOptions &options) {
  // A copy in a module of its own: the other kernels of the file need not
  // compile, and the caller keeps the tile program (the reference evaluator
  // runs it).
  OwningOpRef<ModuleOp> module = ModuleOp::create(kernel.getLoc());
  module->getBody()->push_back(kernel->clone());
  if (failed(configureTilePrograms(*module, options)))
    return failure();
  ToGPUOptions toGPU;
  // The kernel's aiter.chip now says the chip; the option must agree with
  // it for the passes that read the option.
  toGPU.chip = (*module->getOps<KernelOp>().begin())
                   ->getAttrOfType<StringAttr>(kChipAttr)
                   .getValue()
                   .str();
  if (!options.chip.empty())
    toGPU.chip = options.chip;
  toGPU.variant = options.variant;
  toGPU.emitters = options.emitters;
  PassManager pm(kernel.getContext(), ModuleOp::getOperationName());
  buildTilesToGPUPipeline(pm, toGPU);
  if (failed(pm.run(*module)))
    return failure();

  // Every kernel is lowered or rejected by a lowering; a kernel left behind
  // would mean a lowering skipped it without a word.
  StringRef name = kernel.getSymName();
  gpu::GPUFuncOp func;
  for (auto gpuModule : module->getOps<gpu::GPUModuleOp>())
    for (auto f : gpuModule.getOps<gpu::GPUFuncOp>())
      if (f.getName() == name && f.isKernel())
        func = f;
  if (!module->getOps<KernelOp>().empty() || !func)
    return kernel.emitOpError("internal: the tiles-to-SIMT lowering left "
                              "no gpu.func @")
           << name;
  return module;
}
