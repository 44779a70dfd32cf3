// Folders and canonicalization patterns of the aiter tile ops.
// RUN: aiter-opt %s -canonicalize -split-input-file | FileCheck %s

// A broadcast to its own type is the input.
// CHECK-LABEL: func.func @broadcast_identity
// CHECK-SAME: (%[[T:.*]]: tensor<4x8xf32>)
// CHECK-NEXT: return %[[T]]
func.func @broadcast_identity(%t: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %r = aiter.broadcast %t : tensor<4x8xf32> -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// Broadcasts and expand_dims of constants become splat constants.
// CHECK-LABEL: func.func @broadcast_constants
// CHECK-DAG: %[[A:.*]] = arith.constant dense<2.500000e+00> : tensor<4x8xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<-1.000000e+00> : tensor<4x8xf32>
// CHECK-DAG: %[[C:.*]] = arith.constant dense<7> : tensor<1x16xi32>
// CHECK-NOT: aiter.
// CHECK: return %[[A]], %[[B]], %[[C]]
func.func @broadcast_constants() -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<1x16xi32>) {
  %s = arith.constant 2.5 : f32
  %a = aiter.broadcast %s : f32 -> tensor<4x8xf32>
  %m = arith.constant dense<-1.0> : tensor<4x1xf32>
  %b = aiter.broadcast %m : tensor<4x1xf32> -> tensor<4x8xf32>
  %i = arith.constant dense<7> : tensor<16xi32>
  %c = aiter.expand_dims %i axis 0 : tensor<16xi32> -> tensor<1x16xi32>
  return %a, %b, %c : tensor<4x8xf32>, tensor<4x8xf32>, tensor<1x16xi32>
}

// -----

// A broadcast of a runtime value stays.
// CHECK-LABEL: func.func @broadcast_runtime
// CHECK: aiter.broadcast
func.func @broadcast_runtime(%s: f32) -> tensor<4x8xf32> {
  %a = aiter.broadcast %s : f32 -> tensor<4x8xf32>
  return %a : tensor<4x8xf32>
}

// -----

// transpose(transpose(x)) is x; a transpose of a splat is a splat.
// CHECK-LABEL: func.func @transpose_fold
// CHECK-SAME: (%[[T:.*]]: tensor<4x8xf32>)
// CHECK: %[[C:.*]] = arith.constant dense<1.000000e+00> : tensor<8x4xf32>
// CHECK-NOT: aiter.transpose
// CHECK: return %[[T]], %[[C]]
func.func @transpose_fold(%t: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<8x4xf32>) {
  %a = aiter.transpose %t : tensor<4x8xf32> -> tensor<8x4xf32>
  %b = aiter.transpose %a : tensor<8x4xf32> -> tensor<4x8xf32>
  %one = arith.constant dense<1.0> : tensor<4x8xf32>
  %c = aiter.transpose %one : tensor<4x8xf32> -> tensor<8x4xf32>
  return %b, %c : tensor<4x8xf32>, tensor<8x4xf32>
}

// -----

// transpose(load) reads the transposed tile directly, keeping the padding.
// CHECK-LABEL: aiter.kernel @transpose_of_load
// CHECK: %[[T:.*]] = aiter.load %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}] dims [2, 0] pad 1.000000e+00 : memref<?x?x?xbf16> -> tensor<32x16xbf16>
// CHECK-NOT: aiter.transpose
// CHECK: aiter.store %[[T]]
aiter.kernel @transpose_of_load(%x: memref<?x?x?xbf16>, %y: memref<?x?xbf16>, %i: index) {
  %t = aiter.load %x[%i, %i, %i] dims [0, 2] pad 1.0 : memref<?x?x?xbf16> -> tensor<16x32xbf16>
  %u = aiter.transpose %t : tensor<16x32xbf16> -> tensor<32x16xbf16>
  aiter.store %u, %y[%i, %i] : tensor<32x16xbf16> -> memref<?x?xbf16>
  aiter.return
}

// -----

// The default dims (trailing) are swapped too.
// CHECK-LABEL: aiter.kernel @transpose_of_default_load
// CHECK: aiter.load %{{.*}}[%{{.*}}, %{{.*}}] dims [1, 0] : memref<?x?xf16> -> tensor<32x16xf16>
aiter.kernel @transpose_of_default_load(%x: memref<?x?xf16>, %y: memref<?x?xf16>, %i: index) {
  %t = aiter.load %x[%i, %i] : memref<?x?xf16> -> tensor<16x32xf16>
  %u = aiter.transpose %t : tensor<16x32xf16> -> tensor<32x16xf16>
  aiter.store %u, %y[%i, %i] : tensor<32x16xf16> -> memref<?x?xf16>
  aiter.return
}

// -----

// A load with other users is not duplicated.
// CHECK-LABEL: aiter.kernel @transpose_of_shared_load
// CHECK: aiter.load
// CHECK-NOT: aiter.load
// CHECK: aiter.transpose
aiter.kernel @transpose_of_shared_load(%x: memref<?x?xf16>, %y: memref<?x?xf16>, %i: index) {
  %t = aiter.load %x[%i, %i] : memref<?x?xf16> -> tensor<16x16xf16>
  %u = aiter.transpose %t : tensor<16x16xf16> -> tensor<16x16xf16>
  aiter.store %u, %y[%i, %i] : tensor<16x16xf16> -> memref<?x?xf16>
  aiter.store %t, %y[%i, %i] : tensor<16x16xf16> -> memref<?x?xf16>
  aiter.return
}
