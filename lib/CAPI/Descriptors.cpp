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
                                        const aiter_gemm_desc_t *desc,
                                        aiter_kernel_t *outKernel) {
  if (aiter_status_t st =
          checkCreateArgs(context, desc, outKernel, "aiter_gemm_desc_t"))
    return st;
  std::optional<SpecDtype> in = specDtype(desc->dtype),
                           out = specDtype(desc->out_dtype);
  if (!in || !out)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "unknown dtype enum value");
  if (*in == SpecDtype::F32)
    return fail(AITER_ERROR_UNSUPPORTED,
                "gemm inputs must be f16 or bf16 (f32 inputs are unsupported)");
  GemmSpec spec;
  spec.dtype = *in;
  spec.outDtype = *out;
  spec.transA = desc->trans_a;
  spec.transB = desc->trans_b;
  auto k = std::make_unique<aiter_kernel_s>();
  k->gemm = *desc;
  k->gemm.chip = k->gemm.config = nullptr; // not owned
  if (aiter_status_t s =
          createKernel(context, Kind::Gemm, ProblemSpec::of(spec), desc->chip,
                       desc->config, k.get()))
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
