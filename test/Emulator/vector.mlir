// Vector ops per lane (2 lanes, distinct data): load/store, strided slices,
// broadcast, dynamic extract/insert, shape_cast + transpose, reduction, fma,
// bitcast, from_elements and an out-of-bounds transfer_read with padding.
// Expected values worked out by hand in the comments.
// RUN: aiter-run %s --kernel=vec --block=2,1,1 --input="2x8xf32=0 1 2 3 4 5 6 7 10 11 12 13 14 15 16 17" --input=2x8xf32=0 --input=2xf32=0 --input=2x2xi16=0 --input=2x4xf32=0 --input=2x2xf32=0 | FileCheck %s

// lane 0: v = 0..7, slice [2..5] + 100 inserted at 4 -> [0 1 2 3 102 103 104 105],
//   extract w[t=0] = 0 inserted at t+6 = 6 -> [0 1 2 3 102 103 0 105];
//   as 2x4, transposed to 4x2 and flattened: [0 102 1 103 2 0 3 105].
// lane 1: w = [10 11 12 13 112 113 114 115], w[1] = 11 at 7,
//   transposed: [10 112 11 113 12 114 13 11].
// CHECK: result[1]: 2x8xf32=[0 102 1 103 2 0 3 105][10 112 11 113 12 114 13 11]
// sum of v: 28 and 108; fma(2, 28, 1) = 57, 217
// CHECK: result[2]: 2xf32=57 217
// bitcast of 1.0f (0x3f800000) to two i16: [0, 0x3f80 = 16256]
// CHECK: result[3]: 2x2xi16=[0 16256][0 16256]
// transfer_read of in[t, 6..9] with padding -1: [6 7 -1 -1], [16 17 -1 -1]
// CHECK: result[4]: 2x4xf32=[6 7 -1 -1][16 17 -1 -1]
// from_elements(reduction, e): [28 0], [108 11]
// CHECK: result[5]: 2x2xf32=[28 0][108 11]

gpu.module @m [#rocdl.target<chip = "gfx942">] {
  gpu.func @vec(%in: memref<2x8xf32>, %out: memref<2x8xf32>, %red: memref<2xf32>,
                %bits: memref<2x2xi16>, %tr: memref<2x4xf32>, %fe: memref<2x2xf32>) kernel {
    %t = gpu.thread_id x
    %c0 = arith.constant 0 : index
    %c6 = arith.constant 6 : index
    %v = vector.load %in[%t, %c0] : memref<2x8xf32>, vector<8xf32>
    %s = vector.extract_strided_slice %v {offsets = [2], sizes = [4], strides = [1]} : vector<8xf32> to vector<4xf32>
    %f100 = arith.constant 100.0 : f32
    %b = vector.broadcast %f100 : f32 to vector<4xf32>
    %a = arith.addf %s, %b : vector<4xf32>
    %w = vector.insert_strided_slice %a, %v {offsets = [4], strides = [1]} : vector<4xf32> into vector<8xf32>
    %e = vector.extract %w[%t] : f32 from vector<8xf32>
    %p = arith.addi %t, %c6 : index
    %w2 = vector.insert %e, %w[%p] : f32 into vector<8xf32>
    %m = vector.shape_cast %w2 : vector<8xf32> to vector<2x4xf32>
    %mt = vector.transpose %m, [1, 0] : vector<2x4xf32> to vector<4x2xf32>
    %flat = vector.shape_cast %mt : vector<4x2xf32> to vector<8xf32>
    vector.store %flat, %out[%t, %c0] : memref<2x8xf32>, vector<8xf32>
    %sum = vector.reduction <add>, %v : vector<8xf32> into f32
    %sv = vector.broadcast %sum : f32 to vector<2xf32>
    %two = arith.constant dense<2.0> : vector<2xf32>
    %one = arith.constant dense<1.0> : vector<2xf32>
    %fm = vector.fma %two, %sv, %one : vector<2xf32>
    %fm0 = vector.extract %fm[0] : f32 from vector<2xf32>
    memref.store %fm0, %red[%t] : memref<2xf32>
    %onef = arith.constant dense<1.0> : vector<1xf32>
    %bc = vector.bitcast %onef : vector<1xf32> to vector<2xi16>
    vector.store %bc, %bits[%t, %c0] : memref<2x2xi16>, vector<2xi16>
    %pad = arith.constant -1.0 : f32
    %rd = vector.transfer_read %in[%t, %c6], %pad : memref<2x8xf32>, vector<4xf32>
    vector.transfer_write %rd, %tr[%t, %c0] {in_bounds = [true]} : vector<4xf32>, memref<2x4xf32>
    %fe2 = vector.from_elements %sum, %e : vector<2xf32>
    vector.store %fe2, %fe[%t, %c0] : memref<2x2xf32>, vector<2xf32>
    gpu.return
  }
}
