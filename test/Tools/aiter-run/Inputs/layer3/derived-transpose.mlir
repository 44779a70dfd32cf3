// A loaded row vector broadcast to 16x64 and transposed:
// aiter-assign-layouts gave the transpose a result layout its verifier
// rejected. Now the op keeps the derived layout and its result is converted
// after it.
aiter.kernel @rand(%x: memref<?xf32>, %out: memref<?x?xf32, strided<[?, 1]>>) {
  %c0 = arith.constant 0 : index
  %l = aiter.load %x[%c0] : memref<?xf32> -> tensor<16xf32>
  %le = aiter.expand_dims %l axis 1 : tensor<16xf32> -> tensor<16x1xf32>
  %lb = aiter.broadcast %le : tensor<16x1xf32> -> tensor<16x64xf32>
  %t = aiter.transpose %lb : tensor<16x64xf32> -> tensor<64x16xf32>
  aiter.store %t, %out[%c0, %c0] : tensor<64x16xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}
