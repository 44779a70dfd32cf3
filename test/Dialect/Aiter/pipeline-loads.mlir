// aiter-pipeline-loads: the loads of a loop that writes no memory are issued
// one iteration ahead into loop-carried tiles. Checked: the prologue load at
// the lower bound, the carried tile, the prefetch at iv + step right after
// the current tile's last use, and the loops it must leave alone (a store in
// the body, an index from a loop-carried value, stages=1). The layouts come
// from aiter-assign-layouts, which runs first in the pipeline; the pass keeps
// them.
// RUN: aiter-opt %s -split-input-file --aiter-pipeline-loads | FileCheck %s
// RUN: aiter-opt %s -split-input-file --aiter-assign-layouts --aiter-pipeline-loads | FileCheck %s --check-prefix=LAYOUT

// CHECK-LABEL: aiter.kernel @gemm
// CHECK: %[[A0:.*]] = aiter.load %{{.*}}[%{{.*}}, %[[LB:c0]]] pad 0.0{{.*}} : {{.*}} -> tensor<64x32xbf16>
// CHECK: %[[B0:.*]] = aiter.load %{{.*}}[%[[LB]], %{{.*}}] pad 0.0{{.*}} : {{.*}} -> tensor<32x64xbf16>
// CHECK: scf.for %[[IV:.*]] = %[[LB]] to %{{.*}} step %[[STEP:.*]] iter_args(%[[ACC:.*]] = %{{.*}}, %[[A:.*]] = %[[A0]], %[[B:.*]] = %[[B0]])
// CHECK-NEXT: %[[D:.*]] = aiter.dot %[[A]], %[[B]], %[[ACC]]
// CHECK-NEXT: %[[N1:.*]] = arith.addi %[[IV]], %[[STEP]]
// CHECK-NEXT: %[[AN:.*]] = aiter.load %{{.*}}[%{{.*}}, %[[N1]]]
// CHECK-NEXT: %[[N2:.*]] = arith.addi %[[IV]], %[[STEP]]
// CHECK-NEXT: %[[BN:.*]] = aiter.load %{{.*}}[%[[N2]], %{{.*}}]
// CHECK-NEXT: scf.yield %[[D]], %[[AN]], %[[BN]]
// LAYOUT-LABEL: aiter.kernel @gemm
// LAYOUT: scf.for {{.*}} iter_args({{.*}}) -> (tensor<64x64xf32, #aiter.linear<{{.*}}>>, tensor<64x32xbf16, #aiter.linear<{{.*}}>>, tensor<32x64xbf16, #aiter.linear<{{.*}}>>)
// LAYOUT: aiter.convert_layout
// LAYOUT-NEXT: arith.addi
// LAYOUT-NEXT: aiter.load
// LAYOUT-NEXT: aiter.convert_layout
// LAYOUT-NEXT: arith.addi
// LAYOUT-NEXT: aiter.load
// LAYOUT-NEXT: aiter.dot
aiter.kernel @gemm(%a: memref<?x?xbf16, strided<[?, 1]>>, %b: memref<?x?xbf16, strided<[?, 1]>>, %c: memref<?x?xf32, strided<[?, 1]>>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %k = memref.dim %a, %c1 : memref<?x?xbf16, strided<[?, 1]>>
  %z = arith.constant dense<0.0> : tensor<64x64xf32>
  %r = scf.for %k0 = %c0 to %k step %c32 iter_args(%acc = %z) -> (tensor<64x64xf32>) {
    %at = aiter.load %a[%c0, %k0] pad 0.0 : memref<?x?xbf16, strided<[?, 1]>> -> tensor<64x32xbf16>
    %bt = aiter.load %b[%k0, %c0] pad 0.0 : memref<?x?xbf16, strided<[?, 1]>> -> tensor<32x64xbf16>
    %d = aiter.dot %at, %bt, %acc : tensor<64x32xbf16>, tensor<32x64xbf16> -> tensor<64x64xf32>
    scf.yield %d : tensor<64x64xf32>
  }
  aiter.store %r, %c[%c0, %c0] : tensor<64x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}

// -----

// The index chain (here row = iv * 2 + 64) is recomputed for iv + step; the
// program's own index ops stay where they were.
// CHECK-LABEL: aiter.kernel @chain
// CHECK: %[[M0:.*]] = arith.muli %c0, %c2
// CHECK: %[[R0:.*]] = arith.addi %[[M0]], %c64
// CHECK: %[[T0:.*]] = aiter.load %{{.*}}[%[[R0]]]
// CHECK: scf.for %[[IV:.*]] = {{.*}} iter_args(%{{.*}} = %{{.*}}, %[[T:.*]] = %[[T0]])
// CHECK: arith.addf %{{.*}}, %[[T]]
// CHECK: %[[NEXT:.*]] = arith.addi %[[IV]], %c16
// CHECK: %[[M:.*]] = arith.muli %[[NEXT]], %c2
// CHECK: %[[R:.*]] = arith.addi %[[M]], %c64
// CHECK: %[[TN:.*]] = aiter.load %{{.*}}[%[[R]]]
// CHECK: scf.yield %{{.*}}, %[[TN]]
aiter.kernel @chain(%x: memref<?xf32>, %out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %z = arith.constant dense<0.0> : tensor<64xf32>
  %r = scf.for %i = %c0 to %n step %c16 iter_args(%acc = %z) -> (tensor<64xf32>) {
    %m = arith.muli %i, %c2 : index
    %row = arith.addi %m, %c64 : index
    %t = aiter.load %x[%row] : memref<?xf32> -> tensor<64xf32>
    %s = arith.addf %acc, %t : tensor<64xf32>
    scf.yield %s : tensor<64xf32>
  }
  aiter.store %r, %out[%c0] : tensor<64xf32> -> memref<?xf32>
  aiter.return
}

// -----

// A body that stores: a load issued earlier could miss that store, so the
// loop is left as it is.
// CHECK-LABEL: aiter.kernel @stores
// CHECK: scf.for %{{.*}} iter_args(%{{[^,]*}}) -> (tensor<64xf32>)
// CHECK-NEXT: aiter.load
// CHECK-NEXT: aiter.store
aiter.kernel @stores(%x: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %z = arith.constant dense<0.0> : tensor<64xf32>
  %r = scf.for %i = %c0 to %n step %c64 iter_args(%acc = %z) -> (tensor<64xf32>) {
    %t = aiter.load %x[%i] : memref<?xf32> -> tensor<64xf32>
    aiter.store %acc, %x[%i] : tensor<64xf32> -> memref<?xf32>
    scf.yield %t : tensor<64xf32>
  }
  aiter.return
}

// -----

// An index computed from a loop-carried value is not known an iteration
// ahead: left alone.
// CHECK-LABEL: aiter.kernel @carried
// CHECK: scf.for %{{.*}} iter_args(%{{[^,]*}}, %{{[^,]*}}) -> (tensor<64xf32>, index)
// CHECK-NEXT: aiter.load
aiter.kernel @carried(%x: memref<?xf32>, %out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %z = arith.constant dense<0.0> : tensor<64xf32>
  %r:2 = scf.for %i = %c0 to %n step %c64 iter_args(%acc = %z, %p = %c0) -> (tensor<64xf32>, index) {
    %t = aiter.load %x[%p] : memref<?xf32> -> tensor<64xf32>
    %s = arith.addf %acc, %t : tensor<64xf32>
    %q = arith.addi %p, %c64 : index
    scf.yield %s, %q : tensor<64xf32>, index
  }
  aiter.store %r#0, %out[%c0] : tensor<64xf32> -> memref<?xf32>
  aiter.return
}

// -----

// stages=1 in the tile configuration: no pipelining.
// CHECK-LABEL: aiter.kernel @one_stage
// CHECK: scf.for %{{.*}} iter_args(%{{[^,]*}}) -> (tensor<64xf32>)
// CHECK-NEXT: aiter.load
aiter.kernel @one_stage(%x: memref<?xf32>, %out: memref<?xf32>) attributes {aiter.config = {stages = 1 : i64}} {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %z = arith.constant dense<0.0> : tensor<64xf32>
  %r = scf.for %i = %c0 to %n step %c64 iter_args(%acc = %z) -> (tensor<64xf32>) {
    %t = aiter.load %x[%i] : memref<?xf32> -> tensor<64xf32>
    %s = arith.addf %acc, %t : tensor<64xf32>
    scf.yield %s : tensor<64xf32>
  }
  aiter.store %r, %out[%c0] : tensor<64xf32> -> memref<?xf32>
  aiter.return
}
