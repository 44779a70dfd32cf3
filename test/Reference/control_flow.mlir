// scf.for with iter_args (tiles and scalars carried across iterations, a
// ragged last chunk read through a clipped load), i32 and unsigned induction
// variables, zero-trip loops, a loop whose next step would overflow, and
// scf.if with and without results, chosen per program.
// RUN: %python %S/Inputs/control_flow.py gen %t
// RUN: aiter-run %s --device=reference --kernel=row_sums --grid=3 --input=10x29xf32=@%t.x.npy --input=10xf32=0 --output=1=@%t.sums.npy
// RUN: aiter-run %s --device=reference --kernel=branches --grid=5 --input=20xf32=@%t.v.npy --input=20xf32=0 --input=4xi32=0 --output=1=@%t.br.npy --output=2=@%t.flag.npy
// RUN: %python %S/Inputs/control_flow.py check %t
//
// Trip counts and sums of the induction variable, then the trip count of the
// same bounds compared unsigned: -3, 1, 5, 9 (unsigned: -3 is 2^32 - 3, no
// iteration); none; two steps below 2^31 - 1, the third would overflow i32
// (unsigned, step 1: ten); -3 to 2 (unsigned: none).
// RUN: aiter-run %s --device=reference --kernel=counted --input=i32=-3 --input=i32=10 --input=i32=4 --input=3xi32=0 | FileCheck %s --check-prefix=C1
// RUN: aiter-run %s --device=reference --kernel=counted --input=i32=5 --input=i32=5 --input=i32=1 --input=3xi32=0 | FileCheck %s --check-prefix=C2
// RUN: aiter-run %s --device=reference --kernel=counted --input=i32=2147483637 --input=i32=2147483647 --input=i32=8 --input=3xi32=0 | FileCheck %s --check-prefix=C3
// RUN: aiter-run %s --device=reference --kernel=counted --input=i32=-3 --input=i32=2 --input=i32=1 --input=3xi32=0 | FileCheck %s --check-prefix=C4
// C1: result[3]: 3xi32=4 12 0
// C2: result[3]: 3xi32=0 0 0
// C3: result[3]: 3xi32=2 -14 10
// C4: result[3]: 3xi32=5 -5 0

aiter.kernel @row_sums(%x: memref<?x?xf32>, %out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %pid = aiter.program_id 0
  %r0 = arith.muli %pid, %c4 : index
  %k = memref.dim %x, %c1 : memref<?x?xf32>
  %zero = arith.constant dense<0.0> : tensor<4xf32>
  %acc = scf.for %k0 = %c0 to %k step %c8 iter_args(%a = %zero) -> (tensor<4xf32>) {
    %t = aiter.load %x[%r0, %k0] pad 0.0 : memref<?x?xf32> -> tensor<4x8xf32>
    %s = aiter.reduce sum %t axis 1 : tensor<4x8xf32> -> tensor<4xf32>
    %n = arith.addf %a, %s : tensor<4xf32>
    scf.yield %n : tensor<4xf32>
  }
  aiter.store %acc, %out[%r0] : tensor<4xf32> -> memref<?xf32>
  aiter.return
}

aiter.kernel @branches(%v: memref<?xf32>, %out: memref<?xf32>, %flag: memref<4xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %pid = aiter.program_id 0
  %n = aiter.num_programs 0
  %o = arith.muli %pid, %c4 : index
  %t = aiter.load %v[%o] : memref<?xf32> -> tensor<4xf32>
  %parity = arith.remui %pid, %c2 : index
  %even = arith.cmpi eq, %parity, %c0 : index
  // Even programs double their tile, odd ones add 1.
  %r = scf.if %even -> (tensor<4xf32>) {
    %d = arith.addf %t, %t : tensor<4xf32>
    scf.yield %d : tensor<4xf32>
  } else {
    %one = arith.constant dense<1.0> : tensor<4xf32>
    %e = arith.addf %t, %one : tensor<4xf32>
    scf.yield %e : tensor<4xf32>
  }
  aiter.store %r, %out[%o] : tensor<4xf32> -> memref<?xf32>
  // Only the last program writes the flag: [pid, n, 7, 7].
  %nm1 = arith.subi %n, %c1 : index
  %last = arith.cmpi eq, %pid, %nm1 : index
  scf.if %last {
    %pi = arith.index_cast %pid : index to i32
    %ni = arith.index_cast %n : index to i32
    %i = aiter.iota : tensor<4xi32>
    %zi = arith.constant dense<0> : tensor<4xi32>
    %oi = arith.constant dense<1> : tensor<4xi32>
    %is0 = arith.cmpi eq, %i, %zi : tensor<4xi32>
    %is1 = arith.cmpi eq, %i, %oi : tensor<4xi32>
    %pt = aiter.broadcast %pi : i32 -> tensor<4xi32>
    %nt = aiter.broadcast %ni : i32 -> tensor<4xi32>
    %seven = arith.constant dense<7> : tensor<4xi32>
    %a = arith.select %is1, %nt, %seven : tensor<4xi1>, tensor<4xi32>
    %b = arith.select %is0, %pt, %a : tensor<4xi1>, tensor<4xi32>
    aiter.store %b, %flag[%c0] : tensor<4xi32> -> memref<4xi32>
  }
  aiter.return
}

aiter.kernel @counted(%lo: i32, %hi: i32, %st: i32, %o: memref<3xi32>) {
  %c0 = arith.constant 0 : index
  %z = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %r:2 = scf.for %i = %lo to %hi step %st iter_args(%n = %z, %s = %z) -> (i32, i32) : i32 {
    %n1 = arith.addi %n, %one : i32
    %s1 = arith.addi %s, %i : i32
    scf.yield %n1, %s1 : i32, i32
  }
  %u = scf.for unsigned %i = %lo to %hi step %one iter_args(%n = %z) -> (i32) : i32 {
    %n1 = arith.addi %n, %one : i32
    scf.yield %n1 : i32
  }
  %iota = aiter.iota : tensor<3xi32>
  %zt = arith.constant dense<0> : tensor<3xi32>
  %ot = arith.constant dense<1> : tensor<3xi32>
  %is0 = arith.cmpi eq, %iota, %zt : tensor<3xi32>
  %is1 = arith.cmpi eq, %iota, %ot : tensor<3xi32>
  %nt = aiter.broadcast %r#0 : i32 -> tensor<3xi32>
  %st2 = aiter.broadcast %r#1 : i32 -> tensor<3xi32>
  %ut = aiter.broadcast %u : i32 -> tensor<3xi32>
  %a = arith.select %is1, %st2, %ut : tensor<3xi1>, tensor<3xi32>
  %b = arith.select %is0, %nt, %a : tensor<3xi1>, tensor<3xi32>
  aiter.store %b, %o[%c0] : tensor<3xi32> -> memref<3xi32>
  aiter.return
}
