// --stats: instruction classes, uniform (SALU-like) work, global bytes, and
// LDS bank conflicts under the documented model (32 banks on gfx942, 64 on
// gfx950; lanes grouped in phases of banks*4 bytes).
// RUN: aiter-run %s --kernel=strided --block=64,1,1 --input=64xf32=0 --stats | FileCheck %s --check-prefix=S942
// RUN: aiter-run %s --kernel=strided950 --block=64,1,1 --input=64xf32=0 --stats | FileCheck %s --check-prefix=S950
// RUN: aiter-run %s --kernel=private --block=64,1,1 --input=64xf32=0 --stats | FileCheck %s --check-prefix=PRIV

// gfx942, ds_write_b32 + ds_read_b32 at a 128-byte stride: every lane of a
// 32-lane phase hits bank 0 -> 2 phases x 32 cycles each = 64 cycles, 62 of
// them conflicts, per access. The read of lds[0] by all lanes is a broadcast:
// 2 phases, 1 cycle each. Uniform index math (16 * 2) is SALU-like.
// S942: "instructions":{"mfma":0,"valu":2,"salu":1,"lds":3,"global":1,
// S942-SAME: "lds_cycles":130,"lds_bank_conflict_cycles":124,"global_bytes_read":0,"global_bytes_written":256}

// gfx950: one 64-lane phase per b32 access over 64 banks; a stride of 8
// bytes puts 2 distinct dwords on every even bank -> 2 cycles, 1 conflict,
// for the store and for the load.
// S950: "lds_cycles":4,"lds_bank_conflict_cycles":2,

// Private memory (registers or scratch on the hardware) counts one VALU
// instruction per access: index_cast + sitofp and the lane-dependent store
// and load of a private array are 4 VALU (the accesses were once counted
// twice: 6), the global store is 1 global.
// PRIV: "instructions":{"mfma":0,"valu":4,"salu":0,"lds":0,"global":1,

#wg = #gpu.address_space<workgroup>
gpu.module @m [#rocdl.target<chip = "gfx942">] {
  gpu.func @strided(%out: memref<64xf32>) workgroup(%lds: memref<2048xf32, #wg>) kernel {
    %t = gpu.thread_id x
    %c1 = arith.constant 1 : index
    %c16 = arith.constant 16 : index
    %c2x = arith.constant 2 : index
    %c32 = arith.constant 32 : index
    %u = arith.muli %c16, %c2x : index
    %i = arith.muli %t, %c32 : index
    %v = arith.constant 1.0 : f32
    memref.store %v, %lds[%i] : memref<2048xf32, #wg>
    gpu.barrier
    %r = memref.load %lds[%i] : memref<2048xf32, #wg>
    %r0 = memref.load %lds[%u] : memref<2048xf32, #wg>
    %s = arith.addf %r, %r0 : f32
    memref.store %s, %out[%t] : memref<64xf32>
    gpu.return
  }
  gpu.func @private(%out: memref<64xf32>) kernel {
    %t = gpu.thread_id x
    %c0 = arith.constant 0 : index
    %a = memref.alloca() : memref<4xf32, #gpu.address_space<private>>
    %ti = arith.index_cast %t : index to i32
    %v = arith.sitofp %ti : i32 to f32
    memref.store %v, %a[%c0] : memref<4xf32, #gpu.address_space<private>>
    %x = memref.load %a[%c0] : memref<4xf32, #gpu.address_space<private>>
    memref.store %x, %out[%t] : memref<64xf32>
    gpu.return
  }
}
gpu.module @m950 [#rocdl.target<chip = "gfx950">] {
  gpu.func @strided950(%out: memref<64xf32>) workgroup(%lds: memref<2048xf32, #wg>) kernel {
    %t = gpu.thread_id x
    %c2 = arith.constant 2 : index
    %i = arith.muli %t, %c2 : index
    %v = arith.constant 1.0 : f32
    memref.store %v, %lds[%i] : memref<2048xf32, #wg>
    gpu.barrier
    %r = memref.load %lds[%i] : memref<2048xf32, #wg>
    memref.store %r, %out[%t] : memref<64xf32>
    gpu.return
  }
}
