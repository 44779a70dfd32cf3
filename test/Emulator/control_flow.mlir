// Divergent control flow under the exec mask: scf.if with results taken by
// half the lanes, scf.for with a per-lane trip count, scf.while running until
// no lane is active; two waves. Expected values come from numpy
// (Inputs/check_control_flow.py) computed from the thread id alone.
// RUN: aiter-run %s --kernel=cf --block=128,1,1 --input=128xi32=0 --input=128xi32=0 --input=128xi32=0 --output=0=@%t.if.npy --output=1=@%t.for.npy --output=2=@%t.while.npy
// RUN: %python %S/Inputs/check_control_flow.py %t

gpu.module @m [#rocdl.target<chip = "gfx942">] {
  gpu.func @cf(%o_if: memref<128xi32>, %o_for: memref<128xi32>, %o_while: memref<128xi32>) kernel {
    %tid = gpu.thread_id x
    %t = arith.index_cast %tid : index to i32
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %c2 = arith.constant 2 : i32
    %c3 = arith.constant 3 : i32
    %c5 = arith.constant 5 : i32
    %c100 = arith.constant 100 : i32
    // if tid is even: 2*tid, else tid+100 (else side nested in another if).
    %r = arith.remui %t, %c2 : i32
    %even = arith.cmpi eq, %r, %c0 : i32
    %v = scf.if %even -> (i32) {
      %a = arith.muli %t, %c2 : i32
      scf.yield %a : i32
    } else {
      %big = arith.cmpi sgt, %t, %c100 : i32
      %b = scf.if %big -> (i32) {
        scf.yield %c0 : i32
      } else {
        %s = arith.addi %t, %c100 : i32
        scf.yield %s : i32
      }
      scf.yield %b : i32
    }
    memref.store %v, %o_if[%tid] : memref<128xi32>
    // sum of i for i in [0, tid % 5]
    %m = arith.remui %t, %c5 : i32
    %ub = arith.addi %m, %c1 : i32
    %sum = scf.for %i = %c0 to %ub step %c1 iter_args(%acc = %c0) -> (i32) : i32 {
      %n = arith.addi %acc, %i : i32
      scf.yield %n : i32
    }
    memref.store %sum, %o_for[%tid] : memref<128xi32>
    // Collatz steps of tid + 1.
    %n0 = arith.addi %t, %c1 : i32
    %res:2 = scf.while (%n = %n0, %steps = %c0) : (i32, i32) -> (i32, i32) {
      %go = arith.cmpi ne, %n, %c1 : i32
      scf.condition(%go) %n, %steps : i32, i32
    } do {
    ^bb0(%n: i32, %steps: i32):
      %rr = arith.remui %n, %c2 : i32
      %ev = arith.cmpi eq, %rr, %c0 : i32
      %half = arith.divui %n, %c2 : i32
      %tn = arith.muli %n, %c3 : i32
      %tn1 = arith.addi %tn, %c1 : i32
      %next = arith.select %ev, %half, %tn1 : i32
      %s1 = arith.addi %steps, %c1 : i32
      scf.yield %next, %s1 : i32, i32
    }
    memref.store %res#1, %o_while[%tid] : memref<128xi32>
    gpu.return
  }
}
