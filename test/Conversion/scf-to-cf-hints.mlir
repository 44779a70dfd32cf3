// aiter-scf-to-cf: scf lowers to cf as upstream's pass does, and the branch
// of an scf.if marked aiter.likely gets weights 1000:1 for its then-region
// (the tile lowering's whole-tile-inside fast path); other branches none.
// RUN: aiter-opt %s --pass-pipeline='builtin.module(gpu.module(aiter-scf-to-cf))' | FileCheck %s

// CHECK-LABEL: gpu.func @k
// CHECK: cf.cond_br %arg0 weights([1000, 1]), ^[[FAST:.*]], ^[[SLOW:.*]]
// CHECK: cf.cond_br %arg1, ^
// CHECK-NOT: weights
// CHECK-NOT: scf.
gpu.module @m {
  gpu.func @k(%likely: i1, %other: i1, %m: memref<4xf32>) kernel {
    %c0 = arith.constant 0 : index
    %one = arith.constant 1.0 : f32
    %two = arith.constant 2.0 : f32
    %v = scf.if %likely -> (f32) {
      scf.yield %one : f32
    } else {
      scf.yield %two : f32
    } {aiter.likely}
    scf.if %other {
      memref.store %v, %m[%c0] : memref<4xf32>
    }
    gpu.return
  }
}
