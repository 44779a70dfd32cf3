//===- TileLowering.h - op-by-op lowering of layout-assigned tiles -*- C++
//-*-===//
//
// The state and helpers the aiter-lower-tiles-to-simt patterns share: how a
// tile value is held in registers, each register's coordinates, LDS scratch.
//===----------------------------------------------------------------------===//
//
// A layer-3 tile `tensor<SHAPE x T, #aiter.linear<...>>` becomes, in each
// thread, one `vector<R x T>` with R = 2^(register bits): element r of the
// vector is register r, which holds tile element L(r, lane, wave). Registers
// of a layout that hold copies (zero or repeated bases) are still elements of
// the vector, so every op lowers register by register without special cases;
// ops with memory effects skip the copies. A rank-0 tile (one element every
// lane holds) becomes a scalar.
//
// Coordinates are linear over GF(2): the coordinate of register r along a
// dimension is the XOR of r's register bases with the thread's lane and wave
// part, computed once per layout at the kernel's entry. When no two bases
// share a bit along that dimension the XOR is an addition, which address
// arithmetic folds into immediate offsets.
//===----------------------------------------------------------------------===//

#ifndef AITER_LIB_CONVERSION_TILESTOSIMT_TILELOWERING_H
#define AITER_LIB_CONVERSION_TILESTOSIMT_TILELOWERING_H

#include "aiter/Dialect/Aiter/IR/AiterOps.h"
#include "aiter/Layout/LinearLayout.h"
#include "aiter/Target/TargetInfo.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

#include "llvm/ADT/DenseMap.h"

#include <map>

namespace mlir::aiter::tiles {

/// A tile's layout, if its type is a layer-3 tile (rank >= 1 with an
/// #aiter.linear encoding).
LinearLayoutAttr getTileLayout(Type type);

/// How a tile moves between two layouts through LDS (ldsConvert's choices):
/// the shared layout's maps from each side's (register, lane, wave) to an
/// element offset, the vector widths of the accesses, and the order in which
/// the source's registers are written.
struct LdsPlan {
  LinearLayoutAttr src, dst;
  Type elemType;
  layout::LinearLayout writeMap, readMap;
  int64_t writeVec = 1, readVec = 1;
  /// Reads with amdgpu.transpose_load (ds_read_b64_tr_b16): readMap then
  /// maps the layout each lane's 8-byte read sees (transposeReadLayout of
  /// dst), and the exchange within groups of 16 lanes delivers dst.
  bool transposedRead = false;
  SmallVector<int64_t> regOf; // written register i is source register regOf[i]
  uint64_t copies = 0;        // source registers holding copies
  int64_t elems = 0;          // elements of LDS the shared layout spans
};

/// A conversion of an LDS group (planLdsGroups): conversions of one block
/// with no other LDS access between them share one barrier pair. The first
/// (the leader) writes every member's source after one barrier, a second
/// barrier follows, and each member then reads its result at its own place.
struct LdsGroupSlot {
  Operation *leader = nullptr;
  SmallVector<Operation *> members; // in program order, leader first
  LdsPlan plan;
  int64_t base = 0; // element offset of this member's region
};

/// Whether lowering \p op (or an op nested in it) accesses LDS.
bool mayUseLds(Operation *op);

/// Whether the lowering of \p op combines partials across waves through
/// LDS (true also for an input layout the lowering refuses, or none).
bool reductionCrossesWaves(ReduceOp op);

/// Per-kernel state of the lowering.
class TileLowering {
public:
  TileLowering(gpu::GPUFuncOp func, const TargetInfo &target, bool aligned,
               int64_t waves);

  const TargetInfo &getTarget() const { return target; }
  bool isAligned() const { return aligned; }
  int64_t getWaves() const { return waves; }
  gpu::GPUFuncOp getFunc() const { return func; }
  const TypeConverter &getTypeConverter() const { return converter; }

  /// Lane id (0..63) and wave id (0..waves-1), index-typed, defined at the
  /// kernel's entry.
  Value getLane() const { return lane; }
  Value getWave() const { return wave; }

  /// The coordinates (index values, dim0 first) of register \p reg of
  /// \p layout in this thread, built at \p b's insertion point from the
  /// per-thread part computed at the entry.
  SmallVector<Value> coordinates(OpBuilder &b, Location loc,
                                 LinearLayoutAttr layout, int64_t reg);

  /// The lane-and-wave part of each coordinate of \p layout (dim0 first),
  /// defined at the entry, and whether it combines with a register's part
  /// by addition (true) or only by XOR.
  ArrayRef<Value> threadCoordinates(LinearLayoutAttr layout);
  bool isAdditive(LinearLayoutAttr layout);
  /// The register part of each coordinate of register \p reg.
  static SmallVector<int64_t> registerCoordinates(LinearLayoutAttr layout,
                                                  int64_t reg);

  /// An i1 that holds in the threads whose lane and wave bits select no
  /// copy: exactly one thread holds each element of \p layout there (with
  /// the registers of layout::LinearLayout::getFreeVariableMask skipped).
  /// Null when every thread is canonical. A null \p layout is a scalar
  /// every thread holds: the first thread alone is canonical.
  Value canonicalThread(OpBuilder &b, Location loc, LinearLayoutAttr layout);

  /// Registers of \p layout holding copies of earlier registers (none for
  /// a scalar).
  uint64_t copyRegisters(LinearLayoutAttr layout);

  /// An LDS scratch buffer of at least \p elems elements of \p elemType:
  /// a view of the kernel's one pool of LDS bytes (a workgroup attribution,
  /// grown as needed) from offset 0, which every conversion and reduction
  /// shares whatever its element type. Users put a barrier before writing
  /// and read back before the next user's barrier.
  Value scratch(Type elemType, int64_t elems);
  /// Bytes of LDS scratch allocated so far.
  int64_t scratchBytes() const;

  /// Converts a tile from \p src to \p dst through LDS in a shared layout
  /// chosen for the pair (layout::chooseSwizzle: bank-conflict free, vector
  /// accesses of up to 16 bytes on both sides; row-major when no swizzle
  /// is found). Barriers before the write, after it and after the read.
  Value ldsConvert(OpBuilder &b, Location loc, Value srcVec,
                   LinearLayoutAttr src, LinearLayoutAttr dst, Type elemType);

  /// The plan of an LDS conversion from \p src to \p dst (none when no
  /// shared layout composes with both).
  std::optional<LdsPlan> planLdsConvert(LinearLayoutAttr src,
                                        LinearLayoutAttr dst, Type elemType);
  /// Writes \p srcVec to \p lds at element offset \p base (canonical
  /// threads only), and reads a plan's destination registers back.
  void writeLds(OpBuilder &b, Location loc, const LdsPlan &plan, Value srcVec,
                Value lds, int64_t base);
  Value readLds(OpBuilder &b, Location loc, const LdsPlan &plan, Value lds,
                int64_t base);

  /// Groups the LDS conversions under \p root (LdsGroupSlot) before the
  /// conversion runs; the slot of a grouped aiter.convert_layout, if any.
  void planLdsGroups(Operation *root);
  const LdsGroupSlot *ldsGroupSlot(Operation *op) const {
    auto it = ldsGroups.find(op);
    return it == ldsGroups.end() ? nullptr : &it->second;
  }

  /// The value of \p map (register, lane, wave -> one output dim) for
  /// register \p reg in this thread.
  Value linearOffset(OpBuilder &b, Location loc,
                     const layout::LinearLayout &map, int64_t reg);

  /// Moves a tile held in \p src to \p dst through LDS: every canonical
  /// register of \p src is written at its element's offset (row-major over
  /// the tile of \p srcShape), then each register of \p dst reads the
  /// element \p dstToSrc maps its coordinates to. Barriers before the write
  /// and after the read. \p srcVec is the source vector (or scalar for a
  /// rank-0 source).
  Value ldsRoundTrip(
      OpBuilder &b, Location loc, Value srcVec, LinearLayoutAttr src,
      LinearLayoutAttr dst, Type elemType,
      llvm::function_ref<SmallVector<Value>(OpBuilder &, ArrayRef<Value>)>
          dstToSrc);

private:
  struct ThreadPart {
    SmallVector<Value> coords;  // per dim: the lane and wave part
    SmallVector<bool> additive; // per dim: no two bases share a bit
    /// Per dim: the bits any lane or wave basis sets (the part's value
    /// never has others).
    SmallVector<uint64_t> bits;
  };
  /// \p thread combined with a register's constant part \p c: XOR where c
  /// shares bits with the thread part, an addition of the rest (exact, as
  /// the XOR stays within the thread part's bits). The additions become
  /// immediate offsets of the accesses that share one address register.
  Value combine(OpBuilder &b, Location loc, Value thread, int64_t c,
                uint64_t bits);
  ThreadPart &threadPart(LinearLayoutAttr layout);
  ThreadPart &threadPart(const layout::LinearLayout &l);
  std::map<std::string, ThreadPart> mapParts;

  gpu::GPUFuncOp func;
  const TargetInfo &target;
  bool aligned;
  int64_t waves;
  TypeConverter converter;
  Value lane, wave;
  Block *entry = nullptr;
  Operation *entryInsertAfter = nullptr;
  llvm::DenseMap<Attribute, ThreadPart> threadParts;
  llvm::DenseMap<Attribute, Value> canonical;
  BlockArgument pool; // the kernel's LDS scratch bytes
  int64_t poolBytes = 0;
  Value poolZero;
  llvm::DenseMap<Type, std::pair<int64_t, Value>> views; // per element type
  llvm::DenseMap<Operation *, LdsGroupSlot> ldsGroups;
};

/// Pattern families (one file each).
void populateElementwisePatterns(TileLowering &lowering,
                                 RewritePatternSet &patterns);
void populateMemoryPatterns(TileLowering &lowering,
                            RewritePatternSet &patterns);
void populateDotPatterns(TileLowering &lowering, RewritePatternSet &patterns);
void populateReducePatterns(TileLowering &lowering,
                            RewritePatternSet &patterns);
void populateConvertLayoutPatterns(TileLowering &lowering,
                                   RewritePatternSet &patterns);

/// Builds an index constant.
Value indexConst(OpBuilder &b, Location loc, int64_t v);

} // namespace mlir::aiter::tiles

#endif // AITER_LIB_CONVERSION_TILESTOSIMT_TILELOWERING_H
