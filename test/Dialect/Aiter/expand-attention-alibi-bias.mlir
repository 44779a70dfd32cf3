// aiter-expand with ALiBi and an additive bias: the kernel takes the slopes
// ([batch, heads] f32, any strides) and the bias ([batch, heads, seq_q,
// seq_k], any strides) after LSE; every key loop adds, to the softcapped
// score in log2 units, -slope * log2(e) * |diag(i) - n - j| (the slope a 1x1
// tile loaded once) and bias * log2(e) (a block_m x block_n tile per key
// block), before the masks. Such a kernel records no attention fingerprint,
// so the attention emitter never takes it (the general compiler does).
// RUN: aiter-opt %s --aiter-expand | FileCheck %s

// CHECK-LABEL: aiter.kernel @fa_alibi_bias(
// CHECK-SAME: %{{[^:]*}}: memref<?x?x?xf32, strided<[?, ?, ?]>>, %[[SLOPES:[^:]*]]: memref<?x?xf32, strided<[?, ?]>>, %[[BIAS:[^:]*]]: memref<?x?x?x?xbf16, strided<[?, ?, ?, ?]>>)
// CHECK-SAME: aiter.attention = {alibi, bias = bf16,
// CHECK-NOT: aiter.attention_fingerprint
// CHECK: %[[SLOPE:.*]] = aiter.load %[[SLOPES]][%[[B:[a-z0-9_]+]], %[[H:[a-z0-9_]+]]] {{.*}} -> tensor<1x1xf32>
// CHECK-NEXT: %[[NEG_LOG2E:.*]] = arith.constant dense<-1.44269502> : tensor<1x1xf32>
// CHECK-NEXT: %[[NEG_SLOPE:.*]] = arith.mulf %[[SLOPE]], %[[NEG_LOG2E]]
// CHECK-COUNT-2: scf.for
// CHECK: math.tanh
// CHECK-NEXT: %[[CAPPED:.*]] = arith.mulf
// CHECK: %[[DIST:.*]] = arith.subi %{{.*}}, %{{.*}} : tensor<128x64xi32>
// CHECK-NEXT: %[[DISTF:.*]] = arith.sitofp %[[DIST]]
// CHECK-NEXT: %[[ABS:.*]] = math.absf %[[DISTF]]
// CHECK-NEXT: %[[SLOPE_B:.*]] = aiter.broadcast %[[NEG_SLOPE]] : tensor<1x1xf32> -> tensor<128x64xf32>
// CHECK-NEXT: %[[TERM:.*]] = arith.mulf %[[ABS]], %[[SLOPE_B]]
// CHECK-NEXT: %[[WITH_ALIBI:.*]] = arith.addf %[[CAPPED]], %[[TERM]]
// CHECK-NEXT: %[[BT:.*]] = aiter.load %[[BIAS]][%[[B]], %[[H]], %{{.*}}, %{{.*}}] {{.*}} -> tensor<128x64xbf16>
// CHECK-NEXT: %[[BF:.*]] = arith.extf %[[BT]] : tensor<128x64xbf16> to tensor<128x64xf32>
// CHECK-NEXT: %[[LOG2E:.*]] = arith.constant dense<1.44269502> : tensor<128x64xf32>
// CHECK-NEXT: %[[BL:.*]] = arith.mulf %[[BF]], %[[LOG2E]]
// CHECK-NEXT: %[[SCORE:.*]] = arith.addf %[[WITH_ALIBI]], %[[BL]]
// The masks come after both (the masked loop).
// CHECK: arith.cmpi slt
// CHECK: arith.select %{{.*}}, %[[SCORE]]
aiter.attention @fa_alibi_bias : f16 head_dim(64) causal softcap(30.0) alibi bias(bf16) return_lse

// An f32 bias is added without a conversion; without ALiBi there is no slope
// argument.
// CHECK-LABEL: aiter.kernel @fa_bias_f32(
// CHECK-SAME: %{{[^:]*}}: memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, %[[BIAS:[^:]*]]: memref<?x?x?x?xf32, strided<[?, ?, ?, ?]>>)
// CHECK-NOT: aiter.attention_fingerprint
// CHECK: aiter.dot
// CHECK: %[[BT:.*]] = aiter.load %[[BIAS]]{{.*}} -> tensor<128x64xf32>
// CHECK-NEXT: arith.constant dense<1.44269502>
// CHECK-NEXT: arith.mulf %[[BT]]
aiter.attention @fa_bias_f32 : bf16 head_dim(128) bias(f32)

// Without either, the kernel keeps its fingerprint (the emitter may take it).
// CHECK-LABEL: aiter.kernel @fa_plain(
// CHECK-SAME: aiter.attention_fingerprint
aiter.attention @fa_plain : bf16 head_dim(128)
