//===- TileConfig.cpp - tile configurations of aiter kernels ----*- C++ -*-===//
//
// Per-chip default GEMM/attention configurations, the override parser and
// the checks that a configuration fits the chip (MFMA, waves, LDS, VGPRs).
//===----------------------------------------------------------------------===//

#include "aiter/Target/TileConfig.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <numeric>

using namespace mlir;
using namespace mlir::aiter;

static llvm::Error err(const llvm::Twine &msg) {
  return llvm::createStringError(msg);
}

std::string MfmaShape::str() const {
  return (llvm::Twine(m) + "x" + llvm::Twine(n) + "x" + llvm::Twine(k)).str();
}

std::string GemmConfig::str() const {
  return (llvm::Twine("tile_m=") + llvm::Twine(tileM) +
          ",tile_n=" + llvm::Twine(tileN) + ",tile_k=" + llvm::Twine(tileK) +
          ",waves=" + llvm::Twine(waves) + ",mfma=" + mfma.str() +
          ",stages=" + llvm::Twine(stages))
      .str();
}

std::string AttentionConfig::str() const {
  return (llvm::Twine("block_m=") + llvm::Twine(blockM) +
          ",block_n=" + llvm::Twine(blockN) + ",waves=" + llvm::Twine(waves) +
          ",mfma=" + mfma.str() + ",stages=" + llvm::Twine(stages))
      .str();
}

//===----------------------------------------------------------------------===//
// Estimates
//===----------------------------------------------------------------------===//

/// Registers per lane for addresses, loop counters and softmax/epilogue
/// temporaries that the tile terms do not count.
static constexpr int64_t kFixedVgprs = 24;
static constexpr int64_t kElementBytes = 2; // bf16 and f16

int64_t mlir::aiter::ldsBuffersForStages(int64_t stages) {
  return std::max<int64_t>(1, stages - 1);
}

/// 32-bit registers per lane that hold `bytes` spread over `lanes` lanes.
static int64_t regsFor(int64_t bytes, int64_t lanes) {
  return llvm::divideCeil(bytes, lanes * 4);
}

ResourceEstimate mlir::aiter::estimateGemm(const GemmConfig &c,
                                           MatrixElementType) {
  int64_t lanes = c.waves * 64;
  int64_t operandBytes =
      (c.tileM * c.tileK + c.tileK * c.tileN) * kElementBytes;
  ResourceEstimate e;
  e.ldsBytes = ldsBuffersForStages(c.stages) * operandBytes;
  // f32 accumulator + the operands of one K step read from LDS + the next
  // step's global loads in flight when pipelined.
  e.vgprsPerLane =
      regsFor(c.tileM * c.tileN * 4, lanes) + regsFor(operandBytes, lanes) +
      (c.stages >= 2 ? regsFor(operandBytes, lanes) : 0) + kFixedVgprs;
  return e;
}

int64_t mlir::aiter::attentionTileDim(int64_t headDim, MfmaShape mfma) {
  int64_t least = std::max<int64_t>({headDim, mfma.n, mfma.k, 1});
  return int64_t(llvm::PowerOf2Ceil(uint64_t(least)));
}

ResourceEstimate mlir::aiter::estimateAttention(const AttentionConfig &c,
                                                int64_t headDim,
                                                MatrixElementType,
                                                int64_t headDimV) {
  int64_t d = attentionTileDim(headDim, c.mfma);
  int64_t dv = attentionTileDim(headDimV ? headDimV : headDim, c.mfma);
  int64_t lanes = c.waves * 64;
  int64_t kvBytes = c.blockN * (d + dv) * kElementBytes;
  ResourceEstimate e;
  // K and V tiles go through LDS; Q is loaded once into registers.
  e.ldsBytes = ldsBuffersForStages(c.stages) * kvBytes;
  e.vgprsPerLane = regsFor(c.blockM * dv * 4, lanes) +       // O acc
                   regsFor(c.blockM * c.blockN * 4, lanes) + // S
                   regsFor(c.blockM * c.blockN * kElementBytes, lanes) + // P
                   regsFor(c.blockM * d * kElementBytes, lanes) +        // Q
                   (c.stages >= 2 ? regsFor(kvBytes, lanes) : 0) + kFixedVgprs;
  return e;
}

//===----------------------------------------------------------------------===//
// Defaults
//===----------------------------------------------------------------------===//

GemmConfig mlir::aiter::defaultGemmConfig(const TargetInfo &target,
                                          MatrixElementType) {
  const TuningDefaults &t = target.tuning();
  GemmConfig c;
  c.tileM = 128;
  c.tileN = 128;
  c.tileK = 64;
  c.waves = 4;
  c.mfma = {t.gemmMfmaMN, t.gemmMfmaMN, t.gemmMfmaK};
  c.stages = 2;
  return c;
}

AttentionConfig mlir::aiter::defaultAttentionConfig(const TargetInfo &target,
                                                    MatrixElementType type,
                                                    int64_t headDim,
                                                    int64_t headDimV) {
  const TuningDefaults &t = target.tuning();
  AttentionConfig c;
  c.blockM = 128;
  c.blockN = t.attentionBlockN;
  c.waves = 4;
  c.mfma = {t.attentionMfmaMN, t.attentionMfmaMN, t.attentionMfmaK};
  c.stages = t.attentionStages;
  // Head dims over 128 (tiles of 256): 32 query rows per wave would hold a
  // 32x256 f32 accumulator (128 registers per lane) next to Q; 16 rows per
  // wave with the chip's 16x16 MFMA halve both, and 64 keys per block keep
  // K and V in LDS and the prefetch in registers.
  int64_t widest =
      std::max(attentionTileDim(headDim, c.mfma),
               attentionTileDim(headDimV ? headDimV : headDim, c.mfma));
  if (widest > 128)
    for (const MfmaInfo *m : target.mfmas(type))
      if (m->m == 16 && m->n == 16) {
        c.mfma = {m->m, m->n, m->k};
        c.blockM = 16 * c.waves;
        c.blockN = 64;
        break;
      }
  return c;
}

//===----------------------------------------------------------------------===//
// Verification
//===----------------------------------------------------------------------===//

static llvm::Error verifyCommon(const TargetInfo &target,
                                MatrixElementType type, MfmaShape mfma,
                                int64_t waves, int64_t stages) {
  if (!target.findMfma(type, mfma.m, mfma.n, mfma.k))
    return err("mfma=" + mfma.str() + " is not available on " + target.chip() +
               " for " + (type == MatrixElementType::BF16 ? "bf16" : "f16") +
               "; available: " + target.mfmaShapesString(type));
  if (waves < 1 || waves > target.maxWavesPerWorkgroup() ||
      !llvm::isPowerOf2_64(waves))
    return err("waves=" + llvm::Twine(waves) +
               " is not allowed; waves must be a power of two in [1, " +
               llvm::Twine(target.maxWavesPerWorkgroup()) + "]");
  if (stages < 1 || stages > 4)
    return err("stages=" + llvm::Twine(stages) +
               " is not allowed; stages must be in [1, 4]");
  // Triton's meaning: 1 = no prefetch, 2 = the next tile's global loads in
  // flight in registers over one LDS buffer, s >= 3 = s - 1 LDS buffers.
  // The lowerings implement 2 only; anything else would be silently ignored.
  if (stages != 2)
    return err("stages=" + llvm::Twine(stages) +
               " is not implemented: the GEMM and attention lowerings "
               "prefetch the next tile into registers over one LDS buffer, "
               "which is stages=2; stages=1 (no prefetch) and stages >= 3 "
               "(several LDS buffers) are not implemented");
  return llvm::Error::success();
}

static llvm::Error verifyBudget(const TargetInfo &target,
                                const ResourceEstimate &e,
                                llvm::StringRef shrink) {
  if (e.ldsBytes > target.ldsBytes())
    return err("the configuration needs " + llvm::Twine(e.ldsBytes) +
               " bytes of LDS, more than the " +
               llvm::Twine(target.ldsBytes()) + " bytes of " + target.chip() +
               "; reduce " + shrink);
  if (e.vgprsPerLane > target.unifiedVgprsPerLane())
    return err("the configuration needs at least " +
               llvm::Twine(e.vgprsPerLane) +
               " registers per lane, more than the " +
               llvm::Twine(target.unifiedVgprsPerLane()) + " VGPRs+AGPRs of " +
               target.chip() + "; use more waves or reduce " + shrink);
  return llvm::Error::success();
}

static llvm::Error requireMultiple(llvm::StringRef what, int64_t value,
                                   llvm::StringRef ofWhat, int64_t of) {
  if (value <= 0 || value % of != 0)
    return err(what + "=" + llvm::Twine(value) +
               " must be a positive multiple of " + ofWhat + " (" +
               llvm::Twine(of) + ")");
  return llvm::Error::success();
}

llvm::Error mlir::aiter::verifyGemmConfig(const GemmConfig &c,
                                          const TargetInfo &target,
                                          MatrixElementType type) {
  if (llvm::Error e = verifyCommon(target, type, c.mfma, c.waves, c.stages))
    return e;
  if (llvm::Error e =
          requireMultiple("tile_m", c.tileM, "the MFMA's M", c.mfma.m))
    return e;
  if (llvm::Error e =
          requireMultiple("tile_n", c.tileN, "the MFMA's N", c.mfma.n))
    return e;
  if (llvm::Error e =
          requireMultiple("tile_k", c.tileK, "the MFMA's K", c.mfma.k))
    return e;
  int64_t blocks = (c.tileM / c.mfma.m) * (c.tileN / c.mfma.n);
  if (blocks % c.waves != 0)
    return err("the " + llvm::Twine(c.tileM) + "x" + llvm::Twine(c.tileN) +
               " tile holds " + llvm::Twine(blocks) + " " + c.mfma.str() +
               " MFMA blocks, which do not split evenly over waves=" +
               llvm::Twine(c.waves) + "; use a number of waves dividing " +
               llvm::Twine(blocks));
  return verifyBudget(target, estimateGemm(c, type),
                      "tile_m, tile_n, tile_k or stages");
}

llvm::Error mlir::aiter::verifyAttentionConfig(const AttentionConfig &c,
                                               const TargetInfo &target,
                                               MatrixElementType type,
                                               int64_t headDim,
                                               int64_t headDimV) {
  if (llvm::Error e = verifyCommon(target, type, c.mfma, c.waves, c.stages))
    return e;
  // Each wave owns block_m / waves query rows, a whole number of MFMA rows.
  if (llvm::Error e = requireMultiple(
          "block_m", c.blockM, "waves times the MFMA's M", c.waves * c.mfma.m))
    return e;
  // S = Q K^T has block_n columns; P V contracts over block_n.
  if (llvm::Error e = requireMultiple("block_n", c.blockN, "the MFMA's N and K",
                                      std::lcm(c.mfma.n, c.mfma.k)))
    return e;
  // Head dims are padded to attentionTileDim, a multiple of N and K.
  return verifyBudget(target, estimateAttention(c, headDim, type, headDimV),
                      "block_m, block_n or stages");
}

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

llvm::Expected<MfmaShape> aiter::parseMfmaShape(llvm::StringRef value) {
  llvm::SmallVector<llvm::StringRef> parts;
  value.split(parts, 'x');
  MfmaShape s;
  if (parts.size() != 3 || parts[0].getAsInteger(10, s.m) ||
      parts[1].getAsInteger(10, s.n) || parts[2].getAsInteger(10, s.k))
    return err("mfma='" + value +
               "' is not an MFMA shape; write MxNxK, "
               "e.g. mfma=32x32x8");
  return s;
}

namespace {
/// One `key=value` an override string may set.
struct Field {
  llvm::StringRef key;
  int64_t *intValue;
  MfmaShape *mfmaValue;
};
} // namespace

static llvm::Error applyOverrides(llvm::StringRef overrides,
                                  llvm::ArrayRef<Field> fields) {
  overrides = overrides.trim();
  if (overrides.empty())
    return llvm::Error::success();
  auto allowed = [&] {
    llvm::SmallVector<llvm::StringRef> keys;
    for (const Field &f : fields)
      keys.push_back(f.key);
    return llvm::join(keys, ", ");
  };
  llvm::StringSet<> seen;
  llvm::SmallVector<llvm::StringRef> items;
  overrides.split(items, ',');
  for (llvm::StringRef item : items) {
    item = item.trim();
    std::pair<llvm::StringRef, llvm::StringRef> kv = item.split('=');
    llvm::StringRef key = kv.first.trim(), value = kv.second.trim();
    if (!item.contains('=') || key.empty() || value.empty())
      return err("config entry '" + item +
                 "' must be key=value; keys: " + allowed());
    const Field *field =
        llvm::find_if(fields, [&](const Field &f) { return f.key == key; });
    if (field == fields.end())
      return err("unknown config key '" + key +
                 "'; allowed keys: " + allowed());
    if (!seen.insert(key).second)
      return err("config key '" + key + "' is given twice");
    if (field->mfmaValue) {
      llvm::Expected<MfmaShape> shape = parseMfmaShape(value);
      if (!shape)
        return shape.takeError();
      *field->mfmaValue = *shape;
      continue;
    }
    int64_t v;
    if (value.getAsInteger(10, v) || v <= 0)
      return err("config value " + key + "='" + value +
                 "' must be a positive integer");
    *field->intValue = v;
  }
  return llvm::Error::success();
}

llvm::Expected<GemmConfig> mlir::aiter::getGemmConfig(llvm::StringRef overrides,
                                                      const TargetInfo &target,
                                                      MatrixElementType type) {
  GemmConfig c = defaultGemmConfig(target, type);
  Field fields[] = {
      {"tile_m", &c.tileM, nullptr}, {"tile_n", &c.tileN, nullptr},
      {"tile_k", &c.tileK, nullptr}, {"waves", &c.waves, nullptr},
      {"mfma", nullptr, &c.mfma},    {"stages", &c.stages, nullptr}};
  if (llvm::Error e = applyOverrides(overrides, fields))
    return std::move(e);
  if (llvm::Error e = verifyGemmConfig(c, target, type))
    return std::move(e);
  return c;
}

llvm::Expected<AttentionConfig> mlir::aiter::getAttentionConfig(
    llvm::StringRef overrides, const TargetInfo &target, MatrixElementType type,
    int64_t headDim, int64_t headDimV) {
  AttentionConfig c = defaultAttentionConfig(target, type, headDim, headDimV);
  Field fields[] = {{"block_m", &c.blockM, nullptr},
                    {"block_n", &c.blockN, nullptr},
                    {"waves", &c.waves, nullptr},
                    {"mfma", nullptr, &c.mfma},
                    {"stages", &c.stages, nullptr}};
  if (llvm::Error e = applyOverrides(overrides, fields))
    return std::move(e);
  if (llvm::Error e = verifyAttentionConfig(c, target, type, headDim, headDimV))
    return std::move(e);
  return c;
}
