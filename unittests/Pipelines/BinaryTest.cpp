//===- BinaryTest.cpp - in-process code generation and metadata -*- C++ -*-===//
//
// Compiles real kernels to code objects through the library API, reads their
// metadata back, and feeds corrupt code objects to the reader.
//===----------------------------------------------------------------------===//

#include "aiter/Pipelines/Binary.h"
#include "aiter/Pipelines/CodeObject.h"
#include "aiter/Pipelines/Compile.h"
#include "aiter/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "gtest/gtest.h"

#include <thread>

using namespace mlir;

namespace {

constexpr const char *kKernel = R"mlir(
gpu.module @m [#rocdl.target<chip = "CHIP">] {
  gpu.func @axpy(%x: memref<?xf32>, %y: memref<?xf32>, %a: f32) kernel {
    %t = gpu.thread_id x
    %b = gpu.block_id x
    %n = gpu.block_dim x
    %bn = arith.muli %b, %n : index
    %i = arith.addi %bn, %t : index
    %xv = memref.load %x[%i] : memref<?xf32>
    %yv = memref.load %y[%i] : memref<?xf32>
    %p = arith.mulf %a, %xv : f32
    %s = arith.addf %p, %yv : f32
    memref.store %s, %y[%i] : memref<?xf32>
    gpu.return
  }
}
)mlir";

/// Parses, lowers and compiles kKernel for `chip`.
llvm::Expected<aiter::BinaryResult> compileAxpy(llvm::StringRef chip) {
  DialectRegistry registry;
  aiter::registerCodegenDialects(registry);
  MLIRContext ctx(registry);
  std::string src = kKernel;
  src.replace(src.find("CHIP"), 4, chip.str());
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(src, &ctx);
  if (!module)
    return llvm::createStringError("parse failed");
  PassManager pm(&ctx, ModuleOp::getOperationName());
  aiter::GPUToLLVMOptions opts;
  opts.chip = chip.str();
  aiter::buildGPUToLLVMPipeline(pm, opts);
  if (failed(pm.run(*module)))
    return llvm::createStringError("lowering failed");
  aiter::BinaryOptions options;
  options.emitAssembly = true;
  return aiter::compileToBinary(*module->getOps<gpu::GPUModuleOp>().begin(),
                                options);
}

TEST(Binary, CompilesAndDescribesTheKernel) {
  for (const char *chip : {"gfx942", "gfx950"}) {
    auto binary = compileAxpy(chip);
    ASSERT_TRUE(!!binary) << llvm::toString(binary.takeError());
    EXPECT_EQ(binary->chip, chip);
    EXPECT_NE(binary->assembly.find("axpy:"), std::string::npos);
    auto info = aiter::readCodeObjectInfo(binary->codeObject);
    ASSERT_TRUE(!!info) << llvm::toString(info.takeError());
    EXPECT_EQ(info->target, std::string("amdgcn-amd-amdhsa--") + chip);
    EXPECT_EQ(info->codeObjectVersion, 5u);
    ASSERT_EQ(info->kernels.size(), 1u);
    const aiter::KernelInfo &k = info->kernels[0];
    EXPECT_EQ(k.name, "axpy");
    EXPECT_EQ(k.symbol, "axpy.kd");
    EXPECT_EQ(k.wavefrontSize, 64u);
    EXPECT_EQ(k.privateSegmentSize, 0u);
    // Two memrefs of rank 1 (5 fields each: 2 pointers, offset, size,
    // stride) and one f32: 11 explicit arguments, then the hidden ones.
    ASSERT_GE(k.args.size(), 11u);
    EXPECT_EQ(k.args[0].valueKind, "global_buffer");
    EXPECT_EQ(k.args[0].offset, 0u);
    EXPECT_EQ(k.args[0].size, 8u);
    EXPECT_EQ(k.args[10].valueKind, "by_value");
    EXPECT_EQ(k.args[10].size, 4u);
    // gpu.block_dim reads the hidden group-size arguments.
    bool hasHidden = false;
    for (const aiter::KernelArgInfo &a : k.args)
      hasHidden |= llvm::StringRef(a.valueKind).starts_with("hidden_");
    EXPECT_TRUE(hasHidden);
  }
}

TEST(Binary, CompilesFromManyThreads) {
  // lld keeps global state: links from several threads must not interfere.
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      auto binary = compileAxpy(i % 2 ? "gfx950" : "gfx942");
      if (binary && aiter::readCodeObjectInfo(binary->codeObject))
        ++ok;
      else if (!binary)
        llvm::consumeError(binary.takeError());
    });
  for (std::thread &t : threads)
    t.join();
  EXPECT_EQ(ok.load(), 4);
}

TEST(Binary, ModuleWithoutChipIsAnError) {
  DialectRegistry registry;
  aiter::registerCodegenDialects(registry);
  MLIRContext ctx(registry);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(
      "gpu.module @m { llvm.func @f() { llvm.return } }", &ctx);
  ASSERT_TRUE(module);
  auto binary = aiter::compileToBinary(
      *module->getOps<gpu::GPUModuleOp>().begin(), aiter::BinaryOptions());
  ASSERT_FALSE(!!binary);
  EXPECT_NE(llvm::toString(binary.takeError()).find("names no chip"),
            std::string::npos);
}

TEST(CodeObject, CorruptInputIsAnErrorNotACrash) {
  auto binary = compileAxpy("gfx942");
  ASSERT_TRUE(!!binary) << llvm::toString(binary.takeError());
  const std::vector<char> &good = binary->codeObject;

  auto expectError = [](llvm::ArrayRef<char> bytes) {
    auto info = aiter::readCodeObjectInfo(bytes);
    if (info)
      return false;
    llvm::consumeError(info.takeError());
    return true;
  };
  EXPECT_TRUE(expectError({}));
  EXPECT_TRUE(expectError(llvm::ArrayRef<char>("not an elf", 10)));
  // Every truncation is rejected or parsed, never a crash.
  for (size_t n = 0; n < good.size(); n += 97) {
    auto info =
        aiter::readCodeObjectInfo(llvm::ArrayRef<char>(good.data(), n));
    if (!info)
      llvm::consumeError(info.takeError());
  }
  // Flip bits all over the file: the reader must survive each one.
  for (size_t i = 0; i < good.size(); i += 13) {
    std::vector<char> bad = good;
    bad[i] ^= 0x5a;
    auto info = aiter::readCodeObjectInfo(bad);
    if (!info)
      llvm::consumeError(info.takeError());
  }
  // A non-AMDGPU ELF is named as such.
  std::vector<char> otherMachine = good;
  otherMachine[18] = 62; // EM_X86_64
  otherMachine[19] = 0;
  auto info = aiter::readCodeObjectInfo(otherMachine);
  ASSERT_FALSE(!!info);
  EXPECT_NE(llvm::toString(info.takeError()).find("not an AMDGPU object"),
            std::string::npos);
}

} // namespace

namespace {

TEST(CompileProblem, GemmForBothChips) {
  for (const char *chip : {"gfx942", "gfx950"}) {
    aiter::CompileOptions options;
    options.chip = chip;
    auto kernel = aiter::compileProblem("aiter.gemm @g : f16 -> f32 trans_b",
                                        options);
    ASSERT_TRUE(!!kernel) << llvm::toString(kernel.takeError());
    EXPECT_EQ(kernel->name, "g");
    EXPECT_EQ(kernel->chip, chip);
    EXPECT_EQ(kernel->variant, "aligned");
    EXPECT_EQ(kernel->launch.kind, aiter::LaunchGeometry::Kind::Gemm);
    EXPECT_EQ(kernel->launch.tileM, 128);
    EXPECT_EQ(kernel->launch.tileN, 128);
    EXPECT_EQ(kernel->launch.threads, 256u);
    EXPECT_NE(kernel->simtIR.find("gpu.func @g("), std::string::npos);
    EXPECT_EQ(kernel->info.name, "g");
    EXPECT_EQ(kernel->info.maxFlatWorkgroupSize, 256u);
    EXPECT_EQ(kernel->info.privateSegmentSize, 0u);
    EXPECT_FALSE(kernel->codeObject.empty());
  }
}

TEST(CompileProblem, ErrorsCarryTheDiagnostics) {
  auto bad = aiter::compileProblem("aiter.gemm @g : f32 -> f32",
                                   aiter::CompileOptions());
  ASSERT_FALSE(!!bad);
  std::string msg = llvm::toString(bad.takeError());
  EXPECT_NE(msg.find("dtype must be bf16 or f16, got 'f32'"),
            std::string::npos)
      << msg;

  aiter::CompileOptions options;
  options.config = "tile_m=100";
  auto badConfig = aiter::compileProblem("aiter.gemm @g : bf16 -> bf16",
                                         options);
  ASSERT_FALSE(!!badConfig);
  EXPECT_NE(llvm::toString(badConfig.takeError()).find("tile_m"),
            std::string::npos);

  auto notMlir = aiter::compileProblem("this is not MLIR", options);
  ASSERT_FALSE(!!notMlir);
  EXPECT_NE(llvm::toString(notMlir.takeError()).find("cannot parse"),
            std::string::npos);
}

/// The kind of a failure, which callers map to statuses.
static aiter::CompileErrorKind kindOf(llvm::StringRef source,
                                      const aiter::CompileOptions &options,
                                      std::string *message = nullptr) {
  auto compiled = aiter::compileProblem(source, options);
  EXPECT_FALSE(!!compiled) << source.str();
  if (compiled)
    return aiter::CompileErrorKind::Compile;
  auto [kind, msg] = aiter::takeCompileError(compiled.takeError());
  if (message)
    *message = msg;
  return kind;
}

TEST(CompileProblem, ErrorKinds) {
  aiter::CompileOptions options;
  EXPECT_EQ(kindOf("this is not MLIR", options),
            aiter::CompileErrorKind::InvalidSpec);
  // Parses, but the verifier rejects it.
  std::string msg;
  EXPECT_EQ(kindOf("aiter.attention @a : bf16 head_dim(300)", options, &msg),
            aiter::CompileErrorKind::Unsupported);
  EXPECT_NE(msg.find("head_dim must be in [1, 256]"), std::string::npos) << msg;
  aiter::CompileOptions chip;
  for (const char *id : {"gfx1100", "", "gfx942:bogus+", " gfx942"}) {
    chip.chip = id;
    EXPECT_EQ(kindOf("aiter.gemm @g : bf16 -> bf16", chip, &msg),
              aiter::CompileErrorKind::InvalidTarget)
        << id;
    EXPECT_NE(msg.find(id), std::string::npos) << msg;
  }
  for (const char *config : {"tile_m=100", "no_such_key=1", "stages=3",
                             "tile_m=512,tile_n=512,tile_k=128"}) {
    aiter::CompileOptions bad;
    bad.config = config;
    EXPECT_EQ(kindOf("aiter.gemm @g : bf16 -> bf16", bad, &msg),
              aiter::CompileErrorKind::InvalidConfig)
        << config;
    EXPECT_NE(msg.find("invalid tile configuration"), std::string::npos)
        << msg;
  }
  // Errors that are not CompileErrors count as compile failures.
  auto [kind, text] = aiter::takeCompileError(
      llvm::createStringError(llvm::inconvertibleErrorCode(), "boom"));
  EXPECT_EQ(kind, aiter::CompileErrorKind::Compile);
  EXPECT_EQ(text, "boom");
}

} // namespace
