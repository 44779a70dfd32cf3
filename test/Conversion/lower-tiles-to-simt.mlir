// aiter-lower-tiles-to-simt: each op family of a layout-assigned tile program
// lowers by its own pattern (lib/Conversion/TilesToSIMT/*Patterns.cpp). The
// programs run through aiter-assign-layouts first; test/Tools/aiter-run/
// layer3.test runs such programs on the emulator against the reference.
// RUN: aiter-opt %s -split-input-file --aiter-assign-layouts --aiter-lower-tiles-to-simt --canonicalize --cse | FileCheck %s --check-prefix=ALIGNED
// RUN: aiter-opt %s -split-input-file --aiter-assign-layouts --aiter-lower-tiles-to-simt=variant=general --canonicalize --cse | FileCheck %s --check-prefix=GENERAL
// RUN: aiter-opt %s -split-input-file --aiter-assign-layouts=chip=gfx950 --aiter-lower-tiles-to-simt=chip=gfx950 --canonicalize --cse | FileCheck %s --check-prefix=GFX950

// Loads and stores. Aligned: one bounds-checked buffer viewed flat, 16-byte
// vectors along the unit-stride dim; when the whole tile is inside (a uniform
// branch marked aiter.likely) no clipping at all, else clipped elements sent to byte 2^31 - 64
// (element 536870896 of f32), the vector's elements past the edge masked to
// the pad, and a store the edge cuts done element by element. General: each
// element under its own condition. Elementwise ops act on the register
// vectors (8 f32 per thread: 32x64 over 256 threads); a scalar broadcast is a
// vector splat; program ids are workgroup ids.
// ALIGNED-LABEL: gpu.func @axpy
// ALIGNED-SAME: known_block_size = array<i32: 256, 1, 1>
// ALIGNED: gpu.block_id x
// ALIGNED: amdgpu.fat_raw_buffer_cast %arg0 validBytes
// ALIGNED: memref.reinterpret_cast {{.*}} to memref<?xf32, #amdgpu.address_space<fat_raw_buffer>>
// The whole-tile test in 32-bit arithmetic (the aligned class's sizes are
// below 2^31): the origin's high word is 0, origin + extent <= size, no wrap.
// ALIGNED: arith.shrui {{.*}} : i64
// ALIGNED: arith.cmpi eq, {{.*}} : i64
// ALIGNED: arith.cmpi ule, {{.*}} : i32
// ALIGNED: arith.cmpi ult, {{.*}} : i32
// ALIGNED: scf.if %{{.*}} -> (vector<8xf32>) {
// ALIGNED-NOT: arith.select
// ALIGNED: vector.load {{.*}} vector<4xf32>
// ALIGNED: vector.load {{.*}} vector<4xf32>
// ALIGNED-NOT: arith.select
// ALIGNED: } else {
// ALIGNED: arith.select {{.*}}, %c536870896 : index
// ALIGNED: vector.load {{.*}} vector<4xf32>
// ALIGNED: arith.select {{.*}} : vector<4xi1>, vector<4xf32>
// ALIGNED: vector.broadcast %arg2 : f32 to vector<8xf32>
// ALIGNED: arith.mulf {{.*}} : vector<8xf32>
// ALIGNED: amdgpu.fat_raw_buffer_cast %arg1
// ALIGNED: scf.if
// ALIGNED: vector.store {{.*}} vector<4xf32>
// ALIGNED: } else {
// ALIGNED: vector.store {{.*}} vector<4xf32>
// ALIGNED: memref.store {{.*}} #amdgpu.address_space<fat_raw_buffer>>
// ALIGNED: } {aiter.likely}
// ALIGNED-NOT: aiter.
// GENERAL-LABEL: gpu.func @axpy
// GENERAL-SAME: aiter.variant = "general"
// GENERAL-NOT: fat_raw_buffer
// GENERAL: scf.if
// GENERAL: memref.load %arg0
// GENERAL: arith.mulf {{.*}} : vector<8xf32>
// GENERAL: scf.if
// GENERAL-NEXT: memref.store {{.*}} %arg1
aiter.kernel @axpy(%x: memref<?x?xf32, strided<[?, 1]>>, %y: memref<?x?xf32, strided<[?, 1]>>, %a: f32) {
  %c0 = arith.constant 0 : index
  %c32 = arith.constant 32 : index
  %pid = aiter.program_id 0
  %m0 = arith.muli %pid, %c32 : index
  %t = aiter.load %x[%m0, %c0] pad 1.0 : memref<?x?xf32, strided<[?, 1]>> -> tensor<32x64xf32>
  %s = aiter.broadcast %a : f32 -> tensor<32x64xf32>
  %u = arith.mulf %t, %s : tensor<32x64xf32>
  aiter.store %u, %y[%m0, %c0] : tensor<32x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}

// -----

// Reductions: registers first, then a butterfly over the lane bits along
// the axis (gpu.shuffle xor 1, 2, ...), then, for an axis spread over waves,
// partials through LDS (an LDS barrier before the write and after it; the
// next writer's leading barrier protects the reads). A reduction of a 1-D tile is
// a scalar every thread holds (here lanes 0..31 combine; lane bit 5 and the
// waves hold copies); expand_dims gives it back a unit dim, and one thread
// stores it.
// ALIGNED-LABEL: gpu.func @reduce
// ALIGNED-SAME: workgroup(%arg3 : memref<{{[0-9]+}}xi8, #gpu.address_space<workgroup>>)
// ALIGNED: %[[RLDS:.*]] = memref.view %arg3[%c0][] : memref<{{[0-9]+}}xi8, #gpu.address_space<workgroup>> to memref<{{[0-9]+}}xf32, #gpu.address_space<workgroup>>
// ALIGNED: arith.maximumf {{.*}} : f32
// ALIGNED: gpu.shuffle xor {{.*}}, %c1_i32, %c64_i32 : f32
// ALIGNED: arith.maximumf
// ALIGNED: gpu.shuffle xor {{.*}}, %c2_i32, %c64_i32 : f32
// ALIGNED: amdgpu.lds_barrier
// ALIGNED: memref.store {{.*}}, %[[RLDS]]
// ALIGNED: amdgpu.lds_barrier
// ALIGNED: memref.load %[[RLDS]]
// ALIGNED: arith.addf
// ALIGNED: gpu.shuffle xor {{.*}}, %c16_i32, %c64_i32 : f32
// ALIGNED-NOT: gpu.shuffle
// ALIGNED: memref.store
// ALIGNED: } {aiter.likely}
// ALIGNED-NEXT: gpu.return
aiter.kernel @reduce(%x: memref<?x?xf32, strided<[?, 1]>>, %r: memref<?xf32>, %c: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %v = aiter.load %x[%c0, %c0] : memref<?x?xf32, strided<[?, 1]>> -> tensor<64x128xf32>
  %rows = aiter.reduce max %v axis 1 : tensor<64x128xf32> -> tensor<64xf32>
  aiter.store %rows, %r[%c0] : tensor<64xf32> -> memref<?xf32>
  %cols = aiter.reduce sum %v axis 0 : tensor<64x128xf32> -> tensor<128xf32>
  aiter.store %cols, %c[%c0] : tensor<128xf32> -> memref<?xf32>
  %all = aiter.reduce sum %cols axis 0 : tensor<128xf32> -> tensor<f32>
  %all1 = aiter.expand_dims %all axis 0 : tensor<f32> -> tensor<1xf32>
  aiter.store %all1, %c[%c0] : tensor<1xf32> -> memref<?xf32>
  aiter.return
}

// -----

// A dot: the operands move from their load layouts to the MFMA operand
// layouts through LDS in a conflict-free swizzle, A (16-byte writes) and B
// (K across rows, one element per write at this size) in regions of their
// own behind one barrier pair; the reads (16 bytes each) follow, then one
// amdgpu.mfma per K step of each wave's 32x32 block (a 2x2 wave grid):
// 4 x 32x32x8 on gfx942, 2 x the K-doubled 32x32x16 on gfx950. The
// transpose of the result is a rename (no LDS). On gfx950, B (N contiguous
// in memory, K along the MFMA operand's registers) is written to LDS as it
// was loaded and read back with transposing reads (ds_read_b64_tr_b16: 4
// per lane of 8 K values across the 16 lanes of a group).
// ALIGNED-LABEL: gpu.func @dot
// ALIGNED-SAME: workgroup(%arg3 : memref<8192xi8, #gpu.address_space<workgroup>>)
// ALIGNED: %[[LDS:.*]] = memref.view %arg3[%c0][] : memref<8192xi8, #gpu.address_space<workgroup>> to memref<4096xbf16, #gpu.address_space<workgroup>>
// ALIGNED: amdgpu.lds_barrier
// ALIGNED-NEXT: vector.store {{.*}}, %[[LDS]][{{.*}}] : memref<4096xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
// ALIGNED-COUNT-8: memref.store {{.*}}, %[[LDS]][{{.*}}] : memref<4096xbf16, #gpu.address_space<workgroup>>
// ALIGNED-NEXT: amdgpu.lds_barrier
// ALIGNED-COUNT-4: vector.load %[[LDS]][{{.*}}] : memref<4096xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
// ALIGNED-COUNT-4: amdgpu.mfma 32x32x8 {{.*}} : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
// ALIGNED-NOT: lds_barrier
// ALIGNED: gpu.return
// GFX950-LABEL: gpu.func @dot
// GFX950: amdgpu.lds_barrier
// GFX950-COUNT-4: amdgpu.transpose_load {{.*}} : memref<4096xbf16, #gpu.address_space<workgroup>> -> vector<4xbf16>
// GFX950-NOT: amdgpu.transpose_load
// GFX950-COUNT-2: amdgpu.mfma 32x32x16 {{.*}} : vector<8xbf16>, vector<8xbf16>, vector<16xf32>
// GFX950-NOT: amdgpu.mfma
// GFX950: gpu.return
aiter.kernel @dot(%a: memref<?x?xbf16, strided<[?, 1]>>, %b: memref<?x?xbf16, strided<[?, 1]>>, %c: memref<?x?xf32, strided<[?, 1]>>) {
  %c0 = arith.constant 0 : index
  %at = aiter.load %a[%c0, %c0] : memref<?x?xbf16, strided<[?, 1]>> -> tensor<64x32xbf16>
  %bt = aiter.load %b[%c0, %c0] : memref<?x?xbf16, strided<[?, 1]>> -> tensor<32x64xbf16>
  %z = arith.constant dense<0.0> : tensor<64x64xf32>
  %d = aiter.dot %at, %bt, %z : tensor<64x32xbf16>, tensor<32x64xbf16> -> tensor<64x64xf32>
  %dt = aiter.transpose %d : tensor<64x64xf32> -> tensor<64x64xf32>
  aiter.store %dt, %c[%c0, %c0] : tensor<64x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}

// -----

// Loops carry the register vectors; iota is each register's coordinate.
// ALIGNED-LABEL: gpu.func @loop
// ALIGNED: scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}) -> (vector<{{[0-9]+}}xf32>)
// ALIGNED: arith.addf {{.*}} : vector<{{[0-9]+}}xf32>
// ALIGNED: scf.yield {{.*}} : vector<{{[0-9]+}}xf32>
// ALIGNED: vector.from_elements {{.*}} : vector<{{[0-9]+}}xi32>
// ALIGNED: arith.sitofp {{.*}} : vector<{{[0-9]+}}xi32> to vector<{{[0-9]+}}xf32>
aiter.kernel @loop(%x: memref<?xf32>, %y: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant dense<0.0> : tensor<256xf32>
  %s = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %z) -> (tensor<256xf32>) {
    %t = aiter.load %x[%i] : memref<?xf32> -> tensor<256xf32>
    %a = arith.addf %acc, %t : tensor<256xf32>
    scf.yield %a : tensor<256xf32>
  }
  %io = aiter.iota : tensor<256xi32>
  %f = arith.sitofp %io : tensor<256xi32> to tensor<256xf32>
  %r = arith.addf %s, %f : tensor<256xf32>
  aiter.store %r, %y[%c0] : tensor<256xf32> -> memref<?xf32>
  aiter.return
}

// -----

// LDS groups: the conversions of the first dot's operands share one barrier
// pair; the column sum between the dots crosses waves through LDS, so the
// second dot's conversions start a group of their own (one pair each for the
// two groups and one for the reduction: six barriers).
// ALIGNED-LABEL: gpu.func @groups
// ALIGNED-COUNT-2: amdgpu.lds_barrier
// ALIGNED-COUNT-4: amdgpu.mfma
// ALIGNED: gpu.shuffle
// ALIGNED-COUNT-2: amdgpu.lds_barrier
// ALIGNED: memref.load %{{.*}} : memref<1024xf32, #gpu.address_space<workgroup>>
// ALIGNED-COUNT-2: amdgpu.lds_barrier
// ALIGNED-COUNT-4: vector.load %{{.*}} : memref<4096xbf16, #gpu.address_space<workgroup>>, vector<8xbf16>
// ALIGNED-COUNT-4: amdgpu.mfma
// ALIGNED-NOT: amdgpu.lds_barrier
// ALIGNED: gpu.return
aiter.kernel @groups(%a: memref<?x?xbf16, strided<[?, 1]>>, %b: memref<?x?xbf16, strided<[?, 1]>>, %x: memref<?x?xf32, strided<[?, 1]>>, %c: memref<?x?xf32, strided<[?, 1]>>, %r: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %at = aiter.load %a[%c0, %c0] : memref<?x?xbf16, strided<[?, 1]>> -> tensor<64x32xbf16>
  %bt = aiter.load %b[%c0, %c0] : memref<?x?xbf16, strided<[?, 1]>> -> tensor<32x64xbf16>
  %xt = aiter.load %x[%c0, %c0] : memref<?x?xf32, strided<[?, 1]>> -> tensor<64x64xf32>
  %z = arith.constant dense<0.0> : tensor<64x64xf32>
  %d = aiter.dot %at, %bt, %z : tensor<64x32xbf16>, tensor<32x64xbf16> -> tensor<64x64xf32>
  %cols = aiter.reduce sum %xt axis 0 : tensor<64x64xf32> -> tensor<64xf32>
  aiter.store %cols, %r[%c0] : tensor<64xf32> -> memref<?xf32>
  %d2 = aiter.dot %at, %bt, %d : tensor<64x32xbf16>, tensor<32x64xbf16> -> tensor<64x64xf32>
  aiter.store %d2, %c[%c0, %c0] : tensor<64x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}

// -----

// The aligned variant's contract makes every tensor's last dimension
// unit-stride (docs/c-api.md), whatever the memref type says: 16-byte vector
// accesses along it. The general variant reads element by element.
// ALIGNED-LABEL: gpu.func @unit_stride_by_contract
// ALIGNED-COUNT-2: vector.load {{.*}} : memref<?xf32, #amdgpu.address_space<fat_raw_buffer>>, vector<4xf32>
// ALIGNED: vector.store {{.*}} : memref<?xf32, #amdgpu.address_space<fat_raw_buffer>>, vector<4xf32>
// GENERAL-LABEL: gpu.func @unit_stride_by_contract
// GENERAL-NOT: vector.load
// GENERAL: memref.load {{.*}} : memref<?x?xf32, strided<[?, ?]>>
aiter.kernel @unit_stride_by_contract(%x: memref<?x?xf32, strided<[?, ?]>>, %y: memref<?x?xf32, strided<[?, ?]>>) {
  %c0 = arith.constant 0 : index
  %v = aiter.load %x[%c0, %c0] : memref<?x?xf32, strided<[?, ?]>> -> tensor<32x64xf32>
  %w = arith.addf %v, %v : tensor<32x64xf32>
  aiter.store %w, %y[%c0, %c0] : tensor<32x64xf32> -> memref<?x?xf32, strided<[?, ?]>>
  aiter.return
}

// -----

// A load whose origin moves with the loop's induction variable: the whole-
// tile test is iv <= size - extent - offset, the bound computed before the
// loop (with the other dimensions' tests), one compare per iteration.
// ALIGNED-LABEL: gpu.func @k_loop
// ALIGNED: %[[B:.*]] = arith.subi %{{.*}}#1, %c64 : index
// ALIGNED: scf.for %[[K:.*]] = %c0 to %{{.*}} step %c64
// ALIGNED: arith.cmpi sle, %[[K]], %[[B]] : index
// ALIGNED: scf.if
// ALIGNED: gpu.return
aiter.kernel @k_loop(%x: memref<?x?xf32, strided<[?, 1]>>, %y: memref<?x?xf32, strided<[?, 1]>>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %n = memref.dim %x, %c1 : memref<?x?xf32, strided<[?, 1]>>
  %z = arith.constant dense<0.0> : tensor<32x64xf32>
  %r = scf.for %k = %c0 to %n step %c64 iter_args(%acc = %z) -> (tensor<32x64xf32>) {
    %t = aiter.load %x[%c0, %k] : memref<?x?xf32, strided<[?, 1]>> -> tensor<32x64xf32>
    %s = arith.addf %acc, %t : tensor<32x64xf32>
    scf.yield %s : tensor<32x64xf32>
  }
  aiter.store %r, %y[%c0, %c0] : tensor<32x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}

// -----

// An access aiter-split-whole-iterations proved inside (aiter.whole): no
// bounds test, no branch; plain vector loads (aligned) or element loads
// without conditions (general).
// ALIGNED-LABEL: gpu.func @whole
// ALIGNED-NOT: scf.if
// ALIGNED: vector.load {{.*}} : memref<?xf32, #amdgpu.address_space<fat_raw_buffer>>, vector<4xf32>
// ALIGNED-NOT: scf.if
// ALIGNED: gpu.return
// GENERAL-LABEL: gpu.func @whole
// GENERAL-NOT: scf.if
// GENERAL: memref.load
// GENERAL-NOT: scf.if
// GENERAL: gpu.return
aiter.kernel @whole(%x: memref<?x?xf32, strided<[?, 1]>>, %y: memref<?x?xf32, strided<[?, 1]>>) {
  %c0 = arith.constant 0 : index
  %v = aiter.load %x[%c0, %c0] {aiter.whole} : memref<?x?xf32, strided<[?, 1]>> -> tensor<32x64xf32>
  aiter.store %v, %y[%c0, %c0] {aiter.whole} : tensor<32x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}
