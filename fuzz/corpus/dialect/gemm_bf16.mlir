// A tiled GEMM as an aiter tile program: C[M, N] = A[M, K] * B[K, N], bf16
// inputs, f32 accumulation, bf16 output. One program computes one 128x128
// tile of C; M, N, K and the leading strides are runtime values, and ragged
// edges are handled by the clipped loads (zero padding) and stores.
aiter.kernel @gemm_bf16_128x128x64(%a: memref<?x?xbf16, strided<[?, 1]>>,
                                   %b: memref<?x?xbf16, strided<[?, 1]>>,
                                   %c: memref<?x?xbf16, strided<[?, 1]>>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c128 = arith.constant 128 : index
  %pid_m = aiter.program_id 0
  %pid_n = aiter.program_id 1
  %m0 = arith.muli %pid_m, %c128 : index
  %n0 = arith.muli %pid_n, %c128 : index
  %k = memref.dim %a, %c1 : memref<?x?xbf16, strided<[?, 1]>>
  %zero = arith.constant dense<0.0> : tensor<128x128xf32>
  %acc = scf.for %k0 = %c0 to %k step %c64 iter_args(%acc_i = %zero) -> (tensor<128x128xf32>) {
    %at = aiter.load %a[%m0, %k0] pad 0.0 : memref<?x?xbf16, strided<[?, 1]>> -> tensor<128x64xbf16>
    %bt = aiter.load %b[%k0, %n0] pad 0.0 : memref<?x?xbf16, strided<[?, 1]>> -> tensor<64x128xbf16>
    %d = aiter.dot %at, %bt, %acc_i : tensor<128x64xbf16>, tensor<64x128xbf16> -> tensor<128x128xf32>
    scf.yield %d : tensor<128x128xf32>
  }
  %out = arith.truncf %acc : tensor<128x128xf32> to tensor<128x128xbf16>
  aiter.store %out, %c[%m0, %n0] : tensor<128x128xbf16> -> memref<?x?xbf16, strided<[?, 1]>>
  aiter.return
}
