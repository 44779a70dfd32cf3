// Flash-attention forward on gfx942 with the default configuration (block
// 128 x 64, 4 waves, 32x32x8): the main loop holds exactly the 64 MFMAs of
// one key block (S^T = K Q^T: 2 key tiles x 16 d-steps; O^T += V^T P^T:
// 4 d tiles x 8 key steps; 2048 cycles), its global loads are all 128-bit
// buffer loads, and the kernel needs no scratch. Causal and not, d 128 and 64.
// RUN: aiter-compile %s --chip=gfx942 --report | FileCheck %s
// RUN: aiter-compile %s --chip=gfx942 --emit=asm | FileCheck %s --check-prefix=ASM

aiter.attention @fa : bf16 head_dim(128)
aiter.attention @fa_causal : bf16 head_dim(128) causal return_lse
aiter.attention @fa_d64 : f16 head_dim(64) window(256, 0) softcap(30.0) layout(bhsd)

// CHECK: {"name":"fa","chip":"gfx942",
// CHECK-SAME: "scratch_bytes":0,"spills":0,
// CHECK-SAME: "mfma":64,"mfma_kinds":{"v_mfma_f32_32x32x8_bf16":64},"mfma_cycles":2048,
// CHECK-SAME: "global_loads":8,"global_loads_128":8,
// CHECK: {"name":"fa_causal","chip":"gfx942",
// CHECK-SAME: "scratch_bytes":0,
// CHECK-SAME: "mfma":64,"mfma_kinds":{"v_mfma_f32_32x32x8_bf16":64},"mfma_cycles":2048,
// CHECK-SAME: "global_loads":8,"global_loads_128":8,
// (Its SGPR pressure spills a few SGPRs into VGPR lanes: no scratch memory.)
// CHECK: {"name":"fa_d64","chip":"gfx942",
// CHECK-SAME: "scratch_bytes":0,
// CHECK-SAME: "mfma":32,"mfma_kinds":{"v_mfma_f32_32x32x8_f16":32},"mfma_cycles":1024,
// CHECK-SAME: "global_loads":4,"global_loads_128":4,

// The transcendental work is the hardware's: v_exp_f32 for exp2, no calls.
// ASM-LABEL: fa:
// ASM-NOT: s_swappc
// ASM: v_exp_f32
// ASM-NOT: scratch_
// ASM-LABEL: fa_causal:
// ASM-NOT: scratch_
