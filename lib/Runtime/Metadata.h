//===- Metadata.h - kernel metadata shared by runtime and compiler -*- C++ -*-//
//
// What the runtime needs to launch a compiled kernel (name, geometry, args),
// as "key value" text lines: stored in cache entries, parsed without LLVM.
//===----------------------------------------------------------------------===//

#ifndef AITER_RUNTIME_METADATA_H
#define AITER_RUNTIME_METADATA_H

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace aiter::rt {

/// One kernel argument of the code object (explicit or hidden).
struct ArgMeta {
  std::string valueKind; // by_value, global_buffer, hidden_block_count_x, ...
  uint32_t offset = 0, size = 0;
};

struct KernelMeta {
  std::string name, chip, variant, kind; // kind: gemm | attention
  int64_t tileM = 0, tileN = 0;
  uint32_t threads = 0;
  uint32_t vgpr = 0, agpr = 0, sgpr = 0, vgprSpill = 0, sgprSpill = 0;
  uint32_t lds = 0, scratch = 0, kernargSize = 0, kernargAlign = 0;
  std::vector<ArgMeta> args;

  std::string serialize() const {
    std::ostringstream os;
    os << "name " << name << "\nchip " << chip << "\nvariant " << variant
       << "\nkind " << kind << "\ntile_m " << tileM << "\ntile_n " << tileN
       << "\nthreads " << threads << "\nvgpr " << vgpr << "\nagpr " << agpr
       << "\nsgpr " << sgpr << "\nvgpr_spill " << vgprSpill
       << "\nsgpr_spill " << sgprSpill << "\nlds " << lds << "\nscratch "
       << scratch << "\nkernarg_size " << kernargSize << "\nkernarg_align "
       << kernargAlign << "\n";
    for (const ArgMeta &a : args)
      os << "arg " << a.valueKind << " " << a.offset << " " << a.size << "\n";
    return os.str();
  }

  /// Returns false on malformed text (a corrupt entry is a miss).
  bool parse(const std::string &text) {
    std::istringstream is(text);
    std::string line;
    bool sawName = false;
    while (std::getline(is, line)) {
      std::istringstream ls(line);
      std::string key;
      if (!(ls >> key))
        continue;
      auto num = [&](auto &field) -> bool {
        long long v;
        if (!(ls >> v) || v < 0)
          return false;
        field = static_cast<std::remove_reference_t<decltype(field)>>(v);
        return true;
      };
      bool ok = true;
      if (key == "name")
        ok = bool(ls >> name), sawName = true;
      else if (key == "chip")
        ok = bool(ls >> chip);
      else if (key == "variant")
        ok = bool(ls >> variant);
      else if (key == "kind")
        ok = bool(ls >> kind);
      else if (key == "tile_m")
        ok = num(tileM);
      else if (key == "tile_n")
        ok = num(tileN);
      else if (key == "threads")
        ok = num(threads);
      else if (key == "vgpr")
        ok = num(vgpr);
      else if (key == "agpr")
        ok = num(agpr);
      else if (key == "sgpr")
        ok = num(sgpr);
      else if (key == "vgpr_spill")
        ok = num(vgprSpill);
      else if (key == "sgpr_spill")
        ok = num(sgprSpill);
      else if (key == "lds")
        ok = num(lds);
      else if (key == "scratch")
        ok = num(scratch);
      else if (key == "kernarg_size")
        ok = num(kernargSize);
      else if (key == "kernarg_align")
        ok = num(kernargAlign);
      else if (key == "arg") {
        ArgMeta a;
        ok = bool(ls >> a.valueKind) && num(a.offset) && num(a.size);
        args.push_back(a);
      } else
        ok = false;
      if (!ok)
        return false;
    }
    return sawName && !name.empty() && tileM > 0 && tileN > 0 && threads > 0 &&
           (kind == "gemm" || kind == "attention");
  }
};

} // namespace aiter::rt

#endif // AITER_RUNTIME_METADATA_H
