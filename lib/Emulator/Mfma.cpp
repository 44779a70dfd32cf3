//===- Mfma.cpp - MFMA operand layouts and inner products -------*- C++ -*-===//
//
// The register layouts of amdgpu.mfma decoded once per instruction shape, and
// the blocked inner product the interpreter runs on operands it has converted
// to double once per instruction.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

using namespace aiter::emu::detail;

/// The layouts of the AMD Matrix Instruction Calculator (`_coord_to_lane_eqn`,
/// `_coord_to_output_reg_eqn`) and the CDNA3 ISA guide section 7, as
/// docs/emulator.md states them: A[i][k] of block b is in lane
/// i + M*(b + B*(k / KL)), item k % KL; B[k][j] in lane j + N*(b + B*(k / KL));
/// C/D as below per M.
void aiter::emu::detail::planMfma(MfmaInfo &mi) {
  const unsigned M = mi.m, N = mi.n, B = mi.blocks, KL = mi.kl, Kd = mi.k;
  const unsigned accN = mi.accN();
  mi.aAt.resize(64 * KL);
  mi.bAt.resize(64 * KL);
  for (unsigned lane = 0; lane < 64; ++lane)
    for (unsigned it = 0; it < KL; ++it) {
      unsigned i = lane % M, rest = lane / M, b = rest % B,
               k = (rest / B) * KL + it;
      mi.aAt[lane * KL + it] = uint16_t((b * M + i) * Kd + k);
      unsigned j = lane % N, restb = lane / N, bb = restb % B,
               kb = (restb / B) * KL + it;
      mi.bAt[lane * KL + it] = uint16_t((bb * Kd + kb) * N + j);
    }
  mi.cAt.resize(64 * accN);
  for (unsigned lane = 0; lane < 64; ++lane)
    for (unsigned r = 0; r < accN; ++r) {
      unsigned i, j, b;
      if (M == 32) {
        j = lane % 32;
        b = r / 16;
        unsigned rr = r % 16;
        i = 8 * (rr / 4) + 4 * (lane / 32) + rr % 4;
      } else if (M == 16) {
        j = lane % 16;
        b = r / 4;
        i = 4 * (lane / 16) + r % 4;
      } else { // 4x4, 16 blocks
        j = lane % 4;
        b = lane / 4;
        i = r;
      }
      mi.cAt[lane * accN + r] = uint16_t((b * M + i) * N + j);
    }
}

/// One output row at a time, its N accumulators in registers, each product
/// added in k order. The products of f32/f16/bf16/fp8 values are exact in
/// double, so a fused multiply-add (which the host compiler may form) rounds
/// exactly as the separate add does: the results do not depend on it.
template <unsigned N>
static inline __attribute__((always_inline)) void
rows(const double *a, const double *b, double *acc, unsigned blocks, unsigned M,
     unsigned Kd) {
  for (unsigned blk = 0; blk < blocks; ++blk) {
    const double *bb = b + size_t(blk) * Kd * N;
    for (unsigned i = 0; i < M; ++i) {
      const double *ar = a + (size_t(blk) * M + i) * Kd;
      double *out = acc + (size_t(blk) * M + i) * N;
      double t[N];
      for (unsigned j = 0; j < N; ++j)
        t[j] = out[j];
      for (unsigned k = 0; k < Kd; ++k) {
        double x = ar[k];
        const double *br = bb + size_t(k) * N;
        for (unsigned j = 0; j < N; ++j)
          t[j] += x * br[j];
      }
      for (unsigned j = 0; j < N; ++j)
        out[j] = t[j];
    }
  }
}

// Host builds target baseline x86-64; wide vectors pay off here, so the
// function is cloned per ISA level and picked when the library loads.
#if defined(__x86_64__) && defined(__clang__) && defined(__ELF__)
#define AITER_MFMA_CLONES                                                      \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define AITER_MFMA_CLONES
#endif

AITER_MFMA_CLONES
void aiter::emu::detail::mfmaInnerProducts(const MfmaInfo &mi, const double *a,
                                           const double *b, double *acc) {
  switch (mi.n) {
  case 32:
    return rows<32>(a, b, acc, mi.blocks, mi.m, mi.k);
  case 16:
    return rows<16>(a, b, acc, mi.blocks, mi.m, mi.k);
  default: // 4, the only other shape planMfma's callers accept
    return rows<4>(a, b, acc, mi.blocks, mi.m, mi.k);
  }
}
