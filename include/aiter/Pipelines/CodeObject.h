//===- CodeObject.h - AMDGPU code object metadata ---------------*- C++ -*-===//
//
// Reads the kernel descriptors' metadata (the NT_AMDGPU_METADATA note) of a
// code object: resources for reports and kernel arguments for launches.
//===----------------------------------------------------------------------===//

#ifndef AITER_PIPELINES_CODEOBJECT_H
#define AITER_PIPELINES_CODEOBJECT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::aiter {

/// One kernel argument as the code object describes it.
struct KernelArgInfo {
  std::string name;       // may be empty
  std::string valueKind;  // by_value, global_buffer, hidden_block_count_x, ...
  uint32_t offset = 0;
  uint32_t size = 0;
};

/// What a code object says about one kernel.
struct KernelInfo {
  std::string name;
  std::string symbol; // the kernel descriptor symbol (name.kd)
  uint32_t vgprCount = 0, agprCount = 0, sgprCount = 0;
  uint32_t vgprSpillCount = 0, sgprSpillCount = 0;
  uint32_t groupSegmentSize = 0;   // static LDS bytes
  uint32_t privateSegmentSize = 0; // scratch bytes per lane
  uint32_t kernargSegmentSize = 0, kernargSegmentAlign = 0;
  uint32_t wavefrontSize = 0, maxFlatWorkgroupSize = 0;
  std::vector<KernelArgInfo> args;
};

struct CodeObjectInfo {
  std::string target; // e.g. "amdgcn-amd-amdhsa--gfx942"
  unsigned codeObjectVersion = 0; // 5 for amdhsa.version [1, 2]
  std::vector<KernelInfo> kernels;
};

/// Parses an HSACO. Corrupt or foreign input is an error, never a crash.
llvm::Expected<CodeObjectInfo> readCodeObjectInfo(llvm::ArrayRef<char> hsaco);

} // namespace mlir::aiter

#endif // AITER_PIPELINES_CODEOBJECT_H
