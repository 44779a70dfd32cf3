//===- aiter-compile.cpp - end-to-end aiter compiler driver -----*- C++ -*-===//
//
// Compiles SIMT kernels (gpu.module in upstream dialects) to gfx942/gfx950
// code objects in process, and reports each kernel's resources and main loop.
//===----------------------------------------------------------------------===//

#include "aiter/Dialect/Aiter/IR/AiterDialect.h"
#include "aiter/Dialect/Aiter/IR/AiterOps.h"
#include "aiter/Pipelines/Binary.h"
#include "aiter/Pipelines/CodeObject.h"
#include "aiter/Pipelines/Pipelines.h"
#include "aiter/Pipelines/Report.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

using namespace mlir;
namespace cl = llvm::cl;

static cl::OptionCategory category("aiter-compile options");

static cl::opt<std::string> inputFileOpt(cl::Positional, cl::desc("<input.mlir>"),
                                      cl::init("-"), cl::cat(category));
static cl::opt<std::string> outputFileOpt("o", cl::desc("output file"),
                                       cl::value_desc("path"), cl::init("-"),
                                       cl::cat(category));
static cl::opt<std::string>
    chipOpt("chip",
         cl::desc("target chip (gfx942 or gfx950); default: the gpu.module's "
                  "#rocdl.target"),
         cl::init(""), cl::cat(category));

enum class Emit { hsaco, assembly, llvm, gpu };
static cl::opt<Emit> emitOpt(
    "emit", cl::desc("what to write"), cl::init(Emit::hsaco),
    cl::values(clEnumValN(Emit::hsaco, "hsaco", "the code object (default)"),
               clEnumValN(Emit::assembly, "asm", "AMDGPU assembly"),
               clEnumValN(Emit::llvm, "llvm", "optimised LLVM IR"),
               clEnumValN(Emit::gpu, "gpu",
                          "the SIMT kernels (gpu.module) that are compiled")),
    cl::cat(category));
static cl::opt<bool>
    reportOpt("report",
           cl::desc("print one JSON line per kernel: resources, occupancy and "
                    "the main loop's instruction mix"),
           cl::init(false), cl::cat(category));
static cl::opt<unsigned> optLevelOpt("O", cl::desc("LLVM optimisation level"),
                                  cl::init(3), cl::Prefix, cl::cat(category));

static int fail(const llvm::Twine &msg) {
  llvm::WithColor::error(llvm::errs(), "aiter-compile") << msg << "\n";
  return 1;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "aiter-compile: SIMT kernels (gpu.module) to gfx942/gfx950 code "
      "objects\n");
  // lld resets every llvm::cl option to its default when it links (it calls
  // cl::ResetAllOptionOccurrences), so read the options once, up front.
  const std::string inputFile = inputFileOpt, outputFile = outputFileOpt;
  const std::string chip = chipOpt;
  const Emit emit = emitOpt;
  const bool report = reportOpt;
  const unsigned optLevel = optLevelOpt;

  if (!chip.empty() && chip != "gfx942" && chip != "gfx950")
    return fail("unsupported chip '" + chip +
                "': aiter targets gfx942 and gfx950");

  DialectRegistry registry;
  aiter::registerCodegenDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  std::string error;
  auto input = openInputFile(inputFile, &error);
  if (!input)
    return fail(error);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;

  bool hasTileLevel = false;
  module->walk([&](Operation *op) {
    if (isa<aiter::GemmOp, aiter::AttentionOp, aiter::KernelOp>(op))
      hasTileLevel = true;
  });
  SmallVector<gpu::GPUModuleOp> gpuModules =
      llvm::to_vector(module->getOps<gpu::GPUModuleOp>());
  if (hasTileLevel)
    return fail("the input holds aiter problem ops or tile programs; their "
                "lowering to SIMT kernels is not implemented yet, so "
                "aiter-compile takes gpu.module SIMT kernels only for now");
  if (gpuModules.empty())
    return fail("the input holds no gpu.module to compile");

  if (emit == Emit::gpu) {
    auto out = openOutputFile(outputFile, &error);
    if (!out)
      return fail(error);
    module->print(out->os());
    out->keep();
    return 0;
  }
  if (emit == Emit::hsaco && gpuModules.size() != 1 && !report)
    return fail("-o writes one code object but the input holds " +
                llvm::Twine(gpuModules.size()) +
                " gpu.modules; compile them one file at a time");
  if (emit == Emit::hsaco && !report && outputFile == "-")
    return fail("a code object is binary: name the output file with -o");

  std::string output;
  for (gpu::GPUModuleOp gpuModule : gpuModules) {
    std::string moduleChip =
        chip.empty() ? aiter::getModuleChip(gpuModule) : chip;
    if (moduleChip.empty())
      return fail("gpu.module @" + gpuModule.getName() +
                  " names no chip: pass --chip=gfx942|gfx950 or add "
                  "[#rocdl.target<chip = \"gfx942\">]");
    if (moduleChip != "gfx942" && moduleChip != "gfx950")
      return fail("gpu.module @" + gpuModule.getName() +
                  " targets unsupported chip '" + moduleChip +
                  "': aiter targets gfx942 and gfx950");

    PassManager pm(&context, ModuleOp::getOperationName());
    aiter::GPUToLLVMOptions lowering;
    lowering.chip = moduleChip;
    aiter::buildGPUToLLVMPipeline(pm, lowering);
    // The pipeline nests on every gpu.module; run it on a module holding
    // just this one so each is lowered for its own chip.
    OwningOpRef<ModuleOp> single = ModuleOp::create(module->getLoc());
    single->getBody()->push_back(gpuModule->clone());
    if (failed(pm.run(*single)))
      return fail("lowering gpu.module @" + gpuModule.getName() +
                  " to the LLVM dialect failed (see the errors above)");
    auto lowered = *single->getOps<gpu::GPUModuleOp>().begin();

    aiter::BinaryOptions options;
    options.chip = moduleChip;
    options.optLevel = optLevel;
    options.emitLLVMIR = emit == Emit::llvm;
    options.emitAssembly = emit == Emit::assembly || report;
    auto binary = aiter::compileToBinary(lowered, options);
    if (!binary)
      return fail(llvm::toString(binary.takeError()));

    if (report) {
      auto info = aiter::readCodeObjectInfo(binary->codeObject);
      if (!info)
        return fail(llvm::toString(info.takeError()));
      for (const aiter::KernelInfo &k : info->kernels) {
        aiter::LoopMix loop = aiter::analyzeMainLoop(binary->assembly, k.name);
        unsigned occupancy = aiter::parseOccupancy(binary->assembly, k.name);
        llvm::outs() << aiter::formatKernelReport(k, moduleChip, occupancy,
                                                  loop)
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
  auto out = openOutputFile(outputFile, &error);
  if (!out)
    return fail(error);
  out->os() << output;
  out->keep();
  return 0;
}
