// GEMM on gfx942 with the default configuration (128x128x64, 4 waves,
// 32x32x8): the main loop holds exactly the 32 MFMAs of one K tile
// (1024 cycles), its global loads are all 128-bit buffer loads, and the
// kernel needs no scratch. NT (B stored N x K) keeps both operands
// K-contiguous; NN transposes B on its way into LDS.
// RUN: aiter-compile %s --chip=gfx942 --report | FileCheck %s
// RUN: aiter-compile %s --chip=gfx942 --emit=asm | FileCheck %s --check-prefix=ASM
// RUN: aiter-compile %s --chip=gfx942 --config=mfma=16x16x16 --report | FileCheck %s --check-prefix=MFMA16

aiter.gemm @nt : bf16 -> bf16 trans_b
aiter.gemm @nn : f16 -> f32

// CHECK: {"name":"nt","chip":"gfx942",
// CHECK-SAME: "lds_bytes":34816,"scratch_bytes":0,"spills":0,
// CHECK-SAME: "mfma":32,"mfma_kinds":{"v_mfma_f32_32x32x8_bf16":32},"mfma_cycles":1024,
// CHECK-SAME: "global_loads":8,"global_loads_128":8,
// CHECK: {"name":"nn","chip":"gfx942",
// CHECK-SAME: "scratch_bytes":0,"spills":0,
// CHECK-SAME: "mfma":32,"mfma_kinds":{"v_mfma_f32_32x32x8_f16":32},"mfma_cycles":1024,
// CHECK-SAME: "global_loads":8,"global_loads_128":8,

// ASM-LABEL: nt:
// ASM: buffer_load_dwordx4
// ASM: v_mfma_f32_32x32x8_bf16
// ASM-NOT: scratch_
// ASM-NOT: buffer_store_dword {{.*}} offen offset:{{.*}} ; 4-byte Folded Spill
// ASM-LABEL: nn:
// ASM: v_mfma_f32_32x32x8_f16
// ASM-NOT: scratch_

// MFMA16: {"name":"nt",
// MFMA16-SAME: "spills":0,
// MFMA16-SAME: "mfma":64,"mfma_kinds":{"v_mfma_f32_16x16x16_bf16":64},"mfma_cycles":1024,
