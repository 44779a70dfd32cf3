// A gfx942 SIMT kernel with both preferred MFMA shapes of the chip compiles
// in process to a code object v5; the main loop holds exactly those MFMAs and
// the kernel needs no scratch.
// RUN: aiter-compile %s --emit=asm | FileCheck %s --check-prefix=ASM
// RUN: aiter-compile %s --report | FileCheck %s --check-prefix=REPORT
// RUN: aiter-compile %s -o %t.hsaco && llvm-readelf --notes %t.hsaco | FileCheck %s --check-prefix=NOTES

// ASM-LABEL: k:
// ASM: [[LOOP:.LBB0_[0-9]+]]:
// ASM-DAG: v_mfma_f32_32x32x8_bf16
// ASM-DAG: v_mfma_f32_16x16x16_f16
// ASM: s_cbranch_{{.*}} [[LOOP]]
// ASM-NOT: scratch_

// REPORT: {"name":"k","chip":"gfx942","vgpr":{{[0-9]+}},"agpr":{{[0-9]+}},"sgpr":{{[0-9]+}},"lds_bytes":0,"scratch_bytes":0,"spills":0,"occupancy":{{[1-8]}},"main_loop":{
// REPORT-SAME: "mfma":2,"mfma_kinds":{"v_mfma_f32_16x16x16_f16":1,"v_mfma_f32_32x32x8_bf16":1},"mfma_cycles":48

// NOTES: amdhsa.target: amdgcn-amd-amdhsa--gfx942
// NOTES: amdhsa.version:
// NOTES-NEXT: - 1
// NOTES-NEXT: - 2

gpu.module @m [#rocdl.target<chip = "gfx942">] {
  gpu.func @k(%a: memref<?xbf16>, %h: memref<?xf16>, %c: memref<?xf32>, %n: index) kernel {
    %tid = gpu.thread_id x
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %c16 = arith.constant 16 : index
    %off = arith.muli %tid, %c4 : index
    %av = vector.load %a[%off] : memref<?xbf16>, vector<4xbf16>
    %hv = vector.load %h[%off] : memref<?xf16>, vector<4xf16>
    %z16 = arith.constant dense<0.0> : vector<16xf32>
    %z4 = arith.constant dense<0.0> : vector<4xf32>
    %r:2 = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %z16, %acc2 = %z4) -> (vector<16xf32>, vector<4xf32>) {
      %d = amdgpu.mfma 32x32x8 %av * %av + %acc blgp = none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
      %e = amdgpu.mfma 16x16x16 %hv * %hv + %acc2 blgp = none : vector<4xf16>, vector<4xf16>, vector<4xf32>
      scf.yield %d, %e : vector<16xf32>, vector<4xf32>
    }
    %off2 = arith.muli %tid, %c16 : index
    vector.store %r#0, %c[%off2] : memref<?xf32>, vector<16xf32>
    %off3 = arith.addi %off2, %c4 : index
    vector.store %r#1, %c[%off3] : memref<?xf32>, vector<4xf32>
    gpu.return
  }
}
