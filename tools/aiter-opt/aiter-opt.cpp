//===- aiter-opt.cpp - the aiter optimizer driver ---------------*- C++ -*-===//
//
// mlir-opt for aiter: the aiter dialect and passes plus every upstream
// dialect, pass and translation interface the lowering uses.
//===----------------------------------------------------------------------===//

#include "aiter/Dialect/Aiter/IR/AiterDialect.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();

  mlir::DialectRegistry registry;
  registry.insert<mlir::aiter::AiterDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "aiter optimizer driver\n", registry));
}
