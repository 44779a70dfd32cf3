//===- aiter-run.cpp - run a kernel on a device ---------------------------===//
//
// Runs a gpu.func from an .mlir file with iree-run-module-style inputs on the
// emulator, an aiter.kernel compiled for the emulator or evaluated by the
// reference evaluator (--device=reference) or both (--check, TileCheck.cpp),
// or a GEMM/attention spec with --check (OpCheck.cpp).
//
//===----------------------------------------------------------------------===//

#include "Compare.h"
#include "Npy.h"
#include "OpCheck.h"
#include "TileCheck.h"

#include "aiter/Dialect/Aiter/IR/AiterOps.h"
#include "aiter/Emulator/Emulator.h"
#include "aiter/Pipelines/Binary.h"
#include "aiter/Pipelines/Pipelines.h"
#include "aiter/Pipelines/TilePrograms.h"
#include "aiter/Reference/Evaluator.h"
#include "aiter/Runtime/Alignment.h"
#include "aiter/Target/TargetInfo.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
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
               cl::desc("kernel to run: a gpu.func, or an aiter.kernel tile "
                        "program (compiled for --chip)"),
               cl::cat(cat));
static cl::opt<std::string>
    gridOpt("grid",
            cl::desc("X,Y,Z workgroups of a gpu.func, programs of an "
                     "aiter.kernel"),
            cl::init("1,1,1"), cl::cat(cat));
static cl::opt<std::string>
    blockOpt("block",
             cl::desc("X,Y,Z threads of a gpu.func (an aiter.kernel's come "
                      "from its compiled kernel)"),
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

// Shared by the file mode (an aiter.kernel) and the spec mode (--op).
static cl::opt<std::string>
    chipOpt("chip",
            cl::desc("gfx942 | gfx950: the chip an aiter.kernel or spec is "
                     "compiled for (default: the kernel's aiter.chip, else "
                     "gfx942)"),
            cl::init(""), cl::cat(cat));
static cl::opt<std::string>
    variantOpt("variant",
               cl::desc("auto (default: chosen from the inputs, like the "
                        "runtime's launch), aligned or general"),
               cl::init("auto"), cl::cat(cat));
static cl::opt<bool> emittersOpt(
    "emitters",
    cl::desc("compile the shipped GEMM and attention programs with the "
             "legacy emitters that recognise them (default); "
             "--emitters=false: with the general compiler"),
    cl::init(true), cl::cat(cat));
static cl::opt<bool>
    checkOpt("check",
             cl::desc("spec mode: compare with a float64 CPU reference; "
                      "aiter.kernel: compare the emulator with the reference "
                      "evaluator; exit 1 on FAIL"),
             cl::cat(cat));
static cl::opt<double>
    toleranceOpt("tolerance",
                 cl::desc("override the relative tolerance of --check "
                          "derived from the dtypes and sizes"),
                 cl::init(-1.0), cl::cat(cat));

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

/// The name of the first of \p opts given on the command line, with the
/// user-facing spelling (--threads, not --emu-threads), or "".
static std::string firstGiven(std::initializer_list<cl::Option *> opts) {
  for (cl::Option *o : opts)
    if (o->getNumOccurrences()) {
      llvm::StringRef name = o->ArgStr;
      name.consume_front("emu-");
      return "--" + name.str();
    }
  return "";
}

/// The emulator's view of host values (buffers alias their bytes).
static std::vector<emu::KernelArg> kernelArgs(std::vector<run::HostValue> &vs) {
  std::vector<emu::KernelArg> args;
  for (run::HostValue &v : vs) {
    if (v.isScalar) {
      uint64_t bits = 0;
      std::memcpy(&bits, v.bytes.data(), v.bytes.size());
      args.push_back(emu::KernelArg::scalar(v.elem, bits));
    } else {
      args.push_back(emu::KernelArg::buffer(v.bytes.data(), v.bytes.size(),
                                            v.elem, v.shape));
    }
  }
  return args;
}

/// The variant the C API's launch would pick for these buffers (dense
/// row-major, as .npy files and literals are): "" and `variant` set, or why
/// --variant=aligned cannot take them.
static std::string chooseVariant(llvm::ArrayRef<run::HostValue> values,
                                 llvm::StringRef requested,
                                 std::string &variant) {
  std::string violation;
  for (auto [i, v] : llvm::enumerate(values)) {
    if (v.isScalar || !violation.empty())
      continue;
    // A rank-0 buffer is one element: only its address matters.
    std::vector<int64_t> shape = v.shape, strides(v.shape.size(), 1);
    if (shape.empty())
      shape = strides = {1};
    for (int d = int(shape.size()) - 2; d >= 0; --d)
      strides[d] = strides[d + 1] * shape[d + 1];
    ::aiter::rt::AlignmentCheck check = ::aiter::rt::checkAligned(
        reinterpret_cast<uintptr_t>(v.bytes.data()), int64_t(v.bytes.size()),
        shape.data(), strides.data(), int(shape.size()));
    violation = ::aiter::rt::describeAlignment(
        check, ("argument #" + llvm::Twine(i)).str(), strides.data());
  }
  if (requested == "auto") {
    variant = violation.empty() ? "aligned" : "general";
    return "";
  }
  if (requested == "aligned" && !violation.empty())
    return "--variant=aligned needs aligned tensors, but " + violation +
           "; use --variant=general or auto";
  variant = requested.str();
  return "";
}

/// The narrowest float type \p kernel rounds a value to (arith.truncf), or
/// f32: the evaluator and the compiled kernel may round an intermediate
/// value one ulp of it apart (the --check tolerance).
static emu::ElemType narrowestRounding(mlir::aiter::KernelOp kernel) {
  emu::ElemType narrowest = emu::ElemType::F32;
  kernel.walk([&](arith::TruncFOp op) {
    emu::ElemType t;
    if (emu::elemTypeOf(getElementTypeOrSelf(op.getType()), t) &&
        run::unitRoundoff(t) > run::unitRoundoff(narrowest))
      narrowest = t;
  });
  return narrowest;
}

/// An aiter.kernel on the emulator: compiled for the chip, run with the
/// compiled kernel's workgroup size; with --check also evaluated by the
/// reference evaluator on a copy of the inputs, and the results compared.
static int runTileKernel(mlir::aiter::KernelOp kernel,
                         std::vector<run::HostValue> &values,
                         emu::LaunchConfig cfg) {
  // The workgroup size is the compiler's choice, not the caller's.
  if (blockOpt.getNumOccurrences())
    return fail("--block does not apply to an aiter.kernel: the compiler "
                "chooses its workgroup size and aiter-run launches the "
                "compiled kernel with it; --grid counts programs");
  // The inputs must fit the program the user wrote (as on the reference
  // device), before they are checked against the compiled kernel.
  {
    std::vector<emu::KernelArg> args = kernelArgs(values);
    if (auto bound =
            emu::bindKernelArgs(kernel, kernel.getArgumentTypes(), args);
        !bound)
      return fail(bound.takeError());
  }
  mlir::aiter::TileProgramOptions options;
  options.chip = chipOpt;
  options.emitters = emittersOpt;
  if (std::string why = chooseVariant(values, variantOpt, options.variant);
      !why.empty())
    return fail(why);
  auto compiled = mlir::aiter::compileTileProgram(kernel, options);
  if (failed(compiled))
    return 1; // the compiler's diagnostics are printed
  OwningOpRef<ModuleOp> simt = std::move(*compiled);
  gpu::GPUFuncOp func;
  simt->walk([&](gpu::GPUFuncOp f) {
    if (f.getName() == kernel.getSymName())
      func = f;
  });
  std::optional<llvm::ArrayRef<int32_t>> block = func.getKnownBlockSize();
  if (!block || block->size() != 3)
    return fail("internal: the compiled kernel @" + kernel.getSymName() +
                " has no known_block_size to launch it with");
  for (int d = 0; d < 3; ++d)
    cfg.block[d] = (*block)[d];
  std::string chip =
      mlir::aiter::getModuleChip(func->getParentOfType<gpu::GPUModuleOp>());

  // Copies before anything runs: both devices start from the same bytes.
  std::vector<run::HostValue> refValues;
  if (checkOpt)
    refValues = values;
  std::vector<emu::KernelArg> args = kernelArgs(values);
  auto stats =
      emu::runKernel(simt->getOperation(), kernel.getSymName(), cfg, args);
  if (!stats)
    return fail(stats.takeError());
  if (!checkOpt) {
    if (int rc = writeOutputs(values, stats->argWritten))
      return rc;
  }
  if (statsOpt) {
    llvm::outs() << "stats: " << stats->toJson() << "\n";
    llvm::outs() << stats->toTable();
  }
  if (!checkOpt)
    return 0;

  std::vector<emu::KernelArg> refArgs = kernelArgs(refValues);
  auto ref = ref::evaluateKernel(kernel, refArgs, cfg.grid);
  if (!ref)
    return fail(ref.takeError());
  llvm::outs() << llvm::formatv(
      "kernel: {0} chip={1} variant={2} grid={3}x{4}x{5} block={6}x{7}x{8}\n",
      kernel.getSymName(), chip, options.variant, cfg.grid[0], cfg.grid[1],
      cfg.grid[2], cfg.block[0], cfg.block[1], cfg.block[2]);
  bool ok = run::compareTileRuns(
      {values, stats->argWritten}, {refValues, ref->argWritten},
      ref->argReductionTerms, narrowestRounding(kernel), toleranceOpt,
      llvm::outs());
  // --output saves what the compiled kernel wrote, the result under test.
  if (!outputs.empty())
    if (int rc = writeOutputs(values, stats->argWritten))
      return rc;
  llvm::outs() << (ok ? "PASS" : "FAIL") << "\n";
  return ok ? 0 : 1;
}

/// The file + kernel mode: run one gpu.func (emulator) or aiter.kernel
/// (compiled for the emulator, or the reference evaluator) with explicit
/// inputs.
static int runFileKernel() {
  if (inputFile.empty())
    return fail("an input .mlir file is required");
  if (kernelName.empty())
    return fail("--kernel=NAME is required");
  if (toleranceOpt.getNumOccurrences() && !checkOpt)
    return fail("--tolerance applies to --check");
  bool reference = device == "reference";
  if (reference) {
    // The evaluator runs whole tiles serially: no threads, waves or
    // instruction counts to configure.
    std::string emuFlag =
        firstGiven({&blockOpt, &threadsOpt, &maxWaveInstrs, &statsOpt});
    if (!emuFlag.empty())
      return fail(emuFlag + " is an emulator option; --device=reference "
                            "evaluates whole tiles, one program at a time");
    if (checkOpt)
      return fail("--check runs the compiled kernel on the emulator and "
                  "compares it with the reference evaluator; leave out "
                  "--device=reference");
    std::string compileFlag = firstGiven({&chipOpt, &variantOpt, &emittersOpt});
    if (!compileFlag.empty())
      return fail(compileFlag +
                  " says how an aiter.kernel is compiled; "
                  "--device=reference evaluates the tile program itself");
  }
  emu::LaunchConfig cfg;
  std::string why;
  if (!parseDims("grid", gridOpt, cfg.grid, why) ||
      (!reference && !parseDims("block", blockOpt, cfg.block, why)))
    return fail(why);
  cfg.threads = threadsOpt;
  cfg.maxWaveInstructions = maxWaveInstrs;

  DialectRegistry registry;
  mlir::aiter::registerCodegenDialects(registry);
  MLIRContext ctx(registry);
  // A diagnostic names the op and its location; the whole kernel printed
  // after it would bury the message.
  ctx.printOpOnDiagnostic(false);
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

  if (reference) {
    auto kernel = ref::findKernel(module->getOperation(), kernelName);
    if (!kernel)
      return fail(kernel.takeError());
    std::vector<emu::KernelArg> args = kernelArgs(values);
    auto res = ref::evaluateKernel(*kernel, args, cfg.grid);
    if (!res)
      return fail(res.takeError());
    return writeOutputs(values, res->argWritten);
  }

  mlir::aiter::KernelOp tileKernel;
  module->walk([&](mlir::aiter::KernelOp k) {
    if (k.getSymName() == kernelName)
      tileKernel = k;
  });
  if (tileKernel)
    return runTileKernel(tileKernel, values, cfg);

  // A gpu.func is compiled already, and has no tile program to check.
  if (checkOpt)
    return fail("--check compares an aiter.kernel's compiled kernel with "
                "the reference evaluator; '" +
                kernelName + "' is not an aiter.kernel");
  std::string compileFlag = firstGiven({&chipOpt, &variantOpt, &emittersOpt});
  if (!compileFlag.empty())
    return fail(compileFlag +
                " applies to an aiter.kernel, which aiter-run "
                "compiles; '" +
                kernelName + "' is not an aiter.kernel");
  std::vector<emu::KernelArg> args = kernelArgs(values);
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
  if (variantOpt != "auto" && variantOpt != "aligned" &&
      variantOpt != "general")
    return fail("--variant must be auto, aligned or general, got '" +
                variantOpt + "'");
  if (toleranceOpt.getNumOccurrences() && !(toleranceOpt >= 0))
    return fail("--tolerance must be >= 0");
  if (chipOpt.getNumOccurrences())
    if (auto target = mlir::aiter::TargetInfo::lookup(chipOpt); !target)
      return fail(llvm::toString(target.takeError()));
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
    run::SharedFlags shared;
    if (!chipOpt.empty())
      shared.chip = chipOpt;
    shared.variant = variantOpt;
    shared.emitters = emittersOpt;
    shared.check = checkOpt;
    shared.tolerance = toleranceOpt;
    return run::runOpCheck(settings, shared);
  }
  std::string specFlag = run::firstSpecFlagGiven();
  if (!specFlag.empty())
    return fail(specFlag +
                " is a spec-mode flag: it needs --op=gemm|attention");
  return runFileKernel();
}
