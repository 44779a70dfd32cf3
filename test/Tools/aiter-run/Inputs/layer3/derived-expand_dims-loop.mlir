// An scf.for whose [64] iteration value has no anchored layout (it is a
// splat constant every iteration: reduced from sweep seed 177, where the
// loop summed rows), expanded and broadcast to a 64x64 tile and stored:
// aiter-assign-layouts gave the expand_dims a layout its verifier rejected.
// Now the op keeps the derived layout and its result is converted after it.
aiter.kernel @rand(%x: memref<?x?xf32, strided<[?, 1]>>, %out: memref<?x?xf32, strided<[?, 1]>>) {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %rows = memref.dim %x, %c0 : memref<?x?xf32, strided<[?, 1]>>
  %zero = arith.constant dense<0.0> : tensor<64xf32>
  %s = scf.for %r = %c0 to %rows step %c64 iter_args(%acc = %zero) -> (tensor<64xf32>) {
    scf.yield %zero : tensor<64xf32>
  }
  %e = aiter.expand_dims %s axis 1 : tensor<64xf32> -> tensor<64x1xf32>
  %b = aiter.broadcast %e : tensor<64x1xf32> -> tensor<64x64xf32>
  aiter.store %b, %out[%c0, %c0] : tensor<64x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}
