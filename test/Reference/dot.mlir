// aiter.dot is the mathematical a * b + acc, computed in double and rounded
// once to f32 (docs/reference.md). Operands bf16 and f16; acc zero or loaded;
// the f32 result stored as it is and truncated to bf16 and f16. numpy
// (Inputs/dot.py) computes the float64 product from the same inputs: the f32
// results must be that value rounded to f32 (bit for bit: the inputs are
// chosen so that double accumulation is exact), the bf16/f16 ones that f32
// rounded again.
// RUN: %python %S/Inputs/dot.py gen %t
// RUN: aiter-run %s --device=reference --kernel=dot_bf16 --input=16x32xbf16=@%t.a16.npy --input=32x8xbf16=@%t.b16.npy --input=16x8xf32=@%t.acc.npy --input=16x8xf32=0 --input=16x8xf32=0 --input=16x8xbf16=0 --output=3=@%t.bf16_noacc.npy --output=4=@%t.bf16_acc.npy --output=5=@%t.bf16_out.npy
// RUN: aiter-run %s --device=reference --kernel=dot_f16 --input=16x32xf16=@%t.ah.npy --input=32x8xf16=@%t.bh.npy --input=16x8xf32=@%t.acc.npy --input=16x8xf32=0 --input=16x8xf16=0 --output=3=@%t.f16_acc.npy --output=4=@%t.f16_out.npy
// Random full-precision operands: within a few f32 ulps of numpy's float64.
// RUN: aiter-run %s --device=reference --kernel=dot_f16 --input=16x32xf16=@%t.rh.npy --input=32x8xf16=@%t.sh.npy --input=16x8xf32=@%t.racc.npy --input=16x8xf32=0 --input=16x8xf16=0 --output=3=@%t.f16_rand.npy
// RUN: %python %S/Inputs/dot.py check %t

aiter.kernel @dot_bf16(%a: memref<16x32xbf16>, %b: memref<32x8xbf16>, %c: memref<16x8xf32>,
                       %o0: memref<16x8xf32>, %o1: memref<16x8xf32>, %o2: memref<16x8xbf16>) {
  %z = arith.constant 0 : index
  %at = aiter.load %a[%z, %z] : memref<16x32xbf16> -> tensor<16x32xbf16>
  %bt = aiter.load %b[%z, %z] : memref<32x8xbf16> -> tensor<32x8xbf16>
  %ct = aiter.load %c[%z, %z] : memref<16x8xf32> -> tensor<16x8xf32>
  %zero = arith.constant dense<0.0> : tensor<16x8xf32>
  %d0 = aiter.dot %at, %bt, %zero : tensor<16x32xbf16>, tensor<32x8xbf16> -> tensor<16x8xf32>
  %d1 = aiter.dot %at, %bt, %ct : tensor<16x32xbf16>, tensor<32x8xbf16> -> tensor<16x8xf32>
  %d2 = arith.truncf %d1 : tensor<16x8xf32> to tensor<16x8xbf16>
  aiter.store %d0, %o0[%z, %z] : tensor<16x8xf32> -> memref<16x8xf32>
  aiter.store %d1, %o1[%z, %z] : tensor<16x8xf32> -> memref<16x8xf32>
  aiter.store %d2, %o2[%z, %z] : tensor<16x8xbf16> -> memref<16x8xbf16>
  aiter.return
}

aiter.kernel @dot_f16(%a: memref<16x32xf16>, %b: memref<32x8xf16>, %c: memref<16x8xf32>,
                      %o1: memref<16x8xf32>, %o2: memref<16x8xf16>) {
  %z = arith.constant 0 : index
  %at = aiter.load %a[%z, %z] : memref<16x32xf16> -> tensor<16x32xf16>
  %bt = aiter.load %b[%z, %z] : memref<32x8xf16> -> tensor<32x8xf16>
  %ct = aiter.load %c[%z, %z] : memref<16x8xf32> -> tensor<16x8xf32>
  %d1 = aiter.dot %at, %bt, %ct : tensor<16x32xf16>, tensor<32x8xf16> -> tensor<16x8xf32>
  %d2 = arith.truncf %d1 : tensor<16x8xf32> to tensor<16x8xf16>
  aiter.store %d1, %o1[%z, %z] : tensor<16x8xf32> -> memref<16x8xf32>
  aiter.store %d2, %o2[%z, %z] : tensor<16x8xf16> -> memref<16x8xf16>
  aiter.return
}
