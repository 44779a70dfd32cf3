//===- ProblemSpec.h - one kernel specification type for every entry point ===//
//
// The GEMM and attention specifications as plain data and their one
// canonical MLIR text. Links no LLVM: the C API, the tools and (through the
// C API) Python all build specs here, so one spec has one cache key.
//===----------------------------------------------------------------------===//

#ifndef AITER_RUNTIME_PROBLEMSPEC_H
#define AITER_RUNTIME_PROBLEMSPEC_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aiter::rt {

enum class SpecDtype { F16, BF16, F32 };

/// "f16", "bf16", "f32": the MLIR type spelling.
const char *specDtypeName(SpecDtype t);
std::optional<SpecDtype> parseSpecDtype(std::string_view name);

enum class GemmBias { None, Row, Col };
enum class GemmActivation { None, Relu, Gelu, GeluErf, Silu };

/// "relu", "gelu", "gelu_erf", "silu" (the op's spelling); "" for None.
const char *gemmActivationName(GemmActivation a);
std::optional<GemmActivation> parseGemmActivation(std::string_view name);

struct GemmSpec {
  SpecDtype dtype = SpecDtype::BF16, outDtype = SpecDtype::BF16;
  bool transA = false, transB = false;
  // The epilogue: D = act(alpha * A B + beta * C + bias).
  float alpha = 1, beta = 0;
  std::optional<SpecDtype> cDtype;       // a C input (needs beta != 0)
  GemmBias bias = GemmBias::None;        // row: [N], col: [M]
  SpecDtype biasDtype = SpecDtype::BF16; // read only with a bias
  GemmActivation activation = GemmActivation::None;
};

enum class SpecLayout { BSHD, BHSD };

struct AttentionSpec {
  SpecDtype dtype = SpecDtype::BF16;
  int64_t headDim = 0;
  int64_t headDimV = 0; // 0 or headDim: V has head_dim
  bool causal = false;
  bool hasWindow = false;
  int64_t windowLeft = -1, windowRight = -1; // -1 = unbounded
  float softcap = 0;                         // 0 = off
  float scale = 0;                           // 0 = 1/sqrt(head_dim)
  bool returnLse = false;
  SpecLayout layout = SpecLayout::BSHD;
  bool alibi = false;                 // ALiBi slopes, f32 [b, h] or [h]
  std::optional<SpecDtype> biasDtype; // an additive bias [b, h, s_q, s_k]
};

/// A kernel specification: a problem op of layer 1.
struct ProblemSpec {
  enum class Kind { Gemm, Attention } kind = Kind::Gemm;
  GemmSpec gemm;
  AttentionSpec attention;

  static ProblemSpec of(const GemmSpec &g) {
    ProblemSpec p;
    p.kind = Kind::Gemm;
    p.gemm = g;
    return p;
  }
  static ProblemSpec of(const AttentionSpec &a) {
    ProblemSpec p;
    p.kind = Kind::Attention;
    p.attention = a;
    return p;
  }

  /// The kernel's symbol name, derived from the spec (so equal specs have
  /// equal names): gemm_bf16_f32_tb, attention_bf16_d128, ...
  std::string kernelName() const;

  /// The canonical MLIR text of the problem op, one line ending in '\n':
  /// fields in the op's order, defaults omitted (head_dim_v equal to
  /// head_dim, softcap 0, scale 0, no alibi, no bias, alpha 1, beta 0, no
  /// GEMM bias, no activation), floats written so that
  /// they parse back to the same f32 (formatSpecFloat). Equal specs give equal
  /// text, and this text is what the cache key hashes.
  std::string toMLIR() const;
};

/// The values of the tools' spec flags (aiter-compile and aiter-run share
/// their spellings, DESIGN.md "Tools").
struct SpecFlagValues {
  std::string op, dtype = "bf16", outDtype, window, layout = "bshd";
  std::string bias; // attention: --bias=DTYPE, gemm: --bias=row|col; ""
  // gemm epilogue: --c-dtype, --bias-dtype ("" = the output dtype), --act.
  std::string cDtype, biasDtype, act;
  double alpha = 1, beta = 0;
  bool transA = false, transB = false, causal = false, lse = false;
  bool alibi = false;
  int64_t headDim = 128, headDimV = 0;
  double softcap = 0, scale = 0;
};

/// Builds the spec the flags describe into `out`; returns "" or what is
/// wrong, naming the flag. Only the flags' own syntax is checked here; what
/// the compiler supports is the problem op verifier's to say.
std::string specFromFlags(const SpecFlagValues &flags, ProblemSpec &out);

/// The cache key (64 hex digits) the runtime files one compiled variant
/// ("aligned" / "general") of `spec` under: for `targetId`, the tile
/// configuration `config`, the compiler build `buildId` and LLVM `optLevel`,
/// with the code-changing environment variables of this process.
std::string variantCacheKey(const ProblemSpec &spec, const std::string &buildId,
                            const std::string &targetId,
                            const std::string &config,
                            const std::string &variant, unsigned optLevel = 3);

/// An f32 as an MLIR float literal that parses back to the same value:
/// nine significant digits in exponent form ("1.00000001e-01"), which MLIR's
/// lexer reads as a float (it needs the '.'), for every finite f32.
std::string formatSpecFloat(float f);

} // namespace aiter::rt

#endif // AITER_RUNTIME_PROBLEMSPEC_H
