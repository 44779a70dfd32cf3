// A GEMM tile program that stores its f32 accumulator (no output rounding),
// 64x64x32 tiles: every element of C shows the order in which the compiled
// kernel summed K, so --tolerance=0 fails where the derived tolerance passes.
aiter.kernel @gemm_f32_64x64x32(%a: memref<?x?xbf16, strided<[?, 1]>>,
                                %b: memref<?x?xbf16, strided<[?, 1]>>,
                                %c: memref<?x?xf32, strided<[?, 1]>>) {
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
  aiter.store %acc, %c[%m0, %n0] : tensor<64x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}
