// End to end: the benchmark's LDS-staged bf16 MFMA GEMM (bench/gemm_bf16.mlir,
// 512x512x512) against numpy, on 2 host threads and on 1; the outputs must be
// bit-identical (workgroups run in parallel, results are deterministic).
// Stats: 16384 MFMAs = 512^3 / (32*32*8); every one of the 64 workgroups
// reads a 64x512 bf16 panel of A and of Bt (64 * 2 * 64 KiB = 8 MiB) and
// writes its 64x64 f32 tile (1 MiB in all).
// RUN: %python %S/Inputs/gemm_ref.py gen %t
// RUN: aiter-run %aiter_src_root/bench/gemm_bf16.mlir --kernel=gemm --grid=8,8,1 --block=256,1,1 --input=512x512xbf16=@%t.a.npy --input=512x512xbf16=@%t.b.npy --input=512x512xf32=0 --output=2=@%t.c2.npy --threads=2 --stats | FileCheck %s
// RUN: aiter-run %aiter_src_root/bench/gemm_bf16.mlir --kernel=gemm --grid=8,8,1 --block=256,1,1 --input=512x512xbf16=@%t.a.npy --input=512x512xbf16=@%t.b.npy --input=512x512xf32=0 --output=2=@%t.c1.npy --threads=1
// RUN: %python %S/Inputs/gemm_ref.py check %t
// RUN: cmp %t.c1.npy %t.c2.npy

// CHECK: stats: {"chip":"gfx942","workgroups":64,"waves":256,"lds_bytes":8192,"instructions":{"mfma":16384,
// CHECK-SAME: "global_bytes_read":8388608,"global_bytes_written":1048576}
