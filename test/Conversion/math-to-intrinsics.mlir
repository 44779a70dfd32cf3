// f32 math ops become AMDGPU transcendental instructions (ROCDL intrinsics),
// never device-library calls, and vectors are unrolled. (Other element types
// are left to the upstream lowering; our kernels do their math in f32.)
// RUN: aiter-opt %s --pass-pipeline='builtin.module(gpu.module(aiter-math-to-intrinsics))' | FileCheck %s
// RUN: aiter-compile %s --emit=asm | FileCheck %s --check-prefix=ASM

gpu.module @m [#rocdl.target<chip = "gfx942">] {
  // Constants are hoisted to the entry block.
  // CHECK-LABEL: gpu.func @scalars
  // CHECK-DAG: %[[TWO:.*]] = arith.constant 2.000000e+00 : f32
  // CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
  // CHECK-DAG: %[[T2:.*]] = arith.constant 2.885390e+00 : f32
  // CHECK-DAG: %[[LN2:.*]] = arith.constant 0.693147182 : f32
  // CHECK-DAG: %[[L2E:.*]] = arith.constant 1.44269502 : f32
  gpu.func @scalars(%a: memref<8xf32>) kernel {
    %c0 = arith.constant 0 : index
    %x = memref.load %a[%c0] : memref<8xf32>
    // CHECK: %[[E2:.*]] = rocdl.exp2 %{{.*}} f32 -> f32
    %e2 = math.exp2 %x : f32
    // exp(x) = exp2(x * log2(e))
    // CHECK: %[[M:.*]] = arith.mulf %[[E2]], %[[L2E]] : f32
    // CHECK: rocdl.exp2 %[[M]]
    %e = math.exp %e2 : f32
    // CHECK: rocdl.log
    %l2 = math.log2 %e : f32
    // log(x) = log2(x) * ln(2)
    // CHECK: %[[LG:.*]] = rocdl.log
    // CHECK: arith.mulf %[[LG]], %[[LN2]]
    %l = math.log %l2 : f32
    // CHECK: %[[S:.*]] = rocdl.sqrt
    %s = math.sqrt %l : f32
    // CHECK: %[[S2:.*]] = rocdl.sqrt %[[S]]
    // CHECK: rocdl.rcp %[[S2]]
    %r = math.rsqrt %s : f32
    // tanh(x) = 1 - 2 rcp(exp2(2 log2(e) x) + 1)
    // CHECK: %[[TX:.*]] = arith.mulf %{{.*}}, %[[T2]]
    // CHECK: %[[TE:.*]] = rocdl.exp2 %[[TX]]
    // CHECK: %[[DEN:.*]] = arith.addf %[[TE]], %[[ONE]]
    // CHECK: %[[INV:.*]] = rocdl.rcp %[[DEN]]
    // CHECK: %[[FR:.*]] = arith.mulf %[[INV]], %[[TWO]]
    // CHECK: arith.subf %[[ONE]], %[[FR]]
    %t = math.tanh %r : f32
    // CHECK-NOT: math.
    memref.store %t, %a[%c0] : memref<8xf32>
    gpu.return
  }

  // CHECK-LABEL: gpu.func @vectors
  gpu.func @vectors(%a: memref<8xf32>) kernel {
    %c0 = arith.constant 0 : index
    %v = vector.load %a[%c0] : memref<8xf32>, vector<4xf32>
    // CHECK-COUNT-4: rocdl.exp2 %{{.*}} f32 -> f32
    // CHECK: vector.from_elements {{.*}} : vector<4xf32>
    %e = math.exp2 %v : vector<4xf32>
    vector.store %e, %a[%c0] : memref<8xf32>, vector<4xf32>
    gpu.return
  }
}

// ASM-LABEL: scalars:
// ASM-NOT: s_swappc
// ASM: v_exp_f32
// ASM: v_log_f32
// ASM: v_sqrt_f32
// ASM: v_rcp_f32
// ASM-NOT: s_swappc
// ASM-LABEL: vectors:
