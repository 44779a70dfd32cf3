// Vector masks: create_mask (dynamic, per lane), constant_mask, maskedload
// with a pass-through and maskedstore. Masked-off elements are not accessed:
// lane 3's vector lies past the end of the input but its mask is all false,
// so there is no out-of-bounds error.
// RUN: aiter-run %s --kernel=masked --block=4,1,1 --input="14xf32=0 1 2 3 4 5 6 7 8 9 10 11 12 13" --input=4x4xf32=9 | FileCheck %s
// RUN: aiter-run %s --kernel=masked_transfer --block=4,1,1 --input="14xf32=0 1 2 3 4 5 6 7 8 9 10 11 12 13" --input=4x4xf32=9 | FileCheck %s --check-prefix=XFER

// Lane t loads in[4t .. 4t+3] under create_mask((t + 1) % 4) (pass-through
// -1), stores only the first 2 elements (constant_mask [2]) of that + 100;
// the other two elements keep their initial 9.
// lane 0: [0 -1 ..] -> [100 99 9 9]; lane 1: [4 5 ..] -> [104 105 9 9];
// lane 2: [8 9 10 -1] -> [108 109 9 9]; lane 3: all -1 -> [99 99 9 9]
// CHECK: result[1]: 4x4xf32=[100 99 9 9][104 105 9 9][108 109 9 9][99 99 9 9]

// The same with masked transfer_read (padding -1) / transfer_write.
// XFER: result[1]: 4x4xf32=[100 99 9 9][104 105 9 9][108 109 9 9][99 99 9 9]

gpu.module @m [#rocdl.target<chip = "gfx950">] {
  gpu.func @masked(%in: memref<14xf32>, %out: memref<4x4xf32>) kernel {
    %t = gpu.thread_id x
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %n1 = arith.addi %t, %c1 : index
    %n = arith.remui %n1, %c4 : index
    %m = vector.create_mask %n : vector<4xi1>
    %base = arith.muli %t, %c4 : index
    %pass = arith.constant dense<-1.0> : vector<4xf32>
    %v = vector.maskedload %in[%base], %m, %pass : memref<14xf32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
    %h = arith.constant dense<100.0> : vector<4xf32>
    %w = arith.addf %v, %h : vector<4xf32>
    %m2 = vector.constant_mask [2] : vector<4xi1>
    vector.maskedstore %out[%t, %c0], %m2, %w : memref<4x4xf32>, vector<4xi1>, vector<4xf32>
    gpu.return
  }
  gpu.func @masked_transfer(%in: memref<14xf32>, %out: memref<4x4xf32>) kernel {
    %t = gpu.thread_id x
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %n1 = arith.addi %t, %c1 : index
    %n = arith.remui %n1, %c4 : index
    %m = vector.create_mask %n : vector<4xi1>
    %base = arith.muli %t, %c4 : index
    %pad = arith.constant -1.0 : f32
    %v = vector.transfer_read %in[%base], %pad, %m {in_bounds = [true]} : memref<14xf32>, vector<4xf32>
    %h = arith.constant dense<100.0> : vector<4xf32>
    %w = arith.addf %v, %h : vector<4xf32>
    %m2 = vector.constant_mask [2] : vector<4xi1>
    vector.transfer_write %w, %out[%t, %c0], %m2 {in_bounds = [true]} : vector<4xf32>, memref<4x4xf32>
    gpu.return
  }
}
