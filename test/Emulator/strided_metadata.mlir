// memref.extract_strided_metadata (what the aligned kernels use to bound
// their buffer resources by the view's true extent): of a 3x4 subview at
// (1, 1) of a 4x6 argument, the offset is 7, the sizes 3 4, the strides 6 1;
// the base buffer still reads the argument (element 9 = 9).
// RUN: aiter-run %s --kernel=meta --block=64,1,1 --input="4x6xf32=0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23" --input=8xi32=-1 | FileCheck %s
// CHECK: result[1]: 8xi32=7 3 4 6 1 9 -1 -1

gpu.module @m [#rocdl.target<chip = "gfx942">] {
  gpu.func @meta(%in: memref<4x6xf32>, %out: memref<8xi32>) kernel {
    %c0 = arith.constant 0 : index
    %c9 = arith.constant 9 : index
    %t = gpu.thread_id x
    %sub = memref.subview %in[1, 1] [3, 4] [1, 1]
        : memref<4x6xf32> to memref<3x4xf32, strided<[6, 1], offset: 7>>
    %base, %off, %sizes:2, %strides:2 = memref.extract_strided_metadata %sub
        : memref<3x4xf32, strided<[6, 1], offset: 7>>
        -> memref<f32>, index, index, index, index, index
    %first = arith.cmpi eq, %t, %c0 : index
    scf.if %first {
      %vals = vector.from_elements %off, %sizes#0, %sizes#1, %strides#0, %strides#1 : vector<5xindex>
      %ints = arith.index_cast %vals : vector<5xindex> to vector<5xi32>
      vector.store %ints, %out[%c0] : memref<8xi32>, vector<5xi32>
      %flat = memref.reinterpret_cast %base to offset: [0], sizes: [24], strides: [1]
          : memref<f32> to memref<24xf32>
      %x = memref.load %flat[%c9] : memref<24xf32>
      %xi = arith.fptosi %x : f32 to i32
      %c5 = arith.constant 5 : index
      memref.store %xi, %out[%c5] : memref<8xi32>
    }
    gpu.return
  }
}
