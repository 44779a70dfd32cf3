// Workgroup memory shared across the 4 waves of a workgroup: every thread
// writes its value, barrier, then reads the mirrored slot written by another
// wave. Both a workgroup attribution and a memref.alloc in workgroup space,
// and both barrier spellings; two workgroups so block_id matters.
// RUN: aiter-run %s --kernel=mirror --grid=2,1,1 --block=256,1,1 --input=512xi32=0 | FileCheck %s
// RUN: aiter-run %s --kernel=mirror_alloc --block=16,16,1 --input=256xi32=0 --stats | FileCheck %s --check-prefix=ALLOC

// out[b*256 + t] = 1000*b + (255 - t)
// CHECK: result[0]: 512xi32=255 254 253
// CHECK-SAME: 1 0 1255 1254
// CHECK-SAME: 1001 1000{{$}}

// 2-D block: t = y*16 + x; out[t] = 255 - t.
// ALLOC: result[0]: 256xi32=255 254 253 {{.*}} 2 1 0{{$}}
// ALLOC: "waves":4
// ALLOC-SAME: "lds":8

gpu.module @m [#rocdl.target<chip = "gfx950">] {
  gpu.func @mirror(%out: memref<512xi32>)
      workgroup(%lds: memref<256xi32, #gpu.address_space<workgroup>>) kernel {
    %t = gpu.thread_id x
    %b = gpu.block_id x
    %c255 = arith.constant 255 : index
    %c256 = arith.constant 256 : index
    %c1000 = arith.constant 1000 : index
    %bb = arith.muli %b, %c1000 : index
    %v = arith.addi %bb, %t : index
    %vi = arith.index_cast %v : index to i32
    memref.store %vi, %lds[%t] : memref<256xi32, #gpu.address_space<workgroup>>
    gpu.barrier
    %m = arith.subi %c255, %t : index
    %r = memref.load %lds[%m] : memref<256xi32, #gpu.address_space<workgroup>>
    %base = arith.muli %b, %c256 : index
    %o = arith.addi %base, %t : index
    memref.store %r, %out[%o] : memref<512xi32>
    gpu.return
  }
  gpu.func @mirror_alloc(%out: memref<256xi32>) kernel {
    %x = gpu.thread_id x
    %y = gpu.thread_id y
    %c16 = arith.constant 16 : index
    %c255 = arith.constant 255 : index
    %yy = arith.muli %y, %c16 : index
    %t = arith.addi %yy, %x : index
    %lds = memref.alloc() : memref<16x16xi32, #gpu.address_space<workgroup>>
    %ti = arith.index_cast %t : index to i32
    memref.store %ti, %lds[%y, %x] : memref<16x16xi32, #gpu.address_space<workgroup>>
    amdgpu.lds_barrier
    %m = arith.subi %c255, %t : index
    %flat = memref.collapse_shape %lds [[0, 1]] : memref<16x16xi32, #gpu.address_space<workgroup>> into memref<256xi32, #gpu.address_space<workgroup>>
    %r = memref.load %flat[%m] : memref<256xi32, #gpu.address_space<workgroup>>
    memref.store %r, %out[%t] : memref<256xi32>
    gpu.return
  }
}
