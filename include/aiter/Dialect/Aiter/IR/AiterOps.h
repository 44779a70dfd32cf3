//===- AiterOps.h - aiter dialect operations --------------------*- C++ -*-===//
//
// Declares the aiter problem ops and tile-program ops generated from
// AiterOps.td.
//===----------------------------------------------------------------------===//

#ifndef AITER_DIALECT_AITER_IR_AITEROPS_H
#define AITER_DIALECT_AITER_IR_AITEROPS_H

#include "aiter/Dialect/Aiter/IR/AiterDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "aiter/Dialect/Aiter/IR/AiterOps.h.inc"

#endif // AITER_DIALECT_AITER_IR_AITEROPS_H
