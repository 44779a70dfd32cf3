// Planted bugs: each kernel has one defect the emulator must report with the
// op's location and a non-zero exit status.
// RUN: not aiter-run %s --kernel=global_oob --block=64,1,1 --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=GOOB
// RUN: not aiter-run %s --kernel=lds_oob --block=64,1,1 --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=LOOB
// RUN: not aiter-run %s --kernel=lds_race --block=128,1,1 --input=128xf32=0 2>&1 | FileCheck %s --check-prefix=RACE
// RUN: not aiter-run %s --kernel=lds_war --block=128,1,1 --input=128xf32=0 2>&1 | FileCheck %s --check-prefix=WAR
// RUN: not aiter-run %s --kernel=lds_race_order --block=128,1,1 --input=128xf32=0 2>&1 | FileCheck %s --check-prefix=ORDER
// RUN: not aiter-run %s --kernel=lds_uninit --block=64,1,1 --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=UNINIT
// RUN: not aiter-run %s --kernel=partial_barrier --block=64,1,1 --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=PBAR
// RUN: not aiter-run %s --kernel=partial_mfma --block=64,1,1 --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=PMFMA
// RUN: not aiter-run %s --kernel=deadlock --block=128,1,1 --input=128xf32=0 2>&1 | FileCheck %s --check-prefix=DEAD
// RUN: not aiter-run %s --kernel=unsupported --block=64,1,1 --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=UNSUP
// RUN: not aiter-run %s --kernel=global_oob --block=64,1,1 --input=32xf32=0 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: not aiter-run %s --kernel=global_oob --block=64,1,1 --input=64xf16=0 2>&1 | FileCheck %s --check-prefix=ETYPE
// RUN: not aiter-run %s --kernel=global_oob --block=64,1,1 2>&1 | FileCheck %s --check-prefix=NARGS
// RUN: not aiter-run %s --kernel=nope --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=NOKERNEL
// RUN: not aiter-run %s --kernel=global_oob --block=64,0 --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=BLOCK
// RUN: not aiter-run %s --kernel=global_oob --grid=x --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=GRID
// RUN: not aiter-run %s --kernel=global_oob --device=hip --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=HIP
// RUN: not aiter-run %s --kernel=kdoubled --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=KDOUBLE
// RUN: not aiter-run %s --kernel=ocp_fp8 --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=OCP
// RUN: not aiter-run %s --kernel=permlane --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=PERMLANE
// RUN: not aiter-run %s --kernel=forever --max-wave-instructions=10000 --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=FOREVER
// RUN: not aiter-run %s --kernel=notarget --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=NOTARGET
// RUN: not aiter-run %s --kernel=helper --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=NOTKERNEL
// RUN: not aiter-run %s --kernel=unmodelled_mfma --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=UNMODELLED
// RUN: not aiter-run %s --kernel=div0 --block=64,1,1 --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=DIV0
// RUN: not aiter-run %s --kernel=tr_gfx942 --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=TR942
// RUN: not aiter-run %s --kernel=tr_shape --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=TRSHAPE
// RUN: not aiter-run %s --kernel=tr_partial --block=64,1,1 --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=TRPART
// RUN: not aiter-run %s --kernel=oldchip --input=64xf32=0 2>&1 | FileCheck %s --check-prefix=OLDCHIP
// RUN: not aiter-run %s --kernel=sgpr_oob --block=64,1,1 --input=16xf32=0 2>&1 | FileCheck %s --check-prefix=SGPROOB

// SHAPE: error: argument #0 (memref<64xf32>): dimension 0 is 64, the input has 32
// ETYPE: error: argument #0 (memref<64xf32>): element type f16 does not match
// NARGS: error: kernel takes 1 arguments, 0 given
// NOKERNEL: error: no gpu.func named 'nope' in the input
// BLOCK: error: bad --block '64,0': component Y is '0'; each of X,Y,Z must be an integer >= 1
// GRID: error: bad --grid 'x': component X is 'x'; each of X,Y,Z must be an integer >= 1
// HIP: error: --device=hip is not available in this build yet

gpu.module @m [#rocdl.target<chip = "gfx942">] {
  // Lane 63 stores one element past the end.
  gpu.func @global_oob(%out: memref<64xf32>) kernel {
    %t = gpu.thread_id x
    %c1 = arith.constant 1 : index
    %i = arith.addi %t, %c1 : index
    %v = arith.constant 1.0 : f32
    // GOOB: errors.mlir:[[@LINE+1]]:5: error: global out-of-bounds store: byte offset 256 of argument #0 (256 bytes) by lane 63 of wave 0, workgroup (0,0,0) ('memref.store')
    memref.store %v, %out[%i] : memref<64xf32>
    gpu.return
  }
  // Same defect against a 64-element LDS buffer.
  gpu.func @lds_oob(%out: memref<64xf32>)
      workgroup(%lds: memref<64xf32, #gpu.address_space<workgroup>>) kernel {
    %t = gpu.thread_id x
    %c1 = arith.constant 1 : index
    %i = arith.addi %t, %c1 : index
    %v = arith.constant 1.0 : f32
    // LOOB: errors.mlir:[[@LINE+1]]:5: error: LDS out-of-bounds store: byte offset 256 of LDS allocation (256 bytes) by lane 63 of wave 0
    memref.store %v, %lds[%i] : memref<64xf32, #gpu.address_space<workgroup>>
    gpu.return
  }
  // Wave 1 reads what wave 0 wrote, with the barrier missing.
  gpu.func @lds_race(%out: memref<128xf32>)
      workgroup(%lds: memref<128xf32, #gpu.address_space<workgroup>>) kernel {
    %t = gpu.thread_id x
    %c64 = arith.constant 64 : index
    %v = arith.constant 1.0 : f32
    memref.store %v, %lds[%t] : memref<128xf32, #gpu.address_space<workgroup>>
    %i = arith.remui %t, %c64 : index
    // RACE: errors.mlir:[[@LINE+1]]:10: error: LDS data race: lane 0 of wave 1, workgroup (0,0,0) reads LDS byte 0 written by wave 0 with no barrier in between ('memref.load')
    %r = memref.load %lds[%i] : memref<128xf32, #gpu.address_space<workgroup>>
    memref.store %r, %out[%t] : memref<128xf32>
    gpu.return
  }
  // Each wave reads the half the other wave writes, with no barrier: wave 0
  // runs first and reads bytes nobody wrote yet, then writes its half; wave 1
  // reading that half is the race reported (not an uninitialised read).
  gpu.func @lds_race_order(%out: memref<128xf32>)
      workgroup(%lds: memref<128xf32, #gpu.address_space<workgroup>>) kernel {
    %t = gpu.thread_id x
    %c64 = arith.constant 64 : index
    %c128 = arith.constant 128 : index
    %v = arith.constant 1.0 : f32
    %s = arith.addi %t, %c64 : index
    %i = arith.remui %s, %c128 : index
    // ORDER: errors.mlir:[[@LINE+1]]:10: error: LDS data race: lane 0 of wave 1, workgroup (0,0,0) reads LDS byte 0 written by wave 0 with no barrier in between ('memref.load')
    %r = memref.load %lds[%i] : memref<128xf32, #gpu.address_space<workgroup>>
    memref.store %v, %lds[%t] : memref<128xf32, #gpu.address_space<workgroup>>
    memref.store %r, %out[%t] : memref<128xf32>
    gpu.return
  }
  // Write-after-read: wave 1 overwrites slots wave 0 read since the barrier.
  gpu.func @lds_war(%out: memref<128xf32>)
      workgroup(%lds: memref<128xf32, #gpu.address_space<workgroup>>) kernel {
    %t = gpu.thread_id x
    %c1 = arith.constant 1 : index
    %c64 = arith.constant 64 : index
    %c128 = arith.constant 128 : index
    %v = arith.constant 1.0 : f32
    memref.store %v, %lds[%t] : memref<128xf32, #gpu.address_space<workgroup>>
    gpu.barrier
    %s = arith.addi %t, %c64 : index
    %i = arith.remui %s, %c128 : index
    %r = memref.load %lds[%i] : memref<128xf32, #gpu.address_space<workgroup>>
    %w = gpu.subgroup_id : index
    %second = arith.cmpi eq, %w, %c1 : index
    scf.if %second {
      // WAR: errors.mlir:[[@LINE+1]]:7: error: LDS data race: lane 0 of wave 1, workgroup (0,0,0) writes LDS byte 256 read by wave 0 with no barrier in between ('memref.store')
      memref.store %r, %lds[%t] : memref<128xf32, #gpu.address_space<workgroup>>
    }
    gpu.return
  }
  // Reads slot t+1 of an LDS buffer nobody wrote: lane 0 touches byte 4.
  gpu.func @lds_uninit(%out: memref<64xf32>)
      workgroup(%lds: memref<65xf32, #gpu.address_space<workgroup>>) kernel {
    %t = gpu.thread_id x
    %c1 = arith.constant 1 : index
    %i = arith.addi %t, %c1 : index
    // UNINIT: errors.mlir:[[@LINE+1]]:10: error: read of uninitialised LDS byte 4 by lane 0 of wave 0, workgroup (0,0,0) ('memref.load')
    %r = memref.load %lds[%i] : memref<65xf32, #gpu.address_space<workgroup>>
    memref.store %r, %out[%t] : memref<64xf32>
    gpu.return
  }
  // A barrier inside a branch only half the wave takes.
  gpu.func @partial_barrier(%out: memref<64xf32>) kernel {
    %t = gpu.thread_id x
    %c32 = arith.constant 32 : index
    %lo = arith.cmpi ult, %t, %c32 : index
    scf.if %lo {
// PBAR: errors.mlir:[[@LINE+1]]:7: error: barrier under a partial exec mask 0x00000000ffffffff (wave 0, workgroup (0,0,0)) ('gpu.barrier')
      gpu.barrier
    }
    gpu.return
  }
  // An MFMA inside a branch taken by 16 lanes.
  gpu.func @partial_mfma(%out: memref<64xf32>) kernel {
    %t = gpu.thread_id x
    %c16 = arith.constant 16 : index
    %lo = arith.cmpi ult, %t, %c16 : index
    %a = arith.constant dense<1.0> : vector<4xf16>
    %c = arith.constant dense<0.0> : vector<4xf32>
    scf.if %lo {
      // PMFMA: errors.mlir:[[@LINE+1]]:12: error: mfma under a partial exec mask 0x000000000000ffff (wave 0, workgroup (0,0,0)) ('amdgpu.mfma')
      %d = amdgpu.mfma 16x16x16 %a * %a + %c blgp = none : vector<4xf16>, vector<4xf16>, vector<4xf32>
    }
    gpu.return
  }
  // Wave 1 returns early; wave 0 waits at a barrier forever.
  gpu.func @deadlock(%out: memref<128xf32>) kernel {
    %w = gpu.subgroup_id : index
    %c0 = arith.constant 0 : index
    %first = arith.cmpi eq, %w, %c0 : index
    scf.if %first {
// DEAD: errors.mlir:[[@LINE+1]]:7: error: barrier deadlock: wave 0 waits at this barrier but wave 1 has finished (workgroup (0,0,0)) ('gpu.barrier')
      gpu.barrier
    }
    gpu.return
  }
  gpu.func @unsupported(%out: memref<64xf32>) kernel {
    %c2 = arith.constant 2 : i32
    // UNSUP: errors.mlir:[[@LINE+1]]:10: error: unsupported op in the emulator ('math.ipowi')
    %p = math.ipowi %c2, %c2 : i32
    gpu.return
  }
  gpu.func @div0(%out: memref<64xf32>) kernel {
    %t = gpu.thread_id x
    %ti = arith.index_cast %t : index to i32
    %c0 = arith.constant 0 : i32
    // DIV0: errors.mlir:[[@LINE+1]]:10: error: integer division by zero ('arith.divsi')
    %q = arith.divsi %ti, %c0 : i32
    gpu.return
  }
  // gfx950-only instructions on a gfx942 target.
  gpu.func @kdoubled(%out: memref<64xf32>) kernel {
    %a = arith.constant dense<1.0> : vector<8xbf16>
    %c = arith.constant dense<0.0> : vector<16xf32>
    // KDOUBLE: errors.mlir:[[@LINE+1]]:10: error: mfma 32x32x16 with bf16 operands needs gfx950 (the target is gfx942) ('amdgpu.mfma')
    %d = amdgpu.mfma 32x32x16 %a * %a + %c blgp = none : vector<8xbf16>, vector<8xbf16>, vector<16xf32>
    gpu.return
  }
  gpu.func @ocp_fp8(%out: memref<64xf32>) kernel {
    %a = arith.constant dense<1.0> : vector<8xf8E4M3FN>
    %c = arith.constant dense<0.0> : vector<4xf32>
    // OCP: errors.mlir:[[@LINE+1]]:10: error: fp8 type f8E4M3FN is not the fp8 format of gfx942 ('amdgpu.mfma')
    %d = amdgpu.mfma 16x16x32 %a * %a + %c blgp = none : vector<8xf8E4M3FN>, vector<8xf8E4M3FN>, vector<4xf32>
    gpu.return
  }
  // A shape/type combination whose layout the emulator does not model.
  gpu.func @unmodelled_mfma(%out: memref<64xf32>) kernel {
    %a = arith.constant dense<1.0> : vector<2xbf16>
    %c = arith.constant dense<0.0> : vector<16xf32>
    // UNMODELLED: errors.mlir:[[@LINE+1]]:10: error: mfma 32x32x4 (blocks 1) with bf16 x bf16 operands is not modelled by the emulator ('amdgpu.mfma')
    %d = amdgpu.mfma 32x32x4 %a * %a + %c blgp = none : vector<2xbf16>, vector<2xbf16>, vector<16xf32>
    gpu.return
  }
  // The SGPR offset is not range-checked: lane 8 passes the check (8 < 16)
  // and reads 8 floats further, past the argument.
  gpu.func @sgpr_oob(%in: memref<16xf32>) kernel {
    %t = gpu.thread_id x
    %ti = arith.index_cast %t : index to i32
    %c8 = arith.constant 8 : i32
    // SGPROOB: errors.mlir:[[@LINE+1]]:10: error: global out-of-bounds load: byte offset 64 of argument #0 (64 bytes) by lane 8 of wave 0, workgroup (0,0,0) ('amdgpu.raw_buffer_load')
    %y = amdgpu.raw_buffer_load %in[%ti] sgprOffset %c8 : memref<16xf32>, i32 -> f32
    gpu.return
  }
  // LDS transpose reads are CDNA4 (gfx950) instructions.
  gpu.func @tr_gfx942(%out: memref<64xf32>) workgroup(%lds : memref<64xf16, #gpu.address_space<workgroup>>) kernel {
    %c0 = arith.constant 0 : index
    // TR942: errors.mlir:[[@LINE+1]]:10: error: amdgpu.transpose_load (ds_read_b64_tr_b*) needs a chip with LDS transpose reads (gfx950), the target is gfx942 ('amdgpu.transpose_load')
    %v = amdgpu.transpose_load %lds[%c0] : memref<64xf16, #gpu.address_space<workgroup>> -> vector<4xf16>
    gpu.return
  }
  gpu.func @permlane(%out: memref<64xf32>) kernel {
    %a = arith.constant 1.0 : f32
    // PERMLANE: errors.mlir:[[@LINE+1]]:10: error: amdgpu.permlane_swap needs a chip with v_permlane{16,32}_swap (gfx950), the target is gfx942 ('amdgpu.permlane_swap')
    %p = amdgpu.permlane_swap %a 16 : f32
    gpu.return
  }
  // A loop whose condition never becomes false.
  gpu.func @forever(%out: memref<64xf32>) kernel {
    %c0 = arith.constant 0 : i32
    %r = scf.while (%i = %c0) : (i32) -> i32 {
      %t = arith.constant true
      scf.condition(%t) %i : i32
    } do {
    ^bb0(%i: i32):
      // FOREVER: errors.mlir:[[@LINE+1]]:12: error: wave 0 of workgroup (0,0,0) exceeded 10000 instructions (a loop that never ends?)
      %n = arith.addi %i, %c0 : i32
      scf.yield %n : i32
    }
    gpu.return
  }
}
// NOTARGET: errors.mlir:[[@LINE+1]]:1: error: the gpu.module has no #rocdl.target<chip = ...>: the emulator needs to know the chip (gfx942 or gfx950) ('gpu.module')
gpu.module @plain {
  gpu.func @notarget(%out: memref<64xf32>) kernel {
    gpu.return
  }
  // NOTKERNEL: errors.mlir:[[@LINE+1]]:3: error: 'helper' is not a kernel ('gpu.func')
  gpu.func @helper(%out: memref<64xf32>) {
    gpu.return
  }
}

gpu.module @cdna4 [#rocdl.target<chip = "gfx950">] {
  // 6-bit (ds_read_b96_tr_b6) and 4-bit transposes are not modelled.
  gpu.func @tr_shape(%out: memref<64xf32>) workgroup(%lds : memref<64xi8, #gpu.address_space<workgroup>>) kernel {
    %c0 = arith.constant 0 : index
    // TRSHAPE: errors.mlir:[[@LINE+1]]:10: error: amdgpu.transpose_load of vector<16xi4> from i8 is not modelled by the emulator; modelled: 4 x 16-bit (ds_read_b64_tr_b16) and 8 x 8-bit (ds_read_b64_tr_b8) of the memref's element type ('amdgpu.transpose_load')
    %v = amdgpu.transpose_load %lds[%c0] : memref<64xi8, #gpu.address_space<workgroup>> -> vector<16xi4>
    gpu.return
  }
  // Lanes 8-15 skip the transpose read that lanes 0-7 of their group issue.
  gpu.func @tr_partial(%out: memref<64xf32>) workgroup(%lds : memref<256xf16, #gpu.address_space<workgroup>>) kernel {
    %t = gpu.thread_id x
    %c4 = arith.constant 4 : index
    %c8 = arith.constant 8 : index
    %z = arith.constant 0.0 : f16
    %a = arith.muli %t, %c4 : index
    %zv = vector.broadcast %z : f16 to vector<4xf16>
    vector.store %zv, %lds[%a] : memref<256xf16, #gpu.address_space<workgroup>>, vector<4xf16>
    gpu.barrier
    %low = arith.cmpi ult, %t, %c8 : index
    scf.if %low {
      // TRPART: errors.mlir:[[@LINE+1]]:12: error: transpose_load under a partial exec mask 0x00000000000000ff: the 16 lanes of a group exchange data, so each group must be all active or all inactive (wave 0, workgroup (0,0,0)) ('amdgpu.transpose_load')
      %v = amdgpu.transpose_load %lds[%a] : memref<256xf16, #gpu.address_space<workgroup>> -> vector<4xf16>
    }
    gpu.return
  }
}

// OLDCHIP: errors.mlir:[[@LINE+1]]:1: error: unknown chip 'gfx90a' (from target id 'gfx90a'); supported chips: gfx942, gfx950 ('gpu.module')
gpu.module @cdna2 [#rocdl.target<chip = "gfx90a">] {
  gpu.func @oldchip(%out: memref<64xf32>) kernel {
    gpu.return
  }
}
