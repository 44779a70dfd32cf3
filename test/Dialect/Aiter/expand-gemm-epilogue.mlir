// aiter-expand on aiter.gemm with an epilogue: the kernel takes C and the
// bias after D, and after the K loop applies alpha, beta * C, the bias and
// the activation in that order, in f32, before the one store of D. The C
// tile is loaded at D's tile origin (m0, n0) with D's tile shape, after the
// K loop and before the store: each program reads exactly the C elements of
// the D tile it writes (tiles of different programs are disjoint), which is
// what makes C = D (in place) correct. Parts that are off add nothing.
// RUN: aiter-opt %s --aiter-expand | FileCheck %s

// CHECK-LABEL: aiter.kernel @all(
// CHECK-SAME: %[[A:[^:]*]]: memref<?x?xbf16, strided<[?, ?]>>, %[[B:[^:]*]]: memref<?x?xbf16, strided<[?, ?]>>, %[[D:[^:]*]]: memref<?x?xbf16, strided<[?, ?]>>, %[[C:[^:]*]]: memref<?x?xf16, strided<[?, ?]>>, %[[BIAS:[^:]*]]: memref<?xf32, strided<[?]>>)
// CHECK-DAG: %[[PM:.*]] = aiter.program_id 0
// CHECK-DAG: %[[PN:.*]] = aiter.program_id 1
// CHECK-DAG: %[[M0:.*]] = arith.muli %[[PM]], %{{.*}} : index
// CHECK-DAG: %[[N0:.*]] = arith.muli %[[PN]], %{{.*}} : index
// CHECK: %[[ACC:.*]] = scf.for
// CHECK: scf.yield
// CHECK: %[[SA:.*]] = arith.mulf %[[ACC]], %{{.*}} : tensor<128x128xf32>
// CHECK: %[[CT:.*]] = aiter.load %[[C]][%[[M0]], %[[N0]]] pad 0.000000e+00 : memref<?x?xf16, strided<[?, ?]>> -> tensor<128x128xf16>
// CHECK: %[[CF:.*]] = arith.extf %[[CT]] : tensor<128x128xf16> to tensor<128x128xf32>
// CHECK: %[[CB:.*]] = arith.mulf %[[CF]], %{{.*}} : tensor<128x128xf32>
// CHECK: %[[S1:.*]] = arith.addf %[[SA]], %[[CB]] : tensor<128x128xf32>
// CHECK: %[[BV:.*]] = aiter.load %[[BIAS]][%[[N0]]] pad 0.000000e+00 : memref<?xf32, strided<[?]>> -> tensor<128xf32>
// CHECK: %[[BE:.*]] = aiter.expand_dims %[[BV]] axis 0
// CHECK: %[[BB:.*]] = aiter.broadcast %[[BE]] : tensor<1x128xf32> -> tensor<128x128xf32>
// CHECK: %[[S2:.*]] = arith.addf %[[S1]], %[[BB]] : tensor<128x128xf32>
// CHECK: math.tanh
// CHECK: %[[T:.*]] = arith.truncf %{{.*}} : tensor<128x128xf32> to tensor<128x128xbf16>
// CHECK-NEXT: aiter.store %[[T]], %[[D]][%[[M0]], %[[N0]]]
// CHECK-NEXT: aiter.return
aiter.gemm @all : bf16 -> bf16 trans_b alpha(2.0) beta(0.5) c(f16) bias(row, f32) activation(gelu)

// beta 1 needs no multiply; a column bias is loaded at m0 and broadcast
// along the rows; relu is one maximumf.
// CHECK-LABEL: aiter.kernel @col_relu(
// CHECK-SAME: %[[D2:[^:]*]]: memref<?x?xf32, strided<[?, ?]>>, %[[C2:[^:]*]]: memref<?x?xf32, strided<[?, ?]>>, %[[BIAS2:[^:]*]]: memref<?xbf16, strided<[?]>>)
// CHECK-DAG: %[[M02:.*]] = arith.muli %{{.*}}, %{{.*}} : index
// CHECK: %[[ACC2:.*]] = scf.for
// CHECK: scf.yield
// CHECK-NOT: arith.mulf
// CHECK: %[[CT2:.*]] = aiter.load %[[C2]]
// CHECK-NEXT: %[[S12:.*]] = arith.addf %[[ACC2]], %[[CT2]]
// CHECK-NEXT: %[[BV2:.*]] = aiter.load %[[BIAS2]][%[[M02]]] {{.*}} -> tensor<128xbf16>
// CHECK-NEXT: arith.extf %[[BV2]]
// CHECK-NEXT: aiter.expand_dims %{{.*}} axis 1
// CHECK-NEXT: aiter.broadcast %{{.*}} : tensor<128x1xf32> -> tensor<128x128xf32>
// CHECK-NEXT: %[[S22:.*]] = arith.addf %[[S12]]
// CHECK: %[[R:.*]] = arith.maximumf %[[S22]], %{{.*}} : tensor<128x128xf32>
// CHECK-NEXT: aiter.store %[[R]], %[[D2]]
aiter.gemm @col_relu : f16 -> f32 beta(1.0) c(f32) bias(col, bf16) activation(relu)

// gelu_erf is built from arith and math.exp only (no math.erf, which no
// path compiles to instructions); silu is x / (1 + exp(-x)).
// CHECK-LABEL: aiter.kernel @erf(
// CHECK-NOT: math.erf
// CHECK: math.exp
// CHECK: arith.cmpf oge
// CHECK: arith.select
// CHECK: aiter.store
aiter.gemm @erf : bf16 -> bf16 activation(gelu_erf)
// CHECK-LABEL: aiter.kernel @silu(
// CHECK: scf.yield
// CHECK: arith.negf
// CHECK-NEXT: math.exp
// CHECK: arith.addf
// CHECK-NEXT: arith.divf
// CHECK-NEXT: arith.truncf
aiter.gemm @silu : f16 -> f16 activation(silu)
