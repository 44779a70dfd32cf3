// maxnum / minnum reductions (NaN elements ignored, all-NaN rows NaN) in
// registers, across lanes and across waves: x's elements above 0.8 become
// NaN, row 3 is all NaN; maxnum along rows, minnum along columns (the column
// axis is spread over the waves: partials through LDS).
aiter.kernel @maxnum(%x: memref<?x?xf32, strided<[?, 1]>>, %rmax: memref<?xf32>, %cmin: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %t = aiter.load %x[%c0, %c0] : memref<?x?xf32, strided<[?, 1]>> -> tensor<64x64xf32>
  %lim = arith.constant dense<0.8> : tensor<64x64xf32>
  %nan = arith.constant dense<0x7FC00000> : tensor<64x64xf32>
  %big = arith.cmpf ogt, %t, %lim : tensor<64x64xf32>
  %rows = aiter.iota : tensor<64xi32>
  %r2 = aiter.expand_dims %rows axis 1 : tensor<64xi32> -> tensor<64x1xi32>
  %rb = aiter.broadcast %r2 : tensor<64x1xi32> -> tensor<64x64xi32>
  %three = arith.constant dense<3> : tensor<64x64xi32>
  %row3 = arith.cmpi eq, %rb, %three : tensor<64x64xi32>
  %gone = arith.ori %big, %row3 : tensor<64x64xi1>
  %y = arith.select %gone, %nan, %t : tensor<64x64xi1>, tensor<64x64xf32>
  %m = aiter.reduce maxnum %y axis 1 : tensor<64x64xf32> -> tensor<64xf32>
  %n = aiter.reduce minnum %y axis 0 : tensor<64x64xf32> -> tensor<64xf32>
  aiter.store %m, %rmax[%c0] : tensor<64xf32> -> memref<?xf32>
  aiter.store %n, %cmin[%c0] : tensor<64xf32> -> memref<?xf32>
  aiter.return
}
