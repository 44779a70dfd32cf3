// The GEMM tile program (as aiter-expand writes it) lowers to one SIMT kernel
// per chip: 128-bit buffer loads of 8 elements, padded K-contiguous LDS
// tiles, a K loop that stages through LDS between two barriers and prefetches
// the next tile before its MFMAs, a masked tail for the ragged last K tile,
// and clipped stores.
// RUN: aiter-opt %s --aiter-expand="chip=gfx942" --aiter-lower-gemm-to-simt | FileCheck %s --check-prefix=GFX942
// RUN: aiter-opt %s --aiter-expand="chip=gfx950" --aiter-lower-gemm-to-simt | FileCheck %s --check-prefix=GFX950
// RUN: aiter-opt %s --aiter-expand="chip=gfx942" --aiter-lower-gemm-to-simt="variant=general" | FileCheck %s --check-prefix=GENERAL

aiter.gemm @nt : bf16 -> bf16 trans_b

// GFX942: gpu.module @nt [#rocdl.target<O = 3, chip = "gfx942">]
// GFX942: gpu.func @nt(%{{.*}}: memref<?x?xbf16, strided<[?, 1]>>, %{{.*}}: memref<?x?xbf16, strided<[?, 1]>>, %{{.*}}: memref<?x?xbf16, strided<[?, 1]>>)
// GFX942-SAME: workgroup(%[[LA:[a-z0-9_]+]] : memref<128x68xbf16, #gpu.address_space<workgroup>>, %[[LB:[a-z0-9_]+]] : memref<128x68xbf16, #gpu.address_space<workgroup>>)
// GFX942-SAME: kernel
// GFX942-SAME: aiter.variant = "aligned"
// GFX942-SAME: known_block_size = array<i32: 256, 1, 1>
// GFX942: %[[BUF:[0-9]+]] = amdgpu.fat_raw_buffer_cast
// GFX942-COUNT-4: vector.load %[[BUF]]{{.*}} {alignment = 16 : i64} : {{.*}}, vector<8xbf16>
// GFX942: scf.for
// GFX942: amdgpu.lds_barrier
// GFX942-COUNT-4: vector.store %{{.*}}, %[[LA]]
// GFX942-COUNT-4: vector.store %{{.*}}, %[[LB]]
// GFX942: amdgpu.lds_barrier
// The next tile's loads come before this tile's MFMAs.
// GFX942-COUNT-8: vector.load {{.*}}fat_raw_buffer>>, vector<8xbf16>
// GFX942: vector.load %[[LA]]{{.*}} vector<4xbf16>
// GFX942-COUNT-32: amdgpu.mfma 32x32x8
// GFX942: scf.yield
// The ragged tail masks elements past K.
// GFX942: scf.if
// GFX942: arith.cmpi ult
// GFX942: arith.select
// GFX942: amdgpu.mfma 32x32x8
// Clipped stores.
// GFX942: scf.if
// GFX942: memref.store

// GFX950: gpu.module @nt [#rocdl.target<O = 3, chip = "gfx950">]
// GFX950: gpu.func @nt
// GFX950-SAME: workgroup(%[[LA:[a-z0-9_]+]] : memref<128x72xbf16, #gpu.address_space<workgroup>>
// GFX950: scf.for
// GFX950: vector.load %[[LA]]{{.*}} vector<8xbf16>
// GFX950-COUNT-16: amdgpu.mfma 32x32x16
// GFX950: scf.yield

// The general variant takes any strides and reads element by element with
// clamped indices.
// GENERAL: gpu.func @nt(%{{.*}}: memref<?x?xbf16, strided<[?, ?]>>
// GENERAL-SAME: aiter.variant = "general"
// GENERAL-NOT: fat_raw_buffer_cast
// GENERAL: arith.minui
// GENERAL: memref.load
// GENERAL: arith.select
