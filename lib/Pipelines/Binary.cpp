//===- Binary.cpp - gpu.module to AMDGPU code object ------------*- C++ -*-===//
//
// LLVM IR translation, the AMDGPU backend and an in-process lld link: no
// subprocess and no ROCm install between a lowered gpu.module and its HSACO.
//===----------------------------------------------------------------------===//

#include "aiter/Pipelines/Binary.h"

#include "mlir/Dialect/LLVMIR/ROCDLDialect.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/ROCDL/ROCDLToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "lld/Common/Driver.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

#include <signal.h>

LLD_HAS_DRIVER(elf)

using namespace mlir;
using llvm::Expected;

static llvm::Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

std::string aiter::getModuleChip(gpu::GPUModuleOp module) {
  if (ArrayAttr targets = module.getTargetsAttr())
    for (Attribute t : targets)
      if (auto rocdl = dyn_cast<ROCDL::ROCDLTargetAttr>(t))
        return rocdl.getChip().str();
  return "";
}

static void initAMDGPUBackend() {
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeAMDGPUTargetInfo();
    LLVMInitializeAMDGPUTarget();
    LLVMInitializeAMDGPUTargetMC();
    LLVMInitializeAMDGPUAsmPrinter();
    LLVMInitializeAMDGPUAsmParser();
  });
}

static Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(StringRef chip, unsigned optLevel) {
  initAMDGPUBackend();
  llvm::Triple triple("amdgcn-amd-amdhsa");
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return makeError("the AMDGPU backend is not available in this LLVM: " +
                     error);
  llvm::CodeGenOptLevel level = optLevel == 0   ? llvm::CodeGenOptLevel::None
                                : optLevel == 1 ? llvm::CodeGenOptLevel::Less
                                : optLevel == 2
                                    ? llvm::CodeGenOptLevel::Default
                                    : llvm::CodeGenOptLevel::Aggressive;
  std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(
      triple, chip, /*Features=*/"", llvm::TargetOptions(), llvm::Reloc::PIC_,
      std::nullopt, level));
  if (!tm)
    return makeError("cannot create an AMDGPU target machine for '" + chip +
                     "'");
  return tm;
}

/// The LLVM new-pass-manager pipeline at `optLevel`, as clang -O3 runs it.
static void optimize(llvm::Module &module, llvm::TargetMachine &tm,
                     unsigned optLevel) {
  if (optLevel == 0)
    return;
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(&tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel level = optLevel == 1   ? llvm::OptimizationLevel::O1
                                  : optLevel == 2 ? llvm::OptimizationLevel::O2
                                                  : llvm::OptimizationLevel::O3;
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(level);
  mpm.run(module, mam);
}

static Expected<std::string> emit(llvm::Module &module, llvm::TargetMachine &tm,
                                  llvm::CodeGenFileType kind) {
  llvm::SmallString<0> out;
  llvm::raw_svector_ostream os(out);
  llvm::legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr, kind))
    return makeError("the AMDGPU backend cannot emit this file type");
  pm.run(module);
  return std::string(out.str());
}

/// A temporary file removed when the object dies.
namespace {
struct TempFile {
  llvm::SmallString<128> path;
  ~TempFile() {
    if (!path.empty())
      llvm::sys::fs::remove(path);
  }
};
} // namespace

/// Keeps the calling thread's alternate signal stack across a link. lld's
/// output goes through llvm::FileOutputBuffer, whose temporary file is
/// registered with llvm::sys::RemoveFileOnSignal; the first such call in the
/// process installs LLVM's signal handlers and, on the calling thread, an
/// alternate signal stack from malloc (MINSIGSTKSZ + 64 KiB) in place of the
/// thread's own. That stack is not ours to replace: whoever set the old one
/// (AddressSanitizer maps one per thread and unmaps "its" stack when the
/// thread exits, which then fails on LLVM's heap block and aborts the process)
/// still owns it. LLVM keeps its block (it records the pointer itself).
namespace {
struct AltStackGuard {
  stack_t saved;
  bool valid;
  AltStackGuard() { valid = sigaltstack(nullptr, &saved) == 0; }
  ~AltStackGuard() {
    stack_t now;
    if (!valid || sigaltstack(nullptr, &now) != 0 ||
        (now.ss_sp == saved.ss_sp && now.ss_size == saved.ss_size &&
         (now.ss_flags & SS_DISABLE) == (saved.ss_flags & SS_DISABLE)))
      return;
    stack_t restore = saved;
    restore.ss_flags &= SS_DISABLE; // SS_ONSTACK is a report, not a request
    if (restore.ss_flags & SS_DISABLE) {
      restore.ss_sp = nullptr;
      restore.ss_size = 0;
    }
    sigaltstack(&restore, nullptr);
  }
};
} // namespace

/// Links a relocatable AMDGPU object into a code object with the lld linked
/// into this process. lld keeps global state per link, so links are
/// serialized.
static Expected<std::vector<char>> linkWithLld(StringRef object) {
  TempFile in, out;
  int fd;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("aiter", "o", fd, in.path))
    return makeError("cannot create a temporary object file: " + ec.message());
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << object;
    if (os.has_error())
      return makeError("cannot write the temporary object file " + in.path);
  }
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("aiter", "hsaco", out.path))
    return makeError("cannot create a temporary code object file: " +
                     ec.message());

  static std::mutex lldMutex;
  std::lock_guard<std::mutex> lock(lldMutex);
  std::string diag;
  llvm::raw_string_ostream diagOS(diag);
  AltStackGuard keepAltStack;
  const char *args[] = {"ld.lld",  "-shared", "--no-undefined",
                        in.path.c_str(), "-o", out.path.c_str()};
  lld::Result result = lld::lldMain(args, diagOS, diagOS,
                                    {{lld::Gnu, &lld::elf::link}});
  if (result.retCode != 0 || !result.canRunAgain)
    return makeError("lld failed to link the code object: " + diag);

  auto buffer = llvm::MemoryBuffer::getFile(out.path);
  if (!buffer)
    return makeError("cannot read the linked code object: " +
                     buffer.getError().message());
  return std::vector<char>((*buffer)->getBufferStart(),
                           (*buffer)->getBufferEnd());
}

Expected<aiter::BinaryResult>
aiter::compileToBinary(gpu::GPUModuleOp module, const BinaryOptions &options) {
  BinaryResult result;
  result.chip = options.chip.empty() ? getModuleChip(module) : options.chip;
  if (result.chip.empty())
    return makeError("gpu.module @" + module.getName() +
                     " names no chip: give one, or add "
                     "[#rocdl.target<chip = \"gfx942\">] to the module");

  // A partial conversion may leave ops it could not lower (with an error
  // already reported); name the first one rather than fail in translation.
  Operation *unlowered = nullptr;
  module.getBody()->walk([&](Operation *op) {
    StringRef ns = op->getDialect() ? op->getDialect()->getNamespace() : "";
    if (ns != "llvm" && ns != "rocdl" && !unlowered)
      unlowered = op;
  });
  if (unlowered) {
    std::string loc;
    llvm::raw_string_ostream os(loc);
    os << unlowered->getLoc();
    return makeError("gpu.module @" + module.getName() + ": '" +
                     unlowered->getName().getStringRef() + "' at " + loc +
                     " was not lowered to the LLVM dialect (unsupported on " +
                     result.chip + "?)");
  }

  MLIRContext *ctx = module.getContext();
  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerGPUDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerROCDLDialectTranslation(registry);
  ctx->appendDialectRegistry(registry);

  auto tmOr = createTargetMachine(result.chip, options.optLevel);
  if (!tmOr)
    return tmOr.takeError();
  llvm::TargetMachine &tm = **tmOr;

  llvm::LLVMContext llvmCtx;
  std::string diag;
  std::unique_ptr<llvm::Module> llvmModule;
  {
    // Translation reports unsupported ops through MLIR diagnostics.
    ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &d) {
      llvm::raw_string_ostream os(diag);
      os << d.getLocation() << ": " << d << "\n";
      return success();
    });
    llvmModule = translateModuleToLLVMIR(module, llvmCtx, module.getName());
  }
  if (!llvmModule)
    return makeError("cannot translate gpu.module @" + module.getName() +
                     " to LLVM IR (is it lowered to the LLVM dialect?): " +
                     diag);
  llvmModule->setTargetTriple(tm.getTargetTriple());
  llvmModule->setDataLayout(tm.createDataLayout());
  llvmModule->addModuleFlag(llvm::Module::Error, "amdhsa_code_object_version",
                            options.codeObjectVersion * 100);
  {
    std::string err;
    llvm::raw_string_ostream os(err);
    if (llvm::verifyModule(*llvmModule, &os))
      return makeError("invalid LLVM IR from gpu.module @" + module.getName() +
                       ": " + err);
  }

  optimize(*llvmModule, tm, options.optLevel);
  if (options.emitLLVMIR) {
    llvm::raw_string_ostream os(result.llvmIR);
    llvmModule->print(os, nullptr);
  }
  if (options.emitAssembly) {
    // Code generation rewrites the module it runs on: emit from a copy.
    std::unique_ptr<llvm::Module> copy = llvm::CloneModule(*llvmModule);
    auto asmOr = emit(*copy, tm, llvm::CodeGenFileType::AssemblyFile);
    if (!asmOr)
      return asmOr.takeError();
    result.assembly = std::move(*asmOr);
  }
  auto objOr = emit(*llvmModule, tm, llvm::CodeGenFileType::ObjectFile);
  if (!objOr)
    return objOr.takeError();
  auto hsacoOr = linkWithLld(*objOr);
  if (!hsacoOr)
    return hsacoOr.takeError();
  result.codeObject = std::move(*hsacoOr);
  return result;
}
