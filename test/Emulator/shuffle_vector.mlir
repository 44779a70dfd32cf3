// vector.shuffle per lane (2 lanes, distinct data): a slice of one operand
// and an interleave of two, as the attention lowering uses them.
// RUN: aiter-run %s --kernel=shuf --block=2,1,1 --input="2x8xf32=0 1 2 3 4 5 6 7 10 11 12 13 14 15 16 17" --input=2x8xf32=0 | FileCheck %s

// lane 0: a = [0 1 2 3], b = [4 5 6 7]; slice a[1..2] = [1 2];
//   shuffle(a, b) [0, 4, 1, 5, 2, 6] = [0 4 1 5 2 6] -> out = [1 2 0 4 1 5 2 6]
// lane 1: a = [10 11 12 13], b = [14 15 16 17]
// CHECK: result[1]: 2x8xf32=[1 2 0 4 1 5 2 6][11 12 10 14 11 15 12 16]

gpu.module @m [#rocdl.target<chip = "gfx942">] {
  gpu.func @shuf(%in: memref<2x8xf32>, %out: memref<2x8xf32>) kernel {
    %t = gpu.thread_id x
    %c0 = arith.constant 0 : index
    %c2 = arith.constant 2 : index
    %c4 = arith.constant 4 : index
    %a = vector.load %in[%t, %c0] : memref<2x8xf32>, vector<4xf32>
    %b = vector.load %in[%t, %c4] : memref<2x8xf32>, vector<4xf32>
    %s = vector.shuffle %a, %a [1, 2] : vector<4xf32>, vector<4xf32>
    %z = vector.shuffle %a, %b [0, 4, 1, 5, 2, 6] : vector<4xf32>, vector<4xf32>
    vector.store %s, %out[%t, %c0] : memref<2x8xf32>, vector<2xf32>
    vector.store %z, %out[%t, %c2] : memref<2x8xf32>, vector<6xf32>
    gpu.return
  }
}
