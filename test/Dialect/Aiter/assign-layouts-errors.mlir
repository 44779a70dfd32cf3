// Every diagnostic of aiter-assign-layouts.
// RUN: aiter-opt %s -split-input-file -verify-diagnostics --aiter-assign-layouts="chip=gfx942"

// An op on tiles the pass has no rule for is an error at that op, never
// skipped.
aiter.kernel @k(%x: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %t = aiter.load %x[%c0] : memref<?xf32> -> tensor<64xf32>
  // expected-error @+1 {{'tensor.extract' op has no layout rule in aiter-assign-layouts}}
  %e = tensor.extract %t[%c0] : tensor<64xf32>
  aiter.return
}

// -----

// expected-error @+1 {{'aiter.kernel' op waves must be a power of two in [1, 16], got 3}}
aiter.kernel @k(%x: memref<?xf32>) attributes {aiter.config = {waves = 3 : i64}} {
  aiter.return
}

// -----

// expected-error @+1 {{'aiter.kernel' op bad mfma in aiter.config}}
aiter.kernel @k(%x: memref<?xf32>) attributes {aiter.config = {mfma = "32x8"}} {
  aiter.return
}

// -----

aiter.kernel @k(%a: memref<?x?xbf16>, %c: memref<?x?xf32>) attributes {aiter.config = {mfma = "32x32x16"}} {
  %c0 = arith.constant 0 : index
  %at = aiter.load %a[%c0, %c0] : memref<?x?xbf16> -> tensor<64x64xbf16>
  %z = arith.constant dense<0.0> : tensor<64x64xf32>
  // expected-error @+1 {{'aiter.dot' op no MFMA 32x32x16 for this element type on gfx942; it has 32x32x8, 16x16x16}}
  %d = aiter.dot %at, %at, %z : tensor<64x64xbf16>, tensor<64x64xbf16> -> tensor<64x64xf32>
  aiter.store %d, %c[%c0, %c0] : tensor<64x64xf32> -> memref<?x?xf32>
  aiter.return
}

// -----

aiter.kernel @k(%a: memref<?x?xbf16>, %c: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %at = aiter.load %a[%c0, %c0] : memref<?x?xbf16> -> tensor<16x8xbf16>
  %bt = aiter.load %a[%c0, %c0] : memref<?x?xbf16> -> tensor<8x16xbf16>
  %z = arith.constant dense<0.0> : tensor<16x16xf32>
  // expected-error @+1 {{'aiter.dot' op no MFMA of gfx942 (32x32x8, 16x16x16) divides the 16x16x8 dot}}
  %d = aiter.dot %at, %bt, %z : tensor<16x8xbf16>, tensor<8x16xbf16> -> tensor<16x16xf32>
  aiter.store %d, %c[%c0, %c0] : tensor<16x16xf32> -> memref<?x?xf32>
  aiter.return
}

// -----

aiter.kernel @k(%a: memref<?x?xbf16>, %c: memref<?x?xf32>) attributes {aiter.config = {waves = 16 : i64}} {
  %c0 = arith.constant 0 : index
  %at = aiter.load %a[%c0, %c0] : memref<?x?xbf16> -> tensor<32x32xbf16>
  %z = arith.constant dense<0.0> : tensor<32x32xf32>
  // expected-error @+1 {{'aiter.dot' op no MFMA of gfx942 (32x32x8, 16x16x16) divides the 32x32x32 dot and splits its result over 16 waves}}
  %d = aiter.dot %at, %at, %z : tensor<32x32xbf16>, tensor<32x32xbf16> -> tensor<32x32xf32>
  aiter.store %d, %c[%c0, %c0] : tensor<32x32xf32> -> memref<?x?xf32>
  aiter.return
}
