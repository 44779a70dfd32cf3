// The kernels aiter ships as built-in examples: the specifications that
// README command 1 compiles for gfx942 and gfx950.
aiter.gemm @gemm_bf16 : bf16 -> bf16
aiter.gemm @gemm_f16_nt : f16 -> f32 trans_b
aiter.attention @attn_bf16_d128 : bf16 head_dim(128)
aiter.attention @attn_bf16_d128_causal : bf16 head_dim(128) causal return_lse
aiter.attention @attn_f16_d64_window : f16 head_dim(64) window(256, 0) softcap(30.0) layout(bhsd)
