//===- LdsBanks.cpp - CDNA3/CDNA4 LDS bank-conflict model -----------------===//
//
// Counts the cycles one wave-wide LDS access takes: lanes are grouped in
// phases of banks*4 bytes, each bank serves one distinct dword per cycle.
//
//===----------------------------------------------------------------------===//

#include "aiter/Emulator/LdsBanks.h"

#include <algorithm>

namespace aemu = ::aiter::emu;
using namespace ::aiter::emu;

LdsCost aemu::ldsAccessCost(const uint32_t *addrs, uint64_t exec,
                                  unsigned bytesPerLane, unsigned banks) {
  LdsCost cost;
  unsigned width = std::max(4u, std::min(16u, bytesPerLane));
  unsigned dwordsPerLane = width / 4;
  unsigned lanesPerPhase = std::min(64u, banks * 4 / width);
  // Distinct dwords per bank within a phase: at most 64*4 entries.
  uint32_t seen[64][64];
  unsigned count[64];
  const unsigned n = bytesPerLane < 4 ? 1 : dwordsPerLane;
  for (unsigned first = 0; first < 64; first += lanesPerPhase) {
    // The common conflict-free phase: every dword in a bank of its own
    // (banks <= 64) costs one cycle; a shared bank (a conflict or a
    // broadcast) takes the counting below.
    uint64_t used = 0;
    bool distinct = banks <= 64, active = false;
    for (unsigned lane = first; lane < first + lanesPerPhase && distinct;
         ++lane) {
      if (!((exec >> lane) & 1))
        continue;
      active = true;
      uint32_t dw0 = addrs[lane] / 4;
      for (unsigned d = 0; d < n; ++d) {
        uint64_t bit = uint64_t(1) << ((dw0 + d) % banks);
        distinct &= !(used & bit);
        used |= bit;
      }
    }
    if (distinct) {
      cost.cycles += active ? 1 : 0;
      continue;
    }
    std::fill(count, count + banks, 0u);
    unsigned busiest = 0;
    bool any = false;
    for (unsigned lane = first; lane < first + lanesPerPhase; ++lane) {
      if (!((exec >> lane) & 1))
        continue;
      any = true;
      uint32_t dw0 = addrs[lane] / 4;
      for (unsigned d = 0; d < n; ++d) {
        uint32_t dw = dw0 + d;
        unsigned bank = dw % banks;
        bool dup = false;
        for (unsigned i = 0; i < count[bank] && !dup; ++i)
          dup = seen[bank][i] == dw;
        if (dup)
          continue;
        if (count[bank] < 64)
          seen[bank][count[bank]] = dw;
        busiest = std::max(busiest, ++count[bank]);
      }
    }
    if (!any)
      continue;
    cost.cycles += busiest;
    cost.conflicts += busiest - 1;
  }
  return cost;
}
