//===- AiterOps.td - aiter dialect operations --------------*- tablegen -*-===//
//
// Problem ops (gemm, attention) and the tile-program op set: kernel, program
// ids, tile load/store, dot, reduce, broadcast, expand_dims, iota, transpose.
//===----------------------------------------------------------------------===//

#ifndef AITER_DIALECT_AITER_IR_AITEROPS_TD
#define AITER_DIALECT_AITER_IR_AITEROPS_TD

include "aiter/Dialect/Aiter/IR/AiterDialect.td"
include "aiter/Dialect/Aiter/IR/AiterAttrs.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/CallInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Problem ops
//===----------------------------------------------------------------------===//

def Aiter_GemmOp : Aiter_Op<"gemm", [Symbol]> {
  let summary = "GEMM kernel specification: D = act(alpha op(A) op(B) + beta C + bias)";
  let description = [{
    Specifies a GEMM kernel
    `D[M, N] = act(alpha * op(A)[M, K] * op(B)[K, N] + beta * C[M, N] + bias)`
    with f32 accumulation. `dtype` is the element type of A and B (bf16 or
    f16), `out_dtype` the element type of D (bf16, f16 or f32). `trans_a`
    means A is stored K x M, `trans_b` that B is stored N x K. M, N and K,
    the strides and the base pointers are runtime kernel arguments, so one
    compiled kernel serves every size.

    The epilogue, applied in this order in f32 after the K loop (each part
    off by default, and then absent from the kernel):

    - `alpha(a)`: scales the product (default 1).
    - `beta(b) c(T)`: adds `b * C`, C an M x N input of element type T
      (bf16, f16 or f32) with its own strides; C may be the same memory as
      D (in place). `beta` other than 0 needs `c`, and `c` needs a `beta`
      other than 0 (with beta 0, BLAS reads no C).
    - `bias(row, T)` adds `bias[j]` to column j (a vector of N elements),
      `bias(col, T)` adds `bias[i]` to row i (M elements); T is bf16, f16 or
      f32.
    - `activation(relu | gelu | gelu_erf | silu)`: `max(x, 0)`;
      `0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))` (PyTorch's
      `gelu(approximate="tanh")`, hipBLASLt's GELU); `0.5 x (1 + erf(x /
      sqrt(2)))` (PyTorch's default `gelu`); `x / (1 + exp(-x))`.

    K = 0 gives `D = act(beta * C + bias)` (the product of an empty sum is 0).

    ```mlir
    aiter.gemm @gemm_bf16_nt : bf16 -> bf16 trans_b
    aiter.gemm @gemm_epilogue : f16 -> f32 alpha(2.0) beta(0.5) c(f32)
        bias(row, bf16) activation(gelu)
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, TypeAttr:$dtype,
                   TypeAttr:$out_dtype, UnitAttr:$trans_a, UnitAttr:$trans_b,
                   OptionalAttr<F32Attr>:$alpha, OptionalAttr<F32Attr>:$beta,
                   OptionalAttr<TypeAttr>:$c_dtype,
                   OptionalAttr<Aiter_GemmBiasKind>:$bias_kind,
                   OptionalAttr<TypeAttr>:$bias_dtype,
                   OptionalAttr<Aiter_GemmActivation>:$activation);
  let assemblyFormat = [{
    $sym_name `:` $dtype `->` $out_dtype (`trans_a` $trans_a^)?
    (`trans_b` $trans_b^)?
    (`alpha` `(` $alpha^ `)`)?
    (`beta` `(` $beta^ `)`)?
    (`c` `(` $c_dtype^ `)`)?
    (`bias` `(` $bias_kind^ `,` $bias_dtype `)`)?
    (`activation` `(` $activation^ `)`)?
    attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// alpha, 1 when not given.
    double getEffectiveAlpha() {
      return getAlpha() ? getAlpha()->convertToDouble() : 1.0;
    }
    /// beta, 0 when not given.
    double getEffectiveBeta() {
      return getBeta() ? getBeta()->convertToDouble() : 0.0;
    }
  }];
}

def Aiter_AttentionOp : Aiter_Op<"attention", [Symbol]> {
  let summary = "flash-attention forward kernel specification";
  let description = [{
    Specifies a fused attention forward kernel
    `O = softmax(mask(softcap(scale * Q K^T) + alibi + bias)) V` for Q, K of shape
    [batch, heads, seq, head_dim] and V, O of shape
    [batch, heads, seq, head_dim_v] (dimension order given by
    `layout`: `bshd` or `bhsd`). `head_dim` and `head_dim_v` (default
    `head_dim`) are in [1, 256]. Batch, heads, both sequence lengths and all
    strides are runtime kernel arguments; heads_q must be a multiple of
    heads_kv (GQA; MQA when heads_kv = 1).

    - `causal`: key j is visible to query i when
      `j <= i + seq_k - seq_q` (bottom-right aligned, as flash-attention 2).
    - `window(left, right)`: key j is visible when
      `i + seq_k - seq_q - left <= j <= i + seq_k - seq_q + right`; -1 means
      unbounded on that side. With `causal` the right bound is 0 whatever
      is given, as flash-attention folds them (`causal window(l, r)` means
      `window(l, 0)`).
    - `softcap(c)`: scores become `c * tanh(s / c)` (0 = off).
    - `scale(s)`: the score scale, default `1/sqrt(head_dim)`.
    - `alibi`: adds `-slope * |i + seq_k - seq_q - j|` to the score of query
      i and key j (flash-attention's `alibi_slopes`), after the softcap; the
      kernel takes the slopes as an f32 `[batch, heads]` memref (a runtime
      `[heads]` tensor is passed with batch stride 0).
    - `bias(T)`: adds `bias[b, h, i, j]` (element type T: bf16, f16 or f32)
      to the score, after the softcap; the kernel takes a
      `[batch, heads, seq_q, seq_k]` memref with any strides (0 for a
      broadcast dimension).
    - `return_lse`: also write the natural-log sum-exp of each row (f32).

    ```mlir
    aiter.attention @fa_causal : bf16 head_dim(128) causal window(256, 0)
        return_lse layout(bhsd)
    aiter.attention @fa_alibi_bias : f16 head_dim(64) causal alibi bias(f32)
    ```
  }];
  let arguments = (ins
    SymbolNameAttr:$sym_name,
    TypeAttr:$dtype,
    I64Attr:$head_dim,
    OptionalAttr<I64Attr>:$head_dim_v,
    UnitAttr:$causal,
    OptionalAttr<I64Attr>:$window_left,
    OptionalAttr<I64Attr>:$window_right,
    OptionalAttr<F32Attr>:$softcap,
    OptionalAttr<F32Attr>:$scale,
    UnitAttr:$alibi,
    OptionalAttr<TypeAttr>:$bias,
    UnitAttr:$return_lse,
    DefaultValuedAttr<Aiter_AttentionLayout,
                      "::mlir::aiter::AttentionLayout::bshd">:$layout
  );
  let assemblyFormat = [{
    $sym_name `:` $dtype `head_dim` `(` $head_dim (`,` $head_dim_v^)? `)`
    (`causal` $causal^)?
    (`window` `(` $window_left^ `,` $window_right `)`)?
    (`softcap` `(` $softcap^ `)`)?
    (`scale` `(` $scale^ `)`)?
    (`alibi` $alibi^)?
    (`bias` `(` $bias^ `)`)?
    (`return_lse` $return_lse^)?
    (`layout` `(` $layout^ `)`)?
    attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Head dim of V (defaults to head_dim).
    int64_t getEffectiveHeadDimV() {
      return getHeadDimV() ? *getHeadDimV() : getHeadDim();
    }
    /// The score scale: the given one or 1/sqrt(head_dim).
    double getEffectiveScale();
    /// The visible key range relative to the aligned diagonal, with causal
    /// folded in: (left, right), -1 = unbounded.
    std::pair<int64_t, int64_t> getEffectiveWindow();
    /// Softcap value, 0 when off.
    double getEffectiveSoftcap() {
      return getSoftcap() ? getSoftcap()->convertToDouble() : 0.0;
    }
  }];
}

//===----------------------------------------------------------------------===//
// Tile programs
//===----------------------------------------------------------------------===//

def Aiter_KernelOp : Aiter_Op<"kernel", [
    AutomaticAllocationScope, FunctionOpInterface, IsolatedFromAbove,
    SingleBlock
  ]> {
  let summary = "a tile program: one instance per program id";
  let description = [{
    A tile-program kernel. Its arguments are global memrefs (any element type,
    dynamic sizes and strides allowed) and scalars (integer, index or float).
    A launch runs one instance of the body per program id; `aiter.program_id`
    tells the instance which one it is. Kernels return nothing: results are
    written with `aiter.store`.

    ```mlir
    aiter.kernel @scale(%x: memref<?xf32>, %n: index) {
      %pid = aiter.program_id 0
      %c64 = arith.constant 64 : index
      %off = arith.muli %pid, %c64 : index
      %t = aiter.load %x[%off] : memref<?xf32> -> tensor<64xf32>
      %u = arith.addf %t, %t : tensor<64xf32>
      aiter.store %u, %x[%off] : tensor<64xf32> -> memref<?xf32>
      aiter.return
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                   TypeAttrOf<FunctionType>:$function_type,
                   OptionalAttr<DictArrayAttr>:$arg_attrs,
                   OptionalAttr<DictArrayAttr>:$res_attrs);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name,
                                "::mlir::FunctionType":$type)>];
  let extraClassDeclaration = [{
    /// FunctionOpInterface: the kernel's argument and result types.
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() {
      return getFunctionType().getInputs();
    }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() {
      return getFunctionType().getResults();
    }
    ::mlir::Region *getCallableRegion() { return &getBody(); }
  }];
}

def Aiter_ReturnOp : Aiter_Op<"return", [Pure, HasParent<"KernelOp">,
                                         Terminator, ReturnLike]> {
  let summary = "end of a tile program";
  let description = [{
    Terminates the body of an `aiter.kernel`.

    ```mlir
    aiter.return
    ```
  }];
  let assemblyFormat = "attr-dict";
}

class Aiter_GridOp<string mnemonic>
    : Aiter_Op<mnemonic, [Pure]> {
  let arguments = (ins ConfinedAttr<I32Attr, [IntNonNegative, IntMaxValue<2>]>:$axis);
  let results = (outs Index:$result);
  let assemblyFormat = "$axis attr-dict";
  let hasVerifier = 1;
}

def Aiter_ProgramIdOp : Aiter_GridOp<"program_id"> {
  let summary = "the id of this program instance along an axis (0, 1, 2)";
  let description = [{
    ```mlir
    %pid_m = aiter.program_id 0
    ```
  }];
}

def Aiter_NumProgramsOp : Aiter_GridOp<"num_programs"> {
  let summary = "the number of program instances along an axis (0, 1, 2)";
  let description = [{
    ```mlir
    %n = aiter.num_programs 1
    ```
  }];
}

def Aiter_LoadOp : Aiter_Op<"load", [
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "load a tile from a global memref, clipped to its bounds";
  let description = [{
    Loads a statically shaped tile from `source`. `indices` give the origin,
    one index per memref dimension. `dims` names, for each tile dimension, the
    memref dimension it runs along (default: the trailing dimensions, in
    order); the other memref dimensions are fixed at their index. A
    permutation in `dims` loads a transposed view. Elements outside the
    memref's bounds read `pad` (default 0), an f64 rounded to the element
    type: write -inf as `0xFFF0000000000000` (a hex literal gives the f64's
    bits) or `-1.0e400`; a pad the element type flushes to 0 is an error.

    Tile element `t` reads `source[indices + sum_k t[k] * e(dims[k])]`.

    ```mlir
    // A 128x64 tile of rows s0.. of head h, from a [b, s, h, d] tensor.
    %t = aiter.load %q[%b, %s0, %h, %c0] dims [1, 3] pad 0.0
        : memref<?x?x?x64xbf16, strided<[?, ?, ?, 1]>> -> tensor<128x64xbf16>
    ```
  }];
  let arguments = (ins AnyMemRef:$source, Variadic<Index>:$indices,
                   OptionalAttr<DenseI64ArrayAttr>:$dims,
                   OptionalAttr<F64Attr>:$pad);
  let results = (outs AnyStaticShapeTensor:$result);
  let assemblyFormat = [{
    $source `[` $indices `]` (`dims` $dims^)? (`pad` $pad^)? attr-dict
    `:` type($source) `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The memref dimension each tile dimension runs along.
    ::llvm::SmallVector<int64_t> getTileDims();
    double getPadValue() {
      return getPad() ? getPad()->convertToDouble() : 0.0;
    }
  }];
}

def Aiter_StoreOp : Aiter_Op<"store", [
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "store a tile to a global memref, clipped to its bounds";
  let description = [{
    Stores `value` into `dest` at the origin `indices`, with `dims` as in
    `aiter.load`. Elements that fall outside the memref's bounds are not
    written.

    ```mlir
    aiter.store %c, %out[%m0, %n0] : tensor<128x128xbf16> -> memref<?x?xbf16, strided<[?, 1]>>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$value, AnyMemRef:$dest,
                   Variadic<Index>:$indices,
                   OptionalAttr<DenseI64ArrayAttr>:$dims);
  let assemblyFormat = [{
    $value `,` $dest `[` $indices `]` (`dims` $dims^)? attr-dict
    `:` type($value) `->` type($dest)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::llvm::SmallVector<int64_t> getTileDims();
  }];
}

def Aiter_DotOp : Aiter_Op<"dot", [Pure,
    AllTypesMatch<["acc", "result"]>]> {
  let summary = "tile matrix multiply-accumulate: result = a * b + acc";
  let description = [{
    `a` is M x K, `b` is K x N, `acc` and the result M x N. The operands are
    bf16 or f16 (both the same); accumulation is f32.

    ```mlir
    %d = aiter.dot %a, %b, %c : tensor<128x64xbf16>, tensor<64x128xbf16> -> tensor<128x128xf32>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$a, AnyStaticShapeTensor:$b,
                   AnyStaticShapeTensor:$acc);
  let results = (outs AnyStaticShapeTensor:$result);
  let assemblyFormat = [{
    $a `,` $b `,` $acc attr-dict `:` type($a) `,` type($b) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Aiter_ReduceOp : Aiter_Op<"reduce", [Pure]> {
  let summary = "reduce a tile along one axis (max, min, sum, maxnum, minnum)";
  let description = [{
    The result has the input's shape with `axis` removed and the same element
    type. `max` and `min` on floats follow `arith.maximumf`/`minimumf`
    (NaN-propagating); `maxnum` and `minnum` follow `arith.maxnumf`/
    `minnumf` (a NaN element is ignored; all NaN gives NaN), floats only:
    what flash-attention's row max computes (`fmaxf`), and one `v_max_f32`
    per element where `max` needs three on gfx942.

    ```mlir
    %m = aiter.reduce max %s axis 1 : tensor<128x64xf32> -> tensor<128xf32>
    ```
  }];
  let arguments = (ins Aiter_ReduceKind:$kind, AnyStaticShapeTensor:$input,
                   I64Attr:$axis);
  let results = (outs AnyStaticShapeTensor:$result);
  let assemblyFormat = [{
    $kind $input `axis` $axis attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Aiter_ExpandDimsOp : Aiter_Op<"expand_dims", [Pure]> {
  let summary = "insert a unit dimension into a tile";
  let description = [{
    ```mlir
    %c = aiter.expand_dims %m axis 1 : tensor<128xf32> -> tensor<128x1xf32>
    ```
  }];
  let arguments = (ins AnyStaticShapeTensor:$input, I64Attr:$axis);
  let results = (outs AnyStaticShapeTensor:$result);
  let assemblyFormat = [{
    $input `axis` $axis attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Aiter_BroadcastOp : Aiter_Op<"broadcast", [Pure]> {
  let summary = "broadcast a scalar, or a tile's unit dimensions";
  let description = [{
    The input is either a scalar of the result's element type, or a tile of
    the result's rank whose every dimension is 1 or equal to the result's.

    ```mlir
    %s = aiter.broadcast %scale : f32 -> tensor<128x64xf32>
    %r = aiter.broadcast %c : tensor<128x1xf32> -> tensor<128x64xf32>
    ```
  }];
  let arguments = (ins AnyType:$input);
  let results = (outs AnyStaticShapeTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Aiter_IotaOp : Aiter_Op<"iota", [Pure]> {
  let summary = "the 1-D tile [0, 1, ..., N-1]";
  let description = [{
    ```mlir
    %cols = aiter.iota : tensor<64xi32>
    ```
  }];
  let results = (outs 1DTensorOf<[AnySignlessInteger, Index]>:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Aiter_TransposeOp : Aiter_Op<"transpose", [Pure]> {
  let summary = "transpose a 2-D tile";
  let description = [{
    ```mlir
    %kt = aiter.transpose %k : tensor<64x128xbf16> -> tensor<128x64xbf16>
    ```
  }];
  let arguments = (ins 2DTensorOf<[AnyType]>:$input);
  let results = (outs 2DTensorOf<[AnyType]>:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Layer 3: layouts
//===----------------------------------------------------------------------===//

def Aiter_ConvertLayoutOp : Aiter_Op<"convert_layout",
    [Pure, SameOperandsAndResultShape, SameOperandsAndResultElementType]> {
  let summary = "move a tile to another layout";
  let description = [{
    The same tile, held in another distributed layout: every change of layout
    in a layer-3 program is this op, so its cost is visible and the passes
    that remove conversions have one op to look at. Both types carry an
    `#aiter.linear` encoding. Lowering picks, from the two layouts, a
    register rename, an exchange within waves, or a round trip through LDS
    (docs/layouts.md). Converting to the same layout folds away, and so does
    a conversion of a conversion's result back to its source's layout.

    ```mlir
    %y = aiter.convert_layout %x
        : tensor<64x4xf32, #aiter.linear<register = [[0, 1], [0, 2]], lane = [[1, 0], [2, 0], [4, 0], [8, 0], [16, 0], [32, 0]], wave = [], shape = [64, 4]>>
       -> tensor<64x4xf32, #aiter.linear<register = [[1, 0], [2, 0], [4, 0], [8, 0], [16, 0], [32, 0]], lane = [[0, 1], [0, 2], [0, 0], [0, 0], [0, 0], [0, 0]], wave = [], shape = [64, 4]>>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

#endif // AITER_DIALECT_AITER_IR_AITEROPS_TD
