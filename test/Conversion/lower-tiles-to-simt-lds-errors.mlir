// A program whose layout conversions need more LDS than the chip has: the
// error names the bytes and the chip's budget (gfx942: 64 KiB; the A
// operand's 256x256 bf16 tile alone takes 128 KiB on its way to the MFMA
// operand layout). gfx950's 160 KiB takes it, with B's 256x32 tile (16 KiB)
// in a region of its own so that the two conversions share one barrier
// pair; on gfx942 that group is split again (it would not fit either), so
// the error names what converting one tile at a time needs.
// RUN: aiter-opt %s -verify-diagnostics --aiter-assign-layouts --aiter-lower-tiles-to-simt
// RUN: aiter-opt %s --aiter-assign-layouts=chip=gfx950 --aiter-lower-tiles-to-simt=chip=gfx950 | FileCheck %s
// CHECK: workgroup(%{{.*}} : memref<147456xi8, #gpu.address_space<workgroup>>)

// expected-error @+1 {{'aiter.kernel' op needs 131072 bytes of LDS for layout conversions and reductions; gfx942 has 65536}}
aiter.kernel @big(%a: memref<?x?xbf16, strided<[?, 1]>>, %c: memref<?x?xf32, strided<[?, 1]>>) {
  %c0 = arith.constant 0 : index
  %at = aiter.load %a[%c0, %c0] : memref<?x?xbf16, strided<[?, 1]>> -> tensor<256x256xbf16>
  %bt = aiter.load %a[%c0, %c0] : memref<?x?xbf16, strided<[?, 1]>> -> tensor<256x32xbf16>
  %z = arith.constant dense<0.0> : tensor<256x32xf32>
  %d = aiter.dot %at, %bt, %z : tensor<256x256xbf16>, tensor<256x32xbf16> -> tensor<256x32xf32>
  aiter.store %d, %c[%c0, %c0] : tensor<256x32xf32> -> memref<?x?xf32, strided<[?, 1]>>
  aiter.return
}
