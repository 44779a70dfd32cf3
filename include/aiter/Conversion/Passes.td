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

def LowerGemmToSIMT : Pass<"aiter-lower-gemm-to-simt", "ModuleOp"> {
  let summary = "Lower GEMM tile programs to SIMT kernels for a chip";
  let description = [{
    Replaces each `aiter.kernel` that is a GEMM tile program (a K loop
    accumulating `aiter.dot` of an A and a B tile, then a store; the shape
    `aiter-expand` produces) with a `gpu.module` of the same name holding
    one `gpu.func` kernel for the chip, launched with one workgroup per
    output tile (grid = [ceil(M / tile_m), ceil(N / tile_n), 1]) of
    `waves * 64` threads.

    Layouts: A and B tiles move global -> registers in 128-bit chunks
    (consecutive threads, consecutive chunks), then into LDS K-contiguous
    with rows padded by one MFMA operand width (bank-conflict-free operand
    reads); waves tile the output 2 x (waves / 2); each wave reads MFMA
    operands from LDS in the instruction's lane layout and accumulates in
    the MFMA D layout. The global loads of the next K tile are issued before
    the MFMAs of the current one. The ragged last K tile runs after the loop
    with masked loads; stores are clipped to M x N.

    Variants: `aligned` (base pointers 16-byte aligned, unit stride and a
    leading stride divisible by 8 elements, tensors under 2 GiB) reads
    through buffer resources with 128-bit loads; `general` reads each
    element with clamped indices and takes any strides.

    Tile programs of another shape are an error naming what differs.
  }];
  let options = [
    Option<"chip", "chip", "std::string", "\"gfx942\"",
           "target chip when the kernel has no aiter.chip attribute">,
    Option<"variant", "variant", "std::string", "\"aligned\"",
           "aligned | general">,
  ];
  let dependentDialects = [
    "::mlir::amdgpu::AMDGPUDialect", "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect", "::mlir::memref::MemRefDialect",
    "::mlir::ROCDL::ROCDLDialect", "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
}

#endif // AITER_CONVERSION_PASSES_TD
