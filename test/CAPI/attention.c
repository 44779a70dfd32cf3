// Attention through the C API on the emulator: a causal GQA kernel with LSE
// in bhsd layout (2 query heads sharing 1 kv head, seq_q != seq_k) against a
// double-precision CPU reference of softmax(scale * q k^T) v.
//
// REQUIRES: libaiter
// RUN: rm -rf %t.cache && %cc %s -o %t && %t %t.cache | FileCheck %s
// CHECK: PASS

#include "../Runtime/Inputs/cacheutil.h"

enum { B = 1, H = 2, HK = 1, SQ = 20, SK = 24, D = 64 };

int main(int argc, char **argv) {
  (void)argc;
  aiter_context_t ctx = open_ctx(argv[1], AITER_CACHE_MODE_RW);
  aiter_attention_desc_t d;
  memset(&d, 0, sizeof(d));
  d.struct_size = sizeof(d);
  d.dtype = AITER_DTYPE_BF16;
  d.head_dim = D;
  d.causal = 1;
  d.return_lse = 1;
  d.layout = AITER_ATTENTION_LAYOUT_BHSD;
  aiter_kernel_t k = NULL;
  EXPECT_OK(aiter_kernel_create_attention(ctx, &d, &k));

  static uint16_t q[B * H * SQ * D], kk[B * HK * SK * D], v[B * HK * SK * D],
      o[B * H * SQ * D];
  static float lse[B * H * SQ];
  fill_bf16(q, sizeof(q) / 2, 3);
  fill_bf16(kk, sizeof(kk) / 2, 4);
  fill_bf16(v, sizeof(v) / 2, 5);
  int64_t sq[4] = {B, H, SQ, D}, sk[4] = {B, HK, SK, D}, sl[3] = {B, H, SQ};
  DLTensor tq = make_tensor(q, kDLBfloat, 16, 4, sq, NULL);
  DLTensor tk = make_tensor(kk, kDLBfloat, 16, 4, sk, NULL);
  DLTensor tv = make_tensor(v, kDLBfloat, 16, 4, sk, NULL);
  DLTensor to = make_tensor(o, kDLBfloat, 16, 4, sq, NULL);
  DLTensor tl = make_tensor(lse, kDLFloat, 32, 3, sl, NULL);
  EXPECT_OK(aiter_attention_launch(k, &tq, &tk, &tv, &to, &tl, NULL));

  double scale = 1.0 / sqrt((double)D), worst = 0, worstLse = 0;
  for (int h = 0; h < H; ++h)
    for (int i = 0; i < SQ; ++i) {
      const uint16_t *qi = q + (h * SQ + i) * D;
      double s[SK], m = -INFINITY, l = 0;
      int last = i + SK - SQ; /* bottom-right aligned causal */
      for (int j = 0; j <= last; ++j) {
        const uint16_t *kj = kk + j * D; /* one kv head */
        double dot = 0;
        for (int c = 0; c < D; ++c)
          dot += (double)bf16_to_f32(qi[c]) * bf16_to_f32(kj[c]);
        s[j] = dot * scale;
        m = s[j] > m ? s[j] : m;
      }
      for (int j = 0; j <= last; ++j)
        l += exp(s[j] - m);
      for (int c = 0; c < D; ++c) {
        double acc = 0;
        for (int j = 0; j <= last; ++j)
          acc += exp(s[j] - m) / l * bf16_to_f32(v[j * D + c]);
        double err = fabs(acc - bf16_to_f32(o[(h * SQ + i) * D + c]));
        worst = err > worst ? err : worst;
      }
      double e = fabs(m + log(l) - lse[h * SQ + i]);
      worstLse = e > worstLse ? e : worstLse;
    }
  fprintf(stderr, "max abs error: o %g, lse %g\n", worst, worstLse);
  EXPECT_TRUE(worst < 2e-2 && worstLse < 1e-3);
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  printf("PASS\n");
  return 0;
}
