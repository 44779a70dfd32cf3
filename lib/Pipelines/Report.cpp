//===- Report.cpp - static quality report of compiled kernels ---*- C++ -*-===//
//
// Finds each kernel's main loop in the assembly listing, counts its
// instructions by class, and prints one JSON line per kernel.
//===----------------------------------------------------------------------===//

#include "aiter/Pipelines/Report.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
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
  // The control-flow graph of the listing: a block starts at a label and
  // after a branch; it falls through unless it ends in s_branch or
  // s_endpgm.
  struct Block {
    size_t begin = 0, end = 0; // lines [begin, end]
    llvm::SmallVector<size_t, 2> succs;
  };
  llvm::SmallVector<Block> blocks;
  llvm::StringMap<size_t> blockOfLabel;
  auto labelOf = [](StringRef line) {
    return line.take_until([](char c) { return c == ':'; });
  };
  for (size_t i = 0; i < body.size(); ++i) {
    StringRef line = body[i];
    bool isLabel = line.starts_with(".LBB") && line.contains(':');
    if (blocks.empty() || isLabel)
      blocks.push_back({i, i, {}});
    if (isLabel)
      blockOfLabel[labelOf(line)] = blocks.size() - 1;
    StringRef m = mnemonicOf(line);
    if ((m.starts_with("s_branch") || m.starts_with("s_cbranch") ||
         m == "s_endpgm") &&
        i + 1 < body.size() &&
        !(body[i + 1].starts_with(".LBB") && body[i + 1].contains(':')))
      blocks.push_back({i + 1, i + 1, {}});
  }
  // Fix up block ends (a block ends before the next one begins).
  for (size_t b = 0; b + 1 < blocks.size(); ++b)
    blocks[b].end = blocks[b + 1].begin - 1;
  if (!blocks.empty())
    blocks.back().end = body.empty() ? 0 : body.size() - 1;
  for (size_t b = 0; b < blocks.size(); ++b) {
    bool fallsThrough = true;
    for (size_t i = blocks[b].begin; i <= blocks[b].end; ++i) {
      StringRef m = mnemonicOf(body[i]);
      if (m == "s_endpgm")
        fallsThrough = false;
      if (!m.starts_with("s_branch") && !m.starts_with("s_cbranch"))
        continue;
      StringRef target = body[i].ltrim().drop_front(m.size()).trim();
      auto it = blockOfLabel.find(target);
      if (it != blockOfLabel.end())
        blocks[b].succs.push_back(it->second);
      if (m == "s_branch")
        fallsThrough = false;
    }
    if (fallsThrough && b + 1 < blocks.size())
      blocks[b].succs.push_back(b + 1);
  }
  // Dominators (iterative; listings have tens of blocks).
  size_t n = blocks.size();
  std::vector<llvm::BitVector> dom(n, llvm::BitVector(n, true));
  if (n) {
    dom[0] = llvm::BitVector(n, false);
    dom[0].set(0);
  }
  llvm::SmallVector<llvm::SmallVector<size_t, 4>> preds(n);
  for (size_t b = 0; b < n; ++b)
    for (size_t s : blocks[b].succs)
      preds[s].push_back(b);
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t b = 1; b < n; ++b) {
      llvm::BitVector d(n, preds[b].empty() ? false : true);
      for (size_t p : preds[b])
        d &= dom[p];
      d.set(b);
      if (d != dom[b]) {
        dom[b] = d;
        changed = true;
      }
    }
  }
  // Loops = back-edges u -> h (h dominates u, fall-through edges too: LLVM
  // rotates loops); a loop's blocks are h and what reaches u without
  // passing h. Its main path: the loop's blocks in layout order up to the
  // first one that ends in an unconditional branch to a loop block. LLVM
  // lays the likely path out as one chain ending in that branch and places
  // the blocks of unlikely branches (the edge-tile paths the tile lowering
  // weights 1000:1, aiter-scf-to-cf) after it; those are not counted.
  llvm::DenseMap<size_t, llvm::BitVector> loopOf;
  for (size_t u = 0; u < n; ++u)
    for (size_t h : blocks[u].succs) {
      if (!dom[u].test(h))
        continue;
      auto [it, fresh] = loopOf.try_emplace(h, llvm::BitVector(n, false));
      llvm::BitVector &in = it->second;
      in.set(h);
      llvm::SmallVector<size_t> work;
      if (!in.test(u)) {
        in.set(u);
        work.push_back(u);
      }
      while (!work.empty()) {
        size_t b = work.pop_back_val();
        for (size_t p : preds[b])
          if (!in.test(p)) {
            in.set(p);
            work.push_back(p);
          }
      }
    }
  auto endsInBranchTo = [&](const Block &blk, const llvm::BitVector &in) {
    for (size_t i = blk.end + 1; i-- > blk.begin;) {
      StringRef m = mnemonicOf(body[i]);
      if (m.empty())
        continue;
      if (m != "s_branch")
        return false;
      StringRef target = body[i].ltrim().drop_front(m.size()).trim();
      auto it = blockOfLabel.find(target);
      return it != blockOfLabel.end() && in.test(it->second);
    }
    return false;
  };
  struct Loop {
    llvm::SmallVector<size_t> hot; // blocks, layout order
    size_t size = 0;               // blocks of the whole loop
    const llvm::BitVector *blocks = nullptr;
  };
  llvm::SmallVector<Loop> loops;
  for (auto &[header, in] : loopOf) {
    Loop loop;
    loop.size = in.count();
    loop.blocks = &in;
    for (size_t b = 0; b < n; ++b) {
      if (!in.test(b))
        continue;
      loop.hot.push_back(b);
      if (endsInBranchTo(blocks[b], in))
        break;
    }
    loops.push_back(std::move(loop));
  }
  // Of the innermost loops holding an MFMA on their main path (no such loop
  // nested in them), the one with the shortest main path: a kernel that
  // runs its masked blocks in loops of their own has the mask code there,
  // and its main loop is the unmasked one (its layout, and the number of
  // blocks the masked loops' edge paths add, says nothing).
  llvm::SmallVector<bool> withMfma;
  llvm::SmallVector<size_t> mainLines;
  for (const Loop &l : loops) {
    bool hasMfma = false;
    size_t lines = 0;
    for (size_t b : l.hot) {
      lines += blocks[b].end - blocks[b].begin + 1;
      for (size_t i = blocks[b].begin; i <= blocks[b].end && !hasMfma; ++i)
        hasMfma = mfmaIssueCycles(mnemonicOf(body[i])) != 0;
    }
    withMfma.push_back(hasMfma);
    mainLines.push_back(lines);
  }
  auto inside = [](const Loop &inner, const Loop &outer) {
    if (&inner == &outer || inner.size >= outer.size)
      return false;
    llvm::BitVector rest = *inner.blocks;
    rest.reset(*outer.blocks);
    return rest.none();
  };
  const Loop *best = nullptr;
  size_t bestLines = 0;
  for (auto [i, l] : llvm::enumerate(loops)) {
    if (!withMfma[i])
      continue;
    bool innermost = true;
    for (auto [j, other] : llvm::enumerate(loops))
      innermost &= !(withMfma[j] && inside(other, l));
    if (innermost && (!best || mainLines[i] < bestLines)) {
      best = &l;
      bestLines = mainLines[i];
    }
  }
  LoopMix mix;
  if (!best)
    return mix;
  mix.found = true;
  llvm::SmallVector<size_t> lines;
  for (size_t b : best->hot)
    for (size_t i = blocks[b].begin; i <= blocks[b].end; ++i)
      lines.push_back(i);
  for (size_t i : lines) {
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
