//===- aiter-run.cpp - run a kernel on a device ---------------------------===//
//
// Runs a gpu.func from an .mlir file with iree-run-module-style inputs on the
// emulator, an aiter.kernel on the reference evaluator (--device=reference),
// or a GEMM/attention spec with --check (OpCheck.cpp).
//
//===----------------------------------------------------------------------===//

#include "Npy.h"
#include "OpCheck.h"

#include "aiter/Dialect/Aiter/IR/AiterOps.h"
#include "aiter/Emulator/Emulator.h"
#include "aiter/Reference/Evaluator.h"

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
using namespace ::aiter;
namespace cl = llvm::cl;

static cl::OptionCategory cat("aiter-run options");
static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<input.mlir>"),
                                      cl::cat(cat));
static cl::opt<std::string>
    kernelName("kernel",
               cl::desc("kernel to run: a gpu.func, or an aiter.kernel with "
                        "--device=reference"),
               cl::cat(cat));
static cl::opt<std::string>
    gridOpt("grid",
            cl::desc("X,Y,Z workgroups (programs with --device=reference)"),
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
static cl::opt<std::string>
    device("device",
           cl::desc("emulator (default), reference (evaluate an aiter.kernel "
                    "tile program) or hip"),
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

/// Parses `X[,Y[,Z]]` (missing trailing components are 1); on failure says
/// which component is wrong.
static bool parseDims(llvm::StringRef flag, llvm::StringRef s,
                      std::array<int64_t, 3> &out, std::string &why) {
  llvm::SmallVector<llvm::StringRef, 3> parts;
  s.split(parts, ',');
  if (parts.size() > 3) {
    why =
        ("bad --" + flag + " '" + s + "': at most 3 components (X,Y,Z)").str();
    return false;
  }
  out = {1, 1, 1};
  for (size_t i = 0; i < parts.size(); ++i)
    if (parts[i].trim().getAsInteger(10, out[i]) || out[i] < 1) {
      why = ("bad --" + flag + " '" + s + "': component " +
             llvm::Twine("XYZ"[i]) + " is '" + parts[i] +
             "'; each of X,Y,Z must be an integer >= 1")
                .str();
      return false;
    }
  return true;
}

/// Prints (without --output) or saves (--output=IDX=@file.npy) the buffers.
static int writeOutputs(llvm::ArrayRef<run::HostValue> values,
                        llvm::ArrayRef<bool> written) {
  if (outputs.empty()) {
    for (size_t i = 0; i < values.size(); ++i)
      if (written[i])
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
  return 0;
}

/// The file + kernel mode: run one gpu.func (emulator) or aiter.kernel
/// (reference) with explicit inputs.
static int runFileKernel() {
  if (inputFile.empty())
    return fail("an input .mlir file is required");
  if (kernelName.empty())
    return fail("--kernel=NAME is required");
  bool reference = device == "reference";
  if (reference) {
    // The evaluator runs whole tiles serially: no threads, waves or
    // instruction counts to configure.
    for (cl::Option *o : std::initializer_list<cl::Option *>{
             &blockOpt, &threadsOpt, &maxWaveInstrs, &statsOpt})
      if (o->getNumOccurrences()) {
        std::string name = o->ArgStr.str();
        if (llvm::StringRef(name).starts_with("emu-"))
          name = name.substr(4);
        return fail("--" + name +
                    " is an emulator option; --device=reference "
                    "evaluates whole tiles, one program at a time");
      }
  }
  emu::LaunchConfig cfg;
  std::string why;
  if (!parseDims("grid", gridOpt, cfg.grid, why) ||
      (!reference && !parseDims("block", blockOpt, cfg.block, why)))
    return fail(why);
  cfg.threads = threadsOpt;
  cfg.maxWaveInstructions = maxWaveInstrs;

  DialectRegistry registry;
  registry
      .insert<mlir::aiter::AiterDialect, gpu::GPUDialect, amdgpu::AMDGPUDialect,
              arith::ArithDialect, math::MathDialect, memref::MemRefDialect,
              scf::SCFDialect, vector::VectorDialect, ROCDL::ROCDLDialect,
              func::FuncDialect, affine::AffineDialect>();
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

  if (reference) {
    auto kernel = ref::findKernel(module->getOperation(), kernelName);
    if (!kernel)
      return fail(kernel.takeError());
    auto res = ref::evaluateKernel(*kernel, args, cfg.grid);
    if (!res)
      return fail(res.takeError());
    return writeOutputs(values, res->argWritten);
  }

  // A tile program is not a SIMT kernel; say where it runs instead of
  // "no gpu.func named ...".
  bool isTileProgram = false;
  module->walk([&](mlir::aiter::KernelOp k) {
    if (k.getSymName() == kernelName)
      isTileProgram = true;
  });
  if (isTileProgram)
    return fail("'" + kernelName +
                "' is an aiter.kernel tile program; "
                "--device=reference evaluates it (the emulator runs gpu.func "
                "kernels)");
  auto stats = emu::runKernel(module->getOperation(), kernelName, cfg, args);
  if (!stats)
    return fail(stats.takeError());
  if (int rc = writeOutputs(values, stats->argWritten))
    return rc;
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
  if (device != "emulator" && device != "reference")
    return fail("unknown --device '" + device +
                "' (emulator, reference or "
                "hip)");
  if (run::opRequested()) {
    if (device == "reference")
      return fail("--device=reference evaluates an aiter.kernel from an "
                  ".mlir file (--kernel); --op runs on the emulator, and "
                  "--check compares against a float64 reference");
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
