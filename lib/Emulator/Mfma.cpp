//===- Mfma.cpp - MFMA operand layouts and inner products -------*- C++ -*-===//
//
// The register layouts of amdgpu.mfma decoded once per instruction shape, and
// the blocked inner product the interpreter runs on operands it has converted
// to double once per instruction.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "aiter/Emulator/FloatConv.h"

using namespace aiter::emu;
using namespace aiter::emu::detail;

/// The layouts of the AMD Matrix Instruction Calculator (`_coord_to_lane_eqn`,
/// `_coord_to_output_reg_eqn`) and the CDNA3 ISA guide section 7, as
/// docs/emulator.md states them: A[i][k] of block b is in lane
/// i + M*(b + B*(k / KL)), item k % KL; B[k][j] in lane j + N*(b + B*(k / KL));
/// C/D as below per M.
void aiter::emu::detail::planMfma(MfmaInfo &mi) {
  const unsigned M = mi.m, N = mi.n, B = mi.blocks, KL = mi.kl, Kd = mi.k;
  const unsigned accN = mi.accN();
  // Output item r of lane `lane` is C[b][i][j] with:
  auto outputAt = [&](unsigned lane, unsigned r, unsigned &b, unsigned &i,
                      unsigned &j) {
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
  };
  mi.laneMajor = B == 1 && (M == 32 || M == 16);
  // For laneMajor: row i of A is item r of lane group g (rowAt[i] = g * accN
  // + r), the same for every lane of the group.
  std::vector<unsigned> rowAt(M);
  if (mi.laneMajor)
    for (unsigned lane = 0; lane < 64; lane += N)
      for (unsigned r = 0; r < accN; ++r) {
        unsigned b, i, j;
        outputAt(lane, r, b, i, j);
        rowAt[i] = (lane / N) * accN + r;
      }
  mi.aAt.resize(64 * KL);
  mi.bAt.resize(64 * KL);
  for (unsigned lane = 0; lane < 64; ++lane)
    for (unsigned it = 0; it < KL; ++it) {
      unsigned i = lane % M, rest = lane / M, b = rest % B,
               k = (rest / B) * KL + it;
      unsigned j = lane % N, restb = lane / N, bb = restb % B,
               kb = (restb / B) * KL + it;
      if (mi.laneMajor) {
        unsigned g = rowAt[i] / accN, r = rowAt[i] % accN;
        mi.aAt[lane * KL + it] = uint16_t((g * Kd + k) * accN + r);
        mi.bAt[lane * KL + it] = uint16_t(j * Kd + kb);
      } else {
        mi.aAt[lane * KL + it] = uint16_t((b * M + i) * Kd + k);
        mi.bAt[lane * KL + it] = uint16_t((bb * Kd + kb) * N + j);
      }
    }
  mi.cAt.resize(64 * accN);
  for (unsigned lane = 0; lane < 64; ++lane)
    for (unsigned r = 0; r < accN; ++r) {
      unsigned b, i, j;
      outputAt(lane, r, b, i, j);
      mi.cAt[lane * accN + r] = uint16_t((b * M + i) * N + j);
    }
}

/// The products of f32/f16/bf16/fp8 values are exact in double, so a fused
/// multiply-add (which the host compiler may form) rounds exactly as the
/// separate add does: the results do not depend on it.

/// One lane at a time: its ACC accumulator items in registers, B[j][k]
/// broadcast, the rows of A its items hold contiguous ([g][k][r]).
template <unsigned ACC>
static inline __attribute__((always_inline)) void
laneMajor(const double *a, const double *b, const uint64_t *c, bool cUniform,
          uint64_t *d, unsigned N, unsigned Kd) {
  for (unsigned lane = 0; lane < 64; ++lane) {
    const unsigned g = lane / N, j = lane % N;
    const uint64_t *cl = c + (cUniform ? 0 : size_t(lane) * ACC);
    double t[ACC];
    for (unsigned r = 0; r < ACC; ++r)
      t[r] = bitsFloat(uint32_t(cl[r]));
    for (unsigned k = 0; k < Kd; ++k) {
      const double x = b[j * Kd + k];
      const double *ag = a + (size_t(g) * Kd + k) * ACC;
      for (unsigned r = 0; r < ACC; ++r)
        t[r] += x * ag[r];
    }
    uint64_t *dl = d + size_t(lane) * ACC;
    for (unsigned r = 0; r < ACC; ++r)
      dl[r] = floatBits(float(t[r]));
  }
}

/// One output row at a time, its N accumulators in registers.
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
void aiter::emu::detail::mfmaCompute(const MfmaInfo &mi, const double *a,
                                     const double *b, const uint64_t *c,
                                     bool cUniform, uint64_t *d,
                                     double *scratch) {
  const unsigned accN = mi.accN(), nAcc = 64 * accN;
  if (mi.laneMajor) {
    if (accN == 16)
      return laneMajor<16>(a, b, c, cUniform, d, mi.n, mi.k);
    return laneMajor<4>(a, b, c, cUniform, d, mi.n, mi.k);
  }
  for (unsigned x = 0; x < nAcc; ++x)
    scratch[mi.cAt[x]] = bitsFloat(uint32_t(c[cUniform ? x % accN : x]));
  switch (mi.n) {
  case 32:
    rows<32>(a, b, scratch, mi.blocks, mi.m, mi.k);
    break;
  case 16:
    rows<16>(a, b, scratch, mi.blocks, mi.m, mi.k);
    break;
  default: // 4, the only other shape compileKernel accepts
    rows<4>(a, b, scratch, mi.blocks, mi.m, mi.k);
    break;
  }
  for (unsigned x = 0; x < nAcc; ++x)
    d[x] = floatBits(float(scratch[mi.cAt[x]]));
}
