//===- Validation.cpp - tensor arguments of launches ----------------------===//
//
// DLPack tensors become views (dtype, rank, strides, extent, overlap), and
// each launch checks its tensors against each other before it runs.
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "aiter/Runtime/Alignment.h"

#include <algorithm>
#include <climits>

using namespace aiter::capi;
using namespace aiter::rt;

static bool dlDtypeIs(const DLDataType &t, aiter_dtype_t want) {
  if (t.lanes != 1)
    return false;
  switch (want) {
  case AITER_DTYPE_F16:
    return t.code == kDLFloat && t.bits == 16;
  case AITER_DTYPE_BF16:
    return t.code == kDLBfloat && t.bits == 16;
  case AITER_DTYPE_F32:
    return t.code == kDLFloat && t.bits == 32;
  }
  return false;
}

/// Why an output's strides make two of its elements share an address ("" if
/// they do not). Sufficient, not necessary: sorted by stride, each dimension
/// must step past everything the smaller ones span, which every dense,
/// padded or permuted layout does; interleavings beyond that are refused
/// rather than proven.
static std::string selfOverlap(const View &v) {
  int order[8], n = 0;
  for (int i = 0; i < v.rank; ++i)
    if (v.shape[i] > 1)
      order[n++] = i;
  std::sort(order, order + n,
            [&](int a, int b) { return v.strides[a] < v.strides[b]; });
  int64_t span = 1; // elements the smaller dimensions cover
  for (int k = 0; k < n; ++k) {
    int d = order[k];
    if (v.strides[d] < span)
      return "an output whose elements overlap: dimension " +
             std::to_string(d) + " (extent " + std::to_string(v.shape[d]) +
             ") has stride " + std::to_string(v.strides[d]) +
             ", but the dimensions with smaller strides span " +
             std::to_string(span) + " elements";
    span += (v.shape[d] - 1) * v.strides[d]; // no overflow: checked extent
  }
  return "";
}

/// Rejects an output whose memory overlaps another tensor of the launch: the
/// kernel would read what it has already overwritten, or two outputs would
/// race. Compares byte ranges, so interleaved views of one buffer count as
/// overlapping too.
aiter_status_t aiter::capi::checkNoOverlap(const View *views, size_t n,
                                           size_t firstOutput) {
  for (size_t o = firstOutput; o < n; ++o)
    for (size_t i = 0; i < n; ++i) {
      if (i == o || !views[o].bytes || !views[i].bytes)
        continue;
      const View &a = views[o], &b = views[i];
      if (a.base < b.base + uint64_t(b.bytes) &&
          b.base < a.base + uint64_t(a.bytes))
        return fail(AITER_ERROR_BAD_TENSOR,
                    std::string(a.what) + ": the output's memory overlaps " +
                        b.what + "'s");
    }
  return ok();
}

aiter_status_t aiter::capi::checkTensor(const DLTensor *t, const char *what,
                                        aiter_dtype_t dtype, int rank,
                                        bool output, View &v) {
  auto bad = [&](const std::string &m) {
    return fail(AITER_ERROR_BAD_TENSOR, std::string(what) + ": " + m);
  };
  if (!t)
    return fail(AITER_ERROR_INVALID_ARGUMENT, std::string(what) + " is NULL");
  if (!dlDtypeIs(t->dtype, dtype))
    return bad(std::string("dtype must be ") + dtypeName(dtype) +
               " (DLPack code " + std::to_string(t->dtype.code) + ", " +
               std::to_string(t->dtype.bits) + " bits, " +
               std::to_string(t->dtype.lanes) + " lanes given)");
  if (t->ndim != rank)
    return bad("rank must be " + std::to_string(rank) + ", got " +
               std::to_string(t->ndim));
  if (!t->shape)
    return bad("shape is NULL");
  v.what = what;
  v.rank = rank;
  v.elemBytes = t->dtype.bits / 8;
  v.emuElem = dtype == AITER_DTYPE_F16 ? 0 : dtype == AITER_DTYPE_BF16 ? 1 : 2;
  int64_t numel = 1;
  for (int i = rank - 1; i >= 0; --i) {
    if (t->shape[i] < 0)
      return bad("negative extent in dimension " + std::to_string(i));
    v.shape[i] = t->shape[i];
    if (t->strides) {
      v.strides[i] = t->strides[i];
    } else {
      v.strides[i] = i == rank - 1 ? 1 : v.strides[i + 1] * v.shape[i + 1];
    }
    if (v.strides[i] < 0)
      return bad("negative strides are unsupported");
    if (__builtin_mul_overflow(numel, std::max<int64_t>(v.shape[i], 1), &numel))
      return bad("too many elements");
  }
  int64_t last = 0; // largest element index
  bool empty = false;
  for (int i = 0; i < rank; ++i) {
    if (v.shape[i] == 0)
      empty = true;
    int64_t term;
    if (v.shape[i] > 0 &&
        (__builtin_mul_overflow(v.shape[i] - 1, v.strides[i], &term) ||
         __builtin_add_overflow(last, term, &last)))
      return bad("extent overflows");
  }
  if (empty) {
    v.bytes = 0;
  } else if (__builtin_mul_overflow(last + 1, int64_t(v.elemBytes), &v.bytes)) {
    return bad("extent overflows");
  }
  if (output && !empty)
    if (std::string why = selfOverlap(v); !why.empty())
      return bad(why);
  if (!t->data && v.bytes)
    return bad("data is NULL");
  if (t->byte_offset % uint64_t(v.elemBytes))
    return bad("byte_offset is not a multiple of the element size");
  v.base = uint64_t(uintptr_t(t->data)) + t->byte_offset;
  if (v.base % uint64_t(v.elemBytes))
    return bad("data is not aligned to its element size");
  return ok();
}

bool aiter::capi::alignedOk(const View &v) {
  return checkAligned(v.base, v.bytes, v.shape, v.strides, v.rank).aligned();
}

static uint64_t ceilDiv(int64_t a, int64_t b) {
  return uint64_t((a + b - 1) / b);
}

/// The GEMM launch both entry points share: c and bias NULL when the kernel
/// has none.
static aiter_status_t launchGemm(aiter_kernel_t kernel, const DLTensor *a,
                                 const DLTensor *b, const DLTensor *dOut,
                                 const DLTensor *c, const DLTensor *bias,
                                 void *stream) {
  const aiter_gemm_desc_t &d = kernel->gemm;
  bool hasC = enumValue(d.c_dtype) != 0;
  bool hasBias = enumValue(d.bias) != AITER_GEMM_BIAS_NONE;
  if (hasC != (c != nullptr))
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                hasC ? "the kernel reads C (desc.c_dtype, beta != 0): c must "
                       "not be NULL"
                     : "the kernel reads no C (desc.c_dtype = 0): c must be "
                       "NULL");
  if (hasBias != (bias != nullptr))
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                hasBias ? "the kernel adds a bias (desc.bias): bias must not "
                          "be NULL"
                        : "the kernel has no bias (desc.bias = "
                          "AITER_GEMM_BIAS_NONE): bias must be NULL");
  View v[5];
  const char *outName = c || bias ? "d" : "c";
  if (aiter_status_t s = checkTensor(a, "a", d.dtype, 2, false, v[0]))
    return s;
  if (aiter_status_t s = checkTensor(b, "b", d.dtype, 2, false, v[1]))
    return s;
  if (aiter_status_t s = checkTensor(dOut, outName, d.out_dtype, 2, true, v[2]))
    return s;
  // Kernel arguments: a, b, d, [c], [bias].
  size_t n = 3, cAt = 0, biasAt = 0;
  if (c) {
    cAt = n++;
    if (aiter_status_t s = checkTensor(c, "c", d.c_dtype, 2, false, v[cAt]))
      return s;
  }
  if (bias) {
    biasAt = n++;
    if (aiter_status_t s =
            checkTensor(bias, "bias", d.bias_dtype, 1, false, v[biasAt]))
      return s;
  }
  const DLTensor *ts[5] = {a, b, dOut};
  {
    size_t i = 3;
    for (const DLTensor *t : {c, bias})
      if (t)
        ts[i++] = t;
  }
  aiter_device_kind_t dev;
  if (aiter_status_t s = devicesOf(ts, n, kernel, dev))
    return s;
  int64_t M = d.trans_a ? v[0].shape[1] : v[0].shape[0];
  int64_t K = d.trans_a ? v[0].shape[0] : v[0].shape[1];
  int64_t Kb = d.trans_b ? v[1].shape[1] : v[1].shape[0];
  int64_t N = d.trans_b ? v[1].shape[0] : v[1].shape[1];
  if (K != Kb)
    return fail(AITER_ERROR_BAD_TENSOR,
                "a has K = " + std::to_string(K) +
                    ", b has K = " + std::to_string(Kb));
  auto mxn = [&](const View &w, const char *what) -> aiter_status_t {
    if (w.shape[0] != M || w.shape[1] != N)
      return fail(AITER_ERROR_BAD_TENSOR,
                  std::string(what) + " must be " + std::to_string(M) + " x " +
                      std::to_string(N) + ", got " +
                      std::to_string(w.shape[0]) + " x " +
                      std::to_string(w.shape[1]));
    return ok();
  };
  if (aiter_status_t s = mxn(v[2], outName))
    return s;
  if (c)
    if (aiter_status_t s = mxn(v[cAt], "c"))
      return s;
  if (bias) {
    bool row = enumValue(d.bias) == AITER_GEMM_BIAS_ROW;
    int64_t want = row ? N : M;
    if (v[biasAt].shape[0] != want)
      return fail(AITER_ERROR_BAD_TENSOR,
                  std::string("bias must be ") + (row ? "[N] = [" : "[M] = [") +
                      std::to_string(want) + "] for desc.bias = " +
                      (row ? "AITER_GEMM_BIAS_ROW" : "AITER_GEMM_BIAS_COL") +
                      ", got [" + std::to_string(v[biasAt].shape[0]) + "]");
  }
  // C may be D itself (in place: each program reads its C tile before it
  // writes the same D tile, and the tiles of programs are disjoint); any
  // other overlap with the output is refused. The output is checked last.
  {
    bool inPlace = c && v[cAt].base == v[2].base &&
                   v[cAt].elemBytes == v[2].elemBytes &&
                   v[cAt].strides[0] == v[2].strides[0] &&
                   v[cAt].strides[1] == v[2].strides[1];
    View byRole[5];
    size_t m = 0;
    for (size_t i = 0; i < n; ++i)
      if (i != 2 && !(inPlace && i == cAt))
        byRole[m++] = v[i];
    size_t firstOutput = m;
    byRole[m++] = v[2];
    if (aiter_status_t s = checkNoOverlap(byRole, m, firstOutput)) {
      if (c && !inPlace && v[cAt].bytes && v[2].bytes &&
          v[cAt].base < v[2].base + uint64_t(v[2].bytes) &&
          v[2].base < v[cAt].base + uint64_t(v[cAt].bytes))
        return fail(AITER_ERROR_BAD_TENSOR,
                    "d: the output's memory overlaps c's; c may be d itself "
                    "(the same data, byte_offset, dtype and strides: in "
                    "place), not overlap it otherwise");
      return s;
    }
  }
  const KernelMeta &m = kernel->variants[0].entry->meta;
  uint64_t gx = ceilDiv(M, m.tileM), gy = ceilDiv(N, m.tileN);
  if (gx > UINT32_MAX || gy > UINT32_MAX)
    return fail(AITER_ERROR_BAD_TENSOR,
                "the problem needs too many workgroups");
  uint32_t grid[3] = {uint32_t(gx), uint32_t(gy), 1};
  return run(kernel, dev, v, n, grid, stream);
}

aiter_status_t aiter_gemm_launch(aiter_kernel_t kernel, const DLTensor *a,
                                 const DLTensor *b, const DLTensor *c,
                                 void *stream) {
  if (!kernel)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  if (kernel->kind != Kind::Gemm)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "aiter_gemm_launch on an attention kernel");
  const aiter_gemm_desc_t &d = kernel->gemm;
  if (enumValue(d.c_dtype) != 0 || enumValue(d.bias) != AITER_GEMM_BIAS_NONE)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                std::string("the kernel takes ") +
                    (enumValue(d.c_dtype) != 0 ? "a C input" : "a bias") +
                    ": launch it with aiter_gemm_launch_args");
  return launchGemm(kernel, a, b, c, nullptr, nullptr, stream);
}

aiter_status_t aiter_gemm_launch_args(aiter_kernel_t kernel,
                                      const aiter_gemm_args_t *args,
                                      void *stream) {
  if (!kernel || !args)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                !kernel ? "kernel is NULL" : "args is NULL");
  if (aiter_status_t s = checkStructSize(args->struct_size, "aiter_gemm_args_t",
                                         sizeof(aiter_gemm_args_t)))
    return s;
  if (kernel->kind != Kind::Gemm)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "aiter_gemm_launch_args on an attention kernel");
  return launchGemm(kernel, args->a, args->b, args->d, args->c, args->bias,
                    stream);
}

/// The attention launch both entry points share: the tensors in the
/// kernel's argument order, alibi and bias NULL when the kernel has none.
static aiter_status_t launchAttention(aiter_kernel_t kernel, const DLTensor *q,
                                      const DLTensor *k, const DLTensor *vt,
                                      const DLTensor *o, const DLTensor *lse,
                                      const DLTensor *alibi,
                                      const DLTensor *bias, void *stream) {
  const aiter_attention_desc_t &d = kernel->attn;
  if (d.return_lse && !lse)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "the kernel returns LSE: lse must not be NULL");
  if (!d.return_lse && lse)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "the kernel does not return LSE: lse must be NULL");
  bool hasBias = enumValue(d.bias_dtype) != 0;
  if (d.alibi && !alibi)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "the kernel has ALiBi (desc.alibi): alibi_slopes must not be "
                "NULL");
  if (!d.alibi && alibi)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "the kernel has no ALiBi (desc.alibi = 0): alibi_slopes must "
                "be NULL");
  if (hasBias && !bias)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "the kernel adds a bias (desc.bias_dtype): bias must not be "
                "NULL");
  if (!hasBias && bias)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "the kernel has no bias (desc.bias_dtype = 0): bias must be "
                "NULL");
  View v[7];
  if (aiter_status_t s = checkTensor(q, "q", d.dtype, 4, false, v[0]))
    return s;
  if (aiter_status_t s = checkTensor(k, "k", d.dtype, 4, false, v[1]))
    return s;
  if (aiter_status_t s = checkTensor(vt, "v", d.dtype, 4, false, v[2]))
    return s;
  if (aiter_status_t s = checkTensor(o, "o", d.dtype, 4, true, v[3]))
    return s;
  // Kernel arguments: q, k, v, o, [lse], [alibi], [bias].
  size_t n = 4, alibiAt = 0, biasAt = 0;
  if (lse) {
    if (aiter_status_t s =
            checkTensor(lse, "lse", AITER_DTYPE_F32, 3, true, v[n]))
      return s;
    ++n;
  }
  if (alibi) {
    if (alibi->ndim != 1 && alibi->ndim != 2)
      return fail(AITER_ERROR_BAD_TENSOR,
                  "alibi_slopes: must be [heads] or [batch, heads], got rank " +
                      std::to_string(alibi->ndim));
    alibiAt = n++;
    if (aiter_status_t s = checkTensor(alibi, "alibi_slopes", AITER_DTYPE_F32,
                                       alibi->ndim, false, v[alibiAt]))
      return s;
  }
  if (bias) {
    biasAt = n++;
    if (aiter_status_t s =
            checkTensor(bias, "bias", d.bias_dtype, 4, false, v[biasAt]))
      return s;
  }
  const DLTensor *ts[7] = {q, k, vt, o};
  {
    size_t i = 4;
    for (const DLTensor *t : {lse, alibi, bias})
      if (t)
        ts[i++] = t;
  }
  aiter_device_kind_t dev;
  if (aiter_status_t s = devicesOf(ts, n, kernel, dev))
    return s;
  bool bhsd = d.layout == AITER_ATTENTION_LAYOUT_BHSD;
  int sAx = bhsd ? 2 : 1, hAx = bhsd ? 1 : 2;
  int64_t dv = d.head_dim_v ? d.head_dim_v : d.head_dim;
  int64_t B = v[0].shape[0], H = v[0].shape[hAx], Sq = v[0].shape[sAx];
  int64_t Hk = v[1].shape[hAx], Sk = v[1].shape[sAx];
  auto bad = [](const std::string &m) {
    return fail(AITER_ERROR_BAD_TENSOR, m);
  };
  for (int i = 0; i < 4; ++i)
    if (v[i].shape[3] > 1 && v[i].strides[3] != 1)
      return bad(std::string(v[i].what) + ": the head dimension must be "
                                          "unit-stride");
  if (v[0].shape[3] != d.head_dim || v[1].shape[3] != d.head_dim)
    return bad("q and k must have head_dim " + std::to_string(d.head_dim));
  if (v[2].shape[3] != dv || v[3].shape[3] != dv)
    return bad("v and o must have head_dim_v " + std::to_string(dv));
  if (v[1].shape[0] != B || v[2].shape[0] != B || v[3].shape[0] != B)
    return bad("q, k, v and o must have the same batch");
  if (v[2].shape[hAx] != Hk || v[2].shape[sAx] != Sk)
    return bad("k and v must have the same heads and sequence length");
  if (v[3].shape[hAx] != H || v[3].shape[sAx] != Sq)
    return bad("o must have q's heads and sequence length");
  if (Hk == 0 ? H != 0 : H % Hk)
    return bad("q heads (" + std::to_string(H) +
               ") must be a multiple of kv heads (" + std::to_string(Hk) + ")");
  if (lse && (v[4].shape[0] != B || v[4].shape[1] != H || v[4].shape[2] != Sq))
    return bad("lse must be [batch, heads, seq_q]");
  auto shapeText = [](const View &w) {
    std::string t = "[";
    for (int i = 0; i < w.rank; ++i)
      t += (i ? ", " : "") + std::to_string(w.shape[i]);
    return t + "]";
  };
  if (alibi) {
    // The kernel reads [batch, heads]; [heads] is that with batch stride 0.
    View &a = v[alibiAt];
    bool perBatch = a.rank == 2;
    if (perBatch ? a.shape[0] != B || a.shape[1] != H : a.shape[0] != H)
      return bad("alibi_slopes must be [heads] = [" + std::to_string(H) +
                 "] or [batch, heads] = [" + std::to_string(B) + ", " +
                 std::to_string(H) + "], got " + shapeText(a));
    if (!perBatch) {
      a.rank = 2;
      a.shape[1] = a.shape[0];
      a.strides[1] = a.strides[0];
      a.shape[0] = B;
      a.strides[0] = 0;
    }
  }
  if (bias) {
    // Broadcast as numpy/torch do: an extent of 1 stands for the full one
    // with stride 0.
    View &w = v[biasAt];
    const int64_t full[4] = {B, H, Sq, Sk};
    for (int i = 0; i < 4; ++i)
      if (w.shape[i] != full[i] && w.shape[i] != 1)
        return bad("bias must be broadcastable to [batch, heads, seq_q, "
                   "seq_k] = [" +
                   std::to_string(B) + ", " + std::to_string(H) + ", " +
                   std::to_string(Sq) + ", " + std::to_string(Sk) +
                   "] (each extent equal or 1), got " + shapeText(w));
    for (int i = 0; i < 4; ++i)
      if (w.shape[i] != full[i]) {
        w.shape[i] = full[i];
        w.strides[i] = 0;
      }
  }
  // Only o and lse are written: the overlap check takes the inputs first.
  {
    View byRole[7];
    size_t m = 0;
    for (size_t i = 0; i < n; ++i)
      if (i != 3 && !(lse && i == 4))
        byRole[m++] = v[i];
    size_t firstOutput = m;
    byRole[m++] = v[3];
    if (lse)
      byRole[m++] = v[4];
    if (aiter_status_t s = checkNoOverlap(byRole, m, firstOutput))
      return s;
  }
  const KernelMeta &m = kernel->variants[0].entry->meta;
  uint64_t gx = ceilDiv(Sq, m.tileM);
  int64_t bh;
  if (__builtin_mul_overflow(B, H, &bh) || gx > UINT32_MAX || bh > UINT32_MAX)
    return bad("the problem needs too many workgroups");
  uint32_t grid[3] = {uint32_t(gx), uint32_t(bh), 1};
  return run(kernel, dev, v, n, grid, stream);
}

aiter_status_t aiter_attention_launch(aiter_kernel_t kernel, const DLTensor *q,
                                      const DLTensor *k, const DLTensor *vt,
                                      const DLTensor *o, const DLTensor *lse,
                                      void *stream) {
  if (!kernel)
    return fail(AITER_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  if (kernel->kind != Kind::Attention)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "aiter_attention_launch on a gemm kernel");
  const aiter_attention_desc_t &d = kernel->attn;
  if (d.alibi || enumValue(d.bias_dtype) != 0)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                std::string("the kernel takes ") +
                    (d.alibi ? "alibi_slopes" : "a bias") +
                    ": launch it with aiter_attention_launch_args");
  return launchAttention(kernel, q, k, vt, o, lse, nullptr, nullptr, stream);
}

aiter_status_t aiter_attention_launch_args(aiter_kernel_t kernel,
                                           const aiter_attention_args_t *args,
                                           void *stream) {
  if (!kernel || !args)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                !kernel ? "kernel is NULL" : "args is NULL");
  if (aiter_status_t s =
          checkStructSize(args->struct_size, "aiter_attention_args_t",
                          sizeof(aiter_attention_args_t)))
    return s;
  if (kernel->kind != Kind::Attention)
    return fail(AITER_ERROR_INVALID_ARGUMENT,
                "aiter_attention_launch_args on a gemm kernel");
  return launchAttention(kernel, args->q, args->k, args->v, args->o, args->lse,
                         args->alibi_slopes, args->bias, stream);
}
