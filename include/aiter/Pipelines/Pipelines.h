//===- Pipelines.h - aiter pass pipelines -----------------------*- C++ -*-===//
//
// C++ builders of the pass pipelines the JIT and the tools share, with typed
// options; registered for aiter-opt.
//===----------------------------------------------------------------------===//

#ifndef AITER_PIPELINES_PIPELINES_H
#define AITER_PIPELINES_PIPELINES_H

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

#include <string>

namespace mlir::aiter {

/// Options of the SIMT-kernel (layer 4) to LLVM dialect pipeline.
struct GPUToLLVMOptions : public PassPipelineOptions<GPUToLLVMOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip", llvm::cl::desc("target chip (gfx942 or gfx950)"),
      llvm::cl::init("gfx942")};
};

/// Options of the problem-op / tile-program to SIMT-kernel pipeline.
struct ToGPUOptions : public PassPipelineOptions<ToGPUOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip", llvm::cl::desc("target chip (gfx942 or gfx950)"),
      llvm::cl::init("gfx942")};
  PassOptions::Option<std::string> config{
      *this, "config",
      llvm::cl::desc("tile configuration overrides (see docs/passes.md)"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> variant{
      *this, "variant",
      llvm::cl::desc("aligned (16-byte aligned, unit-stride, < 2 GiB "
                     "tensors) or general"),
      llvm::cl::init("aligned")};
  PassOptions::Option<bool> emitters{
      *this, "emitters",
      llvm::cl::desc("compile the shipped GEMM and attention programs the "
                     "legacy emitters recognise with them (default); false: "
                     "with the general layer-3 compiler, like every other "
                     "tile program"),
      llvm::cl::init(true)};
};

/// Expands problem ops into tile programs (layer 1 -> 2) for the chip.
void buildExpandPipeline(OpPassManager &pm, const ToGPUOptions &opts);

/// Lowers tile programs to SIMT kernels in gpu.modules (layers 2 -> 4).
void buildTilesToGPUPipeline(OpPassManager &pm, const ToGPUOptions &opts);

/// Lowers every gpu.module of a builtin.module from upstream dialects
/// (gpu, amdgpu, vector, memref, scf, arith, math) to the LLVM and ROCDL
/// dialects, ready for translation to LLVM IR.
void buildGPUToLLVMPipeline(OpPassManager &pm, const GPUToLLVMOptions &opts);

/// Registers in `registry` every dialect, interface and extension the
/// pipelines need (the aiter dialect, the upstream dialects of SIMT kernels,
/// their conversions to LLVM and their translations to LLVM IR). Tools and
/// the JIT call this before parsing.
void registerCodegenDialects(DialectRegistry &registry);

/// Registers the pipelines above with the global pass registry
/// (`aiter-to-gpu`: problem ops to SIMT kernels; `aiter-gpu-to-llvm`).
void registerAiterPipelines();

} // namespace mlir::aiter

#endif // AITER_PIPELINES_PIPELINES_H
