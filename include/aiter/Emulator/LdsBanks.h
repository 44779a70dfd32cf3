//===- LdsBanks.h - CDNA3/CDNA4 LDS bank-conflict model ---------*- C++ -*-===//
//
// Cycles an LDS access of one wave costs under the bank model documented in
// docs/emulator.md (4-byte banks, lanes processed in phases per access width).
//
//===----------------------------------------------------------------------===//

#ifndef AITER_EMULATOR_LDSBANKS_H
#define AITER_EMULATOR_LDSBANKS_H

#include <cstdint>

namespace aiter {
namespace emu {

struct LdsCost {
  uint64_t cycles = 0;    ///< phases, each as long as its busiest bank
  uint64_t conflicts = 0; ///< cycles beyond one per phase
};

/// \p addrs: byte address per lane (only lanes set in \p exec count);
/// \p bytesPerLane: access width (1..16; wider accesses are split in 16-byte
/// pieces by the caller); \p banks: 32 (gfx942) or 64 (gfx950).
/// A phase covers banks*4 bytes of data: the lanes whose accesses fit in one
/// pass. Within a phase, each bank serves one distinct dword per cycle; the
/// same dword read by several lanes is a broadcast and costs nothing extra.
LdsCost ldsAccessCost(const uint32_t *addrs, uint64_t exec,
                      unsigned bytesPerLane, unsigned banks);

} // namespace emu
} // namespace aiter

#endif // AITER_EMULATOR_LDSBANKS_H
