// GEMM on gfx950 with the default configuration (128x128x64, 4 waves, the
// K-doubled 32x32x16): the main loop holds exactly the 16 MFMAs of one K tile
// (512 cycles), reads MFMA operands with 128-bit LDS reads, its global loads
// are all 128-bit buffer loads, and the kernel needs no scratch. The
// K-contiguous LDS tiles are unpadded (swizzled): 32 KiB for NT. NN keeps B
// as K x N in LDS (rows padded by 32: 4 KiB more) and reads its operands
// with LDS transpose reads instead of transposing it with 2-byte stores.
// RUN: aiter-compile %s --chip=gfx950 --report | FileCheck %s
// RUN: aiter-compile %s --chip=gfx950 --emit=asm | FileCheck %s --check-prefix=ASM
// 256x256x64 over 8 waves: 64 KiB of LDS (68 KiB for NN) and no spills.
// RUN: aiter-compile %s --chip=gfx950 --config=tile_m=256,tile_n=256,tile_k=64,waves=8 --report | FileCheck %s --check-prefix=BIG

aiter.gemm @nt : bf16 -> bf16 trans_b
aiter.gemm @nn : f16 -> f32

// CHECK: {"name":"nt","chip":"gfx950",
// CHECK-SAME: "lds_bytes":32768,"scratch_bytes":0,"spills":0,
// CHECK-SAME: "mfma":16,"mfma_kinds":{"v_mfma_f32_32x32x16_bf16":16},"mfma_cycles":512,
// CHECK-SAME: "global_loads":8,"global_loads_128":8,
// CHECK: {"name":"nn","chip":"gfx950",
// CHECK-SAME: "lds_bytes":36864,"scratch_bytes":0,"spills":0,
// CHECK-SAME: "mfma":16,"mfma_kinds":{"v_mfma_f32_32x32x16_f16":16},"mfma_cycles":512,
// CHECK-SAME: "global_loads":8,"global_loads_128":8,

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
// BIG: {"name":"nn","chip":"gfx950",
// BIG-SAME: "lds_bytes":69632,"scratch_bytes":0,"spills":0,
// BIG-SAME: "mfma":32,"mfma_kinds":{"v_mfma_f32_32x32x16_f16":32},"mfma_cycles":1024,
