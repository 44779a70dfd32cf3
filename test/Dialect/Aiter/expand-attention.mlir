// aiter-expand on aiter.attention: each problem op becomes a flash-attention
// forward tile program (Q, K, V, O[, LSE]) with program ids (query tile,
// batch * heads). Verified: layout-dependent `dims` (bhsd: seq = 2, bshd:
// seq = 1; K read transposed), GQA head mapping, the scale folded with
// log2(e) into one constant, softcap's tanh between the two factors, the
// causal/window loop bounds and element masks, the no-key guards, the LSE
// epilogue, and the config attributes per chip.
// RUN: aiter-opt %s --aiter-expand | FileCheck %s --check-prefixes=CHECK,GFX942
// The shared checks assume 64-key blocks, so gfx950 (whose default is 128,
// checked by DEF950) runs them with block_n=64.
// RUN: aiter-opt %s --aiter-expand="chip=gfx950 config=block_n=64" | FileCheck %s --check-prefixes=CHECK,GFX950
// RUN: aiter-opt %s --aiter-expand="chip=gfx950" | FileCheck %s --check-prefix=DEF950
// DEF950: aiter.config = {block_m = 128 : i64, block_n = 128 : i64, mfma = "32x32x16", stages = 2 : i64, waves = 4 : i64}

// CHECK-LABEL: aiter.kernel @fa_bhsd(
// CHECK-SAME: %[[Q:[^:]*]]: memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, %[[K:[^:]*]]: memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, %[[V:[^:]*]]: memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>, %[[O:[^:]*]]: memref<?x?x?x128xbf16, strided<[?, ?, ?, 1]>>)
// GFX942-SAME: aiter.chip = "gfx942"
// GFX942-SAME: aiter.config = {block_m = 128 : i64, block_n = 64 : i64, mfma = "32x32x8", stages = 2 : i64, waves = 4 : i64}
// GFX950-SAME: aiter.chip = "gfx950"
// GFX950-SAME: aiter.config = {block_m = 128 : i64, block_n = 64 : i64, mfma = "32x32x16", stages = 2 : i64, waves = 4 : i64}
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[TQ:.*]] = aiter.program_id 0
// CHECK-DAG: %[[BH:.*]] = aiter.program_id 1
// CHECK-DAG: %[[HEADS:.*]] = memref.dim %[[Q]], %[[C1]]
// CHECK-DAG: %[[HEADS_KV:.*]] = memref.dim %[[K]], %[[C1]]
// CHECK-DAG: %[[SEQ_K:.*]] = memref.dim %[[K]], %[[C2]]
// CHECK-DAG: %[[B:.*]] = arith.divui %[[BH]], %[[HEADS]]
// CHECK-DAG: %[[H:.*]] = arith.remui %[[BH]], %[[HEADS]]
// CHECK-DAG: %[[GROUP:.*]] = arith.divui %[[HEADS]], %[[HEADS_KV]]
// CHECK-DAG: %[[HKV:.*]] = arith.divui %[[H]], %[[GROUP]]
// CHECK-DAG: %[[M0:.*]] = arith.muli %[[TQ]], %{{.*}} : index
// CHECK: %[[QT:.*]] = aiter.load %[[Q]][%[[B]], %[[H]], %[[M0]], %[[C0]]] dims [2, 3] pad 0.000000e+00 : {{.*}} -> tensor<128x128xbf16>
// 1/sqrt(128) * log2(e)
// CHECK-DAG: %[[SCALE:.*]] = arith.constant dense<0.127517432> : tensor<128x64xf32>
// CHECK-DAG: %[[NEG_INF:.*]] = arith.constant dense<0xFF800000> : tensor<128x64xf32>
// Without causal/window every key tile is visited: the whole tiles
// [0, seq_k rounded down to 64) by a loop without masks, the last partial
// one by a loop with the seq_k mask, the softmax state carried from one to
// the other.
// CHECK: %[[KMAX:.*]] = arith.maxsi %[[SEQ_K]], %[[C0]]
// CHECK-NEXT: %[[KDIV:.*]] = arith.divui %[[KMAX]], %[[C64:.*]] : index
// CHECK-NEXT: %[[WHOLE:.*]] = arith.muli %[[KDIV]], %[[C64]]
// CHECK-NEXT: %[[LO:.*]] = arith.minsi %[[C0]], %[[SEQ_K]]
// CHECK-NEXT: %[[HI0:.*]] = arith.minsi %[[WHOLE]], %[[SEQ_K]]
// CHECK-NEXT: %[[HI:.*]] = arith.maxsi %[[HI0]], %[[LO]]
// CHECK-NEXT: %[[R0:.*]]:3 = scf.for %[[N0:.*]] = %[[LO]] to %[[HI]] step %[[C64]] iter_args(
// CHECK-NEXT: aiter.load %[[K]][%[[B]], %[[HKV]], %[[N0]], %[[C0]]] dims [3, 2]
// CHECK-NEXT: aiter.dot
// CHECK-NEXT: %[[SS0:.*]] = arith.mulf
// CHECK-NEXT: aiter.reduce maxnum %[[SS0]] axis 1
// CHECK-NOT: arith.cmpi
// CHECK: scf.yield
// CHECK: %[[R:.*]]:3 = scf.for %[[N:.*]] = %[[HI]] to %[[SEQ_K]] step %[[C64]] iter_args(%{{.*}} = %[[R0]]#0, %{{.*}} = %[[R0]]#1, %{{.*}} = %[[R0]]#2)
// CHECK-NEXT: %[[KT:.*]] = aiter.load %[[K]][%[[B]], %[[HKV]], %[[N]], %[[C0]]] dims [3, 2] pad 0.000000e+00 : {{.*}} -> tensor<128x64xbf16>
// CHECK-NEXT: %[[S:.*]] = aiter.dot %[[QT]], %[[KT]], %{{.*}} -> tensor<128x64xf32>
// CHECK-NEXT: %[[SS:.*]] = arith.mulf %[[S]], %[[SCALE]]
// CHECK-NOT: arith.cmpi sle
// CHECK-NOT: arith.cmpi sge
// CHECK: %[[IN_SEQ:.*]] = arith.cmpi slt
// CHECK-NEXT: %[[SM:.*]] = arith.select %[[IN_SEQ]], %[[SS]], %[[NEG_INF]]
// CHECK-NEXT: aiter.reduce maxnum %[[SM]] axis 1
// CHECK: math.exp2
// CHECK: math.exp2
// CHECK: aiter.reduce sum
// CHECK: %[[VT:.*]] = aiter.load %[[V]][%[[B]], %[[HKV]], %[[N]], %[[C0]]] dims [2, 3] pad 0.000000e+00 : {{.*}} -> tensor<64x128xbf16>
// CHECK-NEXT: %[[ACC:.*]] = aiter.dot %{{.*}}, %[[VT]], %{{.*}} : tensor<128x64xbf16>, tensor<64x128xbf16> -> tensor<128x128xf32>
// CHECK-NEXT: scf.yield %[[ACC]]
// Rows with l = 0 (no key) get 0, not NaN.
// CHECK: %[[LZERO:.*]] = arith.cmpf oeq, %[[R]]#2
// CHECK: %[[LINV:.*]] = arith.divf %{{.*}}, %[[R]]#2
// CHECK-NEXT: arith.select %[[LZERO]], %{{.*}}, %[[LINV]]
// CHECK: %[[OUT:.*]] = arith.truncf %{{.*}} : tensor<128x128xf32> to tensor<128x128xbf16>
// CHECK-NEXT: aiter.store %[[OUT]], %[[O]][%[[B]], %[[H]], %[[M0]], %[[C0]]] dims [2, 3]
// CHECK-NEXT: aiter.return
aiter.attention @fa_bhsd : bf16 head_dim(128) layout(bhsd)

// bshd: sequence is dimension 1, heads dimension 2. An explicit scale(0.5)
// gives 0.5 * log2(e). A window (100, 20) bounds the loop on both sides
// (start rounded down to a key tile) and masks keys outside
// [diag - 100, diag + 20] with diag = row + seq_k - seq_q.
// CHECK-LABEL: aiter.kernel @fa_bshd_window(
// CHECK-SAME: %[[Q:[^:]*]]: memref<?x?x?x64xf16, strided<[?, ?, ?, 1]>>, %[[K:[^:]*]]: memref<?x?x?x64xf16, strided<[?, ?, ?, 1]>>, %[[V:[^:]*]]: memref<?x?x?x64xf16, strided<[?, ?, ?, 1]>>, %[[O:[^:]*]]: memref<?x?x?x64xf16, strided<[?, ?, ?, 1]>>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[HEADS:.*]] = memref.dim %[[Q]], %[[C2]]
// CHECK-DAG: %[[SEQ_Q:.*]] = memref.dim %[[Q]], %[[C1]]
// CHECK-DAG: %[[SEQ_K:.*]] = memref.dim %[[K]], %[[C1]]
// CHECK-DAG: %[[M0:.*]] = arith.muli %{{.*}}, %[[C128:.*]] : index
// CHECK: %[[SHIFT:.*]] = arith.subi %[[SEQ_K]], %[[SEQ_Q]] : index
// CHECK-NEXT: %[[DIAG0:.*]] = arith.addi %[[M0]], %[[SHIFT]] : index
// CHECK-NEXT: %[[C100:.*]] = arith.constant 100 : index
// CHECK-NEXT: %[[LO:.*]] = arith.subi %[[DIAG0]], %[[C100]] : index
// CHECK-NEXT: %[[LO0:.*]] = arith.maxsi %[[LO]], %[[C0]] : index
// CHECK-NEXT: %[[C64:.*]] = arith.constant 64 : index
// CHECK-NEXT: %[[T:.*]] = arith.divui %[[LO0]], %[[C64]] : index
// CHECK-NEXT: %[[START:.*]] = arith.muli %[[T]], %[[C64]] : index
// CHECK-NEXT: %[[ROWS_END:.*]] = arith.addi %[[M0]], %[[C128]] : index
// CHECK-NEXT: %[[LAST:.*]] = arith.minsi %[[ROWS_END]], %[[SEQ_Q]] : index
// CHECK-NEXT: %[[E0:.*]] = arith.addi %[[LAST]], %[[SHIFT]] : index
// CHECK-NEXT: %[[C20:.*]] = arith.constant 20 : index
// CHECK-NEXT: %[[E1:.*]] = arith.addi %[[E0]], %[[C20]] : index
// CHECK-NEXT: %[[END:.*]] = arith.minsi %[[E1]], %[[SEQ_K]] : index
// CHECK-NEXT: aiter.load %[[Q]][%{{.*}}, %[[M0]], %{{.*}}, %[[C0]]] dims [1, 3] pad 0.000000e+00 : {{.*}} -> tensor<128x64xf16>
// CHECK-DAG: %[[SCALE:.*]] = arith.constant dense<0.72134751> : tensor<128x64xf32>
// The blocks every row sees whole, [LO, HI): LO = diag(last row) - 100
// rounded up to a block, HI = min(seq_k, diag(first row) + 21) rounded down;
// a masked loop before them, an unmasked one over them, a masked one after.
// CHECK: %[[C21:.*]] = arith.constant 21 : index
// CHECK-NEXT: %[[R21:.*]] = arith.addi %[[DIAG0]], %[[C21]] : index
// CHECK: %[[L100:.*]] = arith.subi %{{.*}}, %[[C100]] : index
// CHECK-NEXT: %[[C63:.*]] = arith.constant 63 : index
// CHECK-NEXT: arith.addi %[[L100]], %[[C63]] : index
// CHECK: %[[LOB:.*]] = arith.maxsi %{{.*}}, %[[START]] : index
// CHECK-NEXT: %[[LOW_BLOCK:.*]] = arith.minsi %[[LOB]], %[[END]] : index
// CHECK-NEXT: %[[HIB:.*]] = arith.minsi %{{.*}}, %[[END]] : index
// CHECK-NEXT: %[[HIGH_BLOCK:.*]] = arith.maxsi %[[HIB]], %[[LOW_BLOCK]] : index
// CHECK-NEXT: %[[R1:.*]]:3 = scf.for %[[N:.*]] = %[[START]] to %[[LOW_BLOCK]] step %[[C64]]
// CHECK-NEXT: aiter.load %[[K]][%{{.*}}, %[[N]], %{{.*}}, %[[C0]]] dims [3, 1] pad 0.000000e+00 : {{.*}} -> tensor<64x64xf16>
// CHECK-NEXT: %[[S:.*]] = aiter.dot
// CHECK-NEXT: %[[SS:.*]] = arith.mulf %[[S]], %[[SCALE]]
// The masks' tiles, built in the masked loop (LICM hoists them before it).
// CHECK: %[[ROWS:.*]] = aiter.iota : tensor<128xi32>
// CHECK-NEXT: %[[DIAG0_I32:.*]] = arith.index_cast %[[DIAG0]] : index to i32
// CHECK-NEXT: %[[DIAG0_T:.*]] = aiter.broadcast %[[DIAG0_I32]]
// CHECK-NEXT: %[[DIAG:.*]] = arith.addi %[[ROWS]], %[[DIAG0_T]] : tensor<128xi32>
// CHECK-NEXT: %[[DIAG_C:.*]] = aiter.expand_dims %[[DIAG]] axis 1
// CHECK-NEXT: %[[DIAG_B:.*]] = aiter.broadcast %[[DIAG_C]] : tensor<128x1xi32> -> tensor<128x64xi32>
// CHECK-NEXT: %[[R20:.*]] = arith.constant 20 : i32
// CHECK-NEXT: %[[R20_B:.*]] = aiter.broadcast %[[R20]]
// CHECK-NEXT: %[[HI:.*]] = arith.addi %[[DIAG_B]], %[[R20_B]] : tensor<128x64xi32>
// CHECK-NEXT: %[[L100_I32:.*]] = arith.constant 100 : i32
// CHECK-NEXT: %[[L100_B:.*]] = aiter.broadcast %[[L100_I32]]
// CHECK-NEXT: %[[LOW:.*]] = arith.subi %[[DIAG_B]], %[[L100_B]] : tensor<128x64xi32>
// CHECK: %[[KEY:.*]] = arith.addi
// CHECK-NEXT: %[[IN_SEQ:.*]] = arith.cmpi slt, %[[KEY]]
// CHECK-NEXT: %[[LE_HI:.*]] = arith.cmpi sle, %[[KEY]], %[[HI]]
// CHECK-NEXT: %[[V1:.*]] = arith.andi %[[IN_SEQ]], %[[LE_HI]]
// CHECK-NEXT: %[[GE_LO:.*]] = arith.cmpi sge, %[[KEY]], %[[LOW]]
// CHECK-NEXT: %[[V2:.*]] = arith.andi %[[V1]], %[[GE_LO]]
// CHECK-NEXT: arith.select %[[V2]], %[[SS]], %{{.*}}
// CHECK: aiter.load %[[V]][%{{.*}}, %[[N]], %{{.*}}, %[[C0]]] dims [1, 3] pad 0.000000e+00 : {{.*}} -> tensor<64x64xf16>
// CHECK: %[[R2:.*]]:3 = scf.for %{{.*}} = %[[LOW_BLOCK]] to %[[HIGH_BLOCK]] step %[[C64]] iter_args(%{{.*}} = %[[R1]]#0,
// CHECK-NOT: arith.cmpi
// CHECK: scf.yield
// CHECK: scf.for %{{.*}} = %[[HIGH_BLOCK]] to %[[END]] step %[[C64]] iter_args(%{{.*}} = %[[R2]]#0,
// CHECK: arith.cmpi sge
// CHECK: aiter.store %{{.*}}, %[[O]][%{{.*}}, %[[M0]], %{{.*}}, %[[C0]]] dims [1, 3] : tensor<128x64xf16>
aiter.attention @fa_bshd_window : f16 head_dim(64) window(100, 20) scale(0.5)

// Causal (bottom-right aligned): no start bound, the loop ends after the
// last row's diagonal, and a key is visible when key <= diag (right = 0 adds
// nothing). Softcap 30: tanh(s * scale / 30) * (30 * log2(e)). The LSE is
// (m + log2(l)) * ln(2), +inf for a row without keys (as flash-attention).
// CHECK-LABEL: aiter.kernel @fa_causal_softcap_lse(
// CHECK-SAME: %[[LSE:[^:]*]]: memref<?x?x?xf32, strided<[?, ?, ?]>>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[SEQ_K:.*]] = memref.dim %arg1, %c2 :
// CHECK: %[[SHIFT:.*]] = arith.subi %[[SEQ_K]], %{{.*}} : index
// CHECK-NOT: arith.maxsi
// CHECK: %[[LAST:.*]] = arith.minsi
// CHECK-NEXT: %[[E0:.*]] = arith.addi %[[LAST]], %[[SHIFT]] : index
// CHECK-NEXT: %[[END:.*]] = arith.minsi %[[E0]], %[[SEQ_K]] : index
// 1/sqrt(128) / 30 and 30 * log2(e)
// CHECK-DAG: %[[PRE:.*]] = arith.constant dense<0.00294627831> : tensor<128x64xf32>
// CHECK-DAG: %[[POST:.*]] = arith.constant dense<43.2808495> : tensor<128x64xf32>
// Blocks below every row's diagonal (n + 64 <= diag(first row) + 1) need no
// mask: an unmasked loop up to there, a masked one from there to the end.
// CHECK: %[[R0:.*]]:3 = scf.for %{{.*}} = %{{.*}} to %[[MID:.*]] step
// CHECK-NOT: arith.cmpi
// CHECK: scf.yield
// CHECK: %[[R:.*]]:3 = scf.for %{{.*}} = %[[MID]] to %[[END]] step %{{.*}} iter_args(%{{.*}} = %[[R0]]#0,
// CHECK: %[[S:.*]] = aiter.dot
// CHECK-NEXT: %[[S1:.*]] = arith.mulf %[[S]], %[[PRE]]
// CHECK-NEXT: %[[S2:.*]] = math.tanh %[[S1]]
// CHECK-NEXT: %[[S3:.*]] = arith.mulf %[[S2]], %[[POST]]
// CHECK: %[[DIAG_B:.*]] = aiter.broadcast %{{.*}} : tensor<128x1xi32> -> tensor<128x64xi32>
// CHECK-NOT: arith.subi
// CHECK: %[[KEY:.*]] = arith.addi
// CHECK-NEXT: %[[IN_SEQ:.*]] = arith.cmpi slt, %[[KEY]]
// CHECK-NEXT: %[[CAUSAL:.*]] = arith.cmpi sle, %[[KEY]], %[[DIAG_B]]
// CHECK-NEXT: %[[VALID:.*]] = arith.andi %[[IN_SEQ]], %[[CAUSAL]]
// CHECK-NEXT: arith.select %[[VALID]], %[[S3]]
// CHECK-NOT: arith.cmpi sge
// CHECK: scf.yield
// CHECK: %[[LZERO:.*]] = arith.cmpf oeq, %[[R]]#2
// CHECK: aiter.store
// CHECK-NEXT: %[[LOG:.*]] = math.log2 %[[R]]#2 : tensor<128xf32>
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[R]]#1, %[[LOG]]
// CHECK-NEXT: %[[LN2:.*]] = arith.constant dense<0.693147182> : tensor<128xf32>
// CHECK-NEXT: %[[NAT:.*]] = arith.mulf %[[SUM]], %[[LN2]]
// CHECK-NEXT: %[[INF:.*]] = arith.constant dense<0x7F800000> : tensor<128xf32>
// CHECK-NEXT: %[[SAFE:.*]] = arith.select %[[LZERO]], %[[INF]], %[[NAT]]
// CHECK-NEXT: aiter.store %[[SAFE]], %[[LSE]][%{{.*}}, %{{.*}}, %{{.*}}] : tensor<128xf32> -> memref<?x?x?xf32, strided<[?, ?, ?]>>
// CHECK-NEXT: aiter.return
aiter.attention @fa_causal_softcap_lse : bf16 head_dim(128) causal softcap(30.0) return_lse layout(bhsd)

// causal + window(256, 0) = sliding window on the left only: both bounds.
// CHECK-LABEL: aiter.kernel @fa_causal_window(
// CHECK: arith.constant 256 : index
// CHECK: arith.maxsi
// CHECK: scf.for
// CHECK: arith.cmpi sle
// CHECK: arith.cmpi sge
aiter.attention @fa_causal_window : bf16 head_dim(128) causal window(256, 0)

// causal with a window whose right bound is positive folds as
// flash-attention does (causal sets the right bound to 0): the kernel is the
// one for window(128, 0).
// CHECK-LABEL: aiter.kernel @fa_causal_window_right(
// CHECK-SAME: window_left = 128 : i64, window_right = 0 : i64
aiter.attention @fa_causal_window_right : bf16 head_dim(64) causal window(128, 8)
