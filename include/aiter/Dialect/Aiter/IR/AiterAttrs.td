//===- AiterAttrs.td - aiter dialect attributes ------------*- tablegen -*-===//
//
// Enumerations used by aiter ops (reduction kinds, attention tensor layouts)
// and the layer-3 layout attribute of tile types.
//===----------------------------------------------------------------------===//

#ifndef AITER_DIALECT_AITER_IR_AITERATTRS_TD
#define AITER_DIALECT_AITER_IR_AITERATTRS_TD

include "aiter/Dialect/Aiter/IR/AiterDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/TensorEncoding.td"

// Plain integer-backed enums: they print as bare keywords inside op syntax.

def Aiter_ReduceKind : I32EnumAttr<"ReduceKind", "tile reduction kind", [
    I32EnumAttrCase<"max", 0>,
    I32EnumAttrCase<"min", 1>,
    I32EnumAttrCase<"sum", 2>,
    I32EnumAttrCase<"maxnum", 3>,
    I32EnumAttrCase<"minnum", 4>,
  ]> {
  let cppNamespace = "::mlir::aiter";
}

def Aiter_AttentionLayout : I32EnumAttr<"AttentionLayout",
    "order of the dimensions of the attention tensors", [
    I32EnumAttrCase<"bshd", 0>,
    I32EnumAttrCase<"bhsd", 1>,
  ]> {
  let cppNamespace = "::mlir::aiter";
}

def Aiter_GemmBiasKind : I32EnumAttr<"GemmBiasKind",
    "shape of a GEMM bias vector", [
    I32EnumAttrCase<"row", 0>, // [N], one value per column, added to each row
    I32EnumAttrCase<"col", 1>, // [M], one value per row, added to each column
  ]> {
  let cppNamespace = "::mlir::aiter";
}

def Aiter_GemmActivation : I32EnumAttr<"GemmActivation",
    "activation applied by a GEMM epilogue", [
    I32EnumAttrCase<"relu", 0>,
    I32EnumAttrCase<"gelu", 1>,     // tanh approximation
    I32EnumAttrCase<"gelu_erf", 2>, // exact (erf) form
    I32EnumAttrCase<"silu", 3>,
  ]> {
  let cppNamespace = "::mlir::aiter";
}

//===----------------------------------------------------------------------===//
// Layouts (layer 3)
//===----------------------------------------------------------------------===//

def Aiter_LinearLayoutAttr : AttrDef<Aiter_Dialect, "LinearLayout",
    [DeclareAttrInterfaceMethods<VerifiableTensorEncoding>]> {
  let mnemonic = "linear";
  let summary = "where each element of a tile lives: register, lane and wave";
  let description = [{
    A distributed layout of a tile, as the encoding of its tensor type
    (layer 3 only; layer-2 tile programs carry no encoding). It is a linear
    map over GF(2) (docs/layouts.md) from the bits of (register, lane, wave)
    to the tile's coordinates: bit `b` of `register` holds the element at the
    `b`-th listed coordinate, and a combination of bits holds the XOR of their
    coordinates. `lane` has six bases (64 lanes a wave), `wave` log2 of the
    workgroup's waves, `register` as many as a lane needs. `shape` is the
    tile's shape (powers of two). Every element must be held by some
    (register, lane, wave); several may hold copies (a zero basis, or one that
    repeats what others reach), as after a reduction.

    MFMA accumulator and operand layouts, blocked layouts for global access
    and slices are all of this one form (lib/Layout builds them), so a layout
    conversion is a question about two such maps.

    ```mlir
    // Lane l holds row l of a 64x4 tile; the other layout holds rows in
    // registers and columns in lanes 0..3 (lanes 4..63 hold copies).
    %t = aiter.convert_layout %x : tensor<64x4xf32, #aiter.linear<register = [[0, 1], [0, 2]], lane = [[1, 0], [2, 0], [4, 0], [8, 0], [16, 0], [32, 0]], wave = [], shape = [64, 4]>> -> tensor<64x4xf32, #aiter.linear<register = [[1, 0], [2, 0], [4, 0], [8, 0], [16, 0], [32, 0]], lane = [[0, 1], [0, 2], [0, 0], [0, 0], [0, 0], [0, 0]], wave = [], shape = [64, 4]>>
    ```
  }];
  // Bases flattened: basis i of a dimension is coordinates
  // [i * rank, (i + 1) * rank) of its array.
  let parameters = (ins
    ArrayRefParameter<"int64_t", "tile shape">:$shape,
    ArrayRefParameter<"int64_t", "register bases, flattened">:$registerBases,
    ArrayRefParameter<"int64_t", "lane bases, flattened">:$laneBases,
    ArrayRefParameter<"int64_t", "wave bases, flattened">:$waveBases
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The layout as the algebra's type (in dims register, lane, wave; out
    /// dims dim0, dim1, ...).
    ::mlir::aiter::layout::LinearLayout getLinearLayout() const;
    /// The attribute of a distributed layout; fails (with a message) when it
    /// is not one: in dims other than register/lane/wave, lanes other than
    /// 64, out dims other than dim0..dimN-1.
    static ::llvm::Expected<LinearLayoutAttr>
    get(::mlir::MLIRContext *ctx, const ::mlir::aiter::layout::LinearLayout &l);
    int64_t getRank() const { return getShape().size(); }
    /// Registers per lane (2^number of register bases).
    int64_t getRegistersPerLane() const {
      return int64_t(1) << (getRegisterBases().size() / getRank());
    }
    int64_t getWaves() const {
      return int64_t(1) << (getWaveBases().size() / getRank());
    }
  }];
}

#endif // AITER_DIALECT_AITER_IR_AITERATTRS_TD
