// The global row index tile (iota, expand_dims, broadcast, sitofp) stored
// (5 ops, no load; found by the randomized differential test):
// aiter-assign-layouts gave the expand_dims a result layout other than the
// one derived from its input, which the verifier rejected. Now the op keeps
// the derived layout and its result is converted after it.
aiter.kernel @rand(%out: memref<?x?xf32, strided<[?, 1]>>) {
  %c0 = arith.constant 0 : index
  %io = aiter.iota : tensor<64xi32>
  %ie = aiter.expand_dims %io axis 1 : tensor<64xi32> -> tensor<64x1xi32>
  %ib = aiter.broadcast %ie : tensor<64x1xi32> -> tensor<64x16xi32>
  %f = arith.sitofp %ib : tensor<64x16xi32> to tensor<64x16xf32>
  aiter.store %f, %out[%c0, %c0] : tensor<64x16xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}
