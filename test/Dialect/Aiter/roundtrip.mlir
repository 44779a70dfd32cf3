// Every aiter op parses, verifies, prints and parses back to the same IR, in
// both the custom and the generic form.
// RUN: aiter-opt %s | aiter-opt | FileCheck %s
// RUN: aiter-opt %s --mlir-print-op-generic | aiter-opt | FileCheck %s

// CHECK-LABEL: aiter.gemm @gemm_nn : bf16 -> f32
aiter.gemm @gemm_nn : bf16 -> f32
// CHECK: aiter.gemm @gemm_tn : f16 -> f16 trans_a
aiter.gemm @gemm_tn : f16 -> f16 trans_a
// CHECK: aiter.gemm @gemm_tt : bf16 -> bf16 trans_a trans_b
aiter.gemm @gemm_tt : bf16 -> bf16 trans_a trans_b
// CHECK: aiter.gemm @gemm_epi : f16 -> f32 trans_b alpha(2.000000e+00) beta(5.000000e-01) c(bf16) bias(col, f32) activation(gelu_erf)
aiter.gemm @gemm_epi : f16 -> f32 trans_b alpha(2.0) beta(0.5) c(bf16) bias(col, f32) activation(gelu_erf)
// CHECK: aiter.gemm @gemm_act : bf16 -> bf16 bias(row, bf16) activation(silu)
aiter.gemm @gemm_act : bf16 -> bf16 bias(row, bf16) activation(silu)

// CHECK: aiter.attention @fa_plain : bf16 head_dim(128){{$}}
aiter.attention @fa_plain : bf16 head_dim(128)
// CHECK: aiter.attention @fa_all : f16 head_dim(64, 64) causal window(256, 0) softcap(3.000000e+01) scale(1.250000e-01) return_lse layout(bhsd)
aiter.attention @fa_all : f16 head_dim(64, 64) causal window(256, 0) softcap(30.0) scale(0.125) return_lse layout(bhsd)
// The default layout is elided.
// CHECK: aiter.attention @fa_bshd : bf16 head_dim(64) window(-1, 32){{$}}
aiter.attention @fa_bshd : bf16 head_dim(64) window(-1, 32) layout(bshd)
// CHECK: aiter.attention @fa_alibi : bf16 head_dim(128) causal alibi{{$}}
aiter.attention @fa_alibi : bf16 head_dim(128) causal alibi
// CHECK: aiter.attention @fa_bias : f16 head_dim(64) softcap(3.000000e+01) alibi bias(f32) return_lse layout(bhsd)
aiter.attention @fa_bias : f16 head_dim(64) softcap(30.0) alibi bias(f32) return_lse layout(bhsd)

// CHECK-LABEL: aiter.kernel @tile_ops
// CHECK-SAME: (%[[X:.*]]: memref<?x?xbf16, strided<[?, 1]>>, %[[Y:.*]]: memref<?x?xf32, strided<[?, 1]>>, %[[S:.*]]: f32, %[[N:.*]]: index)
aiter.kernel @tile_ops(%x: memref<?x?xbf16, strided<[?, 1]>>,
                       %y: memref<?x?xf32, strided<[?, 1]>>,
                       %s: f32, %n: index) {
  // CHECK: %[[P0:.*]] = aiter.program_id 0
  // CHECK: %[[P2:.*]] = aiter.program_id 2
  // CHECK: aiter.num_programs 1
  %p0 = aiter.program_id 0
  %p2 = aiter.program_id 2
  %np = aiter.num_programs 1
  %c0 = arith.constant 0 : index
  // CHECK: %[[A:.*]] = aiter.load %[[X]][%[[P0]], %{{.*}}] : memref<?x?xbf16, strided<[?, 1]>> -> tensor<64x32xbf16>
  %a = aiter.load %x[%p0, %c0] : memref<?x?xbf16, strided<[?, 1]>> -> tensor<64x32xbf16>
  // CHECK: %[[B:.*]] = aiter.load %[[X]][%{{.*}}, %[[P2]]] dims [1, 0] pad -1.000000e+00 : memref<?x?xbf16, strided<[?, 1]>> -> tensor<32x16xbf16>
  %b = aiter.load %x[%c0, %p2] dims [1, 0] pad -1.0 : memref<?x?xbf16, strided<[?, 1]>> -> tensor<32x16xbf16>
  // CHECK: %[[ROW:.*]] = aiter.load %[[X]][%{{.*}}, %{{.*}}] dims [1] pad 0xFFF0000000000000 : memref<?x?xbf16, strided<[?, 1]>> -> tensor<16xbf16>
  %row = aiter.load %x[%c0, %c0] dims [1] pad 0xFFF0000000000000 : memref<?x?xbf16, strided<[?, 1]>> -> tensor<16xbf16>
  %zero = arith.constant dense<0.0> : tensor<64x16xf32>
  // CHECK: %[[D:.*]] = aiter.dot %[[A]], %[[B]], %{{.*}} : tensor<64x32xbf16>, tensor<32x16xbf16> -> tensor<64x16xf32>
  %d = aiter.dot %a, %b, %zero : tensor<64x32xbf16>, tensor<32x16xbf16> -> tensor<64x16xf32>
  // CHECK: %[[M:.*]] = aiter.reduce max %[[D]] axis 1 : tensor<64x16xf32> -> tensor<64xf32>
  %m = aiter.reduce max %d axis 1 : tensor<64x16xf32> -> tensor<64xf32>
  // CHECK: aiter.reduce min %[[D]] axis 0 : tensor<64x16xf32> -> tensor<16xf32>
  %mn = aiter.reduce min %d axis 0 : tensor<64x16xf32> -> tensor<16xf32>
  // CHECK: aiter.reduce sum %[[M]] axis 0 : tensor<64xf32> -> tensor<f32>
  %total = aiter.reduce sum %m axis 0 : tensor<64xf32> -> tensor<f32>
  // CHECK: %[[E:.*]] = aiter.expand_dims %[[M]] axis 1 : tensor<64xf32> -> tensor<64x1xf32>
  %e = aiter.expand_dims %m axis 1 : tensor<64xf32> -> tensor<64x1xf32>
  // CHECK: aiter.broadcast %[[E]] : tensor<64x1xf32> -> tensor<64x16xf32>
  %bc = aiter.broadcast %e : tensor<64x1xf32> -> tensor<64x16xf32>
  // CHECK: aiter.broadcast %[[S]] : f32 -> tensor<64x16xf32>
  %sc = aiter.broadcast %s : f32 -> tensor<64x16xf32>
  %sub = arith.subf %d, %bc : tensor<64x16xf32>
  %mul = arith.mulf %sub, %sc : tensor<64x16xf32>
  %ex = math.exp2 %mul : tensor<64x16xf32>
  // CHECK: aiter.iota : tensor<16xi32>
  %cols = aiter.iota : tensor<16xi32>
  // CHECK: aiter.transpose %[[D]] : tensor<64x16xf32> -> tensor<16x64xf32>
  %t = aiter.transpose %d : tensor<64x16xf32> -> tensor<16x64xf32>
  // CHECK: aiter.store %{{.*}}, %[[Y]][%[[P0]], %{{.*}}] : tensor<64x16xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.store %ex, %y[%p0, %c0] : tensor<64x16xf32> -> memref<?x?xf32, strided<[?, 1]>>
  // CHECK: aiter.store %{{.*}}, %[[Y]][%{{.*}}, %{{.*}}] dims [1, 0] : tensor<16x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.store %t, %y[%c0, %c0] dims [1, 0] : tensor<16x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  // CHECK: aiter.return
  aiter.return
}
