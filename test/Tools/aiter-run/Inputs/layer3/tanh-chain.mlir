// y = tanh(tanh(x) / 3) in f32, no reductions or truncf: --check's
// tolerance is 4 u(f32) relative. The reference evaluator used glibc's
// tanhf (up to 2 ulps from the correctly rounded tanh the emulator
// computes), so two tanh in a row exceeded the tolerance at some elements
// (237 of 65536, found by the randomized differential test); it now computes
// math functions in double and rounds once.
aiter.kernel @rand(%x: memref<?x?xf32, strided<[?, 1]>>, %y: memref<?x?xf32, strided<[?, 1]>>) {
  %c128 = arith.constant 128 : index
  %c64 = arith.constant 64 : index
  %pid0 = aiter.program_id 0
  %pid1 = aiter.program_id 1
  %m0 = arith.muli %pid0, %c64 : index
  %n0 = arith.muli %pid1, %c128 : index
  %three = arith.constant dense<3.0> : tensor<64x128xf32>
  %t = aiter.load %x[%m0, %n0] : memref<?x?xf32, strided<[?, 1]>> -> tensor<64x128xf32>
  %a = math.tanh %t : tensor<64x128xf32>
  %b = arith.divf %a, %three : tensor<64x128xf32>
  %c = math.tanh %b : tensor<64x128xf32>
  aiter.store %c, %y[%m0, %n0] : tensor<64x128xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}
