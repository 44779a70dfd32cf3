// The aiter-gpu-to-llvm pipeline lowers a SIMT kernel's gpu, amdgpu, vector,
// memref, scf and arith ops to the LLVM and ROCDL dialects for the chip, and
// block/grid dims to implicit-argument loads (no device-library calls).
// RUN: aiter-opt %s --aiter-gpu-to-llvm="chip=gfx950" | FileCheck %s
// RUN: aiter-compile %s -o %t.hsaco && llvm-readelf --notes %t.hsaco | FileCheck %s --check-prefix=NOTES

// CHECK: gpu.module @m
// CHECK: llvm.func @k(
// CHECK-SAME: rocdl.kernel
// CHECK-NOT: gpu.
// CHECK-NOT: __ockl
// CHECK: rocdl.workitem.id.x
// CHECK: llvm.call_intrinsic "llvm.amdgcn.implicitarg.ptr"
// CHECK: rocdl.mfma.f32.32x32x16.bf16
// CHECK: llvm.return

// The kernel reads block sizes, so the code object lists the hidden
// group-size arguments after the explicit ones.
// NOTES: .value_kind: hidden_block_count_x
// NOTES: .value_kind: hidden_group_size_x

gpu.module @m [#rocdl.target<chip = "gfx950">] {
  gpu.func @k(%a: memref<?xbf16>, %c: memref<?xf32>) kernel {
    %t = gpu.thread_id x
    %n = gpu.block_dim x
    %b = gpu.block_id x
    %bn = arith.muli %b, %n : index
    %i = arith.addi %bn, %t : index
    %c8 = arith.constant 8 : index
    %c16 = arith.constant 16 : index
    %off = arith.muli %i, %c8 : index
    %av = vector.load %a[%off] : memref<?xbf16>, vector<8xbf16>
    %z = arith.constant dense<0.0> : vector<16xf32>
    %d = amdgpu.mfma 32x32x16 %av * %av + %z blgp = none : vector<8xbf16>, vector<8xbf16>, vector<16xf32>
    %off2 = arith.muli %i, %c16 : index
    vector.store %d, %c[%off2] : memref<?xf32>, vector<16xf32>
    gpu.return
  }
}
