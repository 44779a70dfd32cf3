//===- Compile.h - one-call kernel compilation for the JIT ------*- C++ -*-===//
//
// Compiles a kernel specification (aiter.gemm / aiter.attention) through every
// layer to a code object plus the SIMT IR the emulator runs, in one call.
//===----------------------------------------------------------------------===//

#ifndef AITER_PIPELINES_COMPILE_H
#define AITER_PIPELINES_COMPILE_H

#include "aiter/Pipelines/Binary.h"
#include "aiter/Pipelines/CodeObject.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir {
class MLIRContext;
namespace gpu {
class GPUModuleOp;
} // namespace gpu
} // namespace mlir

namespace mlir::aiter {

struct CompileOptions {
  std::string chip = "gfx942";     ///< chip or full target id
  std::string config;              ///< tile configuration overrides
  std::string variant = "aligned"; ///< aligned | general
  unsigned optLevel = 3;
  bool emitAssembly = false;
  /// false: the shipped programs too go through the general compiler (for
  /// comparing it with the legacy emitters; the JIT always uses the default).
  bool emitters = true;
};

/// How a compiled kernel is launched. GEMM: grid = [ceil(M / tileM),
/// ceil(N / tileN), 1]; attention: grid = [ceil(seq_q / tileM),
/// batch * heads_q, 1]. Blocks are `threads` x 1 x 1.
struct LaunchGeometry {
  enum class Kind { Gemm, Attention } kind = Kind::Gemm;
  int64_t tileM = 0, tileN = 0;
  unsigned threads = 0;
};

struct CompiledKernel {
  std::string name;    ///< the kernel symbol
  std::string chip;    ///< e.g. gfx942
  std::string variant; ///< aligned | general
  std::vector<char> codeObject;
  std::string simtIR;   ///< the gpu.module, for the emulator device
  std::string assembly; ///< with CompileOptions::emitAssembly
  KernelInfo info;      ///< from the code object's metadata
  LaunchGeometry launch;
};

/// Why compileProblem failed, so callers can map failures to statuses
/// without reading the message.
enum class CompileErrorKind {
  /// The source is not valid MLIR text.
  InvalidSpec,
  /// A well-formed problem the compiler does not support: the problem op's
  /// verifier rejected it (dtype, head dim, ...).
  Unsupported,
  /// The chip or target id is not one of the target table's (malformed,
  /// unknown, or a chip aiter does not build for).
  InvalidTarget,
  /// The tile configuration overrides are malformed or do not fit the chip.
  InvalidConfig,
  /// Lowering or code generation failed.
  Compile,
};

/// The error compileProblem returns: a kind and the diagnostics.
class CompileError : public llvm::ErrorInfo<CompileError> {
public:
  static char ID;
  CompileError(CompileErrorKind kind, std::string message)
      : kind(kind), message(std::move(message)) {}
  void log(llvm::raw_ostream &os) const override { os << message; }
  std::error_code convertToErrorCode() const override {
    return llvm::inconvertibleErrorCode();
  }
  CompileErrorKind kind;
  std::string message;
};

/// Consumes an error of compileProblem: its kind (Compile for errors that are
/// not CompileErrors) and message.
std::pair<CompileErrorKind, std::string> takeCompileError(llvm::Error error);

/// Compiles the single problem op in `source` (MLIR text holding one
/// aiter.gemm or aiter.attention). Thread-safe: each call has its own
/// MLIRContext. Errors are CompileErrors carrying the compiler's diagnostics.
llvm::Expected<CompiledKernel> compileProblem(llvm::StringRef source,
                                              const CompileOptions &options);

/// Lowers one SIMT gpu.module (layer 4) to the LLVM dialect for `chip` and
/// compiles it to a code object (on a copy; `module` is unchanged).
llvm::Expected<BinaryResult> compileGPUModule(gpu::GPUModuleOp module,
                                              llvm::StringRef chip,
                                              const BinaryOptions &options);

} // namespace mlir::aiter

#endif // AITER_PIPELINES_COMPILE_H
