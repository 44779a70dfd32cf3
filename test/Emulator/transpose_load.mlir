// amdgpu.transpose_load (ds_read_b64_tr_b16 / ds_read_b64_tr_b8) on gfx950.
// Each lane reads 64 contiguous bits of LDS; every 16 lanes then exchange
// them so that lane i holds column i of the 4 x 16 (8 x 16 for 8-bit) block
// the group read. The reference (Inputs/check_transpose_load.py) states the
// expected results as matrix facts (transposes, A @ B through an MFMA), not
// as the emulator's lane formula.
// RUN: %python %S/Inputs/check_transpose_load.py gen %t
// RUN: aiter-run %s --kernel=tr16 --input=4x64xf16=@%t.m16.npy --input=64x4xf16=0 --output=1=@%t.tr16.npy
// RUN: aiter-run %s --kernel=tr8 --input=8x64xi8=@%t.m8.npy --input=64x8xi8=0 --output=1=@%t.tr8.npy
// RUN: aiter-run %s --kernel=mfma_b_operand --input=32x16xf16=@%t.a.npy --input=16x32xf16=@%t.b.npy --input=64x16xf32=0 --output=2=@%t.mfma.npy --stats | FileCheck %s --check-prefix=STATS
// RUN: %python %S/Inputs/check_transpose_load.py check %t

// One LDS store and two transpose reads, all counted as LDS instructions.
// STATS: "mfma":1,{{.*}}"lds":3,

#lds = #gpu.address_space<workgroup>
gpu.module @m [#rocdl.target<chip = "gfx950">] {
  // A 4 x 64 f16 matrix: group g reads columns 16g..16g+15; lane j of the
  // group reads row j / 4, columns 16g + 4 (j % 4) .. +3.
  gpu.func @tr16(%in: memref<4x64xf16>, %out: memref<64x4xf16>)
      workgroup(%t: memref<4x64xf16, #lds>) kernel {
    %l = gpu.thread_id x
    %c4 = arith.constant 4 : index
    %c16 = arith.constant 16 : index
    // Stage the matrix: lane l copies column l.
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    scf.for %r = %c0 to %c4 step %c1 {
      %x = memref.load %in[%r, %l] : memref<4x64xf16>
      memref.store %x, %t[%r, %l] : memref<4x64xf16, #lds>
    }
    gpu.barrier
    %g = arith.divui %l, %c16 : index
    %j = arith.remui %l, %c16 : index
    %row = arith.divui %j, %c4 : index
    %q = arith.remui %j, %c4 : index
    %g16 = arith.muli %g, %c16 : index
    %q4 = arith.muli %q, %c4 : index
    %col = arith.addi %g16, %q4 : index
    %v = amdgpu.transpose_load %t[%row, %col] : memref<4x64xf16, #lds> -> vector<4xf16>
    vector.store %v, %out[%l, %c0] : memref<64x4xf16>, vector<4xf16>
    gpu.return
  }

  // An 8 x 64 i8 matrix: lane j of group g reads row j / 2, columns
  // 16g + 8 (j % 2) .. +7.
  gpu.func @tr8(%in: memref<8x64xi8>, %out: memref<64x8xi8>)
      workgroup(%t: memref<8x64xi8, #lds>) kernel {
    %l = gpu.thread_id x
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c8 = arith.constant 8 : index
    %c16 = arith.constant 16 : index
    scf.for %r = %c0 to %c8 step %c1 {
      %x = memref.load %in[%r, %l] : memref<8x64xi8>
      memref.store %x, %t[%r, %l] : memref<8x64xi8, #lds>
    }
    gpu.barrier
    %g = arith.divui %l, %c16 : index
    %j = arith.remui %l, %c16 : index
    %row = arith.divui %j, %c2 : index
    %q = arith.remui %j, %c2 : index
    %g16 = arith.muli %g, %c16 : index
    %q8 = arith.muli %q, %c8 : index
    %col = arith.addi %g16, %q8 : index
    %v = amdgpu.transpose_load %t[%row, %col] : memref<8x64xi8, #lds> -> vector<8xi8>
    vector.store %v, %out[%l, %c0] : memref<64x8xi8>, vector<8xi8>
    gpu.return
  }

  // D = A (32 x 16, K-contiguous) @ B (16 x 32, row-major: N-contiguous) with
  // v_mfma_f32_32x32x16_f16. Lane l's B operand is B[8 (l / 32) .. +7][l % 32]:
  // group g = l / 16 covers columns 16 (g % 2) .. +15 and K rows 8 (g / 2) ..
  // +7, read as two 4-row transpose loads.
  gpu.func @mfma_b_operand(%a: memref<32x16xf16>, %b: memref<16x32xf16>,
                           %d: memref<64x16xf32>)
      workgroup(%t: memref<16x32xf16, #lds>) kernel {
    %l = gpu.thread_id x
    %c0 = arith.constant 0 : index
    %c2 = arith.constant 2 : index
    %c4 = arith.constant 4 : index
    %c8 = arith.constant 8 : index
    %c16 = arith.constant 16 : index
    %c32 = arith.constant 32 : index
    // Stage B: lane l copies 8 elements of row l / 4.
    %br = arith.divui %l, %c4 : index
    %bq = arith.remui %l, %c4 : index
    %bc = arith.muli %bq, %c8 : index
    %bv = vector.load %b[%br, %bc] : memref<16x32xf16>, vector<8xf16>
    vector.store %bv, %t[%br, %bc] : memref<16x32xf16, #lds>, vector<8xf16>
    gpu.barrier
    // A operand: A[l % 32][8 (l / 32) .. +7].
    %am = arith.remui %l, %c32 : index
    %ah = arith.divui %l, %c32 : index
    %ak = arith.muli %ah, %c8 : index
    %av = vector.load %a[%am, %ak] : memref<32x16xf16>, vector<8xf16>
    // B operand through two transpose loads.
    %g = arith.divui %l, %c16 : index
    %j = arith.remui %l, %c16 : index
    %gh = arith.divui %g, %c2 : index
    %kbase = arith.muli %gh, %c8 : index
    %gl = arith.remui %g, %c2 : index
    %nbase = arith.muli %gl, %c16 : index
    %jr = arith.divui %j, %c4 : index
    %jq = arith.remui %j, %c4 : index
    %jc = arith.muli %jq, %c4 : index
    %row0 = arith.addi %kbase, %jr : index
    %row1 = arith.addi %row0, %c4 : index
    %col = arith.addi %nbase, %jc : index
    %lo = amdgpu.transpose_load %t[%row0, %col] : memref<16x32xf16, #lds> -> vector<4xf16>
    %hi = amdgpu.transpose_load %t[%row1, %col] : memref<16x32xf16, #lds> -> vector<4xf16>
    %bop = vector.shuffle %lo, %hi [0, 1, 2, 3, 4, 5, 6, 7] : vector<4xf16>, vector<4xf16>
    %zero = arith.constant dense<0.0> : vector<16xf32>
    %dv = amdgpu.mfma 32x32x16 %av * %bop + %zero blgp = none : vector<8xf16>, vector<8xf16>, vector<16xf32>
    vector.store %dv, %d[%l, %c0] : memref<64x16xf32>, vector<16xf32>
    gpu.return
  }
}
