aiter.attention @a : bf16 head_dim(128, 64) causal window(256, 0) softcap(3.0e+01) scale(1.0e-01) return_lse layout(bhsd)
aiter.gemm @g : bf16 -> f32 trans_a trans_b
