//===- Pipelines.cpp - aiter pass pipelines ---------------------*- C++ -*-===//
//
// Builders of the pipelines shared by aiter-opt, aiter-compile and the JIT:
// SIMT kernels in upstream dialects down to the LLVM/ROCDL dialects.
//===----------------------------------------------------------------------===//

#include "aiter/Pipelines/Pipelines.h"

#include "aiter/Conversion/Passes.h"
#include "aiter/Dialect/Aiter/IR/AiterDialect.h"
#include "aiter/Dialect/Aiter/IR/AiterOps.h"
#include "aiter/Dialect/Aiter/Transforms/Passes.h"
#include "mlir/Conversion/GPUToROCDL/GPUToROCDLPass.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void aiter::buildExpandPipeline(OpPassManager &pm, const ToGPUOptions &opts) {
  AiterExpandOptions expand;
  expand.chip = opts.chip;
  expand.config = opts.config;
  pm.addPass(createAiterExpand(expand));
  pm.addPass(createCanonicalizerPass());
}

void aiter::buildTilesToGPUPipeline(OpPassManager &pm,
                                    const ToGPUOptions &opts) {
  if (opts.emitters) {
    LowerAttentionToSIMTOptions attention;
    attention.chip = opts.chip;
    attention.variant = opts.variant;
    attention.onlyMatching = true;
    pm.addPass(createLowerAttentionToSIMT(attention));
    LowerGemmToSIMTOptions lower;
    lower.chip = opts.chip;
    lower.variant = opts.variant;
    lower.onlyMatching = true;
    pm.addPass(createLowerGemmToSIMT(lower));
  }
  // Every other tile program: the general layer-3 compiler.
  AiterAssignLayoutsOptions assign;
  assign.chip = opts.chip;
  pm.addPass(createAiterAssignLayouts(assign));
  // Loads of the next loop iteration issued during the current one.
  pm.addPass(createAiterPipelineLoads());
  // Loops split where their moving tiles are all inside: no bounds tests in
  // the main part.
  pm.addPass(createAiterSplitWholeIterations());
  // Conversions of loop-invariant tiles (attention's Q operand) run once,
  // before the loop, not in every iteration.
  // (On the tile programs only: the emitters' kernels are left as emitted.)
  pm.nest<KernelOp>().addPass(createLoopInvariantCodeMotionPass());
  LowerTilesToSIMTOptions tiles;
  tiles.chip = opts.chip;
  tiles.variant = opts.variant;
  pm.addPass(createLowerTilesToSIMT(tiles));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Each MFMA step's operands read from LDS just before it (after CSE,
  // which would merge the moved reads' address computations back up).
  pm.addPass(createSinkLdsReads());
}

void aiter::buildGPUToLLVMPipeline(OpPassManager &pm,
                                   const GPUToLLVMOptions &opts) {
  OpPassManager &gpu = pm.nest<gpu::GPUModuleOp>();
  gpu.addPass(createLowerAffinePass());
  gpu.addPass(createSCFToCFWithHints());
  // Before the ROCDL conversion, which would call the device library.
  gpu.addPass(createLaunchDimsToImplicitArgs());
  gpu.addPass(createMathToIntrinsics());
  ConvertGpuOpsToROCDLOpsOptions rocdl;
  rocdl.chipset = opts.chip;
  rocdl.runtime = gpu::amd::Runtime::HIP;
  gpu.addPass(createConvertGpuOpsToROCDLOps(rocdl));
  gpu.addPass(createReconcileUnrealizedCastsPass());
  gpu.addPass(createCanonicalizerPass());
  gpu.addPass(createCSEPass());
}

void aiter::registerCodegenDialects(DialectRegistry &registry) {
  registry.insert<AiterDialect>();
  // The GPU-to-ROCDL conversion finds the patterns of arith, cf, memref,
  // vector, ... through their ConvertToLLVM interfaces, which the extensions
  // register; without them it leaves those ops behind.
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
}

void aiter::registerAiterPipelines() {
  PassPipelineRegistration<ToGPUOptions>(
      "aiter-to-gpu",
      "Expand aiter.gemm / aiter.attention and lower the tile programs to "
      "SIMT kernels (gpu.module) for a chip",
      [](OpPassManager &pm, const ToGPUOptions &opts) {
        buildExpandPipeline(pm, opts);
        buildTilesToGPUPipeline(pm, opts);
      });
  PassPipelineRegistration<GPUToLLVMOptions>(
      "aiter-gpu-to-llvm",
      "Lower gpu.module SIMT kernels (gpu, amdgpu, vector, memref, scf, arith, "
      "math) to the LLVM and ROCDL dialects",
      buildGPUToLLVMPipeline);
}
