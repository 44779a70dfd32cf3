// Shape ops: aiter.iota ([0, N) in any integer type or index), expand_dims +
// broadcast along either axis, broadcast of a scalar kernel argument, and
// transpose (of a loaded tile, and of an i1 mask). numpy (Inputs/shape_ops.py)
// computes what each output must hold.
// RUN: %python %S/Inputs/shape_ops.py gen %t
// RUN: aiter-run %s --device=reference --kernel=shapes --input=4x6xf32=@%t.x.npy --input=f32=2.5 --input=4x6xi32=0 --input=4x6xf32=0 --input=4x6xf32=0 --input=6x4xf32=0 --input=8xindex=0 --input=8xi8=0 --input=6x4xi1=0 --output=2=@%t.grid.npy --output=3=@%t.rowb.npy --output=4=@%t.splat.npy --output=5=@%t.xt.npy --output=6=@%t.iota_index.npy --output=7=@%t.iota_i8.npy --output=8=@%t.mask_t.npy
// RUN: %python %S/Inputs/shape_ops.py check %t

aiter.kernel @shapes(%x: memref<4x6xf32>, %s: f32, %grid: memref<4x6xi32>,
                     %rowb: memref<4x6xf32>, %splat: memref<4x6xf32>,
                     %xt: memref<6x4xf32>, %ii: memref<8xindex>, %i8: memref<8xi8>,
                     %mt: memref<6x4xi1>) {
  %z = arith.constant 0 : index
  // grid[i][j] = 10 * i + j from two iotas broadcast along opposite axes.
  %r = aiter.iota : tensor<4xi32>
  %c = aiter.iota : tensor<6xi32>
  %rc = aiter.expand_dims %r axis 1 : tensor<4xi32> -> tensor<4x1xi32>
  %cr = aiter.expand_dims %c axis 0 : tensor<6xi32> -> tensor<1x6xi32>
  %rb = aiter.broadcast %rc : tensor<4x1xi32> -> tensor<4x6xi32>
  %cb = aiter.broadcast %cr : tensor<1x6xi32> -> tensor<4x6xi32>
  %ten = arith.constant dense<10> : tensor<4x6xi32>
  %r10 = arith.muli %rb, %ten : tensor<4x6xi32>
  %g = arith.addi %r10, %cb : tensor<4x6xi32>
  aiter.store %g, %grid[%z, %z] : tensor<4x6xi32> -> memref<4x6xi32>
  // Each row's max, broadcast back over the row.
  %t = aiter.load %x[%z, %z] : memref<4x6xf32> -> tensor<4x6xf32>
  %m = aiter.reduce max %t axis 1 : tensor<4x6xf32> -> tensor<4xf32>
  %mc = aiter.expand_dims %m axis 1 : tensor<4xf32> -> tensor<4x1xf32>
  %mb = aiter.broadcast %mc : tensor<4x1xf32> -> tensor<4x6xf32>
  aiter.store %mb, %rowb[%z, %z] : tensor<4x6xf32> -> memref<4x6xf32>
  %sp = aiter.broadcast %s : f32 -> tensor<4x6xf32>
  aiter.store %sp, %splat[%z, %z] : tensor<4x6xf32> -> memref<4x6xf32>
  %tt = aiter.transpose %t : tensor<4x6xf32> -> tensor<6x4xf32>
  aiter.store %tt, %xt[%z, %z] : tensor<6x4xf32> -> memref<6x4xf32>
  %iotai = aiter.iota : tensor<8xindex>
  aiter.store %iotai, %ii[%z] : tensor<8xindex> -> memref<8xindex>
  %iota8 = aiter.iota : tensor<8xi8>
  aiter.store %iota8, %i8[%z] : tensor<8xi8> -> memref<8xi8>
  // Lower triangle mask (col <= row), transposed.
  %le = arith.cmpi sle, %cb, %rb : tensor<4x6xi32>
  %let = aiter.transpose %le : tensor<4x6xi1> -> tensor<6x4xi1>
  aiter.store %let, %mt[%z, %z] : tensor<6x4xi1> -> memref<6x4xi1>
  aiter.return
}
