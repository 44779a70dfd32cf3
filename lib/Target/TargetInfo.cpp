//===- TargetInfo.cpp - the aiter target table ------------------*- C++ -*-===//
//
// The per-chip table behind TargetInfo (gfx942, gfx950), target-id parsing
// and the occupancy computation. Sources for every number: docs/targets.md.
//===----------------------------------------------------------------------===//

#include "aiter/Target/TargetInfo.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::aiter;

std::optional<MatrixElementType> mlir::aiter::getMatrixElementType(Type type) {
  if (type.isBF16())
    return MatrixElementType::BF16;
  if (type.isF16())
    return MatrixElementType::F16;
  return std::nullopt;
}

std::string MfmaInfo::shapeString() const {
  return (llvm::Twine(m) + "x" + llvm::Twine(n) + "x" + llvm::Twine(k)).str();
}

//===----------------------------------------------------------------------===//
// The table
//===----------------------------------------------------------------------===//

namespace {
using E = MatrixElementType;

// Per-lane registers: A holds M*K/64 16-bit elements per lane (two per
// register), B K*N/64, the f32 accumulator M*N/64.
// clang-format off
const MfmaInfo kGfx942Mfmas[] = {
  {"v_mfma_f32_32x32x8_bf16",   E::BF16, 32, 32, 8,  32, 2, 2, 16},
  {"v_mfma_f32_16x16x16_bf16",  E::BF16, 16, 16, 16, 16, 2, 2, 4},
  {"v_mfma_f32_32x32x8_f16",    E::F16,  32, 32, 8,  32, 2, 2, 16},
  {"v_mfma_f32_16x16x16_f16",   E::F16,  16, 16, 16, 16, 2, 2, 4},
};
// gfx950 has the K-doubled shapes and keeps every gfx942 one.
const MfmaInfo kGfx950Mfmas[] = {
  {"v_mfma_f32_32x32x16_bf16",  E::BF16, 32, 32, 16, 32, 4, 4, 16},
  {"v_mfma_f32_16x16x32_bf16",  E::BF16, 16, 16, 32, 16, 4, 4, 4},
  {"v_mfma_f32_32x32x8_bf16",   E::BF16, 32, 32, 8,  32, 2, 2, 16},
  {"v_mfma_f32_16x16x16_bf16",  E::BF16, 16, 16, 16, 16, 2, 2, 4},
  {"v_mfma_f32_32x32x16_f16",   E::F16,  32, 32, 16, 32, 4, 4, 16},
  {"v_mfma_f32_16x16x32_f16",   E::F16,  16, 16, 32, 16, 4, 4, 4},
  {"v_mfma_f32_32x32x8_f16",    E::F16,  32, 32, 8,  32, 2, 2, 16},
  {"v_mfma_f32_16x16x16_f16",   E::F16,  16, 16, 16, 16, 2, 2, 4},
};
// clang-format on

// global/buffer_load_lds_{u,s}byte, _{u,s}short, _dword; gfx950 adds
// _dwordx3 and _dwordx4.
const unsigned kGfx942DirectToLds[] = {1, 2, 4};
const unsigned kGfx950DirectToLds[] = {1, 2, 4, 12, 16};

const TargetInfo kTargets[] = {
    TargetInfo("gfx942", "CDNA3", /*lds=*/64 * 1024, /*banks=*/32,
               /*ldsTransposeRead=*/false, /*permlaneSwap=*/false,
               kGfx942DirectToLds, Fp8Format::FNUZ,
               kGfx942Mfmas,
               // GEMM 32x32x8; attention 32x32x8, 64 keys, 2 stages. 32x32x8
               // measures best for our GEMM lowering (docs/passes.md), and
               // the attention lowering computes S^T with 32-row MFMAs so P
               // stays in registers.
               TuningDefaults{32, 8, 32, 8, 64, 2}),
    TargetInfo("gfx950", "CDNA4", /*lds=*/160 * 1024, /*banks=*/64,
               /*ldsTransposeRead=*/true, /*permlaneSwap=*/true,
               kGfx950DirectToLds, Fp8Format::OCP,
               kGfx950Mfmas,
               // GEMM 32x32x16; attention 32x32x16, 128 keys (160 KiB of LDS
               // holds the 2x larger K/V block: 0.304 vs 0.333 non-MFMA per
               // MFMA cycle at 64 keys, docs/performance.md), 2 stages.
               TuningDefaults{32, 16, 32, 16, 128, 2}),
};

const llvm::StringRef kChipNames[] = {"gfx942", "gfx950"};
} // namespace

llvm::ArrayRef<llvm::StringRef> TargetInfo::supportedChips() {
  return kChipNames;
}

std::string TargetInfo::supportedChipsString() {
  return llvm::join(supportedChips(), ", ");
}

llvm::Expected<TargetId> mlir::aiter::parseTargetId(llvm::StringRef id) {
  // Exact spelling only: a target id is also part of the cache key, and
  // " gfx942" must not become a second name for gfx942.
  if (id.find_first_of(" \t\n\r\f\v") != llvm::StringRef::npos)
    return llvm::createStringError("target id '" + id +
                                   "' contains white space");
  llvm::SmallVector<llvm::StringRef> parts;
  id.split(parts, ':');
  TargetId result;
  result.chip = parts.front().str();
  if (!llvm::is_contained(TargetInfo::supportedChips(), result.chip))
    return llvm::createStringError(
        "unknown chip '" + result.chip + "' (from target id '" + id +
        "'); supported chips: " + TargetInfo::supportedChipsString());
  for (llvm::StringRef feature : llvm::drop_begin(parts)) {
    bool on;
    if (feature.consume_back("+"))
      on = true;
    else if (feature.consume_back("-"))
      on = false;
    else
      return llvm::createStringError(
          "target feature '" + feature + "' in '" + id +
          "' must end in '+' or '-' (e.g. 'sramecc+', 'xnack-')");
    std::optional<bool> *slot = nullptr;
    if (feature == "sramecc")
      slot = &result.sramecc;
    else if (feature == "xnack")
      slot = &result.xnack;
    else
      return llvm::createStringError("unknown target feature '" + feature +
                                     "' in '" + id +
                                     "'; supported features: sramecc, xnack");
    if (slot->has_value())
      return llvm::createStringError("target feature '" + feature +
                                     "' appears twice in '" + id + "'");
    *slot = on;
  }
  return result;
}

llvm::Expected<const TargetInfo &> TargetInfo::lookup(llvm::StringRef id) {
  llvm::Expected<TargetId> parsed = parseTargetId(id);
  if (!parsed)
    return parsed.takeError();
  for (const TargetInfo &t : kTargets)
    if (t.chip() == parsed->chip)
      return t;
  llvm_unreachable("every supported chip has a table entry");
}

//===----------------------------------------------------------------------===//
// Queries
//===----------------------------------------------------------------------===//

unsigned TargetInfo::occupancy(unsigned archVgprs, unsigned agprs,
                               unsigned ldsBytesPerWorkgroup,
                               unsigned wavesPerWorkgroup) const {
  if (archVgprs > archVgprsPerLane() || agprs > agprsPerLane() ||
      ldsBytesPerWorkgroup > ldsBytes() || wavesPerWorkgroup == 0 ||
      wavesPerWorkgroup > maxWavesPerWorkgroup())
    return 0;
  // AGPRs start at a 4-aligned offset after the VGPRs in the unified file;
  // the total is allocated in granules.
  unsigned regs = agprs ? llvm::alignTo(archVgprs, 4) + agprs : archVgprs;
  regs = std::max<unsigned>(llvm::alignTo(regs, vgprAllocGranule()),
                            vgprAllocGranule());
  if (regs > unifiedVgprsPerLane())
    return 0;
  unsigned wavesByRegs =
      std::min(maxWavesPerSimd(), unifiedVgprsPerLane() / regs);
  // A workgroup's waves spread over the CU's SIMDs; the busiest SIMD holds
  // ceil(waves / simds) of them.
  unsigned wavesPerSimdPerGroup =
      llvm::divideCeil(wavesPerWorkgroup, simdsPerCu());
  unsigned groups = wavesByRegs / wavesPerSimdPerGroup;
  if (ldsBytesPerWorkgroup)
    groups = std::min(groups, ldsBytes() / ldsBytesPerWorkgroup);
  return groups * wavesPerSimdPerGroup;
}

bool TargetInfo::supportsDirectToLdsWidth(unsigned bytesPerLane) const {
  return llvm::is_contained(d2lWidths, bytesPerLane);
}

llvm::SmallVector<const MfmaInfo *>
TargetInfo::mfmas(MatrixElementType type) const {
  llvm::SmallVector<const MfmaInfo *> result;
  for (const MfmaInfo &info : mfmaTable)
    if (info.elementType == type)
      result.push_back(&info);
  return result;
}

llvm::SmallVector<const MfmaInfo *> TargetInfo::mfmas(Type type) const {
  if (std::optional<MatrixElementType> t = getMatrixElementType(type))
    return mfmas(*t);
  return {};
}

const MfmaInfo *TargetInfo::preferredMfma(MatrixElementType type) const {
  llvm::SmallVector<const MfmaInfo *> all = mfmas(type);
  return all.empty() ? nullptr : all.front();
}

const MfmaInfo *TargetInfo::preferredMfma(Type type) const {
  if (std::optional<MatrixElementType> t = getMatrixElementType(type))
    return preferredMfma(*t);
  return nullptr;
}

const MfmaInfo *TargetInfo::findMfma(MatrixElementType type, int64_t m,
                                     int64_t n, int64_t k) const {
  for (const MfmaInfo &info : mfmaTable)
    if (info.elementType == type && info.m == m && info.n == n && info.k == k)
      return &info;
  return nullptr;
}

std::string TargetInfo::mfmaShapesString(MatrixElementType type) const {
  llvm::SmallVector<std::string> shapes;
  for (const MfmaInfo *info : mfmas(type))
    shapes.push_back(info->shapeString());
  return llvm::join(shapes, ", ");
}
