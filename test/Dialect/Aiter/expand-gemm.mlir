// aiter-expand on aiter.gemm: each problem op becomes an aiter.kernel tile
// program of the same name over (A, B, C) with program ids (M tile, N tile),
// a K loop of clipped zero-padded loads feeding aiter.dot into an f32
// accumulator, transposes as `dims [1, 0]` loads, and an epilogue truncf
// unless C is f32. The chosen chip and tile config ride along as attributes.
// RUN: aiter-opt %s --aiter-expand | FileCheck %s --check-prefixes=CHECK,GFX942
// RUN: aiter-opt %s --aiter-expand="chip=gfx950" | FileCheck %s --check-prefixes=CHECK,GFX950
// RUN: aiter-opt %s --aiter-expand="chip=gfx942:sramecc+:xnack- config=tile_m=256,tile_n=256,waves=8,mfma=32x32x8" | FileCheck %s --check-prefix=OVERRIDE

// CHECK-LABEL: aiter.kernel @gemm_nn(
// CHECK-SAME: %[[A:.*]]: memref<?x?xbf16, strided<[?, ?]>>, %[[B:.*]]: memref<?x?xbf16, strided<[?, ?]>>, %[[C:.*]]: memref<?x?xbf16, strided<[?, ?]>>)
// GFX942-SAME: aiter.chip = "gfx942"
// GFX942-SAME: aiter.config = {mfma = "32x32x8", stages = 2 : i64, tile_k = 64 : i64, tile_m = 128 : i64, tile_n = 128 : i64, waves = 4 : i64}
// GFX950-SAME: aiter.chip = "gfx950"
// GFX950-SAME: aiter.config = {mfma = "32x32x16", stages = 2 : i64, tile_k = 64 : i64, tile_m = 128 : i64, tile_n = 128 : i64, waves = 4 : i64}
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG: %[[C128:.*]] = arith.constant 128 : index
// CHECK-DAG: %[[PM:.*]] = aiter.program_id 0
// CHECK-DAG: %[[PN:.*]] = aiter.program_id 1
// CHECK-DAG: %[[M0:.*]] = arith.muli %[[PM]], %[[C128]] : index
// CHECK-DAG: %[[N0:.*]] = arith.muli %[[PN]], %[[C128]] : index
// CHECK-DAG: %[[K:.*]] = memref.dim %[[A]], %[[C1]]
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<128x128xf32>
// CHECK: %[[ACC:.*]] = scf.for %[[K0:.*]] = %[[C0]] to %[[K]] step %[[C64]] iter_args(%[[IT:.*]] = %[[ZERO]]) -> (tensor<128x128xf32>)
// CHECK-NEXT: %[[AT:.*]] = aiter.load %[[A]][%[[M0]], %[[K0]]] pad 0.000000e+00 : {{.*}} -> tensor<128x64xbf16>
// CHECK-NEXT: %[[BT:.*]] = aiter.load %[[B]][%[[K0]], %[[N0]]] pad 0.000000e+00 : {{.*}} -> tensor<64x128xbf16>
// CHECK-NEXT: %[[D:.*]] = aiter.dot %[[AT]], %[[BT]], %[[IT]] : tensor<128x64xbf16>, tensor<64x128xbf16> -> tensor<128x128xf32>
// CHECK-NEXT: scf.yield %[[D]]
// CHECK: %[[OUT:.*]] = arith.truncf %[[ACC]] : tensor<128x128xf32> to tensor<128x128xbf16>
// CHECK-NEXT: aiter.store %[[OUT]], %[[C]][%[[M0]], %[[N0]]] : tensor<128x128xbf16>
// CHECK-NEXT: aiter.return
// CHECK-NOT: aiter.gemm

// OVERRIDE-LABEL: aiter.kernel @gemm_nn(
// OVERRIDE-SAME: aiter.chip = "gfx942"
// OVERRIDE-SAME: aiter.config = {mfma = "32x32x8", stages = 2 : i64, tile_k = 64 : i64, tile_m = 256 : i64, tile_n = 256 : i64, waves = 8 : i64}
// OVERRIDE-SAME: aiter.target = "gfx942:sramecc+:xnack-"
// OVERRIDE: aiter.dot {{.*}} : tensor<256x64xbf16>, tensor<64x256xbf16> -> tensor<256x256xf32>
aiter.gemm @gemm_nn : bf16 -> bf16

// A stored K x M and B stored N x K: both read through a transposed view,
// and K is A's dimension 0. An f32 C needs no epilogue conversion.
// CHECK-LABEL: aiter.kernel @gemm_tt(
// CHECK-SAME: %[[A:.*]]: memref<?x?xf16, strided<[?, ?]>>, %[[B:.*]]: memref<?x?xf16, strided<[?, ?]>>, %[[C:.*]]: memref<?x?xf32, strided<[?, ?]>>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[K:.*]] = memref.dim %[[A]], %[[C0]]
// CHECK: %[[ACC:.*]] = scf.for %[[K0:.*]] = %[[C0]] to %[[K]]
// CHECK-NEXT: aiter.load %[[A]][%[[K0]], %{{.*}}] dims [1, 0] pad 0.000000e+00 : {{.*}} -> tensor<128x64xf16>
// CHECK-NEXT: aiter.load %[[B]][%{{.*}}, %[[K0]]] dims [1, 0] pad 0.000000e+00 : {{.*}} -> tensor<64x128xf16>
// CHECK: }
// CHECK-NOT: arith.truncf
// CHECK-NEXT: aiter.store %[[ACC]], %[[C]]{{.*}} : tensor<128x128xf32>
aiter.gemm @gemm_tt : f16 -> f32 trans_a trans_b

// Only B transposed; f16 out.
// CHECK-LABEL: aiter.kernel @gemm_nt(
// CHECK: scf.for
// CHECK-NEXT: aiter.load %{{[a-z0-9_]+}}[{{[^]]*}}] pad 0.000000e+00 : {{.*}} -> tensor<128x64xbf16>
// CHECK-NEXT: aiter.load %{{[a-z0-9_]+}}[{{[^]]*}}] dims [1, 0] pad 0.000000e+00 : {{.*}} -> tensor<64x128xbf16>
// CHECK: arith.truncf %{{.*}} : tensor<128x128xf32> to tensor<128x128xf16>
aiter.gemm @gemm_nt : bf16 -> f16 trans_b
