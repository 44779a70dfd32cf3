// A tile program the compiler does not take yet: a non-splat tile constant
// (each lane would need its own elements). The error is at the constant.
aiter.kernel @non_splat(%x: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %t = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  aiter.store %t, %x[%c0] : tensor<4xf32> -> memref<?xf32>
  aiter.return
}
