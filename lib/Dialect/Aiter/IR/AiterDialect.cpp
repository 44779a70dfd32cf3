//===- AiterDialect.cpp - aiter dialect -------------------------*- C++ -*-===//
//
// Registers the aiter dialect's operations and materializes
// folded constants as arith.constant.
//===----------------------------------------------------------------------===//

#include "aiter/Dialect/Aiter/IR/AiterDialect.h"
#include "aiter/Dialect/Aiter/IR/AiterOps.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::aiter;

#include "aiter/Dialect/Aiter/IR/AiterDialect.cpp.inc"
#include "aiter/Dialect/Aiter/IR/AiterEnums.cpp.inc"

void AiterDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "aiter/Dialect/Aiter/IR/AiterOps.cpp.inc"
      >();
  registerAttributes();
}

Operation *AiterDialect::materializeConstant(OpBuilder &builder,
                                             Attribute value, Type type,
                                             Location loc) {
  if (auto typed = dyn_cast<TypedAttr>(value))
    if (arith::ConstantOp::isBuildableWith(typed, type))
      return arith::ConstantOp::create(builder, loc, type, typed);
  return nullptr;
}
