// The global row index tile (iota, expand_dims, broadcast, sitofp) stored:
// aiter-assign-layouts gives the iota and its expand_dims layouts the
// expand_dims verifier rejects (5 ops, no load).
aiter.kernel @rand(%out: memref<?x?xf32, strided<[?, 1]>>) {
  %c0 = arith.constant 0 : index
  %io = aiter.iota : tensor<64xi32>
  %ie = aiter.expand_dims %io axis 1 : tensor<64xi32> -> tensor<64x1xi32>
  %ib = aiter.broadcast %ie : tensor<64x1xi32> -> tensor<64x16xi32>
  %f = arith.sitofp %ib : tensor<64x16xi32> to tensor<64x16xf32>
  aiter.store %f, %out[%c0, %c0] : tensor<64x16xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}
