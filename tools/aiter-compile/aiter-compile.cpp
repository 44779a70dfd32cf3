//===- aiter-compile.cpp - end-to-end aiter compiler driver -----*- C++ -*-===//
//
// Compiles kernel specifications (problem ops or spec flags), tile programs or
// SIMT kernels to gfx942/gfx950 code objects in process, and reports each
// kernel's resources and main loop.
//===----------------------------------------------------------------------===//

#include "BuildId.h"
#include "aiter/Dialect/Aiter/IR/AiterOps.h"
#include "aiter/Pipelines/Binary.h"
#include "aiter/Pipelines/CodeObject.h"
#include "aiter/Pipelines/Compile.h"
#include "aiter/Pipelines/Pipelines.h"
#include "aiter/Pipelines/Report.h"
#include "aiter/Pipelines/TilePrograms.h"
#include "aiter/Runtime/ProblemSpec.h"
#include "aiter/Target/TargetInfo.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

using namespace mlir;
namespace cl = llvm::cl;

static cl::OptionCategory category("aiter-compile options");
static cl::OptionCategory specCategory(
    "kernel specification (instead of an input file)");

static cl::opt<std::string> inputFileOpt(cl::Positional,
                                         cl::desc("<input.mlir>"),
                                         cl::init(""), cl::cat(category));
static cl::opt<std::string> outputFileOpt("o", cl::desc("output file"),
                                          cl::value_desc("path"),
                                          cl::init("-"), cl::cat(category));
static cl::opt<std::string>
    chipOpt("chip",
            cl::desc("target chip (gfx942 or gfx950); default: the "
                     "gpu.module's #rocdl.target, else gfx942"),
            cl::init(""), cl::cat(category));
static cl::opt<std::string>
    configOpt("config",
              cl::desc("tile configuration overrides, e.g. "
                       "tile_m=128,tile_n=128,tile_k=64,waves=4 "
                       "(see docs/passes.md)"),
              cl::init(""), cl::cat(category));
static cl::opt<std::string>
    variantOpt("variant",
               cl::desc("aligned (16-byte aligned pointers, unit-stride "
                        "rows, leading strides divisible by 8, tensors "
                        "under 2 GiB; the default) or general"),
               cl::init("aligned"), cl::cat(category));

enum class Emit { hsaco, assembly, llvm, gpu, tiles };
static cl::opt<Emit> emitOpt(
    "emit", cl::desc("what to write"), cl::init(Emit::hsaco),
    cl::values(clEnumValN(Emit::hsaco, "hsaco", "the code object (default)"),
               clEnumValN(Emit::assembly, "asm", "AMDGPU assembly"),
               clEnumValN(Emit::llvm, "llvm", "optimised LLVM IR"),
               clEnumValN(Emit::gpu, "gpu", "the SIMT kernels (gpu.module)"),
               clEnumValN(Emit::tiles, "tiles",
                          "the tile programs (aiter.kernel)")),
    cl::cat(category));
static cl::opt<bool>
    reportOpt("report",
              cl::desc("print one JSON line per kernel: resources, "
                       "occupancy and the main loop's instruction mix"),
              cl::init(false), cl::cat(category));
static cl::opt<bool> emittersOpt(
    "emitters",
    cl::desc("compile the shipped GEMM and attention programs with the "
             "legacy emitters that recognise them (default); "
             "--emitters=false: with the general compiler, like any other "
             "tile program"),
    cl::init(true), cl::cat(category));
static cl::opt<bool> cacheKeyOpt(
    "cache-key",
    cl::desc("with --op: print the runtime cache key of each variant "
             "(`aligned <hex>`, `general <hex>`) instead of compiling; the "
             "C API and Python give the same keys for the same spec"),
    cl::init(false), cl::cat(category));
static cl::opt<unsigned> optLevelOpt("O", cl::desc("LLVM optimisation level"),
                                     cl::init(3), cl::Prefix,
                                     cl::cat(category));

// Spec flags (DESIGN.md, "Tools"), shared with aiter-run.
static cl::opt<std::string> opOpt("op", cl::desc("gemm | attention"),
                                  cl::init(""), cl::cat(specCategory));
static cl::opt<std::string> dtypeOpt("dtype", cl::desc("bf16 | f16"),
                                     cl::init("bf16"), cl::cat(specCategory));
static cl::opt<std::string>
    outDtypeOpt("out-dtype", cl::desc("gemm output: bf16 | f16 | f32"),
                cl::init(""), cl::cat(specCategory));
static cl::opt<bool> transAOpt("trans-a", cl::desc("gemm: A is K x M"),
                               cl::cat(specCategory));
static cl::opt<bool> transBOpt("trans-b", cl::desc("gemm: B is N x K"),
                               cl::cat(specCategory));
static cl::opt<int> headDimOpt("head-dim",
                               cl::desc("attention: Q/K head dim, 1..256"),
                               cl::init(128), cl::cat(specCategory));
static cl::opt<int>
    headDimVOpt("head-dim-v",
                cl::desc("attention: V/O head dim, 1..256 (default "
                         "--head-dim)"),
                cl::init(0), cl::cat(specCategory));
static cl::opt<bool> causalOpt("causal", cl::desc("attention: causal mask"),
                               cl::cat(specCategory));
static cl::opt<std::string>
    windowOpt("window", cl::desc("attention: L,R sliding window (-1 = "
                                 "unbounded)"),
              cl::init(""), cl::cat(specCategory));
static cl::opt<double> softcapOpt("softcap",
                                  cl::desc("attention: softcap (0 = off)"),
                                  cl::init(0.0), cl::cat(specCategory));
static cl::opt<double> scaleOpt("scale",
                                cl::desc("attention: score scale (default "
                                         "1/sqrt(head_dim))"),
                                cl::init(0.0), cl::cat(specCategory));
static cl::opt<bool> lseOpt("lse", cl::desc("attention: also write the LSE"),
                            cl::cat(specCategory));
static cl::opt<std::string> layoutOpt("layout",
                                      cl::desc("attention: bshd | bhsd"),
                                      cl::init("bshd"), cl::cat(specCategory));
static cl::opt<bool>
    alibiOpt("alibi",
             cl::desc("attention: ALiBi (slopes f32 [heads] or [batch, heads] "
                      "at launch)"),
             cl::cat(specCategory));
static cl::opt<std::string>
    biasOpt("bias",
            cl::desc("attention: an additive bias [batch, heads, seq_q, seq_k] "
                     "of this dtype (bf16 | f16 | f32); gemm: row (a vector "
                     "[N] added to every row) | col (a vector [M])"),
            cl::init(""), cl::cat(specCategory));
static cl::opt<double> alphaOpt("alpha",
                                cl::desc("gemm: D = alpha * A B + ... "
                                         "(default 1)"),
                                cl::init(1.0), cl::cat(specCategory));
static cl::opt<double> betaOpt("beta",
                               cl::desc("gemm: ... + beta * C (default 0; "
                                        "other values take a C input)"),
                               cl::init(0.0), cl::cat(specCategory));
static cl::opt<std::string>
    cDtypeOpt("c-dtype",
              cl::desc("gemm: the C input's dtype (bf16 | f16 | f32; default "
                       "--out-dtype)"),
              cl::init(""), cl::cat(specCategory));
static cl::opt<std::string>
    biasDtypeOpt("bias-dtype",
                 cl::desc("gemm: the bias vector's dtype (bf16 | f16 | f32; "
                          "default --out-dtype)"),
                 cl::init(""), cl::cat(specCategory));
static cl::opt<std::string>
    actOpt("act",
           cl::desc("gemm: activation after the bias: relu | gelu (tanh "
                    "approximation) | gelu_erf | silu"),
           cl::init(""), cl::cat(specCategory));

static int fail(const llvm::Twine &msg) {
  llvm::WithColor::error(llvm::errs(), "aiter-compile") << msg << "\n";
  return 1;
}

/// The problem op the spec flags describe, built as every entry point
/// builds it (ProblemSpec.h).
static std::string specFromOptions(::aiter::rt::ProblemSpec &spec) {
  ::aiter::rt::SpecFlagValues f;
  f.op = opOpt;
  f.dtype = dtypeOpt;
  f.outDtype = outDtypeOpt;
  f.window = windowOpt;
  f.layout = layoutOpt;
  f.transA = transAOpt;
  f.transB = transBOpt;
  f.causal = causalOpt;
  f.lse = lseOpt;
  f.alibi = alibiOpt;
  f.bias = biasOpt;
  f.alpha = alphaOpt;
  f.beta = betaOpt;
  f.cDtype = cDtypeOpt;
  f.biasDtype = biasDtypeOpt;
  f.act = actOpt;
  f.headDim = headDimOpt;
  f.headDimV = headDimVOpt == headDimOpt ? 0 : int64_t(headDimVOpt);
  f.softcap = softcapOpt;
  f.scale = scaleOpt;
  return ::aiter::rt::specFromFlags(f, spec);
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions({&category, &specCategory});
  cl::ParseCommandLineOptions(
      argc, argv,
      "aiter-compile: kernel specifications, tile programs or SIMT kernels "
      "to gfx942/gfx950 code objects\n");
  // lld resets every llvm::cl option to its default when it links (it calls
  // cl::ResetAllOptionOccurrences), so read the options once, up front.
  const std::string inputFile = inputFileOpt, outputFile = outputFileOpt;
  const std::string chip = chipOpt, config = configOpt, variant = variantOpt;
  const Emit emit = emitOpt;
  const bool report = reportOpt, cacheKey = cacheKeyOpt;
  const unsigned optLevel = optLevelOpt;

  if (!chip.empty()) {
    auto target = mlir::aiter::TargetInfo::lookup(chip);
    if (!target)
      return fail(llvm::toString(target.takeError()));
  }
  if (variant != "aligned" && variant != "general")
    return fail("--variant must be aligned or general, got '" + variant + "'");

  DialectRegistry registry;
  mlir::aiter::registerCodegenDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // A diagnostic names the op and its location; the whole kernel printed
  // after it would bury the message.
  context.printOpOnDiagnostic(false);

  std::unique_ptr<llvm::MemoryBuffer> input;
  std::string error;
  if (!opOpt.empty()) {
    if (!inputFile.empty())
      return fail("give either an input file or --op, not both");
    ::aiter::rt::ProblemSpec spec;
    if (std::string e = specFromOptions(spec); !e.empty())
      return fail(e);
    if (cacheKey) {
      // The keys the runtime files this spec's variants under.
      std::string target = chip.empty() ? "gfx942" : chip;
      for (const char *v : {"aligned", "general"})
        llvm::outs() << v << " "
                     << ::aiter::rt::variantCacheKey(
                            spec, AITER_BUILD_ID, target, config, v, optLevel)
                     << "\n";
      return 0;
    }
    input = llvm::MemoryBuffer::getMemBufferCopy(spec.toMLIR(), "<spec flags>");
  } else {
    input = openInputFile(inputFile.empty() ? "-" : inputFile, &error);
    if (!input)
      return fail(error);
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;

  auto writeText = [&](llvm::function_ref<void(llvm::raw_ostream &)> fn) {
    auto out = openOutputFile(outputFile, &error);
    if (!out)
      return fail(error);
    fn(out->os());
    out->keep();
    return 0;
  };

  mlir::aiter::ToGPUOptions toGPU;
  toGPU.chip = chip.empty() ? "gfx942" : chip;
  toGPU.config = config;
  toGPU.variant = variant;
  toGPU.emitters = emittersOpt;
  // Layer 1 -> 2: problem ops to tile programs.
  bool hasProblems = false;
  module->walk([&](Operation *op) {
    hasProblems |= isa<mlir::aiter::GemmOp, mlir::aiter::AttentionOp>(op);
  });
  if (hasProblems) {
    PassManager pm(&context, ModuleOp::getOperationName());
    mlir::aiter::buildExpandPipeline(pm, toGPU);
    if (failed(pm.run(*module)))
      return 1;
  } else if (!config.empty()) {
    // Nothing would read it: a tile program's configuration is its own.
    return fail("--config overrides the tile configuration aiter.gemm and "
                "aiter.attention are expanded with, and the input has "
                "neither (a tile program records its configuration in its "
                "aiter.config attribute)");
  }
  if (emit == Emit::tiles)
    return writeText([&](llvm::raw_ostream &os) { module->print(os); });
  // Layer 2 -> 4: tile programs to SIMT kernels, each for its chip and
  // with the chip's default configuration where it records none, as
  // aiter-run compiles them.
  if (!module->getOps<mlir::aiter::KernelOp>().empty()) {
    mlir::aiter::TileProgramOptions tiles;
    tiles.chip = chip;
    tiles.variant = variant;
    if (failed(mlir::aiter::configureTilePrograms(*module, tiles)))
      return 1;
    PassManager pm(&context, ModuleOp::getOperationName());
    mlir::aiter::buildTilesToGPUPipeline(pm, toGPU);
    if (failed(pm.run(*module)))
      return 1;
  }
  if (emit == Emit::gpu)
    return writeText([&](llvm::raw_ostream &os) { module->print(os); });

  SmallVector<gpu::GPUModuleOp> gpuModules =
      llvm::to_vector(module->getOps<gpu::GPUModuleOp>());
  if (gpuModules.empty())
    return fail("the input holds nothing to compile (no aiter.gemm, "
                "aiter.attention, aiter.kernel or gpu.module)");
  if (emit == Emit::hsaco && gpuModules.size() != 1 && !report)
    return fail("-o writes one code object but the input holds " +
                llvm::Twine(gpuModules.size()) +
                " kernels; compile them one file at a time");
  if (emit == Emit::hsaco && !report && outputFile == "-")
    return fail("a code object is binary: name the output file with -o");

  std::string output;
  for (gpu::GPUModuleOp gpuModule : gpuModules) {
    std::string moduleChip = mlir::aiter::getModuleChip(gpuModule);
    if (!chip.empty())
      moduleChip = chip;
    if (moduleChip.empty())
      return fail("gpu.module @" + gpuModule.getName() +
                  " names no chip: pass --chip=gfx942|gfx950 or add "
                  "[#rocdl.target<chip = \"gfx942\">]");
    auto target = mlir::aiter::TargetInfo::lookup(moduleChip);
    if (!target)
      return fail("gpu.module @" + gpuModule.getName() + ": " +
                  llvm::toString(target.takeError()));

    mlir::aiter::BinaryOptions options;
    options.optLevel = optLevel;
    options.emitLLVMIR = emit == Emit::llvm;
    options.emitAssembly = emit == Emit::assembly || report;
    auto binary = mlir::aiter::compileGPUModule(gpuModule, moduleChip, options);
    if (!binary)
      return fail(llvm::toString(binary.takeError()));

    if (report) {
      auto info = mlir::aiter::readCodeObjectInfo(binary->codeObject);
      if (!info)
        return fail(llvm::toString(info.takeError()));
      for (const mlir::aiter::KernelInfo &k : info->kernels) {
        mlir::aiter::LoopMix loop =
            mlir::aiter::analyzeMainLoop(binary->assembly, k.name);
        unsigned waves = std::max(1u, (k.maxFlatWorkgroupSize + 63) / 64);
        // On gfx90a and later the metadata's .vgpr_count is the unified
        // count (architectural VGPRs, then AGPRs).
        unsigned arch = k.vgprCount > k.agprCount ? k.vgprCount - k.agprCount
                                                  : k.vgprCount;
        unsigned occupancy =
            target->occupancy(arch, k.agprCount, k.groupSegmentSize, waves);
        llvm::outs() << mlir::aiter::formatKernelReport(k, moduleChip,
                                                        occupancy, loop)
                     << "\n";
      }
    }
    if (emit == Emit::llvm)
      output += binary->llvmIR;
    else if (emit == Emit::assembly)
      output += binary->assembly;
    else if (emit == Emit::hsaco)
      output.assign(binary->codeObject.begin(), binary->codeObject.end());
  }

  if (report && outputFile == "-")
    return 0; // the report alone was asked for
  return writeText([&](llvm::raw_ostream &os) { os << output; });
}
