//===- ProblemSpec.cpp - canonical text of kernel specifications ----------===//
//
// One serialisation of GEMM and attention specs for the C API, the tools and
// the cache key: the same spec from any entry point is the same text.
//===----------------------------------------------------------------------===//

#include "aiter/Runtime/ProblemSpec.h"

#include "Cache.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace aiter::rt;

const char *aiter::rt::specDtypeName(SpecDtype t) {
  switch (t) {
  case SpecDtype::F16:
    return "f16";
  case SpecDtype::BF16:
    return "bf16";
  case SpecDtype::F32:
    return "f32";
  }
  return "?";
}

std::optional<SpecDtype> aiter::rt::parseSpecDtype(std::string_view name) {
  for (SpecDtype t : {SpecDtype::F16, SpecDtype::BF16, SpecDtype::F32})
    if (name == specDtypeName(t))
      return t;
  return std::nullopt;
}

const char *aiter::rt::gemmActivationName(GemmActivation a) {
  switch (a) {
  case GemmActivation::None:
    return "";
  case GemmActivation::Relu:
    return "relu";
  case GemmActivation::Gelu:
    return "gelu";
  case GemmActivation::GeluErf:
    return "gelu_erf";
  case GemmActivation::Silu:
    return "silu";
  }
  return "?";
}

std::optional<GemmActivation>
aiter::rt::parseGemmActivation(std::string_view name) {
  for (GemmActivation a : {GemmActivation::Relu, GemmActivation::Gelu,
                           GemmActivation::GeluErf, GemmActivation::Silu})
    if (name == gemmActivationName(a))
      return a;
  return std::nullopt;
}

std::string aiter::rt::formatSpecFloat(float f) {
  // %.8e: one digit before the point and eight after, nine significant
  // digits, enough for every f32 to round-trip (FLT_DECIMAL_DIG = 9).
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.8e", double(f));
  return buf;
}

std::string ProblemSpec::kernelName() const {
  if (kind == Kind::Gemm)
    return std::string("gemm_") + specDtypeName(gemm.dtype) + "_" +
           specDtypeName(gemm.outDtype) + (gemm.transA ? "_ta" : "") +
           (gemm.transB ? "_tb" : "");
  const AttentionSpec &a = attention;
  std::string name = std::string("attention_") + specDtypeName(a.dtype) + "_d" +
                     std::to_string(a.headDim);
  if (a.headDimV && a.headDimV != a.headDim)
    name += "_dv" + std::to_string(a.headDimV);
  return name;
}

std::string ProblemSpec::toMLIR() const {
  if (kind == Kind::Gemm) {
    const GemmSpec &g = gemm;
    std::string s = "aiter.gemm @" + kernelName() + " : " +
                    specDtypeName(g.dtype) + " -> " +
                    specDtypeName(g.outDtype) + (g.transA ? " trans_a" : "") +
                    (g.transB ? " trans_b" : "");
    // The epilogue in the op's order; defaults are not written, so a GEMM
    // without one keeps the text (and the cache key) it always had.
    if (g.alpha != 1)
      s += " alpha(" + formatSpecFloat(g.alpha) + ")";
    if (g.beta != 0)
      s += " beta(" + formatSpecFloat(g.beta) + ")";
    if (g.cDtype)
      s += std::string(" c(") + specDtypeName(*g.cDtype) + ")";
    if (g.bias != GemmBias::None)
      s += std::string(" bias(") + (g.bias == GemmBias::Row ? "row" : "col") +
           ", " + specDtypeName(g.biasDtype) + ")";
    if (g.activation != GemmActivation::None)
      s += std::string(" activation(") + gemmActivationName(g.activation) + ")";
    return s + "\n";
  }
  const AttentionSpec &a = attention;
  std::string s = "aiter.attention @" + kernelName() + " : " +
                  specDtypeName(a.dtype) + " head_dim(" +
                  std::to_string(a.headDim);
  if (a.headDimV && a.headDimV != a.headDim)
    s += ", " + std::to_string(a.headDimV);
  s += ")";
  if (a.causal)
    s += " causal";
  // causal sets the right bound to 0 (flash-attention's folding), so that
  // every causal window(l, r) is written window(l, 0), or not at all when l
  // is unbounded: one spec, one key.
  int64_t left = a.hasWindow ? a.windowLeft : -1;
  int64_t right = a.hasWindow ? a.windowRight : -1;
  if (a.causal)
    right = left == -1 ? -1 : 0;
  if (left != -1 || right != -1)
    s += " window(" + std::to_string(left) + ", " + std::to_string(right) + ")";
  if (a.softcap != 0)
    s += " softcap(" + formatSpecFloat(a.softcap) + ")";
  if (a.scale != 0)
    s += " scale(" + formatSpecFloat(a.scale) + ")";
  if (a.alibi)
    s += " alibi";
  if (a.biasDtype)
    s += std::string(" bias(") + specDtypeName(*a.biasDtype) + ")";
  if (a.returnLse)
    s += " return_lse";
  s += a.layout == SpecLayout::BHSD ? " layout(bhsd)\n" : " layout(bshd)\n";
  return s;
}

CacheKeyInputs aiter::rt::variantKeyInputs(const ProblemSpec &spec,
                                           const std::string &buildId,
                                           const std::string &targetId,
                                           const std::string &config,
                                           const std::string &variant,
                                           unsigned optLevel) {
  return CacheKeyInputs{
      buildId, targetId, spec.toMLIR(),
      "variant=" + variant + ";opt=" + std::to_string(optLevel), config};
}

/// A whole decimal integer (optionally negative), nothing else.
static bool parseInt(const std::string &text, int64_t &v) {
  if (text.empty())
    return false;
  char *end = nullptr;
  errno = 0;
  long long x = std::strtoll(text.c_str(), &end, 10);
  if (errno || *end ||
      !(std::isdigit((unsigned char)text[0]) || text[0] == '-'))
    return false;
  v = x;
  return true;
}

std::string aiter::rt::specFromFlags(const SpecFlagValues &f,
                                     ProblemSpec &out) {
  std::optional<SpecDtype> dtype = parseSpecDtype(f.dtype);
  if (!dtype)
    return "--dtype must be bf16, f16 or f32, got '" + f.dtype + "'";
  if (f.op == "gemm") {
    if (f.alibi)
      return "--alibi is an --op=attention flag; it means nothing to "
             "--op=gemm";
    GemmSpec g;
    g.dtype = *dtype;
    std::string outName = f.outDtype.empty() ? f.dtype : f.outDtype;
    std::optional<SpecDtype> o = parseSpecDtype(outName);
    if (!o)
      return "--out-dtype must be bf16, f16 or f32, got '" + outName + "'";
    g.outDtype = *o;
    g.transA = f.transA;
    g.transB = f.transB;
    for (auto [flag, value, slot] : {std::tuple{"--alpha", f.alpha, &g.alpha},
                                     std::tuple{"--beta", f.beta, &g.beta}}) {
      float v = float(value);
      if (!std::isfinite(v))
        return std::string(flag) + " must be finite";
      *slot = v;
    }
    // The C input's and the bias's dtypes default to the output's.
    if (g.beta != 0) {
      std::string cName = f.cDtype.empty() ? outName : f.cDtype;
      g.cDtype = parseSpecDtype(cName);
      if (!g.cDtype)
        return "--c-dtype must be bf16, f16 or f32, got '" + cName + "'";
    } else if (!f.cDtype.empty()) {
      return "--c-dtype needs --beta other than 0 (with beta 0 no C is read)";
    }
    if (f.bias == "row" || f.bias == "col") {
      g.bias = f.bias == "row" ? GemmBias::Row : GemmBias::Col;
      std::string bName = f.biasDtype.empty() ? outName : f.biasDtype;
      std::optional<SpecDtype> bd = parseSpecDtype(bName);
      if (!bd)
        return "--bias-dtype must be bf16, f16 or f32, got '" + bName + "'";
      g.biasDtype = *bd;
    } else if (!f.bias.empty()) {
      return "--bias must be row (a vector of N, added to every row) or col "
             "(a vector of M, added to every column) for --op=gemm, got '" +
             f.bias + "'";
    } else if (!f.biasDtype.empty()) {
      return "--bias-dtype needs --bias=row|col";
    }
    if (!f.act.empty()) {
      std::optional<GemmActivation> a = parseGemmActivation(f.act);
      if (!a)
        return "--act must be relu, gelu, gelu_erf or silu, got '" + f.act +
               "'";
      g.activation = *a;
    }
    out = ProblemSpec::of(g);
    return "";
  }
  if (f.op != "attention")
    return "--op must be gemm or attention, got '" + f.op + "'";
  for (auto [flag, given] :
       {std::pair{"--alpha", f.alpha != 1}, std::pair{"--beta", f.beta != 0},
        std::pair{"--c-dtype", !f.cDtype.empty()},
        std::pair{"--bias-dtype", !f.biasDtype.empty()},
        std::pair{"--act", !f.act.empty()}})
    if (given)
      return std::string(flag) +
             " is an --op=gemm flag; it means nothing to --op=attention";
  AttentionSpec a;
  a.dtype = *dtype;
  a.headDim = f.headDim;
  a.headDimV = f.headDimV;
  a.causal = f.causal;
  a.returnLse = f.lse;
  a.alibi = f.alibi;
  if (!f.bias.empty()) {
    a.biasDtype = parseSpecDtype(f.bias);
    if (!a.biasDtype)
      return "--bias must be bf16, f16 or f32 (the bias tensor's dtype), "
             "got '" +
             f.bias + "'";
  }
  if (!f.window.empty()) {
    size_t comma = f.window.find(',');
    if (comma == std::string::npos ||
        !parseInt(f.window.substr(0, comma), a.windowLeft) ||
        !parseInt(f.window.substr(comma + 1), a.windowRight) ||
        a.windowLeft < -1 || a.windowRight < -1)
      return "--window must be L,R with each bound -1 (unbounded) or >= 0, "
             "got '" +
             f.window + "'";
    a.hasWindow = true;
  }
  for (auto [flag, value, slot] :
       {std::tuple{"--softcap", f.softcap, &a.softcap},
        std::tuple{"--scale", f.scale, &a.scale}}) {
    float v = float(value);
    if (!std::isfinite(v) || v < 0)
      return std::string(flag) + " must be finite and positive (0 = not set)";
    *slot = v;
  }
  if (f.layout != "bshd" && f.layout != "bhsd")
    return "--layout must be bshd or bhsd, got '" + f.layout + "'";
  a.layout = f.layout == "bhsd" ? SpecLayout::BHSD : SpecLayout::BSHD;
  out = ProblemSpec::of(a);
  return "";
}

std::string aiter::rt::variantCacheKey(const ProblemSpec &spec,
                                       const std::string &buildId,
                                       const std::string &targetId,
                                       const std::string &config,
                                       const std::string &variant,
                                       unsigned optLevel) {
  return computeCacheKey(
      variantKeyInputs(spec, buildId, targetId, config, variant, optLevel));
}
