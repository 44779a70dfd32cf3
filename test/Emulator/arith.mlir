// Integer and float arithmetic, compares, selects and casts, one lane per
// element; expected values worked out by hand.
// RUN: aiter-run %s --kernel=ints --block=4,1,1 --input="4xi32=7 -7 100 0" --input=4xi32=0 | FileCheck %s --check-prefix=INT
// RUN: aiter-run %s --kernel=floats --block=4,1,1 --input="4xf32=1.5 -2.25 0.1 3" --input=4xf32=0 --input=4xbf16=0 --input=4xf16=0 | FileCheck %s --check-prefix=FLT

// (x * 3 + 1) / 2 with signed division, then max with -5, xor 1, shl 1.
// 7 -> 11 -> 11 -> 10 -> 20 ; -7 -> -10 -> -5 -> -6 -> -12 ;
// 100 -> 150 -> 150 -> 151 -> 302 ; 0 -> 0 -> 0 -> 1 -> 2
// INT: result[1]: 4xi32=20 -12 302 2

// x*2 in f32; bf16(x*0.3) rounds to nearest even: 0.45 = 1.8*2^-2 and
// 1.8*128 = 230.4 -> 230, so 0.44921875 (printed as the shortest decimal
// that reads back to the same bf16: 0.45); 0.675 -> 173/256 = 0.67578125.
// FLT: result[1]: 4xf32=3 -4.5 0.2 6
// FLT: result[2]: 4xbf16=0.45 -0.676 0.03 0.9
// FLT: result[3]: 4xf16=2.5 -1.25 1.1 4

gpu.module @m [#rocdl.target<chip = "gfx942">] {
  gpu.func @ints(%in: memref<4xi32>, %out: memref<4xi32>) kernel {
    %t = gpu.thread_id x
    %x = memref.load %in[%t] : memref<4xi32>
    %c3 = arith.constant 3 : i32
    %c1 = arith.constant 1 : i32
    %c2 = arith.constant 2 : i32
    %cm5 = arith.constant -5 : i32
    %a = arith.muli %x, %c3 : i32
    %b = arith.addi %a, %c1 : i32
    %c = arith.divsi %b, %c2 : i32
    %d = arith.maxsi %c, %cm5 : i32
    %e = arith.xori %d, %c1 : i32
    %f = arith.shli %e, %c1 : i32
    %lt = arith.cmpi slt, %x, %cm5 : i32
    %g = arith.select %lt, %f, %f : i32
    memref.store %g, %out[%t] : memref<4xi32>
    gpu.return
  }
  gpu.func @floats(%in: memref<4xf32>, %o1: memref<4xf32>, %o2: memref<4xbf16>, %o3: memref<4xf16>) kernel {
    %t = gpu.thread_id x
    %x = memref.load %in[%t] : memref<4xf32>
    %two = arith.constant 2.0 : f32
    %p3 = arith.constant 0.3 : f32
    %one = arith.constant 1.0 : f32
    %a = arith.mulf %x, %two : f32
    memref.store %a, %o1[%t] : memref<4xf32>
    %b = arith.mulf %x, %p3 : f32
    %bb = arith.truncf %b : f32 to bf16
    memref.store %bb, %o2[%t] : memref<4xbf16>
    %c = arith.addf %x, %one : f32
    %ch = arith.truncf %c : f32 to f16
    memref.store %ch, %o3[%t] : memref<4xf16>
    gpu.return
  }
}
