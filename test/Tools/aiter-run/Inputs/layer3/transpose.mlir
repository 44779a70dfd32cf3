// out[N, M] = in[M, N], f32, 64x64 tiles: program (i, j) (grid
// ceil(M/64) x ceil(N/64)) loads in[64i.., 64j..], transposes it in
// registers with aiter.transpose and stores it at out[64j.., 64i..].
aiter.kernel @transpose(%in: memref<?x?xf32, strided<[?, 1]>>,
                        %out: memref<?x?xf32, strided<[?, 1]>>) {
  %c64 = arith.constant 64 : index
  %pid_m = aiter.program_id 0
  %pid_n = aiter.program_id 1
  %m0 = arith.muli %pid_m, %c64 : index
  %n0 = arith.muli %pid_n, %c64 : index
  %t = aiter.load %in[%m0, %n0] : memref<?x?xf32, strided<[?, 1]>> -> tensor<64x64xf32>
  %tt = aiter.transpose %t : tensor<64x64xf32> -> tensor<64x64xf32>
  aiter.store %tt, %out[%n0, %m0] : tensor<64x64xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}
