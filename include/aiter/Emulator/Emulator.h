//===- Emulator.h - CPU emulator for gfx942/gfx950 SIMT kernels -*- C++ -*-===//
//
// Runs layer-4 `gpu.func` kernels on host buffers with AMD wave64 semantics and
// reports out-of-bounds accesses, LDS races and exec-mask misuse as errors.
//
//===----------------------------------------------------------------------===//

#ifndef AITER_EMULATOR_EMULATOR_H
#define AITER_EMULATOR_EMULATOR_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <string>

namespace aiter {
namespace emu {

/// Element types a kernel argument (buffer or scalar) may have.
enum class ElemType : uint8_t {
  I1,
  I8,
  I16,
  I32,
  I64,
  Index,
  F16,
  BF16,
  F32,
  F64,
  F8E4M3FNUZ,
  F8E5M2FNUZ,
  F8E4M3FN,
  F8E5M2,
};

/// Bytes one element of \p t occupies in a host buffer (i1 takes a byte).
unsigned elemBytes(ElemType t);
/// The MLIR spelling ("f32", "bf16", "index", ...).
llvm::StringRef elemTypeName(ElemType t);
/// Parses an MLIR element type spelling; returns false when unknown.
bool parseElemType(llvm::StringRef s, ElemType &out);
/// True for the floating-point element types.
inline bool isFloatElem(ElemType t) { return t >= ElemType::F16; }

/// One kernel argument. A buffer argument is a strided view (in elements) of
/// host memory the caller owns; `bytes` is the extent the emulator checks
/// global accesses against. A scalar argument holds its value bits.
struct KernelArg {
  bool isBuffer = false;
  ElemType elem = ElemType::F32;
  // Buffer.
  void *data = nullptr;
  int64_t bytes = 0;
  llvm::SmallVector<int64_t, 4> shape;
  llvm::SmallVector<int64_t, 4> strides; // empty = row-major contiguous
  int64_t offset = 0;                    // in elements
  // Scalar (integers zero-extended, floats as their bit pattern).
  uint64_t scalarBits = 0;

  static KernelArg buffer(void *data, int64_t bytes, ElemType elem,
                          llvm::ArrayRef<int64_t> shape);
  static KernelArg scalar(ElemType elem, uint64_t bits);
};

struct LaunchConfig {
  std::array<int64_t, 3> grid{1, 1, 1};
  std::array<int64_t, 3> block{64, 1, 1};
  /// Host threads running workgroups in parallel; 0 = hardware concurrency.
  unsigned threads = 0;
  /// A wave executing more instructions than this fails (catches kernels
  /// that never terminate); 0 = no limit.
  uint64_t maxWaveInstructions = uint64_t(1) << 32;
};

/// What a launch executed. Instruction counts are per wave (one count per
/// wave-wide instruction); laneInstructions counts active lanes.
struct EmulatorStats {
  uint64_t mfma = 0, valu = 0, salu = 0, lds = 0, global = 0, branch = 0,
           other = 0;
  uint64_t laneInstructions = 0;
  uint64_t ldsBankConflictCycles = 0; ///< extra LDS cycles from conflicts
  uint64_t ldsAccessCycles = 0;       ///< LDS cycles without conflicts
  uint64_t globalBytesRead = 0, globalBytesWritten = 0;
  uint64_t workgroups = 0, waves = 0;
  uint64_t ldsBytes = 0; ///< workgroup memory allocated per workgroup
  std::string chip;
  /// Per argument: whether the kernel stored to it.
  llvm::SmallVector<bool, 8> argWritten;

  uint64_t totalInstructions() const {
    return mfma + valu + salu + lds + global + branch + other;
  }
  /// One JSON line (no trailing newline).
  std::string toJson() const;
  /// A readable table.
  std::string toTable() const;
};

//===----------------------------------------------------------------------===//
// Shared with the tile-program evaluator (lib/Reference): both devices take the
// same arguments, decode elements the same way and format errors alike.
//===----------------------------------------------------------------------===//

/// The ElemType of a scalar MLIR type; false when the type has none.
bool elemTypeOf(mlir::Type t, ElemType &out);
/// APFloat's semantics of float type \p t (the integer types have none).
const llvm::fltSemantics &floatSemantics(ElemType t);
/// The value of a float element of type \p t from its bits (exact in double).
double floatFromBits(ElemType t, uint64_t bits);
/// \p d rounded to float type \p t (nearest even, denormals kept, NaN stays
/// NaN), as bits.
uint64_t floatToBits(ElemType t, double d);
/// "file:line:col: error: msg ('op.name')", the form of every error the
/// emulator returns.
std::string formatOpError(mlir::Operation *op, const llvm::Twine &msg);
/// Checks \p args against a kernel's argument types (count; buffer or scalar;
/// element type; rank; static sizes and static strides) and returns them with
/// strides and offset filled in where the caller gave none: the memref type's
/// static layout, dynamic strides as a dense row-major array (what a .npy
/// file or a contiguous tensor holds). Errors are at \p kernel's location.
llvm::Expected<llvm::SmallVector<KernelArg, 8>>
bindKernelArgs(mlir::Operation *kernel, llvm::ArrayRef<mlir::Type> argTypes,
               llvm::ArrayRef<KernelArg> args);

/// Runs kernel \p kernel found in \p module (a gpu.module, or a builtin module
/// holding one). Arguments are matched against the kernel signature.
/// Errors (unsupported op, out-of-bounds, race, ...) carry the op location.
llvm::Expected<EmulatorStats> runKernel(mlir::Operation *module,
                                        llvm::StringRef kernel,
                                        const LaunchConfig &config,
                                        llvm::MutableArrayRef<KernelArg> args);

} // namespace emu
} // namespace aiter

#endif // AITER_EMULATOR_EMULATOR_H
