// gfx950's K-doubled MFMAs (32x32x16 and 16x16x32, bf16 and f16) compile for
// gfx950 and are selected one instruction each in the main loop.
// RUN: aiter-compile %s --emit=asm | FileCheck %s --check-prefix=ASM
// RUN: aiter-compile %s --report | FileCheck %s --check-prefix=REPORT
// The same kernel cannot target gfx942, which lacks these instructions.
// RUN: not aiter-compile %s --chip=gfx942 -o %t.hsaco 2>&1 | FileCheck %s --check-prefix=GFX942

// ASM-LABEL: k:
// ASM: [[LOOP:.LBB0_[0-9]+]]:
// ASM-DAG: v_mfma_f32_32x32x16_bf16
// ASM-DAG: v_mfma_f32_16x16x32_f16
// ASM: s_cbranch_{{.*}} [[LOOP]]

// REPORT: "chip":"gfx950"
// REPORT-SAME: "scratch_bytes":0,"spills":0,
// REPORT-SAME: "mfma":2,"mfma_kinds":{"v_mfma_f32_16x16x32_f16":1,"v_mfma_f32_32x32x16_bf16":1},"mfma_cycles":48

// GFX942: error: 'amdgpu.mfma' op no intrinsic matching MFMA size on given chipset
// GFX942: aiter-compile: error: gpu.module @m: 'amdgpu.mfma' at {{.*}}mfma_gfx950.mlir{{.*}} was not lowered to the LLVM dialect (unsupported on gfx942?)

gpu.module @m [#rocdl.target<chip = "gfx950">] {
  gpu.func @k(%a: memref<?xbf16>, %h: memref<?xf16>, %c: memref<?xf32>, %n: index) kernel {
    %tid = gpu.thread_id x
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %c8 = arith.constant 8 : index
    %c16 = arith.constant 16 : index
    %off = arith.muli %tid, %c8 : index
    %av = vector.load %a[%off] : memref<?xbf16>, vector<8xbf16>
    %hv = vector.load %h[%off] : memref<?xf16>, vector<8xf16>
    %z16 = arith.constant dense<0.0> : vector<16xf32>
    %z4 = arith.constant dense<0.0> : vector<4xf32>
    %r:2 = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %z16, %acc2 = %z4) -> (vector<16xf32>, vector<4xf32>) {
      %d = amdgpu.mfma 32x32x16 %av * %av + %acc blgp = none : vector<8xbf16>, vector<8xbf16>, vector<16xf32>
      %e = amdgpu.mfma 16x16x32 %hv * %hv + %acc2 blgp = none : vector<8xf16>, vector<8xf16>, vector<4xf32>
      scf.yield %d, %e : vector<16xf32>, vector<4xf32>
    }
    %off2 = arith.muli %tid, %c16 : index
    vector.store %r#0, %c[%off2] : memref<?xf32>, vector<16xf32>
    %off3 = arith.addi %off2, %c4 : index
    vector.store %r#1, %c[%off3] : memref<?xf32>, vector<4xf32>
    gpu.return
  }
}
