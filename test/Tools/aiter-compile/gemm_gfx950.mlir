// GEMM on gfx950 with the default configuration (128x128x64, 4 waves, the
// K-doubled 32x32x16): the main loop holds exactly the 16 MFMAs of one K tile
// (512 cycles), reads MFMA operands with 128-bit LDS reads, its global loads
// are all 128-bit buffer loads, and the kernel needs no scratch. The
// LDS tiles are unpadded (swizzled): 32 KiB. NN keeps B as K x N in LDS and
// reads its operands with LDS transpose reads instead of transposing it with
// 2-byte stores.
// RUN: aiter-compile %s --chip=gfx950 --report | FileCheck %s
// RUN: aiter-compile %s --chip=gfx950 --emit=asm | FileCheck %s --check-prefix=ASM
// 256x256x64 over 8 waves: 64 KiB of LDS and no spills.
// RUN: aiter-compile %s --chip=gfx950 --config=tile_m=256,tile_n=256,tile_k=64,waves=8 --report | FileCheck %s --check-prefix=BIG

aiter.gemm @nt : bf16 -> bf16 trans_b
// The non-MFMA instructions per MFMA cycle stay at or under Triton 3.6's at
// the same tiles (../shared/reference/triton-3.6-hip.md): 0.148 at
// 128x128x64, 0.09 at 256x256x64.
aiter.gemm @nn : f16 -> f32

// CHECK: {"name":"nt","chip":"gfx950",
// CHECK-SAME: "lds_bytes":32768,"scratch_bytes":0,"spills":0,
// CHECK-SAME: "mfma":16,"mfma_kinds":{"v_mfma_f32_32x32x16_bf16":16},"mfma_cycles":512,
// CHECK-SAME: "global_loads":8,"global_loads_128":8,
// CHECK-SAME: "non_mfma_per_mfma_cycle":{{0\.0[0-9]*|0\.1|0\.1[0-3][0-9]*|0\.14|0\.14[0-7][0-9]*|0\.148}}}
// CHECK: {"name":"nn","chip":"gfx950",
// CHECK-SAME: "lds_bytes":32768,"scratch_bytes":0,"spills":0,
// CHECK-SAME: "mfma":16,"mfma_kinds":{"v_mfma_f32_32x32x16_f16":16},"mfma_cycles":512,
// CHECK-SAME: "global_loads":8,"global_loads_128":8,
// CHECK-SAME: "non_mfma_per_mfma_cycle":{{0\.0[0-9]*|0\.1|0\.1[0-3][0-9]*|0\.14|0\.14[0-7][0-9]*|0\.148}}}

// ASM-LABEL: nt:
// ASM: buffer_load_dwordx4
// ASM: ds_write_b128
// ASM: ds_read_b128
// ASM: v_mfma_f32_32x32x16_bf16
// ASM-NOT: scratch_
// ASM-LABEL: nn:
// ASM-NOT: ds_write_b16
// ASM: ds_write_b128
// ASM: ds_read_b64_tr_b16
// ASM: v_mfma_f32_32x32x16_f16
// ASM-NOT: scratch_
// ASM-NOT: ds_write_b16

// BIG: {"name":"nt","chip":"gfx950",
// BIG-SAME: "lds_bytes":65536,"scratch_bytes":0,"spills":0,
// BIG-SAME: "mfma":32,"mfma_kinds":{"v_mfma_f32_32x32x16_bf16":32},"mfma_cycles":1024,
// BIG-SAME: "non_mfma_per_mfma_cycle":{{0\.0[0-8][0-9]*|0\.09}}}
// BIG: {"name":"nn","chip":"gfx950",
// BIG-SAME: "lds_bytes":65536,"scratch_bytes":0,"spills":0,
// BIG-SAME: "mfma":32,"mfma_kinds":{"v_mfma_f32_32x32x16_f16":32},"mfma_cycles":1024,
// BIG-SAME: "non_mfma_per_mfma_cycle":{{0\.0[0-8][0-9]*|0\.09}}}
