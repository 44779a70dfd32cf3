// C = A B with two outputs: the f32 accumulator as is, and its bf16
// rounding. A bf16 [M, K], B bf16 [K, N], 64x64x32 tiles, grid
// ceil(M/64) x ceil(N/64); ragged M, N, K.
aiter.kernel @gemm_two_outputs(%a: memref<?x?xbf16, strided<[?, 1]>>,
                               %b: memref<?x?xbf16, strided<[?, 1]>>,
                               %c32: memref<?x?xf32, strided<[?, 1]>>,
                               %c16: memref<?x?xbf16, strided<[?, 1]>>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32i = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %pid_m = aiter.program_id 0
  %pid_n = aiter.program_id 1
  %m0 = arith.muli %pid_m, %c64 : index
  %n0 = arith.muli %pid_n, %c64 : index
  %k = memref.dim %a, %c1 : memref<?x?xbf16, strided<[?, 1]>>
  %zero = arith.constant dense<0.0> : tensor<64x64xf32>
  %acc = scf.for %k0 = %c0 to %k step %c32i iter_args(%acc_i = %zero) -> (tensor<64x64xf32>) {
    %at = aiter.load %a[%m0, %k0] pad 0.0 : memref<?x?xbf16, strided<[?, 1]>> -> tensor<64x32xbf16>
    %bt = aiter.load %b[%k0, %n0] pad 0.0 : memref<?x?xbf16, strided<[?, 1]>> -> tensor<32x64xbf16>
    %d = aiter.dot %at, %bt, %acc_i : tensor<64x32xbf16>, tensor<32x64xbf16> -> tensor<64x64xf32>
    scf.yield %d : tensor<64x64xf32>
  }
  aiter.store %acc, %c32[%m0, %n0] : tensor<64x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  %h = arith.truncf %acc : tensor<64x64xf32> to tensor<64x64xbf16>
  aiter.store %h, %c16[%m0, %n0] : tensor<64x64xbf16> -> memref<?x?xbf16, strided<[?, 1]>>
  aiter.return
}
