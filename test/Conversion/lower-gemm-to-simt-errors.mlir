// Every diagnostic of aiter-lower-gemm-to-simt.
// RUN: aiter-opt %s -split-input-file -verify-diagnostics --aiter-lower-gemm-to-simt

// expected-error @+1 {{'aiter.kernel' op is not a GEMM tile program the SIMT lowering supports: expected exactly one aiter.dot, found 0}}
aiter.kernel @k(%x: memref<?xf32>) {
  aiter.return
}

// -----

// expected-error @+1 {{the aiter.dot must accumulate into the only iter_arg of a top-level scf.for}}
aiter.kernel @k(%a: memref<?x?xbf16>, %b: memref<?x?xbf16>, %c: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %at = aiter.load %a[%c0, %c0] : memref<?x?xbf16> -> tensor<64x64xbf16>
  %z = arith.constant dense<0.0> : tensor<64x64xf32>
  %d = aiter.dot %at, %at, %z : tensor<64x64xbf16>, tensor<64x64xbf16> -> tensor<64x64xf32>
  aiter.store %d, %c[%c0, %c0] : tensor<64x64xf32> -> memref<?x?xf32>
  aiter.return
}

// -----

// expected-error @+1 {{loads must pad with 0}}
aiter.kernel @k(%a: memref<?x?xbf16>, %b: memref<?x?xbf16>, %c: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c128 = arith.constant 128 : index
  %pm = aiter.program_id 0
  %pn = aiter.program_id 1
  %m0 = arith.muli %pm, %c128 : index
  %n0 = arith.muli %pn, %c128 : index
  %k = memref.dim %a, %c1 : memref<?x?xbf16>
  %z = arith.constant dense<0.0> : tensor<128x128xf32>
  %r = scf.for %k0 = %c0 to %k step %c64 iter_args(%acc = %z) -> (tensor<128x128xf32>) {
    %at = aiter.load %a[%m0, %k0] pad 1.0 : memref<?x?xbf16> -> tensor<128x64xbf16>
    %bt = aiter.load %b[%k0, %n0] : memref<?x?xbf16> -> tensor<64x128xbf16>
    %d = aiter.dot %at, %bt, %acc : tensor<128x64xbf16>, tensor<64x128xbf16> -> tensor<128x128xf32>
    scf.yield %d : tensor<128x128xf32>
  }
  aiter.store %r, %c[%m0, %n0] : tensor<128x128xf32> -> memref<?x?xf32>
  aiter.return
}

// -----

// expected-error @+1 {{B must be loaded at (program_id(1) * 128, k)}}
aiter.kernel @k(%a: memref<?x?xbf16>, %b: memref<?x?xbf16>, %c: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c128 = arith.constant 128 : index
  %pm = aiter.program_id 0
  %m0 = arith.muli %pm, %c128 : index
  %k = memref.dim %a, %c1 : memref<?x?xbf16>
  %z = arith.constant dense<0.0> : tensor<128x128xf32>
  %r = scf.for %k0 = %c0 to %k step %c64 iter_args(%acc = %z) -> (tensor<128x128xf32>) {
    %at = aiter.load %a[%m0, %k0] : memref<?x?xbf16> -> tensor<128x64xbf16>
    %bt = aiter.load %b[%k0, %m0] : memref<?x?xbf16> -> tensor<64x128xbf16>
    %d = aiter.dot %at, %bt, %acc : tensor<128x64xbf16>, tensor<64x128xbf16> -> tensor<128x128xf32>
    scf.yield %d : tensor<128x128xf32>
  }
  aiter.store %r, %c[%m0, %m0] : tensor<128x128xf32> -> memref<?x?xf32>
  aiter.return
}

// -----

// expected-error @+1 {{'aiter.kernel' op tile 48x48x64 does not divide among 4 waves with MFMA 32x32x8: tile_m and tile_n must be multiples of waves * MFMA size, tile_k a multiple of the MFMA K, and each operand tile a whole number of 128-bit chunks per thread}}
aiter.kernel @k(%a: memref<?x?xbf16>, %b: memref<?x?xbf16>, %c: memref<?x?xf32>)  {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %tk = arith.constant 64 : index
  %tm = arith.constant 48 : index
  %pm = aiter.program_id 0
  %pn = aiter.program_id 1
  %m0 = arith.muli %pm, %tm : index
  %n0 = arith.muli %pn, %tm : index
  %k = memref.dim %a, %c1 : memref<?x?xbf16>
  %z = arith.constant dense<0.0> : tensor<48x48xf32>
  %r = scf.for %k0 = %c0 to %k step %tk iter_args(%acc = %z) -> (tensor<48x48xf32>) {
    %at = aiter.load %a[%m0, %k0] : memref<?x?xbf16> -> tensor<48x64xbf16>
    %bt = aiter.load %b[%k0, %n0] : memref<?x?xbf16> -> tensor<64x48xbf16>
    %d = aiter.dot %at, %bt, %acc : tensor<48x64xbf16>, tensor<64x48xbf16> -> tensor<48x48xf32>
    scf.yield %d : tensor<48x48xf32>
  }
  aiter.store %r, %c[%m0, %n0] : tensor<48x48xf32> -> memref<?x?xf32>
  aiter.return
}

// -----

// expected-error @+1 {{'aiter.kernel' op needs 131072 bytes of LDS; gfx942 has 65536}}
aiter.kernel @k(%a: memref<?x?xbf16>, %b: memref<?x?xbf16>, %c: memref<?x?xf32>)  {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %tk = arith.constant 128 : index
  %tm = arith.constant 256 : index
  %pm = aiter.program_id 0
  %pn = aiter.program_id 1
  %m0 = arith.muli %pm, %tm : index
  %n0 = arith.muli %pn, %tm : index
  %k = memref.dim %a, %c1 : memref<?x?xbf16>
  %z = arith.constant dense<0.0> : tensor<256x256xf32>
  %r = scf.for %k0 = %c0 to %k step %tk iter_args(%acc = %z) -> (tensor<256x256xf32>) {
    %at = aiter.load %a[%m0, %k0] : memref<?x?xbf16> -> tensor<256x128xbf16>
    %bt = aiter.load %b[%k0, %n0] : memref<?x?xbf16> -> tensor<128x256xbf16>
    %d = aiter.dot %at, %bt, %acc : tensor<256x128xbf16>, tensor<128x256xbf16> -> tensor<256x256xf32>
    scf.yield %d : tensor<256x256xf32>
  }
  aiter.store %r, %c[%m0, %n0] : tensor<256x256xf32> -> memref<?x?xf32>
  aiter.return
}

// -----

// expected-error @+1 {{'aiter.kernel' op no MFMA 32x32x16 for 'bf16' on gfx942}}
aiter.kernel @k(%a: memref<?x?xbf16>, %b: memref<?x?xbf16>, %c: memref<?x?xf32>) attributes {aiter.chip = "gfx942", aiter.config = {mfma = "32x32x16"}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %tk = arith.constant 64 : index
  %tm = arith.constant 128 : index
  %pm = aiter.program_id 0
  %pn = aiter.program_id 1
  %m0 = arith.muli %pm, %tm : index
  %n0 = arith.muli %pn, %tm : index
  %k = memref.dim %a, %c1 : memref<?x?xbf16>
  %z = arith.constant dense<0.0> : tensor<128x128xf32>
  %r = scf.for %k0 = %c0 to %k step %tk iter_args(%acc = %z) -> (tensor<128x128xf32>) {
    %at = aiter.load %a[%m0, %k0] : memref<?x?xbf16> -> tensor<128x64xbf16>
    %bt = aiter.load %b[%k0, %n0] : memref<?x?xbf16> -> tensor<64x128xbf16>
    %d = aiter.dot %at, %bt, %acc : tensor<128x64xbf16>, tensor<64x128xbf16> -> tensor<128x128xf32>
    scf.yield %d : tensor<128x128xf32>
  }
  aiter.store %r, %c[%m0, %n0] : tensor<128x128xf32> -> memref<?x?xf32>
  aiter.return
}

// -----

// expected-error @+1 {{'aiter.kernel' op bad mfma in aiter.config: 32x16x8}}
aiter.kernel @k(%a: memref<?x?xbf16>, %b: memref<?x?xbf16>, %c: memref<?x?xf32>) attributes {aiter.config = {mfma = "32x16x8"}} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %tk = arith.constant 64 : index
  %tm = arith.constant 128 : index
  %pm = aiter.program_id 0
  %pn = aiter.program_id 1
  %m0 = arith.muli %pm, %tm : index
  %n0 = arith.muli %pn, %tm : index
  %k = memref.dim %a, %c1 : memref<?x?xbf16>
  %z = arith.constant dense<0.0> : tensor<128x128xf32>
  %r = scf.for %k0 = %c0 to %k step %tk iter_args(%acc = %z) -> (tensor<128x128xf32>) {
    %at = aiter.load %a[%m0, %k0] : memref<?x?xbf16> -> tensor<128x64xbf16>
    %bt = aiter.load %b[%k0, %n0] : memref<?x?xbf16> -> tensor<64x128xbf16>
    %d = aiter.dot %at, %bt, %acc : tensor<128x64xbf16>, tensor<64x128xbf16> -> tensor<128x128xf32>
    scf.yield %d : tensor<128x128xf32>
  }
  aiter.store %r, %c[%m0, %n0] : tensor<128x128xf32> -> memref<?x?xf32>
  aiter.return
}

// -----

// expected-error @+1 {{unknown chip}}
aiter.kernel @k(%a: memref<?x?xbf16>, %b: memref<?x?xbf16>, %c: memref<?x?xf32>) attributes {aiter.chip = "gfx90a"} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %tk = arith.constant 64 : index
  %tm = arith.constant 128 : index
  %pm = aiter.program_id 0
  %pn = aiter.program_id 1
  %m0 = arith.muli %pm, %tm : index
  %n0 = arith.muli %pn, %tm : index
  %k = memref.dim %a, %c1 : memref<?x?xbf16>
  %z = arith.constant dense<0.0> : tensor<128x128xf32>
  %r = scf.for %k0 = %c0 to %k step %tk iter_args(%acc = %z) -> (tensor<128x128xf32>) {
    %at = aiter.load %a[%m0, %k0] : memref<?x?xbf16> -> tensor<128x64xbf16>
    %bt = aiter.load %b[%k0, %n0] : memref<?x?xbf16> -> tensor<64x128xbf16>
    %d = aiter.dot %at, %bt, %acc : tensor<128x64xbf16>, tensor<64x128xbf16> -> tensor<128x128xf32>
    scf.yield %d : tensor<128x128xf32>
  }
  aiter.store %r, %c[%m0, %n0] : tensor<128x128xf32> -> memref<?x?xf32>
  aiter.return
}

// -----

// A second store after the recognised epilogue would be dropped by the
// pattern-matching emitter: it is an error at that store.
aiter.kernel @k(%a: memref<?x?xbf16>, %b: memref<?x?xbf16>, %c: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c128 = arith.constant 128 : index
  %pm = aiter.program_id 0
  %pn = aiter.program_id 1
  %m0 = arith.muli %pm, %c128 : index
  %n0 = arith.muli %pn, %c128 : index
  %k = memref.dim %a, %c1 : memref<?x?xbf16>
  %z = arith.constant dense<0.0> : tensor<128x128xf32>
  %r = scf.for %k0 = %c0 to %k step %c64 iter_args(%acc = %z) -> (tensor<128x128xf32>) {
    %at = aiter.load %a[%m0, %k0] : memref<?x?xbf16> -> tensor<128x64xbf16>
    %bt = aiter.load %b[%k0, %n0] : memref<?x?xbf16> -> tensor<64x128xbf16>
    %d = aiter.dot %at, %bt, %acc : tensor<128x64xbf16>, tensor<64x128xbf16> -> tensor<128x128xf32>
    scf.yield %d : tensor<128x128xf32>
  }
  aiter.store %r, %c[%m0, %n0] : tensor<128x128xf32> -> memref<?x?xf32>
  %ones = arith.constant dense<1.0> : tensor<128x128xf32>
  // expected-error @+1 {{'aiter.store' op is not part of the one GEMM shape the current lowering supports (K loop, one dot, one store of its result); it would be dropped}}
  aiter.store %ones, %c[%m0, %c0] : tensor<128x128xf32> -> memref<?x?xf32>
  aiter.return
}
