// A program stores a tile and then loads it back (an aiter.load sees every
// earlier store of its program, docs/reference.md). The stored tile comes
// from a transposed load (its waves own columns), the load back is plain
// (its waves own rows): without a barrier between the store and the load,
// a wave reads elements other waves have not stored yet.
aiter.kernel @rand(%x: memref<?x?xf32, strided<[?, 1]>>, %out: memref<?x?xf32, strided<[?, 1]>>, %out2: memref<?x?xf32, strided<[?, 1]>>) {
  %c64 = arith.constant 64 : index
  %pid0 = aiter.program_id 0
  %m0 = arith.muli %pid0, %c64 : index
  %c0 = arith.constant 0 : index
  %a = aiter.load %x[%c0, %m0] dims [1, 0] : memref<?x?xf32, strided<[?, 1]>> -> tensor<64x64xf32>
  aiter.store %a, %out[%m0, %c0] : tensor<64x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  %b = aiter.load %out[%m0, %c0] : memref<?x?xf32, strided<[?, 1]>> -> tensor<64x64xf32>
  aiter.store %b, %out2[%m0, %c0] : tensor<64x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}
