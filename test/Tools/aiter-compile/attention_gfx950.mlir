// Flash-attention forward on gfx950 with the default configuration (block
// 128 x 128: gfx950's 160 KiB of LDS holds a key block twice gfx942's; 4
// waves, the K-doubled 32x32x16): the main loop holds exactly the 64 MFMAs of
// one key block (S^T = K Q^T: 4 key tiles x 8 d-steps of 16; O^T += V^T P^T:
// 4 d tiles x 8 key steps; 2048 cycles), its global loads are all 128-bit
// buffer loads, and the kernel needs no scratch. Causal and not, d 128 and 64.
// RUN: aiter-compile %s --chip=gfx950 --report | FileCheck %s
// RUN: aiter-compile %s --chip=gfx950 --emit=asm | FileCheck %s --check-prefix=ASM

aiter.attention @fa : bf16 head_dim(128)
aiter.attention @fa_causal : bf16 head_dim(128) causal return_lse
aiter.attention @fa_d64 : f16 head_dim(64) window(256, 0) softcap(30.0) layout(bhsd)

// CHECK: {"name":"fa","chip":"gfx950",
// CHECK-SAME: "scratch_bytes":0,"spills":0,
// CHECK-SAME: "mfma":64,"mfma_kinds":{"v_mfma_f32_32x32x16_bf16":64},"mfma_cycles":2048,
// CHECK-SAME: "global_loads":16,"global_loads_128":16,
// CHECK: {"name":"fa_causal","chip":"gfx950",
// CHECK-SAME: "scratch_bytes":0,
// CHECK-SAME: "mfma":64,"mfma_kinds":{"v_mfma_f32_32x32x16_bf16":64},"mfma_cycles":2048,
// CHECK-SAME: "global_loads":16,"global_loads_128":16,
// (Its SGPR pressure spills a few SGPRs into VGPR lanes: no scratch memory.)
// CHECK: {"name":"fa_d64","chip":"gfx950",
// CHECK-SAME: "scratch_bytes":0,
// CHECK-SAME: "mfma":32,"mfma_kinds":{"v_mfma_f32_32x32x16_f16":32},"mfma_cycles":1024,
// CHECK-SAME: "global_loads":8,"global_loads_128":8,

// The transcendental work is the hardware's: v_exp_f32 for exp2, no calls.
// ASM-LABEL: fa:
// ASM-NOT: s_swappc
// ASM: v_exp_f32
// V goes to LDS with 128-bit stores and comes back through LDS transpose
// reads (no 2-byte transposing stores).
// ASM-NOT: ds_write_b16
// ASM: ds_read_b64_tr_b16
// ASM-NOT: ds_write_b16
// ASM-NOT: scratch_
// ASM-LABEL: fa_causal:
// ASM-NOT: scratch_
