// aiter-assign-layouts gives every tile a layout and makes each change of
// layout an aiter.convert_layout. Checked: the anchors (MFMA layouts on dots,
// with the instruction recorded; blocked 16-byte runs on loads), layouts
// flowing through loops, elementwise ops and reductions, backward placement
// of constants / iota / broadcasts, rebuilding cheap producers instead of
// converting them, and that the result verifies and parses again.
// RUN: aiter-opt %s -split-input-file --aiter-assign-layouts="chip=gfx942" | FileCheck %s --check-prefixes=CHECK,GFX942
// RUN: aiter-opt %s -split-input-file --aiter-assign-layouts="chip=gfx950" | FileCheck %s --check-prefixes=CHECK,GFX950
// RUN: aiter-opt %s -split-input-file --aiter-assign-layouts="chip=gfx942" | aiter-opt -split-input-file > /dev/null
// The shipped flash-attention tile program: its online-softmax row state
// (m, l) is carried by the K/V loop in one layout from init to yield (a
// loop result once got a layout of its own, and the loop failed to verify),
// and P = exp2(S - m) feeds P V without a conversion on gfx942.
// RUN: aiter-opt %aiter_src_root/examples/tile/attention_fwd_causal.mlir --aiter-assign-layouts="chip=gfx942" | aiter-opt | FileCheck %s --check-prefix=ATTN
// RUN: aiter-opt %aiter_src_root/examples/tile/attention_fwd_causal.mlir --aiter-assign-layouts="chip=gfx950" | aiter-opt > /dev/null
// Both dots of the chain are computed transposed (S^T, O^T), so the online
// softmax's row state (alpha, l) needs no conversion to meet O: the only
// conversions are Q's, K's and V's (to be staged through LDS), and on gfx950
// P's (kWidth 8).
// RUN: aiter-opt %aiter_src_root/examples/tile/attention_fwd.mlir --aiter-assign-layouts="chip=gfx942" | grep -c "aiter.convert_layout" | FileCheck %s --check-prefix=ATTNCONV942
// RUN: aiter-opt %aiter_src_root/examples/tile/attention_fwd.mlir --aiter-assign-layouts="chip=gfx950" | grep -c "aiter.convert_layout" | FileCheck %s --check-prefix=ATTNCONV950
// ATTNCONV942: {{^}}3{{$}}
// ATTNCONV950: {{^}}4{{$}}
// ATTN: %[[P:.*]] = arith.truncf
// ATTN-NOT: aiter.convert_layout %[[P]] :
// ATTN: aiter.dot %[[P]],

// A GEMM K loop. The loads read 8 consecutive bf16 (16 bytes) per lane along
// the contiguous dim; B (K x N, K across rows) also takes runs of 4 rows per
// lane, so that its LDS staging writes runs of K, and its lane bit 0 steps
// to the next run (a 16-lane phase of 8-byte LDS writes then spans two K
// runs, which a swizzle can keep conflict-free together with the 16-byte
// reads; with four lane bits along N none can). The dot takes them through
// conversions to its operand layouts, whose lanes hold 8 consecutive K (16
// bytes: two 32x32x8 steps per read on gfx942, one 32x32x16 on gfx950); the
// accumulator's layout is the 32x32 MFMA's (lane j + 32 * ((i / 4) % 2),
// register i % 4 + 4 * (i / 8)) over a 2x2 wave grid (each wave a 64x64
// quarter: half the operand reads of four 32-row strips), carried by the
// loop and stored as it is.
// CHECK-LABEL: aiter.kernel @gemm
// CHECK: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<128x128xf32, #aiter.linear<[[ACC:.*]]>>
// CHECK: scf.for {{.*}} iter_args(%[[ACCARG:.*]] = %[[ZERO]]) -> (tensor<128x128xf32, #aiter.linear<[[ACC]]>>)
// CHECK: %[[A:.*]] = aiter.load {{.*}} -> tensor<128x64xbf16, #aiter.linear<register = {{\[}}[0, 1], [0, 2], [0, 4],
// CHECK: %[[B:.*]] = aiter.load {{.*}} -> tensor<64x128xbf16, #aiter.linear<register = {{\[}}[0, 1], [0, 2], [0, 4], [1, 0], [2, 0]], lane = {{\[}}[4, 0], [0, 8], [0, 16], [0, 32], [0, 64], [8, 0]],
// CHECK: %[[AOP:.*]] = aiter.convert_layout %[[A]] : {{.*}} -> tensor<128x64xbf16, #aiter.linear<register = {{\[}}[0, 1], [0, 2], [0, 4],
// CHECK: %[[BOP:.*]] = aiter.convert_layout %[[B]] : {{.*}} -> tensor<64x128xbf16, #aiter.linear<register = {{\[}}[1, 0], [2, 0], [4, 0],
// GFX942: aiter.dot %[[AOP]], %[[BOP]], %[[ACCARG]] {aiter.mfma = "32x32x8"} : {{.*}} -> tensor<128x128xf32, #aiter.linear<register = {{\[}}[1, 0], [2, 0], [8, 0], [16, 0], [0, 32], [32, 0]], lane = {{\[}}[0, 1], [0, 2], [0, 4], [0, 8], [0, 16], [4, 0]], wave = {{\[}}[0, 64], [64, 0]]
// GFX950: aiter.dot %[[AOP]], %[[BOP]], %[[ACCARG]] {aiter.mfma = "32x32x16"}
// CHECK: aiter.store %{{.*}} : tensor<128x128xbf16, #aiter.linear<[[ACC]]>>
// CHECK-NOT: aiter.convert_layout
// CHECK: aiter.return
aiter.kernel @gemm(%a: memref<?x?xbf16>, %b: memref<?x?xbf16>, %c: memref<?x?xbf16>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %k = memref.dim %a, %c1 : memref<?x?xbf16>
  %z = arith.constant dense<0.0> : tensor<128x128xf32>
  %r = scf.for %k0 = %c0 to %k step %c64 iter_args(%acc = %z) -> (tensor<128x128xf32>) {
    %at = aiter.load %a[%c0, %k0] : memref<?x?xbf16> -> tensor<128x64xbf16>
    %bt = aiter.load %b[%k0, %c0] : memref<?x?xbf16> -> tensor<64x128xbf16>
    %d = aiter.dot %at, %bt, %acc : tensor<128x64xbf16>, tensor<64x128xbf16> -> tensor<128x128xf32>
    scf.yield %d : tensor<128x128xf32>
  }
  %o = arith.truncf %r : tensor<128x128xf32> to tensor<128x128xbf16>
  aiter.store %o, %c[%c0, %c0] : tensor<128x128xbf16> -> memref<?x?xbf16>
  aiter.return
}

// -----

// A row softmax without a dot: the loaded tile's blocked layout flows to the
// reductions (as slices), back through expand_dims + broadcast, and into the
// elementwise ops; nothing is converted. The loaded dim 1 is contiguous.
// CHECK-LABEL: aiter.kernel @softmax
// CHECK: %[[X:.*]] = aiter.load {{.*}} -> tensor<64x128xf32, #aiter.linear<register = {{\[}}[0, 1], [0, 2],
// CHECK: aiter.reduce max %[[X]] axis 1
// CHECK-NOT: aiter.convert_layout
// CHECK: aiter.store
aiter.kernel @softmax(%in: memref<?x128xf32>, %out: memref<?x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = aiter.load %in[%c0, %c0] pad 0xFFF0000000000000 : memref<?x128xf32> -> tensor<64x128xf32>
  %m = aiter.reduce max %x axis 1 : tensor<64x128xf32> -> tensor<64xf32>
  %me = aiter.expand_dims %m axis 1 : tensor<64xf32> -> tensor<64x1xf32>
  %mb = aiter.broadcast %me : tensor<64x1xf32> -> tensor<64x128xf32>
  %s = arith.subf %x, %mb : tensor<64x128xf32>
  %e = math.exp %s : tensor<64x128xf32>
  %l = aiter.reduce sum %e axis 1 : tensor<64x128xf32> -> tensor<64xf32>
  %le = aiter.expand_dims %l axis 1 : tensor<64xf32> -> tensor<64x1xf32>
  %lb = aiter.broadcast %le : tensor<64x1xf32> -> tensor<64x128xf32>
  %p = arith.divf %e, %lb : tensor<64x128xf32>
  aiter.store %p, %out[%c0, %c0] : tensor<64x128xf32> -> memref<?x128xf32>
  aiter.return
}

// -----

// An iota feeding two tiles of different layouts (a column mask on a
// blocked tile and on an MFMA accumulator) is built once per layout rather
// than converted; so is a splat constant.
// CHECK-LABEL: aiter.kernel @remat
// CHECK-COUNT-2: aiter.iota
// CHECK-NOT: aiter.convert_layout %{{.*}}iota
aiter.kernel @remat(%a: memref<?x?xbf16>, %c: memref<?x?xf32>, %d: memref<?x?xf32>, %n: i32) {
  %c0 = arith.constant 0 : index
  %cols = aiter.iota : tensor<64xi32>
  %nb = aiter.broadcast %n : i32 -> tensor<64xi32>
  %in = arith.cmpi slt, %cols, %nb : tensor<64xi32>
  %ine = aiter.expand_dims %in axis 0 : tensor<64xi1> -> tensor<1x64xi1>
  %mask = aiter.broadcast %ine : tensor<1x64xi1> -> tensor<64x64xi1>
  %zero = arith.constant dense<0.0> : tensor<64x64xf32>
  %at = aiter.load %a[%c0, %c0] : memref<?x?xbf16> -> tensor<64x64xbf16>
  %x = arith.extf %at : tensor<64x64xbf16> to tensor<64x64xf32>
  %xm = arith.select %mask, %x, %zero : tensor<64x64xi1>, tensor<64x64xf32>
  aiter.store %xm, %c[%c0, %c0] : tensor<64x64xf32> -> memref<?x?xf32>
  %s = aiter.dot %at, %at, %zero : tensor<64x64xbf16>, tensor<64x64xbf16> -> tensor<64x64xf32>
  %sm = arith.select %mask, %s, %zero : tensor<64x64xi1>, tensor<64x64xf32>
  aiter.store %sm, %d[%c0, %c0] : tensor<64x64xf32> -> memref<?x?xf32>
  aiter.return
}

// -----

// Chain dots: S's accumulator reaches the second dot's A operand through
// elementwise ops only, so the first dot computes it transposed (S^T). With
// 32x32x8 (kWidth 4, gfx942) that is the A-operand layout itself: P feeds
// the second dot with no conversion. With gfx950's 32x32x16 (kWidth 8) P
// still needs one conversion (an in-wave exchange, not an LDS trip).
// CHECK-LABEL: aiter.kernel @chain
// CHECK: %[[S:.*]] = aiter.dot
// CHECK: %[[E:.*]] = math.exp2 %[[S]]
// CHECK: %[[P:.*]] = arith.truncf %[[E]]
// GFX942-NOT: aiter.convert_layout %[[P]]
// GFX942: aiter.dot %[[P]], %{{.*}}, %{{.*}} {aiter.mfma = "32x32x8"}
// GFX950: %[[PC:.*]] = aiter.convert_layout %[[P]]
// GFX950: aiter.dot %[[PC]], %{{.*}}, %{{.*}} {aiter.mfma = "32x32x16"}
aiter.kernel @chain(%q: memref<?x?xbf16>, %k: memref<?x?xbf16>, %v: memref<?x?xbf16>, %o: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %qt = aiter.load %q[%c0, %c0] : memref<?x?xbf16> -> tensor<128x64xbf16>
  %kt = aiter.load %k[%c0, %c0] dims [1, 0] : memref<?x?xbf16> -> tensor<64x64xbf16>
  %vt = aiter.load %v[%c0, %c0] : memref<?x?xbf16> -> tensor<64x64xbf16>
  %z = arith.constant dense<0.0> : tensor<128x64xf32>
  %s = aiter.dot %qt, %kt, %z : tensor<128x64xbf16>, tensor<64x64xbf16> -> tensor<128x64xf32>
  %e = math.exp2 %s : tensor<128x64xf32>
  %p = arith.truncf %e : tensor<128x64xf32> to tensor<128x64xbf16>
  %acc = aiter.dot %p, %vt, %z : tensor<128x64xbf16>, tensor<64x64xbf16> -> tensor<128x64xf32>
  aiter.store %acc, %o[%c0, %c0] : tensor<128x64xf32> -> memref<?x?xf32>
  aiter.return
}
