// Clipped loads and stores: a tile element outside the memref reads `pad`
// and is never written; `dims` names the memref dimension each tile dimension
// runs along (a permutation is a transposed read or write), the other memref
// dimensions stay at their index. Expected values come from numpy
// (Inputs/load_store.py), computed from the same inputs.
// RUN: %python %S/Inputs/load_store.py gen %t
//
// A window of a 5x7 array partly above and right of it, one below-left of
// it, and one outside it altogether (all pad).
// RUN: aiter-run %s --device=reference --kernel=window --input=5x7xf32=@%t.x.npy --input=index=-2 --input=index=3 --input=8x8xf32=0 --output=3=@%t.window_a.npy
// RUN: aiter-run %s --device=reference --kernel=window --input=5x7xf32=@%t.x.npy --input=index=4 --input=index=-5 --input=8x8xf32=0 --output=3=@%t.window_b.npy
// RUN: aiter-run %s --device=reference --kernel=window --input=5x7xf32=@%t.x.npy --input=index=9 --input=index=0 --input=8x8xf32=0 --output=3=@%t.window_c.npy
// Transposed read: dims [1, 0].
// RUN: aiter-run %s --device=reference --kernel=transposed --input=5x7xf32=@%t.x.npy --input=index=1 --input=index=-1 --input=4x8xf32=0 --output=3=@%t.transposed.npy
// A [b, s, d] f16 array read three ways; b = 3 is outside, so all pad.
// RUN: aiter-run %s --device=reference --kernel=rank3 --input=3x5x6xf16=@%t.y.npy --input=index=1 --input=index=3 --input=4x8xf16=0 --input=8x4xf16=0 --input=8xf16=0 --output=3=@%t.rank3_a.npy --output=4=@%t.rank3_b.npy --output=5=@%t.rank3_c.npy
// RUN: aiter-run %s --device=reference --kernel=rank3 --input=3x5x6xf16=@%t.y.npy --input=index=3 --input=index=0 --input=4x8xf16=0 --input=8x4xf16=0 --input=8xf16=0 --output=3=@%t.rank3_d.npy
// Ragged 13x21 array in 8x8 tiles (grid 2x3): copy, and a transposed copy.
// RUN: aiter-run %s --device=reference --kernel=ragged --grid=2,3 --input=13x21xi32=@%t.z.npy --input=13x21xi32=-7 --input=21x13xi32=-7 --output=1=@%t.ragged.npy --output=2=@%t.ragged_t.npy
// A store hanging over the top and right edges writes only its inside part.
// RUN: aiter-run %s --device=reference --kernel=overhang --input=13x21xi32=-7 --output=0=@%t.overhang.npy
// Integer, i1 and bf16 tiles: pads in the element type, bits copied as they
// are (bf16 NaN payloads and -0 included).
// RUN: aiter-run %s --device=reference --kernel=elem_types --input=10xi8=@%t.i8.npy --input=10xi1=@%t.i1.npy --input=10xbf16=@%t.bf16.npy --input=16xi8=0 --input=16xi1=0 --input=16xbf16=0 --output=3=@%t.o_i8.npy --output=4=@%t.o_i1.npy --output=5=@%t.o_bf16.npy
// RUN: %python %S/Inputs/load_store.py check %t

aiter.kernel @window(%x: memref<?x?xf32>, %r0: index, %c0: index,
                     %out: memref<8x8xf32>) {
  %z = arith.constant 0 : index
  %t = aiter.load %x[%r0, %c0] pad -1.5 : memref<?x?xf32> -> tensor<8x8xf32>
  aiter.store %t, %out[%z, %z] : tensor<8x8xf32> -> memref<8x8xf32>
  aiter.return
}

aiter.kernel @transposed(%x: memref<?x?xf32>, %r0: index, %c0: index,
                         %out: memref<4x8xf32>) {
  %z = arith.constant 0 : index
  %t = aiter.load %x[%r0, %c0] dims [1, 0] pad 7.0 : memref<?x?xf32> -> tensor<4x8xf32>
  aiter.store %t, %out[%z, %z] : tensor<4x8xf32> -> memref<4x8xf32>
  aiter.return
}

aiter.kernel @rank3(%y: memref<?x?x?xf16, strided<[?, ?, 1]>>, %b: index, %s: index,
                    %oa: memref<4x8xf16>, %ob: memref<8x4xf16>, %oc: memref<8xf16>) {
  %z = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // a[i, j] = y[b, s + i, j]
  %a = aiter.load %y[%b, %s, %z] dims [1, 2] pad 0.5
      : memref<?x?x?xf16, strided<[?, ?, 1]>> -> tensor<4x8xf16>
  // b[i, j] = y[j, s, i]: dims [2, 0] fixes dimension 1 at s.
  %bt = aiter.load %y[%z, %s, %z] dims [2, 0] pad -2.0
      : memref<?x?x?xf16, strided<[?, ?, 1]>> -> tensor<8x4xf16>
  // Default dims: the trailing dimension. c[i] = y[b, s, 1 + i].
  %c = aiter.load %y[%b, %s, %c1] : memref<?x?x?xf16, strided<[?, ?, 1]>> -> tensor<8xf16>
  aiter.store %a, %oa[%z, %z] : tensor<4x8xf16> -> memref<4x8xf16>
  aiter.store %bt, %ob[%z, %z] : tensor<8x4xf16> -> memref<8x4xf16>
  aiter.store %c, %oc[%z] : tensor<8xf16> -> memref<8xf16>
  aiter.return
}

aiter.kernel @ragged(%x: memref<?x?xi32>, %o: memref<?x?xi32>, %ot: memref<?x?xi32>) {
  %c8 = arith.constant 8 : index
  %p0 = aiter.program_id 0
  %p1 = aiter.program_id 1
  %r0 = arith.muli %p0, %c8 : index
  %c0 = arith.muli %p1, %c8 : index
  // Pad 100: a clipped element that was written would show as 101.
  %t = aiter.load %x[%r0, %c0] pad 100.0 : memref<?x?xi32> -> tensor<8x8xi32>
  %one = arith.constant dense<1> : tensor<8x8xi32>
  %u = arith.addi %t, %one : tensor<8x8xi32>
  aiter.store %u, %o[%r0, %c0] : tensor<8x8xi32> -> memref<?x?xi32>
  aiter.store %u, %ot[%c0, %r0] dims [1, 0] : tensor<8x8xi32> -> memref<?x?xi32>
  aiter.return
}

aiter.kernel @overhang(%o: memref<?x?xi32>) {
  %r0 = arith.constant -3 : index
  %c0 = arith.constant 18 : index
  %i = aiter.iota : tensor<8xi32>
  %col = aiter.expand_dims %i axis 0 : tensor<8xi32> -> tensor<1x8xi32>
  %t = aiter.broadcast %col : tensor<1x8xi32> -> tensor<8x8xi32>
  aiter.store %t, %o[%r0, %c0] : tensor<8x8xi32> -> memref<?x?xi32>
  aiter.return
}

aiter.kernel @elem_types(%a: memref<?xi8>, %b: memref<?xi1>, %c: memref<?xbf16>,
                         %oa: memref<16xi8>, %ob: memref<16xi1>, %oc: memref<16xbf16>) {
  %m3 = arith.constant -3 : index
  %z = arith.constant 0 : index
  %ta = aiter.load %a[%m3] pad -3.0 : memref<?xi8> -> tensor<16xi8>
  %tb = aiter.load %b[%m3] pad 1.0 : memref<?xi1> -> tensor<16xi1>
  %tc = aiter.load %c[%m3] pad 0xFFF0000000000000 : memref<?xbf16> -> tensor<16xbf16>
  aiter.store %ta, %oa[%z] : tensor<16xi8> -> memref<16xi8>
  aiter.store %tb, %ob[%z] : tensor<16xi1> -> memref<16xi1>
  aiter.store %tc, %oc[%z] : tensor<16xbf16> -> memref<16xbf16>
  aiter.return
}
