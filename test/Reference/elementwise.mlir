// arith and math on tiles and scalars. Every result rounds once to its type:
// + - * / and fma are correctly rounded (checked bit for bit against numpy's
// float32/float16 arithmetic and exact float64 values); math functions are
// the host's float functions (checked within 2 ulps of float64); truncf to
// bf16/f16 rounds to nearest even, extf is exact; integer ops wrap; compares
// and selects as in arith. numpy (Inputs/elementwise.py) computes every
// expected row from the same inputs.
// RUN: %python %S/Inputs/elementwise.py gen %t
// RUN: aiter-run %s --device=reference --kernel=floats --input=64xf32=@%t.x.npy --input=64xf32=@%t.y.npy --input=64xf32=@%t.w.npy --input=f32=0.75 --input=17x64xf32=0 --input=3x64xbf16=0 --input=2x64xf16=0 --input=3x64xi1=0 --output=4=@%t.f32.npy --output=5=@%t.bf16.npy --output=6=@%t.f16.npy --output=7=@%t.cmp.npy
// RUN: aiter-run %s --device=reference --kernel=math_fns --input=64xf32=@%t.x.npy --input=64xf32=@%t.y.npy --input=64xbf16=@%t.xb.npy --input=14x64xf32=0 --input=64xbf16=0 --output=3=@%t.math.npy --output=4=@%t.math_bf16.npy
// RUN: aiter-run %s --device=reference --kernel=ints --input=64xi32=@%t.a.npy --input=64xi32=@%t.b.npy --input=64xi32=@%t.sh.npy --input=64xf32=@%t.big.npy --input=27x64xi32=0 --output=4=@%t.ints.npy
// RUN: aiter-run %s --device=reference --kernel=scalars --input=i32=-7 --input=f32=1.5 --input=6xi32=0 --input=2xf32=0 | FileCheck %s --check-prefix=SCALAR
// RUN: aiter-run %s --device=reference --kernel=fp8 --input="4xf8E4M3FNUZ=1 0.5 -2 3" --input=4xf32=0 --input=4xf8E4M3FNUZ=0 | FileCheck %s --check-prefix=FP8
// RUN: %python %S/Inputs/elementwise.py check %t

// -7 / 2 = -3 (toward zero); floordiv -4; ceildiv -3; -7 mod 2 = -1;
// -7 >> 1 (arith) = -4; min(-7, 2) unsigned = 2.
// SCALAR: result[2]: 6xi32=-3 -4 -3 -1 -4 2
// 1.5 * 1.5 + 1.5 = 3.75; 1.5 to bf16 and back.
// SCALAR: result[3]: 2xf32=3.75 1.5

// fp8 (e4m3fnuz: 3 mantissa bits, no infinity): x + x in fp8, widened to
// f32; f32 constants rounded to nearest even: 1.3 -> 1.25 (ulp 1/8), -0.3 ->
// -0.3125 (ulp 1/32), 100 -> 96 (the midpoint of 96 and 104; 96 is even),
// 1000 is past the largest value (240) and becomes NaN.
// FP8: result[1]: 4xf32=2 1 -4 6
// FP8: result[2]: 4xf8E4M3FNUZ=1.25 -0.3125 96 nan

aiter.kernel @floats(%xm: memref<64xf32>, %ym: memref<64xf32>, %wm: memref<64xf32>, %s: f32,
                     %o: memref<17x64xf32>, %ob: memref<3x64xbf16>, %oh: memref<2x64xf16>,
                     %oc: memref<3x64xi1>) {
  %z = arith.constant 0 : index
  %x = aiter.load %xm[%z] : memref<64xf32> -> tensor<64xf32>
  %y = aiter.load %ym[%z] : memref<64xf32> -> tensor<64xf32>
  %w = aiter.load %wm[%z] : memref<64xf32> -> tensor<64xf32>
  %sb = aiter.broadcast %s : f32 -> tensor<64xf32>
  %r0 = arith.addf %x, %y : tensor<64xf32>
  %r1 = arith.subf %x, %y : tensor<64xf32>
  %r2 = arith.mulf %x, %y : tensor<64xf32>
  %r3 = arith.divf %x, %y : tensor<64xf32>
  %r4 = arith.remf %x, %y : tensor<64xf32>
  %r5 = arith.maximumf %x, %y : tensor<64xf32>
  %r6 = arith.minimumf %x, %y : tensor<64xf32>
  %r7 = arith.maxnumf %x, %y : tensor<64xf32>
  %r8 = arith.minnumf %x, %y : tensor<64xf32>
  %r9 = arith.negf %x : tensor<64xf32>
  %r10 = math.absf %x : tensor<64xf32>
  %r11 = math.copysign %w, %x : tensor<64xf32>
  %r12 = math.fma %x, %y, %w : tensor<64xf32>
  %r13 = arith.mulf %x, %sb : tensor<64xf32>
  %lt = arith.cmpf olt, %x, %y : tensor<64xf32>
  %r14 = arith.select %lt, %x, %w : tensor<64xi1>, tensor<64xf32>
  %xb = arith.truncf %x : tensor<64xf32> to tensor<64xbf16>
  %r15 = arith.extf %xb : tensor<64xbf16> to tensor<64xf32>
  %xh = arith.truncf %x : tensor<64xf32> to tensor<64xf16>
  %r16 = arith.extf %xh : tensor<64xf16> to tensor<64xf32>
  %yb = arith.truncf %y : tensor<64xf32> to tensor<64xbf16>
  %b1 = arith.addf %xb, %yb : tensor<64xbf16>
  %b2 = arith.divf %xb, %yb : tensor<64xbf16>
  %yh = arith.truncf %y : tensor<64xf32> to tensor<64xf16>
  %h1 = arith.mulf %xh, %yh : tensor<64xf16>
  %une = arith.cmpf une, %x, %y : tensor<64xf32>
  %uno = arith.cmpf uno, %x, %y : tensor<64xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c9 = arith.constant 9 : index
  %c10 = arith.constant 10 : index
  %c11 = arith.constant 11 : index
  %c12 = arith.constant 12 : index
  %c13 = arith.constant 13 : index
  %c14 = arith.constant 14 : index
  %c15 = arith.constant 15 : index
  %c16 = arith.constant 16 : index
  aiter.store %r0, %o[%c0, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %r1, %o[%c1, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %r2, %o[%c2, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %r3, %o[%c3, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %r4, %o[%c4, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %r5, %o[%c5, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %r6, %o[%c6, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %r7, %o[%c7, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %r8, %o[%c8, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %r9, %o[%c9, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %r10, %o[%c10, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %r11, %o[%c11, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %r12, %o[%c12, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %r13, %o[%c13, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %r14, %o[%c14, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %r15, %o[%c15, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %r16, %o[%c16, %z] : tensor<64xf32> -> memref<17x64xf32>
  aiter.store %xb, %ob[%c0, %z] : tensor<64xbf16> -> memref<3x64xbf16>
  aiter.store %b1, %ob[%c1, %z] : tensor<64xbf16> -> memref<3x64xbf16>
  aiter.store %b2, %ob[%c2, %z] : tensor<64xbf16> -> memref<3x64xbf16>
  aiter.store %xh, %oh[%c0, %z] : tensor<64xf16> -> memref<2x64xf16>
  aiter.store %h1, %oh[%c1, %z] : tensor<64xf16> -> memref<2x64xf16>
  aiter.store %lt, %oc[%c0, %z] : tensor<64xi1> -> memref<3x64xi1>
  aiter.store %une, %oc[%c1, %z] : tensor<64xi1> -> memref<3x64xi1>
  aiter.store %uno, %oc[%c2, %z] : tensor<64xi1> -> memref<3x64xi1>
  aiter.return
}

aiter.kernel @math_fns(%xm: memref<64xf32>, %ym: memref<64xf32>, %xbm: memref<64xbf16>,
                       %o: memref<14x64xf32>, %ob: memref<64xbf16>) {
  %z = arith.constant 0 : index
  %x = aiter.load %xm[%z] : memref<64xf32> -> tensor<64xf32>
  %y = aiter.load %ym[%z] : memref<64xf32> -> tensor<64xf32>
  %xb = aiter.load %xbm[%z] : memref<64xbf16> -> tensor<64xbf16>
  %ax = math.absf %x : tensor<64xf32>
  %m0 = math.sqrt %ax : tensor<64xf32>
  %m1 = math.rsqrt %ax : tensor<64xf32>
  %m2 = math.exp %x : tensor<64xf32>
  %m3 = math.exp2 %x : tensor<64xf32>
  %m4 = math.log %ax : tensor<64xf32>
  %m5 = math.log2 %ax : tensor<64xf32>
  %m6 = math.tanh %x : tensor<64xf32>
  %m7 = math.sin %x : tensor<64xf32>
  %m8 = math.erf %x : tensor<64xf32>
  %m9 = math.powf %ax, %y : tensor<64xf32>
  %m10 = math.atan2 %x, %y : tensor<64xf32>
  %m11 = math.floor %x : tensor<64xf32>
  %m12 = math.roundeven %x : tensor<64xf32>
  %m13 = math.round %x : tensor<64xf32>
  %eb = math.exp %xb : tensor<64xbf16>
  aiter.store %m0, %o[%z, %z] : tensor<64xf32> -> memref<14x64xf32>
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c9 = arith.constant 9 : index
  %c10 = arith.constant 10 : index
  %c11 = arith.constant 11 : index
  %c12 = arith.constant 12 : index
  %c13 = arith.constant 13 : index
  aiter.store %m1, %o[%c1, %z] : tensor<64xf32> -> memref<14x64xf32>
  aiter.store %m2, %o[%c2, %z] : tensor<64xf32> -> memref<14x64xf32>
  aiter.store %m3, %o[%c3, %z] : tensor<64xf32> -> memref<14x64xf32>
  aiter.store %m4, %o[%c4, %z] : tensor<64xf32> -> memref<14x64xf32>
  aiter.store %m5, %o[%c5, %z] : tensor<64xf32> -> memref<14x64xf32>
  aiter.store %m6, %o[%c6, %z] : tensor<64xf32> -> memref<14x64xf32>
  aiter.store %m7, %o[%c7, %z] : tensor<64xf32> -> memref<14x64xf32>
  aiter.store %m8, %o[%c8, %z] : tensor<64xf32> -> memref<14x64xf32>
  aiter.store %m9, %o[%c9, %z] : tensor<64xf32> -> memref<14x64xf32>
  aiter.store %m10, %o[%c10, %z] : tensor<64xf32> -> memref<14x64xf32>
  aiter.store %m11, %o[%c11, %z] : tensor<64xf32> -> memref<14x64xf32>
  aiter.store %m12, %o[%c12, %z] : tensor<64xf32> -> memref<14x64xf32>
  aiter.store %m13, %o[%c13, %z] : tensor<64xf32> -> memref<14x64xf32>
  aiter.store %eb, %ob[%z] : tensor<64xbf16> -> memref<64xbf16>
  aiter.return
}

aiter.kernel @ints(%am: memref<64xi32>, %bm: memref<64xi32>, %shm: memref<64xi32>,
                   %fm: memref<64xf32>, %o: memref<27x64xi32>) {
  %z = arith.constant 0 : index
  %a = aiter.load %am[%z] : memref<64xi32> -> tensor<64xi32>
  %b = aiter.load %bm[%z] : memref<64xi32> -> tensor<64xi32>
  %sh = aiter.load %shm[%z] : memref<64xi32> -> tensor<64xi32>
  %f = aiter.load %fm[%z] : memref<64xf32> -> tensor<64xf32>
  %i0 = arith.addi %a, %b : tensor<64xi32>
  %i1 = arith.subi %a, %b : tensor<64xi32>
  %i2 = arith.muli %a, %b : tensor<64xi32>
  %i3 = arith.divsi %a, %b : tensor<64xi32>
  %i4 = arith.divui %a, %b : tensor<64xi32>
  %i5 = arith.remsi %a, %b : tensor<64xi32>
  %i6 = arith.remui %a, %b : tensor<64xi32>
  %i7 = arith.ceildivsi %a, %b : tensor<64xi32>
  %i8 = arith.floordivsi %a, %b : tensor<64xi32>
  %i9 = arith.ceildivui %a, %b : tensor<64xi32>
  %i10 = arith.andi %a, %b : tensor<64xi32>
  %i11 = arith.ori %a, %b : tensor<64xi32>
  %i12 = arith.xori %a, %b : tensor<64xi32>
  %i13 = arith.shli %a, %sh : tensor<64xi32>
  %i14 = arith.shrsi %a, %sh : tensor<64xi32>
  %i15 = arith.shrui %a, %sh : tensor<64xi32>
  %i16 = arith.maxsi %a, %b : tensor<64xi32>
  %i17 = arith.minui %a, %b : tensor<64xi32>
  %ult = arith.cmpi ult, %a, %b : tensor<64xi32>
  %i18 = arith.select %ult, %a, %b : tensor<64xi1>, tensor<64xi32>
  // i8 round trip: truncate, then sign- and zero-extend.
  %t8 = arith.trunci %a : tensor<64xi32> to tensor<64xi8>
  %i19 = arith.extsi %t8 : tensor<64xi8> to tensor<64xi32>
  %i20 = arith.extui %t8 : tensor<64xi8> to tensor<64xi32>
  // f32 -> i32 truncates toward zero (and saturates); i32 -> f32 rounds.
  %i21 = arith.fptosi %f : tensor<64xf32> to tensor<64xi32>
  %af = arith.sitofp %a : tensor<64xi32> to tensor<64xf32>
  %i22 = arith.bitcast %af : tensor<64xf32> to tensor<64xi32>
  %ix = arith.index_cast %a : tensor<64xi32> to tensor<64xindex>
  %i23 = arith.index_cast %ix : tensor<64xindex> to tensor<64xi32>
  %i24 = math.absi %a : tensor<64xi32>
  %i25 = math.ctlz %sh : tensor<64xi32>
  %i26 = math.ctpop %a : tensor<64xi32>
  // One row of the output per result: row k at [k, 0].
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c9 = arith.constant 9 : index
  %c10 = arith.constant 10 : index
  %c11 = arith.constant 11 : index
  %c12 = arith.constant 12 : index
  %c13 = arith.constant 13 : index
  %c14 = arith.constant 14 : index
  %c15 = arith.constant 15 : index
  %c16 = arith.constant 16 : index
  %c17 = arith.constant 17 : index
  %c18 = arith.constant 18 : index
  %c19 = arith.constant 19 : index
  %c20 = arith.constant 20 : index
  %c21 = arith.constant 21 : index
  %c22 = arith.constant 22 : index
  %c23 = arith.constant 23 : index
  %c24 = arith.constant 24 : index
  %c25 = arith.constant 25 : index
  %c26 = arith.constant 26 : index
  aiter.store %i0, %o[%z, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i1, %o[%c1, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i2, %o[%c2, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i3, %o[%c3, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i4, %o[%c4, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i5, %o[%c5, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i6, %o[%c6, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i7, %o[%c7, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i8, %o[%c8, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i9, %o[%c9, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i10, %o[%c10, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i11, %o[%c11, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i12, %o[%c12, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i13, %o[%c13, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i14, %o[%c14, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i15, %o[%c15, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i16, %o[%c16, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i17, %o[%c17, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i18, %o[%c18, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i19, %o[%c19, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i20, %o[%c20, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i21, %o[%c21, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i22, %o[%c22, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i23, %o[%c23, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i24, %o[%c24, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i25, %o[%c25, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.store %i26, %o[%c26, %z] : tensor<64xi32> -> memref<27x64xi32>
  aiter.return
}

aiter.kernel @scalars(%a: i32, %f: f32, %o: memref<6xi32>, %of: memref<2xf32>) {
  %z = arith.constant 0 : index
  %c2 = arith.constant 2 : i32
  %c1 = arith.constant 1 : i32
  %q = arith.divsi %a, %c2 : i32
  %fl = arith.floordivsi %a, %c2 : i32
  %ce = arith.ceildivsi %a, %c2 : i32
  %re = arith.remsi %a, %c2 : i32
  %sr = arith.shrsi %a, %c1 : i32
  %mu = arith.minui %a, %c2 : i32
  %t0 = aiter.broadcast %q : i32 -> tensor<6xi32>
  %t1 = aiter.broadcast %fl : i32 -> tensor<6xi32>
  %t2 = aiter.broadcast %ce : i32 -> tensor<6xi32>
  %t3 = aiter.broadcast %re : i32 -> tensor<6xi32>
  %t4 = aiter.broadcast %sr : i32 -> tensor<6xi32>
  %t5 = aiter.broadcast %mu : i32 -> tensor<6xi32>
  %idx = aiter.iota : tensor<6xi32>
  %k0 = arith.constant dense<0> : tensor<6xi32>
  %k1 = arith.constant dense<1> : tensor<6xi32>
  %k2 = arith.constant dense<2> : tensor<6xi32>
  %k3 = arith.constant dense<3> : tensor<6xi32>
  %k4 = arith.constant dense<4> : tensor<6xi32>
  %e0 = arith.cmpi eq, %idx, %k0 : tensor<6xi32>
  %e1 = arith.cmpi eq, %idx, %k1 : tensor<6xi32>
  %e2 = arith.cmpi eq, %idx, %k2 : tensor<6xi32>
  %e3 = arith.cmpi eq, %idx, %k3 : tensor<6xi32>
  %e4 = arith.cmpi eq, %idx, %k4 : tensor<6xi32>
  %s4 = arith.select %e4, %t4, %t5 : tensor<6xi1>, tensor<6xi32>
  %s3 = arith.select %e3, %t3, %s4 : tensor<6xi1>, tensor<6xi32>
  %s2 = arith.select %e2, %t2, %s3 : tensor<6xi1>, tensor<6xi32>
  %s1 = arith.select %e1, %t1, %s2 : tensor<6xi1>, tensor<6xi32>
  %s0 = arith.select %e0, %t0, %s1 : tensor<6xi1>, tensor<6xi32>
  aiter.store %s0, %o[%z] : tensor<6xi32> -> memref<6xi32>
  %ff = math.fma %f, %f, %f : f32
  %fb = arith.truncf %f : f32 to bf16
  %fe = arith.extf %fb : bf16 to f32
  %two = aiter.iota : tensor<2xi32>
  %lo = arith.constant dense<0> : tensor<2xi32>
  %first = arith.cmpi eq, %two, %lo : tensor<2xi32>
  %fft = aiter.broadcast %ff : f32 -> tensor<2xf32>
  %fet = aiter.broadcast %fe : f32 -> tensor<2xf32>
  %sel = arith.select %first, %fft, %fet : tensor<2xi1>, tensor<2xf32>
  aiter.store %sel, %of[%z] : tensor<2xf32> -> memref<2xf32>
  aiter.return
}

aiter.kernel @fp8(%x: memref<4xf8E4M3FNUZ>, %o: memref<4xf32>, %o8: memref<4xf8E4M3FNUZ>) {
  %z = arith.constant 0 : index
  %t = aiter.load %x[%z] : memref<4xf8E4M3FNUZ> -> tensor<4xf8E4M3FNUZ>
  %s = arith.addf %t, %t : tensor<4xf8E4M3FNUZ>
  %w = arith.extf %s : tensor<4xf8E4M3FNUZ> to tensor<4xf32>
  aiter.store %w, %o[%z] : tensor<4xf32> -> memref<4xf32>
  %f = arith.constant dense<[1.3, -0.3, 100.0, 1000.0]> : tensor<4xf32>
  %n = arith.truncf %f : tensor<4xf32> to tensor<4xf8E4M3FNUZ>
  aiter.store %n, %o8[%z] : tensor<4xf8E4M3FNUZ> -> memref<4xf8E4M3FNUZ>
  aiter.return
}
