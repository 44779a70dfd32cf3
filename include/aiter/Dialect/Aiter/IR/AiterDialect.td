//===- AiterDialect.td - aiter dialect definition ----------*- tablegen -*-===//
//
// The aiter dialect: problem specifications (GEMM, attention) and the tile
// programs they expand into. See docs/Dialect/Aiter.md for the rationale.
//===----------------------------------------------------------------------===//

#ifndef AITER_DIALECT_AITER_IR_AITERDIALECT_TD
#define AITER_DIALECT_AITER_IR_AITERDIALECT_TD

include "mlir/IR/OpBase.td"

def Aiter_Dialect : Dialect {
  let name = "aiter";
  let cppNamespace = "::mlir::aiter";
  let summary = "Attention and GEMM tile programs for AMD Instinct GPUs";
  let description = [{
    The aiter dialect has two levels of abstraction.

    *Problem ops* (`aiter.gemm`, `aiter.attention`) are kernel specifications:
    dtypes, transposes, head dims and masking flags, but no sizes. Sizes are
    runtime kernel arguments, so one compiled kernel serves every size.

    *Tile programs* (`aiter.kernel` and the ops used inside it) are
    target-independent kernels over value-semantic tiles (builtin ranked
    tensors): one program instance computes one output tile. Elementwise work
    uses upstream `arith`/`math` on tensors and control flow uses `scf`.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
  ];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

class Aiter_Op<string mnemonic, list<Trait> traits = []>
    : Op<Aiter_Dialect, mnemonic, traits>;

#endif // AITER_DIALECT_AITER_IR_AITERDIALECT_TD
