// fp8 conversions round to nearest even: FNUZ formats on gfx942, OCP on
// gfx950 (round trip f32 -> fp8 -> f32). Worked out by hand:
//  e4m3 (3 mantissa bits): 0.3 = 1.2*2^-2, 1.2*8 = 9.6 -> 10 -> 0.3125;
//   -2.75 exact; 0.001: FNUZ denormal step 2^-10 -> 0.0009765625,
//   OCP (bias 7) denormal step 2^-9, 0.512 steps -> 1 -> 0.001953125.
//  e5m2 (2 mantissa bits): 0.3 -> 1.2*4 = 4.8 -> 5 -> 0.3125; -2.75 =
//   1.375*2, 1.375*4 = 5.5 ties to even 6 -> -3; 0.001 = 1.024*2^-10 -> 2^-10.
// RUN: aiter-run %s --kernel=fnuz --block=4,1,1 --input="4xf32=1 0.3 -2.75 0.001" --input=4xf32=0 --input=4xf32=0 | FileCheck %s --check-prefix=FNUZ
// RUN: aiter-run %s --kernel=ocp --block=4,1,1 --input="4xf32=1 0.3 -2.75 0.001" --input=4xf32=0 --input=4xf32=0 | FileCheck %s --check-prefix=OCP

// FNUZ: result[1]: 4xf32=1 0.3125 -2.75 0.0009765625
// FNUZ: result[2]: 4xf32=1 0.3125 -3 0.0009765625
// OCP: result[1]: 4xf32=1 0.3125 -2.75 0.001953125
// OCP: result[2]: 4xf32=1 0.3125 -3 0.0009765625

gpu.module @m942 [#rocdl.target<chip = "gfx942">] {
  gpu.func @fnuz(%in: memref<4xf32>, %o1: memref<4xf32>, %o2: memref<4xf32>) kernel {
    %t = gpu.thread_id x
    %x = memref.load %in[%t] : memref<4xf32>
    %a = arith.truncf %x : f32 to f8E4M3FNUZ
    %ae = arith.extf %a : f8E4M3FNUZ to f32
    memref.store %ae, %o1[%t] : memref<4xf32>
    %b = arith.truncf %x : f32 to f8E5M2FNUZ
    %be = arith.extf %b : f8E5M2FNUZ to f32
    memref.store %be, %o2[%t] : memref<4xf32>
    gpu.return
  }
}
gpu.module @m950 [#rocdl.target<chip = "gfx950">] {
  gpu.func @ocp(%in: memref<4xf32>, %o1: memref<4xf32>, %o2: memref<4xf32>) kernel {
    %t = gpu.thread_id x
    %x = memref.load %in[%t] : memref<4xf32>
    %a = arith.truncf %x : f32 to f8E4M3FN
    %ae = arith.extf %a : f8E4M3FN to f32
    memref.store %ae, %o1[%t] : memref<4xf32>
    %b = arith.truncf %x : f32 to f8E5M2
    %be = arith.extf %b : f8E5M2 to f32
    memref.store %be, %o2[%t] : memref<4xf32>
    gpu.return
  }
}
