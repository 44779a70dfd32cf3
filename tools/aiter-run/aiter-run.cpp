//===- aiter-run.cpp - run a kernel on a device ---------------------------===//
//
// Runs a gpu.func from an .mlir file with iree-run-module-style inputs, or a
// GEMM/attention spec with --check (OpCheck.cpp), on the emulator.
//
//===----------------------------------------------------------------------===//

#include "Npy.h"
#include "OpCheck.h"

#include "aiter/Emulator/Emulator.h"

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/ROCDLDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir;
using namespace aiter;
namespace cl = llvm::cl;

static cl::OptionCategory cat("aiter-run options");
static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<input.mlir>"),
                                      cl::cat(cat));
static cl::opt<std::string>
    kernelName("kernel", cl::desc("gpu.func kernel to run"), cl::cat(cat));
static cl::opt<std::string> gridOpt("grid", cl::desc("X,Y,Z workgroups"),
                                    cl::init("1,1,1"), cl::cat(cat));
static cl::opt<std::string> blockOpt("block", cl::desc("X,Y,Z threads"),
                                     cl::init("64,1,1"), cl::cat(cat));
static cl::list<std::string>
    inputs("input",
           cl::desc("one per kernel argument: 4xf32=1 2 3 4, "
                    "64x4xf16=@a.npy, i32=7"),
           cl::cat(cat));
static cl::list<std::string>
    outputs("output", cl::desc("IDX=@out.npy: save argument IDX"),
            cl::cat(cat));
// libLLVM already registers "stats" and "threads"; main() maps the
// user-facing --stats / --threads=N spellings onto these names.
static cl::opt<bool> statsOpt("emu-stats",
                              cl::desc("print execution statistics (--stats)"),
                              cl::cat(cat));
static cl::opt<std::string> device("device",
                                   cl::desc("emulator (default) or hip"),
                                   cl::init("emulator"), cl::cat(cat));
static cl::opt<unsigned> threadsOpt(
    "emu-threads",
    cl::desc("host threads running workgroups, 0 = all cores (--threads=N)"),
    cl::init(0), cl::cat(cat));

static cl::opt<uint64_t> maxWaveInstrs(
    "max-wave-instructions",
    cl::desc("fail a wave that executes more instructions (0 = no limit)"),
    cl::init(uint64_t(1) << 32), cl::cat(cat));

static int fail(llvm::Error e) {
  llvm::handleAllErrors(std::move(e), [](const llvm::ErrorInfoBase &ei) {
    llvm::errs() << ei.message() << "\n";
  });
  return 1;
}
static int fail(const llvm::Twine &msg) {
  llvm::errs() << "error: " << msg << "\n";
  return 1;
}

static bool parseDims(llvm::StringRef s, std::array<int64_t, 3> &out) {
  llvm::SmallVector<llvm::StringRef, 3> parts;
  s.split(parts, ',');
  if (parts.empty() || parts.size() > 3)
    return false;
  out = {1, 1, 1};
  for (size_t i = 0; i < parts.size(); ++i)
    if (parts[i].trim().getAsInteger(10, out[i]) || out[i] < 1)
      return false;
  return true;
}

/// The file + kernel mode: run one gpu.func with explicit inputs.
static int runFileKernel() {
  if (inputFile.empty())
    return fail("an input .mlir file is required");
  if (kernelName.empty())
    return fail("--kernel=NAME is required");
  emu::LaunchConfig cfg;
  if (!parseDims(gridOpt, cfg.grid))
    return fail("bad --grid '" + gridOpt + "' (want X,Y,Z)");
  if (!parseDims(blockOpt, cfg.block))
    return fail("bad --block '" + blockOpt + "' (want X,Y,Z)");
  cfg.threads = threadsOpt;
  cfg.maxWaveInstructions = maxWaveInstrs;

  DialectRegistry registry;
  registry.insert<gpu::GPUDialect, amdgpu::AMDGPUDialect, arith::ArithDialect,
                  math::MathDialect, memref::MemRefDialect, scf::SCFDialect,
                  vector::VectorDialect, ROCDL::ROCDLDialect, func::FuncDialect,
                  affine::AffineDialect>();
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  llvm::SourceMgr sm;
  SourceMgrDiagnosticHandler diag(sm, &ctx);
  auto module = parseSourceFile<ModuleOp>(inputFile, sm, &ctx);
  if (!module)
    return 1;

  std::vector<run::HostValue> values;
  for (const std::string &in : inputs) {
    auto v = run::parseInput(in);
    if (!v)
      return fail(v.takeError());
    values.push_back(std::move(*v));
  }
  std::vector<emu::KernelArg> args;
  for (run::HostValue &v : values) {
    if (v.isScalar) {
      uint64_t bits = 0;
      std::memcpy(&bits, v.bytes.data(), v.bytes.size());
      args.push_back(emu::KernelArg::scalar(v.elem, bits));
    } else {
      args.push_back(emu::KernelArg::buffer(v.bytes.data(), v.bytes.size(),
                                            v.elem, v.shape));
    }
  }
  auto stats = emu::runKernel(module->getOperation(), kernelName, cfg, args);
  if (!stats)
    return fail(stats.takeError());

  if (outputs.empty()) {
    for (size_t i = 0; i < values.size(); ++i)
      if (stats->argWritten[i])
        llvm::outs() << "result[" << i << "]: " << run::formatValue(values[i])
                     << "\n";
  }
  for (const std::string &o : outputs) {
    llvm::StringRef s(o);
    size_t eq = s.find('=');
    unsigned idx;
    if (eq == llvm::StringRef::npos || s.substr(0, eq).getAsInteger(10, idx) ||
        !s.substr(eq + 1).starts_with("@"))
      return fail("bad --output '" + o + "' (want IDX=@file.npy)");
    if (idx >= values.size() || values[idx].isScalar)
      return fail("--output index " + std::to_string(idx) +
                  " is not a buffer argument");
    if (auto e = run::writeNpy(values[idx], s.substr(eq + 2)))
      return fail(std::move(e));
  }
  if (statsOpt) {
    llvm::outs() << "stats: " << stats->toJson() << "\n";
    llvm::outs() << stats->toTable();
  }
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  std::vector<std::string> argStore(argv, argv + argc);
  for (std::string &a : argStore) {
    llvm::StringRef r(a);
    for (const char *name : {"stats", "threads"})
      for (const char *dash : {"-", "--"})
        if (r == (std::string(dash) + name) ||
            r.starts_with(std::string(dash) + name + "="))
          a = std::string("--emu-") + a.substr(strlen(dash));
  }
  std::vector<const char *> args;
  for (std::string &a : argStore)
    args.push_back(a.c_str());
  cl::HideUnrelatedOptions({&cat, &run::opCategory()});
  cl::ParseCommandLineOptions(int(args.size()), args.data(),
                              "aiter-run: run a kernel on a device\n");
  if (device == "hip")
    return fail("--device=hip is not available in this build yet; use "
                "--device=emulator");
  if (device != "emulator")
    return fail("unknown --device '" + device + "' (emulator or hip)");
  if (run::opRequested()) {
    if (!inputFile.empty() || kernelName.getNumOccurrences() ||
        gridOpt.getNumOccurrences() || blockOpt.getNumOccurrences() ||
        !inputs.empty() || !outputs.empty())
      return fail("--op runs a kernel specification; an input file, --kernel, "
                  "--grid, --block, --input and --output belong to the file "
                  "mode");
    // Read before anything compiles: lld resets every llvm::cl option.
    run::EmulatorSettings settings;
    settings.stats = statsOpt;
    settings.threads = threadsOpt;
    settings.maxWaveInstructions = maxWaveInstrs;
    return run::runOpCheck(settings);
  }
  std::string specFlag = run::firstSpecFlagGiven();
  if (!specFlag.empty())
    return fail(specFlag +
                " is a spec-mode flag: it needs --op=gemm|attention");
  return runFileKernel();
}
