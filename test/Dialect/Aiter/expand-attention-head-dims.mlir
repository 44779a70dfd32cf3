// aiter-expand with head dims other than 64/128: the memrefs keep the true
// head dims (Q, K: head_dim; V, O: head_dim_v), the tiles pad each to
// attentionTileDim (a power of two at least the MFMA's N and K: 80 -> 128,
// 40 -> 64 with 32x32 MFMAs), the loads read the tail as 0 (pad 0.0) and
// the store writes the padded tile into the true extent (it clips); over 128
// the default configuration takes 16x16 MFMAs and 64-row blocks.
// RUN: aiter-opt %s -split-input-file --aiter-expand | FileCheck %s
// RUN: aiter-opt %s -split-input-file --aiter-expand="chip=gfx950" | FileCheck %s --check-prefix=GFX950

// CHECK-LABEL: aiter.kernel @d80_dv40(
// CHECK-SAME: memref<?x?x?x80xbf16, strided<[?, ?, ?, 1]>>, %{{.*}}: memref<?x?x?x80xbf16, strided<[?, ?, ?, 1]>>, %{{.*}}: memref<?x?x?x40xbf16, strided<[?, ?, ?, 1]>>, %{{.*}}: memref<?x?x?x40xbf16, strided<[?, ?, ?, 1]>>)
// CHECK: aiter.attention = {head_dim = 80 : i64, head_dim_v = 40 : i64
// CHECK: %[[Q:.*]] = aiter.load %arg0[{{.*}}] dims [1, 3] pad 0.000000e+00 : memref<?x?x?x80xbf16, {{.*}}> -> tensor<128x128xbf16>
// CHECK: %[[K:.*]] = aiter.load %arg1[{{.*}}] dims [3, 1] pad 0.000000e+00 : memref<?x?x?x80xbf16, {{.*}}> -> tensor<128x64xbf16>
// CHECK: aiter.dot %[[Q]], %[[K]], {{.*}} : tensor<128x128xbf16>, tensor<128x64xbf16> -> tensor<128x64xf32>
// CHECK: %[[V:.*]] = aiter.load %arg2[{{.*}}] dims [1, 3] pad 0.000000e+00 : memref<?x?x?x40xbf16, {{.*}}> -> tensor<64x64xbf16>
// CHECK: aiter.dot %{{.*}}, %[[V]], {{.*}} : tensor<128x64xbf16>, tensor<64x64xbf16> -> tensor<128x64xf32>
// CHECK: aiter.store %{{.*}}, %arg3[{{.*}}] dims [1, 3] : tensor<128x64xbf16> -> memref<?x?x?x40xbf16, {{.*}}>
aiter.attention @d80_dv40 : bf16 head_dim(80, 40)

// -----

// CHECK-LABEL: aiter.kernel @d192_dv128(
// CHECK: aiter.config = {block_m = 64 : i64, block_n = 64 : i64, mfma = "16x16x16", stages = 2 : i64, waves = 4 : i64}
// CHECK: -> tensor<64x256xbf16>
// CHECK: aiter.store %{{.*}} : tensor<64x128xbf16> -> memref<?x?x?x128xbf16, {{.*}}>
// GFX950-LABEL: aiter.kernel @d192_dv128(
// GFX950: mfma = "16x16x32"
aiter.attention @d192_dv128 : bf16 head_dim(192, 128) causal
