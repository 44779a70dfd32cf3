// gpu.block_dim / gpu.grid_dim become constants when the kernel declares its
// sizes, and loads of the code object v5 implicit arguments otherwise (never
// device-library calls).
// RUN: aiter-opt %s --pass-pipeline='builtin.module(gpu.module(aiter-launch-dims-to-implicit-args))' | FileCheck %s

gpu.module @m {
  // CHECK-LABEL: gpu.func @dynamic
  gpu.func @dynamic(%out: memref<6xindex>) kernel {
    // CHECK-NOT: gpu.block_dim
    // CHECK-NOT: gpu.grid_dim
    // hidden_group_size_x/y/z: u16 at 12, 14, 16.
    // CHECK: %[[P0:.*]] = llvm.call_intrinsic "llvm.amdgcn.implicitarg.ptr"() : () -> !llvm.ptr<4>
    // CHECK: %[[G0:.*]] = llvm.getelementptr %[[P0]][12] : (!llvm.ptr<4>) -> !llvm.ptr<4>, i8
    // CHECK: %[[L0:.*]] = llvm.load %[[G0]] invariant {alignment = 2 : i64} : !llvm.ptr<4> -> i16
    // CHECK: arith.index_castui %[[L0]] : i16 to index
    // CHECK: llvm.getelementptr %{{.*}}[14]
    // CHECK: llvm.getelementptr %{{.*}}[16]
    // hidden_block_count_x/y/z: u32 at 0, 4, 8.
    // CHECK: %[[G3:.*]] = llvm.getelementptr %{{.*}}[0] : (!llvm.ptr<4>) -> !llvm.ptr<4>, i8
    // CHECK: llvm.load %[[G3]] invariant {alignment = 4 : i64} : !llvm.ptr<4> -> i32
    // CHECK: llvm.getelementptr %{{.*}}[4]
    // CHECK: llvm.getelementptr %{{.*}}[8]
    %bx = gpu.block_dim x
    %by = gpu.block_dim y
    %bz = gpu.block_dim z
    %gx = gpu.grid_dim x
    %gy = gpu.grid_dim y
    %gz = gpu.grid_dim z
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    %c5 = arith.constant 5 : index
    memref.store %bx, %out[%c0] : memref<6xindex>
    memref.store %by, %out[%c1] : memref<6xindex>
    memref.store %bz, %out[%c2] : memref<6xindex>
    memref.store %gx, %out[%c3] : memref<6xindex>
    memref.store %gy, %out[%c4] : memref<6xindex>
    memref.store %gz, %out[%c5] : memref<6xindex>
    gpu.return
  }

  // CHECK-LABEL: gpu.func @known
  gpu.func @known(%out: memref<2xindex>) kernel
      attributes {known_block_size = array<i32: 256, 1, 1>,
                  known_grid_size = array<i32: 64, 8, 1>} {
    // CHECK-NOT: llvm.call_intrinsic
    // CHECK-DAG: %[[B:.*]] = arith.constant 256 : index
    // CHECK-DAG: %[[G:.*]] = arith.constant 8 : index
    // CHECK: memref.store %[[B]]
    // CHECK: memref.store %[[G]]
    %bx = gpu.block_dim x
    %gy = gpu.grid_dim y
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    memref.store %bx, %out[%c0] : memref<2xindex>
    memref.store %gy, %out[%c1] : memref<2xindex>
    gpu.return
  }
}
