// A tile whose origin is 2^32 rows down a small tensor: the aligned
// variant's whole-tile test runs in 32-bit arithmetic, which would see row 0
// if it dropped the origin's high word; the tile is outside, so every
// element reads the pad (7.0) and the store writes it at row 0.
aiter.kernel @far(%x: memref<?x?xf32, strided<[?, 1]>>, %out: memref<?x?xf32, strided<[?, 1]>>) {
  %c0 = arith.constant 0 : index
  %far = arith.constant 4294967296 : index
  %t = aiter.load %x[%far, %c0] pad 7.0 : memref<?x?xf32, strided<[?, 1]>> -> tensor<64x64xf32>
  aiter.store %t, %out[%c0, %c0] : tensor<64x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}
