//===- Passes.td - aiter dialect passes --------------------*- tablegen -*-===//
//
// Passes over the aiter dialect: aiter-expand turns problem ops (aiter.gemm,
// aiter.attention) into tile programs (aiter.kernel).
//===----------------------------------------------------------------------===//

#ifndef AITER_DIALECT_AITER_TRANSFORMS_PASSES_TD
#define AITER_DIALECT_AITER_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def AiterExpand : Pass<"aiter-expand", "ModuleOp"> {
  let summary = "Expand aiter.gemm / aiter.attention into aiter.kernel tile programs";
  let description = [{
    Replaces every `aiter.gemm` and `aiter.attention` problem op with an
    `aiter.kernel` tile program of the same symbol name. The tile
    configuration comes from the target table's defaults for `chip`, with
    `config` overrides applied; it is recorded on the kernel as the
    discardable attributes `aiter.chip` and `aiter.config` for the later
    lowering. The kernel ABIs and the config syntax are in docs/passes.md.

    ```mlir
    // aiter-opt --aiter-expand="chip=gfx950"
    aiter.gemm @g : bf16 -> bf16 trans_b
    ```
  }];
  let options = [
    Option<"chip", "chip", "std::string", /*default=*/"\"gfx942\"",
           "Target chip or full target id (gfx942, gfx950, "
           "e.g. gfx942:sramecc+:xnack-)">,
    Option<"config", "config", "std::string", /*default=*/"\"\"",
           "Tile configuration overrides, e.g. "
           "tile_m=128,tile_n=128,tile_k=64,waves=4,mfma=32x32x16,stages=2 "
           "(gemm) or block_m=128,block_n=64,waves=4,mfma=16x16x16,stages=1 "
           "(attention)">,
  ];
  let dependentDialects = [
    "::mlir::aiter::AiterDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
  ];
}

#endif // AITER_DIALECT_AITER_TRANSFORMS_PASSES_TD
