// Every diagnostic of the reference evaluator and of aiter-run's
// --device=reference mode: what it does not implement is an error at the op
// (before any program runs, even in a branch no program takes), run-time
// faults name the op and the program, and bad flags or arguments say what is
// expected. Each exits 1.

// What the evaluator does not implement.
// RUN: not aiter-run %s --device=reference --kernel=unknown_op --input=4xi32=0 2>&1 | FileCheck %s --check-prefix=OP
// RUN: not aiter-run %s --device=reference --kernel=untaken --input=4xf32=0 2>&1 | FileCheck %s --check-prefix=UNTAKEN --implicit-check-not=result
// RUN: not aiter-run %s --device=reference --kernel=elem_type 2>&1 | FileCheck %s --check-prefix=ELEM
// RUN: not aiter-run %s --device=reference --kernel=vector_type 2>&1 | FileCheck %s --check-prefix=VECTOR
// RUN: not aiter-run %s --device=reference --kernel=encoding 2>&1 | FileCheck %s --check-prefix=ENCODING
// RUN: not aiter-run %s --device=reference --kernel=memref_select --input=4xf32=0 --input=4xf32=0 --input=i1=1 2>&1 | FileCheck %s --check-prefix=MEMREF
// RUN: not aiter-run %s --device=reference --kernel=resource 2>&1 | FileCheck %s --check-prefix=RESOURCE
// RUN: not aiter-run %s --device=reference --kernel=pad_range --input=4xi8=0 2>&1 | FileCheck %s --check-prefix=PAD
// RUN: not aiter-run %s --device=reference --kernel=i1_max --input=2x4xi1=0 2>&1 | FileCheck %s --check-prefix=I1MAX
// RUN: not aiter-run %s --device=reference --kernel=arg_type --input=4xi8=0 2>&1 | FileCheck %s --check-prefix=ARGTYPE

// Faults while running.
// RUN: not aiter-run %s --device=reference --kernel=div0 --input=i32=0 --input=1xi32=0 2>&1 | FileCheck %s --check-prefix=DIV0
// RUN: not aiter-run %s --device=reference --kernel=div0_tile --grid=2 --input="8xi32=1 1 1 1 1 1 0 1" --input=8xi32=0 2>&1 | FileCheck %s --check-prefix=DIV0T
// RUN: not aiter-run %s --device=reference --kernel=div_overflow --input=i32=-2147483648 --input=1xi32=0 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// RUN: not aiter-run %s --device=reference --kernel=loop_step --input=index=0 --input=1xi32=0 2>&1 | FileCheck %s --check-prefix=STEP0
// RUN: not aiter-run %s --device=reference --kernel=loop_step --input=index=-2 --input=1xi32=0 2>&1 | FileCheck %s --check-prefix=STEPNEG
// RUN: not aiter-run %s --device=reference --kernel=dim_range --input=4xf32=0 --input=index=1 2>&1 | FileCheck %s --check-prefix=DIM

// Which kernel: none of that name, or a symbol that is not an aiter.kernel.
// RUN: not aiter-run %s --device=reference --kernel=nope 2>&1 | FileCheck %s --check-prefix=NOKERNEL
// RUN: not aiter-run %s --device=reference --kernel=simt --input=4xf32=0 2>&1 | FileCheck %s --check-prefix=GPUFUNC
// RUN: not aiter-run %s --device=reference --kernel=spec 2>&1 | FileCheck %s --check-prefix=SPEC
// RUN: not aiter-run %s --device=reference --kernel=helper 2>&1 | FileCheck %s --check-prefix=FUNC

// Arguments: count, buffer or scalar, element type, rank, static sizes.
// RUN: not aiter-run %s --device=reference --kernel=div0 --input=i32=0 2>&1 | FileCheck %s --check-prefix=NARGS
// RUN: not aiter-run %s --device=reference --kernel=div0 --input=1xi32=0 --input=1xi32=0 2>&1 | FileCheck %s --check-prefix=SCALAR
// RUN: not aiter-run %s --device=reference --kernel=div0 --input=i32=0 --input=i32=0 2>&1 | FileCheck %s --check-prefix=BUFFER
// RUN: not aiter-run %s --device=reference --kernel=div0 --input=i64=0 --input=1xi32=0 2>&1 | FileCheck %s --check-prefix=STYPE
// RUN: not aiter-run %s --device=reference --kernel=div0 --input=i32=0 --input=1xf32=0 2>&1 | FileCheck %s --check-prefix=BTYPE
// RUN: not aiter-run %s --device=reference --kernel=div0 --input=i32=0 --input=1x1xi32=0 2>&1 | FileCheck %s --check-prefix=RANK
// RUN: not aiter-run %s --device=reference --kernel=div0 --input=i32=0 --input=2xi32=0 2>&1 | FileCheck %s --check-prefix=SIZE

// Flags.
// RUN: not aiter-run %s --device=reference --kernel=div0 --grid=2,0,1 2>&1 | FileCheck %s --check-prefix=GRID0
// RUN: not aiter-run %s --device=reference --kernel=div0 --grid=2,,1 2>&1 | FileCheck %s --check-prefix=GRIDGAP
// RUN: not aiter-run %s --device=reference --kernel=div0 --grid=1,1,1,1 2>&1 | FileCheck %s --check-prefix=GRID4
// RUN: not aiter-run %s --device=reference --kernel=div0 --block=64 2>&1 | FileCheck %s --check-prefix=BLOCK
// RUN: not aiter-run %s --device=reference --kernel=div0 --threads=2 2>&1 | FileCheck %s --check-prefix=THREADS
// RUN: not aiter-run %s --device=reference --kernel=div0 --stats 2>&1 | FileCheck %s --check-prefix=STATS
// RUN: not aiter-run %s --device=reference --kernel=div0 --max-wave-instructions=5 2>&1 | FileCheck %s --check-prefix=MAXWAVE
// RUN: not aiter-run --device=reference --op=gemm --m=4 --n=4 --k=4 2>&1 | FileCheck %s --check-prefix=OPMODE
// RUN: not aiter-run %s --device=reference --kernel=div0 --input=i32=1 --input=1xi32=0 --output=1:@%t.npy 2>&1 | FileCheck %s --check-prefix=OUTPUT
// RUN: not aiter-run %s --device=reference --kernel=div0 --input=i32=1 --input=1xi32=0 --output=0=@%t.npy 2>&1 | FileCheck %s --check-prefix=OUTIDX

// NOKERNEL: error: no aiter.kernel named 'nope' in the input
// GRID0: error: bad --grid '2,0,1': component Y is '0'; each of X,Y,Z must be an integer >= 1
// GRIDGAP: error: bad --grid '2,,1': component Y is ''; each of X,Y,Z must be an integer >= 1
// GRID4: error: bad --grid '1,1,1,1': at most 3 components (X,Y,Z)
// BLOCK: error: --block is an emulator option; --device=reference evaluates whole tiles, one program at a time
// THREADS: error: --threads is an emulator option; --device=reference evaluates whole tiles, one program at a time
// STATS: error: --stats is an emulator option; --device=reference evaluates whole tiles, one program at a time
// MAXWAVE: error: --max-wave-instructions is an emulator option; --device=reference evaluates whole tiles, one program at a time
// OPMODE: error: --device=reference evaluates an aiter.kernel from an .mlir file (--kernel); --op runs on the emulator, and --check compares against a float64 reference
// OUTPUT: error: bad --output '1:@{{.*}}' (want IDX=@file.npy)
// OUTIDX: error: --output index 0 is not a buffer argument

aiter.kernel @unknown_op(%o: memref<4xi32>) {
  %a = arith.constant 3 : i32
  // OP: errors.mlir:[[@LINE+1]]:12: error: the reference evaluator does not implement this op ('arith.mulsi_extended')
  %l, %h = arith.mulsi_extended %a, %a : i32
  aiter.return
}

aiter.kernel @untaken(%o: memref<4xf32>) {
  %z = arith.constant 0 : index
  %one = arith.constant dense<1.0> : tensor<4xf32>
  aiter.store %one, %o[%z] : tensor<4xf32> -> memref<4xf32>
  %false = arith.constant false
  scf.if %false {
    // UNTAKEN: errors.mlir:[[@LINE+1]]:10: error: the reference evaluator does not implement this op ('math.clampf')
    %c = math.clampf %one to [%one, %one] : tensor<4xf32>
    aiter.store %c, %o[%z] : tensor<4xf32> -> memref<4xf32>
  }
  aiter.return
}

aiter.kernel @elem_type() {
  // ELEM: errors.mlir:[[@LINE+1]]:8: error: the reference evaluator does not implement element type i4 (i1, i8, i16, i32, i64, index, f16, bf16, f32, f64 and the fp8 types) ('arith.constant')
  %c = arith.constant dense<1> : tensor<4xi4>
  aiter.return
}

aiter.kernel @vector_type() {
  // VECTOR: errors.mlir:[[@LINE+1]]:8: error: the reference evaluator does not implement values of type vector<4xf32> (scalars and static tensors only; memrefs are kernel arguments) ('arith.constant')
  %c = arith.constant dense<1.0> : vector<4xf32>
  aiter.return
}

aiter.kernel @encoding() {
  // ENCODING: errors.mlir:[[@LINE+1]]:8: error: tile type tensor<4xf32, "blocked"> has an encoding (a layout): the reference evaluator runs tile programs before layout assignment ('arith.constant')
  %c = arith.constant dense<1.0> : tensor<4xf32, "blocked">
  aiter.return
}

aiter.kernel @memref_select(%x: memref<4xf32>, %y: memref<4xf32>, %c: i1) {
  // MEMREF: errors.mlir:[[@LINE+1]]:8: error: the reference evaluator takes memref operands only in aiter.load, aiter.store and memref.dim ('arith.select')
  %m = arith.select %c, %x, %y : memref<4xf32>
  aiter.return
}

aiter.kernel @resource() {
  // RESOURCE: errors.mlir:[[@LINE+1]]:8: error: the reference evaluator takes integer, float and dense elements constants, not this attribute ('arith.constant')
  %c = arith.constant dense_resource<two_floats> : tensor<2xf32>
  aiter.return
}

aiter.kernel @pad_range(%x: memref<4xi8>) {
  %z = arith.constant 0 : index
  // PAD: errors.mlir:[[@LINE+1]]:8: error: pad value 300 does not fit in i8 ('aiter.load')
  %t = aiter.load %x[%z] pad 300.0 : memref<4xi8> -> tensor<8xi8>
  aiter.return
}

aiter.kernel @i1_max(%x: memref<2x4xi1>) {
  %z = arith.constant 0 : index
  %t = aiter.load %x[%z, %z] : memref<2x4xi1> -> tensor<2x4xi1>
  // I1MAX: errors.mlir:[[@LINE+1]]:8: error: max and min of i1 tiles are not defined (is true above or below false?); extend to i8 first ('aiter.reduce')
  %m = aiter.reduce max %t axis 1 : tensor<2x4xi1> -> tensor<2xi1>
  aiter.return
}

// ARGTYPE: errors.mlir:[[@LINE+1]]:1: error: argument #0 (memref<?xi4>): the reference evaluator does not implement element type i4 ('aiter.kernel')
aiter.kernel @arg_type(%x: memref<?xi4>) {
  aiter.return
}

// NARGS: errors.mlir:[[@LINE+7]]:1: error: kernel takes 2 arguments, 1 given ('aiter.kernel')
// SCALAR: errors.mlir:[[@LINE+6]]:1: error: argument #0 (i32): a scalar is required, got a buffer ('aiter.kernel')
// BUFFER: errors.mlir:[[@LINE+5]]:1: error: argument #1 (memref<1xi32>): a buffer is required, got a scalar ('aiter.kernel')
// STYPE: errors.mlir:[[@LINE+4]]:1: error: argument #0 (i32): scalar type i64 does not match ('aiter.kernel')
// BTYPE: errors.mlir:[[@LINE+3]]:1: error: argument #1 (memref<1xi32>): element type f32 does not match ('aiter.kernel')
// RANK: errors.mlir:[[@LINE+2]]:1: error: argument #1 (memref<1xi32>): rank 2 does not match ('aiter.kernel')
// SIZE: errors.mlir:[[@LINE+1]]:1: error: argument #1 (memref<1xi32>): dimension 0 is 1, the input has 2 ('aiter.kernel')
aiter.kernel @div0(%d: i32, %o: memref<1xi32>) {
  %z = arith.constant 0 : index
  %seven = arith.constant 7 : i32
  // DIV0: errors.mlir:[[@LINE+1]]:8: error: integer division by zero in program (0,0,0) ('arith.divsi')
  %q = arith.divsi %seven, %d : i32
  %t = aiter.broadcast %q : i32 -> tensor<1xi32>
  aiter.store %t, %o[%z] : tensor<1xi32> -> memref<1xi32>
  aiter.return
}

aiter.kernel @div0_tile(%d: memref<8xi32>, %o: memref<8xi32>) {
  %c4 = arith.constant 4 : index
  %pid = aiter.program_id 0
  %off = arith.muli %pid, %c4 : index
  %t = aiter.load %d[%off] : memref<8xi32> -> tensor<4xi32>
  %one = arith.constant dense<1> : tensor<4xi32>
  // DIV0T: errors.mlir:[[@LINE+1]]:8: error: integer division by zero at element [2] in program (1,0,0) ('arith.remui')
  %q = arith.remui %one, %t : tensor<4xi32>
  aiter.store %q, %o[%off] : tensor<4xi32> -> memref<8xi32>
  aiter.return
}

aiter.kernel @div_overflow(%d: i32, %o: memref<1xi32>) {
  %m1 = arith.constant -1 : i32
  // OVERFLOW: errors.mlir:[[@LINE+1]]:8: error: signed division overflows (-2147483648 / -1) in program (0,0,0) ('arith.floordivsi')
  %q = arith.floordivsi %d, %m1 : i32
  aiter.return
}

aiter.kernel @loop_step(%step: index, %o: memref<1xi32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  // STEP0: errors.mlir:[[@LINE+2]]:3: error: scf.for step is 0; it must be positive in program (0,0,0) ('scf.for')
  // STEPNEG: errors.mlir:[[@LINE+1]]:3: error: scf.for step is -2; it must be positive in program (0,0,0) ('scf.for')
  scf.for %i = %c0 to %c4 step %step {
  }
  aiter.return
}

aiter.kernel @dim_range(%x: memref<?xf32>, %d: index) {
  // DIM: errors.mlir:[[@LINE+1]]:8: error: dimension 1 is out of range for a memref of rank 1 in program (0,0,0) ('memref.dim')
  %n = memref.dim %x, %d : memref<?xf32>
  aiter.return
}

// GPUFUNC: errors.mlir:[[@LINE+2]]:3: error: 'simt' is a gpu.func, not an aiter.kernel: the reference evaluator runs tile programs (a gpu.func runs on the emulator) ('gpu.func')
gpu.module @m [#rocdl.target<chip = "gfx942">] {
  gpu.func @simt(%x: memref<4xf32>) kernel {
    gpu.return
  }
}

// SPEC: errors.mlir:[[@LINE+1]]:1: error: 'spec' is an aiter.gemm specification, not an aiter.kernel: expand it into its tile program first (aiter-opt --aiter-expand) ('aiter.gemm')
aiter.gemm @spec : bf16 -> bf16

// FUNC: errors.mlir:[[@LINE+1]]:1: error: 'helper' is a func.func, not an aiter.kernel ('func.func')
func.func @helper() {
  return
}

{-#
  dialect_resources: {
    builtin: {
      two_floats: "0x040000000000000000000000"
    }
  }
#-}
