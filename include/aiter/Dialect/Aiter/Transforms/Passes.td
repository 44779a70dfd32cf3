//===- Passes.td - aiter dialect passes --------------------*- tablegen -*-===//
//
// Passes over the aiter dialect: aiter-expand turns problem ops (aiter.gemm,
// aiter.attention) into tile programs (aiter.kernel).
//===----------------------------------------------------------------------===//

#ifndef AITER_DIALECT_AITER_TRANSFORMS_PASSES_TD
#define AITER_DIALECT_AITER_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def AiterExpand : Pass<"aiter-expand", "ModuleOp"> {
  let summary = "Expand aiter.gemm / aiter.attention into aiter.kernel tile programs";
  let description = [{
    Replaces every `aiter.gemm` and `aiter.attention` problem op with an
    `aiter.kernel` tile program of the same symbol name. The tile
    configuration comes from the target table's defaults for `chip`, with
    `config` overrides applied; it is recorded on the kernel as the
    discardable attributes `aiter.chip` and `aiter.config` for the later
    lowering. The kernel ABIs and the config syntax are in docs/passes.md.

    ```mlir
    // aiter-opt --aiter-expand="chip=gfx950"
    aiter.gemm @g : bf16 -> bf16 trans_b
    ```
  }];
  let options = [
    Option<"chip", "chip", "std::string", /*default=*/"\"gfx942\"",
           "Target chip or full target id (gfx942, gfx950, "
           "e.g. gfx942:sramecc+:xnack-)">,
    Option<"config", "config", "std::string", /*default=*/"\"\"",
           "Tile configuration overrides, e.g. "
           "tile_m=128,tile_n=128,tile_k=64,waves=4,mfma=32x32x16,stages=2 "
           "(gemm) or block_m=128,block_n=64,waves=4,mfma=16x16x16,stages=1 "
           "(attention)">,
  ];
  let dependentDialects = [
    "::mlir::aiter::AiterDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
  ];
}

def AiterAssignLayouts : Pass<"aiter-assign-layouts", "ModuleOp"> {
  let summary = "Give every tile of each aiter.kernel an #aiter.linear layout (layer 3)";
  let description = [{
    Anchors: an `aiter.dot` gets its MFMA instruction's accumulator and
    operand layouts (the instruction from `aiter.config`'s `mfma`, the
    `mfma` option, or the target's first choice that divides the tile; it is
    recorded on the dot as `aiter.mfma`), an `aiter.load` a blocked layout
    with 16-byte runs along memory's contiguous dimension. Layouts flow
    forward through elementwise ops, reductions (slices), expand_dims,
    transpose and scf loops, and backward from users to the values nothing
    fixes (constants, iota, broadcasts). A use that needs another layout gets
    an `aiter.convert_layout`; cheap producers (splat constants, iota, scalar
    broadcasts) are rebuilt in the needed layout instead. Waves per
    workgroup: `aiter.config`'s `waves`, else the option. An op with tiles and
    no rule is an error at that op. See docs/passes.md.

    ```mlir
    // aiter-opt --aiter-assign-layouts="chip=gfx942 waves=4"
    ```
  }];
  let options = [
    Option<"chip", "chip", "std::string", /*default=*/"\"gfx942\"",
           "Target chip when the kernel has no aiter.chip attribute">,
    Option<"waves", "waves", "int64_t", /*default=*/"4",
           "Waves per workgroup when aiter.config has no waves">,
    Option<"mfma", "mfma", "std::string", /*default=*/"\"\"",
           "MFMA instruction MxNxK for every dot (default: aiter.config's, "
           "else the target's first choice that divides the dot)">,
  ];
  let dependentDialects = ["::mlir::aiter::AiterDialect"];
}

def AiterPipelineLoads : Pass<"aiter-pipeline-loads", "ModuleOp"> {
  let summary = "Prefetch the next iteration's tile loads of scf.for loops into registers (layer 3)";
  let description = [{
    Software pipelining with two stages (Triton's `num_stages=2` on AMD): in
    each `scf.for` of an `aiter.kernel` whose body writes no memory, every
    `aiter.load` at the body's top level whose indices depend only on the
    induction variable and values defined outside the loop is issued one
    iteration ahead. The load for the first iteration moves before the loop,
    the loaded tile becomes a loop-carried value, and the load for iteration
    `iv + step` is issued right after the last use of the current tile, so
    its latency overlaps the rest of the iteration (the LDS staging and the
    MFMAs of a GEMM). The prefetch past the last iteration reads whatever
    lies there as `aiter.load` always does: elements outside the memref read
    the pad value, so it touches no memory out of bounds.

    Stages come from `aiter.config`'s `stages` (default 2): 1 leaves the
    loops as they are; more than 2 is an error (not implemented). Loops that
    store, contain nested loads, or load at indices that depend on
    loop-carried values are left alone. Runs after `aiter-assign-layouts`
    (the prefetched tiles keep their load layouts).

    ```mlir
    // aiter-opt --aiter-assign-layouts --aiter-pipeline-loads
    ```
  }];
  let dependentDialects = ["::mlir::aiter::AiterDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::scf::SCFDialect"];
}

def AiterSplitWholeIterations
    : Pass<"aiter-split-whole-iterations", "ModuleOp"> {
  let summary = "Split scf.for loops at the last iteration whose moving tiles are all inside (layer 3)";
  let description = [{
    Index-set splitting of the `scf.for` loops of tile programs. A top-level
    `aiter.load` / `aiter.store` of a loop body whose memref is defined
    outside the loop and whose indices are each invariant or the induction
    variable plus an invariant (a K loop's tile, or its pipelined prefetch at
    `iv + step`) lies wholly inside its memref for every iteration up to a
    bound computed once before the loop. The loop becomes two: the first
    runs the iterations up to that bound with those accesses marked
    `aiter.whole` (no bounds test: the lowering reads and writes the tile
    without clipping), the second runs the rest unchanged. The split point
    is a sufficient condition (sizes, offsets and bounds are required to be
    below 2^61 in magnitude, so nothing in its arithmetic overflows; when
    they are not, or an invariant index is outside, the first loop runs no
    iteration). Iterations run in the same order, so results are the same
    bit for bit. Runs after `aiter-pipeline-loads`.

    The body is duplicated, so only loops of at most `max-body-ops` top-level
    ops are split (a GEMM's K loop; not an attention program's key loops,
    which `aiter-expand` already splits into masked and unmasked loops and
    whose bodies would double the compile time and code).
  }];
  let options = [
    Option<"maxBodyOps", "max-body-ops", "int64_t", /*default=*/"16",
           "split only loops whose body has at most this many top-level ops">
  ];
  let dependentDialects = ["::mlir::aiter::AiterDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

#endif // AITER_DIALECT_AITER_TRANSFORMS_PASSES_TD
