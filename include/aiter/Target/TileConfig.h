//===- TileConfig.h - tile configurations of the aiter kernels --*- C++ -*-===//
//
// GEMM and attention tile configurations: per-chip defaults from the target
// table, the override-string parser and the LDS/VGPR estimate.
//===----------------------------------------------------------------------===//

#ifndef AITER_TARGET_TILECONFIG_H
#define AITER_TARGET_TILECONFIG_H

#include "aiter/Target/TargetInfo.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace mlir {
namespace aiter {

/// The shape of an MFMA instruction, spelled "MxNxK".
struct MfmaShape {
  int64_t m = 0, n = 0, k = 0;
  std::string str() const;
  bool operator==(const MfmaShape &o) const {
    return m == o.m && n == o.n && k == o.k;
  }
};

/// How a GEMM is tiled: one workgroup of `waves` waves computes a
/// tileM x tileN tile of C, stepping through K by tileK.
///
/// `stages` follows Triton's AMD backend: 1 = no software pipelining; 2 =
/// the next K step's global loads are in flight (in registers) while the
/// current one is read from a single LDS buffer; s >= 3 keeps s - 1 LDS
/// buffers.
struct GemmConfig {
  int64_t tileM = 0, tileN = 0, tileK = 0;
  int64_t waves = 0;
  MfmaShape mfma;
  int64_t stages = 0;
  std::string str() const;
};

/// How a flash-attention forward is tiled: one workgroup of `waves` waves
/// computes blockM query rows, streaming keys and values blockN at a time.
/// `stages` as in GemmConfig.
struct AttentionConfig {
  int64_t blockM = 0, blockN = 0;
  int64_t waves = 0;
  MfmaShape mfma;
  int64_t stages = 0;
  std::string str() const;
};

/// What a configuration costs a workgroup.
struct ResourceEstimate {
  /// LDS bytes per workgroup.
  int64_t ldsBytes = 0;
  /// 32-bit registers (VGPR + AGPR) per lane: the tiles a wave holds plus a
  /// fixed allowance for addresses and loop state. A lower bound of what a
  /// compiler achieves; a configuration over it will not fit.
  int64_t vgprsPerLane = 0;
};

/// LDS buffers for a pipelining depth (see GemmConfig::stages).
/// Parses "MxNxK" (e.g. "32x32x8").
llvm::Expected<MfmaShape> parseMfmaShape(llvm::StringRef value);

int64_t ldsBuffersForStages(int64_t stages);

ResourceEstimate estimateGemm(const GemmConfig &config,
                              MatrixElementType elementType);
/// The tile extent of an attention head dim \p headDim under \p mfma: the
/// next power of two (tile layouts are powers of two) that is at least the
/// instruction's N and K, so that Q K^T contracts and P V produces whole
/// instructions; the loads read the tail as 0 and the stores clip it.
int64_t attentionTileDim(int64_t headDim, MfmaShape mfma);

/// \p headDimV 0 means \p headDim (V and O have Q's head dim).
ResourceEstimate estimateAttention(const AttentionConfig &config,
                                   int64_t headDim,
                                   MatrixElementType elementType,
                                   int64_t headDimV = 0);

/// The default configurations of a chip (see docs/passes.md for why).
GemmConfig defaultGemmConfig(const TargetInfo &target,
                             MatrixElementType elementType);
AttentionConfig defaultAttentionConfig(const TargetInfo &target,
                                       MatrixElementType elementType,
                                       int64_t headDim, int64_t headDimV = 0);

/// Checks a configuration against the chip: an error saying what is
/// allowed for the first violated rule.
llvm::Error verifyGemmConfig(const GemmConfig &config, const TargetInfo &target,
                             MatrixElementType elementType);
llvm::Error verifyAttentionConfig(const AttentionConfig &config,
                                  const TargetInfo &target,
                                  MatrixElementType elementType,
                                  int64_t headDim, int64_t headDimV = 0);

/// Applies an override string such as
/// `tile_m=128,tile_n=128,tile_k=64,waves=4,mfma=32x32x16,stages=2` to the
/// chip's default and verifies the result. Keys: tile_m, tile_n, tile_k,
/// waves, mfma, stages. An empty string gives the (verified) default.
llvm::Expected<GemmConfig> getGemmConfig(llvm::StringRef overrides,
                                         const TargetInfo &target,
                                         MatrixElementType elementType);
/// As getGemmConfig; keys: block_m, block_n, waves, mfma, stages.
llvm::Expected<AttentionConfig>
getAttentionConfig(llvm::StringRef overrides, const TargetInfo &target,
                   MatrixElementType elementType, int64_t headDim,
                   int64_t headDimV = 0);

} // namespace aiter
} // namespace mlir

#endif // AITER_TARGET_TILECONFIG_H
