// A hand-written tiled bf16 GEMM (C = A * Bt^T, 512x512x512, f32 out) for the
// emulator benchmark and the end-to-end GEMM test: 64x64 workgroup tiles, four
// waves each owning a 32x32 quarter, K staged through LDS 32 at a time, and
// amdgpu.mfma 32x32x8 bf16 (gfx942 layouts: A/B lane = row + 32*(k/4)).
// Launch: --grid=8,8,1 --block=256,1,1.

#wg = #gpu.address_space<workgroup>
gpu.module @gemm_module [#rocdl.target<chip = "gfx942">] {
  gpu.func @gemm(%A: memref<512x512xbf16>, %Bt: memref<512x512xbf16>, %C: memref<512x512xf32>)
      workgroup(%la: memref<64x32xbf16, #wg>, %lb: memref<64x32xbf16, #wg>) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c4 = arith.constant 4 : index
    %c8 = arith.constant 8 : index
    %c16 = arith.constant 16 : index
    %c32 = arith.constant 32 : index
    %c64 = arith.constant 64 : index
    %c512 = arith.constant 512 : index
    %tid = gpu.thread_id x
    %bx = gpu.block_id x
    %by = gpu.block_id y
    %bm = arith.muli %bx, %c64 : index
    %bn = arith.muli %by, %c64 : index
    %wave = arith.divui %tid, %c64 : index
    %lane = arith.remui %tid, %c64 : index
    %wr = arith.divui %wave, %c2 : index
    %wc = arith.remui %wave, %c2 : index
    %wm = arith.muli %wr, %c32 : index
    %wn = arith.muli %wc, %c32 : index
    // Copy layout: 256 threads x 8 contiguous bf16 cover a 64x32 tile.
    %row = arith.divui %tid, %c4 : index
    %cq = arith.remui %tid, %c4 : index
    %col = arith.muli %cq, %c8 : index
    %ga = arith.addi %bm, %row : index
    %gb = arith.addi %bn, %row : index
    // MFMA operand coordinates of this lane.
    %li = arith.remui %lane, %c32 : index
    %lg = arith.divui %lane, %c32 : index
    %lk = arith.muli %lg, %c4 : index
    %ar = arith.addi %wm, %li : index
    %br = arith.addi %wn, %li : index
    %zero = arith.constant dense<0.0> : vector<16xf32>
    %acc = scf.for %k0 = %c0 to %c512 step %c32 iter_args(%acc0 = %zero) -> (vector<16xf32>) {
      %gk = arith.addi %k0, %col : index
      %va = vector.load %A[%ga, %gk] : memref<512x512xbf16>, vector<8xbf16>
      %vb = vector.load %Bt[%gb, %gk] : memref<512x512xbf16>, vector<8xbf16>
      vector.store %va, %la[%row, %col] : memref<64x32xbf16, #wg>, vector<8xbf16>
      vector.store %vb, %lb[%row, %col] : memref<64x32xbf16, #wg>, vector<8xbf16>
      gpu.barrier
      %acc2 = scf.for %kk = %c0 to %c32 step %c8 iter_args(%acc1 = %acc0) -> (vector<16xf32>) {
        %kc = arith.addi %kk, %lk : index
        %a = vector.load %la[%ar, %kc] : memref<64x32xbf16, #wg>, vector<4xbf16>
        %b = vector.load %lb[%br, %kc] : memref<64x32xbf16, #wg>, vector<4xbf16>
        %d = amdgpu.mfma 32x32x8 %a * %b + %acc1 blgp = none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
        scf.yield %d : vector<16xf32>
      }
      gpu.barrier
      scf.yield %acc2 : vector<16xf32>
    }
    // D layout: item r holds row 8*(r/4) + 4*(lane/32) + r%4, column lane%32.
    %orow0 = arith.addi %bm, %wm : index
    %ocol = arith.addi %bn, %br : index
    %lrow = arith.muli %lg, %c4 : index
    scf.for %r = %c0 to %c16 step %c1 {
      %r4 = arith.divui %r, %c4 : index
      %r8 = arith.muli %r4, %c8 : index
      %rm = arith.remui %r, %c4 : index
      %i0 = arith.addi %r8, %lrow : index
      %i1 = arith.addi %i0, %rm : index
      %i = arith.addi %orow0, %i1 : index
      %v = vector.extract %acc[%r] : f32 from vector<16xf32>
      memref.store %v, %C[%i, %ocol] : memref<512x512xf32>
    }
    gpu.return
  }
}
