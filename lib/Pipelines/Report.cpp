//===- Report.cpp - static quality report of compiled kernels ---*- C++ -*-===//
//
// Finds each kernel's main loop in the assembly listing, counts its
// instructions by class, and prints one JSON line per kernel.
//===----------------------------------------------------------------------===//

#include "aiter/Pipelines/Report.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"


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
  // A loop's body runs from its label to its first unconditional branch back
  // there, else to its last conditional one: LLVM lays the likely path out
  // as one fall-through chain ending in the back-branch, and places the
  // blocks of unlikely branches (the edge-tile paths the tile lowering
  // weights 1000:1, aiter-scf-to-cf) after it, jumping back from there.
  llvm::StringMap<size_t> labelLine;
  struct Span {
    size_t begin, end;
    bool closed = false; // ended by an unconditional back-branch
  };
  llvm::StringMap<Span> byLabel;
  llvm::SmallVector<std::string> order;
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
    if (it == labelLine.end())
      continue;
    auto [slot, fresh] = byLabel.try_emplace(target, Span{it->second, i});
    if (fresh)
      order.push_back(target.str());
    Span &span = slot->second;
    if (!span.closed) {
      span.end = i;
      span.closed = m == "s_branch";
    }
  }
  llvm::SmallVector<Span> loops;
  for (const std::string &label : order)
    loops.push_back(byLabel[label]);
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

std::string aiter::formatKernelReport(const KernelInfo &k, StringRef chip,
                                      unsigned occupancy, const LoopMix &loop) {
  std::string out;
  llvm::raw_string_ostream os(out);
  llvm::json::OStream j(os);
  j.object([&] {
    j.attribute("name", k.name);
    j.attribute("chip", chip);
    j.attribute("vgpr", k.vgprCount);
    j.attribute("agpr", k.agprCount);
    j.attribute("sgpr", k.sgprCount);
    j.attribute("lds_bytes", k.groupSegmentSize);
    j.attribute("scratch_bytes", k.privateSegmentSize);
    j.attribute("spills", k.vgprSpillCount + k.sgprSpillCount);
    j.attribute("occupancy", occupancy);
    if (!loop.found) {
      j.attribute("main_loop", nullptr);
      return;
    }
    j.attributeObject("main_loop", [&] {
      j.attribute("instructions", loop.instructions);
      j.attribute("mfma", loop.mfma);
      j.attributeObject("mfma_kinds", [&] {
        for (const auto &[name, count] : loop.mfmaKinds)
          j.attribute(name, count);
      });
      j.attribute("mfma_cycles", loop.mfmaCycles);
      j.attribute("valu", loop.valu);
      j.attribute("salu", loop.salu);
      j.attribute("lds", loop.lds);
      j.attribute("global", loop.global);
      j.attribute("global_loads", loop.globalLoads);
      j.attribute("global_loads_128", loop.globalLoads128);
      j.attribute("waitcnt", loop.waitcnt);
      // Three decimals, as the reference figures are given.
      j.attributeBegin("non_mfma_per_mfma_cycle");
      j.rawValue(llvm::formatv("{0:F3}", loop.nonMfmaPerMfmaCycle()).str());
      j.attributeEnd();
    });
  });
  return out;
}
