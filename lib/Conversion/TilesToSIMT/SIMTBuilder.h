//===- SIMTBuilder.h - helpers shared by the SIMT emitters ------*- C++ -*-===//
//
// Index arithmetic, comparisons, clamped loads and the kernel skeleton shared
// by the GEMM and attention SIMT emitters.
//===----------------------------------------------------------------------===//

#ifndef AITER_LIB_CONVERSION_TILESTOSIMT_SIMTBUILDER_H
#define AITER_LIB_CONVERSION_TILESTOSIMT_SIMTBUILDER_H

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/ROCDLDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

#include "aiter/Target/TileConfig.h"

namespace mlir::aiter {

/// Thin arithmetic helpers over an ImplicitLocOpBuilder (index values).
struct SIMTBuilder {
  explicit SIMTBuilder(ImplicitLocOpBuilder &b) : b(b) {}

  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, v); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, x, y); }
  Value mulc(Value x, int64_t c) { return mul(x, idx(c)); }
  Value addc(Value x, int64_t c) { return c ? add(x, idx(c)) : x; }
  Value divc(Value x, int64_t c) {
    return arith::DivUIOp::create(b, x, idx(c));
  }
  Value remc(Value x, int64_t c) {
    return arith::RemUIOp::create(b, x, idx(c));
  }
  Value ult(Value x, Value y) {
    return arith::CmpIOp::create(b, arith::CmpIPredicate::ult, x, y);
  }
  Value slt(Value x, Value y) {
    return arith::CmpIOp::create(b, arith::CmpIPredicate::slt, x, y);
  }
  Value minu(Value x, Value y) { return arith::MinUIOp::create(b, x, y); }
  Value mins(Value x, Value y) { return arith::MinSIOp::create(b, x, y); }
  Value maxs(Value x, Value y) { return arith::MaxSIOp::create(b, x, y); }
  Value andi(Value x, Value y) { return arith::AndIOp::create(b, x, y); }
  Value zero(Type t) { return arith::ConstantOp::create(b, b.getZeroAttr(t)); }
  Value f32(double v) {
    return arith::ConstantOp::create(b, b.getF32FloatAttr(float(v)));
  }

  /// The memref viewed as a bounds-checked buffer resource (loads past the
  /// end read 0, stores past it are dropped). The valid range is the view's
  /// true extent, 1 + sum((size - 1) * stride) elements (0 when a size is 0):
  /// without it, the lowering takes max(size * stride), which for a padded
  /// leading dimension reaches a whole stride past the last row's end.
  Value fatBuffer(Value mem) {
    auto type = cast<MemRefType>(mem.getType());
    auto meta = memref::ExtractStridedMetadataOp::create(b, mem);
    Value last = idx(0), empty;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      Value size = meta.getSizes()[d];
      Value isZero =
          arith::CmpIOp::create(b, arith::CmpIPredicate::eq, size, idx(0));
      empty = empty ? arith::OrIOp::create(b, empty, isZero) : isZero;
      last = add(last, mul(sub(size, idx(1)), meta.getStrides()[d]));
    }
    int64_t elemBytes = type.getElementTypeBitWidth() / 8;
    Value bytes = mul(add(last, idx(1)), idx(elemBytes));
    if (empty)
      bytes = arith::SelectOp::create(b, empty, idx(0), bytes);
    Value valid = arith::IndexCastOp::create(b, b.getI64Type(), bytes);
    return amdgpu::FatRawBufferCastOp::create(b, mem, valid,
                                              /*cacheSwizzleStride=*/Value(),
                                              b.getBoolAttr(true));
  }

  /// The values `produce` builds when `cond` holds, else zeros of the same
  /// types: for loads that must not run when a dimension is empty (no
  /// element for a clamped index to fall back to). `cond` should be uniform
  /// and the branch outside hot loops.
  SmallVector<Value>
  valuesIfElseZero(Value cond,
                   llvm::function_ref<SmallVector<Value>()> produce) {
    // Build the values once to learn their types, inside the then-block.
    auto ifOp = scf::IfOp::create(b, TypeRange{}, cond,
                                  /*withElseRegion=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    SmallVector<Value> values = produce();
    SmallVector<Type> types;
    for (Value v : values)
      types.push_back(v.getType());
    b.setInsertionPoint(ifOp);
    auto typed = scf::IfOp::create(b, types, cond, /*withElseRegion=*/true);
    typed.getThenRegion().takeBody(ifOp.getThenRegion());
    b.setInsertionPointToEnd(typed.thenBlock());
    typed.thenBlock()->getTerminator()->erase();
    scf::YieldOp::create(b, values);
    b.setInsertionPointToStart(typed.elseBlock());
    SmallVector<Value> zeros;
    for (Type t : types)
      zeros.push_back(arith::ConstantOp::create(b, b.getZeroAttr(t)));
    scf::YieldOp::create(b, zeros);
    ifOp.erase();
    return SmallVector<Value>(typed.getResults());
  }

  /// Loads `mem[indices]` with every index clamped to its dimension (so the
  /// access is always in bounds) and returns 0 when any index was outside;
  /// `valid` may add a further condition.
  Value loadClamped(Value mem, ValueRange indices, Value valid = Value()) {
    SmallVector<Value> clamped;
    Value in = valid;
    for (auto [d, i] : llvm::enumerate(indices)) {
      Value size = memref::DimOp::create(b, mem, idx(d));
      clamped.push_back(minu(i, sub(size, idx(1))));
      Value inDim = ult(i, size);
      in = in ? andi(in, inDim) : inDim;
    }
    Value v = memref::LoadOp::create(b, mem, clamped);
    Type t = cast<MemRefType>(mem.getType()).getElementType();
    return arith::SelectOp::create(b, in, v, zero(t));
  }

  /// An LDS transpose read (amdgpu.transpose_load -> ds_read_b64_tr_b16;
  /// chips with supportsLdsTransposeRead()) of a 16-bit matrix stored
  /// [k][col] (col contiguous) in `lds`. The 16 lanes of each group read the
  /// 4 x 16 block at rows k0 + [0, 4), columns col0 + [0, 16) -- lane j of
  /// the group row k0 + j / 4, columns col0 + 4 (j % 4) + [0, 4) -- and lane
  /// i of the group receives column col0 + i: 4 consecutive k of one column,
  /// as an MFMA operand wants them. `k0` and `col0` must be the same for the
  /// 16 lanes of a group; `lane` is the lane id (0..63). `place`, if
  /// given, maps a logical (row, col) to the column it is stored at (a
  /// swizzled tile); it must keep each lane's 4 columns together.
  Value transposedRun4(
      Value lds, Value lane, Value k0, Value col0,
      llvm::function_ref<Value(Value row, Value col)> place = nullptr) {
    Type elt = cast<MemRefType>(lds.getType()).getElementType();
    Value j = remc(lane, 16);
    Value row = add(k0, divc(j, 4));
    Value col = add(col0, mulc(remc(j, 4), 4));
    if (place)
      col = place(row, col);
    return amdgpu::TransposeLoadOp::create(b, VectorType::get({4}, elt), lds,
                                           ValueRange{row, col});
  }

  ImplicitLocOpBuilder &b;
};

/// Elements of padding for the rows (`rowElems` elements of `eltBytes`) of an
/// LDS tile read with LDS transpose reads (SIMTBuilder::transposedRun4): the
/// row pitch becomes a quarter or three quarters of a bank line
/// (`lineBytes`, all banks once) modulo the line, so the 4 rows x a quarter
/// line that the 32 lanes of two 16-lane transpose groups read side by side
/// land on distinct banks. Padding keeps rows 16-byte aligned; 0 when no pad
/// does this (rows that are not a multiple of 16 bytes).
inline int64_t transposeReadRowPad(int64_t rowElems, int64_t eltBytes,
                                   int64_t lineBytes) {
  int64_t step = 16 / eltBytes;
  for (int64_t pad = 0; pad * eltBytes <= lineBytes; pad += step) {
    int64_t pitch = (rowElems + pad) * eltBytes % lineBytes;
    if (pitch == lineBytes / 4 || pitch == 3 * lineBytes / 4)
      return pad;
  }
  return 0;
}

/// The target of a tile-program kernel: its `aiter.chip` (set by
/// aiter-expand), else the pass's `chip` option. Emits the error on `kernel`.
inline FailureOr<const TargetInfo *> kernelTarget(Operation *kernel,
                                                  StringRef chipOption) {
  StringRef chip = chipOption;
  if (auto attr = kernel->getAttrOfType<StringAttr>("aiter.chip"))
    chip = attr.getValue();
  auto target = TargetInfo::lookup(chip);
  if (!target)
    return kernel->emitOpError() << llvm::toString(target.takeError());
  return &*target;
}

/// Whether `variant` names the aligned variant; an error for an unknown one.
inline FailureOr<bool> isAlignedVariant(Operation *kernel, StringRef variant) {
  if (variant != "aligned" && variant != "general")
    return kernel->emitOpError("unknown variant '")
           << variant << "': use aligned or general";
  return variant == "aligned";
}

/// The `mfma` of a kernel's aiter.config as (M, N, K); (0, 0, 0) when the
/// config names none, failure for a malformed one.
inline FailureOr<MfmaShape> configMfma(Operation *kernel) {
  auto config = kernel->getAttrOfType<DictionaryAttr>("aiter.config");
  auto str = config ? config.getAs<StringAttr>("mfma") : StringAttr();
  if (!str)
    return MfmaShape{};
  auto shape = parseMfmaShape(str.getValue());
  if (!shape) {
    llvm::consumeError(shape.takeError());
    return kernel->emitOpError("bad mfma in aiter.config: ") << str.getValue();
  }
  return *shape;
}

/// A gpu.func whose instruction order its emitter pinned: later passes keep
/// it (aiter-sink-lds-reads skips it).
inline constexpr llvm::StringLiteral kPinnedScheduleAttr =
    "aiter.pinned_schedule";

/// Creates, before `kernel`, `gpu.module @<name> [#rocdl.target<chip>]`
/// holding an empty `gpu.func @<name>` kernel of type `type`, launched with
/// `threads` x 1 x 1 threads, carrying the variant and the kernel's
/// aiter.config (the JIT reads its launch geometry from it).
inline gpu::GPUFuncOp createSIMTKernel(Operation *kernel, StringRef name,
                                       FunctionType type, StringRef chip,
                                       int32_t threads, StringRef variant) {
  OpBuilder ob(kernel);
  MLIRContext *ctx = kernel->getContext();
  auto gpuModule = gpu::GPUModuleOp::create(
      ob, kernel->getLoc(), name,
      ob.getArrayAttr({ROCDL::ROCDLTargetAttr::get(
          ctx, /*optLevel=*/3, "amdgcn-amd-amdhsa", chip)}));
  ob.setInsertionPointToStart(gpuModule.getBody());
  auto func = gpu::GPUFuncOp::create(ob, kernel->getLoc(), name, type);
  func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), ob.getUnitAttr());
  func.setKnownBlockSizeAttr(ob.getDenseI32ArrayAttr({threads, 1, 1}));
  func->setAttr("aiter.variant", ob.getStringAttr(variant));
  if (Attribute config = kernel->getAttr("aiter.config"))
    func->setAttr("aiter.config", config);
  return func;
}

} // namespace mlir::aiter

#endif // AITER_LIB_CONVERSION_TILESTOSIMT_SIMTBUILDER_H
