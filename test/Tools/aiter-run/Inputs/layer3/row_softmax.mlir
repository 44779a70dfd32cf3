// Row softmax of an f32 [M, N] matrix, N <= 128: one program per 64-row
// block (grid ceil(M/64)), the whole row in one 64x128 tile. Columns past N
// load -inf and so get exp(-inf) = 0; rows past M are all -inf (their
// max - max is NaN) but are clipped by the store.
aiter.kernel @row_softmax(%x: memref<?x?xf32, strided<[?, 1]>>,
                          %y: memref<?x?xf32, strided<[?, 1]>>) {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %pid = aiter.program_id 0
  %m0 = arith.muli %pid, %c64 : index
  %t = aiter.load %x[%m0, %c0] pad 0xFFF0000000000000
      : memref<?x?xf32, strided<[?, 1]>> -> tensor<64x128xf32>
  %mx = aiter.reduce max %t axis 1 : tensor<64x128xf32> -> tensor<64xf32>
  %mx_c = aiter.expand_dims %mx axis 1 : tensor<64xf32> -> tensor<64x1xf32>
  %mx_b = aiter.broadcast %mx_c : tensor<64x1xf32> -> tensor<64x128xf32>
  %sh = arith.subf %t, %mx_b : tensor<64x128xf32>
  %e = math.exp %sh : tensor<64x128xf32>
  %sum = aiter.reduce sum %e axis 1 : tensor<64x128xf32> -> tensor<64xf32>
  %sum_c = aiter.expand_dims %sum axis 1 : tensor<64xf32> -> tensor<64x1xf32>
  %sum_b = aiter.broadcast %sum_c : tensor<64x1xf32> -> tensor<64x128xf32>
  %p = arith.divf %e, %sum_b : tensor<64x128xf32>
  aiter.store %p, %y[%m0, %c0] : tensor<64x128xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}
