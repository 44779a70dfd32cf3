aiter.gemm @g : bf16 -> bf16
