// memref.atomic_rmw on global memory from many workgroups running on several
// host threads, and on LDS from several waves without barriers (atomics do
// not race). Integer sums are order independent, so exact.
// RUN: aiter-run %s --kernel=hist --grid=16,1,1 --block=256,1,1 --input=4xi32=0 --input=1xi32=0 --threads=2 | FileCheck %s

// Every thread adds 1 to bin t % 4: 16*256/4 = 1024 per bin. Each workgroup
// also sums its thread ids in LDS with atomics from 4 waves (0+...+255 =
// 32640), and thread 0 adds that to the global total: 16 * 32640 = 522240.
// CHECK: result[0]: 4xi32=1024 1024 1024 1024
// CHECK: result[1]: 1xi32=522240

#wg = #gpu.address_space<workgroup>
gpu.module @m [#rocdl.target<chip = "gfx942">] {
  gpu.func @hist(%bins: memref<4xi32>, %total: memref<1xi32>)
      workgroup(%acc: memref<1xi32, #wg>) kernel {
    %t = gpu.thread_id x
    %c0 = arith.constant 0 : index
    %c4 = arith.constant 4 : index
    %one = arith.constant 1 : i32
    %zero = arith.constant 0 : i32
    %b = arith.remui %t, %c4 : index
    %old = memref.atomic_rmw addi %one, %bins[%b] : (i32, memref<4xi32>) -> i32
    %first = arith.cmpi eq, %t, %c0 : index
    scf.if %first {
      memref.store %zero, %acc[%c0] : memref<1xi32, #wg>
    }
    gpu.barrier
    %ti = arith.index_cast %t : index to i32
    %o2 = memref.atomic_rmw addi %ti, %acc[%c0] : (i32, memref<1xi32, #wg>) -> i32
    gpu.barrier
    scf.if %first {
      %s = memref.load %acc[%c0] : memref<1xi32, #wg>
      %o3 = memref.atomic_rmw addi %s, %total[%c0] : (i32, memref<1xi32>) -> i32
    }
    gpu.return
  }
}
