// aiter.reduce max|min|sum along either axis of f32 and i32 tiles. Floats:
// sums computed in double and rounded once; max/min follow arith.maximumf /
// minimumf (a NaN in the row gives NaN, -0 orders below +0, a row of -inf has
// max -inf). maxnum/minnum (arith.maxnumf/minnumf) ignore NaN elements: a
// row with NaNs reduces its numbers, an all-NaN row gives NaN. Integers:
// max/min signed, sums wrap. numpy (Inputs/reduce.py) computes every
// expected value from the same inputs.
// RUN: %python %S/Inputs/reduce.py gen %t
// RUN: aiter-run %s --device=reference --kernel=reduce_f32 --input=6x16xf32=@%t.x.npy --input=6xf32=0 --input=6xf32=0 --input=6xf32=0 --input=16xf32=0 --input=16xf32=0 --input=16xf32=0 --output=1=@%t.max1.npy --output=2=@%t.min1.npy --output=3=@%t.sum1.npy --output=4=@%t.max0.npy --output=5=@%t.min0.npy --output=6=@%t.sum0.npy
// RUN: aiter-run %s --device=reference --kernel=reduce_i32 --input=6x16xi32=@%t.n.npy --input=6xi32=0 --input=6xi32=0 --input=16xi32=0 --output=1=@%t.imax1.npy --output=2=@%t.imin1.npy --output=3=@%t.isum0.npy
// RUN: aiter-run %s --device=reference --kernel=reduce_bf16 --input=4x64xbf16=@%t.h.npy --input=4xbf16=0 --output=1=@%t.hsum1.npy
// RUN: aiter-run %s --device=reference --kernel=reduce_num --input=6x16xf32=@%t.x.npy --input=3x16xf32=@%t.u.npy --input=6xf32=0 --input=6xf32=0 --input=3xf32=0 --output=2=@%t.nmax1.npy --output=3=@%t.nmin1.npy --output=4=@%t.umax1.npy
// RUN: %python %S/Inputs/reduce.py check %t

aiter.kernel @reduce_f32(%x: memref<6x16xf32>, %o0: memref<6xf32>, %o1: memref<6xf32>,
                         %o2: memref<6xf32>, %o3: memref<16xf32>, %o4: memref<16xf32>,
                         %o5: memref<16xf32>) {
  %z = arith.constant 0 : index
  %t = aiter.load %x[%z, %z] : memref<6x16xf32> -> tensor<6x16xf32>
  %a = aiter.reduce max %t axis 1 : tensor<6x16xf32> -> tensor<6xf32>
  %b = aiter.reduce min %t axis 1 : tensor<6x16xf32> -> tensor<6xf32>
  %c = aiter.reduce sum %t axis 1 : tensor<6x16xf32> -> tensor<6xf32>
  %d = aiter.reduce max %t axis 0 : tensor<6x16xf32> -> tensor<16xf32>
  %e = aiter.reduce min %t axis 0 : tensor<6x16xf32> -> tensor<16xf32>
  %f = aiter.reduce sum %t axis 0 : tensor<6x16xf32> -> tensor<16xf32>
  aiter.store %a, %o0[%z] : tensor<6xf32> -> memref<6xf32>
  aiter.store %b, %o1[%z] : tensor<6xf32> -> memref<6xf32>
  aiter.store %c, %o2[%z] : tensor<6xf32> -> memref<6xf32>
  aiter.store %d, %o3[%z] : tensor<16xf32> -> memref<16xf32>
  aiter.store %e, %o4[%z] : tensor<16xf32> -> memref<16xf32>
  aiter.store %f, %o5[%z] : tensor<16xf32> -> memref<16xf32>
  aiter.return
}

aiter.kernel @reduce_i32(%x: memref<6x16xi32>, %o0: memref<6xi32>, %o1: memref<6xi32>,
                         %o2: memref<16xi32>) {
  %z = arith.constant 0 : index
  %t = aiter.load %x[%z, %z] : memref<6x16xi32> -> tensor<6x16xi32>
  %a = aiter.reduce max %t axis 1 : tensor<6x16xi32> -> tensor<6xi32>
  %b = aiter.reduce min %t axis 1 : tensor<6x16xi32> -> tensor<6xi32>
  %c = aiter.reduce sum %t axis 0 : tensor<6x16xi32> -> tensor<16xi32>
  aiter.store %a, %o0[%z] : tensor<6xi32> -> memref<6xi32>
  aiter.store %b, %o1[%z] : tensor<6xi32> -> memref<6xi32>
  aiter.store %c, %o2[%z] : tensor<16xi32> -> memref<16xi32>
  aiter.return
}

aiter.kernel @reduce_bf16(%x: memref<4x64xbf16>, %o: memref<4xbf16>) {
  %z = arith.constant 0 : index
  %t = aiter.load %x[%z, %z] : memref<4x64xbf16> -> tensor<4x64xbf16>
  %s = aiter.reduce sum %t axis 1 : tensor<4x64xbf16> -> tensor<4xbf16>
  aiter.store %s, %o[%z] : tensor<4xbf16> -> memref<4xbf16>
  aiter.return
}

aiter.kernel @reduce_num(%x: memref<6x16xf32>, %u: memref<3x16xf32>, %o0: memref<6xf32>,
                         %o1: memref<6xf32>, %o2: memref<3xf32>) {
  %z = arith.constant 0 : index
  %t = aiter.load %x[%z, %z] : memref<6x16xf32> -> tensor<6x16xf32>
  %a = aiter.reduce maxnum %t axis 1 : tensor<6x16xf32> -> tensor<6xf32>
  %b = aiter.reduce minnum %t axis 1 : tensor<6x16xf32> -> tensor<6xf32>
  %tu = aiter.load %u[%z, %z] : memref<3x16xf32> -> tensor<3x16xf32>
  %c = aiter.reduce maxnum %tu axis 1 : tensor<3x16xf32> -> tensor<3xf32>
  aiter.store %a, %o0[%z] : tensor<6xf32> -> memref<6xf32>
  aiter.store %b, %o1[%z] : tensor<6xf32> -> memref<6xf32>
  aiter.store %c, %o2[%z] : tensor<3xf32> -> memref<3xf32>
  aiter.return
}
