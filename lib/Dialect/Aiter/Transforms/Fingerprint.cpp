//===- Fingerprint.cpp - what a tile program computes, as a hash ----------===//
//
// The canonical form of a kernel, printed without locations and hashed: the
// check that a spec-driven lowering compiles the body it was given.
//===----------------------------------------------------------------------===//

#include "aiter/Dialect/Aiter/Transforms/Fingerprint.h"

#include "mlir/IR/OperationSupport.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"

using namespace mlir;

std::string mlir::aiter::kernelFingerprint(KernelOp kernel,
                                           ArrayRef<StringRef> attrs) {
  MLIRContext *ctx = kernel.getContext();
  // The canonicalizer pass's pattern set, applied to a copy.
  RewritePatternSet patterns(ctx);
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
  FrozenRewritePatternSet frozen(std::move(patterns));
  OwningOpRef<KernelOp> copy(kernel.clone());
  (void)applyPatternsGreedily(copy->getBody(), frozen);

  std::string text;
  llvm::raw_string_ostream os(text);
  os << copy->getFunctionType() << "\n";
  for (StringRef name : attrs)
    if (Attribute a = copy->getOperation()->getAttr(name))
      os << name << " = " << a << "\n";
  OpPrintingFlags flags;
  flags.printGenericOpForm().useLocalScope();
  for (Operation &op : copy->getBody().front()) {
    op.print(os, flags);
    os << "\n";
  }
  return llvm::utohexstr(llvm::xxh3_64bits(text), /*LowerCase=*/true);
}
