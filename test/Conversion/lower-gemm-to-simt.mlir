// The GEMM tile program (as aiter-expand writes it) lowers to one SIMT kernel
// per chip: 128-bit buffer loads of 8 elements, unpadded K-contiguous LDS
// tiles whose 16-byte chunks are XOR-swizzled by row block, one K loop over
// all tiles (the ragged one first, loaded with masks before the loop) that
// stages through LDS between two barriers and prefetches the next tile
// before its MFMAs, and clipped stores.
// RUN: aiter-opt %s --aiter-expand="chip=gfx942" --aiter-lower-gemm-to-simt | FileCheck %s --check-prefix=GFX942
// RUN: aiter-opt %s --aiter-expand="chip=gfx950" --aiter-lower-gemm-to-simt | FileCheck %s --check-prefix=GFX950
// RUN: aiter-opt %s --aiter-expand="chip=gfx942" --aiter-lower-gemm-to-simt="variant=general" | FileCheck %s --check-prefix=GENERAL

aiter.gemm @nt : bf16 -> bf16 trans_b
aiter.gemm @nn : f16 -> f32

// LDS holds 128 x 64 elements per operand: no padding.
// GFX942: gpu.module @nt [#rocdl.target<O = 3, chip = "gfx942">]
// GFX942: gpu.func @nt(%{{.*}}: memref<?x?xbf16, strided<[?, 1]>>, %{{.*}}: memref<?x?xbf16, strided<[?, 1]>>, %{{.*}}: memref<?x?xbf16, strided<[?, 1]>>)
// GFX942-SAME: workgroup(%[[LA:[a-z0-9_]+]] : memref<8192xbf16, #gpu.address_space<workgroup>>, %[[LB:[a-z0-9_]+]] : memref<8192xbf16, #gpu.address_space<workgroup>>)
// GFX942-SAME: kernel
// GFX942-SAME: aiter.variant = "aligned"
// GFX942-SAME: known_block_size = array<i32: 256, 1, 1>
// The first tile (the ragged one when K % 64 != 0) is loaded with masks
// before the loop.
// GFX942: %[[BUF:[0-9]+]] = amdgpu.fat_raw_buffer_cast
// GFX942: vector.load %[[BUF]]{{.*}} {alignment = 16 : i64} : {{.*}}, vector<8xbf16>
// GFX942: arith.cmpi ult
// GFX942: arith.select
// GFX942: scf.for
// GFX942-NEXT: amdgpu.lds_barrier
// GFX942-NEXT: amdgpu.memory_counter_wait load(0)
// 128-bit LDS stores at XOR-swizzled chunk positions.
// GFX942: arith.xori
// GFX942-COUNT-8: vector.store %arg{{[0-9]+}}, %{{.*}} {alignment = 16 : i64} : memref<{{.*}}#gpu.address_space<workgroup>>, vector<8xbf16>
// The next tile's loads, before the barrier; stores and loads each in one
// group.
// GFX942-COUNT-8: vector.load {{.*}}fat_raw_buffer>>, vector<8xbf16>
// GFX942-NEXT: rocdl.sched.group.barrier 512, 8, 0
// GFX942-NEXT: rocdl.sched.group.barrier 32, 8, 0
// GFX942-NEXT: amdgpu.lds_barrier
// Operands: one 16-byte chunk per lane and read, split into the 4-element
// operands of two 32x32x8 MFMAs.
// GFX942: arith.xori
// GFX942: vector.load %{{.*}} {alignment = 16 : i64} : memref<{{.*}}#gpu.address_space<workgroup>>, vector<8xbf16>
// GFX942: vector.from_elements {{.*}} : vector<4xbf16>
// GFX942-COUNT-32: amdgpu.mfma 32x32x8
// Reads run one step ahead of the MFMAs (4 reads, 8 MFMAs per step).
// GFX942: rocdl.sched.group.barrier 256, 4, 0
// GFX942-NEXT: rocdl.sched.group.barrier 256, 4, 0
// GFX942-NEXT: rocdl.sched.group.barrier 8, 8, 0
// GFX942-NEXT: rocdl.sched.group.barrier 256, 4, 0
// GFX942-NEXT: rocdl.sched.group.barrier 8, 8, 0
// GFX942-NEXT: rocdl.sched.group.barrier 256, 4, 0
// GFX942-NEXT: rocdl.sched.group.barrier 8, 8, 0
// GFX942-NEXT: rocdl.sched.group.barrier 8, 8, 0
// GFX942-NEXT: scf.yield
// No MFMA after the loop (no tail copy); clipped stores.
// GFX942-NOT: amdgpu.mfma
// GFX942: scf.if
// GFX942: memref.store
// GFX942-NOT: amdgpu.mfma
// GFX942-LABEL: gpu.func @nn
// NN: B (K x N) is transposed in registers, units of 4 chunks at 4
// consecutive k of 8 columns: 8 rows of 4 k, 64-bit stores.
// GFX942: scf.for
// GFX942-COUNT-4: vector.store %arg{{[0-9]+}}, %{{.*}} {alignment = 16 : i64} : memref<{{.*}}#gpu.address_space<workgroup>>, vector<8xf16>
// GFX942: vector.from_elements {{.*}} : vector<4xf16>
// GFX942-COUNT-8: vector.store %{{.*}}, %{{.*}} {alignment = 8 : i64} : memref<{{.*}}#gpu.address_space<workgroup>>, vector<4xf16>
// GFX942: amdgpu.lds_barrier
// GFX942: amdgpu.mfma 32x32x8

// gfx950: the K-doubled MFMA takes a whole chunk per lane.
// GFX950: gpu.module @nt [#rocdl.target<O = 3, chip = "gfx950">]
// GFX950: gpu.func @nt
// GFX950-SAME: workgroup(%[[LA:[a-z0-9_]+]] : memref<8192xbf16, #gpu.address_space<workgroup>>
// GFX950: scf.for
// GFX950: amdgpu.lds_barrier
// GFX950: vector.load %{{.*}} : memref<{{.*}}#gpu.address_space<workgroup>>, vector<8xbf16>
// GFX950-NOT: vector.from_elements
// GFX950: amdgpu.mfma 32x32x16
// GFX950-COUNT-15: amdgpu.mfma 32x32x16
// GFX950: scf.yield

// gfx950 NN: B (K x N in memory) keeps its layout in LDS, K x 128 with each
// K row's 16-byte chunks XOR-permuted by a function of the row (so the K rows
// a phase of transpose reads touches hit distinct banks), takes 128-bit
// stores, and its MFMA operands come from LDS transpose reads, two per
// 8-element operand.
// GFX950: gpu.func @nn
// GFX950-SAME: workgroup(%{{.*}} : memref<8192xf16, #gpu.address_space<workgroup>>, %[[TB:[a-z0-9_]+]] : memref<64x128xf16, #gpu.address_space<workgroup>>)
// GFX950: scf.for
// GFX950-NOT: memref.store {{.*}} %[[TB]]
// GFX950: vector.store %{{.*}}, %[[TB]][%{{.*}}, %{{.*}}] {alignment = 16 : i64} : memref<64x128xf16, #gpu.address_space<workgroup>>, vector<8xf16>
// GFX950: arith.xori
// GFX950: amdgpu.transpose_load %[[TB]]
// GFX950: amdgpu.transpose_load %[[TB]]
// GFX950: vector.shuffle {{.*}} [0, 1, 2, 3, 4, 5, 6, 7] : vector<4xf16>, vector<4xf16>
// GFX950: amdgpu.mfma 32x32x16

// The general variant takes any strides and reads element by element with
// clamped indices.
// GENERAL: gpu.func @nt(%{{.*}}: memref<?x?xbf16, strided<[?, ?]>>
// GENERAL-SAME: aiter.variant = "general"
// GENERAL-NOT: fat_raw_buffer_cast
// GENERAL: arith.minui
// GENERAL: memref.load
// GENERAL: arith.select
