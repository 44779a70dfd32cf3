//===- Internal.h - emulator internal representation ------------*- C++ -*-===//
//
// The compiled form of a gpu.func (slots, instructions, blocks) shared by the
// compiler (Compile.cpp) and the wave interpreter (Interpreter.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef AITER_LIB_EMULATOR_INTERNAL_H
#define AITER_LIB_EMULATOR_INTERNAL_H

#include "aiter/Emulator/Emulator.h"
#include "aiter/Target/TargetInfo.h"

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <vector>

namespace aiter {
namespace emu {
namespace detail {

enum class Space : uint8_t { Global, Workgroup, Private, FatBuffer };

/// Static description of one SSA value.
struct SlotInfo {
  bool isMem = false;
  ElemType ek = ElemType::I32;
  unsigned n = 1;                      // elements per lane
  llvm::SmallVector<int64_t, 2> shape; // vector shape (empty for scalars)
  unsigned rank = 0;                   // memref rank
  Space space = Space::Global;         // memref memory space
};

enum Opc : uint16_t {
  // constants and ids
  OConst,
  OThreadId,
  OBlockId,
  OBlockDim,
  OGridDim,
  OLaneId,
  OSubgroupId,
  ONumSubgroups,
  OSubgroupSize,
  // integer binary
  OAddI,
  OSubI,
  OMulI,
  ODivSI,
  ODivUI,
  ORemSI,
  ORemUI,
  OCeilDivSI,
  OCeilDivUI,
  OFloorDivSI,
  OAndI,
  OOrI,
  OXOrI,
  OShLI,
  OShRSI,
  OShRUI,
  OMaxSI,
  OMinSI,
  OMaxUI,
  OMinUI,
  // float binary
  OAddF,
  OSubF,
  OMulF,
  ODivF,
  ORemF,
  OMaximumF,
  OMinimumF,
  OMaxNumF,
  OMinNumF,
  OPowF,
  OAtan2,
  OCopySign,
  // float unary
  ONegF,
  OAbsF,
  OSqrt,
  ORsqrt,
  OExp,
  OExp2,
  OExpM1,
  OLog,
  OLog2,
  OLog10,
  OLog1p,
  OTanh,
  OSin,
  OCos,
  OTan,
  OAtan,
  OErf,
  OFloor,
  OCeil,
  ORound,
  ORoundEven,
  OTrunc,
  OCbrt,
  // integer unary
  OAbsI,
  OCtPop,
  OCtlz,
  OCttz,
  // ternary
  OFma,
  OSelect,
  // compare (imm = predicate)
  OCmpI,
  OCmpF,
  // casts
  OExtSI,
  OExtUI,
  OTruncI,
  OExtF,
  OTruncF,
  OSIToFP,
  OUIToFP,
  OFPToSI,
  OFPToUI,
  OIndexCast,
  OIndexCastUI,
  OBitcast,
  // vector
  OGather,
  OShuffle2, // vector.shuffle: map entries index v1 then v2
  OScatter,
  OFromElements,
  OExtractDyn,
  OInsertDyn,
  OVBitcast,
  OReduction,
  OVLoad,
  OVStore,
  OTransferRead,
  OTransferWrite,
  // memref
  OLoad,
  OStore,
  OAlloca,
  OLdsAlloc,
  OSubview,
  OCastMem,
  OReinterpret,
  OView,
  OMemDim,
  OStridedMeta,
  OFatCast,
  ORawBufLoad,
  ORawBufStore,
  OCollapse,
  OExpand,
  // gpu / amdgpu
  OBarrier,
  OShuffle,
  OSubgroupReduce,
  OMfma,
  ONop,
  OPermlaneSwap,
  OGatherToLds,
  OTransposeLoad,
  OAffine,
  OGlobalId,
  OAtomicRmw,
  OCreateMask,
  OMaskedLoad,
  OMaskedStore,
  // control flow
  OFor,
  OIf,
  OWhile,
  OYield,
  OCondition,
  OReturn,
};

/// Instruction class for the stats.
enum class IClass : uint8_t { Valu, Mfma, Lds, Global, Branch, Other };

struct Instr {
  Opc op;
  IClass cls = IClass::Valu;
  mlir::Operation *mop = nullptr;
  llvm::SmallVector<uint32_t, 4> in, out;
  int32_t r0 = -1, r1 = -1; // region blocks
  int64_t imm = 0, imm2 = 0;
  int32_t aux = -1; // side-table index
  bool laneDependent = false;
};

struct CBlock {
  std::vector<Instr> ins;
  llvm::SmallVector<uint32_t, 4> args;
};

/// A constant register value (uniform).
struct ConstVal {
  std::vector<uint64_t> v;
};

/// Static/dynamic position or size lists (subview, reinterpret_cast,
/// dynamic vector positions): value >= 0 static, or -(slot+1) dynamic.
struct MixedList {
  llvm::SmallVector<int64_t, 4> offsets, sizes, strides;
  llvm::SmallVector<bool, 4> dropped; // subview rank reduction
};

struct MfmaInfo {
  unsigned m, n, k, blocks, kl; // kl: elements per lane of A/B
  ElemType a, b;
  /// The operand layouts, decoded once (planMfma): register item x = lane *
  /// kl + item of A goes to double aAt[x] of the A buffer mfmaCompute takes,
  /// of B to bAt[x]; accumulator item x = lane * accN + r is element cAt[x]
  /// of C[b][i][j] (the block-major layout, when !laneMajor).
  std::vector<uint16_t> aAt, bAt, cAt;
  /// One block of M = N = 32 or 16: A as [g][k][r] (the row each item r of
  /// lane group g = lane / N holds), B as [j][k]; the products are summed
  /// straight into each lane's accumulator items. Otherwise A is [b][i][k]
  /// and B [b][k][j], through C[b][i][j].
  bool laneMajor = false;
  unsigned accN() const { return m * n * blocks / 64; }
};

/// Fills the layout tables of \p mi from its shape (Mfma.cpp).
void planMfma(MfmaInfo &mi);
/// d = c + a * b with \p a and \p b laid out by mi.aAt/bAt, \p c and \p d
/// the accumulator registers (f32 bits per item, lane-major; \p c a single
/// lane's items when \p cUniform). The products of an element are added to C
/// in double, in order k = 0, 1, ..., and rounded once to f32. \p scratch
/// holds M * N * blocks doubles.
void mfmaCompute(const MfmaInfo &mi, const double *a, const double *b,
                 const uint64_t *c, bool cUniform, uint64_t *d,
                 double *scratch);

struct LdsAlloc {
  int64_t offset = 0, bytes = 0;
  llvm::SmallVector<int64_t, 4> shape;
};

/// The chip a kernel runs on: its entry in the target table (lib/Target),
/// the one place chip facts come from.
struct Chip {
  std::string name;
  const mlir::aiter::TargetInfo *target = nullptr;
  unsigned ldsBytes() const { return target->ldsBytes(); }
  unsigned ldsBanks() const { return target->ldsBanks(); }
};

struct CompiledKernel {
  Chip chip;
  std::vector<SlotInfo> slots;
  std::vector<CBlock> blocks;
  uint32_t entry = 0;
  llvm::SmallVector<uint32_t, 8> argSlots;
  llvm::SmallVector<mlir::Type, 8> argTypes;
  std::vector<ConstVal> consts;
  std::vector<llvm::SmallVector<uint32_t, 0>> maps; // gather/scatter maps
  std::vector<MixedList> mixed;
  std::vector<MfmaInfo> mfmas;
  std::vector<LdsAlloc> ldsAllocs;
  std::vector<mlir::AffineMap> affineMaps;
  /// LDS attributions: (slot, ldsAlloc index).
  llvm::SmallVector<std::pair<uint32_t, uint32_t>, 4> attributions;
  int64_t ldsTotal = 0;
  unsigned numAllocas = 0;
};

/// formatOpError as an llvm::Error.
llvm::Error opError(mlir::Operation *op, const llvm::Twine &msg);

llvm::Expected<CompiledKernel> compileKernel(mlir::Operation *func,
                                             const Chip &chip);

} // namespace detail
} // namespace emu
} // namespace aiter

#endif // AITER_LIB_EMULATOR_INTERNAL_H
