//===- Report.h - static quality report of compiled kernels -----*- C++ -*-===//
//
// The `--report` of aiter-compile: resources from the code object's metadata
// and the instruction mix of each kernel's main loop from its assembly.
//===----------------------------------------------------------------------===//

#ifndef AITER_PIPELINES_REPORT_H
#define AITER_PIPELINES_REPORT_H

#include "aiter/Pipelines/CodeObject.h"
#include "llvm/ADT/StringRef.h"

#include <map>
#include <string>

namespace mlir::aiter {

/// The instruction mix of a kernel's main loop: the innermost loop of its
/// assembly that holds MFMAs, from its header label to its back-branch (the
/// definition of ../shared/reference/triton-3.6-hip.md, so figures compare).
struct LoopMix {
  bool found = false;
  unsigned instructions = 0; // s_, v_, ds_, buffer_, global_, flat_
  unsigned mfma = 0, valu = 0, salu = 0, lds = 0, global = 0, waitcnt = 0;
  unsigned globalLoads = 0, globalLoads128 = 0;
  unsigned mfmaCycles = 0;
  std::map<std::string, unsigned> mfmaKinds; // mnemonic -> count
  /// (instructions - mfma) / mfmaCycles; lower is better.
  double nonMfmaPerMfmaCycle() const {
    return mfmaCycles ? double(instructions - mfma) / mfmaCycles : 0.0;
  }
};

/// Issue cycles of an MFMA mnemonic as the reference figures count them
/// (16x16xK: 16, 32x32xK: 32, 4x4xK: 8); 0 when not an MFMA.
unsigned mfmaIssueCycles(llvm::StringRef mnemonic);

/// Analyses the main loop of `kernel` in an AMDGPU assembly listing.
LoopMix analyzeMainLoop(llvm::StringRef assembly, llvm::StringRef kernel);

/// One JSON object (a single line) describing a compiled kernel.
std::string formatKernelReport(const KernelInfo &kernel, llvm::StringRef chip,
                               unsigned occupancy, const LoopMix &loop);

} // namespace mlir::aiter

#endif // AITER_PIPELINES_REPORT_H
