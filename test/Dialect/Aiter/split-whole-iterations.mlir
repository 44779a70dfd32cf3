// aiter-split-whole-iterations: a loop whose tile accesses move with the
// induction variable is split where the first of them may leave its memref;
// the first part's accesses are marked aiter.whole (no bounds tests).
// RUN: aiter-opt %s -split-input-file --aiter-split-whole-iterations --canonicalize --cse | FileCheck %s
// RUN: aiter-opt %s -split-input-file --aiter-split-whole-iterations=max-body-ops=1 | FileCheck %s --check-prefix=SMALL

// A K loop loading [m0, k] (k = iv) and [k + 64, n0] (its prefetch form):
// the bound is min(K - 64, K2 - 64 - 64) from the two moving dimensions,
// the split point lb + count * step clamped to [lb, ub], lb when an
// invariant index is outside (m0 + 32 > M).
// CHECK-LABEL: aiter.kernel @k_loop
// CHECK: %[[K:.*]] = memref.dim %arg0, %c1
// CHECK: %[[BA:.*]] = arith.subi %[[K]], %c64 : index
// CHECK: %[[K2:.*]] = memref.dim %arg1, %c0
// CHECK: %[[BB:.*]] = arith.subi %[[K2]], %c128 : index
// CHECK: %[[B:.*]] = arith.minsi %[[BA]], %[[BB]] : index
// CHECK: arith.divsi %[[B]], %c64 : index
// CHECK: %[[END:.*]] = arith.minsi %{{.*}}, %[[K]] : index
// CHECK: %[[CLAMP:.*]] = arith.maxsi %[[END]], %c0 : index
// CHECK: %[[AT:.*]] = arith.select %{{.*}}, %[[CLAMP]], %c0 : index
// CHECK: %[[R:.*]] = scf.for %{{.*}} = %c0 to %[[AT]] step %c64 iter_args
// CHECK: aiter.load %arg0{{.*}} {aiter.whole}
// CHECK: aiter.load %arg1{{.*}} {aiter.whole}
// CHECK: } {aiter.split}
// CHECK: scf.for %{{.*}} = %[[AT]] to %[[K]] step %c64 iter_args(%{{.*}} = %[[R]])
// CHECK-NOT: aiter.whole
// CHECK: } {aiter.split}
// SMALL-LABEL: aiter.kernel @k_loop
// SMALL: scf.for
// SMALL-NOT: scf.for
// SMALL-NOT: aiter.whole
// SMALL: aiter.return
aiter.kernel @k_loop(%a: memref<?x?xf32, strided<[?, 1]>>, %b: memref<?x?xf32, strided<[?, 1]>>, %c: memref<?x?xf32, strided<[?, 1]>>, %m0: index, %n0: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %k = memref.dim %a, %c1 : memref<?x?xf32, strided<[?, 1]>>
  %z = arith.constant dense<0.0> : tensor<32x32xf32>
  %r = scf.for %iv = %c0 to %k step %c64 iter_args(%acc = %z) -> (tensor<32x32xf32>) {
    %ta = aiter.load %a[%m0, %iv] : memref<?x?xf32, strided<[?, 1]>> -> tensor<32x64xf32>
    %next = arith.addi %iv, %c64 : index
    %tb = aiter.load %b[%next, %n0] : memref<?x?xf32, strided<[?, 1]>> -> tensor<64x32xf32>
    %s = aiter.reduce sum %ta axis 1 : tensor<32x64xf32> -> tensor<32xf32>
    %t = aiter.reduce sum %tb axis 0 : tensor<64x32xf32> -> tensor<32xf32>
    %se = aiter.expand_dims %s axis 1 : tensor<32xf32> -> tensor<32x1xf32>
    %sb = aiter.broadcast %se : tensor<32x1xf32> -> tensor<32x32xf32>
    %te = aiter.expand_dims %t axis 0 : tensor<32xf32> -> tensor<1x32xf32>
    %tbb = aiter.broadcast %te : tensor<1x32xf32> -> tensor<32x32xf32>
    %u = arith.addf %sb, %tbb : tensor<32x32xf32>
    %v = arith.addf %acc, %u : tensor<32x32xf32>
    scf.yield %v : tensor<32x32xf32>
  }
  aiter.store %r, %c[%m0, %n0] : tensor<32x32xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}

// -----

// Indices the split cannot bound (2 * iv, or a loop-carried value) leave the
// loop as it is.
// CHECK-LABEL: aiter.kernel @unbounded
// CHECK: scf.for
// CHECK-NOT: scf.for
// CHECK-NOT: aiter.whole
// CHECK: aiter.return
aiter.kernel @unbounded(%a: memref<?xf32>, %c: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c64 = arith.constant 64 : index
  %z = arith.constant dense<0.0> : tensor<64xf32>
  %r = scf.for %iv = %c0 to %n step %c64 iter_args(%acc = %z) -> (tensor<64xf32>) {
    %i = arith.muli %iv, %c2 : index
    %t = aiter.load %a[%i] : memref<?xf32> -> tensor<64xf32>
    %v = arith.addf %acc, %t : tensor<64xf32>
    scf.yield %v : tensor<64xf32>
  }
  aiter.store %r, %c[%c0] : tensor<64xf32> -> memref<?xf32>
  aiter.return
}
