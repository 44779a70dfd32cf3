//===- AiterAttrs.td - aiter dialect attributes ------------*- tablegen -*-===//
//
// Enumerations used by aiter ops: reduction kinds and attention tensor
// layouts.
//===----------------------------------------------------------------------===//

#ifndef AITER_DIALECT_AITER_IR_AITERATTRS_TD
#define AITER_DIALECT_AITER_IR_AITERATTRS_TD

include "aiter/Dialect/Aiter/IR/AiterDialect.td"
include "mlir/IR/EnumAttr.td"

// Plain integer-backed enums: they print as bare keywords inside op syntax.

def Aiter_ReduceKind : I32EnumAttr<"ReduceKind", "tile reduction kind", [
    I32EnumAttrCase<"max", 0>,
    I32EnumAttrCase<"min", 1>,
    I32EnumAttrCase<"sum", 2>,
  ]> {
  let cppNamespace = "::mlir::aiter";
}

def Aiter_AttentionLayout : I32EnumAttr<"AttentionLayout",
    "order of the dimensions of the attention tensors", [
    I32EnumAttrCase<"bshd", 0>,
    I32EnumAttrCase<"bhsd", 1>,
  ]> {
  let cppNamespace = "::mlir::aiter";
}

#endif // AITER_DIALECT_AITER_IR_AITERATTRS_TD
