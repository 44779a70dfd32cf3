//===- aiter-opt.cpp - the aiter optimizer driver ---------------*- C++ -*-===//
//
// mlir-opt for aiter: the aiter dialect and passes plus every upstream
// dialect, pass and translation interface the lowering uses.
//===----------------------------------------------------------------------===//

#include "aiter/Dialect/Aiter/IR/AiterDialect.h"
#include "aiter/Conversion/Passes.h"
#include "aiter/Dialect/Aiter/Transforms/Passes.h"
#include "aiter/Pipelines/Pipelines.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::aiter::registerAiterPasses();
  mlir::aiter::registerAiterConversionPasses();
  mlir::aiter::registerAiterPipelines();

  mlir::DialectRegistry registry;
  mlir::aiter::registerCodegenDialects(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "aiter optimizer driver\n", registry));
}
