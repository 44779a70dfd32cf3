//===- AiterDialect.h - aiter dialect ---------------------------*- C++ -*-===//
//
// Declares the aiter dialect, its enumerations and attributes.
//===----------------------------------------------------------------------===//

#ifndef AITER_DIALECT_AITER_IR_AITERDIALECT_H
#define AITER_DIALECT_AITER_IR_AITERDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/TensorEncoding.h"

#include "aiter/Layout/LinearLayout.h"

#include "aiter/Dialect/Aiter/IR/AiterDialect.h.inc"
#include "aiter/Dialect/Aiter/IR/AiterEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "aiter/Dialect/Aiter/IR/AiterAttrs.h.inc"

#endif // AITER_DIALECT_AITER_IR_AITERDIALECT_H
