// aiter-sink-lds-reads: LDS reads move down to their first use, one K step
// of MFMAs ahead, never past a barrier or a write; kernels whose emitter
// pinned their schedule are left alone.
// RUN: aiter-opt %s --aiter-sink-lds-reads | FileCheck %s

// Two K steps of a dot: the reads of step 1 (A1, B1) go before the MFMA of
// step 0 (which produces their MFMA's accumulator), those of step 0 stay
// before it; the slices of the whole operand vector become vectors of the
// elements they pick. The read before the store stays above it and the
// barrier.
// CHECK-LABEL: gpu.func @steps
// CHECK: amdgpu.lds_barrier
// CHECK-NEXT: vector.load %{{.*}}[%c0]
// CHECK: %[[S0:.*]] = vector.from_elements {{.*}} : vector<4xbf16>
// CHECK-NEXT: %[[B1:.*]] = vector.load %{{.*}}[%c12]
// CHECK-NEXT: %[[B0:.*]] = vector.load %{{.*}}[%c8]
// CHECK-NEXT: %[[A1:.*]] = vector.load %{{.*}}[%c4]
// CHECK-NEXT: %[[D0:.*]] = amdgpu.mfma 32x32x8 %[[S0]] * %[[B0]]
// CHECK: vector.extract %[[A1]]
// CHECK: %[[S1:.*]] = vector.from_elements {{.*}} : vector<4xbf16>
// CHECK-NEXT: amdgpu.mfma 32x32x8 %[[S1]] * %[[B1]] + %[[D0]]
// CHECK-NEXT: vector.load %{{.*}}[%c16]
// CHECK-NEXT: vector.store
// CHECK-NEXT: amdgpu.lds_barrier
// CHECK-NOT: vector.load
// CHECK: gpu.return
// Three K steps: the read of step 2 goes before the MFMA of step 1, not to
// the start of the dot (a step ends at the MFMA producing an accumulator of
// one already in it).
// CHECK-LABEL: gpu.func @three_steps
// CHECK: %[[A1:.*]] = vector.load %{{.*}}[%c4]
// CHECK-NEXT: %[[A0:.*]] = vector.load %{{.*}}[%c0]
// CHECK-NEXT: %[[D0:.*]] = amdgpu.mfma 32x32x8 %[[A0]]
// CHECK-NEXT: %[[A2:.*]] = vector.load %{{.*}}[%c8]
// CHECK-NEXT: %[[D1:.*]] = amdgpu.mfma 32x32x8 %[[A1]] * %{{.*}} + %[[D0]]
// CHECK-NEXT: amdgpu.mfma 32x32x8 %[[A2]] * %{{.*}} + %[[D1]]
// CHECK-LABEL: gpu.func @pinned
// CHECK: vector.load
// CHECK-NEXT: vector.load
// CHECK-NEXT: arith.addf
gpu.module @m {
  gpu.func @steps(%lds: memref<64xbf16, #gpu.address_space<workgroup>>, %out: memref<16xf32, #gpu.address_space<workgroup>>) kernel {
    %c0 = arith.constant 0 : index
    %c4 = arith.constant 4 : index
    %c8 = arith.constant 8 : index
    %c12 = arith.constant 12 : index
    %c16 = arith.constant 16 : index
    %z = arith.constant dense<0.0> : vector<16xf32>
    amdgpu.lds_barrier
    %a0 = vector.load %lds[%c0] : memref<64xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
    %a1 = vector.load %lds[%c4] : memref<64xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
    %b0 = vector.load %lds[%c8] : memref<64xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
    %b1 = vector.load %lds[%c12] : memref<64xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
    %x0 = vector.extract %a0[0] : bf16 from vector<4xbf16>
    %x1 = vector.extract %a0[1] : bf16 from vector<4xbf16>
    %x2 = vector.extract %a0[2] : bf16 from vector<4xbf16>
    %x3 = vector.extract %a0[3] : bf16 from vector<4xbf16>
    %x4 = vector.extract %a1[0] : bf16 from vector<4xbf16>
    %x5 = vector.extract %a1[1] : bf16 from vector<4xbf16>
    %x6 = vector.extract %a1[2] : bf16 from vector<4xbf16>
    %x7 = vector.extract %a1[3] : bf16 from vector<4xbf16>
    %a = vector.from_elements %x0, %x1, %x2, %x3, %x4, %x5, %x6, %x7 : vector<8xbf16>
    %s0 = vector.shuffle %a, %a [0, 1, 2, 3] : vector<8xbf16>, vector<8xbf16>
    %d0 = amdgpu.mfma 32x32x8 %s0 * %b0 + %z blgp = none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
    %s1 = vector.shuffle %a, %a [4, 5, 6, 7] : vector<8xbf16>, vector<8xbf16>
    %d1 = amdgpu.mfma 32x32x8 %s1 * %b1 + %d0 blgp = none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
    %late = vector.load %lds[%c16] : memref<64xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
    vector.store %d1, %out[%c0] : memref<16xf32, #gpu.address_space<workgroup>>, vector<16xf32>
    amdgpu.lds_barrier
    %e = vector.extract %late[0] : bf16 from vector<4xbf16>
    %f = arith.extf %e : bf16 to f32
    memref.store %f, %out[%c0] : memref<16xf32, #gpu.address_space<workgroup>>
    gpu.return
  }
  gpu.func @three_steps(%lds: memref<64xbf16, #gpu.address_space<workgroup>>, %b: vector<4xbf16>, %out: memref<16xf32, #gpu.address_space<workgroup>>) kernel {
    %c0 = arith.constant 0 : index
    %c4 = arith.constant 4 : index
    %c8 = arith.constant 8 : index
    %z = arith.constant dense<0.0> : vector<16xf32>
    %a0 = vector.load %lds[%c0] : memref<64xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
    %a1 = vector.load %lds[%c4] : memref<64xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
    %a2 = vector.load %lds[%c8] : memref<64xbf16, #gpu.address_space<workgroup>>, vector<4xbf16>
    %d0 = amdgpu.mfma 32x32x8 %a0 * %b + %z blgp = none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
    %d1 = amdgpu.mfma 32x32x8 %a1 * %b + %d0 blgp = none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
    %d2 = amdgpu.mfma 32x32x8 %a2 * %b + %d1 blgp = none : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
    vector.store %d2, %out[%c0] : memref<16xf32, #gpu.address_space<workgroup>>, vector<16xf32>
    gpu.return
  }
  gpu.func @pinned(%lds: memref<64xf32, #gpu.address_space<workgroup>>) kernel attributes {aiter.pinned_schedule} {
    %c0 = arith.constant 0 : index
    %c4 = arith.constant 4 : index
    %x = vector.load %lds[%c0] : memref<64xf32, #gpu.address_space<workgroup>>, vector<4xf32>
    %y = vector.load %lds[%c4] : memref<64xf32, #gpu.address_space<workgroup>>, vector<4xf32>
    %s = arith.addf %x, %y : vector<4xf32>
    vector.store %s, %lds[%c0] : memref<64xf32, #gpu.address_space<workgroup>>, vector<4xf32>
    gpu.return
  }
}
