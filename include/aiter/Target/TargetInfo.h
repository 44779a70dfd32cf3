//===- TargetInfo.h - the aiter target table --------------------*- C++ -*-===//
//
// One place answers every chip question: the table of supported AMD Instinct
// chips (gfx942, gfx950) and the capability queries passes ask of it.
//===----------------------------------------------------------------------===//

#ifndef AITER_TARGET_TARGETINFO_H
#define AITER_TARGET_TARGETINFO_H

#include "mlir/IR/Types.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mlir {
namespace aiter {

/// How a chip encodes 8-bit floats.
enum class Fp8Format {
  /// E4M3FNUZ / E5M2FNUZ: no negative zero, one NaN, bias 8/16 (CDNA3).
  FNUZ,
  /// OCP E4M3FN / E5M2: IEEE-like, bias 7/15 (CDNA4).
  OCP,
};

/// The operand element types MFMA-backed tiles use.
enum class MatrixElementType { BF16, F16 };

/// Maps an MLIR type to a matrix operand type (bf16, f16), if it is one.
std::optional<MatrixElementType> getMatrixElementType(Type type);

/// An MFMA instruction: D[M, N] (f32) += A[M, K] * B[K, N].
struct MfmaInfo {
  llvm::StringRef name; ///< the mnemonic, e.g. "v_mfma_f32_32x32x16_bf16"
  MatrixElementType elementType;
  int64_t m, n, k;
  /// Issue cycles as counted in docs/targets.md (16 for 16x16 shapes, 32 for
  /// 32x32 shapes on both chips; the gfx950 K-doubled shapes do twice the
  /// work in the same cycles).
  unsigned cycles;
  /// 32-bit registers per lane holding the A operand, the B operand and the
  /// f32 accumulator (C/D).
  unsigned aRegsPerLane, bRegsPerLane, accRegsPerLane;

  /// "MxNxK", the spelling tile configurations use.
  std::string shapeString() const;
};

/// Defaults tuned per chip (measurements and reasons in docs/passes.md);
/// TileConfig builds the default tile configurations from them. MFMA shapes
/// are square in M and N.
struct TuningDefaults {
  int64_t gemmMfmaMN, gemmMfmaK;
  int64_t attentionMfmaMN, attentionMfmaK;
  int64_t attentionBlockN, attentionStages;
};

/// A parsed target id: `gfx942`, `gfx942:sramecc+:xnack-`, ...
struct TargetId {
  std::string chip;
  /// Target features named in the id (unset: "any", as in LLVM).
  std::optional<bool> sramecc, xnack;
};

/// Parses a target id: a chip name optionally followed by `:feature+` or
/// `:feature-` for `sramecc` and `xnack`. The chip must be supported.
llvm::Expected<TargetId> parseTargetId(llvm::StringRef id);

/// The capabilities of one chip. Instances live in a static table; get them
/// with `TargetInfo::lookup`.
class TargetInfo {
public:
  /// The entry for a chip name or full target id; an error listing the
  /// supported chips for an unknown one.
  static llvm::Expected<const TargetInfo &> lookup(llvm::StringRef targetId);
  /// The supported chip names, e.g. for diagnostics and `--help`.
  static llvm::ArrayRef<llvm::StringRef> supportedChips();
  /// "gfx942, gfx950".
  static std::string supportedChipsString();

  llvm::StringRef chip() const { return chipName; }
  /// "CDNA3", "CDNA4".
  llvm::StringRef isaFamily() const { return family; }

  //===--- Execution model -----------------------------------------------===//
  unsigned waveSize() const { return 64; }
  unsigned simdsPerCu() const { return 4; }
  unsigned maxWavesPerSimd() const { return 8; }
  unsigned maxWorkgroupSize() const { return 1024; }
  unsigned maxWavesPerWorkgroup() const {
    return maxWorkgroupSize() / waveSize();
  }

  //===--- Registers (per lane) ------------------------------------------===//
  /// Architectural VGPRs (v0..v255).
  unsigned archVgprsPerLane() const { return 256; }
  /// Accumulation VGPRs (a0..a255).
  unsigned agprsPerLane() const { return 256; }
  /// The unified register file shared by VGPRs and AGPRs.
  unsigned unifiedVgprsPerLane() const { return 512; }
  /// Registers are allocated in blocks of this many.
  unsigned vgprAllocGranule() const { return 8; }
  /// SGPRs a kernel can address (s0..s101 + VCC).
  unsigned addressableSgprs() const { return 102; }
  /// SGPRs per SIMD, shared by its waves.
  unsigned sgprsPerSimd() const { return 800; }

  /// Waves per SIMD a kernel achieves with the given per-lane register use
  /// (architectural VGPRs and AGPRs), LDS bytes per workgroup and waves per
  /// workgroup; 0 when the kernel cannot run at all (a budget exceeded).
  unsigned occupancy(unsigned archVgprs, unsigned agprs,
                     unsigned ldsBytesPerWorkgroup,
                     unsigned wavesPerWorkgroup) const;

  //===--- LDS -----------------------------------------------------------===//
  /// LDS bytes a workgroup may allocate (the whole CU's LDS).
  unsigned ldsBytes() const { return lds; }
  unsigned ldsBanks() const { return banks; }
  unsigned ldsBankBytes() const { return 4; }
  /// ds_read_b64_tr_b16 and friends: LDS reads that transpose 16-bit
  /// elements across lanes.
  bool supportsLdsTransposeRead() const { return ldsTransposeRead; }
  /// v_permlane16_swap / v_permlane32_swap (amdgpu.permlane_swap).
  bool supportsPermlaneSwap() const { return permlaneSwap; }
  /// Bytes per lane a global/buffer load can write straight to LDS.
  llvm::ArrayRef<unsigned> directToLdsWidths() const { return d2lWidths; }
  bool supportsDirectToLdsWidth(unsigned bytesPerLane) const;

  //===--- Tuning --------------------------------------------------------===//
  const TuningDefaults &tuning() const { return tuningDefaults; }

  //===--- Data types ----------------------------------------------------===//
  Fp8Format fp8Format() const { return fp8; }

  //===--- MFMA ----------------------------------------------------------===//
  /// The MFMA instructions for an operand type, most preferred first; empty
  /// for a type without MFMA support here.
  llvm::SmallVector<const MfmaInfo *> mfmas(MatrixElementType type) const;
  llvm::SmallVector<const MfmaInfo *> mfmas(Type type) const;
  /// The most preferred MFMA for an operand type; null if none.
  const MfmaInfo *preferredMfma(MatrixElementType type) const;
  const MfmaInfo *preferredMfma(Type type) const;
  /// The MFMA of a given shape for an operand type; null if the chip lacks
  /// it.
  const MfmaInfo *findMfma(MatrixElementType type, int64_t m, int64_t n,
                           int64_t k) const;
  /// "32x32x8, 16x16x16": the shapes available for a type, for diagnostics.
  std::string mfmaShapesString(MatrixElementType type) const;

  TargetInfo(llvm::StringRef chipName, llvm::StringRef family, unsigned lds,
             unsigned banks, bool ldsTransposeRead, bool permlaneSwap,
             llvm::ArrayRef<unsigned> d2lWidths, Fp8Format fp8,
             llvm::ArrayRef<MfmaInfo> mfmaTable, TuningDefaults tuningDefaults)
      : chipName(chipName), family(family), lds(lds), banks(banks),
        ldsTransposeRead(ldsTransposeRead), permlaneSwap(permlaneSwap),
        d2lWidths(d2lWidths), fp8(fp8),
        mfmaTable(mfmaTable), tuningDefaults(tuningDefaults) {}

private:
  llvm::StringRef chipName;
  llvm::StringRef family;
  unsigned lds;
  unsigned banks;
  bool ldsTransposeRead;
  bool permlaneSwap;
  llvm::ArrayRef<unsigned> d2lWidths;
  Fp8Format fp8;
  /// Every MFMA of the chip in order of preference (per element type).
  llvm::ArrayRef<MfmaInfo> mfmaTable;
  TuningDefaults tuningDefaults;
};

} // namespace aiter
} // namespace mlir

#endif // AITER_TARGET_TARGETINFO_H
