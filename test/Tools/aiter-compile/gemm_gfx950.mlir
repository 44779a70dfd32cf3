// GEMM on gfx950 with the default configuration (128x128x64, 4 waves, the
// K-doubled 32x32x16): the main loop holds exactly the 16 MFMAs of one K tile
// (512 cycles), reads MFMA operands with 128-bit LDS reads, its global loads
// are all 128-bit buffer loads, and the kernel needs no scratch.
// RUN: aiter-compile %s --chip=gfx950 --report | FileCheck %s
// RUN: aiter-compile %s --chip=gfx950 --emit=asm | FileCheck %s --check-prefix=ASM

aiter.gemm @nt : bf16 -> bf16 trans_b
aiter.gemm @nn : f16 -> f32

// CHECK: {"name":"nt","chip":"gfx950",
// CHECK-SAME: "lds_bytes":36864,"scratch_bytes":0,"spills":0,
// CHECK-SAME: "mfma":16,"mfma_kinds":{"v_mfma_f32_32x32x16_bf16":16},"mfma_cycles":512,
// CHECK-SAME: "global_loads":8,"global_loads_128":8,
// CHECK: {"name":"nn","chip":"gfx950",
// CHECK-SAME: "scratch_bytes":0,"spills":0,
// CHECK-SAME: "mfma":16,"mfma_kinds":{"v_mfma_f32_32x32x16_f16":16},"mfma_cycles":512,
// CHECK-SAME: "global_loads":8,"global_loads_128":8,

// ASM-LABEL: nt:
// ASM: buffer_load_dwordx4
// ASM: ds_read_b128
// ASM: v_mfma_f32_32x32x16_bf16
// ASM-NOT: scratch_
// ASM-LABEL: nn:
// ASM: v_mfma_f32_32x32x16_f16
// ASM-NOT: scratch_
