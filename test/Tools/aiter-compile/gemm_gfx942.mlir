// GEMM on gfx942 with the default configuration (128x128x64, 4 waves,
// 32x32x8): the main loop holds exactly the 32 MFMAs of one K tile
// (1024 cycles), its global loads are all 128-bit buffer loads, its MFMA
// operands come from 128-bit LDS reads, and the kernel needs no scratch.
// The LDS tiles are unpadded (swizzled): 2 x 128 x 64 x 2 bytes = 32 KiB,
// two workgroups per CU. NT (B stored N x K) keeps both operands
// K-contiguous; NN transposes B in registers (v_perm_b32) and writes it with
// 64-bit stores, no 16-bit ones.
// RUN: aiter-compile %s --chip=gfx942 --report | FileCheck %s
// RUN: aiter-compile %s --chip=gfx942 --emit=asm | FileCheck %s --check-prefix=ASM
// RUN: aiter-compile %s --chip=gfx942 --config=mfma=16x16x16 --report | FileCheck %s --check-prefix=MFMA16
// 256x256x64 over 8 waves: 64 KiB of LDS (the whole CU) and no spills.
// RUN: aiter-compile %s --chip=gfx942 --config=tile_m=256,tile_n=256,tile_k=64,waves=8 --report | FileCheck %s --check-prefix=BIG

aiter.gemm @nt : bf16 -> bf16 trans_b
// The non-MFMA instructions per MFMA cycle stay at or under Triton 3.6's at
// the same tiles (../shared/reference/triton-3.6-hip.md): 0.085 at
// 128x128x64, 0.05 at 256x256x64.
aiter.gemm @nn : f16 -> f32

// CHECK: {"name":"nt","chip":"gfx942",
// CHECK-SAME: "lds_bytes":32768,"scratch_bytes":0,"spills":0,"occupancy":2,
// CHECK-SAME: "mfma":32,"mfma_kinds":{"v_mfma_f32_32x32x8_bf16":32},"mfma_cycles":1024,
// CHECK-SAME: "global_loads":8,"global_loads_128":8,
// CHECK-SAME: "non_mfma_per_mfma_cycle":{{0\.0[0-7][0-9]*|0\.08[0-5]?}}}
// NN stays under Triton 3.6's 0.085 non-MFMA instructions per MFMA cycle.
// CHECK: {"name":"nn","chip":"gfx942",
// CHECK-SAME: "lds_bytes":32768,"scratch_bytes":0,"spills":0,"occupancy":2,
// CHECK-SAME: "mfma":32,"mfma_kinds":{"v_mfma_f32_32x32x8_f16":32},"mfma_cycles":1024,
// CHECK-SAME: "global_loads":8,"global_loads_128":8,
// CHECK-SAME: "non_mfma_per_mfma_cycle":{{0\.0[0-7][0-9]*|0\.08[0-5]?}}}

// ASM-LABEL: nt:
// ASM: buffer_load_dwordx4
// ASM: ds_write_b128
// ASM: ds_read_b128
// ASM: v_mfma_f32_32x32x8_bf16
// ASM-NOT: scratch_
// ASM-NOT: buffer_store_dword {{.*}} offen offset:{{.*}} ; 4-byte Folded Spill
// ASM-LABEL: nn:
// ASM-NOT: ds_write_b16
// ASM: v_perm_b32
// ASM: ds_write{{2?}}_b64
// ASM: ds_read_b128
// ASM: v_mfma_f32_32x32x8_f16
// ASM-NOT: scratch_
// ASM-NOT: ds_write_b16

// MFMA16: {"name":"nt",
// MFMA16-SAME: "spills":0,
// MFMA16-SAME: "mfma":64,"mfma_kinds":{"v_mfma_f32_16x16x16_bf16":64},"mfma_cycles":1024,

// BIG: {"name":"nt","chip":"gfx942",
// BIG-SAME: "lds_bytes":65536,"scratch_bytes":0,"spills":0,
// BIG-SAME: "mfma":64,"mfma_kinds":{"v_mfma_f32_32x32x8_bf16":64},"mfma_cycles":2048,
// BIG-SAME: "non_mfma_per_mfma_cycle":{{0\.0[0-4][0-9]*|0\.05}}}
// BIG: {"name":"nn","chip":"gfx942",
// BIG-SAME: "lds_bytes":65536,"scratch_bytes":0,"spills":0,
// BIG-SAME: "mfma":64,"mfma_kinds":{"v_mfma_f32_32x32x8_f16":64},"mfma_cycles":2048,
// BIG-SAME: "non_mfma_per_mfma_cycle":{{0\.0[0-4][0-9]*|0\.05}}}
