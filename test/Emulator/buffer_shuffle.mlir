// Buffer-resource bounds and cross-lane ops.
// fat_raw_buffer_cast with validBytes = 40 (10 floats) over a 16-float
// buffer: lanes 0..15 load in[t] (t >= 10 reads 0) and store t+100 to out[t]
// (t >= 10 dropped, so out keeps its initial 7); raw_buffer_load bounds are the
// memref extent (16 floats): lanes 16..63 read 0.
// RUN: aiter-run %s --kernel=buf --block=64,1,1 --input=16xf32=5 --input=16xf32=7 --input=64xf32=0 | FileCheck %s --check-prefix=BUF
// RUN: aiter-run %s --kernel=shuf --block=64,1,1 --input=64xi32=0 --input=64xi32=0 --input=64xi32=0 --input=64xi32=0 --input=4xi32=0 --output=0=@%t.xor.npy --output=1=@%t.up.npy --output=2=@%t.down.npy --output=3=@%t.idx.npy --output=4=@%t.red.npy
// RUN: %python %S/Inputs/check_shuffle.py %t

// BUF: result[1]: 16xf32=100 101 102 103 104 105 106 107 108 109 7 7 7 7 7 7
// in-bounds lanes 0..9 read 5 through the fat buffer, 10..63 read 0; the raw
// loads give 5 for lanes 0..15 and 0 after: lane t stores 5 + 5 (t < 10),
// 0 + 5 (10 <= t < 16).
// BUF: result[2]: 64xf32=10 10 10 10 10 10 10 10 10 10 5 5 5 5 5 5 0 0

// raw_buffer_load's sgprOffset counts elements (MLIR scales it to bytes) and
// is added after the range check (the buffer's soffset): over an 8-float
// view of a 16-float argument, lane t loads in[t + 4] when t < 8 -- lanes
// 4..7 past the view's end, as the hardware would -- and 0 for t >= 8.
// RUN: aiter-run %s --kernel=sgpr --block=64,1,1 --input="16xf32=0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15" --input=64xf32=-1 | FileCheck %s --check-prefix=SGPR
// SGPR: result[1]: 64xf32=4 5 6 7 8 9 10 11 0 0 0

gpu.module @m [#rocdl.target<chip = "gfx942">] {
  gpu.func @buf(%in: memref<16xf32>, %out: memref<16xf32>, %sum: memref<64xf32>) kernel {
    %t = gpu.thread_id x
    %c40 = arith.constant 40 : i64
    %fin = amdgpu.fat_raw_buffer_cast %in validBytes(%c40) : memref<16xf32> to memref<16xf32, #amdgpu.address_space<fat_raw_buffer>>
    %fout = amdgpu.fat_raw_buffer_cast %out validBytes(%c40) : memref<16xf32> to memref<16xf32, #amdgpu.address_space<fat_raw_buffer>>
    %x = memref.load %fin[%t] : memref<16xf32, #amdgpu.address_space<fat_raw_buffer>>
    %ti = arith.index_cast %t : index to i32
    %tf = arith.sitofp %ti : i32 to f32
    %c100 = arith.constant 100.0 : f32
    %v = arith.addf %tf, %c100 : f32
    memref.store %v, %fout[%t] : memref<16xf32, #amdgpu.address_space<fat_raw_buffer>>
    %y = amdgpu.raw_buffer_load %in[%ti] : memref<16xf32>, i32 -> f32
    %s = arith.addf %x, %y : f32
    amdgpu.raw_buffer_store %s -> %sum[%ti] : f32 -> memref<64xf32>, i32
    gpu.return
  }
  gpu.func @sgpr(%in: memref<16xf32>, %out: memref<64xf32>) kernel {
    %t = gpu.thread_id x
    %ti = arith.index_cast %t : index to i32
    %view = memref.subview %in[0] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1]>>
    %c4 = arith.constant 4 : i32
    %y = amdgpu.raw_buffer_load %view[%ti] sgprOffset %c4 : memref<8xf32, strided<[1]>>, i32 -> f32
    memref.store %y, %out[%t] : memref<64xf32>
    gpu.return
  }
  gpu.func @shuf(%oxor: memref<64xi32>, %oup: memref<64xi32>, %odown: memref<64xi32>,
                 %oidx: memref<64xi32>, %ored: memref<4xi32>) kernel {
    %t = gpu.thread_id x
    %ti = arith.index_cast %t : index to i32
    %c1 = arith.constant 1 : i32
    %c3 = arith.constant 3 : i32
    %c5 = arith.constant 5 : i32
    %c16 = arith.constant 16 : i32
    %c32 = arith.constant 32 : i32
    %c64 = arith.constant 64 : i32
    %sq = arith.muli %ti, %ti : i32
    %x, %vx = gpu.shuffle xor %sq, %c5, %c64 : i32
    memref.store %x, %oxor[%t] : memref<64xi32>
    %u, %vu = gpu.shuffle up %sq, %c3, %c16 : i32
    %us = arith.select %vu, %u, %c1 : i32
    memref.store %us, %oup[%t] : memref<64xi32>
    %d, %vd = gpu.shuffle down %sq, %c3, %c32 : i32
    %ds = arith.select %vd, %d, %c1 : i32
    memref.store %ds, %odown[%t] : memref<64xi32>
    %src = arith.subi %c64, %c1 : i32
    %j, %vj = gpu.shuffle idx %sq, %src, %c64 : i32
    memref.store %j, %oidx[%t] : memref<64xi32>
    %r = gpu.subgroup_reduce add %ti : (i32) -> i32
    %mx = gpu.subgroup_reduce maxsi %sq : (i32) -> i32
    %cl = gpu.subgroup_reduce add %ti cluster(size = 16) : (i32) -> i32
    %cs = gpu.subgroup_reduce add %ti cluster(size = 4, stride = 16) : (i32) -> i32
    %c0 = arith.constant 0 : index
    %c1i = arith.constant 1 : index
    %c2i = arith.constant 2 : index
    %c3i = arith.constant 3 : index
    %is17 = arith.cmpi eq, %ti, %c16 : i32
    scf.if %is17 {
      memref.store %r, %ored[%c0] : memref<4xi32>
      memref.store %mx, %ored[%c1i] : memref<4xi32>
      memref.store %cl, %ored[%c2i] : memref<4xi32>
      memref.store %cs, %ored[%c3i] : memref<4xi32>
    }
    gpu.return
  }
}
