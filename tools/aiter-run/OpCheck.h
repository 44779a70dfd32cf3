//===- OpCheck.h - aiter-run --op: compile, run and check -------*- C++ -*-===//
//-*-===//
//
// The spec mode of aiter-run: compiles a GEMM or attention specification, runs
// it on the emulator on random inputs and compares against a float64 reference.
//===----------------------------------------------------------------------===//

#ifndef AITER_TOOLS_AITERRUN_OPCHECK_H
#define AITER_TOOLS_AITERRUN_OPCHECK_H

#include "llvm/Support/CommandLine.h"

#include <cstdint>
#include <string>

namespace aiter {
namespace run {

/// The option category of the spec flags (for cl::HideUnrelatedOptions).
llvm::cl::OptionCategory &opCategory();

/// True when --op was given (the spec mode runs instead of the file mode).
bool opRequested();

/// The first spec-mode flag given on the command line ("--m", "--check", ...),
/// or "" when none was: the file mode rejects them.
std::string firstSpecFlagGiven();

/// Emulator settings owned by aiter-run's main(), read before any compile
/// (lld resets every llvm::cl option when it links).
struct EmulatorSettings {
  bool stats = false;
  unsigned threads = 0;
  uint64_t maxWaveInstructions = uint64_t(1) << 32;
};

/// The flags the spec mode shares with the file mode (aiter-run.cpp owns
/// them and checks their syntax).
struct SharedFlags {
  std::string chip = "gfx942";
  std::string variant = "auto"; ///< auto | aligned | general
  bool emitters = true;         ///< CompileOptions::emitters
  bool check = false;
  double tolerance = -1; ///< < 0: derived from the dtypes and sizes
};

/// Runs the spec mode; returns the process exit status (0 = ran and, with
/// --check, passed; 1 = bad input, compile or emulator error, or FAIL).
int runOpCheck(const EmulatorSettings &settings, const SharedFlags &shared);

} // namespace run
} // namespace aiter

#endif // AITER_TOOLS_AITERRUN_OPCHECK_H
