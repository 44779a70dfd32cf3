aiter.attention @a : bf16 head_dim(128) causal
