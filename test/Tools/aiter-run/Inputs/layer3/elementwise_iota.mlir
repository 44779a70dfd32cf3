// out[i, j] = x[i, j] * 2 + float(i * 1000 + j), f32 [M, N], 32x64 tiles,
// grid ceil(M/32) x ceil(N/64). The global row and column indices come from
// aiter.iota along each dimension plus the tile origin (i32), broadcast to
// the tile and converted with sitofp.
aiter.kernel @elementwise_iota(%x: memref<?x?xf32, strided<[?, 1]>>,
                               %out: memref<?x?xf32, strided<[?, 1]>>) {
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %pid_m = aiter.program_id 0
  %pid_n = aiter.program_id 1
  %m0 = arith.muli %pid_m, %c32 : index
  %n0 = arith.muli %pid_n, %c64 : index
  %m0_i = arith.index_cast %m0 : index to i32
  %n0_i = arith.index_cast %n0 : index to i32
  %ri = aiter.iota : tensor<32xi32>
  %ci = aiter.iota : tensor<64xi32>
  %m0_t = aiter.broadcast %m0_i : i32 -> tensor<32xi32>
  %n0_t = aiter.broadcast %n0_i : i32 -> tensor<64xi32>
  %rows = arith.addi %ri, %m0_t : tensor<32xi32>
  %cols = arith.addi %ci, %n0_t : tensor<64xi32>
  %rows_c = aiter.expand_dims %rows axis 1 : tensor<32xi32> -> tensor<32x1xi32>
  %cols_r = aiter.expand_dims %cols axis 0 : tensor<64xi32> -> tensor<1x64xi32>
  %rows_b = aiter.broadcast %rows_c : tensor<32x1xi32> -> tensor<32x64xi32>
  %cols_b = aiter.broadcast %cols_r : tensor<1x64xi32> -> tensor<32x64xi32>
  %k1000 = arith.constant dense<1000> : tensor<32x64xi32>
  %r1000 = arith.muli %rows_b, %k1000 : tensor<32x64xi32>
  %idx = arith.addi %r1000, %cols_b : tensor<32x64xi32>
  %idx_f = arith.sitofp %idx : tensor<32x64xi32> to tensor<32x64xf32>
  %t = aiter.load %x[%m0, %n0] : memref<?x?xf32, strided<[?, 1]>> -> tensor<32x64xf32>
  %two = arith.constant dense<2.0> : tensor<32x64xf32>
  %t2 = arith.mulf %t, %two : tensor<32x64xf32>
  %r = arith.addf %t2, %idx_f : tensor<32x64xf32>
  aiter.store %r, %out[%m0, %n0] : tensor<32x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}
