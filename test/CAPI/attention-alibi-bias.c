// ALiBi and an additive bias through the C API on the emulator (ABI 3):
// desc.alibi and desc.bias_dtype, launched with aiter_attention_launch_args;
// slopes [heads] (one per head, shared by the batch) and an f32 bias of shape
// [1, heads, seq_q, seq_k] (extent 1 broadcasts the batch), causal, GQA 2:1,
// LSE, against a double-precision CPU reference of
// softmax(scale q k^T - slope |i + seq_k - seq_q - j| + bias) v. Then the
// argument checks: the old launch and missing, extra or misshapen tensors
// are refused naming the argument; an unknown bias dtype is an invalid
// argument; an ABI 2 descriptor (struct_size = offsetof(alibi)) still works
// and its fields past the end are not read; the keys of the three specs
// differ.
//
// REQUIRES: libaiter
// RUN: rm -rf %t.cache && %cc %s -o %t -lm && %t %t.cache | FileCheck %s
// CHECK: PASS

#include "../Runtime/Inputs/cacheutil.h"

#include <stddef.h>

enum { B = 2, H = 2, HK = 1, SQ = 20, SK = 24, D = 64 };

static aiter_attention_desc_t desc(void) {
  aiter_attention_desc_t d;
  memset(&d, 0, sizeof(d));
  d.struct_size = sizeof(d);
  d.dtype = AITER_DTYPE_BF16;
  d.head_dim = D;
  d.causal = 1;
  d.return_lse = 1;
  d.layout = AITER_ATTENTION_LAYOUT_BHSD;
  return d;
}

int main(int argc, char **argv) {
  (void)argc;
  EXPECT_TRUE(aiter_abi_version() >= 3);
  aiter_context_t ctx = open_ctx(argv[1], AITER_CACHE_MODE_RW);
  aiter_attention_desc_t d = desc();
  d.alibi = 1;
  d.bias_dtype = AITER_DTYPE_F32;
  aiter_kernel_t k = NULL;
  EXPECT_OK(aiter_kernel_create_attention(ctx, &d, &k));

  static uint16_t q[B * H * SQ * D], kk[B * HK * SK * D], v[B * HK * SK * D],
      o[B * H * SQ * D];
  static float lse[B * H * SQ], slopes[H] = {0.25f, 0.0625f}, bias[H * SQ * SK];
  fill_bf16(q, sizeof(q) / 2, 3);
  fill_bf16(kk, sizeof(kk) / 2, 4);
  fill_bf16(v, sizeof(v) / 2, 5);
  unsigned seed = 6;
  for (int i = 0; i < H * SQ * SK; ++i)
    bias[i] = 4 * rand_unit(&seed); /* [-2, 2) */
  int64_t sq[4] = {B, H, SQ, D}, sk[4] = {B, HK, SK, D}, sl[3] = {B, H, SQ},
          sa[1] = {H}, sb[4] = {1, H, SQ, SK};
  DLTensor tq = make_tensor(q, kDLBfloat, 16, 4, sq, NULL);
  DLTensor tk = make_tensor(kk, kDLBfloat, 16, 4, sk, NULL);
  DLTensor tv = make_tensor(v, kDLBfloat, 16, 4, sk, NULL);
  DLTensor to = make_tensor(o, kDLBfloat, 16, 4, sq, NULL);
  DLTensor tl = make_tensor(lse, kDLFloat, 32, 3, sl, NULL);
  DLTensor ta = make_tensor(slopes, kDLFloat, 32, 1, sa, NULL);
  DLTensor tb = make_tensor(bias, kDLFloat, 32, 4, sb, NULL);
  aiter_attention_args_t args;
  memset(&args, 0, sizeof(args));
  args.struct_size = sizeof(args);
  args.q = &tq;
  args.k = &tk;
  args.v = &tv;
  args.o = &to;
  args.lse = &tl;
  args.alibi_slopes = &ta;
  args.bias = &tb;
  EXPECT_OK(aiter_attention_launch_args(k, &args, NULL));

  double scale = 1.0 / sqrt((double)D), worst = 0, worstLse = 0;
  for (int b = 0; b < B; ++b)
    for (int h = 0; h < H; ++h)
      for (int i = 0; i < SQ; ++i) {
        const uint16_t *qi = q + ((b * H + h) * SQ + i) * D;
        const uint16_t *kb = kk + b * SK * D, *vb = v + b * SK * D;
        double s[SK], m = -INFINITY, l = 0;
        int diag = i + SK - SQ; /* bottom-right aligned causal */
        for (int j = 0; j <= diag; ++j) {
          double dot = 0;
          for (int c = 0; c < D; ++c)
            dot += (double)bf16_to_f32(qi[c]) * bf16_to_f32(kb[j * D + c]);
          s[j] = dot * scale - slopes[h] * fabs((double)(diag - j)) +
                 bias[(h * SQ + i) * SK + j];
          m = s[j] > m ? s[j] : m;
        }
        for (int j = 0; j <= diag; ++j)
          l += exp(s[j] - m);
        for (int c = 0; c < D; ++c) {
          double acc = 0;
          for (int j = 0; j <= diag; ++j)
            acc += exp(s[j] - m) / l * bf16_to_f32(vb[j * D + c]);
          double err =
              fabs(acc - bf16_to_f32(o[((b * H + h) * SQ + i) * D + c]));
          worst = err > worst ? err : worst;
        }
        double e = fabs(m + log(l) - lse[(b * H + h) * SQ + i]);
        worstLse = e > worstLse ? e : worstLse;
      }
  fprintf(stderr, "max abs error: o %g, lse %g\n", worst, worstLse);
  EXPECT_TRUE(worst < 2e-2 && worstLse < 1e-3);

  /* The old launch has no place for the slopes and the bias. */
  EXPECT_STATUS(aiter_attention_launch(k, &tq, &tk, &tv, &to, &tl, NULL),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("aiter_attention_launch_args");
  /* Missing slopes; a bias the kernel does not have is tested below. */
  args.alibi_slopes = NULL;
  EXPECT_STATUS(aiter_attention_launch_args(k, &args, NULL),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("alibi_slopes must not be NULL");
  args.alibi_slopes = &ta;
  /* Slopes of the wrong length, dtype or rank. */
  int64_t sa3[1] = {3}, sa2[2] = {1, H}, sa33[3] = {1, 1, H};
  DLTensor bad = make_tensor(slopes, kDLFloat, 32, 1, sa3, NULL);
  args.alibi_slopes = &bad;
  EXPECT_STATUS(aiter_attention_launch_args(k, &args, NULL),
                AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("alibi_slopes must be [heads] = [2] or [batch, heads]");
  bad = make_tensor(slopes, kDLFloat, 32, 2, sa2, NULL); /* [1, H], B = 2 */
  EXPECT_STATUS(aiter_attention_launch_args(k, &args, NULL),
                AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("got [1, 2]");
  bad = make_tensor(slopes, kDLFloat, 32, 3, sa33, NULL);
  EXPECT_STATUS(aiter_attention_launch_args(k, &args, NULL),
                AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("alibi_slopes: must be [heads] or [batch, heads]");
  bad = make_tensor(slopes, kDLBfloat, 16, 1, sa, NULL);
  EXPECT_STATUS(aiter_attention_launch_args(k, &args, NULL),
                AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("alibi_slopes: dtype must be f32");
  args.alibi_slopes = &ta;
  /* A bias that does not broadcast, or of another dtype. */
  int64_t sbBad[4] = {1, H, SQ, 5};
  DLTensor badBias = make_tensor(bias, kDLFloat, 32, 4, sbBad, NULL);
  args.bias = &badBias;
  EXPECT_STATUS(aiter_attention_launch_args(k, &args, NULL),
                AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("bias must be broadcastable to [batch, heads, seq_q, "
                        "seq_k] = [2, 2, 20, 24]");
  badBias = make_tensor(bias, kDLBfloat, 16, 4, sb, NULL);
  EXPECT_STATUS(aiter_attention_launch_args(k, &args, NULL),
                AITER_ERROR_BAD_TENSOR);
  EXPECT_ERROR_MENTIONS("bias: dtype must be f32");
  args.bias = NULL;
  EXPECT_STATUS(aiter_attention_launch_args(k, &args, NULL),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("bias must not be NULL");
  args.bias = &tb;
  /* The args struct is versioned too. */
  args.struct_size = sizeof(args) - 1;
  EXPECT_STATUS(aiter_attention_launch_args(k, &args, NULL),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("aiter_attention_args_t.struct_size");
  args.struct_size = sizeof(args);
  EXPECT_STATUS(aiter_attention_launch_args(k, NULL, NULL),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("args is NULL");

  /* An unknown bias dtype enum value. */
  aiter_attention_desc_t e = desc();
  *(int *)&e.bias_dtype = 42;
  aiter_kernel_t none = NULL;
  EXPECT_STATUS(aiter_kernel_create_attention(ctx, &e, &none),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("desc.bias_dtype is 42");
  EXPECT_TRUE(none == NULL);

  /* An ABI 2 caller's descriptor ends before `alibi`: what lies past it
   * (here garbage) is not read, and the kernel has neither feature. */
  aiter_attention_desc_t old = desc();
  old.struct_size = offsetof(aiter_attention_desc_t, alibi);
  old.alibi = 1;
  *(int *)&old.bias_dtype = 99;
  aiter_kernel_t plain = NULL, plain3 = NULL;
  EXPECT_OK(aiter_kernel_create_attention(ctx, &old, &plain));
  aiter_attention_desc_t cur = desc();
  EXPECT_OK(aiter_kernel_create_attention(ctx, &cur, &plain3));
  char k1[AITER_CACHE_KEY_SIZE], k2[AITER_CACHE_KEY_SIZE],
      k3[AITER_CACHE_KEY_SIZE];
  EXPECT_OK(
      aiter_kernel_get_cache_key(plain, AITER_VARIANT_ALIGNED, k1, sizeof(k1)));
  EXPECT_OK(aiter_kernel_get_cache_key(plain3, AITER_VARIANT_ALIGNED, k2,
                                       sizeof(k2)));
  EXPECT_OK(
      aiter_kernel_get_cache_key(k, AITER_VARIANT_ALIGNED, k3, sizeof(k3)));
  EXPECT_TRUE(strcmp(k1, k2) == 0 && strcmp(k1, k3) != 0);
  /* Sizes other than ABI 2's and ABI 3's are refused, naming both. */
  old.struct_size = offsetof(aiter_attention_desc_t, bias_dtype);
  EXPECT_STATUS(aiter_kernel_create_attention(ctx, &old, &none),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("ABI 2");
  /* The plain kernel launches the old way, and refuses extra tensors. */
  EXPECT_OK(aiter_attention_launch(plain, &tq, &tk, &tv, &to, &tl, NULL));
  EXPECT_STATUS(aiter_attention_launch_args(plain, &args, NULL),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("alibi_slopes must be NULL");
  args.alibi_slopes = NULL;
  EXPECT_STATUS(aiter_attention_launch_args(plain, &args, NULL),
                AITER_ERROR_INVALID_ARGUMENT);
  EXPECT_ERROR_MENTIONS("bias must be NULL");
  args.bias = NULL;
  EXPECT_OK(aiter_attention_launch_args(plain, &args, NULL));

  aiter_kernel_destroy(plain3);
  aiter_kernel_destroy(plain);
  aiter_kernel_destroy(k);
  aiter_context_destroy(ctx);
  printf("PASS\n");
  return 0;
}
