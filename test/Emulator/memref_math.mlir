// Scalar kernel arguments, memref views (subview with dynamic offsets and
// rank reduction, reinterpret_cast, cast, expand_shape, dim), per-lane
// private memory (alloca), and math ops; values worked out by hand.
// RUN: aiter-run %s --kernel=views --block=4,1,1 --input="4x4xi32=0 1 2 3 10 11 12 13 20 21 22 23 30 31 32 33" --input=index=1 --input=i32=1000 --input=4xi32=0 | FileCheck %s --check-prefix=VIEW
// RUN: aiter-run %s --kernel=maths --block=1,1,1 --input=f32=2.0 --input=8xf32=0 | FileCheck %s --check-prefix=MATH

// Lane t: subview rows [r0, r0+2) x cols [1, 4) with r0 = 1 (the index
// argument), rank-reduced row 1 -> in[2][1 + (t % 3)]; plus reinterpret_cast
// of the whole buffer as 16 elements: flat[15 - t] (33 32 31 30); plus the
// dim of the subview (3); plus the i32 argument; through a per-lane alloca.
// lane 0: 21 + 33 + 3 + 1000 = 1057 ; lane 1: 22 + 32 + 1003 = 1057 ;
// lane 2: 23 + 31 + 1003 = 1057 ; lane 3: 21 + 30 + 1003 = 1054
// VIEW: result[3]: 4xi32=1057 1057 1057 1054

// exp2(2) = 4, sqrt(2) = 1.41421354 (f32), rsqrt(2) = 0.707106769,
// tanh(2) = 0.964027584, log2(2) = 1, maxnumf(2, nan) = 2,
// fma(2, 2, 0.5) = 4.5, floor(-(2 - 0.5) - 0.25) = floor(-1.75) = -2
// MATH: result[1]: 8xf32=4 1.4142135 0.70710677 0.9640276 1 2 4.5 -2

gpu.module @m [#rocdl.target<chip = "gfx950">] {
  gpu.func @views(%in: memref<4x4xi32>, %r0: index, %bias: i32, %out: memref<4xi32>) kernel {
    %t = gpu.thread_id x
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c3 = arith.constant 3 : index
    %c15 = arith.constant 15 : index
    %sv = memref.subview %in[%r0, 1] [2, 3] [1, 1] : memref<4x4xi32> to memref<2x3xi32, strided<[4, 1], offset: ?>>
    %row = memref.subview %sv[1, 0] [1, 3] [1, 1] : memref<2x3xi32, strided<[4, 1], offset: ?>> to memref<3xi32, strided<[1], offset: ?>>
    %tm = arith.remui %t, %c3 : index
    %a = memref.load %row[%tm] : memref<3xi32, strided<[1], offset: ?>>
    %flat = memref.reinterpret_cast %in to offset: [0], sizes: [16], strides: [1] : memref<4x4xi32> to memref<16xi32>
    %dyn = memref.cast %flat : memref<16xi32> to memref<?xi32>
    %fi = arith.subi %c15, %t : index
    %b = memref.load %dyn[%fi] : memref<?xi32>
    %d = memref.dim %sv, %c1 : memref<2x3xi32, strided<[4, 1], offset: ?>>
    %di = arith.index_cast %d : index to i32
    %s0 = arith.addi %a, %b : i32
    %s1 = arith.addi %s0, %di : i32
    %s2 = arith.addi %s1, %bias : i32
    %p = memref.alloca() : memref<2xi32, #gpu.address_space<private>>
    memref.store %s2, %p[%c1] : memref<2xi32, #gpu.address_space<private>>
    %e = memref.expand_shape %p [[0, 1]] output_shape [1, 2] : memref<2xi32, #gpu.address_space<private>> into memref<1x2xi32, #gpu.address_space<private>>
    %r = memref.load %e[%c0, %c1] : memref<1x2xi32, #gpu.address_space<private>>
    memref.store %r, %out[%t] : memref<4xi32>
    gpu.return
  }
  gpu.func @maths(%x: f32, %out: memref<8xf32>) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    %c5 = arith.constant 5 : index
    %c6 = arith.constant 6 : index
    %c7 = arith.constant 7 : index
    %a = math.exp2 %x : f32
    memref.store %a, %out[%c0] : memref<8xf32>
    %b = math.sqrt %x : f32
    memref.store %b, %out[%c1] : memref<8xf32>
    %c = math.rsqrt %x : f32
    memref.store %c, %out[%c2] : memref<8xf32>
    %d = math.tanh %x : f32
    memref.store %d, %out[%c3] : memref<8xf32>
    %e = math.log2 %x : f32
    memref.store %e, %out[%c4] : memref<8xf32>
    %nan = arith.constant 0x7FC00000 : f32
    %f = arith.maxnumf %x, %nan : f32
    memref.store %f, %out[%c5] : memref<8xf32>
    %half = arith.constant 0.5 : f32
    %g = math.fma %x, %x, %half : f32
    memref.store %g, %out[%c6] : memref<8xf32>
    %m = arith.constant -0.5 : f32
    %h0 = arith.addf %x, %m : f32
    %h1 = arith.negf %h0 : f32
    %q = arith.constant -0.25 : f32
    %h2 = arith.addf %h1, %q : f32
    %h = math.floor %h2 : f32
    memref.store %h, %out[%c7] : memref<8xf32>
    gpu.return
  }
}
