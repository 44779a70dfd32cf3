//===- Descriptors.cpp - kernel descriptors to specs ----------------------===//
//
// aiter_kernel_create_*: the descriptor checked field by field, then turned
// into the ProblemSpec every entry point builds.
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <cmath>
#include <cstddef>
#include <cstring>
#include <optional>

using namespace aiter::capi;
using namespace aiter::rt;

/// The checks every kernel-create call starts with: the out pointer (then
/// cleared), the context, the descriptor and its struct_size.
template <typename Desc>
static aiter_status_t checkCreateArgs(aiter_context_t context, const Desc *desc,
                                      aiter_kernel_t *outKernel,
                                      const char *descName, size_t oldSize = 0,
                                      unsigned oldAbi = 1) {
  if (!outKernel)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "out_kernel is NULL");
  *outKernel = nullptr;
  if (!context || !desc)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                !context ? "context is NULL" : "desc is NULL");
  return checkStructSize(desc->struct_size, descName, sizeof(Desc), oldSize,
                         oldAbi);
}

aiter_status_t aiter_kernel_create_gemm(aiter_context_t context,
                                        const aiter_gemm_desc_t *in,
                                        aiter_kernel_t *outKernel) {
  // An ABI 3 caller's struct ends before `has_alpha_beta`: no epilogue.
  const size_t abi3 = offsetof(aiter_gemm_desc_t, has_alpha_beta);
  if (aiter_status_t st =
          checkCreateArgs(context, in, outKernel, "aiter_gemm_desc_t", abi3, 3))
    return st;
  // The caller's bytes only; the fields it does not have stay 0.
  aiter_gemm_desc_t full{};
  std::memcpy(&full, in, in->struct_size);
  full.struct_size = sizeof(full);
  const aiter_gemm_desc_t *desc = &full;
  std::optional<SpecDtype> inDt = specDtype(desc->dtype),
                           out = specDtype(desc->out_dtype);
  if (!inDt || !out)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "unknown dtype enum value");
  if (*inDt == SpecDtype::F32)
    return fail(AITER_ERROR_UNSUPPORTED,
                "gemm inputs must be f16 or bf16 (f32 inputs are unsupported)");
  GemmSpec spec;
  spec.dtype = *inDt;
  spec.outDtype = *out;
  spec.transA = desc->trans_a;
  spec.transB = desc->trans_b;
  if (desc->has_alpha_beta) {
    for (auto [field, value] : {std::pair{"desc.alpha", desc->alpha},
                                std::pair{"desc.beta", desc->beta}})
      if (!std::isfinite(value))
        return fail(AITER_ERROR_INVALID_ARGUMENT, std::string(field) + " is " +
                                                      formatSpecFloat(value) +
                                                      ": it must be finite");
    spec.alpha = desc->alpha;
    spec.beta = desc->beta;
  }
  auto dtypeField = [&](const char *field, const aiter_dtype_t &t,
                        const char *zeroMeans,
                        std::optional<SpecDtype> &dst) -> aiter_status_t {
    if (enumValue(t) == 0)
      return ok();
    dst = specDtype(t);
    if (!dst)
      return fail(AITER_ERROR_INVALID_ARGUMENT,
                  std::string(field) + " is " + std::to_string(enumValue(t)) +
                      ": it must be 0 (" + zeroMeans +
                      "), AITER_DTYPE_F16, AITER_DTYPE_BF16 or "
                      "AITER_DTYPE_F32");
    return ok();
  };
  if (aiter_status_t s =
          dtypeField("desc.c_dtype", desc->c_dtype, "no C input", spec.cDtype))
    return s;
  if (spec.beta != 0 && !spec.cDtype)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "desc.beta is " + formatSpecFloat(spec.beta) +
                    " but desc.c_dtype is 0 (no C input): beta != 0 needs C");
  if (spec.beta == 0 && spec.cDtype)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "desc.c_dtype is set but beta is 0 (with beta 0 no C is "
                "read): set desc.has_alpha_beta and desc.beta, or c_dtype 0");
  int bias = enumValue(desc->bias);
  if (bias < AITER_GEMM_BIAS_NONE || bias > AITER_GEMM_BIAS_COL)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "desc.bias is " + std::to_string(bias) +
                    ": it must be AITER_GEMM_BIAS_NONE, AITER_GEMM_BIAS_ROW or "
                    "AITER_GEMM_BIAS_COL");
  std::optional<SpecDtype> biasDt;
  if (aiter_status_t s = dtypeField("desc.bias_dtype", desc->bias_dtype,
                                    "with AITER_GEMM_BIAS_NONE", biasDt))
    return s;
  if (bias != AITER_GEMM_BIAS_NONE && !biasDt)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "desc.bias_dtype is 0: a bias (desc.bias) needs its dtype");
  if (bias == AITER_GEMM_BIAS_NONE && biasDt)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "desc.bias_dtype is set but desc.bias is AITER_GEMM_BIAS_NONE");
  if (bias != AITER_GEMM_BIAS_NONE) {
    spec.bias = bias == AITER_GEMM_BIAS_ROW ? GemmBias::Row : GemmBias::Col;
    spec.biasDtype = *biasDt;
  }
  switch (enumValue(desc->activation)) {
  case AITER_GEMM_ACTIVATION_NONE:
    break;
  case AITER_GEMM_ACTIVATION_RELU:
    spec.activation = GemmActivation::Relu;
    break;
  case AITER_GEMM_ACTIVATION_GELU:
    spec.activation = GemmActivation::Gelu;
    break;
  case AITER_GEMM_ACTIVATION_GELU_ERF:
    spec.activation = GemmActivation::GeluErf;
    break;
  case AITER_GEMM_ACTIVATION_SILU:
    spec.activation = GemmActivation::Silu;
    break;
  default:
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "desc.activation is " +
                    std::to_string(enumValue(desc->activation)) +
                    ": it must be an aiter_gemm_activation_t value (0 = none)");
  }
  auto k = std::make_unique<aiter_kernel_s>();
  k->gemm = *desc;
  k->gemm.chip = k->gemm.config = nullptr; // not owned
  if (aiter_status_t s =
          createKernel(context, Kind::Gemm, ProblemSpec::of(spec), in->chip,
                       in->config, k.get()))
    return s;
  *outKernel = k.release();
  return ok();
}

aiter_status_t aiter_kernel_create_attention(aiter_context_t context,
                                             const aiter_attention_desc_t *in,
                                             aiter_kernel_t *outKernel) {
  // An ABI 2 caller's struct ends before `alibi`: neither ALiBi nor a bias.
  const size_t abi2 = offsetof(aiter_attention_desc_t, alibi);
  if (aiter_status_t st = checkCreateArgs(context, in, outKernel,
                                          "aiter_attention_desc_t", abi2, 2))
    return st;
  // The caller's bytes only; the fields it does not have stay 0.
  aiter_attention_desc_t full{};
  std::memcpy(&full, in, in->struct_size);
  full.struct_size = sizeof(full);
  const aiter_attention_desc_t *desc = &full;
  std::optional<SpecDtype> dt = specDtype(desc->dtype);
  if (!dt)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "unknown dtype enum value");
  if (*dt == SpecDtype::F32)
    return fail(AITER_ERROR_UNSUPPORTED, "attention dtype must be f16 or bf16");
  if (desc->head_dim <= 0 || desc->head_dim_v < 0)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "head_dim must be positive");
  int layout = enumValue(desc->layout);
  if (layout != AITER_ATTENTION_LAYOUT_BSHD &&
      layout != AITER_ATTENTION_LAYOUT_BHSD)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "unknown layout enum value");
  // 0 means "not set" (no softcap, 1/sqrt(head_dim)); anything else must be
  // a finite positive number.
  for (auto [field, value] : {std::pair{"desc.scale", desc->scale},
                              std::pair{"desc.softcap", desc->softcap}})
    if (!std::isfinite(value) || value < 0)
      return fail(AITER_ERROR_INVALID_ARGUMENT,
                  std::string(field) + " is " + formatSpecFloat(value) +
                      ": it must be finite and positive (0 = not set)");
  std::optional<SpecDtype> biasDtype;
  if (enumValue(desc->bias_dtype) != 0) {
    biasDtype = specDtype(desc->bias_dtype);
    if (!biasDtype)
      return fail(AITER_ERROR_INVALID_ARGUMENT,
                  "desc.bias_dtype is " +
                      std::to_string(enumValue(desc->bias_dtype)) +
                      ": it must be 0 (no bias), AITER_DTYPE_F16, "
                      "AITER_DTYPE_BF16 or AITER_DTYPE_F32");
  }
  AttentionSpec spec;
  spec.dtype = *dt;
  spec.alibi = desc->alibi != 0;
  spec.biasDtype = biasDtype;
  spec.headDim = desc->head_dim;
  spec.headDimV = desc->head_dim_v;
  spec.causal = desc->causal;
  spec.hasWindow = desc->has_window;
  spec.windowLeft = desc->window_left;
  spec.windowRight = desc->window_right;
  spec.softcap = desc->softcap;
  spec.scale = desc->scale;
  spec.returnLse = desc->return_lse;
  spec.layout = layout == AITER_ATTENTION_LAYOUT_BHSD ? SpecLayout::BHSD
                                                      : SpecLayout::BSHD;
  auto k = std::make_unique<aiter_kernel_s>();
  k->attn = *desc;
  k->attn.chip = k->attn.config = nullptr;
  if (aiter_status_t s =
          createKernel(context, Kind::Attention, ProblemSpec::of(spec),
                       desc->chip, desc->config, k.get()))
    return s;
  *outKernel = k.release();
  return ok();
}
