// The attention tile program lowers to a flash-attention-2 SIMT kernel:
// Q in registers, K and V^T staged through padded LDS tiles, S^T = K Q^T and
// O^T += V^T P^T with 32x32 MFMAs, online softmax with one cross-lane step
// (xor 32) per reduction, exp2 with the scale folded into an fma, a main loop
// without mask code and masked loops only where blocks straddle an edge.
// RUN: aiter-opt %s --aiter-expand="chip=gfx942" --aiter-lower-attention-to-simt | FileCheck %s
// RUN: aiter-opt %s --aiter-expand="chip=gfx950" --aiter-lower-attention-to-simt="variant=general" | FileCheck %s --check-prefix=GFX950

aiter.attention @fa : bf16 head_dim(128) causal return_lse layout(bhsd)

// CHECK: gpu.module @fa [#rocdl.target<O = 3, chip = "gfx942">]
// CHECK: gpu.func @fa(%{{.*}}: memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>
// CHECK-SAME: memref<?x?x?xf32, strided<[?, ?, ?]>>)
// CHECK-SAME: workgroup(%[[K:[a-z0-9_]+]] : memref<64x132xbf16, #gpu.address_space<workgroup>>, %[[V:[a-z0-9_]+]] : memref<128x68xbf16, #gpu.address_space<workgroup>>)
// CHECK-SAME: known_block_size = array<i32: 256, 1, 1>
// Q^T operands: 16 steps of 4 elements per lane, loaded once.
// CHECK-COUNT-16: vector.load {{.*}}fat_raw_buffer>>, vector<4xbf16>
// Causal without a left window: no prefix loop. The masked loop over the
// blocks on the diagonal and the ragged end of seq_k runs first; the main
// loop over fully visible blocks runs last, with no mask code.
// CHECK: scf.for
// CHECK: amdgpu.lds_barrier
// CHECK: vector.store %{{.*}}, %[[K]]
// CHECK: memref.store %{{.*}}, %[[V]]
// CHECK: amdgpu.lds_barrier
// CHECK-COUNT-32: amdgpu.mfma 32x32x8
// CHECK: arith.cmpi slt, %{{.*}} : vector<16xi32>
// CHECK: arith.cmpi sle, %{{.*}} : vector<16xi32>
// CHECK: arith.select %{{.*}} : vector<16xi1>, vector<16xf32>
// CHECK: scf.yield
// CHECK: scf.for
// CHECK-COUNT-32: amdgpu.mfma 32x32x8
// CHECK-NOT: arith.cmpi sle
// CHECK: gpu.shuffle xor %{{.*}}, %{{.*}}, %{{.*}} : f32
// CHECK: math.fma
// CHECK: math.exp2 %{{.*}} : vector<16xf32>
// CHECK: gpu.shuffle xor
// CHECK-COUNT-32: amdgpu.mfma 32x32x8
// CHECK: scf.yield
// Epilogue: rows past seq_q are not written; LSE = m ln2 + ln l.
// CHECK: scf.if
// CHECK: vector.store {{.*}} vector<4xbf16>
// CHECK: math.log
// CHECK: memref.store %{{.*}} : memref<?x?x?xf32, strided<[?, ?, ?]>>

// gfx950: the K-doubled 32x32x16, 8-element operands; V stays [key][d]
// (rows padded by 32) and each V^T operand is two 4-key LDS transpose reads.
// The general variant reads global memory element by element.
// GFX950: gpu.module @fa [#rocdl.target<O = 3, chip = "gfx950">]
// GFX950: memref<128x136xbf16, #gpu.address_space<workgroup>>, %[[V:.*]] : memref<128x160xbf16, #gpu.address_space<workgroup>>
// GFX950-NOT: fat_raw_buffer_cast
// GFX950: arith.minui
// GFX950: scf.for
// GFX950-NOT: memref.store {{.*}} %[[V]]
// GFX950: vector.store {{.*}}, %[[V]][{{.*}}] : memref<128x160xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
// GFX950-NOT: memref.store {{.*}} %[[V]]
// GFX950: amdgpu.transpose_load %[[V]][{{.*}}] : memref<128x160xbf16, #gpu.address_space<workgroup>> -> vector<4xbf16>
// GFX950-COUNT-32: amdgpu.mfma 32x32x16
// GFX950: vector.shuffle {{.*}} [0, 1, 2, 3, 4, 5, 6, 7] : vector<4xbf16>, vector<4xbf16>
