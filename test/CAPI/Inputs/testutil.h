/*===- testutil.h - helpers of the plain C tests of the C API -----*- C -*-===*\
|*                                                                            *|
|* Status checks, DLTensor set-up, bf16 conversion and a GEMM reference, so   *|
|* each test reads as the API calls it makes.                                 *|
\*===----------------------------------------------------------------------===*/

#ifndef AITER_TEST_CAPI_TESTUTIL_H
#define AITER_TEST_CAPI_TESTUTIL_H

#include "aiter-c/aiter.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fails the test unless `expr` returns `want`; prints the last error. */
#define EXPECT_STATUS(expr, want)                                              \
  do {                                                                         \
    aiter_status_t s_ = (expr);                                                \
    if (s_ != (want)) {                                                        \
      fprintf(stderr, "%s:%d: %s returned %s, expected %s: %s\n", __FILE__,    \
              __LINE__, #expr, aiter_status_string(s_),                        \
              aiter_status_string(want), aiter_last_error_message());          \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)
#define EXPECT_OK(expr) EXPECT_STATUS(expr, AITER_OK)
#define EXPECT_TRUE(cond)                                                      \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);     \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)
/* The last error mentions `needle`. */
#define EXPECT_ERROR_MENTIONS(needle)                                          \
  do {                                                                         \
    if (!strstr(aiter_last_error_message(), (needle))) {                       \
      fprintf(stderr, "%s:%d: error '%s' does not mention '%s'\n", __FILE__,  \
              __LINE__, aiter_last_error_message(), (needle));                \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

static inline uint16_t f32_to_bf16(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  u += 0x7fff + ((u >> 16) & 1); /* round to nearest even */
  return (uint16_t)(u >> 16);
}
static inline float bf16_to_f32(uint16_t h) {
  uint32_t u = (uint32_t)h << 16;
  float f;
  memcpy(&f, &u, 4);
  return f;
}

static inline DLTensor make_tensor(void *data, DLDataTypeCode code,
                                   uint8_t bits, int32_t ndim, int64_t *shape,
                                   int64_t *strides) {
  DLTensor t;
  memset(&t, 0, sizeof(t));
  t.data = data;
  t.device.device_type = kDLCPU;
  t.device.device_id = 0;
  t.ndim = ndim;
  t.dtype.code = (uint8_t)code;
  t.dtype.bits = bits;
  t.dtype.lanes = 1;
  t.shape = shape;
  t.strides = strides;
  t.byte_offset = 0;
  return t;
}

static inline float rand_unit(unsigned *seed) {
  *seed = *seed * 1103515245u + 12345u;
  return (float)((*seed >> 8) & 0xffff) / 65536.0f - 0.5f;
}

/* Fills a (M x K) and b (K x N) bf16 row-major with random values. */
static inline void fill_bf16(uint16_t *p, size_t n, unsigned seed) {
  for (size_t i = 0; i < n; ++i)
    p[i] = f32_to_bf16(rand_unit(&seed));
}

/* Checks c (f32, M x N, row stride ldc) against a * b (bf16 row-major). */
static inline int check_gemm_f32(const uint16_t *a, const uint16_t *b,
                                 const float *c, int64_t M, int64_t N,
                                 int64_t K, int64_t ldc) {
  double worst = 0;
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      double ref = 0;
      for (int64_t k = 0; k < K; ++k)
        ref += (double)bf16_to_f32(a[i * K + k]) * bf16_to_f32(b[k * N + j]);
      double err = fabs(ref - c[i * ldc + j]);
      if (err > worst)
        worst = err;
    }
  if (worst > 1e-3) {
    fprintf(stderr, "gemm mismatch: max abs error %g\n", worst);
    return 0;
  }
  return 1;
}

#endif /* AITER_TEST_CAPI_TESTUTIL_H */
