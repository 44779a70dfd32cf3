// An iota-derived tile %f used by a reduction and by an elementwise op with
// a transposed load; the reduction's broadcast result meets a plain load.
// aiter-assign-layouts gave the reduce a result layout its verifier
// rejected. Now the op keeps the derived (slice) layout and its result is
// converted after it.
aiter.kernel @rand(%x: memref<?x?xf32, strided<[?, 1]>>, %y: memref<?x?xf32, strided<[?, 1]>>, %out: memref<?x?xf32, strided<[?, 1]>>) {
  %c0 = arith.constant 0 : index
  %a = aiter.load %y[%c0, %c0] : memref<?x?xf32, strided<[?, 1]>> -> tensor<16x64xf32>
  %l = aiter.load %x[%c0, %c0] : memref<?x?xf32, strided<[?, 1]>> -> tensor<64x16xf32>
  %t = aiter.transpose %l : tensor<64x16xf32> -> tensor<16x64xf32>
  %io = aiter.iota : tensor<16xi32>
  %ie = aiter.expand_dims %io axis 1 : tensor<16xi32> -> tensor<16x1xi32>
  %ib = aiter.broadcast %ie : tensor<16x1xi32> -> tensor<16x64xi32>
  %f = arith.sitofp %ib : tensor<16x64xi32> to tensor<16x64xf32>
  %r = aiter.reduce min %f axis 1 : tensor<16x64xf32> -> tensor<16xf32>
  %re = aiter.expand_dims %r axis 1 : tensor<16xf32> -> tensor<16x1xf32>
  %rb = aiter.broadcast %re : tensor<16x1xf32> -> tensor<16x64xf32>
  %p = arith.mulf %rb, %a : tensor<16x64xf32>
  %s = arith.minimumf %t, %f : tensor<16x64xf32>
  %o = arith.addf %p, %s : tensor<16x64xf32>
  aiter.store %o, %out[%c0, %c0] : tensor<16x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}
