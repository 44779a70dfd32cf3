// memref.view of an LDS byte pool (how the tile compiler shares one LDS
// allocation among conversions of every element type): an f32 view at byte
// 0 and an i16 view at byte 256 of one workgroup attribution. Thread t
// writes t as f32 and as i16 (t + 1000), then reads its neighbour's values
// back; the f32 bytes of lane 1 reinterpreted through an i32 view show the
// two views share storage. Error cases: a byte shift that is not a multiple
// of the element size, and a dynamic byte shift.
// RUN: aiter-run %s --kernel=views --block=64,1,1 --input=64xf32=0 --input=64xi16=0 --input=1xi32=0 | FileCheck %s
// CHECK: result[0]: 64xf32=1 2 3
// CHECK: result[1]: 64xi16=1001 1002 1003
// CHECK: result[2]: 1xi32=1065353216
// RUN: not aiter-run %s --kernel=misaligned --block=64,1,1 --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=MIS
// MIS: error: memref.view's byte shift is not a multiple of the result's element size
// RUN: not aiter-run %s --kernel=dynamic --block=64,1,1 --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=DYN
// DYN: error: memref.view needs a constant byte shift

gpu.module @m [#rocdl.target<chip = "gfx942">] {
  gpu.func @views(%f: memref<64xf32>, %h: memref<64xi16>, %bits: memref<1xi32>)
      workgroup(%pool : memref<512xi8, #gpu.address_space<workgroup>>) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %c64 = arith.constant 64 : index
    %c256 = arith.constant 256 : index
    %vf = memref.view %pool[%c0][] : memref<512xi8, #gpu.address_space<workgroup>> to memref<64xf32, #gpu.address_space<workgroup>>
    %vh = memref.view %pool[%c256][] : memref<512xi8, #gpu.address_space<workgroup>> to memref<64xi16, #gpu.address_space<workgroup>>
    %vi = memref.view %pool[%c4][] : memref<512xi8, #gpu.address_space<workgroup>> to memref<1xi32, #gpu.address_space<workgroup>>
    %t = gpu.thread_id x
    %ti = arith.index_cast %t : index to i32
    %tf = arith.sitofp %ti : i32 to f32
    memref.store %tf, %vf[%t] : memref<64xf32, #gpu.address_space<workgroup>>
    %t16 = arith.trunci %ti : i32 to i16
    %k = arith.constant 1000 : i16
    %th = arith.addi %t16, %k : i16
    memref.store %th, %vh[%t] : memref<64xi16, #gpu.address_space<workgroup>>
    gpu.barrier
    %n = arith.addi %t, %c1 : index
    %nn = arith.remui %n, %c64 : index
    %xf = memref.load %vf[%nn] : memref<64xf32, #gpu.address_space<workgroup>>
    memref.store %xf, %f[%t] : memref<64xf32>
    %xh = memref.load %vh[%nn] : memref<64xi16, #gpu.address_space<workgroup>>
    memref.store %xh, %h[%t] : memref<64xi16>
    %first = arith.cmpi eq, %t, %c0 : index
    scf.if %first {
      %b = memref.load %vi[%c0] : memref<1xi32, #gpu.address_space<workgroup>>
      memref.store %b, %bits[%c0] : memref<1xi32>
    }
    gpu.return
  }
  gpu.func @misaligned(%f: memref<64xf32>)
      workgroup(%pool : memref<512xi8, #gpu.address_space<workgroup>>) kernel {
    %c2 = arith.constant 2 : index
    %v = memref.view %pool[%c2][] : memref<512xi8, #gpu.address_space<workgroup>> to memref<64xf32, #gpu.address_space<workgroup>>
    gpu.return
  }
  gpu.func @dynamic(%f: memref<64xf32>)
      workgroup(%pool : memref<512xi8, #gpu.address_space<workgroup>>) kernel {
    %t = gpu.thread_id x
    %v = memref.view %pool[%t][] : memref<512xi8, #gpu.address_space<workgroup>> to memref<64xf32, #gpu.address_space<workgroup>>
    gpu.return
  }
}
