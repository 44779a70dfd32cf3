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

def SCFToCFWithHints : Pass<"aiter-scf-to-cf", "gpu::GPUModuleOp"> {
  let summary = "Lower scf to cf, with branch weights for aiter.likely ifs";
  let description = [{
    Upstream's `convert-scf-to-cf`, and then a `branch_weights` of 1000:1 on
    the conditional branch of every `scf.if` marked `aiter.likely` (the
    tile lowering marks the uniform "whole tile inside the memref" branch of
    its loads and stores), so that LLVM lays the edge-tile path out of the
    loop. A hint only: the branch means the same.
  }];
  let dependentDialects = ["::mlir::cf::ControlFlowDialect"];
}

def SinkLdsReads : Pass<"aiter-sink-lds-reads", "ModuleOp"> {
  let summary = "Move LDS reads of SIMT kernels down to their first use";
  let description = [{
    The tile lowering reads a converted tile from LDS where the conversion
    stands, all of it: an MFMA operand of a 128 x 128 bf16 tile that each
    wave reads whole (attention's K and V) is 128 VGPRs per lane before the
    first MFMA issues. This pass moves each LDS read (vector.load,
    memref.load or amdgpu.transpose_load of workgroup memory) and the pure
    register moves between it and its users (vector.extract,
    vector.from_elements, vector.shuffle) down to just before the first op of
    the same block that uses them, past no barrier and no op that may write
    memory. The dot lowering issues its MFMAs K step by K step, so each
    step's operands are then read just before it: registers live for one
    step, not the whole tile. Semantics are unchanged (the memory the reads
    see is the same).
  }];
}

def MathToIntrinsics : Pass<"aiter-math-to-intrinsics", "gpu::GPUModuleOp"> {
  let summary = "Rewrite f32 math ops into AMDGPU intrinsics before ROCDL";
  let description = [{
    Upstream's ROCDL lowering turns `math.exp2`, `math.tanh`, `math.rsqrt`,
    ... into calls to ROCm's device library (`__ocml_exp2_f32`, ...), which
    an in-process JIT without a ROCm install cannot link. This pass rewrites
    the f32 math ops our kernels use first, to the hardware's transcendental
    instructions: exp2 -> `rocdl.exp2` (v_exp_f32), log2 -> `rocdl.log`
    (v_log_f32), sqrt -> `rocdl.sqrt`, exp and log through them with a
    log2(e) / ln(2) factor, rsqrt -> `rocdl.rcp` of the sqrt, and tanh ->
    `1 - 2 rcp(exp2(2 log2(e) x) + 1)`. Vectors are unrolled (the
    intrinsics are scalar). These instructions do not handle denormal
    inputs/outputs as the device library does; softmax and LSE do not need
    it.
  }];
  let dependentDialects = ["::mlir::ROCDL::ROCDLDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::vector::VectorDialect"];
}

def LowerAttentionToSIMT
    : Pass<"aiter-lower-attention-to-simt", "ModuleOp"> {
  let summary = "Lower attention tile programs to SIMT kernels for a chip";
  let description = [{
    Replaces each `aiter.kernel` that aiter-expand made from an
    `aiter.attention` (it carries the `aiter.attention` specification and
    `aiter.config`) with a `gpu.module` holding one flash-attention-2 forward
    `gpu.func`: grid = [ceil(seq_q / block_m), batch * heads_q, 1], blocks of
    `waves * 64` threads, each wave owning 32 query rows.

    The kernel is emitted from the specification, not by lowering the tile
    program op by op (that general lowering does not exist yet); the tile
    program states the same computation and is checked against references
    by test/Target/expand-numerics.test.

    Layouts: scores are computed transposed, S^T = K Q^T, with 32x32 MFMAs:
    a lane then holds the scores of one query, so row max and row sum need
    one cross-lane step (lane ^ 32), and the S^T accumulator is already the
    B operand layout of O^T += V^T P^T (keys permuted consistently with the
    A operand), so P never goes through LDS. Q stays in registers; K is
    staged in LDS as [key][d], V as [key][d] read with LDS transpose reads
    on gfx950 and transposed into [d][key] elsewhere; the next block's
    global loads are issued before the current block's MFMAs. Online
    softmax in f32 with exp2 and log2(e) folded into the scale; masks only
    on blocks that straddle seq_k or a window edge; blocks outside the
    window are never visited; rows with no visible key give 0 and -inf LSE.
  }];
  let options = [
    Option<"onlyMatching", "only-matching", "bool", /*default=*/"false",
           "leave kernels whose body or attributes differ from what "
           "aiter-expand generated (for aiter-lower-tiles-to-simt) instead "
           "of rejecting them">,
    Option<"chip", "chip", "std::string", "\"gfx942\"",
           "target chip when the kernel has no aiter.chip attribute">,
    Option<"variant", "variant", "std::string", "\"aligned\"",
           "aligned | general">,
  ];
  let dependentDialects = [
    "::mlir::amdgpu::AMDGPUDialect", "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect", "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect", "::mlir::ROCDL::ROCDLDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
  ];
}

def LowerTilesToSIMT : Pass<"aiter-lower-tiles-to-simt", "ModuleOp"> {
  let summary = "Lower layout-assigned tile programs op by op to SIMT kernels";
  let description = [{
    The general layer-3 lowering: replaces each `aiter.kernel` whose tiles
    carry `#aiter.linear` layouts (aiter-assign-layouts' output) with a
    `gpu.module` of the same name holding one `gpu.func` of `waves * 64`
    threads (waves from the layouts), one workgroup per program id.
    Every op lowers by its own pattern, whatever program it is in: a tile
    becomes one vector of its registers per thread; elementwise arith/math
    ops apply to those vectors; aiter.load/store access the elements each
    thread holds, clipped to the memref (aligned variant: a bounds-checked
    buffer resource and vectors of up to 16 bytes along the unit-stride
    dimension; general: each element under its own condition); aiter.dot
    becomes amdgpu.mfma of the instruction in `aiter.mfma`; aiter.reduce
    combines registers, then lanes (gpu.shuffle xor), then waves (LDS);
    aiter.convert_layout and broadcasts rename registers when the data is
    already in its lane and go through LDS otherwise; scf.for/if carry
    the vectors. docs/passes.md describes each case.

    An op without a pattern, or a layout a pattern cannot lower, is an error
    at that op.
  }];
  let options = [
    Option<"chip", "chip", "std::string", "\"gfx942\"",
           "target chip when the kernel has no aiter.chip attribute">,
    Option<"variant", "variant", "std::string", "\"aligned\"",
           "aligned | general">,
  ];
  let dependentDialects = [
    "::mlir::amdgpu::AMDGPUDialect", "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect", "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect", "::mlir::ROCDL::ROCDLDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
  ];
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
    (consecutive threads, consecutive chunks), then into unpadded
    K-contiguous LDS tiles whose 16-byte chunks are XOR-permuted within each
    LDS bank line by a function of the row block; row-contiguous operands
    (B in NN, A when transposed) are, on chips with LDS transpose reads
    (gfx950), stored as they are into K x rows tiles (chunks XOR-permuted by
    K row for the banks) and read back with ds_read_b64_tr_b16, and otherwise
    loaded as 4
    chunks at 4 consecutive k of 8 rows, transposed in registers and
    written with 64-bit stores. Waves tile the output 2 x (waves / 2); each
    lane reads whole 16-byte chunks of its MFMA row (the same K permutation
    for A and B), the rows of a read phase spread over 8 row blocks so that
    stores and reads are free of bank conflicts, and accumulates in the MFMA
    D layout. One loop runs over the K tiles, the ragged one first (loaded
    with masks before the loop): the global loads of the next tile are
    issued before the MFMAs of the current one, and the operand reads of
    the next MFMA step before the MFMAs of the current step. Stores are
    clipped to M x N.

    Variants: `aligned` (base pointers 16-byte aligned, unit stride and a
    leading stride divisible by 8 elements, tensors under 2 GiB) reads
    through buffer resources with 128-bit loads; `general` reads each
    element with clamped indices and takes any strides.

    Tile programs of another shape are an error naming what differs.
  }];
  let options = [
    Option<"onlyMatching", "only-matching", "bool", /*default=*/"false",
           "leave kernels that are not GEMM programs of this emitter's "
           "shape (for aiter-lower-tiles-to-simt) instead of rejecting them">,
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
