// out[j] = sum_i x[i, j], f32 [M, N] -> [N]: one program per 64-column block
// (grid ceil(N/64)), looping over M in 32-row steps with a 1-D accumulator
// tile. Rows past M and columns past N load 0.
aiter.kernel @column_sum(%x: memref<?x?xf32, strided<[?, 1]>>,
                         %out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %pid = aiter.program_id 0
  %n0 = arith.muli %pid, %c64 : index
  %m = memref.dim %x, %c0 : memref<?x?xf32, strided<[?, 1]>>
  %zero = arith.constant dense<0.0> : tensor<64xf32>
  %acc = scf.for %m0 = %c0 to %m step %c32 iter_args(%acc_i = %zero) -> (tensor<64xf32>) {
    %t = aiter.load %x[%m0, %n0] pad 0.0 : memref<?x?xf32, strided<[?, 1]>> -> tensor<32x64xf32>
    %s = aiter.reduce sum %t axis 0 : tensor<32x64xf32> -> tensor<64xf32>
    %a = arith.addf %acc_i, %s : tensor<64xf32>
    scf.yield %a : tensor<64xf32>
  }
  aiter.store %acc, %out[%n0] : tensor<64xf32> -> memref<?xf32>
  aiter.return
}
