//===- Report.cpp - static quality report of compiled kernels ---*- C++ -*-===//
//
// Finds each kernel's main loop in the assembly listing, counts its
// instructions by class, and prints one JSON line per kernel.
//===----------------------------------------------------------------------===//

#include "aiter/Pipelines/Report.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using namespace mlir::aiter;
using llvm::StringRef;

unsigned aiter::mfmaIssueCycles(StringRef mnemonic) {
  if (!mnemonic.starts_with("v_mfma") && !mnemonic.starts_with("v_smfmac"))
    return 0;
  if (mnemonic.contains("_32x32x"))
    return 32;
  if (mnemonic.contains("_16x16x"))
    return 16;
  if (mnemonic.contains("_4x4x"))
    return 8;
  return 0;
}

/// The lines of `kernel`'s body: from its label to its `.Lfunc_end`.
static llvm::SmallVector<StringRef> kernelLines(StringRef assembly,
                                                StringRef kernel) {
  llvm::SmallVector<StringRef> lines, body;
  assembly.split(lines, '\n');
  std::string label = (kernel + ":").str();
  bool in = false;
  for (StringRef line : lines) {
    if (!in) {
      in = line.starts_with(label);
      continue;
    }
    if (line.starts_with(".Lfunc_end"))
      break;
    body.push_back(line);
  }
  return body;
}

/// The mnemonic of an instruction line, or "" for labels, directives and
/// comments.
static StringRef mnemonicOf(StringRef line) {
  StringRef t = line.ltrim();
  bool indented = line.starts_with("\t") || line.starts_with(" ");
  if (!indented || t.empty() || t.starts_with(";") || t.starts_with("."))
    return "";
  StringRef m = t.take_until([](char c) { return c == ' ' || c == '\t'; });
  if (m.starts_with("s_") || m.starts_with("v_") || m.starts_with("ds_") ||
      m.starts_with("buffer_") || m.starts_with("global_") ||
      m.starts_with("flat_"))
    return m;
  return "";
}

LoopMix aiter::analyzeMainLoop(StringRef assembly, StringRef kernel) {
  llvm::SmallVector<StringRef> body = kernelLines(assembly, kernel);
  // Loops = back-branches: a branch at line j to a label defined at i < j.
  llvm::StringMap<size_t> labelLine;
  struct Span {
    size_t begin, end;
  };
  llvm::SmallVector<Span> loops;
  for (size_t i = 0; i < body.size(); ++i) {
    StringRef line = body[i];
    if (line.starts_with(".LBB") && line.contains(':')) {
      labelLine[line.take_until([](char c) { return c == ':'; })] = i;
      continue;
    }
    StringRef m = mnemonicOf(line);
    if (!m.starts_with("s_branch") && !m.starts_with("s_cbranch"))
      continue;
    StringRef target = line.ltrim().drop_front(m.size()).trim();
    auto it = labelLine.find(target);
    if (it != labelLine.end())
      loops.push_back({it->second, i});
  }
  // The innermost loop holding an MFMA.
  const Span *best = nullptr;
  for (const Span &s : loops) {
    bool hasMfma = false;
    for (size_t i = s.begin; i <= s.end && !hasMfma; ++i)
      hasMfma = mfmaIssueCycles(mnemonicOf(body[i])) != 0;
    if (hasMfma && (!best || s.end - s.begin < best->end - best->begin))
      best = &s;
  }
  LoopMix mix;
  if (!best)
    return mix;
  mix.found = true;
  for (size_t i = best->begin; i <= best->end; ++i) {
    StringRef m = mnemonicOf(body[i]);
    if (m.empty())
      continue;
    ++mix.instructions;
    if (unsigned cycles = mfmaIssueCycles(m)) {
      ++mix.mfma;
      mix.mfmaCycles += cycles;
      ++mix.mfmaKinds[m.str()];
    } else if (m.starts_with("ds_")) {
      ++mix.lds;
    } else if (m.starts_with("buffer_") || m.starts_with("global_") ||
               m.starts_with("flat_")) {
      ++mix.global;
      if (m.contains("_load")) {
        ++mix.globalLoads;
        if (m.ends_with("dwordx4") || m.ends_with("b128"))
          ++mix.globalLoads128;
      }
    } else if (m.starts_with("s_waitcnt")) {
      ++mix.waitcnt;
    } else if (m.starts_with("s_")) {
      ++mix.salu;
    } else {
      ++mix.valu;
    }
  }
  return mix;
}

unsigned aiter::parseOccupancy(StringRef assembly, StringRef kernel) {
  size_t start = assembly.find(("\n" + kernel + ":").str());
  if (start == StringRef::npos)
    return 0;
  size_t at = assembly.find("; Occupancy: ", start);
  if (at == StringRef::npos)
    return 0;
  unsigned occupancy = 0;
  StringRef digits = assembly.substr(at + 13).take_while(llvm::isDigit);
  if (digits.getAsInteger(10, occupancy))
    return 0;
  return occupancy;
}

std::string aiter::formatKernelReport(const KernelInfo &k, StringRef chip,
                                      unsigned occupancy, const LoopMix &loop) {
  llvm::json::Object obj{
      {"name", k.name},
      {"chip", chip},
      {"vgpr", k.vgprCount},
      {"agpr", k.agprCount},
      {"sgpr", k.sgprCount},
      {"lds_bytes", k.groupSegmentSize},
      {"scratch_bytes", k.privateSegmentSize},
      {"spills", k.vgprSpillCount + k.sgprSpillCount},
      {"occupancy", occupancy},
  };
  if (loop.found) {
    llvm::json::Object kinds;
    for (const auto &[name, count] : loop.mfmaKinds)
      kinds[name] = count;
    obj["main_loop"] = llvm::json::Object{
        {"instructions", loop.instructions},
        {"mfma", loop.mfma},
        {"mfma_kinds", std::move(kinds)},
        {"mfma_cycles", loop.mfmaCycles},
        {"valu", loop.valu},
        {"salu", loop.salu},
        {"lds", loop.lds},
        {"global", loop.global},
        {"global_loads", loop.globalLoads},
        {"global_loads_128", loop.globalLoads128},
        {"waitcnt", loop.waitcnt},
        {"non_mfma_per_mfma_cycle",
         std::round(loop.nonMfmaPerMfmaCycle() * 1000.0) / 1000.0},
    };
  } else {
    obj["main_loop"] = nullptr;
  }
  std::string out;
  llvm::raw_string_ostream os(out);
  os << llvm::json::Value(std::move(obj));
  return out;
}
