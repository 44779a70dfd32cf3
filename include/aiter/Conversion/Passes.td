//===- Passes.td - aiter conversion passes -----------------*- tablegen -*-===//
//
// Conversions between levels of the aiter pipeline and into the upstream
// dialects the AMDGPU backend path consumes.
//===----------------------------------------------------------------------===//

#ifndef AITER_CONVERSION_PASSES_TD
#define AITER_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def LaunchDimsToImplicitArgs
    : Pass<"aiter-launch-dims-to-implicit-args", "gpu::GPUModuleOp"> {
  let summary = "Read gpu.block_dim / gpu.grid_dim from the HSA implicit "
                "kernel arguments";
  let description = [{
    Upstream's ROCDL lowering turns `gpu.block_dim` and `gpu.grid_dim` into
    calls to ROCm device-library functions (`__ockl_get_local_size`, ...),
    which an in-process JIT without a ROCm install cannot link. This pass
    replaces them first:

    - with a constant when the enclosing `gpu.func` declares
      `known_block_size` / `known_grid_size`;
    - otherwise with a load from the code-object-v5 implicit arguments
      (`hidden_group_size_{x,y,z}`: u16 at offsets 12/14/16,
      `hidden_block_count_{x,y,z}`: u32 at offsets 0/4/8), through
      `llvm.amdgcn.implicitarg.ptr`.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // AITER_CONVERSION_PASSES_TD
