// C = relu(A B + bias) in bf16: A bf16 [M, K], B bf16 [K, N], bias f32 [N]
// (broadcast over rows), f32 accumulation, 64x64x32 tiles, grid
// ceil(M/64) x ceil(N/64). Ragged M, N, K: zero-padded loads, clipped store.
aiter.kernel @gemm_bias_relu(%a: memref<?x?xbf16, strided<[?, 1]>>,
                             %b: memref<?x?xbf16, strided<[?, 1]>>,
                             %bias: memref<?xf32>,
                             %c: memref<?x?xbf16, strided<[?, 1]>>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %pid_m = aiter.program_id 0
  %pid_n = aiter.program_id 1
  %m0 = arith.muli %pid_m, %c64 : index
  %n0 = arith.muli %pid_n, %c64 : index
  %k = memref.dim %a, %c1 : memref<?x?xbf16, strided<[?, 1]>>
  %zero = arith.constant dense<0.0> : tensor<64x64xf32>
  %acc = scf.for %k0 = %c0 to %k step %c32 iter_args(%acc_i = %zero) -> (tensor<64x64xf32>) {
    %at = aiter.load %a[%m0, %k0] pad 0.0 : memref<?x?xbf16, strided<[?, 1]>> -> tensor<64x32xbf16>
    %bt = aiter.load %b[%k0, %n0] pad 0.0 : memref<?x?xbf16, strided<[?, 1]>> -> tensor<32x64xbf16>
    %d = aiter.dot %at, %bt, %acc_i : tensor<64x32xbf16>, tensor<32x64xbf16> -> tensor<64x64xf32>
    scf.yield %d : tensor<64x64xf32>
  }
  %bv = aiter.load %bias[%n0] pad 0.0 : memref<?xf32> -> tensor<64xf32>
  %bv_r = aiter.expand_dims %bv axis 0 : tensor<64xf32> -> tensor<1x64xf32>
  %bv_b = aiter.broadcast %bv_r : tensor<1x64xf32> -> tensor<64x64xf32>
  %sum = arith.addf %acc, %bv_b : tensor<64x64xf32>
  %relu = arith.maximumf %sum, %zero : tensor<64x64xf32>
  %out = arith.truncf %relu : tensor<64x64xf32> to tensor<64x64xbf16>
  aiter.store %out, %c[%m0, %n0] : tensor<64x64xbf16> -> memref<?x?xbf16, strided<[?, 1]>>
  aiter.return
}
