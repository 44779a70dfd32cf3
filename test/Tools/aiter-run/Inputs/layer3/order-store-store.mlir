// Two stores of different values to the same tile of one output, from
// tiles in different layouts (a plain and a transposed load). The reference
// semantics: ops run in order within a program, so the second store wins.
aiter.kernel @rand(%x: memref<?x?xf32, strided<[?, 1]>>, %y: memref<?x?xf32, strided<[?, 1]>>, %out: memref<?x?xf32, strided<[?, 1]>>) {
  %c64 = arith.constant 64 : index
  %pid0 = aiter.program_id 0
  %m0 = arith.muli %pid0, %c64 : index
  %c0 = arith.constant 0 : index
  %a = aiter.load %x[%m0, %c0] : memref<?x?xf32, strided<[?, 1]>> -> tensor<64x64xf32>
  %b = aiter.load %y[%c0, %m0] dims [1, 0] : memref<?x?xf32, strided<[?, 1]>> -> tensor<64x64xf32>
  aiter.store %a, %out[%m0, %c0] : tensor<64x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.store %b, %out[%m0, %c0] : tensor<64x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}
