// affine.apply/min/max, gpu.global_id, two memref.get_global of one
// workgroup global naming the same LDS, and amdgpu.gather_to_lds (4 bytes per
// lane on gfx942, 16 on gfx950), checked by hand.
// RUN: aiter-run %s --kernel=affine_ids --grid=2,1,1 --block=4,1,1 --input=8xindex=0 | FileCheck %s --check-prefix=AFF
// RUN: %python -c "import numpy; numpy.save('%t.iota.npy', numpy.arange(128, dtype=numpy.int32))"
// RUN: aiter-run %s --kernel=gather4 --block=64,1,1 --input=128xi32=@%t.iota.npy --input=64xi32=0 | FileCheck %s --check-prefix=G4
// RUN: aiter-run %s --kernel=permlane --block=64,1,1 --input=64xi32=0 --input=64xi32=0 | FileCheck %s --check-prefix=PERM
// RUN: aiter-run %s --kernel=gather16 --block=64,1,1 --input=128xi32=@%t.iota.npy --input=64xi32=0 | FileCheck %s --check-prefix=G16

// Thread (b, t): g = 4b + t; out[g] = min(g * 3 mod 5, 3) + max(g floordiv 2, 1)
// g: 0..7 -> 3g mod 5 = 0 3 1 4 2 0 3 1, min 3 -> 0 3 1 3 2 0 3 1;
// max(g floordiv 2, 1) = 1 1 1 1 2 2 3 3.
// AFF: result[0]: 8xindex=1 4 2 4 4 2 6 4

// Lane t loads in[2t] (value 2t) and the wave writes lane t's value to LDS
// slot t; lane t then reads slot 63 - t through the aliasing get_global.
// G4: result[1]: 64xi32=126 124 122
// G4-SAME: 4 2 0{{$}}

// 16 bytes per lane: lane t loads in[4t .. 4t+3] for t < 32 (lanes >= 32
// are inactive); LDS holds in[0..127] in order; lane t reads slot 2t + 1.
// G16: result[1]: 64xi32=1 3 5 7
// G16-SAME: 123 125 127{{$}}

// permlane_swap 16 swaps odd and even rows of 16 lanes (lane t gets t ^ 16);
// 32 swaps the two halves of the wave (t ^ 32).
// PERM: result[0]: 64xi32=16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 48 49
// PERM: result[1]: 64xi32=32 33 34 {{.*}} 62 63 0 1 2 {{.*}} 30 31{{$}}

#wg = #gpu.address_space<workgroup>
gpu.module @m [#rocdl.target<chip = "gfx942">] {
  memref.global "private" @shared : memref<64xi32, #wg>
  gpu.func @affine_ids(%out: memref<8xindex>) kernel {
    %g = gpu.global_id x
    %a = affine.min affine_map<(d0) -> ((d0 * 3) mod 5, 3)>(%g)
    %b = affine.max affine_map<(d0)[s0] -> (d0 floordiv 2, s0)>(%g)[%a]
    %c1 = arith.constant 1 : index
    %bb = affine.max affine_map<(d0) -> (d0 floordiv 2, 1)>(%g)
    %s = affine.apply affine_map<(d0, d1) -> (d0 + d1)>(%a, %bb)
    memref.store %s, %out[%g] : memref<8xindex>
    gpu.return
  }
  gpu.func @gather4(%in: memref<128xi32>, %out: memref<64xi32>) kernel {
    %t = gpu.thread_id x
    %c0 = arith.constant 0 : index
    %c2 = arith.constant 2 : index
    %c63 = arith.constant 63 : index
    %lds = memref.get_global @shared : memref<64xi32, #wg>
    %i = arith.muli %t, %c2 : index
    amdgpu.gather_to_lds %in[%i], %lds[%c0] : i32, memref<128xi32>, memref<64xi32, #wg>
    gpu.barrier
    %lds2 = memref.get_global @shared : memref<64xi32, #wg>
    %j = arith.subi %c63, %t : index
    %v = memref.load %lds2[%j] : memref<64xi32, #wg>
    memref.store %v, %out[%t] : memref<64xi32>
    gpu.return
  }
}
gpu.module @m950 [#rocdl.target<chip = "gfx950">] {
  gpu.func @gather16(%in: memref<128xi32>, %out: memref<64xi32>)
      workgroup(%lds: memref<128xi32, #wg>) kernel {
    %t = gpu.thread_id x
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c4 = arith.constant 4 : index
    %c32 = arith.constant 32 : index
    %lo = arith.cmpi ult, %t, %c32 : index
    scf.if %lo {
      %i = arith.muli %t, %c4 : index
      amdgpu.gather_to_lds %in[%i], %lds[%c0] : vector<4xi32>, memref<128xi32>, memref<128xi32, #wg>
    }
    gpu.barrier
    %j0 = arith.muli %t, %c2 : index
    %j = arith.addi %j0, %c1 : index
    %v = memref.load %lds[%j] : memref<128xi32, #wg>
    memref.store %v, %out[%t] : memref<64xi32>
    gpu.return
  }
  gpu.func @permlane(%o16: memref<64xi32>, %o32: memref<64xi32>) kernel {
    %t = gpu.thread_id x
    %ti = arith.index_cast %t : index to i32
    %a = amdgpu.permlane_swap %ti 16 : i32
    memref.store %a, %o16[%t] : memref<64xi32>
    %b = amdgpu.permlane_swap %ti 32 : i32
    memref.store %b, %o32[%t] : memref<64xi32>
    gpu.return
  }
}
